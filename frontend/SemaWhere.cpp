//===- SemaWhere.cpp - Reductions with a where= mask -----------------------===//
//
// np.sum, np.mean, np.nansum, np.prod, np.max and np.min (and the .sum(),
// .mean(), .prod(), .max(), .min() methods) with `where=` a bool mask as
// long as the array, and np.max/np.min's `initial=`, which numpy requires
// with a mask (ValueError otherwise: a compile error here, as every call
// would raise). IRGen::genWhereReduction lowers them to stdlib/where.flt,
// which reduces as numpy's masked loop does.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {
/// The reductions that take where=, and whether they need initial=.
const std::pair<const char *, bool> WhereReductions[] = {
    {"sum", false}, {"mean", false}, {"nansum", false}, {"prod", false},
    {"max", true},  {"min", true},   {"amax", true},    {"amin", true}};
} // namespace

int Sema::checkWhereReduction(CallExpr &e, const std::string &op, const Expr &array,
                              Type arrayType) {
  KeywordArg *where = nullptr, *initial = nullptr;
  for (KeywordArg &k : e.keywords) {
    if (k.name == "where")
      where = &k;
    if (k.name == "initial")
      initial = &k;
  }
  if (!where && !initial)
    return 0;
  const bool *needsInitial = nullptr;
  for (const auto &[name, needs] : WhereReductions)
    if (op == name)
      needsInitial = &needs;
  if (!needsInitial)
    return 0; // the keyword loop reports it as not supported
  std::string shown = "np." + op;
  Type wt = where ? typeOf(*where->value) : Type::Unknown;
  Type it = initial ? typeOf(*initial->value) : Type::Unknown;
  if (arrayType == Type::Unknown || (where && wt == Type::Unknown) ||
      (initial && it == Type::Unknown))
    return -1;
  if (!where) {
    error(initial->loc, shown +
                            "'s initial= is supported with a where= mask only in llcc; "
                            "without one write max(" +
                            shown + "(a), initial)");
    return -1;
  }
  if (wt != Type::BoolArray) {
    error(where->value->loc(), shown +
                                   "'s where= must be a bool array as long as the array "
                                   "(a mask such as a > 0), not a " +
                                   typeName(wt));
    return -1;
  }
  if ((array.shape && array.shape->dims.size() >= 2) ||
      (where->value->shape && where->value->shape->dims.size() >= 2)) {
    error(where->value->loc(), shown + " with where= of a 2-D array is not supported in llcc; "
                                       "apply it to the raveled array and mask (a.ravel(), "
                                       "where=m.ravel())");
    return -1;
  }
  Type elem = elementType(arrayType);
  if (elem != Type::Float && elem != Type::Int) {
    error(array.loc(), shown + " with where= takes an array of numbers, not a " +
                           typeName(arrayType) + "; for a count write np.count_nonzero(a & m)");
    return -1;
  }
  if (op == "prod" && elem == Type::Int) {
    error(array.loc(), "np.prod of an int array with where= is not supported in llcc (numpy "
                       "wraps int64 products); multiply floats: np.prod(a * 1.0, where=m)");
    return -1;
  }
  if (*needsInitial && !initial) {
    error(where->loc, "ValueError: reduction operation '" +
                          std::string(op.find("max") != std::string::npos ? "maximum" : "minimum") +
                          "' does not have an identity, so to use a where mask one has to "
                          "specify 'initial' (numpy raises this); add initial=, e.g. "
                          "initial=-np.inf");
    return -1;
  }
  if (initial && !*needsInitial) {
    error(initial->loc, shown + "'s initial= is not supported in llcc; add it to the result");
    return -1;
  }
  if (initial && (!isNumeric(it) || it == Type::Bool || (elem == Type::Int && !isIntegral(it)))) {
    error(initial->value->loc(),
          shown + "'s initial= must be " +
              (elem == Type::Int ? std::string("an int for an int array") : "a number") +
              ", not a " + typeName(it));
    return -1;
  }
  return 1;
}

} // namespace sema
} // namespace llcc
