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
// makes the median NaN, as in the sort path (NaN sorts last).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

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
  for (auto [i, j] : selectionNetwork(static_cast<int>(n), {below, half})) {
    llvm::Value *less = b_.CreateFCmpOLT(v[j], v[i]);
    llvm::Value *lo = b_.CreateSelect(less, v[j], v[i]);
    llvm::Value *hi = b_.CreateSelect(less, v[i], v[j]);
    v[i] = lo;
    v[j] = hi;
  }

  // numpy's mean of the middle values makes a zero median +0.0 whatever
  // the zeros' signs (numpyMedianMean), so which of equal zeros the network
  // leaves in the middle does not matter.
  llvm::Value *mid = numpyMedianMean(v[below], v[half], b_.getInt1(n % 2 == 1));
  return b_.CreateSelect(anyNaN, f64(std::numeric_limits<double>::quiet_NaN()), mid);
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
/// replays numpy's selection. Any NaN makes the result NaN, as there.
llvm::Value *IRGen::quantileByNetwork(const ArrayGen &g, int64_t n, double q,
                                      llvm::BasicBlock *exact) {
  double last = static_cast<double>(n - 1), vi = last * q;
  bool above = vi >= last;
  int64_t prev = above ? -1 : static_cast<int64_t>(std::floor(vi));
  int64_t next = above ? -1 : prev + 1;
  double gamma = vi - static_cast<double>(prev);
  int lo = static_cast<int>(prev < 0 ? prev + n : prev);
  int hi = static_cast<int>(next < 0 ? next + n : next);
  std::vector<llvm::Value *> v(n);
  llvm::Value *anyNaN = b_.getFalse();
  for (int64_t i = 0; i < n; ++i) {
    v[i] = convert(g.at(i64(i)), g.elem, Type::Float);
    anyNaN = b_.CreateOr(anyNaN, b_.CreateFCmpUNO(v[i], v[i]));
  }
  for (auto [i, j] : selectionNetwork(static_cast<int>(n), {lo, hi})) {
    llvm::Value *less = b_.CreateFCmpOLT(v[j], v[i]);
    llvm::Value *small = b_.CreateSelect(less, v[j], v[i]);
    v[j] = b_.CreateSelect(less, v[i], v[j]);
    v[i] = small;
  }
  llvm::Value *a = v[lo], *c = v[hi];
  llvm::Value *zero = b_.CreateOr(b_.CreateFCmpOEQ(a, f64(0.0)), b_.CreateFCmpOEQ(c, f64(0.0)));
  llvm::BasicBlock *network = newBlock("quantile.network.value");
  b_.CreateCondBr(b_.CreateAnd(zero, b_.CreateNot(anyNaN)), exact, network);
  b_.SetInsertPoint(network);
  llvm::Value *diff = b_.CreateFSub(c, a);
  llvm::Value *r = gamma >= 0.5 ? b_.CreateFSub(c, b_.CreateFMul(diff, f64(1.0 - gamma)))
                                : b_.CreateFAdd(a, b_.CreateFMul(diff, f64(gamma)));
  return b_.CreateSelect(anyNaN, f64(std::numeric_limits<double>::quiet_NaN()), r);
}

} // namespace llcc
