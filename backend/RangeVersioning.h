//===- RangeVersioning.h - Index checks of loop nests, proven once --------===//
//
// VersionRangeChecks (RangeVersioning.cpp): a nest of counted loops whose
// index and overflow checks are affine in the loop variables runs a copy
// without them when one test before the nest shows they cannot fire.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/IR/PassManager.h"

namespace llcc {

struct VersionRangeChecks : llvm::PassInfoMixin<VersionRangeChecks> {
  llvm::PreservedAnalyses run(llvm::Function &fn, llvm::FunctionAnalysisManager &fam);
};

} // namespace llcc
