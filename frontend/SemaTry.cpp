//===- SemaTry.cpp - try / except ------------------------------------------===//
//
// `try: ... except E: ... else: ... finally: ...` catches the runtime
// errors llcc raises (its own checks, `raise`, a callee's error), each an
// instance of one of
// Python's built-in exception classes (codegen/RuntimeErrors.h). A clause
// names built-in classes, a tuple of them, or nothing (bare `except:`,
// which must come last, as CPython's compiler requires); it catches every
// runtime error whose class derives from one it names (Builtins.cpp has
// Python's hierarchy). Sema checks the names and records them on the
// clause; IRGen's dispatch compares the recorded error's class.
//
// `finally` runs on every way out (IRGenTry.cpp).
//
// `except E as e` binds e to the caught error as a message's text: `e` and
// `str(e)` where a message takes a str (an f-string's field, print(e),
// raise X(e), "%s" % e, "{}".format(e)) are str(e), CPython's text of the
// error; `{e!r}` is repr(e), `type(e).__name__` the caught class's name.
// Each is a hidden str local of the clause (textLocal, classLocal), set
// when the clause starts from a copy of the error's record (IRGenTry.cpp).
// A bare `raise` in a clause re-raises that copy.
//
// Not supported, each with a message: any other read of `e` (e.args, e as
// a number or a variable's value), and classes other than the built-in
// ones (a module's own exceptions), which nothing in llcc raises, but for
// statistics.StatisticsError (a ValueError), which the statistics
// functions raise, and numpy.linalg.LinAlgError, which det, inv and solve
// raise (LibraryExceptionClasses).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include "Builtins.h"
#include "Diagnostics.h"

#include <algorithm>

namespace llcc {
namespace sema {

/// The exception classes of library modules that llcc's library raises:
/// the qualified name a program spells, and the class name llcc raises
/// (codegen/Runtime.cpp's foreignClasses gives each its module).
static const std::pair<const char *, const char *> LibraryExceptionClasses[] = {
    {"statistics.StatisticsError", "StatisticsError"}, // stdlib/statistics.flt
    {"numpy.linalg.LinAlgError", "LinAlgError"},       // stdlib/linalg.flt
};

/// The class name when `qualified` is one of LibraryExceptionClasses, ""
/// otherwise.
std::string libraryExceptionNamed(const std::string &qualified) {
  for (const auto &[q, name] : LibraryExceptionClasses)
    if (qualified == q)
      return name;
  return "";
}

/// Whether `name` is the bare name of one of LibraryExceptionClasses (a
/// module's class, not a built-in one: the library raises it by that name).
bool isLibraryExceptionName(const std::string &name) {
  for (const auto &entry : LibraryExceptionClasses)
    if (name == entry.second)
      return true;
  return false;
}

/// The module path `x` spells through the program's imports
/// (`np.linalg` with `import numpy as np`: "numpy.linalg"), "" when it
/// does not name one or a local shadows its first name.
static std::string modulePath(const Expr &x, const std::map<std::string, std::string> &modules,
                              const std::map<std::string, int> &locals) {
  if (auto *n = dyn_cast<NameExpr>(&x)) {
    auto m = modules.find(n->name);
    return m == modules.end() || locals.count(n->name) ? "" : m->second;
  }
  if (auto *a = dyn_cast<AttributeExpr>(&x)) {
    std::string base = modulePath(*a->value, modules, locals);
    return base.empty() ? "" : base + "." + a->attr;
  }
  return "";
}

/// The class name when `x` names one of LibraryExceptionClasses
/// (`statistics.StatisticsError`, `np.linalg.LinAlgError`, or a name from
/// `from numpy.linalg import LinAlgError`) and no local shadows the name;
/// "" otherwise. Used by `except` and `raise` (SemaErrors.cpp declares it
/// too).
std::string libraryExceptionClass(const Expr &x, const std::map<std::string, std::string> &modules,
                                  const std::map<std::string, std::string> &fromNames,
                                  const std::map<std::string, int> &locals) {
  if (auto *a = dyn_cast<AttributeExpr>(&x)) {
    std::string base = modulePath(*a->value, modules, locals);
    return base.empty() ? "" : libraryExceptionNamed(base + "." + a->attr);
  }
  if (auto *n = dyn_cast<NameExpr>(&x)) {
    auto f = fromNames.find(n->name);
    if (!locals.count(n->name) && f != fromNames.end())
      return libraryExceptionNamed(f->second);
  }
  return "";
}

/// The class names one `except` clause's type names (a name or a tuple of
/// names), each checked; false after an error.
bool Sema::exceptClasses(const Expr &type, std::vector<std::string> &out) {
  if (auto *tuple = dyn_cast<TupleExpr>(&type)) {
    bool ok = true;
    for (const ExprPtr &el : tuple->elements)
      ok = exceptClasses(*el, out) && ok;
    return ok;
  }
  std::string library = libraryExceptionClass(type, moduleAliases_, fromNames_, locals_);
  if (!library.empty()) {
    out.push_back(library);
    return true;
  }
  auto *name = dyn_cast<NameExpr>(&type);
  if (!name) {
    error(type.loc(), "an except clause names built-in exception classes (except ValueError:, "
                      "except (KeyError, IndexError):)");
    return false;
  }
  if (locals_.count(name->name) || constants_.count(name->name) || functions_.count(name->name) ||
      !builtinExceptionBase(name->name) ||
      isLibraryExceptionName(name->name)) { // a module's class, not a built-in name
    error(name->loc(), "'" + name->name + "' is not one of Python's built-in exception "
                       "classes; llcc raises and catches only those (ValueError, "
                       "ZeroDivisionError, IndexError, ...)");
    return false;
  }
  out.push_back(name->name);
  return true;
}

ExceptClause *Sema::exceptClauseNamed(const std::string &name) {
  for (size_t i = handlerStack_.size(); i-- > 0;)
    if (handlerStack_[i].second == fn_ && handlerStack_[i].first->asName == name)
      return handlerStack_[i].first;
  return nullptr;
}

void Sema::markExceptionRead(ExprPtr &slot) {
  if (!slot || !fn_)
    return;
  auto exceptName = [&](Expr *x) -> ExceptClause * {
    auto *n = dyn_cast<NameExpr>(x);
    if (!n || locals_.count(n->name))
      return nullptr;
    return exceptClauseNamed(n->name);
  };
  // str(e) is e's text.
  if (auto *call = dyn_cast<CallExpr>(slot.get())) {
    auto *callee = dyn_cast<NameExpr>(call->callee.get());
    if (callee && callee->name == "str" && call->args.size() == 1 && call->keywords.empty() &&
        !locals_.count("str") && !functions_.count("str") && exceptName(call->args[0].get())) {
      ExprPtr arg = std::move(call->args[0]);
      slot = std::move(arg);
    }
  }
  // type(e).__name__ is the caught class's name.
  if (auto *a = dyn_cast<AttributeExpr>(slot.get()); a && a->attr == "__name__") {
    auto *call = dyn_cast<CallExpr>(a->value.get());
    auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
    if (callee && callee->name == "type" && call->args.size() == 1 && call->keywords.empty() &&
        !locals_.count("type") && !functions_.count("type")) {
      if (ExceptClause *h = exceptName(call->args[0].get())) {
        auto name = std::make_unique<NameExpr>(a->loc(), h->asName + ".class");
        exceptionReads_[name.get()] = h->classLocal;
        slot = std::move(name);
        return;
      }
    }
  }
  if (ExceptClause *h = exceptName(slot.get()))
    exceptionReads_[slot.get()] = h->textLocal;
}

/// `del x`: x must be a local variable of the function (not a parameter,
/// which llcc keeps always bound, nor a name a nested def or lambda reads);
/// IRGen checks it is bound (UnboundLocalError, as CPython) and unbinds it.
namespace {

/// True when a lambda in `e` reads `name`.
bool lambdaReads(Expr *e, const std::string &name, bool inLambda = false) {
  if (!e)
    return false;
  if (auto *n = dyn_cast<NameExpr>(e))
    return inLambda && n->name == name;
  bool in = inLambda || isa<LambdaExpr>(e);
  bool found = false;
  forEachChildExpr(*e, [&](ExprPtr &c) { found = found || lambdaReads(c.get(), name, in); });
  return found;
}

/// True when a lambda in `block`'s statements reads `name`.
bool lambdaReadsIn(Block &block, const std::string &name) {
  for (StmtPtr &s : block) {
    std::vector<Expr *> exprs;
    if (auto *x = dyn_cast<ExprStmt>(s.get()))
      exprs.push_back(x->value.get());
    else if (auto *a = dyn_cast<AssignStmt>(s.get()))
      exprs.push_back(a->value.get());
    else if (auto *a = dyn_cast<AugAssignStmt>(s.get()))
      exprs.push_back(a->value.get());
    else if (auto *i = dyn_cast<IfStmt>(s.get()))
      exprs.push_back(i->cond.get());
    else if (auto *w = dyn_cast<WhileStmt>(s.get()))
      exprs.push_back(w->cond.get());
    else if (auto *f = dyn_cast<ForStmt>(s.get()))
      exprs.push_back(f->iter.get());
    else if (auto *r = dyn_cast<ReturnStmt>(s.get()))
      exprs.push_back(r->value.get());
    else if (auto *r = dyn_cast<RaiseStmt>(s.get()))
      exprs.push_back(r->exception.get());
    else if (auto *a = dyn_cast<AssertStmt>(s.get()))
      exprs = {a->cond.get(), a->message.get()};
    for (Expr *e : exprs)
      if (lambdaReads(e, name))
        return true;
    bool found = false;
    forEachChildBlock(*s, [&](Block &b) { found = found || lambdaReadsIn(b, name); });
    if (found)
      return true;
  }
  return false;
}

} // namespace

void Sema::walkDel(DelStmt &s) {
  for (ExprPtr &t : s.targets) {
    if (auto *item = dyn_cast<SubscriptExpr>(t.get())) {
      walkDelItem(*item);
      continue;
    }
    auto *name = dyn_cast<NameExpr>(t.get());
    if (!name) {
      error(t->loc(), "llcc supports 'del' of local variables (del x) and of elements and "
                      "slices of local lists (del a[i], del a[i:j]) only");
      continue;
    }
    auto it = locals_.find(name->name);
    if (it == locals_.end() || fn_->locals[it->second].isParam) {
      error(name->loc(), "llcc supports 'del' of local variables assigned before it in the "
                         "function; '" +
                             name->name + "' is not one");
      continue;
    }
    // A nested def or lambda reading it would raise NameError (a free
    // variable) where llcc's read raises UnboundLocalError.
    bool captured = lambdaReadsIn(fn_->body, name->name);
    for (auto &fn : module_.functions)
      if (fn->outer == fn_ && std::count(fn->captures.begin(), fn->captures.end(), name->name))
        captured = true;
    if (captured) {
      error(name->loc(), "llcc does not support 'del' of a variable that a nested def or lambda "
                         "reads ('" +
                             name->name + "'); assign it a new value instead");
      continue;
    }
    name->ref = NameRef::Local;
    name->localIndex = it->second;
    name->type = fn_->locals[it->second].type;
    fn_->locals[it->second].deleted = true;
  }
}

void Sema::walkTry(TryStmt &s, unsigned loopDepth) {
  walkBlock(s.body, loopDepth);
  for (size_t i = 0; i < s.handlers.size(); ++i) {
    ExceptClause &h = s.handlers[i];
    h.caught.clear();
    if (!h.type) {
      if (i + 1 != s.handlers.size())
        error(h.loc, "default 'except:' must be last");
      h.caught.push_back("BaseException");
    } else if (!exceptClasses(*h.type, h.caught)) {
      h.caught.clear();
    }
    // `as e` is the caught error's text where a message reads it
    // (markExceptionRead); any other read is an error (typeOfName), and so
    // is a name the function uses for a variable as well.
    if (!h.asName.empty() && locals_.count(h.asName))
      error(h.loc, "'except ... as " + h.asName + "' would rebind the variable '" + h.asName +
                       "' (and delete it after the clause); name the exception differently");
    if (!h.asName.empty()) {
      if (h.textLocal < 0) {
        h.textLocal = hiddenLocal(h.asName, h.loc);
        h.classLocal = hiddenLocal(h.asName + ".class", h.loc);
      }
      assignHidden(h.textLocal, Type::Str, false);
      assignHidden(h.classLocal, Type::Str, false);
      h.keepsError = true;
      exceptNames_.push_back(h.asName);
    }
    handlerStack_.push_back({&h, fn_});
    walkBlock(h.body, loopDepth);
    handlerStack_.pop_back();
    if (!h.asName.empty())
      exceptNames_.pop_back();
  }
  walkBlock(s.elseBody, loopDepth);
  // `finally` runs on every way out of the try (IRGenTry.cpp copies it onto
  // each); a return, break or continue in it is CPython's too.
  walkBlock(s.finallyBody, loopDepth);
}

/// `del a[i]` and `del a[i:j:k]` of a list held in a local variable, of
/// numbers or of tuples: CPython's list_ass_subscript without a value,
/// in place (IRGen's genListDelete), so the list changes length as with
/// a.pop(i). The target is typed as the read `a[i]` (`a[i:j]`) would be,
/// which checks the index as that read does.
void Sema::walkDelItem(SubscriptExpr &item) {
  Type base = typeOf(*item.value);
  if (isNdarray(base)) {
    error(item.loc(), "'del a[i]' of a numpy array: numpy raises ValueError: cannot delete array "
                      "elements; np.delete(a, i) gives a new array without them");
    return;
  }
  if (base == Type::Dict) {
    error(item.loc(), "'del d[k]' of a dict is not supported in llcc (its dicts cannot drop a "
                      "key); build the dict without it: {k: v for k, v in d.items() if k != key}");
    return;
  }
  if (base == Type::Str || base == Type::Tuple || base == Type::Set) {
    error(item.loc(), std::string("'del' of an element of a ") + typeName(base) +
                          ": Python raises TypeError: '" + typeName(base) +
                          "' object doesn't support item deletion");
    return;
  }
  if (base == Type::Unknown)
    return;
  auto *name = dyn_cast<NameExpr>(item.value.get());
  if (!(isList(base) || base == Type::TupleList) || !(name && name->ref == NameRef::Local)) {
    error(item.loc(), std::string("llcc supports 'del a[i]' and 'del a[i:j]' of a list of "
                                  "numbers or tuples held in a local variable, not of ") +
                          (name ? typeName(base) : "this expression"));
    return;
  }
  LocalVar &var = fn_->locals[name->localIndex];
  if (var.isParam) {
    error(item.value->loc(), "'del' of an element of a parameter would change the caller's "
                             "list, which llcc does not share; build a new list in this "
                             "function");
    return;
  }
  if (!var.grows) {
    var.grows = true;
    changed_ = true;
  }
  typeOf(item);
}

} // namespace sema
} // namespace llcc
