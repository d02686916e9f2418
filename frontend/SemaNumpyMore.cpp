//===- SemaNumpyMore.cpp - np.average(returned=), np.corrcoef, np.lexsort -===//
//
// numpy functions whose call becomes another before the library table's
// row is typed (stdlib/arrays.flt computes them):
// np.average(a, weights=w, returned=True) is the pair (average, sum of
// weights), numpy's tuple, computed by another row, llcc.average_returned
// (returned=False is the plain average); np.corrcoef(x, y) of two vectors is
// the library's four values reshaped to numpy's 2 x 2 matrix;
// np.lexsort((b, a)) is one stable merge sort per key, the first key's
// first (llcc.lexsort_first, llcc.lexsort_step).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

int Sema::expandAverageReturned(CallExpr &e) {
  if (!callsNumpy(e, "average"))
    return 0;
  for (size_t i = 0; i < e.keywords.size(); ++i) {
    if (e.keywords[i].name != "returned")
      continue;
    auto *flag = dyn_cast<BoolLiteralExpr>(e.keywords[i].value.get());
    if (!flag) {
      typeOf(*e.keywords[i].value);
      error(e.keywords[i].value->loc(),
            "np.average's returned= must be the literal True or False in llcc (it decides "
            "whether the result is a pair)");
      return -1;
    }
    bool pair = flag->value;
    e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(i));
    if (pair) {
      SourceLoc loc = e.callee->loc();
      auto callee = std::make_unique<NameExpr>(loc, "llcc.average_returned");
      e.callee = std::move(callee);
    }
    return 1;
  }
  return 0;
}

int Sema::expandCorrcoefTile(CallExpr &e) {
  // np.lexsort((k0, k1, ...)) of 1-D arrays written in place becomes
  // llcc.lexsort_step(...(llcc.lexsort_first(k0), k1)..., kn): each key merge
  // sorts the order so far again, as numpy's lexsort does.
  if (callsNumpy(e, "lexsort")) {
    auto *keys = e.args.size() == 1 && e.keywords.empty() ? e.args[0].get() : nullptr;
    std::vector<ExprPtr> *elements = nullptr;
    if (auto *t = llvm::dyn_cast_or_null<TupleExpr>(keys))
      elements = &t->elements;
    else if (auto *l = llvm::dyn_cast_or_null<ListExpr>(keys))
      elements = &l->elements;
    if (!elements || elements->empty()) {
      for (auto &a : e.args)
        typeOf(*a);
      error(e.loc(), "np.lexsort takes a tuple of 1-D arrays written in place in llcc, as in "
                     "np.lexsort((b, a)) (the last key sorts first)");
      return -1;
    }
    SourceLoc loc = e.callee->loc();
    std::vector<ExprPtr> first;
    first.push_back(std::move((*elements)[0]));
    ExprPtr order =
        std::make_unique<CallExpr>(e.loc(), std::make_unique<NameExpr>(loc, "llcc.lexsort_first"),
                                   std::move(first), std::vector<KeywordArg>{});
    for (size_t i = 1; i < elements->size(); ++i) {
      std::vector<ExprPtr> args;
      args.push_back(std::move(order));
      args.push_back(std::move((*elements)[i]));
      order =
          std::make_unique<CallExpr>(e.loc(), std::make_unique<NameExpr>(loc, "llcc.lexsort_step"),
                                     std::move(args), std::vector<KeywordArg>{});
    }
    auto &outer = cast<CallExpr>(*order);
    e.callee = std::move(outer.callee);
    e.args = std::move(outer.args);
    return 1;
  }
  if (callsNumpy(e, "cov"))
  {
    // np.cov(x, y) of two vectors becomes llcc.cov2(x, y, ddof).reshape(2,
    // 2); np.cov(m) of a 2-D array of k rows (known when compiling, laid
    // out row by row as numpy's array(m) copies it) llcc.cov_rows(m.ravel(),
    // k, ddof).reshape(k, k); np.cov(x) of a vector, or of one row, is
    // numpy's 0-d array, llcc.cov_rows(x, 1, ddof)[0] here. ddof is
    // numpy's: ddof=, else 0 with bias=True, else 1.
    Expr *yArg = e.args.size() == 2 ? e.args[1].get() : nullptr;
    Expr *biasArg = nullptr, *ddofArg = nullptr;
    std::string refused = e.args.size() > 2 ? "a third argument" : "";
    for (KeywordArg &k : e.keywords) {
      if (k.name == "y" && !yArg)
        yArg = k.value.get();
      else if (k.name == "bias")
        biasArg = k.value.get();
      else if (k.name == "ddof")
        ddofArg = isa<NoneLiteralExpr>(k.value.get()) ? nullptr : k.value.get();
      else
        refused = k.name;
    }
    Type t = e.args.empty() ? Type::Unknown : typeOf(*e.args[0]);
    Type ty = yArg ? typeOf(*yArg) : Type::Float;
    bool pending = (!e.args.empty() && t == Type::Unknown) || ty == Type::Unknown;
    if (biasArg)
      pending |= typeOf(*biasArg) == Type::Unknown;
    if (ddofArg)
      pending |= typeOf(*ddofArg) == Type::Unknown;
    const Expr *m = e.args.empty() ? nullptr : e.args[0].get();
    bool matrix = m && isWindow(*m) && m->shape && m->shape->dims.size() == 2;
    const std::vector<int64_t> *strides = matrix ? &m->shape->strides : nullptr;
    bool rowOrder = !strides || strides->empty() ||
                    std::llabs((*strides)[0]) >= std::llabs((*strides)[1]);
    if (pending && refused.empty() && !e.args.empty())
      return 2;
    if (e.args.empty() || !refused.empty() || (m && isWindow(*m) && !matrix) ||
        (matrix && (yArg || m->shape->dims[0] <= 0 || !rowOrder)) ||
        (yArg && (isWindow(*yArg) || !isArray(ty))) || !isArray(t)) {
      error(e.loc(), "np.cov is supported in llcc as np.cov(x, y) of two 1-D arrays, np.cov(x) "
                     "of one and np.cov(m) of a 2-D array whose row count is known when "
                     "compiling (values.reshape(3, 3), not transposed), with bias= and ddof=; "
                     "numpy's rowvar=, fweights=, aweights= and dtype= are not");
      return -1;
    }
    ExprPtr y, bias, ddof;
    if (e.args.size() == 2)
      y = std::move(e.args[1]);
    for (KeywordArg &k : e.keywords) {
      if (k.name == "y" && !y)
        y = std::move(k.value);
      else if (k.name == "bias")
        bias = std::move(k.value);
      else if (k.name == "ddof" && !isa<NoneLiteralExpr>(k.value.get()))
        ddof = std::move(k.value);
    }
    e.keywords.clear();
    e.args.resize(1);
    SourceLoc loc = e.loc();
    auto integer = [&](int64_t v) { return std::make_unique<IntLiteralExpr>(loc, v, false); };
    if (!ddof && bias)
      ddof = std::make_unique<IfExpExpr>(loc, std::move(bias), integer(0), integer(1));
    else if (!ddof)
      ddof = integer(1);
    std::vector<ExprPtr> args;
    int64_t k = matrix ? m->shape->dims[0] : 1;
    const char *callee = y ? "llcc.cov2" : "llcc.cov_rows";
    if (y) {
      args.push_back(std::move(e.args[0]));
      args.push_back(std::move(y));
      k = 2;
    } else {
      ExprPtr rows = std::move(e.args[0]);
      if (matrix) {
        SourceLoc at = rows->loc();
        rows = std::make_unique<CallExpr>(
            at, std::make_unique<AttributeExpr>(at, std::move(rows), "ravel"),
            std::vector<ExprPtr>{}, std::vector<KeywordArg>{});
      }
      args.push_back(std::move(rows));
      args.push_back(integer(k));
    }
    args.push_back(std::move(ddof));
    auto values = std::make_unique<CallExpr>(
        loc, std::make_unique<NameExpr>(e.callee->loc(), callee),
        std::move(args), std::vector<KeywordArg>{});
    e.args.clear();
    if (k == 1) { // numpy squeezes the 1 x 1 matrix to a 0-d array
      becomeView(e, std::make_unique<SubscriptExpr>(loc, std::move(values), integer(0)));
      return 1;
    }
    e.callee = std::make_unique<AttributeExpr>(loc, std::move(values), "reshape");
    e.args.push_back(integer(k));
    e.args.push_back(integer(k));
    return 1;
  }
  if (!callsNumpy(e, "corrcoef"))
    return 0;
  if (e.args.size() != 2 || !e.keywords.empty()) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), "np.corrcoef is supported as np.corrcoef(x, y) of two 1-D arrays (the 2 x 2 "
                   "matrix) in llcc; numpy's one-array form (rows as variables) and its keywords "
                   "are not");
    return -1;
  }
  // np.corrcoef(x, y) becomes numpy.corrcoef(x, y).reshape(2, 2): the row's
  // four values as numpy's matrix.
  SourceLoc loc = e.loc();
  auto callee = std::make_unique<NameExpr>(e.callee->loc(), "numpy.corrcoef");
  auto values = std::make_unique<CallExpr>(loc, std::move(callee), std::move(e.args),
                                           std::vector<KeywordArg>{});
  e.callee = std::make_unique<AttributeExpr>(loc, std::move(values), "reshape");
  e.args.clear();
  e.args.push_back(std::make_unique<IntLiteralExpr>(loc, 2));
  e.args.push_back(std::make_unique<IntLiteralExpr>(loc, 2));
  return 1;
}

} // namespace sema
} // namespace llcc
