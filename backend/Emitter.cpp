//===- Emitter.cpp - Object code and assembly emission to memory ----------===//
//
// Machine code generation still runs on the legacy pass manager in LLVM 19.
// Output goes to a string, never straight to a file, so the caller decides
// where it lands (the linker's input, an atomically written file, stdout).
//
//===----------------------------------------------------------------------===//
#include "Backend.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace llcc {

bool emitCode(Module &module, TargetMachine &tm, EmitKind kind, std::string &out,
              std::string &error) {
  // Code generation needs the module's data layout to agree with the
  // target's; set it here too so emitting an unoptimised module works.
  if (module.getDataLayout() != tm.createDataLayout()) {
    module.setTargetTriple(tm.getTargetTriple().str());
    module.setDataLayout(tm.createDataLayout());
  }

  SmallString<0> buffer;
  raw_svector_ostream stream(buffer);
  legacy::PassManager passes;
  CodeGenFileType fileType =
      kind == EmitKind::Object ? CodeGenFileType::ObjectFile : CodeGenFileType::AssemblyFile;
  // addPassesToEmitFile returns true when the target cannot emit this kind.
  if (tm.addPassesToEmitFile(passes, stream, nullptr, fileType)) {
    error = std::string("the target cannot emit ") +
            (kind == EmitKind::Object ? "object code" : "assembly");
    return false;
  }
  passes.run(module);
  out.assign(buffer.data(), buffer.size());
  return true;
}

} // namespace llcc
