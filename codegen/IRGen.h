//===- IRGen.h - Typed AST to LLVM IR --------------------------------------===//
//
// Lowers a module that Sema accepted into an llvm::Module: one internal
// function per source function, and for each exported callback a wrapper
// with exactly SciPy's C signature. Runtime errors (index out of range,
// integer division by zero, overflow) make the wrapper return 0 after
// recording a message with the source position, which the exported
// `llcc_last_error()` returns.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "Backend.h"

#include <memory>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace llcc {

/// The result of IR generation: the module and the export aliases the
/// linker must create.
struct GeneratedModule {
  std::unique_ptr<llvm::Module> module;
  std::vector<SymbolAlias> aliases;
};

/// Lowers `module` (already analysed without errors) to LLVM IR. Throws
/// InternalError on a compiler bug; never reports user errors.
/// With `imageKernels`, every filter also gets its whole-array entry point
/// `llcc_image_NAME` (ImageKernel.cpp), which costs compile time.
GeneratedModule generateIR(const Module &module, const SourceFile &file,
                           llvm::LLVMContext &context, bool imageKernels = false);

} // namespace llcc
