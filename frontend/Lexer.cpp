//===- Lexer.cpp - Python layout on top of the raw lexers ------------------===//
//
// Three steps: decode the UTF-8 text into code points (BOM dropped, CRLF and
// CR turned into LF, invalid bytes and NUL reported), run the scanner
// (Scanner.cpp) or, where it declines, the generated lexer over the code
// points, then apply Python's layout rules while
// copying its tokens out (class Layout below): blank lines and newlines
// inside brackets vanish, the first token of each logical line is compared
// with the indentation stack to produce INDENT/DEDENT, and EOF closes open
// blocks. Nesting that would exhaust the parser's stack is refused here.
// NAME tokens leave in NFKC form, as Python reads identifiers (PEP 3131).
//
//===----------------------------------------------------------------------===//
#include "Lexer.h"

#include "Frontend.h"
#include "LlccLexer.h"
#include "Unicode.h"
#include "Versions.h"

#include <antlr4-runtime.h>

#include <cstdio>
#include <set>

using llccgrammar::LlccLexer;

namespace llcc {
namespace {

/// "U+00E9" for diagnostics.
std::string codePointName(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

/// Decodes `file` into `out`, dropping a leading BOM and normalising line
/// ends to '\n'. Reports the first invalid UTF-8 sequence or NUL character
/// and returns false.
bool decodeSource(const SourceFile &file, DiagnosticEngine &diags, std::u32string &out) {
  const std::string &s = file.text();
  size_t i = s.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  SourceLoc loc{1, 1};
  out.reserve(s.size());
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    size_t len = 1;
    char32_t min = 0;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0)
        cp = c & 0x1F, len = 2, min = 0x80;
      else if ((c & 0xF0) == 0xE0)
        cp = c & 0x0F, len = 3, min = 0x800;
      else if ((c & 0xF8) == 0xF0)
        cp = c & 0x07, len = 4, min = 0x10000;
      else
        len = 0;
      for (size_t k = 1; len != 0 && k < len; ++k) {
        if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
          len = 0;
        else
          cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      }
      if (len == 0 || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", c);
        diags.error(loc, std::string("invalid UTF-8 byte ") + buf +
                             " (llcc source files must be UTF-8)");
        return false;
      }
    }
    if (cp == 0) {
      diags.error(loc, "source code cannot contain null bytes");
      return false;
    }
    i += len;
    if (cp == '\r' || cp == '\n') {
      if (cp == '\r' && i < s.size() && s[i] == '\n')
        ++i;
      out += U'\n';
      ++loc.line;
      loc.col = 1;
      continue;
    }
    out += cp;
    ++loc.col;
  }
  return true;
}

/// An ANTLR input stream over already decoded code points.
class CodePointStream : public antlr4::ANTLRInputStream {
public:
  explicit CodePointStream(std::u32string text) { _data = std::move(text); }
};

bool isOperandToken(int type) {
  switch (type) {
  case LlccLexer::NAME:
  case LlccLexer::DECIMAL_INTEGER:
  case LlccLexer::OCT_INTEGER:
  case LlccLexer::HEX_INTEGER:
  case LlccLexer::BIN_INTEGER:
  case LlccLexer::FLOAT_NUMBER:
  case LlccLexer::IMAG_NUMBER:
  case LlccLexer::STRING:
  case LlccLexer::NONE:
  case LlccLexer::TRUE:
  case LlccLexer::FALSE:
  case LlccLexer::ELLIPSIS:
  case LlccLexer::CLOSE_PAREN:
  case LlccLexer::CLOSE_BRACK:
  case LlccLexer::CLOSE_BRACE:
    return true;
  default:
    return false;
  }
}

char closerOf(char open) { return open == '(' ? ')' : open == '[' ? ']' : '}'; }

/// Applies Python's layout rules to the raw tokens of the ANTLR lexer.
class Layout {
public:
  Layout(const std::u32string &text, DiagnosticEngine &diags) : text_(text), diags_(diags) {}

  LexResult run(std::vector<RawToken> &tokens);

private:
  struct Bracket {
    char open;
    SourceLoc loc;
    unsigned chain = 0; ///< prefix operators pending at this level
  };

  void emit(int type, std::string text, SourceLoc loc) {
    result_.tokens.push_back(LexedToken{type, std::move(text), loc});
  }
  void fail(SourceLoc loc, const std::string &message) {
    diags_.error(loc, message);
    result_.fatal = true;
  }
  void closeFile(SourceLoc loc);
  void indentLine(size_t startIndex, SourceLoc loc);
  void trackBrackets(int type, SourceLoc loc);
  void trackNesting(int type, SourceLoc loc);

  const std::u32string &text_;
  DiagnosticEngine &diags_;
  LexResult result_;
  std::vector<unsigned> indents_{0};    ///< columns with tabs to multiples of 8
  std::vector<unsigned> altIndents_{0}; ///< the same with tabs counting 1
  std::vector<Bracket> brackets_;       ///< open brackets, innermost last
  unsigned lineChain_ = 0;              ///< prefix operators outside brackets
  unsigned chainTotal_ = 0;             ///< sum of all pending chains
  bool lineHasTokens_ = false;
  bool prevIsOperand_ = false;
  std::set<std::string> reserved_; ///< reserved names reported so far
};

LexResult Layout::run(std::vector<RawToken> &tokens) {
  result_.tokens.reserve(tokens.size() + tokens.size() / 8 + 4);
  for (size_t next = 0; !result_.fatal && next < tokens.size(); ++next) {
    RawToken *tok = &tokens[next];
    int type = tok->type;
    SourceLoc loc = tok->loc;
    if (type == EofTokenType) {
      closeFile(loc);
      return std::move(result_);
    }
    std::string text;
    text.reserve(tok->length);
    for (size_t k = 0; k < tok->length; ++k)
      appendUtf8(text, text_[tok->start + k]);
    switch (type) {
    case LlccLexer::NAME:
      // PEP 3131: identifiers are compared and exported in NFKC form.
      text = normalizeIdentifier(text);
      // Sema spells the variables it makes with this mark (a rebound
      // name's versions `s__llcc_v1`, helper copies, hidden temporaries);
      // a user name spelled so would be taken for one of them.
      // (The message cannot quote the name: messages print versions as
      // the name they version. Each name is reported once.)
      if (text.find(ReservedPrefix) != std::string::npos && reserved_.insert(text).second)
        diags_.error(loc, "this name is reserved: names containing '__llcc_' are llcc's own "
                          "variables (rename it)");
      break;
    case LlccLexer::NEWLINE:
      if (!brackets_.empty() || !lineHasTokens_)
        continue; // implicit line joining, or a blank line
      emit(type, "\n", loc);
      lineHasTokens_ = false;
      lineChain_ = chainTotal_ = 0;
      prevIsOperand_ = false;
      continue;
    case LlccLexer::ERROR_CHAR: {
      char32_t cp = text_[tok->start];
      if (cp == U'\\')
        diags_.error(loc, "unexpected character after line continuation character");
      else
        diags_.error(loc, "invalid character '" + text + "' (" + codePointName(cp) + ")");
      continue;
    }
    case LlccLexer::UNTERMINATED_STRING:
    case LlccLexer::UNTERMINATED_LONG_STRING: {
      bool isLong = type == LlccLexer::UNTERMINATED_LONG_STRING;
      diags_.error(loc, isLong ? "unterminated triple-quoted string literal"
                               : "unterminated string literal");
      // Close it so that the parser and AstBuilder see an ordinary string.
      char quote = text[text.find_first_of("'\"")];
      text.append(isLong ? 3 : 1, quote);
      type = LlccLexer::STRING;
      break;
    }
    default:
      break;
    }
    if (!lineHasTokens_) {
      indentLine(tok->start, loc);
      lineHasTokens_ = true;
    }
    trackBrackets(type, loc);
    trackNesting(type, loc);
    if (!result_.fatal)
      emit(type, std::move(text), loc);
  }
  emit(EofTokenType, "", result_.tokens.empty() ? SourceLoc{1, 1} : result_.tokens.back().loc);
  return std::move(result_);
}

/// At end of file: report unclosed brackets, end the last logical line and
/// close every open block.
void Layout::closeFile(SourceLoc loc) {
  if (!brackets_.empty())
    fail(brackets_.back().loc, std::string("'") + brackets_.back().open + "' was never closed");
  if (lineHasTokens_)
    emit(LlccLexer::NEWLINE, "", loc);
  for (size_t i = 1; i < indents_.size(); ++i)
    emit(LlccLexer::DEDENT, "", loc);
  emit(EofTokenType, "", loc);
}

/// Measures the leading whitespace of the physical line holding the code
/// point at `startIndex` and emits INDENT/DEDENT as CPython's tokenizer does.
void Layout::indentLine(size_t startIndex, SourceLoc loc) {
  size_t begin = startIndex;
  while (begin > 0 && text_[begin - 1] != U'\n')
    --begin;
  unsigned col = 0, altCol = 0;
  for (size_t i = begin; i < startIndex; ++i) {
    char32_t c = text_[i];
    if (c == U' ') {
      ++col, ++altCol;
    } else if (c == U'\t') {
      col = (col / 8 + 1) * 8;
      ++altCol;
    } else if (c == U'\f') {
      col = altCol = 0;
    }
  }
  const char *tabError = "inconsistent use of tabs and spaces in indentation";
  if (col == indents_.back()) {
    if (altCol != altIndents_.back())
      fail(loc, tabError);
  } else if (col > indents_.back()) {
    if (altCol <= altIndents_.back())
      return fail(loc, tabError);
    if (indents_.size() > MaxNestingDepth)
      return fail(loc, "too deeply nested: more than " + std::to_string(MaxNestingDepth) +
                           " levels of indentation");
    indents_.push_back(col);
    altIndents_.push_back(altCol);
    emit(LlccLexer::INDENT, "", loc);
  } else {
    while (indents_.size() > 1 && col < indents_.back()) {
      indents_.pop_back();
      altIndents_.pop_back();
      emit(LlccLexer::DEDENT, "", loc);
    }
    if (col != indents_.back())
      fail(loc, "unindent does not match any outer indentation level");
    else if (altCol != altIndents_.back())
      fail(loc, tabError);
  }
}

void Layout::trackBrackets(int type, SourceLoc loc) {
  char open = 0, close = 0;
  switch (type) {
  case LlccLexer::OPEN_PAREN:
    open = '(';
    break;
  case LlccLexer::OPEN_BRACK:
    open = '[';
    break;
  case LlccLexer::OPEN_BRACE:
    open = '{';
    break;
  case LlccLexer::CLOSE_PAREN:
    close = ')';
    break;
  case LlccLexer::CLOSE_BRACK:
    close = ']';
    break;
  case LlccLexer::CLOSE_BRACE:
    close = '}';
    break;
  default:
    return;
  }
  if (open) {
    if (brackets_.size() >= MaxNestingDepth)
      return fail(loc, "too deeply nested: more than " + std::to_string(MaxNestingDepth) +
                           " nested brackets");
    brackets_.push_back(Bracket{open, loc});
    return;
  }
  if (brackets_.empty())
    return fail(loc, std::string("unmatched '") + close + "'");
  if (closerOf(brackets_.back().open) != close)
    return fail(loc, std::string("closing parenthesis '") + close +
                         "' does not match opening parenthesis '" + brackets_.back().open + "'");
  chainTotal_ -= brackets_.back().chain;
  brackets_.pop_back();
}

/// Counts the operators that make the parser recurse without a bracket
/// (prefix `-x`, `not x`, right-associative `a ** b`, `x if c else y`,
/// `lambda`): a chain of them nests as deeply as brackets do. A binary
/// operator or separator ends the chain at its bracket level.
void Layout::trackNesting(int type, SourceLoc loc) {
  unsigned &chain = brackets_.empty() ? lineChain_ : brackets_.back().chain;
  bool prefix = false;
  switch (type) {
  case LlccLexer::MINUS:
  case LlccLexer::ADD:
  case LlccLexer::NOT_OP:
  case LlccLexer::NOT:
    prefix = !prevIsOperand_;
    break;
  case LlccLexer::POWER:
  case LlccLexer::ELSE:
  case LlccLexer::LAMBDA:
  case LlccLexer::AWAIT:
    prefix = true;
    break;
  case LlccLexer::OPEN_PAREN:
  case LlccLexer::OPEN_BRACK:
  case LlccLexer::OPEN_BRACE:
  case LlccLexer::CLOSE_PAREN:
  case LlccLexer::CLOSE_BRACK:
  case LlccLexer::CLOSE_BRACE:
    break;
  default:
    if (!isOperandToken(type)) {
      chainTotal_ -= chain;
      chain = 0;
    }
    break;
  }
  if (prefix) {
    ++chain;
    ++chainTotal_;
  }
  prevIsOperand_ = isOperandToken(type);
  if (!result_.fatal && brackets_.size() + chainTotal_ > MaxNestingDepth)
    fail(loc, "expression is too deeply nested (more than " + std::to_string(MaxNestingDepth) +
                  " levels)");
}

} // namespace

LexResult lexSource(const SourceFile &file, DiagnosticEngine &diags, bool useScanner) {
  std::u32string text;
  if (!decodeSource(file, diags, text)) {
    LexResult result;
    result.fatal = true;
    result.tokens.push_back(LexedToken{EofTokenType, "", {1, 1}});
    return result;
  }
  std::vector<RawToken> raw;
  if (!useScanner || !scanRawTokens(text, raw)) {
    CodePointStream input(text);
    LlccLexer lexer(&input);
    lexer.removeErrorListeners(); // ERROR_CHAR catches everything
    for (;;) {
      std::unique_ptr<antlr4::Token> tok = lexer.nextToken();
      int type = static_cast<int>(tok->getType());
      if (type != EofTokenType && tok->getChannel() != antlr4::Token::DEFAULT_CHANNEL)
        continue;
      uint32_t length =
          type == EofTokenType ? 0 : uint32_t(tok->getStopIndex() + 1 - tok->getStartIndex());
      raw.push_back(RawToken{type, length, tok->getStartIndex(),
                             SourceLoc{static_cast<uint32_t>(tok->getLine()),
                                       static_cast<uint32_t>(tok->getCharPositionInLine() + 1)}});
      if (type == EofTokenType)
        break;
    }
  }
  Layout layout(text, diags);
  return layout.run(raw);
}

std::string tokenKindName(int type) {
  if (type == EofTokenType)
    return "EOF";
  // The vocabulary is only reachable through an instance.
  static antlr4::ANTLRInputStream noInput;
  static LlccLexer lexer(&noInput);
  std::string name = lexer.getVocabulary().getSymbolicName(static_cast<size_t>(type));
  return name.empty() ? "<" + std::to_string(type) + ">" : name;
}

std::string quoteTokenText(const std::string &text) {
  std::string out = "'";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\'':
      out += "\\'";
      break;
    default:
      if (c < 0x20 || c == 0x7F) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      } else {
        out += ch;
      }
    }
  }
  return out + "'";
}

void dumpTokens(const SourceFile &file, DiagnosticEngine &diags, std::ostream &out,
                bool useScanner) {
  LexResult lexed = lexSource(file, diags, useScanner);
  for (const LexedToken &tok : lexed.tokens)
    out << tok.loc.line << ":" << tok.loc.col << " " << tokenKindName(tok.type) << " "
        << quoteTokenText(tok.text) << "\n";
}

} // namespace llcc
