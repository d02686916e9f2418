//===- IRGenFormatSpec.cpp - f-string format specs made at run time -------===//
//
// A format spec with nested replacement fields (`f"{x:{w}.{p}f}"`) is an
// f-string of its own (FStringField::nestedSpec): its text is made when the
// field is evaluated, as a computed str (IRGenStrValues.cpp), and the field
// is formatted by llcc.rt.msg.value with that text, as a written spec is.
//
// A written spec is checked when compiling (formatSpecError); a made one
// can only be checked when it exists. CPython raises when it formats the
// field, before the next field is evaluated, so the check comes right
// after the spec is made: llcc.rt.fmt.check formats the value with CPython
// and drops the text, and on failure returns the exception's class (a
// small code) and leaves str(exception) in llcc.fmt.err, which the raise
// copies into its message. Every message (a negative precision's "Format
// specifier missing precision", a sign given to a str, ...) is CPython's
// own. Without Python (a C host) nothing is checked, and the value prints
// as llcc.rt.msg.value prints it there.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

#include <iterator>

namespace llcc {

namespace {

/// The tags of llcc.rt.msg.value (IRGenErrors.cpp's ValueTag).
enum ValueTag : unsigned { TagBool = 0, TagInt = 1, TagFloat = 2, TagStr = 3 };

/// The exception classes llcc.rt.fmt.check reports, by code (0: none). A
/// failure of another class (none is known) is reported as a ValueError.
struct CheckedClass {
  const char *pyExc; ///< the C API's exception object
  const char *name;
};
const CheckedClass checkedClasses[] = {
    {"PyExc_ValueError", "ValueError"},
    {"PyExc_TypeError", "TypeError"},
    {"PyExc_OverflowError", "OverflowError"},
    {"PyExc_MemoryError", "MemoryError"},
};

/// llcc.rt.msg.value's first four arguments for `v` of type `t`.
struct ValueArgs {
  llvm::Value *tag, *iv, *fv, *sv;
};

ValueArgs valueArgs(llvm::IRBuilder<> &b, llvm::Value *v, Type t, llvm::Value *emptyStr) {
  ValueArgs a{nullptr, b.getInt64(0), llvm::ConstantFP::get(b.getDoubleTy(), 0.0), emptyStr};
  switch (t) {
  case Type::Bool:
    a.tag = b.getInt32(TagBool);
    a.iv = b.CreateZExt(v, b.getInt64Ty());
    break;
  case Type::Int:
    a.tag = b.getInt32(TagInt);
    a.iv = v;
    break;
  case Type::Float:
    a.tag = b.getInt32(TagFloat);
    a.fv = v;
    break;
  case Type::IntOrFloat:
    // An int-or-float formats as whichever it holds.
    a.tag = b.CreateSelect(b.CreateExtractValue(v, 0), b.getInt32(TagInt), b.getInt32(TagFloat));
    a.iv = b.CreateExtractValue(v, 1);
    a.fv = b.CreateExtractValue(v, 2);
    break;
  case Type::Str:
    a.tag = b.getInt32(TagStr);
    a.sv = v;
    break;
  default:
    throw InternalError(std::string("cannot format a ") + typeName(t));
  }
  return a;
}

} // namespace

void IRGen::appendValue(llvm::Value *v, Type t, char conversion, llvm::Value *spec) {
  if (isNdarray(t)) {
    appendArrayText(v, t, conversion, spec); // IRGenArrayText.cpp
    return;
  }
  ValueArgs a = valueArgs(b_, v, t, stringConstant(""));
  b_.CreateCall(msgValueFn(), {a.tag, a.iv, a.fv, a.sv, b_.getInt32(conversion), spec});
}

void IRGen::appendMaybeNone(llvm::Value *flag, llvm::Value *v, Type t, char conversion,
                            llvm::Value *spec) {
  if (!flag) {
    appendValue(v, t, conversion, spec);
    return;
  }
  llvm::BasicBlock *isNone = newBlock("fmt.none");
  llvm::BasicBlock *notNone = newBlock("fmt.value");
  llvm::BasicBlock *done = newBlock("fmt.done");
  b_.CreateCondBr(flag, isNone, notNone);
  b_.SetInsertPoint(isNone);
  appendValue(stringConstant("None"), Type::Str, 0, spec);
  b_.CreateBr(done);
  b_.SetInsertPoint(notNone);
  appendValue(v, t, conversion, spec);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

/// `i32 llcc.rt.fmt.check(i32 tag, i64 i, double f, ptr s, i32 conversion,
/// ptr spec)`: 0 when format(conversion(value), spec) succeeds (or there is
/// no Python), else the failure's code in checkedClasses + 1, its message
/// malloc'd in llcc.fmt.err.
llvm::Function *IRGen::formatCheckFn() {
  if (formatCheck_)
    return formatCheck_;
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i32Ty = b_.getInt32Ty();
  llvm::Type *dbl = b_.getDoubleTy();
  llvm::Type *voidTy = b_.getVoidTy();
  auto fnTy = [&](llvm::Type *ret, std::vector<llvm::Type *> params) {
    return llvm::FunctionType::get(ret, params, false);
  };
  formatError_ = new llvm::GlobalVariable(*mod_, ptr, false, llvm::GlobalValue::InternalLinkage,
                                          llvm::ConstantPointerNull::get(b_.getPtrTy()),
                                          "llcc.fmt.err", nullptr,
                                          llvm::GlobalValue::GeneralDynamicTLSModel);
  formatCheck_ = llvm::Function::Create(fnTy(i32Ty, {i32Ty, i64Ty, dbl, ptr, i32Ty, ptr}),
                                        llvm::GlobalValue::InternalLinkage, "llcc.rt.fmt.check",
                                        mod_.get());
  formatCheck_->addFnAttr(llvm::Attribute::NoUnwind);
  formatCheck_->addFnAttr(llvm::Attribute::NoInline);
  FunctionScope scope(cur_, b_, formatCheck_);
  llvm::Value *tag = formatCheck_->getArg(0), *iv = formatCheck_->getArg(1),
              *fv = formatCheck_->getArg(2), *sv = formatCheck_->getArg(3),
              *conv = formatCheck_->getArg(4), *spec = formatCheck_->getArg(5);
  llvm::Function *ensure = weakPython("PyGILState_Ensure", fnTy(i32Ty, {}));
  llvm::Function *release = weakPython("PyGILState_Release", fnTy(voidTy, {i32Ty}));
  llvm::Function *format = weakPython("PyObject_Format", fnTy(ptr, {ptr, ptr}));
  llvm::Function *fromBool = weakPython("PyBool_FromLong", fnTy(ptr, {i64Ty}));
  llvm::Function *fromInt = weakPython("PyLong_FromLongLong", fnTy(ptr, {i64Ty}));
  llvm::Function *fromFloat = weakPython("PyFloat_FromDouble", fnTy(ptr, {dbl}));
  llvm::Function *fromStr = weakPython("PyUnicode_FromString", fnTy(ptr, {ptr}));
  llvm::Function *repr = weakPython("PyObject_Repr", fnTy(ptr, {ptr}));
  llvm::Function *ascii = weakPython("PyObject_ASCII", fnTy(ptr, {ptr}));
  llvm::Function *str = weakPython("PyObject_Str", fnTy(ptr, {ptr}));
  llvm::Function *asUtf8 = weakPython("PyUnicode_AsUTF8AndSize", fnTy(ptr, {ptr, ptr}));
  llvm::Function *decRef = weakPython("Py_DecRef", fnTy(voidTy, {ptr}));
  llvm::Function *fetch = weakPython("PyErr_Fetch", fnTy(voidTy, {ptr, ptr, ptr}));
  llvm::Function *normalize = weakPython("PyErr_NormalizeException", fnTy(voidTy, {ptr, ptr, ptr}));
  llvm::Function *restore = weakPython("PyErr_Restore", fnTy(voidTy, {ptr, ptr, ptr}));
  llvm::Function *matches =
      weakPython("PyErr_GivenExceptionMatches", fnTy(i32Ty, {ptr, ptr}));
  llvm::Function *malloc = libcFunction("malloc", fnTy(ptr, {i64Ty}));

  b_.SetInsertPoint(newBlock("entry"));
  llvm::Value *sizeSlot = b_.CreateAlloca(i64Ty, nullptr, "size");
  llvm::Type *triple = llvm::ArrayType::get(ptr, 3);
  llvm::Value *pending = b_.CreateAlloca(triple, nullptr, "pending");
  llvm::Value *raised = b_.CreateAlloca(triple, nullptr, "raised");
  llvm::Value *codeSlot = b_.CreateAlloca(i32Ty, nullptr, "code");
  b_.CreateStore(b_.getInt32(0), codeSlot);
  auto at = [&](llvm::Value *a, unsigned k) { return b_.CreateConstGEP2_32(triple, a, 0, k); };
  llvm::BasicBlock *python = newBlock("python");
  llvm::BasicBlock *done = newBlock("done");
  b_.CreateCondBr(b_.CreateAnd(b_.CreateIsNotNull(format),
                               b_.CreateAnd(b_.CreateIsNotNull(ensure),
                                            b_.CreateIsNotNull(release))),
                  python, done);

  // The Python object, made and converted as llcc.rt.msg.value makes it.
  b_.SetInsertPoint(python);
  llvm::Value *gil = b_.CreateCall(ensure);
  b_.CreateCall(fetch, {at(pending, 0), at(pending, 1), at(pending, 2)});
  llvm::Value *object;
  {
    llvm::BasicBlock *made = newBlock("made");
    llvm::SwitchInst *byTag = b_.CreateSwitch(tag, made, 4);
    llvm::BasicBlock *from = b_.GetInsertBlock();
    std::vector<std::pair<llvm::BasicBlock *, llvm::Value *>> incoming;
    auto kind = [&](unsigned t, llvm::Function *f, llvm::Value *arg) {
      llvm::BasicBlock *bb = newBlock("make");
      byTag->addCase(b_.getInt32(t), bb);
      b_.SetInsertPoint(bb);
      incoming.push_back({bb, b_.CreateCall(f, {arg})});
      b_.CreateBr(made);
    };
    kind(TagBool, fromBool, iv);
    kind(TagInt, fromInt, iv);
    kind(TagFloat, fromFloat, fv);
    kind(TagStr, fromStr, sv);
    b_.SetInsertPoint(made);
    llvm::PHINode *phi = b_.CreatePHI(ptr, 5, "object");
    phi->addIncoming(llvm::ConstantPointerNull::get(b_.getPtrTy()), from);
    for (auto &[bb, v] : incoming)
      phi->addIncoming(v, bb);
    object = phi;
  }
  {
    llvm::BasicBlock *converted = newBlock("converted");
    llvm::BasicBlock *from = b_.GetInsertBlock();
    llvm::SwitchInst *byConv = b_.CreateSwitch(conv, converted, 3);
    std::vector<std::pair<llvm::BasicBlock *, llvm::Value *>> incoming;
    auto conversion = [&](char c, llvm::Function *f) {
      llvm::BasicBlock *bb = newBlock("convert");
      byConv->addCase(b_.getInt32(c), bb);
      b_.SetInsertPoint(bb);
      llvm::Value *v = b_.CreateCall(f, {object});
      b_.CreateCall(decRef, {object});
      incoming.push_back({bb, v});
      b_.CreateBr(converted);
    };
    conversion('r', repr);
    conversion('a', ascii);
    conversion('s', str);
    b_.SetInsertPoint(converted);
    llvm::PHINode *phi = b_.CreatePHI(ptr, 4, "value");
    phi->addIncoming(object, from);
    for (auto &[bb, v] : incoming)
      phi->addIncoming(v, bb);
    object = phi;
  }
  llvm::Value *specObj = b_.CreateCall(fromStr, {spec});
  llvm::BasicBlock *doFormat = newBlock("format");
  llvm::BasicBlock *cleanup = newBlock("cleanup");
  b_.CreateCondBr(b_.CreateAnd(b_.CreateIsNotNull(object), b_.CreateIsNotNull(specObj)), doFormat,
                  cleanup);
  b_.SetInsertPoint(doFormat);
  llvm::Value *result = b_.CreateCall(format, {object, specObj});
  llvm::BasicBlock *ok = newBlock("formatted");
  llvm::BasicBlock *failed = newBlock("failed");
  b_.CreateCondBr(b_.CreateIsNotNull(result), ok, failed);
  b_.SetInsertPoint(ok);
  b_.CreateCall(decRef, {result});
  b_.CreateBr(cleanup);

  // format() raised: its class's code and str(exception).
  b_.SetInsertPoint(failed);
  b_.CreateCall(fetch, {at(raised, 0), at(raised, 1), at(raised, 2)});
  b_.CreateCall(normalize, {at(raised, 0), at(raised, 1), at(raised, 2)});
  llvm::Value *type = b_.CreateLoad(ptr, at(raised, 0));
  llvm::Value *code = b_.getInt32(1); // ValueError unless another matches
  for (size_t k = std::size(checkedClasses); k-- > 1;) {
    llvm::GlobalVariable *exc = mod_->getNamedGlobal(checkedClasses[k].pyExc);
    if (!exc) // a `PyObject *` variable of CPython's, as in Runtime.cpp
      exc = new llvm::GlobalVariable(*mod_, ptr, true, llvm::GlobalValue::ExternalWeakLinkage,
                                     nullptr, checkedClasses[k].pyExc);
    llvm::Value *cls = b_.CreateLoad(ptr, exc);
    llvm::Value *hit = b_.CreateICmpNE(b_.CreateCall(matches, {type, cls}), b_.getInt32(0));
    code = b_.CreateSelect(hit, b_.getInt32(int32_t(k + 1)), code);
  }
  b_.CreateStore(code, codeSlot);
  llvm::Value *value = b_.CreateLoad(ptr, at(raised, 1));
  llvm::Value *text = b_.CreateCall(str, {value});
  llvm::Value *utf8 = b_.CreateCall(asUtf8, {text, sizeSlot});
  llvm::BasicBlock *copy = newBlock("copy");
  llvm::BasicBlock *dropped = newBlock("dropped");
  b_.CreateCondBr(b_.CreateIsNotNull(utf8), copy, dropped);
  b_.SetInsertPoint(copy);
  llvm::Value *n = b_.CreateLoad(i64Ty, sizeSlot);
  llvm::Value *buf = b_.CreateCall(malloc, {b_.CreateAdd(n, b_.getInt64(1))});
  llvm::BasicBlock *fill = newBlock("fill");
  b_.CreateCondBr(b_.CreateIsNotNull(buf), fill, dropped);
  b_.SetInsertPoint(fill);
  b_.CreateMemCpy(buf, llvm::MaybeAlign(1), utf8, llvm::MaybeAlign(1), n);
  b_.CreateStore(b_.getInt8(0), b_.CreateGEP(b_.getInt8Ty(), buf, n));
  b_.CreateStore(buf, b_.CreateThreadLocalAddress(formatError_));
  b_.CreateBr(dropped);
  b_.SetInsertPoint(dropped);
  // The text and the exception are dropped (Py_DecRef takes null).
  b_.CreateCall(decRef, {text});
  for (unsigned k = 0; k < 3; ++k)
    b_.CreateCall(decRef, {b_.CreateLoad(ptr, at(raised, k))});
  b_.CreateBr(cleanup);

  b_.SetInsertPoint(cleanup);
  b_.CreateCall(decRef, {specObj});
  b_.CreateCall(decRef, {object});
  b_.CreateCall(restore, {b_.CreateLoad(ptr, at(pending, 0)), b_.CreateLoad(ptr, at(pending, 1)),
                          b_.CreateLoad(ptr, at(pending, 2))});
  b_.CreateCall(release, {gil});
  b_.CreateBr(done);

  b_.SetInsertPoint(done);
  b_.CreateRet(b_.CreateLoad(i32Ty, codeSlot));
  return formatCheck_;
}

void IRGen::checkNestedSpec(const FStringField &field, llvm::Value *v, llvm::Value *spec) {
  if (isNdarray(field.value->type)) {
    // numpy.ndarray.__format__ takes only an empty spec (object's); with
    // a conversion the spec formats its str, when appended.
    if (!field.conversion)
      check(b_.CreateICmpEQ(b_.CreateLoad(b_.getInt8Ty(), spec), b_.getInt8(0)),
            field.value->loc(),
            "TypeError: unsupported format string passed to numpy.ndarray.__format__");
    return;
  }
  ValueArgs a = valueArgs(b_, v, field.value->type, stringConstant(""));
  llvm::Value *code = b_.CreateCall(
      formatCheckFn(), {a.tag, a.iv, a.fv, a.sv, b_.getInt32(field.conversion), spec});
  llvm::BasicBlock *ok = newBlock("fmt.ok");
  llvm::SwitchInst *byCode = b_.CreateSwitch(code, ok, std::size(checkedClasses));
  for (size_t k = 0; k < std::size(checkedClasses); ++k) {
    llvm::BasicBlock *bad = newBlock("fmt.error");
    byCode->addCase(b_.getInt32(int32_t(k + 1)), bad);
    b_.SetInsertPoint(bad);
    raiseComposed(field.value->loc(), checkedClasses[k].name, [&] {
      // The message: CPython's, taken out of llcc.fmt.err (and freed).
      llvm::Type *ptr = b_.getPtrTy();
      llvm::Type *i64Ty = b_.getInt64Ty();
      llvm::Value *slot = b_.CreateThreadLocalAddress(formatError_);
      llvm::Value *text = b_.CreateLoad(ptr, slot);
      llvm::BasicBlock *have = newBlock("fmt.msg");
      llvm::BasicBlock *after = newBlock("fmt.msg.done");
      b_.CreateCondBr(b_.CreateIsNotNull(text), have, after);
      b_.SetInsertPoint(have);
      llvm::Function *strlen =
          libcFunction("strlen", llvm::FunctionType::get(i64Ty, {ptr}, false));
      llvm::Function *free =
          libcFunction("free", llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false));
      b_.CreateCall(msgAppendFn(), {text, b_.CreateCall(strlen, {text})});
      b_.CreateCall(free, {text});
      b_.CreateStore(llvm::ConstantPointerNull::get(b_.getPtrTy()), slot);
      b_.CreateBr(after);
      b_.SetInsertPoint(after);
    });
  }
  b_.SetInsertPoint(ok);
}

} // namespace llcc
