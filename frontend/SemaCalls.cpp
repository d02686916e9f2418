//===- SemaCalls.cpp - Typing of calls -------------------------------------===//
//
// The call half of SemaExpr.cpp: a call is a helper's (its parameters'
// types are joined from every call site, defaults and keywords bound as
// Python binds them), a builtin's (len, abs, min/max, sum, range...), or
// the library's (frontend/SemaLibrary.cpp), tried in that order, each
// reporting its own errors.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <set>

namespace llcc {
namespace sema {

extern const char RItemName[]; // SemaIndexTricks.cpp

namespace {
/// `np.count_nonzero(a, axis=k)` (or `np.count_nonzero(a, k)`) with an
/// axis: numpy's int array of the nonzero elements along it, which is
/// `(a != 0).sum(axis=k)` (NaN counts, as NaN != 0; a bool array's != 0 is
/// itself; the sum of bools is int64, numpy's intp here), so it becomes
/// that call and gets the axis reductions' shapes and diagnostics. `a` is
/// still evaluated once. True when rewritten.
bool expandCountNonzeroAxis(CallExpr &e) {
  ExprPtr *axis = nullptr;
  if (e.args.size() == 2 && e.keywords.empty())
    axis = &e.args[1];
  else if (e.args.size() == 1 && e.keywords.size() == 1 && e.keywords[0].name == "axis")
    axis = &e.keywords[0].value;
  if (!axis || isa<NoneLiteralExpr>(axis->get()))
    return false;
  SourceLoc loc = e.loc();
  std::vector<ExprPtr> ops;
  ops.push_back(std::move(e.args[0]));
  ops.push_back(std::make_unique<IntLiteralExpr>(loc, 0));
  ExprPtr nonzero =
      std::make_unique<CompareExpr>(loc, std::move(ops), std::vector<CompareOp>{CompareOp::Ne});
  std::vector<KeywordArg> keywords;
  keywords.push_back(KeywordArg{});
  keywords[0].loc = axis->get()->loc();
  keywords[0].name = "axis";
  keywords[0].value = std::move(*axis);
  e.callee = std::make_unique<AttributeExpr>(loc, std::move(nonzero), "sum");
  e.args.clear();
  e.keywords = std::move(keywords);
  return true;
}
} // namespace

bool Sema::shapeToTuple(ExprPtr &e) {
  auto *attr = dyn_cast<AttributeExpr>(e.get());
  auto *array = attr && attr->attr == "shape" ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!array || !isArray(typeOf(*array)) || !isWindow(*array))
    return false;
  const std::vector<int64_t> &dims = array->shape->dims;
  if (std::any_of(dims.begin(), dims.end(), [](int64_t d) { return d < 0; }))
    return false;
  SourceLoc at = e->loc();
  std::vector<ExprPtr> sizes;
  for (int64_t d : dims)
    sizes.push_back(std::make_unique<IntLiteralExpr>(at, d));
  e = std::make_unique<TupleExpr>(at, std::move(sizes));
  return true;
}

Type Sema::typeOfCall(CallExpr &e) {
  Type calleeType = Type::Unknown;
  std::string name;
  if (formatRefused_.count(&e))
    return Type::Str; // reported by formatToFString (SemaStrFormat.cpp)
  if (e.starred) // f(*x) (SemaStarred.cpp)
    return typeOfStarredCall(e);
  // `w.shape` passed to a call (np.unravel_index(i, w.shape),
  // np.zeros(w.shape), a.reshape(w.shape)) is the tuple of its numbers.
  for (ExprPtr &arg : e.args)
    shapeToTuple(arg);
  // np.zeros_like(w) (ones_like, empty_like, full_like) of a named array of
  // two or more dimensions known when compiling: the 1-D function of its
  // elements, which keeps the dtype (and dtype=, fill_value), reshaped to
  // them, `np.ones_like(w.ravel()).reshape(3, 3)`. False for anything else.
  auto lowerLikeOfWindow = [&]() {
    std::string m = numpyMemberName(*e.callee);
    if ((m != "zeros_like" && m != "ones_like" && m != "empty_like" && m != "full_like") ||
        e.args.empty())
      return false;
    auto *array = dyn_cast<NameExpr>(e.args[0].get());
    if (!array || !isArray(typeOf(*array)) || !isWindow(*array) || array->shape->dims.size() < 2)
      return false;
    const std::vector<int64_t> dims = array->shape->dims;
    if (std::any_of(dims.begin(), dims.end(), [](int64_t d) { return d < 0; }) ||
        std::any_of(e.keywords.begin(), e.keywords.end(),
                    [](const KeywordArg &k) { return k.name == "shape" || k.name == "order"; }))
      return false;
    SourceLoc at = e.loc();
    ExprPtr base = std::move(e.args[0]);
    e.args[0] = std::make_unique<CallExpr>(
        at, std::make_unique<AttributeExpr>(at, std::move(base), "ravel"), std::vector<ExprPtr>{},
        std::vector<KeywordArg>{});
    auto flat = std::make_unique<CallExpr>(at, std::move(e.callee), std::move(e.args),
                                           std::move(e.keywords));
    e.callee = std::make_unique<AttributeExpr>(at, std::move(flat), "reshape");
    e.args.clear();
    e.keywords.clear();
    for (int64_t d : dims)
      e.args.push_back(std::make_unique<IntLiteralExpr>(at, d));
    return true;
  };
  if (lowerLikeOfWindow())
    return typeOfCall(e);
  if (auto *n = dyn_cast<NameExpr>(e.callee.get());
      n && n->name == "print" && !locals_.count("print") && !functions_.count("print") &&
      !constants_.count("print"))
    return typeOfPrint(e);
  if (auto *n = dyn_cast<NameExpr>(e.callee.get());
      n && n->name == "isinstance" && !locals_.count("isinstance") &&
      !functions_.count("isinstance") && !constants_.count("isinstance"))
    return typeOfIsinstance(e);
  if (Type t; typeOfBinIdiom(e, t)) // bin(n).count("1"), len(bin(n)) (SemaIntBits.cpp)
    return t;
  if (Type t; typeOfStrConversion(e, t)) // str(x), repr(x) (SemaStrValues.cpp)
    return t;
  if (int r = rewriteIssubdtype(e)) // np.issubdtype(values.dtype, np.floating) (SemaDtype.cpp)
    return r > 0 ? typeOfCall(e) : Type::Unknown;
  if (int expanded = expandTupleCall(e); expanded < 0) // tuple(c * f for c in t)
    return Type::Unknown;
  if (auto *n = dyn_cast<NameExpr>(e.callee.get()); n && n->name == WithBuiltin)
    return typeOfWithContexts(e); // `with np.errstate(...):` (SemaItertools.cpp)
  if (auto *n = dyn_cast<NameExpr>(e.callee.get()); n && n->name == ViewBuiltin) {
    // the array itself (SemaNumpyViews.cpp)
    if (auto it = refusedHeapCalls_.find(&e); it != refusedHeapCalls_.end())
      error(e.loc(), it->second);
    e.builtin = ViewBuiltin;
    Type t = typeOf(*e.args[0]);
    e.shape = e.args[0]->shape;
    e.mayBeNumpy = e.args[0]->mayBeNumpy;
    return t;
  }
  if (reportUnloweredFold(e)) // reduce() outside a function's body (SemaFolds.cpp)
    return Type::Unknown;
  // itertools.combinations(p, 2) becomes llcc.view([(a, b) for ...]) (SemaItertools.cpp)
  if (int expanded = expandItertools(e); expanded > 0)
    return typeOfCall(e);
  else if (expanded < 0)
    return Type::Unknown;
  if (auto *a = dyn_cast<AttributeExpr>(e.callee.get()))
    foldSubmodule(*a);
  // An item of np.r_[...] (SemaIndexTricks.cpp): np.array([x]) of a
  // number, np.array(x) of anything else, as numpy's r_ makes each item an
  // array of at least one dimension.
  if (auto *n = dyn_cast<NameExpr>(e.callee.get());
      n && n->name == RItemName && e.args.size() == 1) {
    Type t = typeOf(*e.args[0]);
    if (t == Type::Unknown)
      return Type::Unknown;
    std::string numpy = numpyAlias();
    if (t == Type::Float || t == Type::Int || t == Type::Bool) {
      std::vector<ExprPtr> one;
      one.push_back(std::move(e.args[0]));
      becomeDisplayCall(e, numpy, "array", std::move(one));
    } else {
      SourceLoc at = e.loc();
      e.callee = std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, numpy), "array");
    }
    return typeOfCall(e);
  }
  // np.count_nonzero(w, axis=1) becomes (w != 0).sum(axis=1)
  if (callsNumpy(e, "count_nonzero") && expandCountNonzeroAxis(e))
    return typeOfCall(e);
  // w.mean(axis=1, keepdims=True) becomes w.mean(axis=1).reshape(3, 1) (SemaKeepdims.cpp)
  if (expandKeepdims(e) == 1)
    return typeOfCall(e);
  if (foldFloatOfString(e) < 0) // float("nan") is the float NaN
    return Type::Unknown;
  for (KeywordArg &k : e.keywords)
    if (k.name == "key")
      expandMethodKey(k.value); // key=labels.count becomes key=lambda x: labels.count(x)
  expandSeveralQuantiles(e); // np.percentile(a, [25, 75]) becomes np.array([...])
  // np.median(w, axis=0) becomes np.array([...]), np.sort(w, axis=1) the
  // view of the sorted rows (2: typed again)
  if (int lanes = expandLaneReduction(e); lanes < 0)
    return Type::Unknown;
  else if (lanes == 2)
    return typeOfCall(e);
  if (expandGradientAxis(e) < 0) // np.gradient(w, axis=0) becomes np.column_stack([...])
    return Type::Unknown;
  // np.fliplr(w) becomes llcc.view(w[:, ::-1]), ...: typed as the view it
  // now is (above), in this round; left to the next one, the call would be
  // unknown in a round that changed nothing else, and the fixpoint would
  // end with it unknown (a library call around it left without a version).
  if (int expanded = expandWindowView(e); expanded < 0)
    return Type::Unknown;
  else if (expanded > 0)
    return typeOfCall(e);
  if (expandConcatenate2D(e) < 0) // np.concatenate((a, b)) of 2-D arrays becomes np.stack([...])
    return Type::Unknown;
  // np.diff(w, axis=0) of a 2-D array becomes llcc.view(w[1:] - w[:-1])
  if (int expanded = expandDiffAxis(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded < 0)
    return Type::Unknown;
  // np.clip(a, 0, None) becomes np.clip(a, 0, inf), or np.maximum(a, 0) of ints
  if (int expanded = expandClipNone(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown; // reported, or not typed yet
  // np.zeros((3, 3)) becomes np.zeros(9).reshape(3, 3)
  if (int expanded = expandShapedConstructor(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  // np.select([c0, c1], [x0, x1], default=d) becomes nested np.where
  if (int expanded = expandSelect(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  // np.where(c, a, b) of numbers becomes np.float64(a if c else b)
  if (int expanded = expandWhereNumbers(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded == 2)
    return Type::Unknown;
  // np.nan_to_num(x) becomes np.where(x != x, 0.0, ...), or a float64 of the choice
  if (int expanded = expandNanToNum(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  // np.average(a, returned=True) becomes llcc.average_returned(a) (SemaNumpyMore.cpp)
  if (int expanded = expandAverageReturned(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  // np.corrcoef(x, y) becomes numpy.corrcoef(x, y).reshape(2, 2) (SemaNumpyMore.cpp)
  if (int expanded = expandCorrcoefTile(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  expandArgwhereCall(e); // len(np.argwhere(a)) becomes len(np.flatnonzero(a))
  // np.add.reduce(a) becomes np.sum(a), np.logaddexp.reduce(a) a library call (SemaUfuncs.cpp)
  if (int expanded = expandUfuncMethod(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  // np.add(a, b) becomes llcc.view(a + b), of numbers llcc.view(np.float64(a) + b)
  if (int expanded = expandOperatorUfunc(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  // np.pad(w, 1, mode='edge') becomes llcc.view(np.array([[w[0, 0], ...], ...]))
  if (int expanded = expandPad(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  // a.item(i) becomes float(llcc.item(a.ravel(), i)), a.item(i, j) float(a[i, j])
  if (int expanded = expandArrayItem(e); expanded == 1)
    return typeOfCall(e);
  else if (expanded != 0)
    return Type::Unknown;
  expandSumStart(e); // sum(a, start=s) becomes sum((x for x in a), s) (SemaSumStart.cpp)
  expandIteratorArgument(e); // list(zip(a, b)) becomes list(t for t in zip(a, b))
  expandSortedReverse(e);    // sorted(x, reverse=True) becomes list(sorted(x[::-1])[::-1])
  if (auto *n = dyn_cast<NameExpr>(e.callee.get())) {
    calleeType = typeOfName(*n);
    n->type = calleeType;
    if (n->ref == NameRef::Function) {
      FunctionDef *target = n->function;
      if (target->isLibrary) {
        target = &libraryVersion(e, *target); // SemaLibraryVersions.cpp
        // The call names its version: an unused first version is dropped
        // before the reporting walk looks the name up again.
        n->name = target->name;
      }
      if (target->isLibrary && fn_ && !fn_->isLibrary && refuseHeapTuples(e, *target))
        return typeOfCall(e); // sorted(...)[:n], reported (SemaHeapq.cpp)
      e.target = target;
      Type result = typeOfFunctionCall(e, *target);
      if (target->isLibrary && fn_ && !fn_->isLibrary)
        checkHeapArgument(e, *target); // heapq's calls (SemaHeapq.cpp)
      return result;
    }
    if (n->ref == NameRef::Builtin)
      name = n->qualifiedName;
    else if (calleeType != Type::Unknown) {
      error(e.callee->loc(), "'" + n->name + "' is a " + typeName(calleeType) + ", not a function");
      for (auto &a : e.args)
        typeOf(*a);
      return Type::Unknown;
    }
  } else if (Type t; typeOfLibraryMethod(e, t)) {
    return t;
  } else if (auto *a = dyn_cast<AttributeExpr>(e.callee.get())) {
    if (Type t; typeOfUfuncAccumulate(e, *a, t))
      return t;
    // A method of an array: values.sum(), a.sort(), ...
    auto *baseName = dyn_cast<NameExpr>(a->value.get());
    bool moduleBase =
        baseName && !locals_.count(baseName->name) &&
        (moduleAliases_.count(baseName->name) ||
         (fn_ && fn_->isLibrary && (baseName->name == "np" || baseName->name == "math")));
    if (!moduleBase) {
      Type base = typeOf(*a->value);
      Type containerResult;
      if (base == Type::TupleList)
        return typeOfTupleListMethod(e, *a);
      if (Type scalarResult; isNumeric(base) && typeOfScalarMethod(e, *a, base, scalarResult))
        return scalarResult;
      if (base == Type::Str && a->attr != "format")
        return typeOfStrMethod(e, *a); // SemaStrValues.cpp
      if ((isList(base) || isHashContainer(base)) &&
          typeOfContainerMethod(e, *a, base, containerResult))
        return containerResult;
      if (isArray(base)) {
        std::vector<Expr *> args{a->value.get()};
        for (auto &arg : e.args)
          args.push_back(arg.get());
        e.builtin = "method." + a->attr;
        a->type = Type::Function;
        return typeOfArrayCall(e, e.builtin, args, false);
      }
      auto *pn = dyn_cast<NameExpr>(a->value.get());
      const Param *mutableDefault =
          pn && pn->ref == NameRef::Local && fn_ && pn->localIndex >= 0 &&
                  static_cast<size_t>(pn->localIndex) < fn_->params.size() &&
                  llvm::isa_and_nonnull<ListExpr>(fn_->params[pn->localIndex].defaultValue.get())
              ? &fn_->params[pn->localIndex]
              : nullptr;
      if (base == Type::Tuple && mutableDefault)
        error(a->loc(), "'" + mutableDefault->name + "=[]', a list default, is one list shared "
                        "by every call in CPython (state kept between calls), which llcc does "
                        "not support; make it a local list of the function (" +
                        mutableDefault->name + " = [] in its body)");
      else if (base == Type::Tuple)
        error(a->loc(), "tuples and module-level lists are read-only in llcc and have no method '" +
                            a->attr + "'; copy the values into a local array (np.array(T))");
      else if (base == Type::Str && a->attr == "format")
        error(a->loc(), "str.format() is supported on a str literal as the message of raise or "
                        "assert or an argument of print(), as in raise ValueError(\"got {} of "
                        "{}\".format(k, n)); elsewhere write an f-string: f\"got {k} of {n}\"");
      else if (base != Type::Unknown)
        error(a->loc(), std::string("a ") + typeName(base) + " has no method '" + a->attr + "'");
      for (auto &arg : e.args)
        typeOf(*arg);
      return Type::Unknown;
    }
    if (a->attr == "asarray" && baseName && moduleAliases_.count(baseName->name) &&
        moduleAliases_.at(baseName->name) == "numpy") {
      // np.asarray(x) is np.array(x) but for an array of its own dtype,
      // which numpy returns itself (refused in typeOfArrayCall).
      a->attr = "array";
      asarrayCalls_.insert(&e);
    }
    calleeType = typeOf(*a);
    if (calleeType == Type::Function)
      name = a->qualifiedName;
    else if (calleeType != Type::Unknown)
      error(a->loc(), "this is not a function");
  } else {
    typeOf(*e.callee);
    error(e.callee->loc(), "only named functions can be called");
  }
  if (name.empty()) {
    for (auto &arg : e.args)
      if (!isa<NoneLiteralExpr>(arg.get())) // filter(None, a): the callee's error is the one
        typeOf(*arg);
    return Type::Unknown;
  }
  if (bool diagnosed; name == "numpy.array" && fn_ && !inConstant_) {
    if (rewriteNestedArrayDisplay(e, diagnosed))
      name = "numpy.stack";
    else if (diagnosed)
      return Type::Unknown;
  }
  e.builtin = name;
  return typeOfBuiltinCall(e, name);
}

Type Sema::typeOfFunctionCall(CallExpr &e, FunctionDef &target) {
  if (target.isLibrary && fn_ && e.loc().isValid())
    librarySites_[&target].insert({fn_, {e.loc().line, e.loc().col}});
  // A tuple of arrays passed to a function (`spread((a, b, c))`) is passed
  // as a list of arrays: the callee can only read it (iterate, index, len,
  // min/max/sorted with key=), where a tuple and a list behave alike.
  auto tupleOfArrays = [&](ExprPtr &arg) {
    auto *tup = dyn_cast<TupleExpr>(arg.get());
    if (!tup || tup->elements.empty())
      return;
    for (auto &el : tup->elements)
      if (!isNdarray(typeOf(*el)))
        return;
    arg = std::make_unique<ListExpr>(tup->loc(), std::move(tup->elements));
  };
  for (auto &arg : e.args)
    tupleOfArrays(arg);
  for (KeywordArg &k : e.keywords)
    tupleOfArrays(k.value);
  bindCaptures(&e, e.loc(), target);
  std::vector<Expr *> bound(declaredParams(target), nullptr);
  // Keyword-only parameters (after a bare `*`) take no positional argument.
  size_t positional = 0;
  while (positional < bound.size() && !target.params[positional].keywordOnly)
    ++positional;
  if (e.args.size() > positional) {
    error(e.loc(), "'" + target.name + "' takes " + std::to_string(positional) +
                       (positional < bound.size() ? " positional" : "") + " argument(s) but " +
                       std::to_string(e.args.size()) + " were given");
  }
  for (size_t i = 0; i < e.args.size() && i < positional; ++i)
    bound[i] = e.args[i].get();
  for (KeywordArg &k : e.keywords) {
    size_t i = 0;
    while (i < bound.size() && target.params[i].name != k.name)
      ++i;
    if (i == bound.size()) {
      error(k.loc, "'" + target.name + "' has no parameter named '" + k.name + "'");
      typeOf(*k.value);
      continue;
    }
    if (bound[i]) {
      error(k.loc, "'" + target.name + "' got multiple values for argument '" + k.name + "'");
      continue;
    }
    bound[i] = k.value.get();
  }
  for (size_t i = 0; i < e.args.size(); ++i)
    if (i >= positional)
      typeOf(*e.args[i]);
  for (size_t i = 0; i < bound.size(); ++i) {
    if (!bound[i]) {
      if (!target.params[i].defaultValue)
        error(e.loc(), "'" + target.name + "' is missing argument '" + target.params[i].name + "'");
      continue;
    }
    if (isa<NoneLiteralExpr>(bound[i]) && i < target.locals.size() &&
        target.locals[i].mayBeNone) {
      bound[i]->type = Type::None; // None for a parameter whose default is None
      continue;
    }
    Type t = typeOf(*bound[i]);
    if (t == Type::Unknown || i >= target.locals.size())
      continue;
    // A list of arrays is passed as it is held (the arrays themselves,
    // read-only through it), as Python passes the list object.
    bool arrayList = (t == Type::ArrayList || t == Type::TupleList) && bound[i]->shape;
    bool hashArg = isHashContainer(t) && bound[i]->shape;
    if (!isNumeric(t) && !isArray(t) && t != Type::Str && !(t == Type::Tuple && bound[i]->shape) &&
        !arrayList && !hashArg) {
      requireNumeric(*bound[i], t, "passed");
      continue;
    }
    LocalVar &param = target.locals[i];
    if (hashArg && !joinHashParam(target, param, *bound[i]))
      continue;
    if (arrayList && !param.readonlyArray) {
      param.readonlyArray = true;
      changed_ = true;
    }
    if (!joinInto(param.type, param.shape, t, bound[i]->shape)) {
      error(bound[i]->loc(), "'" + target.name + "' is called with a " +
                                 describeShape(t, bound[i]->shape) + " for '" + param.name +
                                 "' here and a " + describeShape(param.type, param.shape) +
                                 " elsewhere");
      continue;
    }
    joinLocalShape(param, isArray(t), isWindow(*bound[i]) ? bound[i]->shape : nullptr,
                   bound[i]->loc());
    if (isArray(t) && isReadonlyArrayExpr(*bound[i]) && !param.readonlyArray) {
      param.readonlyArray = true;
      changed_ = true;
    }
    if (!compatible(param.type, t)) {
      error(bound[i]->loc(), "'" + target.name + "' is called with a " + typeName(t) + " for '" +
                                 param.name + "' here and a " + typeName(param.type) +
                                 " elsewhere");
      continue;
    }
    // A list of ints given where the parameter holds floats is passed as
    // a float copy: a function that writes into the list would change the
    // copy, not the caller's list (Python changes the list object itself).
    if (isList(t) && isList(param.type) && t != param.type && writesListParam(target, i)) {
      error(bound[i]->loc(),
            "'" + target.name + "' changes the list it takes as '" + param.name +
                "' and is called with " +
                (t == Type::IntList ? "a list of ints here and a list of floats elsewhere"
                                    : "a list of floats here and a list of ints elsewhere") +
                "; llcc would pass one of them as a copy, which the writes would not reach. Give "
                "every call a "
                "list of floats ([float(x) for x in a])");
      continue;
    }
    Type j = join(param.type, t);
    if (j != param.type) {
      param.type = j;
      changed_ = true;
    }
    markNumpy(param.mayBeNumpy, bound[i]->mayBeNumpy);
    noteBoolKind(param, bound[i], t, bound[i]->mayBeNumpy);
    // The helper's adds reach the caller's set or dict: one object, one
    // element kind on both sides (SemaByRef.cpp).
    if (auto *n = dyn_cast<NameExpr>(bound[i]); hashArg && n && n->ref == NameRef::Local)
      joinContainerShape(fn_->locals[n->localIndex], param.shape);
  }
  // Which arguments are numpy scalars, for one copy of the helper per
  // combination (SemaKindVersions.cpp).
  auto *calleeName = dyn_cast<NameExpr>(e.callee.get());
  if (reporting_ && fn_ && !fn_->isLibrary && !target.isLibrary && calleeName) {
    std::string mask(bound.size(), '0');
    for (size_t i = 0; i < bound.size(); ++i)
      if (bound[i] && bound[i]->mayBeNumpy && isNumeric(bound[i]->type))
        mask[i] = '1';
    module_.callKinds.push_back(
        {fn_->name, calleeName->loc(), calleeName->name, target.name, mask});
  }
  e.shape = target.returnShape;
  return target.returnType;
}

/// numpy functions of bools alone compute in numpy's smallest types: np.exp(True)
/// is the float16 2.719, np.square(b) an int8, np.sign(b) raises. llcc's
/// float64 would differ, so such a call is refused, except for the
/// functions whose result is the same (np.isnan, np.abs, np.float64, ...).
void Sema::rejectNumpyOfBools(CallExpr &e, const std::string &name,
                              const std::vector<Type> &args) {
  static const std::set<std::string> sameForBools = {
      "numpy.isnan",   "numpy.isinf",   "numpy.isfinite", "numpy.abs",   "numpy.absolute",
      "numpy.float64", "numpy.float32", "numpy.int64",    "numpy.minimum", "numpy.maximum",
      "numpy.isclose"};
  if (name.rfind("numpy.", 0) != 0 || args.empty() || sameForBools.count(name))
    return;
  // np.round's decimals is not an operand: np.round(True, 2) is float16 too.
  bool rounds = name == "numpy.round" || name == "numpy.around" || name == "numpy.round_";
  // A bool array (a mask) computes in the same small types elementwise.
  for (size_t i = 0; i < (rounds ? 1 : args.size()); ++i)
    if (args[i] != Type::Bool && args[i] != Type::BoolArray)
      return;
  std::string shown = "np." + name.substr(6);
  if (std::count(args.begin(), args.end(), Type::BoolArray)) {
    error(e.loc(), shown +
                       " of a bool array computes in numpy's float16 or int8 (np.exp(mask) "
                       "is a float16 array), which llcc does not model; convert first: " +
                       shown + "(mask.astype(float))");
    return;
  }
  error(e.loc(), shown + " of a bool computes in numpy's float16 or int8 (np.exp(True) is "
                         "2.719), which llcc does not model; convert first: " + shown +
                         "(float(b))");
}

/// divmod(a, b) of two numbers: the tuple (a // b, a % b) of their common
/// type, each computed once from one evaluation of a and b (IRGen
/// genDivmod), with Python's errors for Python numbers ("float divmod()")
/// and numpy's inf and nan for numpy floats.
Type Sema::typeOfDivmod(CallExpr &e) {
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    error(k.loc, "divmod() takes no keyword arguments");
  }
  if (e.args.size() != 2) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), "divmod expected 2 arguments, got " + std::to_string(e.args.size()));
    return Type::Unknown;
  }
  Type ta = typeOf(*e.args[0]), tb = typeOf(*e.args[1]);
  if (ta == Type::Unknown || tb == Type::Unknown)
    return Type::Unknown;
  for (auto &a : e.args)
    if (!isNumeric(a->type)) {
      error(a->loc(), std::string("divmod() of a ") + typeName(a->type) +
                          " is not supported; give it two numbers");
      return Type::Unknown;
    }
  Type t = arithmeticType(ta, tb);
  bool numpy = e.args[0]->mayBeNumpy || e.args[1]->mayBeNumpy;
  e.shape = makeTupleShape({t, t}, {nullptr, nullptr}, {numpy, numpy});
  return Type::Tuple;
}

/// `max(a, b, ...)` of tuples and `min(x, y, ..., key=f)` of numbers of one
/// type or tuples: CPython's min and max with several arguments run the
/// loop they run over one iterable, so these are min/max of the list
/// `[a, b, ...]` (the first smallest or largest; the arguments evaluated
/// in order, before any comparison or key). Numbers of different types
/// (an int and a float) are left alone: a list would make the int a float.
/// True when rewritten.
bool Sema::packMinMaxArguments(CallExpr &e, const std::string &name) {
  if ((name != "min" && name != "max") || e.args.size() < 2 || e.starred)
    return false;
  bool key = false;
  for (const KeywordArg &k : e.keywords) {
    if (k.name != "key")
      return false; // default= with several arguments: CPython's TypeError
    key = true;
  }
  Type first = Type::Unknown;
  for (auto &a : e.args) {
    if (isa<ComprehensionExpr>(a.get()))
      return false;
    Type t = typeOf(*a);
    if (t == Type::Unknown || (first != Type::Unknown && t != first))
      return false;
    first = t;
  }
  if (!(first == Type::Tuple || (key && (first == Type::Float || first == Type::Int))))
    return false;
  SourceLoc at = e.args[0]->loc();
  auto list = std::make_unique<ListExpr>(at, std::move(e.args));
  e.args.clear();
  e.args.push_back(std::move(list));
  return true;
}

Type Sema::typeOfBuiltinCall(CallExpr &e, const std::string &name) {
  if (name == "sum" && e.args.size() == 2)
    return typeOfSumStart(e);
  if (name == "divmod")
    return typeOfDivmod(e);
  if (name == "numpy.unravel_index")
    return typeOfUnravelIndex(e);
  if (name == "numpy.where" && e.args.size() == 1 && e.keywords.empty()) {
    typeOf(*e.args[0]);
    error(e.loc(), "np.where(condition) with one argument is np.nonzero(condition), a tuple of "
                   "index arrays: take its [0] (np.where(condition)[0]), or give np.where its "
                   "x and y");
    return Type::Unknown;
  }
  if (Type out; typeOfWindowBuiltin(e, name, out) || typeOfStackCall(e, name, out))
    return out;
  // max(a, b) of tuples, min(x, y, key=f): min or max of the list [a, b]
  // (CPython's loop over its arguments is its loop over an iterable).
  if (packMinMaxArguments(e, name))
    return typeOfBuiltinCall(e, name);
  Type containerResult;
  if (typeOfContainerBuiltin(e, name, containerResult))
    return containerResult;
  const BuiltinFunction *b = findBuiltinFunction(name);
  if (b && (b->op != ScalarOp::None || b->library[0]))
    return typeOfLibraryCall(e, *b);
  std::vector<Type> args;
  std::vector<Expr *> argList;
  for (auto &a : e.args) {
    args.push_back(typeOf(*a));
    argList.push_back(a.get());
  }
  if (!checkWindowArguments(e, name, argList))
    return Type::Unknown;
  if (!b) {
    error(e.callee->loc(), "'" + name + "' is not supported");
    return Type::Unknown;
  }
  if (name == "math.dist")
    return typeOfMathDist(e, args);
  if (name == "enumerate" || name == "zip" || name == "reversed") {
    reportIteratorValue(e, name);
    return Type::Unknown;
  }
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i] == Type::Tuple && e.args[i]->shape) {
      if (b->result == BuiltinResult::Reduce || b->result == BuiltinResult::NewArray ||
          b->result == BuiltinResult::Elementwise || name.rfind("numpy.", 0) == 0) {
        // numpy makes an array of the tuple: np.sum(T), np.array(T).
        std::vector<Expr *> argExprs;
        for (auto &a : e.args)
          argExprs.push_back(a.get());
        return typeOfArrayCall(e, name, argExprs, true);
      }
      return typeOfTupleBuiltin(e, name);
    }
  bool anyArrayArg = false;
  for (Type t : args)
    anyArrayArg |= isArray(t);
  bool reducesBuiltin =
      (name == "min" || name == "max" || name == "sum" || name == "len") && args.size() == 1;
  if (b->result == BuiltinResult::Reduce || b->result == BuiltinResult::NewArray ||
      b->result == BuiltinResult::Elementwise ||
      (anyArrayArg && !reducesBuiltin && b->result != BuiltinResult::Special)) {
    std::vector<Expr *> argExprs;
    for (auto &a : e.args)
      argExprs.push_back(a.get());
    return typeOfArrayCall(e, name, argExprs, true);
  }
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    error(k.loc, "keyword arguments are not supported for '" + name + "'");
  }
  if (name == "pow" && args.size() == 3) {
    error(e.loc(), "pow(a, b, m), Python's modular power of ints, is not supported in llcc; "
                   "write (a ** b) % m (exact while a ** b fits in 64 bits)");
    return Type::Unknown;
  }
  if (args.size() < b->minArgs || args.size() > b->maxArgs) {
    std::string expected = b->minArgs == b->maxArgs
                               ? std::to_string(b->minArgs)
                               : std::to_string(b->minArgs) + " to " + std::to_string(b->maxArgs);
    error(e.loc(), "'" + name + "' takes " + expected + " argument(s) but " +
                       std::to_string(args.size()) + " were given");
    return Type::Unknown;
  }
  for (Type t : args)
    if (t == Type::Unknown)
      return Type::Unknown;

  // Array arguments are accepted only where the builtin reduces an array.
  bool reduces =
      (name == "min" || name == "max" || name == "sum" || name == "len") && args.size() == 1;
  for (size_t i = 0; i < args.size(); ++i) {
    if (reduces) {
      if (name == "len" && args[i] == Type::Tuple && tupleLength(*e.args[i]) >= 0)
        continue; // len(T), len(a.shape): known when compiling
      if (name == "len" && args[i] == Type::Str) {
        e.builtin = "str.len"; // code points (IRGenStrValues.cpp)
        return Type::Int;
      }
      if (!isArray(args[i]))
        error(e.args[i]->loc(),
              "'" + name + "' of one argument needs an array, like " + name + "(values)");
      continue;
    }
    // float(s), int(s) of a str known at run time: CPython's parse
    // (IRGenStrValues.cpp); float() of a literal was folded before.
    if ((name == "float" || name == "int") && args.size() == 1 && args[i] == Type::Str) {
      e.builtin = "str." + name;
      return name == "float" ? Type::Float : Type::Int;
    }
    if (isArray(args[i]))
      error(e.args[i]->loc(),
            "'" + name + "' of an array is not supported yet; apply it to elements");
    else
      requireNumeric(*e.args[i], args[i], "passed");
  }
  if (name == "len" && !reduces)
    return Type::Int;
  if ((name == "min" || name == "max") && args.size() == 1 && !isArray(args[0]))
    return Type::Unknown;

  rejectNumpyOfBools(e, name, args);
  // numpy's ints and bools have __floor__ and __ceil__ (through float) but
  // no __trunc__ in numpy 1.24: math.trunc(np.int64(3)) is a TypeError.
  if (name == "math.trunc" && args.size() == 1 && isIntegral(args[0]) &&
      e.args[0]->mayBeNumpy)
    error(e.args[0]->loc(), std::string("math.trunc of a numpy ") +
                                (args[0] == Type::Bool ? "bool" : "int") +
                                " raises TypeError in CPython (numpy." +
                                (args[0] == Type::Bool ? "bool_" : "int64") +
                                " doesn't define __trunc__); convert it first: math.trunc(int(x))");
  switch (b->result) {
  case BuiltinResult::Float:
    return Type::Float;
  case BuiltinResult::Int:
    return Type::Int;
  case BuiltinResult::Bool:
    return Type::Bool;
  case BuiltinResult::SameNumeric:
    // abs of a numpy.bool_, and np.abs of any bool, is a numpy.bool_.
    if (args[0] == Type::Bool && (name != "abs" || e.args[0]->mayBeNumpy))
      return Type::Bool;
    return isIntegral(args[0]) ? Type::Int : args[0];
  case BuiltinResult::JoinOrElem: {
    if (args.size() == 1)
      return args[0] == Type::IntArray || args[0] == Type::IntList ? Type::Int : Type::Float;
    Type t = Type::Unknown;
    for (Type a : args)
      t = join(t, a);
    return t;
  }
  case BuiltinResult::Round:
    if (args.size() == 2) {
      if (args[1] == Type::Float)
        error(e.args[1]->loc(), "round()'s number of digits must be an int");
      if (isIntegral(args[0]))
        return Type::Int; // int.__round__: round(17, -1) == 20, an int
      if (args[0] == Type::IntOrFloat)
        return Type::IntOrFloat; // an int where x is one, a float where x is
      return Type::Float;
    }
    return Type::Int;
  case BuiltinResult::Special:
    if (name == "range") {
      for (size_t i = 0; i < args.size(); ++i)
        if (args[i] == Type::Float)
          error(e.args[i]->loc(), "range() arguments must be integers, not float");
      if (!inForIter_)
        reportIteratorValue(e, name);
      return Type::Unknown;
    }
    if (name == "sum") {
      // A list may be empty, and then sum() is the int 0 (whose division
      // by zero raises), so the sum of a list of floats is an int or a float.
      if (isList(args[0]) && elementType(args[0]) == Type::Float)
        return Type::IntOrFloat;
      return elementType(args[0]) == Type::Float ? Type::Float : Type::Int;
    }
    if (Type nb; name == "pow" && numpyBoolArithmetic(BinaryOp::Pow, *e.args[0], *e.args[1],
                                                      e.loc(), nb))
      return nb; // pow(b, c) of numpy bools is a numpy.int8: refused
    if (name == "pow")
      return powerType(args[0], args[1], e.args[1].get());
    break;
  }
  return Type::Unknown;
}

/// `key=labels.count`: a list's bound method as a key function, which
/// Python calls with each element; written as the lambda it means, whose
/// typing and lowering exist (the method's own checks then apply).
void Sema::expandMethodKey(ExprPtr &key) {
  auto *a = dyn_cast<AttributeExpr>(key.get());
  auto *base = a ? dyn_cast<NameExpr>(a->value.get()) : nullptr;
  if (!base || a->attr != "count" || moduleAliases_.count(base->name))
    return;
  SourceLoc at = key->loc();
  std::string param = "_llcc_key_" + std::to_string(at.line) + "_" + std::to_string(at.col);
  std::vector<ExprPtr> args;
  args.push_back(std::make_unique<NameExpr>(at, param));
  auto method = std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(base->loc(), base->name),
                                                a->attr);
  auto body = std::make_unique<CallExpr>(at, std::move(method), std::move(args),
                                         std::vector<KeywordArg>{});
  key = std::make_unique<LambdaExpr>(at, std::vector<std::string>{param}, std::move(body));
}

/// `float("nan")`, `float("-inf")`, `float("1.5")`: float() of a str
/// literal is the float CPython parses from it (surrounding whitespace,
/// any case of inf, infinity and nan, digits grouped with underscores),
/// written as that float; any other str is CPython's ValueError, which
/// every run would raise, so a compile error.
int Sema::foldFloatOfString(CallExpr &e) {
  auto *callee = dyn_cast<NameExpr>(e.callee.get());
  if (!callee || callee->name != "float" || locals_.count("float") || functions_.count("float") ||
      constants_.count("float") || e.args.size() != 1 || !e.keywords.empty())
    return 0;
  auto *str = dyn_cast<StringLiteralExpr>(e.args[0].get());
  if (!str)
    return 0;
  std::string text = str->value;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t b = 0, end = text.size();
  while (b < end && space(text[b]))
    ++b;
  while (end > b && space(text[end - 1]))
    --end;
  std::string body = text.substr(b, end - b);
  std::string lower;
  for (char c : body)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string unsignedPart = lower;
  bool negative = false;
  if (!unsignedPart.empty() && (unsignedPart[0] == '+' || unsignedPart[0] == '-')) {
    negative = unsignedPart[0] == '-';
    unsignedPart = unsignedPart.substr(1);
  }
  double value = 0.0;
  bool ok = false;
  if (unsignedPart == "inf" || unsignedPart == "infinity") {
    value = negative ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity();
    ok = true;
  } else if (unsignedPart == "nan") {
    value = negative ? -std::numeric_limits<double>::quiet_NaN()
                     : std::numeric_limits<double>::quiet_NaN();
    ok = true;
  } else {
    // A decimal literal: digits (single underscores between them), an
    // optional fraction and exponent.
    std::string digits;
    bool anyDigit = false, valid = !unsignedPart.empty();
    int part = 0; // 0 integer, 1 fraction, 2 exponent
    for (size_t i = 0; i < unsignedPart.size() && valid; ++i) {
      char c = unsignedPart[i];
      bool digit = c >= '0' && c <= '9';
      if (digit) {
        anyDigit |= part < 2;
        digits += c;
      } else if (c == '_') {
        valid = i > 0 && i + 1 < unsignedPart.size() && std::isdigit(static_cast<unsigned char>(unsignedPart[i - 1])) &&
                std::isdigit(static_cast<unsigned char>(unsignedPart[i + 1]));
      } else if (c == '.' && part == 0) {
        part = 1;
        digits += c;
      } else if (c == 'e' && part < 2 && anyDigit) {
        part = 2;
        digits += c;
        if (i + 1 < unsignedPart.size() && (unsignedPart[i + 1] == '+' || unsignedPart[i + 1] == '-'))
          digits += unsignedPart[++i];
        valid = i + 1 < unsignedPart.size();
      } else {
        valid = false;
      }
    }
    if (valid && anyDigit) {
      value = std::strtod(digits.c_str(), nullptr);
      value = negative ? -value : value;
      ok = true;
    }
  }
  if (!ok) {
    error(e.loc(), "could not convert string to float: '" + text +
                       "' (CPython's ValueError, raised by every call)");
    return -1;
  }
  e.args[0] = std::make_unique<FloatLiteralExpr>(str->loc(), value);
  return 0;
}

} // namespace sema
} // namespace llcc

namespace llcc {
namespace sema {

/// Whether `fn` writes into the list it takes as parameter `i`: an element
/// or slice store (`a[k] = x`, `a[k] += x`), an in-place method (a.sort(),
/// a.reverse()), or passing it on to a function that does.
bool Sema::writesListParam(const FunctionDef &fn, size_t i, unsigned depth) {
  if (i >= fn.params.size() || depth > 16)
    return false;
  const std::string &p = fn.params[i].name;
  auto isParam = [&](const Expr *e) {
    auto *n = e ? dyn_cast<NameExpr>(e) : nullptr;
    return n && n->name == p;
  };
  auto storesInto = [&](const Expr *target) {
    auto *sub = dyn_cast<SubscriptExpr>(target);
    return sub && isParam(sub->value.get());
  };
  bool writes = false;
  Block &body = const_cast<FunctionDef &>(fn).body;
  std::function<void(Block &)> visit = [&](Block &block) {
    for (StmtPtr &st : block) {
      forEachChildBlock(*st, visit);
      if (auto *a = dyn_cast<AssignStmt>(st.get()))
        for (const ExprPtr &t : a->targets)
          writes |= storesInto(t.get());
      if (auto *a = dyn_cast<AugAssignStmt>(st.get()))
        writes |= storesInto(a->target.get());
    }
  };
  visit(body);
  eachSlot(body, [&](ExprPtr &slot) {
    auto *c = dyn_cast<CallExpr>(slot.get());
    if (!c || writes)
      return;
    if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()))
      writes |= isParam(a->value.get()) && (a->attr == "sort" || a->attr == "reverse");
    auto *callee = dyn_cast<NameExpr>(c->callee.get());
    if (callee && callee->ref == NameRef::Function && callee->function)
      for (size_t j = 0; j < c->args.size() && !writes; ++j)
        writes |= isParam(c->args[j].get()) && writesListParam(*callee->function, j, depth + 1);
  });
  return writes;
}

} // namespace sema
} // namespace llcc
