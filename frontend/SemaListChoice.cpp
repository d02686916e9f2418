//===- SemaListChoice.cpp - A list chosen by `or` / `and` -------------------===//
//
// `ys = xs or [0.0]` (a default for an empty list) and `return ks and
// [k * 2 for k in ks]` give one of their operands, a list, as their value.
// When the left operand is a name and the right one is written as a list
// (a display, a list comprehension, list(...)), the statement's value
// becomes the conditional expression CPython's operator is:
//
//   xs or [0.0]    ->  xs if xs else [0.0]
//   xs and [1.0]   ->  [1.0] if xs else xs
//
// Reading a name twice reads the same object, so nothing else changes; the
// conditional expression's rules then apply (a list chosen as the whole
// value of an assignment or a return; one that grows must not be shared
// with a second name, as for `ys = xs if xs else [0.0]`).
//
// Inside an expression (`sum(xs or [0.0])`, `max(ks or [0])`) the choice is
// made just before its statement into a hidden name the expression reads,
// where that changes nothing: the list is a display of literals and names
// (nothing in it can raise or have an effect), outside comprehensions and
// lambdas (whose names are their own), in a statement that evaluates the
// expression once (not a `while` test).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

bool writtenAsList(const Expr &e) {
  if (isa<ListExpr>(&e))
    return true;
  if (auto *c = dyn_cast<ComprehensionExpr>(&e))
    return !c->generator;
  auto *call = dyn_cast<CallExpr>(&e);
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  return callee && callee->name == "list";
}

/// `value`, rewritten in place when it is `name or list` / `name and list`.
void chooseList(ExprPtr &value) {
  auto *b = value ? dyn_cast<BinaryExpr>(value.get()) : nullptr;
  if (!b || (b->op != BinaryOp::Or && b->op != BinaryOp::And))
    return;
  auto *name = dyn_cast<NameExpr>(b->lhs.get());
  if (!name || !writtenAsList(*b->rhs))
    return;
  SourceLoc at = b->loc();
  auto again = std::make_unique<NameExpr>(name->loc(), name->name);
  ExprPtr cond = std::move(b->lhs);
  ExprPtr list = std::move(b->rhs);
  value = b->op == BinaryOp::Or
              ? std::make_unique<IfExpExpr>(at, std::move(cond), std::move(again), std::move(list))
              : std::make_unique<IfExpExpr>(at, std::move(cond), std::move(list), std::move(again));
}

/// A list display nothing in which can raise: literals and names.
bool plainList(const Expr &e) {
  auto *l = dyn_cast<ListExpr>(&e);
  if (!l)
    return false;
  for (auto &x : l->elements) {
    const Expr *v = x.get();
    if (auto *u = dyn_cast<UnaryExpr>(v); u && u->op == UnaryExpr::Op::Neg)
      v = u->operand.get();
    if (!isa<IntLiteralExpr>(v) && !isa<FloatLiteralExpr>(v) && !isa<BoolLiteralExpr>(v) &&
        !isa<NameExpr>(v))
      return false;
  }
  return true;
}

/// `xs or [0.0]` inside the expression `slot`: each becomes a hidden name
/// assigned the choice in `before`.
void hoistChoices(ExprPtr &slot, std::vector<StmtPtr> &before, int &counter) {
  if (!slot || isa<ComprehensionExpr>(slot.get()) || isa<LambdaExpr>(slot.get()))
    return;
  if (auto *b = dyn_cast<BinaryExpr>(slot.get());
      b && (b->op == BinaryOp::Or || b->op == BinaryOp::And) && isa<NameExpr>(b->lhs.get()) &&
      plainList(*b->rhs)) {
    SourceLoc at = b->loc();
    std::string name = "__llcc_choice" + std::to_string(counter++);
    ExprPtr value = std::move(slot);
    chooseList(value);
    std::vector<ExprPtr> targets;
    targets.push_back(std::make_unique<NameExpr>(at, name));
    before.push_back(std::make_unique<AssignStmt>(at, std::move(targets), std::move(value)));
    slot = std::make_unique<NameExpr>(at, name);
    return;
  }
  forEachChildExpr(*slot, [&](ExprPtr &c) { hoistChoices(c, before, counter); });
}

void chooseLists(Block &block, int &counter) {
  for (size_t i = 0; i < block.size(); ++i) {
    StmtPtr &s = block[i];
    if (auto *a = dyn_cast<AssignStmt>(s.get()))
      chooseList(a->value);
    else if (auto *r = dyn_cast<ReturnStmt>(s.get()))
      chooseList(r->value);
    // The choices inside the statement's expressions (evaluated once).
    std::vector<StmtPtr> before;
    // (Not the whole expression: a choice that is the whole value or a
    // condition is chooseList's or the condition's own.)
    auto inner = [&](ExprPtr &e) {
      if (e)
        forEachChildExpr(*e, [&](ExprPtr &c) { hoistChoices(c, before, counter); });
    };
    if (auto *a = dyn_cast<AssignStmt>(s.get()))
      inner(a->value);
    else if (auto *r = dyn_cast<ReturnStmt>(s.get()))
      inner(r->value);
    else if (auto *x = dyn_cast<ExprStmt>(s.get()))
      inner(x->value);
    else if (auto *g = dyn_cast<AugAssignStmt>(s.get()))
      inner(g->value);
    else if (auto *f = dyn_cast<IfStmt>(s.get()))
      inner(f->cond);
    else if (auto *l = dyn_cast<ForStmt>(s.get()))
      inner(l->iter);
    forEachChildBlock(*s, [&](Block &b) { chooseLists(b, counter); });
    if (!before.empty()) {
      size_t n = before.size();
      block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
                   std::make_move_iterator(before.begin()), std::make_move_iterator(before.end()));
      i += n;
    }
  }
}

} // namespace

void lowerListChoices(Module &module) {
  int counter = 0;
  for (auto &fn : module.functions)
    chooseLists(fn->body, counter);
}

} // namespace sema
} // namespace llcc
