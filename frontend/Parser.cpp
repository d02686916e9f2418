//===- Parser.cpp - Recursive descent from tokens straight to the AST ------===//
//
// The direct parser of Parser.h. Each method reads one rule of
// grammar/LlccParser.g4 (quoted above it) and builds what the AstBuilder
// builds from that rule's parse tree, with the same locations: the methods
// mirror AstBuilder.cpp and AstBuilderExpr.cpp, and literals are decoded by
// the shared code of ParserShared.h. This file holds the module level and
// the statements; ParserExpr.cpp the expressions; ParserImpl.h the class.
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
#include "ParserImpl.h"

#include "Frontend.h"
#include "Window.h"

#include <functional>
#include <limits>
#include <sstream>

namespace llcc {
namespace direct {

namespace {

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

/// True when AstBuilder::checkTarget would report `target` (`f() = 1`,
/// `(a, b) += 1`).
bool badTarget(const Expr *target, bool augmented) {
  switch (target->kind()) {
  case Expr::Kind::Name:
    return static_cast<const NameExpr *>(target)->name == "...";
  case Expr::Kind::Attribute:
  case Expr::Kind::Subscript:
    return false;
  case Expr::Kind::Call: {
    // `*rest` of a plain assignment's or a for loop's target (starTarget)
    auto &call = static_cast<const CallExpr &>(*target);
    const Expr *callee = call.callee.get();
    return augmented || callee->kind() != Expr::Kind::Name ||
           static_cast<const NameExpr *>(callee)->name != StarredTargetName ||
           badTarget(call.args[0].get(), false);
  }
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

} // namespace

//===--- Module ---------------------------------------------------------===//

// A statement at module level (AstBuilder::buildTopLevel): imports,
// constants and defs go to their own lists, the rest to otherStatements.
void Parser::topLevelStmt(bool first) {
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
    addModuleCompound(module_, compoundStmt());
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
    addModuleStatement(module_, simpleStmt(), first);
  } while (accept(L::SEMI) && type() != L::NEWLINE);
  expect(L::NEWLINE);
}

bool Parser::startsSimpleStmt() const {
  switch (type()) {
  case L::PASS:
  case L::BREAK:
  case L::CONTINUE:
  case L::RETURN:
  case L::IMPORT:
  case L::FROM:
  case L::ASSERT:
  case L::RAISE:
  case L::DEL:
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
void Parser::importStmt(const FunctionDef *function) {
  SourceLoc at = loc();
  if (accept(L::IMPORT)) {
    do {
      Import import;
      import.loc = at;
      import.function = function;
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
  import.function = function;
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
std::string Parser::dottedName() {
  std::string name = expect(L::NAME).text;
  while (type() == L::DOT) {
    ++pos_;
    name += "." + expect(L::NAME).text;
  }
  return name;
}

// decorator : AT dotted_name (OPEN_PAREN arglist? CLOSE_PAREN)? NEWLINE
std::vector<Decorator> Parser::decoratorList() {
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
std::unique_ptr<FunctionDef> Parser::funcdef(std::vector<Decorator> decorators) {
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
// param : NAME (COLON test)? (ASSIGN test)? | STAR (a bare `*`: the
// parameters after it are keyword-only; the other forms are refused)
void Parser::parameters(FunctionDef &fn) {
  expect(L::OPEN_PAREN);
  bool sawDefault = false;
  bool keywordOnly = false;
  while (type() != L::CLOSE_PAREN) {
    if (type() == L::STAR) {
      if (keywordOnly || type(1) != L::COMMA)
        decline(); // `*args`, a second `*`, or `*)` (refused with its message)
      keywordOnly = true;
      pos_ += 2;
      continue;
    }
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
    } else if (sawDefault && !keywordOnly) {
      decline(); // a parameter without a default after one with
    }
    fn.params.push_back(Param{name.loc, name.text, std::move(defaultValue)});
    fn.params.back().keywordOnly = keywordOnly;
    if (!accept(L::COMMA))
      break;
  }
  if (keywordOnly && (fn.params.empty() || !fn.params.back().keywordOnly))
    decline(); // named arguments must follow bare *
  expect(L::CLOSE_PAREN);
}

//===--- Statements -----------------------------------------------------===//

// suite : simple_stmts | NEWLINE INDENT stmt+ DEDENT
Block Parser::suite(unsigned extraDepth) {
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
void Parser::stmt(Block &out) {
  switch (type()) {
  case L::IF:
  case L::WHILE:
  case L::FOR:
  case L::TRY:
  case L::WITH:
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
void Parser::simpleStmts(Block &out) {
  bool importsHere = inFunction_ && currentFunction_;
  if (!startsSimpleStmt() || (!importsHere && (type() == L::IMPORT || type() == L::FROM)))
    decline(); // an import inside a block at module level is refused
  do {
    if (importsHere && (type() == L::IMPORT || type() == L::FROM)) {
      // Kept with the module's imports, naming its function; a pass
      // holds its place in the body (AstBuilder::buildImport).
      SourceLoc at = loc();
      importStmt(currentFunction_);
      out.push_back(std::make_unique<PassStmt>(at));
      continue;
    }
    out.push_back(simpleStmt());
  } while (accept(L::SEMI) && type() != L::NEWLINE);
  expect(L::NEWLINE);
}

// simple_stmt : expr_stmt | pass_stmt | break_stmt | continue_stmt
//             | return_stmt | assert | raise | del (the others are refused)
StmtPtr Parser::simpleStmt() {
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
  case L::DEL: { // `del a, b`: the targets flattened, as the AstBuilder does
    ++pos_;
    std::vector<ExprPtr> targets;
    std::function<void(ExprPtr)> add = [&](ExprPtr t) {
      if (t->kind() == Expr::Kind::Tuple) {
        for (ExprPtr &el : static_cast<TupleExpr &>(*t).elements)
          add(std::move(el));
        return;
      }
      if (t->kind() != Expr::Kind::Name && t->kind() != Expr::Kind::Subscript &&
          t->kind() != Expr::Kind::Attribute)
        decline(); // CPython's SyntaxError; the AstBuilder's AST is the reference
      targets.push_back(std::move(t));
    };
    add(topLevelExpr([&] { return exprList(); }));
    return std::make_unique<DelStmt>(at, std::move(targets));
  }
  case L::RAISE: {
    ++pos_;
    ExprPtr exception;
    if (type() != L::NEWLINE && type() != L::SEMI)
      exception = topLevelExpr([&] { return test(); });
    if (accept(L::FROM)) { // the cause is dropped (AstBuilder's rule)
      ExprPtr cause = topLevelExpr([&] { return test(); });
      if (cause->kind() != Expr::Kind::Name && cause->kind() != Expr::Kind::NoneLiteral)
        decline();
    }
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
StmtPtr Parser::exprStmt() {
  SourceLoc at = loc();
  // Starred targets are built in every part and declined afterwards where
  // the AstBuilder refuses them: anywhere but the targets of a plain
  // assignment (`first, *rest = sorted(values)`).
  unsigned starsBefore = starsBuilt_;
  starTargets_ = true;
  ExprPtr first = topLevelExpr([&] { return testList(true); });
  starTargets_ = false;
  bool starredFirst = starsBuilt_ != starsBefore;
  if (starredFirst && type() != L::ASSIGN)
    decline();
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
  bool starredValue = false;
  while (accept(L::ASSIGN)) {
    if (value)
      targets.push_back(std::move(value));
    unsigned before = starsBuilt_;
    starTargets_ = true;
    value = statementValue(true);
    starTargets_ = false;
    starredValue = starsBuilt_ != before;
  }
  if (starredValue)
    decline(); // `x = *a, b`: the AstBuilder reports the starred value
  for (const ExprPtr &target : targets)
    if (badTarget(target.get(), false))
      decline();
  return std::make_unique<AssignStmt>(at, std::move(targets), std::move(value));
}

/// The right-hand side of an assignment: testlist_star_expr (or testlist
/// after an augmented operator).
ExprPtr Parser::statementValue(bool star) {
  if (type() == L::YIELD)
    decline();
  return topLevelExpr([&] { return testList(star); });
}

// compound_stmt : if_stmt | while_stmt | for_stmt
StmtPtr Parser::compoundStmt() {
  spent_ = 0;
  switch (type()) {
  case L::IF:
    return ifStmt();
  case L::WHILE:
    return whileStmt();
  case L::TRY:
    return tryStmt();
  case L::WITH:
    return withStmt();
  default:
    return forStmt();
  }
}

// try_stmt : TRY COLON suite ((except_clause COLON suite)+ (ELSE COLON suite)?
//            (FINALLY COLON suite)? | FINALLY COLON suite)
// except_clause : EXCEPT (test (AS NAME)?)?
StmtPtr Parser::tryStmt() {
  SourceLoc at = expect(L::TRY).loc;
  expect(L::COLON);
  Block body = suite();
  std::vector<ExceptClause> handlers;
  while (type() == L::EXCEPT) {
    ExceptClause h;
    h.loc = loc();
    ++pos_;
    spent_ = 0;
    if (type() != L::COLON) {
      h.type = topLevelExpr([&] { return test(); });
      if (accept(L::AS))
        h.asName = expect(L::NAME).text;
    }
    expect(L::COLON);
    h.body = suite();
    handlers.push_back(std::move(h));
  }
  Block elseBody;
  if (!handlers.empty() && accept(L::ELSE)) {
    expect(L::COLON);
    elseBody = suite();
  }
  SourceLoc finallyLoc;
  Block finallyBody;
  if (type() == L::FINALLY) {
    finallyLoc = loc();
    ++pos_;
    expect(L::COLON);
    finallyBody = suite();
  } else if (handlers.empty()) {
    decline(); // a try with neither except nor finally
  }
  return std::make_unique<TryStmt>(at, std::move(body), std::move(handlers), std::move(elseBody),
                                   std::move(finallyBody), finallyLoc);
}

// if_stmt : IF namedexpr_test COLON suite (ELIF namedexpr_test COLON suite)*
//           (ELSE COLON suite)?
StmtPtr Parser::ifStmt() {
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

// with_stmt : WITH with_item (COMMA with_item)* COLON suite
// with_item : test (AS expr)?
// As AstBuilder::buildWith: an `if` on `llcc.with(context, ...)`; `as`
// targets are refused there, so declined here.
StmtPtr Parser::withStmt() {
  SourceLoc at = expect(L::WITH).loc;
  std::vector<ExprPtr> contexts;
  do {
    spent_ = 0;
    contexts.push_back(topLevelExpr([&] { return test(); }));
    if (type() == L::AS)
      decline();
  } while (accept(L::COMMA));
  expect(L::COLON);
  auto cond = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, WithBuiltin),
                                         std::move(contexts), std::vector<KeywordArg>{});
  return std::make_unique<IfStmt>(at, std::move(cond), suite(), Block());
}

// while_stmt : WHILE namedexpr_test COLON suite (ELSE COLON suite)?
StmtPtr Parser::whileStmt() {
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
StmtPtr Parser::forStmt() {
  SourceLoc at = expect(L::FOR).loc;
  starTargets_ = true; // `for *_, w in pts`
  ExprPtr target = topLevelExpr([&] { return exprList(); });
  starTargets_ = false;
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

} // namespace direct

std::unique_ptr<Module> parseDirect(const std::vector<LexedToken> &tokens) {
  auto module = std::make_unique<Module>();
  try {
    direct::Parser(tokens, *module).parseFile();
  } catch (const direct::Decline &) {
    return nullptr;
  }
  return module;
}

} // namespace llcc
