//===- IRGenCounter.cpp - collections.Counter -----------------------------===//
//
// A Counter is a dict of numbers (IRGenContainers.cpp) whose values are int
// counts. Counting (Counter(iterable), c.update(iterable)) is
// collections._count_elements: each element's count + 1, a new key
// appended with 1, so keys keep first-seen order, NaN each its own key as
// in a dict. `c[k]` of a missing key reads 0 and inserts nothing
// (Counter.__missing__); `c[k] += n` inserts through the defaultdict path.
// most_common is sorted(c.items(), key=count, reverse=True)[:n], which
// CPython documents heapq.nlargest to equal: counts are ints, so any stable
// sort of -count (the library's) gives that order.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;

namespace llcc {

/// Whether `e` is a Counter: a Counter(...) call or a variable holding one.
bool IRGen::isCounterExpr(const Expr &e) {
  if (auto *c = dyn_cast<CallExpr>(&e))
    return c->builtin == "collections.Counter";
  if (auto *b = dyn_cast<BinaryExpr>(&e)) // a - b of two Counters
    return b->type == Type::Dict;
  auto *n = dyn_cast<NameExpr>(&e);
  return n && n->ref == NameRef::Local && cur_->def->locals[n->localIndex].counter;
}

/// Adds one to the count of each element of `iterable` in the dict `d`.
void IRGen::countElements(llvm::Value *d, const Expr &iterable, SourceLoc loc) {
  ArrayGen g = genArray(iterable);
  forRange(i64(0), g.len, [&](llvm::Value *i) {
    llvm::Value *key = toNumber(g.at(i), g.elem);
    llvm::Value *found = dictFind(d, key);
    llvm::Value *entry = dictAdd(d, key, loc);
    llvm::Value *slot = entryAddress(d, 1, entry);
    llvm::Value *old = fromNumber(b_.CreateLoad(numberTy_, slot), Type::Int);
    old = b_.CreateSelect(b_.CreateICmpSLT(found, i64(0)), i64(0), old);
    b_.CreateStore(toNumber(b_.CreateAdd(old, i64(1)), Type::Int), slot);
  });
}

/// `c[k]` of a Counter: the count, 0 for a missing key (not inserted).
llvm::Value *IRGen::counterRead(const SubscriptExpr &e) {
  llvm::Value *d = genExpr(*e.value);
  llvm::Value *entry = dictFind(d, toKey(genExpr(*e.index), *e.index));
  llvm::BasicBlock *hit = newBlock("counter.hit"), *done = newBlock("counter.done");
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateICmpSGE(entry, i64(0)), hit, done);
  b_.SetInsertPoint(hit);
  Type kind = e.value->shape && e.value->shape->value != Type::Unknown ? e.value->shape->value
                                                                        : Type::Int;
  llvm::Value *v =
      convert(fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, entry)), kind), kind, e.type);
  llvm::BasicBlock *hitEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *phi = b_.CreatePHI(v->getType(), 2);
  phi->addIncoming(convert(i64(0), Type::Int, e.type), pre);
  phi->addIncoming(v, hitEnd);
  return phi;
}

/// Counter(...), c.total(), c.update(iterable); false for other calls.
bool IRGen::genCounterCall(const CallExpr &e, llvm::Value *&out) {
  const std::string &name = e.builtin;
  if (name == "collections.Counter") {
    out = newDict(e.loc());
    if (!e.args.empty())
      countElements(out, *e.args[0], e.loc());
    return true;
  }
  if (name != "method.total" && name != "method.update")
    return false;
  const Expr &counter = *cast<AttributeExpr>(*e.callee).value;
  if (!isCounterExpr(counter))
    return false;
  llvm::Value *d = genExpr(counter);
  if (name == "method.update") {
    countElements(d, *e.args[0], e.loc());
    out = nullptr;
    return true;
  }
  llvm::AllocaInst *sum = entryAlloca(b_.getInt64Ty(), "counter.total");
  b_.CreateStore(i64(0), sum);
  forRange(i64(0), dictField(d, 3), [&](llvm::Value *k) {
    llvm::Value *c = fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, k)), Type::Int);
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), sum), c), sum);
  });
  out = convert(b_.CreateLoad(b_.getInt64Ty(), sum), Type::Int, e.type);
  return true;
}

/// c.most_common() and c.most_common(n): the (key, count) pairs, counts
/// descending, equal counts in the dict's order; n clamped to 0..len(c).
llvm::Value *IRGen::counterMostCommon(const CallExpr &call, llvm::Type *elemTy, SourceLoc loc) {
  const Expr &counter = *cast<AttributeExpr>(*call.callee).value;
  llvm::Value *d = genExpr(counter);
  llvm::Value *n = dictField(d, 3);
  llvm::Value *m = n;
  if (!call.args.empty()) {
    llvm::Value *want = genExprAs(*call.args[0], Type::Int);
    want = b_.CreateSelect(b_.CreateICmpSLT(want, i64(0)), i64(0), want);
    m = b_.CreateSelect(b_.CreateICmpSLT(want, n), want, n);
  }
  Type keyKind = call.shape->elemShape->members[0];
  llvm::Value *keys = allocArray(n, Type::Float, loc);
  llvm::Value *perm = allocArray(n, Type::Float, loc);
  forRange(i64(0), n, [&](llvm::Value *k) {
    llvm::Value *c = fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, k)), Type::Int);
    storeElement(keys, k, b_.CreateFNeg(b_.CreateSIToFP(c, b_.getDoubleTy())), Type::Float);
    storeElement(perm, k, b_.CreateSIToFP(k, b_.getDoubleTy()), Type::Float);
  });
  callLibrary("_llcc_python_sort_by_key", {keys, perm});
  llvm::Value *out = newTupleList(elemTy, m, loc);
  forRange(i64(0), m, [&](llvm::Value *j) {
    llvm::Value *k = b_.CreateFPToSI(loadElement(perm, j, Type::Float), b_.getInt64Ty());
    llvm::Value *t = llvm::UndefValue::get(elemTy);
    t = b_.CreateInsertValue(
        t, fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 0, k)), keyKind), 0);
    t = b_.CreateInsertValue(
        t, fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, k)), Type::Int), 1);
    b_.CreateStore(t, tupleListAddress(out, elemTy, j));
  });
  return out;
}

/// `a + b`, `a - b`, `a | b`, `a & b` of two Counters, as CPython's
/// Counter.__add__ and the others: for each key of a, in a's order, the
/// combined count (b's count 0 where b lacks the key), kept when positive;
/// then, except for &, each key of b that a lacks, kept when its count is
/// positive (for -, when negative, as 0 - count).
llvm::Value *IRGen::genCounterOperator(const BinaryExpr &e) {
  llvm::Value *a = genExpr(*e.lhs);
  llvm::Value *b = genExpr(*e.rhs);
  SourceLoc loc = e.loc();
  llvm::Value *out = newDict(loc);
  auto countAt = [&](llvm::Value *d, llvm::Value *entry) {
    return fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, entry)), Type::Int);
  };
  // Stores `count` under `key` in `out` when `keep` holds.
  auto storeIf = [&](llvm::Value *keep, llvm::Value *key, llvm::Value *count) {
    llvm::BasicBlock *yes = newBlock("counter.keep"), *done = newBlock("counter.next");
    b_.CreateCondBr(keep, yes, done);
    b_.SetInsertPoint(yes);
    llvm::Value *entry = dictAdd(out, key, loc);
    b_.CreateStore(toNumber(count, Type::Int), entryAddress(out, 1, entry));
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  };
  forRange(i64(0), dictField(a, 3), [&](llvm::Value *k) {
    llvm::Value *key = b_.CreateLoad(numberTy_, entryAddress(a, 0, k));
    llvm::Value *ca = countAt(a, k);
    llvm::Value *found = dictFind(b, key);
    // Entry 0 always has storage: read it when missing, then take 0.
    llvm::Value *safe = b_.CreateSelect(b_.CreateICmpSGE(found, i64(0)), found, i64(0));
    llvm::Value *cb = b_.CreateSelect(b_.CreateICmpSGE(found, i64(0)), countAt(b, safe), i64(0));
    llvm::Value *n = nullptr;
    switch (e.op) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
      n = genIntArith(e.op, ca, cb, loc);
      break;
    case BinaryOp::BitOr:
      n = b_.CreateSelect(b_.CreateICmpSLT(ca, cb), cb, ca);
      break;
    default:
      n = b_.CreateSelect(b_.CreateICmpSLT(ca, cb), ca, cb);
      break;
    }
    storeIf(b_.CreateICmpSGT(n, i64(0)), key, n);
  });
  if (e.op != BinaryOp::BitAnd)
    forRange(i64(0), dictField(b, 3), [&](llvm::Value *k) {
      llvm::Value *key = b_.CreateLoad(numberTy_, entryAddress(b, 0, k));
      llvm::Value *cb = countAt(b, k);
      llvm::Value *missing = b_.CreateICmpSLT(dictFind(a, key), i64(0));
      if (e.op == BinaryOp::Sub) {
        llvm::Value *neg = b_.CreateICmpSLT(cb, i64(0));
        // 0 - count of a negative count: only INT64_MIN overflows.
        llvm::Value *keep = b_.CreateAnd(missing, neg);
        llvm::BasicBlock *yes = newBlock("counter.neg"), *done = newBlock("counter.skip");
        b_.CreateCondBr(keep, yes, done);
        b_.SetInsertPoint(yes);
        llvm::Value *n = genIntArith(BinaryOp::Sub, i64(0), cb, loc);
        storeIf(b_.getTrue(), key, n);
        b_.CreateBr(done);
        b_.SetInsertPoint(done);
      } else {
        storeIf(b_.CreateAnd(missing, b_.CreateICmpSGT(cb, i64(0))), key, cb);
      }
    });
  return out;
}

} // namespace llcc
