//===- IRGenTupleList.cpp - Lists of tuples ---------------------------------===//
//
// A list of tuples (`pairs = [(v, i) for i, v in enumerate(values)]`) is
// an array value {ptr, len, 1} whose data are the tuples' LLVM structs,
// one after another in the call's arena; all elements share the list's
// tuple shape (Sema), so an element taken out is an ordinary tuple value.
// A list that grows (`pairs.append((a, b))`) keeps its capacity beside the
// variable, as lists of numbers do, and doubles when full.
//
// Sorting (`sorted(pairs)`, `pairs.sort()`) is CPython's list.sort. With a
// NaN member only CPython's own comparisons give its order: the tuples
// become rows of floats and the library's timsort (stdlib/timsort.flt)
// sorts them, comparing rows as tuples, at any length; so do 64 or more
// tuples without NaN. Fewer than 64 without NaN take timsort's steps for
// that length inline: the first natural run (reversed when strictly
// descending), then binary insertion of the rest. `key=` sorts the keys as sorted(values, key=f) does;
// `reverse=True` reverses, sorts and reverses again, as list.sort does.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {

const Expr *keyword(const CallExpr &e, const char *name) {
  for (const KeywordArg &k : e.keywords)
    if (k.name == name)
      return k.value.get();
  return nullptr;
}

} // namespace

llvm::Type *IRGen::tupleListElemType(const Expr &list) {
  internalCheck(list.shape && list.shape->elemShape, "a list of tuples without a shape");
  return llvmType(Type::Tuple, list.shape->elemShape);
}

llvm::Value *IRGen::tupleListAddress(llvm::Value *list, llvm::Type *elemTy, llvm::Value *i) {
  return b_.CreateGEP(elemTy, b_.CreateExtractValue(list, 0), i);
}

llvm::Value *IRGen::tupleListAt(llvm::Value *list, llvm::Type *elemTy, llvm::Value *i) {
  return b_.CreateLoad(elemTy, tupleListAddress(list, elemTy, i));
}

/// n uninitialised tuples in a new arena block.
llvm::Value *IRGen::newTupleList(llvm::Type *elemTy, llvm::Value *n, SourceLoc loc) {
  check(b_.CreateICmpULE(n, i64(int64_t(1) << 36)), loc,
        "MemoryError: cannot allocate a local array");
  llvm::Value *bytes = b_.CreateMul(n, llvm::ConstantExpr::getSizeOf(elemTy));
  llvm::Value *data = b_.CreateCall(arenaAlloc(), {cur_->arena, bytes});
  check(b_.CreateIsNotNull(data), loc, "MemoryError: cannot allocate a local array");
  return makeArray(data, n, i64(1));
}

/// A new list holding the elements of `src` (Python's list(x), x.copy(),
/// and the copy that sorted() sorts).
llvm::Value *IRGen::copyTupleList(llvm::Value *src, llvm::Type *elemTy, SourceLoc loc) {
  llvm::Value *n = b_.CreateExtractValue(src, 1);
  llvm::Value *out = newTupleList(elemTy, n, loc);
  b_.CreateMemCpy(b_.CreateExtractValue(out, 0), llvm::MaybeAlign(8),
                  b_.CreateExtractValue(src, 0), llvm::MaybeAlign(8),
                  b_.CreateMul(n, llvm::ConstantExpr::getSizeOf(elemTy)));
  return out;
}

/// A list-of-tuples expression becomes its value: a name, a display
/// `[(a, b), ...]`, a comprehension (its tuples appended to a buffer that
/// doubles), a slice (a new list), `sorted(...)`, `list(...)`, `.copy()`.
llvm::Value *IRGen::genTupleList(const Expr &e) {
  if (isa<NameExpr>(&e))
    return genExpr(e);
  llvm::Type *elemTy = tupleListElemType(e);
  const ShapeRef &elemShape = e.shape->elemShape;
  SourceLoc loc = e.loc();
  if (auto *list = dyn_cast<ListExpr>(&e)) {
    std::vector<llvm::Value *> values;
    for (auto &el : list->elements)
      values.push_back(coerce(genExpr(*el), Type::Tuple, elemShape, el->loc()));
    llvm::Value *out = newTupleList(elemTy, i64(static_cast<int64_t>(values.size())), loc);
    for (size_t i = 0; i < values.size(); ++i)
      b_.CreateStore(values[i], tupleListAddress(out, elemTy, i64(static_cast<int64_t>(i))));
    return out;
  }
  if (auto *c = dyn_cast<ComprehensionExpr>(&e)) {
    llvm::AllocaInst *slot = entryAlloca(arrayTy_, "tuples");
    llvm::AllocaInst *cap = entryAlloca(b_.getInt64Ty(), "tuples.cap");
    b_.CreateStore(newTupleList(elemTy, i64(8), loc), slot);
    b_.CreateStore(b_.CreateInsertValue(b_.CreateLoad(arrayTy_, slot), i64(0), 1), slot);
    b_.CreateStore(i64(8), cap);
    forComprehension(*c, [&] {
      llvm::Value *x = coerce(genExpr(*c->element), Type::Tuple, elemShape, c->element->loc());
      appendTupleTo(slot, cap, x, elemTy, loc);
    });
    return b_.CreateLoad(arrayTy_, slot);
  }
  if (auto *s = dyn_cast<SubscriptExpr>(&e)) { // pairs[i:j:k]: a new list
    llvm::Value *src = genTupleList(*s->value);
    // genSlice's bounds, as for a list of floats: its first element and
    // step, in elements.
    llvm::Value *view = genSlice(src, cast<SliceExpr>(*s->index), Type::Float);
    llvm::Value *offset = b_.CreateSub(
        b_.CreatePtrToInt(b_.CreateExtractValue(view, 0), b_.getInt64Ty()),
        b_.CreatePtrToInt(b_.CreateExtractValue(src, 0), b_.getInt64Ty()));
    llvm::Value *first = b_.CreateSDiv(offset, i64(8));
    llvm::Value *count = b_.CreateExtractValue(view, 1);
    llvm::Value *step = b_.CreateExtractValue(view, 2);
    llvm::Value *out = newTupleList(elemTy, count, loc);
    forRange(i64(0), count, [&](llvm::Value *k) {
      llvm::Value *from = b_.CreateAdd(first, b_.CreateMul(k, step));
      b_.CreateStore(tupleListAt(src, elemTy, from), tupleListAddress(out, elemTy, k));
    });
    return out;
  }
  auto &call = cast<CallExpr>(e);
  if (call.target) // a helper's returned list (SemaByRef.cpp)
    return genExpr(e);
  if (call.builtin == "method.items") { // a dict's (key, value) pairs, in its order
    const Expr &dict = *cast<AttributeExpr>(*call.callee).value;
    llvm::Value *d = genExpr(dict);
    // Sema's member kinds are the dict's stored kinds (an int when none).
    Type keyKind = elemShape->members[0], valueKind = elemShape->members[1];
    llvm::Value *n = dictField(d, 3);
    llvm::Value *out = newTupleList(elemTy, n, loc);
    forRange(i64(0), n, [&](llvm::Value *k) {
      llvm::Value *t = llvm::UndefValue::get(elemTy);
      t = b_.CreateInsertValue(
          t, fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 0, k)), keyKind), 0);
      t = b_.CreateInsertValue(
          t, fromNumber(b_.CreateLoad(numberTy_, entryAddress(d, 1, k)), valueKind), 1);
      b_.CreateStore(t, tupleListAddress(out, elemTy, k));
    });
    return out;
  }
  if (call.builtin == "method.most_common")
    return counterMostCommon(call, elemTy, loc);
  if (call.builtin == "method.copy")
    return copyTupleList(genTupleList(*cast<AttributeExpr>(*call.callee).value), elemTy, loc);
  if (call.builtin == ViewBuiltin) // itertools.combinations(...) (SemaItertools.cpp)
    return genTupleList(*call.args[0]);
  internalCheck((call.builtin == "sorted" || call.builtin == "list") && call.args.size() == 1,
                "a list of tuples made by an unknown call");
  llvm::Value *copy = copyTupleList(genTupleList(*call.args[0]), elemTy, loc);
  if (call.builtin == "sorted")
    sortTupleList(copy, elemTy, call, loc);
  return copy;
}

/// Appends `x` to the list in `slot` whose capacity is in `cap`, doubling
/// the block when it is full (the old block stays in the arena).
void IRGen::appendTupleTo(llvm::Value *slot, llvm::Value *cap, llvm::Value *x, llvm::Type *elemTy,
                          SourceLoc loc) {
  llvm::Value *list = b_.CreateLoad(arrayTy_, slot);
  llvm::Value *n = b_.CreateExtractValue(list, 1);
  llvm::Value *capacity = b_.CreateLoad(b_.getInt64Ty(), cap);
  llvm::BasicBlock *grow = newBlock("tuples.grow"), *store = newBlock("tuples.store");
  b_.CreateCondBr(b_.CreateICmpSLT(n, capacity), store, grow);
  b_.SetInsertPoint(grow);
  llvm::Value *newCap = b_.CreateAdd(b_.CreateMul(n, i64(2)), i64(4));
  llvm::Value *bigger = newTupleList(elemTy, newCap, loc);
  b_.CreateMemCpy(b_.CreateExtractValue(bigger, 0), llvm::MaybeAlign(8),
                  b_.CreateExtractValue(list, 0), llvm::MaybeAlign(8),
                  b_.CreateMul(n, llvm::ConstantExpr::getSizeOf(elemTy)));
  b_.CreateStore(b_.CreateInsertValue(bigger, n, 1), slot);
  b_.CreateStore(newCap, cap);
  b_.CreateBr(store);
  b_.SetInsertPoint(store);
  list = b_.CreateLoad(arrayTy_, slot);
  b_.CreateStore(x, tupleListAddress(list, elemTy, n));
  b_.CreateStore(b_.CreateInsertValue(list, b_.CreateAdd(n, i64(1)), 1), slot);
}

/// True when some float member of the tuple `v` (nested ones too) is NaN.
llvm::Value *IRGen::tupleHasNaN(llvm::Value *v) {
  llvm::Value *any = b_.getFalse();
  auto *st = cast<llvm::StructType>(v->getType());
  for (unsigned i = 0; i < st->getNumElements(); ++i) {
    llvm::Value *m = b_.CreateExtractValue(v, i);
    Type k = kindOfValue(m->getType());
    llvm::Value *nan = nullptr;
    if (k == Type::Float)
      nan = b_.CreateFCmpUNO(m, m);
    else if (k == Type::IntOrFloat) {
      llvm::Value *f = b_.CreateExtractValue(m, 2);
      nan = b_.CreateFCmpUNO(f, f);
    } else if (k == Type::Tuple)
      nan = tupleHasNaN(m);
    if (nan)
      any = b_.CreateOr(any, nan);
  }
  return any;
}

/// Reverses elements [0, n) of a list of tuples in place.
void IRGen::reverseTuples(llvm::Value *list, llvm::Type *elemTy, llvm::Value *n) {
  llvm::Value *half = b_.CreateSDiv(n, i64(2));
  forRange(i64(0), half, [&](llvm::Value *i) {
    llvm::Value *j = b_.CreateSub(b_.CreateSub(n, i64(1)), i);
    llvm::Value *a = tupleListAt(list, elemTy, i), *c = tupleListAt(list, elemTy, j);
    b_.CreateStore(c, tupleListAddress(list, elemTy, i));
    b_.CreateStore(a, tupleListAddress(list, elemTy, j));
  });
}

/// Sorts a list of tuples in place as CPython's list.sort does (see the
/// file comment), with the call's key= and reverse=.
void IRGen::sortTupleList(llvm::Value *list, llvm::Type *elemTy, const CallExpr &call,
                          SourceLoc loc) {
  llvm::Value *n = b_.CreateExtractValue(list, 1);
  llvm::Value *reverse = nullptr;
  if (const Expr *r = keyword(call, "reverse"))
    reverse = truthy(genExpr(*r), r->type);
  auto maybeReverse = [&] {
    if (!reverse)
      return;
    llvm::BasicBlock *yes = newBlock("sort.reverse"), *done = newBlock("sort.reversed");
    b_.CreateCondBr(reverse, yes, done);
    b_.SetInsertPoint(yes);
    reverseTuples(list, elemTy, n);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  };
  maybeReverse();
  if (const Expr *key = keyword(call, "key")) {
    ArrayGen g{n, [this, list, elemTy](llvm::Value *i) { return tupleListAt(list, elemTy, i); },
               Type::Tuple};
    llvm::Value *perm = keyedPermutation(*key, g, loc);
    llvm::Value *copy = copyTupleList(list, elemTy, loc);
    forRange(i64(0), n, [&](llvm::Value *i) {
      llvm::Value *from = b_.CreateFPToSI(loadElement(perm, i, Type::Float), b_.getInt64Ty());
      b_.CreateStore(tupleListAt(copy, elemTy, from), tupleListAddress(list, elemTy, i));
    });
    maybeReverse();
    return;
  }
  llvm::AllocaInst *nans = entryAlloca(b_.getInt1Ty(), "tuples.nan");
  b_.CreateStore(b_.getFalse(), nans);
  forRange(i64(0), n, [&](llvm::Value *i) {
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), nans),
                               tupleHasNaN(tupleListAt(list, elemTy, i))),
                   nans);
  });
  auto lt = [&](llvm::Value *a, llvm::Value *c) {
    return tupleCompare(CompareOp::Lt, a, c, nullptr, nullptr);
  };
  auto at = [&](llvm::Value *i) { return tupleListAt(list, elemTy, i); };
  auto put = [&](llvm::Value *i, llvm::Value *v) {
    b_.CreateStore(v, tupleListAddress(list, elemTy, i));
  };
  llvm::BasicBlock *sort = newBlock("tsort.start"), *done = newBlock("tsort.done");
  // With a NaN member '<' is no order, and only CPython's own sequence of
  // comparisons gives its order: the library's timsort, at any length. It
  // also takes 64 or more tuples without NaN, where binary insertion's
  // moves would grow with the square of the length.
  llvm::BasicBlock *rows = newBlock("tsort.rows"), *plain = newBlock("tsort.plain");
  b_.CreateCondBr(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), nans), b_.CreateICmpSGE(n, i64(64))),
                  rows, plain);
  b_.SetInsertPoint(rows);
  sortTupleRows(list, elemTy, n, loc);
  b_.CreateBr(done);
  b_.SetInsertPoint(plain);
  // Fewer than 64 tuples without NaN: '<' is a total preorder, and the
  // first run then binary insertion (timsort's own steps there) is quick.
  b_.CreateCondBr(b_.CreateICmpSGE(n, i64(2)), sort, done);
  b_.SetInsertPoint(sort);
  // The first natural run: strictly descending (then reversed) or not
  // descending, as CPython's count_run.
  llvm::AllocaInst *run = entryAlloca(b_.getInt64Ty(), "tsort.run");
  b_.CreateStore(i64(2), run);
  llvm::Value *descending = lt(at(i64(1)), at(i64(0)));
  llvm::BasicBlock *head = newBlock("tsort.run.head"), *body = newBlock("tsort.run.body");
  llvm::BasicBlock *runEnd = newBlock("tsort.run.end");
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  llvm::Value *r = b_.CreateLoad(b_.getInt64Ty(), run);
  llvm::BasicBlock *test = newBlock("tsort.run.test");
  b_.CreateCondBr(b_.CreateICmpSLT(r, n), test, runEnd);
  b_.SetInsertPoint(test);
  llvm::Value *less = lt(at(r), at(b_.CreateSub(r, i64(1))));
  b_.CreateCondBr(b_.CreateICmpEQ(less, descending), body, runEnd);
  b_.SetInsertPoint(body);
  b_.CreateStore(b_.CreateAdd(r, i64(1)), run);
  b_.CreateBr(head);
  b_.SetInsertPoint(runEnd);
  llvm::Value *runLen = b_.CreateLoad(b_.getInt64Ty(), run);
  llvm::BasicBlock *rev = newBlock("tsort.rev"), *insert = newBlock("tsort.insert");
  b_.CreateCondBr(descending, rev, insert);
  b_.SetInsertPoint(rev);
  reverseTuples(list, elemTy, runLen);
  b_.CreateBr(insert);
  b_.SetInsertPoint(insert);
  // Binary insertion of the rest: each pivot goes after every element it
  // is not less than (CPython's binarysort).
  forRange(runLen, n, [&](llvm::Value *start) {
    llvm::Value *pivot = at(start);
    llvm::AllocaInst *lo = entryAlloca(b_.getInt64Ty(), "tsort.lo");
    llvm::AllocaInst *hi = entryAlloca(b_.getInt64Ty(), "tsort.hi");
    b_.CreateStore(i64(0), lo);
    b_.CreateStore(start, hi);
    llvm::BasicBlock *bHead = newBlock("tsort.bs.head"), *bBody = newBlock("tsort.bs.body");
    llvm::BasicBlock *bEnd = newBlock("tsort.bs.end");
    b_.CreateBr(bHead);
    b_.SetInsertPoint(bHead);
    llvm::Value *l = b_.CreateLoad(b_.getInt64Ty(), lo);
    llvm::Value *h = b_.CreateLoad(b_.getInt64Ty(), hi);
    b_.CreateCondBr(b_.CreateICmpSLT(l, h), bBody, bEnd);
    b_.SetInsertPoint(bBody);
    llvm::Value *mid = b_.CreateAdd(l, b_.CreateLShr(b_.CreateSub(h, l), i64(1)));
    llvm::Value *below = lt(pivot, at(mid));
    b_.CreateStore(b_.CreateSelect(below, mid, h), hi);
    b_.CreateStore(b_.CreateSelect(below, l, b_.CreateAdd(mid, i64(1))), lo);
    b_.CreateBr(bHead);
    b_.SetInsertPoint(bEnd);
    llvm::Value *place = b_.CreateLoad(b_.getInt64Ty(), lo);
    // Shift [place, start) up by one, from the top down.
    llvm::Value *count = b_.CreateSub(start, place);
    forRange(i64(0), count, [&](llvm::Value *k) {
      llvm::Value *p = b_.CreateSub(start, k);
      put(p, at(b_.CreateSub(p, i64(1))));
    });
    put(place, pivot);
  });
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  maybeReverse();
}

/// The members of tuple `v`, nested tuples' flattened in order: lists of
/// tuples have one shape, so comparing two flattened tuples member by
/// member is comparing the tuples.
void IRGen::tupleLeaves(llvm::Value *v, std::vector<llvm::Value *> &leaves) {
  auto *st = cast<llvm::StructType>(v->getType());
  for (unsigned i = 0; i < st->getNumElements(); ++i) {
    llvm::Value *m = b_.CreateExtractValue(v, i);
    if (kindOfValue(m->getType()) == Type::Tuple)
      tupleLeaves(m, leaves);
    else
      leaves.push_back(m);
  }
}

/// A number member as two floats whose lexicographic '<' and '==' are the
/// member's own against any other member so written: its value rounded to
/// a float, then what the rounding lost (an int's exact remainder, 0.0 for
/// a float). An int and a float then compare by exact value, as in Python,
/// past 2**53 too.
std::pair<llvm::Value *, llvm::Value *> IRGen::exactFloatPair(llvm::Value *m) {
  auto ofInt = [&](llvm::Value *i) -> std::pair<llvm::Value *, llvm::Value *> {
    llvm::Value *hi = b_.CreateSIToFP(i, b_.getDoubleTy());
    // 2**63 (an int near the top rounds up to it) has no int64: the
    // remainder is taken from INT64_MIN, whose wrapped difference is exact.
    llvm::Value *top = b_.CreateFCmpOGE(hi, f64(9223372036854775808.0));
    llvm::Value *base = b_.CreateSelect(top, i64(INT64_MIN), b_.CreateFPToSI(hi, b_.getInt64Ty()));
    return {hi, b_.CreateSIToFP(b_.CreateSub(i, base), b_.getDoubleTy())};
  };
  switch (kindOfValue(m->getType())) {
  case Type::Bool:
    return {b_.CreateUIToFP(m, b_.getDoubleTy()), f64(0.0)};
  case Type::Int:
    return ofInt(m);
  case Type::Float:
    return {m, f64(0.0)};
  default: { // IntOrFloat: {i1 isInt, i64, double}
    auto [ihi, ilo] = ofInt(b_.CreateExtractValue(m, 1));
    llvm::Value *isInt = b_.CreateExtractValue(m, 0);
    return {b_.CreateSelect(isInt, ihi, b_.CreateExtractValue(m, 2)),
            b_.CreateSelect(isInt, ilo, f64(0.0))};
  }
  }
}

/// Sorts the n tuples of `list` in place as CPython's list.sort does when
/// some member is NaN: each tuple becomes a row of floats (exactFloatPair
/// of each flattened member), and the library's timsort
/// (_llcc_python_sort_rows, stdlib/timsort.flt) sorts the row numbers
/// comparing rows as tuples; the tuples are then gathered in that order.
void IRGen::sortTupleRows(llvm::Value *list, llvm::Type *elemTy, llvm::Value *n, SourceLoc loc) {
  std::vector<llvm::Value *> probe;
  tupleLeaves(llvm::UndefValue::get(elemTy), probe);
  int64_t width = 2 * static_cast<int64_t>(probe.size());
  llvm::Value *rows = allocArray(b_.CreateMul(n, i64(width)), Type::Float, loc);
  llvm::Value *order = allocArray(n, Type::Float, loc);
  forRange(i64(0), n, [&](llvm::Value *i) {
    std::vector<llvm::Value *> leaves;
    tupleLeaves(tupleListAt(list, elemTy, i), leaves);
    llvm::Value *base = b_.CreateMul(i, i64(width));
    for (size_t c = 0; c < leaves.size(); ++c) {
      auto [hi, lo] = exactFloatPair(leaves[c]);
      storeElement(rows, b_.CreateAdd(base, i64(int64_t(2 * c))), hi, Type::Float);
      storeElement(rows, b_.CreateAdd(base, i64(int64_t(2 * c + 1))), lo, Type::Float);
    }
    storeElement(order, i, b_.CreateSIToFP(i, b_.getDoubleTy()), Type::Float);
  });
  callLibrary("_llcc_python_sort_rows", {rows, i64(width), order});
  llvm::Value *copy = copyTupleList(list, elemTy, loc);
  forRange(i64(0), n, [&](llvm::Value *i) {
    llvm::Value *from = b_.CreateFPToSI(loadElement(order, i, Type::Float), b_.getInt64Ty());
    b_.CreateStore(tupleListAt(copy, elemTy, from), tupleListAddress(list, elemTy, i));
  });
}

/// min(pairs) and max(pairs), with or without key=: the first element
/// that no later one beats, CPython's rule (`x < best` replaces for min,
/// `x > best` for max); ValueError for an empty list, or the default=
/// (evaluated, as an argument, whether the list is empty or not).
llvm::Value *IRGen::tupleListExtreme(const CallExpr &e) {
  const Expr &arg = *e.args[0];
  llvm::Type *elemTy = tupleListElemType(arg);
  SourceLoc loc = e.loc();
  llvm::Value *list = genTupleList(arg);
  llvm::Value *n = b_.CreateExtractValue(list, 1);
  bool isMin = e.builtin == "min";
  if (const Expr *dflt = keyword(e, "default")) {
    llvm::Value *d = coerce(genExpr(*dflt), Type::Tuple, e.shape, dflt->loc());
    llvm::AllocaInst *result = entryAlloca(d->getType(), "extreme");
    b_.CreateStore(d, result);
    llvm::BasicBlock *some = newBlock("extreme.some");
    llvm::BasicBlock *done = newBlock("extreme.done");
    b_.CreateCondBr(b_.CreateICmpSGT(n, i64(0)), some, done);
    b_.SetInsertPoint(some);
    b_.CreateStore(coerce(tupleListExtremeOf(e, list, elemTy), Type::Tuple, e.shape, loc), result);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return b_.CreateLoad(d->getType(), result);
  }
  check(b_.CreateICmpSGT(n, i64(0)), loc,
        std::string("ValueError: ") + (isMin ? "min" : "max") + "() arg is an empty sequence");
  return tupleListExtremeOf(e, list, elemTy);
}

/// The extreme of a list of tuples known to be non-empty.
llvm::Value *IRGen::tupleListExtremeOf(const CallExpr &e, llvm::Value *list, llvm::Type *elemTy) {
  llvm::Value *n = b_.CreateExtractValue(list, 1);
  bool isMin = e.builtin == "min";
  CompareOp op = isMin ? CompareOp::Lt : CompareOp::Gt;
  const Expr *key = keyword(e, "key");
  llvm::AllocaInst *best = entryAlloca(elemTy, "best");
  b_.CreateStore(tupleListAt(list, elemTy, i64(0)), best);
  Type kt = Type::Unknown;
  llvm::AllocaInst *bestKey = nullptr;
  if (key) {
    llvm::Value *k0 = applyKey(*key, tupleListAt(list, elemTy, i64(0)), Type::Tuple, kt);
    bestKey = entryAlloca(k0->getType(), "best.key");
    b_.CreateStore(k0, bestKey);
  }
  forRange(i64(1), n, [&](llvm::Value *i) {
    llvm::Value *x = tupleListAt(list, elemTy, i);
    llvm::Value *better;
    if (key) {
      Type t = Type::Unknown;
      llvm::Value *k = applyKey(*key, x, Type::Tuple, t);
      llvm::Value *kb = b_.CreateLoad(bestKey->getAllocatedType(), bestKey);
      better = t == Type::Tuple ? tupleCompare(op, k, kb, nullptr, nullptr)
                                : genNumberCompare(op, k, t, kb, kt);
      b_.CreateStore(b_.CreateSelect(better, k, kb), bestKey);
    } else {
      better = tupleCompare(op, x, b_.CreateLoad(elemTy, best), nullptr, nullptr);
    }
    b_.CreateStore(b_.CreateSelect(better, x, b_.CreateLoad(elemTy, best)), best);
  });
  return b_.CreateLoad(elemTy, best);
}

/// `pairs[k]`: the tuple at k (negative k counts from the end;
/// IndexError outside the list, as Python's).
llvm::Value *IRGen::genTupleListSubscript(const SubscriptExpr &e) {
  llvm::Type *elemTy = tupleListElemType(*e.value);
  llvm::Value *list = genTupleList(*e.value);
  llvm::Value *index = genIndex(*e.index, Type::FloatList);
  llvm::Value *len = b_.CreateExtractValue(list, 1);
  llvm::Value *adjusted =
      b_.CreateSelect(b_.CreateICmpSLT(index, i64(0)), b_.CreateAdd(index, len), index);
  check(b_.CreateICmpULT(adjusted, len), e.index->loc(), "IndexError: list index out of range");
  return tupleListAt(list, elemTy, adjusted);
}

/// The builtins and methods of lists of tuples: len, min, max (sorted and
/// list are list values, genTupleList), append, pop and sort.
bool IRGen::genTupleListCall(const CallExpr &e, llvm::Value *&out) {
  out = nullptr;
  if (auto *a = dyn_cast<AttributeExpr>(e.callee.get());
      a && a->value->type == Type::TupleList && e.builtin.rfind("method.", 0) == 0) {
    const std::string &m = e.builtin;
    llvm::Type *elemTy = tupleListElemType(*a->value);
    SourceLoc loc = e.loc();
    if (m == "method.copy") {
      out = genTupleList(e);
      return true;
    }
    int local = cast<NameExpr>(*a->value).localIndex;
    if (m == "method.reverse") {
      llvm::Value *list = loadLocal(local, loc);
      reverseTuples(list, elemTy, b_.CreateExtractValue(list, 1));
      out = llvm::UndefValue::get(llvmType(Type::Bool));
      return true;
    }
    if (m == "method.sort") {
      llvm::Value *list = loadLocal(local, loc);
      sortTupleList(list, elemTy, e, loc);
      out = llvm::UndefValue::get(llvmType(Type::Bool));
      return true;
    }
    if (m == "method.append") {
      llvm::Value *x = coerce(genExpr(*e.args[0]), Type::Tuple, a->value->shape->elemShape,
                              e.args[0]->loc());
      loadLocal(local, loc); // UnboundLocalError before appending
      appendTupleTo(cur_->slots[local], cur_->capacity.at(local), x, elemTy, loc);
      out = llvm::UndefValue::get(llvmType(Type::Bool));
      return true;
    }
    // pop([i]): as a list of numbers' (IRGen::listPop)
    out = listPop(
        e, local,
        [&](llvm::Value *list, llvm::Value *i) { return tupleListAt(list, elemTy, i); },
        [&](llvm::Value *list, llvm::Value *from, llvm::Value *to) {
          b_.CreateStore(tupleListAt(list, elemTy, from), tupleListAddress(list, elemTy, to));
        });
    return true;
  }
  if (e.target || e.args.size() != 1 || e.args[0]->type != Type::TupleList)
    return false;
  if (e.builtin == "len") {
    out = b_.CreateExtractValue(genTupleList(*e.args[0]), 1);
    return true;
  }
  if (e.builtin == "min" || e.builtin == "max") {
    out = tupleListExtreme(e);
    return true;
  }
  if (e.builtin == "sorted" || e.builtin == "list") {
    out = genTupleList(e);
    return true;
  }
  return false;
}

/// `pairs[k] = t`: t stored at k (IndexError outside the list).
void IRGen::genTupleListStore(const SubscriptExpr &target, llvm::Value *value, Type) {
  llvm::Type *elemTy = tupleListElemType(*target.value);
  llvm::Value *x = coerce(value, Type::Tuple, target.value->shape->elemShape, target.loc());
  llvm::Value *list = genTupleList(*target.value);
  llvm::Value *index = genIndex(*target.index, Type::FloatList);
  llvm::Value *len = b_.CreateExtractValue(list, 1);
  llvm::Value *adjusted =
      b_.CreateSelect(b_.CreateICmpSLT(index, i64(0)), b_.CreateAdd(index, len), index);
  check(b_.CreateICmpULT(adjusted, len), target.index->loc(),
        "IndexError: list assignment index out of range");
  b_.CreateStore(x, tupleListAddress(list, elemTy, adjusted));
}

} // namespace llcc
