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
#include "ConstFold.h"
#include "SemaImpl.h"
#include "Window.h"

#include <cmath>
#include <optional>

namespace llcc {
namespace sema {

namespace {

class Folder {
public:
  Folder(const std::map<std::string, std::string> &aliases,
         const std::map<std::string, std::string> &fromNames,
         const std::map<std::string, int> &constants, const Module &module)
      : aliases_(aliases), fromNames_(fromNames), constants_(constants), module_(module) {}

  /// The exception CPython raises computing the constant ("ValueError:
  /// math domain error"), and where; empty when none.
  std::string raised;
  SourceLoc raisedAt;

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
    if (auto *x = dyn_cast<BoolLiteralExpr>(&e))
      return Folded::boolean(x->value);
    if (auto *u = dyn_cast<UnaryExpr>(&e)) {
      auto v = fold(*u->operand, depth + 1);
      if (!v || u->op == UnaryExpr::Op::Not)
        return std::nullopt;
      if (v->isBool && v->dims.empty() && !v->numpy)
        v->isBool = false; // -True, ~True: Python's ints
      if (u->op == UnaryExpr::Op::Invert) {
        // ~ of a bool array is its negation; of ints, -x - 1.
        if (v->isFloat)
          return std::nullopt;
        for (int64_t &x : v->i)
          x = v->isBool ? !x : ~x;
        return v;
      }
      if (v->isBool)
        return std::nullopt; // numpy refuses - of bools
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
      double v;
      if (it == constants_.end() && fromNames_.count(n->name) &&
          findBuiltinConstant(fromNames_.at(n->name), v))
        return Folded::number(v); // from math import pi
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
      return foldTranspose(*v);
    }
    if (auto *b = dyn_cast<BinaryExpr>(&e)) {
      auto l = fold(*b->lhs, depth + 1), r = fold(*b->rhs, depth + 1);
      if (!l || !r)
        return std::nullopt;
      std::string error;
      auto v = foldArith(b->op, *l, *r, error);
      if (!error.empty() && raised.empty()) {
        raised = error;
        raisedAt = b->loc();
      }
      return v;
    }
    if (auto *c = dyn_cast<CompareExpr>(&e))
      return compare(*c, depth);
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

  /// The builtin a call names ("math.sqrt", "numpy.log", "abs"), or "".
  std::string calleeName(const CallExpr &c) const {
    if (auto *n = dyn_cast<NameExpr>(c.callee.get())) {
      if (constants_.count(n->name))
        return "";
      for (const auto &fn : module_.functions)
        if (fn->name == n->name)
          return ""; // a function of the file named like a builtin
      auto from = fromNames_.find(n->name);
      return from != fromNames_.end() ? from->second : n->name;
    }
    auto *attr = dyn_cast<AttributeExpr>(c.callee.get());
    auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
    auto alias = base ? aliases_.find(base->name) : aliases_.end();
    if (alias == aliases_.end() || constants_.count(base->name))
      return "";
    return alias->second + "." + attr->attr;
  }

  /// A call of numbers (math.sqrt(2), int(x), np.log(2.0), max(a, b)), as
  /// llcc computes it in a function (SemaConstCalls.cpp).
  std::optional<Folded> numberCall(const CallExpr &c, const std::string &name, int depth) {
    if (name.empty() || !c.keywords.empty())
      return std::nullopt;
    std::vector<Folded> args;
    for (const ExprPtr &x : c.args) {
      auto v = number(*x, depth);
      if (!v)
        return std::nullopt;
      args.push_back(*v);
    }
    std::string error;
    auto r = foldNumberCall(name, args, error);
    if (!error.empty() && raised.empty()) {
      raised = error;
      raisedAt = c.loc();
    }
    return r;
  }

  /// np.eye(n, m=None, k=0, dtype=float), np.identity(n, dtype=float).
  std::optional<Folded> eye(const CallExpr &c, bool identity, int depth) {
    std::vector<std::optional<Folded>> a;
    for (const ExprPtr &x : c.args)
      a.push_back(number(*x, depth));
    char dtype = 'f';
    for (const KeywordArg &k : c.keywords) {
      const Expr *d = k.value.get();
      std::string t = isa<NameExpr>(d)        ? cast<NameExpr>(*d).name
                      : isa<AttributeExpr>(d) ? cast<AttributeExpr>(*d).attr
                                              : "";
      if (k.name == "dtype" && (t == "float" || t == "float64"))
        dtype = 'f';
      else if (k.name == "dtype" && (t == "int" || t == "int64"))
        dtype = 'i';
      else if (k.name == "dtype" && (t == "bool" || t == "bool_"))
        dtype = 'b';
      else if (!identity && (k.name == "M" || k.name == "k")) {
        size_t at = k.name == "M" ? 1 : 2;
        if (a.size() > at)
          return std::nullopt; // given twice: CPython's TypeError
        a.resize(at + 1);
        a[at] = number(*k.value, depth);
      } else {
        return std::nullopt;
      }
    }
    if (a.empty() || a.size() > (identity ? 1u : 3u))
      return std::nullopt;
    int64_t v[3] = {0, -1, 0};
    for (size_t k = 0; k < a.size(); ++k) {
      if (!a[k] && k == 1)
        continue; // M=None
      if (!a[k] || a[k]->isFloat)
        return std::nullopt;
      v[k] = a[k]->i[0];
    }
    return foldEye(v[0], v[1] < 0 ? v[0] : v[1], v[2], dtype);
  }

  std::optional<Folded> compare(const CompareExpr &c, int depth) {
    if (c.ops.size() != 1)
      return std::nullopt;
    auto l = fold(*c.operands[0], depth + 1), r = fold(*c.operands[1], depth + 1);
    if (!l || !r)
      return std::nullopt;
    return foldCompare(c.ops[0], *l, *r);
  }

  std::optional<Folded> apply(const std::string &name, const CallExpr &c, int depth) {
    auto v = fold(*c.args[0], depth + 1);
    if (!v)
      return std::nullopt;
    return foldElementwise(name, *v);
  }

  std::optional<Folded> call(const CallExpr &c, int depth) {
    std::string qualified = calleeName(c);
    auto *attr = dyn_cast<AttributeExpr>(c.callee.get());
    if (!attr)
      return numberCall(c, qualified, depth);
    bool numpy = isNumpy(*attr->value);
    const std::string &name = attr->attr;
    if (numpy && (name == "eye" || name == "identity"))
      return eye(c, name == "identity", depth);
    if (numpy &&
        (name == "hanning" || name == "hamming" || name == "bartlett" || name == "blackman") &&
        c.args.size() == 1 && c.keywords.empty()) {
      auto m = number(*c.args[0], depth);
      return m && !m->isFloat ? foldWindowFunction(name, m->i[0]) : std::nullopt;
    }
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
      if (isFoldedElementwise(name)) {
        auto r = apply(name, c, depth);
        if (r)
          r->numpy = true; // np.sqrt(2.0) is a numpy.float64
        return r;
      }
    if (numpy && name == "outer" && c.args.size() == 2 && c.keywords.empty()) {
      auto a = fold(*c.args[0], depth + 1), b = fold(*c.args[1], depth + 1);
      if (!a || !b || a->isBool || b->isBool)
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
    if ((name == "ravel" || name == "flatten") && !numpy && c.args.empty() && c.keywords.empty()) {
      auto v = fold(*attr->value, depth + 1); // K.ravel(): its elements in C order
      if (!v || v->dims.empty())
        return std::nullopt;
      v->dims = {static_cast<int64_t>(v->size())};
      return v;
    }
    // x.sum() and np.sum(x): a number.
    const Expr *summed = nullptr;
    if (name == "sum" && !numpy && c.args.empty() && c.keywords.empty())
      summed = attr->value.get();
    else if (name == "sum" && numpy && c.args.size() == 1 && c.keywords.empty())
      summed = c.args[0].get();
    if (!summed)
      return numberCall(c, qualified, depth);
    auto v = fold(*summed, depth + 1);
    if (!v || v->dims.empty())
      return std::nullopt;
    Folded r;
    r.numpy = true;
    r.isFloat = v->isFloat;
    if (v->isFloat) {
      // add's identity 0.0 plus the pairwise sum (a sum of -0.0s is 0.0).
      r.f = {0.0 + pairwiseSum(v->f.data(), v->f.size())};
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

  /// Whether the call's keywords are dtype=bool (or np.bool_) alone.
  static bool isBoolDtype(const CallExpr &c) {
    if (c.keywords.size() != 1 || c.keywords[0].name != "dtype")
      return false;
    const Expr *d = c.keywords[0].value.get();
    if (auto *n = dyn_cast<NameExpr>(d))
      return n->name == "bool";
    auto *a = dyn_cast<AttributeExpr>(d);
    return a && (a->attr == "bool_" || a->attr == "bool");
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
    r.isBool = value.isBool;
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
    bool allBool = true;
    for (const Expr *leaf : leaves) {
      auto v = fold(*leaf, depth + 1);
      if (!v || !v->dims.empty())
        return std::nullopt;
      r.isFloat |= v->isFloat;
      allBool &= v->isBool;
      values.push_back(*v);
    }
    if (isBoolDtype(c)) {
      // dtype=bool: each value's truth (NaN is true)
      r.isFloat = false;
      r.isBool = true;
      for (const Folded &v : values)
        r.i.push_back(v.at(0) != 0.0 ? 1 : 0);
      return r;
    }
    std::optional<bool> toFloat = floatDtype(c);
    if (!toFloat)
      return std::nullopt; // int dtypes truncate: left to the constant's own checks
    r.isFloat |= *toFloat;
    r.isBool = allBool && !r.isFloat;
    for (const Folded &v : values) {
      if (r.isFloat)
        r.f.push_back(v.at(0));
      else
        r.i.push_back(v.i[0]);
    }
    return r;
  }

  const std::map<std::string, std::string> &aliases_;
  const std::map<std::string, std::string> &fromNames_;
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
        a && (a->attr == "array" || a->attr == "asarray" || a->attr == "outer" ||
              a->attr == "ones" || a->attr == "zeros" || a->attr == "full" || a->attr == "arange" ||
              a->attr == "linspace" || a->attr == "eye" || a->attr == "identity" ||
              a->attr == "hanning" || a->attr == "hamming" || a->attr == "bartlett" ||
              a->attr == "blackman" || a->attr == "ravel" || a->attr == "flatten"))
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
  if (auto *c = dyn_cast<CompareExpr>(&e)) {
    for (const ExprPtr &x : c->operands)
      if (mentionsArray(*x, constants, module, depth + 1))
        return true;
  }
  return false;
}

/// Whether `e` holds a call (outside a lambda or comprehension).
bool mentionsCall(const Expr &e) {
  if (isa<CallExpr>(&e))
    return true;
  if (auto *u = dyn_cast<UnaryExpr>(&e))
    return mentionsCall(*u->operand);
  if (auto *b = dyn_cast<BinaryExpr>(&e))
    return mentionsCall(*b->lhs) || mentionsCall(*b->rhs);
  const std::vector<ExprPtr> *items = isa<TupleExpr>(&e)  ? &cast<TupleExpr>(e).elements
                                      : isa<ListExpr>(&e) ? &cast<ListExpr>(e).elements
                                                          : nullptr;
  if (items)
    for (const ExprPtr &x : *items)
      if (mentionsCall(*x))
        return true;
  return false;
}

} // namespace

/// The literal of a folded number: a float, an int or a bool, as
/// np.float64(x) or np.int64(n) when CPython's value is a numpy scalar.
ExprPtr Sema::foldedLiteral(const Folded &v, size_t k, SourceLoc at, bool numpyScalar) {
  ExprPtr lit;
  if (v.isFloat)
    lit = std::make_unique<FloatLiteralExpr>(at, v.f[k]);
  else if (v.isBool)
    lit = std::make_unique<BoolLiteralExpr>(at, v.i[k] != 0);
  else
    lit = std::make_unique<IntLiteralExpr>(at, v.i[k]);
  if (!numpyScalar)
    return lit;
  std::vector<ExprPtr> args;
  args.push_back(std::move(lit));
  auto callee = std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, numpyAlias()),
                                                v.isFloat ? "float64" : "int64");
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                    std::vector<KeywordArg>{});
}

/// Reports CPython's exception for a constant that raises; false then.
bool Sema::constantRaises(const std::string &raised, SourceLoc at) {
  if (raised.empty())
    return true;
  diags_.error(at, "CPython raises " + raised + " computing this module-level constant");
  return false;
}

/// The calls in a constant of numbers, each replaced by its value:
/// `INV = 1.0 / math.sqrt(2 * math.pi)` becomes `INV = 1.0 / 0.3989...`
/// (the whole value when the folder computes all of it); false after a
/// diagnostic.
bool Sema::foldConstantCalls(ExprPtr &e, int depth) {
  if (depth > 64 || !mentionsCall(*e))
    return true;
  if (auto *c = dyn_cast<CallExpr>(e.get())) {
    if (foldFloatOfString(*c) < 0)
      return false;
    for (ExprPtr &a : c->args)
      if (auto *inner = dyn_cast<CallExpr>(a.get()); inner && foldFloatOfString(*inner) < 0)
        return false;
  }
  Folder folder(moduleAliases_, fromNames_, constants_, module_);
  std::optional<Folded> v = folder.fold(*e);
  if (!constantRaises(folder.raised, folder.raisedAt))
    return false;
  if (v && v->dims.empty() && !(v->isBool && v->numpy)) {
    e = foldedLiteral(*v, 0, e->loc(), v->numpy);
    return true;
  }
  // Fold what can be folded inside: operands, members, arguments.
  if (auto *u = dyn_cast<UnaryExpr>(e.get()))
    return foldConstantCalls(u->operand, depth + 1);
  if (auto *b = dyn_cast<BinaryExpr>(e.get()))
    return foldConstantCalls(b->lhs, depth + 1) && foldConstantCalls(b->rhs, depth + 1);
  std::vector<ExprPtr> *items = isa<TupleExpr>(e.get())  ? &cast<TupleExpr>(*e).elements
                                : isa<ListExpr>(e.get()) ? &cast<ListExpr>(*e).elements
                                                         : nullptr;
  if (auto *c = dyn_cast<CallExpr>(e.get()))
    items = &c->args;
  if (items)
    for (ExprPtr &x : *items)
      if (!foldConstantCalls(x, depth + 1))
        return false;
  return true;
}

bool Sema::foldArrayConstant(Constant &c) {
  auto *call = dyn_cast<CallExpr>(c.value.get());
  auto *callee = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
  bool plainLiteral = callee && (callee->attr == "array" || callee->attr == "asarray");
  if (plainLiteral && !call->keywords.empty() && call->keywords[0].name == "dtype" && [&] {
        const Expr *d = call->keywords[0].value.get();
        return isa<NameExpr>(d) ? cast<NameExpr>(*d).name == "bool"
                                : isa<AttributeExpr>(d) && cast<AttributeExpr>(*d).attr == "bool_";
      }())
    plainLiteral = false; // dtype=bool: the truth of each value, folded below
  if (plainLiteral)
    return true; // typed as it is
  if (!mentionsArray(*c.value, constants_, module_))
    return foldConstantCalls(c.value); // a number (or a tuple of numbers)
  Folder folder(moduleAliases_, fromNames_, constants_, module_);
  std::optional<Folded> v = folder.fold(*c.value);
  if (!constantRaises(folder.raised, folder.raisedAt))
    return false;
  if (v && v->dims.empty() && !(v->isBool && v->numpy)) {
    c.value = foldedLiteral(*v, 0, c.value->loc(), v->numpy); // S = W.sum()
    return true;
  }
  if (!v || v->dims.empty() || v->dims.size() > 2) {
    diags_.error(c.value->loc(),
                 "a module-level array constant is np.array([...]) of numbers (1-D or 2-D), or "
                 "an array computed from such arrays, np.arange, np.linspace, np.ones, np.zeros, "
                 "np.full, np.eye, np.hanning, ... and numbers with + - * / **, comparisons, "
                 "np.outer, .T, .sum() and elementwise functions (np.exp, np.sqrt, np.abs, ...), "
                 "which llcc computes when compiling; compute anything else inside the function");
    return false;
  }
  // The np.array literal of the values, in the constant's place.
  SourceLoc at = c.value->loc();
  std::vector<ExprPtr> elements;
  if (v->dims.size() == 1) {
    for (size_t k = 0; k < v->size(); ++k)
      elements.push_back(foldedLiteral(*v, k, at, false));
  } else {
    auto cols = static_cast<size_t>(v->dims[1]);
    for (int64_t r = 0; r < v->dims[0]; ++r) {
      std::vector<ExprPtr> row;
      for (size_t k = 0; k < cols; ++k)
        row.push_back(foldedLiteral(*v, static_cast<size_t>(r) * cols + k, at, false));
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
