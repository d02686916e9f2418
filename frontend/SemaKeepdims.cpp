//===- SemaKeepdims.cpp - keepdims=True of reductions along an axis -------===//
//
// `w.mean(axis=1, keepdims=True)` of a 2-D or 3-D array is numpy's reduction
// with the reduced axis kept at length 1, so that it broadcasts against w
// (`w - w.mean(axis=1, keepdims=True)` centres each row). llcc writes it as
// the reduction reshaped to those dimensions, the same values:
//
//   w.mean(axis=1, keepdims=True)      w.mean(axis=1).reshape(3, 1)
//   np.max(w, axis=0, keepdims=True)   np.max(w, axis=0).reshape(1, 3)
//
// keepdims=False is the plain reduction. Other forms (no axis, a 1-D
// array, a run-time dimension, a keepdims that is not a constant) keep the
// diagnostic the reduction gives for an unknown keyword.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

namespace llcc {
namespace sema {

/// 1 when `e` became the reshape of the reduction, 0 otherwise (also when
/// keepdims=False was dropped).
int Sema::expandKeepdims(CallExpr &e) {
  size_t at = e.keywords.size();
  const KeywordArg *axisKw = nullptr;
  for (size_t i = 0; i < e.keywords.size(); ++i) {
    if (e.keywords[i].name == "keepdims")
      at = i;
    if (e.keywords[i].name == "axis")
      axisKw = &e.keywords[i];
  }
  if (at == e.keywords.size())
    return 0;
  auto *flag = dyn_cast<BoolLiteralExpr>(e.keywords[at].value.get());
  if (!flag)
    return 0;
  // The array: the method's object, or a numpy function's first argument.
  Expr *array = nullptr;
  Expr *axisExpr = axisKw ? axisKw->value.get() : nullptr;
  if (auto *m = dyn_cast<AttributeExpr>(e.callee.get());
      m && !(isa<NameExpr>(m->value.get()) && moduleAliases_.count(cast<NameExpr>(*m->value).name) &&
             !locals_.count(cast<NameExpr>(*m->value).name))) {
    array = m->value.get();
    if (!axisExpr && e.args.size() == 1)
      axisExpr = e.args[0].get();
  } else if (!e.args.empty()) {
    array = e.args[0].get();
    if (!axisExpr && e.args.size() == 2)
      axisExpr = e.args[1].get();
  }
  int64_t axis = 0;
  if (!array || !axisExpr || !intConstant(axisExpr, axis))
    return 0;
  typeOf(*array);
  if (!isWindow(*array))
    return 0;
  std::vector<int64_t> dims = array->shape->dims;
  int64_t rank = static_cast<int64_t>(dims.size());
  if (axis < -rank || axis >= rank)
    return 0; // numpy's AxisError, reported by the reduction
  for (int64_t d : dims)
    if (d == RuntimeDim)
      return 0;
  bool keep = flag->value; // the keyword (and flag) is gone after the erase
  e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(at));
  if (!keep)
    return 0;
  dims[static_cast<size_t>(axis < 0 ? axis + rank : axis)] = 1;
  // `e` becomes `<reduction>.reshape(dims...)`, still a call, as its parent
  // expects.
  SourceLoc loc = e.loc();
  auto reduction = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                              std::move(e.keywords));
  e.callee = std::make_unique<AttributeExpr>(loc, std::move(reduction), "reshape");
  e.args.clear();
  e.keywords.clear();
  for (int64_t d : dims)
    e.args.push_back(std::make_unique<IntLiteralExpr>(loc, d));
  return 1;
}

} // namespace sema
} // namespace llcc
