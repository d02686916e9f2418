//===- SemaUnravel.cpp - np.unravel_index of one index --------------------===//
//
// np.unravel_index(k, (rows, cols)) of a scalar index: the tuple of numpy
// intp coordinates (IRGen genUnravelIndex computes them as numpy 1.24's C
// code does, with its ValueErrors). The shape is a tuple of ints of a
// length known when compiling (written out, a tuple variable or constant)
// or one int; an array of indices, a float index (numpy's TypeError "only
// int indices permitted") and order= are compile errors.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

Type Sema::typeOfUnravelIndex(CallExpr &e) {
  const std::string shown = "np.unravel_index";
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    error(k.loc, shown + " takes its index and shape as positional arguments in llcc (order= "
                         "is not supported)");
  }
  if (e.args.size() != 2) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), shown + " takes an index and a shape, got " + std::to_string(e.args.size()) +
                       " argument(s)");
    return Type::Unknown;
  }
  Type tk = typeOf(*e.args[0]), ts = typeOf(*e.args[1]);
  if (tk == Type::Unknown || ts == Type::Unknown || !e.keywords.empty())
    return Type::Unknown;
  if (!isIntegral(tk)) {
    error(e.args[0]->loc(),
          shown + " of a " + typeName(tk) + " index is not supported in llcc; give it one int " +
              (isNumeric(tk) ? "(numpy raises TypeError: only int indices permitted; convert with "
                               "int(k))"
                             : "(an array of indices: call it for each index)"));
    return Type::Unknown;
  }
  size_t rank = 1;
  bool ints = isIntegral(ts);
  if (ts == Type::Tuple && e.args[1]->shape) {
    rank = e.args[1]->shape->members.size();
    ints = rank >= 1 && rank <= 32;
    for (Type m : e.args[1]->shape->members)
      ints &= isIntegral(m);
  }
  if (!ints) {
    error(e.args[1]->loc(), shown +
                                "'s shape must be a tuple of ints (rows, cols) or one int "
                                "in llcc, not a " +
                                describeShape(ts, e.args[1]->shape));
    return Type::Unknown;
  }
  e.shape = makeTupleShape(std::vector<Type>(rank, Type::Int), std::vector<ShapeRef>(rank, nullptr),
                           std::vector<bool>(rank, true));
  return Type::Tuple;
}

} // namespace sema
} // namespace llcc
