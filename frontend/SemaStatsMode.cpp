//===- SemaStatsMode.cpp - scipy.stats.mode and its ModeResult ------------===//
//
// SciPy 1.10's scipy.stats.mode(a, axis=0, nan_policy='propagate',
// keepdims=None) of a 1-D array returns ModeResult(mode, count): the first
// value of np.unique(a) with the highest count, and that count. With
// keepdims=False both are numbers; with keepdims=True, and with None (the
// default, which warns that 1.11 changes it), they are arrays of one element.
//
// Before typing, each call becomes the library call that computes the two
// numbers as a tuple (stdlib/scipy.flt: `_llcc_stats_mode`, or
// `_llcc_stats_mode_kept` for the arrays), and each way a filter reads a
// ModeResult is written in terms of that tuple T:
//
//   M.mode, M[0]   (M.count, M[1])   T[0] (T[1]); with keepdims: np.array([T[0]])
//   M.mode[0], M[0][0], M[0][-1]     the same, indexed: the number
//   r = M; r.mode, r[1], ...         r holds T; its members are read as above
//   m, c = M                         unpacked from T (with keepdims, each name
//                                    an array of one element)
//
// A ModeResult with keepdims that is used otherwise (passed on, returned
// whole) is a compile error naming keepdims=False. axis=None (the array
// raveled) is accepted with keepdims=False. nan_policy='omit' (SciPy's
// masked path, data without NaNs and infinities) gives the count as an int,
// where SciPy's is a float of the same value.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <set>

namespace llcc {
namespace sema {

void lowerTestResults(
    Module &module,
    const std::function<std::string(const Expr *)> &qualified); // SemaTestResults.cpp

namespace {
ExprPtr call(SourceLoc at, ExprPtr callee, std::vector<ExprPtr> args) {
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                    std::vector<KeywordArg>{});
}
} // namespace

void Sema::lowerStatsMode() {
  // The dotted name an expression spells through the imports ("scipy.stats.mode").
  std::function<std::string(const Expr *)> qualified = [&](const Expr *e) -> std::string {
    if (auto *n = dyn_cast<NameExpr>(e)) {
      if (auto it = fromNames_.find(n->name); it != fromNames_.end())
        return it->second;
      if (auto it = moduleAliases_.find(n->name); it != moduleAliases_.end())
        return it->second;
      return "";
    }
    if (auto *a = dyn_cast<AttributeExpr>(e)) {
      std::string base = qualified(a->value.get());
      return base.empty() ? "" : base + "." + a->attr;
    }
    return "";
  };
  auto isMode = [&](const Expr *e) {
    auto *c = llvm::dyn_cast_or_null<CallExpr>(e);
    return c && !c->starred && qualified(c->callee.get()) == "scipy.stats.mode";
  };
  // The tuple call for the mode call `c`; `kept` tells whether SciPy gives
  // arrays. Errors are reported here; the call is written anyway.
  auto lower = [&](CallExpr &c, bool &kept) -> ExprPtr {
    SourceLoc at = c.loc();
    static const char *const Params[] = {"a", "axis", "nan_policy", "keepdims"};
    ExprPtr slots[4];
    if (c.args.size() > 4)
      diags_.error(at, "scipy.stats.mode takes at most 4 arguments (a, axis, nan_policy, "
                       "keepdims)");
    for (size_t i = 0; i < c.args.size() && i < 4; ++i)
      slots[i] = std::move(c.args[i]);
    for (KeywordArg &k : c.keywords) {
      auto p = std::find(std::begin(Params), std::end(Params), k.name);
      if (p == std::end(Params) || slots[p - Params]) {
        diags_.error(k.loc, p == std::end(Params)
                                ? "scipy.stats.mode has no parameter '" + k.name + "'"
                                : "scipy.stats.mode got two values for '" + k.name + "'");
        continue;
      }
      slots[p - Params] = std::move(k.value);
    }
    if (!slots[0]) {
      diags_.error(at, "scipy.stats.mode needs the array (a)");
      slots[0] = std::make_unique<NameExpr>(at, "values");
    }
    // keepdims: None (the default) and True give arrays, False numbers.
    kept = true;
    bool byDefault = !slots[3] || isa<NoneLiteralExpr>(slots[3].get());
    if (slots[3] && !isa<NoneLiteralExpr>(slots[3].get())) {
      if (auto *b = dyn_cast<BoolLiteralExpr>(slots[3].get()))
        kept = b->value;
      else {
        diags_.error(slots[3]->loc(), "scipy.stats.mode's keepdims must be True, False or None "
                                      "written in place in llcc (it decides the result's "
                                      "type)");
      }
    }
    int64_t policy = 0;
    if (slots[2]) {
      auto *s = dyn_cast<StringLiteralExpr>(slots[2].get());
      if (s && s->value == "raise")
        policy = 1;
      else if (s && s->value == "omit")
        policy = 2;
      else if (!s || s->value != "propagate") {
        diags_.error(slots[2]->loc(), "scipy.stats.mode's nan_policy must be 'propagate', "
                                      "'raise' or 'omit' written in place in llcc");
      }
    }
    ExprPtr array = std::move(slots[0]);
    if (slots[1]) {
      int64_t axis = 0;
      if (isa<NoneLiteralExpr>(slots[1].get())) {
        if (kept) {
          diags_.error(slots[1]->loc(),
                       "scipy.stats.mode with axis=None gives arrays shaped as its input's "
                       "rank with keepdims=True or None; pass keepdims=False in llcc");
        }
        std::vector<ExprPtr> args;
        args.push_back(std::move(array));
        array = call(at,
                     std::make_unique<AttributeExpr>(
                         at, std::make_unique<NameExpr>(at, numpyAlias()), "ravel"),
                     std::move(args));
      } else if (!intConstant(slots[1].get(), axis) || (axis != 0 && axis != -1)) {
        diags_.error(slots[1]->loc(), "scipy.stats.mode in llcc takes the mode of a 1-D array: "
                                      "axis must be 0, -1 or None (the array raveled)");
      }
    }
    std::vector<ExprPtr> args;
    args.push_back(std::move(array));
    args.push_back(std::make_unique<IntLiteralExpr>(at, policy));
    if (kept)
      args.push_back(std::make_unique<IntLiteralExpr>(at, byDefault ? 1 : 0));
    return call(at,
                std::make_unique<NameExpr>(at, kept ? "_llcc_stats_mode_kept" : "_llcc_stats_mode"),
                std::move(args));
  };
  // `base[k]`; when the result has keepdims, the array of it SciPy gives
  // (stdlib/scipy.flt: np.array([base[k]]), empty of no data).
  auto member = [&](ExprPtr base, int64_t k, bool kept) -> ExprPtr {
    SourceLoc at = base->loc();
    if (!kept)
      return std::make_unique<SubscriptExpr>(at, std::move(base),
                                             std::make_unique<IntLiteralExpr>(at, k));
    std::vector<ExprPtr> args;
    args.push_back(std::move(base));
    return call(at,
                std::make_unique<NameExpr>(at, k == 0 ? "_llcc_stats_mode_array"
                                                      : "_llcc_stats_count_array"),
                std::move(args));
  };
  // Which member an attribute or constant index selects, or -1.
  auto selected = [](const Expr &e) -> int64_t {
    if (auto *a = dyn_cast<AttributeExpr>(&e))
      return a->attr == "mode" ? 0 : a->attr == "count" ? 1 : -1;
    if (auto *s = dyn_cast<SubscriptExpr>(&e)) {
      int64_t k = 0;
      if (intConstant(s->index.get(), k) && k >= -2 && k <= 1)
        return k < 0 ? k + 2 : k;
    }
    return -1;
  };

  for (auto &fn : module_.functions) {
    std::map<std::string, bool> results;       // names holding a ModeResult: kept?
    std::map<std::string, SourceLoc> assigned; // ... and where (the first)
    std::map<std::string, int> reads;          // kept names: reads not of a member
    std::set<std::string> others;              // names also assigned something else
    unsigned hidden = 0;
    std::function<void(Block &)> statements = [&](Block &block) {
      for (size_t k = 0; k < block.size(); ++k) {
        forEachChildBlock(*block[k], statements);
        auto *a = dyn_cast<AssignStmt>(block[k].get());
        if (!a)
          continue;
        if (!isMode(a->value.get())) {
          for (ExprPtr &t : a->targets)
            eachSlotIn(t, [&](ExprPtr &x) {
              if (auto *n = dyn_cast<NameExpr>(x.get()))
                others.insert(n->name);
            });
          continue;
        }
        if (a->targets.size() != 1)
          continue; // a = b = mode(...): left to the expression walk
        bool kept = false;
        if (auto *n = dyn_cast<NameExpr>(a->targets[0].get())) {
          a->value = lower(cast<CallExpr>(*a->value), kept);
          assigned.emplace(n->name, a->loc());
          reads[n->name] -= 1; // the target itself, visited by the walk below
          auto [it, fresh] = results.emplace(n->name, kept);
          if (!fresh && it->second != kept)
            others.insert(n->name);
          continue;
        }
        auto *pair = dyn_cast<TupleExpr>(a->targets[0].get());
        if (!pair || pair->elements.size() != 2)
          continue;
        a->value = lower(cast<CallExpr>(*a->value), kept);
        if (!kept)
          continue; // m, c = T
        // m, c = T with keepdims: each name an array of one element.
        SourceLoc at = a->loc();
        std::string t = "_llcc_mode_" + std::to_string(at.line) + "_" + std::to_string(at.col) +
                        "_" + std::to_string(hidden++);
        std::vector<StmtPtr> out;
        std::vector<ExprPtr> tuple;
        tuple.push_back(std::make_unique<NameExpr>(at, t));
        out.push_back(std::make_unique<AssignStmt>(at, std::move(tuple), std::move(a->value)));
        for (int64_t m = 0; m < 2; ++m) {
          std::vector<ExprPtr> target;
          target.push_back(std::move(pair->elements[m]));
          out.push_back(std::make_unique<AssignStmt>(
              at, std::move(target), member(std::make_unique<NameExpr>(at, t), m, true)));
        }
        block.erase(block.begin() + k);
        block.insert(block.begin() + k, std::make_move_iterator(out.begin()),
                     std::make_move_iterator(out.end()));
        k += out.size() - 1;
      }
    };
    statements(fn->body);
    for (const std::string &n : others)
      if (results.count(n))
        diags_.error(fn->loc, "'" + n +
                                  "' holds the result of scipy.stats.mode and other values in '" +
                                  fn->name + "'; llcc needs a name of its own for each ModeResult");

    // The expression walk (children first): calls become T; members of T
    // and of the names above are read from it.
    std::map<const Expr *, bool> pending; // T of a call, not yet read: kept?
    eachSlot(fn->body, [&](ExprPtr &e) {
      if (auto *n = dyn_cast<NameExpr>(e.get()); n && results.count(n->name))
        reads[n->name] += 1;
      if (isMode(e.get())) {
        bool kept = false;
        e = lower(cast<CallExpr>(*e), kept);
        pending[e.get()] = kept;
        return;
      }
      int64_t k = selected(*e);
      if (k < 0)
        return;
      ExprPtr &base = isa<AttributeExpr>(e.get()) ? cast<AttributeExpr>(*e).value
                                                  : cast<SubscriptExpr>(*e).value;
      bool kept;
      if (auto it = pending.find(base.get()); it != pending.end()) {
        kept = it->second;
        pending.erase(it);
      } else if (auto *n = dyn_cast<NameExpr>(base.get());
                 n && results.count(n->name) && !others.count(n->name)) {
        kept = results[n->name];
        reads[n->name] -= 1;
        if (!kept && isa<SubscriptExpr>(e.get()))
          return; // r[0] of a tuple of numbers
      } else {
        return;
      }
      e = member(std::move(base), k, kept);
    });
    for (const auto &[name, kept] : results)
      if (kept && reads[name] > 0 && !others.count(name))
        diags_.error(assigned[name],
                     "'" + name +
                         "' holds the result of scipy.stats.mode with keepdims=True or None "
                         "(SciPy 1.10's default), which holds arrays; llcc reads it only as " +
                         name + ".mode, " + name + ".count, " + name + "[0] or " + name +
                         "[1]: pass keepdims=False for two numbers");
    for (const auto &[t, kept] : pending)
      if (kept)
        diags_.error(t->loc(), "the result of scipy.stats.mode with keepdims=True or None "
                               "(SciPy 1.10's default) holds arrays, which llcc reads only as "
                               ".mode, .count, [0] or [1], or unpacked into two names; pass "
                               "keepdims=False for two numbers");
  }
  lowerTestResults(module_, qualified); // scipy.stats.chisquare's fields
}

} // namespace sema
} // namespace llcc
