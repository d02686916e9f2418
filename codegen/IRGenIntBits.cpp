//===- IRGenIntBits.cpp - Bit counting of ints ----------------------------===//
//
// `n.bit_count()`, `n.bit_length()`, `bin(n).count(c)` and `len(bin(n))`
// (typed in frontend/SemaIntBits.cpp) become formulas of the magnitude
// |n|, taken as an unsigned 64-bit number so that |INT64_MIN| = 2**63 is
// exact: popcount(|n|), 64 - ctlz(|n|), and the digit counts of Python's
// bin() text '-0b101' built from them.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/Support/Casting.h>

#include <string>

using llvm::cast;

namespace llcc {

/// The ints above (see the file comment).
llvm::Value *IRGen::genIntBits(const CallExpr &e) {
  const Expr &n =
      e.builtin.rfind("bin.", 0) == 0
          ? *cast<CallExpr>(e.builtin == "bin.len" ? *e.args[0]
                                                   : *cast<AttributeExpr>(*e.callee).value)
                 .args[0]
          : *cast<AttributeExpr>(*e.callee).value;
  llvm::Value *x;
  if (n.type == Type::IntOrFloat) { // a float on some paths: CPython's error there
    std::string kind = n.mayBeNumpy ? "'numpy.float64' object" : "'float' object";
    bool method = e.builtin.rfind("scalar.", 0) == 0;
    x = requireInt(genExpr(n), e.loc(),
                   method ? "AttributeError: " + kind + " has no attribute '" +
                                e.builtin.substr(7) + "'"
                          : "TypeError: " + kind + " cannot be interpreted as an integer");
  } else {
    x = genExprAs(n, Type::Int);
  }
  llvm::Type *i64 = x->getType();
  llvm::Value *negative = b_.CreateICmpSLT(x, llvm::ConstantInt::get(i64, 0));
  llvm::Value *magnitude = b_.CreateSelect(negative, b_.CreateNeg(x), x);
  llvm::Value *ones = b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, magnitude);
  llvm::Value *length =
      b_.CreateSub(llvm::ConstantInt::get(i64, 64),
                   b_.CreateBinaryIntrinsic(llvm::Intrinsic::ctlz, magnitude, b_.getFalse()));
  // bin(0) is '0b0': one digit, though 0 has no bits.
  llvm::Value *digits = b_.CreateSelect(b_.CreateICmpEQ(magnitude, llvm::ConstantInt::get(i64, 0)),
                                        llvm::ConstantInt::get(i64, 1), length);
  llvm::Value *minus = b_.CreateZExt(negative, i64);
  if (e.builtin == "scalar.bit_count" || e.builtin == "bin.count1")
    return ones;
  if (e.builtin == "scalar.bit_length")
    return length;
  if (e.builtin == "bin.count0") // the digits that are not 1, and the '0' of '0b'
    return b_.CreateAdd(b_.CreateSub(digits, ones), llvm::ConstantInt::get(i64, 1));
  if (e.builtin == "bin.countb")
    return llvm::ConstantInt::get(i64, 1);
  if (e.builtin == "bin.countminus")
    return minus;
  // bin.len: '-' if negative, '0b', the digits.
  return b_.CreateAdd(b_.CreateAdd(digits, llvm::ConstantInt::get(i64, 2)), minus);
}

} // namespace llcc
