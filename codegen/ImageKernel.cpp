//===- ImageKernel.cpp - Whole-array entry points for filters --------------===//
//
// For every `filter` function llcc also exports
//
//   int llcc_image_NAME(const double *in, const int64_t *inStrides,
//                       double *out, const int64_t *outStrides,
//                       const int64_t *shape, int64_t rank,
//                       const int64_t *offsets, int64_t count,
//                       int64_t mode, double cval,
//                       int64_t beginRow, int64_t endRow, void *userData)
//
// which applies the filter to the output rows beginRow..endRow-1 (a row:
// all coordinates but the last fixed, in C order) of a float64 array of
// any rank >= 1 and strides (in bytes), as
// scipy.ndimage.generic_filter would: `offsets` holds, for each footprint
// element in C order, its coordinate offset per dimension (origin already
// applied), so the function body sees the neighbourhood in SciPy's order.
// Interior pixels read the image directly through precomputed element
// offsets; pixels near an edge map each coordinate by the boundary mode
// (0 reflect, 1 constant, 2 nearest, 3 mirror, 4 wrap). The body is the
// same internal function the callback wrapper calls, inlined. No Python
// API is touched, so callers may run it on several threads without the
// GIL; a runtime error returns 0 with the message in llcc_last_error().
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

namespace llcc {

void IRGen::emitImageKernel(const FunctionDef &fn) {
  llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty(), *dbl = b_.getDoubleTy();
  auto *type = llvm::FunctionType::get(
      b_.getInt32Ty(),
      {ptr, ptr, ptr, ptr, ptr, i64Ty, ptr, i64Ty, i64Ty, dbl, i64Ty, i64Ty, ptr}, false);
  auto *k = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                   "llcc_image_" + fn.name, mod_.get());
  k->addFnAttr(llvm::Attribute::NoUnwind);
  llfn_ = k;
  llvm::Value *in = k->getArg(0), *inStrides = k->getArg(1), *out = k->getArg(2),
              *outStrides = k->getArg(3), *shape = k->getArg(4), *rank = k->getArg(5),
              *offsets = k->getArg(6), *count = k->getArg(7), *mode = k->getArg(8),
              *cval = k->getArg(9), *begin = k->getArg(10), *end = k->getArg(11),
              *userData = k->getArg(12);
  b_.SetInsertPoint(newBlock("entry"));
  // Scratch sized by the caller's rank and footprint, made once per call.
  llvm::Value *coord = b_.CreateAlloca(i64Ty, rank, "coord");
  llvm::Value *lo = b_.CreateAlloca(i64Ty, rank, "interior.lo");
  llvm::Value *hi = b_.CreateAlloca(i64Ty, rank, "interior.hi");
  llvm::Value *linear = b_.CreateAlloca(i64Ty, count, "linear");
  llvm::Value *buffer = b_.CreateAlloca(dbl, count, "neighbourhood");
  llvm::Value *arena = b_.CreateAlloca(arenaTy_, nullptr, "arena");
  llvm::Value *arenaBlock = b_.CreateAlloca(llvm::ArrayType::get(i64Ty, ArenaStackWords),
                                            nullptr, "arena.block");
  b_.CreateStore(arenaBlock, b_.CreateStructGEP(arenaTy_, arena, 0));
  b_.CreateStore(b_.CreateConstGEP1_64(i64Ty, arenaBlock, ArenaStackWords),
                 b_.CreateStructGEP(arenaTy_, arena, 1));
  b_.CreateStore(llvm::ConstantPointerNull::get(b_.getPtrTy()), b_.CreateStructGEP(arenaTy_, arena, 2));
  auto at = [&](llvm::Value *base, llvm::Value *i) {
    return b_.CreateGEP(i64Ty, base, i);
  };
  auto load = [&](llvm::Value *base, llvm::Value *i) { return b_.CreateLoad(i64Ty, at(base, i)); };
  auto offsetOf = [&](llvm::Value *e, llvm::Value *d) {
    return load(offsets, b_.CreateAdd(b_.CreateMul(e, rank), d));
  };
  auto smin = [&](llvm::Value *a, llvm::Value *c) {
    return b_.CreateSelect(b_.CreateICmpSLT(a, c), a, c);
  };
  auto smax = [&](llvm::Value *a, llvm::Value *c) {
    return b_.CreateSelect(b_.CreateICmpSGT(a, c), a, c);
  };
  // Per dimension: the coordinates whose whole neighbourhood is inside,
  // [lo, hi); and each element's byte offset for interior reads.
  forRange(i64(0), rank, [&](llvm::Value *d) {
    llvm::AllocaInst *mn = entryAlloca(i64Ty, "min.off");
    llvm::AllocaInst *mx = entryAlloca(i64Ty, "max.off");
    b_.CreateStore(i64(0), mn);
    b_.CreateStore(i64(0), mx);
    forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::Value *o = offsetOf(e, d);
      b_.CreateStore(smin(b_.CreateLoad(i64Ty, mn), o), mn);
      b_.CreateStore(smax(b_.CreateLoad(i64Ty, mx), o), mx);
    });
    b_.CreateStore(b_.CreateSub(i64(0), b_.CreateLoad(i64Ty, mn)), at(lo, d));
    b_.CreateStore(b_.CreateSub(load(shape, d), b_.CreateLoad(i64Ty, mx)), at(hi, d));
  });
  forRange(i64(0), count, [&](llvm::Value *e) {
    llvm::AllocaInst *acc = entryAlloca(i64Ty, "lin");
    b_.CreateStore(i64(0), acc);
    forRange(i64(0), rank, [&](llvm::Value *d) {
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64Ty, acc),
                                  b_.CreateMul(offsetOf(e, d), load(inStrides, d))),
                     acc);
    });
    b_.CreateStore(b_.CreateLoad(i64Ty, acc), at(linear, e));
  });
  std::vector<llvm::Value *> userValues = userParamValues(fn, userData);
  llvm::AllocaInst *failed = entryAlloca(b_.getInt1Ty(), "failed");
  b_.CreateStore(b_.getFalse(), failed);
  llvm::Value *result = entryAlloca(llvmType(fn.returnType), "result");
  llvm::BasicBlock *finish = newBlock("finish");
  llvm::Value *last = b_.CreateSub(rank, i64(1));
  llvm::Value *lineLen = load(shape, last);
  llvm::Value *lineInStride = load(inStrides, last);
  llvm::Value *lineOutStride = load(outStrides, last);
  llvm::Value *lineLo = load(lo, last);
  llvm::Value *lineHi = load(hi, last);
  llvm::AllocaInst *rowIn = entryAlloca(i64Ty, "row.in");
  llvm::AllocaInst *rowOut = entryAlloca(i64Ty, "row.out");
  llvm::AllocaInst *rowInside = entryAlloca(b_.getInt1Ty(), "row.inside");

  // Runs the body on the gathered neighbourhood and stores the result at
  // byte offset `outOffset`; a failure ends the whole call.
  auto apply = [&](llvm::Value *outOffset, llvm::Value *buf, llvm::Value *len) {
    std::vector<llvm::Value *> args{result, arena, makeArray(buf, len, i64(1))};
    for (llvm::Value *v : userValues)
      args.push_back(v);
    llvm::Value *ok = b_.CreateCall(functions_.at(&fn), args);
    llvm::BasicBlock *store = newBlock("store");
    llvm::BasicBlock *bad = newBlock("bad");
    b_.CreateCondBr(ok, store, bad);
    b_.SetInsertPoint(bad);
    b_.CreateStore(b_.getTrue(), failed);
    b_.CreateBr(finish);
    b_.SetInsertPoint(store);
    llvm::Value *value = convert(b_.CreateLoad(llvmType(fn.returnType), result),
                                 fn.returnType, Type::Float);
    b_.CreateStore(value, b_.CreateGEP(dbl, out, outOffset));
    // This pixel's local arrays are done: free heap chunks, rewind.
    b_.CreateCall(arenaRelease(), {arena});
    b_.CreateStore(arenaBlock, b_.CreateStructGEP(arenaTy_, arena, 0));
    b_.CreateStore(b_.CreateConstGEP1_64(i64Ty, arenaBlock, ArenaStackWords),
                   b_.CreateStructGEP(arenaTy_, arena, 1));
    b_.CreateStore(llvm::ConstantPointerNull::get(b_.getPtrTy()),
                   b_.CreateStructGEP(arenaTy_, arena, 2));
  };

  // Near an edge: map each coordinate by the mode, as SciPy extends lines.
  auto edgePixel = [&](llvm::Value *x) {
    b_.CreateStore(x, at(coord, last));
    forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::AllocaInst *elemOff = entryAlloca(i64Ty, "elem.off");
      llvm::AllocaInst *outside = entryAlloca(b_.getInt1Ty(), "outside");
      b_.CreateStore(i64(0), elemOff);
      b_.CreateStore(b_.getFalse(), outside);
      forRange(i64(0), rank, [&](llvm::Value *d) {
        llvm::Value *n = load(shape, d);
        llvm::Value *c = b_.CreateAdd(load(coord, d), offsetOf(e, d));
        llvm::Value *in0 = b_.CreateAnd(b_.CreateICmpSGE(c, i64(0)), b_.CreateICmpSLT(c, n));
        auto posMod = [&](llvm::Value *v, llvm::Value *m) {
          llvm::Value *r = b_.CreateSRem(v, m);
          return b_.CreateSelect(b_.CreateICmpSLT(r, i64(0)), b_.CreateAdd(r, m), r);
        };
        llvm::Value *twoN = b_.CreateMul(n, i64(2));
        llvm::Value *reflectM = posMod(c, twoN);
        llvm::Value *reflect = b_.CreateSelect(
            b_.CreateICmpSGE(reflectM, n), b_.CreateSub(b_.CreateSub(twoN, i64(1)), reflectM),
            reflectM);
        llvm::Value *period = b_.CreateSub(twoN, i64(2));
        llvm::Value *safePeriod =
            b_.CreateSelect(b_.CreateICmpSGT(period, i64(0)), period, i64(1));
        llvm::Value *mirrorM = posMod(c, safePeriod);
        llvm::Value *mirror = b_.CreateSelect(
            b_.CreateICmpSLE(n, i64(1)), i64(0),
            b_.CreateSelect(b_.CreateICmpSGE(mirrorM, n), b_.CreateSub(period, mirrorM),
                            mirrorM));
        llvm::Value *nearest = smax(i64(0), smin(c, b_.CreateSub(n, i64(1))));
        llvm::Value *wrap = posMod(c, n);
        llvm::Value *mapped = c;
        mapped = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(0)), reflect, mapped);
        mapped = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(2)), nearest, mapped);
        mapped = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(3)), mirror, mapped);
        mapped = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(4)), wrap, mapped);
        mapped = b_.CreateSelect(in0, c, mapped);
        llvm::Value *constOut = b_.CreateAnd(b_.CreateICmpEQ(mode, i64(1)), b_.CreateNot(in0));
        b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), outside), constOut), outside);
        llvm::Value *safe = b_.CreateSelect(constOut, i64(0), mapped);
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64Ty, elemOff),
                                    b_.CreateMul(safe, load(inStrides, d))),
                       elemOff);
      });
      llvm::Value *v = b_.CreateLoad(dbl, b_.CreateGEP(dbl, in, b_.CreateLoad(i64Ty, elemOff)));
      b_.CreateStore(b_.CreateSelect(b_.CreateLoad(b_.getInt1Ty(), outside), cval, v),
                     b_.CreateGEP(dbl, buffer, e));
    });
    apply(b_.CreateAdd(b_.CreateLoad(i64Ty, rowOut), b_.CreateMul(x, lineOutStride)), buffer,
          count);
  };

  // Inside: every element read straight from the image, no mapping.
  // With a common footprint size known here, the gather and the body's
  // loops over the neighbourhood have constant trip counts: they unroll,
  // the buffer becomes registers, and the pixel loop can vectorise.
  auto interiorRun = [&](llvm::Value *xlo, llvm::Value *xhi, llvm::Value *buf,
                         llvm::Value *len, bool unitStride) {
    llvm::Value *rowInV = b_.CreateLoad(i64Ty, rowIn);
    llvm::Value *rowOutV = b_.CreateLoad(i64Ty, rowOut);
    llvm::Value *inStep = unitStride ? i64(1) : lineInStride;
    llvm::Value *outStep = unitStride ? i64(1) : lineOutStride;
    forRange(xlo, xhi, [&](llvm::Value *x) {
      llvm::Value *base = b_.CreateGEP(dbl, in, b_.CreateAdd(rowInV, b_.CreateMul(x, inStep)));
      forRange(
          i64(0), len,
          [&](llvm::Value *e) {
            llvm::Value *v = b_.CreateLoad(dbl, b_.CreateGEP(dbl, base, load(linear, e)));
            b_.CreateStore(v, b_.CreateGEP(dbl, buf, e));
          },
          true);
      apply(b_.CreateAdd(rowOutV, b_.CreateMul(x, outStep)), buf, len);
    });
  };
  static const int64_t CommonSizes[] = {3, 5, 9};
  std::vector<llvm::Value *> fixedBuffers;
  for (int64_t k : CommonSizes)
    fixedBuffers.push_back(entryAlloca(llvm::ArrayType::get(dbl, k), "neighbourhood.fixed"));

  // Rows: all dimensions but the last fixed; [begin, end) counts rows in
  // C order. Each row splits into edge, interior and edge runs.
  forRange(begin, end, [&](llvm::Value *row) {
    llvm::AllocaInst *rest = entryAlloca(i64Ty, "rest");
    b_.CreateStore(row, rest);
    b_.CreateStore(i64(0), rowIn);
    b_.CreateStore(i64(0), rowOut);
    b_.CreateStore(b_.getTrue(), rowInside);
    forRange(i64(0), last, [&](llvm::Value *j) {
      llvm::Value *d = b_.CreateSub(b_.CreateSub(last, i64(1)), j);
      llvm::Value *n = load(shape, d);
      llvm::Value *r = b_.CreateLoad(i64Ty, rest);
      llvm::Value *c = b_.CreateSRem(r, n);
      b_.CreateStore(b_.CreateSDiv(r, n), rest);
      b_.CreateStore(c, at(coord, d));
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64Ty, rowIn), b_.CreateMul(c, load(inStrides, d))),
                     rowIn);
      b_.CreateStore(
          b_.CreateAdd(b_.CreateLoad(i64Ty, rowOut), b_.CreateMul(c, load(outStrides, d))),
          rowOut);
      llvm::Value *ok =
          b_.CreateAnd(b_.CreateICmpSGE(c, load(lo, d)), b_.CreateICmpSLT(c, load(hi, d)));
      b_.CreateStore(b_.CreateAnd(b_.CreateLoad(b_.getInt1Ty(), rowInside), ok), rowInside);
    });
    llvm::Value *inside = b_.CreateLoad(b_.getInt1Ty(), rowInside);
    llvm::Value *xlo = b_.CreateSelect(inside, smin(smax(lineLo, i64(0)), lineLen), lineLen);
    llvm::Value *xhi = b_.CreateSelect(inside, smax(xlo, smin(lineHi, lineLen)), lineLen);
    forRange(i64(0), xlo, edgePixel);
    llvm::BasicBlock *generic = newBlock("interior.generic");
    llvm::BasicBlock *runsDone = newBlock("interior.done");
    llvm::SwitchInst *sw = b_.CreateSwitch(count, generic, std::size(CommonSizes));
    for (size_t i = 0; i < std::size(CommonSizes); ++i) {
      llvm::BasicBlock *fixed = newBlock("interior.fixed");
      sw->addCase(b_.getInt64(static_cast<uint64_t>(CommonSizes[i])), fixed);
      b_.SetInsertPoint(fixed);
      // Contiguous rows (the usual case) get their own copy, where the
      // neighbourhood's loads are consecutive across pixels.
      llvm::BasicBlock *unit = newBlock("interior.unit");
      llvm::BasicBlock *strided = newBlock("interior.strided");
      b_.CreateCondBr(b_.CreateAnd(b_.CreateICmpEQ(lineInStride, i64(1)),
                                   b_.CreateICmpEQ(lineOutStride, i64(1))),
                      unit, strided);
      b_.SetInsertPoint(unit);
      interiorRun(xlo, xhi, fixedBuffers[i], i64(CommonSizes[i]), true);
      b_.CreateBr(runsDone);
      b_.SetInsertPoint(strided);
      interiorRun(xlo, xhi, fixedBuffers[i], i64(CommonSizes[i]), false);
      b_.CreateBr(runsDone);
    }
    b_.SetInsertPoint(generic);
    interiorRun(xlo, xhi, buffer, count, false);
    b_.CreateBr(runsDone);
    b_.SetInsertPoint(runsDone);
    forRange(xhi, lineLen, edgePixel);
  });
  b_.CreateBr(finish);

  b_.SetInsertPoint(finish);
  b_.CreateCall(arenaRelease(), {arena});
  b_.CreateRet(b_.CreateSelect(b_.CreateLoad(b_.getInt1Ty(), failed), b_.getInt32(0),
                               b_.getInt32(1)));
}

} // namespace llcc
