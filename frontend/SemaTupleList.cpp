//===- SemaTupleList.cpp - Lists of tuples ----------------------------------===//
//
// Typing of Python lists whose elements are tuples of numbers, the way
// rank and nearest-value filters are written: `pairs = [(v, i) for i, v in
// enumerate(values)]`, `sorted(pairs)`, `pairs.sort()`, `pairs.append((a,
// b))`, `min(pairs)`, `max(pairs, key=lambda p: p[1])`, `pairs[k][0]`,
// `sorted(pairs)[:3]`, `for v, i in pairs:`. Every element has one tuple
// shape (one length, members joined as a tuple variable joins them), kept
// in the list's Shape (elem = Tuple, elemShape = the tuple's shape), so an
// element taken out is an ordinary tuple to the rest of Sema. The list
// lives in the call's arena as an array of the tuples' structs
// (codegen/IRGenTupleList.cpp).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

ShapeRef tupleListShape(const ShapeRef &tuple) {
  auto s = std::make_shared<Shape>();
  s->elem = Type::Tuple;
  s->elemShape = tuple;
  return s;
}

namespace {

/// Any member of a tuple shape (nested ones too) may be a numpy.float64.
bool anyNumpy(const ShapeRef &s) {
  if (!s)
    return false;
  for (size_t i = 0; i < s->members.size(); ++i)
    if ((i < s->memberNumpy.size() && s->memberNumpy[i]) ||
        (i < s->memberShapes.size() && anyNumpy(s->memberShapes[i])))
      return true;
  return false;
}

/// The builtins consumed here name a list of tuples as their argument; a
/// call other than sorted(...)/list(...) is left to its own typing (range,
/// enumerate and zip must not be typed as values).
bool mayBeTupleList(Expr &arg, const std::map<std::string, int> &locals) {
  if (isa<NameExpr>(&arg) || isa<ListExpr>(&arg) || isa<ComprehensionExpr>(&arg) ||
      isa<SubscriptExpr>(&arg))
    return true;
  if (auto *c = dyn_cast<CallExpr>(&arg))
    if (auto *n = dyn_cast<NameExpr>(c->callee.get()))
      return (n->name == "sorted" || n->name == "list") && !locals.count(n->name);
  if (auto *c = dyn_cast<CallExpr>(&arg))
    if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()))
      return a->attr == "copy" || a->attr == "items" || a->attr == "most_common";
  return false;
}

} // namespace

bool Sema::tupleListNumpy(const Expr &list) {
  return list.shape && anyNumpy(list.shape->elemShape);
}

/// `[(a, b), (c, d)]`: a display whose first element is a tuple; every
/// element a tuple of one length, the members joined.
bool Sema::typeOfTupleListDisplay(ListExpr &e, Type &out) {
  if (e.elements.empty() || typeOf(*e.elements[0]) != Type::Tuple)
    return false;
  out = Type::Unknown;
  ShapeRef joined;
  bool ok = typeListElements(e, [&](Expr &el, Type t) {
    if (t != Type::Tuple || !el.shape) {
      error(el.loc(), std::string("a list of tuples holds tuples only; this element is a ") +
                          typeName(t) + " (write it as a tuple, or keep two lists)");
      return false;
    }
    if (joinShapes(joined, el.shape, joined))
      return true;
    error(el.loc(), "a list of tuples holds tuples of one length and shape; this element is "
                    "a " + describeShape(t, el.shape) + " (keep each kind in a list of its "
                    "own)");
    return false;
  });
  if (!ok)
    return true;
  e.shape = tupleListShape(joined);
  out = Type::TupleList;
  return true;
}

/// `pairs[k]` (a tuple; IndexError outside the list) and `pairs[i:j]` (a
/// new list, as Python slices lists).
Type Sema::typeOfTupleListSubscript(SubscriptExpr &s) {
  if (auto *slice = dyn_cast<SliceExpr>(s.index.get())) {
    slice->type = Type::Unknown;
    for (Expr *part : {slice->start.get(), slice->stop.get(), slice->step.get()}) {
      if (!part)
        continue;
      Type t = typeOf(*part);
      if (t != Type::Unknown && !isIntegral(t) && t != Type::IntOrFloat)
        error(part->loc(), "slice indices must be integers");
    }
    s.shape = s.value->shape;
    return Type::TupleList;
  }
  Type i = typeOf(*s.index);
  if (i != Type::Unknown && !isIntegral(i) && i != Type::IntOrFloat) {
    error(s.index->loc(), "list indices must be integers, not " + std::string(typeName(i)));
    return Type::Unknown;
  }
  if (!s.value->shape)
    return Type::Unknown;
  s.shape = s.value->shape->elemShape;
  return Type::Tuple;
}

/// `pairs.append(t)` for a list variable: the variable becomes (or stays)
/// a list of tuples of t's shape; an empty `[]` it was given is one too.
void Sema::appendTuple(LocalVar &var, Expr &arg) {
  if (!arg.shape)
    return;
  if (var.type != Type::TupleList) {
    if (!isList(var.type) && var.type != Type::Unknown) {
      error(arg.loc(), std::string("a tuple cannot be appended to a ") + typeName(var.type));
      return;
    }
    var.type = Type::TupleList;
    var.shape = tupleListShape(arg.shape);
    changed_ = true;
    return;
  }
  ShapeRef joined;
  if (!var.shape || !joinShapes(var.shape->elemShape, arg.shape, joined)) {
    error(arg.loc(), "this list holds " +
                         describeShape(Type::Tuple, var.shape ? var.shape->elemShape : nullptr) +
                         " elements and cannot also hold a " +
                         describeShape(Type::Tuple, arg.shape) + "; use a separate list");
    return;
  }
  if (!sameShape(joined, var.shape->elemShape) ||
      anyNumpy(joined) != anyNumpy(var.shape->elemShape)) {
    var.shape = tupleListShape(joined);
    changed_ = true;
  }
}

/// append, sort, pop and copy of a list of tuples held in a local.
Type Sema::typeOfTupleListMethod(CallExpr &e, AttributeExpr &a) {
  const std::string &m = a.attr;
  e.builtin = "method." + m;
  a.type = Type::Function;
  auto *n = dyn_cast<NameExpr>(a.value.get());
  LocalVar *var = n && n->ref == NameRef::Local ? &fn_->locals[n->localIndex] : nullptr;
  const ShapeRef &list = a.value->shape;
  if (m == "copy") {
    if (!e.args.empty() || !e.keywords.empty())
      error(e.loc(), ".copy() takes no arguments");
    e.shape = list;
    return Type::TupleList;
  }
  if (m != "append" && m != "sort" && m != "pop" && m != "reverse") {
    for (auto &arg : e.args)
      typeOf(*arg);
    error(a.loc(), "a list of tuples has no method '" + m + "' in llcc; it has append, pop, "
                   "sort, reverse and copy (sorted(), min(), max() and len() take it too)");
    return Type::Unknown;
  }
  if (!var) {
    for (auto &arg : e.args)
      typeOf(*arg);
    error(a.value->loc(), "." + m + "() is supported on a list held in a local variable");
    return Type::Unknown;
  }
  if (m == "reverse") {
    if (!e.args.empty() || !e.keywords.empty())
      error(e.loc(), ".reverse() takes no arguments");
    return Type::None;
  }
  if (m == "sort") {
    for (auto &arg : e.args) {
      typeOf(*arg);
      error(arg->loc(), "sort() takes no positional arguments");
    }
    checkSortKeywords(e, list);
    return Type::None;
  }
  if (var->isParam) {
    error(a.value->loc(), "." + m + "() on a parameter would change the caller's list, which "
                          "llcc does not share; build a new list in this function");
    return Type::Unknown;
  }
  if (!var->grows) {
    var->grows = true;
    changed_ = true;
  }
  if (m == "append") {
    if (e.args.size() != 1 || !e.keywords.empty()) {
      error(e.loc(), ".append() takes exactly one argument");
      return Type::Unknown;
    }
    Type t = typeOf(*e.args[0]);
    if (t == Type::Unknown)
      return Type::None;
    if (t != Type::Tuple) {
      error(e.args[0]->loc(), std::string("this list holds tuples; a ") + typeName(t) +
                                  " cannot be appended to it (keep it in a list of its own)");
      return Type::None;
    }
    appendTuple(*var, *e.args[0]);
    return Type::None;
  }
  // pop() and pop(i)
  if (e.args.size() > 1 || !e.keywords.empty())
    error(e.loc(), ".pop() takes 0 to 1 argument(s) here");
  if (!e.args.empty()) {
    Type i = typeOf(*e.args[0]);
    if (i != Type::Unknown && !isIntegral(i) && i != Type::IntOrFloat)
      error(e.args[0]->loc(), "list indices must be integers");
  }
  e.shape = list ? list->elemShape : nullptr;
  return Type::Tuple;
}

/// `key=` and `reverse=` of sorted() and .sort() of a list of tuples.
void Sema::checkSortKeywords(CallExpr &e, const ShapeRef &list) {
  for (KeywordArg &k : e.keywords) {
    if (k.name == "key") {
      Type kt = typeOfKey(*k.value, Type::Tuple, list && anyNumpy(list->elemShape),
                          list ? list->elemShape : nullptr);
      checkKeyType(*k.value, kt, "sorted");
    } else if (k.name == "reverse") {
      Type t = typeOf(*k.value);
      if (t != Type::Unknown && !isNumeric(t))
        error(k.value->loc(), "reverse= takes a bool");
    } else {
      typeOf(*k.value);
      error(k.loc, "keyword argument '" + k.name + "' is not supported for sorting a list of "
                   "tuples (key= and reverse= are)");
    }
  }
}

/// len, sorted, list, min and max of a list of tuples (a generator of
/// tuples, `min((abs(v - m), i) for i, v in enumerate(values))`, too).
bool Sema::typeOfTupleListBuiltin(CallExpr &e, const std::string &name, Type &out) {
  if (e.args.size() != 1 || !mayBeTupleList(*e.args[0], locals_))
    return false;
  Expr &arg = *e.args[0];
  if (typeOf(arg) != Type::TupleList || !arg.shape)
    return false;
  out = Type::Unknown;
  const ShapeRef &elemShape = arg.shape->elemShape;
  if (name == "len") {
    for (KeywordArg &k : e.keywords) {
      typeOf(*k.value);
      error(k.loc, "len() takes no keyword arguments");
    }
    out = Type::Int;
    return true;
  }
  if (name == "sorted") {
    checkSortKeywords(e, arg.shape);
    e.shape = arg.shape;
    out = Type::TupleList;
    return true;
  }
  if (name == "list") {
    for (KeywordArg &k : e.keywords) {
      typeOf(*k.value);
      error(k.loc, "list() takes no keyword arguments");
    }
    e.shape = arg.shape;
    out = Type::TupleList;
    return true;
  }
  if (name == "min" || name == "max") {
    ShapeRef result = elemShape;
    for (KeywordArg &k : e.keywords) {
      if (k.name == "key") {
        Type kt = typeOfKey(*k.value, Type::Tuple, anyNumpy(elemShape), elemShape);
        checkKeyType(*k.value, kt, name);
      } else if (k.name == "default") {
        // The result is an element or the default: a tuple of both shapes.
        Type d = typeOf(*k.value);
        ShapeRef joined;
        if (d != Type::Unknown &&
            (d != Type::Tuple || !k.value->shape || !joinShapes(elemShape, k.value->shape, joined)))
          error(k.value->loc(), name + "()'s default for this list must be a tuple like its "
                                       "elements (" + describeShape(Type::Tuple, elemShape) +
                                       "), not a " + describeShape(d, k.value->shape) +
                                       "; test len(pairs) first for another value");
        else if (joined)
          result = joined;
      } else {
        typeOf(*k.value);
        error(k.loc, "keyword argument '" + k.name + "' is not supported for " + name +
                         "() of a list of tuples (key= and default= are)");
      }
    }
    e.shape = result;
    out = Type::Tuple;
    return true;
  }
  error(e.loc(), "'" + name + "' of a list of tuples is not supported; loop over the list, or "
                 "take a member of each tuple in a comprehension (sum(p[0] for p in pairs))");
  return true;
}

/// `pairs[k] = (a, b)`: a tuple of the list's shape stored at k (the
/// list's length never changes, so slices cannot be assigned).
bool Sema::assignToTupleList(SubscriptExpr &target, Type valueType, Expr *value) {
  if (isa<SliceExpr>(target.index.get())) {
    error(target.index->loc(), "assigning to a list slice can change the list's length in "
                               "Python and is not supported; assign the elements in a loop");
    return true;
  }
  Type i = typeOf(*target.index);
  if (i != Type::Unknown && !isIntegral(i) && i != Type::IntOrFloat)
    error(target.index->loc(), "list indices must be integers");
  if (valueType == Type::Unknown || !target.value->shape)
    return true;
  ShapeRef joined;
  const ShapeRef &elem = target.value->shape->elemShape;
  if (valueType != Type::Tuple || !value || !value->shape ||
      !joinShapes(elem, value->shape, joined) || !sameShape(joined, elem)) {
    error(value ? value->loc() : target.loc(),
          "this list holds " + describeShape(Type::Tuple, elem) + " elements; a " +
              describeShape(valueType, value ? value->shape : nullptr) +
              " cannot be stored in it (keep it in a list of its own)");
    return true;
  }
  target.type = Type::Tuple;
  target.shape = elem;
  return true;
}

} // namespace sema
} // namespace llcc
