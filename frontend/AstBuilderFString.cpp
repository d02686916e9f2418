//===- AstBuilderFString.cpp - f-string literals to FStringExpr -----------===//
//
// An f-string's body is split here, as CPython's tokenizer does: `{{` and
// `}}` are literal braces; `{expr}`, `{expr!r}`, `{expr:spec}` and
// `{expr=}` are replacement fields. The expression text runs to the first
// `!`, `:`, `=` or `}` outside brackets and quotes (`!=`, `==`, `<=`, `>=`
// belong to it), and is parsed on its own by parseFieldExpr. A format spec
// is kept as text for Sema to check; nested fields inside a spec
// (`{x:{width}}`) are refused. Literal text gets the usual escapes.
//
//===----------------------------------------------------------------------===//
#include "AstBuilderImpl.h"

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

} // namespace

void AstBuilder::buildFStringBody(const std::string &body, bool raw, SourceLoc loc,
                                  FStringExpr &out) {
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
      diags_.error(advance(body, i, loc), "f-string: single '}' is not allowed");
      return;
    }
    if (c != '{') {
      text += c;
      ++i;
      continue;
    }
    if (i + 1 < body.size() && body[i + 1] == '{') {
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
      diags_.error(advance(body, i, loc), "f-string: expecting '}'");
      return;
    }
    std::string exprText = body.substr(start, j - start);
    if (exprText.find_first_not_of(" \t\n") == std::string::npos) {
      diags_.error(exprLoc, "f-string: empty expression not allowed");
      return;
    }
    FStringField field;
    if (body[j] == '=') {
      // `{x=}`: the text "x=" then the value (repr for numbers, which is
      // also their str).
      text += exprText + "=";
      ++j;
    }
    if (j < body.size() && body[j] == '!') {
      char conv = j + 1 < body.size() ? body[j + 1] : 0;
      if (conv != 'r' && conv != 's' && conv != 'a') {
        diags_.error(advance(body, j, loc),
                     "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        return;
      }
      field.conversion = conv;
      j += 2;
    }
    if (j < body.size() && body[j] == ':') {
      size_t specStart = ++j;
      while (j < body.size() && body[j] != '}') {
        if (body[j] == '{') {
          diags_.error(advance(body, j, loc), "nested replacement fields in an f-string format "
                                              "spec are not supported; write the width and "
                                              "precision as numbers");
          return;
        }
        ++j;
      }
      field.formatSpec = body.substr(specStart, j - specStart);
    }
    if (j >= body.size() || body[j] != '}') {
      diags_.error(advance(body, std::min(j, body.size()), loc), "f-string: expecting '}'");
      return;
    }
    flushText();
    field.value = parseFieldExpr(exprText, exprLoc);
    if (!field.value)
      field.value = std::make_unique<NoneLiteralExpr>(exprLoc);
    out.fields.push_back(std::move(field));
    out.texts.emplace_back();
    i = j + 1;
  }
  flushText();
}

} // namespace llcc
