//===- SemaSetConstants.cpp - module-level set constants -------------------===//
//
// `VALID = {1, 2, 3}`, `NEIGHBOURS = {(0, 1), (1, 0)}`, `ODD =
// frozenset({1, 3})` at module level: a set of number literals (or tuples of
// them) that the functions read. Before the constants are collected, each
// such constant leaves the module and its reads in functions are written
// out where they are:
//
//   x in VALID, x not in VALID   x in (1, 2, 3)       (the distinct elements)
//   len(VALID)                   3
//   any other read               {1, 2, 3}            (a fresh set display;
//                                frozenset({1, 3}) for a frozenset constant)
//
// A set display builds the same hash table as the module's set (CPython
// inserts the elements in the same order), so iteration, sorted(), the
// operators and the comparisons with local sets see what CPython sees; `in`
// of numbers is `==` against each element, as set lookup is for numbers
// (equal numbers hash alike; literal elements are never NaN). A duplicate
// element keeps its first spelling (`{1, 1.0}` is `{1}`), as CPython's.
// Since every read is a new set, what would change the module's set is a
// compile error: its mutating methods (`VALID.add(4)`) and passing it to a
// function of the file (which might change it; pass `set(VALID)`). Other
// module-level constants cannot use it either.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaFrozenset.h"
#include "SemaImpl.h"

#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace llcc {
namespace sema {

void statementTargets(const Stmt &s, std::set<std::string> &out);          // SemaNext.cpp
void eachStatement(Block &block, const std::function<void(StmtPtr &)> &f); // SemaNext.cpp

namespace {
/// A folded element: a number (`isFloat` tells which field holds it) or a
/// tuple of elements.
struct Element {
  bool isTuple = false;
  bool isFloat = false;
  int64_t i = 0;
  double f = 0;
  std::vector<Element> members;
};

/// Python's `==` of two folded elements (numbers by value, tuples member by
/// member), which is set membership for these hashable values.
bool sameElement(const Element &a, const Element &b) {
  if (a.isTuple != b.isTuple)
    return false;
  if (a.isTuple) {
    if (a.members.size() != b.members.size())
      return false;
    for (size_t k = 0; k < a.members.size(); ++k)
      if (!sameElement(a.members[k], b.members[k]))
        return false;
    return true;
  }
  if (a.isFloat && b.isFloat)
    return a.f == b.f;
  if (!a.isFloat && !b.isFloat)
    return a.i == b.i;
  const Element &fl = a.isFloat ? a : b;
  const Element &in = a.isFloat ? b : a;
  // Exact: the float is integral, in int64's range, and that integer.
  return std::nearbyint(fl.f) == fl.f && fl.f >= -9223372036854775808.0 &&
         fl.f < 9223372036854775808.0 && int64_t(fl.f) == in.i;
}

/// Folds a literal element: int, float and bool literals, a sign on a
/// number literal, tuples of those. False for anything else.
bool foldElement(const Expr *e, Element &out, int depth = 0) {
  if (!e || depth > 16)
    return false;
  if (auto *l = dyn_cast<IntLiteralExpr>(e)) {
    out.i = l->value;
    return !l->overflow;
  }
  if (auto *l = dyn_cast<BoolLiteralExpr>(e)) {
    out.i = l->value ? 1 : 0;
    return true;
  }
  if (auto *l = dyn_cast<FloatLiteralExpr>(e)) {
    out.isFloat = true;
    out.f = l->value;
    return true;
  }
  if (auto *u = dyn_cast<UnaryExpr>(e)) {
    if (u->op != UnaryExpr::Op::Neg && u->op != UnaryExpr::Op::Pos)
      return false;
    if (!isa<IntLiteralExpr>(u->operand.get()) && !isa<FloatLiteralExpr>(u->operand.get()))
      return false;
    if (!foldElement(u->operand.get(), out, depth + 1))
      return false;
    if (u->op == UnaryExpr::Op::Neg) {
      if (!out.isFloat && out.i == INT64_MIN)
        return false;
      out.i = -out.i;
      out.f = -out.f;
    }
    return true;
  }
  if (auto *t = dyn_cast<TupleExpr>(e)) {
    out.isTuple = true;
    for (const ExprPtr &m : t->elements) {
      Element member;
      if (!foldElement(m.get(), member, depth + 1))
        return false;
      out.members.push_back(std::move(member));
    }
    return true;
  }
  return false;
}

/// One set constant: its distinct elements' expressions, first spelling.
struct SetConst {
  SourceLoc loc;
  bool frozen = false;
  std::vector<ExprPtr> elements;
};

bool isCallOf(const Expr *e, const char *name) {
  auto *c = llvm::dyn_cast_or_null<CallExpr>(e);
  auto *n = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  return n && n->name == name && c->keywords.empty() && c->args.size() <= 1 && !c->starred;
}

/// The elements of a set constant's value (`{...}`, `set(...)` or
/// `frozenset(...)` of a display, or of nothing), or null when the value
/// is not one.
const std::vector<ExprPtr> *setElements(const Expr *value, bool &frozen) {
  static const std::vector<ExprPtr> none;
  frozen = false;
  if (auto *s = llvm::dyn_cast_or_null<SetExpr>(value))
    return &s->elements;
  bool isSet = isCallOf(value, "set");
  frozen = isCallOf(value, "frozenset");
  if (!isSet && !frozen)
    return nullptr;
  auto &c = cast<CallExpr>(*value);
  if (c.args.empty())
    return &none;
  Expr *arg = c.args[0].get();
  if (auto *s = dyn_cast<SetExpr>(arg))
    return &s->elements;
  if (auto *items = displayItems(*arg))
    return items;
  return nullptr;
}

/// Whether `e` reads the name `name` anywhere.
bool readsName(ExprPtr &e, const std::string &name) {
  bool found = false;
  eachSlotIn(e, [&](ExprPtr &slot) {
    if (auto *n = llvm::dyn_cast_or_null<NameExpr>(slot.get()); n && n->name == name)
      found = true;
  });
  return found;
}
} // namespace

/// Rewrites the module's set constants (see the file comment); the
/// constants leave `module.constants`.
void lowerSetConstants(Module &module, DiagnosticEngine &diags) {
  std::map<std::string, SetConst> sets;
  std::vector<Constant> kept;
  for (Constant &c : module.constants) {
    bool frozen = false;
    const std::vector<ExprPtr> *elements = c.name.empty() || c.inPlace || !c.targets.empty()
                                               ? nullptr
                                               : setElements(c.value.get(), frozen);
    // A later constant that reads a set constant, or binds its name again.
    for (auto &[name, s] : sets) {
      if (c.value && readsName(c.value, name))
        diags.error(c.loc, "'" + name +
                               "' is a set constant, read only inside functions; other "
                               "module-level constants cannot use it");
      if (c.name == name)
        diags.error(c.loc, "'" + name +
                               "' is a set constant and cannot be assigned again at module "
                               "level; give the new value another name");
    }
    // A set of str literals is inlined where it is read, as tuples and lists
    // of strs are (inlineStrDisplays, SemaClosures.cpp).
    bool strs = false;
    for (size_t k = 0; elements && k < elements->size(); ++k)
      strs = strs || llvm::isa_and_nonnull<StringLiteralExpr>((*elements)[k].get());
    if (!elements || strs) {
      kept.push_back(std::move(c));
      continue;
    }
    SetConst sc;
    sc.loc = c.loc;
    sc.frozen = frozen;
    std::vector<Element> folded;
    bool ok = true;
    for (const ExprPtr &e : *elements) {
      Element el;
      if (!foldElement(e.get(), el)) {
        diags.error(e ? e->loc() : c.loc,
                    "a set constant's elements must be int, float or bool literals, or tuples "
                    "of them (build other sets inside the function)");
        ok = false;
        break;
      }
      bool seen = false;
      for (const Element &f : folded)
        seen = seen || sameElement(f, el);
      if (seen)
        continue;
      folded.push_back(el);
      sc.elements.push_back(cloneExpr(e.get()));
    }
    if (ok)
      sets[c.name] = std::move(sc);
  }
  module.constants = std::move(kept);
  if (sets.empty())
    return;

  std::set<std::string> functionNames;
  for (auto &fn : module.functions)
    functionNames.insert(fn->name);
  auto display = [&](const SetConst &s, SourceLoc loc) -> ExprPtr {
    std::vector<ExprPtr> items;
    for (const ExprPtr &e : s.elements)
      items.push_back(cloneExpr(e.get()));
    if (items.empty()) {
      auto call = std::make_unique<CallExpr>(loc, std::make_unique<NameExpr>(loc, "set"),
                                             std::vector<ExprPtr>{}, std::vector<KeywordArg>{});
      if (!s.frozen)
        return call;
      items.push_back(std::move(call));
    } else {
      items = [&] {
        std::vector<ExprPtr> one;
        one.push_back(std::make_unique<SetExpr>(loc, std::move(items)));
        return one;
      }();
      if (!s.frozen)
        return std::move(items[0]);
    }
    return std::make_unique<CallExpr>(loc, std::make_unique<NameExpr>(loc, "frozenset"),
                                      std::move(items), std::vector<KeywordArg>{});
  };
  auto named = [&](const Expr *e) -> const SetConst * {
    auto *n = llvm::dyn_cast_or_null<NameExpr>(e);
    if (!n)
      return nullptr;
    auto it = sets.find(n->name);
    return it == sets.end() ? nullptr : &it->second;
  };

  for (auto &fn : module.functions) {
    // A function that binds the name (a parameter, an assignment) reads its
    // own variable, not the constant.
    std::set<std::string> bound;
    for (const Param &p : fn->params)
      bound.insert(p.name);
    eachStatement(fn->body, [&](StmtPtr &s) { statementTargets(*s, bound); });
    auto visible = [&](const Expr *e) -> const SetConst * {
      const SetConst *s = named(e);
      return s && !bound.count(cast<NameExpr>(e)->name) ? s : nullptr;
    };
    // First the forms that read the set without building it, and those
    // that would change it.
    eachSlot(fn->body, [&](ExprPtr &slot) {
      if (auto *cmp = llvm::dyn_cast_or_null<CompareExpr>(slot.get())) {
        for (size_t k = 0; k < cmp->ops.size(); ++k) {
          const SetConst *s = visible(cmp->operands[k + 1].get());
          if (!s || (cmp->ops[k] != CompareOp::In && cmp->ops[k] != CompareOp::NotIn))
            continue;
          SourceLoc loc = cmp->operands[k + 1]->loc();
          std::vector<ExprPtr> items;
          for (const ExprPtr &e : s->elements)
            items.push_back(cloneExpr(e.get()));
          cmp->operands[k + 1] = std::make_unique<TupleExpr>(loc, std::move(items));
        }
        return;
      }
      auto *call = llvm::dyn_cast_or_null<CallExpr>(slot.get());
      if (!call)
        return;
      auto *callee = dyn_cast<NameExpr>(call->callee.get());
      if (callee && callee->name == "len" && call->args.size() == 1 && call->keywords.empty() &&
          !bound.count("len") && !functionNames.count("len")) {
        if (const SetConst *s = visible(call->args[0].get())) {
          slot = std::make_unique<IntLiteralExpr>(call->loc(), int64_t(s->elements.size()));
          return;
        }
      }
      if (auto *attr = dyn_cast<AttributeExpr>(call->callee.get())) {
        if (const SetConst *s = visible(attr->value.get())) {
          if (isMutatingSetMethod(attr->attr))
            diags.error(attr->loc(),
                        "'" + cast<NameExpr>(attr->value.get())->name + "' is a module-level " +
                            (s->frozen ? "frozenset" : "set") + " constant; llcc cannot change " +
                            "it: make a copy in the function (s = set(" +
                            cast<NameExpr>(attr->value.get())->name + ")), then change s");
        }
      }
      if (callee && functionNames.count(callee->name)) {
        auto refuse = [&](const ExprPtr &arg) {
          if (visible(arg.get()))
            diags.error(arg->loc(), "a module-level set constant cannot be passed to a function "
                                    "of the file (which might change it); pass a copy: set(" +
                                        cast<NameExpr>(arg.get())->name + ")");
        };
        for (const ExprPtr &arg : call->args)
          refuse(arg);
        for (const KeywordArg &k : call->keywords)
          refuse(k.value);
      }
    });
    // Then every other read: a fresh set display.
    eachSlot(fn->body, [&](ExprPtr &slot) {
      if (const SetConst *s = visible(slot.get()))
        slot = display(*s, slot->loc());
    });
  }
}

} // namespace sema
} // namespace llcc
