//===- SemaConstFold.cpp - Module-level array constants computed once -------===//
//
// Filters are written with weight arrays made from others at module level:
//
//   KERNEL = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16.0
//   G = np.array([1.0, 4.0, 6.0, 4.0, 1.0]); G2 = np.outer(G, G) / G.sum() ** 2
//
// Such a constant is computed here, when compiling, and replaced by the
// np.array literal of its values, which the rest of the compiler already
// knows (a constant table, frontend/SemaTuple.cpp). The operations are those
// whose float64 results are exact IEEE operations, the same in C++ as in
// numpy: + - * / of arrays and numbers (numpy's broadcasting of a number or
// of equal shapes), unary minus, ints to a non-negative int power, np.ones,
// np.zeros, np.full, np.arange and np.linspace (numpy's own fill and
// formula), np.outer, .T, np.sqrt, np.abs, np.square, np.floor, ..., numpy's
// fast float powers (** 2 is x * x, ** 0.5 sqrt), and sums (numpy's
// pairwise summation of float64, started from 0.0). Other powers and
// np.exp, np.log, np.sin, ... are the C library's, computed on the compiling
// machine: the functions llcc's compiled code calls, which numpy's own SIMD
// loops can differ from in the last bit (docs/language.md, Numerics). Ints stay ints where numpy
// keeps them (an int result that would overflow int64 is not folded). Anything else that mixes
// arrays at module level is a diagnostic naming what is supported, instead of reaching code
// generation.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <cmath>
#include <optional>

namespace llcc {
namespace sema {

namespace {

/// A number or an array of numbers (C order), all ints or all floats.
struct Folded {
  std::vector<int64_t> dims; ///< empty for a number
  bool isFloat = false;
  std::vector<double> f;
  std::vector<int64_t> i;
  size_t size() const { return isFloat ? f.size() : i.size(); }
  double at(size_t k) const { return isFloat ? f[k] : static_cast<double>(i[k]); }
  void toFloat() {
    if (isFloat)
      return;
    f.clear();
    for (int64_t v : i)
      f.push_back(static_cast<double>(v));
    i.clear();
    isFloat = true;
  }
};

/// numpy's pairwise summation of float64 (umath loops_utils.h).
double pairwise(const double *a, size_t n) {
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
  return pairwise(a, n2) + pairwise(a + n2, n - n2);
}

class Folder {
public:
  Folder(const std::map<std::string, std::string> &aliases,
         const std::map<std::string, int> &constants, const Module &module)
      : aliases_(aliases), constants_(constants), module_(module) {}

  std::optional<Folded> fold(const Expr &e, int depth = 0) {
    if (depth > 64)
      return std::nullopt;
    if (auto *x = dyn_cast<IntLiteralExpr>(&e)) {
      if (x->overflow)
        return std::nullopt;
      Folded r;
      r.i = {x->value};
      return r;
    }
    if (auto *x = dyn_cast<FloatLiteralExpr>(&e)) {
      Folded r;
      r.isFloat = true;
      r.f = {x->value};
      return r;
    }
    if (auto *u = dyn_cast<UnaryExpr>(&e)) {
      auto v = fold(*u->operand, depth + 1);
      if (!v || (u->op != UnaryExpr::Op::Neg && u->op != UnaryExpr::Op::Pos))
        return std::nullopt;
      if (u->op == UnaryExpr::Op::Neg) {
        for (double &x : v->f)
          x = -x;
        for (int64_t &x : v->i) {
          if (x == INT64_MIN)
            return std::nullopt;
          x = -x;
        }
      }
      return v;
    }
    if (auto *n = dyn_cast<NameExpr>(&e)) {
      auto it = constants_.find(n->name);
      if (it == constants_.end())
        return std::nullopt;
      return fold(*module_.constants[static_cast<size_t>(it->second)].value, depth + 1);
    }
    if (auto *a = dyn_cast<AttributeExpr>(&e)) {
      if (auto *base = dyn_cast<NameExpr>(a->value.get())) {
        // np.pi, math.e, ...: a module's constant
        auto alias = aliases_.find(base->name);
        double v;
        if (alias != aliases_.end() && findBuiltinConstant(alias->second + "." + a->attr, v)) {
          Folded r;
          r.isFloat = true;
          r.f = {v};
          return r;
        }
      }
      if (a->attr != "T")
        return std::nullopt;
      auto v = fold(*a->value, depth + 1);
      if (!v || v->dims.size() != 2)
        return v && v->dims.size() == 1 ? v : std::nullopt;
      return transpose(*v);
    }
    if (auto *b = dyn_cast<BinaryExpr>(&e)) {
      auto l = fold(*b->lhs, depth + 1), r = fold(*b->rhs, depth + 1);
      if (!l || !r)
        return std::nullopt;
      return arith(b->op, *l, *r);
    }
    if (auto *c = dyn_cast<CallExpr>(&e))
      return call(*c, depth);
    return std::nullopt;
  }

private:
  bool isNumpy(const Expr &base) const {
    auto *n = dyn_cast<NameExpr>(&base);
    if (!n)
      return false;
    auto it = aliases_.find(n->name);
    return it != aliases_.end() && it->second == "numpy";
  }

  std::optional<Folded> call(const CallExpr &c, int depth) {
    auto *attr = dyn_cast<AttributeExpr>(c.callee.get());
    if (!attr)
      return std::nullopt;
    bool numpy = isNumpy(*attr->value);
    const std::string &name = attr->attr;
    if (numpy && (name == "array" || name == "asarray") && c.args.size() == 1)
      return literal(c, depth);
    if (numpy && (name == "ones" || name == "zeros" || name == "full") && c.keywords.empty() &&
        c.args.size() == (name == "full" ? 2u : 1u))
      return filled(c, name, depth);
    if (numpy && name == "arange" && !c.args.empty() && c.args.size() <= 3) {
      // dtype=float (or np.float64): the same values as floats, as numpy
      // fills a float64 range of ints with exact ints
      std::optional<bool> toFloat = floatDtype(c);
      auto r = toFloat ? arange(c, depth) : std::nullopt;
      if (r && *toFloat)
        r->toFloat();
      return r;
    }
    if (numpy && name == "linspace")
      return linspace(c, depth);
    if (numpy && c.args.size() == 1 && c.keywords.empty())
      if (const ElementwiseFn *f = elementwise(name))
        return apply(*f, c, depth);
    if (numpy && name == "outer" && c.args.size() == 2 && c.keywords.empty()) {
      auto a = fold(*c.args[0], depth + 1), b = fold(*c.args[1], depth + 1);
      if (!a || !b)
        return std::nullopt;
      Folded r;
      r.dims = {static_cast<int64_t>(a->size()), static_cast<int64_t>(b->size())};
      r.isFloat = a->isFloat || b->isFloat;
      if (r.isFloat) {
        a->toFloat();
        b->toFloat();
      }
      for (size_t p = 0; p < a->size(); ++p)
        for (size_t q = 0; q < b->size(); ++q) {
          if (r.isFloat) {
            r.f.push_back(a->f[p] * b->f[q]);
          } else {
            int64_t v;
            if (__builtin_mul_overflow(a->i[p], b->i[q], &v))
              return std::nullopt;
            r.i.push_back(v);
          }
        }
      return r;
    }
    // x.sum() and np.sum(x): a number.
    const Expr *summed = nullptr;
    if (name == "sum" && !numpy && c.args.empty() && c.keywords.empty())
      summed = attr->value.get();
    else if (name == "sum" && numpy && c.args.size() == 1 && c.keywords.empty())
      summed = c.args[0].get();
    if (!summed)
      return std::nullopt;
    auto v = fold(*summed, depth + 1);
    if (!v || v->dims.empty())
      return std::nullopt;
    Folded r;
    r.isFloat = v->isFloat;
    if (v->isFloat) {
      // add's identity 0.0 plus the pairwise sum (a sum of -0.0s is 0.0).
      r.f = {0.0 + pairwise(v->f.data(), v->f.size())};
    } else {
      int64_t total = 0;
      for (int64_t x : v->i)
        if (__builtin_add_overflow(total, x, &total))
          return std::nullopt;
      r.i = {total};
    }
    return r;
  }

  /// The call's keywords: none (false), or dtype=float / np.float64 alone
  /// (true); nothing for any other keyword, which the folder leaves alone.
  static std::optional<bool> floatDtype(const CallExpr &c) {
    for (const KeywordArg &k : c.keywords) {
      const Expr *d = k.value.get();
      std::string dtype = isa<NameExpr>(d)        ? cast<NameExpr>(*d).name
                          : isa<AttributeExpr>(d) ? cast<AttributeExpr>(*d).attr
                                                  : "";
      if (k.name != "dtype" || (dtype != "float" && dtype != "float64"))
        return std::nullopt;
    }
    return !c.keywords.empty();
  }

  /// A number folded from `e`, or nothing.
  std::optional<Folded> number(const Expr &e, int depth) {
    auto v = fold(e, depth + 1);
    if (!v || !v->dims.empty())
      return std::nullopt;
    return v;
  }

  /// np.arange(stop), np.arange(start, stop[, step]) as numpy fills it:
  /// element 0 is start, element 1 start + step, and element k (k >= 2)
  /// start + k * delta, delta being element 1 minus element 0 (the dtype's
  /// fill); ints exactly, int64 when every argument is an int.
  std::optional<Folded> arange(const CallExpr &c, int depth) {
    std::vector<Folded> a;
    for (const ExprPtr &x : c.args) {
      auto v = number(*x, depth);
      if (!v)
        return std::nullopt;
      a.push_back(*v);
    }
    Folded start, stop = a[0], step;
    start.i = {0};
    step.i = {1};
    if (a.size() >= 2) {
      start = a[0];
      stop = a[1];
    }
    if (a.size() == 3)
      step = a[2];
    Folded r;
    r.isFloat = start.isFloat || stop.isFloat || step.isFloat;
    if (!r.isFloat) {
      int64_t lo = start.i[0], hi = stop.i[0], st = step.i[0];
      if (st == 0)
        return std::nullopt; // numpy raises; left to the constant's own checks
      for (int64_t v = lo; (st > 0 ? v < hi : v > hi) && r.i.size() <= 4096; v += st)
        r.i.push_back(v);
    } else {
      double lo = start.at(0), hi = stop.at(0), st = step.at(0);
      double len = std::ceil((hi - lo) / st);
      if (!(len >= 0) || len > 4096)
        return std::nullopt;
      auto n = static_cast<size_t>(len);
      for (size_t k = 0; k < n; ++k)
        r.f.push_back(k == 0 ? lo : k == 1 ? lo + st : 0.0);
      for (size_t k = 2; k < n; ++k)
        r.f[k] = lo + static_cast<double>(k) * (r.f[1] - r.f[0]);
    }
    if (r.size() == 0 || r.size() > 4096)
      return std::nullopt;
    r.dims = {static_cast<int64_t>(r.size())};
    return r;
  }

  /// np.linspace(start, stop, num=50, endpoint=True) as numpy 1.24 computes
  /// it: k * step + start (k / div * delta when the step is zero), and stop
  /// itself last when endpoint.
  std::optional<Folded> linspace(const CallExpr &c, int depth) {
    if (c.args.size() < 2 || c.args.size() > 3)
      return std::nullopt;
    auto start = number(*c.args[0], depth), stop = number(*c.args[1], depth);
    std::optional<Folded> num;
    if (c.args.size() == 3)
      num = number(*c.args[2], depth);
    bool endpoint = true;
    for (const KeywordArg &k : c.keywords) {
      if (k.name == "num" && !num) {
        num = number(*k.value, depth);
      } else if (k.name == "endpoint" && isa<BoolLiteralExpr>(k.value.get())) {
        endpoint = cast<BoolLiteralExpr>(*k.value).value;
      } else {
        return std::nullopt;
      }
    }
    if (!num) {
      num = Folded{};
      num->i = {50};
    }
    if (!start || !stop || num->isFloat || num->i[0] < 1 || num->i[0] > 4096)
      return std::nullopt;
    int64_t n = num->i[0];
    int64_t div = endpoint ? n - 1 : n;
    double lo = start->at(0), delta = stop->at(0) - lo;
    Folded r;
    r.isFloat = true;
    r.dims = {n};
    for (int64_t k = 0; k < n; ++k) {
      double y = static_cast<double>(k);
      if (div > 0) {
        double step = delta / static_cast<double>(div);
        y = step == 0 ? (y / static_cast<double>(div)) * delta : y * step;
      } else {
        y = y * delta;
      }
      r.f.push_back(y + lo);
    }
    if (endpoint && n > 1)
      r.f.back() = stop->at(0);
    return r;
  }

  /// One of numpy's elementwise functions, as llcc computes it in a
  /// function: exact IEEE operations, or the C library (the same calls the
  /// compiled code makes).
  enum class OnInts { ToFloat, Abs, Square }; ///< what the function does to ints
  struct ElementwiseFn {
    const char *name;
    double (*fn)(double);
    OnInts onInts = OnInts::ToFloat;
  };
  static const ElementwiseFn *elementwise(const std::string &name) {
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
        {"exp", [](double x) { return std::exp(x); }},
        {"exp2", [](double x) { return std::exp2(x); }},
        {"expm1", [](double x) { return std::expm1(x); }},
        {"log", [](double x) { return std::log(x); }},
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

  std::optional<Folded> apply(const ElementwiseFn &f, const CallExpr &c, int depth) {
    auto v = fold(*c.args[0], depth + 1);
    if (!v)
      return std::nullopt;
    if (!v->isFloat && f.onInts != OnInts::ToFloat) {
      for (int64_t &x : v->i) {
        if (x == INT64_MIN)
          return std::nullopt;
        if (f.onInts == OnInts::Abs)
          x = x < 0 ? -x : x;
        else if (__builtin_mul_overflow(x, x, &x))
          return std::nullopt;
      }
      return v;
    }
    v->toFloat();
    for (double &x : v->f)
      x = f.fn(x);
    return v;
  }

  /// np.ones(shape), np.zeros(shape) (float64) and np.full(shape, v) (v's
  /// kind), shape an int or a pair of ints.
  std::optional<Folded> filled(const CallExpr &c, const std::string &name, int depth) {
    Folded r;
    std::vector<const Expr *> extents;
    if (auto *t = dyn_cast<TupleExpr>(c.args[0].get())) {
      for (const ExprPtr &x : t->elements)
        extents.push_back(x.get());
    } else {
      extents.push_back(c.args[0].get());
    }
    if (extents.empty() || extents.size() > 2)
      return std::nullopt;
    size_t n = 1;
    for (const Expr *x : extents) {
      auto v = fold(*x, depth + 1);
      if (!v || !v->dims.empty() || v->isFloat || v->i[0] < 0 || v->i[0] > 4096)
        return std::nullopt;
      r.dims.push_back(v->i[0]);
      n *= static_cast<size_t>(v->i[0]);
    }
    Folded value;
    value.isFloat = true;
    value.f = {name == "ones" ? 1.0 : 0.0};
    if (name == "full") {
      auto v = fold(*c.args[1], depth + 1);
      if (!v || !v->dims.empty())
        return std::nullopt;
      value = *v;
    }
    r.isFloat = value.isFloat;
    if (r.isFloat)
      r.f.assign(n, value.f[0]);
    else
      r.i.assign(n, value.i[0]);
    return r;
  }

  /// np.array([...]) of numbers, or of rows of numbers, with dtype=.
  std::optional<Folded> literal(const CallExpr &c, int depth) {
    const Expr &data = *c.args[0];
    Folded r;
    auto items = [](const Expr &x) -> const std::vector<ExprPtr> * {
      if (auto *t = dyn_cast<TupleExpr>(&x))
        return &t->elements;
      if (auto *l = dyn_cast<ListExpr>(&x))
        return &l->elements;
      return nullptr;
    };
    const std::vector<ExprPtr> *outer = items(data);
    if (!outer || outer->empty())
      return std::nullopt;
    std::vector<const Expr *> leaves;
    int64_t width = -1;
    bool nested = items(*outer->front()) != nullptr;
    for (const ExprPtr &x : *outer) {
      const std::vector<ExprPtr> *row = items(*x);
      if ((row != nullptr) != nested)
        return std::nullopt;
      if (!row) {
        leaves.push_back(x.get());
        continue;
      }
      if (width >= 0 && static_cast<int64_t>(row->size()) != width)
        return std::nullopt;
      width = static_cast<int64_t>(row->size());
      for (const ExprPtr &y : *row)
        leaves.push_back(y.get());
    }
    if (nested)
      r.dims = {static_cast<int64_t>(outer->size()), width};
    else
      r.dims = {static_cast<int64_t>(outer->size())};
    std::vector<Folded> values;
    for (const Expr *leaf : leaves) {
      auto v = fold(*leaf, depth + 1);
      if (!v || !v->dims.empty())
        return std::nullopt;
      r.isFloat |= v->isFloat;
      values.push_back(*v);
    }
    std::optional<bool> toFloat = floatDtype(c);
    if (!toFloat)
      return std::nullopt; // int dtypes truncate: left to the constant's own checks
    r.isFloat |= *toFloat;
    for (const Folded &v : values) {
      if (r.isFloat)
        r.f.push_back(v.at(0));
      else
        r.i.push_back(v.i[0]);
    }
    return r;
  }

  static std::optional<Folded> transpose(const Folded &v) {
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

  static std::optional<Folded> arith(BinaryOp op, Folded l, Folded r) {
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
    if (op != BinaryOp::Add && op != BinaryOp::Sub && op != BinaryOp::Mul &&
        op != BinaryOp::Div)
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

  const std::map<std::string, std::string> &aliases_;
  const std::map<std::string, int> &constants_;
  const Module &module_;
};

/// Whether `e` mentions an np.array (or np.outer) call or a constant
/// holding one: an array expression, rather than a number's.
bool mentionsArray(const Expr &e, const std::map<std::string, int> &constants,
                   const Module &module, int depth = 0) {
  if (depth > 64)
    return false;
  if (auto *c = dyn_cast<CallExpr>(&e)) {
    if (auto *a = dyn_cast<AttributeExpr>(c->callee.get());
        a &&
        (a->attr == "array" || a->attr == "asarray" || a->attr == "outer" || a->attr == "ones" ||
         a->attr == "zeros" || a->attr == "full" || a->attr == "arange" || a->attr == "linspace"))
      return true;
    for (const ExprPtr &x : c->args)
      if (mentionsArray(*x, constants, module, depth + 1))
        return true;
    if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()))
      return mentionsArray(*a->value, constants, module, depth + 1);
    return false;
  }
  if (auto *n = dyn_cast<NameExpr>(&e)) {
    auto it = constants.find(n->name);
    return it != constants.end() &&
           isNdarray(module.constants[static_cast<size_t>(it->second)].type);
  }
  if (auto *u = dyn_cast<UnaryExpr>(&e))
    return mentionsArray(*u->operand, constants, module, depth + 1);
  if (auto *b = dyn_cast<BinaryExpr>(&e))
    return mentionsArray(*b->lhs, constants, module, depth + 1) ||
           mentionsArray(*b->rhs, constants, module, depth + 1);
  if (auto *a = dyn_cast<AttributeExpr>(&e))
    return mentionsArray(*a->value, constants, module, depth + 1);
  return false;
}

} // namespace

bool Sema::foldArrayConstant(Constant &c) {
  auto *call = dyn_cast<CallExpr>(c.value.get());
  auto *callee = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
  bool plainLiteral = callee && (callee->attr == "array" || callee->attr == "asarray");
  if (plainLiteral || !mentionsArray(*c.value, constants_, module_))
    return true; // typed as it is (a literal, a number, a tuple)
  Folder folder(moduleAliases_, constants_, module_);
  std::optional<Folded> v = folder.fold(*c.value);
  if (!v || v->dims.empty() || v->dims.size() > 2) {
    diags_.error(c.value->loc(),
                 "a module-level array constant is np.array([...]) of numbers (1-D or 2-D), or "
                 "an array computed from such arrays, np.arange, np.linspace, np.ones, np.zeros, "
                 "np.full and numbers with + - * / **, np.outer, .T, .sum() and elementwise "
                 "functions (np.exp, np.sqrt, np.abs, ...), which llcc computes when compiling; "
                 "compute anything else (and numbers from arrays) inside the function");
    return false;
  }
  // The np.array literal of the values, in the constant's place.
  SourceLoc at = c.value->loc();
  auto number = [&](size_t k) -> ExprPtr {
    if (v->isFloat)
      return std::make_unique<FloatLiteralExpr>(at, v->f[k]);
    return std::make_unique<IntLiteralExpr>(at, v->i[k]);
  };
  std::vector<ExprPtr> elements;
  if (v->dims.size() == 1) {
    for (size_t k = 0; k < v->size(); ++k)
      elements.push_back(number(k));
  } else {
    auto cols = static_cast<size_t>(v->dims[1]);
    for (int64_t r = 0; r < v->dims[0]; ++r) {
      std::vector<ExprPtr> row;
      for (size_t k = 0; k < cols; ++k)
        row.push_back(number(static_cast<size_t>(r) * cols + k));
      elements.push_back(std::make_unique<ListExpr>(at, std::move(row)));
    }
  }
  std::vector<ExprPtr> args;
  args.push_back(std::make_unique<ListExpr>(at, std::move(elements)));
  auto arrayCallee = std::make_unique<AttributeExpr>(
      at, std::make_unique<NameExpr>(at, numpyAlias()), "array");
  c.value = std::make_unique<CallExpr>(at, std::move(arrayCallee), std::move(args),
                                       std::vector<KeywordArg>{});
  return true;
}

} // namespace sema
} // namespace llcc
