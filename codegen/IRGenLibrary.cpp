//===- IRGenLibrary.cpp - The numpy and math library table to LLVM IR -----===//
//
// Lowers the inline operations of the library table (ScalarOp: np.sign,
// np.square, np.round(x, decimals), np.deg2rad, ...), for a number and for
// one element of an array, and the runtime errors that standard library
// code raises (`raise ValueError("...")`, a failing check): the library
// function stores a code and returns false; its caller, at the user's call
// site, records the code's message with the call's source position, as if
// the error had happened there (numpy's and CPython's own functions have
// no source line inside them either). A message formatted at run time
// (`raise ValueError(f"supplied range of [{lo}, {hi}] ...")`) waits in the
// message buffer under a negative code, and the user's call puts its
// position and class in front (llcc.rt.lib.reraise).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "NumpyExpLogIR.h"

#include "RuntimeErrors.h"

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
  for (size_t i = 0; i < libraryMessages_.size(); ++i)
    if (libraryMessages_[i] == message)
      return static_cast<int>(i) + 1;
  libraryMessages_.push_back(message);
  return static_cast<int>(libraryMessages_.size());
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
  int count = static_cast<int>(libraryMessages_.size());
  llvm::SwitchInst *sw = b_.CreateSwitch(code, other, count);
  for (int c = 1; c <= count; ++c) {
    llvm::BasicBlock *bb = newBlock("lib.raise");
    sw->addCase(b_.getInt32(c), bb);
    b_.SetInsertPoint(bb);
    fail(loc, libraryMessages_[c - 1]);
  }
  b_.SetInsertPoint(other);
  // A negative code is a formatted library error (libraryReraiseFn); in
  // library code it passes on to the user's call, where it is recorded.
  // Zero: the callee recorded its error itself.
  llvm::BasicBlock *formatted = newBlock("lib.formatted");
  llvm::BasicBlock *recorded = newBlock("lib.done");
  b_.CreateCondBr(b_.CreateICmpSLT(code, b_.getInt32(0)), formatted, recorded);
  b_.SetInsertPoint(formatted);
  if (inLibraryCode()) {
    b_.CreateStore(code, slot);
  } else {
    std::string where = file_.path() + ":" + std::to_string(loc.line) + ":" +
                        std::to_string(loc.col) + ": ";
    b_.CreateCall(libraryReraiseFn(),
                  {stringConstant(where), i64(int64_t(where.size())),
                   b_.CreateSub(b_.CreateNeg(code), b_.getInt32(1))});
  }
  b_.CreateBr(recorded);
  b_.SetInsertPoint(recorded);
  errorExit();
  b_.SetInsertPoint(cont);
}

llvm::Function *IRGen::libraryReraiseFn() {
  if (libReraise_)
    return libReraise_;
  msgAppendFn(); // the message buffer
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i32Ty = b_.getInt32Ty();
  libReraise_ = llvm::Function::Create(
      llvm::FunctionType::get(b_.getVoidTy(), {ptr, i64Ty, i32Ty}, false),
      llvm::GlobalValue::InternalLinkage, "llcc.rt.lib.reraise", mod_.get());
  libReraise_->addFnAttr(llvm::Attribute::NoUnwind);
  libReraise_->addFnAttr(llvm::Attribute::NoInline);
  libReraise_->addFnAttr(llvm::Attribute::Cold);
  // The classes' "Class: " prefixes, indexed by kind.
  const std::vector<std::string> &classes = exceptionClasses();
  std::vector<llvm::Constant *> names, lengths;
  for (const std::string &c : classes) {
    names.push_back(stringConstant(c + ": "));
    lengths.push_back(i64(int64_t(c.size() + 2)));
  }
  auto table = [&](llvm::Type *elem, std::vector<llvm::Constant *> &items, const char *name) {
    auto *ty = llvm::ArrayType::get(elem, items.size());
    return new llvm::GlobalVariable(*mod_, ty, true, llvm::GlobalValue::InternalLinkage,
                                    llvm::ConstantArray::get(ty, items), name);
  };
  llvm::GlobalVariable *nameTable = table(ptr, names, "llcc.exc.names");
  llvm::GlobalVariable *lengthTable = table(i64Ty, lengths, "llcc.exc.lengths");
  FunctionScope scope(cur_, b_, libReraise_);
  b_.SetInsertPoint(newBlock("entry"));
  llvm::Value *where = libReraise_->getArg(0), *n = libReraise_->getArg(1);
  llvm::Value *kind = libReraise_->getArg(2);
  llvm::Value *idx = b_.CreateZExt(kind, i64Ty);
  llvm::Value *cls = b_.CreateLoad(
      ptr, b_.CreateGEP(nameTable->getValueType(), nameTable, {i64(0), idx}));
  llvm::Value *clsLen = b_.CreateLoad(
      i64Ty, b_.CreateGEP(lengthTable->getValueType(), lengthTable, {i64(0), idx}));
  auto [dataPtr, lenPtr, capPtr] = msgBufferFields();
  // The buffer holds the text (t bytes). It becomes two strings, Python's
  // message as for every library error, then llcc_last_error's:
  //   [where][text]\0[where][Class: ][text]\0
  llvm::Value *t = b_.CreateLoad(i64Ty, lenPtr);
  llvm::Value *pyLen = b_.CreateAdd(n, t);
  llvm::Value *fullAt = b_.CreateAdd(pyLen, i64(1));
  llvm::Value *need = b_.CreateAdd(fullAt, b_.CreateAdd(pyLen, b_.CreateAdd(clsLen, i64(1))));
  llvm::BasicBlock *grow = newBlock("reraise.grow");
  llvm::BasicBlock *build = newBlock("reraise.build");
  llvm::BasicBlock *noMemory = newBlock("reraise.nomem");
  b_.CreateCondBr(b_.CreateICmpULT(b_.CreateLoad(i64Ty, capPtr), need), grow, build);
  b_.SetInsertPoint(grow);
  llvm::Function *realloc =
      libcFunction("realloc", llvm::FunctionType::get(ptr, {ptr, i64Ty}, false));
  llvm::Value *grown = b_.CreateCall(realloc, {b_.CreateLoad(ptr, dataPtr), need});
  llvm::BasicBlock *keep = newBlock("reraise.keep");
  b_.CreateCondBr(b_.CreateIsNull(grown), noMemory, keep);
  b_.SetInsertPoint(keep);
  b_.CreateStore(grown, dataPtr);
  b_.CreateStore(need, capPtr);
  b_.CreateBr(build);
  b_.SetInsertPoint(build);
  llvm::Type *i8 = b_.getInt8Ty();
  llvm::Value *data = b_.CreateLoad(ptr, dataPtr);
  llvm::Value *full = b_.CreateGEP(i8, data, fullAt);
  llvm::MaybeAlign one(1);
  b_.CreateMemMove(b_.CreateGEP(i8, full, b_.CreateAdd(n, clsLen)), one, data, one, t);
  b_.CreateMemMove(b_.CreateGEP(i8, data, n), one, data, one, t);
  b_.CreateMemCpy(data, one, where, one, n);
  b_.CreateStore(b_.getInt8(0), b_.CreateGEP(i8, data, pyLen));
  b_.CreateMemCpy(full, one, where, one, n);
  b_.CreateMemCpy(b_.CreateGEP(i8, full, n), one, cls, one, clsLen);
  b_.CreateStore(b_.getInt8(0), b_.CreateGEP(i8, data, b_.CreateSub(need, i64(1))));
  b_.CreateStore(b_.CreateSub(need, i64(1)), lenPtr);
  b_.CreateCall(recordFn_, {full, data, kind, n});
  b_.CreateRetVoid();
  // Out of memory: the class with the user's position, without the text.
  b_.SetInsertPoint(noMemory);
  b_.CreateCall(recordFn_, {where, where, kind, n});
  b_.CreateRetVoid();
  return libReraise_;
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
  case ScalarOp::Sinc: {
    // numpy: y = pi * where(x == 0, 1.0e-20, x); sin(y) / y, where sin is
    // the np.sin ufunc (numpy's SVML sin on AVX512_SKX, else the C library's).
    llvm::Value *f = asFloat();
    llvm::Value *y =
        b_.CreateFMul(f64(M_PI), b_.CreateSelect(b_.CreateFCmpOEQ(f, f64(0.0)), f64(1.0e-20), f));
    llvm::Value *sinY = emitNumpyExpLog(b_, *mod_, "numpy.sin", y);
    return b_.CreateFDiv(sinY ? sinY : callLibm("sin", {y}), y);
  }
  case ScalarOp::Heaviside: {
    // npy_heaviside: NaN (numpy's own, positive) for NaN, h0 at 0, else 0 or 1.
    llvm::Value *f = asFloat();
    llvm::Value *h0 = convert(args[1], types[1], Type::Float);
    return b_.CreateSelect(
        b_.CreateFCmpUNO(f, f), f64(std::numeric_limits<double>::quiet_NaN()),
        b_.CreateSelect(b_.CreateFCmpOEQ(f, f64(0.0)), h0,
                        b_.CreateSelect(b_.CreateFCmpOLT(f, f64(0.0)), f64(0.0), f64(1.0))));
  }
  case ScalarOp::FMax:
  case ScalarOp::FMin: {
    // numpy 1.24's fmax/fmin loops (scalar and AVX-512 alike): a NaN second
    // operand gives the first, else the first when strictly larger
    // (smaller), else the second: fmax(-0.0, 0.0) is 0.0, fmax(0.0, -0.0)
    // -0.0, and of two NaNs the first. Of ints, numpy's int64 comparison.
    if (result == Type::Int) {
      llvm::Value *a = convert(x, tx, Type::Int), *c = convert(args[1], types[1], Type::Int);
      return b_.CreateSelect(op == ScalarOp::FMax ? b_.CreateICmpSGT(a, c) : b_.CreateICmpSLT(a, c),
                             a, c);
    }
    llvm::Value *a = asFloat(), *c = convert(args[1], types[1], Type::Float);
    llvm::Value *pick = op == ScalarOp::FMax ? b_.CreateFCmpOGT(a, c) : b_.CreateFCmpOLT(a, c);
    return b_.CreateSelect(b_.CreateOr(pick, b_.CreateFCmpUNO(c, c)), a, c);
  }
  case ScalarOp::Maximum:
  case ScalarOp::Minimum: {
    // numpy propagates a NaN first operand, else picks the first when
    // strictly larger (smaller): (a > b || isnan(a)) ? a : b. Of ints,
    // numpy's int64 comparison.
    bool max = op == ScalarOp::Maximum;
    if (result == Type::Int) {
      llvm::Value *a = convert(x, tx, Type::Int), *c = convert(args[1], types[1], Type::Int);
      return b_.CreateSelect(max ? b_.CreateICmpSGT(a, c) : b_.CreateICmpSLT(a, c), a, c);
    }
    llvm::Value *a = asFloat(), *c = convert(args[1], types[1], Type::Float);
    llvm::Value *pick = max ? b_.CreateFCmpOGT(a, c) : b_.CreateFCmpOLT(a, c);
    return b_.CreateSelect(b_.CreateOr(pick, b_.CreateFCmpUNO(a, a)), a, c);
  }
  case ScalarOp::LogAddExp:
  case ScalarOp::LogAddExp2: {
    // npy_logaddexp(2): x == y gives x + log(2) (x + 1 in base 2), which
    // keeps equal infinities; else the larger plus log1p(exp(-|x - y|))
    // (LOG2E * log1p(exp2(..))), the C library's functions as numpy calls
    // them; a NaN difference is the result itself.
    bool two = op == ScalarOp::LogAddExp2;
    llvm::Value *a = asFloat(), *c = convert(args[1], types[1], Type::Float);
    llvm::Value *tmp = b_.CreateFSub(a, c);
    llvm::Value *e =
        callLibm(two ? "exp2" : "exp", {b_.CreateFNeg(intrinsic(llvm::Intrinsic::fabs, tmp))});
    llvm::Value *l = callLibm("log1p", {e});
    if (two)
      l = b_.CreateFMul(f64(M_LOG2E), l);
    llvm::Value *larger = b_.CreateSelect(b_.CreateFCmpOGT(tmp, f64(0.0)), a, c);
    llvm::Value *r = b_.CreateSelect(b_.CreateFCmpUNO(tmp, tmp), tmp, b_.CreateFAdd(larger, l));
    return b_.CreateSelect(b_.CreateFCmpOEQ(a, c), b_.CreateFAdd(a, f64(two ? 1.0 : M_LN2)), r);
  }
  case ScalarOp::Signbit:
    return b_.CreateICmpSLT(b_.CreateBitCast(asFloat(), b_.getInt64Ty()), i64(0));
  case ScalarOp::Spacing: {
    // npy_spacing: _next(x, 1) - x, where _next steps the bits away from
    // zero and from either zero to +5e-324; NaN stays (its sign too), an
    // infinity gives numpy's positive NaN; the largest float steps to inf.
    llvm::Value *f = asFloat();
    llvm::Value *bits = b_.CreateBitCast(f, b_.getInt64Ty());
    llvm::Value *next = b_.CreateBitCast(b_.CreateAdd(bits, i64(1)), b_.getDoubleTy());
    llvm::Value *step = b_.CreateFSub(next, f);
    llvm::Value *abs = intrinsic(llvm::Intrinsic::fabs, f);
    llvm::Value *r = b_.CreateSelect(b_.CreateFCmpOEQ(f, f64(0.0)), f64(5e-324), step);
    r = b_.CreateSelect(b_.CreateFCmpOEQ(abs, f64(INFINITY)),
                        f64(std::numeric_limits<double>::quiet_NaN()), r);
    return b_.CreateSelect(b_.CreateFCmpUNO(f, f), f, r);
  }
  case ScalarOp::Ulp: {
    // CPython's math_ulp: NaN stays; |x|, then nextafter(|x|, inf) - |x|,
    // or |x| - nextafter(|x|, -inf) where the step up overflows; inf stays.
    llvm::Value *x0 = asFloat();
    llvm::Value *f = intrinsic(llvm::Intrinsic::fabs, x0);
    llvm::Value *bits = b_.CreateBitCast(f, b_.getInt64Ty());
    auto stepped = [&](int64_t by) {
      return b_.CreateBitCast(b_.CreateAdd(bits, i64(by)), b_.getDoubleTy());
    };
    llvm::Value *top = b_.CreateFCmpOEQ(f, f64(std::numeric_limits<double>::max()));
    llvm::Value *r =
        b_.CreateSelect(top, b_.CreateFSub(f, stepped(-1)), b_.CreateFSub(stepped(1), f));
    r = b_.CreateSelect(b_.CreateFCmpOEQ(f, f64(INFINITY)), f, r);
    return b_.CreateSelect(b_.CreateFCmpUNO(x0, x0), x0, r);
  }
  case ScalarOp::None:
    break;
  }
  throw InternalError("library operation without a lowering");
}

/// np.sign(x), np.round(x, 2), ... of numbers: an int-or-float argument
/// takes the int or the float path by its tag, as Python would.
llvm::Value *IRGen::genScalarOpCall(const CallExpr &e, const BuiltinFunction &info) {
  SourceLoc loc = e.loc();
  std::vector<llvm::Value *> args;
  std::vector<Type> types;
  for (auto &a : e.args) {
    args.push_back(genExpr(*a));
    types.push_back(a->type);
  }
  // np.int64(x) of a numpy float64 is numpy's C cast (NaN, infinities and
  // values out of range give -2**63); of a Python float it is int()'s.
  if (info.op == ScalarOp::Int64 && types[0] == Type::Float && e.args[0]->mayBeNumpy)
    return storedElement(args[0], Type::Float, Type::Int, false, loc);
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
