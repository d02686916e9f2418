//===- SemaIntBits.cpp - Bit counting of ints -----------------------------===//
//
// Local binary pattern and census filters count the set bits of a code:
// `code.bit_count()`, `n.bit_length()`, and the older idiom
// `bin(code).count("1")`. llcc has no strings, so bin() is accepted only
// where its string is consumed at once by `.count(c)` or `len()`, each a
// formula of the number's magnitude (codegen/IRGenIntBits.cpp):
//   bin(n) is '0b' + digits of |n|, with '-' in front when n < 0, and the
//   digits of 0 are '0'; so count('1') is popcount(|n|), count('0') is
//   1 + max(bit_length, 1) - popcount (the '0' of '0b' included), and
//   len() is 2 + max(bit_length, 1) + (n < 0).
// numpy.int64 has bit_count() (numpy 1.24) but not bit_length(), and
// numpy.bool_ has neither: those raise AttributeError in CPython, so llcc
// refuses them where the value may be numpy (Expr::mayBeNumpy).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

/// The characters `bin(n).count(c)` can count, and what the count is.
struct BinCount {
  const char *text;
  const char *builtin;
};

const BinCount BinCounts[] = {
    {"1", "bin.count1"},     {"0", "bin.count0"},  {"b", "bin.countb"},
    {"-", "bin.countminus"}, {"0b", "bin.countb"},
};

} // namespace

/// `x.bit_count()` and `x.bit_length()` of an int or bool (see the file
/// comment); `out` is Int.
bool Sema::typeOfIntBitMethod(CallExpr &e, AttributeExpr &a, Type base, Type &out) {
  out = Type::Unknown;
  for (auto &arg : e.args)
    typeOf(*arg);
  for (KeywordArg &k : e.keywords)
    typeOf(*k.value);
  // An int on some paths and a float on others (`2 ** n`): CPython's
  // AttributeError on the float paths, at run time (IRGenIntBits.cpp).
  if (!isIntegral(base) && base != Type::IntOrFloat) {
    error(a.loc(), std::string("a ") + typeName(base) + " has no method '" + a.attr +
                       "' (only ints have it); write int(x)." + a.attr + "() for its integer part");
    return true;
  }
  bool numpy = a.value->mayBeNumpy;
  if (numpy && (base == Type::Bool || a.attr == "bit_length")) {
    error(a.loc(), std::string("this ") + (base == Type::Bool ? "bool" : "int") +
                       " may be a numpy scalar (an element of an array, or computed from one), "
                       "and numpy." +
                       (base == Type::Bool ? "bool_" : "int64") + " has no method '" + a.attr +
                       "' (CPython raises AttributeError); write int(x)." + a.attr + "()");
    return true;
  }
  if (!e.args.empty() || !e.keywords.empty()) {
    error(e.loc(), "." + a.attr + "() takes no arguments");
    return true;
  }
  a.type = Type::Function;
  e.builtin = "scalar." + a.attr;
  out = Type::Int;
  return true;
}

/// `bin(n).count(c)` and `len(bin(n))`: typed as the Int they are; other
/// uses of bin() fall through to its "not supported" error. False when `e`
/// is neither.
bool Sema::typeOfBinIdiom(CallExpr &e, Type &out) {
  CallExpr *bin = nullptr;
  std::string builtin;
  auto isBin = [&](Expr *x) {
    auto *c = dyn_cast<CallExpr>(x);
    return c && !c->starred && namesBuiltin(*c->callee, "bin") ? c : nullptr;
  };
  if (auto *a = dyn_cast<AttributeExpr>(e.callee.get()); a && a->attr == "count") {
    bin = isBin(a->value.get());
    if (!bin)
      return false;
    auto *s = e.args.size() == 1 && e.keywords.empty()
                  ? dyn_cast<StringLiteralExpr>(e.args[0].get())
                  : nullptr;
    for (const BinCount &c : BinCounts)
      if (s && s->value == c.text)
        builtin = c.builtin;
    if (builtin.empty()) {
      error(e.loc(), "bin(n).count() takes one of the strings '1', '0', 'b' or '-' here "
                     "(llcc has no strings; it counts them from n's bits)");
      out = Type::Unknown;
      return true;
    }
    a->type = Type::Function;
  } else if (namesBuiltin(*e.callee, "len") && e.args.size() == 1 && e.keywords.empty()) {
    bin = isBin(e.args[0].get());
    if (!bin)
      return false;
    builtin = "bin.len";
  } else {
    return false;
  }
  out = Type::Unknown;
  if (bin->args.size() != 1 || !bin->keywords.empty()) {
    error(bin->loc(), "bin() takes exactly one argument (an int)");
    return true;
  }
  Type t = typeOf(*bin->args[0]);
  if (t == Type::Unknown)
    return true;
  if (!isIntegral(t) && t != Type::IntOrFloat) { // the float paths raise at run time
    error(bin->args[0]->loc(), std::string("bin() needs an int, and this is a ") + typeName(t) +
                                   " (CPython raises TypeError); write bin(int(x))");
    return true;
  }
  e.builtin = builtin;
  out = Type::Int;
  return true;
}

} // namespace sema
} // namespace llcc
