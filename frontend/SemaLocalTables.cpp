//===- SemaLocalTables.cpp - local lists of rows read as tables -------------===//
//
// A filter writes a small weight table as nested lists and only reads it:
//
//   K = [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
//   ... K[i][j] ...   for row in K: for w in row: ...   len(K), sum(K[1])
//
// llcc's lists hold numbers, arrays or tuples, not lists; a table that is
// assigned once and only read is the same to Python as the tuple of tuples
// `((1, 2, 1), (2, 4, 2), (1, 2, 1))`, which llcc reads (indexed at run time
// with CPython's IndexError, walked, measured). So such a display becomes
// that tuple display when every use of the name is a read: `K[...]` (not an
// assignment target), the iterable of a for loop or comprehension, or the
// argument of len, sum, min, max, sorted, enumerate, zip, reversed, any,
// all. Anything else (a mutation, an f-string, a helper's argument, a
// closure reading it) keeps the list and its diagnostic.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

/// `[[...], [...]]` with rows written out.
bool isTableDisplay(const Expr *e) {
  auto *l = e ? dyn_cast<ListExpr>(e) : nullptr;
  if (!l || l->elements.empty())
    return false;
  for (const ExprPtr &row : l->elements) {
    auto *r = dyn_cast<ListExpr>(row.get());
    if (!r)
      return false;
    for (const ExprPtr &x : r->elements)
      if (isa<ListExpr>(x.get()) || isa<ComprehensionExpr>(x.get()))
        return false;
  }
  return true;
}

ExprPtr toTuples(ListExpr &l) {
  std::vector<ExprPtr> rows;
  for (ExprPtr &row : l.elements) {
    auto &r = cast<ListExpr>(*row);
    rows.push_back(std::make_unique<TupleExpr>(r.loc(), std::move(r.elements)));
  }
  return std::make_unique<TupleExpr>(l.loc(), std::move(rows));
}

/// Each statement of `block`, nested blocks included.
void eachStmt(Block &block, const std::function<void(Stmt &)> &f) {
  for (StmtPtr &s : block) {
    f(*s);
    forEachChildBlock(*s, [&](Block &b) { eachStmt(b, f); });
  }
}

bool mentions(ExprPtr &e, const std::string &name) {
  bool found = false;
  eachSlotIn(e, [&](ExprPtr &x) {
    if (auto *n = dyn_cast<NameExpr>(x.get()); n && n->name == name)
      found = true;
  });
  return found;
}

} // namespace

void Sema::lowerLocalTables(FunctionDef &fn) {
  static const std::set<std::string> reading = {"len", "sum",      "min",      "max",
                                                "sorted", "enumerate", "zip", "reversed",
                                                "any", "all"};
  // The candidates: names assigned a table display once, by `K = [[...]]`.
  std::map<std::string, ExprPtr *> tables;
  std::map<std::string, int> bindings;
  eachStmt(fn.body, [&](Stmt &s) {
    if (auto *a = dyn_cast<AssignStmt>(&s)) {
      for (ExprPtr &t : a->targets) {
        std::set<std::string> names;
        eachSlotIn(t, [&](ExprPtr &x) {
          if (auto *n = dyn_cast<NameExpr>(x.get()))
            names.insert(n->name);
        });
        for (const std::string &n : names)
          ++bindings[n];
      }
      if (a->targets.size() == 1 && isa<NameExpr>(a->targets[0].get()) &&
          isTableDisplay(a->value.get()))
        tables[cast<NameExpr>(*a->targets[0]).name] = &a->value;
    } else if (auto *a = dyn_cast<AugAssignStmt>(&s)) {
      eachSlotIn(a->target, [&](ExprPtr &x) {
        if (auto *n = dyn_cast<NameExpr>(x.get()))
          bindings[n->name] += 2;
      });
    } else if (auto *f = dyn_cast<ForStmt>(&s)) {
      eachSlotIn(f->target, [&](ExprPtr &x) {
        if (auto *n = dyn_cast<NameExpr>(x.get()))
          bindings[n->name] += 2;
      });
    } else if (auto *d = dyn_cast<DelStmt>(&s)) {
      for (ExprPtr &t : d->targets) // del K, del K[i]: not a table read once
        eachSlotIn(t, [&](ExprPtr &x) {
          if (auto *n = dyn_cast<NameExpr>(x.get()))
            bindings[n->name] += 2;
        });
    } else if (isa<UnsupportedStmt>(&s)) {
      bindings[""] += 1; // reported: nothing is rewritten
    }
  });
  if (tables.empty() || bindings[""])
    return;
  for (auto &[name, slot] : tables) {
    if (bindings[name] != 1)
      continue;
    // Nested functions reading the table keep it a list.
    bool captured = false;
    for (auto &other : module_.functions)
      for (FunctionDef *o = other->outer; o && !captured; o = o->outer)
        if (o == &fn)
          eachExprSlot(other->body, [&](ExprPtr &x) {
            if (auto *n = dyn_cast<NameExpr>(x.get()); n && n->name == name)
              captured = true;
          });
    if (captured)
      continue;
    // Every use a read.
    size_t uses = 0, reads = 0;
    eachExprSlot(fn.body, [&](ExprPtr &x) {
      auto isName = [&](const ExprPtr &y) {
        auto *n = dyn_cast<NameExpr>(y.get());
        return n && n->name == name;
      };
      if (isName(x))
        ++uses;
      else if (auto *s = dyn_cast<SubscriptExpr>(x.get()); s && isName(s->value))
        ++reads;
      else if (auto *c = dyn_cast<ComprehensionExpr>(x.get())) {
        reads += isName(c->iter);
        for (ComprehensionClause &cl : c->inner)
          reads += isName(cl.iter);
      } else if (auto *c = dyn_cast<CallExpr>(x.get())) {
        auto *callee = dyn_cast<NameExpr>(c->callee.get());
        if (callee && reading.count(callee->name) && !functions_.count(callee->name) &&
            c->keywords.empty())
          for (const ExprPtr &arg : c->args)
            reads += isName(arg);
      }
    });
    eachStmt(fn.body, [&](Stmt &s) {
      if (auto *f = dyn_cast<ForStmt>(&s); f && f->iter && isa<NameExpr>(f->iter.get()) &&
                                           cast<NameExpr>(*f->iter).name == name)
        ++reads;
      if (auto *a = dyn_cast<AssignStmt>(&s))
        for (ExprPtr &t : a->targets)
          if (!isa<NameExpr>(t.get()) && mentions(t, name))
            uses += 1000; // K[i] = v: a mutation
      if (auto *a = dyn_cast<AugAssignStmt>(&s); a && mentions(a->target, name))
        uses += 1000;
    });
    // The defining assignment's target is a use that is no read.
    if (uses != reads + 1)
      continue;
    *slot = toTuples(cast<ListExpr>(**slot));
  }
}

} // namespace sema
} // namespace llcc
