//===- SemaStrValues.cpp - strs computed at run time ----------------------===//
//
// Besides literals, str parameters and messages, a filter may compute strs:
// f-strings and `a + b` of strs anywhere, `s * n` and `n * s`, `str(x)` and
// `repr(x)` of a number or a str, and the methods of str that filters call on
// a parameter (`how.lower()`, `how.strip()`, `how.replace("-", "_")`,
// `how.startswith("m")`, `how.find("x")`, `how.isdigit()`, `how.split()[0]`),
// `len(s)` and `"med" in how`. A computed str is built at run time in the message buffer
// and copied into the call's arena (codegen/IRGenStrValues.cpp): a pointer
// to NUL-terminated UTF-8 like every llcc str. Tuples as messages
// (`assert c, (lim, "too big")`, `raise ValueError("bad", k)`) are the
// f-string of the tuple's repr.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

/// A str method llcc lowers: how many str arguments it takes and what it
/// returns ('s' a str, 'i' an int, 'b' a bool).
struct StrMethod {
  const char *name;
  unsigned minArgs, maxArgs;
  char result;
};

const StrMethod StrMethods[] = {
    {"lower", 0, 0, 's'},     {"upper", 0, 0, 's'},      {"casefold", 0, 0, 's'},
    {"swapcase", 0, 0, 's'},  {"title", 0, 0, 's'},      {"capitalize", 0, 0, 's'},
    {"strip", 0, 1, 's'},     {"lstrip", 0, 1, 's'},     {"rstrip", 0, 1, 's'},
    {"replace", 2, 2, 's'},   {"find", 1, 1, 'i'},       {"rfind", 1, 1, 'i'},
    {"count", 1, 1, 'i'},     {"startswith", 1, 1, 'b'}, {"endswith", 1, 1, 'b'},
    {"isdigit", 0, 0, 'b'},   {"isalpha", 0, 0, 'b'},    {"isalnum", 0, 0, 'b'},
    {"isspace", 0, 0, 'b'},   {"isupper", 0, 0, 'b'},    {"islower", 0, 0, 'b'},
    {"isdecimal", 0, 0, 'b'}, {"isnumeric", 0, 0, 'b'},  {"istitle", 0, 0, 'b'},
    {"isascii", 0, 0, 'b'},
};

std::string methodList() {
  std::string out;
  for (const StrMethod &m : StrMethods)
    out += std::string(out.empty() ? "" : ", ") + m.name;
  return out;
}

} // namespace

/// `str(x)`, `repr(x)` of a number or a str outside a message (in one,
/// concatToFString makes them fields first).
bool Sema::typeOfStrConversion(CallExpr &e, Type &out) {
  bool isStr = namesBuiltin(*e.callee, "str"), isRepr = namesBuiltin(*e.callee, "repr");
  if ((!isStr && !isRepr) || e.starred || e.args.size() != 1 || !e.keywords.empty())
    return false;
  if (auto *n = dyn_cast<NameExpr>(e.args[0].get());
      n && !locals_.count(n->name) && fn_ && exceptClauseNamed(n->name))
    return false; // str(e) of a caught error (SemaTry.cpp)
  Type t = typeOf(*e.args[0]);
  if (auto *n = dyn_cast<NameExpr>(e.callee.get()))
    n->type = Type::Function;
  out = Type::Unknown;
  if (t == Type::Unknown)
    return true;
  if (!isNumeric(t) && t != Type::Str && !isNdarray(t)) {
    error(e.args[0]->loc(), std::string(isStr ? "str" : "repr") + "() of a " + typeName(t) +
                                " is not supported; llcc makes the text of numbers, strs and "
                                "numpy arrays");
    return true;
  }
  e.builtin = isStr ? "str.conv.s" : "str.conv.r";
  out = Type::Str;
  return true;
}

/// `how.lower()`, `how.startswith("m")`, ...: see StrMethods.
Type Sema::typeOfStrMethod(CallExpr &e, AttributeExpr &a) {
  const StrMethod *m = nullptr;
  for (const StrMethod &x : StrMethods)
    if (a.attr == x.name)
      m = &x;
  auto typeArgs = [&] {
    for (auto &arg : e.args)
      typeOf(*arg);
    for (KeywordArg &k : e.keywords)
      typeOf(*k.value);
  };
  if (!m) {
    typeArgs();
    error(a.loc(), "str method '" + a.attr + "' is not supported; llcc has " + methodList() +
                       (a.attr == "split" || a.attr == "join" || a.attr == "partition"
                            ? " and s.split()[i] (no lists of strs: compare with startswith() "
                              "or 'in')"
                            : ""));
    return Type::Unknown;
  }
  a.type = Type::Function;
  if (!e.keywords.empty() || e.starred || e.args.size() < m->minArgs ||
      e.args.size() > m->maxArgs) {
    typeArgs();
    std::string expected = m->minArgs == m->maxArgs
                               ? std::to_string(m->minArgs)
                               : std::to_string(m->minArgs) + " or " + std::to_string(m->maxArgs);
    error(e.loc(), "llcc's str." + a.attr + "() takes " + expected +
                       " positional str argument(s), as in how." + a.attr + "(" +
                       (m->maxArgs == 0   ? ""
                        : m->maxArgs == 1 ? "\"x\""
                                          : "\"-\", \"_\"") +
                       ")");
    return Type::Unknown;
  }
  bool ok = true;
  for (auto &arg : e.args) {
    // startswith(("a", "b")): a tuple of strs written in place.
    if (auto *t = dyn_cast<TupleExpr>(arg.get()); t && m->result == 'b' && !t->elements.empty()) {
      for (auto &el : t->elements) {
        Type et = typeOf(*el);
        if (et != Type::Str && et != Type::Unknown) {
          error(el->loc(), "str." + a.attr + "() takes strs, not a " + typeName(et));
          ok = false;
        }
      }
      t->type = Type::Str; // never a value of its own
      continue;
    }
    Type t = typeOf(*arg);
    if (t != Type::Str && t != Type::Unknown) {
      error(arg->loc(), "str." + a.attr + "() takes strs here, not a " + typeName(t));
      ok = false;
    }
  }
  if (!ok)
    return Type::Unknown;
  e.builtin = "str." + a.attr;
  return m->result == 's' ? Type::Str : m->result == 'i' ? Type::Int : Type::Bool;
}

bool Sema::typeOfStrSplitItem(SubscriptExpr &s, Type &out) {
  auto *call = dyn_cast<CallExpr>(s.value.get());
  auto *a = call ? dyn_cast<AttributeExpr>(call->callee.get()) : nullptr;
  if (!a || a->attr != "split" || call->starred || isa<SliceExpr>(s.index.get()))
    return false;
  if (auto *n = dyn_cast<NameExpr>(a->value.get());
      n && !locals_.count(n->name) && moduleAliases_.count(n->name))
    return false; // a module's split (np.split)
  if (typeOf(*a->value) != Type::Str)
    return false;
  out = Type::Unknown;
  a->type = Type::Function;
  for (auto &arg : call->args)
    typeOf(*arg);
  for (KeywordArg &k : call->keywords)
    typeOf(*k.value);
  Type it = typeOf(*s.index);
  if (!call->keywords.empty() || call->args.size() > 1 ||
      (call->args.size() == 1 && call->args[0]->type != Type::Str)) {
    error(call->loc(), "llcc's str.split() takes no argument or one str separator, as in "
                       "how.split(\",\")[0]");
    return true;
  }
  if (!isIntegral(it)) {
    if (it != Type::Unknown)
      error(s.index->loc(),
            std::string("the index of s.split() must be an int, not a ") + typeName(it));
    return true;
  }
  call->builtin = "str.split";
  call->type = Type::Str; // never a value of its own
  out = Type::Str;
  return true;
}

Type Sema::typeOfStrRepeat(BinaryExpr &e, Type a, Type b) {
  Type n = a == Type::Str ? b : a;
  if (isIntegral(n))
    return Type::Str;
  if (n == Type::IntOrFloat)
    error(e.loc(), "a str is repeated by an int, and this number may be a float (CPython's "
                   "TypeError: can't multiply sequence by non-int of type 'float'); convert with "
                   "int()");
  else if (n != Type::Unknown)
    error(e.loc(), std::string("a str is repeated by an int (CPython's TypeError: can't multiply "
                               "sequence by non-int of type '") +
                       (n == Type::Float ? "float" : typeName(n)) + "'); convert with int()");
  return Type::Unknown;
}

bool Sema::tupleMessageToFString(ExprPtr &slot) {
  auto *t = dyn_cast<TupleExpr>(slot.get());
  if (!t)
    return false;
  bool saved = allowFString_;
  allowFString_ = true;
  bool ok = true;
  for (auto &el : t->elements) {
    Type et = typeOf(*el);
    if (et != Type::Unknown && et != Type::Str && !isNumeric(et) && !isNdarray(et)) {
      error(el->loc(), std::string("a tuple message holds numbers, strs and numpy arrays, not a ") +
                           typeName(et));
      ok = false;
    }
  }
  allowFString_ = saved;
  if (!ok)
    return false;
  auto f = std::make_unique<FStringExpr>(t->loc());
  f->texts.push_back("(");
  for (size_t i = 0; i < t->elements.size(); ++i) {
    FStringField field;
    field.conversion = 'r';
    field.value = std::move(t->elements[i]);
    f->fields.push_back(std::move(field));
    f->texts.push_back(i + 1 < t->elements.size() ? ", " : t->elements.size() == 1 ? ",)" : ")");
  }
  if (t->elements.empty())
    f->texts.back() += ")";
  slot = std::move(f);
  return true;
}

} // namespace sema
} // namespace llcc
