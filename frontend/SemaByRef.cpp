//===- SemaByRef.cpp - Sets and dicts passed to helpers ---------------------===//
//
// A set or dict given to a helper (`_visit(xs, i, seen)`) is passed as
// CPython passes it: the helper's parameter holds the caller's object (a
// pointer to the same hash table header, IRGenDict.cpp), so what the
// helper adds or updates is seen by the caller and by every level of a
// recursion; assigning the parameter (`seen = set()`) rebinds only the
// helper's name. A dict's flavour (a plain dict, a defaultdict(int), a
// defaultdict(list), a Counter) decides how its missing keys read, so
// every call of a helper must pass the same flavour for one parameter, or
// the call is refused.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {
std::string flavourName(Type dflt, bool counter) {
  if (counter)
    return "Counter";
  if (dflt == Type::Int)
    return "defaultdict(int)";
  if (dflt == Type::Float)
    return "defaultdict(float)";
  if (isList(dflt))
    return "defaultdict(list)";
  return "plain dict";
}
} // namespace

/// Joins the flavour of the set or dict `arg` into the helper parameter
/// `param`; false (after an error) when another call passes another one.
bool Sema::joinHashParam(FunctionDef &target, LocalVar &param, Expr &arg) {
  joinContainerShape(param, arg.shape);
  Type dflt = Type::None;
  bool counter = false;
  if (arg.type == Type::Dict) {
    const Expr *base = &arg;
    // d.copy() of a defaultdict or Counter is one of the same flavour.
    if (auto *c = dyn_cast<CallExpr>(&arg); c && c->builtin == "method.copy")
      if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()))
        base = a->value.get();
    if (auto *n = dyn_cast<NameExpr>(base); n && n->ref == NameRef::Local) {
      const LocalVar &v = fn_->locals[n->localIndex];
      if (v.dictDefault == Type::Unknown)
        return true; // not known yet (a later round)
      dflt = v.dictDefault;
      counter = v.counter;
    } else if (auto *c = dyn_cast<CallExpr>(&arg);
               (c && c->builtin == "collections.Counter") || isa<BinaryExpr>(&arg)) {
      dflt = Type::Int;
      counter = true;
    } else if (c && c->builtin == "collections.defaultdict") {
      if (!c->shape)
        return true;
      dflt = c->shape->value;
    }
  }
  if (param.dictDefault == Type::Unknown) {
    param.dictDefault = dflt;
    param.counter = counter;
    changed_ = true;
    return true;
  }
  if (param.dictDefault == dflt && param.counter == counter)
    return true;
  error(arg.loc(), "'" + target.name + "' is called with a " + flavourName(dflt, counter) +
                       " for '" + param.name + "' here and a " +
                       flavourName(param.dictDefault, param.counter) +
                       " elsewhere; missing keys would read differently: pass the same kind "
                       "of dict at every call");
  return false;
}

} // namespace sema
} // namespace llcc

namespace llcc {
namespace sema {

/// `return [(dy, dx) for ...]`, `return seen`, `return counts` in a helper:
/// the list of tuples, set or dict is returned as its pointer (its memory
/// is the call's arena, which outlives the helper). Every return gives one
/// kind; a defaultdict or Counter is refused (the caller would read its
/// missing keys as a plain dict's).
void Sema::joinReturnedContainer(Expr &value, Type t) {
  auto mismatch = [&] {
    error(value.loc(), "'" + fn_->name + "' returns a " + describeShape(t, value.shape) +
                           " here and a " + describeShape(fn_->returnType, fn_->returnShape) +
                           " elsewhere; return the same kind of value everywhere");
  };
  if (fn_->returnType != Type::Unknown && fn_->returnType != t) {
    mismatch();
    return;
  }
  if (t == Type::TupleList) {
    if (fn_->returnType == Type::Unknown) {
      fn_->returnType = t;
      changed_ = true;
    }
    if (!joinInto(fn_->returnType, fn_->returnShape, t, value.shape))
      mismatch();
    return;
  }
  if (t == Type::Dict) {
    const LocalVar *v = nullptr;
    if (auto *n = dyn_cast<NameExpr>(&value); n && n->ref == NameRef::Local)
      v = &fn_->locals[n->localIndex];
    auto *c = dyn_cast<CallExpr>(&value);
    if ((v && v->dictDefault != Type::Unknown && v->dictDefault != Type::None) ||
        (c && (c->builtin == "collections.Counter" || c->builtin == "collections.defaultdict")) ||
        isa<BinaryExpr>(&value)) {
      error(value.loc(), "a helper cannot return a defaultdict or Counter in llcc (its caller "
                         "would read missing keys as a plain dict's); pass it to the helper "
                         "instead, which then fills the caller's object");
      return;
    }
  }
  if (fn_->returnType == Type::Unknown) {
    fn_->returnType = t;
    changed_ = true;
  }
  LocalVar joined;
  joined.name = fn_->name;
  joined.type = t;
  joined.shape = fn_->returnShape;
  joinContainerShape(joined, value.shape);
  if (joined.shape != fn_->returnShape) {
    fn_->returnShape = joined.shape;
    changed_ = true;
  }
}

} // namespace sema
} // namespace llcc
