//===- SemaItem.cpp - ndarray.item() as a library call ----------------------===//
//
// `a.item()`, `a.item(i)` and `a.item(i, j)` give the element as a Python
// number (float, int or bool by the array's dtype), so later arithmetic is
// Python's: `a.item(0) / 0.0` raises ZeroDivisionError where `a[0] / 0.0`
// is numpy's inf. Without an index it is the one element of an array of
// size 1 (numpy's ValueError otherwise); with one, an index into the array
// in C order with numpy's "index 9 is out of bounds for size 9"; both call
// stdlib/numpy.flt on a.ravel(). With one index per dimension it is
// a[i, j]. Another count of indices raises ValueError in numpy on every
// call: a compile error.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

int Sema::expandArrayItem(CallExpr &e) {
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  if (!attr || attr->attr != "item" || !e.keywords.empty())
    return 0;
  if (auto *base = dyn_cast<NameExpr>(attr->value.get());
      base && !locals_.count(base->name) &&
      (moduleAliases_.count(base->name) || constants_.count(base->name)))
    return 0;
  Type array = typeOf(*attr->value);
  if (array == Type::Unknown)
    return 2;
  if (!isNdarray(array))
    return 0;
  size_t dims = attr->value->shape ? attr->value->shape->dims.size() : 1;
  for (auto &a : e.args) {
    Type t = typeOf(*a);
    if (t == Type::Unknown)
      return 2;
    if (!isIntegral(t)) {
      error(a->loc(), std::string("a.item() takes int indices, not a ") + typeName(t) +
                          " (numpy raises TypeError); write a.item(int(i))");
      return -1;
    }
  }
  if (!e.args.empty() && e.args.size() != 1 && e.args.size() != dims) {
    std::string n = std::to_string(dims);
    error(e.loc(), "a.item() of a " + n + "-D array takes no index or one (in C order)" +
                       (dims >= 2 ? " or " + n : std::string()) +
                       "; numpy raises ValueError: incorrect number of indices for array");
    return -1;
  }
  SourceLoc loc = e.loc();
  ExprPtr value;
  if (e.args.size() == dims && dims >= 2) {
    // One index per dimension: the element itself, with a[i, j]'s errors.
    value = std::make_unique<SubscriptExpr>(loc, std::move(attr->value),
                                            std::make_unique<TupleExpr>(loc, std::move(e.args)));
  } else {
    std::vector<ExprPtr> args;
    SourceLoc at = attr->value->loc();
    auto ravel = std::make_unique<AttributeExpr>(at, std::move(attr->value), "ravel");
    args.push_back(std::make_unique<CallExpr>(at, std::move(ravel), std::vector<ExprPtr>{},
                                              std::vector<KeywordArg>{}));
    for (auto &a : e.args)
      args.push_back(std::move(a));
    auto callee = std::make_unique<NameExpr>(loc, "llcc.item");
    callee->type = Type::Function;
    auto call = std::make_unique<CallExpr>(loc, std::move(callee), std::move(args),
                                           std::vector<KeywordArg>{});
    call->builtin = "llcc.item";
    value = std::move(call);
  }
  // The Python number of the array's dtype.
  Type elem = elementType(array);
  const char *python = elem == Type::Int ? "int" : elem == Type::Bool ? "bool" : "float";
  e.callee = std::make_unique<NameExpr>(loc, python);
  e.args.clear();
  e.args.push_back(std::move(value));
  return 1;
}

} // namespace sema
} // namespace llcc
