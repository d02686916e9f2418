//===- SemaNoneArgs.cpp - a maybe-None name passed where None is accepted ---===//
//
// A parameter whose default is None (or a variable assigned None) holds
// None or a number; reading it as a number while it is None raises
// TypeError. Some arguments take None itself: np.clip's bounds,
// np.nan_to_num's posinf and neginf, the default= of min and max. Passing
// such a name there is not a use as a number: CPython passes the None on.
// Before the locals are collected, each simple statement (an expression,
// an assignment, a return, an assert) that passes a maybe-None name `n` to
// one of these arguments becomes
//
//   if n is None:
//       <the statement with None in those arguments>
//   else:
//       <the statement>
//
// so the None branch is the literal form llcc already compiles
// (np.clip(a, None, hi), np.nan_to_num(x, posinf=None)). Reading a name has
// no effects, so testing it first changes nothing else.
//
// `m = max(iterable, default=None)` (and min), with one iterable and no
// key, is CPython's loop written out:
//
//   m = None
//   for llcc.item.N in iterable:     # a generator as a list comprehension
//       if m is None or llcc.item.N > m:     (< for min)
//           m = llcc.item.N
//
// m then holds None or a number, as `best = None` does.
//
//===----------------------------------------------------------------------===//

#include "AstClone.h"
#include "SemaImpl.h"

namespace llcc {
using namespace sema;

namespace {

/// A copy of a simple statement; null for any other.
StmtPtr cloneSimple(const Stmt &s) {
  if (isa<ExprStmt>(&s) || isa<AssignStmt>(&s) || isa<AugAssignStmt>(&s) || isa<ReturnStmt>(&s) ||
      isa<AssertStmt>(&s))
    return cloneStmt(s);
  return nullptr;
}

/// The expression slots of a simple statement (null ones left out).
std::vector<ExprPtr *> simpleSlots(Stmt &s) {
  std::vector<ExprPtr *> out;
  if (auto *x = dyn_cast<ExprStmt>(&s))
    out.push_back(&x->value);
  else if (auto *a = dyn_cast<AssignStmt>(&s)) {
    for (ExprPtr &t : a->targets)
      out.push_back(&t);
    out.push_back(&a->value);
  } else if (auto *a = dyn_cast<AugAssignStmt>(&s)) {
    out.push_back(&a->target);
    out.push_back(&a->value);
  } else if (auto *r = dyn_cast<ReturnStmt>(&s))
    out.push_back(&r->value);
  else if (auto *a = dyn_cast<AssertStmt>(&s)) {
    out.push_back(&a->cond);
    out.push_back(&a->message);
  }
  return out;
}

/// Whether a comprehension or lambda binds `name` (its reads of the name
/// are then not the function's variable).
bool rebinds(Expr &e, const std::string &name) {
  std::set<std::string> bound;
  if (auto *c = dyn_cast<ComprehensionExpr>(&e)) {
    namesTargetBinds(c->target.get(), bound);
    for (const ComprehensionClause &clause : c->inner)
      namesTargetBinds(clause.target.get(), bound);
  } else if (auto *l = dyn_cast<LambdaExpr>(&e)) {
    bound.insert(l->params.begin(), l->params.end());
  }
  return bound.count(name) > 0;
}

} // namespace

/// The argument slots of `call` that take None in CPython: the bounds of
/// np.clip (and of the method a.clip), posinf and neginf of np.nan_to_num,
/// default= of min and max. `clip` is set for a clip.
std::vector<ExprPtr *> Sema::noneArgumentSlots(CallExpr &call, bool *clip) {
  std::vector<ExprPtr *> out;
  auto positional = [&](std::initializer_list<size_t> indices) {
    for (size_t i : indices)
      if (i < call.args.size())
        out.push_back(&call.args[i]);
  };
  auto keywords = [&](std::initializer_list<const char *> names) {
    for (KeywordArg &k : call.keywords)
      for (const char *n : names)
        if (k.name == n)
          out.push_back(&k.value);
  };
  auto numpyName = [&]() -> std::string {
    if (auto *a = dyn_cast<AttributeExpr>(call.callee.get()))
      if (auto *base = dyn_cast<NameExpr>(a->value.get())) {
        auto it = moduleAliases_.find(base->name);
        if (it != moduleAliases_.end() && it->second == "numpy")
          return a->attr;
      }
    // (`clip(a, lo, hi)` imported from numpy: its literal None is not
    // supported either, so it keeps reading the name as a number.)
    return "";
  };
  if (clip)
    *clip = false;
  std::string np = numpyName();
  if (np == "clip") {
    positional({1, 2});
    if (clip)
      *clip = call.args.size() == 3 && call.keywords.empty();
  } else if (np == "nan_to_num") {
    positional({3, 4});
    keywords({"posinf", "neginf"});
  } else if (np.empty()) {
    if (auto *a = dyn_cast<AttributeExpr>(call.callee.get()); a && a->attr == "clip") {
      positional({0, 1}); // a.clip(lo, hi)
      if (clip)
        *clip = call.args.size() == 2 && call.keywords.empty();
    } else if (auto *n = dyn_cast<NameExpr>(call.callee.get());
               n && (n->name == "min" || n->name == "max") && !functions_.count(n->name) &&
               !fromNames_.count(n->name)) {
      keywords({"default"});
    }
  }
  return out;
}

/// The first maybe-None name of `names` passed in `e` to an argument that
/// takes None, with the slots passing it; empty when there is none.
void Sema::findNoneArguments(ExprPtr &e, const std::set<std::string> &names, std::string &name,
                             std::vector<ExprPtr *> &slots, std::vector<CallExpr *> &clips,
                             unsigned depth) {
  if (!e || depth > MaxNestingDepth)
    return;
  if (auto *call = dyn_cast<CallExpr>(e.get())) {
    bool clip = false;
    for (ExprPtr *slot : noneArgumentSlots(*call, &clip)) {
      auto *n = dyn_cast<NameExpr>(slot->get());
      if (!n || !names.count(n->name) || (!name.empty() && n->name != name))
        continue;
      name = n->name;
      slots.push_back(slot);
      if (clip && (clips.empty() || clips.back() != call))
        clips.push_back(call);
    }
  }
  forEachChildExpr(*e, [&](ExprPtr &child) {
    if (!child)
      return;
    // Inside a comprehension or lambda that binds a name, that name is
    // not the function's variable.
    std::set<std::string> inner = names;
    for (const std::string &n : names)
      if (rebinds(*e, n))
        inner.erase(n);
    findNoneArguments(child, inner, name, slots, clips, depth + 1);
  });
}

/// `m = max(iterable, default=None)`: CPython's loop (see above).
bool Sema::lowerDefaultNone(Block &block, size_t index) {
  auto *assign = dyn_cast<AssignStmt>(block[index].get());
  if (!assign || assign->targets.size() != 1)
    return false;
  auto *target = dyn_cast<NameExpr>(assign->targets[0].get());
  auto *call = dyn_cast<CallExpr>(assign->value.get());
  if (!target || !call || call->args.size() != 1 || call->keywords.size() != 1 ||
      call->keywords[0].name != "default" || !isa<NoneLiteralExpr>(call->keywords[0].value.get()))
    return false;
  auto *callee = dyn_cast<NameExpr>(call->callee.get());
  if (!callee || (callee->name != "min" && callee->name != "max") ||
      functions_.count(callee->name) || fromNames_.count(callee->name))
    return false;
  // The iterable read before the target changes: one that reads the
  // target keeps the call (and its diagnostic).
  std::vector<std::string> reads;
  namesReadIn(call->args[0].get(), reads);
  if (std::find(reads.begin(), reads.end(), target->name) != reads.end())
    return false;
  SourceLoc at = assign->loc();
  std::string item = std::string(IterItemName) + ".default." + std::to_string(++noneLowerings_);
  ExprPtr iterable = std::move(call->args[0]);
  if (auto *c = dyn_cast<ComprehensionExpr>(iterable.get()))
    c->generator = false; // items are numbers: comparing them has no effects
  bool isMax = callee->name == "max";
  std::vector<ExprPtr> isNone;
  isNone.push_back(std::make_unique<NameExpr>(at, target->name));
  isNone.push_back(std::make_unique<NoneLiteralExpr>(at));
  std::vector<ExprPtr> better;
  better.push_back(std::make_unique<NameExpr>(at, item));
  better.push_back(std::make_unique<NameExpr>(at, target->name));
  ExprPtr cond = std::make_unique<BinaryExpr>(
      at, BinaryOp::Or,
      std::make_unique<CompareExpr>(at, std::move(isNone), std::vector<CompareOp>{CompareOp::Is}),
      std::make_unique<CompareExpr>(at, std::move(better),
                                    std::vector<CompareOp>{isMax ? CompareOp::Gt : CompareOp::Lt}));
  std::vector<ExprPtr> take;
  take.push_back(std::make_unique<NameExpr>(at, target->name));
  Block then;
  then.push_back(
      std::make_unique<AssignStmt>(at, std::move(take), std::make_unique<NameExpr>(at, item)));
  Block body;
  body.push_back(std::make_unique<IfStmt>(at, std::move(cond), std::move(then), Block{}));
  std::vector<ExprPtr> first;
  first.push_back(std::make_unique<NameExpr>(at, target->name));
  block[index] =
      std::make_unique<AssignStmt>(at, std::move(first), std::make_unique<NoneLiteralExpr>(at));
  block.insert(block.begin() + static_cast<long>(index) + 1,
               std::make_unique<ForStmt>(at, std::make_unique<NameExpr>(at, item),
                                         std::move(iterable), std::move(body), Block{}));
  return true;
}

void Sema::passNoneArgumentsIn(Block &block, const std::set<std::string> &names, unsigned depth) {
  if (depth > MaxNestingDepth)
    return;
  for (size_t i = 0; i < block.size(); ++i) {
    Stmt &s = *block[i];
    if (!cloneSimple(s)) {
      forEachChildBlock(s, [&](Block &b) { passNoneArgumentsIn(b, names, depth + 1); });
      continue;
    }
    std::string name;
    std::vector<ExprPtr *> slots;
    std::vector<CallExpr *> clips;
    if (!names.empty())
      for (ExprPtr *slot : simpleSlots(s))
        findNoneArguments(*slot, names, name, slots, clips, 0);
    if (name.empty()) {
      lowerDefaultNone(block, i);
      continue;
    }
    // The copy first, then None into the copy's slots: the copy's slots
    // are found again in it (the same walk, the same order).
    StmtPtr noneCopy = cloneSimple(s);
    std::string again;
    std::vector<ExprPtr *> copySlots;
    std::vector<CallExpr *> copyClips;
    for (ExprPtr *slot : simpleSlots(*noneCopy))
      findNoneArguments(*slot, names, again, copySlots, copyClips, 0);
    for (ExprPtr *slot : copySlots)
      *slot = std::make_unique<NoneLiteralExpr>((*slot)->loc());
    SourceLoc at = s.loc();
    // A clip whose bounds are now both None raises numpy's ValueError
    // when it runs: its array is evaluated first (a pure expression, or
    // the statement keeps the clip, a compile error as when written so).
    for (CallExpr *c : copyClips) {
      bool method = c->args.size() == 2;
      bool bothNone = isa<NoneLiteralExpr>(c->args[method ? 0 : 1].get()) &&
                      isa<NoneLiteralExpr>(c->args[method ? 1 : 2].get());
      const Expr *array = method ? cast<AttributeExpr>(*c->callee).value.get() : c->args[0].get();
      if (!bothNone || !copyPure(array))
        continue;
      std::vector<ExprPtr> message;
      message.push_back(
          std::make_unique<StringLiteralExpr>(c->loc(), "One of max or min must be given"));
      noneCopy = std::make_unique<RaiseStmt>(
          c->loc(),
          std::make_unique<CallExpr>(c->loc(), std::make_unique<NameExpr>(c->loc(), "ValueError"),
                                     std::move(message), std::vector<KeywordArg>{}));
      break;
    }
    std::vector<ExprPtr> operands;
    operands.push_back(std::make_unique<NameExpr>(at, name));
    operands.push_back(std::make_unique<NoneLiteralExpr>(at));
    Block thenBody, elseBody;
    thenBody.push_back(std::move(noneCopy));
    elseBody.push_back(std::move(block[i]));
    std::set<std::string> rest = names;
    rest.erase(name);
    passNoneArgumentsIn(thenBody, rest, depth + 1);
    passNoneArgumentsIn(elseBody, rest, depth + 1);
    block[i] = std::make_unique<IfStmt>(
        at,
        std::make_unique<CompareExpr>(at, std::move(operands),
                                      std::vector<CompareOp>{CompareOp::Is}),
        std::move(thenBody), std::move(elseBody));
  }
}

void Sema::passNoneArguments() {
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    // The names that may hold None: parameters whose default is None, and
    // variables assigned None (best = None).
    std::set<std::string> names;
    for (Param &p : fn->params)
      if (p.defaultValue && isa<NoneLiteralExpr>(p.defaultValue.get()))
        names.insert(p.name);
    std::function<void(const Block &, unsigned)> assigned = [&](const Block &b, unsigned depth) {
      if (depth > MaxNestingDepth)
        return;
      for (const StmtPtr &s : b) {
        if (auto *a = dyn_cast<AssignStmt>(s.get()); a && isa<NoneLiteralExpr>(a->value.get()))
          for (const ExprPtr &t : a->targets)
            if (auto *n = dyn_cast<NameExpr>(t.get()))
              names.insert(n->name);
        forEachChildBlock(*s, [&](Block &child) { assigned(child, depth + 1); });
      }
    };
    assigned(fn->body, 0);
    // A parameter with another default is never None.
    for (Param &p : fn->params)
      if (p.defaultValue && !isa<NoneLiteralExpr>(p.defaultValue.get()))
        names.erase(p.name);
    passNoneArgumentsIn(fn->body, names, 0);
  }
}

} // namespace llcc
