//===- IRGenWhere.cpp - Reductions with a where= mask ----------------------===//
//
// np.sum/mean/nansum/prod/max/min with where= (checked by
// frontend/SemaWhere.cpp): the array and the mask are stored, then
// stdlib/where.flt reduces them as numpy's masked loop does (each run of
// selected elements through the plain loop: pairwise sums added to 0.0).
// A float array's NaNs become 0.0 first for np.nansum, as _replace_nan
// does; an int array reduces inline in int64 with numpy's wrapping add,
// except that np.mean sums the float64 conversions as dtype='f8' does.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

namespace llcc {

llvm::Value *IRGen::callLibraryValue(const char *name, std::vector<llvm::Value *> args) {
  const FunctionDef *fn = nullptr;
  for (auto &f : ast_.functions)
    if (f->isLibrary && f->name == name)
      fn = f.get();
  internalCheck(fn != nullptr, "a function of the standard library is missing");
  llvm::Value *result = entryAlloca(llvmType(fn->returnType), std::string(name) + ".result");
  args.insert(args.begin(), cur_->arena);
  args.insert(args.begin(), result);
  propagate(b_.CreateCall(functions_.at(fn), args));
  return b_.CreateLoad(llvmType(fn->returnType), result);
}

llvm::Value *IRGen::genWhereReduction(const std::string &op, const ArrayGen &g, const CallExpr &e) {
  SourceLoc loc = e.loc();
  const Expr *where = nullptr, *initial = nullptr;
  for (const KeywordArg &k : e.keywords) {
    if (k.name == "where")
      where = k.value.get();
    if (k.name == "initial")
      initial = k.value.get();
  }
  bool ints = g.elem != Type::Float && op != "mean";
  Type elem = ints ? Type::Int : Type::Float;
  bool nan = op == "nansum" && !ints;
  llvm::Value *a = materialize({g.len,
                                [&, g](llvm::Value *i) {
                                  llvm::Value *x = convert(g.at(i), g.elem, elem);
                                  if (!nan)
                                    return x;
                                  return b_.CreateSelect(b_.CreateFCmpUNO(x, x), f64(0.0), x);
                                },
                                elem},
                               loc);
  ArrayGen m = genArray(*where);
  // numpy broadcasts the mask to the array's shape: another length raises
  // (checked here, at the user's call, not in the library code).
  check(b_.CreateICmpEQ(m.len, g.len), where->loc(),
        "ValueError: operands could not be broadcast together with remapped shapes");
  llvm::Value *mask = materialize(m, where->loc());
  std::string base = op == "nansum" ? "sum" : op == "amax" ? "max" : op == "amin" ? "min" : op;
  if (ints) {
    // int64 in order, numpy's wrapping add (no pairwise grouping for
    // ints), or the extreme from `initial`: inline, as library code would
    // stop at llcc's own 64-bit limit where numpy wraps.
    llvm::Type *i64Ty = b_.getInt64Ty();
    llvm::AllocaInst *acc = entryAlloca(i64Ty, "where." + base);
    b_.CreateStore(initial ? genExprAs(*initial, Type::Int) : i64(0), acc);
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      llvm::Value *x = loadElement(a, i, Type::Int);
      llvm::Value *cur = b_.CreateLoad(i64Ty, acc);
      llvm::Value *next = base == "sum"   ? numpyIntArith(BinaryOp::Add, cur, x)
                          : base == "max" ? b_.CreateSelect(b_.CreateICmpSGT(x, cur), x, cur)
                                          : b_.CreateSelect(b_.CreateICmpSLT(x, cur), x, cur);
      llvm::Value *on = truthy(loadElement(mask, i, Type::Bool), Type::Bool);
      b_.CreateStore(b_.CreateSelect(on, next, cur), acc);
    });
    return convert(b_.CreateLoad(i64Ty, acc), Type::Int, e.type);
  }
  std::string fn = "_llcc_where_" + base;
  std::vector<llvm::Value *> args{a, mask};
  if (initial)
    args.push_back(genExprAs(*initial, elem));
  return callLibraryValue(fn.c_str(), args);
}

} // namespace llcc
