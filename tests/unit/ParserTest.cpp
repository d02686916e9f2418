//===- ParserTest.cpp - Unit tests of parseModule and dumpAst --------------===//
//
// Checks the AST that parseModule builds (through dumpAst, whose format is
// itself under test, and by walking the tree): operator precedence,
// statements, module structure, unsupported constructs, syntax error
// messages and recovery, and the nesting limits.
//
//===----------------------------------------------------------------------===//
#include "AstBuilder.h"
#include "Frontend.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace llcc;

namespace {

struct Parsed {
  std::unique_ptr<Module> module;
  std::string ast;
  std::string errors;
  unsigned errorCount = 0;
};

Parsed parse(const std::string &source) {
  SourceFile file("t.py", source);
  std::ostringstream diagOut;
  DiagnosticEngine diags(file, diagOut);
  Parsed p;
  p.module = parseModule(file, diags);
  REQUIRE(p.module != nullptr);
  std::ostringstream ast;
  dumpAst(*p.module, ast, false);
  p.ast = ast.str();
  p.errors = diagOut.str();
  p.errorCount = diags.errorCount();
  return p;
}

/// The dump of the value of `x = <expr>`, without the Module/Constant lines
/// and with their indentation removed.
std::string exprDump(const std::string &expr) {
  Parsed p = parse("x = " + expr + "\n");
  CHECK_MESSAGE(p.errorCount == 0, p.errors);
  std::istringstream in(p.ast);
  std::string line, out;
  std::getline(in, line); // Module
  std::getline(in, line); // Constant x
  while (std::getline(in, line))
    out += line.substr(4) + "\n";
  return out;
}

bool has(const std::string &haystack, const std::string &needle) {
  return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("power binds tighter than unary minus on its left") {
  CHECK(exprDump("-2**2") == "Unary - @1:5\n"
                             "  Binary ** @1:7\n"
                             "    Int 2 @1:6\n"
                             "    Int 2 @1:9\n");
  CHECK(exprDump("2**-1") == "Binary ** @1:6\n"
                             "  Int 2 @1:5\n"
                             "  Unary - @1:8\n"
                             "    Int 1 @1:9\n");
  // Right-associative.
  CHECK(exprDump("a**b**c") == "Binary ** @1:6\n"
                               "  Name a @1:5\n"
                               "  Binary ** @1:9\n"
                               "    Name b @1:8\n"
                               "    Name c @1:11\n");
}

TEST_CASE("multiplication binds tighter than addition, both left-associative") {
  CHECK(exprDump("a + b * c") == "Binary + @1:7\n"
                                 "  Name a @1:5\n"
                                 "  Binary * @1:11\n"
                                 "    Name b @1:9\n"
                                 "    Name c @1:13\n");
  CHECK(exprDump("a - b - c") == "Binary - @1:11\n"
                                 "  Binary - @1:7\n"
                                 "    Name a @1:5\n"
                                 "    Name b @1:9\n"
                                 "  Name c @1:13\n");
  CHECK(exprDump("a // b % c @ d / e") == "Binary / @1:20\n"
                                          "  Binary @ @1:16\n"
                                          "    Binary % @1:12\n"
                                          "      Binary // @1:7\n"
                                          "        Name a @1:5\n"
                                          "        Name b @1:10\n"
                                          "      Name c @1:14\n"
                                          "    Name d @1:18\n"
                                          "  Name e @1:22\n");
}

TEST_CASE("bitwise and shift precedence") {
  CHECK(exprDump("a | b ^ c & d << e + f") == "Binary | @1:7\n"
                                              "  Name a @1:5\n"
                                              "  Binary ^ @1:11\n"
                                              "    Name b @1:9\n"
                                              "    Binary & @1:15\n"
                                              "      Name c @1:13\n"
                                              "      Binary << @1:19\n"
                                              "        Name d @1:17\n"
                                              "        Binary + @1:24\n"
                                              "          Name e @1:22\n"
                                              "          Name f @1:26\n");
  CHECK(exprDump("~a >> 1") == "Binary >> @1:8\n"
                               "  Unary ~ @1:5\n"
                               "    Name a @1:6\n"
                               "  Int 1 @1:11\n");
}

TEST_CASE("comparisons chain") {
  CHECK(exprDump("a < b <= c") == "Compare < <= @1:7\n"
                                  "  Name a @1:5\n"
                                  "  Name b @1:9\n"
                                  "  Name c @1:14\n");
  CHECK(exprDump("a is not b in c not in d != e") == "Compare is not in not in != @1:7\n"
                                                     "  Name a @1:5\n"
                                                     "  Name b @1:14\n"
                                                     "  Name c @1:19\n"
                                                     "  Name d @1:28\n"
                                                     "  Name e @1:33\n");
}

TEST_CASE("not binds looser than comparison, and/or looser still") {
  CHECK(exprDump("not a == b") == "Unary not @1:5\n"
                                  "  Compare == @1:11\n"
                                  "    Name a @1:9\n"
                                  "    Name b @1:14\n");
  CHECK(exprDump("a or b and not c") == "Binary or @1:7\n"
                                        "  Name a @1:5\n"
                                        "  Binary and @1:12\n"
                                        "    Name b @1:10\n"
                                        "    Unary not @1:16\n"
                                        "      Name c @1:20\n");
}

TEST_CASE("conditional expressions") {
  // Printed as then, condition, else.
  CHECK(exprDump("a if b or c else d if e else f") == "IfExp @1:5\n"
                                                      "  Name a @1:5\n"
                                                      "  Binary or @1:12\n"
                                                      "    Name b @1:10\n"
                                                      "    Name c @1:15\n"
                                                      "  IfExp @1:22\n"
                                                      "    Name d @1:22\n"
                                                      "    Name e @1:27\n"
                                                      "    Name f @1:34\n");
}

TEST_CASE("atoms: calls, attributes, subscripts, slices, tuples, lists") {
  CHECK(exprDump("np.sqrt(a, k=1)[i, 1:]") == "Subscript @1:5\n"
                                              "  Call @1:5\n"
                                              "    Attribute .sqrt @1:5\n"
                                              "      Name np @1:5\n"
                                              "    Name a @1:13\n"
                                              "    Keyword k @1:16\n"
                                              "      Int 1 @1:18\n"
                                              "  Tuple @1:21\n"
                                              "    Name i @1:21\n"
                                              "    Slice start @1:24\n"
                                              "      Int 1 @1:24\n");
  CHECK(exprDump("a[::2]") == "Subscript @1:5\n"
                              "  Name a @1:5\n"
                              "  Slice step @1:7\n"
                              "    Int 2 @1:9\n");
  CHECK(exprDump("a[:]") == "Subscript @1:5\n"
                            "  Name a @1:5\n"
                            "  Slice @1:7\n");
  CHECK(exprDump("a[...]") == "Subscript @1:5\n"
                              "  Name a @1:5\n"
                              "  Name ... @1:7\n");
  CHECK(exprDump("(a, b)") == "Tuple @1:5\n"
                              "  Name a @1:6\n"
                              "  Name b @1:9\n");
  CHECK(exprDump("()") == "Tuple @1:5\n");
  CHECK(exprDump("(a)") == "Name a @1:6\n");
  CHECK(exprDump("[1, 2.5,]") == "List @1:5\n"
                                 "  Int 1 @1:6\n"
                                 "  Float 2.5 @1:9\n");
  CHECK(exprDump("True, False, None") == "Tuple @1:5\n"
                                         "  Bool True @1:5\n"
                                         "  Bool False @1:11\n"
                                         "  None @1:18\n");
}

TEST_CASE("number literals") {
  CHECK(exprDump("1_000") == "Int 1000 @1:5\n");
  CHECK(exprDump("0x_1F") == "Int 31 @1:5\n");
  CHECK(exprDump("0o17") == "Int 15 @1:5\n");
  CHECK(exprDump("0b101") == "Int 5 @1:5\n");
  CHECK(exprDump("1e-3") == "Float 0.001 @1:5\n");
  CHECK(exprDump(".5") == "Float 0.5 @1:5\n");
  CHECK(exprDump("2.") == "Float 2.0 @1:5\n");
  CHECK(exprDump("1_0.5e1_0") == "Float 105000000000.0 @1:5\n");
  CHECK(exprDump("9223372036854775807") == "Int 9223372036854775807 @1:5\n");
  CHECK(exprDump("-9223372036854775808") == "Int -9223372036854775808 @1:5\n");

  Parsed big = parse("x = " + std::string(200, '7') + "\n");
  CHECK(big.errorCount == 0);
  REQUIRE(big.module->constants.size() == 1);
  auto *lit = static_cast<IntLiteralExpr *>(big.module->constants[0].value.get());
  REQUIRE(lit->kind() == Expr::Kind::IntLiteral);
  CHECK(lit->overflow);
  CHECK(static_cast<IntLiteralExpr *>(
            parse("x = 9223372036854775808\n").module->constants[0].value.get())
            ->overflow);

  Parsed complex = parse("x = 1j\n");
  CHECK(has(complex.errors, "t.py:1:5: error: complex numbers are not supported"));
}

TEST_CASE("string literals concatenate and decode escapes") {
  CHECK(exprDump("'a' \"b\" r'\\n' '\\x41\\n'") == "String 'ab\\\\nA\\n' @1:5\n");
  CHECK(exprDump("'''one\ntwo'''") == "String 'one\\ntwo' @1:5\n");
  Parsed f = parse("def g():\n    x = f'a{y!r:>8}{{b}}'\n");
  CHECK_MESSAGE(f.errorCount == 0, f.errors);
  CHECK(has(f.ast, "FString 'a' {!r:>8} '{b}' @2:9"));
  CHECK(has(f.ast, "Name y @2:13"));
}

TEST_CASE("statements of a function") {
  Parsed p = parse("def f(values, k=2):\n"
                   "    \"\"\"Doc.\"\"\"\n"
                   "    a, b = b, a\n"
                   "    a = b = 0\n"
                   "    (c, d) = 1, 2\n"
                   "    a += 1; b -= 2\n"
                   "    while a: a //= 2\n"
                   "    else: pass\n"
                   "    for i, v in values:\n"
                   "        if v: break\n"
                   "        continue\n"
                   "    else:\n"
                   "        pass\n"
                   "    return a, b\n");
  CHECK_MESSAGE(p.errorCount == 0, p.errors);
  CHECK(p.ast == "Module\n"
                 "  FunctionDef f(values, k) @1:1\n"
                 "    Default k @1:15\n"
                 "      Int 2 @1:17\n"
                 "    ExprStmt @2:5\n"
                 "      String 'Doc.' @2:5\n"
                 "    Assign @3:5\n"
                 "      Tuple @3:5\n"
                 "        Name a @3:5\n"
                 "        Name b @3:8\n"
                 "      Tuple @3:12\n"
                 "        Name b @3:12\n"
                 "        Name a @3:15\n"
                 "    Assign @4:5\n"
                 "      Name a @4:5\n"
                 "      Name b @4:9\n"
                 "      Int 0 @4:13\n"
                 "    Assign @5:5\n"
                 "      Tuple @5:5\n"
                 "        Name c @5:6\n"
                 "        Name d @5:9\n"
                 "      Tuple @5:14\n"
                 "        Int 1 @5:14\n"
                 "        Int 2 @5:17\n"
                 "    AugAssign += @6:5\n"
                 "      Name a @6:5\n"
                 "      Int 1 @6:10\n"
                 "    AugAssign -= @6:13\n"
                 "      Name b @6:13\n"
                 "      Int 2 @6:18\n"
                 "    While @7:5\n"
                 "      Name a @7:11\n"
                 "      Body\n"
                 "        AugAssign //= @7:14\n"
                 "          Name a @7:14\n"
                 "          Int 2 @7:20\n"
                 "      Else\n"
                 "        Pass @8:11\n"
                 "    For @9:5\n"
                 "      Tuple @9:9\n"
                 "        Name i @9:9\n"
                 "        Name v @9:12\n"
                 "      Name values @9:17\n"
                 "      Body\n"
                 "        If @10:9\n"
                 "          Name v @10:12\n"
                 "          Then\n"
                 "            Break @10:15\n"
                 "        Continue @11:9\n"
                 "      Else\n"
                 "        Pass @13:9\n"
                 "    Return @14:5\n"
                 "      Tuple @14:12\n"
                 "        Name a @14:12\n"
                 "        Name b @14:15\n");
}

TEST_CASE("every augmented assignment operator") {
  const char *ops[] = {"+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>", "@"};
  for (const char *op : ops) {
    Parsed p = parse(std::string("def f():\n    x ") + op + "= 1\n");
    CHECK_MESSAGE(p.errorCount == 0, p.errors);
    REQUIRE(p.module->functions.size() == 1);
    const Stmt &s = *p.module->functions[0]->body.at(0);
    REQUIRE(s.kind() == Stmt::Kind::AugAssign);
    CHECK(std::string(binaryOpSpelling(static_cast<const AugAssignStmt &>(s).op)) == op);
  }
}

TEST_CASE("elif chains nest in the else block") {
  Parsed p = parse("def f(x):\n"
                   "    if x < 0:\n"
                   "        return -1\n"
                   "    elif x == 0:\n"
                   "        return 0\n"
                   "    elif x > 9: return 9\n"
                   "    else:\n"
                   "        return 1\n");
  CHECK_MESSAGE(p.errorCount == 0, p.errors);
  const auto &outer = static_cast<const IfStmt &>(*p.module->functions.at(0)->body.at(0));
  REQUIRE(outer.elseBody.size() == 1);
  REQUIRE(outer.elseBody[0]->kind() == Stmt::Kind::If);
  const auto &elif1 = static_cast<const IfStmt &>(*outer.elseBody[0]);
  CHECK(elif1.loc().line == 4);
  CHECK(elif1.loc().col == 5);
  REQUIRE(elif1.elseBody.size() == 1);
  const auto &elif2 = static_cast<const IfStmt &>(*elif1.elseBody[0]);
  CHECK(elif2.loc().line == 6);
  REQUIRE(elif2.elseBody.size() == 1);
  CHECK(elif2.elseBody[0]->kind() == Stmt::Kind::Return);
}

TEST_CASE("module structure: imports, constants, functions, other statements") {
  Parsed p = parse("\"\"\"Module docstring.\"\"\"\n"
                   "import numpy as np\n"
                   "import math, os.path\n"
                   "from math import sqrt, pi as PI\n"
                   "from llcc import (filter,\n"
                   "                  transform)\n"
                   "N = 3\n"
                   "SCALE: float = 2.0\n"
                   "A = B = 0\n"
                   "print(N)\n"
                   "\n"
                   "@llcc.filter\n"
                   "@other()\n"
                   "def f(x: float) -> float:\n"
                   "    return x\n");
  CHECK_MESSAGE(p.errorCount == 0, p.errors);
  CHECK(p.ast == "Module\n"
                 "  Import numpy as np @2:1\n"
                 "  Import math @3:1\n"
                 "  Import os.path @3:1\n"
                 "  ImportFrom math: sqrt, pi as PI @4:1\n"
                 "  ImportFrom llcc: filter, transform @5:1\n"
                 "  Constant N @7:1\n"
                 "    Int 3 @7:5\n"
                 "  Constant SCALE @8:1\n"
                 "    Float 2.0 @8:16\n"
                 "  FunctionDef f(x) @14:1\n"
                 "    Decorator llcc.filter @12:1\n"
                 "    Decorator other() @13:1\n"
                 "    Return @15:5\n"
                 "      Name x @15:12\n"
                 "  Assign @9:1\n"
                 "    Name A @9:1\n"
                 "    Name B @9:5\n"
                 "    Int 0 @9:9\n"
                 "  ExprStmt @10:1\n"
                 "    Call @10:1\n"
                 "      Name print @10:1\n"
                 "      Name N @10:7\n");
  const Import &from = p.module->imports.at(3);
  CHECK(from.isFrom);
  CHECK(from.alias == "math");
  REQUIRE(from.nameLocs.size() == 2);
  CHECK(from.nameLocs[1].col == 24);
  const FunctionDef &fn = *p.module->functions.at(0);
  CHECK(fn.nameLoc.col == 5);
  CHECK(fn.decorators.at(0).dottedName == "llcc.filter");
  CHECK_FALSE(fn.decorators.at(0).called);
  CHECK(fn.decorators.at(1).called);
}

TEST_CASE("valid Python that llcc does not compile becomes UnsupportedStmt (try: a TryStmt)") {
  // A module-level class of constants or NamedTuple fields is compiled
  // (AstBuilderClass.cpp); one inside a block is not.
  Parsed p = parse("if y:\n    class A: pass\n"
                   "with open(f) as g: pass\n"
                   "try:\n    pass\nexcept E:\n    pass\n"
                   "from . import x\n"
                   "from m import *\n"
                   "def f():\n"
                   "    global y\n"
                   "    h = lambda *a: 1\n"
                   "    def g(): pass\n"
                   "    import os\n"
                   "    z = [i for i in y for j in y]\n"
                   "    del z\n"
                   "    assert z\n"
                   "    raise E from z()\n"
                   "    x = yield 1\n"
                   "    w = {**y}\n"
                   "    if (n := 1): pass\n"
                   "    q: int\n"
                   "    async def a(): pass\n");
  CHECK_MESSAGE(p.errorCount == 0, p.errors);
  CHECK(has(p.ast, "Unsupported class @2:5\n"));
  CHECK(has(p.ast, "  Unsupported with ... as @3:14\n"));
  CHECK(has(p.ast, "  Try @4:1\n")); // compiled since try/except support
  CHECK(has(p.ast, "  Unsupported relative import @8:1\n"));
  CHECK(has(p.ast, "  Unsupported import * @9:1\n"));
  CHECK(has(p.ast, "    Unsupported `global y` (module-level names are read-only"));
  CHECK(has(p.ast, "    Unsupported lambda parameter with a default, '*' or '**' @12:16\n"));
  CHECK(has(p.ast, "FunctionDef f.g() @13:5\n"));
  // kept with the module's imports, naming its function (SemaFunctionImports.cpp)
  CHECK(has(p.ast, "  Import os in f @14:5\n"));
  CHECK(has(p.ast, "    Pass @14:5\n"));
  CHECK(!has(p.ast, "Unsupported comprehension")); // several for clauses are supported
  CHECK(has(p.ast, "    Del @16:5\n"));            // compiled since del of locals (SemaTry.cpp)
  CHECK(has(p.ast, "    Assert @17:5\n"));
  CHECK(has(p.ast, "    Unsupported raise with 'from' of an expression @18:13\n"));
  CHECK(has(p.ast, "    Unsupported yield as a value (`x = yield e`, send) @19:9\n"));
  CHECK(has(p.ast, "    Unsupported dict unpacking @20:10\n"));
  CHECK(has(p.ast, "      Named n @21:9\n")); // compiled since := support (SemaWalrus.cpp)
  CHECK(has(p.ast, "    Unsupported variable annotation without a value @22:5\n"));
  CHECK(has(p.ast, "    Unsupported async @23:5\n"));
}

TEST_CASE("unsupported parameters and invalid targets are reported") {
  Parsed p = parse("def f(a, *args, **kw): pass\n"
                   "def g(a=1, b): pass\n"
                   "def h(a, a): pass\n"
                   "def k(x=lambda: 0): pass\n"
                   "def m():\n"
                   "    f() = 1\n"
                   "    a + 1 = 2\n"
                   "    (a, b) += 1\n"
                   "    for 1 in x: pass\n");
  CHECK(has(p.errors, "t.py:1:10: error: '*args' parameters are not supported in llcc filters"));
  CHECK(has(p.errors, "t.py:1:17: error: '**kw' parameters are not supported in llcc filters"));
  CHECK(has(p.errors,
            "t.py:2:12: error: parameter without a default follows parameter with a default"));
  CHECK(has(p.errors, "t.py:3:10: error: duplicate argument 'a' in function definition"));
  CHECK(has(p.errors, "t.py:6:5: error: cannot assign to function call"));
  CHECK(has(p.errors, "t.py:7:7: error: cannot assign to expression"));
  CHECK(has(p.errors, "t.py:8:5: error: 'tuple' is an illegal expression for augmented"));
  CHECK(has(p.errors, "t.py:9:9: error: cannot assign to literal"));
  CHECK(p.module->functions.size() == 5);
}

TEST_CASE("syntax errors speak Python") {
  CHECK(has(parse("if x\n    y = 1\n").errors, "t.py:1:5: error: expected ':'\n"));
  CHECK(has(parse("def f(x)\n    return x\n").errors, "t.py:1:9: error: expected ':'\n"));
  CHECK(has(parse("for x in y\n    pass\n").errors, "t.py:1:11: error: expected ':'\n"));
  CHECK(has(parse("def f(x):\nreturn x\n").errors,
            "t.py:2:1: error: expected an indented block after function definition on line 1\n"));
  CHECK(has(parse("if x:\n    pass\nelse:\ny = 1\n").errors,
            "t.py:4:1: error: expected an indented block after 'else' statement on line 3\n"));
  CHECK(has(parse("x = 1\n    y = 2\n").errors, "t.py:2:5: error: unexpected indent\n"));
  CHECK(has(parse("x = = 1\n").errors, "t.py:1:5: error: invalid syntax\n"));
  CHECK(has(parse("f(a b)\n").errors, "t.py:1:5: error: expected ')'\n"));
  // The error line is echoed with a caret.
  CHECK(has(parse("x = 1 +\n").errors, "t.py:1:8: error: invalid syntax\n    x = 1 +\n"));
}

TEST_CASE("all syntax errors of a file are reported and good code is kept") {
  Parsed p = parse("x = = 1\n"
                   "def f(a):\n"
                   "    y = 3 3\n"
                   "    return a\n"
                   "if z\n"
                   "    pass\n"
                   "def g(b):\n"
                   "    return b +\n"
                   "def h(c):\n"
                   "    return c\n");
  CHECK(p.errorCount == 4);
  CHECK(has(p.errors, "t.py:1:5: error: invalid syntax"));
  CHECK(has(p.errors, "t.py:3:11: error: invalid syntax"));
  CHECK(has(p.errors, "t.py:5:5: error: expected ':'"));
  CHECK(has(p.errors, "t.py:8:15: error: invalid syntax"));
  // f keeps its good statement; h is intact.
  CHECK(has(p.ast, "  FunctionDef f(a) @2:1\n    Return @4:5\n"));
  CHECK(has(p.ast, "  FunctionDef h(c) @9:1\n    Return @10:5\n"));
}

TEST_CASE("lexical errors still give a module") {
  Parsed p = parse("x = (1,\n");
  CHECK(p.errorCount == 1);
  CHECK(p.ast == "Module\n");
  CHECK(parse("x = '\xFF'\n").errorCount == 1);
}

TEST_CASE("nesting limits give diagnostics, not stack overflows") {
  Parsed parens = parse("x = " + std::string(10000, '(') + "1" + std::string(10000, ')') + "\n");
  CHECK(parens.errorCount == 1);
  CHECK(has(parens.errors, "too deeply nested"));

  std::string flat = "x = 1";
  for (int i = 0; i < 100000; ++i)
    flat += "+1";
  Parsed sum = parse(flat + "\n");
  CHECK(sum.errorCount == 1);
  CHECK(has(sum.errors, "t.py:1:5: error: expression is too deeply nested"));

  std::string attrs = "x = a";
  for (int i = 0; i < 20000; ++i)
    attrs += ".b";
  CHECK(has(parse(attrs + "\n").errors, "too deeply nested"));

  std::string elifs = "def f(x):\n    if x == 0:\n        pass\n";
  for (int i = 1; i < 3000; ++i)
    elifs += "    elif x == " + std::to_string(i) + ":\n        pass\n";
  Parsed chain = parse(elifs);
  CHECK(chain.errorCount == 1);
  CHECK(has(chain.errors, "too deeply nested"));

  // Nesting up to the limits is accepted.
  size_t n = MaxNestingDepth - 1;
  CHECK(parse("x = " + std::string(n, '(') + "1" + std::string(n, ')') + "\n").errorCount == 0);
  std::string longSum = "x = 1";
  for (unsigned i = 1; i < MaxTreeDepth - 1; ++i)
    longSum += "+1";
  CHECK(parse(longSum + "\n").errorCount == 0);
}

TEST_CASE("typed dumps show types, function kinds and locals") {
  Parsed p = parse("def f(v):\n    r = v[0] * 2.0\n    return r\n");
  REQUIRE(p.errorCount == 0);
  FunctionDef &fn = *p.module->functions.at(0);
  fn.fkind = FunctionKind::Filter;
  fn.returnType = Type::Float;
  fn.locals.push_back(LocalVar{"v", Type::FloatArray, {1, 7}, true});
  fn.locals.push_back(LocalVar{"r", Type::Float, {2, 5}, false});
  auto &assign = static_cast<AssignStmt &>(*fn.body.at(0));
  assign.targets[0]->type = Type::Float;
  assign.value->type = Type::Float;
  std::ostringstream out;
  dumpAst(*p.module, out, true);
  std::string typed = out.str();
  CHECK(has(typed, "  FunctionDef f(v) filter -> float @1:1\n"
                   "    Param v @1:7 : float64 array\n"
                   "    Local r @2:5 : float\n"
                   "    Assign @2:5\n"
                   "      Name r @2:5 : float\n"
                   "      Binary * @2:14 : float\n"
                   "        Subscript @2:9 : unknown\n"));
}
