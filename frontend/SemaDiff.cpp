//===- SemaDiff.cpp - np.diff along an axis of a 2-D array -------------------===//
//
// llcc's np.diff of a 1-D array is stdlib/numpy.flt's loop. numpy's diff of
// a 2-D array differences along an axis (the last by default), n times:
// each time `a = a[1:] - a[:-1]` along that axis (`!=` for booleans, as
// numpy's diff uses not_equal there). llcc writes that out with the 2-D
// slices and elementwise arithmetic it already compiles, keeping numpy's
// order of operations: the n-th difference at one offset is the (n-1)-th
// at the next offset minus the (n-1)-th at this one,
//
//   np.diff(w, axis=0)       llcc.view(w[1:] - w[:-1])
//   np.diff(w, n=2, axis=1)  llcc.view((w[:, 2:] - w[:, 1:-1]) - (w[:, 1:-1] - w[:, :-2]))
//
// so the values are numpy's bit for bit. Of a 1-D array, axis=0 and -1 are
// its only axis and are dropped. The shape must be known when compiling
// (a run-time reshape's block is not a value a call can hold). n must be a constant (the expression
// doubles with each order, so at most 6); prepend=/append= are not
// supported.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>

namespace llcc {
namespace sema {

namespace {
constexpr int64_t MaxDiffOrder = 6;

/// a[off:off - n] along `axis` (a[n:] at the last offset), a copy of `a`.
ExprPtr shifted(const Expr &a, bool columns, int64_t off, int64_t n) {
  SourceLoc at = a.loc();
  ExprPtr start = off ? intLiteral(at, off) : nullptr;
  ExprPtr stop = off < n ? intLiteral(at, off - n) : nullptr;
  return alongAxis(a, columns,
                   std::make_unique<SliceExpr>(at, std::move(start), std::move(stop), nullptr));
}

/// The d-th difference at offset `off` (of n in all), as numpy's loop computes it.
ExprPtr difference(const Expr &a, bool columns, bool boolean, int64_t d, int64_t off, int64_t n) {
  if (d == 0)
    return shifted(a, columns, off, n);
  SourceLoc at = a.loc();
  ExprPtr next = difference(a, columns, boolean, d - 1, off + 1, n);
  ExprPtr here = difference(a, columns, boolean, d - 1, off, n);
  if (!boolean)
    return std::make_unique<BinaryExpr>(at, BinaryOp::Sub, std::move(next), std::move(here));
  std::vector<ExprPtr> operands;
  operands.push_back(std::move(next));
  operands.push_back(std::move(here));
  return std::make_unique<CompareExpr>(at, std::move(operands),
                                       std::vector<CompareOp>{CompareOp::Ne});
}
} // namespace

int Sema::expandDiffAxis(CallExpr &e) {
  if (!callsNumpy(e, "diff") || e.args.empty() || e.args.size() > 3)
    return 0;
  // np.diff(a, n=1, axis=-1, prepend=..., append=...).
  Expr *orderArg = e.args.size() > 1 ? e.args[1].get() : nullptr;
  Expr *axisArg = e.args.size() > 2 ? e.args[2].get() : nullptr;
  for (const KeywordArg &k : e.keywords) {
    if (k.name == "n" && !orderArg)
      orderArg = k.value.get();
    else if (k.name == "axis" && !axisArg)
      axisArg = k.value.get();
    else
      return 0; // typed as written: the keyword's error says what is wrong
  }
  Expr &array = *e.args[0];
  Type t = typeOf(array);
  if (t == Type::Unknown)
    return -1; // a helper's parameter not typed yet: the call waits, unchanged
  if (!isNdarray(t))
    return 0;
  size_t ndim = isWindow(array) ? array.shape->dims.size() : 1;
  if (ndim == 1 && !axisArg)
    return 0; // the library's loop
  int64_t axis = -1;
  if (axisArg && !intConstant(axisArg, axis)) {
    error(axisArg->loc(), "np.diff's axis= must be a constant int in llcc");
    return -1;
  }
  auto rank = static_cast<int64_t>(ndim);
  if (axis < -rank || axis >= rank) {
    error(axisArg->loc(), "axis " + std::to_string(axis) +
                              " is out of bounds for an array of "
                              "dimension " +
                              std::to_string(ndim) + " (numpy's AxisError)");
    return -1;
  }
  if (ndim == 1) {
    // The only axis: np.diff(a, n) of the library.
    if (e.args.size() > 2)
      e.args.pop_back();
    e.keywords.erase(std::remove_if(e.keywords.begin(), e.keywords.end(),
                                    [](const KeywordArg &k) { return k.name == "axis"; }),
                     e.keywords.end());
    return 0;
  }
  if (ndim > 2) {
    error(e.loc(), "np.diff of a 3-D array is not supported in llcc; apply it to 2-D slices "
                   "(np.diff(w[k], axis=1))");
    return -1;
  }
  for (int64_t d : array.shape->dims)
    if (d == RuntimeDim) {
      error(e.loc(), "np.diff of a 2-D array whose shape is known only at run time "
                     "(reshape(n, n)) is not supported in llcc; write the difference with "
                     "slices: w[1:] - w[:-1] (axis=0), w[:, 1:] - w[:, :-1] (axis=1)");
      return -1;
    }
  int64_t n = 1;
  if (orderArg && !intConstant(orderArg, n)) {
    error(orderArg->loc(), "np.diff's n of a 2-D array must be a constant int in llcc");
    return -1;
  }
  if (n < 0) {
    error(orderArg->loc(),
          "order must be non-negative but got " + std::to_string(n) + " (numpy raises ValueError)");
    return -1;
  }
  if (n > MaxDiffOrder) {
    error(orderArg->loc(), "np.diff of a 2-D array of order " + std::to_string(n) +
                               " is not supported in llcc (at most " +
                               std::to_string(MaxDiffOrder) + "); apply it in steps");
    return -1;
  }
  if (!copyPure(&array)) {
    error(array.loc(), "np.diff(..., axis=) of this expression is not supported in llcc; "
                       "assign the array to a name first (d = ...; np.diff(d, axis=0))");
    return -1;
  }
  bool columns = axis == 1 || axis == -1;
  becomeView(e, difference(array, columns, t == Type::BoolArray, n, 0, n));
  return 1;
}

} // namespace sema
} // namespace llcc
