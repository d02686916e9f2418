//===- Stdlib.cpp - The standard library step of the pipeline --------------===//
//
// The library is compiled like user code; an error in it is a bug in llcc.
// Only the functions a program may call are added: the sorts when it
// mentions a name that sorts, each numpy or math library function when it
// mentions that function's name, and whatever those call in turn.
//
//===----------------------------------------------------------------------===//
#include "Stdlib.h"

#include "BuiltinsLibrary.h"
#include "Diagnostics.h"
#include "Frontend.h"
#include "StdlibSources.h"

#include <cctype>
#include <set>
#include <sstream>

namespace llcc {

namespace {
/// Whether `word` occurs in `text` as a whole identifier.
bool mentions(const std::string &text, const std::string &word) {
  auto isIdent = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool before = at > 0 && isIdent(text[at - 1]);
    bool after = at + word.size() < text.size() && isIdent(text[at + word.size()]);
    if (!before && !after)
      return true;
  }
  return false;
}
/// Whether `text` has a `{` outside strings and comments: a set or dict
/// display (the fields of an f-string are inside its string).
bool hasDisplayBrace(const std::string &text) {
  size_t i = 0, n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '#') {
      while (i < n && text[i] != '\n')
        ++i;
      continue;
    }
    if (c == '\'' || c == '"') {
      bool triple = i + 2 < n && text[i + 1] == c && text[i + 2] == c;
      size_t quote = triple ? 3 : 1;
      i += quote;
      while (i < n) {
        if (text[i] == '\\') {
          i += 2;
          continue;
        }
        if (text[i] == c && (!triple || (i + 2 < n && text[i + 1] == c && text[i + 2] == c))) {
          i += quote;
          break;
        }
        if (!triple && text[i] == '\n')
          break; // an unterminated string: the parser reports it
        ++i;
      }
      continue;
    }
    if (c == '{')
      return true;
    ++i;
  }
  return false;
}
} // namespace

void addStandardLibrary(const SourceFile &file, Module &module) {
  const std::string &text = file.text();
  std::set<std::string> wanted;
  // (scipy.stats.iqr is np.percentile's, in stdlib/scipy.flt; scipy.stats.mode
  // sorts with np.sort.)
  for (const char *word : {"sort", "median", "percentile", "quantile", "sorted", "most_common",
                           "nsmallest", "nlargest", "iqr", "mode"})
    if (text.find(word) != std::string::npos)
      for (const char *fn :
           {"_llcc_sort", "_llcc_sort_stable", "_llcc_sort_heap", "_llcc_sort_stat",
            "_llcc_python_sort", "_llcc_python_sort_by_key", "_llcc_python_sort_rows",
            "_llcc_python_sort_by_rows", "_llcc_sort_int"})
        wanted.insert(fn);
  for (const std::string &fn : libraryFunctionsMentioned(text))
    wanted.insert(fn);
  // np.sort and np.argsort along an axis of a 2-D array join the sorted
  // lanes with np.concatenate (frontend/SemaLanes.cpp).
  if (text.find("sort") != std::string::npos)
    for (const std::string &fn : libraryFunctionsMentioned("np.concatenate"))
      wanted.insert(fn);
  // The percentiles select as numpy's _quantile does (stdlib/select.flt).
  for (const char *word : {"percentile", "quantile", "iqr"})
    if (text.find(word) != std::string::npos)
      for (const char *fn : {"_llcc_quantile_select", "_llcc_nan_compact"})
        wanted.insert(fn);
  // Reductions with a where= mask (stdlib/where.flt), called by IRGen: the
  // keyword `where` followed by `=` (not `==`).
  bool whereKeyword = false;
  for (size_t at = text.find("where"); at != std::string::npos && !whereKeyword;
       at = text.find("where", at + 1)) {
    size_t i = at + 5;
    while (i < text.size() && text[i] == ' ')
      ++i;
    whereKeyword = i + 1 < text.size() && text[i] == '=' && text[i + 1] != '=';
  }
  if (whereKeyword)
    for (const char *fn : {"_llcc_where_sum", "_llcc_where_mean", "_llcc_where_prod",
                           "_llcc_where_max", "_llcc_where_min"})
      wanted.insert(fn);
  // np.histogram(..., density=True) divides by np.diff of the edges
  // (frontend/SemaHistogram.cpp).
  if (mentions(text, "density"))
    wanted.insert("_llcc_np_diff");
  // heapq and bisect (stdlib/heapq.flt), called where Sema writes their
  // calls (SemaHeapq.cpp).
  if (mentions(text, "heapq"))
    for (const char *fn : {"_llcc_heapq_heapify", "_llcc_heapq_siftdown", "_llcc_heapq_last",
                           "_llcc_heapq_pop", "_llcc_heapq_replace", "_llcc_heapq_pushpop",
                           "_llcc_heapq_nsmallest", "_llcc_heapq_nlargest"})
      wanted.insert(fn);
  // scipy.stats.mode (frontend/SemaStatsMode.cpp writes its calls).
  if (mentions(text, "mode"))
    for (const char *fn : {"_llcc_stats_mode", "_llcc_stats_mode_kept", "_llcc_stats_mode_runs",
                           "_llcc_stats_mode_array", "_llcc_stats_count_array"})
      wanted.insert(fn);
  // np.r_[...] and np.c_[...] become np.concatenate and np.column_stack
  // of np.array items and np.arange slices (frontend/SemaIndexTricks.cpp).
  if (mentions(text, "r_") || mentions(text, "c_"))
    for (const std::string &fn :
         libraryFunctionsMentioned("np.concatenate np.column_stack np.arange np.array"))
      wanted.insert(fn);
  // numpy's window functions are numpy's array expressions over np.arange
  // (stdlib/windows.flt).
  for (const char *word : {"hanning", "hamming", "bartlett", "blackman", "kaiser"})
    if (mentions(text, word))
      for (const std::string &fn : libraryFunctionsMentioned("np.arange"))
        wanted.insert(fn);
  if (mentions(text, "bisect"))
    for (const char *fn : {"_llcc_bisect_left", "_llcc_bisect_right"})
      wanted.insert(fn);
  // Sets iterate in CPython's order (stdlib/sets.flt): set(...), .add() or
  // a display {a, b}.
  if (mentions(text, "set") || hasDisplayBrace(text)) {
    wanted.insert("_llcc_set_order");
    wanted.insert("_llcc_set_combine"); // |, -, ^ of sets
    wanted.insert("_llcc_set_order_snap");
  }
  if (wanted.empty())
    return;
  // Every library function with the text of its body, for the closure.
  struct LibFunction {
    std::unique_ptr<FunctionDef> def;
    std::string body;
  };
  std::vector<LibFunction> all;
  std::vector<std::unique_ptr<SourceFile>> files;
  for (const StdlibSource &src : StdlibSources) {
    files.push_back(std::make_unique<SourceFile>(src.name, src.text));
    const SourceFile &libFile = *files.back();
    std::ostringstream errors;
    DiagnosticEngine libDiags(libFile, errors);
    std::unique_ptr<Module> lib = parseModule(libFile, libDiags);
    if (libDiags.hasErrors())
      throw InternalError("the standard library does not parse:\n" + errors.str());
    // A function's text runs from its line to the next function's.
    std::vector<size_t> lineStart{0};
    for (size_t i = 0; i < libFile.text().size(); ++i)
      if (libFile.text()[i] == '\n')
        lineStart.push_back(i + 1);
    for (size_t k = 0; k < lib->functions.size(); ++k) {
      auto offset = [&](uint32_t line) {
        return line == 0 || line > lineStart.size() ? libFile.text().size()
                                                    : lineStart[line - 1];
      };
      size_t begin = offset(lib->functions[k]->loc.line);
      size_t end = k + 1 < lib->functions.size() ? offset(lib->functions[k + 1]->loc.line)
                                                 : libFile.text().size();
      all.push_back({std::move(lib->functions[k]), libFile.text().substr(begin, end - begin)});
    }
  }
  // The twins of each wanted function, which Sema calls instead: the int
  // twin (`_llcc_np_argsort_int`) for int arrays, the Python-float twin
  // (`_llcc_statistics_stdev_py`) for data of Python floats, the array twin
  // (`_llcc_np_isclose_array`) for an array where the function takes a number,
  // the bool twin (`_llcc_np_flip_bool`) for bool arrays.
  std::set<std::string> twins;
  for (const LibFunction &f : all)
    for (const std::string suffix : {"_int", "_py", "_array", "_bool"}) {
      const std::string &n = f.def->name;
      if (n.size() > suffix.size() &&
          n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          wanted.count(n.substr(0, n.size() - suffix.size())))
        twins.insert(n);
    }
  wanted.insert(twins.begin(), twins.end());
  // The closure of the wanted functions over the names their bodies use
  // (np.sort and np.median in a body call the sorts).
  bool grew = true;
  while (grew) {
    grew = false;
    for (const LibFunction &f : all)
      if (wanted.count(f.def->name) && !wanted.count("_llcc_sort") &&
          (f.body.find("sort(") != std::string::npos || f.body.find("median") != std::string::npos))
        wanted.insert("_llcc_sort");
    for (const LibFunction &f : all) {
      if (!wanted.count(f.def->name))
        continue;
      for (const LibFunction &g : all)
        if (!wanted.count(g.def->name) && mentions(f.body, g.def->name)) {
          wanted.insert(g.def->name);
          grew = true;
        }
    }
  }
  for (LibFunction &f : all) {
    if (!wanted.count(f.def->name))
      continue;
    f.def->isLibrary = true;
    module.functions.push_back(std::move(f.def));
  }
  // Further versions, for calls with other kinds of arguments
  // (np.argsort of a bool array and np.unique's own argsort of floats in
  // one file): a library function's parameters, like a helper's, have one
  // type each, so Sema asks for a fresh copy of the function per kind.
  module.libraryFunction = [](const std::string &name) -> std::unique_ptr<FunctionDef> {
    for (const StdlibSource &src : StdlibSources) {
      std::string text = src.text;
      if (text.find("def " + name + "(") == std::string::npos)
        continue;
      SourceFile libFile(src.name, text);
      std::ostringstream errors;
      DiagnosticEngine libDiags(libFile, errors);
      std::unique_ptr<Module> lib = parseModule(libFile, libDiags);
      for (auto &fn : lib->functions)
        if (fn->name == name) {
          fn->isLibrary = true;
          return std::move(fn);
        }
    }
    return nullptr;
  };
}

} // namespace llcc
