//===- IRGenSetOps.cpp - set operators and set comparisons ----------------===//
//
// `a & b`, `a &= b`, `a.intersection(b)` as CPython's set_intersection:
// a new set, then each element of the smaller operand (b on a tie), taken
// in that set's iteration order (the replay of stdlib/sets.flt), added when
// the other holds it. llcc's set is its insertion sequence, so the result
// iterates in CPython's order. `|`, `-`, `^` and their in-place forms copy,
// merge and discard inside CPython's tables, which no insertion sequence
// gives: the library (_llcc_set_combine) runs setobject.c's algorithm on
// both operands' tables, and the new set keeps the resulting table as its
// snapshot (the dict header's last field), from which iteration and later
// adds replay. The comparisons and isdisjoint are counts and membership
// tests, free of order.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;

namespace llcc {

/// Entries of set `d` into the element arrays from position `at`: each
/// value as a float, as an int (a float's bits, a NaN's identity), and
/// whether it is an int.
void IRGen::setElements(llvm::Value *d, llvm::Value *floats, llvm::Value *ints, llvm::Value *isInt,
                        llvm::Value *at) {
  forRange(i64(0), dictField(d, 3), [&](llvm::Value *i) {
    llvm::Value *num = b_.CreateLoad(numberTy_, entryAddress(d, 0, i));
    llvm::Value *intTag = b_.CreateExtractValue(num, 0);
    llvm::Value *f = b_.CreateExtractValue(num, 2);
    llvm::Value *iv = b_.CreateSelect(intTag, b_.CreateExtractValue(num, 1),
                                      b_.CreateBitCast(f, b_.getInt64Ty()));
    llvm::Value *fv = b_.CreateSelect(intTag, b_.CreateSIToFP(iv, b_.getDoubleTy()), f);
    llvm::Value *j = b_.CreateAdd(at, i);
    storeElement(floats, j, fv, Type::Float);
    storeElement(ints, j, iv, Type::Int);
    storeElement(isInt, j, b_.CreateZExt(intTag, b_.getInt64Ty()), Type::Int);
  });
}

/// The snapshot of set `d` as an int array: empty for a set built by
/// adding, else [size, fill, used, slot codes...] (stdlib/sets.flt).
llvm::Value *IRGen::setSnapshot(llvm::Value *d) {
  llvm::Value *p = dictField(d, 6);
  llvm::Value *none = b_.CreateIsNull(p);
  llvm::AllocaInst *zero = entryAlloca(b_.getInt64Ty(), "snap.none");
  b_.CreateStore(i64(0), zero);
  llvm::Value *at = b_.CreateSelect(none, zero, p);
  llvm::Value *size = b_.CreateLoad(b_.getInt64Ty(), at);
  llvm::Value *len = b_.CreateSelect(none, i64(0), b_.CreateAdd(size, i64(3)));
  return makeArray(at, len, i64(1));
}

/// The entries of set `d` in CPython's iteration order: order[j] is the
/// entry (insertion index) iterated j-th, replayed by the library.
llvm::Value *IRGen::setIterationOrder(llvm::Value *d, SourceLoc loc) {
  llvm::Value *n = dictField(d, 3);
  llvm::Value *floats = allocArray(n, Type::Float, loc), *ints = allocArray(n, Type::Int, loc);
  llvm::Value *isInt = allocArray(n, Type::Int, loc), *order = allocArray(n, Type::Int, loc);
  setElements(d, floats, ints, isInt, i64(0));
  // Only a module with set operators has sets with snapshots; the others
  // keep the plain replay, a smaller function to compile.
  bool snapshots = false;
  for (auto &f : ast_.functions)
    snapshots |= f->isLibrary && f->name == "_llcc_set_combine";
  if (snapshots)
    callLibrary("_llcc_set_order_snap", {floats, ints, isInt, setSnapshot(d), order});
  else
    callLibrary("_llcc_set_order", {floats, ints, isInt, order});
  return order;
}

/// `a | b` (op 0), `a |= b` (1), `a - b` (2), `a -= b` (3), `a ^ b` (4),
/// `a ^= b` (5): the library runs CPython's algorithm on both tables
/// (_llcc_set_combine) and gives the result's table, whose codes number
/// a's entries then b's. The new set gets the live elements in slot order
/// and keeps that table, renumbered, as its snapshot, so that iterating
/// it, and adding to it later, replay CPython's table.
llvm::Value *IRGen::setCombine(int op, llvm::Value *a, llvm::Value *b, SourceLoc loc) {
  llvm::Value *na = dictField(a, 3), *nb = dictField(b, 3);
  llvm::Value *n = b_.CreateAdd(na, nb);
  llvm::Value *floats = allocArray(n, Type::Float, loc), *ints = allocArray(n, Type::Int, loc);
  llvm::Value *isInt = allocArray(n, Type::Int, loc);
  setElements(a, floats, ints, isInt, i64(0));
  setElements(b, floats, ints, isInt, na);
  llvm::Value *snapA = setSnapshot(a), *snapB = setSnapshot(b);
  // Every table of the operation fits 8 slots an element (resizes make at
  // most 4 x used, rounded up to a power of two), or an operand's own.
  llvm::Value *cap = b_.CreateAdd(b_.CreateMul(n, i64(8)), i64(16));
  for (llvm::Value *snap : {snapA, snapB}) {
    llvm::Value *len = b_.CreateExtractValue(snap, 1);
    cap = b_.CreateSelect(b_.CreateICmpSGT(len, cap), len, cap);
  }
  llvm::Value *table = allocArray(b_.CreateAdd(cap, i64(3)), Type::Int, loc);
  llvm::Value *same = b_.CreateZExt(b_.CreateICmpEQ(a, b), b_.getInt64Ty());
  callLibrary("_llcc_set_combine", {i64(op), same, floats, ints, isInt, na, snapA, snapB, table});
  llvm::Value *out = newDict(loc);
  llvm::Value *size = loadElement(table, i64(0), Type::Int);
  llvm::Value *snap = allocArray(b_.CreateAdd(size, i64(3)), Type::Int, loc);
  for (int64_t f = 0; f < 3; ++f)
    storeElement(snap, i64(f), loadElement(table, i64(f), Type::Int), Type::Int);
  forRange(i64(0), size, [&](llvm::Value *s) {
    llvm::Value *at = b_.CreateAdd(s, i64(3));
    llvm::Value *code = loadElement(table, at, Type::Int);
    llvm::BasicBlock *live = newBlock("setop.live"), *other = newBlock("setop.other"),
                     *next = newBlock("setop.next");
    b_.CreateCondBr(b_.CreateICmpSGT(code, i64(0)), live, other);
    b_.SetInsertPoint(live);
    llvm::Value *k = b_.CreateSub(code, i64(1));
    llvm::Value *fromA = b_.CreateICmpSLT(k, na);
    llvm::Value *src = b_.CreateSelect(fromA, a, b);
    llvm::Value *idx = b_.CreateSelect(fromA, k, b_.CreateSub(k, na));
    llvm::Value *e = dictAdd(out, b_.CreateLoad(numberTy_, entryAddress(src, 0, idx)), loc);
    storeElement(snap, at, b_.CreateAdd(e, i64(1)), Type::Int);
    b_.CreateBr(next);
    b_.SetInsertPoint(other);
    storeElement(snap, at, code, Type::Int);
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  });
  b_.CreateStore(b_.CreateExtractValue(snap, 0), b_.CreateStructGEP(dictType(), out, 6));
  return out;
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

/// _llcc_set_combine's number for `|`, `-`, `^` (inPlace: `|=`, ...).
int IRGen::setCombineCode(BinaryOp op, bool inPlace) {
  int code = op == BinaryOp::BitOr ? 0 : op == BinaryOp::Sub ? 2 : 4;
  return code + (inPlace ? 1 : 0);
}

/// The set operations of expressions: `a & b` (genBinary), set
/// comparisons (genCompare), `a &= b`, and the methods; null otherwise.
llvm::Value *IRGen::genSetBinary(const BinaryExpr &e) {
  llvm::Value *a = genExpr(*e.lhs);
  llvm::Value *b = genExpr(*e.rhs);
  if (e.op == BinaryOp::BitAnd)
    return setIntersection(a, b, e.loc());
  return setCombine(setCombineCode(e.op, false), a, b, e.loc());
}

llvm::Value *IRGen::genSetCompare(const CompareExpr &e) {
  llvm::Value *a = genExpr(*e.operands[0]);
  llvm::Value *b = genExpr(*e.operands[1]);
  return setCompare(e.ops[0], a, b);
}

bool IRGen::genSetAugAssign(const AugAssignStmt &s) {
  if (s.target->type != Type::Set)
    return false;
  llvm::Value *a = genExpr(*s.target);
  llvm::Value *b = genExpr(*s.value);
  llvm::Value *r = s.op == BinaryOp::BitAnd ? setIntersection(a, b, s.loc())
                                            : setCombine(setCombineCode(s.op, true), a, b, s.loc());
  // `s |= t` changes the set object itself, which a helper's caller or a
  // name bound to a helper's result may hold too (SemaByRef.cpp): the new
  // table replaces the old one's header in place.
  b_.CreateStore(b_.CreateLoad(dictType(), r), a);
  return true;
}

bool IRGen::genSetMethod(const CallExpr &e, llvm::Value *&out) {
  const std::string &name = e.builtin;
  static const std::pair<const char *, BinaryOp> Combining[] = {
      {"method.union", BinaryOp::BitOr},
      {"method.difference", BinaryOp::Sub},
      {"method.symmetric_difference", BinaryOp::BitXor}};
  const BinaryOp *combining = nullptr;
  for (const auto &c : Combining)
    if (name == c.first)
      combining = &c.second;
  if (name != "method.intersection" && name != "method.isdisjoint" && name != "method.issubset" &&
      name != "method.issuperset" && !combining)
    return false;
  llvm::Value *a = genExpr(*cast<AttributeExpr>(*e.callee).value);
  llvm::Value *b = genExpr(*e.args[0]);
  if (combining) {
    out = setCombine(setCombineCode(*combining, false), a, b, e.loc());
  } else if (name == "method.intersection") {
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
  out = convert(out, name == "method.intersection" || combining ? Type::Set : Type::Bool, e.type);
  return true;
}

} // namespace llcc
