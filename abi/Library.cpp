//===- Library.cpp - A library from a typed module -------------------------===//
//
// The order in which a library is assembled: runtime support, every source
// function declared then lowered by codegen, then for each exported
// function its SciPy wrapper (Wrappers.cpp) and, on request, its
// whole-image kernel (ImageKernel.cpp), and last the manifest
// (Manifest.cpp) that describes all of it to Python.
//
//===----------------------------------------------------------------------===//
#include "Library.h"

#include "Abi.h"

#include "Diagnostics.h"
#include "IRGenImpl.h"

#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

namespace llcc {

GeneratedModule IRGen::run(const LibraryOptions &options) {
  GeneratedModule out;
  emitRuntimeSupport();
  for (auto &fn : ast_.functions)
    declareFunction(*fn);
  // The standard library first: the runtime errors its checks raise get
  // codes that the program's calls of it then translate (IRGenLibrary.cpp).
  for (auto &fn : ast_.functions)
    if (fn->isLibrary)
      defineFunction(*fn);
  for (auto &fn : ast_.functions)
    if (!fn->isLibrary)
      defineFunction(*fn);
  for (auto &fn : ast_.functions) {
    if (fn->fkind != FunctionKind::Helper)
      emitWrapper(*fn, out);
    if (fn->fkind == FunctionKind::Filter && imageKernels_)
      for (const std::string &name : options.imageKernelTypes)
        if (const ElementType *type = findElementType(name))
          emitImageKernel(*fn, *type);
    if (fn->fkind == FunctionKind::Filter1D && imageKernels_)
      emitLinesKernel(*fn);
    if (fn->fkind == FunctionKind::Transform && imageKernels_)
      emitCoordsKernel(*fn);
  }
  emitManifest(options);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (llvm::verifyModule(*mod_, &os))
    throw InternalError("generated LLVM IR does not verify:\n" + os.str());
  out.module = std::move(mod_);
  return out;
}

GeneratedModule generateLibrary(const Module &module, const SourceFile &file, llvm::LLVMContext &context,
                                const LibraryOptions &options) {
  return IRGen(module, file, context, options.imageKernels).run(options);
}

} // namespace llcc
