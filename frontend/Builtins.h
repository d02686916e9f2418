//===- Builtins.h - The names a filter can call or read --------------------===//
//
// The one table of everything a program can name without defining it:
// Python builtins (`abs`, `min`, `len`, ...), `math` and `numpy` members,
// and their constants. Sema types calls from it, IRGen lowers by the same
// qualified names ("math.sqrt", "numpy.sqrt", "abs"), and the diagnostics
// list supported names from it, so the three never disagree.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <vector>

namespace llcc {

/// How a builtin's result type follows from its arguments.
enum class BuiltinResult {
  Float,        ///< always float (math.sqrt, numpy.exp, float())
  Int,          ///< always int (len, math.floor, int())
  Bool,         ///< always bool (math.isnan, bool())
  SameNumeric,  ///< int for int/bool arguments, float otherwise (abs, numpy.abs)
  JoinOrElem,   ///< min/max: join of several numbers, or an array's element
  Round,        ///< round(x) -> int; round(x, n) -> float for float x
  Special,      ///< handled case by case by Sema (range, sum, pow)
  Reduce,       ///< an array to one number (np.sum, np.median, any, ...)
  NewArray,     ///< a new local array (np.zeros, np.sort, sorted, ...)
  Elementwise,  ///< an array from arrays and numbers (np.where, np.clip)
};

/// How a scalar numpy or math function without a C library equivalent is
/// computed inline (IRGenLibrary.cpp), for a number and elementwise for
/// arrays.
enum class ScalarOp : unsigned char {
  None,
  Sign,       ///< numpy.sign: -1, 0 or 1 (NaN stays NaN), of the argument's type
  Square,     ///< x * x
  Fix,        ///< numpy.fix: towards zero, a float
  Rint,       ///< round half to even, a float
  Round,      ///< numpy.round(x, decimals): scale by 10**d, rint, scale back
  Deg2Rad,    ///< x * (pi / 180)
  Rad2Deg,    ///< x * (180 / pi)
  Float32,    ///< rounded to single precision
  Int64,      ///< numpy.int64(x): truncation, as int()
  Sinc,       ///< numpy.sinc: sin(y) / y of y = pi * x (pi * 1e-20 at 0)
  Heaviside,  ///< numpy.heaviside(x, h0): NaN, 0, h0 or 1
  Signbit,    ///< numpy.signbit: the sign bit (of -0.0 and -nan too), a bool
  Spacing,    ///< numpy.spacing: the step away from zero (+5e-324 at +-0, nan at +-inf)
  Ulp,        ///< math.ulp: CPython's, the step above |x| (below it at the largest float)
  FMax,       ///< numpy.fmax: the larger, NaN ignored (of equals the second)
  FMin,       ///< numpy.fmin: the smaller, NaN ignored (of equals the second)
  LogAddExp,  ///< numpy.logaddexp: npy_logaddexp, log(exp(x1) + exp(x2))
  LogAddExp2, ///< numpy.logaddexp2: npy_logaddexp2, log2(2**x1 + 2**x2)
  Maximum,    ///< numpy.maximum: the larger, NaN propagated; of ints an int64
  Minimum,    ///< numpy.minimum: the smaller, NaN propagated; of ints an int64
};

/// One callable builtin.
struct BuiltinFunction {
  const char *qualifiedName; ///< "math.sqrt", "numpy.arctan2", "abs"
  unsigned minArgs;
  unsigned maxArgs;
  BuiltinResult result;
  /// For math.* functions: a NaN result from non-NaN arguments, or an
  /// infinite result from finite ones, raises in CPython (ValueError or
  /// OverflowError), so it is a runtime error in llcc too.
  bool mathChecks;
  /// The C library function that computes it, or "" when lowered inline.
  const char *libmName;
  /// Lowered inline by this operation (None: by libmName or by name).
  ScalarOp op = ScalarOp::None;
  /// Lowered as a call of this function of the standard library
  /// (stdlib/*.flt), or of one of several separated by '|', chosen by the
  /// number of arguments given (fewest parameters first).
  const char *library = "";
  /// The parameters, as numpy or math names them, with their defaults
  /// ("a, v, side='left'"): keyword arguments bind by these names, and
  /// `llcc --list-builtins` prints them for the documentation's table.
  /// Empty for the builtins whose arguments Sema checks case by case.
  const char *params = "";
  /// For library functions: what each parameter takes, one letter each:
  /// 'a' a numpy array, 'f' one that is not a boolean mask, 'l' an array
  /// or a list, 'n' a number, 'i' an int,
  /// '?' a number or an array.
  const char *kinds = "";
  /// For library functions: other names, separated by '|', whose calls Sema
  /// lowers to this row's library function (np.nonzero(a)[0] and
  /// np.where(a)[0] are np.flatnonzero's), so a program that spells only
  /// those still gets the function compiled in (stdlib/Stdlib.cpp).
  const char *spellings = "";
};

/// Every callable builtin, in table order.
std::vector<const BuiltinFunction *> allBuiltinFunctions();

/// The index of `value` among the strings a string parameter of `function`
/// accepts (numpy.searchsorted's side: "left" 0, "right" 1); -1 when the
/// parameter takes no strings or not this one. `choices` receives the
/// accepted strings, for the diagnostic.
/// Whether numpy's quantile method number `method` (the "numpy.percentile"
/// "method" choices) takes an element without interpolating.
bool quantileMethodIsDiscrete(int method);

/// Whether `value` names a number that the number parameter `param` of
/// `function` also accepts (scipy.stats.iqr's scale="normal"), compared as
/// SciPy does, in lower case; `number` receives it, `names` every name the
/// parameter accepts (empty when it takes none).
bool builtinStringNumber(const std::string &function, const std::string &param,
                         const std::string &value, double &number, std::vector<std::string> &names);

int builtinStringChoice(const std::string &function, const std::string &param,
                        const std::string &value, std::vector<std::string> &choices);


/// Looks up a callable builtin by qualified name; null when unknown.
const BuiltinFunction *findBuiltinFunction(const std::string &qualifiedName);

/// Looks up a constant ("math.pi", "numpy.inf"); returns false when
/// unknown.
bool findBuiltinConstant(const std::string &qualifiedName, double &value);

/// The modules a program may import: "numpy", "math", "llcc".
bool isKnownModule(const std::string &name);
/// scipy.stats distribution objects ("scipy.stats.norm"): known modules
/// for their members, but not importable as modules.
bool isDistributionObject(const std::string &name);
/// heapq and bisect functions, which Sema writes at the call as calls of
/// the standard library's heapq.flt (SemaHeapq.cpp): the qualified name,
/// the library function, the parameters as Python spells them.
struct RewrittenFunction {
  const char *qualifiedName;
  const char *library;
  const char *params;
};
const RewrittenFunction *findRewrittenFunction(const std::string &qualifiedName);

/// The members of Python's operator module llcc writes as expressions
/// (frontend/SemaOperator.cpp), sorted; whether `name` is one.
std::vector<std::string> operatorMembers();
bool isOperatorMember(const std::string &name);

/// Every supported member name of `module`, sorted, for "supported names
/// are ..." messages; the Python builtins for "".
std::vector<std::string> supportedMembers(const std::string &module);

/// The base class of one of Python's built-in exception classes
/// ("ZeroDivisionError" -> "ArithmeticError", "Exception" ->
/// "BaseException", "BaseException" -> ""); null for a name that is not a
/// built-in exception class. `except` clauses name these.
const char *builtinExceptionBase(const std::string &name);

/// Whether built-in exception class `cls` is `base` or derives from it.
bool exceptionDerivesFrom(const std::string &cls, const std::string &base);

/// numpy's power_of_ten(k) for np.round (its multiarray/calculation.c):
/// 10**k from a table below 9, else 1e9 multiplied by 10.0 k - 9 times,
/// which drifts from the correctly rounded 10**k beyond 1e22.
inline double numpyPowerOfTenValue(int k) {
  static const double Table[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  if (k < 9)
    return Table[k];
  double r = 1e9;
  while (k-- > 9)
    r *= 10.0;
  return r;
}

} // namespace llcc
