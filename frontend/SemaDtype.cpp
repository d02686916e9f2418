//===- SemaDtype.cpp - dtype checks and float limits ----------------------===//
//
// Filters written for any input check their array's dtype and use the
// float64 limits:
//   if values.dtype != np.float64: raise TypeError(f"... {values.dtype}")
//   np.issubdtype(values.dtype, np.floating)
//   eps = np.finfo(float).eps; sys.float_info.epsilon
// Types are fixed in llcc, so each is known when compiling: an array's
// dtype is float64, int64 or bool by its type. A comparison of dtypes
// becomes a comparison of their numpy names (two str literals, as
// `values.dtype == 'float64'`), a dtype in an f-string its name,
// np.issubdtype a bool constant, and np.finfo(...)/sys.float_info
// attributes numbers with CPython's exact values (np.finfo's floats are
// numpy.float64, sys.float_info's Python floats).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include "FloatInfo.h"

#include <cstring>
#include <limits>

namespace llcc {

namespace {

/// np.finfo(np.float64) and sys.float_info: name, value, whether an int.
struct FloatInfoEntry {
  const char *name;
  double value;
  bool isInt;
};

const FloatInfoEntry FloatInfoEntries[] = {
    {"numpy.finfo.eps", std::numeric_limits<double>::epsilon(), false},
    {"numpy.finfo.epsneg", std::numeric_limits<double>::epsilon() / 2, false},
    {"numpy.finfo.tiny", std::numeric_limits<double>::min(), false},
    {"numpy.finfo.smallest_normal", std::numeric_limits<double>::min(), false},
    {"numpy.finfo.smallest_subnormal", std::numeric_limits<double>::denorm_min(), false},
    {"numpy.finfo.max", std::numeric_limits<double>::max(), false},
    {"numpy.finfo.min", -std::numeric_limits<double>::max(), false},
    {"numpy.finfo.resolution", 1e-15, false},
    {"numpy.finfo.precision", 15, true},
    {"numpy.finfo.bits", 64, true},
    {"sys.float_info.epsilon", std::numeric_limits<double>::epsilon(), false},
    {"sys.float_info.max", std::numeric_limits<double>::max(), false},
    {"sys.float_info.min", std::numeric_limits<double>::min(), false},
    {"sys.float_info.dig", 15, true},
    {"sys.float_info.mant_dig", 53, true},
    {"sys.float_info.max_exp", 1024, true},
    {"sys.float_info.min_exp", -1021, true},
    {"sys.float_info.max_10_exp", 308, true},
    {"sys.float_info.min_10_exp", -307, true},
    {"sys.float_info.radix", 2, true},
};

} // namespace

bool findFloatInfo(const std::string &qualifiedName, double &value, bool &isInt) {
  for (const FloatInfoEntry &f : FloatInfoEntries)
    if (qualifiedName == f.name) {
      value = f.value;
      isInt = f.isInt;
      return true;
    }
  return false;
}

namespace sema {

namespace {

/// numpy's name of a dtype written as a string, with its aliases.
const std::pair<const char *, const char *> DtypeStrings[] = {
    {"float64", "float64"},    {"f8", "float64"},      {"d", "float64"},
    {"float", "float64"},      {"double", "float64"},  {"<f8", "float64"},
    {"=f8", "float64"},        {"int64", "int64"},     {"i8", "int64"},
    {"int", "int64"},          {"l", "int64"},         {"<i8", "int64"},
    {"bool", "bool"},          {"?", "bool"},          {"b1", "bool"},
    {"float32", "float32"},    {"f4", "float32"},      {"f", "float32"},
    {"single", "float32"},     {"float16", "float16"}, {"f2", "float16"},
    {"int32", "int32"},        {"i4", "int32"},        {"int16", "int16"},
    {"i2", "int16"},           {"int8", "int8"},       {"i1", "int8"},
    {"uint8", "uint8"},        {"u1", "uint8"},        {"uint16", "uint16"},
    {"u2", "uint16"},          {"uint32", "uint32"},   {"u4", "uint32"},
    {"uint64", "uint64"},      {"u8", "uint64"},       {"complex128", "complex128"},
    {"complex", "complex128"}, {"c16", "complex128"},  {"complex64", "complex64"},
    {"c8", "complex64"},
};

/// numpy's scalar types by attribute name (np.float64), and their dtype.
const std::pair<const char *, const char *> DtypeTypes[] = {
    {"float64", "float64"},       {"double", "float64"},      {"float_", "float64"},
    {"int64", "int64"},           {"int_", "int64"},          {"intp", "int64"},
    {"longlong", "int64"},        {"bool_", "bool"},          {"float32", "float32"},
    {"single", "float32"},        {"float16", "float16"},     {"half", "float16"},
    {"int32", "int32"},           {"intc", "int32"},          {"int16", "int16"},
    {"short", "int16"},           {"int8", "int8"},           {"byte", "int8"},
    {"uint8", "uint8"},           {"ubyte", "uint8"},         {"uint16", "uint16"},
    {"uint32", "uint32"},         {"uint64", "uint64"},       {"uintp", "uint64"},
    {"complex128", "complex128"}, {"complex_", "complex128"}, {"cdouble", "complex128"},
    {"complex64", "complex64"},
};

/// numpy's abstract scalar classes: which dtypes are below each.
const std::pair<const char *, const char *> AbstractTypes[] = {
    {"generic", "float64 float32 float16 int64 int32 int16 int8 uint8 uint16 uint32 uint64 "
                "bool complex128 complex64"},
    {"number", "float64 float32 float16 int64 int32 int16 int8 uint8 uint16 uint32 uint64 "
               "complex128 complex64"},
    {"inexact", "float64 float32 float16 complex128 complex64"},
    {"floating", "float64 float32 float16"},
    {"complexfloating", "complex128 complex64"},
    {"integer", "int64 int32 int16 int8 uint8 uint16 uint32 uint64"},
    {"signedinteger", "int64 int32 int16 int8"},
    {"unsignedinteger", "uint8 uint16 uint32 uint64"},
};

const char *lookup(const std::pair<const char *, const char *> *table, size_t n,
                   const std::string &key) {
  for (size_t i = 0; i < n; ++i)
    if (key == table[i].first)
      return table[i].second;
  return nullptr;
}

template <size_t N>
const char *lookup(const std::pair<const char *, const char *> (&table)[N],
                   const std::string &key) {
  return lookup(table, N, key);
}

} // namespace

/// A numpy name the dtype checks read (issubdtype, finfo, dtype, the
/// scalar types and abstract classes), importable by name from numpy.
bool Sema::isDtypeMember(const std::string &name) {
  return name == "issubdtype" || name == "finfo" || name == "dtype" || lookup(DtypeTypes, name) ||
         lookup(AbstractTypes, name);
}

/// The dtype of `a.dtype` for an array `a` ("float64", "int64", "bool"),
/// typing `a`; null when `x` is no such attribute or `a` no numpy array.
const char *Sema::arrayDtypeOf(Expr &x) {
  auto *a = dyn_cast<AttributeExpr>(&x);
  if (!a || a->attr != "dtype")
    return nullptr;
  Type t = typeOf(*a->value);
  if (isCoordsSequence(*a->value)) // output_coords: a tuple in CPython
    return nullptr;
  return t == Type::FloatArray  ? "float64"
         : t == Type::IntArray  ? "int64"
         : t == Type::BoolArray ? "bool"
                                : nullptr;
}

/// The numpy member an expression names (`np.float64`, `float64` imported
/// from numpy): "float64"; empty for anything else.
std::string Sema::numpyMemberName(const Expr &x) {
  if (auto *a = dyn_cast<AttributeExpr>(&x)) {
    auto *base = dyn_cast<NameExpr>(a->value.get());
    if (base && !locals_.count(base->name) && moduleAliases_.count(base->name) &&
        moduleAliases_.at(base->name) == "numpy")
      return a->attr;
    return "";
  }
  if (auto *n = dyn_cast<NameExpr>(&x); n && !locals_.count(n->name)) {
    auto it = fromNames_.find(n->name);
    if (it != fromNames_.end() && it->second.rfind("numpy.", 0) == 0)
      return it->second.substr(6);
  }
  return "";
}

/// The dtype a dtype specifier stands for: `np.float64`, `float`, 'f8',
/// np.dtype(...), another array's `.dtype`; empty when `x` is none.
std::string Sema::dtypeOfSpec(Expr &x) {
  if (const char *d = arrayDtypeOf(x))
    return d;
  if (auto *s = dyn_cast<StringLiteralExpr>(&x)) {
    const char *d = lookup(DtypeStrings, s->value);
    return d ? d : "";
  }
  if (namesBuiltin(x, "float"))
    return "float64";
  if (namesBuiltin(x, "int"))
    return "int64";
  if (namesBuiltin(x, "bool"))
    return "bool";
  if (namesBuiltin(x, "complex"))
    return "complex128";
  if (auto *c = dyn_cast<CallExpr>(&x);
      c && numpyMemberName(*c->callee) == "dtype" && c->args.size() == 1 && c->keywords.empty())
    return dtypeOfSpec(*c->args[0]);
  const char *d = lookup(DtypeTypes, numpyMemberName(x));
  return d ? d : "";
}

/// `a.dtype == T`, `a.dtype != T` (either side): both operands become the
/// dtypes' names, compared as strs. False when `c` is no such comparison.
bool Sema::rewriteDtypeCompare(CompareExpr &c) {
  if (c.operands.size() != 2)
    return false;
  auto isDtype = [](const ExprPtr &x) {
    auto *a = dyn_cast<AttributeExpr>(x.get());
    return a && a->attr == "dtype";
  };
  if (!isDtype(c.operands[0]) && !isDtype(c.operands[1]))
    return false;
  if (c.ops[0] != CompareOp::Eq && c.ops[0] != CompareOp::Ne)
    return false; // `is`: reported as an attribute llcc lacks
  std::string names[2];
  for (int i = 0; i < 2; ++i) {
    names[i] = dtypeOfSpec(*c.operands[i]);
    if (names[i].empty()) {
      if (!isDtype(c.operands[i]) ||
          typeOf(*cast<AttributeExpr>(*c.operands[i]).value) != Type::Unknown)
        error(c.operands[i]->loc(),
              "llcc compares a dtype only with a numpy type (np.float64, np.int64, np.bool_, "
              "...), float, int, bool, a dtype name ('float64', 'f8') or another array's "
              ".dtype");
      return true;
    }
  }
  for (int i = 0; i < 2; ++i)
    c.operands[i] = std::make_unique<StringLiteralExpr>(c.operands[i]->loc(), names[i]);
  return true;
}

/// `{a.dtype}` in an f-string: the dtype's name.
void Sema::rewriteDtypeField(ExprPtr &field) {
  if (const char *d = arrayDtypeOf(*field))
    field = std::make_unique<StringLiteralExpr>(field->loc(), d);
}

/// `np.issubdtype(a.dtype, np.floating)` becomes `bool(True)` (its
/// answer); 1 when rewritten, -1 when reported, 0 for other calls.
int Sema::rewriteIssubdtype(CallExpr &e) {
  if (numpyMemberName(*e.callee) != "issubdtype")
    return 0;
  if (e.args.size() != 2 || !e.keywords.empty()) {
    error(e.loc(), "np.issubdtype takes two arguments");
    return -1;
  }
  std::string sub = dtypeOfSpec(*e.args[0]);
  std::string super = numpyMemberName(*e.args[1]);
  const char *below = lookup(AbstractTypes, super);
  std::string concrete = below ? "" : dtypeOfSpec(*e.args[1]);
  if (sub.empty() || (!below && concrete.empty())) {
    error(e.loc(), "llcc computes np.issubdtype(a.dtype, T) when compiling, for a dtype or numpy "
                   "type and T a numpy type (np.floating, np.integer, np.number, np.float64, ...) "
                   "or float, int, bool");
    return -1;
  }
  bool answer = false;
  if (below) {
    std::string words = std::string(" ") + below + " ";
    answer = words.find(" " + sub + " ") != std::string::npos;
  } else {
    answer = sub == concrete;
  }
  SourceLoc loc = e.loc();
  e.callee = std::make_unique<NameExpr>(loc, "bool");
  e.args.clear();
  e.args.push_back(std::make_unique<BoolLiteralExpr>(loc, answer));
  return 1;
}

/// `np.finfo(T).eps` and the other limits of float64, and `sys.float_info`'s
/// (see FloatInfoEntries): `out` is their type; false for other attributes.
bool Sema::typeOfFloatInfo(AttributeExpr &e, Type &out) {
  std::string prefix;
  if (auto *c = dyn_cast<CallExpr>(e.value.get()); c && numpyMemberName(*c->callee) == "finfo") {
    std::string d = c->args.size() == 1 && c->keywords.empty() ? dtypeOfSpec(*c->args[0]) : "";
    if (d != "float64") {
      error(c->loc(), d.empty() || d.find("float") == std::string::npos
                          ? "llcc knows np.finfo only of float64 (np.finfo(float), "
                            "np.finfo(np.float64), np.finfo(values.dtype)); CPython raises "
                            "ValueError for an integer dtype"
                          : "llcc knows np.finfo only of float64, the type of its numbers");
      out = Type::Unknown;
      return true;
    }
    prefix = "numpy.finfo.";
  } else if (auto *a = dyn_cast<AttributeExpr>(e.value.get()); a && a->attr == "float_info") {
    auto *base = dyn_cast<NameExpr>(a->value.get());
    if (!base || locals_.count(base->name) || !moduleAliases_.count(base->name) ||
        moduleAliases_.at(base->name) != "sys")
      return false;
    prefix = "sys.float_info.";
  } else {
    return false;
  }
  double value;
  bool isInt;
  if (!findFloatInfo(prefix + e.attr, value, isInt)) {
    error(e.loc(), "'" + e.attr + "' of " +
                       (prefix == "sys.float_info." ? "sys.float_info" : "np.finfo") +
                       " is not supported; llcc knows " +
                       (prefix == "sys.float_info."
                            ? "epsilon, max, min, dig, mant_dig, max_exp, min_exp, max_10_exp, "
                              "min_10_exp and radix"
                            : "eps, epsneg, tiny, smallest_normal, smallest_subnormal, max, min, "
                              "resolution, precision and bits"));
    out = Type::Unknown;
    return true;
  }
  e.qualifiedName = prefix + e.attr;
  out = isInt ? Type::Int : Type::Float;
  return true;
}

} // namespace sema
} // namespace llcc
