//===- IRGenArrayList.cpp - Lists of arrays ---------------------------------===//
//
// A list of arrays (`quads = [w[:3, :3], w[:3, 2:], w[2:, :3], w[2:, 2:]]`)
// is an array value {ptr, len, 1} whose data are the elements' own array
// values ({ptr, len, stride} each) in the call's arena. The elements are
// views or arrays already in the arena, so the list costs one small block
// and no copy of any element; all of them share one static shape (Sema),
// so an element taken out is an ordinary array or window value. Consumers
// that walk it (for loops, comprehensions, len, min/max with key=) see it
// through genArray as a generator of those values.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

#include <algorithm>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

llvm::Value *IRGen::arrayListElement(llvm::Value *list, llvm::Value *i) {
  return b_.CreateLoad(arrayTy_, b_.CreateGEP(arrayTy_, b_.CreateExtractValue(list, 0), i));
}

/// n array values become a list in a new arena block of n slots.
llvm::Value *IRGen::newArrayList(llvm::Value *n, SourceLoc loc) {
  llvm::Value *bytes =
      b_.CreateMul(n, i64(static_cast<int64_t>(mod_->getDataLayout().getTypeAllocSize(arrayTy_))));
  llvm::Value *data = b_.CreateCall(arenaAlloc(), {cur_->arena, bytes});
  check(b_.CreateIsNotNull(data), loc, "MemoryError: cannot allocate a local array");
  return makeArray(data, n, i64(1));
}

/// A list-of-arrays expression (not a name) becomes its value: a display
/// `[a, b]` (elements evaluated in order), a comprehension (its kept
/// arrays appended to a buffer that grows by doubling), or
/// `sorted(arrays, key=f)` (CPython's stable order of the keys).
llvm::Value *IRGen::genArrayList(const Expr &e) {
  if (auto *c = dyn_cast<CallExpr>(&e); c && c->builtin == "method.values")
    return dictListValues(*c); // IRGenDictLists.cpp
  if (auto *list = dyn_cast<ListExpr>(&e)) {
    std::vector<llvm::Value *> values;
    for (auto &el : list->elements)
      values.push_back(genArrayValue(*el));
    llvm::Value *out = newArrayList(i64(static_cast<int64_t>(values.size())), e.loc());
    llvm::Value *data = b_.CreateExtractValue(out, 0);
    for (size_t i = 0; i < values.size(); ++i)
      b_.CreateStore(values[i], b_.CreateGEP(arrayTy_, data, i64(static_cast<int64_t>(i))));
    return out;
  }
  if (auto *c = dyn_cast<ComprehensionExpr>(&e)) {
    llvm::AllocaInst *data = entryAlloca(b_.getPtrTy(), "arrays.data");
    llvm::AllocaInst *len = entryAlloca(b_.getInt64Ty(), "arrays.len");
    llvm::AllocaInst *cap = entryAlloca(b_.getInt64Ty(), "arrays.cap");
    b_.CreateStore(b_.CreateExtractValue(newArrayList(i64(8), e.loc()), 0), data);
    b_.CreateStore(i64(0), len);
    b_.CreateStore(i64(8), cap);
    forComprehension(*c, [&] {
      llvm::Value *x = genArrayValue(*c->element);
      llvm::Value *n = b_.CreateLoad(b_.getInt64Ty(), len);
      llvm::Value *capacity = b_.CreateLoad(b_.getInt64Ty(), cap);
      llvm::BasicBlock *grow = newBlock("arrays.grow"), *store = newBlock("arrays.store");
      b_.CreateCondBr(b_.CreateICmpSLT(n, capacity), store, grow);
      b_.SetInsertPoint(grow);
      llvm::Value *old = makeArray(b_.CreateLoad(b_.getPtrTy(), data), n, i64(1));
      llvm::Value *bigger = newArrayList(b_.CreateMul(capacity, i64(2)), e.loc());
      forRange(i64(0), n, [&](llvm::Value *i) {
        b_.CreateStore(arrayListElement(old, i),
                       b_.CreateGEP(arrayTy_, b_.CreateExtractValue(bigger, 0), i));
      });
      b_.CreateStore(b_.CreateExtractValue(bigger, 0), data);
      b_.CreateStore(b_.CreateMul(capacity, i64(2)), cap);
      b_.CreateBr(store);
      b_.SetInsertPoint(store);
      b_.CreateStore(x, b_.CreateGEP(arrayTy_, b_.CreateLoad(b_.getPtrTy(), data), n));
      b_.CreateStore(b_.CreateAdd(n, i64(1)), len);
    });
    return makeArray(b_.CreateLoad(b_.getPtrTy(), data), b_.CreateLoad(b_.getInt64Ty(), len),
                     i64(1));
  }
  auto &call = cast<CallExpr>(e); // sorted(arrays, key=f)
  const Expr *key = nullptr;
  for (const KeywordArg &k : call.keywords)
    if (k.name == "key")
      key = k.value.get();
  internalCheck(call.builtin == "sorted" && key, "a list of arrays made by an unknown call");
  ArrayGen g = genArray(*call.args[0]);
  SourceLoc loc = e.loc();
  llvm::Value *perm = keyedPermutation(*key, g, loc);
  llvm::Value *out = newArrayList(g.len, loc);
  forRange(i64(0), g.len, [&](llvm::Value *i) {
    llvm::Value *from = b_.CreateFPToSI(loadElement(perm, i, Type::Float), b_.getInt64Ty());
    b_.CreateStore(g.at(from), b_.CreateGEP(arrayTy_, b_.CreateExtractValue(out, 0), i));
  });
  return out;
}

/// A list of arrays as a generator of its elements' array values; an
/// array chosen from one (`max(parts, key=f)`) as a generator of its
/// elements.
bool IRGen::genArrayListGen(const Expr &e, ArrayGen &out) {
  if (auto *c = dyn_cast<CallExpr>(&e); c && c->args.size() == 1 &&
                                        c->args[0]->type == Type::ArrayList && isNdarray(e.type)) {
    llvm::Value *chosen = genCall(*c);
    out = isWindow(e) ? windowGen(chosen, *e.shape, elementType(e.type), false)
                      : memoryGen(chosen, elementType(e.type));
    return true;
  }
  if (e.type != Type::ArrayList)
    return false;
  llvm::Value *list = isa<NameExpr>(&e) ? genExpr(e) : genArrayList(e);
  Type elem = e.shape ? e.shape->elem : Type::FloatArray;
  out = {b_.CreateExtractValue(list, 1),
         [this, list](llvm::Value *i) { return arrayListElement(list, i); }, elem};
  return true;
}

/// `arrays[i]` becomes the i-th element's array value (negative i counts
/// from the end; IndexError outside the list, as Python's).
llvm::Value *IRGen::genArrayListSubscript(const SubscriptExpr &e) {
  llvm::Value *list = genExpr(*e.value);
  llvm::Value *index = genIndex(*e.index, Type::FloatList);
  llvm::Value *len = b_.CreateExtractValue(list, 1);
  llvm::Value *adjusted =
      b_.CreateSelect(b_.CreateICmpSLT(index, i64(0)), b_.CreateAdd(index, len), index);
  check(b_.CreateICmpULT(adjusted, len), e.index->loc(), "IndexError: list index out of range");
  return arrayListElement(list, adjusted);
}

} // namespace llcc
