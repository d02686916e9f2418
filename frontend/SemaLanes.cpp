//===- SemaLanes.cpp - Order statistics along an axis, lane by lane ------===//
//
// `np.median(w, axis=0)`, `w.argmax(axis=1)`, `np.percentile(w, q, axis=0)`
// and the other order statistics (argmin, argmax, ptp, any, all, quantile)
// along an axis of a 2-D array are rewritten, before typing, into the same
// reduction of each lane:
//
//   np.median(w, axis=0)          np.array([np.median(_c) for _c in w.T])
//   np.median(b, axis=0)          np.array([np.median(b[:, _k]) for _k in range(b.shape[1])])
//   np.argmax(b, axis=1)          np.array([np.argmax(b[_k:_k + 1, :].ravel())
//                                           for _k in range(max(b.shape[0], b.shape[1] == 0))])
//
// numpy reduces each lane with the same selection, so each result is
// numpy's (the sums and means along an axis, whose order of additions
// depends on the axis, are IRGen::genAxisReduction's). A block (both
// extents known at run time) and a window of a run-time row count have no
// transpose, so their columns are taken by index; argmin, argmax and ptp
// raise for an empty axis even when no lane is left (a (0, 0) block), which
// the one empty lane of the last form reproduces with numpy's message.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

/// Reductions whose result along an axis is the same reduction of each
/// lane: selections and order statistics (no sums).
const char *const LaneReductions[] = {"median", "percentile", "quantile", "argmin", "argmax",
                                      "ptp",    "any",        "all"};

} // namespace

int Sema::expandLaneReduction(CallExpr &e) {
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  if (!attr || e.keywords.empty())
    return 0;
  bool lane = false;
  for (const char *name : LaneReductions)
    lane |= attr->attr == name;
  size_t axisAt = e.keywords.size();
  for (size_t i = 0; i < e.keywords.size(); ++i)
    if (e.keywords[i].name == "axis")
      axisAt = i;
  if (!lane || axisAt == e.keywords.size())
    return 0;
  int64_t axis;
  if (!intConstant(e.keywords[axisAt].value.get(), axis) || axis < -2 || axis > 1)
    return 0; // typed as written: its errors say what is wrong
  // np.f(w, ...) or w.f(...): which names numpy, and which is the array.
  std::string numpyAlias;
  for (const auto &[alias, module] : moduleAliases_)
    if (module == "numpy" && !locals_.count(alias) && numpyAlias.empty())
      numpyAlias = alias;
  auto *base = dyn_cast<NameExpr>(attr->value.get());
  bool function = base && !locals_.count(base->name) && moduleAliases_.count(base->name) &&
                  moduleAliases_.at(base->name) == "numpy";
  if (numpyAlias.empty() || (function && e.args.empty()))
    return 0;
  Expr &array = function ? *e.args[0] : *attr->value;
  if (typeOf(array) == Type::Unknown || !isWindow(array) || array.shape->dims.size() != 2)
    return 0;
  // A block (both extents known at run time) has no transpose, nor has a
  // window of a run-time row count (reshape(-1, 3)): their columns are
  // b[:, k] for k in range(b.shape[1]), b read once per lane.
  // argmin, argmax and ptp raise for an empty axis even with no lanes (a
  // (0, 0) block): their lanes are b[k:k + 1, :].ravel() (or columns) for
  // k in range(max(lanes, reduced == 0)), so that case reduces one empty
  // lane and raises numpy's own error.
  bool columns = axis == 0 || axis == -2;
  bool raises = attr->attr == "argmin" || attr->attr == "argmax" || attr->attr == "ptp";
  bool ranged = (isBlock(array) && (columns || raises)) || (columns && array.shape->dims[0] < 0);
  ExprPtr again = ranged ? copyPure(&array) : nullptr;
  ExprPtr thrice = ranged && raises ? copyPure(&array) : nullptr;
  if (ranged && !again) {
    error(array.loc(), attr->attr + " along axis " + std::to_string(axis) +
                           " of a 2-D array whose shape is known only at run time needs the "
                           "array in a name (b = ...; np." +
                           attr->attr + "(b, axis=" + std::to_string(axis) + "))");
    return -1;
  }
  SourceLoc loc = e.loc();
  std::string var = "_llcc_lane_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
  // The lanes: the columns (rows of w.T) for axis 0, the rows for axis 1.
  ExprPtr lanes = function ? std::move(e.args[0]) : std::move(attr->value);
  SourceLoc at = lanes->loc();
  ExprPtr laneArg = std::make_unique<NameExpr>(at, var);
  if (ranged) {
    auto name = [&] { return std::make_unique<NameExpr>(at, var); };
    auto all = [&] { return std::make_unique<SliceExpr>(at, nullptr, nullptr, nullptr); };
    auto extent = [&](ExprPtr of, int64_t k) {
      return std::make_unique<SubscriptExpr>(
          at, std::make_unique<AttributeExpr>(at, std::move(of), "shape"),
          std::make_unique<IntLiteralExpr>(at, k, false));
    };
    auto call = [&](ExprPtr callee, std::vector<ExprPtr> args) {
      return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                        std::vector<KeywordArg>{});
    };
    ExprPtr lanePart = name();
    if (raises) // k:k + 1
      lanePart = std::make_unique<SliceExpr>(
          at, name(),
          std::make_unique<BinaryExpr>(at, BinaryOp::Add, name(),
                                       std::make_unique<IntLiteralExpr>(at, 1, false)),
          nullptr);
    std::vector<ExprPtr> index;
    index.push_back(columns ? all() : std::move(lanePart));
    index.push_back(columns ? std::move(lanePart) : all());
    laneArg = std::make_unique<SubscriptExpr>(at, std::move(again),
                                              std::make_unique<TupleExpr>(at, std::move(index)));
    if (raises)
      laneArg = call(std::make_unique<AttributeExpr>(at, std::move(laneArg), "ravel"), {});
    std::vector<ExprPtr> count;
    count.push_back(extent(std::move(lanes), columns ? 1 : 0));
    if (raises) { // max(lanes, reduced == 0)
      std::vector<ExprPtr> operands;
      operands.push_back(extent(std::move(thrice), columns ? 0 : 1));
      operands.push_back(std::make_unique<IntLiteralExpr>(at, 0, false));
      count.push_back(std::make_unique<CompareExpr>(at, std::move(operands),
                                                    std::vector<CompareOp>{CompareOp::Eq}));
      ExprPtr most = call(std::make_unique<NameExpr>(at, "max"), std::move(count));
      count.clear();
      count.push_back(std::move(most));
    }
    lanes = call(std::make_unique<NameExpr>(at, "range"), std::move(count));
  } else if (columns) {
    lanes = std::make_unique<AttributeExpr>(at, std::move(lanes), "T");
  }
  e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(axisAt));
  if (function)
    e.args[0] = std::move(laneArg);
  else
    attr->value = std::move(laneArg);
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
  return 1;
}

} // namespace sema
} // namespace llcc
