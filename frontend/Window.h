//===- Window.h - Shaped arrays (2-D and 3-D windows) ----------------------===//
//
// A window is a numpy array of two or more dimensions, made by reshaping a
// one-dimensional array (`w = values.reshape(5, 5)`) and then indexed,
// sliced and transposed (`w[1:-1, 1:-1]`, `w[:, j]`, `w.T`). At run time it
// is the {data, length, stride} of a one-dimensional array: the address of
// its first element, its element count, and the stride of the array it
// was reshaped from (the unit). What a dimension is and how far apart its
// elements lie, in units, is known at compile time and kept in the shared
// Shape (dims, strides) of each expression; only the first dimension may
// be known at run time alone (`values.reshape(-1, 5)`), its extent then
// being the element count over the product of the others. So every index
// computation folds to constants once a window's shape is fixed, and a
// window costs nothing over flat indexing.
//
// This header is shared by Sema (frontend/SemaWindow.cpp), which decides
// shapes and reports misuse, and IRGen (codegen/IRGenWindow.cpp), which
// lowers the same plan.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"

#include <string>
#include <vector>

namespace llcc {

/// The builtin of a call that is its argument itself (a view stays that
/// view): what the compiler's own rewrites put where an array expression
/// must stay a call (frontend/SemaNumpyViews.cpp); never written by users.
constexpr const char *ViewBuiltin = "llcc.view"; // no Python name: never a user's
/// `with np.errstate(...):` is `if llcc.with(np.errstate(...)):` (the parsers).
constexpr const char *WithBuiltin = "llcc.with";

/// A dimension whose extent is known only at run time (always the first).
constexpr int64_t RuntimeDim = -1;

inline bool isWindowShape(const ShapeRef &s) { return s && s->dims.size() >= 2; }

/// A block: a 2-D array both of whose extents are known only at run time
/// (`w[i:i + 2, j:j + 2]`, clamped and possibly empty as numpy's slices
/// are). A window carries one run-time extent in its element count; a block
/// carries both in the array value's fourth field, packed as
/// rows << 32 | cols (window extents come from footprints, far below 2^32),
/// so nothing else about windows changes: its strides are the constant
/// ones of the window it views, or, when its Shape has no strides, those
/// of a new C-contiguous array (cols, 1), computed at run time. Sema
/// (frontend/SemaBlock.cpp) lets a block be indexed, measured, iterated,
/// reduced, raveled and combined elementwise, and refuses other uses.
inline bool isBlockShape(const Shape &s) { return s.dims.size() == 2 && s.dims[1] == RuntimeDim; }
inline bool isBlockShape(const ShapeRef &s) { return s && isBlockShape(*s); }
/// An ndarray expression that is a block.
inline bool isBlock(const Expr &e) { return isNdarray(e.type) && isBlockShape(e.shape); }
/// A block that views a new (C-contiguous) block through a slice
/// (`z[1:, ::2]` of `z = values.reshape(n, n)`): its row step, in units, is
/// known only at run time (a multiple of the column count), so the value
/// carries it in its fifth field; its Shape's strides are {RuntimeDim, s},
/// s the constant column step. Its rows still lie further apart than its
/// columns whenever it has two of each, so C order is its memory order.
inline bool isRowStepBlock(const Shape &s) {
  return isBlockShape(s) && s.strides.size() == 2 && s.strides[0] == RuntimeDim;
}
/// A block's shape: the strides of the window it views, or none (a new
/// C-contiguous array).
ShapeRef makeBlockShape(std::vector<int64_t> strides = {});
/// A one-dimensional array's shape whose length is known when compiling.
inline bool isKnownVector(const ShapeRef &s) {
  return s && s->dims.size() == 1 && s->dims[0] != RuntimeDim && s->members.empty();
}
/// An ndarray expression of two or more dimensions.
inline bool isWindow(const Expr &e) { return isNdarray(e.type) && isWindowShape(e.shape); }
/// The length of a tuple known when compiling (`a.shape`: the array's
/// rank, len(a.shape) == a.ndim), or -1.
inline int64_t tupleLength(const Expr &t) {
  auto *a = t.kind() == Expr::Kind::Attribute ? static_cast<const AttributeExpr *>(&t) : nullptr;
  if (a && a->attr == "shape" && isArray(a->value->type))
    return isWindow(*a->value) ? static_cast<int64_t>(a->value->shape->dims.size()) : 1;
  if (t.type == Type::Tuple && t.shape)
    return static_cast<int64_t>(t.shape->members.size());
  return -1;
}

/// A window shape; `strides` empty (or equal to the C-contiguous ones)
/// means C-contiguous.
ShapeRef makeWindowShape(std::vector<int64_t> dims, std::vector<int64_t> strides = {});
/// A one-dimensional array whose length is known at compile time (a row or
/// column of a window), or null when `n` is RuntimeDim.
ShapeRef makeVectorShape(int64_t n);
/// The C-contiguous strides of `dims` (the first may be RuntimeDim).
std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &dims);
/// A shape's strides in units (its own, or the C-contiguous ones).
std::vector<int64_t> windowStrides(const Shape &s);
/// `s` transposed (dims and strides reversed), or null when its first
/// dimension is known only at run time (the message to give then is
/// RuntimeTransposeMessage).
ShapeRef transposedWindowShape(const Shape &s);
extern const char *const RuntimeTransposeMessage;
/// The product of dims[from:] (all static).
int64_t staticProduct(const std::vector<int64_t> &dims, size_t from);
/// numpy's spelling of a shape in messages: "(5,5)", "(9,)", "(-1,5)".
std::string numpyShapeText(const std::vector<int64_t> &dims);
/// A requested reshape as numpy 1.24 spells it in "cannot reshape array of
/// size 9 into shape (5)": leading -1s left out, later ones "newaxis".
std::string numpyReshapeText(const std::vector<int64_t> &dims);

/// The reductions that take an axis (`w.sum(axis=0)`, `np.mean(w, 1)`):
/// sum, mean, var, std, min, max, prod.
bool isAxisReductionOp(const std::string &op);

/// Python's spelling of a shape, "(5, 5)" ("n" for a run-time dimension).
std::string pythonShapeText(const std::vector<int64_t> &dims);
/// The strides numpy gives a new array of these dimensions computed
/// elementwise from operands with these strides (0 where one broadcasts).
std::vector<int64_t> numpyLayout(const std::vector<int64_t> &dims,
                                 const std::vector<std::vector<int64_t>> &operands);

/// How one subscript of a window reads each of its dimensions.
struct WindowAxis {
  enum class Kind { Index, Slice } kind = Kind::Slice;
  const Expr *index = nullptr;      ///< Index: the (int) index expression
  const SliceExpr *slice = nullptr; ///< Slice on a run-time dimension
  /// Slice on a static dimension; RuntimeDim when the slice is on a
  /// run-time one (all of it when `slice` is null: `b[0]` of a block).
  int64_t start = 0, extent = 0;
  int64_t step = 1;                 ///< Slice
};
struct WindowIndexing {
  std::vector<WindowAxis> axes; ///< one per dimension of the base
  std::vector<int64_t> dims;    ///< of the result (empty: one element)
  std::vector<int64_t> strides; ///< of the result, in units
  std::string error;            ///< why the subscript is not supported
  SourceLoc errorLoc;
};
/// The plan of `base[index]`, where index is an int, a slice, or a tuple of
/// them (missing trailing parts select whole dimensions).
WindowIndexing planWindowIndex(const Shape &base, const Expr &index);

} // namespace llcc
