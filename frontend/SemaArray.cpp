//===- SemaArray.cpp - Typing of array expressions and functions -----------===//
//
// numpy-style code on the neighbourhood and on local arrays: elementwise
// arithmetic and comparisons (typed in SemaExpr.cpp), slices and views,
// reductions (np.sum, np.median, values.std(ddof=1), ...), constructors of
// local arrays (np.zeros(n), values.copy(), sorted(values), ...) and
// elementwise functions (np.abs(a), np.where(m, a, b), np.clip(a, lo, hi)).
// Arrays are one-dimensional. Arithmetic on arrays is float64; comparisons
// give boolean masks. Which arrays may be written is tracked per variable:
// views of the neighbourhood are read-only, new arrays are writable.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "TupleRecords.h"
#include "Window.h"

#include <algorithm>
#include <iterator>

namespace llcc {
namespace sema {

namespace {

/// Whether `e` reads the name `name` anywhere inside it.
bool exprMentionsName(Expr &e, const std::string &name) {
  if (auto *n = dyn_cast<NameExpr>(&e); n && n->name == name)
    return true;
  bool found = false;
  forEachChildExpr(e, [&](ExprPtr &child) {
    if (child && !found)
      found = exprMentionsName(*child, name);
  });
  return found;
}

} // namespace

namespace {

bool isEllipsis(const Expr &e) {
  auto *n = dyn_cast<NameExpr>(&e);
  return n && n->name == "...";
}

/// Reductions whose result type follows the elements (min, max, ...).
bool keepsElementType(const std::string &op) {
  return op == "min" || op == "max" || op == "amin" || op == "amax" || op == "nanmin" ||
         op == "nanmax" || op == "ptp";
}

} // namespace

bool Sema::isReadonlyArrayExpr(const Expr &e) {
  if (const Expr *viewed = viewedArray(e))
    return isReadonlyArrayExpr(*viewed);
  if (auto *n = dyn_cast<NameExpr>(&e))
    return (n->ref == NameRef::Local && fn_ && fn_->locals[n->localIndex].readonlyArray) ||
           n->ref == NameRef::Constant; // module-level np.array constants
  if (auto *s = dyn_cast<SubscriptExpr>(&e))
    return isReadonlyArrayExpr(*s->value);
  if (auto *c = dyn_cast<CallExpr>(&e))
    return c->target && c->target->returnsReadonlyArray; // a helper's (maybe) read-only result
  return false; // a new array
}

bool Sema::isWritableArrayExpr(const Expr &e) {
  if (auto *n = dyn_cast<NameExpr>(&e))
    return n->ref == NameRef::Local && fn_ && isArray(fn_->locals[n->localIndex].type) &&
           !fn_->locals[n->localIndex].readonlyArray;
  if (auto *s = dyn_cast<SubscriptExpr>(&e)) {
    // A view: a slice, `...`, or a row, column or block of a 2-D array
    // (a mask or an index array makes a copy instead).
    bool view = isa<SliceExpr>(s->index.get()) || isEllipsis(*s->index) ||
                (isWindow(*s->value) && isArray(s->type) && !isArray(s->index->type));
    return view && isWritableArrayExpr(*s->value);
  }
  return false;
}

/// `a[i]`, `a[start:stop:step]` (a view), `a[...]` (the whole array),
/// `a.shape[0]`.
Type Sema::typeOfSubscript(SubscriptExpr &s) {
  expandArgwhereSubscript(s); // np.argwhere(a)[:, 0] becomes np.flatnonzero(a)[:]
  if (auto *call = dyn_cast<CallExpr>(s.value.get()); call && isIndexTupleCall(*call))
    return typeOfIndexTuplePart(s, *call);
  if (auto *call = dyn_cast<CallExpr>(s.value.get()); call && isHistogramCall(*call))
    return typeOfHistogramPart(s, *call);
  if (auto *call = dyn_cast<CallExpr>(s.value.get()); call && isUniqueTupleCall(*call))
    return typeOfUniquePart(s, *call);
  if (Type t; typeOfStrSplitItem(s, t)) // s.split()[0] (SemaStrValues.cpp)
    return t;
  Type v = typeOf(*s.value);
  // `x.lo` of a namedtuple, lowered to x[0] (TupleRecords.cpp).
  if (std::string bad = recordFieldMismatch(s, v); !bad.empty()) {
    error(s.loc(), bad);
    return Type::Unknown;
  }
  if (v == Type::ArrayList)
    return typeOfArrayListSubscript(s);
  if (v == Type::TupleList)
    return typeOfTupleListSubscript(s);
  if (v == Type::Tuple && s.value->shape)
    return typeOfTupleSubscript(s);
  if (v == Type::Tuple && isa<AttributeExpr>(s.value.get())) {
    if (Type out; typeOfShapeSubscript(s, out))
      return out;
    int64_t k;
    if (!intConstant(s.index.get(), k) || (k != 0 && k != -1)) {
      error(s.index->loc(), "a 1-D array has only a.shape[0]; reshape it (w = values.reshape(5, 5)) for more dimensions");
      return Type::Unknown;
    }
    typeOf(*s.index);
    return Type::Int;
  }
  if (isHashContainer(v))
    return typeOfDictSubscript(s, v);
  if (auto *view = dyn_cast<CallExpr>(s.value.get());
      view && (view->builtin == "method.keys" || view->builtin == "method.values")) {
    typeOf(*s.index);
    error(s.value->loc(), "a dict view cannot be indexed (a TypeError in Python); write "
                          "list(d." + view->builtin.substr(7) + "())[i]");
    return Type::Unknown;
  }
  if (v != Type::Unknown && !isArray(v)) {
    typeOf(*s.index);
    error(s.value->loc(), std::string("a ") + typeName(v) + " cannot be indexed");
    return Type::Unknown;
  }
  if (isList(v) && isEllipsis(*s.index)) {
    error(s.index->loc(), "a list cannot be indexed with '...' (a TypeError in Python)");
    return Type::Unknown;
  }
  if (v != Type::Unknown && isWindow(*s.value)) {
    if (isEllipsis(*s.index)) {
      s.shape = s.value->shape;
      return v;
    }
    if (isa<SliceExpr>(s.index.get()) || isa<TupleExpr>(s.index.get()))
      return typeOfWindowSubscript(s, v, false);
    Type i = typeOf(*s.index);
    if (wrapListIndex(s, v, i))
      i = typeOf(*s.index);
    if (isArray(i))
      return typeOfArrayIndex(s, v, i);
    return typeOfWindowSubscript(s, v, true);
  }
  // numpy's `...` of a 1-D array next to one index or slice stands for
  // nothing: values[..., 2] is values[2] (planWindowIndex does 2-D ones).
  // Next to None it stands for the array's one dimension (`a[..., None]`
  // is a column: SemaNewaxis.cpp).
  auto isNone = [](const Expr &e) {
    auto *a = dyn_cast<AttributeExpr>(&e);
    return isa<NoneLiteralExpr>(&e) || (a && a->attr == "newaxis");
  };
  if (auto *tuple = dyn_cast<TupleExpr>(s.index.get());
      tuple && tuple->elements.size() == 2 && isArray(v) &&
      isEllipsis(*tuple->elements[0]) != isEllipsis(*tuple->elements[1]) &&
      !isNone(*tuple->elements[0]) && !isNone(*tuple->elements[1])) {
    ExprPtr other = std::move(tuple->elements[isEllipsis(*tuple->elements[0]) ? 1 : 0]);
    s.index = std::move(other);
  }
  if (auto *slice = dyn_cast<SliceExpr>(s.index.get())) {
    for (Expr *part : {slice->start.get(), slice->stop.get(), slice->step.get()}) {
      if (!part)
        continue;
      Type t = typeOf(*part);
      if (t == Type::Float)
        error(part->loc(), "slice indices must be integers, not float; use int(...)");
      else if (t != Type::Unknown && !isIntegral(t) && t != Type::IntOrFloat)
        requireNumeric(*part, t, "used as a slice index");
    }
    slice->type = Type::Unknown;
    return v;
  }
  if (isEllipsis(*s.index))
    return v;
  if (auto *tuple = dyn_cast<TupleExpr>(s.index.get())) {
    // One error for the whole index, not one per part.
    for (auto &part : tuple->elements)
      if (!isa<SliceExpr>(part.get()))
        typeOf(*part);
    if (v != Type::Unknown)
      error(s.index->loc(), "too many indices for a 1-D array; reshape it first (w = "
                            "values.reshape(3, 3)) to index w[i, j]");
    return Type::Unknown;
  }
  Type i = typeOf(*s.index);
  if (wrapListIndex(s, v, i))
    i = typeOf(*s.index);
  if (isArray(i))
    return v == Type::FloatList ? (error(s.value->loc(), "a list cannot be indexed with an array; "
                                                         "use np.array(a)[mask]"),
                                   Type::Unknown)
                                : typeOfArrayIndex(s, v, i);
  if (i == Type::Float)
    error(s.index->loc(), "array indices must be integers, not float; use int(...)");
  else if (i != Type::Unknown && !isIntegral(i) && i != Type::IntOrFloat &&
           v != Type::Unknown) // an unknown base was reported (or is a refused constant)
    requireNumeric(*s.index, i, "used as an index");
  // An index not typed yet (`o = np.argsort(values)` before `values[o]`)
  // may still turn out an array: the result is an element only once it is
  // known to be a number.
  if (i == Type::Unknown)
    return Type::Unknown;
  return v == Type::Unknown ? Type::Unknown : elementType(v);
}

/// `values[[0, 2, 6, 8]]`, `values[RING]` (a module-level list), `a[idx]`
/// of a list of ints or bools: numpy makes an index array of the list, as
/// `np.array(idx)` (a tuple is a multi-dimensional index instead, and a
/// module-level tuple stays one). Rewrites the index in place; true when
/// it did.
bool Sema::wrapListIndex(SubscriptExpr &s, Type base, Type index) {
  if (!isNdarray(base))
    return false;
  bool list = index == Type::IntList || isa<ListExpr>(s.index.get());
  if (auto *n = dyn_cast<NameExpr>(s.index.get());
      n && n->ref == NameRef::Constant && index == Type::Tuple)
    list = isa<ListExpr>(module_.constants[n->constIndex].value.get());
  if (!list)
    return false;
  SourceLoc at = s.index->loc();
  std::vector<ExprPtr> args;
  args.push_back(std::move(s.index));
  s.index = std::make_unique<CallExpr>(
      at,
      std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, numpyAlias()), "array"),
      std::move(args), std::vector<KeywordArg>{});
  return true;
}

/// np.maximum.accumulate(a), np.minimum.accumulate(a) of a 1-D array, list
/// or tuple of numbers: the running maximum or minimum (IRGenReduce.cpp).
bool Sema::typeOfUfuncAccumulate(CallExpr &e, AttributeExpr &a, Type &out) {
  auto *ufunc = dyn_cast<AttributeExpr>(a.value.get());
  auto *module = ufunc ? dyn_cast<NameExpr>(ufunc->value.get()) : nullptr;
  if (a.attr != "accumulate" || !module || locals_.count(module->name) ||
      !moduleAliases_.count(module->name) || moduleAliases_.at(module->name) != "numpy" ||
      (ufunc->attr != "maximum" && ufunc->attr != "minimum"))
    return false;
  out = Type::Unknown;
  std::string shown = "np." + ufunc->attr + ".accumulate";
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    error(k.loc, "keyword argument '" + k.name + "' is not supported for " + shown);
  }
  std::vector<Type> types;
  for (auto &arg : e.args)
    types.push_back(typeOf(*arg));
  if (e.args.size() != 1) {
    error(e.loc(), shown + " takes one array here, as in " + shown + "(values)");
    return true;
  }
  Type t = types[0];
  if (t == Type::Tuple && e.args[0]->shape)
    t = tupleArrayType(*e.args[0]);
  if (t == Type::Unknown)
    return true;
  if (isWindow(*e.args[0])) {
    error(e.loc(), shown + " of a 2-D or 3-D window (along axis 0) is not supported; use " +
                       shown + "(w.ravel()) or accumulate each column");
    return true;
  }
  if (!isArray(t) || t == Type::BoolArray) {
    error(e.args[0]->loc(), shown + " needs a 1-D array of numbers here, not a " +
                                typeName(t));
    return true;
  }
  e.builtin = "numpy." + ufunc->attr + ".accumulate";
  a.type = Type::Function;
  out = elementType(t) == Type::Int ? Type::IntArray : Type::FloatArray;
  return true;
}

/// `axis=(0, 1)` naming every axis of the array once: numpy reduces all of
/// them, which is its axis=None reduction bit for bit (checked on
/// contiguous, sliced and transposed windows), so it becomes axis=None.
void Sema::normalizeAllAxes(CallExpr &e, const std::string &op, const Expr &array) {
  static const char *const TupleAxis[] = {
      "sum",    "prod",   "min",     "max",       "amin",      "amax",          "any",
      "all",    "mean",   "std",     "var",       "ptp",       "nansum",        "nanprod",
      "nanmin", "nanmax", "nanmean", "nanstd",    "nanvar",    "median",        "nanmedian",
      "percentile", "nanpercentile", "quantile", "nanquantile"};
  for (KeywordArg &k : e.keywords) {
    auto *t = dyn_cast<TupleExpr>(k.value.get());
    if (k.name != "axis" || !t || array.type == Type::Unknown ||
        std::find(std::begin(TupleAxis), std::end(TupleAxis), op) == std::end(TupleAxis))
      continue;
    auto nd = static_cast<int64_t>(isWindow(array) ? array.shape->dims.size() : 1);
    std::vector<bool> seen(static_cast<size_t>(nd));
    bool all = static_cast<int64_t>(t->elements.size()) == nd;
    for (auto &el : t->elements) {
      int64_t a;
      if (!all || !intConstant(el.get(), a) || a < -nd || a >= nd || seen[a < 0 ? a + nd : a]) {
        all = false;
        break;
      }
      seen[a < 0 ? a + nd : a] = true;
    }
    int64_t one;
    SourceLoc at = k.value->loc();
    if (all) {
      k.value = std::make_unique<NoneLiteralExpr>(at);
    } else if (t->elements.size() == 1 && intConstant(t->elements[0].get(), one)) {
      k.value = std::move(t->elements[0]); // axis=(0,) is axis=0
    } else {
      error(at, "axis= a tuple is supported when it names every axis once (axis=(0, 1) of a "
                "2-D window: the whole reduction); reduce one axis at a time "
                "(w.sum(axis=0).sum(axis=0)) or write axis=None");
    }
  }
}

/// np.mean(a, dtype=np.float64) (also float, and std, var and their nan-
/// versions, as functions or methods) asks for the float64 accumulator
/// numpy uses for these anyway, for int and float arrays alike: the same
/// values, so the keyword is dropped. Other dtypes stay errors.
void Sema::dropFloat64Accumulator(CallExpr &e, const std::string &op) {
  static const char *const Ops[] = {"mean", "std", "var", "nanmean", "nanstd", "nanvar"};
  bool takes = false;
  for (const char *o : Ops)
    takes |= op == o;
  if (!takes)
    return;
  for (size_t i = 0; i < e.keywords.size(); ++i)
    if (e.keywords[i].name == "dtype" && dtypeNamed(*e.keywords[i].value) == Type::FloatArray) {
      e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
}

/// np.sum(a, dtype=np.float64) (also float, for sum, nansum, prod and their
/// methods; numpy's max and min take no dtype) of a float64 array is the
/// reduction numpy makes
/// anyway: the keyword is accepted and has no effect. For an int array it
/// would change the arithmetic: a diagnostic says how to write it.
bool Sema::float64Identity(const std::string &op, const Expr &dtype, Type array) {
  static const char *const Ops[] = {"sum", "nansum", "prod", "nanprod"};
  bool takes = false;
  for (const char *o : Ops)
    takes |= op == o;
  if (!takes || dtypeNamed(dtype) != Type::FloatArray)
    return false;
  if (elementType(array) == Type::Float)
    return true;
  if (array != Type::Unknown)
    error(dtype.loc(), "np." + op +
                           "(a, dtype=np.float64) of an int or bool array reduces the "
                           "float64 conversions; write that conversion: np." +
                           op + "(a * 1.0)");
  return true;
}

namespace {
/// The array methods llcc compiles, for diagnostics.
const std::string MethodsSupported =
    "supported: sum, prod, mean, min, max, argmin, argmax, std, var, ptp, any, all, copy, "
    "sort, argsort, cumsum, cumprod, clip, round, astype, reshape, ravel, flatten, tolist, item, dot";
} // namespace

namespace {
/// A list display or list comprehension whose every element is a bool.
bool boolDisplay(const Expr &e) {
  if (auto *l = dyn_cast<ListExpr>(&e))
    return !l->elements.empty() &&
           std::all_of(l->elements.begin(), l->elements.end(),
                       [](const ExprPtr &x) { return x->type == Type::Bool; });
  auto *c = dyn_cast<ComprehensionExpr>(&e);
  return c && !c->generator && c->element->type == Type::Bool;
}
} // namespace

Type Sema::typeOfArrayCall(CallExpr &e, const std::string &name, std::vector<Expr *> args,
                           bool typed) {
  if (!args.empty() && (typed || name.rfind("method.", 0) == 0))
    normalizeAllAxes(e, name.substr(name.find('.') + 1), *args[0]);
  dropFloat64Accumulator(e, name.substr(name.find('.') + 1));
  int quantileMethodNumber = quantileMethod(e, name.substr(name.find('.') + 1));
  if (quantileMethodNumber < 0) {
    if (!typed)
      for (Expr *a : args)
        typeOf(*a);
    return Type::Unknown;
  }
  if (Type out; typeOfWindowArrayCall(e, name, args, typed, out))
    return out;
  std::vector<Type> types;
  for (Expr *a : args)
    types.push_back(typed ? a->type : typeOf(*a));
  if (!typed && !checkWindowArguments(e, name, args))
    return Type::Unknown;
  for (size_t i = 0; i < args.size(); ++i)
    if (types[i] == Type::Tuple && args[i]->shape)
      types[i] = tupleArrayType(*args[i]); // numpy converts a tuple to an array
  bool method = name.rfind("method.", 0) == 0;
  std::string op = name.substr(name.find('.') + 1); // "sum", "median", ...
  if (name == "sorted" || name == "any" || name == "all")
    op = name;
  // numpy functions that are no ndarray methods: a.sorted() is Python's
  // AttributeError, never np.sort(a).
  static const char *const FunctionsOnly[] = {"array", "sorted", "where", "empty",          "zeros",
                                              "ones",  "full",   "clip",  "_llcc_int_zeros"};
  for (const char *f : FunctionsOnly)
    if (method && op == f) {
      error(e.callee->loc(), "a numpy array has no method '." + op +
                                 "()' (Python raises "
                                 "AttributeError); " +
                                 MethodsSupported);
      return Type::Unknown;
    }
  // ddof= is the one keyword llcc takes (std, var, nanstd, nanvar).
  bool takesDdof = op == "std" || op == "var" || op == "nanstd" || op == "nanvar";
  Type dtypeArray = Type::Unknown;
  int whereTaken = args.empty() ? 0 : checkWhereReduction(e, op, *args[0], types[0]);
  if (whereTaken < 0)
    return Type::Unknown;
  bool whereChecked = whereTaken > 0;
  for (KeywordArg &k : e.keywords) {
    if (int64_t axis; k.name == "axis" && ((intConstant(k.value.get(), axis) &&
                                            (axis == 0 || axis == -1)) ||
                                           isa<NoneLiteralExpr>(k.value.get()))) {
      k.value->type = Type::Int;
      continue; // None, or 0 of a 1-D array: the whole array
    }
    if (k.name == "kind" && op == "sort") {
      // np.sort(a, kind=...) and a.sort(kind=...): every kind sorts to the
      // same values.
      auto *s = dyn_cast<StringLiteralExpr>(k.value.get());
      std::vector<std::string> choices;
      if (!s || builtinStringChoice("numpy.sort", "kind", s->value, choices) < 0)
        error(k.value->loc(), "kind must be one of 'quicksort', 'stable', 'mergesort', "
                              "'heapsort'");
      continue;
    }
    if (k.name == "dtype" && !method && op == "array") {
      // np.array(x, dtype=int): numpy converts each element of a list or
      // tuple as int()/float()/bool() do, an array as astype (IRGen::genAstype).
      dtypeArray = dtypeArrayType(*k.value);
      if (dtypeArray == Type::Unknown)
        return Type::Unknown;
      continue;
    }
    if (k.name == "key" && op == "sort" && method && isNdarray(types[0])) {
      error(k.loc, "an array's sort() takes no key= (numpy raises TypeError); sort a list "
                   "(s = list(a); s.sort(key=f)) or write sorted(a, key=f)");
      continue;
    }
    if (k.name == "reverse" && op == "sort" && method && !isList(types[0])) {
      typeOf(*k.value);
      error(k.loc, "an array's sort() takes no reverse= (numpy raises TypeError); sort a list "
                   "(s = list(a); s.sort(reverse=True)) or write np.sort(a)[::-1]");
      continue;
    }
    if (k.name == "reverse" && op == "sort" && method && isList(types[0])) {
      // list.sort(reverse=...): a constant is kept as a bool literal for
      // IRGen; a bool or int known at run time is tested there.
      auto *flag = dyn_cast<BoolLiteralExpr>(k.value.get());
      int64_t c = 0;
      if (!flag && !intConstant(k.value.get(), c)) {
        Type t = typeOf(*k.value);
        if (t != Type::Bool && t != Type::Int && t != Type::Unknown)
          error(k.value->loc(), std::string("sort's reverse= must be a bool or an int, not ") +
                                    typeName(t) + " (a TypeError in Python)");
        continue;
      }
      bool on = flag ? flag->value : c != 0;
      k.value = std::make_unique<BoolLiteralExpr>(k.value->loc(), on);
      k.value->type = Type::Bool;
      continue;
    }
    if (k.name == "key" && op == "sort" && method && isList(types[0])) {
      // list.sort(key=f): f applied to each element as sorted(x, key=f)
      // does (IRGen sorts a permutation by the keys, then writes it back).
      // CPython empties the list while it sorts: a key reading it sees [].
      auto *list = dyn_cast<NameExpr>(args[0]);
      auto *lambda = dyn_cast<LambdaExpr>(k.value.get());
      if (list && lambda && exprMentionsName(*lambda->body, list->name)) {
        error(k.value->loc(), "this key reads the list being sorted, which CPython empties while "
                              "it sorts; compute what the key needs before the sort");
        continue;
      }
      Type elem = types[0] == Type::IntList ? Type::Int : Type::Float;
      checkKeyType(*k.value, typeOfKey(*k.value, elem, isList(types[0]) && args[0]->mayBeNumpy),
                   "sort");
      continue;
    }
    if (k.name == "_llcc_method" && quantileMethods_.count(&e))
      continue; // method= as its number (SemaQuantileMethod.cpp)
    if ((k.name == "where" || k.name == "initial") && whereChecked)
      continue; // checked by checkWhereReduction (SemaWhere.cpp)
    if (k.name == "dtype" && float64Identity(op, *k.value, types[0]))
      continue;
    Type t = typeOf(*k.value);
    if (k.name == "ddof" && takesDdof) {
      if (!isIntegral(t) && t != Type::IntOrFloat && t != Type::Unknown)
        error(k.value->loc(), "ddof must be an int");
      continue;
    }
    if (k.name == "out" && (op == "clip" || op == "numpy.clip")) {
      // np.clip(a, lo, hi, out=a): the in-place form, which llcc writes as
      // an assignment.
      error(k.loc, "np.clip's out= is not supported in llcc; assign the result instead: a = "
                   "np.clip(a, lo, hi), or b[:] = np.clip(a, lo, hi) into a local array");
      continue;
    }
    error(k.loc, "keyword argument '" + k.name + "' is not supported for '" + name + "'" +
                     (takesDdof ? "; only ddof is" : ""));
  }
  for (Type t : types)
    if (t == Type::Unknown)
      return Type::Unknown;
  std::string shown = method ? "." + op + "()" : "'" + name + "'";
  if (method && isList(types[0]) && op != "sort" && op != "copy") {
    error(e.callee->loc(), "a list has no method '." + op +
                               "()'; lists support .append(), .pop(), .extend(), .insert(), "
                               ".remove(), .clear(), .reverse(), .count(), .sort() and .copy(), "
                               "or use np.array(a)");
    return Type::Unknown;
  }
  if (name == "abs" && isList(types[0])) {
    error(e.loc(), "abs() of a list is a TypeError in Python; use np.abs(a)");
    return Type::Unknown;
  }
  auto wantCount = [&](size_t lo, size_t hi) {
    if (args.size() >= lo && args.size() <= hi)
      return true;
    error(e.loc(), shown + " takes " + std::to_string(lo - (method ? 1 : 0)) +
                       (hi != lo ? " to " + std::to_string(hi - (method ? 1 : 0)) : "") +
                       " argument(s) but " + std::to_string(args.size() - (method ? 1 : 0)) +
                       " were given");
    return false;
  };
  if (method && op == "tolist") {
    // a.tolist() of a 1-D array: a list of Python numbers (Sema::mayBeNumpy).
    if (!wantCount(1, 1))
      return Type::Unknown;
    if (isWindow(*args[0])) {
      error(e.loc(), "a.tolist() of a 2-D or 3-D window (a list of lists) is not supported; "
                     "use a.ravel().tolist() for its elements, or loop over its rows");
      return Type::Unknown;
    }
    if (types[0] == Type::BoolArray) {
      error(e.loc(), "a.tolist() of a boolean array is not supported (llcc lists hold ints and "
                     "floats); write a.astype(int).tolist() or [int(v) for v in a]");
      return Type::Unknown;
    }
    return elementType(types[0]) == Type::Float ? Type::FloatList : Type::IntList;
  }
  auto wantArray = [&](size_t i) {
    if (isArray(types[i]))
      return true;
    error(args[i]->loc(), shown + " needs an array here, not a " + typeName(types[i]));
    return false;
  };
  auto wantNumber = [&](size_t i) {
    if (isNumeric(types[i]))
      return true;
    requireNumeric(*args[i], types[i], "passed");
    return false;
  };

  static const char *const Reductions[] = {
      "sum",    "prod",      "mean",   "min",           "max",    "amin",       "amax",
      "argmin", "argmax",    "std",    "var",           "median", "percentile", "quantile",
      "ptp",    "any",       "all",    "count_nonzero", "nansum", "nanmean",    "nanmin",
      "nanmax", "nanmedian", "nanstd", "nanvar", "nanpercentile", "nanquantile"};
  bool isReduction = false;
  for (const char *r : Reductions)
    isReduction |= op == r;
  if (method && (op == "median" || op == "percentile" || op == "quantile" ||
                 op.rfind("nan", 0) == 0 || op == "count_nonzero" || op == "amin" || op == "amax"))
    isReduction = false; // numpy has these only as functions
  if (isReduction) {
    size_t extra = (op == "percentile" || op == "quantile" || op == "nanpercentile" ||
                    op == "nanquantile")
                       ? 1
                       : 0;
    if (!wantCount(1 + extra, 1 + extra) || !wantArray(0))
      return Type::Unknown;
    // Several q written out were rewritten before typing (SemaDesugar.cpp);
    // an empty display is left, numpy's empty array.
    if (extra && (isa<ListExpr>(args[1]) || isa<TupleExpr>(args[1]))) {
      error(args[1]->loc(), "an empty list of quantiles gives an empty array; give one or more q");
      return Type::Unknown;
    }
    if (extra && !wantNumber(1))
      return Type::Unknown;
    Type elem = elementType(types[0]);
    if (op == "any" || op == "all")
      return Type::Bool;
    if (op == "argmin" || op == "argmax" || op == "count_nonzero")
      return Type::Int;
    if (op == "sum" || op == "nansum" || op == "prod")
      return elem == Type::Float ? Type::Float : Type::Int;
    // A method that takes an element without interpolating: numpy's take,
    // an int of an int array.
    if (extra && elem == Type::Int && quantileMethodIsDiscrete(quantileMethodNumber))
      return Type::Int;
    if (keepsElementType(op))
      return elem == Type::Bool ? Type::Float : elem;
    return Type::Float;
  }
  if (op == "sort" && method) {
    if (!wantCount(1, 1))
      return Type::Unknown;
    if (!isWritableArrayExpr(*args[0]))
      noteWindowWrite(*args[0]);
    if (!isWritableArrayExpr(*args[0]))
      error(args[0]->loc(), "a.sort() sorts in place, and this array is read-only; use "
                            "np.sort(a) or sorted(a) for a sorted copy");
    return Type::None;
  }
  if (op == "array" && asarrayCalls_.count(&e) && isNdarray(args[0]->type) &&
      (dtypeArray == Type::Unknown || elementType(dtypeArray) == elementType(types[0]))) {
    // numpy returns the array itself: a view of all of it (ViewBuiltin), so
    // that writes through either name reach the same elements, as in numpy.
    becomeView(e, std::move(e.args[0]));
    e.shape = e.args[0]->shape;
    e.mayBeNumpy = e.args[0]->mayBeNumpy;
    return types[0];
  }
  if (op == "copy" || op == "array" || op == "sort" || op == "sorted") {
    if (!wantCount(1, 1) || !wantArray(0))
      return Type::Unknown;
    if (dtypeArray != Type::Unknown)
      return dtypeArray;
    if (op == "sorted" || (op == "copy" && method))
      return isList(types[0]) || op == "sorted"
                 ? (elementType(types[0]) == Type::Float ? Type::FloatList : Type::IntList)
                 : types[0];
    if (op == "sort") // ints stay ints, sorted exactly
      return elementType(types[0]) == Type::Int ? Type::IntArray : Type::FloatArray;
    // llcc types a list of bools as a list of ints; numpy makes a bool
    // array of one (np.array([a > 0, b > 0]), np.array([v > t for v in w])).
    if (op == "array" && !method && types[0] == Type::IntList && boolDisplay(*args[0]))
      return Type::BoolArray;
    return types[0] == Type::FloatList ? Type::FloatArray
           : types[0] == Type::IntList ? Type::IntArray
                                       : types[0];
  }
  if (op == "_llcc_int_zeros") {
    // The library's int arrays (np.argsort's result).
    if (!fn_ || !fn_->isLibrary || !wantCount(1, 1) || !isIntegral(types[0])) {
      error(e.loc(), "name '_llcc_int_zeros' is not defined");
      return Type::Unknown;
    }
    return Type::IntArray;
  }
  if (op == "empty" || op == "zeros" || op == "ones" || op == "full") {
    if (!wantCount(op == "full" ? 2 : 1, op == "full" ? 2 : 1))
      return Type::Unknown;
    if (!isIntegral(types[0]) && types[0] != Type::IntOrFloat) {
      error(args[0]->loc(), "the length of a new array must be an int");
      return Type::Unknown;
    }
    if (op == "full" && !wantNumber(1))
      return Type::Unknown;
    return Type::FloatArray;
  }
  if (op == "where") {
    if (!wantCount(3, 3))
      return Type::Unknown;
    bool anyArray = false;
    for (size_t i = 0; i < 3; ++i) {
      if (!isArray(types[i]) && !wantNumber(i))
        return Type::Unknown;
      anyArray |= isArray(types[i]);
    }
    if (!anyArray) {
      error(e.loc(), "np.where of three numbers takes ints or floats for the two values (a "
                     "bool would be numpy's bool_); use 'a if c else b'");
      return Type::Unknown;
    }
    // numpy's result_type of the two values: float64 if either is a float,
    // bool if both are bools, int64 otherwise (np.where(m, k, 0) of an int
    // array k is an int array, ready to index with).
    auto kind = [](Type t) { return isArray(t) ? elementType(t) : t; };
    Type x = kind(types[1]), y = kind(types[2]);
    if (x == Type::Bool && y == Type::Bool)
      return Type::BoolArray;
    return isIntegral(x) && isIntegral(y) ? Type::IntArray : Type::FloatArray;
  }
  if (op == "clip") {
    if (!wantCount(3, 3))
      return Type::Unknown;
    for (size_t i = 0; i < 3; ++i)
      if (!isArray(types[i]) && !wantNumber(i))
        return Type::Unknown;
    if (isArray(types[1]) || isArray(types[2])) {
      error(e.loc(), "np.clip with array bounds is not supported; use numbers");
      return Type::Unknown;
    }
    // numpy keeps an int array's dtype when the bounds are ints too
    // (np.clip(k, 0, 9) is an int64 array, ready for np.bincount).
    if (types[0] == Type::IntArray && isIntegral(types[1]) && isIntegral(types[2]))
      return Type::IntArray;
    return isArray(types[0]) ? Type::FloatArray : Type::Float;
  }
  // abs of an int array is an int array in numpy (np.abs(k), abs(k)).
  if (!method && types.size() == 1 && types[0] == Type::IntArray &&
      (name == "abs" || name == "numpy.abs" || name == "numpy.absolute"))
    return Type::IntArray;
  // A scalar numpy function (or abs) applied to arrays elementwise.
  const BuiltinFunction *f = findBuiltinFunction(name);
  if (!method && f && (name.rfind("numpy.", 0) == 0 || name == "abs") &&
      (f->result == BuiltinResult::Float || f->result == BuiltinResult::Bool ||
       f->result == BuiltinResult::SameNumeric)) {
    if (!wantCount(f->minArgs, f->maxArgs))
      return Type::Unknown;
    for (size_t i = 0; i < args.size(); ++i)
      if (!isArray(types[i]) && !wantNumber(i))
        return Type::Unknown;
    rejectNumpyOfBools(e, name, types); // np.exp(mask) is a float16 array
    return f->result == BuiltinResult::Bool ? Type::BoolArray : Type::FloatArray;
  }
  if (method)
    error(e.callee->loc(), "array method '." + op + "()' is not supported; " + MethodsSupported);
  else if (name.rfind("math.", 0) == 0)
    error(e.loc(),
          "'" + name + "' takes a number, not an array; use np." + name.substr(5) + " for arrays");
  else
    error(e.loc(), "'" + name + "' does not take arrays here");
  return Type::Unknown;
}

} // namespace sema
} // namespace llcc
