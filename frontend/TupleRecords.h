//===- TupleRecords.h - namedtuples and constant classes become tuples ----===//
//
// lowerRecords runs on every parsed module, before Sema (parseModule calls
// it): a namedtuple is a tuple whose members have names, so each of its
// uses becomes the tuple use it means, and a namespace class's constants
// (AstBuilderClass.cpp) are read by their dotted names. TupleRecords.cpp
// says how.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "Diagnostics.h"

#include <string>

namespace llcc {

/// Lowers the namedtuples and namespace classes of `module` (see above);
/// reports what it cannot lower.
void lowerRecords(Module &module, DiagnosticEngine &diags);

/// For Sema: `s` is `x.field` of a namedtuple lowered to `x[k]`; the error
/// to report when `x` (of kind `base`) is not a tuple of that namedtuple's
/// length, or "" when it is (or `s` is no such read).
std::string recordFieldMismatch(const SubscriptExpr &s, Type base);

} // namespace llcc
