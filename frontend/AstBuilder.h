//===- AstBuilder.h - Parse tree to llcc AST: conventions and limits ------===//
//
// parseModule (declared in Frontend.h) lexes with lexSource (Lexer.h), parses
// with the ANTLR parser generated from grammar/LlccParser.g4, and builds the
// AST of Ast.h. The builder itself is private to AstBuilder*.cpp (declared in
// AstBuilderImpl.h, the only header that names ANTLR types); this header
// records the choices every later stage may rely on. The direct parser
// (Parser.h), which parseModule tries first, builds the same AST.
//
// Source locations (1-based line and column, in code points):
//  - an expression is at its first token, except BinaryExpr (including
//    `and`/`or`) and CompareExpr, which are at their (first) operator, and
//    a parenthesised tuple, which is at its `(`;
//  - AttributeExpr, SubscriptExpr and CallExpr are at the start of the
//    expression they apply to (`np` in `np.inf`);
//  - a statement is at its first token (an assignment at its first target);
//    an `elif` branch (an IfStmt alone in the else block) at `elif`;
//  - FunctionDef::loc is the `def` keyword, Import::loc the `import` or
//    `from` keyword, Constant::loc its name, Param/KeywordArg their name,
//    Decorator the `@`.
//
// Representation choices:
//  - `...` (Ellipsis) is a NameExpr named "...".
//  - `import a.b` gives Import{module "a.b", alias "a.b"}.
//  - `-9223372036854775808` is folded into one IntLiteralExpr (INT64_MIN);
//    every other negative literal stays a UnaryExpr.
//  - Annotations (`x: float`, `-> float`) are parsed and ignored;
//    `x: float = e` is an assignment.
//  - A module-level `NAME = e` (one plain-name target) is a Constant; other
//    module-level statements except imports, defs and a leading docstring go
//    to Module::otherStatements.
//
// Valid Python that llcc does not compile becomes an UnsupportedStmt (so
// that Sema reports it with its other errors) whose `what` names the
// construct without quotes: a keyword ("class", "with", "try", "global",
// "nonlocal", "del", "assert", "raise", "yield", "await", "async",
// "lambda") or a short phrase ("nested def", "def inside a block", "import
// inside a function", "import inside a block", "relative import", "import
// *", "list comprehension", "generator expression", "dict", "set", "dict
// comprehension", "set comprehension", "starred expression", "argument
// unpacking", "assignment expression", "f-string", "bytes literal",
// "variable annotation without a value"). Messages quote a single word:
// "'class' is not supported in llcc filters". A statement that contains
// such an expression is replaced as a whole (at the construct's location).
// Where no statement can stand in (a parameter default), the builder
// reports the error itself, in the same words.
//
// Syntax errors, unsupported parameter forms (`*args`, `**kw`, `/`),
// complex literals and invalid assignment targets are reported directly.
//
//===----------------------------------------------------------------------===//
#pragma once

namespace llcc {

/// The deepest expression or statement tree the builder produces. Deeper
/// trees (`1+1+...+1` with thousands of terms, long `elif` chains) are
/// reported as "too deeply nested" rather than handed to the recursive walks
/// of Sema and IRGen. Bracket, indentation and prefix-operator nesting is
/// limited earlier, to MaxNestingDepth, by the lexer.
constexpr unsigned MaxTreeDepth = 1000;

} // namespace llcc
