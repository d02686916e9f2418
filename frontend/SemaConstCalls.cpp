//===- SemaConstCalls.cpp - Calls in module-level constants, computed once ---===//
//
// Module-level constants are written with calls of numbers:
//
//   SQRT2 = math.sqrt(2); NORM = 1.0 / (SIGMA * math.sqrt(2 * math.pi))
//   HALF = int(7 / 2); LN2 = np.log(2.0); HANN = np.hanning(9)
//
// Each call is computed here with the routine llcc's compiled code calls
// for it inside a function (codegen/IRGenBuiltins.cpp, IRGenLibrary.cpp):
// the C library function of the builtin table's row (math.* with CPython's
// domain and range errors, numpy.* without), or the inline operation. A
// call CPython raises for is reported with CPython's exception. Calls of
// the standard library (math.gamma, np.interp, ...) are not computed here.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "ConstFold.h"
#include "NumpyAsinAcos.h"
#include "NumpyAsinh.h"
#include "NumpyAtan.h"
#include "NumpyAtan2.h"
#include "NumpyAtanh.h"
#include "NumpyCbrt.h"
#include "NumpyExp2.h"
#include "NumpyExpLog.h"
#include "NumpyExpm1.h"
#include "NumpyLog1p.h"
#include "NumpyLog2Log10.h"
#include "NumpyPow.h"
#include "NumpySinCos.h"
#include "NumpySinh.h"
#include "NumpyTan.h"
#include "NumpyTanh.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <numeric>

namespace llcc {
namespace sema {

namespace {

using Fn1 = double (*)(double);
using Fn2 = double (*)(double, double);

/// The C library functions the builtin table names (its libmName field).
struct LibmEntry {
  const char *name;
  Fn1 one;
  Fn2 two;
};

const LibmEntry Libm[] = {
    {"sqrt", [](double x) { return ::sqrt(x); }, nullptr},
    {"exp", [](double x) { return ::exp(x); }, nullptr},
    {"exp2", [](double x) { return ::exp2(x); }, nullptr},
    {"expm1", [](double x) { return ::expm1(x); }, nullptr},
    {"log", [](double x) { return ::log(x); }, nullptr},
    {"log2", [](double x) { return ::log2(x); }, nullptr},
    {"log10", [](double x) { return ::log10(x); }, nullptr},
    {"log1p", [](double x) { return ::log1p(x); }, nullptr},
    {"sin", [](double x) { return ::sin(x); }, nullptr},
    {"cos", [](double x) { return ::cos(x); }, nullptr},
    {"tan", [](double x) { return ::tan(x); }, nullptr},
    {"asin", [](double x) { return ::asin(x); }, nullptr},
    {"acos", [](double x) { return ::acos(x); }, nullptr},
    {"atan", [](double x) { return ::atan(x); }, nullptr},
    {"atanh", [](double x) { return ::atanh(x); }, nullptr},
    {"asinh", [](double x) { return ::asinh(x); }, nullptr},
    {"acosh", [](double x) { return ::acosh(x); }, nullptr},
    {"sinh", [](double x) { return ::sinh(x); }, nullptr},
    {"cosh", [](double x) { return ::cosh(x); }, nullptr},
    {"tanh", [](double x) { return ::tanh(x); }, nullptr},
    {"cbrt", [](double x) { return ::cbrt(x); }, nullptr},
    {"erf", [](double x) { return ::erf(x); }, nullptr},
    {"erfc", [](double x) { return ::erfc(x); }, nullptr},
    {"fabs", [](double x) { return ::fabs(x); }, nullptr},
    {"floor", [](double x) { return ::floor(x); }, nullptr},
    {"ceil", [](double x) { return ::ceil(x); }, nullptr},
    {"trunc", [](double x) { return ::trunc(x); }, nullptr},
    {"atan2", nullptr, [](double y, double x) { return ::atan2(y, x); }},
    {"hypot", nullptr, [](double x, double y) { return ::hypot(x, y); }},
    {"pow", nullptr, [](double x, double y) { return ::pow(x, y); }},
    {"copysign", nullptr, [](double x, double y) { return ::copysign(x, y); }},
    {"fmod", nullptr, [](double x, double y) { return ::fmod(x, y); }},
    {"remainder", nullptr, [](double x, double y) { return ::remainder(x, y); }},
    {"nextafter", nullptr, [](double x, double y) { return ::nextafter(x, y); }},
};

const LibmEntry *libm(const char *name) {
  for (const LibmEntry &e : Libm)
    if (std::strcmp(e.name, name) == 0)
      return &e;
  return nullptr;
}

/// The math functions whose infinite result from finite arguments is an
/// OverflowError in CPython (codegen/IRGenBuiltins.cpp, canOverflow).
bool canOverflow(const std::string &name) {
  return name == "math.exp" || name == "math.sinh" || name == "math.cosh" || name == "math.pow" ||
         name == "math.hypot" || name == "math.expm1";
}

/// CPython's math module rule on a C library result (IRGen::checkedMath):
/// NaN from non-NaN arguments is a domain error, an infinity from finite
/// ones a range error (or, for most functions and pow's zero base, a
/// domain error). Empty when the result stands.
std::string mathError(const std::string &name, const std::vector<double> &args, double r) {
  bool anyNaN = false, allFinite = true;
  for (double a : args) {
    anyNaN |= std::isnan(a);
    allFinite &= std::isfinite(a);
  }
  if (std::isnan(r) && !anyNaN)
    return "ValueError: math domain error";
  if (std::isinf(r) && allFinite) {
    if (name == "math.pow" && args[0] == 0.0)
      return "ValueError: math domain error";
    return canOverflow(name) ? "OverflowError: math range error" : "ValueError: math domain error";
  }
  return "";
}

/// int(x) of a float (IRGen::floatToInt): CPython's errors for NaN and
/// infinities, and llcc's for ints beyond 64 bits.
std::optional<Folded> floatToInt(double x, std::string &raised) {
  if (std::isnan(x))
    raised = "ValueError: cannot convert float NaN to integer";
  else if (std::isinf(x))
    raised = "OverflowError: cannot convert float infinity to integer";
  else if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
    raised = "OverflowError: int too large for llcc's 64-bit integers";
  if (!raised.empty())
    return std::nullopt;
  return Folded::integer(static_cast<int64_t>(x));
}

/// 10**n for n >= 0 as IRGen::powerOfTen computes it: pow below 9, then
/// products of 1e9 by ten.
double powerOfTen(int64_t n) {
  if (n < 9)
    return ::pow(10.0, static_cast<double>(n));
  double acc = 1e9;
  for (int64_t k = 9; k < std::min<int64_t>(n, 400); ++k)
    acc *= 10.0;
  return acc;
}

/// round(x, n) of a Python float as CPython computes it and
/// llcc.rt.pyround (codegen/IRGenRound.cpp) does: the exact value rounded
/// to n decimal places by the C library's correctly rounded conversions.
std::optional<Folded> pythonRoundFloat(double x, int64_t n, std::string &raised) {
  if (!std::isfinite(x) || n > 323)
    return Folded::number(x, false);
  if (n < -308)
    return Folded::number(0.0 * x, false);
  char buf[1024];
  double r;
  if (n >= 0) {
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(n), x);
    r = std::strtod(buf, nullptr);
  } else {
    std::snprintf(buf, sizeof buf, "%.16e", x);
    int64_t digits = std::strtol(std::strchr(buf, 'e') + 1, nullptr, 10) + n;
    if (digits >= 0) {
      std::snprintf(buf, sizeof buf, "%.*e", static_cast<int>(digits), x);
      r = std::strtod(buf, nullptr);
    } else if (digits == -1) {
      std::snprintf(buf, sizeof buf, "5e%d", static_cast<int>(-n - 1));
      double half = std::strtod(buf, nullptr);
      std::snprintf(buf, sizeof buf, "1e%d", static_cast<int>(-n));
      r = std::copysign(std::fabs(x) > half ? std::strtod(buf, nullptr) : 0.0, x);
    } else {
      r = 0.0 * x;
    }
  }
  if (std::isinf(r)) {
    raised = "OverflowError: rounded value too large to represent";
    return std::nullopt;
  }
  return Folded::number(r, false);
}

/// round(n, d) of a Python int (IRGen::pythonRoundInt): exact, half to even.
std::optional<Folded> pythonRoundInt(int64_t n, int64_t d, std::string &raised) {
  if (d >= 0)
    return Folded::integer(n);
  if (d < -18) {
    if (d == -19 && (n > 5000000000000000000LL || n < -5000000000000000000LL)) {
      raised = "OverflowError: integer overflow (llcc integers are 64-bit)";
      return std::nullopt;
    }
    return Folded::integer(0);
  }
  int64_t p = 1;
  for (int64_t k = 0; k < -d; ++k)
    p *= 10;
  int64_t q = n / p, r = n % p;
  if (r < 0) {
    q -= 1;
    r += p;
  }
  if (2 * r > p || (2 * r == p && (q & 1)))
    q += 1;
  int64_t v;
  if (__builtin_mul_overflow(q, p, &v)) {
    raised = "OverflowError: integer overflow (llcc integers are 64-bit)";
    return std::nullopt;
  }
  return Folded::integer(v);
}

/// np.round(n, d) of an int (IRGen::numpyRoundInt).
Folded numpyRoundInt(int64_t n, int64_t d) {
  if (d >= 0)
    return Folded::integer(n, true);
  double scale = powerOfTen(-d);
  double r = std::nearbyint(static_cast<double>(n) / scale) * scale;
  bool inRange = r >= -9223372036854775808.0 && r < 9223372036854775808.0;
  return Folded::integer(inRange ? static_cast<int64_t>(r) : INT64_MIN, true);
}

/// Python's min/max of numbers: the first, then each later one that is
/// smaller (greater), compared as floats when either is a float.
Folded pick(const std::vector<Folded> &args, bool isMin) {
  const Folded *best = &args[0];
  for (size_t k = 1; k < args.size(); ++k) {
    const Folded &x = args[k];
    bool better;
    if (x.isFloat || best->isFloat)
      better = isMin ? x.at(0) < best->at(0) : x.at(0) > best->at(0);
    else
      better = isMin ? x.i[0] < best->i[0] : x.i[0] > best->i[0];
    if (better)
      best = &x;
  }
  return *best;
}

std::optional<Folded> intFunction(const std::string &name, const std::vector<Folded> &args,
                                  std::string &raised) {
  for (const Folded &a : args)
    if (a.isFloat)
      return std::nullopt; // CPython's TypeError: left to the type checks
  if (name == "math.gcd") {
    int64_t a = args[0].i[0], b = args[1].i[0];
    if (a == INT64_MIN || b == INT64_MIN)
      return std::nullopt;
    return Folded::integer(std::gcd(a, b));
  }
  if (name == "math.factorial") {
    int64_t n = args[0].i[0], v = 1;
    if (n < 0) {
      raised = "ValueError: factorial() not defined for negative values";
      return std::nullopt;
    }
    for (int64_t k = 2; k <= n; ++k)
      if (__builtin_mul_overflow(v, k, &v))
        return std::nullopt;
    return Folded::integer(v);
  }
  // math.comb
  int64_t n = args[0].i[0], k = args[1].i[0];
  if (n < 0 || k < 0) {
    raised = std::string("ValueError: ") + (n < 0 ? "n" : "k") + " must be a non-negative integer";
    return std::nullopt;
  }
  if (k > n)
    return Folded::integer(0);
  k = std::min(k, n - k);
  __int128 v = 1;
  for (int64_t j = 0; j < k; ++j) {
    v = v * (n - j) / (j + 1);
    if (v > INT64_MAX)
      return std::nullopt;
  }
  return Folded::integer(static_cast<int64_t>(v));
}

} // namespace

std::optional<Folded> foldNumberCall(const std::string &name, const std::vector<Folded> &args,
                                     std::string &raised) {
  const BuiltinFunction *info = findBuiltinFunction(name);
  if (!info || args.size() < info->minArgs || args.size() > info->maxArgs)
    return std::nullopt;
  for (const Folded &a : args)
    if (!a.dims.empty() || (a.isBool && a.numpy))
      return std::nullopt;
  bool numpy = name.rfind("numpy.", 0) == 0;
  const Folded &x = args[0];
  if (name == "int")
    return x.isFloat ? floatToInt(x.f[0], raised) : Folded::integer(x.i[0]);
  if (name == "float")
    return Folded::number(x.at(0));
  if (name == "numpy.float64")
    return Folded::number(x.at(0), true);
  if (name == "abs" || name == "numpy.abs" || name == "numpy.absolute") {
    Folded r = x;
    r.numpy |= numpy;
    if (r.isFloat) {
      r.f[0] = std::fabs(r.f[0]);
      return r;
    }
    if (r.i[0] == INT64_MIN)
      return std::nullopt;
    r.isBool = false; // abs(True) is the int 1
    r.i[0] = std::abs(r.i[0]);
    return r;
  }
  if (name == "min" || name == "max")
    return args.size() >= 2 ? std::optional<Folded>(pick(args, name == "min")) : std::nullopt;
  if (name == "round") {
    if (args.size() == 1)
      return x.isFloat ? floatToInt(std::nearbyint(x.f[0]), raised) : Folded::integer(x.i[0]);
    if (args[1].isFloat)
      return std::nullopt;
    int64_t d = args[1].i[0];
    if (!x.isFloat)
      return x.numpy ? std::optional<Folded>(numpyRoundInt(x.i[0], d))
                     : pythonRoundInt(x.i[0], d, raised);
    if (!x.numpy) // a Python float: CPython's float.__round__
      return pythonRoundFloat(x.f[0], d, raised);
    // round(np.float64, n) as llcc computes it (IRGenBuiltins.cpp): numpy's
    // scaling by 10**|n|, rounding half to even.
    int64_t k = d < 0 ? -d : d;
    double scale = k < 330 ? numpyPowerOfTenValue(static_cast<int>(k))
                           : std::numeric_limits<double>::infinity();
    double v = x.f[0];
    v = d >= 0 ? std::nearbyint(v * scale) / scale : std::nearbyint(v / scale) * scale;
    return Folded::number(v, x.numpy);
  }
  if (name == "math.floor" || name == "math.ceil" || name == "math.trunc") {
    if (!x.isFloat)
      return Folded::integer(x.i[0]);
    return floatToInt(libm(info->libmName)->one(x.f[0]), raised);
  }
  if (name == "math.isnan" || name == "math.isinf" || name == "math.isfinite") {
    double v = x.at(0);
    return Folded::boolean(name == "math.isnan"   ? std::isnan(v)
                           : name == "math.isinf" ? std::isinf(v)
                                                  : std::isfinite(v));
  }
  if (name == "math.gcd" || name == "math.factorial" || name == "math.comb")
    return intFunction(name, args, raised);
  if (name == "numpy.minimum" || name == "numpy.maximum") {
    // Of two ints an int64 (numpy's integer loop), else a float64.
    bool min = name == "numpy.minimum";
    if (!x.isFloat && !args[1].isFloat)
      return Folded::integer(min ? std::min(x.i[0], args[1].i[0]) : std::max(x.i[0], args[1].i[0]),
                             true);
    double a = x.at(0), c = args[1].at(0);
    bool first = min ? a < c : a > c;
    return Folded::number(first || std::isnan(a) ? a : c, true);
  }
  if (name == "math.log" && args.size() == 2) {
    // CPython's math_log_impl: log(x) / log(base), each checked.
    double a = x.at(0), b = args[1].at(0);
    double num = ::log(a), den = ::log(b);
    raised = mathError(name, {a}, num);
    if (raised.empty())
      raised = mathError(name, {b}, den);
    if (raised.empty() && den == 0.0)
      raised = "ZeroDivisionError: float division by zero";
    if (!raised.empty())
      return std::nullopt;
    return Folded::number(num / den);
  }
  if (info->op != ScalarOp::None) {
    bool isInt = !x.isFloat;
    double v = x.at(0);
    switch (info->op) {
    case ScalarOp::Sign:
      if (isInt)
        return Folded::integer((x.i[0] > 0) - (x.i[0] < 0), true);
      return Folded::number(v > 0 ? 1.0 : v < 0 ? -1.0 : v == 0 ? 0.0 : v, true);
    case ScalarOp::Square: {
      int64_t sq;
      if (!isInt)
        return Folded::number(v * v, true);
      if (__builtin_mul_overflow(x.i[0], x.i[0], &sq))
        return std::nullopt;
      return Folded::integer(sq, true);
    }
    case ScalarOp::Fix:
      return Folded::number(std::trunc(v), true);
    case ScalarOp::Rint:
      return Folded::number(std::nearbyint(v), true);
    case ScalarOp::Round: {
      if (args.size() == 2 && args[1].isFloat)
        return std::nullopt;
      int64_t d = args.size() == 2 ? args[1].i[0] : 0;
      if (isInt)
        return numpyRoundInt(x.i[0], d);
      if (args.size() < 2)
        return Folded::number(std::nearbyint(v), true);
      double scale = powerOfTen(d < 0 ? -d : d);
      v = d >= 0 ? std::nearbyint(v * scale) / scale : std::nearbyint(v / scale) * scale;
      return Folded::number(v, true);
    }
    case ScalarOp::Deg2Rad:
      return Folded::number(v * (M_PI / 180.0), numpy);
    case ScalarOp::Rad2Deg:
      return Folded::number(v * (180.0 / M_PI), numpy);
    case ScalarOp::Float32:
      return std::nullopt; // a numpy.float32, not a float64
    case ScalarOp::Int64: {
      if (isInt)
        return Folded::integer(x.i[0], true);
      auto r = floatToInt(v, raised);
      if (r)
        r->numpy = true;
      return r;
    }
    case ScalarOp::Signbit: // numpy.bool_ results are not folded
    case ScalarOp::Spacing:
    case ScalarOp::Ulp:
    case ScalarOp::FMax: // left to the generated code, one definition
    case ScalarOp::FMin:
    case ScalarOp::LogAddExp:
    case ScalarOp::LogAddExp2:
    case ScalarOp::None:
      break;
    }
    return std::nullopt;
  }
  if (info->libmName[0] == '\0' || info->library[0] != '\0')
    return std::nullopt;
  const LibmEntry *fn = libm(info->libmName);
  if (!fn || (args.size() == 1) != (fn->one != nullptr))
    return std::nullopt;
  std::vector<double> in;
  for (const Folded &a : args)
    in.push_back(a.at(0));
  double r = fn->one ? fn->one(in[0]) : fn->two(in[0], in[1]);
  // numpy's own routines (its SVML on AVX512_SKX), as the generated code
  // computes them.
  static const std::map<std::string, double (*)(double)> NumpyOwn = {
      {"numpy.exp", numpyExp},         {"numpy.log", numpyLog},
      {"numpy.log2", numpyLog2},       {"numpy.log10", numpyLog10},
      {"numpy.sin", numpySin},         {"numpy.cos", numpyCos},
      {"numpy.tanh", numpyTanh},       {"numpy.exp2", numpyExp2},
      {"numpy.expm1", numpyExpm1},     {"numpy.log1p", numpyLog1p},
      {"numpy.cbrt", numpyCbrt},       {"numpy.arctan", numpyArctan},
      {"numpy.arcsin", numpyArcsin},   {"numpy.arccos", numpyArccos},
      {"numpy.tan", numpyTan},         {"numpy.arctanh", numpyArctanh},
      {"numpy.arcsinh", numpyArcsinh}, {"numpy.arccosh", numpyArccosh},
      {"numpy.sinh", numpySinh},       {"numpy.cosh", numpyCosh}};
  if (auto own = NumpyOwn.find(name); own != NumpyOwn.end())
    r = own->second(in[0]);
  if (name == "numpy.power") // the power ufunc
    r = numpyPow(in[0], in[1]);
  if (name == "numpy.arctan2")
    r = numpyArctan2(in[0], in[1]);
  if (info->mathChecks) {
    raised = mathError(name, in, r);
    if (!raised.empty())
      return std::nullopt;
  }
  return Folded::number(r, numpy);
}

std::optional<Folded> foldWindowFunction(const std::string &name, int64_t m) {
  if (m < 1 || m > 4096)
    return std::nullopt; // numpy's empty array for m < 1: no constant of it
  Folded r;
  r.isFloat = true;
  r.dims = {m};
  if (m == 1) {
    r.f = {1.0};
    return r;
  }
  auto div = static_cast<double>(m - 1);
  for (int64_t k = 1 - m; k < m; k += 2) {
    // n = arange(1 - m, m, 2); pi * n / (m - 1), each step a float64 op.
    auto n = static_cast<double>(k);
    double a = M_PI * n / div, v;
    if (name == "hanning")
      v = 0.5 + 0.5 * numpyCos(a); // numpy's np.cos of the array
    else if (name == "hamming")
      v = 0.54 + 0.46 * numpyCos(a);
    else if (name == "bartlett")
      v = k <= 0 ? 1.0 + n / div : 1.0 - n / div;
    else
      v = 0.42 + 0.5 * numpyCos(a) + 0.08 * numpyCos(2.0 * M_PI * n / div);
    r.f.push_back(v);
  }
  return r;
}

namespace {
/// function_base.py _chbevl: the Clenshaw recurrence over numpy's table.
double numpyChbevl(double x, const double *vals, int n) {
  double b0 = vals[0], b1 = 0.0, b2 = 0.0;
  for (int i = 1; i < n; ++i) {
    b2 = b1;
    b1 = b0;
    b0 = x * b1 - b2 + vals[i];
  }
  return 0.5 * (b0 - b2);
}

/// function_base.py i0 of one number: numpy's _i0_1 up to 8, _i0_2 past it
/// (and for NaN), with numpy's np.exp (stdlib/windows.flt's _llcc_np_i0).
double numpyI0(double x) {
  static const double A[] = {
      -4.41534164647933937950E-18, 3.33079451882223809783E-17,  -2.43127984654795469359E-16,
      1.71539128555513303061E-15,  -1.16853328779934516808E-14, 7.67618549860493561688E-14,
      -4.85644678311192946090E-13, 2.95505266312963983461E-12,  -1.72682629144155570723E-11,
      9.67580903537323691224E-11,  -5.18979560163526290666E-10, 2.65982372468238665035E-9,
      -1.30002500998624804212E-8,  6.04699502254191894932E-8,   -2.67079385394061173391E-7,
      1.11738753912010371815E-6,   -4.41673835845875056359E-6,  1.64484480707288970893E-5,
      -5.75419501008210370398E-5,  1.88502885095841655729E-4,   -5.76375574538582365885E-4,
      1.63947561694133579842E-3,   -4.32430999505057594430E-3,  1.05464603945949983183E-2,
      -2.37374148058994688156E-2,  4.93052842396707084878E-2,   -9.49010970480476444210E-2,
      1.71620901522208775349E-1,   -3.04682672343198398683E-1,  6.76795274409476084995E-1};
  static const double B[] = {
      -7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17,
      3.46122286769746109310E-17,  -2.82762398051658348494E-16, -3.42548561967721913462E-16,
      1.77256013305652638360E-15,  3.81168066935262242075E-15,  -9.55484669882830764870E-15,
      -4.15056934728722208663E-14, 1.54008621752140982691E-14,  3.85277838274214270114E-13,
      7.18012445138366623367E-13,  -1.79417853150680611778E-12, -1.32158118404477131188E-11,
      -3.14991652796324136454E-11, 1.18891471078464383424E-11,  4.94060238822496958910E-10,
      3.39623202570838634515E-9,   2.26666899049817806459E-8,   2.04891858946906374183E-7,
      2.89137052083475648297E-6,   6.88975834691682398426E-5,   3.36911647825569408990E-3,
      8.04490411014108831608E-1};
  x = std::fabs(x);
  if (x <= 8.0)
    return numpyExp(x) * numpyChbevl(x / 2.0 - 2.0, A, 30);
  return numpyExp(x) * numpyChbevl(32.0 / x - 2.0, B, 25) / std::sqrt(x);
}
} // namespace

std::optional<Folded> foldKaiser(int64_t m, double beta) {
  if (m < 1 || m > 4096)
    return std::nullopt; // numpy's empty array for m < 1: no constant of it
  Folded r;
  r.isFloat = true;
  r.dims = {m};
  if (m == 1) {
    r.f = {1.0};
    return r;
  }
  // n = arange(0, M); alpha = (M-1)/2.0; i0(beta * sqrt(1 - ((n - alpha) /
  // alpha)**2.0)) / i0(float(beta)), `** 2.0` numpy's square.
  double alpha = static_cast<double>(m - 1) / 2.0;
  double denominator = numpyI0(beta);
  for (int64_t k = 0; k < m; ++k) {
    double x = (static_cast<double>(k) - alpha) / alpha;
    r.f.push_back(numpyI0(beta * std::sqrt(1.0 - x * x)) / denominator);
  }
  return r;
}

std::optional<Folded> foldEye(int64_t n, int64_t m, int64_t k, char dtype) {
  if (n < 1 || m < 1 || n > 4096 || m > 4096)
    return std::nullopt;
  Folded r;
  r.dims = {n, m};
  r.isFloat = dtype == 'f';
  r.isBool = dtype == 'b';
  for (int64_t p = 0; p < n; ++p)
    for (int64_t q = 0; q < m; ++q) {
      bool one = q - p == k;
      if (r.isFloat)
        r.f.push_back(one ? 1.0 : 0.0);
      else
        r.i.push_back(one ? 1 : 0);
    }
  return r;
}

} // namespace sema
} // namespace llcc
