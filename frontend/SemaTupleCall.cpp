//===- SemaTupleCall.cpp - tuple(...) of a length known when compiling ----===//
//
// llcc's tuples have a length fixed at compile time, so `tuple(x)` is
// compiled where that length is known, as the display it builds:
//
//   tuple(c * f for c in t)               llcc.view((t[0] * f, t[1] * f))
//   tuple(t)                              llcc.view(t)         (t a tuple)
//   tuple(a)                              llcc.view((a[0], a[1], a[2]))
//                                         (a an array of 3 elements known
//                                         when compiling: np.array([...]))
//
// The generator's iterable is a name (read once per member, as CPython
// reads each item of the tuple it iterates) and the element an expression
// copyPure can copy; each copy reads the member in place of the target.
// The view wrapper (Window.h's ViewBuiltin) is the value itself, typed as
// the display. Filtered generators and several `for` clauses are compile
// errors, and so are iterables of a run-time length (a transform's
// output_coords: the rank is known only at run time) except in one place:
// the value a transform of one parameter returns,
//
//   return tuple(c - 0.5 for c in output_coords)   return list(...)
//
// which makes the transform rank-generic (FunctionDef::rankGeneric): its
// wrapper copies the run-time-length sequence into SciPy's coordinates.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

namespace llcc {
namespace sema {

namespace {

/// Replaces each read of `name` in `slot` by `index(k)`.
void substitute(ExprPtr &slot, const std::string &name, const std::function<ExprPtr()> &make) {
  if (!slot)
    return;
  if (auto *n = dyn_cast<NameExpr>(slot.get())) {
    if (n->name == name)
      slot = make();
    return;
  }
  if (auto *u = dyn_cast<UnaryExpr>(slot.get()))
    return substitute(u->operand, name, make);
  if (auto *b = dyn_cast<BinaryExpr>(slot.get())) {
    substitute(b->lhs, name, make);
    return substitute(b->rhs, name, make);
  }
  if (auto *c = dyn_cast<CompareExpr>(slot.get())) {
    for (ExprPtr &x : c->operands)
      substitute(x, name, make);
    return;
  }
  if (auto *a = dyn_cast<AttributeExpr>(slot.get()))
    return substitute(a->value, name, make);
  if (auto *i = dyn_cast<IfExpExpr>(slot.get())) {
    substitute(i->cond, name, make);
    substitute(i->thenExpr, name, make);
    return substitute(i->elseExpr, name, make);
  }
  if (auto *c = dyn_cast<CallExpr>(slot.get())) {
    for (ExprPtr &x : c->args)
      substitute(x, name, make);
    for (KeywordArg &k : c->keywords)
      substitute(k.value, name, make);
    return;
  }
  if (auto *s = dyn_cast<SubscriptExpr>(slot.get())) {
    substitute(s->value, name, make);
    return substitute(s->index, name, make);
  }
  if (auto *t = dyn_cast<TupleExpr>(slot.get()))
    for (ExprPtr &x : t->elements)
      substitute(x, name, make);
}

/// The length of `e` when known at compile time (a tuple, a 1-D array of
/// static length), else -1.
int64_t staticLength(const Expr &e) {
  if (e.type == Type::Tuple && e.shape)
    return static_cast<int64_t>(e.shape->members.size());
  if ((e.type == Type::FloatArray || e.type == Type::IntArray || e.type == Type::BoolArray) &&
      e.shape && e.shape->dims.size() == 1 && e.shape->dims[0] >= 0)
    return e.shape->dims[0];
  return -1;
}

/// Builtins that only read the items of a sequence they are given, the
/// same for a tuple as for a list of those items.
bool readsItems(const Expr &callee) {
  static const char *const Readers[] = {"len",    "sum",     "min",      "max",
                                        "sorted", "list",    "enumerate", "reversed",
                                        "any",    "all",     "zip",       "set"};
  if (auto *n = dyn_cast<NameExpr>(&callee)) {
    for (const char *r : Readers)
      if (n->name == r)
        return true;
    return false;
  }
  // np.mean(t), np.median(t), np.array(t): numpy converts either alike.
  auto *a = dyn_cast<AttributeExpr>(&callee);
  auto *base = a ? dyn_cast<NameExpr>(a->value.get()) : nullptr;
  return base && (base->name == "np" || base->name == "numpy");
}

/// Whether `name`, bound once by `binding` in `fn`, is only read as a
/// sequence of items (t[i], len(t), for v in t, v in t, sorted(t), np.*(t),
/// if t:) anywhere in it: then a list holding its items is what CPython's
/// tuple is to every one of those reads.
bool readOnlyItems(FunctionDef &fn, const std::string &name, const AssignStmt *binding,
                   const std::vector<std::unique_ptr<FunctionDef>> &functions) {
  auto isName = [&](const Expr *e) {
    auto *n = e ? dyn_cast<NameExpr>(e) : nullptr;
    return n && n->name == name;
  };
  bool ok = true;
  // Every read inside an expression, by its parent.
  eachSlot(fn.body, [&](ExprPtr &slot) {
    Expr &p = *slot;
    auto *sub = dyn_cast<SubscriptExpr>(&p);
    auto *call = dyn_cast<CallExpr>(&p);
    auto *cmp = dyn_cast<CompareExpr>(&p);
    auto *gen = dyn_cast<ComprehensionExpr>(&p);
    forEachChildExpr(p, [&](ExprPtr &child) {
      if (!isName(child.get()))
        return;
      bool allowed = false;
      if (sub)
        allowed = child.get() == sub->value.get() && !isa<SliceExpr>(sub->index.get()) &&
                  !isa<TupleExpr>(sub->index.get());
      if (call && readsItems(*call->callee))
        for (ExprPtr &a : call->args)
          allowed |= a.get() == child.get();
      if (cmp)
        for (size_t i = 1; i < cmp->operands.size(); ++i)
          allowed |= cmp->operands[i].get() == child.get() &&
                     (cmp->ops[i - 1] == CompareOp::In || cmp->ops[i - 1] == CompareOp::NotIn);
      if (gen)
        allowed |= gen->iter.get() == child.get();
      // tested: `x if t else y`, `not t` (empty or not, alike)
      if (auto *i = dyn_cast<IfExpExpr>(&p))
        allowed |= i->cond.get() == child.get();
      if (auto *u = dyn_cast<UnaryExpr>(&p))
        allowed |= u->op == UnaryExpr::Op::Not;
      ok &= allowed;
    });
  });
  // A statement's own expression that is the name, and stores through it.
  std::function<bool(const Expr *)> storesInto = [&](const Expr *t) {
    if (!t)
      return false;
    if (auto *tu = dyn_cast<TupleExpr>(t)) {
      for (const ExprPtr &x : tu->elements)
        if (storesInto(x.get()))
          return true;
      return false;
    }
    if (auto *l = dyn_cast<ListExpr>(t)) {
      for (const ExprPtr &x : l->elements)
        if (storesInto(x.get()))
          return true;
      return false;
    }
    if (auto *sb = dyn_cast<SubscriptExpr>(t))
      return isName(sb->value.get());
    return isName(t);
  };
  std::function<void(Block &)> walk = [&](Block &b) {
    for (StmtPtr &sp : b) {
      if (!sp)
        continue;
      Stmt &st = *sp;
      if (auto *a = dyn_cast<AssignStmt>(&st)) {
        for (ExprPtr &t : a->targets)
          ok &= a == binding ? !isa<SubscriptExpr>(t.get()) : !storesInto(t.get());
        ok &= !isName(a->value.get()); // `u = t`: a second name for it
      } else if (auto *a = dyn_cast<AugAssignStmt>(&st)) {
        ok &= !storesInto(a->target.get()) && !isName(a->value.get());
      } else if (auto *f = dyn_cast<ForStmt>(&st)) {
        ok &= !storesInto(f->target.get());
      } else if (auto *d = dyn_cast<DelStmt>(&st)) {
        for (ExprPtr &t : d->targets)
          ok &= !storesInto(t.get());
      } else if (auto *r = dyn_cast<ReturnStmt>(&st)) {
        ok &= !isName(r->value.get());
      } else if (auto *r = dyn_cast<RaiseStmt>(&st)) {
        ok &= !isName(r->exception.get());
      } else if (auto *a = dyn_cast<AssertStmt>(&st)) {
        ok &= !isName(a->message.get());
      }
      forEachChildBlock(st, walk);
    }
  };
  walk(fn.body);
  // A nested def reading it would see it whole.
  for (auto &other : functions) {
    bool nested = false;
    for (FunctionDef *o = other->outer; o; o = o->outer)
      nested = nested || o == &fn;
    if (nested)
      eachSlot(other->body, [&](ExprPtr &slot) { ok &= !isName(slot.get()); });
  }
  return ok;
}

/// The assignment `NAME = <e>` of a single name whose value is `e`, in `b`.
AssignStmt *bindingOf(Block &b, const Expr *e) {
  for (StmtPtr &sp : b) {
    if (!sp)
      continue;
    if (auto *a = dyn_cast<AssignStmt>(sp.get());
        a && a->value.get() == e && a->targets.size() == 1 && isa<NameExpr>(a->targets[0].get()))
      return a;
    AssignStmt *found = nullptr;
    forEachChildBlock(*sp, [&](Block &child) {
      if (!found)
        found = bindingOf(child, e);
    });
    if (found)
      return found;
  }
  return nullptr;
}

} // namespace

/// `tuple(x)` becomes `llcc.view(<display>)` (banner); 1 when rewritten, 0
/// when not a call of the builtin tuple, -1 after an error.
int Sema::expandTupleCall(CallExpr &e) {
  auto *callee = dyn_cast<NameExpr>(e.callee.get());
  if (!callee || callee->name != "tuple" || locals_.count("tuple") || functions_.count("tuple") ||
      constants_.count("tuple"))
    return 0;
  if (e.args.size() != 1 || !e.keywords.empty()) {
    error(e.loc(), "tuple() takes one iterable argument in llcc");
    return -1;
  }
  ExprPtr &arg = e.args[0];
  auto *gen = dyn_cast<ComprehensionExpr>(arg.get());
  Expr *iter = gen ? gen->iter.get() : arg.get();
  // `t = tuple(sorted(values))` read only by item (t[i], len(t), loops,
  // `in`, sorted(t), np.median(t)): the list of its items, as list(x)
  // builds them, serves every such read as CPython's tuple does.
  auto asList = [&] {
    AssignStmt *a = fn_ ? bindingOf(fn_->body, &e) : nullptr;
    if (!a || !readOnlyItems(*fn_, cast<NameExpr>(*a->targets[0]).name, a, module_.functions))
      return false;
    callee->name = "list";
    return true;
  };
  static const char *const ReadOnly =
      "bound to a name and only read item by item (t[i], len(t), for v in t, v in t, "
      "sorted(t), np.median(t))";
  if (gen && (!gen->generator || !gen->conds.empty() || !gen->inner.empty() ||
              !isa<NameExpr>(gen->target.get()))) {
    if (gen->generator && asList())
      return 0;
    error(arg->loc(), std::string("tuple() of a filtered generator (an 'if', several 'for's) "
                                  "has a length known only at run time: llcc compiles it as "
                                  "the list of its items where the tuple is ") +
                          ReadOnly + "; build a list or an array otherwise");
    return -1;
  }
  typeOf(*iter);
  int64_t n = staticLength(*iter);
  if (n < 0 && iter->type != Type::Tuple && asList())
    return 0;
  if (n < 0 || n > 64) {
    error(iter->loc(), "tuple() of a length known only at run time (here " +
                           describeShape(iter->type, iter->shape) +
                           ") is compiled as the list of its items where the tuple is " +
                           ReadOnly + "; llcc's other tuples have a length known when "
                           "compiling (a tuple, an array written out). A transform's "
                           "output_coords has the run-time rank: return tuple(...) of it "
                           "directly (a transform of any rank), write the tuple out, (c[0] * f, "
                           "c[1] * f), or assign input_coords[i] in the two-parameter form");
    return -1;
  }
  ExprPtr display;
  if (!gen && iter->type == Type::Tuple) {
    display = std::move(arg); // tuple(t) is t
  } else {
    // A name, read once per member; anything else would be evaluated once
    // per member, in another order than CPython's.
    if (!isa<NameExpr>(iter)) {
      error(iter->loc(), "tuple() of a computed iterable: assign it to a name first");
      return -1;
    }
    std::vector<ExprPtr> members;
    for (int64_t k = 0; k < n; ++k) {
      SourceLoc at = iter->loc();
      auto item = [&]() -> ExprPtr {
        return std::make_unique<SubscriptExpr>(at, copyPure(iter),
                                               std::make_unique<IntLiteralExpr>(at, k, false));
      };
      if (!gen) {
        members.push_back(item());
        continue;
      }
      ExprPtr element = copyPure(gen->element.get());
      if (!element) {
        error(gen->element->loc(), "tuple() of a generator whose element llcc cannot repeat per "
                                   "member (a call or a comprehension): write the tuple out");
        return -1;
      }
      substitute(element, cast<NameExpr>(*gen->target).name, item);
      members.push_back(std::move(element));
    }
    display = std::make_unique<TupleExpr>(arg->loc(), std::move(members));
  }
  becomeView(e, std::move(display));
  return 1;
}

/// A 1-D sequence whose length is known only at run time: an array
/// parameter or view (output_coords), a list.
static bool runTimeSequence(const Expr &e) {
  bool oneDim = !e.shape || e.shape->dims.size() <= 1;
  return staticLength(e) < 0 && oneDim &&
         (e.type == Type::IntArray || e.type == Type::FloatArray || e.type == Type::BoolArray ||
          e.type == Type::IntList || e.type == Type::FloatList);
}

bool Sema::isCoordsSequence(const Expr &x) {
  if (isOutputCoords(x))
    return true;
  auto *s = dyn_cast<SubscriptExpr>(&x);
  return s && isa<SliceExpr>(s->index.get()) && isOutputCoords(*s->value);
}

void Sema::rewriteRunTimeTuple(ReturnStmt &s) {
  auto *call = s.value ? dyn_cast<CallExpr>(s.value.get()) : nullptr;
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  auto unshadowed = [&](const char *name) {
    return !locals_.count(name) && !functions_.count(name) && !constants_.count(name);
  };
  if (!callee || callee->name != "tuple" || call->args.size() != 1 || !call->keywords.empty() ||
      !unshadowed("tuple") || !unshadowed("list"))
    return;
  auto *gen = dyn_cast<ComprehensionExpr>(call->args[0].get());
  if (gen && !gen->generator)
    gen = nullptr; // tuple([...]) of a list display: its iterable is the list
  Expr *iter = gen ? gen->iter.get() : call->args[0].get();
  // reversed(x) and range(n) are typed only where they are consumed (as
  // list's argument, or a comprehension's iterable): look through them.
  auto *inner = dyn_cast<CallExpr>(iter);
  auto *innerName = inner ? dyn_cast<NameExpr>(inner->callee.get()) : nullptr;
  bool consumedOnly = innerName && inner->keywords.empty() &&
                      (innerName->name == "reversed" || innerName->name == "range") &&
                      unshadowed(innerName->name.c_str());
  if (consumedOnly && innerName->name == "range" && !gen)
    return; // tuple(range(n)): left to expandTupleCall's diagnostic
  if (consumedOnly && innerName->name == "reversed" && inner->args.size() == 1)
    iter = inner->args[0].get();
  else if (consumedOnly)
    iter = nullptr; // a generator over range(...): a run-time count
  if (iter) {
    typeOf(*iter);
    if (!runTimeSequence(*iter))
      return; // a static length: expandTupleCall writes the display out
  }
  // list(x) builds what tuple(x) would, element by element, in CPython's
  // order; only its kind differs, which the wrapper does not see.
  callee->name = "list";
  s.runTimeTuple = true;
}

} // namespace sema
} // namespace llcc
