//===- Literals.cpp - Number, string and f-string literals to AST ----------===//
//
// The literal decoding both parsers share (ParserShared.h), so that the
// ANTLR path and the direct parser cannot disagree on a literal's value.
// Numbers: underscores dropped, integers beyond int64 flagged for Sema,
// floats by strtod (which rounds as Python does). Strings: escapes decoded
// unless raw, adjacent literals joined.
//
// An f-string's body is split here, as CPython's tokenizer does: `{{` and
// `}}` are literal braces; `{expr}`, `{expr!r}`, `{expr:spec}` and
// `{expr=}` are replacement fields. The expression text runs to the first
// `!`, `:`, `=` or `}` outside brackets and quotes (`!=`, `==`, `<=`, `>=`
// belong to it), and is parsed on its own by the parser's parseField hook. A
// format spec is kept as text for Sema to check. A spec with nested fields
// (`{x:{width}.{digits}f}`) is an f-string of its own, split here one level
// deep as CPython allows, and made into text when the field is evaluated.
// Literal text gets the usual escapes.
//
//===----------------------------------------------------------------------===//
#include "ParserShared.h"
#include "Unicode.h"

#include "LlccLexer.h"

#include <cstdlib>
#include <limits>

namespace llcc {

namespace {

/// The position of byte `offset` of `body`, which starts at `loc`.
SourceLoc advance(const std::string &body, size_t offset, SourceLoc loc) {
  for (size_t i = 0; i < offset && i < body.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    if (c == '\n') {
      ++loc.line;
      loc.col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++loc.col;
    }
  }
  return loc;
}

/// Splits the body of one f-string literal (between its quotes, starting at
/// `loc`) into text and replacement fields appended to `out`; `level` 1 is
/// the format spec of a field, whose own fields may not nest further.
/// Returns false after reporting an error.
bool splitFString(const std::string &body, bool raw, SourceLoc loc, FStringExpr &out,
                  LiteralHooks &hooks, int level = 0) {
  std::string text; // literal text not yet decoded
  auto flushText = [&] {
    out.texts.back() += raw ? text : decodeEscapes(text);
    text.clear();
  };
  size_t i = 0;
  while (i < body.size()) {
    char c = body[i];
    if (c == '}') {
      if (i + 1 < body.size() && body[i + 1] == '}') {
        text += '}';
        i += 2;
        continue;
      }
      hooks.literalError(advance(body, i, loc), "f-string: single '}' is not allowed");
      return false;
    }
    if (c != '{') {
      text += c;
      ++i;
      continue;
    }
    if (i + 1 < body.size() && body[i + 1] == '{') {
      if (level > 0) { // CPython takes `{{` in a spec as an unclosed field
        hooks.literalError(advance(body, i + 2, loc), "f-string: expecting '}'");
        return false;
      }
      text += '{';
      i += 2;
      continue;
    }
    // A replacement field: find the end of its expression.
    size_t start = i + 1, j = start;
    int depth = 0;
    char quote = 0;
    for (; j < body.size(); ++j) {
      char d = body[j];
      if (quote) {
        if (d == quote)
          quote = 0;
        continue;
      }
      if (d == '\'' || d == '"') {
        quote = d;
      } else if (d == '(' || d == '[' || d == '{') {
        ++depth;
      } else if ((d == ')' || d == ']' || d == '}') && depth > 0) {
        --depth;
      } else if (depth == 0) {
        char next = j + 1 < body.size() ? body[j + 1] : 0;
        char prev = j > start ? body[j - 1] : 0;
        if (d == '}' || d == ':')
          break;
        if (d == '!' && next != '=')
          break;
        if (d == '=' && next != '=' && prev != '=' && prev != '!' && prev != '<' && prev != '>')
          break;
      }
    }
    SourceLoc exprLoc = advance(body, start, loc);
    if (j >= body.size()) {
      hooks.literalError(advance(body, i, loc), "f-string: expecting '}'");
      return false;
    }
    std::string exprText = body.substr(start, j - start);
    if (exprText.find_first_not_of(" \t\n") == std::string::npos) {
      hooks.literalError(exprLoc, "f-string: empty expression not allowed");
      return false;
    }
    FStringField field;
    bool selfDocumenting = false;
    if (body[j] == '=') {
      // `{x=}`: the text "x=" then the value: its repr unless a conversion
      // or a spec is given, as CPython does (`how='max'`, `a=array([...])`).
      text += exprText + "=";
      selfDocumenting = true;
      ++j;
    }
    if (j < body.size() && body[j] == '!') {
      char conv = j + 1 < body.size() ? body[j + 1] : 0;
      if (conv != 'r' && conv != 's' && conv != 'a') {
        hooks.literalError(advance(body, j, loc),
                     "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        return false;
      }
      field.conversion = conv;
      j += 2;
    }
    if (j < body.size() && body[j] == ':') {
      // The spec runs to the first `}` outside its own nested fields.
      size_t specStart = ++j;
      int nest = 0;
      char quote = 0;
      for (; j < body.size(); ++j) {
        char d = body[j];
        if (quote) {
          if (d == quote)
            quote = 0;
        } else if (nest > 0 && (d == '\'' || d == '"')) {
          quote = d;
        } else if (d == '{') {
          if (level > 0) {
            hooks.literalError(advance(body, j, loc), "f-string: expressions nested too deeply");
            return false;
          }
          ++nest;
        } else if (d == '}') {
          if (nest == 0)
            break;
          --nest;
        }
      }
      std::string spec = body.substr(specStart, j - specStart);
      if (spec.find('{') == std::string::npos) {
        field.formatSpec = spec;
      } else if (j < body.size()) {
        auto nested = std::make_unique<FStringExpr>(advance(body, specStart, loc));
        nested->texts.emplace_back();
        if (!splitFString(spec, raw, nested->loc(), *nested, hooks, level + 1))
          return false;
        field.nestedSpec = std::move(nested);
      }
    }
    if (j >= body.size() || body[j] != '}') {
      hooks.literalError(advance(body, std::min(j, body.size()), loc), "f-string: expecting '}'");
      return false;
    }
    if (selfDocumenting && !field.conversion && field.formatSpec.empty() && !field.nestedSpec)
      field.conversion = 'r';
    flushText();
    field.value = hooks.parseField(exprText, exprLoc);
    if (!field.value)
      field.value = std::make_unique<NoneLiteralExpr>(exprLoc);
    out.fields.push_back(std::move(field));
    out.texts.emplace_back();
    i = j + 1;
  }
  flushText();
  return true;
}

/// Parses the digits of an integer literal (underscores allowed). Values
/// above INT64_MAX set `overflow`; 2**63 exactly keeps the bits of INT64_MIN
/// so that `-9223372036854775808` can be folded.
std::unique_ptr<IntLiteralExpr> parseInteger(SourceLoc loc, const std::string &digits,
                                             unsigned base) {
  uint64_t acc = 0;
  bool tooBig = false;
  for (char c : digits) {
    if (c == '_')
      continue;
    unsigned d = (c >= '0' && c <= '9')   ? unsigned(c - '0')
                 : (c >= 'a' && c <= 'f') ? unsigned(c - 'a' + 10)
                                          : unsigned(c - 'A' + 10);
    if (acc > (std::numeric_limits<uint64_t>::max() - d) / base) {
      tooBig = true;
      break;
    }
    acc = acc * base + d;
  }
  bool overflow = tooBig || acc > uint64_t(std::numeric_limits<int64_t>::max());
  int64_t value = tooBig ? 0 : static_cast<int64_t>(acc);
  return std::make_unique<IntLiteralExpr>(loc, value, overflow);
}

} // namespace



/// Decodes Python's backslash escapes in the body of a non-raw string.
/// Unknown escapes are kept as written, as Python does.
std::string decodeEscapes(const std::string &body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    char c = body[++i];
    auto hexRun = [&](size_t n) -> long {
      if (i + n >= body.size())
        return -1;
      std::string h = body.substr(i + 1, n);
      if (h.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return -1;
      return std::strtol(h.c_str(), nullptr, 16);
    };
    switch (c) {
    case '\n':
      break; // line continuation inside the string
    case '\\':
      out += '\\';
      break;
    case '\'':
      out += '\'';
      break;
    case '"':
      out += '"';
      break;
    case 'a':
      out += '\a';
      break;
    case 'b':
      out += '\b';
      break;
    case 'f':
      out += '\f';
      break;
    case 'n':
      out += '\n';
      break;
    case 'r':
      out += '\r';
      break;
    case 't':
      out += '\t';
      break;
    case 'v':
      out += '\v';
      break;
    case 'x':
    case 'u':
    case 'U': {
      size_t n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
      long cp = hexRun(n);
      if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out += '\\';
        out += c;
      } else {
        appendUtf8(out, static_cast<char32_t>(cp));
        i += n;
      }
      break;
    }
    default:
      if (c >= '0' && c <= '7') {
        unsigned cp = 0, n = 0;
        while (n < 3 && i < body.size() && body[i] >= '0' && body[i] <= '7')
          cp = cp * 8 + unsigned(body[i++] - '0'), ++n;
        --i;
        appendUtf8(out, cp);
      } else {
        out += '\\';
        out += c;
      }
    }
  }
  return out;
}

ExprPtr buildNumberLiteral(int type, const std::string &text, SourceLoc loc) {
  using L = llccgrammar::LlccLexer;
  switch (type) {
  case L::DECIMAL_INTEGER:
    return parseInteger(loc, text, 10);
  case L::HEX_INTEGER:
    return parseInteger(loc, text.substr(2), 16);
  case L::OCT_INTEGER:
    return parseInteger(loc, text.substr(2), 8);
  case L::BIN_INTEGER:
    return parseInteger(loc, text.substr(2), 2);
  case L::FLOAT_NUMBER: {
    std::string digits;
    for (char c : text)
      if (c != '_')
        digits += c;
    // strtod gives inf for 1e400 and 0 for 1e-400, as Python does.
    return std::make_unique<FloatLiteralExpr>(loc, std::strtod(digits.c_str(), nullptr));
  }
  default:
    return nullptr;
  }
}

ExprPtr buildStringAtom(const std::vector<StringPiece> &pieces, SourceLoc loc,
                        LiteralHooks &hooks) {
  std::string value;
  std::unique_ptr<FStringExpr> fstring;
  for (const StringPiece &piece : pieces) {
    const std::string &text = *piece.text;
    size_t quote = text.find_first_of("'\"");
    std::string prefix = text.substr(0, quote);
    size_t quoteLen = 1;
    if (text.size() - quote >= 6 && text.compare(quote, 3, std::string(3, text[quote])) == 0)
      quoteLen = 3;
    size_t bodyLen = text.size() >= quote + 2 * quoteLen ? text.size() - quote - 2 * quoteLen : 0;
    std::string body = text.substr(quote + quoteLen, bodyLen);
    bool raw = prefix.find_first_of("rR") != std::string::npos;
    if (prefix.find_first_of("bB") != std::string::npos)
      hooks.literalUnsupported(piece.loc, "bytes literal");
    if (prefix.find_first_of("fF") != std::string::npos) {
      if (!fstring) {
        fstring = std::make_unique<FStringExpr>(loc);
        fstring->texts.push_back(std::move(value));
        value.clear();
      }
      SourceLoc bodyLoc = piece.loc;
      bodyLoc.col += uint32_t(quote + quoteLen);
      splitFString(body, raw, bodyLoc, *fstring, hooks);
      continue;
    }
    std::string decoded = raw ? body : decodeEscapes(body);
    if (fstring)
      fstring->texts.back() += decoded;
    else
      value += decoded;
  }
  if (fstring)
    return fstring;
  return std::make_unique<StringLiteralExpr>(loc, std::move(value));
}

} // namespace llcc
