//===- SemaGrids.cpp - np.mgrid, np.ogrid and np.indices of constant bounds ===//
//
// Filters build weights from coordinate grids:
//
//   y, x = np.mgrid[-2:3, -2:3]          w = 1.0 / (1.0 + x ** 2 + y ** 2)
//   yy, xx = np.indices((5, 5))
//   y, x = np.ogrid[-1:2, -1:2]          (a column and a row, broadcast)
//
// With bounds known when compiling (int literals, module-level int
// constants, and + - * // of them), each grid is a 2-D array of known
// ints, and unpacking them becomes one assignment per grid of the array
// written out, `y = np.array([[-2, -2, ...], ...])`, which the rest of the
// compiler already knows (SemaStack.cpp). numpy computes index * step +
// start in int64 for int bounds, so the values are exact. The pass runs
// once, after the functions' locals are known (a local shadows a module
// constant of its name, as in Python). Grids kept unpacked (`g =
// np.mgrid[...]`), float and complex steps, one or three dimensions, and
// bounds known only at run time are diagnostics naming what is supported.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <array>
#include <cstdlib>

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

/// The value of an int expression known when compiling: literals, module
/// constants holding one, unary minus and + - * // of them.
bool Sema::compileTimeInt(const Expr *e, int64_t &value, unsigned depth) {
  if (!e || depth > 16)
    return false;
  if (intConstant(e, value))
    return true;
  if (auto *n = dyn_cast<NameExpr>(e)) {
    if (!constants_.count(n->name))
      return false;
    for (const LocalVar &v : fn_->locals)
      if (v.name == n->name)
        return false; // a local of the function, not the constant
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

int Sema::indexGrids(ExprPtr &value, std::vector<ExprPtr> &grids) {
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
}

} // namespace sema
} // namespace llcc
