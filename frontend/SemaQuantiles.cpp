//===- SemaQuantiles.cpp - Order statistics of several q, or along an axis -===//
//
// `np.percentile(a, [25, 75])` (and np.quantile, np.nanpercentile,
// np.nanquantile) gives numpy's array of one result per q. llcc computes
// percentiles one q at a time, so the call is rewritten, before it is
// typed, into the comprehension
//
//     np.array([np.percentile(a, _q) for _q in (25, 75)])
//
// which the rest of the compiler already handles, unpacking included
// (`q75, q25 = np.percentile(values, [75, 25])`). Each q's result is
// numpy's: the same order statistics, interpolated by the same formula
// (numpy partitions once for all q, which can only change which of two
// equal zeros, 0.0 or -0.0, a result is: see docs/language.md). `a` is
// evaluated once per q; it has no side effects in a filter that numpy
// would accept here.
//
// In the same way, an order statistic along an axis of a 2-D window
// (`np.median(w, axis=0)`, `np.percentile(w, 90, axis=1)`,
// `w.argmax(axis=0)`, `w.ptp(axis=1)`, `w.any(axis=0)`) becomes one call per
// lane, `np.array([np.median(c) for c in w.T])`: numpy reduces each lane
// with the same selection, so each result is numpy's (the sums and means
// along an axis, whose order of additions depends on the axis, are
// SemaWindowCalls.cpp's).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

const char *const QuantileFunctions[] = {"percentile", "quantile", "nanpercentile",
                                         "nanquantile"};

} // namespace

bool Sema::expandSeveralQuantiles(CallExpr &e) {
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!base || locals_.count(base->name))
    return false;
  auto alias = moduleAliases_.find(base->name);
  if (alias == moduleAliases_.end() || alias->second != "numpy")
    return false;
  bool quantile = false;
  for (const char *name : QuantileFunctions)
    quantile |= attr->attr == name;
  if (!quantile)
    return false;
  // q: the second positional argument (llcc takes no q= keyword).
  ExprPtr *q = e.args.size() >= 2 ? &e.args[1] : nullptr;
  if (!q)
    return false;
  // A display of numbers, or a module constant holding one (QUARTILES =
  // (25, 50, 75)), iterated as it is.
  ExprPtr iter;
  if (auto *list = dyn_cast<ListExpr>(q->get())) {
    if (list->elements.empty())
      return false; // numpy gives an empty array: typed as written, an error
    iter = std::make_unique<TupleExpr>(list->loc(), std::move(list->elements));
  } else if (auto *tuple = dyn_cast<TupleExpr>(q->get())) {
    if (tuple->elements.empty())
      return false;
    iter = std::move(*q);
  } else if (auto *name = dyn_cast<NameExpr>(q->get());
             name && !locals_.count(name->name) && constants_.count(name->name)) {
    const Constant &c = module_.constants[constants_.at(name->name)];
    if (!isa<TupleExpr>(c.value.get()) && !isa<ListExpr>(c.value.get()))
      return false;
    iter = std::move(*q);
  } else {
    return false;
  }
  SourceLoc loc = e.loc();
  SourceLoc qloc = iter->loc();
  std::string var = "_llcc_q_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
  *q = std::make_unique<NameExpr>(qloc, var);
  // The one-q call, with every argument and keyword of the original.
  auto one = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                        std::move(e.keywords));
  auto comp = std::make_unique<ComprehensionExpr>(
      loc, std::move(one), std::make_unique<NameExpr>(qloc, var), std::move(iter),
      std::vector<ExprPtr>{}, false);
  e.callee = std::make_unique<AttributeExpr>(
      loc, std::make_unique<NameExpr>(loc, alias->first), "array");
  e.args.clear();
  e.args.push_back(std::move(comp));
  e.keywords.clear();
  return true;
}

namespace {

/// Reductions whose result along an axis is the same reduction of each
/// lane: selections and order statistics (no sums).
const char *const LaneReductions[] = {"median", "percentile", "quantile", "argmin", "argmax",
                                      "ptp",    "any",        "all"};

} // namespace

bool Sema::expandLaneReduction(CallExpr &e) {
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  if (!attr || e.keywords.empty())
    return false;
  bool lane = false;
  for (const char *name : LaneReductions)
    lane |= attr->attr == name;
  size_t axisAt = e.keywords.size();
  for (size_t i = 0; i < e.keywords.size(); ++i)
    if (e.keywords[i].name == "axis")
      axisAt = i;
  if (!lane || axisAt == e.keywords.size())
    return false;
  int64_t axis;
  if (!intConstant(e.keywords[axisAt].value.get(), axis) || axis < -2 || axis > 1)
    return false; // typed as written: its errors say what is wrong
  // np.f(w, ...) or w.f(...): which names numpy, and which is the array.
  std::string numpyAlias;
  for (const auto &[alias, module] : moduleAliases_)
    if (module == "numpy" && !locals_.count(alias) && numpyAlias.empty())
      numpyAlias = alias;
  auto *base = dyn_cast<NameExpr>(attr->value.get());
  bool function = base && !locals_.count(base->name) && moduleAliases_.count(base->name) &&
                  moduleAliases_.at(base->name) == "numpy";
  if (numpyAlias.empty() || (function && e.args.empty()))
    return false;
  Expr &array = function ? *e.args[0] : *attr->value;
  if (typeOf(array) == Type::Unknown || !isWindow(array) || array.shape->dims.size() != 2)
    return false;
  SourceLoc loc = e.loc();
  std::string var = "_llcc_lane_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
  // The lanes: the columns (rows of w.T) for axis 0, the rows for axis 1.
  ExprPtr lanes = function ? std::move(e.args[0]) : std::move(attr->value);
  SourceLoc at = lanes->loc();
  if (axis == 0 || axis == -2)
    lanes = std::make_unique<AttributeExpr>(at, std::move(lanes), "T");
  e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(axisAt));
  if (function)
    e.args[0] = std::make_unique<NameExpr>(at, var);
  else
    attr->value = std::make_unique<NameExpr>(at, var);
  auto one = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                        std::move(e.keywords));
  auto comp = std::make_unique<ComprehensionExpr>(
      loc, std::move(one), std::make_unique<NameExpr>(at, var), std::move(lanes),
      std::vector<ExprPtr>{}, false);
  e.callee = std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, numpyAlias),
                                             "array");
  e.args.clear();
  e.args.push_back(std::move(comp));
  e.keywords.clear();
  return true;
}

} // namespace sema
} // namespace llcc
