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

void chooseLists(Block &block) {
  for (StmtPtr &s : block) {
    if (auto *a = dyn_cast<AssignStmt>(s.get()))
      chooseList(a->value);
    else if (auto *r = dyn_cast<ReturnStmt>(s.get()))
      chooseList(r->value);
    forEachChildBlock(*s, [](Block &b) { chooseLists(b); });
  }
}

} // namespace

void lowerListChoices(Module &module) {
  for (auto &fn : module.functions)
    chooseLists(fn->body);
}

} // namespace sema
} // namespace llcc
