//===- SemaStrFormat.cpp - str.format() of a literal as an f-string -------===//
//
// `raise ValueError("max {:.3f} exceeds {}".format(m, lim))`: where a message
// is expected (the places an f-string may stand), `"...".format(...)` of a str
// literal is rewritten into the f-string it equals. The format string is
// parsed as CPython's str.format parses it (Objects/stringlib/
// unicode_format.h): `{{` and `}}` are braces, a field is
// `{name!conv:spec}`, its name empty (automatic numbering), digits (a
// positional argument) or a keyword argument's name.
//
//   "{} of {:>5}".format(k, n)     f"{k} of {n:>5}"
//   "{0!r} {x:.3f}".format(s, x=v) f"{s!r} {v:.3f}"
//
// As in CPython every argument is evaluated before any field is formatted
// (FStringExpr::percent). An argument used by no field, by several, or out
// of order is evaluated once, in order, by CPython but where its fields are
// by the f-string: it must then be a name or a literal (which it copies or
// drops), else it is a compile error. A format string that CPython refuses
// for these arguments (a bad field, a missing argument: ValueError,
// IndexError, KeyError whenever the call runs) is a compile error with
// CPython's message. Fields that index or read an attribute (`{0[1]}`,
// `{p.x}`), nested fields in a spec (`{:{w}}`) and `*args` are not supported.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace llcc {
namespace sema {

namespace {

/// One replacement field of the format string, as parsed.
struct FormatField {
  std::string name; ///< the whole field name ("0", "", "x", "0[1]")
  char conversion = 0;
  std::string spec;
  bool nested = false; ///< the spec holds a replacement field
};

/// Splits `text` into literal texts and fields as CPython's MarkupIterator
/// does; "" or CPython's ValueError message.
std::string parseFormat(const std::string &text, std::vector<std::string> &texts,
                        std::vector<FormatField> &fields) {
  texts.assign(1, "");
  size_t n = text.size(), i = 0;
  while (i < n) {
    size_t start = i;
    char c = 0;
    bool markup = false;
    while (i < n) {
      c = text[i++];
      if (c == '{' || c == '}') {
        markup = true;
        break;
      }
    }
    bool atEnd = i >= n;
    if (markup && c == '}' && (atEnd || text[i] != '}'))
      return "Single '}' encountered in format string";
    if (markup && atEnd && c == '{')
      return "Single '{' encountered in format string";
    size_t len = i - start;
    if (markup) {
      if (text[i] == c) { // `{{` or `}}`: one brace of text
        ++i;
        markup = false;
      } else {
        --len;
      }
    }
    texts.back() += text.substr(start, len);
    if (!markup)
      continue;
    // The field: its name runs to '}', ':' or '!' ('[...]' skipped).
    FormatField field;
    size_t nameStart = i;
    c = 0;
    while (i < n) {
      c = text[i++];
      if (c == '{')
        return "unexpected '{' in field name";
      if (c == '[') {
        while (i < n && text[i] != ']')
          ++i;
        continue;
      }
      if (c == '}' || c == ':' || c == '!')
        break;
    }
    field.name = text.substr(nameStart, i - 1 - nameStart);
    if (c == '!' || c == ':') {
      bool done = false;
      if (c == '!') {
        if (i >= n)
          return "end of string while looking for conversion specifier";
        field.conversion = text[i++];
        if (i < n) {
          char d = text[i++];
          if (d == '}')
            done = true;
          else if (d != ':')
            return "expected ':' after conversion specifier";
        }
      }
      if (!done) {
        size_t specStart = i;
        int count = 1;
        while (i < n) {
          char d = text[i++];
          if (d == '{') {
            field.nested = true;
            ++count;
          } else if (d == '}' && --count == 0) {
            field.spec = text.substr(specStart, i - 1 - specStart);
            done = true;
            break;
          }
        }
        if (!done)
          return "unmatched '{' in format spec";
      }
    } else if (c != '}') {
      return "expected '}' before end of string";
    }
    fields.push_back(std::move(field));
    texts.emplace_back();
  }
  return "";
}

/// A name or a literal: evaluating it has no effect and cannot fail, so the
/// f-string may evaluate it any number of times, in any order.
bool isPlainArgument(const Expr &e) {
  switch (e.kind()) {
  case Expr::Kind::IntLiteral:
  case Expr::Kind::FloatLiteral:
  case Expr::Kind::BoolLiteral:
  case Expr::Kind::StringLiteral:
  case Expr::Kind::Name:
    return true;
  case Expr::Kind::Unary: {
    auto &u = static_cast<const UnaryExpr &>(e);
    return (u.op == UnaryExpr::Op::Neg || u.op == UnaryExpr::Op::Pos) &&
           (isa<IntLiteralExpr>(u.operand.get()) || isa<FloatLiteralExpr>(u.operand.get()));
  }
  default:
    return false;
  }
}

/// A fresh copy of a plain argument (isPlainArgument), untyped.
ExprPtr copyPlainArgument(const Expr &e) {
  SourceLoc loc = e.loc();
  if (auto *x = dyn_cast<IntLiteralExpr>(&e))
    return std::make_unique<IntLiteralExpr>(loc, x->value, x->overflow);
  if (auto *x = dyn_cast<FloatLiteralExpr>(&e))
    return std::make_unique<FloatLiteralExpr>(loc, x->value);
  if (auto *x = dyn_cast<BoolLiteralExpr>(&e))
    return std::make_unique<BoolLiteralExpr>(loc, x->value);
  if (auto *x = dyn_cast<StringLiteralExpr>(&e))
    return std::make_unique<StringLiteralExpr>(loc, x->value);
  if (auto *x = dyn_cast<NameExpr>(&e))
    return std::make_unique<NameExpr>(loc, x->name);
  auto &u = cast<UnaryExpr>(e);
  return std::make_unique<UnaryExpr>(loc, u.op, copyPlainArgument(*u.operand));
}

/// Python's repr of a str without escapes to write (a field name).
std::string quoted(const std::string &s) {
  bool single = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
  return single ? "\"" + s + "\"" : "'" + s + "'";
}

} // namespace

bool Sema::formatToFString(ExprPtr &slot) {
  auto *call = dyn_cast<CallExpr>(slot.get());
  auto *method = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
  auto *format = method ? dyn_cast<StringLiteralExpr>(method->value.get()) : nullptr;
  if (!format || method->attr != "format")
    return false;
  SourceLoc at = format->loc();
  bool failed = false;
  auto fail = [&](SourceLoc loc, const std::string &why) {
    if (!failed)
      error(loc, why);
    failed = true;
  };

  if (call->starred)
    fail(call->args[0]->loc(), "str.format(*args) is not supported in llcc; write the arguments "
                               "out, as in \"{} of {}\".format(k, n)");
  std::vector<std::string> texts;
  std::vector<FormatField> fields;
  if (!failed)
    if (std::string why = parseFormat(format->value, texts, fields); !why.empty())
      fail(at, why + " (CPython raises ValueError)");

  // Each field's argument: positional k is k, keyword j is args.size() + j.
  size_t positional = call->args.size();
  std::vector<size_t> used;
  enum { Init, Auto, Manual } numbering = Init;
  size_t next = 0;
  for (const FormatField &f : fields) {
    if (failed)
      break;
    size_t split = f.name.find_first_of(".[");
    std::string first = f.name.substr(0, split);
    std::string rest = split == std::string::npos ? "" : f.name.substr(split);
    bool digits = !first.empty();
    for (char c : first)
      digits &= std::isdigit(static_cast<unsigned char>(c)) != 0;
    size_t index = 0;
    bool tooMany = false;
    for (size_t k = 0; digits && k < first.size(); ++k) {
      size_t d = static_cast<size_t>(first[k] - '0');
      tooMany |= index > (static_cast<size_t>(INT64_MAX) - d) / 10;
      index = tooMany ? 0 : index * 10 + d;
    }
    if (tooMany) {
      fail(at, "Too many decimal digits in format string (CPython raises ValueError)");
      break;
    }
    if (first.empty() || digits) {
      if (numbering == Init)
        numbering = first.empty() ? Auto : Manual;
      if (numbering == Manual && first.empty()) {
        fail(at, "cannot switch from manual field specification to automatic field numbering "
                 "(CPython raises ValueError)");
        break;
      }
      if (numbering == Auto && !first.empty()) {
        fail(at, "cannot switch from automatic field numbering to manual field specification "
                 "(CPython raises ValueError)");
        break;
      }
      if (first.empty())
        index = next++;
      if (index >= positional) {
        fail(at, "Replacement index " + std::to_string(index) +
                     " out of range for positional args tuple: str.format() is given " +
                     std::to_string(positional) + " positional argument" +
                     (positional == 1 ? "" : "s") + " (CPython raises IndexError)");
        break;
      }
    } else {
      size_t j = 0;
      while (j < call->keywords.size() && call->keywords[j].name != first)
        ++j;
      if (j == call->keywords.size()) {
        fail(at, "str.format() is given no keyword argument " + quoted(first) + " for the field {" +
                     f.name + "} (CPython raises KeyError: " + quoted(first) + ")");
        break;
      }
      index = positional + j;
    }
    if (!rest.empty()) {
      fail(at, "the field {" + f.name +
                   "} indexes its argument or reads an attribute of it, "
                   "which str.format() in llcc does not support; pass the value itself, as in "
                   "\"{}\".format(t[1])");
      break;
    }
    char conv = f.conversion;
    if (conv && conv != 'r' && conv != 's' && conv != 'a') {
      char text[32];
      if (conv > 32 && conv < 127)
        std::snprintf(text, sizeof text, "%c", conv);
      else
        std::snprintf(text, sizeof text, "\\x%x", static_cast<unsigned char>(conv));
      fail(at,
           std::string("Unknown conversion specifier ") + text + " (CPython raises ValueError)");
      break;
    }
    if (f.nested) {
      fail(at, "nested replacement fields in a str.format() format spec ({:{}}) are not "
               "supported in llcc; write the width and precision as numbers");
      break;
    }
    used.push_back(index);
  }

  // The arguments' values: evaluated once, in order, by CPython.
  std::vector<ExprPtr *> args;
  for (ExprPtr &a : call->args)
    args.push_back(&a);
  for (KeywordArg &k : call->keywords)
    args.push_back(&k.value);
  std::vector<int> uses(args.size(), 0);
  for (size_t index : used)
    ++uses[index];
  size_t lastImpure = 0;
  bool anyImpure = false;
  for (size_t k = 0; k < used.size() && !failed; ++k) {
    Expr &value = **args[used[k]];
    if (isPlainArgument(value))
      continue;
    if (uses[used[k]] != 1 || (anyImpure && used[k] < lastImpure))
      fail(value.loc(), "this str.format() argument is used by several fields or out of order; "
                        "CPython evaluates it once, before formatting, so assign it to a name "
                        "first and pass the name");
    anyImpure = true;
    lastImpure = used[k];
  }
  for (size_t k = 0; k < args.size() && !failed; ++k)
    if (uses[k] == 0 && !isPlainArgument(**args[k]))
      fail((*args[k])->loc(), "this str.format() argument is used by no field; CPython evaluates "
                              "it all the same: assign it to a name first, or remove it");

  if (failed) {
    // Reported; the call types as a str without a second error.
    formatRefused_.insert(call);
    return true;
  }
  // Unused names and literals: typed (an undefined name is still an error)
  // and kept alive, but not evaluated.
  for (size_t k = 0; k < args.size(); ++k)
    if (uses[k] == 0) {
      typeOf(**args[k]);
      formatDropped_.push_back(std::move(*args[k]));
    }
  auto joined = std::make_unique<FStringExpr>(call->loc());
  joined->percent = true;
  joined->texts = texts;
  std::vector<bool> moved(args.size(), false);
  for (size_t k = 0; k < fields.size(); ++k) {
    FStringField field;
    field.conversion = fields[k].conversion;
    field.formatSpec = fields[k].spec;
    size_t a = used[k];
    if (!moved[a]) {
      field.value = std::move(*args[a]);
      moved[a] = true;
    } else {
      // A second use of a name or literal: a copy. The first use may have
      // been moved already, so copy from the field that holds it.
      for (FStringField &g : joined->fields)
        if (g.value && used[&g - joined->fields.data()] == a) {
          field.value = copyPlainArgument(*g.value);
          break;
        }
    }
    joined->fields.push_back(std::move(field));
  }
  slot = std::move(joined);
  return true;
}

} // namespace sema
} // namespace llcc
