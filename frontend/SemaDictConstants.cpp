//===- SemaDictConstants.cpp - module-level dict constants ------------------===//
//
// `COEF = {3: (0.0, 1.0, 0.0), 5: (...)}` at module level is constant data
// read by key. Before anything else sees the module, each such dict becomes
// two hidden tuple constants, its keys and its values in insertion order
// (a repeated key keeps its first place and its last value, as CPython's
// dict display does), and every use in a function becomes a use of those:
//
//   D[3]               llcc.dict.D.values[0]        (a key written in place)
//   D[k]               llcc.dict.D.values[llcc.dict.D.find(k)]
//   D.get(k, d)        llcc.dict.D.get(k, d)
//   k in D             k in (3, 5)                   (the keys, in place)
//   len(D)             2
//   for k in D, D.keys()     llcc.dict.D.keys
//   D.values()         llcc.dict.D.values
//   D.items()          zip(llcc.dict.D.keys, llcc.dict.D.values)
//
// `find` and `get` are hidden module-level helpers comparing the key with
// each stored key by `==` (which is dict lookup for numbers: equal numbers
// hash alike, and the keys are literals, never NaN); `find` ends with
// CPython's `raise KeyError(k)`. A str key computed at run time (a str
// parameter) is compared the same way, when every key is a str; llcc has
// no tuples of strs, so `for name, v in D.items()` over str keys works
// when `name` is never read, str values are read by keys written in
// place, and a dict or list comprehension over str keys is written out as
// a display, one item per key. Anything else (the dict
// passed to a function, a value of another shape under a key computed at
// run time) is a compile error naming what is supported.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"
#include "SemaImpl.h"

#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace llcc {
namespace sema {

namespace {

/// A key written as a literal: an int, float, bool or str (a sign allowed).
struct KeyValue {
  enum { Int, Float, Str } kind = Int;
  int64_t i = 0;
  double f = 0;
  std::string s;
  bool isBool = false;
  bool boolValue = false;
};

std::optional<KeyValue> literalKey(const Expr *e) {
  KeyValue k;
  bool neg = false;
  if (auto *u = dyn_cast<UnaryExpr>(e);
      u && (u->op == UnaryExpr::Op::Neg || u->op == UnaryExpr::Op::Pos)) {
    neg = u->op == UnaryExpr::Op::Neg;
    e = u->operand.get();
    if (isa<StringLiteralExpr>(e) || isa<BoolLiteralExpr>(e))
      return std::nullopt;
  }
  if (auto *i = dyn_cast<IntLiteralExpr>(e)) {
    if (i->overflow || (neg && i->value == INT64_MIN))
      return std::nullopt;
    k.i = neg ? -i->value : i->value;
  } else if (auto *f = dyn_cast<FloatLiteralExpr>(e)) {
    k.kind = KeyValue::Float;
    k.f = neg ? -f->value : f->value;
  } else if (auto *b = dyn_cast<BoolLiteralExpr>(e)) {
    k.i = b->value;
    k.isBool = true;
    k.boolValue = b->value;
  } else if (auto *s = dyn_cast<StringLiteralExpr>(e)) {
    k.kind = KeyValue::Str;
    k.s = s->value;
  } else {
    return std::nullopt;
  }
  return k;
}

/// Python's `==` between two keys (1 == 1.0 == True, 0.0 == -0.0).
bool sameKey(const KeyValue &a, const KeyValue &b) {
  if ((a.kind == KeyValue::Str) != (b.kind == KeyValue::Str))
    return false;
  if (a.kind == KeyValue::Str)
    return a.s == b.s;
  if (a.kind == KeyValue::Int && b.kind == KeyValue::Int)
    return a.i == b.i;
  if (a.kind == KeyValue::Float && b.kind == KeyValue::Float)
    return a.f == b.f;
  const KeyValue &in = a.kind == KeyValue::Int ? a : b, &fl = a.kind == KeyValue::Int ? b : a;
  // An int equals a float only when the float is that integer exactly.
  return std::trunc(fl.f) == fl.f && std::fabs(fl.f) < 9.3e18 && static_cast<int64_t>(fl.f) == in.i;
}

/// A copy of a constant expression (literals, names, operators, tuples).
ExprPtr copyConstant(const Expr &e) {
  SourceLoc at = e.loc();
  if (auto *i = dyn_cast<IntLiteralExpr>(&e))
    return std::make_unique<IntLiteralExpr>(at, i->value, i->overflow);
  if (auto *f = dyn_cast<FloatLiteralExpr>(&e))
    return std::make_unique<FloatLiteralExpr>(at, f->value);
  if (auto *b = dyn_cast<BoolLiteralExpr>(&e))
    return std::make_unique<BoolLiteralExpr>(at, b->value);
  if (auto *s = dyn_cast<StringLiteralExpr>(&e))
    return std::make_unique<StringLiteralExpr>(at, s->value);
  if (auto *n = dyn_cast<NameExpr>(&e))
    return std::make_unique<NameExpr>(at, n->name);
  if (auto *u = dyn_cast<UnaryExpr>(&e))
    return std::make_unique<UnaryExpr>(at, u->op, copyConstant(*u->operand));
  if (auto *b = dyn_cast<BinaryExpr>(&e))
    return std::make_unique<BinaryExpr>(at, b->op, copyConstant(*b->lhs), copyConstant(*b->rhs));
  std::vector<ExprPtr> elements;
  if (auto *t = dyn_cast<TupleExpr>(&e)) {
    for (const ExprPtr &x : t->elements)
      elements.push_back(copyConstant(*x));
    return std::make_unique<TupleExpr>(at, std::move(elements));
  }
  if (auto *l = dyn_cast<ListExpr>(&e)) {
    for (const ExprPtr &x : l->elements)
      elements.push_back(copyConstant(*x));
    return std::make_unique<ListExpr>(at, std::move(elements));
  }
  return nullptr;
}

/// The shape of a constant value: "n" for a number, "s" for a str,
/// "(n,n)" for a tuple (or list) of numbers; "" for what a dict constant
/// cannot hold (calls, dicts, sets).
std::string valueShape(const Expr &e) {
  if (isa<StringLiteralExpr>(&e))
    return "s";
  if (isa<IntLiteralExpr>(&e) || isa<FloatLiteralExpr>(&e) || isa<BoolLiteralExpr>(&e) ||
      isa<NameExpr>(&e))
    return "n";
  if (auto *u = dyn_cast<UnaryExpr>(&e))
    return valueShape(*u->operand) == "n" ? "n" : "";
  if (auto *b = dyn_cast<BinaryExpr>(&e))
    return valueShape(*b->lhs) == "n" && valueShape(*b->rhs) == "n" ? "n" : "";
  const std::vector<ExprPtr> *elements = nullptr;
  if (auto *t = dyn_cast<TupleExpr>(&e))
    elements = &t->elements;
  else if (auto *l = dyn_cast<ListExpr>(&e))
    elements = &l->elements;
  if (!elements)
    return "";
  std::string s = "(";
  for (const ExprPtr &x : *elements) {
    std::string m = valueShape(*x);
    if (m.empty() || m == "s")
      return "";
    s += m + ",";
  }
  return s + ")";
}

std::string describeShape(const std::string &s) {
  if (s == "n")
    return "a number";
  if (s == "s")
    return "a str";
  if (s == "a")
    return "an array";
  size_t n = 0, depth = 0;
  for (char c : s) {
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if (c == ',' && depth == 1)
      ++n;
  }
  return "a tuple of " + std::to_string(n);
}

/// One dict constant, as the rewrite needs it.
struct DictConst {
  std::string name;
  SourceLoc loc;
  std::vector<KeyValue> keys;
  std::vector<ExprPtr> keyExprs, valueExprs; // insertion order
  bool strKeys = false, numberKeys = false, strValues = false;
  bool sameShape = true; // every value of one shape: an index computed at run time
  std::string shapeA, shapeB;
  FunctionDef *find = nullptr, *get = nullptr;
  std::string hidden(const char *what) const { return "llcc.dict." + name + "." + what; }
};

ExprPtr name(SourceLoc at, const std::string &n) { return std::make_unique<NameExpr>(at, n); }

/// Whether a comprehension, lambda or walrus inside `e` binds one of `names`
/// (a copy of `e` with those names written out would change its meaning).
bool bindsAny(Expr &e, const std::set<std::string> &names) {
  bool found = false;
  std::function<void(Expr &)> walk = [&](Expr &x) {
    std::set<std::string> bound;
    if (auto *c = dyn_cast<ComprehensionExpr>(&x)) {
      namesTargetBinds(c->target.get(), bound);
      for (ComprehensionClause &clause : c->inner)
        namesTargetBinds(clause.target.get(), bound);
    }
    if (auto *l = dyn_cast<LambdaExpr>(&x))
      bound.insert(l->params.begin(), l->params.end());
    if (auto *n = dyn_cast<NamedExpr>(&x))
      namesTargetBinds(n->target.get(), bound);
    for (const std::string &b : bound)
      found = found || names.count(b) > 0;
    forEachChildExpr(x, [&](ExprPtr &child) {
      if (child)
        walk(*child);
    });
  };
  walk(e);
  return found;
}

/// Replaces each read of a name in `subst` by the expression it makes.
void substitute(ExprPtr &slot,
                const std::map<std::string, std::function<ExprPtr(SourceLoc)>> &subst) {
  if (!slot)
    return;
  if (auto *n = dyn_cast<NameExpr>(slot.get())) {
    if (auto it = subst.find(n->name); it != subst.end())
      slot = it->second(n->loc());
    return;
  }
  forEachChildExpr(*slot, [&](ExprPtr &child) { substitute(child, subst); });
}

/// How many expression slots of `block` read the name `n` (for targets
/// are not such slots).
size_t nameCount(Block &block, const std::string &n) {
  size_t count = 0;
  eachExprSlot(block, [&](ExprPtr &e) {
    if (auto *x = dyn_cast<NameExpr>(e.get()); x && x->name == n)
      ++count;
  });
  return count;
}

} // namespace

void Sema::lowerDictConstants() {
  // An array value (np.outer(L5, E5), an array constant's name) is "a": the
  // values become a list of arrays (SemaListConstants.cpp).
  std::set<std::string> arrays = arrayConstantNames(module_);
  auto shapeOf = [&](const Expr &e) -> std::string {
    return isArrayConstantExpr(e, arrays) ? "a" : valueShape(e);
  };
  std::map<std::string, DictConst> dicts;
  std::vector<Constant> kept;
  std::vector<Constant> added;
  for (Constant &c : module_.constants) {
    auto *d = c.value ? dyn_cast<DictExpr>(c.value.get()) : nullptr;
    if (!d || c.name.empty() || c.inPlace) {
      // A later `D = ...` rebinding: the dict's rewrite would read the new one.
      if (dicts.count(c.name))
        diags_.error(c.loc, "'" + c.name +
                                "' is a dict constant and cannot be assigned again at module "
                                "level; give the new value another name");
      kept.push_back(std::move(c));
      continue;
    }
    if (dicts.count(c.name))
      diags_.error(c.loc, "'" + c.name +
                              "' is a dict constant and cannot be assigned again at module "
                              "level; give the new value another name");
    DictConst dc;
    dc.name = c.name;
    dc.loc = c.loc;
    bool ok = true;
    for (size_t i = 0; i < d->keys.size(); ++i) {
      if (!d->keys[i]) {
        diags_.error(d->values[i]->loc(),
                     "a dict constant is written key: value pairs; '**' is not "
                     "supported");
        ok = false;
        break;
      }
      auto key = literalKey(d->keys[i].get());
      if (!key) {
        diags_.error(d->keys[i]->loc(),
                     "a dict constant's keys are int, float, bool or str literals");
        ok = false;
        break;
      }
      std::string shape = shapeOf(*d->values[i]);
      if (shape.empty()) {
        diags_.error(d->values[i]->loc(), "a dict constant's values are numbers, strs, tuples of "
                                          "numbers (nested as deep as you like) or arrays");
        ok = false;
        break;
      }
      size_t at = 0;
      while (at < dc.keys.size() && !sameKey(dc.keys[at], *key))
        ++at;
      if (at == dc.keys.size()) {
        dc.keys.push_back(*key);
        dc.keyExprs.push_back(copyConstant(*d->keys[i]));
        dc.valueExprs.push_back(std::move(d->values[i]));
      } else {
        dc.valueExprs[at] = std::move(d->values[i]); // the first key, the last value
      }
    }
    if (!ok) {
      // Reported: a number stands in, so the uses add no errors of their own.
      c.value = std::make_unique<IntLiteralExpr>(c.loc, 0);
      c.reported = true;
      kept.push_back(std::move(c));
      continue;
    }
    for (const KeyValue &k : dc.keys)
      (k.kind == KeyValue::Str ? dc.strKeys : dc.numberKeys) = true;
    for (const ExprPtr &v : dc.valueExprs) {
      std::string s = shapeOf(*v);
      dc.strValues |= s == "s";
      if (dc.shapeA.empty())
        dc.shapeA = s;
      else if (s != dc.shapeA && dc.sameShape) {
        dc.sameShape = false;
        dc.shapeB = s;
      }
    }
    // The keys and the values as hidden tuple constants, read by the
    // lowering of lookups and iteration (str ones stay in the table).
    auto hiddenTuple = [&](const char *what, const std::vector<ExprPtr> &exprs) {
      Constant t;
      t.loc = c.loc;
      t.name = dc.hidden(what);
      std::vector<ExprPtr> els;
      for (const ExprPtr &e : exprs)
        els.push_back(shapeOf(*e) == "a" ? copyConstExpr(*e) : copyConstant(*e));
      t.value = std::make_unique<TupleExpr>(c.loc, std::move(els));
      added.push_back(std::move(t));
    };
    if (!dc.strKeys && !dc.keys.empty())
      hiddenTuple("keys", dc.keyExprs);
    if (!dc.strValues && !dc.valueExprs.empty())
      hiddenTuple("values", dc.valueExprs);
    dictConstants_.insert(c.name);
    dicts[c.name] = std::move(dc);
    // The hidden constants take the dict's place among the constants, so a
    // later constant reading an earlier one keeps its order.
    for (Constant &a : added)
      kept.push_back(std::move(a));
    added.clear();
  }
  module_.constants = std::move(kept);
  if (dicts.empty())
    return;
  std::vector<std::unique_ptr<FunctionDef>> helpers;
  // The dicts whose use in the current function was refused: one error each.
  std::set<std::string> refused;
  auto refuse = [&](DictConst &d, SourceLoc at, const std::string &message) {
    diags_.error(at, message);
    refused.insert(d.name);
  };
  auto dictOf = [&](const Expr *e) -> DictConst * {
    auto *n = e ? dyn_cast<NameExpr>(e) : nullptr;
    auto it = n ? dicts.find(n->name) : dicts.end();
    return it == dicts.end() ? nullptr : &it->second;
  };
  auto tupleOf = [&](SourceLoc at, const std::vector<ExprPtr> &xs) {
    std::vector<ExprPtr> els;
    for (const ExprPtr &x : xs)
      els.push_back(copyConstant(*x));
    auto t = std::make_unique<TupleExpr>(at, std::move(els));
    return t;
  };
  // D's keys as an iterable: the hidden tuple (numbers only: llcc has no
  // strs at run time).
  auto keysOf = [&](DictConst &d, SourceLoc at) -> ExprPtr {
    if (d.strKeys) {
      refuse(d, at,
             "the keys of the dict constant '" + d.name +
                 "' are strs, which llcc has only "
                 "where they are written; read values with " +
                 d.name +
                 "[\"key\"] or "
                 "iterate " +
                 d.name + ".values()");
      return nullptr;
    }
    return d.keys.empty() ? ExprPtr(std::make_unique<TupleExpr>(at, std::vector<ExprPtr>()))
                          : name(at, d.hidden("keys"));
  };
  auto valuesOf = [&](DictConst &d, SourceLoc at) -> ExprPtr {
    if (d.strValues) {
      refuse(d, at,
             "the values of the dict constant '" + d.name +
                 "' are strs, which llcc has "
                 "only where they are written; read them with " +
                 d.name + "[\"key\"]");
      return nullptr;
    }
    return d.valueExprs.empty() ? ExprPtr(std::make_unique<TupleExpr>(at, std::vector<ExprPtr>()))
                                : name(at, d.hidden("values"));
  };
  // A key computed at run time finds its value by its index, one type for
  // every value.
  auto runtimeKey = [&](DictConst &d, SourceLoc at) {
    if (d.strValues || (d.strKeys && d.numberKeys)) {
      refuse(d, at,
             std::string("the dict constant '") + d.name + "' has " +
                 (d.strValues ? "str values, which llcc reads only"
                              : "str and number keys, which llcc compares only") +
                 " with a key written in place (" + d.name + "[1], " + d.name +
                 "[\"name\"]), not one computed at run time");
      return false;
    }
    if (!d.sameShape) {
      refuse(d, at,
             "the values of the dict constant '" + d.name + "' differ in shape (" +
                 describeShape(d.shapeA) + " and " + describeShape(d.shapeB) +
                 "), so a key computed at run time has no single type; write the key in place "
                 "or give every value one shape");
      return false;
    }
    return true;
  };
  auto findHelper = [&](DictConst &d, bool get) -> std::string {
    FunctionDef *&slot = get ? d.get : d.find;
    if (!slot) {
      SourceLoc at = d.loc;
      auto def = std::make_unique<FunctionDef>();
      def->loc = def->nameLoc = at;
      def->name = def->localName = d.hidden(get ? "get" : "find");
      def->params.push_back(Param{at, "llcc.key", nullptr, {}});
      if (get)
        def->params.push_back(Param{at, "llcc.default", nullptr, {}});
      for (size_t i = 0; i < d.keyExprs.size(); ++i) {
        std::vector<ExprPtr> ops;
        ops.push_back(name(at, "llcc.key"));
        ops.push_back(copyConstant(*d.keyExprs[i]));
        auto cond = std::make_unique<CompareExpr>(at, std::move(ops),
                                                  std::vector<CompareOp>{CompareOp::Eq});
        ExprPtr result = std::make_unique<IntLiteralExpr>(at, static_cast<int64_t>(i));
        if (get)
          result =
              std::make_unique<SubscriptExpr>(at, name(at, d.hidden("values")), std::move(result));
        Block then;
        then.push_back(std::make_unique<ReturnStmt>(at, std::move(result)));
        def->body.push_back(
            std::make_unique<IfStmt>(at, std::move(cond), std::move(then), Block()));
      }
      if (get) {
        def->body.push_back(std::make_unique<ReturnStmt>(at, name(at, "llcc.default")));
      } else {
        std::vector<ExprPtr> args;
        args.push_back(name(at, "llcc.key"));
        def->body.push_back(std::make_unique<RaiseStmt>(
            at, std::make_unique<CallExpr>(at, name(at, "KeyError"), std::move(args),
                                           std::vector<KeywordArg>())));
      }
      slot = def.get();
      helpers.push_back(std::move(def));
    }
    return slot->name;
  };
  auto call = [](SourceLoc at, ExprPtr callee, std::vector<ExprPtr> args) {
    return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                      std::vector<KeywordArg>());
  };
  // A tuple constant as a list, `[llcc.x for llcc.x in T]`: what every
  // consumer of an iterable takes (a tuple constant is walked by loops and
  // comprehensions, not by all of them).
  auto asList = [&](ExprPtr tuple) -> ExprPtr {
    if (!tuple)
      return nullptr;
    SourceLoc at = tuple->loc();
    return std::make_unique<ComprehensionExpr>(at, name(at, "llcc.x"), name(at, "llcc.x"),
                                               std::move(tuple), std::vector<ExprPtr>(), false);
  };
  // D.keys(), D.values(), D.items() as iterables (lists where `list` is
  // set, for a consumer).
  auto viewOf = [&](DictConst &d, const std::string &attr, SourceLoc at,
                    bool list = false) -> ExprPtr {
    if (attr == "keys")
      return list ? asList(keysOf(d, at)) : keysOf(d, at);
    if (attr == "values")
      return list ? asList(valuesOf(d, at)) : valuesOf(d, at);
    ExprPtr k = keysOf(d, at), v = k ? valuesOf(d, at) : nullptr;
    if (!v)
      return nullptr;
    std::vector<ExprPtr> args;
    args.push_back(std::move(k));
    args.push_back(std::move(v));
    return call(at, name(at, "zip"), std::move(args));
  };
  auto viewCall = [&](Expr *e, std::string &attr) -> DictConst * {
    auto *c = dyn_cast<CallExpr>(e);
    auto *a = c ? dyn_cast<AttributeExpr>(c->callee.get()) : nullptr;
    DictConst *d = a ? dictOf(a->value.get()) : nullptr;
    if (!d || !c->args.empty() || !c->keywords.empty() ||
        !(a->attr == "keys" || a->attr == "values" || a->attr == "items"))
      return nullptr;
    attr = a->attr;
    return d;
  };
  static const std::set<std::string> iterating = {"list", "sorted", "min",   "max",
                                                  "sum",  "set",    "tuple", "enumerate",
                                                  "any",  "all",    "zip",   "reversed"};
  std::set<std::string> defs; // the file's functions hide builtins (a def len)
  for (auto &fn : module_.functions)
    if (!fn->outer)
      defs.insert(fn->name);
  for (size_t f = 0; f < module_.functions.size(); ++f) {
    FunctionDef &fn = *module_.functions[f];
    refused.clear();
    // A function (or one around it) binding the name sees its own variable.
    std::set<std::string> bound;
    for (FunctionDef *o = &fn; o; o = o->outer) {
      for (const Param &p : o->params)
        bound.insert(p.name);
      namesBoundIn(o->body, bound);
    }
    // A dict whose use in this function was refused is left alone: its
    // other uses are typed unknown, without errors of their own.
    auto active = [&](const Expr *e) {
      DictConst *d = dictOf(e);
      return d && !bound.count(d->name) && !refused.count(d->name) ? d : nullptr;
    };
    // for-statements first: `for name, v in D.items()` of str keys whose
    // name is never read walks the values.
    std::set<const Expr *> stores; // refused, left as they are
    std::function<void(Block &)> loops = [&](Block &block) {
      for (StmtPtr &s : block) {
        // D[k] = v, D[k] += v: the constant is read-only, as a tuple is.
        std::vector<Expr *> targets;
        if (auto *a = dyn_cast<AssignStmt>(s.get()))
          for (ExprPtr &t : a->targets)
            targets.push_back(t.get());
        if (auto *a = dyn_cast<AugAssignStmt>(s.get()))
          targets.push_back(a->target.get());
        for (Expr *t : targets)
          if (auto *sub = dyn_cast<SubscriptExpr>(t))
            if (DictConst *d = active(sub->value.get()); d && stores.insert(sub).second)
              refuse(*d, t->loc(),
                     "the dict constant '" + d->name +
                         "' is read-only: functions cannot store "
                         "into it; build a local dict (d = {}) and fill that");
        if (auto *fs = dyn_cast<ForStmt>(s.get())) {
          std::string attr;
          DictConst *d = viewCall(fs->iter.get(), attr);
          if (d && bound.count(d->name))
            d = nullptr;
          auto *t = dyn_cast<TupleExpr>(fs->target.get());
          auto *k =
              t && t->elements.size() == 2 ? dyn_cast<NameExpr>(t->elements[0].get()) : nullptr;
          if (d && attr == "items" && d->strKeys && k && nameCount(fn.body, k->name) == 0) {
            SourceLoc at = fs->iter->loc();
            if (ExprPtr v = valuesOf(*d, at)) {
              fs->iter = std::move(v);
              fs->target = std::move(t->elements[1]);
            }
          } else if (d) {
            if (ExprPtr v = viewOf(*d, attr, fs->iter->loc()))
              fs->iter = std::move(v);
          } else if (DictConst *dd = active(fs->iter.get())) {
            if (ExprPtr v = keysOf(*dd, fs->iter->loc()))
              fs->iter = std::move(v);
          }
        }
        forEachChildBlock(*s, [&](Block &b) { loops(b); });
      }
    };
    // {k: f(w) for k, w in D.items()} and [f(k, w) for k, w in D.items()]
    // (also over D or D.keys()) of a dict of str keys: the keys are known
    // when compiling, so the comprehension is written out as a display, one
    // item per key in D's order (CPython's: insertion order), with `k` the
    // key's literal and `w` D["key"] (lowered below as a key written in
    // place). A display evaluates key, value, key, value as the
    // comprehension does.
    eachExprSlot(fn.body, [&](ExprPtr &slot) {
      ComprehensionExpr *comp = nullptr;
      bool dict = false;
      if (auto *c = dyn_cast<CallExpr>(slot.get());
          c && !c->starred && c->args.size() == 1 && c->keywords.empty()) {
        auto *callee = dyn_cast<NameExpr>(c->callee.get());
        comp = dyn_cast<ComprehensionExpr>(c->args[0].get());
        dict = comp && comp->generator && callee && callee->name == "dict" &&
               !bound.count("dict") && !defs.count("dict");
        if (!dict)
          comp = nullptr;
      } else if (auto *l = dyn_cast<ComprehensionExpr>(slot.get()); l && !l->generator) {
        comp = l;
      }
      if (!comp || !comp->conds.empty() || !comp->inner.empty())
        return;
      auto *pair = dyn_cast<TupleExpr>(comp->element.get());
      if (dict && (!pair || pair->elements.size() != 2))
        return;
      std::string attr, keyName, valueName;
      DictConst *d = viewCall(comp->iter.get(), attr);
      if (d) {
        auto *view = cast<AttributeExpr>(cast<CallExpr>(*comp->iter).callee.get());
        d = active(view->value.get());
      } else {
        d = active(comp->iter.get());
        attr = "keys";
      }
      if (!d || !d->strKeys || d->numberKeys || attr == "values")
        return;
      if (attr == "items") {
        auto *t = dyn_cast<TupleExpr>(comp->target.get());
        auto *k = t && t->elements.size() == 2 ? dyn_cast<NameExpr>(t->elements[0].get()) : nullptr;
        auto *v = k ? dyn_cast<NameExpr>(t->elements[1].get()) : nullptr;
        if (!v || k->name == v->name)
          return;
        keyName = k->name;
        valueName = v->name;
      } else if (auto *k = dyn_cast<NameExpr>(comp->target.get())) {
        keyName = k->name;
      } else {
        return;
      }
      std::set<std::string> names = {keyName};
      if (!valueName.empty())
        names.insert(valueName);
      if (bindsAny(*comp->element, names))
        return;
      SourceLoc at = slot->loc();
      std::vector<ExprPtr> keys, values;
      for (const KeyValue &key : d->keys) {
        std::map<std::string, std::function<ExprPtr(SourceLoc)>> subst;
        subst[keyName] = [&](SourceLoc l) -> ExprPtr {
          return std::make_unique<StringLiteralExpr>(l, key.s);
        };
        if (!valueName.empty())
          subst[valueName] = [&](SourceLoc l) -> ExprPtr {
            return std::make_unique<SubscriptExpr>(l, name(l, d->name),
                                                   std::make_unique<StringLiteralExpr>(l, key.s));
          };
        ExprPtr element = cloneExpr(comp->element.get());
        substitute(element, subst);
        if (dict) {
          auto &kv = cast<TupleExpr>(*element);
          keys.push_back(std::move(kv.elements[0]));
          values.push_back(std::move(kv.elements[1]));
        } else {
          values.push_back(std::move(element));
        }
      }
      if (dict)
        slot = std::make_unique<DictExpr>(at, std::move(keys), std::move(values));
      else
        slot = std::make_unique<ListExpr>(at, std::move(values));
    });
    loops(fn.body);
    eachExprSlot(fn.body, [&](ExprPtr &slot) {
      Expr *e = slot.get();
      SourceLoc at = e->loc();
      if (auto *s = dyn_cast<SubscriptExpr>(e)) {
        DictConst *d = active(s->value.get());
        if (!d || stores.count(s))
          return;
        if (auto key = literalKey(s->index.get())) {
          size_t i = 0;
          while (i < d->keys.size() && !sameKey(d->keys[i], *key))
            ++i;
          if (i == d->keys.size()) {
            refuse(*d, s->index->loc(),
                   "KeyError: this key is not in the dict constant '" + d->name + "'");
            return;
          }
          if (d->strValues)
            slot = copyConstant(*d->valueExprs[i]);
          else
            slot = std::make_unique<SubscriptExpr>(
                at, name(at, d->hidden("values")),
                std::make_unique<IntLiteralExpr>(at, static_cast<int64_t>(i)));
          return;
        }
        if (isa<SliceExpr>(s->index.get()) || !runtimeKey(*d, s->index->loc()))
          return;
        std::vector<ExprPtr> args;
        args.push_back(std::move(s->index));
        slot = std::make_unique<SubscriptExpr>(
            at, name(at, d->hidden("values")),
            call(at, name(at, findHelper(*d, false)), std::move(args)));
        return;
      }
      if (auto *gen = dyn_cast<ComprehensionExpr>(e)) {
        // [... for k in D]: its keys, as a for statement walks them.
        auto walk = [&](ExprPtr &iter) {
          if (DictConst *d = active(iter.get()))
            if (ExprPtr k = keysOf(*d, iter->loc()))
              iter = std::move(k);
        };
        walk(gen->iter);
        for (ComprehensionClause &clause : gen->inner)
          walk(clause.iter);
        return;
      }
      if (auto *cmp = dyn_cast<CompareExpr>(e)) {
        for (size_t i = 0; i < cmp->ops.size(); ++i)
          if (cmp->ops[i] == CompareOp::In || cmp->ops[i] == CompareOp::NotIn)
            if (DictConst *d = active(cmp->operands[i + 1].get()))
              cmp->operands[i + 1] = tupleOf(cmp->operands[i + 1]->loc(), d->keyExprs);
        return;
      }
      auto *c = dyn_cast<CallExpr>(e);
      if (!c)
        return;
      if (auto *callee = dyn_cast<NameExpr>(c->callee.get())) {
        if (bound.count(callee->name) || defs.count(callee->name))
          return;
        if (callee->name == "len" && c->args.size() == 1 && c->keywords.empty())
          if (DictConst *d = active(c->args[0].get())) {
            slot = std::make_unique<IntLiteralExpr>(at, static_cast<int64_t>(d->keys.size()));
            return;
          }
        // max(D, key=D.get): the key reads D's value of each of its keys.
        bool ordering = callee->name == "max" || callee->name == "min" || callee->name == "sorted";
        for (KeywordArg &k : c->keywords) {
          auto *get = dyn_cast<AttributeExpr>(k.value.get());
          DictConst *d = get && get->attr == "get" ? active(get->value.get()) : nullptr;
          if (!d || !ordering || k.name != "key" || c->args.size() != 1 ||
              active(c->args[0].get()) != d || !runtimeKey(*d, k.value->loc()))
            continue;
          SourceLoc kat = k.value->loc();
          std::vector<ExprPtr> args;
          args.push_back(name(kat, "llcc.k"));
          k.value = std::make_unique<LambdaExpr>(
              kat, std::vector<std::string>{"llcc.k"},
              std::make_unique<SubscriptExpr>(
                  kat, name(kat, d->hidden("values")),
                  call(kat, name(kat, findHelper(*d, false)), std::move(args))));
        }
        if (iterating.count(callee->name))
          for (ExprPtr &a : c->args)
            if (DictConst *d = active(a.get()))
              if (ExprPtr k = asList(keysOf(*d, a->loc())))
                a = std::move(k);
        return;
      }
      auto *attr = dyn_cast<AttributeExpr>(c->callee.get());
      DictConst *d = attr ? active(attr->value.get()) : nullptr;
      if (!d)
        return;
      std::string view;
      if (viewCall(e, view)) {
        if (ExprPtr v = viewOf(*d, view, at, true))
          slot = std::move(v);
        return;
      }
      if (attr->attr != "get" || c->args.size() != 2 || !c->keywords.empty())
        return; // the check below names what is supported
      if (auto key = literalKey(c->args[0].get())) {
        size_t i = 0;
        while (i < d->keys.size() && !sameKey(d->keys[i], *key))
          ++i;
        if (i == d->keys.size())
          slot = std::move(c->args[1]);
        else if (d->strValues)
          slot = copyConstant(*d->valueExprs[i]);
        else
          slot = std::make_unique<SubscriptExpr>(
              at, name(at, d->hidden("values")),
              std::make_unique<IntLiteralExpr>(at, static_cast<int64_t>(i)));
        return;
      }
      if (!runtimeKey(*d, c->args[0]->loc()))
        return;
      c->callee = name(at, findHelper(*d, true));
    });
    // Whatever still reads a dict constant is not supported (Sema types
    // those names as unknown, without an error of its own).
    eachExprSlot(fn.body, [&](ExprPtr &slot) {
      DictConst *d = active(slot.get());
      if (d && !refused.count(d->name))
        refuse(*d, slot->loc(),
               "the dict constant '" + d->name + "' is read as " + d->name + "[key], key in " +
                   d->name + ", " + d->name +
                   ".get(key, default), "
                   "len(" +
                   d->name + "), for key in " + d->name + " and " + d->name +
                   ".keys()/.values()/.items(); it cannot be passed or stored");
    });
  }
  for (auto &h : helpers)
    module_.functions.push_back(std::move(h));
}

} // namespace sema
} // namespace llcc
