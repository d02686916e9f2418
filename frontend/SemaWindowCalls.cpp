//===- SemaWindowCalls.cpp - Typing of calls on windows and int arrays -----===//
//
// The calls of SemaWindow.cpp's arrays: reshape (constant dimensions, -1
// first), `.astype()` and constructors with a dtype, `np.dot`/`@`/
// `np.outer`, reductions with `axis=`, ravel/flatten/transpose, and the
// checks of window arguments that the generic array rules would misread
// (Python's builtins iterate rows; np.sort sorts each row).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>

namespace llcc {
namespace sema {

namespace {

/// The dtypes `.astype()` accepts, by spelling, and the array type each
/// makes.
struct DtypeName {
  const char *name;
  Type array;
};
const DtypeName Dtypes[] = {
    {"int", Type::IntArray},        {"numpy.int64", Type::IntArray},
    {"numpy.intp", Type::IntArray}, {"numpy.int_", Type::IntArray},
    {"int64", Type::IntArray},      {"float", Type::FloatArray},
    {"numpy.float64", Type::FloatArray}, {"numpy.double", Type::FloatArray},
    {"float64", Type::FloatArray},  {"bool", Type::BoolArray},
    {"numpy.bool_", Type::BoolArray},
};

std::string opName(const std::string &name) {
  if (name.rfind("method.", 0) == 0 || name.rfind("numpy.", 0) == 0)
    return name.substr(name.find('.') + 1);
  return name;
}

} // namespace

/// The shape a reshape's arguments give: ints (`reshape(5, 5)`), or one
/// tuple of them (`reshape((3, 3, 3))`); -1 may stand for the first
/// dimension. False (after a report) when they are not constants.
bool Sema::reshapeDims(const CallExpr &e, const std::vector<Expr *> &parts, std::vector<int64_t> &dims) {
  std::vector<Expr *> items = parts;
  if (parts.size() == 1)
    if (auto *t = dyn_cast<TupleExpr>(parts[0])) {
      items.clear();
      for (auto &el : t->elements)
        items.push_back(el.get());
      t->type = Type::Tuple;
    }
  if (items.empty()) {
    error(e.loc(), "reshape needs the new shape, as in values.reshape(5, 5)");
    return false;
  }
  for (Expr *item : items) {
    int64_t d;
    // A literal, a module constant (`values.reshape(K, K)`), a local
    // assigned once or arithmetic of them (compileTimeInt).
    if (!intConstant(item, d) && compileTimeInt(item, d) && typeOf(*item) == Type::Unknown)
      return false;
    if (!compileTimeInt(item, d)) {
      error(item->loc(), "reshape needs constant dimensions here, as in values.reshape(3, 3, 3); "
                         "dimensions computed at run time are supported in a 2-D reshape of a "
                         "1-D array (values.reshape(n, n))");
      return false;
    }
    item->type = Type::Int;
    if (d < -1) {
      error(item->loc(), "a reshape dimension cannot be negative (only -1, for 'the rest')");
      return false;
    }
    dims.push_back(d);
  }
  for (size_t k = 1; k < dims.size(); ++k)
    if (dims[k] == -1) {
      error(items[k]->loc(), "-1 in reshape is supported as the first dimension only, as in "
                             "reshape(-1, 5); give the other dimensions");
      return false;
    }
  if (dims.size() > 1 && dims[0] == -1 && staticProduct(dims, 1) == 0) {
    error(e.loc(), "reshape(-1, ...) with a zero dimension: numpy cannot infer -1 here");
    return false;
  }
  if (dims.size() > 3) {
    error(e.loc(), "arrays of more than 3 dimensions are not supported");
    return false;
  }
  return true;
}

/// `a.reshape(n, m)` of a 1-D array where a dimension is known only at run
/// time (`n = int(np.sqrt(values.size))`, or `reshape(3, -1)`): a block, a
/// 2-D array whose extents the value carries (frontend/Window.h), checked
/// and inferred at run time as numpy does (IRGen::genRuntimeReshape).
/// False when the reshape is one of constants that reshapeDims takes.
bool Sema::runtimeReshape(CallExpr &e, Expr &object, Type t, const std::vector<Expr *> &parts) {
  std::vector<Expr *> items = parts;
  if (parts.size() == 1)
    if (auto *tuple = dyn_cast<TupleExpr>(parts[0])) {
      items.clear();
      for (auto &el : tuple->elements)
        items.push_back(el.get());
    }
  if (items.size() != 2 || isWindow(object) || !isNdarray(t))
    return false;
  int64_t d0, d1;
  bool c0 = compileTimeInt(items[0], d0), c1 = compileTimeInt(items[1], d1);
  if (c0 && c1 && d1 != -1)
    return false; // known when compiling: a window (reshapeDims)
  for (Expr *item : items) {
    Type k = typeOf(*item);
    if (k != Type::Unknown && !isIntegral(k)) {
      error(item->loc(), std::string("reshape dimensions are ints, not a ") + typeName(k) +
                             "; convert with int(...)");
      return true;
    }
  }
  if (parts.size() == 1)
    parts[0]->type = Type::Tuple;
  e.shape = makeBlockShape();
  return true;
}

Type Sema::typeOfReshape(CallExpr &e, Expr &object, Type t, const std::vector<Expr *> &parts) {
  std::vector<int64_t> dims;
  if (runtimeReshape(e, object, t, parts))
    return t;
  if (!reshapeDims(e, parts, dims))
    return Type::Unknown;
  // Sizes known when compiling but not written as numbers (`K`, `2 * R +
  // 1`) become their numbers, which IRGen's size check reads.
  auto literal = [&](ExprPtr &slot) {
    int64_t d;
    if (std::find(parts.begin(), parts.end(), slot.get()) == parts.end() ||
        intConstant(slot.get(), d) || !compileTimeInt(slot.get(), d))
      return;
    slot = std::make_unique<IntLiteralExpr>(slot->loc(), d);
    slot->type = Type::Int;
  };
  for (ExprPtr &arg : e.args) {
    if (auto *t = dyn_cast<TupleExpr>(arg.get());
        t && std::find(parts.begin(), parts.end(), t) != parts.end()) {
      for (ExprPtr &el : t->elements) {
        int64_t d;
        if (!intConstant(el.get(), d) && compileTimeInt(el.get(), d)) {
          el = std::make_unique<IntLiteralExpr>(el->loc(), d);
          el->type = Type::Int;
        }
      }
      continue;
    }
    literal(arg);
  }
  if (isWindow(object) && !object.shape->strides.empty()) {
    error(e.loc(), "reshape of a non-contiguous 2-D view copies it in numpy; write "
                   "np.copy(w).reshape(...) or slice after reshaping");
    return Type::Unknown;
  }
  e.shape = dims.size() == 1 ? makeVectorShape(dims[0]) : makeWindowShape(dims);
  return t;
}

/// The array type a dtype argument names (`int`, `np.float64`, "bool"),
/// or Unknown after a report.
Type Sema::dtypeNamed(const Expr &arg) const {
  std::string dtype;
  if (auto *n = dyn_cast<NameExpr>(&arg)) {
    dtype = n->name;
  } else if (auto *a = dyn_cast<AttributeExpr>(&arg)) {
    auto *base = dyn_cast<NameExpr>(a->value.get());
    auto alias = base ? moduleAliases_.find(base->name) : moduleAliases_.end();
    if (alias != moduleAliases_.end())
      dtype = alias->second + "." + a->attr;
  } else if (auto *s = dyn_cast<StringLiteralExpr>(&arg)) {
    dtype = s->value;
  }
  for (const DtypeName &d : Dtypes)
    if (dtype == d.name)
      return d.array;
  return Type::Unknown;
}

Type Sema::dtypeArrayType(Expr &arg) {
  if (isa<NameExpr>(&arg) || isa<AttributeExpr>(&arg) || isa<StringLiteralExpr>(&arg))
    arg.type = Type::Function;
  Type t = dtypeNamed(arg);
  if (t == Type::Unknown)
    error(arg.loc(), "dtype not supported; use int, float, bool, np.int64 or np.float64");
  return t;
}

/// `a.astype(int)`, `.astype(np.float64)`, `.astype(bool)`: a new array.
Type Sema::typeOfAstype(CallExpr &e, Expr &object, Type t) {
  if (e.args.size() != 1 || !e.keywords.empty()) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), ".astype() takes one dtype here, as in a.astype(int)");
    return Type::Unknown;
  }
  Type array = dtypeArrayType(*e.args[0]);
  if (array != Type::Unknown) {
    {
      // order 'K': the layout of the array converted.
      e.shape = isWindow(object)
                    ? makeWindowShape(object.shape->dims,
                                      numpyLayout(object.shape->dims,
                                                  operandStrides(object.shape->dims, {&object})))
                    : nullptr;
      (void)t;
      return array;
    }
  }
  return Type::Unknown;
}

/// `np.zeros(n, dtype=int)`, `np.full(n, x, dtype=bool)`: a new array of
/// that element type.
Type Sema::typeOfTypedConstructor(CallExpr &e, const std::string &op, const KeywordArg &dtype) {
  size_t want = op == "full" ? 2 : 1;
  std::vector<Type> types;
  for (auto &a : e.args)
    types.push_back(typeOf(*a));
  for (const KeywordArg &k : e.keywords)
    if (&k != &dtype) {
      typeOf(*k.value);
      error(k.loc, "keyword argument '" + k.name + "' is not supported for 'numpy." + op + "'");
    }
  Type array = dtypeArrayType(*dtype.value);
  if (e.args.size() != want) {
    error(e.loc(), "'numpy." + op + "' takes " + std::to_string(want) + " argument(s) but " +
                       std::to_string(e.args.size()) + " were given");
    return Type::Unknown;
  }
  if (types[0] != Type::Unknown && !isIntegral(types[0]) && types[0] != Type::IntOrFloat) {
    error(e.args[0]->loc(), "the length of a new array must be an int");
    return Type::Unknown;
  }
  if (want == 2 && types[1] != Type::Unknown && !isNumeric(types[1]))
    requireNumeric(*e.args[1], types[1], "passed");
  return array;
}

/// `v @ w` of a 1-D `v` and a 2-D `w` (np.dot(v, w), np.matmul(v, w)):
/// numpy's vector-matrix product, out[j] = v[0] * w[0, j] + v[1] * w[1, j]
/// + ..., added left to right from 0.0 (reference BLAS's dgemv, numpy's own
/// loop alike), is `w.T @ v` term for term. Written so in place where both
/// operands are names (or `x.T`), which reading in the other order cannot
/// change; the new left side is typed by the caller. False otherwise.
bool swapVectorMatrix(ExprPtr &a, ExprPtr &b) {
  auto named = [](const Expr &x) {
    auto *t = dyn_cast<AttributeExpr>(&x);
    return isa<NameExpr>(&x) || (t && t->attr == "T" && isa<NameExpr>(t->value.get()));
  };
  // Lengths known and equal: a mismatch keeps numpy's message of v @ w.
  if (!named(*a) || !named(*b) || !isNdarray(a->type) || isWindow(*a) || !isWindow(*b) ||
      b->shape->dims.size() != 2 || !a->shape || a->shape->dims.size() != 1 ||
      a->shape->dims[0] == RuntimeDim || a->shape->dims[0] != b->shape->dims[0])
    return false;
  SourceLoc at = b->loc();
  ExprPtr v = std::move(a);
  a = std::make_unique<AttributeExpr>(at, std::move(b), "T");
  b = std::move(v);
  return true;
}

/// `np.dot(a, b)`, `a @ b`, `a.dot(b)`, `np.outer(a, b)`: 1-D . 1-D is a
/// number; 2-D . 1-D a 1-D array; 2-D . 2-D a 2-D array.
Type Sema::typeOfProduct(Expr &e, const std::string &op, Expr &a, Expr &b) {
  Type ta = a.type, tb = b.type;
  if (ta == Type::Unknown || tb == Type::Unknown)
    return Type::Unknown;
  if (!isNdarray(ta) || !isNdarray(tb)) {
    error(e.loc(), op == "outer" ? "np.outer needs two arrays"
                                 : "'@' and np.dot need two numpy arrays here; multiply "
                                   "numbers with '*'");
    return Type::Unknown;
  }
  size_t ra = isWindow(a) ? a.shape->dims.size() : 1;
  size_t rb = isWindow(b) ? b.shape->dims.size() : 1;
  auto dimsOf = [](Expr &x, size_t rank) {
    return rank == 1 ? std::vector<int64_t>{x.shape ? x.shape->dims[0] : RuntimeDim}
                     : x.shape->dims;
  };
  std::vector<int64_t> da = dimsOf(a, ra), db = dimsOf(b, rb);
  if (op == "outer") {
    // A run-time length: a block, once rewritten (SemaOuter.cpp).
    if (ra == 1 && rb == 1 && (da[0] == RuntimeDim || db[0] == RuntimeDim) && !reporting_ &&
        isa<CallExpr>(e)) {
      runtimeOuters_.insert(&cast<CallExpr>(e));
      return Type::Unknown;
    }
    if (ra != 1 || rb != 1 || da[0] == RuntimeDim || db[0] == RuntimeDim) {
      error(e.loc(), "np.outer of a 2-D array is not supported in llcc (numpy flattens it "
                     "first); write np.outer(a.ravel(), b.ravel())");
      return Type::Unknown;
    }
    e.shape = makeWindowShape({da[0], db[0]});
    return Type::FloatArray;
  }
  if (ra > 2 || rb > 2 || (ra == 1 && rb == 2)) {
    error(e.loc(), "'@' and np.dot are supported for 1-D . 1-D, 2-D . 1-D and 2-D . 2-D "
                   "arrays; write the sums out for other shapes");
    return Type::Unknown;
  }
  int64_t ka = da.back(), kb = db[0];
  if (ka != RuntimeDim && kb != RuntimeDim && ka != kb) {
    error(e.loc(), "shapes " + pythonShapeText(da) + " and " + pythonShapeText(db) +
                       " are not aligned for a product (numpy raises ValueError)");
    return Type::Unknown;
  }
  if (ra == 1)
    return Type::Float;
  if (rb == 1) {
    e.shape = makeVectorShape(da[0]);
    return Type::FloatArray;
  }
  if (da[0] == RuntimeDim && db[1] == RuntimeDim) {
    error(e.loc(), "a product of arrays whose shapes are known only at run time is not "
                   "supported; give every dimension to reshape");
    return Type::Unknown;
  }
  if (db[1] == RuntimeDim) {
    error(e.loc(), "a product whose columns are known only at run time is not supported; give "
                   "every dimension to reshape");
    return Type::Unknown;
  }
  e.shape = makeWindowShape({da[0], db[1]});
  return Type::FloatArray;
}

/// A reduction with `axis=` (`w.sum(axis=0)`, `np.mean(w, axis=1)`):
/// a 1-D array over the other dimension of a 2-D window.
Type Sema::typeOfAxisReduction(CallExpr &e, const std::string &op, Expr &array, Expr &axisExpr) {
  Type axisType = typeOf(axisExpr);
  if (isa<NoneLiteralExpr>(&axisExpr))
    return Type::Unknown; // axis=None: the plain reduction (not reached)
  int64_t axis;
  if (!intConstant(&axisExpr, axis)) {
    if (axisType != Type::Unknown)
      error(axisExpr.loc(), "axis must be a constant int, as in w.sum(axis=0)");
    return Type::Unknown;
  }
  if (array.type == Type::Unknown)
    return Type::Unknown;
  if (!isWindow(array)) {
    if (isArray(array.type) && (axis == 0 || axis == -1)) {
      error(axisExpr.loc(), "axis=0 of a 1-D array is the whole array; leave axis out");
      return Type::Unknown;
    }
    error(axisExpr.loc(), "axis " + std::to_string(axis) +
                              " is out of bounds for array of dimension 1");
    return Type::Unknown;
  }
  const std::vector<int64_t> &dims = array.shape->dims;
  if (dims.size() != 2) {
    error(axisExpr.loc(), "axis= is supported on 2-D arrays; reduce a 3-D array's slices "
                          "(w[i].sum(axis=0))");
    return Type::Unknown;
  }
  if (axis < -2 || axis > 1) {
    error(axisExpr.loc(), "axis " + std::to_string(axis) + " is out of bounds for array of dimension 2");
    return Type::Unknown;
  }
  if (!isAxisReduction(op)) {
    error(e.loc(), "axis= is supported for sum, mean, var, std, min, max, prod, median, "
                   "percentile, quantile, argmin, argmax, ptp, any and all; '" + op +
                       "' reduces the whole array");
    return Type::Unknown;
  }
  int64_t kept = dims[axis == 0 || axis == -2 ? 1 : 0];
  e.shape = makeVectorShape(kept);
  Type elem = elementType(array.type);
  if ((op == "sum" || op == "prod") && elem != Type::Float)
    return Type::IntArray;
  if ((op == "min" || op == "max") && elem == Type::Int)
    return Type::IntArray;
  return Type::FloatArray;
}

/// Calls typed here before typeOfArrayCall's generic rules: reshape,
/// astype, ravel/flatten, transpose, dot and axis= reductions. `args`
/// holds a method's object first (typed) and the untyped arguments.
bool Sema::typeOfWindowArrayCall(CallExpr &e, const std::string &name,
                                 const std::vector<Expr *> &args, bool typed, Type &out) {
  bool method = name.rfind("method.", 0) == 0;
  std::string op = opName(name);
  e.shape = nullptr;
  const KeywordArg *axisKw = nullptr;
  for (const KeywordArg &k : e.keywords)
    if (k.name == "axis")
      axisKw = &k;
  if (method && (op == "reshape" || op == "astype" || op == "ravel" || op == "flatten" ||
                 op == "transpose" || op == "dot")) {
    Expr &object = *args[0];
    Type t = object.type;
    std::vector<Expr *> rest(args.begin() + 1, args.end());
    if (t == Type::FloatList) {
      for (Expr *a : rest)
        if (!typed)
          typeOf(*a);
      error(e.callee->loc(), "a list has no method '." + op +
                                 "()'; lists support .sort() and .copy(), or use np.array(a)");
      out = Type::Unknown;
      return true;
    }
    if (op == "astype") {
      out = typeOfAstype(e, object, t);
      return true;
    }
    if (op == "reshape") {
      out = typeOfReshape(e, object, t, rest);
      return true;
    }
    for (Expr *a : rest)
      if (!typed)
        typeOf(*a);
    if (op == "dot") {
      if (rest.size() != 1) {
        error(e.loc(), ".dot() takes one array");
        out = Type::Unknown;
        return true;
      }
      out = typeOfProduct(e, "dot", object, *rest[0]);
      return true;
    }
    if (!rest.empty() || !e.keywords.empty()) {
      error(e.loc(), "." + op + "() takes no arguments here");
      out = Type::Unknown;
      return true;
    }
    if (op == "transpose") {
      if (isWindow(object)) {
        e.shape = transposedWindowShape(*object.shape);
        if (!e.shape) {
          error(e.loc(), RuntimeTransposeMessage);
          out = Type::Unknown;
          return true;
        }
      }
      out = t;
      return true;
    }
    // ravel, flatten: a new 1-D array in C order.
    if (t == Type::FloatList) {
      error(e.loc(), "a list has no method '." + op + "()'");
      out = Type::Unknown;
      return true;
    }
    bool known = isWindow(object) && object.shape->dims[0] != RuntimeDim;
    e.shape = known ? makeVectorShape(staticProduct(object.shape->dims, 0)) : nullptr;
    out = t;
    return true;
  }
  if (!method && (op == "zeros" || op == "ones" || op == "empty" || op == "full"))
    for (const KeywordArg &k : e.keywords)
      if (k.name == "dtype") {
        out = typeOfTypedConstructor(e, op, k);
        return true;
      }
  if (!axisKw && !(method && isAxisReduction(op) && args.size() == 2) &&
      !(name.rfind("numpy.", 0) == 0 && isAxisReduction(op) && args.size() == 2))
    return false;
  // A reduction with an axis: keyword or second positional argument.
  if (!isAxisReduction(op) && !axisKw)
    return false;
  int64_t axis1d;
  if (axisKw && ((!isWindow(*args[0]) && intConstant(axisKw->value.get(), axis1d) &&
                  (axis1d == 0 || axis1d == -1)) ||
                 isa<NoneLiteralExpr>(axisKw->value.get())))
    return false; // the whole of a 1-D array (typeOfArrayCall skips the keyword)
  if (!typed)
    for (size_t i = method ? 1 : 0; i < args.size(); ++i)
      typeOf(*args[i]);
  Expr *axisExpr = axisKw ? axisKw->value.get() : args[1];
  if (isa<NoneLiteralExpr>(axisExpr) || args.size() > (axisKw ? 1u : 2u)) {
    error(axisExpr->loc(), "axis= takes one int here; axis=None is the default");
    out = Type::Unknown;
    return true;
  }
  for (const KeywordArg &k : e.keywords)
    if (&k != axisKw) {
      if (k.name == "ddof" && (op == "var" || op == "std")) {
        Type dt = typeOf(*k.value);
        if (!isIntegral(dt) && dt != Type::IntOrFloat && dt != Type::Unknown)
          error(k.value->loc(), "ddof must be an int");
        continue;
      }
      typeOf(*k.value);
      error(k.loc, "keyword argument '" + k.name + "' is not supported with axis=");
    }
  out = typeOfAxisReduction(e, op, *args[0], *axisExpr);
  return true;
}

/// numpy functions typed here: np.reshape, np.dot, np.matmul, np.outer,
/// np.size, np.ndim, np.ravel, np.transpose.
bool Sema::typeOfWindowBuiltin(CallExpr &e, const std::string &name, Type &out) {
  static const char *const Names[] = {"numpy.reshape", "numpy.dot",  "numpy.matmul",
                                      "numpy.outer",   "numpy.size", "numpy.ndim",
                                      "numpy.ravel",   "numpy.transpose"};
  bool mine = false;
  for (const char *n : Names)
    mine |= name == n;
  if (!mine)
    return false;
  out = Type::Unknown;
  e.shape = nullptr;
  std::string op = opName(name);
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    error(k.loc, "keyword argument '" + k.name + "' is not supported for '" + name + "'");
  }
  size_t want = op == "reshape" || op == "dot" || op == "matmul" || op == "outer" ? 2 : 1;
  if (e.args.size() != want) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), "'" + name + "' takes " + std::to_string(want) + " argument(s) but " +
                       std::to_string(e.args.size()) + " were given");
    return true;
  }
  Type t = typeOf(*e.args[0]);
  if (t == Type::Unknown)
    return true;
  if (!isNdarray(t) && !(op == "size" || op == "ndim")) {
    error(e.args[0]->loc(), "'" + name + "' needs an array here, not a " + typeName(t));
    return true;
  }
  if (op == "size" || op == "ndim") {
    if (!isArray(t) && !isNumeric(t))
      requireNumeric(*e.args[0], t, "passed");
    out = Type::Int;
    return true;
  }
  if (op == "reshape") {
    out = typeOfReshape(e, *e.args[0], t, {e.args[1].get()});
    return true;
  }
  if (op == "ravel" || op == "transpose") {
    std::vector<Expr *> args{e.args[0].get()};
    return typeOfWindowArrayCall(e, "method." + op, args, true, out);
  }
  typeOf(*e.args[1]);
  if (op != "outer" && swapVectorMatrix(e.args[0], e.args[1]))
    typeOf(*e.args[0]); // np.dot(v, w) as np.dot(w.T, v)
  out = typeOfProduct(e, op == "matmul" ? "dot" : op, *e.args[0], *e.args[1]);
  return true;
}

/// Window arguments that the generic array rules would misread: Python's
/// builtins iterate rows, np.sort sorts each row.
bool Sema::checkWindowArguments(CallExpr &e, const std::string &name, const std::vector<Expr *> &args) {
  bool anyWindow = false;
  for (Expr *a : args)
    anyWindow |= isWindow(*a);
  if (!anyWindow)
    return true;
  std::string op = opName(name);
  bool method = name.rfind("method.", 0) == 0;
  if (name == "sum" || name == "min" || name == "max" || name == "sorted" || name == "any" ||
      name == "all") {
    error(e.loc(), "Python's " + name + "() of a 2-D array works row by row; use np." +
                       (name == "sorted" ? std::string("sort(w.ravel())") : name + "(w)") +
                       " or w.ravel()");
    return false;
  }
  if (op == "sort" || op == "argmin" || op == "argmax") {
    // np.sort of a 2-D array whose extents are known sorts lane by lane
    // (SemaLanes.cpp); what is left here is not written out.
    if (op == "sort" && method)
      error(e.loc(), "w.sort() of a 2-D array sorts each row in place, which llcc does not "
                     "compile; write w = np.sort(w) (each row) or np.sort(w.ravel())");
    else if (op == "sort")
      error(e.loc(), "np.sort of a 2-D array sorts each row (axis=0: each column); llcc "
                     "compiles it where both extents are known when compiling "
                     "(values.reshape(3, 3)) and the array can be read again (a name); "
                     "otherwise use np.sort(w.ravel())");
    return op != "sort";
  }
  return true;
}

} // namespace sema
} // namespace llcc
