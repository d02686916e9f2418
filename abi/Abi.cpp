//===- Abi.cpp - The tables of the library interface -----------------------===//
//
// The one place that says how SciPy and Python call an llcc library: each
// kind's C entry point, the image kernel's arguments, the boundary-mode
// codes. Wrappers.cpp and ImageKernel.cpp build their LLVM functions from
// these rows and Manifest.cpp publishes them; python/llcc reads the
// manifest. A new kind is a new row here plus its argument unpacking in
// Wrappers.cpp.
//
//===----------------------------------------------------------------------===//
#include "Abi.h"

#include "Diagnostics.h"

#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/LLVMContext.h>

namespace llcc {

const char *cTypeSpelling(CType t) {
  switch (t) {
  case CType::Int: return "int";
  case CType::IntPtr: return "intptr_t";
  case CType::Int64: return "int64_t";
  case CType::Double: return "double";
  case CType::DoublePtr: return "double *";
  case CType::IntPtrPtr: return "intptr_t *";
  case CType::Int64Ptr: return "int64_t *";
  case CType::VoidPtr: return "void *";
  }
  return "?";
}

const char *cTypeCtypes(CType t) {
  switch (t) {
  case CType::Int: return "c_int";
  case CType::IntPtr: return "c_ssize_t";
  case CType::Int64: return "c_int64";
  case CType::Double: return "c_double";
  case CType::DoublePtr:
  case CType::IntPtrPtr:
  case CType::Int64Ptr:
  case CType::VoidPtr: return "c_void_p";
  }
  return "?";
}

llvm::Type *cTypeLlvm(CType t, llvm::LLVMContext &ctx) {
  switch (t) {
  case CType::Int: return llvm::Type::getInt32Ty(ctx);
  case CType::IntPtr:
  case CType::Int64: return llvm::Type::getInt64Ty(ctx);
  case CType::Double: return llvm::Type::getDoubleTy(ctx);
  case CType::DoublePtr:
  case CType::IntPtrPtr:
  case CType::Int64Ptr:
  case CType::VoidPtr: return llvm::PointerType::get(ctx, 0);
  }
  return nullptr;
}

const std::vector<KindAbi> &kindAbis() {
  static const std::vector<KindAbi> table = {
      {FunctionKind::Filter,
       "filter",
       CType::Int,
       {{"buffer", CType::DoublePtr},
        {"filter_size", CType::IntPtr},
        {"return_value", CType::DoublePtr},
        {"user_data", CType::VoidPtr}},
       false,
       "scipy.ndimage.generic_filter"},
      {FunctionKind::Filter1D,
       "filter1d",
       CType::Int,
       {{"input_line", CType::DoublePtr},
        {"input_length", CType::IntPtr},
        {"output_line", CType::DoublePtr},
        {"output_length", CType::IntPtr},
        {"user_data", CType::VoidPtr}},
       false,
       "scipy.ndimage.generic_filter1d"},
      {FunctionKind::Transform,
       "transform",
       CType::Int,
       {{"output_coordinates", CType::IntPtrPtr},
        {"input_coordinates", CType::DoublePtr},
        {"output_rank", CType::Int},
        {"input_rank", CType::Int},
        {"user_data", CType::VoidPtr}},
       false,
       "scipy.ndimage.geometric_transform"},
      {FunctionKind::Integrand,
       "integrand",
       CType::Double,
       {{"n", CType::Int}, {"xx", CType::DoublePtr}, {"user_data", CType::VoidPtr}},
       true,
       "scipy.integrate.quad"},
  };
  return table;
}

const KindAbi &kindAbi(FunctionKind kind) {
  for (const KindAbi &abi : kindAbis())
    if (abi.kind == kind)
      return abi;
  throw InternalError(std::string("no C entry point for a ") + functionKindName(kind));
}

std::string signatureOf(const KindAbi &abi) {
  std::string s = std::string(cTypeSpelling(abi.result)) + " (";
  for (size_t i = 0; i < abi.args.size(); ++i)
    s += (i ? ", " : "") + std::string(cTypeSpelling(abi.args[i].type));
  return s + ")";
}

llvm::FunctionType *entryType(const KindAbi &abi, llvm::LLVMContext &ctx) {
  std::vector<llvm::Type *> params;
  for (const CArg &a : abi.args)
    params.push_back(cTypeLlvm(a.type, ctx));
  return llvm::FunctionType::get(cTypeLlvm(abi.result, ctx), params, false);
}

const KindAbi &imageKernelAbi() {
  // Strides and offsets in elements; rows in C order, all coordinates but
  // the last fixed; see ImageKernel.cpp.
  static const KindAbi abi = {FunctionKind::Filter,
                              "image",
                              CType::Int,
                              {{"input", CType::DoublePtr},
                               {"input_strides", CType::Int64Ptr},
                               {"output", CType::DoublePtr},
                               {"output_strides", CType::Int64Ptr},
                               {"shape", CType::Int64Ptr},
                               {"rank", CType::Int64},
                               {"offsets", CType::Int64Ptr},
                               {"count", CType::Int64},
                               {"mode", CType::Int64},
                               {"cval", CType::Double},
                               {"begin_row", CType::Int64},
                               {"end_row", CType::Int64},
                               {"user_data", CType::VoidPtr}},
                              false,
                              "llcc.generic_filter"};
  return abi;
}

/// The user_data slot of each user parameter of `fn` (-1 for other
/// parameters): one 8-byte slot per parameter with a default; two, a tag
/// (1 int, 0 float) then the value, for a required one, which is an int or
/// a float as it was bound. The manifest publishes the slots.
std::vector<int> userDataSlots(const FunctionDef &fn) {
  std::vector<int> slots(fn.params.size(), -1);
  int next = 0;
  for (size_t i = 0; i < fn.params.size(); ++i) {
    if (!fn.locals[i].userParam)
      continue;
    slots[i] = next;
    next += fn.params[i].defaultValue ? 1 : 2;
  }
  return slots;
}

std::string imageKernelName(const FunctionDef &fn) { return "llcc_image_" + fn.name; }

const std::vector<ModeCode> &boundaryModes() {
  // SciPy's names; the grid- spellings are the same extension for
  // generic_filter (SciPy maps them to the same codes).
  static const std::vector<ModeCode> modes = {
      {"reflect", ModeReflect}, {"grid-mirror", ModeReflect}, {"constant", ModeConstant},
      {"grid-constant", ModeConstant}, {"nearest", ModeNearest}, {"mirror", ModeMirror},
      {"wrap", ModeWrap}, {"grid-wrap", ModeWrap}};
  return modes;
}

} // namespace llcc
