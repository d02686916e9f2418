//===- SemaDesugar.cpp - Calls rewritten, before typing, into plainer calls ===//
//
// Some numpy and Python calls mean exactly a combination of calls llcc
// already compiles; each is rewritten in place, when typeOfCall first
// meets it, so that the rest of the compiler needs nothing new:
//
//   np.percentile(a, [25, 75])    np.array([np.percentile(a, _q) for _q in (25, 75)])
//   sorted(x, reverse=True)       sorted(x[::-1])[::-1]
//
// (also np.quantile, np.nanpercentile, np.nanquantile with several q;
// key= kept with reverse=; the order statistics along an axis of a 2-D
// array are SemaLanes.cpp's).
//
// Several q: llcc computes percentiles one q at a time, numpy partitions
// once for all q. Each result is the same order statistic interpolated by
// the same formula, so the values are numpy's, except which of two equal
// zeros (0.0, -0.0) a zero result is (docs/language.md). `a` is evaluated
// once per q; it has no side effects in a filter that numpy would accept.
//
// The helpers at the end (copyPure, callsNumpy) serve every rewrite of
// this kind: here, SemaGradient.cpp, SemaConcatenate.cpp, SemaNumpyViews.cpp,
// SemaLanes.cpp.
//
// sorted(x, reverse=True) is CPython's own definition: listsort reverses
// the list, sorts it stably, and reverses it again, so equal elements
// (and NaNs) end where CPython puts them. A generator argument becomes a
// list comprehension there, since only a list can be sliced.
//
// Iterator builtins passed as values (expandIteratorArgument):
//
//   max(enumerate(x), key=f)      max((llcc.item for llcc.item in enumerate(x)), key=f)
//   list(zip(a, b))               list(llcc.item for llcc.item in zip(a, b))
//   len(range(n)), np.f(range(n)) len([llcc.item for llcc.item in range(n)]), ...
//
// A consumer iterates the enumerate, zip, range or reversed object once,
// in order, exactly as the generator walks it, so the values, the empty
// case (max's ValueError, default=) and the first-of-ties rule are the
// consumer's own. The target takes a name Python cannot spell, so it never
// meets a user's name, and the generator sits at the call's location, so
// diagnostics about it point at the user's text. numpy converts a range
// to an array as it converts the list of its values; an enumerate, zip or
// reversed object it would wrap as a 0-d object array, so those stay
// errors there.
//
//===----------------------------------------------------------------------===//
#include "SemaGroupby.h"
#include "SemaImpl.h"

#include <limits>

#include <optional>

namespace llcc {
namespace sema {

namespace {

const char *const QuantileFunctions[] = {"percentile", "quantile", "nanpercentile",
                                         "nanquantile"};

} // namespace

std::string Sema::numpyAlias() {
  for (const auto &[alias, module] : moduleAliases_)
    if (module == "numpy" && !locals_.count(alias))
      return alias;
  moduleAliases_["_llcc_numpy"] = "numpy";
  return "_llcc_numpy";
}

bool Sema::expandSeveralQuantiles(CallExpr &e) {
  // np.percentile(...), or percentile(...) after `from numpy import
  // percentile` (or `as pct`).
  std::string function;
  if (auto *attr = dyn_cast<AttributeExpr>(e.callee.get())) {
    auto *base = dyn_cast<NameExpr>(attr->value.get());
    if (!base || locals_.count(base->name))
      return false;
    auto alias = moduleAliases_.find(base->name);
    if (alias == moduleAliases_.end() || alias->second != "numpy")
      return false;
    function = attr->attr;
  } else if (auto *name = dyn_cast<NameExpr>(e.callee.get())) {
    auto from = fromNames_.find(name->name);
    if (from == fromNames_.end() || locals_.count(name->name) || functions_.count(name->name) ||
        constants_.count(name->name) || from->second.rfind("numpy.", 0) != 0)
      return false;
    function = from->second.substr(6);
  } else {
    return false;
  }
  bool quantile = false;
  for (const char *name : QuantileFunctions)
    quantile |= function == name;
  if (!quantile)
    return false;
  // q: the second positional argument (llcc takes no q= keyword).
  ExprPtr *q = e.args.size() >= 2 ? &e.args[1] : nullptr;
  if (!q)
    return false;
  // A display of numbers, or a module constant holding one (QUARTILES =
  // (25, 50, 75)), iterated as it is.
  ExprPtr iter;
  if (auto *list = dyn_cast<ListExpr>(q->get())) {
    if (list->elements.empty())
      return false; // numpy gives an empty array: typed as written, an error
    iter = std::make_unique<TupleExpr>(list->loc(), std::move(list->elements));
  } else if (auto *tuple = dyn_cast<TupleExpr>(q->get())) {
    if (tuple->elements.empty())
      return false;
    iter = std::move(*q);
  } else if (auto *name = dyn_cast<NameExpr>(q->get());
             name && !locals_.count(name->name) && constants_.count(name->name)) {
    const Constant &c = module_.constants[constants_.at(name->name)];
    if (!isa<TupleExpr>(c.value.get()) && !isa<ListExpr>(c.value.get()))
      return false;
    iter = std::move(*q);
  } else {
    return false;
  }
  SourceLoc loc = e.loc();
  SourceLoc qloc = iter->loc();
  std::string var = "_llcc_q_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
  *q = std::make_unique<NameExpr>(qloc, var);
  // The one-q call, with every argument and keyword of the original.
  auto one = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                        std::move(e.keywords));
  auto comp = std::make_unique<ComprehensionExpr>(
      loc, std::move(one), std::make_unique<NameExpr>(qloc, var), std::move(iter),
      std::vector<ExprPtr>{}, false);
  e.callee = std::make_unique<AttributeExpr>(loc, std::make_unique<NameExpr>(loc, numpyAlias()),
                                             "array");
  e.args.clear();
  e.args.push_back(std::move(comp));
  e.keywords.clear();
  return true;
}

namespace {

/// How a consumer takes an iterator builtin as its argument.
enum class IterArgument {
  Generator, ///< any iterable, consumed once: a generator expression
  RangeList, ///< only a range (a sequence): a list comprehension
};

struct IterConsumer {
  const char *name;
  IterArgument takes;
};

/// Python's builtins that iterate their one positional argument. len()
/// takes a range but not an iterator (len(zip(a, b)) is a TypeError).
const IterConsumer IterConsumers[] = {
    {"list", IterArgument::Generator}, {"sorted", IterArgument::Generator},
    {"min", IterArgument::Generator},  {"max", IterArgument::Generator},
    {"sum", IterArgument::Generator},  {"any", IterArgument::Generator},
    {"all", IterArgument::Generator},  {"set", IterArgument::Generator},
    {"dict", IterArgument::Generator}, {"len", IterArgument::RangeList},
};

/// The builtins whose call makes an iterator (or a range), accepted as
/// a for loop's iterable.
const char *const IteratorBuiltins[] = {"enumerate", "zip", "reversed", "range"};

} // namespace

bool Sema::namesBuiltin(const Expr &callee, const char *builtin) {
  auto *n = dyn_cast<NameExpr>(&callee);
  return n && n->name == builtin && !locals_.count(n->name) && !functions_.count(n->name) &&
         !constants_.count(n->name) && !fromNames_.count(n->name) &&
         !moduleAliases_.count(n->name);
}

/// map(f, a, ...) and filter(f, a) passed to a consumer: the generator
/// they are in Python 3, `(f(x) for x in a)` and `(x for x in a if f(x))`,
/// with a lambda's body written in place and its parameters as the loop's
/// targets (`map(lambda v: v * v, a)` is `(v * v for v in a)`), several
/// iterables zipped, and filter(None, a) keeping the true items. Null for
/// any other call, or a lambda whose parameters do not match (typed as
/// written: its error says what is wrong).
ExprPtr Sema::mapFilterGenerator(CallExpr &inner) {
  bool isMap = namesBuiltin(*inner.callee, "map");
  bool isFilter = namesBuiltin(*inner.callee, "filter");
  if ((!isMap && !isFilter) || !inner.keywords.empty() || inner.args.size() < 2 ||
      (isFilter && inner.args.size() != 2))
    return nullptr;
  SourceLoc loc = inner.loc();
  size_t iterables = inner.args.size() - 1;
  auto *lambda = dyn_cast<LambdaExpr>(inner.args[0].get());
  if (lambda && lambda->params.size() != iterables)
    return nullptr;
  // The loop's targets: the lambda's parameters, else hidden names.
  std::vector<std::string> names;
  for (size_t k = 0; k < iterables; ++k)
    names.push_back(lambda ? lambda->params[k]
                           : std::string(IterItemName) + (k ? std::to_string(k) : ""));
  auto nameList = [&]() {
    std::vector<ExprPtr> out;
    for (const std::string &n : names)
      out.push_back(std::make_unique<NameExpr>(loc, n));
    return out;
  };
  ExprPtr target =
      iterables == 1 ? std::move(nameList()[0]) : std::make_unique<TupleExpr>(loc, nameList());
  ExprPtr iter;
  if (iterables == 1) {
    iter = std::move(inner.args[1]);
  } else {
    std::vector<ExprPtr> zipped;
    for (size_t k = 1; k < inner.args.size(); ++k)
      zipped.push_back(std::move(inner.args[k]));
    iter = std::make_unique<CallExpr>(loc, std::make_unique<NameExpr>(loc, "zip"),
                                      std::move(zipped), std::vector<KeywordArg>{});
  }
  // f(x): the lambda's body, or a call of the function named.
  ExprPtr applied;
  bool none = isa<NoneLiteralExpr>(inner.args[0].get());
  if (lambda)
    applied = std::move(lambda->body);
  else if (!none)
    applied = std::make_unique<CallExpr>(loc, std::move(inner.args[0]), nameList(),
                                         std::vector<KeywordArg>{});
  std::vector<ExprPtr> conds;
  ExprPtr element;
  if (isMap) {
    element = std::move(applied);
  } else {
    element = std::move(nameList()[0]);
    conds.push_back(none ? std::move(nameList()[0]) : std::move(applied));
  }
  return std::make_unique<ComprehensionExpr>(loc, std::move(element), std::move(target),
                                             std::move(iter), std::move(conds), true);
}

void Sema::expandMapFilterLoops(Block &block, unsigned depth) {
  if (depth > MaxNestingDepth)
    return;
  for (StmtPtr &stmt : block) {
    if (isa<TryStmt>(stmt.get())) {
      forEachChildBlock(*stmt, [&](Block &b) { expandMapFilterLoops(b, depth + 1); });
      continue;
    }
    if (auto *s = dyn_cast<WhileStmt>(stmt.get())) {
      expandMapFilterLoops(s->body, depth + 1);
      expandMapFilterLoops(s->elseBody, depth + 1);
      continue;
    }
    if (auto *s = dyn_cast<IfStmt>(stmt.get())) {
      expandMapFilterLoops(s->thenBody, depth + 1);
      expandMapFilterLoops(s->elseBody, depth + 1);
      continue;
    }
    auto *s = dyn_cast<ForStmt>(stmt.get());
    if (!s)
      continue;
    expandMapFilterLoops(s->body, depth + 1);
    expandMapFilterLoops(s->elseBody, depth + 1);
    // for k, g in itertools.groupby(xs): a loop over the runs (SemaGroupby.cpp)
    if (auto *gb = dyn_cast<CallExpr>(s->iter.get());
        gb && itertoolsFunction(*gb) == "itertools.groupby") {
      lowerGroupbyLoop(stmt, mapLoops_, diags_);
      continue;
    }
    // for (i, j), v in np.ndenumerate(w): a loop over the flat index (SemaGroupby.cpp)
    if (auto *nd = dyn_cast<CallExpr>(s->iter.get()); nd && callsNumpy(*nd, "ndenumerate")) {
      lowerNdenumerateLoop(stmt, mapLoops_, diags_);
      continue;
    }
    auto *call = dyn_cast<CallExpr>(s->iter.get());
    if (!call || (!namesBuiltin(*call->callee, "map") && !namesBuiltin(*call->callee, "filter")))
      continue;
    // The generator map/filter is, `(f(x) for x in a)` or `(x for x in a
    // if f(x))`, whose targets (a lambda's parameters, or llcc.item) get
    // names of this loop alone: they are local to the lambda in Python.
    auto *lambda = dyn_cast<LambdaExpr>(call->args.empty() ? nullptr : call->args[0].get());
    if (lambda) { // a lambda holding its own bindings stays a diagnostic
      bool plain = true;
      for (const std::string &p : lambda->params)
        plain &= renameIn(lambda->body.get(), p, p);
      if (!plain)
        continue;
    }
    ExprPtr generator = mapFilterGenerator(*call);
    if (!generator)
      continue;
    auto &c = cast<ComprehensionExpr>(*generator);
    std::string prefix = "llcc.loop" + std::to_string(++mapLoops_) + ".";
    std::vector<NameExpr *> targets;
    if (auto *n = dyn_cast<NameExpr>(c.target.get()))
      targets.push_back(n);
    else
      for (ExprPtr &t : cast<TupleExpr>(*c.target).elements)
        targets.push_back(cast<NameExpr>(t.get()));
    for (NameExpr *t : targets) {
      std::string hidden = prefix + t->name;
      renameIn(c.element.get(), t->name, hidden);
      for (ExprPtr &cond : c.conds)
        renameIn(cond.get(), t->name, hidden);
      t->name = hidden;
    }
    // for x in a: [if not cond: continue] x = element; body
    SourceLoc loc = s->loc();
    Block body;
    for (ExprPtr &cond : c.conds) {
      Block skip;
      skip.push_back(std::make_unique<ContinueStmt>(loc));
      auto notCond = std::make_unique<UnaryExpr>(cond->loc(), UnaryExpr::Op::Not, std::move(cond));
      body.push_back(std::make_unique<IfStmt>(loc, std::move(notCond), std::move(skip), Block{}));
    }
    std::vector<ExprPtr> assigned;
    assigned.push_back(std::move(s->target));
    body.push_back(std::make_unique<AssignStmt>(loc, std::move(assigned), std::move(c.element)));
    for (StmtPtr &inner : s->body)
      body.push_back(std::move(inner));
    s->target = std::move(c.target);
    s->iter = std::move(c.iter);
    s->body = std::move(body);
  }
}

bool Sema::expandIteratorArgument(CallExpr &e) {
  // Which arguments to rewrite, and into what; `consumer` names the call
  // in the hint of an iterator it cannot take.
  std::optional<IterArgument> takes;
  std::string consumer;
  bool everyArgument = false; // numpy: any positional argument may be a range
  for (const IterConsumer &c : IterConsumers)
    if (namesBuiltin(*e.callee, c.name) && e.args.size() == 1) {
      takes = c.takes;
      consumer = std::string(c.name) + "()";
    }
  if (auto *a = dyn_cast<AttributeExpr>(e.callee.get())) {
    auto *base = dyn_cast<NameExpr>(a->value.get());
    bool module = base && !locals_.count(base->name) && moduleAliases_.count(base->name);
    if (!module && a->attr == "extend" && e.args.size() == 1)
      takes = IterArgument::Generator; // a list's extend(iterable)
    if (module && moduleAliases_.at(base->name) == "numpy") {
      takes = IterArgument::RangeList;
      consumer = "np." + a->attr + "()";
      everyArgument = true;
    }
  } else if (auto *n = dyn_cast<NameExpr>(e.callee.get())) {
    auto from = fromNames_.find(n->name);
    if (from != fromNames_.end() && from->second.rfind("numpy.", 0) == 0 &&
        !locals_.count(n->name) && !functions_.count(n->name) && !constants_.count(n->name)) {
      takes = IterArgument::RangeList;
      consumer = n->name + "()";
      everyArgument = true;
    }
  }
  if (!takes)
    return false;
  bool rewritten = false;
  for (size_t i = 0; i < (everyArgument ? e.args.size() : 1); ++i) {
    auto *inner = dyn_cast<CallExpr>(e.args[i].get());
    if (!inner)
      continue;
    if (*takes == IterArgument::Generator)
      if (ExprPtr generator = mapFilterGenerator(*inner)) {
        e.args[i] = std::move(generator);
        rewritten = true;
        continue;
      }
    const char *builtin = nullptr;
    for (const char *b : IteratorBuiltins)
      if (namesBuiltin(*inner->callee, b))
        builtin = b;
    if (!builtin)
      continue;
    if (*takes == IterArgument::RangeList && std::string(builtin) != "range") {
      iteratorConsumers_[inner] = consumer; // typed as written: its error says why
      continue;
    }
    SourceLoc loc = inner->loc();
    ExprPtr iter = std::move(e.args[i]);
    e.args[i] = std::make_unique<ComprehensionExpr>(
        loc, std::make_unique<NameExpr>(loc, IterItemName),
        std::make_unique<NameExpr>(loc, IterItemName), std::move(iter), std::vector<ExprPtr>{},
        *takes == IterArgument::Generator);
    rewritten = true;
  }
  return rewritten;
}

void Sema::reportIteratorValue(const CallExpr &e, const std::string &name) {
  std::string call = name + "()";
  auto consumer = iteratorConsumers_.find(&e);
  if (consumer != iteratorConsumers_.end() && consumer->second == "len()") {
    error(e.loc(), "len() of " + call + " is a TypeError in Python: an iterator has no "
                                       "length; take the len() of what it iterates");
    return;
  }
  if (consumer != iteratorConsumers_.end()) {
    error(e.loc(), consumer->second + " does not iterate " + call + ": numpy would make a 0-d "
                   "object array of it; pass a list comprehension, as in " +
                   consumer->second.substr(0, consumer->second.size() - 1) + "[... for ... in " +
                   name + "(...)])");
    return;
  }
  if (name == "range") {
    error(e.loc(), "range() is only supported as the iterable of a for loop or comprehension, "
                   "in 'x in range(...)', or as the argument of list, sorted, min, max, sum, "
                   "any, all, set, len, a list's extend or a numpy function; to keep it, make "
                   "a list: list(range(...))");
    return;
  }
  error(e.loc(), call + " is only supported as the iterable of a for loop or comprehension, "
                 "or as the argument of list, sorted, min, max, sum, any, all, set or a list's "
                 "extend; to keep its items, make a list: list(" +
                 call.substr(0, call.size() - 1) + "...))");
}

bool Sema::expandSortedReverse(CallExpr &e) {
  if (!namesBuiltin(*e.callee, "sorted") || e.args.size() != 1)
    return false;
  size_t at = e.keywords.size();
  for (size_t i = 0; i < e.keywords.size(); ++i)
    if (e.keywords[i].name == "reverse")
      at = i;
  if (at == e.keywords.size())
    return false;
  // A set or dict is reversed as the list of its items (below): wait for a
  // round that knows the argument's type (a helper's parameter, a name
  // bound later in a loop) rather than slice a set.
  if (!isa<ComprehensionExpr>(e.args[0].get()) && typeOf(*e.args[0]) == Type::Unknown &&
      !reporting_)
    return false;
  auto *flag = dyn_cast<BoolLiteralExpr>(e.keywords[at].value.get());
  int64_t k;
  bool reverse = true;
  // A flag known only at run time (a parameter `reverse=False`) steps
  // through the data and the sorted list with -1 or 1, evaluated after
  // the data as CPython evaluates the keyword.
  ExprPtr runtimeFlag;
  if (flag)
    reverse = flag->value;
  else if (intConstant(e.keywords[at].value.get(), k))
    reverse = k != 0;
  else if (Type t = typeOf(*e.keywords[at].value);
           (t == Type::Bool || t == Type::Int) && copyPure(e.keywords[at].value.get()))
    runtimeFlag = std::move(e.keywords[at].value);
  else {
    if (t == Type::Bool || t == Type::Int)
      error(e.keywords[at].value->loc(),
            "sorted's reverse= must be a name or a constant in llcc (assign it to a name first)");
    else if (t != Type::Unknown)
      error(e.keywords[at].value->loc(),
            std::string("sorted's reverse= must be a bool or an int, not ") + typeName(t) +
                " (a TypeError in Python)");
    // Reported (in the reporting walk, the last): typed on as without it,
    // so that this is its only error.
    if (reporting_)
      e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(at));
    return false;
  }
  e.keywords.erase(e.keywords.begin() + static_cast<std::ptrdiff_t>(at));
  if (!reverse)
    return true;
  if (auto *c = dyn_cast<ComprehensionExpr>(e.args[0].get()))
    c->generator = false; // sliced below: the list of the generator's items
  SourceLoc loc = e.loc();
  // A set (or dict: its keys) is sliced as the list of its items, in
  // iteration order, which listsort reverses first as well.
  if (!isa<ComprehensionExpr>(e.args[0].get()) && isHashContainer(typeOf(*e.args[0]))) {
    SourceLoc aloc = e.args[0]->loc();
    std::vector<ExprPtr> items;
    items.push_back(std::move(e.args[0]));
    e.args[0] = std::make_unique<CallExpr>(aloc, std::make_unique<NameExpr>(aloc, "list"),
                                           std::move(items), std::vector<KeywordArg>{});
  }
  // The step of both slices: -1, or `-1 if flag else 1` (the flag is a
  // pure expression, read again by the second slice).
  auto reversed = [&](ExprPtr x) {
    SourceLoc xloc = x->loc();
    auto minusOne = [&] {
      return std::make_unique<UnaryExpr>(xloc, UnaryExpr::Op::Neg,
                                         std::make_unique<IntLiteralExpr>(xloc, 1));
    };
    ExprPtr step = minusOne();
    if (runtimeFlag) {
      ExprPtr again = copyPure(runtimeFlag.get());
      step = std::make_unique<IfExpExpr>(xloc, std::move(runtimeFlag), std::move(step),
                                         std::make_unique<IntLiteralExpr>(xloc, 1));
      runtimeFlag = std::move(again);
    }
    return std::make_unique<SubscriptExpr>(
        xloc, std::move(x), std::make_unique<SliceExpr>(xloc, nullptr, nullptr, std::move(step)));
  };
  e.args[0] = reversed(std::move(e.args[0]));
  auto inner = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                          std::move(e.keywords));
  // `e` becomes `list(sorted(x[::-1], key=...)[::-1])`: list() of the
  // reversed copy keeps `e` a call, as the parent expects.
  e.callee = std::make_unique<NameExpr>(loc, "list");
  e.args.clear();
  e.args.push_back(reversed(std::move(inner)));
  e.keywords.clear();
  return true;
}

/// A copy of `e` that reads the same array when evaluated again: names,
/// number literals, attributes (`w.T`), subscripts and slices,
/// arithmetic and comparisons, and calls of pure methods and numpy
/// functions (`.reshape(...)`, `np.abs(...)`) of those. Null for anything
/// else (another call may have side effects).
ExprPtr copyPure(const Expr *e) {
  if (!e)
    return nullptr;
  if (auto *n = dyn_cast<NameExpr>(e))
    return std::make_unique<NameExpr>(n->loc(), n->name);
  if (auto *i = dyn_cast<IntLiteralExpr>(e))
    return std::make_unique<IntLiteralExpr>(i->loc(), i->value, i->overflow);
  if (auto *f = dyn_cast<FloatLiteralExpr>(e))
    return std::make_unique<FloatLiteralExpr>(f->loc(), f->value);
  if (auto *u = dyn_cast<UnaryExpr>(e)) {
    ExprPtr operand = copyPure(u->operand.get());
    return operand ? std::make_unique<UnaryExpr>(u->loc(), u->op, std::move(operand)) : nullptr;
  }
  if (auto *b = dyn_cast<BinaryExpr>(e)) {
    ExprPtr lhs = copyPure(b->lhs.get()), rhs = copyPure(b->rhs.get());
    return lhs && rhs ? std::make_unique<BinaryExpr>(b->loc(), b->op, std::move(lhs),
                                                     std::move(rhs))
                      : nullptr;
  }
  if (auto *c = dyn_cast<CompareExpr>(e)) {
    std::vector<ExprPtr> operands;
    for (const ExprPtr &x : c->operands) {
      operands.push_back(copyPure(x.get()));
      if (!operands.back())
        return nullptr;
    }
    return std::make_unique<CompareExpr>(c->loc(), std::move(operands), c->ops);
  }
  if (auto *a = dyn_cast<AttributeExpr>(e)) {
    ExprPtr value = copyPure(a->value.get());
    return value ? std::make_unique<AttributeExpr>(a->loc(), std::move(value), a->attr) : nullptr;
  }
  if (auto *s = dyn_cast<SliceExpr>(e)) {
    ExprPtr parts[3];
    const Expr *from[3] = {s->start.get(), s->stop.get(), s->step.get()};
    for (int k = 0; k < 3; ++k)
      if (from[k] && !(parts[k] = copyPure(from[k])))
        return nullptr;
    return std::make_unique<SliceExpr>(s->loc(), std::move(parts[0]), std::move(parts[1]),
                                       std::move(parts[2]));
  }
  if (auto *t = dyn_cast<TupleExpr>(e)) {
    std::vector<ExprPtr> elements;
    for (const ExprPtr &x : t->elements) {
      elements.push_back(copyPure(x.get()));
      if (!elements.back())
        return nullptr;
    }
    return std::make_unique<TupleExpr>(t->loc(), std::move(elements));
  }
  if (auto *s = dyn_cast<SubscriptExpr>(e)) {
    ExprPtr value = copyPure(s->value.get()), index = copyPure(s->index.get());
    return value && index ? std::make_unique<SubscriptExpr>(s->loc(), std::move(value),
                                                            std::move(index))
                          : nullptr;
  }
  if (auto *c = dyn_cast<CallExpr>(e); c && c->args.size() == 1) {
    auto *view = dyn_cast<NameExpr>(c->callee.get());
    if (view && view->name == ViewBuiltin) { // a view the compiler wrote (SemaNumpyViews.cpp)
      ExprPtr arg = copyPure(c->args[0].get());
      if (!arg)
        return nullptr;
      std::vector<ExprPtr> args;
      args.push_back(std::move(arg));
      return std::make_unique<CallExpr>(c->loc(), std::make_unique<NameExpr>(view->loc(), view->name),
                                        std::move(args), std::vector<KeywordArg>{});
    }
  }
  if (auto *c = dyn_cast<CallExpr>(e); c && c->keywords.empty())
    if (auto *f = dyn_cast<NameExpr>(c->callee.get())) {
      // Python builtins that compute a number from their arguments alone
      // (len(values), int(n * 0.5)).
      static const char *const PureBuiltins[] = {"len", "int", "abs", "round", "min", "max"};
      if (std::find_if(std::begin(PureBuiltins), std::end(PureBuiltins),
                       [&](const char *b) { return f->name == b; }) == std::end(PureBuiltins))
        return nullptr;
      std::vector<ExprPtr> args;
      for (const ExprPtr &x : c->args) {
        args.push_back(copyPure(x.get()));
        if (!args.back())
          return nullptr;
      }
      return std::make_unique<CallExpr>(c->loc(), std::make_unique<NameExpr>(f->loc(), f->name),
                                        std::move(args), std::vector<KeywordArg>{});
    }
  if (auto *c = dyn_cast<CallExpr>(e)) {
    // Methods and numpy functions that make a new array or view from
    // their arguments and change nothing else (not sort, append, pop).
    static const char *const Pure[] = {"reshape", "astype", "ravel",   "flatten", "copy",
                                       "transpose", "abs",  "absolute", "sqrt",   "square",
                                       "exp",     "log",    "clip",    "minimum", "maximum",
                                       "round",   "floor",  "ceil",    "where",   "isnan"};
    auto *method = dyn_cast<AttributeExpr>(c->callee.get());
    bool pure = false;
    for (const char *name : Pure)
      pure |= method && method->attr == name;
    if (!pure || !c->keywords.empty())
      return nullptr;
    ExprPtr callee = copyPure(method);
    std::vector<ExprPtr> args;
    for (const ExprPtr &a : c->args) {
      args.push_back(copyPure(a.get()));
      if (!args.back())
        return nullptr;
    }
    return callee ? std::make_unique<CallExpr>(c->loc(), std::move(callee), std::move(args),
                                               std::vector<KeywordArg>{})
                  : nullptr;
  }
  return nullptr;
}

/// np.nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None) of a
/// float array is numpy's replacement written with np.where: NaN by `nan`,
/// +inf by `posinf` (float64's largest finite value unless given), -inf by
/// `neginf`, every other element (-0.0 included) kept; of a float number
/// the same choice as a conditional expression, a numpy.float64 as numpy
/// returns; of ints and bools the value itself (numpy returns a copy of an
/// array, which reads the same). x is evaluated once per use, so it must
/// be a name, a literal or another expression without effects. 1
/// rewritten, -1 reported, 0 not such a call, 2 x not typed yet (the
/// caller leaves the call unknown for a later round).
int Sema::expandNanToNum(CallExpr &e) {
  if (!callsNumpy(e, "nan_to_num") || !isa<AttributeExpr>(e.callee.get()))
    return 0;
  SourceLoc loc = e.loc();
  auto fail = [&](SourceLoc at, const std::string &message) {
    for (auto &a : e.args)
      typeOf(*a);
    for (KeywordArg &k : e.keywords)
      typeOf(*k.value);
    error(at, message);
    return -1;
  };
  if (e.args.empty() || e.args.size() > 2)
    return fail(loc, "np.nan_to_num takes x, copy=True, nan=0.0, posinf=None, neginf=None");
  for (KeywordArg &k : e.keywords)
    if (k.name != "nan" && k.name != "posinf" && k.name != "neginf" && k.name != "copy")
      return fail(k.loc, "np.nan_to_num has no parameter '" + k.name + "'");
  Expr &x = *e.args[0];
  Type t = typeOf(x);
  if (t == Type::Unknown)
    return 2; // nothing moved: the call is rewritten in a later round
  if (isIntegral(t) || t == Type::IntArray || t == Type::BoolArray) {
    // Nothing to replace: a copy of an array (np.copy), an int or a bool
    // as itself (int(x), bool(x)).
    ExprPtr value = std::move(e.args[0]);
    e.args.clear();
    e.args.push_back(std::move(value));
    e.keywords.clear();
    if (isIntegral(t))
      e.callee = std::make_unique<NameExpr>(loc, t == Type::Bool ? "bool" : "int");
    else
      cast<AttributeExpr>(*e.callee).attr = "copy";
    return 1;
  }
  if (t != Type::Float && t != Type::IntOrFloat && t != Type::FloatArray)
    return fail(x.loc(), std::string("np.nan_to_num of a ") + typeName(t) +
                             " is not supported; give it a float or an array");
  auto copies = [&]() { return copyPure(&x); };
  if (!copies())
    return fail(x.loc(), "np.nan_to_num of this expression is not supported; assign it to a "
                         "variable first (x = ...; np.nan_to_num(x))");
  // Checked: the keywords' values move into the rewritten call.
  ExprPtr nanValue, posValue, negValue;
  for (KeywordArg &k : e.keywords) {
    ExprPtr *slot = k.name == "nan"      ? &nanValue
                    : k.name == "posinf" ? &posValue
                    : k.name == "neginf" ? &negValue
                                         : nullptr;
    if (slot && !isa<NoneLiteralExpr>(k.value.get()))
      *slot = std::move(k.value);
  }
  if (!nanValue)
    nanValue = std::make_unique<FloatLiteralExpr>(loc, 0.0);
  if (!posValue)
    posValue = std::make_unique<FloatLiteralExpr>(loc, std::numeric_limits<double>::max());
  if (!negValue)
    negValue = std::make_unique<FloatLiteralExpr>(loc, -std::numeric_limits<double>::max());
  auto infinity = [&](bool negative) -> ExprPtr {
    ExprPtr inf = std::make_unique<FloatLiteralExpr>(loc, std::numeric_limits<double>::infinity());
    if (negative)
      inf = std::make_unique<UnaryExpr>(loc, UnaryExpr::Op::Neg, std::move(inf));
    return inf;
  };
  auto compare = [&](CompareOp op, ExprPtr lhs, ExprPtr rhs) -> ExprPtr {
    std::vector<ExprPtr> operands;
    operands.push_back(std::move(lhs));
    operands.push_back(std::move(rhs));
    return std::make_unique<CompareExpr>(loc, std::move(operands), std::vector<CompareOp>{op});
  };
  bool array = t == Type::FloatArray;
  auto choose = [&](ExprPtr cond, ExprPtr then, ExprPtr otherwise) -> ExprPtr {
    if (!array)
      return std::make_unique<IfExpExpr>(loc, std::move(cond), std::move(then),
                                         std::move(otherwise));
    std::vector<ExprPtr> args;
    args.push_back(std::move(cond));
    args.push_back(std::move(then));
    args.push_back(std::move(otherwise));
    auto where = std::make_unique<AttributeExpr>(
        loc, copyPure(cast<AttributeExpr>(*e.callee).value.get()), "where");
    return std::make_unique<CallExpr>(loc, std::move(where), std::move(args),
                                      std::vector<KeywordArg>{});
  };
  ExprPtr chosen =
      choose(compare(CompareOp::Ne, copies(), copies()), std::move(nanValue),
             choose(compare(CompareOp::Eq, copies(), infinity(false)), std::move(posValue),
                    choose(compare(CompareOp::Eq, copies(), infinity(true)), std::move(negValue),
                           copies())));
  // An array: the outer np.where call in the call's place; a number: a
  // numpy.float64 of the choice, as numpy returns one.
  std::vector<ExprPtr> args;
  if (array) {
    auto &outer = cast<CallExpr>(*chosen);
    e.callee = std::move(outer.callee);
    e.args = std::move(outer.args);
  } else {
    args.push_back(std::move(chosen));
    e.callee = std::make_unique<AttributeExpr>(
        loc, copyPure(cast<AttributeExpr>(*e.callee).value.get()), "float64");
    e.args = std::move(args);
  }
  e.keywords.clear();
  return 1;
}

/// Whether `call` names numpy's `function`, as `np.NAME` (numpy imported
/// under any alias) or as a name imported from numpy, not shadowed.
bool Sema::callsNumpy(const CallExpr &call, const char *function) {
  if (auto *attr = dyn_cast<AttributeExpr>(call.callee.get())) {
    auto *base = dyn_cast<NameExpr>(attr->value.get());
    if (!base || attr->attr != function || locals_.count(base->name))
      return false;
    auto it = moduleAliases_.find(base->name);
    return it != moduleAliases_.end() && it->second == "numpy";
  }
  auto *name = dyn_cast<NameExpr>(call.callee.get());
  if (!name || locals_.count(name->name) || functions_.count(name->name) ||
      constants_.count(name->name))
    return false;
  auto from = fromNames_.find(name->name);
  return from != fromNames_.end() && from->second == std::string("numpy.") + function;
}

/// np.clip(a, lo, None) and np.clip(a, None, hi), as numpy 1.24's _clip
/// computes them: a scalar NaN bound is replaced by an infinity (a
/// deprecated rule it still applies), then np.maximum / np.minimum, which
/// pick the bound on ties and keep a NaN of a, as clip's own loop does. So a
/// float clip is np.clip(a, lo, inf) (llcc's clip ignores a NaN bound); an
/// int array or int between int bounds stays np.maximum / np.minimum, whose
/// result is an int. Both None is numpy's ValueError on every call, so a
/// compile error. 1 rewritten, -1 reported, 0 not such a call, 2 not
/// typed yet.
int Sema::expandClipNone(CallExpr &e) {
  // a.clip(lo, None), made np.clip(a, lo, None) (typeOfLibraryMethod).
  bool method = libraryMethods_.count(&e) && e.builtin == "numpy.clip";
  if ((!method && (!callsNumpy(e, "clip") || !isa<AttributeExpr>(e.callee.get()))) ||
      e.args.size() != 3 || !e.keywords.empty())
    return 0;
  bool noLow = isa<NoneLiteralExpr>(e.args[1].get());
  bool noHigh = isa<NoneLiteralExpr>(e.args[2].get());
  if (!noLow && !noHigh)
    return 0;
  if (noLow && noHigh) {
    typeOf(*e.args[0]);
    error(e.loc(), "One of max or min must be given (numpy raises ValueError for np.clip(a, "
                   "None, None))");
    return -1;
  }
  Type ta = typeOf(*e.args[0]), tb = typeOf(*e.args[noLow ? 2 : 1]);
  if (ta == Type::Unknown || tb == Type::Unknown)
    return 2;
  size_t none = noLow ? 1 : 2;
  if ((ta == Type::IntArray || isIntegral(ta)) && isIntegral(tb)) {
    if (method)
      e.builtin = noLow ? "numpy.minimum" : "numpy.maximum";
    else
      cast<AttributeExpr>(*e.callee).attr = noLow ? "minimum" : "maximum";
    e.args.erase(e.args.begin() + static_cast<long>(none));
    return 1;
  }
  SourceLoc at = e.args[none]->loc();
  ExprPtr inf = std::make_unique<FloatLiteralExpr>(at, std::numeric_limits<double>::infinity());
  if (noLow)
    inf = std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Neg, std::move(inf));
  e.args[none] = std::move(inf);
  return 1;
}

/// np.select([c0, c1, ...], [x0, x1, ...], default=d) with both lists
/// written in place is np.where(c0, x0, np.where(c1, x1, ... d)): numpy
/// takes, element by element, the choice of the first true condition, else
/// the default (0 when not given), in the common type of the choices and
/// the default, as nested np.where gives it. 1 rewritten, 0 not such a call,
/// 2 not typed yet, -1 reported.
int Sema::expandSelect(CallExpr &e) {
  auto *callee = dyn_cast<AttributeExpr>(e.callee.get());
  if (!callsNumpy(e, "select") || !callee)
    return 0;
  ExprPtr dflt;
  if (e.args.size() == 3)
    dflt = std::move(e.args[2]);
  for (KeywordArg &k : e.keywords) {
    if (k.name == "default" && !dflt) {
      dflt = std::move(k.value);
      continue;
    }
    error(k.loc, "keyword argument '" + k.name +
                     "' is not supported for np.select; its "
                     "parameters in llcc are (condlist, choicelist, default=0)");
    return -1;
  }
  e.keywords.clear();
  auto elementsOf = [](Expr *x) -> std::vector<ExprPtr> * {
    if (auto *l = llvm::dyn_cast_or_null<ListExpr>(x))
      return &l->elements;
    if (auto *t = llvm::dyn_cast_or_null<TupleExpr>(x))
      return &t->elements;
    return nullptr;
  };
  std::vector<ExprPtr> *conds = e.args.size() >= 2 ? elementsOf(e.args[0].get()) : nullptr;
  std::vector<ExprPtr> *choices = e.args.size() >= 2 ? elementsOf(e.args[1].get()) : nullptr;
  // A name lowerSelectLists kept (and no argument of another kind): the
  // rule the name broke.
  bool listsOrNames = e.args.size() >= 2 && e.args.size() <= 3;
  for (size_t i = 0; i < 2 && i < e.args.size(); ++i)
    listsOrNames &= elementsOf(e.args[i].get()) || isa<NameExpr>(e.args[i].get());
  if (auto why = selectListWhy_.find(&e); why != selectListWhy_.end() && listsOrNames) {
    error(e.loc(), "np.select takes its conditions and choices as lists written in place, or "
                   "as local names bound only to list displays of one length and read "
                   "only by np.select, in llcc; " +
                       why->second + " (write the list in place in the call)");
    return -1;
  }
  if (e.args.size() < 2 || e.args.size() > 3 || !conds || !choices) {
    error(e.loc(), "np.select takes its conditions and choices as lists written in place in "
                   "llcc, as in np.select([a < 0, a < 1], [a ** 2, a], default=1.0)");
    return -1;
  }
  if (conds->size() != choices->size()) {
    error(e.loc(), "ValueError: list of cases must be same length as list of conditions "
                   "(numpy raises this)");
    return -1;
  }
  if (conds->empty()) {
    error(e.loc(), "ValueError: select with an empty condition list is not possible (numpy "
                   "raises this)");
    return -1;
  }
  for (size_t i = 0; i < conds->size(); ++i) {
    Type t = typeOf(*(*conds)[i]);
    if (t == Type::Unknown)
      return 2;
    if (t != Type::Bool && t != Type::BoolArray) {
      error((*conds)[i]->loc(), "TypeError: invalid entry " + std::to_string(i) +
                                    " in condlist: should be boolean ndarray (numpy raises "
                                    "this); compare, as in a > 0");
      return -1;
    }
  }
  SourceLoc loc = e.loc();
  ExprPtr result = dflt ? std::move(dflt) : std::make_unique<IntLiteralExpr>(loc, 0);
  for (size_t i = conds->size(); i-- > 1;) {
    ExprPtr where = copyPure(callee->value.get());
    std::vector<ExprPtr> args;
    args.push_back(std::move((*conds)[i]));
    args.push_back(std::move((*choices)[i]));
    args.push_back(std::move(result));
    result = std::make_unique<CallExpr>(
        loc, std::make_unique<AttributeExpr>(loc, std::move(where), "where"), std::move(args),
        std::vector<KeywordArg>{});
  }
  ExprPtr c0 = std::move((*conds)[0]), x0 = std::move((*choices)[0]);
  e.args.clear();
  e.args.push_back(std::move(c0));
  e.args.push_back(std::move(x0));
  e.args.push_back(std::move(result));
  callee->attr = "where";
  return 1;
}

/// np.where(c, a, b) of three numbers is a 0-d array numpy makes of
/// whichever of a and b c picks, both converted to their common type:
/// np.float64(a if c else b), or np.int64(...) of two ints, with the
/// conditional eager: Python computes c, a and b (any of them may raise)
/// before numpy picks. 1 rewritten, 0 not such a call, 2 not typed yet.
int Sema::expandWhereNumbers(CallExpr &e) {
  auto *callee = dyn_cast<AttributeExpr>(e.callee.get());
  if (!callsNumpy(e, "where") || !callee || e.args.size() != 3 || !e.keywords.empty())
    return 0;
  Type tc = typeOf(*e.args[0]), ta = typeOf(*e.args[1]), tb = typeOf(*e.args[2]);
  if (tc == Type::Unknown || ta == Type::Unknown || tb == Type::Unknown)
    return 2;
  if (!isNumeric(tc) || !isNumeric(ta) || !isNumeric(tb) || ta == Type::Bool || tb == Type::Bool)
    return 0;
  SourceLoc loc = e.loc();
  bool ints = ta == Type::Int && tb == Type::Int;
  auto pick = std::make_unique<IfExpExpr>(loc, std::move(e.args[0]), std::move(e.args[1]),
                                          std::move(e.args[2]));
  pick->eager = true;
  e.args.clear();
  e.args.push_back(std::move(pick));
  callee->attr = ints ? "int64" : "float64";
  return 1;
}

/// `np.zeros((n, n))` of sizes known only at run time: a block,
/// `np.zeros(n * n if n >= 0 and n >= 0 else -1).reshape(n, n)` (a negative
/// size raises numpy's 'negative dimensions are not allowed' in np.zeros,
/// as numpy checks each). The sizes are evaluated twice, so they must read
/// the same value again (copyPure). 1 rewritten, 2 not typed yet, 0 not
/// such a shape (constants, three dimensions, or sizes that are not pure).
int Sema::expandRuntimeShape(CallExpr &e, TupleExpr &shape, const char *which) {
  if (shape.elements.size() != 2)
    return 0;
  int64_t v;
  if (compileTimeInt(shape.elements[0].get(), v) && compileTimeInt(shape.elements[1].get(), v))
    return 0;
  for (auto &d : shape.elements) {
    Type t = typeOf(*d);
    if (t == Type::Unknown)
      return 2;
    if (!isIntegral(t))
      return 0; // the constant path reports it
  }
  ExprPtr r = copyPure(shape.elements[0].get()), c = copyPure(shape.elements[1].get());
  ExprPtr r2 = copyPure(shape.elements[0].get()), c2 = copyPure(shape.elements[1].get());
  if (!r || !c || !r2 || !c2)
    return 0;
  SourceLoc loc = e.loc();
  auto nonNegative = [&](ExprPtr x) {
    std::vector<ExprPtr> ops;
    ops.push_back(std::move(x));
    ops.push_back(std::make_unique<IntLiteralExpr>(loc, 0));
    return std::make_unique<CompareExpr>(loc, std::move(ops),
                                         std::vector<CompareOp>{CompareOp::Ge});
  };
  auto product = std::make_unique<BinaryExpr>(loc, BinaryOp::Mul, std::move(shape.elements[0]),
                                              std::move(shape.elements[1]));
  auto both = std::make_unique<BinaryExpr>(loc, BinaryOp::And, nonNegative(std::move(r2)),
                                           nonNegative(std::move(c2)));
  ExprPtr minusOne = std::make_unique<UnaryExpr>(loc, UnaryExpr::Op::Neg,
                                                 std::make_unique<IntLiteralExpr>(loc, 1));
  e.args[0] =
      std::make_unique<IfExpExpr>(loc, std::move(both), std::move(product), std::move(minusOne));
  auto inner = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                          std::move(e.keywords));
  e.callee = std::make_unique<AttributeExpr>(loc, std::move(inner), "reshape");
  e.args.clear();
  e.args.push_back(std::move(r));
  e.args.push_back(std::move(c));
  e.keywords.clear();
  return 1;
}

/// `np.zeros((3, 3))`, `np.ones((h, w), dtype=int)`, `np.full((2, 4), x)`:
/// a new array of a constant shape is the 1-D array of its size reshaped,
/// `np.zeros(9).reshape(3, 3)`, which is numpy's array too (C order, a
/// view of a new buffer, so writes `g[i, j] = v` go to it). A shape of one
/// dimension `(n,)` is n. 1 rewritten, -1 reported, 0 not such a call.
int Sema::expandShapedConstructor(CallExpr &e) {
  static const char *const Constructors[] = {"zeros", "ones", "empty", "full"};
  const char *which = nullptr;
  for (const char *c : Constructors)
    if (callsNumpy(e, c))
      which = c;
  if (!which || e.args.empty())
    return 0;
  auto *shape = dyn_cast<TupleExpr>(e.args[0].get());
  if (!shape)
    return 0;
  SourceLoc loc = e.loc();
  if (shape->elements.size() == 1) {
    ExprPtr n = std::move(shape->elements[0]);
    e.args[0] = std::move(n);
    return 1;
  }
  std::vector<int64_t> dims;
  int64_t total = 1;
  if (int runtime = expandRuntimeShape(e, *shape, which))
    return runtime;
  for (auto &d : shape->elements) {
    int64_t v;
    if (!compileTimeInt(d.get(), v) || v < 0 || v > (int64_t(1) << 24)) {
      if (shape->elements.size() == 2)
        error(d->loc(), std::string("np.") + which +
                            " of two sizes known only at run time takes sizes that read "
                            "variables (np." +
                            which + "((n, n)), np." + which +
                            "((rows, n + 1))); assign this size to a name first");
      else
        error(d->loc(), std::string("np.") + which +
                            " of three dimensions needs constant sizes (np." + which +
                            "((3, 3, 3)), a module constant), as reshape does");
      return -1;
    }
    dims.push_back(v);
    total *= v;
  }
  if (total > (int64_t(1) << 31)) {
    error(shape->loc(), std::string("np.") + which + " of " + std::to_string(total) +
                            " elements is too large for a filter's local array");
    return -1;
  }
  std::vector<ExprPtr> sizes;
  for (int64_t d : dims)
    sizes.push_back(std::make_unique<IntLiteralExpr>(loc, d));
  e.args[0] = std::make_unique<IntLiteralExpr>(loc, total);
  auto inner = std::make_unique<CallExpr>(loc, std::move(e.callee), std::move(e.args),
                                          std::move(e.keywords));
  e.callee = std::make_unique<AttributeExpr>(loc, std::move(inner), "reshape");
  e.args = std::move(sizes);
  e.keywords.clear();
  return 1;
}

} // namespace sema
} // namespace llcc
