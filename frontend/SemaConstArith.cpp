//===- SemaConstArith.cpp - Operators on folded constants ------------------===//
//
// The constant folder's arithmetic (SemaConstFold.cpp): + - * / ** of
// numbers and arrays with numpy's broadcasting of a number, CPython's
// exceptions where two Python numbers raise, comparisons giving bool
// arrays, transposes, numpy's pairwise sums and the elementwise numpy
// functions, each as llcc's compiled code or numpy computes it.
//
//===----------------------------------------------------------------------===//
#include "ConstFold.h"
#include "NumpyExpLog.h"

#include <cmath>

namespace llcc {
namespace sema {

namespace {

/// One of numpy's elementwise functions, as llcc computes it in a
/// function: exact IEEE operations, or the C library (the same calls the
/// compiled code makes).
enum class OnInts { ToFloat, Abs, Square }; ///< what the function does to ints
struct ElementwiseFn {
  const char *name;
  double (*fn)(double);
  OnInts onInts = OnInts::ToFloat;
};
const ElementwiseFn *elementwise(const std::string &name) {
  static const ElementwiseFn Table[] = {
      {"sqrt", [](double x) { return std::sqrt(x); }},
      {"abs", [](double x) { return std::fabs(x); }, OnInts::Abs},
      {"absolute", [](double x) { return std::fabs(x); }, OnInts::Abs},
      {"fabs", [](double x) { return std::fabs(x); }},
      {"square", [](double x) { return x * x; }, OnInts::Square},
      {"floor", [](double x) { return std::floor(x); }},
      {"ceil", [](double x) { return std::ceil(x); }},
      {"trunc", [](double x) { return std::trunc(x); }},
      {"rint", [](double x) { return std::nearbyint(x); }},
      {"exp", [](double x) { return numpyExp(x); }}, // SVML on AVX512_SKX, as numpy
      {"exp2", [](double x) { return std::exp2(x); }},
      {"expm1", [](double x) { return std::expm1(x); }},
      {"log", [](double x) { return numpyLog(x); }},
      {"log2", [](double x) { return std::log2(x); }},
      {"log10", [](double x) { return std::log10(x); }},
      {"log1p", [](double x) { return std::log1p(x); }},
      {"sin", [](double x) { return std::sin(x); }},
      {"cos", [](double x) { return std::cos(x); }},
      {"tan", [](double x) { return std::tan(x); }},
      {"sinh", [](double x) { return std::sinh(x); }},
      {"cosh", [](double x) { return std::cosh(x); }},
      {"tanh", [](double x) { return std::tanh(x); }},
  };
  for (const ElementwiseFn &f : Table)
    if (name == f.name)
      return &f;
  return nullptr;
}

/// numpy's float arithmetic: ints exactly (nothing on overflow).
std::optional<Folded> arithNumpy(BinaryOp op, Folded l, Folded r) {
  if (op == BinaryOp::Pow) {
    // A number to a number: the C library's pow, as numpy's scalar power
    // (G.sum() ** 2). Ints to a non-negative int power, exactly. numpy
    // takes shortcuts for float arrays (x * x for ** 2), not folded.
    if (l.dims.empty() && r.dims.empty() && (l.isFloat || r.isFloat)) {
      l.toFloat();
      r.toFloat();
      l.f[0] = std::pow(l.f[0], r.f[0]);
      return l;
    }
    if (!l.dims.empty() && r.dims.empty() && (l.isFloat || r.isFloat)) {
      // A float array to a number: numpy's fast scalar powers (** 2 is
      // x * x, ** 0.5 sqrt, ** -1 1 / x, ** 1 a copy, ** 0 ones), else
      // the C library's pow of each element, as numpy's power loop. An
      // int array to a float power is pow's (numpy casts, no shortcut).
      bool fast = l.isFloat;
      l.toFloat();
      r.toFloat();
      double e = r.f[0];
      for (double &x : l.f)
        x = !fast       ? std::pow(x, e)
            : e == 2.0  ? x * x
            : e == 0.5  ? std::sqrt(x)
            : e == -1.0 ? 1.0 / x
            : e == 1.0  ? x
            : e == 0.0  ? 1.0
                        : std::pow(x, e);
      return l;
    }
    if (l.isFloat || r.isFloat || !r.dims.empty())
      return std::nullopt;
    int64_t e = r.i[0];
    if (e < 0)
      return std::nullopt;
    for (int64_t &x : l.i) {
      int64_t v = 1;
      for (int64_t k = 0; k < e; ++k)
        if (__builtin_mul_overflow(v, x, &v))
          return std::nullopt;
      x = v;
    }
    return l;
  }
  if (op != BinaryOp::Add && op != BinaryOp::Sub && op != BinaryOp::Mul && op != BinaryOp::Div)
    return std::nullopt;
  // numpy's broadcasting of a number, or of arrays of one shape.
  std::vector<int64_t> dims = l.dims.empty() ? r.dims : l.dims;
  if (!l.dims.empty() && !r.dims.empty() && l.dims != r.dims)
    return std::nullopt;
  size_t n = dims.empty() ? 1 : l.dims.empty() ? r.size() : l.size();
  Folded out;
  out.dims = dims;
  out.isFloat = l.isFloat || r.isFloat || op == BinaryOp::Div;
  if (out.isFloat) {
    l.toFloat();
    r.toFloat();
  }
  for (size_t k = 0; k < n; ++k) {
    size_t a = l.dims.empty() ? 0 : k, b = r.dims.empty() ? 0 : k;
    if (out.isFloat) {
      double x = l.f[a], y = r.f[b];
      out.f.push_back(op == BinaryOp::Add   ? x + y
                      : op == BinaryOp::Sub ? x - y
                      : op == BinaryOp::Mul ? x * y
                                            : x / y);
      continue;
    }
    int64_t x = l.i[a], y = r.i[b], v;
    bool overflow = op == BinaryOp::Add   ? __builtin_add_overflow(x, y, &v)
                    : op == BinaryOp::Sub ? __builtin_sub_overflow(x, y, &v)
                                          : __builtin_mul_overflow(x, y, &v);
    if (overflow)
      return std::nullopt;
    out.i.push_back(v);
  }
  return out;
}

} // namespace

bool isFoldedElementwise(const std::string &name) { return elementwise(name) != nullptr; }

std::optional<Folded> foldElementwise(const std::string &name, Folded v) {
  const ElementwiseFn *f = elementwise(name);
  if (!f || v.isBool)
    return std::nullopt; // numpy computes bools in float16 or keeps them bools
  if (!v.isFloat && f->onInts != OnInts::ToFloat) {
    for (int64_t &x : v.i) {
      if (x == INT64_MIN)
        return std::nullopt;
      if (f->onInts == OnInts::Abs)
        x = x < 0 ? -x : x;
      else if (__builtin_mul_overflow(x, x, &x))
        return std::nullopt;
    }
    return v;
  }
  v.toFloat();
  for (double &x : v.f)
    x = f->fn(x);
  return v;
}

/// numpy's pairwise summation of float64 (umath loops_utils.h).
double pairwiseSum(const double *a, size_t n) {
  if (n < 8) {
    double res = 0.0;
    for (size_t k = 0; k < n; ++k)
      res += a[k];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (size_t j = 0; j < 8; ++j)
      r[j] = a[j];
    size_t k = 8;
    for (; k < n - (n % 8); k += 8)
      for (size_t j = 0; j < 8; ++j)
        r[j] += a[k + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; k < n; ++k)
      res += a[k];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwiseSum(a, n2) + pairwiseSum(a + n2, n - n2);
}

std::optional<Folded> foldTranspose(const Folded &v) {
  Folded r = v;
  int64_t rows = v.dims[0], cols = v.dims[1];
  r.dims = {cols, rows};
  for (int64_t p = 0; p < rows; ++p)
    for (int64_t q = 0; q < cols; ++q) {
      size_t from = static_cast<size_t>(p * cols + q), to = static_cast<size_t>(q * rows + p);
      if (v.isFloat)
        r.f[to] = v.f[from];
      else
        r.i[to] = v.i[from];
    }
  return r;
}

/// `l op r`; `error` receives CPython's exception where two Python
/// numbers raise (1.0 / 0, 0.0 ** -1, 10.0 ** 400).
std::optional<Folded> foldArith(BinaryOp op, Folded l, Folded r, std::string &error) {
  bool scalars = l.dims.empty() && r.dims.empty();
  bool python = scalars && !l.numpy && !r.numpy;
  bool numpyResult = scalars && !python;
  if (l.isBool && r.isBool && !scalars &&
      (op == BinaryOp::BitAnd || op == BinaryOp::BitOr || op == BinaryOp::BitXor) &&
      (l.dims == r.dims || l.dims.empty() || r.dims.empty())) {
    // & | ^ of bool arrays (or an array and a bool): bool arrays.
    Folded out = l.dims.empty() ? r : l;
    for (size_t k = 0; k < out.i.size(); ++k) {
      int64_t a = l.i[l.dims.empty() ? 0 : k], b = r.i[r.dims.empty() ? 0 : k];
      out.i[k] = op == BinaryOp::BitAnd ? (a & b) : op == BinaryOp::BitOr ? (a | b) : (a ^ b);
    }
    return out;
  }
  if (python)
    l.isBool = r.isBool = false; // Python's True and False are the ints 1 and 0
  if (l.isBool && r.isBool)
    return std::nullopt; // numpy's bool + bool is a logical or: not folded
  l.isBool = r.isBool = false;
  if (python && op == BinaryOp::Div && r.at(0) == 0.0) {
    error = l.isFloat || r.isFloat ? "ZeroDivisionError: float division by zero"
                                   : "ZeroDivisionError: division by zero";
    return std::nullopt;
  }
  if (python && op == BinaryOp::Pow && !l.isFloat && !r.isFloat && r.i[0] < 0) {
    l.toFloat(); // int ** negative int is a float power in Python
    r.toFloat();
  }
  if (python && op == BinaryOp::Pow && (l.isFloat || r.isFloat)) {
    // CPython's float_pow (IRGen::pythonFloatChecks).
    double x = l.at(0), y = r.at(0), v = std::pow(x, y);
    if (x == 0.0 && y < 0.0 && std::isfinite(y))
      error = "ZeroDivisionError: 0.0 cannot be raised to a negative power";
    else if (std::isinf(v) && std::isfinite(x) && std::isfinite(y))
      error = "OverflowError: (34, 'Numerical result out of range')";
    if (!error.empty() || (std::isnan(v) && !std::isnan(x) && !std::isnan(y)))
      return std::nullopt; // a negative base to a fractional power is complex
    return Folded::number(v);
  }
  auto r0 = arithNumpy(op, l, r);
  if (r0)
    r0->numpy = numpyResult;
  return r0;
}

std::optional<Folded> foldCompare(CompareOp op, const Folded &lv, const Folded &rv) {
  const Folded *l = &lv, *r = &rv;
  if (l->dims.empty() && r->dims.empty())
    return std::nullopt;
  if (!l->dims.empty() && !r->dims.empty() && l->dims != r->dims)
    return std::nullopt;
  if (op != CompareOp::Lt && op != CompareOp::Le && op != CompareOp::Gt && op != CompareOp::Ge &&
      op != CompareOp::Eq && op != CompareOp::Ne)
    return std::nullopt;
  auto test = [&](auto x, auto y) {
    switch (op) {
    case CompareOp::Lt:
      return x < y;
    case CompareOp::Le:
      return x <= y;
    case CompareOp::Gt:
      return x > y;
    case CompareOp::Ge:
      return x >= y;
    case CompareOp::Eq:
      return x == y;
    default:
      return x != y;
    }
  };
  Folded out;
  out.dims = l->dims.empty() ? r->dims : l->dims;
  out.isBool = true;
  size_t n = l->dims.empty() ? r->size() : l->size();
  bool asFloat = l->isFloat || r->isFloat;
  for (size_t k = 0; k < n; ++k) {
    size_t a = l->dims.empty() ? 0 : k, b = r->dims.empty() ? 0 : k;
    bool v = asFloat ? test(l->at(a), r->at(b)) : test(l->i[a], r->i[b]);
    out.i.push_back(v ? 1 : 0);
  }
  return out;
}

} // namespace sema
} // namespace llcc
