//===- Emitter.cpp - Object code and assembly emission to memory ----------===//
//
// Machine code generation still runs on the legacy pass manager in LLVM 19.
// Output goes to a string, never straight to a file, so the caller decides
// where it lands (the linker's input, an atomically written file, stdout).
// The pipeline is TargetMachine::addPassesToEmitFile's, with one pass of
// llcc's inserted after loop strength reduction (PointerInductions.cpp).
//
//===----------------------------------------------------------------------===//
#include "Backend.h"
#include "PointerInductions.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/CodeGen/MachineModuleInfo.h"
#include "llvm/CodeGen/Passes.h"
#include "llvm/CodeGen/TargetPassConfig.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Scalar.h"

using namespace llvm;

namespace llcc {

namespace {

/// Huge functions (a machine-written filter of tens of thousands of
/// statements, still over HugeFunction instructions after the optimiser)
/// get the fast instruction selector and no machine scheduling. The two
/// schedulers are superlinear in the size of one basic block: at 100,000
/// statements they took 15.5 s of a 17 s code generation, the rest 0.5 s.
/// `optnone` is LLVM's per-function switch for exactly that (SelectionDAG
/// falls back to FastISel and every pass that honours skipFunction steps
/// aside); the IR is already optimised, and code generation never changes
/// what floating-point operations compute, so the results are the same.
void relaxHugeFunctions(Module &module, TargetMachine &tm) {
  if (tm.getOptLevel() == CodeGenOptLevel::None)
    return;
  for (Function &fn : module) {
    if (fn.isDeclaration() || fn.getInstructionCount() <= HugeFunction ||
        fn.hasFnAttribute(Attribute::AlwaysInline))
      continue;
    fn.addFnAttr(Attribute::NoInline);
    fn.addFnAttr(Attribute::OptimizeNone);
  }
}

/// Code generation needs the module's data layout to agree with the
/// target's; set it here too so emitting an unoptimised module works.
void prepareModule(Module &module, TargetMachine &tm) {
  if (module.getDataLayout() != tm.createDataLayout()) {
    module.setTargetTriple(tm.getTargetTriple().str());
    module.setDataLayout(tm.createDataLayout());
  }
  relaxHugeFunctions(module, tm);
  // Functions start on a 64-byte line on x86 when optimising: a short
  // callback's entry and its loop (32-byte aligned, Target.cpp) then share
  // one cache line instead of straddling two, which measured 3.4 against
  // 3.15 ns per call of the min 3x3 cross callback.
  if (tm.getOptLevel() != CodeGenOptLevel::None && tm.getTargetTriple().isX86())
    for (Function &fn : module)
      if (!fn.isDeclaration() && !fn.hasOptNone())
        fn.setAlignment(std::max(fn.getAlign().valueOrOne(), Align(64)));
}

/// Loop strength reduction stays off at -O1 (CodeGenOptLevel::Less): on
/// the lightly optimised loops -O1 leaves, LLVM 19's ScalarEvolution can
/// take minutes in LSR's expansion (SCEVExpander asking
/// isGuaranteedNotToBeUndefOrPoison of every operand of deep recurrences;
/// two generated filters of 44 and 30 lines, difftest seeds 601909 and 554,
/// each over 120 s against 0.4 s at -O2). LLVM reads its -disable-lsr
/// option while the pipeline is built, so it is set for exactly that and
/// cleared after: a pipeline never depends on an earlier compile's level
/// (the compile library keeps one pipeline per level, capi/CApi.cpp).
void disableStrengthReduction(bool off) {
  auto &options = cl::getRegisteredOptions();
  auto it = options.find("disable-lsr");
  if (it == options.end())
    return;
  it->second->reset();
  if (off)
    it->second->addOccurrence(0, "disable-lsr", "true");
}

/// TargetMachine::addPassesToEmitFile (LLVMTargetMachine.cpp, LLVM 19)
/// with PointerInductions after loop strength reduction when optimising
/// for x86. Returns true when the target cannot emit `type`, as
/// addPassesToEmitFile does.
bool addCodegenPasses(TargetMachine &tm, legacy::PassManager &passes, raw_pwrite_stream &out,
                      CodeGenFileType type) {
  auto &target = static_cast<LLVMTargetMachine &>(tm);
  auto *machineInfo = new MachineModuleInfoWrapperPass(&target);
  TargetPassConfig *config = target.createPassConfig(passes);
  config->setDisableVerify(true);
  bool lsr = tm.getOptLevel() != CodeGenOptLevel::None &&
             tm.getOptLevel() != CodeGenOptLevel::Less;
  if (lsr && tm.getTargetTriple().isX86()) {
    // LSR's identity, from an instance: LLVM exports no ID for it. (The
    // inserted pass belongs to the pipeline once LSR is added: only with
    // LSR, or it would leak.)
    std::unique_ptr<Pass> inst(createLoopStrengthReducePass());
    config->insertPass(inst->getPassID(), createPointerInductionsPass());
  }
  passes.add(config);
  passes.add(machineInfo);
  disableStrengthReduction(tm.getOptLevel() == CodeGenOptLevel::Less);
  bool cannot = config->addISelPasses();
  disableStrengthReduction(false);
  if (cannot)
    return true;
  config->addMachinePasses();
  config->setInitialized();
  if (target.addAsmPrinter(passes, out, nullptr, type, machineInfo->getMMI().getContext()))
    return true;
  passes.add(createFreeMachineFunctionPass());
  return false;
}

} // namespace

/// The pipeline writes into `buffer` through `stream` for as long as it
/// lives (the object writer keeps a reference to the stream): both stay,
/// and the buffer is emptied after each module. raw_svector_ostream is
/// unbuffered and reports the vector's size as its position, so the next
/// object starts at offset 0 as in a fresh stream.
struct ObjectEmitter::Impl {
  TargetMachine &tm;
  SmallString<0> buffer;
  raw_svector_ostream stream{buffer};
  legacy::PassManager passes;
  explicit Impl(TargetMachine &tm) : tm(tm) {}
};

ObjectEmitter::ObjectEmitter(TargetMachine &tm) : impl_(std::make_unique<Impl>(tm)) {
  if (addCodegenPasses(impl_->tm, impl_->passes, impl_->stream, CodeGenFileType::ObjectFile))
    impl_.reset();
}

ObjectEmitter::~ObjectEmitter() = default;

bool ObjectEmitter::emit(Module &module, std::string &out, std::string &error) {
  if (!impl_) {
    error = "the target cannot emit object code";
    return false;
  }
  prepareModule(module, impl_->tm);
  impl_->buffer.clear();
  impl_->passes.run(module);
  out.assign(impl_->buffer.data(), impl_->buffer.size());
  impl_->buffer.clear();
  return true;
}

bool emitCode(Module &module, TargetMachine &tm, EmitKind kind, std::string &out,
              std::string &error) {
  prepareModule(module, tm);

  SmallString<0> buffer;
  raw_svector_ostream stream(buffer);
  legacy::PassManager passes;
  CodeGenFileType fileType =
      kind == EmitKind::Object ? CodeGenFileType::ObjectFile : CodeGenFileType::AssemblyFile;
  // addPassesToEmitFile returns true when the target cannot emit this kind.
  if (addCodegenPasses(tm, passes, stream, fileType)) {
    error = std::string("the target cannot emit ") +
            (kind == EmitKind::Object ? "object code" : "assembly");
    return false;
  }
  passes.run(module);
  out.assign(buffer.data(), buffer.size());
  return true;
}

} // namespace llcc
