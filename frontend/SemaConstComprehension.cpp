//===- SemaConstComprehension.cpp - Module-level comprehensions, computed once -===//
//
// Lookup tables are written at module level with comprehensions:
//
//   GAMMA = np.array([(i / 255.0) ** 2.2 for i in range(256)])
//   G = tuple(math.exp(-0.5 * (k / 1.5) ** 2) for k in range(-3, 4))
//   K = np.array([[1.0 if i == j else 0.0 for j in range(3)] for i in range(3)])
//   SQUARES = {k: k * k for k in range(5)}
//
// Each is computed here, when compiling, and replaced by the display of its
// values (a list, a tuple, a dict; np.array of a list), which the rest of
// the compiler knows as if written out. The iterations are range(...),
// tuples and lists of numbers (written out or constants), the rows of an
// array constant, enumerate, zip and reversed of those, and further `for`
// clauses and `if` filters; each element is computed by the constant
// folder (SemaConstFold.cpp) with the targets bound, so it is the value the
// same expression written with numbers would have: the C library's math
// functions, numpy's for numpy's, CPython's float operations. An element
// the folder cannot compute is a diagnostic pointing at it.
//
// The work is bounded: MaxIterations loop items in all per constant, and
// MaxValues values in the result (docs/language.md).
//
//===----------------------------------------------------------------------===//
#include "ConstFold.h"
#include "SemaImpl.h"

#include <cmath>

namespace llcc {
namespace sema {

namespace {
constexpr int64_t MaxIterations = int64_t(1) << 20;
constexpr int64_t MaxValues = int64_t(1) << 16;

const char *ElementHint =
    "; llcc computes module-level comprehensions when compiling, from numbers, the "
    "comprehension's targets and earlier constants with arithmetic, comparisons, if/else, "
    "and/or/not, math and numpy functions of numbers, int, float, abs, round, min, max, len "
    "and indexing; compute anything else inside the function";
} // namespace

/// An item of an iteration or an element: a number (or an array), or a
/// tuple or list of them.
struct ComprehensionValue {
  std::optional<Folded> number;
  std::vector<ComprehensionValue> members;
  bool isList = false;
  SourceLoc at;
};

/// One comprehension being computed.
struct ComprehensionRun {
  ComprehensionExpr *comp = nullptr;
  /// Its `for` clauses in order: target, iterable and filters.
  struct Clause {
    Expr *target, *iter;
    std::vector<ExprPtr> *conds;
  };
  std::vector<Clause> clauses;
  Bound bound;
  bool inArray = false; ///< the display becomes np.array(...): numpy scalars are plain
  bool isDict = false;  ///< a dict comprehension: its values may be arrays
};

namespace {
/// Whether `e` calls the builtin `name` (not shadowed by a constant of the file).
bool callsBuiltin(const CallExpr &c, const char *name, const std::map<std::string, int> &constants,
                  const Module &module) {
  auto *n = dyn_cast<NameExpr>(c.callee.get());
  if (!n || n->name != name || constants.count(name))
    return false;
  for (const auto &fn : module.functions)
    if (fn->name == name)
      return false;
  return true;
}

ComprehensionValue numberValue(Folded v, SourceLoc at) {
  ComprehensionValue r;
  r.number = std::move(v);
  r.at = at;
  return r;
}
} // namespace

/// Replaces each comprehension in a module-level constant's value by the
/// display of its values; false after a diagnostic.
bool Sema::expandConstantComprehensions(ExprPtr &e, int depth) {
  if (!e || depth > 64)
    return true;
  if (depth == 0) {
    comprehensionIterationsLeft_ = MaxIterations;
    comprehensionValuesLeft_ = MaxValues;
  }
  if (auto *comp = dyn_cast<ComprehensionExpr>(e.get()); comp && !comp->generator)
    return expandComprehension(e, "list", *comp);
  if (auto *c = dyn_cast<CallExpr>(e.get())) {
    if (c->args.size() == 1 && c->keywords.empty() && !c->starred)
      if (auto *comp = dyn_cast<ComprehensionExpr>(c->args[0].get()))
        for (const char *kind : {"tuple", "list", "dict"})
          if (callsBuiltin(*c, kind, constants_, module_))
            return expandComprehension(e, kind, *comp);
    bool array = false;
    if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()))
      if (auto *base = dyn_cast<NameExpr>(a->value.get()))
        array = moduleAliases_.count(base->name) && moduleAliases_[base->name] == "numpy" &&
                (a->attr == "array" || a->attr == "asarray");
    for (ExprPtr &x : c->args) {
      if (array)
        if (auto *comp = dyn_cast<ComprehensionExpr>(x.get()); comp && !comp->generator) {
          inArrayComprehension_ = true;
          bool ok = expandComprehension(x, "list", *comp);
          inArrayComprehension_ = false;
          if (!ok)
            return false;
          continue;
        }
      if (!expandConstantComprehensions(x, depth + 1))
        return false;
    }
    for (KeywordArg &k : c->keywords)
      if (!expandConstantComprehensions(k.value, depth + 1))
        return false;
    return expandConstantComprehensions(c->callee, depth + 1);
  }
  if (auto *u = dyn_cast<UnaryExpr>(e.get()))
    return expandConstantComprehensions(u->operand, depth + 1);
  if (auto *b = dyn_cast<BinaryExpr>(e.get()))
    return expandConstantComprehensions(b->lhs, depth + 1) &&
           expandConstantComprehensions(b->rhs, depth + 1);
  if (auto *s = dyn_cast<SubscriptExpr>(e.get()))
    return expandConstantComprehensions(s->value, depth + 1) &&
           expandConstantComprehensions(s->index, depth + 1);
  if (auto *a = dyn_cast<AttributeExpr>(e.get()))
    return expandConstantComprehensions(a->value, depth + 1);
  std::vector<ExprPtr> *items = isa<TupleExpr>(e.get())  ? &cast<TupleExpr>(*e).elements
                                : isa<ListExpr>(e.get()) ? &cast<ListExpr>(*e).elements
                                                         : nullptr;
  if (items)
    for (ExprPtr &x : *items)
      if (!expandConstantComprehensions(x, depth + 1))
        return false;
  return true;
}

/// `D = {k: v for ...}` at module level, computed into the dict display
/// the dict constants are made from (SemaDictConstants.cpp), which runs
/// before the imports and constants are collected: the folder sees them
/// here as the file binds them (numpy, math, `from math import exp`, and
/// the constants before D).
void Sema::expandDictComprehensionConstants() {
  bool any = false;
  for (Constant &c : module_.constants)
    if (auto *call = c.value ? dyn_cast<CallExpr>(c.value.get()) : nullptr;
        call && !c.name.empty() && call->args.size() == 1 &&
        isa<ComprehensionExpr>(call->args[0].get()))
      if (auto *n = dyn_cast<NameExpr>(call->callee.get()); n && n->name == "dict")
        any = true;
  if (!any)
    return;
  for (const Import &imp : module_.imports) {
    if (imp.function)
      continue;
    if (!imp.isFrom)
      moduleAliases_[imp.alias.empty() ? imp.module : imp.alias] = imp.module;
    else
      for (const auto &[name, alias] : imp.names)
        fromNames_[alias.empty() ? name : alias] = imp.module + "." + name;
  }
  for (size_t i = 0; i < module_.constants.size(); ++i) {
    Constant &c = module_.constants[i];
    auto *call = c.value ? dyn_cast<CallExpr>(c.value.get()) : nullptr;
    auto *n = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
    if (n && n->name == "dict" && !c.name.empty() && !c.inPlace && call->args.size() == 1 &&
        isa<ComprehensionExpr>(call->args[0].get()) && !constants_.count("dict")) {
      comprehensionIterationsLeft_ = MaxIterations;
      comprehensionValuesLeft_ = MaxValues;
      if (!expandComprehension(c.value, "dict", cast<ComprehensionExpr>(*call->args[0]))) {
        c.value = std::make_unique<DictExpr>(c.value->loc(), std::vector<ExprPtr>{},
                                             std::vector<ExprPtr>{});
        c.reported = true;
      }
    }
    if (!c.name.empty())
      constants_[c.name] = static_cast<int>(i);
  }
  constants_.clear();
  moduleAliases_.clear();
  fromNames_.clear();
}

/// `e`, the comprehension `comp` made a `kind` ("list", "tuple", "dict"),
/// replaced by the display of its values; false after a diagnostic.
bool Sema::expandComprehension(ExprPtr &e, const std::string &kind, ComprehensionExpr &comp) {
  ComprehensionRun run;
  run.comp = &comp;
  run.inArray = inArrayComprehension_;
  run.isDict = kind == "dict";
  run.clauses.push_back({comp.target.get(), comp.iter.get(), &comp.conds});
  for (ComprehensionClause &c : comp.inner)
    run.clauses.push_back({c.target.get(), c.iter.get(), &c.conds});
  std::vector<ComprehensionValue> out;
  if (!runClauses(run, 0, out))
    return false;
  SourceLoc at = e->loc();
  if (kind == "dict") {
    // {k: v for ...}: a key seen again keeps its place and takes the new
    // value, as Python's dict does (1, 1.0 and True are one key).
    std::vector<ExprPtr> keys, vals;
    std::vector<Folded> seen;
    for (ComprehensionValue &v : out) {
      if (v.members.size() != 2 || !v.members[0].number || !v.members[0].number->dims.empty()) {
        diags_.error(comp.element->loc(), "the keys of a module-level dict comprehension must be "
                                          "numbers that llcc computes when compiling");
        return false;
      }
      const Folded &k = *v.members[0].number;
      size_t found = seen.size();
      for (size_t q = 0; q < seen.size(); ++q) {
        const Folded &s = seen[q];
        bool same = !k.isFloat && !s.isFloat
                        ? k.i[0] == s.i[0]
                        : static_cast<long double>(k.isFloat ? k.f[0] : k.i[0]) ==
                              static_cast<long double>(s.isFloat ? s.f[0] : s.i[0]);
        if (same)
          found = q;
      }
      const ComprehensionValue &m = v.members[1];
      // an array value: np.array of its values, as dict constants of arrays hold
      ExprPtr value = m.number && !m.number->dims.empty()
                          ? foldedExpr(*m.number, m.at)
                          : comprehensionExpr(run, m, m.at);
      if (!value)
        return false;
      if (found < seen.size()) {
        vals[found] = std::move(value);
        continue;
      }
      ExprPtr key = comprehensionExpr(run, v.members[0], v.members[0].at);
      if (!key)
        return false;
      seen.push_back(k);
      keys.push_back(std::move(key));
      vals.push_back(std::move(value));
    }
    e = std::make_unique<DictExpr>(at, std::move(keys), std::move(vals));
    return true;
  }
  std::vector<ExprPtr> elements;
  for (ComprehensionValue &v : out) {
    ExprPtr x = comprehensionExpr(run, v, v.at);
    if (!x)
      return false;
    elements.push_back(std::move(x));
  }
  if (kind == "tuple")
    e = std::make_unique<TupleExpr>(at, std::move(elements));
  else
    e = std::make_unique<ListExpr>(at, std::move(elements));
  return true;
}

/// The `for` clause at `clause` and those after it, with the targets of
/// the ones before bound: each element computed appended to `out`.
bool Sema::runClauses(ComprehensionRun &run, size_t clause, std::vector<ComprehensionValue> &out) {
  if (clause == run.clauses.size()) {
    auto v = comprehensionElement(run, *run.comp->element);
    if (!v)
      return false;
    out.push_back(std::move(*v));
    return true;
  }
  const ComprehensionRun::Clause &c = run.clauses[clause];
  auto items = iterationItems(run, *c.iter);
  if (!items)
    return false;
  Bound saved = run.bound;
  for (const ComprehensionValue &item : *items) {
    if (--comprehensionIterationsLeft_ < 0) {
      diags_.error(c.iter->loc(), "this module-level comprehension goes over more than " +
                                      std::to_string(MaxIterations) +
                                      " items in all, which llcc does not compute when "
                                      "compiling; build so large a table inside the function");
      return false;
    }
    if (!bindTarget(run, *c.target, item))
      return false;
    bool keep = true;
    for (const ExprPtr &cond : *c.conds) {
      bool raised = false;
      auto t = foldBound(*cond, run.bound, raised);
      if (raised)
        return false;
      if (!t || !t->dims.empty()) {
        diags_.error(cond->loc(), "llcc cannot compute this filter of a module-level "
                                  "comprehension when compiling" +
                                      std::string(ElementHint));
        return false;
      }
      if (!(t->isFloat ? t->f[0] != 0.0 : t->i[0] != 0)) {
        keep = false;
        break;
      }
    }
    if (keep && !runClauses(run, clause + 1, out))
      return false;
    run.bound = saved;
  }
  return true;
}

/// The items a comprehension's `for` goes over; nothing after a diagnostic.
std::optional<std::vector<ComprehensionValue>> Sema::iterationItems(ComprehensionRun &run,
                                                                    const Expr &iter) {
  std::vector<ComprehensionValue> items;
  auto *call = dyn_cast<CallExpr>(&iter);
  auto unsupported = [&](const std::string &why) -> std::optional<std::vector<ComprehensionValue>> {
    diags_.error(iter.loc(), why);
    return std::nullopt;
  };
  if (call && (!call->keywords.empty() || call->starred))
    call = nullptr;
  if (call && callsBuiltin(*call, "range", constants_, module_) && !call->args.empty() &&
      call->args.size() <= 3) {
    int64_t bounds[3] = {0, 0, 1};
    for (size_t k = 0; k < call->args.size(); ++k) {
      bool raised = false;
      auto v = foldBound(*call->args[k], run.bound, raised);
      if (raised)
        return std::nullopt;
      if (!v || !v->dims.empty() || v->isFloat)
        return unsupported("the bounds of range() in a module-level comprehension must be ints "
                           "that llcc computes when compiling");
      bounds[call->args.size() == 1 ? 1 : k] = v->i[0];
    }
    int64_t start = bounds[0], stop = bounds[1], step = bounds[2];
    if (step == 0)
      return unsupported("CPython raises ValueError: range() arg 3 must not be zero");
    __int128 n = step > 0 ? (stop > start ? ((__int128)stop - start + step - 1) / step : 0)
                          : (start > stop ? ((__int128)start - stop - step - 1) / -step : 0);
    if (n > comprehensionIterationsLeft_)
      return unsupported("this range has " + std::to_string(static_cast<long long>(n)) +
                         " items; llcc computes a module-level comprehension when compiling, over "
                         "at most " +
                         std::to_string(MaxIterations) +
                         " items in all; build so large a table inside the function");
    for (int64_t k = 0; k < static_cast<int64_t>(n); ++k)
      items.push_back(numberValue(Folded::integer(start + k * step), iter.loc()));
    return items;
  }
  if (call && (callsBuiltin(*call, "enumerate", constants_, module_) ||
               callsBuiltin(*call, "zip", constants_, module_) ||
               callsBuiltin(*call, "reversed", constants_, module_))) {
    const std::string &name = cast<NameExpr>(*call->callee).name;
    if (name == "reversed" || name == "enumerate") {
      if (call->args.empty() || call->args.size() > (name == "enumerate" ? 2u : 1u))
        return unsupported(name + "() takes " + (name == "enumerate" ? "one or two arguments"
                                                                     : "one argument"));
      auto inner = iterationItems(run, *call->args[0]);
      if (!inner)
        return std::nullopt;
      if (name == "reversed")
        return std::vector<ComprehensionValue>(inner->rbegin(), inner->rend());
      int64_t start = 0;
      if (call->args.size() == 2) {
        bool raised = false;
        auto v = foldBound(*call->args[1], run.bound, raised);
        if (raised)
          return std::nullopt;
        if (!v || !v->dims.empty() || v->isFloat)
          return unsupported("enumerate's start must be an int llcc computes when compiling");
        start = v->i[0];
      }
      for (ComprehensionValue &x : *inner) {
        ComprehensionValue pair;
        pair.at = x.at;
        pair.members.push_back(numberValue(Folded::integer(start++), x.at));
        pair.members.push_back(std::move(x));
        items.push_back(std::move(pair));
      }
      return items;
    }
    std::vector<std::vector<ComprehensionValue>> columns;
    size_t n = SIZE_MAX;
    for (const ExprPtr &a : call->args) {
      auto col = iterationItems(run, *a);
      if (!col)
        return std::nullopt;
      n = std::min(n, col->size());
      columns.push_back(std::move(*col));
    }
    if (columns.empty())
      n = 0;
    for (size_t k = 0; k < n; ++k) {
      ComprehensionValue row;
      row.at = iter.loc();
      for (auto &col : columns)
        row.members.push_back(col[k]);
      items.push_back(std::move(row));
    }
    return items;
  }
  // A display, or a constant holding one: its items, each computed.
  const Expr *display = &iter;
  for (int hops = 0; hops < 16 && isa<NameExpr>(display); ++hops) {
    auto *n = cast<NameExpr>(display);
    if (run.bound.values.count(n->name) || run.bound.tuples.count(n->name))
      break;
    auto it = constants_.find(n->name);
    if (it == constants_.end())
      break;
    display = module_.constants[static_cast<size_t>(it->second)].value.get();
  }
  if (auto *elements = displayElements(*display); elements && !isa<SetExpr>(display)) {
    Bound saved = std::move(run.bound);
    run.bound = Bound{};
    if (display == &iter)
      run.bound = saved; // written here: the targets are seen
    for (const ExprPtr &x : *elements) {
      auto v = comprehensionElement(run, *x);
      if (!v) {
        run.bound = std::move(saved);
        return std::nullopt;
      }
      items.push_back(std::move(*v));
    }
    run.bound = std::move(saved);
    return items;
  }
  if (auto *comp = dyn_cast<ComprehensionExpr>(&iter)) {
    // for x in [f(k) for k in ...]: computed first, with the targets seen
    if (!nestedComprehension(run, *comp, items))
      return std::nullopt;
    return items;
  }
  bool raised = false;
  auto values = foldBoundValues(iter, run.bound, raised);
  if (raised)
    return std::nullopt;
  if (!values)
    return unsupported("llcc computes a module-level comprehension when compiling, over "
                       "range(...), a tuple or list of numbers (written out or a constant), the "
                       "rows of an array constant, and enumerate, zip or reversed of those; this "
                       "is none of them");
  for (Folded &v : *values)
    items.push_back(numberValue(std::move(v), iter.loc()));
  return items;
}

/// A comprehension inside one being computed (an element, an iterable),
/// with the outer targets seen: its values appended to `out`.
bool Sema::nestedComprehension(ComprehensionRun &run, const ComprehensionExpr &comp,
                               std::vector<ComprehensionValue> &out) {
  auto &c = const_cast<ComprehensionExpr &>(comp);
  ComprehensionRun inner;
  inner.comp = &c;
  inner.bound = run.bound;
  inner.inArray = run.inArray;
  inner.clauses.push_back({c.target.get(), c.iter.get(), &c.conds});
  for (ComprehensionClause &k : c.inner)
    inner.clauses.push_back({k.target.get(), k.iter.get(), &k.conds});
  return runClauses(inner, 0, out);
}

/// Binds a `for` target to an item: a name, or a tuple of targets
/// unpacking a tuple (or a row); false after a diagnostic.
bool Sema::bindTarget(ComprehensionRun &run, const Expr &target, const ComprehensionValue &v) {
  if (auto *n = dyn_cast<NameExpr>(&target)) {
    run.bound.values.erase(n->name);
    run.bound.tuples.erase(n->name);
    if (v.number) {
      run.bound.values[n->name] = *v.number;
      return true;
    }
    std::vector<Folded> flat;
    for (const ComprehensionValue &m : v.members) {
      if (!m.number || !m.number->dims.empty()) {
        diags_.error(target.loc(), "each item here is a tuple holding tuples or arrays; unpack it "
                                   "into names, as in 'for (a, b), c in ...'");
        return false;
      }
      flat.push_back(*m.number);
    }
    run.bound.tuples[n->name] = std::move(flat);
    return true;
  }
  const std::vector<ExprPtr> *targets = displayElements(target);
  if (!targets) {
    diags_.error(target.loc(), "the target of a module-level comprehension must be a name or a "
                               "tuple of names");
    return false;
  }
  std::vector<ComprehensionValue> members = v.members;
  if (v.number && v.number->dims.size() == 1) {
    // the elements of a row, numpy scalars
    const Folded &row = *v.number;
    members.clear();
    for (size_t k = 0; k < row.size(); ++k) {
      Folded x = row.isFloat ? Folded::number(row.f[k], true) : Folded::integer(row.i[k], true);
      x.isBool = row.isBool;
      members.push_back(numberValue(std::move(x), v.at));
    }
  } else if (v.number) {
    const Folded &n = *v.number;
    std::string type = n.isBool ? (n.numpy ? "numpy.bool_" : "bool")
                       : n.isFloat ? (n.numpy ? "numpy.float64" : "float")
                                   : (n.numpy ? "numpy.int64" : "int");
    diags_.error(target.loc(), "CPython raises TypeError: cannot unpack non-iterable " + type +
                                   " object");
    return false;
  }
  if (members.size() != targets->size()) {
    diags_.error(target.loc(),
                 std::string("CPython raises ValueError: ") +
                     (members.size() > targets->size()
                          ? "too many values to unpack (expected " +
                                std::to_string(targets->size()) + ")"
                          : "not enough values to unpack (expected " +
                                std::to_string(targets->size()) + ", got " +
                                std::to_string(members.size()) + ")"));
    return false;
  }
  for (size_t k = 0; k < members.size(); ++k)
    if (!bindTarget(run, *(*targets)[k], members[k]))
      return false;
  return true;
}

/// One element of a comprehension (or an item of a display it goes over),
/// computed; nothing after a diagnostic.
std::optional<ComprehensionValue> Sema::comprehensionElement(ComprehensionRun &run, const Expr &e) {
  ComprehensionValue v;
  v.at = e.loc();
  if (auto *comp = dyn_cast<ComprehensionExpr>(&e); comp && !comp->generator) {
    if (!nestedComprehension(run, *comp, v.members))
      return std::nullopt;
    v.isList = true;
    return v;
  }
  if (auto *c = dyn_cast<CallExpr>(&e); c && c->args.size() == 1 && c->keywords.empty())
    if (auto *comp = dyn_cast<ComprehensionExpr>(c->args[0].get()))
      for (const char *kind : {"tuple", "list"})
        if (callsBuiltin(*c, kind, constants_, module_)) {
          if (!nestedComprehension(run, *comp, v.members))
            return std::nullopt;
          v.isList = kind[0] == 'l';
          return v;
        }
  if (auto *elements = displayElements(e); elements && !isa<SetExpr>(&e)) {
    for (const ExprPtr &x : *elements) {
      auto m = comprehensionElement(run, *x);
      if (!m)
        return std::nullopt;
      v.members.push_back(std::move(*m));
    }
    v.isList = isa<ListExpr>(&e);
    return v;
  }
  if (auto *n = dyn_cast<NameExpr>(&e))
    if (auto t = run.bound.tuples.find(n->name); t != run.bound.tuples.end()) {
      for (const Folded &x : t->second)
        v.members.push_back(numberValue(x, e.loc()));
      return v;
    }
  if (auto *x = dyn_cast<IfExpExpr>(&e)) {
    // either branch may be a tuple: `(1, 0) if i else (0, 1)`
    bool raised = false;
    auto c = foldBound(*x->cond, run.bound, raised);
    if (raised)
      return std::nullopt;
    if (c && c->dims.empty())
      return comprehensionElement(run, (c->isFloat ? c->f[0] != 0.0 : c->i[0] != 0) ? *x->thenExpr
                                                                                     : *x->elseExpr);
  }
  bool raised = false;
  auto number = foldBound(e, run.bound, raised);
  if (raised)
    return std::nullopt;
  if (!number) {
    diags_.error(e.loc(), "llcc cannot compute this element of a module-level comprehension when "
                          "compiling" +
                              std::string(ElementHint));
    return std::nullopt;
  }
  if (!number->dims.empty() && !run.inArray && !run.isDict) {
    diags_.error(e.loc(), "an element of a module-level list or tuple comprehension is an array "
                          "here; llcc's list and tuple constants hold numbers (and tuples of "
                          "numbers): build the table with np.array([...]) or make each element a "
                          "number");
    return std::nullopt;
  }
  if (--comprehensionValuesLeft_ < 0) {
    diags_.error(e.loc(), "this module-level comprehension makes more than " +
                              std::to_string(MaxValues) +
                              " values, which llcc does not compute when compiling; build so "
                              "large a table inside the function");
    return std::nullopt;
  }
  v.number = std::move(number);
  return v;
}

/// The expression of a computed value: a literal (np.float64(x) for a
/// numpy scalar outside np.array), or a display of them.
ExprPtr Sema::comprehensionExpr(ComprehensionRun &run, const ComprehensionValue &v, SourceLoc at) {
  if (v.number) {
    const Folded &n = *v.number;
    if (!n.dims.empty() && !run.inArray) {
      diags_.error(at, "an element of a module-level list or tuple comprehension is an array "
                       "here; llcc's list and tuple constants hold numbers (and tuples of "
                       "numbers): build the table with np.array([...]) or make each element a "
                       "number");
      return nullptr;
    }
    if (!n.dims.empty()) {
      // an array in np.array([...]): its rows as lists
      Folded copy = n;
      copy.numpy = false;
      ExprPtr arr = foldedExpr(copy, at);
      return std::move(cast<CallExpr>(*arr).args[0]);
    }
    if (n.isBool && n.numpy && !run.inArray) {
      diags_.error(at, "this element is a numpy bool (np.True_ or np.False_), which a module-level "
                       "list or tuple constant does not hold; write bool(...) around it");
      return nullptr;
    }
    return foldedLiteral(n, 0, at, n.numpy && !run.inArray);
  }
  std::vector<ExprPtr> members;
  for (const ComprehensionValue &m : v.members) {
    ExprPtr x = comprehensionExpr(run, m, m.at);
    if (!x)
      return nullptr;
    members.push_back(std::move(x));
  }
  if (v.isList)
    return std::make_unique<ListExpr>(at, std::move(members));
  return std::make_unique<TupleExpr>(at, std::move(members));
}

} // namespace sema
} // namespace llcc
