//===- MathChecks.h - One test for several math-module checks --------------===//
//
// DeferMathChecks (MathChecks.cpp): the checks CPython's math module makes
// on each result (codegen/IRGenBuiltins.cpp, checkedMath) are tested once,
// on a value computed from all the results, where nothing observable
// happens in between.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/IR/PassManager.h"

namespace llcc {

/// Runs last in the optimisation pipeline (Optimizer.cpp), at -O2 and up.
struct DeferMathChecks : llvm::PassInfoMixin<DeferMathChecks> {
  llvm::PreservedAnalyses run(llvm::Function &fn, llvm::FunctionAnalysisManager &fam);
};

} // namespace llcc
