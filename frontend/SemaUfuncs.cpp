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
};
} // namespace

int Sema::expandOperatorUfunc(CallExpr &e) {
  const OperatorUfunc *u = nullptr;
  for (const OperatorUfunc &c : OperatorUfuncs)
    if (callsNumpy(e, c.name))
      u = &c;
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
  auto numpyCall = [&](const char *function, ExprPtr arg) -> ExprPtr {
    std::vector<ExprPtr> args;
    args.push_back(std::move(arg));
    SourceLoc at = args[0]->loc();
    return std::make_unique<CallExpr>(
        at, std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, alias), function),
        std::move(args), std::vector<KeywordArg>{});
  };
  std::vector<ExprPtr> operands;
  for (size_t i = 0; i < e.args.size(); ++i) {
    ExprPtr a = std::move(e.args[i]);
    if (isList(types[i]))
      a = numpyCall("array", std::move(a)); // `+` of lists concatenates
    else if (!anyArray && i == 0)
      a = numpyCall("float64", std::move(a)); // numpy's scalar arithmetic
    operands.push_back(std::move(a));
  }
  ExprPtr value =
      u->binary == -1
          ? ExprPtr(std::make_unique<UnaryExpr>(loc, UnaryExpr::Op::Neg, std::move(operands[0])))
          : ExprPtr(std::make_unique<BinaryExpr>(loc, BinaryOp(u->binary), std::move(operands[0]),
                                                 std::move(operands[1])));
  e.callee = std::make_unique<NameExpr>(loc, ViewBuiltin);
  e.args.clear();
  e.args.push_back(std::move(value));
  e.builtin = ViewBuiltin;
  return 1;
}

} // namespace sema
} // namespace llcc
