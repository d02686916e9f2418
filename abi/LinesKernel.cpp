//===- LinesKernel.cpp - Whole-array entry points for filter1d functions ---===//
//
// For every `filter1d` function, with image kernels on, llcc also exports
//
//   int llcc_lines_NAME(const double *in, const int64_t *inOffsets,
//                       int64_t inStride, int64_t length,
//                       double *out, const int64_t *outOffsets, int64_t outStride,
//                       int64_t filterSize, int64_t before, int64_t mode,
//                       double cval, int64_t beginLine, int64_t endLine,
//                       void *userData)
//
// which does what scipy.ndimage.generic_filter1d does for lines
// beginLine..endLine-1 of an array: line L's `length` elements start at
// in + inOffsets[L], `inStride` apart (in elements); they are copied into a
// buffer extended by `before` elements in front and filterSize - 1 - before
// behind, by the boundary mode (Abi.cpp's codes) as SciPy extends a line;
// the function runs on that buffer and an output buffer of `length`, which
// is copied to out + outOffsets[L], `outStride` apart. The body is the same
// internal function the callback wrapper calls, inlined; the two buffers
// are allocated once per call, local arrays freed after every line. No
// Python API is touched, so llcc.generic_filter1d runs it on several
// threads without the GIL; a runtime error returns 0 with the message in
// the thread's last-error slots.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Library.h"

#include "Abi.h"
#include "Diagnostics.h"

namespace llcc {

void IRGen::emitLinesKernel(const FunctionDef &fn) {
  llvm::Type *i64Ty = b_.getInt64Ty(), *dbl = b_.getDoubleTy(), *ptr = b_.getPtrTy();
  auto *k = llvm::Function::Create(entryType(linesKernelAbi(), ctx_),
                                   llvm::GlobalValue::ExternalLinkage, linesKernelName(fn),
                                   mod_.get());
  k->addFnAttr(llvm::Attribute::NoUnwind);
  k->addParamAttr(0, llvm::Attribute::NoAlias);
  k->addParamAttr(4, llvm::Attribute::NoAlias);
  FunctionScope scope(cur_, b_, k);
  llvm::Value *in = k->getArg(0), *inOffsets = k->getArg(1), *inStride = k->getArg(2),
              *length = k->getArg(3), *out = k->getArg(4), *outOffsets = k->getArg(5),
              *outStride = k->getArg(6), *filterSize = k->getArg(7), *before = k->getArg(8),
              *mode = k->getArg(9), *cval = k->getArg(10), *begin = k->getArg(11),
              *end = k->getArg(12), *userData = k->getArg(13);
  b_.SetInsertPoint(newBlock("entry"));
  ArenaSlots arena = newArena();
  std::vector<llvm::Value *> userValues =
      userParamValues(fn, userData, [&] { b_.CreateRet(b_.getInt32(0)); });
  llvm::Value *result =
      fn.returnType != Type::None ? entryAlloca(llvmType(fn.returnType), "result") : nullptr;

  // The extended input line and the output line, on the heap: a line can
  // be longer than any stack.
  llvm::FunctionCallee mallocFn =
      mod_->getOrInsertFunction("malloc", llvm::FunctionType::get(ptr, {i64Ty}, false));
  llvm::FunctionCallee freeFn =
      mod_->getOrInsertFunction("free", llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false));
  llvm::Value *inLength = b_.CreateSub(b_.CreateAdd(length, filterSize), i64(1));
  llvm::Value *ibuf = b_.CreateCall(mallocFn, {b_.CreateMul(b_.CreateAdd(inLength, i64(1)), i64(8))});
  llvm::Value *obuf = b_.CreateCall(mallocFn, {b_.CreateMul(b_.CreateAdd(length, i64(1)), i64(8))});
  llvm::BasicBlock *noMemory = newBlock("no.memory");
  llvm::BasicBlock *start = newBlock("lines");
  b_.CreateCondBr(b_.CreateAnd(b_.CreateIsNotNull(ibuf), b_.CreateIsNotNull(obuf)), start,
                  noMemory);
  b_.SetInsertPoint(noMemory);
  b_.CreateCall(freeFn, {ibuf});
  b_.CreateCall(freeFn, {obuf});
  recordError(fn.nameLoc, "MemoryError: cannot allocate the line buffers");
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(start);

  llvm::BasicBlock *failed = newBlock("failed");
  auto posMod = [&](llvm::Value *v, llvm::Value *m) {
    llvm::Value *r = b_.CreateSRem(v, m);
    return b_.CreateSelect(b_.CreateICmpSLT(r, i64(0)), b_.CreateAdd(r, m), r);
  };
  forRange(begin, end, [&](llvm::Value *line) {
    llvm::Value *src = b_.CreateGEP(dbl, in, b_.CreateLoad(i64Ty, b_.CreateGEP(i64Ty, inOffsets, line)));
    llvm::Value *dst =
        b_.CreateGEP(dbl, out, b_.CreateLoad(i64Ty, b_.CreateGEP(i64Ty, outOffsets, line)));
    // The extended line: element j is the line's element j - before,
    // copied straight for the line itself, mapped into the line by the
    // mode for the few elements outside it (where the remainders are).
    auto extended = [&](llvm::Value *j) {
      llvm::Value *c = b_.CreateSub(j, before);
      llvm::Value *twoN = b_.CreateMul(length, i64(2));
      llvm::Value *reflectM = posMod(c, twoN);
      llvm::Value *reflect = b_.CreateSelect(b_.CreateICmpSGE(reflectM, length),
                                             b_.CreateSub(b_.CreateSub(twoN, i64(1)), reflectM),
                                             reflectM);
      llvm::Value *period = b_.CreateSub(twoN, i64(2));
      llvm::Value *safePeriod = b_.CreateSelect(b_.CreateICmpSGT(period, i64(0)), period, i64(1));
      llvm::Value *mirrorM = posMod(c, safePeriod);
      llvm::Value *mirror = b_.CreateSelect(
          b_.CreateICmpSLE(length, i64(1)), i64(0),
          b_.CreateSelect(b_.CreateICmpSGE(mirrorM, length), b_.CreateSub(period, mirrorM),
                          mirrorM));
      llvm::Value *last = b_.CreateSub(length, i64(1));
      llvm::Value *nearest = b_.CreateSelect(b_.CreateICmpSLT(c, i64(0)), i64(0),
                                             b_.CreateSelect(b_.CreateICmpSGT(c, last), last, c));
      llvm::Value *m = i64(0);
      m = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeReflect)), reflect, m);
      m = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeNearest)), nearest, m);
      m = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeMirror)), mirror, m);
      m = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeWrap)), posMod(c, length), m);
      llvm::Value *v = b_.CreateLoad(dbl, b_.CreateGEP(dbl, src, b_.CreateMul(m, inStride)));
      llvm::Value *isCval = b_.CreateICmpEQ(mode, i64(ModeConstant));
      b_.CreateStore(b_.CreateSelect(isCval, cval, v), b_.CreateGEP(dbl, ibuf, j));
    };
    forRange(i64(0), before, extended);
    llvm::Value *lineStart = b_.CreateGEP(dbl, ibuf, before);
    forRange(i64(0), length, [&](llvm::Value *c) {
      llvm::Value *v = b_.CreateLoad(dbl, b_.CreateGEP(dbl, src, b_.CreateMul(c, inStride)));
      b_.CreateStore(v, b_.CreateGEP(dbl, lineStart, c));
    });
    forRange(b_.CreateAdd(before, length), inLength, extended);
    // SciPy hands the function an output line that holds zeros the first
    // time; the function is expected to write all of it.
    forRange(i64(0), length,
             [&](llvm::Value *i) { b_.CreateStore(f64(0.0), b_.CreateGEP(dbl, obuf, i)); });
    std::vector<llvm::Value *> args;
    if (result)
      args.push_back(result);
    args.push_back(arena.arena);
    args.push_back(makeArray(ibuf, inLength, i64(1)));
    args.push_back(makeArray(obuf, length, i64(1)));
    for (llvm::Value *v : userValues)
      args.push_back(v);
    llvm::Value *ok = b_.CreateCall(functions_.at(&fn), args);
    llvm::BasicBlock *next = newBlock("line.done");
    b_.CreateCondBr(ok, next, failed);
    b_.SetInsertPoint(next);
    forRange(i64(0), length, [&](llvm::Value *i) {
      b_.CreateStore(b_.CreateLoad(dbl, b_.CreateGEP(dbl, obuf, i)),
                     b_.CreateGEP(dbl, dst, b_.CreateMul(i, outStride)));
    });
    // This line's local arrays are done: free heap chunks, rewind.
    b_.CreateCall(arenaRelease(), {arena.arena});
    resetArena(arena);
  });
  b_.CreateCall(freeFn, {ibuf});
  b_.CreateCall(freeFn, {obuf});
  b_.CreateRet(b_.getInt32(1));
  b_.SetInsertPoint(failed);
  b_.CreateCall(arenaRelease(), {arena.arena});
  b_.CreateCall(freeFn, {ibuf});
  b_.CreateCall(freeFn, {obuf});
  b_.CreateRet(b_.getInt32(0));
}

} // namespace llcc
