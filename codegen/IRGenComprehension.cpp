//===- IRGenComprehension.cpp - Comprehensions of several `for` clauses ----===//
//
// `[a * b for a in x for b in y if a != b]` and the generator forms inside
// sum, len, any, all, min, max, sorted, list and set. Python nests the
// clauses as loops, left to right: each later iterable is evaluated inside
// the loops before it (it may read their variables), and each `if` filters
// at its own level. A single-clause comprehension keeps its random-access
// lowering (IRGenContainers.cpp); one of several clauses has no length known
// before it runs, so consumers that need a stored list get its kept
// elements appended to an arena buffer that grows by doubling, and sum,
// len, any and all run the nested loops directly and store nothing.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

#include <algorithm>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

IRGen::ClauseSource IRGen::clauseSource(const Expr &target, int local, const Expr &iter) {
  auto *call = dyn_cast<CallExpr>(&iter);
  bool iterator = call && !call->target &&
                  (call->builtin == "enumerate" || call->builtin == "zip" ||
                   call->builtin == "reversed");
  if (!isa<NameExpr>(&target) || iter.type == Type::Tuple || iter.type == Type::TupleList ||
      iterator) {
    Iterable it = genIterable(iter);
    const Expr *t = &target;
    return {it.len, [this, it, t](llvm::Value *i) {
              genUnpack(*t, it.at(i), it.type, it.shape, t->loc());
            }};
  }
  if (isWindow(iter)) // its rows, as genWindowFor binds them
    return windowRows(iter, [this, local, &iter](llvm::Value *row) {
      storeLocal(local, row, iter.type);
    });
  ArrayGen src = genArray(iter); // range(...) included
  return {src.len, [this, src, local](llvm::Value *i) { storeLocal(local, src.at(i), src.elem); }};
}

/// The clauses of `c` become nested loops: clause k's iterable evaluated in
/// the body of clause k-1, its target stored, its conditions branching to
/// the next element; `body` runs for each kept combination.
void IRGen::forComprehension(const ComprehensionExpr &c, const std::function<void()> &body) {
  struct Level {
    const Expr *target;
    const Expr *iter;
    const std::vector<ExprPtr> *conds;
    int local;
  };
  std::vector<Level> levels{{c.target.get(), c.iter.get(), &c.conds, c.localIndex}};
  for (const ComprehensionClause &clause : c.inner)
    levels.push_back({clause.target.get(), clause.iter.get(), &clause.conds, clause.localIndex});
  std::function<void(size_t)> emit = [&](size_t k) {
    if (k == levels.size())
      return body();
    const Level &level = levels[k];
    ClauseSource src = clauseSource(*level.target, level.local, *level.iter);
    forRange(i64(0), src.len, [&](llvm::Value *i) {
      src.bind(i);
      llvm::BasicBlock *skip = newBlock("comp.skip");
      for (auto &cond : *level.conds) {
        llvm::BasicBlock *next = newBlock("comp.if");
        b_.CreateCondBr(truthy(genExpr(*cond), cond->type), next, skip);
        b_.SetInsertPoint(next);
      }
      emit(k + 1);
      b_.CreateBr(skip);
      b_.SetInsertPoint(skip);
    });
  };
  emit(0);
}

/// A comprehension of several clauses becomes its kept elements in a new
/// arena list, grown by doubling as they come.
llvm::Value *IRGen::genNestedComprehension(const ComprehensionExpr &c) {
  Type elem = elementType(c.type);
  llvm::AllocaInst *data = entryAlloca(b_.getPtrTy(), "comp.data");
  llvm::AllocaInst *len = entryAlloca(b_.getInt64Ty(), "comp.len");
  llvm::AllocaInst *cap = entryAlloca(b_.getInt64Ty(), "comp.cap");
  llvm::Value *first = allocArray(i64(8), elem, c.loc());
  b_.CreateStore(b_.CreateExtractValue(first, 0), data);
  b_.CreateStore(i64(0), len);
  b_.CreateStore(i64(8), cap);
  forComprehension(c, [&] {
    llvm::Value *x = genExprAs(*c.element, elem);
    llvm::Value *n = b_.CreateLoad(b_.getInt64Ty(), len);
    llvm::Value *capacity = b_.CreateLoad(b_.getInt64Ty(), cap);
    llvm::BasicBlock *grow = newBlock("comp.grow"), *store = newBlock("comp.store");
    b_.CreateCondBr(b_.CreateICmpSLT(n, capacity), store, grow);
    b_.SetInsertPoint(grow);
    llvm::Value *old = makeArray(b_.CreateLoad(b_.getPtrTy(), data), n, i64(1));
    llvm::Value *bigger = allocArray(b_.CreateMul(capacity, i64(2)), elem, c.loc());
    forRange(i64(0), n, [&](llvm::Value *i) {
      storeElement(bigger, i, loadElement(old, i, elem), elem);
    });
    b_.CreateStore(b_.CreateExtractValue(bigger, 0), data);
    b_.CreateStore(b_.CreateMul(capacity, i64(2)), cap);
    b_.CreateBr(store);
    b_.SetInsertPoint(store);
    llvm::Value *list = makeArray(b_.CreateLoad(b_.getPtrTy(), data), n, i64(1));
    storeElement(list, n, x, elem);
    b_.CreateStore(b_.CreateAdd(n, i64(1)), len);
  });
  return makeArray(b_.CreateLoad(b_.getPtrTy(), data), b_.CreateLoad(b_.getInt64Ty(), len),
                   i64(1));
}

/// sum, len, any and all of a comprehension of several clauses become the
/// nested loops with the consumer inline; any/all leave every loop at the
/// element that decides them, as Python stops the generator there.
bool IRGen::genFusedNested(const CallExpr &e, const ComprehensionExpr &c, llvm::Value *&out) {
  const std::string &name = e.builtin;
  bool anyAll = name == "any" || name == "all";
  // any/all of a list comprehension compute every element first.
  if ((anyAll && !c.generator) || (!anyAll && name != "sum" && name != "len"))
    return false;
  Type elem = elementType(c.type);
  Type accType = sumAccType(e, elem);
  llvm::AllocaInst *acc = entryAlloca(llvmType(accType), "fused.acc");
  llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "fused.kept");
  llvm::AllocaInst *decided = entryAlloca(b_.getInt1Ty(), "fused.decided");
  b_.CreateStore(sumStartValue(e, accType), acc);
  b_.CreateStore(i64(0), kept);
  b_.CreateStore(b_.getInt1(name == "all"), decided);
  llvm::BasicBlock *done = newBlock("fused.done");
  forComprehension(c, [&] {
    if (anyAll) {
      llvm::Value *t = truthy(genExpr(*c.element), c.element->type);
      llvm::BasicBlock *stop = newBlock("fused.stop"), *go = newBlock("fused.go");
      // any: stop at the first true element; all: at the first false one.
      b_.CreateCondBr(name == "any" ? t : b_.CreateNot(t), stop, go);
      b_.SetInsertPoint(stop);
      b_.CreateStore(b_.getInt1(name == "any"), decided);
      b_.CreateBr(done);
      b_.SetInsertPoint(go);
    } else {
      fusedKeep(e, *c.element, accType, acc, kept);
    }
  });
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  if (anyAll) {
    out = b_.CreateLoad(b_.getInt1Ty(), decided);
    return true;
  }
  out = fusedTotal(e, accType, acc, kept);
  return true;
}

void IRGen::fusedKeep(const CallExpr &e, const Expr &element, Type accType, llvm::Value *acc,
                      llvm::Value *kept) {
  llvm::Value *k = b_.CreateLoad(b_.getInt64Ty(), kept);
  b_.CreateStore(b_.CreateAdd(k, i64(1)), kept);
  if (e.builtin != "sum") {
    genExpr(element); // computed (and its errors raised) as Python does
    return;
  }
  llvm::Value *x = genExprAs(element, accType);
  llvm::Value *cur = b_.CreateLoad(llvmType(accType), acc);
  b_.CreateStore(accType == Type::Float ? b_.CreateFAdd(cur, x)
                                        : genIntArith(BinaryOp::Add, cur, x, e.loc()),
                 acc);
}

llvm::Value *IRGen::fusedTotal(const CallExpr &e, Type accType, llvm::Value *acc,
                               llvm::Value *kept) {
  llvm::Value *count = b_.CreateLoad(b_.getInt64Ty(), kept);
  if (e.builtin == "len")
    return count;
  llvm::Value *sum = b_.CreateLoad(llvmType(accType), acc);
  if (e.type == Type::IntOrFloat && accType == Type::Float)
    return b_.CreateSelect(b_.CreateICmpEQ(count, i64(0)),
                           intNumber(sumStarts_.count(&e) ? sumStarts_[&e] : i64(0)), floatNumber(sum));
  return convert(sum, accType, e.type);
}

/// The accumulator of sum(): a float where the elements or sum(it, start)'s
/// start are floats (start + x is then float(start) + x, as CPython adds an
/// int and a float), else an int.
Type IRGen::sumAccType(const CallExpr &e, Type elem) {
  bool floatStart = e.builtin == "sum" && e.args.size() == 2 && e.args[1]->type == Type::Float;
  return elem == Type::Float || floatStart ? Type::Float : Type::Int;
}

/// The accumulator's first value: the int 0, or sum(it, start)'s start,
/// evaluated once before the first element (an int start is kept in
/// sumStarts_ for the result of an empty float sum, which is that int).
llvm::Value *IRGen::sumStartValue(const CallExpr &e, Type accType) {
  if (e.builtin != "sum" || e.args.size() != 2)
    return accType == Type::Float ? static_cast<llvm::Value *>(f64(0.0)) : i64(0);
  const Expr &s = *e.args[1];
  if (s.type == Type::Float)
    return genExprAs(s, Type::Float);
  llvm::Value *v = genExprAs(s, Type::Int);
  sumStarts_[&e] = v;
  return accType == Type::Float ? convert(v, Type::Int, Type::Float) : v;
}

} // namespace llcc
