//===- SemaIndexTricks.cpp - np.r_, np.c_, sliding_window_view, np.eye ---===//
//
// numpy's index tricks build arrays with subscript syntax. numpy's
// AxisConcatenator makes each slice an arange (its start 0 and its step 1
// when absent) and each other item an array of at least one dimension,
// then concatenates them; llcc writes the same calls out before typing:
//
//   np.r_[a, 0.0, 1:4]   np.concatenate((llcc.r_item(a), llcc.r_item(0.0), np.arange(1, 4, 1)))
//   np.c_[a, b]          np.column_stack((llcc.r_item(a), llcc.r_item(b)))
//
// Once its argument is typed, llcc.r_item(x) becomes np.array([x]) of a
// number and np.array(x) of anything else (SemaCalls.cpp), so the result's
// dtype is numpy's: concatenate promotes as r_ does for float64, int64 and
// bool items. np.c_ stacks 1-D items as columns, as numpy's c_ does.
// String directives (`np.r_['0,2', a, b]`, `np.r_['r', ...]`) and
// imaginary steps (numpy's linspace form, `0:1:5j`) are diagnostics.
//
// numpy.lib.stride_tricks.sliding_window_view(x, k) of a 1-D array, a
// read-only strided view of its n - k + 1 windows, is written out in the
// same pass, while the imports still say what each name stands for:
//
//   sliding_window_view(x, k)   llcc.sliding_window_view(x, k).reshape(-1, k)
//
// and so are numpy's identity matrices, whose order must be known when
// compiling, and the nested lists numpy.linalg's functions take as
// matrices:
//
//   np.eye(n, m, k=1)           llcc.eye(n, m, 1).reshape(n, m)
//   np.identity(n)              llcc.eye(n, n, 0).reshape(n, n)
//   np.linalg.det([[a, b], ...]) np.linalg.det(np.array([[a, b], ...]))
//
// np.linalg.eigh(m) is a tuple of two arrays, which llcc's tuples do not
// hold; as np.histogram's, its parts are taken one at a time (each
// computes the 2 x 2 eigensystem again, exactly):
//
//   w, v = np.linalg.eigh(m)    _llcc_eigh_L_C = m
//                               w = llcc.eigh_values(_llcc_eigh_L_C)
//                               v = llcc.eigh_vectors(_llcc_eigh_L_C)
//   np.linalg.eigh(m)[1]        llcc.eigh_vectors(m)
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaImpl.h"

#include <algorithm>

namespace llcc {
namespace sema {

namespace {

/// The dotted name `e` spells through the module's imports ("numpy.r_"),
/// or "". (This pass runs first, before Sema reads the imports: the passes
/// after it keep pointers into the AST it rewrites.)
std::string spelled(const Expr *e, const std::map<std::string, std::string> &names) {
  if (auto *n = dyn_cast<NameExpr>(e)) {
    auto it = names.find(n->name);
    return it == names.end() ? "" : it->second;
  }
  if (auto *a = dyn_cast<AttributeExpr>(e)) {
    std::string base = spelled(a->value.get(), names);
    return base.empty() ? "" : base + "." + a->attr;
  }
  return "";
}

/// A window length Sema may write twice (`k`, `2 * r + 1`, `K`): names,
/// numbers and arithmetic of them, nothing that calls or changes anything.
bool repeatable(const Expr *e) {
  if (isa<NameExpr>(e) || isa<IntLiteralExpr>(e) || isa<AttributeExpr>(e))
    return true;
  if (auto *u = dyn_cast<UnaryExpr>(e))
    return repeatable(u->operand.get());
  if (auto *b = dyn_cast<BinaryExpr>(e))
    return repeatable(b->lhs.get()) && repeatable(b->rhs.get());
  return false;
}

/// Whether `e` is `value` written as an int literal (`-1` is a negation).
bool isIntLiteral(const Expr *e, int64_t value) {
  if (auto *u = dyn_cast<UnaryExpr>(e); u && u->op == UnaryExpr::Op::Neg)
    return isIntLiteral(u->operand.get(), -value);
  auto *i = dyn_cast<IntLiteralExpr>(e);
  return i && i->value == value;
}

/// sliding_window_view(x, k) of a 1-D array becomes
/// llcc.sliding_window_view(x, k).reshape(-1, k): the library copies the
/// n - k + 1 windows out one after another (numpy's ValueErrors for a
/// negative or too large k) and Sema keeps the result read-only, as
/// numpy's strided view is.
void lowerSlidingWindowView(ExprPtr &slot, const std::map<std::string, std::string> &names,
                            DiagnosticEngine &diags) {
  auto *call = dyn_cast<CallExpr>(slot.get());
  if (!call || spelled(call->callee.get(), names) != "numpy.lib.stride_tricks.sliding_window_view")
    return;
  // Every check before anything moves. A call this pass leaves alone
  // (another keyword, a third argument, a 2-D array) is reported by the
  // library row's typing, which takes (x, window_shape); what only this
  // pass can tell is reported here, and the window replaced by 1 so that
  // the row's typing adds nothing to the error.
  SourceLoc at = call->loc();
  const std::string shown = "sliding_window_view";
  if (call->args.size() > 2)
    return;
  ExprPtr *x = call->args.empty() ? nullptr : &call->args[0];
  ExprPtr *k = call->args.size() > 1 ? &call->args[1] : nullptr;
  for (KeywordArg &kw : call->keywords) {
    const Expr *v = kw.value.get();
    if (kw.name == "x" && !x)
      x = &kw.value;
    else if (kw.name == "window_shape" && !k)
      k = &kw.value;
    else if (kw.name == "axis" &&
             (isa<NoneLiteralExpr>(v) || isIntLiteral(v, 0) || isIntLiteral(v, -1)))
      continue; // the one axis of a 1-D array
    else if ((kw.name == "writeable" || kw.name == "subok") && isa<BoolLiteralExpr>(v) &&
             !cast<BoolLiteralExpr>(*v).value)
      continue; // numpy's defaults
    else
      return;
  }
  if (!x || !k)
    return;
  ExprPtr *length = k;
  if (auto *t = dyn_cast<TupleExpr>(k->get())) {
    if (t->elements.size() != 1) {
      diags.error((*k)->loc(), shown + " of several axes (windows of a 2-D array) is not "
                                       "supported in llcc; slide along one axis of a 1-D array "
                                       "(a row, a column, values)");
      *k = std::make_unique<IntLiteralExpr>((*k)->loc(), 1);
      return;
    }
    length = &t->elements[0];
  }
  if (!repeatable(length->get())) {
    diags.error((*length)->loc(), shown + "'s window_shape must be an int, a name or arithmetic "
                                          "of them in llcc; assign it first (k = ...)");
    *k = std::make_unique<IntLiteralExpr>((*length)->loc(), 1);
    return;
  }
  ExprPtr again = cloneExpr(length->get());
  std::vector<ExprPtr> args;
  args.push_back(std::move(*x));
  args.push_back(std::move(*length));
  ExprPtr windows =
      std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, "llcc.sliding_window_view"),
                                 std::move(args), std::vector<KeywordArg>{});
  std::vector<ExprPtr> shape;
  shape.push_back(
      std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Neg, std::make_unique<IntLiteralExpr>(at, 1)));
  shape.push_back(std::move(again));
  slot = std::make_unique<CallExpr>(
      at, std::make_unique<AttributeExpr>(at, std::move(windows), "reshape"), std::move(shape),
      std::vector<KeywordArg>{});
}

/// The program's own name for numpy (`np`); the hidden one only when it has
/// none. (Sema::numpyAlias, asked before Sema reads the imports, would add
/// the hidden name, which then comes first for every later rewrite, and
/// module constants do not know it.)
std::string programNumpy(const std::map<std::string, std::string> &names,
                         const std::function<std::string()> &numpyAlias) {
  for (const auto &[alias, module] : names)
    if (module == "numpy")
      return alias;
  return numpyAlias();
}

/// np.eye(N, M=None, k=0) and np.identity(n) of float64 become
/// llcc.eye(N, M, k).reshape(N, M) (stdlib/linalg.flt); numpy.linalg's
/// functions of a list display (a matrix written as nested lists) take
/// np.array of it, as numpy converts it. Another dtype or a size that is
/// not repeatable is left to the row's typing, which reports it.
void lowerMatrices(ExprPtr &slot, const std::map<std::string, std::string> &names,
                   const std::function<std::string()> &numpyAlias) {
  auto *call = dyn_cast<CallExpr>(slot.get());
  if (!call)
    return;
  std::string name = spelled(call->callee.get(), names);
  SourceLoc at = call->loc();
  static const char *const MatrixArguments[] = {"numpy.linalg.det", "numpy.linalg.slogdet",
                                                "numpy.linalg.inv", "numpy.linalg.solve",
                                                "numpy.linalg.eigvalsh"};
  for (const char *f : MatrixArguments)
    if (name == f)
      for (ExprPtr &arg : call->args)
        if (auto *list = dyn_cast<ListExpr>(arg.get());
            list && !list->elements.empty() && isa<ListExpr>(list->elements[0].get())) {
          SourceLoc loc = arg->loc();
          std::string numpy = programNumpy(names, numpyAlias);
          std::vector<ExprPtr> one;
          one.push_back(std::move(arg));
          arg = std::make_unique<CallExpr>(
              loc, std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, numpy),
                                                   "array"),
              std::move(one), std::vector<KeywordArg>{});
        }
  bool identity = name == "numpy.identity";
  if (name != "numpy.eye" && !identity)
    return;
  size_t most = identity ? 1 : 3;
  if (call->args.empty() || call->args.size() > most)
    return;
  Expr *rows = call->args[0].get();
  Expr *columns = call->args.size() > 1 && !isa<NoneLiteralExpr>(call->args[1].get())
                      ? call->args[1].get()
                      : rows;
  ExprPtr diagonal =
      call->args.size() > 2 ? cloneExpr(call->args[2].get()) : std::make_unique<IntLiteralExpr>(at, 0);
  for (KeywordArg &kw : call->keywords) {
    const Expr *v = kw.value.get();
    if (kw.name == "dtype" && (spelled(v, names) == "numpy.float64" ||
                               (isa<NameExpr>(v) && cast<NameExpr>(*v).name == "float")))
      continue; // numpy's default
    if (!identity && kw.name == "k" && call->args.size() < 3)
      diagonal = cloneExpr(v);
    else if (!identity && kw.name == "M" && call->args.size() < 2)
      columns = kw.value.get();
    else
      return;
  }
  if (!repeatable(rows) || !repeatable(columns))
    return;
  std::vector<ExprPtr> args;
  args.push_back(cloneExpr(rows));
  args.push_back(cloneExpr(columns));
  args.push_back(std::move(diagonal));
  ExprPtr flat = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, "llcc.eye"),
                                            std::move(args), std::vector<KeywordArg>{});
  std::vector<ExprPtr> shape;
  shape.push_back(cloneExpr(rows));
  shape.push_back(cloneExpr(columns));
  slot = std::make_unique<CallExpr>(
      at, std::make_unique<AttributeExpr>(at, std::move(flat), "reshape"), std::move(shape),
      std::vector<KeywordArg>{});
}

/// Whether `e` is a call of numpy.linalg.eigh of one matrix (no UPLO=).
bool isEighCall(const Expr *e, const std::map<std::string, std::string> &names) {
  auto *call = dyn_cast<CallExpr>(e);
  return call && spelled(call->callee.get(), names) == "numpy.linalg.eigh" &&
         call->args.size() == 1 && call->keywords.empty() && !call->starred;
}

/// The part of np.linalg.eigh's tuple that `np.linalg.eigh(m)[k]` takes.
const char *const EighParts[] = {"llcc.eigh_values", "llcc.eigh_vectors"};

ExprPtr eighPart(SourceLoc at, int part, ExprPtr matrix) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(matrix));
  return std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, EighParts[part]),
                                    std::move(args), std::vector<KeywordArg>{});
}

/// np.linalg.eigh(m)[k] of a constant k (0, 1, -2 or -1): that part.
void lowerEighPart(ExprPtr &slot, const std::map<std::string, std::string> &names) {
  auto *s = dyn_cast<SubscriptExpr>(slot.get());
  int64_t k;
  if (!s || !isEighCall(s->value.get(), names) || !intConstant(s->index.get(), k) || k < -2 ||
      k > 1)
    return;
  auto &call = cast<CallExpr>(*s->value);
  slot = eighPart(s->loc(), k < 0 ? static_cast<int>(k + 2) : static_cast<int>(k),
                  std::move(call.args[0]));
}

/// `w, v = np.linalg.eigh(m)` of two names: the matrix into a hidden
/// local, then one assignment per part.
void lowerEighUnpacking(Block &block, const std::map<std::string, std::string> &names) {
  for (size_t i = 0; i < block.size(); ++i) {
    forEachChildBlock(*block[i], [&](Block &b) { lowerEighUnpacking(b, names); });
    auto *assign = dyn_cast<AssignStmt>(block[i].get());
    auto *targets = assign && assign->targets.size() == 1
                        ? dyn_cast<TupleExpr>(assign->targets[0].get())
                        : nullptr;
    if (!targets || targets->elements.size() != 2 || !isEighCall(assign->value.get(), names) ||
        !std::all_of(targets->elements.begin(), targets->elements.end(),
                     [](const ExprPtr &t) { return isa<NameExpr>(t.get()); }))
      continue;
    auto &call = cast<CallExpr>(*assign->value);
    SourceLoc at = call.loc(), stmtAt = assign->loc();
    std::string hidden =
        "_llcc_eigh_" + std::to_string(at.line) + "_" + std::to_string(at.col);
    auto assignTo = [&](ExprPtr target, ExprPtr value) -> StmtPtr {
      std::vector<ExprPtr> ts;
      ts.push_back(std::move(target));
      return std::make_unique<AssignStmt>(stmtAt, std::move(ts), std::move(value));
    };
    std::vector<StmtPtr> out;
    out.push_back(assignTo(std::make_unique<NameExpr>(at, hidden), std::move(call.args[0])));
    for (int part = 0; part < 2; ++part)
      out.push_back(assignTo(std::move(targets->elements[part]),
                             eighPart(at, part, std::make_unique<NameExpr>(at, hidden))));
    block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
    block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
                 std::make_move_iterator(out.begin()), std::make_move_iterator(out.end()));
    i += out.size() - 1;
  }
}

} // namespace

extern const char RItemName[];
const char RItemName[] = "llcc.r_item";

void lowerIndexTricks(Module &module, DiagnosticEngine &diags,
                      const std::function<std::string()> &numpyAlias) {
  // What each imported name stands for: `np` -> numpy, `r_` -> numpy.r_.
  std::map<std::string, std::string> names;
  for (const Import &imp : module.imports) {
    if (!imp.isFrom) {
      names[imp.alias.empty() ? imp.module : imp.alias] = imp.module;
      continue;
    }
    for (const auto &[name, alias] : imp.names)
      names[alias.empty() ? name : alias] = imp.module + "." + name;
  }
  auto lower = [&](ExprPtr &slot) {
    auto *s = dyn_cast<SubscriptExpr>(slot.get());
    if (!s)
      return;
    std::string name = spelled(s->value.get(), names);
    if (name != "numpy.r_" && name != "numpy.c_")
      return;
    bool rows = name == "numpy.r_";
    const char *shown = rows ? "np.r_" : "np.c_";
    SourceLoc at = s->loc();
    std::vector<ExprPtr> items;
    if (auto *t = dyn_cast<TupleExpr>(s->index.get()))
      items = std::move(t->elements);
    else
      items.push_back(std::move(s->index));
    std::string numpy = programNumpy(names, numpyAlias);
    auto np = [&](const char *function) {
      return std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, numpy), function);
    };
    std::vector<ExprPtr> pieces;
    for (ExprPtr &item : items) {
      SourceLoc loc = item->loc();
      if (isa<StringLiteralExpr>(item.get())) {
        diags.error(loc, std::string(shown) +
                             "'s string directives ('r', 'c', '0,2', ...) are not supported in "
                             "llcc; write np.concatenate, np.stack or np.column_stack");
        continue; // reported once: the rest is still written out
      }
      if (auto *sl = dyn_cast<SliceExpr>(item.get())) {
        // numpy: arange(start or 0, stop, step or 1); an imaginary step
        // asks for linspace, which llcc's literals cannot spell.
        std::vector<ExprPtr> args;
        args.push_back(sl->start ? std::move(sl->start) : std::make_unique<IntLiteralExpr>(loc, 0));
        args.push_back(sl->stop ? std::move(sl->stop) : std::make_unique<NoneLiteralExpr>(loc));
        args.push_back(sl->step ? std::move(sl->step) : std::make_unique<IntLiteralExpr>(loc, 1));
        pieces.push_back(std::make_unique<CallExpr>(loc, np("arange"), std::move(args),
                                                    std::vector<KeywordArg>{}));
        continue;
      }
      std::vector<ExprPtr> one;
      one.push_back(std::move(item));
      pieces.push_back(std::make_unique<CallExpr>(loc, std::make_unique<NameExpr>(loc, RItemName),
                                                  std::move(one), std::vector<KeywordArg>{}));
    }
    std::vector<ExprPtr> args;
    args.push_back(std::make_unique<TupleExpr>(at, std::move(pieces)));
    slot = std::make_unique<CallExpr>(at, np(rows ? "concatenate" : "column_stack"), std::move(args),
                                      std::vector<KeywordArg>{});
  };
  for (auto &fn : module.functions) {
    eachSlot(fn->body, lower);
    eachSlot(fn->body, [&](ExprPtr &slot) { lowerSlidingWindowView(slot, names, diags); });
    eachSlot(fn->body, [&](ExprPtr &slot) { lowerMatrices(slot, names, numpyAlias); });
    lowerEighUnpacking(fn->body, names);
    eachSlot(fn->body, [&](ExprPtr &slot) { lowerEighPart(slot, names); });
  }
}

} // namespace sema
} // namespace llcc
