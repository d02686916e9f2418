//===- SemaGeneratorLoops.cpp - A generator's body written out in its loop ===//
//
// The two rewrites SemaGenerators.cpp describes: the consumers of a
// generator call hoisted into a `for` statement just before their
// statement (any, all, next stop at the deciding item; the others collect
// the items in a list), and each `for T in g(...)` replaced by g's body,
// its locals renamed, every `yield e` binding T and running the loop's
// body there. Break, continue, return and the loop's else clause keep
// CPython's meaning through two flags per inlined call.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaImpl.h"

#include <functional>
#include <map>
#include <set>

namespace llcc {
namespace sema {

void namesGeneratorBinds(const Block &b, std::set<std::string> &out);
int yieldStmtKind(const Stmt &s);
void namesBoundIn(const Block &block, std::set<std::string> &out);
void namesTargetBinds(const Expr *target, std::set<std::string> &out);

namespace {

using Rename = NameMap;

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
ExprPtr notOf(SourceLoc at, ExprPtr e) {
  return std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, std::move(e));
}
StmtPtr breakIf(SourceLoc at, const std::string &flag) {
  Block b;
  b.push_back(std::make_unique<BreakStmt>(at));
  return ifThen(at, name(at, flag), std::move(b));
}
StmtPtr whileTrue(SourceLoc at, Block body) {
  return std::make_unique<WhileStmt>(at, std::make_unique<BoolLiteralExpr>(at, true),
                                     std::move(body), Block());
}

const char *const Consumers[] = {"any",    "all",  "next",  "sum", "min", "max",
                                 "sorted", "list", "tuple", "set", "zip", "enumerate"};

bool isConsumer(const std::string &n) {
  for (const char *c : Consumers)
    if (n == c)
      return true;
  return false;
}

/// `continue` at the top level of a loop's body (not inside its own loops).
bool continuesAtTop(const Block &b) {
  for (const StmtPtr &s : b) {
    if (isa<ContinueStmt>(s.get()))
      return true;
    if (isa<WhileStmt>(s.get()) || isa<ForStmt>(s.get()))
      continue;
    bool found = false;
    forEachChildBlock(const_cast<Stmt &>(*s),
                      [&](Block &c) { found = found || continuesAtTop(c); });
    if (found)
      return true;
  }
  return false;
}

} // namespace

/// zip(...) or enumerate(...) with a generator call among its arguments.
bool Sema::zipsGenerator(const Expr *e, const std::set<std::string> &visible) const {
  auto *c = e ? dyn_cast<CallExpr>(e) : nullptr;
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  if (!n || (n->name != "zip" && n->name != "enumerate") || visible.count(n->name) || c->starred)
    return false;
  for (const ExprPtr &a : c->args)
    if (isGeneratorCall(a.get(), visible))
      return true;
  return false;
}

/// The iterable of a for statement or of a comprehension's first clause:
/// a generator call (or zip/enumerate of one) stays, to be written out as
/// a loop; the consumers inside its arguments are hoisted.
void Sema::hoistInIterable(ExprPtr &iter, Block &before, const std::set<std::string> &visible) {
  if (isGeneratorCall(iter.get(), visible)) {
    for (ExprPtr &a : cast<CallExpr>(*iter).args)
      hoistGeneratorsIn(a, false, before, visible);
    for (KeywordArg &k : cast<CallExpr>(*iter).keywords)
      hoistGeneratorsIn(k.value, false, before, visible);
    return;
  }
  if (zipsGenerator(iter.get(), visible)) {
    for (ExprPtr &a : cast<CallExpr>(*iter).args)
      hoistInIterable(a, before, visible);
    for (KeywordArg &k : cast<CallExpr>(*iter).keywords)
      hoistGeneratorsIn(k.value, false, before, visible);
    return;
  }
  hoistGeneratorsIn(iter, false, before, visible);
}

/// `for T in zip(a, g(...), b)` / `for T in enumerate(g(...), s)` as a loop
/// over g itself, the other iterables indexed by a counter: lazy, as
/// CPython's zip and enumerate are (an endless generator beside a list
/// stops with the list).
bool Sema::unzipGeneratorLoop(ForStmt &f, const std::set<std::string> &visible, Block &out) {
  auto &call = cast<CallExpr>(*f.iter);
  bool isZip = cast<NameExpr>(*call.callee).name == "zip";
  SourceLoc at = f.loc();
  std::string prefix = "llcc.gen" + std::to_string(++generatorCount_) + ".";
  std::string k = prefix + "k", z = prefix + "z";
  size_t gens = 0, p = 0;
  for (size_t i = 0; i < call.args.size(); ++i)
    if (isGeneratorCall(call.args[i].get(), visible))
      ++gens, p = i;
  if (gens != 1 || (isZip && !call.keywords.empty()) || (!isZip && call.args.size() > 2) ||
      (!isZip && p != 0) || (!isZip && !call.keywords.empty())) {
    diags_.error(call.loc(), std::string(isZip ? "zip" : "enumerate") +
                                 "() of a generator takes one generator and, for zip, "
                                 "sequences beside it (no keywords); collect the other "
                                 "generators in lists first: `list(g(...))`");
    return false;
  }
  std::vector<ExprPtr> others(call.args.size());
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (i == p)
      continue;
    ExprPtr &a = call.args[i];
    SourceLoc al = a->loc();
    if (isa<NameExpr>(a.get()) || !isZip) {
      others[i] = std::move(a);
      continue;
    }
    std::string x = prefix + "x" + std::to_string(i);
    out.push_back(assign(al, name(al, x), std::move(a)));
    others[i] = name(al, x);
  }
  ExprPtr start = isZip || call.args.size() < 2 ? std::make_unique<IntLiteralExpr>(at, 0)
                                                : std::move(others[1]);
  out.push_back(assign(at, name(at, k), std::move(start)));
  auto exhausted = [&](size_t from, size_t to) -> ExprPtr {
    ExprPtr cond;
    for (size_t i = from; i < to; ++i) {
      if (i == p)
        continue;
      std::vector<ExprPtr> largs;
      largs.push_back(cloneExpr(others[i].get()));
      std::vector<ExprPtr> ops;
      ops.push_back(name(at, k));
      ops.push_back(std::make_unique<CallExpr>(at, name(at, "len"), std::move(largs),
                                               std::vector<KeywordArg>()));
      ExprPtr c =
          std::make_unique<CompareExpr>(at, std::move(ops), std::vector<CompareOp>{CompareOp::Ge});
      cond = cond ? std::make_unique<BinaryExpr>(at, BinaryOp::Or, std::move(cond), std::move(c))
                  : std::move(c);
    }
    return cond;
  };
  Block body;
  if (isZip)
    if (ExprPtr c = exhausted(0, call.args.size())) {
      Block b;
      b.push_back(std::make_unique<BreakStmt>(at));
      body.push_back(ifThen(at, std::move(c), std::move(b)));
    }
  std::vector<ExprPtr> items;
  if (!isZip)
    items.push_back(name(at, k));
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (i == p)
      items.push_back(name(at, z));
    else if (isZip)
      items.push_back(std::make_unique<SubscriptExpr>(at, cloneExpr(others[i].get()), name(at, k)));
  }
  body.push_back(
      assign(at, std::move(f.target), std::make_unique<TupleExpr>(at, std::move(items))));
  body.push_back(std::make_unique<AugAssignStmt>(at, name(at, k), BinaryOp::Add,
                                                 std::make_unique<IntLiteralExpr>(at, 1)));
  for (StmtPtr &s : f.body)
    body.push_back(std::move(s));
  out.push_back(std::make_unique<ForStmt>(at, name(at, z), std::move(call.args[p]), std::move(body),
                                          std::move(f.elseBody)));
  return true;
}

//===----------------------------------------------------------------------===//
// Consumers hoisted into for statements
//===----------------------------------------------------------------------===//

void Sema::hoistGeneratorConsumers(Block &block, const std::set<std::string> &visible) {
  Block out;
  for (StmtPtr &s : block) {
    Block before;
    auto head = [&](ExprPtr &e) { hoistGeneratorsIn(e, false, before, visible); };
    switch (s->kind()) {
    case Stmt::Kind::Expr:
      head(cast<ExprStmt>(*s).value);
      break;
    case Stmt::Kind::Assign:
      head(cast<AssignStmt>(*s).value);
      break;
    case Stmt::Kind::AugAssign:
      head(cast<AugAssignStmt>(*s).value);
      break;
    case Stmt::Kind::Return:
      head(cast<ReturnStmt>(*s).value);
      break;
    case Stmt::Kind::If:
      head(cast<IfStmt>(*s).cond);
      break;
    case Stmt::Kind::For: {
      hoistInIterable(cast<ForStmt>(*s).iter, before, visible);
      break;
    }
    case Stmt::Kind::Assert:
      head(cast<AssertStmt>(*s).cond);
      hoistGeneratorsIn(cast<AssertStmt>(*s).message, true, before, visible);
      break;
    case Stmt::Kind::Raise:
      head(cast<RaiseStmt>(*s).exception);
      break;
    case Stmt::Kind::While:
      hoistGeneratorsIn(cast<WhileStmt>(*s).cond, true, before, visible);
      break;
    default:
      break;
    }
    forEachChildBlock(*s, [&](Block &c) { hoistGeneratorConsumers(c, visible); });
    for (StmtPtr &b : before)
      out.push_back(std::move(b));
    out.push_back(std::move(s));
  }
  block = std::move(out);
}

void Sema::hoistGeneratorsIn(ExprPtr &slot, bool conditional, Block &before,
                             const std::set<std::string> &visible) {
  Expr *e = slot.get();
  if (!e)
    return;
  auto rec = [&](ExprPtr &x, bool c) { hoistGeneratorsIn(x, c, before, visible); };
  // A generator call, or a comprehension with a clause over one.
  auto overGenerator = [&](const Expr *x) {
    if (isGeneratorCall(x, visible))
      return true;
    auto *c = x ? dyn_cast<ComprehensionExpr>(x) : nullptr;
    if (!c)
      return false;
    if (isGeneratorCall(c->iter.get(), visible) || zipsGenerator(c->iter.get(), visible))
      return true;
    for (const ComprehensionClause &k : c->inner)
      if (isGeneratorCall(k.iter.get(), visible) || zipsGenerator(k.iter.get(), visible))
        return true;
    return false;
  };
  // `kind`: "any", "all", "next" or "" (collect a list). Returns the
  // expression that replaces the consumer's argument (or the consumer).
  auto hoist = [&](ExprPtr &source, const std::string &kind, ExprPtr deflt) -> ExprPtr {
    SourceLoc at = source->loc();
    std::string prefix = "llcc.gen" + std::to_string(++generatorCount_) + ".";
    if (conditional) {
      diags_.error(at, "a generator consumed here runs only on some paths (after and/or, in a "
                       "conditional expression, a while condition, a lambda or a "
                       "comprehension's element); assign its result to a variable first");
      return std::make_unique<NoneLiteralExpr>(at);
    }
    // The comprehension's clauses: target, iterable, conditions; its names
    // renamed so they never meet the function's own.
    ExprPtr element;
    struct Clause {
      ExprPtr target, iter;
      std::vector<ExprPtr> conds;
    };
    std::vector<Clause> clauses;
    if (auto *c = dyn_cast<ComprehensionExpr>(source.get())) {
      std::set<std::string> bound;
      namesTargetBinds(c->target.get(), bound);
      for (ComprehensionClause &k : c->inner)
        namesTargetBinds(k.target.get(), bound);
      Rename rn;
      for (const std::string &n : bound)
        rn[n] = prefix + "t." + n;
      for (ComprehensionClause &k : c->inner)
        rec(k.iter, true);
      auto cloneAll = [&](const std::vector<ExprPtr> &xs) { return cloneExprs(xs, rn); };
      // The first iterable runs in the enclosing scope (not renamed).
      hoistInIterable(c->iter, before, visible);
      clauses.push_back(
          Clause{cloneExpr(c->target.get(), rn), std::move(c->iter), cloneAll(c->conds)});
      for (ComprehensionClause &k : c->inner)
        clauses.push_back(
            Clause{cloneExpr(k.target.get(), rn), cloneExpr(k.iter.get(), rn), cloneAll(k.conds)});
      element = cloneExpr(c->element.get(), rn);
    } else {
      for (ExprPtr &a : cast<CallExpr>(*source).args)
        rec(a, false);
      std::string item = prefix + "item";
      clauses.push_back(Clause{name(at, item), std::move(source), {}});
      element = name(at, item);
    }
    std::string r = prefix + "r", done = prefix + "done";
    bool hasDefault = deflt != nullptr;
    Block inner;
    bool early = !kind.empty();
    if (kind == "any" || kind == "all") {
      before.push_back(setFlag(at, r, kind == "all"));
      Block then;
      then.push_back(setFlag(at, r, kind == "any"));
      then.push_back(setFlag(at, done, true));
      then.push_back(std::make_unique<BreakStmt>(at));
      inner.push_back(ifThen(at, kind == "any" ? std::move(element) : notOf(at, std::move(element)),
                             std::move(then)));
    } else if (kind == "next") {
      if (deflt)
        before.push_back(assign(at, name(at, r), std::move(deflt)));
      inner.push_back(assign(at, name(at, r), std::move(element)));
      inner.push_back(setFlag(at, done, true));
      inner.push_back(std::make_unique<BreakStmt>(at));
    } else {
      before.push_back(
          assign(at, name(at, r), std::make_unique<ListExpr>(at, std::vector<ExprPtr>())));
      std::vector<ExprPtr> args;
      args.push_back(std::move(element));
      inner.push_back(std::make_unique<ExprStmt>(
          at,
          std::make_unique<CallExpr>(at, std::make_unique<AttributeExpr>(at, name(at, r), "append"),
                                     std::move(args), std::vector<KeywordArg>())));
    }
    if (early)
      before.push_back(setFlag(at, done, false));
    Block body = std::move(inner);
    for (size_t k = clauses.size(); k-- > 0;) {
      Clause &c = clauses[k];
      for (size_t i = c.conds.size(); i-- > 0;) {
        SourceLoc ca = c.conds[i]->loc();
        Block b;
        b.push_back(ifThen(ca, std::move(c.conds[i]), std::move(body)));
        body = std::move(b);
      }
      Block b;
      b.push_back(std::make_unique<ForStmt>(at, std::move(c.target), std::move(c.iter),
                                            std::move(body), Block()));
      if (early && k > 0)
        b.push_back(breakIf(at, done));
      body = std::move(b);
    }
    for (StmtPtr &s : body)
      before.push_back(std::move(s));
    if (kind == "next" && !hasDefault) {
      Block raise;
      raise.push_back(std::make_unique<RaiseStmt>(at, name(at, "StopIteration")));
      before.push_back(ifThen(at, notOf(at, name(at, done)), std::move(raise)));
    }
    return name(at, r);
  };

  if (auto *c = dyn_cast<CallExpr>(e)) {
    auto *callee = dyn_cast<NameExpr>(c->callee.get());
    if (callee && isConsumer(callee->name) && !visible.count(callee->name) && !c->starred) {
      const std::string &n = callee->name;
      bool early = n == "any" || n == "all" || n == "next";
      size_t maxArgs = n == "next" ? 2 : 1;
      if (early && !c->args.empty() && c->args.size() <= maxArgs && c->keywords.empty() &&
          overGenerator(c->args[0].get())) {
        ExprPtr deflt = c->args.size() == 2 ? std::move(c->args[1]) : nullptr;
        if (deflt)
          rec(deflt, conditional);
        slot = hoist(c->args[0], n, std::move(deflt));
        return;
      }
      if (!early)
        for (ExprPtr &a : c->args)
          if (overGenerator(a.get()))
            a = hoist(a, "", nullptr);
    }
    rec(c->callee, conditional);
    for (ExprPtr &a : c->args)
      rec(a, conditional);
    for (KeywordArg &k : c->keywords)
      rec(k.value, conditional);
    return;
  }
  if (auto *c = dyn_cast<ComprehensionExpr>(e)) {
    if (!c->generator && overGenerator(c)) {
      slot = hoist(slot, "", nullptr);
      return;
    }
    rec(c->iter, conditional);
    rec(c->element, true);
    for (ExprPtr &x : c->conds)
      rec(x, true);
    for (ComprehensionClause &k : c->inner) {
      rec(k.iter, true);
      for (ExprPtr &x : k.conds)
        rec(x, true);
    }
    return;
  }
  if (auto *b = dyn_cast<BinaryExpr>(e)) {
    rec(b->lhs, conditional);
    rec(b->rhs, conditional || b->op == BinaryOp::And || b->op == BinaryOp::Or);
    return;
  }
  if (auto *i = dyn_cast<IfExpExpr>(e)) {
    rec(i->cond, conditional);
    rec(i->thenExpr, true);
    rec(i->elseExpr, true);
    return;
  }
  if (auto *l = dyn_cast<LambdaExpr>(e))
    return rec(l->body, true);
  if (auto *a = dyn_cast<AttributeExpr>(e))
    return rec(a->value, conditional);
  if (auto *u = dyn_cast<UnaryExpr>(e))
    return rec(u->operand, conditional);
  if (auto *c = dyn_cast<CompareExpr>(e)) {
    for (size_t i = 0; i < c->operands.size(); ++i)
      rec(c->operands[i], conditional || i > 1); // a chain stops at a false link
    return;
  }
  if (auto *s = dyn_cast<SubscriptExpr>(e)) {
    rec(s->value, conditional);
    return rec(s->index, conditional);
  }
  if (auto *s = dyn_cast<SliceExpr>(e)) {
    rec(s->start, conditional);
    rec(s->stop, conditional);
    return rec(s->step, conditional);
  }
  if (auto *n = dyn_cast<NamedExpr>(e))
    return rec(n->value, conditional);
  if (auto *f = dyn_cast<FStringExpr>(e)) {
    for (FStringField &x : f->fields) {
      rec(x.value, conditional);
      if (x.nestedSpec)
        rec(x.nestedSpec, conditional);
    }
    return;
  }
  std::vector<ExprPtr> *xs = nullptr;
  if (auto *t = dyn_cast<TupleExpr>(e))
    xs = &t->elements;
  else if (auto *l = dyn_cast<ListExpr>(e))
    xs = &l->elements;
  else if (auto *s = dyn_cast<SetExpr>(e))
    xs = &s->elements;
  if (xs)
    for (ExprPtr &x : *xs)
      rec(x, conditional);
  if (auto *d = dyn_cast<DictExpr>(e))
    for (size_t i = 0; i < d->keys.size(); ++i) {
      rec(d->keys[i], conditional);
      rec(d->values[i], conditional);
    }
}

//===----------------------------------------------------------------------===//
// for T in g(...): the body of g written out
//===----------------------------------------------------------------------===//

void Sema::inlineGeneratorLoops(Block &block, const std::set<std::string> &visible,
                                std::vector<std::string> &stack, std::set<std::string> &used) {
  Block out;
  for (StmtPtr &s : block) {
    auto *f = dyn_cast<ForStmt>(s.get());
    if (f && zipsGenerator(f->iter.get(), visible)) {
      Block rep;
      if (!unzipGeneratorLoop(*f, visible, rep))
        continue; // reported; dropped, so that nothing follows from it
      inlineGeneratorLoops(rep, visible, stack, used);
      for (StmtPtr &r : rep)
        out.push_back(std::move(r));
      continue;
    }
    if (f && isGeneratorCall(f->iter.get(), visible)) {
      auto &call = cast<CallExpr>(*f->iter);
      std::string g = cast<NameExpr>(*call.callee).name;
      used.insert(g);
      if (std::find(stack.begin(), stack.end(), g) != stack.end()) {
        diags_.error(call.loc(), "generator function '" + g +
                                     "' iterates itself; recursion through a generator is not "
                                     "supported, write it as a loop over a list or a stack");
        continue;
      }
      // The loop's own body first: its generators are not g's recursion.
      inlineGeneratorLoops(f->body, visible, stack, used);
      inlineGeneratorLoops(f->elseBody, visible, stack, used);
      Block rep;
      if (!inlineGeneratorLoop(*f, *generators_[g], rep))
        continue;
      stack.push_back(g);
      inlineGeneratorLoops(rep, visible, stack, used);
      stack.pop_back();
      for (StmtPtr &r : rep)
        out.push_back(std::move(r));
      continue;
    }
    forEachChildBlock(*s, [&](Block &c) { inlineGeneratorLoops(c, visible, stack, used); });
    out.push_back(std::move(s));
  }
  block = std::move(out);
}

bool Sema::inlineGeneratorLoop(ForStmt &f, FunctionDef &g, Block &rep) {
  auto &call = cast<CallExpr>(*f.iter);
  SourceLoc at = f.loc();
  std::string prefix = "llcc.gen" + std::to_string(++generatorCount_) + ".";
  if (call.starred) {
    diags_.error(call.loc(), "a generator called with *arguments is not supported; pass each "
                             "argument by itself");
    return false;
  }
  std::set<std::string> locals;
  namesGeneratorBinds(g.body, locals);
  std::set<std::string> bodyBinds;
  namesBoundIn(f.body, bodyBinds);
  namesTargetBinds(f.target.get(), bodyBinds);
  Rename rn;
  for (const std::string &n : locals)
    rn[n] = prefix + n;
  // The arguments, bound as CPython binds them: evaluated once, in order.
  std::vector<ExprPtr *> value(g.params.size(), nullptr);
  auto tooMany = [&](const std::string &why) {
    diags_.error(call.loc(), "generator '" + g.name + "()' " + why);
    return false;
  };
  std::vector<size_t> order;
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (i >= g.params.size() || g.params[i].keywordOnly)
      return tooMany(
          "takes " + std::to_string(g.params.size()) +
          (g.params.size() == 1 ? " positional argument but " : " positional arguments but ") +
          std::to_string(call.args.size()) + " were given");
    value[i] = &call.args[i];
    order.push_back(i);
  }
  for (KeywordArg &k : call.keywords) {
    size_t i = 0;
    while (i < g.params.size() && g.params[i].name != k.name)
      ++i;
    if (i == g.params.size())
      return tooMany("got an unexpected keyword argument '" + k.name + "'");
    if (value[i])
      return tooMany("got multiple values for argument '" + k.name + "'");
    value[i] = &k.value;
    order.push_back(i);
  }
  for (size_t i = 0; i < g.params.size(); ++i)
    if (!value[i]) {
      if (!g.params[i].defaultValue)
        return tooMany("missing required argument: '" + g.params[i].name + "'");
      order.push_back(i);
    }
  for (size_t i : order) {
    const std::string &p = g.params[i].name;
    ExprPtr v = value[i] ? std::move(*value[i]) : cloneExpr(g.params[i].defaultValue.get());
    auto *n = dyn_cast<NameExpr>(v.get());
    if (n && !locals.count(p) && !bodyBinds.count(n->name)) {
      rn[p] = n->name; // the caller's name itself: g never rebinds it
      continue;
    }
    rn[p] = prefix + p;
    SourceLoc vl = v->loc();
    rep.push_back(assign(vl, name(vl, prefix + p), std::move(v)));
  }
  std::string stop = prefix + "stop", brk = prefix + "brk";
  bool hasElse = !f.elseBody.empty();
  rep.push_back(setFlag(at, stop, false));
  if (hasElse)
    rep.push_back(setFlag(at, brk, false));
  unsigned yieldFrom = 0;

  // The loop's body at one yield; true when it may leave the generator.
  auto consumer = [&](SourceLoc y, Block &out) {
    Block body = cloneBlock(f.body);
    bool wrap = continuesAtTop(body);
    bool leaves = false;
    std::function<void(Block &)> fix = [&](Block &b) {
      Block nb;
      for (StmtPtr &s : b) {
        if (isa<BreakStmt>(s.get())) {
          if (hasElse)
            nb.push_back(setFlag(s->loc(), brk, true));
          nb.push_back(setFlag(s->loc(), stop, true));
          nb.push_back(std::move(s));
          leaves = true;
          continue;
        }
        if (wrap && isa<ContinueStmt>(s.get())) {
          nb.push_back(std::make_unique<BreakStmt>(s->loc()));
          continue;
        }
        if (!isa<WhileStmt>(s.get()) && !isa<ForStmt>(s.get()))
          forEachChildBlock(*s, fix);
        nb.push_back(std::move(s));
      }
      b = std::move(nb);
    };
    fix(body);
    if (wrap) {
      body.push_back(std::make_unique<BreakStmt>(y));
      out.push_back(whileTrue(y, std::move(body)));
      if (leaves)
        out.push_back(breakIf(y, stop));
    } else {
      for (StmtPtr &s : body)
        out.push_back(std::move(s));
    }
    return leaves;
  };
  // g's body: yields become the loop's body, returns leave.
  std::function<bool(Block &)> xform = [&](Block &b) {
    Block nb;
    bool exits = false;
    for (StmtPtr &s : b) {
      SourceLoc sl = s->loc();
      if (auto *r = dyn_cast<ReturnStmt>(s.get())) {
        if (r->value && !isa<NoneLiteralExpr>(r->value.get()))
          nb.push_back(std::make_unique<ExprStmt>(sl, std::move(r->value)));
        nb.push_back(setFlag(sl, stop, true));
        nb.push_back(std::make_unique<BreakStmt>(sl));
        exits = true;
        continue;
      }
      int yk = yieldStmtKind(*s);
      if (yk == 2) {
        // yield from it: for v in it: yield v
        std::string v = prefix + "yf" + std::to_string(++yieldFrom);
        auto &c = cast<CallExpr>(*cast<ExprStmt>(*s).value);
        auto yieldOf = [&](ExprPtr e) {
          std::vector<ExprPtr> args;
          args.push_back(std::move(e));
          Block yb;
          yb.push_back(std::make_unique<ExprStmt>(
              sl, std::make_unique<CallExpr>(sl, name(sl, "llcc.yield"), std::move(args),
                                             std::vector<KeywordArg>())));
          return yb;
        };
        auto *gen = dyn_cast<ComprehensionExpr>(c.args[0].get());
        if (gen && gen->generator) {
          // yield from (E for T in it if C ...): the clauses as loops, their
          // names the generator expression's own.
          std::set<std::string> bound;
          namesTargetBinds(gen->target.get(), bound);
          for (ComprehensionClause &k : gen->inner)
            namesTargetBinds(k.target.get(), bound);
          Rename crn;
          for (const std::string &n : bound)
            crn[n] = v + "." + n;
          Block body = yieldOf(cloneExpr(gen->element.get(), crn));
          auto wrap = [&](ExprPtr target, ExprPtr iter, std::vector<ExprPtr> &conds) {
            for (size_t i = conds.size(); i-- > 0;) {
              Block b;
              b.push_back(ifThen(sl, cloneExpr(conds[i].get(), crn), std::move(body)));
              body = std::move(b);
            }
            Block b;
            b.push_back(std::make_unique<ForStmt>(sl, std::move(target), std::move(iter),
                                                  std::move(body), Block()));
            body = std::move(b);
          };
          for (size_t k = gen->inner.size(); k-- > 0;)
            wrap(cloneExpr(gen->inner[k].target.get(), crn),
                 cloneExpr(gen->inner[k].iter.get(), crn), gen->inner[k].conds);
          wrap(cloneExpr(gen->target.get(), crn), std::move(gen->iter), gen->conds);
          s = std::move(body[0]);
        } else {
          s = std::make_unique<ForStmt>(sl, name(sl, v), std::move(c.args[0]), yieldOf(name(sl, v)),
                                        Block());
        }
      } else if (yk == 1) {
        auto &c = cast<CallExpr>(*cast<ExprStmt>(*s).value);
        nb.push_back(assign(sl, cloneExpr(f.target.get(), {}), std::move(c.args[0])));
        if (consumer(sl, nb))
          exits = true;
        continue;
      }
      if (isa<WhileStmt>(s.get()) || isa<ForStmt>(s.get())) {
        Block *body = isa<WhileStmt>(s.get()) ? &cast<WhileStmt>(*s).body : &cast<ForStmt>(*s).body;
        Block *els =
            isa<WhileStmt>(s.get()) ? &cast<WhileStmt>(*s).elseBody : &cast<ForStmt>(*s).elseBody;
        bool inner = xform(*body);
        if (xform(*els))
          exits = true;
        nb.push_back(std::move(s));
        if (inner) {
          nb.push_back(breakIf(sl, stop));
          exits = true;
        }
        continue;
      }
      forEachChildBlock(*s, [&](Block &c) {
        if (xform(c))
          exits = true;
      });
      nb.push_back(std::move(s));
    }
    b = std::move(nb);
    return exits;
  };
  Block body = cloneBlock(g.body, rn);
  xform(body);
  body.push_back(std::make_unique<BreakStmt>(at));
  rep.push_back(whileTrue(at, std::move(body)));
  if (hasElse)
    rep.push_back(ifThen(at, notOf(at, name(at, brk)), std::move(f.elseBody)));
  return true;
}

} // namespace sema
} // namespace llcc
