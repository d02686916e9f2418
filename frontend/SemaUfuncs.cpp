//===- SemaUfuncs.cpp - numpy's operator ufuncs as operators ----------------===//
//
// np.add(a, b), np.subtract, np.multiply, np.divide (np.true_divide),
// np.floor_divide, np.remainder (np.mod), np.negative and np.fmod. Of an
// array they are the operators themselves (numpy's `a + b` is np.add), so
// the call becomes the operator, llcc.view(a + b); a list operand becomes
// np.array(list) first (`+` of two lists would concatenate). Of numbers they
// compute in numpy scalars: np.divide(1.0, 0.0) is inf, not Python's
// ZeroDivisionError, so the float operand becomes np.float64(x) first and
// the result is a numpy.float64 as numpy's. Of ints or bools alone numpy
// computes in int64 (wrapping on overflow, 7 // 0 is 0, np.add(True, True)
// is True), which llcc does not model: a compile error that names the
// Python operator.
//
// np.logical_and, np.logical_or, np.logical_xor and np.logical_not are
// numpy's truth of each operand (a NaN is true, -0.0 false) combined: the
// operands become `a != 0` (`a == 0` for logical_not), bool arrays of
// arrays, numpy bools of numbers (np.float64(x) != 0, as numpy's scalar
// loop gives an np.bool_, whose + is logical or), joined by &, | or ^. The
// comparison ufuncs (np.greater, ..., np.not_equal) are the comparison of
// the operands, a number first made a numpy scalar for the same reason.
//
// Their methods reduce and accumulate of a 1-D array (np.add.reduce(a),
// np.logaddexp.accumulate(a)) are numpy's reductions by another name where
// numpy has one (np.add.reduce is np.sum's own loop, pairwise; np.fmax.reduce
// is np.nanmax's) and calls of the left-to-right folds of stdlib/ufuncs.flt
// otherwise.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

namespace llcc {
namespace sema {

namespace {
/// One operator ufunc: its operator (Neg for np.negative), or none for
/// np.fmod, which stays a call of the C library's fmod of floats.
struct OperatorUfunc {
  const char *name;
  int binary;         ///< a BinaryOp, or -1 for unary minus, -2 for a call kept as written
  const char *python; ///< what to write for Python ints
};

const OperatorUfunc OperatorUfuncs[] = {
    {"add", int(BinaryOp::Add), "a + b"},
    {"subtract", int(BinaryOp::Sub), "a - b"},
    {"multiply", int(BinaryOp::Mul), "a * b"},
    {"divide", int(BinaryOp::Div), "a / b"},
    {"true_divide", int(BinaryOp::Div), "a / b"},
    {"floor_divide", int(BinaryOp::FloorDiv), "a // b"},
    {"remainder", int(BinaryOp::Mod), "a % b"},
    {"mod", int(BinaryOp::Mod), "a % b"},
    {"negative", -1, "-a"},
    {"fmod", -2, "math.fmod(a, b)"},
    // Of int arrays only (numpy's int64 power loop, as `**` of them);
    // floats keep the power ufunc's own path (no fast_scalar_power).
    {"power", int(BinaryOp::Pow), "a ** b"},
};

/// One logical or comparison ufunc: a comparison of its operands (`compare`)
/// or a join of their truths (`join`, BitAnd / BitOr / BitXor; -1 for
/// logical_not, the truth's negation `a == 0`).
struct LogicalUfunc {
  const char *name;
  bool compare;
  int op;             ///< a CompareOp when `compare`, else a BinaryOp or -1
  const char *python; ///< the operator form, for the diagnostics
};

const LogicalUfunc LogicalUfuncs[] = {
    {"logical_and", false, int(BinaryOp::BitAnd), "(a != 0) & (b != 0)"},
    {"logical_or", false, int(BinaryOp::BitOr), "(a != 0) | (b != 0)"},
    {"logical_xor", false, int(BinaryOp::BitXor), "(a != 0) ^ (b != 0)"},
    {"logical_not", false, -1, "a == 0"},
    {"greater", true, int(CompareOp::Gt), "a > b"},
    {"greater_equal", true, int(CompareOp::Ge), "a >= b"},
    {"less", true, int(CompareOp::Lt), "a < b"},
    {"less_equal", true, int(CompareOp::Le), "a <= b"},
    {"equal", true, int(CompareOp::Eq), "a == b"},
    {"not_equal", true, int(CompareOp::Ne), "a != b"},
};

/// `alias.function(arg)`: numpy's conversion of one operand, written out.
ExprPtr numpyCall(const std::string &alias, const char *function, ExprPtr arg) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(arg));
  SourceLoc at = args[0]->loc();
  return std::make_unique<CallExpr>(
      at, std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, alias), function),
      std::move(args), std::vector<KeywordArg>{});
}
} // namespace

namespace {
/// How `np.<ufunc>.<method>(a)` is computed: as the numpy reduction that is
/// the same loop (`reduction`), or by stdlib/ufuncs.flt's fold, whose table
/// row is numpy.<canonical>.<method>.
struct UfuncMethod {
  const char *ufunc;
  const char *method;
  const char *reduction; ///< np.sum, ...; "" for the library fold
  /// the row's ufunc (np.true_divide is np.divide); "" refused: numpy
  /// folds np.power and np.arctan2 in its SVML loops, not left to right
  const char *canonical;
  /// Of int arrays: 'f' numpy's loop is the float one (the data become
  /// floats), 'i' an int result llcc computes as `reduction`, 'x' refused.
  char ints;
};

const UfuncMethod UfuncMethods[] = {
    {"add", "reduce", "sum", "add", 'i'},
    {"multiply", "reduce", "prod", "multiply", 'i'},
    {"maximum", "reduce", "max", "maximum", 'i'},
    {"minimum", "reduce", "min", "minimum", 'i'},
    {"fmax", "reduce", "nanmax", "fmax", 'i'},
    {"fmin", "reduce", "nanmin", "fmin", 'i'},
    {"add", "accumulate", "cumsum", "add", 'i'},
    {"multiply", "accumulate", "cumprod", "multiply", 'i'},
    {"fmax", "accumulate", "", "fmax", 'i'},
    {"fmin", "accumulate", "", "fmin", 'i'},
    {"subtract", "", "", "subtract", 'x'},
    {"divide", "", "", "divide", 'f'},
    {"true_divide", "", "", "divide", 'f'},
    {"floor_divide", "", "", "floor_divide", 'x'},
    {"remainder", "", "", "remainder", 'x'},
    {"mod", "", "", "remainder", 'x'},
    {"fmod", "", "", "fmod", 'x'},
    {"power", "", "", "", 'x'},
    {"copysign", "", "", "copysign", 'f'},
    {"heaviside", "", "", "heaviside", 'f'},
    {"nextafter", "", "", "nextafter", 'f'},
    {"arctan2", "", "", "", 'f'},
    {"hypot", "", "", "hypot", 'f'},
    {"logaddexp", "", "", "logaddexp", 'f'},
    {"logaddexp2", "", "", "logaddexp2", 'f'},
};
} // namespace

int Sema::expandUfuncMethod(CallExpr &e) {
  auto *method = dyn_cast<AttributeExpr>(e.callee.get());
  if (!method)
    return 0;
  // np.add.reduce or, after `from numpy import add`, add.reduce.
  std::string ufunc;
  if (auto *u = dyn_cast<AttributeExpr>(method->value.get())) {
    auto *base = dyn_cast<NameExpr>(u->value.get());
    auto it =
        base && !locals_.count(base->name) ? moduleAliases_.find(base->name) : moduleAliases_.end();
    if (it == moduleAliases_.end() || it->second != "numpy")
      return 0;
    ufunc = u->attr;
  } else if (auto *n = dyn_cast<NameExpr>(method->value.get()); n && !locals_.count(n->name) &&
                                                                !functions_.count(n->name) &&
                                                                !constants_.count(n->name)) {
    auto from = fromNames_.find(n->name);
    if (from == fromNames_.end() || from->second.rfind("numpy.", 0) != 0)
      return 0;
    ufunc = from->second.substr(6);
  } else {
    return 0;
  }
  // np.maximum.accumulate and np.minimum.accumulate: IRGenReduce.cpp's loop.
  if (method->attr == "accumulate" && (ufunc == "maximum" || ufunc == "minimum"))
    return 0;
  const UfuncMethod *m = nullptr;
  for (const UfuncMethod &c : UfuncMethods)
    if (ufunc == c.ufunc &&
        (method->attr == c.method ||
         (!c.method[0] && (method->attr == "reduce" || method->attr == "accumulate"))))
      m = &c;
  bool known = false;
  for (const UfuncMethod &c : UfuncMethods)
    known |= ufunc == c.ufunc;
  if (!known)
    return 0; // not a ufunc llcc reduces: the attribute's own diagnostic
  std::string shown = "np." + ufunc + "." + method->attr;
  if (ufunc == "add" && method->attr == "at") {
    // np.add.at(a, idx, v): numpy's unbuffered scatter-add into a 1-D
    // array, llcc.add_at(a, idx, v) (stdlib/arrays.flt: every index
    // checked first, then a[i] += v in idx's order, repeats adding again).
    // A tuple of index arrays (a 2-D a) is refused before it is typed: a
    // tuple of arrays is not a value in llcc.
    const char *refusal =
        "np.add.at is supported in llcc as np.add.at(a, idx, v) with a a 1-D float array in a "
        "name (or an int one with int v), idx an int array, list or int and v a number or an "
        "array of idx's length; a tuple of index arrays (a 2-D a), masks and keywords are not";
    bool ok = e.args.size() == 3 && e.keywords.empty() && !isa<TupleExpr>(e.args[1].get()) &&
              isa<NameExpr>(e.args[0].get());
    if (!ok) {
      for (auto &a : e.args)
        if (!isa<TupleExpr>(a.get()))
          typeOf(*a);
      error(e.loc(), refusal);
      return -1;
    }
    Type ta = typeOf(*e.args[0]), ti = typeOf(*e.args[1]), tv = typeOf(*e.args[2]);
    if (ta == Type::Unknown || ti == Type::Unknown || tv == Type::Unknown)
      return 2;
    bool intTarget = ta == Type::IntArray;
    bool floatValue = tv == Type::Float || tv == Type::IntOrFloat || tv == Type::FloatArray ||
                      tv == Type::FloatList;
    bool goodIndex = ti == Type::IntArray || ti == Type::IntList || ti == Type::Int;
    bool goodValue = isNumeric(tv) || tv == Type::FloatArray || tv == Type::IntArray ||
                     tv == Type::BoolArray || isList(tv);
    if ((ta != Type::FloatArray && !intTarget) || isWindow(*e.args[0]) || !goodIndex ||
        !goodValue || (intTarget && floatValue) || isWindow(*e.args[1]) || isWindow(*e.args[2])) {
      error(e.loc(), refusal);
      return -1;
    }
    SourceLoc at = e.args[1]->loc();
    if (ti == Type::Int) { // np.add.at(a, 3, v) adds at one index
      std::vector<ExprPtr> one;
      one.push_back(std::move(e.args[1]));
      e.args[1] = std::make_unique<ListExpr>(at, std::move(one));
    }
    e.callee = std::make_unique<NameExpr>(e.callee->loc(), "llcc.add_at");
    return 1;
  }
  for (auto &a : e.args)
    typeOf(*a);
  for (KeywordArg &k : e.keywords)
    typeOf(*k.value);
  if (!m) {
    error(method->loc(), "'" + shown +
                             "' is not supported; llcc compiles a ufunc's reduce and "
                             "accumulate of a 1-D array (np." +
                             ufunc + ".reduce(a)), not its " + method->attr + " method");
    return -1;
  }
  if (!m->canonical[0]) {
    error(method->loc(),
          "'" + shown + "' is not supported: numpy 1.24 computes np." + ufunc +
              "'s reduce and accumulate in its SIMD loop on AVX-512 CPUs, whose "
              "order and last bits differ from a left fold; write the loop with np." +
              ufunc + " of numbers");
    return -1;
  }
  if (!e.keywords.empty()) {
    error(e.keywords[0].loc, shown + " takes no keyword arguments in llcc (numpy's axis=, dtype=, "
                                     "out=, initial=, where=); call it on a 1-D array");
    return -1;
  }
  if (e.args.size() != 1) {
    error(e.loc(), shown + " takes one array here, as in " + shown + "(values)");
    return -1;
  }
  Type t = e.args[0]->type;
  if (t == Type::Tuple && e.args[0]->shape)
    t = tupleArrayType(*e.args[0]);
  if (t == Type::Unknown)
    return 2;
  if (isWindow(*e.args[0])) {
    error(e.loc(), shown +
                       " of a 2-D or 3-D window works along axis 0 in numpy, which llcc does "
                       "not compile here; use " +
                       shown + "(w.ravel()), or reduce each column");
    return -1;
  }
  if (!isArray(t) || elementType(t) == Type::Bool) {
    error(e.args[0]->loc(),
          shown + " needs a 1-D array of numbers here, not a " + typeName(t) +
              (elementType(t) == Type::Bool ? " (numpy computes bools in its bool loop); convert "
                                              "it with m * 1.0 or m * 1"
                                            : ""));
    return -1;
  }
  bool ints = elementType(t) == Type::Int;
  if (ints && m->ints == 'x') {
    error(e.args[0]->loc(), shown + " of ints computes in numpy's int64 (wrapping on overflow, "
                                    "with 0 for a division by zero), which llcc does not model; "
                                    "convert the data to floats (a * 1.0)");
    return -1;
  }
  SourceLoc loc = e.loc();
  std::string alias = numpyAlias();
  if (isList(t) || t == Type::Tuple) { // numpy makes an array of the sequence
    std::vector<ExprPtr> args;
    args.push_back(std::move(e.args[0]));
    SourceLoc at = args[0]->loc();
    e.args[0] = std::make_unique<CallExpr>(
        at, std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, alias), "array"),
        std::move(args), std::vector<KeywordArg>{});
  }
  if (ints && m->ints == 'i' && !m->reduction[0]) {
    // fmax.accumulate of ints is maximum.accumulate (no NaN to skip)
    method->value = std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, alias),
                                                    ufunc == "fmax" ? "maximum" : "minimum");
    return 1;
  }
  std::string target =
      m->reduction[0] ? std::string(m->reduction) : std::string(m->canonical) + "." + method->attr;
  e.callee = std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, alias), target);
  return 1;
}

int Sema::expandOperatorUfunc(CallExpr &e) {
  const OperatorUfunc *u = nullptr;
  for (const OperatorUfunc &c : OperatorUfuncs)
    if (callsNumpy(e, c.name))
      u = &c;
  const LogicalUfunc *l = nullptr;
  for (const LogicalUfunc &c : LogicalUfuncs)
    if (callsNumpy(e, c.name))
      l = &c;
  if (l) {
    std::string shown = std::string("np.") + l->name;
    size_t arity = !l->compare && l->op == -1 ? 1 : 2;
    for (auto &a : e.args)
      typeOf(*a);
    if (!e.keywords.empty()) {
      for (KeywordArg &k : e.keywords)
        typeOf(*k.value);
      error(e.keywords[0].loc, shown +
                                   " takes no keyword arguments in llcc (numpy's out=, "
                                   "where=, dtype=); write " +
                                   l->python);
      return -1;
    }
    if (e.args.size() != arity) {
      error(e.loc(), shown + " takes " + std::to_string(arity) + " argument(s) but " +
                         std::to_string(e.args.size()) + " were given");
      return -1;
    }
    bool anyArray = false;
    for (auto &a : e.args) {
      Type t = a->type;
      if (t == Type::Unknown)
        return 2;
      if (!isArray(t) && !isNumeric(t))
        return 0; // the library call's own diagnostic
      anyArray |= isArray(t);
    }
    SourceLoc loc = e.loc();
    std::string alias = numpyAlias();
    auto compare = [&](ExprPtr a, CompareOp op, ExprPtr b) -> ExprPtr {
      SourceLoc at = a->loc();
      std::vector<ExprPtr> operands;
      operands.push_back(std::move(a));
      operands.push_back(std::move(b));
      return std::make_unique<CompareExpr>(at, std::move(operands), std::vector<CompareOp>{op});
    };
    std::vector<ExprPtr> operands;
    for (size_t i = 0; i < e.args.size(); ++i) {
      Type t = e.args[i]->type;
      ExprPtr a = std::move(e.args[i]);
      if (isList(t))
        a = numpyCall(alias, "array", std::move(a)); // numpy makes an array of the list
      else if (!isArray(t) && (!l->compare || (!anyArray && i == 0)))
        a = numpyCall(alias, t == Type::Int ? "int64" : "float64", std::move(a)); // a numpy bool
      operands.push_back(std::move(a));
    }
    auto zero = [&] { return ExprPtr(std::make_unique<IntLiteralExpr>(loc, 0)); };
    ExprPtr value;
    if (l->compare)
      value = compare(std::move(operands[0]), CompareOp(l->op), std::move(operands[1]));
    else if (l->op == -1)
      value = compare(std::move(operands[0]), CompareOp::Eq, zero());
    else
      value = std::make_unique<BinaryExpr>(
          loc, BinaryOp(l->op), compare(std::move(operands[0]), CompareOp::Ne, zero()),
          compare(std::move(operands[1]), CompareOp::Ne, zero()));
    becomeView(e, std::move(value));
    return 1;
  }
  if (!u)
    return 0;
  std::string shown = std::string("np.") + u->name;
  size_t arity = u->binary == -1 ? 1 : 2;
  if (!e.keywords.empty()) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.keywords[0].loc, shown +
                                 " takes no keyword arguments in llcc (numpy's out=, "
                                 "where=, dtype=); write " +
                                 u->python);
    return -1;
  }
  if (e.args.size() != arity) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), shown + " takes " + std::to_string(arity) + " argument(s) but " +
                       std::to_string(e.args.size()) + " were given");
    return -1;
  }
  std::vector<Type> types;
  for (auto &a : e.args)
    types.push_back(typeOf(*a));
  bool anyArray = false, anyFloat = false;
  for (Type t : types) {
    if (t == Type::Unknown)
      return 2;
    if (!isArray(t) && !isNumeric(t))
      return 0; // the library call's own diagnostic
    anyArray |= isArray(t);
    anyFloat |= t == Type::Float || t == Type::FloatArray || t == Type::FloatList;
  }
  if (u->binary == int(BinaryOp::Pow) && (anyFloat || !anyArray))
    return 0; // the power ufunc of floats (or of numbers): its own row
  if (u->binary == -2 ? !anyFloat : !anyArray && !anyFloat) {
    error(e.loc(), shown +
                       " of ints or bools computes in numpy's int64 (wrapping on overflow, "
                       "with 0 for a division by zero), which llcc does not model; write " +
                       u->python + " for Python ints, or convert an operand to float");
    return -1;
  }
  if (u->binary == -2)
    return 0; // np.fmod of floats: the C library's fmod, elementwise on arrays
  SourceLoc loc = e.loc();
  std::string alias = numpyAlias();
  std::vector<ExprPtr> operands;
  for (size_t i = 0; i < e.args.size(); ++i) {
    ExprPtr a = std::move(e.args[i]);
    if (isList(types[i]))
      a = numpyCall(alias, "array", std::move(a)); // `+` of lists concatenates
    else if (!anyArray && i == 0)
      a = numpyCall(alias, "float64", std::move(a)); // numpy's scalar arithmetic
    operands.push_back(std::move(a));
  }
  ExprPtr value =
      u->binary == -1
          ? ExprPtr(std::make_unique<UnaryExpr>(loc, UnaryExpr::Op::Neg, std::move(operands[0])))
          : ExprPtr(std::make_unique<BinaryExpr>(loc, BinaryOp(u->binary), std::move(operands[0]),
                                                 std::move(operands[1])));
  becomeView(e, std::move(value));
  return 1;
}

} // namespace sema
} // namespace llcc
