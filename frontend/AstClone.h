//===- AstClone.h - Deep copies of the AST -----------------------------------===//
//
// Rewrites that write a piece of the program out again (a generator's body
// where it is iterated, a helper's default at each call) copy it with
// these: every node and the flags the parser sets (a call's `*args`, an
// `and` used as a truth test), nothing Sema fills in (they run before it).
// A name map renames the names it holds (variables, lambda parameters and
// `except ... as` names), so a copy keeps its own locals apart.
//
//===----------------------------------------------------------------------===//
#ifndef LLCC_FRONTEND_ASTCLONE_H
#define LLCC_FRONTEND_ASTCLONE_H

#include "Ast.h"

#include <map>
#include <string>
#include <vector>

namespace llcc {

using NameMap = std::map<std::string, std::string>;

ExprPtr cloneExpr(const Expr *e, const NameMap &rename = {});
std::vector<ExprPtr> cloneExprs(const std::vector<ExprPtr> &xs, const NameMap &rename = {});
StmtPtr cloneStmt(const Stmt &s, const NameMap &rename = {});
Block cloneBlock(const Block &b, const NameMap &rename = {});

} // namespace llcc

#endif // LLCC_FRONTEND_ASTCLONE_H
