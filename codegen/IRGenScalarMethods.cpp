//===- IRGenScalarMethods.cpp - Methods of numpy scalars --------------------===//
//
// `values[i].item()`, `v.round(2)`, `v.sum()`, `v.std()`, `v.is_integer()`
// (typed in frontend/SemaScalarMethods.cpp) become the number itself or a
// formula of it, as numpy computes them for a scalar: a reduction of one
// element is the element (its mean a float), its variance `(x - x)**2`
// (0.0, or NaN for an infinity or NaN) and its std the square root of
// that; `round` is np.round's algorithm; `is_integer` is float's (false for
// infinities and NaN).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

#include <limits>

using llvm::cast;

namespace llcc {

/// `x.m(...)` of a number becomes its value (see the file comment).
llvm::Value *IRGen::genScalarMethod(const CallExpr &e) {
  const Expr &object = *cast<AttributeExpr>(*e.callee).value;
  const std::string m = e.builtin.substr(7);
  llvm::Value *x = genExpr(object);
  Type t = object.type;
  SourceLoc loc = e.loc();
  if (m == "is_integer") {
    if (isIntegral(t))
      return b_.getTrue();
    llvm::Value *f = convert(x, t, Type::Float, loc);
    llvm::Value *finite = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, f),
                                           f64(std::numeric_limits<double>::infinity()));
    llvm::Value *whole = b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, f), f);
    llvm::Value *floatCase = b_.CreateAnd(finite, whole);
    return t == Type::IntOrFloat ? b_.CreateOr(isIntTag(x, t), floatCase) : floatCase;
  }
  if (m == "round") {
    std::vector<llvm::Value *> args{x};
    std::vector<Type> types{t};
    if (!e.args.empty()) {
      args.push_back(genExprAs(*e.args[0], Type::Int));
      types.push_back(Type::Int);
    }
    return scalarOp(ScalarOp::Round, args, types, Type::Float, loc);
  }
  if (m == "var" || m == "std") {
    llvm::Value *f = convert(x, t, Type::Float, loc);
    llvm::Value *d = b_.CreateFSub(f, f);
    llvm::Value *var = b_.CreateFMul(d, d);
    return m == "var" ? var : b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, var);
  }
  // item, tolist, conjugate, sum, prod, max, min, mean: the value itself.
  return convert(x, t, e.type, loc);
}

} // namespace llcc
