//===- SemaStarred.cpp - f(*x): argument unpacking of a known callee -------===//
//
// `f(*x)` passes x's items as the positional arguments. llcc compiles it
// for the variadic builtins where that is exactly a call it has:
//
//   math.hypot(*t), max(*t), min(*t)   t a tuple (its length known when
//                                      compiling): math.hypot(t[0], t[1], ...)
//   math.hypot(*a)                     a 1-D array or list of any length:
//                                      CPython 3.11's vector_norm over its
//                                      elements (IRGenHypot.cpp), the same
//                                      code as math.hypot of as many numbers
//
//   zip(*rows)                         rows a display, a tuple, or a 2-D
//                                      array of a constant row count held
//                                      in a name: zip(rows[0], rows[1], ...)
//
// max(*a) of a run-time length is refused: CPython raises TypeError when a
// has fewer than two elements (`max(x)` of one number), which max(a) does
// not. Any other starred call is a compile error.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

/// zip(*rows): zip of the rows, when their number is known when compiling.
/// `rows` a display: its items; a name holding a tuple or a 2-D array of a
/// constant row count (`t`, typed by the caller): zip(rows[0], rows[1],
/// ...), each row read once, in order, as CPython's unpacking iterates it.
/// False, with the reason in `why` (empty when `t` was already reported),
/// when they are not known.
bool expandStarredZip(CallExpr &e, Type t, std::string &why) {
  Expr &x = *e.args[0];
  if (auto *items = displayItems(x)) {
    std::vector<ExprPtr> args = std::move(*items);
    e.args = std::move(args);
    e.starred = false;
    return true;
  }
  if (t == Type::Unknown)
    return false;
  int64_t count = -1;
  if (t == Type::Tuple && x.shape)
    count = int64_t(x.shape->members.size());
  else if (isArray(t) && x.shape && x.shape->dims.size() == 2)
    count = x.shape->dims[0];
  if (count < 0) {
    why = "zip(*rows) needs the number of rows when compiling: a tuple or a 2-D array of a "
          "constant row count (w = values.reshape(3, 3)), here " +
          describeShape(t, x.shape) +
          " (a list's length is known only at run time); write zip(rows[0], rows[1], ...), or "
          "loop over the columns of a 2-D array (for c in w.T)";
    return false;
  }
  if (count == 0 || count > 8) {
    why = "zip(*rows) takes 1 to 8 rows in llcc, here " + std::to_string(count);
    return false;
  }
  if (!isa<NameExpr>(&x)) {
    why = "unpack rows held in a name: rows = ...; zip(*rows)";
    return false;
  }
  std::vector<ExprPtr> rows;
  for (int64_t k = 0; k < count; ++k)
    rows.push_back(std::make_unique<SubscriptExpr>(
        x.loc(), std::make_unique<NameExpr>(x.loc(), cast<NameExpr>(x).name),
        std::make_unique<IntLiteralExpr>(x.loc(), k, false)));
  e.args = std::move(rows);
  e.starred = false;
  return true;
}

Type Sema::typeOfStarredCall(CallExpr &e) {
  std::string name;
  auto *n = dyn_cast<NameExpr>(e.callee.get());
  if (n && n->name != "print") { // print is typed apart (typeOfPrint)
    n->type = typeOfName(*n);
    if (n->ref == NameRef::Builtin)
      name = n->qualifiedName;
  } else if (auto *a = dyn_cast<AttributeExpr>(e.callee.get())) {
    typeOf(*a);
    name = a->qualifiedName;
  }
  if (name == "zip") {
    if (e.args.size() != 1 || !e.keywords.empty()) {
      error(e.loc(), "zip(*rows) is supported with the one starred argument alone in llcc");
      for (ExprPtr &a : e.args)
        typeOf(*a);
      return Type::Unknown;
    }
    std::string why;
    Type t = displayItems(*e.args[0]) ? Type::Unknown : typeOf(*e.args[0]);
    if (!expandStarredZip(e, t, why)) {
      if (!why.empty())
        error(e.args[0]->loc(), why);
      return Type::Unknown;
    }
    return typeOfCall(e);
  }
  Expr &x = *e.args[0];
  bool hypot = name == "math.hypot";
  if (!hypot && name != "max" && name != "min") {
    error(x.loc(), "argument unpacking is supported only as math.hypot(*x), max(*t), min(*t) "
                   "and zip(*rows) in llcc; pass the values themselves");
    typeOf(x);
    return Type::Unknown;
  }
  Type t = typeOf(x);
  if (t == Type::Unknown)
    return Type::Unknown;
  if (t == Type::Tuple && x.shape) {
    size_t n = x.shape->members.size();
    if (!hypot && n < 2) {
      error(x.loc(), name + "(*t) of a tuple of " + std::to_string(n) +
                         " item(s) raises TypeError in CPython; write " + name + "(t)");
      return Type::Unknown;
    }
    if (!isa<NameExpr>(&x)) {
      error(x.loc(), "unpack a tuple held in a name: t = ...; " + name + "(*t)");
      return Type::Unknown;
    }
    // math.hypot(*t) is math.hypot(t[0], t[1], ...), each member read in order.
    std::vector<ExprPtr> members;
    for (size_t k = 0; k < n; ++k)
      members.push_back(std::make_unique<SubscriptExpr>(
          x.loc(), std::make_unique<NameExpr>(x.loc(), cast<NameExpr>(x).name),
          std::make_unique<IntLiteralExpr>(x.loc(), static_cast<int64_t>(k), false)));
    e.args = std::move(members);
    e.starred = false;
    return typeOfCall(e);
  }
  bool oneD = (t == Type::FloatArray || t == Type::IntArray || t == Type::BoolArray) &&
              (!x.shape || x.shape->dims.size() <= 1);
  if (hypot && (oneD || isList(t)) && e.keywords.empty()) {
    e.builtin = "math.hypot.unpacked";
    return Type::Float;
  }
  if (!hypot && (oneD || isList(t))) {
    error(x.loc(), name + "(*x) of a length known only at run time is not supported (CPython "
                          "raises TypeError when x has fewer than two elements); write " +
                       name + "(x)");
    return Type::Unknown;
  }
  error(x.loc(), "math.hypot(*x) unpacks a tuple or a 1-D array or list of numbers (the rows "
                 "of a 2-D array are arrays: CPython's TypeError), here " +
                     describeShape(t, x.shape));
  return Type::Unknown;
}

} // namespace sema
} // namespace llcc
