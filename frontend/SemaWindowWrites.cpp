//===- SemaWindowWrites.cpp - Filters that write into their window ---------===//
//
// SciPy fills a buffer for each call of a callback, and CPython lets the
// callback change it: `values.sort()`, `values -= values.mean()`,
// `values[values > t] = t` work there, and so does writing into
// generic_filter1d's `iline` (a line buffer too). llcc's window is
// read-only until such a write is seen: a write into the window of an
// exported filter or filter1d (or into a view of it) that nobody else
// calls makes that parameter a private copy, made at entry (IRGen), so
// that the caller's buffer, or the image a whole-image kernel reads, is
// never changed; filters that do not write pay nothing. Elsewhere (a
// helper's parameter bound to a window, a transform's output_coords, a
// module constant) the array stays read-only and the write is an error.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

bool Sema::viewsWindow(const Expr &e) {
  if (const Expr *viewed = viewedArray(e))
    return viewsWindow(*viewed);
  if (auto *n = dyn_cast<NameExpr>(&e))
    return n->ref == NameRef::Local && fn_ && n->localIndex >= 0 &&
           size_t(n->localIndex) < fn_->locals.size() && fn_->locals[n->localIndex].windowView;
  if (auto *s = dyn_cast<SubscriptExpr>(&e))
    return viewsWindow(*s->value);
  return false;
}

void Sema::noteWindowWrite(const Expr &target) {
  if (fn_ && viewsWindow(target))
    windowWrites_.insert(fn_);
}

bool Sema::allowWindowWrites() {
  bool any = false;
  for (auto &fnPtr : module_.functions) {
    FunctionDef &fn = *fnPtr;
    if (!windowWrites_.count(&fn) || fn.locals.empty() || !fn.locals[0].isParam ||
        fn.locals[0].copyOnEntry || fn.kindCopy || fn.isLibrary)
      continue;
    // Only the kind's own buffer, and only where no other function passes
    // its array (CPython would change the caller's).
    bool own = (fn.fkind == FunctionKind::Filter || fn.fkind == FunctionKind::Filter1D) &&
               fn.locals[0].type == Type::FloatArray && callers_[&fn].empty();
    if (!own)
      continue;
    LocalVar &window = fn.locals[0];
    window.copyOnEntry = true;
    window.readonlyArray = false;
    window.writable = true;
    // What held a view of it is typed again, writable now.
    for (LocalVar &v : fn.locals)
      if (!v.isParam && v.windowView)
        v.readonlyArray = false;
    any = true;
  }
  return any;
}

} // namespace sema
} // namespace llcc
