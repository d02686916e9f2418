//===- SemaVersions.cpp - A name bound again to a value of another kind -----===//
//
// Python code often binds a name again to a new kind of value:
//
//   values = sorted(values)       # the window (an array), then a list
//   a = list(a)                   # a helper's array parameter made a list
//   best, n = None, 0 ... best = float(best)
//
// llcc gives each local one type. Where such a binding is a plain
// assignment among the function's top-level statements (not inside a
// loop, a branch or a try), everything after it sees only the new value,
// so the name can start a new variable there: its targets and every later
// use get a versioned spelling (`values__llcc_v1`), the value it is
// computed from still reads the old one. This is exactly Python's
// semantics: a top-level statement dominates the rest of the body, and no
// later statement can reach the earlier binding.
//
// Names a nested def or a lambda reads (closures see the variable, not a
// value), names bound by `except ... as`, walrus targets, names of module
// constants and functions, and nested and library functions are left alone. Messages show the name as written
// (userSpelling).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Versions.h"

#include <set>

namespace llcc {

std::string userSpelling(const std::string &text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t at = text.find(VersionMark, i);
    if (at == std::string::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, at - i);
    size_t j = at + sizeof(VersionMark) - 1;
    if (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
        ++j;
      i = j;
    } else {
      out += VersionMark;
      i = j;
    }
  }
  return out;
}

namespace sema {
namespace {

using Renames = std::map<std::string, std::string>;

void renameExpr(Expr *e, const Renames &r) {
  if (!e)
    return;
  if (auto *n = dyn_cast<NameExpr>(e)) {
    if (auto it = r.find(n->name); it != r.end())
      n->name = it->second;
    return;
  }
  forEachChildExpr(*e, [&](ExprPtr &c) { renameExpr(c.get(), r); });
}

void renameBlock(Block &b, const Renames &r);

void renameStmt(Stmt &s, const Renames &r) {
  switch (s.kind()) {
  case Stmt::Kind::Expr:
    renameExpr(cast<ExprStmt>(s).value.get(), r);
    break;
  case Stmt::Kind::Assign: {
    auto &a = cast<AssignStmt>(s);
    for (auto &t : a.targets)
      renameExpr(t.get(), r);
    renameExpr(a.value.get(), r);
    break;
  }
  case Stmt::Kind::AugAssign:
    renameExpr(cast<AugAssignStmt>(s).target.get(), r);
    renameExpr(cast<AugAssignStmt>(s).value.get(), r);
    break;
  case Stmt::Kind::If:
    renameExpr(cast<IfStmt>(s).cond.get(), r);
    break;
  case Stmt::Kind::While:
    renameExpr(cast<WhileStmt>(s).cond.get(), r);
    break;
  case Stmt::Kind::For:
    renameExpr(cast<ForStmt>(s).target.get(), r);
    renameExpr(cast<ForStmt>(s).iter.get(), r);
    break;
  case Stmt::Kind::Del:
    for (auto &t : cast<DelStmt>(s).targets)
      renameExpr(t.get(), r);
    break;
  case Stmt::Kind::Return:
    renameExpr(cast<ReturnStmt>(s).value.get(), r);
    break;
  case Stmt::Kind::Raise:
    renameExpr(cast<RaiseStmt>(s).exception.get(), r);
    break;
  case Stmt::Kind::Assert:
    renameExpr(cast<AssertStmt>(s).cond.get(), r);
    renameExpr(cast<AssertStmt>(s).message.get(), r);
    break;
  case Stmt::Kind::Try:
    for (ExceptClause &c : cast<TryStmt>(s).handlers)
      renameExpr(c.type.get(), r);
    break;
  default:
    break;
  }
  forEachChildBlock(s, [&](Block &b) { renameBlock(b, r); });
}

void renameBlock(Block &b, const Renames &r) {
  for (auto &s : b)
    renameStmt(*s, r);
}

/// Names read or bound inside lambdas, walrus targets, and every name of an
/// expression (`into`).
void namesIn(Expr *e, std::set<std::string> &into, std::set<std::string> *fixed) {
  if (!e)
    return;
  if (auto *n = dyn_cast<NameExpr>(e))
    into.insert(n->name);
  if (fixed) {
    if (auto *l = dyn_cast<LambdaExpr>(e)) {
      fixed->insert(l->params.begin(), l->params.end());
      namesIn(l->body.get(), *fixed, nullptr);
    }
    if (auto *w = dyn_cast<NamedExpr>(e))
      namesIn(w->target.get(), *fixed, nullptr);
  }
  forEachChildExpr(*e, [&](ExprPtr &c) { namesIn(c.get(), into, fixed); });
}

void namesInBlock(Block &b, std::set<std::string> &into, std::set<std::string> *fixed) {
  for (auto &s : b) {
    Stmt &st = *s;
    auto each = [&](Expr *e) { namesIn(e, into, fixed); };
    switch (st.kind()) {
    case Stmt::Kind::Expr: each(cast<ExprStmt>(st).value.get()); break;
    case Stmt::Kind::Assign:
      for (auto &t : cast<AssignStmt>(st).targets)
        each(t.get());
      each(cast<AssignStmt>(st).value.get());
      break;
    case Stmt::Kind::AugAssign:
      each(cast<AugAssignStmt>(st).target.get());
      each(cast<AugAssignStmt>(st).value.get());
      break;
    case Stmt::Kind::If: each(cast<IfStmt>(st).cond.get()); break;
    case Stmt::Kind::While: each(cast<WhileStmt>(st).cond.get()); break;
    case Stmt::Kind::For:
      each(cast<ForStmt>(st).target.get());
      each(cast<ForStmt>(st).iter.get());
      break;
    case Stmt::Kind::Del:
      for (auto &t : cast<DelStmt>(st).targets)
        each(t.get());
      break;
    case Stmt::Kind::Return: each(cast<ReturnStmt>(st).value.get()); break;
    case Stmt::Kind::Raise: each(cast<RaiseStmt>(st).exception.get()); break;
    case Stmt::Kind::Assert:
      each(cast<AssertStmt>(st).cond.get());
      each(cast<AssertStmt>(st).message.get());
      break;
    case Stmt::Kind::Try:
      for (ExceptClause &c : cast<TryStmt>(st).handlers) {
        each(c.type.get());
        if (fixed && !c.asName.empty())
          fixed->insert(c.asName);
      }
      break;
    default:
      break;
    }
    forEachChildBlock(st, [&](Block &inner) { namesInBlock(inner, into, fixed); });
  }
}

/// The names a top-level `a = ...` / `a, b = ...` binds, when every target
/// is a plain name.
bool plainTargets(const AssignStmt &a, std::vector<NameExpr *> &out) {
  if (a.targets.size() != 1 || !a.value)
    return false;
  Expr *t = a.targets[0].get();
  if (auto *n = dyn_cast<NameExpr>(t)) {
    out.push_back(n);
    return true;
  }
  auto *tuple = dyn_cast<TupleExpr>(t);
  if (!tuple)
    return false;
  for (auto &el : tuple->elements) {
    auto *n = dyn_cast<NameExpr>(el.get());
    if (!n)
      return false;
    out.push_back(n);
  }
  return !out.empty();
}

void versionFunction(FunctionDef &fn, const Module &module) {
  // Left alone: names closures and lambdas read, walrus and `as` targets,
  // the module's functions and constants.
  std::set<std::string> fixed, all;
  namesInBlock(fn.body, all, &fixed);
  for (auto &other : module.functions) {
    for (FunctionDef *up = other->outer; up; up = up->outer)
      if (up == &fn) {
        std::set<std::string> inner;
        namesInBlock(other->body, inner, nullptr);
        fixed.insert(inner.begin(), inner.end());
        fixed.insert(other->captures.begin(), other->captures.end());
        break;
      }
    fixed.insert(other->name);
  }
  // A module constant read before a local of its name is bound is
  // CPython's UnboundLocalError; one variable keeps that so.
  for (const Constant &c : module.constants) {
    fixed.insert(c.name);
    for (auto &t : c.targets)
      fixed.insert(t.first);
  }
  // A name is bound again when an earlier statement (or the parameter
  // list) mentions it: Python makes it local to the whole function, so an
  // earlier read was of this local too.
  std::set<std::string> bound;
  for (const Param &p : fn.params) {
    bound.insert(p.name);
    // `weights=None` given its array by the body (`weights = G if weights
    // is None else weights`) is one variable: SemaNoneArgs.cpp's form.
    if (p.defaultValue && isa<NoneLiteralExpr>(p.defaultValue.get()))
      fixed.insert(p.name);
  }
  Renames current;
  std::map<std::string, int> count;
  for (auto &st : fn.body) {
    std::vector<NameExpr *> targets;
    auto *assign = dyn_cast<AssignStmt>(st.get());
    if (assign && plainTargets(*assign, targets)) {
      renameExpr(assign->value.get(), current); // the value reads the old binding
      std::set<std::string> names;
      namesIn(assign->value.get(), names, nullptr);
      std::set<std::string> seen;
      for (NameExpr *n : targets) {
        const std::string name = n->name;
        if (bound.count(name) && !fixed.count(name) && seen.insert(name).second)
          current[name] = name + VersionMark + std::to_string(++count[name]);
        bound.insert(name);
        if (auto it = current.find(name); it != current.end())
          n->name = it->second;
      }
      for (const std::string &n : names)
        bound.insert(userSpelling(n));
      continue;
    }
    std::set<std::string> names;
    Block one;
    one.push_back(std::move(st));
    namesInBlock(one, names, nullptr);
    renameBlock(one, current);
    st = std::move(one[0]);
    for (const std::string &n : names)
      bound.insert(n);
  }
}

} // namespace

/// `best_i, best_v = None, -1.0`: a tuple of literals (or of names it does
/// not bind) assigned to as many names is one assignment per name, in
/// order, which changes nothing Python does and lets `None` start a
/// variable (`best_i = None`) as it does alone.
void splitTupleAssignments(Block &block) {
  for (size_t i = 0; i < block.size(); ++i) {
    forEachChildBlock(*block[i], [](Block &b) { splitTupleAssignments(b); });
    auto *a = dyn_cast<AssignStmt>(block[i].get());
    auto *targets = a && a->targets.size() == 1 ? dyn_cast<TupleExpr>(a->targets[0].get()) : nullptr;
    auto *values = targets ? dyn_cast<TupleExpr>(a->value.get()) : nullptr;
    if (!values || values->elements.size() != targets->elements.size())
      continue;
    std::set<std::string> bound;
    bool names = true, none = false;
    for (auto &t : targets->elements)
      if (auto *n = dyn_cast<NameExpr>(t.get()))
        names &= bound.insert(n->name).second;
      else
        names = false;
    bool simple = names;
    for (auto &v : values->elements) {
      none |= isa<NoneLiteralExpr>(v.get());
      Expr *x = v.get();
      if (auto *u = dyn_cast<UnaryExpr>(x)) // -1.0
        x = u->operand.get();
      auto *n = dyn_cast<NameExpr>(x);
      simple &= isa<IntLiteralExpr>(x) || isa<FloatLiteralExpr>(x) || isa<BoolLiteralExpr>(x) ||
                isa<NoneLiteralExpr>(x) || isa<StringLiteralExpr>(x) ||
                (n && !bound.count(n->name));
    }
    if (!simple || !none) // only where a None needs it: the rest works as a tuple
      continue;
    std::vector<StmtPtr> split;
    for (size_t k = 0; k < values->elements.size(); ++k) {
      std::vector<ExprPtr> one;
      one.push_back(std::move(targets->elements[k]));
      split.push_back(std::make_unique<AssignStmt>(a->loc(), std::move(one),
                                                   std::move(values->elements[k])));
    }
    block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
    block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
                 std::make_move_iterator(split.begin()), std::make_move_iterator(split.end()));
    i += split.size() - 1;
  }
}

void versionRebindings(Module &module) {
  for (auto &fn : module.functions) {
    if (fn->isLibrary)
      continue;
    splitTupleAssignments(fn->body);
    if (!fn->outer)
      versionFunction(*fn, module);
  }
}

} // namespace sema
} // namespace llcc
