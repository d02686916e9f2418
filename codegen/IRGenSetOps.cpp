//===- IRGenSetOps.cpp - set intersection and set comparisons -------------===//
//
// `a & b`, `a &= b`, `a.intersection(b)` as CPython's set_intersection:
// a new set, then each element of the smaller operand (b on a tie), taken
// in that set's iteration order (the replay of stdlib/sets.flt), added when
// the other holds it. llcc's set is its insertion sequence, so the result
// iterates in CPython's order. The comparisons and isdisjoint are counts
// and membership tests, free of order (SemaSetOps.cpp says why |, - and ^
// are not here).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;

namespace llcc {

/// The entries of set `d` in CPython's iteration order: order[j] is the
/// entry (insertion index) iterated j-th, replayed by the library.
llvm::Value *IRGen::setIterationOrder(llvm::Value *d, SourceLoc loc) {
  llvm::Value *n = dictField(d, 3);
  llvm::Value *floats = allocArray(n, Type::Float, loc), *ints = allocArray(n, Type::Int, loc);
  llvm::Value *isInt = allocArray(n, Type::Int, loc), *order = allocArray(n, Type::Int, loc);
  forRange(i64(0), n, [&](llvm::Value *i) {
    llvm::Value *num = b_.CreateLoad(numberTy_, entryAddress(d, 0, i));
    llvm::Value *intTag = b_.CreateExtractValue(num, 0);
    llvm::Value *iv = b_.CreateExtractValue(num, 1);
    llvm::Value *fv = b_.CreateSelect(intTag, b_.CreateSIToFP(iv, b_.getDoubleTy()),
                                      b_.CreateExtractValue(num, 2));
    storeElement(floats, i, fv, Type::Float);
    storeElement(ints, i, iv, Type::Int);
    storeElement(isInt, i, b_.CreateZExt(intTag, b_.getInt64Ty()), Type::Int);
  });
  callLibrary("_llcc_set_order", {floats, ints, isInt, order});
  return order;
}

/// set_intersection(a, b): see the banner.
llvm::Value *IRGen::setIntersection(llvm::Value *a, llvm::Value *b, SourceLoc loc) {
  llvm::Value *swap = b_.CreateICmpSGT(dictField(b, 3), dictField(a, 3));
  llvm::Value *walked = b_.CreateSelect(swap, a, b);
  llvm::Value *probed = b_.CreateSelect(swap, b, a);
  llvm::Value *order = setIterationOrder(walked, loc);
  llvm::Value *out = newDict(loc);
  forRange(i64(0), dictField(walked, 3), [&](llvm::Value *j) {
    llvm::Value *k = loadElement(order, j, Type::Int);
    llvm::Value *key = b_.CreateLoad(numberTy_, entryAddress(walked, 0, k));
    llvm::BasicBlock *add = newBlock("and.add"), *next = newBlock("and.next");
    b_.CreateCondBr(b_.CreateICmpSGE(dictFind(probed, key), i64(0)), add, next);
    b_.SetInsertPoint(add);
    dictAdd(out, key, loc);
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  });
  return out;
}

/// Whether every element of `a` is in `b` (each test made; sets are small).
llvm::Value *IRGen::setAllIn(llvm::Value *a, llvm::Value *b) {
  llvm::AllocaInst *all = entryAlloca(b_.getInt1Ty(), "subset");
  b_.CreateStore(b_.getTrue(), all);
  forRange(i64(0), dictField(a, 3), [&](llvm::Value *k) {
    llvm::Value *in =
        b_.CreateICmpSGE(dictFind(b, b_.CreateLoad(numberTy_, entryAddress(a, 0, k))), i64(0));
    b_.CreateStore(b_.CreateAnd(b_.CreateLoad(b_.getInt1Ty(), all), in), all);
  });
  return b_.CreateLoad(b_.getInt1Ty(), all);
}

/// `a <= b` (a.issubset(b)), `a < b`, `>=`, `>`, `==`, `!=` of two sets,
/// as set_richcompare: the sizes, then membership.
llvm::Value *IRGen::setCompare(CompareOp op, llvm::Value *a, llvm::Value *b) {
  if (op == CompareOp::Ge || op == CompareOp::Gt) {
    std::swap(a, b);
    op = op == CompareOp::Ge ? CompareOp::Le : CompareOp::Lt;
  }
  llvm::Value *na = dictField(a, 3), *nb = dictField(b, 3);
  llvm::Value *sizes = op == CompareOp::Le   ? b_.CreateICmpSLE(na, nb)
                       : op == CompareOp::Lt ? b_.CreateICmpSLT(na, nb)
                                             : b_.CreateICmpEQ(na, nb);
  llvm::Value *r = b_.CreateAnd(sizes, setAllIn(a, b));
  return op == CompareOp::Ne ? b_.CreateNot(r) : r;
}

/// The set operations of expressions: `a & b` (genBinary), set
/// comparisons (genCompare), `a &= b`, and the methods; null otherwise.
llvm::Value *IRGen::genSetBinary(const BinaryExpr &e) {
  llvm::Value *a = genExpr(*e.lhs);
  llvm::Value *b = genExpr(*e.rhs);
  return setIntersection(a, b, e.loc());
}

llvm::Value *IRGen::genSetCompare(const CompareExpr &e) {
  llvm::Value *a = genExpr(*e.operands[0]);
  llvm::Value *b = genExpr(*e.operands[1]);
  return setCompare(e.ops[0], a, b);
}

bool IRGen::genSetAugAssign(const AugAssignStmt &s) {
  if (s.target->type != Type::Set || s.op != BinaryOp::BitAnd)
    return false;
  llvm::Value *a = genExpr(*s.target);
  llvm::Value *b = genExpr(*s.value);
  storeLocal(cast<NameExpr>(*s.target).localIndex, setIntersection(a, b, s.loc()), Type::Set);
  return true;
}

bool IRGen::genSetMethod(const CallExpr &e, llvm::Value *&out) {
  const std::string &name = e.builtin;
  if (name != "method.intersection" && name != "method.isdisjoint" &&
      name != "method.issubset" && name != "method.issuperset")
    return false;
  llvm::Value *a = genExpr(*cast<AttributeExpr>(*e.callee).value);
  llvm::Value *b = genExpr(*e.args[0]);
  if (name == "method.intersection") {
    out = setIntersection(a, b, e.loc());
  } else if (name == "method.isdisjoint") {
    // No common element: the intersection's test, element by element.
    llvm::Value *swap = b_.CreateICmpSGT(dictField(b, 3), dictField(a, 3));
    llvm::Value *walked = b_.CreateSelect(swap, a, b), *probed = b_.CreateSelect(swap, b, a);
    llvm::AllocaInst *none = entryAlloca(b_.getInt1Ty(), "disjoint");
    b_.CreateStore(b_.getTrue(), none);
    forRange(i64(0), dictField(walked, 3), [&](llvm::Value *k) {
      llvm::Value *key = b_.CreateLoad(numberTy_, entryAddress(walked, 0, k));
      llvm::Value *out = b_.CreateICmpSLT(dictFind(probed, key), i64(0));
      b_.CreateStore(b_.CreateAnd(b_.CreateLoad(b_.getInt1Ty(), none), out), none);
    });
    out = b_.CreateLoad(b_.getInt1Ty(), none);
  } else {
    out = setCompare(name == "method.issubset" ? CompareOp::Le : CompareOp::Ge, a, b);
  }
  out = convert(out, name == "method.intersection" ? Type::Set : Type::Bool, e.type);
  return true;
}

} // namespace llcc
