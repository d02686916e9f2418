//===- Sema.cpp - Name resolution and type inference -----------------------===//
//
// Turns a parsed Module into a typed one. In order:
//   1. imports, constants and functions are collected (module scope);
//   2. each function's locals are found with Python's rule: a name assigned
//      anywhere in a function is local to all of it;
//   3. the call graph decides which functions are exported callbacks (not
//      called by others, or decorated) and which are helpers, and rejects
//      recursion;
//   4. types are inferred to a fixpoint over the whole module: a local's type
//      is the join (bool < int < float) of everything assigned to it, and a
//      helper's parameter types are the join of its call sites' arguments;
//   5. a final walk with the fixed types fills every expression's type slot
//      and reports each error once.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "Frontend.h"

#include <llvm/Support/Casting.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {

/// The join of two types in the promotion order; Unknown is the identity.
/// Incompatible types (an array and a number) join to the first.
Type join(Type a, Type b) {
  if (a == Type::Unknown)
    return b;
  if (b == Type::Unknown || a == b)
    return a;
  if (isNumeric(a) && isNumeric(b))
    return static_cast<uint8_t>(a) > static_cast<uint8_t>(b) ? a : b;
  return a;
}

bool compatible(Type var, Type value) {
  return var == Type::Unknown || value == Type::Unknown || var == value ||
         (isNumeric(var) && isNumeric(value));
}

std::string joinNames(const std::vector<std::string> &names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i ? ", " : "") + names[i];
  return out;
}

/// The value of an integer literal, possibly negated (`-1`), when `e` is one.
bool intConstant(const Expr *e, int64_t &value) {
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

class Sema {
public:
  Sema(Module &module, DiagnosticEngine &diags) : module_(module), diags_(diags) {}
  bool run();

private:
  // Module scope.
  void collectImports();
  void collectConstants();
  void collectFunctions();
  void checkModuleStatements();
  // Per function.
  void collectLocals(FunctionDef &fn);
  void collectLocalsIn(FunctionDef &fn, const Block &block, unsigned depth);
  void addLocal(FunctionDef &fn, const Expr *target);
  void buildCallGraph();
  void decideKinds();
  void rejectRecursion();
  // Inference.
  void inferFunction(FunctionDef &fn);
  void walkBlock(const Block &block, unsigned loopDepth);
  void walkStmt(Stmt &stmt, unsigned loopDepth);
  void assignTo(Expr &target, Type valueType, SourceLoc loc);
  Type typeOf(Expr &e);
  Type typeOfName(NameExpr &e);
  Type typeOfAttribute(AttributeExpr &e);
  Type typeOfBinary(BinaryExpr &e);
  Type typeOfCall(CallExpr &e);
  Type typeOfBuiltinCall(CallExpr &e, const std::string &name);
  Type typeOfFunctionCall(CallExpr &e, FunctionDef &target);
  void requireNumeric(Expr &e, Type t, const char *context);
  void requireTruthy(Expr &e, Type t);
  Type constantExprType(Expr &e);

  void error(SourceLoc loc, const std::string &message) {
    if (reporting_)
      diags_.error(loc, message);
  }

  Module &module_;
  DiagnosticEngine &diags_;
  std::map<std::string, std::string> moduleAliases_; ///< "np" -> "numpy"
  std::map<std::string, std::string> fromNames_;     ///< "sqrt" -> "math.sqrt"
  std::map<std::string, int> constants_;
  std::map<std::string, FunctionDef *> functions_;
  std::map<FunctionDef *, std::set<FunctionDef *>> callers_;

  FunctionDef *fn_ = nullptr;         ///< function being walked
  std::map<std::string, int> locals_; ///< its locals by name
  bool reporting_ = false;            ///< the final walk reports errors
  bool changed_ = false;              ///< a type moved in this round
  bool inConstant_ = false;           ///< typing a module-level constant
  bool inForIter_ = false;            ///< typing `range(...)` of a for loop
};

//===----------------------------------------------------------------------===//
// Module scope
//===----------------------------------------------------------------------===//

void Sema::collectImports() {
  for (Import &imp : module_.imports) {
    if (!isKnownModule(imp.module)) {
      diags_.error(imp.loc, "module '" + imp.module +
                                "' is not available in llcc filters; you can import numpy, "
                                "math and llcc");
      continue;
    }
    if (!imp.isFrom) {
      moduleAliases_[imp.alias.empty() ? imp.module : imp.alias] = imp.module;
      continue;
    }
    for (size_t i = 0; i < imp.names.size(); ++i) {
      const auto &[name, alias] = imp.names[i];
      SourceLoc loc = i < imp.nameLocs.size() ? imp.nameLocs[i] : imp.loc;
      std::string q = imp.module + "." + name;
      double ignored;
      if (name == "*") {
        diags_.error(loc, "'from " + imp.module +
                              " import *' is not supported; import the names you use");
        continue;
      }
      if (!findBuiltinFunction(q) && !findBuiltinConstant(q, ignored) && imp.module != "llcc") {
        diags_.error(loc, "'" + q + "' is not supported; supported names in " + imp.module +
                              ": " + joinNames(supportedMembers(imp.module)));
        continue;
      }
      fromNames_[alias.empty() ? name : alias] = q;
    }
  }
}

void Sema::collectConstants() {
  for (size_t i = 0; i < module_.constants.size(); ++i) {
    Constant &c = module_.constants[i];
    if (constants_.count(c.name)) {
      diags_.error(c.loc, "constant '" + c.name +
                              "' is assigned twice; module-level names must be assigned once");
      continue;
    }
    // A constant may use the constants before it, as in Python.
    reporting_ = true;
    inConstant_ = true;
    c.type = constantExprType(*c.value);
    if (c.type != Type::Unknown && !isNumeric(c.type)) {
      diags_.error(c.value->loc(), "a module-level constant must be a number");
      c.type = Type::Unknown;
    }
    inConstant_ = false;
    reporting_ = false;
    constants_[c.name] = static_cast<int>(i);
  }
}

void Sema::collectFunctions() {
  for (auto &fn : module_.functions) {
    if (functions_.count(fn->name)) {
      diags_.error(fn->nameLoc, "function '" + fn->name +
                                    "' is defined twice; give each function its own name");
      continue;
    }
    if (constants_.count(fn->name)) {
      diags_.error(fn->nameLoc, "'" + fn->name + "' is both a constant and a function");
      continue;
    }
    functions_[fn->name] = fn.get();
  }
}

void Sema::checkModuleStatements() {
  for (auto &stmt : module_.otherStatements) {
    if (auto *es = dyn_cast<ExprStmt>(stmt.get()))
      if (isa<StringLiteralExpr>(es->value.get()))
        continue; // a module docstring
    if (auto *u = dyn_cast<UnsupportedStmt>(stmt.get())) {
      diags_.error(u->loc(), u->what + " is not supported in llcc filters");
      continue;
    }
    diags_.error(stmt->loc(), "only imports, constants (NAME = value) and function definitions "
                              "may appear at module level");
  }
}

/// A constant's value: literals, math/numpy constants, earlier constants,
/// and arithmetic on them.
Type Sema::constantExprType(Expr &e) {
  switch (e.kind()) {
  case Expr::Kind::IntLiteral:
  case Expr::Kind::FloatLiteral:
  case Expr::Kind::BoolLiteral:
  case Expr::Kind::Name:
  case Expr::Kind::Attribute:
    return typeOf(e);
  case Expr::Kind::Unary: {
    auto &u = cast<UnaryExpr>(e);
    constantExprType(*u.operand);
    return typeOf(e);
  }
  case Expr::Kind::Binary: {
    auto &b = cast<BinaryExpr>(e);
    if (b.op == BinaryOp::And || b.op == BinaryOp::Or)
      break;
    constantExprType(*b.lhs);
    constantExprType(*b.rhs);
    return typeOf(e);
  }
  default:
    break;
  }
  error(e.loc(), "a module-level constant must be a number or an expression of numbers and "
                 "earlier constants");
  return Type::Unknown;
}

//===----------------------------------------------------------------------===//
// Locals, call graph, kinds
//===----------------------------------------------------------------------===//

void Sema::addLocal(FunctionDef &fn, const Expr *target) {
  if (auto *name = dyn_cast<NameExpr>(target)) {
    for (const LocalVar &v : fn.locals)
      if (v.name == name->name)
        return;
    LocalVar v;
    v.name = name->name;
    v.firstLoc = name->loc();
    fn.locals.push_back(v);
  } else if (auto *tuple = dyn_cast<TupleExpr>(target)) {
    for (auto &el : tuple->elements)
      addLocal(fn, el.get());
  }
}

void Sema::collectLocalsIn(FunctionDef &fn, const Block &block, unsigned depth) {
  if (depth > MaxNestingDepth)
    return;
  for (const auto &stmt : block) {
    if (auto *a = dyn_cast<AssignStmt>(stmt.get())) {
      for (auto &t : a->targets)
        addLocal(fn, t.get());
    } else if (auto *a = dyn_cast<AugAssignStmt>(stmt.get())) {
      addLocal(fn, a->target.get());
    } else if (auto *s = dyn_cast<ForStmt>(stmt.get())) {
      addLocal(fn, s->target.get());
      collectLocalsIn(fn, s->body, depth + 1);
      collectLocalsIn(fn, s->elseBody, depth + 1);
    } else if (auto *s = dyn_cast<WhileStmt>(stmt.get())) {
      collectLocalsIn(fn, s->body, depth + 1);
      collectLocalsIn(fn, s->elseBody, depth + 1);
    } else if (auto *s = dyn_cast<IfStmt>(stmt.get())) {
      collectLocalsIn(fn, s->thenBody, depth + 1);
      collectLocalsIn(fn, s->elseBody, depth + 1);
    }
  }
}

void Sema::collectLocals(FunctionDef &fn) {
  fn.locals.clear();
  std::set<std::string> seen;
  for (Param &p : fn.params) {
    if (!seen.insert(p.name).second) {
      diags_.error(p.loc, "duplicate parameter '" + p.name + "'");
      continue;
    }
    LocalVar v;
    v.name = p.name;
    v.firstLoc = p.loc;
    v.isParam = true;
    fn.locals.push_back(v);
  }
  collectLocalsIn(fn, fn.body, 0);
}

void Sema::buildCallGraph() {
  // Every call of a module function by name, found by a walk over the
  // bodies. Names shadowed by a local are not calls of the function.
  std::function<void(FunctionDef &, Expr *, unsigned)> visitExpr;
  std::function<void(FunctionDef &, const Block &, unsigned)> visitBlock;
  auto isLocal = [](FunctionDef &fn, const std::string &name) {
    for (const LocalVar &v : fn.locals)
      if (v.name == name)
        return true;
    return false;
  };
  visitExpr = [&](FunctionDef &fn, Expr *e, unsigned depth) {
    if (!e || depth > MaxNestingDepth)
      return;
    if (auto *call = dyn_cast<CallExpr>(e)) {
      if (auto *name = dyn_cast<NameExpr>(call->callee.get())) {
        auto it = functions_.find(name->name);
        if (it != functions_.end() && !isLocal(fn, name->name)) {
          fn.callees.push_back(it->second);
          callers_[it->second].insert(&fn);
        }
      }
      visitExpr(fn, call->callee.get(), depth + 1);
      for (auto &a : call->args)
        visitExpr(fn, a.get(), depth + 1);
      for (auto &k : call->keywords)
        visitExpr(fn, k.value.get(), depth + 1);
    } else if (auto *b = dyn_cast<BinaryExpr>(e)) {
      visitExpr(fn, b->lhs.get(), depth + 1);
      visitExpr(fn, b->rhs.get(), depth + 1);
    } else if (auto *u = dyn_cast<UnaryExpr>(e)) {
      visitExpr(fn, u->operand.get(), depth + 1);
    } else if (auto *c = dyn_cast<CompareExpr>(e)) {
      for (auto &o : c->operands)
        visitExpr(fn, o.get(), depth + 1);
    } else if (auto *i = dyn_cast<IfExpExpr>(e)) {
      visitExpr(fn, i->cond.get(), depth + 1);
      visitExpr(fn, i->thenExpr.get(), depth + 1);
      visitExpr(fn, i->elseExpr.get(), depth + 1);
    } else if (auto *s = dyn_cast<SubscriptExpr>(e)) {
      visitExpr(fn, s->value.get(), depth + 1);
      visitExpr(fn, s->index.get(), depth + 1);
    } else if (auto *t = dyn_cast<TupleExpr>(e)) {
      for (auto &el : t->elements)
        visitExpr(fn, el.get(), depth + 1);
    } else if (auto *l = dyn_cast<ListExpr>(e)) {
      for (auto &el : l->elements)
        visitExpr(fn, el.get(), depth + 1);
    } else if (auto *a = dyn_cast<AttributeExpr>(e)) {
      visitExpr(fn, a->value.get(), depth + 1);
    } else if (auto *sl = dyn_cast<SliceExpr>(e)) {
      visitExpr(fn, sl->start.get(), depth + 1);
      visitExpr(fn, sl->stop.get(), depth + 1);
      visitExpr(fn, sl->step.get(), depth + 1);
    }
  };
  visitBlock = [&](FunctionDef &fn, const Block &block, unsigned depth) {
    if (depth > MaxNestingDepth)
      return;
    for (const auto &stmt : block) {
      switch (stmt->kind()) {
      case Stmt::Kind::Expr:
        visitExpr(fn, cast<ExprStmt>(stmt.get())->value.get(), depth);
        break;
      case Stmt::Kind::Assign: {
        auto *a = cast<AssignStmt>(stmt.get());
        visitExpr(fn, a->value.get(), depth);
        for (auto &t : a->targets)
          visitExpr(fn, t.get(), depth);
        break;
      }
      case Stmt::Kind::AugAssign: {
        auto *a = cast<AugAssignStmt>(stmt.get());
        visitExpr(fn, a->target.get(), depth);
        visitExpr(fn, a->value.get(), depth);
        break;
      }
      case Stmt::Kind::If: {
        auto *s = cast<IfStmt>(stmt.get());
        visitExpr(fn, s->cond.get(), depth);
        visitBlock(fn, s->thenBody, depth + 1);
        visitBlock(fn, s->elseBody, depth + 1);
        break;
      }
      case Stmt::Kind::While: {
        auto *s = cast<WhileStmt>(stmt.get());
        visitExpr(fn, s->cond.get(), depth);
        visitBlock(fn, s->body, depth + 1);
        visitBlock(fn, s->elseBody, depth + 1);
        break;
      }
      case Stmt::Kind::For: {
        auto *s = cast<ForStmt>(stmt.get());
        visitExpr(fn, s->iter.get(), depth);
        visitBlock(fn, s->body, depth + 1);
        visitBlock(fn, s->elseBody, depth + 1);
        break;
      }
      case Stmt::Kind::Return:
        visitExpr(fn, cast<ReturnStmt>(stmt.get())->value.get(), depth);
        break;
      default:
        break;
      }
    }
  };
  for (auto &fn : module_.functions) {
    for (Param &p : fn->params)
      visitExpr(*fn, p.defaultValue.get(), 0);
    visitBlock(*fn, fn->body, 0);
  }
}

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
      if (qualified == "llcc.filter") {
        fn.fkind = FunctionKind::Filter;
        decorated = true;
      } else if (qualified == "llcc.filter1d" || qualified == "llcc.transform" ||
                 qualified == "llcc.integrand") {
        diags_.error(d.loc, "'@" + qualified +
                                "' is not supported yet; this version compiles generic_filter "
                                "callbacks (@llcc.filter or an undecorated function)");
        decorated = true;
      } else {
        diags_.error(d.loc, "unknown decorator '@" + name +
                                "'; use @llcc.filter (after 'import llcc') or no decorator");
      }
    }
    if (!decorated)
      fn.fkind = callers_[&fn].empty() ? FunctionKind::Filter : FunctionKind::Helper;
    if (fn.fkind != FunctionKind::Filter)
      continue;
    // A generic_filter callback receives exactly one array.
    if (fn.params.size() != 1 || fn.params[0].defaultValue) {
      SourceLoc loc = fn.params.size() > 1 ? fn.params[1].loc : fn.nameLoc;
      diags_.error(loc, "filter function '" + fn.name +
                            "' must take exactly one parameter, the array of neighbourhood "
                            "values (functions that other functions call are helpers and may "
                            "take any parameters)");
    }
    if (!fn.locals.empty() && fn.locals[0].isParam)
      fn.locals[0].type = Type::FloatArray;
  }
}

void Sema::rejectRecursion() {
  // Depth-first search for a cycle; report each cycle once at its first
  // call of a function already on the stack.
  std::map<FunctionDef *, int> state; // 0 new, 1 on stack, 2 done
  std::function<void(FunctionDef *)> visit = [&](FunctionDef *fn) {
    state[fn] = 1;
    for (FunctionDef *callee : fn->callees) {
      if (state[callee] == 1) {
        diags_.error(fn->nameLoc, "recursion is not supported: '" + fn->name + "' calls '" +
                                      callee->name +
                                      "', which leads back to it; write it as a loop");
      } else if (state[callee] == 0) {
        visit(callee);
      }
    }
    state[fn] = 2;
  };
  for (auto &fn : module_.functions)
    if (state[fn.get()] == 0)
      visit(fn.get());
}

//===----------------------------------------------------------------------===//
// Inference walk (also the final, reporting walk)
//===----------------------------------------------------------------------===//

void Sema::inferFunction(FunctionDef &fn) {
  fn_ = &fn;
  locals_.clear();
  for (size_t i = 0; i < fn.locals.size(); ++i)
    locals_[fn.locals[i].name] = static_cast<int>(i);
  // Helper parameters with defaults take the default's type too.
  for (size_t i = 0; i < fn.params.size(); ++i) {
    if (fn.params[i].defaultValue) {
      bool saved = inConstant_;
      inConstant_ = true;
      Type t = constantExprType(*fn.params[i].defaultValue);
      inConstant_ = saved;
      if (i < fn.locals.size()) {
        Type j = join(fn.locals[i].type, t);
        if (j != fn.locals[i].type) {
          fn.locals[i].type = j;
          changed_ = true;
        }
      }
    }
  }
  walkBlock(fn.body, 0);
  fn_ = nullptr;
}

void Sema::walkBlock(const Block &block, unsigned loopDepth) {
  for (const auto &stmt : block)
    walkStmt(*stmt, loopDepth);
}

void Sema::assignTo(Expr &target, Type valueType, SourceLoc loc) {
  if (auto *name = dyn_cast<NameExpr>(&target)) {
    auto it = locals_.find(name->name);
    internalCheck(it != locals_.end(), "assignment target is not a collected local");
    name->ref = NameRef::Local;
    name->localIndex = it->second;
    LocalVar &var = fn_->locals[it->second];
    if (var.isParam && var.type == Type::FloatArray && fn_->fkind == FunctionKind::Filter &&
        it->second == 0) {
      error(name->loc(), "cannot assign to '" + name->name +
                             "': it is the filter's array of neighbourhood values");
      return;
    }
    if (!compatible(var.type, valueType)) {
      error(loc, "'" + name->name + "' holds a " + typeName(var.type) +
                     " elsewhere and cannot also hold a " + typeName(valueType) +
                     "; use a separate variable");
      return;
    }
    if (valueType == Type::None || valueType == Type::Tuple || valueType == Type::Module ||
        valueType == Type::Function) {
      error(loc, std::string("cannot assign a ") + typeName(valueType) + " to a variable");
      return;
    }
    Type j = join(var.type, valueType);
    if (j != var.type) {
      var.type = j;
      changed_ = true;
    }
    name->type = var.type;
    return;
  }
  if (auto *sub = dyn_cast<SubscriptExpr>(&target)) {
    Type t = typeOf(*sub->value);
    typeOf(*sub->index);
    if (isArray(t))
      error(target.loc(), "the array of neighbourhood values is read-only; copy what you need "
                          "into variables");
    else
      error(target.loc(), "only arrays can be indexed");
    return;
  }
  if (isa<TupleExpr>(&target)) {
    error(target.loc(), "a tuple target needs a tuple of the same length on the right, as in "
                        "'a, b = b, a'");
    return;
  }
  error(target.loc(), "cannot assign to this expression; assign to a variable name");
}

void Sema::walkStmt(Stmt &stmt, unsigned loopDepth) {
  switch (stmt.kind()) {
  case Stmt::Kind::Expr: {
    auto &s = cast<ExprStmt>(stmt);
    if (isa<StringLiteralExpr>(s.value.get()))
      return; // a docstring or a string used as a comment
    typeOf(*s.value);
    return;
  }
  case Stmt::Kind::Assign: {
    auto &s = cast<AssignStmt>(stmt);
    for (auto &target : s.targets) {
      auto *tt = dyn_cast<TupleExpr>(target.get());
      auto *tv = dyn_cast<TupleExpr>(s.value.get());
      if (tt && tv && tt->elements.size() == tv->elements.size()) {
        bool flat = true;
        for (auto &el : tt->elements)
          flat &= isa<NameExpr>(el.get()) || isa<SubscriptExpr>(el.get());
        if (!flat) {
          error(tt->loc(), "nested tuple targets are not supported; unpack one level at a time");
          continue;
        }
        for (size_t i = 0; i < tt->elements.size(); ++i) {
          Type t = typeOf(*tv->elements[i]);
          assignTo(*tt->elements[i], t, tv->elements[i]->loc());
        }
        tv->type = Type::Tuple;
        tt->type = Type::Tuple;
        continue;
      }
      if (tt && tv) {
        error(tt->loc(), "cannot unpack " + std::to_string(tv->elements.size()) +
                             " values into " + std::to_string(tt->elements.size()) +
                             " targets");
        continue;
      }
      if (tv) {
        for (auto &el : tv->elements)
          typeOf(*el);
        error(tv->loc(), "tuples can only be assigned to a tuple of names, as in 'a, b = b, a'");
        continue;
      }
      Type t = typeOf(*s.value);
      requireNumeric(*s.value, t == Type::FloatArray ? Type::Float : t, "assigned");
      assignTo(*target, t, s.value->loc());
    }
    return;
  }
  case Stmt::Kind::AugAssign: {
    auto &s = cast<AugAssignStmt>(stmt);
    // `x op= v` has the type of `x op v`.
    Type lhs = typeOf(*s.target);
    Type rhs = typeOf(*s.value);
    Type result = Type::Unknown;
    if (isNumeric(lhs) && isNumeric(rhs)) {
      // Reuse the binary typing rules on the two operand types.
      if (s.op == BinaryOp::Div)
        result = Type::Float;
      else if (s.op == BinaryOp::Pow) {
        int64_t k;
        result = (lhs == Type::Float || rhs == Type::Float ||
                  (intConstant(s.value.get(), k) && k < 0))
                     ? Type::Float
                     : Type::Int;
      } else if (s.op == BinaryOp::BitAnd || s.op == BinaryOp::BitOr ||
                 s.op == BinaryOp::BitXor || s.op == BinaryOp::LShift ||
                 s.op == BinaryOp::RShift) {
        if (lhs == Type::Float || rhs == Type::Float)
          error(s.loc(), std::string("unsupported operand type for ") + binaryOpSpelling(s.op) +
                             "=: 'float'");
        result = Type::Int;
      } else if (s.op == BinaryOp::MatMul) {
        error(s.loc(), "'@=' (matrix multiplication) is not supported");
      } else {
        result = (lhs == Type::Float || rhs == Type::Float) ? Type::Float : Type::Int;
      }
    } else if (lhs != Type::Unknown && rhs != Type::Unknown) {
      if (isArray(lhs) || isArray(rhs))
        error(s.loc(), std::string("array arithmetic is not supported yet; loop over the "
                                   "elements instead"));
      else
        error(s.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(s.op) +
                           "=: '" + typeName(lhs) + "' and '" + typeName(rhs) + "'");
    }
    assignTo(*s.target, result, s.loc());
    return;
  }
  case Stmt::Kind::If: {
    auto &s = cast<IfStmt>(stmt);
    requireTruthy(*s.cond, typeOf(*s.cond));
    walkBlock(s.thenBody, loopDepth);
    walkBlock(s.elseBody, loopDepth);
    return;
  }
  case Stmt::Kind::While: {
    auto &s = cast<WhileStmt>(stmt);
    requireTruthy(*s.cond, typeOf(*s.cond));
    walkBlock(s.body, loopDepth + 1);
    walkBlock(s.elseBody, loopDepth);
    return;
  }
  case Stmt::Kind::For: {
    auto &s = cast<ForStmt>(stmt);
    Type elem = Type::Unknown;
    auto *call = dyn_cast<CallExpr>(s.iter.get());
    auto *calleeName = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
    bool isRange = calleeName && calleeName->name == "range" && !locals_.count("range") &&
                   !functions_.count("range") && !constants_.count("range");
    if (isRange) {
      inForIter_ = true;
      typeOfCall(*call);
      inForIter_ = false;
      elem = Type::Int;
    } else {
      Type t = typeOf(*s.iter);
      if (t == Type::FloatArray)
        elem = Type::Float;
      else if (t == Type::IntArray)
        elem = Type::Int;
      else if (t != Type::Unknown)
        error(s.iter->loc(), std::string("cannot iterate over a ") + typeName(t) +
                                 "; loop over range(...) or an array");
    }
    if (isa<NameExpr>(s.target.get()))
      assignTo(*s.target, elem, s.target->loc());
    else
      error(s.target->loc(), "a for loop variable must be a single name");
    walkBlock(s.body, loopDepth + 1);
    walkBlock(s.elseBody, loopDepth);
    return;
  }
  case Stmt::Kind::Break:
  case Stmt::Kind::Continue:
    if (loopDepth == 0)
      error(stmt.loc(), std::string("'") + (isa<BreakStmt>(&stmt) ? "break" : "continue") +
                            "' outside loop");
    return;
  case Stmt::Kind::Pass:
    return;
  case Stmt::Kind::Return: {
    auto &s = cast<ReturnStmt>(stmt);
    Type t = Type::None;
    if (s.value) {
      if (isa<TupleExpr>(s.value.get())) {
        for (auto &el : cast<TupleExpr>(s.value.get())->elements)
          typeOf(*el);
        error(s.value->loc(), "returning a tuple is not supported; return one number");
        return;
      }
      t = typeOf(*s.value);
      if (t == Type::None && isa<NoneLiteralExpr>(s.value.get()))
        t = Type::None;
      else
        requireNumeric(*s.value, t, "returned");
    }
    if (t == Type::Unknown)
      return;
    if (fn_->fkind == FunctionKind::Filter && !isNumeric(t)) {
      error(s.loc(), "a filter must return a number (int, float or bool)");
      return;
    }
    if (fn_->returnType != Type::Unknown && (fn_->returnType == Type::None) != (t == Type::None)) {
      error(s.loc(), "'" + fn_->name +
                         "' returns a number on some paths and nothing on others; return a "
                         "number everywhere");
      return;
    }
    Type j = join(fn_->returnType, t);
    if (j != fn_->returnType) {
      fn_->returnType = j;
      changed_ = true;
    }
    return;
  }
  case Stmt::Kind::Unsupported: {
    auto &s = cast<UnsupportedStmt>(stmt);
    error(s.loc(), s.what + " is not supported in llcc filters");
    return;
  }
  }
}

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
    error(e.loc(), "strings are only allowed as docstrings");
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
    if (isArray(o)) {
      error(e.loc(), "array arithmetic is not supported yet; loop over the elements instead");
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
    for (size_t i = 0; i < c.operands.size(); ++i) {
      Type o = typeOf(*c.operands[i]);
      if (isArray(o))
        error(c.operands[i]->loc(), "comparing arrays is not supported yet; compare elements");
      else
        requireNumeric(*c.operands[i], o, "compared");
    }
    for (CompareOp op : c.ops) {
      if (op == CompareOp::Is || op == CompareOp::IsNot)
        error(e.loc(), "'is' compares object identity, which numbers do not have in llcc; use "
                       "'==' or '!='");
      else if (op == CompareOp::In || op == CompareOp::NotIn)
        error(e.loc(), "'in' is not supported yet; loop over the values instead");
    }
    t = Type::Bool;
    break;
  }
  case Expr::Kind::IfExp: {
    auto &i = cast<IfExpExpr>(e);
    requireTruthy(*i.cond, typeOf(*i.cond));
    Type a = typeOf(*i.thenExpr);
    Type b = typeOf(*i.elseExpr);
    requireNumeric(*i.thenExpr, a, "chosen");
    requireNumeric(*i.elseExpr, b, "chosen");
    t = join(a, b);
    break;
  }
  case Expr::Kind::Call:
    t = typeOfCall(cast<CallExpr>(e));
    break;
  case Expr::Kind::Subscript: {
    auto &s = cast<SubscriptExpr>(e);
    Type v = typeOf(*s.value);
    if (isa<SliceExpr>(s.index.get())) {
      error(s.index->loc(), "slices are not supported yet; index single elements");
      break;
    }
    if (isa<TupleExpr>(s.index.get())) {
      error(s.index->loc(), "the neighbourhood array is one-dimensional; use a single index");
      break;
    }
    Type i = typeOf(*s.index);
    if (v != Type::Unknown && !isArray(v)) {
      error(s.value->loc(), std::string("a ") + typeName(v) + " cannot be indexed");
      break;
    }
    if (i == Type::Float)
      error(s.index->loc(), "array indices must be integers, not float; use int(...)");
    else if (i != Type::Unknown && i != Type::Int && i != Type::Bool)
      requireNumeric(*s.index, i, "used as an index");
    t = v == Type::IntArray ? Type::Int : Type::Float;
    break;
  }
  case Expr::Kind::Tuple:
    for (auto &el : cast<TupleExpr>(e).elements)
      typeOf(*el);
    error(e.loc(), "tuples are only supported in assignments like 'a, b = b, a'");
    break;
  case Expr::Kind::List:
    for (auto &el : cast<ListExpr>(e).elements)
      typeOf(*el);
    error(e.loc(), "lists are not supported yet; use variables or loop over the values");
    break;
  case Expr::Kind::Slice:
    error(e.loc(), "slices are not supported yet; index single elements");
    break;
  }
  e.type = t;
  return t;
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
      return fn_->locals[it->second].type;
    }
  }
  auto c = constants_.find(e.name);
  if (c != constants_.end()) {
    e.ref = NameRef::Constant;
    e.constIndex = c->second;
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
  error(e.loc(), "name '" + e.name + "' is not defined");
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
    error(e.loc(), "'" + q + "' is not supported; supported names in " + mod + ": " +
                       joinNames(supportedMembers(mod)));
    return Type::Unknown;
  }
  if (isArray(base)) {
    if (e.attr == "size")
      return Type::Int;
    error(e.loc(), "array attribute '." + e.attr + "' is not supported; use len(values)");
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
  if (isArray(a) || isArray(b)) {
    error(e.loc(), "array arithmetic is not supported yet; loop over the elements instead");
    return Type::Unknown;
  }
  if (!isNumeric(a) || !isNumeric(b)) {
    error(e.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(e.op) +
                       ": '" + typeName(a) + "' and '" + typeName(b) + "'");
    return Type::Unknown;
  }
  bool anyFloat = a == Type::Float || b == Type::Float;
  switch (e.op) {
  case BinaryOp::Add:
  case BinaryOp::Sub:
  case BinaryOp::Mul:
  case BinaryOp::FloorDiv:
  case BinaryOp::Mod:
    return anyFloat ? Type::Float : Type::Int;
  case BinaryOp::Div:
    return Type::Float;
  case BinaryOp::Pow: {
    // int ** int is an int unless the exponent is a negative literal
    // (Python gives a float then); a negative exponent known only at run
    // time is a runtime error rather than a silently different type.
    int64_t k;
    if (anyFloat || (intConstant(e.rhs.get(), k) && k < 0))
      return Type::Float;
    return Type::Int;
  }
  case BinaryOp::And:
  case BinaryOp::Or:
    return join(a, b);
  case BinaryOp::BitAnd:
  case BinaryOp::BitOr:
  case BinaryOp::BitXor:
    if (anyFloat) {
      error(e.loc(), std::string("unsupported operand type for ") + binaryOpSpelling(e.op) +
                         ": 'float'");
      return Type::Unknown;
    }
    return a == Type::Bool && b == Type::Bool ? Type::Bool : Type::Int;
  case BinaryOp::LShift:
  case BinaryOp::RShift:
    if (anyFloat) {
      error(e.loc(), std::string("unsupported operand type for ") + binaryOpSpelling(e.op) +
                         ": 'float'");
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
  if (auto *n = dyn_cast<NameExpr>(e.callee.get())) {
    calleeType = typeOfName(*n);
    n->type = calleeType;
    if (n->ref == NameRef::Function) {
      e.target = n->function;
      return typeOfFunctionCall(e, *n->function);
    }
    if (n->ref == NameRef::Builtin)
      name = n->qualifiedName;
    else if (calleeType != Type::Unknown) {
      error(e.callee->loc(), "'" + n->name + "' is a " + typeName(calleeType) +
                                 ", not a function");
      for (auto &a : e.args)
        typeOf(*a);
      return Type::Unknown;
    }
  } else if (auto *a = dyn_cast<AttributeExpr>(e.callee.get())) {
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
      typeOf(*arg);
    return Type::Unknown;
  }
  e.builtin = name;
  return typeOfBuiltinCall(e, name);
}

Type Sema::typeOfFunctionCall(CallExpr &e, FunctionDef &target) {
  std::vector<Expr *> bound(target.params.size(), nullptr);
  if (e.args.size() > target.params.size()) {
    error(e.loc(), "'" + target.name + "' takes " + std::to_string(target.params.size()) +
                       " argument(s) but " + std::to_string(e.args.size()) + " were given");
  }
  for (size_t i = 0; i < e.args.size() && i < bound.size(); ++i)
    bound[i] = e.args[i].get();
  for (KeywordArg &k : e.keywords) {
    size_t i = 0;
    while (i < target.params.size() && target.params[i].name != k.name)
      ++i;
    if (i == target.params.size()) {
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
        error(e.loc(), "'" + target.name + "' is missing argument '" + target.params[i].name +
                           "'");
      continue;
    }
    Type t = typeOf(*bound[i]);
    if (t == Type::Unknown || i >= target.locals.size())
      continue;
    if (!isNumeric(t) && !isArray(t)) {
      requireNumeric(*bound[i], t, "passed");
      continue;
    }
    LocalVar &param = target.locals[i];
    if (!compatible(param.type, t)) {
      error(bound[i]->loc(), "'" + target.name + "' is called with a " + typeName(t) +
                                 " for '" + param.name + "' here and a " +
                                 typeName(param.type) + " elsewhere");
      continue;
    }
    Type j = join(param.type, t);
    if (j != param.type) {
      param.type = j;
      changed_ = true;
    }
  }
  if (target.returnType == Type::None && reporting_) {
    // Calling a function that returns nothing is fine as a statement; Sema
    // reports a use of the value where a number is needed.
  }
  return target.returnType;
}

Type Sema::typeOfBuiltinCall(CallExpr &e, const std::string &name) {
  const BuiltinFunction *b = findBuiltinFunction(name);
  std::vector<Type> args;
  for (auto &a : e.args)
    args.push_back(typeOf(*a));
  if (!b) {
    error(e.callee->loc(), "'" + name + "' is not supported");
    return Type::Unknown;
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
  bool reduces = (name == "min" || name == "max" || name == "sum" || name == "len") &&
                 args.size() == 1;
  for (size_t i = 0; i < args.size(); ++i) {
    if (reduces) {
      if (!isArray(args[i]))
        error(e.args[i]->loc(), "'" + name + "' of one argument needs an array, like " + name +
                                    "(values)");
      continue;
    }
    if (isArray(args[i]))
      error(e.args[i]->loc(), "'" + name +
                                  "' of an array is not supported yet; apply it to elements");
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
    return args[0] == Type::Float ? Type::Float : Type::Int;
  case BuiltinResult::JoinOrElem: {
    if (args.size() == 1)
      return args[0] == Type::IntArray ? Type::Int : Type::Float;
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
        error(e.loc(), "round(int, ndigits) is not supported; round a float");
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
    if (name == "sum")
      return args[0] == Type::IntArray ? Type::Int : Type::Float;
    if (name == "pow") {
      int64_t k;
      if (args[0] == Type::Float || args[1] == Type::Float ||
          (intConstant(e.args[1].get(), k) && k < 0))
        return Type::Float;
      return Type::Int;
    }
    break;
  }
  return Type::Unknown;
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

bool Sema::run() {
  collectImports();
  collectConstants();
  collectFunctions();
  checkModuleStatements();
  for (auto &fn : module_.functions)
    collectLocals(*fn);
  buildCallGraph();
  decideKinds();
  rejectRecursion();
  if (diags_.hasErrors())
    return false;

  // Fixpoint: the lattice is finite (each type can only move up), so this
  // ends; the bound is a guard against a bug, not a limit users can reach.
  for (unsigned round = 0; round < 64; ++round) {
    changed_ = false;
    for (auto &fn : module_.functions)
      inferFunction(*fn);
    if (!changed_)
      break;
  }
  reporting_ = true;
  for (auto &fn : module_.functions)
    inferFunction(*fn);

  for (auto &fn : module_.functions) {
    if (fn->fkind == FunctionKind::Filter && fn->returnType == Type::Unknown &&
        !diags_.hasErrors())
      diags_.error(fn->nameLoc, "filter function '" + fn->name +
                                    "' never returns a value; end it with 'return <number>'");
    if (fn->returnType == Type::Unknown && fn->fkind == FunctionKind::Helper)
      fn->returnType = Type::None;
    for (LocalVar &v : fn->locals)
      if (v.type == Type::Unknown && !diags_.hasErrors())
        diags_.error(v.firstLoc, "cannot infer a type for '" + v.name +
                                     "'" + (v.isParam ? ": the function is never called" : ""));
  }
  return !diags_.hasErrors();
}

} // namespace

bool analyzeModule(Module &module, DiagnosticEngine &diags) {
  unsigned before = diags.errorCount();
  Sema sema(module, diags);
  sema.run();
  return diags.errorCount() == before;
}

} // namespace llcc
