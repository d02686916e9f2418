//===- MathChecks.cpp - One test for several math-module checks -----------===//
//
// Each call of a math-module function tests its result on the hot path:
// `r - r` is NaN exactly when r is a NaN or an infinity, and only then do
// the arguments decide between no error, ValueError and OverflowError
// (codegen/IRGenBuiltins.cpp, checkedMath). An integrand such as
// `exp(-a*x*x) * cos(b*x)` pays two such tests per call, about 0.25 ns
// each beside libm's exp and cos (bench/notes.md, 2026-12-03), where
// gcc's C has none.
//
// Non-finite values are absorbing under +, -, * and unary minus, and as
// the dividend of /: inf + x, inf * x, inf / x are each an infinity or a
// NaN whatever finite or non-finite x is, and NaN stays NaN. So when V, a
// value computed from the results r1..rn through those operations only, is
// finite, every ri is finite and none of their checks can fail. Where the
// code between the first check and V has no observable effect (arithmetic,
// calls of libm functions that read and write no memory: no stores, no
// loads, no other branches), DeferMathChecks
//   - lets each check's branch fall through to its fast successor,
//   - tests V once, where the straight-line region ends (V is the latest
//     such value of the program, or else the sum of the results, which
//     may also overflow from finite terms: a false alarm that costs one
//     trip through the slow path), and
//   - on a non-finite V, runs the original checks in program order: check
//     i's slow path (the arguments' tests, then the error) now continues
//     to check i + 1 instead of the code after the call, and the last
//     continues where the region ended.
// The first failing check therefore raises the same error as before; the
// pure code after it that now ran first left no trace. A non-finite V
// with no failing check (exp(inf)) continues with the same values.
//
// It runs last in the optimisation pipeline (Optimizer.cpp), on inlined
// and simplified functions.
//
//===----------------------------------------------------------------------===//
#include "MathChecks.h"

#include <algorithm>

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/PatternMatch.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace llcc {

namespace {

/// A result test `br (fcmp ord (r - r), 0.0), ok, special` after a call.
struct Check {
  BasicBlock *block;
  BranchInst *branch;
  Instruction *test; // the fcmp
  Value *result;
  BasicBlock *ok, *special;
  SmallVector<BasicBlock *, 8> slowPath; // the blocks `special` dominates
  SmallVector<std::pair<BasicBlock *, unsigned>, 2> backEdges; // slow path -> ok
};

/// A call of an external function that reads and writes no memory: libm.
bool isPureLibmCall(const Value *v) {
  auto *call = dyn_cast<CallInst>(v);
  if (!call)
    return false;
  const Function *callee = call->getCalledFunction();
  return callee && callee->isDeclaration() && !callee->isIntrinsic() &&
         call->doesNotAccessMemory() && !call->isConvergent();
}

bool matchCheck(BasicBlock &block, Check &check) {
  auto *branch = dyn_cast<BranchInst>(block.getTerminator());
  if (!branch || !branch->isConditional())
    return false;
  auto *test = dyn_cast<FCmpInst>(branch->getCondition());
  Value *r;
  if (!test || test->getPredicate() != FCmpInst::FCMP_ORD || !match(test->getOperand(1), m_AnyZeroFP()))
    return false;
  auto *diff = dyn_cast<BinaryOperator>(test->getOperand(0));
  if (!diff || diff->getOpcode() != Instruction::FSub || diff->getOperand(0) != diff->getOperand(1))
    return false;
  r = diff->getOperand(0);
  if (!isPureLibmCall(r) || !test->hasOneUse() || !diff->hasOneUse())
    return false;
  check.block = &block;
  check.branch = branch;
  check.test = test;
  check.result = r;
  check.ok = branch->getSuccessor(0);
  check.special = branch->getSuccessor(1);
  return check.ok != check.special;
}

/// What may run before an earlier check's error: no effect, no memory
/// access, no trap, no other branch.
bool isDeferrable(const Instruction &inst) {
  if (isPureLibmCall(&inst))
    return true;
  if (inst.isTerminator() || isa<PHINode>(inst) || inst.mayReadOrWriteMemory())
    return false;
  return isSafeToSpeculativelyExecute(&inst);
}

/// True when `leaf` reaches `root` through absorbing operations only.
bool absorbs(Value *root, Value *leaf, unsigned depth = 0) {
  if (root == leaf)
    return true;
  auto *inst = dyn_cast<Instruction>(root);
  if (!inst || depth > 32)
    return false;
  switch (inst->getOpcode()) {
  case Instruction::FAdd:
  case Instruction::FSub:
  case Instruction::FMul:
    return absorbs(inst->getOperand(0), leaf, depth + 1) ||
           absorbs(inst->getOperand(1), leaf, depth + 1);
  case Instruction::FDiv:
  case Instruction::FNeg:
    return absorbs(inst->getOperand(0), leaf, depth + 1);
  default:
    return false;
  }
}

/// Fills the check's slow path (the blocks its special block dominates)
/// and the edges back to `ok`; false when the slow path is not a detour
/// that either returns to `ok` or leaves for good.
bool findSlowPath(Check &check, DominatorTree &dom, Function &fn) {
  if (check.special->getSinglePredecessor() != check.block || !check.ok->phis().empty())
    return false;
  SmallVector<BasicBlock *, 8> work{check.special};
  SmallPtrSet<BasicBlock *, 8> seen{check.special};
  while (!work.empty()) {
    BasicBlock *block = work.pop_back_val();
    check.slowPath.push_back(block);
    for (unsigned i = 0; i < block->getTerminator()->getNumSuccessors(); ++i) {
      BasicBlock *next = block->getTerminator()->getSuccessor(i);
      if (next == check.ok) {
        check.backEdges.push_back({block, i});
      } else if (dom.dominates(check.special, next)) {
        if (seen.insert(next).second)
          work.push_back(next);
      } else if (isPotentiallyReachable(next, check.block, nullptr, &dom)) {
        return false; // an exit that comes back into the code checked
      }
    }
  }
  // `ok` is entered from the check and from the slow path only.
  SmallPtrSet<BasicBlock *, 8> slow(check.slowPath.begin(), check.slowPath.end());
  for (BasicBlock *pred : predecessors(check.ok))
    if (pred != check.block && !slow.count(pred))
      return false;
  return true;
}

/// A straight-line run of code from one check on, with the checks in it
/// and the point where it ends.
struct Region {
  SmallVector<Check *, 4> checks;
  SmallVector<BasicBlock *, 4> blocks;
  Instruction *end = nullptr; // the first instruction that may not run early
};

Region walk(Check &first, DenseMap<BasicBlock *, Check *> &checks) {
  Region region;
  region.checks.push_back(&first);
  region.blocks.push_back(first.block);
  BasicBlock *block = first.ok;
  // A block seen again (a loop) ends the region before the edge to it.
  SmallPtrSet<BasicBlock *, 8> seen{first.block, first.ok};
  while (true) {
    region.blocks.push_back(block);
    for (Instruction &inst : *block)
      if (!inst.isTerminator() && !isDeferrable(inst)) {
        region.end = &inst;
        return region;
      }
    auto it = checks.find(block);
    if (it != checks.end() && !it->second->slowPath.empty() &&
        seen.insert(it->second->ok).second) {
      region.checks.push_back(it->second);
      block = it->second->ok;
      continue;
    }
    BasicBlock *next = block->getSingleSuccessor();
    if (!next || next->getSinglePredecessor() != block || !next->phis().empty() ||
        checks.count(next) || !seen.insert(next).second) {
      region.end = block->getTerminator();
      return region;
    }
    block = next;
  }
}

/// The latest value of the region, defined before its end, that every
/// checked result reaches through absorbing operations.
Value *findCover(const Region &region) {
  for (auto b = region.blocks.rbegin(); b != region.blocks.rend(); ++b) {
    bool last = b == region.blocks.rbegin();
    auto from = last ? region.end->getReverseIterator() : (*b)->rbegin();
    for (auto it = from; it != (*b)->rend(); ++it) {
      Instruction &inst = *it;
      if (&inst == region.end || !inst.getType()->isFloatingPointTy())
        continue;
      bool all = true;
      for (Check *check : region.checks)
        all = all && absorbs(&inst, check->result);
      if (all)
        return &inst;
    }
  }
  return nullptr;
}

void defer(Region &region, Value *cover) {
  LLVMContext &ctx = region.end->getContext();
  Function *fn = region.end->getFunction();
  BasicBlock *endBlock = region.end->getParent();
  BasicBlock *rest = endBlock->splitBasicBlock(region.end, "math.checked");
  // One test of the cover on the hot path.
  endBlock->getTerminator()->eraseFromParent();
  IRBuilder<> b(endBlock);
  if (!cover) {
    // No value of the program covers every result: their sum does (a
    // non-finite term makes it non-finite; a sum that overflows from
    // finite terms only sends a call down the slow path, which finds no
    // error and goes on).
    cover = region.checks[0]->result;
    for (size_t i = 1; i < region.checks.size(); ++i)
      cover = b.CreateFAdd(cover, region.checks[i]->result);
  }
  SmallVector<BasicBlock *, 4> recheck;
  for (size_t i = 0; i < region.checks.size(); ++i)
    recheck.push_back(BasicBlock::Create(ctx, "math.recheck", fn));
  Value *finite = b.CreateFCmpORD(b.CreateFSub(cover, cover), ConstantFP::get(cover->getType(), 0.0));
  b.CreateCondBr(finite, rest, recheck[0], MDBuilder(ctx).createBranchWeights(1 << 20, 1));
  // The checks in order when it fails; each slow path goes on to the next.
  for (size_t i = 0; i < region.checks.size(); ++i) {
    Check &check = *region.checks[i];
    BasicBlock *next = i + 1 < recheck.size() ? recheck[i + 1] : rest;
    auto *diff = cast<Instruction>(check.test->getOperand(0));
    BranchInst *retest = BranchInst::Create(next, check.special, check.test, recheck[i]);
    diff->moveBefore(retest);
    check.test->moveBefore(retest);
    BranchInst::Create(check.ok, check.block);
    check.branch->eraseFromParent();
    for (auto [block, successor] : check.backEdges)
      block->getTerminator()->setSuccessor(successor, next);
  }
}

} // namespace

PreservedAnalyses DeferMathChecks::run(Function &fn, FunctionAnalysisManager &fam) {
  SmallVector<std::unique_ptr<Check>, 8> all;
  DenseMap<BasicBlock *, Check *> byBlock;
  for (BasicBlock &block : fn) {
    auto check = std::make_unique<Check>();
    if (matchCheck(block, *check)) {
      byBlock[&block] = check.get();
      all.push_back(std::move(check));
    }
  }
  if (all.size() < 2)
    return PreservedAnalyses::all();
  DominatorTree &dom = fam.getResult<DominatorTreeAnalysis>(fn);
  for (auto &check : all)
    if (!findSlowPath(*check, dom, fn))
      check->slowPath.clear();

  // Regions are found on the untouched function, then rewritten. Each
  // rewrite splits the block where its region ends and moves the checks'
  // branches, so regions must not share a block: a later region would
  // find its check block split under it (an unrolled loop of math calls
  // made two regions end and start in one block: a crash, found by the
  // difftest with --image-kernels).
  SmallPtrSet<Check *, 8> taken;
  SmallPtrSet<BasicBlock *, 16> touched;
  SmallVector<std::pair<Region, Value *>, 4> regions;
  for (auto &check : all) {
    if (check->slowPath.empty() || taken.count(check.get()))
      continue;
    Region region = walk(*check, byBlock);
    for (Check *c : region.checks)
      taken.insert(c);
    if (region.checks.size() < 2)
      continue;
    bool sameType = true;
    for (Check *c : region.checks)
      sameType = sameType && c->result->getType() == region.checks[0]->result->getType();
    SmallPtrSet<BasicBlock *, 16> mine(region.blocks.begin(), region.blocks.end());
    mine.insert(region.end->getParent());
    for (Check *c : region.checks) {
      mine.insert(c->block);
      mine.insert(c->ok);
      mine.insert(c->slowPath.begin(), c->slowPath.end());
    }
    bool disjoint = true;
    for (BasicBlock *b : mine)
      disjoint = disjoint && !touched.count(b);
    // Nor may the region end at another check's branch, which the split
    // would move away from the block that check names.
    for (auto &other : all)
      disjoint = disjoint && (region.end != other->branch ||
                              std::find(region.checks.begin(), region.checks.end(), other.get()) !=
                                  region.checks.end());
    if (!disjoint)
      continue;
    Value *cover = findCover(region);
    if (cover || sameType) {
      touched.insert(mine.begin(), mine.end());
      regions.push_back({region, cover});
    }
  }
  if (regions.empty())
    return PreservedAnalyses::all();
  for (auto &[region, cover] : regions)
    defer(region, cover);
  return PreservedAnalyses::none();
}

} // namespace llcc
