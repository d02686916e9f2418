//===- SemaGroupby.h - for loops over groupby and np.ndenumerate ----------===//
//
// The rewrites of a for loop over itertools.groupby into a loop over the
// runs of the sequence, and of one over np.ndenumerate into a loop over the
// flat index (SemaGroupby.cpp), called by Sema's map/filter loop pass before
// locals are collected.
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

/// `stmt` is a for loop whose iterable is a call of np.ndenumerate: replaced
/// by the loop over the flat index (1), or reported (-1).
int lowerNdenumerateLoop(StmtPtr &stmt, unsigned &counter, DiagnosticEngine &diags);

} // namespace sema
} // namespace llcc

#endif
