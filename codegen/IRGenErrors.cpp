//===- IRGenErrors.cpp - raise, assert, print, f-strings, str and None ----===//
//
// Lowers what a program says to its user. A `raise` (or a failing
// `assert`) builds its message at run time in a thread-local buffer
// (llcc.msg.buf: {data, length, capacity}, grown with realloc and kept for
// the thread's life), records it like any runtime error and returns false;
// the exported wrapper's llcc.rt.raise then sets the Python exception. The
// Python message is exactly the program's text, as str(e) is in CPython;
// llcc_last_error() has it behind `file:line:col: Class: `.
//
// Each value of an f-string (or a number used as a message, or an argument
// of print) is formatted by CPython itself when the host is a Python
// process: llcc.rt.msg.value makes a Python int, float, bool or str, applies
// the conversion (!r, !s, !a) and format(value, spec), so every format spec
// gives CPython's text. In any other host (the C API symbols are weak, so
// null there) it falls back to C's %lld and %.17g. print() writes the
// line through sys.stdout.write, so its output interleaves with Python's;
// without Python it goes to file descriptor 1.
//
// A str value is a pointer to NUL-terminated UTF-8 (a literal, or a str
// parameter's text in user_data); == and != compare with strcmp. A
// parameter whose default is None carries a flag (cur_->none) that `is None`
// reads and any other read checks.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/IR/MDBuilder.h>
#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {

/// Tags of llcc.rt.msg.value.
enum ValueTag : unsigned { TagBool = 0, TagInt = 1, TagFloat = 2, TagStr = 3 };

} // namespace

llvm::Function *IRGen::weakPython(const char *name, llvm::FunctionType *type) {
  if (llvm::Function *f = mod_->getFunction(name))
    return f;
  return llvm::Function::Create(type, llvm::GlobalValue::ExternalWeakLinkage, name, mod_.get());
}

llvm::Function *IRGen::libcFunction(const char *name, llvm::FunctionType *type) {
  return cast<llvm::Function>(mod_->getOrInsertFunction(name, type).getCallee());
}

//===----------------------------------------------------------------------===//
// The message buffer
//===----------------------------------------------------------------------===//

/// `void llcc.rt.msg.append(ptr text, i64 n)`: appends n bytes and keeps the
/// buffer NUL-terminated; drops the text when memory runs out.
llvm::Function *IRGen::msgAppendFn() {
  if (msgAppend_)
    return msgAppend_;
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::StructType *bufTy = llvm::StructType::get(ctx_, {ptr, i64Ty, i64Ty});
  msgBuf_ = new llvm::GlobalVariable(*mod_, bufTy, false, llvm::GlobalValue::InternalLinkage,
                                     llvm::Constant::getNullValue(bufTy), "llcc.msg.buf", nullptr,
                                     llvm::GlobalValue::GeneralDynamicTLSModel);
  msgAppend_ = llvm::Function::Create(llvm::FunctionType::get(b_.getVoidTy(), {ptr, i64Ty}, false),
                                      llvm::GlobalValue::InternalLinkage, "llcc.rt.msg.append",
                                      mod_.get());
  msgAppend_->addFnAttr(llvm::Attribute::NoUnwind);
  msgAppend_->addFnAttr(llvm::Attribute::Cold);
  FunctionScope scope(cur_, b_, msgAppend_);
  llvm::Function *realloc =
      libcFunction("realloc", llvm::FunctionType::get(ptr, {ptr, i64Ty}, false));
  b_.SetInsertPoint(newBlock("entry"));
  auto [dataPtr, lenPtr, capPtr] = msgBufferFields();
  llvm::Value *len = b_.CreateLoad(i64Ty, lenPtr);
  llvm::Value *cap = b_.CreateLoad(i64Ty, capPtr);
  llvm::Value *n = msgAppend_->getArg(1);
  llvm::Value *need = b_.CreateAdd(b_.CreateAdd(len, n), i64(1));
  llvm::BasicBlock *grow = newBlock("grow");
  llvm::BasicBlock *grown = newBlock("grown");
  llvm::BasicBlock *copy = newBlock("copy");
  llvm::BasicBlock *done = newBlock("done");
  b_.CreateCondBr(b_.CreateICmpUGT(need, cap), grow, copy);
  b_.SetInsertPoint(grow);
  llvm::Value *twice = b_.CreateMul(cap, i64(2));
  llvm::Value *newCap = b_.CreateSelect(b_.CreateICmpUGT(need, twice), need, twice);
  newCap = b_.CreateSelect(b_.CreateICmpULT(newCap, i64(256)), i64(256), newCap);
  llvm::Value *data = b_.CreateCall(realloc, {b_.CreateLoad(ptr, dataPtr), newCap});
  b_.CreateCondBr(b_.CreateIsNull(data), done, grown);
  b_.SetInsertPoint(grown);
  b_.CreateStore(data, dataPtr);
  b_.CreateStore(newCap, capPtr);
  b_.CreateBr(copy);
  b_.SetInsertPoint(copy);
  llvm::Value *base = b_.CreateLoad(ptr, dataPtr);
  b_.CreateMemCpy(b_.CreateGEP(b_.getInt8Ty(), base, len), llvm::MaybeAlign(1),
                  msgAppend_->getArg(0), llvm::MaybeAlign(1), n);
  llvm::Value *newLen = b_.CreateAdd(len, n);
  b_.CreateStore(newLen, lenPtr);
  b_.CreateStore(b_.getInt8(0), b_.CreateGEP(b_.getInt8Ty(), base, newLen));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.CreateRetVoid();
  return msgAppend_;
}

IRGen::MsgBufferFields IRGen::msgBufferFields() {
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::StructType *bufTy = llvm::StructType::get(ctx_, {b_.getPtrTy(), i64Ty, i64Ty});
  llvm::Value *state = b_.CreateThreadLocalAddress(msgBuf_);
  return {b_.CreateStructGEP(bufTy, state, 0), b_.CreateStructGEP(bufTy, state, 1),
          b_.CreateStructGEP(bufTy, state, 2)};
}

llvm::Value *IRGen::appendConstant(const std::string &text) {
  return b_.CreateCall(msgAppendFn(), {stringConstant(text), i64(int64_t(text.size()))});
}

/// `void llcc.rt.msg.value(i32 tag, i64 i, double f, ptr s, i32 conversion,
/// ptr spec)`: appends format(conversion(value), spec) as CPython computes
/// it, or C's rendering without Python.
llvm::Function *IRGen::msgValueFn() {
  if (msgValue_)
    return msgValue_;
  llvm::Function *append = msgAppendFn();
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i32Ty = b_.getInt32Ty();
  llvm::Type *dbl = b_.getDoubleTy();
  auto fnTy = [&](llvm::Type *ret, std::vector<llvm::Type *> params, bool varargs = false) {
    return llvm::FunctionType::get(ret, params, varargs);
  };
  msgValue_ = llvm::Function::Create(fnTy(b_.getVoidTy(), {i32Ty, i64Ty, dbl, ptr, i32Ty, ptr}),
                                     llvm::GlobalValue::InternalLinkage, "llcc.rt.msg.value",
                                     mod_.get());
  msgValue_->addFnAttr(llvm::Attribute::NoUnwind);
  msgValue_->addFnAttr(llvm::Attribute::NoInline);
  FunctionScope scope(cur_, b_, msgValue_);
  llvm::Value *tag = msgValue_->getArg(0), *iv = msgValue_->getArg(1), *fv = msgValue_->getArg(2),
              *sv = msgValue_->getArg(3), *conv = msgValue_->getArg(4),
              *spec = msgValue_->getArg(5);
  llvm::Function *ensure = weakPython("PyGILState_Ensure", fnTy(i32Ty, {}));
  llvm::Function *release = weakPython("PyGILState_Release", fnTy(b_.getVoidTy(), {i32Ty}));
  llvm::Function *format = weakPython("PyObject_Format", fnTy(ptr, {ptr, ptr}));
  llvm::Function *fromBool = weakPython("PyBool_FromLong", fnTy(ptr, {i64Ty}));
  llvm::Function *fromInt = weakPython("PyLong_FromLongLong", fnTy(ptr, {i64Ty}));
  llvm::Function *fromFloat = weakPython("PyFloat_FromDouble", fnTy(ptr, {dbl}));
  llvm::Function *fromStr = weakPython("PyUnicode_FromString", fnTy(ptr, {ptr}));
  llvm::Function *repr = weakPython("PyObject_Repr", fnTy(ptr, {ptr}));
  llvm::Function *ascii = weakPython("PyObject_ASCII", fnTy(ptr, {ptr}));
  llvm::Function *str = weakPython("PyObject_Str", fnTy(ptr, {ptr}));
  llvm::Function *asUtf8 = weakPython("PyUnicode_AsUTF8AndSize", fnTy(ptr, {ptr, ptr}));
  llvm::Function *decRef = weakPython("Py_DecRef", fnTy(b_.getVoidTy(), {ptr}));
  llvm::Function *clear = weakPython("PyErr_Clear", fnTy(b_.getVoidTy(), {}));
  llvm::Function *fetch = weakPython("PyErr_Fetch", fnTy(b_.getVoidTy(), {ptr, ptr, ptr}));
  llvm::Function *restore = weakPython("PyErr_Restore", fnTy(b_.getVoidTy(), {ptr, ptr, ptr}));
  llvm::Function *snprintf = libcFunction("snprintf", fnTy(i32Ty, {ptr, i64Ty, ptr}, true));
  llvm::Function *strlen = libcFunction("strlen", fnTy(i64Ty, {ptr}));

  b_.SetInsertPoint(newBlock("entry"));
  llvm::Value *sizeSlot = b_.CreateAlloca(i64Ty, nullptr, "size");
  llvm::Value *text = b_.CreateAlloca(llvm::ArrayType::get(b_.getInt8Ty(), 40), nullptr, "text");
  llvm::BasicBlock *python = newBlock("python");
  llvm::BasicBlock *plain = newBlock("plain");
  llvm::BasicBlock *done = newBlock("done");
  llvm::Value *havePython =
      b_.CreateAnd(b_.CreateIsNotNull(format),
                   b_.CreateAnd(b_.CreateIsNotNull(ensure), b_.CreateIsNotNull(release)));
  b_.CreateCondBr(havePython, python, plain);

  // With Python: format(conversion(value), spec).
  b_.SetInsertPoint(python);
  llvm::Value *gil = b_.CreateCall(ensure);
  // An exception may be pending (SciPy calls on after a failed pixel):
  // set it aside while formatting, which would fail with it set.
  llvm::Value *pending = b_.CreateAlloca(llvm::ArrayType::get(ptr, 3), nullptr, "pending");
  auto pendingAt = [&](unsigned k) { return b_.CreateConstGEP2_32(llvm::ArrayType::get(ptr, 3), pending, 0, k); };
  b_.CreateCall(fetch, {pendingAt(0), pendingAt(1), pendingAt(2)});
  llvm::BasicBlock *made = newBlock("made");
  llvm::SwitchInst *byTag = b_.CreateSwitch(tag, made, 4);
  llvm::PHINode *object;
  {
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
    object = b_.CreatePHI(ptr, 5, "object");
    object->addIncoming(llvm::ConstantPointerNull::get(b_.getPtrTy()), python);
    for (auto &[bb, v] : incoming)
      object->addIncoming(v, bb);
  }
  llvm::BasicBlock *converted = newBlock("converted");
  llvm::SwitchInst *byConv = b_.CreateSwitch(conv, converted, 3);
  llvm::PHINode *convertedObj;
  {
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
    convertedObj = b_.CreatePHI(ptr, 4, "value");
    convertedObj->addIncoming(object, made);
    for (auto &[bb, v] : incoming)
      convertedObj->addIncoming(v, bb);
  }
  llvm::Value *specObj = b_.CreateCall(fromStr, {spec});
  llvm::BasicBlock *doFormat = newBlock("format");
  llvm::BasicBlock *formatted = newBlock("formatted");
  b_.CreateCondBr(b_.CreateAnd(b_.CreateIsNotNull(convertedObj), b_.CreateIsNotNull(specObj)),
                  doFormat, formatted);
  b_.SetInsertPoint(doFormat);
  llvm::Value *result = b_.CreateCall(format, {convertedObj, specObj});
  b_.CreateBr(formatted);
  b_.SetInsertPoint(formatted);
  llvm::PHINode *res = b_.CreatePHI(ptr, 2, "result");
  res->addIncoming(llvm::ConstantPointerNull::get(b_.getPtrTy()), converted);
  res->addIncoming(result, doFormat);
  llvm::BasicBlock *haveResult = newBlock("have.result");
  llvm::BasicBlock *cleanup = newBlock("cleanup");
  llvm::BasicBlock *failed = newBlock("failed");
  b_.CreateCondBr(b_.CreateIsNotNull(res), haveResult, failed);
  b_.SetInsertPoint(failed);
  b_.CreateCall(clear);
  b_.CreateBr(cleanup);
  b_.SetInsertPoint(haveResult);
  llvm::Value *utf8 = b_.CreateCall(asUtf8, {res, sizeSlot});
  llvm::BasicBlock *copy = newBlock("copy");
  b_.CreateCondBr(b_.CreateIsNotNull(utf8), copy, failed);
  b_.SetInsertPoint(copy);
  b_.CreateCall(append, {utf8, b_.CreateLoad(i64Ty, sizeSlot)});
  b_.CreateBr(cleanup);
  b_.SetInsertPoint(cleanup);
  b_.CreateCall(decRef, {res});
  b_.CreateCall(decRef, {specObj});
  b_.CreateCall(decRef, {convertedObj});
  b_.CreateCall(restore, {b_.CreateLoad(ptr, pendingAt(0)), b_.CreateLoad(ptr, pendingAt(1)),
                          b_.CreateLoad(ptr, pendingAt(2))});
  b_.CreateCall(release, {gil});
  b_.CreateBr(done);

  // Without Python: C's rendering (documented as approximate).
  b_.SetInsertPoint(plain);
  llvm::BasicBlock *cBool = newBlock("c.bool"), *cInt = newBlock("c.int"),
                   *cFloat = newBlock("c.float"), *cStr = newBlock("c.str");
  llvm::SwitchInst *cTag = b_.CreateSwitch(tag, cStr, 3);
  cTag->addCase(b_.getInt32(TagBool), cBool);
  cTag->addCase(b_.getInt32(TagInt), cInt);
  cTag->addCase(b_.getInt32(TagFloat), cFloat);
  b_.SetInsertPoint(cBool);
  llvm::Value *isTrue = b_.CreateICmpNE(iv, i64(0));
  b_.CreateCall(append, {b_.CreateSelect(isTrue, stringConstant("True"), stringConstant("False")),
                         b_.CreateSelect(isTrue, i64(4), i64(5))});
  b_.CreateBr(done);
  auto cFormat = [&](llvm::BasicBlock *bb, const char *fmt, llvm::Value *v) {
    b_.SetInsertPoint(bb);
    llvm::Value *n = b_.CreateCall(snprintf, {text, i64(40), stringConstant(fmt), v});
    n = b_.CreateSExt(n, i64Ty);
    n = b_.CreateSelect(b_.CreateICmpSGT(n, i64(39)), i64(39), n);
    b_.CreateCall(append, {text, n});
    b_.CreateBr(done);
  };
  cFormat(cInt, "%lld", iv);
  cFormat(cFloat, "%.17g", fv);
  b_.SetInsertPoint(cStr);
  b_.CreateCall(append, {sv, b_.CreateCall(strlen, {sv})});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.CreateRetVoid();
  return msgValue_;
}

/// `void llcc.rt.print.out()`: writes the message buffer through
/// sys.stdout.write, or to file descriptor 1 without Python.
llvm::Function *IRGen::printOutFn() {
  if (printOut_)
    return printOut_;
  msgAppendFn();
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i32Ty = b_.getInt32Ty();
  printOut_ = llvm::Function::Create(llvm::FunctionType::get(b_.getVoidTy(), false),
                                     llvm::GlobalValue::InternalLinkage, "llcc.rt.print.out",
                                     mod_.get());
  printOut_->addFnAttr(llvm::Attribute::NoUnwind);
  printOut_->addFnAttr(llvm::Attribute::NoInline);
  FunctionScope scope(cur_, b_, printOut_);
  llvm::Function *ensure =
      weakPython("PyGILState_Ensure", llvm::FunctionType::get(i32Ty, false));
  llvm::Function *release = weakPython(
      "PyGILState_Release", llvm::FunctionType::get(b_.getVoidTy(), {i32Ty}, false));
  llvm::Function *getObject =
      weakPython("PySys_GetObject", llvm::FunctionType::get(ptr, {ptr}, false));
  llvm::Function *callMethod =
      weakPython("PyObject_CallMethod", llvm::FunctionType::get(ptr, {ptr, ptr, ptr}, true));
  llvm::Function *decRef =
      weakPython("Py_DecRef", llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false));
  llvm::Function *clear = weakPython("PyErr_Clear", llvm::FunctionType::get(b_.getVoidTy(), false));
  llvm::Function *fetch = weakPython(
      "PyErr_Fetch", llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, ptr}, false));
  llvm::Function *restore = weakPython(
      "PyErr_Restore", llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, ptr}, false));
  llvm::Function *write =
      libcFunction("write", llvm::FunctionType::get(i64Ty, {i32Ty, ptr, i64Ty}, false));
  llvm::StructType *bufTy = llvm::StructType::get(ctx_, {ptr, i64Ty, i64Ty});
  b_.SetInsertPoint(newBlock("entry"));
  llvm::Value *state = b_.CreateThreadLocalAddress(msgBuf_);
  llvm::Value *data = b_.CreateLoad(ptr, b_.CreateStructGEP(bufTy, state, 0));
  llvm::Value *len = b_.CreateLoad(i64Ty, b_.CreateStructGEP(bufTy, state, 1));
  llvm::BasicBlock *python = newBlock("python"), *call = newBlock("call"),
                   *pyDone = newBlock("python.done"), *plain = newBlock("plain"),
                   *done = newBlock("done");
  llvm::Value *havePython = b_.CreateAnd(
      b_.CreateIsNotNull(callMethod),
      b_.CreateAnd(b_.CreateIsNotNull(ensure), b_.CreateIsNotNull(getObject)));
  b_.CreateCondBr(b_.CreateAnd(havePython, b_.CreateIsNotNull(data)), python, plain);
  b_.SetInsertPoint(python);
  llvm::Value *gil = b_.CreateCall(ensure);
  llvm::Type *triple = llvm::ArrayType::get(ptr, 3);
  llvm::Value *pending = b_.CreateAlloca(triple, nullptr, "pending");
  auto pendingAt = [&](unsigned k) { return b_.CreateConstGEP2_32(triple, pending, 0, k); };
  b_.CreateCall(fetch, {pendingAt(0), pendingAt(1), pendingAt(2)});
  llvm::Value *out = b_.CreateCall(getObject, {stringConstant("stdout")});
  b_.CreateCondBr(b_.CreateIsNotNull(out), call, pyDone);
  b_.SetInsertPoint(call);
  llvm::Value *r =
      b_.CreateCall(callMethod, {out, stringConstant("write"), stringConstant("s"), data});
  llvm::BasicBlock *ok = newBlock("ok"), *bad = newBlock("bad");
  b_.CreateCondBr(b_.CreateIsNotNull(r), ok, bad);
  b_.SetInsertPoint(bad);
  b_.CreateCall(clear);
  b_.CreateBr(pyDone);
  b_.SetInsertPoint(ok);
  b_.CreateCall(decRef, {r});
  b_.CreateBr(pyDone);
  b_.SetInsertPoint(pyDone);
  b_.CreateCall(restore, {b_.CreateLoad(ptr, pendingAt(0)), b_.CreateLoad(ptr, pendingAt(1)),
                          b_.CreateLoad(ptr, pendingAt(2))});
  b_.CreateCall(release, {gil});
  b_.CreateBr(done);
  b_.SetInsertPoint(plain);
  llvm::BasicBlock *doWrite = newBlock("write");
  b_.CreateCondBr(b_.CreateIsNotNull(data), doWrite, done);
  b_.SetInsertPoint(doWrite);
  b_.CreateCall(write, {b_.getInt32(1), data, len});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.CreateRetVoid();
  return printOut_;
}

//===----------------------------------------------------------------------===//
// Messages
//===----------------------------------------------------------------------===//

/// The values an f-string's fields (or a str/number message) need, in
/// source order: Python evaluates them all before formatting any.
std::vector<llvm::Value *> IRGen::messageValues(const Expr &e) {
  std::vector<llvm::Value *> values;
  // A parameter whose default is None formats as "None" while it is None:
  // its value is read unchecked, with its flag kept beside it.
  auto value = [&](const Expr &x) {
    if (isNdarray(x.type))
      return arrayTextValue(x); // its elements, copied (IRGenArrayText.cpp)
    auto *n = dyn_cast<NameExpr>(&x);
    if (n && n->ref == NameRef::Local && cur_->none[n->localIndex]) {
      noneFlags_[values.size()] = b_.CreateLoad(b_.getInt1Ty(), cur_->none[n->localIndex]);
      return static_cast<llvm::Value *>(b_.CreateLoad(
          llvmType(cur_->def->locals[n->localIndex].type, cur_->def->locals[n->localIndex].shape),
          cur_->slots[n->localIndex]));
    }
    return genExpr(x);
  };
  noneFlags_.clear();
  if (isa<StringLiteralExpr>(&e))
    return values;
  if (auto *f = dyn_cast<FStringExpr>(&e)) {
    // A spec made at run time (`{x:.{p}f}`) is evaluated after its field's
    // value and checked at once; its text follows the fields' values.
    std::vector<llvm::Value *> specs;
    for (const FStringField &field : f->fields) {
      values.push_back(value(*field.value));
      if (field.nestedSpec && !f->percent) {
        specs.push_back(genExpr(*field.nestedSpec)); // IRGenFormatSpec.cpp
        checkNestedSpec(field, values.back(), specs.back());
        continue;
      }
      if (f->percent)
        continue;
      // Formatted as soon as computed (a printf-style part joined by '+'
      // into a message is formatted before the next part is evaluated).
      if (field.truncToInt())
        values.back() = percentTruncToInt(field, values.back());
      checkFormatSpec(field, values.back());
    }
    // printf-style: the tuple is built first, then formatted left to right.
    if (f->percent)
      for (size_t i = 0; i < f->fields.size(); ++i) {
        if (f->fields[i].truncToInt())
          values[i] = percentTruncToInt(f->fields[i], values[i]);
        checkFormatSpec(f->fields[i], values[i]);
      }
    values.insert(values.end(), specs.begin(), specs.end());
    return values;
  }
  values.push_back(value(e));
  return values;
}

/// printf's `%d` of a float formats int(x): NaN raises ValueError and the
/// infinities OverflowError, with int()'s messages; otherwise the value is
/// trunc(x) + 0.0 (no -0), printed by a '.0f' spec with every digit
/// (llcc's ints would stop at 64 bits, CPython's do not). An int-or-float
/// is checked and truncated only while it holds a float.
llvm::Value *IRGen::percentTruncToInt(const FStringField &field, llvm::Value *v) {
  SourceLoc loc = field.value->loc();
  Type t = field.value->type;
  llvm::Value *isInt = t == Type::IntOrFloat ? b_.CreateExtractValue(v, 0) : b_.getFalse();
  llvm::Value *f = t == Type::IntOrFloat ? b_.CreateExtractValue(v, 2) : v;
  check(b_.CreateOr(isInt, b_.CreateFCmpORD(f, f)), loc,
        "ValueError: cannot convert float NaN to integer");
  llvm::Value *inf = b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, f),
                                      f64(std::numeric_limits<double>::infinity()));
  check(b_.CreateOr(isInt, b_.CreateNot(inf)), loc,
        "OverflowError: cannot convert float infinity to integer");
  llvm::Value *whole = b_.CreateFAdd(b_.CreateUnaryIntrinsic(llvm::Intrinsic::trunc, f), f64(0.0));
  return t == Type::IntOrFloat ? b_.CreateInsertValue(v, whole, 2) : whole;
}

/// The spec a truncated float prints with: '.0f' in place of 'd'.
static std::string truncSpec(const std::string &spec) {
  return spec.substr(0, spec.size() - 1) + ".0f";
}

/// CPython formats each field as soon as its value is computed, and a spec
/// the value's type does not take raises ValueError there (`{n:.2}` of an
/// int, `{x:d}` of a float); an int-or-float raises for the kind it holds.
void IRGen::checkFormatSpec(const FStringField &field, llvm::Value *v) {
  if (field.formatSpec.empty() || field.truncToInt())
    return;
  Type t = field.conversion ? Type::Str : field.value->type;
  SourceLoc loc = field.value->loc();
  if (isNdarray(t)) {
    check(b_.getFalse(), loc,
          "TypeError: unsupported format string passed to numpy.ndarray.__format__");
    return;
  }
  if (t == Type::IntOrFloat) {
    llvm::Value *isInt = b_.CreateExtractValue(v, 0);
    std::string asInt = formatSpecError(field.formatSpec, Type::Int);
    std::string asFloat = formatSpecError(field.formatSpec, Type::Float);
    if (!asInt.empty())
      check(b_.CreateNot(isInt), loc, "ValueError: " + asInt);
    if (!asFloat.empty())
      check(isInt, loc, "ValueError: " + asFloat);
    return;
  }
  std::string why = formatSpecError(field.formatSpec, t);
  if (!why.empty())
    check(b_.getFalse(), loc, "ValueError: " + why);
}

// A spec known when compiling is a constant string: the same runtime call
// as a spec made at run time (IRGenFormatSpec.cpp).
void IRGen::appendMaybeNone(llvm::Value *flag, llvm::Value *v, Type t, char conversion,
                            const std::string &spec) {
  appendMaybeNone(flag, v, t, conversion, stringConstant(spec));
}

/// A `%d` field of a float (percentTruncToInt): an int-or-float prints its
/// int with the spec, its float with truncSpec.
void IRGen::appendTruncated(const FStringField &field, llvm::Value *v) {
  const std::string &spec = field.formatSpec;
  if (field.value->type != Type::IntOrFloat) {
    appendValue(v, Type::Float, 0, truncSpec(spec));
    return;
  }
  llvm::BasicBlock *asInt = newBlock("fmt.int");
  llvm::BasicBlock *asFloat = newBlock("fmt.float");
  llvm::BasicBlock *done = newBlock("fmt.done");
  b_.CreateCondBr(b_.CreateExtractValue(v, 0), asInt, asFloat);
  b_.SetInsertPoint(asInt);
  appendValue(b_.CreateExtractValue(v, 1), Type::Int, 0, spec);
  b_.CreateBr(done);
  b_.SetInsertPoint(asFloat);
  appendValue(b_.CreateExtractValue(v, 2), Type::Float, 0, truncSpec(spec));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void IRGen::appendValue(llvm::Value *v, Type t, char conversion, const std::string &spec) {
  appendValue(v, t, conversion, stringConstant(spec));
}

void IRGen::appendMessage(const Expr &e, const std::vector<llvm::Value *> &values,
                          const std::map<size_t, llvm::Value *> &flags) {
  auto flagOf = [&](size_t i) -> llvm::Value * {
    auto it = flags.find(i);
    return it == flags.end() ? nullptr : it->second;
  };
  if (auto *s = dyn_cast<StringLiteralExpr>(&e)) {
    appendConstant(s->value);
    return;
  }
  if (auto *f = dyn_cast<FStringExpr>(&e)) {
    size_t nextSpec = f->fields.size(); // messageValues puts made specs last
    for (size_t i = 0; i < f->texts.size(); ++i) {
      if (!f->texts[i].empty())
        appendConstant(f->texts[i]);
      if (i < f->fields.size() && f->fields[i].nestedSpec)
        appendMaybeNone(flagOf(i), values[i], f->fields[i].value->type, f->fields[i].conversion,
                        values.at(nextSpec++));
      else if (i < f->fields.size() && f->fields[i].truncToInt())
        appendTruncated(f->fields[i], values[i]);
      else if (i < f->fields.size())
        appendMaybeNone(flagOf(i), values[i], f->fields[i].value->type, f->fields[i].conversion,
                        f->fields[i].formatSpec);
    }
    return;
  }
  appendMaybeNone(flagOf(0), values.at(0), e.type, 0, "");
}

void IRGen::raiseWithMessage(SourceLoc loc, const std::string &className, const Expr *message) {
  unsigned kind = exceptionKind(className);
  std::string where = file_.path() + ":" + std::to_string(loc.line) + ":" +
                      std::to_string(loc.col) + ": " + className + ": ";
  if (!message || isa<StringLiteralExpr>(message)) {
    std::string text = message ? cast<StringLiteralExpr>(message)->value : "";
    if (inLibraryCode()) { // a code, reported at the user's call
      fail(loc, className + ": " + text);
      return;
    }
    b_.CreateCall(recordFn_, {stringConstant(where + text), stringConstant(text),
                              b_.getInt32(kind),
                              i64(message && className == "KeyError" ? KeyErrorStrFlag : 0)});
    errorExit();
    return;
  }
  std::vector<llvm::Value *> values = messageValues(*message);
  std::map<size_t, llvm::Value *> flags = noneFlags_;
  raiseComposed(loc, className, [&] { appendMessage(*message, values, flags); },
                className == "KeyError" && message->type == Type::Str ? KeyErrorStrFlag : 0);
}

void IRGen::raiseComposed(SourceLoc loc, const std::string &className,
                          const std::function<void()> &append, int64_t textAt) {
  unsigned kind = exceptionKind(className);
  std::string where = file_.path() + ":" + std::to_string(loc.line) + ":" +
                      std::to_string(loc.col) + ": " + className + ": ";
  if (inLibraryCode()) {
    // Library code formats the message alone and leaves -(kind + 1) for the
    // user's call, which puts its own position and the class in front
    // (propagateLibrary): a position in the library means nothing to the
    // user, and the library's functions are shared by every call.
    llvm::StructType *bufTy =
        llvm::StructType::get(ctx_, {b_.getPtrTy(), b_.getInt64Ty(), b_.getInt64Ty()});
    msgAppendFn();
    b_.CreateStore(i64(0), b_.CreateStructGEP(bufTy, b_.CreateThreadLocalAddress(msgBuf_), 1));
    appendConstant("");
    append();
    b_.CreateStore(b_.getInt32(-static_cast<int>(kind) - 1),
                   b_.CreateThreadLocalAddress(libraryFailSlot()));
    errorExit();
    return;
  }
  // The buffer holds "file:line:col: Class: message"; Python gets the
  // message alone, from just after the prefix.
  llvm::StructType *bufTy =
      llvm::StructType::get(ctx_, {b_.getPtrTy(), b_.getInt64Ty(), b_.getInt64Ty()});
  msgAppendFn();
  b_.CreateStore(i64(0), b_.CreateStructGEP(bufTy, b_.CreateThreadLocalAddress(msgBuf_), 1));
  appendConstant(where);
  append();
  llvm::Value *data =
      b_.CreateLoad(b_.getPtrTy(),
                    b_.CreateStructGEP(bufTy, b_.CreateThreadLocalAddress(msgBuf_), 0));
  // Out of memory leaves no buffer: fall back to the class alone.
  llvm::Value *have = b_.CreateIsNotNull(data);
  llvm::Value *full = b_.CreateSelect(have, data, stringConstant(where));
  llvm::Value *py = b_.CreateSelect(
      have, b_.CreateGEP(b_.getInt8Ty(), data, i64(int64_t(where.size()))), stringConstant(""));
  b_.CreateCall(recordFn_, {full, py, b_.getInt32(kind), i64(textAt)});
  errorExit();
}

// `raise Class(message)` becomes a recorded message and `return false`.
void IRGen::genRaise(const RaiseStmt &s) {
  if (!s.exception && !cur_->caught.empty())
    genReraise();
  else
    raiseWithMessage(s.loc(), s.className, s.message);
  startDeadBlock();
}

// `assert cond, message` becomes `if not cond: raise AssertionError(message)`.
void IRGen::genAssert(const AssertStmt &s) {
  llvm::Value *ok = truthy(genExpr(*s.cond), s.cond->type);
  llvm::BasicBlock *cont = newBlock("assert.ok");
  llvm::BasicBlock *bad = newBlock("assert.failed");
  b_.CreateCondBr(ok, cont, bad, llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(bad);
  raiseWithMessage(s.loc(), "AssertionError", s.message.get());
  b_.SetInsertPoint(cont);
}

// `print(a, b, sep=" ", end="\n")` becomes the line built in the message
// buffer and written through sys.stdout.
llvm::Value *IRGen::genPrint(const CallExpr &e) {
  std::string sep = " ", end = "\n";
  for (const KeywordArg &k : e.keywords) {
    auto *s = dyn_cast<StringLiteralExpr>(k.value.get());
    if (k.name == "sep")
      sep = s ? s->value : " ";
    else if (k.name == "end")
      end = s ? s->value : "\n";
    else
      genExpr(*k.value); // flush=: evaluated, output is written at once anyway
  }
  std::vector<std::vector<llvm::Value *>> values;
  std::vector<std::map<size_t, llvm::Value *>> flags;
  for (auto &a : e.args) {
    values.push_back(messageValues(*a));
    flags.push_back(noneFlags_);
  }
  llvm::StructType *bufTy =
      llvm::StructType::get(ctx_, {b_.getPtrTy(), b_.getInt64Ty(), b_.getInt64Ty()});
  msgAppendFn();
  b_.CreateStore(i64(0), b_.CreateStructGEP(bufTy, b_.CreateThreadLocalAddress(msgBuf_), 1));
  appendConstant("");
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (i && !sep.empty())
      appendConstant(sep);
    appendMessage(*e.args[i], values[i], flags[i]);
  }
  if (!end.empty())
    appendConstant(end);
  b_.CreateCall(printOutFn());
  return nullptr;
}

//===----------------------------------------------------------------------===//
// str and None comparisons
//===----------------------------------------------------------------------===//

bool IRGen::isSpecialCompare(const CompareExpr &e) {
  if (e.ops.size() != 1)
    return false;
  if (e.ops[0] == CompareOp::Is || e.ops[0] == CompareOp::IsNot)
    return true;
  for (auto &o : e.operands)
    if (o->type == Type::Str || o->type == Type::None)
      return true;
  return false;
}

/// True when `e` holds None: None itself, or a parameter whose default is
/// None or a variable assigned None while it still holds None; a constant
/// false for anything else. A variable not yet assigned raises
/// UnboundLocalError, as reading it does.
llvm::Value *IRGen::noneFlag(const Expr &e) {
  if (isa<NoneLiteralExpr>(&e))
    return b_.getTrue();
  if (auto *n = dyn_cast<NameExpr>(&e);
      n && n->ref == NameRef::Local && cur_->none[n->localIndex]) {
    checkBound(n->localIndex, e.loc());
    return b_.CreateLoad(b_.getInt1Ty(), cur_->none[n->localIndex]);
  }
  genExpr(e);
  return b_.getFalse();
}

/// Whether two strs (NUL-terminated UTF-8) are equal: strcmp(x, y) == 0.
llvm::Value *IRGen::strEquals(llvm::Value *x, llvm::Value *y) {
  llvm::Function *strcmp = libcFunction(
      "strcmp", llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy(), b_.getPtrTy()}, false));
  return b_.CreateICmpEQ(b_.CreateCall(strcmp, {x, y}), b_.getInt32(0));
}

// `x is None` reads x's None flag; `s == "max"` becomes strcmp(s, "max") == 0;
// a str against a number is never equal, as in Python.
llvm::Value *IRGen::genSpecialCompare(const CompareExpr &e) {
  const Expr &a = *e.operands[0], &c = *e.operands[1];
  CompareOp op = e.ops[0];
  bool negate = op == CompareOp::IsNot || op == CompareOp::Ne;
  llvm::Value *equal;
  if (a.type == Type::None || c.type == Type::None) {
    llvm::Value *x = noneFlag(a);
    llvm::Value *y = noneFlag(c);
    equal = b_.CreateAnd(x, y);
  } else if (a.type == Type::Str && c.type == Type::Str) {
    llvm::Value *x = genExpr(a);
    equal = strEquals(x, genExpr(c));
  } else {
    genExpr(a);
    genExpr(c);
    equal = b_.getFalse();
  }
  return negate ? b_.CreateNot(equal) : equal;
}

} // namespace llcc
