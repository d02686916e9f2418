//===- SemaModuleAssign.cpp - Module-level unpacking and in-place updates --===//
//
// Module-level constants are also written the way numpy users build
// weights, as CPython runs the module top to bottom:
//
//   Y, X = np.mgrid[-2:3, -2:3]          XX, YY = np.meshgrid(x, x)
//   LO, HI = 0.25, 0.75                  G /= G.sum()
//
// An unpacking becomes one constant per name: each item of a tuple or
// list written out (all computed before any name is assigned, through
// hidden names `llcc.unpack@L:C.k`), or each item the constant folder
// computes (the grids, a constant tuple's members, an array's rows). An
// augmented assignment `G op= e` is the rebinding `G = G op e` with
// numpy's in-place rules for an array G: the result keeps G's dtype and
// shape (an int G divided raises numpy's casting error), and it must not
// change another name sharing G's memory (`H = G.T`), which llcc's values
// computed once could not follow.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "ConstFold.h"
#include "SemaImpl.h"

#include <functional>

namespace llcc {
namespace sema {

namespace {

/// The constant an array expression is a view of (`G`, `G.T`,
/// `G.ravel()`, `G.reshape(...)`, `G[...]`, `np.asarray(G)`), or "".
std::string viewSource(const Expr &e, const std::map<std::string, int> &constants,
                       const Module &module) {
  if (auto *n = dyn_cast<NameExpr>(&e)) {
    auto it = constants.find(n->name);
    if (it == constants.end() || !isNdarray(module.constants[static_cast<size_t>(it->second)].type))
      return "";
    return n->name;
  }
  if (auto *a = dyn_cast<AttributeExpr>(&e))
    return a->attr == "T" ? viewSource(*a->value, constants, module) : "";
  if (auto *s = dyn_cast<SubscriptExpr>(&e))
    return viewSource(*s->value, constants, module);
  auto *c = dyn_cast<CallExpr>(&e);
  auto *callee = c ? dyn_cast<AttributeExpr>(c->callee.get()) : nullptr;
  if (!callee)
    return "";
  if (callee->attr == "ravel" || callee->attr == "reshape")
    return viewSource(*callee->value, constants, module);
  if (callee->attr == "asarray" && c->args.size() == 1)
    return viewSource(*c->args[0], constants, module);
  return "";
}

bool hiddenName(const std::string &name) { return name.rfind("llcc.", 0) == 0; }

const char *ufuncName(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
    return "add";
  case BinaryOp::Sub:
    return "subtract";
  case BinaryOp::Mul:
    return "multiply";
  case BinaryOp::Div:
    return "divide";
  case BinaryOp::FloorDiv:
    return "floor_divide";
  case BinaryOp::Mod:
    return "remainder";
  case BinaryOp::Pow:
    return "power";
  case BinaryOp::BitAnd:
    return "bitwise_and";
  case BinaryOp::BitOr:
    return "bitwise_or";
  case BinaryOp::BitXor:
    return "bitwise_xor";
  default:
    return "?";
  }
}

const char *opText(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  case BinaryOp::FloorDiv:
    return "//";
  case BinaryOp::Mod:
    return "%";
  case BinaryOp::Pow:
    return "**";
  case BinaryOp::BitAnd:
    return "&";
  case BinaryOp::BitOr:
    return "|";
  case BinaryOp::BitXor:
    return "^";
  default:
    return "?";
  }
}

const char *dtypeName(const Folded &v) {
  return v.isFloat ? "float64" : v.isBool ? "bool" : "int64";
}

int dtypeRank(const Folded &v) { return v.isFloat ? 2 : v.isBool ? 0 : 1; }

std::string shapeOf(const std::vector<int64_t> &dims) {
  std::string out = "(";
  for (size_t k = 0; k < dims.size(); ++k)
    out += (k ? "," : "") + std::to_string(dims[k]);
  return out + (dims.size() == 1 ? ",)" : ")");
}

/// The list or tuple display `e` is, or that the constant `e` names holds.
const Expr *displayOf(const Expr &e, const std::map<std::string, int> &constants,
                      const Module &module) {
  const Expr *d = &e;
  for (int hops = 0; hops < 16 && isa<NameExpr>(d); ++hops) {
    auto it = constants.find(cast<NameExpr>(d)->name);
    if (it == constants.end())
      return nullptr;
    d = module.constants[static_cast<size_t>(it->second)].value.get();
  }
  return isa<ListExpr>(d) || isa<TupleExpr>(d) ? d : nullptr;
}

/// `[1, 2, 1] * 3`, `3 * K`, `A + [0.0]` of lists or tuples (displays, or
/// constants holding one) written out as the one display CPython builds,
/// inside operators, calls and displays: `np.array([1, 2, 1] * 3)`.
void expandRepeats(ExprPtr &e, const std::map<std::string, int> &constants, const Module &module,
                   const std::function<std::optional<int64_t>(const Expr &)> &intOf,
                   int depth = 0) {
  if (depth > 64 || !e)
    return;
  if (auto *u = dyn_cast<UnaryExpr>(e.get()))
    return expandRepeats(u->operand, constants, module, intOf, depth + 1);
  if (auto *c = dyn_cast<CallExpr>(e.get())) {
    for (ExprPtr &a : c->args)
      expandRepeats(a, constants, module, intOf, depth + 1);
    return;
  }
  if (std::vector<ExprPtr> *items = displayItems(*e)) {
    for (ExprPtr &a : *items)
      expandRepeats(a, constants, module, intOf, depth + 1);
    return;
  }
  auto *b = dyn_cast<BinaryExpr>(e.get());
  if (!b)
    return;
  expandRepeats(b->lhs, constants, module, intOf, depth + 1);
  expandRepeats(b->rhs, constants, module, intOf, depth + 1);
  const Expr *l = displayOf(*b->lhs, constants, module);
  const Expr *r = displayOf(*b->rhs, constants, module);
  auto itemsOf = [](const Expr *d) -> const std::vector<ExprPtr> & {
    return isa<ListExpr>(d) ? cast<ListExpr>(*d).elements : cast<TupleExpr>(*d).elements;
  };
  std::vector<ExprPtr> out;
  const Expr *kind = nullptr;
  if (b->op == BinaryOp::Add && l && r && l->kind() == r->kind()) {
    out = cloneExprs(itemsOf(l));
    for (ExprPtr &x : cloneExprs(itemsOf(r)))
      out.push_back(std::move(x));
    kind = l;
  } else if (b->op == BinaryOp::Mul && (l != nullptr) != (r != nullptr)) {
    kind = l ? l : r;
    auto n = intOf(l ? *b->rhs : *b->lhs);
    if (!n || static_cast<double>(*n) * static_cast<double>(itemsOf(kind).size()) > 65536.0)
      return;
    for (int64_t k = 0; k < *n; ++k)
      for (ExprPtr &x : cloneExprs(itemsOf(kind)))
        out.push_back(std::move(x));
  } else {
    return;
  }
  SourceLoc at = e->loc();
  if (isa<ListExpr>(kind))
    e = std::make_unique<ListExpr>(at, std::move(out));
  else
    e = std::make_unique<TupleExpr>(at, std::move(out));
}

} // namespace

/// `NAME = f(NAME)` rebinds, as Python runs the module top to bottom: the
/// earlier value gets a hidden name that this value reads, and the
/// functions see the last value. False after a diagnostic.
bool Sema::rebindConstant(size_t i) {
  Constant &c = module_.constants[i];
  auto prev = constants_.find(c.name);
  if (prev == constants_.end())
    return true;
  std::string hidden = "llcc.was" + std::to_string(prev->second) + "." + c.name;
  if (!renameIn(c.value.get(), c.name, hidden)) {
    diags_.error(c.loc, "constant '" + c.name +
                            "' is assigned again with a comprehension, "
                            "lambda, dict, set or f-string; give it a "
                            "new name");
    return false;
  }
  module_.constants[static_cast<size_t>(prev->second)].name = hidden;
  constants_[hidden] = prev->second;
  constants_.erase(prev);
  if (auto b = buffers_.find(c.name); b != buffers_.end()) {
    buffers_[hidden] = b->second;
    buffers_.erase(b);
  }
  return true;
}

/// Replaces the unpacking `A, B = value` at `i` by a constant per name.
/// Returns 0 when those constants are left for collectConstants to
/// compute; after a diagnostic, the number of constants it made (each of
/// unknown type, so that the names are not reported again as undefined).
size_t Sema::expandUnpacking(size_t i) {
  Constant c = std::move(module_.constants[i]);
  size_t n = c.targets.size();
  std::vector<Constant> made;
  auto target = [&](size_t k, ExprPtr value) {
    made.push_back(Constant{c.targets[k].second, c.targets[k].first, std::move(value)});
  };
  std::string error;
  SourceLoc errorAt = c.value->loc();
  std::vector<ExprPtr> *items = displayItems(*c.value);
  std::string source = viewSource(*c.value, constants_, module_);
  bool raised = false;
  if (items && items->size() == n) {
    // `A, B = B, A`: every item computed, then each name assigned.
    std::string hidden =
        "llcc.unpack@" + std::to_string(c.loc.line) + ":" + std::to_string(c.loc.col) + ".";
    for (size_t k = 0; k < n; ++k) {
      SourceLoc at = (*items)[k]->loc();
      made.push_back(Constant{at, hidden + std::to_string(k), std::move((*items)[k])});
    }
    for (size_t k = 0; k < n; ++k)
      target(k, std::make_unique<NameExpr>(c.targets[k].second, hidden + std::to_string(k)));
  } else if (auto values = items ? std::nullopt : foldValues(*c.value, raised)) {
    if (values->size() != n) {
      error = values->size() > n
                  ? "CPython raises ValueError: too many values to unpack "
                    "(expected " +
                        std::to_string(n) + ")"
                  : "CPython raises ValueError: not enough values to unpack "
                    "(expected " +
                        std::to_string(n) + ", got " + std::to_string(values->size()) + ")";
    }
    for (size_t k = 0; error.empty() && k < n; ++k) {
      const Folded &v = (*values)[k];
      if (v.dims.empty() && v.isBool && v.numpy)
        error = "unpacking a 1-D bool array gives numpy bools (np.True_), which a module-level "
                "constant does not hold; keep the array and index it in the function";
      else if (v.dims.size() > 2)
        error = "an item of this unpacking has " + std::to_string(v.dims.size()) +
                " dimensions; a module-level array has one or two";
      else if (!source.empty())
        // the rows of an array are views of it: `r0, r1 = K` reads K[0], K[1]
        target(k,
               std::make_unique<SubscriptExpr>(
                   c.targets[k].second, copyPure(c.value.get()),
                   std::make_unique<IntLiteralExpr>(c.targets[k].second, static_cast<int64_t>(k))));
      else
        target(k, foldedExpr(v, c.targets[k].second));
    }
  } else if (items) {
    error = std::string("CPython raises ValueError: ") +
            (items->size() > n ? "too many values to unpack (expected " + std::to_string(n) + ")"
                               : "not enough values to unpack (expected " + std::to_string(n) +
                                     ", got " + std::to_string(items->size()) + ")");
  } else if (!raised) {
    error = "llcc unpacks at module level the arrays of np.mgrid[...], np.ogrid[...], "
            "np.meshgrid(...) and np.indices(...), a tuple or list (written out or a constant), and the rows of an "
            "array constant, each computed when compiling; compute anything else inside the "
            "function";
  }
  if (!error.empty())
    diags_.error(errorAt, error);
  bool failed = !error.empty() || raised;
  if (failed) {
    made.clear();
    for (size_t k = 0; k < n; ++k)
      target(k, std::make_unique<IntLiteralExpr>(c.targets[k].second, 0));
  }
  module_.constants.erase(module_.constants.begin() + static_cast<std::ptrdiff_t>(i));
  module_.constants.insert(module_.constants.begin() + static_cast<std::ptrdiff_t>(i),
                           std::make_move_iterator(made.begin()),
                           std::make_move_iterator(made.end()));
  if (!failed)
    return 0;
  for (size_t k = i; k < i + n; ++k) {
    rebindConstant(k);
    constants_[module_.constants[k].name] = static_cast<int>(k);
  }
  return n;
}

/// Computes and types the constant at `i`, as Python assigns it.
void Sema::collectConstant(size_t i) {
  Constant &c = module_.constants[i];
  // `G op= e` of an array G: its value before, and its hidden name after.
  std::optional<Folded> before;
  int previous = -1;
  if (auto it = constants_.find(c.name); c.inPlace && it != constants_.end()) {
    previous = it->second;
    if (isNdarray(module_.constants[static_cast<size_t>(previous)].type)) {
      bool raised = false;
      before = foldValue(NameExpr(c.loc, c.name), raised);
    }
  }
  // LUT = np.array([... for i in range(256)]): the values written out,
  // before the name is bound (the comprehension sees an old LUT).
  if (!expandConstantComprehensions(c.value)) {
    c.value = std::make_unique<IntLiteralExpr>(c.value->loc(), 0);
    c.reported = true;
  }
  expandRepeats(c.value, constants_, module_, [&](const Expr &x) -> std::optional<int64_t> {
    bool raised = false;
    auto v = foldValue(x, raised);
    if (!v || !v->dims.empty() || v->isFloat || v->isBool)
      return std::nullopt;
    return v->i[0];
  });
  if (!rebindConstant(i))
    return;
  auto *update = dyn_cast<BinaryExpr>(c.value.get());
  BinaryOp op = update ? update->op : BinaryOp::Add;
  if (auto *call = dyn_cast<CallExpr>(c.value.get()))
    if (auto *callee = dyn_cast<NameExpr>(call->callee.get());
        callee && callee->name.rfind("llcc.setitem", 0) == 0)
      op = BinaryOp::And; // a store `G[index] = v` (no operator of its own)
  std::string source = viewSource(*c.value, constants_, module_);
  reporting_ = true;
  inConstant_ = true;
  bool ok = foldArrayConstant(c); // KERNEL = np.array([...]) / 16.0, computed now
  if (ok && c.reported) {
    c.type = Type::Unknown;
  } else if (ok) {
    c.type = constantExprType(*c.value);
    c.shape = c.value->shape;
    if (c.type != Type::Unknown && !isNumeric(c.type) && c.type != Type::Str &&
        c.type != Type::Tuple && !isNdarray(c.type)) {
      diags_.error(c.value->loc(), "a module-level constant must be a number or a str");
      c.type = Type::Unknown;
    }
  }
  inConstant_ = false;
  reporting_ = false;
  if (ok && previous >= 0 &&
      !checkInPlace(c, op, before, module_.constants[static_cast<size_t>(previous)].name))
    c.type = Type::Unknown;
  constants_[c.name] = static_cast<int>(i);
  // The memory an array uses: G's own after `G op= e`, the viewed one's
  // for a view (`H = G.T`), else its own.
  buffers_.erase(c.name);
  if (!isNdarray(c.type))
    return;
  if (previous >= 0 && before)
    buffers_[c.name] = buffers_[module_.constants[static_cast<size_t>(previous)].name];
  else if (!source.empty() && buffers_.count(source))
    buffers_[c.name] = buffers_[source];
  else
    buffers_[c.name] = static_cast<int>(i) + 1;
}

/// numpy's in-place rules for `G op= e` of an array G, `before` its value
/// before: the result keeps G's dtype and shape, and no other name shares
/// G's memory. False after a diagnostic.
bool Sema::checkInPlace(const Constant &c, BinaryOp op, const std::optional<Folded> &before,
                        const std::string &previous) {
  if (!before || before->dims.empty())
    return true; // a number: `N += 1` makes a new one
  bool raised = false;
  std::optional<Folded> after = foldValue(*c.value, raised);
  if (!after)
    return !raised;
  if (dtypeRank(*after) > dtypeRank(*before)) {
    diags_.error(c.value->loc(), std::string("CPython raises numpy.core._exceptions."
                                             "_UFuncOutputCastingError (a UFuncTypeError): "
                                             "Cannot cast ufunc '") +
                                     ufuncName(op) + "' output from dtype('" + dtypeName(*after) +
                                     "') to dtype('" + dtypeName(*before) +
                                     "') with casting rule 'same_kind'; '" + c.name +
                                     "' keeps its dtype in place: write " + c.name + " = " +
                                     c.name + " " + opText(op) + " ... for a new array");
    return false;
  }
  if (after->dims != before->dims) {
    diags_.error(c.value->loc(), "CPython raises ValueError: non-broadcastable output operand "
                                 "with shape " +
                                     shapeOf(before->dims) + " doesn't match the broadcast shape " +
                                     shapeOf(after->dims));
    return false;
  }
  if (auto buffer = buffers_.find(previous); buffer != buffers_.end())
    for (const auto &[name, id] : buffers_)
      if (id == buffer->second && name != previous && !hiddenName(name)) {
        if (op == BinaryOp::And) {
          diags_.error(c.loc, "'" + c.name + "' shares its memory with '" + name +
                                  "' (a view of the same array); numpy's store would change '" +
                                  name + "' too, which llcc does not follow: define '" + name +
                                  "' after the stores, or as a copy (.copy())");
          return false;
        }
        diags_.error(c.value->loc(),
                     "'" + c.name + "' shares its memory with '" + name +
                         "' (a view of the same array); numpy's in-place update would change '" +
                         name + "' too, which llcc does not follow: write " + c.name + " = " +
                         c.name + " " + opText(op) + " ... for a new array");
        return false;
      }
  return true;
}

} // namespace sema
} // namespace llcc
