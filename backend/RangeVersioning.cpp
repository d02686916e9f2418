//===- RangeVersioning.cpp - Index checks of loop nests, proven once ------===//
//
// Every `x[i + k]` in a nest of range() loops carries an overflow check of
// `i + k` and an index check, each a branch to the error exit. LLVM's loop
// passes move such a check out of the innermost loop but not out of the
// loop around it: for the moving average
//
//     for i in range(len(oline)):
//         for k in range(width):          # width = len(iline) - len(oline) + 1
//             s += iline[i + k]
//
// a test of a dozen instructions stays before every inner loop (measured as
// the whole gap to hand-written C in bench/results.md). VersionRangeChecks
// versions the nest instead: the values compared by each unlikely exit
// branch of the nest (codegen's checks carry branch weights that say so)
// are affine in the loops' induction variables -- start + Σ step·t for
// iteration numbers t in [0, trip count - 1], with loop-invariant starts,
// constant steps and trip counts invariant in the nest -- so their smallest
// and largest values over the whole nest are computed once, in 128 bits,
// before the outer loop. When they show that no check can fire (and that
// no value the proof reads can wrap), the nest runs a copy with those
// branches removed; otherwise it runs the original, checked nest, so an
// error is raised at exactly the same iteration, with the same side
// effects, as before. The bounds are a superset of the values taken (an
// early exit only takes fewer), which is all the fast copy needs.
//
// Python's wrap-around of negative indices (`select (x < 0), x + len, x`)
// is decided the same way when the sign of x is the same on the whole nest.
//
// Only nests with such a check inside an inner loop are copied (LLVM moves
// the checks of a single loop out by itself), up to MaxNestSize
// instructions, and the checked copy is neither unrolled nor vectorised:
// the copy is what this costs in compile time (about 5 ms on the moving
// average, nothing on files without such nests; bench/results.md).
//
//===----------------------------------------------------------------------===//
#include "RangeVersioning.h"

#include "Backend.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/IR/ProfDataUtils.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;

namespace llcc {

namespace {

/// Marks a nest already versioned (both copies), so that later runs of the
/// pass, and of the pipeline after inlining, leave it alone.
constexpr const char *VersionedMark = "llcc.range.versioned";
/// Nests larger than this are not copied: the short loops over a line or
/// a window that the checks slow down are a few dozen instructions.
constexpr unsigned MaxNestSize = 400;
/// Steps and scales beyond this leave the value unproven (bounds stay far
/// inside 128 bits).
constexpr int64_t MaxScale = int64_t(1) << 32;

/// An exact (unbounded) integer: constant + Σ coef·leaf + Σ coef·t_L, where
/// a leaf is a nest-invariant i64 and t_L the iteration number of loop L.
struct Affine {
  APInt constant{128, 0};
  SmallVector<std::pair<const SCEV *, int64_t>, 4> leaves;
  SmallVector<std::pair<const Loop *, int64_t>, 4> ivs;

  void add(const Affine &o, int64_t scale) {
    constant += o.constant * APInt(128, scale, /*isSigned=*/true);
    for (auto [s, c] : o.leaves)
      leaves.emplace_back(s, c * scale);
    for (auto [l, c] : o.ivs) {
      bool merged = false;
      for (auto &iv : ivs)
        if (iv.first == l) {
          iv.second += c * scale;
          merged = true;
        }
      if (!merged)
        ivs.emplace_back(l, c * scale);
    }
  }
};

bool smallScale(int64_t c) { return c > -MaxScale && c < MaxScale; }

class Versioner {
public:
  Versioner(Function &fn, Loop *outer, DominatorTree &dt, ScalarEvolution &se)
      : outer_(outer), dt_(dt), se_(se),
        expander_(se, fn.getParent()->getDataLayout(), "range"),
        at_(outer->getLoopPreheader()->getTerminator()), b_(at_) {}

  ~Versioner() { expander_.clear(); }

  /// The requirement that `br` never leaves the nest, or null.
  Value *neverExits(BranchInst *br) {
    BasicBlock *block = br->getParent();
    bool stayOnTrue = outer_->contains(br->getSuccessor(0));
    pendingSelects_.clear();
    pendingGuards_.clear();
    Value *req = decide(br->getCondition(), stayOnTrue, block, 0);
    if (!req)
      return nullptr;
    selects_.append(pendingSelects_.begin(), pendingSelects_.end());
    pendingGuards_.push_back(req);
    return b_.CreateAnd(pendingGuards_);
  }

  SmallVector<std::pair<SelectInst *, Value *>, 4> selects_;

private:
  Loop *outer_;
  DominatorTree &dt_;
  ScalarEvolution &se_;
  SCEVExpander expander_;
  Instruction *at_;
  IRBuilder<> b_;
  SmallVector<std::pair<SelectInst *, Value *>, 4> pendingSelects_;
  /// Requirements met along the way (the conditions of selects).
  SmallVector<Value *, 4> pendingGuards_;

  Type *i128() { return b_.getIntNTy(128); }
  Value *c128(const APInt &v) { return ConstantInt::get(i128(), v); }
  Value *c128(int64_t v) { return ConstantInt::get(i128(), v, /*IsSigned=*/true); }

  /// The requirement that `cond` is `want` on every iteration of the nest.
  Value *decide(Value *cond, bool want, BasicBlock *block, int depth) {
    if (depth > 4)
      return nullptr;
    using namespace PatternMatch;
    Value *inner;
    if (match(cond, m_Not(m_Value(inner))))
      return decide(inner, !want, block, depth + 1);
    if (auto *cmp = dyn_cast<ICmpInst>(cond))
      return decideCompare(cmp, want, block, depth);
    // The overflow bit of a checked addition or subtraction: never set when
    // the exact result fits.
    auto *flag = dyn_cast<ExtractValueInst>(cond);
    if (!flag || flag->getNumIndices() != 1 || flag->getIndices()[0] != 1 || want)
      return nullptr;
    auto *wo = dyn_cast<WithOverflowInst>(flag->getAggregateOperand());
    if (!wo || !wo->isSigned() || !wo->getType()->getStructElementType(0)->isIntegerTy(64) ||
        (wo->getBinaryOp() != Instruction::Add && wo->getBinaryOp() != Instruction::Sub))
      return nullptr;
    Affine a, c;
    if (!formOf(wo->getLHS(), block, a, depth) || !formOf(wo->getRHS(), block, c, depth))
      return nullptr;
    Affine result = a;
    result.add(c, wo->getBinaryOp() == Instruction::Add ? 1 : -1);
    auto ra = range(a, block), rc = range(c, block), rr = range(result, block);
    if (!ra.first || !rc.first || !rr.first)
      return nullptr;
    return b_.CreateAnd({fits(ra), fits(rc), fits(rr)});
  }

  Value *decideCompare(ICmpInst *cmp, bool want, BasicBlock *block, int depth) {
    if (!cmp->getOperand(0)->getType()->isIntegerTy(64))
      return nullptr;
    Affine a, c;
    if (!formOf(cmp->getOperand(0), block, a, depth) || !formOf(cmp->getOperand(1), block, c, depth))
      return nullptr;
    Affine diff = a;
    diff.add(c, -1);
    auto ra = range(a, block), rc = range(c, block), rd = range(diff, block);
    if (!ra.first || !rc.first || !rd.first)
      return nullptr;
    SmallVector<Value *, 6> reqs{fits(ra), fits(rc)};
    CmpInst::Predicate pred = want ? cmp->getPredicate() : cmp->getInversePredicate();
    if (ICmpInst::isUnsigned(pred)) {
      // Both sides non-negative: the unsigned order is the signed one.
      reqs.push_back(b_.CreateICmpSGE(ra.first, c128(0)));
      reqs.push_back(b_.CreateICmpSGE(rc.first, c128(0)));
      pred = ICmpInst::getSignedPredicate(pred);
    }
    auto [lo, hi] = rd;
    switch (pred) {
    case ICmpInst::ICMP_SLT: reqs.push_back(b_.CreateICmpSLT(hi, c128(0))); break;
    case ICmpInst::ICMP_SLE: reqs.push_back(b_.CreateICmpSLE(hi, c128(0))); break;
    case ICmpInst::ICMP_SGT: reqs.push_back(b_.CreateICmpSGT(lo, c128(0))); break;
    case ICmpInst::ICMP_SGE: reqs.push_back(b_.CreateICmpSGE(lo, c128(0))); break;
    case ICmpInst::ICMP_EQ:
      reqs.push_back(b_.CreateICmpEQ(lo, c128(0)));
      reqs.push_back(b_.CreateICmpEQ(hi, c128(0)));
      break;
    case ICmpInst::ICMP_NE:
      reqs.push_back(b_.CreateOr(b_.CreateICmpSGT(lo, c128(0)), b_.CreateICmpSLT(hi, c128(0))));
      break;
    default: return nullptr;
    }
    return b_.CreateAnd(reqs);
  }

  /// lo >= INT64_MIN and hi <= INT64_MAX: the i64 value is the exact one.
  Value *fits(std::pair<Value *, Value *> r) {
    return b_.CreateAnd(b_.CreateICmpSGE(r.first, c128(APInt::getSignedMinValue(64).sext(128))),
                        b_.CreateICmpSLE(r.second, c128(APInt::getSignedMaxValue(64).sext(128))));
  }

  /// A value used in `block` as an exact affine form. A wrap-around select
  /// of the nest whose condition has the same value on the whole nest is
  /// its chosen arm (the fast copy then uses that arm).
  bool formOf(Value *v, BasicBlock *block, Affine &f, int depth) {
    auto *sel = dyn_cast<SelectInst>(v);
    if (sel && outer_->contains(sel) && isa<ICmpInst>(sel->getCondition())) {
      auto *cond = cast<ICmpInst>(sel->getCondition());
      // Guess the side from the first iteration with every unknown taken
      // as zero: `x < 0` for x = i + k is false, for x = -1 - k true.
      Affine a, c;
      if (!cond->getOperand(0)->getType()->isIntegerTy(64) ||
          !build(se_.getSCEV(cond->getOperand(0)), sel->getParent(), a, 1) ||
          !build(se_.getSCEV(cond->getOperand(1)), sel->getParent(), c, 1))
        return false;
      APInt x = a.constant - c.constant, zero(128, 0);
      bool guess = ICmpInst::compare(x, zero, cond->getPredicate());
      Value *req = decide(cond, guess, sel->getParent(), depth + 1);
      if (!req)
        return false;
      Value *arm = guess ? sel->getTrueValue() : sel->getFalseValue();
      pendingSelects_.emplace_back(sel, arm);
      Affine armForm;
      if (!formOf(arm, block, armForm, depth + 1))
        return false;
      // The arm's own range enters through the compare that uses it; the
      // requirement of the condition is anded in through a zero term.
      f.add(armForm, 1);
      pendingGuards_.push_back(req);
      return true;
    }
    Affine whole;
    if (build(se_.getSCEV(v), block, whole, 1)) {
      f.add(whole, 1);
      return true;
    }
    // A checked sum's value (its overflow bit is proven or tested apart):
    // scalar evolution reads it only below the branch on that bit.
    if (auto *sum = dyn_cast<ExtractValueInst>(v);
        sum && sum->getNumIndices() == 1 && sum->getIndices()[0] == 0 && depth <= 4)
      if (auto *wo = dyn_cast<WithOverflowInst>(sum->getAggregateOperand());
          wo && (wo->getBinaryOp() == Instruction::Add || wo->getBinaryOp() == Instruction::Sub)) {
        Affine lhs, rhs;
        if (!formOf(wo->getLHS(), block, lhs, depth + 1) ||
            !formOf(wo->getRHS(), block, rhs, depth + 1))
          return false;
        f.add(lhs, 1);
        f.add(rhs, wo->getBinaryOp() == Instruction::Add ? 1 : -1);
        return true;
      }
    // InstCombine writes the wrap-around `select (x < 0), x + len, x` as
    // `x + select (x < 0), len, 0`, which scalar evolution cannot read.
    auto *op = dyn_cast<BinaryOperator>(v);
    if (!op || !outer_->contains(op) || depth > 4 ||
        (op->getOpcode() != Instruction::Add && op->getOpcode() != Instruction::Sub))
      return false;
    Affine lhs, rhs;
    if (!formOf(op->getOperand(0), block, lhs, depth + 1) ||
        !formOf(op->getOperand(1), block, rhs, depth + 1))
      return false;
    f.add(lhs, 1);
    f.add(rhs, op->getOpcode() == Instruction::Add ? 1 : -1);
    return true;
  }

  bool build(const SCEV *s, BasicBlock *block, Affine &f, int64_t scale) {
    if (se_.getTypeSizeInBits(s->getType()) != 64 || !smallScale(scale))
      return false;
    if (auto *c = dyn_cast<SCEVConstant>(s)) {
      f.constant += c->getAPInt().sext(128) * APInt(128, scale, true);
      return true;
    }
    if (auto *add = dyn_cast<SCEVAddExpr>(s)) {
      for (const SCEV *op : add->operands())
        if (!build(op, block, f, scale))
          return false;
      return true;
    }
    if (auto *mul = dyn_cast<SCEVMulExpr>(s); mul && mul->getNumOperands() == 2) {
      auto *c = dyn_cast<SCEVConstant>(mul->getOperand(0));
      if (c && c->getAPInt().getSignificantBits() <= 33)
        return build(mul->getOperand(1), block, f, scale * c->getAPInt().getSExtValue());
    }
    if (auto *rec = dyn_cast<SCEVAddRecExpr>(s)) {
      const Loop *l = rec->getLoop();
      auto *step = dyn_cast<SCEVConstant>(rec->getStepRecurrence(se_));
      if (!rec->isAffine() || !step || step->getAPInt().getSignificantBits() > 33 ||
          !outer_->contains(l) || !l->contains(block))
        return false;
      Affine term;
      term.ivs.emplace_back(l, step->getAPInt().getSExtValue());
      f.add(term, scale);
      return build(rec->getStart(), block, f, scale);
    }
    if (!se_.isLoopInvariant(s, outer_) || !expander_.isSafeToExpandAt(s, at_))
      return false;
    f.leaves.emplace_back(s, scale);
    return true;
  }

  /// [lo, hi] of an affine form over the nest's iterations, in i128.
  std::pair<Value *, Value *> range(const Affine &f, BasicBlock *block) {
    Value *lo = c128(f.constant), *hi = lo;
    for (auto [s, c] : f.leaves) {
      if (c == 0)
        continue;
      Value *v = b_.CreateSExt(expander_.expandCodeFor(s, s->getType(), at_->getIterator()), i128());
      v = b_.CreateMul(v, c128(c));
      lo = b_.CreateAdd(lo, v);
      hi = b_.CreateAdd(hi, v);
    }
    for (auto [l, c] : f.ivs) {
      if (c == 0)
        continue;
      Value *last = lastIteration(l, block);
      if (!last)
        return {nullptr, nullptr};
      Value *v = b_.CreateMul(last, c128(c));
      if (c > 0)
        hi = b_.CreateAdd(hi, v);
      else
        lo = b_.CreateAdd(lo, v);
    }
    return {lo, hi};
  }

public:
  /// The exiting block that counts loop l's iterations: it runs on every
  /// iteration (dominates the latch) and its exit count is invariant in
  /// the nest.
  BasicBlock *countingExit(const Loop *l, const SCEV *&count) {
    BasicBlock *latch = l->getLoopLatch();
    if (!latch)
      return nullptr;
    SmallVector<BasicBlock *, 4> exiting;
    l->getExitingBlocks(exiting);
    for (BasicBlock *e : exiting) {
      if (!dt_.dominates(e, latch))
        continue;
      const SCEV *n = se_.getExitCount(l, e);
      if (isa<SCEVCouldNotCompute>(n) || se_.getTypeSizeInBits(n->getType()) > 64 ||
          !se_.isLoopInvariant(n, outer_) || !expander_.isSafeToExpandAt(n, at_))
        continue;
      count = n;
      return e;
    }
    return nullptr;
  }

private:
  /// The largest iteration number at which `block` runs: the exit count,
  /// less one past the counting exit. -1 means never, which bounds nothing
  /// but is never used then.
  Value *lastIteration(const Loop *l, BasicBlock *block) {
    const SCEV *n = nullptr;
    BasicBlock *e = countingExit(l, n);
    if (!e)
      return nullptr;
    Value *last = b_.CreateZExt(expander_.expandCodeFor(n, n->getType(), at_->getIterator()), i128());
    if (e != block && dt_.dominates(e, block))
      last = b_.CreateSub(last, c128(1));
    return last;
  }
};

/// The branch goes to a block outside the nest with a weight that marks it
/// as unlikely (codegen's checks: 1 : 2^20).
bool isCheck(BranchInst *br, Loop *outer) {
  if (!br->isConditional())
    return false;
  bool out0 = !outer->contains(br->getSuccessor(0)), out1 = !outer->contains(br->getSuccessor(1));
  if (out0 == out1)
    return false;
  uint64_t t = 0, f = 0;
  if (!extractBranchWeights(*br, t, f))
    return false;
  uint64_t exit = out0 ? t : f, stay = out0 ? f : t;
  return exit * 1024 < stay;
}

bool versionNest(Function &fn, Loop *outer, LoopInfo &li, DominatorTree &dt, ScalarEvolution &se) {
  BasicBlock *pre = outer->getLoopPreheader();
  // A nest that holds a versioned nest (a filter's body inlined into a
  // whole-array kernel, versioned when the body was optimised alone)
  // already has its unchecked copy: versioning around it again would make
  // a third copy, and the outer test, bounding the whole kernel's loops at
  // once, sent every line of llcc.generic_filter1d's moving average to the
  // checked copy, neither unrolled nor vectorised (1.3x SciPy's time with
  // the same callback; bench/notes.md, 2026-12-03).
  auto versioned = [](Loop *l) { return findStringMetadataForLoop(l, VersionedMark).has_value(); };
  if (!pre || outer->isInnermost() || any_of(outer->getLoopsInPreorder(), versioned))
    return false;
  unsigned size = 0;
  SmallVector<BranchInst *, 8> checks;
  for (BasicBlock *block : outer->blocks()) {
    size += block->size();
    if (auto *br = dyn_cast<BranchInst>(block->getTerminator()); br && isCheck(br, outer))
      checks.push_back(br);
  }
  // LLVM's own passes already move the checks of a single loop out of it;
  // the copy pays only for checks inside an inner loop.
  auto inner = [&](BranchInst *br) { return li.getLoopFor(br->getParent()) != outer; };
  if (size > MaxNestSize || none_of(checks, inner))
    return false;

  Instruction *first = pre->getTerminator()->getPrevNode();
  SmallVector<std::pair<BranchInst *, bool>, 8> proven;
  SmallVector<Value *, 8> reqs;
  SmallVector<std::pair<SelectInst *, Value *>, 4> selectsToFold;
  Value *all = nullptr;
  {
    Versioner v(fn, outer, dt, se);
    const SCEV *count = nullptr;
    BasicBlock *control = v.countingExit(outer, count);
    for (BranchInst *br : checks) {
      if (br->getParent() == control)
        continue;
      if (Value *req = v.neverExits(br)) {
        reqs.push_back(req);
        proven.emplace_back(br, outer->contains(br->getSuccessor(0)));
      }
    }
    if (none_of(proven, [&](auto &p) { return inner(p.first); }))
      proven.clear();
    if (!proven.empty()) {
      IRBuilder<> b(pre->getTerminator());
      all = b.CreateAnd(reqs);
      all->setName("range.ok");
      // The fast copy uses the chosen arm of each wrap-around select.
      selectsToFold = v.selects_;
    }
  }
  if (proven.empty()) {
    // Nothing proven: drop what the attempt emitted.
    while (pre->getTerminator()->getPrevNode() != first) {
      Instruction *dead = pre->getTerminator()->getPrevNode();
      if (!dead->use_empty())
        break;
      dead->eraseFromParent();
    }
    return false;
  }

  formLCSSARecursively(*outer, dt, &li, &se);
  addStringMetadataToLoop(outer, VersionedMark);
  BasicBlock *fastPre = SplitBlock(pre, pre->getTerminator(), &dt, &li, nullptr, "range.fast");
  ValueToValueMapTy vmap;
  SmallVector<BasicBlock *, 32> blocks;
  Loop *checked = cloneLoopWithPreheader(fastPre, pre, outer, vmap, ".checked", &li, &dt, blocks);
  remapInstructionsInBlocks(blocks, vmap);
  // The checked copy runs when a check is about to fire (or the bounds
  // were too loose to tell): it is kept small, so that the copy costs
  // little compile time.
  for (Loop *l : checked->getLoopsInPreorder()) {
    addStringMetadataToLoop(l, "llvm.loop.unroll.disable");
    addStringMetadataToLoop(l, "llvm.loop.vectorize.enable", 0);
  }
  SmallVector<BasicBlock *, 8> exits;
  outer->getUniqueExitBlocks(exits);
  for (BasicBlock *exit : exits)
    for (PHINode &phi : exit->phis())
      for (unsigned i = 0, n = phi.getNumIncomingValues(); i < n; ++i) {
        BasicBlock *from = phi.getIncomingBlock(i);
        if (!outer->contains(from))
          continue;
        Value *value = phi.getIncomingValue(i);
        Value *mapped = vmap.lookup(value);
        phi.addIncoming(mapped ? mapped : value, cast<BasicBlock>(vmap[from]));
      }
  pre->getTerminator()->eraseFromParent();
  BranchInst::Create(fastPre, cast<BasicBlock>(vmap[fastPre]), all, pre);
  for (auto [br, stay] : proven)
    br->setCondition(ConstantInt::getBool(fn.getContext(), stay));
  for (auto [sel, arm] : selectsToFold)
    sel->replaceAllUsesWith(arm);
  return true;
}

} // namespace

PreservedAnalyses VersionRangeChecks::run(Function &fn, FunctionAnalysisManager &fam) {
  if (fn.hasFnAttribute(PixelKernelAttr) || fn.getInstructionCount() > HugeFunction)
    return PreservedAnalyses::all();
  bool changed = false;
  // One nest at a time, each with fresh analyses (the copy changes the CFG).
  for (unsigned round = 0; round < 16; ++round) {
    LoopInfo &li = fam.getResult<LoopAnalysis>(fn);
    if (none_of(li, [](Loop *l) { return !l->isInnermost(); }))
      break; // no nest: scalar evolution is not even asked
    DominatorTree &dt = fam.getResult<DominatorTreeAnalysis>(fn);
    ScalarEvolution &se = fam.getResult<ScalarEvolutionAnalysis>(fn);
    bool did = false;
    for (Loop *outer : li)
      if ((did = versionNest(fn, outer, li, dt, se)))
        break;
    if (!did)
      break;
    changed = true;
    fam.invalidate(fn, PreservedAnalyses::none());
  }
  return changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace llcc
