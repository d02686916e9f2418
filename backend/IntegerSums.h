//===- IntegerSums.h - Balanced trees for long integer sums ----------------===//
//
// BalanceIntegerSums (IntegerSums.cpp): a whole-image kernel's unrolled
// integer sum (`n += 1` over a 9x9 window) as a tree, not a chain.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/IR/PassManager.h"

namespace llcc {

/// In a whole-image kernel, each chain of at least MinLeaves single-use
/// integer additions in one block becomes a balanced tree of the same
/// leaves, in the same order.
struct BalanceIntegerSums : llvm::PassInfoMixin<BalanceIntegerSums> {
  static constexpr unsigned MinLeaves = 8;
  llvm::PreservedAnalyses run(llvm::Function &fn, llvm::FunctionAnalysisManager &fam);
};

} // namespace llcc
