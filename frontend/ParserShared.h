//===- ParserShared.h - What the two parsers share: literals, tree limits --===//
//
// llcc has two parsers that must build the same AST: the ANTLR parser with
// its AstBuilder (AstBuilder*.cpp), which is the reference and reports every
// syntax error, and the direct recursive-descent parser (Parser.cpp), which
// builds the AST of a valid program without a parse tree. Everything whose
// result must not differ between them lives here, written once: decoding
// number and string literals, splitting f-strings into fields, and the
// non-recursive walks that measure and free deep expression trees.
//
// A parser supplies LiteralHooks: how to report an error, how to record a
// construct llcc refuses, and how to parse the expression of an f-string
// field with itself.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"

#include <string>
#include <vector>

namespace llcc {

/// What literal decoding asks of the parser that runs it.
class LiteralHooks {
public:
  virtual ~LiteralHooks() = default;
  /// A malformed literal (an f-string's single '}', ...).
  virtual void literalError(SourceLoc loc, const std::string &message) = 0;
  /// Valid Python that llcc refuses ("bytes literal").
  virtual void literalUnsupported(SourceLoc loc, const std::string &what) = 0;
  /// Parses the expression of an f-string field, `text` starting at `loc`;
  /// null after an error, which the hook has reported.
  virtual ExprPtr parseField(const std::string &text, SourceLoc loc) = 0;
};

/// One STRING token of a run of adjacent literals.
struct StringPiece {
  const std::string *text; ///< the token's text, prefix and quotes included
  SourceLoc loc;
};

/// `STRING+`: adjacent literals concatenated; with one f-string among them
/// the whole atom is an FStringExpr. `loc` is the first literal's.
ExprPtr buildStringAtom(const std::vector<StringPiece> &pieces, SourceLoc loc,
                        LiteralHooks &hooks);

/// A number token (`type` an LlccLexer token type) as a literal; null for an
/// IMAG_NUMBER, which the caller refuses.
ExprPtr buildNumberLiteral(int type, const std::string &text, SourceLoc loc);

/// Decodes Python's backslash escapes in the body of a non-raw string.
std::string decodeEscapes(const std::string &body);
/// The depth of the tree under `e`, measured without recursion.
unsigned exprDepth(const Expr *e);
/// Destroys a possibly very deep tree without recursion.
void destroyExpr(ExprPtr e);

/// Files one simple statement of the module level where Sema looks for it,
/// as both parsers do: the module's docstring (a string statement before
/// any other, `first` still true) is dropped, `NAME = value` becomes a
/// constant, anything else goes to otherStatements.
void addModuleStatement(Module &module, StmtPtr built, bool &first);

/// Files a module-level statement that is not simple: a `for` over
/// `range(...)` of int literals whose body only assigns (names, and stores
/// `K[i] = v` into constants) is unrolled into those assignments, each
/// iteration binding the loop's name as a constant, as CPython runs it;
/// anything else goes to otherStatements.
void addModuleCompound(Module &module, StmtPtr built);

} // namespace llcc
