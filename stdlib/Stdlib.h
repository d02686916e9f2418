//===- Stdlib.h - The standard library step of the pipeline ----------------===//
//
// Appends the standard library (stdlib/*.flt, embedded at build time) to a
// parsed module that may sort, before Sema. Shared by the llcc driver and
// the fuzz harness, so both compile exactly the same programs.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "SourceLocation.h"

namespace llcc {

/// When `file`'s text mentions a name that sorts (sort, median, percentile,
/// quantile), parses the library and appends its functions to `module` as
/// helpers (isLibrary). Throws InternalError if the library does not parse.
void addStandardLibrary(const SourceFile &file, Module &module);

} // namespace llcc
