//===- IRGenDict.cpp - The hash table behind dicts and sets -----------------===//
//
// A dict or set is a pointer to a header in the call's arena:
//   {ptr keys, ptr values, ptr index, i64 len, i64 cap, i64 mask, ptr snapshot}
// `keys` and `values` hold the entries in insertion order (as CPython's
// compact dict does, so iteration order is Python's), each a number
// {i1 isInt, i64, double}; `index` is an open-addressing table of entry
// numbers (-1 empty) with linear probing, twice the entries' capacity.
// Everything grows by doubling into fresh arena memory (the arena frees it
// all when the call returns, on every path). There is no deletion.
// `snapshot` is null except for a set made by `|`, `-` or `^`: it holds
// CPython's hash table of that moment (IRGenSetOps.cpp, stdlib/sets.flt).
//
// Keys follow Python's numeric equality: 1 == 1.0 == True is one key (the
// first one stored is kept), -0.0 == 0.0, an int and a float are equal
// only when the float is exactly that integer. CPython finds a NaN key only
// by identity (the same object): each NaN element read from a numpy array
// is a new object, so each is a key of its own, while a key read back from
// the dict (iterating it, `max(d, key=d.get)`) finds its entry. llcc gives
// every NaN it stores bits of its own (dictInsert) and lets a NaN equal
// only the same bits, which behaves the same way. The hash is computed from
// the float's bits (-0.0 as 0.0), which equal numbers share.
//
// This file makes the runtime functions once per module:
//   ptr llcc.rt.dict.new(ptr arena)                 -- null when out of memory
//   i64 llcc.rt.dict.slot(ptr d, number key)        -- index slot: the key's or an empty one
//   i64 llcc.rt.dict.insert(ptr arena, ptr d, number key) -- entry number, -1 when out of memory
// and, for keys that are tuples of n numbers (`seen.add((i, j))`), the
// same two taking [n x number]: llcc.rt.dict.slot.n, llcc.rt.dict.insert.n.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

namespace llcc {

namespace {
/// Entries before the first growth: a 5x5 neighbourhood's values fit.
constexpr int64_t InitialCapacity = 32;
/// The high bits of a NaN key made an object of its own (quiet NaN, a
/// payload pattern that numpy and libm do not produce).
constexpr uint64_t NaNMarkMask = 0xFFFF000000000000ULL;
constexpr uint64_t NaNMark = 0x7FFD000000000000ULL;

/// Python's `a == b` for two numbers {isInt, i, f}.
llvm::Value *numbersEqual(llvm::IRBuilder<> &b, llvm::Value *x, llvm::Value *y) {
  llvm::Value *xi = b.CreateExtractValue(x, 0), *yi = b.CreateExtractValue(y, 0);
  llvm::Value *xf = b.CreateExtractValue(x, 2), *yf = b.CreateExtractValue(y, 2);
  llvm::Value *bothInt = b.CreateAnd(xi, yi);
  llvm::Value *intEq = b.CreateICmpEQ(b.CreateExtractValue(x, 1), b.CreateExtractValue(y, 1));
  // A NaN key is one object: it equals only itself (the same marked bits).
  llvm::Value *sameNaN = b.CreateAnd(
      b.CreateFCmpUNO(xf, xf),
      b.CreateICmpEQ(b.CreateBitCast(xf, b.getInt64Ty()), b.CreateBitCast(yf, b.getInt64Ty())));
  llvm::Value *floatEq = b.CreateOr(b.CreateFCmpOEQ(xf, yf), sameNaN);
  // An int and a float: the float must be exactly the integer. Equal float
  // values (the int's own rounding) and the float converting back to the
  // same int (when in range) decide it.
  llvm::Value *intSide = b.CreateSelect(xi, b.CreateExtractValue(x, 1), b.CreateExtractValue(y, 1));
  llvm::Value *floatSide = b.CreateSelect(xi, yf, xf);
  llvm::Value *inRange = b.CreateAnd(
      b.CreateFCmpOGE(floatSide, llvm::ConstantFP::get(b.getDoubleTy(), -9223372036854775808.0)),
      b.CreateFCmpOLT(floatSide, llvm::ConstantFP::get(b.getDoubleTy(), 9223372036854775808.0)));
  llvm::Value *back = b.CreateFPToSI(floatSide, b.getInt64Ty());
  llvm::Value *mixedEq =
      b.CreateAnd(floatEq, b.CreateAnd(inRange, b.CreateICmpEQ(back, intSide)));
  return b.CreateSelect(bothInt, intEq,
                        b.CreateSelect(b.CreateOr(xi, yi), mixedEq, floatEq));
}

/// A hash of the float value (-0.0 hashes as 0.0), mixed so that nearby
/// integers spread over the table.
llvm::Value *numberHash(llvm::IRBuilder<> &b, llvm::Value *key) {
  llvm::Value *raw = b.CreateExtractValue(key, 2);
  llvm::Value *f = b.CreateSelect(b.CreateFCmpOEQ(raw, llvm::ConstantFP::get(b.getDoubleTy(), 0.0)),
                                  llvm::ConstantFP::get(b.getDoubleTy(), 0.0), raw);
  llvm::Value *h = b.CreateBitCast(f, b.getInt64Ty());
  h = b.CreateXor(h, b.CreateLShr(h, 33));
  h = b.CreateMul(h, b.getInt64(0xff51afd7ed558ccdULL));
  h = b.CreateXor(h, b.CreateLShr(h, 33));
  h = b.CreateMul(h, b.getInt64(0xc4ceb9fe1a85ec53ULL));
  return b.CreateXor(h, b.CreateLShr(h, 33));
}
} // namespace

llvm::StructType *IRGen::dictType() {
  if (!dictTy_) {
    llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty();
    dictTy_ =
        llvm::StructType::create(ctx_, {ptr, ptr, ptr, i64Ty, i64Ty, i64Ty, ptr}, "llcc.dict");
  }
  return dictTy_;
}

uint64_t IRGen::numberSize() {
  return mod_->getDataLayout().getTypeAllocSize(numberTy_);
}

llvm::GlobalVariable *IRGen::nanCounter() {
  if (!nanCounter_)
    nanCounter_ = new llvm::GlobalVariable(*mod_, b_.getInt64Ty(), false,
                                           llvm::GlobalValue::InternalLinkage, b_.getInt64(0),
                                           "llcc.nan.id", nullptr,
                                           llvm::GlobalValue::GeneralDynamicTLSModel);
  return nanCounter_;
}

llvm::Function *IRGen::dictNew() {
  if (dictNew_)
    return dictNew_;
  llvm::Type *ptr = b_.getPtrTy();
  dictNew_ = llvm::Function::Create(llvm::FunctionType::get(ptr, {ptr}, false),
                                    llvm::GlobalValue::InternalLinkage, "llcc.rt.dict.new",
                                    mod_.get());
  dictNew_->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(ctx_);
  llvm::BasicBlock *entry = llvm::BasicBlock::Create(ctx_, "entry", dictNew_);
  llvm::BasicBlock *ok = llvm::BasicBlock::Create(ctx_, "ok", dictNew_);
  llvm::BasicBlock *fail = llvm::BasicBlock::Create(ctx_, "fail", dictNew_);
  b.SetInsertPoint(entry);
  llvm::Value *arena = dictNew_->getArg(0);
  uint64_t entry8 = numberSize();
  llvm::Value *hdr = b.CreateCall(arenaAlloc(), {arena, b.getInt64(56)});
  llvm::Value *keys = b.CreateCall(arenaAlloc(), {arena, b.getInt64(InitialCapacity * entry8)});
  llvm::Value *vals = b.CreateCall(arenaAlloc(), {arena, b.getInt64(InitialCapacity * entry8)});
  llvm::Value *index = b.CreateCall(arenaAlloc(), {arena, b.getInt64(InitialCapacity * 2 * 8)});
  llvm::Value *bad = b.CreateOr(b.CreateOr(b.CreateIsNull(hdr), b.CreateIsNull(keys)),
                                b.CreateOr(b.CreateIsNull(vals), b.CreateIsNull(index)));
  b.CreateCondBr(bad, fail, ok);
  b.SetInsertPoint(fail);
  b.CreateRet(llvm::ConstantPointerNull::get(b.getPtrTy()));
  b.SetInsertPoint(ok);
  b.CreateMemSet(index, b.getInt8(0xff), InitialCapacity * 2 * 8, llvm::MaybeAlign(8));
  llvm::StructType *t = dictType();
  b.CreateStore(keys, b.CreateStructGEP(t, hdr, 0));
  b.CreateStore(vals, b.CreateStructGEP(t, hdr, 1));
  b.CreateStore(index, b.CreateStructGEP(t, hdr, 2));
  b.CreateStore(b.getInt64(0), b.CreateStructGEP(t, hdr, 3));
  b.CreateStore(b.getInt64(InitialCapacity), b.CreateStructGEP(t, hdr, 4));
  b.CreateStore(b.getInt64(InitialCapacity * 2 - 1), b.CreateStructGEP(t, hdr, 5));
  b.CreateStore(llvm::ConstantPointerNull::get(b.getPtrTy()), b.CreateStructGEP(t, hdr, 6));
  b.CreateRet(hdr);
  return dictNew_;
}

namespace {
/// The hash of a key of `arity` numbers (a number, or a tuple's members):
/// each member's hash, combined in order.
llvm::Value *keyHash(llvm::IRBuilder<> &b, llvm::Value *key, unsigned arity) {
  if (arity == 1)
    return numberHash(b, key);
  llvm::Value *h = b.getInt64(0x27d4eb2f165667c5ULL);
  for (unsigned i = 0; i < arity; ++i) {
    h = b.CreateMul(b.CreateXor(h, numberHash(b, b.CreateExtractValue(key, i))),
                    b.getInt64(0x9e3779b97f4a7c15ULL));
    h = b.CreateXor(h, b.CreateLShr(h, 29));
  }
  return h;
}

/// Python's `a == b` for two keys: numbers, or tuples member by member.
llvm::Value *keysEqual(llvm::IRBuilder<> &b, llvm::Value *x, llvm::Value *y, unsigned arity) {
  if (arity == 1)
    return numbersEqual(b, x, y);
  llvm::Value *all = b.getTrue();
  for (unsigned i = 0; i < arity; ++i)
    all = b.CreateAnd(all, numbersEqual(b, b.CreateExtractValue(x, i), b.CreateExtractValue(y, i)));
  return all;
}

/// A number a NaN key is stored as: the first time a NaN is stored it
/// becomes an object of its own (see dictInsert).
llvm::Value *markNaN(llvm::IRBuilder<> &b, llvm::Value *number, llvm::Value *counter,
                     llvm::Function *f) {
  llvm::Type *i64Ty = b.getInt64Ty();
  llvm::Value *v = b.CreateExtractValue(number, 2);
  llvm::Value *bits = b.CreateBitCast(v, i64Ty);
  llvm::Value *fresh =
      b.CreateAnd(b.CreateFCmpUNO(v, v),
                  b.CreateICmpNE(b.CreateAnd(bits, b.getInt64(NaNMarkMask)), b.getInt64(NaNMark)));
  // Only a new NaN touches the thread-local counter (a call in a shared
  // object), so ordinary keys stay cheap.
  llvm::LLVMContext &ctx = b.getContext();
  llvm::BasicBlock *plain = b.GetInsertBlock();
  llvm::BasicBlock *mark = llvm::BasicBlock::Create(ctx, "nan.mark", f);
  llvm::BasicBlock *store = llvm::BasicBlock::Create(ctx, "store", f);
  b.CreateCondBr(fresh, mark, store);
  b.SetInsertPoint(mark);
  llvm::Value *tls = b.CreateThreadLocalAddress(counter);
  llvm::Value *id = b.CreateAdd(b.CreateLoad(i64Ty, tls), b.getInt64(1));
  b.CreateStore(id, tls);
  llvm::Value *marked = b.CreateBitCast(
      b.CreateOr(b.getInt64(NaNMark), b.CreateAnd(id, b.getInt64(~NaNMarkMask))), b.getDoubleTy());
  b.CreateBr(store);
  b.SetInsertPoint(store);
  llvm::PHINode *value = b.CreatePHI(b.getDoubleTy(), 2);
  value->addIncoming(v, plain);
  value->addIncoming(marked, mark);
  return b.CreateInsertValue(number, value, 2);
}
} // namespace

llvm::Value *IRGen::toKey(llvm::Value *v, const Expr &e) {
  if (e.type != Type::Tuple)
    return toNumber(v, e.type);
  // A tuple key: its members as numbers, in an array (Sema allows tuples
  // of numbers only).
  const Shape &shape = *e.shape;
  llvm::Type *t = llvm::ArrayType::get(numberTy_, shape.members.size());
  llvm::Value *key = llvm::UndefValue::get(t);
  for (unsigned i = 0; i < shape.members.size(); ++i)
    key = b_.CreateInsertValue(key, toNumber(b_.CreateExtractValue(v, i), shape.members[i]), i);
  return key;
}

// A key of one number is stored in the entries itself. A tuple key of n
// numbers is stored in arena memory of its own when inserted; its entry
// holds the pointer (in the number's int field), so a dict's layout does
// not depend on its keys: `set()` is made before its first key is known.
llvm::Function *IRGen::dictSlot(unsigned arity) {
  if (llvm::Function *f = dictSlot_[arity])
    return f;
  llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty();
  llvm::Type *keyTy =
      arity == 1 ? static_cast<llvm::Type *>(numberTy_) : llvm::ArrayType::get(numberTy_, arity);
  std::string name = "llcc.rt.dict.slot";
  if (arity > 1)
    name += "." + std::to_string(arity);
  llvm::Function *fn = llvm::Function::Create(llvm::FunctionType::get(i64Ty, {ptr, keyTy}, false),
                                              llvm::GlobalValue::InternalLinkage, name, mod_.get());
  dictSlot_[arity] = fn;
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(ctx_);
  auto block = [&](const char *n) { return llvm::BasicBlock::Create(ctx_, n, fn); };
  llvm::BasicBlock *entry = block("entry"), *loop = block("probe"), *full = block("full"),
                   *found = block("found"), *next = block("next");
  b.SetInsertPoint(entry);
  llvm::StructType *t = dictType();
  llvm::Value *d = fn->getArg(0), *key = fn->getArg(1);
  llvm::Value *keys = b.CreateLoad(ptr, b.CreateStructGEP(t, d, 0));
  llvm::Value *index = b.CreateLoad(ptr, b.CreateStructGEP(t, d, 2));
  llvm::Value *mask = b.CreateLoad(i64Ty, b.CreateStructGEP(t, d, 5));
  llvm::Value *start = b.CreateAnd(keyHash(b, key, arity), mask);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *slot = b.CreatePHI(i64Ty, 2, "slot");
  slot->addIncoming(start, entry);
  llvm::Value *e = b.CreateLoad(i64Ty, b.CreateGEP(i64Ty, index, slot));
  b.CreateCondBr(b.CreateICmpSLT(e, b.getInt64(0)), found, full);
  b.SetInsertPoint(full);
  llvm::Value *k = b.CreateLoad(numberTy_, b.CreateGEP(numberTy_, keys, e));
  if (arity > 1)
    k = b.CreateLoad(keyTy, b.CreateIntToPtr(b.CreateExtractValue(k, 1), ptr));
  b.CreateCondBr(keysEqual(b, k, key, arity), found, next);
  b.SetInsertPoint(next);
  slot->addIncoming(b.CreateAnd(b.CreateAdd(slot, b.getInt64(1)), mask), next);
  b.CreateBr(loop);
  b.SetInsertPoint(found);
  b.CreateRet(slot);
  return fn;
}

llvm::Function *IRGen::dictInsert(unsigned arity) {
  if (llvm::Function *f = dictInsert_[arity])
    return f;
  llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty();
  llvm::Type *keyTy =
      arity == 1 ? static_cast<llvm::Type *>(numberTy_) : llvm::ArrayType::get(numberTy_, arity);
  std::string name = "llcc.rt.dict.insert";
  if (arity > 1)
    name += "." + std::to_string(arity);
  llvm::Function *fn =
      llvm::Function::Create(llvm::FunctionType::get(i64Ty, {ptr, ptr, keyTy}, false),
                             llvm::GlobalValue::InternalLinkage, name, mod_.get());
  dictInsert_[arity] = fn;
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(ctx_);
  auto block = [&](const char *n) { return llvm::BasicBlock::Create(ctx_, n, fn); };
  llvm::BasicBlock *entry = block("entry"), *have = block("have"), *missing = block("missing"),
                   *grow = block("grow"), *grown = block("grown"), *fail = block("fail"),
                   *rehash = block("rehash"), *rehashBody = block("rehash.body"),
                   *place = block("place"), *append = block("append");
  llvm::StructType *t = dictType();
  llvm::Value *arena = fn->getArg(0), *d = fn->getArg(1), *key = fn->getArg(2);
  uint64_t size = numberSize();
  b.SetInsertPoint(entry);
  llvm::Value *slot0 = b.CreateCall(dictSlot(arity), {d, key});
  llvm::Value *index0 = b.CreateLoad(ptr, b.CreateStructGEP(t, d, 2));
  llvm::Value *e0 = b.CreateLoad(i64Ty, b.CreateGEP(i64Ty, index0, slot0));
  b.CreateCondBr(b.CreateICmpSGE(e0, b.getInt64(0)), have, missing);
  b.SetInsertPoint(have);
  b.CreateRet(e0);
  b.SetInsertPoint(missing);
  llvm::Value *len = b.CreateLoad(i64Ty, b.CreateStructGEP(t, d, 3));
  llvm::Value *cap = b.CreateLoad(i64Ty, b.CreateStructGEP(t, d, 4));
  b.CreateCondBr(b.CreateICmpEQ(len, cap), grow, place);
  // Full: double the entries, rebuild the index at twice their capacity.
  b.SetInsertPoint(grow);
  llvm::Value *newCap = b.CreateMul(cap, b.getInt64(2));
  llvm::Value *keys = b.CreateCall(arenaAlloc(), {arena, b.CreateMul(newCap, b.getInt64(size))});
  llvm::Value *vals = b.CreateCall(arenaAlloc(), {arena, b.CreateMul(newCap, b.getInt64(size))});
  llvm::Value *indexBytes = b.CreateMul(newCap, b.getInt64(16));
  llvm::Value *index = b.CreateCall(arenaAlloc(), {arena, indexBytes});
  llvm::Value *bad = b.CreateOr(b.CreateIsNull(keys),
                                b.CreateOr(b.CreateIsNull(vals), b.CreateIsNull(index)));
  b.CreateCondBr(bad, fail, grown);
  b.SetInsertPoint(fail);
  b.CreateRet(b.getInt64(-1));
  b.SetInsertPoint(grown);
  llvm::Value *used = b.CreateMul(len, b.getInt64(size));
  b.CreateMemCpy(keys, llvm::MaybeAlign(8), b.CreateLoad(ptr, b.CreateStructGEP(t, d, 0)),
                 llvm::MaybeAlign(8), used);
  b.CreateMemCpy(vals, llvm::MaybeAlign(8), b.CreateLoad(ptr, b.CreateStructGEP(t, d, 1)),
                 llvm::MaybeAlign(8), used);
  b.CreateMemSet(index, b.getInt8(0xff), indexBytes, llvm::MaybeAlign(8));
  b.CreateStore(keys, b.CreateStructGEP(t, d, 0));
  b.CreateStore(vals, b.CreateStructGEP(t, d, 1));
  b.CreateStore(index, b.CreateStructGEP(t, d, 2));
  b.CreateStore(newCap, b.CreateStructGEP(t, d, 4));
  b.CreateStore(b.CreateSub(b.CreateMul(newCap, b.getInt64(2)), b.getInt64(1)),
                b.CreateStructGEP(t, d, 5));
  b.CreateBr(rehash);
  // The entries are distinct keys, so each finds an empty slot.
  b.SetInsertPoint(rehash);
  llvm::PHINode *i = b.CreatePHI(i64Ty, 2, "i");
  i->addIncoming(b.getInt64(0), grown);
  b.CreateCondBr(b.CreateICmpSLT(i, len), rehashBody, place);
  b.SetInsertPoint(rehashBody);
  llvm::Value *k = b.CreateLoad(numberTy_, b.CreateGEP(numberTy_, keys, i));
  if (arity > 1)
    k = b.CreateLoad(keyTy, b.CreateIntToPtr(b.CreateExtractValue(k, 1), ptr));
  llvm::Value *s = b.CreateCall(dictSlot(arity), {d, k});
  b.CreateStore(i, b.CreateGEP(i64Ty, index, s));
  i->addIncoming(b.CreateAdd(i, b.getInt64(1)), rehashBody);
  b.CreateBr(rehash);
  b.SetInsertPoint(place);
  b.CreateBr(append);
  b.SetInsertPoint(append);
  // A NaN stored for the first time becomes an object of its own: its bits
  // get the NaNMark and a number no other NaN of this call has, so it is
  // found again when read back from the dict (CPython's identity check)
  // and never equals a NaN computed or read from an array. In a tuple key
  // each member is such a number.
  llvm::Value *stored = key, *entryValue = nullptr;
  if (arity == 1) {
    stored = markNaN(b, key, nanCounter(), fn);
    entryValue = stored;
  } else {
    for (unsigned m = 0; m < arity; ++m)
      stored = b.CreateInsertValue(
          stored, markNaN(b, b.CreateExtractValue(stored, m), nanCounter(), fn), m);
    llvm::Value *copy = b.CreateCall(arenaAlloc(), {arena, b.getInt64(arity * size)});
    llvm::BasicBlock *copied = block("copied");
    b.CreateCondBr(b.CreateIsNull(copy), fail, copied);
    b.SetInsertPoint(copied);
    b.CreateStore(stored, copy);
    entryValue = b.CreateInsertValue(llvm::Constant::getNullValue(numberTy_),
                                     b.CreatePtrToInt(copy, i64Ty), 1);
  }
  llvm::Value *keysNow = b.CreateLoad(ptr, b.CreateStructGEP(t, d, 0));
  llvm::Value *valsNow = b.CreateLoad(ptr, b.CreateStructGEP(t, d, 1));
  llvm::Value *indexNow = b.CreateLoad(ptr, b.CreateStructGEP(t, d, 2));
  llvm::Value *slot = b.CreateCall(dictSlot(arity), {d, stored});
  b.CreateStore(entryValue, b.CreateGEP(numberTy_, keysNow, len));
  llvm::Value *zero = llvm::Constant::getNullValue(numberTy_);
  b.CreateStore(b.CreateInsertValue(zero, b.getTrue(), 0), b.CreateGEP(numberTy_, valsNow, len));
  b.CreateStore(len, b.CreateGEP(i64Ty, indexNow, slot));
  b.CreateStore(b.CreateAdd(len, b.getInt64(1)), b.CreateStructGEP(t, d, 3));
  b.CreateRet(len);
  return fn;
}

} // namespace llcc
