//===- SemaTestResults.cpp - scipy.stats test results' named fields -------===//
//
// scipy.stats.chisquare returns Power_divergenceResult(statistic, pvalue),
// a named tuple; llcc's library version (stdlib/chisquare.flt) returns the
// plain tuple (statistic, pvalue), which unpacks and indexes as SciPy's
// does. Before typing, each read of a field by name, of the call itself
// (`chisquare(obs).pvalue`) or of a name a function assigns the call to
// (`r = chisquare(obs)`, then `r.statistic`), becomes the tuple's member
// (`[0]`, `[1]`). The table names the functions and their fields.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {
struct ResultFields {
  const char *function; ///< the qualified name of the test
  const char *fields[2];
};
const ResultFields TestResults[] = {
    {"scipy.stats.chisquare", {"statistic", "pvalue"}},
};
} // namespace

/// Rewrites the field reads of every function's test results (called by
/// Sema::lowerStatsMode with its resolver of dotted names).
void lowerTestResults(Module &module, const std::function<std::string(const Expr *)> &qualified) {
  auto resultOf = [&](const Expr *e) -> const ResultFields * {
    auto *c = llvm::dyn_cast_or_null<CallExpr>(e);
    if (!c || c->starred)
      return nullptr;
    std::string name = qualified(c->callee.get());
    for (const ResultFields &r : TestResults)
      if (name == r.function)
        return &r;
    return nullptr;
  };
  for (auto &fn : module.functions) {
    std::map<std::string, const ResultFields *> names; // r = chisquare(...)
    std::function<void(Block &)> statements = [&](Block &block) {
      for (StmtPtr &s : block) {
        forEachChildBlock(*s, statements);
        auto *a = dyn_cast<AssignStmt>(s.get());
        if (!a || a->targets.size() != 1)
          continue;
        if (auto *n = dyn_cast<NameExpr>(a->targets[0].get()))
          if (const ResultFields *r = resultOf(a->value.get()))
            names[n->name] = r;
      }
    };
    statements(fn->body);
    eachSlot(fn->body, [&](ExprPtr &e) {
      auto *a = dyn_cast<AttributeExpr>(e.get());
      if (!a)
        return;
      const ResultFields *r = resultOf(a->value.get());
      if (auto *n = dyn_cast<NameExpr>(a->value.get()); !r && n && names.count(n->name))
        r = names[n->name];
      if (!r)
        return;
      int64_t k = a->attr == r->fields[0] ? 0 : a->attr == r->fields[1] ? 1 : -1;
      if (k < 0)
        return;
      SourceLoc at = a->loc();
      e = std::make_unique<SubscriptExpr>(at, std::move(a->value),
                                          std::make_unique<IntLiteralExpr>(at, k));
    });
  }
}

} // namespace sema
} // namespace llcc
