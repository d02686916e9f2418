//===- IRGenDictLists.cpp - Dicts whose values are lists of numbers -------===//
//
// The lowering of SemaDictLists.cpp's constructs. Each entry of a dict of
// lists owns a list header in the call's arena,
//   {ptr data, i64 len, i64 cap}
// whose address the entry's value number carries in its int field (the
// dict's own code moves value numbers about without looking at them: a
// copy `dict(d)` shares the lists, as CPython's does). Appending grows the
// data by doubling into fresh arena memory, which the arena frees when the
// call returns; reading `d[k]` gives the list value {data, len, 1}, which
// every list consumer takes.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {
/// The header's fields.
enum : unsigned { HeaderData = 0, HeaderLen = 1, HeaderCap = 2 };
} // namespace

bool IRGen::isDictOfLists(const Expr &d) {
  return d.type == Type::Dict && d.shape && isList(d.shape->value);
}

llvm::StructType *IRGen::dictListHeaderType() {
  llvm::Type *i64Ty = b_.getInt64Ty();
  return llvm::StructType::get(ctx_, {b_.getPtrTy(), i64Ty, i64Ty});
}

/// The list header of entry `entry` of the dict of lists `d`.
llvm::Value *IRGen::dictListHeader(llvm::Value *d, llvm::Value *entry) {
  llvm::Value *n = b_.CreateLoad(numberTy_, entryAddress(d, 1, entry));
  return b_.CreateIntToPtr(b_.CreateExtractValue(n, 1), b_.getPtrTy());
}

/// A header's list value {data, len, 1}.
llvm::Value *IRGen::dictListValue(llvm::Value *header) {
  llvm::StructType *h = dictListHeaderType();
  return makeArray(b_.CreateLoad(b_.getPtrTy(), b_.CreateStructGEP(h, header, HeaderData)),
                   b_.CreateLoad(b_.getInt64Ty(), b_.CreateStructGEP(h, header, HeaderLen)),
                   i64(1));
}

/// A new header holding a copy of `list` (a list value of type `from`;
/// null for an empty list), its elements of kind `elem`, stored into entry
/// `entry` of `d`.
void IRGen::storeDictList(llvm::Value *d, llvm::Value *entry, llvm::Value *list, Type from,
                          Type elem, SourceLoc loc) {
  llvm::StructType *h = dictListHeaderType();
  llvm::Value *header = b_.CreateCall(arenaAlloc(), {cur_->arena, i64(24)});
  check(b_.CreateIsNotNull(header), loc, "MemoryError: cannot allocate a local array");
  llvm::Value *len = list ? b_.CreateExtractValue(list, 1) : i64(0);
  llvm::Value *cap = b_.CreateAdd(len, i64(4));
  llvm::Value *data = allocArray(cap, elem, loc);
  if (list) {
    Type fromElem = elementType(from);
    forRange(i64(0), len, [&](llvm::Value *i) {
      storeElement(data, i, convert(loadElement(list, i, fromElem), fromElem, elem, loc), elem);
    });
  }
  b_.CreateStore(b_.CreateExtractValue(data, 0), b_.CreateStructGEP(h, header, HeaderData));
  b_.CreateStore(len, b_.CreateStructGEP(h, header, HeaderLen));
  b_.CreateStore(cap, b_.CreateStructGEP(h, header, HeaderCap));
  llvm::Value *n = llvm::UndefValue::get(numberTy_);
  n = b_.CreateInsertValue(n, b_.getFalse(), 0);
  n = b_.CreateInsertValue(n, b_.CreatePtrToInt(header, b_.getInt64Ty()), 1);
  n = b_.CreateInsertValue(n, f64(0.0), 2);
  b_.CreateStore(n, entryAddress(d, 1, entry));
}

/// `x` appended to the header's list, the data doubled into fresh arena
/// memory when full.
void IRGen::dictListAppend(llvm::Value *header, llvm::Value *x, Type t, Type elem, SourceLoc loc) {
  llvm::StructType *h = dictListHeaderType();
  llvm::Value *lenAt = b_.CreateStructGEP(h, header, HeaderLen);
  llvm::Value *capAt = b_.CreateStructGEP(h, header, HeaderCap);
  llvm::Value *dataAt = b_.CreateStructGEP(h, header, HeaderData);
  llvm::Value *v = convert(x, t, elem, loc);
  llvm::Value *len = b_.CreateLoad(b_.getInt64Ty(), lenAt);
  llvm::BasicBlock *grow = newBlock("dictlist.grow"), *store = newBlock("dictlist.store");
  b_.CreateCondBr(b_.CreateICmpSLT(len, b_.CreateLoad(b_.getInt64Ty(), capAt)), store, grow);
  b_.SetInsertPoint(grow);
  llvm::Value *old = makeArray(b_.CreateLoad(b_.getPtrTy(), dataAt), len, i64(1));
  llvm::Value *newCap = b_.CreateAdd(b_.CreateMul(len, i64(2)), i64(4));
  llvm::Value *bigger = allocArray(newCap, elem, loc);
  forRange(i64(0), len,
           [&](llvm::Value *i) { storeElement(bigger, i, loadElement(old, i, elem), elem); });
  b_.CreateStore(b_.CreateExtractValue(bigger, 0), dataAt);
  b_.CreateStore(newCap, capAt);
  b_.CreateBr(store);
  b_.SetInsertPoint(store);
  storeElement(makeArray(b_.CreateLoad(b_.getPtrTy(), dataAt), b_.CreateAdd(len, i64(1)), i64(1)),
               len, v, elem);
  b_.CreateStore(b_.CreateAdd(len, i64(1)), lenAt);
}

/// The entry of `key` in a dict of lists: a KeyError when missing; a
/// defaultdict(list) stores a new empty list first (CPython's __missing__).
llvm::Value *IRGen::dictListEntryForRead(const Expr &dict, llvm::Value *d, llvm::Value *key,
                                         SourceLoc loc, const KeyShown &shown) {
  llvm::Value *entry = dictFind(d, key);
  bool defaults = false;
  if (auto *n = dyn_cast<NameExpr>(&dict); n && n->ref == NameRef::Local)
    defaults = isList(cur_->def->locals[n->localIndex].dictDefault);
  if (!defaults) {
    KeyShown withStrs = shown;
    withStrs.strKeys = strKeyTable(dict);
    checkKeyFound(entry, loc, withStrs);
    return entry;
  }
  Type elem = elementType(dict.shape->value);
  return insertIfMissing(d, key, entry, loc, [&](llvm::Value *added) {
    storeDictList(d, added, nullptr, dict.shape->value, elem, loc);
  });
}

/// d.setdefault(k, default) of a dict of lists: the entry of k, storing
/// a copy of the default (evaluated first, as Python's argument) when
/// missing.
llvm::Value *IRGen::dictListSetdefault(const CallExpr &e, llvm::Value *&d) {
  const Expr &dict = *cast<AttributeExpr>(*e.callee).value;
  d = genExpr(dict);
  llvm::Value *key = toKey(genExpr(*e.args[0]), *e.args[0]);
  llvm::Value *dflt = genExpr(*e.args[1]);
  Type elem = elementType(dict.shape->value);
  return insertIfMissing(d, key, dictFind(d, key), e.loc(), [&](llvm::Value *added) {
    storeDictList(d, added, dflt, e.args[1]->type, elem, e.loc());
  });
}

bool IRGen::genDictListCall(const CallExpr &e, llvm::Value *&out) {
  const std::string &name = e.builtin;
  out = nullptr;
  if (name == "method.dictlist.append") {
    // d[k].append(x) / d.setdefault(k, []).append(x): the entry first,
    // then x, as Python evaluates them.
    const Expr &target = *cast<AttributeExpr>(*e.callee).value;
    llvm::Value *d = nullptr, *entry = nullptr;
    const Expr *dict = nullptr;
    if (auto *sub = dyn_cast<SubscriptExpr>(&target)) {
      dict = sub->value.get();
      d = genExpr(*dict);
      llvm::Value *k = genExpr(*sub->index);
      entry = dictListEntryForRead(*dict, d, toKey(k, *sub->index), sub->loc(),
                                   KeyShown{k, sub->index->type});
    } else {
      auto &call = cast<CallExpr>(target);
      dict = cast<AttributeExpr>(*call.callee).value.get();
      entry = dictListSetdefault(call, d);
    }
    Type elem = elementType(dict->shape->value);
    llvm::Value *header = dictListHeader(d, entry);
    llvm::Value *x = genExpr(*e.args[0]);
    dictListAppend(header, x, e.args[0]->type, elem, e.loc());
    return true;
  }
  if (name != "method.get" && name != "method.setdefault")
    return false;
  const Expr &dict = *cast<AttributeExpr>(*e.callee).value;
  if (!isDictOfLists(dict))
    return false;
  Type kind = dict.shape->value;
  if (name == "method.setdefault") {
    llvm::Value *d = nullptr;
    llvm::Value *entry = dictListSetdefault(e, d);
    out = convert(dictListValue(dictListHeader(d, entry)), kind, e.type, e.loc());
    return true;
  }
  // d.get(k, default): the entry's list, or the default (evaluated first).
  llvm::Value *d = genExpr(dict);
  llvm::Value *key = toKey(genExpr(*e.args[0]), *e.args[0]);
  llvm::Value *dflt = convert(genExpr(*e.args[1]), e.args[1]->type, e.type, e.loc());
  llvm::Value *entry = dictFind(d, key);
  llvm::BasicBlock *hit = newBlock("get.hit"), *done = newBlock("get.done");
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateICmpSGE(entry, i64(0)), hit, done);
  b_.SetInsertPoint(hit);
  llvm::Value *v = convert(dictListValue(dictListHeader(d, entry)), kind, e.type, e.loc());
  llvm::BasicBlock *hitEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *phi = b_.CreatePHI(arrayTy_, 2);
  phi->addIncoming(dflt, pre);
  phi->addIncoming(v, hitEnd);
  out = phi;
  return true;
}

llvm::Value *IRGen::genDictListSubscript(const SubscriptExpr &e) {
  llvm::Value *d = genExpr(*e.value);
  llvm::Value *k = genExpr(*e.index);
  llvm::Value *entry =
      dictListEntryForRead(*e.value, d, toKey(k, *e.index), e.loc(), KeyShown{k, e.index->type});
  return convert(dictListValue(dictListHeader(d, entry)), e.value->shape->value, e.type, e.loc());
}

void IRGen::genDictListStore(const SubscriptExpr &target, llvm::Value *value, Type valueType) {
  llvm::Value *d = genExpr(*target.value);
  llvm::Value *key = toKey(genExpr(*target.index), *target.index);
  llvm::Value *entry = dictAdd(d, key, target.loc());
  storeDictList(d, entry, value, valueType, elementType(target.value->shape->value), target.loc());
}

/// d.values() of a dict of lists, walked by a loop or a comprehension: a
/// list of its lists' values, in the dict's order.
llvm::Value *IRGen::dictListValues(const CallExpr &e) {
  const Expr &dict = *cast<AttributeExpr>(*e.callee).value;
  llvm::Value *d = genExpr(dict);
  llvm::Value *n = dictField(d, 3);
  llvm::Value *out = newArrayList(n, e.loc());
  llvm::Value *data = b_.CreateExtractValue(out, 0);
  forRange(i64(0), n, [&](llvm::Value *i) {
    b_.CreateStore(dictListValue(dictListHeader(d, i)), b_.CreateGEP(arrayTy_, data, i));
  });
  return out;
}

} // namespace llcc
