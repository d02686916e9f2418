//===- Window.cpp - Shapes and subscripts of windows ------------------------===//
//
// The compile-time half of windows (see Window.h): making shapes, and the
// plan of a subscript (`w[1:-1, j]`): which dimensions an int index drops,
// and each slice's start, extent and step, computed with Python's slice
// rules when the dimension's extent is static; and the memory layout numpy
// gives arrays computed from windows (numpyLayout), which decides the
// order their sums add in.
//
//===----------------------------------------------------------------------===//
#include "Window.h"

#include <llvm/Support/Casting.h>

#include <algorithm>
#include <cstdlib>

namespace llcc {

using llvm::dyn_cast;
using llvm::dyn_cast_or_null;
using llvm::isa;

namespace {

/// An int literal, possibly negated; a missing part or None is `dflt`.
bool constantPart(const Expr *e, int64_t &value, bool &missing) {
  missing = !e || isa<NoneLiteralExpr>(e);
  if (missing)
    return true;
  if (auto *lit = dyn_cast<IntLiteralExpr>(e)) {
    value = lit->value;
    return !lit->overflow;
  }
  if (auto *u = dyn_cast<UnaryExpr>(e))
    if (u->op == UnaryExpr::Op::Neg || u->op == UnaryExpr::Op::Pos) {
      bool inner;
      if (constantPart(u->operand.get(), value, inner) && !inner) {
        if (u->op == UnaryExpr::Op::Neg)
          value = -value;
        return true;
      }
    }
  return false;
}

/// Python's slice.indices(n) for constant parts: the first index and the
/// number of elements.
void sliceIndices(bool hasStart, int64_t start, bool hasStop, int64_t stop, int64_t step,
                  int64_t n, int64_t &first, int64_t &count) {
  bool up = step > 0;
  int64_t lo = up ? 0 : -1, hi = up ? n : n - 1;
  auto clamp = [&](int64_t v) {
    if (v < 0) {
      v += n;
      return v < lo ? lo : v;
    }
    return v > hi ? hi : v;
  };
  int64_t s = hasStart ? clamp(start) : (up ? 0 : n - 1);
  int64_t e = hasStop ? clamp(stop) : (up ? n : -1);
  int64_t dist = up ? e - s : s - e;
  int64_t mag = up ? step : -step;
  count = dist > 0 ? (dist - 1) / mag + 1 : 0;
  first = count > 0 ? s : 0;
}

} // namespace

ShapeRef makeWindowShape(std::vector<int64_t> dims, std::vector<int64_t> strides) {
  auto s = std::make_shared<Shape>();
  if (strides == contiguousStrides(dims))
    strides.clear();
  s->dims = std::move(dims);
  s->strides = std::move(strides);
  return s;
}

bool isAxisReductionOp(const std::string &op) {
  static const char *const AxisReductions[] = {"sum", "mean", "var", "std", "min", "max", "prod"};
  for (const char *r : AxisReductions)
    if (op == r)
      return true;
  return false;
}

ShapeRef makeBlockShape(std::vector<int64_t> strides) {
  auto s = std::make_shared<Shape>();
  s->dims = {RuntimeDim, RuntimeDim};
  s->strides = std::move(strides); // never cleared: empty means C-contiguous
  return s;
}

ShapeRef makeVectorShape(int64_t n) {
  if (n == RuntimeDim)
    return nullptr;
  auto s = std::make_shared<Shape>();
  s->dims = {n};
  return s;
}

std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &dims) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (size_t k = dims.size(); k-- > 1;)
    strides[k - 1] = strides[k] * dims[k];
  return strides;
}

const char *const RuntimeTransposeMessage =
    "transposing a 2-D array whose number of rows is known only at run time "
    "(reshape(-1, k), np.zeros((n, n)) of a parameter n) is not supported; give its rows as a "
    "constant";

ShapeRef transposedWindowShape(const Shape &s) {
  std::vector<int64_t> dims = s.dims;
  std::vector<int64_t> strides = windowStrides(s);
  if (dims[0] == RuntimeDim)
    return nullptr;
  std::reverse(dims.begin(), dims.end());
  std::reverse(strides.begin(), strides.end());
  return makeWindowShape(dims, strides);
}

std::vector<int64_t> windowStrides(const Shape &s) {
  return s.strides.empty() ? contiguousStrides(s.dims) : s.strides;
}

int64_t staticProduct(const std::vector<int64_t> &dims, size_t from) {
  int64_t p = 1;
  for (size_t k = from; k < dims.size(); ++k)
    p *= dims[k];
  return p;
}

std::string numpyShapeText(const std::vector<int64_t> &dims) {
  std::string text = "(";
  for (size_t k = 0; k < dims.size(); ++k)
    text += (k ? "," : "") + std::to_string(dims[k]);
  return text + (dims.size() == 1 ? ",)" : ")");
}

std::string numpyReshapeText(const std::vector<int64_t> &dims) {
  // numpy's convert_shape_to_string: leading unknown (negative) dimensions
  // are left out, later ones are "newaxis"; ",)" closes a shape of one.
  size_t k = 0;
  while (k < dims.size() && dims[k] < 0)
    ++k;
  if (k == dims.size())
    return "()";
  std::string text = "(" + std::to_string(dims[k]);
  for (++k; k < dims.size(); ++k)
    text += dims[k] < 0 ? std::string(",newaxis") : "," + std::to_string(dims[k]);
  return text + (dims.size() == 1 ? ",)" : ")");
}

/// The strides numpy gives a new array computed elementwise from operands
/// with these strides (0 where an operand broadcasts): the dimensions
/// ordered by the operands' strides, C order winning any disagreement
/// (NpyIter's npyiter_find_best_axis_ordering), then laid out densely.
std::vector<int64_t> numpyLayout(const std::vector<int64_t> &dims,
                                 const std::vector<std::vector<int64_t>> &operands) {
  size_t rank = dims.size();
  // perm[0] is the innermost dimension, as NpyIter keeps them.
  std::vector<size_t> perm;
  for (size_t k = rank; k-- > 0;)
    perm.push_back(k);
  for (size_t i0 = 1; i0 < rank; ++i0) {
    size_t pos = i0, a0 = perm[i0];
    for (size_t i1 = i0; i1-- > 0;) {
      size_t a1 = perm[i1];
      bool ambiguous = true, swap = false;
      for (const auto &s : operands) {
        if (s[a0] == 0 || s[a1] == 0)
          continue;
        if (std::abs(s[a1]) <= std::abs(s[a0]))
          swap = false;
        else if (ambiguous)
          swap = true;
        ambiguous = false;
      }
      if (ambiguous)
        continue;
      if (!swap)
        break;
      pos = i1;
    }
    perm.erase(perm.begin() + i0);
    perm.insert(perm.begin() + pos, a0);
  }
  std::vector<int64_t> strides(rank);
  int64_t step = 1;
  for (size_t a : perm) {
    strides[a] = step;
    step *= dims[a] == RuntimeDim ? 1 : dims[a];
  }
  return strides;
}

std::string pythonShapeText(const std::vector<int64_t> &dims) {
  std::string t = "(";
  for (size_t k = 0; k < dims.size(); ++k)
    t += (k ? ", " : "") + (dims[k] == RuntimeDim ? std::string("n") : std::to_string(dims[k]));
  return t + (dims.size() == 1 ? ",)" : ")");
}

WindowIndexing planWindowIndex(const Shape &base, const Expr &index) {
  WindowIndexing plan;
  std::vector<const Expr *> parts;
  if (auto *t = dyn_cast<TupleExpr>(&index))
    for (auto &el : t->elements)
      parts.push_back(el.get());
  else
    parts.push_back(&index);
  std::vector<int64_t> strides = windowStrides(base);
  size_t rank = base.dims.size();
  // A new block's row step is its run-time column count: a slice of it
  // keeps that step at run time (isRowStepBlock).
  bool newBlock = isBlockShape(base) && (base.strides.empty() || base.strides[0] == RuntimeDim);
  if (newBlock)
    strides = {RuntimeDim, base.strides.empty() ? 1 : base.strides[1]};
  // numpy's `...` stands for as many full slices as the other parts leave
  // (w[..., 0] is w[:, 0]); a null part is a full slice below.
  std::vector<const Expr *> expanded;
  bool ellipsis = false;
  for (const Expr *part : parts) {
    auto *name = dyn_cast<NameExpr>(part);
    if (!name || name->name != "...") {
      expanded.push_back(part);
      continue;
    }
    if (ellipsis) {
      plan.error = "an index can only have a single ellipsis ('...')";
      plan.errorLoc = name->loc();
      return plan;
    }
    ellipsis = true;
    size_t others = parts.size() - 1;
    expanded.insert(expanded.end(), rank > others ? rank - others : 0, nullptr);
  }
  parts = std::move(expanded);
  if (parts.size() > rank) {
    plan.error = "too many indices for a " + std::to_string(rank) + "-dimensional array";
    plan.errorLoc = index.loc();
    return plan;
  }
  for (size_t k = 0; k < rank; ++k) {
    WindowAxis axis;
    int64_t n = base.dims[k];
    const Expr *part = k < parts.size() ? parts[k] : nullptr;
    if (part && !isa<SliceExpr>(part)) {
      axis.kind = WindowAxis::Kind::Index;
      axis.index = part;
      plan.axes.push_back(axis);
      continue;
    }
    auto *slice = dyn_cast_or_null<SliceExpr>(part);
    int64_t start = 0, stop = 0, step = 1;
    bool noStart = true, noStop = true, noStep = true;
    bool constant = !slice || (constantPart(slice->start.get(), start, noStart) &&
                               constantPart(slice->stop.get(), stop, noStop) &&
                               constantPart(slice->step.get(), step, noStep));
    if (noStep)
      step = 1;
    // Run-time bounds: the slice's extent is then known only at run time.
    // A window keeps one such extent, its first (from its element count,
    // as for reshape(-1, 5)); a 2-D result with another is a block (both
    // extents carried in the value: isBlockShape). So a 3-D array takes
    // them only on the slice that gives the result's first dimension
    // (every axis before it an int index). The step must be constant, so
    // the strides stay compile-time constants.
    bool runtimeBounds = false;
    if (!constant) {
      bool constantStep = constantPart(slice->step.get(), step, noStep);
      if (noStep)
        step = 1;
      if (!constantStep || (rank > 2 && !plan.dims.empty())) {
        plan.error = !constantStep
                         ? "the step of a slice of a 2-D array must be a constant, as in "
                           "w[i:i + 3:2]"
                         : "only the first sliced dimension of a 3-D array may have bounds "
                           "known only at run time (c[i:i + 2, 1:, :2], c[i, j:j + 2]); "
                           "slice a 2-D plane first (c[k][i:i + 2, j:j + 2])";
        plan.errorLoc = part->loc();
        return plan;
      }
      runtimeBounds = true;
    }
    if (step == 0) {
      plan.error = "slice step cannot be zero";
      plan.errorLoc = part->loc();
      return plan;
    }
    axis.step = step;
    if (n == RuntimeDim || runtimeBounds) {
      axis.slice = slice; // bounds applied at run time; none: all of it
      axis.extent = RuntimeDim;
      plan.dims.push_back(RuntimeDim);
    } else {
      sliceIndices(!noStart, start, !noStop, stop, step, n, axis.start, axis.extent);
      plan.dims.push_back(axis.extent);
    }
    plan.strides.push_back(strides[k] == RuntimeDim ? RuntimeDim : strides[k] * step);
    plan.axes.push_back(axis);
  }
  if (plan.dims.size() == 2 && plan.dims[1] == RuntimeDim) {
    // A block. Its rows and columns follow each other in memory in the
    // order C order walks them (what its sums and new arrays assume), and a
    // block that is a new array (no strides) has strides known only at run
    // time, which a view of it cannot keep.
    plan.dims[0] = RuntimeDim;
    if (newBlock) {
      // A view of a new block: rows a run-time step apart (isRowStepBlock).
    } else if (std::abs(plan.strides[0]) < std::abs(plan.strides[1])) {
      plan.error = "a block at run-time offsets of a transposed window is not supported; "
                   "take the block of the window and transpose nothing, or index its "
                   "elements (w.T[i + a, j + b])";
      plan.errorLoc = index.loc();
    }
    return plan;
  }
  if (!plan.dims.empty() && plan.dims[0] == RuntimeDim && staticProduct(plan.dims, 1) == 0) {
    plan.error = "an empty slice of an array whose first dimension is known only at run time "
                 "(reshape(-1, ...)) is not supported; give every dimension to reshape";
    plan.errorLoc = index.loc();
  }
  return plan;
}

} // namespace llcc
