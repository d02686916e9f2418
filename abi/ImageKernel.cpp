//===- ImageKernel.cpp - Whole-array entry points for filters --------------===//
//
// For every `filter` function llcc also exports
//
//   int llcc_image_NAME(const double *restrict in, const int64_t *inStrides,
//                       double *restrict out, const int64_t *outStrides,
//                       const int64_t *shape, int64_t rank,
//                       const int64_t *offsets, int64_t count,
//                       int64_t mode, double cval,
//                       int64_t beginRow, int64_t endRow, void *userData,
//                       int64_t memberStride)
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
// A body with an exact fallback (a percentile's network beside zeros of
// both signs) runs those runs as a fast copy that only flags the fallback,
// and runs a flagged run again with the body (FastBody.cpp).
// No Python API is touched, so callers may run it on several threads
// without the GIL; a runtime error returns 0 with the message in
// llcc_last_error().
//
// ImageKernelBuilder emits one kernel; each of its methods is one named
// piece (the scratch, the interior bounds, the boundary mapping, a row's
// offsets, the edge and interior pixel runs, the row loop), in the order
// build() calls them.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Library.h"

#include "Abi.h"
#include "Diagnostics.h"
#include "FastBody.h"
#include "MedianBox.h"

#include <optional>
#include <set>

namespace llcc {

namespace {
/// Vectors of pixels in flight in an interior run (see pixelLoop), and
/// from which footprint size one only: a 5x5 median or std keeps 25 or
/// more values live per vector, and a second vector in flight spills them.
constexpr uint32_t PixelInterleave = 2;
constexpr int64_t SingleVectorSize = 25;
/// The edge-column table (see edgeColumnTable) is built while it holds at
/// most this many elements (edge columns times footprint size): 9 bytes
/// each, a few MiB at most.
constexpr int64_t MaxEdgeTable = int64_t(1) << 18;
/// Footprint sizes up to this get a specialised copy for strided rows too.
constexpr int64_t MaxStridedCopy = 9;
/// 1-D windows and crosses (3, 5), square windows 3x3 to 9x9 (9, 25, 49,
/// 81): sizes whose interior run gets a copy with the size a constant. The
/// larger ones need the optimiser's full unrolling of the body's loops
/// (Optimizer.cpp, UnrollNeighbourhood) to vectorise across pixels.
constexpr int64_t CommonSizes[] = {3, 5, 9, 25, 49, 81};
/// Square sizes and the row width of their boxes: a table that is rows of
/// this many consecutive elements (a 3x3 to 9x9 box, a line of 9 to 81)
/// gets its own copy of the interior run, which reads each element at its
/// row's offset plus a constant (see interiorRun). For 49 and 81 elements,
/// too many for one register per element's offset, that took 12-13% off
/// the std 7x7 and count 9x9 kernels; for every size it is what lets a
/// count share its column sums between neighbouring pixels (the loads of
/// one row then differ by constants; backend/SlidingSums.cpp): 24% off a
/// count 5x5, 10% off a 3x3. Only for bodies that never allocate (see
/// interiorRuns): one more unrolled copy of a large body (a median's sort)
/// exceeds the optimiser's kernel budget (Optimizer.cpp,
/// UnrollNeighbourhood), and every copy left a loop runs 3-8x slower.
struct BoxWidth {
  int64_t size, width;
};
constexpr BoxWidth BoxWidths[] = {{9, 3}, {25, 5}, {49, 7}, {81, 9}};
} // namespace

/// Emits the whole-image kernel of one filter (see the top of the file).
/// The state of that one function lives here, for the kernel's lifetime.
class ImageKernelBuilder {
public:
  ImageKernelBuilder(IRGen &g, const FunctionDef &fn, const ElementType &input)
      : g(g), b(g.b_), fn(fn), i64Ty(b.getInt64Ty()), dbl(b.getDoubleTy()), input(input),
        elemTy(cTypeLlvm(input.ctype, g.ctx_)) {}

  /// The kernel: its declaration, the per-call scratch, then every row.
  void build() {
    std::set<llvm::Function *> seen;
    bodyAllocates = g.mayAllocate(g.functions_.at(&fn), seen);
    fast = fastBody(g.functions_.at(&fn));
    if (isWindowMedian(fn))
      medianRun.emplace(g, [this](llvm::Value *base, llvm::Value *index) {
        return loadInput(base, index);
      });
    declare();
    allocateScratch();
    computeInteriorBounds();
    computeElementOffsets();
    prepareCall();
    edgeColumnTable();
    rowLoop();
    finishCall();
  }

private:
  IRGen &g;
  llvm::IRBuilder<> &b;
  const FunctionDef &fn;
  std::optional<FunctionScope> scope; ///< the kernel's lowering state, from declare() on
  llvm::Type *i64Ty, *dbl;
  /// The input array's element type, read in place and converted to
  /// double as SciPy converts it.
  const ElementType &input;
  llvm::Type *elemTy;

  /// Element `index` of the input at `base`, as a double.
  llvm::Value *loadInput(llvm::Value *base, llvm::Value *index) {
    llvm::Value *v = b.CreateLoad(elemTy, b.CreateGEP(elemTy, base, index));
    switch (input.kind) {
    case ElementType::Float:
      return elemTy == dbl ? v : b.CreateFPExt(v, dbl);
    case ElementType::Signed:
      return b.CreateSIToFP(v, dbl);
    case ElementType::Unsigned:
      return b.CreateUIToFP(v, dbl);
    }
    return v;
  }

  // The arguments (Abi.cpp's imageKernelAbi order).
  llvm::Value *in, *inStrides, *out, *outStrides, *shape, *rank, *offsets, *count, *mode, *cval,
      *begin, *end, *userData, *memberStride;
  // Scratch sized by the caller's rank and footprint, made once per call.
  llvm::Value *coord, *lo, *hi, *linear, *buffer, *rowLinear, *rowCval, *rowTable;
  IRGen::ArenaSlots arena;
  // The body's call: user parameters, result, failure flag and exit.
  std::vector<llvm::Value *> userValues;
  llvm::AllocaInst *failed;
  llvm::Value *result;
  llvm::BasicBlock *finish;
  // The last dimension (a row's), and the current row's offsets.
  llvm::Value *last, *lineLen, *lineInStride, *lineOutStride, *lineLo, *lineHi;
  llvm::AllocaInst *rowIn, *rowOut, *rowInside;
  std::vector<llvm::Value *> fixedBuffers;
  // The row's interior [xlo, xhi) along the last dimension (the same for
  // every row), and the edge columns' mapped offsets (edgeColumnTable).
  llvm::Value *xlo, *xhi, *edgeLeft, *edgeTable, *edgeCvals, *useEdgeTable;
  llvm::FunctionCallee freeFn;
  /// Whether the body may allocate local arrays from the arena.
  bool bodyAllocates = true;
  /// The body's fast copy, whose exact fallbacks only raise `exactNeeded`
  /// (FastBody.cpp); null when the body has none.
  llvm::Function *fast = nullptr;
  llvm::AllocaInst *exactNeeded = nullptr;
  /// For `return np.median(values)`: the 5x5 box run with shared column
  /// sorts (MedianBox.cpp) and its scratch.
  std::optional<MedianBoxRun> medianRun;
  MedianBoxScratch medianScratch{};

  llvm::Value *i64(int64_t v) { return g.i64(v); }
  llvm::Value *at(llvm::Value *base, llvm::Value *i) { return b.CreateGEP(i64Ty, base, i); }
  llvm::Value *load(llvm::Value *base, llvm::Value *i) { return b.CreateLoad(i64Ty, at(base, i)); }
  /// Element `e`'s offset along dimension `d`.
  llvm::Value *offsetOf(llvm::Value *e, llvm::Value *d) {
    return load(offsets, b.CreateAdd(b.CreateMul(e, rank), d));
  }
  llvm::Value *smin(llvm::Value *a, llvm::Value *c) {
    return b.CreateSelect(b.CreateICmpSLT(a, c), a, c);
  }
  llvm::Value *smax(llvm::Value *a, llvm::Value *c) {
    return b.CreateSelect(b.CreateICmpSGT(a, c), a, c);
  }

  void declare() {
    auto *type = entryType(imageKernelAbi(), g.ctx_);
    auto *k = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                     imageKernelName(fn, input), g.mod_.get());
    k->addFnAttr(llvm::Attribute::NoUnwind);
    k->addFnAttr(PixelKernelAttr);
    // The caller never lets the output overlap the input (llcc.generic_filter
    // copies the input first if it would), so pixel loops need no run-time
    // overlap checks, which strided rows could not even express.
    k->addParamAttr(0, llvm::Attribute::NoAlias);
    k->addParamAttr(2, llvm::Attribute::NoAlias);
    scope.emplace(g.cur_, b, k);
    in = k->getArg(0), inStrides = k->getArg(1), out = k->getArg(2), outStrides = k->getArg(3),
    shape = k->getArg(4), rank = k->getArg(5), offsets = k->getArg(6), count = k->getArg(7),
    mode = k->getArg(8), cval = k->getArg(9), begin = k->getArg(10), end = k->getArg(11),
    userData = k->getArg(12), memberStride = k->getArg(13);
    b.SetInsertPoint(g.newBlock("entry"));
  }

  void allocateScratch() {
    coord = b.CreateAlloca(i64Ty, rank, "coord");
    lo = b.CreateAlloca(i64Ty, rank, "interior.lo");
    hi = b.CreateAlloca(i64Ty, rank, "interior.hi");
    linear = b.CreateAlloca(i64Ty, count, "linear");
    buffer = b.CreateAlloca(dbl, count, "neighbourhood");
    rowLinear = b.CreateAlloca(i64Ty, count, "row.linear");
    rowCval = b.CreateAlloca(b.getInt1Ty(), count, "row.cval");
    rowTable = b.CreateAlloca(i64Ty, count, "row.table");
    arena = g.newArena();
  }

  /// Per dimension: the coordinates whose whole neighbourhood is inside,
  /// [lo, hi).
  void computeInteriorBounds() {
    g.forRange(i64(0), rank, [&](llvm::Value *d) {
      llvm::AllocaInst *mn = g.entryAlloca(i64Ty, "min.off");
      llvm::AllocaInst *mx = g.entryAlloca(i64Ty, "max.off");
      b.CreateStore(i64(0), mn);
      b.CreateStore(i64(0), mx);
      g.forRange(i64(0), count, [&](llvm::Value *e) {
        llvm::Value *o = offsetOf(e, d);
        b.CreateStore(smin(b.CreateLoad(i64Ty, mn), o), mn);
        b.CreateStore(smax(b.CreateLoad(i64Ty, mx), o), mx);
      });
      b.CreateStore(b.CreateSub(i64(0), b.CreateLoad(i64Ty, mn)), at(lo, d));
      b.CreateStore(b.CreateSub(load(shape, d), b.CreateLoad(i64Ty, mx)), at(hi, d));
    });
  }

  /// Each element's offset in elements, for interior reads.
  void computeElementOffsets() {
    g.forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::AllocaInst *acc = g.entryAlloca(i64Ty, "lin");
      b.CreateStore(i64(0), acc);
      g.forRange(i64(0), rank, [&](llvm::Value *d) {
        b.CreateStore(b.CreateAdd(b.CreateLoad(i64Ty, acc),
                                  b.CreateMul(offsetOf(e, d), load(inStrides, d))),
                      acc);
      });
      b.CreateStore(b.CreateLoad(i64Ty, acc), at(linear, e));
    });
  }

  /// The user parameters, the result slot, the failure exit, and the last
  /// dimension's facts.
  void prepareCall() {
    userValues = g.userParamValues(fn, userData, [&] { b.CreateRet(b.getInt32(0)); });
    failed = g.entryAlloca(b.getInt1Ty(), "failed");
    b.CreateStore(b.getFalse(), failed);
    // A filter returning a tuple (several outputs per window) has one
    // member per output (MultiOut.cpp).
    result = g.entryAlloca(g.filterResultType(fn), "result");
    finish = g.newBlock("finish");
    last = b.CreateSub(rank, i64(1));
    lineLen = load(shape, last);
    lineInStride = load(inStrides, last);
    lineOutStride = load(outStrides, last);
    lineLo = load(lo, last);
    lineHi = load(hi, last);
    rowIn = g.entryAlloca(i64Ty, "row.in");
    rowOut = g.entryAlloca(i64Ty, "row.out");
    rowInside = g.entryAlloca(b.getInt1Ty(), "row.inside");
    if (fast)
      exactNeeded = g.entryAlloca(b.getInt1Ty(), "exact.needed");
    if (medianRun)
      medianScratch = medianRun->allocate();
  }

  /// Runs the body on the gathered neighbourhood and stores the result at
  /// element offset `outOffset`; a failure ends the whole call. With
  /// `useFast`, the fast copy runs instead, and a failure (which the sign
  /// of a flagged zero could have caused) only raises `exactNeeded`: the
  /// run of pixels then runs again with the body, which fails as numpy
  /// would, or not.
  void apply(llvm::Value *outOffset, llvm::Value *buf, llvm::Value *len, bool useFast = false) {
    std::vector<llvm::Value *> args{result, arena.arena, g.makeArray(buf, len, i64(1))};
    for (llvm::Value *v : userValues)
      args.push_back(v);
    if (useFast)
      args.push_back(exactNeeded);
    llvm::Value *ok = b.CreateCall(useFast ? fast : g.functions_.at(&fn), args);
    llvm::BasicBlock *store = g.newBlock("store");
    llvm::BasicBlock *bad = g.newBlock("bad");
    llvm::BasicBlock *stored = g.newBlock("stored");
    b.CreateCondBr(ok, store, bad);
    b.SetInsertPoint(bad);
    if (useFast) {
      b.CreateStore(b.getTrue(), exactNeeded);
      b.CreateBr(stored);
    } else {
      b.CreateStore(b.getTrue(), failed);
      b.CreateBr(finish);
    }
    b.SetInsertPoint(store);
    // Output j at outOffset + j * memberStride.
    std::vector<llvm::Value *> outputs = g.filterOutputs(fn, result);
    for (unsigned j = 0; j < outputs.size(); ++j)
      b.CreateStore(outputs[j],
                    b.CreateGEP(dbl, out, j ? b.CreateAdd(outOffset, b.CreateMul(i64(j), memberStride))
                                            : outOffset));
    b.CreateBr(stored);
    b.SetInsertPoint(stored);
    // This pixel's local arrays are done: free heap chunks, rewind. A body
    // that never allocates leaves the arena empty, and skips this: the
    // release's free() loop in every pixel would keep the interior run
    // from vectorising. So does the fast copy, whose allocating paths are
    // the exact ones it no longer takes: its run releases once, at its
    // end (fixedRun).
    if (bodyAllocates && !useFast)
      releaseArena();
  }

  /// Frees the arena's heap chunks and rewinds it to empty.
  void releaseArena() {
    b.CreateCall(g.arenaRelease(), {arena.arena});
    g.resetArena(arena);
  }

  /// One index for each boundary mode, chosen by the kernel's `mode`
  /// (constant's value is cval, so any index does).
  llvm::Value *byMode(llvm::Value *reflect, llvm::Value *nearest, llvm::Value *mirror,
                      llvm::Value *wrap) {
    llvm::Value *m = i64(0);
    m = b.CreateSelect(b.CreateICmpEQ(mode, i64(ModeReflect)), reflect, m);
    m = b.CreateSelect(b.CreateICmpEQ(mode, i64(ModeNearest)), nearest, m);
    m = b.CreateSelect(b.CreateICmpEQ(mode, i64(ModeMirror)), mirror, m);
    return b.CreateSelect(b.CreateICmpEQ(mode, i64(ModeWrap)), wrap, m);
  }

  /// Maps coordinate `c` of a dimension of length `n` by the boundary mode,
  /// as SciPy extends lines; returns the index to read and whether the
  /// element is outside in constant mode (then it is cval, any index does).
  std::pair<llvm::Value *, llvm::Value *> mapCoord(llvm::Value *c, llvm::Value *n) {
    llvm::Value *in0 = b.CreateAnd(b.CreateICmpSGE(c, i64(0)), b.CreateICmpSLT(c, n));
    // Most coordinates of an edge pixel are inside: they skip the
    // mapping. Outside ones are usually less than a period out, where
    // each mode is one subtraction; only smaller images than the
    // footprint need the remainders of the general formula.
    llvm::BasicBlock *inside = b.GetInsertBlock();
    llvm::BasicBlock *nearBlock = g.newBlock("edge.near");
    llvm::BasicBlock *farBlock = g.newBlock("edge.far");
    llvm::BasicBlock *mappedBlock = g.newBlock("edge.mapped");
    b.CreateCondBr(in0, mappedBlock, nearBlock);
    b.SetInsertPoint(nearBlock);
    llvm::Value *below = b.CreateICmpSLT(c, i64(0));
    llvm::Value *twoN = b.CreateMul(n, i64(2));
    llvm::Value *near = byMode(b.CreateSelect(below, b.CreateSub(i64(-1), c),
                                              b.CreateSub(b.CreateSub(twoN, i64(1)), c)),
                               b.CreateSelect(below, i64(0), b.CreateSub(n, i64(1))),
                               b.CreateSelect(below, b.CreateSub(i64(0), c),
                                              b.CreateSub(b.CreateSub(twoN, i64(2)), c)),
                               b.CreateSelect(below, b.CreateAdd(c, n), b.CreateSub(c, n)));
    llvm::Value *nearOk = b.CreateAnd(b.CreateICmpSGE(near, i64(0)), b.CreateICmpSLT(near, n));
    b.CreateCondBr(nearOk, mappedBlock, farBlock);
    b.SetInsertPoint(farBlock);
    auto posMod = [&](llvm::Value *v, llvm::Value *m) {
      llvm::Value *r = b.CreateSRem(v, m);
      return b.CreateSelect(b.CreateICmpSLT(r, i64(0)), b.CreateAdd(r, m), r);
    };
    llvm::Value *reflectM = posMod(c, twoN);
    llvm::Value *reflect =
        b.CreateSelect(b.CreateICmpSGE(reflectM, n),
                       b.CreateSub(b.CreateSub(twoN, i64(1)), reflectM), reflectM);
    llvm::Value *period = b.CreateSub(twoN, i64(2));
    llvm::Value *safePeriod = b.CreateSelect(b.CreateICmpSGT(period, i64(0)), period, i64(1));
    llvm::Value *mirrorM = posMod(c, safePeriod);
    llvm::Value *mirror = b.CreateSelect(
        b.CreateICmpSLE(n, i64(1)), i64(0),
        b.CreateSelect(b.CreateICmpSGE(mirrorM, n), b.CreateSub(period, mirrorM), mirrorM));
    llvm::Value *nearest = smax(i64(0), smin(c, b.CreateSub(n, i64(1))));
    llvm::Value *far = byMode(reflect, nearest, mirror, posMod(c, n));
    b.CreateBr(mappedBlock);
    b.SetInsertPoint(mappedBlock);
    llvm::PHINode *mapped = b.CreatePHI(i64Ty, 3, "mapped");
    mapped->addIncoming(c, inside);
    mapped->addIncoming(near, nearBlock);
    mapped->addIncoming(far, farBlock);
    llvm::Value *constOut =
        b.CreateAnd(b.CreateICmpEQ(mode, i64(ModeConstant)), b.CreateNot(in0));
    return {b.CreateSelect(constOut, i64(0), mapped), constOut};
  }

  /// Per row, once: each element's offset over all dimensions but the last
  /// (mapped where the row is near an edge) and whether it is cval there.
  /// Edge pixels then map only their last coordinate.
  void rowOffsets() {
    g.forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::AllocaInst *acc = g.entryAlloca(i64Ty, "row.elem.off");
      llvm::AllocaInst *outside = g.entryAlloca(b.getInt1Ty(), "row.elem.cval");
      b.CreateStore(i64(0), acc);
      b.CreateStore(b.getFalse(), outside);
      g.forRange(i64(0), last, [&](llvm::Value *d) {
        auto [m, constOut] = mapCoord(b.CreateAdd(load(coord, d), offsetOf(e, d)), load(shape, d));
        b.CreateStore(b.CreateOr(b.CreateLoad(b.getInt1Ty(), outside), constOut), outside);
        b.CreateStore(b.CreateAdd(b.CreateLoad(i64Ty, acc), b.CreateMul(m, load(inStrides, d))),
                      acc);
      });
      b.CreateStore(b.CreateLoad(i64Ty, acc), at(rowLinear, e));
      b.CreateStore(b.CreateLoad(b.getInt1Ty(), outside), b.CreateGEP(b.getInt1Ty(), rowCval, e));
    });
  }

  /// For a row near an edge: each element's offset from the pixel's own
  /// (last coordinate unmapped, as edgeRowPixel reads it) in rowTable, and
  /// whether any element of the row is cval (constant mode, outside).
  llvm::Value *edgeRowTable() {
    llvm::AllocaInst *any = g.entryAlloca(b.getInt1Ty(), "row.any.cval");
    b.CreateStore(b.getFalse(), any);
    g.forRange(i64(0), count, [&](llvm::Value *e) {
      b.CreateStore(b.CreateAdd(load(rowLinear, e), b.CreateMul(offsetOf(e, last), lineInStride)),
                    at(rowTable, e));
      b.CreateStore(
          b.CreateOr(b.CreateLoad(b.getInt1Ty(), any),
                     b.CreateLoad(b.getInt1Ty(), b.CreateGEP(b.getInt1Ty(), rowCval, e))),
          any);
    });
    return b.CreateLoad(b.getInt1Ty(), any);
  }

  /// Once per call: the edge columns' last coordinates mapped by the
  /// boundary mode, for every footprint element. The columns near the left
  /// and right edge are the same in every row, so edge pixels read their
  /// element offsets from this table instead of mapping each coordinate
  /// again in every row (a quarter of a 9x9 kernel's time went there).
  /// Column k (the left edge columns, then the right ones), element e:
  /// edgeTable[k * count + e] is the mapped offset along the last
  /// dimension, edgeCvals[k * count + e] whether it is cval. A table too
  /// large (a footprint wider than the image) or a failed malloc leaves the
  /// per-pixel mapping in place.
  void edgeColumnTable() {
    xlo = smin(smax(lineLo, i64(0)), lineLen);
    xhi = smax(xlo, smin(lineHi, lineLen));
    edgeLeft = xlo;
    llvm::Value *columns = b.CreateAdd(xlo, b.CreateSub(lineLen, xhi));
    llvm::Value *entries = b.CreateMul(columns, count);
    llvm::Type *ptr = b.getPtrTy();
    llvm::FunctionCallee mallocFn =
        g.mod_->getOrInsertFunction("malloc", llvm::FunctionType::get(ptr, {i64Ty}, false));
    freeFn = g.mod_->getOrInsertFunction("free",
                                         llvm::FunctionType::get(b.getVoidTy(), {ptr}, false));
    llvm::Value *small = b.CreateAnd(b.CreateICmpSGT(entries, i64(0)),
                                     b.CreateICmpSLE(entries, i64(MaxEdgeTable)));
    llvm::BasicBlock *from = b.GetInsertBlock();
    llvm::BasicBlock *alloc = g.newBlock("edge.table.alloc");
    llvm::BasicBlock *done = g.newBlock("edge.table.done");
    b.CreateCondBr(small, alloc, done);
    b.SetInsertPoint(alloc);
    llvm::Value *mem = b.CreateCall(mallocFn, {b.CreateMul(entries, i64(9))});
    llvm::BasicBlock *fill = g.newBlock("edge.table.fill");
    llvm::BasicBlock *allocEnd = b.GetInsertBlock();
    b.CreateCondBr(b.CreateIsNotNull(mem), fill, done);
    b.SetInsertPoint(fill);
    llvm::Value *cvals = b.CreateGEP(b.getInt8Ty(), mem, b.CreateMul(entries, i64(8)));
    g.forRange(i64(0), columns, [&](llvm::Value *k) {
      llvm::Value *x =
          b.CreateSelect(b.CreateICmpSLT(k, xlo), k, b.CreateAdd(xhi, b.CreateSub(k, xlo)));
      g.forRange(i64(0), count, [&](llvm::Value *e) {
        auto [m, constOut] = mapCoord(b.CreateAdd(x, offsetOf(e, last)), lineLen);
        llvm::Value *slot = b.CreateAdd(b.CreateMul(k, count), e);
        b.CreateStore(b.CreateMul(m, lineInStride), at(mem, slot));
        b.CreateStore(constOut, b.CreateGEP(b.getInt1Ty(), cvals, slot));
      });
    });
    llvm::BasicBlock *fillEnd = b.GetInsertBlock();
    b.CreateBr(done);
    b.SetInsertPoint(done);
    llvm::PHINode *table = b.CreatePHI(ptr, 3, "edge.table");
    table->addIncoming(llvm::ConstantPointerNull::get(b.getPtrTy()), from);
    table->addIncoming(llvm::ConstantPointerNull::get(b.getPtrTy()), allocEnd);
    table->addIncoming(mem, fillEnd);
    llvm::PHINode *tableCvals = b.CreatePHI(ptr, 3, "edge.cvals");
    tableCvals->addIncoming(llvm::ConstantPointerNull::get(b.getPtrTy()), from);
    tableCvals->addIncoming(llvm::ConstantPointerNull::get(b.getPtrTy()), allocEnd);
    tableCvals->addIncoming(cvals, fillEnd);
    edgeTable = table;
    edgeCvals = tableCvals;
    useEdgeTable = b.CreateIsNotNull(table);
  }

  /// A pixel whose last coordinate is near an edge: edge column `k`.
  void edgePixel(llvm::Value *x, llvm::Value *k) {
    llvm::BasicBlock *viaTable = g.newBlock("edge.pixel.table");
    llvm::BasicBlock *viaMapping = g.newBlock("edge.pixel.map");
    llvm::BasicBlock *gathered = g.newBlock("edge.pixel.gathered");
    b.CreateCondBr(useEdgeTable, viaTable, viaMapping);
    b.SetInsertPoint(viaTable);
    llvm::Value *first = b.CreateMul(k, count);
    // Scalar, as the interior gather: vectorised, it became a vector
    // gather with the cval flags packed bit by bit, which measured slower.
    llvm::BranchInst *latch = g.forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::Value *slot = b.CreateAdd(first, e);
      llvm::Value *off = b.CreateAdd(load(rowLinear, e), load(edgeTable, slot));
      llvm::Value *isCval =
          b.CreateOr(b.CreateLoad(b.getInt1Ty(), b.CreateGEP(b.getInt1Ty(), rowCval, e)),
                     b.CreateLoad(b.getInt1Ty(), b.CreateGEP(b.getInt1Ty(), edgeCvals, slot)));
      llvm::Value *v = loadInput(in, off);
      b.CreateStore(b.CreateSelect(isCval, cval, v), b.CreateGEP(dbl, buffer, e));
    });
    g.setLoopHint(latch, "llvm.loop.vectorize.enable", b.getFalse());
    b.CreateBr(gathered);
    b.SetInsertPoint(viaMapping);
    g.forRange(i64(0), count, [&](llvm::Value *e) {
      auto [m, constOut] = mapCoord(b.CreateAdd(x, offsetOf(e, last)), lineLen);
      llvm::Value *off = b.CreateAdd(load(rowLinear, e), b.CreateMul(m, lineInStride));
      llvm::Value *isCval = b.CreateOr(
          b.CreateLoad(b.getInt1Ty(), b.CreateGEP(b.getInt1Ty(), rowCval, e)), constOut);
      llvm::Value *v = loadInput(in, off);
      b.CreateStore(b.CreateSelect(isCval, cval, v), b.CreateGEP(dbl, buffer, e));
    });
    b.CreateBr(gathered);
    b.SetInsertPoint(gathered);
    apply(b.CreateAdd(b.CreateLoad(i64Ty, rowOut), b.CreateMul(x, lineOutStride)), buffer, count);
  }

  /// A pixel of a row near an edge whose last coordinate is inside: the
  /// row's offsets as they are, no mapping.
  void edgeRowPixel(llvm::Value *x) {
    g.forRange(i64(0), count, [&](llvm::Value *e) {
      llvm::Value *off = b.CreateAdd(
          load(rowLinear, e), b.CreateMul(b.CreateAdd(x, offsetOf(e, last)), lineInStride));
      llvm::Value *isCval = b.CreateLoad(b.getInt1Ty(), b.CreateGEP(b.getInt1Ty(), rowCval, e));
      llvm::Value *v = loadInput(in, off);
      b.CreateStore(b.CreateSelect(isCval, cval, v), b.CreateGEP(dbl, buffer, e));
    });
    apply(b.CreateAdd(b.CreateLoad(i64Ty, rowOut), b.CreateMul(x, lineOutStride)), buffer, count);
  }

  /// The interior pixel loop, with an interleave hint: a body over a large
  /// neighbourhood is a long chain of dependent operations per pixel (a sum
  /// in order); vectorised across pixels, one vector of pixels waits on each
  /// step's latency, so several vectors must be in flight. LLVM's own
  /// heuristic interleaves only small loops.
  void pixelLoop(llvm::Value *from, llvm::Value *to, llvm::Value *len,
                 const std::function<void(llvm::Value *)> &body) {
    auto *size = llvm::dyn_cast<llvm::ConstantInt>(len);
    bool large = size && size->getSExtValue() >= SingleVectorSize;
    g.setLoopHint(g.forRange(from, to, body), "llvm.loop.interleave.count",
                  b.getInt32(large ? 1 : PixelInterleave));
  }

  /// Inside: every element read straight from the image, no mapping.
  /// With a common footprint size known here, the gather and the body's
  /// loops over the neighbourhood have constant trip counts: they unroll,
  /// the buffer becomes registers, and the pixel loop can vectorise.
  ///
  /// With `boxWidth`, the table is known to be rows of that many
  /// consecutive elements (isBoxTable): element e is read at its row's
  /// offset, table[e - e % width], plus e % width. The row offsets are few
  /// enough to stay in registers across the pixel loop, where one offset
  /// per element (81 for a 9x9 window) spilled, and every element cost a
  /// reload of its offset besides its load from the image.
  void interiorRun(llvm::Value *xlo, llvm::Value *xhi, llvm::Value *buf, llvm::Value *len,
                   bool unitStride, llvm::Value *table, llvm::Value *rowInV,
                   int64_t boxWidth = 0, bool useFast = false) {
    llvm::Value *rowOutV = b.CreateLoad(i64Ty, rowOut);
    llvm::Value *inStep = unitStride ? i64(1) : lineInStride;
    llvm::Value *outStep = unitStride ? i64(1) : lineOutStride;
    // Enter the run with the arena empty (no heap chunks): once the
    // optimiser forwards that to the first pixel's release, a body whose
    // allocating paths are dead for this footprint size (np.median's sort)
    // loses its per-pixel free() loop, which would keep the run from
    // vectorising (Optimizer.cpp, addNeighbourhoodUnrolling).
    if (bodyAllocates)
      releaseArena();
    pixelLoop(xlo, xhi, len, [&](llvm::Value *x) {
      llvm::Value *base =
          b.CreateGEP(elemTy, in, b.CreateAdd(rowInV, b.CreateMul(x, inStep)));
      // Keep the gather scalar: vector gathers are slower than plain loads.
      g.setLoopHint(g.forRange(i64(0), len,
                               [&](llvm::Value *e) {
                                 llvm::Value *index = load(table, e);
                                 if (boxWidth) {
                                   llvm::Value *col = b.CreateURem(e, i64(boxWidth));
                                   index = b.CreateAdd(load(table, b.CreateSub(e, col)), col);
                                 }
                                 llvm::Value *v = loadInput(base, index);
                                 b.CreateStore(v, b.CreateGEP(dbl, buf, e));
                               }),
                    "llvm.loop.vectorize.enable", b.getFalse());
      apply(b.CreateAdd(rowOutV, b.CreateMul(x, outStep)), buf, len, useFast);
    });
  }

  /// A fixed-size run over footprint size CommonSizes[i]. With a fast
  /// body, the fast copy runs over it; the pixels of a run where it raised
  /// the flag go again, with the body (FastBody.cpp), through `generic`,
  /// the generic run, whose one copy serves every size (a copy per size
  /// with the body unrolled doubled the compile time). Else the body once.
  void fixedRun(size_t i, llvm::Value *xlo, llvm::Value *xhi, bool unitStride,
                llvm::Value *table, llvm::Value *rowInV, int64_t boxWidth,
                llvm::BasicBlock *generic) {
    if (fast)
      b.CreateStore(b.getFalse(), exactNeeded);
    interiorRun(xlo, xhi, fixedBuffers[i], i64(CommonSizes[i]), unitStride, table, rowInV,
                boxWidth, fast != nullptr);
    if (!fast)
      return;
    // The fast copy leaves what it allocated (only its exact paths
    // allocate, and it does not take them) for one release here.
    if (bodyAllocates)
      releaseArena();
    llvm::BasicBlock *done = g.newBlock("interior.fast.done");
    b.CreateCondBr(b.CreateLoad(b.getInt1Ty(), exactNeeded), generic, done);
    b.SetInsertPoint(done);
  }

  /// Row `row`'s coordinates (all dimensions but the last, C order), its
  /// input and output offsets, and whether its whole neighbourhood is
  /// inside the image in those dimensions.
  void beginRow(llvm::Value *row) {
    llvm::AllocaInst *rest = g.entryAlloca(i64Ty, "rest");
    b.CreateStore(row, rest);
    b.CreateStore(i64(0), rowIn);
    b.CreateStore(i64(0), rowOut);
    b.CreateStore(b.getTrue(), rowInside);
    g.forRange(i64(0), last, [&](llvm::Value *j) {
      llvm::Value *d = b.CreateSub(b.CreateSub(last, i64(1)), j);
      llvm::Value *n = load(shape, d);
      llvm::Value *r = b.CreateLoad(i64Ty, rest);
      llvm::Value *c = b.CreateSRem(r, n);
      b.CreateStore(b.CreateSDiv(r, n), rest);
      b.CreateStore(c, at(coord, d));
      b.CreateStore(b.CreateAdd(b.CreateLoad(i64Ty, rowIn), b.CreateMul(c, load(inStrides, d))),
                    rowIn);
      b.CreateStore(
          b.CreateAdd(b.CreateLoad(i64Ty, rowOut), b.CreateMul(c, load(outStrides, d))), rowOut);
      llvm::Value *ok =
          b.CreateAnd(b.CreateICmpSGE(c, load(lo, d)), b.CreateICmpSLT(c, load(hi, d)));
      b.CreateStore(b.CreateAnd(b.CreateLoad(b.getInt1Ty(), rowInside), ok), rowInside);
    });
  }

  /// Whether the first `len` entries of `table` are rows of `width`
  /// consecutive elements: entry e == entry (e - e % width) + e % width.
  /// Checked per row, as the table of a row near an edge is its own.
  llvm::Value *isBoxTable(llvm::Value *table, int64_t len, int64_t width) {
    llvm::AllocaInst *ok = g.entryAlloca(b.getInt1Ty(), "box.ok");
    b.CreateStore(b.getTrue(), ok);
    g.forRange(i64(0), i64(len), [&](llvm::Value *e) {
      llvm::Value *col = b.CreateURem(e, i64(width));
      llvm::Value *same = b.CreateICmpEQ(
          load(table, e), b.CreateAdd(load(table, b.CreateSub(e, col)), col));
      b.CreateStore(b.CreateAnd(b.CreateLoad(b.getInt1Ty(), ok), same), ok);
    });
    return b.CreateLoad(b.getInt1Ty(), ok);
  }

  /// The interior pixels of a row inside the image: a copy per common
  /// footprint size (contiguous rows, and strided ones for small sizes),
  /// the generic run otherwise.
  void interiorRuns(llvm::Value *xlo, llvm::Value *xhi, llvm::Value *table,
                    llvm::Value *rowInV) {
    llvm::BasicBlock *generic = g.newBlock("interior.generic");
    llvm::BasicBlock *runsDone = g.newBlock("interior.done");
    llvm::SwitchInst *sw = b.CreateSwitch(count, generic, std::size(CommonSizes));
    for (size_t i = 0; i < std::size(CommonSizes); ++i) {
      llvm::BasicBlock *fixed = g.newBlock("interior.fixed");
      sw->addCase(b.getInt64(static_cast<uint64_t>(CommonSizes[i])), fixed);
      b.SetInsertPoint(fixed);
      // Contiguous rows (the usual case) get their own copy, where the
      // neighbourhood's loads are consecutive across pixels. Strided rows
      // of a large footprint take the generic run: one more unrolled copy
      // of the body would double the compile time for a rare layout.
      llvm::BasicBlock *unit = g.newBlock("interior.unit");
      llvm::BasicBlock *strided =
          CommonSizes[i] <= MaxStridedCopy ? g.newBlock("interior.strided") : generic;
      b.CreateCondBr(b.CreateAnd(b.CreateICmpEQ(lineInStride, i64(1)),
                                 b.CreateICmpEQ(lineOutStride, i64(1))),
                     unit, strided);
      b.SetInsertPoint(unit);
      if (medianRun && CommonSizes[i] == 25) {
        // A 5x5 box median: columns sorted once for five windows.
        llvm::BasicBlock *median = g.newBlock("interior.median.box");
        llvm::BasicBlock *rest = g.newBlock("interior.unit.rest");
        b.CreateCondBr(b.CreateAnd(medianScratch.ok, isBoxTable(table, 25, 5)), median, rest);
        b.SetInsertPoint(median);
        medianRun->emit(medianScratch, xlo, xhi, table, b.CreateGEP(elemTy, in, rowInV),
                        b.CreateGEP(dbl, out, b.CreateLoad(i64Ty, rowOut)));
        b.CreateBr(runsDone);
        b.SetInsertPoint(rest);
      }
      // A body that allocates (np.median's copy to sort) is large once
      // unrolled: no box copy for it, which would take the budget the
      // other copies need.
      for (const BoxWidth &box : BoxWidths) {
        if (box.size != CommonSizes[i] || bodyAllocates)
          continue;
        llvm::BasicBlock *boxRun = g.newBlock("interior.box");
        llvm::BasicBlock *tableRun = g.newBlock("interior.unit.table");
        b.CreateCondBr(isBoxTable(table, box.size, box.width), boxRun, tableRun);
        b.SetInsertPoint(boxRun);
        fixedRun(i, xlo, xhi, true, table, rowInV, box.width, generic);
        b.CreateBr(runsDone);
        b.SetInsertPoint(tableRun);
      }
      fixedRun(i, xlo, xhi, true, table, rowInV, 0, generic);
      b.CreateBr(runsDone);
      if (strided == generic)
        continue;
      b.SetInsertPoint(strided);
      fixedRun(i, xlo, xhi, false, table, rowInV, 0, generic);
      b.CreateBr(runsDone);
    }
    b.SetInsertPoint(generic);
    interiorRun(xlo, xhi, buffer, count, false, table, rowInV);
    b.CreateBr(runsDone);
    b.SetInsertPoint(runsDone);
  }

  /// Rows: all dimensions but the last fixed; [begin, end) counts rows in
  /// C order. Each row splits into edge, interior and edge runs.
  void rowLoop() {
    for (int64_t k : CommonSizes)
      fixedBuffers.push_back(g.entryAlloca(llvm::ArrayType::get(dbl, k), "neighbourhood.fixed"));
    g.forRange(begin, end, [&](llvm::Value *row) {
      beginRow(row);
      rowOffsets();
      g.forRange(i64(0), xlo, [&](llvm::Value *x) { edgePixel(x, x); });
      llvm::BasicBlock *insideRow = g.newBlock("row.inside");
      llvm::BasicBlock *edgeRow = g.newBlock("row.edge");
      llvm::BasicBlock *edgeScalar = g.newBlock("row.edge.scalar");
      llvm::BasicBlock *runs = g.newBlock("row.runs");
      llvm::BasicBlock *rowDone = g.newBlock("row.done");
      b.CreateCondBr(b.CreateLoad(b.getInt1Ty(), rowInside), insideRow, edgeRow);
      // A row near an edge whose mapped elements are all read from the
      // image (every mode but constant; constant rows whose footprint stays
      // inside) runs the interior runs too, through its own table of
      // offsets: the rows near the top and bottom vectorise like the rest.
      b.SetInsertPoint(edgeRow);
      llvm::Value *anyCval = edgeRowTable();
      llvm::BasicBlock *edgeRowEnd = b.GetInsertBlock();
      b.CreateCondBr(anyCval, edgeScalar, runs);
      b.SetInsertPoint(edgeScalar);
      g.forRange(xlo, xhi, [&](llvm::Value *x) { edgeRowPixel(x); });
      b.CreateBr(rowDone);
      b.SetInsertPoint(insideRow);
      llvm::Value *insideIn = b.CreateLoad(i64Ty, rowIn);
      b.CreateBr(runs);
      b.SetInsertPoint(runs);
      llvm::PHINode *table = b.CreatePHI(b.getPtrTy(), 2, "run.table");
      table->addIncoming(linear, insideRow);
      table->addIncoming(rowTable, edgeRowEnd);
      llvm::PHINode *runIn = b.CreatePHI(i64Ty, 2, "run.in");
      runIn->addIncoming(insideIn, insideRow);
      runIn->addIncoming(i64(0), edgeRowEnd);
      interiorRuns(xlo, xhi, table, runIn);
      b.CreateBr(rowDone);
      b.SetInsertPoint(rowDone);
      g.forRange(xhi, lineLen,
                 [&](llvm::Value *x) { edgePixel(x, b.CreateAdd(edgeLeft, b.CreateSub(x, xhi))); });
    });
    b.CreateBr(finish);
  }

  /// Frees the arena's heap chunks; 0 after a runtime error, else 1.
  void finishCall() {
    b.SetInsertPoint(finish);
    b.CreateCall(g.arenaRelease(), {arena.arena});
    b.CreateCall(freeFn, {edgeTable});
    if (medianRun)
      medianRun->release(medianScratch);
    b.CreateRet(
        b.CreateSelect(b.CreateLoad(b.getInt1Ty(), failed), b.getInt32(0), b.getInt32(1)));
  }
};

void IRGen::emitImageKernel(const FunctionDef &fn, const ElementType &input) {
  ImageKernelBuilder(*this, fn, input).build();
}

} // namespace llcc
