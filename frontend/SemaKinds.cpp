//===- SemaKinds.cpp - Callback kinds, user parameters, constants ----------===//
//
// Decides what each function compiles to: an exported callback of a kind
// chosen by its decorator (or `filter` for an undecorated function nobody
// calls), or an internal helper. Gives each kind's own parameters their
// types (the neighbourhood buffer, the output line, the coordinates, quad's
// arguments) and makes the remaining parameters user parameters, read from
// user_data at run time, whose constant defaults are folded here for the
// manifest.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cmath>

namespace llcc {
namespace sema {

namespace {
/// A library function that the compiler's own calls reach (sorts, the
/// percentiles' selection), with the types of the parameters it passes.
struct CompilerCalledLibrary {
  const char *name;
  std::vector<Type> params;
};

const CompilerCalledLibrary CompilerCalled[] = {
    {"_llcc_sort", {Type::FloatArray}},
    {"_llcc_sort_stable", {Type::FloatArray}},
    {"_llcc_sort_heap", {Type::FloatArray}},
    {"_llcc_sort_stat", {Type::FloatArray}},
    {"_llcc_python_sort", {Type::FloatArray}},
    {"_llcc_python_sort_by_key", {Type::FloatArray, Type::FloatArray}},
    {"_llcc_python_sort_rows", {Type::FloatArray, Type::Int, Type::FloatArray}},
    {"_llcc_python_sort_by_rows",
     {Type::FloatArray, Type::FloatArray, Type::FloatArray, Type::Int}},
    {"_llcc_sort_int", {Type::IntArray}},
    {"_llcc_nan_compact", {Type::FloatArray}},
    {"_llcc_quantile_select", {Type::FloatArray, Type::Float, Type::Int}},
    {"_llcc_where_sum", {Type::FloatArray, Type::BoolArray}},
    {"_llcc_where_mean", {Type::FloatArray, Type::BoolArray}},
    {"_llcc_where_prod", {Type::FloatArray, Type::BoolArray}},
    {"_llcc_where_max", {Type::FloatArray, Type::BoolArray, Type::Float}},
    {"_llcc_where_min", {Type::FloatArray, Type::BoolArray, Type::Float}},
    {"_llcc_set_order", {Type::FloatArray, Type::IntArray, Type::IntArray, Type::IntArray}},
    {"_llcc_set_order_snap",
     {Type::FloatArray, Type::IntArray, Type::IntArray, Type::IntArray, Type::IntArray}},
    {"_llcc_set_combine",
     {Type::Int, Type::Int, Type::FloatArray, Type::IntArray, Type::IntArray, Type::Int,
      Type::IntArray, Type::IntArray, Type::IntArray}},
};
} // namespace

void Sema::decideKinds() {
  for (auto &fnPtr : module_.functions) {
    FunctionDef &fn = *fnPtr;
    bool decorated = false;
    for (const Decorator &d : fn.decorators) {
      std::string name = d.dottedName;
      // `@llcc.filter` with `import llcc`, or `@filter` after
      // `from llcc import filter`.
      auto dot = name.find('.');
      std::string head = dot == std::string::npos ? name : name.substr(0, dot);
      std::string qualified;
      if (dot != std::string::npos && moduleAliases_.count(head))
        qualified = moduleAliases_[head] + name.substr(dot);
      else if (fromNames_.count(name))
        qualified = fromNames_[name];
      static const std::pair<const char *, FunctionKind> Kinds[] = {
          {"llcc.filter", FunctionKind::Filter},
          {"llcc.filter1d", FunctionKind::Filter1D},
          {"llcc.transform", FunctionKind::Transform},
          {"llcc.integrand", FunctionKind::Integrand},
      };
      bool known = false;
      for (auto &[q, kind] : Kinds) {
        if (qualified == q) {
          if (decorated && fn.fkind != kind)
            diags_.error(d.loc, "'" + fn.name + "' has two kind decorators; use one");
          fn.fkind = kind;
          decorated = known = true;
        }
      }
      if (!known)
        diags_.error(d.loc, "unknown decorator '@" + name +
                                "'; use @llcc.filter, @llcc.filter1d, @llcc.transform or "
                                "@llcc.integrand (after 'import llcc'), or no decorator");
    }
    if (!decorated)
      fn.fkind = callers_[&fn].empty() && !fn.isLibrary && !fn.outer && !fn.kindCopy
                     ? FunctionKind::Filter
                     : FunctionKind::Helper;
    // Without a decorator, the kind the body leaves no doubt about
    // (SemaInferKinds.cpp): SciPy's own callbacks are written without one.
    FunctionKind inferred;
    bool wasInferred = false;
    if (!decorated && fn.fkind == FunctionKind::Filter && inferKind(fn, inferred)) {
      fn.fkind = inferred;
      wasInferred = true;
    }
    // `def f(iline, oline)` without @llcc.filter1d whose body does not say
    // so: reported once, then checked as the kind it names so that nothing
    // else cascades.
    if (!decorated && !wasInferred && fn.fkind == FunctionKind::Filter &&
        reportMissingDecorator(fn))
      fn.fkind = fn.params[0].name.find("coord") != std::string::npos ? FunctionKind::Transform
                                                                      : FunctionKind::Filter1D;
    // The library functions the compiler calls itself (on arrays it owns)
    // take the types of those calls.
    if (fn.isLibrary)
      for (const CompilerCalledLibrary &c : CompilerCalled)
        if (fn.name == c.name)
          for (size_t i = 0; i < c.params.size() && i < fn.locals.size(); ++i)
            fn.locals[i].type = c.params[i];
    // SciPy ignores what a generic_filter1d callback returns: `return
    // None` is its bare `return`.
    if (fn.fkind == FunctionKind::Filter1D ||
        (fn.fkind == FunctionKind::Transform && fn.params.size() >= 2 &&
         !fn.params[1].defaultValue))
      dropReturnNone(fn.body);
    if (fn.fkind != FunctionKind::Helper)
      setUpKindParams(fn);
  }
}

namespace {
/// True when some `return` of `block` (not of a nested function) has a
/// value: tells a transform that returns its coordinates from one that
/// writes them into its second parameter.
bool returnsValue(const Block &block) {
  for (const auto &stmt : block) {
    if (auto *r = llvm::dyn_cast<ReturnStmt>(stmt.get()); r && r->value)
      return true;
    if (auto *s = llvm::dyn_cast<IfStmt>(stmt.get());
        s && (returnsValue(s->thenBody) || returnsValue(s->elseBody)))
      return true;
    if (auto *s = llvm::dyn_cast<WhileStmt>(stmt.get());
        s && (returnsValue(s->body) || returnsValue(s->elseBody)))
      return true;
    if (auto *s = llvm::dyn_cast<ForStmt>(stmt.get());
        s && (returnsValue(s->body) || returnsValue(s->elseBody)))
      return true;
    if (llvm::isa<TryStmt>(stmt.get())) {
      bool any = false;
      forEachChildBlock(*stmt, [&](Block &b) { any = any || returnsValue(b); });
      if (any)
        return true;
    }
  }
  return false;
}
} // namespace

/// Gives an exported function's own parameters their types (the
/// neighbourhood buffer, the output line, the coordinates, quad's x and
/// args) and makes the rest user parameters read from user_data, each with
/// a constant default.
void Sema::setUpKindParams(FunctionDef &fn) {
  auto setParam = [&](unsigned i, Type t, bool writable) {
    if (i < fn.locals.size() && fn.locals[i].isParam) {
      fn.locals[i].type = t;
      fn.locals[i].writable = writable;
      fn.locals[i].readonlyArray = isArray(t) && !writable;
    }
  };
  // `weights=(1.0, 2.0, 1.0)`, or a module-level tuple constant: a user
  // parameter holding a tuple of numbers, one user_data slot per member of
  // the member's type (abi/Abi.cpp). The default becomes a tuple of the
  // folded literals, which code generation and the manifest read; its
  // ConstValue type is Tuple. False (nothing changed) when the default is
  // not a non-empty tuple of constant numbers.
  auto foldTupleDefault = [&](Param &p, LocalVar &param) -> bool {
    const Expr *e = p.defaultValue.get();
    for (int depth = 0; depth < 16; ++depth) {
      auto *n = dyn_cast<NameExpr>(e);
      if (!n)
        break;
      auto c = constants_.find(n->name);
      if (c == constants_.end())
        return false;
      e = module_.constants[c->second].value.get();
    }
    auto *t = dyn_cast<TupleExpr>(e);
    if (!t || t->elements.empty())
      return false;
    std::vector<ExprPtr> literals;
    std::vector<Type> members;
    for (const ExprPtr &el : t->elements) {
      ConstValue v;
      if (!el || !foldConstant(*el, v) || !isNumeric(v.type))
        return false;
      SourceLoc loc = el->loc();
      if (v.type == Type::Float)
        literals.push_back(std::make_unique<FloatLiteralExpr>(loc, v.f));
      else if (v.type == Type::Bool)
        literals.push_back(std::make_unique<BoolLiteralExpr>(loc, v.i != 0));
      else
        literals.push_back(std::make_unique<IntLiteralExpr>(loc, v.i));
      members.push_back(v.type);
    }
    SourceLoc loc = p.defaultValue->loc();
    p.defaultValue = std::make_unique<TupleExpr>(loc, std::move(literals));
    p.defaultConst = ConstValue{Type::Tuple, 0, 0};
    param.userParam = true;
    param.type = Type::Tuple;
    param.shape = makeTupleShape(members, std::vector<ShapeRef>(members.size()));
    return true;
  };
  const char *usage = "";
  unsigned needed = 1;
  switch (fn.fkind) {
  case FunctionKind::Filter:
    usage = "def f(values, param=default, ...)";
    fn.kindParams = 1;
    setParam(0, Type::FloatArray, false);
    if (!fn.locals.empty() && fn.locals[0].isParam)
      fn.locals[0].windowView = true;
    break;
  case FunctionKind::Filter1D:
    usage = "def f(iline, oline, param=default, ...)";
    needed = fn.kindParams = 2;
    setParam(0, Type::FloatArray, false);
    if (!fn.locals.empty() && fn.locals[0].isParam)
      fn.locals[0].windowView = true;
    setParam(1, Type::FloatArray, true);
    break;
  case FunctionKind::Transform:
    usage = "def f(output_coords) returning a tuple, or def f(output_coords, input_coords)";
    fn.kindParams = 1;
    setParam(0, Type::IntArray, false);
    // `def f(output_coords, input_coords)` writes its result; a transform
    // that returns its coordinates has only user parameters after the
    // first (`def shift(output_coords, s0, s1)`, as SciPy's tutorial).
    if (fn.params.size() >= 2 && !fn.params[1].defaultValue && !returnsValue(fn.body)) {
      fn.transformWrites = true;
      fn.kindParams = 2;
      setParam(1, Type::FloatArray, true);
    }
    break;
  case FunctionKind::Integrand:
    usage = "def f(x, a, b, ...)";
    // quad passes x and args positionally; keyword-only parameters keep
    // their defaults or are bound like a filter's.
    fn.kindParams = 0;
    while (fn.kindParams < fn.params.size() && !fn.params[fn.kindParams].keywordOnly)
      setParam(fn.kindParams++, Type::Float, false);
    break;
  case FunctionKind::Helper:
    return;
  }
  if (fn.params.size() < needed) {
    diags_.error(fn.nameLoc, std::string(functionKindName(fn.fkind)) + " function '" + fn.name +
                                 "' needs " + std::to_string(needed) + " parameter(s): " + usage);
    return;
  }
  for (unsigned i = 0; i < fn.params.size(); ++i) {
    Param &p = fn.params[i];
    bool own = i < fn.kindParams;
    if (own && p.keywordOnly) {
      diags_.error(p.loc, "'" + p.name + "' is one of the " + functionKindName(fn.fkind) +
                              "'s own parameters, which SciPy passes by position: it cannot be "
                              "keyword-only (" +
                              usage + ")");
      continue;
    }
    if (own && p.defaultValue && (fn.fkind != FunctionKind::Integrand || i == 0)) {
      diags_.error(p.loc, "'" + p.name + "' is one of the " + functionKindName(fn.fkind) +
                              "'s own parameters and cannot have a default (" + usage + ")");
      continue;
    }
    if (fn.fkind == FunctionKind::Integrand && i > 0 && !p.defaultValue &&
        fn.params[i - 1].defaultValue) {
      diags_.error(p.loc, "parameter without a default follows a parameter with a default");
      continue;
    }
    if (!own && !p.defaultValue) {
      // A required user parameter: bound at run time (`lib.f.bind(a=...)`)
      // to an int or a float, so it is whichever it was given, as in
      // CPython (ConstValue type IntOrFloat marks "no default").
      fn.locals[i].userParam = true;
      fn.locals[i].type = Type::IntOrFloat;
      p.defaultConst = ConstValue{Type::IntOrFloat, 0, 0};
      continue;
    }
    if (!p.defaultValue)
      continue;
    if (!own && foldTupleDefault(p, fn.locals[i]))
      continue;
    if (!foldConstant(*p.defaultValue, p.defaultConst)) {
      diags_.error(p.defaultValue->loc(),
                   "the default of '" + p.name +
                       "' must be a constant number (a literal, a module constant, or "
                       "arithmetic on them) or a tuple of them");
      continue;
    }
    if (own && (p.defaultConst.type == Type::None || p.defaultConst.type == Type::Str)) {
      diags_.error(p.defaultValue->loc(), "quad passes floats to an integrand: the default of '" +
                                              p.name + "' must be a number");
      continue;
    }
    // quad passes an integrand's args as doubles, and a parameter it leaves
    // out is its default: an int default makes it an int then, as CPython's.
    if (own && fn.fkind == FunctionKind::Integrand && p.defaultConst.type == Type::Int)
      fn.locals[i].type = Type::IntOrFloat;
    if (!own) {
      fn.locals[i].userParam = true;
      if (p.defaultConst.type != Type::None)
        fn.locals[i].type = p.defaultConst.type; // None: inferred from the body
    }
  }
}

/// Folds a constant expression as Python would evaluate it at definition
/// time; false when it is not a constant llcc can fold.
bool Sema::foldConstant(const Expr &e, ConstValue &out) {
  auto asFloat = [](const ConstValue &v) { return v.type == Type::Float ? v.f : double(v.i); };
  switch (e.kind()) {
  case Expr::Kind::IntLiteral: {
    auto &lit = cast<IntLiteralExpr>(e);
    if (lit.overflow)
      return false;
    out = {Type::Int, lit.value, 0};
    return true;
  }
  case Expr::Kind::FloatLiteral:
    out = {Type::Float, 0, cast<FloatLiteralExpr>(e).value};
    return true;
  case Expr::Kind::BoolLiteral:
    out = {Type::Bool, cast<BoolLiteralExpr>(e).value ? 1 : 0, 0};
    return true;
  case Expr::Kind::StringLiteral:
    out = {Type::Str, 0, 0, cast<StringLiteralExpr>(e).value};
    return true;
  case Expr::Kind::NoneLiteral:
    out = {Type::None, 0, 0};
    return true;
  case Expr::Kind::Name: {
    auto &n = cast<NameExpr>(e);
    auto c = constants_.find(n.name);
    if (c != constants_.end())
      return foldConstant(*module_.constants[c->second].value, out);
    double v;
    auto from = fromNames_.find(n.name);
    if (from != fromNames_.end() && findBuiltinConstant(from->second, v)) {
      out = {Type::Float, 0, v};
      return true;
    }
    return false;
  }
  case Expr::Kind::Attribute: {
    auto &a = cast<AttributeExpr>(e);
    auto *base = dyn_cast<NameExpr>(a.value.get());
    double v;
    if (base && moduleAliases_.count(base->name) &&
        findBuiltinConstant(moduleAliases_[base->name] + "." + a.attr, v)) {
      out = {Type::Float, 0, v};
      return true;
    }
    return false;
  }
  case Expr::Kind::Unary: {
    auto &u = cast<UnaryExpr>(e);
    ConstValue v;
    if (!foldConstant(*u.operand, v) || !isNumeric(v.type))
      return false;
    switch (u.op) {
    case UnaryExpr::Op::Pos:
      out = v.type == Type::Bool ? ConstValue{Type::Int, v.i, 0} : v;
      return true;
    case UnaryExpr::Op::Neg:
      if (v.type == Type::Float)
        out = {Type::Float, 0, -v.f};
      else if (v.i == INT64_MIN)
        return false;
      else
        out = {Type::Int, -v.i, 0};
      return true;
    case UnaryExpr::Op::Not:
      out = {Type::Bool, (v.type == Type::Float ? v.f == 0 : v.i == 0) ? 1 : 0, 0};
      return true;
    case UnaryExpr::Op::Invert:
      return false;
    }
    return false;
  }
  case Expr::Kind::Binary: {
    auto &b = cast<BinaryExpr>(e);
    ConstValue l, r;
    if (!foldConstant(*b.lhs, l) || !foldConstant(*b.rhs, r) || !isNumeric(l.type) ||
        !isNumeric(r.type))
      return false;
    // int ** negative int is a float, as in Python.
    bool negativePower = b.op == BinaryOp::Pow && r.type != Type::Float && r.i < 0;
    bool isFloat = l.type == Type::Float || r.type == Type::Float || b.op == BinaryOp::Div ||
                   negativePower;
    if (isFloat) {
      double x = asFloat(l), y = asFloat(r);
      // CPython's float floor division and modulo (floatobject.c).
      auto divmod = [](double vx, double wx, double &div, double &mod) {
        mod = std::fmod(vx, wx);
        div = (vx - mod) / wx;
        if (mod != 0) {
          if ((wx < 0) != (mod < 0)) {
            mod += wx;
            div -= 1.0;
          }
        } else {
          mod = std::copysign(0.0, wx);
        }
        if (div != 0) {
          double floordiv = std::floor(div);
          if (div - floordiv > 0.5)
            floordiv += 1.0;
          div = floordiv;
        } else {
          div = std::copysign(0.0, vx / wx);
        }
      };
      double q, m;
      switch (b.op) {
      case BinaryOp::Add: out = {Type::Float, 0, x + y}; return true;
      case BinaryOp::Sub: out = {Type::Float, 0, x - y}; return true;
      case BinaryOp::Mul: out = {Type::Float, 0, x * y}; return true;
      case BinaryOp::Div:
        if (y == 0)
          return false;
        out = {Type::Float, 0, x / y};
        return true;
      case BinaryOp::FloorDiv:
      case BinaryOp::Mod:
        if (y == 0)
          return false;
        divmod(x, y, q, m);
        out = {Type::Float, 0, b.op == BinaryOp::Mod ? m : q};
        return true;
      case BinaryOp::Pow: {
        // Python raises for 0.0 ** negative and gives a complex number for
        // a negative base to a fractional power: not folded.
        if ((x == 0 && y < 0) || (x < 0 && y != std::floor(y)))
          return false;
        double p = std::pow(x, y);
        if (std::isinf(p) && std::isfinite(x) && std::isfinite(y))
          return false; // OverflowError in Python
        out = {Type::Float, 0, p};
        return true;
      }
      default: return false;
      }
    }
    int64_t x = l.i, y = r.i, z;
    switch (b.op) {
    case BinaryOp::Add:
      if (__builtin_add_overflow(x, y, &z)) return false;
      break;
    case BinaryOp::Sub:
      if (__builtin_sub_overflow(x, y, &z)) return false;
      break;
    case BinaryOp::Mul:
      if (__builtin_mul_overflow(x, y, &z)) return false;
      break;
    case BinaryOp::FloorDiv:
    case BinaryOp::Mod: {
      if (y == 0 || (x == INT64_MIN && y == -1))
        return false;
      int64_t q = x / y, m = x % y;
      if (m != 0 && ((m < 0) != (y < 0))) {
        m += y;
        q -= 1;
      }
      z = b.op == BinaryOp::Mod ? m : q;
      break;
    }
    case BinaryOp::Pow: {
      z = 1;
      for (int64_t k = 0; k < y; ++k)
        if (__builtin_mul_overflow(z, x, &z)) return false;
        else if (z == 0 || z == 1) break; // 0 ** n, 1 ** n
      if (x == -1)
        z = (y % 2) ? -1 : 1;
      break;
    }
    case BinaryOp::BitAnd: z = x & y; break;
    case BinaryOp::BitOr: z = x | y; break;
    case BinaryOp::BitXor: z = x ^ y; break;
    default:
      return false;
    }
    out = {Type::Int, z, 0};
    return true;
  }
  default:
    return false;
  }
}

} // namespace sema
} // namespace llcc
