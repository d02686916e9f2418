//===- IRGenReduce.cpp - numpy reductions, constructors and sorting --------===//
//
// Lowers the array functions of frontend/Builtins.h: reductions (np.sum,
// np.mean, np.std(ddof=), np.argmin, np.median, np.percentile, the nan-
// versions, any/all), constructors of local arrays (np.zeros, values.copy(),
// sorted, ...), and in-place a.sort(). Each follows numpy 1.24 for NaN,
// empty input and rounding, except that sums run left to right where numpy
// sums pairwise (results may differ in the last bits; docs/language.md).
// Sorting is the standard library's `_llcc_sort`, written in the filter
// language itself (stdlib/sort.flt).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Builtins.h"
#include "Diagnostics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/Support/Casting.h>

#include <limits>

using llvm::cast;
using llvm::dyn_cast;

namespace llcc {

bool IRGen::isArrayCall(const CallExpr &e) {
  if (e.builtin.rfind("method.", 0) == 0)
    return true;
  const BuiltinFunction *f = findBuiltinFunction(e.builtin);
  if (!f)
    return false;
  if (f->result == BuiltinResult::Reduce || f->result == BuiltinResult::NewArray ||
      f->result == BuiltinResult::Elementwise)
    return true;
  return isArray(e.type);
}

llvm::Value *IRGen::genArrayCall(const CallExpr &e) {
  std::vector<const Expr *> args;
  bool method = e.builtin.rfind("method.", 0) == 0;
  if (method)
    args.push_back(cast<AttributeExpr>(*e.callee).value.get());
  for (auto &a : e.args)
    args.push_back(a.get());
  std::string op = e.builtin.substr(e.builtin.find('.') + 1);
  if (e.builtin == "sorted" || e.builtin == "any" || e.builtin == "all")
    op = e.builtin;
  SourceLoc loc = e.loc();

  if (op == "sort" && method) {
    if (args[0]->type == Type::FloatList)
      pythonSortInPlace(genArrayValue(*args[0]), loc); // list.sort: CPython's order
    else
      sortInPlace(genArrayValue(*args[0]), loc);
    return nullptr;
  }
  if (op == "empty" || op == "zeros" || op == "ones" || op == "full") {
    llvm::Value *n = genExprAs(*args[0], Type::Int);
    check(b_.CreateICmpSGE(n, i64(0)), args[0]->loc(),
          "ValueError: negative dimensions are not allowed");
    llvm::Value *fill = op == "full" ? genExprAs(*args[1], Type::Float)
                                     : f64(op == "ones" ? 1.0 : 0.0);
    llvm::Value *array = allocArray(n, Type::Float, loc);
    forRange(i64(0), n, [&](llvm::Value *i) { storeElement(array, i, fill, Type::Float); });
    return array;
  }
  if (op == "copy" || op == "array")
    return materialize(genArray(*args[0]), loc);
  if (op == "sort")
    return sortedCopy(genArray(*args[0]), loc, false);
  if (op == "sorted")
    return pythonSortedCopy(genArray(*args[0]), loc);
  if (isArray(e.type)) // np.where, np.clip, np.abs(a), ...
    return materialize(genArray(e), loc);
  return genReduction(op, genArray(*args[0]), e, args);
}

llvm::Value *IRGen::genReduction(const std::string &op, const ArrayGen &g, const CallExpr &e,
                                 const std::vector<const Expr *> &args) {
  SourceLoc loc = e.loc();
  llvm::Type *dbl = b_.getDoubleTy();
  auto isNaN = [&](llvm::Value *x) { return b_.CreateFCmpUNO(x, x); };
  auto asFloat = [&](llvm::Value *x) { return convert(x, g.elem, Type::Float); };
  bool skipNaN = op.rfind("nan", 0) == 0;
  std::string base = skipNaN ? op.substr(3) : op;

  if (base == "median" || base == "percentile" || base == "quantile")
    return genOrderStatistic(base, g, e, args, skipNaN);

  if (op == "any" || op == "all" || op == "count_nonzero") {
    llvm::AllocaInst *acc = entryAlloca(b_.getInt64Ty(), op);
    b_.CreateStore(i64(0), acc);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *t = truthy(g.at(i), g.elem);
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), acc),
                                  b_.CreateZExt(t, b_.getInt64Ty())),
                     acc);
    });
    llvm::Value *count = b_.CreateLoad(b_.getInt64Ty(), acc);
    if (op == "any")
      return b_.CreateICmpSGT(count, i64(0));
    if (op == "all")
      return b_.CreateICmpEQ(count, g.len);
    return count;
  }

  if (base == "sum" || base == "prod" || base == "mean") {
    bool product = base == "prod";
    bool exact = g.elem != Type::Float && base != "mean"; // int or bool elements
    Type accType = exact ? Type::Int : Type::Float;
    llvm::AllocaInst *acc = entryAlloca(llvmType(accType), op);
    llvm::AllocaInst *count = entryAlloca(b_.getInt64Ty(), "count");
    b_.CreateStore(exact ? static_cast<llvm::Value *>(i64(product ? 1 : 0))
                         : f64(product ? 1.0 : 0.0),
                   acc);
    b_.CreateStore(i64(0), count);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = convert(g.at(i), g.elem, accType);
      llvm::Value *cur = b_.CreateLoad(llvmType(accType), acc);
      llvm::Value *next =
          exact ? genIntArith(product ? BinaryOp::Mul : BinaryOp::Add, cur, x, loc)
                : (product ? b_.CreateFMul(cur, x) : b_.CreateFAdd(cur, x));
      llvm::Value *n = b_.CreateLoad(b_.getInt64Ty(), count);
      if (skipNaN && !exact) {
        llvm::Value *nan = isNaN(x);
        next = b_.CreateSelect(nan, cur, next);
        n = b_.CreateSelect(nan, n, b_.CreateAdd(n, i64(1)));
      } else {
        n = b_.CreateAdd(n, i64(1));
      }
      b_.CreateStore(next, acc);
      b_.CreateStore(n, count);
    });
    llvm::Value *total = b_.CreateLoad(llvmType(accType), acc);
    if (base != "mean")
      return convert(total, accType, e.type);
    // mean of nothing is 0/0 = nan, as numpy (with its warning).
    return b_.CreateFDiv(total, b_.CreateSIToFP(b_.CreateLoad(b_.getInt64Ty(), count), dbl));
  }

  if (base == "var" || base == "std") {
    llvm::Value *ddof = i64(0);
    for (const KeywordArg &k : e.keywords)
      if (k.name == "ddof")
        ddof = genExprAs(*k.value, Type::Int);
    // Two passes, as numpy: the mean, then the sum of squared deviations.
    llvm::AllocaInst *sum = entryAlloca(dbl, "sum");
    llvm::AllocaInst *count = entryAlloca(b_.getInt64Ty(), "count");
    b_.CreateStore(f64(0.0), sum);
    b_.CreateStore(i64(0), count);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = asFloat(g.at(i));
      llvm::Value *use = skipNaN ? b_.CreateNot(isNaN(x)) : b_.getTrue();
      llvm::Value *s = b_.CreateLoad(dbl, sum);
      b_.CreateStore(b_.CreateSelect(use, b_.CreateFAdd(s, x), s), sum);
      llvm::Value *n = b_.CreateLoad(b_.getInt64Ty(), count);
      b_.CreateStore(b_.CreateSelect(use, b_.CreateAdd(n, i64(1)), n), count);
    });
    llvm::Value *n = b_.CreateLoad(b_.getInt64Ty(), count);
    llvm::Value *mean = b_.CreateFDiv(b_.CreateLoad(dbl, sum), b_.CreateSIToFP(n, dbl));
    llvm::AllocaInst *squares = entryAlloca(dbl, "squares");
    b_.CreateStore(f64(0.0), squares);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = asFloat(g.at(i));
      llvm::Value *d = b_.CreateFSub(x, mean);
      llvm::Value *s = b_.CreateLoad(dbl, squares);
      llvm::Value *next = b_.CreateFAdd(s, b_.CreateFMul(d, d));
      b_.CreateStore(skipNaN ? b_.CreateSelect(isNaN(x), s, next) : next, squares);
    });
    llvm::Value *dof = b_.CreateSub(n, ddof);
    llvm::Value *ss = b_.CreateLoad(dbl, squares);
    llvm::Value *var;
    if (skipNaN) {
      // nanvar: no degrees of freedom left is nan.
      var = b_.CreateSelect(b_.CreateICmpSLE(dof, i64(0)),
                            f64(std::numeric_limits<double>::quiet_NaN()),
                            b_.CreateFDiv(ss, b_.CreateSIToFP(dof, dbl)));
    } else {
      // var divides by max(n - ddof, 0): inf or nan when nothing is left.
      llvm::Value *rcount = b_.CreateSelect(b_.CreateICmpSGT(dof, i64(0)), dof, i64(0));
      var = b_.CreateFDiv(ss, b_.CreateSIToFP(rcount, dbl));
    }
    return base == "std" ? b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, var) : var;
  }

  if (base == "min" || base == "max" || base == "amin" || base == "amax" || base == "ptp" ||
      base == "argmin" || base == "argmax") {
    bool wantMin = base == "min" || base == "amin" || base == "argmin";
    bool arg = base == "argmin" || base == "argmax";
    if (g.elem != Type::Float && !arg && base != "ptp") {
      // Integers have no NaN: a plain scan.
      check(b_.CreateICmpSGT(g.len, i64(0)), loc,
            "ValueError: zero-size array to reduction operation " +
                std::string(wantMin ? "minimum" : "maximum") + " which has no identity");
      llvm::AllocaInst *acc = entryAlloca(b_.getInt64Ty(), "acc");
      b_.CreateStore(convert(g.at(i64(0)), g.elem, Type::Int), acc);
      forRange(i64(1), g.len, [&](llvm::Value *i) {
        llvm::Value *x = convert(g.at(i), g.elem, Type::Int);
        llvm::Value *cur = b_.CreateLoad(b_.getInt64Ty(), acc);
        b_.CreateStore(b_.CreateSelect(wantMin ? b_.CreateICmpSLT(x, cur)
                                               : b_.CreateICmpSGT(x, cur),
                                       x, cur),
                       acc);
      });
      return convert(b_.CreateLoad(b_.getInt64Ty(), acc), Type::Int, e.type);
    }
    std::string what = arg ? std::string("attempt to get ") + base + " of an empty sequence"
                           : "zero-size array to reduction operation " +
                                 std::string(wantMin ? "minimum" : "maximum") +
                                 " which has no identity";
    check(b_.CreateICmpSGT(g.len, i64(0)), loc, "ValueError: " + what);
    auto scan = [&](bool lowest, llvm::Value **index) {
      // numpy: NaN propagates (nanmin/nanmax: NaN is skipped, and an
      // all-NaN input gives NaN); arg versions return the first extreme
      // or the first NaN.
      llvm::AllocaInst *best = entryAlloca(dbl, "best");
      llvm::AllocaInst *where = entryAlloca(b_.getInt64Ty(), "where");
      b_.CreateStore(asFloat(g.at(i64(0))), best);
      b_.CreateStore(i64(0), where);
      forRange(i64(1), g.len, [&](llvm::Value *i) {
        llvm::Value *x = asFloat(g.at(i));
        llvm::Value *cur = b_.CreateLoad(dbl, best);
        llvm::Value *better = lowest ? b_.CreateFCmpOLT(x, cur) : b_.CreateFCmpOGT(x, cur);
        llvm::Value *take;
        if (skipNaN)
          take = b_.CreateOr(better, b_.CreateAnd(isNaN(cur), b_.CreateNot(isNaN(x))));
        else
          take = b_.CreateAnd(b_.CreateNot(isNaN(cur)), b_.CreateOr(better, isNaN(x)));
        b_.CreateStore(b_.CreateSelect(take, x, cur), best);
        llvm::Value *w = b_.CreateLoad(b_.getInt64Ty(), where);
        b_.CreateStore(b_.CreateSelect(take, i, w), where);
      });
      if (index)
        *index = b_.CreateLoad(b_.getInt64Ty(), where);
      return b_.CreateLoad(dbl, best);
    };
    if (arg) {
      llvm::Value *index;
      scan(wantMin, &index);
      return index;
    }
    if (base == "ptp") {
      llvm::Value *hi = scan(false, nullptr);
      llvm::Value *lo = scan(true, nullptr);
      return b_.CreateFSub(hi, lo);
    }
    return convert(scan(wantMin, nullptr), Type::Float, e.type);
  }
  throw InternalError("reduction '" + op + "' has no lowering");
}

/// median, percentile and quantile: a sorted copy, then numpy's selection
/// and 'linear' interpolation (function_base.py: _median, _quantile,
/// _get_indexes, _lerp), NaN when any element is NaN (nan- versions drop
/// the NaNs first).
llvm::Value *IRGen::genOrderStatistic(const std::string &op, const ArrayGen &g,
                                      const CallExpr &e, const std::vector<const Expr *> &args,
                                      bool skipNaN) {
  llvm::Type *dbl = b_.getDoubleTy();
  SourceLoc loc = e.loc();
  llvm::Value *nan = f64(std::numeric_limits<double>::quiet_NaN());
  llvm::Value *q = nullptr;
  if (op != "median") {
    q = genExprAs(*args[1], Type::Float);
    if (op == "percentile")
      q = b_.CreateFDiv(q, f64(100.0));
    check(b_.CreateAnd(b_.CreateFCmpOGE(q, f64(0.0)), b_.CreateFCmpOLE(q, f64(1.0))),
          args[1]->loc(),
          op == "percentile" ? "ValueError: Percentiles must be in the range [0, 100]"
                             : "ValueError: Quantiles must be in the range [0, 1]");
  }
  llvm::Value *sorted = sortedCopy(g, loc, skipNaN);
  llvm::Value *n = b_.CreateExtractValue(sorted, 1);
  auto at = [&](llvm::Value *i) { return loadElement(sorted, i, Type::Float); };
  llvm::Value *last = b_.CreateSub(n, i64(1));

  if (op == "median") {
    // Empty: the mean of nothing, nan. Otherwise the middle element, or
    // the mean of the two middle ones: (a + b) / 2.
    llvm::BasicBlock *empty = newBlock("median.empty");
    llvm::BasicBlock *some = newBlock("median.some");
    llvm::BasicBlock *done = newBlock("median.done");
    llvm::BasicBlock *from = b_.GetInsertBlock();
    b_.CreateCondBr(b_.CreateICmpEQ(n, i64(0)), empty, some);
    (void)from;
    b_.SetInsertPoint(empty);
    b_.CreateBr(done);
    b_.SetInsertPoint(some);
    llvm::Value *half = b_.CreateSDiv(n, i64(2));
    llvm::Value *odd = b_.CreateICmpEQ(b_.CreateSRem(n, i64(2)), i64(1));
    llvm::Value *hi = at(half);
    llvm::Value *lo = at(b_.CreateSelect(odd, half, b_.CreateSub(half, i64(1))));
    llvm::Value *mid = b_.CreateSelect(odd, hi, b_.CreateFDiv(b_.CreateFAdd(lo, hi), f64(2.0)));
    llvm::Value *lastValue = at(last);
    mid = b_.CreateSelect(b_.CreateFCmpUNO(lastValue, lastValue), nan, mid);
    llvm::BasicBlock *someEnd = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode *r = b_.CreatePHI(dbl, 2);
    r->addIncoming(nan, empty);
    r->addIncoming(mid, someEnd);
    return r;
  }

  if (skipNaN) {
    // All-NaN (or empty) input: nan, as nanpercentile.
    llvm::BasicBlock *empty = newBlock("quantile.empty");
    llvm::BasicBlock *some = newBlock("quantile.some");
    llvm::BasicBlock *done = newBlock("quantile.done");
    b_.CreateCondBr(b_.CreateICmpEQ(n, i64(0)), empty, some);
    b_.SetInsertPoint(empty);
    b_.CreateBr(done);
    b_.SetInsertPoint(some);
    llvm::Value *v = nullptr;
    {
      llvm::Value *vi = b_.CreateFMul(b_.CreateSIToFP(last, dbl), q);
      llvm::Value *above = b_.CreateFCmpOGE(vi, b_.CreateSIToFP(last, dbl));
      llvm::Value *prev = b_.CreateSelect(above, i64(-1),
                                          b_.CreateFPToSI(b_.CreateUnaryIntrinsic(
                                                              llvm::Intrinsic::floor, vi),
                                                          b_.getInt64Ty()));
      llvm::Value *next = b_.CreateSelect(above, i64(-1), b_.CreateAdd(prev, i64(1)));
      llvm::Value *gamma = b_.CreateFSub(vi, b_.CreateSIToFP(prev, dbl));
      auto wrap = [&](llvm::Value *i) {
        return b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, n), i);
      };
      llvm::Value *a = at(wrap(prev)), *c = at(wrap(next));
      llvm::Value *diff = b_.CreateFSub(c, a);
      llvm::Value *low = b_.CreateFAdd(a, b_.CreateFMul(diff, gamma));
      llvm::Value *high = b_.CreateFSub(c, b_.CreateFMul(diff, b_.CreateFSub(f64(1.0), gamma)));
      v = b_.CreateSelect(b_.CreateFCmpOGE(gamma, f64(0.5)), high, low);
    }
    llvm::BasicBlock *someEnd = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode *r = b_.CreatePHI(dbl, 2);
    r->addIncoming(nan, empty);
    r->addIncoming(v, someEnd);
    return r;
  }
  // numpy raises for an empty array (taking element -1).
  check(b_.CreateICmpSGT(n, i64(0)), loc,
        "IndexError: index -1 is out of bounds for axis 0 with size 0");
  llvm::Value *lastF = b_.CreateSIToFP(last, dbl);
  llvm::Value *vi = b_.CreateFMul(lastF, q);
  llvm::Value *above = b_.CreateFCmpOGE(vi, lastF);
  llvm::Value *prev = b_.CreateSelect(
      above, i64(-1),
      b_.CreateFPToSI(b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, vi), b_.getInt64Ty()));
  llvm::Value *next = b_.CreateSelect(above, i64(-1), b_.CreateAdd(prev, i64(1)));
  llvm::Value *gamma = b_.CreateFSub(vi, b_.CreateSIToFP(prev, dbl));
  auto wrap = [&](llvm::Value *i) {
    return b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, n), i);
  };
  llvm::Value *a = at(wrap(prev)), *c = at(wrap(next));
  llvm::Value *diff = b_.CreateFSub(c, a);
  llvm::Value *low = b_.CreateFAdd(a, b_.CreateFMul(diff, gamma));
  llvm::Value *high = b_.CreateFSub(c, b_.CreateFMul(diff, b_.CreateFSub(f64(1.0), gamma)));
  llvm::Value *r = b_.CreateSelect(b_.CreateFCmpOGE(gamma, f64(0.5)), high, low);
  llvm::Value *lastValue = at(last);
  return b_.CreateSelect(b_.CreateFCmpUNO(lastValue, lastValue), nan, r);
}

/// A sorted float copy of an array expression (numpy's order: NaN last),
/// optionally without its NaNs.
llvm::Value *IRGen::sortedCopy(const ArrayGen &g, SourceLoc loc, bool dropNaN) {
  llvm::Value *copy = allocArray(g.len, Type::Float, loc);
  llvm::Value *len = g.len;
  if (dropNaN) {
    llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "kept");
    b_.CreateStore(i64(0), kept);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = convert(g.at(i), g.elem, Type::Float);
      llvm::Value *k = b_.CreateLoad(b_.getInt64Ty(), kept);
      llvm::BasicBlock *store = newBlock("keep");
      llvm::BasicBlock *next = newBlock("keep.next");
      b_.CreateCondBr(b_.CreateFCmpORD(x, x), store, next);
      b_.SetInsertPoint(store);
      storeElement(copy, k, x, Type::Float);
      b_.CreateStore(b_.CreateAdd(k, i64(1)), kept);
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
    });
    len = b_.CreateLoad(b_.getInt64Ty(), kept);
    copy = b_.CreateInsertValue(copy, len, 1);
  } else {
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      storeElement(copy, i, convert(g.at(i), g.elem, Type::Float), Type::Float);
    });
  }
  sortInPlace(copy, loc);
  return copy;
}

/// Calls a sort of the standard library (stdlib/sort.flt) on a float array.
void IRGen::callLibrarySort(const char *name, llvm::Value *array) {
  const FunctionDef *sortFn = nullptr;
  for (auto &fn : ast_.functions)
    if (fn->isLibrary && fn->name == name)
      sortFn = fn.get();
  internalCheck(sortFn != nullptr, "a sort of the standard library is missing");
  propagate(b_.CreateCall(functions_.at(sortFn), {arena_, array}));
}

void IRGen::sortInPlace(llvm::Value *array, SourceLoc) { callLibrarySort("_llcc_sort", array); }

/// sorted(values): Python's order. Without NaN every correct sort gives
/// CPython's values, so numpy's order (the fast library sort) is used;
/// with NaN, CPython's own algorithm for fewer than 64 values, and an
/// error beyond (CPython's merge order with NaN is not reproduced).
llvm::Value *IRGen::pythonSortedCopy(const ArrayGen &g, SourceLoc loc) {
  llvm::Value *copy = materialize(
      {g.len, [&](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Float); },
       Type::Float},
      loc);
  pythonSortInPlace(copy, loc);
  return copy;
}

void IRGen::pythonSortInPlace(llvm::Value *copy, SourceLoc loc) {
  ArrayGen g = memoryGen(copy, Type::Float);
  llvm::AllocaInst *nans = entryAlloca(b_.getInt1Ty(), "has.nan");
  b_.CreateStore(b_.getFalse(), nans);
  forRange(i64(0), g.len, [&](llvm::Value *i) {
    llvm::Value *x = loadElement(copy, i, Type::Float);
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), nans), b_.CreateFCmpUNO(x, x)),
                   nans);
  });
  llvm::Value *hasNaN = b_.CreateLoad(b_.getInt1Ty(), nans);
  check(b_.CreateNot(b_.CreateAnd(hasNaN, b_.CreateICmpSGE(g.len, i64(64)))), loc,
        "ValueError: sorted() of 64 or more values containing NaN: CPython's order is not "
        "reproduced; use np.sort (NaN last)");
  llvm::BasicBlock *python = newBlock("sorted.python");
  llvm::BasicBlock *numpy = newBlock("sorted.numpy");
  llvm::BasicBlock *done = newBlock("sorted.done");
  b_.CreateCondBr(hasNaN, python, numpy);
  b_.SetInsertPoint(python);
  callLibrarySort("_llcc_python_sort", copy);
  b_.CreateBr(done);
  b_.SetInsertPoint(numpy);
  callLibrarySort("_llcc_sort", copy);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

} // namespace llcc
