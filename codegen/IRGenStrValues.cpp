//===- IRGenStrValues.cpp - strs computed at run time ---------------------===//
//
// A computed str (an f-string or `a + b` outside a message, `s * n`,
// `str(x)`, `repr(x)`, `s.lower()`, ...; frontend/SemaStrValues.cpp) is a
// pointer to NUL-terminated UTF-8 in the call's arena, like the other
// values a call makes. Its parts are evaluated first (user code may print
// or raise, which reuses the message buffer), then its text is appended to
// the message buffer after what the buffer holds, copied into the arena
// (length + 1 bytes), and the buffer is put back as it was. The text of
// numbers and of str methods is CPython's own (llcc.rt.msg.value, and
// llcc.rt.str.method, which calls the method through the C API); without
// Python (a C host) numbers print as C does and the str methods that make
// text return the text unchanged (their int and bool results are 0).
// len(s), startswith, endswith and `in` are computed on the UTF-8 bytes,
// which is exact for code points.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/IR/MDBuilder.h>
#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;

namespace llcc {

namespace {

bool textMethod(const std::string &b) {
  static const char *const names[] = {
      "str.lower",      "str.upper", "str.casefold", "str.swapcase", "str.title",
      "str.capitalize", "str.strip", "str.lstrip",   "str.rstrip",   "str.replace"};
  for (const char *n : names)
    if (b == n)
      return true;
  return false;
}

} // namespace

/// `i64 llcc.rt.str.method(ptr self, ptr name, ptr fmt, ptr a, ptr b, i32
/// mode, i64 index)`: calls self.name(a, b) (fmt the C API's format of the
/// arguments, null for none); returns an int result (mode 0), or appends a
/// str result (mode 1) or the str at `index` of a list result (mode 2,
/// `s.split()[i]`) and returns 1 (0 when the index is out of range).
llvm::Function *IRGen::strMethodFn() {
  if (strMethod_)
    return strMethod_;
  llvm::Function *append = msgAppendFn();
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i32Ty = b_.getInt32Ty();
  auto fnTy = [&](llvm::Type *ret, std::vector<llvm::Type *> params, bool varargs = false) {
    return llvm::FunctionType::get(ret, params, varargs);
  };
  strMethod_ =
      llvm::Function::Create(fnTy(i64Ty, {ptr, ptr, ptr, ptr, ptr, i32Ty, i64Ty}),
                             llvm::GlobalValue::InternalLinkage, "llcc.rt.str.method", mod_.get());
  strMethod_->addFnAttr(llvm::Attribute::NoUnwind);
  strMethod_->addFnAttr(llvm::Attribute::NoInline);
  FunctionScope scope(cur_, b_, strMethod_);
  llvm::Value *self = strMethod_->getArg(0), *name = strMethod_->getArg(1),
              *fmt = strMethod_->getArg(2), *a = strMethod_->getArg(3),
              *bArg = strMethod_->getArg(4);
  llvm::Function *ensure = weakPython("PyGILState_Ensure", fnTy(i32Ty, {}));
  llvm::Function *release = weakPython("PyGILState_Release", fnTy(b_.getVoidTy(), {i32Ty}));
  llvm::Function *fromStr = weakPython("PyUnicode_FromString", fnTy(ptr, {ptr}));
  llvm::Function *callMethod = weakPython("PyObject_CallMethod", fnTy(ptr, {ptr, ptr, ptr}, true));
  llvm::Function *asUtf8 = weakPython("PyUnicode_AsUTF8AndSize", fnTy(ptr, {ptr, ptr}));
  llvm::Function *asLong = weakPython("PyLong_AsLongLong", fnTy(i64Ty, {ptr}));
  llvm::Function *getItem = weakPython("PySequence_GetItem", fnTy(ptr, {ptr, i64Ty}));
  llvm::Function *decRef = weakPython("Py_DecRef", fnTy(b_.getVoidTy(), {ptr}));
  llvm::Function *clear = weakPython("PyErr_Clear", fnTy(b_.getVoidTy(), {}));
  llvm::Function *fetch = weakPython("PyErr_Fetch", fnTy(b_.getVoidTy(), {ptr, ptr, ptr}));
  llvm::Function *restore = weakPython("PyErr_Restore", fnTy(b_.getVoidTy(), {ptr, ptr, ptr}));
  llvm::Function *strlen = libcFunction("strlen", fnTy(i64Ty, {ptr}));

  b_.SetInsertPoint(newBlock("entry"));
  llvm::Value *mode = strMethod_->getArg(5), *index = strMethod_->getArg(6);
  llvm::Value *wantText = b_.CreateICmpNE(mode, b_.getInt32(0));
  llvm::Value *sizeSlot = b_.CreateAlloca(i64Ty, nullptr, "size");
  llvm::Value *result = b_.CreateAlloca(i64Ty, nullptr, "result");
  b_.CreateStore(i64(0), result);
  llvm::ArrayType *triple = llvm::ArrayType::get(ptr, 3);
  llvm::Value *pending = b_.CreateAlloca(triple, nullptr, "pending");
  auto pendingAt = [&](unsigned k) { return b_.CreateConstGEP2_32(triple, pending, 0, k); };
  llvm::BasicBlock *python = newBlock("python"), *plain = newBlock("plain"),
                   *done = newBlock("done");
  llvm::Value *havePython =
      b_.CreateAnd(b_.CreateIsNotNull(callMethod),
                   b_.CreateAnd(b_.CreateIsNotNull(ensure), b_.CreateIsNotNull(release)));
  b_.CreateCondBr(havePython, python, plain);

  b_.SetInsertPoint(python);
  llvm::Value *gil = b_.CreateCall(ensure);
  b_.CreateCall(fetch, {pendingAt(0), pendingAt(1), pendingAt(2)});
  llvm::Value *obj = b_.CreateCall(fromStr, {self});
  llvm::Value *resSlot = b_.CreateAlloca(ptr, nullptr, "res");
  llvm::Value *null = llvm::ConstantPointerNull::get(b_.getPtrTy());
  b_.CreateStore(null, resSlot);
  llvm::Value *itemSlot = b_.CreateAlloca(ptr, nullptr, "item");
  b_.CreateStore(null, itemSlot);
  llvm::BasicBlock *call = newBlock("call"), *got = newBlock("got"), *failed = newBlock("failed"),
                   *cleanup = newBlock("cleanup");
  b_.CreateCondBr(b_.CreateIsNotNull(obj), call, failed);
  b_.SetInsertPoint(call);
  llvm::Value *res = b_.CreateCall(callMethod, {obj, name, fmt, a, bArg});
  b_.CreateStore(res, resSlot);
  b_.CreateCondBr(b_.CreateIsNotNull(res), got, failed);
  b_.SetInsertPoint(got);
  llvm::BasicBlock *text = newBlock("text"), *number = newBlock("number"), *copy = newBlock("copy"),
                   *item = newBlock("item");
  llvm::SwitchInst *byMode = b_.CreateSwitch(mode, number, 2);
  byMode->addCase(b_.getInt32(1), text);
  byMode->addCase(b_.getInt32(2), item);
  // mode 2: the item at `index` of the list the method returned.
  b_.SetInsertPoint(item);
  llvm::Value *element = b_.CreateCall(getItem, {res, index});
  b_.CreateStore(element, itemSlot);
  b_.CreateCondBr(b_.CreateIsNotNull(element), text, failed);
  b_.SetInsertPoint(text);
  llvm::PHINode *textObj = b_.CreatePHI(ptr, 2, "text.obj");
  textObj->addIncoming(res, got);
  textObj->addIncoming(element, item);
  llvm::Value *utf8 = b_.CreateCall(asUtf8, {textObj, sizeSlot});
  b_.CreateCondBr(b_.CreateIsNotNull(utf8), copy, failed);
  b_.SetInsertPoint(copy);
  b_.CreateCall(append, {utf8, b_.CreateLoad(i64Ty, sizeSlot)});
  b_.CreateStore(i64(1), result);
  b_.CreateBr(cleanup);
  b_.SetInsertPoint(number);
  b_.CreateStore(b_.CreateCall(asLong, {res}), result);
  b_.CreateBr(cleanup);
  b_.SetInsertPoint(failed);
  b_.CreateCall(clear);
  b_.CreateBr(cleanup);
  b_.SetInsertPoint(cleanup);
  // Py_DecRef ignores null.
  b_.CreateCall(decRef, {b_.CreateLoad(ptr, itemSlot)});
  b_.CreateCall(decRef, {b_.CreateLoad(ptr, resSlot)});
  b_.CreateCall(decRef, {obj});
  b_.CreateCall(restore, {b_.CreateLoad(ptr, pendingAt(0)), b_.CreateLoad(ptr, pendingAt(1)),
                          b_.CreateLoad(ptr, pendingAt(2))});
  b_.CreateCall(release, {gil});
  b_.CreateBr(done);

  // Without Python: the text unchanged, or 0.
  b_.SetInsertPoint(plain);
  llvm::BasicBlock *plainText = newBlock("plain.text");
  b_.CreateCondBr(wantText, plainText, done);
  b_.SetInsertPoint(plainText);
  b_.CreateCall(append, {self, b_.CreateCall(strlen, {self})});
  b_.CreateStore(i64(1), result);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.CreateRet(b_.CreateLoad(i64Ty, result));
  return strMethod_;
}

llvm::Value *IRGen::genStrValue(const Expr &e) {
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i8 = b_.getInt8Ty();
  llvm::Function *strlen = libcFunction("strlen", llvm::FunctionType::get(i64Ty, {ptr}, false));
  auto appendPtr = [&](llvm::Value *s) {
    b_.CreateCall(msgAppendFn(), {s, b_.CreateCall(strlen, {s})});
  };
  std::map<size_t, llvm::Value *> savedFlags = noneFlags_;
  // 1. Evaluate the parts, in Python's order; `build` appends them.
  std::function<void()> build;
  if (auto *f = dyn_cast<FStringExpr>(&e)) {
    std::vector<llvm::Value *> values = messageValues(*f);
    std::map<size_t, llvm::Value *> flags = noneFlags_;
    build = [this, f, values, flags] { appendMessage(*f, values, flags); };
  } else if (auto *bin = dyn_cast<BinaryExpr>(&e); bin && bin->op == BinaryOp::Add) {
    std::vector<const Expr *> leaves;
    std::function<void(const Expr &)> flatten = [&](const Expr &x) {
      auto *b = dyn_cast<BinaryExpr>(&x);
      if (b && b->op == BinaryOp::Add && b->type == Type::Str) {
        flatten(*b->lhs);
        flatten(*b->rhs);
      } else {
        leaves.push_back(&x);
      }
    };
    flatten(e);
    std::vector<llvm::Value *> parts;
    for (const Expr *leaf : leaves)
      parts.push_back(genExpr(*leaf));
    build = [appendPtr, parts] {
      for (llvm::Value *p : parts)
        appendPtr(p);
    };
  } else if (bin && bin->op == BinaryOp::Mul) {
    llvm::Value *l = genExpr(*bin->lhs), *r = genExpr(*bin->rhs);
    bool strLeft = bin->lhs->type == Type::Str;
    llvm::Value *s = strLeft ? l : r;
    llvm::Value *n = strLeft ? r : l;
    if (n->getType() != i64Ty)
      n = b_.CreateZExt(n, i64Ty); // a bool
    llvm::Value *len = b_.CreateCall(strlen, {s});
    // Nothing to repeat: no loop (`"" * 10**12` is CPython's '' at once).
    n = b_.CreateSelect(b_.CreateICmpEQ(len, i64(0)), i64(0), n);
    // A bound instead of hours of appending: CPython's MemoryError.
    check(b_.CreateICmpSLE(
              n, b_.CreateUDiv(i64(int64_t(1) << 32),
                               b_.CreateSelect(b_.CreateICmpEQ(len, i64(0)), i64(1), len))),
          e.loc(), "MemoryError: a str repeated past 4 GiB");
    build = [this, s, n, len, i64Ty] {
      llvm::BasicBlock *before = b_.GetInsertBlock();
      llvm::BasicBlock *loop = newBlock("str.repeat"), *body = newBlock("str.repeat.body"),
                       *exit = newBlock("str.repeat.done");
      b_.CreateBr(loop);
      b_.SetInsertPoint(loop);
      llvm::PHINode *i = b_.CreatePHI(i64Ty, 2, "i");
      i->addIncoming(i64(0), before);
      b_.CreateCondBr(b_.CreateICmpSLT(i, n), body, exit);
      b_.SetInsertPoint(body);
      b_.CreateCall(msgAppendFn(), {s, len});
      i->addIncoming(b_.CreateAdd(i, i64(1)), b_.GetInsertBlock());
      b_.CreateBr(loop);
      b_.SetInsertPoint(exit);
    };
  } else if (auto *c = dyn_cast<CallExpr>(&e); c && c->builtin.rfind("str.conv.", 0) == 0) {
    const Expr &x = *c->args[0];
    auto *n = dyn_cast<NameExpr>(&x);
    llvm::Value *flag = nullptr, *v;
    if (isNdarray(x.type)) {
      v = arrayTextValue(x); // IRGenArrayText.cpp
    } else if (n && n->ref == NameRef::Local && cur_->none[n->localIndex]) {
      // str(None) is 'None' while the parameter holds None.
      flag = b_.CreateLoad(b_.getInt1Ty(), cur_->none[n->localIndex]);
      v = b_.CreateLoad(
          llvmType(cur_->def->locals[n->localIndex].type, cur_->def->locals[n->localIndex].shape),
          cur_->slots[n->localIndex]);
    } else {
      v = genExpr(x);
    }
    char conv = c->builtin.back() == 'r' ? 'r' : 0;
    Type t = x.type;
    build = [this, flag, v, t, conv] { appendMaybeNone(flag, v, t, conv, ""); };
  } else if (c && textMethod(c->builtin)) {
    auto *a = cast<AttributeExpr>(c->callee.get());
    llvm::Value *self = genExpr(*a->value);
    std::vector<llvm::Value *> args;
    for (const ExprPtr &arg : c->args)
      args.push_back(genExpr(*arg));
    std::string method = c->builtin.substr(4);
    build = [this, self, args, method, ptr] {
      llvm::Value *null = llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr));
      llvm::Value *fmt = args.empty()       ? null
                         : args.size() == 1 ? stringConstant("s")
                                            : stringConstant("ss");
      b_.CreateCall(strMethodFn(),
                    {self, stringConstant(method), fmt, args.size() > 0 ? args[0] : null,
                     args.size() > 1 ? args[1] : null, b_.getInt32(1), i64(0)});
    };
  } else if (auto *sub = dyn_cast<SubscriptExpr>(&e)) {
    // s.split()[i], s.split(sep)[i]: CPython's list, indexed.
    auto *split = cast<CallExpr>(sub->value.get());
    llvm::Value *self = genExpr(*cast<AttributeExpr>(split->callee.get())->value);
    llvm::Value *null = llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr));
    llvm::Value *sep = split->args.empty() ? null : genExpr(*split->args[0]);
    llvm::Value *index = genExpr(*sub->index);
    if (index->getType() != i64Ty)
      index = b_.CreateZExt(index, i64Ty); // a bool
    SourceLoc loc = e.loc();
    bool withSep = !split->args.empty();
    build = [this, self, sep, index, null, withSep, loc] {
      llvm::Value *ok = b_.CreateCall(strMethodFn(), {self, stringConstant("split"),
                                                      withSep ? stringConstant("s") : null, sep,
                                                      null, b_.getInt32(2), index});
      check(b_.CreateICmpNE(ok, i64(0)), loc, "IndexError: list index out of range");
    };
  } else {
    throw InternalError("a str expression that llcc cannot build at run time");
  }
  noneFlags_ = savedFlags;
  // 2. Append after what the buffer holds, copy into the arena, put the
  // buffer back.
  msgAppendFn();
  MsgBufferFields fields = msgBufferFields();
  llvm::Value *start = b_.CreateLoad(i64Ty, fields.len);
  appendConstant(""); // the buffer exists (unless memory ran out)
  build();
  fields = msgBufferFields();
  llvm::Value *data = b_.CreateLoad(ptr, fields.data);
  llvm::Value *end = b_.CreateLoad(i64Ty, fields.len);
  llvm::Value *n = b_.CreateSelect(b_.CreateICmpUGT(end, start), b_.CreateSub(end, start), i64(0));
  llvm::Value *mem = b_.CreateCall(arenaAlloc(), {cur_->arena, b_.CreateAdd(n, i64(1))});
  // Out of memory (the buffer could not grow, or the arena): MemoryError.
  check(b_.CreateAnd(b_.CreateIsNotNull(mem), b_.CreateIsNotNull(data)), e.loc(),
        "MemoryError: cannot allocate a str");
  llvm::MaybeAlign one(1);
  b_.CreateMemCpy(mem, one, b_.CreateGEP(i8, data, start), one, n);
  b_.CreateStore(b_.getInt8(0), b_.CreateGEP(i8, mem, n));
  llvm::Value *text = mem;
  // The buffer as it was: its length and its terminator.
  llvm::Value *kept = b_.CreateSelect(b_.CreateICmpULT(start, end), start, end);
  b_.CreateStore(kept, fields.len);
  llvm::BasicBlock *terminate = newBlock("str.terminate"), *after = newBlock("str.after");
  b_.CreateCondBr(b_.CreateIsNotNull(data), terminate, after);
  b_.SetInsertPoint(terminate);
  b_.CreateStore(b_.getInt8(0), b_.CreateGEP(i8, data, kept));
  b_.CreateBr(after);
  b_.SetInsertPoint(after);
  return text;
}

llvm::Value *IRGen::genStrCall(const CallExpr &e) {
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i8 = b_.getInt8Ty();
  llvm::Function *strlen = libcFunction("strlen", llvm::FunctionType::get(i64Ty, {ptr}, false));
  if (e.builtin.rfind("str.conv.", 0) == 0 || textMethod(e.builtin))
    return genStrValue(e);
  if (e.builtin == "str.float" || e.builtin == "str.int")
    return genNumberOfStr(e);
  if (e.builtin == "str.len") {
    // Code points: the bytes that do not continue a UTF-8 sequence.
    llvm::Value *s = genExpr(*e.args[0]);
    llvm::Value *n = b_.CreateCall(strlen, {s});
    llvm::BasicBlock *before = b_.GetInsertBlock();
    llvm::BasicBlock *loop = newBlock("str.len"), *body = newBlock("str.len.body"),
                     *exit = newBlock("str.len.done");
    b_.CreateBr(loop);
    b_.SetInsertPoint(loop);
    llvm::PHINode *i = b_.CreatePHI(i64Ty, 2, "i");
    llvm::PHINode *count = b_.CreatePHI(i64Ty, 2, "count");
    i->addIncoming(i64(0), before);
    count->addIncoming(i64(0), before);
    b_.CreateCondBr(b_.CreateICmpULT(i, n), body, exit);
    b_.SetInsertPoint(body);
    llvm::Value *byte = b_.CreateLoad(i8, b_.CreateGEP(i8, s, i));
    llvm::Value *starts =
        b_.CreateICmpNE(b_.CreateAnd(byte, b_.getInt8(0xC0)), b_.getInt8(int8_t(0x80)));
    count->addIncoming(b_.CreateAdd(count, b_.CreateZExt(starts, i64Ty)), body);
    i->addIncoming(b_.CreateAdd(i, i64(1)), body);
    b_.CreateBr(loop);
    b_.SetInsertPoint(exit);
    return count;
  }
  auto *a = cast<AttributeExpr>(e.callee.get());
  llvm::Value *self = genExpr(*a->value);
  if (e.builtin == "str.startswith" || e.builtin == "str.endswith") {
    bool starts = e.builtin == "str.startswith";
    std::vector<llvm::Value *> prefixes;
    if (auto *t = dyn_cast<TupleExpr>(e.args[0].get()))
      for (const ExprPtr &el : t->elements)
        prefixes.push_back(genExpr(*el));
    else
      prefixes.push_back(genExpr(*e.args[0]));
    llvm::Function *memcmp =
        libcFunction("memcmp", llvm::FunctionType::get(b_.getInt32Ty(), {ptr, ptr, i64Ty}, false));
    llvm::Value *ls = b_.CreateCall(strlen, {self});
    llvm::Value *found = b_.getFalse();
    for (llvm::Value *p : prefixes) {
      llvm::Value *lp = b_.CreateCall(strlen, {p});
      llvm::Value *fits = b_.CreateICmpULE(lp, ls);
      // Compare within the text only: lp bytes from the start or the end.
      llvm::Value *at = starts ? i64(0) : b_.CreateSelect(fits, b_.CreateSub(ls, lp), i64(0));
      llvm::Value *len = b_.CreateSelect(fits, lp, i64(0));
      llvm::Value *same = b_.CreateICmpEQ(
          b_.CreateCall(memcmp, {b_.CreateGEP(i8, self, at), p, len}), b_.getInt32(0));
      found = b_.CreateOr(found, b_.CreateAnd(fits, same));
    }
    return found;
  }
  // find, rfind, count and the is...() tests: CPython's answer.
  std::vector<llvm::Value *> args;
  for (const ExprPtr &arg : e.args)
    args.push_back(genExpr(*arg));
  llvm::Value *null = llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr));
  llvm::Value *r =
      b_.CreateCall(strMethodFn(), {self, stringConstant(e.builtin.substr(4)),
                                    args.empty() ? null : stringConstant("s"),
                                    args.empty() ? null : args[0], null, b_.getInt32(0), i64(0)});
  return e.type == Type::Bool ? b_.CreateICmpNE(r, i64(0)) : r;
}

/// `i32 llcc.rt.str.number(ptr s, i32 kind, ptr out)`: CPython's float(s)
/// (kind 0, a double in `out`) or int(s) (kind 1, an i64), called through
/// the C API: 1 when parsed, 0 for CPython's ValueError, 2 for an int past
/// 64 bits. Without Python (a C host), C's strtod and strtoll, the whole
/// text but surrounding whitespace read.
static llvm::Function *strNumberFn(IRGen &gen, llvm::Module &m, llvm::IRBuilderBase &b,
                                   const std::function<llvm::Function *(const char *,
                                                                        llvm::FunctionType *)> &py,
                                   const std::function<llvm::Function *(const char *,
                                                                        llvm::FunctionType *)> &libc,
                                   const std::function<llvm::BasicBlock *(const char *)> &block) {
  (void)gen;
  if (llvm::Function *f = m.getFunction("llcc.rt.str.number"))
    return f;
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *ptr = b.getPtrTy(), *i64Ty = b.getInt64Ty(), *i32Ty = b.getInt32Ty(),
             *f64Ty = b.getDoubleTy(), *voidTy = b.getVoidTy();
  auto fnTy = [&](llvm::Type *ret, std::vector<llvm::Type *> params) {
    return llvm::FunctionType::get(ret, params, false);
  };
  llvm::Function *f = llvm::Function::Create(fnTy(i32Ty, {ptr, i32Ty, ptr}),
                                             llvm::GlobalValue::InternalLinkage,
                                             "llcc.rt.str.number", &m);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  f->addFnAttr(llvm::Attribute::NoInline);
  llvm::Function *ensure = py("PyGILState_Ensure", fnTy(i32Ty, {}));
  llvm::Function *release = py("PyGILState_Release", fnTy(voidTy, {i32Ty}));
  llvm::Function *fromStr = py("PyUnicode_FromString", fnTy(ptr, {ptr}));
  llvm::Function *toFloat = py("PyFloat_FromString", fnTy(ptr, {ptr}));
  llvm::Function *asDouble = py("PyFloat_AsDouble", fnTy(f64Ty, {ptr}));
  llvm::Function *toLong = py("PyLong_FromUnicodeObject", fnTy(ptr, {ptr, i32Ty}));
  llvm::Function *asLong = py("PyLong_AsLongLongAndOverflow", fnTy(i64Ty, {ptr, ptr}));
  llvm::Function *decRef = py("Py_DecRef", fnTy(voidTy, {ptr}));
  llvm::Function *clear = py("PyErr_Clear", fnTy(voidTy, {}));
  llvm::Function *fetch = py("PyErr_Fetch", fnTy(voidTy, {ptr, ptr, ptr}));
  llvm::Function *restore = py("PyErr_Restore", fnTy(voidTy, {ptr, ptr, ptr}));
  llvm::Function *strtod = libc("strtod", fnTy(f64Ty, {ptr, ptr}));
  llvm::Function *strtoll = libc("strtoll", fnTy(i64Ty, {ptr, ptr, i32Ty}));
  llvm::Function *strspn = libc("strspn", fnTy(i64Ty, {ptr, ptr}));

  llvm::Value *text = f->getArg(0), *kind = f->getArg(1), *out = f->getArg(2);
  llvm::BasicBlock *entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto at = [&](const char *name) { return llvm::BasicBlock::Create(ctx, name, f); };
  (void)block;
  b.SetInsertPoint(entry);
  llvm::Value *result = b.CreateAlloca(i32Ty, nullptr, "result");
  b.CreateStore(b.getInt32(0), result);
  llvm::Value *isInt = b.CreateICmpNE(kind, b.getInt32(0));
  llvm::BasicBlock *python = at("python"), *plain = at("plain"), *done = at("done");
  llvm::Value *havePython = b.CreateAnd(
      b.CreateIsNotNull(toFloat), b.CreateAnd(b.CreateIsNotNull(ensure), b.CreateIsNotNull(release)));
  b.CreateCondBr(havePython, python, plain);

  // Python: float(s) or int(s, 10) of the str object, errors cleared (and
  // an error already pending kept).
  b.SetInsertPoint(python);
  llvm::ArrayType *triple = llvm::ArrayType::get(ptr, 3);
  llvm::Value *pending = b.CreateAlloca(triple, nullptr, "pending");
  auto pendingAt = [&](unsigned k) { return b.CreateConstGEP2_32(triple, pending, 0, k); };
  llvm::Value *overflow = b.CreateAlloca(i32Ty, nullptr, "overflow");
  b.CreateStore(b.getInt32(0), overflow);
  llvm::Value *gil = b.CreateCall(ensure);
  b.CreateCall(fetch, {pendingAt(0), pendingAt(1), pendingAt(2)});
  llvm::Value *obj = b.CreateCall(fromStr, {text});
  llvm::Value *null = llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr));
  llvm::Value *resSlot = b.CreateAlloca(ptr, nullptr, "res");
  b.CreateStore(null, resSlot);
  llvm::BasicBlock *parse = at("parse"), *cleanup = at("cleanup");
  b.CreateCondBr(b.CreateIsNotNull(obj), parse, cleanup);
  b.SetInsertPoint(parse);
  llvm::BasicBlock *pyFloat = at("py.float"), *pyInt = at("py.int"), *pyGot = at("py.got");
  b.CreateCondBr(isInt, pyInt, pyFloat);
  b.SetInsertPoint(pyFloat);
  llvm::Value *fl = b.CreateCall(toFloat, {obj});
  b.CreateStore(fl, resSlot);
  llvm::BasicBlock *flOk = at("py.float.ok");
  b.CreateCondBr(b.CreateIsNotNull(fl), flOk, cleanup);
  b.SetInsertPoint(flOk);
  b.CreateStore(b.CreateCall(asDouble, {fl}), out);
  b.CreateStore(b.getInt32(1), result);
  b.CreateBr(cleanup);
  b.SetInsertPoint(pyInt);
  llvm::Value *ln = b.CreateCall(toLong, {obj, b.getInt32(10)});
  b.CreateStore(ln, resSlot);
  b.CreateCondBr(b.CreateIsNotNull(ln), pyGot, cleanup);
  b.SetInsertPoint(pyGot);
  b.CreateStore(b.CreateCall(asLong, {ln, overflow}), out);
  b.CreateStore(b.CreateSelect(b.CreateICmpNE(b.CreateLoad(i32Ty, overflow), b.getInt32(0)),
                               b.getInt32(2), b.getInt32(1)),
                result);
  b.CreateBr(cleanup);
  b.SetInsertPoint(cleanup);
  b.CreateCall(clear);
  b.CreateCall(decRef, {b.CreateLoad(ptr, resSlot)}); // Py_DecRef ignores null
  b.CreateCall(decRef, {obj});
  b.CreateCall(restore, {b.CreateLoad(ptr, pendingAt(0)), b.CreateLoad(ptr, pendingAt(1)),
                         b.CreateLoad(ptr, pendingAt(2))});
  b.CreateCall(release, {gil});
  b.CreateBr(done);

  // Without Python: C's conversion of the whole text.
  b.SetInsertPoint(plain);
  llvm::Value *endSlot = b.CreateAlloca(ptr, nullptr, "end");
  llvm::BasicBlock *cFloat = at("c.float"), *cInt = at("c.int"), *cCheck = at("c.check");
  b.CreateCondBr(isInt, cInt, cFloat);
  b.SetInsertPoint(cFloat);
  b.CreateStore(b.CreateCall(strtod, {text, endSlot}), out);
  b.CreateBr(cCheck);
  b.SetInsertPoint(cInt);
  b.CreateStore(b.CreateCall(strtoll, {text, endSlot, b.getInt32(10)}), out);
  b.CreateBr(cCheck);
  b.SetInsertPoint(cCheck);
  llvm::Value *end = b.CreateLoad(ptr, endSlot);
  llvm::Value *ws = b.CreateGlobalStringPtr(" \t\n\r\f\v", "llcc.ws");
  llvm::Value *rest = b.CreateGEP(b.getInt8Ty(), end, b.CreateCall(strspn, {end, ws}));
  llvm::Value *whole = b.CreateAnd(b.CreateICmpNE(end, text),
                                   b.CreateICmpEQ(b.CreateLoad(b.getInt8Ty(), rest), b.getInt8(0)));
  b.CreateStore(b.CreateZExt(whole, i32Ty), result);
  b.CreateBr(done);
  b.SetInsertPoint(done);
  b.CreateRet(b.CreateLoad(i32Ty, result));
  return f;
}

/// float(s) and int(s) of a str known at run time (`float(f"{c:.2f}")`):
/// CPython's parse, its ValueError naming the str's repr, and llcc's
/// OverflowError for an int past 64 bits.
llvm::Value *IRGen::genNumberOfStr(const CallExpr &e) {
  bool isInt = e.builtin == "str.int";
  llvm::Value *s = genExpr(*e.args[0]);
  llvm::Function *fn = nullptr;
  {
    llvm::IRBuilderBase::InsertPointGuard guard(b_);
    fn = strNumberFn(
        *this, *mod_, b_, [&](const char *n, llvm::FunctionType *t) { return weakPython(n, t); },
        [&](const char *n, llvm::FunctionType *t) { return libcFunction(n, t); },
        [&](const char *n) { return newBlock(n); });
  }
  llvm::Type *ty = isInt ? static_cast<llvm::Type *>(b_.getInt64Ty()) : b_.getDoubleTy();
  llvm::Value *out = entryAlloca(ty, "str.number");
  llvm::Value *r = b_.CreateCall(fn, {s, b_.getInt32(isInt ? 1 : 0), out});
  llvm::BasicBlock *bad = newBlock("str.number.bad"), *ok = newBlock("str.number.ok");
  b_.CreateCondBr(b_.CreateICmpEQ(r, b_.getInt32(1)), ok, bad,
                  llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(bad);
  if (isInt) {
    llvm::BasicBlock *value = newBlock("str.number.value"), *big = newBlock("str.number.big");
    b_.CreateCondBr(b_.CreateICmpEQ(r, b_.getInt32(2)), big, value);
    b_.SetInsertPoint(big);
    raiseComposed(e.loc(), "OverflowError",
                  [&] { appendConstant("int too large for llcc's 64-bit integers"); });
    startDeadBlock();
    b_.CreateBr(ok);
    b_.SetInsertPoint(value);
  }
  raiseComposed(e.loc(), "ValueError", [&] {
    appendConstant(isInt ? "invalid literal for int() with base 10: "
                         : "could not convert string to float: ");
    appendValue(s, Type::Str, 'r', "");
  });
  startDeadBlock();
  b_.CreateBr(ok);
  b_.SetInsertPoint(ok);
  return b_.CreateLoad(ty, out);
}

llvm::Value *IRGen::genSubstring(const CompareExpr &e) {
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Value *needle = genExpr(*e.operands[0]);
  llvm::Value *hay = genExpr(*e.operands[1]);
  llvm::Function *strstr = libcFunction("strstr", llvm::FunctionType::get(ptr, {ptr, ptr}, false));
  llvm::Value *found = b_.CreateIsNotNull(b_.CreateCall(strstr, {hay, needle}));
  return e.ops[0] == CompareOp::NotIn ? b_.CreateNot(found) : found;
}

} // namespace llcc
