//===- Abi.h - The contract between a compiled library and its callers -----===//
//
// Everything a caller must know to call an llcc library, written once, as
// tables: the C entry point of each function kind (SciPy's signature
// string, the LLVM type, which arguments carry what), the whole-image
// kernel's argument list, the boundary-mode codes, and the Python
// exception classes a runtime error can raise. The wrappers and kernels
// are generated from these tables, and the manifest (Manifest.cpp)
// publishes them, so python/llcc reads them from each library instead of
// keeping copies. Adding a callback kind or a boundary mode is an edit to
// Abi.cpp (and the generator that lowers it), nothing in Python. The
// exception classes live with the checks that raise them
// (codegen/RuntimeErrors.h); the manifest publishes them too.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "Backend.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class FunctionType;
class LLVMContext;
class Type;
} // namespace llvm

namespace llcc {

/// The C types that appear in entry points, with SciPy's spelling.
enum class CType : uint8_t {
  Int, IntPtr, Int64, Double, DoublePtr, IntPtrPtr, Int64Ptr, VoidPtr,
  // Element types of image kernels' input arrays.
  Int8, UInt8, Int16, UInt16, Int32, UInt32, UInt64, Float
};

/// "double *", "intptr_t", ... as SciPy's signature strings spell them.
const char *cTypeSpelling(CType t);
/// The ctypes name Python uses for it ("c_double", "c_void_p", ...).
const char *cTypeCtypes(CType t);
llvm::Type *cTypeLlvm(CType t, llvm::LLVMContext &ctx);

/// One argument of an entry point.
struct CArg {
  const char *name;
  CType type;
};

/// How an exported callback of one kind is called.
struct KindAbi {
  FunctionKind kind;
  const char *name; ///< "filter", as in the manifest and the decorators
  CType result;
  std::vector<CArg> args;
  /// The value returned after a runtime error (with the exception set):
  /// 0 for int results, NaN for quad's double.
  bool failIsNaN;
  /// The SciPy routine that calls it (for messages and the manifest).
  const char *caller;
};

/// The table: one entry per exported kind, in FunctionKind order
/// (helpers are not exported and have no entry).
const std::vector<KindAbi> &kindAbis();
/// The entry for `kind`; throws InternalError for Helper.
const KindAbi &kindAbi(FunctionKind kind);
/// SciPy's signature string, e.g. "int (double *, intptr_t, double *, void *)".
std::string signatureOf(const KindAbi &abi);
llvm::FunctionType *entryType(const KindAbi &abi, llvm::LLVMContext &ctx);

/// The whole-image kernel entry point of a filter (ImageKernel.cpp).
const KindAbi &imageKernelAbi();
/// The user_data slot of each parameter of `fn` (-1 for its own
/// parameters): one 8-byte slot per user parameter with a default; two, a
/// tag (1 int, 0 float) and the value, for a required one; two, a None flag
/// (nonzero: None) and the value, for one whose default is None.
std::vector<int> userDataSlots(const FunctionDef &fn);

/// An input element type an image kernel reads in place (numpy's name,
/// its C type, how it converts to double).
struct ElementType {
  const char *name;
  CType ctype;
  enum Kind { Float, Signed, Unsigned } kind;
};
/// Every element type a kernel can be built for; float64 first (the kernel
/// every build with image kernels has).
const std::vector<ElementType> &elementTypes();
/// The element type named `name`, or null.
const ElementType *findElementType(const std::string &name);

/// The exported name of a filter's whole-image kernel for `input`
/// ("llcc_image_NAME" for float64, "llcc_image_NAME_uint8", ...).
std::string imageKernelName(const FunctionDef &fn, const ElementType &input);

/// The entry point of a filter1d over many lines (LinesKernel.cpp).
const KindAbi &linesKernelAbi();
std::string linesKernelName(const FunctionDef &fn);

/// The entry point of a transform over many output pixels (CoordsKernel.cpp).
const KindAbi &coordsKernelAbi();
std::string coordsKernelName(const FunctionDef &fn);

/// Boundary modes of the image kernels, with every name SciPy accepts for
/// each: {name, code}.
struct ModeCode {
  const char *name;
  int64_t code;
};
enum BoundaryMode : int64_t { ModeReflect = 0, ModeConstant, ModeNearest, ModeMirror, ModeWrap };
const std::vector<ModeCode> &boundaryModes();

/// All of the above as the JSON object the manifest carries under "abi"
/// (Manifest.cpp); `llcc --print-abi` prints it. Built once per process.
const std::string &abiJson();

} // namespace llcc
