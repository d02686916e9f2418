//===- SemaWalrus.cpp - Assignment expressions become assignments ---------===//
//
// `(n := e)` binds n in the enclosing function and yields e. Before anything
// else in Sema runs, each one is moved out of its statement into an
// assignment placed just before the statement, and replaced by the name:
//
//   if (n := len(a)) > 3: ...        n = len(a); if n > 3: ...
//   return (m := f(x)) + m           m = f(x); return m + m
//   elif (k := g()) == 0: ...        else: k = g(); if k == 0: ...
//   while (k := k - 1) > 0: body     while True:
//                                        k = k - 1
//                                        if not k > 0: <else block>; break
//                                        body
//
// This is exact only where the assignment runs first: everything the
// statement evaluates before it must be unable to raise or to be skipped,
// and must not read the name it binds. So a walk in CPython's order of
// evaluation hoists a `:=` while all it has passed are literals, the
// function's parameters and names it has already hoisted, a callee's name
// and the displays (tuples, lists) of those; the first operator, call,
// subscript or attribute ends that prefix (each may raise), and so do the
// operands that run conditionally (after `and`/`or`, the branches of
// `x if c else y`, the third operand of a chain `a < b < c`). A `:=` past
// the prefix, inside a lambda or at module level gets a diagnostic that
// says to assign on a line of its own.
//
// A comprehension whose element or conditions bind names with `:=` (Python
// binds them in the function at each step) is written out as loops placed
// before its statement, on the same terms (it must stand in the prefix):
//
//   s = sum(y for v in a if (y := 2 * v) > 1)     c = []
//                                                 for v' in a:
//                                                     if (y := 2 * v') > 1:
//                                                         c.append(y)
//                                                 s = sum(c)
//   found = any((t := v) > 3 for v in a)          f = False
//                                                 for v' in a:
//                                                     if (t := v) > 3:
//                                                         f = True; break
//                                                 found = f
//
// The loops' own `:=` are then hoisted as anywhere else. The targets get
// hidden names (v'), as they do not leak from a comprehension; the first
// iterable keeps the names of the function. A list comprehension and the
// argument of sum, min, max, sorted, list and set (which consume every
// item: a list gives them the same items) become a list; any and all stop
// at the first deciding item, as the generator does. Elsewhere (other
// consumers, past the prefix, nested comprehensions or lambdas inside) a
// `:=` in a comprehension gets a diagnostic.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include "Diagnostics.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace llcc {
namespace sema {

namespace {

/// Why a `:=` cannot be hoisted where it stands.
enum class Refusal { NotFirst, Comprehension, ComprehensionIter, Lambda, ModuleLevel };

std::string refusalMessage(Refusal why, const std::string &name) {
  switch (why) {
  case Refusal::NotFirst:
    return "llcc supports ':=' only where it runs before anything else in its statement "
           "that could raise or be skipped (not after 'and', 'or', 'if ... else', a call, an "
           "operator or a read of a local variable); assign '" +
           name + " = ...' on a line of its own before this statement";
  case Refusal::Comprehension:
    return "':=' inside a comprehension or generator expression is supported in llcc only "
           "where the comprehension runs first in its statement, as a list or the argument of "
           "sum, min, max, sorted, list, set, any or all (Python binds '" +
           name +
           "' in the enclosing function at each step); assign what comes before it on "
           "a line of its own, or write a for loop";
  case Refusal::ComprehensionIter:
    return "assignment expression cannot be used in a comprehension iterable expression";
  case Refusal::Lambda:
    return "':=' inside a lambda is not supported in llcc; use a def";
  case Refusal::ModuleLevel:
    return "':=' outside a function is not supported in llcc (module-level names are "
           "constants); write '" +
           name + " = ...'";
  }
  return "";
}

/// True when `e` holds a `:=` (a nested comprehension's or lambda's too).
bool holdsNamed(const Expr *e) {
  if (!e)
    return false;
  if (isa<NamedExpr>(e))
    return true;
  bool found = false;
  forEachChildExpr(const_cast<Expr &>(*e),
                   [&](ExprPtr &c) { found = found || holdsNamed(c.get()); });
  return found;
}

/// True when `e` holds a comprehension or a lambda (their own scopes).
bool holdsScope(const Expr *e) {
  if (!e)
    return false;
  if (isa<ComprehensionExpr>(e) || isa<LambdaExpr>(e))
    return true;
  bool found = false;
  forEachChildExpr(const_cast<Expr &>(*e),
                   [&](ExprPtr &c) { found = found || holdsScope(c.get()); });
  return found;
}

/// The names a `for` target binds; false for targets other than names
/// and tuples of them.
bool targetNames(const Expr &t, std::vector<std::string> &out) {
  if (auto *n = dyn_cast<NameExpr>(&t)) {
    out.push_back(n->name);
    return true;
  }
  if (auto *tuple = dyn_cast<TupleExpr>(&t)) {
    for (const ExprPtr &el : tuple->elements)
      if (!targetNames(*el, out))
        return false;
    return true;
  }
  return false;
}

/// The names the `:=` in `e` bind.
void namedTargets(Expr &e, std::set<std::string> &out) {
  if (auto *n = dyn_cast<NamedExpr>(&e))
    out.insert(cast<NameExpr>(*n->target).name);
  forEachChildExpr(e, [&](ExprPtr &c) {
    if (c)
      namedTargets(*c, out);
  });
}

/// Renames the reads of the comprehension's targets to their hidden names.
void renameIn(ExprPtr &e, const std::map<std::string, std::string> &names) {
  if (!e)
    return;
  if (auto *n = dyn_cast<NameExpr>(e.get())) {
    auto it = names.find(n->name);
    if (it != names.end())
      n->name = it->second;
    return;
  }
  forEachChildExpr(*e, [&](ExprPtr &c) { renameIn(c, names); });
}

/// How the loops of a comprehension that binds names deliver its items.
enum class Consumer { List, Any, All };

/// Hoists the `:=` of one statement's expressions into `pre`, in order.
class Hoister {
public:
  Hoister(DiagnosticEngine &diags, const std::set<std::string> &params, Block &pre,
          const std::set<std::string> *shadowed = nullptr, int *serial = nullptr)
      : diags_(diags), params_(params), pre_(pre), shadowed_(shadowed), serial_(serial) {}

  /// Visits `e`, evaluated next in the statement.
  void visit(ExprPtr &e) {
    if (!e)
      return;
    switch (e->kind()) {
    case Expr::Kind::Named: {
      auto &n = cast<NamedExpr>(*e);
      const std::string name = cast<NameExpr>(*n.target).name;
      // The value moves whole into the assignment, which keeps its own
      // order: only what the statement evaluated before it counts.
      bool wasClean = clean_;
      std::set<std::string> readEarlier = readBefore_;
      visit(n.value);
      // Refused, it is still hoisted so that later reads of the name do
      // not report it undefined as well.
      if (!wasClean || readEarlier.count(name))
        diags_.error(e->loc(), refusalMessage(Refusal::NotFirst, name));
      clean_ = true;
      readBefore_ = std::move(readEarlier);
      SourceLoc at = e->loc();
      std::vector<ExprPtr> targets;
      targets.push_back(std::move(n.target));
      pre_.push_back(std::make_unique<AssignStmt>(at, std::move(targets), std::move(n.value)));
      e = std::make_unique<NameExpr>(at, name);
      hoisted_.insert(name);
      readBefore_.insert(name);
      return;
    }
    case Expr::Kind::IntLiteral:
    case Expr::Kind::FloatLiteral:
    case Expr::Kind::BoolLiteral:
    case Expr::Kind::NoneLiteral:
    case Expr::Kind::StringLiteral:
      return;
    case Expr::Kind::Name: {
      const std::string &name = cast<NameExpr>(*e).name;
      readBefore_.insert(name);
      // A local other than a parameter may be unbound (UnboundLocalError).
      if (!params_.count(name) && !hoisted_.count(name))
        clean_ = false;
      return;
    }
    case Expr::Kind::Unary:
      visit(cast<UnaryExpr>(*e).operand);
      break;
    case Expr::Kind::Binary: {
      auto &b = cast<BinaryExpr>(*e);
      visit(b.lhs);
      if (b.op == BinaryOp::And || b.op == BinaryOp::Or)
        clean_ = false;
      visit(b.rhs);
      break;
    }
    case Expr::Kind::Compare: {
      auto &c = cast<CompareExpr>(*e);
      for (size_t i = 0; i < c.operands.size(); ++i) {
        if (i == 2)
          clean_ = false; // runs only when the first comparison holds
        visit(c.operands[i]);
      }
      break;
    }
    case Expr::Kind::IfExp: {
      auto &x = cast<IfExpExpr>(*e);
      visit(x.cond);
      clean_ = false;
      visit(x.thenExpr);
      visit(x.elseExpr);
      break;
    }
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(*e);
      if (consumeGenerator(e))
        return;
      if (!isCalleeName(*c.callee))
        visit(c.callee);
      for (ExprPtr &a : c.args)
        visit(a);
      for (KeywordArg &k : c.keywords)
        visit(k.value);
      break;
    }
    case Expr::Kind::Attribute:
      visit(cast<AttributeExpr>(*e).value);
      break;
    case Expr::Kind::Subscript:
      visit(cast<SubscriptExpr>(*e).value);
      visit(cast<SubscriptExpr>(*e).index);
      break;
    case Expr::Kind::Slice: {
      auto &s = cast<SliceExpr>(*e);
      visit(s.start);
      visit(s.stop);
      visit(s.step);
      return;
    }
    case Expr::Kind::Tuple:
      for (ExprPtr &x : cast<TupleExpr>(*e).elements)
        visit(x);
      return;
    case Expr::Kind::List:
      for (ExprPtr &x : cast<ListExpr>(*e).elements)
        visit(x);
      return;
    case Expr::Kind::Set:
      for (ExprPtr &x : cast<SetExpr>(*e).elements)
        visit(x);
      break;
    case Expr::Kind::Dict: {
      auto &d = cast<DictExpr>(*e);
      for (size_t i = 0; i < d.keys.size(); ++i) {
        visit(d.keys[i]);
        visit(d.values[i]);
      }
      break;
    }
    case Expr::Kind::FString:
      for (FStringField &f : cast<FStringExpr>(*e).fields) {
        visit(f.value);
        if (f.nestedSpec)
          visit(f.nestedSpec);
      }
      break;
    case Expr::Kind::Comprehension: {
      auto &c = cast<ComprehensionExpr>(*e);
      if (!c.generator && bindsNames(c) && writeOut(e, Consumer::List))
        return;
      refuseIn(c.iter, Refusal::ComprehensionIter);
      refuseIn(c.target, Refusal::Comprehension);
      refuseIn(c.element, Refusal::Comprehension);
      for (ExprPtr &x : c.conds)
        refuseIn(x, Refusal::Comprehension);
      for (ComprehensionClause &clause : c.inner) {
        refuseIn(clause.iter, Refusal::ComprehensionIter);
        refuseIn(clause.target, Refusal::Comprehension);
        for (ExprPtr &x : clause.conds)
          refuseIn(x, Refusal::Comprehension);
      }
      break;
    }
    case Expr::Kind::Lambda:
      refuseIn(cast<LambdaExpr>(*e).body, Refusal::Lambda);
      break;
    }
    // The operation itself may raise: nothing after it is first any more.
    clean_ = false;
  }

  /// Reports every `:=` in `e` (none may be hoisted there), replacing each
  /// by its value so that later passes see a plain expression.
  void refuseIn(ExprPtr &e, Refusal why) {
    if (!e)
      return;
    if (auto *n = dyn_cast<NamedExpr>(e.get())) {
      refuseIn(n->value, why);
      refuse(e, why);
      return;
    }
    forEachChildExpr(*e, [&](ExprPtr &child) { refuseIn(child, why); });
  }

  /// Ends the prefix: what follows may not be hoisted.
  void stop() { clean_ = false; }

private:
  /// True when the element or a condition of `c` holds a `:=`.
  static bool bindsNames(const ComprehensionExpr &c) {
    bool found = holdsNamed(c.element.get());
    for (const ExprPtr &x : c.conds)
      found = found || holdsNamed(x.get());
    for (const ComprehensionClause &clause : c.inner)
      for (const ExprPtr &x : clause.conds)
        found = found || holdsNamed(x.get());
    return found;
  }

  /// `sum(<generator binding names>)` and the other consumers the loops
  /// can feed (see the file comment); true when written out.
  bool consumeGenerator(ExprPtr &e) {
    auto &call = cast<CallExpr>(*e);
    auto *callee = dyn_cast<NameExpr>(call.callee.get());
    auto *gen = call.args.size() == 1 && !call.starred
                    ? dyn_cast<ComprehensionExpr>(call.args[0].get())
                    : nullptr;
    if (!callee || !gen || !gen->generator || !bindsNames(*gen) || !shadowed_ ||
        shadowed_->count(callee->name) || params_.count(callee->name))
      return false;
    static const char *const Listed[] = {"sum", "min", "max", "sorted", "list", "set"};
    bool listed = std::any_of(std::begin(Listed), std::end(Listed),
                              [&](const char *n) { return callee->name == n; });
    bool decides = callee->name == "any" || callee->name == "all";
    // The generator runs inside the call, after its other arguments: only
    // keywords that cannot raise or bind may move after the loops.
    for (const KeywordArg &k : call.keywords)
      if (decides || holdsNamed(k.value.get()) ||
          !(isa<LambdaExpr>(k.value.get()) || isa<BoolLiteralExpr>(k.value.get()) ||
            isa<IntLiteralExpr>(k.value.get()) || isa<FloatLiteralExpr>(k.value.get()) ||
            isa<NoneLiteralExpr>(k.value.get())))
        return false;
    if (listed)
      return writeOut(call.args[0], Consumer::List);
    if (decides && gen->inner.empty())
      return writeOut(e, callee->name == "any" ? Consumer::Any : Consumer::All);
    return false;
  }

  /// Writes the comprehension `e` (or the any/all call around it) out as
  /// loops in pre_ and replaces it by the hidden name of their result;
  /// false, with nothing changed, where that would not be exact.
  bool writeOut(ExprPtr &e, Consumer consumer) {
    auto &c = consumer == Consumer::List ? cast<ComprehensionExpr>(*e)
                                         : cast<ComprehensionExpr>(*cast<CallExpr>(*e).args[0]);
    if (!clean_ || !serial_)
      return false;
    std::vector<std::string> names;
    if (!targetNames(*c.target, names))
      return false;
    for (const ComprehensionClause &clause : c.inner)
      if (!targetNames(*clause.target, names) || holdsNamed(clause.iter.get()) ||
          holdsScope(clause.iter.get()))
        return false;
    if (holdsNamed(c.iter.get()) || holdsScope(c.element.get()))
      return false;
    for (const ExprPtr &x : c.conds)
      if (holdsScope(x.get()))
        return false;
    for (const ComprehensionClause &clause : c.inner)
      for (const ExprPtr &x : clause.conds)
        if (holdsScope(x.get()))
          return false;
    std::set<std::string> bound;
    namedTargets(*c.element, bound);
    for (ExprPtr &x : c.conds)
      namedTargets(*x, bound);
    for (ComprehensionClause &clause : c.inner)
      for (ExprPtr &x : clause.conds)
        namedTargets(*x, bound);
    for (const std::string &n : names)
      if (bound.count(n)) {
        diags_.error(c.loc(), "assignment expression cannot rebind comprehension iteration "
                              "variable '" +
                                  n + "'");
        return false;
      }
    // The loops run before the statement: nothing read earlier in it may
    // be a name they bind.
    for (const std::string &n : bound)
      if (readBefore_.count(n))
        return false;

    visit(c.iter); // evaluated first, in the function's scope (it holds no :=)
    int id = ++*serial_;
    std::map<std::string, std::string> hidden;
    for (const std::string &n : names)
      hidden[n] = "llcc.comp" + std::to_string(id) + "." + n;
    SourceLoc at = c.loc();
    renameIn(c.target, hidden);
    renameIn(c.element, hidden);
    for (ExprPtr &x : c.conds)
      renameIn(x, hidden);
    for (ComprehensionClause &clause : c.inner) {
      renameIn(clause.target, hidden);
      renameIn(clause.iter, hidden);
      for (ExprPtr &x : clause.conds)
        renameIn(x, hidden);
    }
    const std::string result = "llcc.comp" + std::to_string(id);
    auto name = [&](const std::string &n) { return std::make_unique<NameExpr>(at, n); };
    auto assign = [&](ExprPtr value) {
      std::vector<ExprPtr> targets;
      targets.push_back(name(result));
      return std::make_unique<AssignStmt>(at, std::move(targets), std::move(value));
    };
    // The innermost statement: deliver the item.
    Block body;
    if (consumer == Consumer::List) {
      std::vector<ExprPtr> args;
      args.push_back(std::move(c.element));
      body.push_back(std::make_unique<ExprStmt>(
          at, std::make_unique<CallExpr>(
                  at, std::make_unique<AttributeExpr>(at, name(result), "append"), std::move(args),
                  std::vector<KeywordArg>())));
    } else {
      bool any = consumer == Consumer::Any;
      Block decided;
      decided.push_back(assign(std::make_unique<BoolLiteralExpr>(at, any)));
      decided.push_back(std::make_unique<BreakStmt>(at));
      ExprPtr test = std::move(c.element);
      if (!any)
        test = std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, std::move(test));
      body.push_back(std::make_unique<IfStmt>(at, std::move(test), std::move(decided), Block()));
    }
    // Each condition guards the rest; `a and b` as two, so that a `:=` in
    // b is first in its own test (the same tests, in the same order).
    std::function<Block(ExprPtr, Block)> test = [&](ExprPtr cond, Block inner) {
      if (auto *b = dyn_cast<BinaryExpr>(cond.get()); b && b->op == BinaryOp::And) {
        Block rest = test(std::move(b->rhs), std::move(inner));
        return test(std::move(b->lhs), std::move(rest));
      }
      Block wrapped;
      wrapped.push_back(std::make_unique<IfStmt>(at, std::move(cond), std::move(inner), Block()));
      return wrapped;
    };
    auto guard = [&](std::vector<ExprPtr> &conds, Block inner) {
      for (size_t i = conds.size(); i-- > 0;)
        inner = test(std::move(conds[i]), std::move(inner));
      return inner;
    };
    for (size_t i = c.inner.size(); i-- > 0;) {
      ComprehensionClause &clause = c.inner[i];
      Block loop;
      loop.push_back(std::make_unique<ForStmt>(at, std::move(clause.target), std::move(clause.iter),
                                               guard(clause.conds, std::move(body)), Block()));
      body = std::move(loop);
    }
    if (consumer == Consumer::List)
      pre_.push_back(assign(std::make_unique<ListExpr>(at, std::vector<ExprPtr>())));
    else
      pre_.push_back(assign(std::make_unique<BoolLiteralExpr>(at, consumer == Consumer::All)));
    pre_.push_back(std::make_unique<ForStmt>(at, std::move(c.target), std::move(c.iter),
                                             guard(c.conds, std::move(body)), Block()));
    if (consumer == Consumer::List) { // a list of its own, as a comprehension makes
      std::vector<ExprPtr> args;
      args.push_back(name(result));
      e = std::make_unique<CallExpr>(at, name("list"), std::move(args), std::vector<KeywordArg>());
    } else {
      e = name(result);
    }
    hoisted_.insert(result);
    clean_ = false; // the statement's later parts ran after the loops before, too
    return true;
  }

  /// `len`, `np.sum`: reading a callee's name has no effect.
  static bool isCalleeName(const Expr &e) {
    if (isa<NameExpr>(&e))
      return true;
    if (auto *a = dyn_cast<AttributeExpr>(&e))
      return isCalleeName(*a->value);
    return false;
  }

  void refuse(ExprPtr &e, Refusal why) {
    auto &n = cast<NamedExpr>(*e);
    diags_.error(e->loc(), refusalMessage(why, cast<NameExpr>(*n.target).name));
    e = std::move(n.value);
  }

  DiagnosticEngine &diags_;
  const std::set<std::string> &params_;
  Block &pre_;
  const std::set<std::string> *shadowed_; ///< module functions and constants
  int *serial_;                           ///< numbers the hidden names
  bool clean_ = true;
  std::set<std::string> readBefore_, hoisted_;
};

/// True when `block` holds a `break` or `continue` of the loop around it
/// (not one of a loop nested in it).
bool breaksOut(const Block &block) {
  for (const StmtPtr &s : block) {
    if (isa<BreakStmt>(s.get()) || isa<ContinueStmt>(s.get()))
      return true;
    if (isa<ForStmt>(s.get()) || isa<WhileStmt>(s.get()))
      continue;
    bool found = false;
    forEachChildBlock(*s, [&](Block &b) { found = found || breaksOut(b); });
    if (found)
      return true;
  }
  return false;
}

class WalrusLowering {
public:
  WalrusLowering(DiagnosticEngine &diags, const std::set<std::string> &params,
                 const std::set<std::string> &shadowed, int &serial)
      : diags_(diags), params_(params), shadowed_(shadowed), serial_(serial) {}

  /// Rewrites every statement of `block`, inserting hoisted assignments.
  void block(Block &block) {
    Block out;
    for (StmtPtr &s : block) {
      Block pre;
      statement(s, pre);
      this->block(pre); // the loops a comprehension became hold := of their own
      for (StmtPtr &p : pre)
        out.push_back(std::move(p));
      if (s)
        out.push_back(std::move(s));
    }
    block = std::move(out);
  }

private:
  void statement(StmtPtr &s, Block &pre) {
    Hoister h(diags_, params_, pre, &shadowed_, &serial_);
    switch (s->kind()) {
    case Stmt::Kind::Expr: {
      auto &x = cast<ExprStmt>(*s);
      bool named = isa<NamedExpr>(x.value.get());
      h.visit(x.value);
      // `(n := f(x))` alone is the assignment: the name left is dropped.
      if (named && isa<NameExpr>(x.value.get()) && !pre.empty())
        s.reset();
      return;
    }
    case Stmt::Kind::Assign: {
      auto &a = cast<AssignStmt>(*s);
      h.visit(a.value);
      h.stop(); // the value is stored into the targets after that
      for (ExprPtr &t : a.targets)
        h.visit(t);
      return;
    }
    case Stmt::Kind::AugAssign: {
      auto &a = cast<AugAssignStmt>(*s);
      h.visit(a.target); // read before the value
      h.stop();
      h.visit(a.value);
      return;
    }
    case Stmt::Kind::Return:
      return h.visit(cast<ReturnStmt>(*s).value);
    case Stmt::Kind::Raise:
      return h.visit(cast<RaiseStmt>(*s).exception);
    case Stmt::Kind::Assert: {
      auto &a = cast<AssertStmt>(*s);
      h.visit(a.cond);
      h.stop(); // the message is evaluated only when the assertion fails
      h.visit(a.message);
      return;
    }
    case Stmt::Kind::If: {
      auto &i = cast<IfStmt>(*s);
      h.visit(i.cond);
      block(i.thenBody);
      block(i.elseBody);
      return;
    }
    case Stmt::Kind::For: {
      auto &f = cast<ForStmt>(*s);
      h.visit(f.iter);
      h.stop();
      h.refuseIn(f.target, Refusal::NotFirst);
      block(f.body);
      block(f.elseBody);
      return;
    }
    case Stmt::Kind::While:
      return whileStatement(s);
    case Stmt::Kind::Try: {
      auto &t = cast<TryStmt>(*s);
      for (ExceptClause &c : t.handlers)
        h.refuseIn(c.type, Refusal::NotFirst);
      forEachChildBlock(*s, [&](Block &b) { block(b); });
      return;
    }
    default:
      forEachChildBlock(*s, [&](Block &b) { block(b); });
      return;
    }
  }

  /// `while c: body else: rest` whose c binds names becomes
  /// `while True: <bindings>; if not c: rest; break` then the body, so
  /// that the bindings run before each test, as in CPython.
  void whileStatement(StmtPtr &s) {
    auto &w = cast<WhileStmt>(*s);
    block(w.body);
    block(w.elseBody);
    Block pre;
    Hoister h(diags_, params_, pre, &shadowed_, &serial_);
    h.visit(w.cond);
    if (pre.empty())
      return;
    block(pre); // the loops a comprehension in the test became
    if (breaksOut(w.elseBody)) {
      diags_.error(w.loc(),
                   "llcc does not support ':=' in the condition of a 'while' whose else block "
                   "has 'break' or 'continue'; assign the name before the loop and at the end "
                   "of its body");
      return;
    }
    SourceLoc at = w.cond->loc();
    Block exit = std::move(w.elseBody);
    exit.push_back(std::make_unique<BreakStmt>(at));
    Block body = std::move(pre);
    body.push_back(std::make_unique<IfStmt>(
        at, std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, std::move(w.cond)), std::move(exit),
        Block()));
    for (StmtPtr &b : w.body)
      body.push_back(std::move(b));
    s = std::make_unique<WhileStmt>(w.loc(), std::make_unique<BoolLiteralExpr>(at, true),
                                    std::move(body), Block());
  }

  DiagnosticEngine &diags_;
  const std::set<std::string> &params_;
  const std::set<std::string> &shadowed_;
  int &serial_;
};

} // namespace

void Sema::lowerAssignmentExpressions() {
  std::set<std::string> shadowed; // names that are not the builtins any, sum, ...
  for (auto &fn : module_.functions)
    shadowed.insert(fn->name);
  for (Constant &c : module_.constants)
    shadowed.insert(c.name);
  int serial = 0;
  for (auto &fn : module_.functions) {
    std::set<std::string> params;
    for (const Param &p : fn->params)
      params.insert(p.name);
    WalrusLowering(diags_, params, shadowed, serial).block(fn->body);
  }
  // Outside a function body nothing may bind a local.
  Block none;
  std::set<std::string> noParams;
  Hoister h(diags_, noParams, none);
  for (auto &fn : module_.functions)
    for (Param &p : fn->params)
      h.refuseIn(p.defaultValue, Refusal::ModuleLevel);
  for (Constant &c : module_.constants)
    h.refuseIn(c.value, Refusal::ModuleLevel);
  std::function<void(Block &)> refuseBlock = [&](Block &b) {
    for (StmtPtr &s : b) {
      if (auto *x = dyn_cast<ExprStmt>(s.get()))
        h.refuseIn(x->value, Refusal::ModuleLevel);
      else if (auto *a = dyn_cast<AssignStmt>(s.get()))
        h.refuseIn(a->value, Refusal::ModuleLevel);
      else if (auto *i = dyn_cast<IfStmt>(s.get()))
        h.refuseIn(i->cond, Refusal::ModuleLevel);
      else if (auto *w = dyn_cast<WhileStmt>(s.get()))
        h.refuseIn(w->cond, Refusal::ModuleLevel);
      forEachChildBlock(*s, [&](Block &inner) { refuseBlock(inner); });
    }
  };
  refuseBlock(module_.otherStatements);
}

} // namespace sema
} // namespace llcc
