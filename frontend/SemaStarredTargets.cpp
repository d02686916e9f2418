//===- SemaStarredTargets.cpp - first, *rest = seq --------------------------===//
//
// Starred assignment targets, written out before typing:
//
//   a, *mid, b = value
//
// becomes
//
//   _llcc_star_L_C = value
//   if len(_llcc_star_L_C) < 2:
//       raise ValueError("not enough values to unpack (expected at least 2, got %d)" % len(...))
//   a = _llcc_star_L_C[0]
//   mid = [_llcc_x for _llcc_x in _llcc_star_L_C[1:-1]]
//   b = _llcc_star_L_C[-1]
//
// so the starred name is a new list, as in CPython (also when unpacking a
// tuple or a numpy array, whose elements stay numpy scalars), and a short
// sequence raises CPython's ValueError. A generator, range, map, filter,
// zip or enumerate value is made a list first (CPython iterates it once).
// In a for loop, `for *_, w in pts:` binds a hidden name and unpacks it as
// the body's first statement. The AstBuilder marks `*x` in targets as a
// call of llcc.starred (StarredTargetName).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

bool isStarred(const Expr *e) {
  auto *c = dyn_cast<CallExpr>(e);
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  return n && n->name == StarredTargetName;
}

/// Whether `target` holds a starred target anywhere.
bool hasStarred(const Expr *target) {
  if (isStarred(target))
    return true;
  const std::vector<ExprPtr> *elements = nullptr;
  if (auto *t = dyn_cast<TupleExpr>(target))
    elements = &t->elements;
  else if (auto *l = dyn_cast<ListExpr>(target))
    elements = &l->elements;
  if (elements)
    for (const ExprPtr &e : *elements)
      if (hasStarred(e.get()))
        return true;
  return false;
}

ExprPtr name(SourceLoc loc, const std::string &n) { return std::make_unique<NameExpr>(loc, n); }

ExprPtr call(SourceLoc loc, const char *callee, ExprPtr arg) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(arg));
  return std::make_unique<CallExpr>(loc, name(loc, callee), std::move(args),
                                    std::vector<KeywordArg>{});
}

ExprPtr integer(SourceLoc loc, int64_t v) {
  if (v < 0)
    return std::make_unique<UnaryExpr>(loc, UnaryExpr::Op::Neg,
                                       std::make_unique<IntLiteralExpr>(loc, -v));
  return std::make_unique<IntLiteralExpr>(loc, v);
}

StmtPtr assign(SourceLoc loc, ExprPtr target, ExprPtr value) {
  std::vector<ExprPtr> targets;
  targets.push_back(std::move(target));
  return std::make_unique<AssignStmt>(loc, std::move(targets), std::move(value));
}

/// Whether `target` binds or reads `n` (a name, or in a subscript).
bool namesTarget(const Expr &target, const std::string &n) {
  if (auto *x = dyn_cast<NameExpr>(&target))
    return x->name == n;
  if (auto *c = dyn_cast<CallExpr>(&target))
    return isStarred(c) && namesTarget(*c->args[0], n);
  const std::vector<ExprPtr> *elements = nullptr;
  if (auto *t = dyn_cast<TupleExpr>(&target))
    elements = &t->elements;
  else if (auto *l = dyn_cast<ListExpr>(&target))
    elements = &l->elements;
  if (!elements)
    return true; // a subscript or attribute: keep a copy of the value
  for (const ExprPtr &e : *elements)
    if (namesTarget(*e, n))
      return true;
  return false;
}

/// A value CPython iterates once, which llcc keeps only as a list.
bool isIterator(const Expr &value) {
  if (auto *c = dyn_cast<ComprehensionExpr>(&value))
    return c->generator;
  if (auto *c = dyn_cast<CallExpr>(&value))
    if (auto *n = dyn_cast<NameExpr>(c->callee.get()))
      for (const char *b : {"range", "map", "filter", "zip", "enumerate", "reversed"})
        if (n->name == b)
          return true;
  return false;
}

} // namespace

/// `targets = value` with one starred member of `targets` (a tuple or a
/// list) written out as statements appended to `out`; false (nothing
/// appended) when the starred target is not of that form.
bool Sema::expandStarredAssign(SourceLoc loc, Expr &targets, ExprPtr value,
                               std::vector<StmtPtr> &out) {
  std::vector<ExprPtr> *elements = nullptr;
  if (auto *t = dyn_cast<TupleExpr>(&targets))
    elements = &t->elements;
  else if (auto *l = dyn_cast<ListExpr>(&targets))
    elements = &l->elements;
  if (!elements)
    return false;
  size_t star = elements->size(), stars = 0;
  for (size_t i = 0; i < elements->size(); ++i)
    if (isStarred((*elements)[i].get())) {
      star = i;
      ++stars;
    }
  if (stars != 1) {
    if (stars > 1)
      diags_.error(targets.loc(), "multiple starred expressions in assignment");
    return stars > 1;
  }
  size_t before = star, after = elements->size() - star - 1;
  std::string hidden = "_llcc_star_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
  // A name not among the targets is read in place (a list that grows may
  // not have a second name); anything else is evaluated once, first.
  auto *source = dyn_cast<NameExpr>(value.get());
  if (source && !namesTarget(targets, source->name)) {
    hidden = source->name;
  } else {
    if (isIterator(*value)) {
      SourceLoc at = value->loc();
      value = call(at, "list", std::move(value));
    }
    out.push_back(assign(loc, name(loc, hidden), std::move(value)));
  }
  // if len(h) < before + after: raise ValueError(...)
  int64_t least = static_cast<int64_t>(before + after);
  if (least > 0) {
    std::vector<ExprPtr> operands;
    operands.push_back(call(loc, "len", name(loc, hidden)));
    operands.push_back(integer(loc, least));
    auto test = std::make_unique<CompareExpr>(loc, std::move(operands),
                                              std::vector<CompareOp>{CompareOp::Lt});
    auto message = std::make_unique<BinaryExpr>(
        loc, BinaryOp::Mod,
        std::make_unique<StringLiteralExpr>(
            loc, "not enough values to unpack (expected at least " + std::to_string(least) +
                     ", got %d)"),
        call(loc, "len", name(loc, hidden)));
    Block raise;
    raise.push_back(
        std::make_unique<RaiseStmt>(loc, call(loc, "ValueError", std::move(message))));
    out.push_back(std::make_unique<IfStmt>(loc, std::move(test), std::move(raise), Block()));
  }
  for (size_t i = 0; i < elements->size(); ++i) {
    ExprPtr &target = (*elements)[i];
    if (i == star) {
      // [x for x in h[before:-after]]: a new list of the members between.
      auto *c = cast<CallExpr>(target.get());
      ExprPtr stop = after ? integer(loc, -static_cast<int64_t>(after)) : nullptr;
      auto slice = std::make_unique<SubscriptExpr>(
          loc, name(loc, hidden),
          std::make_unique<SliceExpr>(loc, before ? integer(loc, before) : nullptr,
                                      std::move(stop), nullptr));
      std::string item = hidden + "_x";
      auto list = std::make_unique<ComprehensionExpr>(loc, name(loc, item), name(loc, item),
                                                      std::move(slice), std::vector<ExprPtr>{},
                                                      false);
      out.push_back(assign(loc, std::move(c->args[0]), std::move(list)));
      continue;
    }
    int64_t index = i < star ? static_cast<int64_t>(i) : -static_cast<int64_t>(elements->size() - i);
    out.push_back(assign(loc, std::move(target),
                         std::make_unique<SubscriptExpr>(loc, name(loc, hidden), integer(loc, index))));
  }
  return true;
}

void Sema::expandStarredTargets(Block &block, unsigned depth) {
  if (depth > MaxNestingDepth)
    return;
  Block out;
  for (StmtPtr &stmt : block) {
    if (isa<TryStmt>(stmt.get()))
      forEachChildBlock(*stmt, [&](Block &b) { expandStarredTargets(b, depth + 1); });
    if (auto *s = dyn_cast<WhileStmt>(stmt.get())) {
      expandStarredTargets(s->body, depth + 1);
      expandStarredTargets(s->elseBody, depth + 1);
    }
    if (auto *s = dyn_cast<IfStmt>(stmt.get())) {
      expandStarredTargets(s->thenBody, depth + 1);
      expandStarredTargets(s->elseBody, depth + 1);
    }
    if (auto *s = dyn_cast<ForStmt>(stmt.get())) {
      if (hasStarred(s->target.get())) {
        // for *_, w in pts: bind a hidden name, unpack it first in the body
        SourceLoc loc = s->target->loc();
        std::string hidden =
            "_llcc_staritem_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
        ExprPtr target = std::move(s->target);
        s->target = name(loc, hidden);
        Block body;
        body.push_back(assign(loc, std::move(target), name(loc, hidden)));
        for (StmtPtr &inner : s->body)
          body.push_back(std::move(inner));
        s->body = std::move(body);
      }
      expandStarredTargets(s->body, depth + 1);
      expandStarredTargets(s->elseBody, depth + 1);
    }
    auto *a = dyn_cast<AssignStmt>(stmt.get());
    if (!a || !std::any_of(a->targets.begin(), a->targets.end(),
                           [](const ExprPtr &t) { return hasStarred(t.get()); })) {
      out.push_back(std::move(stmt));
      continue;
    }
    std::vector<StmtPtr> expanded;
    if (a->targets.size() != 1 || isStarred(a->targets[0].get()) ||
        !expandStarredAssign(a->loc(), *a->targets[0], std::move(a->value), expanded)) {
      diags_.error(a->loc(), isStarred(a->targets[0].get()) && a->targets.size() == 1
                                 ? "starred assignment target must be in a list or tuple"
                                 : "a starred target is supported once in one tuple or list "
                                   "of targets in llcc (first, *rest = a)");
      continue;
    }
    // The targets may themselves hold starred targets: `(a, *b), c = ...`.
    Block inner(std::make_move_iterator(expanded.begin()), std::make_move_iterator(expanded.end()));
    expandStarredTargets(inner, depth + 1);
    for (StmtPtr &s : inner)
      out.push_back(std::move(s));
  }
  block = std::move(out);
}

} // namespace sema
} // namespace llcc
