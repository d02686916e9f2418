//===- SemaLibraryBind.cpp - Binding a library call's arguments -----------===//
//
// Positional arguments and keywords of a numpy or math call matched to the
// function's parameters, with Python's errors worded for llcc (see
// SemaLibraryBind.h). Defaults are left to the callers: each library
// function fills its own (a table default, a None flag, a range pair).
//
//===----------------------------------------------------------------------===//
#include "SemaLibraryBind.h"

#include "BuiltinsLibrary.h"

namespace llcc {
namespace sema {

std::vector<LibParam> parseLibraryParams(const std::string &text) {
  std::vector<LibParam> params;
  bool keywordOnly = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos)
      comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ')
      item.erase(0, 1);
    start = comma + 1;
    if (item == "*") {
      keywordOnly = true;
      continue;
    }
    if (item == "/") {
      for (LibParam &before : params)
        before.positionalOnly = true;
      continue;
    }
    LibParam p;
    size_t eq = item.find('=');
    p.name = item.substr(0, eq);
    if (eq != std::string::npos)
      p.dflt = item.substr(eq + 1);
    p.keywordOnly = keywordOnly;
    params.push_back(p);
  }
  return params;
}

bool bindLibraryArguments(CallExpr &e, const std::string &qualified, const std::string &shown,
                          const std::vector<LibParam> &params, const std::string &paramsText,
                          std::vector<ExprPtr> &slots, bool &ok, const LibraryErrorFn &error) {
  size_t positional = 0;
  while (positional < params.size() && !params[positional].keywordOnly)
    ++positional;
  slots.clear();
  slots.resize(params.size());
  if (e.args.size() > positional) {
    error(e.args[positional]->loc(), shown + " takes at most " + std::to_string(positional) +
                                         " positional argument(s) (" + paramsText + ")");
    ok = false;
    return false;
  }
  for (size_t i = 0; i < e.args.size(); ++i)
    slots[i] = std::move(e.args[i]);
  e.args.clear();
  for (KeywordArg &k : e.keywords) {
    size_t i = 0;
    while (i < params.size() && (params[i].name != k.name || params[i].positionalOnly))
      ++i;
    if (i == params.size()) {
      if (const char *advice = libraryKeywordAdvice(qualified, k.name))
        error(k.loc, advice);
      else
        error(k.loc, "keyword argument '" + k.name + "' is not supported for " + shown +
                         "; its parameters in llcc are (" + paramsText + ")");
      ok = false;
      continue;
    }
    if (slots[i]) {
      error(k.loc, shown + " got multiple values for argument '" + k.name + "'");
      ok = false;
      continue;
    }
    slots[i] = std::move(k.value);
  }
  e.keywords.clear();
  for (size_t i = 0; i < params.size(); ++i)
    if (!slots[i] && params[i].dflt.empty()) {
      error(e.loc(), shown + " is missing its argument '" + params[i].name + "'");
      ok = false;
    }
  return true;
}

} // namespace sema
} // namespace llcc
