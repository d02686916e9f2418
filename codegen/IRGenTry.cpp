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
  llvm::BasicBlock *dispatch = newBlock("try.except");
  llvm::BasicBlock *end = newBlock("try.end");
  // A clause may start after any part of the body: it knows only what was
  // assigned before the try (genStmt restores that after the statement).
  std::vector<bool> before = cur_->known;
  cur_->handlers.push_back(dispatch);
  genBlock(s.body);
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
  } else {
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
      genBlock(h.body);
      if (!b_.GetInsertBlock()->getTerminator())
        b_.CreateBr(end);
      b_.SetInsertPoint(next);
    }
    errorExit(); // not caught here: re-raised to an enclosing try or the caller
  }
  b_.SetInsertPoint(end);
}

} // namespace llcc
