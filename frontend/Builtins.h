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
};

/// Looks up a callable builtin by qualified name; null when unknown.
const BuiltinFunction *findBuiltinFunction(const std::string &qualifiedName);

/// Looks up a constant ("math.pi", "numpy.inf"); returns false when
/// unknown.
bool findBuiltinConstant(const std::string &qualifiedName, double &value);

/// The modules a program may import: "numpy", "math", "llcc".
bool isKnownModule(const std::string &name);

/// Every supported member name of `module`, sorted, for "supported names
/// are ..." messages; the Python builtins for "".
std::vector<std::string> supportedMembers(const std::string &module);

} // namespace llcc
