//===- IRGenStack.cpp - np.stack, np.vstack, np.column_stack ----------------===//
//
// A stack of k 1-D arrays (typed in frontend/SemaStack.cpp) becomes a new
// C-contiguous array of k * n elements in the call's arena, the arrays
// copied in as rows (stack, vstack) or as columns (column_stack, stack
// with axis=1); the result is a window value {data, k * n, 1} whose shape
// Sema fixed. Every array's length is checked against the first one's,
// with the ValueError numpy raises.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;

namespace llcc {

namespace sema {
std::vector<Expr *> stackedArrays(const CallExpr &e);
bool stacksColumns(const CallExpr &e, bool &ok);
} // namespace sema

llvm::Value *IRGen::genStack(const CallExpr &e) {
  std::vector<Expr *> arrays = sema::stackedArrays(e);
  bool ok = true;
  bool columns = sema::stacksColumns(e, ok);
  SourceLoc loc = e.loc();
  Type elem = elementType(e.type);
  std::vector<ArrayGen> gens;
  for (Expr *a : arrays)
    gens.push_back(genArray(*a));
  llvm::Value *n = gens[0].len;
  for (size_t i = 1; i < gens.size(); ++i) {
    llvm::Value *same = b_.CreateICmpEQ(gens[i].len, n);
    if (e.builtin == "numpy.stack")
      check(same, loc, "ValueError: all input arrays must have the same shape");
    else
      checkFormatted(same, loc,
                     std::string("ValueError: all the input array dimensions except for the "
                                 "concatenation axis must match exactly, but along dimension ") +
                         (columns ? "0" : "1") +
                         ", the array at index 0 has size %lld and the array at index %lld has "
                         "size %lld",
                     {n, i64(static_cast<int64_t>(i)), gens[i].len});
  }
  auto k = static_cast<int64_t>(gens.size());
  llvm::Value *out = allocArray(b_.CreateMul(n, i64(k)), elem, loc);
  for (size_t i = 0; i < gens.size(); ++i) {
    const ArrayGen &g = gens[i];
    forRange(i64(0), n, [&](llvm::Value *j) {
      llvm::Value *at = columns ? b_.CreateAdd(b_.CreateMul(j, i64(k)), i64(static_cast<int64_t>(i)))
                                : b_.CreateAdd(b_.CreateMul(i64(static_cast<int64_t>(i)), n), j);
      storeElement(out, at, convert(g.at(j), g.elem, elem, loc), elem);
    });
  }
  return out;
}

} // namespace llcc
