//===- FastBody.cpp - A filter body whose exact fallbacks only raise a flag -===//
//
// A network gives np.percentile's two order statistics of a small window
// (IRGenMedianNetwork.cpp) with numpy's values, but when one of them is a
// zero, which zero numpy's partition picked can show in the result's sign;
// the body then branches to the exact path, a sort of the window in
// memory. That branch is rare, yet its call keeps the whole pixel loop
// from vectorising: the 75th percentile of 5x5 windows took 49 ns a pixel.
//
// So a whole-image kernel runs a copy of the body in which each such
// branch only raises a flag (flag |= condition) and goes on with the
// network's value: the loop vectorises. When the flag is up after a run of
// pixels, the kernel runs those pixels again with the ordinary body
// (ImageKernel.cpp), whose values and errors are numpy's. The copy is made
// from the body's LLVM function before optimisation, by cloning it with
// one more parameter, the flag's address; after inlining the flag is a
// register, an or-reduction across the vector's lanes.
//
//===----------------------------------------------------------------------===//
#include "FastBody.h"

#include "IRGenImpl.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

namespace llcc {

namespace {
bool isExactFallback(const llvm::Instruction &inst) {
  return inst.getMetadata(ExactFallbackKind) != nullptr;
}
} // namespace

llvm::Function *fastBody(llvm::Function *body) {
  llvm::Module *mod = body->getParent();
  std::string name = (body->getName() + ".fast").str();
  if (llvm::Function *made = mod->getFunction(name))
    return made;
  bool any = false;
  for (const llvm::BasicBlock &block : *body)
    if (block.getTerminator() && isExactFallback(*block.getTerminator()))
      any = true;
  if (!any)
    return nullptr;

  llvm::LLVMContext &ctx = body->getContext();
  std::vector<llvm::Type *> params(body->getFunctionType()->param_begin(),
                                   body->getFunctionType()->param_end());
  params.push_back(llvm::PointerType::get(ctx, 0));
  auto *type = llvm::FunctionType::get(body->getReturnType(), params, false);
  auto *fast = llvm::Function::Create(type, body->getLinkage(), name, mod);
  llvm::ValueToValueMapTy map;
  for (unsigned i = 0; i < body->arg_size(); ++i) {
    fast->getArg(i)->setName(body->getArg(i)->getName());
    map[body->getArg(i)] = fast->getArg(i);
  }
  llvm::SmallVector<llvm::ReturnInst *, 4> returns;
  llvm::CloneFunctionInto(fast, body, map, llvm::CloneFunctionChangeType::LocalChangesOnly,
                          returns);
  llvm::Argument *flag = fast->getArg(body->arg_size());
  flag->setName("exact.needed");
  fast->addParamAttr(flag->getArgNo(), llvm::Attribute::NoCapture);
  fast->addParamAttr(flag->getArgNo(), llvm::Attribute::NoAlias);

  std::vector<llvm::BranchInst *> fallbacks;
  for (llvm::BasicBlock &block : *fast)
    if (auto *br = llvm::dyn_cast_or_null<llvm::BranchInst>(block.getTerminator()))
      if (br->isConditional() && isExactFallback(*br))
        fallbacks.push_back(br);
  for (llvm::BranchInst *br : fallbacks) {
    llvm::IRBuilder<> b(br);
    llvm::Value *was = b.CreateLoad(b.getInt1Ty(), flag);
    b.CreateStore(b.CreateOr(was, br->getCondition()), flag);
    llvm::BasicBlock *exact = br->getSuccessor(0);
    b.CreateBr(br->getSuccessor(1));
    exact->removePredecessor(br->getParent());
    br->eraseFromParent();
  }
  return fast;
}

} // namespace llcc
