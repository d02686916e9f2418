//===- IRGenMedianNetwork.cpp - np.median of a short array by network ===//
//
// np.median of an array whose length is one of a few neighbourhood sizes
// (NetworkSizes) becomes a selection network: Batcher's merge-exchange
// sorting network for that length, pruned to the comparators the middle
// one or two positions depend on, each comparator a branch-free min and
// max. The callback takes it when the length matches at run time (one
// well-predicted branch); a whole-image kernel, where the length is a
// constant once the body is inlined, keeps only that copy, and the
// vectoriser runs it across output pixels.
//
// The result must be bit-identical to the sorted copy's middle element (the
// stable sort of stdlib/sort.flt), and a network is not stable. Equal
// doubles that are not zero have the same bits, so only zeros can differ:
// when the network's middle value is a zero, the element of sorted rank r
// is the (r - L)-th zero in array order, L being the number of negative
// elements, and a scan over the array finds its sign. Any NaN makes the
// median NaN, as in the sort path (NaN sorts last).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <limits>
#include <set>
#include <utility>
#include <vector>

namespace llcc {

namespace {
/// Window sizes whose median gets a network: 1-D windows of 3 and 5, the
/// 3x3 and 5x5 squares. All at most 32, where the sort path's insertion
/// sort is stable (longer arrays are heapsorted, which orders equal zeros
/// its own way, so a 7x7 median keeps the sort).
constexpr int64_t NetworkSizes[] = {3, 5, 9, 25};

/// Batcher's merge-exchange network for n inputs (Knuth, TAOCP 5.2.2,
/// Algorithm M): comparators (i, j), i < j, that leave the minimum in i.
/// Then only those the outputs `wanted` depend on, in order.
std::vector<std::pair<int, int>> selectionNetwork(int n, const std::set<int> &wanted) {
  std::vector<std::pair<int, int>> all;
  int t = 0;
  while ((1 << t) < n)
    ++t;
  for (int p = 1 << (t - 1); p > 0; p >>= 1) {
    int q = 1 << (t - 1), r = 0, d = p;
    while (true) {
      for (int i = 0; i < n - d; ++i)
        if ((i & p) == r)
          all.emplace_back(i, i + d);
      if (q == p)
        break;
      d = q - p;
      q >>= 1;
      r = p;
    }
  }
  std::set<int> needed = wanted;
  std::vector<std::pair<int, int>> kept;
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (needed.count(it->first) || needed.count(it->second)) {
      needed.insert(it->first);
      needed.insert(it->second);
      kept.push_back(*it);
    }
  return {kept.rbegin(), kept.rend()};
}
} // namespace

bool IRGen::hasMedianNetwork(int64_t n) {
  for (int64_t size : NetworkSizes)
    if (size == n)
      return true;
  return false;
}

/// np.median(a) for len(a) == n, one of NetworkSizes, becomes a pruned
/// sorting network on the n elements, then the zero-sign fix-up and the
/// NaN check (see the top of the file).
llvm::Value *IRGen::medianByNetwork(const ArrayGen &g, int64_t n) {
  llvm::Type *i64Ty = b_.getInt64Ty();
  std::vector<llvm::Value *> x(n), v(n);
  llvm::Value *anyNaN = b_.getFalse();
  for (int64_t i = 0; i < n; ++i) {
    x[i] = convert(g.at(i64(i)), g.elem, Type::Float);
    anyNaN = b_.CreateOr(anyNaN, b_.CreateFCmpUNO(x[i], x[i]));
    v[i] = x[i];
  }
  int below = static_cast<int>((n - 1) / 2), half = static_cast<int>(n / 2);
  for (auto [i, j] : selectionNetwork(static_cast<int>(n), {below, half})) {
    llvm::Value *less = b_.CreateFCmpOLT(v[j], v[i]);
    llvm::Value *lo = b_.CreateSelect(less, v[j], v[i]);
    llvm::Value *hi = b_.CreateSelect(less, v[i], v[j]);
    v[i] = lo;
    v[j] = hi;
  }

  // Zeros: the (r - L)-th zero in array order, for r = below and half.
  llvm::Value *zero = f64(0.0);
  llvm::Value *someZero =
      b_.CreateOr(b_.CreateFCmpOEQ(v[below], zero), b_.CreateFCmpOEQ(v[half], zero));
  llvm::BasicBlock *from = b_.GetInsertBlock();
  llvm::BasicBlock *scan = newBlock("median.zeros");
  llvm::BasicBlock *done = newBlock("median.net");
  b_.CreateCondBr(someZero, scan, done);
  b_.SetInsertPoint(scan);
  llvm::Value *negatives = i64(0);
  for (int64_t i = 0; i < n; ++i)
    negatives = b_.CreateAdd(negatives, b_.CreateZExt(b_.CreateFCmpOLT(x[i], zero), i64Ty));
  llvm::Value *wantBelow = b_.CreateSub(i64(below), negatives);
  llvm::Value *wantHalf = b_.CreateSub(i64(half), negatives);
  llvm::Value *zeroBelow = v[below], *zeroHalf = v[half], *seen = i64(0);
  for (int64_t i = 0; i < n; ++i) {
    llvm::Value *isZero = b_.CreateFCmpOEQ(x[i], zero);
    zeroBelow = b_.CreateSelect(b_.CreateAnd(isZero, b_.CreateICmpEQ(seen, wantBelow)), x[i],
                                zeroBelow);
    zeroHalf =
        b_.CreateSelect(b_.CreateAnd(isZero, b_.CreateICmpEQ(seen, wantHalf)), x[i], zeroHalf);
    seen = b_.CreateAdd(seen, b_.CreateZExt(isZero, i64Ty));
  }
  llvm::BasicBlock *scanEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *lo = b_.CreatePHI(b_.getDoubleTy(), 2, "median.lo");
  lo->addIncoming(v[below], from);
  lo->addIncoming(zeroBelow, scanEnd);
  llvm::PHINode *hi = b_.CreatePHI(b_.getDoubleTy(), 2, "median.hi");
  hi->addIncoming(v[half], from);
  hi->addIncoming(zeroHalf, scanEnd);
  llvm::Value *mid =
      n % 2 ? static_cast<llvm::Value *>(hi) : b_.CreateFDiv(b_.CreateFAdd(lo, hi), f64(2.0));
  return b_.CreateSelect(anyNaN, f64(std::numeric_limits<double>::quiet_NaN()), mid);
}

} // namespace llcc
