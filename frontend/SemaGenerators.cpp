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

using Rename = std::map<std::string, std::string>;

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

/// A deep copy of an expression or a block, renaming the names in `rn`.
struct Cloner {
  const Rename &rn;
  std::string nm(const std::string &n) const {
    auto it = rn.find(n);
    return it == rn.end() ? n : it->second;
  }
  std::vector<ExprPtr> list(const std::vector<ExprPtr> &xs) const {
    std::vector<ExprPtr> out;
    for (const ExprPtr &x : xs)
      out.push_back(expr(x.get()));
    return out;
  }
  ExprPtr expr(const Expr *e) const {
    if (!e)
      return nullptr;
    SourceLoc at = e->loc();
    switch (e->kind()) {
    case Expr::Kind::IntLiteral: {
      auto &i = cast<IntLiteralExpr>(*e);
      auto out = std::make_unique<IntLiteralExpr>(at, i.value, i.overflow);
      out->strKey = i.strKey;
      return out;
    }
    case Expr::Kind::FloatLiteral:
      return std::make_unique<FloatLiteralExpr>(at, cast<FloatLiteralExpr>(*e).value);
    case Expr::Kind::BoolLiteral:
      return std::make_unique<BoolLiteralExpr>(at, cast<BoolLiteralExpr>(*e).value);
    case Expr::Kind::NoneLiteral:
      return std::make_unique<NoneLiteralExpr>(at);
    case Expr::Kind::StringLiteral:
      return std::make_unique<StringLiteralExpr>(at, cast<StringLiteralExpr>(*e).value);
    case Expr::Kind::Name:
      return std::make_unique<NameExpr>(at, nm(cast<NameExpr>(*e).name));
    case Expr::Kind::Attribute: {
      auto &a = cast<AttributeExpr>(*e);
      return std::make_unique<AttributeExpr>(at, expr(a.value.get()), a.attr);
    }
    case Expr::Kind::Unary: {
      auto &u = cast<UnaryExpr>(*e);
      return std::make_unique<UnaryExpr>(at, u.op, expr(u.operand.get()));
    }
    case Expr::Kind::Binary: {
      auto &b = cast<BinaryExpr>(*e);
      auto out = std::make_unique<BinaryExpr>(at, b.op, expr(b.lhs.get()), expr(b.rhs.get()));
      out->truthTest = b.truthTest;
      return out;
    }
    case Expr::Kind::Compare: {
      auto &c = cast<CompareExpr>(*e);
      return std::make_unique<CompareExpr>(at, list(c.operands), c.ops);
    }
    case Expr::Kind::IfExp: {
      auto &i = cast<IfExpExpr>(*e);
      auto out = std::make_unique<IfExpExpr>(at, expr(i.cond.get()), expr(i.thenExpr.get()),
                                             expr(i.elseExpr.get()));
      out->eager = i.eager;
      return out;
    }
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(*e);
      std::vector<KeywordArg> kws;
      for (const KeywordArg &k : c.keywords)
        kws.push_back(KeywordArg{k.loc, k.name, expr(k.value.get())});
      auto out = std::make_unique<CallExpr>(at, expr(c.callee.get()), list(c.args), std::move(kws));
      out->starred = c.starred;
      return out;
    }
    case Expr::Kind::Subscript: {
      auto &s = cast<SubscriptExpr>(*e);
      return std::make_unique<SubscriptExpr>(at, expr(s.value.get()), expr(s.index.get()));
    }
    case Expr::Kind::Tuple:
      return std::make_unique<TupleExpr>(at, list(cast<TupleExpr>(*e).elements));
    case Expr::Kind::List:
      return std::make_unique<ListExpr>(at, list(cast<ListExpr>(*e).elements));
    case Expr::Kind::Slice: {
      auto &s = cast<SliceExpr>(*e);
      return std::make_unique<SliceExpr>(at, expr(s.start.get()), expr(s.stop.get()),
                                         expr(s.step.get()));
    }
    case Expr::Kind::FString: {
      auto &f = cast<FStringExpr>(*e);
      auto out = std::make_unique<FStringExpr>(at);
      out->texts = f.texts;
      out->percent = f.percent;
      for (const FStringField &x : f.fields) {
        FStringField y;
        y.value = expr(x.value.get());
        y.conversion = x.conversion;
        y.formatSpec = x.formatSpec;
        y.printf = x.printf;
        out->fields.push_back(std::move(y));
      }
      return out;
    }
    case Expr::Kind::Comprehension: {
      auto &c = cast<ComprehensionExpr>(*e);
      auto out =
          std::make_unique<ComprehensionExpr>(at, expr(c.element.get()), expr(c.target.get()),
                                              expr(c.iter.get()), list(c.conds), c.generator);
      for (const ComprehensionClause &k : c.inner) {
        ComprehensionClause n;
        n.target = expr(k.target.get());
        n.iter = expr(k.iter.get());
        n.conds = list(k.conds);
        out->inner.push_back(std::move(n));
      }
      return out;
    }
    case Expr::Kind::Lambda: {
      auto &l = cast<LambdaExpr>(*e);
      std::vector<std::string> params;
      for (const std::string &p : l.params)
        params.push_back(nm(p));
      return std::make_unique<LambdaExpr>(at, std::move(params), expr(l.body.get()));
    }
    case Expr::Kind::Dict: {
      auto &d = cast<DictExpr>(*e);
      return std::make_unique<DictExpr>(at, list(d.keys), list(d.values));
    }
    case Expr::Kind::Set:
      return std::make_unique<SetExpr>(at, list(cast<SetExpr>(*e).elements));
    case Expr::Kind::Named: {
      auto &n = cast<NamedExpr>(*e);
      return std::make_unique<NamedExpr>(at, expr(n.target.get()), expr(n.value.get()));
    }
    }
    return nullptr;
  }
  Block block(const Block &b) const {
    Block out;
    for (const StmtPtr &s : b)
      out.push_back(stmt(*s));
    return out;
  }
  StmtPtr stmt(const Stmt &s) const {
    SourceLoc at = s.loc();
    switch (s.kind()) {
    case Stmt::Kind::Expr:
      return std::make_unique<ExprStmt>(at, expr(cast<ExprStmt>(s).value.get()));
    case Stmt::Kind::Assign: {
      auto &a = cast<AssignStmt>(s);
      return std::make_unique<AssignStmt>(at, list(a.targets), expr(a.value.get()));
    }
    case Stmt::Kind::AugAssign: {
      auto &a = cast<AugAssignStmt>(s);
      return std::make_unique<AugAssignStmt>(at, expr(a.target.get()), a.op, expr(a.value.get()));
    }
    case Stmt::Kind::If: {
      auto &i = cast<IfStmt>(s);
      return std::make_unique<IfStmt>(at, expr(i.cond.get()), block(i.thenBody), block(i.elseBody));
    }
    case Stmt::Kind::While: {
      auto &w = cast<WhileStmt>(s);
      return std::make_unique<WhileStmt>(at, expr(w.cond.get()), block(w.body), block(w.elseBody));
    }
    case Stmt::Kind::For: {
      auto &f = cast<ForStmt>(s);
      return std::make_unique<ForStmt>(at, expr(f.target.get()), expr(f.iter.get()), block(f.body),
                                       block(f.elseBody));
    }
    case Stmt::Kind::Break:
      return std::make_unique<BreakStmt>(at);
    case Stmt::Kind::Continue:
      return std::make_unique<ContinueStmt>(at);
    case Stmt::Kind::Pass:
      return std::make_unique<PassStmt>(at);
    case Stmt::Kind::Del:
      return std::make_unique<DelStmt>(at, list(cast<DelStmt>(s).targets));
    case Stmt::Kind::Return:
      return std::make_unique<ReturnStmt>(at, expr(cast<ReturnStmt>(s).value.get()));
    case Stmt::Kind::Raise:
      return std::make_unique<RaiseStmt>(at, expr(cast<RaiseStmt>(s).exception.get()));
    case Stmt::Kind::Assert: {
      auto &a = cast<AssertStmt>(s);
      return std::make_unique<AssertStmt>(at, expr(a.cond.get()), expr(a.message.get()));
    }
    case Stmt::Kind::Try: {
      auto &t = cast<TryStmt>(s);
      std::vector<ExceptClause> handlers;
      for (const ExceptClause &h : t.handlers) {
        ExceptClause c;
        c.loc = h.loc;
        c.type = expr(h.type.get());
        c.asName = h.asName.empty() ? h.asName : nm(h.asName);
        c.body = block(h.body);
        handlers.push_back(std::move(c));
      }
      return std::make_unique<TryStmt>(at, block(t.body), std::move(handlers), block(t.elseBody),
                                       block(t.finallyBody), t.finallyLoc);
    }
    case Stmt::Kind::Unsupported:
      return std::make_unique<UnsupportedStmt>(at, cast<UnsupportedStmt>(s).what);
    }
    return nullptr;
  }
};

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

Block cloneBlockRenamed(const Block &b, const std::map<std::string, std::string> &rn) {
  return Cloner{rn}.block(b);
}
ExprPtr cloneExprRenamed(const Expr *e, const std::map<std::string, std::string> &rn) {
  return Cloner{rn}.expr(e);
}
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
