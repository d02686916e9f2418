//===- IRGenSort.cpp - Sorted copies, numpy's and Python's sorts ---------===//
//
// Sorting is the standard library's, written in the filter language itself
// (stdlib/sort.flt, stdlib/timsort.flt): numpy's sorts for np.sort, the
// order statistics and np.argsort; for Python's sorted() and list.sort(),
// a stable sort when no element is NaN (every stable sort then gives
// CPython's order) and CPython's timsort step by step when one is. Here:
// the copies they sort, and the calls into the library.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

namespace llcc {

/// A sorted float copy of an array expression (numpy's order: NaN last),
/// optionally without its NaNs.
llvm::Value *IRGen::sortedCopy(const ArrayGen &g, SourceLoc loc, bool dropNaN,
                               const char *sortFn) {
  llvm::Value *copy = allocArray(g.len, Type::Float, loc);
  llvm::Value *len = g.len;
  if (dropNaN) {
    llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "kept");
    b_.CreateStore(i64(0), kept);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = convert(g.at(i), g.elem, Type::Float);
      llvm::Value *k = b_.CreateLoad(b_.getInt64Ty(), kept);
      llvm::BasicBlock *store = newBlock("keep");
      llvm::BasicBlock *next = newBlock("keep.next");
      b_.CreateCondBr(b_.CreateFCmpORD(x, x), store, next);
      b_.SetInsertPoint(store);
      storeElement(copy, k, x, Type::Float);
      b_.CreateStore(b_.CreateAdd(k, i64(1)), kept);
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
    });
    len = b_.CreateLoad(b_.getInt64Ty(), kept);
    copy = b_.CreateInsertValue(copy, len, 1);
  } else {
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      storeElement(copy, i, convert(g.at(i), g.elem, Type::Float), Type::Float);
    });
  }
  sortInPlace(copy, loc, sortFn);
  return copy;
}

/// An int copy of an int array expression, sorted exactly.
llvm::Value *IRGen::sortedIntCopy(const ArrayGen &g, SourceLoc loc) {
  llvm::Value *copy = materialize(
      {g.len, [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Int); }, Type::Int},
      loc);
  callLibrarySort("_llcc_sort_int", copy);
  return copy;
}

/// A float copy of an array expression partitioned for the quantile q as
/// numpy's _quantile partitions it (stdlib/select.flt), the nan- versions'
/// NaNs first removed as nanfunctions.py's _remove_nan_1d removes them.
llvm::Value *IRGen::quantileSelectedCopy(const ArrayGen &g, SourceLoc loc, bool dropNaN,
                                         llvm::Value *q, int method) {
  llvm::Value *copy = materialize(
      {g.len, [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Float); },
       Type::Float},
      loc);
  if (dropNaN) {
    llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "kept");
    b_.CreateStore(i64(0), kept);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = loadElement(copy, i, Type::Float);
      llvm::Value *k = b_.CreateLoad(b_.getInt64Ty(), kept);
      b_.CreateStore(b_.CreateAdd(k, b_.CreateZExt(b_.CreateFCmpORD(x, x), b_.getInt64Ty())),
                     kept);
    });
    callLibrary("_llcc_nan_compact", {copy});
    copy = b_.CreateInsertValue(copy, b_.CreateLoad(b_.getInt64Ty(), kept), 1);
  }
  // The virtual index of the values left, numpy's for the method.
  llvm::Value *n = b_.CreateExtractValue(copy, 1);
  bool whole = quantileMethodIsDiscrete(method);
  llvm::Value *vi = quantileVirtualIndex(n, q, method);
  if (whole)
    vi = b_.CreateSIToFP(vi, b_.getDoubleTy());
  callLibrary("_llcc_quantile_select", {copy, vi, i64(whole ? 1 : 0)});
  return copy;
}

void IRGen::callLibrary(const char *name, std::vector<llvm::Value *> args) {
  const FunctionDef *fn = nullptr;
  for (auto &f : ast_.functions)
    if (f->isLibrary && f->name == name)
      fn = f.get();
  internalCheck(fn != nullptr, "a function of the standard library is missing");
  args.insert(args.begin(), cur_->arena);
  propagate(b_.CreateCall(functions_.at(fn), args));
}

/// Calls a sort of the standard library (stdlib/sort.flt) on a float array.
void IRGen::callLibrarySort(const char *name, llvm::Value *array) {
  const FunctionDef *sortFn = nullptr;
  for (auto &fn : ast_.functions)
    if (fn->isLibrary && fn->name == name)
      sortFn = fn.get();
  internalCheck(sortFn != nullptr, "a sort of the standard library is missing");
  propagate(b_.CreateCall(functions_.at(sortFn), {cur_->arena, array}));
}

void IRGen::sortInPlace(llvm::Value *array, SourceLoc, const char *sortFn) {
  callLibrarySort(sortFn, array);
}

/// sorted(values): Python's order. Without NaN every stable sort gives
/// CPython's values (the fast library sort); with NaN, CPython's own
/// timsort, step by step (stdlib/sort.flt _llcc_timsort).
llvm::Value *IRGen::pythonSortedCopy(const ArrayGen &g, SourceLoc loc) {
  llvm::Value *copy = materialize(
      {g.len, [&](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Float); },
       Type::Float},
      loc);
  pythonSortInPlace(copy, loc);
  return copy;
}

/// Swaps a list's elements end for end, as list.reverse().
void IRGen::reverseInPlace(llvm::Value *list, Type elem) {
  llvm::Value *n = memoryGen(list, elem).len;
  forRange(i64(0), b_.CreateSDiv(n, i64(2)), [&](llvm::Value *i) {
    llvm::Value *j = b_.CreateSub(b_.CreateSub(n, i64(1)), i);
    llvm::Value *x = loadElement(list, i, elem);
    llvm::Value *y = loadElement(list, j, elem);
    storeElement(list, i, y, elem);
    storeElement(list, j, x, elem);
  });
}

/// reverseInPlace when `flag` (an i1, or null for never) is true: list.sort's
/// reverse= known only at run time.
void IRGen::reverseInPlaceIf(llvm::Value *flag, llvm::Value *list, Type elem) {
  if (!flag)
    return;
  if (auto *k = llvm::dyn_cast<llvm::ConstantInt>(flag)) {
    if (!k->isZero())
      reverseInPlace(list, elem);
    return;
  }
  llvm::BasicBlock *yes = newBlock("sort.reverse"), *done = newBlock("sort.reversed");
  b_.CreateCondBr(flag, yes, done);
  b_.SetInsertPoint(yes);
  reverseInPlace(list, elem);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void IRGen::pythonSortInPlace(llvm::Value *copy, SourceLoc loc) {
  ArrayGen g = memoryGen(copy, Type::Float);
  llvm::AllocaInst *nans = entryAlloca(b_.getInt1Ty(), "has.nan");
  b_.CreateStore(b_.getFalse(), nans);
  forRange(i64(0), g.len, [&](llvm::Value *i) {
    llvm::Value *x = loadElement(copy, i, Type::Float);
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), nans), b_.CreateFCmpUNO(x, x)),
                   nans);
  });
  llvm::Value *hasNaN = b_.CreateLoad(b_.getInt1Ty(), nans);
  llvm::BasicBlock *python = newBlock("sorted.python");
  llvm::BasicBlock *numpy = newBlock("sorted.numpy");
  llvm::BasicBlock *done = newBlock("sorted.done");
  b_.CreateCondBr(hasNaN, python, numpy);
  b_.SetInsertPoint(python);
  callLibrarySort("_llcc_python_sort", copy);
  b_.CreateBr(done);
  b_.SetInsertPoint(numpy);
  // Without NaN, CPython's timsort is a stable sort of a total preorder:
  // any stable sort gives its order, down to equal zeros of both signs
  // (numpy's default sort, _llcc_sort, is not stable).
  callLibrarySort("_llcc_sort_stable", copy);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

} // namespace llcc
