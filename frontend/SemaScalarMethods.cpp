//===- SemaScalarMethods.cpp - Methods of numpy scalars ---------------------===//
//
// An element of a numpy array is a numpy scalar in CPython (numpy.float64,
// numpy.int64), which has the array methods too: `values[i].item()` (the
// Python number), `v.round(2)`, `v.sum()`, `v.mean()`, `v.max()`,
// `v.std()`, and Python float's `v.is_integer()`. Users write them on
// elements they took out of the buffer, so llcc types them here (each is
// the number itself, or a formula of it, lowered in
// codegen/IRGenScalarMethods.cpp). A method that exists only on numpy
// scalars is accepted on a value that may be one (Expr::mayBeNumpy for
// floats; an element of an int array for ints); on a plain Python number
// CPython raises AttributeError, so llcc reports it at compile time.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

/// How a scalar method types: its result for a float receiver and for an
/// int one (Unknown: not for ints), and whether Python's own float has it.
struct ScalarMethod {
  const char *name;
  Type ofFloat;
  Type ofInt;
  bool pythonFloat; ///< float.is_integer, float.conjugate: any float has it
  bool numpyResult; ///< the result is a numpy scalar (not a Python number)
  unsigned maxArgs;
};

const ScalarMethod Methods[] = {
    {"item", Type::Float, Type::Int, false, false, 0},
    {"tolist", Type::Float, Type::Int, false, false, 0},
    {"is_integer", Type::Bool, Type::Bool, true, false, 0},
    {"conjugate", Type::Float, Type::Int, true, true, 0},
    {"round", Type::Float, Type::Unknown, false, true, 1},
    {"sum", Type::Float, Type::Int, false, true, 0},
    {"prod", Type::Float, Type::Int, false, true, 0},
    {"max", Type::Float, Type::Int, false, true, 0},
    {"min", Type::Float, Type::Int, false, true, 0},
    {"mean", Type::Float, Type::Float, false, true, 0},
    {"var", Type::Float, Type::Float, false, true, 0},
    {"std", Type::Float, Type::Float, false, true, 0},
};

const ScalarMethod *findScalarMethod(const std::string &name) {
  for (const ScalarMethod &m : Methods)
    if (name == m.name)
      return &m;
  return nullptr;
}

/// `a[i]` of a numpy array: a numpy scalar in CPython.
bool isArrayElement(const Expr &e) {
  auto *s = dyn_cast<SubscriptExpr>(&e);
  return s && isNdarray(s->value->type) && !isa<SliceExpr>(s->index.get());
}

} // namespace

/// `x.m(...)` of a number: see the file comment. False when `m` is no
/// scalar method llcc knows (the caller reports it).
bool Sema::typeOfScalarMethod(CallExpr &e, AttributeExpr &a, Type base, Type &out) {
  out = Type::Unknown;
  if (a.attr == "bit_count" || a.attr == "bit_length") // SemaIntBits.cpp
    return typeOfIntBitMethod(e, a, base, out);
  const ScalarMethod *m = findScalarMethod(a.attr);
  if (!m) {
    error(a.loc(), std::string("a ") + typeName(base) + " has no method '" + a.attr +
                       "' in llcc; numbers have item(), round(n), is_integer(), sum(), "
                       "mean(), min(), max(), prod(), var(), std() and conjugate() (as numpy "
                       "scalars do)" +
                       (isIntegral(base) ? ", ints bit_count() and bit_length()" : "") +
                       ", or use a function: round(x, 2), float(x), abs(x)");
    for (auto &arg : e.args)
      typeOf(*arg);
    return true;
  }
  a.type = Type::Function;
  e.builtin = std::string("scalar.") + m->name;
  bool isInt = isIntegral(base);
  bool numpyScalar = isInt ? isArrayElement(*a.value) : a.value->mayBeNumpy;
  if (!m->pythonFloat && !numpyScalar) {
    error(a.loc(), std::string("'") + m->name + "' is a method of numpy scalars (an element of "
                   "an array), and this " + typeName(base) + " is a Python " +
                   (isInt ? "int" : "float") + " (CPython raises AttributeError); " +
                   (a.attr == "round" ? "write round(x, n)" : "use the number itself"));
    for (auto &arg : e.args)
      typeOf(*arg);
    return true;
  }
  if (isInt && m->pythonFloat && !numpyScalar && a.attr == "is_integer") {
    error(a.loc(), "a Python int has no method 'is_integer' in CPython 3.11 (numpy.int64 has); "
                   "it is always an integer: write True");
    return true;
  }
  if (isInt && m->ofInt == Type::Unknown) {
    error(a.loc(), std::string("'") + m->name + "' of an int is not supported; write round(n, d)");
    for (auto &arg : e.args)
      typeOf(*arg);
    return true;
  }
  if (e.args.size() > m->maxArgs || !e.keywords.empty()) {
    for (auto &arg : e.args)
      typeOf(*arg);
    for (KeywordArg &k : e.keywords)
      typeOf(*k.value);
    error(e.loc(), std::string(".") + m->name + "() takes " +
                       (m->maxArgs ? "at most one argument (decimals)" : "no arguments") +
                       " here");
    return true;
  }
  for (auto &arg : e.args) {
    Type t = typeOf(*arg);
    if (t != Type::Unknown && !isIntegral(t))
      error(arg->loc(), "decimals must be an int");
  }
  out = isInt ? m->ofInt : (base == Type::IntOrFloat && m->ofFloat == Type::Float &&
                                    m->ofInt == Type::Int
                                ? Type::IntOrFloat
                                : m->ofFloat);
  return true;
}

/// Whether `x.m()` gives a numpy scalar (rather than a Python number).
bool scalarMethodIsNumpy(const CallExpr &e) {
  if (e.builtin.rfind("scalar.", 0) != 0)
    return false;
  const ScalarMethod *m = findScalarMethod(e.builtin.substr(7));
  return m && m->numpyResult;
}

} // namespace sema
} // namespace llcc
