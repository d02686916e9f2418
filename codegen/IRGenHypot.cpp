//===- IRGenHypot.cpp - math.hypot of any arity and math.dist --------------===//
//
// CPython 3.11's vector_norm (Modules/mathmodule.c), which math.hypot and
// math.dist both call, emitted inline over the vector's elements: the
// largest |x| first (an infinity wins over NaN, NaN over the rest), then the
// squares summed after scaling by a power of two, each square split exactly
// (hi, lo by fma) and added with Neumaier's compensation, then one
// differential correction of the square root. When the largest element's
// exponent is below -1023 CPython divides by it instead of scaling, with
// one compensation term. The two-argument math.hypot keeps its own function
// (IRGenBuiltins.cpp cpythonHypot); results are identical.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <llvm/IR/Intrinsics.h>

#include <limits>

namespace llcc {

/// vector_norm(n, vec, max, found_nan), the elements read by `absAt(i)`
/// (a double >= 0 or NaN), which is called in each of three loops and must
/// have no side effects.
llvm::Value *IRGen::genVectorNorm(llvm::Value *n,
                                  const std::function<llvm::Value *(llvm::Value *)> &absAt) {
  llvm::Type *dbl = b_.getDoubleTy();
  auto fabs = [&](llvm::Value *v) { return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v); };
  auto slot = [&](const char *name, double init) {
    llvm::AllocaInst *a = entryAlloca(dbl, name);
    b_.CreateStore(f64(init), a);
    return a;
  };
  auto load = [&](llvm::AllocaInst *a) { return b_.CreateLoad(dbl, a); };
  // max starts at 0.0 and takes each |x| that is greater (NaN never is).
  llvm::AllocaInst *maxSlot = slot("norm.max", 0.0);
  llvm::AllocaInst *nanSlot = entryAlloca(b_.getInt1Ty(), "norm.nan");
  b_.CreateStore(b_.getFalse(), nanSlot);
  forRange(i64(0), n, [&](llvm::Value *i) {
    llvm::Value *x = absAt(i), *max = load(maxSlot);
    b_.CreateStore(b_.CreateSelect(b_.CreateFCmpOGT(x, max), x, max), maxSlot);
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), nanSlot), b_.CreateFCmpUNO(x, x)),
                   nanSlot);
  });
  llvm::Value *max = load(maxSlot);
  llvm::AllocaInst *result = slot("norm.result", 0.0);
  b_.CreateStore(max, result);
  llvm::BasicBlock *done = newBlock("norm.done"), *notInf = newBlock("norm.notinf"),
                   *notNaN = newBlock("norm.notnan"), *core = newBlock("norm.core"),
                   *tiny = newBlock("norm.tiny"), *normal = newBlock("norm.normal");
  b_.CreateCondBr(b_.CreateFCmpOEQ(max, f64(std::numeric_limits<double>::infinity())), done,
                  notInf);
  b_.SetInsertPoint(notInf);
  b_.CreateStore(f64(std::numeric_limits<double>::quiet_NaN()), result);
  b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), nanSlot), done, notNaN);
  b_.SetInsertPoint(notNaN);
  b_.CreateStore(max, result);
  b_.CreateCondBr(b_.CreateOr(b_.CreateFCmpOEQ(max, f64(0.0)), b_.CreateICmpSLE(n, i64(1))), done,
                  core);

  b_.SetInsertPoint(core);
  llvm::Type *i32 = b_.getInt32Ty();
  llvm::Value *maxE =
      b_.CreateExtractValue(b_.CreateIntrinsic(llvm::Intrinsic::frexp, {dbl, i32}, {max}), 1);
  b_.CreateCondBr(b_.CreateICmpSLT(maxE, b_.getInt32(-1023)), tiny, normal);

  // ldexp(1.0, -max_e) would overflow: divide by max instead.
  b_.SetInsertPoint(tiny);
  {
    llvm::AllocaInst *csum = slot("norm.csum", 1.0), *frac = slot("norm.frac", 0.0);
    forRange(i64(0), n, [&](llvm::Value *i) {
      llvm::Value *x = b_.CreateFDiv(absAt(i), max);
      x = b_.CreateFMul(x, x);
      llvm::Value *old = load(csum);
      llvm::Value *sum = b_.CreateFAdd(old, x);
      b_.CreateStore(sum, csum);
      b_.CreateStore(b_.CreateFAdd(load(frac), b_.CreateFAdd(b_.CreateFSub(old, sum), x)), frac);
    });
    llvm::Value *s = b_.CreateFAdd(b_.CreateFSub(load(csum), f64(1.0)), load(frac));
    b_.CreateStore(b_.CreateFMul(max, b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, s)), result);
    b_.CreateBr(done);
  }

  b_.SetInsertPoint(normal);
  {
    llvm::Value *scale =
        b_.CreateIntrinsic(llvm::Intrinsic::ldexp, {dbl, i32}, {f64(1.0), b_.CreateNeg(maxE)});
    llvm::AllocaInst *csum = slot("norm.csum", 1.0), *frac1 = slot("norm.frac1", 0.0),
                     *frac2 = slot("norm.frac2", 0.0);
    // dl_mul(x, y) then dl_fast_sum(csum, hi): exact square, exact sum.
    auto accumulate = [&](llvm::Value *x, llvm::Value *y) {
      llvm::Value *hi = b_.CreateFMul(x, y);
      llvm::Value *lo = b_.CreateIntrinsic(llvm::Intrinsic::fma, {dbl}, {x, y, b_.CreateFNeg(hi)});
      llvm::Value *old = load(csum);
      llvm::Value *smHi = b_.CreateFAdd(old, hi);
      llvm::Value *smLo = b_.CreateFAdd(b_.CreateFSub(old, smHi), hi);
      b_.CreateStore(smHi, csum);
      b_.CreateStore(b_.CreateFAdd(load(frac1), lo), frac1);
      b_.CreateStore(b_.CreateFAdd(load(frac2), smLo), frac2);
    };
    forRange(i64(0), n, [&](llvm::Value *i) {
      llvm::Value *x = b_.CreateFMul(absAt(i), scale);
      accumulate(x, x);
    });
    auto residual = [&] {
      return b_.CreateFAdd(b_.CreateFSub(load(csum), f64(1.0)),
                           b_.CreateFAdd(load(frac1), load(frac2)));
    };
    llvm::Value *h = b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, residual());
    accumulate(b_.CreateFNeg(h), h);
    llvm::Value *x = residual();
    h = b_.CreateFAdd(h, b_.CreateFDiv(x, b_.CreateFMul(f64(2.0), h)));
    b_.CreateStore(b_.CreateFDiv(h, scale), result);
    b_.CreateBr(done);
  }
  b_.SetInsertPoint(done);
  return load(result);
}

/// `math.hypot(*coordinates)` of any number of numbers becomes
/// vector_norm over their absolute values, kept in a small stack array.
llvm::Value *IRGen::genHypotCall(const CallExpr &e) {
  size_t n = e.args.size();
  if (n == 2)
    return b_.CreateCall(cpythonHypot(), {genExprAs(*e.args[0], Type::Float),
                                          genExprAs(*e.args[1], Type::Float)});
  if (n == 0)
    return f64(0.0);
  llvm::Type *table = llvm::ArrayType::get(b_.getDoubleTy(), n);
  llvm::AllocaInst *vec = entryAlloca(table, "hypot.vec");
  for (size_t i = 0; i < n; ++i) {
    llvm::Value *x = genExprAs(*e.args[i], Type::Float);
    b_.CreateStore(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x),
                   b_.CreateConstInBoundsGEP2_64(table, vec, 0, i));
  }
  return genVectorNorm(i64(static_cast<int64_t>(n)), [&](llvm::Value *i) {
    return b_.CreateLoad(b_.getDoubleTy(), b_.CreateInBoundsGEP(table, vec, {i64(0), i}));
  });
}

/// `math.hypot(*a)` of a 1-D array or list: vector_norm over |a[i]|, each
/// element converted to float as CPython converts each argument.
llvm::Value *IRGen::genHypotUnpacked(const CallExpr &e) {
  ArrayGen a = genArray(*e.args[0]);
  return genVectorNorm(a.len, [&](llvm::Value *i) {
    return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, convert(a.at(i), a.elem, Type::Float));
  });
}

/// `math.dist(p, q)` of two arrays, tuples or lists becomes vector_norm of
/// |p[i] - q[i]|, each coordinate converted to float before the
/// subtraction (ASSIGN_DOUBLE); different lengths are CPython's ValueError.
llvm::Value *IRGen::genDistCall(const CallExpr &e) {
  ArrayGen p = genArray(*e.args[0]);
  ArrayGen q = genArray(*e.args[1]);
  check(b_.CreateICmpEQ(p.len, q.len), e.loc(),
        "ValueError: both points must have the same number of dimensions");
  return genVectorNorm(p.len, [&](llvm::Value *i) {
    llvm::Value *px = convert(p.at(i), p.elem, Type::Float);
    llvm::Value *qx = convert(q.at(i), q.elem, Type::Float);
    return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, b_.CreateFSub(px, qx));
  });
}

} // namespace llcc
