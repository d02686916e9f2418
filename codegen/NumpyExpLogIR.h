//===- NumpyExpLogIR.h - numpy's exp and log in generated code -------------===//
//
// np.exp / np.log of a float64 as numpy 1.24 computes it on the target CPU
// (frontend/NumpyExpLog.h): a call of `double @llcc.rt.numpy.exp(double)`
// or `@llcc.rt.numpy.log`, built once per module, when the compilation
// follows numpy's SVML; null when the C library's exp or log is numpy's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/IR/IRBuilder.h"

#include <string>

namespace llcc {

/// `name` is the builtin's qualified name ("numpy.exp"); null for any
/// other function or when numpy's exp and log are the C library's.
llvm::Value *emitNumpyExpLog(llvm::IRBuilderBase &b, llvm::Module &m, const std::string &name,
                             llvm::Value *x);

/// numpy's power ufunc of two float64 (np.power, `array ** x`): the
/// SVML port when the compilation follows numpy's SVML, else null (the C
/// library's pow is numpy's).
llvm::Value *emitNumpyPower(llvm::IRBuilderBase &b, llvm::Module &m, llvm::Value *x,
                            llvm::Value *y);

/// numpy's other two-argument float64 functions with an SVML port
/// ("numpy.arctan2"): the port when the compilation follows numpy's SVML,
/// else null (the C library's function is numpy's).
llvm::Value *emitNumpyBinary(llvm::IRBuilderBase &b, llvm::Module &m, const std::string &name,
                             llvm::Value *x, llvm::Value *y);

} // namespace llcc
