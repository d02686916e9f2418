//===- ParserImpl.h - The direct parser's class -----------------------------===//
//
// The Parser class of Parser.cpp (module level and statements) and
// ParserExpr.cpp (expressions), shared by the two files; see Parser.cpp's
// banner for how it mirrors the grammar and when it declines. Nothing
// outside those two files includes this header: the interface is
// parseDirect in Parser.h.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "AstBuilder.h"
#include "LlccLexer.h"
#include "Parser.h"
#include "ParserShared.h"

namespace llcc {
namespace direct {

using L = llccgrammar::LlccLexer;

/// Thrown to hand the program to the ANTLR path.
struct Decline {};

/// Operator and trailer nodes one statement may create (see Parser.cpp).
constexpr unsigned NodeBudget = 4 * MaxTreeDepth;

/// The binary-operator loops from `expr` (loosest) down to `term`.
constexpr int BinaryLevels = 6;

/// The tokens that can start a `test` (and so an `expr`, with NOT and
/// LAMBDA excepted).
bool startsTest(int type);

class Parser : public LiteralHooks {
public:
  Parser(const std::vector<LexedToken> &tokens, Module &module)
      : tokens_(tokens), module_(module) {}

  /// file_input : (NEWLINE | stmt)* EOF
  void parseFile() {
    bool first = true;
    while (type() != EofTokenType) {
      if (type() == L::NEWLINE) {
        ++pos_;
        continue;
      }
      topLevelStmt(first);
      first = false;
    }
  }

  /// An f-string field: `test` followed by the NEWLINE of "(text)\n".
  ExprPtr parseFieldTokens() {
    ExprPtr e = test();
    expect(L::NEWLINE);
    return e;
  }

private:
  //===--- Tokens ---------------------------------------------------------===//

  const LexedToken &tok(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
  }
  int type(size_t ahead = 0) const { return tok(ahead).type; }
  SourceLoc loc() const { return tok().loc; }
  bool accept(int t) {
    if (type() != t)
      return false;
    ++pos_;
    return true;
  }
  /// Consumes a token of type `t` and returns it; declines otherwise.
  const LexedToken &expect(int t) {
    if (type() != t)
      decline();
    return tokens_[pos_++];
  }
  [[noreturn]] static void decline() { throw Decline{}; }
  void spend() {
    if (++spent_ > NodeBudget)
      decline();
  }

  // LiteralHooks: whatever the ANTLR path reports, it reports itself.
  void literalError(SourceLoc, const std::string &) override { decline(); }
  void literalUnsupported(SourceLoc, const std::string &) override { decline(); }
  ExprPtr parseField(const std::string &text, SourceLoc loc) override;

  //===--- Module ---------------------------------------------------------===//

  // A statement at module level (AstBuilder::buildTopLevel): imports,
  // constants and defs go to their own lists, the rest to otherStatements.
  void topLevelStmt(bool first);

  bool startsSimpleStmt() const;

  // import_name : IMPORT dotted_as_name (COMMA dotted_as_name)*
  // import_from : FROM dotted_name IMPORT (OPEN_PAREN import_as_names
  //               CLOSE_PAREN | import_as_names)
  // (relative imports and `import *` are declined: llcc refuses them)
  /// An import; `function` is the def whose body holds it (null at module level).
  void importStmt(const FunctionDef *function = nullptr);

  // dotted_name : NAME (DOT NAME)*  (its text, as getText() joins it)
  std::string dottedName();

  // decorator : AT dotted_name (OPEN_PAREN arglist? CLOSE_PAREN)? NEWLINE
  std::vector<Decorator> decoratorList();

  // funcdef : DEF NAME parameters (ARROW test)? COLON suite
  std::unique_ptr<FunctionDef> funcdef(std::vector<Decorator> decorators);

  // parameters : OPEN_PAREN (param (COMMA param)* COMMA?)? CLOSE_PAREN
  // param : NAME (COLON test)? (ASSIGN test)?  (the other forms are refused)
  void parameters(FunctionDef &fn);

  //===--- Statements -----------------------------------------------------===//

  // suite : simple_stmts | NEWLINE INDENT stmt+ DEDENT
  Block suite(unsigned extraDepth = 0);

  // stmt : simple_stmts | compound_stmt (inside a block)
  void stmt(Block &out);

  // simple_stmts : simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE
  void simpleStmts(Block &out);

  // simple_stmt : expr_stmt | pass_stmt | break_stmt | continue_stmt
  //             | return_stmt | assert | raise (the others are refused)
  StmtPtr simpleStmt();

  // expr_stmt : testlist_star_expr ( annassign | augassign testlist
  //                                | (ASSIGN testlist_star_expr)* )
  // annassign : COLON test (ASSIGN testlist_star_expr)?
  // (yield values are refused)
  StmtPtr exprStmt();

  /// The right-hand side of an assignment: testlist_star_expr (or testlist
  /// after an augmented operator).
  ExprPtr statementValue(bool star);

  // compound_stmt : if_stmt | while_stmt | for_stmt
  StmtPtr compoundStmt();

  // if_stmt : IF namedexpr_test COLON suite (ELIF namedexpr_test COLON suite)*
  //           (ELSE COLON suite)?
  StmtPtr ifStmt();

  // while_stmt : WHILE namedexpr_test COLON suite (ELSE COLON suite)?
  StmtPtr tryStmt();
  StmtPtr whileStmt();
  StmtPtr withStmt();

  // for_stmt : FOR exprlist IN testlist COLON suite (ELSE COLON suite)?
  StmtPtr forStmt();

  //===--- Expressions ----------------------------------------------------===//

  /// An expression of a statement, held to MaxTreeDepth
  /// (AstBuilder::topLevelExpr reports deeper ones).
  template <typename F> ExprPtr topLevelExpr(F parse) {
    ExprPtr e = parse();
    if (exprDepth(e.get()) > MaxTreeDepth) {
      destroyExpr(std::move(e));
      decline();
    }
    return e;
  }

  // namedexpr_test : test (WALRUS test)?
  ExprPtr namedExprTest();

  // test : or_test (IF or_test ELSE test)? | lambdef
  ExprPtr test();

  // lambdef : LAMBDA (lambda_param (COMMA lambda_param)* COMMA?)? COLON test
  // lambda_param : NAME  (defaults, '*' and '**' are refused)
  ExprPtr lambdef();

  // or_test : and_test (OR and_test)*
  ExprPtr orTest();

  // and_test : not_test (AND not_test)*
  ExprPtr andTest();

  // not_test : NOT not_test | comparison
  ExprPtr notTest();

  // comparison : expr (comp_op expr)*
  // comp_op : LT | GT | EQ | GE | LE | NE | IN | NOT IN | IS | IS NOT
  ExprPtr comparison();

  // expr : xor_expr (OR_OP xor_expr)*, and so on down to
  // term : factor ((STAR | AT | DIV | MOD | IDIV) factor)*
  ExprPtr binary(int level);

  // factor : (ADD | MINUS | NOT_OP) factor | power
  ExprPtr factor();

  // power : atom_expr (POWER factor)?
  ExprPtr power();

  // atom_expr : AWAIT? atom trailer*  (await is refused)
  // trailer : OPEN_PAREN arglist? CLOSE_PAREN | OPEN_BRACK subscriptlist
  //           CLOSE_BRACK | DOT NAME
  ExprPtr atomExpr();

  // arglist : argument (COMMA argument)* COMMA?  (then CLOSE_PAREN)
  // argument : test comp_for? | NAME ASSIGN test  (unpacking is refused)
  ExprPtr call(ExprPtr callee, SourceLoc at);
  /// The `)` of a starred call `f(*x, k=v)`, and the call.
  ExprPtr finishStarred(ExprPtr callee, SourceLoc at, std::vector<ExprPtr> args,
                        std::vector<KeywordArg> keywords);

  // subscriptlist : subscript (COMMA subscript)* COMMA?
  ExprPtr subscriptList();

  // subscript : test | test? COLON test? (COLON test?)?
  ExprPtr subscript();

  /// testlist_star_expr (`star`) or testlist: one element without a comma
  /// is the element itself, else a TupleExpr at the first element.
  ExprPtr testList(bool star);

  // exprlist : (expr | star_expr) (COMMA (expr | star_expr))* COMMA?
  ExprPtr exprList();

  // star_expr : STAR expr, as a target (starTargets_), else declined.
  ExprPtr starTarget();

  static bool startsExpr(int t) { return startsTest(t) && t != L::NOT && t != L::LAMBDA; }

  // comp_for : FOR exprlist IN or_test comp_clause*
  // comp_clause : FOR exprlist IN or_test | IF or_test  (async is refused)
  ExprPtr compFor(SourceLoc at, ExprPtr element, bool generator);

  /// One element of testlist_comp: namedexpr_test (star_expr is refused).
  ExprPtr compElement();

  // atom : ( ... ) | [ ... ] | { ... } | NAME | number | STRING+ | ELLIPSIS
  //      | NONE | TRUE | FALSE
  ExprPtr atom();

  // OPEN_PAREN (testlist_comp)? CLOSE_PAREN  (yield is refused)
  // testlist_comp : element (comp_for | (COMMA element)* COMMA?)
  ExprPtr parenAtom();

  // OPEN_BRACK testlist_comp? CLOSE_BRACK
  ExprPtr listAtom();

  // OPEN_BRACE dictorsetmaker? CLOSE_BRACE
  // dictorsetmaker : (dict_item | test) ((COMMA (dict_item | test))* COMMA?)
  // dict_item : test COLON test
  // (comprehensions, unpacking and a mix of items and elements are refused)
  ExprPtr braceAtom();

  // STRING+
  ExprPtr strings();

  const std::vector<LexedToken> &tokens_;
  size_t pos_ = 0;
  Module &module_;
  bool inFunction_ = false;
  FunctionDef *currentFunction_ = nullptr; ///< the def whose body is being parsed
  unsigned blockDepth_ = 0;                ///< enclosing blocks, elif branches included
  unsigned spent_ = 0;                     ///< of NodeBudget, in this statement
  /// Whether `*x` may be an element here: a target of a plain assignment or
  /// of a for loop (the AstBuilder's starTargets_), built as a call of
  /// StarredTargetName; elsewhere a star is declined. starsBuilt_ counts
  /// those built, so a statement can tell where they were.
  bool starTargets_ = false;
  unsigned starsBuilt_ = 0;
};

} // namespace direct
} // namespace llcc
