//===- RuntimeObject.cpp - The runtime's accessors in an object of their own ===//
//
// Every library exports the same three accessors of the thread-local error
// slots (llcc_last_error, llcc_last_error_kind, llcc_last_error_message,
// written by codegen/Runtime.cpp). They do not depend on the program, yet
// each ran through the code generator's ~126 passes in every compile: about
// 1.8 M instructions, a seventh of a warm compile of a small filter.
//
// When llcc links a shared object, splitRuntime moves them, with the slots
// they read, into a module of their own, compiled to a second object that
// the compile library makes once per target and keeps; the program's module
// keeps hidden declarations of the slots (its llcc.rt.record and
// llcc.rt.raise store and read them) and LLD links the two objects. The
// slots stay thread-local and invisible outside the library (hidden symbols
// become local ones in the output), so what a filter computes, raises and
// reports is unchanged. The executable splits the same way, so the library
// and `llcc` still give the same bytes. `--emit obj|asm|llvm` keep one
// module with everything, as before.
//
//===----------------------------------------------------------------------===//
#include "Backend.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;

namespace llcc {

namespace {

/// The exported accessors that move (codegen/Runtime.cpp defines them).
const char *const runtimeAccessors[] = {"llcc_last_error", "llcc_last_error_kind",
                                        "llcc_last_error_message"};

/// A slot shared by the two objects: defined (hidden) in the runtime's,
/// declared (hidden) in the program's.
void makeShared(GlobalVariable &slot) {
  slot.setLinkage(GlobalValue::ExternalLinkage);
  slot.setVisibility(GlobalValue::HiddenVisibility);
  slot.setDSOLocal(true);
}

} // namespace

bool splitRuntime(Module &program, std::unique_ptr<Module> *runtime) {
  SmallVector<Function *, 3> accessors;
  SmallPtrSet<GlobalVariable *, 4> slots;
  for (const char *name : runtimeAccessors) {
    Function *fn = program.getFunction(name);
    if (!fn || fn->isDeclaration())
      return false;
    accessors.push_back(fn);
    for (Instruction &inst : instructions(*fn))
      for (Value *operand : inst.operands())
        if (auto *slot = dyn_cast<GlobalVariable>(operand)) {
          // Only the thread-local slots of the runtime, defined here.
          if (!slot->isThreadLocal() || !slot->hasLocalLinkage() || slot->isDeclaration())
            return false;
          slots.insert(slot);
        }
  }

  if (runtime) {
    SmallPtrSet<const GlobalValue *, 8> keep(accessors.begin(), accessors.end());
    keep.insert(slots.begin(), slots.end());
    ValueToValueMapTy map;
    std::unique_ptr<Module> clone =
        CloneModule(program, map, [&](const GlobalValue *gv) { return keep.count(gv) != 0; });
    // A fixed name: the object's file symbol must not name the program
    // that happened to be compiled first.
    clone->setModuleIdentifier("llcc.runtime");
    clone->setSourceFileName("llcc.runtime");
    for (GlobalVariable *slot : slots)
      makeShared(*cast<GlobalVariable>(map[slot]));
    // Everything else came along as declarations; drop those unused.
    for (Function &fn : make_early_inc_range(clone->functions()))
      if (fn.isDeclaration() && fn.use_empty())
        fn.eraseFromParent();
    for (GlobalVariable &g : make_early_inc_range(clone->globals()))
      if (g.isDeclaration() && g.use_empty())
        g.eraseFromParent();
    for (GlobalAlias &a : make_early_inc_range(clone->aliases()))
      if (a.use_empty())
        a.eraseFromParent();
    *runtime = std::move(clone);
  }

  for (Function *fn : accessors) {
    if (fn->use_empty())
      fn->eraseFromParent();
    else
      fn->deleteBody();
  }
  for (GlobalVariable *slot : slots) {
    slot->setInitializer(nullptr);
    makeShared(*slot);
  }
  return true;
}

} // namespace llcc
