//===- SemaConstStore.cpp - Stores into array constants, and their reductions -===//
//
// numpy users finish a constant with statements after its definition, and
// compute others from it with builtins and methods:
//
//   MASK = np.ones((3, 3), dtype=bool); MASK[1, 1] = False
//   K[0, :] = 0;  W[W < 0.1] = 0.0;  K[1:, 1] *= 2
//   NORM = sum(KERNEL);  TZ = (T - T.mean()) / T.std();  N = len(K)
//   T = np.outer([1, 2, 1], [1, 2, 1]).astype(float).ravel()
//
// The parser turns a store `K[index] = v` (and `K[index] op= v`) into the
// rebinding `K = llcc.setitem(K[index], v)`; the constant folder computes
// it here as numpy's __setitem__ does: the selected elements (ints and
// slices per dimension, or a bool mask of K's shape), `v` broadcast to
// them and cast to K's dtype. The reductions are numpy's own formulas
// (np.var: the pairwise sum's mean, the squares of the deviations, their
// pairwise sum over the count), and Python's sum, min and max of a list
// are its left-to-right operations.
//
//===----------------------------------------------------------------------===//
#include "ConstFold.h"
#include "SemaImpl.h"

#include <cmath>

namespace llcc {
namespace sema {

namespace {

/// Python's slice.indices(n): the positions a slice selects.
std::optional<std::vector<int64_t>> slicePositions(const SliceExpr &s, int64_t n,
                                                   const FoldFn &fold) {
  auto part = [&](const ExprPtr &x, std::optional<int64_t> &out) {
    if (!x || isa<NoneLiteralExpr>(x.get()))
      return true;
    auto v = fold(*x);
    if (!v || !v->dims.empty() || v->isFloat)
      return false;
    out = v->i[0];
    return true;
  };
  std::optional<int64_t> start, stop, step;
  if (!part(s.start, start) || !part(s.stop, stop) || !part(s.step, step))
    return std::nullopt;
  int64_t st = step.value_or(1);
  if (st == 0)
    return std::nullopt; // ValueError: slice step cannot be zero
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v)
      return dflt;
    int64_t x = *v < 0 ? *v + n : *v;
    if (st > 0)
      return std::min(std::max(x, int64_t{0}), n);
    return std::min(std::max(x, int64_t{-1}), n - 1);
  };
  int64_t a = clamp(start, st > 0 ? 0 : n - 1), b = clamp(stop, st > 0 ? n : -1);
  std::vector<int64_t> out;
  for (int64_t k = a; st > 0 ? k < b : k > b; k += st)
    out.push_back(k);
  return out;
}

/// The flat positions `index` selects in `target` (C order) and the shape
/// of the selection; false when not computed here.
bool selection(const Folded &target, const Expr &index, const FoldFn &fold,
               std::vector<size_t> &positions, std::vector<int64_t> &shape) {
  size_t nd = target.dims.size();
  if (nd == 0 || nd > 2)
    return false;
  // A bool mask of the target's shape: its true elements, in C order.
  if (!isa<TupleExpr>(&index) && !isa<SliceExpr>(&index)) {
    auto m = fold(index);
    if (m && !m->dims.empty()) {
      if (!m->isBool || m->dims != target.dims)
        return false;
      for (size_t k = 0; k < m->i.size(); ++k)
        if (m->i[k])
          positions.push_back(k);
      shape = {static_cast<int64_t>(positions.size())};
      return true;
    }
  }
  std::vector<const Expr *> parts;
  if (auto *t = dyn_cast<TupleExpr>(&index))
    for (const ExprPtr &x : t->elements)
      parts.push_back(x.get());
  else
    parts.push_back(&index);
  if (parts.size() > nd)
    return false; // IndexError: too many indices
  std::vector<std::vector<int64_t>> axes;
  for (size_t d = 0; d < nd; ++d) {
    int64_t n = target.dims[d];
    if (d >= parts.size()) { // the dimensions not indexed: all of them
      std::vector<int64_t> all;
      for (int64_t k = 0; k < n; ++k)
        all.push_back(k);
      shape.push_back(n);
      axes.push_back(all);
      continue;
    }
    if (auto *s = dyn_cast<SliceExpr>(parts[d])) {
      auto p = slicePositions(*s, n, fold);
      if (!p)
        return false;
      shape.push_back(static_cast<int64_t>(p->size()));
      axes.push_back(*p);
      continue;
    }
    auto v = fold(*parts[d]);
    if (!v || !v->dims.empty() || v->isFloat || v->isBool)
      return false;
    int64_t k = v->i[0] < 0 ? v->i[0] + n : v->i[0];
    if (k < 0 || k >= n)
      return false; // IndexError
    axes.push_back({k});
  }
  int64_t cols = nd == 2 ? target.dims[1] : 1;
  for (int64_t r : axes[0]) {
    if (nd == 1) {
      positions.push_back(static_cast<size_t>(r));
      continue;
    }
    for (int64_t q : axes[1])
      positions.push_back(static_cast<size_t>(r * cols + q));
  }
  return true;
}

/// `v` as an element of an array of `like`'s dtype, as numpy's unsafe
/// cast of an assignment (a float to an int truncates); nothing for a
/// float that has no int value.
bool castInto(const Folded &like, const Folded &v, size_t k, Folded &out, size_t at) {
  if (like.isFloat) {
    out.f[at] = v.at(k);
    return true;
  }
  if (like.isBool) {
    out.i[at] = v.isFloat ? (v.f[k] != 0.0) : (v.i[k] != 0);
    return true;
  }
  if (!v.isFloat) {
    out.i[at] = v.i[k];
    return true;
  }
  double x = v.f[k];
  if (!std::isfinite(x) || x >= 9223372036854775808.0 || x < -9223372036854775808.0)
    return false;
  out.i[at] = static_cast<int64_t>(x);
  return true;
}

} // namespace

std::optional<Folded> foldGetItem(const Folded &target, const Expr &index, const FoldFn &fold) {
  std::vector<size_t> positions;
  std::vector<int64_t> shape;
  if (!selection(target, index, fold, positions, shape))
    return std::nullopt;
  Folded r;
  r.dims = shape;
  r.isFloat = target.isFloat;
  r.isBool = target.isBool;
  r.numpy = shape.empty(); // K[1, 1]: a numpy scalar
  for (size_t p : positions) {
    if (target.isFloat)
      r.f.push_back(target.f[p]);
    else
      r.i.push_back(target.i[p]);
  }
  return r;
}

std::optional<Folded> foldSetItem(const Folded &target, const Expr &index, const Folded &value,
                                  const FoldFn &fold) {
  std::vector<size_t> positions;
  std::vector<int64_t> shape;
  if (!selection(target, index, fold, positions, shape))
    return std::nullopt;
  Folded r = target;
  if (value.dims.empty() || value.size() == 1) {
    for (size_t p : positions)
      if (!castInto(target, value, 0, r, p))
        return std::nullopt;
    return r;
  }
  // `v` broadcast to the selection's shape: the element of `v` for each
  // selected one, its extents 1 repeated.
  std::vector<int64_t> out;
  if (value.dims.size() > shape.size() || !broadcastShapes(value.dims, shape, out) || out != shape)
    return std::nullopt;
  size_t lead = shape.size() - value.dims.size();
  for (size_t k = 0; k < positions.size(); ++k) {
    size_t rest = k, src = 0, stride = 1;
    for (size_t d = shape.size(); d-- > 0;) {
      auto extent = static_cast<size_t>(shape[d]);
      size_t coord = rest % extent;
      rest /= extent;
      if (d >= lead) {
        auto vd = static_cast<size_t>(value.dims[d - lead]);
        src += (vd == 1 ? 0 : coord) * stride;
        stride *= vd;
      }
    }
    if (!castInto(target, value, src, r, positions[k]))
      return std::nullopt;
  }
  return r;
}

std::optional<Folded> foldAstype(const Folded &v, char dtype) {
  if (v.dims.empty())
    return std::nullopt;
  Folded r = v;
  if (dtype == 'f') {
    r.toFloat();
    return r;
  }
  r.isFloat = false;
  r.isBool = dtype == 'b';
  r.f.clear();
  r.i.assign(v.size(), 0);
  for (size_t k = 0; k < v.size(); ++k)
    if (!castInto(r, v, k, r, k))
      return std::nullopt;
  return r;
}

std::optional<Folded> foldVariance(const Folded &v, bool std, int64_t ddof) {
  if (v.dims.empty() || v.size() == 0 || v.size() > 8192)
    return std::nullopt;
  Folded x = v.inMemoryOrder();
  x.toFloat(); // numpy sums an int array's deviations in float64
  auto n = static_cast<int64_t>(x.size());
  if (n - ddof <= 0)
    return std::nullopt; // numpy warns and divides by zero
  double mean = (0.0 + pairwiseSum(x.f.data(), x.f.size())) / static_cast<double>(n);
  for (double &e : x.f) {
    e = e - mean;
    e = e * e;
  }
  double var = (0.0 + pairwiseSum(x.f.data(), x.f.size())) / static_cast<double>(n - ddof);
  return Folded::number(std ? std::sqrt(var) : var, true);
}

std::optional<Folded> foldPythonSum(const std::vector<Folded> &items, std::string &error) {
  Folded acc = Folded::integer(0); // sum()'s start
  for (const Folded &x : items) {
    if (x.isBool)
      return std::nullopt;
    auto r = foldArith(BinaryOp::Add, acc, x, error);
    if (!r)
      return std::nullopt;
    acc = *r;
  }
  return acc;
}

std::optional<Folded> foldPythonMinMax(const std::vector<Folded> &items, bool max) {
  if (items.empty())
    return std::nullopt; // ValueError: max() arg is an empty sequence
  // Python keeps the first item unless a later one compares greater
  // (less): a NaN first stays, a NaN later is never taken.
  auto less = [](const Folded &a, const Folded &b) {
    if (!a.isFloat && !b.isFloat)
      return a.i[0] < b.i[0];
    long double x = a.isFloat ? a.f[0] : static_cast<long double>(a.i[0]);
    long double y = b.isFloat ? b.f[0] : static_cast<long double>(b.i[0]);
    return x < y;
  };
  const Folded *best = &items[0];
  for (const Folded &x : items) {
    if (!x.dims.empty() || x.isBool)
      return std::nullopt;
    if (max ? less(*best, x) : less(x, *best))
      best = &x;
  }
  return *best;
}

std::optional<Folded> foldSequenceArray(const std::vector<Folded> &items) {
  Folded r;
  bool anyFloat = false, allBool = !items.empty();
  for (const Folded &x : items) {
    if (!x.dims.empty())
      return std::nullopt;
    anyFloat |= x.isFloat;
    allBool &= x.isBool;
  }
  r.dims = {static_cast<int64_t>(items.size())};
  r.isFloat = anyFloat;
  r.isBool = allBool;
  for (const Folded &x : items) {
    if (anyFloat)
      r.f.push_back(x.at(0));
    else
      r.i.push_back(x.i[0]);
  }
  return r;
}

} // namespace sema
} // namespace llcc
