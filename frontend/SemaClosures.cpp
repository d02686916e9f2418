//===- SemaClosures.cpp - Nested defs, lambdas' captures ------------------===//
//
// Functions as values, locally: a nested `def` is found by its local name
// in the enclosing scopes (nestedFunction), the names a nested def or
// lambda reads from its enclosing function are collected as captures
// (collectCaptures), and a call of such a function gets the captured
// values as hidden trailing arguments (bindCaptures). Closures never
// escape the function that makes them, so a capture is a plain value
// passed at each call, never a cell.
//
// `f = lambda x: x * k` in a function, the only binding of `f` there, is
// `def f(x): return x * k` (lambdaAssignmentsToDefs): a call reads `k`
// when it runs, as a nested def's captures are passed at each call.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
namespace llcc {
namespace sema {

//===----------------------------------------------------------------------===//
// Nested defs
//===----------------------------------------------------------------------===//

namespace {
/// Calls `f` on every statement of `block`, nested blocks included.
void eachStmt(Block &block, const std::function<void(StmtPtr &)> &f) {
  for (StmtPtr &st : block) {
    f(st);
    if (auto *s = dyn_cast<IfStmt>(st.get())) {
      eachStmt(s->thenBody, f);
      eachStmt(s->elseBody, f);
    } else if (auto *s = dyn_cast<WhileStmt>(st.get())) {
      eachStmt(s->body, f);
      eachStmt(s->elseBody, f);
    } else if (auto *s = dyn_cast<ForStmt>(st.get())) {
      eachStmt(s->body, f);
      eachStmt(s->elseBody, f);
    } else if (isa<TryStmt>(st.get())) {
      forEachChildBlock(*st, [&](Block &b) { eachStmt(b, f); });
    }
  }
}

/// How many times a block binds `name`: assignments (in tuples too),
/// augmented assignments and for targets.
void countBindings(const Expr *target, std::map<std::string, int> &count) {
  if (!target)
    return;
  if (auto *n = dyn_cast<NameExpr>(target))
    ++count[n->name];
  else if (auto *t = dyn_cast<TupleExpr>(target))
    for (const ExprPtr &el : t->elements)
      countBindings(el.get(), count);
}
} // namespace

namespace {
/// How many times the module binds each name: constants (unpacked ones
/// too) and functions.
std::map<std::string, int> moduleBindings(const Module &module) {
  std::map<std::string, int> bindings;
  for (const Constant &c : module.constants) {
    ++bindings[c.name];
    for (const auto &[name, loc] : c.targets)
      ++bindings[name];
  }
  for (const auto &f : module.functions)
    ++bindings[f->name];
  return bindings;
}

/// How many times a function binds each name: its parameters, assignments,
/// augmented assignments and for targets (nested blocks included).
std::map<std::string, int> functionBindings(FunctionDef &fn) {
  std::map<std::string, int> bound;
  for (const Param &p : fn.params)
    ++bound[p.name];
  eachStmt(fn.body, [&](StmtPtr &st) {
    if (auto *a = dyn_cast<AssignStmt>(st.get()))
      for (const ExprPtr &t : a->targets)
        countBindings(t.get(), bound);
    else if (auto *a = dyn_cast<AugAssignStmt>(st.get()))
      countBindings(a->target.get(), bound);
    else if (auto *f = dyn_cast<ForStmt>(st.get()))
      countBindings(f->target.get(), bound);
  });
  return bound;
}
} // namespace

/// `key=a.__getitem__` (`max(range(n), key=values.__getitem__)`) is
/// `key=lambda i: a[i]`, for an `a` that reads the same each time (Python
/// binds the method to the object once; a name not rebound by the call
/// reads the same object). A library function as the key (`key=len`,
/// `key=np.abs`, `key=fabs`) is `key=lambda x: len(x)`, and `key=None` no
/// key.
void Sema::getitemKeysToLambdas() {
  std::set<std::string> defs;
  for (auto &fn : module_.functions)
    defs.insert(fn->name);
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    std::set<std::string> visible = visibleNames(*fn);
    // The library function `key` names, when it is no name of the
    // program's own: `len`, `float`, `np.abs`, `fabs` (from math).
    auto libraryKey = [&](const Expr *key) -> std::string {
      std::string q;
      if (auto *n = dyn_cast<NameExpr>(key)) {
        if (visible.count(n->name) || defs.count(n->name) || n->name == "abs")
          return ""; // abs: typeOfKey's own
        auto it = fromNames_.find(n->name);
        q = it != fromNames_.end() ? it->second : n->name;
      } else if (auto *a = dyn_cast<AttributeExpr>(key)) {
        auto *base = dyn_cast<NameExpr>(a->value.get());
        auto it = base && !visible.count(base->name) ? moduleAliases_.find(base->name)
                                                     : moduleAliases_.end();
        if (it == moduleAliases_.end())
          return "";
        q = it->second + "." + a->attr;
      }
      return !q.empty() && findBuiltinFunction(q) ? q : "";
    };
    eachSlot(fn->body, [&](ExprPtr &slot) {
      auto *c = dyn_cast<CallExpr>(slot.get());
      if (!c)
        return;
      // key=None is no key at all.
      c->keywords.erase(std::remove_if(c->keywords.begin(), c->keywords.end(),
                                       [](const KeywordArg &k) {
                                         return k.name == "key" && k.value &&
                                                isa<NoneLiteralExpr>(k.value.get());
                                       }),
                        c->keywords.end());
      for (KeywordArg &k : c->keywords) {
        if (k.name != "key")
          continue;
        SourceLoc at = k.value->loc();
        auto *a = dyn_cast<AttributeExpr>(k.value.get());
        if (a && a->attr == "__getitem__") {
          ExprPtr object = copyPure(a->value.get());
          if (!object)
            continue;
          auto body = std::make_unique<SubscriptExpr>(at, std::move(object),
                                                      std::make_unique<NameExpr>(at, "llcc.index"));
          k.value = std::make_unique<LambdaExpr>(at, std::vector<std::string>{"llcc.index"},
                                                 std::move(body));
          continue;
        }
        // key=len: lambda x: len(x), typed and checked as the user's own.
        if (libraryKey(k.value.get()).empty())
          continue;
        std::vector<ExprPtr> args;
        args.push_back(std::make_unique<NameExpr>(at, "llcc.index"));
        auto body = std::make_unique<CallExpr>(at, std::move(k.value), std::move(args),
                                               std::vector<KeywordArg>{});
        k.value = std::make_unique<LambdaExpr>(at, std::vector<std::string>{"llcc.index"},
                                               std::move(body));
      }
    });
  }
}

/// `sq = lambda t: t * t` at module level, bound once: the function
/// `def sq(t): return t * t` of the module (a module-level constant holds
/// numbers only), which the file's functions call as any helper.
void Sema::moduleLambdasToDefs() {
  std::map<std::string, int> bindings = moduleBindings(module_);
  std::vector<Constant> kept;
  for (Constant &c : module_.constants) {
    auto *lambda = dyn_cast<LambdaExpr>(c.value.get());
    if (!lambda || !c.targets.empty() || c.inPlace || bindings[c.name] != 1) {
      kept.push_back(std::move(c));
      continue;
    }
    auto def = std::make_unique<FunctionDef>();
    def->loc = lambda->loc();
    def->nameLoc = c.loc;
    def->name = c.name;
    // A copy for the kinds of its arguments (SemaKindVersions.cpp).
    def->kindCopy = c.name.find(KindCopySuffix) != std::string::npos;
    for (const std::string &p : lambda->params)
      def->params.push_back(Param{lambda->loc(), p, nullptr, {}});
    SourceLoc at = lambda->body->loc();
    def->body.push_back(std::make_unique<ReturnStmt>(at, std::move(lambda->body)));
    module_.functions.push_back(std::move(def));
  }
  module_.constants = std::move(kept);
}

namespace {
/// CPython's repr of a str of printable ASCII without quotes or
/// backslashes (the only ones folded): the text in single quotes.
bool simpleRepr(const std::string &text, std::string &out) {
  for (char c : text)
    if (c < 0x20 || c > 0x7e || c == '\'' || c == '"' || c == '\\')
      return false;
  out = "'" + text + "'";
  return true;
}

/// `f"one of {MODES}"` with MODES a tuple or list of strs: the field is
/// the display's str(), known when compiling (`('mean', 'max')`), joined
/// to the text around it. Fields with a format spec are left alone.
void foldStrDisplayFields(FStringExpr &f) {
  for (size_t i = 0; i < f.fields.size();) {
    FStringField &field = f.fields[i];
    const std::vector<ExprPtr> *elements = nullptr;
    bool tuple = false;
    if (auto *t = llvm::dyn_cast_or_null<TupleExpr>(field.value.get()))
      elements = &t->elements, tuple = true;
    else if (auto *l = llvm::dyn_cast_or_null<ListExpr>(field.value.get()))
      elements = &l->elements;
    std::string text = tuple ? "(" : "[";
    bool ok = elements && !elements->empty() && field.formatSpec.empty() && !field.nestedSpec &&
              (field.conversion == 0 || field.conversion == 'r' || field.conversion == 's') &&
              !field.printf;
    for (size_t k = 0; ok && k < elements->size(); ++k) {
      auto *str = dyn_cast<StringLiteralExpr>((*elements)[k].get());
      std::string repr;
      ok = str && simpleRepr(str->value, repr);
      text += (k ? ", " : "") + repr;
    }
    if (!ok) {
      ++i;
      continue;
    }
    text += tuple ? (elements->size() == 1 ? ",)" : ")") : "]";
    f.texts[i] += text + f.texts[i + 1];
    f.texts.erase(f.texts.begin() + static_cast<std::ptrdiff_t>(i + 1));
    f.fields.erase(f.fields.begin() + static_cast<std::ptrdiff_t>(i));
  }
}
} // namespace

/// `MODES = ("mean", "max")` at module level, bound once: a display of
/// strs, which llcc keeps no value for, is written in place at each use in
/// the file's functions, so `how in MODES` is `how in ("mean", "max")`
/// (typeOfMembership). A function that binds the name (or one enclosing
/// it) reads its own variable and is left alone.
void Sema::inlineStrDisplays() {
  std::map<std::string, int> bindings = moduleBindings(module_);
  auto strs = [](const Expr *e) -> const std::vector<ExprPtr> * {
    const std::vector<ExprPtr> *elements = nullptr;
    if (auto *t = dyn_cast<TupleExpr>(e))
      elements = &t->elements;
    else if (auto *l = dyn_cast<ListExpr>(e))
      elements = &l->elements;
    else if (auto *s = dyn_cast<SetExpr>(e))
      elements = &s->elements;
    if (!elements || elements->empty())
      return nullptr;
    for (const ExprPtr &el : *elements)
      if (!isa<StringLiteralExpr>(el.get()))
        return nullptr;
    return elements;
  };
  auto inlined = [&](const Constant &c) {
    return c.value && c.targets.empty() && !c.inPlace && bindings[c.name] == 1 &&
           strs(c.value.get());
  };
  if (std::none_of(module_.constants.begin(), module_.constants.end(), inlined))
    return;
  std::map<std::string, ExprPtr> displays;
  std::vector<Constant> kept;
  for (Constant &c : module_.constants) {
    if (inlined(c))
      displays[c.name] = std::move(c.value);
    else
      kept.push_back(std::move(c));
  }
  module_.constants = std::move(kept);
  auto copyAt = [&](const Expr &display, SourceLoc at) -> ExprPtr {
    std::vector<ExprPtr> elements;
    for (const ExprPtr &el : *strs(&display))
      elements.push_back(
          std::make_unique<StringLiteralExpr>(at, cast<StringLiteralExpr>(*el).value));
    if (isa<ListExpr>(&display))
      return std::make_unique<ListExpr>(at, std::move(elements));
    if (isa<SetExpr>(&display))
      return std::make_unique<SetExpr>(at, std::move(elements));
    return std::make_unique<TupleExpr>(at, std::move(elements));
  };
  // The names each function binds itself.
  std::map<const FunctionDef *, std::set<std::string>> own;
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    for (const auto &[name, n] : functionBindings(*fn))
      own[fn.get()].insert(name);
  }
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    auto shadowed = [&](const std::string &name) {
      for (const FunctionDef *f = fn.get(); f; f = f->outer)
        if (own[f].count(name))
          return true;
      return false;
    };
    // Children before parents: an f-string sees its fields' displays.
    eachSlot(fn->body, [&](ExprPtr &slot) {
      auto *n = dyn_cast<NameExpr>(slot.get());
      auto it = n ? displays.find(n->name) : displays.end();
      if (it != displays.end() && !shadowed(n->name))
        slot = copyAt(*it->second, n->loc());
      if (auto *f = dyn_cast<FStringExpr>(slot.get()))
        foldStrDisplayFields(*f);
    });
  }
}

void Sema::lambdaAssignmentsToDefs() {
  for (size_t k = 0; k < module_.functions.size(); ++k) {
    FunctionDef *fn = module_.functions[k].get();
    if (fn->isLibrary)
      continue;
    std::map<std::string, int> bindings = functionBindings(*fn);
    for (auto &g : module_.functions)
      if (g->outer == fn)
        ++bindings[g->localName];
    std::vector<std::unique_ptr<FunctionDef>> made;
    eachStmt(fn->body, [&](StmtPtr &st) {
      auto *a = dyn_cast<AssignStmt>(st.get());
      auto *name = a && a->targets.size() == 1 ? dyn_cast<NameExpr>(a->targets[0].get()) : nullptr;
      auto *lambda = a ? dyn_cast<LambdaExpr>(a->value.get()) : nullptr;
      if (!name || !lambda || bindings[name->name] != 1)
        return; // bound again: a variable, typed as written
      auto def = std::make_unique<FunctionDef>();
      def->loc = lambda->loc();
      def->nameLoc = name->loc();
      for (const std::string &p : lambda->params)
        def->params.push_back(Param{lambda->loc(), p, nullptr, {}});
      SourceLoc at = lambda->body->loc();
      def->body.push_back(std::make_unique<ReturnStmt>(at, std::move(lambda->body)));
      def->outer = fn;
      def->localName = name->name;
      def->name = fn->name + "." + name->name;
      made.push_back(std::move(def));
      st = std::make_unique<PassStmt>(a->loc());
    });
    for (auto &def : made)
      module_.functions.push_back(std::move(def));
  }
}

FunctionDef *Sema::nestedFunction(FunctionDef *scope, const std::string &name) {
  for (FunctionDef *f = scope; f; f = f->outer)
    for (auto &g : module_.functions)
      if (g->outer == f && g->localName == name)
        return g.get();
  return nullptr;
}

namespace {
/// The names an expression or block reads, and the names its lambdas and
/// comprehensions bind (which are theirs, not captures).
struct NameUse {
  std::vector<std::pair<std::string, SourceLoc>> reads;
  std::set<std::string> bound;

  /// A comprehension's target: a name or a (nested) tuple of names.
  void bind(const Expr *target) {
    if (auto *t = dyn_cast<NameExpr>(target))
      bound.insert(t->name);
    else if (auto *tuple = dyn_cast<TupleExpr>(target))
      for (auto &el : tuple->elements)
        bind(el.get());
  }

  void expr(const Expr *e) {
    if (!e)
      return;
    switch (e->kind()) {
    case Expr::Kind::Name: {
      auto *n = cast<NameExpr>(e);
      reads.emplace_back(n->name, n->loc());
      return;
    }
    case Expr::Kind::Attribute:
      return expr(cast<AttributeExpr>(e)->value.get());
    case Expr::Kind::Unary:
      return expr(cast<UnaryExpr>(e)->operand.get());
    case Expr::Kind::Binary:
      expr(cast<BinaryExpr>(e)->lhs.get());
      return expr(cast<BinaryExpr>(e)->rhs.get());
    case Expr::Kind::Compare:
      for (auto &o : cast<CompareExpr>(e)->operands)
        expr(o.get());
      return;
    case Expr::Kind::IfExp:
      expr(cast<IfExpExpr>(e)->cond.get());
      expr(cast<IfExpExpr>(e)->thenExpr.get());
      return expr(cast<IfExpExpr>(e)->elseExpr.get());
    case Expr::Kind::Call: {
      auto *c = cast<CallExpr>(e);
      expr(c->callee.get());
      for (auto &a : c->args)
        expr(a.get());
      for (auto &k : c->keywords)
        expr(k.value.get());
      return;
    }
    case Expr::Kind::Subscript:
      expr(cast<SubscriptExpr>(e)->value.get());
      return expr(cast<SubscriptExpr>(e)->index.get());
    case Expr::Kind::Tuple:
      for (auto &x : cast<TupleExpr>(e)->elements)
        expr(x.get());
      return;
    case Expr::Kind::List:
      for (auto &x : cast<ListExpr>(e)->elements)
        expr(x.get());
      return;
    case Expr::Kind::Slice:
      expr(cast<SliceExpr>(e)->start.get());
      expr(cast<SliceExpr>(e)->stop.get());
      return expr(cast<SliceExpr>(e)->step.get());
    case Expr::Kind::Comprehension: {
      auto *c = cast<ComprehensionExpr>(e);
      bind(c->target.get());
      for (const ComprehensionClause &clause : c->inner)
        bind(clause.target.get());
      break;
    }
    case Expr::Kind::Lambda:
      for (const std::string &p : cast<LambdaExpr>(e)->params)
        bound.insert(p);
      break;
    default:
      break;
    }
    forEachContainerChild(*const_cast<Expr *>(e), [&](Expr *child) { expr(child); });
  }

  void block(const Block &b) {
    for (const auto &s : b) {
      switch (s->kind()) {
      case Stmt::Kind::Expr:
        expr(cast<ExprStmt>(s.get())->value.get());
        break;
      case Stmt::Kind::Assign:
        for (auto &t : cast<AssignStmt>(s.get())->targets)
          if (!isa<NameExpr>(t.get()))
            expr(t.get());
        expr(cast<AssignStmt>(s.get())->value.get());
        break;
      case Stmt::Kind::AugAssign:
        expr(cast<AugAssignStmt>(s.get())->target.get());
        expr(cast<AugAssignStmt>(s.get())->value.get());
        break;
      case Stmt::Kind::If:
        expr(cast<IfStmt>(s.get())->cond.get());
        block(cast<IfStmt>(s.get())->thenBody);
        block(cast<IfStmt>(s.get())->elseBody);
        break;
      case Stmt::Kind::While:
        expr(cast<WhileStmt>(s.get())->cond.get());
        block(cast<WhileStmt>(s.get())->body);
        block(cast<WhileStmt>(s.get())->elseBody);
        break;
      case Stmt::Kind::For:
        expr(cast<ForStmt>(s.get())->iter.get());
        block(cast<ForStmt>(s.get())->body);
        block(cast<ForStmt>(s.get())->elseBody);
        break;
      case Stmt::Kind::Try:
        forEachChildBlock(*s, [&](const Block &b) { block(b); });
        break;
      case Stmt::Kind::Return:
        expr(cast<ReturnStmt>(s.get())->value.get());
        break;
      default:
        break;
      }
    }
  }
};
} // namespace

void Sema::collectCaptures() {
  // Outer functions first, so that a def nested two deep sees the
  // captures of the one around it as that one's parameters.
  std::vector<FunctionDef *> order;
  for (auto &fn : module_.functions)
    if (fn->outer)
      order.push_back(fn.get());
  auto depth = [](FunctionDef *f) {
    unsigned d = 0;
    for (; f->outer; f = f->outer)
      ++d;
    return d;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](FunctionDef *a, FunctionDef *b) { return depth(a) < depth(b); });
  auto isLocal = [](const FunctionDef &f, const std::string &name) {
    for (const LocalVar &v : f.locals)
      if (v.name == name && !v.hidden)
        return true;
    return false;
  };
  // Calling another nested def reads what it captures, so captures spread
  // to callers until nothing changes.
  bool changed = true;
  for (unsigned round = 0; changed && round < 16; ++round) {
  changed = false;
  for (FunctionDef *fn : order) {
    NameUse use;
    use.block(fn->body);
    for (Param &p : fn->params)
      use.expr(p.defaultValue.get());
    std::vector<std::pair<std::string, SourceLoc>> reads = use.reads;
    for (auto &[name, loc] : use.reads)
      if (FunctionDef *g = nestedFunction(fn, name); g && g != fn && !isLocal(*fn, name))
        for (const std::string &c : g->captures)
          reads.emplace_back(c, loc);
    for (auto &[name, loc] : reads) {
      if (isLocal(*fn, name) || use.bound.count(name) || nestedFunction(fn, name))
        continue;
      // The defs between fn and the function whose local it is (a def
      // nested two deep reading its grandparent's variable) capture it
      // too, each passing it on to the one inside.
      std::vector<FunctionDef *> chain{fn};
      FunctionDef *owner = fn->outer;
      while (owner && !isLocal(*owner, name) && owner->outer && !nestedFunction(owner, name)) {
        chain.push_back(owner);
        owner = owner->outer;
      }
      if (!owner || !isLocal(*owner, name))
        continue; // a module name, resolved as usual
      changed = true;
      for (FunctionDef *f : chain) {
        f->captures.push_back(name);
        f->params.push_back(Param{loc, name, nullptr, {}});
        LocalVar v;
        v.name = name;
        v.firstLoc = loc;
        v.isParam = true;
        // Locals are the parameters first, in order (bindCaptures and the
        // calls index them so): the capture goes before the def's own locals.
        f->locals.insert(f->locals.begin() + static_cast<std::ptrdiff_t>(f->params.size() - 1), v);
      }
    }
  }
  }
}

unsigned declaredParams(const FunctionDef &fn) {
  return static_cast<unsigned>(fn.params.size() - fn.captures.size());
}

void Sema::bindCaptures(CallExpr *call, SourceLoc loc, FunctionDef &target) {
  unsigned first = declaredParams(target);
  for (size_t i = 0; i < target.captures.size(); ++i) {
    const std::string &name = target.captures[i];
    auto it = locals_.find(name);
    if (it == locals_.end() || fn_->locals[it->second].hidden) {
      error(loc, "'" + target.localName + "' reads '" + name + "' of '" + target.outer->name +
                     "', so it can only be called inside '" + target.outer->name + "'");
      continue;
    }
    LocalVar &from = fn_->locals[it->second];
    LocalVar &param = target.locals[first + i];
    if (!compatible(param.type, from.type)) {
      error(loc, "'" + name + "' has different types where '" + target.localName +
                     "' is called");
      continue;
    }
    Type j = join(param.type, from.type);
    if (j != param.type) {
      param.type = j;
      changed_ = true;
    }
    if (!sameShape(param.shape, from.shape) && from.shape) {
      param.shape = from.shape;
      changed_ = true;
    }
    markNumpy(param.mayBeNumpy, from.mayBeNumpy);
    if (isArray(from.type) && from.readonlyArray && !param.readonlyArray) {
      param.readonlyArray = true;
      changed_ = true;
    }
  }
  (void)call;
}

} // namespace sema
} // namespace llcc

namespace llcc {
namespace sema {

/// `def g(x, k=s)` in `f`, where `s` is a parameter of `f` never rebound,
/// or a local `f` assigns once, in a statement of its body before the def
/// (not inside a block): CPython evaluates the default when the def runs,
/// and `s` holds that value at every later call. Each call of `g` that does
/// not pass `k` passes `k=s`, and `k` loses its default. A default naming
/// another variable of an enclosing function is a compile error that says
/// what to write.
void Sema::lowerEnclosingDefaults() {
  for (auto &gp : module_.functions) {
    FunctionDef *g = gp.get();
    FunctionDef *f = g->outer;
    if (!f)
      continue;
    for (size_t i = 0; i < g->params.size(); ++i) {
      Param &p = g->params[i];
      if (!p.defaultValue)
        continue;
      // The names of enclosing functions' variables the default reads.
      std::vector<std::string> names;
      eachSlotIn(p.defaultValue, [&](ExprPtr &slot) {
        if (auto *n = dyn_cast<NameExpr>(slot.get()))
          for (FunctionDef *o = f; o; o = o->outer)
            if (functionBindings(*o).count(n->name)) {
              names.push_back(n->name);
              break;
            }
      });
      if (names.empty())
        continue;
      std::string s = names[0];
      auto *n = dyn_cast<NameExpr>(p.defaultValue.get());
      std::map<std::string, int> bound = functionBindings(*f);
      bool isParam = false;
      for (const Param &q : f->params)
        isParam |= q.name == s;
      bool before = false;
      for (const StmtPtr &st : f->body)
        if (auto *a = dyn_cast<AssignStmt>(st.get());
            a && (st->loc().line < g->loc.line ||
                  (st->loc().line == g->loc.line && st->loc().col < g->loc.col)))
          for (const ExprPtr &t : a->targets)
            if (auto *tn = dyn_cast<NameExpr>(t.get()); tn && tn->name == s)
              before = true;
      auto refuse = [&](const std::string &why) {
        diags_.error(
            p.defaultValue->loc(),
            "the default of '" + p.name + "' reads '" + s + "' of '" + f->name + "' " + why +
                "; llcc supports such a default when it is the name of a parameter of '" + f->name +
                "' never reassigned, or of a variable assigned once before the def "
                "and outside any block, and '" +
                g->localName + "' is only called; otherwise pass the value at each call");
        p.defaultValue = std::make_unique<FloatLiteralExpr>(p.defaultValue->loc(), 0.0);
      };
      if (!n) {
        refuse("in an expression");
        continue;
      }
      if (!bound.count(s)) {
        refuse("(a variable of a function further out)");
        continue;
      }
      if (bound[s] != 1 || !(isParam || before)) {
        refuse(bound[s] != 1 ? "(assigned more than once)"
                             : "(assigned after the def or inside a block)");
        continue;
      }
      // The functions whose calls of g are rewritten: f, and the defs
      // nested in it that see f's g and f's s.
      std::vector<FunctionDef *> scopes{f};
      bool failed = false;
      for (auto &hp : module_.functions) {
        FunctionDef *h = hp.get();
        if (h == f || !h->outer)
          continue;
        bool inside = false, shadowsG = false, shadowsS = false;
        for (FunctionDef *o = h; o && !inside; o = o->outer) {
          if (o == f) {
            inside = true;
            break;
          }
          std::map<std::string, int> b = functionBindings(*o);
          shadowsG |= b.count(g->localName) > 0;
          shadowsS |= b.count(s) > 0;
          if (o->outer == f && o->localName == g->localName && o != g)
            shadowsG = true;
        }
        if (!inside || shadowsG)
          continue;
        if (shadowsS) {
          refuse("(a def that calls '" + g->localName + "' has a variable '" + s + "' of its own)");
          failed = true;
          break;
        }
        scopes.push_back(h);
      }
      if (failed)
        continue;
      std::set<const Expr *> callees;
      for (FunctionDef *h : scopes)
        eachSlot(h->body, [&](ExprPtr &slot) {
          auto *c = dyn_cast<CallExpr>(slot.get());
          auto *cn = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
          if (!cn || cn->name != g->localName)
            return;
          callees.insert(cn);
          if (c->starred) {
            diags_.error(c->loc(), "'" + g->localName + "' has a default that reads '" + s +
                                       "' of '" + f->name +
                                       "': call it with its arguments written out");
            failed = true;
            return;
          }
          bool passed = !p.keywordOnly && c->args.size() > i;
          for (const KeywordArg &k : c->keywords)
            passed |= k.name == p.name;
          if (!passed)
            c->keywords.push_back(
                KeywordArg{c->loc(), p.name, std::make_unique<NameExpr>(c->loc(), s)});
        });
      for (FunctionDef *h : scopes)
        eachSlot(h->body, [&](ExprPtr &slot) {
          auto *u = dyn_cast<NameExpr>(slot.get());
          if (!u || u->name != g->localName || callees.count(u) || failed)
            return;
          diags_.error(u->loc(), "'" + g->localName + "' has a default that reads '" + s +
                                     "' of '" + f->name +
                                     "', which llcc passes at each call: call '" + g->localName +
                                     "' directly rather than pass it as a value");
          failed = true;
        });
      if (failed) // reported: a number, so that no error follows from it
        p.defaultValue = std::make_unique<FloatLiteralExpr>(p.defaultValue->loc(), 0.0);
      else
        p.defaultValue.reset();
    }
  }
}

} // namespace sema
} // namespace llcc
