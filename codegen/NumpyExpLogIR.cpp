//===- NumpyExpLogIR.cpp - numpy's SVML exp and log as LLVM IR -------------===//
//
// The SVML routines of frontend/NumpyExpLog.h as one internal function per
// module each, every operation the instruction SVML's vector code runs on
// its lane: llvm.fma, x86's AVX-512 scalar intrinsics for the fused
// multiply-add rounding toward zero, vscalefsd, vgetmantsd, vgetexpsd,
// vrcp14sd and vrndscalesd (only emitted for targets with AVX-512), and
// the tables as constant arrays. The rare lanes (huge, infinite, zero or
// negative arguments) branch off the straight-line common path.
//
//===----------------------------------------------------------------------===//
#include "NumpyExpLogIR.h"

#include "NumpyAsinAcos.h"
#include "NumpyAsinh.h"
#include "NumpyAtan.h"
#include "NumpyAtan2.h"
#include "NumpyAtanh.h"
#include "NumpyCbrt.h"
#include "NumpyExp2.h"
#include "NumpyExpLog.h"
#include "NumpyExpm1.h"
#include "NumpyLog1p.h"
#include "NumpyLog2Log10.h"
#include "NumpyPow.h"
#include "NumpySinCos.h"
#include "NumpySinh.h"
#include "NumpyTan.h"
#include "NumpyTanh.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IntrinsicsX86.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"

#include <cstring>
#include <map>

namespace llcc {

namespace {

/// One lane as LLVM IR values, emitted at the builder's position.
struct IROps {
  using F = llvm::Value *;
  using I = llvm::Value *;
  using B = llvm::Value *;
  llvm::IRBuilder<> &b;
  llvm::Module &m;
  llvm::Function *fn;
  std::map<const uint64_t *, llvm::GlobalVariable *> tables;

  llvm::Type *dbl() { return b.getDoubleTy(); }
  F c(double v) { return llvm::ConstantFP::get(dbl(), v); }
  I ci(uint64_t v) { return b.getInt64(v); }
  F neg(F a) { return b.CreateFNeg(a); }
  F add(F x, F y) { return b.CreateFAdd(x, y); }
  F sub(F x, F y) { return b.CreateFSub(x, y); }
  F mul(F x, F y) { return b.CreateFMul(x, y); }
  F fma(F x, F y, F z) { return b.CreateIntrinsic(llvm::Intrinsic::fma, {dbl()}, {x, y, z}); }
  I bits(F a) { return b.CreateBitCast(a, b.getInt64Ty()); }
  F fromBits(I a) { return b.CreateBitCast(a, dbl()); }
  I andI(I x, I y) { return b.CreateAnd(x, y); }
  I shlI(I x, I y) { return b.CreateShl(x, y); }
  I lshrI(I x, I y) { return b.CreateLShr(x, y); }
  I addI(I x, I y) { return b.CreateAdd(x, y); }
  B ultI(I x, I y) { return b.CreateICmpULT(x, y); }
  B olt(F x, F y) { return b.CreateFCmpOLT(x, y); }
  B ole(F x, F y) { return b.CreateFCmpOLE(x, y); }
  B oeq(F x, F y) { return b.CreateFCmpOEQ(x, y); }
  B notB(B a) { return b.CreateNot(a); }
  B orB(B x, B y) { return b.CreateOr(x, y); }
  F select(B cond, F x, F y) { return b.CreateSelect(cond, x, y); }
  I selectI(B cond, I x, I y) { return b.CreateSelect(cond, x, y); }
  I orI(I x, I y) { return b.CreateOr(x, y); }
  I xorI(I x, I y) { return b.CreateXor(x, y); }
  I mulI(I x, I y) { return b.CreateMul(x, y); }
  I subI(I x, I y) { return b.CreateSub(x, y); }
  I ashrI(I x, I y) { return b.CreateAShr(x, y); }
  B eqI(I x, I y) { return b.CreateICmpEQ(x, y); }
  B sltI(I x, I y) { return b.CreateICmpSLT(x, y); }
  B sleI(I x, I y) { return b.CreateICmpSLE(x, y); }
  B andB(B x, B y) { return b.CreateAnd(x, y); }
  B xorB(B x, B y) { return b.CreateXor(x, y); }
  F sitofp(I a) { return b.CreateSIToFP(a, dbl()); }
  F div(F x, F y) { return b.CreateFDiv(x, y); }

  /// Only the taken side runs; the first is the rare one.
  template <class T, class E> F ifElse(B cond, T then, E otherwise) {
    llvm::LLVMContext &ctx = b.getContext();
    auto *thenBB = llvm::BasicBlock::Create(ctx, "svml.then", fn);
    auto *elseBB = llvm::BasicBlock::Create(ctx, "svml.else", fn);
    auto *joinBB = llvm::BasicBlock::Create(ctx, "svml.join", fn);
    b.CreateCondBr(cond, thenBB, elseBB, llvm::MDBuilder(ctx).createBranchWeights(1, 1000));
    b.SetInsertPoint(thenBB);
    F t = then();
    llvm::BasicBlock *thenEnd = b.GetInsertBlock();
    b.CreateBr(joinBB);
    b.SetInsertPoint(elseBB);
    F e = otherwise();
    llvm::BasicBlock *elseEnd = b.GetInsertBlock();
    b.CreateBr(joinBB);
    b.SetInsertPoint(joinBB);
    llvm::PHINode *phi = b.CreatePHI(dbl(), 2);
    phi->addIncoming(t, thenEnd);
    phi->addIncoming(e, elseEnd);
    return phi;
  }

  F table(const uint64_t *t, size_t n, I i) {
    llvm::GlobalVariable *&g = tables[t];
    if (!g) {
      std::vector<double> values(n);
      for (size_t k = 0; k < n; ++k)
        std::memcpy(&values[k], &t[k], 8);
      llvm::Constant *init = llvm::ConstantDataArray::get(b.getContext(), values);
      g = new llvm::GlobalVariable(m, init->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                   init, "llcc.svml.table");
      g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    }
    llvm::Value *p = b.CreateInBoundsGEP(g->getValueType(), g, {b.getInt64(0), i});
    return b.CreateLoad(dbl(), p);
  }

  // The AVX-512 scalar instructions, on the low element.
  llvm::Value *vec(F a) {
    return b.CreateInsertElement(llvm::PoisonValue::get(llvm::FixedVectorType::get(dbl(), 2)), a,
                                 uint64_t(0));
  }
  F low(llvm::Value *v) { return b.CreateExtractElement(v, uint64_t(0)); }
  llvm::Value *i8m1() { return b.getInt8(0xff); }
  static constexpr unsigned NoExc = 8, TowardZero = 3;
  F fmaRZ(F x, F y, F z) {
    return b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_vfmadd_f64, {},
                             {x, y, z, b.getInt32(TowardZero | NoExc)});
  }
  static constexpr unsigned Down = 1;
  F mulRZ(F x, F y) {
    llvm::Value *vx = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_mul_sd_round, {},
                                 {vx, vec(y), vx, i8m1(), b.getInt32(TowardZero | NoExc)}));
  }
  F addRD(F x, F y) {
    llvm::Value *vx = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_add_sd_round, {},
                                 {vx, vec(y), vx, i8m1(), b.getInt32(Down | NoExc)}));
  }
  F reduce(F x, int imm) {
    llvm::Value *v = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_reduce_sd, {},
                                 {v, v, v, i8m1(), b.getInt32(imm), b.getInt32(NoExc)}));
  }
  F scalef(F x, F y) {
    llvm::Value *vx = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_scalef_sd, {},
                                 {vx, vec(y), vx, i8m1(), b.getInt32(NoExc)}));
  }
  F getmant(F x, int imm) {
    llvm::Value *v = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_getmant_sd, {},
                                 {v, v, b.getInt32(imm), v, i8m1(), b.getInt32(NoExc)}));
  }
  F getexp(F x) {
    llvm::Value *v = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_getexp_sd, {},
                                 {v, v, v, i8m1(), b.getInt32(NoExc)}));
  }
  F rsqrt14(F x) {
    llvm::Value *v = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_rsqrt14_sd, {}, {v, v, v, i8m1()}));
  }
  F rcp14(F x) {
    llvm::Value *v = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_rcp14_sd, {}, {v, v, v, i8m1()}));
  }
  F roundscale(F x, int imm) {
    llvm::Value *v = vec(x);
    return low(b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_rndscale_sd, {},
                                 {v, v, v, i8m1(), b.getInt32(imm), b.getInt32(NoExc)}));
  }
};

/// The one-argument routines, by numpy name (Count: their number).
// clang-format off
enum class Unary { Exp, Log, Log2, Log10, Sin, Cos, Tanh, Exp2, Expm1, Log1p, Cbrt, Arctan, Arcsin,
                   Arccos, Tan, Arctanh, Arcsinh, Arccosh, Sinh, Cosh, Count };
// clang-format on

llvm::Function *svmlFunction(llvm::Module &m, Unary which) {
  static const char *const Names[] = {
      "llcc.rt.numpy.exp",     "llcc.rt.numpy.log",     "llcc.rt.numpy.log2",
      "llcc.rt.numpy.log10",   "llcc.rt.numpy.sin",     "llcc.rt.numpy.cos",
      "llcc.rt.numpy.tanh",    "llcc.rt.numpy.exp2",    "llcc.rt.numpy.expm1",
      "llcc.rt.numpy.log1p",   "llcc.rt.numpy.cbrt",    "llcc.rt.numpy.arctan",
      "llcc.rt.numpy.arcsin",  "llcc.rt.numpy.arccos",  "llcc.rt.numpy.tan",
      "llcc.rt.numpy.arctanh", "llcc.rt.numpy.arcsinh", "llcc.rt.numpy.arccosh",
      "llcc.rt.numpy.sinh",    "llcc.rt.numpy.cosh"};
  static_assert(sizeof(Names) / sizeof(Names[0]) == size_t(Unary::Count));
  const char *name = Names[int(which)];
  if (llvm::Function *f = m.getFunction(name))
    return f;
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *dbl = llvm::Type::getDoubleTy(ctx);
  auto *f = llvm::Function::Create(llvm::FunctionType::get(dbl, {dbl}, false),
                                   llvm::GlobalValue::InternalLinkage, name, &m);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  f->addFnAttr(llvm::Attribute::WillReturn);
  f->setDoesNotAccessMemory(); // its tables are constants
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", f));
  IROps o{b, m, f, {}};
  llvm::Value *x = f->getArg(0);
  switch (which) {
  case Unary::Exp:
    b.CreateRet(svml::exp(o, x));
    break;
  case Unary::Log:
    b.CreateRet(svml::log(o, x));
    break;
  case Unary::Log2:
  case Unary::Log10:
    b.CreateRet(svml::log2or10(o, x, which == Unary::Log10));
    break;
  case Unary::Sin:
    b.CreateRet(svml::sin(o, x));
    break;
  case Unary::Cos:
    b.CreateRet(svml::cos(o, x));
    break;
  case Unary::Tanh:
    b.CreateRet(svml::tanh(o, x));
    break;
  case Unary::Exp2:
    b.CreateRet(svml::exp2(o, x));
    break;
  case Unary::Expm1:
    b.CreateRet(svml::expm1(o, x));
    break;
  case Unary::Log1p:
    b.CreateRet(svml::log1p(o, x));
    break;
  case Unary::Cbrt:
    b.CreateRet(svml::cbrt(o, x));
    break;
  case Unary::Arctan:
    b.CreateRet(svml::atan(o, x));
    break;
  case Unary::Arcsin:
    b.CreateRet(svml::asin(o, x));
    break;
  case Unary::Arccos:
    b.CreateRet(svml::acos(o, x));
    break;
  case Unary::Tan:
    b.CreateRet(svml::tan(o, x));
    break;
  case Unary::Arctanh:
    b.CreateRet(svml::atanh(o, x));
    break;
  case Unary::Arcsinh:
    b.CreateRet(svml::asinh(o, x));
    break;
  case Unary::Arccosh:
    b.CreateRet(svml::acosh(o, x));
    break;
  case Unary::Sinh:
    b.CreateRet(svml::sinh(o, x));
    break;
  case Unary::Cosh:
    b.CreateRet(svml::cosh(o, x));
    break;
  case Unary::Count:
    break;
  }
  return f;
}

/// The two-argument routines.
enum class Binary { Power, Arctan2 };

/// llcc.rt.numpy.power(x, y): __svml_pow8's lane, its fallback for the
/// flagged lanes; llcc.rt.numpy.arctan2(y, x): __svml_atan28's.
llvm::Function *svmlBinaryFunction(llvm::Module &m, Binary which) {
  const char *name = which == Binary::Power ? "llcc.rt.numpy.power" : "llcc.rt.numpy.arctan2";
  if (llvm::Function *f = m.getFunction(name))
    return f;
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *dbl = llvm::Type::getDoubleTy(ctx);
  auto *f = llvm::Function::Create(llvm::FunctionType::get(dbl, {dbl, dbl}, false),
                                   llvm::GlobalValue::InternalLinkage, name, &m);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  f->addFnAttr(llvm::Attribute::WillReturn);
  f->setDoesNotAccessMemory();
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", f));
  IROps o{b, m, f, {}};
  b.CreateRet(which == Binary::Power ? svml::pow(o, f->getArg(0), f->getArg(1))
                                     : svml::atan2(o, f->getArg(0), f->getArg(1)));
  return f;
}

} // namespace

llvm::Value *emitNumpyPower(llvm::IRBuilderBase &b, llvm::Module &m, llvm::Value *x,
                            llvm::Value *y) {
  if (!numpySvmlExpLog())
    return nullptr;
  llvm::CallInst *call = b.CreateCall(svmlBinaryFunction(m, Binary::Power), {x, y});
  call->setDoesNotAccessMemory();
  return call;
}

llvm::Value *emitNumpyBinary(llvm::IRBuilderBase &b, llvm::Module &m, const std::string &name,
                             llvm::Value *x, llvm::Value *y) {
  static const std::map<std::string, Binary> Ported = {{"numpy.arctan2", Binary::Arctan2}};
  auto it = Ported.find(name);
  if (it == Ported.end() || !numpySvmlExpLog())
    return nullptr;
  llvm::CallInst *call = b.CreateCall(svmlBinaryFunction(m, it->second), {x, y});
  call->setDoesNotAccessMemory();
  return call;
}

llvm::Value *emitNumpyExpLog(llvm::IRBuilderBase &b, llvm::Module &m, const std::string &name,
                             llvm::Value *x) {
  static const std::map<std::string, Unary> Ported = {
      {"numpy.exp", Unary::Exp},         {"numpy.log", Unary::Log},
      {"numpy.log2", Unary::Log2},       {"numpy.log10", Unary::Log10},
      {"numpy.sin", Unary::Sin},         {"numpy.cos", Unary::Cos},
      {"numpy.tanh", Unary::Tanh},       {"numpy.exp2", Unary::Exp2},
      {"numpy.expm1", Unary::Expm1},     {"numpy.log1p", Unary::Log1p},
      {"numpy.cbrt", Unary::Cbrt},       {"numpy.arctan", Unary::Arctan},
      {"numpy.arcsin", Unary::Arcsin},   {"numpy.arccos", Unary::Arccos},
      {"numpy.tan", Unary::Tan},         {"numpy.arctanh", Unary::Arctanh},
      {"numpy.arcsinh", Unary::Arcsinh}, {"numpy.arccosh", Unary::Arccosh},
      {"numpy.sinh", Unary::Sinh},       {"numpy.cosh", Unary::Cosh}};
  auto it = Ported.find(name);
  if (it == Ported.end() || !(numpySvmlExpLog() || (it->second == Unary::Tanh && numpyFmaTanh())))
    return nullptr;
  llvm::Function *f = svmlFunction(m, it->second);
  llvm::CallInst *call = b.CreateCall(f, {x});
  call->setDoesNotAccessMemory();
  return call;
}

} // namespace llcc
