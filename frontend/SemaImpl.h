//===- SemaImpl.h - Internals of semantic analysis -------------------------===//
//
// The Sema class shared by Sema.cpp (module scope, locals, call graph,
// statements, the fixpoint driver) and SemaExpr.cpp (expression typing).
// Not part of the front end's interface: use analyzeModule in Frontend.h.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Builtins.h"
#include "Frontend.h"
#include "Window.h"

#include <llvm/Support/Casting.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace llcc {
namespace sema {

/// The loop variable of an iterator builtin rewritten as a generator
/// (`list(zip(a, b))`, SemaDesugar.cpp): no Python name, so never a user's.
constexpr const char *IterItemName = "llcc.item";

/// Every expression slot of `block`, children first, and the names it
/// binds (SemaNext.cpp; SemaDictConstants.cpp rewrites with them).
void eachExprSlot(Block &block, const std::function<void(ExprPtr &)> &f);
void namesBoundIn(const Block &block, std::set<std::string> &out);
/// The names `e` reads, in source order, except those only called and those
/// its own comprehensions and lambdas bind; the names a target binds.
void namesReadIn(Expr *e, std::vector<std::string> &out);
void namesTargetBinds(const Expr *target, std::set<std::string> &out);
/// The names visible as variables in `fn`: its parameters and the names its
/// body binds, those of the defs around it, and its comprehensions' and
/// lambdas' own (a builtin's name among them means the user's variable).
std::set<std::string> visibleNames(FunctionDef &fn);

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

/// The type of a variable, parameter or expression that holds either of
/// two values (`x = a` and `x = b`, `a if c else b`, `min(a, b)`): Python
/// keeps each value's own type, so an int and a float join to IntOrFloat,
/// not to float. Bool joins int (a bool behaves as the int 0 or 1 in every
/// operation llcc has). Unknown is the identity; an array and a number
/// (incompatible, reported elsewhere) join to the first.
inline Type join(Type a, Type b) {
  if (a == Type::Unknown)
    return b;
  if (b == Type::Unknown || a == b)
    return a;
  if (isList(a) && isList(b))
    return Type::FloatList; // a list of ints that also holds floats
  if (isNumeric(a) && isNumeric(b))
    return isIntegral(a) && isIntegral(b) ? Type::Int : Type::IntOrFloat;
  return a;
}

/// The result type of `a op b` for + - * // % (and `a op= b`): a float
/// operand makes a float; an operand that may be a float makes a result
/// that may be a float; ints stay ints.
/// The operators whose value on a numpy.bool_ differs from a Python
/// bool's (+ - * // % ** << >>; &, |, ^ agree, and / differs only where
/// Python raises, which llcc settles as for floats that may be numpy).
inline bool isArithmeticOp(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
  case BinaryOp::Sub:
  case BinaryOp::Mul:
  case BinaryOp::FloorDiv:
  case BinaryOp::Mod:
  case BinaryOp::Pow:
  case BinaryOp::LShift:
  case BinaryOp::RShift:
    return true;
  default:
    return false;
  }
}

inline Type arithmeticType(Type a, Type b) {
  if (a == Type::Float || b == Type::Float)
    return Type::Float;
  if (a == Type::IntOrFloat || b == Type::IntOrFloat)
    return Type::IntOrFloat;
  return Type::Int;
}

inline bool compatible(Type var, Type value) {
  return var == Type::Unknown || value == Type::Unknown || var == value ||
         (isNumeric(var) && isNumeric(value)) || (isList(var) && isList(value));
}

/// "'with' is not supported in llcc filters" for a keyword, the phrase as
/// is otherwise ("import inside a function is not supported ...").
inline std::string describeUnsupported(const std::string &what) {
  bool keyword = what.find(' ') == std::string::npos;
  return (keyword ? "'" + what + "'" : what) + " is not supported in llcc filters";
}

/// The parameters a nested def declares (its captures follow them).
unsigned declaredParams(const FunctionDef &fn);

/// scipy.stats.tmean, tvar, tstd: a `limits` pair (SemaScipy.cpp).
bool isLimitsFunction(const std::string &name);
/// scipy.stats.skew, kurtosis, tmean with limits, statistics.median_grouped:
/// a Python float, as CPython's (SemaScipy.cpp).
bool libraryResultIsPythonFloat(const CallExpr &c);

inline std::string joinNames(const std::vector<std::string> &names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i ? ", " : "") + names[i];
  return out;
}

/// A copy of `e` that reads the same value when evaluated again (names,
/// literals, attributes, subscripts, arithmetic, comparisons, reshape and
/// astype of those), or null (SemaDesugar.cpp).
ExprPtr copyPure(const Expr *e);
/// A copy of a module-level constant's expression, calls included; null
/// for lambdas and comprehensions (SemaListConstants.cpp).
ExprPtr copyConstExpr(const Expr &e);
/// Whether a module-level expression computes an array, from its form;
/// `arrays`: the earlier array constants (SemaListConstants.cpp).
bool isArrayConstantExpr(const Expr &e, const std::set<std::string> &arrays, int depth = 0);
std::set<std::string> arrayConstantNames(const Module &module);
/// Calls `f` on every expression slot of `block`'s statements, nested
/// blocks included, and on every slot inside those expressions, children
/// first (SemaNext.cpp).
void eachSlot(Block &block, const std::function<void(ExprPtr &)> &f);
void eachSlotIn(ExprPtr &e, const std::function<void(ExprPtr &)> &f);
/// Renames every `from` in `e` to `to` (Sema.cpp); false, with `e` partly
/// renamed, when `e` holds a comprehension, lambda, dict, set or f-string.
bool renameIn(Expr *e, const std::string &from, const std::string &to);
/// The elements of a tuple or list display, or null for another expression.
inline std::vector<ExprPtr> *displayItems(Expr &e) {
  if (auto *t = dyn_cast<TupleExpr>(&e))
    return &t->elements;
  if (auto *l = dyn_cast<ListExpr>(&e))
    return &l->elements;
  return nullptr;
}
/// Makes `e` the call `alias.function([pieces...])` (np.stack and the like
/// of a list display), in place: the parent holds a call.
inline void becomeDisplayCall(CallExpr &e, const std::string &alias, const char *function,
                              std::vector<ExprPtr> pieces) {
  SourceLoc loc = e.loc();
  e.callee = std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, alias),
                                             function);
  e.args.clear();
  e.args.push_back(std::make_unique<ListExpr>(loc, std::move(pieces)));
  e.keywords.clear();
}

/// Makes `e` a view of `value` (Window.h's ViewBuiltin), in place: a call
/// that is its argument itself, for rewrites whose parent holds a call.
/// typeOfCall types it when it meets it again.
inline void becomeView(CallExpr &e, ExprPtr value) {
  SourceLoc loc = e.loc();
  e.callee = std::make_unique<NameExpr>(loc, ViewBuiltin);
  e.args.clear();
  e.args.push_back(std::move(value));
  e.keywords.clear();
  e.builtin = ViewBuiltin;
}

/// An int literal of any sign, as the source would write it (`-v` for a
/// negative one).
inline ExprPtr intLiteral(SourceLoc at, int64_t v) {
  if (v >= 0)
    return std::make_unique<IntLiteralExpr>(at, v);
  return std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Neg,
                                     std::make_unique<IntLiteralExpr>(at, -v));
}

/// `a[index]` (along rows) or `a[:, index]` (along columns) of a copy of
/// the pure expression `a`.
inline ExprPtr alongAxis(const Expr &a, bool columns, ExprPtr index) {
  SourceLoc at = a.loc();
  if (columns) {
    std::vector<ExprPtr> both;
    both.push_back(std::make_unique<SliceExpr>(at, nullptr, nullptr, nullptr));
    both.push_back(std::move(index));
    index = std::make_unique<TupleExpr>(at, std::move(both));
  }
  return std::make_unique<SubscriptExpr>(at, copyPure(&a), std::move(index));
}

/// The value of an integer literal, possibly negated (`-1`), when `e` is one.
inline bool intConstant(const Expr *e, int64_t &value) {
  if (auto *lit = dyn_cast<IntLiteralExpr>(e)) {
    value = lit->value;
    return !lit->overflow;
  }
  if (auto *u = dyn_cast<UnaryExpr>(e)) {
    if ((u->op == UnaryExpr::Op::Neg || u->op == UnaryExpr::Op::Pos) &&
        intConstant(u->operand.get(), value)) {
      if (u->op == UnaryExpr::Op::Neg)
        value = -value;
      return true;
    }
  }
  return false;
}

/// numpy keeps int64 for + - * // % of an int array and ints (or bools);
/// anything with a float, and /, is float64.
inline bool intArrayArithmetic(BinaryOp op, Type a, Type b) {
  bool intish = (a == Type::IntArray || b == Type::IntArray) &&
                (a == Type::IntArray || a == Type::BoolArray || isIntegral(a)) &&
                (b == Type::IntArray || b == Type::BoolArray || isIntegral(b));
  // A mask with an int is numpy's int64 ((values > t) * 3); with a bool it
  // stays a mask, decided before this.
  intish |= (a == Type::BoolArray && b == Type::Int) || (a == Type::Int && b == Type::BoolArray);
  return intish && (op == BinaryOp::Add || op == BinaryOp::Sub || op == BinaryOp::Mul ||
                    op == BinaryOp::FloorDiv || op == BinaryOp::Mod);
}

/// The result type of `a ** b` and pow(a, b): an int base to a
/// non-negative int power is an int in Python, to a negative one a float.
/// When the exponent is not a literal, which one it is is decided at run
/// time (IntOrFloat).
inline Type powerType(Type a, Type b, const Expr *exponent) {
  if (a == Type::Float || b == Type::Float)
    return Type::Float;
  int64_t k;
  bool literal = intConstant(exponent, k);
  if (literal && k < 0)
    return Type::Float;
  if (literal && isIntegral(a) && isIntegral(b))
    return Type::Int;
  // An int exponent that cannot be negative: abs(n), len(x), n % 3.
  auto *call = dyn_cast<CallExpr>(exponent);
  auto *mod = dyn_cast<BinaryExpr>(exponent);
  bool nonNegative = (call && (call->builtin == "abs" || call->builtin == "len")) ||
                     (mod && mod->op == BinaryOp::Mod && intConstant(mod->rhs.get(), k) && k > 0);
  if (nonNegative && isIntegral(a) && isIntegral(b))
    return Type::Int;
  return Type::IntOrFloat;
}

/// A builtin exception class llcc can raise ("ValueError", ...).
bool isRaisableClass(const std::string &name);

/// Why a value of type `t` cannot take printf conversion `c`, or ""
/// (SemaPercent.cpp).
std::string printfTypeError(char c, Type t);
/// The Shape of a list of arrays of kind `elem` (SemaArrayList.cpp).
ShapeRef arrayListShape(Type elem, const ShapeRef &elemShape);
/// The Shape of a list of tuples of shape `tuple` (SemaTupleList.cpp).
ShapeRef tupleListShape(const ShapeRef &tuple);
/// `x.item()` gives a Python number, `x.round(2)` a numpy scalar.
bool scalarMethodIsNumpy(const CallExpr &e);
/// Calls `f(Expr *)` on the children of a comprehension, lambda, dict or
/// set display (SemaContainers.cpp types them); nothing for other kinds.
/// A key for Sema's tables of nodes: the node's serial number (Ast.h,
/// NodeSerial), which no later node reuses, where its address can be.
template <class Node> struct NodeKey {
  uint64_t serial;
  NodeKey(const Node *node) : serial(node ? node->serial() : 0) {} // 0: no node
  bool operator<(const NodeKey &other) const { return serial < other.serial; }
};

template <typename F> void forEachContainerChild(Expr &e, F f) {
  if (auto *c = dyn_cast<ComprehensionExpr>(&e)) {
    f(c->iter.get());
    f(c->element.get());
    for (auto &x : c->conds)
      f(x.get());
    for (ComprehensionClause &clause : c->inner) {
      f(clause.iter.get());
      for (auto &x : clause.conds)
        f(x.get());
    }
  } else if (auto *l = dyn_cast<LambdaExpr>(&e)) {
    f(l->body.get());
  } else if (auto *d = dyn_cast<DictExpr>(&e)) {
    for (auto &x : d->keys)
      f(x.get());
    for (auto &x : d->values)
      f(x.get());
  } else if (auto *s = dyn_cast<SetExpr>(&e)) {
    for (auto &x : s->elements)
      f(x.get());
  }
}

struct Folded; // ConstFold.h
struct Bound;              // ConstFold.h
struct ComprehensionRun;   // SemaConstComprehension.cpp
struct ComprehensionValue; // SemaConstComprehension.cpp

class Sema {
public:
  Sema(Module &module, DiagnosticEngine &diags) : module_(module), diags_(diags) {}
  bool run();

private:
  // Module scope.
  void collectImports();
  /// scipy.stats.mode calls and their ModeResults (SemaStatsMode.cpp).
  void lowerStatsMode();
  /// operator.add, itemgetter(1), ... as expressions and lambdas (SemaOperator.cpp).
  void lowerOperatorModule();
  /// Imports inside a def (SemaFunctionImports.cpp).
  bool acceptFunctionImport(const Import &imp);
  void checkFunctionImports();
  void collectConstants();
  void collectFunctions();
  void checkModuleStatements();
  // Per function.
  void collectLocals(FunctionDef &fn);
  void buildCallGraph();
  void decideKinds();
  void setUpKindParams(FunctionDef &fn);
  bool foldConstant(const Expr &e, ConstValue &out);
  void rejectRecursion();
  // Inference.
  void inferFunction(FunctionDef &fn);
  void walkDel(DelStmt &s);
  void walkDelItem(SubscriptExpr &item);
  void walkTry(TryStmt &s, unsigned loopDepth);                        ///< SemaTry.cpp
  bool exceptClasses(const Expr &type, std::vector<std::string> &out); ///< SemaTry.cpp
  void walkBlock(const Block &block, unsigned loopDepth);
  void walkStmt(Stmt &stmt, unsigned loopDepth);
  /// `numpyValue`: the value may be a numpy.float64 (taken from `value`
  /// when that is given).
  void assignNone(AssignStmt &s);
  bool rewriteArrayAugAssigns();
  bool rewriteContainerChoices(); ///< SemaStmt.cpp
  bool rewriteTupleSlices();      ///< SemaTuple.cpp
  bool rewriteRuntimeOuters();    ///< np.outer of run-time lengths (SemaOuter.cpp)
  void assignTo(Expr &target, Type valueType, SourceLoc loc, Expr *value = nullptr,
                bool numpyValue = false, ShapeRef valueShape = nullptr);
  // Tuples and constant arrays (SemaTuple.cpp).
  /// Joins a tuple's shape into a variable's, parameter's or return's;
  /// false when the lengths or member kinds differ.
  bool joinInto(Type &type, ShapeRef &shape, Type t, const ShapeRef &s);
  Type typeOfTuple(TupleExpr &e);
  Type typeOfTupleSubscript(SubscriptExpr &s);
  Type typeOfTupleBuiltin(CallExpr &e, const std::string &name);
  Type typeOfTupleCompare(CompareExpr &c);
  bool orderable(const Shape &a, const Shape &b);
  /// The array type numpy makes of a tuple of numbers (np.sum(T), values * T).
  Type tupleArrayType(Expr &e);
  bool takeZipStrict(Expr &iter);
  void typeOfIteration(Expr &iter, Type &elem, ShapeRef &shape, bool &numpy);
  void windowInIterator(const Expr &arg, const std::string &builtin, Type &elem);
  void assignTarget(Expr &target, Type t, const ShapeRef &shape, SourceLoc loc, Expr *value,
                    bool numpy);
  Type constantArrayType(CallExpr &e);
  Type constantArray2DType(CallExpr &e);
  bool constantDtype(CallExpr &e, Type &arrayType);
  void unpackConstantRows(Block &block);
  bool foldArrayConstant(Constant &c); // SemaConstFold.cpp
  /// `e` (an array or a number; the items `A, B = e` unpacks) computed
  /// when compiling; nothing when not, `raised` set after reporting
  /// CPython's exception.
  std::optional<Folded> foldValue(const Expr &e, bool &raised);
  std::optional<std::vector<Folded>> foldValues(const Expr &e, bool &raised);
  /// The same with a comprehension's targets bound (SemaConstComprehension.cpp).
  std::optional<Folded> foldBound(const Expr &e, const Bound &bound, bool &raised);
  std::optional<std::vector<Folded>> foldBoundValues(const Expr &e, const Bound &bound,
                                                     bool &raised);
  // Module-level comprehensions, computed when compiling (SemaConstComprehension.cpp).
  bool expandConstantComprehensions(ExprPtr &e, int depth = 0);
  void expandDictComprehensionConstants();
  bool expandComprehension(ExprPtr &e, const std::string &kind, ComprehensionExpr &comp);
  bool runClauses(ComprehensionRun &run, size_t clause, std::vector<ComprehensionValue> &out);
  std::optional<std::vector<ComprehensionValue>> iterationItems(ComprehensionRun &run,
                                                                const Expr &iter);
  std::optional<ComprehensionValue> comprehensionElement(ComprehensionRun &run, const Expr &e);
  bool bindTarget(ComprehensionRun &run, const Expr &target, const ComprehensionValue &v);
  ExprPtr comprehensionExpr(ComprehensionRun &run, const ComprehensionValue &v, SourceLoc at);
  bool nestedComprehension(ComprehensionRun &run, const ComprehensionExpr &comp,
                           std::vector<ComprehensionValue> &out);
  bool inArrayComprehension_ = false;          ///< expanding np.array([... for ...])
  int64_t comprehensionIterationsLeft_ = 0;    ///< per constant
  int64_t comprehensionValuesLeft_ = 0;
  ExprPtr foldedExpr(const Folded &v, SourceLoc at);
  // Module-level assignments (SemaModuleAssign.cpp).
  void collectConstant(size_t i);
  bool rebindConstant(size_t i);
  size_t expandUnpacking(size_t i);
  bool checkInPlace(const Constant &c, BinaryOp op, const std::optional<Folded> &before,
                    const std::string &previous);
  bool foldConstantCalls(ExprPtr &e, int depth = 0);
  ExprPtr foldedLiteral(const Folded &v, size_t k, SourceLoc at, bool numpyScalar);
  bool constantRaises(const std::string &raised, SourceLoc at);
  void expandWindowEnumerate(ForStmt &s); // SemaStmt.cpp
  void expandShapeLoop(ForStmt &s);       // SemaStmt.cpp
  void copyReadonlyViews(ListExpr &e);     // SemaArrayList.cpp
  void expandMethodKey(ExprPtr &key);      // SemaCalls.cpp
  int foldFloatOfString(CallExpr &e);     // SemaCalls.cpp; -1 after a diagnostic
  Type constantSequenceType(Expr &e);
  /// Whether a typed expression may be a numpy.float64 (Expr::mayBeNumpy),
  /// from its operands' flags.
  bool mayBeNumpy(const Expr &e);
  // SemaNumpyKinds.cpp: what containers hold.
  bool intArrayMayBeNumpy(const Expr &e);
  bool dictMayBeNumpy(const Expr &e);
  bool elementsMayBeNumpy(const Expr &x);
  bool libraryResultKind(const CallExpr &c, bool &numpy);
  void markNumpy(bool &flag, bool numpy) {
    if (numpy && !flag) {
      flag = true;
      changed_ = true;
    }
  }
  bool isReadonlyArrayExpr(const Expr &e);
  bool isWritableArrayExpr(const Expr &e);
  /// The kind's window or a view of it (SemaWindowWrites.cpp).
  bool viewsWindow(const Expr &e);
  /// A write into the read-only array `target`: remembered when it is the
  /// function's window, which then becomes a private copy.
  void noteWindowWrite(const Expr &target);
  /// Makes the window of each filter that writes into it a private copy
  /// (writable); true when some did, and types must be inferred again.
  bool allowWindowWrites();
  std::set<NodeKey<FunctionDef>> windowWrites_;
  /// Types a call of an array function (reduction, constructor,
  /// elementwise function or array method); `args` includes a method's
  /// object first. `typed` says whether the arguments were typed already.
  void dropFloat64Accumulator(CallExpr &e, const std::string &op); // SemaArray.cpp
  /// method=/interpolation= of a percentile call as its number (0, linear,
  /// when absent), -1 after a diagnostic (SemaQuantileMethod.cpp).
  int quantileMethod(CallExpr &e, const std::string &op);
  bool float64Identity(const std::string &op, const Expr &dtype, Type array); // SemaArray.cpp
  /// where= (and np.max/np.min's initial=) of a reduction checked: 1 when
  /// taken, 0 when the reduction has none, -1 after a diagnostic
  /// (SemaWhere.cpp).
  int checkWhereReduction(CallExpr &e, const std::string &op, const Expr &array, Type arrayType);
  Type typeOfArrayCall(CallExpr &e, const std::string &name, std::vector<Expr *> args, bool typed);
  bool typeOfUfuncAccumulate(CallExpr &e, AttributeExpr &a, Type &out);
  void normalizeAllAxes(CallExpr &e, const std::string &op, const Expr &array);
  Type typeOfSubscript(SubscriptExpr &e);
  Type typeOf(Expr &e);
  Type typeOfName(NameExpr &e);
  Type typeOfAttribute(AttributeExpr &e);
  void foldSubmodule(AttributeExpr &a);
  bool expandSeveralQuantiles(CallExpr &e);
  /// A name for numpy in rewritten calls: the program's own (`np`), or a
  /// hidden alias when it imports numpy's functions by name only.
  std::string numpyAlias();
  bool wrapListIndex(SubscriptExpr &s, Type base, Type index);
  int expandLaneReduction(CallExpr &e); ///< 1 rewritten, -1 reported, 0 neither
  bool expandSortedReverse(CallExpr &e);
  /// `max(enumerate(x), key=f)`, `list(zip(a, b))`, `np.mean(range(n))`:
  /// an iterator builtin passed to a consumer becomes the generator
  /// expression (or list comprehension) walking it (SemaDesugar.cpp).
  ExprPtr mapFilterGenerator(CallExpr &inner);
  /// for x in map(f, a) / filter(f, a): a loop over a whose body first
  /// computes x (or skips the item), as Python's lazy iterator would.
  void expandMapFilterLoops(Block &block, unsigned depth = 0);
  void expandStarredTargets(Block &block, unsigned depth = 0); ///< SemaStarredTargets.cpp
  bool expandStarredAssign(SourceLoc loc, Expr &targets, ExprPtr value,
                           std::vector<StmtPtr> &out);
  unsigned mapLoops_ = 0; ///< numbers the hidden targets of those loops
  bool expandIteratorArgument(CallExpr &e);
  /// The error for an iterator builtin used as a value no consumer takes,
  /// with a hint for len() and numpy functions (iteratorConsumers_).
  void reportIteratorValue(const CallExpr &e, const std::string &name);
  /// Whether `callee` is the name of Python's builtin `builtin`, not
  /// shadowed by a local, a function, a constant or an import.
  bool namesBuiltin(const Expr &callee, const char *builtin);
  bool isIndexTupleCall(const CallExpr &call);
  Type typeOfIndexTuplePart(SubscriptExpr &s, CallExpr &call);
  Type typeOfBinary(BinaryExpr &e);
  Type typeOfArrayBits(BinaryExpr &e, Type a, Type b); // SemaExpr.cpp
  /// Whether a variable is a numpy.bool_ on one path and a Python bool or
  /// number on another (SemaBoolKinds.cpp). The reporting walk records the
  /// assignments and the uses where the two differ; checkBoolKindUses()
  /// decides once all are seen.
  /// What an assignment puts in the variable: the value, the elements of
  /// a list display or comprehension (`m = [v > t for v in values]`), or
  /// one element (`m.append(b)`, `m[i] = b`).
  enum class BoolKindSlot { Value, Elements, Element };
  struct BoolKindAssign {
    FunctionDef *fn;
    LocalVar *var;
    const Expr *value; ///< null for `x op= v`
    Type type;
    bool numpy;
    BoolKindSlot slot;
  };
  struct BoolKindUse {
    FunctionDef *fn;
    const Expr *operand;
    const Expr *other; ///< the other operand of a binary operator, else null
    SourceLoc loc;
    std::string op;
  };
  std::vector<BoolKindAssign> boolKindAssigns_;
  std::vector<BoolKindUse> boolKindUses_;
  void noteBoolKind(LocalVar &var, const Expr *value, Type valueType, bool numpy,
                    BoolKindSlot slot = BoolKindSlot::Value) {
    // Module constants (no function being typed) hold no variables.
    if (reporting_ && fn_ && (isNumeric(valueType) || slot == BoolKindSlot::Elements))
      boolKindAssigns_.push_back({fn_, &var, value, valueType, numpy, slot});
  }
  void noteBoolKindUse(const Expr &operand, const Expr *other, SourceLoc loc,
                       const std::string &op) {
    if (reporting_ && fn_)
      boolKindUses_.push_back({fn_, &operand, other, loc, op});
  }
  /// Mixed: a numpy.bool_ on some path only; ListElement: an element of a
  /// list that holds numpy bools (SemaBoolKinds.cpp).
  enum class BoolKind { NumpyBool, Other, Mixed, ListElement };
  BoolKind boolKind(const FunctionDef &fn, const Expr &e);
  void checkBoolKindUses();
  void rejectNumpyOfBools(CallExpr &e, const std::string &name, const std::vector<Type> &args);
  bool numpyBoolArithmetic(BinaryOp op, const Expr &lhs, const Expr &rhs, SourceLoc loc,
                           Type &result);
  Type typeOfCall(CallExpr &e);
  Type typeOfBuiltinCall(CallExpr &e, const std::string &name);
  Type typeOfFunctionCall(CallExpr &e, FunctionDef &target);
  bool joinHashParam(FunctionDef &target, LocalVar &param, Expr &arg); ///< SemaByRef.cpp
  void joinReturnedContainer(Expr &value, Type t);                     ///< SemaByRef.cpp
  Type typeOfCounterOperator(BinaryExpr &e);                           ///< SemaCounter.cpp
  // The numpy and math library table (SemaLibrary.cpp).
  Type typeOfLibraryCall(CallExpr &e, const BuiltinFunction &b);
  bool windowLibraryArgument(CallExpr &e, size_t i, const std::string &name,
                             const std::string &shown, Type &type);
  bool typeOfLibraryMethod(CallExpr &e, Type &out);
  // Methods of numpy scalars (SemaScalarMethods.cpp).
  bool typeOfScalarMethod(CallExpr &e, AttributeExpr &a, Type base, Type &out);
  /// x.bit_count(), x.bit_length(), bin(n).count(c), len(bin(n)) (SemaIntBits.cpp).
  bool typeOfIntBitMethod(CallExpr &e, AttributeExpr &a, Type base, Type &out);
  bool typeOfBinIdiom(CallExpr &e, Type &out);
  // Computed strs: str(x), repr(x), str methods, len(s) (SemaStrValues.cpp).
  bool typeOfStrConversion(CallExpr &e, Type &out);
  Type typeOfStrMethod(CallExpr &e, AttributeExpr &a);
  /// `s.split()[i]`, `s.split(sep)[i]`: a str. False unless that form.
  bool typeOfStrSplitItem(SubscriptExpr &s, Type &out);
  /// `s * n`, `n * s`: the str repeated; Unknown (reported) when refused.
  Type typeOfStrRepeat(BinaryExpr &e, Type a, Type b);
  /// `assert c, (a, "b")`, `raise E("bad", k)`: the tuple's repr as an
  /// f-string. True when rewritten.
  bool tupleMessageToFString(ExprPtr &slot);
  /// dtype checks and float64 limits (SemaDtype.cpp).
  const char *arrayDtypeOf(Expr &x);
  static bool isDtypeMember(const std::string &name);
  std::string numpyMemberName(const Expr &x);
  std::string dtypeOfSpec(Expr &x);
  bool rewriteDtypeCompare(CompareExpr &c);
  void rewriteDtypeField(ExprPtr &field);
  int rewriteIssubdtype(CallExpr &e);
  bool typeOfFloatInfo(AttributeExpr &e, Type &out);
  // np.stack, np.vstack, np.column_stack (SemaStack.cpp).
  /// np.array([[...], [...]]) in a function: np.stack of np.array rows
  /// (SemaStack.cpp). True when rewritten; `diagnosed` after an error.
  bool rewriteNestedArrayDisplay(CallExpr &e, bool &diagnosed);
  /// `y, x = np.mgrid[-2:3, -2:3]`, np.ogrid, np.indices((n, m)): one
  /// assignment per grid, written out (SemaGrids.cpp), in every block.
  void expandGridUnpacking(FunctionDef &fn, Block &block);
  /// The grids of such a value: 1 when made, -1 after a diagnostic, 0 for
  /// any other value.
  int indexGrids(ExprPtr &value, std::vector<ExprPtr> &grids);
  int meshGrids(AssignStmt &assign, std::vector<StmtPtr> &out); ///< SemaGrids.cpp
  bool compileTimeInt(const Expr *e, int64_t &value, unsigned depth = 0);
  /// `w.shape` of a named array whose dimensions are known when compiling
  /// becomes the tuple of them (`np.zeros(w.shape)`, `s = w.shape`,
  /// `np.indices(w.shape)`); false, `e` untouched, for anything else
  /// (SemaCalls.cpp).
  bool shapeToTuple(ExprPtr &e);
  /// The same before typing, from the array's one assignment (SemaGrids.cpp).
  void knownShapeToTuple(ExprPtr &e);
  /// w[[0, 1], [2, 0]]: the elements picked by int lists (SemaWindow.cpp).
  bool lowerIntListPicks(SubscriptExpr &s);
  bool refuseListIndexedStore(Expr &target); ///< ... and stores through them (SemaStmt.cpp)
  bool typeOfStackCall(CallExpr &e, const std::string &name, Type &out);
  Type typeOfMathDist(CallExpr &e, const std::vector<Type> &args);
  // SemaUnique.cpp: np.unique's return_* parts.
  int uniqueFlags(const CallExpr &call);
  bool isUniqueTupleCall(const CallExpr &call);
  Type typeOfUniquePart(SubscriptExpr &s, CallExpr &call);
  bool normalizeUniqueCall(CallExpr &e, const BuiltinFunction &b, const std::string &shown,
                           const std::function<void(SourceLoc, const std::string &)> &error);
  void expandUniqueUnpacking(Block &block);
  // SemaScipy.cpp: scipy.stats.tmean/tvar/tstd's limits pair.
  bool normalizeLimitsCall(CallExpr &e, const BuiltinFunction &b, const std::string &shown,
                           const std::function<void(SourceLoc, const std::string &)> &error);
  /// `b = helper(a)` of a helper returning a list: b may be a itself, so
  /// neither may grow (SemaHelperLists.cpp).
  void markHelperListAliases(LocalVar &var, const Expr &value);
  void lowerDictConstants(); // D = {k: v}: hidden tuples of keys and values (SemaDictConstants.cpp)
  std::set<std::string> dictConstants_; ///< their names: a use left over was refused there
  /// MASKS = [np.array(...), ...]: one hidden array constant per element,
  /// uses read as their list display (SemaListConstants.cpp).
  struct ArrayListConst {
    SourceLoc loc;
    std::vector<SourceLoc> locs; ///< each element's
    bool failed = false;         ///< reported: uses see the first element only
  };
  std::map<std::string, ArrayListConst> arrayLists_;
  /// Array constants numpy holds in transposed memory order (np.rot90 by an
  /// odd k, .T): stored in C order, which only their float sums can tell.
  std::set<std::string> transposedConstants_;
  std::set<std::string> rotatedConstants_; ///< those made by np.rot90
  void lowerArrayListConstants();
  void finishArrayListConstants();
  void hoistTableArrays(); // np.array(K) in a function, K = [[...], ...]
  /// K = [[1, 2, 1], ...] only read: a tuple of tuples (SemaLocalTables.cpp).
  void lowerLocalTables(FunctionDef &fn);
  bool expandConstantComprehension(ComprehensionExpr &c, std::vector<ExprPtr> &out);
  ExprPtr arrayListDisplay(const std::string &name, SourceLoc at);
  void rewriteArrayListUse(ExprPtr &e, const std::set<std::string> &bound);
  void lowerNextCalls(); // next(generator, default): a nested helper (SemaNext.cpp)
  // Generator functions inlined where they are iterated (SemaGenerators.cpp,
  // SemaGeneratorLoops.cpp).
  void lowerGenerators();
  bool isGeneratorCall(const Expr *e, const std::set<std::string> &visible) const;
  void hoistGeneratorConsumers(Block &block, const std::set<std::string> &visible);
  void hoistGeneratorsIn(ExprPtr &slot, bool conditional, Block &before,
                         const std::set<std::string> &visible);
  void inlineGeneratorLoops(Block &block, const std::set<std::string> &visible,
                            std::vector<std::string> &stack, std::set<std::string> &used);
  bool inlineGeneratorLoop(ForStmt &f, FunctionDef &g, Block &out);
  bool zipsGenerator(const Expr *e, const std::set<std::string> &visible) const;
  void hoistInIterable(ExprPtr &iter, Block &before, const std::set<std::string> &visible);
  bool unzipGeneratorLoop(ForStmt &f, const std::set<std::string> &visible, Block &out);
  std::map<std::string, FunctionDef *> generators_;
  unsigned generatorCount_ = 0;
  /// A maybe-None name passed where None is accepted (np.clip(a, lo, hi)
  /// with lo=None): `if lo is None:` the statement with None there, else
  /// as written; `m = max(it, default=None)` a loop (SemaNoneArgs.cpp).
  void passNoneArguments();
  void passNoneArgumentsIn(Block &block, const std::set<std::string> &names, unsigned depth);
  std::vector<ExprPtr *> noneArgumentSlots(CallExpr &call, bool *clip);
  void findNoneArguments(ExprPtr &e, const std::set<std::string> &names, std::string &name,
                         std::vector<ExprPtr *> &slots, std::vector<CallExpr *> &clips,
                         unsigned depth);
  bool lowerDefaultNone(Block &block, size_t index);
  bool packMinMaxArguments(CallExpr &e, const std::string &name); // SemaCalls.cpp
  unsigned noneLowerings_ = 0;
  void lowerFolds();     // functools.reduce, itertools.accumulate: helpers (SemaFolds.cpp)
  bool reportUnloweredFold(CallExpr &e); // one outside a function's body (SemaFolds.cpp)
  /// heapq and bisect calls as calls of stdlib/heapq.flt (SemaHeapq.cpp).
  void lowerHeapqBisect();
  /// hist, edges = np.histogram(..., density=True) (SemaHistogram.cpp).
  void lowerHistogramDensity();
  /// np.select(conds, choices) of local names bound to list displays
  /// (SemaSelectLists.cpp).
  void lowerSelectLists();
  /// A heapq function given something other than a list (SemaHeapq.cpp).
  void checkHeapArgument(CallExpr &e, const FunctionDef &target);
  /// heapq.nsmallest/nlargest of a list of tuples: rewritten, reported.
  bool refuseHeapTuples(CallExpr &e, const FunctionDef &target);
  /// heapq.nsmallest/nlargest calls of tuples (now views of sorted(...)[:n],
  /// SemaHeapq.cpp), with the error each reports.
  std::map<const Expr *, std::string> refusedHeapCalls_;
  /// Whether a function writes into the list it takes as parameter i
  /// (SemaCalls.cpp).
  bool writesListParam(const FunctionDef &fn, size_t i, unsigned depth = 0);
  void lowerAssignmentExpressions(); // (n := e) hoisted into `n = e` (SemaWalrus.cpp)
  size_t expandHistogramUnpacking(Block &block, size_t i);
  // SemaGradient.cpp: np.gradient of 2-D arrays, by axis and unpacked;
  // SemaConcatenate.cpp: np.concatenate of 2-D arrays.
  /// np.NAME(...), or NAME(...) after `from numpy import NAME`.
  bool callsNumpy(const CallExpr &call, const char *function);
  bool isGradientCall(const CallExpr &call);
  int expandConcatenate2D(CallExpr &e); ///< 1 rewritten, -1 reported, 0 neither
  int expandDiffAxis(CallExpr &e);      ///< np.diff(w, axis=k) (SemaDiff.cpp); as above
  int expandWindowView(CallExpr &e); ///< SemaNumpyViews.cpp; 1, -1 or 0 as above
  int expandItertools(CallExpr &e);  ///< SemaItertools.cpp; 1, -1 or 0 as above
  std::string itertoolsFunction(const CallExpr &e);
  int expandKeepdims(CallExpr &e);      ///< SemaKeepdims.cpp: 1 when e became a reshape
  Type typeOfWithContexts(CallExpr &e); ///< SemaItertools.cpp
  size_t expandGradientUnpacking(Block &block, size_t i);
  int expandGradientAxis(CallExpr &e); ///< 1 rewritten, -1 reported, 0 neither
  Type typeOfStarredCall(CallExpr &e); ///< SemaStarred.cpp: math.hypot(*x), max(*t)
  int expandTupleCall(CallExpr &e);    ///< SemaTupleCall.cpp: tuple(x) of a static length
  /// SemaTupleCall.cpp: a transform's `return tuple(x)` of the run-time
  /// rank becomes `return list(x)` (ReturnStmt::runTimeTuple).
  void rewriteRunTimeTuple(ReturnStmt &s);
  /// output_coords or a slice of it: a tuple of the run-time rank in CPython.
  bool isCoordsSequence(const Expr &x);
  int expandClipNone(CallExpr &e);     ///< SemaDesugar.cpp: np.clip(a, lo, None)
  Type typeOfMethodAsFunction(CallExpr &e); ///< SemaLibrary.cpp: a.clip(...) as np.clip(a, ...)
  Type defaultDictFactory(CallExpr &e);     ///< SemaContainers.cpp: defaultdict(int) is Int
  void noteDefaultDict(LocalVar &var, const Expr &value, SourceLoc loc); ///< SemaStmt.cpp
  Type typeOfDivmod(CallExpr &e);      ///< SemaCalls.cpp
  bool expandSumStart(CallExpr &e);    ///< SemaSumStart.cpp
  Type typeOfSumStart(CallExpr &e);    ///< SemaSumStart.cpp
  // SemaIsinstance.cpp: isinstance(x, T) folded to a constant.
  Type typeOfIsinstance(CallExpr &e);
  unsigned isinstanceClasses(const Expr &x, std::string &why);
  bool isinstanceAccepts(const Expr &spec, unsigned &accepts);
  bool isOutputCoords(const Expr &x);
  Type typeOfUnravelIndex(CallExpr &e); ///< SemaUnravel.cpp
  int expandWhereNumbers(CallExpr &e); ///< SemaDesugar.cpp: np.where(c, a, b) of numbers
  int expandSelect(CallExpr &e);       ///< SemaDesugar.cpp: np.select of lists written in place
  int expandNanToNum(CallExpr &e);     ///< SemaDesugar.cpp; 1, -1, 0 as above, 2 not yet
  /// np.add(a, b) becomes llcc.view(a + b), ... (SemaUfuncs.cpp); 1, -1, 0, 2 as above.
  int expandOperatorUfunc(CallExpr &e);
  /// np.add.reduce(a) becomes np.sum(a), np.subtract.reduce(a) the library's fold
  int expandUfuncMethod(CallExpr &e);
  /// np.average(a, returned=True) becomes llcc.average_returned(a) (SemaNumpyMore.cpp)
  int expandAverageReturned(CallExpr &e);
  /// np.corrcoef(x, y) becomes numpy.corrcoef(x, y).reshape(2, 2); np.tile of bools refused
  int expandCorrcoefTile(CallExpr &e);
  /// np.argwhere(a) of a 1-D array, one call: true when it is
  bool isArgwhereCall(const Expr *e);
  /// np.argwhere(a) becomes np.flatnonzero(a) where its column is taken; false when reported
  bool argwhereColumn(CallExpr &call);
  /// len(np.argwhere(a)), np.argwhere(a).ravel() (SemaNonzero.cpp)
  void expandArgwhereCall(CallExpr &e);
  /// np.argwhere(a)[:, 0] (SemaNonzero.cpp)
  void expandArgwhereSubscript(SubscriptExpr &s);
  /// a.item(i) becomes float(llcc.item(a.ravel(), i)), ... (SemaItem.cpp); 1, -1, 0, 2.
  int expandArrayItem(CallExpr &e);
  /// np.pad(w, 1, mode='reflect') becomes np.array([[w[1, 1], ...], ...]) (SemaPad.cpp).
  int expandPad(CallExpr &e);
  int expandShapedConstructor(CallExpr &e);
  int expandRuntimeShape(CallExpr &e, TupleExpr &shape,
                         const char *which); ///< SemaDesugar.cpp: np.zeros((3, 3)); 1, -1, 0
  bool normalizeLibraryCall(CallExpr &e, const BuiltinFunction &b);
  void dropUnusedLibrary();
  // SemaLibraryVersions.cpp: one version of a library function per kind
  // of arguments it is called with.
  FunctionDef &libraryVersion(CallExpr &e, FunctionDef &base);
  bool libraryVersionFits(CallExpr &e, const FunctionDef &fn);
  /// Moves the versions made in this round into the module; true if any.
  bool addLibraryVersions();
  bool isHistogramCall(const CallExpr &call);
  /// `np.histogram(a, bins)[0]` (the counts) and `[1]` (the edges).
  Type typeOfHistogramPart(SubscriptExpr &s, CallExpr &call);
  void requireNumeric(Expr &e, Type t, const char *context);
  // Windows, masks and index arrays (SemaWindow.cpp).
  bool isAxisReduction(const std::string &op);
  /// The array a view-making expression (w.T, a.reshape(...)) reads.
  const Expr *viewedArray(const Expr &e);
  void propagateShape(Expr &e);
  /// Refuses the uses of a block (frontend/Window.h) that its lowering
  /// does not cover (SemaBlock.cpp).
  void checkBlockUses(Expr &e);
  std::vector<std::vector<int64_t>> operandStrides(const std::vector<int64_t> &dims,
                                                   const std::vector<Expr *> &operands);
  Type typeOfWindowSubscript(SubscriptExpr &s, Type v, bool indexTyped);
  Type typeOfArrayIndex(SubscriptExpr &s, Type v, Type i);
  bool typeOfArrayAttribute(AttributeExpr &e, Type base, Type &out);
  bool typeOfShapeSubscript(SubscriptExpr &s, Type &out);
  bool reshapeDims(const CallExpr &e, const std::vector<Expr *> &parts,
                   std::vector<int64_t> &dims);
  Type typeOfReshape(CallExpr &e, Expr &object, Type t, const std::vector<Expr *> &parts);
  bool runtimeReshape(CallExpr &e, Expr &object, Type t, const std::vector<Expr *> &parts);
  Type typeOfAstype(CallExpr &e, Expr &object, Type t);
  Type dtypeArrayType(Expr &arg);
  /// The array type a dtype= value names (int, np.float64, 'bool', ...),
  /// Unknown when none; reports nothing.
  Type dtypeNamed(const Expr &arg) const;
  Type typeOfTypedConstructor(CallExpr &e, const std::string &op, const KeywordArg &dtype);
  Type typeOfProduct(Expr &e, const std::string &op, Expr &a, Expr &b);
  Type typeOfAxisReduction(CallExpr &e, const std::string &op, Expr &array, Expr &axisExpr);
  bool typeOfWindowArrayCall(CallExpr &e, const std::string &name,
                             const std::vector<Expr *> &args, bool typed, Type &out);
  bool typeOfWindowBuiltin(CallExpr &e, const std::string &name, Type &out);
  bool checkWindowArguments(CallExpr &e, const std::string &name,
                            const std::vector<Expr *> &args);
  void joinLocalShape(LocalVar &var, bool arrayValue, const ShapeRef &shape, SourceLoc loc);
  void typeWindowLoopTarget(ForStmt &s);
  bool checkArrayStore(SubscriptExpr &target);
  /// `rows, cols = w.shape`, `n, = values.shape`; false for other values.
  bool typeShapeUnpack(TupleExpr &targets, Expr &value);
  void requireTruthy(Expr &e, Type t);
  /// Types a condition (if, while, assert, a comprehension's if, a
  /// ternary's test) and checks that it has a truth value; its `and`/`or`
  /// are marked truthTest first.
  void typeOfTest(Expr &e);
  Type constantExprType(Expr &e);

  /// `return a, b, c` in a filter: one output per member (SemaMultiOut.cpp).
  void walkFilterTupleReturn(ReturnStmt &s, Type valueType);

  // raise, assert, f-strings, print, str and None (SemaErrors.cpp).
  void walkRaise(RaiseStmt &s);
  void walkAssert(AssertStmt &s);
  void typeMessage(ExprPtr &message, const char *context);
  bool concatToFString(ExprPtr &slot);
  bool percentToFString(ExprPtr &slot); // SemaPercent.cpp
  /// "...".format(...) of a str literal as an f-string (SemaStrFormat.cpp).
  bool formatToFString(ExprPtr &slot);
  /// str.format() calls refused with their own error, and the arguments
  /// no field uses (typed, not evaluated).
  std::set<const Expr *> formatRefused_;
  std::vector<ExprPtr> formatDropped_;
  void lowerDeques();                   // collections.deque as a list (SemaDeque.cpp)
  void lowerDictListDisplays();         // d = {0: [], 1: []} (SemaDictLists.cpp)
  void lowerStrKeyDicts();              // counts = {"pos": 0} (SemaStrKeys.cpp)
  void lowerEnclosingDefaults();        // def g(x, k=s) nested in f (SemaClosures.cpp)
  /// printf-style formats refused with their own error (SemaPercent.cpp).
  std::set<const Expr *> percentRefused_;
  Type typeOfFString(FStringExpr &e);
  Type typeOfPrint(CallExpr &e);
  bool typeOfSpecialCompare(CompareExpr &c, Type &result);

  // Hints that lead to the fix (SemaHints.cpp).
  std::string suggestName(const std::string &name);
  std::string suggestMember(const std::string &module, const std::string &alias,
                            const std::string &attr);
  std::string closest(const std::string &name, const std::vector<std::string> &candidates,
                      const std::string &prefix, size_t most = 1);
  /// "'numpy.polyfit' is not supported in llcc; ..." for a module member
  /// llcc lacks: advice, or close names, and where the names are listed.
  std::string notSupportedMember(const std::string &module, const std::string &alias,
                                 const std::string &attr);
  std::string unsupportedBuiltin(const std::string &name);
  bool reportMissingDecorator(FunctionDef &fn);
  /// The kind an undecorated exported function's body leaves no doubt
  /// about (SemaInferKinds.cpp); false where it is a filter or unclear.
  bool inferKind(FunctionDef &fn, FunctionKind &kind);
  void dropReturnNone(Block &block);
  void exportCalledFilters(bool &exported);
  // Containers, comprehensions, key functions (SemaContainers.cpp).
  int hiddenLocal(const std::string &name, SourceLoc loc);
  void assignHidden(int index, Type t, bool numpy);
  /// The type of the elements `for x in iter` gives (typing `iter`).
  Type iterElementType(Expr &iter, bool &numpy);
  Type typeOfComprehension(ComprehensionExpr &e);
  bool iteratesAsTuple(Expr &iter);
  bool windowComprehension(Expr &iter);
  void typeWindowRow(LocalVar &var, const Expr &iter, SourceLoc loc);
  bool bindClauseTarget(Expr &target, Expr &iter,
                        std::vector<std::pair<std::string, int>> &shadowed);
  Type typeOfLambda(LambdaExpr &l, const std::vector<Type> &args, bool numpy,
                    const ShapeRef &argShape = nullptr);
  Type typeOfKey(Expr &key, Type elem, bool numpy, const ShapeRef &elemShape = nullptr);
  // Lists of arrays (SemaArrayList.cpp).
  bool typeOfArrayListDisplay(ListExpr &e, Type &out);
  /// Types every element of a list display; `accept` checks one typed
  /// element and reports what is wrong with it. False when an element is
  /// untyped or refused.
  bool typeListElements(ListExpr &e, const std::function<bool(Expr &, Type)> &accept);
  std::string describeArray(Type t, const ShapeRef &s);
  Type typeOfArrayListSubscript(SubscriptExpr &s);
  bool walkArrayListFor(ForStmt &s, unsigned loopDepth);
  /// `for a in (A, B, C)` of arrays becomes `for a in [A, B, C]`: a tuple
  /// and a list of the same arrays iterate alike (SemaArrayList.cpp).
  void tupleOfArraysToList(ExprPtr &iter);
  void bindArrayListElement(NameExpr &target, const Expr &list);
  void markArrayListLocal(int index, const Expr &list);
  bool typeOfArrayListBuiltin(CallExpr &e, const std::string &name, Type &out);
  // Lists of tuples (SemaTupleList.cpp).
  bool typeOfTupleListDisplay(ListExpr &e, Type &out);
  Type typeOfTupleListSubscript(SubscriptExpr &s);
  Type typeOfTupleListMethod(CallExpr &e, AttributeExpr &a);
  bool typeOfTupleListBuiltin(CallExpr &e, const std::string &name, Type &out);
  void appendTuple(LocalVar &var, Expr &arg);
  bool assignToTupleList(SubscriptExpr &target, Type valueType, Expr *value);
  void checkSortKeywords(CallExpr &e, const ShapeRef &list);
  bool tupleListNumpy(const Expr &list);
  void checkKeyType(const Expr &key, Type kt, const std::string &name);
  void markUnpackedArrays(Expr &target, Type t, const ShapeRef &shape);
  bool typeOfContainerBuiltin(CallExpr &e, const std::string &name, Type &out);
  // SemaSetOps.cpp: set intersection and comparisons
  Type typeOfSetOperator(BinaryExpr &e);
  Type typeOfSetAugAssign(AugAssignStmt &s);
  Type typeOfSetCompare(CompareExpr &c);
  bool typeOfSetMethod(CallExpr &e, AttributeExpr &a, Type &out);
  // SemaCounter.cpp: collections.Counter
  bool isCounter(const Expr &e);
  Type countedElements(Expr &arg, bool &numpy);
  void typeOfCounterCall(CallExpr &e, Type &out);
  bool typeOfCounterMethod(CallExpr &e, AttributeExpr &a, Type &out);
  void typeListIndex(CallExpr &e, AttributeExpr &a, Type base); // SemaContainers.cpp
  bool typeOfContainerMethod(CallExpr &e, AttributeExpr &a, Type base, Type &out);
  void joinContainerShape(LocalVar &var, const ShapeRef &value);
  // SemaTupleKeys.cpp: dicts and sets keyed by tuples of numbers
  /// The key shape of a tuple used as a key (`context`: "used as a key",
  /// "added to a set", ...); null while unknown or after a diagnostic.
  ShapeRef tupleKeyShape(Expr &key, const char *context);
  ShapeRef tupleKeyedShape(const ShapeRef &key, Type value);
  /// joinContainerShape's part for tuple keys: false when neither side
  /// has them.
  bool joinTupleKeys(LocalVar &var, const ShapeRef &value);
  /// A key looked up in (or stored into) `container`: a number, or a tuple
  /// of the container's key length; false after a diagnostic.
  bool checkKeyLookup(Expr &container, Expr &key, Type keyType, const char *context);
  /// A diagnostic for reading the keys of a tuple-keyed container.
  bool rejectTupleKeyed(Expr &container, const char *what);
  Type typeOfDictDisplay(DictExpr &e);
  /// dict(), dict(d) and dict(pairs): a dict comprehension is dict() of
  /// its generator of (key, value) tuples (the parsers build it so).
  void typeOfDictCall(CallExpr &e, Type &out);
  Type typeOfSetDisplay(SetExpr &e);
  Type typeOfMembership(CompareExpr &c);
  Type typeOfDictSubscript(SubscriptExpr &s, Type base);
  bool assignToContainer(SubscriptExpr &target, Type valueType, SourceLoc loc, Expr *value);
  bool walkContainerFor(ForStmt &s, unsigned loopDepth);
  void checkContainerVariables(FunctionDef &fn);
  // SemaDictLists.cpp: dicts whose values are lists of numbers
  /// `d` is a dict whose values are lists (d.setdefault(k, []).append(x)).
  bool isDictOfLists(const Expr &d) const;
  /// d[k], d.get(k, []) or d.setdefault(k, []) of a dict of lists: the
  /// dict's own list, which a second name must not grow.
  bool isDictListRead(const Expr &e) const;
  /// `d[k].append(x)` / `d.setdefault(k, []).append(x)`; false when `a`
  /// is not a list held in a dict.
  bool typeOfDictListMethod(CallExpr &e, AttributeExpr &a, Type &out);
  /// A list stored into a dict (d[k] = [...], setdefault's default): a
  /// new list, not one that another name holds; false after a diagnostic.
  bool checkFreshDictList(Expr &value);
  /// d.values() of a dict of lists: a list of lists where a loop or a
  /// comprehension walks it, a diagnostic elsewhere.
  bool typeOfDictListValues(CallExpr &e, AttributeExpr &a, Type &out);
  /// A numbers-and-lists mix in one dict: false after a diagnostic.
  bool checkDictValueKind(Expr &dict, Expr &at, Type value);
  /// `[[... for j in ...] for i in ...]`: a list of lists of numbers,
  /// held as a list of arrays whose elements are lists (read-only).
  Type typeOfListOfLists(ComprehensionExpr &e, Type row);
  /// A name given a row of a list of lists shares it in Python: growing
  /// it is refused (LocalVar::aliased).
  void markRowAlias(LocalVar &var);
  /// `groups[k]` of a defaultdict(list) stores k when missing: its kind
  /// joins the keys'.
  void noteDefaultListKey(SubscriptExpr &s);
  std::set<NodeKey<Expr>> dictListWalks_; ///< d.values() walked by a loop or comprehension
  /// A name given one of dict `dict`'s lists (g = d[k], for k, g in
  /// d.items()), or an append into one, at `loc` (the reporting walk).
  struct DictListUse {
    const FunctionDef *fn;
    int dict;
    SourceLoc loc;
    std::string name;
  };
  std::vector<DictListUse> dictListBinds_, dictListAppends_;
  void noteDictListBind(const Expr &dictRead, const std::string &name, SourceLoc loc);
  /// An append into a dict's list after a name took one of its lists.
  void checkDictListSnapshots(FunctionDef &fn);
  bool typeOfListExtend(LocalVar &listVar, Expr &arg);
  void typeListAugAssign(AugAssignStmt &s);
  /// A def nested in `scope` or a function around it, by its own name.
  FunctionDef *nestedFunction(FunctionDef *scope, const std::string &name);
  /// `f = lambda x: ...`, f's only binding in a function: a nested def.
  void lambdaAssignmentsToDefs();
  void moduleLambdasToDefs(); ///< SemaClosures.cpp
  void inlineStrDisplays();   ///< SemaClosures.cpp
  void getitemKeysToLambdas(); ///< SemaClosures.cpp
  void collectCaptures();
  /// Types the captured parameters of `target` from the caller's variables.
  void bindCaptures(CallExpr *call, SourceLoc loc, FunctionDef &target);
  std::set<NodeKey<Expr>> generatorArgs_; ///< generator expressions a consumer takes
  /// The (key, value) tuples of dict((k, v) for ...), a dict comprehension
  /// as the parsers build it: their members must be numbers, and the error
  /// says so in terms of the dict the user wrote.
  std::set<NodeKey<Expr>> dictItems_;
  /// The names of the `except ... as NAME` clauses around the statement
  /// being typed (SemaTry.cpp), readable only as a message's text.
  std::vector<std::string> exceptNames_;
  /// The except clauses around the statement being typed, with the
  /// function they are in (a bare `raise` re-raises the innermost's error).
  std::vector<std::pair<ExceptClause *, FunctionDef *>> handlerStack_;
  /// Reads of `e` in a message's slot (a field, an argument of print, a
  /// raise's argument), allowed there: the name and the hidden local.
  std::map<const Expr *, int> exceptionReads_;
  /// `e`, `str(e)` or `type(e).__name__` in a message slot: resolved to the
  /// clause's hidden str local (SemaTry.cpp).
  void markExceptionRead(ExprPtr &slot);
  void expandExceptionRepr(FStringExpr &e);
  /// The innermost clause `as NAME` of this function, or null.
  ExceptClause *exceptClauseNamed(const std::string &name);

  void error(SourceLoc loc, const std::string &message) {
    if (reporting_ && fn_ && fn_->isLibrary) {
      libraryError(message); // SemaHints.cpp
      return;
    }
    // An expression typed twice in the reporting pass (a consumer that
    // looks at its argument before typing it) reports its error once.
    if (reporting_ && reported_.insert({loc.line, loc.col, message}).second) {
      diags_.error(loc, message);
      noteIntegrand(fn_);
    }
  }
  std::set<std::tuple<unsigned, unsigned, std::string>> reported_;
  /// After the first error in an undecorated function that looks like a
  /// quad integrand (`def f(x, ...)`), a note naming @llcc.integrand.
  void noteIntegrand(const FunctionDef *fn);
  /// An error inside the body of a library function (stdlib/*.flt): at the
  /// user's call that reached it, or nothing after an earlier error.
  void libraryError(const std::string &message);
  /// Where each library function is called from: the caller and the call's
  /// position (the user's call, for functions Sema's rewrites call).
  std::map<const FunctionDef *,
           std::set<std::pair<const FunctionDef *, std::pair<unsigned, unsigned>>>>
      librarySites_;

  Module &module_;
  DiagnosticEngine &diags_;
  std::map<std::string, std::string> moduleAliases_; ///< "np" -> "numpy"
  std::map<std::string, std::string> fromNames_;     ///< "sqrt" -> "math.sqrt"
  std::map<std::string, int> constants_;
  /// Module-level arrays sharing memory (`H = G.T`): one number per
  /// buffer, by constant name (SemaModuleAssign.cpp).
  std::map<std::string, int> buffers_;
  /// np.nonzero(a)[0] / np.where(a)[0] calls turned into np.flatnonzero,
  /// with the name the user wrote (SemaNonzero.cpp).
  std::map<NodeKey<CallExpr>, std::string> indexTupleCalls_;
  std::map<std::string, FunctionDef *> functions_;
  std::map<FunctionDef *, std::set<FunctionDef *>> callers_;

  FunctionDef *fn_ = nullptr;         ///< function being walked
  std::map<std::string, int> locals_; ///< its locals by name
  bool reporting_ = false;            ///< the final walk reports errors
  bool changed_ = false;              ///< a type moved in this round
  bool inConstant_ = false;           ///< typing a module-level constant
  bool inForIter_ = false;            ///< typing `range(...)` of a for loop
  std::set<NodeKey<CallExpr>> normalized_;           ///< library calls put in order
  std::set<NodeKey<CallExpr>> libraryMethods_;       ///< x.argsort() made np.argsort(x)
  /// Percentile calls whose method= (or interpolation=) became the keyword
  /// `_llcc_method` holding the method's number (SemaQuantileMethod.cpp).
  std::map<NodeKey<CallExpr>, int> quantileMethods_;
  std::map<NodeKey<CallExpr>, int> uniqueFlags_;     ///< np.unique calls: return_* bits
  /// enumerate/zip/reversed calls given to len() or a numpy function,
  /// which do not iterate them: the consumer, for the error's hint.
  std::map<NodeKey<CallExpr>, std::string> iteratorConsumers_;
  std::set<NodeKey<CallExpr>> asarrayCalls_;         ///< np.asarray calls, typed as np.array
  std::map<NodeKey<CallExpr>, int> uniquePart_;      ///< np.unique calls: which function
  std::map<NodeKey<CallExpr>, bool> normalizedOk_;   ///< ... and without errors
  std::map<NodeKey<CallExpr>, std::vector<std::pair<SourceLoc, std::string>>>
      normalizeErrors_; ///< ... or with these
  std::set<NodeKey<FunctionDef>> usedLibrary_;       ///< library functions called
  std::map<NodeKey<FunctionDef>, std::vector<FunctionDef *>> libraryVersions_; ///< by first version
  std::map<NodeKey<FunctionDef>, FunctionDef *> libraryVersionBase_; ///< a copy's first version
  std::map<NodeKey<CallExpr>, FunctionDef *> libraryVersionOf_;      ///< each call's version
  std::vector<std::unique_ptr<FunctionDef>> pendingLibrary_;        ///< copies made this round
  std::vector<std::unique_ptr<FunctionDef>> droppedLibrary_;        ///< versions never called
  std::map<NodeKey<CallExpr>, size_t> histogramPart_; ///< np.histogram calls: which part
  /// np.select calls with a list name lowerSelectLists kept: why.
  std::map<NodeKey<CallExpr>, std::string> selectListWhy_;
  /// np.outer calls of two 1-D arrays of run-time lengths (SemaOuter.cpp).
  std::set<NodeKey<CallExpr>> runtimeOuters_;
  bool usesSets_ = false; ///< a set was typed: its iteration needs stdlib/sets.flt
  /// A set operator that copies a table (|, -, ^, set(s)) was typed: it
  /// needs _llcc_set_combine (stdlib/sets.flt).
  bool usesSetCombine_ = false;
  bool allowFString_ = false;         ///< typing a message or print argument
  std::set<NodeKey<FunctionDef>> raising_;       ///< functions with a raise statement
  std::set<NodeKey<FunctionDef>> integrandLike_; ///< undecorated `def f(x, ...)`, not yet noted
};

} // namespace sema
} // namespace llcc
