//===- SemaInferKinds.cpp - The kind of an undecorated exported function ---===//
//
// SciPy users write callbacks without decorators. Where the source leaves
// no doubt, an undecorated function nobody calls gets the kind its body
// says it has, from how it uses its first parameters (before any typing):
//
//   - its second parameter is written by subscript (`oline[i] = v`) and
//     its first is read as an array: generic_filter1d's (iline, oline), or,
//     when the first is named like coordinates, geometric_transform's
//     writing form (output_coords, input_coords);
//   - its first parameter, named like coordinates (or with another name,
//     but unpacked: `y, x = point`), is only indexed with constants,
//     measured, unpacked, iterated or made an array, and every `return`
//     gives a tuple: geometric_transform's (output_coords);
//   - its first parameter is only ever used as a number (arithmetic, math
//     calls, comparisons, the point of np.polyval or np.interp), never
//     subscripted, iterated, measured, given to
//     an array function or to another function: a quad integrand.
//
// Anything else stays a generic_filter callback, as before (a decorator
// always decides).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <cctype>

namespace llcc {
namespace sema {

namespace {

/// numpy functions applied element by element: of a number, a number.
bool isElementwiseNumpy(const std::string &f) {
  static const char *const Names[] = {
      "abs",     "absolute", "fabs",     "sqrt",    "cbrt",     "square",  "exp",     "exp2",
      "expm1",   "log",      "log2",     "log10",   "log1p",    "sin",     "cos",     "tan",
      "arcsin",  "arccos",   "arctan",   "arctan2", "sinh",     "cosh",    "tanh",    "arcsinh",
      "arccosh", "arctanh",  "floor",    "ceil",    "trunc",    "rint",    "sign",    "power",
      "maximum", "minimum",  "fmax",     "fmin",    "hypot",    "copysign", "isnan",  "isinf",
      "isfinite", "logaddexp", "logaddexp2", "mod", "fmod",     "remainder", "round", "around",
      "degrees", "radians",  "deg2rad",  "rad2deg", "heaviside", "sinc",   "float64", "clip",
      "add",     "subtract", "multiply", "divide",  "true_divide", "floor_divide", "negative",
      "reciprocal", "signbit", "nextafter", "spacing", "where", "fix", "round_", "float32",
      "int64",   "logical_and", "logical_or", "logical_xor", "logical_not", "greater",
      "greater_equal", "less", "less_equal", "equal", "not_equal"};
  return std::find_if(std::begin(Names), std::end(Names),
                      [&](const char *n) { return f == n; }) != std::end(Names);
}

/// Library functions elementwise in some of their arguments only: the
/// result takes that argument's shape (`np.polyval(p, x)`, `np.interp(x,
/// xp, fp)`, `np.digitize(x, bins)`), so a number there is used as a
/// number, while the other arguments are arrays (coefficients, tables).
struct ElementwiseSlot {
  const char *name;    ///< the library name
  int position;        ///< the elementwise argument's position, -1 for all
  const char *keyword; ///< its keyword name ("" where every one is)
};
constexpr ElementwiseSlot ElementwiseSlots[] = {
    {"numpy.polyval", 1, "x"},       {"numpy.interp", 0, "x"},
    {"numpy.digitize", 0, "x"},      {"numpy.searchsorted", 1, "v"},
    {"numpy.isclose", -1, ""},       {"scipy.stats.norm.cdf", -1, ""},
};

const ElementwiseSlot *elementwiseSlot(const std::string &f) {
  for (const auto &s : ElementwiseSlots)
    if (f == s.name)
      return &s;
  return nullptr;
}

/// How a function uses one of its parameters, as far as the kinds care.
struct ParamUses {
  bool used = false;
  bool number = false;     ///< arithmetic, a math call, a comparison, a test
  bool array = false;      ///< subscripted, iterated, measured, an array function's
  bool store = false;      ///< written by subscript (`p[i] = v`, `p[i] += v`)
  bool unknown = false;    ///< given to another function, held in a container, ...
  bool rebound = false;    ///< assigned as a name
  bool nonConstIndex = false; ///< indexed with something other than a constant
  bool coordsOnly = true;  ///< only the uses a transform's output_coords has
  bool unpacked = false;   ///< unpacked itself (`y, x = point`)
};

enum class Ctx {
  Value,   ///< no evidence: assigned to a name, printed, formatted
  Number,  ///< used as a number
  Array,   ///< used as an array
  Unknown, ///< passed on where the kind cannot be seen
};

class UseScan {
public:
  UseScan(const std::string &param, const std::map<std::string, std::string> &aliases,
          const std::map<std::string, std::string> &fromNames,
          const std::map<std::string, FunctionDef *> &functions)
      : aliases_(aliases), fromNames_(fromNames), functions_(functions) {
    tainted_.insert(param);
    param_ = param;
  }

  ParamUses scan(Block &body) {
    // Names assigned from the parameter's values carry it (`y = x * 2`):
    // walk until no more join.
    for (int round = 0; round < 8; ++round) {
      size_t before = tainted_.size();
      uses_ = ParamUses();
      block(body);
      if (tainted_.size() == before)
        break;
    }
    return uses_;
  }

private:
  const std::map<std::string, std::string> &aliases_;
  const std::map<std::string, std::string> &fromNames_;
  const std::map<std::string, FunctionDef *> &functions_;
  std::set<std::string> tainted_;
  std::string param_;
  ParamUses uses_;

  /// "numpy.sum", "math.exp", "len", or "" for a call of another kind.
  std::string calleeName(const Expr &callee) {
    if (auto *n = dyn_cast<NameExpr>(&callee)) {
      if (functions_.count(n->name))
        return "";
      if (auto it = fromNames_.find(n->name); it != fromNames_.end())
        return it->second;
      return n->name;
    }
    if (auto *a = dyn_cast<AttributeExpr>(&callee)) {
      if (auto *base = dyn_cast<NameExpr>(a->value.get()))
        if (auto it = aliases_.find(base->name); it != aliases_.end())
          return it->second + "." + a->attr;
    }
    return "";
  }

  bool carries(const Expr &e) {
    if (auto *n = dyn_cast<NameExpr>(&e))
      return tainted_.count(n->name) > 0;
    bool any = false;
    switch (e.kind()) {
    case Expr::Kind::Binary:
    case Expr::Kind::Unary:
    case Expr::Kind::IfExp:
    case Expr::Kind::Compare:
      forEachChildExpr(const_cast<Expr &>(e), [&](ExprPtr &c) {
        if (c && !any)
          any = carries(*c);
      });
      return any;
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(e);
      std::string f = calleeName(*c.callee);
      bool elementwise = f == "abs" || f == "round" || f == "pow" ||
                         (f.rfind("numpy.", 0) == 0 && isElementwiseNumpy(f.substr(6)));
      if (!elementwise)
        return false;
      for (auto &a : c.args)
        any = any || carries(*a);
      return any;
    }
    default:
      return false;
    }
  }

  void note(Ctx ctx) {
    uses_.used = true;
    switch (ctx) {
    case Ctx::Value: break;
    case Ctx::Number: uses_.number = true; uses_.coordsOnly = false; break;
    case Ctx::Array: uses_.array = true; break;
    case Ctx::Unknown: uses_.unknown = true; uses_.coordsOnly = false; break;
    }
  }

  /// The direct parameter (not a name carrying it) in a transform's form.
  bool isParam(const Expr &e) {
    auto *n = dyn_cast<NameExpr>(&e);
    return n && n->name == param_;
  }

  static bool constIndex(const Expr &e) {
    if (isa<IntLiteralExpr>(&e))
      return true;
    if (auto *u = dyn_cast<UnaryExpr>(&e))
      return u->op == UnaryExpr::Op::Neg && isa<IntLiteralExpr>(u->operand.get());
    if (auto *s = dyn_cast<SliceExpr>(&e))
      return (!s->start || constIndex(*s->start)) && (!s->stop || constIndex(*s->stop)) &&
             (!s->step || constIndex(*s->step));
    return false;
  }

  void expr(Expr *e, Ctx ctx) {
    if (!e)
      return;
    switch (e->kind()) {
    case Expr::Kind::Name:
      if (tainted_.count(cast<NameExpr>(e)->name)) {
        note(ctx);
        if (ctx == Ctx::Array && !isParam(*e))
          uses_.coordsOnly = false;
      }
      return;
    case Expr::Kind::Binary: {
      auto *b = cast<BinaryExpr>(e);
      bool logical = b->op == BinaryOp::And || b->op == BinaryOp::Or;
      Ctx inner = ctx == Ctx::Value && !logical ? Ctx::Number : ctx;
      if (!logical && (isParam(*b->lhs) || isParam(*b->rhs)))
        uses_.coordsOnly = false; // arithmetic on a tuple
      expr(b->lhs.get(), inner);
      expr(b->rhs.get(), inner);
      return;
    }
    case Expr::Kind::Unary: {
      auto *u = cast<UnaryExpr>(e);
      if (isParam(*u->operand))
        uses_.coordsOnly = false;
      expr(u->operand.get(), u->op == UnaryExpr::Op::Not ? Ctx::Number
                             : ctx == Ctx::Value       ? Ctx::Number
                                                       : ctx);
      return;
    }
    case Expr::Kind::Compare: {
      auto *c = cast<CompareExpr>(e);
      for (size_t i = 0; i < c->operands.size(); ++i) {
        bool container = (i > 0 && (c->ops[i - 1] == CompareOp::In ||
                                    c->ops[i - 1] == CompareOp::NotIn));
        expr(c->operands[i].get(),
             container ? Ctx::Array : ctx == Ctx::Value ? Ctx::Number : ctx);
      }
      return;
    }
    case Expr::Kind::IfExp: {
      auto *x = cast<IfExpExpr>(e);
      expr(x->cond.get(), Ctx::Number);
      expr(x->thenExpr.get(), ctx);
      expr(x->elseExpr.get(), ctx);
      return;
    }
    case Expr::Kind::Attribute: {
      auto *a = cast<AttributeExpr>(e);
      // x.real, x.imag of a number; anything else (.shape, .size, .T) is
      // an array's.
      bool floatAttr = a->attr == "real" || a->attr == "imag";
      if (carries(*a->value)) {
        if (!floatAttr)
          uses_.coordsOnly = false;
        expr(a->value.get(), floatAttr ? Ctx::Number : Ctx::Array);
      } else {
        expr(a->value.get(), Ctx::Value);
      }
      return;
    }
    case Expr::Kind::Call: {
      auto *c = cast<CallExpr>(e);
      if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()); a && carries(*a->value)) {
        // x.sort(), x.mean(), ...; a float's own methods are numbers'.
        bool floatMethod = a->attr == "is_integer" || a->attr == "conjugate" ||
                           a->attr == "as_integer_ratio" || a->attr == "hex";
        uses_.coordsOnly = false;
        expr(a->value.get(), floatMethod ? Ctx::Number : Ctx::Array);
      } else {
        expr(c->callee.get(), Ctx::Value);
      }
      std::string f = calleeName(*c->callee);
      Ctx argCtx;
      bool coordsCall = false;
      if (f.empty())
        argCtx = Ctx::Unknown; // another function of the file, a method
      else if (c->starred)
        argCtx = Ctx::Array;
      else if (f == "math.fsum" || f == "math.prod" || f == "math.dist")
        argCtx = Ctx::Array;
      else if (f.rfind("math.", 0) == 0)
        argCtx = Ctx::Number;
      else if (f.rfind("scipy.special.", 0) == 0) // elementwise, as numpy's ufuncs
        argCtx = ctx == Ctx::Value ? Ctx::Number : ctx;
      else if (f == "len" || f == "tuple" || f == "list" || f == "reversed" ||
               f == "enumerate" || f == "zip" || f == "numpy.array" || f == "numpy.asarray" ||
               f == "numpy.asanyarray") {
        // What output_coords is given to: its length, its items, a new
        // array of them (`np.array(output_coords, dtype=float)`; before the
        // other numpy functions).
        argCtx = Ctx::Array;
        coordsCall = true;
      } else if (f.rfind("numpy.", 0) == 0)
        argCtx = isElementwiseNumpy(f.substr(6)) ? (ctx == Ctx::Value ? Ctx::Number : ctx)
                                                 : Ctx::Array;
      else if (f == "abs" || f == "round" || f == "pow")
        argCtx = ctx == Ctx::Value ? Ctx::Number : ctx;
      else if (f == "float" || f == "int" || f == "bool" || f == "range" || f == "divmod")
        argCtx = Ctx::Number;
      else if ((f == "min" || f == "max") && c->args.size() >= 2)
        argCtx = Ctx::Number;
      else if (f == "print" || f == "isinstance")
        argCtx = Ctx::Value;
      else
        argCtx = Ctx::Array; // sum, sorted, min(a), set, any, ...
      // np.concatenate((a, b)) and the stacks take a sequence of arrays.
      static const char *const Joins[] = {"numpy.concatenate", "numpy.hstack", "numpy.vstack",
                                          "numpy.stack", "numpy.column_stack", "numpy.dstack",
                                          "numpy.row_stack"};
      bool joins = std::find_if(std::begin(Joins), std::end(Joins),
                                [&](const char *j) { return f == j; }) != std::end(Joins);
      const ElementwiseSlot *slot = elementwiseSlot(f);
      Ctx slotCtx = ctx == Ctx::Value ? Ctx::Number : ctx;
      for (size_t i = 0; i < c->args.size(); ++i) {
        Expr *a = c->args[i].get();
        Ctx here = argCtx;
        if (slot)
          here = slot->position < 0 || size_t(slot->position) == i ? slotCtx : Ctx::Array;
        if (!coordsCall && isParam(*a) && here == Ctx::Array)
          uses_.coordsOnly = false;
        if (joins && (isa<TupleExpr>(a) || isa<ListExpr>(a))) {
          uses_.coordsOnly = false;
          forEachChildExpr(*a, [&](ExprPtr &x) { expr(x.get(), Ctx::Array); });
          continue;
        }
        expr(a, here);
      }
      for (auto &k : c->keywords) {
        if (slot && (slot->position < 0 || k.name == slot->keyword)) {
          expr(k.value.get(), slotCtx);
          continue;
        }
        expr(k.value.get(), f.empty() ? Ctx::Unknown : argCtx == Ctx::Array ? Ctx::Value : argCtx);
      }
      return;
    }
    case Expr::Kind::Subscript: {
      auto *s = cast<SubscriptExpr>(e);
      if (carries(*s->value) && !(isParam(*s->value) && constIndex(*s->index)))
        uses_.coordsOnly = false;
      expr(s->value.get(), Ctx::Array);
      // A number cannot index (a float is a TypeError): what carries the
      // parameter into an index is an array (a mask).
      expr(s->index.get(), carries(*s->index) ? Ctx::Array : Ctx::Number);
      return;
    }
    case Expr::Kind::Comprehension: {
      auto *c = cast<ComprehensionExpr>(e);
      expr(c->iter.get(), Ctx::Array);
      expr(c->element.get(), Ctx::Number);
      for (auto &x : c->conds)
        expr(x.get(), Ctx::Number);
      for (auto &clause : c->inner) {
        expr(clause.iter.get(), Ctx::Array);
        for (auto &x : clause.conds)
          expr(x.get(), Ctx::Number);
      }
      return;
    }
    case Expr::Kind::FString:
      for (FStringField &field : cast<FStringExpr>(e)->fields) {
        expr(field.value.get(), Ctx::Value);
        if (field.nestedSpec)
          expr(field.nestedSpec.get(), Ctx::Value);
      }
      return;
    case Expr::Kind::Tuple:
    case Expr::Kind::List:
    case Expr::Kind::Set:
    case Expr::Kind::Dict:
    case Expr::Kind::Lambda:
    case Expr::Kind::Named:
    default:
      forEachChildExpr(*e, [&](ExprPtr &child) { expr(child.get(), Ctx::Unknown); });
      return;
    }
  }

  /// `name = value`: the name carries the parameter when the value does.
  void assignName(const std::string &name, Expr *value) {
    if (name == param_)
      uses_.rebound = true;
    if (value && carries(*value))
      tainted_.insert(name);
  }

  void target(Expr *t, Expr *value) {
    if (auto *n = dyn_cast<NameExpr>(t)) {
      assignName(n->name, value);
      expr(value, Ctx::Value);
      return;
    }
    if (auto *s = dyn_cast<SubscriptExpr>(t)) {
      if (carries(*s->value)) {
        uses_.used = uses_.array = true;
        if (isParam(*s->value))
          uses_.store = true;
      }
      expr(s->value.get(), Ctx::Value);
      expr(s->index.get(), Ctx::Number);
      // A whole slice takes an array (`oline[...] = iline[1:-1]`), an
      // element a number.
      bool whole = isa<SliceExpr>(s->index.get()) ||
                   (isa<NameExpr>(s->index.get()) && cast<NameExpr>(s->index.get())->name == "...");
      expr(value, whole ? Ctx::Array : Ctx::Number);
      return;
    }
    if (auto *tuple = dyn_cast<TupleExpr>(t)) {
      // `y, x = output_coords`: an unpacking.
      if (value && carries(*value)) {
        uses_.used = uses_.array = true;
        if (!isParam(*value))
          uses_.coordsOnly = false;
        else
          uses_.unpacked = true;
      }
      for (auto &el : tuple->elements)
        if (auto *n = dyn_cast<NameExpr>(el.get()); n && n->name == param_)
          uses_.rebound = true;
      expr(value, Ctx::Value);
      return;
    }
    expr(t, Ctx::Unknown);
    expr(value, Ctx::Unknown);
  }

  void block(Block &b) {
    for (auto &st : b)
      stmt(*st);
  }

  void stmt(Stmt &s) {
    switch (s.kind()) {
    case Stmt::Kind::Expr:
      expr(cast<ExprStmt>(s).value.get(), Ctx::Value);
      return;
    case Stmt::Kind::Assign: {
      auto &a = cast<AssignStmt>(s);
      for (auto &t : a.targets)
        target(t.get(), a.value.get());
      return;
    }
    case Stmt::Kind::AugAssign: {
      auto &a = cast<AugAssignStmt>(s);
      if (auto *n = dyn_cast<NameExpr>(a.target.get())) {
        if (tainted_.count(n->name))
          note(Ctx::Value);
        if (a.value && carries(*a.value))
          tainted_.insert(n->name);
        expr(a.value.get(), Ctx::Number);
        return;
      }
      target(a.target.get(), a.value.get());
      return;
    }
    case Stmt::Kind::If: {
      auto &i = cast<IfStmt>(s);
      expr(i.cond.get(), Ctx::Number);
      block(i.thenBody);
      block(i.elseBody);
      return;
    }
    case Stmt::Kind::While: {
      auto &w = cast<WhileStmt>(s);
      expr(w.cond.get(), Ctx::Number);
      block(w.body);
      block(w.elseBody);
      return;
    }
    case Stmt::Kind::For: {
      auto &f = cast<ForStmt>(s);
      expr(f.iter.get(), Ctx::Array);
      if (auto *n = dyn_cast<NameExpr>(f.target.get()); n && n->name == param_)
        uses_.rebound = true;
      block(f.body);
      block(f.elseBody);
      return;
    }
    case Stmt::Kind::Return:
      expr(cast<ReturnStmt>(s).value.get(), Ctx::Number);
      return;
    case Stmt::Kind::Raise:
      expr(cast<RaiseStmt>(s).exception.get(), Ctx::Value);
      return;
    case Stmt::Kind::Assert: {
      auto &a = cast<AssertStmt>(s);
      expr(a.cond.get(), Ctx::Number);
      expr(a.message.get(), Ctx::Value);
      return;
    }
    case Stmt::Kind::Try:
      forEachChildBlock(s, [&](Block &b) { block(b); });
      return;
    case Stmt::Kind::Del:
      for (auto &t : cast<DelStmt>(s).targets)
        if (auto *n = dyn_cast<NameExpr>(t.get()); n && n->name == param_)
          uses_.rebound = true;
      return;
    default:
      return;
    }
  }
};

/// Every `return` of `block` with a value (not of a nested function).
void collectReturns(Block &block, std::vector<ReturnStmt *> &out) {
  for (auto &st : block) {
    if (auto *r = dyn_cast<ReturnStmt>(st.get()))
      out.push_back(r);
    forEachChildBlock(*st, [&](Block &b) { collectReturns(b, out); });
  }
}

bool coordsName(const std::string &name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return lower.find("coord") != std::string::npos;
}

/// A name that says the parameter is generic_filter's neighbourhood: such a
/// function stays a filter even where its body uses the name as a number
/// (which is then the error to report).
bool windowName(const std::string &name) {
  static const char *const Names[] = {"values", "value", "vals", "window", "win", "buffer",
                                      "buf", "neighbourhood", "neighborhood", "patch",
                                      "pixels", "footprint"};
  return std::find_if(std::begin(Names), std::end(Names),
                      [&](const char *n) { return name == n; }) != std::end(Names);
}

} // namespace

bool Sema::inferKind(FunctionDef &fn, FunctionKind &kind) {
  if (fn.params.empty() || fn.params[0].defaultValue || fn.params[0].keywordOnly)
    return false;
  // A nested function that reads the parameter hides its uses.
  for (auto &other : module_.functions)
    if (other->outer == &fn &&
        std::find(other->captures.begin(), other->captures.end(), fn.params[0].name) !=
            other->captures.end())
      return false;
  auto usesOf = [&](size_t i) {
    return UseScan(fn.params[i].name, moduleAliases_, fromNames_, functions_).scan(fn.body);
  };
  std::vector<ReturnStmt *> returns;
  collectReturns(fn.body, returns);
  ParamUses first = usesOf(0);
  bool second = fn.params.size() >= 2 && !fn.params[1].defaultValue && !fn.params[1].keywordOnly;
  if (second) {
    ParamUses out = usesOf(1);
    if (out.store && !out.rebound && !first.rebound && first.array && !first.unknown) {
      // (iline, oline), or a transform's (output_coords, input_coords).
      if (coordsName(fn.params[0].name)) {
        for (ReturnStmt *r : returns)
          if (r->value && !isa<NoneLiteralExpr>(r->value.get()))
            return false;
        kind = FunctionKind::Transform;
      } else {
        kind = FunctionKind::Filter1D;
      }
      return true;
    }
  }
  // (output_coords) returning a tuple on every path; a first parameter with
  // another name (`point`, `p`) when it is unpacked (`y, x = point`), which a
  // window of a filter hardly ever is.
  if (coordsName(fn.params[0].name) || (!windowName(fn.params[0].name) && first.unpacked)) {
    if (!first.used || first.rebound || !first.coordsOnly || first.store || returns.empty())
      return false;
    for (ReturnStmt *r : returns) {
      auto *call = r->value ? dyn_cast<CallExpr>(r->value.get()) : nullptr;
      auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
      if (!r->value || !(isa<TupleExpr>(r->value.get()) || (callee && callee->name == "tuple")))
        return false;
    }
    kind = FunctionKind::Transform;
    return true;
  }
  if (!windowName(fn.params[0].name) && first.used && first.number && !first.array && !first.unknown && !first.store) {
    kind = FunctionKind::Integrand;
    return true;
  }
  return false;
}

/// `return None` of a kind that returns nothing (a filter1d, a writing
/// transform) is its bare `return`: SciPy ignores what the callback returns.
void Sema::dropReturnNone(Block &block) {
  for (auto &st : block) {
    if (auto *r = dyn_cast<ReturnStmt>(st.get()); r && r->value && isa<NoneLiteralExpr>(r->value.get()))
      r->value.reset();
    forEachChildBlock(*st, [&](Block &b) { dropReturnNone(b); });
  }
}

} // namespace sema
} // namespace llcc
