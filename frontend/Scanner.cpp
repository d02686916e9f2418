//===- Scanner.cpp - The hand-written raw lexer, with ANTLR's as fallback --===//
//
// scanRawTokens produces, for ordinary source text, exactly the raw tokens
// the ANTLR lexer generated from grammar/LlccLexer.g4 produces (same types,
// text, start index, line and column; hidden tokens dropped), in a small
// fraction of its time. It reads the decoded code points of Lexer.cpp.
//
// Like the direct parser (Parser.h), it declines what it does not handle
// with certainty, and lexSource then runs the ANTLR lexer over the whole
// file: any character outside strings and comments that is not ASCII (so
// Unicode identifiers), every token the ANTLR lexer turns into a diagnostic
// (ERROR_CHAR, unterminated strings), and the rarer number forms (0x, 0o,
// 0b, underscores, imaginary, leading zeros, a letter or dot right after a
// number). It reports nothing itself, so every lexical diagnostic still
// comes from the ANTLR lexer. grammar/LlccLexer.g4 stays the normative
// definition; tests/python/test_parsers.py compares the two token streams.
//
//===----------------------------------------------------------------------===//
#include "Lexer.h"

#include "LlccLexer.h"

namespace llcc {

namespace {

using L = llccgrammar::LlccLexer;

bool isIdStart(char32_t c) { return c == U'_' || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool isDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool isIdContinue(char32_t c) { return isIdStart(c) || isDigit(c); }

/// The keyword `word` spells, or NAME.
int keywordType(const std::string &word) {
  static const struct {
    const char *word;
    int type;
  } table[] = {
      {"False", L::FALSE},     {"None", L::NONE},         {"True", L::TRUE},
      {"and", L::AND},         {"as", L::AS},             {"assert", L::ASSERT},
      {"async", L::ASYNC},     {"await", L::AWAIT},       {"break", L::BREAK},
      {"class", L::CLASS},     {"continue", L::CONTINUE}, {"def", L::DEF},
      {"del", L::DEL},         {"elif", L::ELIF},         {"else", L::ELSE},
      {"except", L::EXCEPT},   {"finally", L::FINALLY},   {"for", L::FOR},
      {"from", L::FROM},       {"global", L::GLOBAL},     {"if", L::IF},
      {"import", L::IMPORT},   {"in", L::IN},             {"is", L::IS},
      {"lambda", L::LAMBDA},   {"nonlocal", L::NONLOCAL}, {"not", L::NOT},
      {"or", L::OR},           {"pass", L::PASS},         {"raise", L::RAISE},
      {"return", L::RETURN},   {"try", L::TRY},           {"while", L::WHILE},
      {"with", L::WITH},       {"yield", L::YIELD},
  };
  if (word.size() < 2 || word.size() > 8)
    return L::NAME;
  for (const auto &row : table)
    if (row.word[0] == word[0] && word == row.word)
      return row.type;
  return L::NAME;
}

/// Operators and delimiters, longest first as the lexer's longest match
/// picks them.
struct Operator {
  const char *spelling;
  int type;
};
const Operator operators[] = {
    {"...", L::ELLIPSIS},      {"<<=", L::LSHIFT_ASSIGN}, {">>=", L::RSHIFT_ASSIGN},
    {"**=", L::POWER_ASSIGN},  {"//=", L::IDIV_ASSIGN},   {"**", L::POWER},
    {"->", L::ARROW},          {":=", L::WALRUS},         {"<<", L::LEFT_SHIFT},
    {">>", L::RIGHT_SHIFT},    {"//", L::IDIV},           {"==", L::EQ},
    {">=", L::GE},             {"<=", L::LE},             {"!=", L::NE},
    {"+=", L::ADD_ASSIGN},     {"-=", L::SUB_ASSIGN},     {"*=", L::MULT_ASSIGN},
    {"@=", L::AT_ASSIGN},      {"/=", L::DIV_ASSIGN},     {"%=", L::MOD_ASSIGN},
    {"&=", L::AND_ASSIGN},     {"|=", L::OR_ASSIGN},      {"^=", L::XOR_ASSIGN},
    {".", L::DOT},             {"*", L::STAR},            {"(", L::OPEN_PAREN},
    {")", L::CLOSE_PAREN},     {"[", L::OPEN_BRACK},      {"]", L::CLOSE_BRACK},
    {"{", L::OPEN_BRACE},      {"}", L::CLOSE_BRACE},     {",", L::COMMA},
    {":", L::COLON},           {";", L::SEMI},            {"=", L::ASSIGN},
    {"|", L::OR_OP},           {"^", L::XOR},             {"&", L::AND_OP},
    {"+", L::ADD},             {"-", L::MINUS},           {"/", L::DIV},
    {"%", L::MOD},             {"~", L::NOT_OP},          {"@", L::AT},
    {"<", L::LT},              {">", L::GT},
};

/// STRING_PREFIX : [rRuUfFbB] | [bB][rR] | [rR][bB] | [fF][rR] | [rR][fF]
bool isStringPrefix(const std::string &p) {
  if (p.size() == 1)
    return std::string("rRuUfFbB").find(p[0]) != std::string::npos;
  if (p.size() != 2)
    return false;
  char a = char(p[0] | 0x20), b = char(p[1] | 0x20);
  return (a == 'b' && b == 'r') || (a == 'r' && b == 'b') || (a == 'f' && b == 'r') ||
         (a == 'r' && b == 'f');
}

class Scanner {
public:
  Scanner(const std::u32string &text, std::vector<RawToken> &out) : s_(text), out_(out) {}

  bool run() {
    out_.reserve(s_.size() / 3 + 16);
    while (i_ < s_.size()) {
      char32_t c = s_[i_];
      if (c == U' ' || c == U'\t' || c == U'\f') {
        advance(1);
      } else if (c == U'#') {
        while (i_ < s_.size() && s_[i_] != U'\n')
          advance(1);
      } else if (c == U'\\') {
        if (at(1) != U'\n')
          return false; // ERROR_CHAR
        i_ += 2; // LINE_JOIN
        ++line_;
        col_ = 1;
      } else if (c == U'\n') {
        emit(L::NEWLINE, 1);
      } else if (isIdStart(c)) {
        if (!word())
          return false;
      } else if (isDigit(c) || (c == U'.' && isDigit(at(1)))) {
        if (!number())
          return false;
      } else if (c == U'\'' || c == U'"') {
        if (!string(i_))
          return false;
      } else if (!op()) {
        return false;
      }
    }
    out_.push_back(RawToken{EofTokenType, 0, i_, SourceLoc{line_, col_}});
    return true;
  }

private:
  char32_t at(size_t ahead) const {
    return i_ + ahead < s_.size() ? s_[i_ + ahead] : char32_t(0);
  }
  /// Moves over `n` code points, none of them a line end.
  void advance(size_t n) {
    i_ += n;
    col_ += uint32_t(n);
  }
  /// Emits the `n` code points at the cursor as a token of `type`.
  void emit(int type, size_t n) {
    out_.push_back(RawToken{type, uint32_t(n), i_, SourceLoc{line_, col_}});
    for (size_t k = 0; k < n; ++k) {
      if (s_[i_ + k] == U'\n') {
        ++line_;
        col_ = 1;
      } else {
        ++col_;
      }
    }
    i_ += n;
  }

  // NAME or keyword, or a prefixed string.
  bool word() {
    size_t n = 0;
    while (i_ + n < s_.size() && isIdContinue(s_[i_ + n]))
      ++n;
    if (i_ + n < s_.size() && s_[i_ + n] >= 0x80)
      return false; // a Unicode identifier: the ANTLR lexer's
    std::string w;
    for (size_t k = 0; k < n; ++k)
      w += char(s_[i_ + k]);
    char32_t next = at(n);
    if ((next == U'\'' || next == U'"') && isStringPrefix(w))
      return string(i_ + n);
    emit(keywordType(w), n);
    return true;
  }

  // DECIMAL_INTEGER and FLOAT_NUMBER in their plain forms.
  bool number() {
    size_t n = 0;
    while (isDigit(at(n)))
      ++n;
    size_t intDigits = n;
    bool isFloat = false;
    if (intDigits > 1 && s_[i_] == U'0')
      return false; // leading zeros: '0' ('_'? '0')* and friends
    if (at(n) == U'.') {
      char32_t after = at(n + 1);
      if (isIdStart(after) || after == U'.' || after >= 0x80)
        return false; // `1.real`, `1..`
      ++n;
      isFloat = true;
      while (isDigit(at(n)))
        ++n;
    }
    if (at(n) == U'e' || at(n) == U'E') {
      size_t k = n + 1;
      if (at(k) == U'+' || at(k) == U'-')
        ++k;
      if (!isDigit(at(k)))
        return false; // `1e`, `1ex`: not an exponent
      while (isDigit(at(k)))
        ++k;
      n = k;
      isFloat = true;
    }
    char32_t next = at(n);
    if (isIdContinue(next) || next == U'.' || next >= 0x80)
      return false; // 0x.., 1_000, 1j, `1if`, ...
    emit(isFloat ? L::FLOAT_NUMBER : L::DECIMAL_INTEGER, n);
    return true;
  }

  // STRING : STRING_PREFIX? (SHORT_STRING | LONG_STRING), from `start` (the
  // prefix, if any, lies between the cursor and `start`).
  bool string(size_t start) {
    char32_t q = s_[start];
    size_t j = start;
    bool isLong = j + 2 < s_.size() && s_[j + 1] == q && s_[j + 2] == q;
    if (isLong) {
      j += 3;
      for (;;) {
        if (j >= s_.size())
          return false; // UNTERMINATED_LONG_STRING
        if (s_[j] == U'\\') {
          j += 2;
          continue;
        }
        if (s_[j] == q && j + 2 < s_.size() && s_[j + 1] == q && s_[j + 2] == q) {
          j += 3;
          break;
        }
        ++j;
      }
    } else {
      ++j;
      for (;;) {
        if (j >= s_.size() || s_[j] == U'\n')
          return false; // UNTERMINATED_STRING
        if (s_[j] == U'\\') {
          if (j + 1 >= s_.size())
            return false;
          j += 2;
          continue;
        }
        if (s_[j] == q) {
          ++j;
          break;
        }
        ++j;
      }
    }
    emit(L::STRING, j - i_);
    return true;
  }

  bool op() {
    for (const Operator &o : operators) {
      size_t n = 0;
      while (o.spelling[n] && at(n) == char32_t(static_cast<unsigned char>(o.spelling[n])))
        ++n;
      if (o.spelling[n] == 0) {
        emit(o.type, n);
        return true;
      }
    }
    return false; // ERROR_CHAR
  }

  const std::u32string &s_;
  std::vector<RawToken> &out_;
  size_t i_ = 0;
  uint32_t line_ = 1, col_ = 1;
};

} // namespace

bool scanRawTokens(const std::u32string &text, std::vector<RawToken> &out) {
  out.clear();
  if (Scanner(text, out).run())
    return true;
  out.clear();
  return false;
}

} // namespace llcc
