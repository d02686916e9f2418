//===- SemaContainers.cpp - Comprehensions, lambdas, dicts and sets --------===//
//
// Typing of Python's container idioms: list comprehensions and generator
// expressions (one `for` clause, any number of `if`s; the loop variable is
// local to the comprehension, as in Python 3, so it gets a hidden local),
// the list methods that grow and shrink a list (append, pop, extend), dicts
// and sets of numbers (`counts = {}`, `counts[k] = counts.get(k, 0) + 1`,
// `len(set(values))`), membership (`x in a`), and the `key=` and `default=`
// arguments of min, max and sorted (a lambda, a helper, abs, or d.get).
//
// A list's element kind is part of its Type (IntList when every element
// is an int or a bool, FloatList otherwise); a dict's key and value kinds and
// a set's element kind are in its Shape, joined over every store into the
// variable. Dicts and sets live only in local variables of the function
// that makes them, and lists that grow are never shared by two names, so
// the generated code can own them outright (see IRGenContainers.cpp).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>

namespace llcc {
namespace sema {

namespace {

/// Python's builtins that consume an iterable once, so a generator
/// expression may be their argument.
bool consumesGenerator(const std::string &name) {
  static const char *const Names[] = {"sum",    "min",  "max", "any", "all",
                                      "sorted", "list", "set", "dict"};
  for (const char *n : Names)
    if (name == n)
      return true;
  return false;
}

/// The list type holding elements of kind `t`.
Type listOf(Type t) {
  if (isIntegral(t))
    return Type::IntList;
  if (t == Type::Float || t == Type::IntOrFloat)
    return Type::FloatList;
  return Type::Unknown;
}

/// A key or element kind: bools are ints as keys (True == 1 in a dict).
Type keyKind(Type a, Type b) {
  Type j = join(a, b == Type::Bool ? Type::Int : b);
  return j == Type::Bool ? Type::Int : j;
}

/// A set's or dict's shape; `keysNumpy` is Shape::keysMayBeNumpy (false for
/// a container made empty, whose keys are whatever is stored later).
ShapeRef makeShape(Type elem, Type value, bool keysNumpy) {
  auto s = std::make_shared<Shape>();
  s->elem = elem;
  s->value = value;
  s->keysMayBeNumpy = keysNumpy;
  return s;
}

} // namespace

int Sema::hiddenLocal(const std::string &name, SourceLoc loc) {
  LocalVar v;
  v.name = name;
  v.firstLoc = loc;
  v.hidden = true;
  fn_->locals.push_back(v);
  return static_cast<int>(fn_->locals.size()) - 1;
}

void Sema::assignHidden(int index, Type t, bool numpy) {
  LocalVar &var = fn_->locals[index];
  Type j = join(var.type, t);
  if (j != var.type) {
    var.type = j;
    changed_ = true;
  }
  markNumpy(var.mayBeNumpy, numpy);
}

Type Sema::iterElementType(Expr &iter, bool &numpy) {
  numpy = false;
  auto *call = dyn_cast<CallExpr>(&iter);
  auto *calleeName = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  if (calleeName && calleeName->name == "range" && !locals_.count("range") &&
      !functions_.count("range") && !constants_.count("range")) {
    bool saved = inForIter_;
    inForIter_ = true;
    typeOfCall(*call);
    inForIter_ = saved;
    call->type = Type::Unknown;
    return Type::Int;
  }
  Type t = typeOf(iter);
  if (isArray(t)) {
    numpy = elementsMayBeNumpy(iter); // output_coords: Python ints
    return elementType(t);
  }
  if (t == Type::ArrayList) {
    numpy = true;
    return iter.shape ? iter.shape->elem : Type::Unknown;
  }
  if (isHashContainer(t)) {
    if (rejectTupleKeyed(iter, "iterating"))
      return Type::Unknown;
    // A dict or set that never gets a key is empty: its (never seen)
    // elements may as well be ints.
    numpy = !iter.shape || iter.shape->keysMayBeNumpy;
    return iter.shape && iter.shape->elem != Type::Unknown ? iter.shape->elem : Type::Int;
  }
  if (t == Type::Tuple && tupleLength(iter) >= 0) // a.shape
    error(iter.loc(), "iterating over a.shape is not supported in llcc; loop over range(a.ndim) "
                      "and read a.shape[i]");
  else if (t != Type::Unknown)
    error(iter.loc(), std::string("cannot iterate over a ") + typeName(t) +
                          "; loop over range(...), an array, a list, a dict or a set");
  return Type::Unknown;
}

/// A comprehension over a 2-D or 3-D array binds each row to one name, as
/// a for statement does; unpacking the rows is an error, not the elements.
bool Sema::windowComprehension(Expr &iter) {
  if (!isWindow(iter))
    return false;
  error(iter.loc(), "a comprehension over the rows of a 2-D or 3-D array binds each row to one "
                    "name (for r in w); index the row inside the element");
  return true;
}

/// Whether a comprehension clause over `iter` binds its elements as a for
/// statement over it does (IRGen::genIterable), not as an array's.
bool Sema::iteratesAsTuple(Expr &iter) {
  if (auto *call = dyn_cast<CallExpr>(&iter)) {
    auto *callee = dyn_cast<NameExpr>(call->callee.get());
    if (callee && !locals_.count(callee->name) && !functions_.count(callee->name) &&
        !constants_.count(callee->name))
    {
      for (const char *name : {"enumerate", "zip", "reversed"})
        if (callee->name == name)
          return true;
      if (callee->name == "range") // typed by iterElementType, as a loop's iterable
        return false;
    }
  }
  Type t = typeOf(iter);
  return t == Type::Tuple || t == Type::TupleList;
}

/// The target of a comprehension clause that unpacks (`k, w`) or walks a
/// tuple or an iterator builtin: each name in it gets a hidden local (once;
/// Sema's later passes reuse it), shadowing an outer name until the
/// comprehension ends, then the element type is unpacked into them as
/// assignTarget does for `for` statements.
bool Sema::bindClauseTarget(Expr &target, Expr &iter,
                            std::vector<std::pair<std::string, int>> &shadowed) {
  Type elem = Type::Unknown;
  ShapeRef shape;
  bool numpy = false;
  typeOfIteration(iter, elem, shape, numpy);
  if (elem == Type::Unknown || windowComprehension(iter))
    return false;
  std::vector<NameExpr *> names;
  std::function<bool(Expr &)> collect = [&](Expr &t) {
    if (auto *name = dyn_cast<NameExpr>(&t)) {
      names.push_back(name);
      return true;
    }
    if (auto *tuple = dyn_cast<TupleExpr>(&t)) {
      for (auto &el : tuple->elements)
        if (!collect(*el))
          return false;
      return true;
    }
    error(t.loc(), "a comprehension's loop variable must be a name or a tuple of names");
    return false;
  };
  if (!collect(target))
    return false;
  std::map<std::string, int> bound; // `for q, q in ...`: one local per name
  for (NameExpr *name : names) {
    if (auto it = bound.find(name->name); it != bound.end()) {
      name->localIndex = it->second;
      continue;
    }
    bool reuse = name->localIndex >= 0 &&
                 static_cast<size_t>(name->localIndex) < fn_->locals.size() &&
                 fn_->locals[name->localIndex].hidden &&
                 fn_->locals[name->localIndex].name == name->name;
    int local = reuse ? name->localIndex : hiddenLocal(name->name, name->loc());
    auto saved = locals_.find(name->name);
    shadowed.emplace_back(name->name, saved == locals_.end() ? -1 : saved->second);
    locals_[name->name] = local;
    name->localIndex = local;
    bound[name->name] = local;
  }
  assignTarget(target, elem, shape, target.loc(), nullptr, numpy);
  if (elem == Type::Tuple)
    markUnpackedArrays(target, elem, shape);
  return true;
}

Type Sema::typeOfComprehension(ComprehensionExpr &e) {
  if (e.generator && !generatorArgs_.count(&e))
    error(e.loc(), "a generator expression is only supported as the argument of sum, min, max, "
                   "any, all, sorted, list or set; write a list comprehension [... for ...]");
  // Each clause's target names a hidden local from its clause on (the
  // later clauses, their conditions and the element), as Python 3 scopes
  // them; every iterable after the first is evaluated inside that scope.
  std::vector<std::pair<std::string, int>> shadowed;
  bool ok = true;
  auto clause = [&](Expr &targetExpr, Expr &iter, std::vector<ExprPtr> &conds, int &localIndex) {
    auto *target = dyn_cast<NameExpr>(&targetExpr);
    if (!target || iteratesAsTuple(iter)) {
      // `for k, w in enumerate(W)`, `for a, b in zip(x, y)`, `for v in T`
      // (a tuple): typed as a for statement types them, every name of the
      // target a hidden local of its own.
      if (!bindClauseTarget(targetExpr, iter, shadowed))
        ok = false;
      else
        for (auto &cond : conds)
          typeOfTest(*cond);
      return;
    }
    bool numpy = false;
    dictListWalks_.insert(&iter); // d.values() of a dict of lists (SemaDictLists.cpp)
    Type elem = iterElementType(iter, numpy);
    bool rows = isWindow(iter); // `for r in w`: the rows of a 2-D or 3-D array
    if (rows)
      elem = iter.type;
    if (localIndex < 0)
      localIndex = hiddenLocal(target->name, target->loc());
    assignHidden(localIndex, elem, numpy);
    if (rows)
      typeWindowRow(fn_->locals[localIndex], iter, target->loc());
    if (iter.type == Type::ArrayList)
      markArrayListLocal(localIndex, iter);
    auto saved = locals_.find(target->name);
    shadowed.emplace_back(target->name, saved == locals_.end() ? -1 : saved->second);
    locals_[target->name] = localIndex;
    target->ref = NameRef::Local;
    target->localIndex = localIndex;
    target->type = fn_->locals[localIndex].type;
    target->shape = fn_->locals[localIndex].shape;
    for (auto &cond : conds)
      typeOfTest(*cond);
  };
  tupleOfArraysToList(e.iter);
  clause(*e.target, *e.iter, e.conds, e.localIndex);
  for (ComprehensionClause &c : e.inner)
    if (ok) {
      tupleOfArraysToList(c.iter);
      clause(*c.target, *c.iter, c.conds, c.localIndex);
    }
  Type t = ok ? typeOf(*e.element) : Type::Unknown;
  for (auto it = shadowed.rbegin(); it != shadowed.rend(); ++it) {
    if (it->second < 0)
      locals_.erase(it->first);
    else
      locals_[it->first] = it->second;
  }
  if (t == Type::Unknown)
    return Type::Unknown;
  if (isNdarray(t)) { // a list of arrays
    e.shape = arrayListShape(t, isWindow(*e.element) ? e.element->shape : nullptr);
    return Type::ArrayList;
  }
  if (isList(t) && !e.generator) // a list of lists (typeOfListOfLists, SemaDictLists.cpp)
    return typeOfListOfLists(e, t);
  if (t == Type::Tuple && e.element->shape) { // a list of tuples
    e.shape = tupleListShape(e.element->shape);
    return Type::TupleList;
  }
  Type list = listOf(t);
  if (list == Type::Unknown)
    error(e.element->loc(),
          std::string("a comprehension's elements must be numbers, arrays or tuples "
                      "of numbers, not ") +
              typeName(t) +
              (isList(t) ? "; a generator of lists is not supported: make the list of lists "
                           "with a nested list comprehension, [ [f(r, c) for c in C] for r in R ]"
                         : ""));
  return list;
}

Type Sema::typeOfLambda(LambdaExpr &l, const std::vector<Type> &args, bool numpy,
                        const ShapeRef &argShape) {
  if (l.params.size() != args.size()) {
    error(l.loc(), "this lambda takes " + std::to_string(l.params.size()) +
                       " argument(s) but is called with " + std::to_string(args.size()));
    return Type::Unknown;
  }
  if (l.paramLocals.empty())
    for (const std::string &p : l.params)
      l.paramLocals.push_back(hiddenLocal(p, l.loc()));
  std::map<std::string, int> saved = locals_;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == Type::Tuple && argShape) { // an element of a list of tuples
      LocalVar &var = fn_->locals[l.paramLocals[i]];
      joinInto(var.type, var.shape, Type::Tuple, argShape);
    }
    assignHidden(l.paramLocals[i], args[i], numpy);
    if (isNdarray(args[i])) { // an element of a list of arrays
      LocalVar &var = fn_->locals[l.paramLocals[i]];
      joinLocalShape(var, true, argShape, l.loc());
      if (!var.readonlyArray) {
        var.readonlyArray = true;
        changed_ = true;
      }
    }
    locals_[l.params[i]] = l.paramLocals[i];
  }
  Type t = typeOf(*l.body);
  locals_ = saved;
  l.type = Type::Function;
  if (t != Type::Tuple) // a tuple key orders as CPython orders tuples
    requireNumeric(*l.body, t, "returned by a key function");
  return t;
}

/// The type a key function gives an element of type `elem`: a lambda, a
/// helper, `abs`, or `d.get` of a dict.
Type Sema::typeOfKey(Expr &key, Type elem, bool numpy, const ShapeRef &elemShape) {
  if (auto *l = dyn_cast<LambdaExpr>(&key))
    return typeOfLambda(*l, {elem}, numpy, elemShape);
  if (auto *a = dyn_cast<AttributeExpr>(&key)) {
    Type base = typeOf(*a->value);
    if (base == Type::Dict && a->attr == "get") {
      a->type = Type::Function;
      // d.get(k) is None for a missing key; the keys come from d itself.
      return a->value->shape ? a->value->shape->value : Type::Unknown;
    }
  }
  if (auto *n = dyn_cast<NameExpr>(&key)) {
    Type t = typeOfName(*n);
    n->type = t;
    if (n->ref == NameRef::Function) {
      FunctionDef &target = *n->function;
      if (declaredParams(target) == 0 || target.locals.empty()) {
        error(key.loc(), "'" + target.name + "' takes no argument, so it cannot be a key");
        return Type::Unknown;
      }
      for (size_t i = 1; i < declaredParams(target); ++i)
        if (!target.params[i].defaultValue) {
          error(key.loc(), "a key function takes one argument; '" + target.name +
                               "' needs " + std::to_string(declaredParams(target)));
          return Type::Unknown;
        }
      bindCaptures(nullptr, key.loc(), target);
      LocalVar &param = target.locals[0];
      Type j = join(param.type, elem);
      if (j != param.type) {
        param.type = j;
        changed_ = true;
      }
      markNumpy(param.mayBeNumpy, numpy);
      if (isNdarray(elem))
        joinLocalShape(param, true, elemShape, key.loc());
      if (elem == Type::Tuple && elemShape)
        joinInto(param.type, param.shape, Type::Tuple, elemShape);
      // After the fixpoint, a return type still unknown means no value.
      if (reporting_ && (target.returnType == Type::Unknown || target.returnType == Type::None)) {
        error(key.loc(), "'" + target.name + "' returns no value, so it cannot be a key; "
                                             "return a number from it");
        return Type::Unknown;
      }
      return target.returnType;
    }
    if (n->ref == NameRef::Builtin && n->qualifiedName == "abs")
      return isIntegral(elem) ? Type::Int : elem;
  }
  typeOf(key);
  error(key.loc(), "key= must be a lambda, a function of this file or of the library (abs, "
                   "len, np.abs, ...), operator.itemgetter(i), or d.get of a dict; write "
                   "key=lambda x: ...");
  return Type::Unknown;
}

bool Sema::typeOfContainerBuiltin(CallExpr &e, const std::string &name, Type &out) {
  if (consumesGenerator(name))
    for (auto &a : e.args)
      if (auto *c = dyn_cast<ComprehensionExpr>(a.get()); c && c->generator)
        generatorArgs_.insert(c);
  if (name == "dict") {
    typeOfDictCall(e, out);
    return true;
  }
  if (name == "collections.Counter") {
    typeOfCounterCall(e, out);
    return true;
  }
  if (name == "collections.defaultdict") {
    out = defaultDictFactory(e) == Type::Unknown ? Type::Unknown : Type::Dict;
    if (out == Type::Dict)
      e.shape = makeShape(Type::Unknown, defaultDictFactory(e), false);
    return true;
  }
  if (typeOfArrayListBuiltin(e, name, out) || typeOfTupleListBuiltin(e, name, out))
    return true;
  bool hasKeyword = false;
  for (KeywordArg &k : e.keywords)
    hasKeyword |= k.name == "key" || k.name == "default";
  auto isContainerArg = [&](Expr &a) {
    if (auto *n = dyn_cast<NameExpr>(&a)) {
      auto it = locals_.find(n->name);
      return it != locals_.end() && isHashContainer(fn_->locals[it->second].type);
    }
    if (isa<DictExpr>(&a) || isa<SetExpr>(&a))
      return true;
    if (auto *b = dyn_cast<BinaryExpr>(&a);
        b && (b->op == BinaryOp::BitAnd || b->op == BinaryOp::BitOr || b->op == BinaryOp::Sub ||
              b->op == BinaryOp::BitXor || b->op == BinaryOp::Add))
      return isHashContainer(typeOf(a)); // of sets, or Counters (SemaCounter.cpp)
    if (auto *c = dyn_cast<CallExpr>(&a))
      if (auto *m = dyn_cast<AttributeExpr>(c->callee.get());
          m && (m->attr == "intersection" || m->attr == "union" || m->attr == "difference" ||
                m->attr == "symmetric_difference"))
        return typeOf(a) == Type::Set;
    if (auto *c = dyn_cast<CallExpr>(&a))
      if (auto *callee = dyn_cast<NameExpr>(c->callee.get())) {
        if (functions_.count(callee->name) && !locals_.count(callee->name))
          return isHashContainer(typeOf(a)); // a helper's set or dict (SemaByRef.cpp)
        return (callee->name == "set" || callee->name == "dict") && !locals_.count(callee->name);
      }
    return false;
  };
  bool containerArg = e.args.size() == 1 && isContainerArg(*e.args[0]);
  bool handled = name == "list" || name == "set" || name == "dict" ||
                 ((name == "min" || name == "max" || name == "sorted") && hasKeyword) ||
                 (containerArg && (name == "len" || name == "sum" || name == "min" ||
                                   name == "max" || name == "any" || name == "all" ||
                                   name == "sorted"));
  if (!handled)
    return false;
  out = Type::Unknown;
  if (e.args.size() > 1 && (name == "min" || name == "max")) {
    for (auto &a : e.args)
      typeOf(*a);
    for (KeywordArg &k : e.keywords)
      typeOf(*k.value);
    bool dflt = false;
    for (KeywordArg &k : e.keywords)
      dflt |= k.name == "default";
    if (dflt)
      error(e.loc(), "'" + name +
                         "' takes default= only with one iterable argument (CPython "
                         "raises TypeError for several); write " +
                         name + "([a, b], default=d)");
    else
      error(e.loc(), "key= with several arguments is supported when they are all floats, all "
                     "ints or all tuples; convert them (float(n)) or pass one iterable, as in "
                     "min(values, key=f)");
    return true;
  }
  if (e.args.size() > 1 || (e.args.empty() && name != "list" && name != "set")) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.loc(), "'" + name + "' takes one iterable argument here");
    return true;
  }
  Type elem = Type::Int; // list() and set() of nothing
  bool numpy = false;
  if (!e.args.empty()) {
    // len() of a tuple-keyed dict or set counts its keys without reading them
    bool counts = name == "len" && isHashContainer(typeOf(*e.args[0]));
    elem = counts ? Type::Int : iterElementType(*e.args[0], numpy);
    if (isWindow(*e.args[0])) {
      // numpy iterates a 2-D array by rows: a list or set of arrays.
      error(e.loc(), "'" + name + "' of a 2-D or 3-D window (its rows) is not supported; use " +
                         name + "(w.ravel()) for its elements, or loop over the rows");
      return true;
    }
    if (auto *call = dyn_cast<CallExpr>(e.args[0].get()); call && call->builtin == "range" &&
                                                          call->type == Type::Unknown)
      ; // range(...) typed by iterElementType
  }
  Expr *key = nullptr, *dflt = nullptr;
  for (KeywordArg &k : e.keywords) {
    if (k.name == "key" && name != "list" && name != "set" && name != "len" && name != "sum" &&
        name != "any" && name != "all") {
      key = k.value.get();
    } else if (k.name == "default" && (name == "min" || name == "max")) {
      dflt = k.value.get();
    } else {
      typeOf(*k.value);
      error(k.loc, "keyword argument '" + k.name + "' is not supported for '" + name + "'");
    }
  }
  if (key) {
    Type kt = typeOfKey(*key, elem, numpy);
    checkKeyType(*key, kt, name);
  }
  if (elem == Type::Unknown)
    return true;
  Type result = Type::Unknown;
  if (name == "len") {
    result = Type::Int;
  } else if (name == "sum") {
    // The int 0 when empty: an int or a float for float elements.
    result = elem == Type::Float || elem == Type::IntOrFloat ? Type::IntOrFloat : Type::Int;
  } else if (name == "any" || name == "all") {
    result = Type::Bool;
  } else if (name == "min" || name == "max") {
    result = elem == Type::Bool ? Type::Bool : elem;
    if (dflt) {
      Type d = typeOf(*dflt);
      requireNumeric(*dflt, d, "a default");
      result = join(result, d);
    }
  } else if (name == "sorted" || name == "list") {
    result = listOf(elem);
  } else if (name == "set") {
    // CPython's set(d) of a dict first sizes the new table for the dict's
    // length, so its slots (and its order) differ from adding the keys one
    // by one, which is what llcc replays (stdlib/sets.flt). set(s) of a
    // set is set_copy, replayed as `s | set()` (IRGenSetOps.cpp).
    if (!e.args.empty() && e.args[0]->type == Type::Dict) {
      error(e.args[0]->loc(), "set() of a dict is not supported: CPython sizes the copy's hash "
                              "table from the dict, so it iterates in another order than llcc "
                              "replays; write set(list(d)), which CPython fills one by one");
      out = Type::Unknown;
      return true;
    }
    usesSetCombine_ |= !e.args.empty() && e.args[0]->type == Type::Set; // set_copy
    if (elem == Type::Tuple) {
      error(e.args[0]->loc(), "set() of tuples is not supported; make an empty set and add "
                              "them: s = set(), then s.add((a, b)) in a loop");
      out = Type::Unknown;
      return true;
    }
    // set() of nothing: its elements are whatever is added later.
    e.shape = makeShape(e.args.empty() ? Type::Unknown : keyKind(Type::Unknown, elem),
                        Type::Unknown, !e.args.empty() && numpy);
    result = Type::Set;
  }
  out = result;
  return true;
}

/// `a.extend(iterable)`, and `a += iterable` on a list, which is the same
/// in Python (list.__iadd__ extends in place): a list of ints that takes
/// floats becomes a list of floats. `var` is the list's local, already
/// marked as growing. False while the iterable's elements are unknown.
bool Sema::typeOfListExtend(LocalVar &listVar, Expr &arg) {
  size_t index = static_cast<size_t>(&listVar - fn_->locals.data());
  if (auto *c = dyn_cast<ComprehensionExpr>(&arg); c && c->generator)
    generatorArgs_.insert(c);
  bool numpy;
  Type t = iterElementType(arg, numpy);
  LocalVar &var = fn_->locals[index]; // typing may have added hidden locals
  markNumpy(var.mayBeNumpy, numpy || arg.mayBeNumpy);
  if (t == Type::Unknown)
    return false;
  if (!isNumeric(t)) {
    error(arg.loc(), "lists hold numbers only");
    return true;
  }
  if (!isIntegral(t) && var.type == Type::IntList) {
    var.type = Type::FloatList;
    changed_ = true;
  }
  return true;
}

/// `a += iterable` on a list extends it in place, as a.extend(iterable);
/// `a *= n` repeats it in place, which llcc leaves to `a = a * n`; other
/// operators are TypeErrors in CPython.
void Sema::typeListAugAssign(AugAssignStmt &s) {
  std::string op = std::string(binaryOpSpelling(s.op)) + "=";
  if (s.op != BinaryOp::Add) {
    typeOf(*s.value);
    if (s.op == BinaryOp::Mul)
      error(s.loc(), "'*=' repeats a list in place, which llcc does not support; write "
                     "'a = a * n', a new list");
    else
      error(s.loc(), "unsupported operand types for " + op + ": 'list' and '" +
                         typeName(s.value->type) + "'");
    return;
  }
  auto *n = dyn_cast<NameExpr>(s.target.get());
  if (!n || n->ref != NameRef::Local) {
    typeOf(*s.value);
    error(s.target->loc(), "'+=' extends a list, which is supported on a list held in a "
                           "local variable");
    return;
  }
  if (fn_->locals[n->localIndex].isParam) {
    typeOf(*s.value);
    error(s.target->loc(), "'+=' on a parameter would extend the caller's list, which llcc "
                           "does not share; build a new list in this function");
    return;
  }
  if (!fn_->locals[n->localIndex].grows) {
    fn_->locals[n->localIndex].grows = true;
    changed_ = true;
  }
  // With an ndarray, CPython's `+=` tries numpy's addition before the
  // list's in-place concatenation: the name becomes an array (or numpy
  // raises for lengths that do not broadcast).
  typeOfListExtend(fn_->locals[n->localIndex], *s.value);
  if (isNdarray(s.value->type)) {
    error(s.loc(), "'+=' of a list and an array is numpy's elementwise addition in Python, "
                   "which makes the name an array; write 'a.extend(x)' to extend the list");
    return;
  }
  s.extendsList = true;
  s.resultType = fn_->locals[n->localIndex].type;
}

namespace {
bool freshNumber(const Expr &x); // below
} // namespace

bool Sema::typeOfContainerMethod(CallExpr &e, AttributeExpr &a, Type base, Type &out) {
  const std::string &m = a.attr;
  out = Type::Unknown;
  auto local = [&]() -> LocalVar * {
    auto *n = dyn_cast<NameExpr>(a.value.get());
    return n && n->ref == NameRef::Local ? &fn_->locals[n->localIndex] : nullptr;
  };
  auto args = [&](size_t lo, size_t hi) {
    if (e.args.size() >= lo && e.args.size() <= hi && e.keywords.empty())
      return true;
    error(e.loc(), "." + m + "() takes " + std::to_string(lo) +
                       (hi != lo ? " to " + std::to_string(hi) : "") + " argument(s) here");
    return false;
  };
  if (isList(base) && typeOfDictListMethod(e, a, out)) // SemaDictLists.cpp
    return true;
  if (isList(base) && (m == "count" || m == "remove")) {
    // list.count(x): the elements equal to x; list.remove(x) drops the
    // first. CPython also matches x itself by identity (`item is x or item
    // == x`), which decides a NaN's fate. Identity never matters for a list
    // of ints, nor for an int x or a number that is a new object in CPython
    // (freshNumber: a NaN one matches nothing, as `==` says); any other
    // float x might be one of the list's own elements and is refused.
    e.builtin = "method." + m;
    a.type = Type::Function;
    if (!args(1, 1))
      return true;
    Type t = typeOf(*e.args[0]);
    requireNumeric(*e.args[0], t, m == "count" ? "counted" : "removed");
    if (base != Type::IntList && t != Type::Int && t != Type::Bool && t != Type::Unknown &&
        !freshNumber(*e.args[0])) {
      error(e.args[0]->loc(),
            "list." + m +
                "(x) of a list of floats needs x to be an int or a new number (a literal, an "
                "arithmetic result, an element of an array): CPython matches a NaN x by object "
                "identity, which llcc does not track; " +
                (m == "count" ? std::string("count with sum(1 for v in a if v == x)")
                              : std::string("find the index with enumerate and pop it "
                                            "(a.pop(i))")));
      return true;
    }
    if (m == "count") {
      out = Type::Int;
      return true;
    }
  }
  if (isList(base) && m == "reverse") {
    // In place, element by element: lists sharing it see the change.
    e.builtin = "method.reverse";
    a.type = Type::Function;
    if (!args(0, 0))
      return true;
    if (!local()) {
      error(a.value->loc(), ".reverse() is supported on a list held in a local variable");
      return true;
    }
    out = Type::None;
    return true;
  }
  if (isList(base) && m == "index") {
    typeListIndex(e, a, base);
    out = Type::Int;
    return true;
  }
  if (isList(base) && (m == "append" || m == "pop" || m == "extend" || m == "insert" ||
                       m == "remove" || m == "clear")) {
    e.builtin = "method." + m;
    a.type = Type::Function;
    std::vector<Type> types;
    for (auto &arg : e.args)
      types.push_back(m == "extend" ? Type::Unknown : typeOf(*arg));
    LocalVar *var = local();
    if (!var) {
      error(a.value->loc(), "." + m + "() is supported on a list held in a local variable");
      return true;
    }
    // A filter's `exclude=None` made a list in its body is its own list:
    // its caller passes only None (LocalVar::noneOnly).
    if (var->isParam && !(var->userParam && var->mayBeNone)) {
      error(a.value->loc(), "." + m + "() on a parameter would change the caller's list, which "
                            "llcc does not share; build a new list in this function");
      return true;
    }
    if (!var->grows) {
      var->grows = true;
      changed_ = true;
    }
    if (m == "remove" || m == "clear") {
      if (args(m == "clear" ? 0 : 1, m == "clear" ? 0 : 1))
        out = Type::None;
      return true;
    }
    if (m == "insert") {
      // a.insert(i, x): an int index (clamped to the list, as CPython does)
      // and a number that, as append's, may make the list one of floats.
      if (!args(2, 2))
        return true;
      if (!isIntegral(types[0]) && types[0] != Type::IntOrFloat && types[0] != Type::Unknown) {
        error(e.args[0]->loc(),
              "list.insert's index must be an int, not a " + std::string(typeName(types[0])));
        return true;
      }
      requireNumeric(*e.args[1], types[1], "inserted");
      markNumpy(var->mayBeNumpy, e.args[1]->mayBeNumpy);
      noteBoolKind(*var, e.args[1].get(), types[1], e.args[1]->mayBeNumpy, BoolKindSlot::Element);
      if (isNumeric(types[1]) && !isIntegral(types[1]) && var->type == Type::IntList) {
        var->type = Type::FloatList;
        changed_ = true;
      }
      out = Type::None;
      return true;
    }
    if (m == "append") {
      if (!args(1, 1))
        return true;
      if (types[0] == Type::Tuple) { // `pairs = []`, then pairs.append((v, i))
        appendTuple(*var, *e.args[0]);
        out = Type::None;
        return true;
      }
      if (isList(types[0])) {
        error(
            e.args[0]->loc(),
            "appending a list to a list (a list of lists) is not supported "
            "in llcc; make the rows with a nested comprehension, rows = [ [f(r, c) for c in C] for "
            "r in R ], or keep the numbers in one flat list");
        return true;
      }
      requireNumeric(*e.args[0], types[0], "appended");
      markNumpy(var->mayBeNumpy, e.args[0]->mayBeNumpy);
      noteBoolKind(*var, e.args[0].get(), types[0], e.args[0]->mayBeNumpy,
                   BoolKindSlot::Element);
      // Appending a float to a list of ints makes it a list of floats.
      if (isNumeric(types[0]) && !isIntegral(types[0]) && var->type == Type::IntList) {
        var->type = Type::FloatList;
        changed_ = true;
      }
      out = Type::None;
      return true;
    }
    if (m == "extend") {
      if (args(1, 1) && typeOfListExtend(*var, *e.args[0]))
        out = Type::None;
      return true;
    }
    // pop() and pop(i)
    if (!args(0, 1))
      return true;
    if (!e.args.empty() && !isIntegral(types[0]) && types[0] != Type::IntOrFloat &&
        types[0] != Type::Unknown)
      error(e.args[0]->loc(), "list indices must be integers");
    out = elementType(base);
    return true;
  }
  if (base == Type::Set && m == "add") {
    e.builtin = "method.add";
    a.type = Type::Function;
    if (!args(1, 1))
      return true;
    Type t = typeOf(*e.args[0]);
    if (!checkKeyLookup(*a.value, *e.args[0], t, "added to a set"))
      return true;
    LocalVar *var = local();
    if (!var) {
      error(a.value->loc(), ".add() is supported on a set held in a local variable");
      return true;
    }
    if (t == Type::Tuple) {
      if (ShapeRef key = tupleKeyShape(*e.args[0], "added to a set"))
        joinContainerShape(*var, tupleKeyedShape(key, Type::Unknown));
    } else {
      joinContainerShape(
          *var, makeShape(keyKind(Type::Unknown, t), Type::Unknown, e.args[0]->mayBeNumpy));
    }
    out = Type::None;
    return true;
  }
  if (base == Type::Dict && typeOfCounterMethod(e, a, out))
    return true;
  if (base == Type::Dict && typeOfDictListValues(e, a, out)) // SemaDictLists.cpp
    return true;
  if (base == Type::Dict && m == "setdefault") {
    // d.setdefault(k, v): d[k], storing v first when k is missing.
    e.builtin = "method.setdefault";
    a.type = Type::Function;
    if (e.args.size() == 1 && e.keywords.empty()) {
      typeOf(*e.args[0]);
      error(e.loc(), "d.setdefault(k) stores None for a missing key, and llcc has no None; give "
                     "a default, as in d.setdefault(k, 0)");
      return true;
    }
    if (!args(2, 2))
      return true;
    Type k = typeOf(*e.args[0]);
    if (!checkKeyLookup(*a.value, *e.args[0], k, "used as a key"))
      return true;
    Type d = typeOf(*e.args[1]);
    if (isList(d) || d == Type::TupleList || d == Type::ArrayList) {
      error(e.args[1]->loc(), "a dict of lists of tuples or arrays is not supported in llcc, "
                              "whose dicts hold numbers or lists of numbers "
                              "(d.setdefault(k, []).append(x)); keep the tuples' members in "
                              "lists of their own");
      return true;
    }
    requireNumeric(*e.args[1], d, "stored in a dict");
    LocalVar *var = local();
    if (!var) {
      error(a.value->loc(), ".setdefault() is supported on a dict held in a local variable");
      return true;
    }
    if (k == Type::Tuple) {
      if (ShapeRef key = tupleKeyShape(*e.args[0], "used as a key"))
        joinContainerShape(*var, tupleKeyedShape(key, d));
    } else if (isNumeric(k) && isNumeric(d)) {
      joinContainerShape(*var, makeShape(keyKind(Type::Unknown, k), d, e.args[0]->mayBeNumpy));
    }
    const Shape *shape = a.value->shape.get();
    out = join(shape ? shape->value : Type::Unknown, d);
    return true;
  }
  if (base == Type::Dict && (m == "get" || m == "keys" || m == "values" || m == "items")) {
    e.builtin = "method." + m;
    a.type = Type::Function;
    const Shape *shape = a.value->shape.get();
    if (m == "get") {
      if (e.args.size() == 1 && e.keywords.empty()) {
        typeOf(*e.args[0]);
        error(e.loc(), "d.get(k) returns None for a missing key, and llcc has no None; give a "
                       "default, as in d.get(k, 0)");
        return true;
      }
      if (!args(2, 2))
        return true;
      Type k = typeOf(*e.args[0]);
      checkKeyLookup(*a.value, *e.args[0], k, "used as a key");
      Type d = typeOf(*e.args[1]);
      requireNumeric(*e.args[1], d, "a default");
      out = join(shape ? shape->value : Type::Unknown, d);
      return true;
    }
    if (!args(0, 0))
      return true;
    if (m != "values" && rejectTupleKeyed(*a.value, m == "keys" ? "keys() of" : "items() of"))
      return true;
    if (m == "items") {
      // (key, value) pairs, a list of tuples wherever one is taken
      // (sorted(d.items()), max(d.items(), key=...), comprehensions); the
      // for statement unpacking them walks the dict (walkContainerFor).
      // A kind not stored yet is an int, as codegen reads it. Keys and
      // values may be numpy scalars (keys taken from a window are), as the
      // for statement over d.items() reads them too: both are what was
      // stored (Shape::keysMayBeNumpy, SemaNumpyKinds.cpp).
      auto kind = [](Type t) { return t == Type::Unknown ? Type::Int : t; };
      e.shape = tupleListShape(makeTupleShape(
          {kind(shape ? shape->elem : Type::Unknown), kind(shape ? shape->value : Type::Unknown)},
          {nullptr, nullptr}, {elementsMayBeNumpy(*a.value), a.value->mayBeNumpy}));
      out = Type::TupleList;
      return true;
    }
    out = listOf(shape ? (m == "keys" ? shape->elem : shape->value) : Type::Unknown);
    return true;
  }
  if (base == Type::Set && typeOfSetMethod(e, a, out))
    return true;
  if (isHashContainer(base)) {
    for (auto &arg : e.args)
      typeOf(*arg);
    error(a.loc(), std::string("a ") + typeName(base) + " has no supported method '" + m + "'" +
                       (base == Type::Dict
                            ? "; dicts support get, setdefault, keys, values and items"
                            : "; sets support add, union, intersection, difference, "
                              "symmetric_difference, issubset, issuperset and isdisjoint "
                              "(discard, remove, pop and the update methods are not supported: "
                              "write t = s - {x} for a set without x, s |= t for s.update(t))"));
    return true;
  }
  return false;
}

void Sema::joinContainerShape(LocalVar &var, const ShapeRef &value) {
  if (!value || joinTupleKeys(var, value))
    return;
  Type elem = keyKind(var.shape ? var.shape->elem : Type::Unknown, value->elem);
  Type val = join(var.shape ? var.shape->value : Type::Unknown, value->value);
  bool keysNumpy = value->keysMayBeNumpy || (var.shape && var.shape->keysMayBeNumpy);
  if (var.shape && var.shape->elem == elem && var.shape->value == val &&
      var.shape->keysMayBeNumpy == keysNumpy)
    return;
  var.shape = makeShape(elem, val, keysNumpy);
  changed_ = true;
}

Type Sema::typeOfDictDisplay(DictExpr &e) {
  Type k = Type::Unknown, v = Type::Unknown;
  ShapeRef tupleKey;
  bool tuples = false, numbers = false;
  for (size_t i = 0; i < e.keys.size(); ++i) {
    Type kt = typeOf(*e.keys[i]);
    if (kt == Type::Tuple) {
      tuples = true;
      if (ShapeRef key = tupleKeyShape(*e.keys[i], "used as a key"))
        if (!joinShapes(tupleKey ? tupleKey : key, key, tupleKey))
          error(e.keys[i]->loc(), "this dict's keys are tuples of different lengths; llcc "
                                  "keeps keys of one length in a dict");
    } else {
      numbers = numbers || isNumeric(kt);
      requireNumeric(*e.keys[i], kt, "used as a key");
    }
    Type vt = typeOf(*e.values[i]);
    if (vt != Type::Unknown && !isNumeric(vt) &&
        (isList(vt) || isa<ListExpr>(e.values[i].get()) ||
         isa<ComprehensionExpr>(e.values[i].get()))) {
      error(e.values[i]->loc(),
            "a dict of lists is built in llcc by assigning a display of list displays to a "
            "name (d = {0: [], 1: [x]}), by d[k] = [...], d.setdefault(k, []) or "
            "defaultdict(list); a dict display elsewhere holds numbers");
      continue;
    }
    requireNumeric(*e.values[i], vt, "stored in a dict");
    k = keyKind(k, kt == Type::Tuple ? Type::Unknown : kt);
    v = join(v, vt);
  }
  if (tuples && numbers)
    error(e.loc(), "this dict holds both numbers and tuples as keys; llcc keeps one kind of key "
                   "in a dict");
  bool numpy = false;
  for (auto &key : e.keys)
    numpy |= key->mayBeNumpy;
  e.shape = tuples && tupleKey ? tupleKeyedShape(tupleKey, v) : makeShape(k, v, numpy);
  return Type::Dict;
}

/// defaultdict(int) or defaultdict(float): Int or Float, the kind of the 0
/// a missing key reads as; Unknown after a diagnostic for other factories.
Type Sema::defaultDictFactory(CallExpr &e) {
  auto *f =
      e.args.size() == 1 && e.keywords.empty() ? dyn_cast<NameExpr>(e.args[0].get()) : nullptr;
  if (f && !locals_.count(f->name) && !functions_.count(f->name) &&
      (f->name == "int" || f->name == "float" || f->name == "list"))
    return f->name == "int" ? Type::Int : f->name == "list" ? Type::IntList : Type::Float;
  error(e.loc(), "defaultdict takes int, float or list in llcc (a dict whose missing keys read "
                 "as 0, or as a new empty list); for other defaults use d.get(k, default)");
  return Type::Unknown;
}

void Sema::typeOfDictCall(CallExpr &e, Type &out) {
  out = Type::Unknown;
  if (e.args.size() == 1)
    if (auto *c = dyn_cast<ComprehensionExpr>(e.args[0].get()))
      if (auto *pair = dyn_cast<TupleExpr>(c->element.get()); pair && pair->elements.size() == 2)
        dictItems_.insert(pair);
  for (auto &a : e.args)
    typeOf(*a);
  for (KeywordArg &k : e.keywords)
    typeOf(*k.value);
  if (!e.keywords.empty() || e.args.size() > 1) {
    error(e.loc(), "dict(...) with keyword arguments or several arguments is not supported; "
                   "write a display {k: v, ...} or a comprehension {k: v for ...}");
    return;
  }
  if (e.args.empty()) {
    e.shape = makeShape(Type::Unknown, Type::Unknown, false);
    out = Type::Dict;
    return;
  }
  Expr &arg = *e.args[0];
  if (arg.type == Type::Unknown)
    return;                     // typed in a later round
  if (arg.type == Type::Dict) { // a copy: the same keys, values and order
    e.shape = makeShape(arg.shape ? arg.shape->elem : Type::Unknown,
                        arg.shape ? arg.shape->value : Type::Unknown,
                        !arg.shape || arg.shape->keysMayBeNumpy);
    out = Type::Dict;
    return;
  }
  const Shape *pair =
      arg.type == Type::TupleList && arg.shape ? arg.shape->elemShape.get() : nullptr;
  if (pair && pair->members.size() == 2 && isNumeric(pair->members[0]) &&
      isNumeric(pair->members[1])) {
    e.shape = makeShape(keyKind(Type::Unknown, pair->members[0]), pair->members[1],
                        pair->memberNumpy.size() != 2 || pair->memberNumpy[0]);
    out = Type::Dict;
    return;
  }
  std::string what = pair ? describeShape(Type::Tuple, arg.shape->elemShape) + " items"
                          : "a " + describeShape(arg.type, arg.shape);
  error(arg.loc(), "dict() takes (key, value) pairs of numbers, not " + what +
                       ": a comprehension {k: v for x in a}, zip(keys, values), enumerate(a), "
                       "a list of 2-tuples, or another dict");
}

Type Sema::typeOfSetDisplay(SetExpr &e) {
  Type k = Type::Unknown;
  ShapeRef tupleKey;
  bool tuples = false, numbers = false;
  for (auto &x : e.elements) {
    Type t = typeOf(*x);
    if (t == Type::Tuple) {
      tuples = true;
      if (ShapeRef key = tupleKeyShape(*x, "stored in a set"))
        if (!joinShapes(tupleKey ? tupleKey : key, key, tupleKey))
          error(x->loc(), "this set holds tuples of different lengths; llcc keeps elements of "
                          "one length in a set");
      continue;
    }
    numbers = numbers || isNumeric(t);
    requireNumeric(*x, t, "stored in a set");
    k = keyKind(k, t);
  }
  if (tuples && numbers)
    error(e.loc(), "this set holds both numbers and tuples; llcc keeps one kind of element in "
                   "a set");
  bool numpy = false;
  for (auto &x : e.elements)
    numpy |= x->mayBeNumpy;
  e.shape = tuples && tupleKey ? tupleKeyedShape(tupleKey, Type::Unknown)
                               : makeShape(k, Type::Unknown, numpy);
  return Type::Set;
}

Type Sema::typeOfMembership(CompareExpr &c) {
  if (c.ops.size() != 1) {
    for (auto &o : c.operands)
      typeOf(*o);
    error(c.loc(), "'in' and 'not in' are supported alone, not in a chain of comparisons");
    return Type::Unknown;
  }
  Type x = typeOf(*c.operands[0]);
  Expr &container = *c.operands[1];
  if (x == Type::Str) {
    // how in ("mean", "avg"): a display of strs, compared one by one (a
    // number in it is never equal). The display is typed Str: it is never
    // a value of its own.
    const std::vector<ExprPtr> *elements = displayElements(container);
    if (!elements) {
      if (typeOf(container) == Type::Str) {
        c.substring = true; // "med" in how (SemaStrValues.cpp)
        return Type::Bool;
      }
      error(container.loc(), "a str is looked up in a tuple, list or set of strs written in "
                             "place: how in (\"mean\", \"avg\")");
      return Type::Unknown;
    }
    for (const ExprPtr &el : *elements) {
      Type t = typeOf(*el);
      if (t != Type::Str && t != Type::Unknown)
        requireNumeric(*el, t, "compared with a str");
    }
    container.type = Type::Str;
    return Type::Bool;
  }
  auto *call = dyn_cast<CallExpr>(&container);
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  bool range = callee && callee->name == "range" && !locals_.count("range") &&
               !functions_.count("range") && !constants_.count("range");
  if (!range && typeOf(container) == Type::Tuple && container.shape) {
    // tuple.__contains__: a number among numbers, a tuple among tuples.
    bool tuples = x == Type::Tuple;
    for (Type m : container.shape->members)
      if ((m == Type::Tuple) != tuples) {
        error(c.loc(), std::string("'in' looks up ") + (tuples ? "a tuple" : "a number") +
                           " in a tuple that holds " + (tuples ? "numbers" : "tuples") +
                           "; llcc compares like with like");
        return Type::Unknown;
      }
    if (!tuples)
      requireNumeric(*c.operands[0], x, "looked up");
    return Type::Bool;
  }
  if (x == Type::Tuple && typeOf(*c.operands[1]) == Type::TupleList) {
    ShapeRef list = c.operands[1]->shape, joined;
    if (list && c.operands[0]->shape && list->elemShape &&
        !joinShapes(list->elemShape, c.operands[0]->shape, joined))
      error(c.operands[0]->loc(), "this tuple has another shape than the list's tuples, so it "
                                  "is never in it; compare tuples of one length");
    return Type::Bool;
  }
  Type containerType = range ? Type::Unknown : typeOf(*c.operands[1]);
  if (isHashContainer(containerType)) {
    checkKeyLookup(*c.operands[1], *c.operands[0], x, "looked up");
    return Type::Bool;
  }
  if (!range && x == Type::Tuple && containerType == Type::Unknown)
    return Type::Unknown; // a parameter typed in a later round
  requireNumeric(*c.operands[0], x, "looked up");
  bool numpy;
  Type elem = iterElementType(*c.operands[1], numpy);
  (void)elem;
  return Type::Bool;
}

Type Sema::typeOfDictSubscript(SubscriptExpr &s, Type base) {
  if (base == Type::Set) {
    typeOf(*s.index);
    error(s.loc(), "a set cannot be indexed; test membership with 'x in s'");
    return Type::Unknown;
  }
  if (isa<SliceExpr>(s.index.get())) {
    error(s.index->loc(), "a dict cannot be sliced");
    return Type::Unknown;
  }
  Type k = typeOf(*s.index);
  if (checkKeyLookup(*s.value, *s.index, k, "used as a key"))
    noteDefaultListKey(s); // SemaDictLists.cpp
  return s.value->shape ? s.value->shape->value : Type::Unknown;
}

bool Sema::assignToContainer(SubscriptExpr &target, Type valueType, SourceLoc loc,
                             Expr *value) {
  Type base = typeOf(*target.value);
  if (base == Type::TupleList)
    return assignToTupleList(target, valueType, value);
  if (isList(base) && (isa<SliceExpr>(target.index.get()))) {
    // a[i:j] = xs, a[::2] = xs: CPython's list_ass_subscript, in place
    // (IRGenListSlice.cpp); the list may change length, as with append.
    auto *n = dyn_cast<NameExpr>(target.value.get());
    LocalVar *var = n && n->ref == NameRef::Local ? &fn_->locals[n->localIndex] : nullptr;
    typeOf(target);
    if (!var) {
      error(target.value->loc(), "assigning to a slice is supported on a list held in a local "
                                 "variable");
      return true;
    }
    if (var->isParam && !(var->userParam && var->mayBeNone)) {
      error(target.value->loc(), "assigning to a slice of a parameter would change the caller's "
                                 "list, which llcc does not share; build a new list in this "
                                 "function");
      return true;
    }
    if (valueType != Type::FloatList && valueType != Type::IntList) {
      if (valueType != Type::Unknown)
        error(value ? value->loc() : loc,
              std::string("a list slice is assigned a list of numbers in llcc, here a ") +
                  typeName(valueType) + "; convert it first (list(x))");
      return true;
    }
    if (!var->grows) {
      var->grows = true;
      changed_ = true;
    }
    if (valueType == Type::FloatList && var->type == Type::IntList) {
      var->type = Type::FloatList;
      changed_ = true;
    }
    if (value)
      markNumpy(var->mayBeNumpy, value->mayBeNumpy);
    return true;
  }
  if (isList(base) && isa<NameExpr>(target.value.get())) {
    auto &n = cast<NameExpr>(*target.value);
    if (n.ref == NameRef::Local && value)
      markNumpy(fn_->locals[n.localIndex].mayBeNumpy, value->mayBeNumpy);
  }
  if (isList(base) && isa<NameExpr>(target.value.get()) && isNumeric(valueType) &&
      !isIntegral(valueType)) {
    // Storing a float into a list of ints makes it a list of floats.
    auto &n = cast<NameExpr>(*target.value);
    if (n.ref == NameRef::Local && fn_->locals[n.localIndex].type == Type::IntList) {
      fn_->locals[n.localIndex].type = Type::FloatList;
      changed_ = true;
    }
    return false;
  }
  if (base != Type::Dict && base != Type::Set)
    return false;
  Type k = typeOfDictSubscript(target, base);
  (void)k;
  target.type = target.value->shape ? target.value->shape->value : Type::Unknown;
  if (base == Type::Set)
    return true;
  auto *n = dyn_cast<NameExpr>(target.value.get());
  if (!n || n->ref != NameRef::Local) {
    error(target.value->loc(), "assign into a dict held in a local variable");
    return true;
  }
  if (!checkDictValueKind(*target.value, target, valueType))
    return true;
  if (isList(valueType) && !(value && checkFreshDictList(*value)))
    return true;
  if (valueType != Type::Unknown && !isNumeric(valueType) && !isList(valueType)) {
    requireNumeric(target, valueType, "stored in a dict");
    return true;
  }
  if (target.index->type == Type::Tuple) {
    if (ShapeRef key = tupleKeyShape(*target.index, "used as a key"))
      joinContainerShape(fn_->locals[n->localIndex], tupleKeyedShape(key, valueType));
  } else {
    joinContainerShape(
        fn_->locals[n->localIndex],
        makeShape(keyKind(Type::Unknown, target.index->type), valueType, target.index->mayBeNumpy));
  }
  return true;
}

bool Sema::walkContainerFor(ForStmt &s, unsigned loopDepth) {
  // for k, v in d.items():
  auto *tt = dyn_cast<TupleExpr>(s.target.get());
  auto *call = dyn_cast<CallExpr>(s.iter.get());
  auto *attr = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
  if (!tt || !attr || attr->attr != "items")
    return false;
  Type base = typeOf(*attr->value);
  if (base != Type::Dict)
    return false;
  if (rejectTupleKeyed(*attr->value, "items() of")) {
    walkBlock(s.body, loopDepth + 1);
    return true;
  }
  call->builtin = "method.items";
  attr->type = Type::Function;
  if (tt->elements.size() != 2 || !isa<NameExpr>(tt->elements[0].get()) ||
      !isa<NameExpr>(tt->elements[1].get())) {
    error(tt->loc(), "d.items() gives (key, value) pairs: write 'for k, v in d.items():'");
    return true;
  }
  if (!call->args.empty())
    error(call->loc(), ".items() takes no arguments");
  const Shape *shape = attr->value->shape.get();
  assignTo(*tt->elements[0], shape ? shape->elem : Type::Unknown, tt->loc(), nullptr,
           elementsMayBeNumpy(*attr->value)); // the keys' kind
  assignTo(*tt->elements[1], shape ? shape->value : Type::Unknown, tt->loc(), nullptr,
           attr->value->mayBeNumpy);
  if (auto *v = dyn_cast<NameExpr>(tt->elements[1].get()); v && v->ref == NameRef::Local &&
                                                           isDictOfLists(*attr->value) &&
                                                           !fn_->locals[v->localIndex].aliased) {
    fn_->locals[v->localIndex].aliased = true; // the dict's own list (SemaDictLists.cpp)
    changed_ = true;
  }
  if (isDictOfLists(*attr->value))
    noteDictListBind(*attr->value, cast<NameExpr>(*tt->elements[1]).name, tt->loc());
  tt->type = Type::Tuple;
  walkBlock(s.body, loopDepth + 1);
  walkBlock(s.elseBody, loopDepth);
  return true;
}

void Sema::checkContainerVariables(FunctionDef &fn) {
  checkDictListSnapshots(fn); // SemaDictLists.cpp
  for (LocalVar &v : fn.locals) {
    if (v.grows && v.aliased)
      diags_.error(v.firstLoc, "the list '" + v.name +
                                   "' grows or shrinks (append, pop, extend) and is also "
                                   "shared with another name ('b = a'); llcc does not share "
                                   "growing lists: copy it with list(a) or a.copy()");
    if (isHashContainer(v.type) && v.isParam && !v.noneOnly() && fn.fkind != FunctionKind::Helper)
      diags_.error(v.firstLoc, std::string("passing a ") + typeName(v.type) +
                                   " to a helper is not supported; pass what the helper needs "
                                   "(numbers, arrays or lists)");
  }
}

} // namespace sema
} // namespace llcc

namespace llcc {
namespace sema {

namespace {
/// `x` is a new object in CPython, never one of a list's elements: a float
/// literal, `-y`, an arithmetic result, or an element of an ndarray (numpy
/// makes a new scalar object at each `a[i]`; unary `+` of a float is the
/// same object, and so are float(), max(), sorted(...)[k], a list's
/// elements and names).
bool freshNumber(const Expr &x) {
  if (isa<FloatLiteralExpr>(&x) || isa<IntLiteralExpr>(&x))
    return true;
  if (auto *sub = dyn_cast<SubscriptExpr>(&x))
    return isNumeric(x.type) && isNdarray(sub->value->type) &&
           !isa<SliceExpr>(sub->index.get());
  if (auto *u = dyn_cast<UnaryExpr>(&x))
    return u->op == UnaryExpr::Op::Neg;
  if (auto *b = dyn_cast<BinaryExpr>(&x)) {
    static const BinaryOp arithmetic[] = {BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul,
                                          BinaryOp::Div, BinaryOp::FloorDiv, BinaryOp::Mod,
                                          BinaryOp::Pow};
    for (BinaryOp op : arithmetic)
      if (b->op == op)
        return true;
  }
  return false;
}

/// `max(L)` or `min(L)` of the list named `list`.
bool extremeOf(const Expr &x, const Expr &list) {
  auto *c = dyn_cast<CallExpr>(&x);
  auto *f = c ? dyn_cast<NameExpr>(c->callee.get()) : nullptr;
  auto *l = dyn_cast<NameExpr>(&list);
  if (!f || !l || (f->name != "max" && f->name != "min") || c->args.size() != 1 ||
      !c->keywords.empty())
    return false;
  auto *arg = dyn_cast<NameExpr>(c->args[0].get());
  return arg && arg->name == l->name;
}
} // namespace

/// list.index(x): the first index whose element equals x, else
/// `ValueError: {x!r} is not in list`. CPython tests `item is x` before
/// `item == x`, which decides where a NaN x is found: an int x (never NaN),
/// a fresh number (a NaN one is found nowhere) and max(L)/min(L) of the
/// same list (NaN only when L[0] is, the object found at 0) are exact;
/// any other float x might be an element itself and is refused.
void Sema::typeListIndex(CallExpr &e, AttributeExpr &a, Type base) {
  e.builtin = "method.index";
  a.type = Type::Function;
  if (e.args.size() != 1 || !e.keywords.empty()) {
    error(e.loc(), "list.index() takes one argument in llcc (start and stop are not "
                   "supported); slice the list first: lst[i:j].index(x) + i");
    return;
  }
  Expr &x = *e.args[0];
  Type t = typeOf(x);
  requireNumeric(x, t, "looked up");
  if (base == Type::IntList || t == Type::Int || t == Type::Bool || freshNumber(x))
    return;
  if (extremeOf(x, *a.value)) {
    e.builtin = "method.index.nan"; // a NaN x is L[0], found at 0
    return;
  }
  error(x.loc(), "list.index(x) of a list of floats needs x to be an int, max(lst) or min(lst) "
                 "of the same list, or a computed number: CPython finds a NaN by object "
                 "identity, which llcc does not track; loop with enumerate and compare");
}

} // namespace sema
} // namespace llcc
