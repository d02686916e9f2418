//===- SemaBoolKinds.cpp - numpy bools and Python bools in one variable ----===//
//
// A comparison of numpy values is a numpy.bool_, whose ~ is logical not and
// whose + of two bools is logical or; a Python bool's are the ints -2 and 2
// (docs/language.md, Numerics). Sema's flag Expr::mayBeNumpy says which one
// an expression is, but a variable can hold both: `b = False` on one path
// and `b = values[i] > t` on another, or `x = v > t; x += 1` (a numpy bool,
// then a numpy int). llcc has one lowering per variable, so where the two
// kinds would give different results (`~b`, `-b`, `b + c` of bools) the
// program is refused with the conversion to write. The reporting walk
// records assignments and such uses; checkBoolKindUses() decides once every
// assignment is known, iterating because one variable may be assigned
// another.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <set>
#include <tuple>

namespace llcc {
namespace sema {

/// What `e` is on every path: a numpy.bool_, something else (a Python bool,
/// an int, a float), or either. A conditional expression and `and`/`or`
/// yield one of their operands.
Sema::BoolKind Sema::boolKind(const FunctionDef &fn, const Expr &e) {
  auto combine = [](BoolKind a, BoolKind b) { return a == b ? a : BoolKind::Mixed; };
  if (auto *n = dyn_cast<NameExpr>(&e); n && n->ref == NameRef::Local && n->localIndex >= 0) {
    const LocalVar &var = fn.locals[static_cast<size_t>(n->localIndex)];
    if (!var.holdsNumpyBool)
      return BoolKind::Other;
    return var.holdsOtherNumber || var.type != Type::Bool ? BoolKind::Mixed : BoolKind::NumpyBool;
  }
  if (auto *s = dyn_cast<SubscriptExpr>(&e))
    if (auto *n = dyn_cast<NameExpr>(s->value.get());
        n && n->ref == NameRef::Local && n->localIndex >= 0) {
      const LocalVar &var = fn.locals[static_cast<size_t>(n->localIndex)];
      if (var.type == Type::IntList && var.holdsNumpyBoolElements)
        return BoolKind::ListElement;
    }
  if (auto *i = dyn_cast<IfExpExpr>(&e))
    return combine(boolKind(fn, *i->thenExpr), boolKind(fn, *i->elseExpr));
  if (auto *b = dyn_cast<BinaryExpr>(&e); b && (b->op == BinaryOp::And || b->op == BinaryOp::Or))
    return combine(boolKind(fn, *b->lhs), boolKind(fn, *b->rhs));
  return e.type == Type::Bool && e.mayBeNumpy ? BoolKind::NumpyBool : BoolKind::Other;
}

void Sema::checkBoolKindUses() {
  for (const BoolKindAssign &a : boolKindAssigns_)
    a.var->holdsNumpyBool = a.var->holdsOtherNumber = a.var->holdsNumpyBoolElements = false;
  auto set = [](bool &flag, bool value, bool &changed) {
    changed |= value && !flag;
    flag |= value;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (const BoolKindAssign &a : boolKindAssigns_) {
      if (a.slot != BoolKindSlot::Value) {
        // A list's elements: those of a display, a comprehension's, or one.
        bool numpy = false;
        if (auto *l = a.slot == BoolKindSlot::Elements ? dyn_cast<ListExpr>(a.value) : nullptr) {
          for (auto &el : l->elements)
            numpy |= boolKind(*a.fn, *el) != BoolKind::Other;
        } else if (auto *c = a.slot == BoolKindSlot::Elements
                                 ? dyn_cast<ComprehensionExpr>(a.value)
                                 : nullptr) {
          numpy = boolKind(*a.fn, *c->element) != BoolKind::Other;
        } else if (a.slot == BoolKindSlot::Element) {
          numpy = boolKind(*a.fn, *a.value) != BoolKind::Other;
        }
        set(a.var->holdsNumpyBoolElements, numpy, changed);
        continue;
      }
      BoolKind k = a.value ? boolKind(*a.fn, *a.value)
                           : a.type == Type::Bool && a.numpy ? BoolKind::NumpyBool
                                                             : BoolKind::Other;
      set(a.var->holdsNumpyBool, k != BoolKind::Other, changed);
      set(a.var->holdsOtherNumber, k != BoolKind::NumpyBool, changed);
    }
  }
  std::set<std::tuple<unsigned, unsigned, std::string>> reported;
  for (const BoolKindUse &u : boolKindUses_) {
    BoolKind k = boolKind(*u.fn, *u.operand);
    if (k != BoolKind::Mixed && k != BoolKind::ListElement)
      continue;
    // With a number a numpy bool counts as 0 or 1, as a Python bool does:
    // only a bool (or one of these) on the other side differs.
    if (u.other && u.other->type != Type::Bool && boolKind(*u.fn, *u.other) == BoolKind::Other)
      continue;
    if (!reported.insert({u.loc.line, u.loc.col, u.op}).second)
      continue;
    const std::string why = "numpy's ~ is logical not, its + logical or; ";
    auto *sub = dyn_cast<SubscriptExpr>(u.operand);
    if (k == BoolKind::ListElement && sub) {
      const std::string &list = cast<NameExpr>(*sub->value).name;
      error(u.loc, "the elements of '" + list + "' are numpy.bool_ (comparisons of numpy values) "
                   "in CPython and ints in llcc, and '" + u.op + "' differs between them (" +
                       why + "convert them where the list is built: bool(v > t))");
    } else if (auto *n = dyn_cast<NameExpr>(u.operand))
      error(u.loc, "'" + n->name + "' holds a numpy.bool_ (a comparison of numpy values) on one " +
                       "line and a Python bool or number on another, and '" + u.op +
                       "' differs between them (" + why + "convert where it is assigned: " +
                       n->name + " = bool(...))");
    else
      error(u.loc, "this value is a numpy.bool_ (a comparison of numpy values) on one path and a "
                   "Python bool or number on the other, and '" + u.op +
                       "' differs between them (" + why + "write bool(...) around the comparison)");
  }
  boolKindAssigns_.clear();
  boolKindUses_.clear();
}

} // namespace sema
} // namespace llcc
