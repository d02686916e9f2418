//===- SemaNumpyViews.cpp - numpy's views and joins of 2-D arrays ------------===//
//
// numpy functions that are, for the arrays llcc has, exactly an index, a
// slice or a join it already compiles; each call is rewritten in place when
// typeOfCall first meets it:
//
// (the views below as the argument of a call that is the view itself,
// ViewBuiltin, since the parent holds a call):
//
//   np.fliplr(w)          w[:, ::-1]          np.flipud(w)      w[::-1]
//   np.flip(w)            w[::-1, ::-1]       np.flip(w, 1)     w[:, ::-1]
//   np.rot90(w, k)        w.T[::-1], w[::-1, ::-1], w.T[:, ::-1] or w[:, :]
//   np.diag(w, k), np.diagonal(w), w.diagonal()
//                         np.array([w[0, k], w[1, k + 1], ...])
//   np.diag(v, k) of a vector of a known length n
//                         llcc.diag_matrix(v, k).reshape(n + |k|, n + |k|)
//   np.trace(w), w.trace()  np.sum(np.array([w[0, 0], w[1, 1], ...]))
//   np.triu(w, k), np.tril(w, k)
//                         np.where(np.array([[True, ...], ...]), w, 0) (numpy's
//                         where(mask, m, zeros(1, m.dtype)): +0 below, the dtype kept)
//   np.hstack((a, b))     np.concatenate((a, b), axis=1) (axis 0 for 1-D)
//   np.vstack((w, v))     np.stack([w[0], w[1], ..., v]) (rows; 1-D arrays
//                         are one row each)
//   np.take(a, idx)       a[idx] (a.ravel()[idx] for 2-D; a list of
//                         indices as np.array(idx))
//   np.arange(.., dtype=float)  np.arange(..) * 1.0 (ints, exact below 2**53)
//
// The flips and rotations are views, as numpy's. A diagonal's length and
// offset are known when compiling (windows have static shapes), so it is
// written out element by element; numpy's own diagonal is a read-only view
// of the same elements. The array expression is read again for each piece,
// so it must be one that reads the same array again (copyPure); a diagonal
// or trace of another (`np.trace(np.linalg.inv(m))`) is a strided slice of
// it raveled once, `x.ravel()[k:stop:cols + 1]`. Otherwise, and for what
// numpy rejects, a diagnostic says what to write.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>

namespace llcc {
namespace sema {

namespace {

ExprPtr sliceAll(SourceLoc at) { return std::make_unique<SliceExpr>(at, nullptr, nullptr, nullptr); }

ExprPtr reversedSlice(SourceLoc at) {
  return std::make_unique<SliceExpr>(
      at, nullptr, nullptr,
      std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Neg, std::make_unique<IntLiteralExpr>(at, 1)));
}

ExprPtr pair(SourceLoc at, ExprPtr a, ExprPtr b) {
  std::vector<ExprPtr> both;
  both.push_back(std::move(a));
  both.push_back(std::move(b));
  return std::make_unique<TupleExpr>(at, std::move(both));
}

ExprPtr callOf(SourceLoc at, ExprPtr callee, std::vector<ExprPtr> args) {
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                    std::vector<KeywordArg>{});
}

} // namespace

int Sema::expandWindowView(CallExpr &e) {
  // np.f(a, ...) (or f after `from numpy import f`), or a.f() for the
  // methods diagonal and trace.
  static const char *const Functions[] = {"fliplr",   "flipud", "flip",   "rot90",  "diag",
                                          "diagonal", "trace",  "hstack", "vstack", "take",
                                          "arange",   "triu",   "tril"};
  std::string function;
  for (const char *f : Functions)
    if (callsNumpy(e, f))
      function = f;
  bool method = false;
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  if (function.empty() && attr && (attr->attr == "diagonal" || attr->attr == "trace")) {
    auto *base = dyn_cast<NameExpr>(attr->value.get());
    if (base && moduleAliases_.count(base->name) && !locals_.count(base->name))
      return 0; // np.diagonal without arguments: typed as written
    function = attr->attr;
    method = true;
  }
  if (function.empty())
    return 0;
  SourceLoc loc = e.loc();
  std::string alias = attr && !method ? cast<NameExpr>(*attr->value).name : numpyAlias();
  auto numpyName = [&](const char *name) {
    return std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, alias), name);
  };
  // `e` stays a call (its parent holds one): a call that is its argument
  // itself, so a view stays a view (ViewBuiltin), typed when typeOfCall
  // meets it again.
  auto become = [&](ExprPtr value) {
    becomeView(e, std::move(value));
    return 1;
  };

  if (function == "arange") {
    const KeywordArg *dtype = nullptr;
    for (const KeywordArg &k : e.keywords)
      if (k.name == "dtype")
        dtype = &k;
    if (!dtype)
      return 0;
    std::string name;
    if (auto *n = dyn_cast<NameExpr>(dtype->value.get()))
      name = n->name;
    else if (auto *a = dyn_cast<AttributeExpr>(dtype->value.get()))
      name = a->attr;
    bool toFloat = name == "float" || name == "float64";
    bool toInt = name == "int" || name == "int64" || name == "intp";
    bool ints = true;
    for (ExprPtr &a : e.args) {
      Type t = typeOf(*a);
      if (t == Type::Unknown)
        return -1;
      ints &= isIntegral(t);
    }
    if (!(toFloat || (toInt && ints))) {
      error(dtype->value->loc(), "np.arange's dtype= is float (np.float64) or, with int "
                                 "arguments, int in llcc");
      return -1;
    }
    e.keywords.erase(std::remove_if(e.keywords.begin(), e.keywords.end(),
                                    [](const KeywordArg &k) { return k.name == "dtype"; }),
                     e.keywords.end());
    if (!toFloat || !ints)
      return 0; // the arguments' own kind already
    // numpy fills start + i * step in float64: for ints that is each int
    // converted.
    auto inner = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                            std::move(e.keywords));
    auto product = std::make_unique<BinaryExpr>(loc, BinaryOp::Mul, std::move(inner),
                                                std::make_unique<FloatLiteralExpr>(loc, 1.0));
    return become(std::move(product));
  }

  if (function == "hstack" || function == "vstack") {
    if (e.args.size() != 1 || !e.keywords.empty())
      return 0;
    std::vector<ExprPtr> *items = displayItems(*e.args[0]);
    if (!items || items->empty())
      return 0;
    bool anyWindow = false;
    for (ExprPtr &x : *items) {
      Type t = typeOf(*x);
      if (t == Type::Unknown)
        return -1;
      anyWindow |= isWindow(*x);
    }
    if (function == "hstack") {
      // 1-D arrays end to end; 2-D ones side by side.
      e.callee = numpyName("concatenate");
      if (auto *l = dyn_cast<ListExpr>(e.args[0].get())) // written as np.concatenate's tuple
        e.args[0] = std::make_unique<TupleExpr>(l->loc(), std::move(l->elements));
      if (anyWindow)
        e.keywords.push_back(KeywordArg{loc, "axis", std::make_unique<IntLiteralExpr>(loc, 1)});
      return 1; // then np.concatenate's rewrite (typeOfCall runs it next)
    }
    if (!anyWindow)
      return 0; // np.vstack of 1-D arrays: SemaStack.cpp's
    std::vector<ExprPtr> rows;
    for (ExprPtr &x : *items) {
      if (!isWindow(*x)) {
        rows.push_back(std::move(x));
        continue;
      }
      if (x->shape->dims.size() != 2 || x->shape->dims[0] == RuntimeDim || !copyPure(x.get())) {
        error(x->loc(), "np.vstack of this 2-D array is not supported in llcc: it lists the "
                        "array's rows, so their number must be known when compiling and the "
                        "array must be a name or a slice of one");
        return -1;
      }
      for (int64_t r = 0; r < x->shape->dims[0]; ++r)
        rows.push_back(
            std::make_unique<SubscriptExpr>(x->loc(), copyPure(x.get()), intLiteral(x->loc(), r)));
    }
    becomeDisplayCall(e, alias, "stack", std::move(rows));
    return 1;
  }

  // The others take the array first (or are its method).
  if (!method && e.args.empty())
    return 0;
  if (function == "diag" && !method && isa<ListExpr>(e.args[0].get())) {
    // np.diag([a, b, c]): of the array numpy makes of the list.
    std::vector<ExprPtr> list;
    list.push_back(std::move(e.args[0]));
    e.args[0] = callOf(loc, numpyName("array"), std::move(list));
  }
  Expr &array = method ? *attr->value : *e.args[0];
  Type t = typeOf(array);
  if (t == Type::Unknown)
    return -1;
  if (!isNdarray(t))
    return 0; // typed as written: its errors say what is wrong
  bool window = isWindow(array);
  size_t ndim = window ? array.shape->dims.size() : 1;
  std::string shown = method ? "a." + function + "()" : "np." + function;
  auto intArgument = [&](size_t at, const char *keyword, int64_t fallback, int64_t &out) {
    out = fallback;
    const Expr *x = at < e.args.size() ? e.args[at].get() : nullptr;
    for (const KeywordArg &k : e.keywords)
      if (k.name == keyword)
        x = k.value.get();
      else
        return false;
    return !x || intConstant(x, out);
  };

  if (function == "take") {
    if (e.args.size() != 2 || !e.keywords.empty())
      return 0;
    ExprPtr index = std::move(e.args[1]);
    if (isa<ListExpr>(index.get()) || isa<TupleExpr>(index.get())) {
      SourceLoc at = index->loc();
      std::vector<ExprPtr> v;
      v.push_back(std::move(index));
      index = callOf(at, numpyName("array"), std::move(v));
    }
    ExprPtr base = std::move(e.args[0]);
    if (window) {
      SourceLoc at = base->loc();
      base = callOf(at, std::make_unique<AttributeExpr>(at, std::move(base), "ravel"), {});
    }
    return become(std::make_unique<SubscriptExpr>(loc, std::move(base), std::move(index)));
  }

  if (ndim == 1) {
    if (function == "flipud") {
      if (e.args.size() != 1 || !e.keywords.empty())
        return 0;
      return become(std::make_unique<SubscriptExpr>(loc, std::move(e.args[0]),
                                                    reversedSlice(loc)));
    }
    if (function == "fliplr" || function == "rot90" || function == "diagonal" ||
        function == "trace") {
      error(e.loc(), shown + " of a 1-D array raises ValueError in numpy (it needs a 2-D "
                             "array)");
      return -1;
    }
    if (function == "diag") {
      // The square matrix with the vector on its k-th diagonal, built by
      // the library (stdlib/arrays.flt) when its order is known.
      int64_t k = 0;
      if (e.args.size() > 2 || !intArgument(1, "k", 0, k)) {
        error(e.loc(), shown + " takes a constant k in llcc");
        return -1;
      }
      if (!array.shape || array.shape->dims.size() != 1 || array.shape->dims[0] < 0) {
        error(e.loc(), shown + " of a 1-D array makes a 2-D diagonal matrix, which llcc builds "
                               "when the vector's length is known when compiling (a list "
                               "display, values[:3], np.array([a, b, c])); index the values "
                               "directly otherwise");
        return -1;
      }
      int64_t order = array.shape->dims[0] + (k < 0 ? -k : k);
      std::vector<ExprPtr> args;
      args.push_back(std::move(e.args[0]));
      args.push_back(intLiteral(loc, k));
      ExprPtr matrix = callOf(loc, std::make_unique<NameExpr>(loc, "llcc.diag_matrix"),
                              std::move(args));
      e.callee = std::make_unique<AttributeExpr>(loc, std::move(matrix), "reshape");
      e.args.clear();
      e.args.push_back(intLiteral(loc, order));
      e.args.push_back(intLiteral(loc, order));
      e.keywords.clear();
      return 1;
    }
    if (function == "triu" || function == "tril") {
      error(e.loc(), shown + " of a 1-D array is the 2-D array of its repeated rows in numpy, "
                             "which llcc does not build; reshape the values to 2-D first");
      return -1;
    }
    return 0; // np.flip of a vector: the library's
  }
  if (ndim != 2) {
    error(e.loc(), shown + " of a " + std::to_string(ndim) + "-D array is not supported in "
                           "llcc; apply it to 2-D slices");
    return -1;
  }
  bool diagonalOf = function == "diag" || function == "diagonal" || function == "trace";
  if (!copyPure(&array) && !diagonalOf) {
    error(array.loc(), shown + " of this expression is not supported in llcc; assign the "
                              "array to a name first");
    return -1;
  }
  auto view = [&](ExprPtr rows, ExprPtr cols) {
    return std::make_unique<SubscriptExpr>(loc, copyPure(&array),
                                           pair(loc, std::move(rows), std::move(cols)));
  };
  auto transposedView = [&](ExprPtr rows, ExprPtr cols) {
    auto base = std::make_unique<AttributeExpr>(loc, copyPure(&array), "T");
    return std::make_unique<SubscriptExpr>(loc, std::move(base),
                                           pair(loc, std::move(rows), std::move(cols)));
  };
  size_t positional = method ? 0 : 1; // where the arguments after the array start

  if (function == "fliplr" || function == "flipud") {
    if (e.args.size() != positional || !e.keywords.empty())
      return 0;
    return function == "fliplr" ? become(view(sliceAll(loc), reversedSlice(loc)))
                                : become(view(reversedSlice(loc), sliceAll(loc)));
  }
  if (function == "flip") {
    int64_t axis = -3;
    if (e.args.size() > positional + 1 || !intArgument(positional, "axis", -3, axis) ||
        axis < -3 || axis > 1) {
      error(e.loc(), shown + " of a 2-D array takes no axis (both), or axis=0, 1, -1 or -2 as "
                             "a constant");
      return -1;
    }
    bool rows = axis == -3 || axis == 0 || axis == -2, cols = axis == -3 || axis == 1 ||
                                                              axis == -1;
    return become(view(rows ? reversedSlice(loc) : sliceAll(loc),
                       cols ? reversedSlice(loc) : sliceAll(loc)));
  }
  if (function == "rot90") {
    int64_t k = 1;
    if (e.args.size() > positional + 1 || !intArgument(positional, "k", 1, k)) {
      error(e.loc(), shown + "'s k must be a constant int in llcc (each rotation is a view of "
                             "its own layout; axes= is not supported): write the rotations "
                             "out, np.rot90(w, 1), np.rot90(w, 2), ...");
      return -1;
    }
    switch (((k % 4) + 4) % 4) {
    case 0:
      return become(view(sliceAll(loc), sliceAll(loc)));
    case 1:
      return become(transposedView(reversedSlice(loc), sliceAll(loc)));
    case 2:
      return become(view(reversedSlice(loc), reversedSlice(loc)));
    default:
      return become(transposedView(sliceAll(loc), reversedSlice(loc)));
    }
  }
  // triu, tril, diag and trace write out every row: they need their number.
  auto runtimeRows = [&] {
    error(e.loc(), shown + " of an array whose number of rows is known only at run time "
                           "(reshape(-1, ...)) is not supported; give every dimension to "
                           "reshape");
    return -1;
  };
  if (function == "triu" || function == "tril") {
    int64_t k = 0;
    if (e.args.size() > positional + 1 || !intArgument(positional, "k", 0, k)) {
      error(e.loc(), shown + " takes a constant k in llcc (the mask is built when compiling)");
      return -1;
    }
    int64_t rows = array.shape->dims[0], cols = array.shape->dims[1];
    if (rows == RuntimeDim)
      return runtimeRows();
    // numpy's tri: j - i >= k kept by triu, j - i <= k by tril.
    std::vector<ExprPtr> maskRows;
    for (int64_t i = 0; i < rows; ++i) {
      std::vector<ExprPtr> row;
      for (int64_t j = 0; j < cols; ++j)
        row.push_back(
            std::make_unique<BoolLiteralExpr>(loc, function == "triu" ? j - i >= k : j - i <= k));
      maskRows.push_back(std::make_unique<ListExpr>(loc, std::move(row)));
    }
    std::vector<ExprPtr> maskArgs;
    maskArgs.push_back(std::make_unique<ListExpr>(loc, std::move(maskRows)));
    std::vector<ExprPtr> whereArgs;
    whereArgs.push_back(callOf(loc, numpyName("array"), std::move(maskArgs)));
    whereArgs.push_back(copyPure(&array));
    whereArgs.push_back(std::make_unique<IntLiteralExpr>(loc, 0));
    return become(callOf(loc, numpyName("where"), std::move(whereArgs)));
  }
  if (!copyPure(&array)) {
    // An expression not to be read twice (`np.trace(np.linalg.inv(m))`):
    // its diagonal is a strided slice of it raveled, once.
    int64_t offset = 0;
    if (e.args.size() > positional + 1 ||
        !intArgument(positional, function == "diag" ? "k" : "offset", 0, offset)) {
      error(e.loc(), shown + " takes a constant offset in llcc (axis1=, axis2= and dtype= are "
                             "not supported)");
      return -1;
    }
    int64_t rows = array.shape->dims[0], cols = array.shape->dims[1];
    if (rows == RuntimeDim)
      return runtimeRows();
    int64_t first = offset >= 0 ? 0 : -offset;
    int64_t length = std::min(rows - first, cols - (first + offset));
    if (length <= 0) {
      error(e.loc(), shown + " with this offset is empty; numpy gives an empty array (and a "
                             "trace of 0), which llcc does not build here");
      return -1;
    }
    int64_t start = first * cols + first + offset, step = cols + 1;
    ExprPtr &slot = method ? attr->value : e.args[0];
    SourceLoc at = slot->loc();
    ExprPtr flat = callOf(at, std::make_unique<AttributeExpr>(at, std::move(slot), "ravel"), {});
    ExprPtr diagonal = std::make_unique<SubscriptExpr>(
        loc, std::move(flat),
        std::make_unique<SliceExpr>(loc, intLiteral(loc, start),
                                    intLiteral(loc, start + (length - 1) * step + 1),
                                    intLiteral(loc, step)));
    if (function != "trace")
      return become(std::move(diagonal));
    e.callee = numpyName("sum");
    e.args.clear();
    e.args.push_back(std::move(diagonal));
    e.keywords.clear();
    return 1;
  }
  // diag, diagonal, trace: the elements w[i, i + offset], written out.
  int64_t offset = 0;
  const char *offsetName = function == "diag" ? "k" : "offset";
  if (e.args.size() > positional + 1 || !intArgument(positional, offsetName, 0, offset)) {
    error(e.loc(), shown + " takes a constant offset in llcc (axis1=, axis2= and dtype= are "
                           "not supported)");
    return -1;
  }
  int64_t rows = array.shape->dims[0], cols = array.shape->dims[1];
  if (rows == RuntimeDim)
    return runtimeRows();
  std::vector<ExprPtr> elements;
  for (int64_t i = 0; i < rows; ++i) {
    int64_t j = i + offset;
    if (j < 0 || j >= cols)
      continue;
    elements.push_back(std::make_unique<SubscriptExpr>(
        loc, copyPure(&array), pair(loc, intLiteral(loc, i), intLiteral(loc, j))));
  }
  if (elements.empty()) {
    error(e.loc(), shown + " with this offset is empty; numpy gives an empty array (and a "
                           "trace of 0), which llcc does not build here");
    return -1;
  }
  std::vector<ExprPtr> arrayArgs;
  arrayArgs.push_back(std::make_unique<ListExpr>(loc, std::move(elements)));
  ExprPtr diagonal = callOf(loc, numpyName("array"), std::move(arrayArgs));
  if (function != "trace")
    return become(std::move(diagonal));
  e.callee = numpyName("sum");
  e.args.clear();
  e.args.push_back(std::move(diagonal));
  e.keywords.clear();
  return 1;
}

} // namespace sema
} // namespace llcc
