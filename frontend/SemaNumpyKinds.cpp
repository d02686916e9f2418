//===- SemaNumpyKinds.cpp - Python numbers read out of containers ----------===//
//
// Expr::mayBeNumpy decides Python's or numpy's rules for `/`, `//`, `%`,
// `**`, round(x, n), ~ and - of bools. A number read out of a container is
// what was stored in it, so for containers the flag means "its elements
// (a dict's values) may be numpy scalars":
//
//   list, dict         what was stored (displays, append, d[k] = v, ...)
//   output_coords      SciPy's tuple of Python ints, and slices or copies
//                      of it (IntArray locals whose every value was one)
//   other int arrays   numpy ints (np.arange, np.argsort, a.astype(int))
//   a.shape            Python ints
//   Counter(...), defaultdict(...)   Python int counts / zeros until a
//                      numpy value is stored
//
// Marking a value Python where CPython has a numpy scalar is as wrong as
// the reverse, so anything not known here stays numpy.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>

namespace llcc {
namespace sema {

/// Whether an llcc IntArray expression may hold numpy ints; false for
/// geometric_transform's output_coords and what is copied or sliced from
/// it (a helper's parameter or a local follows what was bound to it).
bool Sema::intArrayMayBeNumpy(const Expr &e) {
  switch (e.kind()) {
  case Expr::Kind::Name: {
    auto &n = cast<NameExpr>(e);
    if (isOutputCoords(e))
      return false;
    if (n.ref != NameRef::Local || !fn_ || n.localIndex < 0)
      return true;
    const LocalVar &v = fn_->locals[static_cast<size_t>(n.localIndex)];
    // An exported function's other parameters are arrays SciPy made; a
    // hidden local's values are the desugaring's.
    if ((v.isParam && fn_->fkind != FunctionKind::Helper) || v.hidden)
      return true;
    return v.mayBeNumpy;
  }
  case Expr::Kind::Subscript: {
    auto &s = cast<SubscriptExpr>(e);
    return !(s.value->type == Type::IntArray && isa<SliceExpr>(s.index.get())) ||
           s.value->mayBeNumpy;
  }
  case Expr::Kind::IfExp: {
    auto &i = cast<IfExpExpr>(e);
    return i.thenExpr->mayBeNumpy || i.elseExpr->mayBeNumpy;
  }
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(e);
    return !(c.target && c.builtin.empty()) || c.target->returnMayBeNumpy;
  }
  default:
    return true;
  }
}

/// dict(x): a copy of a dict, {k: v for ...} (dict of a comprehension of
/// pairs), zip(keys, values), or (key, value) tuples.
static bool dictArgMayBeNumpy(const Expr &x) {
  if (x.type == Type::Dict)
    return x.mayBeNumpy;
  if (auto *c = dyn_cast<ComprehensionExpr>(&x))
    if (auto *pair = dyn_cast<TupleExpr>(c->element.get()); pair && pair->elements.size() == 2)
      return pair->elements[1]->mayBeNumpy;
  if (x.type == Type::TupleList && x.shape && x.shape->elemShape &&
      x.shape->elemShape->memberNumpy.size() == 2)
    return x.shape->elemShape->memberNumpy[1];
  return true;
}

/// A dict-valued expression: whether its values may be numpy scalars.
bool Sema::dictMayBeNumpy(const Expr &e) {
  if (auto *d = dyn_cast<DictExpr>(&e)) {
    for (auto &v : d->values)
      if (v->mayBeNumpy)
        return true;
    return false;
  }
  if (auto *c = dyn_cast<CallExpr>(&e); c && !c->target) {
    // Counter's counts and defaultdict's zeros are Python ints (or floats).
    if (c->builtin == "collections.Counter" || c->builtin == "collections.defaultdict")
      return false;
    if (c->builtin == "dict" && c->args.size() == 1)
      return dictArgMayBeNumpy(*c->args[0]);
    if (c->builtin == "dict")
      return !c->args.empty();
  }
  return true;
}

/// Whether the numbers a subscript reads out of `x` may be numpy scalars.
bool Sema::elementsMayBeNumpy(const Expr &x) {
  if (x.type == Type::Tuple && x.shape) {
    for (bool np : x.shape->memberNumpy)
      if (np)
        return true;
    return false;
  }
  if (x.type == Type::Tuple) // a.shape: Python ints
    if (auto *a = dyn_cast<AttributeExpr>(&x); a && a->attr == "shape")
      return false;
  if (isList(x.type) || x.type == Type::IntArray)
    return x.mayBeNumpy;
  if (isHashContainer(x.type)) // its keys (a dict's values are x.mayBeNumpy)
    return !x.shape || x.shape->keysMayBeNumpy;
  return true;
}

/// The kind of a statistics function's result in CPython 3.11, which the
/// llcc version's body does not show: fmean (fsum(data) / n), stdev and
/// pstdev (_float_sqrt_of_frac), geometric_mean (exp(fmean(log))) and
/// median_grouped return Python floats; mean, median, mode, variance and
/// the others convert to the data's type (_convert), a numpy.float64 for a
/// window or a list of its elements, a Python float for a.tolist();
/// harmonic_mean's is numpy's when its data or its weights are (the type
/// of w / x, _sum's T).
enum class ResultKind { PythonFloat, DataKind, AnyArgKind };
static const std::pair<const char *, ResultKind> StatisticsResults[] = {
    {"statistics.fmean", ResultKind::PythonFloat},
    {"statistics.stdev", ResultKind::PythonFloat},
    {"statistics.pstdev", ResultKind::PythonFloat},
    {"statistics.geometric_mean", ResultKind::PythonFloat},
    {"statistics.median_grouped", ResultKind::PythonFloat},
    {"statistics.mean", ResultKind::DataKind},
    {"statistics.median", ResultKind::DataKind},
    {"statistics.median_low", ResultKind::DataKind},
    {"statistics.median_high", ResultKind::DataKind},
    {"statistics.mode", ResultKind::DataKind},
    {"statistics.multimode", ResultKind::DataKind},
    {"statistics.variance", ResultKind::DataKind},
    {"statistics.pvariance", ResultKind::DataKind},
    {"statistics.harmonic_mean", ResultKind::AnyArgKind},
    {"statistics.quantiles", ResultKind::DataKind},
};

/// False when `c` calls no function of the table above.
bool Sema::libraryResultKind(const CallExpr &c, bool &numpy) {
  for (const auto &[name, kind] : StatisticsResults)
    if (c.libraryName == name) {
      size_t n =
          kind == ResultKind::AnyArgKind ? c.args.size() : std::min<size_t>(1, c.args.size());
      numpy = kind != ResultKind::PythonFloat && c.args.empty();
      for (size_t i = 0; i < n && kind != ResultKind::PythonFloat; ++i)
        numpy |= c.args[i]->type == Type::Unknown || elementsMayBeNumpy(*c.args[i]);
      return true;
    }
  return false;
}

} // namespace sema
} // namespace llcc
