//===- SemaQuantileMethod.cpp - method= of the percentiles -----------------===//
//
// np.percentile, np.quantile, np.nanpercentile and np.nanquantile take
// numpy 1.24's `method=` (one of the thirteen names of function_base.py's
// _QuantileMethods) and the deprecated `interpolation=`, which numpy warns
// about and then uses as the method. llcc takes a constant string only: the
// keyword becomes `_llcc_method` holding the method's number (the order of
// the "numpy.percentile" "method" choices in BuiltinsLibrary.cpp), which
// IRGen reads (genOrderStatistic) to pick the virtual index and the gamma
// rule numpy applies.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {
const char *const QuantileOps[] = {"percentile", "quantile", "nanpercentile", "nanquantile"};
} // namespace

int Sema::quantileMethod(CallExpr &e, const std::string &op) {
  bool quantile = false;
  for (const char *q : QuantileOps)
    quantile |= op == q;
  if (!quantile)
    return 0;
  if (auto known = quantileMethods_.find(&e); known != quantileMethods_.end())
    return known->second; // rewritten in an earlier round
  // Both given: checked before any is rewritten, as a later round of
  // typing sees the call again.
  size_t found = 0;
  for (KeywordArg &k : e.keywords)
    if ((k.name == "method" || k.name == "interpolation") && ++found == 2) {
      typeOf(*k.value);
      error(k.loc, "TypeError: np." + op +
                       " takes method= or the deprecated interpolation=, "
                       "not both (numpy: \"You shall not pass both `method` and "
                       "`interpolation`!\"); keep method=");
      return -1;
    }
  int method = 0;
  for (size_t i = 0; i < e.keywords.size();) {
    KeywordArg &k = e.keywords[i];
    if (k.name != "method" && k.name != "interpolation") {
      ++i;
      continue;
    }
    auto *s = dyn_cast<StringLiteralExpr>(k.value.get());
    std::vector<std::string> choices;
    int index = s ? builtinStringChoice("numpy.percentile", "method", s->value, choices) : -1;
    if (index < 0) {
      typeOf(*k.value);
      builtinStringChoice("numpy.percentile", "method", "", choices);
      std::string names;
      for (const std::string &c : choices)
        names += (names.empty() ? "'" : ", '") + c + "'";
      error(k.value->loc(), "np." + op + "'s " + k.name + "= must be a constant string, one of " +
                                names +
                                (s ? " (numpy raises ValueError for '" + s->value + "')" : ""));
      return -1;
    }
    method = index;
    SourceLoc at = k.value->loc();
    k.name = "_llcc_method";
    k.value = std::make_unique<IntLiteralExpr>(at, index);
    k.value->type = Type::Int;
    ++i;
  }
  if (found)
    quantileMethods_[&e] = method;
  return method;
}

} // namespace sema
} // namespace llcc
