//===- ParserExpr.cpp - The direct parser's expressions ------------------===//
//
// The expression rules of grammar/LlccParser.g4, from `test` down to
// `atom`, as methods of Parser.cpp's class (ParserImpl.h): each builds what
// AstBuilderExpr.cpp builds from the same rule's parse tree, and declines
// where that would report. Binary operators fold iteratively, one loop per
// precedence level (`binary`), so `a + b + ... + z` costs no recursion.
//
//===----------------------------------------------------------------------===//
#include "ParserImpl.h"

#include "Frontend.h"

#include <limits>
#include <sstream>

namespace llcc {
namespace direct {

namespace {

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

} // namespace

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

// namedexpr_test : test (WALRUS test)?  (a target other than a name is declined)
ExprPtr Parser::namedExprTest() {
  SourceLoc at = loc();
  ExprPtr e = test();
  if (type() != L::WALRUS)
    return e;
  if (e->kind() != Expr::Kind::Name)
    decline(); // cannot use assignment expressions with ...
  ++pos_;
  ExprPtr value = test();
  return std::make_unique<NamedExpr>(at, std::move(e), std::move(value));
}

// test : or_test (IF or_test ELSE test)? | lambdef
ExprPtr Parser::test() {
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
ExprPtr Parser::lambdef() {
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
ExprPtr Parser::orTest() {
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
ExprPtr Parser::andTest() {
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
ExprPtr Parser::notTest() {
  if (type() != L::NOT)
    return comparison();
  SourceLoc at = loc();
  ++pos_;
  spend();
  return std::make_unique<UnaryExpr>(at, UnaryExpr::Op::Not, notTest());
}

// comparison : expr (comp_op expr)*
// comp_op : LT | GT | EQ | GE | LE | NE | IN | NOT IN | IS | IS NOT
ExprPtr Parser::comparison() {
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
ExprPtr Parser::binary(int level) {
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
ExprPtr Parser::factor() {
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
ExprPtr Parser::power() {
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
ExprPtr Parser::atomExpr() {
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
// argument : namedexpr_test comp_for? | NAME ASSIGN test  (unpacking is refused)
ExprPtr Parser::call(ExprPtr callee, SourceLoc at) {
  std::vector<ExprPtr> args;
  std::vector<KeywordArg> keywords;
  // `f(*x)` or `f(*x, k=v)`: a starred call (the AstBuilder's rule).
  bool starred = accept(L::STAR);
  if (starred) {
    args.push_back(test());
    if (!accept(L::COMMA))
      return finishStarred(std::move(callee), at, std::move(args), std::move(keywords));
  }
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
    if (!keywords.empty() || starred)
      decline(); // positional argument follows keyword argument, or a second positional
    ExprPtr arg = namedExprTest();
    if (type() == L::FOR || type() == L::ASYNC)
      arg = compFor(argLoc, std::move(arg), true);
    args.push_back(std::move(arg));
  } while (accept(L::COMMA));
  if (starred)
    return finishStarred(std::move(callee), at, std::move(args), std::move(keywords));
  expect(L::CLOSE_PAREN);
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args), std::move(keywords));
}

ExprPtr Parser::finishStarred(ExprPtr callee, SourceLoc at, std::vector<ExprPtr> args,
                              std::vector<KeywordArg> keywords) {
  expect(L::CLOSE_PAREN);
  auto call =
      std::make_unique<CallExpr>(at, std::move(callee), std::move(args), std::move(keywords));
  call->starred = true;
  return call;
}

// subscriptlist : subscript (COMMA subscript)* COMMA?
ExprPtr Parser::subscriptList() {
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
ExprPtr Parser::subscript() {
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
ExprPtr Parser::testList(bool star) {
  SourceLoc at = loc();
  auto element = [&] { return star && type() == L::STAR ? starTarget() : test(); };
  ExprPtr first = element();
  if (type() != L::COMMA)
    return first;
  std::vector<ExprPtr> elements;
  elements.push_back(std::move(first));
  while (accept(L::COMMA) && (startsTest(type()) || (star && type() == L::STAR)))
    elements.push_back(element());
  return std::make_unique<TupleExpr>(at, std::move(elements));
}

// exprlist : (expr | star_expr) (COMMA (expr | star_expr))* COMMA?
ExprPtr Parser::exprList() {
  SourceLoc at = loc();
  auto element = [&] { return type() == L::STAR ? starTarget() : binary(0); };
  if (!startsExpr(type()) && type() != L::STAR)
    decline(); // no expression
  ExprPtr first = element();
  if (type() != L::COMMA)
    return first;
  std::vector<ExprPtr> elements;
  elements.push_back(std::move(first));
  while (accept(L::COMMA) && (startsExpr(type()) || type() == L::STAR))
    elements.push_back(element());
  return std::make_unique<TupleExpr>(at, std::move(elements));
}

// star_expr : STAR expr (AstBuilderExpr.cpp's RuleStar_expr)
ExprPtr Parser::starTarget() {
  if (!starTargets_)
    decline(); // a starred expression outside a target: the AstBuilder reports it
  SourceLoc at = expect(L::STAR).loc;
  spend();
  std::vector<ExprPtr> args;
  args.push_back(binary(0));
  ++starsBuilt_;
  return std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, StarredTargetName),
                                    std::move(args), std::vector<KeywordArg>{});
}

// comp_for : FOR exprlist IN or_test comp_clause*
// comp_clause : FOR exprlist IN or_test | IF or_test  (async is refused)
ExprPtr Parser::compFor(SourceLoc at, ExprPtr element, bool generator) {
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
ExprPtr Parser::compElement() {
  if (type() == L::STAR)
    decline();
  return namedExprTest();
}

// atom : ( ... ) | [ ... ] | { ... } | NAME | number | STRING+ | ELLIPSIS
//      | NONE | TRUE | FALSE
ExprPtr Parser::atom() {
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
ExprPtr Parser::parenAtom() {
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
ExprPtr Parser::listAtom() {
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
// (a set comprehension is set() of its generator, a dict comprehension
// dict() of its generator of pairs; unpacking and a mix of items and
// elements are refused)
ExprPtr Parser::braceAtom() {
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
    if ((type() == L::FOR || type() == L::ASYNC) && keys.size() == 1) {
      // {x for x in a} is set(x for x in a) and {k: v for x in a} is
      // dict((k, v) for x in a), as the AstBuilder builds them.
      ExprPtr element = std::move(keys[0]);
      if (isDict) {
        SourceLoc keyAt = element->loc();
        std::vector<ExprPtr> pair;
        pair.push_back(std::move(element));
        pair.push_back(std::move(values[0]));
        element = std::make_unique<TupleExpr>(keyAt, std::move(pair));
      }
      std::vector<ExprPtr> args;
      args.push_back(compFor(at, std::move(element), true));
      expect(L::CLOSE_BRACE);
      return std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, isDict ? "dict" : "set"),
                                        std::move(args), std::vector<KeywordArg>{});
    }
    if (type() == L::FOR || type() == L::ASYNC)
      decline();
  } while (accept(L::COMMA));
  expect(L::CLOSE_BRACE);
  if (isDict)
    return std::make_unique<DictExpr>(at, std::move(keys), std::move(values));
  return std::make_unique<SetExpr>(at, std::move(keys));
}

// STRING+
ExprPtr Parser::strings() {
  SourceLoc at = loc();
  std::vector<StringPiece> pieces;
  while (type() == L::STRING) {
    pieces.push_back(StringPiece{&tok().text, tok().loc});
    ++pos_;
  }
  return buildStringAtom(pieces, at, *this);
}

} // namespace direct
} // namespace llcc
