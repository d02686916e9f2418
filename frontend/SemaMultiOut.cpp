//===- SemaMultiOut.cpp - Filters that return several values per window ----===//
//
// `return q1, med, q3` in a filter: each window gives one value per member,
// and `llcc.generic_filter` returns (or fills) one output per member in one
// pass. The members must be numbers (each is stored as a double, as SciPy
// stores a filter's result) and every `return` must give the same number of
// them, which is what the manifest publishes as the filter's `outputs`. The
// return type is joined like a helper's tuple (member types join, int and
// float to int-or-float), so a function that calls the filter still sees
// each member's own Python type. Through SciPy's own generic_filter the
// callback raises SciPy's TypeError after the body has run (abi/Wrappers.cpp),
// as SciPy does with a Python function that returns a tuple.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

void Sema::walkFilterTupleReturn(ReturnStmt &s, Type valueType) {
  Expr &value = *s.value;
  if (valueType != Type::Tuple || !value.shape)
    return; // not typed yet, or an error already reported inside it
  const Shape &shape = *value.shape;
  if (shape.members.empty()) {
    error(value.loc(), "a filter returns one value per output; 'return ()' has none, so there "
                       "is nothing to store: return at least one number");
    return;
  }
  auto *literal = dyn_cast<TupleExpr>(&value);
  for (size_t i = 0; i < shape.members.size(); ++i) {
    Type m = shape.members[i];
    if (m == Type::Unknown)
      return; // not typed yet
    if (isNumeric(m))
      continue;
    SourceLoc where = literal && i < literal->elements.size() ? literal->elements[i]->loc()
                                                              : value.loc();
    error(where, "a filter returning several values returns a tuple of numbers, one per output; "
                 "value " +
                     std::to_string(i + 1) + " here is a " +
                     describeShape(m, i < shape.memberShapes.size() ? shape.memberShapes[i]
                                                                    : nullptr) +
                     "; return numbers, e.g. 'return lo, hi'");
    return;
  }
  if (fn_->returnType != Type::Unknown && fn_->returnType != Type::Tuple) {
    error(s.loc(), "'" + fn_->name + "' returns a tuple here and " +
                       (fn_->returnType == Type::None ? "nothing" : "a number") +
                       " on other paths; return the same kind of value everywhere");
    return;
  }
  unsigned arity = static_cast<unsigned>(shape.members.size());
  if (fn_->returnType == Type::Tuple && fn_->returnShape &&
      fn_->returnShape->members.size() != arity) {
    error(value.loc(), "'" + fn_->name + "' returns " + std::to_string(arity) +
                           " values here and " +
                           std::to_string(fn_->returnShape->members.size()) +
                           " on another path; a filter gives one output per value, so every "
                           "'return' must give the same number of values");
    return;
  }
  if (!joinInto(fn_->returnType, fn_->returnShape, valueType, value.shape)) {
    error(value.loc(), "'" + fn_->name + "' returns a " + describeShape(valueType, value.shape) +
                           " here and a " +
                           describeShape(fn_->returnType, fn_->returnShape) +
                           " elsewhere; return the same kind of value everywhere");
    return;
  }
  fn_->returnArity = arity;
  markNumpy(fn_->returnMayBeNumpy, value.mayBeNumpy);
}

} // namespace sema
} // namespace llcc
