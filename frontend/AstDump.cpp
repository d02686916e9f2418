//===- AstDump.cpp - Printing the AST for --emit ast|typed-ast ------------===//
//
// dumpAst prints one node per line, children indented by two spaces, each
// node ending with `@line:col`; with types, expression lines end with
// ` : type` and functions show their kind and return type. The output is
// deterministic so that tests can FileCheck it:
//
//   Module
//     Import numpy as np @1:1
//     ImportFrom math: sqrt, pi as PI @2:1
//     Constant N @4:1
//       Int 3 @4:5
//     FunctionDef fmin(values) filter -> float @6:1
//       Decorator llcc.filter() @5:1
//       Local values : float64 array @6:10          (typed dumps only)
//       Assign @7:5
//         Name result @7:5 : float
//         Attribute .inf @7:14 : float
//           Name np @7:14 : module
//       If @8:5
//         Compare < @8:10
//           ...
//         Then
//           ...
//         Else
//           ...
//
// Block labels (Then, Else, Body) carry no location: they are not nodes.
// Parameter defaults are printed as `Default x` lines holding the value.
//
//===----------------------------------------------------------------------===//
#include "Frontend.h"
#include "Window.h"
#include "Lexer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace llcc {
namespace {

/// A window's shape, " (3, 3)", with its strides when not C-contiguous
/// (" (3, 3) strides (1, 3)"); "" for other arrays.
std::string windowText(const ShapeRef &shape) {
  if (!isWindowShape(shape))
    return "";
  auto tuple = [](const std::vector<int64_t> &v, bool dims) {
    std::string t = " (";
    for (size_t k = 0; k < v.size(); ++k)
      t += (k ? ", " : "") +
           (dims && v[k] == RuntimeDim ? std::string("n") : std::to_string(v[k]));
    return t + ")";
  };
  return tuple(shape->dims, true) +
         (shape->strides.empty() ? "" : " strides" + tuple(shape->strides, false));
}


const char *unaryOpSpelling(UnaryExpr::Op op) {
  switch (op) {
  case UnaryExpr::Op::Neg:
    return "-";
  case UnaryExpr::Op::Pos:
    return "+";
  case UnaryExpr::Op::Not:
    return "not";
  case UnaryExpr::Op::Invert:
    return "~";
  }
  return "?";
}

/// Python's repr of a float: the shortest digits that round-trip, in fixed
/// notation when the exponent is in [-4, 16) ("2.0", "0.001",
/// "105000000000.0") and in scientific notation otherwise ("1e+22").
std::string floatRepr(double v) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v < 0 ? "-inf" : "inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, res.ptr); // "-1.05e+11"
  size_t ePos = sci.find('e');
  int exp = std::stoi(sci.substr(ePos + 1));
  std::string sign = sci[0] == '-' ? "-" : "";
  std::string digits;
  for (size_t i = sign.size(); i < ePos; ++i)
    if (sci[i] != '.')
      digits += sci[i];
  if (exp < -4 || exp >= 16) {
    std::string mantissa = digits.substr(0, 1);
    if (digits.size() > 1)
      mantissa += "." + digits.substr(1);
    char e[16];
    std::snprintf(e, sizeof e, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return sign + mantissa + e;
  }
  std::string intPart, fracPart;
  if (exp < 0) {
    intPart = "0";
    fracPart = std::string(size_t(-exp - 1), '0') + digits;
  } else if (size_t(exp) + 1 >= digits.size()) {
    intPart = digits + std::string(size_t(exp) + 1 - digits.size(), '0');
  } else {
    intPart = digits.substr(0, size_t(exp) + 1);
    fracPart = digits.substr(size_t(exp) + 1);
  }
  return sign + intPart + "." + (fracPart.empty() ? "0" : fracPart);
}

std::string locText(SourceLoc loc) {
  return "@" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

class AstDumper {
public:
  AstDumper(std::ostream &out, bool withTypes) : out_(out), withTypes_(withTypes) {}

  void dumpModule(const Module &m);

private:
  std::ostream &line(unsigned depth) { return out_ << std::string(2 * depth, ' '); }
  void dumpFunction(const FunctionDef &fn, unsigned depth);
  void dumpBlock(const Block &block, unsigned depth);
  void dumpLabelled(const char *label, const Block &block, unsigned depth);
  void dumpStmt(const Stmt &s, unsigned depth);
  /// `del a, b`, apart: dumpStmt recurses once per nested block (an elif
  /// chain nests a thousand deep), so its own frame stays small.
  __attribute__((noinline)) void dumpDel(const DelStmt &d, unsigned depth);
  void dumpExpr(const Expr *e, unsigned depth);
  /// The text of an expression line before its location.
  std::string describe(const Expr &e);

  std::ostream &out_;
  bool withTypes_;
};

void AstDumper::dumpModule(const Module &m) {
  out_ << "Module\n";
  for (const Import &imp : m.imports) {
    if (!imp.isFrom) {
      line(1) << "Import " << imp.module;
      if (imp.alias != imp.module)
        out_ << " as " << imp.alias;
    } else {
      line(1) << "ImportFrom " << imp.module << ":";
      for (size_t i = 0; i < imp.names.size(); ++i) {
        out_ << (i ? ", " : " ") << imp.names[i].first;
        if (imp.names[i].second != imp.names[i].first)
          out_ << " as " << imp.names[i].second;
      }
    }
    if (imp.function)
      out_ << " in " << imp.function->name;
    out_ << " " << locText(imp.loc) << "\n";
  }
  for (const Constant &c : m.constants) {
    if (!c.targets.empty()) {
      line(1) << "Unpack";
      for (size_t k = 0; k < c.targets.size(); ++k)
        out_ << (k ? ", " : " ") << c.targets[k].first << " " << locText(c.targets[k].second);
    } else {
      line(1) << "Constant " << c.name << (c.inPlace ? " (in place)" : "") << " " << locText(c.loc);
    }
    if (withTypes_)
      out_ << " : " << describeShape(c.type, c.shape);
    out_ << "\n";
    dumpExpr(c.value.get(), 2);
  }
  for (const auto &fn : m.functions)
    dumpFunction(*fn, 1);
  dumpBlock(m.otherStatements, 1);
}

void AstDumper::dumpFunction(const FunctionDef &fn, unsigned depth) {
  line(depth) << "FunctionDef " << fn.name << "(";
  for (size_t i = 0; i < fn.params.size(); ++i)
    out_ << (i ? ", " : "")
         << (fn.params[i].keywordOnly && (i == 0 || !fn.params[i - 1].keywordOnly) ? "*, " : "")
         << fn.params[i].name;
  out_ << ")";
  if (withTypes_)
    out_ << " " << functionKindName(fn.fkind) << " -> " << describeShape(fn.returnType, fn.returnShape);
  out_ << " " << locText(fn.loc) << "\n";
  for (const Decorator &d : fn.decorators)
    line(depth + 1) << "Decorator " << d.dottedName << (d.called ? "()" : "") << " "
                    << locText(d.loc) << "\n";
  for (const Param &p : fn.params) {
    if (!p.defaultValue)
      continue;
    line(depth + 1) << "Default " << p.name << " " << locText(p.loc) << "\n";
    dumpExpr(p.defaultValue.get(), depth + 2);
  }
  if (withTypes_)
    for (const LocalVar &v : fn.locals)
      line(depth + 1) << (v.isParam ? "Param " : "Local ") << v.name << " " << locText(v.firstLoc)
                      << " : " << describeShape(v.type, v.shape) << windowText(v.shape) << "\n";
  dumpBlock(fn.body, depth + 1);
}

void AstDumper::dumpBlock(const Block &block, unsigned depth) {
  for (const StmtPtr &s : block)
    dumpStmt(*s, depth);
}

void AstDumper::dumpLabelled(const char *label, const Block &block, unsigned depth) {
  if (block.empty())
    return;
  line(depth) << label << "\n";
  dumpBlock(block, depth + 1);
}

void AstDumper::dumpDel(const DelStmt &d, unsigned depth) {
  line(depth) << "Del " << locText(d.loc()) << "\n";
  for (const ExprPtr &t : d.targets)
    dumpExpr(t.get(), depth + 1);
}

void AstDumper::dumpStmt(const Stmt &s, unsigned depth) {
  std::string at = locText(s.loc());
  switch (s.kind()) {
  case Stmt::Kind::Expr:
    line(depth) << "ExprStmt " << at << "\n";
    return dumpExpr(static_cast<const ExprStmt &>(s).value.get(), depth + 1);
  case Stmt::Kind::Assign: {
    const auto &a = static_cast<const AssignStmt &>(s);
    line(depth) << "Assign " << at << "\n";
    for (const ExprPtr &t : a.targets)
      dumpExpr(t.get(), depth + 1);
    return dumpExpr(a.value.get(), depth + 1);
  }
  case Stmt::Kind::AugAssign: {
    const auto &a = static_cast<const AugAssignStmt &>(s);
    line(depth) << "AugAssign " << binaryOpSpelling(a.op) << "= "
                << (a.extendsList ? "(extends the list) " : "") << at << "\n";
    dumpExpr(a.target.get(), depth + 1);
    return dumpExpr(a.value.get(), depth + 1);
  }
  case Stmt::Kind::If: {
    const auto &i = static_cast<const IfStmt &>(s);
    line(depth) << "If " << at << "\n";
    dumpExpr(i.cond.get(), depth + 1);
    dumpLabelled("Then", i.thenBody, depth + 1);
    return dumpLabelled("Else", i.elseBody, depth + 1);
  }
  case Stmt::Kind::While: {
    const auto &w = static_cast<const WhileStmt &>(s);
    line(depth) << "While " << at << "\n";
    dumpExpr(w.cond.get(), depth + 1);
    dumpLabelled("Body", w.body, depth + 1);
    return dumpLabelled("Else", w.elseBody, depth + 1);
  }
  case Stmt::Kind::For: {
    const auto &f = static_cast<const ForStmt &>(s);
    line(depth) << "For " << at << "\n";
    dumpExpr(f.target.get(), depth + 1);
    dumpExpr(f.iter.get(), depth + 1);
    dumpLabelled("Body", f.body, depth + 1);
    return dumpLabelled("Else", f.elseBody, depth + 1);
  }
  case Stmt::Kind::Break:
    line(depth) << "Break " << at << "\n";
    return;
  case Stmt::Kind::Continue:
    line(depth) << "Continue " << at << "\n";
    return;
  case Stmt::Kind::Pass:
    line(depth) << "Pass " << at << "\n";
    return;
  case Stmt::Kind::Del:
    return dumpDel(static_cast<const DelStmt &>(s), depth);
  case Stmt::Kind::Return:
    line(depth) << "Return " << at << "\n";
    return dumpExpr(static_cast<const ReturnStmt &>(s).value.get(), depth + 1);
  case Stmt::Kind::Raise: {
    line(depth) << "Raise " << at << "\n";
    return dumpExpr(static_cast<const RaiseStmt &>(s).exception.get(), depth + 1);
  }
  case Stmt::Kind::Assert: {
    const auto &a = static_cast<const AssertStmt &>(s);
    line(depth) << "Assert " << at << "\n";
    dumpExpr(a.cond.get(), depth + 1);
    return dumpExpr(a.message.get(), depth + 1);
  }
  case Stmt::Kind::Try: {
    const auto &t = static_cast<const TryStmt &>(s);
    line(depth) << "Try " << at << "\n";
    dumpLabelled("Body", t.body, depth + 1);
    for (const ExceptClause &h : t.handlers) {
      line(depth + 1) << "Except" << (h.asName.empty() ? "" : " as " + h.asName) << " "
                      << locText(h.loc);
      if (withTypes_ && !h.caught.empty()) {
        out_ << " catches";
        for (const std::string &c : h.caught)
          out_ << " " << c;
      }
      out_ << "\n";
      dumpExpr(h.type.get(), depth + 2);
      dumpLabelled("Body", h.body, depth + 2);
    }
    dumpLabelled("Else", t.elseBody, depth + 1);
    return dumpLabelled("Finally", t.finallyBody, depth + 1);
  }
  case Stmt::Kind::Unsupported:
    line(depth) << "Unsupported " << static_cast<const UnsupportedStmt &>(s).what << " " << at
                << "\n";
    return;
  }
}

std::string AstDumper::describe(const Expr &e) {
  switch (e.kind()) {
  case Expr::Kind::IntLiteral: {
    const auto &i = static_cast<const IntLiteralExpr &>(e);
    if (i.overflow)
      return "Int overflow";
    return "Int " + std::to_string(i.value) + (i.strKey.empty() ? "" : " (str key '" + i.strKey + "')");
  }
  case Expr::Kind::FloatLiteral:
    return "Float " + floatRepr(static_cast<const FloatLiteralExpr &>(e).value);
  case Expr::Kind::BoolLiteral:
    return static_cast<const BoolLiteralExpr &>(e).value ? "Bool True" : "Bool False";
  case Expr::Kind::NoneLiteral:
    return "None";
  case Expr::Kind::StringLiteral:
    return "String " + quoteTokenText(static_cast<const StringLiteralExpr &>(e).value);
  case Expr::Kind::Name:
    return "Name " + static_cast<const NameExpr &>(e).name;
  case Expr::Kind::Attribute:
    return "Attribute ." + static_cast<const AttributeExpr &>(e).attr;
  case Expr::Kind::Unary:
    return std::string("Unary ") + unaryOpSpelling(static_cast<const UnaryExpr &>(e).op);
  case Expr::Kind::Binary:
    return std::string("Binary ") + binaryOpSpelling(static_cast<const BinaryExpr &>(e).op);
  case Expr::Kind::Compare: {
    std::string s = "Compare";
    for (CompareOp op : static_cast<const CompareExpr &>(e).ops)
      s += std::string(" ") + compareOpSpelling(op);
    return s;
  }
  case Expr::Kind::IfExp:
    return "IfExp";
  case Expr::Kind::Named:
    return "Named " + static_cast<const NameExpr &>(*static_cast<const NamedExpr &>(e).target).name;
  case Expr::Kind::Call: {
    const auto &c = static_cast<const CallExpr &>(e);
    std::string s = c.starred ? "Call *" : "Call";
    if (withTypes_ && c.target)
      s += " [" + c.target->name + "]";
    else if (withTypes_ && !c.builtin.empty())
      s += " [" + c.builtin + "]";
    return s;
  }
  case Expr::Kind::Subscript:
    return "Subscript";
  case Expr::Kind::Tuple:
    return "Tuple";
  case Expr::Kind::List:
    return "List";
  case Expr::Kind::FString: {
    const auto &f = static_cast<const FStringExpr &>(e);
    std::string s = f.percent ? "FString percent" : "FString";
    for (size_t i = 0; i < f.texts.size(); ++i) {
      s += " " + quoteTokenText(f.texts[i]);
      if (i < f.fields.size())
        s += std::string(" {") +
             (f.fields[i].conversion ? std::string("!") + f.fields[i].conversion : "") +
             (f.fields[i].formatSpec.empty() ? "" : ":" + f.fields[i].formatSpec) +
             (f.fields[i].nestedSpec ? ":<nested>" : "") +
             (f.fields[i].printf ? std::string(" %") + f.fields[i].printf : "") + "}";
    }
    return s;
  }
  case Expr::Kind::Slice: {
    const auto &sl = static_cast<const SliceExpr &>(e);
    std::string s = "Slice";
    if (sl.start)
      s += " start";
    if (sl.stop)
      s += " stop";
    if (sl.step)
      s += " step";
    return s;
  }
  case Expr::Kind::Comprehension:
    return static_cast<const ComprehensionExpr &>(e).generator ? "Generator" : "ListComp";
  case Expr::Kind::Lambda: {
    std::string s = "Lambda";
    for (const std::string &p : static_cast<const LambdaExpr &>(e).params)
      s += " " + p;
    return s;
  }
  case Expr::Kind::Dict:
    return "Dict";
  case Expr::Kind::Set:
    return "Set";
  }
  return "?";
}

void AstDumper::dumpExpr(const Expr *e, unsigned depth) {
  if (!e)
    return;
  line(depth) << describe(*e) << " " << locText(e->loc());
  if (withTypes_)
    out_ << " : " << describeShape(e->type, e->shape) << (isNdarray(e->type) ? windowText(e->shape) : "");
  out_ << "\n";
  switch (e->kind()) {
  case Expr::Kind::Attribute:
    return dumpExpr(static_cast<const AttributeExpr *>(e)->value.get(), depth + 1);
  case Expr::Kind::Unary:
    return dumpExpr(static_cast<const UnaryExpr *>(e)->operand.get(), depth + 1);
  case Expr::Kind::Binary: {
    const auto *b = static_cast<const BinaryExpr *>(e);
    dumpExpr(b->lhs.get(), depth + 1);
    return dumpExpr(b->rhs.get(), depth + 1);
  }
  case Expr::Kind::Compare:
    for (const ExprPtr &op : static_cast<const CompareExpr *>(e)->operands)
      dumpExpr(op.get(), depth + 1);
    return;
  case Expr::Kind::IfExp: {
    const auto *x = static_cast<const IfExpExpr *>(e);
    dumpExpr(x->thenExpr.get(), depth + 1);
    dumpExpr(x->cond.get(), depth + 1);
    return dumpExpr(x->elseExpr.get(), depth + 1);
  }
  case Expr::Kind::Call: {
    const auto *c = static_cast<const CallExpr *>(e);
    dumpExpr(c->callee.get(), depth + 1);
    for (const ExprPtr &a : c->args)
      dumpExpr(a.get(), depth + 1);
    for (const KeywordArg &k : c->keywords) {
      line(depth + 1) << "Keyword " << k.name << " " << locText(k.loc) << "\n";
      dumpExpr(k.value.get(), depth + 2);
    }
    return;
  }
  case Expr::Kind::Subscript: {
    const auto *s = static_cast<const SubscriptExpr *>(e);
    dumpExpr(s->value.get(), depth + 1);
    return dumpExpr(s->index.get(), depth + 1);
  }
  case Expr::Kind::Tuple:
    for (const ExprPtr &x : static_cast<const TupleExpr *>(e)->elements)
      dumpExpr(x.get(), depth + 1);
    return;
  case Expr::Kind::List:
    for (const ExprPtr &x : static_cast<const ListExpr *>(e)->elements)
      dumpExpr(x.get(), depth + 1);
    return;
  case Expr::Kind::Slice: {
    const auto *s = static_cast<const SliceExpr *>(e);
    dumpExpr(s->start.get(), depth + 1);
    dumpExpr(s->stop.get(), depth + 1);
    return dumpExpr(s->step.get(), depth + 1);
  }
  case Expr::Kind::FString:
    for (const FStringField &f : static_cast<const FStringExpr *>(e)->fields) {
      dumpExpr(f.value.get(), depth + 1);
      if (f.nestedSpec)
        dumpExpr(f.nestedSpec.get(), depth + 1);
    }
    return;
  case Expr::Kind::Comprehension: {
    const auto *c = static_cast<const ComprehensionExpr *>(e);
    dumpExpr(c->element.get(), depth + 1);
    dumpExpr(c->target.get(), depth + 1);
    dumpExpr(c->iter.get(), depth + 1);
    for (const ExprPtr &x : c->conds)
      dumpExpr(x.get(), depth + 1);
    for (const ComprehensionClause &clause : c->inner) {
      dumpExpr(clause.target.get(), depth + 1);
      dumpExpr(clause.iter.get(), depth + 1);
      for (const ExprPtr &x : clause.conds)
        dumpExpr(x.get(), depth + 1);
    }
    return;
  }
  case Expr::Kind::Named:
    return dumpExpr(static_cast<const NamedExpr *>(e)->value.get(), depth + 1);
  case Expr::Kind::Lambda:
    return dumpExpr(static_cast<const LambdaExpr *>(e)->body.get(), depth + 1);
  case Expr::Kind::Dict: {
    const auto *d = static_cast<const DictExpr *>(e);
    for (size_t i = 0; i < d->keys.size(); ++i) {
      dumpExpr(d->keys[i].get(), depth + 1);
      dumpExpr(d->values[i].get(), depth + 1);
    }
    return;
  }
  case Expr::Kind::Set:
    for (const ExprPtr &x : static_cast<const SetExpr *>(e)->elements)
      dumpExpr(x.get(), depth + 1);
    return;
  default:
    return;
  }
}

} // namespace

void dumpAst(const Module &module, std::ostream &out, bool withTypes) {
  AstDumper(out, withTypes).dumpModule(module);
}

} // namespace llcc
