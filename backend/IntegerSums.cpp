//===- IntegerSums.cpp - Balanced trees for long integer sums -------------===//
//
// A counting filter (`if v > threshold: n += 1` over a 9x9 window), once
// the kernel's neighbourhood loop is unrolled, is a chain of 81 dependent
// integer additions per pixel. Vectorised across pixels, every vector of
// pixels waits on that chain one addition at a time: the kernel ran at the
// adder's latency, not its throughput. Integer addition wraps modulo 2^64
// and is associative and commutative there, so any grouping of the same
// leaves gives the same bits; BalanceIntegerSums regroups each long chain
// as a balanced tree (depth 7 for 81 leaves). The no-wrap flags of the old
// additions are dropped, as the partial sums of the tree are different
// values. Floating-point sums are never touched (their order is numpy's
// or Python's and fixes the rounding).
//
// It runs in the kernels' own pipeline (Optimizer.cpp), after the
// neighbourhood is unrolled and before the loop vectoriser.
//
//===----------------------------------------------------------------------===//
#include "IntegerSums.h"

#include "Backend.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace llcc {

namespace {

bool isIntAdd(const Value *v) {
  auto *op = dyn_cast<BinaryOperator>(v);
  return op && op->getOpcode() == Instruction::Add && op->getType()->isIntegerTy();
}

/// An addition feeding only another addition of the same block: an
/// interior node of a larger sum, not a root.
bool isInterior(const Instruction *add) {
  if (!add->hasOneUse())
    return false;
  auto *user = cast<Instruction>(*add->user_begin());
  return isIntAdd(user) && user->getParent() == add->getParent();
}

/// The leaves of the sum rooted at `v`, left to right, and its additions.
void collect(Value *v, Instruction *root, SmallVectorImpl<Value *> &leaves,
             SmallVectorImpl<Instruction *> &nodes) {
  auto *add = dyn_cast<Instruction>(v);
  if (!isIntAdd(v) || add->getParent() != root->getParent() ||
      (add != root && !add->hasOneUse())) {
    leaves.push_back(v);
    return;
  }
  nodes.push_back(add);
  collect(add->getOperand(0), root, leaves, nodes);
  collect(add->getOperand(1), root, leaves, nodes);
}

Value *balanced(IRBuilder<> &b, ArrayRef<Value *> leaves) {
  if (leaves.size() == 1)
    return leaves[0];
  size_t half = leaves.size() / 2;
  return b.CreateAdd(balanced(b, leaves.take_front(half)), balanced(b, leaves.drop_front(half)),
                     "sum.tree");
}

/// The longest chain of additions below `v` (the sum's critical path).
unsigned depth(Value *v, Instruction *root) {
  auto *add = dyn_cast<Instruction>(v);
  if (!isIntAdd(v) || add->getParent() != root->getParent() ||
      (add != root && !add->hasOneUse()))
    return 0;
  return 1 + std::max(depth(add->getOperand(0), root), depth(add->getOperand(1), root));
}

} // namespace

PreservedAnalyses BalanceIntegerSums::run(Function &fn, FunctionAnalysisManager &) {
  if (!fn.hasFnAttribute(PixelKernelAttr))
    return PreservedAnalyses::all();
  bool changed = false;
  for (BasicBlock &block : fn) {
    SmallVector<Instruction *, 8> roots;
    for (Instruction &inst : block)
      if (isIntAdd(&inst) && !isInterior(&inst))
        roots.push_back(&inst);
    for (Instruction *root : roots) {
      SmallVector<Value *, 96> leaves;
      SmallVector<Instruction *, 96> nodes;
      collect(root, root, leaves, nodes);
      // Only long chains: a sum already shallow has nothing to gain.
      if (leaves.size() < MinLeaves || depth(root, root) <= Log2_64_Ceil(leaves.size()))
        continue;
      IRBuilder<> b(root);
      Value *sum = balanced(b, leaves);
      root->replaceAllUsesWith(sum);
      // Root first: each node's only user is erased before it.
      for (Instruction *node : nodes)
        node->eraseFromParent();
      changed = true;
    }
  }
  if (!changed)
    return PreservedAnalyses::all();
  PreservedAnalyses kept;
  kept.preserveSet<CFGAnalyses>();
  return kept;
}

} // namespace llcc
