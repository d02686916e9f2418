//===- IRGenIndexStore.cpp - Stores through masks and index arrays ---------===//
//
// `a[a > t] = t`, `w[np.isnan(w)] = 0.0`, `a[m] = b[m]`, `a[idx] = v`: numpy
// writes the original array at the positions the mask (or the index array)
// selects. A mask writes the values of an array in order (its length is the
// number of True elements, or 1, broadcast); an index array writes value i
// to position idx[i] (the last write of a repeated index wins, as numpy's
// loop). The index is computed in full before the first write, as numpy
// does, when it reads an array the store could change (`a[a > 0] = 0`).
//
// Converting what is stored follows numpy's assignment: a number goes
// through Python's int() into an int array (ValueError for NaN,
// OverflowError for infinities), an array's elements by numpy's C cast
// (NaN and out-of-range values become INT64_MIN), and anything into a bool
// array is `x != 0`.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <limits>

using llvm::dyn_cast;

namespace llcc {

llvm::Value *IRGen::storedElement(llvm::Value *x, Type from, Type to, bool scalar, SourceLoc loc) {
  if (from == to)
    return x;
  if (to == Type::Bool)
    return from == Type::Float ? b_.CreateFCmpUNE(x, f64(0.0))
                               : b_.CreateICmpNE(convert(x, from, Type::Int), i64(0));
  if (to == Type::Int && from == Type::Float) {
    if (scalar)
      return floatToInt(x, loc);
    llvm::Value *inRange = b_.CreateAnd(b_.CreateFCmpOGE(x, f64(-9223372036854775808.0)),
                                        b_.CreateFCmpOLT(x, f64(9223372036854775808.0)));
    llvm::Value *safe = b_.CreateSelect(inRange, x, f64(0.0));
    return b_.CreateSelect(inRange, b_.CreateFPToSI(safe, b_.getInt64Ty()),
                           i64(std::numeric_limits<int64_t>::min()));
  }
  return convert(x, from, to, loc);
}

void IRGen::storeThroughIndex(const SubscriptExpr &target, const ArrayGen &src) {
  SourceLoc loc = target.index->loc();
  Type elem = elementType(target.value->type);
  bool window = isWindow(*target.value);

  // Where element k (C order for a 2-D or 3-D array) lives.
  llvm::Value *array = genArrayValue(*target.value);
  WindowValue w;
  llvm::Value *len;
  if (window) {
    w = windowOf(array, *target.value->shape);
    len = w.total;
  } else {
    len = b_.CreateExtractValue(array, 1);
  }
  auto store = [&](llvm::Value *k, llvm::Value *v) {
    if (!window) {
      storeElement(array, k, v, elem);
      return;
    }
    llvm::Value *offset = i64(0), *rest = k;
    for (size_t d = w.extents.size(); d-- > 0;) {
      llvm::Value *i = d == 0 ? rest : b_.CreateURem(rest, w.extents[d]);
      if (d != 0)
        rest = b_.CreateUDiv(rest, w.extents[d]);
      offset = b_.CreateAdd(offset, b_.CreateMul(i, w.steps[d]));
    }
    if (elem == Type::Bool)
      v = b_.CreateZExt(v, b_.getInt8Ty());
    b_.CreateStore(v, windowAddress(w, offset, elem));
  };

  ArrayGen index = genArray(*target.index);
  if (mayAliasWritable(*target.index))
    index = memoryGen(materialize(index, loc), index.elem);
  // A number is converted once, before anything is written (numpy raises
  // for `a[m] = nan` into an int array even where the mask is all False).
  bool scalar = !src.len;
  llvm::Value *fixed =
      scalar ? storedElement(src.at(i64(0)), src.elem, elem, true, target.loc()) : nullptr;
  llvm::Value *single = scalar ? nullptr : b_.CreateICmpEQ(src.len, i64(1));
  auto value = [&](llvm::Value *i) {
    if (fixed)
      return fixed;
    return storedElement(src.at(b_.CreateSelect(single, i64(0), i)), src.elem, elem, false,
                         target.loc());
  };

  if (index.elem != Type::Bool) { // a[idx] = v
    if (!scalar)
      checkFormatted(b_.CreateOr(single, b_.CreateICmpEQ(src.len, index.len)), target.loc(),
                     "ValueError: shape mismatch: value array of shape (%lld,) could not be "
                     "broadcast to indexing result of shape (%lld,)",
                     {src.len, index.len});
    forRange(i64(0), index.len, [&](llvm::Value *i) {
      llvm::Value *j = windowIndex(convert(index.at(i), index.elem, Type::Int), len, 0, loc);
      store(j, value(i));
    });
    return;
  }

  // a[mask] = v: the mask has the array's shape (Sema), its length checked
  // here for 1-D arrays as numpy's.
  if (!window)
    checkFormatted(b_.CreateICmpEQ(len, index.len), loc,
                   "IndexError: boolean index did not match indexed array along dimension 0; "
                   "dimension is %lld but corresponding boolean dimension is %lld",
                   {len, index.len});
  llvm::AllocaInst *count = entryAlloca(b_.getInt64Ty(), "mask.count");
  auto forSelected = [&](const std::function<void(llvm::Value *)> &body) {
    b_.CreateStore(i64(0), count);
    forRange(i64(0), len, [&](llvm::Value *k) {
      llvm::BasicBlock *selected = newBlock("mask.selected");
      llvm::BasicBlock *next = newBlock("mask.next");
      b_.CreateCondBr(index.at(k), selected, next);
      b_.SetInsertPoint(selected);
      body(k);
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), count), i64(1)), count);
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
    });
  };
  if (!scalar) {
    forSelected([](llvm::Value *) {});
    llvm::Value *n = b_.CreateLoad(b_.getInt64Ty(), count);
    checkFormatted(b_.CreateOr(single, b_.CreateICmpEQ(src.len, n)), target.loc(),
                   "ValueError: NumPy boolean array indexing assignment cannot assign %lld "
                   "input values to the %lld output values where the mask is true",
                   {src.len, n});
  }
  forSelected([&](llvm::Value *k) { store(k, value(b_.CreateLoad(b_.getInt64Ty(), count))); });
}

} // namespace llcc
