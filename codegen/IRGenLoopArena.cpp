//===- IRGenLoopArena.cpp - per-iteration arena storage of loops ----------===//
//
// Containers and arrays a loop body creates (`d = {}`, `s = set()`, `lst =
// [...]`, `m = values[values > t]`) come from the per-call arena, which only
// grows until the call returns: a loop running 10**6 times and making a
// dict each time would hold 10**6 dicts. When nothing the body allocates
// can be reached after its iteration ends, the body's allocations are
// released at the end of every iteration: the arena's position is saved
// when the body starts and restored (freeing the heap chunks taken since)
// where the iteration ends, on the fall-through and `continue` paths.
// `break` and `return` leave without releasing (what they carry stays
// valid), so memory per call is bounded by the live data.
//
// Whether the body's allocations die with the iteration is decided from
// the AST, conservatively: every non-scalar local the body assigns must be
// "iteration-local" (used only inside the body, and first assigned by a
// plain top-level `x = ...` of the body before any read, so no value
// survives into the next iteration), every container it mutates
// (append, d[k] = v, ...) must be iteration-local too, no container of an
// outer scope may be handed to a helper, and no nested `def` (whose
// captures are read at its calls) may be called. Anything else keeps the
// old behaviour: the arena grows until the call returns.
//
//===----------------------------------------------------------------------===//

#include "IRGenImpl.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace llcc {

using llvm::cast;
using llvm::dyn_cast;
using llvm::dyn_cast_or_null;

namespace {

bool scalarKind(Type t) {
  switch (t) {
  case Type::Bool:
  case Type::Int:
  case Type::Float:
  case Type::IntOrFloat:
  case Type::None:
  case Type::Module:
  case Type::Function:
    return true;
  default:
    return false;
  }
}

bool growable(Type t) {
  return t == Type::FloatList || t == Type::IntList || t == Type::ArrayList ||
         t == Type::TupleList ||
         t == Type::Dict || t == Type::Set;
}

/// Calls `f` on `e` and every expression below it (lambda bodies and
/// comprehension clauses included).
void walkExpr(const Expr *e, const std::function<void(const Expr &)> &f) {
  if (!e)
    return;
  f(*e);
  auto all = [&](const std::vector<ExprPtr> &xs) {
    for (const ExprPtr &x : xs)
      walkExpr(x.get(), f);
  };
  switch (e->kind()) {
  case Expr::Kind::Attribute:
    return walkExpr(cast<AttributeExpr>(*e).value.get(), f);
  case Expr::Kind::Unary:
    return walkExpr(cast<UnaryExpr>(*e).operand.get(), f);
  case Expr::Kind::Binary:
    walkExpr(cast<BinaryExpr>(*e).lhs.get(), f);
    return walkExpr(cast<BinaryExpr>(*e).rhs.get(), f);
  case Expr::Kind::Compare:
    return all(cast<CompareExpr>(*e).operands);
  case Expr::Kind::IfExp: {
    auto &x = cast<IfExpExpr>(*e);
    walkExpr(x.cond.get(), f);
    walkExpr(x.thenExpr.get(), f);
    return walkExpr(x.elseExpr.get(), f);
  }
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(*e);
    walkExpr(c.callee.get(), f);
    all(c.args);
    for (const KeywordArg &k : c.keywords)
      walkExpr(k.value.get(), f);
    return;
  }
  case Expr::Kind::Subscript:
    walkExpr(cast<SubscriptExpr>(*e).value.get(), f);
    return walkExpr(cast<SubscriptExpr>(*e).index.get(), f);
  case Expr::Kind::Tuple:
    return all(cast<TupleExpr>(*e).elements);
  case Expr::Kind::List:
    return all(cast<ListExpr>(*e).elements);
  case Expr::Kind::Slice: {
    auto &s = cast<SliceExpr>(*e);
    walkExpr(s.start.get(), f);
    walkExpr(s.stop.get(), f);
    return walkExpr(s.step.get(), f);
  }
  case Expr::Kind::FString:
    for (const FStringField &field : cast<FStringExpr>(*e).fields) {
      walkExpr(field.value.get(), f);
      walkExpr(field.nestedSpec.get(), f); // null: nothing
    }
    return;
  case Expr::Kind::Comprehension: {
    auto &c = cast<ComprehensionExpr>(*e);
    walkExpr(c.element.get(), f);
    walkExpr(c.target.get(), f);
    walkExpr(c.iter.get(), f);
    all(c.conds);
    for (const ComprehensionClause &clause : c.inner) {
      walkExpr(clause.target.get(), f);
      walkExpr(clause.iter.get(), f);
      all(clause.conds);
    }
    return;
  }
  case Expr::Kind::Lambda:
    return walkExpr(cast<LambdaExpr>(*e).body.get(), f);
  case Expr::Kind::Dict:
    all(cast<DictExpr>(*e).keys);
    return all(cast<DictExpr>(*e).values);
  case Expr::Kind::Set:
    return all(cast<SetExpr>(*e).elements);
  default:
    return;
  }
}

void walkBlock(const Block &block, const std::function<void(const Stmt &)> &s,
               const std::function<void(const Expr &)> &f);

/// Calls `s` on `stmt` and every statement nested in it, and `f` on every
/// expression in them.
void walkStmt(const Stmt &one, const std::function<void(const Stmt &)> &s,
              const std::function<void(const Expr &)> &f) {
  const Stmt *stmt = &one;
  {
    s(*stmt);
    switch (stmt->kind()) {
    case Stmt::Kind::Expr:
      walkExpr(cast<ExprStmt>(*stmt).value.get(), f);
      break;
    case Stmt::Kind::Assign:
      for (const ExprPtr &t : cast<AssignStmt>(*stmt).targets)
        walkExpr(t.get(), f);
      walkExpr(cast<AssignStmt>(*stmt).value.get(), f);
      break;
    case Stmt::Kind::AugAssign:
      walkExpr(cast<AugAssignStmt>(*stmt).target.get(), f);
      walkExpr(cast<AugAssignStmt>(*stmt).value.get(), f);
      break;
    case Stmt::Kind::If: {
      auto &x = cast<IfStmt>(*stmt);
      walkExpr(x.cond.get(), f);
      walkBlock(x.thenBody, s, f);
      walkBlock(x.elseBody, s, f);
      break;
    }
    case Stmt::Kind::While: {
      auto &x = cast<WhileStmt>(*stmt);
      walkExpr(x.cond.get(), f);
      walkBlock(x.body, s, f);
      walkBlock(x.elseBody, s, f);
      break;
    }
    case Stmt::Kind::For: {
      auto &x = cast<ForStmt>(*stmt);
      walkExpr(x.target.get(), f);
      walkExpr(x.iter.get(), f);
      walkBlock(x.body, s, f);
      walkBlock(x.elseBody, s, f);
      break;
    }
    case Stmt::Kind::Try:
      forEachChildBlock(const_cast<Stmt &>(*stmt), [&](const Block &b) { walkBlock(b, s, f); });
      break;
    case Stmt::Kind::Return:
      walkExpr(cast<ReturnStmt>(*stmt).value.get(), f);
      break;
    case Stmt::Kind::Raise:
      walkExpr(cast<RaiseStmt>(*stmt).exception.get(), f);
      break;
    case Stmt::Kind::Assert:
      walkExpr(cast<AssertStmt>(*stmt).cond.get(), f);
      walkExpr(cast<AssertStmt>(*stmt).message.get(), f);
      break;
    default:
      break;
    }
  }
}

void walkBlock(const Block &block, const std::function<void(const Stmt &)> &s,
               const std::function<void(const Expr &)> &f) {
  for (const StmtPtr &stmt : block)
    walkStmt(*stmt, s, f);
}

int localOf(const Expr *e) {
  auto *n = dyn_cast_or_null<NameExpr>(e);
  return n && n->ref == NameRef::Local ? n->localIndex : -1;
}

void countBlockRefs(const Block &block, std::vector<int> &counts) {
  walkBlock(block, [](const Stmt &) {}, [&](const Expr &x) {
    int i = localOf(&x);
    if (i >= 0 && static_cast<size_t>(i) < counts.size())
      ++counts[static_cast<size_t>(i)];
  });
}

} // namespace

/// Whether what `body` allocates is dead when its iteration ends (see the
/// file comment).
bool IRGen::iterationScoped(const Block &body) {
  const FunctionDef *def = cur_->def;
  if (!def || !cur_->arena)
    return false;
  const auto &locals = def->locals;
  size_t n = locals.size();
  if (cur_->localRefs.size() != n) {
    // References of each local in the whole function, counted once per
    // function; a local a nested def captures counts as used everywhere.
    cur_->localRefs.assign(n, 0);
    countBlockRefs(def->body, cur_->localRefs);
    for (const auto &fn : ast_.functions)
      if (fn->outer == def)
        for (const std::string &name : fn->captures)
          for (size_t i = 0; i < n; ++i)
            if (locals[i].name == name)
              cur_->localRefs[i] += 1 << 20;
  }
  std::vector<int> inBody(n, 0);
  countBlockRefs(body, inBody);
  auto at = [](int i) { return static_cast<size_t>(i); };
  auto heap = [&](int i) { return i >= 0 && at(i) < n && !scalarKind(locals[at(i)].type); };
  // Iteration-local: a non-scalar local used only in the body, first
  // mentioned there by a plain top-level assignment whose value does not
  // read it, and held by no other name.
  std::vector<bool> fresh(n, false), mentioned(n, false);
  for (const StmtPtr &stmt : body) {
    if (auto *a = dyn_cast<AssignStmt>(stmt.get())) {
      // The locals the value reads (few): a sorted list, not a vector of
      // every local, so a long body of a function with many locals stays
      // linear.
      std::vector<int> valueRefs;
      walkExpr(a->value.get(), [&](const Expr &x) {
        if (int i = localOf(&x); i >= 0)
          valueRefs.push_back(i);
      });
      std::sort(valueRefs.begin(), valueRefs.end());
      auto readsIt = [&](int i) {
        return std::binary_search(valueRefs.begin(), valueRefs.end(), i);
      };
      for (const ExprPtr &t : a->targets) {
        std::vector<const Expr *> names{t.get()};
        if (auto *tuple = dyn_cast<TupleExpr>(t.get())) {
          names.clear();
          for (const ExprPtr &x : tuple->elements)
            names.push_back(x.get());
        }
        for (const Expr *x : names) {
          int i = localOf(x);
          if (i >= 0 && at(i) < n && !mentioned[at(i)] && !readsIt(i))
            fresh[at(i)] = true;
        }
      }
    }
    walkStmt(*stmt, [](const Stmt &) {}, [&](const Expr &x) {
      if (int i = localOf(&x); i >= 0 && at(i) < n)
        mentioned[at(i)] = true;
    });
  }
  auto iterationLocal = [&](int i) {
    return i >= 0 && at(i) < n && fresh[at(i)] && inBody[at(i)] == cur_->localRefs[at(i)] &&
           !locals[at(i)].aliased;
  };
  // A loop nested in the body may bind a non-scalar target used only
  // inside that loop.
  std::vector<bool> innerTarget(n, false);
  bool ok = true;
  auto assigned = [&](const Expr *target) {
    std::vector<const Expr *> names{target};
    if (auto *tuple = dyn_cast_or_null<TupleExpr>(target)) {
      names.clear();
      for (const ExprPtr &x : tuple->elements)
        names.push_back(x.get());
    }
    for (const Expr *x : names) {
      int i = localOf(x);
      if (i < 0) {
        // d[k] = v, lst[i] = x, a[i] = x: growing a container of an outer
        // scope is an allocation that outlives the iteration.
        const Expr *base = x;
        while (auto *sub = dyn_cast_or_null<SubscriptExpr>(base))
          base = sub->value.get();
        int b = localOf(base);
        if (b >= 0 && growable(locals[at(b)].type) && !iterationLocal(b))
          ok = false;
        continue;
      }
      if (heap(i) && !iterationLocal(i) && !innerTarget[at(i)])
        ok = false;
    }
  };
  walkBlock(
      body,
      [&](const Stmt &s) {
        if (auto *a = dyn_cast<AssignStmt>(&s)) {
          for (const ExprPtr &t : a->targets)
            assigned(t.get());
        } else if (auto *a = dyn_cast<AugAssignStmt>(&s)) {
          assigned(a->target.get());
        } else if (auto *f = dyn_cast<ForStmt>(&s)) {
          std::unordered_map<int, int> inLoop;
          walkStmt(s, [](const Stmt &) {}, [&](const Expr &x) {
            if (int i = localOf(&x); i >= 0 && at(i) < n)
              ++inLoop[i];
          });
          std::vector<const Expr *> names{f->target.get()};
          if (auto *tuple = dyn_cast<TupleExpr>(f->target.get())) {
            names.clear();
            for (const ExprPtr &x : tuple->elements)
              names.push_back(x.get());
          }
          for (const Expr *x : names) {
            int i = localOf(x);
            if (i >= 0 && heap(i)) {
              if (inLoop[i] == cur_->localRefs[at(i)] || iterationLocal(i))
                innerTarget[at(i)] = true;
              else
                ok = false;
            }
          }
        }
      },
      [&](const Expr &x) {
        // Reading d[k] of a defaultdict stores k (and a new list for
        // defaultdict(list)) when missing: a mutation of d.
        if (auto *sub = dyn_cast<SubscriptExpr>(&x)) {
          int d = localOf(sub->value.get());
          if (d >= 0 && at(d) < n && locals[at(d)].type == Type::Dict &&
              locals[at(d)].dictDefault != Type::Unknown &&
              locals[at(d)].dictDefault != Type::None && !locals[at(d)].counter &&
              !iterationLocal(d))
            ok = false;
        }
        auto *c = dyn_cast<CallExpr>(&x);
        if (!c)
          return;
        if (c->target && c->target->outer)
          ok = false; // a nested def: its captures are read at the call
        if (c->target && !c->target->isLibrary) {
          auto outer = [&](const Expr *arg) {
            int i = localOf(arg);
            return i >= 0 && growable(locals[at(i)].type) && !iterationLocal(i);
          };
          for (const ExprPtr &arg : c->args)
            ok = ok && !outer(arg.get());
          for (const KeywordArg &k : c->keywords) // `_visit(xs, seen=s)` too
            ok = ok && !outer(k.value.get());
        }
        if (auto *attr = dyn_cast_or_null<AttributeExpr>(c->callee.get())) {
          static const char *const ReadOnly[] = {"get",   "count", "index", "copy", "keys",
                                                 "values", "items"};
          // d[k].append(x) grows d's list: the container is the base of
          // the subscripts.
          const Expr *base = attr->value.get();
          while (auto *sub = dyn_cast_or_null<SubscriptExpr>(base))
            base = sub->value.get();
          int i = localOf(base);
          if (i < 0 || !growable(locals[at(i)].type) || iterationLocal(i))
            return;
          bool readOnly = false;
          for (const char *m : ReadOnly)
            readOnly |= attr->attr == m;
          if (!readOnly)
            ok = false;
        }
      });
  return ok;
}

/// A loop body whose allocations die with each iteration becomes: save the
/// arena's position; the body, with `continue` going to a release block;
/// the release block restores the position (freeing heap chunks taken since)
/// and goes on to `next`. Bodies that allocate nothing are left alone.
void IRGen::genLoopBody(const Block &body, llvm::BasicBlock *next, llvm::BasicBlock *exit) {
  if (!iterationScoped(body)) {
    cur_->loops.push_back({next, exit});
    genBlock(body);
    cur_->loops.pop_back();
    return;
  }
  llvm::BasicBlock *startBB = b_.GetInsertBlock();
  llvm::Instruction *last = startBB->empty() ? nullptr : &startBB->back();
  llvm::BasicBlock *lastBefore = &cur_->llfn->back();
  llvm::BasicBlock *release = llvm::BasicBlock::Create(ctx_, "iter.release");
  cur_->loops.push_back({release, exit});
  genBlock(body);
  cur_->loops.pop_back();
  // Does the body allocate? Any call given the arena may.
  bool allocates = false;
  auto scan = [&](llvm::Instruction &inst) {
    if (auto *call = llvm::dyn_cast<llvm::CallInst>(&inst))
      for (llvm::Value *arg : call->args())
        allocates |= arg == cur_->arena;
  };
  for (auto it = last ? std::next(last->getIterator()) : startBB->begin(); it != startBB->end();
       ++it)
    scan(*it);
  for (auto bb = std::next(lastBefore->getIterator()); bb != cur_->llfn->end(); ++bb)
    for (llvm::Instruction &inst : *bb)
      scan(inst);
  bool falls = !b_.GetInsertBlock()->getTerminator();
  if (!allocates) {
    // Nothing to release: `continue` goes straight on.
    if (falls)
      b_.CreateBr(next);
    release->insertInto(cur_->llfn);
    b_.SetInsertPoint(release);
    b_.CreateBr(next);
    return;
  }
  llvm::Type *ptr = b_.getPtrTy();
  llvm::AllocaInst *mark[3];
  {
    llvm::IRBuilder<> at(ctx_);
    if (last && last->getNextNode())
      at.SetInsertPoint(last->getNextNode());
    else if (last)
      at.SetInsertPoint(startBB); // the body added nothing to this block
    else
      at.SetInsertPoint(startBB, startBB->getFirstInsertionPt());
    for (unsigned f = 0; f < 3; ++f) {
      mark[f] = entryAlloca(ptr, "iter.mark");
      at.CreateStore(at.CreateLoad(ptr, at.CreateStructGEP(arenaTy_, cur_->arena, f)), mark[f]);
    }
  }
  if (falls)
    b_.CreateBr(release);
  release->insertInto(cur_->llfn);
  b_.SetInsertPoint(release);
  b_.CreateCall(arenaRewind(), {cur_->arena, b_.CreateLoad(ptr, mark[0]),
                                b_.CreateLoad(ptr, mark[1]), b_.CreateLoad(ptr, mark[2])});
  b_.CreateBr(next);
}

/// `void @llcc.rt.rewind(ptr arena, ptr cur, ptr end, ptr chunks)`: frees
/// the heap chunks taken since `chunks` was the newest, and puts the bump
/// pointer back at `cur` (in the block that was current then).
llvm::Function *IRGen::arenaRewind() {
  if (arenaRewind_)
    return arenaRewind_;
  llvm::Type *ptr = b_.getPtrTy();
  arenaRewind_ = llvm::Function::Create(
      llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, ptr, ptr}, false),
      llvm::GlobalValue::InternalLinkage, "llcc.rt.rewind", mod_.get());
  arenaRewind_->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::FunctionCallee freeFn = mod_->getOrInsertFunction(
      "free", llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false));
  llvm::IRBuilder<> b(ctx_);
  auto block = [&](const char *name) {
    return llvm::BasicBlock::Create(ctx_, name, arenaRewind_);
  };
  llvm::BasicBlock *entry = block("entry"), *loop = block("loop"), *body = block("body"),
                   *done = block("done");
  b.SetInsertPoint(entry);
  llvm::Value *arena = arenaRewind_->getArg(0);
  llvm::Value *saved = arenaRewind_->getArg(3);
  llvm::Value *chunksSlot = b.CreateStructGEP(arenaTy_, arena, 2);
  llvm::Value *first = b.CreateLoad(ptr, chunksSlot);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *chunk = b.CreatePHI(ptr, 2);
  chunk->addIncoming(first, entry);
  b.CreateCondBr(b.CreateICmpEQ(chunk, saved), done, body);
  b.SetInsertPoint(body);
  llvm::Value *nextChunk = b.CreateLoad(ptr, chunk);
  b.CreateCall(freeFn, {chunk});
  chunk->addIncoming(nextChunk, body);
  b.CreateBr(loop);
  b.SetInsertPoint(done);
  b.CreateStore(arenaRewind_->getArg(1), b.CreateStructGEP(arenaTy_, arena, 0));
  b.CreateStore(arenaRewind_->getArg(2), b.CreateStructGEP(arenaTy_, arena, 1));
  b.CreateStore(saved, chunksSlot);
  b.CreateRetVoid();
  return arenaRewind_;
}

} // namespace llcc
