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
  if (isList(t) || isHashContainer(t))
    return; // Python: true when not empty
  if (isArray(t))
    error(e.loc(), "the truth value of an array is ambiguous (numpy raises here); compare "
                   "len(values) or the elements instead");
  else if (t != Type::Unknown && !isNumeric(t))
    requireNumeric(e, t, "tested");
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
    Type o = typeOf(*u.operand);
    if (o == Type::Unknown)
      break;
    if ((isList(o) || isHashContainer(o)) && u.op == UnaryExpr::Op::Not) {
      t = Type::Bool; // true when empty
      break;
    }
    if (isList(o) && u.op != UnaryExpr::Op::Not) {
      error(e.loc(), "a list has no unary operators in Python; use np.array(a)");
      break;
    }
    if (isArray(o)) {
      // numpy: -a and +a are arrays, ~mask a mask; `not a` needs one truth value.
      if (u.op == UnaryExpr::Op::Not)
        requireTruthy(*u.operand, o);
      else if (u.op == UnaryExpr::Op::Invert)
        t = o == Type::BoolArray ? Type::BoolArray : Type::Unknown;
      else
        t = o == Type::IntArray && u.op == UnaryExpr::Op::Neg ? Type::IntArray : Type::FloatArray;
      if (u.op == UnaryExpr::Op::Invert && o != Type::BoolArray)
        error(e.loc(), "'~' of a float array is not supported; use it on a boolean mask");
      break;
    }
    if (!isNumeric(o)) {
      requireNumeric(*u.operand, o, "used");
      break;
    }
    switch (u.op) {
    case UnaryExpr::Op::Not:
      t = Type::Bool;
      break;
    case UnaryExpr::Op::Neg:
    case UnaryExpr::Op::Pos:
      t = o == Type::Bool ? Type::Int : o;
      break;
    case UnaryExpr::Op::Invert:
      if (o == Type::Float)
        error(e.loc(), "bad operand type for unary ~: 'float'");
      t = Type::Int;
      break;
    }
    break;
  }
  case Expr::Kind::Binary:
    t = typeOfBinary(cast<BinaryExpr>(e));
    break;
  case Expr::Kind::Compare: {
    auto &c = cast<CompareExpr>(e);
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
    for (size_t i = 0; i < c.operands.size(); ++i) {
      Type o = typeOf(*c.operands[i]);
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
    t = anyArray ? Type::BoolArray : Type::Bool;
    break;
  }
  case Expr::Kind::IfExp: {
    auto &i = cast<IfExpExpr>(e);
    requireTruthy(*i.cond, typeOf(*i.cond));
    Type a = typeOf(*i.thenExpr);
    Type b = typeOf(*i.elseExpr);
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
    requireNumeric(*i.thenExpr, a, "chosen");
    requireNumeric(*i.elseExpr, b, "chosen");
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
    if (Type lt; typeOfArrayListDisplay(cast<ListExpr>(e), lt)) {
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
        error(el->loc(), "lists hold numbers only");
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
    error(e.loc(), "a lambda is supported as the key= argument of min, max and sorted; for "
                   "anything else write a def helper");
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
  e.mayBeNumpy = mayBeNumpy(e);
  if (isNdarray(t))
    propagateShape(e);
  return t;
}

bool Sema::mayBeNumpy(const Expr &e) {
  auto any = [](const auto &exprs) {
    for (const auto &x : exprs)
      if (x && x->mayBeNumpy)
        return true;
    return false;
  };
  switch (e.kind()) {
  case Expr::Kind::Name: {
    auto &n = cast<NameExpr>(e);
    return n.ref == NameRef::Local && fn_ && n.localIndex >= 0 &&
           fn_->locals[n.localIndex].mayBeNumpy;
  }
  case Expr::Kind::Unary:
    return cast<UnaryExpr>(e).operand->mayBeNumpy;
  case Expr::Kind::Binary: {
    auto &b = cast<BinaryExpr>(e);
    return b.lhs->mayBeNumpy || b.rhs->mayBeNumpy;
  }
  case Expr::Kind::IfExp: {
    auto &i = cast<IfExpExpr>(e);
    return i.thenExpr->mayBeNumpy || i.elseExpr->mayBeNumpy;
  }
  case Expr::Kind::Subscript: {
    // Elements of numpy arrays are numpy scalars; a list's are what was
    // stored (the list's own flag says whether that may be numpy); a
    // tuple's are what was put in it.
    auto &s = cast<SubscriptExpr>(e);
    if (s.value->type == Type::Tuple && s.value->shape) {
      int64_t k;
      auto n = static_cast<int64_t>(s.value->shape->members.size());
      bool any = false;
      for (bool np : s.value->shape->memberNumpy)
        any |= np;
      if (intConstant(s.index.get(), k) && k >= -n && k < n)
        return s.value->shape->memberNumpy[static_cast<size_t>(k < 0 ? k + n : k)];
      return any;
    }
    return isList(s.value->type) ? s.value->mayBeNumpy : true;
  }
  case Expr::Kind::Tuple:
    return any(cast<TupleExpr>(e).elements);
  case Expr::Kind::List:
    return any(cast<ListExpr>(e).elements);
  case Expr::Kind::Comprehension:
    return cast<ComprehensionExpr>(e).element->mayBeNumpy;
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(e);
    if (c.target && c.builtin.empty())
      return c.target->returnMayBeNumpy;
    const std::string &name = c.builtin;
    // math.* and float() return Python floats, round(x), len() and
    // np.count_nonzero/np.size/np.ndim Python ints; numpy functions,
    // reductions and methods numpy scalars; min, max, abs, round(x, n), pow
    // keep their arguments' kind (min/max/sum of one array return its
    // elements); math.prod multiplies from the int 1, so a product of numpy
    // elements is one too (difftest seed 32497), as sum adds from 0.
    if (name == "round" && c.args.size() == 1)
      return false;
    if ((name.rfind("math.", 0) == 0 && name != "math.prod") || name == "float" ||
        name == "int" || name == "len" || name == "bool" || name == "numpy.count_nonzero" ||
        name == "numpy.size" || name == "numpy.ndim")
      return false;
    if (name == "min" || name == "max" || name == "abs" || name == "round" || name == "pow" ||
        name == "sum" || name == "sorted" || name == "list" || name == "math.prod")
      return c.args.size() == 1 ? isNdarray(c.args[0]->type) || c.args[0]->mayBeNumpy ||
                                      isHashContainer(c.args[0]->type)
                                : any(c.args);
    return true;
  }
  default:
    return false; // literals, constants, comparisons
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
  error(e.loc(), "name '" + e.name + "' is not defined" + suggestName(e.name));
  return Type::Unknown;
}

Type Sema::typeOfAttribute(AttributeExpr &e) {
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
    // A suggestion when one is close; else the supported names, listed
    // once per module (the first error), not at every use.
    auto *alias = dyn_cast<NameExpr>(e.value.get());
    std::string hint = suggestMember(mod, alias ? alias->name : mod, e.attr);
    if (hint.empty() && reporting_ && listedModules_.insert(mod).second)
      hint = "; supported names in " + mod + ": " + joinNames(supportedMembers(mod));
    else if (hint.empty())
      hint = " (the supported names are listed at the first such error)";
    static const char *const Stacks[] = {"numpy.stack", "numpy.vstack", "numpy.hstack",
                                         "numpy.column_stack", "numpy.row_stack",
                                         "numpy.dstack"};
    for (const char *stack : Stacks)
      if (q == stack) {
        error(e.loc(), "'" + q + "' is not supported: llcc builds no 2-D array from a list of "
                       "arrays; reduce each array in a comprehension (np.array([q.var() for q in "
                       "quads])), loop over the list, or reshape the buffer (values.reshape(5, 5))");
        return Type::Unknown;
      }
    error(e.loc(), "'" + q + "' is not supported" + hint);
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
    error(e.loc(),
          "array attribute '." + e.attr + "' is not supported; use len(a), a.size or a.shape[0]");
    return Type::Unknown;
  }
  if (base != Type::Unknown)
    error(e.loc(), std::string("a ") + typeName(base) + " has no attribute '" + e.attr + "'");
  return Type::Unknown;
}

Type Sema::typeOfBinary(BinaryExpr &e) {
  Type a = typeOf(*e.lhs);
  Type b = typeOf(*e.rhs);
  if (a == Type::Unknown || b == Type::Unknown)
    return Type::Unknown;
  // A tuple with an ndarray is an array to numpy (values * WEIGHTS); with
  // anything else, + and * would concatenate or repeat it.
  if (a == Type::Tuple || b == Type::Tuple) {
    // A row of a 2-D np.array constant (Shape::dims) is an ndarray itself.
    auto ndTuple = [](Type t, const Expr &x) {
      return t == Type::Tuple && x.shape && x.shape->dims.size() == 1;
    };
    bool lhsNd = ndTuple(a, *e.lhs), rhsNd = ndTuple(b, *e.rhs);
    bool withArray = (a == Type::Tuple && (isNdarray(b) || (rhsNd && !isNumeric(a)))) ||
                     (b == Type::Tuple && (isNdarray(a) || (lhsNd && !isNumeric(b)))) ||
                     (lhsNd && isNumeric(b)) || (rhsNd && isNumeric(a));
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
  // Python lists: `[x] * n` makes one; any other operator on a list means
  // concatenation or repetition in Python, not arithmetic.
  if (isList(a) || isList(b)) {
    bool repeat = e.op == BinaryOp::Mul &&
                  ((isList(a) && (isIntegral(b) || b == Type::IntOrFloat) &&
                    isa<ListExpr>(e.lhs.get())) ||
                   (isList(b) && (isIntegral(a) || a == Type::IntOrFloat) &&
                    isa<ListExpr>(e.rhs.get())));
    if (repeat)
      return isList(a) ? a : b;
    if (!isNdarray(a) && !isNdarray(b)) {
      error(e.loc(), std::string("'") + binaryOpSpelling(e.op) +
                         "' on a list is not arithmetic in Python; use np.array(a) for "
                         "elementwise arithmetic");
      return Type::Unknown;
    }
  }
  if (e.op == BinaryOp::MatMul && (isNdarray(a) || isNdarray(b)))
    return typeOfProduct(e, "dot", *e.lhs, *e.rhs);
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
      if ((a == Type::BoolArray || a == Type::Bool) && (b == Type::BoolArray || b == Type::Bool))
        return Type::BoolArray;
      error(e.loc(), std::string("'") + binaryOpSpelling(e.op) +
                         "' of arrays is only supported on boolean masks");
      return Type::Unknown;
    case BinaryOp::LShift:
    case BinaryOp::RShift:
    case BinaryOp::MatMul:
      error(e.loc(), std::string("'") + binaryOpSpelling(e.op) + "' of arrays is not supported");
      return Type::Unknown;
    default:
      return intArrayArithmetic(e.op, a, b) ? Type::IntArray : Type::FloatArray;
    }
  }
  if (!isNumeric(a) || !isNumeric(b)) {
    error(e.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(e.op) + ": '" +
                       typeName(a) + "' and '" + typeName(b) + "'");
    return Type::Unknown;
  }
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

Type Sema::typeOfCall(CallExpr &e) {
  Type calleeType = Type::Unknown;
  std::string name;
  if (auto *n = dyn_cast<NameExpr>(e.callee.get());
      n && n->name == "print" && !locals_.count("print") && !functions_.count("print") &&
      !constants_.count("print"))
    return typeOfPrint(e);
  if (auto *n = dyn_cast<NameExpr>(e.callee.get())) {
    calleeType = typeOfName(*n);
    n->type = calleeType;
    if (n->ref == NameRef::Function) {
      FunctionDef *target = n->function;
      if (target->isLibrary)
        target = &libraryVersion(e, *target); // SemaLibraryVersions.cpp
      e.target = target;
      return typeOfFunctionCall(e, *target);
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
    // A method of an array: values.sum(), a.sort(), ...
    auto *baseName = dyn_cast<NameExpr>(a->value.get());
    bool moduleBase =
        baseName && !locals_.count(baseName->name) &&
        (moduleAliases_.count(baseName->name) ||
         (fn_ && fn_->isLibrary && (baseName->name == "np" || baseName->name == "math")));
    if (!moduleBase) {
      Type base = typeOf(*a->value);
      Type containerResult;
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
      if (base == Type::Tuple)
        error(a->loc(), "tuples and module-level lists are read-only in llcc and have no method '" +
                            a->attr + "'; copy the values into a local array (np.array(T))");
      else if (base != Type::Unknown)
        error(a->loc(), std::string("a ") + typeName(base) + " has no method '" + a->attr + "'");
      for (auto &arg : e.args)
        typeOf(*arg);
      return Type::Unknown;
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
  e.builtin = name;
  return typeOfBuiltinCall(e, name);
}

Type Sema::typeOfFunctionCall(CallExpr &e, FunctionDef &target) {
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
  if (e.args.size() > bound.size()) {
    error(e.loc(), "'" + target.name + "' takes " + std::to_string(bound.size()) +
                       " argument(s) but " + std::to_string(e.args.size()) + " were given");
  }
  for (size_t i = 0; i < e.args.size() && i < bound.size(); ++i)
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
    if (i >= bound.size())
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
    bool arrayList = t == Type::ArrayList && bound[i]->shape;
    if (!isNumeric(t) && !isArray(t) && t != Type::Str && !(t == Type::Tuple && bound[i]->shape) &&
        !arrayList) {
      requireNumeric(*bound[i], t, "passed");
      continue;
    }
    LocalVar &param = target.locals[i];
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
    Type j = join(param.type, t);
    if (j != param.type) {
      param.type = j;
      changed_ = true;
    }
    markNumpy(param.mayBeNumpy, bound[i]->mayBeNumpy);
  }
  e.shape = target.returnShape;
  return target.returnType;
}

Type Sema::typeOfBuiltinCall(CallExpr &e, const std::string &name) {
  if (Type out; typeOfWindowBuiltin(e, name, out))
    return out;
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
    error(e.loc(), name + "() is only supported as the iterable of a for loop, as in 'for i, v "
                          "in enumerate(values):'");
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
      if (!isArray(args[i]))
        error(e.args[i]->loc(),
              "'" + name + "' of one argument needs an array, like " + name + "(values)");
      continue;
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

  switch (b->result) {
  case BuiltinResult::Float:
    return Type::Float;
  case BuiltinResult::Int:
    return Type::Int;
  case BuiltinResult::Bool:
    return Type::Bool;
  case BuiltinResult::SameNumeric:
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
      if (args[0] != Type::Float)
        error(e.loc(), std::string("round(") + typeName(args[0]) +
                           ", ndigits) is not supported; round a float");
      return Type::Float;
    }
    return Type::Int;
  case BuiltinResult::Special:
    if (name == "range") {
      for (size_t i = 0; i < args.size(); ++i)
        if (args[i] == Type::Float)
          error(e.args[i]->loc(), "range() arguments must be integers, not float");
      if (!inForIter_)
        error(e.loc(), "range() is only supported as the iterable of a for loop");
      return Type::Unknown;
    }
    if (name == "sum") {
      // A list may be empty, and then sum() is the int 0 (whose division
      // by zero raises), so the sum of a list of floats is an int or a float.
      if (isList(args[0]) && elementType(args[0]) == Type::Float)
        return Type::IntOrFloat;
      return elementType(args[0]) == Type::Float ? Type::Float : Type::Int;
    }
    if (name == "pow")
      return powerType(args[0], args[1], e.args[1].get());
    break;
  }
  return Type::Unknown;
}

} // namespace sema
} // namespace llcc
