//===- Backend.h - From an LLVM module to a shared object ------------------===//
//
// The back half of the pipeline: target selection, the optimisation
// pipeline (new pass manager), object/assembly emission to memory, linking
// a position-independent shared object in-process with LLD, and writing
// outputs atomically (temporary file in the destination folder, then
// rename), so a failed compile never replaces or truncates an output.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace llcc {

/// Options that shape code generation.
struct BackendOptions {
  /// 0..3; the CLI default is 2.
  unsigned optLevel = 2;
  /// "native" (the host CPU and its features, the default), "generic"
  /// (portable x86-64), or an LLVM CPU name such as "haswell".
  std::string cpu = "native";
};

/// Creates the TargetMachine for the host triple and `opts.cpu`, PIC
/// relocation model. On failure returns null and sets `error` (an unknown
/// CPU name is a user error the CLI reports with exit status 2).
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const BackendOptions &opts,
                                                         std::string &error);

/// Whether the CPU `opts.cpu` names has numpy's AVX512_SKX feature group
/// (AVX512F, CD, BW, DQ and VL), on which numpy 1.24 computes float64
/// exp and log with its SVML instead of the C library
/// (frontend/NumpyExpLog.h). "generic" never has it.
bool targetHasAvx512Skx(const BackendOptions &opts);
/// Whether the target CPU has AVX2 and FMA3 (numpy 1.24's baseline
/// dispatch target for its own float64 tanh loop).
bool targetHasAvx2Fma(const BackendOptions &opts);

/// The function attribute that asks the optimiser for its whole-image
/// treatment: the loops nested inside the pixel loop that run a small
/// constant number of times (a footprint's, once the body is inlined) are
/// unrolled so the pixel loop vectorises (Optimizer.cpp). abi/ sets it on
/// every image kernel.
constexpr const char *PixelKernelAttr = "llcc-pixel-kernel";

/// Sets the module's triple and data layout from `tm`, then runs the
/// default new-pass-manager pipeline for `optLevel` (O0 runs only the
/// always-inliner).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &tm, unsigned optLevel);

/// Functions of more instructions than this are "huge": a generated or
/// machine-written filter of tens of thousands of statements. Ordinary
/// filters, even whole-image kernels with unrolled neighbourhoods, have a
/// few thousand. The optimiser and the emitter bound their superlinear
/// passes on huge functions only.
constexpr unsigned HugeFunction = 30000;

enum class EmitKind { Object, Assembly };

/// Emits object code or assembly into `out`. Returns false and sets `error`
/// on failure.
bool emitCode(llvm::Module &module, llvm::TargetMachine &tm, EmitKind kind, std::string &out,
              std::string &error);

/// Emits object code for one module after another with one code-generation
/// pass pipeline, set up once. Building the legacy pass manager's ~126
/// passes (addPassesToEmitFile) is 12% of a warm compile of a small filter;
/// the pipeline itself keeps no state from one module to the next (each
/// run initialises and finalises its passes, the machine-code context and
/// the object streamer). The compile library keeps one per TargetMachine;
/// not thread-safe: its owner serialises calls, as it does for `tm`.
class ObjectEmitter {
public:
  explicit ObjectEmitter(llvm::TargetMachine &tm);
  ~ObjectEmitter();
  /// As emitCode with EmitKind::Object.
  bool emit(llvm::Module &module, std::string &out, std::string &error);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A symbol to export under another name: `exported` becomes an alias of
/// the defined symbol `defined` (used when a filter is named like a libm
/// function that the module also calls).
struct SymbolAlias {
  std::string exported;
  std::string defined;
};

/// Links the ELF object in `object` into a shared object at `outPath`, in
/// process with LLD (no system linker needed). Writes to a temporary file
/// beside `outPath` and renames it into place only on success. Returns
/// false and sets `error` on failure.
bool linkSharedObject(const std::string &object, const std::string &outPath,
                      const std::vector<SymbolAlias> &aliases, std::string &error);

/// Writes `data` to `path` atomically: a temporary file in the same folder,
/// then rename. "-" writes to standard output. Returns false and sets
/// `error` (with the path and the system's reason) on failure.
bool writeFileAtomically(const std::string &path, const std::string &data, std::string &error);

} // namespace llcc
