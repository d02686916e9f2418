//===- AstBuilder.cpp - Source to AST: parsing, errors, statements --------===//
//
// parseModule runs lexSource and hands its tokens to the direct parser
// (Parser.h); when that declines (or `--parser=antlr` asks for it), it feeds
// them to the ANTLR parser generated from grammar/LlccParser.g4 and walks
// the parse tree into llcc's AST.
// ANTLR's console error listener is replaced: SyntaxErrorStrategy words each
// syntax error for a Python programmer ("expected ':'", "unexpected
// indent", "invalid syntax") and DiagnosticListener reports it through the
// DiagnosticEngine, at most once per line. ANTLR's recovery keeps parsing
// after an error, so every broken line of a file is reported; statements
// whose parse had an error are then skipped by the builder, which sees only
// complete subtrees.
//
// This file builds the module and its statements; AstBuilderExpr.cpp builds
// expressions.
//
//===----------------------------------------------------------------------===//
#include "AstBuilderImpl.h"
#include "Frontend.h"
#include "Lexer.h"
#include "Parser.h"
#include "TupleRecords.h"
#include "Window.h"

#include <antlr4-runtime.h>

#include <functional>
#include <sstream>

namespace llcc {

using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;

namespace {

//===----------------------------------------------------------------------===//
// Syntax errors
//===----------------------------------------------------------------------===//

/// Words ANTLR's syntax errors the way Python would.
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
protected:
  void reportNoViableAlternative(antlr4::Parser *parser,
                                 const antlr4::NoViableAltException &e) override {
    Token *t = e.getOffendingToken();
    parser->notifyErrorListeners(t, describe(parser, t, parser->getExpectedTokens()),
                                 std::make_exception_ptr(e));
  }
  void reportInputMismatch(antlr4::Parser *parser,
                           const antlr4::InputMismatchException &e) override {
    Token *t = e.getOffendingToken();
    parser->notifyErrorListeners(t, describe(parser, t, e.getExpectedTokens()),
                                 std::make_exception_ptr(e));
  }
  void reportUnwantedToken(antlr4::Parser *parser) override { reportAtCurrent(parser); }
  void reportMissingToken(antlr4::Parser *parser) override { reportAtCurrent(parser); }

private:
  void reportAtCurrent(antlr4::Parser *parser) {
    if (inErrorRecoveryMode(parser))
      return;
    beginErrorCondition(parser);
    Token *t = parser->getCurrentToken();
    parser->notifyErrorListeners(t, describe(parser, t, getExpectedTokens(parser)), nullptr);
  }

  static std::string describe(antlr4::Parser *parser, Token *t,
                              const antlr4::misc::IntervalSet &expected);
  static std::string blockOwner(antlr4::Parser *parser, Token *t);
};

/// " after 'if' statement on line 3" for the header that ends just before
/// `t` (a line ending in ':'), or "" when there is none.
std::string SyntaxErrorStrategy::blockOwner(antlr4::Parser *parser, Token *t) {
  antlr4::TokenStream *tokens = parser->getTokenStream();
  long i = static_cast<long>(t->getTokenIndex()) - 1;
  auto typeAt = [&](long k) { return static_cast<int>(tokens->get(size_t(k))->getType()); };
  if (i < 1 || typeAt(i) != P::NEWLINE || typeAt(i - 1) != P::COLON)
    return "";
  long first = i - 1;
  while (first > 0 && typeAt(first - 1) != P::NEWLINE && typeAt(first - 1) != P::INDENT &&
         typeAt(first - 1) != P::DEDENT)
    --first;
  Token *head = tokens->get(size_t(first));
  std::string line = " on line " + std::to_string(head->getLine());
  switch (head->getType()) {
  case P::DEF:
    return " after function definition" + line;
  case P::CLASS:
    return " after class definition" + line;
  case P::IF:
  case P::ELIF:
  case P::ELSE:
  case P::WHILE:
  case P::FOR:
  case P::TRY:
  case P::EXCEPT:
  case P::FINALLY:
  case P::WITH:
    return " after '" + head->getText() + "' statement" + line;
  default:
    return "";
  }
}

std::string SyntaxErrorStrategy::describe(antlr4::Parser *parser, Token *t,
                                          const antlr4::misc::IntervalSet &expected) {
  size_t type = t->getType();
  if (type == P::INDENT)
    return "unexpected indent";
  if (expected.contains(size_t(P::INDENT)))
    return "expected an indented block" + blockOwner(parser, t);
  if ((type == P::NEWLINE || type == Token::EOF) && expected.contains(size_t(P::COLON)))
    return "expected ':'";
  std::vector<std::string> names;
  for (ssize_t e : expected.toList()) {
    if (e == P::NAME) {
      names.push_back("a name");
      continue;
    }
    std::string literal = parser->getVocabulary().getLiteralName(size_t(e));
    if (literal.empty())
      return "invalid syntax"; // NEWLINE, NUMBER, ...: an expression could go on
    names.push_back(literal);
  }
  if (names.empty() || names.size() > 3)
    return "invalid syntax";
  std::string message = "expected " + names[0];
  for (size_t i = 1; i < names.size(); ++i)
    message += (i + 1 == names.size() ? " or " : ", ") + names[i];
  return message;
}

/// Reports ANTLR's syntax errors through the DiagnosticEngine, one per line
/// (later errors on a line are usually echoes of the first).
class DiagnosticListener : public antlr4::BaseErrorListener {
public:
  explicit DiagnosticListener(DiagnosticEngine &diags) : diags_(diags) {}
  void syntaxError(antlr4::Recognizer *, Token *, size_t line, size_t charPositionInLine,
                   const std::string &msg, std::exception_ptr) override {
    if (line == lastLine_)
      return;
    lastLine_ = line;
    diags_.error(SourceLoc{uint32_t(line), uint32_t(charPositionInLine + 1)}, msg);
  }

private:
  DiagnosticEngine &diags_;
  size_t lastLine_ = 0;
};

BinaryOp augmentedOp(size_t type) {
  switch (type) {
  case P::ADD_ASSIGN:
    return BinaryOp::Add;
  case P::SUB_ASSIGN:
    return BinaryOp::Sub;
  case P::MULT_ASSIGN:
    return BinaryOp::Mul;
  case P::AT_ASSIGN:
    return BinaryOp::MatMul;
  case P::DIV_ASSIGN:
    return BinaryOp::Div;
  case P::MOD_ASSIGN:
    return BinaryOp::Mod;
  case P::AND_ASSIGN:
    return BinaryOp::BitAnd;
  case P::OR_ASSIGN:
    return BinaryOp::BitOr;
  case P::XOR_ASSIGN:
    return BinaryOp::BitXor;
  case P::LSHIFT_ASSIGN:
    return BinaryOp::LShift;
  case P::RSHIFT_ASSIGN:
    return BinaryOp::RShift;
  case P::POWER_ASSIGN:
    return BinaryOp::Pow;
  case P::IDIV_ASSIGN:
    return BinaryOp::FloorDiv;
  }
  throw InternalError("AstBuilder: unknown augmented assignment");
}

/// Hands the tokens of lexSource to the ANTLR parser. The parser needs a
/// real TokenSource: its error recovery asks a token for its source when it
/// conjures a missing one.
class LexedTokenSource : public antlr4::TokenSource {
public:
  explicit LexedTokenSource(std::vector<LexedToken> tokens) : tokens_(std::move(tokens)) {}

  std::unique_ptr<Token> nextToken() override {
    const LexedToken &t = tokens_[std::min(next_, tokens_.size() - 1)];
    if (next_ < tokens_.size() - 1)
      ++next_;
    size_t type = t.type == EofTokenType ? Token::EOF : size_t(t.type);
    auto token = std::make_unique<antlr4::CommonToken>(
        std::pair<antlr4::TokenSource *, antlr4::CharStream *>(this, nullptr), type,
        Token::DEFAULT_CHANNEL, 0, 0);
    token->setText(t.text);
    token->setLine(t.loc.line);
    token->setCharPositionInLine(t.loc.col - 1);
    return token;
  }
  size_t getLine() const override { return tokens_[next_].loc.line; }
  size_t getCharPositionInLine() override { return tokens_[next_].loc.col - 1; }
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override { return ""; }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

private:
  std::vector<LexedToken> tokens_; ///< ends with EOF
  size_t next_ = 0;
};

std::unique_ptr<UnsupportedStmt> unsupportedStmt(SourceLoc loc, const char *what) {
  return std::make_unique<UnsupportedStmt>(loc, what);
}

} // namespace

//===----------------------------------------------------------------------===//
// Error bookkeeping
//===----------------------------------------------------------------------===//

void AstBuilder::markErrors(ParseTree *root) {
  std::vector<ParseTree *> work{root};
  while (!work.empty()) {
    ParseTree *node = work.back();
    work.pop_back();
    auto *rule = dynamic_cast<ParserRuleContext *>(node);
    bool error = rule ? rule->exception != nullptr
                      : dynamic_cast<antlr4::tree::ErrorNode *>(node) != nullptr;
    if (error)
      for (ParseTree *p = node; p && bad_.insert(p).second; p = p->parent)
        ;
    for (ParseTree *child : node->children)
      work.push_back(child);
  }
}

bool AstBuilder::headerBad(ParserRuleContext *ctx) const {
  if (!bad_.count(ctx))
    return false;
  if (ctx->exception)
    return true;
  for (ParseTree *child : ctx->children) {
    if (!bad_.count(child) || dynamic_cast<P::SuiteContext *>(child))
      continue;
    if (auto *fn = dynamic_cast<P::FuncdefContext *>(child); fn && !headerBad(fn))
      continue;
    return true;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Module
//===----------------------------------------------------------------------===//

// file_input : (NEWLINE | stmt)* EOF
void AstBuilder::buildModule(P::File_inputContext *ctx) {
  bool first = true;
  for (P::StmtContext *stmt : ctx->stmt()) {
    buildTopLevel(stmt, first);
    first = false;
  }
}

// A statement at module level: imports, constants and defs go to their own
// lists of the Module, everything else to otherStatements.
void AstBuilder::buildTopLevel(P::StmtContext *stmt, bool first) {
  if (stmt->exception)
    return; // no alternative matched: the error is reported
  if (stmt->stray_indent())
    return reportStrayIndent(stmt->stray_indent());
  if (P::Simple_stmtsContext *simple = stmt->simple_stmts()) {
    if (isBad(simple))
      return;
    for (P::Simple_stmtContext *s : simple->simple_stmt()) {
      if (P::Import_stmtContext *import = s->import_stmt()) {
        if (StmtPtr refused = buildImport(import, true))
          module_.otherStatements.push_back(std::move(refused));
        continue;
      }
      addModuleStatement(module_, buildSimpleStmt(s), first);
    }
    return;
  }
  P::Compound_stmtContext *compound = stmt->compound_stmt();
  if (compound->exception)
    return;
  if (P::FuncdefContext *fn = compound->funcdef()) {
    if (!headerBad(fn))
      module_.functions.push_back(buildFunction(fn, {}));
    return;
  }
  if (P::DecoratedContext *decorated = compound->decorated(); decorated && decorated->funcdef()) {
    if (!headerBad(decorated))
      module_.functions.push_back(buildFunction(decorated->funcdef(), decorated->decorator()));
    return;
  }
  if (P::ClassdefContext *c = compound->classdef()) {
    if (!headerBad(c))
      buildClass(c); // AstBuilderClass.cpp
    return;
  }
  if (StmtPtr built = buildCompoundStmt(compound))
    addModuleCompound(module_, std::move(built));
}

// import_name : IMPORT dotted_as_name (COMMA dotted_as_name)*
// import_from : FROM ((DOT | ELLIPSIS)* dotted_name | (DOT | ELLIPSIS)+)
//               IMPORT (STAR | OPEN_PAREN import_as_names CLOSE_PAREN
//                       | import_as_names)
StmtPtr AstBuilder::buildImport(P::Import_stmtContext *ctx, bool topLevel) {
  SourceLoc loc = locOf(ctx);
  // An import in a def's body is kept with the module's imports, naming
  // its function (Sema checks its scope); a pass holds its place.
  const FunctionDef *function = topLevel ? nullptr : currentFunction_;
  if (!topLevel && !(inFunction_ && currentFunction_))
    return unsupportedStmt(loc, "import inside a block");
  StmtPtr placeholder = topLevel ? nullptr : std::make_unique<PassStmt>(loc);
  if (P::Import_nameContext *plain = ctx->import_name()) {
    for (P::Dotted_as_nameContext *d : plain->dotted_as_name()) {
      Import import;
      import.loc = loc;
      import.module = d->dotted_name()->getText();
      import.alias = d->NAME() ? d->NAME()->getText() : import.module;
      import.function = function;
      module_.imports.push_back(std::move(import));
    }
    return placeholder;
  }
  P::Import_fromContext *from = ctx->import_from();
  if (!from->DOT().empty() || !from->ELLIPSIS().empty())
    return unsupportedStmt(loc, "relative import");
  if (from->STAR())
    return unsupportedStmt(loc, "import *");
  Import import;
  import.loc = loc;
  import.module = from->dotted_name()->getText();
  import.alias = import.module;
  import.isFrom = true;
  import.function = function;
  for (P::Import_as_nameContext *n : from->import_as_names()->import_as_name()) {
    std::string name = n->NAME(0)->getText();
    import.names.emplace_back(name, n->NAME().size() > 1 ? n->NAME(1)->getText() : name);
    import.nameLocs.push_back(locOf(n));
  }
  module_.imports.push_back(std::move(import));
  return placeholder;
}

// funcdef : DEF NAME parameters (ARROW test)? COLON suite
// decorator : AT dotted_name (OPEN_PAREN arglist? CLOSE_PAREN)? NEWLINE
std::unique_ptr<FunctionDef>
AstBuilder::buildFunction(P::FuncdefContext *ctx, std::vector<P::DecoratorContext *> decorators) {
  auto fn = std::make_unique<FunctionDef>();
  fn->loc = locOf(ctx->DEF());
  fn->nameLoc = locOf(ctx->NAME());
  fn->name = ctx->NAME()->getText();
  for (P::DecoratorContext *d : decorators)
    fn->decorators.push_back(
        Decorator{locOf(d), d->dotted_name()->getText(), d->OPEN_PAREN() != nullptr});
  buildParams(ctx->parameters(), *fn);
  bool outerInFunction = inFunction_;
  FunctionDef *outerFunction = currentFunction_;
  inFunction_ = true;
  currentFunction_ = fn.get();
  fn->body = buildSuite(ctx->suite());
  inFunction_ = outerInFunction;
  currentFunction_ = outerFunction;
  return fn;
}

// parameters : OPEN_PAREN (param (COMMA param)* COMMA?)? CLOSE_PAREN
// param : NAME (COLON test)? (ASSIGN test)? | STAR (NAME (COLON test)?)?
//       | POWER NAME (COLON test)? | DIV
void AstBuilder::buildParams(P::ParametersContext *ctx, FunctionDef &fn) {
  bool sawDefault = false;
  // After a bare `*`: keyword-only, each with or without a default.
  bool keywordOnly = false;
  SourceLoc bareStar;
  for (P::ParamContext *p : ctx->param()) {
    SourceLoc loc = locOf(p);
    if (auto *plain = dynamic_cast<P::PlainParamContext *>(p)) {
      std::string name = plain->NAME()->getText();
      for (const Param &other : fn.params)
        if (other.name == name)
          diags_.error(loc, "duplicate argument '" + name + "' in function definition");
      ExprPtr defaultValue;
      if (plain->ASSIGN()) {
        defaultValue = buildDetachedExpr(plain->test().back());
        sawDefault = true;
      } else if (sawDefault && !keywordOnly) {
        diags_.error(loc, "parameter without a default follows parameter with a default");
      }
      fn.params.push_back(Param{loc, name, std::move(defaultValue)});
      fn.params.back().keywordOnly = keywordOnly;
    } else if (auto *star = dynamic_cast<P::StarParamContext *>(p)) {
      if (star->NAME())
        diags_.error(loc, "'*" + star->NAME()->getText() +
                              "' parameters are not supported in llcc filters");
      else if (keywordOnly)
        diags_.error(loc, "* argument may appear only once");
      keywordOnly = true;
      bareStar = loc;
    } else if (auto *kwargs = dynamic_cast<P::KwargsParamContext *>(p)) {
      diags_.error(loc, "'**" + kwargs->NAME()->getText() +
                            "' parameters are not supported in llcc filters");
    } else {
      diags_.error(loc, "positional-only parameters ('/') are not supported in llcc filters");
    }
  }
  if (keywordOnly && (fn.params.empty() || !fn.params.back().keywordOnly))
    diags_.error(bareStar, "named arguments must follow bare *");
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

// suite : simple_stmts | NEWLINE INDENT stmt+ DEDENT
Block AstBuilder::buildSuite(P::SuiteContext *ctx, unsigned extraDepth) {
  Block out;
  blockDepth_ += 1 + extraDepth;
  if (blockDepth_ > MaxTreeDepth) {
    if (!reportedDepth_)
      diags_.error(locOf(ctx), "too deeply nested: more than " + std::to_string(MaxTreeDepth) +
                                   " nested blocks and 'elif' branches");
    reportedDepth_ = true;
  } else if (P::Simple_stmtsContext *simple = ctx->simple_stmts()) {
    if (!isBad(simple))
      for (P::Simple_stmtContext *s : simple->simple_stmt())
        out.push_back(buildSimpleStmt(s));
  } else {
    for (P::StmtContext *stmt : ctx->stmt())
      buildStmt(stmt, out);
  }
  blockDepth_ -= 1 + extraDepth;
  return out;
}

// stray_indent : INDENT stmt+ DEDENT
void AstBuilder::reportStrayIndent(P::Stray_indentContext *ctx) {
  if (!headerBad(ctx))
    diags_.error(locOf(ctx), "unexpected indent");
}

// stmt : simple_stmts | compound_stmt | stray_indent (inside a block)
void AstBuilder::buildStmt(P::StmtContext *ctx, Block &out) {
  if (ctx->exception)
    return;
  if (ctx->stray_indent())
    return reportStrayIndent(ctx->stray_indent());
  if (P::Simple_stmtsContext *simple = ctx->simple_stmts()) {
    if (!isBad(simple))
      for (P::Simple_stmtContext *s : simple->simple_stmt())
        out.push_back(buildSimpleStmt(s));
    return;
  }
  if (StmtPtr built = buildCompoundStmt(ctx->compound_stmt()))
    out.push_back(std::move(built));
}

StmtPtr AstBuilder::finishStmt(StmtPtr stmt) {
  if (unsupportedWhat_.empty())
    return stmt;
  auto refused = std::make_unique<UnsupportedStmt>(unsupportedLoc_, unsupportedWhat_);
  unsupportedWhat_.clear();
  return refused;
}

// simple_stmt : expr_stmt | pass_stmt | break_stmt | continue_stmt
//             | return_stmt | import_stmt | other_simple_stmt
StmtPtr AstBuilder::buildSimpleStmt(P::Simple_stmtContext *ctx) {
  unsupportedWhat_.clear();
  SourceLoc loc = locOf(ctx);
  if (P::Expr_stmtContext *e = ctx->expr_stmt())
    return finishStmt(buildExprStmt(e));
  if (ctx->pass_stmt())
    return std::make_unique<PassStmt>(loc);
  if (ctx->break_stmt())
    return std::make_unique<BreakStmt>(loc);
  if (ctx->continue_stmt())
    return std::make_unique<ContinueStmt>(loc);
  if (P::Return_stmtContext *r = ctx->return_stmt()) {
    ExprPtr value = r->testlist_star_expr() ? topLevelExpr(r->testlist_star_expr()) : nullptr;
    return finishStmt(std::make_unique<ReturnStmt>(loc, std::move(value)));
  }
  if (P::Import_stmtContext *import = ctx->import_stmt())
    return buildImport(import, false);
  P::Other_simple_stmtContext *other = ctx->other_simple_stmt();
  if (auto *a = dynamic_cast<P::AssertStmtContext *>(other)) {
    ExprPtr cond = topLevelExpr(a->test(0));
    ExprPtr message = a->test().size() > 1 ? topLevelExpr(a->test(1)) : nullptr;
    return finishStmt(std::make_unique<AssertStmt>(loc, std::move(cond), std::move(message)));
  }
  if (auto *r = dynamic_cast<P::RaiseStmtContext *>(other)) {
    // `raise E from e` / `from None` raises E as `raise E` does: the cause
    // only changes the traceback. A cause that is not a name is refused.
    if (r->FROM()) {
      ExprPtr cause = topLevelExpr(r->test(1));
      if (cause && cause->kind() != Expr::Kind::Name && cause->kind() != Expr::Kind::NoneLiteral)
        return unsupportedStmt(locOf(r->FROM()), "raise with 'from' of an expression");
    }
    ExprPtr exception = r->test().empty() ? nullptr : topLevelExpr(r->test(0));
    return finishStmt(std::make_unique<RaiseStmt>(loc, std::move(exception)));
  }
  if (auto *d = dynamic_cast<P::DelStmtContext *>(other)) {
    // `del a, b` (or `del (a, b)`): the targets, flattened; Sema accepts
    // names of locals.
    std::vector<ExprPtr> targets;
    std::function<void(ExprPtr)> add = [&](ExprPtr t) {
      if (!t)
        return; // reported where it was built
      if (t->kind() == Expr::Kind::Tuple) {
        auto *tuple = static_cast<TupleExpr *>(t.get());
        for (ExprPtr &el : tuple->elements)
          add(std::move(el));
        return;
      }
      targets.push_back(std::move(t));
    };
    add(topLevelExpr(d->exprlist()));
    return finishStmt(std::make_unique<DelStmt>(loc, std::move(targets)));
  }
  // `yield e`, `yield` and `yield from e` as statements: a call of a name
  // Python cannot spell, which SemaGenerators.cpp inlines where the
  // generator is iterated (a yield used as a value stays refused).
  if (auto *y = dynamic_cast<P::YieldStmtContext *>(other)) {
    P::Yield_exprContext *ye = y->yield_expr();
    SourceLoc at = locOf(ye);
    bool from = ye->FROM() != nullptr;
    ExprPtr value = from                       ? topLevelExpr(ye->test())
                    : ye->testlist_star_expr() ? topLevelExpr(ye->testlist_star_expr())
                                               : std::make_unique<NoneLiteralExpr>(at);
    std::vector<ExprPtr> args;
    args.push_back(std::move(value));
    auto call = std::make_unique<CallExpr>(
        at, std::make_unique<NameExpr>(at, from ? "llcc.yield_from" : "llcc.yield"),
        std::move(args), std::vector<KeywordArg>());
    return finishStmt(std::make_unique<ExprStmt>(loc, std::move(call)));
  }
  // `nonlocal a, b`: a call of a name Python cannot spell, which
  // SemaNonlocal.cpp turns into parameters and results of the nested def.
  if (auto *n = dynamic_cast<P::NonlocalStmtContext *>(other)) {
    std::vector<ExprPtr> args;
    for (antlr4::tree::TerminalNode *name : n->NAME())
      args.push_back(std::make_unique<NameExpr>(locOf(name), name->getText()));
    auto call = std::make_unique<CallExpr>(loc, std::make_unique<NameExpr>(loc, "llcc.nonlocal"),
                                           std::move(args), std::vector<KeywordArg>());
    return finishStmt(std::make_unique<ExprStmt>(loc, std::move(call)));
  }
  // `global X`: module-level names are constants in llcc (read-only).
  if (auto *g = dynamic_cast<P::GlobalStmtContext *>(other)) {
    std::string names;
    for (antlr4::tree::TerminalNode *name : g->NAME())
      names += (names.empty() ? "" : ", ") + name->getText();
    return unsupportedStmt(
        loc, ("`global " + names +
              "` (module-level names are read-only constants in llcc; return the new value "
              "from the function, or keep the variable local to the enclosing function and "
              "assign it from a nested def with `nonlocal`)")
                 .c_str());
  }
  return unsupportedStmt(loc, "yield");
}

// expr_stmt : testlist_star_expr ( annassign | augassign (yield_expr | testlist)
//                                | (ASSIGN (yield_expr | testlist_star_expr))* )
// annassign : COLON test (ASSIGN (yield_expr | testlist_star_expr))?
StmtPtr AstBuilder::buildExprStmt(P::Expr_stmtContext *ctx) {
  SourceLoc loc = locOf(ctx);
  auto valueOf = [&](ParserRuleContext *value) {
    if (dynamic_cast<P::Yield_exprContext *>(value))
      return unsupported(locOf(value), "yield as a value (`x = yield e`, send)");
    return topLevelExpr(value);
  };
  std::vector<ParserRuleContext *> parts;
  for (ParseTree *child : ctx->children)
    if (auto *rule = dynamic_cast<ParserRuleContext *>(child))
      parts.push_back(rule);
  bool plainAssign = !ctx->annassign() && !ctx->augassign() && parts.size() > 1;
  starTargets_ = plainAssign;
  ExprPtr first = topLevelExpr(parts[0]);
  starTargets_ = false;

  if (P::AnnassignContext *ann = ctx->annassign()) {
    if (!ann->ASSIGN()) {
      unsupported(loc, "variable annotation without a value");
      return std::make_unique<PassStmt>(loc);
    }
    checkTarget(first.get(), false);
    std::vector<ExprPtr> targets;
    targets.push_back(std::move(first));
    auto *value = dynamic_cast<ParserRuleContext *>(ann->children.back());
    return std::make_unique<AssignStmt>(loc, std::move(targets), valueOf(value));
  }
  if (P::AugassignContext *aug = ctx->augassign()) {
    checkTarget(first.get(), true);
    BinaryOp op = augmentedOp(aug->getStart()->getType());
    return std::make_unique<AugAssignStmt>(loc, std::move(first), op, valueOf(parts[2]));
  }
  if (parts.size() == 1)
    return std::make_unique<ExprStmt>(loc, std::move(first));
  std::vector<ExprPtr> targets;
  checkTarget(first.get(), false);
  targets.push_back(std::move(first));
  for (size_t i = 1; i + 1 < parts.size(); ++i) {
    starTargets_ = true;
    targets.push_back(valueOf(parts[i]));
    starTargets_ = false;
    checkTarget(targets.back().get(), false);
  }
  return std::make_unique<AssignStmt>(loc, std::move(targets), valueOf(parts.back()));
}

/// Reports targets that Python itself refuses (`f() = 1`, `a + b += 1`).
void AstBuilder::checkTarget(const Expr *target, bool augmented) {
  if (!unsupportedWhat_.empty())
    return; // the statement is refused as a whole
  const char *what = nullptr;
  switch (target->kind()) {
  case Expr::Kind::Name:
    if (static_cast<const NameExpr *>(target)->name == "...")
      what = "ellipsis";
    break;
  case Expr::Kind::Attribute:
  case Expr::Kind::Subscript:
    break;
  case Expr::Kind::Tuple:
  case Expr::Kind::List: {
    bool isTuple = target->kind() == Expr::Kind::Tuple;
    if (augmented) {
      diags_.error(target->loc(), std::string("'") + (isTuple ? "tuple" : "list") +
                                      "' is an illegal expression for augmented assignment");
      return;
    }
    const auto &elements = isTuple ? static_cast<const TupleExpr *>(target)->elements
                                   : static_cast<const ListExpr *>(target)->elements;
    for (const ExprPtr &e : elements)
      checkTarget(e.get(), false);
    return;
  }
  case Expr::Kind::IntLiteral:
  case Expr::Kind::FloatLiteral:
  case Expr::Kind::StringLiteral:
    what = "literal";
    break;
  case Expr::Kind::BoolLiteral:
    what = static_cast<const BoolLiteralExpr *>(target)->value ? "True" : "False";
    break;
  case Expr::Kind::NoneLiteral:
    what = "None";
    break;
  case Expr::Kind::Call:
    if (const Expr *callee = static_cast<const CallExpr *>(target)->callee.get();
        callee->kind() == Expr::Kind::Name &&
        static_cast<const NameExpr *>(callee)->name == StarredTargetName) {
      checkTarget(static_cast<const CallExpr *>(target)->args[0].get(), false);
      return;
    }
    what = "function call";
    break;
  case Expr::Kind::Compare:
    what = "comparison";
    break;
  case Expr::Kind::IfExp:
    what = "conditional expression";
    break;
  case Expr::Kind::Named:
    what = "named expression";
    break;
  default:
    what = "expression";
    break;
  }
  if (what)
    diags_.error(target->loc(), std::string("cannot assign to ") + what);
}

// compound_stmt : if_stmt | while_stmt | for_stmt | funcdef | decorated
//               | try_stmt | with_stmt | classdef | async_stmt
StmtPtr AstBuilder::buildCompoundStmt(P::Compound_stmtContext *ctx) {
  unsupportedWhat_.clear();
  if (ctx->exception)
    return nullptr;
  SourceLoc loc = locOf(ctx);
  if (P::If_stmtContext *s = ctx->if_stmt())
    return headerBad(s) ? nullptr : buildIf(s);
  if (P::While_stmtContext *s = ctx->while_stmt())
    return headerBad(s) ? nullptr : buildWhile(s);
  if (P::For_stmtContext *s = ctx->for_stmt())
    return headerBad(s) ? nullptr : buildFor(s);
  const char *def = inFunction_ ? "nested def" : "def inside a block";
  if (ctx->funcdef() && inFunction_ && currentFunction_) {
    // A nested def becomes a function of its own ("outer.inner"), seen
    // only from inside `outer` (SemaContainers.cpp resolves and captures).
    if (headerBad(ctx->funcdef()))
      return nullptr;
    FunctionDef *outer = currentFunction_;
    std::unique_ptr<FunctionDef> inner = buildFunction(ctx->funcdef(), {});
    inner->outer = outer;
    inner->localName = inner->name;
    inner->name = outer->name + "." + inner->localName;
    module_.functions.push_back(std::move(inner));
    return std::make_unique<PassStmt>(loc);
  }
  if (ctx->funcdef())
    return unsupportedStmt(loc, def);
  if (inFunction_)
    def = "decorated nested def";
  if (P::DecoratedContext *d = ctx->decorated())
    return unsupportedStmt(d->funcdef() ? locOf(d->funcdef()->DEF()) : loc, d->funcdef() ? def
                                                                            : d->classdef()
                                                                                ? "class"
                                                                                : "async");
  if (P::Try_stmtContext *s = ctx->try_stmt())
    return headerBad(s) ? nullptr : buildTry(s);
  if (P::With_stmtContext *s = ctx->with_stmt())
    return headerBad(s) ? nullptr : buildWith(s);
  if (ctx->classdef())
    return unsupportedStmt(loc, "class");
  return unsupportedStmt(loc, "async");
}

// if_stmt : IF namedexpr_test COLON suite (ELIF namedexpr_test COLON suite)*
//           (ELSE COLON suite)?
StmtPtr AstBuilder::buildIf(P::If_stmtContext *ctx) {
  std::vector<P::Namedexpr_testContext *> condCtxs = ctx->namedexpr_test();
  std::vector<P::SuiteContext *> suites = ctx->suite();
  std::vector<antlr4::tree::TerminalNode *> elifs = ctx->ELIF();
  std::vector<ExprPtr> conds;
  for (P::Namedexpr_testContext *c : condCtxs)
    conds.push_back(topLevelExpr(c));
  if (!unsupportedWhat_.empty())
    return finishStmt(nullptr);
  // Each elif nests one level deeper in the AST than the branch before it.
  std::vector<Block> bodies;
  for (size_t i = 0; i < suites.size(); ++i)
    bodies.push_back(buildSuite(suites[i], unsigned(std::min(i, conds.size() - 1))));
  Block elseBody;
  if (bodies.size() > conds.size())
    elseBody = std::move(bodies.back());
  for (size_t i = conds.size() - 1; i >= 1; --i) {
    Block nested;
    nested.push_back(std::make_unique<IfStmt>(locOf(elifs[i - 1]), std::move(conds[i]),
                                              std::move(bodies[i]), std::move(elseBody)));
    elseBody = std::move(nested);
  }
  return std::make_unique<IfStmt>(locOf(ctx), std::move(conds[0]), std::move(bodies[0]),
                                  std::move(elseBody));
}

// while_stmt : WHILE namedexpr_test COLON suite (ELSE COLON suite)?
StmtPtr AstBuilder::buildWhile(P::While_stmtContext *ctx) {
  ExprPtr cond = topLevelExpr(ctx->namedexpr_test());
  if (!unsupportedWhat_.empty())
    return finishStmt(nullptr);
  Block body = buildSuite(ctx->suite(0));
  Block elseBody = ctx->ELSE() ? buildSuite(ctx->suite(1)) : Block();
  return std::make_unique<WhileStmt>(locOf(ctx), std::move(cond), std::move(body),
                                     std::move(elseBody));
}

// with_stmt : WITH with_item (COMMA with_item)* COLON suite
// with_item : test (AS expr)?
// `with np.errstate(...): body` runs body (numpy's warning settings change
// nothing llcc computes): an `if` whose condition is the call
// `llcc.with(context, ...)`, which Sema checks and IRGen treats as true.
StmtPtr AstBuilder::buildWith(P::With_stmtContext *ctx) {
  std::vector<ExprPtr> contexts;
  for (P::With_itemContext *item : ctx->with_item()) {
    if (item->AS())
      return unsupportedStmt(locOf(item->AS()), "with ... as");
    contexts.push_back(topLevelExpr(item->test()));
  }
  if (!unsupportedWhat_.empty())
    return finishStmt(nullptr);
  SourceLoc at = locOf(ctx);
  auto cond = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, WithBuiltin),
                                         std::move(contexts), std::vector<KeywordArg>{});
  return std::make_unique<IfStmt>(at, std::move(cond), buildSuite(ctx->suite()), Block());
}

// try_stmt : TRY COLON suite ((except_clause COLON suite)+ (ELSE COLON suite)?
//            (FINALLY COLON suite)? | FINALLY COLON suite)
// except_clause : EXCEPT (test (AS NAME)?)?
StmtPtr AstBuilder::buildTry(P::Try_stmtContext *ctx) {
  std::vector<P::SuiteContext *> suites = ctx->suite();
  std::vector<P::Except_clauseContext *> clauses = ctx->except_clause();
  std::vector<ExprPtr> types;
  for (P::Except_clauseContext *c : clauses)
    types.push_back(c->test() ? topLevelExpr(c->test()) : nullptr);
  if (!unsupportedWhat_.empty())
    return finishStmt(nullptr);
  size_t next = 0;
  Block body = buildSuite(suites[next++]);
  std::vector<ExceptClause> handlers;
  for (size_t i = 0; i < clauses.size(); ++i) {
    ExceptClause h;
    h.loc = locOf(clauses[i]);
    h.type = std::move(types[i]);
    if (clauses[i]->NAME())
      h.asName = clauses[i]->NAME()->getText();
    h.body = buildSuite(suites[next++]);
    handlers.push_back(std::move(h));
  }
  Block elseBody = ctx->ELSE() ? buildSuite(suites[next++]) : Block();
  SourceLoc finallyLoc = ctx->FINALLY() ? locOf(ctx->FINALLY()) : SourceLoc{};
  Block finallyBody = ctx->FINALLY() ? buildSuite(suites[next++]) : Block();
  return std::make_unique<TryStmt>(locOf(ctx), std::move(body), std::move(handlers),
                                   std::move(elseBody), std::move(finallyBody), finallyLoc);
}

// for_stmt : FOR exprlist IN testlist COLON suite (ELSE COLON suite)?
StmtPtr AstBuilder::buildFor(P::For_stmtContext *ctx) {
  starTargets_ = true;
  ExprPtr target = topLevelExpr(ctx->exprlist());
  starTargets_ = false;
  ExprPtr iter = topLevelExpr(ctx->testlist());
  if (!unsupportedWhat_.empty())
    return finishStmt(nullptr);
  checkTarget(target.get(), false);
  Block body = buildSuite(ctx->suite(0));
  Block elseBody = ctx->ELSE() ? buildSuite(ctx->suite(1)) : Block();
  return std::make_unique<ForStmt>(locOf(ctx), std::move(target), std::move(iter), std::move(body),
                                   std::move(elseBody));
}

//===----------------------------------------------------------------------===//
// f-string fields
//===----------------------------------------------------------------------===//

// An f-string field's expression is lexed and parsed on its own, as
// `(text)` so that it may span lines, with its tokens moved to where the
// text sits in the file; errors are reported once, at the field.
ExprPtr AstBuilder::parseField(const std::string &text, SourceLoc loc) {
  SourceFile sub("<f-string>", "(" + text + ")\n");
  std::ostringstream sink;
  DiagnosticEngine subDiags(sub, sink);
  LexResult lexed = lexSource(sub, subDiags);
  auto invalid = [&] {
    diags_.error(loc, "invalid expression in f-string field '{" + text + "}'");
    return nullptr;
  };
  if (lexed.fatal || subDiags.hasErrors())
    return invalid();
  for (LexedToken &t : lexed.tokens) {
    if (t.loc.line == 1)
      t.loc = SourceLoc{loc.line, t.loc.col + loc.col >= 2 ? t.loc.col + loc.col - 2 : 1};
    else
      t.loc.line += loc.line - 1;
  }
  LexedTokenSource source(std::move(lexed.tokens));
  antlr4::CommonTokenStream stream(&source);
  P parser(&stream);
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  P::TestContext *tree = nullptr;
  try {
    tree = parser.test();
  } catch (const std::exception &) {
    return invalid();
  }
  if (!tree || parser.getNumberOfSyntaxErrors() != 0 || stream.LA(1) != P::NEWLINE)
    return invalid();
  return buildExpr(tree);
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

std::unique_ptr<Module> parseModule(const SourceFile &file, DiagnosticEngine &diags,
                                    ParserChoice choice, bool *declined) {
  auto module = std::make_unique<Module>();
  unsigned errorsBefore = diags.errorCount();
  LexResult lexed = lexSource(file, diags, choice != ParserChoice::Antlr);
  if (lexed.fatal)
    return module;

  // The direct parser first (Parser.h); it declines every program on which
  // the ANTLR path reports anything, lexical errors included.
  if (choice != ParserChoice::Antlr) {
    if (diags.errorCount() == errorsBefore)
      if (std::unique_ptr<Module> direct = parseDirect(lexed.tokens)) {
        lowerRecords(*direct, diags);
        return direct;
      }
    if (choice == ParserChoice::Direct) {
      if (declined)
        *declined = true;
      return module;
    }
  }

  LexedTokenSource source(std::move(lexed.tokens));
  antlr4::CommonTokenStream stream(&source);
  P parser(&stream);
  DiagnosticListener listener(diags);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<SyntaxErrorStrategy>());

  P::File_inputContext *tree = nullptr;
  try {
    tree = parser.file_input();
  } catch (const antlr4::RuntimeException &e) {
    throw InternalError(std::string("ANTLR parser failure: ") + e.what());
  }
  AstBuilder builder(*module, diags);
  if (parser.getNumberOfSyntaxErrors() != 0)
    builder.markErrors(tree);
  builder.buildModule(tree);
  if (diags.errorCount() == errorsBefore)
    lowerRecords(*module, diags); // namedtuples and constant classes (TupleRecords.h)
  return module;
}

} // namespace llcc
