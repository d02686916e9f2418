//===- SemaStack.cpp - np.stack, np.vstack, np.column_stack -----------------===//
//
// `np.stack([a, b, c])`, `np.vstack((a, b, c))` and `np.column_stack([a,
// b, c])` of a display of 1-D arrays make a new 2-D array (a window,
// frontend/Window.h) that the window features index, slice and reduce
// (`m[1, :]`, `m.sum(axis=0)`). The number of arrays is the display's
// length; their common length is a dimension too, known at compile time
// when the arrays are rows or columns of windows (or other arrays of a
// static length) and otherwise only at run time, which a window allows for
// its first dimension alone: so column_stack (and stack with axis=1) takes
// any 1-D arrays, while stack and vstack, whose rows are the arrays, need
// their length known. Lengths that differ at run time raise numpy's
// ValueError (codegen/IRGenStack.cpp).
//
// A 2-D array written out in a function, `np.array([[0, 1, 0], [1, -4, 1],
// [0, 1, 0]])` (lists or tuples, any expressions as elements), is the same
// array as np.stack of its rows each made by np.array: rewritten so here,
// with dtype= given to every row.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>

namespace llcc {
namespace sema {

bool isStackFunction(const std::string &name) {
  return name == "numpy.stack" || name == "numpy.vstack" || name == "numpy.column_stack";
}

/// The arrays of a stack call's display ([a, b] or (a, b)); empty when the
/// argument is no display.
std::vector<Expr *> stackedArrays(const CallExpr &e) {
  std::vector<Expr *> out;
  if (e.args.size() != 1)
    return out;
  if (auto *l = dyn_cast<ListExpr>(e.args[0].get()))
    for (auto &el : l->elements)
      out.push_back(el.get());
  if (auto *t = dyn_cast<TupleExpr>(e.args[0].get()))
    for (auto &el : t->elements)
      out.push_back(el.get());
  return out;
}

/// Whether a stack call lays the arrays out as columns (column_stack,
/// stack(..., axis=1) or axis=-1); sets `ok` false for another axis.
bool stacksColumns(const CallExpr &e, bool &ok) {
  ok = true;
  if (e.builtin == "numpy.column_stack")
    return true;
  for (const KeywordArg &k : e.keywords)
    if (k.name == "axis") {
      int64_t axis = 0;
      if (!intConstant(k.value.get(), axis) || axis < -2 || axis > 1) {
        ok = false;
        return false;
      }
      return axis == 1 || axis == -1;
    }
  return false;
}

namespace {
/// The elements of a list or tuple display; null for anything else.
std::vector<ExprPtr> *displayElements(Expr *e) {
  if (!e)
    return nullptr;
  if (auto *l = dyn_cast<ListExpr>(e))
    return &l->elements;
  if (auto *t = dyn_cast<TupleExpr>(e))
    return &t->elements;
  return nullptr;
}

/// A fresh copy of a callee or a dtype= value: a name or `module.name`
/// (copyPure's copy); null for anything else.
ExprPtr copyDottedName(const Expr &e) {
  const Expr *x = &e;
  while (auto *a = dyn_cast<AttributeExpr>(x))
    x = a->value.get();
  return isa<NameExpr>(x) ? copyPure(&e) : nullptr;
}
} // namespace

bool Sema::rewriteNestedArrayDisplay(CallExpr &e, bool &diagnosed) {
  diagnosed = false;
  std::vector<ExprPtr> *rows = e.args.size() == 1 ? displayElements(e.args[0].get()) : nullptr;
  if (!rows || rows->empty())
    return false;
  for (ExprPtr &row : *rows)
    if (!displayElements(row.get()))
      return false;
  size_t width = displayElements((*rows)[0].get())->size();
  for (ExprPtr &row : *rows) {
    std::vector<ExprPtr> *items = displayElements(row.get());
    for (ExprPtr &item : *items)
      if (displayElements(item.get())) {
        error(item->loc(), "np.array of lists nested three deep makes a 3-D array, which llcc "
                           "makes only by reshaping (np.array(flat).reshape(2, 3, 3))");
        diagnosed = true;
        return false;
      }
    if (items->size() != width) {
      error(row->loc(), "np.array of rows of different lengths (" + std::to_string(width) +
                            " and " + std::to_string(items->size()) +
                            "): numpy raises ValueError (an inhomogeneous shape)");
      diagnosed = true;
      return false;
    }
  }
  const KeywordArg *dtype = nullptr;
  for (const KeywordArg &k : e.keywords)
    if (k.name == "dtype")
      dtype = &k;
  std::vector<ExprPtr> made;
  for (ExprPtr &row : *rows) {
    SourceLoc loc = row->loc();
    std::vector<KeywordArg> keywords;
    if (dtype) {
      ExprPtr value = copyDottedName(*dtype->value);
      if (!value) {
        error(dtype->value->loc(), "dtype= of a 2-D np.array takes a name such as float, int, "
                                   "np.float64 or np.int64");
        diagnosed = true;
        return false;
      }
      keywords.push_back(KeywordArg{dtype->loc, "dtype", std::move(value)});
    }
    ExprPtr callee = copyDottedName(*e.callee);
    internalCheck(callee != nullptr, "np.array called through no name");
    std::vector<ExprPtr> args;
    args.push_back(std::move(row));
    made.push_back(
        std::make_unique<CallExpr>(loc, std::move(callee), std::move(args), std::move(keywords)));
  }
  SourceLoc displayLoc = e.args[0]->loc();
  e.args[0] = std::make_unique<ListExpr>(displayLoc, std::move(made));
  e.keywords.erase(std::remove_if(e.keywords.begin(), e.keywords.end(),
                                  [](const KeywordArg &k) { return k.name == "dtype"; }),
                   e.keywords.end());
  if (auto *a = dyn_cast<AttributeExpr>(e.callee.get())) {
    a->attr = "stack";
    a->qualifiedName = "numpy.stack";
  }
  return true;
}

bool Sema::typeOfStackCall(CallExpr &e, const std::string &name, Type &out) {
  if (!isStackFunction(name))
    return false;
  out = Type::Unknown;
  std::vector<Expr *> arrays = stackedArrays(e);
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    if (k.name != "axis" || name != "numpy.stack")
      error(k.loc, "keyword argument '" + k.name + "' is not supported for '" + name + "'");
  }
  if (arrays.empty()) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), "'" + name + "' takes one list or tuple of 1-D arrays written out here "
                   "(" + name.substr(6) + "([a, b, c])); for a list built at run time, reduce "
                   "each array in a comprehension or reshape the buffer (values.reshape(3, 3))");
    return true;
  }
  bool ok = true;
  bool columns = stacksColumns(e, ok);
  if (!ok) {
    error(e.loc(), "np.stack of 1-D arrays takes axis=0, 1 or -1 as a constant");
    return true;
  }
  Type kind = Type::Unknown;
  int64_t length = RuntimeDim;
  bool first = true, known = true;
  for (Expr *a : arrays) {
    Type t = typeOf(*a);
    if (t == Type::Unknown) {
      ok = false;
      continue;
    }
    if (!isNdarray(t) || isWindow(*a)) {
      error(a->loc(), "'" + name + "' stacks 1-D arrays here, not a " +
                          (isWindow(*a) ? std::string("2-D or 3-D array") : typeName(t)) +
                          "; stack its rows (w[0], w[1], ...) or reshape");
      ok = false;
      continue;
    }
    kind = kind == Type::Unknown ? t
           : kind == t           ? t
           : (kind == Type::FloatArray || t == Type::FloatArray) ? Type::FloatArray
                                                                 : Type::IntArray;
    int64_t n = a->shape && a->shape->dims.size() == 1 ? a->shape->dims[0] : RuntimeDim;
    if (first)
      length = n;
    else if (n != length)
      known = false;
    first = false;
  }
  if (auto *l = dyn_cast<ListExpr>(e.args[0].get()))
    l->type = Type::ArrayList; // typed element by element here
  if (!ok)
    return true;
  if (!known || length == RuntimeDim)
    length = RuntimeDim;
  auto k = static_cast<int64_t>(arrays.size());
  if (!columns && length == RuntimeDim) {
    error(e.loc(), "'" + name + "' of 1-D arrays whose length is known only at run time makes "
                   "rows of unknown length, which llcc's 2-D arrays cannot have; stack them as "
                   "columns (np.column_stack(arrays), indexed m[j, i]) or stack rows of a "
                   "window (w = values.reshape(3, 3); np.stack([w[0], w[2]]))");
    return true;
  }
  e.shape = columns ? makeWindowShape({length, k}) : makeWindowShape({k, length});
  out = kind;
  return true;
}

} // namespace sema
} // namespace llcc
