//===- SemaNewaxis.cpp - `a[:, None]` and `a[None, :]` of a 1-D array ------===//
//
// numpy code makes a column or a row of a 1-D array with `None` (or
// `np.newaxis`) in a subscript, to broadcast one against the other:
//
//   d = values[:, None] - values[None, :]     # every pairwise difference
//
// For a 1-D array these are views of shapes (n, 1) and (1, n), the same
// arrays as reshape gives, which llcc compiles (a block when n is known
// only at run time). Once the types say the subscripted value is a 1-D
// array, the subscript becomes that call:
//
//   a[:, None], a[..., None]            ->  a.reshape(-1, 1)
//   a[None, :], a[None, ...], a[None]   ->  a.reshape(1, -1)
//
// Other uses of None in a subscript stay what they were (an error).
//
// In the same way a 1-D array whose length is known only at run time met by
// a 2-D array in an operator (`block - values`, `w > a`) or in an elementwise
// numpy function (`np.maximum(w, a)`, `np.where(w > t, w, a)`) broadcasts as
// numpy broadcasts it, as the row `a.reshape(1, -1)`: its length is checked
// against the other's columns at run time (IRGen::broadcastBlocks).
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

bool isNewaxis(const Expr &e) {
  if (isa<NoneLiteralExpr>(&e))
    return true;
  auto *a = dyn_cast<AttributeExpr>(&e);
  auto *base = a ? dyn_cast<NameExpr>(a->value.get()) : nullptr;
  return base && a->attr == "newaxis" && base->ref != NameRef::Local;
}

bool isWhole(const Expr &e) {
  if (auto *s = dyn_cast<SliceExpr>(&e))
    return !s->start && !s->stop && !s->step;
  auto *n = dyn_cast<NameExpr>(&e);
  return n && n->name == "...";
}

/// -1 for a column (`a[:, None]`), 1 for a row (`a[None, :]`), 0 otherwise.
int newaxisForm(const Expr &index) {
  if (isNewaxis(index))
    return 1;
  auto *t = dyn_cast<TupleExpr>(&index);
  if (!t || t->elements.empty() || t->elements.size() > 2)
    return 0;
  if (t->elements.size() == 1)
    return isNewaxis(*t->elements[0]) ? 1 : 0;
  if (isWhole(*t->elements[0]) && isNewaxis(*t->elements[1]))
    return -1;
  if (isNewaxis(*t->elements[0]) && isWhole(*t->elements[1]))
    return 1;
  return 0;
}

} // namespace

/// A numpy function applied elementwise to its broadcast arguments
/// (np.maximum, np.hypot, np.where, np.clip, ...), whose array arguments
/// broadcast as an operator's operands do (also SemaBlock.cpp).
bool elementwiseNumpyCall(const CallExpr &c) {
  if (c.builtin.rfind("numpy.", 0) != 0)
    return false;
  std::string op = c.builtin.substr(6);
  if (op == "where" || op == "clip")
    return true;
  const BuiltinFunction *f = findBuiltinFunction(c.builtin);
  return f && f->result != BuiltinResult::Reduce && f->result != BuiltinResult::NewArray &&
         f->result != BuiltinResult::Special;
}

bool lowerNewaxis(Module &module) {
  bool any = false;
  auto runtimeVector = [](const Expr &e) {
    return isNdarray(e.type) && !e.shape;
  };
  auto plane = [](const Expr &e) {
    return isNdarray(e.type) && e.shape && e.shape->dims.size() == 2;
  };
  auto asRow = [](ExprPtr &operand) {
    SourceLoc at = operand->loc();
    std::vector<ExprPtr> dims;
    dims.push_back(intLiteral(at, 1));
    dims.push_back(intLiteral(at, -1));
    operand = std::make_unique<CallExpr>(
        at, std::make_unique<AttributeExpr>(at, std::move(operand), "reshape"), std::move(dims),
        std::vector<KeywordArg>{});
  };
  for (auto &fn : module.functions)
    eachSlot(fn->body, [&](ExprPtr &slot) {
      if (auto *b = dyn_cast<BinaryExpr>(slot.get());
          b && b->op != BinaryOp::And && b->op != BinaryOp::Or && b->op != BinaryOp::MatMul &&
          b->lhs && b->rhs) {
        if (plane(*b->lhs) && runtimeVector(*b->rhs)) {
          asRow(b->rhs);
          any = true;
        } else if (plane(*b->rhs) && runtimeVector(*b->lhs)) {
          asRow(b->lhs);
          any = true;
        }
        return;
      }
      if (auto *call = dyn_cast<CallExpr>(slot.get()); call && elementwiseNumpyCall(*call)) {
        bool withPlane = false;
        for (auto &a : call->args)
          withPlane |= plane(*a);
        if (withPlane)
          for (auto &a : call->args)
            if (runtimeVector(*a)) {
              asRow(a);
              any = true;
            }
        return;
      }
      if (auto *c = dyn_cast<CompareExpr>(slot.get()); c && c->operands.size() == 2) {
        if (plane(*c->operands[0]) && runtimeVector(*c->operands[1])) {
          asRow(c->operands[1]);
          any = true;
        } else if (plane(*c->operands[1]) && runtimeVector(*c->operands[0])) {
          asRow(c->operands[0]);
          any = true;
        }
        return;
      }
      auto *s = dyn_cast<SubscriptExpr>(slot.get());
      if (!s || !isNdarray(s->value->type) || isWindowShape(s->value->shape))
        return;
      int form = newaxisForm(*s->index);
      if (!form)
        return;
      SourceLoc at = s->loc();
      std::vector<ExprPtr> dims;
      dims.push_back(intLiteral(at, form < 0 ? -1 : 1));
      dims.push_back(intLiteral(at, form < 0 ? 1 : -1));
      slot = std::make_unique<CallExpr>(
          at, std::make_unique<AttributeExpr>(at, std::move(s->value), "reshape"), std::move(dims),
          std::vector<KeywordArg>{});
      any = true;
    });
  return any;
}

} // namespace sema
} // namespace llcc
