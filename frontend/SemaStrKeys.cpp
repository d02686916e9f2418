//===- SemaStrKeys.cpp - Local dicts and sets keyed by str literals --------===//
//
// Named tallies: `counts = {"pos": 0, "neg": 0}`, `counts["pos"] += 1`,
// `w = dict(a=0.5, b=1.5)`, `for name in ("lo", "hi"): d[name] = ...`,
// `"pos" in counts`, `seen = set(); seen.add("edge")`, `name = "lo" if v < t
// else "hi"; counts[name] += 1`, `best = max(("lo", "hi"), key=lambda k:
// tally[k])`, `{"pos": 1.0, "neg": -1.0}[best]`.
//
// Before anything is typed, every str literal used as a key of such a
// dict or set (and every str literal compared with a key read back from
// one) is replaced by the int of its index in the function's table
// (FunctionDef::strKeys), so the dict is an int-keyed dict to the rest of
// the compiler. Two strs are one key exactly when they are one str, so
// the ints are distinct keys exactly where CPython's strs are, and a dict
// keeps its insertion order, which is all CPython's dict order depends on.
// A missing key's KeyError shows the str (IRGenContainers.cpp reads the
// table), as CPython's `KeyError: 'pos'`.
//
// What could tell the ints from the strs is refused, with a diagnostic at
// the use: a key computed at run time (a str parameter, which could be a
// str llcc never saw), a number key in the same dict, a key read back
// used other than compared with a str literal (==, !=) or as a key of
// such a dict, the dict used as a whole (returned, printed, copied,
// passed), and iterating a set of strs (CPython's order there is its
// string hash's, randomised per process).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <functional>
#include <map>

namespace llcc {
namespace sema {

namespace {

bool isStrLit(const Expr *e) { return e && isa<StringLiteralExpr>(e); }

const NameExpr *nameOf(const Expr *e) { return e ? dyn_cast<NameExpr>(e) : nullptr; }

std::string nameText(const Expr *e) {
  const NameExpr *n = nameOf(e);
  return n ? n->name : std::string();
}

/// Calls `f(ExprPtr &)` on every expression slot directly held by the
/// statements of `b` (and of their nested blocks), in source order.
void forEachStmtExpr(Block &b, const std::function<void(Stmt &, ExprPtr &)> &f) {
  for (StmtPtr &sp : b) {
    if (!sp)
      continue;
    Stmt &s = *sp;
    switch (s.kind()) {
    case Stmt::Kind::Expr:
      f(s, static_cast<ExprStmt &>(s).value);
      break;
    case Stmt::Kind::Assign: {
      auto &a = static_cast<AssignStmt &>(s);
      for (ExprPtr &t : a.targets)
        f(s, t);
      f(s, a.value);
      break;
    }
    case Stmt::Kind::AugAssign: {
      auto &a = static_cast<AugAssignStmt &>(s);
      f(s, a.target);
      f(s, a.value);
      break;
    }
    case Stmt::Kind::If:
      f(s, static_cast<IfStmt &>(s).cond);
      break;
    case Stmt::Kind::While:
      f(s, static_cast<WhileStmt &>(s).cond);
      break;
    case Stmt::Kind::For: {
      auto &x = static_cast<ForStmt &>(s);
      f(s, x.target);
      f(s, x.iter);
      break;
    }
    case Stmt::Kind::Del:
      for (ExprPtr &t : static_cast<DelStmt &>(s).targets)
        f(s, t);
      break;
    case Stmt::Kind::Return:
      f(s, static_cast<ReturnStmt &>(s).value);
      break;
    case Stmt::Kind::Raise:
      f(s, static_cast<RaiseStmt &>(s).exception);
      break;
    case Stmt::Kind::Assert: {
      auto &a = static_cast<AssertStmt &>(s);
      f(s, a.cond);
      f(s, a.message);
      break;
    }
    case Stmt::Kind::Try:
      for (ExceptClause &h : static_cast<TryStmt &>(s).handlers)
        f(s, h.type);
      break;
    default:
      break;
    }
    forEachChildBlock(s, [&](Block &child) { forEachStmtExpr(child, f); });
  }
}

/// Every expression node under `slot`, parents first.
void forEachNode(ExprPtr &slot, const std::function<void(ExprPtr &)> &f) {
  if (!slot)
    return;
  f(slot);
  forEachChildExpr(*slot, [&](ExprPtr &child) { forEachNode(child, f); });
}

void forEachStmt(Block &b, const std::function<void(Stmt &)> &f) {
  for (StmtPtr &sp : b) {
    if (!sp)
      continue;
    f(*sp);
    forEachChildBlock(*sp, [&](Block &child) { forEachStmt(child, f); });
  }
}

/// `N.attr(...)` of a name: the call's name and method, or null.
const NameExpr *methodOf(const Expr *e, std::string &attr) {
  auto *c = e ? dyn_cast<CallExpr>(e) : nullptr;
  if (!c)
    return nullptr;
  auto *a = dyn_cast<AttributeExpr>(c->callee.get());
  if (!a)
    return nullptr;
  attr = a->attr;
  return nameOf(a->value.get());
}

enum class Made { None, Dict, Set };

/// What `value` makes when assigned to a name: a dict or set this pass
/// may key by strs (a display of str literals, `dict(a=0)`, `dict()`,
/// `set()`, `defaultdict(int)`, `Counter()`), or None.
Made creation(const Expr *value) {
  if (auto *d = value ? dyn_cast<DictExpr>(value) : nullptr) {
    for (const ExprPtr &k : d->keys)
      if (!isStrLit(k.get()))
        return Made::None;
    return Made::Dict;
  }
  if (auto *s = value ? dyn_cast<SetExpr>(value) : nullptr) {
    for (const ExprPtr &x : s->elements)
      if (!isStrLit(x.get()))
        return Made::None;
    return Made::Set;
  }
  auto *c = value ? dyn_cast<CallExpr>(value) : nullptr;
  if (!c || c->starred)
    return Made::None;
  std::string callee = nameText(c->callee.get());
  if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()); a && nameText(a->value.get()) == "collections")
    callee = a->attr;
  if (callee == "dict" && c->args.empty())
    return Made::Dict;
  if (callee == "set" && c->args.empty() && c->keywords.empty())
    return Made::Set;
  if (callee == "Counter" && c->args.empty() && c->keywords.empty())
    return Made::Dict;
  if (callee == "defaultdict" && c->args.size() == 1 && c->keywords.empty()) {
    std::string factory = nameText(c->args[0].get());
    if (factory == "int" || factory == "float")
      return Made::Dict;
  }
  return Made::None;
}

bool strTuple(const Expr *e) {
  const std::vector<ExprPtr> *elems = nullptr;
  if (auto *t = e ? dyn_cast<TupleExpr>(e) : nullptr)
    elems = &t->elements;
  else if (auto *l = e ? dyn_cast<ListExpr>(e) : nullptr)
    elems = &l->elements;
  if (!elems || elems->empty())
    return false;
  for (const ExprPtr &x : *elems)
    if (!isStrLit(x.get()))
      return false;
  return true;
}

/// A str literal, or a choice between str literals ("a" if c else "b").
bool strChoice(const Expr *e) {
  if (auto *x = e ? dyn_cast<IfExpExpr>(e) : nullptr)
    return !x->eager && strChoice(x->thenExpr.get()) && strChoice(x->elseExpr.get());
  return isStrLit(e);
}

std::vector<ExprPtr> *tupleElements(Expr &e) {
  if (auto *t = dyn_cast<TupleExpr>(&e))
    return &t->elements;
  if (auto *l = dyn_cast<ListExpr>(&e))
    return &l->elements;
  return nullptr;
}

} // namespace

void Sema::lowerStrKeyDicts() {
  std::vector<std::unique_ptr<FunctionDef>> helpers; // run-time key lookups
  for (auto &fnp : module_.functions) {
    FunctionDef &fn = *fnp;
    if (fn.isLibrary)
      continue;
    std::set<std::string> params;
    for (const Param &p : fn.params)
      params.insert(p.name);

    // Names assigned a dict or set this pass can key by strs.
    std::map<std::string, Made> made;
    // order = ["dark", "mid", "bright"]: a list (or tuple) of str literals
    // bound once, read only as the items of a key (strSeq below).
    std::map<std::string, int> bindings;
    std::map<std::string, AssignStmt *> strLists;
    forEachStmt(fn.body, [&](Stmt &s) {
      std::set<std::string> bound;
      if (auto *a = dyn_cast<AssignStmt>(&s)) {
        for (const ExprPtr &t : a->targets)
          namesTargetBinds(t.get(), bound);
        if (a->targets.size() == 1 && nameOf(a->targets[0].get()) && strTuple(a->value.get()))
          strLists[nameText(a->targets[0].get())] = a;
      }
      if (auto *a = dyn_cast<AugAssignStmt>(&s))
        namesTargetBinds(a->target.get(), bound);
      if (auto *f = dyn_cast<ForStmt>(&s))
        namesTargetBinds(f->target.get(), bound);
      for (const std::string &n : bound)
        ++bindings[n];
    });
    for (auto it = strLists.begin(); it != strLists.end();)
      it = bindings[it->first] != 1 || params.count(it->first) ? strLists.erase(it) : std::next(it);
    auto strSeq = [&](const Expr *e) { return strTuple(e) || strLists.count(nameText(e)) > 0; };
    std::set<std::string> tupleLoopVars; // for name in ("a", "b")
    forEachStmt(fn.body, [&](Stmt &s) {
      if (auto *a = dyn_cast<AssignStmt>(&s); a && a->targets.size() == 1) {
        const NameExpr *n = nameOf(a->targets[0].get());
        Made m = creation(a->value.get());
        if (n && m != Made::None && !params.count(n->name)) {
          Made &slot = made[n->name];
          slot = slot == Made::None || slot == m ? m : Made::Dict;
        }
      }
      if (auto *f = dyn_cast<ForStmt>(&s); f && nameOf(f->target.get()) && strSeq(f->iter.get()))
        tupleLoopVars.insert(nameOf(f->target.get())->name);
      // name = "low" if v < t else "high": a str literal held by a name.
      if (auto *a = dyn_cast<AssignStmt>(&s);
          a && a->targets.size() == 1 && nameOf(a->targets[0].get()) && strChoice(a->value.get()))
        tupleLoopVars.insert(nameOf(a->targets[0].get())->name);
    });
    if (made.empty())
      continue;

    // Evidence: a name made above keyed by a str somewhere.
    std::function<bool(const Expr *)> strKey = [&](const Expr *k) {
      if (auto *x = k ? dyn_cast<IfExpExpr>(k) : nullptr)
        return strKey(x->thenExpr.get()) && strKey(x->elseExpr.get());
      return isStrLit(k) || tupleLoopVars.count(nameText(k)) > 0;
    };
    std::set<std::string> cand;
    auto evidence = [&](const std::string &n) {
      if (made.count(n))
        cand.insert(n);
    };
    forEachStmt(fn.body, [&](Stmt &s) {
      if (auto *a = dyn_cast<AssignStmt>(&s); a && a->targets.size() == 1) {
        if (auto *d = dyn_cast<DictExpr>(a->value.get()); d && !d->keys.empty())
          evidence(nameText(a->targets[0].get()));
        if (auto *st = dyn_cast<SetExpr>(a->value.get()); st && !st->elements.empty())
          evidence(nameText(a->targets[0].get()));
        if (auto *c = dyn_cast<CallExpr>(a->value.get());
            c && nameText(c->callee.get()) == "dict" && !c->keywords.empty())
          evidence(nameText(a->targets[0].get()));
      }
    });
    forEachStmtExpr(fn.body, [&](Stmt &, ExprPtr &top) {
      forEachNode(top, [&](ExprPtr &slot) {
        Expr &e = *slot;
        if (auto *sub = dyn_cast<SubscriptExpr>(&e); sub && strKey(sub->index.get()))
          evidence(nameText(sub->value.get()));
        std::string attr;
        if (const NameExpr *n = methodOf(&e, attr)) {
          auto &c = cast<CallExpr>(e);
          if ((attr == "get" || attr == "setdefault" || attr == "add") && !c.args.empty() &&
              strKey(c.args[0].get()))
            evidence(n->name);
        }
        if (auto *cmp = dyn_cast<CompareExpr>(&e); cmp && cmp->ops.size() == 1 &&
                                                   (cmp->ops[0] == CompareOp::In ||
                                                    cmp->ops[0] == CompareOp::NotIn) &&
                                                   strKey(cmp->operands[0].get()))
          evidence(nameText(cmp->operands[1].get()));
      });
    });
    if (cand.empty())
      continue;
    auto isDict = [&](const Expr *e) {
      const NameExpr *n = nameOf(e);
      return n && cand.count(n->name) && made[n->name] == Made::Dict;
    };
    auto isCand = [&](const Expr *e) {
      const NameExpr *n = nameOf(e);
      return n && cand.count(n->name);
    };
    // max(("lo", "hi"), key=lambda k: tally[k]), max(tally, key=lambda k:
    // ...): the lambda's parameter holds a key (a name bound nowhere else
    // in the function, so the lambda's name nodes are all its own).
    std::set<std::string> boundHere;
    namesBoundIn(fn.body, boundHere);
    std::set<const LambdaExpr *> keyLambdas;
    std::set<std::string> lambdaKeys;
    auto keyLambda = [&](const CallExpr &c) -> const LambdaExpr * {
      std::string callee = nameText(c.callee.get());
      if (c.starred || c.args.size() != 1 || c.keywords.size() != 1 ||
          c.keywords[0].name != "key" || (callee != "max" && callee != "min") ||
          !(isDict(c.args[0].get()) || strSeq(c.args[0].get())))
        return nullptr;
      auto *lam = dyn_cast<LambdaExpr>(c.keywords[0].value.get());
      if (!lam || lam->params.size() != 1 || boundHere.count(lam->params[0]) ||
          params.count(lam->params[0]) || cand.count(lam->params[0]))
        return nullptr;
      return lam;
    };
    forEachStmtExpr(fn.body, [&](Stmt &, ExprPtr &top) {
      forEachNode(top, [&](ExprPtr &slot) {
        if (auto *c = dyn_cast<CallExpr>(slot.get()))
          if (const LambdaExpr *lam = keyLambda(*c)) {
            keyLambdas.insert(lam);
            lambdaKeys.insert(lam->params[0]);
          }
      });
    });
    /// max(d, key=d.get) / min(...) of a candidate dict, or max over a
    /// candidate or a tuple of str literals with a key lambda: the dict's
    /// name nodes (the tuple's literals: strTupleKeys).
    auto argmax = [&](Expr *e, std::vector<const Expr *> &names) {
      auto *c = e ? dyn_cast<CallExpr>(e) : nullptr;
      if (!c || c->starred || c->args.size() != 1 || c->keywords.size() != 1 ||
          c->keywords[0].name != "key")
        return false;
      if (const LambdaExpr *lam = keyLambda(*c); lam && keyLambdas.count(lam)) {
        if (isDict(c->args[0].get()))
          names.push_back(c->args[0].get());
        return true;
      }
      std::string callee = nameText(c->callee.get());
      if ((callee != "max" && callee != "min") || !isDict(c->args[0].get()))
        return false;
      auto *get = dyn_cast<AttributeExpr>(c->keywords[0].value.get());
      if (!get || get->attr != "get" || nameText(get->value.get()) != nameText(c->args[0].get()))
        return false;
      names.push_back(c->args[0].get());
      names.push_back(get->value.get());
      return true;
    };

    // Key variables: names holding a key read back from a candidate dict,
    // or a loop variable over a tuple of str literals used as a key.
    std::set<std::string> keyVars;
    std::map<std::string, std::set<std::string>> fromList; // best = max(order, ...)
    forEachStmt(fn.body, [&](Stmt &s) {
      if (auto *f = dyn_cast<ForStmt>(&s)) {
        std::string attr;
        const NameExpr *base = methodOf(f->iter.get(), attr);
        bool keysOf = isDict(f->iter.get()) || (base && attr == "keys" && isDict(base));
        if (keysOf && nameOf(f->target.get()))
          keyVars.insert(nameOf(f->target.get())->name);
        if (base && attr == "items" && isDict(base))
          if (auto *t = dyn_cast<TupleExpr>(f->target.get()); t && t->elements.size() == 2 &&
                                                              nameOf(t->elements[0].get()))
            keyVars.insert(nameOf(t->elements[0].get())->name);
      }
      if (auto *a = dyn_cast<AssignStmt>(&s); a && a->targets.size() == 1 &&
                                              nameOf(a->targets[0].get())) {
        std::vector<const Expr *> names;
        std::string target = nameOf(a->targets[0].get())->name;
        if (argmax(a->value.get(), names)) {
          keyVars.insert(target);
          fromList[target].insert(nameText(cast<CallExpr>(*a->value).args[0].get()));
        } else {
          fromList[target].insert("");
        }
      }
    });
    // A loop variable over strs is a key variable when a candidate is
    // indexed by it.
    forEachStmtExpr(fn.body, [&](Stmt &, ExprPtr &top) {
      forEachNode(top, [&](ExprPtr &slot) {
        Expr &e = *slot;
        const Expr *key = nullptr;
        if (auto *sub = dyn_cast<SubscriptExpr>(&e); sub && isCand(sub->value.get()))
          key = sub->index.get();
        std::string attr;
        if (const NameExpr *n = methodOf(&e, attr); n && isCand(n) && !cast<CallExpr>(e).args.empty())
          key = cast<CallExpr>(e).args[0].get();
        if (auto *cmp = dyn_cast<CompareExpr>(&e); cmp && cmp->ops.size() == 1 &&
                                                   isCand(cmp->operands[1].get()))
          key = cmp->operands[0].get();
        if (tupleLoopVars.count(nameText(key)))
          keyVars.insert(nameText(key));
      });
    });
    for (auto it = keyVars.begin(); it != keyVars.end();)
      it = cand.count(*it) || params.count(*it) ? keyVars.erase(it) : std::next(it);
    keyVars.insert(lambdaKeys.begin(), lambdaKeys.end());

    // The uses this pass understands: their name nodes, and the str
    // literals that become ints.
    std::set<const Expr *> allowed;
    // A container name whose key is computed at run time, and that key's
    // slot (replaced once reported, so that typing adds no follow-on).
    std::map<const Expr *, ExprPtr *> runtimeKey;
    // Keys computed at run time that are looked up (`ops[how]`,
    // `d.get(name, 0)`, `how in d`): each slot, and whether a missing key
    // raises CPython's KeyError (d[k], d[k] += 1, del d[k]) or is only
    // absent (get, in). A store (`d[how] = v`), setdefault and set.add
    // would add a str the table does not hold: refused (runtimeKey).
    std::vector<std::pair<ExprPtr *, bool>> lookups;
    std::set<const Expr *> storedTo; // d[k] = v: the subscripts assigned
    forEachStmt(fn.body, [&](Stmt &s) {
      std::function<void(const Expr *)> target = [&](const Expr *t) {
        if (!t)
          return;
        if (auto *tu = dyn_cast<TupleExpr>(t))
          for (const ExprPtr &x : tu->elements)
            target(x.get());
        else if (auto *l = dyn_cast<ListExpr>(t))
          for (const ExprPtr &x : l->elements)
            target(x.get());
        else
          storedTo.insert(t);
      };
      if (auto *a = dyn_cast<AssignStmt>(&s))
        for (const ExprPtr &t : a->targets)
          target(t.get());
      if (auto *f = dyn_cast<ForStmt>(&s))
        target(f->target.get());
    });
    // A key that is not a str literal nor a key variable: looked up by
    // comparing it with the table's strs at run time, where it is not
    // stored.
    auto lookUp = [&](const Expr *container, ExprPtr &key, bool raises, bool store) {
      if (store) {
        runtimeKey[container] = &key;
        return;
      }
      allowed.insert(container);
      lookups.push_back({&key, raises});
    };
    std::vector<ExprPtr *> keySlots;
    std::vector<AssignStmt *> kwDicts;
    auto isKeyVar = [&](const Expr *e) { return keyVars.count(nameText(e)) > 0; };
    /// An argmax: its names allowed, the literals of a tuple it walks keys.
    std::set<const Expr *> argmaxDone;
    auto takeArgmax = [&](ExprPtr &e) {
      std::vector<const Expr *> names;
      if (!argmax(e.get(), names))
        return false;
      allowed.insert(names.begin(), names.end());
      auto &c = cast<CallExpr>(*e);
      if (strLists.count(nameText(c.args[0].get())))
        allowed.insert(c.args[0].get());
      if (strTuple(c.args[0].get()) && argmaxDone.insert(e.get()).second) {
        // max of a list walks the same items in the same order; llcc's
        // max(..., key=) takes a list display.
        if (auto *t = dyn_cast<TupleExpr>(c.args[0].get()))
          c.args[0] = std::make_unique<ListExpr>(t->loc(), std::move(t->elements));
        for (ExprPtr &x : *tupleElements(*c.args[0]))
          keySlots.push_back(&x);
      }
      return true;
    };
    /// A key of a candidate: a str literal (converted) or a key variable.
    std::function<bool(ExprPtr &)> takeKey = [&](ExprPtr &k) {
      if (isStrLit(k.get())) {
        keySlots.push_back(&k);
        return true;
      }
      // "odd" if c else "even": each arm a key.
      if (auto *x = dyn_cast<IfExpExpr>(k.get()); x && !x->eager) {
        size_t before = keySlots.size(), allowedBefore = allowed.size();
        if (takeKey(x->thenExpr) && takeKey(x->elseExpr))
          return true;
        keySlots.resize(before);
        (void)allowedBefore;
        return false;
      }
      if (isKeyVar(k.get())) {
        allowed.insert(k.get());
        return true;
      }
      return takeArgmax(k);
    };
    forEachStmt(fn.body, [&](Stmt &s) {
      if (auto *a = dyn_cast<AssignStmt>(&s); a && a->targets.size() == 1) {
        Expr *t = a->targets[0].get();
        if (isCand(t) && creation(a->value.get()) != Made::None) {
          allowed.insert(t);
          if (auto *d = dyn_cast<DictExpr>(a->value.get()))
            for (ExprPtr &k : d->keys)
              keySlots.push_back(&k);
          if (auto *st = dyn_cast<SetExpr>(a->value.get()))
            for (ExprPtr &x : st->elements)
              keySlots.push_back(&x);
          if (auto *c = dyn_cast<CallExpr>(a->value.get());
              c && nameText(c->callee.get()) == "dict" && !c->keywords.empty())
            kwDicts.push_back(a);
        }
        if (auto it = strLists.find(nameText(t)); it != strLists.end() && it->second == a) {
          allowed.insert(t);
          if (auto *tu = dyn_cast<TupleExpr>(a->value.get())) // a list walks it alike
            a->value = std::make_unique<ListExpr>(tu->loc(), std::move(tu->elements));
          for (ExprPtr &x : *tupleElements(*a->value))
            keySlots.push_back(&x);
        }
        if (isKeyVar(t) && strChoice(a->value.get()) && takeKey(a->value))
          allowed.insert(t);
        if (isKeyVar(t) && takeArgmax(a->value))
          allowed.insert(t);
      }
      if (auto *i = dyn_cast<IfStmt>(&s); i && isCand(i->cond.get()))
        allowed.insert(i->cond.get());
      if (auto *w = dyn_cast<WhileStmt>(&s); w && isCand(w->cond.get()))
        allowed.insert(w->cond.get());
      if (auto *f = dyn_cast<ForStmt>(&s)) {
        std::string attr;
        const NameExpr *base = methodOf(f->iter.get(), attr);
        if (isKeyVar(f->target.get())) {
          if (strTuple(f->iter.get())) {
            allowed.insert(f->target.get());
            for (ExprPtr &x : *tupleElements(*f->iter))
              keySlots.push_back(&x);
          } else if (strSeq(f->iter.get())) {
            allowed.insert(f->target.get());
            allowed.insert(f->iter.get());
          } else if (isDict(f->iter.get())) {
            allowed.insert(f->target.get());
            allowed.insert(f->iter.get());
          } else if (base && attr == "keys" && isDict(base)) {
            allowed.insert(f->target.get());
            allowed.insert(base);
          }
        }
        if (base && attr == "items" && isDict(base))
          if (auto *t = dyn_cast<TupleExpr>(f->target.get());
              t && t->elements.size() == 2 && isKeyVar(t->elements[0].get())) {
            allowed.insert(t->elements[0].get());
            allowed.insert(base);
          }
      }
    });
    forEachStmtExpr(fn.body, [&](Stmt &, ExprPtr &top) {
      forEachNode(top, [&](ExprPtr &slot) {
        Expr &e = *slot;
        // {"pos": 1.0, "neg": -1.0}[best]: a display of str literals read
        // by a key of a candidate; a missing key's KeyError shows its str.
        if (auto *sub = dyn_cast<SubscriptExpr>(&e)) {
          auto *d = dyn_cast<DictExpr>(sub->value.get());
          bool strs = d && !d->keys.empty();
          for (size_t i = 0; strs && i < d->keys.size(); ++i)
            strs = isStrLit(d->keys[i].get());
          if (strs && !isStrLit(sub->index.get()) && takeKey(sub->index))
            for (ExprPtr &k : d->keys)
              keySlots.push_back(&k);
        }
        if (auto *sub = dyn_cast<SubscriptExpr>(&e); sub && isCand(sub->value.get())) {
          if (takeKey(sub->index))
            allowed.insert(sub->value.get());
          else
            lookUp(sub->value.get(), sub->index, true,
                   storedTo.count(sub) || made[nameText(sub->value.get())] == Made::Set);
        }
        if (auto *c = dyn_cast<CallExpr>(&e)) {
          std::string attr;
          if (const NameExpr *n = methodOf(&e, attr); n && isCand(n)) {
            bool set = made[n->name] == Made::Set;
            if ((attr == "get" || attr == "setdefault") && !set && !c->args.empty()) {
              if (takeKey(c->args[0]))
                allowed.insert(n);
              else
                lookUp(n, c->args[0], false, attr == "setdefault");
            } else if (attr == "add" && set && c->args.size() == 1) {
              if (takeKey(c->args[0]))
                allowed.insert(n);
              else
                runtimeKey[n] = &c->args[0];
            } else if (attr == "values" && !set && c->args.empty()) {
              allowed.insert(n);
            }
          }
          if (nameText(c->callee.get()) == "len" && c->args.size() == 1 &&
              (isCand(c->args[0].get()) || strLists.count(nameText(c->args[0].get()))))
            allowed.insert(c->args[0].get());
          // order.index(best) where best = max(order, key=...): always there.
          if (const NameExpr *n = methodOf(&e, attr); n && attr == "index" &&
                                                      strLists.count(n->name) &&
                                                      c->args.size() == 1 && c->keywords.empty()) {
            Expr *arg = c->args[0].get();
            auto *inner = dyn_cast<CallExpr>(arg);
            auto from = fromList.find(nameText(arg));
            bool ofThis =
                inner && !inner->args.empty() && nameText(inner->args[0].get()) == n->name;
            ofThis = ofThis || (from != fromList.end() && from->second.size() == 1 &&
                                *from->second.begin() == n->name);
            if (ofThis && takeKey(c->args[0]))
              allowed.insert(n);
          }
        }
        if (auto *cmp = dyn_cast<CompareExpr>(&e); cmp && cmp->ops.size() == 1) {
          CompareOp op = cmp->ops[0];
          if ((op == CompareOp::In || op == CompareOp::NotIn) && isCand(cmp->operands[1].get())) {
            if (takeKey(cmp->operands[0]))
              allowed.insert(cmp->operands[1].get());
            else
              lookUp(cmp->operands[1].get(), cmp->operands[0], false, false);
          }
          if (op == CompareOp::Eq || op == CompareOp::Ne) {
            for (int side = 0; side < 2; ++side) {
              ExprPtr &mine = cmp->operands[side], &other = cmp->operands[1 - side];
              if (!isStrLit(other.get()))
                continue;
              if (isKeyVar(mine.get()))
                allowed.insert(mine.get());
              else if (!takeArgmax(mine))
                continue;
              keySlots.push_back(&other);
              break;
            }
          }
        }
        if (auto *u = dyn_cast<UnaryExpr>(&e);
            u && u->op == UnaryExpr::Op::Not && isCand(u->operand.get()))
          allowed.insert(u->operand.get());
      });
    });

    // Every other use of these names is refused.
    bool failed = false;
    auto check = [&](const Expr &e) {
      auto *n = dyn_cast<NameExpr>(&e);
      if (!n || allowed.count(n))
        return;
      if (cand.count(n->name)) {
        failed = true;
        if (auto key = runtimeKey.find(n); key != runtimeKey.end()) {
          diags_.error(n->loc(), "a key computed at run time (a str parameter, a str "
                                 "variable, a number) is looked up in '" + n->name +
                                     "', a dict or set keyed by strs (" + n->name + "[k], " +
                                     n->name + ".get(k, v), k in " + n->name +
                                     "), but llcc cannot add it: store with a str literal key (" +
                                     n->name + "[\"pos\"] = v) or a loop variable over a tuple "
                                     "of str literals");
          SourceLoc at = (*key->second)->loc();
          *key->second = std::make_unique<IntLiteralExpr>(at, 0);
        } else if (made[n->name] == Made::Set)
          diags_.error(n->loc(), "'" + n->name +
                                     "' is a set of strs: llcc tests it only with \"key\" in " +
                                     n->name + ", " + n->name + ".add(\"key\") and len(" +
                                     n->name +
                                     ") (CPython iterates a set of strs in the order of its "
                                     "str hashes, which changes from run to run)");
        else
          diags_.error(n->loc(),
                       "'" + n->name +
                           "' is a dict keyed by strs, which llcc reads only by str literal "
                           "keys (d[\"key\"], d.get(\"key\", 0), \"key\" in d), len(d), "
                           "d.values(), and loops over d, d.keys() or d.items() whose key is "
                           "only compared with str literals or used as a key; it cannot be "
                           "used as a whole here");
      } else if (strLists.count(n->name)) {
        failed = true;
        diags_.error(n->loc(), "'" + n->name +
                                   "' is a list of str literals, which llcc reads only as the "
                                   "keys of a dict keyed by strs: max(" +
                                   n->name + ", key=lambda k: d[k]) (or min), " + n->name +
                                   ".index(best) of such a max, len(" + n->name +
                                   ") and for loops over it");
      } else if (keyVars.count(n->name)) {
        failed = true;
        diags_.error(n->loc(), "'" + n->name +
                                   "' holds a str key of a dict: llcc only compares it with a "
                                   "str literal (" + n->name + " == \"key\") or uses it as a "
                                   "key of that dict");
      }
    };
    forEachStmtExpr(fn.body, [&](Stmt &, ExprPtr &top) {
      forEachNode(top, [&](ExprPtr &slot) { check(*slot); });
    });
    // A nested def reading one of these names would see it as a whole.
    for (auto &other : module_.functions) {
      bool nested = false;
      for (FunctionDef *o = other->outer; o; o = o->outer)
        nested = nested || o == &fn;
      if (!nested)
        continue;
      forEachStmtExpr(other->body, [&](Stmt &, ExprPtr &top) {
        forEachNode(top, [&](ExprPtr &slot) {
          if (auto *n = dyn_cast<NameExpr>(slot.get());
              n && (cand.count(n->name) || keyVars.count(n->name) || strLists.count(n->name))) {
            failed = true;
            diags_.error(n->loc(), "'" + n->name +
                                       "' is keyed by strs in the enclosing function, which a "
                                       "nested def cannot read in llcc; pass the values it "
                                       "needs instead");
          }
        });
      });
    }
    // The rewrite (after an error too: the literals keyed by strs then
    // add no errors of their own).
    (void)failed;
    auto intern = [&](const std::string &s) {
      for (size_t i = 0; i < fn.strKeys.size(); ++i)
        if (fn.strKeys[i] == s)
          return static_cast<int64_t>(i);
      fn.strKeys.push_back(s);
      return static_cast<int64_t>(fn.strKeys.size() - 1);
    };
    for (AssignStmt *a : kwDicts) {
      auto &c = cast<CallExpr>(*a->value);
      std::vector<ExprPtr> keys, values;
      for (KeywordArg &k : c.keywords) {
        auto key = std::make_unique<IntLiteralExpr>(k.loc, intern(k.name));
        key->strKey = k.name;
        keys.push_back(std::move(key));
        values.push_back(std::move(k.value));
      }
      a->value = std::make_unique<DictExpr>(c.loc(), std::move(keys), std::move(values));
    }
    for (ExprPtr *slot : keySlots) {
      auto &lit = cast<StringLiteralExpr>(**slot);
      auto key = std::make_unique<IntLiteralExpr>(lit.loc(), intern(lit.value));
      key->strKey = lit.value;
      *slot = std::move(key);
    }
    // A key computed at run time becomes the int of its str in the table,
    // found by a hidden helper comparing it with each str in turn: `find`
    // raises CPython's KeyError(key) when it is none of them, `lookup`
    // gives -1, a key no dict holds. One helper per lookup, located at its
    // key, so that an error in one (KeyError of a number key) points there.
    for (auto &[slot, raises] : lookups) {
      SourceLoc at = (*slot)->loc();
      std::string base = "llcc.strkeys." + std::to_string(helpers.size()) + "." + fn.name;
      auto helper = [&](bool raises) {
        auto def = std::make_unique<FunctionDef>();
        def->loc = def->nameLoc = at;
        def->name = def->localName = base + (raises ? ".find" : ".lookup");
        def->params.push_back(Param{at, "llcc.key", nullptr, {}});
        for (size_t i = 0; i < fn.strKeys.size(); ++i) {
          std::vector<ExprPtr> ops;
          ops.push_back(std::make_unique<NameExpr>(at, "llcc.key"));
          ops.push_back(std::make_unique<StringLiteralExpr>(at, fn.strKeys[i]));
          auto cond = std::make_unique<CompareExpr>(at, std::move(ops),
                                                    std::vector<CompareOp>{CompareOp::Eq});
          auto index = std::make_unique<IntLiteralExpr>(at, static_cast<int64_t>(i));
          index->strKey = fn.strKeys[i];
          Block then;
          then.push_back(std::make_unique<ReturnStmt>(at, std::move(index)));
          def->body.push_back(
              std::make_unique<IfStmt>(at, std::move(cond), std::move(then), Block()));
        }
        if (raises) {
          std::vector<ExprPtr> args;
          args.push_back(std::make_unique<NameExpr>(at, "llcc.key"));
          def->body.push_back(std::make_unique<RaiseStmt>(
              at, std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, "KeyError"),
                                             std::move(args), std::vector<KeywordArg>())));
          // Typed as the table's ints even where no str matches.
          def->body.push_back(
              std::make_unique<ReturnStmt>(at, std::make_unique<IntLiteralExpr>(at, -1)));
        } else {
          def->body.push_back(
              std::make_unique<ReturnStmt>(at, std::make_unique<IntLiteralExpr>(at, -1)));
        }
        helpers.push_back(std::move(def));
        return helpers.back()->name;
      };
      std::string callee = helper(raises);
      std::vector<ExprPtr> args;
      args.push_back(std::move(*slot));
      *slot = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, callee),
                                         std::move(args), std::vector<KeywordArg>());
    }
    fn.strKeyDicts.insert(cand.begin(), cand.end());
  }
  for (auto &h : helpers)
    module_.functions.push_back(std::move(h));
}

} // namespace sema
} // namespace llcc
