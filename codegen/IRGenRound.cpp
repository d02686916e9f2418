//===- IRGenRound.cpp - round(x, n) of a Python float ---------------------===//
//
// CPython's float.__round__(x, n) rounds the exact binary value of x to n
// decimal places (dtoa's correctly rounded conversion, half to even on the
// exact value) and reads the digits back (strtod): round(2.675, 2) is 2.67,
// since 2.675 is 2.67499999.... numpy's round (np.float64.__round__,
// np.round) scales by 10**n instead and gives 2.68; IRGenBuiltins.cpp picks
// by the operand. `llcc.rt.pyround` does CPython's with the C library's
// snprintf and strtod, which are correctly rounded as dtoa is: "%.*f" for
// n >= 0; for n < 0, "%.*e" with the significant digits that keep
// 10**-n's place, and the cases that round to 0 or 10**-n decided by a
// comparison. The constant folder runs the same steps (pythonRoundFloat).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Builtins.h"

#include <limits>

namespace llcc {

llvm::Function *IRGen::pythonRoundFn() {
  if (llvm::Function *f = mod_->getFunction("llcc.rt.pyround"))
    return f;
  llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty(), *i32Ty = b_.getInt32Ty(),
             *dbl = b_.getDoubleTy();
  auto *fn =
      llvm::Function::Create(llvm::FunctionType::get(dbl, {dbl, i64Ty}, false),
                             llvm::GlobalValue::InternalLinkage, "llcc.rt.pyround", mod_.get());
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  fn->addFnAttr(llvm::Attribute::NoInline);
  llvm::Function *snprintfFn =
      libcFunction("snprintf", llvm::FunctionType::get(i32Ty, {ptr, i64Ty, ptr}, true));
  llvm::Function *strtodFn =
      libcFunction("strtod", llvm::FunctionType::get(dbl, {ptr, ptr}, false));
  llvm::Function *strchrFn =
      libcFunction("strchr", llvm::FunctionType::get(ptr, {ptr, i32Ty}, false));
  llvm::Function *strtolFn =
      libcFunction("strtol", llvm::FunctionType::get(i64Ty, {ptr, ptr, i32Ty}, false));
  FunctionScope scope(cur_, b_, fn);
  llvm::Value *x = fn->getArg(0), *n = fn->getArg(1);
  auto block = [&](const char *name) { return llvm::BasicBlock::Create(ctx_, name, fn); };
  llvm::BasicBlock *entry = block("entry");
  b_.SetInsertPoint(entry);
  constexpr uint64_t BufBytes = 1024; // "%.323f" of 1e308: 309 + 1 + 323 digits
  llvm::Value *buf = b_.CreateAlloca(llvm::ArrayType::get(b_.getInt8Ty(), BufBytes));
  llvm::Value *ax = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
  llvm::Value *finite = b_.CreateFCmpOLT(ax, f64(std::numeric_limits<double>::infinity()));
  llvm::BasicBlock *asIs = block("as_is"), *checked = block("checked");
  // NaN and the infinities round to themselves; so does any x for n > 323
  // (CPython's NDIGITS_MAX).
  b_.CreateCondBr(b_.CreateAnd(finite, b_.CreateICmpSLE(n, i64(323))), checked, asIs);
  b_.SetInsertPoint(asIs);
  b_.CreateRet(x);
  b_.SetInsertPoint(checked);
  llvm::BasicBlock *zero = block("zero"), *fixed = block("fixed"), *sci = block("sci");
  llvm::BasicBlock *notTiny = block("not_tiny");
  b_.CreateCondBr(b_.CreateICmpSLT(n, i64(-308)), zero, notTiny); // NDIGITS_MIN: 0.0 * x
  b_.SetInsertPoint(zero);
  b_.CreateRet(b_.CreateFMul(f64(0.0), x));
  b_.SetInsertPoint(notTiny);
  b_.CreateCondBr(b_.CreateICmpSGE(n, i64(0)), fixed, sci);
  auto readBack = [&]() {
    return b_.CreateCall(strtodFn, {buf, llvm::ConstantPointerNull::get(b_.getPtrTy())});
  };
  // n >= 0: the digits to n places, read back.
  b_.SetInsertPoint(fixed);
  b_.CreateCall(snprintfFn,
                {buf, i64(BufBytes), stringConstant("%.*f"), b_.CreateTrunc(n, i32Ty), x});
  b_.CreateRet(readBack());
  // n < 0: x's decimal exponent e, then e + n + 1 significant digits.
  b_.SetInsertPoint(sci);
  b_.CreateCall(snprintfFn, {buf, i64(BufBytes), stringConstant("%.16e"), x});
  llvm::Value *e = b_.CreateCall(strchrFn, {buf, b_.getInt32('e')});
  llvm::Value *exp10 =
      b_.CreateCall(strtolFn, {b_.CreateConstGEP1_64(b_.getInt8Ty(), e, 1),
                               llvm::ConstantPointerNull::get(b_.getPtrTy()), b_.getInt32(10)});
  llvm::Value *digits = b_.CreateAdd(exp10, n); // significant digits - 1
  llvm::BasicBlock *some = block("some_digits"), *edge = block("edge");
  b_.CreateCondBr(b_.CreateICmpSGE(digits, i64(0)), some, edge);
  b_.SetInsertPoint(some);
  b_.CreateCall(snprintfFn,
                {buf, i64(BufBytes), stringConstant("%.*e"), b_.CreateTrunc(digits, i32Ty), x});
  b_.CreateRet(readBack());
  // |x| < 10**-n: 0, or 10**-n when |x| is above its half (a tie goes to
  // the even 0); below a tenth of that, always 0.
  b_.SetInsertPoint(edge);
  llvm::BasicBlock *compare = block("compare");
  b_.CreateCondBr(b_.CreateICmpEQ(digits, i64(-1)), compare, zero);
  b_.SetInsertPoint(compare);
  llvm::Value *k = b_.CreateTrunc(b_.CreateSub(i64(0), n), i32Ty);
  b_.CreateCall(snprintfFn,
                {buf, i64(BufBytes), stringConstant("5e%d"), b_.CreateSub(k, b_.getInt32(1))});
  llvm::Value *half = readBack();
  b_.CreateCall(snprintfFn, {buf, i64(BufBytes), stringConstant("1e%d"), k});
  llvm::Value *unit = readBack();
  llvm::Value *up = b_.CreateFCmpOGT(ax, half);
  b_.CreateRet(
      b_.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, b_.CreateSelect(up, unit, f64(0.0)), x));
  return fn;
}

/// numpy's round scales by power_of_ten(k): 10**k from a table below 9,
/// else 1e9 multiplied by 10.0 k - 9 times, which drifts from the correctly
/// rounded 10**k beyond 1e22. A table of its values for k < 330 (inf from
/// k = 309 on), inf past it.
llvm::Value *IRGen::numpyPowerOfTen(llvm::Value *k) {
  constexpr int Entries = 330;
  llvm::GlobalVariable *table = mod_->getNamedGlobal("llcc.numpy.p10");
  if (!table) {
    std::vector<llvm::Constant *> values;
    for (int i = 0; i < Entries; ++i)
      values.push_back(llvm::ConstantFP::get(b_.getDoubleTy(), numpyPowerOfTenValue(i)));
    auto *type = llvm::ArrayType::get(b_.getDoubleTy(), Entries);
    table = new llvm::GlobalVariable(*mod_, type, true, llvm::GlobalValue::InternalLinkage,
                                     llvm::ConstantArray::get(type, values), "llcc.numpy.p10");
  }
  llvm::Value *inRange = b_.CreateICmpULT(k, i64(Entries));
  llvm::Value *at =
      b_.CreateGEP(table->getValueType(), table, {i64(0), b_.CreateSelect(inRange, k, i64(0))});
  return b_.CreateSelect(inRange, b_.CreateLoad(b_.getDoubleTy(), at),
                         f64(std::numeric_limits<double>::infinity()));
}

} // namespace llcc
