//===- IRGenArrayText.cpp - numpy arrays as text --------------------------===//
//
// `f"bad window {values}"`, `print(w)`, `str(a)`, `repr(a)`, `{a!r}` and
// `raise ValueError(values)` of a numpy array: numpy's own text. The field's
// value is a copy of the array's elements in C order (numpy's order for a
// window whatever its strides) with its extents (arrayTextValue); when it
// is appended, llcc.rt.msg.array rebuilds the array in CPython (a list of
// Python numbers, numpy.array(list, dtype), reshaped to the extents) and
// appends format(conversion(array), spec): np.array2string's precision,
// common width, line wrapping and summarization, `array([...])` with its
// `dtype=` where numpy writes one. A pending Python error is set aside
// meanwhile (SciPy calls on after a failed pixel), as for numbers.
//
// Without Python (a C host), or if any step fails, the text is plain:
// the elements one after another, separated by spaces, in one pair of
// brackets whatever the array's dimensions (in `array(...)` for repr), each
// element as llcc.rt.msg.value writes a number there.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Window.h"

#include <llvm/Support/Casting.h>

namespace llcc {

namespace {
/// {ptr data, i64 len, i64 ndim, ptr extents}: an array's C-order copy.
llvm::StructType *textTy(llvm::LLVMContext &ctx) {
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *i64Ty = llvm::Type::getInt64Ty(ctx);
  return llvm::StructType::get(ctx, {ptr, i64Ty, i64Ty, ptr});
}

/// llcc.rt.msg.array's element kinds, and numpy's dtype of each.
enum ElemKind : int32_t { KindBool = 0, KindInt = 1, KindFloat = 2 };

int32_t elemKind(Type elem) {
  return elem == Type::Bool ? KindBool : elem == Type::Int ? KindInt : KindFloat;
}
} // namespace

llvm::Value *IRGen::arrayTextValue(const Expr &x) {
  ArrayGen g = genArray(x);
  std::vector<llvm::Value *> extents = storedExtents(g);
  llvm::Value *array = materialize(g, x.loc()); // C order, contiguous
  llvm::Value *bytes = i64(int64_t(8 * extents.size()));
  llvm::Value *dims = b_.CreateCall(arenaAlloc(), {cur_->arena, bytes});
  check(b_.CreateIsNotNull(dims), x.loc(), "MemoryError: cannot allocate a local array");
  for (size_t d = 0; d < extents.size(); ++d)
    b_.CreateStore(extents[d], b_.CreateGEP(b_.getInt64Ty(), dims, i64(int64_t(d))));
  llvm::Value *v = llvm::UndefValue::get(textTy(ctx_));
  v = b_.CreateInsertValue(v, b_.CreateExtractValue(array, 0), 0);
  v = b_.CreateInsertValue(v, b_.CreateExtractValue(array, 1), 1);
  v = b_.CreateInsertValue(v, i64(int64_t(extents.size())), 2);
  return b_.CreateInsertValue(v, dims, 3);
}

void IRGen::appendArrayText(llvm::Value *v, Type t, char conversion, llvm::Value *spec) {
  b_.CreateCall(msgArrayFn(),
                {b_.CreateExtractValue(v, 0), b_.CreateExtractValue(v, 1),
                 b_.getInt32(elemKind(elementType(t))), b_.CreateExtractValue(v, 2),
                 b_.CreateExtractValue(v, 3), b_.getInt32(conversion), spec});
}

/// `void llcc.rt.msg.array(ptr data, i64 len, i32 kind, i64 ndim,
/// ptr extents, i32 conversion, ptr spec)`.
llvm::Function *IRGen::msgArrayFn() {
  if (msgArray_)
    return msgArray_;
  llvm::Function *append = msgAppendFn();
  llvm::Function *value = msgValueFn();
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i32Ty = b_.getInt32Ty();
  llvm::Type *dbl = b_.getDoubleTy();
  llvm::Type *voidTy = b_.getVoidTy();
  auto fnTy = [&](llvm::Type *ret, std::vector<llvm::Type *> params, bool varargs = false) {
    return llvm::FunctionType::get(ret, params, varargs);
  };
  msgArray_ = llvm::Function::Create(fnTy(voidTy, {ptr, i64Ty, i32Ty, i64Ty, ptr, i32Ty, ptr}),
                                     llvm::GlobalValue::InternalLinkage, "llcc.rt.msg.array",
                                     mod_.get());
  msgArray_->addFnAttr(llvm::Attribute::NoUnwind);
  msgArray_->addFnAttr(llvm::Attribute::NoInline);
  msgArray_->addFnAttr(llvm::Attribute::Cold);
  FunctionScope scope(cur_, b_, msgArray_);
  llvm::Value *data = msgArray_->getArg(0), *len = msgArray_->getArg(1),
              *kind = msgArray_->getArg(2), *ndim = msgArray_->getArg(3),
              *dims = msgArray_->getArg(4), *conv = msgArray_->getArg(5),
              *spec = msgArray_->getArg(6);
  llvm::Function *ensure = weakPython("PyGILState_Ensure", fnTy(i32Ty, {}));
  llvm::Function *release = weakPython("PyGILState_Release", fnTy(voidTy, {i32Ty}));
  llvm::Function *importModule = weakPython("PyImport_ImportModule", fnTy(ptr, {ptr}));
  llvm::Function *callMethod = weakPython("PyObject_CallMethod", fnTy(ptr, {ptr, ptr, ptr}, true));
  llvm::Function *listNew = weakPython("PyList_New", fnTy(ptr, {i64Ty}));
  llvm::Function *listSet = weakPython("PyList_SetItem", fnTy(i32Ty, {ptr, i64Ty, ptr}));
  llvm::Function *tupleNew = weakPython("PyTuple_New", fnTy(ptr, {i64Ty}));
  llvm::Function *tupleSet = weakPython("PyTuple_SetItem", fnTy(i32Ty, {ptr, i64Ty, ptr}));
  llvm::Function *fromBool = weakPython("PyBool_FromLong", fnTy(ptr, {i64Ty}));
  llvm::Function *fromInt = weakPython("PyLong_FromLongLong", fnTy(ptr, {i64Ty}));
  llvm::Function *fromFloat = weakPython("PyFloat_FromDouble", fnTy(ptr, {dbl}));
  llvm::Function *fromStr = weakPython("PyUnicode_FromString", fnTy(ptr, {ptr}));
  llvm::Function *format = weakPython("PyObject_Format", fnTy(ptr, {ptr, ptr}));
  llvm::Function *repr = weakPython("PyObject_Repr", fnTy(ptr, {ptr}));
  llvm::Function *ascii = weakPython("PyObject_ASCII", fnTy(ptr, {ptr}));
  llvm::Function *str = weakPython("PyObject_Str", fnTy(ptr, {ptr}));
  llvm::Function *asUtf8 = weakPython("PyUnicode_AsUTF8AndSize", fnTy(ptr, {ptr, ptr}));
  llvm::Function *incRef = weakPython("Py_IncRef", fnTy(voidTy, {ptr}));
  llvm::Function *decRef = weakPython("Py_DecRef", fnTy(voidTy, {ptr}));
  llvm::Function *clear = weakPython("PyErr_Clear", fnTy(voidTy, {}));
  llvm::Function *fetch = weakPython("PyErr_Fetch", fnTy(voidTy, {ptr, ptr, ptr}));
  llvm::Function *restore = weakPython("PyErr_Restore", fnTy(voidTy, {ptr, ptr, ptr}));

  b_.SetInsertPoint(newBlock("entry"));
  llvm::Value *null = llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr));
  llvm::Value *sizeSlot = b_.CreateAlloca(i64Ty, nullptr, "size");
  llvm::ArrayType *pendingTy = llvm::ArrayType::get(ptr, 3);
  llvm::Value *pending = b_.CreateAlloca(pendingTy, nullptr, "pending");
  // The Python objects made so far (null until made), released at the end.
  enum { List, Numpy, Flat, Shape, Shaped, Converted, Spec, Result, NumObjects };
  llvm::ArrayType *objsTy = llvm::ArrayType::get(ptr, NumObjects);
  llvm::Value *objs = b_.CreateAlloca(objsTy, nullptr, "objects");
  auto slot = [&](unsigned k) { return b_.CreateConstGEP2_32(objsTy, objs, 0, k); };
  for (unsigned k = 0; k < NumObjects; ++k)
    b_.CreateStore(null, slot(k));
  auto pendingAt = [&](unsigned k) { return b_.CreateConstGEP2_32(pendingTy, pending, 0, k); };

  // Element i as a Python object, or its text (plain).
  auto element = [&](llvm::Value *i, const std::function<void(llvm::Value *, llvm::Value *,
                                                              llvm::Value *, llvm::Value *)> &use) {
    // use(tag, iv, fv, block): one call per kind, in its own block.
    llvm::BasicBlock *isBool = newBlock("elem.bool"), *isInt = newBlock("elem.int"),
                     *isFloat = newBlock("elem.float"), *next = newBlock("elem.next");
    llvm::SwitchInst *sw = b_.CreateSwitch(kind, isFloat, 2);
    sw->addCase(b_.getInt32(KindBool), isBool);
    sw->addCase(b_.getInt32(KindInt), isInt);
    b_.SetInsertPoint(isBool);
    llvm::Value *byte = b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), data, i));
    use(b_.getInt32(0), b_.CreateZExt(b_.CreateICmpNE(byte, b_.getInt8(0)), i64Ty), f64(0.0),
        nullptr);
    b_.CreateBr(next);
    b_.SetInsertPoint(isInt);
    use(b_.getInt32(1), b_.CreateLoad(i64Ty, b_.CreateGEP(i64Ty, data, i)), f64(0.0), nullptr);
    b_.CreateBr(next);
    b_.SetInsertPoint(isFloat);
    use(b_.getInt32(2), i64(0), b_.CreateLoad(dbl, b_.CreateGEP(dbl, data, i)), nullptr);
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  };
  // for (i = 0; i < n; ++i) body(i)
  auto loop = [&](llvm::Value *n, const std::function<void(llvm::Value *)> &body) {
    llvm::BasicBlock *before = b_.GetInsertBlock();
    llvm::BasicBlock *head = newBlock("loop"), *bodyBB = newBlock("loop.body"),
                     *exit = newBlock("loop.done");
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    llvm::PHINode *i = b_.CreatePHI(i64Ty, 2, "i");
    i->addIncoming(i64(0), before);
    b_.CreateCondBr(b_.CreateICmpSLT(i, n), bodyBB, exit);
    b_.SetInsertPoint(bodyBB);
    body(i);
    i->addIncoming(b_.CreateAdd(i, i64(1)), b_.GetInsertBlock());
    b_.CreateBr(head);
    b_.SetInsertPoint(exit);
  };

  llvm::BasicBlock *python = newBlock("python");
  llvm::BasicBlock *plain = newBlock("plain");
  llvm::BasicBlock *done = newBlock("done");
  llvm::Value *havePython = b_.CreateAnd(
      b_.CreateIsNotNull(importModule),
      b_.CreateAnd(b_.CreateIsNotNull(ensure), b_.CreateIsNotNull(release)));
  b_.CreateCondBr(havePython, python, plain);

  // With Python: format(conversion(numpy.array(list, dtype).reshape(dims)), spec).
  b_.SetInsertPoint(python);
  llvm::Value *gil = b_.CreateCall(ensure);
  b_.CreateCall(fetch, {pendingAt(0), pendingAt(1), pendingAt(2)});
  llvm::BasicBlock *failed = newBlock("failed");
  llvm::BasicBlock *cleanup = newBlock("cleanup");
  llvm::Value *ok = b_.CreateAlloca(b_.getInt1Ty(), nullptr, "ok");
  b_.CreateStore(b_.getFalse(), ok);
  // Stores a new object in its slot and goes on only when it was made.
  auto made = [&](unsigned k, llvm::Value *obj) {
    b_.CreateStore(obj, slot(k));
    llvm::BasicBlock *next = newBlock("made");
    b_.CreateCondBr(b_.CreateIsNotNull(obj), next, failed);
    b_.SetInsertPoint(next);
    return obj;
  };
  llvm::Value *list = made(List, b_.CreateCall(listNew, {len}));
  loop(len, [&](llvm::Value *i) {
    element(i, [&](llvm::Value *tag, llvm::Value *iv, llvm::Value *fv, llvm::Value *) {
      llvm::Value *item = tag == b_.getInt32(0)   ? b_.CreateCall(fromBool, {iv})
                          : tag == b_.getInt32(1) ? b_.CreateCall(fromInt, {iv})
                                                  : b_.CreateCall(fromFloat, {fv});
      b_.CreateCall(listSet, {list, i, item}); // steals item (a null fails numpy.array)
    });
  });
  llvm::Value *np = made(Numpy, b_.CreateCall(importModule, {stringConstant("numpy")}));
  llvm::Value *dtype =
      b_.CreateSelect(b_.CreateICmpEQ(kind, b_.getInt32(KindBool)), stringConstant("bool"),
                      b_.CreateSelect(b_.CreateICmpEQ(kind, b_.getInt32(KindInt)),
                                      stringConstant("int64"), stringConstant("float64")));
  llvm::Value *flat = made(Flat, b_.CreateCall(callMethod, {np, stringConstant("array"),
                                                            stringConstant("Os"), list, dtype}));
  llvm::Value *shape = made(Shape, b_.CreateCall(tupleNew, {ndim}));
  loop(ndim, [&](llvm::Value *d) {
    llvm::Value *extent = b_.CreateLoad(i64Ty, b_.CreateGEP(i64Ty, dims, d));
    b_.CreateCall(tupleSet, {shape, d, b_.CreateCall(fromInt, {extent})});
  });
  llvm::Value *shaped = made(Shaped, b_.CreateCall(callMethod, {flat, stringConstant("reshape"),
                                                                stringConstant("(O)"), shape}));
  // The conversion: !r, !a, !s (str(a), repr(a) are these), or none.
  llvm::BasicBlock *convDone = newBlock("converted");
  llvm::SwitchInst *byConv = b_.CreateSwitch(conv, newBlock("conv.none"), 3);
  std::vector<std::pair<llvm::BasicBlock *, llvm::Value *>> incoming;
  b_.SetInsertPoint(byConv->getDefaultDest());
  b_.CreateCall(incRef, {shaped});
  incoming.push_back({b_.GetInsertBlock(), shaped});
  b_.CreateBr(convDone);
  for (auto [c, f] : {std::pair<char, llvm::Function *>{'r', repr}, {'a', ascii}, {'s', str}}) {
    llvm::BasicBlock *bb = newBlock("conv");
    byConv->addCase(b_.getInt32(c), bb);
    b_.SetInsertPoint(bb);
    incoming.push_back({bb, b_.CreateCall(f, {shaped})});
    b_.CreateBr(convDone);
  }
  b_.SetInsertPoint(convDone);
  llvm::PHINode *converted = b_.CreatePHI(ptr, 4, "conv.value");
  for (auto &[bb, v] : incoming)
    converted->addIncoming(v, bb);
  made(Converted, converted);
  llvm::Value *specObj = made(Spec, b_.CreateCall(fromStr, {spec}));
  llvm::Value *result = made(Result, b_.CreateCall(format, {converted, specObj}));
  llvm::Value *utf8 = b_.CreateCall(asUtf8, {result, sizeSlot});
  llvm::BasicBlock *copy = newBlock("copy");
  b_.CreateCondBr(b_.CreateIsNotNull(utf8), copy, failed);
  b_.SetInsertPoint(copy);
  b_.CreateCall(append, {utf8, b_.CreateLoad(i64Ty, sizeSlot)});
  b_.CreateStore(b_.getTrue(), ok);
  b_.CreateBr(cleanup);
  b_.SetInsertPoint(failed);
  b_.CreateCall(clear);
  b_.CreateBr(cleanup);
  b_.SetInsertPoint(cleanup);
  for (unsigned k = 0; k < NumObjects; ++k)
    b_.CreateCall(decRef, {b_.CreateLoad(ptr, slot(k))}); // Py_DecRef takes null
  b_.CreateCall(restore, {b_.CreateLoad(ptr, pendingAt(0)), b_.CreateLoad(ptr, pendingAt(1)),
                          b_.CreateLoad(ptr, pendingAt(2))});
  b_.CreateCall(release, {gil});
  b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), ok), done, plain);

  // Plain: "[e0 e1 ...]", "array([e0 e1 ...])" for repr.
  b_.SetInsertPoint(plain);
  llvm::Value *isRepr = b_.CreateICmpEQ(conv, b_.getInt32('r'));
  b_.CreateCall(append, {b_.CreateSelect(isRepr, stringConstant("array(["), stringConstant("[")),
                         b_.CreateSelect(isRepr, i64(7), i64(1))});
  loop(len, [&](llvm::Value *i) {
    llvm::BasicBlock *sep = newBlock("sep"), *elem = newBlock("elem");
    b_.CreateCondBr(b_.CreateICmpSGT(i, i64(0)), sep, elem);
    b_.SetInsertPoint(sep);
    b_.CreateCall(append, {stringConstant(" "), i64(1)});
    b_.CreateBr(elem);
    b_.SetInsertPoint(elem);
    element(i, [&](llvm::Value *tag, llvm::Value *iv, llvm::Value *fv, llvm::Value *) {
      b_.CreateCall(value, {tag, iv, fv, stringConstant(""), b_.getInt32(0), stringConstant("")});
    });
  });
  b_.CreateCall(append, {b_.CreateSelect(isRepr, stringConstant("])"), stringConstant("]")),
                         b_.CreateSelect(isRepr, i64(2), i64(1))});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.CreateRetVoid();
  return msgArray_;
}

} // namespace llcc
