//===- LexerTest.cpp - Unit tests of lexSource and dumpTokens --------------===//
//
// Python's layout rules as lexSource applies them: INDENT/DEDENT, NEWLINE,
// implicit and explicit line joining, tabs, line ends, BOM, and the
// lexical errors (bad indentation, invalid UTF-8, NUL, unterminated
// strings, unbalanced or too deeply nested brackets).
//
//===----------------------------------------------------------------------===//
#include "Lexer.h"
#include "Frontend.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace llcc;

namespace {

/// The result of lexing one snippet: token kinds, tokens and diagnostics.
struct Lexed {
  std::vector<LexedToken> tokens;
  std::string kinds; ///< "IF NAME COLON NEWLINE ... EOF"
  std::string errors;
  unsigned errorCount = 0;
  bool fatal = false;

  size_t count(const std::string &kind) const {
    size_t n = 0;
    for (const LexedToken &t : tokens)
      n += tokenKindName(t.type) == kind;
    return n;
  }
};

Lexed lex(const std::string &source) {
  SourceFile file("t.py", source);
  std::ostringstream diagOut;
  DiagnosticEngine diags(file, diagOut);
  LexResult result = lexSource(file, diags);
  Lexed out;
  out.tokens = result.tokens;
  for (const LexedToken &t : result.tokens)
    out.kinds += (out.kinds.empty() ? "" : " ") + tokenKindName(t.type);
  out.errors = diagOut.str();
  out.errorCount = diags.errorCount();
  out.fatal = result.fatal;
  return out;
}

std::string at(const LexedToken &t) {
  return std::to_string(t.loc.line) + ":" + std::to_string(t.loc.col);
}

} // namespace

TEST_CASE("indentation produces INDENT and DEDENT") {
  Lexed l = lex("if x:\n    y\nz\n");
  CHECK(l.errorCount == 0);
  CHECK(l.kinds == "IF NAME COLON NEWLINE INDENT NAME NEWLINE DEDENT NAME NEWLINE EOF");
}

TEST_CASE("nested blocks dedent several levels at once") {
  Lexed l = lex("def f():\n  if a:\n    if b:\n      c\n  d\ne\n");
  CHECK(l.errorCount == 0);
  CHECK(l.count("INDENT") == 3);
  CHECK(l.count("DEDENT") == 3);
  CHECK(l.kinds.find("NAME NEWLINE DEDENT DEDENT NAME NEWLINE DEDENT NAME NEWLINE EOF") !=
        std::string::npos);
}

TEST_CASE("end of file without a newline closes the open blocks") {
  Lexed l = lex("if a:\n  if b:\n    c");
  CHECK(l.errorCount == 0);
  CHECK(l.kinds == "IF NAME COLON NEWLINE INDENT IF NAME COLON NEWLINE INDENT NAME NEWLINE "
                   "DEDENT DEDENT EOF");
}

TEST_CASE("blank lines and comment-only lines are ignored") {
  Lexed l = lex("\n# head\nif a:\n\n  # inside\n  b  # trailing\n      # odd indent\n\nc\n");
  CHECK(l.errorCount == 0);
  CHECK(l.kinds == "IF NAME COLON NEWLINE INDENT NAME NEWLINE DEDENT NAME NEWLINE EOF");
  CHECK(lex("").kinds == "EOF");
  CHECK(lex("\n\n   \n# c\n").kinds == "EOF");
}

TEST_CASE("tabs used consistently are accepted") {
  Lexed l = lex("if a:\n\tb\n\tif c:\n\t\td\n");
  CHECK(l.errorCount == 0);
  CHECK(l.count("INDENT") == 2);
  CHECK(l.count("DEDENT") == 2);
}

TEST_CASE("inconsistent tabs and spaces are a TabError") {
  // A tab and eight spaces reach the same column only with tab size 8.
  Lexed l = lex("if a:\n\tb\n        c\n");
  CHECK(l.fatal);
  CHECK(l.errors.find("t.py:3:9: error: inconsistent use of tabs and spaces in indentation") !=
        std::string::npos);
}

TEST_CASE("a dedent to an unknown level is an error") {
  Lexed l = lex("if a:\n    b\n  c\n");
  CHECK(l.fatal);
  CHECK(l.errors.find("t.py:3:3: error: unindent does not match any outer indentation level") !=
        std::string::npos);
}

TEST_CASE("newlines inside brackets are joined") {
  Lexed l = lex("x = (1,\n     2,\n  [3,\n4])\ny\n");
  CHECK(l.errorCount == 0);
  CHECK(l.count("NEWLINE") == 2);
  CHECK(l.count("INDENT") == 0);
}

TEST_CASE("a backslash joins lines") {
  Lexed l = lex("x = 1 + \\\n        2\n");
  CHECK(l.errorCount == 0);
  CHECK(l.kinds == "NAME ASSIGN DECIMAL_INTEGER ADD DECIMAL_INTEGER NEWLINE EOF");
  CHECK(at(l.tokens[4]) == "2:9");
  Lexed bad = lex("x = 1 \\ 2\n");
  CHECK(bad.errors.find("1:7: error: unexpected character after line continuation character") !=
        std::string::npos);
}

TEST_CASE("CRLF and lone CR end lines") {
  Lexed l = lex("a\r\nb\rc\n");
  CHECK(l.errorCount == 0);
  CHECK(l.kinds == "NAME NEWLINE NAME NEWLINE NAME NEWLINE EOF");
  CHECK(at(l.tokens[2]) == "2:1");
  CHECK(at(l.tokens[4]) == "3:1");
}

TEST_CASE("a UTF-8 byte-order mark is skipped") {
  Lexed l = lex("\xEF\xBB\xBFx = 1\n");
  CHECK(l.errorCount == 0);
  CHECK(tokenKindName(l.tokens[0].type) == "NAME");
  CHECK(at(l.tokens[0]) == "1:1");
}

TEST_CASE("columns count code points") {
  Lexed l = lex("s = '\xC3\xA9t\xC3\xA9' + x\n");
  CHECK(l.errorCount == 0);
  CHECK(at(l.tokens[4]) == "1:13");
  CHECK(l.tokens[2].text == "'\xC3\xA9t\xC3\xA9'");
}

TEST_CASE("invalid UTF-8 is reported at its position") {
  Lexed l = lex("x = 1\ny = '\xFF'\n");
  CHECK(l.fatal);
  CHECK(l.errors.find("t.py:2:6: error: invalid UTF-8 byte 0xFF") != std::string::npos);
  CHECK(lex("x = '\xC3'\n").errorCount == 1);         // truncated sequence
  CHECK(lex("x = '\xC0\xAF'\n").errorCount == 1);     // overlong
  CHECK(lex("x = '\xED\xA0\x80'\n").errorCount == 1); // surrogate
}

TEST_CASE("NUL bytes are reported") {
  Lexed l = lex(std::string("x = 1\ny = \0\n", 12));
  CHECK(l.fatal);
  CHECK(l.errors.find("t.py:2:5: error: source code cannot contain null bytes") !=
        std::string::npos);
}

TEST_CASE("unterminated strings are reported and closed") {
  Lexed l = lex("s = 'abc\nt = 1\n");
  CHECK(l.errors.find("1:5: error: unterminated string literal") != std::string::npos);
  CHECK_FALSE(l.fatal);
  CHECK(l.kinds == "NAME ASSIGN STRING NEWLINE NAME ASSIGN DECIMAL_INTEGER NEWLINE EOF");
  Lexed t = lex("s = \"\"\"abc\n\nmore\n");
  CHECK(t.errors.find("1:5: error: unterminated triple-quoted string literal") !=
        std::string::npos);
  Lexed ok = lex("s = '''a'b''c'''\nd = \"\"\"x\n\"\"\"\n");
  CHECK(ok.errorCount == 0);
  CHECK(ok.count("STRING") == 2);
}

TEST_CASE("number and string token kinds") {
  Lexed l = lex("0x1F 0o7 0b1 1_000 0 1.5 .5 2. 1e-3 1j rb'x' '''y'''\n");
  CHECK(l.errorCount == 0);
  CHECK(l.kinds == "HEX_INTEGER OCT_INTEGER BIN_INTEGER DECIMAL_INTEGER DECIMAL_INTEGER "
                   "FLOAT_NUMBER FLOAT_NUMBER FLOAT_NUMBER FLOAT_NUMBER IMAG_NUMBER STRING STRING "
                   "NEWLINE EOF");
}

TEST_CASE("stray characters are reported without stopping") {
  Lexed l = lex("x = $y\nz = 1 ? 2\n");
  CHECK(l.errorCount == 2);
  CHECK_FALSE(l.fatal);
  CHECK(l.errors.find("1:5: error: invalid character '$' (U+0024)") != std::string::npos);
}

TEST_CASE("unbalanced brackets") {
  CHECK(lex("x = (1,\n2\n").errors.find("1:5: error: '(' was never closed") != std::string::npos);
  CHECK(lex("x = 1)\n").errors.find("1:6: error: unmatched ')'") != std::string::npos);
  CHECK(lex("x = (1]\n")
            .errors.find(
                "1:7: error: closing parenthesis ']' does not match opening parenthesis '('") !=
        std::string::npos);
}

TEST_CASE("too deep nesting is refused before parsing") {
  Lexed brackets = lex("x = " + std::string(10000, '(') + "1" + std::string(10000, ')') + "\n");
  CHECK(brackets.fatal);
  CHECK(brackets.errorCount == 1);
  CHECK(brackets.errors.find("too deeply nested") != std::string::npos);

  Lexed unary = lex("x = " + std::string(10000, '-') + "1\n");
  CHECK(unary.fatal);
  CHECK(unary.errors.find("too deeply nested") != std::string::npos);

  std::string blocks;
  for (int i = 0; i < 300; ++i)
    blocks += std::string(size_t(i), ' ') + "if x:\n";
  blocks += std::string(300, ' ') + "pass\n";
  Lexed deep = lex(blocks);
  CHECK(deep.fatal);
  CHECK(deep.errors.find("too deeply nested") != std::string::npos);

  // Exactly at the limit is fine, and so are long flat lists of negatives.
  size_t n = MaxNestingDepth;
  CHECK(lex("x = " + std::string(n, '[') + "1" + std::string(n, ']') + "\n").errorCount == 0);
  std::string many = "x = [";
  for (int i = 0; i < 5000; ++i)
    many += "-1, ";
  CHECK(lex(many + "]\n").errorCount == 0);
}

TEST_CASE("dumpTokens prints one token per line") {
  SourceFile file("t.py", "if x:\n  y = 'a\\n'\n");
  std::ostringstream diagOut, out;
  DiagnosticEngine diags(file, diagOut);
  dumpTokens(file, diags, out);
  CHECK(out.str() == "1:1 IF 'if'\n"
                     "1:4 NAME 'x'\n"
                     "1:5 COLON ':'\n"
                     "1:6 NEWLINE '\\n'\n"
                     "2:3 INDENT ''\n"
                     "2:3 NAME 'y'\n"
                     "2:5 ASSIGN '='\n"
                     "2:7 STRING '\\'a\\\\n\\''\n"
                     "2:12 NEWLINE '\\n'\n"
                     "3:1 DEDENT ''\n"
                     "3:1 EOF ''\n");
}
