//===- ImageKernel.cpp - Whole-array entry points for filters --------------===//
//
// For every `filter` function llcc also exports
//
//   int llcc_image_NAME(const double *restrict in, const int64_t *inStrides,
//                       double *restrict out, const int64_t *outStrides,
//                       const int64_t *shape, int64_t rank,
//                       const int64_t *offsets, int64_t count,
//                       int64_t mode, double cval,
//                       int64_t beginRow, int64_t endRow, void *userData)
//
// which applies the filter to the output rows beginRow..endRow-1 (a row:
// all coordinates but the last fixed, in C order) of a float64 array of
// any rank >= 1 and strides (in elements), as
// scipy.ndimage.generic_filter would: `offsets` holds, for each footprint
// element in C order, its coordinate offset per dimension (origin already
// applied), so the function body sees the neighbourhood in SciPy's order.
// Interior pixels read the image directly through precomputed element
// offsets; pixels near an edge map coordinates by the boundary mode
// (Abi.cpp's codes, which the manifest publishes): once per row for all
// dimensions but the last, once per pixel for the last. The body is the
// same internal function the callback wrapper calls, inlined. For common
// footprint sizes the interior run has its own copy with the size a
// constant: the optimiser unrolls the body's loops over the neighbourhood
// and vectorises the run across output pixels (Optimizer.cpp), each
// pixel's operations in their own order, so results stay bit-identical.
// No Python API is touched, so callers may run it on several threads
// without the GIL; a runtime error returns 0 with the message in
// llcc_last_error().
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Library.h"

#include "Abi.h"
#include "Diagnostics.h"

namespace llcc {

namespace {
/// Vectors of pixels in flight in an interior run (see pixelLoop).
constexpr uint32_t PixelInterleave = 2;
/// Footprint sizes up to this get a specialised copy for strided rows too.
constexpr int64_t MaxStridedCopy = 9;
} // namespace

void IRGen::emitImageKernel(const FunctionDef &fn) {
  llvm::Type *i64Ty = b_.getInt64Ty(), *dbl = b_.getDoubleTy();
  auto *type = entryType(imageKernelAbi(), ctx_);
  auto *k = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                   imageKernelName(fn), mod_.get());
  k->addFnAttr(llvm::Attribute::NoUnwind);
  k->addFnAttr(PixelKernelAttr);
  // The caller never lets the output overlap the input (llcc.generic_filter
  // copies the input first if it would), so pixel loops need no run-time
  // overlap checks, which strided rows could not even express.
  k->addParamAttr(0, llvm::Attribute::NoAlias);
  k->addParamAttr(2, llvm::Attribute::NoAlias);
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
  llvm::Value *rowLinear = b_.CreateAlloca(i64Ty, count, "row.linear");
  llvm::Value *rowCval = b_.CreateAlloca(b_.getInt1Ty(), count, "row.cval");
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

  // Maps coordinate `c` of a dimension of length `n` by the boundary mode,
  // as SciPy extends lines; returns the index to read and whether the
  // element is outside in constant mode (then it is cval, any index does).
  auto mapCoord = [&](llvm::Value *c, llvm::Value *n) -> std::pair<llvm::Value *, llvm::Value *> {
    llvm::Value *in0 = b_.CreateAnd(b_.CreateICmpSGE(c, i64(0)), b_.CreateICmpSLT(c, n));
    // Most coordinates of an edge pixel are inside: they skip the
    // mapping. Outside ones are usually less than a period out, where
    // each mode is one subtraction; only smaller images than the
    // footprint need the remainders of the general formula.
    llvm::BasicBlock *inside = b_.GetInsertBlock();
    llvm::BasicBlock *nearBlock = newBlock("edge.near");
    llvm::BasicBlock *farBlock = newBlock("edge.far");
    llvm::BasicBlock *mappedBlock = newBlock("edge.mapped");
    b_.CreateCondBr(in0, mappedBlock, nearBlock);
    b_.SetInsertPoint(nearBlock);
    llvm::Value *below = b_.CreateICmpSLT(c, i64(0));
    llvm::Value *twoN = b_.CreateMul(n, i64(2));
    auto byMode = [&](llvm::Value *reflect, llvm::Value *nearest, llvm::Value *mirror,
                      llvm::Value *wrap) {
      llvm::Value *m = i64(0); // constant: the value is cval, any index does
      m = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeReflect)), reflect, m);
      m = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeNearest)), nearest, m);
      m = b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeMirror)), mirror, m);
      return b_.CreateSelect(b_.CreateICmpEQ(mode, i64(ModeWrap)), wrap, m);
    };
    llvm::Value *near = byMode(b_.CreateSelect(below, b_.CreateSub(i64(-1), c),
                                               b_.CreateSub(b_.CreateSub(twoN, i64(1)), c)),
                               b_.CreateSelect(below, i64(0), b_.CreateSub(n, i64(1))),
                               b_.CreateSelect(below, b_.CreateSub(i64(0), c),
                                               b_.CreateSub(b_.CreateSub(twoN, i64(2)), c)),
                               b_.CreateSelect(below, b_.CreateAdd(c, n), b_.CreateSub(c, n)));
    llvm::Value *nearOk = b_.CreateAnd(b_.CreateICmpSGE(near, i64(0)), b_.CreateICmpSLT(near, n));
    b_.CreateCondBr(nearOk, mappedBlock, farBlock);
    b_.SetInsertPoint(farBlock);
    auto posMod = [&](llvm::Value *v, llvm::Value *m) {
      llvm::Value *r = b_.CreateSRem(v, m);
      return b_.CreateSelect(b_.CreateICmpSLT(r, i64(0)), b_.CreateAdd(r, m), r);
    };
    llvm::Value *reflectM = posMod(c, twoN);
    llvm::Value *reflect =
        b_.CreateSelect(b_.CreateICmpSGE(reflectM, n),
                        b_.CreateSub(b_.CreateSub(twoN, i64(1)), reflectM), reflectM);
    llvm::Value *period = b_.CreateSub(twoN, i64(2));
    llvm::Value *safePeriod = b_.CreateSelect(b_.CreateICmpSGT(period, i64(0)), period, i64(1));
    llvm::Value *mirrorM = posMod(c, safePeriod);
    llvm::Value *mirror = b_.CreateSelect(
        b_.CreateICmpSLE(n, i64(1)), i64(0),
        b_.CreateSelect(b_.CreateICmpSGE(mirrorM, n), b_.CreateSub(period, mirrorM), mirrorM));
    llvm::Value *nearest = smax(i64(0), smin(c, b_.CreateSub(n, i64(1))));
    llvm::Value *far = byMode(reflect, nearest, mirror, posMod(c, n));
    b_.CreateBr(mappedBlock);
    b_.SetInsertPoint(mappedBlock);
    llvm::PHINode *mapped = b_.CreatePHI(i64Ty, 3, "mapped");
    mapped->addIncoming(c, inside);
    mapped->addIncoming(near, nearBlock);
    mapped->addIncoming(far, farBlock);
    llvm::Value *constOut = b_.CreateAnd(b_.CreateICmpEQ(mode, i64(ModeConstant)), b_.CreateNot(in0));
    return {b_.CreateSelect(constOut, i64(0), mapped), constOut};
  };

  // Per row, once: each element's offset over all dimensions but the last
  // (mapped where the row is near an edge) and whether it is cval there.
  // Edge pixels then map only their last coordinate.
  auto rowOffsets = [&]() {
    forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::AllocaInst *acc = entryAlloca(i64Ty, "row.elem.off");
      llvm::AllocaInst *outside = entryAlloca(b_.getInt1Ty(), "row.elem.cval");
      b_.CreateStore(i64(0), acc);
      b_.CreateStore(b_.getFalse(), outside);
      forRange(i64(0), last, [&](llvm::Value *d) {
        auto [m, constOut] = mapCoord(b_.CreateAdd(load(coord, d), offsetOf(e, d)), load(shape, d));
        b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), outside), constOut), outside);
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64Ty, acc), b_.CreateMul(m, load(inStrides, d))),
                       acc);
      });
      b_.CreateStore(b_.CreateLoad(i64Ty, acc), at(rowLinear, e));
      b_.CreateStore(b_.CreateLoad(b_.getInt1Ty(), outside),
                     b_.CreateGEP(b_.getInt1Ty(), rowCval, e));
    });
  };

  // A pixel whose last coordinate is near an edge.
  auto edgePixel = [&](llvm::Value *x) {
    forRange(i64(0), count, [&](llvm::Value *e) {
      auto [m, constOut] = mapCoord(b_.CreateAdd(x, offsetOf(e, last)), lineLen);
      llvm::Value *off = b_.CreateAdd(load(rowLinear, e), b_.CreateMul(m, lineInStride));
      llvm::Value *isCval = b_.CreateOr(
          b_.CreateLoad(b_.getInt1Ty(), b_.CreateGEP(b_.getInt1Ty(), rowCval, e)), constOut);
      llvm::Value *v = b_.CreateLoad(dbl, b_.CreateGEP(dbl, in, off));
      b_.CreateStore(b_.CreateSelect(isCval, cval, v), b_.CreateGEP(dbl, buffer, e));
    });
    apply(b_.CreateAdd(b_.CreateLoad(i64Ty, rowOut), b_.CreateMul(x, lineOutStride)), buffer,
          count);
  };

  // A pixel of a row near an edge whose last coordinate is inside: the
  // row's offsets as they are, no mapping.
  auto edgeRowPixel = [&](llvm::Value *x) {
    forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::Value *off = b_.CreateAdd(
          load(rowLinear, e), b_.CreateMul(b_.CreateAdd(x, offsetOf(e, last)), lineInStride));
      llvm::Value *isCval = b_.CreateLoad(b_.getInt1Ty(), b_.CreateGEP(b_.getInt1Ty(), rowCval, e));
      llvm::Value *v = b_.CreateLoad(dbl, b_.CreateGEP(dbl, in, off));
      b_.CreateStore(b_.CreateSelect(isCval, cval, v), b_.CreateGEP(dbl, buffer, e));
    });
    apply(b_.CreateAdd(b_.CreateLoad(i64Ty, rowOut), b_.CreateMul(x, lineOutStride)), buffer,
          count);
  };

  // The interior pixel loop, with an interleave hint: a body over a large
  // neighbourhood is a long chain of dependent operations per pixel (a sum
  // in order); vectorised across pixels, one vector of pixels waits on each
  // step's latency, so several vectors must be in flight. LLVM's own
  // heuristic interleaves only small loops.
  auto pixelLoop = [&](llvm::Value *from, llvm::Value *to,
                       const std::function<void(llvm::Value *)> &body) {
    setLoopHint(forRange(from, to, body), "llvm.loop.interleave.count",
                b_.getInt32(PixelInterleave));
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
    pixelLoop(xlo, xhi, [&](llvm::Value *x) {
      llvm::Value *base = b_.CreateGEP(dbl, in, b_.CreateAdd(rowInV, b_.CreateMul(x, inStep)));
      // Keep the gather scalar: vector gathers are slower than plain loads.
      setLoopHint(forRange(i64(0), len,
                           [&](llvm::Value *e) {
                             llvm::Value *v =
                                 b_.CreateLoad(dbl, b_.CreateGEP(dbl, base, load(linear, e)));
                             b_.CreateStore(v, b_.CreateGEP(dbl, buf, e));
                           }),
                  "llvm.loop.vectorize.enable", b_.getFalse());
      apply(b_.CreateAdd(rowOutV, b_.CreateMul(x, outStep)), buf, len);
    });
  };
  // 1-D windows and crosses (3, 5), square windows 3x3 to 9x9 (9, 25, 49,
  // 81). The larger ones need the optimiser's full unrolling of the body's
  // loops (Optimizer.cpp, UnrollNeighbourhood) to vectorise across pixels.
  static const int64_t CommonSizes[] = {3, 5, 9, 25, 49, 81};
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
    rowOffsets();
    llvm::Value *xlo = smin(smax(lineLo, i64(0)), lineLen);
    llvm::Value *xhi = smax(xlo, smin(lineHi, lineLen));
    forRange(i64(0), xlo, edgePixel);
    llvm::BasicBlock *insideRow = newBlock("row.inside");
    llvm::BasicBlock *edgeRow = newBlock("row.edge");
    llvm::BasicBlock *rowDone = newBlock("row.done");
    b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), rowInside), insideRow, edgeRow);
    b_.SetInsertPoint(edgeRow);
    forRange(xlo, xhi, edgeRowPixel);
    b_.CreateBr(rowDone);
    b_.SetInsertPoint(insideRow);
    llvm::BasicBlock *generic = newBlock("interior.generic");
    llvm::BasicBlock *runsDone = newBlock("interior.done");
    llvm::SwitchInst *sw = b_.CreateSwitch(count, generic, std::size(CommonSizes));
    for (size_t i = 0; i < std::size(CommonSizes); ++i) {
      llvm::BasicBlock *fixed = newBlock("interior.fixed");
      sw->addCase(b_.getInt64(static_cast<uint64_t>(CommonSizes[i])), fixed);
      b_.SetInsertPoint(fixed);
      // Contiguous rows (the usual case) get their own copy, where the
      // neighbourhood's loads are consecutive across pixels. Strided rows
      // of a large footprint take the generic run: one more unrolled copy
      // of the body would double the compile time for a rare layout.
      llvm::BasicBlock *unit = newBlock("interior.unit");
      llvm::BasicBlock *strided =
          CommonSizes[i] <= MaxStridedCopy ? newBlock("interior.strided") : generic;
      b_.CreateCondBr(b_.CreateAnd(b_.CreateICmpEQ(lineInStride, i64(1)),
                                   b_.CreateICmpEQ(lineOutStride, i64(1))),
                      unit, strided);
      b_.SetInsertPoint(unit);
      interiorRun(xlo, xhi, fixedBuffers[i], i64(CommonSizes[i]), true);
      b_.CreateBr(runsDone);
      if (strided == generic)
        continue;
      b_.SetInsertPoint(strided);
      interiorRun(xlo, xhi, fixedBuffers[i], i64(CommonSizes[i]), false);
      b_.CreateBr(runsDone);
    }
    b_.SetInsertPoint(generic);
    interiorRun(xlo, xhi, buffer, count, false);
    b_.CreateBr(runsDone);
    b_.SetInsertPoint(runsDone);
    b_.CreateBr(rowDone);
    b_.SetInsertPoint(rowDone);
    forRange(xhi, lineLen, edgePixel);
  });
  b_.CreateBr(finish);

  b_.SetInsertPoint(finish);
  b_.CreateCall(arenaRelease(), {arena});
  b_.CreateRet(b_.CreateSelect(b_.CreateLoad(b_.getInt1Ty(), failed), b_.getInt32(0),
                               b_.getInt32(1)));
}

} // namespace llcc
