//===- SemaOuter.cpp - np.outer of arrays of run-time lengths -------------===//
//
// np.outer(a, b) of two 1-D arrays whose lengths are known only at run
// time (`g = np.exp(-x ** 2)` over `np.arange(n)`) is a run-time 2-D
// block. numpy defines it as multiply(a.ravel()[:, newaxis],
// b.ravel()[newaxis, :]), which llcc already compiles for blocks, so once
// the types say the lengths are run-time ones (typeOfProduct records the
// call) the call becomes exactly that:
//
//   np.outer(a, b)   becomes   a.reshape(-1, 1) * b.reshape(1, -1)
//
// a and b each computed once, a first; the product keeps numpy's dtype
// (ints stay ints, bools are and-ed). Outers of window rows (lengths known
// when compiling) keep typeOfProduct's window shape.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

bool Sema::rewriteRuntimeOuters() {
  if (runtimeOuters_.empty())
    return false;
  bool any = false;
  auto reshaped = [](ExprPtr array, int64_t d0, int64_t d1) -> ExprPtr {
    SourceLoc at = array->loc();
    auto dim = [&](int64_t d) { return intLiteral(at, d); };
    std::vector<ExprPtr> dims;
    dims.push_back(dim(d0));
    dims.push_back(dim(d1));
    return std::make_unique<CallExpr>(
        at, std::make_unique<AttributeExpr>(at, std::move(array), "reshape"), std::move(dims),
        std::vector<KeywordArg>{});
  };
  for (auto &fn : module_.functions)
    eachSlot(fn->body, [&](ExprPtr &slot) {
      auto *call = dyn_cast<CallExpr>(slot.get());
      if (!call || !runtimeOuters_.count(call) || call->args.size() != 2)
        return;
      SourceLoc at = call->loc();
      ExprPtr rows = reshaped(std::move(call->args[0]), -1, 1);
      ExprPtr cols = reshaped(std::move(call->args[1]), 1, -1);
      slot = std::make_unique<BinaryExpr>(at, BinaryOp::Mul, std::move(rows), std::move(cols));
      any = true;
    });
  runtimeOuters_.clear();
  return any;
}

} // namespace sema
} // namespace llcc
