//===- SemaGenerators.cpp - Generator functions inlined where iterated ----===//
//
// A generator function (a def whose body has `yield e`, `yield` or `yield
// from it`) is not a value in llcc: where it is iterated at once, its body
// is written out at that place, before the functions are collected, and
// the rest of the compiler sees plain loops. `for T in g(a, b): BODY`
// becomes
//
//   llcc.genN.x = a; llcc.genN.y = b         (the arguments, once, in order)
//   llcc.genN.stop = False
//   while True:
//       <g's body, its locals renamed llcc.genN.*, where each `yield e` is
//        `T = e` then BODY, and `return` is `llcc.genN.stop = True; break`>
//       break
//   if not llcc.genN.brk: ELSE                  (the for's else clause)
//
// which is CPython's order of effects: a generator runs lazily, one item at
// a time, interleaved with the loop's body. A `break` of BODY leaves the
// whole generator (the flag makes each loop of the generator around the
// yield break in turn), a `continue` resumes after the yield (BODY is
// wrapped in a loop of one pass when it continues). `yield from it` is
// `for v in it: yield v`. An argument that is a name the generator never
// rebinds is used as that name.
//
// The consumers llcc already takes generators in (any, all, next, sum,
// min, max, sorted, list, tuple, set, zip, enumerate, and list
// comprehensions over a generator) are first hoisted into statements just
// before their statement: `r = any(E for T in g(a) if C)` is
//
//   llcc.genN.r = False
//   for T' in g(a):
//       if C':
//           if E': llcc.genN.r = True; break
//   r = llcc.genN.r
//
// (T' renamed, the comprehension's own scope), so any/all/next stop at the
// deciding item as CPython's do; the others collect the items in a list.
// Anything else (a generator stored in a variable, called twice, sent to,
// recursive, exported, nested in a def, yielding inside try) is a compile
// error.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaImpl.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace llcc {
namespace sema {

void namesBoundIn(const Block &block, std::set<std::string> &out); // SemaNext.cpp
void namesTargetBinds(const Expr *target, std::set<std::string> &out);
std::set<std::string> visibleNames(FunctionDef &fn);

namespace {

/// 0: not a yield, 1: `yield e`, 2: `yield from e`.
int yieldKind(const Stmt &s) {
  auto *e = dyn_cast<ExprStmt>(&s);
  auto *c = e ? dyn_cast<CallExpr>(e->value.get()) : nullptr;
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  if (!n)
    return 0;
  return n->name == "llcc.yield" ? 1 : n->name == "llcc.yield_from" ? 2 : 0;
}

Expr *yieldValue(Stmt &s) { return cast<CallExpr>(*cast<ExprStmt>(s).value).args[0].get(); }

ExprPtr name(SourceLoc at, const std::string &n) { return std::make_unique<NameExpr>(at, n); }
StmtPtr assign(SourceLoc at, ExprPtr target, ExprPtr value) {
  std::vector<ExprPtr> targets;
  targets.push_back(std::move(target));
  return std::make_unique<AssignStmt>(at, std::move(targets), std::move(value));
}
StmtPtr setFlag(SourceLoc at, const std::string &n, bool v) {
  return assign(at, name(at, n), std::make_unique<BoolLiteralExpr>(at, v));
}
StmtPtr ifThen(SourceLoc at, ExprPtr cond, Block then) {
  return std::make_unique<IfStmt>(at, std::move(cond), std::move(then), Block());
}
Block one(StmtPtr s) {
  Block b;
  b.push_back(std::move(s));
  return b;
}
ExprPtr notOf(SourceLoc at, ExprPtr e) {
  return std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, std::move(e));
}

/// The names a generator's body binds: those that are its locals.
void boundByGenerator(const Block &b, std::set<std::string> &out) {
  namesBoundIn(b, out);
  std::function<void(const Block &)> walk = [&](const Block &blk) {
    for (const StmtPtr &s : blk) {
      if (auto *t = dyn_cast<TryStmt>(s.get()))
        for (const ExceptClause &h : t->handlers)
          if (!h.asName.empty())
            out.insert(h.asName);
      if (auto *d = dyn_cast<DelStmt>(s.get()))
        for (const ExprPtr &x : d->targets)
          if (auto *n = dyn_cast<NameExpr>(x.get()))
            out.insert(n->name);
      forEachChildBlock(const_cast<Stmt &>(*s), [&](Block &c) { walk(c); });
    }
  };
  walk(b);
}

} // namespace

void namesGeneratorBinds(const Block &b, std::set<std::string> &out) { boundByGenerator(b, out); }
int yieldStmtKind(const Stmt &s) { return yieldKind(s); }

//===----------------------------------------------------------------------===//
// Finding the generators
//===----------------------------------------------------------------------===//

/// Walks `b` for yields; reports one inside a try statement.
static bool hasYield(Block &b, bool inTry, DiagnosticEngine &diags, bool &bad) {
  bool any = false;
  for (StmtPtr &s : b) {
    if (yieldKind(*s)) {
      any = true;
      if (inTry) {
        diags.error(s->loc(), "a yield inside a try statement is not supported; move the yield "
                              "out of the try, or collect the items in a list and return it");
        bad = true;
      }
      continue;
    }
    bool tryHere = isa<TryStmt>(s.get());
    forEachChildBlock(*s, [&](Block &c) {
      if (hasYield(c, inTry || tryHere, diags, bad))
        any = true;
    });
  }
  return any;
}

bool Sema::isGeneratorCall(const Expr *e, const std::set<std::string> &visible) const {
  auto *c = e ? dyn_cast<CallExpr>(e) : nullptr;
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  return n && generators_.count(n->name) && !visible.count(n->name);
}

void Sema::lowerGenerators() {
  generators_.clear();
  std::set<std::string> nestedNames;
  for (auto &fn : module_.functions) {
    bool bad = false;
    if (!hasYield(fn->body, false, diags_, bad))
      continue;
    if (fn->outer) {
      diags_.error(fn->nameLoc, "generator function '" +
                                    (fn->localName.empty() ? fn->name : fn->localName) +
                                    "' is defined inside a function; define it at module level");
      continue;
    }
    if (!fn->decorators.empty()) {
      diags_.error(fn->nameLoc, "generator function '" + fn->name +
                                    "' cannot be a filter; a filter returns its value, a "
                                    "generator is iterated by one: `for v in " +
                                    fn->name + "(...)`");
      continue;
    }
    generators_[fn->name] = fn.get();
    (void)bad;
  }
  if (generators_.empty())
    return;
  std::set<std::string> used;
  for (auto &fn : module_.functions) {
    std::set<std::string> visible = visibleNames(*fn);
    hoistGeneratorConsumers(fn->body, visible);
  }
  for (auto &fn : module_.functions) {
    std::vector<std::string> stack;
    if (generators_.count(fn->name) && generators_[fn->name] == fn.get())
      continue; // inlined where it is iterated, its own loops with it
    std::set<std::string> visible = visibleNames(*fn);
    inlineGeneratorLoops(fn->body, visible, stack, used);
  }
  // What is left: a generator called where a value is needed.
  for (auto &fn : module_.functions) {
    if (generators_.count(fn->name) && generators_[fn->name] == fn.get())
      continue;
    std::set<std::string> visible = visibleNames(*fn);
    eachExprSlot(fn->body, [&](ExprPtr &slot) {
      auto *c = dyn_cast<CallExpr>(slot.get());
      auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
      if (!n || !generators_.count(n->name) || visible.count(n->name))
        return;
      used.insert(n->name);
      SourceLoc at = n->loc();
      std::string nameOf = n->name;
      slot = std::make_unique<NoneLiteralExpr>(at); // no follow-on errors
      diags_.error(at, "generator function '" + nameOf +
                           "' is used as a value; llcc runs a generator only where it is "
                           "iterated at once: `for v in " +
                           nameOf +
                           "(...)`, a comprehension over it, or any, all, next, sum, "
                           "min, max, sorted, list, tuple, set, zip or enumerate of it");
    });
  }
  for (auto &[nameOf, def] : generators_)
    if (!used.count(nameOf))
      diags_.error(def->nameLoc,
                   "generator function '" + nameOf +
                       "' cannot be a filter; a filter returns its value, a generator is "
                       "iterated by one: `for v in " +
                       nameOf + "(...)`");
  // The generators are written out where they are iterated: drop their defs.
  auto &fns = module_.functions;
  fns.erase(std::remove_if(fns.begin(), fns.end(),
                           [&](const std::unique_ptr<FunctionDef> &f) {
                             auto it = generators_.find(f->name);
                             return it != generators_.end() && it->second == f.get();
                           }),
            fns.end());
}

} // namespace sema
} // namespace llcc
