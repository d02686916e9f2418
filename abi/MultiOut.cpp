//===- MultiOut.cpp - A filter's result as one double per output -----------===//
//
// A filter returns a number, or a tuple of numbers for several outputs per
// window (frontend/SemaMultiOut.cpp). Its body stores the value in a result
// slot of the type Sema gave the return: the number itself, or the tuple as
// a struct of its members, each of its own Python type (int, float, bool,
// int-or-float). The SciPy wrapper (Wrappers.cpp) and the whole-image
// kernel (ImageKernel.cpp) read that slot through filterOutputs: one double
// per output, converted as SciPy converts a filter's return value
// (PyFloat_AsDouble).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

namespace llcc {

llvm::Type *IRGen::filterResultType(const FunctionDef &fn) {
  return llvmType(fn.returnType, fn.returnShape);
}

/// The result slot becomes its outputs: a number becomes one double; a
/// tuple becomes one double per member, in order.
std::vector<llvm::Value *> IRGen::filterOutputs(const FunctionDef &fn, llvm::Value *result) {
  llvm::Value *value = b_.CreateLoad(filterResultType(fn), result);
  if (fn.returnType != Type::Tuple)
    return {convert(value, fn.returnType, Type::Float)};
  std::vector<llvm::Value *> outputs;
  const Shape &shape = *fn.returnShape;
  for (unsigned j = 0; j < shape.members.size(); ++j)
    outputs.push_back(
        convert(b_.CreateExtractValue(value, j), shape.members[j], Type::Float));
  return outputs;
}

} // namespace llcc
