//===- Pipeline.cpp - The compilation pipeline, stage by stage -------------===//
//
// The whole compiler in one function: each stage's entry point called in
// order, stopping at the first stage that reports errors, with the LLVM
// verifier run on every module before and after optimisation. Outputs are
// written atomically, so a failed run never leaves a partial file.
//
//===----------------------------------------------------------------------===//
#include "Pipeline.h"

#include "Diagnostics.h"
#include "Frontend.h"
#include "Library.h"
#include "NumpyExpLog.h"
#include "Stdlib.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DiagnosticHandler.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <iostream>
#include <sstream>

namespace llcc {

namespace {

/// Drops LLVM's "loop not unrolled" / "loop not vectorized" warnings. They
/// answer llcc's own loop hints (backend/Optimizer.cpp marks a kernel's
/// small constant loops for full unrolling), which the optimiser may
/// decline, and say nothing about the user's program; every other
/// diagnostic goes to LLVM's default handler.
struct QuietLoopHints : llvm::DiagnosticHandler {
  bool handleDiagnostics(const llvm::DiagnosticInfo &info) override {
    return info.getKind() == llvm::DK_OptimizationFailure;
  }
};

/// Writes a text or binary result to the output path, or to stdout.
int writeOutput(const std::string &data, const PipelineOptions &opts, std::ostream &diag) {
  if (opts.outputPath.empty() || opts.outputPath == "-") {
    std::cout.write(data.data(), static_cast<std::streamsize>(data.size()));
    std::cout.flush();
    return std::cout ? ExitOk : ExitUsageError;
  }
  std::string error;
  if (!writeFileAtomically(opts.outputPath, data, error)) {
    diag << "llcc: error: " << error << "\n";
    return ExitUsageError;
  }
  return ExitOk;
}

void verifyOrThrow(const llvm::Module &module, const char *when) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (llvm::verifyModule(module, &os))
    throw InternalError(std::string("LLVM IR does not verify ") + when + ":\n" + os.str());
}

} // namespace

int runPipeline(const SourceFile &file, const PipelineOptions &opts, std::ostream &diag) {
  DiagnosticEngine diags(file, diag);

  // Stage 1: tokens (only for the dump; the parser runs its own lexer).
  if (opts.emit == EmitWhat::Tokens) {
    std::ostringstream out;
    dumpTokens(file, diags, out, opts.parser != ParserChoice::Antlr);
    if (diags.hasErrors())
      return ExitCompileError;
    return writeOutput(out.str(), opts, diag);
  }

  // Stage 2: parse into llcc's AST.
  bool declined = false;
  std::unique_ptr<Module> module = parseModule(file, diags, opts.parser, &declined);
  if (declined) {
    diag << "llcc: error: --parser=direct: the direct parser hands this program to the ANTLR "
            "parser\n";
    return ExitCompileError;
  }
  if (diags.hasErrors())
    return ExitCompileError;
  if (opts.emit == EmitWhat::Ast) {
    std::ostringstream out;
    dumpAst(*module, out, false);
    return writeOutput(out.str(), opts, diag);
  }

  // Stage 2b: the standard library, when the program may sort.
  if (opts.emit != EmitWhat::Ast)
    addStandardLibrary(file, *module);

  // np.exp and np.log of float64 as numpy 1.24 computes them on the target
  // CPU, for the constant folder and the generated code alike: SVML's on
  // AVX512_SKX (when this machine can run it too), else the C library's.
  setNumpySvmlExpLog(targetHasAvx512Skx(opts.backend) && hostCanRunSvmlExpLog());
  // np.tanh: numpy's own FMA loop on AVX2 + FMA3 CPUs as well.
  setNumpyFmaTanh(targetHasAvx2Fma(opts.backend));

  // Stage 3: names and types.
  // A helper called with numpy scalars in one place and Python numbers in
  // another gets a copy per kind, made from a fresh parse.
  auto reparse = [&]() -> std::unique_ptr<Module> {
    std::ostringstream ignored;
    DiagnosticEngine quiet(file, ignored);
    std::unique_ptr<Module> fresh = parseModule(file, quiet, opts.parser);
    if (quiet.hasErrors())
      return nullptr;
    addStandardLibrary(file, *fresh);
    return fresh;
  };
  if (!analyzeModuleWithKindVersions(module, diags, reparse))
    return ExitCompileError;
  if (opts.emit == EmitWhat::TypedAst) {
    std::ostringstream out;
    dumpAst(*module, out, true);
    return writeOutput(out.str(), opts, diag);
  }
  if (opts.emit == EmitWhat::Check)
    return ExitOk;

  // Stage 4: LLVM IR, verified.
  llvm::LLVMContext context;
  context.setDiagnosticHandler(std::make_unique<QuietLoopHints>());
  // Names of local values and blocks serve only a reader of the IR or the
  // assembly; a library or object does without them, and naming costs a
  // hash-table insertion (and often a renaming) per instruction.
  context.setDiscardValueNames(opts.emit == EmitWhat::So || opts.emit == EmitWhat::Obj);
  LibraryOptions libraryOptions;
  libraryOptions.imageKernels = opts.imageKernels;
  libraryOptions.imageKernelTypes = opts.imageKernelTypes;
  libraryOptions.optLevel = opts.backend.optLevel;
  libraryOptions.cpu = opts.backend.cpu;
  // generateLibrary verifies the module it returns.
  GeneratedModule generated = generateLibrary(*module, file, context, libraryOptions);
  if (opts.manifest)
    if (llvm::GlobalVariable *g = generated.module->getNamedGlobal("llcc_manifest"))
      if (auto *data = llvm::dyn_cast<llvm::ConstantDataSequential>(g->getInitializer())) {
        llvm::StringRef text = data->getRawDataValues();
        *opts.manifest = text.take_until([](char c) { return c == '\0'; }).str();
      }

  // Stage 5: target and optimisation, verified again.
  std::string error;
  std::unique_ptr<llvm::TargetMachine> ownTm;
  llvm::TargetMachine *tm = opts.targetMachine;
  if (!tm) {
    ownTm = createTargetMachine(opts.backend, error);
    tm = ownTm.get();
  }
  if (!tm) {
    diag << "llcc: error: " << error << "\n";
    return ExitUsageError;
  }
  optimizeModule(*generated.module, *tm, opts.backend.optLevel);
  verifyOrThrow(*generated.module, "after optimisation");
  if (opts.emit == EmitWhat::Llvm) {
    std::string text;
    llvm::raw_string_ostream os(text);
    generated.module->print(os, nullptr);
    return writeOutput(os.str(), opts, diag);
  }

  // Stage 6: machine code.
  std::string code;
  EmitKind kind = opts.emit == EmitWhat::Asm ? EmitKind::Assembly : EmitKind::Object;
  bool emitted = kind == EmitKind::Object && opts.objectEmitter
                     ? opts.objectEmitter->emit(*generated.module, code, error)
                     : emitCode(*generated.module, *tm, kind, code, error);
  if (!emitted)
    throw InternalError("code emission failed: " + error);
  if (opts.emit != EmitWhat::So)
    return writeOutput(code, opts, diag);

  // Stage 7: link the shared object in process.
  if (!linkSharedObject(code, opts.outputPath, generated.aliases, error)) {
    diag << "llcc: error: " << error << "\n";
    return ExitUsageError;
  }
  return ExitOk;
}

} // namespace llcc
