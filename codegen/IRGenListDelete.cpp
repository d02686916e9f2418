//===- IRGenListDelete.cpp - del a[i] and del a[i:j:k] of local lists ------===//
//
// CPython's list_ass_subscript with no value, for a list of numbers or of
// tuples held in a local variable (Sema's walkDelItem): the list shrinks in
// place, as with a.pop(i), so every later read sees the new length.
//
//   del a[i]      i counted from the end when negative; IndexError "list
//                 assignment index out of range" outside the list (an empty
//                 list included, where pop says "pop from empty list")
//   del a[i:j:k]  the positions slice.indices gives, any step (a negative
//                 one deletes the same set of positions from the other end);
//                 an empty slice deletes nothing, a zero step is ValueError
//
// Both move the kept elements down over the deleted ones in one pass, in
// order, and store the new length into the variable's slot.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

namespace llcc {

using llvm::cast;
using llvm::dyn_cast;

void IRGen::genListDelete(const SubscriptExpr &target) {
  SourceLoc loc = target.loc();
  int local = cast<NameExpr>(*target.value).localIndex;
  Type type = cur_->def->locals[local].type;
  // Element `from` of the list moved to position `to`.
  std::function<void(llvm::Value *, llvm::Value *, llvm::Value *)> move;
  if (type == Type::TupleList) {
    llvm::Type *elemTy = tupleListElemType(*target.value);
    move = [this, elemTy](llvm::Value *list, llvm::Value *from, llvm::Value *to) {
      b_.CreateStore(tupleListAt(list, elemTy, from), tupleListAddress(list, elemTy, to));
    };
  } else {
    Type elem = elementType(type);
    move = [this, elem](llvm::Value *list, llvm::Value *from, llvm::Value *to) {
      storeElement(list, to, loadElement(list, from, elem), elem);
    };
  }
  llvm::Value *list = loadLocal(local, loc); // UnboundLocalError first, as CPython
  llvm::Value *len = b_.CreateExtractValue(list, 1);
  llvm::Value *newLen;
  if (auto *slice = dyn_cast<SliceExpr>(target.index.get())) {
    SliceRange r = sliceRange(len, *slice);
    // The deleted positions in increasing order: lo, lo + m, ... (count).
    llvm::Value *any = b_.CreateICmpSGT(r.count, i64(0));
    llvm::Value *down = b_.CreateICmpSLT(r.step, i64(0));
    llvm::Value *last = b_.CreateAdd(r.start, b_.CreateMul(b_.CreateSub(r.count, i64(1)), r.step));
    llvm::Value *lo = b_.CreateSelect(any, b_.CreateSelect(down, last, r.start), len);
    llvm::Value *m = b_.CreateSelect(down, b_.CreateSub(i64(0), r.step), r.step);
    llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "del.kept");
    b_.CreateStore(lo, kept);
    forRange(lo, len, [&](llvm::Value *i) {
      llvm::Value *d = b_.CreateSub(i, lo);
      llvm::Value *deleted = b_.CreateAnd(b_.CreateICmpEQ(b_.CreateURem(d, m), i64(0)),
                                          b_.CreateICmpULT(b_.CreateUDiv(d, m), r.count));
      llvm::BasicBlock *keep = newBlock("del.keep"), *next = newBlock("del.next");
      b_.CreateCondBr(deleted, next, keep);
      b_.SetInsertPoint(keep);
      llvm::Value *w = b_.CreateLoad(b_.getInt64Ty(), kept);
      move(list, i, w);
      b_.CreateStore(b_.CreateAdd(w, i64(1)), kept);
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
    });
    newLen = b_.CreateLoad(b_.getInt64Ty(), kept);
  } else {
    llvm::Value *i = genIndex(*target.index, type);
    llvm::Value *at = b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, len), i);
    check(b_.CreateICmpULT(at, len), loc, "IndexError: list assignment index out of range");
    newLen = b_.CreateSub(len, i64(1));
    forRange(at, newLen, [&](llvm::Value *k) { move(list, b_.CreateAdd(k, i64(1)), k); });
  }
  b_.CreateStore(b_.CreateInsertValue(list, newLen, 1), cur_->slots[local]);
}

} // namespace llcc
