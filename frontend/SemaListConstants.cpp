//===- SemaListConstants.cpp - module-level lists of constant arrays --------===//
//
// Filters keep banks of masks in a module-level list (or tuple) of arrays:
//
//   MASKS = [np.array([[1, S2, 1], ...]) / (2 * S2), np.array([...]) / ...]
//   COMPASS = [np.rot90(BASE, k) for k in range(4)]
//
// Before the constants are collected, each such list becomes one hidden
// array constant per element, `llcc.list.MASKS.0`, `llcc.list.MASKS.1`, ...
// (a comprehension over range(...) of ints or a tuple of numbers is
// expanded first, its variable replaced by each value), so the constant
// folder computes every element as it computes any array constant. After
// collection, the elements must share one dtype and shape; then every use
// of the name in a function becomes the list display of the elements,
// which the lists of arrays of SemaArrayList.cpp already know (for loops,
// comprehensions, enumerate, zip, runtime indexes raising IndexError,
// len). An index written in place is the element itself:
//
//   for m in MASKS       for m in [llcc.list.MASKS.0, llcc.list.MASKS.1]
//   MASKS[i]             [llcc.list.MASKS.0, llcc.list.MASKS.1][i]
//   MASKS[-1]            llcc.list.MASKS.1
//
// A dict constant's array values (SemaDictConstants.cpp) are such a list.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <functional>

namespace llcc {
namespace sema {

namespace {

/// numpy functions and array methods whose result is an array.
const std::set<std::string> &arrayMakers() {
  static const std::set<std::string> names = {
      "array",   "asarray",  "outer",   "ones",    "zeros",    "full",     "arange", "linspace",
      "eye",     "identity", "hanning", "hamming", "bartlett", "blackman", "kaiser", "ravel",
      "flatten", "reshape",  "rot90",   "flip",    "flipud",   "fliplr",   "copy",   "meshgrid"};
  return names;
}

std::string hiddenElement(const std::string &list, size_t k) {
  return "llcc.list." + list + "." + std::to_string(k);
}

/// An int written as a literal or an earlier constant holding one.
std::optional<int64_t> intValue(const Expr &e, const Module &module, int depth = 0) {
  if (depth > 16)
    return std::nullopt;
  if (auto *i = dyn_cast<IntLiteralExpr>(&e))
    return i->overflow ? std::nullopt : std::optional<int64_t>(i->value);
  if (auto *u = dyn_cast<UnaryExpr>(&e); u && u->op == UnaryExpr::Op::Neg) {
    auto v = intValue(*u->operand, module, depth + 1);
    return v && *v != INT64_MIN ? std::optional<int64_t>(-*v) : std::nullopt;
  }
  if (auto *n = dyn_cast<NameExpr>(&e)) {
    const Constant *found = nullptr;
    for (const Constant &c : module.constants)
      if (c.name == n->name && c.targets.empty() && !c.inPlace && c.value)
        found = &c;
    return found ? intValue(*found->value, module, depth + 1) : std::nullopt;
  }
  return std::nullopt;
}

} // namespace

/// A copy of a constant's expression: literals, names, operators, calls,
/// subscripts, displays; null for anything else (lambdas, comprehensions).
ExprPtr copyConstExpr(const Expr &e) {
  SourceLoc at = e.loc();
  auto all = [](const std::vector<ExprPtr> &xs, std::vector<ExprPtr> &out) {
    for (const ExprPtr &x : xs) {
      out.push_back(x ? copyConstExpr(*x) : nullptr);
      if (x && !out.back())
        return false;
    }
    return true;
  };
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
  if (auto *u = dyn_cast<UnaryExpr>(&e)) {
    ExprPtr x = copyConstExpr(*u->operand);
    return x ? std::make_unique<UnaryExpr>(at, u->op, std::move(x)) : nullptr;
  }
  if (auto *b = dyn_cast<BinaryExpr>(&e)) {
    ExprPtr l = copyConstExpr(*b->lhs), r = copyConstExpr(*b->rhs);
    return l && r ? std::make_unique<BinaryExpr>(at, b->op, std::move(l), std::move(r)) : nullptr;
  }
  if (auto *c = dyn_cast<CompareExpr>(&e)) {
    std::vector<ExprPtr> ops;
    return all(c->operands, ops) ? std::make_unique<CompareExpr>(at, std::move(ops), c->ops)
                                 : nullptr;
  }
  if (auto *a = dyn_cast<AttributeExpr>(&e)) {
    ExprPtr x = copyConstExpr(*a->value);
    return x ? std::make_unique<AttributeExpr>(at, std::move(x), a->attr) : nullptr;
  }
  if (auto *s = dyn_cast<SubscriptExpr>(&e)) {
    ExprPtr v = copyConstExpr(*s->value), i = copyConstExpr(*s->index);
    return v && i ? std::make_unique<SubscriptExpr>(at, std::move(v), std::move(i)) : nullptr;
  }
  if (auto *s = dyn_cast<SliceExpr>(&e)) {
    ExprPtr parts[3];
    const Expr *from[3] = {s->start.get(), s->stop.get(), s->step.get()};
    for (int k = 0; k < 3; ++k)
      if (from[k] && !(parts[k] = copyConstExpr(*from[k])))
        return nullptr;
    return std::make_unique<SliceExpr>(at, std::move(parts[0]), std::move(parts[1]),
                                       std::move(parts[2]));
  }
  if (auto *t = dyn_cast<TupleExpr>(&e)) {
    std::vector<ExprPtr> xs;
    return all(t->elements, xs) ? std::make_unique<TupleExpr>(at, std::move(xs)) : nullptr;
  }
  if (auto *l = dyn_cast<ListExpr>(&e)) {
    std::vector<ExprPtr> xs;
    return all(l->elements, xs) ? std::make_unique<ListExpr>(at, std::move(xs)) : nullptr;
  }
  if (auto *c = dyn_cast<CallExpr>(&e)) {
    if (c->starred)
      return nullptr;
    ExprPtr callee = copyConstExpr(*c->callee);
    std::vector<ExprPtr> args;
    if (!callee || !all(c->args, args))
      return nullptr;
    std::vector<KeywordArg> keywords;
    for (const KeywordArg &k : c->keywords) {
      ExprPtr v = copyConstExpr(*k.value);
      if (!v)
        return nullptr;
      keywords.push_back(KeywordArg{k.loc, k.name, std::move(v)});
    }
    return std::make_unique<CallExpr>(at, std::move(callee), std::move(args), std::move(keywords));
  }
  return nullptr;
}

/// Whether a module-level expression computes an array, seen from its
/// form: an array-making call, or arithmetic and calls over one, or a
/// name of `arrays` (earlier constants that are arrays).
bool isArrayConstantExpr(const Expr &e, const std::set<std::string> &arrays, int depth) {
  if (depth > 64)
    return false;
  if (auto *n = dyn_cast<NameExpr>(&e))
    return arrays.count(n->name) > 0;
  if (auto *u = dyn_cast<UnaryExpr>(&e))
    return isArrayConstantExpr(*u->operand, arrays, depth + 1);
  if (auto *b = dyn_cast<BinaryExpr>(&e))
    return isArrayConstantExpr(*b->lhs, arrays, depth + 1) ||
           isArrayConstantExpr(*b->rhs, arrays, depth + 1);
  if (auto *a = dyn_cast<AttributeExpr>(&e))
    return a->attr == "T" && isArrayConstantExpr(*a->value, arrays, depth + 1);
  auto *c = dyn_cast<CallExpr>(&e);
  if (!c)
    return false;
  auto *callee = dyn_cast<AttributeExpr>(c->callee.get());
  if (!callee)
    return false; // abs(A), max(...): numbers, or refused as they are
  if (arrayMakers().count(callee->attr))
    return true;
  if (callee->attr == "sum" || callee->attr == "max" || callee->attr == "min" ||
      callee->attr == "mean")
    return false; // a reduction: a number
  if (isArrayConstantExpr(*callee->value, arrays, depth + 1))
    return true;
  for (const ExprPtr &x : c->args)
    if (isArrayConstantExpr(*x, arrays, depth + 1))
      return true;
  return false;
}

/// The names of the module's constants whose values are arrays, in order.
std::set<std::string> arrayConstantNames(const Module &module) {
  std::set<std::string> arrays;
  for (const Constant &c : module.constants) {
    if (c.name.empty() || !c.targets.empty() || !c.value)
      continue;
    if (isArrayConstantExpr(*c.value, arrays, 0))
      arrays.insert(c.name);
    else if (!c.inPlace)
      arrays.erase(c.name);
  }
  return arrays;
}

/// `[e for k in range(...)]` or over a tuple of numbers at module level:
/// its elements, `k` replaced by each value; false after a diagnostic.
bool Sema::expandConstantComprehension(ComprehensionExpr &c, std::vector<ExprPtr> &out) {
  auto *target = dyn_cast<NameExpr>(c.target.get());
  auto refuse = [&](SourceLoc at) {
    diags_.error(at, "a module-level list of arrays made by a comprehension loops one name "
                     "over range(...) of ints or a tuple of numbers, with no `if`; write "
                     "the elements out, or build the list inside the function");
    return false;
  };
  if (c.generator || !target || !c.conds.empty() || !c.inner.empty())
    return refuse(c.loc());
  std::vector<ExprPtr> values;
  auto *call = dyn_cast<CallExpr>(c.iter.get());
  auto *fn = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  if (fn && fn->name == "range" && call->keywords.empty() && !call->args.empty() &&
      call->args.size() <= 3) {
    std::vector<int64_t> a;
    for (const ExprPtr &x : call->args) {
      auto v = intValue(*x, module_);
      if (!v)
        return refuse(x->loc());
      a.push_back(*v);
    }
    int64_t start = a.size() == 1 ? 0 : a[0], stop = a.size() == 1 ? a[0] : a[1];
    int64_t step = a.size() == 3 ? a[2] : 1;
    if (step == 0)
      return refuse(call->loc());
    for (int64_t v = start; step > 0 ? v < stop : v > stop; v += step) {
      if (values.size() >= 1024)
        return refuse(call->loc());
      values.push_back(std::make_unique<IntLiteralExpr>(c.target->loc(), v));
    }
  } else if (isa<TupleExpr>(c.iter.get()) || isa<ListExpr>(c.iter.get())) {
    const auto &items = isa<TupleExpr>(c.iter.get()) ? cast<TupleExpr>(*c.iter).elements
                                                     : cast<ListExpr>(*c.iter).elements;
    for (const ExprPtr &x : items) {
      bool number =
          isa<IntLiteralExpr>(x.get()) || isa<FloatLiteralExpr>(x.get()) ||
          (isa<UnaryExpr>(x.get()) && (isa<IntLiteralExpr>(cast<UnaryExpr>(*x).operand.get()) ||
                                       isa<FloatLiteralExpr>(cast<UnaryExpr>(*x).operand.get())));
      if (!number)
        return refuse(x->loc());
      values.push_back(copyConstExpr(*x));
    }
  } else {
    return refuse(c.iter->loc());
  }
  for (ExprPtr &v : values) {
    ExprPtr el = copyConstExpr(*c.element);
    if (!el)
      return refuse(c.element->loc());
    eachSlotIn(el, [&](ExprPtr &x) {
      if (auto *n = dyn_cast<NameExpr>(x.get()); n && n->name == target->name)
        x = copyConstExpr(*v);
    });
    if (auto *n = dyn_cast<NameExpr>(el.get()); n && n->name == target->name)
      el = copyConstExpr(*v);
    out.push_back(std::move(el));
  }
  return true;
}

void Sema::lowerArrayListConstants() {
  std::set<std::string> arrays;
  std::vector<Constant> kept;
  for (Constant &c : module_.constants) {
    if (c.name.empty() || !c.targets.empty() || !c.value) {
      kept.push_back(std::move(c));
      continue;
    }
    if (arrayLists_.count(c.name)) {
      diags_.error(c.loc, "'" + c.name +
                              "' is a list of arrays and cannot be assigned again at "
                              "module level; give the new value another name");
      kept.push_back(std::move(c));
      continue;
    }
    std::vector<ExprPtr> elements;
    bool listOfArrays = false;
    if (auto *comp = dyn_cast<ComprehensionExpr>(c.value.get());
        comp && !comp->generator && isArrayConstantExpr(*comp->element, arrays, 0)) {
      listOfArrays = true;
      if (!expandConstantComprehension(*comp, elements)) {
        c.value = std::make_unique<IntLiteralExpr>(c.loc, 0); // reported
        kept.push_back(std::move(c));
        continue;
      }
    } else if (isa<ListExpr>(c.value.get()) || isa<TupleExpr>(c.value.get())) {
      auto &items = isa<ListExpr>(c.value.get()) ? cast<ListExpr>(*c.value).elements
                                                 : cast<TupleExpr>(*c.value).elements;
      for (const ExprPtr &x : items)
        listOfArrays |= isArrayConstantExpr(*x, arrays, 0);
      if (listOfArrays)
        elements = std::move(items);
    }
    if (!listOfArrays) {
      if (isArrayConstantExpr(*c.value, arrays, 0))
        arrays.insert(c.name);
      else if (!c.inPlace)
        arrays.erase(c.name);
      kept.push_back(std::move(c));
      continue;
    }
    ArrayListConst list;
    list.loc = c.loc;
    for (size_t k = 0; k < elements.size(); ++k) {
      Constant e;
      e.loc = elements[k]->loc();
      e.name = hiddenElement(c.name, k);
      e.value = std::move(elements[k]);
      list.locs.push_back(e.loc);
      arrays.insert(e.name);
      kept.push_back(std::move(e));
    }
    arrayLists_[c.name] = std::move(list);
  }
  module_.constants = std::move(kept);
  hoistTableArrays();
  if (arrayLists_.empty())
    return;
  // Uses in later constants (`M = MASKS[1] * 2`) read the elements.
  for (Constant &c : module_.constants)
    if (c.value)
      eachSlotIn(c.value, [&](ExprPtr &e) { rewriteArrayListUse(e, {}); });
}

/// `np.array(K)` (np.asarray, dtype= allowed) in a function, where K is a
/// module-level table of rows (`K = [[1, 2, 1], [2, 4, 2], [1, 2, 1]]`):
/// a hidden module-level array constant of the same call, computed when
/// compiling like any other (`llcc.array@L:C`), since llcc's tuples and
/// lists of numbers are one-dimensional at run time.
void Sema::hoistTableArrays() {
  std::set<std::string> numpy, tables;
  for (const Import &im : module_.imports)
    if (!im.isFrom && im.module == "numpy")
      numpy.insert(im.alias);
  for (const Constant &c : module_.constants) {
    if (c.name.empty() || !c.targets.empty() || !c.value)
      continue;
    const std::vector<ExprPtr> *items =
        isa<ListExpr>(c.value.get())    ? &cast<ListExpr>(*c.value).elements
        : isa<TupleExpr>(c.value.get()) ? &cast<TupleExpr>(*c.value).elements
                                        : nullptr;
    bool rows = items && !items->empty();
    for (size_t k = 0; rows && k < items->size(); ++k)
      rows = isa<ListExpr>((*items)[k].get()) || isa<TupleExpr>((*items)[k].get());
    if (rows)
      tables.insert(c.name);
    else
      tables.erase(c.name);
  }
  if (tables.empty() || numpy.empty())
    return;
  for (auto &fn : module_.functions) {
    std::set<std::string> bound;
    for (FunctionDef *o = fn.get(); o; o = o->outer) {
      for (const Param &p : o->params)
        bound.insert(p.name);
      namesBoundIn(o->body, bound);
    }
    eachExprSlot(fn->body, [&](ExprPtr &e) {
      auto *c = dyn_cast<CallExpr>(e.get());
      auto *callee = c ? dyn_cast<AttributeExpr>(c->callee.get()) : nullptr;
      auto *base = callee ? dyn_cast<NameExpr>(callee->value.get()) : nullptr;
      auto *arg = c && c->args.size() == 1 ? dyn_cast<NameExpr>(c->args[0].get()) : nullptr;
      if (!base || !arg || !numpy.count(base->name) || bound.count(base->name) ||
          !(callee->attr == "array" || callee->attr == "asarray") || !tables.count(arg->name) ||
          bound.count(arg->name) || c->starred)
        return;
      for (const KeywordArg &k : c->keywords)
        if (k.name != "dtype")
          return; // refused as it is
      ExprPtr copy = copyConstExpr(*e);
      if (!copy)
        return;
      // np.asarray of a list is a new array: np.array, which constants know.
      cast<AttributeExpr>(*cast<CallExpr>(*copy).callee).attr = "array";
      Constant hidden;
      hidden.loc = e->loc();
      hidden.name =
          "llcc.array@" + std::to_string(e->loc().line) + ":" + std::to_string(e->loc().col);
      hidden.value = std::move(copy);
      e = std::make_unique<NameExpr>(hidden.loc, hidden.name);
      module_.constants.push_back(std::move(hidden));
    });
  }
}

/// The list display standing for a list constant at `at`.
ExprPtr Sema::arrayListDisplay(const std::string &name, SourceLoc at) {
  std::vector<ExprPtr> elements;
  const ArrayListConst &list = arrayLists_.at(name);
  size_t n = list.failed ? std::min<size_t>(1, list.locs.size()) : list.locs.size();
  for (size_t k = 0; k < n; ++k)
    elements.push_back(std::make_unique<NameExpr>(at, hiddenElement(name, k)));
  return std::make_unique<ListExpr>(at, std::move(elements));
}

/// A use of a list constant becomes its display; `L[k]` with k written in
/// place, the element (children are rewritten first).
void Sema::rewriteArrayListUse(ExprPtr &e, const std::set<std::string> &bound) {
  if (auto *n = dyn_cast<NameExpr>(e.get())) {
    if (arrayLists_.count(n->name) && !bound.count(n->name))
      e = arrayListDisplay(n->name, n->loc());
    return;
  }
  auto *s = dyn_cast<SubscriptExpr>(e.get());
  auto *display = s ? dyn_cast<ListExpr>(s->value.get()) : nullptr;
  auto *first = display && !display->elements.empty()
                    ? dyn_cast<NameExpr>(display->elements[0].get())
                    : nullptr;
  if (!first || first->name.rfind("llcc.list.", 0) != 0)
    return;
  auto k = intValue(*s->index, module_);
  auto n = static_cast<int64_t>(display->elements.size());
  if (!k || *k < -n || *k >= n)
    return; // computed at run time, or IndexError when it runs
  ExprPtr element = std::move(display->elements[static_cast<size_t>(*k < 0 ? *k + n : *k)]);
  e = std::move(element);
}

/// After the constants are collected: the elements of each list share one
/// dtype and shape, and the functions' uses read them.
void Sema::finishArrayListConstants() {
  for (auto &[name, list] : arrayLists_) {
    const Constant *first = nullptr;
    for (size_t k = 0; k < list.locs.size() && !list.failed; ++k) {
      auto it = constants_.find(hiddenElement(name, k));
      if (it == constants_.end()) {
        list.failed = true;
        break;
      }
      const Constant &c = module_.constants[static_cast<size_t>(it->second)];
      if (c.type == Type::Unknown) {
        list.failed = true; // reported
        break;
      }
      if (!isNdarray(c.type)) {
        diags_.error(list.locs[k], "a module-level list holding arrays holds only arrays; "
                                   "element " + std::to_string(k) + " of '" + name +
                                       "' is not an array (make it np.array([...]) too)");
        list.failed = true;
        break;
      }
      if (c.type == Type::FloatArray && rotatedConstants_.count(c.name)) {
        // numpy sums it column by column; the list holds C-ordered arrays.
        diags_.error(list.locs[k],
                     "element " + std::to_string(k) + " of '" + name +
                         "' is a float array in numpy's transposed memory order (np.rot90 by an "
                         "odd k), whose sums a list of arrays cannot follow; make it "
                         "C-ordered with .copy() (np.rot90(B, k).copy())");
        list.failed = true;
        break;
      }
      if (!first) {
        first = &c;
        continue;
      }
      auto dims = [](const Constant &x) {
        return x.shape && !x.shape->dims.empty() ? x.shape->dims : std::vector<int64_t>{-1};
      };
      bool oneD = (!c.shape || c.shape->dims.size() <= 1) &&
                  (!first->shape || first->shape->dims.size() <= 1);
      if (c.type != first->type || (!oneD && dims(c) != dims(*first))) {
        diags_.error(list.locs[k],
                     "a module-level list of arrays holds arrays of one dtype and shape; "
                     "element " +
                         std::to_string(k) + " of '" + name + "' is a " +
                         describeArray(c.type, c.shape) + " and the first a " +
                         describeArray(first->type, first->shape) +
                         " (keep them in separate constants, or make them alike)");
        list.failed = true;
      }
    }
  }
  for (auto &fn : module_.functions) {
    std::set<std::string> bound;
    for (FunctionDef *o = fn.get(); o; o = o->outer) {
      for (const Param &p : o->params)
        bound.insert(p.name);
      namesBoundIn(o->body, bound);
    }
    eachExprSlot(fn->body, [&](ExprPtr &e) { rewriteArrayListUse(e, bound); });
  }
}

} // namespace sema
} // namespace llcc
