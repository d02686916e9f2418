//===- SemaFrozenset.h - frozenset(...) in functions ----------------------===//
//
// frozenset(...) in a function is the set of the same elements, never
// changed (SemaFrozenset.cpp); called by Sema before locals are collected.
//
//===----------------------------------------------------------------------===//
#ifndef LLCC_FRONTEND_SEMAFROZENSET_H
#define LLCC_FRONTEND_SEMAFROZENSET_H

#include "Ast.h"
#include "Diagnostics.h"

#include <functional>
#include <string>

namespace llcc {
namespace sema {

/// Rewrites each frozenset(...) call of `fn` (where `shadowed("frozenset")`
/// is false) as set(...), and reports a mutating method called on a name
/// that holds one.
void lowerFrozensets(FunctionDef &fn, DiagnosticEngine &diags,
                     const std::function<bool(const std::string &)> &shadowed);

/// Whether `method` changes a set in place (add, discard, update, ...): the
/// methods a frozenset lacks, and that a module-level set constant refuses
/// (SemaSetConstants.cpp).
bool isMutatingSetMethod(const std::string &method);

} // namespace sema
} // namespace llcc

#endif
