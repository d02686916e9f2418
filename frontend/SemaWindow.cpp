//===- SemaWindow.cpp - Typing of windows, masks and index arrays -----------===//
//
// Shapes for numpy code on arrays of two or more dimensions (Window.h):
// `values.reshape(5, 5)`, `w[i, j]`, `w[1:-1, :2]`, `w.T`, `w.shape[k]`,
// `for row in w`, reductions with `axis=`, `np.dot`/`@`/`np.outer`; and
// numpy's other indexing of one-dimensional arrays: by a boolean mask
// (`values[values > t]`) or an int array (`a[idx]`), with `.astype(int)`
// making int arrays. Each typing function sets the expression's Shape and
// reports what llcc cannot compile, naming what to write instead.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaImpl.h"

#include <algorithm>

namespace llcc {
namespace sema {

namespace {

std::string opName(const std::string &name) {
  if (name.rfind("method.", 0) == 0 || name.rfind("numpy.", 0) == 0)
    return name.substr(name.find('.') + 1);
  return name;
}

} // namespace

bool Sema::isAxisReduction(const std::string &op) { return isAxisReductionOp(op); }

const Expr *Sema::viewedArray(const Expr &e) {
  if (auto *a = dyn_cast<AttributeExpr>(&e); a && a->attr == "T" && isArray(a->value->type))
    return a->value.get();
  if (auto *c = dyn_cast<CallExpr>(&e)) {
    // ravel is a view of a contiguous array (a copy of another, which
    // llcc takes as a view too: read-only where its array is).
    if (c->builtin == "method.reshape" || c->builtin == "method.transpose" ||
        c->builtin == "method.ravel")
      return cast<AttributeExpr>(*c->callee).value.get();
    if ((c->builtin == "numpy.reshape" || c->builtin == "numpy.transpose" ||
         c->builtin == "numpy.ravel" ||
         c->builtin == ViewBuiltin) &&
        !c->args.empty())
      return c->args[0].get();
  }
  return nullptr;
}

/// The shape of an array-valued expression whose typing did not set one:
/// a variable's, or the broadcast of an elementwise operation's operands.
void Sema::propagateShape(Expr &e) {
  std::vector<Expr *> operands;
  switch (e.kind()) {
  case Expr::Kind::Name: {
    auto &n = cast<NameExpr>(e);
    e.shape = n.ref == NameRef::Local && fn_ ? fn_->locals[n.localIndex].shape
              : n.ref == NameRef::Constant ? module_.constants[n.constIndex].shape // W = np.array(...)
                                           : nullptr;
    return;
  }
  case Expr::Kind::Unary:
    operands.push_back(cast<UnaryExpr>(e).operand.get());
    break;
  case Expr::Kind::Binary: {
    auto &b = cast<BinaryExpr>(e);
    if (b.op == BinaryOp::MatMul)
      return; // set by typeOfMatmul
    operands = {b.lhs.get(), b.rhs.get()};
    break;
  }
  case Expr::Kind::Compare:
    for (auto &o : cast<CompareExpr>(e).operands)
      operands.push_back(o.get());
    break;
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(e);
    for (auto &a : c.args)
      if (a->type == Type::ArrayList)
        return; // min/max of a list of arrays: set by typeOfArrayListBuiltin
    std::string op = opName(c.builtin);
    bool method = c.builtin.rfind("method.", 0) == 0;
    if (!method && op == "array" && c.args.size() == 1 &&
        (isa<ListExpr>(c.args[0].get()) || isa<TupleExpr>(c.args[0].get()))) {
      // np.array([a, b, c]) of numbers: its length is the display's, so
      // that rows of it stack into a 2-D array (np.array([[...], [...]]),
      // SemaStack.cpp).
      auto *l = dyn_cast<ListExpr>(c.args[0].get());
      const std::vector<ExprPtr> &items = l ? l->elements : cast<TupleExpr>(*c.args[0]).elements;
      bool numbers = true;
      for (const ExprPtr &item : items)
        numbers &= isNumeric(item->type);
      e.shape = numbers ? makeVectorShape(static_cast<int64_t>(items.size())) : nullptr;
      return;
    }
    if (method && op == "copy") {
      auto &object = *cast<AttributeExpr>(*c.callee).value;
      e.shape = isWindow(object) ? makeWindowShape(object.shape->dims) : nullptr; // order 'C'
      return;
    } else if (!method && (op == "copy" || op == "array" || op == "where" || op == "clip" ||
                         c.builtin == "abs" ||
                         (findBuiltinFunction(c.builtin) &&
                          findBuiltinFunction(c.builtin)->result != BuiltinResult::Reduce &&
                          findBuiltinFunction(c.builtin)->result != BuiltinResult::NewArray &&
                          findBuiltinFunction(c.builtin)->result != BuiltinResult::Special)))
      for (auto &a : c.args)
        operands.push_back(a.get());
    else
      return; // set by the call's own typing
    break;
  }
  default:
    return;
  }
  // numpy broadcasting, with the dimensions aligned on the right: equal
  // extents, or an extent of 1 repeated. An array of a length known only
  // at run time does not meet a window (its length would decide at run
  // time whether it broadcasts).
  std::vector<int64_t> dims;
  bool window = false, runtimeVector = false;
  for (Expr *o : operands)
    if (isArray(o->type)) {
      window |= isWindow(*o);
      runtimeVector |= !o->shape && !isWindow(*o);
    }
  if (!window) {
    // 1-D operands all of one length known at compile time (rows and
    // columns of windows, and arithmetic of them) give that length, so
    // that `np.stack([w[1] - w[0], w[2]])` has rows of a known length.
    int64_t length = RuntimeDim;
    bool known = true;
    for (Expr *o : operands)
      if (isArray(o->type)) {
        int64_t n = o->shape && o->shape->dims.size() == 1 ? o->shape->dims[0] : RuntimeDim;
        known &= n != RuntimeDim && (length == RuntimeDim || n == length);
        length = n;
      }
    e.shape = known ? makeVectorShape(length) : nullptr;
    return;
  }
  if (runtimeVector) {
    // (A 2-D array meeting one in an operator or an elementwise numpy
    // function is its row: SemaNewaxis.cpp.)
    error(e.loc(), "combining a 3-D array with a 1-D array of unknown length is not supported; "
                   "combine planes (t[k] + a) or give both a shape with reshape");
    e.shape = makeWindowShape({1, 1});
    return;
  }
  // With a block among the operands every extent of the result may be
  // known only at run time: it is a new block (C-contiguous), and the
  // lowering checks the extents as numpy does (IRGen::broadcastBlocks).
  bool block = false, deep = false;
  for (Expr *o : operands)
    if (isArray(o->type)) {
      block |= isBlock(*o);
      deep |= o->shape->dims.size() > 2;
    }
  bool promoted = false;
  if (block) {
    if (deep)
      error(e.loc(), "combining a block at run-time offsets (w[i:i + 2, j:j + 2]) with a 3-D "
                     "array is not supported; combine it with a 2-D plane (c[k])");
    e.shape = makeBlockShape();
    return;
  }
  for (Expr *o : operands) {
    if (!isArray(o->type))
      continue;
    const std::vector<int64_t> &od = o->shape->dims;
    if (od.size() > dims.size())
      dims.insert(dims.begin(), od.size() - dims.size(), 1);
    for (size_t k = 0; k < od.size(); ++k) {
      int64_t &d = dims[dims.size() - od.size() + k];
      int64_t x = od[k];
      if (d == x || x == 1)
        continue;
      if (d == 1) {
        d = x;
        continue;
      }
      if ((d == RuntimeDim || x == RuntimeDim) && dims.size() == 2 && od.size() == 2) {
        // Rows known only at run time against a fixed count other than 1
        // (w[i:i + 2, :2] - K): numpy's answer depends on the run-time
        // extent, so the result is a block, checked at run time.
        d = RuntimeDim;
        promoted = true;
        continue;
      }
      if (d == RuntimeDim || x == RuntimeDim) // numpy's answer depends on the run-time extent
        error(e.loc(), "combining arrays of shapes " + pythonShapeText(dims) + " and " +
                           pythonShapeText(od) +
                           " is not supported: one extent is known only at run time; slice "
                           "both with run-time bounds (w[i:i + 2] - w[j:j + 2])");
      else
        error(e.loc(), "operands could not be broadcast together with shapes " +
                           pythonShapeText(dims) + " and " + pythonShapeText(od) +
                           " (numpy raises ValueError)");
      e.shape = makeWindowShape(dims);
      return;
    }
  }
  if (promoted) {
    e.shape = makeBlockShape();
    return;
  }
  for (size_t k = 1; k < dims.size(); ++k)
    if (dims[k] == RuntimeDim) {
      error(e.loc(), "this broadcast puts a dimension known only at run time after the first; "
                     "give every dimension to reshape");
      e.shape = makeWindowShape(dims);
      return;
    }
  e.shape = makeWindowShape(dims, numpyLayout(dims, operandStrides(dims, operands)));
}

/// Each window operand's strides along the result's dimensions (0 where it
/// broadcasts), for numpyLayout.
std::vector<std::vector<int64_t>> Sema::operandStrides(const std::vector<int64_t> &dims,
                                                        const std::vector<Expr *> &operands) {
  std::vector<std::vector<int64_t>> out;
  for (Expr *o : operands) {
    if (!isWindow(*o))
      continue;
    const std::vector<int64_t> &od = o->shape->dims;
    std::vector<int64_t> os = windowStrides(*o->shape);
    std::vector<int64_t> s(dims.size(), 0);
    for (size_t k = 0; k < od.size(); ++k)
      if (od[k] != 1)
        s[dims.size() - od.size() + k] = os[k];
    out.push_back(s);
  }
  return out;
}

namespace {
/// An int literal or its negation (`2`, `-1`).
bool intLiteralIndex(const Expr *e) {
  if (auto *u = dyn_cast<UnaryExpr>(e); u && u->op == UnaryExpr::Op::Neg)
    e = u->operand.get();
  return isa<IntLiteralExpr>(e);
}

/// `w[[0, 1, 1, 2], [1, 0, 2, 1]]` of a named array, an index per
/// dimension, each a list of int literals or one int literal, the lists of
/// one length (or of one element, broadcast as numpy does): the number of
/// elements picked, 0 for any other subscript.
size_t intListPicks(const SubscriptExpr &s, size_t rank) {
  auto *t = dyn_cast<TupleExpr>(s.index.get());
  if (!t || !isa<NameExpr>(s.value.get()) || t->elements.size() != rank)
    return 0;
  size_t n = 0;
  bool lists = false;
  for (const ExprPtr &x : t->elements) {
    auto *l = dyn_cast<ListExpr>(x.get());
    if (!l) {
      if (!intLiteralIndex(x.get()))
        return 0;
      continue;
    }
    lists = true;
    size_t m = l->elements.size();
    if (m == 0 || !std::all_of(l->elements.begin(), l->elements.end(),
                               [](const ExprPtr &i) { return intLiteralIndex(i.get()); }))
      return 0;
    if (n > 1 && m != 1 && m != n)
      return 0; // numpy's shape mismatch: left to the refusal below
    n = std::max(n, m);
  }
  return lists ? n : 0;
}
} // namespace

/// `w[[0, 1, 1, 2], [1, 0, 2, 1]]` (numpy's integer-array indexing by
/// lists written out, one per dimension) is the 1-D array of those
/// elements, `np.array([w[0, 1], w[1, 0], w[1, 2], w[2, 1]])`, of `w`'s
/// dtype; each read checks its bounds as numpy does. The subscript becomes
/// `np.array([...])[...]` in place (a store through such an index is
/// refused before it is typed: SemaStmt.cpp).
bool Sema::lowerIntListPicks(SubscriptExpr &s) {
  size_t n = intListPicks(s, s.value->shape ? s.value->shape->dims.size() : 0);
  if (n == 0)
    return false;
  SourceLoc at = s.loc();
  auto &parts = cast<TupleExpr>(*s.index).elements;
  std::vector<ExprPtr> picks;
  for (size_t k = 0; k < n; ++k) {
    std::vector<ExprPtr> index;
    for (const ExprPtr &x : parts) {
      auto *l = dyn_cast<ListExpr>(x.get());
      index.push_back(cloneExpr(l ? l->elements[l->elements.size() == 1 ? 0 : k].get() : x.get()));
    }
    picks.push_back(std::make_unique<SubscriptExpr>(at, cloneExpr(s.value.get()),
                                                    std::make_unique<TupleExpr>(at, std::move(index))));
  }
  std::vector<ExprPtr> args;
  args.push_back(std::make_unique<ListExpr>(at, std::move(picks)));
  s.value = std::make_unique<CallExpr>(
      at, std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, numpyAlias()), "array"),
      std::move(args), std::vector<KeywordArg>{});
  s.index = std::make_unique<NameExpr>(at, "...");
  return true;
}

/// `w[i, j]`, `w[i][j]`, `w[1:-1, :2]`, `w[:, j]`, `w[i]`.
Type Sema::typeOfWindowSubscript(SubscriptExpr &s, Type v, bool indexTyped) {
  if (!indexTyped && lowerIntListPicks(s))
    return typeOf(s);
  auto typeIndex = [&](Expr &part) {
    if (auto *slice = dyn_cast<SliceExpr>(&part)) {
      for (Expr *p : {slice->start.get(), slice->stop.get(), slice->step.get()})
        if (p && !isa<NoneLiteralExpr>(p)) {
          Type t = typeOf(*p);
          if (t != Type::Unknown && !isIntegral(t) && t != Type::IntOrFloat)
            error(p->loc(), "slice indices must be integers");
        }
      return true;
    }
    if (auto *n = dyn_cast<NameExpr>(&part); n && n->name == "...")
      return true;
    Type t = indexTyped ? part.type : typeOf(part);
    if (isArray(t)) {
      error(part.loc(), "indexing a 2-D array with an array inside a tuple is not supported; "
                        "index with a mask of the same shape (w[w > t]) or with ints and slices");
      return false;
    }
    if (t == Type::Float)
      error(part.loc(), "array indices must be integers, not float; use int(...)");
    else if (t != Type::Unknown && !isIntegral(t) && t != Type::IntOrFloat)
      requireNumeric(part, t, "used as an index");
    return t != Type::Unknown;
  };
  bool ok = true;
  if (auto *t = dyn_cast<TupleExpr>(s.index.get())) {
    for (auto &el : t->elements)
      ok &= typeIndex(*el);
    t->type = Type::Tuple;
  } else {
    ok = typeIndex(*s.index);
  }
  if (!ok)
    return Type::Unknown;
  WindowIndexing plan = planWindowIndex(*s.value->shape, *s.index);
  if (!plan.error.empty()) {
    error(plan.errorLoc, plan.error);
    return Type::Unknown;
  }
  if (plan.dims.empty())
    return elementType(v);
  s.shape = plan.dims.size() == 1 ? makeVectorShape(plan.dims[0])
            : plan.dims.size() == 2 && plan.dims[1] == RuntimeDim
                ? makeBlockShape(plan.strides)
                : makeWindowShape(plan.dims, plan.strides);
  return v;
}

/// `a[mask]` and `a[idx]`: numpy's boolean and integer-array indexing,
/// giving a new one-dimensional array.
Type Sema::typeOfArrayIndex(SubscriptExpr &s, Type v, Type i) {
  s.shape = nullptr;
  if (i == Type::BoolArray) {
    bool baseWindow = isWindow(*s.value), maskWindow = isWindow(*s.index);
    if (baseWindow != maskWindow ||
        (baseWindow && s.value->shape->dims != s.index->shape->dims)) {
      error(s.index->loc(), "a boolean mask must have the shape of the array it indexes, as in "
                            "values[values > t] or w[w > t]");
      return Type::Unknown;
    }
    return v;
  }
  if (i == Type::IntArray) {
    if (isWindow(*s.value) || isWindow(*s.index)) {
      error(s.index->loc(), "indexing a 2-D array with an int array is not supported; index the "
                            "flattened array (w.ravel()[idx]) or use w[i, j]");
      return Type::Unknown;
    }
    return v;
  }
  error(s.index->loc(), i == Type::FloatList
                            ? "indexing with a list is not supported; use an int array "
                              "(np.array(...).astype(int)) or a boolean mask"
                            : "arrays used as indices must be of integer (or boolean) type; "
                              "use a mask (values > t) or .astype(int)");
  return Type::Unknown;
}

/// `w.T`, `a.ndim` (`.size` and `.shape` are typed by typeOfAttribute).
bool Sema::typeOfArrayAttribute(AttributeExpr &e, Type base, Type &out) {
  e.shape = nullptr;
  if (e.attr == "ndim") {
    out = Type::Int;
    return true;
  }
  if (e.attr != "T")
    return false;
  out = base;
  if (!isWindow(*e.value)) {
    e.shape = e.value->shape;
    return true;
  }
  e.shape = transposedWindowShape(*e.value->shape);
  if (!e.shape) {
    error(e.loc(), RuntimeTransposeMessage);
    out = Type::Unknown;
  }
  return true;
}

/// `w.shape[k]`: a dimension's extent.
bool Sema::typeOfShapeSubscript(SubscriptExpr &s, Type &out) {
  auto &attr = cast<AttributeExpr>(*s.value);
  if (!isWindow(*attr.value))
    return false;
  int64_t k;
  int64_t rank = static_cast<int64_t>(attr.value->shape->dims.size());
  if (!intConstant(s.index.get(), k) || k < -rank || k >= rank) {
    typeOf(*s.index);
    error(s.index->loc(), "a.shape needs a constant index from " + std::to_string(-rank) +
                              " to " + std::to_string(rank - 1) + " here");
    out = Type::Unknown;
    return true;
  }
  typeOf(*s.index);
  out = Type::Int;
  return true;
}

/// Joins the shape of a window assigned to (or passed as) a variable.
void Sema::joinLocalShape(LocalVar &var, bool arrayValue, const ShapeRef &shape, SourceLoc loc) {
  if (!arrayValue)
    return;
  if (!var.shape && shape && !var.windowSeen) {
    var.shape = shape;
    var.windowSeen = true;
    changed_ = true;
    return;
  }
  var.windowSeen = true;
  if (sameShape(var.shape, shape) || (!var.shape && !shape))
    return;
  if (!isWindowShape(var.shape) && !isWindowShape(shape)) {
    // 1-D arrays of different (or not all known) lengths: a 1-D array
    // whose length is known only at run time.
    var.shape = nullptr;
    changed_ = true;
    return;
  }
  if (var.shape && shape && var.shape->dims == shape->dims)
    error(loc, "'" + var.name + "' holds " + pythonShapeText(shape->dims) +
                   " arrays of different memory layouts (a view and a transposed or stepped "
                   "one); use a separate variable for each");
  else
    error(loc, "'" + var.name + "' holds arrays of different shapes (" +
                   (var.shape ? pythonShapeText(var.shape->dims) : std::string("1-D")) + " and " +
                   (shape ? pythonShapeText(shape->dims) : std::string("1-D")) +
                   "); use a separate variable for each");
}

/// `for row in w:` binds each row: a 1-D array of a 2-D window, a 2-D
/// window of a 3-D one; a view, read-only when the window is.
void Sema::typeWindowLoopTarget(ForStmt &s) {
  auto &name = cast<NameExpr>(*s.target);
  if (!isWindow(*s.iter) || name.ref != NameRef::Local)
    return;
  typeWindowRow(fn_->locals[name.localIndex], *s.iter, s.target->loc());
}

/// `var` holds the rows of the window `iter` (a for loop's or a
/// comprehension's variable): 1-D arrays, or 2-D windows of a 3-D one.
void Sema::typeWindowRow(LocalVar &var, const Expr &iter, SourceLoc loc) {
  const Shape &shape = *iter.shape;
  ShapeRef row;
  if (shape.dims.size() > 2) {
    std::vector<int64_t> strides = windowStrides(shape);
    row = makeWindowShape({shape.dims.begin() + 1, shape.dims.end()},
                          {strides.begin() + 1, strides.end()});
  }
  joinLocalShape(var, true, row, loc);
  if (isReadonlyArrayExpr(iter) && !var.readonlyArray) {
    var.readonlyArray = true;
    changed_ = true;
  }
  if (!var.windowView && viewsWindow(iter)) {
    var.windowView = true;
    changed_ = true;
  }
}

/// Stores into an array: `a[mask] = v`, `a[idx] = v` (IRGenIndexStore.cpp;
/// typing the target checked the index: a mask of the array's shape, a
/// 1-D int array of a 1-D array), and a view of a 2-D (n-D) array, `g[i, :]
/// = row`, `g[:, j] = 0.0`, `g[1:3, :2] = block`, `g[...] = v`: numpy's
/// broadcasting, checked at run time (IRGen::storeBroadcast).
bool Sema::checkArrayStore(SubscriptExpr &target) {
  (void)target;
  return true;
}

bool Sema::typeShapeUnpack(TupleExpr &targets, Expr &value) {
  auto *attr = dyn_cast<AttributeExpr>(&value);
  if (!attr || attr->attr != "shape")
    return false;
  Type t = typeOf(value);
  if (t != Type::Tuple || !isArray(attr->value->type))
    return true; // reported by typeOf
  size_t rank = isWindow(*attr->value) ? attr->value->shape->dims.size() : 1;
  if (targets.elements.size() != rank) {
    error(targets.loc(), (targets.elements.size() < rank ? "too many" : "not enough") +
                             std::string(" values to unpack (expected ") +
                             std::to_string(targets.elements.size()) + ", got " +
                             std::to_string(rank) + "): the array has " + std::to_string(rank) +
                             " dimension(s)");
    return true;
  }
  for (auto &el : targets.elements)
    assignTo(*el, Type::Int, el->loc());
  targets.type = Type::Tuple;
  return true;
}

} // namespace sema
} // namespace llcc
