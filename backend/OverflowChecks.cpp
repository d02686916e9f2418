//===- OverflowChecks.cpp - Overflow checks that loop analyses can read ---===//
//
// Python's unbounded ints make every llcc integer addition checked:
// codegen emits `llvm.sadd.with.overflow` for the check (and a plain
// `add nsw` for the value, used only once the check passed). The flag of
// the intrinsic is opaque to scalar evolution, so a check such as the one
// on `i + k` in
//
//     for i in range(len(oline)):
//         for k in range(width):          # width = len(iline) - len(oline) + 1
//             s += iline[i + k]
//
// stays in the inner loop as a branch on every element, although it can
// never fire. NonNegativeAddChecks rewrites the flag, when one operand is
// known non-negative, as the equivalent comparison `a > INT64_MAX - b`;
// IndVarSimplify then computes that exit's count like the loop's own and
// moves the check (with the index bound check) out of the loop, leaving a
// load and an add per element, as in hand-written C.
//
// It runs early (at the peephole extension point, before the loop passes)
// and leaves additions of a constant alone: `n += 1` counters keep the
// intrinsic, which BoundedCounters (Optimizer.cpp) removes later.
//
// That inner loop is then a chain of dependent fadds (numpy's order, so
// it cannot be reassociated or vectorised) behind a loop branch per
// element. UnrollFloatChains asks for unrolling by 8, as gcc -O3 does for
// the same C loop; LLVM's default cost model on x86 leaves a loop of
// unknown trip count alone. The order of the additions does not change.
//
//===----------------------------------------------------------------------===//
#include "OverflowChecks.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

#include "Backend.h"

using namespace llvm;

namespace llcc {

PreservedAnalyses NonNegativeAddChecks::run(Function &fn, FunctionAnalysisManager &fam) {
  SmallVector<WithOverflowInst *, 8> candidates;
  for (BasicBlock &block : fn)
    for (Instruction &inst : block)
      if (auto *wo = dyn_cast<WithOverflowInst>(&inst))
        if (wo->getBinaryOp() == Instruction::Add && wo->isSigned() &&
            !isa<Constant>(wo->getLHS()) && !isa<Constant>(wo->getRHS()))
          candidates.push_back(wo);
  if (candidates.empty())
    return PreservedAnalyses::all();

  const DataLayout &layout = fn.getParent()->getDataLayout();
  DominatorTree &dt = fam.getResult<DominatorTreeAnalysis>(fn);
  AssumptionCache &ac = fam.getResult<AssumptionAnalysis>(fn);
  bool changed = false;
  for (WithOverflowInst *wo : candidates) {
    Value *a = wo->getLHS(), *b = wo->getRHS();
    SimplifyQuery query(layout, &dt, &ac, wo);
    if (!isKnownNonNegative(b, query)) {
      std::swap(a, b);
      if (!isKnownNonNegative(b, query))
        continue;
    }
    // With b >= 0, a + b overflows exactly when a > INT64_MAX - b (which
    // itself cannot overflow).
    IRBuilder<> builder(wo);
    auto *max = ConstantInt::get(a->getType(), APInt::getSignedMaxValue(
                                                   a->getType()->getIntegerBitWidth()));
    Value *room = builder.CreateNSWSub(max, b, "room");
    Value *overflow = builder.CreateICmpSGT(a, room, "overflow");
    // The sum keeps `nsw` (which lets the index check that follows see
    // a non-negative index) where it is only used past the branch that
    // leaves on overflow, as codegen emits it.
    SmallVector<BasicBlockEdge, 2> safe; // edges taken only without overflow
    SmallVector<ExtractValueInst *, 2> values;
    for (User *user : wo->users())
      if (auto *extract = dyn_cast<ExtractValueInst>(user)) {
        if (extract->getIndices()[0] == 0)
          values.push_back(extract);
        else
          for (User *flagUser : extract->users())
            if (auto *branch = dyn_cast<BranchInst>(flagUser))
              if (branch->isConditional())
                safe.emplace_back(branch->getParent(), branch->getSuccessor(1));
      }
    bool guarded = true;
    for (ExtractValueInst *value : values) {
      bool dominated = false;
      for (const BasicBlockEdge &edge : safe)
        dominated |= dt.dominates(edge, value->getParent());
      guarded &= dominated;
    }
    Value *sum = guarded ? builder.CreateNSWAdd(a, b, "sum") : builder.CreateAdd(a, b, "sum");
    SmallVector<ExtractValueInst *, 4> extracts;
    bool other = false;
    for (User *user : wo->users()) {
      auto *extract = dyn_cast<ExtractValueInst>(user);
      if (extract && extract->getNumIndices() == 1)
        extracts.push_back(extract);
      else
        other = true;
    }
    if (other) { // not the shape codegen emits: leave it
      for (Value *v : {sum, overflow, room})
        if (auto *inst = dyn_cast<Instruction>(v))
          inst->eraseFromParent();
      continue;
    }
    for (ExtractValueInst *extract : extracts) {
      extract->replaceAllUsesWith(extract->getIndices()[0] == 0 ? sum : overflow);
      extract->eraseFromParent();
    }
    wo->eraseFromParent();
    if (auto *inst = dyn_cast<Instruction>(sum); inst && inst->use_empty())
      inst->eraseFromParent();
    changed = true;
  }
  if (!changed)
    return PreservedAnalyses::all();
  PreservedAnalyses kept;
  kept.preserveSet<CFGAnalyses>();
  return kept;
}

namespace {
/// Loops of more instructions than this are left to the cost model.
constexpr size_t MaxChainBody = 16;
constexpr unsigned ChainUnroll = 8;

/// A floating-point phi of the header whose value from the latch is an
/// fadd, fsub or fmul of the phi itself: a serial chain.
bool carriesFloatChain(const Loop &loop) {
  BasicBlock *latch = loop.getLoopLatch();
  for (PHINode &phi : loop.getHeader()->phis()) {
    if (!phi.getType()->isFloatingPointTy() || !latch)
      continue;
    auto *next = dyn_cast<BinaryOperator>(phi.getIncomingValueForBlock(latch));
    if (next && (next->getOpcode() == Instruction::FAdd ||
                 next->getOpcode() == Instruction::FSub ||
                 next->getOpcode() == Instruction::FMul) &&
        (next->getOperand(0) == &phi || next->getOperand(1) == &phi))
      return true;
  }
  return false;
}
} // namespace

PreservedAnalyses UnrollFloatChains::run(Function &fn, FunctionAnalysisManager &fam) {
  if (fn.hasFnAttribute(PixelKernelAttr))
    return PreservedAnalyses::all();
  LoopInfo &loops = fam.getResult<LoopAnalysis>(fn);
  ScalarEvolution &scev = fam.getResult<ScalarEvolutionAnalysis>(fn);
  bool changed = false;
  for (Loop *loop : loops.getLoopsInPreorder()) {
    if (!loop->isInnermost() || loop->getNumBlocks() != 1 ||
        loop->getHeader()->size() > MaxChainBody || !carriesFloatChain(*loop))
      continue;
    if (isa<SCEVConstant>(scev.getBackedgeTakenCount(loop)) ||
        findStringMetadataForLoop(loop, "llvm.loop.unroll.count") ||
        findStringMetadataForLoop(loop, "llvm.loop.unroll.disable") ||
        findStringMetadataForLoop(loop, "llvm.loop.unroll.full"))
      continue;
    bool calls = false;
    for (Instruction &inst : *loop->getHeader())
      calls |= isa<CallBase>(inst) && !isa<IntrinsicInst>(inst);
    if (calls)
      continue;
    addStringMetadataToLoop(loop, "llvm.loop.unroll.count", ChainUnroll);
    changed = true;
  }
  return changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace llcc
