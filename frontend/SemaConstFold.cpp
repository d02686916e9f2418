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
#include <functional>
#include <optional>
#include <set>

namespace llcc {
namespace sema {

namespace {

class Folder {
public:
  Folder(const std::map<std::string, std::string> &aliases,
         const std::map<std::string, std::string> &fromNames,
         const std::map<std::string, int> &constants, const Module &module,
         const std::set<std::string> *transposed = nullptr)
      : aliases_(aliases), fromNames_(fromNames), constants_(constants), module_(module),
        transposed_(transposed) {}

  /// The exception CPython raises computing the constant ("ValueError:
  /// math domain error"), and where; empty when none.
  std::string raised;
  SourceLoc raisedAt;

  /// The targets of a module-level comprehension being computed
  /// (SemaConstComprehension.cpp): they hide constants of their names, and
  /// the folder then also computes what comprehensions are written with
  /// (`if`/`else`, `and`, `or`, `not`, comparisons of numbers, `//`, `%`,
  /// bit operations of ints, len(), `K[i, j]`).
  void bind(const Bound *bound) { bound_ = bound; }

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
      if (v && bound_ && u->op == UnaryExpr::Op::Not) {
        auto t = truth(*v);
        return t ? std::optional<Folded>(Folded::boolean(!*t)) : std::nullopt;
      }
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
      if (bound_) {
        if (auto b = bound_->values.find(n->name); b != bound_->values.end())
          return b->second;
        if (bound_->tuples.count(n->name))
          return std::nullopt; // a tuple: sequence()
      }
      auto it = constants_.find(n->name);
      double v;
      if (it == constants_.end() && fromNames_.count(n->name) &&
          findBuiltinConstant(fromNames_.at(n->name), v))
        return Folded::number(v); // from math import pi
      if (it == constants_.end())
        return std::nullopt;
      auto held = fold(*module_.constants[static_cast<size_t>(it->second)].value, depth + 1);
      if (held && transposed_ && transposed_->count(n->name))
        held->transposed = true;
      return held;
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
      auto t = foldTranspose(*v);
      if (t)
        t->transposed = !v->transposed;
      return t;
    }
    if (auto *b = dyn_cast<BinaryExpr>(&e)) {
      if (bound_ && (b->op == BinaryOp::And || b->op == BinaryOp::Or)) {
        // Python's: the left operand when it decides, else the right one.
        auto l = fold(*b->lhs, depth + 1);
        auto t = l ? truth(*l) : std::nullopt;
        if (!t)
          return std::nullopt;
        return *t == (b->op == BinaryOp::Or) ? l : fold(*b->rhs, depth + 1);
      }
      auto l = fold(*b->lhs, depth + 1), r = fold(*b->rhs, depth + 1);
      if (!l || !r)
        return std::nullopt;
      std::string error;
      auto v = foldArith(b->op, *l, *r, error);
      if (!v && error.empty() && bound_)
        v = foldIntegerOp(b->op, *l, *r, error);
      if (!error.empty() && raised.empty()) {
        raised = error;
        raisedAt = b->loc();
      }
      if (v)
        v->transposed = sameOrder(*l, *r);
      return v;
    }
    if (auto *c = dyn_cast<CompareExpr>(&e))
      return compare(*c, depth);
    if (auto *x = dyn_cast<IfExpExpr>(&e); x && bound_) {
      auto c = fold(*x->cond, depth + 1);
      auto t = c ? truth(*c) : std::nullopt;
      if (!t)
        return std::nullopt;
      return fold(*t ? *x->thenExpr : *x->elseExpr, depth + 1);
    }
    if (auto *c = dyn_cast<CallExpr>(&e))
      return call(*c, depth);
    if (auto *s = dyn_cast<SubscriptExpr>(&e))
      return subscript(*s, depth);
    return std::nullopt;
  }

  /// The items `A, B = e` unpacks, each a number or an array: the arrays
  /// of np.mgrid[...], np.ogrid[...] and np.meshgrid(...), the members of
  /// a tuple or list (written out, or a constant holding one), the rows of
  /// an array (numpy scalars for a 1-D array); nothing when not computed.
  std::optional<std::vector<Folded>> sequence(const Expr &e, int depth = 0) {
    if (depth > 64)
      return std::nullopt;
    std::vector<Folded> out;
    if (auto *n = dyn_cast<NameExpr>(&e); n && bound_) {
      if (auto b = bound_->tuples.find(n->name); b != bound_->tuples.end())
        return b->second;
      if (bound_->values.count(n->name))
        return rows(e, depth);
    }
    if (auto *n = dyn_cast<NameExpr>(&e); n && constants_.count(n->name)) {
      const Expr &value = *module_.constants[static_cast<size_t>(constants_.at(n->name))].value;
      if (isa<TupleExpr>(&value) || isa<ListExpr>(&value))
        return sequence(value, depth + 1);
    }
    const std::vector<ExprPtr> *items = isa<TupleExpr>(&e)  ? &cast<TupleExpr>(e).elements
                                        : isa<ListExpr>(&e) ? &cast<ListExpr>(e).elements
                                                            : nullptr;
    if (items) {
      for (const ExprPtr &x : *items) {
        auto v = fold(*x, depth + 1);
        if (!v)
          return std::nullopt;
        out.push_back(std::move(*v));
      }
      return out;
    }
    if (auto *s = dyn_cast<SubscriptExpr>(&e))
      if (const char *grid = gridName(*s->value)) {
        auto g = foldGrid(*s->index, grid[0] == 'o', args(depth));
        if (!g || !g->single)
          return g ? std::optional<std::vector<Folded>>(std::move(g->arrays)) : std::nullopt;
      }
    if (auto *c = dyn_cast<CallExpr>(&e))
      if (auto *a = dyn_cast<AttributeExpr>(c->callee.get());
          a && a->attr == "meshgrid" && isNumpy(*a->value))
        return foldMeshgrid(*c, args(depth));
    // `I, J = np.indices((4, 4))`: one int array per dimension, element
    // (i0, i1, ...) of array k holding ik, as np.mgrid[0:4, 0:4].
    if (auto *c = dyn_cast<CallExpr>(&e))
      if (auto *a = dyn_cast<AttributeExpr>(c->callee.get());
          a && a->attr == "indices" && isNumpy(*a->value) && c->args.size() == 1 &&
          c->keywords.empty()) {
        auto dims = sequence(*c->args[0], depth + 1);
        if (!dims || dims->empty() || dims->size() > 3)
          return std::nullopt;
        std::vector<int64_t> extents;
        for (const Folded &d : *dims) {
          if (!d.dims.empty() || d.isFloat || d.isBool || d.i.empty() || d.i[0] < 0 ||
              d.i[0] > 4096)
            return std::nullopt;
          extents.push_back(d.i[0]);
        }
        int64_t total = 1;
        for (int64_t x : extents)
          total *= x;
        for (size_t k = 0; k < extents.size(); ++k) {
          Folded g;
          g.dims = extents;
          int64_t inner = 1;
          for (size_t d = k + 1; d < extents.size(); ++d)
            inner *= extents[d];
          for (int64_t q = 0; q < total; ++q)
            g.i.push_back((q / inner) % extents[k]);
          out.push_back(std::move(g));
        }
        return out;
      }
    if (auto *a = dyn_cast<AttributeExpr>(&e); a && a->attr == "shape") {
      // `H, W = K.shape`: Python ints
      auto v = fold(*a->value, depth + 1);
      if (!v || v->dims.empty())
        return std::nullopt;
      for (int64_t d : v->dims)
        out.push_back(Folded::integer(d));
      return out;
    }
    return rows(e, depth);
  }

  /// An array's rows, or its elements as numpy scalars.
  std::optional<std::vector<Folded>> rows(const Expr &e, int depth) {
    std::vector<Folded> out;
    auto v = fold(e, depth + 1);
    if (!v || v->dims.empty())
      return std::nullopt;
    std::vector<int64_t> rowDims(v->dims.begin() + 1, v->dims.end());
    size_t width = v->dims[0] == 0 ? 0 : v->size() / static_cast<size_t>(v->dims[0]);
    for (int64_t r = 0; r < v->dims[0]; ++r) {
      Folded row;
      row.dims = rowDims;
      row.isFloat = v->isFloat;
      row.isBool = v->isBool;
      row.numpy = rowDims.empty();
      size_t from = static_cast<size_t>(r) * width;
      if (v->isFloat)
        row.f.assign(v->f.begin() + from, v->f.begin() + from + width);
      else
        row.i.assign(v->i.begin() + from, v->i.begin() + from + width);
      out.push_back(std::move(row));
    }
    return out;
  }

private:
  /// The truth of a number (NaN is true, as in Python); nothing for an array.
  static std::optional<bool> truth(const Folded &v) {
    if (!v.dims.empty() || v.size() != 1)
      return std::nullopt;
    return v.isFloat ? v.f[0] != 0.0 : v.i[0] != 0;
  }

  /// `a < b < c` of numbers, as Python compares them: exactly, an int
  /// with a float too (both fit a long double's 64-bit mantissa); a
  /// numpy scalar on either side makes a numpy bool.
  std::optional<Folded> compareNumbers(const CompareExpr &c, int depth) {
    auto l = fold(*c.operands[0], depth + 1);
    if (!l || !l->dims.empty())
      return std::nullopt;
    bool result = true, numpy = false;
    for (size_t k = 0; k < c.ops.size(); ++k) {
      auto r = fold(*c.operands[k + 1], depth + 1);
      if (!r || !r->dims.empty())
        return std::nullopt;
      numpy |= l->numpy || r->numpy;
      bool t;
      auto test = [&](auto x, auto y) {
        switch (c.ops[k]) {
        case CompareOp::Lt: return x < y;
        case CompareOp::Le: return x <= y;
        case CompareOp::Gt: return x > y;
        case CompareOp::Ge: return x >= y;
        case CompareOp::Eq: return x == y;
        case CompareOp::Ne: return x != y;
        default: return false;
        }
      };
      if (c.ops[k] != CompareOp::Lt && c.ops[k] != CompareOp::Le && c.ops[k] != CompareOp::Gt &&
          c.ops[k] != CompareOp::Ge && c.ops[k] != CompareOp::Eq && c.ops[k] != CompareOp::Ne)
        return std::nullopt;
      if (!l->isFloat && !r->isFloat)
        t = test(l->i[0], r->i[0]);
      else
        t = test(static_cast<long double>(l->isFloat ? l->f[0] : static_cast<long double>(l->i[0])),
                 static_cast<long double>(r->isFloat ? r->f[0] : static_cast<long double>(r->i[0])));
      if (!t) {
        result = false;
        break; // Python stops at the first false comparison
      }
      l = r;
    }
    Folded v = Folded::boolean(result);
    v.numpy = numpy;
    return v;
  }

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

  /// A number folded from `e`, or nothing.
  std::optional<Folded> number(const Expr &e, int depth) {
    auto v = fold(e, depth + 1);
    if (!v || !v->dims.empty())
      return std::nullopt;
    return v;
  }

  /// Folds the arguments of a call computed in SemaConstMake.cpp.
  FoldFn args(int depth) {
    return [this, depth](const Expr &x) { return fold(x, depth + 1); };
  }

  /// "mgrid" or "ogrid" when `e` is np.mgrid or np.ogrid, else null.
  const char *gridName(const Expr &e) const {
    auto *a = dyn_cast<AttributeExpr>(&e);
    if (!a || !isNumpy(*a->value))
      return nullptr;
    return a->attr == "mgrid" ? "mgrid" : a->attr == "ogrid" ? "ogrid" : nullptr;
  }

  /// np.mgrid[...] (one array: the grids stacked), np.ogrid[a:b] and an
  /// item of a sequence: `np.mgrid[-2:3, -2:3][0]`, `K[1]`, `T[-1]`.
  std::optional<Folded> subscript(const SubscriptExpr &s, int depth) {
    if (const char *grid = gridName(*s.value)) {
      auto g = foldGrid(*s.index, grid[0] == 'o', args(depth));
      if (!g || g->single)
        return g ? std::optional<Folded>(std::move(g->arrays[0])) : std::nullopt;
      if (grid[0] == 'o')
        return std::nullopt; // a list of arrays of different shapes
      Folded r = g->arrays[0];
      r.dims.insert(r.dims.begin(), static_cast<int64_t>(g->arrays.size()));
      for (size_t k = 1; k < g->arrays.size(); ++k) {
        r.f.insert(r.f.end(), g->arrays[k].f.begin(), g->arrays[k].f.end());
        r.i.insert(r.i.end(), g->arrays[k].i.begin(), g->arrays[k].i.end());
      }
      return r;
    }
    if (auto *t = dyn_cast<TupleExpr>(s.index.get()); t && bound_ && t->elements.size() == 2) {
      // K[i, j] of a 2-D array: a numpy scalar
      auto v = fold(*s.value, depth + 1);
      auto i = number(*t->elements[0], depth), j = number(*t->elements[1], depth);
      if (!v || v->dims.size() != 2 || !i || !j || i->isFloat || j->isFloat)
        return std::nullopt;
      int64_t r = i->i[0] < 0 ? i->i[0] + v->dims[0] : i->i[0];
      int64_t q = j->i[0] < 0 ? j->i[0] + v->dims[1] : j->i[0];
      if (r < 0 || r >= v->dims[0] || q < 0 || q >= v->dims[1])
        return std::nullopt;
      Folded x = Folded::integer(0, true);
      x.isBool = v->isBool;
      size_t at = static_cast<size_t>(r * v->dims[1] + q);
      if (v->isFloat)
        x = Folded::number(v->f[at], true);
      else
        x.i[0] = v->i[at];
      return x;
    }
    auto index = number(*s.index, depth);
    if (index && !index->isFloat && !index->isBool) {
      auto items = sequence(*s.value, depth + 1);
      auto n = items ? static_cast<int64_t>(items->size()) : 0;
      int64_t k = index->i[0] < 0 ? index->i[0] + n : index->i[0];
      if (!items || k < 0 || k >= n)
        return std::nullopt;
      return (*items)[static_cast<size_t>(k)];
    }
    // K[0, :], K[1:, ::2], W[W < 0.1] of a C-ordered array: a copy.
    auto v = fold(*s.value, depth + 1);
    if (!v || v->dims.empty() || v->transposed)
      return std::nullopt;
    return foldGetItem(*v, *s.index, args(depth));
  }

  /// `llcc.setitem(K[index], value)`: the parser's form of the store
  /// `K[index] = value` (`.aug` for `K[index] op= value`, which keeps K's
  /// dtype as numpy's in-place operators do).
  std::optional<Folded> store(const CallExpr &c, bool augmented, int depth) {
    auto *s = c.args.size() == 2 ? dyn_cast<SubscriptExpr>(c.args[0].get()) : nullptr;
    if (!s)
      return std::nullopt;
    auto target = fold(*s->value, depth + 1), value = arrayLike(*c.args[1], depth);
    if (!target || !value || target->dims.empty() || target->transposed)
      return std::nullopt;
    int rank = [](const Folded &v) { return v.isFloat ? 2 : v.isBool ? 0 : 1; }(*value);
    int targetRank = target->isFloat ? 2 : target->isBool ? 0 : 1;
    if (augmented && rank > targetRank) {
      if (raised.empty()) {
        raised = std::string("numpy.core._exceptions._UFuncOutputCastingError: Cannot cast "
                             "ufunc output from dtype('") +
                 (value->isFloat ? "float64" : "int64") + "') to dtype('" +
                 (target->isBool ? "bool" : "int64") + "') with casting rule 'same_kind'";
        raisedAt = c.loc();
      }
      return std::nullopt;
    }
    return foldSetItem(*target, *s->index, *value, args(depth));
  }

  /// A 1-D array of a list or tuple of numbers (written out, or a
  /// constant holding one), or the array `e` folds to.
  std::optional<Folded> arrayLike(const Expr &e, int depth) {
    const Expr *data = &e;
    for (int hops = 0; hops < 16 && isa<NameExpr>(data); ++hops) {
      auto it = constants_.find(cast<NameExpr>(data)->name);
      if (it == constants_.end())
        break;
      data = module_.constants[static_cast<size_t>(it->second)].value.get();
    }
    if (isa<ListExpr>(data) || isa<TupleExpr>(data)) {
      auto items = sequence(*data, depth + 1);
      return items ? foldSequenceArray(*items) : std::nullopt;
    }
    return fold(e, depth + 1);
  }

  /// The dtype a `.astype(t)` names: 'f', 'i', 'b', or 0.
  char dtypeCode(const Expr &t) const {
    std::string name;
    if (auto *n = dyn_cast<NameExpr>(&t))
      name = n->name;
    else if (auto *a = dyn_cast<AttributeExpr>(&t); a && isNumpy(*a->value))
      name = a->attr;
    else
      return 0;
    static const std::map<std::string, char> codes = {
        {"float", 'f'}, {"float64", 'f'}, {"float_", 'f'}, {"double", 'f'}, {"int", 'i'},
        {"int64", 'i'}, {"int_", 'i'},    {"bool", 'b'},   {"bool_", 'b'}};
    auto it = codes.find(name);
    return it == codes.end() ? 0 : it->second;
  }

  /// Python's sum, min and max of one list, tuple or array (items left
  /// to right), len() of one; a.astype(t), a.std(), a.var(), np.std(a),
  /// np.var(a) and np.outer of lists.
  std::optional<Folded> moreCalls(const CallExpr &c, const std::string &qualified, bool &handled,
                                  int depth) {
    handled = true;
    bool one = c.args.size() == 1 && c.keywords.empty();
    if (qualified == "len" && one) {
      auto items = sequence(*c.args[0], depth + 1);
      return items ? std::optional<Folded>(Folded::integer(static_cast<int64_t>(items->size())))
                   : std::nullopt;
    }
    if ((qualified == "sum" || qualified == "max" || qualified == "min") && one) {
      auto direct = fold(*c.args[0], depth + 1);
      if (!direct || direct->dims.empty()) {
        if (direct)
          return numberCall(c, qualified, depth); // max(3): a TypeError, not folded
      }
      auto items = sequence(*c.args[0], depth + 1);
      if (!items)
        return std::nullopt;
      if (qualified != "sum")
        return foldPythonMinMax(*items, qualified == "max");
      std::string error;
      auto r = foldPythonSum(*items, error);
      if (!error.empty() && raised.empty()) {
        raised = error;
        raisedAt = c.loc();
      }
      return r;
    }
    auto *attr = dyn_cast<AttributeExpr>(c.callee.get());
    bool numpy = attr && isNumpy(*attr->value);
    const std::string name = attr ? attr->attr : "";
    if (attr && !numpy && name == "astype" && one) {
      char code = dtypeCode(*c.args[0]);
      auto v = code ? fold(*attr->value, depth + 1) : std::nullopt;
      return v ? foldAstype(*v, code) : std::nullopt;
    }
    if (attr && (name == "std" || name == "var") && c.args.size() == (numpy ? 1u : 0u)) {
      int64_t ddof = 0;
      for (const KeywordArg &k : c.keywords) {
        auto d = k.name == "ddof" ? number(*k.value, depth) : std::nullopt;
        if (!d || d->isFloat || d->isBool)
          return std::nullopt;
        ddof = d->i[0];
      }
      auto v = fold(numpy ? *c.args[0] : *attr->value, depth + 1);
      return v ? foldVariance(*v, name == "std", ddof) : std::nullopt;
    }
    if (numpy && name == "outer" && c.args.size() == 2 && c.keywords.empty()) {
      auto a = arrayLike(*c.args[0], depth), b = arrayLike(*c.args[1], depth);
      if (!a || !b || a->isBool || b->isBool || a->dims.empty() || b->dims.empty())
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
    handled = false;
    return std::nullopt;
  }

  /// a.max(), a.min(), a.mean() and np.max(a), np.amax(a), np.min(a),
  /// np.amin(a), np.mean(a) of an array: numpy scalars.
  std::optional<Folded> reduction(const CallExpr &c, const AttributeExpr &attr, bool numpy,
                                  int depth) {
    std::string name = attr.attr == "amax" ? "max" : attr.attr == "amin" ? "min" : attr.attr;
    if ((name != "max" && name != "min" && name != "mean") || !c.keywords.empty() ||
        c.args.size() != (numpy ? 1u : 0u))
      return std::nullopt;
    auto v = fold(numpy ? *c.args[0] : *attr.value, depth + 1);
    return v ? foldReduce(name, v->inMemoryOrder()) : std::nullopt;
  }

  /// np.rot90(a, k), np.flipud(a), np.fliplr(a), np.flip(a[, axis]) and
  /// a.copy(): the same elements in numpy's new order, C-contiguous.
  std::optional<Folded> flipped(const CallExpr &c, const AttributeExpr &attr, bool numpy,
                                int depth) {
    if (!numpy && attr.attr == "copy" && c.args.empty() && c.keywords.empty()) {
      auto v = fold(*attr.value, depth + 1); // a C-ordered copy
      if (v)
        v->transposed = false;
      return v && !v->dims.empty() ? v : std::nullopt;
    }
    const std::string &name = attr.attr;
    if (!numpy || c.args.empty() ||
        !(name == "rot90" || name == "flip" || name == "flipud" || name == "fliplr"))
      return std::nullopt;
    auto v = fold(*c.args[0], depth + 1);
    if (!v || v->dims.empty() || v->dims.size() > 2)
      return std::nullopt;
    // The step argument: rot90's k, flip's axis (positional or keyword).
    const Expr *extra = c.args.size() > 1 ? c.args[1].get() : nullptr;
    for (const KeywordArg &k : c.keywords) {
      if (extra || k.name != (name == "rot90" ? "k" : "axis") || name == "flipud" ||
          name == "fliplr")
        return std::nullopt;
      extra = k.value.get();
    }
    if (c.args.size() > 2 || (extra && (name == "flipud" || name == "fliplr")))
      return std::nullopt;
    std::optional<int64_t> n;
    if (extra) {
      auto x = number(*extra, depth);
      if (!x || x->isFloat || x->isBool)
        return std::nullopt;
      n = x->i[0];
    }
    int64_t rows = v->dims[0], cols = v->dims.size() == 2 ? v->dims[1] : 1;
    bool twoD = v->dims.size() == 2;
    // Source (r, c) of each result element, in the result's C order.
    std::vector<size_t> order;
    std::vector<int64_t> dims = v->dims;
    bool r0transposed = v->transposed;
    auto at = [&](int64_t r, int64_t q) { return static_cast<size_t>(r * cols + q); };
    if (name == "rot90") {
      if (!twoD)
        return std::nullopt; // numpy: "Axes must be different."
      int64_t k = ((n.value_or(1) % 4) + 4) % 4;
      if (k % 2) {
        dims = {cols, rows};
        r0transposed = !v->transposed; // a view of the array's memory, axes swapped
      }
      for (int64_t i = 0; i < dims[0]; ++i)
        for (int64_t j = 0; j < dims[1]; ++j)
          order.push_back(k == 0   ? at(i, j)
                          : k == 1 ? at(j, cols - 1 - i)
                          : k == 2 ? at(rows - 1 - i, cols - 1 - j)
                                   : at(rows - 1 - j, i));
    } else {
      bool flipRows = true, flipCols = twoD;
      if (name == "flipud")
        flipCols = false;
      if (name == "fliplr") {
        if (!twoD)
          return std::nullopt; // numpy: "Input must be >= 2-d."
        flipRows = false;
      }
      if (n) {
        int64_t axis = *n < 0 ? *n + static_cast<int64_t>(v->dims.size()) : *n;
        if (axis < 0 || axis >= static_cast<int64_t>(v->dims.size()))
          return std::nullopt;
        flipRows = axis == 0;
        flipCols = axis == 1;
      }
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j)
          order.push_back(at(flipRows ? rows - 1 - i : i, flipCols ? cols - 1 - j : j));
    }
    Folded r = *v;
    r.dims = dims;
    r.transposed = r0transposed && rows > 1 && cols > 1;
    for (size_t p = 0; p < order.size(); ++p) {
      if (v->isFloat)
        r.f[p] = v->f[order[p]];
      else
        r.i[p] = v->i[order[p]];
    }
    return r;
  }

  std::optional<Folded> compare(const CompareExpr &c, int depth) {
    if (bound_)
      if (auto v = compareNumbers(c, depth))
        return v;
    if (c.ops.size() != 1)
      return std::nullopt;
    auto l = fold(*c.operands[0], depth + 1), r = fold(*c.operands[1], depth + 1);
    if (!l || !r)
      return std::nullopt;
    auto v = foldCompare(c.ops[0], *l, *r);
    if (v)
      v->transposed = sameOrder(*l, *r);
    return v;
  }

  std::optional<Folded> apply(const std::string &name, const CallExpr &c, int depth) {
    auto v = fold(*c.args[0], depth + 1);
    if (!v)
      return std::nullopt;
    auto r = foldElementwise(name, *v);
    if (r)
      r->transposed = v->transposed;
    return r;
  }

  /// Whether numpy's result of an operation on `l` and `r` is in
  /// transposed memory order: every 2-D operand is (numbers and 1-D rows
  /// follow; a C-ordered 2-D operand makes the result C-ordered).
  static bool sameOrder(const Folded &l, const Folded &r) {
    bool any = l.transposed || r.transposed;
    bool lc = l.dims.size() == 2 && !l.transposed, rc = r.dims.size() == 2 && !r.transposed;
    return any && !lc && !rc;
  }

  std::optional<Folded> call(const CallExpr &c, int depth) {
    std::string qualified = calleeName(c);
    if (auto *n = dyn_cast<NameExpr>(c.callee.get());
        n && (n->name == "llcc.setitem" || n->name == "llcc.setitem.aug"))
      return store(c, n->name == "llcc.setitem.aug", depth);
    bool handled = false;
    if (auto r = moreCalls(c, qualified, handled, depth); handled)
      return r;
    if (bound_ && qualified == "bool" && c.args.size() == 1 && c.keywords.empty()) {
      auto v = number(*c.args[0], depth);
      auto t = v ? truth(*v) : std::nullopt;
      return t ? std::optional<Folded>(Folded::boolean(*t)) : std::nullopt;
    }
    auto *attr = dyn_cast<AttributeExpr>(c.callee.get());
    if (!attr)
      return numberCall(c, qualified, depth);
    bool numpy = isNumpy(*attr->value);
    const std::string &name = attr->attr;
    if (numpy && (name == "eye" || name == "identity"))
      return foldEyeCall(c, name == "identity", args(depth));
    if (numpy &&
        (name == "hanning" || name == "hamming" || name == "bartlett" || name == "blackman") &&
        c.args.size() == 1 && c.keywords.empty()) {
      auto m = number(*c.args[0], depth);
      return m && !m->isFloat && !m->isBool ? foldWindowFunction(name, m->i[0]) : std::nullopt;
    }
    if (numpy && name == "kaiser" && c.args.size() == 2 && c.keywords.empty()) {
      auto m = number(*c.args[0], depth);
      auto beta = number(*c.args[1], depth);
      if (!m || m->isFloat || m->isBool || !beta || beta->isBool)
        return std::nullopt;
      return foldKaiser(m->i[0], beta->isFloat ? beta->f[0] : static_cast<double>(beta->i[0]));
    }
    if (numpy && (name == "array" || name == "asarray") && c.args.size() == 1) {
      // np.array(K) of a constant K = [[1, 2, 1], ...]: K's display.
      const Expr *data = c.args[0].get();
      for (int hops = 0; hops < 16 && isa<NameExpr>(data); ++hops) {
        auto it = constants_.find(cast<NameExpr>(data)->name);
        if (it == constants_.end())
          break;
        data = module_.constants[static_cast<size_t>(it->second)].value.get();
      }
      return foldArrayLiteral(c, args(depth), data);
    }
    if (numpy && (name == "ones" || name == "zeros" || name == "full") &&
        c.args.size() == (name == "full" ? 2u : 1u))
      return foldFilled(c, name, args(depth));
    if (numpy && name == "arange" && !c.args.empty() && c.args.size() <= 3) {
      // dtype=float (or np.float64): the same values as floats, as numpy
      // fills a float64 range of ints with exact ints
      std::optional<bool> toFloat = floatDtype(c);
      auto r = toFloat ? foldArange(c, args(depth)) : std::nullopt;
      if (r && *toFloat)
        r->toFloat();
      return r;
    }
    if (numpy && name == "linspace")
      return foldLinspace(c, args(depth));
    if (numpy && name == "meshgrid")
      return std::nullopt; // a list of arrays: sequence()
    if (auto r = reduction(c, *attr, numpy, depth))
      return r;
    if (auto r = flipped(c, *attr, numpy, depth))
      return r;
    if (numpy && c.args.size() == 1 && c.keywords.empty())
      if (isFoldedElementwise(name)) {
        auto r = apply(name, c, depth);
        if (r)
          r->numpy = true; // np.sqrt(2.0) is a numpy.float64
        return r;
      }
    if (name == "reshape" && !numpy && !c.args.empty() && c.keywords.empty()) {
      // K.reshape(5, 5), K.reshape((5, 5)), one extent -1 at most.
      auto v = fold(*attr->value, depth + 1);
      const std::vector<ExprPtr> *extents = &c.args;
      if (auto *t = dyn_cast<TupleExpr>(c.args[0].get()); t && c.args.size() == 1)
        extents = &t->elements;
      std::vector<int64_t> shape;
      for (const ExprPtr &x : *extents) {
        auto n = number(*x, depth);
        if (!n || n->isFloat || n->isBool)
          return std::nullopt;
        shape.push_back(n->i[0]);
      }
      return v && !v->dims.empty() ? foldReshape(*v, shape) : std::nullopt;
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
    v = v->inMemoryOrder(); // numpy sums in memory order
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

  const std::map<std::string, std::string> &aliases_;
  const std::map<std::string, std::string> &fromNames_;
  const std::map<std::string, int> &constants_;
  const Module &module_;
  const std::set<std::string> *transposed_; ///< constants stored in transposed order
  const Bound *bound_ = nullptr;            ///< a comprehension's targets, or null
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
         a->attr == "zeros" || a->attr == "full" || a->attr == "arange" || a->attr == "linspace" ||
         a->attr == "eye" || a->attr == "identity" || a->attr == "hanning" ||
         a->attr == "hamming" || a->attr == "bartlett" || a->attr == "blackman" ||
         a->attr == "kaiser" || a->attr == "ravel" || a->attr == "flatten" ||
         a->attr == "meshgrid" || a->attr == "reshape" || a->attr == "rot90" || a->attr == "flip" ||
         a->attr == "flipud" || a->attr == "fliplr" || a->attr == "copy"))
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
  if (auto *s = dyn_cast<SubscriptExpr>(&e)) {
    auto *a = dyn_cast<AttributeExpr>(s->value.get());
    return (a && (a->attr == "mgrid" || a->attr == "ogrid")) ||
           mentionsArray(*s->value, constants, module, depth + 1);
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
  if (plainLiteral) { // typed as it is, once the calls among its numbers are computed
    for (ExprPtr &a : call->args)
      if (!foldConstantCalls(a))
        return false;
    return true;
  }
  if (auto *store = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
      store && store->name.rfind("llcc.setitem", 0) == 0) {
    // `K[index] = value` (SemaConstStore.cpp): computed now, or reported.
    Folder folder(moduleAliases_, fromNames_, constants_, module_, &transposedConstants_);
    std::optional<Folded> v = folder.fold(*c.value);
    if (!constantRaises(folder.raised, folder.raisedAt))
      return false;
    if (!v) {
      diags_.error(c.loc, "a module-level store `" + c.name +
                              "[index] = value` is computed when compiling when '" + c.name +
                              "' is an array constant (1-D or 2-D, in C order), the index an int "
                              "or slice per dimension within its bounds or a bool array of its "
                              "shape, and the value a number, or an array or list of numbers "
                              "that broadcasts to the selection; build anything else inside "
                              "the function");
      return false;
    }
    transposedConstants_.erase(c.name); // a C-ordered array, as its store needs
    rotatedConstants_.erase(c.name);
    c.value = foldedExpr(*v, c.value->loc());
    return true;
  }
  if (!mentionsArray(*c.value, constants_, module_))
    return foldConstantCalls(c.value); // a number (or a tuple of numbers)
  Folder folder(moduleAliases_, fromNames_, constants_, module_, &transposedConstants_);
  std::optional<Folded> v = folder.fold(*c.value);
  if (!constantRaises(folder.raised, folder.raisedAt))
    return false;
  if (v && v->dims.empty() && !(v->isBool && v->numpy)) {
    c.value = foldedLiteral(*v, 0, c.value->loc(), v->numpy); // S = W.sum()
    return true;
  }
  if (!v && folder.sequence(*c.value)) {
    diags_.error(c.value->loc(),
                 "a module-level constant holding several arrays (np.ogrid[...], "
                 "np.meshgrid(...)) is not supported; unpack it into one name per array: "
                 "`Y, X = ...`");
    return false;
  }
  if (v && v->dims.size() > 2) {
    diags_.error(c.value->loc(), "a module-level array constant has one or two dimensions, "
                                 "not " +
                                     std::to_string(v->dims.size()) +
                                     "; unpack it into one name per array: `Y, X = ...`");
    return false;
  }
  if (!v || v->dims.empty()) {
    diags_.error(c.value->loc(),
                 "a module-level array constant is np.array([...]) of numbers (1-D or 2-D), or "
                 "an array computed from such arrays, np.arange, np.linspace, np.ones, np.zeros, "
                 "np.full, np.eye, np.hanning, ... and numbers with + - * / **, comparisons, "
                 "np.outer, .T, .sum() and elementwise functions (np.exp, np.sqrt, np.abs, ...), "
                 "which llcc computes when compiling; compute anything else inside the function");
    return false;
  }
  // np.rot90 (new in the folder) must not give silently different sums; a
  // `.T` of a float constant keeps its old C-ordered folding.
  std::function<bool(const Expr &, int)> rotated = [&](const Expr &e, int depth) {
    if (depth > 64)
      return false;
    if (auto *n = dyn_cast<NameExpr>(&e))
      return rotatedConstants_.count(n->name) > 0;
    if (auto *u = dyn_cast<UnaryExpr>(&e))
      return rotated(*u->operand, depth + 1);
    if (auto *b = dyn_cast<BinaryExpr>(&e))
      return rotated(*b->lhs, depth + 1) || rotated(*b->rhs, depth + 1);
    if (auto *a = dyn_cast<AttributeExpr>(&e))
      return rotated(*a->value, depth + 1);
    if (auto *k = dyn_cast<CallExpr>(&e)) {
      auto *callee = dyn_cast<AttributeExpr>(k->callee.get());
      if (callee && callee->attr == "rot90")
        return true;
      if (callee && rotated(*callee->value, depth + 1))
        return true;
      for (const ExprPtr &x : k->args)
        if (rotated(*x, depth + 1))
          return true;
    }
    return false;
  };
  bool isTransposed = v->transposed && v->dims.size() == 2 && v->dims[0] > 1 && v->dims[1] > 1;
  bool isRotated = isTransposed && rotated(*c.value, 0);
  if (isRotated)
    rotatedConstants_.insert(c.name);
  else
    rotatedConstants_.erase(c.name);
  if (isRotated && v->isFloat && c.name.rfind("llcc.list.", 0) != 0) {
    // numpy keeps it in transposed memory order and sums it column by
    // column; the constant is stored in C order.
    diags_.error(c.value->loc(), "this float array is in numpy's transposed memory order "
                                 "(np.rot90 by an odd k), whose sums llcc's constant "
                                 "cannot follow; make it C-ordered with .copy() "
                                 "(np.rot90(B, k).copy()), or transpose inside the function");
    return false;
  }
  if (v->transposed && v->dims.size() == 2 && v->dims[0] > 1 && v->dims[1] > 1)
    transposedConstants_.insert(c.name);
  else
    transposedConstants_.erase(c.name);
  c.value = foldedExpr(*v, c.value->loc());
  return true;
}

std::optional<Folded> Sema::foldValue(const Expr &e, bool &raised) {
  Folder folder(moduleAliases_, fromNames_, constants_, module_, &transposedConstants_);
  std::optional<Folded> v = folder.fold(e);
  raised = !constantRaises(folder.raised, folder.raisedAt);
  return raised ? std::nullopt : v;
}

std::optional<std::vector<Folded>> Sema::foldValues(const Expr &e, bool &raised) {
  Folder folder(moduleAliases_, fromNames_, constants_, module_, &transposedConstants_);
  auto v = folder.sequence(e);
  raised = !constantRaises(folder.raised, folder.raisedAt);
  return raised ? std::nullopt : v;
}

std::optional<Folded> Sema::foldBound(const Expr &e, const Bound &bound, bool &raised) {
  Folder folder(moduleAliases_, fromNames_, constants_, module_, &transposedConstants_);
  folder.bind(&bound);
  std::optional<Folded> v = folder.fold(e);
  raised = !constantRaises(folder.raised, folder.raisedAt);
  return raised ? std::nullopt : v;
}

std::optional<std::vector<Folded>> Sema::foldBoundValues(const Expr &e, const Bound &bound,
                                                         bool &raised) {
  Folder folder(moduleAliases_, fromNames_, constants_, module_, &transposedConstants_);
  folder.bind(&bound);
  auto v = folder.sequence(e);
  raised = !constantRaises(folder.raised, folder.raisedAt);
  return raised ? std::nullopt : v;
}

/// The expression of a folded number (a literal, np.float64(x)) or array
/// (np.array of its values: 1-D, or a list of rows).
ExprPtr Sema::foldedExpr(const Folded &v, SourceLoc at) {
  if (v.dims.empty())
    return foldedLiteral(v, 0, at, v.numpy);
  std::vector<ExprPtr> elements;
  if (v.dims.size() == 1) {
    for (size_t k = 0; k < v.size(); ++k)
      elements.push_back(foldedLiteral(v, k, at, false));
  } else {
    auto cols = static_cast<size_t>(v.dims[1]);
    for (int64_t r = 0; r < v.dims[0]; ++r) {
      std::vector<ExprPtr> row;
      for (size_t k = 0; k < cols; ++k)
        row.push_back(foldedLiteral(v, static_cast<size_t>(r) * cols + k, at, false));
      elements.push_back(std::make_unique<ListExpr>(at, std::move(row)));
    }
  }
  std::vector<ExprPtr> args;
  args.push_back(std::make_unique<ListExpr>(at, std::move(elements)));
  auto arrayCallee = std::make_unique<AttributeExpr>(
      at, std::make_unique<NameExpr>(at, numpyAlias()), "array");
  return std::make_unique<CallExpr>(at, std::move(arrayCallee), std::move(args),
                                    std::vector<KeywordArg>{});
}

} // namespace sema
} // namespace llcc
