//===- Runtime.cpp - Runtime errors in generated code ----------------------===//
//
// How a compiled callback reports a runtime error. The failing function
// calls llcc.rt.record, which stores the message (with the source position)
// in thread-local slots, and returns false up the call chain; the exported wrapper then calls
// llcc.rt.raise and returns 0. llcc.rt.raise sets a Python exception of the
// matching class (IndexError, ZeroDivisionError, ...) carrying llcc's
// message when the host process is a Python interpreter: the CPython
// functions it needs are weak references, null in any other host. SciPy
// keeps an exception that is already set instead of its generic "error in
// filter function", so the user sees llcc's message. `llcc_last_error()`
// returns the last message of the calling thread for non-Python hosts.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"
#include "RuntimeErrors.h"
#include "Versions.h"

#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>
#include <llvm/Transforms/Utils/ModuleUtils.h>

namespace llcc {

const std::vector<std::string> &exceptionClasses() {
  static const std::vector<std::string> classes = {
      "RuntimeError", "IndexError", "ZeroDivisionError", "OverflowError", "ValueError",
      "UnboundLocalError", "TypeError", "MemoryError",
      // Raised by `raise` and `assert` in the program (frontend/SemaErrors.cpp).
      "KeyError", "ArithmeticError", "AssertionError", "NotImplementedError", "LookupError",
      "FloatingPointError", "Exception",
      // Raised by dict lookups and the recursion limit (IRGenDict.cpp, IRGen.cpp).
      "RecursionError",
      // Raised by statistics.stdev of NaN or infinities (stdlib/statistics.flt).
      "AttributeError",
      // Raised by next() of an exhausted generator (frontend/SemaNext.cpp).
      "StopIteration",
      // Raised by the statistics functions (stdlib/statistics.flt): not
      // a built-in class, so llcc.rt.raise imports it (a ValueError).
      "StatisticsError",
      // Raised by np.linalg's det, inv and solve (stdlib/linalg.flt), numpy's.
      "LinAlgError",
      // llcc's own limit, not CPython's: an int past 64 bits (CPython's
      // ints have no limit). Python sees an OverflowError; an except
      // clause never catches it (IRGenTry.cpp), so a program that needs
      // bigger ints fails loudly instead of taking another path.
      "OverflowError"};
  internalCheck(classes.size() == LimitErrorKind + 1 && classes[LimitErrorKind] == "OverflowError",
                "the limit error is the table's last entry");
  return classes;
}

const std::vector<ForeignClass> &foreignClasses() {
  static const std::vector<ForeignClass> classes = {
      {"StatisticsError", "statistics", "ValueError"},
      {"LinAlgError", "numpy.linalg", "Exception"}};
  return classes;
}

const ForeignClass *foreignClass(const std::string &name) {
  for (const ForeignClass &c : foreignClasses())
    if (name == c.name)
      return &c;
  return nullptr;
}

unsigned IRGen::exceptionKind(const std::string &className) {
  for (unsigned i = 0; i < exceptionClasses().size(); ++i)
    if (className == exceptionClasses()[i])
      return i;
  throw InternalError("no runtime exception class " + className);
}

llvm::Constant *IRGen::stringConstant(const std::string &text) {
  auto it = messages_.find(text);
  if (it != messages_.end())
    return it->second;
  llvm::Constant *c = b_.CreateGlobalString(text, "llcc.msg", 0, mod_.get());
  messages_[text] = c;
  return c;
}

void IRGen::fail(SourceLoc loc, const std::string &message) {
  recordError(loc, message);
  errorExit();
}

unsigned IRGen::exceptionKind(const std::string &message, std::string &text) {
  text = message;
  const std::vector<std::string> &classes = exceptionClasses();
  for (unsigned i = 0; i < classes.size(); ++i) {
    std::string prefix = classes[i] + ": ";
    if (message.rfind(prefix, 0) == 0) {
      text = message.substr(prefix.size());
      // llcc's 64-bit limit has a class index of its own (never caught).
      if (classes[i] == "OverflowError" && message.find("64-bit") != std::string::npos)
        return LimitErrorKind;
      return i;
    }
  }
  return 0;
}

bool IRGen::inLibraryCode() const {
  return cur_->def && cur_->def->isLibrary && cur_->llfn == functions_.at(cur_->def);
}

void IRGen::recordError(SourceLoc loc, const std::string &raw) {
  const std::string message = userSpelling(raw); // a rebound name as written
  if (inLibraryCode()) {
    // In the standard library: a code for the caller, which reports the
    // message at the user's call (a position in the library means nothing
    // to the user).
    b_.CreateStore(b_.getInt32(libraryMessageCode(message)),
                   b_.CreateThreadLocalAddress(libraryFailSlot()));
    return;
  }
  std::string where = file_.path() + ":" + std::to_string(loc.line) + ":" +
                      std::to_string(loc.col) + ": ";
  std::string text;
  unsigned kind = exceptionKind(message, text);
  // One call per failing check rather than three thread-local stores (each
  // a __tls_get_addr call in a shared object): error paths stay small, so
  // functions with thousands of checks compile faster.
  b_.CreateCall(recordFn_, {stringConstant(where + message), stringConstant(where + text),
                            b_.getInt32(kind), i64(int64_t(where.size()))});
}

void IRGen::recordPythonError(SourceLoc loc, const std::string &raw) {
  const std::string message = userSpelling(raw);
  std::string where = file_.path() + ":" + std::to_string(loc.line) + ":" +
                      std::to_string(loc.col) + ": ";
  std::string text;
  unsigned kind = exceptionKind(message, text);
  b_.CreateCall(recordFn_, {stringConstant(where + message), stringConstant(text),
                            b_.getInt32(kind), i64(0)});
}

void IRGen::emitRuntimeSupport() {
  auto tls = [&](llvm::Type *type, llvm::Constant *init, const char *name) {
    return new llvm::GlobalVariable(*mod_, type, false, llvm::GlobalValue::InternalLinkage, init,
                                    name, nullptr, llvm::GlobalValue::GeneralDynamicTLSModel);
  };
  llvm::PointerType *ptr = b_.getPtrTy();
  // The accessors and the error path's helpers are written in their final
  // form (a thread-local load or store; the raise runs once per error),
  // so the optimiser and the code generator's slow path skip them
  // (`optnone`): optimising them was a quarter of a small module's compile
  // time (bench/results.md, warm compile), for code no filter runs on its
  // fast path. What they compute is the same.
  auto alreadyFinal = [](llvm::Function *fn) {
    fn->addFnAttr(llvm::Attribute::NoInline);
    fn->addFnAttr(llvm::Attribute::OptimizeNone);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
  };
  errorSlot_ = tls(ptr, llvm::ConstantPointerNull::get(ptr), "llcc.error");
  pyMessageSlot_ = tls(ptr, llvm::ConstantPointerNull::get(ptr), "llcc.error.py");
  kindSlot_ = tls(b_.getInt32Ty(), b_.getInt32(0), "llcc.error.kind");
  textAtSlot_ = tls(b_.getInt64Ty(), b_.getInt64(0), "llcc.error.textat");

  // void llcc.rt.record(ptr message, ptr python_message, i32 kind, i64 text_at)
  recordFn_ = llvm::Function::Create(
      llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, b_.getInt32Ty(), b_.getInt64Ty()},
                              false),
      llvm::GlobalValue::InternalLinkage, "llcc.rt.record", mod_.get());
  recordFn_->addFnAttr(llvm::Attribute::NoInline);
  recordFn_->addFnAttr(llvm::Attribute::Cold);
  recordFn_->addFnAttr(llvm::Attribute::NoUnwind);
  alreadyFinal(recordFn_);
  {
    FunctionScope scope(cur_, b_, recordFn_);
    b_.SetInsertPoint(newBlock("entry"));
    b_.CreateStore(recordFn_->getArg(0), b_.CreateThreadLocalAddress(errorSlot_));
    b_.CreateStore(recordFn_->getArg(1), b_.CreateThreadLocalAddress(pyMessageSlot_));
    b_.CreateStore(recordFn_->getArg(2), b_.CreateThreadLocalAddress(kindSlot_));
    b_.CreateStore(recordFn_->getArg(3), b_.CreateThreadLocalAddress(textAtSlot_));
    b_.CreateRetVoid();
  }

  // const char *llcc_last_error(void), and int llcc_last_error_kind(void)
  // and const char *llcc_last_error_message(void): the index into
  // exceptionClasses() and the message without the class name, exactly
  // what llcc.rt.raise gives Python, for callers that raise the exception
  // themselves (llcc.generic_filter, whose kernels run without the GIL).
  struct Accessor {
    const char *name;
    llvm::GlobalVariable *slot;
  };
  const Accessor accessors[] = {{"llcc_last_error", errorSlot_},
                                {"llcc_last_error_kind", kindSlot_},
                                {"llcc_last_error_message", pyMessageSlot_}};
  if (llvm::Triple(llvm::sys::getProcessTriple()).getArch() == llvm::Triple::x86_64) {
    // On x86-64 they are module assembly: each is one thread-local load,
    // and as functions each ran through the code generator's ~126 passes
    // in every compile (1.3 M instructions, a tenth of a warm compile of a
    // small filter; bench/results.md). The text is what LLVM makes of the
    // functions below for a shared object (`llc -O2 -relocation-model=pic`):
    // a local-dynamic thread-local access, the stack aligned for the call.
    // The slots are kept (llvm.compiler.used): the optimiser cannot see
    // these loads.
    std::string text = "\t.text\n";
    for (const Accessor &a : accessors) {
      std::string name = a.name, slot = a.slot->getName().str();
      const char *load = a.slot->getValueType()->isIntegerTy(32) ? "\tmovl\t(%rax), %eax\n"
                                                                 : "\tmovq\t(%rax), %rax\n";
      text += "\t.globl\t" + name + "\n\t.p2align\t4, 0x90\n\t.type\t" + name +
              ",@function\n" + name + ":\n\tpushq\t%rax\n\tleaq\t" + slot +
              "@TLSLD(%rip), %rdi\n\tcallq\t__tls_get_addr@PLT\n\tleaq\t" + slot +
              "@DTPOFF(%rax), %rax\n" + load + "\tpopq\t%rcx\n\tretq\n.L" + name +
              ".end:\n\t.size\t" + name + ", .L" + name + ".end-" + name + "\n";
    }
    mod_->appendModuleInlineAsm(text);
    llvm::appendToCompilerUsed(*mod_, {errorSlot_, kindSlot_, pyMessageSlot_});
  } else {
    for (const Accessor &a : accessors) {
      llvm::Type *type = a.slot->getValueType();
      auto *fn = llvm::Function::Create(llvm::FunctionType::get(type, false),
                                        llvm::GlobalValue::ExternalLinkage, a.name, mod_.get());
      alreadyFinal(fn);
      FunctionScope scope(cur_, b_, fn);
      b_.SetInsertPoint(newBlock("entry"));
      b_.CreateRet(b_.CreateLoad(type, b_.CreateThreadLocalAddress(a.slot)));
    }
  }

  // void llcc.rt.raise(void): PyErr_SetString(PyExc_<kind>, message) under
  // the GIL, if this process is a Python interpreter.
  auto weakFunction = [&](const char *name, llvm::FunctionType *type) {
    auto *f = llvm::Function::Create(type, llvm::GlobalValue::ExternalWeakLinkage, name,
                                     mod_.get());
    return f;
  };
  llvm::Function *setString = weakFunction(
      "PyErr_SetString", llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr}, false));
  llvm::Function *ensure =
      weakFunction("PyGILState_Ensure", llvm::FunctionType::get(b_.getInt32Ty(), false));
  llvm::Function *release = weakFunction(
      "PyGILState_Release", llvm::FunctionType::get(b_.getVoidTy(), {b_.getInt32Ty()}, false));
  raiseFn_ = llvm::Function::Create(llvm::FunctionType::get(b_.getVoidTy(), false),
                                    llvm::GlobalValue::InternalLinkage, "llcc.rt.raise",
                                    mod_.get());
  raiseFn_->addFnAttr(llvm::Attribute::NoInline);
  raiseFn_->addFnAttr(llvm::Attribute::Cold);
  alreadyFinal(raiseFn_);
  FunctionScope scope(cur_, b_, raiseFn_);
  b_.SetInsertPoint(newBlock("entry"));
  llvm::BasicBlock *python = newBlock("python");
  llvm::BasicBlock *done = newBlock("done");
  llvm::Value *havePython = b_.CreateAnd(
      b_.CreateIsNotNull(setString),
      b_.CreateAnd(b_.CreateIsNotNull(ensure), b_.CreateIsNotNull(release)));
  b_.CreateCondBr(havePython, python, done);
  b_.SetInsertPoint(python);
  llvm::Value *kind = b_.CreateLoad(b_.getInt32Ty(), b_.CreateThreadLocalAddress(kindSlot_));
  llvm::BasicBlock *set = newBlock("set");
  llvm::SwitchInst *sw = b_.CreateSwitch(kind, done, exceptionClasses().size());
  b_.SetInsertPoint(set);
  llvm::PHINode *exception = b_.CreatePHI(ptr, exceptionClasses().size(), "exception");
  for (unsigned i = 0; i < exceptionClasses().size(); ++i) {
    // PyExc_IndexError etc. are `PyObject *` variables exported by CPython
    // (one declaration per class: the limit error is an OverflowError too).
    // A class of another module has no such variable: its built-in base
    // stands in until set.it imports the class itself.
    const std::string &name = exceptionClasses()[i];
    const ForeignClass *foreign = foreignClass(name);
    std::string symbol = "PyExc_" + (foreign ? std::string(foreign->base) : name);
    llvm::GlobalVariable *cls = mod_->getNamedGlobal(symbol);
    if (!cls)
      cls = new llvm::GlobalVariable(*mod_, ptr, true, llvm::GlobalValue::ExternalWeakLinkage,
                                     nullptr, symbol);
    llvm::BasicBlock *present = newBlock("class");
    llvm::BasicBlock *load = newBlock("class.load");
    sw->addCase(b_.getInt32(i), present);
    b_.SetInsertPoint(present);
    b_.CreateCondBr(b_.CreateIsNotNull(cls), load, done);
    b_.SetInsertPoint(load);
    exception->addIncoming(b_.CreateLoad(ptr, cls), load);
    b_.CreateBr(set);
  }
  b_.SetInsertPoint(set);
  llvm::Value *gil = b_.CreateCall(ensure);
  // SciPy calls on after a pixel fails; the first error is the one CPython
  // would raise, so an exception already set is kept.
  llvm::Function *occurred = weakFunction("PyErr_Occurred", llvm::FunctionType::get(ptr, false));
  llvm::BasicBlock *setIt = newBlock("set.it");
  llvm::BasicBlock *unlock = newBlock("unlock");
  b_.CreateCondBr(b_.CreateAnd(b_.CreateIsNotNull(occurred),
                               b_.CreateIsNotNull(b_.CreateCall(occurred))),
                  unlock, setIt);
  b_.SetInsertPoint(setIt);
  // A class of another module (foreignClasses: statistics.StatisticsError)
  // is imported from it under the GIL (the new reference it returns is
  // kept: an error is raised once per call at most); its built-in base if
  // that fails.
  llvm::Function *import =
      weakFunction("PyImport_ImportModule", llvm::FunctionType::get(ptr, {ptr}, false));
  llvm::Function *getAttr =
      weakFunction("PyObject_GetAttrString", llvm::FunctionType::get(ptr, {ptr, ptr}, false));
  llvm::Function *clear =
      weakFunction("PyErr_Clear", llvm::FunctionType::get(b_.getVoidTy(), false));
  llvm::Function *decRef =
      weakFunction("Py_DecRef", llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false));
  llvm::Value *moduleName = llvm::ConstantPointerNull::get(ptr);
  llvm::Value *className = moduleName;
  for (const ForeignClass &c : foreignClasses()) {
    llvm::Value *is = b_.CreateICmpEQ(kind, b_.getInt32(exceptionKind(c.name)));
    moduleName = b_.CreateSelect(is, stringConstant(c.module), moduleName);
    className = b_.CreateSelect(is, stringConstant(c.name), className);
  }
  llvm::BasicBlock *importIt = newBlock("foreign.import");
  llvm::BasicBlock *attr = newBlock("foreign.attr");
  llvm::BasicBlock *failed = newBlock("foreign.failed");
  llvm::BasicBlock *chosen = newBlock("foreign.chosen");
  llvm::BasicBlock *from = b_.GetInsertBlock();
  llvm::Value *haveApi =
      b_.CreateAnd(b_.CreateAnd(b_.CreateIsNotNull(import), b_.CreateIsNotNull(getAttr)),
                   b_.CreateAnd(b_.CreateIsNotNull(clear), b_.CreateIsNotNull(decRef)));
  b_.CreateCondBr(b_.CreateAnd(b_.CreateIsNotNull(moduleName), haveApi), importIt, chosen);
  b_.SetInsertPoint(importIt);
  llvm::Value *module = b_.CreateCall(import, {moduleName});
  b_.CreateCondBr(b_.CreateIsNull(module), failed, attr);
  b_.SetInsertPoint(attr);
  llvm::Value *found = b_.CreateCall(getAttr, {module, className});
  b_.CreateCall(decRef, {module});
  llvm::BasicBlock *attrEnd = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateIsNull(found), failed, chosen);
  b_.SetInsertPoint(failed);
  b_.CreateCall(clear);
  b_.CreateBr(chosen);
  b_.SetInsertPoint(chosen);
  llvm::PHINode *cls = b_.CreatePHI(ptr, 3, "class");
  cls->addIncoming(exception, from);
  cls->addIncoming(found, attrEnd);
  cls->addIncoming(exception, failed);
  b_.CreateCall(setString, {cls, b_.CreateLoad(ptr, b_.CreateThreadLocalAddress(pyMessageSlot_))});
  b_.CreateBr(unlock);
  b_.SetInsertPoint(unlock);
  b_.CreateCall(release, {gil});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.CreateRetVoid();
}

} // namespace llcc
