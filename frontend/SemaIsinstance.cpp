//===- SemaIsinstance.cpp - isinstance(x, T) folded to a constant ---------===//
//
// Types are fixed when llcc compiles, so isinstance(x, T) is a constant:
// Sema decides it here and IRGen evaluates x (for its errors) and yields
// the answer (CallExpr::isinstanceAnswer). The answer must be CPython's for
// the object CPython would hold, which is finer than llcc's types: a Float
// is a Python float or a numpy.float64 (a float subclass, so
// isinstance(values[0], float) is True), an Int a Python int or a
// numpy.int64 (not an int subclass), a Bool a Python bool (an int) or a
// numpy.bool_ (neither). Sema's Expr::mayBeNumpy over-approximates "may be
// numpy", so each expression gets the set of CPython classes it may hold;
// the check folds when every one of them answers alike, and is refused
// otherwise (with the conversion that settles it).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

/// The CPython classes a value of llcc's may have (bit flags).
enum PyClass : unsigned {
  PyInt = 1u << 0,
  PyFloat = 1u << 1,
  PyBool = 1u << 2,
  NpInt64 = 1u << 3,
  NpFloat64 = 1u << 4,
  NpBool = 1u << 5,
  PyStr = 1u << 6,
  PyList = 1u << 7,
  PyTuple = 1u << 8,
  PyDict = 1u << 9,
  PySet = 1u << 10,
  NdArray = 1u << 11,
};

/// The classes for which isinstance(x, T) is True, per name of T as the
/// program spells it ("int", or "numpy.floating" after the module alias is
/// resolved). numpy registers its scalar types with the numbers ABCs
/// (number as Number, inexact as Complex, floating as Real, integer as
/// Integral); numpy.bool_ is none of them.
struct TypeEntry {
  const char *name;
  unsigned accepts;
};
constexpr unsigned PyNumbers = PyInt | PyFloat | PyBool | NpInt64 | NpFloat64;
const TypeEntry IsinstanceTypes[] = {
    {"int", PyInt | PyBool},
    {"float", PyFloat | NpFloat64},
    {"bool", PyBool},
    {"complex", 0},
    {"str", PyStr},
    {"list", PyList},
    {"tuple", PyTuple},
    {"dict", PyDict},
    {"set", PySet},
    {"numpy.ndarray", NdArray},
    {"numpy.generic", NpInt64 | NpFloat64 | NpBool},
    {"numpy.number", NpInt64 | NpFloat64},
    {"numpy.inexact", NpFloat64},
    {"numpy.floating", NpFloat64},
    {"numpy.float64", NpFloat64},
    {"numpy.double", NpFloat64},
    {"numpy.float_", NpFloat64},
    {"numpy.integer", NpInt64},
    {"numpy.signedinteger", NpInt64},
    {"numpy.int64", NpInt64},
    {"numpy.int_", NpInt64},
    {"numpy.intp", NpInt64},
    {"numpy.bool_", NpBool},
    {"numpy.complexfloating", 0},
    {"numbers.Number", PyNumbers},
    {"numbers.Complex", PyNumbers},
    {"numbers.Real", PyNumbers},
    {"numbers.Rational", PyInt | PyBool | NpInt64},
    {"numbers.Integral", PyInt | PyBool | NpInt64},
};

const char *className(unsigned c) {
  switch (c) {
  case PyInt:
    return "a Python int";
  case PyFloat:
    return "a Python float";
  case PyBool:
    return "a Python bool";
  case NpInt64:
    return "a numpy.int64";
  case NpFloat64:
    return "a numpy.float64";
  case NpBool:
    return "a numpy.bool_";
  case PyTuple:
    return "a tuple";
  case NdArray:
    return "a numpy array";
  default:
    return "another type";
  }
}

} // namespace

/// A value surely a numpy scalar in CPython: an element of a numpy array,
/// a numpy function's or an array method's result, or arithmetic with
/// one. Narrow on purpose (a local may hold either kind on different
/// paths): where it says no, the value may still be numpy.
static bool mustBeNumpy(const Expr &e) {
  if (!isNumeric(e.type) || !e.mayBeNumpy)
    return false;
  switch (e.kind()) {
  case Expr::Kind::Subscript: {
    auto &s = cast<SubscriptExpr>(e);
    // An IntArray may be geometric_transform's output_coords, a tuple of
    // Python ints in CPython.
    return s.value->type == Type::FloatArray || s.value->type == Type::BoolArray;
  }
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(e);
    return !c.target && (c.builtin.rfind("numpy.", 0) == 0 || c.builtin.rfind("method.", 0) == 0);
  }
  case Expr::Kind::Unary:
    return cast<UnaryExpr>(e).op != UnaryExpr::Op::Not && mustBeNumpy(*cast<UnaryExpr>(e).operand);
  case Expr::Kind::Binary: {
    auto &b = cast<BinaryExpr>(e);
    return mustBeNumpy(*b.lhs) || mustBeNumpy(*b.rhs);
  }
  case Expr::Kind::Compare: {
    // One comparison with a numpy operand is a numpy.bool_ (a chain may
    // stop at a Python comparison's False).
    auto &c = cast<CompareExpr>(e);
    return c.ops.size() == 1 && (mustBeNumpy(*c.operands[0]) || mustBeNumpy(*c.operands[1]));
  }
  default:
    return false;
  }
}

/// geometric_transform's output_coords itself, a tuple of Python ints in
/// CPython (llcc's IntArray).
bool Sema::isOutputCoords(const Expr &x) {
  auto *n = dyn_cast<NameExpr>(&x);
  return n && n->ref == NameRef::Local && fn_ && fn_->fkind == FunctionKind::Transform &&
         !fn_->transformWrites && static_cast<size_t>(n->localIndex) < fn_->kindParams;
}

unsigned Sema::isinstanceClasses(const Expr &x, std::string &why) {
  if (auto *n = dyn_cast<NameExpr>(&x); n && n->ref == NameRef::Local && fn_) {
    const LocalVar &v = fn_->locals[static_cast<size_t>(n->localIndex)];
    if (v.mayBeNone) {
      why = "it may be None";
      return 0;
    }
    size_t index = static_cast<size_t>(n->localIndex);
    if (v.isParam && v.userParam && index < fn_->params.size() &&
        !fn_->params[index].defaultValue) {
      why = "it is what the caller passes (an extra argument without a default)";
      return 0;
    }
  }
  if (auto *s = dyn_cast<SubscriptExpr>(&x); s && x.type == Type::Int && isOutputCoords(*s->value))
    return PyInt; // output_coords[0]
  bool numpy = x.mayBeNumpy, python = !mustBeNumpy(x);
  auto scalar = [&](unsigned py, unsigned np) { return (python ? py : 0u) | (numpy ? np : 0u); };
  switch (x.type) {
  case Type::Bool:
    return scalar(PyBool, NpBool);
  case Type::Int:
    return scalar(PyInt, NpInt64);
  case Type::Float:
    return scalar(PyFloat, NpFloat64);
  case Type::IntOrFloat:
    return scalar(PyInt | PyFloat, NpInt64 | NpFloat64);
  case Type::Str:
    return PyStr;
  case Type::FloatList:
  case Type::IntList:
  case Type::TupleList:
  case Type::ArrayList:
    return PyList;
  case Type::Tuple:
    return PyTuple;
  case Type::Dict:
    return PyDict;
  case Type::Set:
    return PySet;
  case Type::FloatArray:
  case Type::BoolArray:
    return NdArray;
  case Type::IntArray:
    // geometric_transform's output_coords is a tuple of Python ints in
    // CPython; a helper's parameter may be bound to it.
    if (auto *n = dyn_cast<NameExpr>(&x); n && n->ref == NameRef::Local && fn_)
      return isOutputCoords(x)                                         ? PyTuple
             : fn_->locals[static_cast<size_t>(n->localIndex)].isParam ? (NdArray | PyTuple)
                                                                       : NdArray;
    return NdArray;
  default:
    why = std::string("it is a ") + typeName(x.type);
    return 0;
  }
}

bool Sema::isinstanceAccepts(const Expr &spec, unsigned &accepts) {
  if (auto *t = dyn_cast<TupleExpr>(&spec)) {
    for (auto &el : t->elements) {
      unsigned a = 0;
      if (!isinstanceAccepts(*el, a))
        return false;
      accepts |= a;
    }
    return true;
  }
  std::string name;
  if (auto *n = dyn_cast<NameExpr>(&spec)) {
    if (!locals_.count(n->name) && !functions_.count(n->name) && !constants_.count(n->name)) {
      auto from = fromNames_.find(n->name);
      name = from != fromNames_.end() ? from->second : n->name;
    }
  } else if (auto *a = dyn_cast<AttributeExpr>(&spec)) {
    auto *base = dyn_cast<NameExpr>(a->value.get());
    if (base && !locals_.count(base->name)) {
      auto m = moduleAliases_.find(base->name);
      if (m != moduleAliases_.end())
        name = m->second + "." + a->attr;
    }
  }
  for (const TypeEntry &t : IsinstanceTypes)
    if (name == t.name) {
      accepts |= t.accepts;
      return true;
    }
  error(spec.loc(), "isinstance() is folded when compiling and knows only the types int, "
                    "float, bool, complex, str, list, tuple, dict, set, np.ndarray, numpy's "
                    "scalar types (np.floating, np.integer, np.float64, np.int64, np.bool_, "
                    "...) and numbers.Number/Real/Integral (after import numbers)");
  return false;
}

/// isinstance(x, T) or isinstance(x, (T1, T2)): the answer, when every
/// class x may have in CPython gives the same one.
Type Sema::typeOfIsinstance(CallExpr &e) {
  e.builtin = "isinstance";
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    error(k.loc, "isinstance() takes no keyword arguments");
  }
  if (e.args.size() != 2) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), "isinstance expected 2 arguments, got " + std::to_string(e.args.size()));
    return Type::Unknown;
  }
  Type t = typeOf(*e.args[0]);
  unsigned accepts = 0;
  if (!isinstanceAccepts(*e.args[1], accepts) || t == Type::Unknown)
    return Type::Unknown;
  std::string why;
  unsigned classes = isinstanceClasses(*e.args[0], why);
  if (!classes) {
    error(e.args[0]->loc(), "isinstance() of this value cannot be decided when compiling: " + why +
                                "; drop the check");
    return Type::Unknown;
  }
  unsigned yes = classes & accepts, no = classes & ~accepts;
  if (yes && no) {
    unsigned a = yes & -yes, b = no & -no;
    error(e.args[0]->loc(),
          std::string("isinstance() of this value cannot be decided when compiling: it may be ") +
              className(a) + " or " + className(b) +
              " in CPython, which llcc does not tell "
              "apart here; " +
              (isNumeric(e.args[0]->type)
                   ? "convert it first (int(x), float(x), np.float64(x)) or drop the check"
                   : "drop the check"));
    return Type::Unknown;
  }
  e.isinstanceAnswer = yes != 0;
  return Type::Bool;
}

} // namespace sema
} // namespace llcc
