//===- FuzzCompiler.cpp - libFuzzer target over the whole compiler --------===//
//
// Feeds arbitrary bytes to llcc's pipeline as the text of a .flt file: lex
// (the token dump), parse, the AST dump, the standard library, Sema, the typed-AST dump, IR
// generation, the LLVM verifier, the -O2 pipeline, the verifier again and
// object emission to memory. Only the in-process LLD link is skipped (it
// writes files and is exercised by every end-to-end test).
//
// One input in KernelShare with at most MaxKernelFunctions exported
// functions also builds the whole-array entry points (--image-kernels:
// ImageKernel.cpp, FastBody.cpp, MedianBox.cpp, LinesKernel.cpp,
// CoordsKernel.cpp, MultiOut.cpp and the optimiser's kernel passes) for
// one input element type; the input's hash picks both, so a saved input
// reproduces. Not every input: a kernel unrolls the body over each common
// footprint size, and under ASan one benchmark filter's kernels take 4-9 s
// against 0.5-1 s for its callback, which would starve the rest of the
// pipeline of executions; a file of 14 small filters took 15 s, past the
// 10 s timeout (5.9 s in a release build).
//
// What counts as a bug, besides what ASan/UBSan and libFuzzer catch (crash,
// hang, leak, out-of-memory): an InternalError escaping any stage, a module
// that does not verify, and a compile error that is not reported as
// `fuzz.flt:LINE:COL: error: ...` (or `fuzz.flt: error: ...`). Each aborts,
// so libFuzzer saves the input. Built by -DLLCC_FUZZ=ON (see
// scripts/fuzz.sh).
//
//===----------------------------------------------------------------------===//
#include "Backend.h"
#include "Diagnostics.h"
#include "Frontend.h"
#include "Library.h"
#include "Stdlib.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <sstream>
#include <string>

using namespace llcc;

namespace {

[[noreturn]] void bug(const char *stage, const std::string &what) {
  std::fprintf(stderr, "llcc_fuzz: BUG in %s: %s\n", stage, what.c_str());
  std::abort();
}

/// Every diagnostic the engine printed must start with the file name and,
/// when it has a position, "LINE:COL: ".
void checkDiagnostics(const std::string &out, unsigned errors) {
  if (errors == 0)
    return;
  if (out.empty())
    bug("diagnostics", "errors counted but nothing printed");
  if (out.rfind("fuzz.flt:", 0) != 0)
    bug("diagnostics", "output does not start with the file name:\n" + out.substr(0, 400));
}

llvm::TargetMachine &targetMachine() {
  static std::unique_ptr<llvm::TargetMachine> tm = [] {
    BackendOptions opts;
    opts.cpu = "generic"; // deterministic across machines
    opts.optLevel = 2;
    std::string error;
    std::unique_ptr<llvm::TargetMachine> made = createTargetMachine(opts, error);
    if (!made)
      bug("target", error);
    return made;
  }();
  return *tm;
}


/// One input in this many also builds image kernels...
constexpr uint64_t KernelShare = 8;
/// ...when it exports at most this many functions.
constexpr size_t MaxKernelFunctions = 2;
/// The input element types a kernel build picks one of: float64 half the
/// time, the ones with their own conversions the other half.
const char *const ElementTypes[] = {"float64", "float32", "float64", "uint8",
                                    "float64", "int16",   "float64", "uint64"};

/// FNV-1a over the input: the deterministic choice of what to build.
uint64_t inputHash(const uint8_t *data, size_t size) {
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < size; ++i)
    h = (h ^ data[i]) * 1099511628211ull;
  return h;
}

void verify(const llvm::Module &module, const char *when) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (llvm::verifyModule(module, &os))
    bug(when, "module does not verify:\n" + os.str());
}

void compile(const uint8_t *data, size_t size) {
  SourceFile file("fuzz.flt", std::string(reinterpret_cast<const char *>(data), size));

  // Token dump: its own engine, as `llcc --emit tokens` has.
  {
    std::ostringstream diagOut, out;
    DiagnosticEngine diags(file, diagOut);
    dumpTokens(file, diags, out);
    checkDiagnostics(diagOut.str(), diags.errorCount());
  }

  // The scanner and the direct parser must give what the ANTLR lexer and
  // parser give: the same tokens, AST and diagnostics (as
  // tests/python/test_parsers.py checks on the repository's filters).
  {
    auto tokensOf = [&](bool useScanner) {
      std::ostringstream diagOut, out;
      DiagnosticEngine diags(file, diagOut);
      dumpTokens(file, diags, out, useScanner);
      return diagOut.str() + out.str();
    };
    if (tokensOf(true) != tokensOf(false))
      bug("scanner", "the scanner's tokens differ from the ANTLR lexer's");
    auto astOf = [&](ParserChoice choice) {
      std::ostringstream diagOut, out;
      DiagnosticEngine diags(file, diagOut);
      std::unique_ptr<Module> parsed = parseModule(file, diags, choice);
      dumpAst(*parsed, out, false);
      return diagOut.str() + out.str();
    };
    if (astOf(ParserChoice::Auto) != astOf(ParserChoice::Antlr))
      bug("parser", "the direct parser's AST or diagnostics differ from the ANTLR path's");
  }

  std::ostringstream diagOut;
  DiagnosticEngine diags(file, diagOut);
  std::unique_ptr<Module> module = parseModule(file, diags);
  if (!module)
    bug("parse", "parseModule returned null");
  checkDiagnostics(diagOut.str(), diags.errorCount());
  if (diags.hasErrors())
    return;
  {
    std::ostringstream out;
    dumpAst(*module, out, false);
  }
  addStandardLibrary(file, *module);
  bool ok = analyzeModule(*module, diags);
  checkDiagnostics(diagOut.str(), diags.errorCount());
  if (ok != !diags.hasErrors())
    bug("sema", "analyzeModule's result disagrees with the error count");
  if (!ok)
    return;
  {
    std::ostringstream out;
    dumpAst(*module, out, true);
  }

  llvm::LLVMContext context;
  LibraryOptions options;
  uint64_t hash = inputHash(data, size);
  size_t exported = 0;
  for (const auto &fn : module->functions)
    exported += !fn->isLibrary && fn->fkind != FunctionKind::Helper;
  if (hash % KernelShare == 0 && exported <= MaxKernelFunctions) {
    options.imageKernels = true;
    options.imageKernelTypes = {ElementTypes[(hash / KernelShare) % std::size(ElementTypes)]};
  }
  GeneratedModule generated = generateLibrary(*module, file, context, options);
  if (!generated.module)
    bug("irgen", "no module");
  verify(*generated.module, "irgen");
  llvm::TargetMachine &tm = targetMachine();
  optimizeModule(*generated.module, tm, 2);
  verify(*generated.module, "optimizer");
  std::string code, error;
  if (!emitCode(*generated.module, tm, EmitKind::Object, code, error))
    bug("emit", error);
  if (code.empty())
    bug("emit", "empty object");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    compile(data, size);
  } catch (const InternalError &e) {
    bug("compiler (InternalError)", e.what());
  } catch (const std::exception &e) {
    bug("compiler (exception)", e.what());
  }
  return 0;
}
