//===- Optimizer.cpp - The new-pass-manager optimisation pipeline ---------===//
//
// Runs LLVM's default per-module pipeline for the requested level. The
// TargetMachine is handed to the PassBuilder so the cost models (inlining,
// vectorisation, unrolling) see the real CPU rather than a generic one;
// filter loops over a buffer are exactly what the loop and SLP vectorisers
// are for, so they are enabled from O2.
//
// One pass of llcc's own runs just before the vectorisers: BoundedCounters
// (below) removes the overflow check from counters such as `n += 1` in a
// loop, which Python's unbounded ints force on every integer addition but
// which cannot fire for a counter that grows by at most one per iteration.
// The check's branch is what keeps such loops from being vectorised.
//
// VersionRangeChecks (RangeVersioning.cpp) runs with NonNegativeAddChecks
// at the peephole point: a nest of counted loops whose index and overflow
// checks can be bounded once before it runs a copy without them.
//
// A second, UnrollNeighbourhood, runs right after it, on whole-image
// kernels only (functions with the PixelKernelAttr attribute, Backend.h):
// every loop nested inside another whose
// trip count has become a small constant -- the body's loops over a
// neighbourhood of a fixed size, once inlined -- is marked for full
// unrolling and unrolled, followed by the clean-up that turns the body's
// buffer into registers and LICM for the element offsets. The pixel loop
// around it is then straight-line code with the image read at fixed
// offsets, which the loop vectoriser turns into SIMD across output pixels
// (each pixel's operations keep their order). Counters lose their overflow
// checks first, while they are still loop phis BoundedCounters recognises.
// An unrolled count is then regrouped as a tree (IntegerSums.cpp) and, over
// a box, computed from column sums shared between neighbouring pixels
// (SlidingSums.cpp).
//
// Last, DeferMathChecks (MathChecks.cpp) tests several math-module results
// at once; at -O2 and up the remainders of runtime-unrolled loops become
// compare chains (unrollRemainders, below).
//
// Whole-image kernels ask for 512-bit vectors where the CPU has AVX-512
// and running them does not lower its clock (widenKernelVectors): LLVM
// prefers 256 bits on every AVX-512 CPU because of the first generations'
// frequency drop, but a kernel is a long throughput loop of independent
// pixels, and on a Sapphire Rapids core 512 bits took the median 5x5
// kernel from 32.7 to 23.4 ms and the min 3x3 cross from 5.0 to 3.9 ms
// (bench/notes.md, 2026-12-03).
//
// Huge functions (tens of thousands of statements) keep -O2 bounded: a
// linear clean-up first, and the passes measured to grow faster than
// linearly skipped on functions still huge (see HugeFunction in Backend.h).
//
//===----------------------------------------------------------------------===//
#include "Backend.h"
#include "IntegerSums.h"
#include "MathChecks.h"
#include "OverflowChecks.h"
#include "RangeVersioning.h"
#include "SlidingSums.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/GVN.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Scalar/LoopIdiomRecognize.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/LoopUnrollPass.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace llcc {

namespace {

/// `llvm.sadd.with.overflow(%n, 1)` becomes `add nsw %n, 1` (and its
/// overflow bit `false`) when %n is a loop-header phi that
///   - enters the loop as a constant c >= 0, and
///   - comes back along every back edge as either %n itself or %n + 1
///     (this very addition), possibly through other phis,
/// and the loop's back edges are taken at most B times with c + B + 1 <=
/// INT64_MAX. Then %n <= c + j in iteration j, so %n + 1 cannot overflow.
/// That is the shape of `count += 1` under a condition, a loop over a
/// buffer whose length bounds B.
struct BoundedCounters : PassInfoMixin<BoundedCounters> {
  PreservedAnalyses run(Function &fn, FunctionAnalysisManager &fam) {
    SmallVector<WithOverflowInst *, 8> candidates;
    for (BasicBlock &block : fn)
      for (Instruction &inst : block)
        if (auto *wo = dyn_cast<WithOverflowInst>(&inst))
          if (wo->getBinaryOp() == Instruction::Add && wo->isSigned())
            candidates.push_back(wo);
    if (candidates.empty())
      return PreservedAnalyses::all();

    LoopInfo &loops = fam.getResult<LoopAnalysis>(fn);
    ScalarEvolution &scev = fam.getResult<ScalarEvolutionAnalysis>(fn);
    bool changed = false;
    for (WithOverflowInst *wo : candidates)
      changed |= simplify(wo, loops, scev);
    if (!changed)
      return PreservedAnalyses::all();
    return PreservedAnalyses::none();
  }

private:
  static bool simplify(WithOverflowInst *wo, LoopInfo &loops, ScalarEvolution &scev) {
    auto *one = dyn_cast<ConstantInt>(wo->getRHS());
    auto *counter = dyn_cast<PHINode>(wo->getLHS());
    if (!one || !one->isOne() || !counter)
      return false;
    Loop *loop = loops.getLoopFor(counter->getParent());
    if (!loop || loop->getHeader() != counter->getParent() || !loop->contains(wo))
      return false;

    // The sum itself (extractvalue 0); every other use must be the flag.
    ExtractValueInst *sum = nullptr;
    SmallVector<ExtractValueInst *, 2> flags;
    for (User *user : wo->users()) {
      auto *extract = dyn_cast<ExtractValueInst>(user);
      if (!extract || extract->getNumIndices() != 1)
        return false;
      if (extract->getIndices()[0] == 0) {
        if (sum)
          return false;
        sum = extract;
      } else {
        flags.push_back(extract);
      }
    }

    // Entry values: non-negative constants; back-edge values: the counter
    // or the sum, through any phis inside the loop.
    APInt start(64, 0);
    for (unsigned i = 0; i < counter->getNumIncomingValues(); ++i) {
      if (loop->contains(counter->getIncomingBlock(i))) {
        SmallPtrSet<PHINode *, 8> seen;
        if (!onlyCounterOrSum(counter->getIncomingValue(i), counter, sum, loop, seen))
          return false;
        continue;
      }
      auto *c = dyn_cast<ConstantInt>(counter->getIncomingValue(i));
      if (!c || c->getBitWidth() != 64 || c->isNegative())
        return false;
      start = APIntOps::umax(start, c->getValue());
    }

    // B, the most back edges the loop can take.
    const SCEV *maxTrips = scev.getConstantMaxBackedgeTakenCount(loop);
    if (isa<SCEVCouldNotCompute>(maxTrips))
      return false;
    APInt bound = scev.getUnsignedRangeMax(maxTrips).zext(128);
    bound += start.zext(128);
    bound += 1;
    if (bound.ugt(APInt::getSignedMaxValue(64).zext(128)))
      return false;

    IRBuilder<> builder(wo);
    Value *add = builder.CreateNSWAdd(counter, one, counter->getName() + ".next");
    if (sum) {
      sum->replaceAllUsesWith(add);
      sum->eraseFromParent();
    }
    for (ExtractValueInst *flag : flags) {
      SmallVector<BasicBlock *, 2> blocks;
      for (User *user : flag->users())
        if (auto *branch = dyn_cast<BranchInst>(user))
          blocks.push_back(branch->getParent());
      flag->replaceAllUsesWith(ConstantInt::getFalse(flag->getContext()));
      flag->eraseFromParent();
      // The branch to the overflow error becomes unconditional; the error
      // block, now unreachable from here, goes at the next clean-up.
      for (BasicBlock *block : blocks)
        ConstantFoldTerminator(block);
    }
    if (wo->use_empty())
      wo->eraseFromParent();
    return true;
  }

  static bool onlyCounterOrSum(Value *value, PHINode *counter, Value *sum, Loop *loop,
                               SmallPtrSet<PHINode *, 8> &seen) {
    if (value == counter || (sum && value == sum))
      return true;
    auto *phi = dyn_cast<PHINode>(value);
    if (!phi || !loop->contains(phi))
      return false;
    if (!seen.insert(phi).second)
      return true; // a cycle of phis adds nothing new
    for (Value *incoming : phi->incoming_values())
      if (!onlyCounterOrSum(incoming, counter, sum, loop, seen))
        return false;
    return true;
  }
};

/// Marks for full unrolling (`llvm.loop.unroll.full`) each loop of a
/// whole-image kernel that sits inside another loop and runs a constant
/// number of times, at most MaxTrips, when the unrolled copy stays within
/// MaxUnrolledSize instructions. Loops whose trip count is only known at
/// run time (rows, pixels, the edge path's footprint and rank loops) and
/// the callback functions are left to the usual cost model.
struct UnrollNeighbourhood : PassInfoMixin<UnrollNeighbourhood> {
  static constexpr unsigned MaxTrips = 128;
  static constexpr unsigned MaxUnrolledSize = 8192;
  static constexpr unsigned MaxKernelSize = 24576;
  static constexpr unsigned MaxKernelBlocks = 4096;

  PreservedAnalyses run(Loop &loop, LoopAnalysisManager &, LoopStandardAnalysisResults &ar,
                        LPMUpdater &) {
    Function *fn = loop.getHeader()->getParent();
    if (!fn->hasFnAttribute(PixelKernelAttr) || !loop.getParentLoop())
      return PreservedAnalyses::all();
    // As the unroller counts: the fewest trips over the exits whose count
    // is a constant, so a loop with an error exit (an overflow check, say)
    // still counts by its range.
    unsigned trips = 0;
    SmallVector<BasicBlock *, 4> exiting;
    loop.getExitingBlocks(exiting);
    for (BasicBlock *block : exiting)
      if (unsigned count = ar.SE.getSmallConstantTripCount(&loop, block))
        trips = trips ? std::min(trips, count) : count;
    if (trips == 0 || trips > MaxTrips || hasUnrollHint(loop))
      return PreservedAnalyses::all();
    unsigned size = 0;
    for (BasicBlock *block : loop.blocks())
      size += block->size();
    if (static_cast<uint64_t>(size) * trips > MaxUnrolledSize || callsOutOfLine(loop))
      return PreservedAnalyses::all();
    // Each loop's copy is bounded, but a body with many loops (a loop over
    // the window inside a generator inside a comprehension) would multiply
    // the kernel: the kernel as a whole stays within MaxKernelSize
    // instructions and MaxKernelBlocks blocks, past which its loops stay
    // loops. The blocks matter most: GVN's critical-edge splitting after
    // the unroller grows faster than the block count, and a body of error
    // checks is nearly a block per instruction (difftest seed 170007: 20,940
    // blocks, GVN ran for minutes; the benchmark kernels stay under 700).
    if (fn->getInstructionCount() + static_cast<uint64_t>(size) * (trips - 1) > MaxKernelSize ||
        fn->size() + static_cast<uint64_t>(loop.getNumBlocks()) * (trips - 1) > MaxKernelBlocks)
      return PreservedAnalyses::all();
    LLVMContext &ctx = fn->getContext();
    SmallVector<Metadata *, 4> ops{nullptr};
    if (MDNode *old = loop.getLoopID())
      for (unsigned i = 1; i < old->getNumOperands(); ++i)
        ops.push_back(old->getOperand(i));
    ops.push_back(MDNode::get(ctx, MDString::get(ctx, "llvm.loop.unroll.full")));
    MDNode *id = MDNode::getDistinct(ctx, ops);
    id->replaceOperandWith(0, id);
    loop.setLoopID(id);
    return PreservedAnalyses::all();
  }

private:
  /// Whether the loop calls a function that writes memory and stayed out
  /// of line (a dict's or set's insertion, a list's growth through malloc,
  /// a sort): no vectoriser sees through such a call, so unrolling only
  /// multiplies the kernel's code (a file of ten dict and list tallies took
  /// 27 s of code generation with image kernels, 0.6 s without). Calls on
  /// the error path (cold), intrinsics and functions that only read memory
  /// (the C library's math) do not count.
  static bool callsOutOfLine(const Loop &loop) {
    for (BasicBlock *block : loop.blocks())
      for (Instruction &inst : *block)
        if (auto *call = dyn_cast<CallBase>(&inst)) {
          Function *callee = call->getCalledFunction();
          if (!callee || callee->isIntrinsic() || callee->hasFnAttribute(Attribute::Cold) ||
              call->hasFnAttr(Attribute::Cold) || call->onlyReadsMemory())
            continue;
          return true;
        }
    return false;
  }

  static bool hasUnrollHint(const Loop &loop) {
    MDNode *id = loop.getLoopID();
    if (!id)
      return false;
    for (unsigned i = 1; i < id->getNumOperands(); ++i)
      if (auto *node = dyn_cast<MDNode>(id->getOperand(i)))
        if (auto *name = dyn_cast<MDString>(node->getOperand(0)))
          if (name->getString() == "llvm.loop.unroll.disable" ||
              name->getString() == "llvm.loop.unroll.full" ||
              name->getString() == "llvm.loop.unroll.count")
            return true;
    return false;
  }
};

/// Runs its passes on whole-image kernels only: the callbacks' own
/// pipeline stays LLVM's default.
struct ForImageKernels : PassInfoMixin<ForImageKernels> {
  FunctionPassManager passes;

  PreservedAnalyses run(Function &fn, FunctionAnalysisManager &fam) {
    if (!fn.hasFnAttribute(PixelKernelAttr))
      return PreservedAnalyses::all();
    return passes.run(fn, fam);
  }
};

/// UnrollNeighbourhood and the full unroller, then the clean-up that
/// turns the unrolled body's neighbourhood buffer into registers, so that
/// the vectoriser, next, sees only loads of the image and one store.
void addNeighbourhoodUnrolling(FunctionPassManager &outer) {
  ForImageKernels kernels;
  FunctionPassManager &fpm = kernels.passes;
  LoopPassManager lpm;
  lpm.addPass(UnrollNeighbourhood());
  lpm.addPass(LoopFullUnrollPass(2, /*OnlyWhenForced=*/true));
  fpm.addPass(createFunctionToLoopPassAdaptor(std::move(lpm)));
  fpm.addPass(SROAPass(SROAOptions::ModifyCFG));
  fpm.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  fpm.addPass(GVNPass());
  fpm.addPass(InstCombinePass());
  fpm.addPass(SimplifyCFGPass());
  // Each element's offset (read from the offsets table) out of the pixel
  // loop: only then are its loads consecutive across pixels, not gathers.
  fpm.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()), /*UseMemorySSA=*/true));
  // LICM has promoted the arena's chunk list to a value carried around the
  // pixel loop; the kernel empties the arena before each interior run, so
  // forwarding that store shows it null on every pixel, and the release's
  // free() loop folds away. Then the offsets can leave the loop too.
  fpm.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  fpm.addPass(InstCombinePass());
  fpm.addPass(SimplifyCFGPass());
  // A counter over the unrolled window (the selects of `if ...: n += 1`
  // are additions of the condition by now) is one long chain of
  // additions: as a tree, vectors of pixels no longer wait on each
  // (IntegerSums.cpp).
  fpm.addPass(BalanceIntegerSums());
  fpm.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()), /*UseMemorySSA=*/true));
  // A count over a box shares its column sums between neighbouring pixels
  // (SlidingSums.cpp).
  fpm.addPass(SlidingWindowSums());
  outer.addPass(std::move(kernels));
}

/// Passes whose cost grows faster than the function's size on huge
/// straight-line functions (InstCombine was measured quadratic: 17 s of an
/// 18 s -O2 compile at 2,000 statements with an index check each). They
/// are skipped on huge functions, as production compilers cap such passes;
/// every other pass still runs, and no pass changes floating-point results
/// (llcc sets no fast-math flags), so the output computes the same values.
const char *const superlinearOnHuge[] = {"InstCombinePass", "AggressiveInstCombinePass"};

bool isHuge(const Function &fn) { return fn.getInstructionCount() > HugeFunction; }

/// Before the pipeline, huge functions get the cheap, linear clean-up
/// (SROA, EarlyCSE with MemorySSA, SimplifyCFG): repeated index and
/// unbound checks of the same values fold away, which often shrinks the
/// function below the threshold so that the full pipeline runs after all.
void simplifyHugeFunctions(Module &module, FunctionAnalysisManager &fam) {
  FunctionPassManager fpm;
  fpm.addPass(SROAPass(SROAOptions::ModifyCFG));
  fpm.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  fpm.addPass(SimplifyCFGPass());
  for (Function &fn : module)
    if (!fn.isDeclaration() && isHuge(fn))
      fpm.run(fn, fam);
}

/// A loop unrolled by n for a trip count known only at run time leaves
/// up to n - 1 iterations to a remainder loop; LLVM's `-unroll-remainder`
/// unrolls that loop too, into a chain of at most n - 1 copies that each
/// test whether to go on, as gcc emits. The moving-average callback's
/// window of 11 is 8 + 3: the remainder loop's three trips with their
/// counter and back edge measured 1.93 against 2.41 ns per output as a
/// chain (bench/notes.md, 2026-12-03). The switch is one of LLVM's
/// command-line options, read when each loop is unrolled. It is set again
/// before every compile: LLD resets every option when it links
/// (cl::ResetAllOptionOccurrences), and the compile library links in
/// process between compiles (its second compile of a file then differed
/// from the first), and cleared below -O2, where a fresh llcc leaves it
/// off. Compiles are serialised (capi/CApi.cpp), so the global option is
/// not raced.
void unrollRemainders(bool on) {
  auto &options = cl::getRegisteredOptions();
  auto it = options.find("unroll-remainder");
  if (it == options.end())
    return;
  if (on && it->second->getNumOccurrences() == 0)
    it->second->addOccurrence(0, "unroll-remainder", "true");
  else if (!on && it->second->getNumOccurrences() > 0)
    it->second->reset();
}

/// CPUs whose AVX-512 units lower the core's clock while they run (the
/// Skylake server generation): there LLVM's 256-bit preference stands.
constexpr const char *throttlesOn512Bit[] = {"skylake-avx512", "cascadelake", "cooperlake"};

/// Marks whole-image kernels for 512-bit vectors where the target has
/// AVX-512 and is not one of the CPUs above (see the banner).
void widenKernelVectors(Module &module, TargetMachine &tm) {
  const MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  if (!sti || !tm.getTargetTriple().isX86() || !sti->checkFeatures("+avx512f"))
    return;
  for (const char *cpu : throttlesOn512Bit)
    if (tm.getTargetCPU() == cpu)
      return;
  for (Function &fn : module)
    if (fn.hasFnAttribute(PixelKernelAttr) && !fn.hasFnAttribute("prefer-vector-width"))
      fn.addFnAttr("prefer-vector-width", "512");
}

} // namespace

void optimizeModule(Module &module, TargetMachine &tm, unsigned optLevel) {
  // The data layout must be set before any pass runs: analyses such as
  // alias analysis and the vectoriser's cost model read it.
  module.setTargetTriple(tm.getTargetTriple().str());
  module.setDataLayout(tm.createDataLayout());

  // Loop idiom recognition may turn a copy loop into memcpy/memmove; in
  // LLVM 19 its poison check on the expanded address (SCEV's
  // getPoisonGeneratingValues) walks a shared expression once per path, so
  // the shifting loops of list.pop(0)/insert(0, x) after a fully unrolled
  // loop of arena allocations took minutes at -O1 (difftest program 471
  // with the deque statements: 0.4 s without it, 3 s with 4 unrolled
  // iterations, over 10 minutes with 6). llcc's copies of whole arrays are
  // memcpy calls already and its loops of a window are short, so the
  // memcpy form is left off; memset recognition stays.
  DisableLIRP::Memcpy = true;
  unrollRemainders(optLevel >= 2);
  if (optLevel >= 2)
    widenKernelVectors(module, tm);
  PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  tuning.LoopUnrolling = optLevel >= 1;

  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassInstrumentationCallbacks instrumentation;
  // Asked before every pass on every function: the pass name is compared
  // first, since counting a function's instructions walks all of it (that
  // walk before each of ~100 passes was 6% of a small module's compile).
  instrumentation.registerShouldRunOptionalPassCallback([](StringRef pass, Any ir) {
    // `optnone` functions (the runtime's accessors, codegen/Runtime.cpp)
    // are left as they are, as LLVM's own OptNoneInstrumentation does.
    if (const Function *const *fn = llvm::any_cast<const Function *>(&ir))
      if ((*fn)->hasOptNone())
        return false;
    bool superlinear = false;
    for (const char *name : superlinearOnHuge)
      superlinear |= pass == name;
    if (!superlinear)
      return true;
    const Function *const *fn = llvm::any_cast<const Function *>(&ir);
    return !fn || !isHuge(**fn);
  });
  PassBuilder builder(&tm, tuning, std::nullopt, &instrumentation);
  builder.registerPeepholeEPCallback([](FunctionPassManager &fpm, OptimizationLevel level) {
    if (level.getSpeedupLevel() >= 2) {
      fpm.addPass(NonNegativeAddChecks());
      fpm.addPass(VersionRangeChecks());
    }
  });
  builder.registerVectorizerStartEPCallback([](FunctionPassManager &fpm, OptimizationLevel level) {
    fpm.addPass(BoundedCounters());
    if (level.getSpeedupLevel() >= 2)
      fpm.addPass(UnrollFloatChains());
    if (level.getSpeedupLevel() >= 2)
      addNeighbourhoodUnrolling(fpm);
  });
  builder.registerOptimizerLastEPCallback([](ModulePassManager &mpm, OptimizationLevel level) {
    if (level.getSpeedupLevel() >= 2)
      mpm.addPass(createModuleToFunctionPassAdaptor(DeferMathChecks()));
  });
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);

  if (optLevel >= 1)
    simplifyHugeFunctions(module, fam);

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
