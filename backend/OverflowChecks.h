//===- OverflowChecks.h - Overflow checks that loop analyses can read -----===//
//
// NonNegativeAddChecks (OverflowChecks.cpp): see there.
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

} // namespace llcc
