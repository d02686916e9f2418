//===- AstBuilderClass.cpp - Module-level classes: constants and records --===//
//
// llcc has no objects, but two kinds of module-level class are only names
// for values it already has:
//
//   class K:                       K.SIGMA = 1.5          (module constants
//       SIGMA = 1.5                K.WIDTH = K.SIGMA * 4   under dotted names)
//       WIDTH = SIGMA * 4
//
//   class P(NamedTuple):           P = NamedTuple("P", [("lo", float), ("hi", float)],
//       lo: float                                 llcc.defaults=[0.5])
//       hi: float = 0.5
//
// A namespace class becomes one Constant per assignment, named "K.NAME" (a
// name no Python code can spell, so it meets no user name); a name of the
// body that reads an earlier one reads the dotted constant, as the class
// body's own scope would give it. TupleRecords.cpp turns `K.NAME` reads
// into that name. A NamedTuple class becomes the functional form, whose
// record TupleRecords.cpp lowers to tuples; the defaults travel in a
// keyword Python cannot spell, so a user's call cannot pass one.
//
// Everything else in a class body (a def, a block, a statement that is not
// an assignment) and any other base class stays an error, with a hint.
//
//===----------------------------------------------------------------------===//
#include "AstBuilderImpl.h"

#include <llvm/Support/Casting.h>

#include <set>

namespace llcc {

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace {

const char *const ClassHint =
    "llcc compiles a class only as a namespace of constants (`class K:` whose body assigns "
    "NAME = value) or as a typing.NamedTuple of fields (`class P(NamedTuple):` with "
    "`name: type` and `name: type = default`); methods and instances are not supported";

/// `NAME`, or the name of `a.NAME`: what a base class is called.
std::string baseName(const Expr &e) {
  if (auto *n = dyn_cast<NameExpr>(&e))
    return n->name;
  if (auto *a = dyn_cast<AttributeExpr>(&e))
    return a->attr;
  return "";
}

/// Reads of the class's earlier names become reads of its dotted constants,
/// except inside a comprehension or lambda, whose scope skips the class's.
void renameClassNames(ExprPtr &e, const std::string &cls, const std::set<std::string> &names) {
  if (!e)
    return;
  if (auto *n = dyn_cast<NameExpr>(e.get())) {
    if (names.count(n->name))
      n->name = cls + "." + n->name;
    return;
  }
  if (isa<ComprehensionExpr>(e.get()) || isa<LambdaExpr>(e.get()))
    return;
  if (auto *f = dyn_cast<FStringExpr>(e.get())) {
    for (FStringField &x : f->fields) {
      renameClassNames(x.value, cls, names);
      renameClassNames(x.nestedSpec, cls, names); // null: nothing
    }
    return;
  }
  forEachChildExpr(*e, [&](ExprPtr &child) { renameClassNames(child, cls, names); });
}

} // namespace

// classdef : CLASS NAME (OPEN_PAREN arglist? CLOSE_PAREN)? COLON suite
void AstBuilder::buildClass(P::ClassdefContext *ctx) {
  std::string name = ctx->NAME()->getText();
  std::vector<P::ArgumentContext *> bases;
  if (ctx->arglist())
    bases = ctx->arglist()->argument();
  if (bases.empty())
    return buildNamespaceClass(ctx, name);
  auto *positional = dynamic_cast<P::PositionalArgContext *>(bases[0]);
  if (bases.size() == 1 && positional && !positional->comp_for()) {
    ExprPtr base = buildDetachedExpr(positional->namedexpr_test());
    if (baseName(*base) == "NamedTuple")
      return buildNamedTupleClass(ctx, name, std::move(base));
    if (auto *n = dyn_cast<NameExpr>(base.get()); n && n->name == "object")
      return buildNamespaceClass(ctx, name); // `class K(object):` is `class K:`
  }
  diags_.error(locOf(bases[0]), std::string("a class with this base is not supported; ") + ClassHint);
}

bool AstBuilder::classBodyStmts(P::SuiteContext *ctx, std::vector<P::Simple_stmtContext *> &out) {
  std::vector<P::Simple_stmtsContext *> lines;
  if (ctx->simple_stmts())
    lines.push_back(ctx->simple_stmts());
  for (P::StmtContext *stmt : ctx->stmt()) {
    if (isBad(stmt) || stmt->exception)
      return false;
    if (!stmt->simple_stmts()) {
      P::Compound_stmtContext *c = stmt->compound_stmt();
      bool def = c && (c->funcdef() || (c->decorated() && c->decorated()->funcdef()));
      diags_.error(locOf(stmt), std::string(def ? "a method" : "a block") +
                                    " in a class body is not supported; " + ClassHint);
      return false;
    }
    lines.push_back(stmt->simple_stmts());
  }
  for (P::Simple_stmtsContext *line : lines) {
    if (isBad(line))
      return false;
    for (P::Simple_stmtContext *s : line->simple_stmt())
      out.push_back(s);
  }
  return true;
}

// A namespace class: each `NAME = value` (annotated or not) a constant "K.NAME".
void AstBuilder::buildNamespaceClass(P::ClassdefContext *ctx, const std::string &name) {
  std::vector<P::Simple_stmtContext *> stmts;
  if (!classBodyStmts(ctx->suite(), stmts))
    return;
  std::set<std::string> seen;
  for (P::Simple_stmtContext *s : stmts) {
    if (s->pass_stmt())
      continue;
    StmtPtr built = buildSimpleStmt(s);
    if (auto *e = dyn_cast<ExprStmt>(built.get()); e && isa<StringLiteralExpr>(e->value.get()))
      continue; // a docstring
    if (isa<UnsupportedStmt>(built.get())) {
      module_.otherStatements.push_back(std::move(built)); // Sema reports it
      continue;
    }
    auto *assign = dyn_cast<AssignStmt>(built.get());
    auto *target = assign && assign->targets.size() == 1
                       ? dyn_cast<NameExpr>(assign->targets[0].get())
                       : nullptr;
    if (!target) {
      diags_.error(built->loc(), "a class body in llcc holds only `NAME = value` assignments of "
                                 "constants; " + std::string(ClassHint));
      continue;
    }
    renameClassNames(assign->value, name, seen);
    seen.insert(target->name);
    module_.constants.push_back(
        Constant{target->loc(), name + "." + target->name, std::move(assign->value)});
  }
}

// A NamedTuple class: its fields, in order, each with or without a default.
void AstBuilder::buildNamedTupleClass(P::ClassdefContext *ctx, const std::string &name,
                                      ExprPtr base) {
  std::vector<P::Simple_stmtContext *> stmts;
  if (!classBodyStmts(ctx->suite(), stmts))
    return;
  SourceLoc loc = locOf(ctx->NAME());
  std::vector<ExprPtr> fields, defaults;
  std::vector<std::string> defaultNames;
  for (P::Simple_stmtContext *s : stmts) {
    if (s->pass_stmt())
      continue;
    P::Expr_stmtContext *x = s->expr_stmt();
    P::AnnassignContext *ann = x ? x->annassign() : nullptr;
    if (!ann) {
      StmtPtr built = buildSimpleStmt(s);
      if (auto *e = dyn_cast<ExprStmt>(built.get()); e && isa<StringLiteralExpr>(e->value.get()))
        continue; // a docstring
      diags_.error(locOf(s), "a NamedTuple class body holds only its fields (`name: type` or "
                             "`name: type = default`); " + std::string(ClassHint));
      continue;
    }
    ExprPtr target = buildExpr(x->testlist_star_expr(0));
    auto *field = dyn_cast<NameExpr>(target.get());
    if (!field) {
      diags_.error(locOf(s), "a NamedTuple field is a plain name (`name: type`)");
      continue;
    }
    ExprPtr value;
    if (ann->ASSIGN()) {
      if (!ann->testlist_star_expr()) {
        diags_.error(locOf(s), "a NamedTuple field's default is a value (`name: type = 0.5`)");
        continue;
      }
      value = buildDetachedExpr(ann->testlist_star_expr());
    } else if (!defaults.empty()) {
      // CPython's TypeError when the class statement runs.
      std::string names;
      for (const std::string &d : defaultNames)
        names += (names.empty() ? "" : ", ") + d;
      diags_.error(field->loc(), "Non-default namedtuple field " + field->name +
                                     " cannot follow default field" +
                                     (defaultNames.size() > 1 ? "s " : " ") + names);
      continue;
    }
    std::vector<ExprPtr> pair;
    pair.push_back(std::make_unique<StringLiteralExpr>(field->loc(), field->name));
    pair.push_back(buildDetachedExpr(ann->test()));
    fields.push_back(std::make_unique<TupleExpr>(field->loc(), std::move(pair)));
    if (value) {
      defaults.push_back(std::move(value));
      defaultNames.push_back(field->name);
    }
  }
  std::vector<ExprPtr> args;
  args.push_back(std::make_unique<StringLiteralExpr>(loc, name));
  args.push_back(std::make_unique<ListExpr>(loc, std::move(fields)));
  std::vector<KeywordArg> keywords;
  keywords.push_back(
      KeywordArg{loc, "llcc.defaults", std::make_unique<ListExpr>(loc, std::move(defaults))});
  module_.constants.push_back(Constant{
      loc, name, std::make_unique<CallExpr>(loc, std::move(base), std::move(args), std::move(keywords))});
}

} // namespace llcc
