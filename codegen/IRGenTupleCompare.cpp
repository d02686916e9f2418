//===- IRGenTupleCompare.cpp - CPython's tuple comparison -------------------===//
//
// `a == b`, `a != b`, `a < b`, `a <= b`, `a > b`, `a >= b` of tuples, as
// CPython's tuplerichcompare does it: find the first place i where the
// members differ, then == is false, != true, and an ordering is a[i] op
// b[i]; where no member differs, the lengths decide. "Differ" is
// PyObject_RichCompareBool's: the same object is equal to itself before
// any == is asked, so a tuple holding one NaN object equals itself.
//
// llcc's numbers have no identity, so it decides "the same object" from
// the program text: both members read from one variable or module
// constant (`(x, 1) == (x, 2)`, `t == t`), or one of numpy's and math's
// NaN and infinity objects. Every other pair compares by value, so two NaNs
// differ; where CPython would find one object by another route (a value
// copied to a second variable, a member of one tuple stored in another),
// llcc's NaN members differ and CPython's are equal (docs/language.md).
//
// `x in t` of a tuple is tuple.__contains__: some member is x (the same
// object, decided as above) or == x.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

#include <algorithm>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {

/// Two expressions that Python evaluates to the same object: reads of one
/// local or module constant, or the same module attribute (np.nan).
bool sameObject(const Expr *a, const Expr *b, const std::vector<int> &fresh) {
  if (!a || !b)
    return false;
  auto *na = dyn_cast<NameExpr>(a), *nb = dyn_cast<NameExpr>(b);
  if (na && nb) {
    if (na->ref == NameRef::Local && nb->ref == NameRef::Local)
      return na->localIndex == nb->localIndex &&
             std::find(fresh.begin(), fresh.end(), na->localIndex) == fresh.end();
    if (na->ref == NameRef::Constant && nb->ref == NameRef::Constant)
      return na->constIndex == nb->constIndex;
    if (na->ref == NameRef::Builtin && nb->ref == NameRef::Builtin) // from math import nan
      return na->qualifiedName == nb->qualifiedName && !na->qualifiedName.empty();
    return false;
  }
  // t[0] and t[0] of one tuple or list: the object stored there (an
  // array's element is a new numpy scalar at each read).
  auto *sa = dyn_cast<SubscriptExpr>(a), *sb = dyn_cast<SubscriptExpr>(b);
  if (sa && sb) {
    Type v = sa->value->type;
    auto *ia = dyn_cast<IntLiteralExpr>(sa->index.get());
    auto *ib = dyn_cast<IntLiteralExpr>(sb->index.get());
    return (v == Type::Tuple || isList(v)) && sameObject(sa->value.get(), sb->value.get(), fresh) &&
           ((ia && ib && ia->value == ib->value) ||
            (!ia && !ib && sameObject(sa->index.get(), sb->index.get(), fresh)));
  }
  auto *aa = dyn_cast<AttributeExpr>(a), *ab = dyn_cast<AttributeExpr>(b);
  return aa && ab && !aa->qualifiedName.empty() && aa->qualifiedName == ab->qualifiedName;
}

/// The expression of member i when `e` is a tuple display, else null.
const Expr *memberExpr(const Expr *e, unsigned i) {
  auto *t = e ? dyn_cast<TupleExpr>(e) : nullptr;
  return t && i < t->elements.size() ? t->elements[i].get() : nullptr;
}

} // namespace

/// Whether `e`, evaluated again (a key lambda's body, once per element),
/// gives the same object each time; reads of `fresh` never do.
bool IRGen::isSameObjectEachTime(const Expr &e, const std::vector<int> &fresh) {
  return sameObject(&e, &e, fresh);
}

/// `a op b` of two tuple values (LLVM structs) becomes the member tests
/// folded from the last member back: at each place, "members the same"
/// passes to the next place, else decides. `ea`/`eb` are the operands'
/// expressions where known (for identity), else null; reads of the locals
/// in `fresh` are never the same object (a key lambda's parameter: two
/// keys hold two elements). Members are numbers
/// without side effects, so every test is computed and selected.
llvm::Value *IRGen::tupleCompare(CompareOp op, llvm::Value *a, llvm::Value *b, const Expr *ea,
                                 const Expr *eb, const std::vector<int> &fresh) {
  auto *ta = cast<llvm::StructType>(a->getType());
  auto *tb = cast<llvm::StructType>(b->getType());
  unsigned na = ta->getNumElements(), nb = tb->getNumElements();
  bool whole = sameObject(ea, eb, fresh); // t == t: every member is itself
  // No member differs: the lengths decide.
  llvm::Value *result = genCompareOp(op, i64(na), i64(nb), Type::Int);
  for (unsigned i = std::min(na, nb); i-- > 0;) {
    llvm::Value *x = b_.CreateExtractValue(a, i);
    llvm::Value *y = b_.CreateExtractValue(b, i);
    const Expr *ex = whole ? nullptr : memberExpr(ea, i);
    const Expr *ey = whole ? nullptr : memberExpr(eb, i);
    if (whole || sameObject(ex, ey, fresh))
      continue; // the same object: equal, on to the next place
    Type kx = kindOfValue(x->getType()), ky = kindOfValue(y->getType());
    llvm::Value *same, *decided;
    if (kx == Type::Tuple || ky == Type::Tuple) {
      same = kx == ky ? tupleCompare(CompareOp::Eq, x, y, ex, ey, fresh) : b_.getFalse();
      decided = op == CompareOp::Eq   ? b_.getFalse()
                : op == CompareOp::Ne ? b_.getTrue()
                : kx == ky            ? tupleCompare(op, x, y, ex, ey, fresh)
                                      : b_.getFalse(); // refused by Sema
    } else {
      same = genNumberCompare(CompareOp::Eq, x, kx, y, ky);
      decided = op == CompareOp::Eq   ? b_.getFalse()
                : op == CompareOp::Ne ? b_.getTrue()
                                      : genNumberCompare(op, x, kx, y, ky);
    }
    result = b_.CreateSelect(same, result, decided);
  }
  return result;
}

/// `x in t` of a tuple value: some member is the same object as x or
/// equal to it (a member that is a tuple compares as a tuple; a number
/// never equals a tuple). Every test is computed and or-ed: members are
/// numbers without side effects.
llvm::Value *IRGen::tupleContains(llvm::Value *x, const Expr &ex, llvm::Value *t, const Expr &et) {
  auto *tt = cast<llvm::StructType>(t->getType());
  Type kx = kindOfValue(x->getType());
  llvm::Value *found = b_.getFalse();
  for (unsigned i = 0; i < tt->getNumElements(); ++i) {
    llvm::Value *m = b_.CreateExtractValue(t, i);
    const Expr *em = memberExpr(&et, i);
    if (sameObject(&ex, em, {}))
      return b_.getTrue();
    Type km = kindOfValue(m->getType());
    llvm::Value *eq;
    if (kx == Type::Tuple || km == Type::Tuple)
      eq = kx == km ? tupleCompare(CompareOp::Eq, x, m, &ex, em) : b_.getFalse();
    else
      eq = genNumberCompare(CompareOp::Eq, x, kx, m, km);
    found = b_.CreateOr(found, eq);
  }
  return found;
}

} // namespace llcc
