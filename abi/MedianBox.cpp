//===- MedianBox.cpp - The 5x5 median kernel with shared column sorts -----===//
//
// A whole-image kernel runs a filter's body once per pixel; for
// `return np.median(values)` over a 5x5 box that is a pruned sorting
// network of 113 comparators per pixel (codegen/IRGenMedianNetwork.cpp).
// Neighbouring windows share most of their values, and a median does not
// depend on the order of the window's elements, so for the interior run of
// a row this file computes the same medians with less work (the separable
// sorting networks of Adams, "Fast median filters using separable sorting
// networks", 2021):
//
//   1. Every column of five values the row's windows use is sorted once
//      (9 comparators), into five scratch rows (one per rank), with a flag
//      for a NaN in the column. Each column serves five windows.
//   2. Two neighbouring pixels x and x+1 share four of their five columns.
//      Of those 20 values only ranks 7..12 can be the median of 25 once
//      five more join, and a network of 51 comparators finds them in the
//      four sorted columns (Core). Each pixel then merges its own fifth
//      column into those six (10 comparators, Merge) and takes rank 5.
//
// About 72 min/max operations per pixel instead of ~200; both loops
// vectorise across pixels. The networks were made by pruning Batcher's
// merge-exchange network: comparators that never exchange when the
// columns are sorted, and those the wanted outputs do not depend on
// (scripts/median_box_networks.py, which also checks them by the 0-1
// principle on every input with sorted columns: 6^5 of them). They are
// comparator networks, so the value they select is the 13th smallest of
// the 25 whatever the input; which of two equal values it is does not
// matter, since equal doubles have the same bits except zeros, and the
// median is numpy's mean of the middle value (0.0 + m: every zero is
// +0.0), as on the ordinary path. A NaN anywhere in the window makes the
// median NaN, as numpy's.
//
//===----------------------------------------------------------------------===//
#include "MedianBox.h"

#include "IRGenImpl.h"

#include <limits>

namespace llcc {

namespace {
/// A comparator: `lo` gets the smaller value, `hi` the larger.
struct Exchange {
  int lo, hi;
};

/// Sorts five values.
constexpr Exchange ColumnSort[] = {{0, 4}, {0, 2}, {1, 3}, {2, 4}, {0, 1},
                                   {2, 3}, {1, 4}, {1, 2}, {3, 4}};

/// Four sorted columns of five (wire 5c + k: column c, rank k): leaves
/// ranks 7..12 of the 20 values on wires 7..12.
constexpr Exchange Core[] = {
    {0, 16},  {1, 17},  {2, 18},  {3, 19},  {0, 8},   {1, 9},   {2, 10},  {3, 11},  {4, 12},
    {5, 13},  {6, 14},  {7, 15},  {8, 16},  {9, 17},  {10, 18}, {11, 19}, {0, 4},   {1, 5},
    {2, 6},   {3, 7},   {8, 12},  {9, 13},  {10, 14}, {11, 15}, {4, 16},  {6, 18},  {4, 8},
    {5, 9},   {6, 10},  {7, 11},  {12, 16}, {13, 17}, {14, 18}, {15, 19}, {4, 6},   {5, 7},
    {8, 10},  {9, 11},  {12, 14}, {13, 15}, {6, 8},   {7, 9},   {10, 12}, {11, 13}, {6, 7},
    {8, 9},   {10, 11}, {12, 13}, {7, 8},   {9, 10},  {11, 12}};
constexpr int CoreFirst = 7, CoreRanks = 6;

/// Wires 0..5: the core's ranks 7..12; wires 6..10: the pixel's own sorted
/// column. Leaves the median of the 25 on wire 5.
constexpr Exchange Merge[] = {{0, 8}, {1, 9}, {2, 10}, {2, 6}, {3, 7},
                              {4, 8}, {5, 9}, {4, 6}, {5, 7}, {5, 6}};
constexpr int MergeOut = 5;

constexpr int Side = 5;
/// Pixels per block (see emit): the scratch of a block is 5 rows of
/// BlockPixels + 5 doubles, 5 KiB (128 measured 3% faster than 256 and
/// 512 on the 2048x2048 median).
constexpr int64_t BlockPixels = 128;
} // namespace

bool isWindowMedian(const FunctionDef &fn) {
  if (fn.params.empty())
    return false;
  const ReturnStmt *ret = nullptr;
  for (const StmtPtr &s : fn.body) {
    auto *e = llvm::dyn_cast<ExprStmt>(s.get());
    if (!ret && e && llvm::isa<StringLiteralExpr>(e->value.get()))
      continue; // a docstring
    if (ret || !(ret = llvm::dyn_cast<ReturnStmt>(s.get())))
      return false;
  }
  auto *call = ret && ret->value ? llvm::dyn_cast<CallExpr>(ret->value.get()) : nullptr;
  if (!call || call->builtin != "numpy.median" || call->args.size() != 1 ||
      !call->keywords.empty())
    return false;
  auto *window = llvm::dyn_cast<NameExpr>(call->args[0].get());
  return window && window->localIndex == 0 && window->name == fn.params[0].name;
}

MedianBoxScratch MedianBoxRun::allocate() {
  llvm::IRBuilder<> &b = g.b_;
  llvm::Type *ptr = b.getPtrTy(), *i64Ty = b.getInt64Ty();
  llvm::FunctionCallee mallocFn =
      g.mod_->getOrInsertFunction("malloc", llvm::FunctionType::get(ptr, {i64Ty}, false));
  // One more column than the run reads: the last odd pixel is computed as
  // a pair whose second half is dropped.
  llvm::Value *columns = g.i64(BlockPixels + Side);
  MedianBoxScratch s;
  s.ok = b.getTrue();
  for (llvm::Value *&rank : s.sorted) {
    rank = b.CreateCall(mallocFn, {b.CreateMul(columns, g.i64(8))});
    s.ok = b.CreateAnd(s.ok, b.CreateIsNotNull(rank));
  }
  s.nan = b.CreateCall(mallocFn, {columns});
  s.ok = b.CreateAnd(s.ok, b.CreateIsNotNull(s.nan));
  return s;
}

void MedianBoxRun::release(const MedianBoxScratch &s) {
  llvm::IRBuilder<> &b = g.b_;
  llvm::FunctionCallee freeFn = g.mod_->getOrInsertFunction(
      "free", llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy()}, false));
  for (llvm::Value *rank : s.sorted)
    b.CreateCall(freeFn, {rank});
  b.CreateCall(freeFn, {s.nan});
}

void MedianBoxRun::emit(const MedianBoxScratch &s, llvm::Value *xlo, llvm::Value *xhi,
                        llvm::Value *table, llvm::Value *rowIn, llvm::Value *rowOut) {
  llvm::Function *run = function();
  g.b_.CreateCall(run, {s.sorted[0], s.sorted[1], s.sorted[2], s.sorted[3], s.sorted[4], s.nan,
                        xlo, xhi, table, rowIn, rowOut});
}

/// The run is a function of its own, called once per row: inside the
/// kernel, its large straight-line pair loop kept the optimiser from
/// proving the arena empty in the kernel's other runs, whose per-pixel
/// free() loop then stayed and kept them from vectorising (the 3x3 median's
/// run among them). It is marked as a kernel for the same vector width.
llvm::Function *MedianBoxRun::function() {
  if (run_)
    return run_;
  llvm::IRBuilder<> &b = g.b_;
  llvm::Type *ptr = b.getPtrTy(), *i64Ty = b.getInt64Ty();
  auto *type = llvm::FunctionType::get(
      b.getVoidTy(), {ptr, ptr, ptr, ptr, ptr, ptr, i64Ty, i64Ty, ptr, ptr, ptr}, false);
  run_ = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage, "llcc.median_box",
                                g.mod_.get());
  run_->addFnAttr(llvm::Attribute::NoUnwind);
  run_->addFnAttr(llvm::Attribute::NoInline);
  run_->addFnAttr(PixelKernelAttr);
  for (unsigned i = 0; i < type->getNumParams(); ++i)
    if (type->getParamType(i) == ptr)
      run_->addParamAttr(i, llvm::Attribute::NoAlias);
  FunctionScope scope(g.cur_, b, run_);
  b.SetInsertPoint(llvm::BasicBlock::Create(g.ctx_, "entry", run_));
  MedianBoxScratch s;
  for (int k = 0; k < Side; ++k)
    s.sorted[k] = run_->getArg(k);
  s.nan = run_->getArg(5);
  s.ok = nullptr;
  llvm::Value *xlo = run_->getArg(6), *xhi = run_->getArg(7), *table = run_->getArg(8),
              *rowIn = run_->getArg(9), *rowOut = run_->getArg(10);
  // The row in blocks of BlockPixels pixels, so that the scratch of a block
  // stays in the first-level cache between the two loops.
  llvm::Value *total = b.CreateSub(xhi, xlo);
  llvm::Value *blocks = b.CreateSDiv(b.CreateAdd(total, g.i64(BlockPixels - 1)), g.i64(BlockPixels));
  g.forRange(g.i64(0), blocks, [&](llvm::Value *blockIndex) {
    llvm::Value *start = b.CreateMul(blockIndex, g.i64(BlockPixels));
    llvm::Value *left = b.CreateSub(total, start);
    llvm::Value *n = b.CreateSelect(b.CreateICmpSLT(left, g.i64(BlockPixels)), left, g.i64(BlockPixels));
    block(s, b.CreateAdd(xlo, start), n, table, rowIn, rowOut);
  });
  b.CreateRetVoid();
  return run_;
}

void MedianBoxRun::block(const MedianBoxScratch &s, llvm::Value *xlo, llvm::Value *n,
                         llvm::Value *table, llvm::Value *rowIn, llvm::Value *rowOut) {
  llvm::IRBuilder<> &b = g.b_;
  llvm::Type *dbl = b.getDoubleTy(), *i64Ty = b.getInt64Ty(), *i8 = b.getInt8Ty();
  auto exchange = [&](std::vector<llvm::Value *> &v, const Exchange &x) {
    llvm::Value *less = b.CreateFCmpOLT(v[x.hi], v[x.lo]);
    llvm::Value *lo = b.CreateSelect(less, v[x.hi], v[x.lo]);
    v[x.hi] = b.CreateSelect(less, v[x.lo], v[x.hi]);
    v[x.lo] = lo;
  };
  llvm::BasicBlock *done = g.newBlock("median.box.done");

  // 1. The columns of the windows of pixels xlo..xhi-1: column j holds
  //    element (k, j) of pixel xlo's rows, k = 0..4.
  std::vector<llvm::Value *> rows;
  for (int k = 0; k < Side; ++k)
    rows.push_back(b.CreateAdd(xlo, b.CreateLoad(i64Ty, b.CreateGEP(i64Ty, table, g.i64(Side * k)))));
  llvm::Value *columns = b.CreateAdd(n, g.i64(Side - 1));
  g.forRange(g.i64(0), columns, [&](llvm::Value *j) {
    std::vector<llvm::Value *> v;
    for (int k = 0; k < Side; ++k)
      v.push_back(loadInput(rowIn, b.CreateAdd(rows[k], j)));
    // Unordered pairs: one compare tests two values for NaN.
    llvm::Value *nan = b.CreateOr(b.CreateOr(b.CreateFCmpUNO(v[0], v[1]), b.CreateFCmpUNO(v[2], v[3])),
                                  b.CreateFCmpUNO(v[4], v[4]));
    for (const Exchange &x : ColumnSort)
      exchange(v, x);
    for (int k = 0; k < Side; ++k)
      b.CreateStore(v[k], b.CreateGEP(dbl, s.sorted[k], j));
    b.CreateStore(b.CreateZExt(nan, i8), b.CreateGEP(i8, s.nan, j));
  });
  // The column after the last, read by an odd last pixel's dropped half.
  for (int k = 0; k < Side; ++k)
    b.CreateStore(g.f64(0.0), b.CreateGEP(dbl, s.sorted[k], columns));
  b.CreateStore(b.getInt8(0), b.CreateGEP(i8, s.nan, columns));

  // 2. Pixels i and i+1 (columns i..i+5): the shared core, then each
  //    pixel's merge with its own column.
  llvm::Value *nanValue = g.f64(std::numeric_limits<double>::quiet_NaN());
  auto pair = [&](llvm::Value *i, bool both) {
    std::vector<std::vector<llvm::Value *>> col(Side + 1);
    llvm::Value *flag[Side + 1];
    for (int c = 0; c <= Side; ++c) {
      llvm::Value *j = b.CreateAdd(i, g.i64(c));
      for (int k = 0; k < Side; ++k)
        col[c].push_back(b.CreateLoad(dbl, b.CreateGEP(dbl, s.sorted[k], j)));
      flag[c] = b.CreateLoad(i8, b.CreateGEP(i8, s.nan, j));
    }
    std::vector<llvm::Value *> core;
    for (int c = 1; c < Side; ++c)
      core.insert(core.end(), col[c].begin(), col[c].end());
    for (const Exchange &x : Core)
      exchange(core, x);
    llvm::Value *shared = b.CreateOr(b.CreateOr(flag[1], flag[2]), b.CreateOr(flag[3], flag[4]));
    for (int half = 0; half < (both ? 2 : 1); ++half) {
      int own = half ? Side : 0;
      std::vector<llvm::Value *> m(core.begin() + CoreFirst, core.begin() + CoreFirst + CoreRanks);
      m.insert(m.end(), col[own].begin(), col[own].end());
      for (const Exchange &x : Merge)
        exchange(m, x);
      llvm::Value *anyNaN = b.CreateICmpNE(b.CreateOr(shared, flag[own]), b.getInt8(0));
      llvm::Value *median = b.CreateFAdd(g.f64(0.0), m[MergeOut]); // numpy's mean of one
      llvm::Value *x = b.CreateAdd(i, g.i64(half));
      b.CreateStore(b.CreateSelect(anyNaN, nanValue, median),
                    b.CreateGEP(dbl, rowOut, b.CreateAdd(xlo, x)));
    }
  };
  llvm::Value *pairs = b.CreateLShr(n, g.i64(1));
  g.setLoopHint(g.forRange(g.i64(0), pairs,
                           [&](llvm::Value *p) { pair(b.CreateShl(p, g.i64(1)), true); }),
                "llvm.loop.interleave.count", b.getInt32(1));
  llvm::BasicBlock *odd = g.newBlock("median.box.odd");
  b.CreateCondBr(b.CreateICmpNE(b.CreateAnd(n, g.i64(1)), g.i64(0)), odd, done);
  b.SetInsertPoint(odd);
  pair(b.CreateSub(n, g.i64(1)), false);
  b.CreateBr(done);
  b.SetInsertPoint(done);
}

} // namespace llcc
