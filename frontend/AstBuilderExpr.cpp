//===- AstBuilderExpr.cpp - Expressions of the parse tree to AST ----------===//
//
// The expression half of the AstBuilder: every expression rule of
// grammar/LlccParser.g4 becomes an Expr. Operator loops (`a (op a)*`) fold
// left to right into BinaryExpr chains; `**` and the prefix operators nest to
// the right. Number and string literals are decoded here. Constructs that
// are valid Python but not llcc are recorded (AstBuilder::unsupported) so
// that the enclosing statement becomes an UnsupportedStmt.
//
// The builder only sees parse trees without syntax errors (AstBuilder.cpp
// skips statements that had one), so every child the grammar requires is
// present.
//
//===----------------------------------------------------------------------===//
#include "AstBuilderImpl.h"
#include "AstClone.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <optional>

namespace llcc {

using antlr4::ParserRuleContext;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

namespace {

ParserRuleContext *asRule(ParseTree *tree) {
  auto *rule = dynamic_cast<ParserRuleContext *>(tree);
  internalCheck(rule != nullptr, "AstBuilder: expected a rule in the parse tree");
  return rule;
}

TerminalNode *asTerminal(ParseTree *tree) {
  auto *node = dynamic_cast<TerminalNode *>(tree);
  internalCheck(node != nullptr, "AstBuilder: expected a token in the parse tree");
  return node;
}

int tokenType(ParseTree *tree) {
  return static_cast<int>(asTerminal(tree)->getSymbol()->getType());
}

BinaryOp binaryOpOf(int type) {
  switch (type) {
  case P::OR:
    return BinaryOp::Or;
  case P::AND:
    return BinaryOp::And;
  case P::OR_OP:
    return BinaryOp::BitOr;
  case P::XOR:
    return BinaryOp::BitXor;
  case P::AND_OP:
    return BinaryOp::BitAnd;
  case P::LEFT_SHIFT:
    return BinaryOp::LShift;
  case P::RIGHT_SHIFT:
    return BinaryOp::RShift;
  case P::ADD:
    return BinaryOp::Add;
  case P::MINUS:
    return BinaryOp::Sub;
  case P::STAR:
    return BinaryOp::Mul;
  case P::AT:
    return BinaryOp::MatMul;
  case P::DIV:
    return BinaryOp::Div;
  case P::MOD:
    return BinaryOp::Mod;
  case P::IDIV:
    return BinaryOp::FloorDiv;
  }
  throw InternalError("AstBuilder: unknown binary operator token");
}

CompareOp compareOpOf(P::Comp_opContext *ctx) {
  int first = tokenType(ctx->children[0]);
  bool two = ctx->children.size() == 2;
  switch (first) {
  case P::LT:
    return CompareOp::Lt;
  case P::GT:
    return CompareOp::Gt;
  case P::EQ:
    return CompareOp::Eq;
  case P::GE:
    return CompareOp::Ge;
  case P::LE:
    return CompareOp::Le;
  case P::NE:
    return CompareOp::Ne;
  case P::IN:
    return CompareOp::In;
  case P::NOT:
    return CompareOp::NotIn;
  case P::IS:
    return two ? CompareOp::IsNot : CompareOp::Is;
  }
  throw InternalError("AstBuilder: unknown comparison operator token");
}

} // namespace

namespace {

/// What CPython calls a target that `:=` cannot bind ("cannot use
/// assignment expressions with subscript").
const char *namedTargetWhat(const Expr &e) {
  static const struct {
    Expr::Kind kind;
    const char *what;
  } table[] = {
      {Expr::Kind::Subscript, "subscript"},   {Expr::Kind::Attribute, "attribute"},
      {Expr::Kind::Tuple, "tuple"},           {Expr::Kind::List, "list"},
      {Expr::Kind::Call, "function call"},    {Expr::Kind::Compare, "comparison"},
      {Expr::Kind::IntLiteral, "literal"},    {Expr::Kind::FloatLiteral, "literal"},
      {Expr::Kind::StringLiteral, "literal"}, {Expr::Kind::BoolLiteral, "True"},
      {Expr::Kind::NoneLiteral, "None"},      {Expr::Kind::IfExp, "conditional expression"},
  };
  for (const auto &row : table)
    if (row.kind == e.kind())
      return row.what;
  return "expression";
}

} // namespace

namespace {

/// The names of an unpacking target `A, B` or `[A, B]`, or null.
std::vector<ExprPtr> *displayTargets(Expr &e) {
  if (e.kind() == Expr::Kind::Tuple)
    return &static_cast<TupleExpr &>(e).elements;
  if (e.kind() == Expr::Kind::List)
    return &static_cast<ListExpr &>(e).elements;
  return nullptr;
}

} // namespace

void addModuleStatement(Module &module, StmtPtr built, bool &first) {
  bool docstring = built->kind() == Stmt::Kind::Expr &&
                   static_cast<const ExprStmt &>(*built).value->kind() ==
                       Expr::Kind::StringLiteral;
  if (first && docstring)
    return;
  first = false;
  if (built->kind() == Stmt::Kind::Assign) {
    auto &assign = static_cast<AssignStmt &>(*built);
    if (assign.targets.size() == 1 && assign.targets[0]->kind() == Expr::Kind::Name) {
      auto &name = static_cast<NameExpr &>(*assign.targets[0]);
      module.constants.push_back(Constant{name.loc(), name.name, std::move(assign.value)});
      return;
    }
    // `A, B = value`: a constant per name, which Sema makes of the value.
    std::vector<ExprPtr> *items =
        assign.targets.size() == 1 ? displayTargets(*assign.targets[0]) : nullptr;
    if (items && !items->empty() && std::all_of(items->begin(), items->end(), [](const ExprPtr &t) {
          return t->kind() == Expr::Kind::Name;
        })) {
      Constant c{assign.targets[0]->loc(), "", std::move(assign.value)};
      for (const ExprPtr &t : *items)
        c.targets.emplace_back(static_cast<NameExpr &>(*t).name, t->loc());
      module.constants.push_back(std::move(c));
      return;
    }
  }
  if (built->kind() == Stmt::Kind::AugAssign) {
    // `G /= e` rebinds G to `G / e`, numpy's in-place rules checked by Sema.
    auto &aug = static_cast<AugAssignStmt &>(*built);
    if (aug.target->kind() == Expr::Kind::Name) {
      auto &name = static_cast<NameExpr &>(*aug.target);
      SourceLoc at = aug.loc();
      auto value = std::make_unique<BinaryExpr>(
          at, aug.op, std::make_unique<NameExpr>(name.loc(), name.name), std::move(aug.value));
      Constant c{name.loc(), name.name, std::move(value)};
      c.inPlace = true;
      module.constants.push_back(std::move(c));
      return;
    }
  }
  // `K[0, :] = 0` and `K[W < 0.1] *= 2` of a constant K: K rebound to the
  // hidden call `llcc.setitem(K[index], value)`, which the constant folder
  // computes as numpy stores into K (numpy's in-place rules checked by Sema).
  auto ofName = [](const Expr &t) {
    return t.kind() == Expr::Kind::Subscript &&
           static_cast<const SubscriptExpr &>(t).value->kind() == Expr::Kind::Name;
  };
  Expr *stored = nullptr;
  ExprPtr storedValue;
  const char *store = "llcc.setitem";
  if (built->kind() == Stmt::Kind::Assign) {
    auto &assign = static_cast<AssignStmt &>(*built);
    if (assign.targets.size() == 1 && ofName(*assign.targets[0])) {
      stored = assign.targets[0].get();
      storedValue = std::move(assign.value);
    }
  } else if (built->kind() == Stmt::Kind::AugAssign) {
    auto &aug = static_cast<AugAssignStmt &>(*built);
    if (ofName(*aug.target)) {
      stored = aug.target.get();
      store = "llcc.setitem.aug"; // numpy's in-place casting rule applies
      storedValue =
          std::make_unique<BinaryExpr>(aug.loc(), aug.op, cloneExpr(stored), std::move(aug.value));
    }
  }
  if (stored) {
    auto &name = static_cast<NameExpr &>(*static_cast<SubscriptExpr &>(*stored).value);
    SourceLoc at = built->loc();
    std::vector<ExprPtr> args;
    args.push_back(cloneExpr(stored));
    args.push_back(std::move(storedValue));
    auto value = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, store),
                                            std::move(args), std::vector<KeywordArg>{});
    Constant c{at, name.name, std::move(value)};
    c.inPlace = true;
    module.constants.push_back(std::move(c));
    return;
  }
  module.otherStatements.push_back(std::move(built));
}

namespace {

/// An int literal, negated or not: a bound of a module-level range().
std::optional<int64_t> literalInt(const Expr &e) {
  if (e.kind() == Expr::Kind::IntLiteral) {
    auto &x = static_cast<const IntLiteralExpr &>(e);
    return x.overflow ? std::nullopt : std::optional<int64_t>(x.value);
  }
  if (e.kind() == Expr::Kind::Unary) {
    auto &u = static_cast<const UnaryExpr &>(e);
    auto v = u.op == UnaryExpr::Op::Neg ? literalInt(*u.operand) : std::nullopt;
    return v && *v != std::numeric_limits<int64_t>::min() ? std::optional<int64_t>(-*v)
                                                          : std::nullopt;
  }
  return std::nullopt;
}

/// The values of `for NAME in range(...)` with int literal bounds.
std::optional<std::vector<int64_t>> rangeValues(const ForStmt &f) {
  if (f.target->kind() != Expr::Kind::Name || !f.elseBody.empty() ||
      f.iter->kind() != Expr::Kind::Call)
    return std::nullopt;
  auto &c = static_cast<const CallExpr &>(*f.iter);
  if (c.callee->kind() != Expr::Kind::Name ||
      static_cast<const NameExpr &>(*c.callee).name != "range" || c.args.empty() ||
      c.args.size() > 3 || !c.keywords.empty())
    return std::nullopt;
  std::vector<int64_t> bounds;
  for (const ExprPtr &a : c.args) {
    auto v = literalInt(*a);
    if (!v || std::llabs(*v) > (int64_t{1} << 40))
      return std::nullopt;
    bounds.push_back(*v);
  }
  int64_t start = bounds.size() > 1 ? bounds[0] : 0;
  int64_t stop = bounds.size() > 1 ? bounds[1] : bounds[0];
  int64_t step = bounds.size() > 2 ? bounds[2] : 1;
  if (step == 0)
    return std::nullopt; // CPython's ValueError, reported as a statement
  std::vector<int64_t> out;
  for (int64_t v = start; step > 0 ? v < stop : v > stop; v += step) {
    if (out.size() >= 4096)
      return std::nullopt;
    out.push_back(v);
  }
  return out;
}

/// The statements unrolling `body` makes, or nothing when it holds
/// anything but assignments to names and stores into names, `pass` and
/// such loops.
std::optional<size_t> unrolledSize(const Block &body, int depth) {
  if (depth > 8)
    return std::nullopt;
  size_t n = 0;
  for (const StmtPtr &s : body) {
    const Expr *target = nullptr;
    if (s->kind() == Stmt::Kind::Assign) {
      auto &a = static_cast<const AssignStmt &>(*s);
      if (a.targets.size() != 1)
        return std::nullopt;
      target = a.targets[0].get();
    } else if (s->kind() == Stmt::Kind::AugAssign) {
      target = static_cast<const AugAssignStmt &>(*s).target.get();
    } else if (s->kind() == Stmt::Kind::Pass) {
      continue;
    } else if (s->kind() == Stmt::Kind::For) {
      auto &f = static_cast<const ForStmt &>(*s);
      auto values = rangeValues(f);
      auto inner = values ? unrolledSize(f.body, depth + 1) : std::nullopt;
      if (!inner)
        return std::nullopt;
      n += values->size() * (*inner + 1);
      continue;
    } else {
      return std::nullopt;
    }
    if (target->kind() == Expr::Kind::Subscript)
      target = static_cast<const SubscriptExpr &>(*target).value.get();
    if (target->kind() != Expr::Kind::Name)
      return std::nullopt;
    ++n;
  }
  return n;
}

void unroll(Module &module, const ForStmt &f) {
  const std::string &name = static_cast<const NameExpr &>(*f.target).name;
  std::optional<std::vector<int64_t>> values = rangeValues(f);
  for (int64_t v : *values) {
    module.constants.push_back(
        Constant{f.target->loc(), name, std::make_unique<IntLiteralExpr>(f.target->loc(), v)});
    for (const StmtPtr &s : f.body) {
      if (s->kind() == Stmt::Kind::For) {
        unroll(module, static_cast<const ForStmt &>(*s));
        continue;
      }
      bool first = false;
      if (s->kind() != Stmt::Kind::Pass)
        addModuleStatement(module, cloneStmt(*s), first);
    }
  }
}

} // namespace

void addModuleCompound(Module &module, StmtPtr built) {
  if (built && built->kind() == Stmt::Kind::For) {
    auto &f = static_cast<const ForStmt &>(*built);
    auto values = rangeValues(f);
    auto size = values ? unrolledSize(f.body, 0) : std::nullopt;
    if (size && values->size() * (*size + 1) <= 4096) {
      unroll(module, f);
      return;
    }
  }
  if (built)
    module.otherStatements.push_back(std::move(built));
}

unsigned exprDepth(const Expr *root) {
  unsigned maxDepth = 0;
  std::vector<std::pair<Expr *, unsigned>> stack;
  stack.emplace_back(const_cast<Expr *>(root), 1);
  while (!stack.empty()) {
    auto [e, depth] = stack.back();
    stack.pop_back();
    if (!e)
      continue;
    maxDepth = std::max(maxDepth, depth);
    forEachChildExpr(*e,
                     [&, d = depth](ExprPtr &child) { stack.emplace_back(child.get(), d + 1); });
  }
  return maxDepth;
}

void destroyExpr(ExprPtr e) {
  std::vector<ExprPtr> work;
  work.push_back(std::move(e));
  while (!work.empty()) {
    ExprPtr cur = std::move(work.back());
    work.pop_back();
    if (cur)
      forEachChildExpr(*cur, [&](ExprPtr &child) { work.push_back(std::move(child)); });
  }
}

SourceLoc AstBuilder::locOf(antlr4::Token *tok) {
  return SourceLoc{static_cast<uint32_t>(tok->getLine()),
                   static_cast<uint32_t>(tok->getCharPositionInLine() + 1)};
}

ExprPtr AstBuilder::unsupported(SourceLoc loc, const std::string &what) {
  if (unsupportedWhat_.empty()) {
    unsupportedWhat_ = what;
    unsupportedLoc_ = loc;
  }
  return std::make_unique<NoneLiteralExpr>(loc);
}

ExprPtr AstBuilder::topLevelExpr(ParserRuleContext *ctx) {
  ExprPtr e = buildExpr(ctx);
  if (exprDepth(e.get()) <= MaxTreeDepth)
    return e;
  SourceLoc loc = locOf(ctx);
  diags_.error(loc, "expression is too deeply nested (more than " + std::to_string(MaxTreeDepth) +
                        " levels)");
  destroyExpr(std::move(e));
  return std::make_unique<NoneLiteralExpr>(loc);
}

ExprPtr AstBuilder::buildDetachedExpr(ParserRuleContext *ctx) {
  std::string savedWhat = std::move(unsupportedWhat_);
  SourceLoc savedLoc = unsupportedLoc_;
  unsupportedWhat_.clear();
  ExprPtr e = topLevelExpr(ctx);
  if (!unsupportedWhat_.empty()) {
    // Worded as Sema words UnsupportedStmt: a single keyword is quoted.
    bool keyword = unsupportedWhat_.find(' ') == std::string::npos;
    diags_.error(unsupportedLoc_, (keyword ? "'" + unsupportedWhat_ + "'" : unsupportedWhat_) +
                                      " is not supported in llcc filters");
  }
  unsupportedWhat_ = std::move(savedWhat);
  unsupportedLoc_ = savedLoc;
  return e;
}

ExprPtr AstBuilder::buildExpr(ParserRuleContext *ctx) {
  switch (ctx->getRuleIndex()) {
  // namedexpr_test : test (WALRUS test)?
  case P::RuleNamedexpr_test: {
    auto *c = static_cast<P::Namedexpr_testContext *>(ctx);
    if (!c->WALRUS())
      return buildExpr(c->test(0));
    // CPython allows only a name before `:=` ("cannot use assignment
    // expressions with subscript").
    ExprPtr target = buildExpr(c->test(0));
    if (target->kind() != Expr::Kind::Name) {
      diags_.error(target->loc(), "cannot use assignment expressions with " +
                                      std::string(namedTargetWhat(*target)));
      return target;
    }
    return std::make_unique<NamedExpr>(locOf(c), std::move(target), buildExpr(c->test(1)));
  }
  case P::RuleTest:
    return buildTest(static_cast<P::TestContext *>(ctx));
  case P::RuleLambdef:
    return buildLambda(static_cast<P::LambdefContext *>(ctx));
  case P::RuleOr_test:
  case P::RuleAnd_test:
  case P::RuleExpr:
  case P::RuleXor_expr:
  case P::RuleAnd_expr:
  case P::RuleShift_expr:
  case P::RuleArith_expr:
  case P::RuleTerm:
    return buildBinaryChain(ctx);
  case P::RuleNot_test:
    return buildNotTest(static_cast<P::Not_testContext *>(ctx));
  case P::RuleComparison:
    return buildComparison(static_cast<P::ComparisonContext *>(ctx));
  case P::RuleStar_expr:
    if (starTargets_) {
      auto *star = static_cast<P::Star_exprContext *>(ctx);
      std::vector<ExprPtr> args;
      args.push_back(buildExpr(star->expr()));
      return std::make_unique<CallExpr>(locOf(ctx), std::make_unique<NameExpr>(locOf(ctx), StarredTargetName),
                                        std::move(args), std::vector<KeywordArg>{});
    }
    return unsupported(locOf(ctx), "starred expression");
  case P::RuleFactor:
    return buildFactor(static_cast<P::FactorContext *>(ctx));
  case P::RulePower:
    return buildPower(static_cast<P::PowerContext *>(ctx));
  case P::RuleAtom_expr:
    return buildAtomExpr(static_cast<P::Atom_exprContext *>(ctx));
  case P::RuleAtom:
    return buildAtom(static_cast<P::AtomContext *>(ctx));
  case P::RuleTestlist:
  case P::RuleExprlist:
  case P::RuleTestlist_star_expr:
    return buildList(ctx, locOf(ctx));
  case P::RuleYield_expr:
    return unsupported(locOf(ctx), "yield as a value (`x = yield e`, send)");
  }
  throw InternalError("AstBuilder: unexpected expression rule");
}

// test : or_test (IF or_test ELSE test)? | lambdef
ExprPtr AstBuilder::buildTest(P::TestContext *ctx) {
  if (ctx->lambdef())
    return buildLambda(ctx->lambdef());
  if (!ctx->IF())
    return buildExpr(ctx->or_test(0));
  ExprPtr thenExpr = buildExpr(ctx->or_test(0));
  ExprPtr cond = buildExpr(ctx->or_test(1));
  ExprPtr elseExpr = buildExpr(ctx->test());
  return std::make_unique<IfExpExpr>(locOf(ctx), std::move(cond), std::move(thenExpr),
                                     std::move(elseExpr));
}

// or_test : and_test (OR and_test)*, and the other `operand (op operand)*`
// rules down to term : factor ((STAR | AT | DIV | MOD | IDIV) factor)*
ExprPtr AstBuilder::buildBinaryChain(ParserRuleContext *ctx) {
  const auto &kids = ctx->children;
  ExprPtr lhs = buildExpr(asRule(kids[0]));
  for (size_t i = 1; i + 1 < kids.size(); i += 2) {
    TerminalNode *op = asTerminal(kids[i]);
    ExprPtr rhs = buildExpr(asRule(kids[i + 1]));
    lhs = std::make_unique<BinaryExpr>(locOf(op), binaryOpOf(tokenType(op)), std::move(lhs),
                                       std::move(rhs));
  }
  return lhs;
}

// not_test : NOT not_test | comparison
ExprPtr AstBuilder::buildNotTest(P::Not_testContext *ctx) {
  if (!ctx->NOT())
    return buildExpr(ctx->comparison());
  return std::make_unique<UnaryExpr>(locOf(ctx), UnaryExpr::Op::Not, buildExpr(ctx->not_test()));
}

// comparison : expr (comp_op expr)*
ExprPtr AstBuilder::buildComparison(P::ComparisonContext *ctx) {
  std::vector<P::ExprContext *> operands = ctx->expr();
  if (operands.size() == 1)
    return buildExpr(operands[0]);
  std::vector<ExprPtr> built;
  std::vector<CompareOp> ops;
  for (P::ExprContext *operand : operands)
    built.push_back(buildExpr(operand));
  for (P::Comp_opContext *op : ctx->comp_op())
    ops.push_back(compareOpOf(op));
  return std::make_unique<CompareExpr>(locOf(ctx->comp_op(0)), std::move(built), std::move(ops));
}

// factor : (ADD | MINUS | NOT_OP) factor | power
ExprPtr AstBuilder::buildFactor(P::FactorContext *ctx) {
  if (!ctx->factor())
    return buildExpr(ctx->power());
  SourceLoc loc = locOf(ctx);
  int type = tokenType(ctx->children[0]);
  UnaryExpr::Op op = type == P::MINUS ? UnaryExpr::Op::Neg
                     : type == P::ADD ? UnaryExpr::Op::Pos
                                      : UnaryExpr::Op::Invert;
  ExprPtr operand = buildExpr(ctx->factor());
  // -9223372036854775808 is an int64 even though its digits are not.
  if (op == UnaryExpr::Op::Neg && operand->kind() == Expr::Kind::IntLiteral) {
    auto &lit = static_cast<IntLiteralExpr &>(*operand);
    if (lit.overflow && lit.value == std::numeric_limits<int64_t>::min())
      return std::make_unique<IntLiteralExpr>(loc, lit.value, false);
  }
  return std::make_unique<UnaryExpr>(loc, op, std::move(operand));
}

// power : atom_expr (POWER factor)?
ExprPtr AstBuilder::buildPower(P::PowerContext *ctx) {
  ExprPtr base = buildExpr(ctx->atom_expr());
  if (!ctx->POWER())
    return base;
  return std::make_unique<BinaryExpr>(locOf(ctx->POWER()), BinaryOp::Pow, std::move(base),
                                      buildExpr(ctx->factor()));
}

// atom_expr : AWAIT? atom trailer*
// trailer : OPEN_PAREN arglist? CLOSE_PAREN | OPEN_BRACK subscriptlist
//           CLOSE_BRACK | DOT NAME
ExprPtr AstBuilder::buildAtomExpr(P::Atom_exprContext *ctx) {
  if (ctx->AWAIT())
    return unsupported(locOf(ctx), "await");
  SourceLoc start = locOf(ctx);
  ExprPtr e = buildExpr(ctx->atom());
  for (P::TrailerContext *t : ctx->trailer()) {
    if (auto *call = dynamic_cast<P::CallTrailerContext *>(t))
      e = buildCall(std::move(e), start, call->arglist());
    else if (auto *sub = dynamic_cast<P::SubscriptTrailerContext *>(t))
      e = std::make_unique<SubscriptExpr>(start, std::move(e),
                                          buildSubscripts(sub->subscriptlist()));
    else
      e = std::make_unique<AttributeExpr>(
          start, std::move(e), static_cast<P::AttributeTrailerContext *>(t)->NAME()->getText());
  }
  return e;
}

// arglist : argument (COMMA argument)* COMMA?
// argument : namedexpr_test comp_for? | NAME ASSIGN test | POWER test | STAR test
ExprPtr AstBuilder::buildCall(ExprPtr callee, SourceLoc loc, P::ArglistContext *arglist) {
  std::vector<ExprPtr> args;
  std::vector<KeywordArg> keywords;
  // `f(*x)`, x the only positional argument: a starred call for Sema.
  if (arglist && !arglist->argument().empty()) {
    std::vector<P::ArgumentContext *> all = arglist->argument();
    if (auto *star = dynamic_cast<P::StarArgContext *>(all[0])) {
      bool onlyKeywords = true;
      for (size_t i = 1; i < all.size(); ++i)
        onlyKeywords = onlyKeywords && dynamic_cast<P::KeywordArgContext *>(all[i]);
      if (onlyKeywords) {
        args.push_back(buildExpr(star->test()));
        for (size_t i = 1; i < all.size(); ++i) {
          auto *kw = static_cast<P::KeywordArgContext *>(all[i]);
          std::string name = kw->NAME()->getText();
          for (const KeywordArg &k : keywords)
            if (k.name == name)
              diags_.error(locOf(kw), "keyword argument repeated: " + name);
          keywords.push_back(KeywordArg{locOf(kw), name, buildExpr(kw->test())});
        }
        auto call = std::make_unique<CallExpr>(loc, std::move(callee), std::move(args),
                                               std::move(keywords));
        call->starred = true;
        return call;
      }
    }
  }
  if (arglist) {
    for (P::ArgumentContext *arg : arglist->argument()) {
      if (auto *pos = dynamic_cast<P::PositionalArgContext *>(arg)) {
        if (pos->comp_for()) {
          if (!keywords.empty())
            diags_.error(locOf(pos), "positional argument follows keyword argument");
          args.push_back(buildComprehension(locOf(pos), pos->namedexpr_test(), pos->comp_for(), true));
          continue;
        }
        if (!keywords.empty())
          diags_.error(locOf(pos), "positional argument follows keyword argument");
        args.push_back(buildExpr(pos->namedexpr_test()));
      } else if (auto *kw = dynamic_cast<P::KeywordArgContext *>(arg)) {
        std::string name = kw->NAME()->getText();
        for (const KeywordArg &k : keywords)
          if (k.name == name)
            diags_.error(locOf(kw), "keyword argument repeated: " + name);
        keywords.push_back(KeywordArg{locOf(kw), name, buildExpr(kw->test())});
      } else {
        args.push_back(unsupported(locOf(arg), "argument unpacking"));
      }
    }
  }
  return std::make_unique<CallExpr>(loc, std::move(callee), std::move(args), std::move(keywords));
}

// subscriptlist : subscript (COMMA subscript)* COMMA?
ExprPtr AstBuilder::buildSubscripts(P::SubscriptlistContext *ctx) {
  std::vector<P::SubscriptContext *> subs = ctx->subscript();
  if (subs.size() == 1 && ctx->COMMA().empty())
    return buildSubscript(subs[0]);
  std::vector<ExprPtr> elements;
  for (P::SubscriptContext *sub : subs)
    elements.push_back(buildSubscript(sub));
  return std::make_unique<TupleExpr>(locOf(ctx), std::move(elements));
}

// subscript : test | test? COLON test? (COLON test?)?
ExprPtr AstBuilder::buildSubscript(P::SubscriptContext *ctx) {
  if (ctx->COLON().empty())
    return buildExpr(ctx->test(0));
  ExprPtr parts[3];
  unsigned part = 0;
  for (ParseTree *child : ctx->children) {
    if (dynamic_cast<TerminalNode *>(child))
      ++part;
    else
      parts[part] = buildExpr(asRule(child));
  }
  return std::make_unique<SliceExpr>(locOf(ctx), std::move(parts[0]), std::move(parts[1]),
                                     std::move(parts[2]));
}

ExprPtr AstBuilder::buildList(ParserRuleContext *ctx, SourceLoc tupleLoc) {
  std::vector<ParserRuleContext *> items;
  bool comma = false;
  for (ParseTree *child : ctx->children) {
    if (dynamic_cast<TerminalNode *>(child))
      comma = true;
    else
      items.push_back(asRule(child));
  }
  if (items.size() == 1 && !comma)
    return buildExpr(items[0]);
  std::vector<ExprPtr> elements;
  for (ParserRuleContext *item : items)
    elements.push_back(buildExpr(item));
  return std::make_unique<TupleExpr>(tupleLoc, std::move(elements));
}

// atom : ( ... ) | [ ... ] | { ... } | NAME | number | STRING+ | ELLIPSIS
//      | NONE | TRUE | FALSE
ExprPtr AstBuilder::buildAtom(P::AtomContext *ctx) {
  SourceLoc loc = locOf(ctx);
  if (auto *paren = dynamic_cast<P::ParenAtomContext *>(ctx)) {
    if (paren->yield_expr())
      return unsupported(loc, "yield as a value (`x = yield e`, send)");
    P::Testlist_compContext *inner = paren->testlist_comp();
    if (!inner)
      return std::make_unique<TupleExpr>(loc, std::vector<ExprPtr>());
    if (inner->comp_for())
      return buildComprehension(loc, asRule(inner->children[0]), inner->comp_for(), true);
    return buildList(inner, loc);
  }
  if (auto *list = dynamic_cast<P::ListAtomContext *>(ctx)) {
    std::vector<ExprPtr> elements;
    if (P::Testlist_compContext *inner = list->testlist_comp()) {
      if (inner->comp_for())
        return buildComprehension(loc, asRule(inner->children[0]), inner->comp_for(), false);
      for (ParseTree *child : inner->children)
        if (!dynamic_cast<TerminalNode *>(child))
          elements.push_back(buildExpr(asRule(child)));
    }
    return std::make_unique<ListExpr>(loc, std::move(elements));
  }
  if (auto *brace = dynamic_cast<P::BraceAtomContext *>(ctx)) {
    P::DictorsetmakerContext *inner = brace->dictorsetmaker();
    bool isDict = !inner || !inner->dict_item().empty();
    if (inner && inner->comp_for()) {
      // {x for x in a} is set(x for x in a), and {k: v for x in a} is
      // dict((k, v) for x in a): the same set or dict, built from the same
      // items in the same order (a key is evaluated before its value, as
      // in a tuple).
      ExprPtr element;
      if (isDict) {
        P::Dict_itemContext *item = inner->dict_item(0);
        if (item->POWER())
          return unsupported(loc, "dict unpacking");
        std::vector<ExprPtr> pair;
        pair.push_back(buildExpr(item->test(0)));
        pair.push_back(buildExpr(item->test(1)));
        SourceLoc at = pair[0]->loc();
        element = std::make_unique<TupleExpr>(at, std::move(pair));
      } else {
        element = buildExpr(asRule(inner->children[0]));
      }
      std::vector<ExprPtr> args;
      args.push_back(buildComprehension(loc, std::move(element), inner->comp_for(), true));
      return std::make_unique<CallExpr>(loc,
                                        std::make_unique<NameExpr>(loc, isDict ? "dict" : "set"),
                                        std::move(args), std::vector<KeywordArg>{});
    }
    std::vector<ExprPtr> keys, values;
    if (inner) {
      for (ParseTree *child : inner->children) {
        if (dynamic_cast<TerminalNode *>(child))
          continue;
        if (auto *item = dynamic_cast<P::Dict_itemContext *>(child)) {
          if (item->POWER())
            return unsupported(locOf(item), "dict unpacking");
          keys.push_back(buildExpr(item->test(0)));
          values.push_back(buildExpr(item->test(1)));
        } else if (isDict) {
          // `{1: 2, 3}`: the grammar takes the mix; Python does not.
          diags_.error(locOf(asRule(child)), "':' expected after dictionary key");
        } else {
          keys.push_back(buildExpr(asRule(child)));
        }
      }
    }
    if (isDict)
      return std::make_unique<DictExpr>(loc, std::move(keys), std::move(values));
    return std::make_unique<SetExpr>(loc, std::move(keys));
  }
  if (auto *name = dynamic_cast<P::NameAtomContext *>(ctx))
    return std::make_unique<NameExpr>(loc, name->NAME()->getText());
  if (auto *number = dynamic_cast<P::NumberAtomContext *>(ctx))
    return buildNumber(number->number());
  if (auto *strings = dynamic_cast<P::StringAtomContext *>(ctx))
    return buildStrings(strings);
  if (dynamic_cast<P::EllipsisAtomContext *>(ctx))
    return std::make_unique<NameExpr>(loc, "...");
  if (dynamic_cast<P::NoneAtomContext *>(ctx))
    return std::make_unique<NoneLiteralExpr>(loc);
  return std::make_unique<BoolLiteralExpr>(loc, dynamic_cast<P::TrueAtomContext *>(ctx) != nullptr);
}

// comp_for : ASYNC? FOR exprlist IN or_test comp_clause*
// comp_clause : ASYNC? FOR exprlist IN or_test | IF or_test
ExprPtr AstBuilder::buildComprehension(SourceLoc loc, ParserRuleContext *element,
                                       P::Comp_forContext *ctx, bool generator) {
  return buildComprehension(loc, buildExpr(element), ctx, generator);
}

ExprPtr AstBuilder::buildComprehension(SourceLoc loc, ExprPtr elementExpr, P::Comp_forContext *ctx,
                                       bool generator) {
  if (ctx->ASYNC())
    return unsupported(locOf(ctx), "async comprehension");
  ExprPtr target = buildList(ctx->exprlist(), locOf(ctx->exprlist()));
  ExprPtr iter = buildExpr(ctx->or_test());
  std::vector<ExprPtr> conds;
  std::vector<ComprehensionClause> inner;
  for (P::Comp_clauseContext *clause : ctx->comp_clause()) {
    if (clause->ASYNC())
      return unsupported(locOf(clause), "async comprehension");
    if (clause->FOR()) {
      ComprehensionClause c;
      c.target = buildList(clause->exprlist(), locOf(clause->exprlist()));
      c.iter = buildExpr(clause->or_test());
      inner.push_back(std::move(c));
    } else {
      (inner.empty() ? conds : inner.back().conds).push_back(buildExpr(clause->or_test()));
    }
  }
  auto c = std::make_unique<ComprehensionExpr>(loc, std::move(elementExpr), std::move(target),
                                               std::move(iter), std::move(conds), generator);
  c->inner = std::move(inner);
  return c;
}

// lambdef : LAMBDA (lambda_param (COMMA lambda_param)* COMMA?)? COLON test
// lambda_param : NAME (ASSIGN test)? | STAR NAME? | POWER NAME
ExprPtr AstBuilder::buildLambda(P::LambdefContext *ctx) {
  std::vector<std::string> params;
  for (P::Lambda_paramContext *p : ctx->lambda_param()) {
    if (!p->NAME() || p->STAR() || p->POWER() || p->ASSIGN())
      return unsupported(locOf(p), "lambda parameter with a default, '*' or '**'");
    params.push_back(p->NAME()->getText());
  }
  return std::make_unique<LambdaExpr>(locOf(ctx), std::move(params), buildExpr(ctx->test()));
}

// number : DECIMAL_INTEGER | OCT_INTEGER | HEX_INTEGER | BIN_INTEGER
//        | FLOAT_NUMBER | IMAG_NUMBER
ExprPtr AstBuilder::buildNumber(P::NumberContext *ctx) {
  SourceLoc loc = locOf(ctx);
  if (ExprPtr literal = buildNumberLiteral(tokenType(ctx->children[0]), ctx->getText(), loc))
    return literal;
  diags_.error(loc, "complex numbers are not supported in llcc filters");
  return std::make_unique<FloatLiteralExpr>(loc, 0.0);
}

// STRING+ : adjacent literals are concatenated (ParserShared.h).
ExprPtr AstBuilder::buildStrings(P::StringAtomContext *ctx) {
  std::vector<TerminalNode *> nodes = ctx->STRING();
  std::vector<std::string> texts;
  texts.reserve(nodes.size());
  std::vector<StringPiece> pieces;
  for (TerminalNode *node : nodes) {
    texts.push_back(node->getText());
    pieces.push_back(StringPiece{&texts.back(), locOf(node)});
  }
  return buildStringAtom(pieces, locOf(ctx), *this);
}

} // namespace llcc
