//===- Parser.h - The direct parser: tokens to AST without a parse tree ----===//
//
// parseDirect is a hand-written recursive-descent parser over lexSource's
// tokens (Lexer.h) that builds the AST of Ast.h directly, the same AST the
// ANTLR parser and AstBuilder build (AstBuilder.h lists its conventions),
// at a fraction of the cost: no parse tree is built, walked and freed.
//
// It parses the language llcc compiles, following grammar/LlccParser.g4,
// which stays the normative grammar. Whenever the ANTLR path would report
// anything (a syntax error, a construct llcc refuses, an invalid target, a
// tree too deep), the direct parser reports nothing and declines: it returns
// null, and parseModule parses the file again with ANTLR and AstBuilder. So
// every diagnostic of the front end comes from the ANTLR path, word for word
// as before, and the direct parser only has to be right on programs it
// accepts. tests/python/test_parsers.py checks that both parsers give the
// same `--emit ast` and diagnostics on every filter in the repository and
// on generated programs.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "Lexer.h"

#include <memory>
#include <vector>

namespace llcc {

/// The AST of `tokens` (lexSource's, ending in EOF), or null when the
/// program needs the ANTLR path (see above). Reports nothing.
std::unique_ptr<Module> parseDirect(const std::vector<LexedToken> &tokens);

} // namespace llcc
