//===- SemaPad.cpp - np.pad of windows, element by element ------------------===//
//
// np.pad(w, pad_width, mode) of a 2-D array whose shape is known when
// compiling (a window), with constant widths: every element of the result
// is an element of w or the constant, so the call becomes the new array
// written out, np.array([[w[1, 0], w[0, 0], ...], ...]). The index each
// output position reads is numpy 1.24's own (arraypad.py), replayed here on
// the indices of each axis: numpy pads axis by axis, so position (i, j)
// reads w[rows[i], cols[j]] (or the constant where either is outside).
// 'reflect', 'symmetric' and 'wrap' with widths beyond the array's length
// repeat numpy's iterations, whose chunks grow with the area already padded
// (np.pad([0, 1], (1, 3), 'wrap') is [1, 0, 1, 0, 1, 1]).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

namespace llcc {
namespace sema {

namespace {

const char *const PadModes[] = {"constant", "edge", "reflect", "symmetric", "wrap"};

/// numpy's padded index map of one axis of length n: the original index at
/// each of the n + a + b positions, -1 for the constant.
std::vector<int64_t> padIndices(const std::string &mode, int64_t n, int64_t a, int64_t b) {
  int64_t total = n + a + b;
  std::vector<int64_t> p(static_cast<size_t>(total), -1);
  for (int64_t i = 0; i < n; ++i)
    p[a + i] = i;
  if (mode == "constant")
    return p;
  if (mode == "edge" || ((mode == "reflect" || mode == "symmetric") && n == 1)) {
    // (numpy extends a singleton axis by its edge for reflect, as legacy)
    for (int64_t i = 0; i < total; ++i)
      p[i] = std::min(std::max(i - a, int64_t(0)), n - 1);
    return p;
  }
  int64_t left = a, right = b;
  if (mode == "wrap") {
    // _set_wrap_both, until both pad areas are filled.
    while (left > 0 || right > 0) {
      int64_t period = total - right - left, newLeft = 0, newRight = 0;
      if (left > 0) {
        int64_t m = std::min(period, left);
        std::vector<int64_t> chunk(p.begin() + (total - right - m), p.begin() + (total - right));
        int64_t at = left > period ? left - period : 0;
        std::copy(chunk.begin(), chunk.end(), p.begin() + at);
        newLeft = left > period ? left - period : 0;
      }
      if (right > 0) {
        int64_t m = std::min(period, right);
        std::vector<int64_t> chunk(p.begin() + left, p.begin() + left + m);
        std::copy(chunk.begin(), chunk.end(), p.begin() + (total - right));
        newRight = right > period ? right - period : 0;
      }
      left = newLeft;
      right = newRight;
    }
    return p;
  }
  // _set_reflect_both: symmetric includes the edge, reflect does not.
  bool edge = mode == "symmetric";
  int64_t offset = edge ? 1 : 0;
  while (left > 0 || right > 0) {
    int64_t old = total - right - left - (edge ? 0 : 1);
    if (left > 0) {
      int64_t chunk = std::min(old, left);
      int64_t stop = left - offset;
      for (int64_t k = 0; k < chunk; ++k) // padded[stop + chunk : stop : -1]
        p[left - chunk + k] = p[stop + chunk - k];
      left -= chunk;
    }
    if (right > 0) {
      int64_t chunk = std::min(old, right);
      int64_t start = total - right + offset - 2, at = total - right;
      for (int64_t k = 0; k < chunk; ++k) // padded[start : start - chunk : -1]
        p[at + k] = p[start - k];
      right -= chunk;
    }
  }
  return p;
}

/// The (before, after) widths of each of `dims` axes from numpy's forms: k,
/// (k,), (a, b), ((a, b),), ((a, b), (c, d)); false unless constant.
bool padWidths(const Expr &spec, size_t dims, std::vector<std::pair<int64_t, int64_t>> &out) {
  int64_t k;
  if (intConstant(&spec, k)) {
    out.assign(dims, {k, k});
    return true;
  }
  auto *t = dyn_cast<TupleExpr>(&spec);
  if (!t || t->elements.empty())
    return false;
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (auto &el : t->elements) {
    if (auto *inner = dyn_cast<TupleExpr>(el.get())) {
      int64_t a, b;
      if (inner->elements.size() == 1 && intConstant(inner->elements[0].get(), a))
        pairs.push_back({a, a});
      else if (inner->elements.size() == 2 && intConstant(inner->elements[0].get(), a) &&
               intConstant(inner->elements[1].get(), b))
        pairs.push_back({a, b});
      else
        return false;
    } else if (intConstant(el.get(), k)) {
      pairs.push_back({k, k});
    } else {
      return false;
    }
  }
  bool flat = !isa<TupleExpr>(t->elements[0].get());
  if (flat) {
    // (a,) or (a, b): the same pair for every axis.
    if (pairs.size() == 2)
      pairs = {{pairs[0].first, pairs[1].first}};
    if (pairs.size() != 1)
      return false;
  }
  if (pairs.size() == 1)
    pairs.assign(dims, pairs[0]);
  if (pairs.size() != dims)
    return false;
  out = pairs;
  return true;
}

} // namespace

int Sema::expandPad(CallExpr &e) {
  if (!callsNumpy(e, "pad"))
    return 0;
  Expr *array = e.args.empty() ? nullptr : e.args[0].get();
  Expr *width = e.args.size() > 1 ? e.args[1].get() : nullptr;
  Expr *mode = e.args.size() > 2 ? e.args[2].get() : nullptr;
  Expr *constant = nullptr;
  bool ok = e.args.size() >= 1 && e.args.size() <= 3;
  for (const KeywordArg &k : e.keywords) {
    if (k.name == "pad_width" && !width)
      width = k.value.get();
    else if (k.name == "mode" && !mode)
      mode = k.value.get();
    else if (k.name == "constant_values" && !constant)
      constant = k.value.get();
    else
      ok = false;
  }
  Type t = array ? typeOf(*e.args[0]) : Type::Unknown;
  if (t == Type::Unknown && ok && array)
    return 2;
  Type ct = constant ? typeOf(*constant) : Type::Int;
  if (ct == Type::Unknown)
    return 2;
  std::string modeName = "constant";
  if (auto *s = mode ? dyn_cast<StringLiteralExpr>(mode) : nullptr)
    modeName = s->value;
  else if (mode)
    ok = false;
  ok = ok && std::find(std::begin(PadModes), std::end(PadModes), modeName) != std::end(PadModes);
  ok = ok && (!constant || modeName == "constant");
  // The array: a 2-D float or int array of a known shape, read again per
  // element (copyPure).
  ok = ok && width && (t == Type::FloatArray || t == Type::IntArray) && isWindow(*array) &&
       array->shape->dims.size() == 2 && copyPure(array);
  std::vector<std::pair<int64_t, int64_t>> widths;
  ok = ok && padWidths(*width, 2, widths);
  // The constant: a number (numpy casts it to the array's dtype; an int
  // array takes ints only here), read once per padded element.
  ok = ok && (!constant ||
              (isNumeric(ct) && ct != Type::Bool && (t == Type::FloatArray || isIntegral(ct))));
  int64_t total = 1;
  if (ok) {
    for (size_t axis = 0; axis < 2; ++axis) {
      int64_t n = array->shape->dims[axis];
      auto [a, b] = widths[axis];
      ok = ok && n != RuntimeDim && n > 0 && a >= 0 && b >= 0 && a <= 4096 && b <= 4096;
      total *= ok ? n + a + b : 1;
    }
    ok = ok && total <= 4096;
  }
  if (!ok) {
    error(e.loc(), "np.pad is supported in llcc for a 2-D float or int array of a shape known "
                   "when compiling (a window), constant widths (k, (before, after) or ((top, "
                   "bottom), (left, right))), mode 'constant' (with one number "
                   "constant_values=), 'edge', 'reflect', 'symmetric' or 'wrap', and at most "
                   "4096 elements");
    return -1;
  }
  SourceLoc loc = e.loc();
  std::vector<int64_t> rows =
      padIndices(modeName, array->shape->dims[0], widths[0].first, widths[0].second);
  std::vector<int64_t> cols =
      padIndices(modeName, array->shape->dims[1], widths[1].first, widths[1].second);
  // The constant's places hold 0 (numpy's default); constant_values=c is
  // evaluated once, np.where(kept, padded, c), with c cast to the dtype.
  auto zero = [&]() -> ExprPtr {
    if (t == Type::IntArray)
      return std::make_unique<IntLiteralExpr>(loc, 0);
    return std::make_unique<FloatLiteralExpr>(loc, 0.0);
  };
  std::vector<ExprPtr> rowLists, maskLists;
  for (int64_t i : rows) {
    std::vector<ExprPtr> row, mask;
    for (int64_t j : cols) {
      mask.push_back(std::make_unique<BoolLiteralExpr>(loc, i >= 0 && j >= 0));
      if (i < 0 || j < 0) {
        row.push_back(zero());
        continue;
      }
      std::vector<ExprPtr> index;
      index.push_back(std::make_unique<IntLiteralExpr>(loc, i));
      index.push_back(std::make_unique<IntLiteralExpr>(loc, j));
      row.push_back(std::make_unique<SubscriptExpr>(
          loc, copyPure(array), std::make_unique<TupleExpr>(loc, std::move(index))));
    }
    rowLists.push_back(std::make_unique<ListExpr>(loc, std::move(row)));
    maskLists.push_back(std::make_unique<ListExpr>(loc, std::move(mask)));
  }
  std::string alias = numpyAlias();
  auto numpyCall = [&](const char *function, std::vector<ExprPtr> args) -> ExprPtr {
    return std::make_unique<CallExpr>(
        loc, std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, alias), function),
        std::move(args), std::vector<KeywordArg>{});
  };
  std::vector<ExprPtr> arrayArgs;
  arrayArgs.push_back(std::make_unique<ListExpr>(loc, std::move(rowLists)));
  ExprPtr padded = numpyCall("array", std::move(arrayArgs));
  if (constant) {
    std::vector<ExprPtr> maskArgs, whereArgs, cast;
    maskArgs.push_back(std::make_unique<ListExpr>(loc, std::move(maskLists)));
    whereArgs.push_back(numpyCall("array", std::move(maskArgs)));
    whereArgs.push_back(std::move(padded));
    ExprPtr c;
    for (KeywordArg &k : e.keywords)
      if (k.name == "constant_values")
        c = std::move(k.value);
    if (t == Type::FloatArray) {
      cast.push_back(std::move(c));
      c = std::make_unique<CallExpr>(loc, std::make_unique<NameExpr>(loc, "float"), std::move(cast),
                                     std::vector<KeywordArg>{});
    }
    whereArgs.push_back(std::move(c));
    padded = numpyCall("where", std::move(whereArgs));
  }
  becomeView(e, std::move(padded));
  return 1;
}

} // namespace sema
} // namespace llcc
