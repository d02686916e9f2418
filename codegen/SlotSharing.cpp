//===- SlotSharing.cpp - One slot for the versions of a rebound name -------===//
//
// SemaVersions.cpp makes each top-level rebinding of a name a version of
// its own (`s`, `s__llcc_v1`, `s__llcc_v2`, ...). Given one alloca each, a
// body of thousands of `s = s + ...` lines hands LLVM's mem2reg thousands
// of allocas, and its iterated-dominance-frontier work grows with their
// number times the body's size: 80 s at -O2 for 8,000 lines
// (bench/compile_scaling.py; bench/notes.md 2026-12-07). Versions of one
// LLVM type share a slot where that cannot change a value:
//
//   - the older version is last mentioned by a top-level statement before
//     the one that binds the newer, or
//   - that statement is `new = <expression of old>` with a number type:
//     IRGen computes the whole value before it stores it.
//
// Not when a statement reads the old version after the new one is bound,
// which desugared statements do (`w, gx = np.gradient(w)` becomes `w_v1 =
// ...w...` then `gx = ...w...`), nor for any other name than versions and
// the name they version.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Versions.h"

#include <algorithm>

namespace llcc {

namespace {

using llvm::dyn_cast;

/// The first and last top-level statement of the body that mention each
/// local; parameters are bound before the first (-1).
struct Mentions {
  std::vector<int> first, last;
  void note(int local, int statement) {
    if (local < 0 || static_cast<size_t>(local) >= first.size())
      return;
    first[local] = std::min(first[local], statement);
    last[local] = std::max(last[local], statement);
  }
  static constexpr int Unmentioned = 1 << 30;
};

void mentionsIn(const Expr *e, int statement, Mentions &m) {
  if (!e)
    return;
  if (auto *n = dyn_cast<NameExpr>(e))
    if (n->ref == NameRef::Local)
      m.note(n->localIndex, statement);
  forEachChildExpr(const_cast<Expr &>(*e), [&](ExprPtr &c) { mentionsIn(c.get(), statement, m); });
}

void mentionsInBlock(const Block &b, int statement, Mentions &m);

void mentionsInStmt(const Stmt &s, int statement, Mentions &m) {
  auto each = [&](const ExprPtr &e) { mentionsIn(e.get(), statement, m); };
  switch (s.kind()) {
  case Stmt::Kind::Expr: each(static_cast<const ExprStmt &>(s).value); break;
  case Stmt::Kind::Assign:
    for (const ExprPtr &t : static_cast<const AssignStmt &>(s).targets)
      each(t);
    each(static_cast<const AssignStmt &>(s).value);
    break;
  case Stmt::Kind::AugAssign:
    each(static_cast<const AugAssignStmt &>(s).target);
    each(static_cast<const AugAssignStmt &>(s).value);
    break;
  case Stmt::Kind::If: each(static_cast<const IfStmt &>(s).cond); break;
  case Stmt::Kind::While: each(static_cast<const WhileStmt &>(s).cond); break;
  case Stmt::Kind::For:
    each(static_cast<const ForStmt &>(s).target);
    each(static_cast<const ForStmt &>(s).iter);
    break;
  case Stmt::Kind::Del:
    for (const ExprPtr &t : static_cast<const DelStmt &>(s).targets)
      each(t);
    break;
  case Stmt::Kind::Return: each(static_cast<const ReturnStmt &>(s).value); break;
  case Stmt::Kind::Raise: each(static_cast<const RaiseStmt &>(s).exception); break;
  case Stmt::Kind::Assert:
    each(static_cast<const AssertStmt &>(s).cond);
    each(static_cast<const AssertStmt &>(s).message);
    break;
  case Stmt::Kind::Try:
    for (const ExceptClause &c : static_cast<const TryStmt &>(s).handlers) {
      each(c.type);
      for (int hidden : {c.textLocal, c.classLocal, c.argLocal})
        m.note(hidden, statement);
    }
    break;
  default:
    break;
  }
  forEachChildBlock(const_cast<Stmt &>(s), [&](Block &b) { mentionsInBlock(b, statement, m); });
}

void mentionsInBlock(const Block &b, int statement, Mentions &m) {
  for (const StmtPtr &s : b)
    mentionsInStmt(*s, statement, m);
}

/// `name` is a version SemaVersions.cpp made of `base` (`s__llcc_v12`).
bool isVersionOf(const std::string &name, const std::string &base) {
  static const std::string mark = VersionMark;
  if (name.size() <= base.size() + mark.size() || name.compare(0, base.size(), base) != 0 ||
      name.compare(base.size(), mark.size(), mark) != 0)
    return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(base.size() + mark.size()),
                     name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isNumber(Type t) {
  return t == Type::Float || t == Type::Int || t == Type::Bool || t == Type::IntOrFloat;
}

} // namespace

std::vector<size_t> IRGen::sharedSlots(const FunctionDef &fn) {
  const size_t n = fn.locals.size();
  std::vector<size_t> owner(n);
  for (size_t i = 0; i < n; ++i)
    owner[i] = i;
  // The versioned names and the names they version, each spelled by one
  // local only (two comprehension variables `v` are two locals).
  std::map<std::string, std::vector<size_t>> groups;
  std::map<std::string, int> spelled;
  bool anyVersion = false;
  for (size_t i = 0; i < n; ++i) {
    const std::string &name = fn.locals[i].name;
    ++spelled[name];
    std::string base = userSpelling(name);
    if (base == name || isVersionOf(name, base)) {
      anyVersion |= base != name;
      groups[base].push_back(i);
    }
  }
  if (!anyVersion)
    return owner;
  Mentions m;
  m.first.assign(n, Mentions::Unmentioned);
  m.last.assign(n, -1);
  for (size_t i = 0; i < n; ++i)
    if (fn.locals[i].isParam)
      m.note(static_cast<int>(i), -1);
  for (size_t k = 0; k < fn.body.size(); ++k)
    mentionsInStmt(*fn.body[k], static_cast<int>(k), m);
  // The statement `new = <number expression>` whose target is `local`.
  auto bindsNumber = [&](int statement, size_t local) {
    if (statement < 0 || static_cast<size_t>(statement) >= fn.body.size())
      return false;
    auto *a = dyn_cast<AssignStmt>(fn.body[statement].get());
    auto *t = a && a->targets.size() == 1 ? dyn_cast<NameExpr>(a->targets[0].get()) : nullptr;
    return t && t->ref == NameRef::Local && static_cast<size_t>(t->localIndex) == local &&
           isNumber(fn.locals[local].type);
  };
  for (auto &[base, members] : groups) {
    if (members.size() < 2)
      continue;
    bool unique = true;
    for (size_t i : members)
      unique &= spelled[fn.locals[i].name] == 1 && m.first[i] != Mentions::Unmentioned;
    if (!unique)
      continue;
    std::sort(members.begin(), members.end(),
              [&](size_t a, size_t b) { return m.first[a] < m.first[b]; });
    size_t slot = members[0];
    int lastUse = m.last[slot];
    for (size_t k = 1; k < members.size(); ++k) {
      size_t v = members[k];
      bool sameType = llvmType(fn.locals[v].type, fn.locals[v].shape) ==
                      llvmType(fn.locals[slot].type, fn.locals[slot].shape);
      bool after = lastUse < m.first[v] || (lastUse == m.first[v] && bindsNumber(m.first[v], v));
      if (sameType && after && !fn.locals[v].isParam) {
        owner[v] = slot;
        lastUse = std::max(lastUse, m.last[v]);
      } else {
        slot = v;
        lastUse = m.last[v];
      }
    }
  }
  return owner;
}

} // namespace llcc
