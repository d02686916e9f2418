//===- SemaNonlocal.cpp - `nonlocal` in nested defs ------------------------===//
//
// `nonlocal best, n` in a nested def makes its reads and writes those of
// the enclosing function's variables. llcc compiles a nested def as a
// helper whose captures are values passed at each call (SemaClosures.cpp),
// so a nonlocal variable travels the same way in both directions: the
// helper takes it as a leading parameter and hands its final value back
// with every return, and each call writes it back into the caller's
// variable right after the call:
//
//     def visit(i):            def visit(best, n, i):
//         nonlocal best, n         ...
//         ...              =>      return (best, n)
//     visit(i)                 best, n = visit(best, n, i)
//
// A helper returning a value returns `(value, best, n)` and its call is
// hoisted into a hidden temporary before its statement. The call must run
// before anything of its statement that could tell the difference (only
// literals and names the helper never uses may come before it, and not
// under `and`/`or` or a conditional expression), so every read after it
// sees the new values, as CPython's cells give. A function that calls
// such a helper and sees the variable only through its enclosing function
// (a sibling nested def, a def nested deeper, the helper itself when
// recursive) threads it the same way, so the pass iterates to a fixed
// point first. Runs before every other pass, on the syntax as written.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <map>
#include <set>

namespace llcc {
namespace sema {

// The binding helpers (SemaNext.cpp).
void targetNames(const Expr *target, std::set<std::string> &out);
void statementTargets(const Stmt &s, std::set<std::string> &out);
void eachStatement(Block &block, const std::function<void(StmtPtr &)> &f);

namespace {

using Names = std::set<std::string>;

/// The names listed by `nonlocal` (AstBuilder: a call of `llcc.nonlocal`).
const CallExpr *nonlocalDecl(const Stmt &s) {
  auto *es = dyn_cast<ExprStmt>(&s);
  auto *c = es ? dyn_cast<CallExpr>(es->value.get()) : nullptr;
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  return n && n->name == "llcc.nonlocal" ? c : nullptr;
}

} // namespace

/// The expression slots a statement evaluates itself (not its blocks');
/// SemaFactories.cpp uses it too.
std::vector<ExprPtr *> ownSlots(Stmt &s) {
  std::vector<ExprPtr *> out;
  switch (s.kind()) {
  case Stmt::Kind::Expr:
    out.push_back(&cast<ExprStmt>(s).value);
    break;
  case Stmt::Kind::Assign:
    out.push_back(&cast<AssignStmt>(s).value);
    for (ExprPtr &t : cast<AssignStmt>(s).targets)
      out.push_back(&t);
    break;
  case Stmt::Kind::AugAssign:
    out.push_back(&cast<AugAssignStmt>(s).target);
    out.push_back(&cast<AugAssignStmt>(s).value);
    break;
  case Stmt::Kind::If:
    out.push_back(&cast<IfStmt>(s).cond);
    break;
  case Stmt::Kind::While:
    out.push_back(&cast<WhileStmt>(s).cond);
    break;
  case Stmt::Kind::For:
    out.push_back(&cast<ForStmt>(s).iter);
    out.push_back(&cast<ForStmt>(s).target);
    break;
  case Stmt::Kind::Return:
    out.push_back(&cast<ReturnStmt>(s).value);
    break;
  case Stmt::Kind::Raise:
    out.push_back(&cast<RaiseStmt>(s).exception);
    break;
  case Stmt::Kind::Assert:
    out.push_back(&cast<AssertStmt>(s).cond);
    out.push_back(&cast<AssertStmt>(s).message);
    break;
  case Stmt::Kind::Del:
    for (ExprPtr &t : cast<DelStmt>(s).targets)
      out.push_back(&t);
    break;
  default:
    break;
  }
  return out;
}

namespace {

class NonlocalLowering {
public:
  NonlocalLowering(Module &module, DiagnosticEngine &diags) : module_(module), diags_(diags) {}

  void run() {
    for (auto &f : module_.functions)
      if (!f->isLibrary)
        fns_.push_back(f.get());
    for (FunctionDef *f : fns_)
      collect(*f);
    bool any = false;
    for (FunctionDef *f : fns_)
      any |= !declared_[f].empty();
    if (!any)
      return;
    for (FunctionDef *f : fns_)
      check(*f);
    propagate();
    for (FunctionDef *f : fns_)
      if (!nonlocals_[f].empty())
        rewriteDefinition(*f);
    for (FunctionDef *f : fns_)
      rewriteCalls(*f, f->body, false);
  }

private:
  Module &module_;
  DiagnosticEngine &diags_;
  std::vector<FunctionDef *> fns_;
  std::map<FunctionDef *, std::map<std::string, SourceLoc>> declared_;
  std::map<FunctionDef *, Names> binds_;     ///< its own locals
  std::map<FunctionDef *, Names> nonlocals_; ///< declared and threaded
  unsigned temps_ = 0;

  /// Declarations (removed) and the names each function binds itself.
  void collect(FunctionDef &f) {
    Names &own = binds_[&f];
    for (const Param &p : f.params)
      own.insert(p.name);
    for (FunctionDef *g : fns_)
      if (g->outer == &f)
        own.insert(g->localName);
    eachStatement(f.body, [&](StmtPtr &st) {
      if (const CallExpr *c = nonlocalDecl(*st)) {
        for (const ExprPtr &a : c->args) {
          auto *n = cast<NameExpr>(a.get());
          declared_[&f].emplace(n->name, n->loc());
        }
        st = std::make_unique<PassStmt>(st->loc());
        return;
      }
      statementTargets(*st, own);
      if (auto *t = dyn_cast<TryStmt>(st.get()))
        for (const ExceptClause &h : t->handlers)
          if (!h.asName.empty())
            own.insert(h.asName);
    });
    for (const auto &[name, loc] : declared_[&f])
      own.erase(name);
  }

  /// The function whose local `name`, declared nonlocal in (or threaded
  /// through) `f`, is: the nearest enclosing one binding it.
  FunctionDef *owner(FunctionDef *f, const std::string &name) {
    for (FunctionDef *o = f->outer; o; o = o->outer) {
      if (declared_[o].count(name))
        continue;
      if (binds_[o].count(name))
        return o;
    }
    return nullptr;
  }

  /// CPython's SyntaxErrors for a `nonlocal` with nothing to refer to.
  void check(FunctionDef &f) {
    for (const auto &[name, loc] : declared_[&f]) {
      bool param = std::any_of(f.params.begin(), f.params.end(),
                               [&](const Param &p) { return p.name == name; });
      if (param) {
        diags_.error(loc, "name '" + name + "' is parameter and nonlocal");
        continue;
      }
      if (!owner(&f, name)) {
        diags_.error(loc, "no binding for nonlocal '" + name +
                              "' found; a nonlocal names a variable an enclosing function "
                              "assigns (module-level names are read-only constants in llcc)");
        continue;
      }
      nonlocals_[&f].insert(name);
    }
  }

  /// The nested def `name` means inside `scope`, or null.
  FunctionDef *resolve(FunctionDef *scope, const std::string &name) {
    for (FunctionDef *s = scope; s; s = s->outer) {
      for (FunctionDef *g : fns_)
        if (g->outer == s && g->localName == name)
          return g;
      if (binds_[s].count(name) || declared_[s].count(name))
        return nullptr;
    }
    return nullptr;
  }

  /// The calls of nested defs in `f` (callee names).
  std::vector<NameExpr *> calleeNames(FunctionDef &f) {
    std::vector<NameExpr *> out;
    eachSlot(f.body, [&](ExprPtr &slot) {
      if (auto *c = dyn_cast<CallExpr>(slot.get()))
        if (auto *n = dyn_cast<NameExpr>(c->callee.get()))
          out.push_back(n);
    });
    return out;
  }

  /// A caller seeing a nonlocal only through its enclosing function
  /// threads it too.
  void propagate() {
    std::set<std::pair<FunctionDef *, std::string>> reported;
    for (bool changed = true; changed;) {
      changed = false;
      for (FunctionDef *c : fns_)
        for (NameExpr *n : calleeNames(*c)) {
          FunctionDef *g = resolve(c, n->name);
          if (!g)
            continue;
          Names wanted = nonlocals_[g];
          for (const std::string &v : wanted) {
            FunctionDef *o = owner(g, v);
            if (!o || o == c || nonlocals_[c].count(v))
              continue;
            if (binds_[c].count(v)) {
              if (reported.insert({c, v}).second)
                diags_.error(n->loc(), "'" + n->name + "' assigns the variable '" + v + "' of '" +
                                           (o->outer ? o->localName : o->name) +
                                           "' (nonlocal), which '" + c->localName +
                                           "' hides with a local of its own; rename one "
                                           "of them");
              continue;
            }
            nonlocals_[c].insert(v);
            changed = true;
          }
        }
    }
  }

  static bool returnsValue(FunctionDef &f, DiagnosticEngine &diags) {
    bool value = false, bare = false;
    SourceLoc bareLoc;
    eachStatement(f.body, [&](StmtPtr &st) {
      if (auto *r = dyn_cast<ReturnStmt>(st.get())) {
        if (r->value && !isa<NoneLiteralExpr>(r->value.get()))
          value = true;
        else if (!bare) {
          bare = true;
          bareLoc = r->loc();
        }
      }
    });
    if (value && bare)
      diags.error(bareLoc, "'" + f.localName +
                               "' assigns nonlocal variables and returns a value on some paths "
                               "but not here; llcc needs a value at every return of such a "
                               "helper: return one here too");
    return value;
  }

  std::vector<std::string> ordered(FunctionDef *f) {
    return std::vector<std::string>(nonlocals_[f].begin(), nonlocals_[f].end());
  }

  /// The names as the user wrote them: a factory's variable that
  /// SemaFactories.cpp renamed `__llcc_<w>_<name>` for the def `w`.
  std::vector<std::string> shown(FunctionDef *f) {
    std::vector<std::string> out = ordered(f);
    std::string prefix = "__llcc_" + f->localName + "_";
    for (std::string &v : out)
      if (v.rfind(prefix, 0) == 0)
        v = v.substr(prefix.size());
    return out;
  }

  ExprPtr namesValue(SourceLoc at, const std::vector<std::string> &names, ExprPtr first) {
    std::vector<ExprPtr> els;
    if (first)
      els.push_back(std::move(first));
    for (const std::string &v : names)
      els.push_back(std::make_unique<NameExpr>(at, v));
    if (els.size() == 1)
      return std::move(els[0]);
    return std::make_unique<TupleExpr>(at, std::move(els));
  }

  std::map<FunctionDef *, bool> valued_;

  void rewriteDefinition(FunctionDef &f) {
    bool yields = false;
    eachSlot(f.body, [&](ExprPtr &slot) {
      if (auto *n = dyn_cast<NameExpr>(slot.get()))
        yields |= n->name == "llcc.yield" || n->name == "llcc.yield_from";
    });
    if (yields) {
      diags_.error(f.loc, "a generator assigning its enclosing function's variables (nonlocal) "
                          "is not supported in llcc; yield the values and assign them in the "
                          "loop over the generator");
      return;
    }
    // A list's own methods: llcc's helpers get a copy of a list, so the
    // change would not reach the variable (sets and dicts are shared).
    static const std::set<std::string> listMethods = {"append", "extend", "insert", "sort",
                                                      "reverse"};
    eachSlot(f.body, [&](ExprPtr &slot) {
      auto *c = dyn_cast<CallExpr>(slot.get());
      auto *a = c ? dyn_cast<AttributeExpr>(c->callee.get()) : nullptr;
      auto *n = a ? dyn_cast<NameExpr>(a->value.get()) : nullptr;
      if (n && nonlocals_[&f].count(n->name) && listMethods.count(a->attr))
        diags_.error(c->loc(), "'" + n->name + "' is nonlocal in '" + f.localName +
                                   "', and llcc cannot change a list of the enclosing function "
                                   "in place from a nested def (." +
                                   a->attr + "()); rebind it instead (`" + n->name + " = " +
                                   n->name + " + [v]`)");
    });
    std::vector<std::string> names = ordered(&f);
    bool value = returnsValue(f, diags_);
    valued_[&f] = value;
    std::vector<Param> params;
    for (const std::string &v : names)
      params.push_back(Param{f.loc, v, nullptr, {}});
    for (Param &p : f.params)
      params.push_back(std::move(p));
    f.params = std::move(params);
    eachStatement(f.body, [&](StmtPtr &st) {
      if (auto *r = dyn_cast<ReturnStmt>(st.get()))
        r->value = namesValue(r->loc(), names, value ? std::move(r->value) : nullptr);
    });
    bool ends = !f.body.empty() &&
                (isa<ReturnStmt>(f.body.back().get()) || isa<RaiseStmt>(f.body.back().get()));
    if (!value && !ends) {
      SourceLoc at = f.body.empty() ? f.loc : f.body.back()->loc();
      f.body.push_back(std::make_unique<ReturnStmt>(at, namesValue(at, names, nullptr)));
    }
  }

  /// Rewrites the calls of helpers with nonlocals in `block` of `fn`.
  void rewriteCalls(FunctionDef &fn, Block &block, bool inTry) {
    for (size_t i = 0; i < block.size(); ++i) {
      Stmt &st = *block[i];
      if (auto *t = dyn_cast<TryStmt>(&st)) {
        rewriteCalls(fn, t->body, true);
        for (ExceptClause &h : t->handlers)
          rewriteCalls(fn, h.body, inTry);
        rewriteCalls(fn, t->elseBody, inTry);
        rewriteCalls(fn, t->finallyBody, inTry);
        continue;
      }
      forEachChildBlock(st, [&](Block &b) { rewriteCalls(fn, b, inTry); });
      std::vector<StmtPtr> before = rewriteStatement(fn, st, inTry);
      // A statement that was only the call: the assignment replaces it.
      if (!before.empty() && isa<ExprStmt>(&st))
        block[i] = std::make_unique<PassStmt>(st.loc());
      for (StmtPtr &b : before)
        block.insert(block.begin() + i++, std::move(b));
    }
  }

  /// Every name `g` mentions, and the nested defs it calls mention.
  Names mentioned(FunctionDef *g) {
    Names out;
    std::set<FunctionDef *> seen;
    std::vector<FunctionDef *> work{g};
    while (!work.empty()) {
      FunctionDef *f = work.back();
      work.pop_back();
      if (!seen.insert(f).second)
        continue;
      eachSlot(f->body, [&](ExprPtr &slot) {
        if (auto *n = dyn_cast<NameExpr>(slot.get())) {
          out.insert(n->name);
          if (FunctionDef *h = resolve(f, n->name))
            work.push_back(h);
        }
      });
    }
    return out;
  }

  /// Whether evaluating `e` can neither run code nor read what `g`
  /// changes: a literal, or a name `g` never mentions.
  bool inert(const Expr *e, const Names &touched) {
    switch (e->kind()) {
    case Expr::Kind::IntLiteral:
    case Expr::Kind::FloatLiteral:
    case Expr::Kind::BoolLiteral:
    case Expr::Kind::NoneLiteral:
    case Expr::Kind::StringLiteral:
      return true;
    case Expr::Kind::Name:
      return !touched.count(cast<NameExpr>(e)->name);
    default:
      return false;
    }
  }

  /// Whether the call `target` in `e` runs before anything of `e` that
  /// could tell (see inert), and unconditionally: then hoisting it into a
  /// statement of its own changes nothing CPython would see.
  bool runsFirst(ExprPtr &e, const Expr *target, const Names &touched) {
    if (e.get() == target)
      return true;
    std::vector<ExprPtr *> order; // operands in evaluation order
    size_t always = 0;            // how many of them always run
    switch (e->kind()) {
    case Expr::Kind::Binary: {
      auto &b = cast<BinaryExpr>(*e);
      order = {&b.lhs, &b.rhs};
      always = b.op == BinaryOp::And || b.op == BinaryOp::Or ? 1 : 2;
      break;
    }
    case Expr::Kind::Compare:
      for (ExprPtr &o : cast<CompareExpr>(*e).operands)
        order.push_back(&o);
      always = std::min<size_t>(2, order.size());
      break;
    case Expr::Kind::Unary:
      order = {&cast<UnaryExpr>(*e).operand};
      always = 1;
      break;
    case Expr::Kind::Subscript:
      order = {&cast<SubscriptExpr>(*e).value, &cast<SubscriptExpr>(*e).index};
      always = 2;
      break;
    case Expr::Kind::Attribute:
      order = {&cast<AttributeExpr>(*e).value};
      always = 1;
      break;
    case Expr::Kind::IfExp:
      order = {&cast<IfExpExpr>(*e).cond};
      always = 1;
      break;
    case Expr::Kind::Tuple:
      for (ExprPtr &x : cast<TupleExpr>(*e).elements)
        order.push_back(&x);
      always = order.size();
      break;
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(*e);
      if (!isa<NameExpr>(c.callee.get()))
        return false; // a method call reads its object first
      for (ExprPtr &x : c.args)
        order.push_back(&x);
      for (KeywordArg &k : c.keywords)
        order.push_back(&k.value);
      always = order.size();
      break;
    }
    default:
      return false;
    }
    for (size_t i = 0; i < order.size() && i < always; ++i) {
      if (!*order[i])
        continue;
      bool inside = false;
      eachSlotIn(*order[i], [&](ExprPtr &x) { inside = inside || x.get() == target; });
      if (inside)
        return runsFirst(*order[i], target, touched);
      if (!inert(order[i]->get(), touched))
        return false;
    }
    return false;
  }

  /// The helper with nonlocals that `e` names, or null.
  FunctionDef *threaded(FunctionDef &fn, const Expr *e) {
    auto *n = e ? dyn_cast<NameExpr>(e) : nullptr;
    FunctionDef *g = n ? resolve(&fn, n->name) : nullptr;
    return g && !nonlocals_[g].empty() ? g : nullptr;
  }

  std::vector<StmtPtr> rewriteStatement(FunctionDef &fn, Stmt &st, bool inTry) {
    std::vector<StmtPtr> before;
    // The expression whose first evaluated call may be hoisted.
    ExprPtr *top = nullptr;
    bool valueUse = true;
    if (auto *s = dyn_cast<ExprStmt>(&st)) {
      top = &s->value;
      valueUse = false;
    } else if (auto *s = dyn_cast<AssignStmt>(&st)) {
      top = &s->value;
    } else if (auto *s = dyn_cast<AugAssignStmt>(&st)) {
      top = &s->value;
    } else if (auto *s = dyn_cast<ReturnStmt>(&st)) {
      top = &s->value;
    } else if (auto *s = dyn_cast<IfStmt>(&st)) {
      top = &s->cond;
    }
    bool hoisted = false;
    for (ExprPtr *slot : ownSlots(st)) {
      std::set<const Expr *> callees;
      eachSlotIn(*slot, [&](ExprPtr &e) {
        if (auto *c = dyn_cast<CallExpr>(e.get()); c && threaded(fn, c->callee.get()))
          callees.insert(c->callee.get());
      });
      eachSlotIn(*slot, [&](ExprPtr &e) {
        auto *c = dyn_cast<CallExpr>(e.get());
        FunctionDef *g = c ? threaded(fn, c->callee.get()) : nullptr;
        if (auto *n = dyn_cast<NameExpr>(e.get()); n && !callees.count(n)) {
          if (FunctionDef *h = threaded(fn, n))
            diags_.error(n->loc(),
                         (n->name.rfind("__llcc_key", 0) == 0 ? std::string("the key function")
                                                              : "'" + n->name + "'") +
                             " assigns its enclosing function's variables (" + joinNames(shown(h)) +
                             ", nonlocal) and can only be called in llcc, not used as "
                             "a value; call it, or pass the value it computes");
        }
        if (!g)
          return;
        auto *callee = cast<NameExpr>(c->callee.get());
        std::string what = "a call of '" + callee->name +
                           "', which assigns its enclosing function's variables (" +
                           joinNames(shown(g)) + ", nonlocal),";
        // After an error the call is still rewritten, so that its
        // arguments and result add no errors of their own.
        Names touched = mentioned(g);
        for (const std::string &v : nonlocals_[g])
          touched.insert(v);
        bool misplaced = !top || !runsFirst(*top, c, touched) || hoisted;
        if (misplaced) {
          diags_.error(c->loc(),
                       what +
                           " must run first in its statement in llcc (before it only literals and "
                           "names it does not use: `" +
                           callee->name + "(v)`, `r = " + callee->name + "(v)`, `acc += " +
                           callee->name + "(v)`, `return r + " + callee->name + "(v)`, `if " +
                           callee->name + "(v) > t:`); assign its result to a variable first");
        } else if (inTry) {
          diags_.error(c->loc(), what + " cannot be inside a try block in llcc (the variables "
                                        "it assigned before an exception would be lost); call "
                                        "it before the try, or catch the error inside it");
        } else if ((valueUse || &e != top) && !valued_[g]) {
          diags_.error(c->loc(), "'" + callee->name +
                                     "' returns no value (None) here; call it "
                                     "as a statement of its own");
        } else if (auto *a = dyn_cast<AugAssignStmt>(&st)) {
          if (auto *t = dyn_cast<NameExpr>(a->target.get()); t && nonlocals_[g].count(t->name))
            diags_.error(c->loc(), what + " cannot be added to '" + t->name +
                                       "', which it assigns, in llcc; write `r = " + callee->name +
                                       "(...)` and then `" + t->name +
                                       " += r`, if that is what you mean");
        }
        hoisted = true;
        SourceLoc at = c->loc();
        std::vector<std::string> names = ordered(g);
        std::vector<ExprPtr> args;
        for (const std::string &v : names)
          args.push_back(std::make_unique<NameExpr>(at, v));
        for (ExprPtr &a : c->args)
          args.push_back(std::move(a));
        c->args = std::move(args);
        if (misplaced)
          return; // not hoisted out of where its names live
        ExprPtr temp;
        if (valued_[g])
          temp = std::make_unique<NameExpr>(at, "__llcc_nonlocal_" + std::to_string(temps_++));
        std::vector<ExprPtr> targets;
        ExprPtr tempTarget;
        if (temp)
          tempTarget = std::make_unique<NameExpr>(at, cast<NameExpr>(temp.get())->name);
        targets.push_back(namesValue(at, names, std::move(tempTarget)));
        ExprPtr call = std::move(e);
        e = temp ? std::move(temp) : std::make_unique<NoneLiteralExpr>(at);
        before.push_back(std::make_unique<AssignStmt>(at, std::move(targets), std::move(call)));
      });
    }
    return before;
  }
};

} // namespace

/// Lowers `nonlocal` (see the file comment); declared in Sema.cpp.
void lowerNonlocals(Module &module, DiagnosticEngine &diags) {
  NonlocalLowering(module, diags).run();
}

} // namespace sema
} // namespace llcc
