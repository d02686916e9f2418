//===- SemaFactories.cpp - Functions returning a lambda or a nested def ---===//
//
// A factory builds a function from its parameters and locals and returns
// it: `def gaussian(sigma): return lambda d: math.exp(-d * d / (2 * sigma
// * sigma))`, or `def make_scale(k): def f(x): return k * x; return f`.
// llcc's functions are never values at run time, so a factory is split at
// compile time into the values its function captures and the function
// itself:
//
//     def gaussian(sigma):                  def gaussian(sigma):
//         return lambda d: ...sigma...  =>      return sigma
//     w = gaussian(2.0)                     __llcc_w_sigma = gaussian(2.0)
//                                           def w(d): ...__llcc_w_sigma...
//
// The factory keeps its statements and now returns the captured values
// (as they are when it returns, which is what CPython's cells hold once
// the factory is done: late binding inside the factory is respected), and
// each `w = factory(...)` in a function becomes an assignment of hidden
// locals plus a nested def `w` reading them, so `w(x)`, `key=w` and the
// like are those of any nested def. A closure declaring `nonlocal` on the
// factory's variable (a counter) assigns the hidden local of the function
// that bound it (SemaNonlocal.cpp runs next). Runs before every other
// pass, on the syntax as written.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaImpl.h"

#include <algorithm>
#include <map>
#include <set>

namespace llcc {
namespace sema {

std::vector<ExprPtr *> ownSlots(Stmt &s); // SemaNonlocal.cpp
// The binding helpers (SemaNext.cpp).
void targetNames(const Expr *target, std::set<std::string> &out);
void statementTargets(const Stmt &s, std::set<std::string> &out);
void eachStatement(Block &block, const std::function<void(StmtPtr &)> &f);

namespace {

using Names = std::set<std::string>;

/// The names `nonlocal` declares in a body (AstBuilder's `llcc.nonlocal`).
Names declaredNonlocal(Block &body) {
  Names out;
  eachStatement(body, [&](StmtPtr &st) {
    auto *es = dyn_cast<ExprStmt>(st.get());
    auto *c = es ? dyn_cast<CallExpr>(es->value.get()) : nullptr;
    auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
    if (n && n->name == "llcc.nonlocal")
      for (const ExprPtr &a : c->args)
        out.insert(cast<NameExpr>(a.get())->name);
  });
  return out;
}

/// What a factory returns and what of the factory it reads.
struct Factory {
  FunctionDef *fn = nullptr;
  ReturnStmt *ret = nullptr;
  LambdaExpr *lambda = nullptr; ///< `return lambda ...`
  FunctionDef *def = nullptr;   ///< `return f` of a nested def f
  std::string lambdaName;       ///< `f = lambda ...` then `return f`
  std::vector<std::string> captured;
  bool used = false;
};

/// A binding `w = factory(...)` in `fn`.
struct Site {
  FunctionDef *fn;
  StmtPtr *stmt;
  Factory *factory;
};

class FactoryLowering {
public:
  FactoryLowering(Module &module, DiagnosticEngine &diags) : module_(module), diags_(diags) {}

  void run() {
    for (auto &f : module_.functions)
      if (!f->isLibrary)
        fns_.push_back(f.get());
    for (FunctionDef *f : fns_)
      binds_[f] = bindings(*f);
    for (FunctionDef *f : fns_)
      findFactory(*f);
    if (factories_.empty())
      return;
    std::vector<Site> sites;
    for (FunctionDef *f : fns_)
      findSites(*f, sites);
    std::vector<std::unique_ptr<FunctionDef>> made;
    for (Site &s : sites)
      made.push_back(lowerSite(s));
    std::set<FunctionDef *> dropped;
    for (auto &[fn, fac] : factories_)
      if (fac.used)
        finishFactory(fac, dropped);
    for (auto &def : made)
      module_.functions.push_back(std::move(def));
    auto &fs = module_.functions;
    fs.erase(std::remove_if(
                 fs.begin(), fs.end(),
                 [&](const std::unique_ptr<FunctionDef> &f) { return dropped.count(f.get()) > 0; }),
             fs.end());
  }

private:
  Module &module_;
  DiagnosticEngine &diags_;
  std::vector<FunctionDef *> fns_;
  std::map<FunctionDef *, Names> binds_;
  std::map<FunctionDef *, Factory> factories_;
  unsigned keys_ = 0;

  std::vector<FunctionDef *> children(FunctionDef *f) {
    std::vector<FunctionDef *> out;
    for (FunctionDef *g : fns_)
      if (g->outer == f)
        out.push_back(g);
    return out;
  }

  /// The names a function binds itself (not those it declares nonlocal).
  Names bindings(FunctionDef &f) {
    Names own;
    for (const Param &p : f.params)
      own.insert(p.name);
    for (FunctionDef *g : children(&f))
      own.insert(g->localName);
    eachStatement(f.body, [&](StmtPtr &st) {
      statementTargets(*st, own);
      if (auto *t = dyn_cast<TryStmt>(st.get()))
        for (const ExceptClause &h : t->handlers)
          if (!h.asName.empty())
            own.insert(h.asName);
    });
    for (const std::string &n : declaredNonlocal(f.body))
      own.erase(n);
    return own;
  }

  /// The function `name` means in `scope`: a nested def, or one of the
  /// module's; null for a variable.
  FunctionDef *resolve(FunctionDef *scope, const std::string &name) {
    for (FunctionDef *s = scope; s; s = s->outer) {
      for (FunctionDef *g : children(s))
        if (g->localName == name)
          return g;
      if (binds_[s].count(name))
        return nullptr;
    }
    for (FunctionDef *g : fns_)
      if (!g->outer && g->name == name)
        return g;
    return nullptr;
  }

  void findFactory(FunctionDef &f) {
    std::vector<ReturnStmt *> returns;
    eachStatement(f.body, [&](StmtPtr &st) {
      if (auto *r = dyn_cast<ReturnStmt>(st.get()))
        returns.push_back(r);
    });
    std::vector<FunctionDef *> kids = children(&f);
    auto closureOf = [&](ReturnStmt *r) -> FunctionDef * {
      auto *n = r->value ? dyn_cast<NameExpr>(r->value.get()) : nullptr;
      for (FunctionDef *g : kids)
        if (n && g->localName == n->name)
          return g;
      return nullptr;
    };
    // `g = lambda x: ...` then `return g`: g's one binding is the lambda.
    std::map<std::string, std::pair<int, LambdaExpr *>> lambdas;
    eachStatement(f.body, [&](StmtPtr &st) {
      Names names;
      statementTargets(*st, names);
      if (auto *a = dyn_cast<AssignStmt>(st.get())) {
        auto *n = a->targets.size() == 1 ? dyn_cast<NameExpr>(a->targets[0].get()) : nullptr;
        if (auto *l = dyn_cast<LambdaExpr>(a->value.get()); n && l)
          lambdas[n->name].second = l;
      }
      for (const std::string &n : names)
        ++lambdas[n].first;
    });
    auto lambdaOf = [&](ReturnStmt *r) -> LambdaExpr * {
      auto *n = r->value ? dyn_cast<NameExpr>(r->value.get()) : nullptr;
      if (!n)
        return r->value ? dyn_cast<LambdaExpr>(r->value.get()) : nullptr;
      auto it = lambdas.find(n->name);
      return it != lambdas.end() && it->second.first == 1 ? it->second.second : nullptr;
    };
    ReturnStmt *made = nullptr;
    for (ReturnStmt *r : returns)
      if (lambdaOf(r) || closureOf(r)) {
        made = r;
        break;
      }
    if (!made)
      return;
    if (returns.size() != 1 || f.body.empty() || f.body.back().get() != made) {
      diags_.error(made->loc(), "'" + displayName(f) +
                                    "' returns a function here; llcc supports a factory whose "
                                    "only return, its last statement, gives one lambda or "
                                    "nested def (write one factory per function)");
      return;
    }
    Factory fac;
    fac.fn = &f;
    fac.ret = made;
    Names free;
    Names own;
    if (LambdaExpr *l = lambdaOf(made)) {
      fac.lambda = l;
      if (auto *n = dyn_cast<NameExpr>(made->value.get()))
        fac.lambdaName = n->name;
      eachSlotIn(l->body, [&](ExprPtr &e) {
        if (auto *n = dyn_cast<NameExpr>(e.get()))
          free.insert(n->name);
      });
      own.insert(l->params.begin(), l->params.end());
    } else {
      FunctionDef *g = closureOf(made);
      fac.def = g;
      bool imports = std::any_of(module_.imports.begin(), module_.imports.end(),
                                 [&](const Import &i) { return i.function == g; });
      if (imports) {
        diags_.error(g->loc, "the function '" + g->localName + "' that '" + displayName(f) +
                                 "' returns imports a module, which llcc does not support in a "
                                 "returned function; import it at the top of the file");
        return;
      }
      if (!children(g).empty()) {
        diags_.error(g->loc, "the function '" + g->localName + "' that '" + displayName(f) +
                                 "' returns has defs nested in it, which llcc does not "
                                 "support in a returned function; make them helpers of the "
                                 "module");
        return;
      }
      eachSlot(g->body, [&](ExprPtr &e) {
        if (auto *n = dyn_cast<NameExpr>(e.get()))
          free.insert(n->name);
      });
      for (Param &p : g->params)
        eachSlotIn(p.defaultValue, [&](ExprPtr &e) {
          if (auto *n = dyn_cast<NameExpr>(e.get()))
            free.insert(n->name);
        });
      own = binds_[g];
    }
    for (const std::string &n : free) {
      if (own.count(n) || !binds_[&f].count(n))
        continue;
      for (FunctionDef *g : kids)
        if (g->localName == n) {
          diags_.error(made->loc(), "the function '" + displayName(f) + "' returns calls '" + n +
                                        "', a def nested in '" + displayName(f) +
                                        "'; llcc supports a returned function reading the "
                                        "factory's values, not its other functions: make '" +
                                        n + "' a helper of the module");
          return;
        }
      fac.captured.push_back(n);
    }
    factories_[&f] = std::move(fac);
  }

  static std::string displayName(const FunctionDef &f) { return f.outer ? f.localName : f.name; }

  Factory *factoryNamed(FunctionDef *scope, const Expr *e) {
    auto *n = e ? dyn_cast<NameExpr>(e) : nullptr;
    FunctionDef *f = n ? resolve(scope, n->name) : nullptr;
    auto it = f ? factories_.find(f) : factories_.end();
    return it == factories_.end() ? nullptr : &it->second;
  }

  static std::vector<ExprPtr *> argumentSlots(CallExpr &c) {
    std::vector<ExprPtr *> out;
    for (ExprPtr &a : c.args)
      out.push_back(&a);
    for (KeywordArg &k : c.keywords)
      out.push_back(&k.value);
    return out;
  }

  /// `key=make_key(c)`: the factory's call assigned to a hidden name just
  /// before its statement (its arguments calling nothing), then
  /// `key=<that name>`, so that it is bound like any other.
  void hoistKeys(FunctionDef &f, Block &block) {
    for (size_t i = 0; i < block.size(); ++i) {
      forEachChildBlock(*block[i], [&](Block &b) { hoistKeys(f, b); });
      std::vector<StmtPtr> before;
      for (ExprPtr *slot : ownSlots(*block[i])) {
        // Not out of a comprehension or lambda: its names are its own.
        std::set<const Expr *> scoped;
        eachSlotIn(*slot, [&](ExprPtr &e) {
          if (isa<ComprehensionExpr>(e.get()) || isa<LambdaExpr>(e.get()))
            eachSlotIn(e, [&](ExprPtr &x) { scoped.insert(x.get()); });
        });
        eachSlotIn(*slot, [&](ExprPtr &e) {
          auto *call = dyn_cast<CallExpr>(e.get());
          if (!call || scoped.count(call))
            return;
          for (KeywordArg &k : call->keywords) {
            auto *c = k.name == "key" ? dyn_cast<CallExpr>(k.value.get()) : nullptr;
            if (!c || !factoryNamed(&f, c->callee.get()))
              continue;
            // Arguments that call nothing: evaluated first, they show
            // nothing CPython's order would not.
            bool plain = true;
            for (ExprPtr *arg : argumentSlots(*c))
              eachSlotIn(*arg, [&](ExprPtr &x) {
                plain = plain && !isa<CallExpr>(x.get()) && !isa<LambdaExpr>(x.get()) &&
                        !isa<ComprehensionExpr>(x.get());
              });
            if (!plain)
              continue;
            SourceLoc at = c->loc();
            std::string name = "__llcc_key" + std::to_string(keys_++);
            std::vector<ExprPtr> targets;
            targets.push_back(std::make_unique<NameExpr>(at, name));
            before.push_back(
                std::make_unique<AssignStmt>(at, std::move(targets), std::move(k.value)));
            k.value = std::make_unique<NameExpr>(at, name);
          }
        });
      }
      for (StmtPtr &b : before)
        block.insert(block.begin() + i++, std::move(b));
    }
  }

  void findSites(FunctionDef &f, std::vector<Site> &sites) {
    hoistKeys(f, f.body);
    std::set<const Expr *> allowed;
    std::map<std::string, int> bound;
    eachStatement(f.body, [&](StmtPtr &st) {
      Names names;
      statementTargets(*st, names);
      for (const std::string &n : names)
        ++bound[n];
    });
    eachStatement(f.body, [&](StmtPtr &st) {
      auto *a = dyn_cast<AssignStmt>(st.get());
      auto *w = a && a->targets.size() == 1 ? dyn_cast<NameExpr>(a->targets[0].get()) : nullptr;
      auto *c = w ? dyn_cast<CallExpr>(a->value.get()) : nullptr;
      Factory *fac = c ? factoryNamed(&f, c->callee.get()) : nullptr;
      if (!fac || fac->fn == &f)
        return;
      allowed.insert(c->callee.get());
      if (bound[w->name] != 1) {
        diags_.error(w->loc(), "'" + w->name + "' holds the function '" + displayName(*fac->fn) +
                                   "' returns and is assigned again; llcc binds such a name "
                                   "once: use another name for each function");
        return;
      }
      fac->used = true;
      sites.push_back(Site{&f, &st, fac});
    });
    eachSlot(f.body, [&](ExprPtr &e) {
      if (allowed.count(e.get()))
        return;
      if (Factory *fac = factoryNamed(&f, e.get()); fac && fac->fn != &f)
        diags_.error(e->loc(), "'" + displayName(*fac->fn) +
                                   "' returns a function, which llcc supports bound to a name "
                                   "(`w = " +
                                   displayName(*fac->fn) +
                                   "(...)` in a function, then `w(x)` or `key=w`); a function "
                                   "cannot be stored, passed or called at once otherwise");
    });
  }

  std::unique_ptr<FunctionDef> lowerSite(Site &s) {
    auto *a = cast<AssignStmt>(s.stmt->get());
    auto *w = cast<NameExpr>(a->targets[0].get());
    Factory &fac = *s.factory;
    SourceLoc at = a->loc();
    NameMap rename;
    std::vector<ExprPtr> hidden;
    for (const std::string &c : fac.captured) {
      rename[c] = "__llcc_" + w->name + "_" + c;
      hidden.push_back(std::make_unique<NameExpr>(w->loc(), rename[c]));
    }
    auto def = std::make_unique<FunctionDef>();
    def->loc = at;
    def->nameLoc = w->loc();
    def->outer = s.fn;
    def->localName = w->name;
    def->name = s.fn->name + "." + w->name;
    if (fac.lambda) {
      for (const std::string &p : fac.lambda->params)
        def->params.push_back(Param{fac.lambda->loc(), p, nullptr, {}});
      SourceLoc bl = fac.lambda->body->loc();
      def->body.push_back(
          std::make_unique<ReturnStmt>(bl, cloneExpr(fac.lambda->body.get(), rename)));
    } else {
      for (const Param &p : fac.def->params) {
        Param q{
            p.loc, p.name, p.defaultValue ? cloneExpr(p.defaultValue.get(), rename) : nullptr, {}};
        q.keywordOnly = p.keywordOnly;
        def->params.push_back(std::move(q));
      }
      def->body = cloneBlock(fac.def->body, rename);
    }
    ExprPtr call = std::move(a->value);
    if (hidden.empty()) {
      *s.stmt = std::make_unique<ExprStmt>(at, std::move(call));
    } else {
      std::vector<ExprPtr> targets;
      if (hidden.size() == 1)
        targets.push_back(std::move(hidden[0]));
      else
        targets.push_back(std::make_unique<TupleExpr>(w->loc(), std::move(hidden)));
      *s.stmt = std::make_unique<AssignStmt>(at, std::move(targets), std::move(call));
    }
    return def;
  }

  /// The factory returns what its function captured; a returned nested
  /// def now lives in each function that bound it.
  void finishFactory(Factory &fac, std::set<FunctionDef *> &dropped) {
    SourceLoc at = fac.ret->loc();
    std::vector<ExprPtr> values;
    for (const std::string &c : fac.captured)
      values.push_back(std::make_unique<NameExpr>(at, c));
    if (values.empty())
      fac.ret->value = std::make_unique<IntLiteralExpr>(at, 0);
    else if (values.size() == 1)
      fac.ret->value = std::move(values[0]);
    else
      fac.ret->value = std::make_unique<TupleExpr>(at, std::move(values));
    if (!fac.lambdaName.empty()) {
      // The lambda's assignment, read by nothing now: gone, as the
      // factory's lambda lives in the functions that bound it.
      int uses = 0; // its assignment's target is one
      eachSlot(fac.fn->body, [&](ExprPtr &e) {
        if (auto *n = dyn_cast<NameExpr>(e.get()))
          uses += n->name == fac.lambdaName;
      });
      bool read = uses > 1;
      eachStatement(fac.fn->body, [&](StmtPtr &st) {
        auto *a = dyn_cast<AssignStmt>(st.get());
        if (!read && a && a->value.get() == fac.lambda)
          st = std::make_unique<PassStmt>(a->loc());
      });
      return;
    }
    if (!fac.def)
      return;
    bool read = false;
    eachSlot(fac.fn->body, [&](ExprPtr &e) {
      if (auto *n = dyn_cast<NameExpr>(e.get()))
        read |= n->name == fac.def->localName;
    });
    if (!read)
      dropped.insert(fac.def);
  }
};

} // namespace

/// Lowers factories (see the file comment); declared in Sema.cpp.
void lowerFactories(Module &module, DiagnosticEngine &diags) {
  FactoryLowering(module, diags).run();
}

} // namespace sema
} // namespace llcc
