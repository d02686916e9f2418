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
  // int / int and int ** negative int are Python float operations on two
  // ints, which raise where numpy float64 gives inf.
  auto intOperandChecks = [&]() {
    if (auto *k = llvm::dyn_cast<llvm::ConstantInt>(bothInt); k && k->isZero())
      return;
    // numpy divides by a zero numpy bool, or a numpy bool by a zero int, to
    // inf or nan. (llcc's ints are Python's, docs/language.md.)
    if (op == BinaryOp::Div && !numpyBool)
      check(b_.CreateNot(b_.CreateAnd(bothInt, b_.CreateICmpEQ(intPart(c, tc), i64(0)))), loc,
            "ZeroDivisionError: division by zero");
    else if (op == BinaryOp::Pow)
      check(b_.CreateNot(b_.CreateAnd(bothInt, b_.CreateICmpEQ(intPart(a, ta), i64(0)))), loc,
            "ZeroDivisionError: 0.0 cannot be raised to a negative power");
  };
  auto floatArith = [&] {
    llvm::Value *x = convert(a, ta, Type::Float), *y = convert(c, tc, Type::Float);
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
    return genIntArith(op, x, asInt(c, tc), loc);
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
/// float is converted, exact up to 2**53); two ints, even ones that are
/// int-or-float values holding ints, compare as ints.
llvm::Value *IRGen::genNumberCompare(CompareOp op, llvm::Value *a, Type ta, llvm::Value *c,
                                     Type tc) {
  if (ta == Type::Float || tc == Type::Float)
    return genCompareOp(op, convert(a, ta, Type::Float), convert(c, tc, Type::Float), Type::Float);
  if (ta != Type::IntOrFloat && tc != Type::IntOrFloat)
    return genCompareOp(op, convert(a, ta, Type::Int), convert(c, tc, Type::Int), Type::Int);
  llvm::Value *asInts = genCompareOp(op, intPart(a, ta), intPart(c, tc), Type::Int);
  llvm::Value *asFloats =
      genCompareOp(op, convert(a, ta, Type::Float), convert(c, tc, Type::Float), Type::Float);
  return b_.CreateSelect(b_.CreateAnd(isIntTag(a, ta), isIntTag(c, tc)), asInts, asFloats);
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
