//===- SemaSetOps.cpp - set operators and set comparisons -----------------===//
//
// The set operations, all in CPython's order. llcc keeps a set as its
// insertion sequence and replays CPython's hash table when it is iterated
// (stdlib/sets.flt). CPython's set_intersection makes a new set and adds,
// in iteration order, the elements of the smaller operand (the right one
// on a tie) found in the other: an insertion sequence, so `a & b`,
// `a &= b` and `a.intersection(b)` need nothing more. `|`, `-`, `^`, their
// in-place forms, union, difference, symmetric_difference and set(s) copy
// a table (one big resize, entries moved in slot order, dummies left by
// discards): the set they make carries a snapshot of CPython's table
// (IRGenSetOps.cpp). The comparisons (`<=`, `<`, `>=`, `>`, `==`, `!=`,
// issubset, issuperset, isdisjoint) are booleans, free of order. discard,
// remove, pop and the update methods stay compile errors.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <llvm/Support/Casting.h>

using llvm::dyn_cast;

namespace llcc {
namespace sema {

namespace {

/// The shape of a set holding elements of both operands' kinds.
ShapeRef joinedSetShape(const Expr &a, const Expr &b) {
  auto s = std::make_shared<Shape>();
  s->elem = join(a.shape ? a.shape->elem : Type::Unknown, b.shape ? b.shape->elem : Type::Unknown);
  s->value = Type::Unknown;
  s->keysMayBeNumpy = !a.shape || !b.shape || a.shape->keysMayBeNumpy || b.shape->keysMayBeNumpy;
  return s;
}

} // namespace

/// `a & b`, `a | b`, `a - b`, `a ^ b` of two sets: a new set (its
/// elements' kinds are both sets').
Type Sema::typeOfSetOperator(BinaryExpr &e) {
  if (rejectTupleKeyed(*e.lhs, "a set operator on") ||
      rejectTupleKeyed(*e.rhs, "a set operator on"))
    return Type::Unknown;
  usesSetCombine_ |= e.op != BinaryOp::BitAnd;
  e.shape = joinedSetShape(*e.lhs, *e.rhs);
  return Type::Set;
}

/// `a &= b`, `a |= b`, `a -= b`, `a ^= b` of two sets: the variable then
/// holds the result.
Type Sema::typeOfSetAugAssign(AugAssignStmt &s) {
  auto *n = dyn_cast<NameExpr>(s.target.get());
  if (!n || n->ref != NameRef::Local) {
    error(s.target->loc(), std::string("'") + binaryOpSpelling(s.op) +
                               "=' of sets is supported on a set held in a local variable");
    return Type::Unknown;
  }
  if (rejectTupleKeyed(*s.target, "a set operator on") ||
      rejectTupleKeyed(*s.value, "a set operator on"))
    return Type::Unknown;
  usesSetCombine_ |= s.op != BinaryOp::BitAnd;
  joinContainerShape(fn_->locals[n->localIndex], joinedSetShape(*s.target, *s.value));
  return Type::Set;
}

/// `a <= b`, `a < b`, `a >= b`, `a > b`, `a == b`, `a != b` of two sets.
Type Sema::typeOfSetCompare(CompareExpr &c) {
  bool ok = c.operands.size() == 2 && c.operands[0]->type == Type::Set &&
            c.operands[1]->type == Type::Set;
  if (ok && (c.ops[0] == CompareOp::Is || c.ops[0] == CompareOp::IsNot))
    ok = false;
  if (ok && (rejectTupleKeyed(*c.operands[0], "comparing") ||
             rejectTupleKeyed(*c.operands[1], "comparing")))
    return Type::Unknown;
  if (!ok) {
    error(c.loc(), "a set compares only with another set here, with <=, <, >=, >, == or != "
                   "(subset, proper subset, superset, equality), one comparison at a time");
    return Type::Unknown;
  }
  return Type::Bool;
}

/// s.intersection(t), s.isdisjoint(t), s.issubset(t), s.issuperset(t) of
/// two sets; false for other methods.
bool Sema::typeOfSetMethod(CallExpr &e, AttributeExpr &a, Type &out) {
  const std::string &m = a.attr;
  static const char *const Methods[] = {
      "intersection", "union",    "difference", "symmetric_difference",
      "isdisjoint",   "issubset", "issuperset"};
  bool known = false;
  for (const char *name : Methods)
    known |= m == name;
  if (!known)
    return false;
  e.builtin = "method." + m;
  a.type = Type::Function;
  out = Type::Unknown;
  for (auto &arg : e.args)
    typeOf(*arg);
  if (e.args.size() != 1 || !e.keywords.empty() || e.args[0]->type != Type::Set) {
    if (e.args.size() == 1 && e.args[0]->type == Type::Unknown)
      return true;
    error(e.loc(), "." + m + "() takes one set here (make one with set(x))");
    return true;
  }
  if (rejectTupleKeyed(*a.value, ("." + m + "() of").c_str()) ||
      rejectTupleKeyed(*e.args[0], ("." + m + "() of").c_str()))
    return true;
  if (m == "intersection" || m == "union" || m == "difference" || m == "symmetric_difference") {
    usesSetCombine_ |= m != "intersection";
    e.shape = joinedSetShape(*a.value, *e.args[0]);
    out = Type::Set;
  } else {
    out = Type::Bool;
  }
  return true;
}

} // namespace sema
} // namespace llcc
