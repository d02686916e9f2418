//===- CoordsKernel.cpp - Whole-array entry points for transforms ----------===//
//
// For every `transform` function, with image kernels on, llcc also exports
//
//   int llcc_coords_NAME(const int64_t *outShape, int64_t outRank,
//                        int64_t inRank, double *coords, int64_t total,
//                        int64_t begin, int64_t end, void *userData)
//
// which maps output pixels begin..end-1 (C order over outShape) to input
// coordinates: pixel p's coordinates are unravelled into an intptr_t array,
// the function runs on them (returning a tuple, or writing input_coords),
// and coordinate d is stored at coords[d * total + p]. llcc.geometric_transform
// hands these coordinates to scipy.ndimage.map_coordinates, which
// interpolates exactly as geometric_transform does with a callback (the same
// C code), so the result is identical while the mapping runs on several
// threads without the GIL. A runtime error returns 0 with the message in the
// thread's last-error slots; a returned tuple of the wrong length raises the
// ValueError the SciPy wrapper raises (a rank-generic transform's, the
// wrapper's TypeError when it is too short).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Library.h"

#include "Abi.h"
#include "Diagnostics.h"

namespace llcc {

void IRGen::emitCoordsKernel(const FunctionDef &fn) {
  llvm::Type *i64Ty = b_.getInt64Ty(), *dbl = b_.getDoubleTy();
  auto *k = llvm::Function::Create(entryType(coordsKernelAbi(), ctx_),
                                   llvm::GlobalValue::ExternalLinkage, coordsKernelName(fn),
                                   mod_.get());
  k->addFnAttr(llvm::Attribute::NoUnwind);
  k->addParamAttr(3, llvm::Attribute::NoAlias);
  FunctionScope scope(cur_, b_, k);
  llvm::Value *shape = k->getArg(0), *outRank = k->getArg(1), *inRank = k->getArg(2),
              *coords = k->getArg(3), *total = k->getArg(4), *begin = k->getArg(5),
              *end = k->getArg(6), *userData = k->getArg(7);
  b_.SetInsertPoint(newBlock("entry"));
  ArenaSlots arena = newArena();
  std::vector<llvm::Value *> userValues =
      userParamValues(fn, userData, [&] { b_.CreateRet(b_.getInt32(0)); });
  llvm::Value *outCoords = b_.CreateAlloca(i64Ty, outRank, "output_coords");
  // A returned tuple arrives in `result`; a writing transform fills
  // `inCoords` (one slot per input dimension, as SciPy gives it).
  llvm::Value *result = fn.transformWrites ? nullptr
                        : fn.rankGeneric
                            ? entryAlloca(arrayTy_, "coords")
                            : entryAlloca(llvm::ArrayType::get(dbl, fn.returnArity), "coords");
  llvm::Value *inCoords = b_.CreateAlloca(dbl, inRank, "input_coords");
  llvm::BasicBlock *failed = newBlock("failed");
  if (!fn.transformWrites && !fn.rankGeneric) {
    llvm::BasicBlock *ranksOk = newBlock("ranks.ok");
    llvm::BasicBlock *mismatch = newBlock("rank.mismatch");
    b_.CreateCondBr(b_.CreateICmpEQ(inRank, i64(fn.returnArity)), ranksOk, mismatch);
    b_.SetInsertPoint(mismatch);
    recordError(fn.nameLoc, "ValueError: '" + fn.name + "' returns " +
                                std::to_string(fn.returnArity) +
                                " coordinates, but the input array has a different number "
                                "of dimensions");
    b_.CreateBr(failed);
    b_.SetInsertPoint(ranksOk);
  }
  forRange(begin, end, [&](llvm::Value *pixel) {
    // Unravel the pixel index, last dimension fastest.
    llvm::AllocaInst *rest = entryAlloca(i64Ty, "rest");
    b_.CreateStore(pixel, rest);
    forRange(i64(0), outRank, [&](llvm::Value *j) {
      llvm::Value *d = b_.CreateSub(b_.CreateSub(outRank, i64(1)), j);
      llvm::Value *n = b_.CreateLoad(i64Ty, b_.CreateGEP(i64Ty, shape, d));
      llvm::Value *r = b_.CreateLoad(i64Ty, rest);
      b_.CreateStore(b_.CreateSRem(r, n), b_.CreateGEP(i64Ty, outCoords, d));
      b_.CreateStore(b_.CreateSDiv(r, n), rest);
    });
    std::vector<llvm::Value *> args;
    if (result)
      args.push_back(result);
    args.push_back(arena.arena);
    args.push_back(makeArray(outCoords, outRank, i64(1)));
    if (fn.transformWrites)
      args.push_back(makeArray(inCoords, inRank, i64(1)));
    for (llvm::Value *v : userValues)
      args.push_back(v);
    llvm::Value *ok = b_.CreateCall(functions_.at(&fn), args);
    llvm::BasicBlock *store = newBlock("store");
    b_.CreateCondBr(ok, store, failed);
    b_.SetInsertPoint(store);
    if (fn.rankGeneric) {
      // The sequence's first inRank items, or SciPy's TypeError.
      llvm::BasicBlock *copied = newBlock("copied");
      b_.CreateCondBr(copyRankGenericCoords(fn, result, inRank, inCoords), copied, failed);
      b_.SetInsertPoint(copied);
    }
    llvm::Value *from = result && !fn.rankGeneric ? result : inCoords;
    forRange(i64(0), inRank, [&](llvm::Value *d) {
      b_.CreateStore(b_.CreateLoad(dbl, b_.CreateGEP(dbl, from, d)),
                     b_.CreateGEP(dbl, coords, b_.CreateAdd(b_.CreateMul(d, total), pixel)));
    });
    b_.CreateCall(arenaRelease(), {arena.arena});
    resetArena(arena);
  });
  b_.CreateRet(b_.getInt32(1));
  b_.SetInsertPoint(failed);
  b_.CreateCall(arenaRelease(), {arena.arena});
  b_.CreateRet(b_.getInt32(0));
}

} // namespace llcc
