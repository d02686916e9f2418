//===- Wrappers.cpp - SciPy's C signatures around compiled functions -------===//
//
// Each exported function gets a wrapper with exactly the C signature SciPy
// calls (its kind's row in Abi.cpp), which unpacks SciPy's pointers into llcc arrays, reads the
// user parameters from user_data (or uses their defaults when it is NULL), calls the internal
// function, and turns a failure into SciPy's error protocol:
//
//   filter     int (double *, intptr_t, double *, void *)
//   filter1d   int (double *, intptr_t, double *, intptr_t, void *)
//   transform  int (intptr_t *, double *, int, int, void *)
//              (a rank-generic transform's sequence is checked against the
//              input rank at run time: storeRankGenericCoords below)
//   integrand  double (int, double *, void *)        (NaN plus an exception)
//
// user_data is an array of 8-byte slots, one per user parameter in order:
// double for float, int64 for int, int64 0/1 for bool. The manifest
// (Manifest.cpp) describes this layout to the Python package.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Library.h"

#include "Abi.h"
#include "Diagnostics.h"

#include <limits>

namespace llcc {

std::vector<ConstValue> tupleDefaultMembers(const Param &p); // Abi.cpp

llvm::Value *IRGen::constValue(const ConstValue &v, Type to) {
  llvm::Value *c;
  switch (v.type) {
  case Type::Bool:
    c = b_.getInt1(v.i != 0);
    break;
  case Type::Int:
    c = i64(v.i);
    break;
  case Type::Float:
    c = f64(v.f);
    break;
  case Type::Str:
    c = stringConstant(v.s);
    break;
  case Type::None:
    // The value of a parameter that is None is never read (its flag is).
    return llvm::Constant::getNullValue(llvmType(to));
  default:
    throw InternalError("default value was not folded");
  }
  return convert(c, v.type, to);
}

/// The user parameters' values: loaded from user_data when it is not NULL,
/// the folded defaults otherwise. A NULL user_data for a function with
/// required parameters records CPython's TypeError for the missing
/// arguments and runs `onMissing`, which returns from the caller.
std::vector<llvm::Value *> IRGen::userParamValues(const FunctionDef &fn, llvm::Value *userData,
                                                  const std::function<void()> &onMissing) {
  std::vector<unsigned> indices;
  std::vector<std::string> missing;
  for (unsigned i = 0; i < fn.params.size(); ++i)
    if (fn.locals[i].userParam) {
      indices.push_back(i);
      if (!fn.params[i].defaultValue)
        missing.push_back(fn.params[i].name);
    }
  std::vector<int> slotOf = userDataSlots(fn);
  std::vector<llvm::Value *> values;
  if (indices.empty())
    return values;
  llvm::BasicBlock *loadBB = newBlock("user_data");
  llvm::BasicBlock *joinBB = newBlock("params");
  llvm::BasicBlock *defaultsBB = newBlock("defaults");
  b_.CreateCondBr(b_.CreateIsNotNull(userData), loadBB, defaultsBB);
  b_.SetInsertPoint(defaultsBB);
  if (!missing.empty()) {
    // CPython: "f() missing 2 required positional arguments: 'a' and 'b'".
    std::string list;
    for (size_t k = 0; k < missing.size(); ++k) {
      list += (k == 0 ? "" : k + 1 == missing.size() ? (missing.size() > 2 ? ", and " : " and ")
                                                      : ", ") +
              ("'" + missing[k] + "'");
    }
    recordError(fn.nameLoc, "TypeError: " + fn.name + "() missing " +
                                std::to_string(missing.size()) + " required positional argument" +
                                (missing.size() > 1 ? "s" : "") + ": " + list);
    onMissing();
    b_.SetInsertPoint(newBlock("unreachable"));
  }
  // A tuple parameter's default (`weights=(1.0, 2.0, 1.0)`), built here in
  // the defaults block: each member converted to the type the body gives it.
  auto tupleOf = [&](unsigned i, const std::function<llvm::Value *(size_t, Type)> &member) {
    const ShapeRef &shape = fn.locals[i].shape;
    llvm::Value *t = llvm::UndefValue::get(llvmType(Type::Tuple, shape));
    for (size_t j = 0; j < shape->members.size(); ++j)
      t = b_.CreateInsertValue(t, member(j, shape->members[j]), {unsigned(j)});
    return t;
  };
  std::map<unsigned, llvm::Value *> tupleDefaults;
  for (unsigned i : indices)
    if (fn.params[i].defaultConst.type == Type::Tuple) {
      std::vector<ConstValue> members = tupleDefaultMembers(fn.params[i]);
      tupleDefaults[i] =
          tupleOf(i, [&](size_t j, Type to) { return constValue(members.at(j), to); });
    }
  llvm::BasicBlock *from = b_.GetInsertBlock();
  b_.CreateBr(joinBB);
  b_.SetInsertPoint(loadBB);
  std::vector<llvm::Value *> loaded;
  std::vector<llvm::Value *> loadedFlags;
  for (unsigned i : indices) {
    Type t = paramAbiType(fn, i);
    // A parameter whose default is None: its slot is the None flag
    // (nonzero: None) and the value follows.
    int valueSlot = slotOf[i];
    if (fn.locals[i].mayBeNone) {
      loadedFlags.push_back(b_.CreateICmpNE(
          b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), userData, valueSlot)),
          i64(0)));
      ++valueSlot;
    }
    llvm::Value *addr = b_.CreateConstGEP1_64(b_.getInt64Ty(), userData, valueSlot);
    llvm::Value *v;
    if (t == Type::Tuple) {
      // One slot per member, of the default member's type.
      std::vector<ConstValue> members = tupleDefaultMembers(fn.params[i]);
      v = tupleOf(i, [&](size_t j, Type to) {
        llvm::Value *at = b_.CreateConstGEP1_64(b_.getInt64Ty(), userData, valueSlot + j);
        Type from = members.at(j).type;
        llvm::Value *m = from == Type::Float ? b_.CreateLoad(b_.getDoubleTy(), at)
                         : from == Type::Int
                             ? b_.CreateLoad(b_.getInt64Ty(), at)
                             : b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), at), i64(0));
        return convert(m, from, to);
      });
    } else if (t == Type::Float)
      v = b_.CreateLoad(b_.getDoubleTy(), addr);
    else if (t == Type::Str)
      v = b_.CreateLoad(b_.getPtrTy(), addr);
    else if (t == Type::Int)
      v = b_.CreateLoad(b_.getInt64Ty(), addr);
    else if (t == Type::IntOrFloat) {
      llvm::Value *valueAddr = b_.CreateConstGEP1_64(b_.getInt64Ty(), userData, slotOf[i] + 1);
      llvm::Value *isInt = b_.CreateICmpEQ(b_.CreateLoad(b_.getInt64Ty(), addr), i64(1));
      llvm::Value *asInt = b_.CreateLoad(b_.getInt64Ty(), valueAddr);
      llvm::Value *asFloat = b_.CreateLoad(b_.getDoubleTy(), valueAddr);
      v = makeNumber(isInt, b_.CreateSelect(isInt, asInt, i64(0)),
                     b_.CreateSelect(isInt, b_.CreateSIToFP(asInt, b_.getDoubleTy()), asFloat));
    } else
      v = b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), addr), i64(0));
    loaded.push_back(v);
  }
  llvm::BasicBlock *loadedBB = b_.GetInsertBlock();
  b_.CreateBr(joinBB);
  b_.SetInsertPoint(joinBB);
  for (unsigned slot = 0; slot < indices.size(); ++slot) {
    unsigned i = indices[slot];
    Type t = paramAbiType(fn, i);
    llvm::PHINode *phi = b_.CreatePHI(llvmType(t, fn.locals[i].shape), 2, fn.params[i].name);
    phi->addIncoming(loaded[slot], loadedBB);
    phi->addIncoming(t == Type::Tuple            ? tupleDefaults.at(i)
                     : fn.params[i].defaultValue ? constValue(fn.params[i].defaultConst, t)
                                                 : llvm::UndefValue::get(llvmType(t)),
                     from);
    values.push_back(phi);
  }
  unsigned k = 0;
  for (unsigned i : indices) {
    if (!fn.locals[i].mayBeNone)
      continue;
    llvm::PHINode *phi = b_.CreatePHI(b_.getInt1Ty(), 2, fn.params[i].name + ".none");
    phi->addIncoming(loadedFlags[k++], loadedBB);
    phi->addIncoming(b_.getInt1(fn.params[i].defaultConst.type == Type::None), from);
    values.push_back(phi);
  }
  return values;
}

void IRGen::emitWrapper(const FunctionDef &fn, GeneratedModule &out) {
  llvm::Type *ptr = b_.getPtrTy();
  llvm::Type *i64Ty = b_.getInt64Ty();
  llvm::Type *i32Ty = b_.getInt32Ty();
  llvm::Type *dbl = b_.getDoubleTy();
  const KindAbi &abi = kindAbi(fn.fkind);
  llvm::FunctionType *type = entryType(abi, ctx_);
  std::string internalName = "llcc.export." + fn.name;
  auto *w =
      llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, internalName, mod_.get());
  w->setVisibility(llvm::GlobalValue::HiddenVisibility);
  w->addFnAttr(llvm::Attribute::NoUnwind);
  FunctionScope scope(cur_, b_, w);
  b_.SetInsertPoint(newBlock("entry"));
  auto array = [&](llvm::Value *data, llvm::Value *len) {
    return makeArray(data, b_.CreateSExt(len, i64Ty), i64(1));
  };
  // Local arrays come from an arena: a block on this wrapper's stack, then
  // heap chunks that are all freed before the wrapper returns, whatever
  // happens.
  llvm::Value *arena = newArena().arena;
  llvm::Value *failValue =
      abi.failIsNaN ? static_cast<llvm::Value *>(f64(std::numeric_limits<double>::quiet_NaN()))
                    : llvm::Constant::getNullValue(type->getReturnType());

  // The internal function's arguments: result slot, own params, user params.
  std::vector<llvm::Value *> args;
  llvm::Value *result = nullptr;
  if (fn.fkind == FunctionKind::Filter)
    result = b_.CreateAlloca(filterResultType(fn), nullptr, "result");
  else if (fn.rankGeneric)
    result = b_.CreateAlloca(arrayTy_, nullptr, "coords");
  else if (fn.returnType == Type::Tuple)
    result = b_.CreateAlloca(llvm::ArrayType::get(dbl, fn.returnArity), nullptr, "coords");
  else if (fn.returnType != Type::None)
    result = b_.CreateAlloca(llvmType(fn.returnType), nullptr, "result");
  if (result)
    args.push_back(result);
  args.push_back(arena);
  llvm::Value *userData = nullptr;
  switch (fn.fkind) {
  case FunctionKind::Filter:
    w->addParamAttr(0, llvm::Attribute::NoCapture);
    w->addParamAttr(0, llvm::Attribute::ReadOnly);
    w->addParamAttr(0, llvm::Attribute::NoAlias);
    w->addParamAttr(2, llvm::Attribute::NoCapture);
    w->addParamAttr(2, llvm::Attribute::WriteOnly);
    w->addParamAttr(2, llvm::Attribute::NoAlias);
    args.push_back(array(w->getArg(0), w->getArg(1)));
    userData = w->getArg(3);
    break;
  case FunctionKind::Filter1D:
    // SciPy passes separate line buffers: they never alias.
    w->addParamAttr(0, llvm::Attribute::NoCapture);
    w->addParamAttr(0, llvm::Attribute::ReadOnly);
    w->addParamAttr(0, llvm::Attribute::NoAlias);
    w->addParamAttr(2, llvm::Attribute::NoCapture);
    w->addParamAttr(2, llvm::Attribute::NoAlias);
    args.push_back(array(w->getArg(0), w->getArg(1)));
    args.push_back(array(w->getArg(2), w->getArg(3)));
    userData = w->getArg(4);
    break;
  case FunctionKind::Transform:
    w->addParamAttr(0, llvm::Attribute::NoCapture);
    w->addParamAttr(0, llvm::Attribute::ReadOnly);
    w->addParamAttr(0, llvm::Attribute::NoAlias);
    w->addParamAttr(1, llvm::Attribute::NoCapture);
    w->addParamAttr(1, llvm::Attribute::NoAlias);
    args.push_back(array(w->getArg(0), w->getArg(2)));
    if (fn.transformWrites)
      args.push_back(array(w->getArg(1), w->getArg(3)));
    userData = w->getArg(4);
    break;
  case FunctionKind::Integrand: {
    // quad passes n doubles: x, then its args. Parameters beyond n take
    // their defaults; any other count is an error, never a wrong number.
    // Keyword-only parameters (from kindParams on) are user parameters,
    // read from user_data as a filter's are.
    unsigned own = fn.kindParams;
    unsigned required = 0;
    while (required < own && !fn.params[required].defaultValue)
      ++required;
    llvm::Value *n = w->getArg(0);
    llvm::Value *countOk = b_.CreateAnd(b_.CreateICmpSGE(n, b_.getInt32(required)),
                                        b_.CreateICmpSLE(n, b_.getInt32(static_cast<int>(own))));
    llvm::BasicBlock *bad = newBlock("bad.count");
    llvm::BasicBlock *good = newBlock("count.ok");
    b_.CreateCondBr(countOk, good, bad);
    b_.SetInsertPoint(bad);
    std::string expected = required == own
                               ? std::to_string(required - 1)
                               : std::to_string(required - 1) + " to " + std::to_string(own - 1);
    recordError(fn.nameLoc, "TypeError: integrand '" + fn.name + "' takes " + expected +
                                " extra argument(s) after x (quad's args=...), but a different "
                                "number was given");
    b_.CreateCall(raiseFn_);
    b_.CreateRet(failValue);
    b_.SetInsertPoint(good);
    llvm::Value *xx = w->getArg(1);
    for (unsigned i = 0; i < own; ++i) {
      if (i < required) {
        args.push_back(b_.CreateLoad(dbl, b_.CreateConstGEP1_64(dbl, xx, i)));
        continue;
      }
      // Load only an element that exists: clamp the index, then choose.
      llvm::Value *present = b_.CreateICmpSGT(n, b_.getInt32(i));
      llvm::Value *index = b_.CreateSelect(present, b_.getInt64(i), b_.getInt64(0));
      llvm::Value *v = b_.CreateLoad(dbl, b_.CreateGEP(dbl, xx, index));
      if (fn.params[i].defaultConst.type == Type::Int) { // the float passed, or the int default
        args.push_back(b_.CreateSelect(
            present, floatNumber(v), intNumber(constValue(fn.params[i].defaultConst, Type::Int))));
        continue;
      }
      args.push_back(
          b_.CreateSelect(present, v, constValue(fn.params[i].defaultConst, Type::Float)));
    }
    if (own < fn.params.size())
      userData = w->getArg(2);
    break;
  }
  case FunctionKind::Helper:
    break;
  }
  if (userData)
    for (llvm::Value *v : userParamValues(fn, userData, [&] {
           b_.CreateCall(raiseFn_);
           b_.CreateRet(failValue);
         }))
      args.push_back(v);

  llvm::Value *ok = b_.CreateCall(functions_.at(&fn), args);
  if (fn.rankGeneric) {
    // Copy the coordinates while the arena still holds them.
    llvm::BasicBlock *from = b_.GetInsertBlock();
    llvm::BasicBlock *copy = newBlock("copy");
    llvm::BasicBlock *join = newBlock("copied");
    b_.CreateCondBr(ok, copy, join);
    b_.SetInsertPoint(copy);
    llvm::Value *copied =
        copyRankGenericCoords(fn, result, b_.CreateSExt(w->getArg(3), i64Ty), w->getArg(1));
    llvm::BasicBlock *copyEnd = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    llvm::PHINode *phi = b_.CreatePHI(b_.getInt1Ty(), 2, "ok");
    phi->addIncoming(b_.getFalse(), from);
    phi->addIncoming(copied, copyEnd);
    ok = phi;
  }
  // A body that cannot allocate leaves the arena empty: no release, and
  // no release function for the optimiser to simplify, inline and fold
  // away again (a fifth of the -O2 pipeline's work on a small filter).
  std::set<llvm::Function *> seen;
  if (mayAllocate(functions_.at(&fn), seen))
    b_.CreateCall(arenaRelease(), {arena});
  llvm::BasicBlock *good = newBlock("good");
  llvm::BasicBlock *bad = newBlock("bad");
  b_.CreateCondBr(ok, good, bad);
  b_.SetInsertPoint(bad);
  b_.CreateCall(raiseFn_);
  b_.CreateRet(failValue);
  b_.SetInsertPoint(good);
  switch (fn.fkind) {
  case FunctionKind::Filter: {
    if (fn.returnType == Type::Tuple) {
      // Several outputs per window (MultiOut.cpp) have no place in SciPy's
      // one double: raise what SciPy raises for a Python function that
      // returns a tuple, once the body has run as CPython would have.
      recordPythonError(fn.nameLoc, "TypeError: must be real number, not tuple");
      b_.CreateCall(raiseFn_);
      b_.CreateRet(failValue);
      break;
    }
    b_.CreateStore(filterOutputs(fn, result)[0], w->getArg(2));
    b_.CreateRet(b_.getInt32(1));
    break;
  }
  case FunctionKind::Integrand: {
    llvm::Value *value = b_.CreateLoad(llvmType(fn.returnType), result);
    b_.CreateRet(convert(value, fn.returnType, Type::Float));
    break;
  }
  case FunctionKind::Transform:
    if (!fn.transformWrites && !fn.rankGeneric) {
      // The returned tuple must have one coordinate per input dimension.
      llvm::BasicBlock *copy = newBlock("copy");
      llvm::BasicBlock *mismatch = newBlock("rank.mismatch");
      b_.CreateCondBr(b_.CreateICmpEQ(w->getArg(3), b_.getInt32(fn.returnArity)), copy, mismatch);
      b_.SetInsertPoint(mismatch);
      recordError(fn.nameLoc, "ValueError: '" + fn.name + "' returns " +
                                  std::to_string(fn.returnArity) +
                                  " coordinates, but the input array has a different number "
                                  "of dimensions");
      b_.CreateCall(raiseFn_);
      b_.CreateRet(failValue);
      b_.SetInsertPoint(copy);
      for (unsigned i = 0; i < fn.returnArity; ++i)
        b_.CreateStore(b_.CreateLoad(dbl, b_.CreateConstGEP1_64(dbl, result, i)),
                       b_.CreateConstGEP1_64(dbl, w->getArg(1), i));
    }
    b_.CreateRet(b_.getInt32(1));
    break;
  case FunctionKind::Filter1D:
    b_.CreateRet(b_.getInt32(1));
    break;
  case FunctionKind::Helper:
    break;
  }
  out.aliases.push_back({fn.name, internalName});
}

void IRGen::storeRankGenericCoords(const Expr &value) {
  llvm::Value *seq = genExpr(value);
  Type elem = elementType(value.type);
  if (value.type == Type::Tuple) {
    // A return of a fixed count beside the run-time ones.
    size_t n = value.shape->members.size();
    llvm::Value *copy = allocArray(i64(static_cast<int64_t>(n)), Type::Float, value.loc());
    for (size_t k = 0; k < n; ++k)
      storeElement(copy, i64(static_cast<int64_t>(k)),
                   coerce(b_.CreateExtractValue(seq, static_cast<unsigned>(k)), Type::Float,
                          nullptr, value.loc()),
                   Type::Float);
    seq = copy;
  } else if (elem != Type::Float) {
    // output_coords[::-1], list(output_coords): Python ints (or bools)
    // that SciPy converts with PyFloat_AsDouble, here into a new array.
    llvm::Value *len = b_.CreateExtractValue(seq, 1);
    llvm::Value *copy = allocArray(len, Type::Float, value.loc());
    forRange(i64(0), len, [&](llvm::Value *k) {
      storeElement(copy, k, convert(loadElement(seq, k, elem), elem, Type::Float), Type::Float);
    });
    seq = copy;
  }
  b_.CreateStore(seq, cur_->result);
}

llvm::Value *IRGen::copyRankGenericCoords(const FunctionDef &fn, llvm::Value *result,
                                          llvm::Value *inRank, llvm::Value *to) {
  llvm::Value *seq = b_.CreateLoad(arrayTy_, result);
  llvm::BasicBlock *enough = newBlock("coords.enough");
  llvm::BasicBlock *tooFew = newBlock("coords.too.few");
  llvm::BasicBlock *done = newBlock("coords.done");
  b_.CreateCondBr(b_.CreateICmpSGE(b_.CreateExtractValue(seq, 1), inRank), enough, tooFew);
  // SciPy reads input_rank items of the returned tuple (PyTuple_GetItem,
  // then PyFloat_AsDouble): extra ones are ignored, a missing one turns
  // the IndexError into this TypeError.
  b_.SetInsertPoint(tooFew);
  recordPythonError(fn.nameLoc, "TypeError: bad argument type for built-in operation");
  b_.CreateBr(done);
  b_.SetInsertPoint(enough);
  forRange(i64(0), inRank, [&](llvm::Value *d) {
    b_.CreateStore(loadElement(seq, d, Type::Float), b_.CreateGEP(b_.getDoubleTy(), to, d));
  });
  llvm::BasicBlock *enoughEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *ok = b_.CreatePHI(b_.getInt1Ty(), 2, "coords.ok");
  ok->addIncoming(b_.getFalse(), tooFew);
  ok->addIncoming(b_.getTrue(), enoughEnd);
  return ok;
}

} // namespace llcc
