//===- OverflowChecks.h - Overflow checks that loop analyses can read -----===//
//
// NonNegativeAddChecks and UnrollFloatChains (OverflowChecks.cpp): what
// hand-written C gets for a short loop over a line, llcc gets too.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/IR/PassManager.h"

namespace llcc {

/// `llvm.sadd.with.overflow(%a, %b)`'s overflow bit becomes
/// `%a > INT64_MAX - %b` when %b is known non-negative (and neither operand
/// is a constant).
struct NonNegativeAddChecks : llvm::PassInfoMixin<NonNegativeAddChecks> {
  llvm::PreservedAnalyses run(llvm::Function &fn, llvm::FunctionAnalysisManager &fam);
};

/// Marks for unrolling by 8 each innermost one-block loop of a callback
/// (not a whole-image kernel) that carries a floating-point sum or product
/// from one iteration to the next and runs a count unknown at compile time.
struct UnrollFloatChains : llvm::PassInfoMixin<UnrollFloatChains> {
  llvm::PreservedAnalyses run(llvm::Function &fn, llvm::FunctionAnalysisManager &fam);
};

} // namespace llcc
