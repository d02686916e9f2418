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
