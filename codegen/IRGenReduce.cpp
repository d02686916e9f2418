//===- IRGenReduce.cpp - numpy reductions, constructors and sorting --------===//
//
// Lowers the array functions of frontend/Builtins.h: reductions (np.sum,
// np.mean, np.std(ddof=), np.argmin, np.median, np.percentile, the nan-
// versions, any/all), constructors of local arrays (np.zeros, values.copy(),
// sorted, ...), and in-place a.sort(). Each follows numpy 1.24 for NaN,
// empty input and rounding; sums use numpy's pairwise summation, so even
// means and variances agree with numpy to the last bit.
// Sorted copies and Python's sort are IRGenSort.cpp's.
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

namespace {
/// Medians of up to this many elements, of a length known at compile time,
/// take ranks (n^2/2 comparisons, no branches) instead of a sort: 5x5 and
/// 3x3x3 neighbourhoods among them.
constexpr int64_t MaxRankMedian = 32;
/// The largest length with a median network (IRGenMedianNetwork.cpp).
constexpr int64_t MaxNetworkMedian = 25;
} // namespace

bool IRGen::isArrayCall(const CallExpr &e) {
  if (e.builtin.rfind("method.", 0) == 0 || e.builtin == "numpy.maximum.accumulate" ||
      e.builtin == "numpy.minimum.accumulate")
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
  if (llvm::Value *out; genContainerCall(e, out)) // sorted(x, key=f), list(x), ...
    return out;
  if (e.builtin == "numpy.clip" && !isArray(e.type)) {
    // np.clip of a number: min(max(x, lo), hi), each keeping a NaN first
    // operand and ignoring a NaN bound, as the elementwise version
    // (IRGenArray.cpp).
    llvm::Value *x = genExprAs(*e.args[0], Type::Float);
    llvm::Value *lo = genExprAs(*e.args[1], Type::Float);
    llvm::Value *hi = genExprAs(*e.args[2], Type::Float);
    llvm::Value *m = b_.CreateSelect(b_.CreateFCmpUGT(x, lo), x, lo);
    return b_.CreateSelect(b_.CreateFCmpULT(m, hi), m, hi);
  }
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

  // np.sort's kind: numpy's introsort, a stable sort, or its heapsort.
  const char *sortFn = "_llcc_sort";
  for (const KeywordArg &k : e.keywords)
    if (auto *s = dyn_cast<StringLiteralExpr>(k.value.get()); s && k.name == "kind")
      sortFn = s->value == "stable" || s->value == "mergesort" ? "_llcc_sort_stable"
               : s->value == "heapsort"                         ? "_llcc_sort_heap"
                                                                : "_llcc_sort";
  if (op == "sort" && method) {
    // list.sort(reverse=True) is CPython's definition: reverse in place,
    // sort stably, reverse again (equal elements keep their order).
    // reverse= may be known only at run time (an i1 then), evaluated
    // before the sort as CPython evaluates the call's arguments.
    llvm::Value *reverse = nullptr;
    const Expr *key = nullptr;
    for (const KeywordArg &k : e.keywords) {
      if (k.name == "reverse")
        reverse = truthy(genExpr(*k.value), k.value->type);
      if (k.name == "key")
        key = k.value.get();
    }
    if (auto *c = llvm::dyn_cast_or_null<llvm::ConstantInt>(reverse); c && c->isZero())
      reverse = nullptr;
    if (key) {
      sortListByKey(*args[0], *key, reverse, loc);
      return nullptr;
    }
    llvm::Value *list = reverse ? genArrayValue(*args[0]) : nullptr;
    Type elem = elementType(args[0]->type);
    reverseInPlaceIf(reverse, list, elem);
    if (reverse && args[0]->type == Type::IntList)
      sortIntList(list);
    else if (reverse)
      pythonSortInPlace(list, loc);
    else if (args[0]->type == Type::IntList)
      sortIntList(genArrayValue(*args[0]));
    else if (args[0]->type == Type::IntArray)
      callLibrarySort("_llcc_sort_int", genArrayValue(*args[0]));
    else if (args[0]->type == Type::FloatList)
      pythonSortInPlace(genArrayValue(*args[0]), loc); // list.sort: CPython's order
    else
      sortInPlace(genArrayValue(*args[0]), loc, sortFn);
    reverseInPlaceIf(reverse, list, elem);
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
  if (op == "_llcc_int_zeros") {
    llvm::Value *n = genExprAs(*args[0], Type::Int);
    llvm::Value *array = allocArray(n, Type::Int, loc);
    forRange(i64(0), n, [&](llvm::Value *i) { storeElement(array, i, i64(0), Type::Int); });
    return array;
  }
  if (op == "maximum.accumulate" || op == "minimum.accumulate") {
    // out[i] = np.maximum(out[i - 1], a[i]): the new element unless the
    // running one is greater (or NaN, which then stays), as numpy's loop.
    ArrayGen g = genArray(*args[0]);
    Type elem = elementType(e.type);
    llvm::Value *out = materialize(
        {g.len, [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, elem); }, elem}, loc);
    bool isMax = op == "maximum.accumulate";
    forRange(i64(1), g.len, [&](llvm::Value *i) {
      llvm::Value *acc = loadElement(out, b_.CreateSub(i, i64(1)), elem);
      llvm::Value *x = loadElement(out, i, elem);
      llvm::Value *keep;
      if (elem == Type::Int)
        keep = isMax ? b_.CreateICmpSGT(acc, x) : b_.CreateICmpSLT(acc, x);
      else {
        llvm::Value *wins = isMax ? b_.CreateFCmpOGT(acc, x) : b_.CreateFCmpOLT(acc, x);
        keep = b_.CreateOr(wins, b_.CreateFCmpUNO(acc, acc));
      }
      storeElement(out, i, b_.CreateSelect(keep, acc, x), elem);
    });
    return out;
  }
  if (op == "array" && !e.keywords.empty()) // dtype=: numpy's conversion
    return genAstype(e, *args[0], !isNdarray(args[0]->type));
  if (op == "array" && e.type == Type::BoolArray && elementType(args[0]->type) != Type::Bool) {
    // A list of bools, which llcc types as ints (Sema's boolDisplay).
    ArrayGen g = genArray(*args[0]);
    return materialize({g.len,
                        [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Bool); },
                        Type::Bool},
                       loc);
  }
  if (op == "copy" || op == "array" || op == "tolist")
    return materializeAs(genArray(*args[0]), e);
  if (op == "sort" && e.type == Type::IntArray) {
    ArrayGen g = genArray(*args[0]);
    llvm::Value *copy = materialize(
        {g.len, [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Int); },
         Type::Int},
        loc);
    callLibrarySort("_llcc_sort_int", copy);
    return copy;
  }
  if (op == "sort")
    return sortedCopy(genArray(*args[0]), loc, false, sortFn);
  if (op == "sorted" && e.type == Type::IntList) {
    ArrayGen g = genArray(*args[0]);
    llvm::Value *copy = materialize(
        {g.len, [&, g](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Int); },
         Type::Int},
        loc);
    sortIntList(copy);
    return copy;
  }
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
  for (const KeywordArg &k : e.keywords)
    if (k.name == "where")
      return genWhereReduction(op, g, e);

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

  if (base == "min" || base == "max" || base == "amin" || base == "amax" || base == "ptp" ||
      base == "argmin" || base == "argmax") {
    bool wantMin = base == "min" || base == "amin" || base == "argmin";
    bool arg = base == "argmin" || base == "argmax";
    if (g.elem != Type::Float && base != "ptp") {
      // Integers have no NaN: a plain scan, comparing the ints themselves
      // (exact beyond 2**53); the arg versions keep the first extreme.
      check(b_.CreateICmpSGT(g.len, i64(0)), loc,
            arg ? "ValueError: attempt to get " + base + " of an empty sequence"
                : "ValueError: zero-size array to reduction operation " +
                      std::string(wantMin ? "minimum" : "maximum") + " which has no identity");
      llvm::AllocaInst *acc = entryAlloca(b_.getInt64Ty(), "acc");
      llvm::AllocaInst *where = entryAlloca(b_.getInt64Ty(), "where");
      b_.CreateStore(convert(g.at(i64(0)), g.elem, Type::Int), acc);
      b_.CreateStore(i64(0), where);
      forRange(i64(1), g.len, [&](llvm::Value *i) {
        llvm::Value *x = convert(g.at(i), g.elem, Type::Int);
        llvm::Value *cur = b_.CreateLoad(b_.getInt64Ty(), acc);
        llvm::Value *take = wantMin ? b_.CreateICmpSLT(x, cur) : b_.CreateICmpSGT(x, cur);
        b_.CreateStore(b_.CreateSelect(take, x, cur), acc);
        b_.CreateStore(b_.CreateSelect(take, i, b_.CreateLoad(b_.getInt64Ty(), where)), where);
      });
      if (arg)
        return b_.CreateLoad(b_.getInt64Ty(), where);
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
  if ((base == "sum" || base == "prod") && g.elem != Type::Float) {
    // Integer and boolean elements: numpy's int64, which wraps on overflow
    // (with a warning), as do Python's sum() of numpy integers.
    bool product = base == "prod";
    llvm::AllocaInst *acc = entryAlloca(b_.getInt64Ty(), op);
    b_.CreateStore(i64(product ? 1 : 0), acc);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = convert(g.at(i), g.elem, Type::Int);
      llvm::Value *cur = b_.CreateLoad(b_.getInt64Ty(), acc);
      b_.CreateStore(numpyIntArith(product ? BinaryOp::Mul : BinaryOp::Add, cur, x), acc);
    });
    return convert(b_.CreateLoad(b_.getInt64Ty(), acc), Type::Int, e.type);
  }
  if (base == "prod") {
    // numpy multiplies left to right (only addition is pairwise).
    llvm::AllocaInst *acc = entryAlloca(dbl, op);
    b_.CreateStore(f64(1.0), acc);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = asFloat(g.at(i));
      llvm::Value *cur = b_.CreateLoad(dbl, acc);
      llvm::Value *next = b_.CreateFMul(cur, x);
      b_.CreateStore(skipNaN ? b_.CreateSelect(isNaN(x), cur, next) : next, acc);
    });
    return b_.CreateLoad(dbl, acc);
  }

  // Sums, means and moments add with numpy's own pairwise summation, so
  // they agree with numpy to the last bit. The nan- versions replace NaN
  // by 0 in place (which keeps numpy's grouping) and count the rest.
  Type from = g.elem;
  ArrayGen data = g;
  data.at = [this, g, from, skipNaN](llvm::Value *i) {
    llvm::Value *x = convert(g.at(i), from, Type::Float);
    if (!skipNaN)
      return x;
    return b_.CreateSelect(b_.CreateFCmpUNO(x, x), f64(0.0), x);
  };
  data.elem = Type::Float;
  data.memory = skipNaN || from != Type::Float ? nullptr : g.memory;
  // numpy adds pairwise sums of 8192-element buffers to 0.0 (so a sum of
  // -0.0s is 0.0, and arrays past 8192 elements add buffer by buffer).
  if (!data.chunk)
    data.chunk = i64(8192);
  llvm::Value *count = g.len;
  if (skipNaN) {
    llvm::AllocaInst *kept = entryAlloca(b_.getInt64Ty(), "count");
    b_.CreateStore(i64(0), kept);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = asFloat(g.at(i));
      llvm::Value *k = b_.CreateLoad(b_.getInt64Ty(), kept);
      b_.CreateStore(b_.CreateSelect(isNaN(x), k, b_.CreateAdd(k, i64(1))), kept);
    });
    count = b_.CreateLoad(b_.getInt64Ty(), kept);
  }
  if (base == "sum" || base == "mean" || base == "var" || base == "std") {
    llvm::Value *total = pairwiseSum(data, loc);
    if (base == "sum")
      return total;
    llvm::Value *mean = b_.CreateFDiv(total, b_.CreateSIToFP(count, dbl));
    if (base == "mean")
      return mean; // 0/0 = nan for no elements, as numpy (with its warning)
    llvm::Value *ddof = i64(0);
    for (const KeywordArg &k : e.keywords)
      if (k.name == "ddof")
        ddof = genExprAs(*k.value, Type::Int);
    // numpy: x = a - mean; sum(x * x) / dof (nan- versions: NaN places 0).
    ArrayGen squares = data;
    squares.at = [this, g, from, mean, skipNaN](llvm::Value *i) {
      llvm::Value *x = convert(g.at(i), from, Type::Float);
      llvm::Value *d = b_.CreateFSub(x, mean);
      llvm::Value *sq = b_.CreateFMul(d, d);
      return skipNaN ? b_.CreateSelect(b_.CreateFCmpUNO(x, x), f64(0.0), sq) : sq;
    };
    squares.memory = nullptr;
    llvm::Value *ss = pairwiseSum(squares, loc);
    llvm::Value *dof = b_.CreateSub(count, ddof);
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
  throw InternalError("reduction '" + op + "' has no lowering");
}

/// numpy's median is np.mean of the middle element or two, and np.mean's
/// sum starts from 0.0: (0.0 + hi) / 1 or ((0.0 + lo) + hi) / 2. The 0.0
/// only shows in the sign of a zero: numpy's median of zeros is +0.0 (also
/// when every middle value is -0.0), whichever zeros the selection picked.
llvm::Value *IRGen::numpyMedianMean(llvm::Value *lo, llvm::Value *hi, llvm::Value *odd) {
  llvm::Value *zero = f64(0.0);
  llvm::Value *one = b_.CreateFAdd(zero, hi);
  llvm::Value *two = b_.CreateFDiv(b_.CreateFAdd(b_.CreateFAdd(zero, lo), hi), f64(2.0));
  return b_.CreateSelect(odd, one, two);
}

/// numpy's 'linear' method on `count` sorted values, element i given by
/// `at` (function_base.py: _compute_virtual_index, _get_indexes, _lerp):
/// virtual index (count-1)q, the neighbours below and above (both the last
/// element from count-1 on, numpy's index -1, which also enters gamma),
/// then _lerp's two-sided formula. With `ints`, `at` gives int64 values,
/// whose difference numpy takes as an int. The two values read go to
/// `neighbours` when given.
llvm::Value *IRGen::numpyLerp(llvm::Value *count, llvm::Value *q,
                              const std::function<llvm::Value *(llvm::Value *)> &at, bool ints,
                              llvm::Value **neighbours, int method) {
  llvm::Type *dbl = b_.getDoubleTy();
  llvm::Value *last = b_.CreateSub(count, i64(1));
  llvm::Value *lastF = b_.CreateSIToFP(last, dbl);
  llvm::Value *vi = method == 0 ? b_.CreateFMul(lastF, q) : quantileVirtualIndex(count, q, method);
  llvm::Value *above = b_.CreateFCmpOGE(vi, lastF);
  llvm::Value *prev = b_.CreateSelect(
      above, i64(-1),
      b_.CreateFPToSI(b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, vi), b_.getInt64Ty()));
  llvm::Value *next = b_.CreateSelect(above, i64(-1), b_.CreateAdd(prev, i64(1)));
  if (method != 0) {
    // Below the first value (vi < 0, never for 'linear'): both neighbours
    // are element 0, after the clamp above as _get_indexes orders them.
    llvm::Value *below = b_.CreateFCmpOLT(vi, f64(0.0));
    prev = b_.CreateSelect(below, i64(0), prev);
    next = b_.CreateSelect(below, i64(0), next);
  }
  llvm::Value *gamma = b_.CreateFSub(vi, b_.CreateSIToFP(prev, dbl));
  if (method != 0)
    gamma = quantileGamma(vi, gamma, method);
  auto wrap = [&](llvm::Value *i) {
    return b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, count), i);
  };
  llvm::Value *a = at(wrap(prev)), *c = at(wrap(next));
  if (neighbours) {
    neighbours[0] = a;
    neighbours[1] = c;
  }
  llvm::Value *diff;
  if (ints) {
    diff = b_.CreateSIToFP(b_.CreateSub(c, a), dbl);
    a = b_.CreateSIToFP(a, dbl);
    c = b_.CreateSIToFP(c, dbl);
  } else {
    diff = b_.CreateFSub(c, a);
  }
  llvm::Value *low = b_.CreateFAdd(a, b_.CreateFMul(diff, gamma));
  llvm::Value *high = b_.CreateFSub(c, b_.CreateFMul(diff, b_.CreateFSub(f64(1.0), gamma)));
  return b_.CreateSelect(b_.CreateFCmpOGE(gamma, f64(0.5)), high, low);
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
  // method= as its number (SemaQuantileMethod.cpp); 0 is 'linear'.
  int method = 0;
  for (const KeywordArg &k : e.keywords)
    if (k.name == "_llcc_method")
      method = static_cast<int>(cast<IntLiteralExpr>(*k.value).value);
  bool whole = quantileMethodIsDiscrete(method);
  if (op != "median") {
    q = genExprAs(*args[1], Type::Float);
    if (op == "percentile")
      q = b_.CreateFDiv(q, f64(100.0));
    check(b_.CreateAnd(b_.CreateFCmpOGE(q, f64(0.0)), b_.CreateFCmpOLE(q, f64(1.0))),
          args[1]->loc(),
          op == "percentile" ? "ValueError: Percentiles must be in the range [0, 100]"
                             : "ValueError: Quantiles must be in the range [0, 1]");
  }
  // The median of an array of at most MaxRankMedian elements without
  // sorting: element i's place in the sorted array is its rank, the number
  // of elements that sort before it -- those less than it, and those equal
  // to it that come earlier, as the stable sort (stdlib/sort.flt) leaves
  // them. So the element of rank n/2 is exactly the sorted copy's middle
  // element, down to the sign of a zero among equal zeros. NaN sorts last,
  // so any NaN makes the median NaN, as in the sort path; ranks then do
  // not matter. Every loop runs n times and nothing is stored, so a
  // fixed-size neighbourhood's median unrolls into straight-line code that
  // whole-image kernels vectorise across pixels.
  auto medianByRank = [&]() -> llvm::Value * {
    llvm::Type *i64Ty = b_.getInt64Ty();
    llvm::Value *n = g.len;
    auto x = [&](llvm::Value *i) { return convert(g.at(i), g.elem, Type::Float); };
    llvm::Value *half = b_.CreateSDiv(n, i64(2));
    llvm::Value *odd = b_.CreateICmpEQ(b_.CreateSRem(n, i64(2)), i64(1));
    llvm::Value *below = b_.CreateSelect(odd, half, b_.CreateSub(half, i64(1)));
    llvm::AllocaInst *hi = entryAlloca(dbl, "median.hi");
    llvm::AllocaInst *lo = entryAlloca(dbl, "median.lo");
    llvm::AllocaInst *anyNaN = entryAlloca(b_.getInt1Ty(), "median.nan");
    llvm::AllocaInst *rank = entryAlloca(i64Ty, "median.rank");
    b_.CreateStore(nan, hi);
    b_.CreateStore(nan, lo);
    b_.CreateStore(b_.getFalse(), anyNaN);
    forRange(i64(0), n, [&](llvm::Value *i) {
      llvm::Value *xi = x(i);
      b_.CreateStore(b_.CreateOr(b_.CreateLoad(b_.getInt1Ty(), anyNaN), b_.CreateFCmpUNO(xi, xi)),
                     anyNaN);
      b_.CreateStore(i64(0), rank);
      forRange(i64(0), n, [&](llvm::Value *j) {
        // An earlier element sorts first unless greater, a later one only
        // if less (j == i: not less, not counted). "Not greater" is written
        // as not(xi < xj), the very comparison row j makes for i, so once
        // unrolled each pair is compared once.
        llvm::Value *xj = x(j);
        llvm::Value *first =
            b_.CreateSelect(b_.CreateICmpSLT(j, i), b_.CreateNot(b_.CreateFCmpOLT(xi, xj)),
                            b_.CreateFCmpOLT(xj, xi));
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64Ty, rank), b_.CreateZExt(first, i64Ty)), rank);
      });
      llvm::Value *r = b_.CreateLoad(i64Ty, rank);
      b_.CreateStore(b_.CreateSelect(b_.CreateICmpEQ(r, half), xi, b_.CreateLoad(dbl, hi)), hi);
      b_.CreateStore(b_.CreateSelect(b_.CreateICmpEQ(r, below), xi, b_.CreateLoad(dbl, lo)), lo);
    });
    llvm::Value *hiV = b_.CreateLoad(dbl, hi), *loV = b_.CreateLoad(dbl, lo);
    llvm::Value *mid = numpyMedianMean(loV, hiV, odd);
    // Empty: the mean of nothing, nan (hi and lo are still nan).
    return b_.CreateSelect(b_.CreateLoad(b_.getInt1Ty(), anyNaN), nan, mid);
  };

  // The median of a short array in memory of a known length (a fixed-size
  // neighbourhood) by ranks instead of a sort; the rest sort a copy below.
  // Lengths with a selection network (IRGenMedianNetwork.cpp) take it
  // first, at run time in a callback, folded to one copy in a kernel.
  llvm::BasicBlock *picked = nullptr;
  std::vector<std::pair<llvm::Value *, llvm::BasicBlock *>> fast;
  // One case per network length, each value joining at `picked`; the
  // switch's default continues at `otherwise`.
  // The general path's value joins the network values at `picked`.
  auto joinPicked = [&](llvm::Value *general) -> llvm::Value * {
    llvm::BasicBlock *generalEnd = b_.GetInsertBlock();
    b_.CreateBr(picked);
    b_.SetInsertPoint(picked);
    llvm::PHINode *result = b_.CreatePHI(dbl, fast.size() + 1);
    for (auto [value, block] : fast)
      result->addIncoming(value, block);
    result->addIncoming(general, generalEnd);
    return result;
  };
  auto networkCases = [&](llvm::BasicBlock *otherwise, const char *name,
                          const std::function<llvm::Value *(int64_t)> &byNetwork) {
    llvm::SwitchInst *sizes = b_.CreateSwitch(g.len, otherwise);
    for (int64_t size = 1; size <= MaxNetworkMedian; ++size) {
      if (!hasMedianNetwork(size))
        continue;
      llvm::BasicBlock *net = newBlock(name);
      sizes->addCase(b_.getInt64(size), net);
      b_.SetInsertPoint(net);
      llvm::Value *value = byNetwork(size);
      fast.emplace_back(value, b_.GetInsertBlock());
      b_.CreateBr(picked);
    }
    b_.SetInsertPoint(otherwise);
  };
  if (op == "median" && !skipNaN && g.memory) {
    llvm::BasicBlock *rank = newBlock("median.rank");
    llvm::BasicBlock *sort = newBlock("median.sort");
    picked = newBlock("median.picked");
    networkCases(newBlock("median.other"), "median.network",
                 [&](int64_t size) { return medianByNetwork(g, size); });
    // Only where the length is a constant once optimised (a whole-image
    // kernel's fixed-size run, after inlining): there the ranks vectorise
    // across pixels, while for one array at a time (a callback) the
    // insertion sort's n^2/4 average beats the ranks' n^2.
    llvm::Value *known = b_.CreateIntrinsic(llvm::Intrinsic::is_constant, {g.len->getType()},
                                            {g.len});
    b_.CreateCondBr(b_.CreateAnd(known, b_.CreateICmpULE(g.len, i64(MaxRankMedian))), rank,
                    sort);
    b_.SetInsertPoint(rank);
    llvm::Value *byRank = medianByRank();
    fast.emplace_back(byRank, b_.GetInsertBlock());
    b_.CreateBr(picked);
    b_.SetInsertPoint(sort);
  }
  // np.nanmedian of a float array of a network length: the NaNs sort last,
  // and the middle of what is left is picked at run-time positions.
  if (op == "median" && skipNaN && g.memory && g.elem == Type::Float) {
    picked = newBlock("nanmedian.picked");
    networkCases(newBlock("nanmedian.other"), "nanmedian.network",
                 [&](int64_t size) { return nanMedianByNetwork(g, size); });
  }
  // A percentile or quantile at a constant q of a float array of a network
  // length: the two order statistics by a network (quantileByNetwork), at
  // run time in a callback, folded to one copy in a kernel; windows whose
  // two values include a zero take the exact path below.
  auto *qConst = q ? llvm::dyn_cast<llvm::ConstantFP>(q) : nullptr;
  double qValue = qConst ? qConst->getValueAPF().convertToDouble() : -1.0;
  if (op != "median" && !skipNaN && g.memory && g.elem == Type::Float && qConst && qValue >= 0.0 &&
      qValue <= 1.0 && method == 0) {
    llvm::BasicBlock *general = newBlock("quantile.general");
    picked = newBlock("quantile.picked");
    networkCases(general, "quantile.network",
                 [&](int64_t size) { return quantileByNetwork(g, size, qValue, general); });
  }
  // np.nanpercentile / np.nanquantile likewise, the NaNs sorted last and
  // the neighbours picked at run-time positions (nanQuantileByNetwork).
  if (op != "median" && skipNaN && g.memory && g.elem == Type::Float && qConst && qValue >= 0.0 &&
      qValue <= 1.0 && method == 0) {
    llvm::BasicBlock *general = newBlock("nanquantile.general");
    picked = newBlock("nanquantile.picked");
    networkCases(general, "nanquantile.network",
                 [&](int64_t size) { return nanQuantileByNetwork(g, size, q, qValue, general); });
  }
  // Order statistics sort stably up to 32 values, as the ranking path of
  // fixed-size windows selects (the same zero among equal zeros).
  // The percentiles of a float array select as numpy's _quantile does
  // (stdlib/select.flt), so equal zeros end where numpy's end; an int
  // array's are sorted as ints and interpolated as numpy's _lerp does with
  // ints (the difference of the two neighbours taken as an int).
  bool ints = op != "median" && g.elem == Type::Int;
  llvm::Value *sorted = op == "median" ? sortedCopy(g, loc, skipNaN, "_llcc_sort_stat")
                        : ints         ? sortedIntCopy(g, loc)
                                       : quantileSelectedCopy(g, loc, skipNaN, q, method);
  llvm::Value *n = b_.CreateExtractValue(sorted, 1);
  auto at = [&](llvm::Value *i) { return loadElement(sorted, i, ints ? Type::Int : Type::Float); };
  llvm::Value *last = b_.CreateSub(n, i64(1));

  // numpy's 'linear' method (numpyLerp) on the sorted copy.
  // The other methods pick their virtual index and gamma; those without
  // interpolation take the element at their index (an int of an int
  // array, as numpy's take).
  auto interpolate = [&]() {
    return whole ? at(quantileVirtualIndex(n, q, method))
                 : numpyLerp(n, q, at, ints, nullptr, method);
  };

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
    llvm::Value *mid = numpyMedianMean(lo, hi, odd);
    llvm::Value *lastValue = at(last);
    mid = b_.CreateSelect(b_.CreateFCmpUNO(lastValue, lastValue), nan, mid);
    llvm::BasicBlock *someEnd = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode *r = b_.CreatePHI(dbl, 2);
    r->addIncoming(nan, empty);
    r->addIncoming(mid, someEnd);
    return picked ? joinPicked(r) : r;
  }

  // An int array has no NaN (numpy's nan- versions take the plain path):
  // a method without interpolation takes the int element.
  if (ints && whole) {
    check(b_.CreateICmpSGT(n, i64(0)), loc,
          "IndexError: index -1 is out of bounds for axis 0 with size 0");
    return interpolate();
  }
  // numpy raises for an empty array (taking element -1); the nan- versions
  // give nan (with a warning) when no number is left.
  llvm::BasicBlock *noneLeft = nullptr, *someLeft = nullptr, *joined = nullptr;
  if (skipNaN) {
    noneLeft = newBlock("nanq.empty");
    someLeft = newBlock("nanq.some");
    joined = newBlock("nanq.done");
    b_.CreateCondBr(b_.CreateICmpEQ(n, i64(0)), noneLeft, someLeft);
    b_.SetInsertPoint(noneLeft);
    b_.CreateBr(joined);
    b_.SetInsertPoint(someLeft);
  } else {
    check(b_.CreateICmpSGT(n, i64(0)), loc,
          "IndexError: index -1 is out of bounds for axis 0 with size 0");
  }
  llvm::Value *r = interpolate();
  llvm::Value *lastValue = ints ? f64(0.0) : at(last);
  llvm::Value *value = b_.CreateSelect(b_.CreateFCmpUNO(lastValue, lastValue), nan, r);
  if (!skipNaN && picked)
    return joinPicked(value);
  if (!skipNaN)
    return value;
  llvm::BasicBlock *someEnd = b_.GetInsertBlock();
  b_.CreateBr(joined);
  b_.SetInsertPoint(joined);
  llvm::PHINode *phi = b_.CreatePHI(dbl, 2);
  phi->addIncoming(nan, noneLeft);
  phi->addIncoming(value, someEnd);
  return picked ? joinPicked(phi) : phi;
}

/// numpy's pairwise summation of float64 (umath loops_utils.h): fewer than
/// 8 elements left to right from 0; up to 128 with eight interleaved
/// partial sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and the
/// remainder added after; more, split in two at a multiple of 8. Up to 128
/// elements (every usual neighbourhood) the sum runs fused over the
/// expression; beyond, the expression is stored first and summed
/// recursively by llcc.rt.pairwise.
llvm::Value *IRGen::pairwiseSum(const ArrayGen &g, SourceLoc loc) {
  if (g.chunk)
    return chunkedPairwiseSum(g, loc);
  // numpy's reduction starts from add's identity, 0.0, and adds the pairwise
  // sum to it: so the sum of -0.0s is 0.0 at every length.
  return b_.CreateFAdd(f64(0.0), pairwiseSumFrom(g, loc));
}

llvm::Value *IRGen::pairwiseSumFrom(const ArrayGen &g, SourceLoc loc) {
  auto callRuntime = [&](llvm::Value *array) {
    return b_.CreateCall(pairwiseFunction(), {b_.CreateExtractValue(array, 0),
                                              b_.CreateExtractValue(array, 1),
                                              b_.CreateExtractValue(array, 2)});
  };
  if (g.memory)
    return callRuntime(g.memory);
  llvm::BasicBlock *fused = newBlock("pairwise.fused");
  llvm::BasicBlock *stored = newBlock("pairwise.stored");
  llvm::BasicBlock *done = newBlock("pairwise.done");
  b_.CreateCondBr(b_.CreateICmpSLE(g.len, i64(128)), fused, stored);
  b_.SetInsertPoint(fused);
  llvm::Value *a = pairwiseUpTo128(g.len, g.at);
  llvm::BasicBlock *fusedEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(stored);
  llvm::Value *c = callRuntime(materialize(g, loc));
  llvm::BasicBlock *storedEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *sum = b_.CreatePHI(b_.getDoubleTy(), 2, "pairwise");
  sum->addIncoming(a, fusedEnd);
  sum->addIncoming(c, storedEnd);
  return sum;
}

/// The non-recursive part of numpy's pairwise sum (n <= 128), over any
/// element source.
llvm::Value *IRGen::pairwiseUpTo128(llvm::Value *n,
                                    const std::function<llvm::Value *(llvm::Value *)> &at) {
  llvm::Type *dbl = b_.getDoubleTy(), *i64Ty = b_.getInt64Ty();
  llvm::AllocaInst *acc = entryAlloca(dbl, "pairwise.res");
  llvm::BasicBlock *small = newBlock("pairwise.small");
  llvm::BasicBlock *blocked = newBlock("pairwise.blocked");
  llvm::BasicBlock *done = newBlock("pairwise.end");
  b_.CreateCondBr(b_.CreateICmpSLT(n, i64(8)), small, blocked);

  b_.SetInsertPoint(small);
  b_.CreateStore(f64(0.0), acc);
  forRange(i64(0), n, [&](llvm::Value *i) {
    b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(dbl, acc), at(i)), acc);
  });
  b_.CreateBr(done);

  b_.SetInsertPoint(blocked);
  std::vector<llvm::AllocaInst *> r;
  for (int j = 0; j < 8; ++j) {
    r.push_back(entryAlloca(dbl, "r"));
    b_.CreateStore(at(i64(j)), r[j]);
  }
  llvm::Value *whole = b_.CreateSub(n, b_.CreateSRem(n, i64(8)));
  llvm::AllocaInst *i = entryAlloca(i64Ty, "i");
  b_.CreateStore(i64(8), i);
  llvm::BasicBlock *cond = newBlock("blocks.cond");
  llvm::BasicBlock *body = newBlock("blocks.body");
  llvm::BasicBlock *rest = newBlock("blocks.rest");
  b_.CreateBr(cond);
  b_.SetInsertPoint(cond);
  b_.CreateCondBr(b_.CreateICmpSLT(b_.CreateLoad(i64Ty, i), whole), body, rest);
  b_.SetInsertPoint(body);
  llvm::Value *iv = b_.CreateLoad(i64Ty, i);
  for (int j = 0; j < 8; ++j)
    b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(dbl, r[j]), at(b_.CreateAdd(iv, i64(j)))), r[j]);
  b_.CreateStore(b_.CreateAdd(iv, i64(8)), i);
  b_.CreateBr(cond);
  b_.SetInsertPoint(rest);
  auto rv = [&](int j) { return b_.CreateLoad(dbl, r[j]); };
  b_.CreateStore(
      b_.CreateFAdd(b_.CreateFAdd(b_.CreateFAdd(rv(0), rv(1)), b_.CreateFAdd(rv(2), rv(3))),
                    b_.CreateFAdd(b_.CreateFAdd(rv(4), rv(5)), b_.CreateFAdd(rv(6), rv(7)))),
      acc);
  forRange(b_.CreateLoad(i64Ty, i), n, [&](llvm::Value *k) {
    b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(dbl, acc), at(k)), acc);
  });
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(dbl, acc);
}

/// `double @llcc.rt.pairwise(ptr data, i64 n, i64 stride)`: the whole
/// algorithm on an array in memory, recursive above 128 elements.
llvm::Function *IRGen::pairwiseFunction() {
  if (pairwise_)
    return pairwise_;
  llvm::Type *dbl = b_.getDoubleTy(), *i64Ty = b_.getInt64Ty(), *ptr = b_.getPtrTy();
  pairwise_ = llvm::Function::Create(llvm::FunctionType::get(dbl, {ptr, i64Ty, i64Ty}, false),
                                     llvm::GlobalValue::InternalLinkage, "llcc.rt.pairwise",
                                     mod_.get());
  pairwise_->addFnAttr(llvm::Attribute::NoUnwind);
  FunctionScope scope(cur_, b_, pairwise_);
  llvm::Value *data = pairwise_->getArg(0), *n = pairwise_->getArg(1),
              *stride = pairwise_->getArg(2);
  b_.SetInsertPoint(newBlock("entry"));
  llvm::BasicBlock *direct = newBlock("direct");
  llvm::BasicBlock *split = newBlock("split");
  b_.CreateCondBr(b_.CreateICmpSLE(n, i64(128)), direct, split);
  b_.SetInsertPoint(direct);
  b_.CreateRet(pairwiseUpTo128(n, [&](llvm::Value *i) {
    return b_.CreateLoad(dbl, b_.CreateGEP(dbl, data, b_.CreateMul(i, stride)));
  }));
  b_.SetInsertPoint(split);
  llvm::Value *half = b_.CreateSDiv(n, i64(2));
  llvm::Value *n2 = b_.CreateSub(half, b_.CreateSRem(half, i64(8)));
  llvm::Value *left = b_.CreateCall(pairwise_, {data, n2, stride});
  llvm::Value *rightData = b_.CreateGEP(dbl, data, b_.CreateMul(n2, stride));
  llvm::Value *right = b_.CreateCall(pairwise_, {rightData, b_.CreateSub(n, n2), stride});
  b_.CreateRet(b_.CreateFAdd(left, right));
  return pairwise_;
}

} // namespace llcc
