//===- SemaNumpyMore.cpp - np.average(..., returned=True) -----------------===//
//
// numpy functions whose result depends on a keyword llcc cannot pass to the
// library table's row: np.average(a, weights=w, returned=True) is the pair
// (average, sum of weights), numpy's tuple, computed by another row,
// llcc.average_returned (stdlib/arrays.flt); returned=False is the plain
// average.
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

} // namespace sema
} // namespace llcc
