//===- SemaCounter.cpp - collections.Counter ------------------------------===//
//
// `Counter(values)`, `Counter()` then `c[k] += 1`: a dict of numbers whose
// values are int counts. As in CPython, `c[k]` of a missing key reads 0
// without inserting it (Counter.__missing__), while `c[k] += n` inserts
// (it stores c[k] + n); every dict operation (get, items, in, len, loops,
// max(c, key=c.get)) is the dict's. The Counter's own methods are typed
// here: most_common() and most_common(n) (a list of (key, count) tuples,
// counts descending, ties in insertion order, as sorted(..., reverse=True)
// gives them), total() and update(iterable). A variable holding a Counter
// is marked (LocalVar::counter) so that IRGen reads missing keys as 0.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <llvm/Support/Casting.h>

using llvm::dyn_cast;

namespace llcc {
namespace sema {

namespace {

/// A Counter's shape: keys of the elements' kind (a bool counts as the int
/// it equals, as SemaContainers.cpp's keyKind makes it), int counts.
ShapeRef counterShape(Type elem, bool keysNumpy) {
  auto s = std::make_shared<Shape>();
  s->keysMayBeNumpy = keysNumpy;
  Type k = join(Type::Unknown, elem == Type::Bool ? Type::Int : elem);
  s->elem = k == Type::Bool ? Type::Int : k;
  s->value = Type::Int;
  return s;
}

} // namespace

/// Whether `e` is a Counter: a call of it, or a variable holding one.
bool Sema::isCounter(const Expr &e) {
  if (auto *c = dyn_cast<CallExpr>(&e))
    return c->builtin == "collections.Counter";
  if (auto *b = dyn_cast<BinaryExpr>(&e)) // a - b of two Counters
    return b->type == Type::Dict && isCounter(*b->lhs);
  auto *n = dyn_cast<NameExpr>(&e);
  return n && n->ref == NameRef::Local && fn_->locals[n->localIndex].counter;
}

/// The elements counted by Counter(iterable) or c.update(iterable): an
/// iterable of numbers; a dict (a mapping, whose counts CPython would add)
/// is refused. Unknown while the elements are. `numpy`: some element may be
/// a numpy scalar (a key of the Counter, Shape::keysMayBeNumpy).
Type Sema::countedElements(Expr &arg, bool &numpy) {
  if (auto *c = dyn_cast<ComprehensionExpr>(&arg); c && c->generator)
    generatorArgs_.insert(c);
  Type t = typeOf(arg);
  if (t == Type::Dict) {
    error(arg.loc(), "counting a dict adds its values as counts in CPython, which llcc does not "
                     "support; count an iterable of numbers (Counter(values)) or copy with "
                     "dict(c)");
    return Type::Unknown;
  }
  numpy = true;
  Type elem = iterElementType(arg, numpy);
  if (elem != Type::Unknown && !isNumeric(elem)) {
    error(arg.loc(), "a Counter counts numbers in llcc");
    return Type::Unknown;
  }
  return elem;
}

/// Counter() and Counter(iterable): a dict from the elements to int counts.
void Sema::typeOfCounterCall(CallExpr &e, Type &out) {
  out = Type::Unknown;
  if (!e.keywords.empty() || e.args.size() > 1) {
    for (auto &a : e.args)
      typeOf(*a);
    for (KeywordArg &k : e.keywords)
      typeOf(*k.value);
    error(e.loc(), "Counter takes one iterable of numbers here (Counter(values)), or nothing");
    return;
  }
  Type elem = Type::Unknown;
  bool numpy = false; // Counter(): no keys yet
  if (!e.args.empty()) {
    elem = countedElements(*e.args[0], numpy);
    if (elem == Type::Unknown)
      return;
  }
  e.shape = counterShape(elem, numpy);
  out = Type::Dict;
}

/// c.most_common(), c.most_common(n), c.total(), c.update(iterable);
/// false for other methods (the dict's own, or its diagnostic).
bool Sema::typeOfCounterMethod(CallExpr &e, AttributeExpr &a, Type &out) {
  const std::string &m = a.attr;
  if ((m != "most_common" && m != "total" && m != "update") || !isCounter(*a.value))
    return false;
  e.builtin = "method." + m;
  a.type = Type::Function;
  out = Type::Unknown;
  size_t most = m == "most_common" ? 1 : m == "update" ? 1 : 0;
  size_t least = m == "update" ? 1 : 0;
  if (!e.keywords.empty() || e.args.size() < least || e.args.size() > most) {
    for (auto &arg : e.args)
      typeOf(*arg);
    error(e.loc(), "." + m + "() takes " +
                       (m == "most_common" ? std::string("no argument or a count n")
                        : m == "update"    ? std::string("one iterable of numbers")
                                           : std::string("no argument")) +
                       " here");
    return true;
  }
  if (m == "most_common" && rejectTupleKeyed(*a.value, "most_common() of"))
    return true;
  const Shape *shape = a.value->shape.get();
  Type value = shape ? shape->value : Type::Unknown;
  if (value != Type::Unknown && !isIntegral(value)) {
    error(e.loc(), "." + m + "() is supported on a Counter of int counts (float counts, NaN among "
                   "them, are not); count with ints");
    return true;
  }
  if (m == "update") {
    auto *n = dyn_cast<NameExpr>(a.value.get());
    bool numpy = true;
    Type elem = countedElements(*e.args[0], numpy);
    if (!n || n->ref != NameRef::Local) {
      error(a.value->loc(), ".update() is supported on a Counter held in a local variable");
      return true;
    }
    if (elem == Type::Unknown)
      return true;
    joinContainerShape(fn_->locals[n->localIndex], counterShape(elem, numpy));
    out = Type::None;
    return true;
  }
  if (m == "total") {
    out = Type::Int;
    return true;
  }
  if (!e.args.empty()) {
    Type n = typeOf(*e.args[0]);
    if (n != Type::Unknown && !isIntegral(n)) {
      error(e.args[0]->loc(), "most_common(n) takes an int n");
      return true;
    }
  }
  e.shape = tupleListShape(
      makeTupleShape({shape && shape->elem != Type::Unknown ? shape->elem : Type::Int, Type::Int},
                     {nullptr, nullptr}, {elementsMayBeNumpy(*a.value), false}));
  out = Type::TupleList;
  return true;
}

} // namespace sema
} // namespace llcc

namespace llcc {
namespace sema {

/// `a + b`, `a - b`, `a | b`, `a & b` of two Counters of int counts: a new
/// Counter (IRGenCounter.cpp) with CPython's rules, keeping positive counts
/// only, a's keys first, then b's others.
Type Sema::typeOfCounterOperator(BinaryExpr &e) {
  bool ok = e.op == BinaryOp::Add || e.op == BinaryOp::Sub || e.op == BinaryOp::BitOr ||
            e.op == BinaryOp::BitAnd;
  if (!ok || !isCounter(*e.lhs) || !isCounter(*e.rhs)) {
    error(e.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(e.op) +
                       ": 'dict' and 'dict'; llcc combines two Counters with +, -, | and & "
                       "(Counter(a) - Counter(b)), not dicts");
    return Type::Unknown;
  }
  const Shape *a = e.lhs->shape.get(), *b = e.rhs->shape.get();
  for (const Shape *s : {a, b})
    if (s && s->value != Type::Unknown && s->value != Type::Int) {
      error(e.loc(), std::string("Counter ") + binaryOpSpelling(e.op) +
                         " Counter is supported for int counts in llcc; these counts are not "
                         "all ints");
      return Type::Unknown;
    }
  for (const Shape *s : {a, b})
    if (s && s->elem == Type::Tuple) {
      error(e.loc(), std::string("Counter ") + binaryOpSpelling(e.op) +
                         " Counter is supported for number keys in llcc, not tuple keys");
      return Type::Unknown;
    }
  Type ka = a ? a->elem : Type::Unknown, kb = b ? b->elem : Type::Unknown;
  auto s = std::make_shared<Shape>();
  s->elem = ka == Type::Unknown ? kb : kb == Type::Unknown ? ka : join(ka, kb);
  s->value = Type::Int;
  s->keysMayBeNumpy = !a || !b || a->keysMayBeNumpy || b->keysMayBeNumpy;
  e.shape = s;
  return Type::Dict;
}

} // namespace sema
} // namespace llcc
