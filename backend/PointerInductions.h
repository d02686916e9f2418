//===- PointerInductions.h - Pointer induction variables after LSR ---------===//
//
// PointerInductions (PointerInductions.cpp): in an innermost loop, several
// loads folded into arithmetic at `base + i * scale + c` read through a
// pointer that steps with i instead, so x86 folds a plain `c(%ptr)`
// address. Runs in the code-generation pipeline, right after LLVM's loop
// strength reduction (Emitter.cpp).
//
//===----------------------------------------------------------------------===//
#pragma once

namespace llvm {
class FunctionPass;
} // namespace llvm

namespace llcc {

/// A new instance of the legacy function pass (the code-generation
/// pipeline is the legacy pass manager's in LLVM 19).
llvm::FunctionPass *createPointerInductionsPass();

} // namespace llcc
