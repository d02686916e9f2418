//===- IRGenExpr.cpp - Expressions and builtins to LLVM IR -----------------===//
//
// The expression half of the lowering. Each function here says which
// Python rule it implements: integer arithmetic is checked for overflow and
// division by zero (Python's ints do not wrap, and SciPy must see an error
// rather than a wrong number); float arithmetic follows numpy float64,
// including floor division and modulo with the sign of the divisor, and
// Python floats add CPython's errors (IRGenNumber.cpp, pythonFloatChecks).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "FloatInfo.h"

#include "Builtins.h"
#include "Diagnostics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/Support/Casting.h>

#include <algorithm>
#include <cstring>
#include <limits>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

llvm::AllocaInst *IRGen::entryAlloca(llvm::Type *type, const std::string &name) {
  llvm::BasicBlock &entry = cur_->llfn->getEntryBlock();
  llvm::IRBuilder<> tmp(&entry, entry.begin());
  return tmp.CreateAlloca(type, nullptr, name);
}

void IRGen::propagate(llvm::Value *ok) {
  llvm::BasicBlock *cont = newBlock("call.ok");
  llvm::BasicBlock *bad = newBlock("call.error");
  b_.CreateCondBr(ok, cont, bad, llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(bad);
  errorExit();
  b_.SetInsertPoint(cont);
}

llvm::Value *IRGen::genExpr(const Expr &e) {
  if (e.type == Type::ArrayList && !isa<NameExpr>(&e))
    return genArrayList(e);
  if (e.type == Type::TupleList && !isa<NameExpr>(&e) &&
      !(isa<CallExpr>(&e) && cast<CallExpr>(e).target))
    return genTupleList(e);
  // Array-valued expressions other than names are views or new arrays.
  if (isArray(e.type) && !isa<NameExpr>(&e) && !isa<CallExpr>(&e))
    return genArrayValue(e);
  switch (e.kind()) {
  case Expr::Kind::IntLiteral:
    return i64(cast<IntLiteralExpr>(e).value);
  case Expr::Kind::FloatLiteral:
    return f64(cast<FloatLiteralExpr>(e).value);
  case Expr::Kind::BoolLiteral:
    return b_.getInt1(cast<BoolLiteralExpr>(e).value);
  case Expr::Kind::StringLiteral:
    return stringConstant(cast<StringLiteralExpr>(e).value);
  case Expr::Kind::Name:
    return genName(cast<NameExpr>(e));
  case Expr::Kind::Attribute:
    return genAttribute(cast<AttributeExpr>(e));
  case Expr::Kind::Unary:
    return genUnary(cast<UnaryExpr>(e));
  case Expr::Kind::Binary:
    return genBinary(cast<BinaryExpr>(e));
  case Expr::Kind::Compare:
    if (cast<CompareExpr>(e).ops.size() == 1 &&
        (cast<CompareExpr>(e).ops[0] == CompareOp::In ||
         cast<CompareExpr>(e).ops[0] == CompareOp::NotIn))
      return genMembership(cast<CompareExpr>(e));
    return genCompare(cast<CompareExpr>(e));
  case Expr::Kind::IfExp:
    return genIfExp(cast<IfExpExpr>(e));
  case Expr::Kind::FString:
    return genStrValue(e); // IRGenStrValues.cpp
  case Expr::Kind::Call:
    return genCall(cast<CallExpr>(e));
  case Expr::Kind::Subscript:
    if (isHashContainer(cast<SubscriptExpr>(e).value->type))
      return genDictSubscript(cast<SubscriptExpr>(e));
    return genSubscript(cast<SubscriptExpr>(e));
  case Expr::Kind::Tuple:
  case Expr::Kind::List: // a module-level list constant, typed as a tuple
    if (e.type == Type::Tuple)
      return genTupleValue(e);
    break;
  case Expr::Kind::Dict:
  case Expr::Kind::Set:
    return genContainerDisplay(e);
  default:
    break;
  }
  throw InternalError("expression kind reached code generation without support");
}

llvm::Value *IRGen::genName(const NameExpr &e) {
  switch (e.ref) {
  case NameRef::Local:
    return loadLocal(e.localIndex, e.loc());
  case NameRef::Constant: {
    // Constants are pure expressions of literals: recompute at each use and
    // let constant folding do the rest.
    const Constant &c = ast_.constants.at(e.constIndex);
    if (isNdarray(c.type))
      return constantArray(e.constIndex);
    return convert(genExpr(*c.value), c.value->type, c.type);
  }
  case NameRef::Builtin: {
    double value;
    if (findBuiltinConstant(e.qualifiedName, value))
      return f64(value);
    break;
  }
  default:
    break;
  }
  throw InternalError("name '" + e.name + "' used as a value in code generation");
}

/// `opt.append(v)`, `w.max()`, `w.shape` of a name that may hold None (a
/// parameter whose default is None): CPython looks the attribute up on
/// None first, which raises AttributeError (a plain read raises TypeError
/// in loadLocal).
void IRGen::checkAttributeOfNone(const Expr &e) {
  auto *attr = dyn_cast<AttributeExpr>(&e);
  auto *name = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!name || name->ref != NameRef::Local || !cur_->none[name->localIndex])
    return;
  checkBound(name->localIndex, name->loc());
  check(b_.CreateNot(b_.CreateLoad(b_.getInt1Ty(), cur_->none[name->localIndex])), e.loc(),
        "AttributeError: 'NoneType' object has no attribute '" + attr->attr + "'");
}

llvm::Value *IRGen::genAttribute(const AttributeExpr &e) {
  checkAttributeOfNone(e);
  double value;
  if (findBuiltinConstant(e.qualifiedName, value))
    return f64(value);
  if (bool isInt; findFloatInfo(e.qualifiedName, value, isInt)) // np.finfo(float).eps
    return isInt ? i64(static_cast<int64_t>(value)) : f64(value);
  if (llvm::Value *v = genWindowAttribute(e))
    return v;
  if (e.attr == "size" && isArray(e.value->type))
    return genArray(*e.value).len;
  throw InternalError("attribute '" + e.attr + "' in code generation");
}

llvm::Value *IRGen::genUnary(const UnaryExpr &e) {
  Type ot = e.operand->type;
  llvm::Value *v = genExpr(*e.operand);
  switch (e.op) {
  case UnaryExpr::Op::Not:
    return b_.CreateNot(truthy(v, ot));
  case UnaryExpr::Op::Pos:
    return convert(v, ot, e.type);
  case UnaryExpr::Op::Neg:
    if (ot == Type::Bool && e.operand->mayBeNumpy) {
      check(b_.getFalse(), e.loc(), NumpyBoolNegativeMessage);
      return i64(0);
    }
    // A negative literal is a constant, not a checked subtraction.
    if (auto *lit = dyn_cast<IntLiteralExpr>(e.operand.get()))
      return i64(-lit->value);
    if (e.type == Type::Float)
      return b_.CreateFNeg(v);
    if (e.type == Type::IntOrFloat)
      return negateNumber(v, e.loc());
    return genIntArith(BinaryOp::Sub, i64(0), convert(v, ot, Type::Int), e.loc());
  case UnaryExpr::Op::Invert:
    if (e.type == Type::Bool) // ~ of a numpy.bool_ is logical not
      return b_.CreateNot(v);
    if (ot == Type::IntOrFloat)
      return b_.CreateNot(
          requireInt(v, e.loc(), "TypeError: bad operand type for unary ~: 'float'"));
    return b_.CreateNot(convert(v, ot, Type::Int));
  }
  throw InternalError("unknown unary operator");
}

llvm::Value *IRGen::genBinary(const BinaryExpr &e) {
  if (e.op == BinaryOp::And || e.op == BinaryOp::Or)
    return genShortCircuit(e);
  if (e.op == BinaryOp::MatMul)
    return genProduct(e, "dot", *e.lhs, *e.rhs);
  if (e.type == Type::Set)
    return genSetBinary(e); // a & b, IRGenSetOps.cpp
  if (e.type == Type::Str)
    return genStrValue(e); // a + b, s * n (IRGenStrValues.cpp)
  if (e.type == Type::Dict)
    return genCounterOperator(e); // Counter(a) - Counter(b), IRGenCounter.cpp
  llvm::Value *a = genExpr(*e.lhs);
  llvm::Value *c = genExpr(*e.rhs);
  auto numpyBool = [](const Expr &x) { return x.type == Type::Bool && x.mayBeNumpy; };
  return genArith(e.op, a, e.lhs->type, c, e.rhs->type, e.type, e.loc(),
                  !e.lhs->mayBeNumpy && !e.rhs->mayBeNumpy,
                  numpyBool(*e.lhs) || numpyBool(*e.rhs));
}

/// `a and b` / `a or b`: evaluate b only when needed and yield an operand
/// (converted to the join of both types), as Python does.
llvm::Value *IRGen::genShortCircuit(const BinaryExpr &e) {
  llvm::Value *a = genExpr(*e.lhs);
  llvm::Value *aTruthy = truthy(a, e.lhs->type);
  llvm::Value *aConv = convert(a, e.lhs->type, e.type);
  llvm::BasicBlock *from = b_.GetInsertBlock();
  llvm::BasicBlock *rhsBB = newBlock(e.op == BinaryOp::And ? "and.rhs" : "or.rhs");
  llvm::BasicBlock *endBB = newBlock("logic.end");
  if (e.op == BinaryOp::And)
    b_.CreateCondBr(aTruthy, rhsBB, endBB);
  else
    b_.CreateCondBr(aTruthy, endBB, rhsBB);
  b_.SetInsertPoint(rhsBB);
  llvm::Value *c = genExprAs(*e.rhs, e.type);
  llvm::BasicBlock *rhsEnd = b_.GetInsertBlock();
  b_.CreateBr(endBB);
  b_.SetInsertPoint(endBB);
  llvm::PHINode *phi = b_.CreatePHI(llvmType(e.type), 2);
  phi->addIncoming(aConv, from);
  phi->addIncoming(c, rhsEnd);
  return phi;
}

/// Integer arithmetic with Python's results or a runtime error: overflow
/// (Python ints are unbounded), division by zero, floor semantics for //
/// and %, and exact ** by squaring.
llvm::Value *IRGen::genIntArith(BinaryOp op, llvm::Value *a, llvm::Value *c, SourceLoc loc) {
  auto checked = [&](llvm::Intrinsic::ID id) {
    llvm::Value *r = b_.CreateBinaryIntrinsic(id, a, c);
    check(b_.CreateNot(b_.CreateExtractValue(r, 1)), loc,
          "OverflowError: integer overflow (llcc integers are 64-bit)");
    return b_.CreateExtractValue(r, 0);
  };
  const char *zeroDiv = "ZeroDivisionError: integer division or modulo by zero";
  switch (op) {
  case BinaryOp::Add:
    return checked(llvm::Intrinsic::sadd_with_overflow);
  case BinaryOp::Sub:
    return checked(llvm::Intrinsic::ssub_with_overflow);
  case BinaryOp::Mul:
    return checked(llvm::Intrinsic::smul_with_overflow);
  case BinaryOp::FloorDiv: {
    check(b_.CreateICmpNE(c, i64(0)), loc, zeroDiv);
    check(
        b_.CreateNot(b_.CreateAnd(b_.CreateICmpEQ(a, i64(INT64_MIN)), b_.CreateICmpEQ(c, i64(-1)))),
        loc, "OverflowError: integer overflow (llcc integers are 64-bit)");
    llvm::Value *q = b_.CreateSDiv(a, c);
    llvm::Value *r = b_.CreateSRem(a, c);
    // Round toward negative infinity: step down when the remainder is
    // nonzero and its sign differs from the divisor's.
    llvm::Value *adjust =
        b_.CreateAnd(b_.CreateICmpNE(r, i64(0)), b_.CreateICmpSLT(b_.CreateXor(r, c), i64(0)));
    return b_.CreateSub(q, b_.CreateZExt(adjust, b_.getInt64Ty()));
  }
  case BinaryOp::Mod: {
    // CPython's int % has a text of its own; divmod() keeps the older one.
    check(b_.CreateICmpNE(c, i64(0)), loc,
          inDivmod_ ? zeroDiv : "ZeroDivisionError: integer modulo by zero");
    // x % -1 is 0; srem would trap on INT64_MIN % -1.
    llvm::Value *minusOne = b_.CreateICmpEQ(c, i64(-1));
    llvm::Value *safe = b_.CreateSelect(minusOne, i64(1), c);
    llvm::Value *r = b_.CreateSRem(a, safe);
    llvm::Value *adjust =
        b_.CreateAnd(b_.CreateICmpNE(r, i64(0)), b_.CreateICmpSLT(b_.CreateXor(r, c), i64(0)));
    return b_.CreateAdd(r, b_.CreateSelect(adjust, c, i64(0)));
  }
  case BinaryOp::Pow: {
    // Only reached with a non-negative exponent: Sema types a power with a
    // negative literal exponent as float, and genArith takes the float path
    // for a negative exponent known at run time.
    llvm::Value *r = b_.CreateCall(intPow(), {a, c});
    check(b_.CreateICmpEQ(b_.CreateExtractValue(r, 1), b_.getInt8(0)), loc,
          "OverflowError: integer overflow (llcc integers are 64-bit)");
    return b_.CreateExtractValue(r, 0);
  }
  case BinaryOp::BitAnd:
    return b_.CreateAnd(a, c);
  case BinaryOp::BitOr:
    return b_.CreateOr(a, c);
  case BinaryOp::BitXor:
    return b_.CreateXor(a, c);
  case BinaryOp::LShift: {
    check(b_.CreateICmpSGE(c, i64(0)), loc, "ValueError: negative shift count");
    llvm::Value *small = b_.CreateICmpSLT(c, i64(64));
    llvm::Value *amount = b_.CreateSelect(small, c, i64(0));
    llvm::Value *r = b_.CreateShl(a, amount);
    llvm::Value *exact = b_.CreateSelect(small, b_.CreateICmpEQ(b_.CreateAShr(r, amount), a),
                                         b_.CreateICmpEQ(a, i64(0)));
    check(exact, loc, "OverflowError: integer overflow (llcc integers are 64-bit)");
    return b_.CreateSelect(small, r, i64(0));
  }
  case BinaryOp::RShift: {
    check(b_.CreateICmpSGE(c, i64(0)), loc, "ValueError: negative shift count");
    llvm::Value *amount = b_.CreateSelect(b_.CreateICmpSLT(c, i64(64)), c, i64(63));
    return b_.CreateAShr(a, amount);
  }
  default:
    break;
  }
  throw InternalError(std::string("integer operator ") + binaryOpSpelling(op));
}

/// numpy float64 arithmetic. // and % follow npy_divmod (the sign of the
/// divisor, floor rounding, signed zeros); division by zero gives inf or
/// nan, never an error.
llvm::Value *IRGen::genFloatArith(BinaryOp op, llvm::Value *a, llvm::Value *c) {
  switch (op) {
  case BinaryOp::Add:
    return b_.CreateFAdd(a, c);
  case BinaryOp::Sub:
    return b_.CreateFSub(a, c);
  case BinaryOp::Mul:
    return b_.CreateFMul(a, c);
  case BinaryOp::Div:
    return b_.CreateFDiv(a, c);
  case BinaryOp::Pow:
    return callLibm("pow", {a, c});
  case BinaryOp::FloorDiv:
  case BinaryOp::Mod: {
    llvm::Value *zero = f64(0.0);
    llvm::Value *mod = b_.CreateFRem(a, c);
    llvm::Value *bIsZero = b_.CreateFCmpOEQ(c, zero);
    llvm::Value *div = b_.CreateFDiv(b_.CreateFSub(a, mod), c);
    llvm::Value *modNonZero = b_.CreateFCmpUNE(mod, zero);
    llvm::Value *signsDiffer =
        b_.CreateICmpNE(b_.CreateFCmpOLT(c, zero), b_.CreateFCmpOLT(mod, zero));
    llvm::Value *fix = b_.CreateAnd(modNonZero, signsDiffer);
    llvm::Value *modFixed =
        b_.CreateSelect(modNonZero, b_.CreateSelect(fix, b_.CreateFAdd(mod, c), mod),
                        b_.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, zero, c));
    if (op == BinaryOp::Mod)
      return b_.CreateSelect(bIsZero, mod, modFixed);
    llvm::Value *divFixed = b_.CreateSelect(fix, b_.CreateFSub(div, f64(1.0)), div);
    llvm::Value *floorDiv = b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, divFixed);
    floorDiv = b_.CreateSelect(b_.CreateFCmpOGT(b_.CreateFSub(divFixed, floorDiv), f64(0.5)),
                               b_.CreateFAdd(floorDiv, f64(1.0)), floorDiv);
    llvm::Value *result = b_.CreateSelect(
        b_.CreateFCmpUNE(divFixed, zero), floorDiv,
        b_.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, zero, b_.CreateFDiv(a, c)));
    return b_.CreateSelect(bIsZero, b_.CreateFDiv(a, c), result);
  }
  default:
    break;
  }
  throw InternalError(std::string("float operator ") + binaryOpSpelling(op));
}

/// `{i64, i8} @llcc.rt.ipow(i64 base, i64 exp)` for exp >= 0: status 0 ok,
/// 1 overflow (and, defensively, 2 for a negative exponent). Exponentiation
/// by squaring with checked multiplies.
llvm::Function *IRGen::intPow() {
  if (ipow_)
    return ipow_;
  auto *retTy = llvm::StructType::get(ctx_, {b_.getInt64Ty(), b_.getInt8Ty()});
  auto *f = llvm::Function::Create(
      llvm::FunctionType::get(retTy, {b_.getInt64Ty(), b_.getInt64Ty()}, false),
      llvm::GlobalValue::InternalLinkage, "llcc.rt.ipow", mod_.get());
  f->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(ctx_);
  auto block = [&](const char *name) { return llvm::BasicBlock::Create(ctx_, name, f); };
  auto ret = [&](llvm::Value *v, int status) {
    llvm::Value *r = llvm::UndefValue::get(retTy);
    r = b.CreateInsertValue(r, v, 0);
    r = b.CreateInsertValue(r, b.getInt8(status), 1);
    b.CreateRet(r);
  };
  llvm::BasicBlock *entry = block("entry"), *negative = block("negative"), *loop = block("loop"),
                   *done = block("done"), *mulBB = block("mul"), *next = block("next"),
                   *doneAfterMul = block("done.mul"), *square = block("square"),
                   *overflow = block("overflow");
  llvm::Value *base0 = f->getArg(0), *exp0 = f->getArg(1);
  b.SetInsertPoint(entry);
  b.CreateCondBr(b.CreateICmpSLT(exp0, b.getInt64(0)), negative, loop);
  b.SetInsertPoint(negative);
  ret(b.getInt64(0), 2);
  b.SetInsertPoint(overflow);
  ret(b.getInt64(0), 1);
  b.SetInsertPoint(loop);
  llvm::PHINode *result = b.CreatePHI(b.getInt64Ty(), 2, "result");
  llvm::PHINode *base = b.CreatePHI(b.getInt64Ty(), 2, "base");
  llvm::PHINode *exp = b.CreatePHI(b.getInt64Ty(), 2, "exp");
  result->addIncoming(b.getInt64(1), entry);
  base->addIncoming(base0, entry);
  exp->addIncoming(exp0, entry);
  b.CreateCondBr(b.CreateICmpEQ(exp, b.getInt64(0)), done, mulBB);
  b.SetInsertPoint(done);
  ret(result, 0);
  // Multiply the result by the base for each set bit of the exponent.
  b.SetInsertPoint(mulBB);
  llvm::Value *odd = b.CreateICmpNE(b.CreateAnd(exp, b.getInt64(1)), b.getInt64(0));
  llvm::Value *prod = b.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, result, base);
  llvm::Value *newResult = b.CreateSelect(odd, b.CreateExtractValue(prod, 0), result);
  llvm::Value *newExp = b.CreateLShr(exp, b.getInt64(1));
  b.CreateCondBr(b.CreateAnd(odd, b.CreateExtractValue(prod, 1)), overflow, next);
  b.SetInsertPoint(next);
  b.CreateCondBr(b.CreateICmpEQ(newExp, b.getInt64(0)), doneAfterMul, square);
  b.SetInsertPoint(doneAfterMul);
  ret(newResult, 0);
  // Square the base only when more bits remain, so that a last square that
  // would overflow (but is never used) is not reported.
  b.SetInsertPoint(square);
  llvm::Value *sq = b.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, base, base);
  result->addIncoming(newResult, square);
  base->addIncoming(b.CreateExtractValue(sq, 0), square);
  exp->addIncoming(newExp, square);
  b.CreateCondBr(b.CreateExtractValue(sq, 1), overflow, loop);
  ipow_ = f;
  return f;
}

llvm::Value *IRGen::genCompareOp(CompareOp op, llvm::Value *a, llvm::Value *c, Type t) {
  if (t == Type::Float) {
    switch (op) {
    case CompareOp::Lt:
      return b_.CreateFCmpOLT(a, c);
    case CompareOp::Le:
      return b_.CreateFCmpOLE(a, c);
    case CompareOp::Gt:
      return b_.CreateFCmpOGT(a, c);
    case CompareOp::Ge:
      return b_.CreateFCmpOGE(a, c);
    case CompareOp::Eq:
      return b_.CreateFCmpOEQ(a, c);
    case CompareOp::Ne:
      return b_.CreateFCmpUNE(a, c);
    default:
      break;
    }
  } else {
    switch (op) {
    case CompareOp::Lt:
      return b_.CreateICmpSLT(a, c);
    case CompareOp::Le:
      return b_.CreateICmpSLE(a, c);
    case CompareOp::Gt:
      return b_.CreateICmpSGT(a, c);
    case CompareOp::Ge:
      return b_.CreateICmpSGE(a, c);
    case CompareOp::Eq:
      return b_.CreateICmpEQ(a, c);
    case CompareOp::Ne:
      return b_.CreateICmpNE(a, c);
    default:
      break;
    }
  }
  throw InternalError(std::string("comparison ") + compareOpSpelling(op));
}

/// `a < b <= c`: each operand evaluated at most once, stopping at the first
/// false link, as Python does.
llvm::Value *IRGen::genCompare(const CompareExpr &e) {
  if (e.operands.size() == 2 && e.operands[0]->type == Type::Tuple)
    return genTupleCompare(e);
  // `seen is None` of a set (a parameter whose default is None) is a None
  // test, not a set comparison.
  bool isTest = e.ops[0] == CompareOp::Is || e.ops[0] == CompareOp::IsNot;
  if (e.operands.size() == 2 && e.operands[0]->type == Type::Set && !isTest)
    return genSetCompare(e); // IRGenSetOps.cpp
  if (isSpecialCompare(e))
    return genSpecialCompare(e);
  llvm::BasicBlock *endBB = newBlock("cmp.end");
  std::vector<std::pair<llvm::Value *, llvm::BasicBlock *>> incoming;
  llvm::Value *left = genExpr(*e.operands[0]);
  Type leftType = e.operands[0]->type;
  for (size_t i = 0; i < e.ops.size(); ++i) {
    llvm::Value *right = genExpr(*e.operands[i + 1]);
    Type rightType = e.operands[i + 1]->type;
    // A Python int against a Python float compares exactly (CPython); numpy
    // converts the int.
    bool exact = !e.operands[i]->mayBeNumpy && !e.operands[i + 1]->mayBeNumpy;
    llvm::Value *r = genNumberCompare(e.ops[i], left, leftType, right, rightType, exact);
    if (i + 1 == e.ops.size()) {
      incoming.push_back({r, b_.GetInsertBlock()});
      b_.CreateBr(endBB);
      break;
    }
    llvm::BasicBlock *nextBB = newBlock("cmp.next");
    incoming.push_back({b_.getFalse(), b_.GetInsertBlock()});
    b_.CreateCondBr(r, nextBB, endBB);
    b_.SetInsertPoint(nextBB);
    left = right;
    leftType = rightType;
  }
  b_.SetInsertPoint(endBB);
  llvm::PHINode *phi = b_.CreatePHI(b_.getInt1Ty(), incoming.size());
  for (auto &[v, bb] : incoming)
    phi->addIncoming(v, bb);
  return phi;
}

llvm::Value *IRGen::genIfExp(const IfExpExpr &e) {
  if (e.eager) { // np.where of numbers: both computed, then one picked
    llvm::Value *cond = truthy(genExpr(*e.cond), e.cond->type);
    llvm::Value *a = genExprAs(*e.thenExpr, e.type);
    llvm::Value *c = genExprAs(*e.elseExpr, e.type);
    return b_.CreateSelect(cond, a, c);
  }
  llvm::Value *cond = truthy(genExpr(*e.cond), e.cond->type);
  llvm::BasicBlock *thenBB = newBlock("ifexp.then");
  llvm::BasicBlock *elseBB = newBlock("ifexp.else");
  llvm::BasicBlock *endBB = newBlock("ifexp.end");
  b_.CreateCondBr(cond, thenBB, elseBB);
  auto branch = [&](const Expr &x) {
    return e.type == Type::Tuple ? coerce(genExpr(x), Type::Tuple, e.shape, x.loc())
                                 : genExprAs(x, e.type);
  };
  b_.SetInsertPoint(thenBB);
  llvm::Value *a = branch(*e.thenExpr);
  llvm::BasicBlock *thenEnd = b_.GetInsertBlock();
  b_.CreateBr(endBB);
  b_.SetInsertPoint(elseBB);
  llvm::Value *c = branch(*e.elseExpr);
  llvm::BasicBlock *elseEnd = b_.GetInsertBlock();
  b_.CreateBr(endBB);
  b_.SetInsertPoint(endBB);
  llvm::PHINode *phi = b_.CreatePHI(llvmType(e.type, e.shape), 2);
  phi->addIncoming(a, thenEnd);
  phi->addIncoming(c, elseEnd);
  return phi;
}

/// Python indexing: a negative index counts from the end; anything outside
/// [-len, len) is an IndexError, with numpy's text for an array and the
/// list's own for a list (a store into one says "list assignment").
/// Returns the index in [0, len).
llvm::Value *IRGen::checkedIndex(llvm::Value *array, llvm::Value *index, SourceLoc loc,
                                 Type container, bool store) {
  llvm::Value *len = b_.CreateExtractValue(array, 1);
  if (isNdarray(container))
    return windowIndex(index, len, 0, loc);
  llvm::Value *adjusted =
      b_.CreateSelect(b_.CreateICmpSLT(index, i64(0)), b_.CreateAdd(index, len), index);
  check(b_.CreateICmpULT(adjusted, len), loc,
        store ? "IndexError: list assignment index out of range"
              : "IndexError: list index out of range");
  return adjusted;
}

llvm::Value *IRGen::elementPtr(llvm::Value *array, llvm::Value *index, SourceLoc loc, Type elem,
                               Type container) {
  return elementAddress(array, checkedIndex(array, index, loc, container), elem);
}

llvm::Value *IRGen::genSubscript(const SubscriptExpr &e) {
  if (auto *c = dyn_cast<CallExpr>(e.value.get()); c && c->builtin == "str.split")
    return genStrValue(e); // s.split()[i] (IRGenStrValues.cpp)
  if (llvm::Value *v = genWindowElement(e))
    return v;
  if (isArray(e.type))
    return genArrayValue(e);
  if (e.value->type == Type::TupleList)
    return genTupleListSubscript(e);
  if (e.value->type == Type::Tuple && e.value->shape)
    return genTupleSubscript(e);
  if (e.value->type == Type::Tuple) // a.shape[0]
    return genArray(*cast<AttributeExpr>(*e.value).value).len;
  llvm::Value *array = genExpr(*e.value);
  llvm::Value *index = genIndex(*e.index, e.value->type);
  Type elem = elementType(e.value->type);
  return loadElement(array, checkedIndex(array, index, e.index->loc(), e.value->type), elem);
}

llvm::Value *IRGen::genCall(const CallExpr &e) {
  checkAttributeOfNone(*e.callee);
  if (e.builtin == "print")
    return genPrint(e);
  if (e.builtin.rfind("str.", 0) == 0)
    return genStrCall(e); // IRGenStrValues.cpp
  if (e.builtin == "divmod")
    return genDivmod(e);
  if (e.builtin == "numpy.unravel_index")
    return genUnravelIndex(e);
  if (e.builtin == "isinstance") { // folded by Sema (SemaIsinstance.cpp); x still raises
    genExpr(*e.args[0]);
    return b_.getInt1(e.isinstanceAnswer);
  }
  if (e.builtin == "math.hypot.unpacked") // math.hypot(*a) (SemaStarred.cpp)
    return genHypotUnpacked(e);
  if (llvm::Value *out; e.builtin == "sum" && e.args.size() == 2 && genFusedComprehension(e, out))
    return out; // sum(iterable, start), its iterable a generator (SemaSumStart.cpp)
  if (llvm::Value *v; genWindowCall(e, v))
    return v;
  if (llvm::Value *out; genTupleListCall(e, out))
    return out;
  if (e.builtin == "scalar.bit_count" || e.builtin == "scalar.bit_length" ||
      e.builtin.rfind("bin.", 0) == 0)
    return genIntBits(e);
  if (e.builtin.rfind("scalar.", 0) == 0)
    return genScalarMethod(e);
  if (llvm::Value *out; genContainerCall(e, out))
    return out;
  if (e.target)
    return genFunctionCall(e);
  if (e.args.size() == 1 && e.args[0]->type == Type::Tuple && e.args[0]->shape &&
      (e.builtin == "len" || e.builtin == "sum" || e.builtin == "min" || e.builtin == "max"))
    return genTupleBuiltin(e);
  if (isArrayCall(e))
    return genArrayCall(e);
  return genBuiltinCall(e);
}

/// A call of a helper: positional arguments, then keywords, then defaults,
/// each converted to the parameter's inferred type.
llvm::Value *IRGen::genFunctionCall(const CallExpr &e) {
  const FunctionDef &target = *e.target;
  std::vector<const Expr *> bound(target.params.size(), nullptr);
  for (size_t i = 0; i < e.args.size(); ++i)
    bound[i] = e.args[i].get();
  for (const KeywordArg &k : e.keywords)
    for (size_t i = 0; i < target.params.size(); ++i)
      if (target.params[i].name == k.name)
        bound[i] = k.value.get();
  std::vector<llvm::Value *> args;
  llvm::Value *result = nullptr;
  if (target.returnType != Type::None) {
    result = entryAlloca(llvmType(target.returnType, target.returnShape), target.name + ".result");
    args.push_back(result);
  }
  args.push_back(cur_->arena);
  std::vector<llvm::Value *> noneFlags;
  struct DeferredArgument {
    size_t slot;
    const Expr *arg;
    Type type;
  };
  std::vector<DeferredArgument> deferred;
  for (size_t i = 0; i < bound.size(); ++i) {
    if (i >= target.params.size() - target.captures.size()) {
      args.push_back(capturedArgument(target, i, e.loc()));
      continue;
    }
    const Expr *arg = bound[i] ? bound[i] : target.params[i].defaultValue.get();
    const LocalVar &param = target.locals[i];
    if (param.mayBeNone) {
      // A parameter whose default is None gets a value and a None flag: a
      // None-able argument passes its own flag on.
      llvm::Value *flag = noneFlag(*arg);
      noneFlags.push_back(flag);
      auto *name = dyn_cast<NameExpr>(arg);
      if (isa<NoneLiteralExpr>(arg))
        args.push_back(
            llvm::Constant::getNullValue(llvmType(paramAbiType(target, i), param.shape)));
      else if (name && name->ref == NameRef::Local && cur_->none[name->localIndex]) {
        // Its value as it is while None, too (a number's is 0; an array's
        // or a list's is never read while the flag says None).
        const LocalVar &from = cur_->def->locals[name->localIndex];
        llvm::Value *held =
            b_.CreateLoad(llvmType(from.type, from.shape), cur_->slots[name->localIndex]);
        args.push_back(isArray(from.type) ? held : convert(held, from.type, param.type));
      } else
        args.push_back(genExprAs(*arg, target.locals[i].type));
      continue;
    }
    if (std::find(e.intArguments.begin(), e.intArguments.end(), i) != e.intArguments.end() &&
        arg->type == Type::IntOrFloat) {
      // A library function's int parameter given an int-or-float: the
      // float raises here; the int passes on as the parameter's type.
      llvm::Value *i64Value = convertNumber(genExpr(*arg), Type::IntOrFloat, Type::Int,
                                            arg->loc());
      args.push_back(convert(i64Value, Type::Int, param.type));
      continue;
    }
    // Python passes the list object itself: `f(h, h.pop())` sees h after
    // the pop. A list variable is read once every other argument has been
    // evaluated (reading a name has no effects of its own).
    auto *name = dyn_cast<NameExpr>(arg);
    if (name && name->ref == NameRef::Local &&
        (isList(arg->type) || arg->type == Type::TupleList || isHashContainer(arg->type))) {
      deferred.push_back({args.size(), arg, param.type});
      args.push_back(nullptr);
      continue;
    }
    args.push_back(param.type == Type::Tuple
                       ? coerce(genExpr(*arg), Type::Tuple, param.shape, arg->loc())
                       : genExprAs(*arg, param.type));
  }
  for (const DeferredArgument &d : deferred)
    args[d.slot] = genExprAs(*d.arg, d.type);
  for (llvm::Value *flag : noneFlags)
    args.push_back(flag);
  llvm::Value *ok = b_.CreateCall(functions_.at(&target), args);
  if (target.isLibrary && !cur_->def->isLibrary)
    propagateLibrary(ok, e.loc()); // the library's errors at the user's call
  else
    propagate(ok);
  if (!result)
    return nullptr;
  llvm::Value *value = b_.CreateLoad(llvmType(target.returnType, target.returnShape), result);
  if (target.returnType == Type::Tuple)
    return value;
  return convert(value, target.returnType, e.type);
}

llvm::Value *IRGen::callLibm(const char *name, llvm::ArrayRef<llvm::Value *> args) {
  // Functions with an LLVM intrinsic lower to single instructions.
  static const std::pair<const char *, llvm::Intrinsic::ID> Intrinsics[] = {
      {"sqrt", llvm::Intrinsic::sqrt},   {"fabs", llvm::Intrinsic::fabs},
      {"floor", llvm::Intrinsic::floor}, {"ceil", llvm::Intrinsic::ceil},
      {"trunc", llvm::Intrinsic::trunc}, {"copysign", llvm::Intrinsic::copysign},
  };
  for (auto &[n, id] : Intrinsics) {
    if (std::strcmp(n, name) == 0) {
      if (args.size() == 1)
        return b_.CreateUnaryIntrinsic(id, args[0]);
      return b_.CreateBinaryIntrinsic(id, args[0], args[1]);
    }
  }
  std::vector<llvm::Type *> params(args.size(), b_.getDoubleTy());
  llvm::FunctionCallee callee =
      mod_->getOrInsertFunction(name, llvm::FunctionType::get(b_.getDoubleTy(), params, false));
  auto *f = cast<llvm::Function>(callee.getCallee());
  // errno is never read, so the C functions behave as pure functions here.
  f->setDoesNotAccessMemory();
  f->addFnAttr(llvm::Attribute::NoUnwind);
  f->addFnAttr(llvm::Attribute::WillReturn);
  auto *call = b_.CreateCall(callee, args);
  call->setDoesNotAccessMemory();
  // Keep the C library's own function: the optimiser would otherwise
  // rewrite pow(x, 0.5) as sqrt(x) and pow(2.0, x) as exp2(x), which round
  // differently from the pow CPython and numpy call (found by the
  // differential tests).
  call->addFnAttr(llvm::Attribute::NoBuiltin);
  return call;
}

/// int(x) of a float: CPython raises for NaN, infinities and values that do
/// not fit (here: outside int64).
llvm::Value *IRGen::floatToInt(llvm::Value *x, SourceLoc loc) {
  check(b_.CreateFCmpORD(x, x), loc, "ValueError: cannot convert float NaN to integer");
  check(b_.CreateFCmpONE(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x),
                         f64(std::numeric_limits<double>::infinity())),
        loc, "OverflowError: cannot convert float infinity to integer");
  check(b_.CreateAnd(b_.CreateFCmpOGE(x, f64(-9223372036854775808.0)),
                     b_.CreateFCmpOLT(x, f64(9223372036854775808.0))),
        loc, "OverflowError: int too large for llcc's 64-bit integers");
  return b_.CreateFPToSI(x, b_.getInt64Ty());
}

} // namespace llcc
