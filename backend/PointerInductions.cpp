//===- PointerInductions.cpp - Pointer induction variables after LSR ------===//
//
// LLVM's loop strength reduction addresses a loop's elements as
// `base + i * 8 + c` with one integer counter i for every array (x86's
// `c(%base,%i,8)`), the fewest registers and increments. On Intel cores
// since Haswell, an AVX instruction that folds a load from such an indexed
// address (`vaddsd 8(%rdi,%rax,8), %xmm0, %xmm0`) is split into two
// micro-ops at rename, where `vaddsd 8(%rdx), %xmm0, %xmm0` stays one; the
// rename stage is 4-6 wide, so a loop of folded loads pays one slot more
// per element. The moving-average callback's inner loop (eight folded
// additions per iteration after unrolling) ran 1.33x gcc's, whose loop
// steps a pointer; x86's cost model knows the split
// (getScalingFactorCost) but ranks it below the instruction and register
// counts, and LSR rewrites a pointer written in the IR back into the
// indexed form, so the change is made after LSR.
//
// In each innermost loop, the memory accesses at `B + i * S + c` (B
// invariant in the loop, i a header phi stepping by a constant, c a
// constant) are grouped by (B, i, S). A group with at least MinFolded
// scalar loads that x86 folds into arithmetic (a load whose only use is a
// floating-point binary operation or comparison) reads through a new
// pointer phi p instead: p starts at B + i0 * S in the preheader and steps
// by step * S on the latch, and each access becomes `p + c`. p equals
// B + i * S in every iteration (both wrap modulo 2^64 alike), so the same
// addresses are read: only the addressing changes. The counter stays for
// the loop's exit test: one addition more per iteration, against one
// micro-op fewer per folded load.
//
//===----------------------------------------------------------------------===//
#include "PointerInductions.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"
#include "llvm/Pass.h"
#include "llvm/Transforms/Utils/Local.h"

#include <tuple>

using namespace llvm;

namespace llcc {

namespace {

constexpr unsigned MinFolded = 2;

/// One load or store and its address as (base, counter, scale) + offset.
struct Access {
  Instruction *mem;
  int64_t offset;
};

using GroupKey = std::tuple<Value *, PHINode *, int64_t>;

/// The constant step of `iv` around `loop` (its latch value is iv + step),
/// or 0 when it is not such a counter.
int64_t stepOf(PHINode *iv, Loop &loop) {
  BasicBlock *latch = loop.getLoopLatch();
  if (!latch || iv->getParent() != loop.getHeader() || iv->getNumIncomingValues() != 2)
    return 0;
  auto *next = dyn_cast<BinaryOperator>(iv->getIncomingValueForBlock(latch));
  if (!next || next->getOpcode() != Instruction::Add)
    return 0;
  Value *other = next->getOperand(0) == iv ? next->getOperand(1)
                 : next->getOperand(1) == iv ? next->getOperand(0)
                                              : nullptr;
  auto *step = dyn_cast_or_null<ConstantInt>(other);
  return step && step->getValue().getSignificantBits() <= 32 ? step->getSExtValue() : 0;
}

/// Splits `ptr` into B + i * S + c as described above; false when it is
/// not of that form.
bool decompose(Value *ptr, Loop &loop, const DataLayout &dl, GroupKey &key, int64_t &offset) {
  offset = 0;
  unsigned indexBits = dl.getIndexTypeSizeInBits(ptr->getType());
  // Constant offsets, outermost first: `gep i8 (gep i8 B, i*8), -56`.
  while (auto *gep = dyn_cast<GEPOperator>(ptr)) {
    APInt c(indexBits, 0);
    if (!gep->accumulateConstantOffset(dl, c))
      break;
    if (c.getSignificantBits() > 32)
      return false;
    offset += c.getSExtValue();
    ptr = gep->getPointerOperand();
  }
  auto *gep = dyn_cast<GetElementPtrInst>(ptr);
  if (!gep || gep->getNumIndices() != 1 || !loop.contains(gep))
    return false;
  Value *base = gep->getPointerOperand();
  Type *elem = gep->getSourceElementType();
  if (!loop.isLoopInvariant(base) || !elem->isSized() || dl.getTypeAllocSize(elem).isScalable())
    return false;
  int64_t scale = static_cast<int64_t>(dl.getTypeAllocSize(elem).getFixedValue());
  Value *index = gep->getOperand(1);
  const APInt *c;
  if (auto *shl = dyn_cast<BinaryOperator>(index);
      shl && shl->getOpcode() == Instruction::Shl && isa<ConstantInt>(shl->getOperand(1))) {
    uint64_t amount = cast<ConstantInt>(shl->getOperand(1))->getZExtValue();
    if (amount > 16)
      return false;
    scale <<= amount;
    index = shl->getOperand(0);
  } else if (auto *mul = dyn_cast<BinaryOperator>(index);
             mul && mul->getOpcode() == Instruction::Mul && isa<ConstantInt>(mul->getOperand(1))) {
    c = &cast<ConstantInt>(mul->getOperand(1))->getValue();
    if (c->getSignificantBits() > 16)
      return false;
    scale *= c->getSExtValue();
    index = mul->getOperand(0);
  }
  auto *iv = dyn_cast<PHINode>(index);
  if (!iv || !iv->getType()->isIntegerTy(indexBits) || stepOf(iv, loop) == 0 ||
      scale == 0 || scale > (1 << 20) || scale < -(1 << 20))
    return false;
  key = {base, iv, scale};
  return true;
}

/// A scalar load x86 folds into the instruction that uses it: the only use
/// is a floating-point binary operation or comparison. Vector loops are
/// left as LSR made them: the count callback's loop of four folded
/// `vcmpltpd` per iteration measured 4% slower stepping a pointer.
bool isFoldedLoad(const Instruction *mem) {
  auto *load = dyn_cast<LoadInst>(mem);
  if (!load || !load->hasOneUse() || !load->getType()->isFloatingPointTy())
    return false;
  auto *user = cast<Instruction>(*load->user_begin());
  return user->getType()->isFPOrFPVectorTy() ? isa<BinaryOperator>(user) : isa<FCmpInst>(user);
}

bool rewriteLoop(Loop &loop, const DataLayout &dl) {
  BasicBlock *preheader = loop.getLoopPreheader(), *latch = loop.getLoopLatch();
  if (!preheader || !latch)
    return false;
  MapVector<GroupKey, SmallVector<Access, 8>> groups;
  for (BasicBlock *block : loop.blocks())
    for (Instruction &inst : *block) {
      Value *ptr = nullptr;
      if (auto *load = dyn_cast<LoadInst>(&inst); load && load->isSimple())
        ptr = load->getPointerOperand();
      else if (auto *store = dyn_cast<StoreInst>(&inst); store && store->isSimple())
        ptr = store->getPointerOperand();
      GroupKey key;
      int64_t offset;
      if (ptr && decompose(ptr, loop, dl, key, offset))
        groups[key].push_back({&inst, offset});
    }
  bool changed = false;
  for (auto &[key, accesses] : groups) {
    unsigned folded = 0;
    for (const Access &a : accesses)
      folded += isFoldedLoad(a.mem);
    if (folded < MinFolded)
      continue;
    auto [base, iv, scale] = key;
    Type *indexType = iv->getType();
    Type *i8 = Type::getInt8Ty(iv->getContext());
    IRBuilder<> pre(preheader->getTerminator());
    Value *start = pre.CreateMul(iv->getIncomingValueForBlock(preheader),
                                 ConstantInt::get(indexType, scale));
    Value *first = pre.CreateGEP(i8, base, start, "ptr.iv.start");
    PHINode *ptrIV = PHINode::Create(base->getType(), 2, "ptr.iv");
    ptrIV->insertBefore(loop.getHeader()->getFirstNonPHIIt());
    IRBuilder<> step(latch->getTerminator());
    Value *next = step.CreateGEP(i8, ptrIV, ConstantInt::get(indexType, stepOf(iv, loop) * scale),
                                 "ptr.iv.next");
    ptrIV->addIncoming(first, preheader);
    ptrIV->addIncoming(next, latch);
    for (const Access &a : accesses) {
      IRBuilder<> at(a.mem);
      Value *address = a.offset ? at.CreateGEP(i8, ptrIV, ConstantInt::get(indexType, a.offset))
                                : static_cast<Value *>(ptrIV);
      unsigned operand = isa<LoadInst>(a.mem) ? LoadInst::getPointerOperandIndex()
                                              : StoreInst::getPointerOperandIndex();
      Value *old = a.mem->getOperand(operand);
      a.mem->setOperand(operand, address);
      RecursivelyDeleteTriviallyDeadInstructions(old);
    }
    changed = true;
  }
  return changed;
}

struct PointerInductions : FunctionPass {
  static char ID;
  PointerInductions() : FunctionPass(ID) {}

  bool runOnFunction(Function &fn) override {
    if (skipFunction(fn))
      return false;
    DominatorTree dominators(fn);
    LoopInfo loops(dominators);
    const DataLayout &dl = fn.getDataLayout();
    bool changed = false;
    for (Loop *loop : loops.getLoopsInPreorder())
      if (loop->isInnermost())
        changed |= rewriteLoop(*loop, dl);
    return changed;
  }

  void getAnalysisUsage(AnalysisUsage &usage) const override { usage.setPreservesCFG(); }
  StringRef getPassName() const override { return "llcc pointer inductions"; }
};

char PointerInductions::ID = 0;

} // namespace

FunctionPass *createPointerInductionsPass() { return new PointerInductions(); }

} // namespace llcc
