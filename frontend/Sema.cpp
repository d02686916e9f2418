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
#include "SemaFrozenset.h"
#include "SemaImpl.h"

#include <functional>
#include <map>
#include <unordered_set>

namespace llcc {
namespace sema {

bool neverReturns(FunctionDef &fn); // only raises (SemaExpr.cpp)

void lowerListChoices(Module &module); // SemaListChoice.cpp
std::string libraryExceptionNamed(const std::string &qualified); // SemaTry.cpp

//===----------------------------------------------------------------------===//
// Module scope
//===----------------------------------------------------------------------===//

void Sema::collectImports() {
  for (Import &imp : module_.imports) {
    if (imp.function && !acceptFunctionImport(imp)) // SemaFunctionImports.cpp
      continue;
    if (isDistributionObject(imp.module)) {
      // llcc reaches scipy.stats.norm.cdf as a module member, but Python
      // cannot import the object as a module (ModuleNotFoundError).
      diags_.error(imp.loc, "'" + imp.module +
                                "' is a scipy.stats distribution object, not a module; write "
                                "'from scipy.stats import " +
                                imp.module.substr(imp.module.rfind('.') + 1) +
                                "' or 'import scipy.stats' and use " + imp.module + ".cdf(x)");
      continue;
    }
    if (!isKnownModule(imp.module)) {
      diags_.error(imp.loc,
                   "module '" + imp.module +
                       "' is not available in llcc filters; you can import numpy, "
                       "math, statistics, scipy.stats, scipy.special, collections "
                       "(defaultdict, Counter), itertools, functools (reduce), operator, heapq, "
                       "bisect, "
                       "numbers (for "
                       "isinstance), sys (for float_info) and llcc");
      continue;
    }
    if (imp.isFrom && imp.module == "sys") {
      diags_.error(imp.loc, "llcc reads only sys.float_info from sys; write 'import sys' and "
                            "sys.float_info.epsilon");
      continue;
    }
    if (!imp.isFrom) {
      moduleAliases_[imp.alias.empty() ? imp.module : imp.alias] = imp.module;
      // `import scipy.stats` binds `scipy`, through which scipy.stats.skew
      // is reached (foldSubmodule).
      size_t dot = imp.module.find('.');
      if ((imp.alias.empty() || imp.alias == imp.module) && dot != std::string::npos) {
        std::string head = imp.module.substr(0, dot);
        moduleAliases_.emplace(head, head);
      }
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
      if (isKnownModule(q)) { // from scipy import stats
        moduleAliases_[alias.empty() ? name : alias] = q;
        continue;
      }
      if (!libraryExceptionNamed(q).empty()) { // for except clauses (SemaTry.cpp)
        fromNames_[alias.empty() ? name : alias] = q;
        continue;
      }
      if (!findBuiltinFunction(q) && !findBuiltinConstant(q, ignored) &&
          !findRewrittenFunction(q) && imp.module != "llcc" &&
          !(imp.module == "operator" && isOperatorMember(name)) && // SemaOperator.cpp
          !(imp.module == "numpy" && isDtypeMember(name)) &&       // SemaDtype.cpp
          q != "numpy.r_" && q != "numpy.c_") {                    // SemaIndexTricks.cpp
        diags_.error(loc, notSupportedMember(imp.module, "", name));
        continue;
      }
      fromNames_[alias.empty() ? name : alias] = q;
    }
  }
}

/// Renames every `from` in an expression to `to`; false when the
/// expression holds a construct that could bind a name of its own (a
/// comprehension, a lambda), where a rename could be wrong.
bool renameIn(Expr *e, const std::string &from, const std::string &to) {
  if (!e)
    return true;
  auto all = [&](std::vector<ExprPtr> &xs) {
    for (ExprPtr &x : xs)
      if (!renameIn(x.get(), from, to))
        return false;
    return true;
  };
  switch (e->kind()) {
  case Expr::Kind::Name: {
    auto &n = cast<NameExpr>(*e);
    if (n.name == from)
      n.name = to;
    return true;
  }
  case Expr::Kind::Attribute:
    return renameIn(cast<AttributeExpr>(*e).value.get(), from, to);
  case Expr::Kind::Unary:
    return renameIn(cast<UnaryExpr>(*e).operand.get(), from, to);
  case Expr::Kind::Binary:
    return renameIn(cast<BinaryExpr>(*e).lhs.get(), from, to) &&
           renameIn(cast<BinaryExpr>(*e).rhs.get(), from, to);
  case Expr::Kind::Compare:
    return all(cast<CompareExpr>(*e).operands);
  case Expr::Kind::IfExp: {
    auto &x = cast<IfExpExpr>(*e);
    return renameIn(x.cond.get(), from, to) && renameIn(x.thenExpr.get(), from, to) &&
           renameIn(x.elseExpr.get(), from, to);
  }
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(*e);
    if (!renameIn(c.callee.get(), from, to) || !all(c.args))
      return false;
    for (KeywordArg &k : c.keywords)
      if (!renameIn(k.value.get(), from, to))
        return false;
    return true;
  }
  case Expr::Kind::Subscript:
    return renameIn(cast<SubscriptExpr>(*e).value.get(), from, to) &&
           renameIn(cast<SubscriptExpr>(*e).index.get(), from, to);
  case Expr::Kind::Slice: {
    auto &x = cast<SliceExpr>(*e);
    return renameIn(x.start.get(), from, to) && renameIn(x.stop.get(), from, to) &&
           renameIn(x.step.get(), from, to);
  }
  case Expr::Kind::Tuple:
    return all(cast<TupleExpr>(*e).elements);
  case Expr::Kind::List:
    return all(cast<ListExpr>(*e).elements);
  case Expr::Kind::Comprehension:
  case Expr::Kind::Lambda:
  case Expr::Kind::Dict:
  case Expr::Kind::Set:
  case Expr::Kind::FString:
    return false;
  default:
    return true; // literals
  }
}

void Sema::collectConstants() {
  // A constant may use the constants before it, as in Python.
  for (size_t i = 0; i < module_.constants.size(); ++i) {
    if (!module_.constants[i].targets.empty())
      if (size_t made = expandUnpacking(i)) { // A, B = value, reported
        i += made - 1;
        continue;
      }
    collectConstant(i); // SemaModuleAssign.cpp
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
  case Expr::Kind::Call: {
    if (!inConstant_ || fn_)
      break; // parameter defaults are numbers
    // np.float64(0.69...): a call the constant folder computed, whose value
    // is a numpy scalar in CPython (LN2 = np.log(2.0)).
    auto &c = cast<CallExpr>(e);
    auto *attr = dyn_cast<AttributeExpr>(c.callee.get());
    if (attr && (attr->attr == "float64" || attr->attr == "int64") && c.args.size() == 1 &&
        (isa<FloatLiteralExpr>(c.args[0].get()) || isa<IntLiteralExpr>(c.args[0].get())))
      return typeOf(e);
    e.type = constantArrayType(c); // W = np.array([...])
    return e.type;
  }
  case Expr::Kind::Set:
    // A set constant of its own is written out where functions read it
    // (SemaSetConstants.cpp); one inside a tuple or list would be kept as
    // a tuple in source order, not in CPython's hash-table order.
    error(e.loc(), "a set inside a module-level constant (a tuple or list of sets) is not "
                   "supported; give each set a name of its own (IDX = {0, 2, 4}) or build it "
                   "inside the function");
    return Type::Unknown;
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

namespace {

/// Adds the names bound by `target` (a name, or a tuple of them) to fn's
/// locals; `seen` holds the names already there, so that a function of
/// 50,000 rebindings (each a version of its own: SemaVersions.cpp) is not
/// a quadratic walk over its locals.
void addLocal(FunctionDef &fn, const Expr *target, std::unordered_set<std::string> &seen) {
  if (auto *name = dyn_cast<NameExpr>(target)) {
    if (!seen.insert(name->name).second)
      return;
    LocalVar v;
    v.name = name->name;
    v.firstLoc = name->loc();
    fn.locals.push_back(v);
  } else if (auto *tuple = dyn_cast<TupleExpr>(target)) {
    for (auto &el : tuple->elements)
      addLocal(fn, el.get(), seen);
  }
}

void collectLocalsIn(FunctionDef &fn, const Block &block, unsigned depth,
                     std::unordered_set<std::string> &seen) {
  if (depth > MaxNestingDepth)
    return;
  for (const auto &stmt : block) {
    if (auto *a = dyn_cast<AssignStmt>(stmt.get())) {
      for (auto &t : a->targets)
        addLocal(fn, t.get(), seen);
    } else if (auto *a = dyn_cast<AugAssignStmt>(stmt.get())) {
      addLocal(fn, a->target.get(), seen);
    } else if (auto *s = dyn_cast<ForStmt>(stmt.get())) {
      addLocal(fn, s->target.get(), seen);
      collectLocalsIn(fn, s->body, depth + 1, seen);
      collectLocalsIn(fn, s->elseBody, depth + 1, seen);
    } else if (auto *s = dyn_cast<WhileStmt>(stmt.get())) {
      collectLocalsIn(fn, s->body, depth + 1, seen);
      collectLocalsIn(fn, s->elseBody, depth + 1, seen);
    } else if (auto *s = dyn_cast<IfStmt>(stmt.get())) {
      collectLocalsIn(fn, s->thenBody, depth + 1, seen);
      collectLocalsIn(fn, s->elseBody, depth + 1, seen);
    } else if (isa<TryStmt>(stmt.get())) {
      forEachChildBlock(*stmt, [&](Block &b) { collectLocalsIn(fn, b, depth + 1, seen); });
    }
  }
}

} // namespace

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
  std::unordered_set<std::string> names(seen.begin(), seen.end());
  collectLocalsIn(fn, fn.body, 0, names);
}

void Sema::buildCallGraph() {
  // Every call of a module function by name, found by a walk over the
  // bodies. Names shadowed by a local are not calls of the function.
  std::function<void(FunctionDef &, Expr *, unsigned)> visitExpr;
  std::function<void(FunctionDef &, const Block &, unsigned)> visitBlock;
  // Each function's local names, as a set: a function may have tens of
  // thousands of locals (SemaVersions.cpp makes each rebinding one).
  std::map<const FunctionDef *, std::unordered_set<std::string>> localNames;
  auto isLocal = [&](FunctionDef &fn, const std::string &name) {
    auto it = localNames.find(&fn);
    if (it == localNames.end()) {
      it = localNames.emplace(&fn, std::unordered_set<std::string>()).first;
      for (const LocalVar &v : fn.locals)
        it->second.insert(v.name);
    }
    return it->second.count(name) > 0;
  };
  // A call redirected to a copy of its helper for the kinds of its
  // arguments (SemaKindVersions.cpp) names the copy.
  auto rename = [&](FunctionDef &fn, NameExpr &name) {
    auto it = module_.calleeRenames.find({fn.name, name.loc().line, name.loc().col});
    if (it != module_.calleeRenames.end() && it->second.rfind(name.name + KindCopySuffix, 0) == 0)
      name.name = it->second;
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
        rename(fn, *name);
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
      for (auto &field : f->fields) {
        visitExpr(fn, field.value.get(), depth + 1);
        if (field.nestedSpec)
          visitExpr(fn, field.nestedSpec.get(), depth + 1);
      }
    } else if (auto *name = dyn_cast<NameExpr>(e)) {
      // A helper passed by name (`key=score`) is called by the callee.
      rename(fn, *name);
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
      case Stmt::Kind::Try:
        forEachChildBlock(*stmt, [&](Block &b) { visitBlock(fn, b, depth + 1); });
        break;
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
// Driver
//===----------------------------------------------------------------------===//

void lowerFactories(Module &module, DiagnosticEngine &diags); // SemaFactories.cpp
void lowerNonlocals(Module &module, DiagnosticEngine &diags);  // SemaNonlocal.cpp
void versionRebindings(Module &module);                        // SemaVersions.cpp
bool lowerNewaxis(Module &module);                              // SemaNewaxis.cpp
void checkFloat32Uses(Module &module, DiagnosticEngine &diags); // SemaFloat32.cpp
void inlineTriangleNames(FunctionDef &fn);                      // SemaGrids.cpp
void lowerSetConstants(Module &module, DiagnosticEngine &diags); // SemaSetConstants.cpp
void lowerIndexTricks(Module &module, DiagnosticEngine &diags,    // SemaIndexTricks.cpp
                      const std::function<std::string()> &numpyAlias);

bool Sema::run() {
  // np.r_[a, 0.0, 1:4] becomes np.concatenate((...)) (SemaIndexTricks.cpp)
  lowerIndexTricks(module_, diags_, [this] { return numpyAlias(); });
  versionRebindings(module_); // values = sorted(values): a new variable (SemaVersions.cpp)
  lowerFactories(module_, diags_); // w = gaussian(2.0): values and a nested def (SemaFactories.cpp)
  lowerNonlocals(module_, diags_); // nonlocal x: a parameter and a result (SemaNonlocal.cpp)
  lowerAssignmentExpressions();
  lowerGenerators(); // generator functions written out where iterated (SemaGenerators.cpp)
  expandDictComprehensionConstants(); // D = {k: k * k for k in range(5)} (SemaConstComprehension.cpp)
  lowerSetConstants(module_, diags_); // VALID = {1, 2, 3} (SemaSetConstants.cpp)
  lowerDictConstants();
  lowerArrayListConstants(); // MASKS = [np.array(...), ...] (SemaListConstants.cpp)
  lowerNextCalls();
  collectImports();
  lowerOperatorModule(); // operator.mul, itemgetter(1) (SemaOperator.cpp)
  lowerDeques();      // collections.deque as a list (SemaDeque.cpp)
  lowerStrKeyDicts();       // counts = {"pos": 0}: str keys as ints (SemaStrKeys.cpp)
  lowerDictListDisplays();  // d = {0: [], 1: []} (SemaDictLists.cpp)
  lowerEnclosingDefaults(); // def g(x, k=s) nested in f (SemaClosures.cpp)
  lowerHeapqBisect(); // heapq and bisect calls (SemaHeapq.cpp)
  lowerStatsMode();   // scipy.stats.mode (SemaStatsMode.cpp)
  lowerHistogramDensity();
  lowerSelectLists(); // np.select(conds, choices) of named lists (SemaSelectLists.cpp)
  lowerListChoices(module_); // ys = xs or [0.0] (SemaListChoice.cpp)
  for (auto &fn : module_.functions)
    expandStarredTargets(fn->body); // first, *rest = a (SemaStarredTargets.cpp)
  for (auto &fn : module_.functions)
    expandUniqueUnpacking(fn->body);
  moduleLambdasToDefs(); // sq = lambda t: t * t at module level (SemaClosures.cpp)
  lowerFolds();          // functools.reduce, itertools.accumulate (SemaFolds.cpp)
  inlineStrDisplays();   // MODES = ("mean", "max") written at its uses (SemaClosures.cpp)
  getitemKeysToLambdas(); // key=a.__getitem__ (SemaClosures.cpp)
  collectConstants();
  finishArrayListConstants();
  for (auto &fn : module_.functions)
    unpackConstantRows(fn->body); // for dy, dx in OFFSETS (a 2-D np.array)
  lambdaAssignmentsToDefs();      // f = lambda x: ... is def f(x): ... (SemaClosures.cpp)
  collectFunctions();
  checkModuleStatements();
  for (auto &fn : module_.functions)
    lowerLocalTables(*fn); // K = [[1, 2, 1], ...] read as a table
  for (auto &fn : module_.functions)
    expandMapFilterLoops(fn->body); // for x in map(f, a): x = f(item) first in a loop over a
  for (auto &fn : module_.functions) // frozenset(xs) is set(xs), never changed (SemaFrozenset.cpp)
    lowerFrozensets(*fn, diags_, [&](const std::string &n) {
      return functions_.count(n) > 0 || constants_.count(n) > 0;
    });
  passNoneArguments();              // np.clip(a, lo, hi) with lo=None (SemaNoneArgs.cpp)
  for (auto &fn : module_.functions) {
    inlineTriangleNames(*fn); // iu = np.triu_indices(5, 1); w[iu] (SemaGrids.cpp)
    collectLocals(*fn);
  }
  checkFunctionImports(); // import inside a def: used only where CPython binds it
  for (auto &fn : module_.functions) {
    fn_ = fn.get(); // y, x = np.mgrid[...]: a grid per name (SemaGrids.cpp)
    expandGridUnpacking(*fn, fn->body);
  }
  fn_ = nullptr;
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
  // np.outer(a, b) of run-time lengths: a.reshape(-1, 1) * b.reshape(1, -1)
  // (SemaOuter.cpp), typed before `k /= k.sum()` below looks at it.
  if (rewriteRuntimeOuters())
    fixpoint();
  // a[:, None], a[None, :] of a 1-D array: a.reshape(-1, 1), a.reshape(1, -1)
  // (SemaNewaxis.cpp), once the types say which values are 1-D arrays.
  // (Again after retyping: `c = a[:, None]` makes `c - a` a 2-D meeting.)
  for (int round = 0; round < 8 && lowerNewaxis(module_); ++round)
    fixpoint();
  // `w /= w.sum()` of a 1-D array updates it in place (SemaStmt.cpp), once
  // the types say which targets are arrays.
  if (rewriteArrayAugAssigns())
    fixpoint();
  // `d = [..] if c else [..]`: an if statement (SemaStmt.cpp).
  // `T[1:4]`, `T + U` of tuples: the tuple of those members, typed before
  // an enclosing one is rewritten (SemaTuple.cpp).
  while (rewriteTupleSlices())
    fixpoint();
  bool chose = false;
  while (rewriteContainerChoices())
    chose = true;
  if (chose)
    fixpoint();
  // A parameter whose default is None, or a variable assigned None, that is
  // never given or assigned a number is a float when it is not None
  // (`sigma=None`, bound to 1.5).
  bool defaulted = false;
  for (auto &fn : module_.functions)
    for (LocalVar &v : fn->locals)
      if (v.mayBeNone && v.type == Type::Unknown) {
        v.type = Type::Float;
        defaulted = true;
      }
  if (defaulted)
    fixpoint();
  bool exported = false;
  exportCalledFilters(exported);
  if (exported)
    fixpoint();
  // `values.sort()`, `values -= m`: the window becomes a private copy
  // (SemaWindowWrites.cpp), and what holds it is typed again.
  if (allowWindowWrites())
    fixpoint();
  dropUnusedLibrary();
  checkFloat32Uses(module_, diags_); // np.float32(a) * np.float32(b): numpy's single precision
  reporting_ = true;
  // The user's functions first: an error in a library body is a follow-on
  // of an error at the call that reached it (libraryError).
  for (bool library : {false, true})
    for (auto &fn : module_.functions)
      if (fn->isLibrary == library)
        inferFunction(*fn);
  checkBoolKindUses();
  for (auto &fn : module_.functions)
    checkContainerVariables(*fn);

  // A call of a helper that returns nothing (None), used as a value: said
  // at the call rather than as a variable or function typed from it.
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    // `log(v)` alone, `return log(v)` (None returned on) and a lambda's
    // body (`h = lambda x: log(x)`, its None the lambda's): no value used.
    std::set<const Expr *> statements;
    std::function<void(Block &)> tops = [&](Block &b) {
      for (StmtPtr &st : b) {
        if (auto *x = dyn_cast<ExprStmt>(st.get()))
          statements.insert(x->value.get());
        if (auto *r = dyn_cast<ReturnStmt>(st.get()))
          statements.insert(r->value.get());
        forEachChildBlock(*st, tops);
      }
    };
    tops(fn->body);
    eachSlot(fn->body, [&](ExprPtr &slot) {
      if (auto *l = dyn_cast<LambdaExpr>(slot.get()))
        statements.insert(l->body.get());
    });
    eachSlot(fn->body, [&](ExprPtr &slot) {
      auto *c = dyn_cast<CallExpr>(slot.get());
      if (!c || statements.count(c) || !c->target || !c->builtin.empty() ||
          c->target->isLibrary ||
          (c->target->returnType != Type::None && c->target->returnType != Type::Unknown))
        return;
      if (neverReturns(*c->target)) {
        diags_.error(c->loc(), "'" + c->target->name +
                                   "' only raises (it never returns), so llcc takes its call "
                                   "as a statement or as an arm of a conditional expression "
                                   "whose other arm is a number or a str (x if ok else " +
                                   c->target->name + "(...))");
        return;
      }
      diags_.error(c->loc(), "'" + c->target->name +
                                 "' returns no value (None: it has no 'return <value>'), so "
                                 "its call cannot be used as a value in llcc; return the value "
                                 "from it, or call it alone as a statement");
    });
  }
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
