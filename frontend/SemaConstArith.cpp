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
#include "NumpyAsinAcos.h"
#include "NumpyAsinh.h"
#include "NumpyAtan.h"
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

#include <algorithm>
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
      {"exp2", [](double x) { return numpyExp2(x); }},
      {"expm1", [](double x) { return numpyExpm1(x); }},
      {"log", [](double x) { return numpyLog(x); }},
      {"log2", [](double x) { return numpyLog2(x); }},
      {"log10", [](double x) { return numpyLog10(x); }},
      {"log1p", [](double x) { return numpyLog1p(x); }},
      {"cbrt", [](double x) { return numpyCbrt(x); }},
      {"sin", [](double x) { return numpySin(x); }},
      {"cos", [](double x) { return numpyCos(x); }},
      {"tan", [](double x) { return numpyTan(x); }},
      {"sinh", [](double x) { return numpySinh(x); }},
      {"cosh", [](double x) { return numpyCosh(x); }},
      {"tanh", [](double x) { return numpyTanh(x); }},
      {"arctan", [](double x) { return numpyArctan(x); }},
      {"arcsin", [](double x) { return numpyArcsin(x); }},
      {"arccos", [](double x) { return numpyArccos(x); }},
      {"arctanh", [](double x) { return numpyArctanh(x); }},
      {"arcsinh", [](double x) { return numpyArcsinh(x); }},
      {"arccosh", [](double x) { return numpyArccosh(x); }},
  };
  for (const ElementwiseFn &f : Table)
    if (name == f.name)
      return &f;
  return nullptr;
}

/// For each element of an array of shape `out`, the element of an array
/// of shape `in` (broadcast to `out`) it reads.
std::vector<size_t> broadcastIndices(const std::vector<int64_t> &in,
                                     const std::vector<int64_t> &out) {
  int64_t n = 1;
  for (int64_t d : out)
    n *= d;
  std::vector<size_t> idx(static_cast<size_t>(n));
  size_t shift = out.size() - in.size();
  for (int64_t p = 0; p < n; ++p) {
    int64_t rest = p, at = 0, stride = 1;
    for (size_t d = out.size(); d-- > 0;) {
      int64_t coord = rest % out[d];
      rest /= out[d];
      if (d < shift)
        continue;
      int64_t extent = in[d - shift];
      at += (extent == 1 ? 0 : coord) * stride;
      stride *= extent;
    }
    idx[static_cast<size_t>(p)] = static_cast<size_t>(at);
  }
  return idx;
}

/// The broadcast shape of two operands and, for each of its elements,
/// the element of each operand it reads; false when the shapes do not
/// broadcast.
bool broadcastPair(const Folded &l, const Folded &r, std::vector<int64_t> &dims,
                   std::vector<size_t> &a, std::vector<size_t> &b) {
  if (!broadcastShapes(l.dims, r.dims, dims))
    return false;
  a = broadcastIndices(l.dims, dims);
  b = broadcastIndices(r.dims, dims);
  return true;
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
      // the power ufunc's loop (numpyPow: SVML's on AVX512_SKX, else the
      // C library's). An int array to a float power is the loop's (numpy
      // casts), but ** 2.0 still squares the cast values.
      bool fast = l.isFloat;
      l.toFloat();
      r.toFloat();
      double e = r.f[0];
      for (double &x : l.f)
        x = !fast       ? (e == 2.0 ? x * x : numpyPow(x, e))
            : e == 2.0  ? x * x
            : e == 0.5  ? std::sqrt(x)
            : e == -1.0 ? 1.0 / x
            : e == 1.0  ? x
            : e == 0.0  ? 1.0
                        : numpyPow(x, e);
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
  // numpy's broadcasting: a number, or arrays of shapes that broadcast.
  std::vector<int64_t> dims;
  std::vector<size_t> ia, ib;
  if (!broadcastPair(l, r, dims, ia, ib))
    return std::nullopt;
  size_t n = ia.size();
  Folded out;
  out.dims = dims;
  out.isFloat = l.isFloat || r.isFloat || op == BinaryOp::Div;
  if (out.isFloat) {
    l.toFloat();
    r.toFloat();
  }
  for (size_t k = 0; k < n; ++k) {
    size_t a = ia[k], b = ib[k];
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

/// numpy's text of a shape: `(3,)`, `(5, 5)`.
std::string shapeText(const std::vector<int64_t> &dims) {
  std::string out = "(";
  for (size_t k = 0; k < dims.size(); ++k)
    out += (k ? ", " : "") + std::to_string(dims[k]);
  return out + (dims.size() == 1 ? ",)" : ")");
}

} // namespace

bool broadcastShapes(const std::vector<int64_t> &a, const std::vector<int64_t> &b,
                     std::vector<int64_t> &out) {
  size_t n = std::max(a.size(), b.size());
  out.assign(n, 1);
  for (size_t k = 0; k < n; ++k) {
    int64_t x = k < n - a.size() ? 1 : a[k - (n - a.size())];
    int64_t y = k < n - b.size() ? 1 : b[k - (n - b.size())];
    if (x != y && x != 1 && y != 1)
      return false;
    out[k] = x == 1 ? y : x;
  }
  return true;
}

std::optional<Folded> foldReduce(const std::string &name, const Folded &v) {
  if (v.dims.empty() || v.size() == 0)
    return std::nullopt;
  Folded r;
  r.numpy = true;
  if (name == "mean") {
    // add.reduce in float64 (pairwise), then divided by the count.
    Folded f = v;
    f.toFloat();
    r.isFloat = true;
    r.f = {(0.0 + pairwiseSum(f.f.data(), f.f.size())) / static_cast<double>(f.size())};
    return r;
  }
  if (name != "max" && name != "min")
    return std::nullopt;
  bool max = name == "max";
  r.isFloat = v.isFloat;
  r.isBool = v.isBool;
  if (v.isFloat) {
    double best = v.f[0];
    for (double x : v.f) {
      if (std::isnan(best))
        break;
      if (std::isnan(x) || (max ? x > best : x < best))
        best = x;
    }
    r.f = {best};
  } else {
    r.i = {max ? *std::max_element(v.i.begin(), v.i.end())
               : *std::min_element(v.i.begin(), v.i.end())};
  }
  return r;
}

std::optional<Folded> foldReshape(Folded v, std::vector<int64_t> shape) {
  int64_t known = 1;
  int unknown = -1;
  for (size_t k = 0; k < shape.size(); ++k) {
    if (shape[k] == -1 && unknown < 0)
      unknown = static_cast<int>(k);
    else if (shape[k] < 0)
      return std::nullopt;
    else
      known *= shape[k];
  }
  auto n = static_cast<int64_t>(v.size());
  if (unknown >= 0 && known > 0 && n % known == 0)
    shape[static_cast<size_t>(unknown)] = n / known;
  else if (unknown >= 0 || known != n)
    return std::nullopt;
  v.dims = shape;
  return v;
}

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
  std::vector<int64_t> dims;
  std::vector<size_t> ia, ib;
  if (!scalars && !broadcastPair(l, r, dims, ia, ib)) {
    error = "ValueError: operands could not be broadcast together with shapes " +
            shapeText(l.dims) + " " + shapeText(r.dims);
    return std::nullopt;
  }
  if (l.isBool && r.isBool && !scalars &&
      (op == BinaryOp::BitAnd || op == BinaryOp::BitOr || op == BinaryOp::BitXor)) {
    // & | ^ of bool arrays (or an array and a bool): bool arrays.
    Folded out = l;
    out.dims = dims;
    out.i.resize(ia.size());
    for (size_t k = 0; k < out.i.size(); ++k) {
      int64_t a = l.i[ia[k]], b = r.i[ib[k]];
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
  std::vector<int64_t> dims;
  std::vector<size_t> ia, ib;
  if (l->dims.empty() && r->dims.empty())
    return std::nullopt;
  if (!broadcastPair(*l, *r, dims, ia, ib))
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
  out.dims = dims;
  out.isBool = true;
  bool asFloat = l->isFloat || r->isFloat;
  for (size_t k = 0; k < ia.size(); ++k) {
    size_t a = ia[k], b = ib[k];
    bool v = asFloat ? test(l->at(a), r->at(b)) : test(l->i[a], r->i[b]);
    out.i.push_back(v ? 1 : 0);
  }
  return out;
}

std::optional<Folded> foldIntegerOp(BinaryOp op, Folded l, Folded r, std::string &error) {
  if (!l.dims.empty() || !r.dims.empty() || l.size() != 1 || r.size() != 1)
    return std::nullopt;
  bool numpy = l.numpy || r.numpy;
  if (numpy && (l.isBool || r.isBool))
    return std::nullopt; // numpy's bools: not folded
  if (op == BinaryOp::FloorDiv || op == BinaryOp::Mod) {
    bool mod = op == BinaryOp::Mod;
    if (!l.isFloat && !r.isFloat) {
      int64_t a = l.i[0], b = r.i[0];
      if (b == 0) {
        if (!numpy) // numpy gives 0 and warns: not folded
          error = mod ? "ZeroDivisionError: integer modulo by zero"
                      : "ZeroDivisionError: integer division or modulo by zero";
        return std::nullopt;
      }
      if (a == INT64_MIN && b == -1)
        return std::nullopt;
      int64_t q = a / b, m = a % b;
      if (m != 0 && ((m < 0) != (b < 0))) {
        --q;
        m += b;
      }
      return Folded::integer(mod ? m : q, numpy);
    }
    // CPython's float_divmod (numpy's npy_divmod is the same).
    double vx = l.at(0), wx = r.at(0);
    if (wx == 0.0) {
      if (!numpy)
        error = mod ? "ZeroDivisionError: float modulo"
                    : "ZeroDivisionError: float floor division by zero";
      return std::nullopt;
    }
    double m = std::fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m != 0.0) {
      if ((wx < 0) != (m < 0)) {
        m += wx;
        div -= 1.0;
      }
    } else {
      m = std::copysign(0.0, wx);
    }
    double floordiv;
    if (div != 0.0) {
      floordiv = std::floor(div);
      if (div - floordiv > 0.5)
        floordiv += 1.0;
    } else {
      floordiv = std::copysign(0.0, vx / wx);
    }
    if (std::isnan(vx) || std::isnan(wx) || std::isinf(vx) || std::isinf(wx))
      return std::nullopt; // CPython's and numpy's special cases: not folded
    return Folded::number(mod ? m : floordiv, numpy);
  }
  if (l.isFloat || r.isFloat)
    return std::nullopt; // TypeError in Python
  int64_t a = l.i[0], b = r.i[0];
  if (op == BinaryOp::BitAnd || op == BinaryOp::BitOr || op == BinaryOp::BitXor) {
    int64_t v = op == BinaryOp::BitAnd ? (a & b) : op == BinaryOp::BitOr ? (a | b) : (a ^ b);
    if (l.isBool && r.isBool)
      return Folded::boolean(v != 0); // True & False is a bool
    return Folded::integer(v, numpy);
  }
  if (op == BinaryOp::LShift || op == BinaryOp::RShift) {
    if (b < 0) {
      if (!numpy)
        error = "ValueError: negative shift count";
      return std::nullopt;
    }
    if (op == BinaryOp::RShift)
      return b >= 64 ? (numpy ? std::nullopt : std::optional<Folded>(Folded::integer(a < 0 ? -1 : 0)))
                     : std::optional<Folded>(Folded::integer(a >> b, numpy));
    if (a == 0)
      return Folded::integer(0, numpy);
    if (b >= 63)
      return std::nullopt; // beyond int64
    int64_t v = static_cast<int64_t>(static_cast<uint64_t>(a) << b);
    if ((v >> b) != a)
      return std::nullopt;
    return Folded::integer(v, numpy);
  }
  return std::nullopt;
}

} // namespace sema
} // namespace llcc
