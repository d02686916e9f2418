//===- SemaExpr.cpp - Typing of expressions --------------------------------===//
//
// The expression half of Sema: resolves each name (local, constant,
// function, module, builtin), types operators with Python's promotion
// rules (bool < int < float, true division gives float, int ** negative
// literal gives float), and types calls of helpers and builtins. The same
// code runs in the inference rounds (silently) and in the final reporting
// walk.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

void Sema::requireNumeric(Expr &e, Type t, const char *context) {
  if (t == Type::Unknown || isNumeric(t))
    return;
  if (isArray(t))
    error(e.loc(), std::string("an array cannot be ") + context +
                       " here; index it (values[i]) or reduce it (min(values), len(values))");
  else
    error(e.loc(), std::string("a ") + typeName(t) + " cannot be " + context + " here");
}

void Sema::requireTruthy(Expr &e, Type t) {
  if (isList(t) || isHashContainer(t) || t == Type::TupleList || t == Type::Str)
    return; // Python: true when not empty
  if (isArray(t))
    error(e.loc(), "the truth value of an array is ambiguous (numpy raises here); compare "
                   "len(values) or the elements instead");
  else if (t != Type::Unknown && !isNumeric(t))
    requireNumeric(e, t, "tested");
}

bool swapVectorMatrix(ExprPtr &a, ExprPtr &b); // v @ w as w.T @ v (SemaWindowCalls.cpp)

/// Whether `fn` can only end by raising: its body's last statement is a
/// raise and no statement returns (CPython's NoReturn helpers,
/// `def fail(k): raise KeyError(k)`).
bool neverReturns(FunctionDef &fn) {
  if (fn.body.empty() || !isa<RaiseStmt>(fn.body.back().get()))
    return false;
  bool returns = false;
  std::function<void(Block &)> visit = [&](Block &b) {
    for (StmtPtr &s : b) {
      returns |= s && isa<ReturnStmt>(s.get());
      if (s)
        forEachChildBlock(*s, visit);
    }
  };
  visit(fn.body);
  return !returns;
}


namespace {
/// Marks the `and`/`or` of a tested expression, down through its operands
/// (whose values are only tested too).
void markTruthTests(Expr &e) {
  if (auto *b = dyn_cast<BinaryExpr>(&e); b && (b->op == BinaryOp::And || b->op == BinaryOp::Or)) {
    b->truthTest = true;
    markTruthTests(*b->lhs);
    markTruthTests(*b->rhs);
  }
}
} // namespace

void Sema::typeOfTest(Expr &e) {
  markTruthTests(e);
  requireTruthy(e, typeOf(e));
}

Type Sema::typeOf(Expr &e) {
  Type t = Type::Unknown;
  switch (e.kind()) {
  case Expr::Kind::IntLiteral:
    if (cast<IntLiteralExpr>(e).overflow)
      error(e.loc(), "integer literal too large: llcc integers are 64-bit");
    t = Type::Int;
    break;
  case Expr::Kind::FloatLiteral:
    t = Type::Float;
    break;
  case Expr::Kind::BoolLiteral:
    t = Type::Bool;
    break;
  case Expr::Kind::NoneLiteral:
    error(e.loc(), "None is not supported as a value; return a number (e.g. np.nan)");
    t = Type::Unknown;
    break;
  case Expr::Kind::StringLiteral:
    t = Type::Str;
    break;
  case Expr::Kind::FString:
    t = typeOfFString(cast<FStringExpr>(e));
    break;
  case Expr::Kind::Name:
    t = typeOfName(cast<NameExpr>(e));
    break;
  case Expr::Kind::Attribute:
    t = typeOfAttribute(cast<AttributeExpr>(e));
    break;
  case Expr::Kind::Unary: {
    auto &u = cast<UnaryExpr>(e);
    if (u.op == UnaryExpr::Op::Not)
      markTruthTests(*u.operand);
    Type o = typeOf(*u.operand);
    if (o == Type::Unknown)
      break;
    if ((isList(o) || o == Type::TupleList || isHashContainer(o) || o == Type::Str) &&
        u.op == UnaryExpr::Op::Not) {
      t = Type::Bool; // true when empty
      break;
    }
    if (isList(o) && u.op != UnaryExpr::Op::Not) {
      error(e.loc(), "a list has no unary operators in Python; use np.array(a)");
      break;
    }
    if (isArray(o) && u.op != UnaryExpr::Op::Not && isCoordsSequence(*u.operand)) {
      error(e.loc(), "output_coords is a tuple in CPython, which has no unary operators; use "
                     "np.array(output_coords) for elementwise arithmetic");
      break;
    }
    if (isArray(o)) {
      // numpy: -a and +a are arrays, ~mask a mask; `not a` needs one truth value.
      if (u.op == UnaryExpr::Op::Not)
        requireTruthy(*u.operand, o);
      else if (u.op == UnaryExpr::Op::Invert)
        // numpy's invert: logical not of a mask, ~x (-x - 1) of int64.
        t = o == Type::BoolArray || o == Type::IntArray ? o : Type::Unknown;
      else
        t = o == Type::IntArray ? Type::IntArray : Type::FloatArray;
      if (u.op == UnaryExpr::Op::Invert && t == Type::Unknown)
        error(e.loc(), "'~' of a float array raises TypeError in numpy (ufunc 'invert' is not "
                       "supported for float64); use it on a boolean mask or an int array");
      break;
    }
    if (!isNumeric(o)) {
      requireNumeric(*u.operand, o, "used");
      break;
    }
    if (u.op == UnaryExpr::Op::Invert || u.op == UnaryExpr::Op::Neg)
      noteBoolKindUse(*u.operand, nullptr, e.loc(), u.op == UnaryExpr::Op::Neg ? "-" : "~");
    switch (u.op) {
    case UnaryExpr::Op::Not:
      t = Type::Bool;
      break;
    case UnaryExpr::Op::Neg:
      t = o == Type::Bool ? Type::Int : o; // -numpy.bool_ raises (codegen)
      break;
    case UnaryExpr::Op::Pos:
    case UnaryExpr::Op::Invert:
      if (u.op == UnaryExpr::Op::Invert && o == Type::Float)
        error(e.loc(), "bad operand type for unary ~: 'float'");
      // numpy: +b is b and ~b is logical not, both numpy.bool_; Python's
      // +True and ~True are the ints 1 and -2.
      if (o == Type::Bool && u.operand->mayBeNumpy)
        t = Type::Bool;
      else
        t = u.op == UnaryExpr::Op::Pos ? (o == Type::Bool ? Type::Int : o) : Type::Int;
      break;
    }
    break;
  }
  case Expr::Kind::Binary:
    t = typeOfBinary(cast<BinaryExpr>(e));
    break;
  case Expr::Kind::Compare: {
    auto &c = cast<CompareExpr>(e);
    rewriteDtypeCompare(c); // values.dtype == np.float64 (SemaDtype.cpp)
    if (typeOfSpecialCompare(c, t))
      break;
    bool membership = false;
    for (CompareOp op : c.ops)
      membership |= op == CompareOp::In || op == CompareOp::NotIn;
    if (membership) {
      t = typeOfMembership(c);
      break;
    }
    bool anyArray = false, anyNdarray = false, anyList = false, anyTuple = false;
    bool anyUnknown = false, anySet = false;
    for (size_t i = 0; i < c.operands.size(); ++i) {
      Type o = typeOf(*c.operands[i]);
      anyUnknown |= o == Type::Unknown;
      anySet |= o == Type::Set;
      if (o == Type::Set)
        continue;
      if (o == Type::Tuple) {
        anyTuple = true;
        continue;
      }
      anyList |= isList(o);
      anyNdarray |= isNdarray(o);
      if (isArray(o))
        anyArray = true;
      else
        requireNumeric(*c.operands[i], o, "compared");
    }
    if (anySet) {
      t = anyUnknown ? Type::Unknown : typeOfSetCompare(c); // SemaSetOps.cpp
      break;
    }
    if (anyTuple) {
      t = typeOfTupleCompare(c); // (dy, dx) == (0, 0)
      break;
    }
    if (anyList && !anyNdarray) {
      error(e.loc(), "comparing a list compares it as a whole in Python; use np.array(a) for "
                     "elementwise comparison");
      break;
    }
    if (anyArray && c.ops.size() > 1)
      error(e.loc(), "a chained comparison of arrays needs the truth value of an array (numpy "
                     "raises); combine masks with & instead: (a < b) & (b < c)");
    for (CompareOp op : c.ops) {
      if (op == CompareOp::Is || op == CompareOp::IsNot)
        error(e.loc(), "'is' compares object identity, which numbers do not have in llcc; use "
                       "'==' or '!='");
      else if (op == CompareOp::In || op == CompareOp::NotIn)
        error(e.loc(), "'in' and 'not in' are supported alone, not in a chain of comparisons");
    }
    // An operand not typed yet (a parameter bound later in the fixpoint)
    // may be an array: the comparison is a bool only once none is unknown.
    t = anyArray ? Type::BoolArray : anyUnknown ? Type::Unknown : Type::Bool;
    break;
  }
  case Expr::Kind::IfExp: {
    auto &i = cast<IfExpExpr>(e);
    typeOfTest(*i.cond);
    Type a = typeOf(*i.thenExpr);
    Type b = typeOf(*i.elseExpr);
    // `0 if how == "mean" else fail(how)` of a helper that only raises:
    // the call never gives a value, so it takes the other arm's kind.
    // The helper is typed as returning that kind (its value is never made).
    auto adopt = [&](Expr &arm, Type &mine, Type other) {
      auto *c = dyn_cast<CallExpr>(&arm);
      if (mine != Type::Unknown || !c || !c->target || !c->builtin.empty() ||
          c->target->isLibrary || !(isNumeric(other) || other == Type::Str) ||
          !neverReturns(*c->target))
        return;
      FunctionDef &f = *c->target;
      Type j = f.returnType == Type::Unknown ? other : join(f.returnType, other);
      if (j != f.returnType) {
        f.returnType = j;
        changed_ = true;
      }
      mine = arm.type = j;
    };
    adopt(*i.thenExpr, a, b);
    adopt(*i.elseExpr, b, a);
    if (a == Type::Tuple && b == Type::Tuple && i.thenExpr->shape && i.elseExpr->shape) {
      // `(a, b) if a < b else (b, a)`: a tuple holding either.
      ShapeRef joined;
      if (joinShapes(i.thenExpr->shape, i.elseExpr->shape, joined)) {
        e.shape = joined;
        t = Type::Tuple;
        break;
      }
      error(e.loc(), "the two tuples of this conditional expression differ in length or shape "
                     "(" + describeShape(a, i.thenExpr->shape) + " and " +
                         describeShape(b, i.elseExpr->shape) + "); choose between tuples of "
                         "one shape");
      break;
    }
    if (a == Type::Str && b == Type::Str) { // `"hi" if c > t else "lo"`: one of two strs
      t = Type::Str;
      break;
    }
    // Arrays and containers are chosen by statements: `d = a if c else b`
    // and `return a if c else b` become if statements (SemaStmt.cpp).
    // Until then the choice has its first array arm's shape, so that the
    // variable it is stored in is typed as the statement form types it
    // (the if statement joins the two arms' shapes, and says when they
    // differ).
    if (isArray(a) || isArray(b))
      e.shape = isArray(a) ? i.thenExpr->shape : i.elseExpr->shape;
    bool reported = false;
    for (auto [arm, at] : {std::pair<Expr *, Type>{i.thenExpr.get(), a}, {i.elseExpr.get(), b}})
      if (isArray(at) || isHashContainer(at) || at == Type::TupleList) {
        if (!reported)
          error(arm->loc(), std::string("a ") + (isArray(at) ? "list or array" : typeName(at)) +
                                " can be chosen by a conditional expression only as the whole "
                                "value of an assignment or a return in llcc; assign the choice "
                                "to a name first (d = a if c else b)");
        reported = true;
      } else {
        requireNumeric(*arm, at, "chosen");
      }
    t = join(a, b);
    break;
  }
  case Expr::Kind::Call:
    t = typeOfCall(cast<CallExpr>(e));
    break;
  case Expr::Kind::Subscript:
    t = typeOfSubscript(cast<SubscriptExpr>(e));
    break;
  case Expr::Kind::Tuple:
    t = typeOfTuple(cast<TupleExpr>(e));
    break;
  case Expr::Kind::List: {
    if (Type lt; typeOfArrayListDisplay(cast<ListExpr>(e), lt) ||
                 typeOfTupleListDisplay(cast<ListExpr>(e), lt)) {
      t = lt;
      break;
    }
    // A list of numbers: `[a, b, c]`, or `[x] * n` (typed in typeOfBinary).
    // The elements' kind: a list of ints unless some element may be a float.
    bool ok = true;
    Type elems = Type::Int;
    for (auto &el : cast<ListExpr>(e).elements) {
      Type et = typeOf(*el);
      if (et != Type::Unknown && !isNumeric(et)) {
        error(el->loc(), isList(et) && isa<ListExpr>(el.get())
                             ? "lists hold numbers, arrays or tuples of numbers; a list of "
                               "lists is a table only when it is assigned once and then only "
                               "read (K[i][j], for row in K, len, sum): make each row an array "
                               "(np.array([...]) or a slice values[i:j]) for a list of arrays"
                             : "lists hold numbers only");
        ok = false;
      }
      if (et == Type::Unknown)
        ok = false;
      else if (!isIntegral(et))
        elems = Type::Float;
    }
    t = ok ? (elems == Type::Int ? Type::IntList : Type::FloatList) : Type::Unknown;
    break;
  }
  case Expr::Kind::Comprehension:
    t = typeOfComprehension(cast<ComprehensionExpr>(e));
    break;
  case Expr::Kind::Lambda:
    error(e.loc(), "a lambda is supported as the key= argument of min, max and sorted, given "
                   "to map or filter, or assigned once to a name in a function (f = lambda x: "
                   "...); for anything else write a def helper");
    break;
  case Expr::Kind::Dict:
    t = typeOfDictDisplay(cast<DictExpr>(e));
    break;
  case Expr::Kind::Set:
    t = typeOfSetDisplay(cast<SetExpr>(e));
    break;
  case Expr::Kind::Slice:
    error(e.loc(), "a slice is only allowed as the index of an array, as in a[i:j]");
    break;
  }
  e.type = t;
  usesSets_ |= t == Type::Set; // its iteration calls stdlib/sets.flt
  e.mayBeNumpy = mayBeNumpy(e);
  if (isNdarray(t))
    propagateShape(e);
  checkBlockUses(e);
  return t;
}

bool Sema::mayBeNumpy(const Expr &e) {
  auto any = [](const auto &exprs) {
    for (const auto &x : exprs)
      if (x && x->mayBeNumpy)
        return true;
    return false;
  };
  if (e.type == Type::IntArray)
    return intArrayMayBeNumpy(e); // output_coords holds Python ints
  if (e.type == Type::Dict && e.kind() != Expr::Kind::Name && e.kind() != Expr::Kind::IfExp)
    return dictMayBeNumpy(e);
  switch (e.kind()) {
  case Expr::Kind::Name: {
    auto &n = cast<NameExpr>(e);
    if (n.ref == NameRef::Constant) {
      // LN2 = np.log(2.0) is a numpy.float64 (SemaConstFold.cpp).
      const Constant &c = module_.constants[static_cast<size_t>(n.constIndex)];
      return isNumeric(c.type) && c.value && c.value->mayBeNumpy;
    }
    return n.ref == NameRef::Local && fn_ && n.localIndex >= 0 &&
           fn_->locals[n.localIndex].mayBeNumpy;
  }
  case Expr::Kind::Unary: {
    // `not x` is a Python bool whatever x is; -x, +x, ~x keep x's kind.
    auto &u = cast<UnaryExpr>(e);
    return u.op != UnaryExpr::Op::Not && u.operand->mayBeNumpy;
  }
  case Expr::Kind::Compare: {
    // A comparison with a numpy operand is a numpy.bool_ (`values[i] > t`),
    // whose ~, -, + and arithmetic differ from a Python bool's (see
    // numpyBoolArithmetic). `in`, `is` and tuple comparisons are Python
    // bools.
    auto &c = cast<CompareExpr>(e);
    if (e.type != Type::Bool)
      return false;
    for (CompareOp op : c.ops)
      if (op == CompareOp::In || op == CompareOp::NotIn || op == CompareOp::Is ||
          op == CompareOp::IsNot)
        return false;
    for (auto &x : c.operands)
      if (x->type == Type::Tuple)
        return false;
    return any(c.operands);
  }
  case Expr::Kind::Binary: {
    auto &b = cast<BinaryExpr>(e);
    // A repeated list's elements are its own; the count is no element.
    if (isList(e.type) && b.op == BinaryOp::Mul)
      return (isList(b.lhs->type) ? b.lhs : b.rhs)->mayBeNumpy;
    return b.lhs->mayBeNumpy || b.rhs->mayBeNumpy;
  }
  case Expr::Kind::IfExp: {
    auto &i = cast<IfExpExpr>(e);
    return i.thenExpr->mayBeNumpy || i.elseExpr->mayBeNumpy;
  }
  case Expr::Kind::Subscript: {
    // Elements of numpy arrays are numpy scalars; a list's or dict's are
    // what was stored (the container's own flag says whether that may be
    // numpy); a tuple's are what was put in it (SemaNumpyKinds.cpp).
    auto &s = cast<SubscriptExpr>(e);
    int64_t k;
    if (s.value->type == Type::Tuple && s.value->shape && intConstant(s.index.get(), k)) {
      auto n = static_cast<int64_t>(s.value->shape->members.size());
      if (k >= -n && k < n)
        return s.value->shape->memberNumpy[static_cast<size_t>(k < 0 ? k + n : k)];
    }
    if (s.value->type == Type::Dict)
      return s.value->mayBeNumpy; // what the dict holds
    return elementsMayBeNumpy(*s.value);
  }
  case Expr::Kind::Tuple:
    return any(cast<TupleExpr>(e).elements);
  case Expr::Kind::List:
    return any(cast<ListExpr>(e).elements);
  case Expr::Kind::Comprehension:
    return cast<ComprehensionExpr>(e).element->mayBeNumpy;
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(e);
    if (bool numpy; c.target && libraryResultKind(c, numpy))
      return numpy; // statistics.fmean is a Python float whatever its data
    if (c.target && c.builtin.empty())
      return c.target->returnMayBeNumpy;
    const std::string &name = c.builtin;
    // math.* and float() return Python floats, round(x), len() and
    // np.count_nonzero/np.size/np.ndim Python ints; numpy functions,
    // reductions and methods numpy scalars; min, max, abs, round(x, n), pow
    // keep their arguments' kind (min/max/sum of one array return its
    // elements); math.prod multiplies from the int 1, so a product of numpy
    // elements is one too (difftest seed 32497), as sum adds from 0.
    if (name == "str.float" || name == "str.int") // float(s), int(s): Python numbers
      return false;
    if ((name == "round" && c.args.size() == 1) || name == "method.tolist")
      return false; // a Python int; a.tolist()'s elements are Python numbers
    if (name.rfind("bin.", 0) == 0) // bin(n).count("1") is a Python int
      return false;
    if (name == "method.keys") // d.keys(): what the dict's keys are
      if (auto *a = dyn_cast<AttributeExpr>(c.callee.get()))
        return elementsMayBeNumpy(*a->value);
    if (name == "method.values" || name == "method.get") { // what the dict holds
      auto *a = dyn_cast<AttributeExpr>(c.callee.get());
      return !a || a->value->type != Type::Dict || a->value->mayBeNumpy ||
             (name == "method.get" && any(c.args));
    }
    if (name.rfind("scalar.", 0) == 0) // values[i].item() is a Python float
      return scalarMethodIsNumpy(c);
    if (libraryResultIsPythonFloat(c))
      return false;
    if ((name.rfind("math.", 0) == 0 && name != "math.prod") || name == "float" || name == "int" ||
        name == "len" || name == "isinstance" || name == "bool" || name == "any" || name == "all" ||
        name == "numpy.count_nonzero" || name == "numpy.size" || name == "numpy.ndim")
      return false;
    if (name == "abs" && c.args.size() == 1)
      return c.args[0]->mayBeNumpy; // abs(x) keeps x's kind (not an iterable's)
    // max(d, key=d.get) of a dict keyed by strs is a str (an int here),
    // so a comparison of it is a Python bool (True + True == 2).
    if ((name == "min" || name == "max") && c.args.size() == 1 && fn_)
      if (auto *n = dyn_cast<NameExpr>(c.args[0].get()); n && fn_->strKeyDicts.count(n->name))
        return false;
    if (name == "min" || name == "max" || name == "abs" || name == "round" || name == "pow" ||
        name == "sum" || name == "sorted" || name == "list" || name == "math.prod")
      return c.args.size() == 1 ? elementsMayBeNumpy(*c.args[0]) : any(c.args);
    return true;
  }
  default:
    return false; // literals, constants
  }
}

Type Sema::typeOfName(NameExpr &e) {
  if (e.name == "...") {
    error(e.loc(), "'...' (Ellipsis) is not supported here");
    return Type::Unknown;
  }
  if (!inConstant_) {
    auto it = locals_.find(e.name);
    if (it != locals_.end()) {
      e.ref = NameRef::Local;
      e.localIndex = it->second;
      e.shape = fn_->locals[it->second].shape;
      return fn_->locals[it->second].type;
    }
    // `e` of an enclosing `except ... as e`: its text, in a message only.
    if (auto r = exceptionReads_.find(&e); r != exceptionReads_.end()) {
      e.ref = NameRef::Local;
      e.localIndex = r->second;
      e.shape = nullptr;
      return Type::Str;
    }
    if (exceptClauseNamed(e.name)) {
      error(e.loc(), "'" + e.name + "' is the exception of 'except ... as " + e.name +
                         "'; llcc reads it only as the text of a message (f\"...{" + e.name +
                         "}\", str(" + e.name + "), print(" + e.name + "), raise ValueError(" +
                         e.name + "), type(" + e.name + ").__name__)");
      return Type::Unknown;
    }
  }
  if (FunctionDef *nested = inConstant_ ? nullptr : nestedFunction(fn_, e.name)) {
    e.ref = NameRef::Function;
    e.function = nested;
    return Type::Function;
  }
  if (fn_ && fn_->isLibrary && (e.name == "np" || e.name == "math")) {
    // The standard library names numpy and math whatever the program imports.
    e.ref = NameRef::Module;
    e.qualifiedName = e.name == "np" ? "numpy" : "math";
    return Type::Module;
  }
  auto c = constants_.find(e.name);
  if (c != constants_.end()) {
    e.ref = NameRef::Constant;
    e.constIndex = c->second;
    e.shape = module_.constants[c->second].shape;
    return module_.constants[c->second].type;
  }
  auto f = functions_.find(e.name);
  if (f != functions_.end()) {
    e.ref = NameRef::Function;
    e.function = f->second;
    return Type::Function;
  }
  auto m = moduleAliases_.find(e.name);
  if (m != moduleAliases_.end()) {
    e.ref = NameRef::Module;
    e.qualifiedName = m->second;
    return Type::Module;
  }
  auto from = fromNames_.find(e.name);
  if (from != fromNames_.end()) {
    double value;
    e.ref = NameRef::Builtin;
    e.qualifiedName = from->second;
    if (findBuiltinConstant(from->second, value))
      return Type::Float;
    return Type::Function;
  }
  if (findBuiltinFunction(e.name)) {
    e.ref = NameRef::Builtin;
    e.qualifiedName = e.name;
    return Type::Function;
  }
  if (e.name == "np" || e.name == "numpy" || e.name == "math") {
    error(e.loc(), "name '" + e.name + "' is not defined; add 'import " +
                       (e.name == "math" ? std::string("math") : std::string("numpy as np")) +
                       "' at the top of the file");
    return Type::Unknown;
  }
  std::string builtin = unsupportedBuiltin(e.name);
  if (!builtin.empty()) {
    error(e.loc(), builtin);
    return Type::Unknown;
  }
  if (std::find(exceptNames_.begin(), exceptNames_.end(), e.name) != exceptNames_.end()) {
    error(e.loc(), "'" + e.name + "' is the exception of 'except ... as " + e.name +
                       "', which llcc does not pass to a nested function or lambda; format it "
                       "in the except clause itself");
    return Type::Unknown;
  }
  if (!dictConstants_.count(e.name)) // else refused in SemaDictConstants.cpp
    error(e.loc(), "name '" + e.name + "' is not defined" + suggestName(e.name));
  return Type::Unknown;
}

/// `np.linalg.norm` is the member `linalg.norm` of numpy: a submodule
/// reached through a numpy alias is folded into the attribute's name before
/// typing, so that the rest of Sema sees a module member like any other
/// (`import numpy.linalg as la` gives the alias the submodule instead).
void Sema::foldSubmodule(AttributeExpr &a) {
  auto *inner = dyn_cast<AttributeExpr>(a.value.get());
  auto *base = inner ? dyn_cast<NameExpr>(inner->value.get()) : nullptr;
  if (!base || locals_.count(base->name))
    return;
  auto it = moduleAliases_.find(base->name);
  if (it == moduleAliases_.end() || !isKnownModule(it->second + "." + inner->attr))
    return;
  a.attr = inner->attr + "." + a.attr;
  a.value = std::move(inner->value); // frees `inner`, whose value is moved out
}

Type Sema::typeOfAttribute(AttributeExpr &e) {
  if (Type t; typeOfFloatInfo(e, t)) // np.finfo(float).eps, sys.float_info.max (SemaDtype.cpp)
    return t;
  foldSubmodule(e);
  Type base = typeOf(*e.value);
  if (base == Type::Module) {
    auto &mod = cast<NameExpr>(*e.value).qualifiedName;
    std::string q = mod + "." + e.attr;
    e.qualifiedName = q;
    double value;
    if (findBuiltinConstant(q, value))
      return Type::Float;
    if (findBuiltinFunction(q))
      return Type::Function;
    auto *alias = dyn_cast<NameExpr>(e.value.get());
    if (mod == "sys") {
      error(e.loc(), "llcc reads only sys.float_info from sys, as sys.float_info.epsilon, .max, "
                     ".min, .dig, .mant_dig, .max_exp, .min_exp, .max_10_exp, .min_10_exp or "
                     ".radix (numbers known when compiling)");
      return Type::Unknown;
    }
    if (q == "numpy.nonzero") {
      error(e.loc(), "'" + q + "' is supported only as np.nonzero(a)[0] of a 1-D array (the "
                     "indices of its nonzero elements); np.flatnonzero(a) is the same");
      return Type::Unknown;
    }
    if (q == "numpy.vander") {
      error(e.loc(), "'numpy.vander' builds a 2-D matrix whose shape is known only at run time "
                     "(for a least-squares fit, with np.linalg), which llcc does not compile; "
                     "compute the powers of x in a loop, or the fit's sums directly");
      return Type::Unknown;
    }
    if (q == "numpy.argwhere") {
      error(e.loc(), "'" + q + "' of a 1-D array is supported only with its column taken at "
                     "once: np.argwhere(a)[:, 0], np.argwhere(a).ravel() or "
                     "len(np.argwhere(a)); np.flatnonzero(a) gives the same indices");
      return Type::Unknown;
    }
    static const char *const Stacks[] = {"numpy.stack", "numpy.vstack", "numpy.hstack",
                                         "numpy.column_stack", "numpy.row_stack",
                                         "numpy.dstack"};
    for (const char *stack : Stacks)
      if (q == stack) {
        error(e.loc(), "'" + q + "' is not supported: np.concatenate and np.hstack join "
                       "arrays written out in a tuple or list, and np.stack, np.vstack and "
                       "np.column_stack of 1-D arrays make a 2-D one");
        return Type::Unknown;
      }
    error(e.loc(), notSupportedMember(mod, alias ? alias->name : mod, e.attr));
    return Type::Unknown;
  }
  if (isArray(base)) {
    Type out;
    if (typeOfArrayAttribute(e, base, out))
      return out;
    if (e.attr == "size")
      return Type::Int;
    if (e.attr == "shape")
      return Type::Tuple; // only as `a.shape[0]`, checked by the subscript
    if (e.attr == "dtype") {
      error(e.loc(), "an array's dtype is supported in comparisons (values.dtype == np.float64), "
                     "np.issubdtype(values.dtype, np.floating), np.finfo(values.dtype) and "
                     "f-string fields; llcc has no dtype objects");
      return Type::Unknown;
    }
    error(e.loc(),
          "array attribute '." + e.attr + "' is not supported; use len(a), a.size or a.shape[0]");
    return Type::Unknown;
  }
  if (base != Type::Unknown)
    error(e.loc(), std::string("a ") + typeName(base) + " has no attribute '" + e.attr + "'");
  return Type::Unknown;
}

/// numpy's rules for two bools of which one at least is a numpy.bool_ (a
/// comparison of numpy values, np.isnan(v)): + is logical or and * logical
/// and, both numpy.bool_; - raises TypeError (codegen); / is float64 with
/// numpy's inf and nan; //, %, **, << and >> give numpy.int8, which llcc
/// does not model, so they are refused. False when the rules do not apply.
bool Sema::numpyBoolArithmetic(BinaryOp op, const Expr &lhs, const Expr &rhs, SourceLoc loc,
                               Type &result) {
  if (lhs.type != Type::Bool || rhs.type != Type::Bool || !(lhs.mayBeNumpy || rhs.mayBeNumpy))
    return false;
  switch (op) {
  case BinaryOp::Add:
  case BinaryOp::Sub:
  case BinaryOp::Mul:
  case BinaryOp::BitAnd:
  case BinaryOp::BitOr:
  case BinaryOp::BitXor:
  case BinaryOp::And:
  case BinaryOp::Or:
    result = Type::Bool;
    return true;
  case BinaryOp::Div:
    result = Type::Float;
    return true;
  case BinaryOp::FloorDiv:
  case BinaryOp::Mod:
  case BinaryOp::Pow:
  case BinaryOp::LShift:
  case BinaryOp::RShift:
    error(loc, std::string("'") + binaryOpSpelling(op) +
                   "' of two bools where one is a numpy.bool_ (a comparison of numpy values) "
                   "gives a numpy.int8, which llcc does not model; convert first: int(a) " +
                   binaryOpSpelling(op) + " int(b)");
    result = Type::Int;
    return true;
  case BinaryOp::MatMul:
    return false;
  }
  return false;
}

/// numpy's bitwise ufuncs on arrays: &, |, ^ of two masks (or a mask and a
/// bool) are masks; with an int array or an int they are int64, as are <<
/// and >> (local binary patterns: `bits << np.arange(8)`). Floats raise
/// TypeError in numpy; two bools shifted give int8, which llcc does not
/// model.
Type Sema::typeOfArrayBits(BinaryExpr &e, Type a, Type b) {
  std::string op = binaryOpSpelling(e.op);
  bool shift = e.op == BinaryOp::LShift || e.op == BinaryOp::RShift;
  auto isBool = [](Type t) { return t == Type::BoolArray || t == Type::Bool; };
  auto integral = [&](Type t) { return t == Type::IntArray || isBool(t) || isIntegral(t); };
  if (isBool(a) && isBool(b) && !shift)
    return Type::BoolArray;
  if (!integral(a) || !integral(b)) {
    static const std::map<BinaryOp, std::string> ufunc = {{BinaryOp::BitAnd, "bitwise_and"},
                                                          {BinaryOp::BitOr, "bitwise_or"},
                                                          {BinaryOp::BitXor, "bitwise_xor"},
                                                          {BinaryOp::LShift, "left_shift"},
                                                          {BinaryOp::RShift, "right_shift"}};
    error(e.loc(),
          "'" + op + "' of a float array raises TypeError in numpy (ufunc '" + ufunc.at(e.op) +
              "' is not supported for float64); convert first: " + "a.astype(int) " + op + " b");
    return Type::Unknown;
  }
  if (isBool(a) && isBool(b)) {
    error(e.loc(), "'" + op +
                       "' of two booleans gives an int8 array in numpy, which llcc does "
                       "not model; convert first: a.astype(int) " +
                       op + " b");
    return Type::Unknown;
  }
  return Type::IntArray;
}

Type Sema::typeOfBinary(BinaryExpr &e) {
  Type a = typeOf(*e.lhs);
  Type b = typeOf(*e.rhs);
  if (a == Type::Unknown || b == Type::Unknown)
    return Type::Unknown;
  // `while stack and stack[-1] > v:`: where only the truth of `and`/`or`
  // matters, a list, dict or set operand is its truth, `not not stack`
  // (the operand is evaluated as CPython does, once, and the right one
  // only when the left does not decide).
  if (e.truthTest) {
    auto truthOf = [&](ExprPtr &side, Type &t) {
      if (!isList(t) && t != Type::TupleList && !isHashContainer(t) && t != Type::Str)
        return;
      SourceLoc at = side->loc();
      auto inner = std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, std::move(side));
      side = std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, std::move(inner));
      t = typeOf(*side);
    };
    truthOf(e.lhs, a);
    truthOf(e.rhs, b);
  }
  if (a == Type::Str && e.op == BinaryOp::Mod && percentRefused_.count(&e))
    return Type::Str; // reported by percentToFString
  if (a == Type::Str && e.op == BinaryOp::Mod) {
    error(e.loc(), "'%' formatting of a str (printf-style) is supported on a str literal as the "
                   "message of raise or assert or an argument of print(), as in raise "
                   "ValueError(\"only %d of %d\" % (k, n)); elsewhere write an f-string: "
                   "f\"{k:d} of {n:d}\"");
    return Type::Unknown;
  }
  // A tuple with an ndarray is an array to numpy (values * WEIGHTS); with
  // anything else, + and * would concatenate or repeat it.
  if (a == Type::Tuple || b == Type::Tuple) {
    bool withArray = (a == Type::Tuple && isNdarray(b)) || (b == Type::Tuple && isNdarray(a));
    if (!withArray) {
      error(e.loc(), std::string("'") + binaryOpSpelling(e.op) +
                         "' on a tuple is not arithmetic in Python; use np.array(T) for "
                         "elementwise arithmetic, or index its members");
      return Type::Unknown;
    }
    if (a == Type::Tuple && (a = tupleArrayType(*e.lhs)) == Type::Unknown)
      return Type::Unknown;
    if (b == Type::Tuple && (b = tupleArrayType(*e.rhs)) == Type::Unknown)
      return Type::Unknown;
  }
  // A transform's output_coords is a tuple in CPython (llcc's IntArray):
  // + would concatenate and * repeat it; with an ndarray it is an array.
  bool lhsCoords = isCoordsSequence(*e.lhs), rhsCoords = isCoordsSequence(*e.rhs);
  if ((lhsCoords || rhsCoords) && !(lhsCoords && isNdarray(b) && !rhsCoords) &&
      !(rhsCoords && isNdarray(a) && !lhsCoords)) {
    error(e.loc(), std::string("'") + binaryOpSpelling(e.op) +
                       "' on output_coords, a tuple in CPython, is not arithmetic; use "
                       "np.array(output_coords) for elementwise arithmetic, or index its members");
    return Type::Unknown;
  }
  // Python lists: `a + b` concatenates two lists into a new one, `a * n`
  // (or `n * a`) repeats one; with an ndarray, a list is an array to numpy.
  // Any other operator on a list is a TypeError in CPython.
  if (isList(a) || isList(b)) {
    if (e.op == BinaryOp::Add && isList(a) && isList(b))
      return a == Type::IntList && b == Type::IntList ? Type::IntList : Type::FloatList;
    bool repeat =
        e.op == BinaryOp::Mul && ((isList(a) && (isIntegral(b) || b == Type::IntOrFloat)) ||
                                  (isList(b) && (isIntegral(a) || a == Type::IntOrFloat)));
    if (repeat)
      return isList(a) ? a : b;
    if (!isNdarray(a) && !isNdarray(b)) {
      std::string op = binaryOpSpelling(e.op);
      std::string other = typeName(isList(a) ? b : a);
      if (e.op == BinaryOp::Add)
        error(e.loc(), "'+' of a list takes another list (concatenation) in Python, not '" + other +
                           "'; use np.array(a) for elementwise arithmetic");
      else if (e.op == BinaryOp::Mul)
        error(e.loc(), "'*' of a list takes an int (repetition) in Python, not '" + other +
                           "'; use np.array(a) for elementwise arithmetic");
      else if (e.op == BinaryOp::And || e.op == BinaryOp::Or)
        error(e.loc(), "'" + op +
                           "' with a list gives one of its operands (a list) as its value; llcc "
                           "takes that as a condition (while stack and stack[-1] > v:) or as "
                           "the whole value of an assignment or a return: assign the choice "
                           "to a name first (ys = xs or [0.0])");
      else
        error(e.loc(), "'" + op +
                           "' on a list is not arithmetic in Python; use np.array(a) "
                           "for elementwise arithmetic");
      return Type::Unknown;
    }
  }
  if (e.op == BinaryOp::MatMul && (isNdarray(a) || isNdarray(b))) {
    if (swapVectorMatrix(e.lhs, e.rhs))
      typeOf(*e.lhs); // v @ w as w.T @ v (SemaWindowCalls.cpp)
    return typeOfProduct(e, "dot", *e.lhs, *e.rhs);
  }
  if (isArray(a) || isArray(b)) {
    // Elementwise, with numbers broadcast. Arithmetic is float64; bitwise
    // operators combine boolean masks.
    if ((!isArray(a) && !isNumeric(a)) || (!isArray(b) && !isNumeric(b))) {
      error(e.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(e.op) +
                         ": '" + typeName(a) + "' and '" + typeName(b) + "'");
      return Type::Unknown;
    }
    switch (e.op) {
    case BinaryOp::And:
    case BinaryOp::Or:
      error(e.loc(), std::string("'") + binaryOpSpelling(e.op) +
                         "' needs the truth value of an array (numpy raises); use " +
                         (e.op == BinaryOp::And ? "&" : "|") + " on boolean masks");
      return Type::Unknown;
    case BinaryOp::BitAnd:
    case BinaryOp::BitOr:
    case BinaryOp::BitXor:
    case BinaryOp::LShift:
    case BinaryOp::RShift:
      return typeOfArrayBits(e, a, b);
    case BinaryOp::MatMul:
      error(e.loc(), std::string("'") + binaryOpSpelling(e.op) + "' of arrays is not supported");
      return Type::Unknown;
    default:
      break;
    }
    // Two masks (or a mask and a bool) stay bools in numpy: + is logical
    // or, * logical and; - raises TypeError, and //, %, ** give int8.
    bool boolA = a == Type::BoolArray || a == Type::Bool;
    bool boolB = b == Type::BoolArray || b == Type::Bool;
    if (boolA && boolB && e.op != BinaryOp::Div) {
      if (e.op == BinaryOp::Add || e.op == BinaryOp::Mul) {
        e.op = e.op == BinaryOp::Add ? BinaryOp::BitOr : BinaryOp::BitAnd;
        return Type::BoolArray;
      }
      std::string op = binaryOpSpelling(e.op);
      error(e.loc(), "'" + op + "' of two boolean masks " +
                         (e.op == BinaryOp::Sub ? "raises TypeError in numpy"
                                                : "gives an int8 array in numpy, which llcc does "
                                                  "not model") +
                         "; convert first: a.astype(int) " + op + " b");
      return Type::Unknown;
    }
    // numpy's power of ints is int64 by the same operand rule as `*`
    // (a negative exponent raises; IRGen's integer power loop).
    bool intPower = e.op == BinaryOp::Pow && intArrayArithmetic(BinaryOp::Mul, a, b);
    return intArrayArithmetic(e.op, a, b) || intPower ? Type::IntArray : Type::FloatArray;
  }
  if (a == Type::Str && b == Type::Str && e.op == BinaryOp::Add)
    return Type::Str; // built at run time (SemaStrValues.cpp)
  if ((a == Type::Str || b == Type::Str) && e.op == BinaryOp::Mul && a != b)
    return typeOfStrRepeat(e, a, b);
  if (a == Type::Set && b == Type::Set &&
      (e.op == BinaryOp::BitOr || e.op == BinaryOp::BitAnd || e.op == BinaryOp::Sub ||
       e.op == BinaryOp::BitXor))
    return typeOfSetOperator(e); // SemaSetOps.cpp
  if (a == Type::Dict && b == Type::Dict)
    return typeOfCounterOperator(e); // Counter(a) - Counter(b), SemaCounter.cpp
  if (!isNumeric(a) || !isNumeric(b)) {
    error(e.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(e.op) + ": '" +
                       typeName(a) + "' and '" + typeName(b) + "'");
    return Type::Unknown;
  }
  if (isArithmeticOp(e.op) && isNumeric(a) && isNumeric(b)) {
    noteBoolKindUse(*e.lhs, e.rhs.get(), e.loc(), binaryOpSpelling(e.op));
    noteBoolKindUse(*e.rhs, e.lhs.get(), e.loc(), binaryOpSpelling(e.op));
  }
  if (Type nb; numpyBoolArithmetic(e.op, *e.lhs, *e.rhs, e.loc(), nb))
    return nb;
  // Only a float that is a float on every path is rejected by the bitwise
  // operators here; one that may be an int is checked at run time.
  bool anyFloat = a == Type::Float || b == Type::Float;
  switch (e.op) {
  case BinaryOp::Add:
  case BinaryOp::Sub:
  case BinaryOp::Mul:
  case BinaryOp::FloorDiv:
  case BinaryOp::Mod:
    return arithmeticType(a, b);
  case BinaryOp::Div:
    return Type::Float;
  case BinaryOp::Pow:
    return powerType(a, b, e.rhs.get());
  case BinaryOp::And:
  case BinaryOp::Or:
    return join(a, b);
  case BinaryOp::BitAnd:
  case BinaryOp::BitOr:
  case BinaryOp::BitXor:
    if (anyFloat) {
      error(e.loc(),
            std::string("unsupported operand type for ") + binaryOpSpelling(e.op) + ": 'float'");
      return Type::Unknown;
    }
    return a == Type::Bool && b == Type::Bool ? Type::Bool : Type::Int;
  case BinaryOp::LShift:
  case BinaryOp::RShift:
    if (anyFloat) {
      error(e.loc(),
            std::string("unsupported operand type for ") + binaryOpSpelling(e.op) + ": 'float'");
      return Type::Unknown;
    }
    return Type::Int;
  case BinaryOp::MatMul:
    error(e.loc(), "'@' (matrix multiplication) is not supported");
    return Type::Unknown;
  }
  return Type::Unknown;
}

} // namespace sema
} // namespace llcc
