//===- SemaGrids.cpp - np.mgrid, np.ogrid and np.indices of constant bounds ===//
//
// Filters build weights from coordinate grids:
//
//   y, x = np.mgrid[-2:3, -2:3]          w = 1.0 / (1.0 + x ** 2 + y ** 2)
//   yy, xx = np.indices((5, 5))
//   y, x = np.ogrid[-1:2, -1:2]          (a column and a row, broadcast)
//   r, c = np.triu_indices(3, 1)         v = w[np.tril_indices(3)]
//
// With bounds known when compiling (int literals, module-level int
// constants, locals bound once to one at the function's top level, and
// + - * // of them), each grid is a 2-D array of known
// ints, and unpacking them becomes one assignment per grid of the array
// written out, `y = np.array([[-2, -2, ...], ...])`, which the rest of the
// compiler already knows (SemaStack.cpp). numpy computes index * step +
// start in int64 for int bounds, so the values are exact. The pass runs
// once, after the functions' locals are known (a local shadows a module
// constant of its name, as in Python). Grids kept unpacked (`g =
// np.mgrid[...]`), float and complex steps, one or three dimensions, and
// bounds known only at run time are diagnostics naming what is supported.
// np.triu_indices and np.tril_indices of such ints are two 1-D int arrays
// written out; a 2-D array indexed by one is the array of the elements.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaImpl.h"

#include <array>
#include <cstdlib>
#include <functional>
#include <set>

namespace llcc {
namespace sema {

namespace {
/// Grids past this many elements are not written out (a typo's 10**6).
constexpr int64_t MaxGridElements = 4096;

/// `alias.array([row, row, ...])`, each row a list display.
ExprPtr arrayOfRows(SourceLoc at, const std::string &alias, std::vector<ExprPtr> rows) {
  std::vector<ExprPtr> args;
  args.push_back(std::make_unique<ListExpr>(at, std::move(rows)));
  return std::make_unique<CallExpr>(
      at, std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, alias), "array"),
      std::move(args), std::vector<KeywordArg>{});
}
} // namespace

namespace {
/// The value a local of `fn` read at `use` always holds when it is bound
/// once, by `name = value` at the top level of the body before `use`'s
/// line (`n = 5`, then `np.indices((n, n))`): every read after that
/// statement sees that value, as nothing else binds the name (no other
/// assignment, augmented assignment, loop or except target, del, walrus,
/// nor a nested def that may declare it nonlocal). Null otherwise. With
/// `anyBlock`, the one binding may be in any block, before or after `use`
/// (what every successful read sees: the value's shape, for one).
const Expr *singleTopLevelValue(FunctionDef &fn,
                                const std::vector<std::unique_ptr<FunctionDef>> &all,
                                const std::string &name, SourceLoc use, bool anyBlock = false) {
  for (const Param &p : fn.params)
    if (p.name == name)
      return nullptr;
  int bindings = 0;
  bool other = false;
  std::function<void(Block &)> count = [&](Block &b) {
    for (StmtPtr &st : b) {
      std::set<std::string> bound;
      if (auto *a = dyn_cast<AssignStmt>(st.get()))
        for (const ExprPtr &t : a->targets)
          namesTargetBinds(t.get(), bound);
      else if (auto *a = dyn_cast<AugAssignStmt>(st.get()))
        namesTargetBinds(a->target.get(), bound);
      else if (auto *f = dyn_cast<ForStmt>(st.get()))
        namesTargetBinds(f->target.get(), bound);
      else if (auto *d = dyn_cast<DelStmt>(st.get()))
        for (const ExprPtr &t : d->targets)
          namesTargetBinds(t.get(), bound);
      else if (auto *t = dyn_cast<TryStmt>(st.get()))
        for (const ExceptClause &h : t->handlers)
          other |= h.asName == name;
      else if (isa<UnsupportedStmt>(st.get()))
        other = true;
      if (bound.count(name))
        ++bindings;
      if (bound.count(name) && &b != &fn.body && !anyBlock)
        other = true;
      forEachChildBlock(*st, count);
    }
  };
  count(fn.body);
  eachSlot(fn.body, [&](ExprPtr &x) {
    if (auto *w = dyn_cast<NamedExpr>(x.get()))
      if (auto *t = dyn_cast<NameExpr>(w->target.get()); t && t->name == name)
        other = true;
  });
  for (const auto &inner : all)
    for (FunctionDef *o = inner->outer; o && !other; o = o->outer)
      if (o == &fn) {
        std::set<std::string> bound;
        namesBoundIn(inner->body, bound);
        other = bound.count(name) > 0;
      }
  if (other || bindings != 1)
    return nullptr;
  const Expr *found = nullptr;
  std::function<void(Block &)> find = [&](Block &b) {
    for (StmtPtr &st : b) {
      auto *a = dyn_cast<AssignStmt>(st.get());
      auto *t = a && a->targets.size() == 1 ? dyn_cast<NameExpr>(a->targets[0].get()) : nullptr;
      if (t && t->name == name)
        found = anyBlock || use.line > a->loc().line ? a->value.get() : nullptr;
      if (anyBlock)
        forEachChildBlock(*st, find);
    }
  };
  find(fn.body);
  return found; // null where bound by an unpacking or a chained assignment
}
} // namespace

/// The value of an int expression known when compiling: literals, module
/// constants holding one, locals bound once to one (singleTopLevelValue),
/// unary minus and + - * // of them.
bool Sema::compileTimeInt(const Expr *e, int64_t &value, unsigned depth) {
  if (!e || depth > 16)
    return false;
  if (intConstant(e, value))
    return true;
  if (auto *n = dyn_cast<NameExpr>(e)) {
    bool local = false;
    for (const LocalVar &v : fn_ ? fn_->locals : std::vector<LocalVar>{})
      local |= v.name == n->name;
    if (local) {
      // `n = 5` or `n = 2 * R + 1`: its value, folded the same way.
      const Expr *v = singleTopLevelValue(*fn_, module_.functions, n->name, n->loc());
      return v && compileTimeInt(v, value, depth + 1);
    }
    if (!constants_.count(n->name))
      return false;
    return compileTimeInt(module_.constants[constants_.at(n->name)].value.get(), value, depth + 1);
  }
  if (auto *u = dyn_cast<UnaryExpr>(e); u && u->op == UnaryExpr::Op::Neg) {
    if (!compileTimeInt(u->operand.get(), value, depth + 1))
      return false;
    value = -value;
    return true;
  }
  auto *b = dyn_cast<BinaryExpr>(e);
  int64_t l, r;
  if (!b || !compileTimeInt(b->lhs.get(), l, depth + 1) ||
      !compileTimeInt(b->rhs.get(), r, depth + 1))
    return false;
  if (std::abs(l) > (int64_t(1) << 30) || std::abs(r) > (int64_t(1) << 30))
    return false;
  switch (b->op) {
  case BinaryOp::Add:
    value = l + r;
    return true;
  case BinaryOp::Sub:
    value = l - r;
    return true;
  case BinaryOp::Mul:
    value = l * r;
    return true;
  case BinaryOp::FloorDiv:
    if (r == 0)
      return false;
    value = l / r - ((l % r != 0) && ((l < 0) != (r < 0)) ? 1 : 0);
    return true;
  default:
    return false;
  }
}

/// `w.shape` where `w` is bound once, in any block, to `x.reshape(n, m)` (or
/// `x.reshape((n, m))`, np.zeros((n, m)), np.ones, np.empty, np.full) of
/// dimensions known when compiling: the tuple of them. The grids are made
/// before any typing, so the shape is read from that assignment.
void Sema::knownShapeToTuple(ExprPtr &e) {
  auto *attr = dyn_cast<AttributeExpr>(e.get());
  auto *n = attr && attr->attr == "shape" ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  bool local = false;
  for (const LocalVar &v : n && fn_ ? fn_->locals : std::vector<LocalVar>{})
    local |= v.name == n->name;
  auto *made = local ? llvm::dyn_cast_or_null<CallExpr>(singleTopLevelValue(
                           *fn_, module_.functions, n->name, n->loc(), /*anyBlock=*/true))
                     : nullptr;
  if (!made || !made->keywords.empty() || made->args.empty())
    return;
  const std::vector<ExprPtr> *dims = &made->args;
  if (auto *m = dyn_cast<AttributeExpr>(made->callee.get()); m && m->attr == "reshape") {
    // x.reshape(n, m) or x.reshape((n, m))
  } else if (auto *a = dyn_cast<AttributeExpr>(made->callee.get());
             a && (a->attr == "zeros" || a->attr == "ones" || a->attr == "empty" ||
                   a->attr == "full") &&
             isa<NameExpr>(a->value.get()) &&
             moduleAliases_.count(cast<NameExpr>(*a->value).name) &&
             moduleAliases_.at(cast<NameExpr>(*a->value).name) == "numpy" &&
             std::none_of(fn_->locals.begin(), fn_->locals.end(), [&](const LocalVar &v) {
               return v.name == cast<NameExpr>(*a->value).name;
             })) {
    dims = nullptr; // the first argument, a tuple
  } else {
    return;
  }
  if (auto *t = dyn_cast<TupleExpr>(made->args[0].get()); t && (!dims || made->args.size() == 1))
    dims = &t->elements;
  if (!dims)
    return;
  std::vector<ExprPtr> sizes;
  for (const ExprPtr &d : *dims) {
    int64_t v;
    if (!compileTimeInt(d.get(), v) || v < 0)
      return;
    sizes.push_back(std::make_unique<IntLiteralExpr>(e->loc(), v));
  }
  e = std::make_unique<TupleExpr>(e->loc(), std::move(sizes));
}

int Sema::indexGrids(ExprPtr &value, std::vector<ExprPtr> &grids) {
  // np.triu_indices(n, k=0, m=None) / np.tril_indices of ints known when
  // compiling: numpy's two index arrays (rows, then columns) of the
  // elements with j - i >= k (<= k for tril), row by row, written out.
  auto triangleIndices = [&](CallExpr &c, bool upper, std::vector<ExprPtr> &out) -> int {
    static const char *const Params[] = {"n", "k", "m"};
    const Expr *slots[3] = {nullptr, nullptr, nullptr};
    bool ok = c.args.size() <= 3;
    for (size_t i = 0; ok && i < c.args.size(); ++i)
      slots[i] = c.args[i].get();
    for (const KeywordArg &kw : c.keywords) {
      auto p = std::find(std::begin(Params), std::end(Params), kw.name);
      ok = ok && p != std::end(Params) && !slots[p - Params];
      if (ok)
        slots[p - Params] = kw.value.get();
    }
    int64_t n = 0, k = 0, m = 0;
    ok = ok && slots[0] && compileTimeInt(slots[0], n) && n >= 0 &&
         (!slots[1] || compileTimeInt(slots[1], k)) &&
         (!slots[2] || isa<NoneLiteralExpr>(slots[2]) || compileTimeInt(slots[2], m));
    if (ok && (!slots[2] || isa<NoneLiteralExpr>(slots[2])))
      m = n;
    const char *name = upper ? "triu_indices" : "tril_indices";
    if (!ok || m < 0) {
      diags_.error(c.loc(), std::string("np.") + name +
                                " takes ints known when compiling in llcc (n, k=0, m=None: "
                                "literals, module-level int constants and + - * // of them)");
      return -1;
    }
    std::vector<ExprPtr> rows, cols;
    SourceLoc loc = c.loc();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < m; ++j)
        if (upper ? j - i >= k : j - i <= k) {
          if (static_cast<int64_t>(rows.size()) >= MaxGridElements) {
            diags_.error(loc, std::string("np.") + name + " makes more than " +
                                  std::to_string(MaxGridElements) +
                                  " indices here; llcc writes at most that many");
            return -1;
          }
          rows.push_back(std::make_unique<IntLiteralExpr>(loc, i));
          cols.push_back(std::make_unique<IntLiteralExpr>(loc, j));
        }
    if (rows.empty()) {
      diags_.error(loc, std::string("np.") + name +
                            " selects no element here (numpy's empty index arrays), which "
                            "llcc does not make; check n and k");
      return -1;
    }
    for (auto *part : {&rows, &cols}) {
      std::vector<ExprPtr> args;
      args.push_back(std::make_unique<ListExpr>(loc, std::move(*part)));
      out.push_back(std::make_unique<CallExpr>(
          loc,
          std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, numpyAlias()),
                                          "array"),
          std::move(args), std::vector<KeywordArg>{}));
    }
    return 1;
  };
  // np.mgrid[...] / np.ogrid[...], or np.indices((n, m)).
  std::string kind;
  std::vector<std::array<int64_t, 3>> ranges; // start, stop, step per axis
  SourceLoc loc = value->loc();
  auto isNumpyName = [&](const Expr *x, const char *attr) {
    auto *a = x ? dyn_cast<AttributeExpr>(x) : nullptr;
    auto *base = a ? dyn_cast<NameExpr>(a->value.get()) : nullptr;
    bool local = false;
    for (const LocalVar &v : fn_->locals)
      local |= base && v.name == base->name;
    return base && a->attr == attr && !local && moduleAliases_.count(base->name) &&
           moduleAliases_.at(base->name) == "numpy";
  };
  // Arithmetic on the 3-D array of np.mgrid[...] or np.indices(...) before
  // it is unpacked (`yy, xx = np.indices((3, 3)) - 1`): numpy broadcasts a
  // number, or an array of one or two dimensions, against each grid alike,
  // so each grid is the same arithmetic on that grid. The other operands
  // are copied per grid, so they must be pure (names, constants, arithmetic
  // and pure calls).
  if (auto *u = dyn_cast<UnaryExpr>(value.get());
      isa<BinaryExpr>(value.get()) || (u && u->op != UnaryExpr::Op::Not)) {
    auto isGrid = [&](const Expr &x) {
      auto *s = dyn_cast<SubscriptExpr>(&x);
      auto *c = dyn_cast<CallExpr>(&x);
      return (s && isNumpyName(s->value.get(), "mgrid")) ||
             (c && isNumpyName(c->callee.get(), "indices"));
    };
    ExprPtr *leaf = nullptr;
    int count = 0;
    bool arithmetic = true;
    std::function<void(ExprPtr &)> find = [&](ExprPtr &x) {
      if (auto *b = dyn_cast<BinaryExpr>(x.get())) {
        arithmetic &= b->op != BinaryOp::And && b->op != BinaryOp::Or &&
                      b->op != BinaryOp::MatMul;
        find(b->lhs);
        find(b->rhs);
      } else if (auto *un = dyn_cast<UnaryExpr>(x.get())) {
        arithmetic &= un->op != UnaryExpr::Op::Not;
        find(un->operand);
      } else if (isGrid(*x)) {
        leaf = &x;
        ++count;
      }
    };
    find(value);
    if (count == 0)
      return 0;
    if (count > 1 || !arithmetic) {
      diags_.error(loc, "llcc unpacks arithmetic on one np.mgrid[...] or np.indices(...) with "
                        "numbers (yy, xx = np.indices((3, 3)) - 1); unpack the grids first and "
                        "combine the names");
      return -1;
    }
    std::vector<ExprPtr> inner;
    int made = indexGrids(*leaf, inner);
    if (made <= 0)
      return made;
    const Expr *gridNode = leaf->get();
    std::function<bool(const Expr &)> onPath = [&](const Expr &x) {
      if (&x == gridNode)
        return true;
      if (auto *b = dyn_cast<BinaryExpr>(&x))
        return onPath(*b->lhs) || onPath(*b->rhs);
      if (auto *un = dyn_cast<UnaryExpr>(&x))
        return onPath(*un->operand);
      return false;
    };
    bool pure = true;
    std::function<ExprPtr(const Expr &, ExprPtr &)> rebuild = [&](const Expr &x,
                                                                  ExprPtr &grid) -> ExprPtr {
      if (&x == gridNode)
        return std::move(grid);
      auto part = [&](const ExprPtr &sub) -> ExprPtr {
        if (onPath(*sub))
          return rebuild(*sub, grid);
        ExprPtr copy = copyPure(sub.get());
        pure &= copy != nullptr;
        return copy ? std::move(copy) : std::make_unique<IntLiteralExpr>(sub->loc(), 0);
      };
      if (auto *b = dyn_cast<BinaryExpr>(&x)) {
        ExprPtr l = part(b->lhs);
        ExprPtr r = part(b->rhs);
        return std::make_unique<BinaryExpr>(x.loc(), b->op, std::move(l), std::move(r));
      }
      auto &un = cast<UnaryExpr>(x);
      return std::make_unique<UnaryExpr>(x.loc(), un.op, part(un.operand));
    };
    for (ExprPtr &g : inner)
      grids.push_back(rebuild(*value, g));
    if (!pure) {
      diags_.error(loc, "llcc unpacks arithmetic on np.mgrid[...] or np.indices(...) with "
                        "numbers and names (yy, xx = np.indices((3, 3)) - c); compute the other "
                        "operand into a name first");
      return -1;
    }
    return 1;
  }
  if (auto *s = dyn_cast<SubscriptExpr>(value.get())) {
    if (isNumpyName(s->value.get(), "mgrid"))
      kind = "mgrid";
    else if (isNumpyName(s->value.get(), "ogrid"))
      kind = "ogrid";
    else
      return 0;
    std::vector<Expr *> slices;
    if (auto *t = dyn_cast<TupleExpr>(s->index.get()))
      for (auto &el : t->elements)
        slices.push_back(el.get());
    else
      slices.push_back(s->index.get());
    for (Expr *x : slices) {
      auto *sl = dyn_cast<SliceExpr>(x);
      int64_t start = 0, stop = 0, step = 1;
      if (!sl || (sl->start && !compileTimeInt(sl->start.get(), start)) || !sl->stop ||
          !compileTimeInt(sl->stop.get(), stop) ||
          (sl->step && !compileTimeInt(sl->step.get(), step)) || step == 0) {
        diags_.error(x->loc(),
                     "np." + kind +
                         " takes slices of int bounds known when compiling "
                         "(np." +
                         kind +
                         "[-2:3, -2:3], module-level int constants and + - * "
                         "// of them) in llcc; float and complex steps are not supported");
        return -1;
      }
      ranges.push_back({start, stop, step});
    }
  } else if (auto *c = dyn_cast<CallExpr>(value.get());
             c && isNumpyName(c->callee.get(), "indices")) {
    kind = "indices";
    if (c->args.size() == 1)
      knownShapeToTuple(c->args[0]); // np.indices(w.shape)
    auto *dims = c->args.size() == 1 && c->keywords.empty() ? dyn_cast<TupleExpr>(c->args[0].get())
                                                            : nullptr;
    for (size_t i = 0; dims && i < dims->elements.size(); ++i) {
      int64_t n;
      if (!compileTimeInt(dims->elements[i].get(), n) || n < 0) {
        dims = nullptr;
        break;
      }
      ranges.push_back({0, n, 1});
    }
    if (!dims) {
      diags_.error(c->loc(), "np.indices takes a tuple of int dimensions known when compiling in "
                             "llcc, as in np.indices((5, 5))");
      return -1;
    }
  } else if (auto *c = dyn_cast<CallExpr>(value.get());
             c && (isNumpyName(c->callee.get(), "triu_indices") ||
                   isNumpyName(c->callee.get(), "tril_indices"))) {
    return triangleIndices(*c, isNumpyName(c->callee.get(), "triu_indices"), grids);
  } else {
    return 0;
  }
  if (ranges.size() != 2) {
    diags_.error(loc, "np." + kind + " of " + std::to_string(ranges.size()) +
                          " dimensions: llcc makes 2-D grids (two slices or two dimensions)");
    return -1;
  }
  // numpy's size per axis: ceil((stop - start) / step), none when negative.
  std::vector<int64_t> size;
  for (auto &[start, stop, step] : ranges) {
    int64_t span = stop - start;
    int64_t n = span / step + ((span % step != 0) && ((span < 0) == (step < 0)) ? 1 : 0);
    size.push_back(std::max<int64_t>(n, 0));
  }
  if (size[0] == 0 || size[1] == 0 || size[0] * size[1] > MaxGridElements) {
    diags_.error(loc, "np." + kind + " makes a " + std::to_string(size[0]) + "x" +
                          std::to_string(size[1]) + " grid here; llcc writes grids of 1 to " +
                          std::to_string(MaxGridElements) + " elements");
    return -1;
  }
  bool sparse = kind == "ogrid";
  auto intAt = [&](int64_t v) -> ExprPtr {
    if (v < 0)
      return std::make_unique<UnaryExpr>(loc, UnaryExpr::Op::Neg,
                                         std::make_unique<IntLiteralExpr>(loc, -v));
    return std::make_unique<IntLiteralExpr>(loc, v);
  };
  // Axis k's grid: element (i, j) is index_k * step + start; a sparse
  // grid keeps only its own axis (a column, then a row).
  auto grid = [&](size_t k) {
    int64_t rows = sparse && k == 1 ? 1 : size[0];
    int64_t cols = sparse && k == 0 ? 1 : size[1];
    std::vector<ExprPtr> outer;
    for (int64_t i = 0; i < rows; ++i) {
      std::vector<ExprPtr> row;
      for (int64_t j = 0; j < cols; ++j) {
        int64_t index = k == 0 ? i : j;
        row.push_back(intAt(index * ranges[k][2] + ranges[k][0]));
      }
      outer.push_back(std::make_unique<ListExpr>(loc, std::move(row)));
    }
    return arrayOfRows(loc, numpyAlias(), std::move(outer));
  };
  grids.push_back(grid(0));
  grids.push_back(grid(1));
  return 1;
}

/// `yy, xx = np.meshgrid(y, x, indexing='ij')` in a function: the two
/// arrays stored in hidden locals (y first, as Python evaluates them), then
/// each grid as numpy 1.24 makes it (function_base.py: each input raveled,
/// reshaped to a row or a column, broadcast to the other's length):
///
///   indexing='xy'   X = np.outer(np.ones(y.size, dtype=bool), x)
///                   Y = np.outer(y, np.ones(x.size, dtype=bool))
///   indexing='ij'   I = np.outer(x, np.ones(y.size, dtype=bool))
///                   J = np.outer(np.ones(x.size, dtype=bool), y)
///   sparse=True     x.reshape(1, -1) and y.reshape(-1, 1) ('xy'),
///                   x.reshape(-1, 1) and y.reshape(1, -1) ('ij')
///
/// np.outer ravels its inputs and multiplies; a True is numpy's 1 of the
/// other dtype (1 * x is x exactly, -0.0 and NaN included; ints stay
/// int64, bools are and-ed, so bools stay bools), so the values and dtypes
/// are meshgrid's, for lengths known when compiling or only at run time.
/// Runs before the locals are collected (the hidden ones are locals too).
/// 1 expanded into `out`, -1 reported, 0 not a meshgrid.
int Sema::meshGrids(AssignStmt &assign, std::vector<StmtPtr> &out) {
  auto *call = dyn_cast<CallExpr>(assign.value.get());
  if (!call || !callsNumpy(*call, "meshgrid"))
    return 0;
  SourceLoc loc = call->loc();
  auto *targets =
      assign.targets.size() == 1 ? dyn_cast<TupleExpr>(assign.targets[0].get()) : nullptr;
  // After an error each name still gets a 2-D float array, so that its
  // uses report nothing more; the program has an error, so none of it runs.
  auto placeholder = [&] {
    auto zeros = [&]() -> ExprPtr {
      std::vector<ExprPtr> row, rows;
      row.push_back(std::make_unique<FloatLiteralExpr>(loc, 0.0));
      rows.push_back(std::make_unique<ListExpr>(loc, std::move(row)));
      return arrayOfRows(loc, numpyAlias(), std::move(rows));
    };
    if (!targets) {
      assign.value = zeros();
      return -1;
    }
    for (ExprPtr &t : targets->elements) {
      std::vector<ExprPtr> target;
      target.push_back(std::move(t));
      out.push_back(std::make_unique<AssignStmt>(assign.loc(), std::move(target), zeros()));
    }
    return -1;
  };
  bool ij = false, sparse = false;
  for (KeywordArg &k : call->keywords) {
    auto *text = dyn_cast<StringLiteralExpr>(k.value.get());
    auto *flag = dyn_cast<BoolLiteralExpr>(k.value.get());
    if (k.name == "indexing" && text && (text->value == "xy" || text->value == "ij")) {
      ij = text->value == "ij";
    } else if (k.name == "sparse" && flag) {
      sparse = flag->value;
    } else if (k.name == "copy" && flag && flag->value) {
    } else {
      diags_.error(k.loc, "np.meshgrid in llcc takes indexing='xy' or 'ij', sparse=True or "
                          "False and copy=True, written as literals (copy=False makes views "
                          "llcc does not keep)");
      return placeholder();
    }
  }
  if (call->starred || call->args.size() != 2) {
    diags_.error(loc, "np.meshgrid of " + std::to_string(call->args.size()) +
                          " arrays: llcc makes the two 2-D grids of two 1-D arrays "
                          "(yy, xx = np.meshgrid(y, x, indexing='ij'))");
    return placeholder();
  }
  if (!targets || targets->elements.size() != 2) {
    diags_.error(loc, "unpack the grids into two names (xx, yy = np.meshgrid(x, y)); llcc keeps "
                      "them only as separate 2-D arrays");
    return placeholder();
  }
  std::string np = numpyAlias();
  std::string hidden[2];
  for (int k = 0; k < 2; ++k) {
    hidden[k] = "_llcc_meshgrid_" + std::to_string(loc.line) + "_" + std::to_string(loc.col) +
                "_" + std::to_string(k);
    ExprPtr input = std::move(call->args[static_cast<size_t>(k)]);
    if (isa<ListExpr>(input.get()) || isa<TupleExpr>(input.get())) {
      // numpy converts a list or tuple of numbers with np.asanyarray.
      std::vector<ExprPtr> args;
      args.push_back(std::move(input));
      input = std::make_unique<CallExpr>(
          loc, std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, np), "array"),
          std::move(args), std::vector<KeywordArg>{});
    }
    std::vector<ExprPtr> target;
    target.push_back(std::make_unique<NameExpr>(loc, hidden[k]));
    out.push_back(std::make_unique<AssignStmt>(assign.loc(), std::move(target), std::move(input)));
  }
  auto name = [&](int k) -> ExprPtr { return std::make_unique<NameExpr>(loc, hidden[k]); };
  auto npCall = [&](const char *f, std::vector<ExprPtr> args, std::vector<KeywordArg> kw) {
    return std::make_unique<CallExpr>(
        loc, std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, np), f),
        std::move(args), std::move(kw));
  };
  // np.ones(a.size, dtype=bool)
  auto trues = [&](int k) -> ExprPtr {
    std::vector<ExprPtr> args;
    args.push_back(std::make_unique<AttributeExpr>(loc, name(k), "size"));
    std::vector<KeywordArg> kw;
    kw.push_back(KeywordArg{loc, "dtype", std::make_unique<NameExpr>(loc, "bool")});
    return npCall("ones", std::move(args), std::move(kw));
  };
  auto outer = [&](ExprPtr a, ExprPtr b) -> ExprPtr {
    std::vector<ExprPtr> args;
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    return npCall("outer", std::move(args), {});
  };
  auto reshaped = [&](int k, bool column) -> ExprPtr {
    std::vector<ExprPtr> dims;
    auto minusOne = [&]() -> ExprPtr {
      return std::make_unique<UnaryExpr>(loc, UnaryExpr::Op::Neg,
                                         std::make_unique<IntLiteralExpr>(loc, 1));
    };
    dims.push_back(column ? minusOne() : std::make_unique<IntLiteralExpr>(loc, 1));
    dims.push_back(column ? std::make_unique<IntLiteralExpr>(loc, 1) : minusOne());
    return std::make_unique<CallExpr>(
        loc, std::make_unique<AttributeExpr>(loc, name(k), "reshape"), std::move(dims),
        std::vector<KeywordArg>{});
  };
  ExprPtr grids[2];
  if (sparse) {
    grids[0] = reshaped(0, ij);
    grids[1] = reshaped(1, !ij);
  } else if (ij) {
    grids[0] = outer(name(0), trues(1));
    grids[1] = outer(trues(0), name(1));
  } else {
    grids[0] = outer(trues(1), name(0));
    grids[1] = outer(name(1), trues(0));
  }
  for (int k = 0; k < 2; ++k) {
    std::vector<ExprPtr> target;
    target.push_back(std::move(targets->elements[static_cast<size_t>(k)]));
    out.push_back(
        std::make_unique<AssignStmt>(assign.loc(), std::move(target), std::move(grids[k])));
  }
  return 1;
}

/// `iu = np.triu_indices(5, k=1)` at the top level, then only `w[iu]`: the
/// name stands for the call (ints known when compiling, nothing to
/// evaluate), so each read becomes the call written in place, which
/// expandGridUnpacking then writes out.
void inlineTriangleNames(FunctionDef &fn) {
  for (size_t i = 0; i < fn.body.size(); ++i) {
    auto *as = dyn_cast<AssignStmt>(fn.body[i].get());
    auto *name = as && as->targets.size() == 1 ? dyn_cast<NameExpr>(as->targets[0].get())
                                               : nullptr;
    auto *call = name ? dyn_cast<CallExpr>(as->value.get()) : nullptr;
    auto *attr = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
    if (!attr || (attr->attr != "triu_indices" && attr->attr != "tril_indices"))
      continue;
    // Every other mention of the name must be the index of a subscript.
    size_t indexUses = 0, mentions = 0;
    eachSlot(fn.body, [&](ExprPtr &slot) {
      if (auto *n = dyn_cast<NameExpr>(slot.get()); n && n->name == name->name)
        ++mentions;
      if (auto *sub = dyn_cast<SubscriptExpr>(slot.get()))
        if (auto *n = dyn_cast<NameExpr>(sub->index.get()); n && n->name == name->name)
          ++indexUses;
    });
    if (indexUses == 0 || mentions != indexUses + 1) // (+1: the assignment's target)
      continue;
    eachSlot(fn.body, [&](ExprPtr &slot) {
      auto *sub = dyn_cast<SubscriptExpr>(slot.get());
      auto *n = sub ? dyn_cast<NameExpr>(sub->index.get()) : nullptr;
      if (n && n->name == name->name)
        sub->index = cloneExpr(call);
    });
    fn.body.erase(fn.body.begin() + static_cast<std::ptrdiff_t>(i));
    --i;
  }
}

void Sema::expandGridUnpacking(FunctionDef &fn, Block &block) {
  for (size_t i = 0; i < block.size(); ++i) {
    Stmt &st = *block[i];
    if (isa<TryStmt>(&st)) {
      forEachChildBlock(st, [&](Block &b) { expandGridUnpacking(fn, b); });
      continue;
    }
    if (auto *s = dyn_cast<IfStmt>(&st)) {
      expandGridUnpacking(fn, s->thenBody);
      expandGridUnpacking(fn, s->elseBody);
      continue;
    }
    if (auto *s = dyn_cast<WhileStmt>(&st)) {
      expandGridUnpacking(fn, s->body);
      expandGridUnpacking(fn, s->elseBody);
      continue;
    }
    if (auto *s = dyn_cast<ForStmt>(&st)) {
      expandGridUnpacking(fn, s->body);
      expandGridUnpacking(fn, s->elseBody);
      continue;
    }
    auto *assign = dyn_cast<AssignStmt>(&st);
    if (!assign)
      continue;
    std::vector<ExprPtr> grids;
    int made = indexGrids(assign->value, grids);
    if (made == 0)
      continue;
    auto *targets =
        assign->targets.size() == 1 ? dyn_cast<TupleExpr>(assign->targets[0].get()) : nullptr;
    if (made > 0 && (!targets || targets->elements.size() != grids.size())) {
      diags_.error(assign->value->loc(),
                   "unpack the grids into two names (y, x = np.mgrid[...]); llcc keeps them "
                   "only as separate 2-D arrays");
      made = -1;
    }
    if (made < 0) {
      // Each name still gets a 2-D int array, so that its uses report
      // nothing more; the program has an error, so none of this runs.
      SourceLoc at = assign->loc();
      auto zeros = [&] {
        std::vector<ExprPtr> row, rows;
        row.push_back(std::make_unique<IntLiteralExpr>(at, 0));
        rows.push_back(std::make_unique<ListExpr>(at, std::move(row)));
        return arrayOfRows(at, numpyAlias(), std::move(rows));
      };
      if (!targets) {
        assign->value = zeros();
        continue;
      }
      grids.clear();
      for (size_t k = 0; k < targets->elements.size(); ++k)
        grids.push_back(zeros());
    }
    std::vector<StmtPtr> expanded;
    for (size_t k = 0; k < grids.size(); ++k) {
      std::vector<ExprPtr> target;
      target.push_back(std::move(targets->elements[k]));
      expanded.push_back(
          std::make_unique<AssignStmt>(assign->loc(), std::move(target), std::move(grids[k])));
    }
    size_t added = expanded.size();
    block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
    block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
                 std::make_move_iterator(expanded.begin()),
                 std::make_move_iterator(expanded.end()));
    i += added - 1;
  }
  if (&block != &fn.body)
    return;
  // w[np.triu_indices(n, k)] (or tril) of a 2-D array: numpy's fancy index
  // of the two arrays is the new 1-D array of the elements they select,
  // np.array([w[0, 1], w[0, 2], ...]), written out here.
  auto triangle = [](const Expr *e) -> const AttributeExpr * {
    auto *s = dyn_cast<SubscriptExpr>(e);
    auto *c = s ? dyn_cast<CallExpr>(s->index.get()) : nullptr;
    auto *a = c ? dyn_cast<AttributeExpr>(c->callee.get()) : nullptr;
    return a && (a->attr == "triu_indices" || a->attr == "tril_indices") ? a : nullptr;
  };
  // Writing through the index arrays is refused before the reads are
  // written out (the target would become an array display).
  std::set<const Expr *> written;
  std::function<void(Block &)> targets = [&](Block &b) {
    for (StmtPtr &st : b) {
      forEachChildBlock(*st, targets);
      std::vector<const Expr *> ts;
      if (auto *as = dyn_cast<AssignStmt>(st.get()))
        for (ExprPtr &t : as->targets)
          ts.push_back(t.get());
      if (auto *aug = dyn_cast<AugAssignStmt>(st.get()))
        ts.push_back(aug->target.get());
      for (const Expr *t : ts)
        if (const AttributeExpr *a = triangle(t)) {
          written.insert(t);
          diags_.error(t->loc(), "writing through np." + a->attr +
                                     " is not supported in llcc; write the elements in a loop "
                                     "(for i, j in zip(rows, cols): w[i, j] = v)");
        }
    }
  };
  targets(fn.body);
  eachSlot(fn.body, [&](ExprPtr &slot) {
    const AttributeExpr *a = triangle(slot.get());
    if (!a || written.count(slot.get()))
      return;
    auto *s = cast<SubscriptExpr>(slot.get());
    std::vector<ExprPtr> parts;
    if (indexGrids(s->index, parts) != 1)
      return; // not numpy's, or reported
    SourceLoc at = s->loc();
    if (!copyPure(s->value.get())) {
      diags_.error(s->value->loc(), "llcc indexes a name (or an expression without side "
                                    "effects) with np." +
                                        a->attr + "; assign the array to a name first");
      return;
    }
    auto &rows = cast<ListExpr>(*cast<CallExpr>(*parts[0]).args[0]).elements;
    auto &cols = cast<ListExpr>(*cast<CallExpr>(*parts[1]).args[0]).elements;
    std::vector<ExprPtr> elements;
    for (size_t i = 0; i < rows.size(); ++i) {
      std::vector<ExprPtr> pair;
      pair.push_back(std::move(rows[i]));
      pair.push_back(std::move(cols[i]));
      elements.push_back(std::make_unique<SubscriptExpr>(
          at, copyPure(s->value.get()), std::make_unique<TupleExpr>(at, std::move(pair))));
    }
    std::vector<ExprPtr> args;
    args.push_back(std::make_unique<ListExpr>(at, std::move(elements)));
    slot = std::make_unique<CallExpr>(
        at,
        std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, numpyAlias()), "array"),
        std::move(args), std::vector<KeywordArg>{});
  });
}

} // namespace sema
} // namespace llcc
