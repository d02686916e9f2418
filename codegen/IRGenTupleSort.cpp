//===- IRGenTupleSort.cpp - sorted() with a key that returns a tuple ------===//
//
// `sorted(pairs, key=lambda t: (-t[1], t[0]))`, `xs.sort(key=...)` with a
// tuple key: CPython computes every key first, then list.sort compares the
// keys as tuples (the first member that differs decides with its own '<').
// The keys become rows of floats (exactFloatPair of each flattened member,
// as sortTupleRows writes a list of tuples) and the library's timsort
// (stdlib/timsort.flt, _llcc_python_sort_by_rows) sorts the row numbers
// with the elements' positions, making CPython's comparisons in CPython's
// sequence, so NaN members end where CPython leaves them.
//
// A member that is the same object in every key (a variable or constant
// the lambda reads, `np.nan`) is equal to itself in CPython whatever its
// value, so its row entries are written as 0.0: equal, on to the next.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;

namespace llcc {

/// The permutation sorted(x, key=f) takes x's elements in, when f returns
/// a tuple; null when it returns a number (keyedPermutation's own case).
llvm::Value *IRGen::tupleKeyedPermutation(const Expr &key, const ArrayGen &g, SourceLoc loc) {
  Type kt = Type::Unknown;
  ShapeRef shape;
  std::vector<int> fresh;
  const Expr *body = nullptr;
  if (auto *l = dyn_cast<LambdaExpr>(&key)) {
    kt = l->body->type;
    shape = l->body->shape;
    fresh = l->paramLocals;
    body = l->body.get();
  } else if (auto *n = dyn_cast<NameExpr>(&key); n && n->ref == NameRef::Function) {
    kt = n->function->returnType;
    shape = n->function->returnShape;
  }
  if (kt != Type::Tuple || !shape)
    return nullptr;
  llvm::Type *keyTy = llvmType(Type::Tuple, shape);
  std::vector<llvm::Value *> probe;
  tupleLeaves(llvm::UndefValue::get(keyTy), probe);
  // Which flattened leaves are one object in every key (see the banner).
  std::vector<bool> constant;
  auto *display = body ? dyn_cast<TupleExpr>(body) : nullptr;
  auto *st = cast<llvm::StructType>(keyTy);
  for (unsigned i = 0; i < st->getNumElements(); ++i) {
    std::vector<llvm::Value *> leaves;
    llvm::Value *m = llvm::UndefValue::get(st->getElementType(i));
    if (kindOfValue(m->getType()) == Type::Tuple)
      tupleLeaves(m, leaves);
    else
      leaves.push_back(m);
    const Expr *me = display && i < display->elements.size() ? display->elements[i].get() : nullptr;
    bool same = me && leaves.size() == 1 && isSameObjectEachTime(*me, fresh);
    constant.insert(constant.end(), leaves.size(), same);
  }
  int64_t width = 2 * static_cast<int64_t>(probe.size());
  llvm::Value *rows = allocArray(b_.CreateMul(g.len, i64(width)), Type::Float, loc);
  llvm::Value *order = allocArray(g.len, Type::Float, loc);
  llvm::Value *perm = allocArray(g.len, Type::Float, loc);
  forRange(i64(0), g.len, [&](llvm::Value *i) {
    Type t = Type::Unknown;
    llvm::Value *k = coerce(applyKey(key, g.at(i), g.elem, t), Type::Tuple, shape, key.loc());
    std::vector<llvm::Value *> leaves;
    tupleLeaves(k, leaves);
    llvm::Value *base = b_.CreateMul(i, i64(width));
    for (size_t c = 0; c < leaves.size(); ++c) {
      auto [hi, lo] = exactFloatPair(leaves[c]);
      if (constant[c])
        hi = lo = f64(0.0);
      storeElement(rows, b_.CreateAdd(base, i64(int64_t(2 * c))), hi, Type::Float);
      storeElement(rows, b_.CreateAdd(base, i64(int64_t(2 * c + 1))), lo, Type::Float);
    }
    llvm::Value *fi = b_.CreateSIToFP(i, b_.getDoubleTy());
    storeElement(order, i, fi, Type::Float);
    storeElement(perm, i, fi, Type::Float);
  });
  callLibrary("_llcc_python_sort_by_rows", {order, perm, rows, i64(width)});
  return perm;
}

} // namespace llcc
