//===- Parser.cpp - Recursive descent from tokens straight to the AST ------===//
//
// The direct parser of Parser.h. Each method reads one rule of
// grammar/LlccParser.g4 (quoted above it) and builds what the AstBuilder
// builds from that rule's parse tree, with the same locations: the methods
// mirror AstBuilder.cpp and AstBuilderExpr.cpp, and literals are decoded by
// the shared code of ParserShared.h.
//
// The parser declines (throws Decline, caught in parseDirect) at the first
// token the grammar does not allow there and wherever the AstBuilder would
// report an error or record an unsupported construct; the ANTLR path then
// reports it. Declining too often only costs time; accepting a program the
// ANTLR path treats differently would be a bug, so every choice below is
// the grammar's, and anything rare and refused is simply declined.
//
// Recursion is bounded as in the ANTLR parser: the lexer refuses brackets,
// blocks and prefix-operator chains nested more than MaxNestingDepth deep;
// operator loops (`a + b + c`) fold iteratively. A statement that creates
// more than NodeBudget operator and trailer nodes is declined before its
// tree is built, so that no tree deep enough to exhaust the stack while it
// is freed exists when a later token makes the parser decline.
//
//===----------------------------------------------------------------------===//
#include "Parser.h"

#include "AstBuilder.h"
#include "Frontend.h"
#include "LlccLexer.h"
#include "ParserShared.h"

#include <limits>
#include <sstream>

namespace llcc {

namespace {

using L = llccgrammar::LlccLexer;

/// Thrown to hand the program to the ANTLR path.
struct Decline {};

/// Operator and trailer nodes one statement may create (see the banner).
constexpr unsigned NodeBudget = 4 * MaxTreeDepth;

/// The binary-operator loops from `expr` (loosest) down to `term`.
constexpr int BinaryLevels = 6;

/// The operator `type` stands for at binary level `level`, or false.
bool binaryOpAt(int level, int type, BinaryOp &op) {
  static const struct {
    int level, type;
    BinaryOp op;
  } table[] = {
      {0, L::OR_OP, BinaryOp::BitOr},      {1, L::XOR, BinaryOp::BitXor},
      {2, L::AND_OP, BinaryOp::BitAnd},    {3, L::LEFT_SHIFT, BinaryOp::LShift},
      {3, L::RIGHT_SHIFT, BinaryOp::RShift}, {4, L::ADD, BinaryOp::Add},
      {4, L::MINUS, BinaryOp::Sub},        {5, L::STAR, BinaryOp::Mul},
      {5, L::AT, BinaryOp::MatMul},        {5, L::DIV, BinaryOp::Div},
      {5, L::MOD, BinaryOp::Mod},          {5, L::IDIV, BinaryOp::FloorDiv},
  };
  for (const auto &row : table)
    if (row.level == level && row.type == type) {
      op = row.op;
      return true;
    }
  return false;
}

/// augassign's tokens and the operator each applies.
bool augmentedOpOf(int type, BinaryOp &op) {
  static const struct {
    int type;
    BinaryOp op;
  } table[] = {
      {L::ADD_ASSIGN, BinaryOp::Add},        {L::SUB_ASSIGN, BinaryOp::Sub},
      {L::MULT_ASSIGN, BinaryOp::Mul},       {L::AT_ASSIGN, BinaryOp::MatMul},
      {L::DIV_ASSIGN, BinaryOp::Div},        {L::MOD_ASSIGN, BinaryOp::Mod},
      {L::AND_ASSIGN, BinaryOp::BitAnd},     {L::OR_ASSIGN, BinaryOp::BitOr},
      {L::XOR_ASSIGN, BinaryOp::BitXor},     {L::LSHIFT_ASSIGN, BinaryOp::LShift},
      {L::RSHIFT_ASSIGN, BinaryOp::RShift},  {L::POWER_ASSIGN, BinaryOp::Pow},
      {L::IDIV_ASSIGN, BinaryOp::FloorDiv},
  };
  for (const auto &row : table)
    if (row.type == type) {
      op = row.op;
      return true;
    }
  return false;
}

/// comp_op's single-token operators.
bool compareOpOf(int type, CompareOp &op) {
  static const struct {
    int type;
    CompareOp op;
  } table[] = {
      {L::LT, CompareOp::Lt}, {L::GT, CompareOp::Gt}, {L::EQ, CompareOp::Eq},
      {L::GE, CompareOp::Ge}, {L::LE, CompareOp::Le}, {L::NE, CompareOp::Ne},
      {L::IN, CompareOp::In},
  };
  for (const auto &row : table)
    if (row.type == type) {
      op = row.op;
      return true;
    }
  return false;
}

/// The tokens that can start a `test` (and so an `expr`, with NOT and
/// LAMBDA excepted).
bool startsTest(int type) {
  switch (type) {
  case L::NAME:
  case L::DECIMAL_INTEGER:
  case L::OCT_INTEGER:
  case L::HEX_INTEGER:
  case L::BIN_INTEGER:
  case L::FLOAT_NUMBER:
  case L::IMAG_NUMBER:
  case L::STRING:
  case L::ELLIPSIS:
  case L::NONE:
  case L::TRUE:
  case L::FALSE:
  case L::OPEN_PAREN:
  case L::OPEN_BRACK:
  case L::OPEN_BRACE:
  case L::ADD:
  case L::MINUS:
  case L::NOT_OP:
  case L::NOT:
  case L::LAMBDA:
  case L::AWAIT:
    return true;
  default:
    return false;
  }
}

bool isDocstring(const Stmt &s) {
  return s.kind() == Stmt::Kind::Expr &&
         static_cast<const ExprStmt &>(s).value->kind() == Expr::Kind::StringLiteral;
}

/// True when AstBuilder::checkTarget would report `target` (`f() = 1`,
/// `(a, b) += 1`).
bool badTarget(const Expr *target, bool augmented) {
  switch (target->kind()) {
  case Expr::Kind::Name:
    return static_cast<const NameExpr *>(target)->name == "...";
  case Expr::Kind::Attribute:
  case Expr::Kind::Subscript:
    return false;
  case Expr::Kind::Tuple:
  case Expr::Kind::List: {
    if (augmented)
      return true;
    const auto &elements = target->kind() == Expr::Kind::Tuple
                               ? static_cast<const TupleExpr *>(target)->elements
                               : static_cast<const ListExpr *>(target)->elements;
    for (const ExprPtr &e : elements)
      if (badTarget(e.get(), false))
        return true;
    return false;
  }
  default:
    return true;
  }
}

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
  void topLevelStmt(bool first) {
    switch (type()) {
    case L::DEF:
      module_.functions.push_back(funcdef({}));
      return;
    case L::AT: {
      std::vector<Decorator> decorators = decoratorList();
      if (type() != L::DEF)
        decline(); // a decorated class or async def
      module_.functions.push_back(funcdef(std::move(decorators)));
      return;
    }
    case L::IF:
    case L::WHILE:
    case L::FOR:
      module_.otherStatements.push_back(compoundStmt());
      return;
    default:
      break;
    }
    if (!startsSimpleStmt())
      decline();
    // simple_stmts : simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE
    do {
      if (type() == L::IMPORT || type() == L::FROM) {
        importStmt();
        continue;
      }
      StmtPtr built = simpleStmt();
      if (first && isDocstring(*built))
        continue;
      first = false;
      if (built->kind() == Stmt::Kind::Assign) {
        auto &assign = static_cast<AssignStmt &>(*built);
        if (assign.targets.size() == 1 && assign.targets[0]->kind() == Expr::Kind::Name) {
          auto &name = static_cast<NameExpr &>(*assign.targets[0]);
          module_.constants.push_back(Constant{name.loc(), name.name, std::move(assign.value)});
          continue;
        }
      }
      module_.otherStatements.push_back(std::move(built));
    } while (accept(L::SEMI) && type() != L::NEWLINE);
    expect(L::NEWLINE);
  }

  bool startsSimpleStmt() const {
    switch (type()) {
    case L::PASS:
    case L::BREAK:
    case L::CONTINUE:
    case L::RETURN:
    case L::IMPORT:
    case L::FROM:
    case L::ASSERT:
    case L::RAISE:
    case L::STAR:
      return true;
    default:
      return startsTest(type());
    }
  }

  // import_name : IMPORT dotted_as_name (COMMA dotted_as_name)*
  // import_from : FROM dotted_name IMPORT (OPEN_PAREN import_as_names
  //               CLOSE_PAREN | import_as_names)
  // (relative imports and `import *` are declined: llcc refuses them)
  void importStmt() {
    SourceLoc at = loc();
    if (accept(L::IMPORT)) {
      do {
        Import import;
        import.loc = at;
        import.module = dottedName();
        import.alias = accept(L::AS) ? expect(L::NAME).text : import.module;
        module_.imports.push_back(std::move(import));
      } while (accept(L::COMMA));
      return;
    }
    expect(L::FROM);
    Import import;
    import.loc = at;
    import.module = dottedName();
    import.alias = import.module;
    import.isFrom = true;
    expect(L::IMPORT);
    bool paren = accept(L::OPEN_PAREN);
    // import_as_names : import_as_name (COMMA import_as_name)* COMMA?
    do {
      const LexedToken &name = expect(L::NAME);
      std::string alias = accept(L::AS) ? expect(L::NAME).text : name.text;
      import.names.emplace_back(name.text, alias);
      import.nameLocs.push_back(name.loc);
    } while (accept(L::COMMA) && type() == L::NAME);
    if (paren)
      expect(L::CLOSE_PAREN);
    module_.imports.push_back(std::move(import));
  }

  // dotted_name : NAME (DOT NAME)*  (its text, as getText() joins it)
  std::string dottedName() {
    std::string name = expect(L::NAME).text;
    while (type() == L::DOT) {
      ++pos_;
      name += "." + expect(L::NAME).text;
    }
    return name;
  }

  // decorator : AT dotted_name (OPEN_PAREN arglist? CLOSE_PAREN)? NEWLINE
  std::vector<Decorator> decoratorList() {
    std::vector<Decorator> decorators;
    while (type() == L::AT) {
      SourceLoc at = loc();
      ++pos_;
      std::string name = dottedName();
      bool called = false;
      if (accept(L::OPEN_PAREN)) {
        called = true;
        // The arguments are parsed, as the grammar requires, and dropped,
        // as AstBuilder drops them.
        spent_ = 0;
        if (type() != L::CLOSE_PAREN)
          call(std::make_unique<NoneLiteralExpr>(at), at);
        else
          ++pos_;
      }
      expect(L::NEWLINE);
      decorators.push_back(Decorator{at, std::move(name), called});
    }
    return decorators;
  }

  // funcdef : DEF NAME parameters (ARROW test)? COLON suite
  std::unique_ptr<FunctionDef> funcdef(std::vector<Decorator> decorators) {
    auto fn = std::make_unique<FunctionDef>();
    fn->loc = expect(L::DEF).loc;
    const LexedToken &name = expect(L::NAME);
    fn->nameLoc = name.loc;
    fn->name = name.text;
    fn->decorators = std::move(decorators);
    parameters(*fn);
    if (accept(L::ARROW)) {
      spent_ = 0;
      test(); // the annotation is ignored
    }
    expect(L::COLON);
    bool outerInFunction = inFunction_;
    FunctionDef *outerFunction = currentFunction_;
    inFunction_ = true;
    currentFunction_ = fn.get();
    fn->body = suite();
    inFunction_ = outerInFunction;
    currentFunction_ = outerFunction;
    return fn;
  }

  // parameters : OPEN_PAREN (param (COMMA param)* COMMA?)? CLOSE_PAREN
  // param : NAME (COLON test)? (ASSIGN test)?  (the other forms are refused)
  void parameters(FunctionDef &fn) {
    expect(L::OPEN_PAREN);
    bool sawDefault = false;
    while (type() != L::CLOSE_PAREN) {
      const LexedToken &name = expect(L::NAME);
      for (const Param &other : fn.params)
        if (other.name == name.text)
          decline(); // duplicate argument
      if (accept(L::COLON)) {
        spent_ = 0;
        test(); // the annotation is ignored
      }
      ExprPtr defaultValue;
      if (accept(L::ASSIGN)) {
        defaultValue = topLevelExpr([&] { return test(); });
        sawDefault = true;
      } else if (sawDefault) {
        decline(); // a parameter without a default after one with
      }
      fn.params.push_back(Param{name.loc, name.text, std::move(defaultValue)});
      if (!accept(L::COMMA))
        break;
    }
    expect(L::CLOSE_PAREN);
  }

  //===--- Statements -----------------------------------------------------===//

  // suite : simple_stmts | NEWLINE INDENT stmt+ DEDENT
  Block suite(unsigned extraDepth = 0) {
    Block out;
    blockDepth_ += 1 + extraDepth;
    if (blockDepth_ > MaxTreeDepth)
      decline(); // too deeply nested
    if (type() != L::NEWLINE) {
      simpleStmts(out);
    } else {
      ++pos_;
      expect(L::INDENT);
      do
        stmt(out);
      while (!accept(L::DEDENT));
    }
    blockDepth_ -= 1 + extraDepth;
    return out;
  }

  // stmt : simple_stmts | compound_stmt (inside a block)
  void stmt(Block &out) {
    switch (type()) {
    case L::IF:
    case L::WHILE:
    case L::FOR:
      out.push_back(compoundStmt());
      return;
    case L::DEF: {
      // A nested def becomes a function of its own ("outer.inner"), as
      // AstBuilder::buildCompoundStmt makes it; a def in a block outside
      // any function is refused.
      if (!inFunction_ || !currentFunction_)
        decline();
      SourceLoc at = loc();
      FunctionDef *outer = currentFunction_;
      std::unique_ptr<FunctionDef> inner = funcdef({});
      inner->outer = outer;
      inner->localName = inner->name;
      inner->name = outer->name + "." + inner->localName;
      module_.functions.push_back(std::move(inner));
      out.push_back(std::make_unique<PassStmt>(at));
      return;
    }
    default:
      simpleStmts(out);
    }
  }

  // simple_stmts : simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE
  void simpleStmts(Block &out) {
    if (!startsSimpleStmt() || type() == L::IMPORT || type() == L::FROM)
      decline(); // an import inside a function or block is refused
    do
      out.push_back(simpleStmt());
    while (accept(L::SEMI) && type() != L::NEWLINE);
    expect(L::NEWLINE);
  }

  // simple_stmt : expr_stmt | pass_stmt | break_stmt | continue_stmt
  //             | return_stmt | assert | raise (the others are refused)
  StmtPtr simpleStmt() {
    spent_ = 0;
    SourceLoc at = loc();
    switch (type()) {
    case L::PASS:
      ++pos_;
      return std::make_unique<PassStmt>(at);
    case L::BREAK:
      ++pos_;
      return std::make_unique<BreakStmt>(at);
    case L::CONTINUE:
      ++pos_;
      return std::make_unique<ContinueStmt>(at);
    case L::RETURN: {
      ++pos_;
      ExprPtr value;
      if (type() != L::NEWLINE && type() != L::SEMI)
        value = topLevelExpr([&] { return testList(true); });
      return std::make_unique<ReturnStmt>(at, std::move(value));
    }
    case L::ASSERT: {
      ++pos_;
      ExprPtr cond = topLevelExpr([&] { return test(); });
      ExprPtr message;
      if (accept(L::COMMA))
        message = topLevelExpr([&] { return test(); });
      return std::make_unique<AssertStmt>(at, std::move(cond), std::move(message));
    }
    case L::RAISE: {
      ++pos_;
      ExprPtr exception;
      if (type() != L::NEWLINE && type() != L::SEMI)
        exception = topLevelExpr([&] { return test(); });
      if (type() == L::FROM)
        decline(); // raise ... from ... is refused
      return std::make_unique<RaiseStmt>(at, std::move(exception));
    }
    default:
      return exprStmt();
    }
  }

  // expr_stmt : testlist_star_expr ( annassign | augassign testlist
  //                                | (ASSIGN testlist_star_expr)* )
  // annassign : COLON test (ASSIGN testlist_star_expr)?
  // (yield values are refused)
  StmtPtr exprStmt() {
    SourceLoc at = loc();
    ExprPtr first = topLevelExpr([&] { return testList(true); });
    if (accept(L::COLON)) {
      test(); // the annotation is ignored
      expect(L::ASSIGN); // an annotation without a value is refused
      if (badTarget(first.get(), false))
        decline();
      std::vector<ExprPtr> targets;
      targets.push_back(std::move(first));
      return std::make_unique<AssignStmt>(at, std::move(targets), statementValue(true));
    }
    BinaryOp op;
    if (augmentedOpOf(type(), op)) {
      ++pos_;
      if (badTarget(first.get(), true))
        decline();
      return std::make_unique<AugAssignStmt>(at, std::move(first), op, statementValue(false));
    }
    if (type() != L::ASSIGN)
      return std::make_unique<ExprStmt>(at, std::move(first));
    std::vector<ExprPtr> targets;
    targets.push_back(std::move(first));
    ExprPtr value;
    while (accept(L::ASSIGN)) {
      if (value)
        targets.push_back(std::move(value));
      value = statementValue(true);
    }
    for (const ExprPtr &target : targets)
      if (badTarget(target.get(), false))
        decline();
    return std::make_unique<AssignStmt>(at, std::move(targets), std::move(value));
  }

  /// The right-hand side of an assignment: testlist_star_expr (or testlist
  /// after an augmented operator).
  ExprPtr statementValue(bool star) {
    if (type() == L::YIELD)
      decline();
    return topLevelExpr([&] { return testList(star); });
  }

  // compound_stmt : if_stmt | while_stmt | for_stmt
  StmtPtr compoundStmt() {
    spent_ = 0;
    switch (type()) {
    case L::IF:
      return ifStmt();
    case L::WHILE:
      return whileStmt();
    default:
      return forStmt();
    }
  }

  // if_stmt : IF namedexpr_test COLON suite (ELIF namedexpr_test COLON suite)*
  //           (ELSE COLON suite)?
  StmtPtr ifStmt() {
    std::vector<SourceLoc> locs;
    std::vector<ExprPtr> conds;
    std::vector<Block> bodies;
    do {
      locs.push_back(loc());
      ++pos_;
      spent_ = 0;
      conds.push_back(topLevelExpr([&] { return namedExprTest(); }));
      expect(L::COLON);
      // Each elif nests one level deeper in the AST than the branch before.
      bodies.push_back(suite(unsigned(conds.size() - 1)));
    } while (type() == L::ELIF);
    Block elseBody;
    if (accept(L::ELSE)) {
      expect(L::COLON);
      elseBody = suite(unsigned(conds.size() - 1));
    }
    for (size_t i = conds.size() - 1; i >= 1; --i) {
      Block nested;
      nested.push_back(std::make_unique<IfStmt>(locs[i], std::move(conds[i]),
                                                std::move(bodies[i]), std::move(elseBody)));
      elseBody = std::move(nested);
    }
    return std::make_unique<IfStmt>(locs[0], std::move(conds[0]), std::move(bodies[0]),
                                    std::move(elseBody));
  }

  // while_stmt : WHILE namedexpr_test COLON suite (ELSE COLON suite)?
  StmtPtr whileStmt() {
    SourceLoc at = expect(L::WHILE).loc;
    ExprPtr cond = topLevelExpr([&] { return namedExprTest(); });
    expect(L::COLON);
    Block body = suite();
    Block elseBody;
    if (accept(L::ELSE)) {
      expect(L::COLON);
      elseBody = suite();
    }
    return std::make_unique<WhileStmt>(at, std::move(cond), std::move(body), std::move(elseBody));
  }

  // for_stmt : FOR exprlist IN testlist COLON suite (ELSE COLON suite)?
  StmtPtr forStmt() {
    SourceLoc at = expect(L::FOR).loc;
    ExprPtr target = topLevelExpr([&] { return exprList(); });
    expect(L::IN);
    ExprPtr iter = topLevelExpr([&] { return testList(false); });
    expect(L::COLON);
    if (badTarget(target.get(), false))
      decline();
    Block body = suite();
    Block elseBody;
    if (accept(L::ELSE)) {
      expect(L::COLON);
      elseBody = suite();
    }
    return std::make_unique<ForStmt>(at, std::move(target), std::move(iter), std::move(body),
                                     std::move(elseBody));
  }

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

  // namedexpr_test : test (WALRUS test)?  (`:=` is refused)
  ExprPtr namedExprTest() {
    ExprPtr e = test();
    if (type() == L::WALRUS)
      decline();
    return e;
  }

  // test : or_test (IF or_test ELSE test)? | lambdef
  ExprPtr test() {
    if (type() == L::LAMBDA)
      return lambdef();
    SourceLoc at = loc();
    ExprPtr thenExpr = orTest();
    if (type() != L::IF)
      return thenExpr;
    ++pos_;
    spend();
    ExprPtr cond = orTest();
    expect(L::ELSE);
    ExprPtr elseExpr = test();
    return std::make_unique<IfExpExpr>(at, std::move(cond), std::move(thenExpr),
                                       std::move(elseExpr));
  }

  // lambdef : LAMBDA (lambda_param (COMMA lambda_param)* COMMA?)? COLON test
  // lambda_param : NAME  (defaults, '*' and '**' are refused)
  ExprPtr lambdef() {
    SourceLoc at = expect(L::LAMBDA).loc;
    std::vector<std::string> params;
    while (type() != L::COLON) {
      const LexedToken &name = expect(L::NAME);
      if (type() == L::ASSIGN)
        decline();
      params.push_back(name.text);
      if (!accept(L::COMMA))
        break;
    }
    expect(L::COLON);
    spend();
    return std::make_unique<LambdaExpr>(at, std::move(params), test());
  }

  // or_test : and_test (OR and_test)*
  ExprPtr orTest() {
    ExprPtr lhs = andTest();
    while (type() == L::OR) {
      SourceLoc at = loc();
      ++pos_;
      spend();
      lhs = std::make_unique<BinaryExpr>(at, BinaryOp::Or, std::move(lhs), andTest());
    }
    return lhs;
  }

  // and_test : not_test (AND not_test)*
  ExprPtr andTest() {
    ExprPtr lhs = notTest();
    while (type() == L::AND) {
      SourceLoc at = loc();
      ++pos_;
      spend();
      lhs = std::make_unique<BinaryExpr>(at, BinaryOp::And, std::move(lhs), notTest());
    }
    return lhs;
  }

  // not_test : NOT not_test | comparison
  ExprPtr notTest() {
    if (type() != L::NOT)
      return comparison();
    SourceLoc at = loc();
    ++pos_;
    spend();
    return std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, notTest());
  }

  // comparison : expr (comp_op expr)*
  // comp_op : LT | GT | EQ | GE | LE | NE | IN | NOT IN | IS | IS NOT
  ExprPtr comparison() {
    ExprPtr first = binary(0);
    std::vector<ExprPtr> operands;
    std::vector<CompareOp> ops;
    SourceLoc at;
    for (;;) {
      CompareOp op;
      SourceLoc opLoc = loc();
      if (compareOpOf(type(), op)) {
        ++pos_;
      } else if (type() == L::NOT && type(1) == L::IN) {
        op = CompareOp::NotIn;
        pos_ += 2;
      } else if (type() == L::IS) {
        ++pos_;
        op = accept(L::NOT) ? CompareOp::IsNot : CompareOp::Is;
      } else {
        break;
      }
      if (ops.empty()) {
        at = opLoc;
        spend();
        operands.push_back(std::move(first));
      }
      ops.push_back(op);
      operands.push_back(binary(0));
    }
    if (ops.empty())
      return first;
    return std::make_unique<CompareExpr>(at, std::move(operands), std::move(ops));
  }

  // expr : xor_expr (OR_OP xor_expr)*, and so on down to
  // term : factor ((STAR | AT | DIV | MOD | IDIV) factor)*
  ExprPtr binary(int level) {
    if (level == BinaryLevels)
      return factor();
    ExprPtr lhs = binary(level + 1);
    BinaryOp op;
    while (binaryOpAt(level, type(), op)) {
      SourceLoc at = loc();
      ++pos_;
      spend();
      lhs = std::make_unique<BinaryExpr>(at, op, std::move(lhs), binary(level + 1));
    }
    return lhs;
  }

  // factor : (ADD | MINUS | NOT_OP) factor | power
  ExprPtr factor() {
    int t = type();
    if (t != L::ADD && t != L::MINUS && t != L::NOT_OP)
      return power();
    SourceLoc at = loc();
    ++pos_;
    spend();
    UnaryExpr::Op op = t == L::MINUS ? UnaryExpr::Op::Neg
                       : t == L::ADD ? UnaryExpr::Op::Pos
                                     : UnaryExpr::Op::Invert;
    ExprPtr operand = factor();
    // -9223372036854775808 is an int64 even though its digits are not.
    if (op == UnaryExpr::Op::Neg && operand->kind() == Expr::Kind::IntLiteral) {
      auto &lit = static_cast<IntLiteralExpr &>(*operand);
      if (lit.overflow && lit.value == std::numeric_limits<int64_t>::min())
        return std::make_unique<IntLiteralExpr>(at, lit.value, false);
    }
    return std::make_unique<UnaryExpr>(at, op, std::move(operand));
  }

  // power : atom_expr (POWER factor)?
  ExprPtr power() {
    ExprPtr base = atomExpr();
    if (type() != L::POWER)
      return base;
    SourceLoc at = loc();
    ++pos_;
    spend();
    return std::make_unique<BinaryExpr>(at, BinaryOp::Pow, std::move(base), factor());
  }

  // atom_expr : AWAIT? atom trailer*  (await is refused)
  // trailer : OPEN_PAREN arglist? CLOSE_PAREN | OPEN_BRACK subscriptlist
  //           CLOSE_BRACK | DOT NAME
  ExprPtr atomExpr() {
    SourceLoc start = loc();
    ExprPtr e = atom();
    for (;;) {
      switch (type()) {
      case L::OPEN_PAREN:
        ++pos_;
        spend();
        if (accept(L::CLOSE_PAREN))
          e = std::make_unique<CallExpr>(start, std::move(e), std::vector<ExprPtr>(),
                                         std::vector<KeywordArg>());
        else
          e = call(std::move(e), start);
        break;
      case L::OPEN_BRACK: {
        ++pos_;
        spend();
        ExprPtr index = subscriptList();
        expect(L::CLOSE_BRACK);
        e = std::make_unique<SubscriptExpr>(start, std::move(e), std::move(index));
        break;
      }
      case L::DOT:
        ++pos_;
        spend();
        e = std::make_unique<AttributeExpr>(start, std::move(e), expect(L::NAME).text);
        break;
      default:
        return e;
      }
    }
  }

  // arglist : argument (COMMA argument)* COMMA?  (then CLOSE_PAREN)
  // argument : test comp_for? | NAME ASSIGN test  (unpacking is refused)
  ExprPtr call(ExprPtr callee, SourceLoc at) {
    std::vector<ExprPtr> args;
    std::vector<KeywordArg> keywords;
    do {
      if (type() == L::CLOSE_PAREN)
        break; // the trailing comma
      SourceLoc argLoc = loc();
      if (type() == L::NAME && type(1) == L::ASSIGN) {
        std::string name = tok().text;
        pos_ += 2;
        for (const KeywordArg &k : keywords)
          if (k.name == name)
            decline(); // keyword argument repeated
        keywords.push_back(KeywordArg{argLoc, std::move(name), test()});
        continue;
      }
      if (!keywords.empty())
        decline(); // positional argument follows keyword argument
      ExprPtr arg = test();
      if (type() == L::FOR || type() == L::ASYNC)
        arg = compFor(argLoc, std::move(arg), true);
      args.push_back(std::move(arg));
    } while (accept(L::COMMA));
    expect(L::CLOSE_PAREN);
    return std::make_unique<CallExpr>(at, std::move(callee), std::move(args), std::move(keywords));
  }

  // subscriptlist : subscript (COMMA subscript)* COMMA?
  ExprPtr subscriptList() {
    SourceLoc at = loc();
    ExprPtr first = subscript();
    if (type() != L::COMMA)
      return first;
    std::vector<ExprPtr> elements;
    elements.push_back(std::move(first));
    while (accept(L::COMMA) && type() != L::CLOSE_BRACK)
      elements.push_back(subscript());
    return std::make_unique<TupleExpr>(at, std::move(elements));
  }

  // subscript : test | test? COLON test? (COLON test?)?
  ExprPtr subscript() {
    SourceLoc at = loc();
    ExprPtr parts[3];
    if (type() != L::COLON) {
      parts[0] = test();
      if (type() != L::COLON)
        return std::move(parts[0]);
    }
    ++pos_;
    if (startsTest(type()))
      parts[1] = test();
    if (accept(L::COLON) && startsTest(type()))
      parts[2] = test();
    return std::make_unique<SliceExpr>(at, std::move(parts[0]), std::move(parts[1]),
                                       std::move(parts[2]));
  }

  /// testlist_star_expr (`star`) or testlist: one element without a comma
  /// is the element itself, else a TupleExpr at the first element.
  ExprPtr testList(bool star) {
    SourceLoc at = loc();
    if (star && type() == L::STAR)
      decline(); // a starred expression
    ExprPtr first = test();
    if (type() != L::COMMA)
      return first;
    std::vector<ExprPtr> elements;
    elements.push_back(std::move(first));
    while (accept(L::COMMA) && (startsTest(type()) || (star && type() == L::STAR))) {
      if (type() == L::STAR)
        decline();
      elements.push_back(test());
    }
    return std::make_unique<TupleExpr>(at, std::move(elements));
  }

  // exprlist : (expr | star_expr) (COMMA (expr | star_expr))* COMMA?
  ExprPtr exprList() {
    SourceLoc at = loc();
    if (!startsExpr(type()))
      decline(); // a starred target, or no expression
    ExprPtr first = binary(0);
    if (type() != L::COMMA)
      return first;
    std::vector<ExprPtr> elements;
    elements.push_back(std::move(first));
    while (accept(L::COMMA) && (startsExpr(type()) || type() == L::STAR)) {
      if (type() == L::STAR)
        decline();
      elements.push_back(binary(0));
    }
    return std::make_unique<TupleExpr>(at, std::move(elements));
  }

  static bool startsExpr(int t) { return startsTest(t) && t != L::NOT && t != L::LAMBDA; }

  // comp_for : FOR exprlist IN or_test comp_clause*
  // comp_clause : FOR exprlist IN or_test | IF or_test  (async is refused)
  ExprPtr compFor(SourceLoc at, ExprPtr element, bool generator) {
    expect(L::FOR);
    spend();
    ExprPtr target = exprList();
    expect(L::IN);
    ExprPtr iter = orTest();
    std::vector<ExprPtr> conds;
    std::vector<ComprehensionClause> inner;
    for (;;) {
      if (accept(L::FOR)) {
        ComprehensionClause c;
        c.target = exprList();
        expect(L::IN);
        c.iter = orTest();
        inner.push_back(std::move(c));
      } else if (accept(L::IF)) {
        (inner.empty() ? conds : inner.back().conds).push_back(orTest());
      } else if (type() == L::ASYNC) {
        decline();
      } else {
        break;
      }
    }
    auto c = std::make_unique<ComprehensionExpr>(at, std::move(element), std::move(target),
                                                 std::move(iter), std::move(conds), generator);
    c->inner = std::move(inner);
    return c;
  }

  /// One element of testlist_comp: namedexpr_test (star_expr is refused).
  ExprPtr compElement() {
    if (type() == L::STAR)
      decline();
    return namedExprTest();
  }

  // atom : ( ... ) | [ ... ] | { ... } | NAME | number | STRING+ | ELLIPSIS
  //      | NONE | TRUE | FALSE
  ExprPtr atom() {
    const LexedToken &t = tok();
    SourceLoc at = t.loc;
    switch (t.type) {
    case L::NAME:
      ++pos_;
      return std::make_unique<NameExpr>(at, t.text);
    case L::DECIMAL_INTEGER:
    case L::OCT_INTEGER:
    case L::HEX_INTEGER:
    case L::BIN_INTEGER:
    case L::FLOAT_NUMBER: {
      ++pos_;
      ExprPtr literal = buildNumberLiteral(t.type, t.text, at);
      if (!literal)
        decline();
      return literal;
    }
    case L::STRING:
      return strings();
    case L::ELLIPSIS:
      ++pos_;
      return std::make_unique<NameExpr>(at, "...");
    case L::NONE:
      ++pos_;
      return std::make_unique<NoneLiteralExpr>(at);
    case L::TRUE:
    case L::FALSE:
      ++pos_;
      return std::make_unique<BoolLiteralExpr>(at, t.type == L::TRUE);
    case L::OPEN_PAREN:
      return parenAtom();
    case L::OPEN_BRACK:
      return listAtom();
    case L::OPEN_BRACE:
      return braceAtom();
    default:
      decline(); // await, or no expression here
    }
  }

  // OPEN_PAREN (testlist_comp)? CLOSE_PAREN  (yield is refused)
  // testlist_comp : element (comp_for | (COMMA element)* COMMA?)
  ExprPtr parenAtom() {
    SourceLoc at = expect(L::OPEN_PAREN).loc;
    if (accept(L::CLOSE_PAREN))
      return std::make_unique<TupleExpr>(at, std::vector<ExprPtr>());
    ExprPtr first = compElement();
    if (type() == L::FOR || type() == L::ASYNC) {
      ExprPtr c = compFor(at, std::move(first), true);
      expect(L::CLOSE_PAREN);
      return c;
    }
    if (accept(L::CLOSE_PAREN))
      return first; // parentheses only group
    std::vector<ExprPtr> elements;
    elements.push_back(std::move(first));
    while (accept(L::COMMA) && type() != L::CLOSE_PAREN)
      elements.push_back(compElement());
    expect(L::CLOSE_PAREN);
    return std::make_unique<TupleExpr>(at, std::move(elements));
  }

  // OPEN_BRACK testlist_comp? CLOSE_BRACK
  ExprPtr listAtom() {
    SourceLoc at = expect(L::OPEN_BRACK).loc;
    std::vector<ExprPtr> elements;
    if (accept(L::CLOSE_BRACK))
      return std::make_unique<ListExpr>(at, std::move(elements));
    ExprPtr first = compElement();
    if (type() == L::FOR || type() == L::ASYNC) {
      ExprPtr c = compFor(at, std::move(first), false);
      expect(L::CLOSE_BRACK);
      return c;
    }
    elements.push_back(std::move(first));
    while (accept(L::COMMA) && type() != L::CLOSE_BRACK)
      elements.push_back(compElement());
    expect(L::CLOSE_BRACK);
    return std::make_unique<ListExpr>(at, std::move(elements));
  }

  // OPEN_BRACE dictorsetmaker? CLOSE_BRACE
  // dictorsetmaker : (dict_item | test) ((COMMA (dict_item | test))* COMMA?)
  // dict_item : test COLON test
  // (comprehensions, unpacking and a mix of items and elements are refused)
  ExprPtr braceAtom() {
    SourceLoc at = expect(L::OPEN_BRACE).loc;
    std::vector<ExprPtr> keys, values;
    if (accept(L::CLOSE_BRACE))
      return std::make_unique<DictExpr>(at, std::move(keys), std::move(values));
    bool isDict = false;
    do {
      if (type() == L::CLOSE_BRACE)
        break;
      if (type() == L::STAR || type() == L::POWER)
        decline();
      keys.push_back(test());
      bool item = accept(L::COLON);
      if (keys.size() == 1)
        isDict = item;
      else if (item != isDict)
        decline();
      if (item)
        values.push_back(test());
      if (type() == L::FOR || type() == L::ASYNC)
        decline();
    } while (accept(L::COMMA));
    expect(L::CLOSE_BRACE);
    if (isDict)
      return std::make_unique<DictExpr>(at, std::move(keys), std::move(values));
    return std::make_unique<SetExpr>(at, std::move(keys));
  }

  // STRING+
  ExprPtr strings() {
    SourceLoc at = loc();
    std::vector<StringPiece> pieces;
    while (type() == L::STRING) {
      pieces.push_back(StringPiece{&tok().text, tok().loc});
      ++pos_;
    }
    return buildStringAtom(pieces, at, *this);
  }

  const std::vector<LexedToken> &tokens_;
  size_t pos_ = 0;
  Module &module_;
  bool inFunction_ = false;
  FunctionDef *currentFunction_ = nullptr; ///< the def whose body is being parsed
  unsigned blockDepth_ = 0;                ///< enclosing blocks, elif branches included
  unsigned spent_ = 0;                     ///< of NodeBudget, in this statement
};

// An f-string field's expression is lexed and parsed on its own, as `(text)`
// so that it may span lines, with its tokens moved to where the text sits in
// the file (as AstBuilder::parseField does).
ExprPtr Parser::parseField(const std::string &text, SourceLoc loc) {
  SourceFile sub("<f-string>", "(" + text + ")\n");
  std::ostringstream sink;
  DiagnosticEngine subDiags(sub, sink);
  LexResult lexed = lexSource(sub, subDiags);
  if (lexed.fatal || subDiags.hasErrors())
    decline();
  for (LexedToken &t : lexed.tokens) {
    if (t.loc.line == 1)
      t.loc = SourceLoc{loc.line, t.loc.col + loc.col >= 2 ? t.loc.col + loc.col - 2 : 1};
    else
      t.loc.line += loc.line - 1;
  }
  Parser field(lexed.tokens, module_);
  return field.parseFieldTokens();
}

} // namespace

std::unique_ptr<Module> parseDirect(const std::vector<LexedToken> &tokens) {
  auto module = std::make_unique<Module>();
  try {
    Parser(tokens, *module).parseFile();
  } catch (const Decline &) {
    return nullptr;
  }
  return module;
}

} // namespace llcc
