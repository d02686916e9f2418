//===- SemaPercent.cpp - printf-style '%' formatting as an f-string -------===//
//
// `raise ValueError("only %d of %d samples" % (k, n))`, `print("x = %.3f" % x)`:
// where a message is expected (the places an f-string may stand), a str
// literal `%` a value or a tuple display is rewritten into the f-string that
// CPython's printf-style formatting equals, conversion by conversion:
//
//   %s %r %a     {x!s:>W.P} {x!r:>W.P} {x!a:>W.P}  (printf pads on the left)
//   %d %i %u     {n:FWd}; a float is int(x) first: NaN raises ValueError,
//                an infinity OverflowError, as CPython's int() does
//   %x %X %o     {n:F#Wx} ...; ints only
//   %e %f %g ... {x:F#W.Pe} ..., precision 6 when not given
//   %%           a '%'
//
// The flags '-', '+', ' ', '#' and '0' map to the mini-language's align,
// sign, alternate form and zero padding ('-' wins over '0', as in C). The
// values are all evaluated before any is formatted (FStringExpr::percent),
// as Python builds the tuple first. Mapping keys (`%(name)s`), `*` widths,
// `%c`, a precision on an integer conversion and a tuple held in a variable
// are compile errors, as are a wrong number of values and a conversion the
// value's type can never take (CPython's TypeError).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cctype>
#include <cstdio>
#include <cstring>

namespace llcc {
namespace sema {

namespace {

/// One `%[flags][width][.precision]conversion` of the format string.
struct Conversion {
  std::string flags, width, precision;
  char type = 0;
  size_t index = 0; ///< its offset in the format string, for messages
};

bool isIntConversion(char c) { return c == 'd' || c == 'i' || c == 'u'; }
bool isRadixConversion(char c) { return c == 'x' || c == 'X' || c == 'o'; }
bool isFloatConversion(char c) { return std::strchr("eEfFgG", c) != nullptr; }

bool hasFlag(const Conversion &c, char f) { return c.flags.find(f) != std::string::npos; }

/// The format spec of a number conversion: [align][sign][#][0][width][.prec]type.
std::string numberSpec(const Conversion &c, char type, bool alternate,
                       const std::string &precision) {
  std::string spec;
  bool left = hasFlag(c, '-');
  if (left && !c.width.empty())
    spec += '<';
  if (hasFlag(c, '+'))
    spec += '+';
  else if (hasFlag(c, ' '))
    spec += ' ';
  if (alternate && hasFlag(c, '#'))
    spec += '#';
  if (hasFlag(c, '0') && !left && !c.width.empty())
    spec += '0';
  spec += c.width;
  if (!precision.empty())
    spec += "." + precision;
  spec += type;
  return spec;
}

} // namespace

/// Why a value of type `t` cannot take printf conversion `c` (CPython's
/// TypeError when formatting), or "". Checked where the f-string is typed,
/// once the value's type is final.
std::string printfTypeError(char c, Type t) {
  bool radix = isRadixConversion(c);
  std::string needs;
  if (t == Type::Str && c != 's' && c != 'r' && c != 'a')
    needs = radix ? "an integer" : "a real number";
  else if (radix && (t == Type::Float || t == Type::IntOrFloat))
    needs = "an integer";
  if (needs.empty())
    return "";
  return std::string("%") + c + " format: " + needs + " is required, not " +
         (t == Type::Str ? "str" : "float") + " (CPython raises TypeError)";
}

bool Sema::percentToFString(ExprPtr &slot) {
  auto *mod = dyn_cast<BinaryExpr>(slot.get());
  if (!mod || mod->op != BinaryOp::Mod)
    return false;
  auto *format = dyn_cast<StringLiteralExpr>(mod->lhs.get());
  if (!format)
    return false;
  SourceLoc at = mod->loc();
  bool failed = false;
  auto fail = [&](SourceLoc loc, const std::string &why) {
    error(loc, why);
    failed = true;
  };

  // The format string's texts and conversions.
  const std::string &text = format->value;
  std::vector<std::string> texts(1);
  std::vector<Conversion> conversions;
  for (size_t i = 0; i < text.size() && !failed; ++i) {
    if (text[i] != '%') {
      texts.back() += text[i];
      continue;
    }
    Conversion c;
    c.index = i;
    size_t j = i + 1;
    if (j < text.size() && text[j] == '%') {
      texts.back() += '%';
      i = j;
      continue;
    }
    if (j < text.size() && text[j] == '(') {
      fail(format->loc(), "'%(name)s' formatting takes a dict, which llcc does not format; write "
                          "an f-string, as in f\"{name}\"");
      break;
    }
    while (j < text.size() && std::strchr("-+ #0", text[j]))
      c.flags += text[j++];
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
      c.width += text[j++];
    if (j < text.size() && text[j] == '.') {
      ++j;
      c.precision = "";
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
        c.precision += text[j++];
      if (c.precision.empty())
        c.precision = "0"; // '%.f' is precision 0
    }
    if (j < text.size() && text[j] == '*') {
      fail(format->loc(), "a '*' width or precision in '%' formatting is not supported in llcc; "
                          "write an f-string with the width in its spec, as in f\"{x:8.3f}\"");
      break;
    }
    while (j < text.size() && std::strchr("hlL", text[j]))
      ++j; // length modifiers: accepted and ignored by Python
    if (j >= text.size()) {
      fail(format->loc(), "incomplete format: the '%' at index " + std::to_string(i) +
                              " has no conversion (CPython raises ValueError); write '%%' for "
                              "a percent sign");
      break;
    }
    c.type = text[j];
    if (!std::strchr("sradiuxXoeEfFgG", c.type)) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%x", static_cast<unsigned char>(c.type));
      fail(format->loc(), std::string("unsupported format character '") + c.type + "' (" + hex +
                              ") at index " + std::to_string(j) +
                              (c.type == 'c' ? " in llcc ('%c' is not supported)"
                                             : " (CPython raises ValueError)"));
      break;
    }
    conversions.push_back(c);
    texts.emplace_back();
    i = j;
  }

  // The values: a tuple display, or one value that is not a tuple. They
  // move into the f-string only once every check has passed: a refused
  // expression stays as written, to be reported again by the reporting pass.
  std::vector<ExprPtr *> values;
  if (!failed) {
    if (auto *tuple = dyn_cast<TupleExpr>(mod->rhs.get())) {
      for (ExprPtr &x : tuple->elements)
        values.push_back(&x);
    } else {
      Type t = typeOf(*mod->rhs);
      if (t == Type::Tuple || t == Type::TupleList || t == Type::Dict)
        fail(mod->rhs->loc(), std::string("'%' formatting with a ") + typeName(t) +
                                  " held in a name is not supported in llcc; write the values "
                                  "out, as in \"%d of %d\" % (k, n), or use an f-string");
      else
        values.push_back(&mod->rhs);
    }
  }
  auto count = [](size_t n, const char *what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  if (!failed && values.size() != conversions.size()) {
    std::string counts = "the format string has " + count(conversions.size(), "conversion") +
                         " and " + count(values.size(), "value") + " " +
                         (values.size() == 1 ? "is" : "are") + " given (CPython raises TypeError)";
    if (values.size() < conversions.size())
      fail(at, "not enough arguments for format string: " + counts);
    else
      fail((*values[conversions.size()])->loc(),
           "not all arguments converted during string formatting: " + counts);
  }

  auto joined = std::make_unique<FStringExpr>(at);
  joined->percent = true;
  joined->texts = texts;
  for (size_t k = 0; k < conversions.size() && !failed; ++k) {
    const Conversion &c = conversions[k];
    ExprPtr &value = *values[k];
    FStringField field;
    field.printf = c.type;
    if (c.type == 's' || c.type == 'r' || c.type == 'a') {
      // printf right-aligns strs too; format() would left-align them.
      field.conversion = c.type;
      if (!c.width.empty())
        field.formatSpec = (hasFlag(c, '-') ? "<" : ">") + c.width;
      if (!c.precision.empty())
        field.formatSpec += "." + c.precision;
    } else if (isIntConversion(c.type) || isRadixConversion(c.type)) {
      bool radix = isRadixConversion(c.type);
      if (!c.precision.empty())
        fail(value->loc(), std::string("a precision on '%") + c.type +
                               "' (zero-padding to a number of digits) is not supported in "
                               "llcc; pad with a width and the '0' flag, as in '%05d'");
      field.formatSpec = numberSpec(c, radix ? c.type : 'd', radix, "");
    } else { // e E f F g G
      field.formatSpec = numberSpec(c, c.type, true, c.precision.empty() ? "6" : c.precision);
    }
    joined->fields.push_back(std::move(field));
  }
  if (failed) {
    // Reported; typeOfBinary types it as a str without a second error.
    percentRefused_.insert(mod);
    return true;
  }
  for (size_t k = 0; k < values.size(); ++k)
    joined->fields[k].value = std::move(*values[k]);
  slot = std::move(joined);
  return true;
}

} // namespace sema
} // namespace llcc
