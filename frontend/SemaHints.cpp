//===- SemaHints.cpp - Diagnostics that point at the fix -------------------===//
//
// What Sema adds to an error so that it leads to the fix: "did you mean"
// for a misspelt name (within a small edit distance of the names in scope
// and of the supported library), "not supported" with what to write
// instead for the Python builtins llcc lacks (never "not defined"), the
// decorator to add to a function whose parameters say which SciPy callback
// it is, and the export of an undecorated filter that another filter also
// calls.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <functional>

namespace llcc {
namespace sema {

namespace {

/// Levenshtein distance, with a transposition counted as one edit.
unsigned editDistance(const std::string &a, const std::string &b) {
  std::vector<std::vector<unsigned>> d(a.size() + 1, std::vector<unsigned>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = unsigned(i);
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = unsigned(j);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

/// Python builtins llcc does not compile, with what to write instead.
struct BuiltinHint {
  const char *name;
  const char *instead;
};
const BuiltinHint UnsupportedBuiltins[] = {
    {"map", "pass map(f, a) to sum, min, max, sorted, list, any, all or set, or loop over it "
            "(for x in map(f, a)), where a lambda holds no comprehension"},
    {"filter", "pass filter(f, a) to sum, min, max, sorted, list, any, all or set, or loop over "
               "it (for x in filter(f, a)), where a lambda holds no comprehension"},
    {"list", "use np.array(...), np.zeros(n) or [0.0] * n"},
    {"tuple", "use separate variables or an array"},
    {"dict", "use arrays indexed by int"},
    {"set", "use an array and np.sort or a loop"},
    {"frozenset", "use an array"},
    {"str", "llcc's str() takes one number, str or numpy array, as in str(x); or write an f-string"},
    {"repr", "llcc's repr() takes one number, str or numpy array, as in repr(x); or write an f-string with !r"},
    {"format", "use an f-string with a format spec, f\"{x:.3f}\""},
    {"type", "types are fixed at compile time in llcc; drop the check"},
    {"hash", "write the arithmetic you need"},
    {"id", "compare values with =="},
    {"chr", "llcc has no text type for characters"},
    {"ord", "llcc has no text type for characters"},
    {"hex", "use an f-string with :x, as in f\"{n:x}\""},
    {"bin", "count bits with n.bit_count() or bin(n).count('1') (also .count('0') and "
            "len(bin(n))), or format with an f-string, f\"{n:b}\""},
    {"oct", "use an f-string with :o, as in f\"{n:o}\""},
    {"iter", "loop with 'for'"},
    {"next", "loop with 'for' and 'break'"},
    {"slice", "write the slice in the subscript, a[i:j]"},
    {"complex", "llcc computes with real numbers"},
    {"open", "a filter cannot do I/O; pass the data as an array"},
    {"input", "a filter cannot do I/O; pass values as parameters"},
    {"getattr", "write the attribute"},
    {"setattr", "assign to a variable"},
    {"hasattr", "types are fixed at compile time in llcc; drop the check"},
    {"callable", "types are fixed at compile time in llcc; drop the check"},
    {"eval", "write the expression"},
    {"exec", "write the statements"},
    {"globals", "use module-level constants by name"},
    {"locals", "use the variables by name"},
    {"vars", "use the variables by name"},
    {"dir", "llcc has no introspection"},
    {"help", "llcc has no introspection"},
    {"object", "llcc has no classes"},
    {"super", "llcc has no classes"},
    {"property", "llcc has no classes"},
    {"staticmethod", "llcc has no classes"},
    {"classmethod", "llcc has no classes"},
    {"issubclass", "llcc has no classes"},
    {"bytes", "llcc has no byte strings"},
    {"bytearray", "llcc has no byte strings"},
    {"memoryview", "index the array directly"},
    {"ascii", "use an f-string with !a, as in f\"{s!a}\""},
    {"exit", "raise an exception instead"},
    {"quit", "raise an exception instead"},
    {"breakpoint", "debug with print() or under CPython"},
    {"compile", "llcc.compile is the Python package's, not the filter's"},
};

/// The advice for a scipy.special function of SciPy's cephes code that
/// llcc has not ported bit for bit.
const char *const CephesNotPorted =
    "SciPy computes it with its cephes library, which llcc reproduces bit for bit only for erf, "
    "erfc, erfcinv, ndtr, ndtri, gamma, gammaln, xlog1py, psi, beta, betaln, gammainc, "
    "gammaincc, j0, j1, y0, y1, i0 and i1 so far";
/// The advice for a method of scipy.stats.norm other than cdf.
const char *const NormCdfOnly =
    "llcc compiles only the cdf of scipy.stats.norm (scipy.special.ndtri is the standard "
    "normal's ppf, with SciPy's cephes values)";

/// math and numpy functions that exist in CPython 3.11 and numpy 1.24 but
/// not in llcc, with what to write instead: the name is not misspelt, so a
/// "did you mean" to a neighbour in spelling (math.cbrt to math.sqrt)
/// would point the wrong way.
const std::pair<const char *, const char *> UnsupportedMembers[] = {
    {"math.cbrt", "write math.copysign(abs(x) ** (1 / 3), x) (it may differ from the C library's "
                  "cbrt in the last bit)"},
    {"math.exp2", "np.exp2(x) calls the same C library exp2"},
    {"math.ldexp", "write x * 2.0 ** i (the same unless the result overflows or is subnormal)"},
    {"math.frexp", "llcc has no way to return the pair; use math.log2 for the exponent"},
    {"math.modf", "write math.fmod(x, 1.0) and x - math.fmod(x, 1.0)"},
    {"numpy.polyfit", "numpy fits by least squares with LAPACK's SVD, which llcc does not "
                      "reproduce bit for bit; for deg=1 write the closed form slope = "
                      "np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2) "
                      "and intercept = y.mean() - slope * x.mean()"},
    {"numpy.nanprod", "loop over the values, skipping those with math.isnan(v)"},
    {"numpy.array_equal", "use len(a) == len(b) and np.all(a == b)"},
    {"numpy.tile", "use np.concatenate((a, a))"},
    {"numpy.indices", "llcc keeps its grids only unpacked into two names where it is assigned: "
                      "yy, xx = np.indices((5, 5)), or with arithmetic yy, xx = np.indices((3, "
                      "3)) - 1"},
    {"numpy.meshgrid", "llcc keeps its grids only unpacked into two names where it is assigned: "
                       "xx, yy = np.meshgrid(x, y)"},
    // scipy.stats.norm's other methods: its cdf alone is compiled.
    {"scipy.stats.norm.pdf", NormCdfOnly},
    {"scipy.stats.norm.logpdf", NormCdfOnly},
    {"scipy.stats.norm.logcdf", NormCdfOnly},
    {"scipy.stats.norm.sf", NormCdfOnly},
    {"scipy.stats.norm.ppf", NormCdfOnly},
    {"scipy.stats.norm.isf", NormCdfOnly},
    // scipy.special functions SciPy computes with its own cephes code that
    // llcc has not ported (stdlib/cephes.flt, bessel.flt, psibeta.flt and
    // igam.flt have those it has).
    {"scipy.special.betainc", CephesNotPorted},
    {"scipy.special.gammaincinv", CephesNotPorted},
    {"scipy.special.gammainccinv", CephesNotPorted},
    {"scipy.special.polygamma", CephesNotPorted},
    {"scipy.special.zeta", CephesNotPorted},
};

} // namespace

/// "; write int(math.sqrt(n)) ..." for a math or numpy function llcc lacks,
/// or "".
static std::string unsupportedMemberAdvice(const std::string &qualified) {
  for (auto &[name, advice] : UnsupportedMembers)
    if (qualified == name)
      return std::string("; ") + advice;
  return "";
}

/// "; did you mean 'total'?" for a misspelt name, or "".
std::string Sema::suggestName(const std::string &name) {
  // Errors past the printed ones need no suggestion (and a file of
  // thousands of undefined names must not cost thousands of searches).
  if (!reporting_ || diags_.errorCount() >= DiagnosticEngine::MaxPrinted)
    return "";
  std::vector<std::string> candidates;
  for (auto &[n, _] : locals_)
    candidates.push_back(n);
  for (auto &[n, _] : constants_)
    candidates.push_back(n);
  for (auto &[n, _] : functions_)
    candidates.push_back(n);
  for (auto &[n, _] : moduleAliases_)
    candidates.push_back(n);
  for (auto &[n, _] : fromNames_)
    candidates.push_back(n);
  for (const std::string &n : supportedMembers(""))
    candidates.push_back(n);
  for (const char *n : {"True", "False", "None", "print", "range"})
    candidates.push_back(n);
  return closest(name, candidates, "");
}

/// "; did you mean 'np.mean'?" for a misspelt module member, or "".
std::string Sema::suggestMember(const std::string &module, const std::string &alias,
                                const std::string &attr) {
  if (diags_.errorCount() >= DiagnosticEngine::MaxPrinted)
    return "";
  std::string qualified = module + "." + attr;
  if (std::string advice = unsupportedMemberAdvice(qualified); !advice.empty())
    return advice;
  static const char *const RealNames[] = {
#include "RealModuleNames.inc"
  };
  if (std::binary_search(std::begin(RealNames), std::end(RealNames), qualified,
                         [](const std::string &a, const std::string &b) { return a < b; }))
    return ""; // numpy's or Python's own name, not a misspelling of another
  return closest(attr, supportedMembers(module), alias + ".", 3);
}

std::string Sema::notSupportedMember(const std::string &module, const std::string &alias,
                                     const std::string &attr) {
  std::string message = "'" + module + "." + attr + "' is not supported in llcc";
  std::string hint = suggestMember(module, alias.empty() ? module : alias, attr);
  // Advice says what to write; otherwise the names are one command away
  // (a list of hundreds in the message would bury it).
  if (hint.empty())
    hint = "; `llcc --list-builtins` lists the supported names";
  else if (hint.rfind("; did you mean", 0) == 0)
    hint += " (`llcc --list-builtins` lists the supported names)";
  return message + hint;
}

std::string Sema::closest(const std::string &name, const std::vector<std::string> &candidates,
                          const std::string &prefix, size_t most) {
  // One edit for short names, two for longer ones, as a reader would
  // still recognise the word; the `most` nearest, nearest first.
  unsigned limit = name.size() <= 3 ? 1 : name.size() <= 8 ? 2 : 3;
  std::vector<std::pair<unsigned, std::string>> near;
  for (const std::string &c : candidates) {
    if (c == name || c.empty())
      continue;
    size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap > limit)
      continue; // at least `gap` edits apart

    unsigned d = editDistance(name, c);
    // Case differences alone (`NP`, `Mean`) count as one edit.
    std::string lower = name, lowerC = c;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    std::transform(lowerC.begin(), lowerC.end(), lowerC.begin(), ::tolower);
    if (lower == lowerC)
      d = 1;
    if (d <= limit)
      near.push_back({d, c});
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  if (near.size() > most)
    near.resize(most);
  std::string names;
  for (size_t i = 0; i < near.size(); ++i)
    names += (i == 0                 ? ""
              : i + 1 == near.size() ? " or "
                                     : ", ") +
             ("'" + prefix) + near[i].second + "'";
  return near.empty() ? "" : "; did you mean " + names + "?";
}

/// For a Python builtin llcc does not compile: "'zip' is a Python builtin
/// that llcc does not support; loop with ...". Empty for other names.
std::string Sema::unsupportedBuiltin(const std::string &name) {
  for (const BuiltinHint &h : UnsupportedBuiltins)
    if (name == h.name)
      return "'" + name + "' is a Python builtin that llcc does not support; " + h.instead;
  return "";
}

/// A function without a decorator whose parameters name another kind of
/// callback: `def f(iline, oline)` is generic_filter1d's, `def f(output_coords)`
/// geometric_transform's. Reported instead of compiling it as a filter.
bool Sema::reportMissingDecorator(FunctionDef &fn) {
  if (!fn.decorators.empty() || fn.isLibrary || fn.params.empty())
    return false;
  auto named = [&](size_t i, std::initializer_list<const char *> names) {
    if (i >= fn.params.size())
      return false;
    for (const char *n : names)
      if (fn.params[i].name == n)
        return true;
    return false;
  };
  const char *decorator = nullptr;
  const char *what = nullptr;
  if (named(0, {"iline", "input_line", "in_line", "line_in"}) &&
      named(1, {"oline", "output_line", "out_line", "line_out"})) {
    decorator = "@llcc.filter1d";
    what = "a generic_filter1d callback (iline, oline)";
  } else if (named(0, {"output_coords", "out_coords", "output_coordinates", "coords"})) {
    decorator = "@llcc.transform";
    what = "a geometric_transform callback (output_coords)";
  }
  if (!decorator) {
    // `def f(x, a, b)`: perhaps an integrand; said only if it fails as a filter.
    if (named(0, {"x", "t", "r", "theta", "phi", "z", "u"}))
      integrandLike_.insert(&fn);
    return false;
  }
  diags_.error(fn.nameLoc, "'" + fn.name + "' looks like " + what +
                               ", but without a decorator llcc compiles it as a generic_filter "
                               "callback; add " + decorator + " above 'def " + fn.name +
                               "' (with 'import llcc')");
  return true;
}

void Sema::noteIntegrand(const FunctionDef *fn) {
  if (!fn || !integrandLike_.erase(fn))
    return;
  diags_.note(fn->nameLoc, "'" + fn->name + "' has no decorator, so llcc compiles it as a "
                           "generic_filter callback whose '" + fn->params[0].name +
                           "' is the window of values; if it is a quad integrand, add "
                           "@llcc.integrand above it (with 'import llcc')");
}

/// A library function's body is typed for the arguments of the user's call;
/// an argument the library's own checks let through but its body cannot
/// take is reported at that call, never at a position in the library's text
/// (past the end of the user's file). After an earlier error it is a
/// follow-on of that error (`heapq.heapify(values)` already reported) and
/// says nothing.
void Sema::libraryError(const std::string &message) {
  if (diags_.hasErrors())
    return;
  const FunctionDef *f = fn_;
  SourceLoc site;
  std::set<const FunctionDef *> seen;
  while (f && f->isLibrary && seen.insert(f).second) {
    auto it = librarySites_.find(f);
    if (it == librarySites_.end() || it->second.empty())
      break;
    const auto &[caller, pos] = *it->second.begin();
    site = SourceLoc{pos.first, pos.second};
    f = caller;
  }
  if (!f || f->isLibrary || !site.isValid())
    throw InternalError("an error in llcc's library function '" + fn_->name +
                        "' that no call of the program reaches: " + message);
  if (reported_.insert({site.line, site.col, message}).second)
    diags_.error(site, "llcc's library cannot compile this call with these arguments (in its '" +
                           fn_->name + "'): " + message);
}

/// An undecorated function that another function calls is a helper; when it
/// is also a complete filter (called with the window, its other parameters
/// constants of their defaults' types, returning a number), it is exported
/// as well, as its name says it is in the Python module.
void Sema::exportCalledFilters(bool &exported) {
  exported = false;
  for (auto &fnPtr : module_.functions) {
    FunctionDef &fn = *fnPtr;
    // Helpers the compiler made (llcc.reduce.1, llcc.next.1) are no names
    // of the Python module.
    if (fn.localName.rfind("llcc.", 0) == 0)
      continue;
    if (fn.fkind != FunctionKind::Helper || fn.isLibrary || fn.kindCopy || !fn.decorators.empty() ||
        fn.params.empty() || fn.locals.empty() || fn.locals[0].type != Type::FloatArray ||
        !fn.locals[0].readonlyArray || !isNumeric(fn.returnType) || fn.params[0].defaultValue)
      continue;
    bool fits = true;
    for (size_t i = 1; i < fn.params.size() && fits; ++i) {
      ConstValue v;
      fits = fn.params[i].defaultValue && foldConstant(*fn.params[i].defaultValue, v) &&
             (v.type == fn.locals[i].type ||
              (v.type == Type::None && fn.locals[i].mayBeNone && isNumeric(fn.locals[i].type)));
    }
    // A filter may not rebind its window (`values = np.sort(values)`).
    std::function<bool(const Block &)> rebinds = [&](const Block &block) {
      for (const auto &stmt : block) {
        auto targets = [&](const Expr *t) {
          auto *n = dyn_cast<NameExpr>(t);
          return n && n->name == fn.params[0].name;
        };
        if (auto *a = dyn_cast<AssignStmt>(stmt.get())) {
          for (auto &t : a->targets)
            if (targets(t.get()))
              return true;
        } else if (auto *a = dyn_cast<AugAssignStmt>(stmt.get())) {
          if (targets(a->target.get()))
            return true;
        } else if (auto *s = dyn_cast<ForStmt>(stmt.get())) {
          if (targets(s->target.get()) || rebinds(s->body) || rebinds(s->elseBody))
            return true;
        } else if (auto *s = dyn_cast<WhileStmt>(stmt.get())) {
          if (rebinds(s->body) || rebinds(s->elseBody))
            return true;
        } else if (auto *s = dyn_cast<IfStmt>(stmt.get())) {
          if (rebinds(s->thenBody) || rebinds(s->elseBody))
            return true;
        } else if (isa<TryStmt>(stmt.get())) {
          bool any = false;
          forEachChildBlock(*stmt, [&](Block &b) { any = any || rebinds(b); });
          if (any)
            return true;
        }
      }
      return false;
    };
    if (!fits || rebinds(fn.body))
      continue;
    fn.fkind = FunctionKind::Filter;
    setUpKindParams(fn);
    exported = true;
  }
}

} // namespace sema
} // namespace llcc
