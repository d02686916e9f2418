//===- SemaTupleKeys.cpp - Dicts and sets keyed by tuples of numbers ------===//
//
// `seen.add((i, j))`, `(i, j) in seen`, `pairs[(a, b)] += 1`: a dict or set
// whose keys are tuples of numbers, all of one length. The container's
// shape says so: elem is Tuple and elemShape the key tuple's shape (its
// members as key kinds, a bool read as an int, as True == 1 in a dict).
// codegen/IRGenDict.cpp stores such a key as its members, compared with
// Python's numeric equality member by member.
//
// What such a container supports: building it (`set()`, `{}`,
// `defaultdict(int)`, displays of tuples), adding, storing, updating,
// looking up (`d[k]`, `d.get(k, v)`, `k in s`), len(), truth and
// d.values(). Its keys cannot be read back (iterating it, keys(), items(),
// sorted(d), set operators): CPython's set order follows its tuple hash,
// which llcc does not replay, and reading tuples out of a dict is not
// written yet; those are compile errors. A lookup must use a tuple of the
// keys' length: anything else is never found in Python, and llcc refuses
// it as it refuses `x in pairs` of another shape.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

ShapeRef Sema::tupleKeyShape(Expr &key, const char *context) {
  const Shape *s = key.shape.get();
  if (!s)
    return nullptr;
  std::vector<Type> kinds;
  for (size_t i = 0; i < s->members.size(); ++i) {
    Type m = s->members[i];
    if (m == Type::Unknown)
      return nullptr; // typed in a later round
    if (!isNumeric(m)) {
      error(key.loc(), std::string("a tuple ") + context + " holds numbers only in llcc, not a " +
                           describeShape(m, s->memberShapes[i]) +
                           "; use a tuple of numbers, e.g. (i, j)");
      return nullptr;
    }
    kinds.push_back(m == Type::Bool ? Type::Int : m);
  }
  if (kinds.empty()) {
    error(key.loc(), std::string("the empty tuple cannot be ") + context +
                         " in llcc; use a tuple of numbers, e.g. (i, j)");
    return nullptr;
  }
  return makeTupleShape(kinds, std::vector<ShapeRef>(kinds.size()));
}

ShapeRef Sema::tupleKeyedShape(const ShapeRef &key, Type value) {
  auto s = std::make_shared<Shape>();
  s->elem = Type::Tuple;
  s->value = value;
  s->elemShape = key;
  return s;
}

bool Sema::joinTupleKeys(LocalVar &var, const ShapeRef &value) {
  Type have = var.shape ? var.shape->elem : Type::Unknown;
  if (have != Type::Tuple && value->elem != Type::Tuple)
    return false;
  ShapeRef key = have == Type::Tuple ? var.shape->elemShape : value->elemShape;
  if ((have != Type::Tuple && have != Type::Unknown) ||
      (value->elem != Type::Tuple && value->elem != Type::Unknown)) {
    error(var.firstLoc, "'" + var.name +
                            "' holds both numbers and tuples as keys; llcc keeps "
                            "one kind of key in a dict or set (use 1-tuples, (x,), "
                            "for the numbers)");
    return true;
  }
  if (have == Type::Tuple && value->elem == Type::Tuple &&
      !joinShapes(var.shape->elemShape, value->elemShape, key)) {
    error(var.firstLoc, "'" + var.name + "' holds tuples of different lengths as keys (" +
                            describeShape(Type::Tuple, var.shape->elemShape) + " and " +
                            describeShape(Type::Tuple, value->elemShape) +
                            "); llcc keeps keys of one length in a dict or set");
    return true;
  }
  Type val = join(var.shape ? var.shape->value : Type::Unknown, value->value);
  if (var.shape && var.shape->elem == Type::Tuple && var.shape->value == val &&
      sameShape(var.shape->elemShape, key))
    return true;
  var.shape = tupleKeyedShape(key, val);
  changed_ = true;
  return true;
}

bool Sema::checkKeyLookup(Expr &container, Expr &key, Type keyType, const char *context) {
  const Shape *s = container.shape.get();
  bool tupleKeys = s && s->elem == Type::Tuple;
  if (keyType != Type::Tuple) {
    if (tupleKeys && isNumeric(keyType)) {
      std::string held = std::string("this ") + typeName(container.type) + " holds " +
                         describeShape(Type::Tuple, s->elemShape) + "s";
      std::string fix =
          "; use a tuple of " + std::to_string(s->elemShape->members.size()) + " numbers";
      if (std::string(context) == "looked up")
        error(key.loc(), held + ", so a number is never found in it" + fix);
      else
        error(key.loc(), held +
                             "; llcc keeps keys of one kind in a dict or set, so a number "
                             "cannot be " +
                             context + " too" + fix);
      return false;
    }
    requireNumeric(key, keyType, context);
    return isNumeric(keyType);
  }
  ShapeRef k = tupleKeyShape(key, context);
  if (!k || !s || s->elem == Type::Unknown)
    return k != nullptr;
  ShapeRef joined;
  if (!tupleKeys || !joinShapes(s->elemShape, k, joined)) {
    std::string held = tupleKeys ? describeShape(Type::Tuple, s->elemShape) + "s" : "numbers";
    std::string given = describeShape(Type::Tuple, key.shape);
    if (std::string(context) == "looked up")
      error(key.loc(), std::string("this ") + typeName(container.type) + " holds " + held +
                           ", so a " + given +
                           " is never found in it; compare keys of one kind and length");
    else
      error(key.loc(), std::string("this ") + typeName(container.type) + " holds " + held +
                           "; llcc keeps keys of one kind and length in a dict or set, so a " +
                           given + " cannot be " + context + " too");
    return false;
  }
  return true;
}

bool Sema::rejectTupleKeyed(Expr &container, const char *what) {
  if (!isHashContainer(container.type) || !container.shape || container.shape->elem != Type::Tuple)
    return false;
  error(container.loc(),
        std::string(what) + " a " + typeName(container.type) +
            " keyed by tuples is not supported in llcc: its keys can be added, stored, updated "
            "and looked up (d[k], d.get(k, v), k in s, len, d.values()), not read back; keep "
            "the tuples in a list too (keys.append((i, j))) where you need them");
  return true;
}

} // namespace sema
} // namespace llcc
