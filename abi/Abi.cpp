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
  case CType::Int8: return "int8_t";
  case CType::UInt8: return "uint8_t";
  case CType::Int16: return "int16_t";
  case CType::UInt16: return "uint16_t";
  case CType::Int32: return "int32_t";
  case CType::UInt32: return "uint32_t";
  case CType::UInt64: return "uint64_t";
  case CType::Float: return "float";
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
  case CType::Int8: return "c_int8";
  case CType::UInt8: return "c_uint8";
  case CType::Int16: return "c_int16";
  case CType::UInt16: return "c_uint16";
  case CType::Int32: return "c_int32";
  case CType::UInt32: return "c_uint32";
  case CType::UInt64: return "c_uint64";
  case CType::Float: return "c_float";
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
  case CType::Int8:
  case CType::UInt8: return llvm::Type::getInt8Ty(ctx);
  case CType::Int16:
  case CType::UInt16: return llvm::Type::getInt16Ty(ctx);
  case CType::Int32:
  case CType::UInt32: return llvm::Type::getInt32Ty(ctx);
  case CType::UInt64: return llvm::Type::getInt64Ty(ctx);
  case CType::Float: return llvm::Type::getFloatTy(ctx);
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
                               {"user_data", CType::VoidPtr},
                               // A filter returning a tuple: member j of
                               // a pixel's result is at its output offset
                               // plus j times this (elements).
                               {"member_stride", CType::Int64}},
                              false,
                              "llcc.generic_filter"};
  return abi;
}

/// The members of a tuple default (`weights=(1.0, 2.0, 1.0)`), folded to
/// literals by Sema (frontend/SemaKinds.cpp): the member types are the
/// literals' kinds.
std::vector<ConstValue> tupleDefaultMembers(const Param &p) {
  std::vector<ConstValue> out;
  auto *t = llvm::dyn_cast_or_null<TupleExpr>(p.defaultValue.get());
  if (!t)
    return out;
  for (const ExprPtr &e : t->elements) {
    if (auto *f = llvm::dyn_cast<FloatLiteralExpr>(e.get()))
      out.push_back({Type::Float, 0, f->value});
    else if (auto *b = llvm::dyn_cast<BoolLiteralExpr>(e.get()))
      out.push_back({Type::Bool, b->value ? 1 : 0, 0});
    else
      out.push_back({Type::Int, llvm::cast<IntLiteralExpr>(e.get())->value, 0});
  }
  return out;
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
    // Two slots for a required parameter (tag, value) and for one whose
    // default is None (None flag, value).
    // A tuple of numbers (`weights=(1.0, 2.0, 1.0)`): one slot per member.
    if (fn.params[i].defaultConst.type == Type::Tuple)
      next += int(tupleDefaultMembers(fn.params[i]).size());
    else
      next += fn.params[i].defaultValue && !fn.locals[i].mayBeNone ? 1 : 2;
  }
  return slots;
}

const std::vector<ElementType> &elementTypes() {
  static const std::vector<ElementType> types = {
      {"float64", CType::Double, ElementType::Float},  {"float32", CType::Float, ElementType::Float},
      {"uint8", CType::UInt8, ElementType::Unsigned},   {"int8", CType::Int8, ElementType::Signed},
      {"uint16", CType::UInt16, ElementType::Unsigned}, {"int16", CType::Int16, ElementType::Signed},
      {"uint32", CType::UInt32, ElementType::Unsigned}, {"int32", CType::Int32, ElementType::Signed},
      {"uint64", CType::UInt64, ElementType::Unsigned}, {"int64", CType::Int64, ElementType::Signed}};
  return types;
}

const ElementType *findElementType(const std::string &name) {
  for (const ElementType &t : elementTypes())
    if (name == t.name)
      return &t;
  return nullptr;
}

std::string imageKernelName(const FunctionDef &fn, const ElementType &input) {
  std::string name = "llcc_image_" + fn.name;
  return input.ctype == CType::Double ? name : name + "_" + input.name;
}

const KindAbi &linesKernelAbi() {
  // Offsets and strides in elements; see LinesKernel.cpp.
  static const KindAbi abi = {FunctionKind::Filter1D,
                              "lines",
                              CType::Int,
                              {{"input", CType::DoublePtr},
                               {"input_offsets", CType::Int64Ptr},
                               {"input_stride", CType::Int64},
                               {"length", CType::Int64},
                               {"output", CType::DoublePtr},
                               {"output_offsets", CType::Int64Ptr},
                               {"output_stride", CType::Int64},
                               {"filter_size", CType::Int64},
                               {"before", CType::Int64},
                               {"mode", CType::Int64},
                               {"cval", CType::Double},
                               {"begin_line", CType::Int64},
                               {"end_line", CType::Int64},
                               {"user_data", CType::VoidPtr}},
                              false,
                              "llcc.generic_filter1d"};
  return abi;
}

std::string linesKernelName(const FunctionDef &fn) { return "llcc_lines_" + fn.name; }

const KindAbi &coordsKernelAbi() {
  static const KindAbi abi = {FunctionKind::Transform,
                              "coords",
                              CType::Int,
                              {{"output_shape", CType::Int64Ptr},
                               {"output_rank", CType::Int64},
                               {"input_rank", CType::Int64},
                               {"coordinates", CType::DoublePtr},
                               {"total", CType::Int64},
                               {"begin_pixel", CType::Int64},
                               {"end_pixel", CType::Int64},
                               {"user_data", CType::VoidPtr}},
                              false,
                              "llcc.geometric_transform"};
  return abi;
}

std::string coordsKernelName(const FunctionDef &fn) { return "llcc_coords_" + fn.name; }

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
