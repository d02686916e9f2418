//===- SemaConcatenate.cpp - np.concatenate of 2-D arrays --------------------===//
//
// llcc's np.concatenate joins 1-D arrays (stdlib/numpy.flt). numpy joins
// 2-D arrays along an axis too, and the result is again 2-D; llcc writes
// that out with the stacking it already compiles, so that the result is a
// window (frontend/Window.h) of numpy's shape and values:
//
//   np.concatenate((a, b))           np.stack([a[0], a[1], ..., b[0], ...])
//   np.concatenate((a, b), axis=1)   np.column_stack([a[:, 0], ..., b[:, 0], ...])
//   np.concatenate((a, b), axis=None) np.concatenate((a.ravel(), b.ravel()))
//   np.concatenate(([0.0], a))       np.concatenate((np.array([0.0]), a))
//
// Along axis 0 every array's number of rows must be known at compile time
// (np.stack's rows are listed one by one); each array is read once per
// row or column, so it must be an expression that reads the same array
// again (copyPure). What numpy rejects (arrays of different ranks, or
// whose other dimension differs) and what llcc cannot list is a
// diagnostic saying what to write.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>

namespace llcc {
namespace sema {

int Sema::expandConcatenate2D(CallExpr &e) {
  if (!callsNumpy(e, "concatenate") || e.args.size() != 1)
    return 0;
  std::vector<ExprPtr> *items = displayItems(*e.args[0]);
  if (!items || items->empty())
    return 0; // typed as written: its errors say what is wrong
  if (auto *l = dyn_cast<ListExpr>(e.args[0].get())) {
    // np.concatenate([a, b]) is np.concatenate((a, b)); a list display of
    // arrays would be typed as a list of arrays.
    e.args[0] = std::make_unique<TupleExpr>(l->loc(), std::move(l->elements));
    items = &cast<TupleExpr>(*e.args[0]).elements;
  }
  // axis=: a constant int or None.
  bool axisGiven = false, axisNone = false;
  int64_t axis = 0;
  for (const KeywordArg &k : e.keywords) {
    if (k.name != "axis")
      return 0;
    axisGiven = true;
    if (isa<NoneLiteralExpr>(k.value.get()))
      axisNone = true;
    else if (!intConstant(k.value.get(), axis)) {
      error(k.value->loc(), "np.concatenate's axis= must be a constant int or None in llcc");
      return -1;
    }
  }
  size_t rank = 0;
  bool unknown = false;
  for (size_t i = 0; i < items->size(); ++i) {
    Type t = typeOf(*(*items)[i]);
    if (isList(t)) {
      // numpy makes an array of a list first: np.concatenate(([0.0], iline),
      // np.concatenate((pad, a, pad)) with pad = [0.0] * k.
      SourceLoc at = (*items)[i]->loc();
      std::vector<ExprPtr> args;
      args.push_back(std::move((*items)[i]));
      (*items)[i] =
          std::make_unique<CallExpr>(at,
                                     std::make_unique<AttributeExpr>(
                                         at, std::make_unique<NameExpr>(at, numpyAlias()), "array"),
                                     std::move(args), std::vector<KeywordArg>{});
      t = typeOf(*(*items)[i]);
    }
    Expr &a = *(*items)[i];
    if (t == Type::Unknown) {
      unknown = true;
      continue;
    }
    if (!isNdarray(t))
      return 0; // typed as written: the library call's error says what is wrong
    size_t r = isWindow(a) ? a.shape->dims.size() : 1;
    if (rank && r != rank && !axisNone) {
      error(a.loc(), "np.concatenate: all the input arrays must have same number of dimensions, "
                     "but the array at index 0 has " + std::to_string(rank) +
                         " dimension(s) and the array at index " + std::to_string(i) + " has " +
                         std::to_string(r) + " dimension(s) (numpy raises ValueError)");
      return -1;
    }
    rank = std::max(rank, r);
  }
  if (unknown)
    return -1; // a helper's parameter not typed yet: the call waits, unchanged
  SourceLoc loc = e.loc();
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  std::string alias = attr ? cast<NameExpr>(*attr->value).name : numpyAlias();
  if (axisNone) {
    // The arrays raveled, joined as 1-D arrays.
    for (ExprPtr &a : *items) {
      if (!isWindow(*a))
        continue;
      SourceLoc at = a->loc();
      auto ravel = std::make_unique<AttributeExpr>(at, std::move(a), "ravel");
      a = std::make_unique<CallExpr>(at, std::move(ravel), std::vector<ExprPtr>{},
                                     std::vector<KeywordArg>{});
    }
    e.keywords.clear();
    return 1;
  }
  if (rank == 1) {
    if (axisGiven && !axisNone && axis != 0 && axis != -1) {
      error(e.loc(), "axis " + std::to_string(axis) + " is out of bounds for an array of "
                     "dimension 1 (numpy's AxisError)");
      return -1;
    }
    e.keywords.clear(); // 1-D: every axis llcc accepts joins them end to end
    return 0;
  }
  if (rank > 2) {
    error(e.loc(), "np.concatenate of 3-D arrays is not supported in llcc; join 2-D slices or "
                   "reshape the buffer");
    return -1;
  }
  if (axis < -2 || axis > 1) {
    error(e.loc(), "axis " + std::to_string(axis) + " is out of bounds for an array of "
                   "dimension 2 (numpy's AxisError)");
    return -1;
  }
  bool rows = axis == 0 || axis == -2;
  size_t other = rows ? 1 : 0; // the dimension that must match
  int64_t extent = RuntimeDim;
  std::vector<ExprPtr> pieces;
  for (size_t i = 0; i < items->size(); ++i) {
    Expr &a = *(*items)[i];
    const std::vector<int64_t> &dims = a.shape->dims;
    if (dims[other] != RuntimeDim && extent != RuntimeDim && dims[other] != extent) {
      error(a.loc(), "np.concatenate: all the input array dimensions except for the "
                     "concatenation axis must match exactly, but along dimension " +
                         std::to_string(other) + ", the array at index 0 has size " +
                         std::to_string(extent) + " and the array at index " +
                         std::to_string(i) + " has size " + std::to_string(dims[other]) +
                         " (numpy raises ValueError)");
      return -1;
    }
    if (dims[other] != RuntimeDim)
      extent = dims[other];
    int64_t count = dims[rows ? 0 : 1];
    if (count == RuntimeDim) {
      error(a.loc(), "np.concatenate along axis 0 of a 2-D array whose number of rows is known "
                     "only at run time (reshape(-1, ...)) is not supported; give every "
                     "dimension to reshape, or join columns with axis=1");
      return -1;
    }
    if (!copyPure(&a)) {
      error(a.loc(), "np.concatenate of 2-D arrays reads each array once per " +
                         std::string(rows ? "row" : "column") +
                         ", and this expression is not supported there in llcc; assign it to a "
                         "name first");
      return -1;
    }
    for (int64_t k = 0; k < count; ++k) {
      SourceLoc at = a.loc();
      ExprPtr index = std::make_unique<IntLiteralExpr>(at, k);
      if (!rows) {
        std::vector<ExprPtr> both;
        both.push_back(std::make_unique<SliceExpr>(at, nullptr, nullptr, nullptr));
        both.push_back(std::move(index));
        index = std::make_unique<TupleExpr>(at, std::move(both));
      }
      pieces.push_back(std::make_unique<SubscriptExpr>(at, copyPure(&a), std::move(index)));
    }
  }
  becomeDisplayCall(e, alias, rows ? "stack" : "column_stack", std::move(pieces));
  return 1;
}

} // namespace sema
} // namespace llcc
