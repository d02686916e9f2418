//===- SemaTuple.cpp - Typing of tuples and constant arrays ----------------===//
//
// Tuples as values: `(a, b)`, `return mean, var`, unpacking anything whose
// length is known (`a, b = helper(x)`, `y, x = output_coords`, nested
// targets), indexing with a constant or a run-time index, len/sum/min/max,
// and the for-loop iterables built on them (`enumerate`, `zip`,
// `reversed`). A tuple's type is Type::Tuple; its members live in the
// expression's, variable's or return's Shape. Python keeps each member's
// own type, so `T = (1, 2.5)` has an int and a float member; an element
// read with a run-time index (`T[i]`, `for w in T`) has the join of the
// members' types (int or float, carried with a tag at run time).
//
// Module-level constants may also be tuples, lists (read-only, typed as
// tuples) and `np.array([...])` of numbers (read-only arrays), emitted as
// constant data by IRGen.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include "Window.h"
#include <algorithm>

namespace llcc {

using sema::join;

ShapeRef makeTupleShape(std::vector<Type> members, std::vector<ShapeRef> memberShapes,
                        std::vector<bool> memberNumpy) {
  auto s = std::make_shared<Shape>();
  s->members = std::move(members);
  s->memberShapes = std::move(memberShapes);
  s->memberShapes.resize(s->members.size());
  s->memberNumpy = std::move(memberNumpy);
  s->memberNumpy.resize(s->members.size(), false);
  return s;
}

namespace {
/// The first member of a tuple, at any depth, that is not a number or a
/// tuple (an array that zip or enumerate of a list of arrays pairs), or
/// Unknown when there is none.
Type heldNonNumber(const ShapeRef &tuple) {
  if (!tuple)
    return Type::Unknown;
  for (size_t i = 0; i < tuple->members.size(); ++i) {
    Type m = tuple->members[i];
    if (m == Type::Tuple) {
      if (Type inner = heldNonNumber(tuple->memberShapes[i]); inner != Type::Unknown)
        return inner;
    } else if (m != Type::Unknown && !isNumeric(m)) {
      return m;
    }
  }
  return Type::Unknown;
}

/// sameShape, and the members' numpy flags too (they move in inference).
bool sameTuple(const ShapeRef &a, const ShapeRef &b) {
  if (!sameShape(a, b))
    return false;
  if (!a || !b)
    return true;
  if (a->memberNumpy != b->memberNumpy)
    return false;
  for (size_t i = 0; i < a->memberShapes.size(); ++i)
    if (!sameTuple(a->memberShapes[i], b->memberShapes[i]))
      return false;
  return true;
}
} // namespace

bool joinShapes(const ShapeRef &a, const ShapeRef &b, ShapeRef &out) {
  if (!a || !b) {
    out = a ? a : b;
    return true;
  }
  if (a->members.size() != b->members.size())
    return false;
  std::vector<Type> members;
  std::vector<ShapeRef> shapes;
  std::vector<bool> numpy;
  for (size_t i = 0; i < a->members.size(); ++i) {
    numpy.push_back(a->memberNumpy[i] || b->memberNumpy[i]);
    Type x = a->members[i], y = b->members[i];
    if ((x == Type::Tuple) != (y == Type::Tuple) && x != Type::Unknown && y != Type::Unknown)
      return false;
    ShapeRef s;
    if (x == Type::Tuple || y == Type::Tuple) {
      if (!joinShapes(a->memberShapes[i], b->memberShapes[i], s))
        return false;
    }
    members.push_back(join(x, y));
    shapes.push_back(s);
  }
  out = makeTupleShape(members, shapes, numpy);
  return true;
}

bool joinMembers(const ShapeRef &tuple, Type &elem, ShapeRef &elemShape) {
  elem = Type::Unknown;
  elemShape = nullptr;
  if (!tuple)
    return true;
  for (size_t i = 0; i < tuple->members.size(); ++i) {
    Type m = tuple->members[i];
    if (elem != Type::Unknown && m != Type::Unknown && (elem == Type::Tuple) != (m == Type::Tuple))
      return false;
    if (!joinShapes(elemShape, tuple->memberShapes[i], elemShape))
      return false;
    elem = join(elem, m);
  }
  return true;
}

std::string describeShape(Type t, const ShapeRef &s) {
  if (t != Type::Tuple || !s)
    return typeName(t);
  std::string out = "tuple(";
  for (size_t i = 0; i < s->members.size(); ++i)
    out += (i ? ", " : "") + describeShape(s->members[i], s->memberShapes[i]);
  return out + ")";
}

namespace sema {

bool expandStarredZip(CallExpr &e, Type t, std::string &why); // SemaStarred.cpp

bool Sema::joinInto(Type &type, ShapeRef &shape, Type t, const ShapeRef &s) {
  if (t == Type::TupleList && (type == Type::Unknown || type == Type::TupleList)) {
    // Lists of tuples of one layout: the elements are structs in memory.
    if (!s)
      return true;
    if (!shape) {
      shape = s;
      changed_ = true;
      return true;
    }
    ShapeRef joined;
    if (!joinShapes(shape->elemShape, s->elemShape, joined) || !sameShape(joined, shape->elemShape))
      return false;
    if (!sameTuple(joined, shape->elemShape)) {
      shape = tupleListShape(joined);
      changed_ = true;
    }
    return true;
  }
  if (t == Type::ArrayList && (type == Type::Unknown || type == Type::ArrayList)) {
    if (!shape && s) {
      shape = s;
      changed_ = true;
    }
    return !s || sameShape(shape, s); // lists of arrays of one shape
  }
  if (t != Type::Tuple || type != Type::Tuple) {
    if (type == Type::Unknown && t == Type::Tuple) {
      type = t;
      shape = s;
      changed_ = true;
    }
    return true;
  }
  ShapeRef joined;
  if (!joinShapes(shape, s, joined))
    return false;
  if (!sameTuple(joined, shape)) {
    shape = joined;
    changed_ = true;
  }
  return true;
}

Type Sema::typeOfTuple(TupleExpr &e) {
  std::vector<Type> members;
  std::vector<ShapeRef> shapes;
  std::vector<bool> numpy;
  bool ok = true;
  for (auto &el : e.elements) {
    Type t = typeOf(*el);
    numpy.push_back(el->mayBeNumpy);
    bool dictItem = dictItems_.count(&e) != 0;
    if (t != Type::Unknown && !isNumeric(t) && (t != Type::Tuple || dictItem)) {
      if (dictItem)
        error(el->loc(), std::string("a dict in llcc maps numbers to numbers; this ") +
                             (el == e.elements[0] ? "key" : "value") + " is a " +
                             describeShape(t, el->shape) +
                             (isArray(t) ? "; keep the arrays in a list, indexed by int" : ""));
      else if (ok) // once per tuple
        error(el->loc(), std::string("a tuple in llcc holds numbers or tuples of numbers, not a ") +
                             typeName(t) +
                             (isArray(t) ? "; return or pass the arrays separately, or loop over "
                                           "a list of them (for a in [A, B])"
                                         : ""));
      ok = false;
    }
    if (t == Type::Tuple && !el->shape) {
      error(el->loc(), "this tuple cannot be a member of another tuple; index it first");
      ok = false;
    }
    ok &= t != Type::Unknown; // reported already, or typed in a later round
    members.push_back(t);
    shapes.push_back(el->shape);
  }
  if (!ok)
    return Type::Unknown;
  e.shape = makeTupleShape(members, shapes, numpy);
  return Type::Tuple;
}

/// `T[1:4]`, `T[::-1]` of a tuple whose length llcc knows, with constant
/// bounds: the tuple of those members, `(T[1], T[2], T[3])`, the members
/// Python's slice picks (its bounds clamped, as slice.indices does); and
/// `T + U`, `T * 2` of such tuples, their members concatenated. A tuple
/// is read once per member, so it must be an expression that can be read
/// again. True when an expression was rewritten.
bool Sema::rewriteTupleSlices() {
  bool any = false;
  auto constant = [](const ExprPtr &e, int64_t &v, int64_t missing) {
    if (!e || isa<NoneLiteralExpr>(e.get())) {
      v = missing;
      return true;
    }
    return intConstant(e.get(), v);
  };
  // The members of a tuple expression, each read again; false when one
  // cannot be.
  auto membersOf = [](const Expr &t, std::vector<ExprPtr> &out) {
    for (size_t i = 0; i < t.shape->members.size(); ++i) {
      ExprPtr base = copyPure(&t);
      if (!base)
        return false;
      SourceLoc at = t.loc();
      out.push_back(std::make_unique<SubscriptExpr>(
          at, std::move(base), std::make_unique<IntLiteralExpr>(at, static_cast<int64_t>(i))));
    }
    return true;
  };
  auto rewrite = [&](ExprPtr &slot) {
    // `t + u` of two tuples, `t * 2`: the tuple of their members.
    if (auto *b = dyn_cast<BinaryExpr>(slot.get())) {
      bool tuples = b->lhs->type == Type::Tuple && b->lhs->shape;
      int64_t times = 0;
      std::vector<ExprPtr> members;
      if (b->op == BinaryOp::Add && tuples && b->rhs->type == Type::Tuple && b->rhs->shape) {
        if (!membersOf(*b->lhs, members) || !membersOf(*b->rhs, members))
          return;
      } else if (b->op == BinaryOp::Mul && tuples && intConstant(b->rhs.get(), times)) {
        for (int64_t k = 0; k < times; ++k)
          if (!membersOf(*b->lhs, members))
            return;
      } else {
        return;
      }
      slot = std::make_unique<TupleExpr>(b->loc(), std::move(members));
      any = true;
      return;
    }
    auto *s = dyn_cast<SubscriptExpr>(slot.get());
    auto *slice = s ? dyn_cast<SliceExpr>(s->index.get()) : nullptr;
    if (!slice || s->value->type != Type::Tuple || !s->value->shape)
      return;
    auto n = static_cast<int64_t>(s->value->shape->members.size());
    int64_t step, start, stop;
    if (!constant(slice->step, step, 1) || step == 0)
      return; // a zero step is reported as it is
    bool down = step < 0;
    if (!constant(slice->start, start, down ? n - 1 : 0) ||
        !constant(slice->stop, stop, down ? -n - 1 : n))
      return;
    // PySlice_AdjustIndices
    auto adjust = [&](int64_t &i) {
      if (i < 0) {
        i += n;
        if (i < 0)
          i = down ? -1 : 0;
      } else if (i >= n) {
        i = down ? n - 1 : n;
      }
    };
    adjust(start);
    adjust(stop);
    std::vector<int64_t> picked;
    for (int64_t i = start; down ? i > stop : i < stop; i += step)
      picked.push_back(i);
    std::vector<ExprPtr> members;
    for (int64_t i : picked) {
      ExprPtr base = copyPure(s->value.get());
      if (!base)
        return;
      SourceLoc at = s->loc();
      members.push_back(std::make_unique<SubscriptExpr>(at, std::move(base),
                                                        std::make_unique<IntLiteralExpr>(at, i)));
    }
    slot = std::make_unique<TupleExpr>(s->loc(), std::move(members));
    any = true;
  };
  for (auto &fn : module_.functions)
    eachSlot(fn->body, rewrite);
  return any;
}

/// `T[k]` with a constant k in range has that member's type; any other int
/// index has the join of the members (checked at run time: IndexError).
Type Sema::typeOfTupleSubscript(SubscriptExpr &s) {
  const ShapeRef &shape = s.value->shape;
  if (isa<SliceExpr>(s.index.get())) {
    error(s.index->loc(), "a tuple is sliced with constant bounds in llcc (T[1:3], T[::-1]); "
                          "here a bound is known only at run time: index its members or use "
                          "np.array(T)[i:j]");
    return Type::Unknown;
  }
  if (isa<TupleExpr>(s.index.get())) {
    typeOf(*s.index);
    error(s.index->loc(), "a tuple is indexed with one int; for a tuple of tuples write T[i][j]");
    return Type::Unknown;
  }
  Type i = typeOf(*s.index);
  if (i == Type::Float) {
    error(s.index->loc(), "tuple indices must be integers, not float; use int(...)");
    return Type::Unknown;
  }
  if (i != Type::Unknown && !isIntegral(i) && i != Type::IntOrFloat) {
    requireNumeric(*s.index, i, "used as an index");
    return Type::Unknown;
  }
  int64_t k;
  int64_t n = static_cast<int64_t>(shape->members.size());
  if (intConstant(s.index.get(), k) && k >= -n && k < n) {
    size_t m = static_cast<size_t>(k < 0 ? k + n : k);
    s.shape = shape->memberShapes[m];
    return shape->members[m];
  }
  if (n == 0) {
    error(s.index->loc(), "this tuple is empty, so any index raises IndexError in Python; check len(T) first");
    return Type::Unknown;
  }
  Type elem;
  ShapeRef elemShape;
  if (!joinMembers(shape, elem, elemShape)) {
    error(s.index->loc(), "the members of this tuple differ in shape, so an index computed at "
                          "run time has no single type; index it with a constant");
    return Type::Unknown;
  }
  s.shape = elemShape;
  return elem;
}

/// The dtype numpy gives an array made from the numbers of a tuple:
/// int64 for ints (and bools mixed with ints), float64 when any member is a
/// float, bool when all are bools.
Type Sema::tupleArrayType(Expr &e) {
  const ShapeRef &s = e.shape;
  if (!s) {
    error(e.loc(), "this tuple cannot be used as an array");
    return Type::Unknown;
  }
  if (s->members.empty())
    return Type::FloatArray; // np.array(()) is float64
  bool anyFloat = false, allBool = true;
  for (Type m : s->members) {
    if (m == Type::Tuple) {
      error(e.loc(), "a tuple of tuples used as an array would be two-dimensional, which is "
                     "not supported here; index it (T[i][j]) or loop over it");
      return Type::Unknown;
    }
    if (m == Type::IntOrFloat) {
      error(e.loc(), "numpy would make this tuple an int or a float array depending on the "
                     "values it holds at run time; convert its members with float(...)");
      return Type::Unknown;
    }
    anyFloat |= m == Type::Float;
    allBool &= m == Type::Bool;
  }
  return anyFloat ? Type::FloatArray : allBool ? Type::BoolArray : Type::IntArray;
}

/// len, sum, min, max, any, all of a tuple (Python's builtins, folded over
/// the members at compile time).
Type Sema::typeOfTupleBuiltin(CallExpr &e, const std::string &name) {
  static const char *const Folds[] = {"len", "sum", "min", "max", "any", "all"};
  bool fold = false;
  for (const char *f : Folds)
    fold |= name == f;
  if (!fold || e.args.size() != 1 || !e.keywords.empty()) {
    error(e.loc(), "'" + name + "' of a tuple is not supported; use len, sum, min, max, any or "
                   "all, a for loop, or np.array(T)");
    return Type::Unknown;
  }
  Expr &arg = *e.args[0];
  if (name == "len")
    return Type::Int;
  const ShapeRef &s = arg.shape;
  bool allTuples = !s->members.empty();
  for (Type m : s->members)
    allTuples &= m == Type::Tuple;
  if (allTuples && (name == "min" || name == "max")) {
    // min(OFFSETS): the tuples compared as CPython compares them.
    Type elem;
    ShapeRef elemShape;
    if (!joinMembers(s, elem, elemShape) || !elemShape || !orderable(*elemShape, *elemShape)) {
      error(arg.loc(), "'" + name + "' of tuples of different lengths or shapes is not "
                       "supported; loop over them");
      return Type::Unknown;
    }
    e.shape = elemShape;
    return Type::Tuple;
  }
  for (Type m : s->members)
    if (m == Type::Tuple) {
      error(arg.loc(), "'" + name + "' of a tuple of tuples is not supported; loop over it");
      return Type::Unknown;
    }
  if (name == "any" || name == "all")
    return Type::Bool;
  if (name == "sum") {
    Type t = Type::Int; // Python's sum starts from the int 0
    for (Type m : s->members)
      t = arithmeticType(t, m);
    return t;
  }
  Type t = Type::Unknown;
  for (Type m : s->members)
    t = join(t, m);
  return t == Type::Unknown ? Type::Int : t;
}

/// `(dy, dx) == (0, 0)`, `t != u`, `(a, b) < (c, d)`: CPython's tuple
/// comparison (IRGenTupleCompare.cpp), member by member up to the first
/// pair that differs. Ordering needs members that order: a number against
/// a tuple at the same place would be a TypeError, refused here.
Type Sema::typeOfTupleCompare(CompareExpr &c) {
  for (auto &operand : c.operands)
    if (operand->type == Type::Unknown)
      return Type::Unknown;
  if (c.operands.size() != 2) {
    error(c.loc(), "chained comparisons of tuples are not supported; compare two tuples at a "
                   "time (a < b and b < c)");
    return Type::Unknown;
  }
  Type a = c.operands[0]->type, b = c.operands[1]->type;
  CompareOp op = c.ops[0];
  bool ordering = op == CompareOp::Lt || op == CompareOp::Le || op == CompareOp::Gt ||
                  op == CompareOp::Ge;
  if (a != Type::Tuple || b != Type::Tuple || !c.operands[0]->shape || !c.operands[1]->shape ||
      (op != CompareOp::Eq && op != CompareOp::Ne && !ordering)) {
    error(c.loc(), "a tuple can only be compared (==, !=, <, <=, >, >=) with another tuple; "
                   "compare their members instead");
    return Type::Unknown;
  }
  if (ordering && !orderable(*c.operands[0]->shape, *c.operands[1]->shape)) {
    error(c.loc(), "these tuples hold a number and a tuple at the same place, which Python "
                   "cannot order (TypeError); compare the members");
    return Type::Unknown;
  }
  return Type::Bool;
}

/// Members at the same place are both numbers or both orderable tuples.
bool Sema::orderable(const Shape &a, const Shape &b) {
  for (size_t i = 0; i < a.members.size() && i < b.members.size(); ++i) {
    bool ta = a.members[i] == Type::Tuple, tb = b.members[i] == Type::Tuple;
    if (ta != tb)
      return false;
    if (ta && (!a.memberShapes[i] || !b.memberShapes[i] ||
               !orderable(*a.memberShapes[i], *b.memberShapes[i])))
      return false;
  }
  return true;
}

/// enumerate/zip/reversed step through a 2-D (or 3-D) array by rows, which
/// llcc binds only in a plain `for row in w:`; elem becomes Unknown.
void Sema::windowInIterator(const Expr &arg, const std::string &builtin, Type &elem) {
  if (!isWindow(arg))
    return;
  error(arg.loc(), "'" + builtin + "' of a 2-D or 3-D array is not supported; loop over "
                   "range(w.shape[0]) and index the rows (w[i])");
  elem = Type::Unknown;
}

/// `for ... in zip(..., strict=True)`: takes the keyword off the call and
/// marks it (IRGen checks the lengths where the loop runs out, as CPython
/// raises there, after the body ran for every complete tuple); strict=False
/// is plain zip. True when the loop must check.
bool Sema::takeZipStrict(Expr &iter) {
  auto *call = dyn_cast<CallExpr>(&iter);
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  if (!callee || callee->name != "zip" || locals_.count("zip") || functions_.count("zip") ||
      constants_.count("zip"))
    return false;
  auto &kws = call->keywords;
  auto it =
      std::find_if(kws.begin(), kws.end(), [](const KeywordArg &k) { return k.name == "strict"; });
  // Sema may walk a statement more than once: the flag stays on the call.
  if (it != kws.end() && isa<BoolLiteralExpr>(it->value.get())) {
    call->zipStrict = cast<BoolLiteralExpr>(*it->value).value;
    kws.erase(it); // anything else is reported by typeOfIteration
  }
  return call->zipStrict;
}

/// What `for target in iter` binds, for the iterables a for loop accepts:
/// arrays, tuples, range(...), and enumerate/zip/reversed of those.
void Sema::typeOfIteration(Expr &iter, Type &elem, ShapeRef &shape, bool &numpy) {
  elem = Type::Unknown;
  shape = nullptr;
  numpy = false;
  auto *call = dyn_cast<CallExpr>(&iter);
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  std::string builtin;
  if (callee && !locals_.count(callee->name) && !functions_.count(callee->name) &&
      !constants_.count(callee->name)) {
    static const char *const Iterators[] = {"range", "enumerate", "zip", "reversed"};
    for (const char *it : Iterators)
      if (callee->name == it)
        builtin = it;
  }
  if (builtin.empty()) {
    Type t = typeOf(iter);
    if (isArray(t)) {
      elem = elementType(t);
      // output_coords and its copies hold Python ints
      numpy = elementsMayBeNumpy(iter);
    } else if (t == Type::ArrayList && iter.shape) { // enumerate(quads): the arrays
      elem = iter.shape->elem;
      shape = iter.shape->elemShape;
      numpy = true;
    } else if (t == Type::TupleList && iter.shape) { // for v, i in pairs: the tuples
      elem = Type::Tuple;
      shape = iter.shape->elemShape;
      numpy = tupleListNumpy(iter);
    } else if (isHashContainer(t)) { // empty if its key kind is unknown: any kind will do
      if (rejectTupleKeyed(iter, "iterating"))
        return; // elem stays Unknown
      elem = iter.shape && iter.shape->elem != Type::Unknown ? iter.shape->elem : Type::Int;
      numpy = elementsMayBeNumpy(iter); // its keys
    } else if (t == Type::Tuple && iter.shape) {
      if (!joinMembers(iter.shape, elem, shape))
        error(iter.loc(), "the members of this tuple differ in shape, so a loop variable over "
                          "it has no single type; index the members with constants");
      if (iter.shape->members.empty())
        elem = Type::Int; // never bound; any type will do
      for (bool np : iter.shape->memberNumpy)
        numpy |= np;
    } else if (t == Type::Tuple && tupleLength(iter) >= 0) { // a.shape
      error(iter.loc(), "iterating over a.shape is not supported in llcc; loop over "
                        "range(a.ndim) and read a.shape[i]");
    } else if (t != Type::Unknown) {
      error(iter.loc(), std::string("cannot iterate over a ") + typeName(t) +
                            "; loop over range(...), an array, a tuple, or enumerate/zip/"
                            "reversed of them");
    }
    return;
  }
  typeOfName(*callee);
  callee->type = Type::Function;
  call->builtin = builtin;
  if (builtin == "enumerate" && call->args.size() == 1 && call->keywords.size() == 1 &&
      call->keywords[0].name == "start") {
    // enumerate(values, start=1) is enumerate(values, 1).
    call->args.push_back(std::move(call->keywords[0].value));
    call->keywords.clear();
  }
  if (builtin == "zip" && call->starred) { // zip(*rows) (SemaStarred.cpp)
    std::string why;
    bool one = call->args.size() == 1;
    Type t = one && !displayItems(*call->args[0]) ? typeOf(*call->args[0]) : Type::Unknown;
    if (!one || !expandStarredZip(*call, t, why)) {
      if (!one || !why.empty())
        error(call->args[0]->loc(), one ? why
                                        : "zip(*rows) is supported with the one starred "
                                          "argument alone in llcc");
      return;
    }
  }
  if (builtin == "zip") { // strict=False is plain zip
    auto &kws = call->keywords;
    kws.erase(std::remove_if(kws.begin(), kws.end(),
                             [](const KeywordArg &k) {
                               auto *flag = dyn_cast<BoolLiteralExpr>(k.value.get());
                               return k.name == "strict" && flag && !flag->value;
                             }),
              kws.end());
  }
  for (KeywordArg &k : call->keywords) {
    typeOf(*k.value);
    if (builtin == "zip" && k.name == "strict" && !isa<BoolLiteralExpr>(k.value.get()))
      error(k.value->loc(), "zip's strict= must be True or False, written as a constant");
    else if (builtin == "zip" && k.name == "strict")
      error(k.loc, "zip(..., strict=True) is supported in llcc only as the iterable of a for "
                   "statement (for a, b in zip(x, y, strict=True):); write this loop that way");
    else
      error(k.loc, "keyword arguments are not supported for '" + builtin + "'");
  }
  if (builtin == "range") {
    bool saved = inForIter_;
    inForIter_ = true;
    typeOfCall(*call);
    inForIter_ = saved;
    call->builtin = "range";
    elem = Type::Int;
    return;
  }
  size_t lo = 1, hi = builtin == "enumerate" ? 2 : builtin == "zip" ? 8 : 1;
  if (call->args.size() < lo || call->args.size() > hi) {
    error(call->loc(), "'" + builtin + "' takes " +
                           (lo == hi ? std::to_string(lo)
                                     : std::to_string(lo) + " to " + std::to_string(hi)) +
                           " argument(s) here but " + std::to_string(call->args.size()) +
                           " were given");
    for (auto &a : call->args)
      typeOf(*a);
    return;
  }
  if (builtin == "reversed") {
    Expr &inner = *call->args[0];
    auto *ic = dyn_cast<CallExpr>(&inner);
    auto *in = ic ? dyn_cast<NameExpr>(ic->callee.get()) : nullptr;
    if (in && (in->name == "enumerate" || in->name == "zip") && !locals_.count(in->name)) {
      error(inner.loc(), "'" + in->name + "' object is not reversible (a TypeError in Python); "
                         "reverse its arguments instead");
      return;
    }
    typeOfIteration(inner, elem, shape, numpy);
    windowInIterator(inner, builtin, elem);
    return;
  }
  std::vector<Type> members;
  std::vector<ShapeRef> shapes;
  std::vector<bool> numpys;
  if (builtin == "enumerate") {
    members.push_back(Type::Int);
    shapes.push_back(nullptr);
    numpys.push_back(false);
    if (call->args.size() == 2) {
      Type st = typeOf(*call->args[1]);
      if (st != Type::Unknown && !isIntegral(st))
        error(call->args[1]->loc(), "enumerate's start must be an int");
    }
  }
  size_t count = builtin == "enumerate" ? 1 : call->args.size();
  for (size_t i = 0; i < count; ++i) {
    Type t;
    ShapeRef s;
    bool np;
    typeOfIteration(*call->args[i], t, s, np);
    if (windowInIterator(*call->args[i], builtin, t); t == Type::Unknown)
      return;
    members.push_back(t);
    shapes.push_back(s);
    numpys.push_back(np);
    numpy |= np;
  }
  elem = Type::Tuple;
  shape = makeTupleShape(members, shapes, numpys);
  call->type = Type::Tuple;
}

/// `target = value` for any target: a name, an element, or a tuple of
/// targets (nested as deep as the value), unpacking a tuple (lengths
/// checked here) or an array (length checked at run time, ValueError).
void Sema::assignTarget(Expr &target, Type t, const ShapeRef &shape, SourceLoc loc, Expr *value,
                        bool numpy) {
  auto *tt = dyn_cast<TupleExpr>(&target);
  if (!tt && t == Type::Tuple && !value) {
    // `for t in zip(quads, w)`: one name would hold the array in a tuple,
    // which llcc's tuples cannot; unpacked, each name holds one member.
    if (Type held = heldNonNumber(shape); held != Type::Unknown) {
      auto *name = dyn_cast<NameExpr>(&target);
      if (name && name->name == IterItemName) // max(zip(quads, w), key=...): no name to unpack
        error(target.loc(), std::string("the items here are tuples holding a ") + typeName(held) +
                                ", and a tuple in llcc holds numbers or tuples of numbers; loop "
                                "with one name per member (for q, w in zip(quads, weights)) or "
                                "choose an index (max(range(len(quads)), key=...))");
      else
        error(target.loc(), std::string("a tuple in llcc holds numbers or tuples of numbers, not "
                                        "a ") + typeName(held) +
                                "; unpack each item into names, as in 'for q, w in zip(quads, "
                                "weights)'");
      t = Type::Unknown;
    }
  }
  if (!tt) {
    assignTo(target, t, loc, value, numpy, shape);
    return;
  }
  tt->type = t;
  tt->shape = shape;
  size_t n = tt->elements.size();
  if (t == Type::Unknown) {
    for (auto &el : tt->elements)
      assignTarget(*el, Type::Unknown, nullptr, loc, nullptr, numpy);
    return;
  }
  if (t == Type::Tuple && shape) {
    if (shape->members.size() != n) {
      error(target.loc(), "cannot unpack a tuple of " + std::to_string(shape->members.size()) +
                              " values into " + std::to_string(n) + " targets");
      return;
    }
    for (size_t i = 0; i < n; ++i)
      assignTarget(*tt->elements[i], shape->members[i], shape->memberShapes[i], loc, nullptr,
                   shape->memberNumpy[i]);
    return;
  }
  if (isArray(t)) {
    // The length is checked when the assignment runs, as Python does.
    for (auto &el : tt->elements)
      assignTarget(*el, elementType(t), nullptr, loc, nullptr,
                   (!isList(t) && t != Type::IntArray) || numpy);
    return;
  }
  if (t == Type::TupleList && shape && shape->elemShape) {
    // `(k, n), = c.most_common(1)`: each target a tuple of the list, the
    // length checked when the assignment runs (ValueError), as for arrays.
    for (auto &el : tt->elements)
      assignTarget(*el, Type::Tuple, shape->elemShape, loc, nullptr, numpy);
    return;
  }
  if (t == Type::TupleList || t == Type::ArrayList || isHashContainer(t)) {
    error(loc, std::string("unpacking a ") + typeName(t) +
                   " into names is not supported in llcc; index it, as in "
                   "'a, b = arrays[0], arrays[1]'");
    return;
  }
  error(loc, std::string("cannot unpack a ") + typeName(t) +
                 ", which is not a sequence; the right side must be a tuple or an array of " +
                 std::to_string(n) + (n == 1 ? " value" : " values"));
}

//===----------------------------------------------------------------------===//
// Constants: tuples, lists and np.array of numbers
//===----------------------------------------------------------------------===//

/// `np.array([1.0, 2.0, 1.0])` at module level (also a tuple argument, and
/// `dtype=float`/`np.float64`/`int`/`np.int64`): a read-only array constant.
Type Sema::constantArrayType(CallExpr &e) {
  auto *attr = dyn_cast<AttributeExpr>(e.callee.get());
  auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  bool isNpArray = base && moduleAliases_.count(base->name) &&
                   moduleAliases_[base->name] == "numpy" &&
                   (attr->attr == "array" || attr->attr == "asarray");
  if (!isNpArray || e.args.size() != 1 ||
      !(isa<ListExpr>(e.args[0].get()) || isa<TupleExpr>(e.args[0].get()) ||
        isa<NameExpr>(e.args[0].get()))) {
    error(e.loc(), "a module-level constant must be a number, a tuple or list of numbers, "
                   "np.array([...]) of numbers, or a call llcc computes when compiling (math and "
                   "numpy functions of numbers, int, float, abs, round, min, max, and sum, "
                   "len of constants)");
    return Type::Unknown;
  }
  typeOf(*e.callee);
  e.builtin = "numpy.array";
  Type t = constantExprType(*e.args[0]);
  if (t != Type::Tuple)
    return Type::Unknown;
  bool twoD = false;
  for (Type m : e.args[0]->shape->members)
    twoD |= m == Type::Tuple;
  if (twoD)
    return constantArray2DType(e);
  Type arrayType = tupleArrayType(*e.args[0]);
  if (!constantDtype(e, arrayType) || arrayType == Type::Unknown)
    return Type::Unknown;
  auto s = std::make_shared<Shape>();
  s->dims = {static_cast<int64_t>(e.args[0]->shape->members.size())};
  e.shape = s;
  return arrayType;
}

/// An np.array constant's dtype= (float, np.float64, int, np.int64), applied
/// to `arrayType`, the dtype of its values; false after a diagnostic.
bool Sema::constantDtype(CallExpr &e, Type &arrayType) {
  for (KeywordArg &k : e.keywords) {
    std::string dtype;
    if (auto *n = dyn_cast<NameExpr>(k.value.get()))
      dtype = n->name;
    else if (auto *a = dyn_cast<AttributeExpr>(k.value.get()))
      dtype = a->attr;
    if (k.name != "dtype" ||
        !(dtype == "float" || dtype == "float64" || dtype == "int" || dtype == "int64")) {
      error(k.loc, "np.array constants take only dtype=float, np.float64, int or np.int64");
      return false;
    }
    if (dtype == "float" || dtype == "float64") {
      arrayType = Type::FloatArray;
    } else if (arrayType == Type::FloatArray) {
      error(k.loc, "dtype=int would truncate these floats; write the values as ints");
      return false;
    } else {
      arrayType = Type::IntArray;
    }
  }
  return true;
}

/// `np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]])` at module level: a 2-D
/// array (a window of its shape, frontend/Window.h) over a constant table
/// of its elements in C order, so everything a window does applies to it:
/// `W[i, j]`, `W[i]`, `len(W)`, `for row in W`, `W * w`, `W.sum()`, `W.T`.
/// The elements have the array's dtype: float64 if any is a float, bool
/// if all are bools, else int64.
Type Sema::constantArray2DType(CallExpr &e) {
  const ShapeRef &rows = e.args[0]->shape;
  size_t width = 0;
  bool anyFloat = false, allBool = true;
  for (size_t r = 0; r < rows->members.size(); ++r) {
    const ShapeRef &row = rows->memberShapes[r];
    bool flat = rows->members[r] == Type::Tuple && row;
    if (flat)
      for (Type m : row->members)
        flat &= isNumeric(m);
    if (!flat || (r > 0 && row->members.size() != width) || row->members.empty()) {
      error(e.args[0]->loc(), "a 2-D np.array constant needs rows of numbers of one length; "
                              "deeper nesting and ragged rows are not supported");
      return Type::Unknown;
    }
    width = row->members.size();
    for (Type m : row->members) {
      anyFloat |= m == Type::Float;
      allBool &= m == Type::Bool;
    }
  }
  Type arrayType = anyFloat ? Type::FloatArray : allBool ? Type::BoolArray : Type::IntArray;
  if (!constantDtype(e, arrayType))
    return Type::Unknown;
  e.shape = makeWindowShape(
      {static_cast<int64_t>(rows->members.size()), static_cast<int64_t>(width)});
  return arrayType;
}

/// `for dy, dx in OFFSETS:` over a 2-D np.array constant becomes `for
/// _row in OFFSETS: dy, dx = _row` (the same in Python), since a loop over
/// a 2-D array binds each row to one name and an array unpacks by length.
void Sema::unpackConstantRows(Block &block) {
  for (StmtPtr &st : block) {
    if (isa<TryStmt>(st.get())) {
      forEachChildBlock(*st, [&](Block &b) { unpackConstantRows(b); });
    } else if (auto *s = dyn_cast<IfStmt>(st.get())) {
      unpackConstantRows(s->thenBody);
      unpackConstantRows(s->elseBody);
    } else if (auto *s = dyn_cast<WhileStmt>(st.get())) {
      unpackConstantRows(s->body);
      unpackConstantRows(s->elseBody);
    } else if (auto *s = dyn_cast<ForStmt>(st.get())) {
      unpackConstantRows(s->body);
      unpackConstantRows(s->elseBody);
      auto *iter = dyn_cast<NameExpr>(s->iter.get());
      if (!isa<TupleExpr>(s->target.get()) || !iter || !constants_.count(iter->name))
        continue;
      const Constant &c = module_.constants[constants_.at(iter->name)];
      if (!isNdarray(c.type) || !isWindowShape(c.shape))
        continue;
      SourceLoc at = s->target->loc();
      std::string row = "_llcc_row_" + std::to_string(at.line) + "_" + std::to_string(at.col);
      std::vector<ExprPtr> targets;
      targets.push_back(std::move(s->target));
      s->target = std::make_unique<NameExpr>(at, row);
      s->body.insert(s->body.begin(), std::make_unique<AssignStmt>(
                                          at, std::move(targets), std::make_unique<NameExpr>(at, row)));
    }
  }
}

/// A tuple or list literal of constants at module level.
Type Sema::constantSequenceType(Expr &e) {
  std::vector<ExprPtr> &elements =
      isa<TupleExpr>(&e) ? cast<TupleExpr>(e).elements : cast<ListExpr>(e).elements;
  std::vector<Type> members;
  std::vector<ShapeRef> shapes;
  for (auto &el : elements) {
    Type t = constantExprType(*el);
    if (t == Type::Unknown)
      return Type::Unknown;
    if (!isNumeric(t) && t != Type::Tuple) {
      error(el->loc(), "a constant tuple or list holds numbers or tuples of numbers");
      return Type::Unknown;
    }
    members.push_back(t);
    shapes.push_back(el->shape);
  }
  e.shape = makeTupleShape(members, shapes);
  e.type = Type::Tuple;
  return Type::Tuple;
}

} // namespace sema
} // namespace llcc
