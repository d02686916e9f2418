//===- SemaHelperLists.cpp - helpers returning lists ------------------------===//
//
// A helper may return a list of numbers (`return k[-1:] + k[:-1]`), made in
// the arena of the exported call as its arrays are, so it outlives the
// helper. CPython returns the list object itself: a helper returning its
// parameter (`def ident(a): return a`) gives the caller a second name for
// the caller's list. llcc keeps a growing list's capacity beside its one
// variable, so, without looking into the helper, the variable a call is
// assigned to and every local list passed to that call (or captured by
// the nested def called) are treated as
// shared names (`b = a`): growing either (append, pop, extend, +=) is the
// compile error of a shared growing list, while element writes through
// either name are seen by both, as in Python.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

void Sema::markHelperListAliases(LocalVar &var, const Expr &value) {
  auto *call = dyn_cast<CallExpr>(&value);
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  if (!callee || callee->ref != NameRef::Function)
    return;
  auto mark = [&](LocalVar &v) {
    if (!v.aliased)
      changed_ = true;
    v.aliased = true;
  };
  mark(var);
  // A nested def's captured variables are arguments too, passed at the call.
  if (callee->function)
    for (const std::string &name : callee->function->captures)
      if (auto it = locals_.find(name);
          it != locals_.end() && isList(fn_->locals[static_cast<size_t>(it->second)].type))
        mark(fn_->locals[static_cast<size_t>(it->second)]);
  for (const ExprPtr &arg : call->args)
    if (auto *n = dyn_cast<NameExpr>(arg.get());
        n && n->ref == NameRef::Local && isList(fn_->locals[n->localIndex].type))
      mark(fn_->locals[n->localIndex]);
}

} // namespace sema
} // namespace llcc
