//===- SemaNonzero.cpp - np.nonzero(a)[0] and np.where(a)[0] --------------===//
//
// numpy's np.nonzero(a), and np.where(a) with one argument, return a tuple
// of index arrays, one per dimension. For a 1-D array the tuple has one
// member, and filters take it at once: `np.nonzero(values > t)[0]`,
// `np.where(np.isnan(values))[0]`. Such a subscript becomes a call of the
// standard library's np.flatnonzero (the same indices, in order), the
// library call computing the part as for np.histogram(...)[0]. Of a 2-D
// window numpy gives one array per dimension, which llcc does not build:
// that is a diagnostic pointing at np.flatnonzero.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

namespace llcc {
namespace sema {

bool Sema::isIndexTupleCall(const CallExpr &call) {
  if (indexTupleCalls_.count(&call))
    return true;
  auto *attr = dyn_cast<AttributeExpr>(call.callee.get());
  auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!base || locals_.count(base->name) || !call.keywords.empty() || call.args.size() != 1)
    return false;
  auto it = moduleAliases_.find(base->name);
  return it != moduleAliases_.end() && it->second == "numpy" &&
         (attr->attr == "nonzero" || attr->attr == "where");
}

Type Sema::typeOfIndexTuplePart(SubscriptExpr &s, CallExpr &call) {
  auto &attr = cast<AttributeExpr>(*call.callee);
  std::string shown = indexTupleCalls_.count(&call) ? indexTupleCalls_.at(&call) : "np." + attr.attr;
  Expr &array = *call.args[0];
  Type t = typeOf(array);
  typeOf(*s.index);
  if (t == Type::Unknown)
    return Type::Unknown;
  if (isWindow(array)) {
    error(call.loc(), shown + "(a) of a 2-D array is a tuple of one index array per dimension, "
                              "which llcc does not build; np.flatnonzero(a) gives the indices "
                              "into a.ravel()");
    return Type::Unknown;
  }
  if (!isArray(t)) {
    error(array.loc(), shown + " takes an array here, not a " + std::string(typeName(t)));
    return Type::Unknown;
  }
  int64_t k;
  if (!intConstant(s.index.get(), k) || (k != 0 && k != -1)) {
    error(s.index->loc(), shown + "(a) of a 1-D array is a tuple of one index array: take [0]");
    return Type::Unknown;
  }
  indexTupleCalls_.emplace(&call, shown);
  attr.attr = "flatnonzero";
  call.type = typeOf(call);
  s.shape = call.shape;
  return call.type;
}

} // namespace sema
} // namespace llcc
