//===- IRGenLoops.cpp - the one counted-loop builder ---------------------===//
//
// Every loop llcc emits over an index k = begin..end-1 is built here:
// the internal loops of library code and array expressions (forRange) and
// every `for` statement, whatever it iterates (range(), an array, a tuple,
// the rows of a window, a dict's items). One skeleton means one place that
// decides the compare, the wrap flags of the increment and the loop hints,
// and one place where `break`, `continue`, `else` and the "assigned on every
// path" knowledge of locals are handled for all `for` statements.
//
//===----------------------------------------------------------------------===//

#include "IRGenImpl.h"

namespace llcc {

/// k runs begin..end-1; `body` is generated in the loop body with k and the
/// blocks `continue` (next) and `break` (exit) jump to. `orElse`, when
/// given, runs when the condition fails (not after a break). The increment
/// cannot wrap: k < end ≤ INT64_MAX for a signed bound, k < end ≤ UINT64_MAX
/// for an unsigned one (range()'s trip count). A null `end` is read anew
/// before each iteration by `liveEnd` (a list that changes length while a
/// `for` walks it).
llvm::BranchInst *IRGen::countedLoop(
    llvm::Value *begin, llvm::Value *end, const std::string &name, LoopBound bound,
    const std::function<void(llvm::Value *k, llvm::BasicBlock *next, llvm::BasicBlock *exit)> &body,
    const std::function<void()> &orElse, const std::function<llvm::Value *()> &liveEnd) {
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  llvm::BasicBlock *condBB = newBlock((name + ".cond").c_str());
  llvm::BasicBlock *bodyBB = newBlock((name + ".body").c_str());
  llvm::BasicBlock *stepBB = newBlock((name + ".step").c_str());
  llvm::BasicBlock *elseBB = orElse ? newBlock((name + ".else").c_str()) : nullptr;
  llvm::BasicBlock *endBB = newBlock((name + ".end").c_str());
  b_.CreateBr(condBB);
  b_.SetInsertPoint(condBB);
  llvm::PHINode *k = b_.CreatePHI(b_.getInt64Ty(), 2, "k");
  k->addIncoming(begin, pre);
  if (!end)
    end = liveEnd();
  bool isSigned = bound == LoopBound::Signed;
  b_.CreateCondBr(isSigned ? b_.CreateICmpSLT(k, end) : b_.CreateICmpULT(k, end), bodyBB,
                  elseBB ? elseBB : endBB);
  b_.SetInsertPoint(bodyBB);
  body(k, stepBB, endBB);
  if (!b_.GetInsertBlock()->getTerminator())
    b_.CreateBr(stepBB);
  b_.SetInsertPoint(stepBB);
  k->addIncoming(b_.CreateAdd(k, i64(1), "k.next", /*HasNUW=*/true, /*HasNSW=*/isSigned), stepBB);
  llvm::BranchInst *latch = b_.CreateBr(condBB);
  if (elseBB) {
    b_.SetInsertPoint(elseBB);
    orElse();
    if (!b_.GetInsertBlock()->getTerminator())
      b_.CreateBr(endBB);
  }
  b_.SetInsertPoint(endBB);
  return latch;
}

llvm::BranchInst *IRGen::forRange(llvm::Value *begin, llvm::Value *end,
                                  const std::function<void(llvm::Value *)> &body) {
  return countedLoop(begin, end, "loop", LoopBound::Signed,
                     [&](llvm::Value *k, llvm::BasicBlock *, llvm::BasicBlock *) { body(k); });
}

/// `for TARGET in ITERABLE: BODY else: ELSE` once the iterable is reduced to
/// a count and `bind`, which assigns the target for element k. What the
/// body assigns is not known to be assigned after the loop: the else
/// clause and what follows run after zero or more iterations.
void IRGen::genForLoop(const ForStmt &s, llvm::Value *count, const std::string &name,
                       LoopBound bound, LoopHint hint,
                       const std::function<void(llvm::Value *k)> &bind,
                       const std::function<void()> &exhausted,
                       const std::function<llvm::Value *()> &liveCount) {
  std::vector<bool> entry = cur_->known;
  llvm::BranchInst *latch = countedLoop(
      i64(0), count, name, bound,
      [&](llvm::Value *k, llvm::BasicBlock *next, llvm::BasicBlock *exit) {
        bind(k);
        genLoopBody(s.body, next, exit);
        cur_->known = entry;
      },
      [&] {
        if (exhausted) // zip(..., strict=True) raises here, before the else
          exhausted();
        genBlock(s.elseBody);
      },
      liveCount);
  // A loop over a tuple has a constant, small trip count, and unrolled its
  // members become constants (`for dy, dx in OFFSETS`): ask for full
  // unrolling, which LLVM's size estimate alone would refuse for a body
  // full of overflow checks that fold away.
  auto *constant = llvm::dyn_cast_or_null<llvm::ConstantInt>(count);
  if (hint == LoopHint::UnrollSmallConstant && constant && constant->getZExtValue() <= 16)
    setLoopHint(latch, "llvm.loop.unroll.full");
  else if (hint != LoopHint::None)
    noRuntimeUnroll(latch);
}

/// Neighbourhood loops are short (5 to 50 iterations): LLVM's runtime
/// unrolling by 8 would put most of their work in its remainder loop, so
/// it is turned off for source loops (full unrolling of constant trip
/// counts stays on).
void IRGen::noRuntimeUnroll(llvm::BranchInst *latch) {
  setLoopHint(latch, "llvm.loop.unroll.runtime.disable");
}

void IRGen::setLoopHint(llvm::BranchInst *latch, llvm::StringRef name, llvm::Constant *value) {
  llvm::SmallVector<llvm::Metadata *, 2> operands{llvm::MDString::get(ctx_, name)};
  if (value)
    operands.push_back(llvm::ConstantAsMetadata::get(value));
  // A loop ID is a distinct node whose first operand is itself.
  llvm::MDNode *id = llvm::MDNode::getDistinct(ctx_, {nullptr, llvm::MDNode::get(ctx_, operands)});
  id->replaceOperandWith(0, id);
  latch->setMetadata(llvm::LLVMContext::MD_loop, id);
}

} // namespace llcc
