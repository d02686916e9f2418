//===- SemaBlock.cpp - Where a block of a 2-D array may be used -------------===//
//
// A block is a 2-D array both of whose extents are known only at run time:
// `w[i:i + 2, j:j + 2]`, clamped and possibly empty as numpy's slices are
// (frontend/Window.h, isBlockShape). Its lowering reads both extents from
// the value, which the window code that indexes, iterates, reduces over
// all elements and broadcasts already does through windowOf; the rest of
// the window code (axis= reductions, joins, matrix products, grids...)
// folds extents to constants. So rather than teach every consumer, each
// expression's use of a block is checked against the uses that work, and
// the others are a compile error naming what does.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include "Window.h"

#include <llvm/Support/Casting.h>

#include <set>
#include <string>

namespace llcc {
namespace sema {

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

bool elementwiseNumpyCall(const CallExpr &c); // SemaNewaxis.cpp

namespace {

/// Reductions of a block over all of its elements, as methods (b.sum())
/// and numpy functions (np.sum(b)).
const std::set<std::string> &blockReductions() {
  static const std::set<std::string> names = {
      "sum",    "mean",       "var",      "std",           "min",   "max",    "amin",
      "amax",   "any",        "all",      "prod",          "ptp",   "argmax", "argmin",
      "median", "percentile", "quantile", "count_nonzero", "ravel", "flatten"};
  return names;
}

/// Attributes of a block: measurements, and the methods above.
bool blockAttribute(const std::string &attr) {
  return attr == "shape" || attr == "size" || attr == "ndim" || blockReductions().count(attr);
}

/// What a block may do, for the refusal of anything else.
const char *const BlockUses =
    "a block at run-time offsets of a 2-D array (w[i:i + 2, j:j + 2]) can be indexed (b[r, c], "
    "b[r]), measured (len(b), b.shape), iterated over in a for loop, reduced over all of its "
    "elements (b.sum(), np.median(b)) or along an axis (b.sum(axis=0), np.median(b, axis=1)), "
    "sliced (b[1:, ::2]), raveled, combined elementwise and formatted (f\"{b}\", str(b), "
    "print(b)); this use is not supported";

std::string afterDot(const std::string &builtin) {
  size_t dot = builtin.find('.');
  return dot == std::string::npos ? builtin : builtin.substr(dot + 1);
}

/// A call of a block's method or a numpy function on a block: the ones
/// above, over all elements (ddof= for var and std), or along an axis
/// (axis=, keyword or positional, for the sums, min, max and prod that
/// IRGen::genAxisReduction lowers; the order statistics along an axis were
/// rewritten into reductions of each lane: Sema::expandLaneReduction).
bool blockCall(const CallExpr &c, const Expr &block) {
  bool method = c.builtin.rfind("method.", 0) == 0;
  bool numpy = c.builtin.rfind("numpy.", 0) == 0;
  std::string op = afterDot(c.builtin);
  bool axisOp = isAxisReductionOp(op);
  for (const KeywordArg &k : c.keywords)
    if (!(k.name == "ddof" && (op == "var" || op == "std")) && !(k.name == "axis" && axisOp))
      return false;
  if (c.builtin == "len")
    return c.args.size() == 1;
  if (method) {
    auto *callee = dyn_cast<AttributeExpr>(c.callee.get());
    return callee && callee->value.get() == &block && blockReductions().count(op) &&
           (c.args.empty() || (axisOp && c.args.size() == 1));
  }
  if (!numpy)
    return false;
  if (elementwiseNumpyCall(c)) // np.abs(b - ref), np.maximum(b, a)
    return true;
  if (!blockReductions().count(op) || c.args.empty() || c.args[0].get() != &block)
    return false;
  if (op == "percentile" || op == "quantile")
    return c.args.size() == 2 && isNumeric(c.args[1]->type);
  return c.args.size() == 1 || (axisOp && c.args.size() == 2);
}

} // namespace

void Sema::checkBlockUses(Expr &e) {
  forEachChildExpr(e, [&](ExprPtr &child) {
    if (!child || !isBlock(*child))
      return;
    bool ok = false;
    switch (e.kind()) {
    case Expr::Kind::Subscript:
      ok = cast<SubscriptExpr>(e).value.get() == child.get();
      break;
    case Expr::Kind::Attribute:
      // `.T` of a block whose rows are known only at run time is reported
      // where it is typed (RuntimeTransposeMessage).
      ok = blockAttribute(cast<AttributeExpr>(e).attr) ||
           (cast<AttributeExpr>(e).attr == "T" && e.type == Type::Unknown);
      break;
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(e);
      // print(b), str(b), repr(b): numpy's text (codegen/IRGenArrayText.cpp)
      ok = c.callee.get() != child.get() &&
           (c.builtin == "print" || c.builtin.rfind("str.conv.", 0) == 0 || blockCall(c, *child));
      break;
    }
    case Expr::Kind::Binary:
      ok = cast<BinaryExpr>(e).op != BinaryOp::MatMul;
      break;
    case Expr::Kind::Compare:
    case Expr::Kind::Unary:
    case Expr::Kind::FString: // numpy's text
      ok = true;
      break;
    case Expr::Kind::Comprehension: {
      // (f(row) for row in b): its rows, one name, as a for loop takes them
      auto &c = cast<ComprehensionExpr>(e);
      ok = c.iter.get() == child.get() && isa<NameExpr>(c.target.get());
      break;
    }
    default:
      break;
    }
    if (!ok)
      error(child->loc(), BlockUses);
  });
  // A method's callee is typed with the call: b.sum(axis=0) is checked here.
  if (auto *c = dyn_cast<CallExpr>(&e))
    if (auto *callee = dyn_cast<AttributeExpr>(c->callee.get()))
      if (callee->value && isBlock(*callee->value) && !blockCall(*c, *callee->value))
        error(callee->value->loc(), BlockUses);
}

} // namespace sema
} // namespace llcc
