//===- SemaGradient.cpp - np.gradient of 2-D arrays, by axis and unpacked ===//
//
// numpy's gradient of a 2-D array is one array per axis, each the 1-D
// gradient of every lane along that axis (function_base.py: central
// differences (f[2:] - f[:-2]) / 2.0 inside, (f[1] - f[0]) / 1.0 and
// (f[-1] - f[-2]) / 1.0 at the ends, ints converted to float64 first). llcc
// writes each out with calls it already compiles, so the values are the
// 1-D gradient's bit for bit:
//
//   gy, gx = np.gradient(w)        gy = np.gradient(w, axis=0)
//                                  gx = np.gradient(w, axis=1)
//   np.gradient(w, axis=0)         np.stack([(w[1] - w[0]) / 1.0,
//                                            (w[2] - w[0]) / 2.0, ...])
//   np.gradient(w, axis=1)         np.column_stack([(w[:, 1] - w[:, 0]) / 1.0, ...])
//   (rows known only at run time)  np.column_stack([np.gradient(w[:, 0]), ...])
//
// (ints are multiplied by 1.0 first, numpy's conversion to float64).
//
// The unpacking runs before typing (with the array stored in a hidden
// local unless it is a name); the axis form when typeOfCall meets it. A 2-D
// gradient neither unpacked nor given an axis (numpy's list of arrays) and
// a 3-D one are diagnostics saying what to write.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>
#include <cstdlib>

namespace llcc {
namespace sema {


namespace {

/// The hidden keyword of an unpacked gradient's parts.
const char *const UnpackedKeyword = "_llcc_unpacked";

/// `a[i]` (a row) or `a[:, j]` (a column) of a copy of `a`.
ExprPtr lane(const Expr &array, bool column, int64_t k) {
  return alongAxis(array, column, intLiteral(array.loc(), k));
}

int64_t *axisKeyword(CallExpr &e, int64_t &storage, bool &present, bool &constant) {
  present = constant = false;
  for (const KeywordArg &k : e.keywords)
    if (k.name == "axis") {
      present = true;
      constant = intConstant(k.value.get(), storage);
      return &storage;
    }
  return nullptr;
}

} // namespace

bool Sema::isGradientCall(const CallExpr &call) { return callsNumpy(call, "gradient"); }

size_t Sema::expandGradientUnpacking(Block &block, size_t i) {
  Stmt &st = *block[i];
  auto &assign = cast<AssignStmt>(st);
  auto &targets = cast<TupleExpr>(*assign.targets[0]);
  auto &call = cast<CallExpr>(*assign.value);
  std::vector<StmtPtr> expanded;
  SourceLoc loc = call.loc();
  // The array, read once per axis: itself when it is a name that the
  // unpacking does not rebind, else a hidden local it is first stored in.
  std::string arrayName;
  auto *n = dyn_cast<NameExpr>(call.args[0].get());
  bool rebound = false;
  for (const ExprPtr &t : targets.elements)
    if (auto *tn = dyn_cast<NameExpr>(t.get()); tn && n && tn->name == n->name)
      rebound = true;
  if (n && !rebound) {
    arrayName = n->name;
  } else {
    arrayName = "_llcc_gradient_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
    std::vector<ExprPtr> target;
    target.push_back(std::make_unique<NameExpr>(loc, arrayName));
    expanded.push_back(
        std::make_unique<AssignStmt>(st.loc(), std::move(target), std::move(call.args[0])));
  }
  size_t parts = targets.elements.size();
  // numpy's spacing: none, one number for every axis, or one per axis
  // (gy, gx = np.gradient(w, dy, dx)), each stored in a hidden local first
  // unless it is a name or a constant (evaluated in order, after the
  // array). Another count is left on every part, whose typing reports it.
  std::vector<std::string> spacingNames;
  size_t spacings = call.args.size() - 1;
  for (size_t s = 1; s <= spacings; ++s) {
    ExprPtr &sp = call.args[s];
    if (isa<NameExpr>(sp.get()) || isa<FloatLiteralExpr>(sp.get()) ||
        isa<IntLiteralExpr>(sp.get())) {
      spacingNames.emplace_back();
      continue;
    }
    SourceLoc sloc = sp->loc();
    spacingNames.push_back("_llcc_gradient_" + std::to_string(sloc.line) + "_" +
                           std::to_string(sloc.col));
    std::vector<ExprPtr> target;
    target.push_back(std::make_unique<NameExpr>(sloc, spacingNames.back()));
    expanded.push_back(std::make_unique<AssignStmt>(st.loc(), std::move(target), std::move(sp)));
    sp = std::make_unique<NameExpr>(sloc, spacingNames.back());
  }
  for (size_t k = 0; k < parts; ++k) {
    std::vector<ExprPtr> args;
    args.push_back(std::make_unique<NameExpr>(loc, arrayName));
    if (spacings == 1 || spacings == parts)
      args.push_back(copyPure(call.args[spacings == 1 ? 1 : 1 + k].get()));
    else
      for (size_t s = 1; s <= spacings; ++s)
        args.push_back(copyPure(call.args[s].get()));
    std::vector<KeywordArg> keywords;
    keywords.push_back(KeywordArg{loc, "axis", intLiteral(loc, static_cast<int64_t>(k))});
    // How many names the array was unpacked into, for the typing's checks.
    keywords.push_back(
        KeywordArg{loc, UnpackedKeyword, intLiteral(loc, static_cast<int64_t>(parts))});
    for (const KeywordArg &kw : call.keywords) // edge_order
      keywords.push_back(KeywordArg{kw.loc, kw.name, copyPure(kw.value.get())});
    auto part = std::make_unique<CallExpr>(loc, copyPure(call.callee.get()), std::move(args),
                                           std::move(keywords));
    std::vector<ExprPtr> target;
    target.push_back(std::move(targets.elements[k]));
    expanded.push_back(std::make_unique<AssignStmt>(st.loc(), std::move(target), std::move(part)));
  }
  size_t added = expanded.size();
  block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
  block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
               std::make_move_iterator(expanded.begin()), std::make_move_iterator(expanded.end()));
  return added;
}

int Sema::expandGradientAxis(CallExpr &e) {
  if (e.args.empty() || !isGradientCall(e))
    return 0;
  // edge_order: numpy's 1 (one-sided first differences at the ends, the
  // default) or 2 (second-order ones); a constant, kept as an int literal
  // for the 1-D library function.
  int64_t edgeOrder = 1;
  for (KeywordArg &k : e.keywords) {
    if (k.name != "edge_order")
      continue;
    if (!intConstant(k.value.get(), edgeOrder) || (edgeOrder != 1 && edgeOrder != 2)) {
      typeOf(*k.value);
      error(k.value->loc(), "np.gradient's edge_order must be the constant 1 or 2 (numpy's "
                            "one-sided first or second differences at the ends)");
      return -1;
    }
    k.value = intLiteral(k.value->loc(), edgeOrder);
  }
  size_t parts = 0;
  for (const KeywordArg &k : e.keywords) {
    int64_t n = 0;
    if (k.name == UnpackedKeyword && intConstant(k.value.get(), n))
      parts = static_cast<size_t>(n);
    else if (k.name != "axis" && k.name != "edge_order")
      return 0; // typed as written: the keyword's error says what is wrong
  }
  // The spacing: one number for every axis (numpy's *varargs of one
  // scalar); the unpacking gives each axis its own.
  Expr *spacing = e.args.size() == 2 ? e.args[1].get() : nullptr;
  if (e.args.size() > 2 && parts) {
    error(e.args[1]->loc(), "np.gradient takes one spacing, or one per axis (" +
                                std::to_string(parts) +
                                " here): numpy raises TypeError "
                                "(invalid number of arguments)");
    return -1;
  }
  if (e.args.size() > 2)
    return 0; // the library binding's error: one spacing per call
  if (spacing) {
    Type st = typeOf(*spacing);
    if (st == Type::Unknown)
      return -1;
    if (!isNumeric(st) || st == Type::Bool) {
      error(spacing->loc(), "np.gradient's spacing must be a number in llcc (a uniform step); "
                            "coordinates (an array of positions) are not supported");
      return -1;
    }
  }
  int64_t axisValue = 0;
  bool present, constant;
  axisKeyword(e, axisValue, present, constant);
  Expr &array = *e.args[0];
  Type t = typeOf(array);
  if (t == Type::Unknown)
    return -1; // a helper's parameter not typed yet: the call waits, unchanged
  if (!isNdarray(t))
    return 0; // typed as written: its errors say what is wrong
  size_t ndim = array.shape && !array.shape->dims.empty() ? array.shape->dims.size() : 1;
  std::string shown = "np.gradient";
  if (t == Type::BoolArray) {
    // numpy converts ints to float64 but not bools, and its bool subtract
    // raises.
    error(e.loc(), shown + " of a boolean array raises TypeError in numpy (numpy boolean "
                           "subtract is not supported); convert it first: np.gradient(m.astype("
                           "int))");
    return -1;
  }
  if (present && !constant) {
    error(e.loc(), shown + "'s axis= must be a constant int in llcc");
    return -1;
  }
  if (parts && parts != ndim) {
    if (axisValue == 0) // reported once, at the first name's part
      error(e.loc(), shown + " of a " + std::to_string(ndim) + "-D array gives " +
                       (ndim == 1 ? std::string("one array") : std::to_string(ndim) + " arrays") +
                       ", but " + std::to_string(parts) + " names are unpacked" +
                       (ndim == 1 ? "; to unpack its elements write g = np.gradient(x) first"
                                  : " (numpy raises ValueError)"));
    return -1;
  }
  if (present && (axisValue < -static_cast<int64_t>(ndim) ||
                  axisValue >= static_cast<int64_t>(ndim))) {
    error(e.loc(), "axis " + std::to_string(axisValue) + " is out of bounds for an array of " +
                       "dimension " + std::to_string(ndim) + " (numpy's AxisError)");
    return -1;
  }
  if (ndim == 1) {
    // np.gradient(v, axis=0) of a vector is np.gradient(v).
    e.keywords.erase(std::remove_if(e.keywords.begin(), e.keywords.end(),
                                    [](const KeywordArg &k) { return k.name != "edge_order"; }),
                     e.keywords.end());
    return 0;
  }
  e.keywords.erase(std::remove_if(e.keywords.begin(), e.keywords.end(),
                                  [](const KeywordArg &k) { return k.name == UnpackedKeyword; }),
                   e.keywords.end());
  if (ndim > 2) {
    error(e.loc(), shown + " of a 3-D array is not supported in llcc; apply it to 2-D slices "
                           "(np.gradient(w[k], axis=1)) or to a row or column");
    return -1;
  }
  if (!present) {
    error(e.loc(), shown + " of a 2-D array gives one array per axis (a list in numpy), "
                           "which llcc has as two arrays: unpack it (gy, gx = np.gradient(w)) or "
                           "take one axis (np.gradient(w, axis=1))");
    return -1;
  }
  if (!copyPure(&array)) {
    error(array.loc(), shown + "(..., axis=) of this expression is not supported in llcc; "
                               "assign the array to a name first (g = ...; np.gradient(g, "
                               "axis=0))");
    return -1;
  }
  if (spacing && !copyPure(spacing)) {
    error(spacing->loc(), shown + "'s spacing of a 2-D array must be a name or a constant in "
                                  "llcc (each lane reads it); assign it to a name first");
    return -1;
  }
  // The keywords every 1-D or transposed gradient written below takes on.
  auto passOn = [&](std::vector<ExprPtr> &args, std::vector<KeywordArg> &keywords) {
    if (spacing)
      args.push_back(copyPure(spacing));
    if (edgeOrder != 1)
      keywords.push_back(KeywordArg{e.loc(), "edge_order", intLiteral(e.loc(), edgeOrder)});
  };
  int64_t rows = array.shape->dims[0], cols = array.shape->dims[1];
  bool alongRows = axisValue == 0 || axisValue == -2; // differences down each column
  const std::vector<int64_t> &strides = array.shape->strides;
  if (strides.size() == 2 && rows != RuntimeDim && cols != RuntimeDim &&
      std::llabs(strides[0]) < std::llabs(strides[1])) {
    // numpy's result is empty_like(f): column-major for a column-major f
    // (w.T), which fixes the order in which a later whole-array sum adds
    // its elements. The same values are the transpose of the gradient of
    // f.T along the other axis, a row-major array: its .T is numpy's layout.
    SourceLoc loc = e.loc();
    std::vector<ExprPtr> args;
    args.push_back(std::make_unique<AttributeExpr>(loc, copyPure(&array), "T"));
    std::vector<KeywordArg> keywords;
    keywords.push_back(KeywordArg{loc, "axis", intLiteral(loc, alongRows ? 1 : 0)});
    passOn(args, keywords);
    auto inner = std::make_unique<CallExpr>(loc, copyPure(e.callee.get()), std::move(args),
                                            std::move(keywords));
    becomeView(e, std::make_unique<AttributeExpr>(loc, std::move(inner), "T"));
    return 1;
  }
  int64_t length = alongRows ? rows : cols;
  if (cols == RuntimeDim) {
    // A block (values.reshape(-1, n)): no lane count to write out.
    error(e.loc(), shown + " of a 2-D array whose columns are known only at run time (values."
                           "reshape(-1, n)) is not supported in llcc; give the columns as a "
                           "constant or take the gradient of each row or column");
    return -1;
  }
  if (length != RuntimeDim && length < edgeOrder + 1) {
    error(e.loc(), shown + " along an axis of length " + std::to_string(length) +
                       " always raises ValueError in numpy (at least (edge_order + 1) = " +
                       std::to_string(edgeOrder + 1) + " elements are required)");
    return -1;
  }
  SourceLoc loc = e.loc();
  std::vector<ExprPtr> pieces;
  const char *stacker = "column_stack";
  if (length == RuntimeDim) {
    // Rows known only at run time: each column's 1-D gradient (which
    // raises numpy's ValueError for fewer than 2 rows).
    for (int64_t k = 0; k < cols; ++k) {
      std::vector<ExprPtr> args;
      args.push_back(lane(array, true, k));
      std::vector<KeywordArg> keywords;
      passOn(args, keywords);
      pieces.push_back(std::make_unique<CallExpr>(loc, copyPure(e.callee.get()), std::move(args),
                                                  std::move(keywords)));
    }
  } else {
    // Every lane of the result at once, from the array's rows (axis 0) or
    // columns (axis 1) as numpy's slices compute it, so that the result
    // keeps the array's shape.
    bool ints = t == Type::IntArray;
    auto at = [&](int64_t k) -> ExprPtr {
      ExprPtr x = lane(array, !alongRows, k);
      if (!ints)
        return x;
      return std::make_unique<BinaryExpr>(loc, BinaryOp::Mul, std::move(x),
                                          std::make_unique<FloatLiteralExpr>(loc, 1.0));
    };
    auto number = [&](double v) -> ExprPtr { return std::make_unique<FloatLiteralExpr>(loc, v); };
    auto binary = [&](BinaryOp op, ExprPtr x, ExprPtr y) -> ExprPtr {
      return std::make_unique<BinaryExpr>(loc, op, std::move(x), std::move(y));
    };
    // numpy's coefficient `v / spacing` (v itself for the default 1.0).
    auto over = [&](double v) -> ExprPtr {
      return spacing ? binary(BinaryOp::Div, number(v), copyPure(spacing)) : number(v);
    };
    for (int64_t k = 0; k < length; ++k) {
      bool first = k == 0, last = k == length - 1;
      if (edgeOrder == 2 && (first || last)) {
        // a * f[0] + b * f[1] + c * f[2] (and f[-3], f[-2], f[-1] at the
        // end), added left to right as numpy's expression.
        double a = first ? -1.5 : 0.5, b = first ? 2.0 : -2.0, c = first ? -0.5 : 1.5;
        int64_t at0 = first ? 0 : length - 3;
        ExprPtr sum = binary(BinaryOp::Add, binary(BinaryOp::Mul, over(a), at(at0)),
                             binary(BinaryOp::Mul, over(b), at(at0 + 1)));
        pieces.push_back(
            binary(BinaryOp::Add, std::move(sum), binary(BinaryOp::Mul, over(c), at(at0 + 2))));
        continue;
      }
      int64_t hi = last ? k : k + 1, lo = first ? 0 : k - 1;
      auto diff = binary(BinaryOp::Sub, at(hi), at(lo));
      // (f[k+1] - f[k-1]) / (2.0 * spacing) inside, / spacing at the ends.
      ExprPtr step = first || last ? (spacing ? copyPure(spacing) : number(1.0))
                     : spacing     ? binary(BinaryOp::Mul, number(2.0), copyPure(spacing))
                                   : number(2.0);
      pieces.push_back(binary(BinaryOp::Div, std::move(diff), std::move(step)));
    }
    if (alongRows)
      stacker = "stack";
  }
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  std::string alias = attr ? cast<NameExpr>(*attr->value).name : numpyAlias();
  becomeDisplayCall(e, alias, stacker, std::move(pieces));
  return 1;
}

} // namespace sema
} // namespace llcc
