//===- Builtins.cpp - The table of builtins and library names -------------===//
//
// Python builtins, and the scalar members of `math` and `numpy` that filters
// use. Both spellings numpy offers (np.arcsin and math's asin) map to the
// same C function; math.* entries carry CPython's domain and range checks.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"

#include "BuiltinsLibrary.h"
#include <map>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace llcc {

namespace {

using R = BuiltinResult;

// name, min args, max args, result, CPython math checks, libm function
const BuiltinFunction Functions[] = {
    // Python builtins.
    {"abs", 1, 1, R::SameNumeric, false, ""},
    {"min", 1, 64, R::JoinOrElem, false, ""},
    {"max", 1, 64, R::JoinOrElem, false, ""},
    {"len", 1, 1, R::Int, false, ""},
    {"int", 1, 1, R::Int, false, ""},
    {"float", 1, 1, R::Float, false, ""},
    {"bool", 1, 1, R::Bool, false, ""},
    {"round", 1, 2, R::Round, false, ""},
    {"range", 1, 3, R::Special, false, ""},
    {"sum", 1, 1, R::Special, false, ""},
    {"pow", 2, 2, R::Special, false, ""},
    {"divmod", 2, 2, R::Special, false, ""},    // a tuple (SemaCalls.cpp typeOfDivmod)
    {"enumerate", 1, 2, R::Special, false, ""}, // for-loop iterables (SemaTuple.cpp)
    {"zip", 1, 8, R::Special, false, ""},
    {"reversed", 1, 1, R::Special, false, ""},
    {"list", 0, 1, R::Special, false, ""},
    {"set", 0, 1, R::Special, false, ""},
    {"dict", 0, 0, R::Special, false, ""},
    // collections.defaultdict(int) / (float): a dict whose missing keys read
    // as 0 (inserted), SemaContainers.cpp.
    {"collections.defaultdict", 1, 1, R::Special, false, "", ScalarOp::None, "", "default_factory"},
    // itertools: the lists of tuples they yield, SemaItertools.cpp.
    {"itertools.combinations", 2, 2, R::Special, false, "", ScalarOp::None, "", "iterable, r"},
    {"itertools.permutations", 2, 2, R::Special, false, "", ScalarOp::None, "", "iterable, r"},
    {"itertools.product", 1, 8, R::Special, false, "", ScalarOp::None, "", "*iterables, repeat=1"},
    {"itertools.pairwise", 1, 1, R::Special, false, "", ScalarOp::None, "", "iterable"},
    // for k, g in itertools.groupby(xs): a loop over the runs, SemaGroupby.cpp.
    {"itertools.groupby", 1, 2, R::Special, false, "", ScalarOp::None, "", "iterable, key=None"},
    // The folds: each call a nested helper's loop, SemaFolds.cpp.
    {"itertools.accumulate", 1, 2, R::Special, false, "", ScalarOp::None, "",
     "iterable, func=None, *, initial=None"},
    {"functools.reduce", 2, 3, R::Special, false, "", ScalarOp::None, "",
     "function, iterable, initial"},
    // collections.Counter(iterable): a dict of int counts (SemaCounter.cpp).
    {"collections.Counter", 0, 1, R::Special, false, ""},
    // math: float functions with CPython's error checks.
    {"math.sqrt", 1, 1, R::Float, true, "sqrt"},
    {"math.exp", 1, 1, R::Float, true, "exp"},
    {"math.log", 1, 2, R::Float, true, "log"}, // log(x, base): codegen/IRGenBuiltins.cpp
    {"math.log2", 1, 1, R::Float, true, "log2"},
    {"math.log10", 1, 1, R::Float, true, "log10"},
    {"math.sin", 1, 1, R::Float, true, "sin"},
    {"math.cos", 1, 1, R::Float, true, "cos"},
    {"math.tan", 1, 1, R::Float, true, "tan"},
    {"math.asin", 1, 1, R::Float, true, "asin"},
    {"math.acos", 1, 1, R::Float, true, "acos"},
    {"math.atan", 1, 1, R::Float, true, "atan"},
    {"math.atan2", 2, 2, R::Float, true, "atan2"},
    {"math.sinh", 1, 1, R::Float, true, "sinh"},
    {"math.cosh", 1, 1, R::Float, true, "cosh"},
    {"math.tanh", 1, 1, R::Float, true, "tanh"},
    {"math.hypot", 0, 1000000, R::Float, false, ""},
    {"math.dist", 2, 2, R::Special, false, ""},
    {"math.pow", 2, 2, R::Float, true, "pow"},
    {"math.fabs", 1, 1, R::Float, false, "fabs"},
    {"math.copysign", 2, 2, R::Float, false, "copysign"},
    {"math.floor", 1, 1, R::Int, false, "floor"},
    {"math.ceil", 1, 1, R::Int, false, "ceil"},
    {"math.trunc", 1, 1, R::Int, false, "trunc"},
    {"math.isnan", 1, 1, R::Bool, false, ""},
    {"math.isinf", 1, 1, R::Bool, false, ""},
    {"math.isfinite", 1, 1, R::Bool, false, ""},
    // numpy: float64 semantics, no exceptions (nan/inf results instead).
    {"numpy.sqrt", 1, 1, R::Float, false, "sqrt"},
    {"numpy.exp", 1, 1, R::Float, false, "exp"},
    {"numpy.log", 1, 1, R::Float, false, "log"},
    {"numpy.log2", 1, 1, R::Float, false, "log2"},
    {"numpy.log10", 1, 1, R::Float, false, "log10"},
    {"numpy.sin", 1, 1, R::Float, false, "sin"},
    {"numpy.cos", 1, 1, R::Float, false, "cos"},
    {"numpy.tan", 1, 1, R::Float, false, "tan"},
    {"numpy.arcsin", 1, 1, R::Float, false, "asin"},
    {"numpy.arccos", 1, 1, R::Float, false, "acos"},
    {"numpy.arctan", 1, 1, R::Float, false, "atan"},
    {"numpy.arctan2", 2, 2, R::Float, false, "atan2"},
    {"numpy.arctanh", 1, 1, R::Float, false, "atanh"},
    {"numpy.arcsinh", 1, 1, R::Float, false, "asinh"},
    {"numpy.arccosh", 1, 1, R::Float, false, "acosh"},
    {"numpy.sinh", 1, 1, R::Float, false, "sinh"},
    {"numpy.cosh", 1, 1, R::Float, false, "cosh"},
    {"numpy.tanh", 1, 1, R::Float, false, "tanh"},
    {"numpy.cbrt", 1, 1, R::Float, false, "cbrt"},
    {"numpy.hypot", 2, 2, R::Float, false, "hypot"},
    {"numpy.power", 2, 2, R::Float, false, "pow"},
    {"numpy.fabs", 1, 1, R::Float, false, "fabs"},
    {"numpy.copysign", 2, 2, R::Float, false, "copysign"},
    {"numpy.floor", 1, 1, R::Float, false, "floor"},
    {"numpy.ceil", 1, 1, R::Float, false, "ceil"},
    {"numpy.trunc", 1, 1, R::Float, false, "trunc"},
    {"numpy.isnan", 1, 1, R::Bool, false, ""},
    {"numpy.isinf", 1, 1, R::Bool, false, ""},
    {"numpy.isfinite", 1, 1, R::Bool, false, ""},
    {"numpy.abs", 1, 1, R::SameNumeric, false, ""},
    {"numpy.absolute", 1, 1, R::SameNumeric, false, ""},
    {"numpy.float64", 1, 1, R::Float, false, ""},
    // Array functions: reductions, constructors, elementwise selections.
    {"numpy.sum", 1, 1, R::Reduce, false, ""},
    {"numpy.prod", 1, 1, R::Reduce, false, ""},
    {"numpy.mean", 1, 1, R::Reduce, false, ""},
    {"numpy.min", 1, 1, R::Reduce, false, ""},
    {"numpy.max", 1, 1, R::Reduce, false, ""},
    {"numpy.amin", 1, 1, R::Reduce, false, ""},
    {"numpy.amax", 1, 1, R::Reduce, false, ""},
    {"numpy.argmin", 1, 1, R::Reduce, false, ""},
    {"numpy.argmax", 1, 1, R::Reduce, false, ""},
    // a tuple of numpy ints (SemaUnravel.cpp, IRGen genUnravelIndex)
    {"numpy.unravel_index", 2, 2, R::Special, false, "", ScalarOp::None, "", "indices, shape"},
    {"numpy.std", 1, 1, R::Reduce, false, ""},
    {"numpy.var", 1, 1, R::Reduce, false, ""},
    {"numpy.median", 1, 1, R::Reduce, false, ""},
    {"numpy.percentile", 2, 2, R::Reduce, false, ""},
    {"numpy.quantile", 2, 2, R::Reduce, false, ""},
    {"numpy.ptp", 1, 1, R::Reduce, false, ""},
    {"numpy.any", 1, 1, R::Reduce, false, ""},
    {"numpy.all", 1, 1, R::Reduce, false, ""},
    {"numpy.count_nonzero", 1, 1, R::Reduce, false, ""},
    {"numpy.nansum", 1, 1, R::Reduce, false, ""},
    {"numpy.nanmean", 1, 1, R::Reduce, false, ""},
    {"numpy.nanmin", 1, 1, R::Reduce, false, ""},
    {"numpy.nanmax", 1, 1, R::Reduce, false, ""},
    {"numpy.nanmedian", 1, 1, R::Reduce, false, ""},
    {"numpy.nanstd", 1, 1, R::Reduce, false, ""},
    {"numpy.nanvar", 1, 1, R::Reduce, false, ""},
    {"any", 1, 1, R::Reduce, false, ""},
    {"all", 1, 1, R::Reduce, false, ""},
    {"numpy.empty", 1, 1, R::NewArray, false, ""},
    {"numpy.zeros", 1, 1, R::NewArray, false, ""},
    {"numpy.ones", 1, 1, R::NewArray, false, ""},
    {"numpy.full", 2, 2, R::NewArray, false, ""},
    {"numpy.array", 1, 1, R::NewArray, false, ""},
    {"numpy.copy", 1, 1, R::NewArray, false, ""},
    {"numpy.sort", 1, 1, R::NewArray, false, ""},
    {"sorted", 1, 1, R::NewArray, false, ""},
    {"numpy.where", 3, 3, R::Elementwise, false, ""},
    // Shapes and products of arrays (frontend/SemaWindow.cpp).
    {"numpy.reshape", 2, 2, R::Special, false, ""},
    {"numpy.ravel", 1, 1, R::Special, false, ""},
    {"numpy.transpose", 1, 1, R::Special, false, ""},
    {"numpy.size", 1, 1, R::Special, false, ""},
    {"numpy.ndim", 1, 1, R::Special, false, ""},
    {"numpy.matmul", 2, 2, R::Special, false, ""},
    {"numpy.outer", 2, 2, R::Special, false, ""},
    // 2-D arrays from 1-D ones (frontend/SemaStack.cpp).
    {"numpy.stack", 1, 1, R::Special, false, ""},
    {"numpy.vstack", 1, 1, R::Special, false, ""},
    {"numpy.column_stack", 1, 1, R::Special, false, ""},
    {"numpy.clip", 3, 3, R::Elementwise, false, ""},
};

struct ConstantEntry {
  const char *qualifiedName;
  double value;
};

const ConstantEntry Constants[] = {
    {"math.pi", M_PI},
    {"math.e", M_E},
    {"math.tau", 2 * M_PI},
    {"math.inf", std::numeric_limits<double>::infinity()},
    {"math.nan", std::numeric_limits<double>::quiet_NaN()},
    {"numpy.pi", M_PI},
    {"numpy.e", M_E},
    {"numpy.inf", std::numeric_limits<double>::infinity()},
    {"numpy.nan", std::numeric_limits<double>::quiet_NaN()},
};

} // namespace

const BuiltinFunction *findBuiltinFunction(const std::string &qualifiedName) {
  for (const BuiltinFunction &f : Functions)
    if (qualifiedName == f.qualifiedName)
      return &f;
  return findLibraryFunction(qualifiedName);
}

std::vector<const BuiltinFunction *> allBuiltinFunctions() {
  std::vector<const BuiltinFunction *> all;
  for (const BuiltinFunction &f : Functions)
    all.push_back(&f);
  for (const BuiltinFunction *f : libraryFunctions())
    all.push_back(f);
  return all;
}

bool findBuiltinConstant(const std::string &qualifiedName, double &value) {
  for (const ConstantEntry &c : Constants) {
    if (qualifiedName == c.qualifiedName) {
      value = c.value;
      return true;
    }
  }
  return false;
}

namespace {
/// The modules a filter may import (scipy itself for `scipy.stats.skew`).
const char *const KnownModules[] = {"numpy",
                                    "numpy.linalg",
                                    "math",
                                    "llcc",
                                    "statistics",
                                    "collections",
                                    "itertools",
                                    "numbers",
                                    "heapq",
                                    "bisect",
                                    "scipy",
                                    "scipy.stats",
                                    "scipy.special",
                                    "sys",
                                    "functools",
                                    "operator",
                                    "scipy.stats.norm",
                                    "numpy.lib.stride_tricks"};
/// Objects of scipy.stats whose methods llcc compiles as members of a
/// module (scipy.stats.norm.cdf), though Python cannot import them.
const char *const DistributionObjects[] = {"scipy.stats.norm"};
} // namespace

bool isDistributionObject(const std::string &name) {
  for (const char *m : DistributionObjects)
    if (name == m)
      return true;
  return false;
}

bool isKnownModule(const std::string &name) {
  for (const char *m : KnownModules)
    if (name == m)
      return true;
  return false;
}

namespace {
const RewrittenFunction Rewritten[] = {
    {"heapq.heapify", "_llcc_heapq_heapify", "x"},
    {"heapq.heappush", "_llcc_heapq_siftdown", "heap, item"},
    {"heapq.heappop", "_llcc_heapq_pop", "heap"},
    {"heapq.heapreplace", "_llcc_heapq_replace", "heap, item"},
    {"heapq.heappushpop", "_llcc_heapq_pushpop", "heap, item"},
    {"heapq.nsmallest", "_llcc_heapq_nsmallest", "n, iterable"},
    {"heapq.nlargest", "_llcc_heapq_nlargest", "n, iterable"},
    {"bisect.bisect_left", "_llcc_bisect_left", "a, x, lo=0, hi=None"},
    {"bisect.bisect_right", "_llcc_bisect_right", "a, x, lo=0, hi=None"},
    {"bisect.bisect", "_llcc_bisect_right", "a, x, lo=0, hi=None"},
    {"bisect.insort_left", "_llcc_bisect_left", "a, x, lo=0, hi=None"},
    {"bisect.insort_right", "_llcc_bisect_right", "a, x, lo=0, hi=None"},
    {"bisect.insort", "_llcc_bisect_right", "a, x, lo=0, hi=None"},
    // A list with its methods rewritten (SemaDeque.cpp), no library function.
    {"collections.deque", "", "iterable=(), maxlen=None"},
    // A tuple of the mode and its count (SemaStatsMode.cpp writes the call).
    {"scipy.stats.mode", "", "a, axis=0, nan_policy='propagate', keepdims=None"},
};
} // namespace

const RewrittenFunction *findRewrittenFunction(const std::string &qualifiedName) {
  for (const RewrittenFunction &f : Rewritten)
    if (qualifiedName == f.qualifiedName)
      return &f;
  return nullptr;
}

std::vector<std::string> supportedMembers(const std::string &module) {
  std::vector<std::string> names;
  std::string prefix = module + ".";
  if (module == "llcc")
    return {"filter", "filter1d", "transform", "integrand"};
  if (module == "operator")
    return operatorMembers(); // SemaOperator.cpp
  if (module.empty()) {
    // The Python builtins: names without a module (not the library's own).
    for (const BuiltinFunction &f : Functions)
      if (!std::strchr(f.qualifiedName, '.') && f.qualifiedName[0] != '_')
        names.push_back(f.qualifiedName);
    std::sort(names.begin(), names.end());
    return names;
  }
  for (const BuiltinFunction *f : allBuiltinFunctions()) {
    std::string member = f->qualifiedName;
    // A ufunc's methods (numpy.subtract.reduce) are no names of the module.
    bool method = member.size() > 7 && (member.compare(member.size() - 7, 7, ".reduce") == 0 ||
                                        member.find(".accumulate") != std::string::npos);
    if (!method && std::strncmp(f->qualifiedName, prefix.c_str(), prefix.size()) == 0)
      names.push_back(f->qualifiedName + prefix.size());
  }
  for (const ConstantEntry &c : Constants)
    if (std::strncmp(c.qualifiedName, prefix.c_str(), prefix.size()) == 0)
      names.push_back(c.qualifiedName + prefix.size());
  for (const RewrittenFunction &f : Rewritten)
    if (std::strncmp(f.qualifiedName, prefix.c_str(), prefix.size()) == 0)
      names.push_back(f.qualifiedName + prefix.size());
  std::sort(names.begin(), names.end());
  return names;
}

// Python 3.11's built-in exception hierarchy, each class with its base: the
// classes llcc raises (codegen/RuntimeErrors.h) and the others a program
// may name in an `except` clause (which then catches nothing llcc raises).
const char *builtinExceptionBase(const std::string &name) {
  static const std::map<std::string, const char *> bases = {
      {"BaseException", ""},
      {"BaseExceptionGroup", "BaseException"},
      {"GeneratorExit", "BaseException"},
      {"KeyboardInterrupt", "BaseException"},
      {"SystemExit", "BaseException"},
      {"Exception", "BaseException"},
      {"ArithmeticError", "Exception"},
      {"FloatingPointError", "ArithmeticError"},
      {"OverflowError", "ArithmeticError"},
      {"ZeroDivisionError", "ArithmeticError"},
      {"AssertionError", "Exception"},
      {"AttributeError", "Exception"},
      {"BufferError", "Exception"},
      {"EOFError", "Exception"},
      {"ExceptionGroup", "Exception"},
      {"ImportError", "Exception"},
      {"ModuleNotFoundError", "ImportError"},
      {"LookupError", "Exception"},
      {"IndexError", "LookupError"},
      {"KeyError", "LookupError"},
      {"MemoryError", "Exception"},
      {"NameError", "Exception"},
      {"UnboundLocalError", "NameError"},
      {"OSError", "Exception"},
      {"EnvironmentError", "Exception"},
      {"IOError", "Exception"},
      {"ReferenceError", "Exception"},
      {"RuntimeError", "Exception"},
      {"NotImplementedError", "RuntimeError"},
      {"RecursionError", "RuntimeError"},
      {"StopAsyncIteration", "Exception"},
      {"StopIteration", "Exception"},
      {"SyntaxError", "Exception"},
      {"SystemError", "Exception"},
      {"TypeError", "Exception"},
      {"ValueError", "Exception"},
      {"UnicodeError", "ValueError"},
      // Not built in: the statistics module's, which its functions raise
      // (an except clause names it as statistics.StatisticsError).
      {"StatisticsError", "ValueError"},
      // numpy.linalg's, which det, inv and solve raise (stdlib/linalg.flt).
      {"LinAlgError", "Exception"},
      {"Warning", "Exception"},
  };
  auto it = bases.find(name);
  return it == bases.end() ? nullptr : it->second;
}

bool exceptionDerivesFrom(const std::string &cls, const std::string &base) {
  for (std::string c = cls; !c.empty();) {
    if (c == base)
      return true;
    const char *up = builtinExceptionBase(c);
    c = up ? up : "";
  }
  return false;
}

} // namespace llcc
