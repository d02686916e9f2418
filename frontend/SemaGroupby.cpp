//===- SemaGroupby.cpp - for loops over groupby and np.ndenumerate --------===//
//
// CPython's groupby yields each run of consecutive elements whose keys are
// equal: the run's key and an iterator over the run. Filters use it in a
// for loop and read each group once (`len(list(g))`, `sum(1 for _ in g)`,
// `max(g)`), so the loop becomes, before typing, a loop over the runs of
// the sequence read as it is indexed (hidden names `llcc.groupbyN.*`; a
// generator expression is made a list first):
//
//   s = xs; n = len(s); i = 0
//   while i < n:
//       if i == 0:
//           nk = KEY(s[0])
//       k = nk; j = i + 1
//       while j < n:
//           nk = KEY(s[j])
//           if not (k == nk):        groupby's tgtkey == currkey
//               break
//           j += 1
//       g = s[i:j]; i = j
//       BODY
//   else: ELSE
//
// KEY(x) is x, the key function called (key=abs, key=f), or a lambda's
// body with its parameter bound to x. Each key is computed once per
// element, as groupby does. The group is the run's slice (a list of a
// list, an array of an array), read where CPython reads the iterator; so
// the group must be read once, by a consumer of iterables (list, tuple,
// sorted, sum, max, min, any, all, set, a for loop or a comprehension),
// which the checks below require: reading it twice (the second read empty
// in CPython) or calling len(g) (a TypeError there) is a compile error.
//
// `for (i, j), v in np.ndenumerate(w):` of a 2-D array is one loop over
// the flat index, so that break, continue and else keep their meaning:
//
//   a = w; c = a.shape[1]
//   for t in range(len(a) * c):
//       i = t // c; j = t % c; v = a[i, j]
//       BODY
//   else: ELSE
//
// (`for (i,), v in np.ndenumerate(a)` of a 1-D array: i = t, v = a[t].)
//
//===----------------------------------------------------------------------===//
#include "SemaGroupby.h"

#include "AstClone.h"
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

ExprPtr name(SourceLoc at, const std::string &n) { return std::make_unique<NameExpr>(at, n); }

ExprPtr callOf(SourceLoc at, ExprPtr callee, ExprPtr arg) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(arg));
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                    std::vector<KeywordArg>{});
}

StmtPtr assign(SourceLoc at, ExprPtr target, ExprPtr value) {
  std::vector<ExprPtr> targets;
  targets.push_back(std::move(target));
  return std::make_unique<AssignStmt>(at, std::move(targets), std::move(value));
}

ExprPtr compare(SourceLoc at, ExprPtr a, CompareOp op, ExprPtr b) {
  std::vector<ExprPtr> operands;
  operands.push_back(std::move(a));
  operands.push_back(std::move(b));
  return std::make_unique<CompareExpr>(at, std::move(operands), std::vector<CompareOp>{op});
}

/// Consumers that read their iterable argument once, whole.
const char *const Consumers[] = {"list", "tuple", "sorted", "sum", "max",
                                 "min",  "any",   "all",    "set", "enumerate"};

/// How the group's name `g` is read in `body`: the number of reads, and
/// whether each is one a consumer makes (the argument of a consumer, the
/// iterable of a for loop or of a comprehension).
void countReads(Block &body, const std::string &g, int &reads, int &consumed) {
  auto isG = [&](const Expr *e) {
    auto *n = llvm::dyn_cast_or_null<NameExpr>(e);
    return n && n->name == g;
  };
  std::function<void(Block &)> statements = [&](Block &b) {
    for (StmtPtr &st : b) {
      if (auto *f = dyn_cast<ForStmt>(st.get()); f && isG(f->iter.get()))
        ++consumed;
      forEachChildBlock(*st, statements);
    }
  };
  statements(body);
  eachSlot(body, [&](ExprPtr &slot) {
    if (isG(slot.get()))
      ++reads;
    if (auto *c = dyn_cast<CallExpr>(slot.get())) {
      auto *callee = dyn_cast<NameExpr>(c->callee.get());
      bool consumer = false;
      for (const char *k : Consumers)
        consumer |= callee && callee->name == k;
      if (consumer && c->args.size() >= 1 && isG(c->args[0].get()))
        ++consumed;
    }
    if (auto *c = dyn_cast<ComprehensionExpr>(slot.get())) {
      if (isG(c->iter.get()))
        ++consumed;
      for (ComprehensionClause &clause : c->inner)
        if (isG(clause.iter.get()))
          ++consumed;
    }
  });
}

} // namespace

int lowerGroupbyLoop(StmtPtr &stmt, unsigned &counter, DiagnosticEngine &diags) {
  auto &s = cast<ForStmt>(*stmt);
  auto &call = cast<CallExpr>(*s.iter);
  SourceLoc at = s.loc();
  // After an error the loop's body stays, never run (`if False:`), so that
  // the rest of the function is checked without the call.
  auto reported = [&] {
    Block body = std::move(s.body);
    stmt = std::make_unique<IfStmt>(at, std::make_unique<BoolLiteralExpr>(at, false),
                                    std::move(body), Block{});
    return -1;
  };
  // groupby(iterable, key=None): the key positional or by keyword.
  ExprPtr *seqAt = nullptr, *keyAt = nullptr;
  bool ok = !call.starred && !call.args.empty() && call.args.size() <= 2;
  if (ok) {
    seqAt = &call.args[0];
    if (call.args.size() == 2)
      keyAt = &call.args[1];
  }
  for (KeywordArg &k : call.keywords) {
    ok = ok && k.name == "key" && !keyAt;
    if (ok)
      keyAt = &k.value;
  }
  if (!ok) {
    diags.error(call.loc(), "itertools.groupby takes an iterable and key= (a function, a lambda "
                            "or None)");
    return reported();
  }
  if (keyAt && isa<NoneLiteralExpr>(keyAt->get()))
    keyAt = nullptr;
  auto *lambda = keyAt ? dyn_cast<LambdaExpr>(keyAt->get()) : nullptr;
  if (lambda && lambda->params.size() != 1) {
    diags.error((*keyAt)->loc(), "groupby's key takes one argument, the element");
    return reported();
  }
  auto *pair = dyn_cast<TupleExpr>(s.target.get());
  auto *k =
      pair && pair->elements.size() == 2 ? dyn_cast<NameExpr>(pair->elements[0].get()) : nullptr;
  auto *g =
      pair && pair->elements.size() == 2 ? dyn_cast<NameExpr>(pair->elements[1].get()) : nullptr;
  if (!k || !g) {
    diags.error(s.target->loc(), "llcc compiles itertools.groupby as the iterable of a for loop "
                                 "that unpacks each key and group into two names (for k, g in "
                                 "groupby(xs):)");
    return reported();
  }
  int reads = 0, consumed = 0;
  countReads(s.body, g->name, reads, consumed);
  countReads(s.elseBody, g->name, reads, consumed);
  if (reads > 1 || reads != consumed) {
    diags.error(g->loc(), "the group '" + g->name +
                              "' of itertools.groupby is an iterator in Python, read once: "
                              "llcc needs one read of it by list(), sorted(), sum(), max(), "
                              "min(), any(), all(), a for loop or a comprehension (n = "
                              "len(list(" +
                              g->name + ")))");
    return reported();
  }
  ExprPtr seq = std::move(*seqAt);
  // A generator expression is read whole first, as a list (its elements are
  // the same; groupby reads them in the same order).
  if (auto *gen = dyn_cast<ComprehensionExpr>(seq.get()))
    gen->generator = false;
  ExprPtr key = keyAt ? std::move(*keyAt) : nullptr;

  std::string p = "llcc.groupby" + std::to_string(++counter) + ".";
  std::string S = p + "s", N = p + "n", I = p + "i", J = p + "j", NK = p + "nk", X = p + "x";
  // KEY(s[index]) assigned to nk, in `out`.
  auto keyOf = [&](Block &out, ExprPtr index) {
    ExprPtr element = std::make_unique<SubscriptExpr>(at, name(at, S), std::move(index));
    if (!key) {
      out.push_back(assign(at, name(at, NK), std::move(element)));
    } else if (lambda) {
      out.push_back(assign(at, name(at, X), std::move(element)));
      out.push_back(
          assign(at, name(at, NK), cloneExpr(lambda->body.get(), {{lambda->params[0], X}})));
    } else {
      out.push_back(assign(at, name(at, NK), callOf(at, cloneExpr(key.get()), std::move(element))));
    }
  };
  Block out;
  out.push_back(assign(at, name(at, S), std::move(seq)));
  out.push_back(assign(at, name(at, N), callOf(at, name(at, "len"), name(at, S))));
  out.push_back(assign(at, name(at, I), std::make_unique<IntLiteralExpr>(at, 0)));

  Block loop;
  Block first;
  keyOf(first, std::make_unique<IntLiteralExpr>(at, 0));
  loop.push_back(std::make_unique<IfStmt>(
      at, compare(at, name(at, I), CompareOp::Eq, std::make_unique<IntLiteralExpr>(at, 0)),
      std::move(first), Block{}));
  loop.push_back(assign(at, name(at, k->name), name(at, NK)));
  loop.push_back(assign(at, name(at, J),
                        std::make_unique<BinaryExpr>(at, BinaryOp::Add, name(at, I),
                                                     std::make_unique<IntLiteralExpr>(at, 1))));
  Block inner;
  keyOf(inner, name(at, J));
  Block stop;
  stop.push_back(std::make_unique<BreakStmt>(at));
  inner.push_back(std::make_unique<IfStmt>(
      at,
      std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not,
                                  compare(at, name(at, k->name), CompareOp::Eq, name(at, NK))),
      std::move(stop), Block{}));
  inner.push_back(std::make_unique<AugAssignStmt>(at, name(at, J), BinaryOp::Add,
                                                  std::make_unique<IntLiteralExpr>(at, 1)));
  loop.push_back(std::make_unique<WhileStmt>(
      at, compare(at, name(at, J), CompareOp::Lt, name(at, N)), std::move(inner), Block{}));
  loop.push_back(assign(
      at, name(at, g->name),
      std::make_unique<SubscriptExpr>(
          at, name(at, S), std::make_unique<SliceExpr>(at, name(at, I), name(at, J), nullptr))));
  loop.push_back(assign(at, name(at, I), name(at, J)));
  for (StmtPtr &b : s.body)
    loop.push_back(std::move(b));
  out.push_back(std::make_unique<WhileStmt>(at,
                                            compare(at, name(at, I), CompareOp::Lt, name(at, N)),
                                            std::move(loop), std::move(s.elseBody)));
  // The statements replace the loop: an `if True:` block holds them.
  stmt = std::make_unique<IfStmt>(at, std::make_unique<BoolLiteralExpr>(at, true), std::move(out),
                                  Block{});
  return 1;
}

int lowerNdenumerateLoop(StmtPtr &stmt, unsigned &counter, DiagnosticEngine &diags) {
  auto &s = cast<ForStmt>(*stmt);
  auto &call = cast<CallExpr>(*s.iter);
  SourceLoc at = s.loc();
  auto *pair = dyn_cast<TupleExpr>(s.target.get());
  auto *index =
      pair && pair->elements.size() == 2 ? dyn_cast<TupleExpr>(pair->elements[0].get()) : nullptr;
  auto *value =
      pair && pair->elements.size() == 2 ? dyn_cast<NameExpr>(pair->elements[1].get()) : nullptr;
  bool names = index && value && (index->elements.size() == 1 || index->elements.size() == 2);
  for (size_t i = 0; names && i < index->elements.size(); ++i)
    names = isa<NameExpr>(index->elements[i].get());
  if (!names || call.args.size() != 1 || !call.keywords.empty() || call.starred) {
    diags.error(s.target->loc(), "llcc compiles np.ndenumerate(a) of a 1-D or 2-D array as the "
                                 "iterable of a for loop that unpacks the index and the value, "
                                 "as in for (i, j), v in np.ndenumerate(w):");
    Block body = std::move(s.body);
    stmt = std::make_unique<IfStmt>(at, std::make_unique<BoolLiteralExpr>(at, false),
                                    std::move(body), Block{});
    return -1;
  }
  bool twoD = index->elements.size() == 2;
  std::string p = "llcc.ndenumerate" + std::to_string(++counter) + ".";
  std::string A = p + "a", C = p + "c", T = p + "t";
  Block out;
  out.push_back(assign(at, name(at, A), std::move(call.args[0])));
  ExprPtr count = callOf(at, name(at, "len"), name(at, A));
  if (twoD) {
    out.push_back(assign(at, name(at, C),
                         std::make_unique<SubscriptExpr>(
                             at, std::make_unique<AttributeExpr>(at, name(at, A), "shape"),
                             std::make_unique<IntLiteralExpr>(at, 1))));
    count = std::make_unique<BinaryExpr>(at, BinaryOp::Mul, std::move(count), name(at, C));
  }
  Block body;
  ExprPtr element;
  if (twoD) {
    std::string i = cast<NameExpr>(*index->elements[0]).name;
    std::string j = cast<NameExpr>(*index->elements[1]).name;
    body.push_back(
        assign(at, name(at, i),
               std::make_unique<BinaryExpr>(at, BinaryOp::FloorDiv, name(at, T), name(at, C))));
    body.push_back(
        assign(at, name(at, j),
               std::make_unique<BinaryExpr>(at, BinaryOp::Mod, name(at, T), name(at, C))));
    std::vector<ExprPtr> ij;
    ij.push_back(name(at, i));
    ij.push_back(name(at, j));
    element = std::make_unique<SubscriptExpr>(at, name(at, A),
                                              std::make_unique<TupleExpr>(at, std::move(ij)));
  } else {
    std::string i = cast<NameExpr>(*index->elements[0]).name;
    body.push_back(assign(at, name(at, i), name(at, T)));
    element = std::make_unique<SubscriptExpr>(at, name(at, A), name(at, i));
  }
  body.push_back(assign(at, name(at, value->name), std::move(element)));
  for (StmtPtr &b : s.body)
    body.push_back(std::move(b));
  out.push_back(std::make_unique<ForStmt>(at, name(at, T),
                                          callOf(at, name(at, "range"), std::move(count)),
                                          std::move(body), std::move(s.elseBody)));
  stmt = std::make_unique<IfStmt>(at, std::make_unique<BoolLiteralExpr>(at, true), std::move(out),
                                  Block{});
  return 1;
}

} // namespace sema
} // namespace llcc
