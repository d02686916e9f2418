//===- SemaScipy.cpp - scipy.stats' trimmed statistics' arguments --------===//
//
// scipy.stats.tmean, tvar and tstd take `limits`, a pair whose members may
// each be None (a half-open interval), or None for no limits at all. The
// pair is taken apart here, as np.histogram's range is: the library
// function (stdlib/scipy.flt) receives (a, lower, upper, given), `given`
// having bit 0 for a lower and bit 1 for an upper limit, then ddof.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "SemaLibraryBind.h"

namespace llcc {
namespace sema {

namespace {
/// The functions whose second parameter is scipy.stats' `limits` pair.
const char *const LimitsFunctions[] = {"scipy.stats.tmean", "scipy.stats.tvar",
                                       "scipy.stats.tstd"};
} // namespace

bool isLimitsFunction(const std::string &name) {
  for (const char *f : LimitsFunctions)
    if (name == f)
      return true;
  return false;
}

namespace {
/// Library functions whose result is a Python float, as CPython's is
/// (SciPy's skew and kurtosis return vals.item()): `x / 0.0` of it raises
/// ZeroDivisionError, where a numpy float64 gives inf.
const char *const PythonFloatResults[] = {"scipy.stats.skew", "scipy.stats.kurtosis",
                                          "statistics.median_grouped"};
} // namespace

bool libraryResultIsPythonFloat(const CallExpr &c) {
  for (const char *f : PythonFloatResults)
    if (c.builtin == f)
      return true;
  // tmean with limits returns the masked mean's .item(); without them,
  // np.mean's float64. The limits arrive as (a, lower, upper, given).
  if (c.builtin != "scipy.stats.tmean" || c.args.size() != 4)
    return false;
  auto *given = dyn_cast<IntLiteralExpr>(c.args[3].get());
  return given && given->value != 0;
}

/// tmean(a, limits=None) becomes tmean(a, lower, upper, given); tvar and
/// tstd append their ddof (1 when not given).
bool Sema::normalizeLimitsCall(CallExpr &e, const BuiltinFunction &b, const std::string &shown,
                               const std::function<void(SourceLoc, const std::string &)> &error) {
  std::vector<LibParam> params = parseLibraryParams(b.params);
  std::vector<ExprPtr> slots;
  bool ok = true;
  if (!bindLibraryArguments(e, b.qualifiedName, shown, params, b.params, slots, ok, error) ||
      !slots[0])
    return false;
  SourceLoc at = e.loc();
  ExprPtr bound[2];
  int given = 0;
  if (slots[1] && !isa<NoneLiteralExpr>(slots[1].get())) {
    auto *pair = dyn_cast<TupleExpr>(slots[1].get());
    if (!pair || pair->elements.size() != 2) {
      error(slots[1]->loc(), shown + "'s limits must be None or a pair written out, like "
                                     "limits=(0.0, 1.0) or (None, 1.0)");
      return false;
    }
    for (int i = 0; i < 2; ++i)
      if (!isa<NoneLiteralExpr>(pair->elements[i].get())) {
        bound[i] = std::move(pair->elements[i]);
        given |= 1 << i;
      }
  }
  e.args.clear();
  e.args.push_back(std::move(slots[0]));
  for (ExprPtr &limit : bound)
    e.args.push_back(limit ? std::move(limit) : std::make_unique<FloatLiteralExpr>(at, 0.0));
  e.args.push_back(std::make_unique<IntLiteralExpr>(at, given));
  if (params.size() > 2)
    e.args.push_back(slots[2] ? std::move(slots[2])
                              : std::make_unique<IntLiteralExpr>(at, std::stoll(params[2].dflt)));
  return ok;
}

} // namespace sema
} // namespace llcc
