//===- AstClone.cpp - Deep copies of the AST ---------------------------------===//
//
// One Cloner walks expressions and statements; see AstClone.h.
//
//===----------------------------------------------------------------------===//
#include "AstClone.h"

#include <llvm/Support/Casting.h>

namespace llcc {

using llvm::cast;

namespace {

/// A deep copy of an expression or a block, renaming the names in `rn`.
struct Cloner {
  const NameMap &rn;
  std::string nm(const std::string &n) const {
    auto it = rn.find(n);
    return it == rn.end() ? n : it->second;
  }
  std::vector<ExprPtr> list(const std::vector<ExprPtr> &xs) const {
    std::vector<ExprPtr> out;
    for (const ExprPtr &x : xs)
      out.push_back(expr(x.get()));
    return out;
  }
  ExprPtr expr(const Expr *e) const {
    if (!e)
      return nullptr;
    SourceLoc at = e->loc();
    switch (e->kind()) {
    case Expr::Kind::IntLiteral: {
      auto &i = cast<IntLiteralExpr>(*e);
      auto out = std::make_unique<IntLiteralExpr>(at, i.value, i.overflow);
      out->strKey = i.strKey;
      return out;
    }
    case Expr::Kind::FloatLiteral:
      return std::make_unique<FloatLiteralExpr>(at, cast<FloatLiteralExpr>(*e).value);
    case Expr::Kind::BoolLiteral:
      return std::make_unique<BoolLiteralExpr>(at, cast<BoolLiteralExpr>(*e).value);
    case Expr::Kind::NoneLiteral:
      return std::make_unique<NoneLiteralExpr>(at);
    case Expr::Kind::StringLiteral:
      return std::make_unique<StringLiteralExpr>(at, cast<StringLiteralExpr>(*e).value);
    case Expr::Kind::Name:
      return std::make_unique<NameExpr>(at, nm(cast<NameExpr>(*e).name));
    case Expr::Kind::Attribute: {
      auto &a = cast<AttributeExpr>(*e);
      return std::make_unique<AttributeExpr>(at, expr(a.value.get()), a.attr);
    }
    case Expr::Kind::Unary: {
      auto &u = cast<UnaryExpr>(*e);
      return std::make_unique<UnaryExpr>(at, u.op, expr(u.operand.get()));
    }
    case Expr::Kind::Binary: {
      auto &b = cast<BinaryExpr>(*e);
      auto out = std::make_unique<BinaryExpr>(at, b.op, expr(b.lhs.get()), expr(b.rhs.get()));
      out->truthTest = b.truthTest;
      return out;
    }
    case Expr::Kind::Compare: {
      auto &c = cast<CompareExpr>(*e);
      return std::make_unique<CompareExpr>(at, list(c.operands), c.ops);
    }
    case Expr::Kind::IfExp: {
      auto &i = cast<IfExpExpr>(*e);
      auto out = std::make_unique<IfExpExpr>(at, expr(i.cond.get()), expr(i.thenExpr.get()),
                                             expr(i.elseExpr.get()));
      out->eager = i.eager;
      return out;
    }
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(*e);
      std::vector<KeywordArg> kws;
      for (const KeywordArg &k : c.keywords)
        kws.push_back(KeywordArg{k.loc, k.name, expr(k.value.get())});
      auto out = std::make_unique<CallExpr>(at, expr(c.callee.get()), list(c.args), std::move(kws));
      out->starred = c.starred;
      return out;
    }
    case Expr::Kind::Subscript: {
      auto &s = cast<SubscriptExpr>(*e);
      return std::make_unique<SubscriptExpr>(at, expr(s.value.get()), expr(s.index.get()));
    }
    case Expr::Kind::Tuple:
      return std::make_unique<TupleExpr>(at, list(cast<TupleExpr>(*e).elements));
    case Expr::Kind::List:
      return std::make_unique<ListExpr>(at, list(cast<ListExpr>(*e).elements));
    case Expr::Kind::Slice: {
      auto &s = cast<SliceExpr>(*e);
      return std::make_unique<SliceExpr>(at, expr(s.start.get()), expr(s.stop.get()),
                                         expr(s.step.get()));
    }
    case Expr::Kind::FString: {
      auto &f = cast<FStringExpr>(*e);
      auto out = std::make_unique<FStringExpr>(at);
      out->texts = f.texts;
      out->percent = f.percent;
      for (const FStringField &x : f.fields) {
        FStringField y;
        y.value = expr(x.value.get());
        y.conversion = x.conversion;
        y.formatSpec = x.formatSpec;
        y.nestedSpec = expr(x.nestedSpec.get());
        y.printf = x.printf;
        out->fields.push_back(std::move(y));
      }
      return out;
    }
    case Expr::Kind::Comprehension: {
      auto &c = cast<ComprehensionExpr>(*e);
      auto out =
          std::make_unique<ComprehensionExpr>(at, expr(c.element.get()), expr(c.target.get()),
                                              expr(c.iter.get()), list(c.conds), c.generator);
      for (const ComprehensionClause &k : c.inner) {
        ComprehensionClause n;
        n.target = expr(k.target.get());
        n.iter = expr(k.iter.get());
        n.conds = list(k.conds);
        out->inner.push_back(std::move(n));
      }
      return out;
    }
    case Expr::Kind::Lambda: {
      auto &l = cast<LambdaExpr>(*e);
      std::vector<std::string> params;
      for (const std::string &p : l.params)
        params.push_back(nm(p));
      return std::make_unique<LambdaExpr>(at, std::move(params), expr(l.body.get()));
    }
    case Expr::Kind::Dict: {
      auto &d = cast<DictExpr>(*e);
      return std::make_unique<DictExpr>(at, list(d.keys), list(d.values));
    }
    case Expr::Kind::Set:
      return std::make_unique<SetExpr>(at, list(cast<SetExpr>(*e).elements));
    case Expr::Kind::Named: {
      auto &n = cast<NamedExpr>(*e);
      return std::make_unique<NamedExpr>(at, expr(n.target.get()), expr(n.value.get()));
    }
    }
    return nullptr;
  }
  Block block(const Block &b) const {
    Block out;
    for (const StmtPtr &s : b)
      out.push_back(stmt(*s));
    return out;
  }
  StmtPtr stmt(const Stmt &s) const {
    SourceLoc at = s.loc();
    switch (s.kind()) {
    case Stmt::Kind::Expr:
      return std::make_unique<ExprStmt>(at, expr(cast<ExprStmt>(s).value.get()));
    case Stmt::Kind::Assign: {
      auto &a = cast<AssignStmt>(s);
      return std::make_unique<AssignStmt>(at, list(a.targets), expr(a.value.get()));
    }
    case Stmt::Kind::AugAssign: {
      auto &a = cast<AugAssignStmt>(s);
      return std::make_unique<AugAssignStmt>(at, expr(a.target.get()), a.op, expr(a.value.get()));
    }
    case Stmt::Kind::If: {
      auto &i = cast<IfStmt>(s);
      return std::make_unique<IfStmt>(at, expr(i.cond.get()), block(i.thenBody), block(i.elseBody));
    }
    case Stmt::Kind::While: {
      auto &w = cast<WhileStmt>(s);
      return std::make_unique<WhileStmt>(at, expr(w.cond.get()), block(w.body), block(w.elseBody));
    }
    case Stmt::Kind::For: {
      auto &f = cast<ForStmt>(s);
      return std::make_unique<ForStmt>(at, expr(f.target.get()), expr(f.iter.get()), block(f.body),
                                       block(f.elseBody));
    }
    case Stmt::Kind::Break:
      return std::make_unique<BreakStmt>(at);
    case Stmt::Kind::Continue:
      return std::make_unique<ContinueStmt>(at);
    case Stmt::Kind::Pass:
      return std::make_unique<PassStmt>(at);
    case Stmt::Kind::Del:
      return std::make_unique<DelStmt>(at, list(cast<DelStmt>(s).targets));
    case Stmt::Kind::Return:
      return std::make_unique<ReturnStmt>(at, expr(cast<ReturnStmt>(s).value.get()));
    case Stmt::Kind::Raise:
      return std::make_unique<RaiseStmt>(at, expr(cast<RaiseStmt>(s).exception.get()));
    case Stmt::Kind::Assert: {
      auto &a = cast<AssertStmt>(s);
      return std::make_unique<AssertStmt>(at, expr(a.cond.get()), expr(a.message.get()));
    }
    case Stmt::Kind::Try: {
      auto &t = cast<TryStmt>(s);
      std::vector<ExceptClause> handlers;
      for (const ExceptClause &h : t.handlers) {
        ExceptClause c;
        c.loc = h.loc;
        c.type = expr(h.type.get());
        c.asName = h.asName.empty() ? h.asName : nm(h.asName);
        c.body = block(h.body);
        handlers.push_back(std::move(c));
      }
      return std::make_unique<TryStmt>(at, block(t.body), std::move(handlers), block(t.elseBody),
                                       block(t.finallyBody), t.finallyLoc);
    }
    case Stmt::Kind::Unsupported:
      return std::make_unique<UnsupportedStmt>(at, cast<UnsupportedStmt>(s).what);
    }
    return nullptr;
  }
};

} // namespace

ExprPtr cloneExpr(const Expr *e, const NameMap &rename) { return Cloner{rename}.expr(e); }
std::vector<ExprPtr> cloneExprs(const std::vector<ExprPtr> &xs, const NameMap &rename) {
  return Cloner{rename}.list(xs);
}
StmtPtr cloneStmt(const Stmt &s, const NameMap &rename) { return Cloner{rename}.stmt(s); }
Block cloneBlock(const Block &b, const NameMap &rename) { return Cloner{rename}.block(b); }

} // namespace llcc
