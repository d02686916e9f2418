//===- SemaNonzero.cpp - np.nonzero(a)[0] and np.where(a)[0] --------------===//
//
// numpy's np.nonzero(a), and np.where(a) with one argument, return a tuple
// of index arrays, one per dimension. For a 1-D array the tuple has one
// member, and filters take it at once: `np.nonzero(values > t)[0]`,
// `np.where(np.isnan(values))[0]`. Such a subscript becomes a call of the
// standard library's np.flatnonzero (the same indices, in order), the
// library call computing the part as for np.histogram(...)[0]. Of a 2-D
// window numpy gives one array per dimension, which llcc builds only
// unpacked (below); elsewhere a diagnostic points at that and at
// np.flatnonzero.
//
// np.argwhere(a) of a 1-D array is a (k, 1) int array of the same indices,
// which filters take a column of at once: np.argwhere(a)[:, 0],
// np.argwhere(a).ravel() or .flatten(), len(np.argwhere(a)). There the call
// becomes np.flatnonzero(a); a bare np.argwhere(a) stays a diagnostic.
//
// Unpacked into two names, `rows, cols = np.nonzero(w > t)` (or np.where
// of one argument), the tuple of a 2-D array is the row and column of
// each nonzero element in C order, which are the flat indices'
// quotient and remainder by the number of columns:
//
//   _a = w > t;  _r, _c = _a.shape;  _f = np.flatnonzero(_a)
//   rows = _f // _c;  cols = _f % _c
//
// (int64 arrays, numpy's intp). Unpacking the shape makes an array of
// another rank the unpacking error numpy's tuple would give.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

namespace llcc {
namespace sema {

bool Sema::isIndexTupleCall(const CallExpr &call) {
  if (indexTupleCalls_.count(&call))
    return true;
  auto *attr = dyn_cast<AttributeExpr>(call.callee.get());
  auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!base || locals_.count(base->name) || !call.keywords.empty() || call.args.size() != 1)
    return false;
  auto it = moduleAliases_.find(base->name);
  return it != moduleAliases_.end() && it->second == "numpy" &&
         (attr->attr == "nonzero" || attr->attr == "where");
}

Type Sema::typeOfIndexTuplePart(SubscriptExpr &s, CallExpr &call) {
  auto &attr = cast<AttributeExpr>(*call.callee);
  std::string shown = indexTupleCalls_.count(&call) ? indexTupleCalls_.at(&call) : "np." + attr.attr;
  Expr &array = *call.args[0];
  Type t = typeOf(array);
  typeOf(*s.index);
  if (t == Type::Unknown)
    return Type::Unknown;
  if (isWindow(array)) {
    error(call.loc(), shown +
                          "(a) of a 2-D array is a tuple of one index array per dimension, "
                          "which llcc builds only unpacked (rows, cols = " +
                          shown + "(a)); np.flatnonzero(a) gives the indices into a.ravel()");
    return Type::Unknown;
  }
  if (!isArray(t)) {
    error(array.loc(), shown + " takes an array here, not a " + std::string(typeName(t)));
    return Type::Unknown;
  }
  int64_t k;
  if (!intConstant(s.index.get(), k) || (k != 0 && k != -1)) {
    error(s.index->loc(), shown + "(a) of a 1-D array is a tuple of one index array: take [0]");
    return Type::Unknown;
  }
  indexTupleCalls_.emplace(&call, shown);
  attr.attr = "flatnonzero";
  call.type = typeOf(call);
  s.shape = call.shape;
  return call.type;
}

bool Sema::isArgwhereCall(const Expr *e) {
  auto *call = llvm::dyn_cast_or_null<CallExpr>(e);
  return call && call->args.size() == 1 && call->keywords.empty() && callsNumpy(*call, "argwhere");
}

bool Sema::argwhereColumn(CallExpr &call) {
  Expr &array = *call.args[0];
  Type t = typeOf(array);
  if (t == Type::Unknown)
    return false;
  if (isWindow(array)) {
    error(call.loc(), "np.argwhere(a) of a 2-D array is a (k, 2) array of (row, column) pairs, "
                      "which llcc does not build; np.flatnonzero(a) gives the indices into "
                      "a.ravel()");
    return false;
  }
  if (!isArray(t)) {
    error(array.loc(), "np.argwhere takes an array here, not a " + std::string(typeName(t)));
    return false;
  }
  SourceLoc at = call.callee->loc();
  call.callee =
      std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, numpyAlias()),
                                      "flatnonzero");
  return true;
}

void Sema::expandArgwhereCall(CallExpr &e) {
  auto *n = dyn_cast<NameExpr>(e.callee.get());
  if (n && n->name == "len" && !locals_.count("len") && !functions_.count("len") &&
      e.args.size() == 1 && isArgwhereCall(e.args[0].get())) {
    argwhereColumn(cast<CallExpr>(*e.args[0])); // len(np.argwhere(a)): k rows
    return;
  }
  auto *m = dyn_cast<AttributeExpr>(e.callee.get());
  if (m && (m->attr == "ravel" || m->attr == "flatten") && e.args.empty() &&
      isArgwhereCall(m->value.get()))
    argwhereColumn(cast<CallExpr>(*m->value));
}

void Sema::expandArgwhereSubscript(SubscriptExpr &s) {
  auto *t = dyn_cast<TupleExpr>(s.index.get());
  if (!t || t->elements.size() != 2 || !isArgwhereCall(s.value.get()))
    return;
  auto *all = dyn_cast<SliceExpr>(t->elements[0].get());
  int64_t k;
  if (!all || all->start || all->stop || all->step || !intConstant(t->elements[1].get(), k) ||
      (k != 0 && k != -1))
    return;
  if (argwhereColumn(cast<CallExpr>(*s.value))) // np.argwhere(a)[:, 0]: the one column
    s.index = std::make_unique<SliceExpr>(s.index->loc(), nullptr, nullptr, nullptr);
}

/// `rows, cols = np.nonzero(a)` at block[i] (see the banner), with the
/// numpy module's aliases: the statements replace it. The number of
/// statements now in its place; 0 when it is not such an unpacking.
size_t expandNonzeroUnpacking(Block &block, size_t i,
                              const std::map<std::string, std::string> &aliases) {
  auto *assign = dyn_cast<AssignStmt>(block[i].get());
  auto *targets = assign && assign->targets.size() == 1
                      ? dyn_cast<TupleExpr>(assign->targets[0].get())
                      : nullptr;
  auto *call = assign ? dyn_cast<CallExpr>(assign->value.get()) : nullptr;
  auto *attr = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
  auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!targets || targets->elements.size() != 2 || !base || call->args.size() != 1 ||
      !call->keywords.empty() || call->starred ||
      (attr->attr != "nonzero" && attr->attr != "where"))
    return 0;
  auto alias = aliases.find(base->name);
  if (alias == aliases.end() || alias->second != "numpy")
    return 0;
  for (const ExprPtr &t : targets->elements)
    if (!isa<NameExpr>(t.get()))
      return 0;
  SourceLoc loc = call->loc();
  std::string stem = "_llcc_nonzero_" + std::to_string(loc.line) + "_" + std::to_string(loc.col);
  auto name = [&](const std::string &n) { return std::make_unique<NameExpr>(loc, n); };
  auto assignTo = [&](ExprPtr target, ExprPtr value) -> StmtPtr {
    std::vector<ExprPtr> ts;
    ts.push_back(std::move(target));
    return std::make_unique<AssignStmt>(assign->loc(), std::move(ts), std::move(value));
  };
  std::vector<StmtPtr> out;
  out.push_back(assignTo(name(stem + "_a"), std::move(call->args[0])));
  std::vector<ExprPtr> shape;
  shape.push_back(name(stem + "_r"));
  shape.push_back(name(stem + "_c"));
  out.push_back(assignTo(std::make_unique<TupleExpr>(loc, std::move(shape)),
                         std::make_unique<AttributeExpr>(loc, name(stem + "_a"), "shape")));
  std::vector<ExprPtr> args;
  args.push_back(name(stem + "_a"));
  out.push_back(
      assignTo(name(stem + "_f"),
               std::make_unique<CallExpr>(
                   loc, std::make_unique<AttributeExpr>(loc, name(base->name), "flatnonzero"),
                   std::move(args), std::vector<KeywordArg>{})));
  out.push_back(assignTo(
      std::move(targets->elements[0]),
      std::make_unique<BinaryExpr>(loc, BinaryOp::FloorDiv, name(stem + "_f"), name(stem + "_c"))));
  out.push_back(assignTo(
      std::move(targets->elements[1]),
      std::make_unique<BinaryExpr>(loc, BinaryOp::Mod, name(stem + "_f"), name(stem + "_c"))));
  size_t added = out.size();
  block.erase(block.begin() + static_cast<std::ptrdiff_t>(i));
  block.insert(block.begin() + static_cast<std::ptrdiff_t>(i), std::make_move_iterator(out.begin()),
               std::make_move_iterator(out.end()));
  return added;
}

} // namespace sema
} // namespace llcc
