//===- TupleRecords.cpp - namedtuples and constant classes become tuples --===//
//
// A namedtuple is a tuple subclass: its values compare, hash, index,
// unpack, sort and iterate as tuples, so llcc lowers each use to the tuple
// use it means, before Sema, and the tuple machinery does the rest:
//
//   P = namedtuple("P", "lo hi", defaults=[1.0])    (the constant goes)
//   class P(NamedTuple): lo: float; hi: float = 1.0 (AstBuilderClass.cpp)
//   P(a, b), P(a), P(hi=b, lo=a)                    (a, b), (a, 1.0), (a, b)
//   p.lo, q.hi                                      p[0], q[1]
//   p._replace(hi=v)                                (p[0], v)
//   K.SIGMA (class K: SIGMA = 1.5)                  the constant "K.SIGMA"
//
// A field read is a subscript whose index literal carries a mark
// (IntLiteralExpr::strKey, which only dict keys otherwise use): Sema checks
// with recordFieldMismatch that the value read is a tuple of that
// namedtuple's length, and reports `values.lo` as the AttributeError it is.
// llcc tells namedtuples apart by their field names only: a field that two
// namedtuples hold at different positions is refused, and a plain tuple of
// the right length reads as the namedtuple would. Errors CPython raises
// when the definition or a call runs (a bad field name, a missing
// argument) are compile errors with CPython's words; str() of a namedtuple
// is refused as str() of any tuple is. A keyword argument written out of
// field order is evaluated in field order.
//
//===----------------------------------------------------------------------===//
#include "TupleRecords.h"

#include "AstClone.h"
#include "SemaImpl.h"

#include <algorithm>
#include <map>
#include <set>

namespace llcc {

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace {

/// Starts the strKey of a field read's index: mark, field, mark, the
/// namedtuples' names ('/'-separated), mark, their lengths (','-separated).
constexpr char FieldMark = '\x1e';

/// Attributes Sema reads on arrays: a field of that name would turn
/// `values.size` into a member read, so it is refused.
const char *const ArrayAttributes[] = {"size", "shape", "T",     "ndim",    "dtype",
                                       "real", "imag",  "flat",  "itemsize", "nbytes",
                                       "strides", "base", "data"};

const char *const PythonKeywords[] = {
    "False", "None",   "True",    "and",      "as",     "assert", "async", "await",
    "break", "class",  "continue", "def",     "del",    "elif",   "else",  "except",
    "finally", "for",  "from",    "global",   "if",     "import", "in",    "is",
    "lambda", "nonlocal", "not",  "or",       "pass",   "raise",  "return", "try",
    "while", "with",   "yield"};

template <size_t N> bool inTable(const char *const (&table)[N], const std::string &s) {
  return std::find(std::begin(table), std::end(table), s) != std::end(table);
}

bool isIdentifier(const std::string &s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) || c == '_';
  });
}

enum class Maker { None, Collections, Typing };

struct Record {
  std::string name;     ///< the name the module binds ("P")
  std::string typeName; ///< the name CPython's messages use
  std::vector<std::string> fields;
  std::vector<ExprPtr> defaults; ///< of the last defaults.size() fields
};

/// "'a'", "'a' and 'b'", "'a', 'b', and 'c'": CPython's list of missing
/// arguments.
std::string quotedList(const std::vector<std::string> &names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += names.size() == 2 ? " and " : i + 1 == names.size() ? ", and " : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

/// A value `_replace` may read once per untouched field: a name, or a
/// constant subscript of one.
bool isPlainValue(const Expr &e) {
  if (isa<NameExpr>(&e))
    return true;
  if (auto *s = dyn_cast<SubscriptExpr>(&e))
    return isPlainValue(*s->value) &&
           (isa<IntLiteralExpr>(s->index.get()) || isa<NameExpr>(s->index.get()));
  return false;
}

class Lowering {
public:
  Lowering(Module &module, DiagnosticEngine &diags) : module_(module), diags_(diags) {}
  void run();

private:
  Maker makerOf(const Expr &callee) const;
  bool readRecord(const std::string &name, CallExpr &call, Maker maker, Record &out);
  bool checkName(const std::string &name, SourceLoc loc, bool field);
  void rewrite(ExprPtr &e);
  void rewriteAttribute(ExprPtr &e, AttributeExpr &a);
  ExprPtr construct(CallExpr &c, Record &r);
  ExprPtr replace(CallExpr &c, AttributeExpr &callee);
  ExprPtr fieldRead(ExprPtr value, SourceLoc loc, const std::string &field, size_t position,
                    const std::vector<const Record *> &records);
  void eachModuleSlot(const std::function<void(ExprPtr &)> &f);
  void dropImports(bool typing);

  Module &module_;
  DiagnosticEngine &diags_;
  std::vector<Record> records_;
  std::map<std::string, size_t> byName_;
  std::set<std::string> namespaces_, dotted_, aliases_;
  /// field -> (record, position) of every namedtuple that has it
  std::map<std::string, std::vector<std::pair<size_t, size_t>>> fields_;
};

Maker Lowering::makerOf(const Expr &callee) const {
  for (const Import &imp : module_.imports) {
    if (imp.function)
      continue;
    if (auto *n = dyn_cast<NameExpr>(&callee); n && imp.isFrom)
      for (const auto &[name, alias] : imp.names)
        if (alias == n->name) {
          if (imp.module == "collections" && name == "namedtuple")
            return Maker::Collections;
          if (imp.module == "typing" && name == "NamedTuple")
            return Maker::Typing;
        }
    auto *a = dyn_cast<AttributeExpr>(&callee);
    auto *base = a ? dyn_cast<NameExpr>(a->value.get()) : nullptr;
    if (base && !imp.isFrom && imp.alias == base->name) {
      if (imp.module == "collections" && a->attr == "namedtuple")
        return Maker::Collections;
      if (imp.module == "typing" && a->attr == "NamedTuple")
        return Maker::Typing;
    }
  }
  return Maker::None;
}

/// CPython's ValueErrors for a name namedtuple() refuses.
bool Lowering::checkName(const std::string &name, SourceLoc loc, bool field) {
  std::string message;
  if (!isIdentifier(name))
    message = "Type names and field names must be valid identifiers: '" + name + "'";
  else if (inTable(PythonKeywords, name))
    message = "Type names and field names cannot be a keyword: '" + name + "'";
  else if (field && name[0] == '_')
    message = "Field names cannot start with an underscore: '" + name + "'";
  else if (field && inTable(ArrayAttributes, name))
    message = "a namedtuple field named '" + name + "' would hide the array attribute of that "
              "name from llcc, which reads fields by name alone; rename the field";
  if (!message.empty())
    diags_.error(loc, message);
  return message.empty();
}

// P = namedtuple("P", "lo hi" | "lo, hi" | ["lo", "hi"], defaults=[...])
// P = NamedTuple("P", [("lo", float), ("hi", float)])
bool Lowering::readRecord(const std::string &name, CallExpr &call, Maker maker, Record &out) {
  const char *form = maker == Maker::Typing ? "NamedTuple" : "namedtuple";
  auto *type = call.args.size() == 2 ? dyn_cast<StringLiteralExpr>(call.args[0].get()) : nullptr;
  if (!type || call.starred) {
    diags_.error(call.loc(), std::string("llcc compiles ") + form + "() with two arguments "
                             "written out: the type's name (a str literal) and its fields");
    return false;
  }
  out.name = name;
  out.typeName = type->value;
  bool ok = checkName(type->value, type->loc(), false);
  Expr *spec = call.args[1].get();
  std::vector<std::pair<std::string, SourceLoc>> names;
  if (auto *s = dyn_cast<StringLiteralExpr>(spec); s && maker == Maker::Collections) {
    std::string text = s->value;
    std::replace(text.begin(), text.end(), ',', ' ');
    size_t i = 0;
    while (i < text.size()) {
      if (std::isspace(static_cast<unsigned char>(text[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])))
        ++j;
      names.emplace_back(text.substr(i, j - i), s->loc());
      i = j;
    }
  } else if (const std::vector<ExprPtr> *items = displayElements(*spec);
             items && !isa<SetExpr>(spec)) {
    for (const ExprPtr &item : *items) {
      const Expr *n = item.get();
      if (maker == Maker::Typing) {
        auto *pair = dyn_cast<TupleExpr>(n);
        n = pair && pair->elements.size() == 2 ? pair->elements[0].get() : nullptr;
      }
      auto *s = n ? dyn_cast<StringLiteralExpr>(n) : nullptr;
      if (!s) {
        diags_.error(item->loc(), maker == Maker::Typing
                                      ? "a NamedTuple field is a (name, type) pair, its name a "
                                        "str literal"
                                      : "a namedtuple field name is a str literal");
        return false;
      }
      names.emplace_back(s->value, s->loc());
    }
  } else {
    diags_.error(spec->loc(), maker == Maker::Typing
                                  ? "NamedTuple's fields are a list of (name, type) pairs"
                                  : "namedtuple's fields are a str (\"lo hi\") or a list of strs");
    return false;
  }
  std::set<std::string> seen;
  for (const auto &[field, loc] : names) {
    ok = checkName(field, loc, true) && ok;
    if (!seen.insert(field).second) {
      diags_.error(loc, "Encountered duplicate field name: '" + field + "'");
      ok = false;
    }
    out.fields.push_back(field);
  }
  for (KeywordArg &k : call.keywords) {
    bool ours = k.name == "llcc.defaults"; // a NamedTuple class's (AstBuilderClass.cpp)
    if ((k.name == "defaults" && maker == Maker::Collections) || ours) {
      auto *items = const_cast<std::vector<ExprPtr> *>(displayElements(*k.value));
      if (!items || isa<SetExpr>(k.value.get())) {
        diags_.error(k.value->loc(), "namedtuple's defaults are a list or tuple written out");
        return false;
      }
      out.defaults = std::move(*items);
      if (out.defaults.size() > out.fields.size()) {
        diags_.error(k.value->loc(), "Got more default values than field names");
        ok = false;
      }
      continue;
    }
    diags_.error(k.loc, std::string(form) + "() keyword '" + k.name + "' is not supported; "
                        "llcc compiles the fields and (for namedtuple) defaults=");
    ok = false;
  }
  return ok;
}

ExprPtr Lowering::fieldRead(ExprPtr value, SourceLoc loc, const std::string &field,
                            size_t position, const std::vector<const Record *> &records) {
  std::string names, lengths;
  for (const Record *r : records) {
    names += (names.empty() ? "" : "/") + r->name;
    lengths += (lengths.empty() ? "" : ",") + std::to_string(r->fields.size());
  }
  auto index = std::make_unique<IntLiteralExpr>(loc, static_cast<int64_t>(position));
  index->strKey = std::string(1, FieldMark) + field + FieldMark + names + FieldMark + lengths;
  return std::make_unique<SubscriptExpr>(loc, std::move(value), std::move(index));
}

// P(a, b), P(a, hi=b), P(a) with a default: the tuple, members in field order.
ExprPtr Lowering::construct(CallExpr &c, Record &r) {
  std::string who = r.typeName + ".__new__()";
  size_t n = r.fields.size();
  if (c.starred) {
    diags_.error(c.loc(), who + " with *args is not supported; pass the fields one by one");
    return nullptr;
  }
  if (c.args.size() > n) {
    diags_.error(c.loc(), who + " takes " + std::to_string(n + 1) + " positional arguments but " +
                              std::to_string(c.args.size() + 1) + " were given");
    return nullptr;
  }
  std::vector<ExprPtr> members(n);
  for (size_t i = 0; i < c.args.size(); ++i)
    members[i] = std::move(c.args[i]);
  for (KeywordArg &k : c.keywords) {
    auto at = std::find(r.fields.begin(), r.fields.end(), k.name);
    if (at == r.fields.end()) {
      diags_.error(k.loc, who + " got an unexpected keyword argument '" + k.name + "'");
      return nullptr;
    }
    ExprPtr &slot = members[at - r.fields.begin()];
    if (slot) {
      diags_.error(k.loc, who + " got multiple values for argument '" + k.name + "'");
      return nullptr;
    }
    slot = std::move(k.value);
  }
  std::vector<std::string> missing;
  size_t firstDefault = n - r.defaults.size();
  for (size_t i = 0; i < n; ++i) {
    if (members[i])
      continue;
    if (i >= firstDefault)
      members[i] = cloneExpr(r.defaults[i - firstDefault].get());
    else
      missing.push_back(r.fields[i]);
  }
  if (!missing.empty()) {
    diags_.error(c.loc(), who + " missing " + std::to_string(missing.size()) +
                              " required positional argument" +
                              (missing.size() > 1 ? "s: " : ": ") + quotedList(missing));
    return nullptr;
  }
  return std::make_unique<TupleExpr>(c.loc(), std::move(members));
}

// p._replace(hi=v): (p[0], v), p read once per field kept.
ExprPtr Lowering::replace(CallExpr &c, AttributeExpr &callee) {
  if (!c.args.empty() || c.starred) {
    diags_.error(c.loc(), "_replace() takes the fields to replace as keyword arguments");
    return nullptr;
  }
  std::vector<const Record *> fits;
  for (const Record &r : records_)
    if (std::all_of(c.keywords.begin(), c.keywords.end(), [&](const KeywordArg &k) {
          return std::count(r.fields.begin(), r.fields.end(), k.name) != 0;
        }))
      fits.push_back(&r);
  if (fits.empty()) {
    std::string names;
    for (const KeywordArg &k : c.keywords)
      names += (names.empty() ? "'" : ", '") + k.name + "'";
    diags_.error(c.loc(), "Got unexpected field names: [" + names + "]");
    return nullptr;
  }
  if (c.keywords.empty())
    return std::move(callee.value);
  for (const Record *r : fits)
    if (r->fields != fits[0]->fields) {
      diags_.error(c.loc(), "_replace() here may be of namedtuple " + fits[0]->name + " or " +
                                r->name + "; llcc tells namedtuples apart by their field "
                                "names only, so name a field only one of them has");
      return nullptr;
    }
  if (!isPlainValue(*callee.value)) {
    diags_.error(callee.value->loc(), "_replace() of an expression: assign the namedtuple to a "
                                      "name first (p = ...; p._replace(...))");
    return nullptr;
  }
  const Record &r = *fits[0];
  std::vector<ExprPtr> members(r.fields.size());
  for (KeywordArg &k : c.keywords) {
    size_t i = std::find(r.fields.begin(), r.fields.end(), k.name) - r.fields.begin();
    if (members[i]) {
      diags_.error(k.loc, "keyword argument repeated: " + k.name);
      return nullptr;
    }
    members[i] = std::move(k.value);
  }
  for (size_t i = 0; i < members.size(); ++i)
    if (!members[i])
      members[i] = fieldRead(cloneExpr(callee.value.get()), c.loc(), r.fields[i], i, {&r});
  return std::make_unique<TupleExpr>(c.loc(), std::move(members));
}

void Lowering::rewriteAttribute(ExprPtr &e, AttributeExpr &a) {
  auto *base = dyn_cast<NameExpr>(a.value.get());
  if (base && namespaces_.count(base->name)) {
    std::string name = base->name + "." + a.attr;
    if (!dotted_.count(name))
      diags_.error(a.loc(), "type object '" + base->name + "' has no attribute '" + a.attr + "'");
    // The dotted name stands in even after an error, which then is the only one.
    e = std::make_unique<NameExpr>(a.loc(), name);
    return;
  }
  if (base && byName_.count(base->name)) {
    diags_.error(a.loc(), "'" + base->name + "." + a.attr + "' is not supported: llcc lowers "
                          "namedtuple " + base->name + " to tuples, and only calls it (" +
                          base->name + "(...)) to make one");
    e = std::make_unique<NameExpr>(a.loc(), base->name + "." + a.attr); // reported once
    return;
  }
  if (base && aliases_.count(base->name))
    return; // np.size and the like
  auto it = fields_.find(a.attr);
  if (it == fields_.end())
    return;
  std::vector<const Record *> records;
  for (const auto &[record, position] : it->second) {
    if (position != it->second[0].second) {
      diags_.error(a.loc(), "field '" + a.attr + "' is at different positions in namedtuples " +
                                records_[it->second[0].first].name + " and " +
                                records_[record].name + "; llcc reads a field by its name alone, "
                                "so give it the same position in both or rename one");
      return;
    }
    records.push_back(&records_[record]);
  }
  e = fieldRead(std::move(a.value), a.loc(), a.attr, it->second[0].second, records);
}

void Lowering::rewrite(ExprPtr &e) {
  if (auto *a = dyn_cast<AttributeExpr>(e.get()))
    return rewriteAttribute(e, *a);
  auto *c = dyn_cast<CallExpr>(e.get());
  if (!c)
    return;
  if (auto *n = dyn_cast<NameExpr>(c->callee.get()); n && byName_.count(n->name)) {
    if (ExprPtr tuple = construct(*c, records_[byName_[n->name]]))
      e = std::move(tuple);
    return;
  }
  if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()); a && a->attr == "_replace") {
    if (ExprPtr tuple = replace(*c, *a))
      e = std::move(tuple);
    return;
  }
  if (makerOf(*c->callee) != Maker::None)
    diags_.error(c->loc(), "llcc compiles a namedtuple defined at module level (P = "
                           "namedtuple(\"P\", \"lo hi\"), or class P(NamedTuple)), not here");
}

void Lowering::eachModuleSlot(const std::function<void(ExprPtr &)> &f) {
  for (Constant &c : module_.constants)
    sema::eachSlotIn(c.value, f);
  for (auto &fn : module_.functions) {
    for (Param &p : fn->params)
      sema::eachSlotIn(p.defaultValue, f);
    sema::eachSlot(fn->body, f);
  }
  sema::eachSlot(module_.otherStatements, f);
}

/// The imports of namedtuple and NamedTuple go with the definitions, and
/// so do the module's other typing imports: they serve only annotations,
/// which llcc ignores.
void Lowering::dropImports(bool typing) {
  auto &imports = module_.imports;
  for (Import &imp : imports) {
    if (!imp.isFrom || imp.function)
      continue;
    for (size_t i = imp.names.size(); i-- > 0;)
      if ((imp.module == "collections" && imp.names[i].first == "namedtuple") ||
          (imp.module == "typing" && typing)) {
        imp.names.erase(imp.names.begin() + i);
        if (i < imp.nameLocs.size())
          imp.nameLocs.erase(imp.nameLocs.begin() + i);
      }
  }
  imports.erase(std::remove_if(imports.begin(), imports.end(),
                               [&](const Import &imp) {
                                 return !imp.function &&
                                        ((imp.isFrom && imp.names.empty()) ||
                                         (!imp.isFrom && imp.module == "typing" && typing));
                               }),
                imports.end());
}

void Lowering::run() {
  for (const Constant &c : module_.constants)
    if (size_t dot = c.name.find('.'); dot != std::string::npos) {
      namespaces_.insert(c.name.substr(0, dot));
      dotted_.insert(c.name);
    }
  std::vector<size_t> definitions;
  for (size_t i = 0; i < module_.constants.size(); ++i) {
    Constant &c = module_.constants[i];
    auto *call = c.targets.empty() && c.value ? dyn_cast<CallExpr>(c.value.get()) : nullptr;
    Maker maker = call ? makerOf(*call->callee) : Maker::None;
    if (maker == Maker::None)
      continue;
    definitions.push_back(i);
    Record r;
    if (readRecord(c.name, *call, maker, r)) {
      byName_[r.name] = records_.size();
      records_.push_back(std::move(r));
    }
  }
  if (definitions.empty() && namespaces_.empty())
    return;
  for (size_t k = definitions.size(); k-- > 0;)
    module_.constants.erase(module_.constants.begin() + definitions[k]);
  if (!definitions.empty())
    dropImports(true);
  for (const Import &imp : module_.imports)
    aliases_.insert(imp.isFrom ? std::string() : imp.alias);
  for (size_t r = 0; r < records_.size(); ++r)
    for (size_t i = 0; i < records_[r].fields.size(); ++i)
      fields_[records_[r].fields[i]].emplace_back(r, i);
  // Defaults first: each call that leaves a field out copies its default.
  for (Record &r : records_)
    for (ExprPtr &d : r.defaults)
      sema::eachSlotIn(d, [&](ExprPtr &e) { rewrite(e); });
  eachModuleSlot([&](ExprPtr &e) { rewrite(e); });
  // What is left of a class name is a use llcc cannot lower.
  eachModuleSlot([&](ExprPtr &e) {
    auto *n = dyn_cast<NameExpr>(e.get());
    if (n && byName_.count(n->name))
      diags_.error(n->loc(), "namedtuple '" + n->name + "' is not a value in llcc, which lowers "
                             "its instances to tuples: call it (" + n->name + "(...)) to make one");
    else if (n && namespaces_.count(n->name))
      diags_.error(n->loc(), "class '" + n->name + "' is a namespace of constants in llcc: "
                             "read its members (" + n->name + ".NAME)");
  });
}

} // namespace

void lowerRecords(Module &module, DiagnosticEngine &diags) { Lowering(module, diags).run(); }

std::string recordFieldMismatch(const SubscriptExpr &s, Type base) {
  auto *index = dyn_cast<IntLiteralExpr>(s.index.get());
  if (!index || index->strKey.empty() || index->strKey[0] != FieldMark || base == Type::Unknown)
    return "";
  const std::string &key = index->strKey;
  size_t a = key.find(FieldMark, 1), b = key.find(FieldMark, a + 1);
  std::string field = key.substr(1, a - 1), names = key.substr(a + 1, b - a - 1);
  std::string lengths = "," + key.substr(b + 1) + ",";
  if (base == Type::Tuple && s.value->shape) {
    size_t n = s.value->shape->members.size();
    if (lengths.find("," + std::to_string(n) + ",") != std::string::npos)
      return "";
    return "'" + field + "' is a field of namedtuple " + names + ", of " +
           lengths.substr(1, lengths.size() - 2) + " members, and this tuple has " +
           std::to_string(n) + " (llcc tells namedtuples apart by their field names only)";
  }
  return std::string("a ") + typeName(base) + " has no attribute '" + field + "'";
}

} // namespace llcc
