//===- IRGenTry.cpp - try / except -----------------------------------------===//
//
// A runtime error records its message and class (llcc.rt.record, the class
// an index into codegen/RuntimeErrors.h's table) and leaves the function
// through errorExit: `return false` to the caller, or, inside a try body,
// a branch to that try's dispatch block. The dispatch reads the recorded
// class and goes to the first except clause naming it or a base of it
// (Python's hierarchy, frontend/Builtins.cpp); when none does, it leaves
// through errorExit again, to an enclosing try or the caller, as CPython
// re-raises. Errors of callees reach the dispatch the same way, through
// propagate(). A caught error's record stays until the next error
// overwrites it: nothing reads it unless a call fails.
//
// Leaving a loop through an error is like `break`: the loop's per-iteration
// arena is not rewound (IRGenLoopArena.cpp), which is always safe.
//
// A `finally` block is copied onto each edge that leaves its try: after a
// body, clause or else that falls through; before a `return` (its value
// already stored, as CPython computes it first), `break` or `continue`
// inside them (genFinallyExits); and on the error path (finally.error),
// which every error of the body, clauses and else reaches and which
// re-raises the pending error after the block. The pending error's record
// is kept in registers and its message buffer set aside while the block
// runs (an error the block raises and catches itself, or a print, reuses
// the buffer), then put back. An exit the block takes itself (its own
// error, return, break or continue) drops the pending error as CPython
// does, and frees the set-aside buffer on the way (a frame with no body).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Builtins.h"
#include "RuntimeErrors.h"

#include <llvm/Support/Casting.h>

namespace llcc {

void IRGen::errorExit() {
  if (!cur_->handlers.empty())
    b_.CreateBr(cur_->handlers.back());
  else
    b_.CreateRet(b_.getFalse());
}

void IRGen::genTry(const TryStmt &s) {
  llvm::BasicBlock *end = newBlock("try.end");
  if (s.finallyBody.empty()) {
    genTryClauses(s, end);
    b_.SetInsertPoint(end);
    return;
  }
  std::vector<bool> before = cur_->known;
  llvm::BasicBlock *finErr = newBlock("finally.error");
  llvm::BasicBlock *finNormal = newBlock("finally.normal");
  cur_->finallies.push_back({&s.finallyBody, nullptr, cur_->loops.size(), cur_->handlers.size()});
  cur_->handlers.push_back(finErr);
  genTryClauses(s, finNormal);
  cur_->handlers.pop_back();
  cur_->finallies.pop_back();
  if (llvm::pred_empty(finNormal)) {
    finNormal->eraseFromParent();
  } else {
    b_.SetInsertPoint(finNormal);
    cur_->known = before;
    genBlock(s.finallyBody);
    if (!b_.GetInsertBlock()->getTerminator())
      b_.CreateBr(end);
  }
  genFinallyOnError(s, finErr, before);
  b_.SetInsertPoint(end);
}

/// The body, the except clauses and the else of `s`; every path that falls
/// through branches to `end`.
void IRGen::genTryClauses(const TryStmt &s, llvm::BasicBlock *end) {
  llvm::BasicBlock *dispatch = newBlock("try.except");
  // A clause may start after any part of the body: it knows only what was
  // assigned before the try (genStmt restores that after the statement).
  std::vector<bool> before = cur_->known;
  if (!s.handlers.empty())
    cur_->handlers.push_back(dispatch);
  genBlock(s.body);
  if (!s.handlers.empty())
    cur_->handlers.pop_back();
  // The else block runs after a body that raised nothing; its own errors
  // are not caught by these clauses.
  if (!b_.GetInsertBlock()->getTerminator()) {
    genBlock(s.elseBody);
    if (!b_.GetInsertBlock()->getTerminator())
      b_.CreateBr(end);
  }
  if (llvm::pred_empty(dispatch)) {
    // Nothing in the body can fail: the clauses never run (Sema typed them).
    dispatch->eraseFromParent();
    return;
  }
  b_.SetInsertPoint(dispatch);
  llvm::Value *kind = b_.CreateLoad(b_.getInt32Ty(), b_.CreateThreadLocalAddress(kindSlot_));
  const std::vector<std::string> &classes = exceptionClasses();
  for (const ExceptClause &h : s.handlers) {
    llvm::Value *match = b_.getFalse();
    for (unsigned k = 0; k < classes.size(); ++k) {
      if (k == LimitErrorKind)
        continue; // llcc's 64-bit limit: CPython would go on, so nothing catches it
      bool caught = false;
      for (const std::string &name : h.caught)
        caught |= exceptionDerivesFrom(classes[k], name);
      if (caught)
        match = b_.CreateOr(match, b_.CreateICmpEQ(kind, b_.getInt32(k)));
    }
    llvm::BasicBlock *body = newBlock("except.body");
    llvm::BasicBlock *next = newBlock("except.next");
    b_.CreateCondBr(match, body, next);
    b_.SetInsertPoint(body);
    cur_->known = before;
    if (h.keepsError)
      cur_->caught.push_back(keepCaughtError(h));
    genBlock(h.body);
    if (h.keepsError)
      cur_->caught.pop_back();
    if (!b_.GetInsertBlock()->getTerminator())
      b_.CreateBr(end);
    b_.SetInsertPoint(next);
  }
  errorExit(); // not caught here: re-raised to an enclosing try or the caller
}

/// finally.error: the block runs with the pending error set aside, then
/// the error is raised again to the enclosing try or the caller.
void IRGen::genFinallyOnError(const TryStmt &s, llvm::BasicBlock *finErr,
                              const std::vector<bool> &before) {
  if (llvm::pred_empty(finErr)) {
    finErr->eraseFromParent();
    return;
  }
  b_.SetInsertPoint(finErr);
  cur_->known = before;
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i32Ty = b_.getInt32Ty();
  llvm::Value *errorAddr = b_.CreateThreadLocalAddress(errorSlot_);
  llvm::Value *pyAddr = b_.CreateThreadLocalAddress(pyMessageSlot_);
  llvm::Value *kindAddr = b_.CreateThreadLocalAddress(kindSlot_);
  llvm::Value *fullMessage = b_.CreateLoad(ptr, errorAddr);
  llvm::Value *pyMessage = b_.CreateLoad(ptr, pyAddr);
  llvm::Value *kind = b_.CreateLoad(i32Ty, kindAddr);
  llvm::Value *textAt = b_.CreateLoad(b_.getInt64Ty(), b_.CreateThreadLocalAddress(textAtSlot_));
  llvm::Value *libAddr = nullptr, *libKind = nullptr;
  if (inLibraryCode()) {
    libAddr = b_.CreateThreadLocalAddress(libraryFailSlot());
    libKind = b_.CreateLoad(i32Ty, libAddr);
  }
  // Set the message buffer aside: the block starts with an empty one.
  msgAppendFn();
  auto fields = msgBufferFields();
  llvm::Value *data = b_.CreateLoad(ptr, fields.data);
  llvm::Value *len = b_.CreateLoad(b_.getInt64Ty(), fields.len);
  llvm::Value *cap = b_.CreateLoad(b_.getInt64Ty(), fields.cap);
  b_.CreateStore(llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr)), fields.data);
  b_.CreateStore(i64(0), fields.len);
  b_.CreateStore(i64(0), fields.cap);
  llvm::Function *freeFn =
      libcFunction("free", llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false));
  // An error of the block replaces the pending one: free the set-aside buffer.
  llvm::BasicBlock *drop = newBlock("finally.drop");
  size_t outerFinallies = cur_->finallies.size();
  cur_->finallies.push_back({nullptr, data, cur_->loops.size(), cur_->handlers.size()});
  cur_->handlers.push_back(drop);
  genBlock(s.finallyBody);
  cur_->handlers.pop_back();
  cur_->finallies.resize(outerFinallies);
  if (!b_.GetInsertBlock()->getTerminator()) {
    fields = msgBufferFields();
    b_.CreateCall(freeFn, {b_.CreateLoad(ptr, fields.data)});
    b_.CreateStore(data, fields.data);
    b_.CreateStore(len, fields.len);
    b_.CreateStore(cap, fields.cap);
    b_.CreateStore(fullMessage, b_.CreateThreadLocalAddress(errorSlot_));
    b_.CreateStore(pyMessage, b_.CreateThreadLocalAddress(pyMessageSlot_));
    b_.CreateStore(kind, b_.CreateThreadLocalAddress(kindSlot_));
    b_.CreateStore(textAt, b_.CreateThreadLocalAddress(textAtSlot_));
    if (libAddr)
      b_.CreateStore(libKind, b_.CreateThreadLocalAddress(libraryFailSlot()));
    errorExit();
  }
  if (llvm::pred_empty(drop)) {
    drop->eraseFromParent();
  } else {
    b_.SetInsertPoint(drop);
    b_.CreateCall(freeFn, {data});
    errorExit();
  }
}

FunctionState::CaughtError IRGen::keepCaughtError(const ExceptClause &h) {
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i8 = b_.getInt8Ty();
  llvm::Function *strlen = libcFunction("strlen", llvm::FunctionType::get(i64Ty, {ptr}, false));
  llvm::Value *full = b_.CreateLoad(ptr, b_.CreateThreadLocalAddress(errorSlot_));
  llvm::Value *py = b_.CreateLoad(ptr, b_.CreateThreadLocalAddress(pyMessageSlot_));
  llvm::Value *kind = b_.CreateLoad(b_.getInt32Ty(), b_.CreateThreadLocalAddress(kindSlot_));
  llvm::Value *at = b_.CreateLoad(i64Ty, b_.CreateThreadLocalAddress(textAtSlot_));
  // The record points into the message buffer, which the clause's own
  // messages reuse: copy "full\0py\0" into the call's arena.
  llvm::Value *fl = b_.CreateCall(strlen, {full});
  llvm::Value *pl = b_.CreateCall(strlen, {py});
  llvm::Value *mem =
      b_.CreateCall(arenaAlloc(), {cur_->arena, b_.CreateAdd(b_.CreateAdd(fl, pl), i64(2))});
  llvm::BasicBlock *copy = newBlock("caught.copy");
  llvm::BasicBlock *done = newBlock("caught.done");
  llvm::BasicBlock *from = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateIsNotNull(mem), copy, done);
  b_.SetInsertPoint(copy);
  llvm::MaybeAlign one(1);
  b_.CreateMemCpy(mem, one, full, one, b_.CreateAdd(fl, i64(1)));
  llvm::Value *pyCopy = b_.CreateGEP(i8, mem, b_.CreateAdd(fl, i64(1)));
  b_.CreateMemCpy(pyCopy, one, py, one, b_.CreateAdd(pl, i64(1)));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  // Out of memory: the record as it is.
  llvm::PHINode *fullKept = b_.CreatePHI(ptr, 2);
  fullKept->addIncoming(full, from);
  fullKept->addIncoming(mem, copy);
  llvm::PHINode *pyKept = b_.CreatePHI(ptr, 2);
  pyKept->addIncoming(py, from);
  pyKept->addIncoming(pyCopy, copy);
  llvm::Value *rawAt = at;
  // A user's KeyError of a str marks its offset (KeyErrorStrFlag): its
  // str() is the repr of the text.
  llvm::Value *keyStr = b_.CreateICmpNE(b_.CreateAnd(at, i64(KeyErrorStrFlag)), i64(0));
  at = b_.CreateAnd(at, i64(KeyErrorStrFlag - 1));
  at = b_.CreateSelect(b_.CreateICmpULE(at, pl), at, i64(0));
  auto reprOf = [&](llvm::Value *text) -> llvm::Value * {
    // repr(text) through the message buffer, copied into the arena.
    msgAppendFn(); // the message buffer
    auto fields = msgBufferFields();
    b_.CreateStore(i64(0), fields.len);
    appendConstant("");
    appendValue(text, Type::Str, 'r', "");
    fields = msgBufferFields();
    llvm::Value *data = b_.CreateLoad(ptr, fields.data);
    llvm::Value *n = b_.CreateLoad(i64Ty, fields.len);
    llvm::Value *r = b_.CreateCall(arenaAlloc(), {cur_->arena, b_.CreateAdd(n, i64(1))});
    llvm::Value *ok = b_.CreateAnd(b_.CreateIsNotNull(r), b_.CreateIsNotNull(data));
    llvm::BasicBlock *copyRepr = newBlock("caught.repr");
    llvm::BasicBlock *joined = newBlock("caught.repr.done");
    llvm::BasicBlock *from = b_.GetInsertBlock();
    b_.CreateCondBr(ok, copyRepr, joined);
    b_.SetInsertPoint(copyRepr);
    b_.CreateMemCpy(r, one, data, one, b_.CreateAdd(n, i64(1)));
    b_.CreateBr(joined);
    b_.SetInsertPoint(joined);
    llvm::PHINode *t = b_.CreatePHI(ptr, 2);
    t->addIncoming(stringConstant(""), from);
    t->addIncoming(r, copyRepr);
    return t;
  };
  if (h.textLocal >= 0) {
    // str(e): CPython's text, after llcc's position; a KeyError's str() is
    // the repr of its argument, as for the KeyError llcc raises to Python.
    llvm::Value *text = b_.CreateGEP(i8, pyKept, at);
    // `text`, or its repr where `cond` holds (at run time).
    auto reprWhere = [&](llvm::Value *cond, llvm::Value *text, const char *repr, const char *done) {
      llvm::BasicBlock *reprBlock = newBlock(repr);
      llvm::BasicBlock *joined = newBlock(done);
      llvm::BasicBlock *fromPlain = b_.GetInsertBlock();
      b_.CreateCondBr(cond, reprBlock, joined);
      b_.SetInsertPoint(reprBlock);
      llvm::Value *r = reprOf(text);
      llvm::BasicBlock *fromRepr = b_.GetInsertBlock();
      b_.CreateBr(joined);
      b_.SetInsertPoint(joined);
      llvm::PHINode *t = b_.CreatePHI(ptr, 2);
      t->addIncoming(text, fromPlain);
      t->addIncoming(r, fromRepr);
      return static_cast<llvm::Value *>(t);
    };
    llvm::Value *arg = nullptr; // repr(e)'s argument part: repr of the text
    if (h.argLocal >= 0) {
      // A dict lookup's KeyError recorded repr(key): the argument part as
      // it is; any other text is a str argument, shown by its repr.
      llvm::Value *asIs = b_.CreateAnd(
          b_.CreateNot(keyStr), b_.CreateICmpEQ(kind, b_.getInt32(exceptionKind("KeyError"))));
      arg = reprWhere(b_.CreateNot(asIs), text, "caught.argrepr", "caught.argrepr.done");
    }
    bool mayBeKeyError = false;
    for (const std::string &name : h.caught)
      mayBeKeyError |= exceptionDerivesFrom("KeyError", name);
    if (mayBeKeyError)
      text = reprWhere(keyStr, text, "caught.keyerror", "caught.text");
    storeLocal(h.textLocal, text, Type::Str);
    cur_->known[h.textLocal] = true;
    if (arg) {
      storeLocal(h.argLocal, arg, Type::Str);
      cur_->known[h.argLocal] = true;
    }
    if (!classNames_) {
      std::vector<llvm::Constant *> names;
      for (const std::string &c : exceptionClasses())
        names.push_back(stringConstant(c));
      auto *ty = llvm::ArrayType::get(ptr, names.size());
      classNames_ = new llvm::GlobalVariable(*mod_, ty, true, llvm::GlobalValue::InternalLinkage,
                                             llvm::ConstantArray::get(ty, names),
                                             "llcc.exc.classnames");
    }
    llvm::Value *cls = b_.CreateLoad(
        ptr, b_.CreateGEP(classNames_->getValueType(), classNames_,
                          {i64(0), b_.CreateZExt(kind, i64Ty)}));
    storeLocal(h.classLocal, cls, Type::Str);
    cur_->known[h.classLocal] = true;
  }
  return {fullKept, pyKept, kind, rawAt};
}

void IRGen::genReraise() {
  FunctionState::CaughtError c = cur_->caught.back();
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Function *strlen = libcFunction("strlen", llvm::FunctionType::get(i64Ty, {ptr}, false));
  // Back into the message buffer, where a record's text lives until the
  // wrapper raises it: "full\0py\0".
  llvm::Value *fl = b_.CreateAdd(b_.CreateCall(strlen, {c.full}), i64(1));
  msgAppendFn(); // the message buffer
  auto fields = msgBufferFields();
  b_.CreateStore(i64(0), fields.len);
  b_.CreateCall(msgAppendFn(), {c.full, fl});
  b_.CreateCall(msgAppendFn(), {c.py, b_.CreateCall(strlen, {c.py})});
  fields = msgBufferFields();
  llvm::Value *data = b_.CreateLoad(ptr, fields.data);
  llvm::Value *have = b_.CreateIsNotNull(data);
  llvm::Value *full = b_.CreateSelect(have, data, c.full);
  llvm::Value *py = b_.CreateSelect(have, b_.CreateGEP(b_.getInt8Ty(), data, fl), c.py);
  b_.CreateCall(recordFn_, {full, py, c.kind, c.textAt});
  errorExit();
}

size_t IRGen::finalliesOutsideLoop() const {
  size_t keep = cur_->finallies.size();
  while (keep > 0 && cur_->finallies[keep - 1].loops >= cur_->loops.size())
    --keep;
  return keep;
}

void IRGen::genFinallyExits(size_t keep) {
  if (cur_->finallies.size() <= keep)
    return;
  std::vector<FunctionState::FinallyFrame> frames = cur_->finallies;
  std::vector<FunctionState::LoopTargets> loops = cur_->loops;
  std::vector<llvm::BasicBlock *> handlers = cur_->handlers;
  std::vector<bool> known = cur_->known;
  for (size_t i = frames.size(); i-- > keep;) {
    cur_->finallies.resize(i);
    cur_->loops.resize(frames[i].loops);
    cur_->handlers.resize(frames[i].handlers);
    if (frames[i].body)
      genBlock(*frames[i].body);
    else
      b_.CreateCall(
          libcFunction("free", llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy()}, false)),
          {frames[i].savedBuffer});
  }
  cur_->finallies = std::move(frames);
  cur_->loops = std::move(loops);
  cur_->handlers = std::move(handlers);
  cur_->known = std::move(known);
}

} // namespace llcc
