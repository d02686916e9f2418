//===- Library.h - A typed module to a library's LLVM module --------------===//
//
// abi's entry point. Lowers a module that Sema accepted into an
// llvm::Module: codegen lowers one internal function per source function;
// abi adds, for each exported callback, a wrapper with exactly SciPy's C
// signature, the whole-image kernels and the manifest. Runtime errors (index out of range,
// integer division by zero, overflow) make the wrapper return 0 after
// recording a message with the source position, which the exported
// `llcc_last_error()` returns.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "Backend.h"

#include <memory>
#include <string>
#include <vector>
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

/// What the library is built with; the manifest records it, so that
/// whole-image kernels can be built later with the same options.
struct LibraryOptions {
  /// Every filter also gets its whole-array entry point (ImageKernel.cpp),
  /// which costs compile time.
  bool imageKernels = false;
  /// The input element types each filter's image kernel is built for
  /// (Abi.cpp's elementTypes() names); float64 by default.
  std::vector<std::string> imageKernelTypes = {"float64"};
  unsigned optLevel = 2;
  std::string cpu = "native";
};

/// Lowers `module` (already analysed without errors) to LLVM IR. Throws
/// InternalError on a compiler bug; never reports user errors.
GeneratedModule generateLibrary(const Module &module, const SourceFile &file,
                                llvm::LLVMContext &context, const LibraryOptions &options = {});

} // namespace llcc
