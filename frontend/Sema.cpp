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
#include "SemaImpl.h"

#include <functional>

namespace llcc {
namespace sema {

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
        std::string hint = suggestMember(imp.module, "", name);
        if (hint.empty() && listedModules_.insert(imp.module).second)
          hint = "; supported names in " + imp.module + ": " + joinNames(supportedMembers(imp.module));
        diags_.error(loc, "'" + q + "' is not supported" + hint);
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
    c.shape = c.value->shape;
    if (c.type != Type::Unknown && !isNumeric(c.type) && c.type != Type::Str &&
        c.type != Type::Tuple && !isNdarray(c.type)) {
      diags_.error(c.value->loc(), "a module-level constant must be a number or a str");
      c.type = Type::Unknown;
    }
    inConstant_ = false;
    reporting_ = false;
    constants_[c.name] = static_cast<int>(i);
  }
}

void Sema::collectFunctions() {
  for (auto &fn : module_.functions) {
    if (fn->outer)
      continue; // seen only inside its function (nestedFunction)
    if (functions_.count(fn->name)) {
      diags_.error(fn->nameLoc,
                   "function '" + fn->name + "' is defined twice; give each function its own name");
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
      diags_.error(u->loc(), describeUnsupported(u->what));
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
  case Expr::Kind::StringLiteral:
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
  case Expr::Kind::Tuple:
  case Expr::Kind::List:
    return constantSequenceType(e); // WEIGHTS = (1, 2, 1), KERNEL = [[...], ...]
  case Expr::Kind::Call:
    if (!inConstant_ || fn_)
      break; // parameter defaults are numbers
    e.type = constantArrayType(cast<CallExpr>(e)); // W = np.array([...])
    return e.type;
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
    v.mayBeNone = p.defaultValue && isa<NoneLiteralExpr>(p.defaultValue.get());
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
  auto resolveFunction = [&](FunctionDef &fn, const std::string &name) -> FunctionDef * {
    if (isLocal(fn, name))
      return nullptr;
    if (FunctionDef *nested = nestedFunction(&fn, name))
      return nested;
    auto it = functions_.find(name);
    return it == functions_.end() ? nullptr : it->second;
  };
  visitExpr = [&](FunctionDef &fn, Expr *e, unsigned depth) {
    if (!e || depth > MaxNestingDepth)
      return;
    if (auto *call = dyn_cast<CallExpr>(e)) {
      if (auto *name = dyn_cast<NameExpr>(call->callee.get())) {
        if (FunctionDef *callee = resolveFunction(fn, name->name)) {
          fn.callees.push_back(callee);
          // A function that only calls itself is still exported.
          if (callee != &fn)
            callers_[callee].insert(&fn);
        }
      }
      if (!isa<NameExpr>(call->callee.get()))
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
    } else if (auto *f = dyn_cast<FStringExpr>(e)) {
      for (auto &field : f->fields)
        visitExpr(fn, field.value.get(), depth + 1);
    } else if (auto *name = dyn_cast<NameExpr>(e)) {
      // A helper passed by name (`key=score`) is called by the callee.
      if (FunctionDef *callee = resolveFunction(fn, name->name)) {
        fn.callees.push_back(callee);
        if (callee != &fn)
          callers_[callee].insert(&fn);
      }
    } else {
      forEachContainerChild(*e, [&](Expr *child) { visitExpr(fn, child, depth + 1); });
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
      case Stmt::Kind::Raise:
        visitExpr(fn, cast<RaiseStmt>(stmt.get())->exception.get(), depth);
        break;
      case Stmt::Kind::Assert:
        visitExpr(fn, cast<AssertStmt>(stmt.get())->cond.get(), depth);
        visitExpr(fn, cast<AssertStmt>(stmt.get())->message.get(), depth);
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

void Sema::rejectRecursion() {
  // Depth-first search for a cycle; report each cycle once at its first
  // call of a function already on the stack.
  std::map<FunctionDef *, int> state; // 0 new, 1 on stack, 2 done
  std::function<void(FunctionDef *)> visit = [&](FunctionDef *fn) {
    state[fn] = 1;
    for (FunctionDef *callee : fn->callees) {
      if (state[callee] == 1) {
        // A cycle: every function on it counts towards the recursion limit.
        callee->recursive = true;
        fn->recursive = true;
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
  // A standard library function is typed once its calls have given every
  // parameter a type: typed earlier, a comparison of a still unknown array
  // would fix a local as a bool.
  if (fn.isLibrary)
    for (size_t i = 0; i < fn.params.size() && i < fn.locals.size(); ++i)
      if (!fn.params[i].defaultValue && fn.locals[i].type == Type::Unknown)
        return;
  fn_ = &fn;
  locals_.clear();
  // Hidden locals (comprehension targets, lambda parameters) are in scope
  // only where their comprehension or lambda binds them.
  for (size_t i = 0; i < fn.locals.size(); ++i)
    if (!fn.locals[i].hidden)
      locals_[fn.locals[i].name] = static_cast<int>(i);
  // Helper parameters with defaults take the default's type too.
  for (size_t i = 0; i < fn.params.size(); ++i) {
    if (fn.params[i].defaultValue && !isa<NoneLiteralExpr>(fn.params[i].defaultValue.get())) {
      bool saved = inConstant_;
      inConstant_ = true;
      Type t = constantExprType(*fn.params[i].defaultValue);
      inConstant_ = saved;
      if (i < fn.locals.size()) {
        if (!joinInto(fn.locals[i].type, fn.locals[i].shape, t, fn.params[i].defaultValue->shape))
          error(fn.params[i].defaultValue->loc(),
                "this default is a tuple of another shape than the arguments passed for '" +
                    fn.params[i].name + "'");
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

void Sema::assignTo(Expr &target, Type valueType, SourceLoc loc, Expr *value, bool numpyValue,
                    ShapeRef valueShape) {
  if (value && !valueShape)
    valueShape = value->shape;
  if (auto *name = dyn_cast<NameExpr>(&target)) {
    auto it = locals_.find(name->name);
    internalCheck(it != locals_.end(), "assignment target is not a collected local");
    name->ref = NameRef::Local;
    name->localIndex = it->second;
    LocalVar &var = fn_->locals[it->second];
    if (var.isParam && isArray(var.type) && fn_->fkind != FunctionKind::Helper &&
        static_cast<unsigned>(it->second) < fn_->kindParams) {
      error(name->loc(), "cannot assign to '" + name->name + "': it is one of the " +
                             functionKindName(fn_->fkind) +
                             "'s arrays; assign to its elements or use another variable");
      return;
    }
    if (!compatible(var.type, valueType)) {
      error(loc, "'" + name->name + "' holds a " + typeName(var.type) +
                     " elsewhere and cannot also hold a " + typeName(valueType) +
                     "; use a separate variable");
      return;
    }
    if (valueType == Type::None || valueType == Type::Module || valueType == Type::Function ||
        (valueType == Type::Tuple && !valueShape)) {
      error(loc, std::string("cannot assign a ") + typeName(valueType) + " to a variable");
      return;
    }
    if (!joinInto(var.type, var.shape, valueType, valueShape)) {
      error(loc, "'" + name->name + "' holds a " + describeShape(var.type, var.shape) +
                     " elsewhere and cannot also hold a " + describeShape(valueType, valueShape) +
                     "; use a separate variable");
      return;
    }
    Type j = join(var.type, valueType);
    if (j != var.type) {
      var.type = j;
      changed_ = true;
    }
    if (isHashContainer(valueType) && value) {
      if (isa<NameExpr>(value))
        error(loc, std::string("a second name for a ") + typeName(valueType) +
                       " is not supported (both names would share it); use the first name");
      joinContainerShape(var, value->shape);
    }
    if (isList(valueType) && value)
      if (auto *source = dyn_cast<NameExpr>(value); source && source->ref == NameRef::Local) {
        LocalVar &from = fn_->locals[source->localIndex];
        if (!from.aliased || !var.aliased)
          changed_ = true;
        from.aliased = var.aliased = true;
        if (reporting_ && from.type == Type::IntList && var.type == Type::FloatList)
          error(loc, "'" + name->name + "' holds floats, and '" + source->name +
                         "' a list of ints that both names would share; write '" + name->name +
                         " = list(" + source->name + ")' for a copy");
      }
    markNumpy(var.mayBeNumpy, numpyValue || (value && value->mayBeNumpy));
    if (value)
      joinLocalShape(var, isArray(valueType), isWindow(*value) ? value->shape : nullptr, loc);
    else if (isNdarray(valueType) && valueShape) // a list of arrays' element, unpacked
      joinLocalShape(var, true, isWindowShape(valueShape) ? valueShape : nullptr, loc);

    if (isArray(valueType) && value && isReadonlyArrayExpr(*value) && !var.readonlyArray) {
      var.readonlyArray = true;
      changed_ = true;
    }
    name->type = var.type;
    name->shape = var.shape;
    return;
  }
  if (auto *sub = dyn_cast<SubscriptExpr>(&target)) {
    if (assignToContainer(*sub, valueType, loc, value))
      return;
    Type t = typeOf(target);
    if (sub->value->type == Type::Tuple) {
      error(target.loc(), "tuples (and module-level lists) are read-only in llcc; copy the values "
                          "into a local array (a = np.array(T)) and write that");
      return;
    }
    if (t == Type::Unknown || !checkArrayStore(*sub))
      return;
    if (!isWritableArrayExpr(*sub->value)) {
      error(target.loc(), "this array is read-only: write to the output arrays (generic_filter1d's "
                          "oline, geometric_transform's input_coords) or to a local array "
                          "(np.zeros(n), values.copy(), ...)");
      return;
    }
    if (isArray(t)) {
      // a[i:j] = ..., a[...] = ...: an array or a number, broadcast.
      if (valueType != Type::Unknown && !isArray(valueType) && !isNumeric(valueType))
        error(loc, std::string("cannot store a ") + typeName(valueType) + " in an array");
      return;
    }
    if (isArray(valueType) || (valueType != Type::Unknown && !isNumeric(valueType)))
      error(loc, std::string("cannot store a ") + typeName(valueType) + " in an array element");
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
        // `a, b = b, a`: element by element (IRGen evaluates the whole
        // right side first); a nested target unpacks its element.
        for (size_t i = 0; i < tt->elements.size(); ++i) {
          Type t = typeOf(*tv->elements[i]);
          assignTarget(*tt->elements[i], t, tv->elements[i]->shape, tv->elements[i]->loc(),
                       tv->elements[i].get(), tv->elements[i]->mayBeNumpy);
        }
        typeOf(*tv);
        tt->type = Type::Tuple;
        continue;
      }
      if (tt && !tv && typeShapeUnpack(*tt, *s.value))
        continue;
      if (tt && tv) {
        error(tt->loc(), "cannot unpack " + std::to_string(tv->elements.size()) + " values into " +
                             std::to_string(tt->elements.size()) + " targets");
        continue;
      }
      Type t = typeOf(*s.value);
      if (t != Type::Tuple)
        requireNumeric(*s.value,
                       isArray(t) || t == Type::Str || isHashContainer(t) || t == Type::ArrayList ? Type::Float : t,
                       "assigned");
      assignTarget(*target, t, s.value->shape, s.value->loc(), s.value.get(),
                   s.value->mayBeNumpy);
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
      else if (s.op == BinaryOp::Pow)
        result = powerType(lhs, rhs, s.value.get());
      else if (s.op == BinaryOp::BitAnd || s.op == BinaryOp::BitOr || s.op == BinaryOp::BitXor ||
               s.op == BinaryOp::LShift || s.op == BinaryOp::RShift) {
        if (lhs == Type::Float || rhs == Type::Float)
          error(s.loc(), std::string("unsupported operand type for ") + binaryOpSpelling(s.op) +
                             "=: 'float'");
        result = Type::Int;
      } else if (s.op == BinaryOp::MatMul) {
        error(s.loc(), "'@=' (matrix multiplication) is not supported");
      } else {
        result = arithmeticType(lhs, rhs);
      }
    } else if (lhs != Type::Unknown && rhs != Type::Unknown) {
      if (isArray(lhs) || isArray(rhs))
        error(s.loc(), std::string("augmented assignment of arrays is not supported; write "
                                   "a[...] = a ") +
                           binaryOpSpelling(s.op) + " x");
      else
        error(s.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(s.op) +
                           "=: '" + typeName(lhs) + "' and '" + typeName(rhs) + "'");
    }
    s.resultType = result;
    assignTo(*s.target, result, s.loc(), nullptr, s.target->mayBeNumpy || s.value->mayBeNumpy);
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
    if (walkContainerFor(s, loopDepth) || walkArrayListFor(s, loopDepth))
      return;
    // range(...), an array, a tuple, or enumerate/zip/reversed of them.
    Type elem = Type::Unknown;
    ShapeRef elemShape;
    bool numpy = false;
    typeOfIteration(*s.iter, elem, elemShape, numpy);
    bool window = isWindow(*s.iter);
    if (window) // a window's rows: arrays (typeWindowLoopTarget gives their shape)
      elem = s.iter->type;
    if (window && !isa<NameExpr>(s.target.get()))
      error(s.target->loc(), "a loop over a 2-D or 3-D array binds each row to one name "
                             "(for row in w:); unpack the row inside the loop");
    else if (isa<NameExpr>(s.target.get()) || isa<TupleExpr>(s.target.get())) {
      assignTarget(*s.target, elem, elemShape, s.target->loc(), nullptr, numpy);
      if (elem == Type::Tuple) // enumerate/zip of a list of arrays
        markUnpackedArrays(*s.target, elem, elemShape);
      if (window)
        typeWindowLoopTarget(s);
    } else if (elem != Type::Unknown) // not after an error in the iterable
      error(s.target->loc(), "a for loop variable must be a name or a tuple of names");
    walkBlock(s.body, loopDepth + 1);
    walkBlock(s.elseBody, loopDepth);
    return;
  }
  case Stmt::Kind::Break:
  case Stmt::Kind::Continue:
    if (loopDepth == 0)
      error(stmt.loc(),
            std::string("'") + (isa<BreakStmt>(&stmt) ? "break" : "continue") + "' outside loop");
    return;
  case Stmt::Kind::Pass:
    return;
  case Stmt::Kind::Return: {
    auto &s = cast<ReturnStmt>(stmt);
    Type t = Type::None;
    bool returnsTuple = fn_->fkind == FunctionKind::Transform && !fn_->transformWrites;
    if (s.value) {
      Type vt = Type::Unknown;
      if (auto *tuple = dyn_cast<TupleExpr>(s.value.get())) {
        if (returnsTuple)
          for (auto &el : tuple->elements)
            requireNumeric(*el, typeOf(*el), "returned as a coordinate");
        vt = typeOf(*s.value);
      } else if (fn_->fkind == FunctionKind::Helper || fn_->fkind == FunctionKind::Filter ||
                 returnsTuple) {
        vt = typeOf(*s.value);
      }
      if (fn_->fkind == FunctionKind::Filter &&
          (vt == Type::Tuple || isa<TupleExpr>(s.value.get()))) {
        walkFilterTupleReturn(s, vt); // several outputs per window (SemaMultiOut.cpp)
        return;
      }
      if (vt == Type::Tuple && s.value->shape && fn_->fkind == FunctionKind::Helper) {
        // `return mean, var`: a helper returns the tuple by value.
        if ((fn_->returnType != Type::Unknown && fn_->returnType != Type::Tuple) ||
            !joinInto(fn_->returnType, fn_->returnShape, vt, s.value->shape)) {
          error(s.value->loc(), "'" + fn_->name + "' returns a " +
                                    describeShape(vt, s.value->shape) + " here and a " +
                                    describeShape(fn_->returnType, fn_->returnShape) +
                                    " elsewhere; return the same kind of value everywhere");
          return;
        }
        markNumpy(fn_->returnMayBeNumpy, s.value->mayBeNumpy);
        return;
      }
      if (isa<TupleExpr>(s.value.get()) || (returnsTuple && vt == Type::Tuple)) {
        if (!returnsTuple) {
          error(s.value->loc(), "returning a tuple is only supported in a helper, a filter "
                                "(one output per member) or a @llcc.transform function of one "
                                "parameter; return one number");
          return;
        }
        if (vt != Type::Tuple || !s.value->shape)
          return;
        for (Type m : s.value->shape->members)
          if (m == Type::Tuple) {
            error(s.value->loc(), "a transform returns a tuple of numbers (the coordinates)");
            return;
          }
        unsigned arity = static_cast<unsigned>(s.value->shape->members.size());
        if (fn_->returnArity != 0 && fn_->returnArity != arity) {
          error(s.value->loc(), "this return has " + std::to_string(arity) +
                                    " coordinates but another has " +
                                    std::to_string(fn_->returnArity));
          return;
        }
        fn_->returnArity = arity;
        fn_->returnType = Type::Tuple;
        return;
      }
      if (returnsTuple) {
        error(s.value->loc(), "a transform of one parameter returns the input coordinates as a "
                              "tuple, e.g. 'return (c[0] - 0.5, c[1])'");
        return;
      }
      t = vt != Type::Unknown || fn_->fkind == FunctionKind::Helper ||
                  fn_->fkind == FunctionKind::Filter
              ? vt
              : typeOf(*s.value);
      if (t == Type::None && isa<NoneLiteralExpr>(s.value.get()))
        t = Type::None;
      else if (!(fn_->isLibrary && isArray(t)))
        requireNumeric(*s.value, t, "returned"); // library functions return new arrays
    }
    if (t == Type::Unknown)
      return;
    if ((fn_->fkind == FunctionKind::Filter || fn_->fkind == FunctionKind::Integrand) &&
        !isNumeric(t)) {
      error(s.loc(), std::string("a ") + functionKindName(fn_->fkind) +
                         " must return a number (int, float or bool)" +
                         (fn_->fkind == FunctionKind::Filter
                              ? ", or a tuple of numbers for several outputs"
                              : ""));
      return;
    }
    if ((fn_->fkind == FunctionKind::Filter1D || fn_->fkind == FunctionKind::Transform) &&
        t != Type::None) {
      error(s.value->loc(), std::string("a ") + functionKindName(fn_->fkind) +
                                " function writes its output array and returns nothing; use "
                                "a bare 'return'");
      return;
    }
    if (fn_->returnType == Type::Tuple) {
      error(s.loc(), "'" + fn_->name + "' returns a tuple on some paths and " +
                         (t == Type::None ? "nothing" : "a number") +
                         " on others; return the same kind of value everywhere");
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
    markNumpy(fn_->returnMayBeNumpy, s.value && s.value->mayBeNumpy);
    return;
  }
  case Stmt::Kind::Raise:
    walkRaise(cast<RaiseStmt>(stmt));
    return;
  case Stmt::Kind::Assert:
    walkAssert(cast<AssertStmt>(stmt));
    return;
  case Stmt::Kind::Unsupported: {
    auto &s = cast<UnsupportedStmt>(stmt);
    error(s.loc(), describeUnsupported(s.what));
    return;
  }
  }
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

bool Sema::run() {
  collectImports();
  for (auto &fn : module_.functions)
    expandUniqueUnpacking(fn->body);
  collectConstants();
  collectFunctions();
  checkModuleStatements();
  for (auto &fn : module_.functions)
    collectLocals(*fn);
  collectCaptures();
  buildCallGraph();
  decideKinds();
  rejectRecursion();
  // Type errors are independent of the errors above, so inference runs
  // anyway and reports them too.

  // Fixpoint: the lattice is finite (each type can only move up), so this
  // ends; the bound is a guard against a bug, not a limit users can reach.
  auto fixpoint = [&] {
    for (unsigned round = 0; round < 64; ++round) {
      changed_ = false;
      for (auto &fn : module_.functions)
        inferFunction(*fn);
      if (addLibraryVersions()) // SemaLibraryVersions.cpp
        changed_ = true;
      if (!changed_)
        break;
    }
  };
  fixpoint();
  // A parameter whose default is None and that is never given or assigned
  // a number is a float when it is not None (`sigma=None`, bound to 1.5).
  bool defaulted = false;
  for (auto &fn : module_.functions)
    for (LocalVar &v : fn->locals)
      if (v.isParam && v.mayBeNone && v.type == Type::Unknown) {
        v.type = Type::Float;
        defaulted = true;
      }
  if (defaulted)
    fixpoint();
  bool exported = false;
  exportCalledFilters(exported);
  if (exported)
    fixpoint();
  dropUnusedLibrary();
  reporting_ = true;
  for (auto &fn : module_.functions)
    inferFunction(*fn);
  for (auto &fn : module_.functions)
    checkContainerVariables(*fn);

  for (auto &fn : module_.functions) {
    bool needsValue = fn->fkind == FunctionKind::Filter || fn->fkind == FunctionKind::Integrand ||
                      (fn->fkind == FunctionKind::Transform && !fn->transformWrites);
    // A callback that only raises (`raise NotImplementedError`) returns
    // no value on any path: it is typed as returning a float.
    if (needsValue && fn->returnType == Type::Unknown && raising_.count(fn.get()))
      fn->returnType = fn->fkind == FunctionKind::Transform ? Type::Unknown : Type::Float;
    if (needsValue && fn->returnType == Type::Unknown && !diags_.hasErrors())
      diags_.error(fn->nameLoc,
                   std::string(functionKindName(fn->fkind)) + " function '" + fn->name +
                       "' never returns a value; end it with 'return " +
                       (fn->fkind == FunctionKind::Transform ? "(coordinates...)" : "<number>") +
                       "'");
    if (fn->returnType == Type::Unknown && !needsValue)
      fn->returnType = Type::None;
    for (LocalVar &v : fn->locals)
      if (v.type == Type::Unknown && !diags_.hasErrors())
        diags_.error(v.firstLoc, "cannot infer a type for '" + v.name + "'" +
                                     (v.isParam ? ": the function is never called" : ""));
  }
  return !diags_.hasErrors();
}

} // namespace sema

bool analyzeModule(Module &module, DiagnosticEngine &diags) {
  unsigned before = diags.errorCount();
  sema::Sema sema(module, diags);
  sema.run();
  return diags.errorCount() == before;
}

} // namespace llcc
