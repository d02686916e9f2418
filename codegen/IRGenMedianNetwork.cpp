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
// A network is not stable, but equal doubles that are not zero have the
// same bits, so only the sign of a zero middle value could differ from the
// sorted copy's, and numpy's median (np.mean of the middle values, a sum
// from 0.0) makes every zero median +0.0 anyway (numpyMedianMean). Any NaN
// makes the median NaN, as in the sort path (NaN sorts last). np.nanmedian
// of those lengths sorts the NaNs last as +inf and picks its middle values
// at run-time positions (nanMedianByNetwork).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>
#include <vector>

namespace llcc {

namespace {
/// Window sizes whose median gets a network: 1-D windows of 3 and 5, the
/// 3x3 and 5x5 squares (a 7x7 median keeps the sort: its network would
/// cost more to compile than it saves).
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

/// Sorts v's positions `wanted` (and what they depend on) with the pruned
/// network: each comparator a branch-free min and max, the smaller first.
void sortPositions(llvm::IRBuilder<> &b, std::vector<llvm::Value *> &v,
                   const std::set<int> &wanted) {
  for (auto [i, j] : selectionNetwork(static_cast<int>(v.size()), wanted)) {
    llvm::Value *less = b.CreateFCmpOLT(v[j], v[i]);
    llvm::Value *small = b.CreateSelect(less, v[j], v[i]);
    v[j] = b.CreateSelect(less, v[i], v[j]);
    v[i] = small;
  }
}

/// Positions 0..highest.
std::set<int> upTo(int highest) {
  std::set<int> positions;
  for (int r = 0; r <= highest; ++r)
    positions.insert(r);
  return positions;
}

/// v[position] for a run-time position in 0..highest, by selects (no
/// memory, so it vectorises across pixels).
llvm::Value *pickAt(llvm::IRBuilder<> &b, const std::vector<llvm::Value *> &v,
                    llvm::Value *position, int highest) {
  llvm::Value *value = v[0];
  for (int i = 1; i <= highest; ++i)
    value = b.CreateSelect(b.CreateICmpEQ(position, b.getInt64(i)), v[i], value);
  return value;
}
} // namespace

bool IRGen::hasMedianNetwork(int64_t n) {
  for (int64_t size : NetworkSizes)
    if (size == n)
      return true;
  return false;
}

/// np.median(a) for len(a) == n, one of NetworkSizes, becomes a pruned
/// sorting network on the n elements, numpy's mean of the middle values
/// and the NaN check (see the top of the file).
llvm::Value *IRGen::medianByNetwork(const ArrayGen &g, int64_t n) {
  std::vector<llvm::Value *> x(n), v(n);
  llvm::Value *anyNaN = b_.getFalse();
  for (int64_t i = 0; i < n; ++i) {
    x[i] = convert(g.at(i64(i)), g.elem, Type::Float);
    anyNaN = b_.CreateOr(anyNaN, b_.CreateFCmpUNO(x[i], x[i]));
    v[i] = x[i];
  }
  int below = static_cast<int>((n - 1) / 2), half = static_cast<int>(n / 2);
  sortPositions(b_, v, {below, half});

  // numpy's mean of the middle values makes a zero median +0.0 whatever
  // the zeros' signs (numpyMedianMean), so which of equal zeros the network
  // leaves in the middle does not matter.
  llvm::Value *mid = numpyMedianMean(v[below], v[half], b_.getInt1(n % 2 == 1));
  return b_.CreateSelect(anyNaN, f64(std::numeric_limits<double>::quiet_NaN()), mid);
}

/// np.nanmedian(a) for len(a) == n, one of NetworkSizes. numpy drops the
/// NaNs and takes np.median of the k values left. Here each NaN becomes
/// +inf, which sorts after every number, so the first k positions of the
/// sorted network hold those k values in order (a real +inf among them is
/// the same value). Their middle one or two, at the run-time positions
/// (k-1)/2 and k/2 (at most n/2, so the network is pruned to the lower
/// half), are picked by selects, and numpy's mean of them is taken as in
/// medianByNetwork: a zero median is +0.0 whichever zeros were picked.
/// Nothing left (k = 0): NaN, numpy's arr1d[-1]. No branch and no call, so
/// a whole-image kernel vectorises it across pixels.
llvm::Value *IRGen::nanMedianByNetwork(const ArrayGen &g, int64_t n) {
  NaNLastWindow w = nanLastWindow(g, n);
  int highest = static_cast<int>(n / 2);
  sortPositions(b_, w.values, upTo(highest));
  llvm::Value *half = b_.CreateLShr(w.count, 1);
  llvm::Value *odd = b_.CreateICmpEQ(b_.CreateAnd(w.count, i64(1)), i64(1));
  llvm::Value *below = b_.CreateSelect(odd, half, b_.CreateSub(half, i64(1)));
  llvm::Value *mid = numpyMedianMean(pickAt(b_, w.values, below, highest),
                                     pickAt(b_, w.values, half, highest), odd);
  return b_.CreateSelect(b_.CreateICmpEQ(w.count, i64(0)),
                         f64(std::numeric_limits<double>::quiet_NaN()), mid);
}

/// A window's values with each NaN as +inf (which sorts after every
/// number), how many are numbers, and whether one is a -0.0.
IRGen::NaNLastWindow IRGen::nanLastWindow(const ArrayGen &g, int64_t n) {
  NaNLastWindow w{std::vector<llvm::Value *>(n), i64(0), b_.getFalse()};
  llvm::Value *inf = f64(std::numeric_limits<double>::infinity());
  llvm::Value *negativeZeroBits = b_.getInt64(0x8000000000000000ull);
  for (int64_t i = 0; i < n; ++i) {
    llvm::Value *x = convert(g.at(i64(i)), g.elem, Type::Float);
    llvm::Value *number = b_.CreateFCmpORD(x, x);
    w.count = b_.CreateAdd(w.count, b_.CreateZExt(number, b_.getInt64Ty()));
    w.anyNegativeZero = b_.CreateOr(
        w.anyNegativeZero,
        b_.CreateICmpEQ(b_.CreateBitCast(x, b_.getInt64Ty()), negativeZeroBits));
    w.values[i] = b_.CreateSelect(number, x, inf);
  }
  return w;
}

/// A percentile or quantile at a constant q of an array of one of the
/// network lengths: numpy's 'linear' method (the indices and _lerp as
/// genOrderStatistic's interpolate computes them, IRGenReduce.cpp) on the
/// two order statistics it needs, selected by a pruned network. Equal
/// values that are not zeros have the same bits, so the result is the
/// sorted path's unless one of the two is a zero: which zero numpy's
/// partition leaves there shows in the result's sign in some cases (a
/// zero beside a negative subnormal whose difference underflows, two
/// zeros past the midpoint), so those branch to `exact`, the path that
/// replays numpy's selection. Only when the window holds a -0.0: without
/// one, every zero is +0.0 and any choice among them is numpy's, which
/// keeps an image with many zeros (a background, a mask) on the network.
/// Any NaN makes the result NaN, as there.
llvm::Value *IRGen::quantileByNetwork(const ArrayGen &g, int64_t n, double q,
                                      llvm::BasicBlock *exact) {
  double last = static_cast<double>(n - 1), vi = last * q;
  bool above = vi >= last;
  int64_t prev = above ? -1 : static_cast<int64_t>(std::floor(vi));
  int64_t next = above ? -1 : prev + 1;
  double gamma = vi - static_cast<double>(prev);
  int lo = static_cast<int>(prev < 0 ? prev + n : prev);
  int hi = static_cast<int>(next < 0 ? next + n : next);
  // Not nanLastWindow: without its NaN-to-inf selects and count, the
  // 75th percentile 5x5 kernel took 6.7 ms instead of 8.7 (1024²).
  std::vector<llvm::Value *> v(n);
  llvm::Value *anyNaN = b_.getFalse(), *anyNegativeZero = b_.getFalse();
  llvm::Value *negativeZeroBits = b_.getInt64(0x8000000000000000ull);
  for (int64_t i = 0; i < n; ++i) {
    v[i] = convert(g.at(i64(i)), g.elem, Type::Float);
    anyNaN = b_.CreateOr(anyNaN, b_.CreateFCmpUNO(v[i], v[i]));
    anyNegativeZero = b_.CreateOr(
        anyNegativeZero,
        b_.CreateICmpEQ(b_.CreateBitCast(v[i], b_.getInt64Ty()), negativeZeroBits));
  }
  sortPositions(b_, v, {lo, hi});
  llvm::Value *a = v[lo], *c = v[hi];
  llvm::Value *zero = b_.CreateOr(b_.CreateFCmpOEQ(a, f64(0.0)), b_.CreateFCmpOEQ(c, f64(0.0)));
  llvm::BasicBlock *network = newBlock("quantile.network.value");
  // An exact fallback: a kernel's fast body only flags it (abi/FastBody.cpp).
  b_.CreateCondBr(b_.CreateAnd(b_.CreateAnd(zero, anyNegativeZero), b_.CreateNot(anyNaN)), exact,
                  network)
      ->setMetadata(ExactFallbackKind, llvm::MDNode::get(ctx_, {}));
  b_.SetInsertPoint(network);
  llvm::Value *diff = b_.CreateFSub(c, a);
  llvm::Value *r = gamma >= 0.5 ? b_.CreateFSub(c, b_.CreateFMul(diff, f64(1.0 - gamma)))
                                : b_.CreateFAdd(a, b_.CreateFMul(diff, f64(gamma)));
  return b_.CreateSelect(anyNaN, f64(std::numeric_limits<double>::quiet_NaN()), r);
}

/// np.nanpercentile/np.nanquantile of n values (a network size) at a
/// constant fraction: numpy drops the NaNs and takes the 'linear' quantile
/// of the k numbers left. As in nanMedianByNetwork, each NaN sorts last as
/// +inf, the network is pruned to the positions any k can need, and
/// numpyLerp picks its two neighbours at run-time positions. As in
/// quantileByNetwork, a zero among them in a window that holds a -0.0
/// branches to `exact`, numpy's selection; no number left gives NaN.
llvm::Value *IRGen::nanQuantileByNetwork(const ArrayGen &g, int64_t n, llvm::Value *q,
                                         double qValue, llvm::BasicBlock *exact) {
  NaNLastWindow w = nanLastWindow(g, n);
  // The highest position k numbers can need: floor((k-1)q) + 1 grows with
  // k, and q = 1 (any k) needs the last, k-1.
  int highest = qValue >= 1.0
                    ? static_cast<int>(n - 1)
                    : static_cast<int>(std::min<double>(
                          static_cast<double>(n - 1),
                          std::floor(static_cast<double>(n - 1) * qValue) + 1.0));
  sortPositions(b_, w.values, upTo(highest));
  auto at = [&](llvm::Value *position) { return pickAt(b_, w.values, position, highest); };
  llvm::Value *neighbours[2];
  llvm::Value *r = numpyLerp(w.count, q, at, false, neighbours);
  llvm::Value *zero = b_.CreateOr(b_.CreateFCmpOEQ(neighbours[0], f64(0.0)),
                                  b_.CreateFCmpOEQ(neighbours[1], f64(0.0)));
  llvm::Value *some = b_.CreateICmpSGT(w.count, i64(0));
  llvm::BasicBlock *network = newBlock("nanquantile.network.value");
  // An exact fallback: a kernel's fast body only flags it (abi/FastBody.cpp).
  b_.CreateCondBr(b_.CreateAnd(b_.CreateAnd(zero, w.anyNegativeZero), some), exact, network)
      ->setMetadata(ExactFallbackKind, llvm::MDNode::get(ctx_, {}));
  b_.SetInsertPoint(network);
  return b_.CreateSelect(some, r, f64(std::numeric_limits<double>::quiet_NaN()));
}

} // namespace llcc
