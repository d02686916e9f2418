//===- SemaClosures.cpp - Nested defs, lambdas' captures ------------------===//
//
// Functions as values, locally: a nested `def` is found by its local name
// in the enclosing scopes (nestedFunction), the names a nested def or
// lambda reads from its enclosing function are collected as captures
// (collectCaptures), and a call of such a function gets the captured
// values as hidden trailing arguments (bindCaptures). Closures never
// escape the function that makes them, so a capture is a plain value
// passed at each call, never a cell.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include <algorithm>
#include <set>
namespace llcc {
namespace sema {

//===----------------------------------------------------------------------===//
// Nested defs
//===----------------------------------------------------------------------===//

FunctionDef *Sema::nestedFunction(FunctionDef *scope, const std::string &name) {
  for (FunctionDef *f = scope; f; f = f->outer)
    for (auto &g : module_.functions)
      if (g->outer == f && g->localName == name)
        return g.get();
  return nullptr;
}

namespace {
/// The names an expression or block reads, and the names its lambdas and
/// comprehensions bind (which are theirs, not captures).
struct NameUse {
  std::vector<std::pair<std::string, SourceLoc>> reads;
  std::set<std::string> bound;

  /// A comprehension's target: a name or a (nested) tuple of names.
  void bind(const Expr *target) {
    if (auto *t = dyn_cast<NameExpr>(target))
      bound.insert(t->name);
    else if (auto *tuple = dyn_cast<TupleExpr>(target))
      for (auto &el : tuple->elements)
        bind(el.get());
  }

  void expr(const Expr *e) {
    if (!e)
      return;
    switch (e->kind()) {
    case Expr::Kind::Name: {
      auto *n = cast<NameExpr>(e);
      reads.emplace_back(n->name, n->loc());
      return;
    }
    case Expr::Kind::Attribute:
      return expr(cast<AttributeExpr>(e)->value.get());
    case Expr::Kind::Unary:
      return expr(cast<UnaryExpr>(e)->operand.get());
    case Expr::Kind::Binary:
      expr(cast<BinaryExpr>(e)->lhs.get());
      return expr(cast<BinaryExpr>(e)->rhs.get());
    case Expr::Kind::Compare:
      for (auto &o : cast<CompareExpr>(e)->operands)
        expr(o.get());
      return;
    case Expr::Kind::IfExp:
      expr(cast<IfExpExpr>(e)->cond.get());
      expr(cast<IfExpExpr>(e)->thenExpr.get());
      return expr(cast<IfExpExpr>(e)->elseExpr.get());
    case Expr::Kind::Call: {
      auto *c = cast<CallExpr>(e);
      expr(c->callee.get());
      for (auto &a : c->args)
        expr(a.get());
      for (auto &k : c->keywords)
        expr(k.value.get());
      return;
    }
    case Expr::Kind::Subscript:
      expr(cast<SubscriptExpr>(e)->value.get());
      return expr(cast<SubscriptExpr>(e)->index.get());
    case Expr::Kind::Tuple:
      for (auto &x : cast<TupleExpr>(e)->elements)
        expr(x.get());
      return;
    case Expr::Kind::List:
      for (auto &x : cast<ListExpr>(e)->elements)
        expr(x.get());
      return;
    case Expr::Kind::Slice:
      expr(cast<SliceExpr>(e)->start.get());
      expr(cast<SliceExpr>(e)->stop.get());
      return expr(cast<SliceExpr>(e)->step.get());
    case Expr::Kind::Comprehension: {
      auto *c = cast<ComprehensionExpr>(e);
      bind(c->target.get());
      for (const ComprehensionClause &clause : c->inner)
        bind(clause.target.get());
      break;
    }
    case Expr::Kind::Lambda:
      for (const std::string &p : cast<LambdaExpr>(e)->params)
        bound.insert(p);
      break;
    default:
      break;
    }
    forEachContainerChild(*const_cast<Expr *>(e), [&](Expr *child) { expr(child); });
  }

  void block(const Block &b) {
    for (const auto &s : b) {
      switch (s->kind()) {
      case Stmt::Kind::Expr:
        expr(cast<ExprStmt>(s.get())->value.get());
        break;
      case Stmt::Kind::Assign:
        for (auto &t : cast<AssignStmt>(s.get())->targets)
          if (!isa<NameExpr>(t.get()))
            expr(t.get());
        expr(cast<AssignStmt>(s.get())->value.get());
        break;
      case Stmt::Kind::AugAssign:
        expr(cast<AugAssignStmt>(s.get())->target.get());
        expr(cast<AugAssignStmt>(s.get())->value.get());
        break;
      case Stmt::Kind::If:
        expr(cast<IfStmt>(s.get())->cond.get());
        block(cast<IfStmt>(s.get())->thenBody);
        block(cast<IfStmt>(s.get())->elseBody);
        break;
      case Stmt::Kind::While:
        expr(cast<WhileStmt>(s.get())->cond.get());
        block(cast<WhileStmt>(s.get())->body);
        block(cast<WhileStmt>(s.get())->elseBody);
        break;
      case Stmt::Kind::For:
        expr(cast<ForStmt>(s.get())->iter.get());
        block(cast<ForStmt>(s.get())->body);
        block(cast<ForStmt>(s.get())->elseBody);
        break;
      case Stmt::Kind::Return:
        expr(cast<ReturnStmt>(s.get())->value.get());
        break;
      default:
        break;
      }
    }
  }
};
} // namespace

void Sema::collectCaptures() {
  // Outer functions first, so that a def nested two deep sees the
  // captures of the one around it as that one's parameters.
  std::vector<FunctionDef *> order;
  for (auto &fn : module_.functions)
    if (fn->outer)
      order.push_back(fn.get());
  auto depth = [](FunctionDef *f) {
    unsigned d = 0;
    for (; f->outer; f = f->outer)
      ++d;
    return d;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](FunctionDef *a, FunctionDef *b) { return depth(a) < depth(b); });
  auto isLocal = [](const FunctionDef &f, const std::string &name) {
    for (const LocalVar &v : f.locals)
      if (v.name == name && !v.hidden)
        return true;
    return false;
  };
  // Calling another nested def reads what it captures, so captures spread
  // to callers until nothing changes.
  bool changed = true;
  for (unsigned round = 0; changed && round < 16; ++round) {
  changed = false;
  for (FunctionDef *fn : order) {
    NameUse use;
    use.block(fn->body);
    for (Param &p : fn->params)
      use.expr(p.defaultValue.get());
    std::vector<std::pair<std::string, SourceLoc>> reads = use.reads;
    for (auto &[name, loc] : use.reads)
      if (FunctionDef *g = nestedFunction(fn, name); g && g != fn && !isLocal(*fn, name))
        for (const std::string &c : g->captures)
          reads.emplace_back(c, loc);
    for (auto &[name, loc] : reads) {
      if (isLocal(*fn, name) || use.bound.count(name) || nestedFunction(fn, name))
        continue;
      if (!isLocal(*fn->outer, name))
        continue; // a module name, resolved as usual
      changed = true;
      fn->captures.push_back(name);
      fn->params.push_back(Param{loc, name, nullptr, {}});
      LocalVar v;
      v.name = name;
      v.firstLoc = loc;
      v.isParam = true;
      fn->locals.push_back(v);
    }
  }
  }
}

unsigned declaredParams(const FunctionDef &fn) {
  return static_cast<unsigned>(fn.params.size() - fn.captures.size());
}

void Sema::bindCaptures(CallExpr *call, SourceLoc loc, FunctionDef &target) {
  unsigned first = declaredParams(target);
  for (size_t i = 0; i < target.captures.size(); ++i) {
    const std::string &name = target.captures[i];
    auto it = locals_.find(name);
    if (it == locals_.end() || fn_->locals[it->second].hidden) {
      error(loc, "'" + target.localName + "' reads '" + name + "' of '" + target.outer->name +
                     "', so it can only be called inside '" + target.outer->name + "'");
      continue;
    }
    LocalVar &from = fn_->locals[it->second];
    LocalVar &param = target.locals[first + i];
    if (!compatible(param.type, from.type)) {
      error(loc, "'" + name + "' has different types where '" + target.localName +
                     "' is called");
      continue;
    }
    Type j = join(param.type, from.type);
    if (j != param.type) {
      param.type = j;
      changed_ = true;
    }
    if (!sameShape(param.shape, from.shape) && from.shape) {
      param.shape = from.shape;
      changed_ = true;
    }
    markNumpy(param.mayBeNumpy, from.mayBeNumpy);
    if (isArray(from.type) && from.readonlyArray && !param.readonlyArray) {
      param.readonlyArray = true;
      changed_ = true;
    }
  }
  (void)call;
}

} // namespace sema
} // namespace llcc
