//===- SemaFrozenset.cpp - frozenset(...) in functions --------------------===//
//
// A frozenset holds the same elements as the set built from the same
// iterable, in the same order (CPython builds both with one insertion
// routine), and answers `in`, len(), iteration, sorted(), the comparisons
// and the operators | & - ^ as the set does. What tells them apart is that
// a frozenset cannot change: its add, discard, remove, pop, clear and
// *update methods do not exist (AttributeError in CPython). So in a
// function frozenset(xs) is compiled as set(xs), and a name assigned a
// frozenset whose mutating method is called is a compile error. str() and
// repr() of one differ ("frozenset({1, 2})"), and llcc's sets are not
// hashable, so a frozenset is not a dict key or set member either (as any
// set in llcc). Module-level frozenset constants are not supported.
//
//===----------------------------------------------------------------------===//
#include "SemaFrozenset.h"

#include "SemaImpl.h"

#include <set>

namespace llcc {
namespace sema {

namespace {
/// The methods that change a set in place (a frozenset has none of them).
const char *const Mutating[] = {"add",
                                "discard",
                                "remove",
                                "pop",
                                "clear",
                                "update",
                                "intersection_update",
                                "difference_update",
                                "symmetric_difference_update"};

bool isFrozensetCall(const Expr *e) {
  auto *c = llvm::dyn_cast_or_null<CallExpr>(e);
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  return n && n->name == "frozenset";
}
} // namespace

bool isMutatingSetMethod(const std::string &method) {
  for (const char *m : Mutating)
    if (method == m)
      return true;
  return false;
}

void lowerFrozensets(FunctionDef &fn, DiagnosticEngine &diags,
                     const std::function<bool(const std::string &)> &shadowed) {
  if (shadowed("frozenset"))
    return;
  // The names assigned a frozenset(...) call (before the rewrite).
  std::set<std::string> frozen;
  std::function<void(Block &)> statements = [&](Block &b) {
    for (StmtPtr &st : b) {
      forEachChildBlock(*st, statements);
      auto *a = dyn_cast<AssignStmt>(st.get());
      if (!a || !isFrozensetCall(a->value.get()))
        continue;
      for (ExprPtr &t : a->targets)
        if (auto *n = dyn_cast<NameExpr>(t.get()))
          frozen.insert(n->name);
    }
  };
  statements(fn.body);
  eachSlot(fn.body, [&](ExprPtr &slot) {
    auto *c = dyn_cast<CallExpr>(slot.get());
    if (!c)
      return;
    if (isFrozensetCall(c)) {
      cast<NameExpr>(*c->callee).name = "set";
      return;
    }
    auto *m = dyn_cast<AttributeExpr>(c->callee.get());
    auto *base = m ? dyn_cast<NameExpr>(m->value.get()) : nullptr;
    if (!base || !frozen.count(base->name))
      return;
    if (isMutatingSetMethod(m->attr))
      diags.error(c->loc(), "'" + base->name + "' holds a frozenset, which has no method " +
                                m->attr +
                                " (an AttributeError in Python); build a set(...) to change "
                                "it");
  });
}

} // namespace sema
} // namespace llcc
