//===- IRGenNumber.cpp - Numbers that may be ints or floats ----------------===//
//
// Python keeps each value's own type: after `x = 0` on one path and
// `x = 0.5` on another, `x` is an int or a float depending on the path, and
// `min(0, v)` is the int 0 or the float v. The difference shows: `-x` of an
// int 0 is 0 but of a float 0.0 is -0.0, `7 % x` raises ZeroDivisionError
// only for an int 0, `2 ** n` is an int or a float depending on the sign of
// n. Sema types such values IntOrFloat; here they are {i1 isInt, i64 int,
// double float} with the float field always holding the value as a float,
// so a use as a float (the common case: `s = 0; s += v; return s`) reads one
// field and the optimiser deletes the rest. Operations that depend on the
// kind branch on the tag and reuse the int and float lowerings unchanged.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <llvm/IR/MDBuilder.h>

#include "Diagnostics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/Support/Casting.h>

#include <limits>

namespace llcc {

namespace {
const char *NotAnIntMessage = "TypeError: 'float' object cannot be interpreted as an integer";
} // namespace

const char *const NumpyBoolNegativeMessage =
    "TypeError: The numpy boolean negative, the `-` operator, is not supported, use the `~` "
    "operator or the logical_not function instead.";
const char *const NumpyBoolSubtractMessage =
    "TypeError: numpy boolean subtract, the `-` operator, is not supported, use the "
    "bitwise_xor, the `^` operator, or the logical_xor function instead.";

llvm::Value *IRGen::makeNumber(llvm::Value *isInt, llvm::Value *i, llvm::Value *f) {
  llvm::Value *n = llvm::UndefValue::get(numberTy_);
  n = b_.CreateInsertValue(n, isInt, 0);
  n = b_.CreateInsertValue(n, i, 1);
  return b_.CreateInsertValue(n, f, 2);
}

llvm::Value *IRGen::isIntTag(llvm::Value *v, Type t) {
  if (t == Type::IntOrFloat)
    return b_.CreateExtractValue(v, 0);
  return b_.getInt1(isIntegral(t));
}

llvm::Value *IRGen::intPart(llvm::Value *v, Type t) {
  if (t == Type::IntOrFloat)
    return b_.CreateExtractValue(v, 1);
  if (isIntegral(t))
    return convert(v, t, Type::Int);
  return i64(0); // a float's int part is never read
}

llvm::Value *IRGen::requireInt(llvm::Value *number, SourceLoc loc, const std::string &message) {
  check(b_.CreateExtractValue(number, 0), loc, message);
  return b_.CreateExtractValue(number, 1);
}

llvm::Value *IRGen::ifIntElse(llvm::Value *isInt, const std::function<llvm::Value *()> &ifInt,
                              const std::function<llvm::Value *()> &ifFloat) {
  if (auto *c = llvm::dyn_cast<llvm::ConstantInt>(isInt))
    return c->isOne() ? ifInt() : ifFloat();
  llvm::BasicBlock *intBB = newBlock("num.int");
  llvm::BasicBlock *floatBB = newBlock("num.float");
  llvm::BasicBlock *endBB = newBlock("num.end");
  b_.CreateCondBr(isInt, intBB, floatBB);
  b_.SetInsertPoint(intBB);
  llvm::Value *x = ifInt();
  llvm::BasicBlock *intEnd = b_.GetInsertBlock();
  b_.CreateBr(endBB);
  b_.SetInsertPoint(floatBB);
  llvm::Value *y = ifFloat();
  llvm::BasicBlock *floatEnd = b_.GetInsertBlock();
  b_.CreateBr(endBB);
  b_.SetInsertPoint(endBB);
  llvm::PHINode *phi = b_.CreatePHI(x->getType(), 2);
  phi->addIncoming(x, intEnd);
  phi->addIncoming(y, floatEnd);
  return phi;
}

llvm::Value *IRGen::intNumber(llvm::Value *i) {
  return makeNumber(b_.getTrue(), i, b_.CreateSIToFP(i, b_.getDoubleTy()));
}

llvm::Value *IRGen::floatNumber(llvm::Value *f) { return makeNumber(b_.getFalse(), i64(0), f); }

llvm::Value *IRGen::convertNumber(llvm::Value *v, Type from, Type to, SourceLoc loc) {
  if (to == Type::IntOrFloat)
    return from == Type::Float ? floatNumber(v) : intNumber(convert(v, from, Type::Int));
  switch (to) {
  case Type::Float:
    return b_.CreateExtractValue(v, 2);
  case Type::Bool:
    return truthy(v, from);
  case Type::Int:
    internalCheck(loc.isValid(), "an int-or-float value converted to int without a location");
    return requireInt(v, loc, NotAnIntMessage);
  default:
    break;
  }
  throw InternalError(std::string("cannot convert int or float to ") + typeName(to));
}

llvm::Value *IRGen::genIndex(const Expr &index, Type container) {
  if (index.type != Type::IntOrFloat)
    return genExprAs(index, Type::Int);
  // numpy and lists reject a float index with different exceptions.
  return requireInt(genExpr(index), index.loc(),
                    isNdarray(container)
                        ? "IndexError: only integers, slices (`:`), ellipsis (`...`), "
                          "numpy.newaxis (`None`) and integer or boolean arrays are valid "
                          "indices"
                        : "TypeError: list indices must be integers or slices, not float");
}

/// `a op b` for numbers of any types with the result type Sema chose, as
/// Python computes it: ints exactly (or a runtime error), floats as numpy
/// float64, and an int-or-float result by the kinds the operands have at
/// run time.
llvm::Value *IRGen::genArith(BinaryOp op, llvm::Value *a, Type ta, llvm::Value *c, Type tc,
                             Type result, SourceLoc loc, bool pythonOperands,
                             bool numpyBool) {
  llvm::Value *bothInt = b_.CreateAnd(isIntTag(a, ta), isIntTag(c, tc));
  // A numpy int among two ints: numpy's division by zero. Not for an
  // int-or-float, whose int may be Python's (s = 0, then s += v).
  bool numpyInts = !pythonOperands && ta != Type::IntOrFloat && tc != Type::IntOrFloat;
  // int / int and int ** negative int are Python float operations on two
  // ints, which raise where numpy float64 gives inf.
  auto intOperandChecks = [&]() {
    if (auto *k = llvm::dyn_cast<llvm::ConstantInt>(bothInt); k && k->isZero())
      return;
    // numpy divides by a zero numpy bool or int, or a numpy bool by a zero
    // int, to inf or nan (with a warning): numpy's true division converts
    // both to float64 first. Two Python ints raise.
    if (op == BinaryOp::Div && !numpyBool && !numpyInts)
      check(b_.CreateNot(b_.CreateAnd(bothInt, b_.CreateICmpEQ(intPart(c, tc), i64(0)))), loc,
            "ZeroDivisionError: division by zero");
    else if (op == BinaryOp::Pow)
      check(b_.CreateNot(b_.CreateAnd(bothInt, b_.CreateICmpEQ(intPart(a, ta), i64(0)))), loc,
            "ZeroDivisionError: 0.0 cannot be raised to a negative power");
  };
  auto floatArith = [&] {
    llvm::Value *x = convert(a, ta, Type::Float), *y = convert(c, tc, Type::Float);
    // Two Python ints divide correctly rounded at every size (numpy's
    // convert first, as genFloatArith does).
    if (op == BinaryOp::Div && pythonOperands && ta == Type::Int && tc == Type::Int)
      return exactIntDivide(a, c);
    llvm::Value *r = genFloatArith(op, x, y);
    if (pythonOperands)
      pythonFloatChecks(op, x, y, r, loc);
    return r;
  };
  if (result == Type::Float) {
    intOperandChecks();
    return floatArith();
  }
  if (result == Type::Bool) {
    // &, |, ^ keep two bools a bool; so do + (or) and * (and) when one is a
    // numpy.bool_, whose - raises (Sema::numpyBoolArithmetic).
    switch (op) {
    case BinaryOp::BitAnd:
    case BinaryOp::Mul:
      return b_.CreateAnd(a, c);
    case BinaryOp::BitOr:
    case BinaryOp::Add:
      return b_.CreateOr(a, c);
    case BinaryOp::BitXor:
      return b_.CreateXor(a, c);
    case BinaryOp::Sub:
      check(b_.getFalse(), loc, NumpyBoolSubtractMessage);
      return b_.getFalse();
    default:
      throw InternalError(std::string("bool arithmetic with '") + binaryOpSpelling(op) + "'");
    }
  }
  if (result == Type::Int) {
    // The bitwise operators on an int-or-float: TypeError for a float.
    auto asInt = [&](llvm::Value *v, Type t) {
      if (t != Type::IntOrFloat)
        return convert(v, t, Type::Int);
      return requireInt(v, loc,
                        std::string("TypeError: unsupported operand type(s) for ") +
                            binaryOpSpelling(op) + ": 'float'");
    };
    llvm::Value *x = asInt(a, ta);
    llvm::Value *y = asInt(c, tc);
    if (numpyInts && (op == BinaryOp::FloorDiv || op == BinaryOp::Mod)) {
      // numpy's int64 // and % by zero give 0 (with a warning), not
      // Python's ZeroDivisionError.
      llvm::Value *zero = b_.CreateICmpEQ(y, i64(0));
      llvm::Value *r = genIntArith(op, x, b_.CreateSelect(zero, i64(1), y), loc);
      return b_.CreateSelect(zero, i64(0), r);
    }
    return genIntArith(op, x, y, loc);
  }
  internalCheck(result == Type::IntOrFloat, "arithmetic with a non-number result type");
  llvm::Value *intResult = bothInt;
  if (op == BinaryOp::Pow)
    intResult = b_.CreateAnd(bothInt, b_.CreateICmpSGE(intPart(c, tc), i64(0)));
  return ifIntElse(
      intResult, [&] { return intNumber(genIntArith(op, intPart(a, ta), intPart(c, tc), loc)); },
      [&] {
        if (op == BinaryOp::Pow)
          intOperandChecks();
        return floatNumber(floatArith());
      });
}

void IRGen::pythonFloatChecks(BinaryOp op, llvm::Value *x, llvm::Value *y, llvm::Value *r,
                              SourceLoc loc) {
  llvm::Value *zero = f64(0.0);
  switch (op) {
  case BinaryOp::Div:
    check(b_.CreateFCmpUNE(y, zero), loc, "ZeroDivisionError: float division by zero");
    return;
  case BinaryOp::FloorDiv:
    check(b_.CreateFCmpUNE(y, zero), loc,
          inDivmod_ ? "ZeroDivisionError: float divmod()"
                    : "ZeroDivisionError: float floor division by zero");
    return;
  case BinaryOp::Mod:
    check(b_.CreateFCmpUNE(y, zero), loc,
          inDivmod_ ? "ZeroDivisionError: float divmod()" : "ZeroDivisionError: float modulo");
    return;
  case BinaryOp::Pow: {
    // CPython's float_pow: 0.0 to a finite negative power raises; so does
    // a finite base to a finite power whose result overflows. (A negative
    // base to a fractional power is a complex number there, nan here.)
    llvm::Value *inf = f64(std::numeric_limits<double>::infinity());
    auto isFinite = [&](llvm::Value *v) {
      return b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v), inf);
    };
    check(b_.CreateNot(b_.CreateAnd(b_.CreateFCmpOEQ(x, zero),
                                    b_.CreateAnd(b_.CreateFCmpOLT(y, zero), isFinite(y)))),
          loc, "ZeroDivisionError: 0.0 cannot be raised to a negative power");
    // An infinite result, not a NaN one: a negative base to a fractional
    // power is a complex number in CPython, not an error.
    llvm::Value *rIsInf = b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, r), inf);
    check(b_.CreateNot(b_.CreateAnd(rIsInf, b_.CreateAnd(isFinite(x), isFinite(y)))), loc,
          "OverflowError: (34, 'Numerical result out of range')");
    return;
  }
  default:
    return;
  }
}

/// A comparison of two numbers: floats compare as floats (an int against a
/// float is converted, exact up to 2**53, as numpy compares); two ints, even
/// ones that are int-or-float values holding ints, compare as ints. With
/// `exact` (a Python int against a Python float) the comparison is CPython's
/// exact one at every size (exactFloatIntCompare).
llvm::Value *IRGen::genNumberCompare(CompareOp op, llvm::Value *a, Type ta, llvm::Value *c, Type tc,
                                     bool exact) {
  if (exact && ta == Type::Float && tc == Type::Int)
    return exactFloatIntCompare(op, a, c, false);
  if (exact && ta == Type::Int && tc == Type::Float)
    return exactFloatIntCompare(op, c, a, true);
  if (ta == Type::Float || tc == Type::Float)
    return genCompareOp(op, convert(a, ta, Type::Float), convert(c, tc, Type::Float), Type::Float);
  if (ta != Type::IntOrFloat && tc != Type::IntOrFloat)
    return genCompareOp(op, convert(a, ta, Type::Int), convert(c, tc, Type::Int), Type::Int);
  llvm::Value *asInts = genCompareOp(op, intPart(a, ta), intPart(c, tc), Type::Int);
  llvm::Value *asFloats =
      genCompareOp(op, convert(a, ta, Type::Float), convert(c, tc, Type::Float), Type::Float);
  return b_.CreateSelect(b_.CreateAnd(isIntTag(a, ta), isIntTag(c, tc)), asInts, asFloats);
}

/// CPython's float_richcompare of a float `f` and an int `n`: exact at
/// every size (2.0**53 == 2**53 + 1 is False), where converting n to a float
/// would round it. f's integer part t = trunc(f) is exact as an int while
/// -2**63 <= f < 2**63; f is below n when t < n, or t == n and f has a
/// negative fraction; beyond that range, and for the infinities, f's sign
/// decides, and NaN is unordered. `swapped`: n is the left operand.
llvm::Value *IRGen::exactFloatIntCompare(CompareOp op, llvm::Value *f, llvm::Value *n,
                                         bool swapped) {
  if (auto *k = llvm::dyn_cast<llvm::ConstantInt>(n);
      k && k->getSExtValue() >= -(int64_t(1) << 53) && k->getSExtValue() <= (int64_t(1) << 53)) {
    llvm::Value *nf = b_.CreateSIToFP(n, b_.getDoubleTy()); // exact: a float compare is
    return swapped ? genCompareOp(op, nf, f, Type::Float) : genCompareOp(op, f, nf, Type::Float);
  }
  const double twoTo63 = 9223372036854775808.0;
  llvm::Value *inRange =
      b_.CreateAnd(b_.CreateFCmpOGE(f, f64(-twoTo63)), b_.CreateFCmpOLT(f, f64(twoTo63)));
  llvm::Value *whole = b_.CreateUnaryIntrinsic(llvm::Intrinsic::trunc, f);
  llvm::Value *t = b_.CreateFPToSI(b_.CreateSelect(inRange, whole, f64(0.0)), b_.getInt64Ty());
  llvm::Value *frac = b_.CreateFSub(f, whole);
  llvm::Value *same = b_.CreateICmpEQ(t, n);
  llvm::Value *below = b_.CreateSelect(
      inRange,
      b_.CreateOr(b_.CreateICmpSLT(t, n), b_.CreateAnd(same, b_.CreateFCmpOLT(frac, f64(0.0)))),
      b_.CreateFCmpOLT(f, f64(0.0)));
  llvm::Value *above = b_.CreateSelect(
      inRange,
      b_.CreateOr(b_.CreateICmpSGT(t, n), b_.CreateAnd(same, b_.CreateFCmpOGT(frac, f64(0.0)))),
      b_.CreateFCmpOGT(f, f64(0.0)));
  llvm::Value *equal = b_.CreateAnd(inRange, b_.CreateAnd(same, b_.CreateFCmpOEQ(frac, f64(0.0))));
  if (swapped)
    std::swap(below, above); // n < f is f > n
  switch (op) {
  case CompareOp::Lt:
    return below;
  case CompareOp::Le:
    return b_.CreateOr(below, equal);
  case CompareOp::Gt:
    return above;
  case CompareOp::Ge:
    return b_.CreateOr(above, equal);
  case CompareOp::Eq:
    return equal;
  case CompareOp::Ne:
    return b_.CreateNot(equal);
  default:
    break;
  }
  throw InternalError(std::string("comparison ") + compareOpSpelling(op));
}

/// `a / b` of two Python ints, correctly rounded as CPython's
/// long_true_divide: while both are at most 2**53 they convert exactly and
/// one float division rounds once; otherwise `llcc.rt.intdiv` computes 55 or
/// 56 bits of the quotient with a sticky bit for the remainder (in 128-bit
/// arithmetic) and rounds that once. b is not zero (checked before).
llvm::Value *IRGen::exactIntDivide(llvm::Value *a, llvm::Value *c) {
  llvm::Value *limit = i64(int64_t(1) << 53);
  auto small = [&](llvm::Value *v) {
    return b_.CreateICmpULE(b_.CreateAdd(v, limit), b_.CreateShl(limit, 1)); // -2**53 <= v <= 2**53
  };
  llvm::Value *plain =
      b_.CreateFDiv(b_.CreateSIToFP(a, b_.getDoubleTy()), b_.CreateSIToFP(c, b_.getDoubleTy()));
  llvm::BasicBlock *from = b_.GetInsertBlock();
  llvm::BasicBlock *large = newBlock("intdiv.large"), *done = newBlock("intdiv.done");
  b_.CreateCondBr(b_.CreateAnd(small(a), small(c)), done, large,
                  llvm::MDBuilder(ctx_).createBranchWeights(1000, 1));
  b_.SetInsertPoint(large);
  llvm::Value *exact = b_.CreateCall(intDivide(), {a, c});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *r = b_.CreatePHI(b_.getDoubleTy(), 2);
  r->addIncoming(plain, from);
  r->addIncoming(exact, large);
  return r;
}

llvm::Function *IRGen::intDivide() {
  if (intdiv_)
    return intdiv_;
  llvm::Type *i64Ty = b_.getInt64Ty(), *dbl = b_.getDoubleTy();
  auto *f =
      llvm::Function::Create(llvm::FunctionType::get(dbl, {i64Ty, i64Ty}, false),
                             llvm::GlobalValue::InternalLinkage, "llcc.rt.intdiv", mod_.get());
  f->addFnAttr(llvm::Attribute::NoUnwind);
  f->addFnAttr(llvm::Attribute::NoInline);
  auto block = [&](const char *name) { return llvm::BasicBlock::Create(ctx_, name, f); };
  llvm::BasicBlock *entry = block("entry"), *loop = block("loop"), *done = block("done");
  llvm::IRBuilder<> b(entry);
  llvm::Value *a = f->getArg(0), *c = f->getArg(1);
  llvm::Value *zero = b.getInt64(0), *one = b.getInt64(1);
  llvm::Value *negative = b.CreateXor(b.CreateICmpSLT(a, zero), b.CreateICmpSLT(c, zero));
  llvm::Value *ua = b.CreateBinaryIntrinsic(llvm::Intrinsic::abs, a, b.getFalse()); // 2**63 as u64
  llvm::Value *uc = b.CreateBinaryIntrinsic(llvm::Intrinsic::abs, c, b.getFalse());
  auto bits = [&](llvm::Value *v) {
    return b.CreateSub(b.getInt64(64),
                       b.CreateBinaryIntrinsic(llvm::Intrinsic::ctlz, v, b.getFalse()));
  };
  // The quotient of a * 2**s / c has 55 or 56 bits for s = 55 - (bits(a) -
  // bits(c)), from -7 to 117. For s < 0, c << -s has at most 14 bits; for
  // s > 0, long division one bit at a time (2 * r < 2**64 since r < c <=
  // 2**63), in 64-bit arithmetic: the .so links no 128-bit division.
  llvm::Value *shift = b.CreateSub(b.getInt64(55), b.CreateSub(bits(ua), bits(uc)));
  llvm::Value *up = b.CreateICmpSGT(shift, zero);
  llvm::Value *den = b.CreateShl(uc, b.CreateSelect(up, zero, b.CreateNeg(shift)));
  llvm::Value *steps = b.CreateSelect(up, shift, zero);
  llvm::Value *q0 = b.CreateUDiv(ua, den), *r0 = b.CreateURem(ua, den);
  b.CreateCondBr(b.CreateICmpEQ(steps, zero), done, loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *q = b.CreatePHI(i64Ty, 2, "q"), *r = b.CreatePHI(i64Ty, 2, "r"),
                *k = b.CreatePHI(i64Ty, 2, "k");
  q->addIncoming(q0, entry);
  r->addIncoming(r0, entry);
  k->addIncoming(steps, entry);
  llvm::Value *r2 = b.CreateShl(r, one);
  llvm::Value *fits = b.CreateICmpUGE(r2, uc);
  llvm::Value *qn = b.CreateOr(b.CreateShl(q, one), b.CreateZExt(fits, i64Ty));
  llvm::Value *rn = b.CreateSelect(fits, b.CreateSub(r2, uc), r2);
  llvm::Value *kn = b.CreateSub(k, one);
  q->addIncoming(qn, loop);
  r->addIncoming(rn, loop);
  k->addIncoming(kn, loop);
  b.CreateCondBr(b.CreateICmpEQ(kn, zero), done, loop);
  b.SetInsertPoint(done);
  llvm::PHINode *qf = b.CreatePHI(i64Ty, 2, "quotient"), *rf = b.CreatePHI(i64Ty, 2, "rest");
  qf->addIncoming(q0, entry);
  qf->addIncoming(qn, loop);
  rf->addIncoming(r0, entry);
  rf->addIncoming(rn, loop);
  // The remainder as a sticky bit below the rounding position: one rounding.
  llvm::Value *sticky = b.CreateZExt(b.CreateICmpNE(rf, zero), i64Ty);
  llvm::Value *rounded = b.CreateUIToFP(b.CreateOr(qf, sticky), dbl);
  // Scale by 2**-s exactly: the result lies between 2**-63 and 2**63.
  llvm::Value *scale =
      b.CreateBitCast(b.CreateShl(b.CreateSub(b.getInt64(1023), shift), b.getInt64(52)), dbl);
  llvm::Value *result = b.CreateFMul(rounded, scale);
  b.CreateRet(b.CreateSelect(negative, b.CreateFNeg(result), result));
  intdiv_ = f;
  return f;
}

/// `-x` of an int-or-float: an int 0 stays 0 (no sign), a float 0.0 turns
/// to -0.0; the int path keeps its overflow check.
llvm::Value *IRGen::negateNumber(llvm::Value *v, SourceLoc loc) {
  return ifIntElse(
      b_.CreateExtractValue(v, 0),
      [&] {
        return intNumber(genIntArith(BinaryOp::Sub, i64(0), b_.CreateExtractValue(v, 1), loc));
      },
      [&] { return floatNumber(b_.CreateFNeg(b_.CreateExtractValue(v, 2))); });
}

/// divmod(a, b): a and b evaluated once, then Python's floor division and
/// modulo (the same algorithm as numpy's for floats), the tuple of both;
/// Python's float operands raise "float divmod()" for a zero divisor.
llvm::Value *IRGen::genDivmod(const CallExpr &e) {
  const Expr &a = *e.args[0], &b = *e.args[1];
  llvm::Value *x = genExpr(a);
  llvm::Value *y = genExpr(b);
  Type t = e.shape->members[0];
  bool python = !a.mayBeNumpy && !b.mayBeNumpy;
  inDivmod_ = true;
  llvm::Value *q = genArith(BinaryOp::FloorDiv, x, a.type, y, b.type, t, e.loc(), python);
  llvm::Value *r = genArith(BinaryOp::Mod, x, a.type, y, b.type, t, e.loc(), python);
  inDivmod_ = false;
  return genTupleOf({q, r}, e);
}

/// np.unravel_index(k, shape) of one index, as numpy 1.24's C code: the
/// size is the product of the dimensions (0 at the first 0; an overflow,
/// or a product of -1, its error sentinel, raise "dimensions are too
/// large"), k must lie in [0, size), and the coordinates come from the last
/// dimension first by C's truncating / and %.
llvm::Value *IRGen::genUnravelIndex(const CallExpr &e) {
  SourceLoc loc = e.loc();
  llvm::Value *k = genExprAs(*e.args[0], Type::Int);
  const Expr &shapeArg = *e.args[1];
  std::vector<llvm::Value *> dims;
  if (shapeArg.type == Type::Tuple) {
    llvm::Value *t = genExpr(shapeArg);
    for (unsigned i = 0; i < shapeArg.shape->members.size(); ++i)
      dims.push_back(coerce(b_.CreateExtractValue(t, i), Type::Int, nullptr, loc));
  } else {
    dims.push_back(genExprAs(shapeArg, Type::Int));
  }
  llvm::Value *size = i64(1), *overflow = b_.getFalse(), *zero = b_.getFalse();
  for (llvm::Value *d : dims) {
    llvm::Value *p = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, size, d);
    // After a 0 dimension the size stays 0, whatever follows.
    overflow = b_.CreateOr(overflow, b_.CreateAnd(b_.CreateNot(zero), b_.CreateExtractValue(p, 1)));
    zero = b_.CreateOr(zero, b_.CreateICmpEQ(d, i64(0)));
    size = b_.CreateSelect(zero, i64(0), b_.CreateExtractValue(p, 0));
  }
  check(b_.CreateNot(b_.CreateOr(overflow, b_.CreateICmpEQ(size, i64(-1)))), loc,
        "ValueError: dimensions are too large; arrays and shapes with a total size greater than "
        "'intp' are not supported.");
  llvm::Value *inside = b_.CreateAnd(b_.CreateICmpSGE(k, i64(0)), b_.CreateICmpSLT(k, size));
  llvm::BasicBlock *bad = newBlock("unravel.bad"), *good = newBlock("unravel.ok");
  b_.CreateCondBr(inside, good, bad);
  b_.SetInsertPoint(bad);
  raiseComposed(loc, "ValueError", [&] {
    appendConstant("index ");
    appendValue(k, Type::Int, 0, "");
    appendConstant(" is out of bounds for array with size ");
    appendValue(size, Type::Int, 0, "");
  });
  startDeadBlock();
  b_.CreateBr(good);
  b_.SetInsertPoint(good);
  // 0 <= k < size, so no dimension is 0 here and no division overflows
  // (k / -1 of k >= 0).
  std::vector<llvm::Value *> coords(dims.size());
  for (size_t i = dims.size(); i-- > 0;) {
    coords[i] = b_.CreateSRem(k, dims[i]);
    k = b_.CreateSDiv(k, dims[i]);
  }
  return genTupleOf(coords, e);
}

} // namespace llcc
