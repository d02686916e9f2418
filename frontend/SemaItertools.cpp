//===- SemaItertools.cpp - itertools, and with np.errstate ----------------===//
//
// itertools.combinations, permutations, product and pairwise yield tuples in
// an order Python documents exactly; each call becomes, where typeOfCall
// first meets it, the list comprehension that makes the same tuples in the
// same order, which llcc compiles as any list of tuples (loops, unpacking,
// comprehensions, consumers):
//
//   combinations(p, 2)   [(a, b) for i, a in enumerate(p) for b in p[i + 1:]]
//   permutations(p, 2)   [(a, b) for i, a in enumerate(p)
//                                for j, b in enumerate(p) if j != i]
//   product(x, y)        [(a, b) for a in x for b in y]
//   product(x, repeat=2) product(x, x)
//   pairwise(p)          [(a, b) for a, b in zip(p, p[1:])] (of an array or
//                        list; else by enumerate with j == i + 1)
//
// Python reads each iterable once; the comprehension reads it again for each
// clause, which gives the same values when the iterable is an expression
// without calls that change anything (a name, a slice, a tuple, range(n)):
// other iterables are refused with a hint to name them first. A pool that
// is not an array or list (a tuple, set, dict or range) takes the
// enumerate form with index conditions.
// The list is made whole where Python's iterator yields lazily: only
// len() of it differs (a TypeError in Python), and llcc refuses that.
//
// `with np.errstate(divide="ignore"):` is parsed as `if llcc.with(...):`
// (Window.h's WithBuiltin); numpy's error settings decide only whether it
// warns, which changes no value, so the block runs as written. Only
// 'raise' would change what happens (FloatingPointError), and is refused.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>

namespace llcc {
namespace sema {

namespace {

/// An expression read once per clause: copyPure's, plus range(...) and
/// list displays of such expressions.
ExprPtr reread(const Expr *e) {
  if (ExprPtr copy = copyPure(e))
    return copy;
  if (auto *list = dyn_cast<ListExpr>(e)) {
    std::vector<ExprPtr> elements;
    for (const ExprPtr &x : list->elements) {
      elements.push_back(reread(x.get()));
      if (!elements.back())
        return nullptr;
    }
    return std::make_unique<ListExpr>(list->loc(), std::move(elements));
  }
  auto *call = dyn_cast<CallExpr>(e);
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  if (!callee || callee->name != "range" || !call->keywords.empty() || call->starred)
    return nullptr;
  std::vector<ExprPtr> args;
  for (const ExprPtr &a : call->args) {
    args.push_back(copyPure(a.get()));
    if (!args.back())
      return nullptr;
  }
  return std::make_unique<CallExpr>(call->loc(), std::make_unique<NameExpr>(callee->loc(), "range"),
                                    std::move(args), std::vector<KeywordArg>{});
}

ExprPtr name(SourceLoc at, const std::string &n) { return std::make_unique<NameExpr>(at, n); }

ExprPtr tupleOf(SourceLoc at, std::vector<ExprPtr> elements) {
  return std::make_unique<TupleExpr>(at, std::move(elements));
}

ExprPtr callOf(SourceLoc at, const char *function, std::vector<ExprPtr> args) {
  return std::make_unique<CallExpr>(at, name(at, function), std::move(args),
                                    std::vector<KeywordArg>{});
}

} // namespace

/// "itertools.combinations" for `itertools.combinations(...)` (any alias)
/// or `combinations(...)` after `from itertools import combinations`; ""
/// for any other call.
std::string Sema::itertoolsFunction(const CallExpr &e) {
  if (auto *attr = dyn_cast<AttributeExpr>(e.callee.get())) {
    auto *base = dyn_cast<NameExpr>(attr->value.get());
    if (!base || locals_.count(base->name))
      return "";
    auto it = moduleAliases_.find(base->name);
    return it != moduleAliases_.end() && it->second == "itertools" ? "itertools." + attr->attr
                                                                     : "";
  }
  auto *n = dyn_cast<NameExpr>(e.callee.get());
  if (!n || locals_.count(n->name) || functions_.count(n->name) || constants_.count(n->name))
    return "";
  auto it = fromNames_.find(n->name);
  return it != fromNames_.end() && it->second.rfind("itertools.", 0) == 0 ? it->second : "";
}

/// The rewrite above: 1 when `e` became the comprehension (wrapped as a
/// view, ViewBuiltin, since the parent holds a call), -1 when reported, 0
/// for other calls.
int Sema::expandItertools(CallExpr &e) {
  std::string function = itertoolsFunction(e);
  if (function.empty())
    return 0;
  std::string shown = function.substr(std::string("itertools.").size());
  SourceLoc at = e.loc();
  auto fail = [&](SourceLoc where, const std::string &message) {
    for (auto &a : e.args)
      typeOf(*a);
    error(where, message);
    return -1;
  };

  // The arguments by name: r= (combinations, permutations), repeat= (product).
  const Expr *r = nullptr;
  int64_t repeat = 1;
  for (KeywordArg &k : e.keywords) {
    if (k.name == "r" && (shown == "combinations" || shown == "permutations") && !r)
      r = k.value.get();
    else if (k.name == "repeat" && shown == "product") {
      if (!intConstant(k.value.get(), repeat) || repeat < 1 || repeat > 4)
        return fail(k.loc, "itertools.product's repeat= must be a constant from 1 to 4 in llcc");
    } else
      return fail(k.loc, "keyword argument '" + k.name + "' is not supported for itertools." +
                             shown);
  }

  std::string prefix = "itertools." + std::to_string(at.line) + "." + std::to_string(at.col);
  auto var = [&](const char *kind, size_t k) { return prefix + kind + std::to_string(k); };
  ExprPtr element;
  ExprPtr firstTarget, firstIter;
  std::vector<ExprPtr> firstConds;
  std::vector<ComprehensionClause> inner;
  auto addClause = [&](ExprPtr target, ExprPtr iter, std::vector<ExprPtr> conds) {
    if (!firstTarget) {
      firstTarget = std::move(target);
      firstIter = std::move(iter);
      firstConds = std::move(conds);
      return;
    }
    ComprehensionClause c;
    c.target = std::move(target);
    c.iter = std::move(iter);
    c.conds = std::move(conds);
    inner.push_back(std::move(c));
  };
  auto again = [&](const ExprPtr &pool) -> ExprPtr { return reread(pool.get()); };
  auto rereadFails = [&](const Expr &pool) {
    return fail(pool.loc(), "itertools." + shown +
                                " reads its iterable more than once in llcc, so it must be a "
                                "name or an expression without calls; name it first (p = "
                                "sorted(values)) and pass the name");
  };
  auto takes = [&](const char *signature) {
    return fail(at, "itertools." + shown + " takes " + signature);
  };

  if (shown == "pairwise") {
    if (e.args.size() != 1)
      return takes("(iterable)");
    ExprPtr second = again(e.args[0]);
    if (!second)
      return rereadFails(*e.args[0]);
    std::vector<ExprPtr> pair;
    for (size_t k = 0; k < 2; ++k)
      pair.push_back(name(at, var("v", k)));
    if (isArray(typeOf(*e.args[0]))) { // zip(p, p[1:])
      std::vector<ExprPtr> zipArgs, targets;
      zipArgs.push_back(std::move(e.args[0]));
      zipArgs.push_back(std::make_unique<SubscriptExpr>(
          at, std::move(second),
          std::make_unique<SliceExpr>(at, std::make_unique<IntLiteralExpr>(at, 1), nullptr,
                                      nullptr)));
      for (size_t k = 0; k < 2; ++k)
        targets.push_back(name(at, var("v", k)));
      addClause(tupleOf(at, std::move(targets)), callOf(at, "zip", std::move(zipArgs)), {});
    } else { // a tuple, set, dict or range: neighbours by their positions
      ExprPtr pools[2] = {std::move(e.args[0]), std::move(second)};
      for (size_t k = 0; k < 2; ++k) {
        std::vector<ExprPtr> target, args, conds;
        target.push_back(name(at, var("i", k)));
        target.push_back(name(at, var("v", k)));
        args.push_back(std::move(pools[k]));
        if (k == 1) {
          std::vector<ExprPtr> operands;
          operands.push_back(name(at, var("i", 1)));
          operands.push_back(std::make_unique<BinaryExpr>(at, BinaryOp::Add, name(at, var("i", 0)),
                                                          std::make_unique<IntLiteralExpr>(at, 1)));
          conds.push_back(std::make_unique<CompareExpr>(at, std::move(operands),
                                                        std::vector<CompareOp>{CompareOp::Eq}));
        }
        addClause(tupleOf(at, std::move(target)), callOf(at, "enumerate", std::move(args)),
                  std::move(conds));
      }
    }
    element = tupleOf(at, std::move(pair));
  } else if (shown == "product") {
    if (e.args.empty())
      return takes("(*iterables, repeat=1)");
    std::vector<ExprPtr> pools;
    for (int64_t k = 0; k < repeat; ++k)
      for (auto &a : e.args) {
        pools.push_back(k == 0 && &a == &e.args[0] ? nullptr : again(a));
        if (!(k == 0 && &a == &e.args[0]) && !pools.back())
          return rereadFails(*a);
      }
    pools[0] = std::move(e.args[0]);
    std::vector<ExprPtr> values;
    for (size_t k = 0; k < pools.size(); ++k) {
      addClause(name(at, var("v", k)), std::move(pools[k]), {});
      values.push_back(name(at, var("v", k)));
    }
    element = tupleOf(at, std::move(values));
  } else if (shown == "combinations" || shown == "permutations") {
    if (e.args.size() > 2 || e.args.empty() || (e.args.size() == 2 && r))
      return takes("(iterable, r)");
    if (e.args.size() == 2)
      r = e.args[1].get();
    int64_t count = 0;
    if (!r || !intConstant(r, count) || count < 1 || count > 4)
      return fail(r ? r->loc() : at, "itertools." + shown +
                                         " needs a constant r from 1 to 4 in llcc, as in " +
                                         shown + "(values, 2)");
    // A pool that slices (an array, list or tuple) gives each later clause
    // the rest of it; a set, dict or range is enumerated whole with index
    // conditions.
    Type poolType = typeOf(*e.args[0]);
    bool slices = isArray(poolType);
    bool combinations = shown == "combinations";
    std::vector<ExprPtr> pools;
    for (int64_t k = 1; k < count; ++k) {
      pools.push_back(again(e.args[0]));
      if (!pools.back())
        return rereadFails(*e.args[0]);
    }
    pools.insert(pools.begin(), std::move(e.args[0]));
    std::vector<ExprPtr> values;
    for (int64_t k = 0; k < count; ++k) {
      ExprPtr pool = std::move(pools[k]);
      std::vector<ExprPtr> conds;
      ExprPtr iter;
      if (combinations && slices && k > 0) {
        // enumerate(p[i + 1:], i + 1): the indices stay those of p.
        auto start = [&] {
          return std::make_unique<BinaryExpr>(at, BinaryOp::Add, name(at, var("i", k - 1)),
                                              std::make_unique<IntLiteralExpr>(at, 1));
        };
        std::vector<ExprPtr> args;
        args.push_back(std::make_unique<SubscriptExpr>(
            at, std::move(pool), std::make_unique<SliceExpr>(at, start(), nullptr, nullptr)));
        args.push_back(start());
        iter = callOf(at, "enumerate", std::move(args));
      } else {
        std::vector<ExprPtr> args;
        args.push_back(std::move(pool));
        iter = callOf(at, "enumerate", std::move(args));
        for (int64_t j = 0; j < k; ++j) {
          if (combinations && j + 1 < k)
            continue; // i_k > i_(k-1) > ... already
          std::vector<ExprPtr> operands;
          operands.push_back(name(at, var("i", k)));
          operands.push_back(name(at, var("i", j)));
          conds.push_back(std::make_unique<CompareExpr>(
              at, std::move(operands),
              std::vector<CompareOp>{combinations ? CompareOp::Gt : CompareOp::Ne}));
        }
      }
      std::vector<ExprPtr> target;
      target.push_back(name(at, var("i", k)));
      target.push_back(name(at, var("v", k)));
      addClause(tupleOf(at, std::move(target)), std::move(iter), std::move(conds));
      values.push_back(name(at, var("v", k)));
    }
    element = tupleOf(at, std::move(values));
  } else if (shown == "groupby") {
    // The for loops over it are rewritten before typing (SemaGroupby.cpp).
    return fail(at, "llcc compiles itertools.groupby as the iterable of a for loop (for k, g in "
                    "groupby(xs): n = len(list(g))); write the loop");
  } else {
    return fail(at, "'" + function +
                        "' is not supported; llcc compiles itertools.combinations, "
                        "permutations, product, pairwise and accumulate");
  }

  auto list = std::make_unique<ComprehensionExpr>(at, std::move(element), std::move(firstTarget),
                                                  std::move(firstIter), std::move(firstConds),
                                                  false);
  list->inner = std::move(inner);
  becomeView(e, std::move(list));
  return 1;
}

/// The contexts of a `with` statement: np.errstate(...) with settings that
/// only warn or ignore. True (the block runs).
Type Sema::typeOfWithContexts(CallExpr &e) {
  e.builtin = WithBuiltin;
  static const char *const Categories[] = {"all", "divide", "over", "under", "invalid"};
  static const char *const Quiet[] = {"ignore", "warn", "print", "log", "call"};
  for (auto &context : e.args) {
    auto *call = dyn_cast<CallExpr>(context.get());
    auto *attr = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
    auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
    auto alias =
        base && !locals_.count(base->name) ? moduleAliases_.find(base->name) : moduleAliases_.end();
    if (alias == moduleAliases_.end() || alias->second != "numpy" || attr->attr != "errstate" ||
        !call->args.empty()) {
      error(context->loc(), "a with statement is supported only for np.errstate(...) in llcc "
                            "(numpy's warnings change no value); write the block without it");
      continue;
    }
    for (KeywordArg &k : call->keywords) {
      auto *value = dyn_cast<StringLiteralExpr>(k.value.get());
      bool category =
          std::find_if(std::begin(Categories), std::end(Categories),
                       [&](const char *c) { return k.name == c; }) != std::end(Categories);
      bool quiet = value && std::find_if(std::begin(Quiet), std::end(Quiet), [&](const char *q) {
                              return value->value == q;
                            }) != std::end(Quiet);
      if (!category || !quiet)
        error(k.loc, "np.errstate takes all=, divide=, over=, under= and invalid= set to "
                     "'ignore', 'warn', 'print', 'log' or 'call' in llcc ('raise' would make "
                     "numpy raise FloatingPointError, which llcc does not)");
    }
  }
  return Type::Bool;
}

} // namespace sema
} // namespace llcc
