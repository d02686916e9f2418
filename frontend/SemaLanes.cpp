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
// np.sort and np.argsort along an axis of a 2-D array whose extents are
// both known when compiling sort each lane with the 1-D sort, as numpy's
// PyArray_Sort calls the same kernel on each lane (copied to a buffer when
// it is not contiguous), and stack the lanes back:
//
//   np.sort(w, axis=1)     np.concatenate((np.sort(w[0]), np.sort(w[1]), ...)).reshape(R, C)
//   np.sort(w, axis=0)     np.concatenate((np.sort(w[:, 0]), ...)).reshape(C, R).T
//   np.sort(w, axis=None)  np.sort(w.ravel())
//
// axis= of a 1-D array (0, -1 or None) is its only axis and is dropped.
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
  // np.sort / np.argsort along an axis: 2 when `e` became the view of the
  // sorted lanes (typed again by the caller), -1 while the array is not
  // typed yet (no message).
  if ((callsNumpy(e, "sort") || callsNumpy(e, "argsort")) && !e.args.empty() &&
      e.args.size() <= 2) {
    const char *sorter = callsNumpy(e, "sort") ? "sort" : "argsort";
    size_t axisAt = e.keywords.size();
    for (size_t i = 0; i < e.keywords.size(); ++i)
      if (e.keywords[i].name == "axis")
        axisAt = i;
    // np.sort(w, 1); not np.argsort's second argument, which binding its
    // library row makes kind='...''s index
    Expr *axisExpr = axisAt < e.keywords.size()                   ? e.keywords[axisAt].value.get()
                     : e.args.size() == 2 && sorter[0] == 's' ? e.args[1].get()
                                                                  : nullptr;
    Expr &array = *e.args[0];
    Type t = typeOf(array);
    if (t == Type::Unknown)
      return -1; // not typed yet: bound as written, axis= and kind= would be lost
    
    bool none = axisExpr && isa<NoneLiteralExpr>(axisExpr);
    int64_t axis = -1; // numpy's default: the last axis
    if (axisExpr && !none && !intConstant(axisExpr, axis))
      return 0; // typed as written: its errors say what is wrong
    auto dropAxis = [&] {
      if (axisAt < e.keywords.size())
        e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(axisAt));
      else if (e.args.size() == 2)
        e.args.pop_back();
    };
    bool window = isWindow(array) && array.shape && !array.shape->dims.empty();
    if (!window) {
      // A 1-D array's only axis: 0, -1 or None.
      if (axisExpr && (isArray(t) || isList(t)) && (none || axis == 0 || axis == -1))
        dropAxis();
      return 0;
    }
    if (none) { // numpy sorts the flattened array
      SourceLoc at = array.loc();
      e.args[0] = std::make_unique<CallExpr>(
          at, std::make_unique<AttributeExpr>(at, std::move(e.args[0]), "ravel"),
          std::vector<ExprPtr>{}, std::vector<KeywordArg>{});
      dropAxis();
      return 0;
    }
    const std::vector<int64_t> &dims = array.shape->dims;
    // Lanes written out one by one: a few hundred at most.
    constexpr int64_t MaxLanes = 256;
    if (dims.size() != 2 || isBlock(array) || dims[0] <= 0 || dims[1] <= 0 || axis < -2 ||
        axis > 1)
      return 0; // the errors of the call as written
    bool columns = axis == 0 || axis == -2;
    int64_t lanes = columns ? dims[1] : dims[0], length = columns ? dims[0] : dims[1];
    if (lanes > MaxLanes)
      return 0;
    std::vector<ExprPtr> copies;
    for (int64_t k = 0; k < lanes; ++k) {
      copies.push_back(copyPure(&array));
      if (!copies.back())
        return 0; // read once: the errors of the call as written
    }
    const StringLiteralExpr *kind = nullptr; // kind='stable', passed to each lane's sort
    for (KeywordArg &k : e.keywords)
      if (k.name == "kind" && !(kind = dyn_cast<StringLiteralExpr>(k.value.get())))
        return 0;
    if (e.keywords.size() != (axisAt < e.keywords.size() ? 1u : 0u) + (kind ? 1u : 0u))
      return 0; // another keyword: the errors of the call as written
    SourceLoc loc = e.loc();
    SourceLoc at = array.loc();
    std::string alias = numpyAlias();
    auto numpyName = [&](const char *function) {
      return std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, alias), function);
    };
    auto integer = [&](int64_t v) { return std::make_unique<IntLiteralExpr>(at, v, false); };
    std::vector<ExprPtr> sorted;
    for (int64_t k = 0; k < lanes; ++k) {
      ExprPtr lane;
      if (columns) {
        std::vector<ExprPtr> index;
        index.push_back(std::make_unique<SliceExpr>(at, nullptr, nullptr, nullptr));
        index.push_back(integer(k));
        lane = std::make_unique<SubscriptExpr>(at, std::move(copies[k]),
                                               std::make_unique<TupleExpr>(at, std::move(index)));
      } else {
        lane = std::make_unique<SubscriptExpr>(at, std::move(copies[k]), integer(k));
      }
      std::vector<ExprPtr> args;
      args.push_back(std::move(lane));
      std::vector<KeywordArg> keywords;
      if (kind)
        keywords.push_back(
            KeywordArg{kind->loc(), "kind", std::make_unique<StringLiteralExpr>(kind->loc(), kind->value)});
      sorted.push_back(std::make_unique<CallExpr>(at, numpyName(sorter), std::move(args),
                                                  std::move(keywords)));
    }
    std::vector<ExprPtr> joined;
    joined.push_back(std::make_unique<TupleExpr>(at, std::move(sorted)));
    ExprPtr value = std::make_unique<CallExpr>(at, numpyName("concatenate"), std::move(joined),
                                               std::vector<KeywordArg>{});
    std::vector<ExprPtr> shape;
    shape.push_back(integer(lanes));
    shape.push_back(integer(length));
    value = std::make_unique<CallExpr>(
        loc, std::make_unique<AttributeExpr>(loc, std::move(value), "reshape"), std::move(shape),
        std::vector<KeywordArg>{});
    if (columns)
      value = std::make_unique<AttributeExpr>(loc, std::move(value), "T");
    becomeView(e, std::move(value));
    return 2;
  }
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
