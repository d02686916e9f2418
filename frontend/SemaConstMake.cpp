//===- SemaConstMake.cpp - Arrays the constant folder makes from numbers ----===//
//
// The array constructors of the constant folder (SemaConstFold.cpp), each
// as numpy 1.24 fills its array: np.array([...]) literals, np.arange,
// np.linspace, np.ones, np.zeros, np.full, np.eye, and the coordinate
// grids np.mgrid[...], np.ogrid[...] and np.meshgrid(x, y):
//
//   Y, X = np.mgrid[-2:3, -2:3]          XX, YY = np.meshgrid(x, x)
//
// Each takes the call (or the subscript's key) and a function folding its
// arguments.
//
//===----------------------------------------------------------------------===//
#include "ConstFold.h"
#include "SemaImpl.h"

#include <cmath>

namespace llcc {
namespace sema {

namespace {
/// A number folded from `e`, or nothing.
std::optional<Folded> number(const FoldFn &fold, const Expr &e) {
  auto v = fold(e);
  if (!v || !v->dims.empty())
    return std::nullopt;
  return v;
}

/// The dtype a `dtype=` keyword names: 'f' (float, np.float64), 'i' (int,
/// np.int64), 'b' (bool, np.bool_); 0 for another keyword or dtype.
char dtypeLetter(const KeywordArg &k) {
  const Expr *d = k.value.get();
  std::string t = isa<NameExpr>(d)        ? cast<NameExpr>(*d).name
                  : isa<AttributeExpr>(d) ? cast<AttributeExpr>(*d).attr
                                          : "";
  if (k.name != "dtype")
    return 0;
  if (t == "float" || t == "float64")
    return 'f';
  if (t == "int" || t == "int64")
    return 'i';
  return t == "bool" || t == "bool_" ? 'b' : 0;
}

} // namespace

/// np.eye(n, m=None, k=0, dtype=float), np.identity(n, dtype=float).
std::optional<Folded> foldEyeCall(const CallExpr &c, bool identity, const FoldFn &fold) {
  std::vector<std::optional<Folded>> a;
  for (const ExprPtr &x : c.args)
    a.push_back(number(fold, *x));
  char dtype = 'f';
  for (const KeywordArg &k : c.keywords) {
    if (char letter = dtypeLetter(k))
      dtype = letter;
    else if (!identity && (k.name == "M" || k.name == "k")) {
      size_t at = k.name == "M" ? 1 : 2;
      if (a.size() > at)
        return std::nullopt; // given twice: CPython's TypeError
      a.resize(at + 1);
      a[at] = number(fold, *k.value);
    } else {
      return std::nullopt;
    }
  }
  if (a.empty() || a.size() > (identity ? 1u : 3u))
    return std::nullopt;
  int64_t v[3] = {0, -1, 0};
  for (size_t k = 0; k < a.size(); ++k) {
    if (!a[k] && k == 1)
      continue; // M=None
    if (!a[k] || a[k]->isFloat)
      return std::nullopt;
    v[k] = a[k]->i[0];
  }
  return foldEye(v[0], v[1] < 0 ? v[0] : v[1], v[2], dtype);
}

/// The call's keywords: none (false), or dtype=float / np.float64 alone
/// (true); nothing for any other keyword, which the folder leaves alone.
std::optional<bool> floatDtype(const CallExpr &c) {
  for (const KeywordArg &k : c.keywords) {
    const Expr *d = k.value.get();
    std::string dtype = isa<NameExpr>(d)        ? cast<NameExpr>(*d).name
                        : isa<AttributeExpr>(d) ? cast<AttributeExpr>(*d).attr
                                                : "";
    if (k.name != "dtype" || (dtype != "float" && dtype != "float64"))
      return std::nullopt;
  }
  return !c.keywords.empty();
}

/// Whether the call's keywords are dtype=bool (or np.bool_) alone.
bool isBoolDtype(const CallExpr &c) {
  if (c.keywords.size() != 1 || c.keywords[0].name != "dtype")
    return false;
  const Expr *d = c.keywords[0].value.get();
  if (auto *n = dyn_cast<NameExpr>(d))
    return n->name == "bool";
  auto *a = dyn_cast<AttributeExpr>(d);
  return a && (a->attr == "bool_" || a->attr == "bool");
}

/// np.arange(stop), np.arange(start, stop[, step]) as numpy fills it:
/// element 0 is start, element 1 start + step, and element k (k >= 2)
/// start + k * delta, delta being element 1 minus element 0 (the dtype's
/// fill); ints exactly, int64 when every argument is an int.
std::optional<Folded> foldArange(const CallExpr &c, const FoldFn &fold) {
  std::vector<Folded> a;
  for (const ExprPtr &x : c.args) {
    auto v = number(fold, *x);
    if (!v)
      return std::nullopt;
    a.push_back(*v);
  }
  Folded start = Folded::integer(0), stop = a[0], step = Folded::integer(1);
  if (a.size() >= 2) {
    start = a[0];
    stop = a[1];
  }
  if (a.size() == 3)
    step = a[2];
  return foldArangeValues(start, stop, step);
}

std::optional<Folded> foldArangeValues(const Folded &start, const Folded &stop,
                                       const Folded &step) {
  Folded r;
  r.isFloat = start.isFloat || stop.isFloat || step.isFloat;
  if (!r.isFloat) {
    int64_t lo = start.i[0], hi = stop.i[0], st = step.i[0];
    if (st == 0)
      return std::nullopt; // numpy raises; left to the constant's own checks
    for (int64_t v = lo; (st > 0 ? v < hi : v > hi) && r.i.size() <= 4096; v += st)
      r.i.push_back(v);
  } else {
    double lo = start.at(0), hi = stop.at(0), st = step.at(0);
    double len = std::ceil((hi - lo) / st);
    if (!(len >= 0) || len > 4096)
      return std::nullopt;
    auto n = static_cast<size_t>(len);
    for (size_t k = 0; k < n; ++k)
      r.f.push_back(k == 0 ? lo : k == 1 ? lo + st : 0.0);
    for (size_t k = 2; k < n; ++k)
      r.f[k] = lo + static_cast<double>(k) * (r.f[1] - r.f[0]);
  }
  if (r.size() == 0 || r.size() > 4096)
    return std::nullopt;
  r.dims = {static_cast<int64_t>(r.size())};
  return r;
}

/// np.linspace(start, stop, num=50, endpoint=True) as numpy 1.24 computes
/// it: k * step + start (k / div * delta when the step is zero), and stop
/// itself last when endpoint.
std::optional<Folded> foldLinspace(const CallExpr &c, const FoldFn &fold) {
  if (c.args.size() < 2 || c.args.size() > 3)
    return std::nullopt;
  auto start = number(fold, *c.args[0]), stop = number(fold, *c.args[1]);
  std::optional<Folded> num;
  if (c.args.size() == 3)
    num = number(fold, *c.args[2]);
  bool endpoint = true;
  for (const KeywordArg &k : c.keywords) {
    if (k.name == "num" && !num) {
      num = number(fold, *k.value);
    } else if (k.name == "endpoint" && isa<BoolLiteralExpr>(k.value.get())) {
      endpoint = cast<BoolLiteralExpr>(*k.value).value;
    } else {
      return std::nullopt;
    }
  }
  if (!num) {
    num = Folded{};
    num->i = {50};
  }
  if (!start || !stop || num->isFloat || num->i[0] < 1 || num->i[0] > 4096)
    return std::nullopt;
  int64_t n = num->i[0];
  int64_t div = endpoint ? n - 1 : n;
  double lo = start->at(0), delta = stop->at(0) - lo;
  Folded r;
  r.isFloat = true;
  r.dims = {n};
  for (int64_t k = 0; k < n; ++k) {
    double y = static_cast<double>(k);
    if (div > 0) {
      double step = delta / static_cast<double>(div);
      y = step == 0 ? (y / static_cast<double>(div)) * delta : y * step;
    } else {
      y = y * delta;
    }
    r.f.push_back(y + lo);
  }
  if (endpoint && n > 1)
    r.f.back() = stop->at(0);
  return r;
}

/// np.ones(shape), np.zeros(shape) (float64) and np.full(shape, v) (v's
/// kind), shape an int or a pair of ints; dtype=bool, int or float
/// (`FOOT = np.ones(9, dtype=bool)`): np.full's value converted as numpy
/// casts it (its truth; an int of an int only).
std::optional<Folded> foldFilled(const CallExpr &c, const std::string &name, const FoldFn &fold) {
  char dtype = 0;
  for (const KeywordArg &k : c.keywords)
    if (!(dtype = dtypeLetter(k)))
      return std::nullopt;
  Folded r;
  std::vector<const Expr *> extents;
  if (auto *t = dyn_cast<TupleExpr>(c.args[0].get())) {
    for (const ExprPtr &x : t->elements)
      extents.push_back(x.get());
  } else {
    extents.push_back(c.args[0].get());
  }
  if (extents.empty() || extents.size() > 2)
    return std::nullopt;
  size_t n = 1;
  for (const Expr *x : extents) {
    auto v = fold(*x);
    if (!v || !v->dims.empty() || v->isFloat || v->i[0] < 0 || v->i[0] > 4096)
      return std::nullopt;
    r.dims.push_back(v->i[0]);
    n *= static_cast<size_t>(v->i[0]);
  }
  Folded value;
  value.isFloat = true;
  value.f = {name == "ones" ? 1.0 : 0.0};
  if (name == "full") {
    auto v = fold(*c.args[1]);
    if (!v || !v->dims.empty())
      return std::nullopt;
    value = *v;
  }
  if (dtype == 'b') {
    int64_t truth = value.isFloat ? value.f[0] != 0.0 : value.i[0] != 0; // NaN is true
    value = Folded{};
    value.isBool = true;
    value.i = {truth};
  } else if (dtype == 'i') {
    if (value.isFloat && name == "full")
      return std::nullopt; // numpy truncates: left to the constant's own checks
    int64_t n = value.isFloat ? static_cast<int64_t>(value.f[0]) : value.i[0];
    value = Folded{};
    value.i = {n};
  } else if (dtype == 'f' && !value.isFloat) {
    double x = static_cast<double>(value.i[0]);
    value = Folded{};
    value.isFloat = true;
    value.f = {x};
  }
  r.isFloat = value.isFloat;
  r.isBool = value.isBool;
  if (r.isFloat)
    r.f.assign(n, value.f[0]);
  else
    r.i.assign(n, value.i[0]);
  return r;
}

/// np.array([...]) of numbers, or of rows of numbers, with dtype=.
std::optional<Folded> foldArrayLiteral(const CallExpr &c, const FoldFn &fold, const Expr *from) {
  const Expr &data = from ? *from : *c.args[0];
  Folded r;
  auto items = [](const Expr &x) -> const std::vector<ExprPtr> * {
    if (auto *t = dyn_cast<TupleExpr>(&x))
      return &t->elements;
    if (auto *l = dyn_cast<ListExpr>(&x))
      return &l->elements;
    return nullptr;
  };
  const std::vector<ExprPtr> *outer = items(data);
  if (!outer || outer->empty())
    return std::nullopt;
  std::vector<const Expr *> leaves;
  int64_t width = -1;
  bool nested = items(*outer->front()) != nullptr;
  for (const ExprPtr &x : *outer) {
    const std::vector<ExprPtr> *row = items(*x);
    if ((row != nullptr) != nested)
      return std::nullopt;
    if (!row) {
      leaves.push_back(x.get());
      continue;
    }
    if (width >= 0 && static_cast<int64_t>(row->size()) != width)
      return std::nullopt;
    width = static_cast<int64_t>(row->size());
    for (const ExprPtr &y : *row)
      leaves.push_back(y.get());
  }
  if (nested)
    r.dims = {static_cast<int64_t>(outer->size()), width};
  else
    r.dims = {static_cast<int64_t>(outer->size())};
  std::vector<Folded> values;
  bool allBool = true;
  for (const Expr *leaf : leaves) {
    auto v = fold(*leaf);
    if (!v || !v->dims.empty())
      return std::nullopt;
    r.isFloat |= v->isFloat;
    allBool &= v->isBool;
    values.push_back(*v);
  }
  if (isBoolDtype(c)) {
    // dtype=bool: each value's truth (NaN is true)
    r.isFloat = false;
    r.isBool = true;
    for (const Folded &v : values)
      r.i.push_back(v.at(0) != 0.0 ? 1 : 0);
    return r;
  }
  std::optional<bool> toFloat = floatDtype(c);
  if (!toFloat)
    return std::nullopt; // int dtypes truncate: left to the constant's own checks
  r.isFloat |= *toFloat;
  r.isBool = allBool && !r.isFloat;
  for (const Folded &v : values) {
    if (r.isFloat)
      r.f.push_back(v.at(0));
    else
      r.i.push_back(v.i[0]);
  }
  return r;
}

namespace {
/// Grids past this many elements are not computed (a typo's 10**6).
constexpr int64_t MaxGridElements = 4096;

/// One dimension of a grid's key, `start:stop:step` (start 0 and step 1
/// when left out), each a number that is not a bool.
struct GridRange {
  Folded start = Folded::integer(0), stop, step = Folded::integer(1);
  bool stepGiven = false;
};

bool gridRange(const Expr &e, const FoldFn &fold, GridRange &out) {
  auto *s = dyn_cast<SliceExpr>(&e);
  if (!s || !s->stop)
    return false;
  auto read = [&](const ExprPtr &x, Folded &v) {
    if (!x)
      return true;
    auto f = number(fold, *x);
    if (!f || f->isBool)
      return false;
    v = *f;
    return true;
  };
  out.stepGiven = s->step != nullptr;
  return read(s->start, out.start) && read(s->stop, out.stop) && read(s->step, out.step);
}

/// Python's `int(math.ceil((stop - start) / (step * 1.0)))`: the extent
/// of one dimension; nothing where CPython raises or the grid is empty.
std::optional<int64_t> gridExtent(const GridRange &r) {
  double span;
  if (!r.start.isFloat && !r.stop.isFloat) {
    int64_t d;
    if (__builtin_sub_overflow(r.stop.i[0], r.start.i[0], &d))
      return std::nullopt;
    span = static_cast<double>(d);
  } else {
    span = r.stop.at(0) - r.start.at(0);
  }
  double step = r.step.at(0) * 1.0;
  if (step == 0.0)
    return std::nullopt; // ZeroDivisionError
  double n = std::ceil(span / step);
  if (!(n >= 1) || n > MaxGridElements)
    return std::nullopt; // empty, negative or too large
  return static_cast<int64_t>(n);
}
} // namespace

std::optional<GridArrays> foldGrid(const Expr &key, bool sparse, const FoldFn &fold) {
  GridArrays out;
  if (isa<SliceExpr>(&key)) {
    // One slice: np.arange(start, stop, step), in both grids.
    GridRange r;
    if (!gridRange(key, fold, r))
      return std::nullopt;
    auto a = foldArangeValues(r.start, r.stop, r.step);
    if (!a)
      return std::nullopt;
    out.single = true;
    out.arrays.push_back(std::move(*a));
    return out;
  }
  auto *t = dyn_cast<TupleExpr>(&key);
  if (!t || t->elements.empty())
    return std::nullopt;
  std::vector<GridRange> ranges(t->elements.size());
  std::vector<int64_t> extents;
  bool isFloat = false; // numpy's result_type of every bound and step
  int64_t total = 1;
  for (size_t k = 0; k < ranges.size(); ++k) {
    if (!gridRange(*t->elements[k], fold, ranges[k]))
      return std::nullopt;
    auto n = gridExtent(ranges[k]);
    if (!n || (total *= *n) > MaxGridElements)
      return std::nullopt;
    extents.push_back(*n);
    isFloat |= ranges[k].start.isFloat || ranges[k].stop.isFloat || ranges[k].step.isFloat;
  }
  // Array k holds index * step + start along dimension k (numpy's
  // indices, or arange for ogrid, of the result type, times step plus
  // start: two float64 operations, or exact int64 ones).
  for (size_t k = 0; k < ranges.size(); ++k) {
    Folded a;
    a.isFloat = isFloat;
    if (sparse) {
      a.dims.assign(extents.size(), 1);
      a.dims[k] = extents[k];
    } else {
      a.dims = extents;
    }
    int64_t inner = 1; // elements per step of index k
    for (size_t d = k + 1; d < a.dims.size(); ++d)
      inner *= a.dims[d];
    int64_t n = 1;
    for (int64_t d : a.dims)
      n *= d;
    for (int64_t p = 0; p < n; ++p) {
      int64_t idx = (p / inner) % extents[k];
      if (isFloat) {
        double scaled = static_cast<double>(idx) * ranges[k].step.at(0);
        a.f.push_back(scaled + ranges[k].start.at(0));
        continue;
      }
      int64_t scaled, v;
      if (__builtin_mul_overflow(idx, ranges[k].step.i[0], &scaled) ||
          __builtin_add_overflow(scaled, ranges[k].start.i[0], &v))
        return std::nullopt;
      a.i.push_back(v);
    }
    out.arrays.push_back(std::move(a));
  }
  return out;
}

std::optional<std::vector<Folded>> foldMeshgrid(const CallExpr &c, const FoldFn &fold) {
  bool ij = false, sparse = false;
  for (const KeywordArg &k : c.keywords) {
    auto *str = dyn_cast<StringLiteralExpr>(k.value.get());
    auto *flag = dyn_cast<BoolLiteralExpr>(k.value.get());
    if (k.name == "indexing" && str && (str->value == "xy" || str->value == "ij"))
      ij = str->value == "ij";
    else if (k.name == "sparse" && flag)
      sparse = flag->value;
    else if (k.name == "copy" && flag && flag->value)
      continue; // copy=False gives read-only views: not computed
    else
      return std::nullopt;
  }
  if (c.args.empty())
    return std::nullopt;
  // Each input flattened (a number is one element), as numpy reshapes it.
  std::vector<Folded> xs;
  for (const ExprPtr &x : c.args) {
    auto v = fold(*x);
    if (!v)
      return std::nullopt;
    v->dims = {static_cast<int64_t>(v->size())};
    v->numpy = false;
    xs.push_back(std::move(*v));
  }
  // The axis each input runs along: its own, with 'xy' swapping the first two.
  size_t ndim = xs.size();
  std::vector<size_t> axis(ndim);
  for (size_t k = 0; k < ndim; ++k)
    axis[k] = !ij && ndim >= 2 && k < 2 ? 1 - k : k;
  std::vector<int64_t> full(ndim);
  int64_t total = 1;
  for (size_t k = 0; k < ndim; ++k) {
    full[axis[k]] = xs[k].dims[0];
    if ((total *= xs[k].dims[0]) > MaxGridElements)
      return std::nullopt;
  }
  std::vector<Folded> out;
  for (size_t k = 0; k < ndim; ++k) {
    Folded a = xs[k];
    a.f.clear();
    a.i.clear();
    if (sparse) {
      a.dims.assign(ndim, 1);
      a.dims[axis[k]] = xs[k].dims[0];
    } else {
      a.dims = full;
    }
    int64_t inner = 1;
    for (size_t d = axis[k] + 1; d < ndim; ++d)
      inner *= a.dims[d];
    int64_t n = 1;
    for (int64_t d : a.dims)
      n *= d;
    for (int64_t p = 0; p < n; ++p) {
      auto idx = static_cast<size_t>((p / inner) % xs[k].dims[0]);
      if (a.isFloat)
        a.f.push_back(xs[k].f[idx]);
      else
        a.i.push_back(xs[k].i[idx]);
    }
    out.push_back(std::move(a));
  }
  return out;
}

} // namespace sema
} // namespace llcc
