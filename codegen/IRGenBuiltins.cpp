//===- IRGenBuiltins.cpp - Builtin, math and numpy calls to LLVM IR --------===//
//
// Lowers calls of the names in frontend/Builtins.h. `math.*` functions keep
// CPython's checks (a domain or range error raises there, so it is a
// runtime error here); `numpy.*` functions return NaN or inf instead, as
// numpy float64 does. min/max keep Python's exact rule (`if x < current`),
// which decides what NaN does.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "NumpyExpLogIR.h"

#include "Builtins.h"
#include "Diagnostics.h"
#include "Window.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include <limits>

namespace llcc {

namespace {
/// math functions whose infinite result from finite input is an
/// OverflowError in CPython (the others raise ValueError: domain error).
bool canOverflow(const std::string &name) {
  return name == "math.exp" || name == "math.sinh" || name == "math.cosh" || name == "math.pow" ||
         name == "math.hypot" || name == "math.expm1";
}
} // namespace

llvm::Value *IRGen::genBuiltinCall(const CallExpr &e) {
  const std::string &name = e.builtin;
  const BuiltinFunction *info = findBuiltinFunction(name);
  internalCheck(info != nullptr, "call of an unknown builtin reached code generation");
  if (info->op != ScalarOp::None)
    return genScalarOpCall(e, *info);
  SourceLoc loc = e.loc();
  auto arg = [&](size_t i, Type t) { return genExprAs(*e.args[i], t); };
  Type t0 = e.args.empty() ? Type::Unknown : e.args[0]->type;

  if ((name == "min" || name == "max" || name == "sum") && e.args.size() == 1)
    return genArrayReduce(e, name);
  if (name == "len" && t0 == Type::Tuple) { // len(a.shape), len(T): known when compiling
    if (auto *a = llvm::dyn_cast<AttributeExpr>(e.args[0].get()))
      genArray(*a->value); // evaluated, as CPython does
    else
      genExpr(*e.args[0]);
    return b_.getInt64(tupleLength(*e.args[0]));
  }
  if (name == "len")
    return genArray(*e.args[0]).len;
  if (name == "min" || name == "max") {
    // Python: result = first; for x in rest: if x < result: result = x.
    // Each argument keeps its own type until the comparison, so min(0, v)
    // compares an int with a float and yields the int 0 or the float v.
    llvm::Value *result = genExpr(*e.args[0]);
    Type resultType = t0;
    for (size_t i = 1; i < e.args.size(); ++i) {
      llvm::Value *x = genExpr(*e.args[i]);
      Type tx = e.args[i]->type;
      llvm::Value *better = genNumberCompare(name == "min" ? CompareOp::Lt : CompareOp::Gt, x, tx,
                                             result, resultType);
      result = b_.CreateSelect(better, convert(x, tx, e.type), convert(result, resultType, e.type));
      resultType = e.type;
    }
    return convert(result, resultType, e.type);
  }
  if (name == "abs" || name == "numpy.abs" || name == "numpy.absolute") {
    auto absFloat = [&](llvm::Value *x) {
      return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
    };
    auto absInt = [&](llvm::Value *x) {
      llvm::Value *neg = genIntArith(BinaryOp::Sub, i64(0), x, loc);
      return b_.CreateSelect(b_.CreateICmpSLT(x, i64(0)), neg, x);
    };
    if (e.type == Type::Bool) // abs of a numpy.bool_ is itself
      return arg(0, Type::Bool);
    if (e.type == Type::Float)
      return absFloat(arg(0, Type::Float));
    if (e.type == Type::IntOrFloat) {
      llvm::Value *x = genExpr(*e.args[0]);
      return ifIntElse(
          isIntTag(x, t0), [&] { return intNumber(absInt(intPart(x, t0))); },
          [&] { return floatNumber(absFloat(convert(x, t0, Type::Float))); });
    }
    return absInt(arg(0, Type::Int));
  }
  // int(x), round(x), math.floor(x), ...: an int argument is returned as
  // it is; a float goes through `toInt`, which raises for NaN and inf.
  auto intOrConvert = [&](const std::function<llvm::Value *(llvm::Value *)> &toInt) {
    if (t0 == Type::Float)
      return toInt(arg(0, Type::Float));
    if (t0 != Type::IntOrFloat)
      return arg(0, Type::Int);
    llvm::Value *x = genExpr(*e.args[0]);
    return ifIntElse(
        isIntTag(x, t0), [&] { return intPart(x, t0); },
        [&] { return toInt(convert(x, t0, Type::Float)); });
  };
  if (name == "int")
    return intOrConvert([&](llvm::Value *x) { return floatToInt(x, loc); });
  if (name == "float" || name == "numpy.float64")
    return arg(0, Type::Float);
  if (name == "bool")
    return truthy(genExpr(*e.args[0]), t0);
  if (name == "round") {
    if (t0 == Type::Bool && e.args[0]->mayBeNumpy) {
      check(b_.getFalse(), loc, "TypeError: type numpy.bool_ doesn't define __round__ method");
      return e.type == Type::Float ? f64(0.0) : i64(0);
    }
    if (e.args.size() == 1) {
      // Half to even, then Python's int() checks.
      return intOrConvert([&](llvm::Value *x) {
        return floatToInt(b_.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, x), loc);
      });
    }
    // int.__round__ is exact; np.int64.__round__ is np.round's.
    auto roundInt = [&](llvm::Value *n, llvm::Value *d) {
      return e.args[0]->mayBeNumpy ? numpyRoundInt(n, d) : pythonRoundInt(n, d, loc);
    };
    // numpy's algorithm (round(np.float64, n) calls np.round): scale by
    // 10**n, round half to even, scale back. A Python float rounds its exact
    // value to n decimal places (IRGenRound.cpp).
    auto roundFloat = [&](llvm::Value *x, llvm::Value *n) -> llvm::Value * {
      if (!e.args[0]->mayBeNumpy) {
        llvm::Value *r = b_.CreateCall(pythonRoundFn(), {x, n});
        llvm::Value *inf = f64(std::numeric_limits<double>::infinity());
        check(b_.CreateOr(b_.CreateFCmpUNE(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, r), inf),
                          b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x), inf)),
              loc, "OverflowError: rounded value too large to represent");
        return r;
      }
      llvm::Value *nonNegative = b_.CreateICmpSGE(n, i64(0));
      llvm::Value *absN = b_.CreateSelect(nonNegative, n, b_.CreateSub(i64(0), n));
      llvm::Value *scale = numpyPowerOfTen(absN);
      auto rint = [&](llvm::Value *v) {
        return b_.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, v);
      };
      llvm::Value *up = b_.CreateFDiv(rint(b_.CreateFMul(x, scale)), scale);
      llvm::Value *down = b_.CreateFMul(rint(b_.CreateFDiv(x, scale)), scale);
      return b_.CreateSelect(nonNegative, up, down);
    };
    // The number, then the digits, in Python's order (not as C++ arguments,
    // whose order is unspecified).
    if (e.type == Type::Int) {
      llvm::Value *n = arg(0, Type::Int);
      return roundInt(n, arg(1, Type::Int));
    }
    if (e.type == Type::IntOrFloat) {
      // A value that is an int on one path and a float on another: the
      // int's rounding (an int) or the float's (a float), as Python picks
      // int.__round__ or float.__round__ by the value's type.
      llvm::Value *x = genExpr(*e.args[0]);
      llvm::Value *d = arg(1, Type::Int);
      return ifIntElse(
          isIntTag(x, t0), [&] { return intNumber(roundInt(intPart(x, t0), d)); },
          [&] { return floatNumber(roundFloat(convert(x, t0, Type::Float), d)); });
    }
    llvm::Value *x = arg(0, Type::Float);
    return roundFloat(x, arg(1, Type::Int));
  }
  if (name == "pow") {
    llvm::Value *base = genExpr(*e.args[0]);
    llvm::Value *exponent = genExpr(*e.args[1]);
    return genArith(BinaryOp::Pow, base, t0, exponent, e.args[1]->type, e.type, loc,
                    !e.args[0]->mayBeNumpy && !e.args[1]->mayBeNumpy);
  }
  if (name == "math.isnan" || name == "numpy.isnan" || name == "math.isinf" ||
      name == "numpy.isinf" || name == "math.isfinite" || name == "numpy.isfinite") {
    if (isIntegral(t0)) {
      genExpr(*e.args[0]); // for its runtime errors: isfinite(7 % 0) raises
      return b_.getInt1(name.find("isfinite") != std::string::npos);
    }
    llvm::Value *x = arg(0, Type::Float);
    if (name.find("isnan") != std::string::npos)
      return b_.CreateFCmpUNO(x, x);
    llvm::Value *ax = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
    llvm::Value *inf = f64(std::numeric_limits<double>::infinity());
    if (name.find("isinf") != std::string::npos)
      return b_.CreateFCmpOEQ(ax, inf);
    return b_.CreateFCmpOLT(ax, inf);
  }
  if (name == "math.floor" || name == "math.ceil" || name == "math.trunc")
    return intOrConvert(
        [&](llvm::Value *x) { return floatToInt(callLibm(info->libmName, {x}), loc); });
  if (name == "math.hypot") // CPython's own algorithm, not libm's hypot
    return genHypotCall(e);

  if (name == "math.dist")
    return genDistCall(e);
  if (info->libmName[0] != '\0')
    return genMathCall(e, name, info->libmName, info->mathChecks);
  throw InternalError("builtin '" + name + "' has no lowering");
}

/// `double @llcc.rt.hypot(double, double)`: CPython 3.11's math.hypot
/// (vector_norm in Modules/mathmodule.c): the squares are summed in
/// double-length arithmetic after scaling by a power of two, then one
/// differential correction step. It never raises for two arguments.
llvm::Function *IRGen::cpythonHypot() {
  if (hypot_)
    return hypot_;
  llvm::Type *dbl = b_.getDoubleTy();
  hypot_ = llvm::Function::Create(llvm::FunctionType::get(dbl, {dbl, dbl}, false),
                                  llvm::GlobalValue::InternalLinkage, "llcc.rt.hypot", mod_.get());
  hypot_->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(ctx_);
  auto block = [&](const char *n) { return llvm::BasicBlock::Create(ctx_, n, hypot_); };
  llvm::BasicBlock *entry = block("entry"), *notInf = block("not.inf"), *notNaN = block("not.nan"),
                   *core = block("core"), *early = block("early");
  auto c = [&](double v) { return llvm::ConstantFP::get(dbl, v); };
  auto fabs = [&](llvm::Value *v) { return b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v); };
  auto fma = [&](llvm::Value *x, llvm::Value *y, llvm::Value *z) {
    return b.CreateIntrinsic(llvm::Intrinsic::fma, {dbl}, {x, y, z});
  };
  b.SetInsertPoint(entry);
  llvm::Value *ax = fabs(hypot_->getArg(0)), *ay = fabs(hypot_->getArg(1));
  // max starts at 0.0 and takes each |x| that is greater (NaN never is).
  llvm::Value *max = b.CreateSelect(b.CreateFCmpOGT(ax, c(0.0)), ax, c(0.0));
  max = b.CreateSelect(b.CreateFCmpOGT(ay, max), ay, max);
  llvm::Value *foundNaN = b.CreateOr(b.CreateFCmpUNO(ax, ax), b.CreateFCmpUNO(ay, ay));
  llvm::Value *inf = c(std::numeric_limits<double>::infinity());
  b.CreateCondBr(b.CreateFCmpOEQ(max, inf), early, notInf);
  b.SetInsertPoint(notInf);
  b.CreateCondBr(foundNaN, early, notNaN);
  b.SetInsertPoint(notNaN);
  b.CreateCondBr(b.CreateFCmpOEQ(max, c(0.0)), early, core);
  b.SetInsertPoint(early);
  llvm::PHINode *earlyValue = b.CreatePHI(dbl, 3);
  earlyValue->addIncoming(max, entry);
  earlyValue->addIncoming(c(std::numeric_limits<double>::quiet_NaN()), notInf);
  earlyValue->addIncoming(max, notNaN);
  b.CreateRet(earlyValue);

  b.SetInsertPoint(core);
  llvm::Type *i32 = b.getInt32Ty();
  auto frexpExp = [&](llvm::Value *v) {
    llvm::Value *r = b.CreateIntrinsic(llvm::Intrinsic::frexp, {dbl, i32}, {v});
    return b.CreateExtractValue(r, 1);
  };
  // When max's exponent is below -1023, ldexp(1.0, -max_e) would
  // overflow: CPython then divides by max and sums with one compensation
  // term instead.
  llvm::BasicBlock *tinyBB = block("tiny"), *normalBB = block("normal");
  llvm::Value *maxE = frexpExp(max);
  b.CreateCondBr(b.CreateICmpSLT(maxE, b.getInt32(-1023)), tinyBB, normalBB);
  b.SetInsertPoint(tinyBB);
  {
    llvm::Value *csum = c(1.0), *frac = c(0.0);
    for (llvm::Value *v : {ax, ay}) {
      llvm::Value *x = b.CreateFDiv(v, max);
      x = b.CreateFMul(x, x);
      llvm::Value *old = csum;
      csum = b.CreateFAdd(csum, x);
      frac = b.CreateFAdd(frac, b.CreateFAdd(b.CreateFSub(old, csum), x));
    }
    b.CreateRet(
        b.CreateFMul(max, b.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt,
                                                 b.CreateFAdd(b.CreateFSub(csum, c(1.0)), frac))));
  }
  b.SetInsertPoint(normalBB);
  llvm::Value *scale =
      b.CreateIntrinsic(llvm::Intrinsic::ldexp, {dbl, i32}, {c(1.0), b.CreateNeg(maxE)});
  llvm::Value *csum = c(1.0), *frac1 = c(0.0), *frac2 = c(0.0);
  auto accumulate = [&](llvm::Value *prHi, llvm::Value *prLo) {
    llvm::Value *smHi = b.CreateFAdd(csum, prHi);
    llvm::Value *smLo = b.CreateFAdd(b.CreateFSub(csum, smHi), prHi);
    csum = smHi;
    frac1 = b.CreateFAdd(frac1, prLo);
    frac2 = b.CreateFAdd(frac2, smLo);
  };
  for (llvm::Value *v : {ax, ay}) {
    llvm::Value *x = b.CreateFMul(v, scale);
    llvm::Value *hi = b.CreateFMul(x, x);
    accumulate(hi, fma(x, x, b.CreateFNeg(hi)));
  }
  llvm::Value *h = b.CreateUnaryIntrinsic(
      llvm::Intrinsic::sqrt, b.CreateFAdd(b.CreateFSub(csum, c(1.0)), b.CreateFAdd(frac1, frac2)));
  llvm::Value *negH = b.CreateFNeg(h);
  llvm::Value *hi = b.CreateFMul(negH, h);
  accumulate(hi, fma(negH, h, b.CreateFNeg(hi)));
  llvm::Value *x = b.CreateFAdd(b.CreateFSub(csum, c(1.0)), b.CreateFAdd(frac1, frac2));
  h = b.CreateFAdd(h, b.CreateFDiv(x, b.CreateFMul(c(2.0), h)));
  b.CreateRet(b.CreateFDiv(h, scale));
  return hypot_;
}

/// A C math function on float arguments; with `mathChecks`, CPython's math
/// module rule: NaN from non-NaN input is a domain error, an infinity from
/// finite input a range (or domain) error.
llvm::Value *IRGen::genMathCall(const CallExpr &e, const std::string &name, const char *libm,
                                bool mathChecks) {
  std::vector<llvm::Value *> args;
  for (auto &a : e.args)
    args.push_back(genExprAs(*a, Type::Float));
  if (name == "math.log" && args.size() == 2)
    return genMathLogBase(e, args[0], args[1]);
  return checkedMath(e, name, libm, args, mathChecks);
}

/// math.log(x, base) becomes CPython's math_log_impl: log(x) / log(base),
/// each with the math module's errors, then a float division (so a base
/// of 1 is "ZeroDivisionError: float division by zero").
llvm::Value *IRGen::genMathLogBase(const CallExpr &e, llvm::Value *x, llvm::Value *base) {
  llvm::Value *num = checkedMath(e, "math.log", "log", {x}, true);
  llvm::Value *den = checkedMath(e, "math.log", "log", {base}, true);
  check(b_.CreateFCmpUNE(den, f64(0.0)), e.loc(), "ZeroDivisionError: float division by zero");
  return b_.CreateFDiv(num, den);
}

/// The C math function `libm` of `args`, with CPython's math module checks
/// when `mathChecks` is set.
llvm::Value *IRGen::checkedMath(const CallExpr &e, const std::string &name, const char *libm,
                                std::vector<llvm::Value *> args, bool mathChecks) {
  llvm::Value *r = args.size() == 1        ? emitNumpyExpLog(b_, *mod_, name, args[0])
                   : name == "numpy.power" ? emitNumpyPower(b_, *mod_, args[0], args[1])
                                           : emitNumpyBinary(b_, *mod_, name, args[0], args[1]);
  if (!r) // numpy's own exp and log on AVX512_SKX, else the C library's
    r = callLibm(libm, args);
  if (!mathChecks)
    return r;
  // A finite result is never an error: test that alone on the hot path,
  // and the arguments only when the result is a NaN or an infinity. (All
  // checks inline cost an integrand of exp and cos a dozen instructions
  // per call.) r - r is NaN exactly when r is a NaN or an infinity: a
  // subtraction and a compare, where |r| == inf became integer masks and
  // 64-bit constants held in callee-saved registers.
  llvm::Value *inf = f64(std::numeric_limits<double>::infinity());
  llvm::BasicBlock *special = newBlock("math.special");
  llvm::BasicBlock *done = newBlock("math.ok");
  b_.CreateCondBr(b_.CreateFCmpORD(b_.CreateFSub(r, r), f64(0.0)), done, special,
                  llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(special);
  llvm::Value *anyNaN = b_.getFalse();
  llvm::Value *allFinite = b_.getTrue();
  for (llvm::Value *a : args) {
    anyNaN = b_.CreateOr(anyNaN, b_.CreateFCmpUNO(a, a));
    allFinite = b_.CreateAnd(
        allFinite, b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, a), inf));
  }
  llvm::Value *nanResult = b_.CreateFCmpUNO(r, r);
  check(b_.CreateNot(b_.CreateAnd(nanResult, b_.CreateNot(anyNaN))), e.loc(),
        "ValueError: math domain error");
  llvm::Value *infResult = b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, r), inf);
  // CPython's math.pow: an infinity from a zero base is a pole, a domain
  // error (pow(0.0, -1.0)); from any other finite base an overflow.
  if (name == "math.pow")
    check(b_.CreateNot(b_.CreateAnd(b_.CreateAnd(infResult, allFinite),
                                    b_.CreateFCmpOEQ(args[0], f64(0.0)))),
          e.loc(), "ValueError: math domain error");
  check(b_.CreateNot(b_.CreateAnd(infResult, allFinite)), e.loc(),
        canOverflow(name) ? "OverflowError: math range error" : "ValueError: math domain error");
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return r;
}

/// min(values), max(values), sum(values) with Python's builtins' rules: a
/// loop over the elements in order; min/max of an empty array is a
/// ValueError; sum adds left to right from 0.
llvm::Value *IRGen::genArrayReduce(const CallExpr &e, const std::string &name) {
  ArrayGen g = genArray(*e.args[0]);
  bool isSum = name == "sum";
  Type accType = g.elem == Type::Float ? Type::Float : Type::Int;
  llvm::AllocaInst *acc = entryAlloca(llvmType(accType), name + ".acc");
  llvm::Value *first;
  if (isSum) {
    b_.CreateStore(accType == Type::Float ? static_cast<llvm::Value *>(f64(0.0)) : i64(0), acc);
    first = i64(0);
  } else {
    check(b_.CreateICmpSGT(g.len, i64(0)), e.loc(),
          "ValueError: " + name + "() arg is an empty sequence");
    b_.CreateStore(convert(g.at(i64(0)), g.elem, accType), acc);
    first = i64(1);
  }
  forRange(first, g.len, [&](llvm::Value *i) {
    llvm::Value *x = convert(g.at(i), g.elem, accType);
    llvm::Value *cur = b_.CreateLoad(llvmType(accType), acc);
    llvm::Value *next;
    if (isSum) {
      next = accType == Type::Float ? b_.CreateFAdd(cur, x)
                                    : genIntArith(BinaryOp::Add, cur, x, e.loc());
    } else {
      bool isMin = name == "min";
      llvm::Value *better = accType == Type::Float
                                ? (isMin ? b_.CreateFCmpOLT(x, cur) : b_.CreateFCmpOGT(x, cur))
                                : (isMin ? b_.CreateICmpSLT(x, cur) : b_.CreateICmpSGT(x, cur));
      next = b_.CreateSelect(better, x, cur);
    }
    b_.CreateStore(next, acc);
  });
  llvm::Value *result = b_.CreateLoad(llvmType(accType), acc);
  if (isSum && e.type == Type::IntOrFloat && accType == Type::Float)
    return b_.CreateSelect(b_.CreateICmpEQ(g.len, i64(0)), intNumber(i64(0)),
                           floatNumber(result)); // Python: sum([]) is the int 0
  return convert(result, accType, e.type);
}

} // namespace llcc
