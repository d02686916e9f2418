//===- Target.cpp - Host TargetMachine creation ---------------------------===//
//
// Creates the TargetMachine that both the optimiser and the emitter use.
// llcc only ever compiles for the machine it runs on (the shared object is
// loaded into the same kind of process), so only the native target is
// initialised: registering every target would page in code that is never
// used and cost start-up time (see notes/compile-latency.md).
//
//===----------------------------------------------------------------------===//
#include "Backend.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>
#include <vector>

using namespace llvm;

namespace llcc {

namespace {

/// Registers the host target once per process; later calls are free.
void initialiseNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
  });
}

CodeGenOptLevel codeGenLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return CodeGenOptLevel::None;
  case 1:
    return CodeGenOptLevel::Less;
  case 2:
    return CodeGenOptLevel::Default;
  default:
    return CodeGenOptLevel::Aggressive;
  }
}

/// The host's features as an -mattr string ("+avx2,-avx512f,...").
/// getHostCPUName alone is not enough: a CPU model name does not say which
/// features the OS or a virtual machine has disabled (AVX-512 on some VMs).
/// Computed once per process (cpuid and a few hundred string operations).
const std::string &hostFeatures() {
  static const std::string features = [] {
    std::string result;
    for (const auto &feature : sys::getHostCPUFeatures()) {
      if (!result.empty())
        result += ',';
      result += (feature.second ? "+" : "-");
      result += feature.first().str();
    }
    return result;
  }();
  return features;
}

const std::string &hostCPU() {
  static const std::string cpu = sys::getHostCPUName().str();
  return cpu;
}

} // namespace

namespace {
/// Whether the target CPU (the host's for "native") has every feature named.
bool targetHasFeatures(const BackendOptions &opts, const std::vector<const char *> &features) {
  if (opts.cpu.empty() || opts.cpu == "native") {
    StringMap<bool> host = sys::getHostCPUFeatures();
    for (const char *f : features)
      if (!host.lookup(f))
        return false;
    return true;
  }
  if (opts.cpu == "generic")
    return false;
  initialiseNativeTarget();
  std::string triple = sys::getProcessTriple();
  std::string lookupError;
  const Target *target = TargetRegistry::lookupTarget(triple, lookupError);
  if (!target || !Triple(triple).isX86())
    return false;
  std::unique_ptr<MCSubtargetInfo> sti(target->createMCSubtargetInfo(triple, "", ""));
  if (!sti || !sti->isCPUStringValid(opts.cpu))
    return false;
  sti.reset(target->createMCSubtargetInfo(triple, opts.cpu, ""));
  std::string wanted;
  for (const char *f : features)
    wanted += std::string(wanted.empty() ? "+" : ",+") + f;
  return sti && sti->checkFeatures(wanted);
}
} // namespace

bool targetHasAvx512Skx(const BackendOptions &opts) {
  return targetHasFeatures(opts, {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"});
}

bool targetHasAvx2Fma(const BackendOptions &opts) {
  return targetHasFeatures(opts, {"avx2", "fma"});
}

std::unique_ptr<TargetMachine> createTargetMachine(const BackendOptions &opts, std::string &error) {
  initialiseNativeTarget();

  std::string triple = sys::getProcessTriple();
  std::string lookupError;
  const Target *target = TargetRegistry::lookupTarget(triple, lookupError);
  if (!target) {
    error = "cannot generate code for host '" + triple + "': " + lookupError;
    return nullptr;
  }

  std::string cpu;
  std::string features;
  if (opts.cpu.empty() || opts.cpu == "native") {
    cpu = hostCPU();
    features = hostFeatures();
  } else if (opts.cpu == "generic") {
    // "generic" means a binary that runs on any x86-64 machine, which is
    // what LLVM calls "x86-64"; LLVM's own "generic" tunes differently.
    cpu = Triple(triple).isX86() ? "x86-64" : "generic";
  } else {
    // Ask the subtarget table with a CPU it knows: constructing it with an
    // unknown name would print a warning to stderr behind our back.
    std::unique_ptr<MCSubtargetInfo> sti(target->createMCSubtargetInfo(triple, "", ""));
    if (!sti || !sti->isCPUStringValid(opts.cpu)) {
      error = "unknown CPU '" + opts.cpu + "' for " + triple +
              "; use 'native', 'generic', or a CPU name that `llc -mcpu=help` lists";
      return nullptr;
    }
    cpu = opts.cpu;
  }

  TargetOptions options;
  // Loops start on a 32-byte boundary on x86 (gcc's -falign-loops=32): a
  // short loop (a callback's loop over a 3x3 cross) then fits one 32-byte
  // fetch and decode window. LLVM's 16 let the min 3x3 cross callback's
  // five-instruction loop straddle one, its compare-and-branch split across
  // the boundary: 4.25 ns per call against 2.76 ns aligned (gcc's C: 3.14).
  if (Triple(triple).isX86() && opts.optLevel >= 2)
    options.LoopAlignment = 32;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, options, Reloc::PIC_, std::nullopt, codeGenLevel(opts.optLevel)));
  if (!tm) {
    error = "cannot create a target machine for " + triple + " (CPU '" + cpu + "')";
    return nullptr;
  }
  return tm;
}

} // namespace llcc
