//===- Optimizer.cpp - The new-pass-manager optimisation pipeline ---------===//
//
// Runs LLVM's default per-module pipeline for the requested level. The
// TargetMachine is handed to the PassBuilder so the cost models (inlining,
// vectorisation, unrolling) see the real CPU rather than a generic one;
// filter loops over a buffer are exactly what the loop and SLP vectorisers
// are for, so they are enabled from O2.
//
//===----------------------------------------------------------------------===//
#include "Backend.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace llcc {

void optimizeModule(Module &module, TargetMachine &tm, unsigned optLevel) {
  // The data layout must be set before any pass runs: analyses such as
  // alias analysis and the vectoriser's cost model read it.
  module.setTargetTriple(tm.getTargetTriple().str());
  module.setDataLayout(tm.createDataLayout());

  PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  tuning.LoopUnrolling = optLevel >= 1;

  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder builder(&tm, tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);

  ModulePassManager mpm;
  switch (optLevel) {
  case 0:
    mpm = builder.buildO0DefaultPipeline(OptimizationLevel::O0);
    break;
  case 1:
    mpm = builder.buildPerModuleDefaultPipeline(OptimizationLevel::O1);
    break;
  case 2:
    mpm = builder.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
    break;
  default:
    mpm = builder.buildPerModuleDefaultPipeline(OptimizationLevel::O3);
    break;
  }
  mpm.run(module, mam);
}

} // namespace llcc
