//===- IRGenLibrary.cpp - The numpy and math library table to LLVM IR -----===//
//
// Lowers the inline operations of the library table (ScalarOp: np.sign,
// np.square, np.round(x, decimals), np.deg2rad, ...), for a number and for
// one element of an array, and the runtime errors that standard library
// code raises with `_llcc_fail(code)`: the library function stores the code
// and returns false; its caller, at the user's call site, records the
// code's message with the call's source position, as if the error had
// happened there (numpy's and CPython's own functions have no source line
// inside them either).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Builtins.h"
#include "Diagnostics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include <cmath>

namespace llcc {

llvm::GlobalVariable *IRGen::libraryFailSlot() {
  if (libFail_)
    return libFail_;
  libFail_ = new llvm::GlobalVariable(*mod_, b_.getInt32Ty(), false,
                                      llvm::GlobalValue::InternalLinkage, b_.getInt32(0),
                                      "llcc.lib.fail", nullptr,
                                      llvm::GlobalValue::GeneralDynamicTLSModel);
  return libFail_;
}

int IRGen::libraryMessageCode(const std::string &message) {
  for (int c = 1; c <= libraryErrorCount(); ++c)
    if (libraryErrorMessage(c) == message)
      return c;
  for (size_t i = 0; i < libraryMessages_.size(); ++i)
    if (libraryMessages_[i] == message)
      return libraryErrorCount() + 1 + static_cast<int>(i);
  libraryMessages_.push_back(message);
  return libraryErrorCount() + static_cast<int>(libraryMessages_.size());
}

/// The call of a standard library function failed: if library code raised
/// (a code is set), the code's message at the call site `loc`; otherwise
/// the callee has recorded its error already.
void IRGen::propagateLibrary(llvm::Value *ok, SourceLoc loc) {
  llvm::BasicBlock *cont = newBlock("lib.ok");
  llvm::BasicBlock *bad = newBlock("lib.error");
  b_.CreateCondBr(ok, cont, bad, llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(bad);
  llvm::Value *slot = b_.CreateThreadLocalAddress(libraryFailSlot());
  llvm::Value *code = b_.CreateLoad(b_.getInt32Ty(), slot);
  b_.CreateStore(b_.getInt32(0), slot);
  llvm::BasicBlock *other = newBlock("lib.recorded");
  int count = libraryErrorCount() + static_cast<int>(libraryMessages_.size());
  llvm::SwitchInst *sw = b_.CreateSwitch(code, other, count);
  for (int c = 1; c <= count; ++c) {
    llvm::BasicBlock *bb = newBlock("lib.raise");
    sw->addCase(b_.getInt32(c), bb);
    b_.SetInsertPoint(bb);
    fail(loc, c <= libraryErrorCount() ? libraryErrorMessage(c)
                                       : libraryMessages_[c - libraryErrorCount() - 1]);
  }
  b_.SetInsertPoint(other);
  b_.CreateRet(b_.getFalse());
  b_.SetInsertPoint(cont);
}

/// numpy's power_of_ten (multiarray/calculation.c): a table below 10**9,
/// then repeated multiplication by ten.
llvm::Value *IRGen::powerOfTen(llvm::Value *n) {
  llvm::AllocaInst *acc = entryAlloca(b_.getDoubleTy(), "p10");
  b_.CreateStore(f64(1e9), acc);
  // Past 10**400 the product is inf: stop there (a huge n would loop long).
  llvm::Value *steps = b_.CreateSelect(b_.CreateICmpSGT(n, i64(400)), i64(400), n);
  forRange(i64(9), steps, [&](llvm::Value *) {
    b_.CreateStore(b_.CreateFMul(b_.CreateLoad(b_.getDoubleTy(), acc), f64(10.0)), acc);
  });
  llvm::Value *small =
      callLibm("pow", {f64(10.0), b_.CreateSIToFP(n, b_.getDoubleTy())}); // exact below 1e9
  return b_.CreateSelect(b_.CreateICmpSLT(n, i64(9)), small,
                         b_.CreateLoad(b_.getDoubleTy(), acc));
}

/// np.round(n, d) of an int, as numpy 1.24's PyArray_Round: d >= 0 keeps
/// the int; below, float64(n) / 10**-d, rint, times 10**-d, cast back to
/// int64, where a NaN or out-of-range double becomes INT64_MIN as in the
/// x86-64 conversion numpy uses (np.round(15, -400) is INT64_MIN).
llvm::Value *IRGen::numpyRoundInt(llvm::Value *n, llvm::Value *d) {
  llvm::Value *scale = powerOfTen(b_.CreateNeg(d));
  llvm::Value *f = b_.CreateSIToFP(n, b_.getDoubleTy());
  llvm::Value *r = b_.CreateFMul(
      b_.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, b_.CreateFDiv(f, scale)), scale);
  llvm::Value *inRange = b_.CreateAnd(b_.CreateFCmpOGE(r, f64(-9223372036854775808.0)),
                                      b_.CreateFCmpOLT(r, f64(9223372036854775808.0)));
  llvm::Value *cast =
      b_.CreateSelect(inRange, b_.CreateFPToSI(r, b_.getInt64Ty()), i64(INT64_MIN));
  return b_.CreateSelect(b_.CreateICmpSGE(d, i64(0)), n, cast);
}

/// round(n, d) of a Python int (int.__round__): exact, half to even;
/// d >= 0 keeps n. A result beyond 64 bits raises OverflowError as other
/// llcc int arithmetic.
llvm::Value *IRGen::pythonRoundInt(llvm::Value *n, llvm::Value *d, SourceLoc loc) {
  llvm::Value *k = b_.CreateNeg(d);
  // 10**19 does not fit: |n| < 5e18 rounds to 0, |n| > 5e18 to +-10**19.
  llvm::Value *half19 = i64(5000000000000000000LL);
  check(b_.CreateNot(b_.CreateAnd(
            b_.CreateICmpEQ(k, i64(19)),
            b_.CreateOr(b_.CreateICmpSGT(n, half19), b_.CreateICmpSLT(n, b_.CreateNeg(half19))))),
        loc, "OverflowError: integer overflow (llcc integers are 64-bit)");
  llvm::Value *huge = b_.CreateICmpSGE(k, i64(19));
  llvm::Value *kc = b_.CreateSelect(b_.CreateICmpSLT(k, i64(0)), i64(0),
                                    b_.CreateSelect(huge, i64(18), k));
  llvm::AllocaInst *acc = entryAlloca(b_.getInt64Ty(), "p10i");
  b_.CreateStore(i64(1), acc);
  forRange(i64(0), kc, [&](llvm::Value *) {
    b_.CreateStore(b_.CreateMul(b_.CreateLoad(b_.getInt64Ty(), acc), i64(10)), acc);
  });
  llvm::Value *p = b_.CreateLoad(b_.getInt64Ty(), acc);
  // Floor division and remainder (0 <= r < p), then half to even.
  llvm::Value *q = b_.CreateSDiv(n, p);
  llvm::Value *r = b_.CreateSRem(n, p);
  llvm::Value *neg = b_.CreateICmpSLT(r, i64(0));
  q = b_.CreateSub(q, b_.CreateZExt(neg, b_.getInt64Ty()));
  r = b_.CreateSelect(neg, b_.CreateAdd(r, p), r);
  llvm::Value *twice = b_.CreateShl(r, 1);
  llvm::Value *up = b_.CreateOr(
      b_.CreateICmpSGT(twice, p),
      b_.CreateAnd(b_.CreateICmpEQ(twice, p), b_.CreateTrunc(q, b_.getInt1Ty())));
  q = b_.CreateAdd(q, b_.CreateZExt(up, b_.getInt64Ty()));
  q = b_.CreateSelect(huge, i64(0), q);
  llvm::Value *rounded = genIntArith(BinaryOp::Mul, q, p, loc);
  return b_.CreateSelect(b_.CreateICmpSGE(d, i64(0)), n, rounded);
}

/// One ScalarOp on numbers of the given types: the value of `result` type
/// (Float, Int or Bool; elementwise calls ask for Float).
llvm::Value *IRGen::scalarOp(ScalarOp op, const std::vector<llvm::Value *> &args,
                             const std::vector<Type> &types, Type result, SourceLoc loc) {
  llvm::Value *x = args.empty() ? nullptr : args[0];
  Type tx = types.empty() ? Type::Unknown : types[0];
  auto asFloat = [&]() { return convert(x, tx, Type::Float); };
  auto intrinsic = [&](llvm::Intrinsic::ID id, llvm::Value *v) {
    return b_.CreateUnaryIntrinsic(id, v);
  };
  switch (op) {
  case ScalarOp::Sign:
    if (result == Type::Int) {
      llvm::Value *i = convert(x, tx, Type::Int);
      return b_.CreateSub(b_.CreateZExt(b_.CreateICmpSGT(i, i64(0)), b_.getInt64Ty()),
                          b_.CreateZExt(b_.CreateICmpSLT(i, i64(0)), b_.getInt64Ty()));
    } else {
      // numpy: x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x (NaN stays NaN).
      llvm::Value *f = asFloat();
      return b_.CreateSelect(
          b_.CreateFCmpOGT(f, f64(0.0)), f64(1.0),
          b_.CreateSelect(b_.CreateFCmpOLT(f, f64(0.0)), f64(-1.0),
                          b_.CreateSelect(b_.CreateFCmpOEQ(f, f64(0.0)), f64(0.0), f)));
    }
  case ScalarOp::Square:
    if (result == Type::Int) {
      llvm::Value *i = convert(x, tx, Type::Int);
      return genIntArith(BinaryOp::Mul, i, i, loc);
    } else {
      llvm::Value *f = asFloat();
      return b_.CreateFMul(f, f);
    }
  case ScalarOp::Fix:
    return intrinsic(llvm::Intrinsic::trunc, asFloat());
  case ScalarOp::Rint:
    return intrinsic(llvm::Intrinsic::roundeven, asFloat());
  case ScalarOp::Round: {
    if (result == Type::Int) {
      llvm::Value *n = convert(x, tx, Type::Int);
      return args.size() < 2 ? n : numpyRoundInt(n, convert(args[1], types[1], Type::Int, loc));
    }
    llvm::Value *f = asFloat();
    if (args.size() < 2)
      return intrinsic(llvm::Intrinsic::roundeven, f);
    // numpy: decimals >= 0: rint(x * 10**d) / 10**d; below, rint(x / 10**-d) * 10**-d.
    llvm::Value *d = convert(args[1], types[1], Type::Int, loc);
    llvm::Value *up = b_.CreateICmpSGE(d, i64(0));
    llvm::Value *scale = powerOfTen(b_.CreateSelect(up, d, b_.CreateNeg(d)));
    llvm::Value *viaMul = b_.CreateFDiv(
        intrinsic(llvm::Intrinsic::roundeven, b_.CreateFMul(f, scale)), scale);
    llvm::Value *viaDiv = b_.CreateFMul(
        intrinsic(llvm::Intrinsic::roundeven, b_.CreateFDiv(f, scale)), scale);
    return b_.CreateSelect(up, viaMul, viaDiv);
  }
  case ScalarOp::Deg2Rad:
    return b_.CreateFMul(asFloat(), f64(M_PI / 180.0));
  case ScalarOp::Rad2Deg:
    return b_.CreateFMul(asFloat(), f64(180.0 / M_PI));
  case ScalarOp::Float32:
    return b_.CreateFPExt(b_.CreateFPTrunc(asFloat(), b_.getFloatTy()), b_.getDoubleTy());
  case ScalarOp::Int64:
    if (tx == Type::Float)
      return floatToInt(x, loc);
    return convert(x, tx, Type::Int, loc);
  case ScalarOp::Fail:
  case ScalarOp::None:
    break;
  }
  throw InternalError("library operation without a lowering");
}

/// np.sign(x), np.round(x, 2), ... of numbers: an int-or-float argument
/// takes the int or the float path by its tag, as Python would.
llvm::Value *IRGen::genScalarOpCall(const CallExpr &e, const BuiltinFunction &info) {
  SourceLoc loc = e.loc();
  if (info.op == ScalarOp::Fail) {
    // Library code raising: the code for the caller, then return false.
    llvm::Value *code = genExprAs(*e.args[0], Type::Int);
    b_.CreateStore(b_.CreateTrunc(code, b_.getInt32Ty()),
                   b_.CreateThreadLocalAddress(libraryFailSlot()));
    b_.CreateRet(b_.getFalse());
    startDeadBlock();
    return nullptr;
  }
  std::vector<llvm::Value *> args;
  std::vector<Type> types;
  for (auto &a : e.args) {
    args.push_back(genExpr(*a));
    types.push_back(a->type);
  }
  if (!types.empty() && types[0] == Type::IntOrFloat) {
    llvm::Value *x = args[0];
    return ifIntElse(
        isIntTag(x, Type::IntOrFloat),
        [&] {
          std::vector<llvm::Value *> a = args;
          std::vector<Type> t = types;
          a[0] = intPart(x, Type::IntOrFloat);
          t[0] = Type::Int;
          Type r = e.type == Type::IntOrFloat ? Type::Int : e.type;
          return convert(scalarOp(info.op, a, t, r, loc), r, e.type);
        },
        [&] {
          std::vector<llvm::Value *> a = args;
          std::vector<Type> t = types;
          a[0] = convert(x, Type::IntOrFloat, Type::Float);
          t[0] = Type::Float;
          Type r = e.type == Type::IntOrFloat ? Type::Float : e.type;
          return convert(scalarOp(info.op, a, t, r, loc), r, e.type);
        });
  }
  return scalarOp(info.op, args, types, e.type, loc);
}

} // namespace llcc
