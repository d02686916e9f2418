//===- SemaDictLists.cpp - Dicts whose values are lists of numbers ---------===//
//
// Typing of the grouping idioms: `d.setdefault(k, []).append(x)`,
// `groups = defaultdict(list)` then `groups[k].append(x)`, `d[k] = [x]`,
// `d.get(k, [])`, and reading the lists back (`d[k]`, `for g in
// d.values()`, `for k, g in d.items()`). Such a dict's Shape::value is a
// list kind (IntList, FloatList when a float is ever appended); each entry
// holds its own growable list (IRGenDictLists.cpp).
//
// Python shares a list between every name that holds it. llcc keeps one
// list per entry and refuses what would need sharing: storing a list that
// another name holds (`d[k] = row`), growing a list taken out of the dict
// under a second name (`g = d[k]; g.append(x)`), and the uses of the
// values that are not lists of numbers to llcc's other containers
// (`sorted(d.items())`, `sum(d.values())`).
//
// A dict display whose values are list displays, assigned to a name
// (`cols = {0: [], 1: [], 2: []}`), is lowered first
// (lowerDictListDisplays) to the assignments it equals: `cols = {}`, then
// `cols[0] = []`, ... in order.
//
// Lists of lists made by list comprehensions (`[[... for j] for i]`) are
// lists of arrays whose elements are lists (SemaArrayList.cpp); a name
// given one of their rows shares it, so growing it is refused the same way.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <functional>

namespace llcc {
namespace sema {

namespace {
/// The list type holding elements of kind `t`.
Type listKindOf(Type t) {
  if (isIntegral(t))
    return Type::IntList;
  if (t == Type::Float || t == Type::IntOrFloat)
    return Type::FloatList;
  return Type::Unknown;
}

ShapeRef valueShape(Type key, Type value, bool keysNumpy) {
  auto s = std::make_shared<Shape>();
  s->keysMayBeNumpy = keysNumpy;
  s->elem = key == Type::Bool ? Type::Int : key;
  s->value = value;
  return s;
}

/// The dict whose entry `e` reads: d of `d[k]` or of `d.setdefault(k, v)`.
Expr *entryDict(Expr &e) {
  if (auto *s = dyn_cast<SubscriptExpr>(&e); s && s->value->type == Type::Dict)
    return s->value.get();
  if (auto *c = dyn_cast<CallExpr>(&e); c && c->builtin == "method.setdefault")
    return cast<AttributeExpr>(*c->callee).value.get();
  return nullptr;
}

const char *const SharedListHint =
    "a list stored into a dict must be a new list here (a display [..], a comprehension, "
    "list(x) or sorted(x)): Python would share a list that another name holds, and llcc keeps "
    "one list per entry; write list(x) for a copy";
} // namespace

bool Sema::isDictOfLists(const Expr &d) const {
  return d.type == Type::Dict && d.shape && isList(d.shape->value);
}

bool Sema::isDictListRead(const Expr &e) const {
  if (auto *s = dyn_cast<SubscriptExpr>(&e))
    return isDictOfLists(*s->value);
  if (auto *c = dyn_cast<CallExpr>(&e);
      c && (c->builtin == "method.get" || c->builtin == "method.setdefault"))
    return isDictOfLists(*cast<AttributeExpr>(*c->callee).value);
  return false;
}

bool Sema::checkFreshDictList(Expr &value) {
  if (isa<ListExpr>(&value) || isa<BinaryExpr>(&value))
    return true;
  if (auto *c = dyn_cast<ComprehensionExpr>(&value); c && !c->generator)
    return true;
  if (auto *c = dyn_cast<CallExpr>(&value))
    if (auto *f = dyn_cast<NameExpr>(c->callee.get());
        f && !locals_.count(f->name) && (f->name == "list" || f->name == "sorted"))
      return true;
  error(value.loc(), SharedListHint);
  return false;
}

bool Sema::checkDictValueKind(Expr &dict, Expr &at, Type value) {
  const Shape *s = dict.shape.get();
  if (!s || s->value == Type::Unknown || value == Type::Unknown ||
      isList(s->value) == isList(value))
    return true;
  error(at.loc(), std::string("this dict holds ") +
                      (isList(s->value) ? "lists, not numbers" : "numbers, not lists") +
                      "; llcc keeps one kind of value in a dict (use a separate dict)");
  return false;
}

bool Sema::typeOfDictListMethod(CallExpr &e, AttributeExpr &a, Type &out) {
  Expr *dict = entryDict(*a.value);
  if (!dict)
    return false;
  out = Type::Unknown;
  a.type = Type::Function;
  for (auto &arg : e.args)
    typeOf(*arg);
  if (a.attr != "append") {
    error(a.loc(), "a list held in a dict grows only by append in llcc (d[k].append(x), "
                   "d.setdefault(k, []).append(x)); for ." +
                       a.attr + "() build the list first and store it with d[k] = [...]");
    return true;
  }
  e.builtin = "method.dictlist.append";
  if (e.args.size() != 1 || !e.keywords.empty()) {
    error(e.loc(), ".append() takes exactly one argument");
    return true;
  }
  Expr &x = *e.args[0];
  if (x.type == Type::Tuple || (!isNumeric(x.type) && x.type != Type::Unknown)) {
    error(x.loc(), std::string("a list held in a dict holds numbers in llcc, not a ") +
                       describeShape(x.type, x.shape) +
                       "; keep each member in a dict of lists of its own");
    return true;
  }
  auto *n = dyn_cast<NameExpr>(dict);
  if (!n || n->ref != NameRef::Local) {
    error(dict->loc(), ".append() into a dict's list is supported on a dict held in a local "
                       "variable");
    return true;
  }
  LocalVar &var = fn_->locals[n->localIndex];
  if (reporting_)
    dictListAppends_.push_back({fn_, n->localIndex, e.loc(), ""});
  markNumpy(var.mayBeNumpy, x.mayBeNumpy);
  // d[k].append(x) of a defaultdict(list) may store k: its kind joins the
  // keys' (setdefault's key was joined where setdefault was typed).
  Type list = isNumeric(x.type) ? listKindOf(x.type) : Type::Unknown;
  auto *sub = dyn_cast<SubscriptExpr>(a.value.get());
  if (sub && sub->index->type == Type::Tuple) {
    if (ShapeRef key = tupleKeyShape(*sub->index, "used as a key"))
      joinContainerShape(var, tupleKeyedShape(key, list));
  } else {
    joinContainerShape(var, valueShape(sub ? sub->index->type : Type::Unknown, list,
                                       !sub || sub->index->mayBeNumpy));
  }
  out = Type::None;
  return true;
}

bool Sema::typeOfDictListValues(CallExpr &e, AttributeExpr &a, Type &out) {
  const std::string &m = a.attr;
  Expr &dict = *a.value;
  if (m == "get" || m == "setdefault") {
    // d.get(k, []) / d.setdefault(k, []): a list default makes this a
    // dict of lists (setdefault stores it).
    if (e.args.size() != 2 || !e.keywords.empty())
      return false;
    Type dflt = typeOf(*e.args[1]);
    if (!isList(dflt) && !isDictOfLists(dict))
      return false;
    e.builtin = "method." + m;
    a.type = Type::Function;
    out = Type::Unknown;
    Type k = typeOf(*e.args[0]);
    if (!checkKeyLookup(dict, *e.args[0], k, "used as a key") ||
        !checkDictValueKind(dict, *e.args[1], dflt))
      return true;
    if (m == "setdefault") {
      if (!checkFreshDictList(*e.args[1]))
        return true;
      auto *n = dyn_cast<NameExpr>(&dict);
      if (!n || n->ref != NameRef::Local) {
        error(dict.loc(), ".setdefault() is supported on a dict held in a local variable");
        return true;
      }
      if (k == Type::Tuple) {
        if (ShapeRef key = tupleKeyShape(*e.args[0], "used as a key"))
          joinContainerShape(fn_->locals[n->localIndex], tupleKeyedShape(key, dflt));
      } else {
        joinContainerShape(fn_->locals[n->localIndex], valueShape(k, dflt, e.args[0]->mayBeNumpy));
      }
    }
    out = join(dict.shape ? dict.shape->value : Type::Unknown, dflt);
    return true;
  }
  if (!isDictOfLists(dict) || (m != "values" && m != "items"))
    return false;
  e.builtin = "method." + m;
  a.type = Type::Function;
  out = Type::Unknown;
  if (!e.args.empty() || !e.keywords.empty()) {
    error(e.loc(), "." + m + "() takes no arguments");
    return true;
  }
  if (m == "items" || !dictListWalks_.count(&e)) {
    error(e.loc(), "the " + m + "() of a dict of lists can only be walked in llcc: write " +
                       (m == "items" ? std::string("'for k, g in d.items():'")
                                     : "'for g in d.values():' or a comprehension over it") +
                       " and use each list g there");
    return true;
  }
  e.shape = arrayListShape(dict.shape->value, nullptr);
  out = Type::ArrayList;
  return true;
}

Type Sema::typeOfListOfLists(ComprehensionExpr &e, Type row) {
  e.shape = arrayListShape(row, nullptr);
  return Type::ArrayList;
}

void Sema::noteDefaultListKey(SubscriptExpr &s) {
  auto *n = dyn_cast<NameExpr>(s.value.get());
  if (!n || n->ref != NameRef::Local || !isList(fn_->locals[n->localIndex].dictDefault))
    return;
  LocalVar &var = fn_->locals[n->localIndex];
  if (s.index->type == Type::Tuple) {
    if (ShapeRef key = tupleKeyShape(*s.index, "used as a key"))
      joinContainerShape(var, tupleKeyedShape(key, Type::Unknown));
  } else if (isNumeric(s.index->type)) {
    joinContainerShape(var, valueShape(s.index->type, Type::Unknown, s.index->mayBeNumpy));
  }
}

void Sema::markRowAlias(LocalVar &var) {
  if (!var.aliased) {
    var.aliased = true;
    changed_ = true;
  }
}

void Sema::noteDictListBind(const Expr &dictRead, const std::string &name, SourceLoc loc) {
  const Expr *dict = &dictRead;
  if (auto *s = dyn_cast<SubscriptExpr>(dict))
    dict = s->value.get();
  else if (auto *c = dyn_cast<CallExpr>(dict); c && isa<AttributeExpr>(c->callee.get()))
    dict = cast<AttributeExpr>(*c->callee).value.get();
  auto *n = dyn_cast<NameExpr>(dict);
  if (reporting_ && n && n->ref == NameRef::Local)
    dictListBinds_.push_back({fn_, n->localIndex, loc, name});
}

/// A name holds a copy of the list it took (llcc's lists are values): an
/// append into the dict's lists written after it could change that list in
/// Python and not the name's copy, so it is refused.
void Sema::checkDictListSnapshots(FunctionDef &fn) {
  auto before = [](SourceLoc a, SourceLoc b) {
    return a.line < b.line || (a.line == b.line && a.col < b.col);
  };
  for (const DictListUse &app : dictListAppends_)
    for (const DictListUse &bind : dictListBinds_)
      if (app.fn == &fn && bind.fn == &fn && app.dict == bind.dict && before(bind.loc, app.loc)) {
        diags_.error(app.loc, "this appends to a list of '" + fn.locals[app.dict].name +
                                  "' after '" + bind.name + "' took one of its lists (line " +
                                  std::to_string(bind.loc.line) +
                                  "); llcc's name would keep the old list, Python's the same "
                                  "list: read the list again after the appends (d[k])");
        break;
      }
}

namespace {

/// Whether `e` mentions the name `n` anywhere.
bool mentions(Expr &e, const std::string &n) {
  if (auto *x = dyn_cast<NameExpr>(&e))
    return x->name == n;
  bool found = false;
  forEachChildExpr(e, [&](ExprPtr &c) { found = found || (c && mentions(*c, n)); });
  return found;
}

/// A key whose evaluation has no effect and cannot fail: a number literal
/// (negated or not), a name, or a tuple of them.
bool isPlainKey(const Expr &e) {
  if (isa<IntLiteralExpr>(&e) || isa<FloatLiteralExpr>(&e) || isa<BoolLiteralExpr>(&e) ||
      isa<NameExpr>(&e))
    return true;
  if (auto *u = dyn_cast<UnaryExpr>(&e))
    return (u->op == UnaryExpr::Op::Neg || u->op == UnaryExpr::Op::Pos) &&
           (isa<IntLiteralExpr>(u->operand.get()) || isa<FloatLiteralExpr>(u->operand.get()));
  if (auto *t = dyn_cast<TupleExpr>(&e)) {
    for (const ExprPtr &x : t->elements)
      if (!isPlainKey(*x))
        return false;
    return true;
  }
  return false;
}

} // namespace

// `cols = {0: [], 1: [x]}` is `cols = {}; cols[0] = []; cols[1] = [x]`:
// the keys are plain (isPlainKey), so evaluating each value before its key
// changes nothing, and no key or value reads `cols`.
void Sema::lowerDictListDisplays() {
  std::function<void(Block &)> lower = [&](Block &block) {
    for (size_t k = 0; k < block.size(); ++k) {
      forEachChildBlock(*block[k], lower);
      auto *a = dyn_cast<AssignStmt>(block[k].get());
      auto *target =
          a && a->targets.size() == 1 ? dyn_cast<NameExpr>(a->targets[0].get()) : nullptr;
      auto *display = target ? dyn_cast<DictExpr>(a->value.get()) : nullptr;
      if (!display || display->keys.empty())
        continue;
      bool lists = true;
      for (size_t i = 0; i < display->keys.size() && lists; ++i)
        lists = display->keys[i] && isa<ListExpr>(display->values[i].get()) &&
                isPlainKey(*display->keys[i]) && !mentions(*display->keys[i], target->name) &&
                !mentions(*display->values[i], target->name);
      if (!lists)
        continue;
      std::vector<StmtPtr> stores;
      for (size_t i = 0; i < display->keys.size(); ++i) {
        SourceLoc at = display->keys[i]->loc();
        std::vector<ExprPtr> slot;
        slot.push_back(std::make_unique<SubscriptExpr>(
            at, std::make_unique<NameExpr>(target->loc(), target->name),
            std::move(display->keys[i])));
        stores.push_back(
            std::make_unique<AssignStmt>(at, std::move(slot), std::move(display->values[i])));
      }
      display->keys.clear();
      display->values.clear();
      for (size_t i = 0; i < stores.size(); ++i)
        block.insert(block.begin() + static_cast<std::ptrdiff_t>(k + 1 + i), std::move(stores[i]));
      k += stores.size();
    }
  };
  for (auto &fn : module_.functions)
    if (!fn->isLibrary)
      lower(fn->body);
}

} // namespace sema
} // namespace llcc
