//===- SlidingSums.cpp - Integer window sums shared between pixels --------===//
//
// A counting filter (`if v > threshold: n += 1`, `np.count_nonzero(values >
// t)`, `sum(1 for v in values if v > t)` over a 9x9 window), once the
// kernel's neighbourhood is unrolled, computes for each pixel x
//
//   h( sum over rows r, columns k < w of g(in[row_r + x + k]) )
//
// with g an integer-valued function of the element alone (a compare and a
// zero-extension) and h the conversion of the count to the output. Pixel
// x + 1 shares w - 1 columns with pixel x, so the kernel can compute each
// column's sum col(y) = sum_r g(in[row_r + y]) once and each pixel as
// sum_k col(x + k): w compares and 2w additions per pixel instead of w*w
// of each. Integer addition wraps and is associative and commutative, so
// the regrouped sum has the same bits; h sees the same value.
//
// The pass works on the IR the kernel pipeline has made of the body
// (Optimizer.cpp, after the unrolling and BalanceIntegerSums), so every
// source form that reaches the same IR is recognised, and it checks what
// makes the rewrite exact rather than trusting the source:
//   - the pixel loop is one block with one induction variable (step 1) and
//     one store, to a noalias argument the loads are not based on (the
//     kernel's output; the caller never lets it overlap the input), and no
//     other instruction with side effects, so no error path and no call;
//   - every instruction depending on more than one load is a node of one
//     tree of integer additions, or depends on loads only through its root
//     (h); every leaf depends on one load (or on none: added per pixel);
//   - the leaves of each load are the same operations (g) on it and on
//     loop-invariant values only (never on the pixel's position);
//   - the loads' addresses advance by one common step per pixel and group
//     into rows whose elements are w consecutive steps apart, w >= 2 and
//     the same in every row (a box, a line; a disk's rows differ in width
//     and it is left alone).
// The new code reads exactly the addresses the loop read: column y of a
// chunk's first n pixels through row r's first element at pixel y, the
// last w - 1 columns through the other elements at the chunk's last
// pixel. Each instruction is a copy of the original's at a pixel the loop
// ran, so its flags (nsw, inbounds) still hold.
//
//===----------------------------------------------------------------------===//
#include "SlidingSums.h"

#include "Backend.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <functional>
#include <map>
#include <optional>

using namespace llvm;

namespace llcc {

namespace {

/// What an instruction of the loop depends on: no load, one load (its
/// index), or several.
constexpr int NoLoad = -1, ManyLoads = -2;

bool isIntAdd(const Value *v) {
  auto *op = dyn_cast<BinaryOperator>(v);
  return op && op->getOpcode() == Instruction::Add && op->getType()->isIntegerTy();
}

/// v as (condition, value if true, value if false) when it is a select or
/// the zero-extension of a condition.
bool asChoice(Value *v, Value *&c, Value *&t, Value *&f) {
  if (auto *sel = dyn_cast<SelectInst>(v)) {
    c = sel->getCondition(), t = sel->getTrueValue(), f = sel->getFalseValue();
    return true;
  }
  if (auto *ext = dyn_cast<ZExtInst>(v); ext && ext->getSrcTy()->isIntegerTy(1)) {
    c = ext->getOperand(0);
    t = ConstantInt::get(ext->getType(), 1), f = ConstantInt::get(ext->getType(), 0);
    return true;
  }
  return false;
}

/// t - f when it is one constant whatever the conditions inside them are
/// (`c ? 2 : 1` minus `zext c` is 1), else nothing.
std::optional<APInt> constantDifference(Value *t, Value *f, unsigned depth = 0) {
  if (t == f)
    return APInt(t->getType()->getIntegerBitWidth(), 0);
  auto *ct = dyn_cast<ConstantInt>(t), *cf = dyn_cast<ConstantInt>(f);
  if (ct && cf)
    return ct->getValue() - cf->getValue();
  if (depth > 4)
    return std::nullopt;
  // An addition of a constant (either operand): x + k.
  auto plusConstant = [](Value *v, Value *&x) -> ConstantInt * {
    if (!isIntAdd(v))
      return nullptr;
    auto *add = cast<Instruction>(v);
    for (unsigned i = 0; i < 2; ++i)
      if (auto *k = dyn_cast<ConstantInt>(add->getOperand(i))) {
        x = add->getOperand(1 - i);
        return k;
      }
    return nullptr;
  };
  // Poison: where f is poison, t must be too, as the rewrite reads only f
  // and the condition. So f's additions carry no wrap flags, and f is a
  // choice only where t is one on the same condition.
  Value *x;
  if (ConstantInt *k = plusConstant(t, x))
    if (auto d = constantDifference(x, f, depth + 1))
      return *d + k->getValue();
  if (ConstantInt *k = plusConstant(f, x))
    if (!cast<Instruction>(f)->hasNoSignedWrap() && !cast<Instruction>(f)->hasNoUnsignedWrap())
      if (auto d = constantDifference(t, x, depth + 1))
        return *d - k->getValue();
  Value *c1, *t1, *f1, *c2, *t2, *f2;
  bool choiceT = asChoice(t, c1, t1, f1), choiceF = asChoice(f, c2, t2, f2);
  auto same = [](std::optional<APInt> a, std::optional<APInt> b) {
    return a && b && *a == *b ? a : std::nullopt;
  };
  if (choiceT && choiceF && c1 == c2)
    return same(constantDifference(t1, t2, depth + 1), constantDifference(f1, f2, depth + 1));
  if (choiceT)
    return same(constantDifference(t1, f, depth + 1), constantDifference(f1, f, depth + 1));
  return std::nullopt;
}

/// The optimiser folds the first additions of a count into selects
/// (`n = c1; n = c2 ? n + 1 : n` becomes `c2 ? (c1 ? 2 : 1) : zext c1`);
/// `c ? t : f` with t - f a constant k becomes `f + (c ? k : 0)` again, so
/// every element's term is its own leaf of the sum. Same values.
void unfoldCountSelects(BasicBlock &block) {
  for (Instruction &inst : make_early_inc_range(block)) {
    auto *sel = dyn_cast<SelectInst>(&inst);
    if (!sel || !sel->getType()->isIntegerTy() || !sel->getCondition()->getType()->isIntegerTy(1))
      continue;
    std::optional<APInt> k = constantDifference(sel->getTrueValue(), sel->getFalseValue());
    if (!k || k->isZero())
      continue;
    IRBuilder<> b(sel);
    Value *term = k->isOne() ? b.CreateZExt(sel->getCondition(), sel->getType())
                             : b.CreateSelect(sel->getCondition(), b.getInt(*k),
                                              ConstantInt::get(sel->getType(), 0));
    Value *sum = b.CreateAdd(sel->getFalseValue(), term);
    sum->takeName(sel);
    sel->replaceAllUsesWith(sum);
    RecursivelyDeleteTriviallyDeadInstructions(sel);
  }
}

/// One pixel loop and what the rewrite needs of it.
class SlidingLoop {
public:
  SlidingLoop(Loop &loop, ScalarEvolution &se) : loop(loop), se(se) {}

  /// Whether the loop has the shape the header describes; fills the plan.
  bool analyse();
  /// Replaces the loop by the chunked column and window loops.
  void rewrite();

private:
  Loop &loop;
  ScalarEvolution &se;
  BasicBlock *body = nullptr, *preheader = nullptr, *exit = nullptr;
  PHINode *iv = nullptr;
  StoreInst *store = nullptr;
  SmallVector<LoadInst *, 96> loads;
  DenseMap<const Instruction *, int> deps;
  Instruction *root = nullptr;
  /// The leaves of the sum per load, and those depending on no load.
  std::vector<SmallVector<Value *, 2>> leaves;
  SmallVector<Value *, 4> pixelLeaves;
  /// rows[r][k]: the load of row r at column k.
  std::vector<std::vector<unsigned>> rows;
  unsigned width = 0;
  const SCEV *backedges = nullptr;

  int depOf(const Value *v) const {
    auto *inst = dyn_cast<Instruction>(v);
    if (!inst || inst->getParent() != body)
      return NoLoad;
    auto it = deps.find(inst);
    return it == deps.end() ? NoLoad : it->second;
  }
  bool scanBody();
  bool findSum();
  bool sameFunction(Value *a, Value *b, LoadInst *la, LoadInst *lb) const;
  bool groupRows();
  Value *copyOf(Value *v, ValueToValueMapTy &map, IRBuilder<> &b) const;
  Value *elementTerm(unsigned load, Value *pixel, IRBuilder<> &b) const;
  Value *sumOf(ArrayRef<Value *> terms, IRBuilder<> &b) const;
};

/// One block, one induction variable of step 1, a computable trip count,
/// nothing defined inside used outside.
bool SlidingLoop::analyse() {
  body = loop.getHeader();
  preheader = loop.getLoopPreheader();
  exit = loop.getExitBlock();
  if (loop.getNumBlocks() != 1 || !preheader || !exit || loop.getLoopLatch() != body)
    return false;
  unfoldCountSelects(*body);
  for (PHINode &phi : body->phis()) {
    if (iv)
      return false;
    iv = &phi;
  }
  if (!iv || !iv->getType()->isIntegerTy())
    return false;
  auto *rec = dyn_cast<SCEVAddRecExpr>(se.getSCEV(iv));
  if (!rec || rec->getLoop() != &loop || !rec->isAffine() || !rec->getStepRecurrence(se)->isOne())
    return false;
  backedges = se.getBackedgeTakenCount(&loop);
  if (isa<SCEVCouldNotCompute>(backedges) ||
      !SCEVExpander(se, body->getModule()->getDataLayout(), "sliding").isSafeToExpand(backedges))
    return false;
  for (Instruction &inst : *body)
    for (User *user : inst.users())
      if (cast<Instruction>(user)->getParent() != body)
        return false;
  return scanBody() && findSum() && groupRows();
}

/// Every instruction's load dependence; loads and the one store checked.
bool SlidingLoop::scanBody() {
  for (Instruction &inst : *body) {
    if (&inst == iv || inst.isTerminator())
      continue;
    if (auto *ld = dyn_cast<LoadInst>(&inst)) {
      if (!ld->isSimple() || depOf(ld->getPointerOperand()) != NoLoad)
        return false;
      deps[ld] = static_cast<int>(loads.size());
      loads.push_back(ld);
      continue;
    }
    if (auto *st = dyn_cast<StoreInst>(&inst)) {
      if (store || !st->isSimple() || depOf(st->getPointerOperand()) != NoLoad)
        return false;
      store = st;
      continue;
    }
    if (inst.mayHaveSideEffects() || inst.mayReadOrWriteMemory() || isa<PHINode>(inst))
      return false;
    int dep = NoLoad;
    for (Value *op : inst.operands()) {
      int d = depOf(op);
      if (d == NoLoad || d == dep)
        continue;
      dep = dep == NoLoad ? d : ManyLoads;
    }
    deps[&inst] = dep;
  }
  if (!store || loads.size() < 2)
    return false;
  // The store may move after later pixels' loads: it must not alias them.
  // The kernel's output and input are distinct noalias arguments.
  auto *outArg = dyn_cast<Argument>(getUnderlyingObject(store->getPointerOperand()));
  if (!outArg || !outArg->hasNoAliasAttr())
    return false;
  for (LoadInst *ld : loads) {
    auto *inArg = dyn_cast<Argument>(getUnderlyingObject(ld->getPointerOperand()));
    if (!inArg || inArg == outArg || !inArg->hasNoAliasAttr() ||
        ld->getType() != loads[0]->getType())
      return false;
  }
  return true;
}

/// The integer tree every multi-load value is part of, or a function of
/// its root only; its leaves sorted by load.
bool SlidingLoop::findSum() {
  // From the stored value down through the multi-load values to the
  // first integer addition: the root. Everything passed is h.
  SmallPtrSet<Instruction *, 16> above;
  SmallVector<Instruction *, 16> work;
  auto visit = [&](Value *v) {
    if (depOf(v) != ManyLoads)
      return true;
    auto *inst = cast<Instruction>(v);
    if (isIntAdd(inst)) {
      if (root && root != inst)
        return false;
      root = inst;
      return true;
    }
    if (above.insert(inst).second)
      work.push_back(inst);
    return true;
  };
  if (!visit(store->getValueOperand()))
    return false;
  while (!work.empty()) {
    Instruction *inst = work.pop_back_val();
    for (Value *op : inst->operands()) {
      int d = depOf(op);
      if ((d >= 0) || !visit(op))
        return false; // h would see an element other than through the sum
    }
  }
  if (!root)
    return false;
  // The tree: one-use additions below the root; leaves by load.
  leaves.assign(loads.size(), {});
  unsigned nodes = 0;
  SmallVector<Value *, 96> stack{root};
  while (!stack.empty()) {
    Value *v = stack.pop_back_val();
    int d = depOf(v);
    auto *inst = dyn_cast<Instruction>(v);
    if (d == ManyLoads) {
      if (!isIntAdd(inst) || (inst != root && !inst->hasOneUse()) ||
          inst->getType() != root->getType())
        return false;
      ++nodes;
      stack.push_back(inst->getOperand(1));
      stack.push_back(inst->getOperand(0));
    } else if (d == NoLoad) {
      pixelLeaves.push_back(v);
    } else {
      leaves[d].push_back(v);
    }
  }
  // No other multi-load value, and one-load values feed only their own
  // load's leaves (the tree or themselves).
  unsigned many = 0;
  for (auto &[inst, d] : deps) {
    many += d == ManyLoads;
    if (d < 0)
      continue;
    for (const User *user : inst->users()) {
      int u = depOf(user);
      if (u != d && !(u == ManyLoads && isIntAdd(user)))
        return false;
    }
  }
  if (many != nodes + above.size())
    return false;
  for (unsigned e = 0; e < loads.size(); ++e) {
    if (leaves[e].empty() || leaves[e].size() != leaves[0].size())
      return false;
    for (unsigned i = 0; i < leaves[e].size(); ++i)
      if (!sameFunction(leaves[0][i], leaves[e][i], loads[0], loads[e]))
        return false;
  }
  return true;
}

/// Whether `a` computes of load `la` what `b` computes of `lb`, with the
/// same loop-invariant operands and nothing of the pixel's position.
bool SlidingLoop::sameFunction(Value *a, Value *b, LoadInst *la, LoadInst *lb) const {
  if (a == la || b == lb)
    return a == la && b == lb;
  auto *ia = dyn_cast<Instruction>(a);
  auto *ib = dyn_cast<Instruction>(b);
  bool insideA = ia && ia->getParent() == body, insideB = ib && ib->getParent() == body;
  if (!insideA || !insideB)
    return !insideA && !insideB && a == b;
  if (depOf(ia) < 0 || depOf(ib) < 0 || !ia->isSameOperationAs(ib) ||
      ia->getRawSubclassOptionalData() != ib->getRawSubclassOptionalData())
    return false;
  for (unsigned i = 0; i < ia->getNumOperands(); ++i)
    if (!sameFunction(ia->getOperand(i), ib->getOperand(i), la, lb))
      return false;
  return true;
}

/// Rows of w consecutive steps, the same w in each.
bool SlidingLoop::groupRows() {
  const SCEV *step = nullptr;
  std::vector<const SCEV *> starts;
  for (LoadInst *ld : loads) {
    auto *rec = dyn_cast<SCEVAddRecExpr>(se.getSCEV(ld->getPointerOperand()));
    if (!rec || rec->getLoop() != &loop || !rec->isAffine())
      return false;
    const SCEV *s = rec->getStepRecurrence(se);
    if (!isa<SCEVConstant>(s) || s->isZero() || (step && s != step))
      return false;
    step = s;
    starts.push_back(rec->getStart());
  }
  const APInt &stride = cast<SCEVConstant>(step)->getAPInt();
  // Each row: its first load and, per load, the column in steps.
  std::vector<std::map<int64_t, unsigned>> columns;
  std::vector<unsigned> firsts;
  for (unsigned e = 0; e < loads.size(); ++e) {
    bool placed = false;
    for (unsigned r = 0; r < firsts.size() && !placed; ++r) {
      auto *d = dyn_cast<SCEVConstant>(se.getMinusSCEV(starts[e], starts[firsts[r]]));
      if (!d)
        continue;
      APInt q, rem;
      APInt::sdivrem(d->getAPInt().sextOrTrunc(64), stride.sextOrTrunc(64), q, rem);
      if (!rem.isZero() || !columns[r].emplace(q.getSExtValue(), e).second)
        return false;
      placed = true;
    }
    if (!placed) {
      firsts.push_back(e);
      columns.push_back({{0, e}});
    }
  }
  width = static_cast<unsigned>(columns[0].size());
  if (width < 2)
    return false;
  for (auto &row : columns) {
    if (row.size() != width || row.rbegin()->first - row.begin()->first != int64_t(width) - 1)
      return false;
    rows.emplace_back();
    for (auto &[column, e] : row)
      rows.back().push_back(e);
  }
  return true;
}

/// `v` as computed from the values in `map` (the pixel, the sum): a copy
/// of each loop instruction it depends on, before the builder's point.
Value *SlidingLoop::copyOf(Value *v, ValueToValueMapTy &map, IRBuilder<> &b) const {
  auto found = map.find(v);
  if (found != map.end())
    return found->second;
  auto *inst = dyn_cast<Instruction>(v);
  if (!inst || inst->getParent() != body)
    return v;
  assert(inst != iv && "the pixel is always mapped");
  Instruction *copy = inst->clone();
  for (unsigned i = 0; i < inst->getNumOperands(); ++i)
    copy->setOperand(i, copyOf(inst->getOperand(i), map, b));
  b.Insert(copy, inst->getName());
  map[v] = copy;
  return copy;
}

/// g of load `load` at induction value `pixel`: the sum of its leaves.
Value *SlidingLoop::elementTerm(unsigned load, Value *pixel, IRBuilder<> &b) const {
  ValueToValueMapTy map;
  map[iv] = pixel;
  SmallVector<Value *, 2> terms;
  for (Value *leaf : leaves[load])
    terms.push_back(copyOf(leaf, map, b));
  return sumOf(terms, b);
}

/// A balanced tree of wrapping additions (any grouping gives the same bits).
Value *SlidingLoop::sumOf(ArrayRef<Value *> terms, IRBuilder<> &b) const {
  if (terms.empty())
    return ConstantInt::get(root->getType(), 0);
  if (terms.size() == 1)
    return terms[0];
  size_t half = terms.size() / 2;
  return b.CreateAdd(sumOf(terms.take_front(half), b), sumOf(terms.drop_front(half), b),
                     "sliding.sum");
}

void SlidingLoop::rewrite() {
  Function &fn = *body->getParent();
  LLVMContext &ctx = fn.getContext();
  Type *ivTy = iv->getType(), *sumTy = root->getType();
  const unsigned chunk = SlidingWindowSums::Chunk;
  IRBuilder<> b(&*fn.getEntryBlock().getFirstInsertionPt());
  AllocaInst *cols =
      b.CreateAlloca(ArrayType::get(sumTy, chunk + width - 1), nullptr, "sliding.cols");

  // The trip count and first pixel, before the loop.
  b.SetInsertPoint(preheader->getTerminator());
  SCEVExpander expander(se, fn.getParent()->getDataLayout(), "sliding");
  Value *trips = b.CreateAdd(expander.expandCodeFor(se.getTruncateOrZeroExtend(backedges, ivTy),
                                                    ivTy, preheader->getTerminator()),
                             ConstantInt::get(ivTy, 1), "sliding.trips");
  Value *first = iv->getIncomingValueForBlock(preheader);

  auto *head = BasicBlock::Create(ctx, "sliding.chunk", &fn, body);
  auto *colLoop = BasicBlock::Create(ctx, "sliding.columns", &fn, body);
  auto *colTail = BasicBlock::Create(ctx, "sliding.columns.tail", &fn, body);
  auto *winLoop = BasicBlock::Create(ctx, "sliding.windows", &fn, body);
  auto *latch = BasicBlock::Create(ctx, "sliding.chunk.next", &fn, body);
  preheader->getTerminator()->replaceUsesOfWith(body, head);
  for (PHINode &phi : exit->phis())
    phi.addIncoming(phi.getIncomingValueForBlock(body), latch);

  // A chunk: n = min(left, chunk) pixels from `base`.
  b.SetInsertPoint(head);
  PHINode *done = b.CreatePHI(ivTy, 2, "sliding.done");
  Value *left = b.CreateSub(trips, done);
  Value *more = b.CreateICmpUGT(left, ConstantInt::get(ivTy, chunk));
  Value *n = b.CreateSelect(more, ConstantInt::get(ivTy, chunk), left, "sliding.n");
  Value *base = b.CreateAdd(first, done, "sliding.base");
  b.CreateBr(colLoop);

  auto countedLoop = [&](BasicBlock *block, BasicBlock *from, BasicBlock *next,
                         const std::function<void(Value *)> &emit) {
    b.SetInsertPoint(block);
    PHINode *j = b.CreatePHI(ivTy, 2, "sliding.j");
    j->addIncoming(ConstantInt::get(ivTy, 0), from);
    emit(j);
    Value *j1 = b.CreateAdd(j, ConstantInt::get(ivTy, 1), "", true, true);
    j->addIncoming(j1, block);
    b.CreateCondBr(b.CreateICmpEQ(j1, n), next, block);
  };
  auto colSlot = [&](Value *j) { return b.CreateGEP(sumTy, cols, j); };

  // Column j of the chunk: each row's first element at pixel base + j.
  countedLoop(colLoop, head, colTail, [&](Value *j) {
    Value *pixel = b.CreateAdd(base, j);
    SmallVector<Value *, 16> terms;
    for (auto &row : rows)
      terms.push_back(elementTerm(row[0], pixel, b));
    b.CreateStore(sumOf(terms, b), colSlot(j));
  });
  // The last w - 1 columns: the other elements at the chunk's last pixel.
  b.SetInsertPoint(colTail);
  Value *lastPixel = b.CreateSub(b.CreateAdd(base, n), ConstantInt::get(ivTy, 1));
  for (unsigned k = 1; k < width; ++k) {
    SmallVector<Value *, 16> terms;
    for (auto &row : rows)
      terms.push_back(elementTerm(row[k], lastPixel, b));
    b.CreateStore(sumOf(terms, b), colSlot(b.CreateAdd(n, ConstantInt::get(ivTy, k - 1))));
  }
  b.CreateBr(winLoop);
  // Pixel base + j: w columns, the per-pixel leaves, then h and the store.
  countedLoop(winLoop, colTail, latch, [&](Value *j) {
    ValueToValueMapTy map;
    map[iv] = b.CreateAdd(base, j);
    SmallVector<Value *, 16> terms;
    for (unsigned k = 0; k < width; ++k)
      terms.push_back(b.CreateLoad(sumTy, colSlot(b.CreateAdd(j, ConstantInt::get(ivTy, k)))));
    for (Value *leaf : pixelLeaves)
      terms.push_back(copyOf(leaf, map, b));
    map[root] = sumOf(terms, b);
    copyOf(store, map, b);
  });
  b.SetInsertPoint(latch);
  done->addIncoming(ConstantInt::get(ivTy, 0), preheader);
  done->addIncoming(b.CreateAdd(done, ConstantInt::get(ivTy, chunk)), latch);
  b.CreateCondBr(more, head, exit);
  // The old loop is unreachable now.
  body->removePredecessor(preheader);
}

} // namespace

PreservedAnalyses SlidingWindowSums::run(Function &fn, FunctionAnalysisManager &fam) {
  if (!fn.hasFnAttribute(PixelKernelAttr))
    return PreservedAnalyses::all();
  bool changed = false;
  // One loop at a time, with fresh analyses after each rewrite.
  for (bool again = true; again;) {
    again = false;
    LoopInfo &loops = fam.getResult<LoopAnalysis>(fn);
    ScalarEvolution &se = fam.getResult<ScalarEvolutionAnalysis>(fn);
    for (Loop *loop : loops.getLoopsInPreorder()) {
      if (!loop->isInnermost())
        continue;
      SlidingLoop sliding(*loop, se);
      if (!sliding.analyse())
        continue;
      sliding.rewrite();
      EliminateUnreachableBlocks(fn);
      fam.invalidate(fn, PreservedAnalyses::none());
      changed = again = true;
      break;
    }
  }
  return changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace llcc
