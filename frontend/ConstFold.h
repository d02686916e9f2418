//===- ConstFold.h - Values of module-level constants computed when compiling -===//
//
// The constant folder (SemaConstFold.cpp) computes module-level constants
// made by operators and calls: numbers and arrays of numbers, as `Folded`
// values. The calls of math, numpy and builtin functions on numbers, and
// numpy's window functions (np.hanning, ...), are computed in
// SemaConstCalls.cpp with the routines llcc's generated code calls.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace llcc {
namespace sema {

/// A number or an array of numbers (C order), all ints, all floats or all
/// bools (held in `i` as 0 and 1).
struct Folded {
  std::vector<int64_t> dims; ///< empty for a number
  bool isFloat = false;
  bool isBool = false;
  /// A number that is a numpy scalar (np.float64, np.int64) in CPython,
  /// not a Python float or int: np.log(2.0), W.sum().
  bool numpy = false;
  std::vector<double> f;
  std::vector<int64_t> i;
  /// A 2-D array whose memory is in numpy's transposed order (np.rot90 by
  /// an odd k, .T, arithmetic of such arrays with numbers): numpy sums it
  /// column by column, so a folded sum follows that order.
  bool transposed = false;
  /// The values in numpy's memory order (column by column when transposed).
  Folded inMemoryOrder() const {
    if (!transposed || dims.size() != 2)
      return *this;
    Folded r = *this;
    size_t rows = static_cast<size_t>(dims[0]), cols = static_cast<size_t>(dims[1]);
    for (size_t c = 0, k = 0; c < cols; ++c)
      for (size_t q = 0; q < rows; ++q, ++k) {
        if (isFloat)
          r.f[k] = f[q * cols + c];
        else
          r.i[k] = i[q * cols + c];
      }
    return r;
  }
  size_t size() const { return isFloat ? f.size() : i.size(); }
  double at(size_t k) const { return isFloat ? f[k] : static_cast<double>(i[k]); }
  void toFloat() {
    if (isFloat)
      return;
    f.clear();
    for (int64_t v : i)
      f.push_back(static_cast<double>(v));
    i.clear();
    isFloat = true;
    isBool = false;
  }
  static Folded number(double v, bool numpy = false) {
    Folded r;
    r.isFloat = true;
    r.numpy = numpy;
    r.f = {v};
    return r;
  }
  static Folded integer(int64_t v, bool numpy = false) {
    Folded r;
    r.numpy = numpy;
    r.i = {v};
    return r;
  }
  static Folded boolean(bool v) {
    Folded r = integer(v ? 1 : 0);
    r.isBool = true;
    return r;
  }
};

/// The targets of a module-level comprehension, bound to the item being
/// computed: numbers and arrays, and tuples of numbers (`for i, w in
/// enumerate(W)` binds numbers; `for p in zip(A, B)` a tuple).
struct Bound {
  std::map<std::string, Folded> values;
  std::map<std::string, std::vector<Folded>> tuples;
};

/// `l op r` (// % & | ^ << >>) of two numbers, as CPython computes them
/// for Python ints and floats (and numpy for its scalars where numpy's
/// result is the same); nothing when not computed here, nothing with
/// `error` set where CPython raises.
std::optional<Folded> foldIntegerOp(BinaryOp op, Folded l, Folded r, std::string &error);

/// `name(args)` of numbers (a builtin's qualified name: "math.sqrt",
/// "numpy.log", "round", ...) as llcc computes it in a function. Nothing
/// when llcc does not compute this call when compiling; nothing with
/// `raised` set ("ValueError: math domain error") when CPython raises.
std::optional<Folded> foldNumberCall(const std::string &name, const std::vector<Folded> &args,
                                     std::string &raised);

/// `l op r` of numbers and arrays (+ - * / **, & | ^ of bool arrays), as
/// numpy and CPython compute it; nothing when not computed here, nothing
/// with `error` set ("ZeroDivisionError: float division by zero") where
/// two Python numbers raise.
std::optional<Folded> foldArith(BinaryOp op, Folded l, Folded r, std::string &error);

/// `l op r` (< <= > >= == !=) with an array on either side: a bool array.
std::optional<Folded> foldCompare(CompareOp op, const Folded &l, const Folded &r);

/// A 2-D array's transpose.
std::optional<Folded> foldTranspose(const Folded &v);

/// numpy's pairwise summation of float64 (umath loops_utils.h).
double pairwiseSum(const double *a, size_t n);

/// Whether np.<name>(x) of arrays is computed when compiling (np.sqrt,
/// np.exp, ...), and its value.
bool isFoldedElementwise(const std::string &name);
std::optional<Folded> foldElementwise(const std::string &name, Folded v);

/// np.hanning(m), np.hamming, np.bartlett, np.blackman: numpy 1.24's
/// formulas, with the C library's cos.
std::optional<Folded> foldWindowFunction(const std::string &name, int64_t m);

/// np.kaiser(m, beta): numpy 1.24's formula with numpy's own i0 (its
/// Chebyshev series and np.exp).
std::optional<Folded> foldKaiser(int64_t m, double beta);

/// np.eye(n, m, k): ones on the k-th diagonal, as `dtype` ('f', 'i', 'b').
std::optional<Folded> foldEye(int64_t n, int64_t m, int64_t k, char dtype);

/// numpy's broadcast of two shapes (`(5, 1)` and `(5,)` make `(5, 5)`);
/// false when they do not broadcast.
bool broadcastShapes(const std::vector<int64_t> &a, const std::vector<int64_t> &b,
                     std::vector<int64_t> &out);

/// `v.max()`, `v.min()` (NaN wins, as numpy's) and `v.mean()` (numpy's
/// pairwise sum in float64 over the count) of an array: a numpy scalar.
std::optional<Folded> foldReduce(const std::string &name, const Folded &v);

/// `v.reshape(shape)`, one extent -1 at most (numpy's ValueError
/// otherwise: nothing).
std::optional<Folded> foldReshape(Folded v, std::vector<int64_t> shape);

/// Folds an argument of a call the folder computes (SemaConstMake.cpp).
using FoldFn = std::function<std::optional<Folded>(const Expr &)>;

// Array constructors (SemaConstMake.cpp), as numpy 1.24 fills them.
/// np.eye(n, m=None, k=0, dtype=float), np.identity(n, dtype=float).
std::optional<Folded> foldEyeCall(const CallExpr &c, bool identity, const FoldFn &fold);
/// The call's keywords: none (false), or dtype=float / np.float64 alone
/// (true); nothing for any other keyword.
std::optional<bool> floatDtype(const CallExpr &c);
/// Whether the call's keywords are dtype=bool (or np.bool_) alone.
bool isBoolDtype(const CallExpr &c);
/// np.arange(stop), np.arange(start, stop[, step]) as numpy fills it.
std::optional<Folded> foldArange(const CallExpr &c, const FoldFn &fold);
std::optional<Folded> foldArangeValues(const Folded &start, const Folded &stop, const Folded &step);
/// np.linspace(start, stop, num=50, endpoint=True).
std::optional<Folded> foldLinspace(const CallExpr &c, const FoldFn &fold);
/// np.ones(shape), np.zeros(shape), np.full(shape, v).
std::optional<Folded> foldFilled(const CallExpr &c, const std::string &name, const FoldFn &fold);
/// np.array([...]) of numbers, or of rows of numbers, with dtype=.
std::optional<Folded> foldArrayLiteral(const CallExpr &c, const FoldFn &fold,
                                       const Expr *data = nullptr);

/// The arrays of np.mgrid[key] (np.ogrid[key] when sparse): one per
/// dimension of a tuple key, each of the grid's shape (ogrid: extent 1
/// but along its own dimension), int64 when every bound and step is an
/// int, else float64; for a single slice key, `single` and the one array
/// np.arange(start, stop, step).
struct GridArrays {
  std::vector<Folded> arrays;
  bool single = false;
};
std::optional<GridArrays> foldGrid(const Expr &key, bool sparse, const FoldFn &fold);

/// np.meshgrid(x, y, ..., indexing='xy'|'ij', sparse=): the list of arrays.
std::optional<std::vector<Folded>> foldMeshgrid(const CallExpr &c, const FoldFn &fold);

// Stores into array constants and their reductions (SemaConstStore.cpp).
/// `target[index]` of ints and slices per dimension, or a bool mask of the
/// target's shape: a copy of the selection (a numpy scalar for one element).
std::optional<Folded> foldGetItem(const Folded &target, const Expr &index, const FoldFn &fold);
/// `target[index] = value` as numpy's __setitem__: the new array.
std::optional<Folded> foldSetItem(const Folded &target, const Expr &index, const Folded &value,
                                  const FoldFn &fold);
/// `v.astype(t)`, t 'f' (float64), 'i' (int64) or 'b' (bool).
std::optional<Folded> foldAstype(const Folded &v, char dtype);
/// `v.var(ddof=)`, `v.std(ddof=)` as numpy's _var computes them.
std::optional<Folded> foldVariance(const Folded &v, bool std, int64_t ddof);
/// Python's sum(items) from 0, left to right.
std::optional<Folded> foldPythonSum(const std::vector<Folded> &items, std::string &error);
/// Python's max(items) / min(items) of numbers.
std::optional<Folded> foldPythonMinMax(const std::vector<Folded> &items, bool max);
/// np.asarray(items) of numbers: a 1-D array (bool, int64 or float64).
std::optional<Folded> foldSequenceArray(const std::vector<Folded> &items);

} // namespace sema
} // namespace llcc
