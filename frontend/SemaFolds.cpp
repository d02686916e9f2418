//===- SemaFolds.cpp - functools.reduce and itertools.accumulate ----------===//
//
// Both are left folds, and CPython's definitions of them are loops:
// reduce is exactly `acc = f(acc, x)` over the iterable, accumulate the
// same loop yielding each `acc`. So, before the functions are collected,
// each call becomes the call of a nested def made for it (the design of
// SemaNext.cpp's next()), whose body is that loop:
//
//   functools.reduce(f, it, init)         llcc.reduce.1(init, <reads of it>)
//   def llcc.reduce.1(llcc.initial, ...):
//       llcc.acc = llcc.initial
//       for llcc.item in it:
//           llcc.acc = f(llcc.acc, llcc.item)
//       return llcc.acc
//
// Without an initial value the first item starts the accumulator (a flag
// says whether one came), and an empty iterable raises CPython's
// `TypeError: reduce() of empty iterable with no initial value`.
// itertools.accumulate(it, f, initial=i) is the same loop appending each
// accumulator to a list the helper returns (`[]`, or `[i]` with an
// initial value), which llcc uses as any list a helper returns (for
// loops, list(), max(), sum(), ...); f defaults to `+`.
//
// A helper rather than a rewrite into an expression: a fold's accumulator
// is a variable that may take an int and then a float, and a statement
// loop is where llcc's inference already types such a variable as
// Python's values are (the join of what is assigned to it), exactly as a
// user's own `acc = 0; for v in values: acc = f(acc, v)` is typed. The
// helper's loop runs in order, left to right, one item at a time, as
// CPython's does: a running sum is sequential float addition, never a
// pairwise one.
//
// The function may be a lambda of two parameters (it becomes a nested def
// of the helper, `llcc.fold.f = lambda a, b: ...`, so it reads the
// enclosing function's variables, passed to the helper), a def of the
// file, a nested def, or a builtin llcc calls with two arguments (max,
// min, math.hypot, np.maximum, ...). The iterable is whatever a for loop
// iterates (an array, list, tuple, range, map/zip/enumerate, a list
// comprehension); a generator expression becomes the helper's loops, as
// next()'s does. The names these read from the enclosing function are the
// helper's parameters, read when the call runs; names only called (a
// nested def) resolve through the helper's scope.
//
// Types follow the loop: an int initial with float items makes the
// accumulator llcc's "int or float" variable, so reduce(f, [], 0) is the
// int 0 and reduce(f, values, 0) a float, as in CPython. accumulate's list
// holds one element type, so list(accumulate(a, initial=0)) of floats
// starts with 0.0 (equal to CPython's 0).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <map>
#include <set>

namespace llcc {
namespace sema {

namespace {

ExprPtr nameAt(SourceLoc at, const std::string &n) { return std::make_unique<NameExpr>(at, n); }

StmtPtr assign(SourceLoc at, const std::string &target, ExprPtr value) {
  std::vector<ExprPtr> targets;
  targets.push_back(nameAt(at, target));
  return std::make_unique<AssignStmt>(at, std::move(targets), std::move(value));
}

ExprPtr call2(SourceLoc at, ExprPtr callee, ExprPtr a, ExprPtr b) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(a));
  args.push_back(std::move(b));
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                    std::vector<KeywordArg>{});
}

/// A copy of a function given by name or attribute (max, np.maximum).
ExprPtr copyCallee(const Expr *e) {
  if (auto *n = dyn_cast<NameExpr>(e))
    return nameAt(n->loc(), n->name);
  if (auto *a = dyn_cast<AttributeExpr>(e)) {
    ExprPtr base = copyCallee(a->value.get());
    return base ? std::make_unique<AttributeExpr>(a->loc(), std::move(base), a->attr) : nullptr;
  }
  return nullptr;
}

/// The for statements' iterables in `block`, nested blocks included.
void forIterables(Block &block, std::set<const Expr *> &out) {
  for (StmtPtr &s : block) {
    if (auto *f = dyn_cast<ForStmt>(s.get()))
      out.insert(f->iter.get());
    forEachChildBlock(*s, [&](Block &b) { forIterables(b, out); });
  }
}

/// The builtins that consume an iterator argument at once, in order, as a
/// list would be (so a list may stand for the iterator there).
bool consumesIterator(const std::string &name) {
  static const char *const Consumers[] = {"list",   "tuple",  "sum",      "max", "min",
                                          "sorted", "set",    "any",      "all", "zip",
                                          "map",    "filter", "enumerate"};
  for (const char *c : Consumers)
    if (name == c)
      return true;
  return false;
}

} // namespace

void Sema::lowerFolds() {
  // The names that mean the two functions: module aliases and from-imports.
  std::map<std::string, std::string> modules, froms;
  for (const Import &imp : module_.imports) {
    if (imp.module != "functools" && imp.module != "itertools")
      continue;
    if (!imp.isFrom)
      modules[imp.alias.empty() ? imp.module : imp.alias] = imp.module;
    else
      for (const auto &[name, alias] : imp.names)
        if ((imp.module == "functools" && name == "reduce") ||
            (imp.module == "itertools" && name == "accumulate"))
          froms[alias.empty() ? name : alias] = imp.module + "." + name;
  }
  if (modules.empty() && froms.empty())
    return;
  std::set<std::string> defs;
  for (auto &fn : module_.functions)
    if (!fn->outer)
      defs.insert(fn->name);
  unsigned made = 0;
  for (size_t k = 0; k < module_.functions.size(); ++k) {
    FunctionDef *fn = module_.functions[k].get();
    if (fn->isLibrary)
      continue;
    std::set<std::string> visible = visibleNames(*fn);
    auto which = [&](const CallExpr &c) -> std::string {
      if (auto *a = dyn_cast<AttributeExpr>(c.callee.get())) {
        auto *base = dyn_cast<NameExpr>(a->value.get());
        auto it = base && !visible.count(base->name) ? modules.find(base->name) : modules.end();
        if (it == modules.end())
          return "";
        std::string q = it->second + "." + a->attr;
        return q == "functools.reduce" || q == "itertools.accumulate" ? q : "";
      }
      auto *n = dyn_cast<NameExpr>(c.callee.get());
      if (!n || visible.count(n->name) || defs.count(n->name))
        return "";
      auto it = froms.find(n->name);
      return it == froms.end() ? "" : it->second;
    };
    // Where an accumulate iterator is consumed at once, in order: a for
    // loop, a comprehension's clause, a consumer builtin or a fold. Anywhere
    // else (a name, len(), a subscript) the list llcc makes would differ
    // from CPython's iterator (iterated once; no len(), no indexing).
    std::set<const Expr *> consumed;
    forIterables(fn->body, consumed);
    eachExprSlot(fn->body, [&](ExprPtr &e) {
      if (auto *c = dyn_cast<ComprehensionExpr>(e.get())) {
        consumed.insert(c->iter.get());
        for (ComprehensionClause &clause : c->inner)
          consumed.insert(clause.iter.get());
      } else if (auto *c = dyn_cast<CallExpr>(e.get())) {
        auto *n = dyn_cast<NameExpr>(c->callee.get());
        std::string folds = which(*c);
        if ((n && !visible.count(n->name) && !defs.count(n->name) && consumesIterator(n->name)) ||
            !folds.empty())
          for (ExprPtr &a : c->args)
            if (a.get() != (c->args.empty() ? nullptr : c->args[0].get()) ||
                folds != "functools.reduce")
              consumed.insert(a.get());
      }
    });
    std::vector<std::unique_ptr<FunctionDef>> helpers;
    eachExprSlot(fn->body, [&](ExprPtr &slot) {
      auto *call = dyn_cast<CallExpr>(slot.get());
      std::string function = call ? which(*call) : "";
      if (function.empty())
        return;
      bool reduce = function == "functools.reduce";
      SourceLoc at = call->loc();
      auto fail = [&](SourceLoc where, const std::string &message) {
        diags_.error(where, message);
        // Reported once; a stand-in of the result's kind, typed quietly.
        ExprPtr zero = std::make_unique<IntLiteralExpr>(at, 0);
        if (reduce) {
          slot = std::move(zero);
          return;
        }
        std::vector<ExprPtr> one;
        one.push_back(std::move(zero));
        slot = std::make_unique<ListExpr>(at, std::move(one));
      };
      if (!reduce && !consumed.count(call))
        return fail(at, "itertools.accumulate is compiled where its iterator is consumed at "
                        "once: a for loop, a comprehension, a fold, or list(), tuple(), sum(), "
                        "max(), min(), sorted(), any(), all(), zip(), map(), filter(), "
                        "enumerate(); write list(itertools.accumulate(...)) to keep or index "
                        "its values");
      // The arguments: (function, iterable[, initial]) for reduce,
      // (iterable[, func], *, initial=None) for accumulate.
      ExprPtr function_, iterable, initial;
      if (call->starred)
        return fail(at, function + " with *args is not supported in llcc; pass the arguments");
      if (reduce) {
        if (!call->keywords.empty() || call->args.size() < 2 || call->args.size() > 3)
          return fail(at, "functools.reduce takes (function, iterable[, initial]), all "
                          "positional, as in reduce(max, values) or reduce(f, values, 0.0)");
        function_ = std::move(call->args[0]);
        iterable = std::move(call->args[1]);
        if (call->args.size() == 3)
          initial = std::move(call->args[2]);
      } else {
        if (call->args.empty() || call->args.size() > 2)
          return fail(at, "itertools.accumulate takes (iterable[, func], *, initial=None), as "
                          "in accumulate(values) or accumulate(values, max, initial=0.0)");
        iterable = std::move(call->args[0]);
        if (call->args.size() == 2)
          function_ = std::move(call->args[1]);
        for (KeywordArg &kw : call->keywords) {
          if (kw.name == "func" && !function_)
            function_ = std::move(kw.value);
          else if (kw.name == "initial" && !initial)
            initial = std::move(kw.value);
          else
            return fail(kw.loc, "keyword argument '" + kw.name +
                                    "' is not supported for itertools.accumulate (it takes "
                                    "func= and initial=)");
        }
        if (function_ && isa<NoneLiteralExpr>(function_.get()))
          function_ = nullptr; // func=None is +
      }
      if (initial && isa<NoneLiteralExpr>(initial.get()) && !reduce)
        initial = nullptr; // initial=None: none
      auto *lambda = function_ ? dyn_cast<LambdaExpr>(function_.get()) : nullptr;
      ExprPtr callee;
      if (lambda && lambda->params.size() != 2)
        return fail(lambda->loc(), function +
                                       "'s function is called with two arguments (the "
                                       "accumulator and an item); this lambda takes " +
                                       std::to_string(lambda->params.size()));
      if (function_ && !lambda && !(callee = copyCallee(function_.get())))
        return fail(function_->loc(),
                    function + "'s function must be a lambda of two parameters, a def (of the "
                               "file or nested) or a builtin such as max in llcc; write a def "
                               "and pass its name");

      auto def = std::make_unique<FunctionDef>();
      def->loc = at;
      def->nameLoc = at;
      def->outer = fn;
      def->localName =
          std::string(reduce ? "llcc.reduce." : "llcc.accumulate.") + std::to_string(++made);
      def->name = fn->name + "." + def->localName;
      std::vector<ExprPtr> args;
      if (initial) {
        def->params.push_back(Param{at, "llcc.initial", nullptr, {}});
        args.push_back(std::move(initial));
      }
      std::vector<std::string> reads;
      namesReadIn(iterable.get(), reads);
      if (lambda)
        namesReadIn(lambda, reads);
      std::set<std::string> passed;
      for (const std::string &n : reads)
        if (visible.count(n) && passed.insert(n).second) {
          def->params.push_back(Param{at, n, nullptr, {}});
          args.push_back(nameAt(at, n));
        }

      const std::string acc = "llcc.acc", item = "llcc.item", first = "llcc.first",
                        out = "llcc.out";
      bool hasInitial = !def->params.empty() && def->params[0].name == "llcc.initial";
      Block &body = def->body;
      if (lambda) {
        callee = nameAt(at, "llcc.fold.f");
        body.push_back(assign(at, "llcc.fold.f", std::move(function_)));
      }
      auto appendAcc = [&](Block &b) {
        if (!reduce)
          b.push_back(std::make_unique<ExprStmt>(
              at, std::make_unique<CallExpr>(
                      at, std::make_unique<AttributeExpr>(at, nameAt(at, out), "append"),
                      [&] {
                        std::vector<ExprPtr> a;
                        a.push_back(nameAt(at, acc));
                        return a;
                      }(),
                      std::vector<KeywordArg>{})));
      };
      if (!reduce)
        body.push_back(assign(at, out, std::make_unique<ListExpr>(at, std::vector<ExprPtr>{})));
      if (hasInitial) {
        body.push_back(assign(at, acc, nameAt(at, "llcc.initial")));
        appendAcc(body);
      } else {
        body.push_back(assign(at, first, std::make_unique<BoolLiteralExpr>(at, true)));
      }
      // One step: acc = f(acc, item) (or acc + item), after the first item.
      Block step;
      ExprPtr next = callee ? call2(at, std::move(callee), nameAt(at, acc), nameAt(at, item))
                            : std::make_unique<BinaryExpr>(at, BinaryOp::Add, nameAt(at, acc),
                                                           nameAt(at, item));
      if (hasInitial) {
        step.push_back(assign(at, acc, std::move(next)));
      } else {
        Block start, later;
        start.push_back(assign(at, acc, nameAt(at, item)));
        start.push_back(assign(at, first, std::make_unique<BoolLiteralExpr>(at, false)));
        later.push_back(assign(at, acc, std::move(next)));
        step.push_back(
            std::make_unique<IfStmt>(at, nameAt(at, first), std::move(start), std::move(later)));
      }
      appendAcc(step);
      // The loops: a generator's clauses (its element is the item), or one
      // for loop over the iterable.
      auto *gen = dyn_cast<ComprehensionExpr>(iterable.get());
      if (gen && gen->generator) {
        Block inner;
        SourceLoc e = gen->element->loc();
        inner.push_back(assign(e, item, std::move(gen->element)));
        for (StmtPtr &s : step)
          inner.push_back(std::move(s));
        auto wrap = [&](ExprPtr &target, ExprPtr &iter, std::vector<ExprPtr> &conds) {
          for (size_t i = conds.size(); i-- > 0;) {
            SourceLoc c = conds[i]->loc();
            Block b;
            b.push_back(
                std::make_unique<IfStmt>(c, std::move(conds[i]), std::move(inner), Block()));
            inner = std::move(b);
          }
          SourceLoc f = target->loc();
          Block b;
          b.push_back(std::make_unique<ForStmt>(f, std::move(target), std::move(iter),
                                                std::move(inner), Block()));
          inner = std::move(b);
        };
        for (size_t c = gen->inner.size(); c-- > 0;)
          wrap(gen->inner[c].target, gen->inner[c].iter, gen->inner[c].conds);
        wrap(gen->target, gen->iter, gen->conds);
        for (StmtPtr &s : inner)
          body.push_back(std::move(s));
      } else {
        SourceLoc f = iterable->loc();
        body.push_back(std::make_unique<ForStmt>(f, nameAt(f, item), std::move(iterable),
                                                 std::move(step), Block()));
      }
      if (reduce && !hasInitial) {
        Block empty;
        std::vector<ExprPtr> message;
        message.push_back(std::make_unique<StringLiteralExpr>(
            at, "reduce() of empty iterable with no initial value"));
        empty.push_back(std::make_unique<RaiseStmt>(
            at, std::make_unique<CallExpr>(at, nameAt(at, "TypeError"), std::move(message),
                                           std::vector<KeywordArg>{})));
        body.push_back(std::make_unique<IfStmt>(at, nameAt(at, first), std::move(empty), Block()));
      }
      body.push_back(std::make_unique<ReturnStmt>(at, nameAt(at, reduce ? acc : out)));
      std::string local = def->localName;
      helpers.push_back(std::move(def));
      slot = std::make_unique<CallExpr>(at, nameAt(at, local), std::move(args),
                                        std::vector<KeywordArg>());
    });
    for (auto &h : helpers)
      module_.functions.push_back(std::move(h));
  }
}

/// A fold call lowerFolds left: one outside a function's body (a module
/// constant, a parameter's default), where no loop can be written.
bool Sema::reportUnloweredFold(CallExpr &e) {
  std::string q;
  if (auto *a = dyn_cast<AttributeExpr>(e.callee.get())) {
    auto *base = dyn_cast<NameExpr>(a->value.get());
    auto it =
        base && !locals_.count(base->name) ? moduleAliases_.find(base->name) : moduleAliases_.end();
    if (it != moduleAliases_.end())
      q = it->second + "." + a->attr;
  } else if (auto *n = dyn_cast<NameExpr>(e.callee.get())) {
    auto it = locals_.count(n->name) || functions_.count(n->name) ? fromNames_.end()
                                                                  : fromNames_.find(n->name);
    if (it != fromNames_.end())
      q = it->second;
  }
  if (q != "functools.reduce" && q != "itertools.accumulate")
    return false;
  error(e.loc(), q + " is compiled in a function's body, where llcc writes its loop; a "
                     "module-level constant or a parameter's default must be a number "
                     "(compute the fold in the function)");
  return true;
}

} // namespace sema
} // namespace llcc
