//===- SemaNext.cpp - next(generator, default) becomes a nested helper -----===//
//
// `next(g, d)` takes the first item of a generator expression, or d when
// it has none (StopIteration without d). Before the functions are
// collected, each such call becomes the call of a nested def made for it,
// whose loops are the generator's clauses and which returns at the first
// item:
//
//   next((i for i, v in enumerate(values) if v > c), -1)
//       llcc.next.1(-1, values, c)  with
//   def llcc.next.1(llcc.default, values, c):
//       for i, v in enumerate(values):
//           if v > c:
//               return i
//       return llcc.default
//
// `next(iter(x))` is the same with `for llcc.item in x: return llcc.item`.
// The default is an argument, evaluated before the call as CPython
// evaluates it before next() runs (even when it is not needed); without
// one the helper ends with `raise StopIteration`. The names the generator
// reads from the enclosing function (and the functions around it) are
// passed as arguments, read when next() runs, as the generator reads them;
// names only called (`key(v)`, a nested def or a lambda) stay free and
// resolve through the nested def's scope. The result is whichever value
// the helper returns, an int default or a float item, as in CPython.
//
// Any other argument (an iterator made earlier, `next(it)`) keeps the
// diagnostic of SemaHints.cpp.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <functional>
#include <set>

namespace llcc {
namespace sema {

/// The names a target binds (a name or a nested tuple or list of names).
/// SemaNonlocal.cpp and SemaFactories.cpp use these binding helpers too.
void targetNames(const Expr *target, std::set<std::string> &out) {
  if (!target)
    return;
  if (auto *n = dyn_cast<NameExpr>(target))
    out.insert(n->name);
  else if (auto *t = dyn_cast<TupleExpr>(target))
    for (const ExprPtr &el : t->elements)
      targetNames(el.get(), out);
  else if (auto *l = dyn_cast<ListExpr>(target))
    for (const ExprPtr &el : l->elements)
      targetNames(el.get(), out);
}

/// The names one statement binds itself (not its blocks): assignment,
/// augmented assignment and for targets.
void statementTargets(const Stmt &s, std::set<std::string> &out) {
  if (auto *a = dyn_cast<AssignStmt>(&s))
    for (const ExprPtr &t : a->targets)
      targetNames(t.get(), out);
  else if (auto *a = dyn_cast<AugAssignStmt>(&s))
    targetNames(a->target.get(), out);
  else if (auto *f = dyn_cast<ForStmt>(&s))
    targetNames(f->target.get(), out);
}

/// `f` on every statement of `block` and of the blocks nested in it.
void eachStatement(Block &block, const std::function<void(StmtPtr &)> &f) {
  for (StmtPtr &st : block) {
    f(st);
    forEachChildBlock(*st, [&](Block &b) { eachStatement(b, f); });
  }
}

namespace {

/// Every name `block` binds, nested blocks included.
void boundNames(const Block &block, std::set<std::string> &out) {
  for (const StmtPtr &s : block) {
    statementTargets(*s, out);
    forEachChildBlock(*s, [&](Block &b) { boundNames(b, out); });
  }
}

/// The names `e` reads, in source order, except those only called and
/// those its own comprehensions and lambdas bind.
void readNames(Expr *e, const std::set<std::string> &bound, std::vector<std::string> &out) {
  if (!e)
    return;
  if (auto *n = dyn_cast<NameExpr>(e)) {
    if (!bound.count(n->name))
      out.push_back(n->name);
    return;
  }
  if (auto *c = dyn_cast<CallExpr>(e)) {
    if (!isa<NameExpr>(c->callee.get()))
      readNames(c->callee.get(), bound, out);
    for (ExprPtr &a : c->args)
      readNames(a.get(), bound, out);
    for (KeywordArg &k : c->keywords)
      readNames(k.value.get(), bound, out);
    return;
  }
  if (auto *c = dyn_cast<ComprehensionExpr>(e)) {
    readNames(c->iter.get(), bound, out);
    std::set<std::string> inner = bound;
    targetNames(c->target.get(), inner);
    for (ComprehensionClause &clause : c->inner)
      targetNames(clause.target.get(), inner);
    readNames(c->element.get(), inner, out);
    for (ExprPtr &x : c->conds)
      readNames(x.get(), inner, out);
    for (ComprehensionClause &clause : c->inner) {
      readNames(clause.iter.get(), inner, out);
      for (ExprPtr &x : clause.conds)
        readNames(x.get(), inner, out);
    }
    return;
  }
  if (auto *l = dyn_cast<LambdaExpr>(e)) {
    std::set<std::string> inner = bound;
    inner.insert(l->params.begin(), l->params.end());
    return readNames(l->body.get(), inner, out);
  }
  if (auto *a = dyn_cast<AttributeExpr>(e))
    return readNames(a->value.get(), bound, out);
  if (auto *u = dyn_cast<UnaryExpr>(e))
    return readNames(u->operand.get(), bound, out);
  if (auto *b = dyn_cast<BinaryExpr>(e)) {
    readNames(b->lhs.get(), bound, out);
    return readNames(b->rhs.get(), bound, out);
  }
  if (auto *c = dyn_cast<CompareExpr>(e)) {
    for (ExprPtr &x : c->operands)
      readNames(x.get(), bound, out);
    return;
  }
  if (auto *i = dyn_cast<IfExpExpr>(e)) {
    readNames(i->cond.get(), bound, out);
    readNames(i->thenExpr.get(), bound, out);
    return readNames(i->elseExpr.get(), bound, out);
  }
  if (auto *s = dyn_cast<SubscriptExpr>(e)) {
    readNames(s->value.get(), bound, out);
    return readNames(s->index.get(), bound, out);
  }
  if (auto *s = dyn_cast<SliceExpr>(e)) {
    readNames(s->start.get(), bound, out);
    readNames(s->stop.get(), bound, out);
    return readNames(s->step.get(), bound, out);
  }
  if (auto *t = dyn_cast<TupleExpr>(e)) {
    for (ExprPtr &x : t->elements)
      readNames(x.get(), bound, out);
    return;
  }
  if (auto *l = dyn_cast<ListExpr>(e)) {
    for (ExprPtr &x : l->elements)
      readNames(x.get(), bound, out);
    return;
  }
  if (auto *f = dyn_cast<FStringExpr>(e)) {
    for (FStringField &x : f->fields) {
      readNames(x.value.get(), bound, out);
      if (x.nestedSpec)
        readNames(x.nestedSpec.get(), bound, out);
    }
    return;
  }
  forEachContainerChild(*e, [&](Expr *child) { readNames(child, bound, out); });
}

} // namespace

/// Calls `f` on every expression slot of `block`'s statements, nested
/// blocks included, and on every slot inside those expressions, children
/// first.
void eachSlotIn(ExprPtr &e, const std::function<void(ExprPtr &)> &f) {
  if (!e)
    return;
  auto all = [&](std::vector<ExprPtr> &xs) {
    for (ExprPtr &x : xs)
      eachSlotIn(x, f);
  };
  switch (e->kind()) {
  case Expr::Kind::Attribute:
    eachSlotIn(cast<AttributeExpr>(*e).value, f);
    break;
  case Expr::Kind::Unary:
    eachSlotIn(cast<UnaryExpr>(*e).operand, f);
    break;
  case Expr::Kind::Binary:
    eachSlotIn(cast<BinaryExpr>(*e).lhs, f);
    eachSlotIn(cast<BinaryExpr>(*e).rhs, f);
    break;
  case Expr::Kind::Compare:
    all(cast<CompareExpr>(*e).operands);
    break;
  case Expr::Kind::IfExp:
    eachSlotIn(cast<IfExpExpr>(*e).cond, f);
    eachSlotIn(cast<IfExpExpr>(*e).thenExpr, f);
    eachSlotIn(cast<IfExpExpr>(*e).elseExpr, f);
    break;
  case Expr::Kind::Call:
    eachSlotIn(cast<CallExpr>(*e).callee, f);
    all(cast<CallExpr>(*e).args);
    for (KeywordArg &k : cast<CallExpr>(*e).keywords)
      eachSlotIn(k.value, f);
    break;
  case Expr::Kind::Subscript:
    eachSlotIn(cast<SubscriptExpr>(*e).value, f);
    eachSlotIn(cast<SubscriptExpr>(*e).index, f);
    break;
  case Expr::Kind::Slice:
    eachSlotIn(cast<SliceExpr>(*e).start, f);
    eachSlotIn(cast<SliceExpr>(*e).stop, f);
    eachSlotIn(cast<SliceExpr>(*e).step, f);
    break;
  case Expr::Kind::Tuple:
    all(cast<TupleExpr>(*e).elements);
    break;
  case Expr::Kind::List:
    all(cast<ListExpr>(*e).elements);
    break;
  case Expr::Kind::Set:
    all(cast<SetExpr>(*e).elements);
    break;
  case Expr::Kind::Dict:
    all(cast<DictExpr>(*e).keys);
    all(cast<DictExpr>(*e).values);
    break;
  case Expr::Kind::FString:
    for (FStringField &x : cast<FStringExpr>(*e).fields) {
      eachSlotIn(x.value, f);
      if (x.nestedSpec)
        eachSlotIn(x.nestedSpec, f);
    }
    break;
  case Expr::Kind::Comprehension: {
    auto &c = cast<ComprehensionExpr>(*e);
    eachSlotIn(c.element, f);
    eachSlotIn(c.iter, f);
    all(c.conds);
    for (ComprehensionClause &clause : c.inner) {
      eachSlotIn(clause.iter, f);
      all(clause.conds);
    }
    break;
  }
  case Expr::Kind::Lambda:
    eachSlotIn(cast<LambdaExpr>(*e).body, f);
    break;
  default:
    break;
  }
  f(e);
}

void eachSlot(Block &block, const std::function<void(ExprPtr &)> &f) {
  for (StmtPtr &s : block) {
    switch (s->kind()) {
    case Stmt::Kind::Expr:
      eachSlotIn(cast<ExprStmt>(*s).value, f);
      break;
    case Stmt::Kind::Assign:
      eachSlotIn(cast<AssignStmt>(*s).value, f);
      for (ExprPtr &t : cast<AssignStmt>(*s).targets)
        eachSlotIn(t, f);
      break;
    case Stmt::Kind::AugAssign:
      eachSlotIn(cast<AugAssignStmt>(*s).target, f);
      eachSlotIn(cast<AugAssignStmt>(*s).value, f);
      break;
    case Stmt::Kind::If:
      eachSlotIn(cast<IfStmt>(*s).cond, f);
      break;
    case Stmt::Kind::While:
      eachSlotIn(cast<WhileStmt>(*s).cond, f);
      break;
    case Stmt::Kind::For:
      eachSlotIn(cast<ForStmt>(*s).iter, f);
      break;
    case Stmt::Kind::Return:
      eachSlotIn(cast<ReturnStmt>(*s).value, f);
      break;
    case Stmt::Kind::Raise:
      eachSlotIn(cast<RaiseStmt>(*s).exception, f);
      break;
    case Stmt::Kind::Assert:
      eachSlotIn(cast<AssertStmt>(*s).cond, f);
      eachSlotIn(cast<AssertStmt>(*s).message, f);
      break;
    default:
      break;
    }
    forEachChildBlock(*s, [&](Block &b) { eachSlot(b, f); });
  }
}

namespace {

/// `for target in iter: <cond ifs> ... return element`, the generator's
/// clauses as statements.
Block generatorLoops(ComprehensionExpr &g) {
  SourceLoc at = g.element->loc();
  Block body;
  body.push_back(std::make_unique<ReturnStmt>(at, std::move(g.element)));
  auto wrap = [&](ExprPtr &target, ExprPtr &iter, std::vector<ExprPtr> &conds) {
    for (size_t i = conds.size(); i-- > 0;) {
      SourceLoc c = conds[i]->loc();
      body = [&] {
        Block b;
        b.push_back(std::make_unique<IfStmt>(c, std::move(conds[i]), std::move(body), Block()));
        return b;
      }();
    }
    SourceLoc f = target->loc();
    Block b;
    b.push_back(
        std::make_unique<ForStmt>(f, std::move(target), std::move(iter), std::move(body), Block()));
    body = std::move(b);
  };
  for (size_t k = g.inner.size(); k-- > 0;)
    wrap(g.inner[k].target, g.inner[k].iter, g.inner[k].conds);
  wrap(g.target, g.iter, g.conds);
  return body;
}

bool isCallOf(const Expr *e, const char *name, size_t args) {
  auto *c = e ? dyn_cast<CallExpr>(e) : nullptr;
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  return n && n->name == name && c->args.size() == args && c->keywords.empty() && !c->starred;
}

} // namespace

void eachExprSlot(Block &block, const std::function<void(ExprPtr &)> &f) { eachSlot(block, f); }
void namesBoundIn(const Block &block, std::set<std::string> &out) { boundNames(block, out); }
void namesReadIn(Expr *e, std::vector<std::string> &out) { readNames(e, {}, out); }
void namesTargetBinds(const Expr *target, std::set<std::string> &out) { targetNames(target, out); }

std::set<std::string> visibleNames(FunctionDef &fn) {
  std::set<std::string> visible;
  for (FunctionDef *f = &fn; f; f = f->outer) {
    for (const Param &p : f->params)
      visible.insert(p.name);
    boundNames(f->body, visible);
  }
  // A comprehension's or lambda's own names, for a call inside one.
  eachSlot(fn.body, [&](ExprPtr &e) {
    if (auto *c = dyn_cast<ComprehensionExpr>(e.get())) {
      targetNames(c->target.get(), visible);
      for (ComprehensionClause &clause : c->inner)
        targetNames(clause.target.get(), visible);
    } else if (auto *l = dyn_cast<LambdaExpr>(e.get())) {
      visible.insert(l->params.begin(), l->params.end());
    }
  });
  return visible;
}

void Sema::lowerNextCalls() {
  // A program that defines its own `next` means that one.
  for (auto &fn : module_.functions)
    if (fn->name == "next")
      return;
  unsigned made = 0;
  for (size_t k = 0; k < module_.functions.size(); ++k) {
    FunctionDef *fn = module_.functions[k].get();
    std::set<std::string> visible = visibleNames(*fn);
    if (visible.count("next"))
      continue;
    std::vector<std::unique_ptr<FunctionDef>> helpers;
    eachSlot(fn->body, [&](ExprPtr &slot) {
      if (!isCallOf(slot.get(), "next", 1) && !isCallOf(slot.get(), "next", 2))
        return;
      auto &call = cast<CallExpr>(*slot);
      ExprPtr &source = call.args[0];
      auto *gen = dyn_cast<ComprehensionExpr>(source.get());
      bool fromIter = isCallOf(source.get(), "iter", 1);
      if (!(gen && gen->generator) && !fromIter)
        return; // SemaHints.cpp's diagnostic
      SourceLoc at = call.loc();
      auto def = std::make_unique<FunctionDef>();
      def->loc = at;
      def->nameLoc = at;
      def->outer = fn;
      def->localName = "llcc.next." + std::to_string(++made);
      def->name = fn->name + "." + def->localName;
      std::vector<ExprPtr> args;
      bool hasDefault = call.args.size() == 2;
      if (hasDefault) {
        def->params.push_back(Param{at, "llcc.default", nullptr, {}});
        args.push_back(std::move(call.args[1]));
      }
      std::vector<std::string> reads;
      readNames(source.get(), {}, reads);
      std::set<std::string> passed;
      for (const std::string &name : reads)
        if (visible.count(name) && passed.insert(name).second) {
          def->params.push_back(Param{at, name, nullptr, {}});
          args.push_back(std::make_unique<NameExpr>(at, name));
        }
      if (gen) {
        def->body = generatorLoops(*gen);
      } else {
        auto &iter = cast<CallExpr>(*source);
        Block ret;
        ret.push_back(
            std::make_unique<ReturnStmt>(at, std::make_unique<NameExpr>(at, "llcc.item")));
        def->body.push_back(
            std::make_unique<ForStmt>(at, std::make_unique<NameExpr>(at, "llcc.item"),
                                      std::move(iter.args[0]), std::move(ret), Block()));
      }
      if (hasDefault)
        def->body.push_back(
            std::make_unique<ReturnStmt>(at, std::make_unique<NameExpr>(at, "llcc.default")));
      else
        def->body.push_back(
            std::make_unique<RaiseStmt>(at, std::make_unique<NameExpr>(at, "StopIteration")));
      std::string local = def->localName;
      helpers.push_back(std::move(def));
      slot = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, local), std::move(args),
                                        std::vector<KeywordArg>());
    });
    for (auto &h : helpers)
      module_.functions.push_back(std::move(h));
  }
}

} // namespace sema
} // namespace llcc
