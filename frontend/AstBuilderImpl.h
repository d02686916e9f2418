//===- AstBuilderImpl.h - The parse-tree walker (private) ------------------===//
//
// Private to AstBuilder.cpp (module, statements, errors),
// AstBuilderExpr.cpp (expressions, literals) and AstBuilderClass.cpp
// (module-level classes). This is the only llcc header
// that names ANTLR types; nothing outside the AstBuilder includes it. Each
// method carries the grammar rule it reads (grammar/LlccParser.g4).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "AstBuilder.h"
#include "Diagnostics.h"
#include "LlccParser.h"
#include "ParserShared.h"

#include <string>
#include <unordered_set>

namespace llcc {

using P = llccgrammar::LlccParser;

/// Walks one parse tree and fills one Module.
class AstBuilder : public LiteralHooks {
public:
  AstBuilder(Module &module, DiagnosticEngine &diags) : module_(module), diags_(diags) {}

  /// file_input : (NEWLINE | stmt)* EOF
  void buildModule(P::File_inputContext *ctx);

  /// Records which subtrees hold a syntax error, so that only statements
  /// that parsed cleanly are built.
  void markErrors(antlr4::tree::ParseTree *root);

  // Helpers shared by the two source files.
  static SourceLoc locOf(antlr4::Token *tok);
  static SourceLoc locOf(antlr4::ParserRuleContext *ctx) { return locOf(ctx->getStart()); }
  static SourceLoc locOf(antlr4::tree::TerminalNode *node) { return locOf(node->getSymbol()); }

private:
  // Statements (AstBuilder.cpp).
  void buildTopLevel(P::StmtContext *ctx, bool first);
  void buildStmt(P::StmtContext *ctx, Block &out);
  void reportStrayIndent(P::Stray_indentContext *ctx);
  StmtPtr buildSimpleStmt(P::Simple_stmtContext *ctx);
  StmtPtr buildExprStmt(P::Expr_stmtContext *ctx);
  StmtPtr buildCompoundStmt(P::Compound_stmtContext *ctx);
  StmtPtr buildIf(P::If_stmtContext *ctx);
  StmtPtr buildWhile(P::While_stmtContext *ctx);
  StmtPtr buildTry(P::Try_stmtContext *ctx);
  StmtPtr buildWith(P::With_stmtContext *ctx);
  StmtPtr buildFor(P::For_stmtContext *ctx);
  Block buildSuite(P::SuiteContext *ctx, unsigned extraDepth = 0);
  std::unique_ptr<FunctionDef> buildFunction(P::FuncdefContext *ctx,
                                             std::vector<P::DecoratorContext *> decorators);
  void buildParams(P::ParametersContext *ctx, FunctionDef &fn);
  StmtPtr buildImport(P::Import_stmtContext *ctx, bool topLevel);
  // Module-level classes (AstBuilderClass.cpp).
  void buildClass(P::ClassdefContext *ctx);
  void buildNamespaceClass(P::ClassdefContext *ctx, const std::string &name);
  void buildNamedTupleClass(P::ClassdefContext *ctx, const std::string &name, ExprPtr base);
  /// The simple statements of a class body, or null after reporting one
  /// that is not (a def, a block).
  bool classBodyStmts(P::SuiteContext *ctx, std::vector<P::Simple_stmtContext *> &out);
  /// Replaces `stmt` by an UnsupportedStmt when one of its expressions was
  /// an unsupported construct.
  StmtPtr finishStmt(StmtPtr stmt);
  void checkTarget(const Expr *target, bool augmented);
  bool isBad(antlr4::tree::ParseTree *tree) const { return bad_.count(tree) != 0; }
  /// True when a compound statement's error lies outside its suites (whose
  /// statements are then built one by one).
  bool headerBad(antlr4::ParserRuleContext *ctx) const;

public:
  // Expressions (AstBuilderExpr.cpp). Each returns a non-null expression;
  // after an error it is a placeholder (None) and the error is reported or
  // recorded in unsupported_.

  /// Builds an expression of a statement and enforces MaxTreeDepth.
  ExprPtr topLevelExpr(antlr4::ParserRuleContext *ctx);
  /// Any expression rule, dispatched on the rule index.
  ExprPtr buildExpr(antlr4::ParserRuleContext *ctx);
  /// Builds an expression outside any statement (a parameter default):
  /// unsupported constructs are reported at once.
  ExprPtr buildDetachedExpr(antlr4::ParserRuleContext *ctx);

private:
  ExprPtr buildTest(P::TestContext *ctx);
  ExprPtr buildBinaryChain(antlr4::ParserRuleContext *ctx);
  ExprPtr buildNotTest(P::Not_testContext *ctx);
  ExprPtr buildComparison(P::ComparisonContext *ctx);
  ExprPtr buildFactor(P::FactorContext *ctx);
  ExprPtr buildPower(P::PowerContext *ctx);
  ExprPtr buildAtomExpr(P::Atom_exprContext *ctx);
  ExprPtr buildAtom(P::AtomContext *ctx);
  ExprPtr buildNumber(P::NumberContext *ctx);
  ExprPtr buildStrings(P::StringAtomContext *ctx);
  // LiteralHooks (ParserShared.h), for the literal decoding both parsers share.
  void literalError(SourceLoc loc, const std::string &message) override {
    diags_.error(loc, message);
  }
  void literalUnsupported(SourceLoc loc, const std::string &what) override {
    unsupported(loc, what);
  }
  /// Parses the expression of an f-string field with ANTLR (AstBuilder.cpp).
  ExprPtr parseField(const std::string &text, SourceLoc loc) override;
  ExprPtr buildCall(ExprPtr callee, SourceLoc loc, P::ArglistContext *args);
  ExprPtr buildSubscripts(P::SubscriptlistContext *ctx);
  ExprPtr buildSubscript(P::SubscriptContext *ctx);
  /// `a, b` lists (testlist, exprlist, testlist_star_expr, testlist_comp):
  /// one element without a comma is the element itself, else a TupleExpr.
  ExprPtr buildList(antlr4::ParserRuleContext *ctx, SourceLoc tupleLoc);
  ExprPtr unsupported(SourceLoc loc, const std::string &what);
  ExprPtr buildComprehension(SourceLoc loc, antlr4::ParserRuleContext *element,
                             P::Comp_forContext *ctx, bool generator);
  ExprPtr buildComprehension(SourceLoc loc, ExprPtr element, P::Comp_forContext *ctx,
                             bool generator);
  ExprPtr buildLambda(P::LambdefContext *ctx);

  Module &module_;
  DiagnosticEngine &diags_;
  /// The first unsupported construct met in the current statement.
  std::string unsupportedWhat_;
  SourceLoc unsupportedLoc_;
  bool inFunction_ = false;
  FunctionDef *currentFunction_ = nullptr; ///< the def whose body is being built
  unsigned blockDepth_ = 0; ///< enclosing blocks, elif branches included
  bool reportedDepth_ = false;
  /// Building an assignment's or a for loop's targets: `*rest` there is a
  /// starred target, a call of llcc.starred (SemaStarredTargets.cpp).
  bool starTargets_ = false;
  std::unordered_set<const antlr4::tree::ParseTree *> bad_;
};

} // namespace llcc
