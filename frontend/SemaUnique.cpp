//===- SemaUnique.cpp - np.unique's return_index/inverse/counts ------------===//
//
// `np.unique(a, return_index=True, return_counts=True)` is a tuple of
// arrays in numpy, and llcc's tuples hold numbers. So, as for np.histogram,
// llcc takes one part at a time: `np.unique(a, return_counts=True)[1]` is a
// call of the standard library function that computes the counts (each
// part recomputes numpy's sort, which is exact and cheap for a window), and
// `u, c = np.unique(a, return_counts=True)` is rewritten before typing into
// one such assignment per target, the array evaluated once into a hidden
// local when it is not a plain name. The flags must be the constants True
// or False; `equal_nan` is passed on.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>

#include "BuiltinsLibrary.h"
#include "Diagnostics.h"
#include "SemaLibraryBind.h"

#include <set>

namespace llcc {
namespace sema {

size_t expandNonzeroUnpacking(Block &block, size_t i,
                              const std::map<std::string, std::string> &aliases); // SemaNonzero.cpp

namespace {

const char *const UniqueFlags[] = {"return_index", "return_inverse", "return_counts"};

/// True for `alias.unique(...)` where alias names numpy.
bool calleeIsUnique(const CallExpr &call, const std::map<std::string, std::string> &aliases) {
  auto *attr = dyn_cast<AttributeExpr>(call.callee.get());
  auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!base || attr->attr != "unique")
    return false;
  auto it = aliases.find(base->name);
  return it != aliases.end() && it->second == "numpy";
}

/// The parts a call returns: bit k for UniqueFlags[k] given as True; -1
/// when a flag is not a constant True or False.
int flagsOf(const CallExpr &call) {
  int flags = 0;
  for (const KeywordArg &k : call.keywords)
    for (int i = 0; i < 3; ++i)
      if (k.name == UniqueFlags[i]) {
        auto *b = dyn_cast<BoolLiteralExpr>(k.value.get());
        if (!b)
          return -1;
        if (b->value)
          flags |= 1 << i;
      }
  for (size_t i = 1; i < call.args.size() && i < 4; ++i) {
    auto *b = dyn_cast<BoolLiteralExpr>(call.args[i].get());
    if (!b)
      return -1;
    if (b->value)
      flags |= 1 << (i - 1);
  }
  return flags;
}

int countParts(int flags) { return 1 + (flags & 1) + ((flags >> 1) & 1) + ((flags >> 2) & 1); }

/// The library function computing part `k` of a call with `flags`.
int partFunction(int flags, int k) {
  if (k == 0)
    return 0;
  for (int i = 0; i < 3; ++i)
    if (flags & (1 << i) && --k == 0)
      return i + 1;
  return 0;
}

/// A copy of `e` when it is a name not among `targets` or a number
/// literal (possibly negated): something a second call may read again and
/// get the same value. Null otherwise.
ExprPtr copySimple(const Expr *e, const std::set<std::string> &targets) {
  if (auto *n = dyn_cast<NameExpr>(e))
    return targets.count(n->name) ? nullptr : std::make_unique<NameExpr>(n->loc(), n->name);
  if (auto *i = dyn_cast<IntLiteralExpr>(e))
    return std::make_unique<IntLiteralExpr>(i->loc(), i->value, i->overflow);
  if (auto *f = dyn_cast<FloatLiteralExpr>(e))
    return std::make_unique<FloatLiteralExpr>(f->loc(), f->value);
  if (auto *b = dyn_cast<BoolLiteralExpr>(e))
    return std::make_unique<BoolLiteralExpr>(b->loc(), b->value);
  if (auto *u = dyn_cast<NoneLiteralExpr>(e))
    return std::make_unique<NoneLiteralExpr>(u->loc());
  if (auto *u = dyn_cast<UnaryExpr>(e))
    if (ExprPtr operand = copySimple(u->operand.get(), targets))
      return std::make_unique<UnaryExpr>(u->loc(), u->op, std::move(operand));
  return nullptr;
}

/// The names bound by a (nested) tuple of targets.
void targetNames(const Expr *e, std::set<std::string> &out) {
  if (auto *n = dyn_cast<NameExpr>(e))
    out.insert(n->name);
  else if (auto *t = dyn_cast<TupleExpr>(e))
    for (const ExprPtr &x : t->elements)
      targetNames(x.get(), out);
}

} // namespace

int Sema::uniqueFlags(const CallExpr &call) {
  auto it = uniqueFlags_.find(&call);
  if (it != uniqueFlags_.end())
    return it->second;
  int flags = calleeIsUnique(call, moduleAliases_) ? flagsOf(call) : 0;
  uniqueFlags_[&call] = flags;
  return flags;
}

bool Sema::isUniqueTupleCall(const CallExpr &call) {
  if (!calleeIsUnique(call, moduleAliases_))
    return false;
  auto &base = cast<NameExpr>(*cast<AttributeExpr>(*call.callee).value);
  return !locals_.count(base.name) && uniqueFlags(call) != 0;
}

Type Sema::typeOfUniquePart(SubscriptExpr &s, CallExpr &call) {
  int flags = uniqueFlags(call);
  int64_t k;
  if (flags < 0) {
    typeOf(*s.index);
    call.type = typeOf(call); // reports the flag that is not a constant
    return Type::Unknown;
  }
  int n = countParts(flags);
  if (!intConstant(s.index.get(), k) || k < -n || k >= n) {
    typeOf(*s.index);
    error(s.index->loc(), "this np.unique(...) is a tuple of " + std::to_string(n) +
                              " arrays: take one of them with a constant index from 0 to " +
                              std::to_string(n - 1));
    return Type::Unknown;
  }
  typeOf(*s.index);
  uniquePart_[&call] = partFunction(flags, static_cast<int>(k < 0 ? k + n : k));
  call.type = typeOf(call);
  s.shape = call.shape;
  return call.type;
}

/// np.unique's arguments become (ar, kind, equal_nan): kind -1 without
/// indices (ar.sort()), 0 with return_inverse alone (argsort quicksort), 2
/// with return_index (argsort mergesort), as _unique1d sorts.
bool Sema::normalizeUniqueCall(CallExpr &e, const BuiltinFunction &b, const std::string &shown,
                               const std::function<void(SourceLoc, const std::string &)> &error) {
  std::vector<LibParam> params = parseLibraryParams(b.params);
  std::vector<ExprPtr> slots;
  bool ok = true;
  if (!bindLibraryArguments(e, b.qualifiedName, shown, params, b.params, slots, ok, error) ||
      !slots[0])
    return false;
  bool flag[5] = {false, false, false, false, true};
  for (int i = 1; i < 5; ++i) {
    if (!slots[i])
      continue;
    auto *lit = dyn_cast<BoolLiteralExpr>(slots[i].get());
    if (!lit) {
      error(slots[i]->loc(), shown + "'s " + params[i].name + " must be the constant True or False "
                                     "(it decides how many arrays np.unique returns)");
      ok = false;
      continue;
    }
    flag[i] = lit->value;
  }
  int kind = flag[1] ? 2 : flag[2] ? 0 : -1;
  SourceLoc loc = e.loc();
  e.args.clear();
  e.args.push_back(std::move(slots[0]));
  e.args.push_back(std::make_unique<IntLiteralExpr>(loc, kind));
  e.args.push_back(std::make_unique<IntLiteralExpr>(loc, flag[4] ? 1 : 0));
  return ok;
}

/// `u, c = np.unique(a, return_counts=True)` becomes `u = np.unique(a,
/// return_counts=True)[0]` and `c = ...[1]` (with `a` first stored in a
/// hidden local unless it is a name), in every block of every function.
void Sema::expandUniqueUnpacking(Block &block) {
  for (size_t i = 0; i < block.size(); ++i) {
    Stmt &st = *block[i];
    if (isa<TryStmt>(&st)) {
      forEachChildBlock(st, [&](Block &b) { expandUniqueUnpacking(b); });
      continue;
    }
    if (auto *s = dyn_cast<IfStmt>(&st)) {
      expandUniqueUnpacking(s->thenBody);
      expandUniqueUnpacking(s->elseBody);
      continue;
    }
    if (auto *s = dyn_cast<WhileStmt>(&st)) {
      expandUniqueUnpacking(s->body);
      expandUniqueUnpacking(s->elseBody);
      continue;
    }
    if (auto *s = dyn_cast<ForStmt>(&st)) {
      expandUniqueUnpacking(s->body);
      expandUniqueUnpacking(s->elseBody);
      continue;
    }
    auto *assign = dyn_cast<AssignStmt>(&st);
    if (!assign || assign->targets.size() != 1)
      continue;
    auto *targets = dyn_cast<TupleExpr>(assign->targets[0].get());
    auto *call = dyn_cast<CallExpr>(assign->value.get());
    // `gy, gx = np.gradient(w)`, also with spacings and numpy's edge_order
    // (kept on each part, which checks it).
    bool edgeOrderOnly =
        call && std::all_of(call->keywords.begin(), call->keywords.end(),
                            [](const KeywordArg &k) { return k.name == "edge_order"; });
    if (targets && call && isGradientCall(*call) && !call->args.empty() && edgeOrderOnly) {
      size_t added = expandGradientUnpacking(block, i);
      i += added - 1;
      continue;
    }
    if (std::vector<StmtPtr> meshed; call && meshGrids(*assign, meshed) && !meshed.empty()) {
      size_t added = meshed.size(); // np.meshgrid (SemaGrids.cpp)
      block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
      block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
                   std::make_move_iterator(meshed.begin()), std::make_move_iterator(meshed.end()));
      i += added - 1;
      continue;
    }
    if (size_t added = expandNonzeroUnpacking(block, i, moduleAliases_)) {
      i += added - 1; // rows, cols = np.nonzero(w > t) (SemaNonzero.cpp)
      continue;
    }
    if (targets && call && isHistogramCall(*call)) {
      size_t added = expandHistogramUnpacking(block, i);
      i += added - 1;
      continue;
    }
    if (!targets || !call || !calleeIsUnique(*call, moduleAliases_))
      continue;
    int flags = flagsOf(*call);
    if (flags <= 0 || call->args.empty())
      continue; // typed as written: its errors say what is wrong
    size_t parts = static_cast<size_t>(countParts(flags));
    if (targets->elements.size() != parts)
      // Each name still gets an array (the values), so that its uses
      // raise nothing more.
      diags_.error(targets->loc(), "this np.unique(...) returns " + std::to_string(parts) +
                                " arrays, but " + std::to_string(targets->elements.size()) +
                                " names are unpacked (numpy raises ValueError)");
    SourceLoc loc = call->loc();
    std::vector<StmtPtr> expanded;
    std::string arrayName;
    std::set<std::string> rebound;
    targetNames(targets, rebound);
    if (auto *n = dyn_cast<NameExpr>(call->args[0].get()); n && !rebound.count(n->name)) {
      arrayName = n->name;
    } else {
      arrayName = "_llcc_unique_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
      std::vector<ExprPtr> target;
      target.push_back(std::make_unique<NameExpr>(loc, arrayName));
      expanded.push_back(
          std::make_unique<AssignStmt>(st.loc(), std::move(target), std::move(call->args[0])));
    }
    auto *attr = cast<AttributeExpr>(call->callee.get());
    std::string alias = cast<NameExpr>(*attr->value).name;
    for (size_t k = 0; k < targets->elements.size(); ++k) {
      std::vector<ExprPtr> args;
      args.push_back(std::make_unique<NameExpr>(loc, arrayName));
      std::vector<KeywordArg> keywords;
      for (int f = 0; f < 3; ++f)
        if (flags & (1 << f)) {
          KeywordArg kw;
          kw.loc = loc;
          kw.name = UniqueFlags[f];
          kw.value = std::make_unique<BoolLiteralExpr>(loc, true);
          keywords.push_back(std::move(kw));
        }
      for (KeywordArg &orig : call->keywords)
        if (orig.name == "equal_nan") {
          auto *b = dyn_cast<BoolLiteralExpr>(orig.value.get());
          KeywordArg kw;
          kw.loc = orig.loc;
          kw.name = orig.name;
          kw.value = std::make_unique<BoolLiteralExpr>(orig.loc, b ? b->value : true);
          keywords.push_back(std::move(kw));
        }
      auto callee = std::make_unique<AttributeExpr>(
          attr->loc(), std::make_unique<NameExpr>(attr->value->loc(), alias), "unique");
      auto part = std::make_unique<CallExpr>(loc, std::move(callee), std::move(args),
                                             std::move(keywords));
      auto value = std::make_unique<SubscriptExpr>(
          loc, std::move(part),
          std::make_unique<IntLiteralExpr>(loc, static_cast<int64_t>(k < parts ? k : 0)));
      std::vector<ExprPtr> target;
      target.push_back(std::move(targets->elements[k]));
      expanded.push_back(
          std::make_unique<AssignStmt>(st.loc(), std::move(target), std::move(value)));
    }
    size_t added = expanded.size();
    block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
    block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
                 std::make_move_iterator(expanded.begin()), std::make_move_iterator(expanded.end()));
    i += added - 1;
  }
}

/// `hist, edges = np.histogram(a, bins, range=(lo, hi))` becomes `hist =
/// np.histogram(...)[0]` and `edges = np.histogram(...)[1]`, numpy's one
/// call computing both. Each argument is evaluated once, in order, as
/// Python does: anything but a literal or a name the assignment does not
/// rebind is first stored in a hidden local (the range pair element by
/// element, since np.histogram takes it as a literal pair). Returns the
/// number of statements that replaced statement `i`.
size_t Sema::expandHistogramUnpacking(Block &block, size_t i) {
  Stmt &st = *block[i];
  auto &assign = cast<AssignStmt>(st);
  auto &targets = cast<TupleExpr>(*assign.targets[0]);
  auto &call = cast<CallExpr>(*assign.value);
  if (targets.elements.size() != 2)
    // Each name still gets an array, so that its uses raise nothing more.
    diags_.error(targets.loc(), "np.histogram(...) returns 2 arrays (hist, bin_edges), but " +
                                    std::to_string(targets.elements.size()) +
                                    " names are unpacked (numpy raises ValueError)");
  std::set<std::string> rebound;
  targetNames(&targets, rebound);
  std::vector<StmtPtr> expanded;
  int hoisted = 0;
  // Two copies of `e`, one for each call: `e` itself when it is simple,
  // else a hidden local it is first stored in.
  auto copyOrHoist = [&](ExprPtr &e, ExprPtr copies[2]) {
    if (ExprPtr simple = copySimple(e.get(), rebound)) {
      copies[0] = std::move(simple);
      copies[1] = copySimple(e.get(), rebound);
      return;
    }
    std::string name = "_llcc_histogram_" + std::to_string(call.loc().line) + "_" +
                       std::to_string(call.loc().col) + "_" + std::to_string(hoisted++);
    SourceLoc at = e->loc();
    std::vector<ExprPtr> target;
    target.push_back(std::make_unique<NameExpr>(at, name));
    expanded.push_back(std::make_unique<AssignStmt>(st.loc(), std::move(target), std::move(e)));
    copies[0] = std::make_unique<NameExpr>(at, name);
    copies[1] = std::make_unique<NameExpr>(at, name);
  };
  // A copy of an argument for each call; the range pair element by element,
  // since np.histogram takes it as a literal pair.
  auto twice = [&](ExprPtr &e, ExprPtr copies[2]) {
    auto *pair = dyn_cast<TupleExpr>(e.get());
    if (!pair) {
      copyOrHoist(e, copies);
      return;
    }
    std::vector<ExprPtr> elements[2];
    for (ExprPtr &x : pair->elements) {
      ExprPtr c[2];
      copyOrHoist(x, c);
      elements[0].push_back(std::move(c[0]));
      elements[1].push_back(std::move(c[1]));
    }
    copies[0] = std::make_unique<TupleExpr>(pair->loc(), std::move(elements[0]));
    copies[1] = std::make_unique<TupleExpr>(pair->loc(), std::move(elements[1]));
  };
  std::vector<ExprPtr> args[2];
  std::vector<KeywordArg> keywords[2];
  for (ExprPtr &a : call.args) {
    ExprPtr c[2];
    twice(a, c);
    args[0].push_back(std::move(c[0]));
    args[1].push_back(std::move(c[1]));
  }
  for (KeywordArg &k : call.keywords) {
    ExprPtr c[2];
    twice(k.value, c);
    for (int part = 0; part < 2; ++part)
      keywords[part].push_back(KeywordArg{k.loc, k.name, std::move(c[part])});
  }
  auto &attr = cast<AttributeExpr>(*call.callee);
  std::string alias = cast<NameExpr>(*attr.value).name;
  SourceLoc loc = call.loc();
  for (size_t k = 0; k < targets.elements.size(); ++k) {
    int part = k < 2 ? static_cast<int>(k) : 0;
    std::vector<ExprPtr> partArgs;
    std::vector<KeywordArg> partKeywords;
    if (k < 2) {
      partArgs = std::move(args[part]);
      partKeywords = std::move(keywords[part]);
    }
    auto callee = std::make_unique<AttributeExpr>(
        attr.loc(), std::make_unique<NameExpr>(attr.value->loc(), alias), "histogram");
    auto partCall = std::make_unique<CallExpr>(loc, std::move(callee), std::move(partArgs),
                                               std::move(partKeywords));
    auto value = std::make_unique<SubscriptExpr>(
        loc, std::move(partCall), std::make_unique<IntLiteralExpr>(loc, part));
    std::vector<ExprPtr> target;
    target.push_back(std::move(targets.elements[k]));
    expanded.push_back(std::make_unique<AssignStmt>(st.loc(), std::move(target), std::move(value)));
  }
  size_t added = expanded.size();
  block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
  block.insert(block.begin() + static_cast<std::ptrdiff_t>(i),
               std::make_move_iterator(expanded.begin()), std::make_move_iterator(expanded.end()));
  return added;
}

} // namespace sema
} // namespace llcc
