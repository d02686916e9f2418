//===- FastBody.h - A filter body whose exact fallbacks only raise a flag --===//
//
// See FastBody.cpp. ImageKernel.cpp asks for the fast copy of a filter's
// body once per filter, runs it over a row's interior with a flag, and
// runs the row again with the ordinary body when the flag is up.
//
//===----------------------------------------------------------------------===//
#pragma once

namespace llvm {
class Function;
} // namespace llvm

namespace llcc {

/// The fast copy of `body` (`NAME.fast`, made once and kept in the module):
/// one more parameter, a pointer to an i1 flag, and each exact fallback
/// of `body` itself (a branch with ExactFallbackKind metadata, which
/// codegen puts there) replaced by flag |= condition and the fast path. Null
/// when `body` has no exact fallback (or it lies in a function `body`
/// calls): the kernel then runs `body` alone.
llvm::Function *fastBody(llvm::Function *body);

} // namespace llcc
