//===- SlidingSums.h - Integer window sums shared between pixels -----------===//
//
// SlidingWindowSums (SlidingSums.cpp): a whole-image kernel's pixel loop
// whose result is an integer sum over the window of one function of each
// element alone (a count above a threshold) computes per-column sums once
// and adds columns, instead of every element of every window.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/IR/PassManager.h"

namespace llcc {

/// In a whole-image kernel, each single-block pixel loop that stores
/// h(sum over rows r and columns k < w of g(load(row r, pixel + k))) --
/// g the same side-effect-free function of one element, the sum integer --
/// becomes two loops per chunk of Chunk pixels: column sums, then sums of
/// w columns. Integer additions wrap, so the result is the same bits.
struct SlidingWindowSums : llvm::PassInfoMixin<SlidingWindowSums> {
  static constexpr unsigned Chunk = 512;
  llvm::PreservedAnalyses run(llvm::Function &fn, llvm::FunctionAnalysisManager &fam);
};

} // namespace llcc
