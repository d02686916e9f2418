//===- Lexer.h - Python layout on top of the ANTLR lexer -------------------===//
//
// lexSource turns a SourceFile into the token stream the parser reads: it
// decodes UTF-8 itself (rejecting invalid bytes and NUL), normalises line
// ends, runs the hand-written scanner (Scanner.cpp) or, for what it leaves
// alone, the generated ANTLR lexer (grammar/LlccLexer.g4), and applies
// Python's layout rules: NEWLINE at the end of each logical line, INDENT and
// DEDENT from leading whitespace (tabs to multiples of 8, with Python 3's
// tab-consistency check), implicit joining inside brackets, blank and
// comment-only lines dropped, and open blocks closed at end of file.
//
// It also refuses input that would make the recursive-descent parser recurse
// too deeply (brackets, indentation or prefix-operator chains nested more
// than MaxNestingDepth levels) before any parsing starts.
//
// No ANTLR type appears here: token kinds are the generated lexer's token
// type numbers, named by tokenKindName. INDENT and DEDENT are located at the
// first token of the line that opens or closes the block and have empty
// text; so does the NEWLINE added when the file does not end with one, and
// the DEDENTs and EOF at the end, which sit just after the last character.
// A string literal that was not terminated is reported and handed on as a
// STRING token with its quotes closed.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Diagnostics.h"
#include "SourceLocation.h"

#include <string>
#include <vector>

namespace llcc {

/// The token type of the end of input (ANTLR's Token::EOF as an int).
constexpr int EofTokenType = -1;

/// One token after layout processing.
struct LexedToken {
  int type;         ///< an llccgrammar::LlccLexer token type (or EofTokenType)
  std::string text; ///< UTF-8; empty for INDENT, DEDENT, EOF
  SourceLoc loc;    ///< of the first character
};

/// The tokens of one file. `tokens` always ends with an EOF token.
struct LexResult {
  std::vector<LexedToken> tokens;
  /// Set after an error that makes the token stream unfit for parsing
  /// (invalid UTF-8, bad indentation, unbalanced or too deeply nested
  /// brackets). Errors that leave a usable stream (a stray character, an
  /// unterminated string) are reported but do not set it.
  bool fatal = false;
};

/// Lexes `file`, reporting lexical errors to `diags`. The raw tokens come
/// from the hand-written scanner (Scanner.cpp) or, where it declines or
/// `useScanner` is false, from the ANTLR lexer; both give the same tokens.
LexResult lexSource(const SourceFile &file, DiagnosticEngine &diags, bool useScanner = true);

/// A token before layout processing, hidden ones (spaces, comments, line
/// joins) left out: what the ANTLR lexer makes of the decoded text.
struct RawToken {
  int type;
  uint32_t length; ///< in code points; its text is the decoded text's
  size_t start;    ///< index of its first code point in the decoded text
  SourceLoc loc;
};

/// The raw tokens of `text` (decoded code points, '\n' line ends), ending
/// in EOF, as the ANTLR lexer gives them; false (and `out` empty) for text
/// it leaves to the ANTLR lexer (Scanner.cpp says which). Reports nothing.
bool scanRawTokens(const std::u32string &text, std::vector<RawToken> &out);

/// The name of a token type as printed by `--emit tokens`: "NAME",
/// "INDENT", "OPEN_PAREN", "EOF", ...
std::string tokenKindName(int type);

/// The text of a token quoted and escaped for one line of output: `'\n'`.
std::string quoteTokenText(const std::string &text);

} // namespace llcc
