//===- Frontend.h - Entry points of the front end --------------------------===//
//
// The front end's stages, each one function: lexing (dumpTokens), parsing
// into llcc's AST (parseModule: ANTLR lexer, then the direct parser or the
// ANTLR parser + AstBuilder), and semantic analysis (analyzeModule: name resolution and type inference).
// The dump functions back `llcc --emit tokens|ast|typed-ast`.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "Diagnostics.h"

#include <functional>
#include <memory>
#include <ostream>

namespace llcc {

/// Which parser builds the AST: the direct parser with the ANTLR path as
/// its fallback (Auto), the ANTLR path alone, or the direct parser alone
/// (for tests: when it declines, the module is empty and `*declined` set).
enum class ParserChoice { Auto, Antlr, Direct };

/// Parses `file` into an AST. Syntax errors (and constructs that are valid
/// Python but not llcc, where the parser can tell) are reported to `diags`.
/// Never returns null; after errors the module may be partial.
std::unique_ptr<Module> parseModule(const SourceFile &file, DiagnosticEngine &diags,
                                    ParserChoice choice = ParserChoice::Auto,
                                    bool *declined = nullptr);

/// Prints one token per line: `line:col KIND 'text'`, INDENT/DEDENT/NEWLINE
/// included. Lexical errors are reported to `diags`.
/// With `useScanner` false, the raw tokens come from the ANTLR lexer alone.
void dumpTokens(const SourceFile &file, DiagnosticEngine &diags, std::ostream &out,
                bool useScanner = true);

/// Prints the AST as an indented tree with `@line:col` on every node; with
/// `withTypes`, each expression also shows its inferred type (`: float`).
void dumpAst(const Module &module, std::ostream &out, bool withTypes);

/// Resolves names, decides each function's kind, infers every type, and
/// reports semantic errors. Returns true when the module is free of errors.
bool analyzeModule(Module &module, DiagnosticEngine &diags);
/// analyzeModule, then one copy of each helper per combination of numpy and
/// Python number kinds its calls pass (SemaKindVersions.cpp): `reparse`
/// gives a fresh module of the same file, in which `module` may be replaced.
bool analyzeModuleWithKindVersions(std::unique_ptr<Module> &module, DiagnosticEngine &diags,
                                   const std::function<std::unique_ptr<Module>()> &reparse);

/// Limits that keep hostile input from exhausting the stack.
constexpr unsigned MaxNestingDepth = 200;

} // namespace llcc
