//===- SemaErrors.cpp - raise, assert, f-strings, print, str and None ------===//
//
// The typing of what a filter says to its user rather than computes:
// `raise ValueError(f"...")` of a builtin exception class, `assert c, msg`,
// f-strings (only as such a message or as an argument of print), `print`,
// str values (literals and str parameters such as `how="max"`, compared
// with == and !=) and parameters whose default is None (`if x is None:`).
// Each construct's runtime behaviour is in codegen/IRGenErrors.cpp.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cstring>
#include <functional>

namespace llcc {
/// Checks a format spec against Python's mini-language for a value of type
/// `t`; returns "" when valid, else why not.
std::string formatSpecError(const std::string &spec, Type t) {
  size_t i = 0;
  auto isAlign = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  // The fill may be any character (one code point) before an alignment.
  size_t fillLen = 0;
  if (!spec.empty()) {
    unsigned char c0 = static_cast<unsigned char>(spec[0]);
    fillLen = c0 < 0x80 ? 1 : c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : 2;
  }
  bool eqAlign = false;
  if (fillLen < spec.size() && isAlign(spec[fillLen])) {
    eqAlign = spec[fillLen] == '=';
    i = fillLen + 1;
  } else if (!spec.empty() && isAlign(spec[0])) {
    eqAlign = spec[0] == '=';
    i = 1;
  }
  bool sign = false;
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) {
    sign = true;
    ++i;
  }
  if (i < spec.size() && spec[i] == 'z')
    ++i;
  bool alt = false;
  if (i < spec.size() && spec[i] == '#') {
    alt = true;
    ++i;
  }
  bool zero = false;
  if (i < spec.size() && spec[i] == '0') {
    zero = true;
    ++i;
  }
  while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])))
    ++i;
  char grouping = 0;
  if (i < spec.size() && (spec[i] == ',' || spec[i] == '_'))
    grouping = spec[i++];
  bool precision = false;
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    size_t digits = i;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])))
      ++i;
    if (i == digits)
      return "Format specifier missing precision";
    precision = true;
  }
  char type = 0;
  if (i < spec.size())
    type = spec[i++];
  if (i != spec.size())
    return "Invalid format specifier";
  if (t == Type::Str) {
    if (type && type != 's')
      return std::string("Unknown format code '") + type + "' for object of type 'str'";
    if (sign)
      return "Sign not allowed in string format specifier";
    if (alt)
      return "Alternate form (#) not allowed in string format specifier";
    if (eqAlign || (zero && false))
      return "'=' alignment not allowed in string format specifier";
    if (grouping)
      return std::string("Cannot specify '") + grouping + "' with 's'.";
    return "";
  }
  bool intType = isIntegral(t);
  const char *floatCodes = "eEfFgGn%";
  bool floatCode = type && std::strchr(floatCodes, type);
  if (t == Type::Float || t == Type::IntOrFloat) {
    if (type && !floatCode)
      return std::string("Unknown format code '") + type + "' for object of type 'float'";
    if (alt && !type)
      return "";
    if (grouping && type == 'n')
      return "Cannot specify ',' with 'n'.";
    return "";
  }
  if (intType) {
    if (type && !floatCode && !std::strchr("bcdoxX", type))
      return std::string("Unknown format code '") + type + "' for object of type 'int'";
    if (precision && !floatCode)
      return "Precision not allowed in integer format specifier";
    if (type == 'c' && sign)
      return "Sign not allowed with integer format specifier 'c'";
    if (grouping && (type == 'n' || type == 'c'))
      return std::string("Cannot specify '") + grouping + "' with '" + type + "'.";
    return "";
  }
  return "";
}

namespace sema {

namespace {

/// The builtin exception classes a program may raise (their CPython
/// objects are PyExc_<name>; codegen/Runtime.cpp has the same list).
const char *const RaisableClasses[] = {
    "ArithmeticError",   "AssertionError", "Exception",     "FloatingPointError",
    "IndexError",        "KeyError",       "LookupError",   "NotImplementedError",
    "OverflowError",     "RuntimeError",   "TypeError",     "ValueError",
    "ZeroDivisionError", "UnboundLocalError", "AttributeError", "StopIteration",
};

/// Python's other builtin exceptions: valid Python, not raisable here.
const char *const OtherClasses[] = {
    "BaseException",   "OSError",         "IOError",        "MemoryError",
    "NameError",       "ImportError",    "SystemExit",     "KeyboardInterrupt",
    "RecursionError",  "UnicodeError",  "BufferError",     "EOFError",       "FileNotFoundError",
    "PermissionError", "TimeoutError",  "Warning",         "UserWarning",    "RuntimeWarning",
    "GeneratorExit",   "SystemError",   "ModuleNotFoundError",
};

bool inList(const char *const *begin, const char *const *end, const std::string &name) {
  for (auto p = begin; p != end; ++p)
    if (name == *p)
      return true;
  return false;
}

} // namespace

std::string libraryExceptionClass(const Expr &x, const std::map<std::string, std::string> &modules,
                                  const std::map<std::string, std::string> &fromNames,
                                  const std::map<std::string, int> &locals); // SemaTry.cpp
bool isLibraryExceptionName(const std::string &name);                        // SemaTry.cpp

bool isRaisableClass(const std::string &name) {
  return inList(std::begin(RaisableClasses), std::end(RaisableClasses), name);
}

/// `"bad how: " + how + "!"`, `"k must be positive, got " + str(k)`: a `+`
/// of strs where a message is expected is the f-string it equals
/// (f"bad how: {how}!"; str(x) and repr(x) of a number or str are the fields
/// {x} and {x!r}), so messages format it as they format f-strings. Python
/// evaluates the operands left to right, then joins them: the f-string's
/// fields are evaluated in the same order. Returns false, leaving the
/// expression as it is, unless every operand is a str.
bool Sema::concatToFString(ExprPtr &slot) {
  auto *top = dyn_cast<BinaryExpr>(slot.get());
  if (!top || top->op != BinaryOp::Add)
    return false;
  std::vector<ExprPtr *> leaves;
  std::function<void(ExprPtr &)> flatten = [&](ExprPtr &x) {
    if (auto *b = dyn_cast<BinaryExpr>(x.get()); b && b->op == BinaryOp::Add) {
      flatten(b->lhs);
      flatten(b->rhs);
    } else {
      leaves.push_back(&x);
    }
  };
  flatten(slot);
  for (ExprPtr *leaf : leaves)
    if (!percentToFString(*leaf)) // "%d of " % k + "..."
      formatToFString(*leaf);
  // str(x) / repr(x) of one positional argument: the field and its conversion.
  auto conversionCall = [](Expr &x) -> char {
    auto *call = dyn_cast<CallExpr>(&x);
    auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
    if (!callee || call->args.size() != 1 || !call->keywords.empty())
      return 0;
    return callee->name == "str" ? 's' : callee->name == "repr" ? 'r' : 0;
  };
  bool saved = allowFString_;
  allowFString_ = true;
  bool allStr = true;
  for (ExprPtr *leaf : leaves) {
    markExceptionRead(*leaf);
    if (auto *c = dyn_cast<CallExpr>(leaf->get()); c && conversionCall(*c) && c->args.size() == 1)
      markExceptionRead(c->args[0]);
    char conv = conversionCall(**leaf);
    if (conv && !locals_.count("str") && !locals_.count("repr") && !functions_.count("str") &&
        !functions_.count("repr")) {
      Type t = typeOf(*cast<CallExpr>(**leaf).args[0]);
      allStr &= t == Type::Str || isNumeric(t) || isNdarray(t) || t == Type::Unknown;
    } else {
      allStr &= typeOf(**leaf) == Type::Str;
    }
  }
  allowFString_ = saved;
  if (!allStr)
    return false;
  auto joined = std::make_unique<FStringExpr>(top->loc());
  joined->texts.emplace_back();
  for (ExprPtr *leaf : leaves) {
    Expr &x = **leaf;
    if (auto *s = dyn_cast<StringLiteralExpr>(&x)) {
      joined->texts.back() += s->value;
    } else if (auto *f = dyn_cast<FStringExpr>(&x)) {
      joined->texts.back() += f->texts[0];
      for (size_t i = 0; i < f->fields.size(); ++i) {
        joined->fields.push_back(std::move(f->fields[i]));
        joined->texts.push_back(f->texts[i + 1]);
      }
    } else {
      FStringField field;
      if (char conv = conversionCall(x)) {
        field.conversion = conv == 'r' ? 'r' : 0; // {x} is str(x) for numbers and strs
        field.value = std::move(cast<CallExpr>(x).args[0]);
      } else {
        field.value = std::move(*leaf);
      }
      joined->fields.push_back(std::move(field));
      joined->texts.emplace_back();
    }
  }
  slot = std::move(joined);
  return true;
}

/// A message argument: a str (literal, f-string, str variable) or a number
/// (its str() is the message). Sets `allowFString_` for the f-string.
void Sema::typeMessage(ExprPtr &slot, const char *context) {
  if (!tupleMessageToFString(slot) && !percentToFString(slot) && !formatToFString(slot))
    concatToFString(slot);
  markExceptionRead(slot);
  Expr &message = *slot;
  bool saved = allowFString_;
  allowFString_ = true;
  Type t = typeOf(message);
  allowFString_ = saved;
  if (t == Type::Unknown || t == Type::Str || isNumeric(t) || isNdarray(t))
    return;
  error(message.loc(), std::string("the message of ") + context + " must be a str, a number or a "
                                                                  "numpy array, "
                                                                  "not a " + typeName(t));
}

// `raise Class`, `raise Class(message)` with a builtin exception class.
void Sema::walkRaise(RaiseStmt &s) {
  raising_.insert(fn_);
  if (!s.exception) {
    // Re-raises the error of the innermost except clause around it.
    if (!handlerStack_.empty() && handlerStack_.back().second == fn_) {
      handlerStack_.back().first->keepsError = true;
      return;
    }
    error(s.loc(), "a bare 'raise' re-raises the exception being handled, and is allowed only "
                   "in an except clause; raise a class, e.g. raise ValueError(\"message\")");
    return;
  }
  Expr *callee = s.exception.get();
  auto *call = dyn_cast<CallExpr>(callee);
  if (call)
    callee = call->callee.get();
  auto *name = dyn_cast<NameExpr>(callee);
  bool shadowed = name && (locals_.count(name->name) || constants_.count(name->name) ||
                           functions_.count(name->name));
  // statistics.StatisticsError or np.linalg.LinAlgError, as a program
  // names it; the library's functions (stdlib/*.flt) raise it by its bare
  // name.
  std::string className = libraryExceptionClass(*callee, moduleAliases_, fromNames_, locals_);
  if (className.empty() && name && !shadowed && fn_ && fn_->isLibrary &&
      isLibraryExceptionName(name->name))
    className = name->name;
  if (className.empty() && name && !shadowed && isRaisableClass(name->name))
    className = name->name;
  if (className.empty()) {
    if (name && !shadowed &&
        inList(std::begin(OtherClasses), std::end(OtherClasses), name->name)) {
      error(name->loc(), "raising '" + name->name + "' is not supported; raise one of " +
                             joinNames({std::begin(RaisableClasses), std::end(RaisableClasses)}));
    } else if (name && !shadowed && !locals_.count(name->name)) {
      // Not defined: the usual message, with its suggestion.
      typeOfName(*name);
      if (name->ref != NameRef::Unresolved)
        error(name->loc(), "'" + name->name + "' is not an exception class; raise a builtin "
                                              "one, e.g. raise ValueError(\"message\")");
    } else {
      error(callee->loc(), "llcc raises builtin exception classes only, e.g. raise "
                           "ValueError(\"message\")");
    }
    if (call)
      for (auto &a : call->args)
        typeOf(*a);
    return;
  }
  callee->type = Type::Function;
  s.className = className;
  s.message = nullptr;
  if (!call)
    return;
  if (!call->keywords.empty()) {
    error(call->keywords[0].loc, "exception classes take no keyword arguments");
    return;
  }
  if (call->args.size() > 1 && className == "KeyError") {
    error(call->args[1]->loc(), "KeyError takes one argument in llcc; build the message with an "
                                "f-string: KeyError(f\"... {a} ... {b}\")");
    return;
  }
  if (call->args.size() > 1) {
    // str(E(a, b)) is the repr of the tuple (a, b) (SemaStrValues.cpp).
    SourceLoc at = call->args[0]->loc();
    auto tuple = std::make_unique<TupleExpr>(at, std::move(call->args));
    call->args.clear();
    call->args.push_back(std::move(tuple));
  }
  if (call->args.empty())
    return;
  typeMessage(call->args[0], "an exception");
  Expr &arg = *call->args[0];
  // A dict constant's lookup (SemaDictConstants.cpp) raises KeyError(k) of a
  // number: the class CPython raises, its text the number's quoted.
  bool dictLookup = fn_ && fn_->name.rfind("llcc.dict.", 0) == 0;
  if (s.className == "KeyError" && arg.type != Type::Str && arg.type != Type::Unknown &&
      !dictLookup)
    error(arg.loc(), "KeyError's argument must be a str here (str(KeyError(k)) is repr(k), "
                     "which llcc formats only for str)");
  s.message = &arg;
}

// `assert cond` and `assert cond, message`.
void Sema::walkAssert(AssertStmt &s) {
  typeOfTest(*s.cond);
  if (s.message)
    typeMessage(s.message, "an assert");
}

/// `{e!r}` of an `except ... as e` is repr(e), `ValueError('text')`: the
/// fields {type(e).__name__}, "(", {str(e)!r}, ")".
void Sema::expandExceptionRepr(FStringExpr &e) {
  for (size_t i = 0; i < e.fields.size(); ++i) {
    FStringField &f = e.fields[i];
    auto *n = dyn_cast<NameExpr>(f.value.get());
    if ((f.conversion != 'r' && f.conversion != 'a') || !n || locals_.count(n->name) || !fn_)
      continue;
    ExceptClause *h = exceptClauseNamed(n->name);
    if (!h)
      continue;
    (void)0;
    if (!f.formatSpec.empty() || f.nestedSpec) {
      error(n->loc(), "a format spec of repr(" + n->name + ") of an exception is not supported; "
                      "format str(" + n->name + ") instead");
      continue;
    }
    if (h->argLocal < 0)
      h->argLocal = hiddenLocal(h->asName + ".arg", h->loc);
    assignHidden(h->argLocal, Type::Str, false);
    FStringField cls;
    auto name = std::make_unique<NameExpr>(n->loc(), h->asName + ".class");
    exceptionReads_[name.get()] = h->classLocal;
    cls.value = std::move(name);
    e.fields.insert(e.fields.begin() + i, std::move(cls));
    e.texts.insert(e.texts.begin() + i + 1, "(");
    e.texts[i + 2] = ")" + e.texts[i + 2];
    ++i; // the argument's repr (or ascii): the hidden local, as it is for !r
    FStringField &arg = e.fields[i];
    auto argName = std::make_unique<NameExpr>(n->loc(), h->asName + ".arg");
    exceptionReads_[argName.get()] = h->argLocal;
    arg.conversion = 0; // !a as !r: non-ASCII text is not escaped
    arg.value = std::move(argName);
  }
}

// `f"text {value:spec}"`: each value a number or a str.
Type Sema::typeOfFString(FStringExpr &e) {
  expandExceptionRepr(e);
  bool saved = allowFString_;
  allowFString_ = false;
  for (FStringField &f : e.fields) {
    rewriteDtypeField(f.value); // {values.dtype} is 'float64' (SemaDtype.cpp)
    markExceptionRead(f.value);
    Type t = typeOf(*f.value);
    // A spec with nested fields is an f-string: its values are numbers or
    // strs, evaluated after the field's value, as CPython does.
    if (f.nestedSpec)
      typeOf(*f.nestedSpec);
    if (t == Type::Unknown)
      continue;
    if (f.printf && (isNumeric(t) || t == Type::Str)) {
      if (std::string why = printfTypeError(f.printf, t); !why.empty())
        error(f.value->loc(), why);
      continue;
    }
    // A numpy array is numpy's text (codegen/IRGenArrayText.cpp).
    if (isNdarray(t) && (!f.printf || f.conversion)) // `%s`, `%r` too
      continue;
    if (!isNumeric(t) && t != Type::Str) {
      if (isList(t))
        error(f.value->loc(), "a list cannot be formatted in an f-string in llcc; format its "
                              "elements, a reduction, or np.array(list)");
      else if (isNdarray(t)) // printf's %d, %f, %x ... of an array
        error(f.value->loc(), std::string("'%") + f.printf + "' of a " + typeName(t) +
                                  " is not supported (CPython converts only a 1-element "
                                  "array); use '%s' for numpy's text, or format an element");
      else
        error(f.value->loc(), std::string("a ") + typeName(t) + " cannot be formatted");
      continue;
    }
    // A spec invalid for the value's type is CPython's ValueError when the
    // f-string is evaluated (messageValues), not an error in the program:
    // the f-string may never run.
  }
  allowFString_ = saved;
  return Type::Str;
}

// `print(a, b, sep=" ", end="\n", flush=True)`: numbers and strs.
Type Sema::typeOfPrint(CallExpr &e) {
  e.builtin = "print";
  if (auto *n = dyn_cast<NameExpr>(e.callee.get())) {
    n->ref = NameRef::Builtin;
    n->qualifiedName = "print";
    n->type = Type::Function;
  }
  for (auto &a : e.args) {
    if (!percentToFString(a) && !formatToFString(a))
      concatToFString(a);
    markExceptionRead(a);
    bool saved = allowFString_;
    allowFString_ = true;
    Type t = typeOf(*a);
    allowFString_ = saved;
    if (t == Type::Unknown || t == Type::Str || isNumeric(t) || isNdarray(t))
      continue;
    if (isList(t))
      error(a->loc(), "print() of a list is not supported in llcc; print its elements, a "
                      "reduction, or np.array(list)");
    else
      error(a->loc(), std::string("print() of a ") + typeName(t) + " is not supported");
  }
  for (KeywordArg &k : e.keywords) {
    if (k.name == "sep" || k.name == "end") {
      if (!isa<StringLiteralExpr>(k.value.get()) && !isa<NoneLiteralExpr>(k.value.get()))
        error(k.loc, "print()'s " + k.name + "= must be a string literal");
      k.value->type = isa<NoneLiteralExpr>(k.value.get()) ? Type::None : Type::Str;
      continue;
    }
    if (k.name == "flush") {
      // Output is written through sys.stdout at once either way.
      typeOf(*k.value);
      continue;
    }
    if (!isa<NoneLiteralExpr>(k.value.get()))
      typeOf(*k.value);
    error(k.loc, "print()'s '" + k.name + "=' is not supported; llcc prints to sys.stdout, "
                                           "with sep=, end= and flush=");
  }
  return Type::None;
}

// `how == "max"`, `x is None`, `x is not None`: comparisons of strs and
// with None. False when `c` is none of these (the numeric rules apply).
bool Sema::typeOfSpecialCompare(CompareExpr &c, Type &result) {
  auto isStrLocal = [&](const Expr *e) {
    auto *n = dyn_cast<NameExpr>(e);
    if (!n || !fn_ || inConstant_)
      return false;
    auto it = locals_.find(n->name);
    return it != locals_.end() && fn_->locals[it->second].type == Type::Str;
  };
  bool special = false;
  for (CompareOp op : c.ops) {
    if (op == CompareOp::In || op == CompareOp::NotIn)
      return false; // typeOfMembership (strs among a display of strs)
    special |= op == CompareOp::Is || op == CompareOp::IsNot;
  }
  for (auto &o : c.operands)
    special |= isa<NoneLiteralExpr>(o.get()) || isa<StringLiteralExpr>(o.get()) ||
               isa<FStringExpr>(o.get()) || isStrLocal(o.get());
  if (!special)
    return false;
  result = Type::Unknown;
  std::vector<Type> types;
  for (auto &o : c.operands) {
    if (isa<NoneLiteralExpr>(o.get())) {
      o->type = Type::None;
      types.push_back(Type::None);
    } else {
      types.push_back(typeOf(*o));
    }
  }
  if (c.ops.size() > 1) {
    error(c.loc(), "chained comparisons with a str or None are not supported; compare two "
                   "values at a time");
    return true;
  }
  CompareOp op = c.ops[0];
  Type a = types[0], b = types[1];
  if (a == Type::Unknown || b == Type::Unknown)
    return true;
  bool none = a == Type::None || b == Type::None;
  if (op == CompareOp::Is || op == CompareOp::IsNot) {
    if (!none) {
      error(c.loc(), "'is' compares object identity, which numbers do not have in llcc; use "
                     "'==' or '!='");
      return true;
    }
  } else if (op != CompareOp::Eq && op != CompareOp::Ne) {
    if (none)
      error(c.loc(), std::string("'") + compareOpSpelling(op) + "' is not supported between "
                                                                "None and a value; use 'is None'");
    else
      error(c.loc(), std::string("strs can only be compared with '==' and '!=' in llcc, not '") +
                         compareOpSpelling(op) + "'");
    return true;
  }
  for (size_t i = 0; i < 2; ++i) {
    Type t = types[i];
    // `values is None` of an array, a list or a container (defensive code):
    // never None in llcc, so False (True for `is not`), after evaluating it.
    if ((op == CompareOp::Is || op == CompareOp::IsNot) && types[1 - i] == Type::None &&
        (isArray(t) || t == Type::ArrayList || t == Type::TupleList || isHashContainer(t) ||
         t == Type::Tuple))
      continue;
    if (t != Type::None && t != Type::Str && !isNumeric(t)) {
      error(c.operands[i]->loc(), std::string("a ") + typeName(t) +
                                      " cannot be compared with a str or None here");
      return true;
    }
  }
  result = Type::Bool;
  return true;
}

} // namespace sema
} // namespace llcc
