//===- SemaArrayList.cpp - Lists of arrays ----------------------------------===//
//
// Typing of Python lists whose elements are numpy arrays, the way a
// Kuwahara filter is written: `quads = [w[:3, :3], w[:3, 2:], w[2:, :3],
// w[2:, 2:]]`, then `min(quads, key=lambda q: q.var())`, `for q in quads`,
// `quads[i]`, `len(quads)`, comprehensions over them and comprehensions
// making them (`[values[i:i + 3] for i in range(0, 9, 3)]`). Every element
// has one array kind and one shape (1-D arrays of any length, or windows of
// one shape and layout), kept in the list's Shape (elem, elemShape), so an
// element taken out of the list is an ordinary array or window to the rest
// of Sema. Elements are read-only through the list (they are mostly views
// of the neighbourhood); the list itself cannot grow.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

namespace llcc {
namespace sema {

/// The Shape of a list holding arrays of kind `elem`; a 1-D array's own
/// shape (a row's length) is dropped, as locals drop it.
ShapeRef arrayListShape(Type elem, const ShapeRef &elemShape) {
  auto s = std::make_shared<Shape>();
  s->elem = elem;
  s->elemShape = isWindowShape(elemShape) ? elemShape : nullptr;
  return s;
}

void Sema::tupleOfArraysToList(ExprPtr &iter) {
  auto *t = iter ? dyn_cast<TupleExpr>(iter.get()) : nullptr;
  if (!t || t->elements.empty())
    return;
  for (auto &el : t->elements)
    if (!isNdarray(typeOf(*el)))
      return;
  iter = std::make_unique<ListExpr>(t->loc(), std::move(t->elements));
}

/// `[a, b, c]` whose first element is an array: every element an array of
/// its kind and shape.
bool Sema::typeOfArrayListDisplay(ListExpr &e, Type &out) {
  if (e.elements.empty() || !isNdarray(typeOf(*e.elements[0])))
    return false;
  out = Type::Unknown;
  copyReadonlyViews(e);
  Type kind = e.elements[0]->type;
  ShapeRef shape = isWindow(*e.elements[0]) ? e.elements[0]->shape : nullptr;
  bool ok = typeListElements(e, [&](Expr &el, Type t) {
    ShapeRef s = isWindow(el) ? el.shape : nullptr;
    if (t == kind && sameShape(s, shape))
      return true;
    if (t == kind && s && shape && s->dims == shape->dims) {
      // The same shape in another memory layout (w and w.T, np.rot90(w)).
      error(el.loc(), "a list of arrays holds arrays of one memory layout; this element is a " +
                          describeArray(t, s) + " laid out differently from the first (a "
                          "transposed, flipped or stepped view of a writable array); copy "
                          "them alike (np.rot90(w).copy()) or reduce each one first");
      return false;
    }
    error(el.loc(), std::string("a list of arrays holds arrays of one dtype and shape; this ") +
                        "element is a " + describeArray(t, s) + " and the first a " +
                        describeArray(kind, shape) + " (reshape or copy them alike)");
    return false;
  });
  if (!ok)
    return true;
  e.shape = arrayListShape(kind, shape);
  // 1-D arrays of one length known when compiling (module constants such
  // as Laws' L3 = np.array([1.0, 2.0, 1.0])) keep it: np.outer(a, b) of
  // two of them needs it.
  bool sameLength = !shape && isKnownVector(e.elements[0]->shape);
  for (auto &el : e.elements)
    sameLength =
        sameLength && isKnownVector(el->shape) && el->shape->dims == e.elements[0]->shape->dims;
  if (sameLength) {
    auto s = std::make_shared<Shape>(*e.shape);
    s->elemShape = e.elements[0]->shape;
    e.shape = s;
  }
  out = Type::ArrayList;
  return true;
}

/// `[w, w.T, np.rot90(w)]`: 2-D arrays of one shape in different memory
/// layouts, all views of read-only arrays, become C-order copies. A list's
/// arrays are read-only through it, and what they view cannot change, so
/// copies read the same values; a list holds arrays of one layout.
void Sema::copyReadonlyViews(ListExpr &e) {
  Type kind = e.elements[0]->type;
  const ShapeRef &first = e.elements[0]->shape;
  if (!isWindow(*e.elements[0]))
    return;
  bool differ = false;
  for (ExprPtr &el : e.elements) {
    Type t = el.get() == e.elements[0].get() ? kind : typeOf(*el);
    if (t != kind || !isWindow(*el) || el->shape->dims != first->dims ||
        !isReadonlyArrayExpr(*el))
      return; // typed as written: its errors say what is wrong
    differ |= !sameShape(el->shape, first);
  }
  if (!differ)
    return;
  for (ExprPtr &el : e.elements) {
    SourceLoc at = el->loc();
    auto method = std::make_unique<AttributeExpr>(at, std::move(el), "copy");
    el = std::make_unique<CallExpr>(at, std::move(method), std::vector<ExprPtr>{},
                                    std::vector<KeywordArg>{});
    typeOf(*el);
  }
}

bool Sema::typeListElements(ListExpr &e, const std::function<bool(Expr &, Type)> &accept) {
  bool ok = true;
  for (auto &el : e.elements) {
    Type t = typeOf(*el);
    if (t == Type::Unknown || !accept(*el, t))
      ok = false;
  }
  return ok;
}

std::string Sema::describeArray(Type t, const ShapeRef &s) {
  if (!isWindowShape(s))
    return std::string("1-D ") + typeName(t);
  std::string dims;
  for (int64_t d : s->dims)
    dims += (dims.empty() ? "" : "x") + std::to_string(d);
  return dims + " " + typeName(t) + (s->strides.empty() ? "" : " view");
}

/// `quads[i]`: the array at i (IndexError outside the list).
Type Sema::typeOfArrayListSubscript(SubscriptExpr &s) {
  Type i = isa<SliceExpr>(s.index.get()) ? Type::Unknown : typeOf(*s.index);
  if (isa<SliceExpr>(s.index.get()) || (i != Type::Unknown && !isIntegral(i) &&
                                         i != Type::IntOrFloat)) {
    error(s.index->loc(), "a list of arrays is indexed with an int (quads[i]); slicing it "
                          "is not supported: index the arrays you need");
    return Type::Unknown;
  }
  if (!s.value->shape)
    return Type::Unknown;
  s.shape = s.value->shape->elemShape;
  return s.value->shape->elem;
}

/// `for q in quads:` binds each array (read-only) to the loop variable.
bool Sema::walkArrayListFor(ForStmt &s, unsigned loopDepth) {
  Expr &iter = *s.iter;
  auto *call = dyn_cast<CallExpr>(&iter);
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  auto *comp = dyn_cast<ComprehensionExpr>(&iter);
  auto *view = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
  if (view && view->attr == "values")
    dictListWalks_.insert(call); // d.values() of a dict of lists (SemaDictLists.cpp)
  bool candidate = isa<NameExpr>(&iter) || isa<ListExpr>(&iter) || (comp && !comp->generator) ||
                   (callee && callee->name == "sorted") || (view && view->attr == "values");
  if (!candidate || typeOf(iter) != Type::ArrayList)
    return false;
  auto *target = dyn_cast<NameExpr>(s.target.get());
  if (!target) {
    error(s.target->loc(), "a loop over a list of arrays binds each array to one name "
                           "(for q in quads:)");
    return true;
  }
  bindArrayListElement(*target, iter);
  if (view && view->attr == "values" && isDictOfLists(*view->value))
    noteDictListBind(*view->value, target->name, target->loc());
  walkBlock(s.body, loopDepth + 1);
  walkBlock(s.elseBody, loopDepth);
  return true;
}

/// Gives the variable `target` names the element kind and shape of the
/// list of arrays `list`, read-only.
void Sema::bindArrayListElement(NameExpr &target, const Expr &list) {
  Type elem = list.shape ? list.shape->elem : Type::Unknown;
  ShapeRef shape = list.shape ? list.shape->elemShape : nullptr;
  assignTarget(target, elem, nullptr, target.loc(), nullptr, true);
  if (target.ref != NameRef::Local)
    return;
  markArrayListLocal(target.localIndex, list);
  target.shape = fn_->locals[target.localIndex].shape;
}

void Sema::markArrayListLocal(int index, const Expr &list) {
  LocalVar &var = fn_->locals[index];
  if (list.shape && isList(list.shape->elem))
    markRowAlias(var); // a row of a list of lists
  joinLocalShape(var, true, list.shape ? list.shape->elemShape : nullptr, list.loc());
  if (!var.readonlyArray) {
    var.readonlyArray = true;
    changed_ = true;
  }
}

/// len, min, max and sorted of a list of arrays; min, max and sorted need
/// key= (comparing arrays is an error in numpy).
bool Sema::typeOfArrayListBuiltin(CallExpr &e, const std::string &name, Type &out) {
  if (e.args.size() != 1)
    return false;
  Expr &arg = *e.args[0];
  auto *comp = dyn_cast<ComprehensionExpr>(&arg);
  if (!(isa<NameExpr>(&arg) || isa<ListExpr>(&arg) || (comp && !comp->generator)) ||
      typeOf(arg) != Type::ArrayList || !arg.shape)
    return false;
  out = Type::Unknown;
  const Shape &list = *arg.shape;
  Expr *key = nullptr, *dflt = nullptr;
  for (KeywordArg &k : e.keywords) {
    if (k.name == "key" && name != "len")
      key = k.value.get();
    else if (k.name == "default" && (name == "min" || name == "max"))
      dflt = k.value.get();
    else {
      typeOf(*k.value);
      error(k.loc, "keyword argument '" + k.name + "' is not supported for '" + name + "'");
      return true;
    }
  }
  if (name == "len") {
    out = Type::Int;
    return true;
  }
  if (name == "numpy.array" || name == "numpy.asarray") {
    error(e.loc(), "'" + name + "' of a list of arrays (a 2-D array of its rows) is not "
                   "supported; reduce each array in a comprehension (np.array([q.mean() for q "
                   "in quads])) or loop over the list");
    return true;
  }
  if (name != "min" && name != "max" && name != "sorted") {
    error(e.loc(), "'" + name + "' of a list of arrays is not supported (numpy cannot take "
                   "the truth value of an array); loop over the list, or use min, max or "
                   "sorted with key=");
    return true;
  }
  if (!key) {
    error(e.loc(), "'" + name + "' of a list of arrays compares arrays, which numpy refuses "
                   "(ValueError); give a key: " + name + "(arrays, key=lambda a: a.mean())");
    return true;
  }
  if (dflt) {
    typeOf(*dflt);
    error(dflt->loc(), "default= is not supported for a list of arrays (the result would be "
                       "an array or a number); test len(arrays) first");
    return true;
  }
  checkKeyType(*key, typeOfKey(*key, list.elem, true, list.elemShape), name);
  if (name == "sorted") {
    e.shape = arg.shape;
    out = Type::ArrayList;
  } else {
    e.shape = list.elemShape;
    out = list.elem;
  }
  return true;
}

/// `for i, q in enumerate(quads)`: a loop target that unpacks an array
/// (only a list of arrays yields them) holds it read-only.
void Sema::markUnpackedArrays(Expr &target, Type t, const ShapeRef &shape) {
  auto *tt = dyn_cast<TupleExpr>(&target);
  if (auto *n = dyn_cast<NameExpr>(&target); n && n->ref == NameRef::Local && isList(t)) {
    markRowAlias(fn_->locals[n->localIndex]); // a row of a list of lists
  } else if (auto *n = dyn_cast<NameExpr>(&target); n && n->ref == NameRef::Local && isNdarray(t)) {
    LocalVar &var = fn_->locals[n->localIndex];
    if (!var.readonlyArray) {
      var.readonlyArray = true;
      changed_ = true;
    }
  } else if (tt && t == Type::Tuple && shape && shape->members.size() == tt->elements.size()) {
    for (size_t i = 0; i < tt->elements.size(); ++i)
      markUnpackedArrays(*tt->elements[i], shape->members[i], shape->memberShapes[i]);
  }
}

/// A key returns a number or a tuple (compared as CPython compares tuples:
/// `min(values, key=lambda v: (abs(v - m), v))`).
void Sema::checkKeyType(const Expr &key, Type kt, const std::string &name) {
  if (kt != Type::Unknown && kt != Type::Tuple && !isNumeric(kt) && !isa<LambdaExpr>(&key))
    error(key.loc(), "a key function must return a number");
}

} // namespace sema
} // namespace llcc
