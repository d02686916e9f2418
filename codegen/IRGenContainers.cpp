//===- IRGenContainers.cpp - Comprehensions, list methods, dicts, sets -----===//
//
// The lowering of SemaContainers.cpp's constructs:
//   * a comprehension becomes an ArrayGen: without `if` its element i is the
//     element expression with the loop variable bound to the source's
//     element i, so `sum(abs(v - c) for v in values)` is one loop and
//     allocates nothing; with `if` the kept elements are stored into an
//     arena buffer of the source's length first;
//   * a list that grows (append, extend, pop) keeps its capacity in a hidden
//     slot beside its variable; growing doubles it into fresh arena memory;
//   * dicts and sets are IRGenDict.cpp's hash tables; iterating one walks its
//     entries in insertion order, so every array consumer (sum, min, sorted,
//     for loops, comprehensions) takes them as they take arrays;
//   * `key=` functions are applied inline (a lambda's body with its
//     parameter bound, a helper call, abs, d.get);
//   * recursive functions are entered through a wrapper that counts the
//     depth and raises RecursionError past MaxRecursionDepth.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Builtins.h"
#include "Diagnostics.h"

#include <llvm/IR/CFG.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {
bool isRangeCall(const Expr &e) {
  auto *c = dyn_cast<CallExpr>(&e);
  return c && c->builtin == "range" && !c->target;
}

/// `d.keys()`, `d.values()` of a dict.
const AttributeExpr *dictView(const Expr &e, const char *which = nullptr) {
  auto *c = dyn_cast<CallExpr>(&e);
  if (!c || (c->builtin != "method.keys" && c->builtin != "method.values"))
    return nullptr;
  if (which && c->builtin != std::string("method.") + which)
    return nullptr;
  return cast<AttributeExpr>(c->callee.get());
}

/// A key's or value's kind, Unknown (never stored) read as int.
Type storedKind(Type t) { return t == Type::Unknown ? Type::Int : t; }
} // namespace

//===----------------------------------------------------------------------===//
// Numbers in containers
//===----------------------------------------------------------------------===//

llvm::Value *IRGen::toNumber(llvm::Value *v, Type t) {
  if (t == Type::IntOrFloat)
    return v;
  if (t == Type::Float)
    return floatNumber(v);
  return intNumber(convert(v, t, Type::Int));
}

llvm::Value *IRGen::fromNumber(llvm::Value *n, Type kind) {
  switch (storedKind(kind)) {
  case Type::IntOrFloat:
    return n;
  case Type::Float:
    return b_.CreateExtractValue(n, 2);
  case Type::Bool:
    return b_.CreateICmpNE(b_.CreateExtractValue(n, 1), i64(0));
  default:
    return b_.CreateExtractValue(n, 1);
  }
}

llvm::Value *IRGen::dictField(llvm::Value *d, unsigned field) {
  llvm::Type *t =
      field >= 3 && field != 6 ? static_cast<llvm::Type *>(b_.getInt64Ty()) : b_.getPtrTy();
  return b_.CreateLoad(t, b_.CreateStructGEP(dictType(), d, field));
}

llvm::Value *IRGen::newDict(SourceLoc loc) {
  llvm::Value *d = b_.CreateCall(dictNew(), {cur_->arena});
  check(b_.CreateIsNotNull(d), loc, "MemoryError: cannot allocate a dict or set");
  return d;
}

/// The number of numbers in a key value: 1, or n for [n x number].
static unsigned keyArity(llvm::Value *key) {
  auto *a = dyn_cast<llvm::ArrayType>(key->getType());
  return a ? static_cast<unsigned>(a->getNumElements()) : 1;
}

llvm::Value *IRGen::dictFind(llvm::Value *d, llvm::Value *key) {
  llvm::Value *slot = b_.CreateCall(dictSlot(keyArity(key)), {d, key});
  return b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), dictField(d, 2), slot));
}

llvm::Value *IRGen::dictAdd(llvm::Value *d, llvm::Value *key, SourceLoc loc) {
  llvm::Value *e = b_.CreateCall(dictInsert(keyArity(key)), {cur_->arena, d, key});
  check(b_.CreateICmpSGE(e, i64(0)), loc, "MemoryError: cannot grow a dict or set");
  return e;
}

llvm::Value *IRGen::entryAddress(llvm::Value *d, unsigned field, llvm::Value *e) {
  return b_.CreateGEP(numberTy_, dictField(d, field), e);
}

//===----------------------------------------------------------------------===//
// Iterables
//===----------------------------------------------------------------------===//

bool IRGen::isContainerIterable(const Expr &e) {
  return isa<ComprehensionExpr>(&e) || isHashContainer(e.type) || dictView(e) ||
         isRangeCall(e);
}

/// range(start, stop, step) as a generator: the trip count as genRangeFor
/// computes it, element k = start + k*step.
IRGen::ArrayGen IRGen::rangeGen(const CallExpr &range) {
  RangeTrip trip = rangeTrip(range);
  llvm::Value *start = trip.start, *step = trip.step, *count = trip.count;
  return {count, [this, start, step](llvm::Value *k) {
            return b_.CreateAdd(start, b_.CreateMul(k, step));
          },
          Type::Int};
}

IRGen::ArrayGen IRGen::genContainerArray(const Expr &e) {
  if (isRangeCall(e))
    return rangeGen(cast<CallExpr>(e));
  if (auto *c = dyn_cast<ComprehensionExpr>(&e)) {
    Type elem = elementType(e.type);
    if (!c->inner.empty())
      return memoryGen(genNestedComprehension(*c), elem);
    ClauseSource src = clauseSource(*c->target, c->localIndex, *c->iter);
    const Expr *element = c->element.get();
    if (c->conds.empty())
      return {src.len,
              [this, src, element, elem](llvm::Value *i) {
                src.bind(i);
                return genExprAs(*element, elem);
              },
              elem};
    // Filtered: the kept elements, in order, in a buffer of the source's length.
    llvm::Value *buffer = allocArray(src.len, elem, e.loc());
    llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "kept");
    b_.CreateStore(i64(0), kept);
    forRange(i64(0), src.len, [&](llvm::Value *i) {
      src.bind(i);
      llvm::BasicBlock *skip = newBlock("comp.skip");
      for (auto &cond : c->conds) {
        llvm::BasicBlock *next = newBlock("comp.if");
        b_.CreateCondBr(truthy(genExpr(*cond), cond->type), next, skip);
        b_.SetInsertPoint(next);
      }
      llvm::Value *k = b_.CreateLoad(b_.getInt64Ty(), kept);
      storeElement(buffer, k, genExprAs(*element, elem), elem);
      b_.CreateStore(b_.CreateAdd(k, i64(1)), kept);
      b_.CreateBr(skip);
      b_.SetInsertPoint(skip);
    });
    llvm::Value *list = b_.CreateInsertValue(buffer, b_.CreateLoad(b_.getInt64Ty(), kept), 1);
    return memoryGen(list, elem);
  }
  // Dicts: their entries in insertion order; d.values(): the values; sets:
  // their entries in CPython's order (below).
  const Expr *container = &e;
  unsigned field = 0;
  Type kind;
  if (const AttributeExpr *view = dictView(e)) {
    container = view->value.get();
    field = cast<CallExpr>(e).builtin == "method.values" ? 1 : 0;
    kind = elementType(e.type);
  } else {
    kind = storedKind(e.shape ? e.shape->elem : Type::Unknown);
  }
  llvm::Value *d = genExpr(*container);
  Type elem = kind == Type::IntOrFloat ? Type::Float : storedKind(kind);
  Type stored = field == 1 ? storedKind(container->shape ? container->shape->value : Type::Unknown)
                           : storedKind(container->shape ? container->shape->elem : Type::Unknown);
  if (container->type != Type::Set || dictView(e))
    return {dictField(d, 3),
            [this, d, field, stored, elem](llvm::Value *i) {
              llvm::Value *n = b_.CreateLoad(numberTy_, entryAddress(d, field, i));
              return convert(fromNumber(n, stored), stored, elem);
            },
            elem};
  // A set iterates in CPython's order, that of its hash table: the library
  // replays CPython's insertions (stdlib/sets.flt) and gives the entries'
  // order once, when the iteration starts.
  llvm::Value *n = dictField(d, 3);
  llvm::Value *order = setIterationOrder(d, e.loc()); // IRGenSetOps.cpp
  return {n,
          [this, d, order, stored, elem](llvm::Value *i) {
            llvm::Value *k = loadElement(order, i, Type::Int);
            llvm::Value *num = b_.CreateLoad(numberTy_, entryAddress(d, 0, k));
            return convert(fromNumber(num, stored), stored, elem);
          },
          elem};
}

/// dict(d), a copy in d's order, and dict(pairs) of an iterable of
/// (key, value) tuples, a dict comprehension among them: each pair added in
/// turn, a later value replacing an earlier one's (its key's first place
/// kept), as CPython's dict does.
llvm::Value *IRGen::dictOf(const CallExpr &e) {
  const Expr &arg = *e.args[0];
  SourceLoc loc = e.loc();
  Type valueKind = storedKind(e.shape ? e.shape->value : Type::Unknown);
  if (arg.type == Type::Dict) {
    llvm::Value *src = genExpr(arg);
    llvm::Value *d = newDict(loc);
    forRange(i64(0), dictField(src, 3), [&](llvm::Value *i) {
      llvm::Value *entry = dictAdd(d, b_.CreateLoad(numberTy_, entryAddress(src, 0, i)), loc);
      b_.CreateStore(b_.CreateLoad(numberTy_, entryAddress(src, 1, i)), entryAddress(d, 1, entry));
    });
    return d;
  }
  Iterable pairs = genIterable(arg);
  internalCheck(pairs.shape && pairs.shape->members.size() == 2, "dict() of something not pairs");
  Type keyType = pairs.shape->members[0], valueType = pairs.shape->members[1];
  llvm::Value *d = newDict(loc);
  forRange(i64(0), pairs.len, [&](llvm::Value *i) {
    llvm::Value *pair = pairs.at(i);
    llvm::Value *entry = dictAdd(d, toNumber(b_.CreateExtractValue(pair, 0), keyType), loc);
    llvm::Value *v = convert(b_.CreateExtractValue(pair, 1), valueType, valueKind);
    b_.CreateStore(toNumber(v, valueKind), entryAddress(d, 1, entry));
  });
  return d;
}

//===----------------------------------------------------------------------===//
// Displays, subscripts, membership
//===----------------------------------------------------------------------===//

llvm::Value *IRGen::genContainerDisplay(const Expr &e) {
  llvm::Value *d = newDict(e.loc());
  if (auto *dict = dyn_cast<DictExpr>(&e)) {
    Type valueKind = storedKind(e.shape ? e.shape->value : Type::Unknown);
    for (size_t i = 0; i < dict->keys.size(); ++i) {
      llvm::Value *k = toKey(genExpr(*dict->keys[i]), *dict->keys[i]);
      llvm::Value *v = genExpr(*dict->values[i]);
      llvm::Value *entry = dictAdd(d, k, e.loc());
      b_.CreateStore(toNumber(convert(v, dict->values[i]->type, valueKind), valueKind),
                     entryAddress(d, 1, entry));
    }
    return d;
  }
  for (auto &x : cast<SetExpr>(e).elements)
    dictAdd(d, toKey(genExpr(*x), *x), e.loc());
  return d;
}

/// The 0 a defaultdict(int) or defaultdict(float) reads a missing key as
/// (its variable's, or the call's written in place); Unknown for a dict.
Type IRGen::dictDefault(const Expr &dict) {
  if (auto *n = dyn_cast<NameExpr>(&dict); n && n->ref == NameRef::Local) {
    Type t = cur_->def->locals[n->localIndex].dictDefault;
    return isNumeric(t) ? t : Type::Unknown;
  }
  if (auto *c = dyn_cast<CallExpr>(&dict); c && c->builtin == "collections.defaultdict")
    return c->shape ? c->shape->value : Type::Unknown;
  return Type::Unknown;
}

/// The entry of `key`: a KeyError when missing from a dict; of a
/// defaultdict, a new entry holding 0 (CPython's __missing__ inserts it).
llvm::Value *IRGen::dictEntryForRead(const Expr &dict, llvm::Value *d, llvm::Value *key,
                                     SourceLoc loc, const KeyShown &shown) {
  llvm::Value *entry = dictFind(d, key);
  Type dflt = dictDefault(dict);
  if (dflt == Type::Unknown) {
    KeyShown withStrs = shown;
    withStrs.strKeys = strKeyTable(dict);
    checkKeyFound(entry, loc, withStrs);
    return entry;
  }
  Type kind = storedKind(dict.shape ? dict.shape->value : Type::Unknown);
  return insertIfMissing(d, key, entry, loc, [&](llvm::Value *added) {
    llvm::Value *zero = dflt == Type::Int ? i64(0) : f64(0.0);
    b_.CreateStore(toNumber(convert(zero, dflt, kind, loc), kind), entryAddress(d, 1, added));
  });
}

/// The entry `found` of `key` (negative when missing), or a new entry for
/// it, whose value `store` writes: a defaultdict's read, setdefault.
llvm::Value *IRGen::insertIfMissing(llvm::Value *d, llvm::Value *key, llvm::Value *found,
                                    SourceLoc loc,
                                    const std::function<void(llvm::Value *added)> &store) {
  llvm::BasicBlock *missing = newBlock("dict.insert"), *done = newBlock("dict.entry");
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateICmpSLT(found, i64(0)), missing, done);
  b_.SetInsertPoint(missing);
  llvm::Value *added = dictAdd(d, key, loc);
  store(added);
  llvm::BasicBlock *missingEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *phi = b_.CreatePHI(b_.getInt64Ty(), 2);
  phi->addIncoming(found, pre);
  phi->addIncoming(added, missingEnd);
  return phi;
}

const std::vector<std::string> *IRGen::strKeyTable(const Expr &dict) {
  // {"pos": 1.0, "neg": -1.0}[best]: a display whose str keys became ints.
  if (auto *d = dyn_cast<DictExpr>(&dict);
      d && !d->keys.empty() && cur_ && cur_->def && !cur_->def->strKeys.empty())
    if (auto *k = dyn_cast<IntLiteralExpr>(d->keys[0].get()); k && !k->strKey.empty())
      return &cur_->def->strKeys;
  auto *n = dyn_cast<NameExpr>(&dict);
  if (!n || n->ref != NameRef::Local || !cur_ || !cur_->def ||
      !cur_->def->strKeyDicts.count(n->name) || cur_->def->strKeys.empty())
    return nullptr;
  return &cur_->def->strKeys;
}

void IRGen::checkKeyFound(llvm::Value *entry, SourceLoc loc, const KeyShown &shown) {
  llvm::Value *found = b_.CreateICmpSGE(entry, i64(0));
  if (shown.strKeys && shown.value && shown.type == Type::Int) {
    // CPython's KeyError('pos'): the str the int key stands for.
    llvm::BasicBlock *cont = newBlock("ok");
    llvm::BasicBlock *bad = newBlock("error");
    b_.CreateCondBr(found, cont, bad, llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
    b_.SetInsertPoint(bad);
    std::vector<llvm::Constant *> texts;
    for (const std::string &s : *shown.strKeys)
      texts.push_back(stringConstant(s));
    auto *arrTy = llvm::ArrayType::get(b_.getPtrTy(), texts.size());
    auto *table = new llvm::GlobalVariable(*mod_, arrTy, true, llvm::GlobalValue::PrivateLinkage,
                                           llvm::ConstantArray::get(arrTy, texts), "llcc.strkeys");
    llvm::Value *text = b_.CreateLoad(
        b_.getPtrTy(), b_.CreateInBoundsGEP(arrTy, table, {i64(0), shown.value}));
    raiseComposed(loc, "KeyError", [&] { appendValue(text, Type::Str, 's', ""); });
    b_.SetInsertPoint(cont);
    return;
  }
  bool number = shown.value && (isNumeric(shown.type) || shown.type == Type::IntOrFloat);
  if (!number) {
    check(found, loc, "KeyError: key not found in the dict");
    return;
  }
  llvm::BasicBlock *cont = newBlock("ok");
  llvm::BasicBlock *bad = newBlock("error");
  b_.CreateCondBr(found, cont, bad, llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(bad);
  raiseComposed(loc, "KeyError", [&] { appendValue(shown.value, shown.type, 'r', ""); });
  b_.SetInsertPoint(cont);
}

llvm::Value *IRGen::genDictSubscript(const SubscriptExpr &e) {
  if (isCounterExpr(*e.value))
    return counterRead(e);
  if (isDictOfLists(*e.value))
    return genDictListSubscript(e); // IRGenDictLists.cpp
  llvm::Value *d = genExpr(*e.value);
  llvm::Value *k = genExpr(*e.index);
  llvm::Value *entry =
      dictEntryForRead(*e.value, d, toKey(k, *e.index), e.loc(), KeyShown{k, e.index->type});
  Type kind = storedKind(e.value->shape ? e.value->shape->value : Type::Unknown);
  return convert(fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, entry)), kind), kind,
                 e.type);
}

bool IRGen::genContainerAssign(const Expr &target, llvm::Value *value, Type valueType) {
  auto *sub = dyn_cast<SubscriptExpr>(&target);
  if (sub && sub->value->type == Type::TupleList) {
    genTupleListStore(*sub, value, valueType);
    return true;
  }
  if (sub && isList(sub->value->type) && isa<SliceExpr>(sub->index.get())) {
    genListSliceStore(*sub, value, valueType);
    return true;
  }
  if (!sub || sub->value->type != Type::Dict)
    return false;
  if (isDictOfLists(*sub->value)) {
    genDictListStore(*sub, value, valueType); // IRGenDictLists.cpp
    return true;
  }
  llvm::Value *d = genExpr(*sub->value);
  llvm::Value *key = toKey(genExpr(*sub->index), *sub->index);
  Type kind = storedKind(sub->value->shape ? sub->value->shape->value : Type::Unknown);
  llvm::Value *entry = dictAdd(d, key, sub->loc());
  b_.CreateStore(toNumber(convert(value, valueType, kind, sub->loc()), kind),
                 entryAddress(d, 1, entry));
  return true;
}

/// `a[i:j] = xs`, `a[i:j:k] = xs` of a local list (Sema's
/// assignToContainer), as CPython's list_ass_subscript: the value's
/// elements are copied first (`a[1:2] = a` reads `a` as it was), then the
/// slice's bounds are evaluated and clamped. A step of 1 (absent, or 1 at
/// run time) replaces the slice by the elements, whatever their number:
/// the tail moves and the list grows (as by append) or shrinks. Another
/// step stores one element per position and raises CPython's
/// `ValueError: attempt to assign sequence of size m to extended slice of
/// size n` when the counts differ (a zero step: `slice step cannot be
/// zero`).
void IRGen::genListSliceStore(const SubscriptExpr &target, llvm::Value *value, Type valueType) {
  SourceLoc loc = target.loc();
  const auto &slice = cast<SliceExpr>(*target.index);
  int local = cast<NameExpr>(*target.value).localIndex;
  Type elem = elementType(cur_->def->locals[local].type);
  ArrayGen src = memoryGen(value, elementType(valueType));
  llvm::Value *m = src.len;
  llvm::Value *copy = allocArray(m, elem, loc);
  forRange(i64(0), m, [&](llvm::Value *k) {
    storeElement(copy, k, convert(src.at(k), src.elem, elem, loc), elem);
  });
  llvm::Value *len = b_.CreateExtractValue(loadLocal(local, loc), 1);
  SliceRange r = sliceRange(len, slice);
  auto *literal = llvm::dyn_cast_or_null<IntLiteralExpr>(slice.step.get());
  llvm::Value *simple = !slice.step || (literal && literal->value == 1)
                            ? b_.getTrue()
                            : b_.CreateICmpEQ(r.step, i64(1));
  llvm::BasicBlock *replaceBB = newBlock("setslice.replace");
  llvm::BasicBlock *extendedBB = newBlock("setslice.extended");
  llvm::BasicBlock *doneBB = newBlock("setslice.done");
  b_.CreateCondBr(simple, replaceBB, extendedBB);

  // Step 1: [lo, hi) becomes the m elements; the tail [hi, len) moves by d.
  b_.SetInsertPoint(replaceBB);
  llvm::Value *lo = r.start, *hi = b_.CreateAdd(r.start, r.count);
  llvm::Value *d = b_.CreateSub(m, r.count);
  llvm::Value *tail = b_.CreateSub(len, hi);
  llvm::Value *grow = b_.CreateSelect(b_.CreateICmpSGT(d, i64(0)), d, i64(0));
  forRange(i64(0), grow, [&](llvm::Value *) {
    listAppend(local, llvm::Constant::getNullValue(llvmType(elem)), elem, loc);
  });
  llvm::Value *list = loadLocal(local, loc);
  llvm::Value *up = b_.CreateICmpSGT(d, i64(0));
  // Growing, the tail moves right from its end; shrinking, left from its start.
  forRange(i64(0), tail, [&](llvm::Value *k) {
    llvm::Value *from =
        b_.CreateSelect(up, b_.CreateSub(b_.CreateSub(len, i64(1)), k), b_.CreateAdd(hi, k));
    storeElement(list, b_.CreateAdd(from, d), loadElement(list, from, elem), elem);
  });
  forRange(i64(0), m, [&](llvm::Value *k) {
    storeElement(list, b_.CreateAdd(lo, k), loadElement(copy, k, elem), elem);
  });
  b_.CreateStore(b_.CreateInsertValue(list, b_.CreateAdd(len, d), 1), cur_->slots[local]);
  b_.CreateBr(doneBB);

  // Another step: one element per position, the counts equal.
  b_.SetInsertPoint(extendedBB);
  llvm::BasicBlock *storeBB = newBlock("setslice.store");
  llvm::BasicBlock *badBB = newBlock("setslice.size");
  b_.CreateCondBr(b_.CreateICmpEQ(m, r.count), storeBB, badBB);
  b_.SetInsertPoint(badBB);
  raiseComposed(loc, "ValueError", [&] {
    appendConstant("attempt to assign sequence of size ");
    appendValue(m, Type::Int, 0, "");
    appendConstant(" to extended slice of size ");
    appendValue(r.count, Type::Int, 0, "");
  });
  startDeadBlock();
  b_.CreateBr(doneBB);
  b_.SetInsertPoint(storeBB);
  llvm::Value *same = loadLocal(local, loc);
  forRange(i64(0), m, [&](llvm::Value *k) {
    storeElement(same, b_.CreateAdd(r.start, b_.CreateMul(k, r.step)), loadElement(copy, k, elem),
                 elem);
  });
  b_.CreateBr(doneBB);
  b_.SetInsertPoint(doneBB);
}

/// a.extend(iterable), and `a += iterable` on a list: the iterable's length
/// is read once, before anything is appended, so `a.extend(a)` doubles `a`
/// as in Python.
void IRGen::listExtend(int local, const Expr &iterable, SourceLoc loc) {
  ArrayGen g = genArray(iterable);
  forRange(i64(0), g.len, [&](llvm::Value *i) { listAppend(local, g.at(i), g.elem, loc); });
}

bool IRGen::genContainerAugAssign(const AugAssignStmt &s) {
  if (s.extendsList) {
    listExtend(cast<NameExpr>(*s.target).localIndex, *s.value, s.loc());
    return true;
  }
  if (genSetAugAssign(s))
    return true;
  auto *sub = dyn_cast<SubscriptExpr>(s.target.get());
  if (!sub || sub->value->type != Type::Dict)
    return false;
  // d[k] op= v: the key is looked up once (KeyError when missing), as in Python.
  llvm::Value *d = genExpr(*sub->value);
  llvm::Value *k = genExpr(*sub->index);
  llvm::Value *entry = dictEntryForRead(*sub->value, d, toKey(k, *sub->index), sub->loc(),
                                        KeyShown{k, sub->index->type});
  if (s.resultType == Type::Unknown)
    return true; // no value is ever stored: the lookup above always raises
  Type kind = storedKind(sub->value->shape ? sub->value->shape->value : Type::Unknown);
  llvm::Value *slot = entryAddress(d, 1, entry);
  llvm::Value *old = fromNumber(b_.CreateLoad(numberTy_, slot), kind);
  llvm::Value *rhs = genExpr(*s.value);
  llvm::Value *result =
      genArith(s.op, old, kind, rhs, s.value->type, s.resultType, s.loc(), !s.value->mayBeNumpy);
  // Evaluating the value may have grown the dict, which moves its arrays
  // but keeps each entry's number (entries are never removed), so the
  // entry found above is the one to store: a NaN key stored just now (a
  // defaultdict's missing key) has bits of its own and would not be found
  // again by the key it came from.
  b_.CreateStore(toNumber(convert(result, s.resultType, kind, s.loc()), kind),
                 entryAddress(d, 1, entry));
  return true;
}

llvm::Value *IRGen::genMembership(const CompareExpr &e) {
  const Expr &x = *e.operands[0];
  const Expr &c = *e.operands[1];
  if (e.substring) // "med" in how (IRGenStrValues.cpp)
    return genSubstring(e);
  if (x.type == Type::Str) { // how in ("mean", "avg"): Sema typed the display Str
    llvm::Value *v = genExpr(x);
    llvm::Value *found = b_.getFalse();
    for (const ExprPtr &el : *displayElements(c)) {
      llvm::Value *y = genExpr(*el);
      if (el->type == Type::Str) // a number is never equal to a str
        found = b_.CreateOr(found, strEquals(v, y));
    }
    return e.ops[0] == CompareOp::NotIn ? b_.CreateNot(found) : found;
  }
  llvm::Value *v = genExpr(x);
  llvm::Value *found;
  if (c.type == Type::Tuple) {
    found = tupleContains(v, x, genExpr(c), c);
  } else if (c.type == Type::TupleList) { // (a, b) in pairs: == as CPython compares tuples
    Iterable it = genIterable(c);
    llvm::AllocaInst *hit = entryAlloca(b_.getInt1Ty(), "in.found");
    b_.CreateStore(b_.getFalse(), hit);
    forRange(i64(0), it.len, [&](llvm::Value *i) {
      llvm::Value *eq = tupleCompare(CompareOp::Eq, v, it.at(i), &x, nullptr);
      b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), hit), eq), hit);
    });
    found = b_.CreateLoad(b_.getInt1Ty(), hit);
  } else if (isHashContainer(c.type)) {
    llvm::Value *d = genExpr(c);
    found = b_.CreateICmpSGE(dictFind(d, toKey(v, x)), i64(0));
  } else if (isRangeCall(c)) {
    // Arithmetic, as range.__contains__: no loop.
    const auto &range = cast<CallExpr>(c);
    ArrayGen g = rangeGen(range);
    llvm::Value *start = g.at(i64(0));
    llvm::Value *step = range.args.size() == 3 ? genExprAs(*range.args[2], Type::Int) : i64(1);
    llvm::Value *n = toNumber(v, x.type);
    llvm::Value *f = b_.CreateExtractValue(n, 2);
    llvm::Value *isInt = b_.CreateExtractValue(n, 0);
    llvm::Value *integral = b_.CreateOr(
        isInt, b_.CreateAnd(b_.CreateFCmpOEQ(f, b_.CreateUnaryIntrinsic(llvm::Intrinsic::trunc, f)),
                            b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, f),
                                             f64(9.2e18))));
    llvm::Value *xi = b_.CreateSelect(isInt, b_.CreateExtractValue(n, 1),
                                      b_.CreateFPToSI(f, b_.getInt64Ty()));
    llvm::Value *k = b_.CreateSDiv(b_.CreateSub(xi, start), step);
    llvm::Value *exact = b_.CreateICmpEQ(b_.CreateSRem(b_.CreateSub(xi, start), step), i64(0));
    llvm::Value *inside = b_.CreateAnd(b_.CreateICmpSGE(k, i64(0)), b_.CreateICmpSLT(k, g.len));
    found = b_.CreateAnd(integral, b_.CreateAnd(exact, inside));
  } else {
    ArrayGen g = genArray(c);
    llvm::AllocaInst *hit = entryAlloca(b_.getInt1Ty(), "in.found");
    b_.CreateStore(b_.getFalse(), hit);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *eq = genNumberCompare(CompareOp::Eq, g.at(i), g.elem, v, x.type);
      b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), hit), eq), hit);
    });
    found = b_.CreateLoad(b_.getInt1Ty(), hit);
  }
  return e.ops[0] == CompareOp::NotIn ? b_.CreateNot(found) : found;
}

//===----------------------------------------------------------------------===//
// Lists that grow
//===----------------------------------------------------------------------===//

void IRGen::listAppend(int local, llvm::Value *x, Type t, SourceLoc loc) {
  Type listType = cur_->def->locals[local].type;
  Type elem = elementType(listType);
  llvm::Value *list = loadLocal(local, loc);
  llvm::Value *len = b_.CreateExtractValue(list, 1);
  llvm::AllocaInst *capSlot = cur_->capacity.at(local);
  llvm::Value *cap = b_.CreateLoad(b_.getInt64Ty(), capSlot);
  llvm::Value *oldData = b_.CreateExtractValue(list, 0);
  llvm::BasicBlock *grow = newBlock("append.grow");
  llvm::BasicBlock *store = newBlock("append.store");
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateICmpSLT(len, cap), store, grow);
  b_.SetInsertPoint(grow);
  llvm::Value *newCap = b_.CreateAdd(b_.CreateMul(len, i64(2)), i64(4));
  llvm::Value *bigger = allocArray(newCap, elem, loc);
  llvm::Value *newData = b_.CreateExtractValue(bigger, 0);
  forRange(i64(0), len, [&](llvm::Value *i) {
    storeElement(bigger, i, loadElement(list, i, elem), elem);
  });
  b_.CreateStore(newCap, capSlot);
  llvm::BasicBlock *grown = b_.GetInsertBlock();
  b_.CreateBr(store);
  b_.SetInsertPoint(store);
  llvm::PHINode *data = b_.CreatePHI(b_.getPtrTy(), 2);
  data->addIncoming(oldData, pre);
  data->addIncoming(newData, grown);
  llvm::Value *out = makeArray(data, b_.CreateAdd(len, i64(1)), i64(1));
  storeElement(out, len, convert(x, t, elem, loc), elem);
  b_.CreateStore(out, cur_->slots[local]);
}

/// The order in which `sorted(x, key=f)` takes x's elements, CPython's:
/// the keys (as floats) and the elements' positions are sorted together by
/// the standard library's `_llcc_python_sort_by_key`, which reproduces
/// list.sort's runs and merges step by step, NaN keys included.
/// `sorted(x, key=f)` becomes this permutation (float positions in an
/// arena array) followed by a gather, for numbers and for arrays alike.
llvm::Value *IRGen::keyedPermutation(const Expr &key, const ArrayGen &g, SourceLoc loc) {
  if (llvm::Value *perm = tupleKeyedPermutation(key, g, loc))
    return perm;
  llvm::Value *keys = allocArray(g.len, Type::Float, loc);
  llvm::Value *perm = allocArray(g.len, Type::Float, loc);
  forRange(i64(0), g.len, [&](llvm::Value *i) {
    Type kt = Type::Unknown;
    llvm::Value *k = applyKey(key, g.at(i), g.elem, kt);
    storeElement(keys, i, convert(k, kt, Type::Float, key.loc()), Type::Float);
    storeElement(perm, i, b_.CreateSIToFP(i, b_.getDoubleTy()), Type::Float);
  });
  callLibrary("_llcc_python_sort_by_key", {keys, perm});
  return perm;
}

/// `a.sort(key=f, reverse=r)` of a list of numbers becomes CPython's
/// list.sort: reversed first when r (an i1 or null; CPython's definition of reverse=, so
/// equal keys keep their order), the permutation of sorted(a, key=f)
/// (keys computed once, in order), its gather written back into a's own
/// buffer (other names for the list see it), then reversed again.
void IRGen::sortListByKey(const Expr &list, const Expr &key, llvm::Value *reverse, SourceLoc loc) {
  llvm::Value *a = genArrayValue(list);
  Type elem = elementType(list.type);
  reverseInPlaceIf(reverse, a, elem);
  ArrayGen g = memoryGen(a, elem);
  llvm::Value *n = g.len;
  llvm::Value *perm = keyedPermutation(key, g, loc);
  llvm::Value *copy = materialize({n,
                                   [this, a, perm, elem](llvm::Value *i) {
                                     llvm::Value *from = b_.CreateFPToSI(
                                         loadElement(perm, i, Type::Float), b_.getInt64Ty());
                                     return loadElement(a, from, elem);
                                   },
                                   elem},
                                  loc);
  forRange(i64(0), n,
           [&](llvm::Value *i) { storeElement(a, i, loadElement(copy, i, elem), elem); });
  reverseInPlaceIf(reverse, a, elem);
}

bool IRGen::genContainerCall(const CallExpr &e, llvm::Value *&out) {
  out = nullptr;
  const std::string &name = e.builtin;
  SourceLoc loc = e.loc();
  if (genCounterCall(e, out) || genSetMethod(e, out) || genDictListCall(e, out))
    return true;
  if (name == "method.append" || name == "method.extend" || name == "method.pop") {
    auto &obj = cast<NameExpr>(*cast<AttributeExpr>(*e.callee).value);
    int local = obj.localIndex;
    if (name == "method.append") {
      llvm::Value *x = genExpr(*e.args[0]);
      listAppend(local, x, e.args[0]->type, loc);
      return true;
    }
    if (name == "method.extend") {
      listExtend(local, *e.args[0], loc);
      return true;
    }
    // pop([i])
    Type elem = elementType(cur_->def->locals[local].type);
    llvm::Value *x = listPop(
        e, local, [&](llvm::Value *list, llvm::Value *i) { return loadElement(list, i, elem); },
        [&](llvm::Value *list, llvm::Value *from, llvm::Value *to) {
          storeElement(list, to, loadElement(list, from, elem), elem);
        });
    out = convert(x, elem, e.type);
    return true;
  }
  if (name == "method.reverse" || name == "method.insert" || name == "method.remove" ||
      name == "method.clear") {
    genListEdit(e);
    return true;
  }
  if (name == "method.count") { // list.count(x) of a list of ints (Sema)
    const Expr &list = *cast<AttributeExpr>(*e.callee).value;
    llvm::Value *x = genExpr(*e.args[0]);
    ArrayGen g = genArray(list);
    llvm::AllocaInst *count = entryAlloca(b_.getInt64Ty(), "count");
    b_.CreateStore(i64(0), count);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *eq = genNumberCompare(CompareOp::Eq, g.at(i), g.elem, x, e.args[0]->type);
      llvm::Value *n = b_.CreateLoad(b_.getInt64Ty(), count);
      b_.CreateStore(b_.CreateAdd(n, b_.CreateZExt(eq, b_.getInt64Ty())), count);
    });
    out = b_.CreateLoad(b_.getInt64Ty(), count);
    return true;
  }
  if (name == "method.index" || name == "method.index.nan") { // list.index(x) (Sema)
    // The first i with L[i] == x; "method.index.nan" (x is max(L) or
    // min(L), a NaN only when L[0] is) also takes the first NaN for a NaN.
    const Expr &list = *cast<AttributeExpr>(*e.callee).value;
    ArrayGen g = genArray(list);
    const Expr &xe = *e.args[0];
    llvm::Value *x = genExpr(xe);
    llvm::AllocaInst *found = entryAlloca(b_.getInt64Ty(), "index");
    llvm::Value *xNaN = nullptr;
    if (name == "method.index.nan")
      xNaN = b_.CreateFCmpUNO(convert(x, xe.type, Type::Float), f64(0));
    countedLoop(
        i64(0), g.len, "index", LoopBound::Signed,
        [&](llvm::Value *i, llvm::BasicBlock *, llvm::BasicBlock *exit) {
          llvm::Value *item = g.at(i);
          llvm::Value *eq = genNumberCompare(CompareOp::Eq, item, g.elem, x, xe.type);
          if (xNaN)
            eq = b_.CreateOr(
                eq, b_.CreateAnd(xNaN, b_.CreateFCmpUNO(convert(item, g.elem, Type::Float), f64(0))));
          llvm::BasicBlock *hit = newBlock("index.hit"), *miss = newBlock("index.miss");
          b_.CreateCondBr(eq, hit, miss);
          b_.SetInsertPoint(hit);
          b_.CreateStore(i, found);
          b_.CreateBr(exit);
          b_.SetInsertPoint(miss);
        },
        [&] {
          raiseComposed(e.loc(), "ValueError", [&] {
            appendValue(x, xe.type, 'r', "");
            appendConstant(" is not in list");
          });
          startDeadBlock();
        });
    out = b_.CreateLoad(b_.getInt64Ty(), found);
    return true;
  }
  if (name == "method.add") {
    llvm::Value *s = genExpr(*cast<AttributeExpr>(*e.callee).value);
    dictAdd(s, toKey(genExpr(*e.args[0]), *e.args[0]), loc);
    return true;
  }
  if (name == "method.setdefault") {
    // The default is evaluated with the arguments, before the lookup.
    const Expr &dict = *cast<AttributeExpr>(*e.callee).value;
    llvm::Value *d = genExpr(dict);
    llvm::Value *key = toKey(genExpr(*e.args[0]), *e.args[0]);
    Type kind = storedKind(dict.shape ? dict.shape->value : Type::Unknown);
    llvm::Value *dflt = genExpr(*e.args[1]);
    llvm::Value *entry =
        insertIfMissing(d, key, dictFind(d, key), e.loc(), [&](llvm::Value *added) {
          b_.CreateStore(toNumber(convert(dflt, e.args[1]->type, kind, e.loc()), kind),
                         entryAddress(d, 1, added));
        });
    out = convert(fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, entry)), kind), kind,
                  e.type);
    return true;
  }
  if (name == "method.get") {
    const Expr &dict = *cast<AttributeExpr>(*e.callee).value;
    llvm::Value *d = genExpr(dict);
    llvm::Value *key = toKey(genExpr(*e.args[0]), *e.args[0]);
    llvm::Value *dflt = genExprAs(*e.args[1], e.type);
    llvm::Value *entry = dictFind(d, key);
    Type kind = storedKind(dict.shape ? dict.shape->value : Type::Unknown);
    llvm::BasicBlock *hit = newBlock("get.hit"), *done = newBlock("get.done");
    llvm::BasicBlock *pre = b_.GetInsertBlock();
    b_.CreateCondBr(b_.CreateICmpSGE(entry, i64(0)), hit, done);
    b_.SetInsertPoint(hit);
    llvm::Value *v = convert(fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, entry)), kind),
                             kind, e.type);
    llvm::BasicBlock *hitEnd = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode *phi = b_.CreatePHI(llvmType(e.type), 2);
    phi->addIncoming(dflt, pre);
    phi->addIncoming(v, hitEnd);
    out = phi;
    return true;
  }
  if (e.target || findBuiltinFunction(name) == nullptr)
    return false;
  if (genFusedComprehension(e, out))
    return true;
  bool hasKeyword = false;
  const Expr *key = nullptr, *dflt = nullptr;
  for (const KeywordArg &k : e.keywords) {
    hasKeyword = true;
    if (k.name == "key")
      key = k.value.get();
    if (k.name == "default")
      dflt = k.value.get();
  }
  if (name == "dict" || name == "collections.defaultdict") {
    out = e.args.empty() || name != "dict" ? newDict(loc) : dictOf(e);
    return true;
  }
  if (name == "set" && e.args.size() == 1 && e.args[0]->type == Type::Set) {
    // set_copy: an empty set merged with s, as CPython's `s | set()`.
    out = setCombine(0, genExpr(*e.args[0]), newDict(loc), loc);
    return true;
  }
  if (name == "set") {
    llvm::Value *d = newDict(loc);
    if (!e.args.empty()) {
      ArrayGen g = genArray(*e.args[0]);
      forRange(i64(0), g.len, [&](llvm::Value *i) { dictAdd(d, toNumber(g.at(i), g.elem), loc); });
    }
    out = d;
    return true;
  }
  if (name == "list") {
    Type elem = elementType(e.type);
    if (e.args.empty()) {
      out = allocArray(i64(0), elem, loc);
      return true;
    }
    ArrayGen g = genArray(*e.args[0]);
    out = materialize({g.len, [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, elem); },
                       elem},
                      loc);
    return true;
  }
  if (name == "sorted" && key) {
    // sorted(x, key=f): the keys and the elements' positions are sorted
    // together by the library (CPython's order), then the elements gathered.
    ArrayGen g = genArray(*e.args[0]);
    llvm::Value *perm = keyedPermutation(*key, g, loc);
    Type elem = elementType(e.type);
    out = materialize({g.len,
                       [&, g, perm, elem](llvm::Value *i) {
                         llvm::Value *from = b_.CreateFPToSI(loadElement(perm, i, Type::Float),
                                                             b_.getInt64Ty());
                         return convert(g.at(from), g.elem, elem);
                       },
                       elem},
                      loc);
    return true;
  }
  if (!hasKeyword || (name != "min" && name != "max"))
    return false;
  // min/max(iterable, key=f, default=d): Python's scan, the first of equal
  // keys winning; an empty iterable gives the default or a ValueError.
  ArrayGen g = genArray(*e.args[0]);
  llvm::AllocaInst *best = entryAlloca(llvmType(e.type), "best");
  llvm::BasicBlock *done = newBlock("minmax.done");
  llvm::BasicBlock *scan = newBlock("minmax.scan");
  llvm::Value *empty = b_.CreateICmpEQ(g.len, i64(0));
  if (dflt) {
    llvm::BasicBlock *useDefault = newBlock("minmax.default");
    b_.CreateCondBr(empty, useDefault, scan);
    b_.SetInsertPoint(useDefault);
    b_.CreateStore(genExprAs(*dflt, e.type), best);
    b_.CreateBr(done);
  } else {
    check(b_.CreateNot(empty), loc, "ValueError: " + name + "() arg is an empty sequence");
    b_.CreateBr(scan);
  }
  b_.SetInsertPoint(scan);
  llvm::Value *first = g.at(i64(0));
  b_.CreateStore(convert(first, g.elem, e.type), best);
  if (!key) {
    forRange(i64(1), g.len, [&](llvm::Value *i) {
      llvm::Value *x = g.at(i);
      llvm::Value *cur = b_.CreateLoad(llvmType(e.type), best);
      llvm::Value *better = genNumberCompare(name == "min" ? CompareOp::Lt : CompareOp::Gt, x,
                                             g.elem, cur, e.type);
      b_.CreateStore(b_.CreateSelect(better, convert(x, g.elem, e.type), cur), best);
    });
  } else {
    Type keyType = Type::Unknown;
    llvm::Value *k0 = applyKey(*key, first, g.elem, keyType);
    llvm::AllocaInst *bestKey = entryAlloca(k0->getType(), "best.key");
    b_.CreateStore(k0, bestKey);
    forRange(i64(1), g.len, [&](llvm::Value *i) {
      llvm::Value *x = g.at(i);
      Type kt = keyType;
      llvm::Value *k = applyKey(*key, x, g.elem, kt);
      llvm::Value *cur = b_.CreateLoad(k0->getType(), bestKey);
      CompareOp op = name == "min" ? CompareOp::Lt : CompareOp::Gt;
      // A tuple key: CPython's tuple order. Two keys of a lambda hold the
      // same object where the body reads one variable other than the
      // parameter (`lambda v: (x, v)`); the parameter's reads differ.
      auto *lambda = dyn_cast<LambdaExpr>(key);
      llvm::Value *better =
          keyType != Type::Tuple ? genNumberCompare(op, k, kt, cur, keyType)
          : lambda ? tupleCompare(op, k, cur, lambda->body.get(), lambda->body.get(),
                                  lambda->paramLocals)
                   : tupleCompare(op, k, cur, nullptr, nullptr);
      b_.CreateStore(b_.CreateSelect(better, k, cur), bestKey);
      b_.CreateStore(b_.CreateSelect(better, convert(x, g.elem, e.type),
                                     b_.CreateLoad(llvmType(e.type), best)),
                     best);
    });
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  out = b_.CreateLoad(llvmType(e.type), best);
  return true;
}

/// sum, len, any and all of a comprehension with `if`, and any/all of any
/// generator expression: one loop over the source with the conditions
/// inline, nothing stored. any() and all() of a generator stop at the first
/// element that decides them, as Python's do (later elements are never
/// computed, so their errors do not happen).
bool IRGen::genFusedComprehension(const CallExpr &e, llvm::Value *&out) {
  const std::string &name = e.builtin;
  // sum(iterable, start): Sema made the iterable a generator (SemaSumStart.cpp).
  bool start = name == "sum" && e.args.size() == 2;
  if ((e.args.size() != 1 && !start) || !e.keywords.empty())
    return false;
  auto *c = dyn_cast<ComprehensionExpr>(e.args[0].get());
  if (!c)
    return false;
  if (!c->inner.empty())
    return genFusedNested(e, *c, out);
  bool anyAll = name == "any" || name == "all";
  if (!(anyAll && c->generator) && !start &&
      !((name == "sum" || name == "len" || anyAll) && !c->conds.empty()))
    return false;
  Type elem = elementType(c->type);
  Type accType = sumAccType(e, elem);
  ClauseSource src = clauseSource(*c->target, c->localIndex, *c->iter);
  llvm::AllocaInst *acc = entryAlloca(llvmType(accType), "fused.acc");
  llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "fused.kept");
  b_.CreateStore(sumStartValue(e, accType), acc);
  b_.CreateStore(i64(0), kept);
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  llvm::BasicBlock *condBB = newBlock("fused.cond"), *bodyBB = newBlock("fused.body"),
                   *nextBB = newBlock("fused.next"), *doneBB = newBlock("fused.done");
  b_.CreateBr(condBB);
  b_.SetInsertPoint(condBB);
  llvm::PHINode *i = b_.CreatePHI(b_.getInt64Ty(), 2, "i");
  i->addIncoming(i64(0), pre);
  b_.CreateCondBr(b_.CreateICmpSLT(i, src.len), bodyBB, doneBB);
  b_.SetInsertPoint(bodyBB);
  src.bind(i);
  for (auto &cond : c->conds) {
    llvm::BasicBlock *pass = newBlock("fused.if");
    b_.CreateCondBr(truthy(genExpr(*cond), cond->type), pass, nextBB);
    b_.SetInsertPoint(pass);
  }
  if (anyAll) {
    llvm::Value *t = truthy(genExpr(*c->element), c->element->type);
    // any: stop at the first true element; all: at the first false one.
    b_.CreateStore(i64(name == "any" ? 1 : 0), acc);
    b_.CreateCondBr(name == "any" ? t : b_.CreateNot(t), doneBB, nextBB);
  } else {
    fusedKeep(e, *c->element, accType, acc, kept);
    b_.CreateBr(nextBB);
  }
  b_.SetInsertPoint(nextBB);
  llvm::Value *iNext = b_.CreateAdd(i, i64(1));
  i->addIncoming(iNext, nextBB);
  b_.CreateBr(condBB);
  b_.SetInsertPoint(doneBB);
  if (anyAll) {
    // Reached from the loop's end (acc as initialised: any false, all
    // true) or from the deciding element.
    llvm::PHINode *decided = b_.CreatePHI(b_.getInt1Ty(), 2);
    decided->addIncoming(b_.getInt1(name == "all"), condBB);
    for (llvm::BasicBlock *from : llvm::predecessors(doneBB))
      if (from != condBB)
        decided->addIncoming(b_.getInt1(name == "any"), from);
    out = decided;
    return true;
  }
  out = fusedTotal(e, accType, acc, kept);
  return true;
}

llvm::Value *IRGen::applyKey(const Expr &key, llvm::Value *x, Type elem, Type &keyType) {
  if (auto *l = dyn_cast<LambdaExpr>(&key)) {
    storeLocal(l->paramLocals[0], x, elem);
    keyType = l->body->type;
    return genExpr(*l->body);
  }
  if (auto *a = dyn_cast<AttributeExpr>(&key)) {
    // d.get: the value stored for the element (None, a TypeError when
    // compared, for an element that is not a key).
    llvm::Value *d = genExpr(*a->value);
    Type kind = storedKind(a->value->shape ? a->value->shape->value : Type::Unknown);
    llvm::Value *entry = dictFind(d, toNumber(x, elem));
    check(b_.CreateICmpSGE(entry, i64(0)), key.loc(),
          "TypeError: the key function returned None (d.get of a missing key), which cannot "
          "be compared");
    keyType = kind;
    return fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, entry)), kind);
  }
  auto &n = cast<NameExpr>(key);
  if (n.ref == NameRef::Function) {
    const FunctionDef &target = *n.function;
    llvm::Value *result =
        entryAlloca(llvmType(target.returnType, target.returnShape), target.name + ".key");
    std::vector<llvm::Value *> args{result, cur_->arena, convert(x, elem, target.locals[0].type)};
    for (size_t i = 1; i < target.params.size(); ++i)
      args.push_back(i >= target.params.size() - target.captures.size()
                         ? capturedArgument(target, i, key.loc())
                         : genExprAs(*target.params[i].defaultValue, target.locals[i].type));
    propagate(b_.CreateCall(functions_.at(&target), args));
    keyType = target.returnType;
    return b_.CreateLoad(llvmType(target.returnType, target.returnShape), result);
  }
  // abs
  keyType = isIntegral(elem) ? Type::Int : elem;
  if (elem == Type::Float)
    return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
  llvm::Value *i = convert(x, elem, Type::Int);
  return b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)),
                         genIntArith(BinaryOp::Sub, i64(0), i, key.loc()), i);
}

/// The value a nested def's captured parameter `i` gets at a call: the
/// caller's variable of that name as it is now (Python's closures read the
/// enclosing variable at call time).
llvm::Value *IRGen::capturedArgument(const FunctionDef &target, size_t i, SourceLoc loc) {
  const std::string &name = target.params[i].name;
  for (size_t k = 0; k < cur_->def->locals.size(); ++k)
    if (cur_->def->locals[k].name == name && !cur_->def->locals[k].hidden)
      return convert(loadLocal(static_cast<int>(k), loc), cur_->def->locals[k].type,
                     target.locals[i].type, loc);
  throw InternalError("captured variable '" + name + "' not found in the caller");
}

//===----------------------------------------------------------------------===//
// for k, v in d.items()
//===----------------------------------------------------------------------===//

bool IRGen::genContainerFor(const ForStmt &s) {
  auto *call = dyn_cast<CallExpr>(s.iter.get());
  if (!call || call->builtin != "method.items" || !isa<TupleExpr>(s.target.get()))
    return false; // for kv in d.items(): the list of pairs (genTupleList)
  auto &tt = cast<TupleExpr>(*s.target);
  const Expr &dict = *cast<AttributeExpr>(*call->callee).value;
  llvm::Value *d = genExpr(dict);
  Type keyKind = storedKind(dict.shape ? dict.shape->elem : Type::Unknown);
  Type valueKind = storedKind(dict.shape ? dict.shape->value : Type::Unknown);
  llvm::Value *len = dictField(d, 3);
  genForLoop(s, len, "items", LoopBound::Signed, LoopHint::None, [&](llvm::Value *k) {
    storeLocal(cast<NameExpr>(*tt.elements[0]).localIndex,
               fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 0, k)), keyKind), keyKind);
    if (isList(valueKind)) // a dict of lists (IRGenDictLists.cpp)
      storeLocal(cast<NameExpr>(*tt.elements[1]).localIndex, dictListValue(dictListHeader(d, k)),
                 valueKind);
    else
      storeLocal(cast<NameExpr>(*tt.elements[1]).localIndex,
                 fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, k)), valueKind), valueKind);
  });
  return true;
}

//===----------------------------------------------------------------------===//
// Lists of ints and floats
//===----------------------------------------------------------------------===//

llvm::Value *IRGen::convertList(llvm::Value *list, Type from, Type to, SourceLoc loc) {
  ArrayGen g = memoryGen(list, elementType(from));
  Type elem = elementType(to);
  return materialize({g.len, [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, elem); },
                      elem},
                     loc);
}

/// A stable insertion sort of an int list in place: ints have a total
/// order, so any stable sort gives CPython's result.
void IRGen::sortIntList(llvm::Value *list) {
  llvm::Value *n = b_.CreateExtractValue(list, 1);
  forRange(i64(1), n, [&](llvm::Value *i) {
    llvm::Value *x = loadElement(list, i, Type::Int);
    llvm::AllocaInst *j = entryAlloca(b_.getInt64Ty(), "isort.j");
    b_.CreateStore(i, j);
    llvm::BasicBlock *cond = newBlock("isort.cond"), *shift = newBlock("isort.shift"),
                     *place = newBlock("isort.place"), *cmp = newBlock("isort.cmp");
    b_.CreateBr(cond);
    b_.SetInsertPoint(cond);
    llvm::Value *jv = b_.CreateLoad(b_.getInt64Ty(), j);
    b_.CreateCondBr(b_.CreateICmpSGT(jv, i64(0)), cmp, place);
    b_.SetInsertPoint(cmp);
    llvm::Value *prev = loadElement(list, b_.CreateSub(jv, i64(1)), Type::Int);
    b_.CreateCondBr(b_.CreateICmpSGT(prev, x), shift, place);
    b_.SetInsertPoint(shift);
    storeElement(list, jv, prev, Type::Int);
    b_.CreateStore(b_.CreateSub(jv, i64(1)), j);
    b_.CreateBr(cond);
    b_.SetInsertPoint(place);
    storeElement(list, b_.CreateLoad(b_.getInt64Ty(), j), x, Type::Int);
  });
}

//===----------------------------------------------------------------------===//
// Recursion
//===----------------------------------------------------------------------===//

/// `llcc.fn.NAME` of a recursive function: counts the depth in a
/// thread-local counter around the call of its body, raising RecursionError
/// as CPython does instead of exhausting the stack.
void IRGen::emitRecursionWrapper(const FunctionDef &fn) {
  if (!depth_)
    depth_ = new llvm::GlobalVariable(*mod_, b_.getInt32Ty(), false,
                                      llvm::GlobalValue::InternalLinkage, b_.getInt32(0),
                                      "llcc.depth", nullptr,
                                      llvm::GlobalValue::GeneralDynamicTLSModel);
  llvm::Function *wrapper = functions_.at(&fn);
  llvm::Function *body = bodies_.at(&fn);
  FunctionScope scope(cur_, b_, wrapper);
  b_.SetInsertPoint(newBlock("entry"));
  llvm::Value *slot = b_.CreateThreadLocalAddress(depth_);
  llvm::Value *depth = b_.CreateLoad(b_.getInt32Ty(), slot);
  check(b_.CreateICmpSLT(depth, b_.getInt32(MaxRecursionDepth)), fn.loc,
        "RecursionError: maximum recursion depth exceeded");
  b_.CreateStore(b_.CreateAdd(depth, b_.getInt32(1)), slot);
  std::vector<llvm::Value *> args;
  for (llvm::Argument &a : wrapper->args())
    args.push_back(&a);
  llvm::Value *ok = b_.CreateCall(body, args);
  b_.CreateStore(depth, slot);
  b_.CreateRet(ok);
}

/// list.pop([i]) of the local list `local`, of numbers or of tuples:
/// IndexError for an empty list and for an index outside it (a negative one
/// counts from the end), as Python's; the element read by `at`, the later
/// ones moved down one by `move`, the length shrunk. Returns the element.
llvm::Value *IRGen::listPop(
    const CallExpr &e, int local,
    const std::function<llvm::Value *(llvm::Value *list, llvm::Value *i)> &at,
    const std::function<void(llvm::Value *list, llvm::Value *from, llvm::Value *to)> &move) {
  SourceLoc loc = e.loc();
  loadLocal(local, loc); // UnboundLocalError first
  // The index is evaluated before the list is looked at, as CPython calls
  // pop with its argument (`h.pop(last(h))` raises last's error).
  llvm::Value *i = e.args.empty() ? nullptr : genIndex(*e.args[0], Type::FloatList);
  llvm::Value *list = loadLocal(local, loc);
  llvm::Value *len = b_.CreateExtractValue(list, 1);
  check(b_.CreateICmpSGT(len, i64(0)), loc, "IndexError: pop from empty list");
  llvm::Value *index = b_.CreateSub(len, i64(1));
  if (i) {
    llvm::Value *adjusted = b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, len), i);
    check(b_.CreateICmpULT(adjusted, len), loc, "IndexError: pop index out of range");
    index = adjusted;
  }
  llvm::Value *x = at(list, index);
  llvm::Value *last = b_.CreateSub(len, i64(1));
  forRange(index, last, [&](llvm::Value *i) { move(list, b_.CreateAdd(i, i64(1)), i); });
  b_.CreateStore(b_.CreateInsertValue(list, last, 1), cur_->slots[local]);
  return x;
}

/// a.reverse(), a.insert(i, x), a.remove(x) and a.clear() of a local list
/// of numbers, in place as CPython's listobject.c: reverse swaps the ends
/// inward; insert clamps i to [0, len] (after adding len to a negative i),
/// appends and shifts the tail right by one; remove finds the first element
/// equal to x (a list of ints, Sema), raising ValueError when none is, and
/// shifts the tail left; clear keeps the capacity.
void IRGen::genListEdit(const CallExpr &e) {
  const std::string &name = e.builtin;
  SourceLoc loc = e.loc();
  int local = cast<NameExpr>(*cast<AttributeExpr>(*e.callee).value).localIndex;
  Type elem = elementType(cur_->def->locals[local].type);
  auto slot = [&] { return loadLocal(local, loc); };
  if (name == "method.clear") {
    b_.CreateStore(b_.CreateInsertValue(slot(), i64(0), 1), cur_->slots[local]);
    return;
  }
  if (name == "method.reverse") {
    llvm::Value *list = slot();
    llvm::Value *len = b_.CreateExtractValue(list, 1);
    forRange(i64(0), b_.CreateSDiv(len, i64(2)), [&](llvm::Value *i) {
      llvm::Value *j = b_.CreateSub(b_.CreateSub(len, i64(1)), i);
      llvm::Value *x = loadElement(list, i, elem), *y = loadElement(list, j, elem);
      storeElement(list, i, y, elem);
      storeElement(list, j, x, elem);
    });
    return;
  }
  if (name == "method.insert") {
    llvm::Value *i = genIndex(*e.args[0], Type::FloatList);
    llvm::Value *x = genExpr(*e.args[1]);
    llvm::Value *len = b_.CreateExtractValue(slot(), 1);
    i = b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, len), i);
    i = b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), i64(0), i);
    i = b_.CreateSelect(b_.CreateICmpSGT(i, len), len, i);
    listAppend(local, x, e.args[1]->type, loc);
    llvm::Value *list = slot();
    // Shift [i, len) right by one, from the end, then store x at i.
    forRange(i64(0), b_.CreateSub(len, i), [&](llvm::Value *k) {
      llvm::Value *to = b_.CreateSub(len, k);
      storeElement(list, to, loadElement(list, b_.CreateSub(to, i64(1)), elem), elem);
    });
    storeElement(list, i, convert(x, e.args[1]->type, elem, loc), elem);
    return;
  }
  // remove(x)
  llvm::Value *x = genExpr(*e.args[0]);
  llvm::Value *list = slot();
  llvm::Value *len = b_.CreateExtractValue(list, 1);
  llvm::AllocaInst *found = entryAlloca(b_.getInt64Ty(), "remove.at");
  b_.CreateStore(len, found);
  forRange(i64(0), len, [&](llvm::Value *i) {
    llvm::Value *eq =
        genNumberCompare(CompareOp::Eq, loadElement(list, i, elem), elem, x, e.args[0]->type);
    llvm::Value *first = b_.CreateICmpEQ(b_.CreateLoad(b_.getInt64Ty(), found), len);
    llvm::Value *at =
        b_.CreateSelect(b_.CreateAnd(eq, first), i, b_.CreateLoad(b_.getInt64Ty(), found));
    b_.CreateStore(at, found);
  });
  llvm::Value *index = b_.CreateLoad(b_.getInt64Ty(), found);
  check(b_.CreateICmpSLT(index, len), loc, "ValueError: list.remove(x): x not in list");
  llvm::Value *last = b_.CreateSub(len, i64(1));
  forRange(index, last, [&](llvm::Value *i) {
    storeElement(list, i, loadElement(list, b_.CreateAdd(i, i64(1)), elem), elem);
  });
  b_.CreateStore(b_.CreateInsertValue(list, last, 1), cur_->slots[local]);
}

} // namespace llcc
