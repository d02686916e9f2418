//===- SemaGroupby.h - for k, g in itertools.groupby(xs) ------------------===//
//
// The rewrite of a for loop over itertools.groupby into a loop over the
// runs of the sequence (SemaGroupby.cpp), called by Sema's map/filter loop
// pass before locals are collected.
//
//===----------------------------------------------------------------------===//
#ifndef LLCC_FRONTEND_SEMAGROUPBY_H
#define LLCC_FRONTEND_SEMAGROUPBY_H

#include "Ast.h"
#include "Diagnostics.h"

namespace llcc {
namespace sema {

/// `stmt` is a for loop whose iterable is a call of itertools.groupby:
/// replaced by the loop over the runs (1), or reported (-1). `counter`
/// numbers the hidden names.
int lowerGroupbyLoop(StmtPtr &stmt, unsigned &counter, DiagnosticEngine &diags);

} // namespace sema
} // namespace llcc

#endif
