//===- IRGen.cpp - Functions, statements and wrappers to LLVM IR -----------===//
//
// The statement half of the lowering: each source function becomes an
// internal LLVM function returning an ok flag, each exported filter gets a
// wrapper with SciPy's generic_filter signature, and runtime errors become a
// recorded message plus `return 0`, which SciPy turns into an exception.
// Expressions are lowered in IRGenExpr.cpp.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

IRGen::IRGen(const Module &module, const SourceFile &file, llvm::LLVMContext &context,
             bool imageKernels)
    : ast_(module), file_(file), ctx_(context), imageKernels_(imageKernels),
      mod_(std::make_unique<llvm::Module>(file.path(), context)), b_(context) {
  // {data, length, stride in elements}: a neighbourhood buffer, a local
  // array, or a view (slice) of either.
  // {data, length, stride, block extents, block row step}: the fourth
  // field is read only for blocks (frontend/Window.h, isBlockShape),
  // rows << 32 | cols; the fifth only for views of new blocks whose row
  // step is known at run time alone (isRowStepBlock: z[1:, ::2]).
  arrayTy_ = llvm::StructType::create(
      context, {b_.getPtrTy(), b_.getInt64Ty(), b_.getInt64Ty(), b_.getInt64Ty(), b_.getInt64Ty()},
      "llcc.array");
  numberTy_ = llvm::StructType::create(context, {b_.getInt1Ty(), b_.getInt64Ty(), b_.getDoubleTy()},
                                       "llcc.number");
  arenaTy_ = llvm::StructType::create(context, {b_.getPtrTy(), b_.getPtrTy(), b_.getPtrTy()},
                                      "llcc.arena");
}

llvm::Type *IRGen::llvmType(Type t) {
  switch (t) {
  case Type::Bool:
    return b_.getInt1Ty();
  case Type::Int:
    return b_.getInt64Ty();
  case Type::Float:
    return b_.getDoubleTy();
  case Type::IntOrFloat:
    return numberTy_;
  case Type::FloatArray:
  case Type::IntArray:
  case Type::BoolArray:
  case Type::FloatList:
  case Type::IntList:
  case Type::ArrayList:
  case Type::TupleList:
    return arrayTy_;
  case Type::Str:
  case Type::Dict:
  case Type::Set:
    return b_.getPtrTy();
  default:
    throw InternalError(std::string("no LLVM type for ") + typeName(t));
  }
}

/// bool -> int -> float, as Python promotes in mixed arithmetic.
llvm::Value *IRGen::convert(llvm::Value *v, Type from, Type to, SourceLoc loc) {
  if (from == to)
    return v;
  if (isList(from) && isList(to))
    return convertList(v, from, to, loc);
  if (from == Type::IntOrFloat || to == Type::IntOrFloat)
    return convertNumber(v, from, to, loc);
  if (from == Type::Bool && to == Type::Int)
    return b_.CreateZExt(v, b_.getInt64Ty());
  if (from == Type::Bool && to == Type::Float)
    return b_.CreateUIToFP(v, b_.getDoubleTy());
  if (from == Type::Int && to == Type::Float)
    return b_.CreateSIToFP(v, b_.getDoubleTy());
  if (to == Type::Bool && isNumeric(from))
    return truthy(v, from);
  throw InternalError(std::string("cannot convert ") + typeName(from) + " to " + typeName(to));
}

/// Python truthiness: nonzero numbers are true, NaN included.
llvm::Value *IRGen::truthy(llvm::Value *v, Type t) {
  switch (t) {
  case Type::Bool:
    return v;
  case Type::Int:
    return b_.CreateICmpNE(v, i64(0));
  case Type::Float:
    return b_.CreateFCmpUNE(v, f64(0.0));
  case Type::IntOrFloat:
    // The float field is 0.0 exactly when an int is 0.
    return b_.CreateFCmpUNE(b_.CreateExtractValue(v, 2), f64(0.0));
  case Type::FloatList:
  case Type::IntList:
  case Type::TupleList:
    return b_.CreateICmpNE(b_.CreateExtractValue(v, 1), i64(0));
  case Type::Dict:
  case Type::Set:
    return b_.CreateICmpNE(dictField(v, 3), i64(0));
  case Type::Str: // not empty
    return b_.CreateICmpNE(b_.CreateLoad(b_.getInt8Ty(), v), b_.getInt8(0));
  default:
    throw InternalError("truthiness of a non-number");
  }
}

//===----------------------------------------------------------------------===//
// Runtime errors
//===----------------------------------------------------------------------===//

llvm::BasicBlock *IRGen::newBlock(const char *name) {
  return llvm::BasicBlock::Create(ctx_, name, cur_->llfn);
}

void IRGen::startDeadBlock() { b_.SetInsertPoint(newBlock("dead")); }

void IRGen::check(llvm::Value *ok, SourceLoc loc, const std::string &message) {
  if (auto *c = dyn_cast<llvm::ConstantInt>(ok); c && c->isOne())
    return;
  llvm::BasicBlock *cont = newBlock("ok");
  llvm::BasicBlock *bad = newBlock("error");
  // Errors are rare: tell the optimiser so the hot path stays straight.
  b_.CreateCondBr(ok, cont, bad, llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(bad);
  fail(loc, message);
  b_.SetInsertPoint(cont);
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

Type IRGen::paramAbiType(const FunctionDef &fn, size_t i) {
  if (fn.fkind == FunctionKind::Helper)
    return fn.locals[i].type;
  if (fn.locals[i].noneOnly()) // only None is passed: an unread double
    return Type::Float;
  if (fn.locals[i].userParam)
    return fn.params[i].defaultConst.type == Type::None ? fn.locals[i].type
                                                         : fn.params[i].defaultConst.type;
  if (fn.fkind == FunctionKind::Integrand) // an int default: int or float (SemaKinds.cpp)
    return fn.params[i].defaultConst.type == Type::Int ? Type::IntOrFloat : Type::Float;
  return fn.locals[i].type;
}

void IRGen::declareFunction(const FunctionDef &fn) {
  std::vector<llvm::Type *> params;
  if (fn.returnType != Type::None)
    params.push_back(b_.getPtrTy());
  params.push_back(b_.getPtrTy()); // the arena local arrays come from
  for (size_t i = 0; i < fn.params.size(); ++i)
    params.push_back(llvmType(paramAbiType(fn, i), fn.locals[i].shape));
  // Then one flag per parameter whose default is None (true: it is None).
  for (size_t i = 0; i < fn.params.size(); ++i)
    if (fn.locals[i].mayBeNone)
      params.push_back(b_.getInt1Ty());
  auto *type = llvm::FunctionType::get(b_.getInt1Ty(), params, false);
  auto *f = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage, "llcc.fn." + fn.name,
                                   mod_.get());
  f->addFnAttr(llvm::Attribute::NoUnwind);
  // With image kernels, an exported filter's body is called from both its
  // SciPy wrapper and its whole-array kernel: inline it into both.
  if (fn.fkind != FunctionKind::Helper && fn.fkind != FunctionKind::Integrand && imageKernels_)
    f->addFnAttr(llvm::Attribute::AlwaysInline);
  if (fn.returnType != Type::None) {
    f->addParamAttr(0, llvm::Attribute::NoAlias);
    f->addParamAttr(0, llvm::Attribute::NoCapture);
  }
  functions_[&fn] = f;
  if (fn.recursive) {
    // The wrapper (emitRecursionWrapper) counts the depth around the body.
    auto *body = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                        "llcc.fn." + fn.name + ".body", mod_.get());
    body->addFnAttr(llvm::Attribute::NoUnwind);
    bodies_[&fn] = body;
  }
}

void IRGen::defineFunction(const FunctionDef &fn) {
  FunctionScope scope(cur_, b_, fn.recursive ? bodies_.at(&fn) : functions_.at(&fn), &fn);
  b_.SetInsertPoint(newBlock("entry"));
  unsigned argBase = 0;
  if (fn.returnType != Type::None) {
    cur_->result = cur_->llfn->getArg(0);
    argBase = 1;
  }
  cur_->arena = cur_->llfn->getArg(argBase++);
  cur_->known.assign(fn.locals.size(), false);
  // Versions of a rebound name may share a slot (SlotSharing.cpp); a
  // parameter keeps its null flag (always assigned), the versions after it
  // share one of their own.
  std::vector<size_t> owner = sharedSlots(fn);
  std::map<size_t, llvm::AllocaInst *> ownSlot, ownBound;
  for (size_t i = 0; i < fn.locals.size(); ++i)
    if (owner[i] == i)
      ownSlot[i] = b_.CreateAlloca(llvmType(fn.locals[i].type, fn.locals[i].shape), nullptr,
                                   fn.locals[i].name);
  for (size_t i = 0; i < fn.locals.size(); ++i) {
    const LocalVar &v = fn.locals[i];
    size_t o = owner[i];
    cur_->slots.push_back(ownSlot.at(o));
    if (v.isParam) {
      cur_->bound.push_back(nullptr);
    } else {
      llvm::AllocaInst *&flag = ownBound[o];
      if (!flag)
        flag = b_.CreateAlloca(b_.getInt1Ty(), nullptr, v.name + ".bound");
      cur_->bound.push_back(flag);
    }
    cur_->none.push_back(v.mayBeNone ? b_.CreateAlloca(b_.getInt1Ty(), nullptr, v.name + ".none")
                                : nullptr);
    if (v.grows && (isList(v.type) || v.type == Type::TupleList))
      cur_->capacity[static_cast<int>(i)] = b_.CreateAlloca(b_.getInt64Ty(), nullptr, v.name + ".cap");
  }
  unsigned noneArg = argBase + unsigned(fn.params.size());
  for (size_t i = 0; i < fn.locals.size(); ++i) {
    if (fn.locals[i].noneOnly()) {
      // Its caller can pass only None (an array does not fit user_data):
      // anything else is refused as Python's bind() refuses it.
      check(cur_->llfn->getArg(noneArg), fn.params[i].loc,
            "TypeError: " + fn.name + "() parameter '" + fn.params[i].name +
                "' takes only None in llcc (the function assigns it " +
                (isList(fn.locals[i].type)    ? std::string("a list")
                 : isArray(fn.locals[i].type) ? std::string("an array")
                                              : std::string("a ") + typeName(fn.locals[i].type)) +
                " of its own)");
      b_.CreateStore(llvm::Constant::getNullValue(llvmType(fn.locals[i].type, fn.locals[i].shape)),
                     cur_->slots[i]);
    } else if (fn.locals[i].isParam && fn.locals[i].type == Type::Tuple)
      b_.CreateStore(cur_->llfn->getArg(argBase + i), cur_->slots[i]);
    else if (fn.locals[i].isParam)
      b_.CreateStore(convert(cur_->llfn->getArg(argBase + i), paramAbiType(fn, i), fn.locals[i].type),
                     cur_->slots[i]);
    else
      b_.CreateStore(b_.getFalse(), cur_->bound[i]);
    if (cur_->none[i] && fn.locals[i].isParam)
      b_.CreateStore(cur_->llfn->getArg(noneArg++), cur_->none[i]);
    else if (cur_->none[i]) // a local that may be assigned None (`best = None`)
      b_.CreateStore(b_.getFalse(), cur_->none[i]);
  }
  // A filter that writes into its window works on a private copy of it
  // (SemaWindowWrites.cpp): the caller's buffer or image stays as it was.
  for (size_t i = 0; i < fn.params.size(); ++i)
    if (fn.locals[i].copyOnEntry) {
      const LocalVar &v = fn.locals[i];
      llvm::Value *passed = b_.CreateLoad(llvmType(v.type, v.shape), cur_->slots[i]);
      b_.CreateStore(materialize(memoryGen(passed, elementType(v.type)), fn.loc), cur_->slots[i]);
    }
  genBlock(fn.body);
  // Falling off the end returns None, which a number-returning function
  // must not do.
  if (!b_.GetInsertBlock()->getTerminator()) {
    if (fn.returnType == Type::None)
      b_.CreateRet(b_.getTrue());
    else
      fail(fn.loc,
           "TypeError: '" + fn.name + "' reached its end without 'return' and returned None");
  }
  if (fn.recursive)
    emitRecursionWrapper(fn);
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void IRGen::genBlock(const Block &block) {
  for (const auto &stmt : block) {
    genStmt(*stmt);
  }
}

void IRGen::storeLocal(int index, llvm::Value *value, Type valueType) {
  const LocalVar &v = cur_->def->locals.at(index);
  llvm::Value *stored = v.type == Type::Tuple       ? coerce(value, v.type, v.shape, v.firstLoc)
                        : v.type == Type::TupleList ? value // one layout (Sema), or `[]`
                                                    : convert(value, valueType, v.type);
  b_.CreateStore(stored, cur_->slots[index]);
  // A growing list owns exactly the elements it was given.
  if (auto cap = cur_->capacity.find(index); cap != cur_->capacity.end())
    b_.CreateStore(b_.CreateExtractValue(stored, 1), cap->second);
  if (cur_->bound[index])
    b_.CreateStore(b_.getTrue(), cur_->bound[index]);
  if (cur_->none[index])
    b_.CreateStore(b_.getFalse(), cur_->none[index]);
}

void IRGen::checkBound(int index, SourceLoc loc) {
  if (cur_->bound[index] && !cur_->known[index])
    check(b_.CreateLoad(b_.getInt1Ty(), cur_->bound[index]), loc,
          "UnboundLocalError: cannot access local variable '" + cur_->def->locals.at(index).name +
              "' where it is not associated with a value");
}

llvm::Value *IRGen::loadLocal(int index, SourceLoc loc) {
  const LocalVar &v = cur_->def->locals.at(index);
  checkBound(index, loc);
  if (cur_->none[index])
    check(b_.CreateNot(b_.CreateLoad(b_.getInt1Ty(), cur_->none[index])), loc,
          "TypeError: '" + v.name + "' is None here, and None cannot be used as a " +
              typeName(v.type));
  return b_.CreateLoad(llvmType(v.type, v.shape), cur_->slots[index], v.name);
}

void IRGen::genAssign(const Expr &target, llvm::Value *value, Type valueType,
                      const ShapeRef &valueShape) {
  if (genContainerAssign(target, value, valueType))
    return;
  if (auto *sub = dyn_cast<SubscriptExpr>(&target)) {
    if (isArray(sub->type)) {
      genSliceAssign(*sub, value, valueType, valueShape);
      return;
    }
    Type elem = elementType(sub->value->type);
    auto stored = [&] { return storedAs(value, valueType, elem, target.loc()); };
    if (isWindow(*sub->value)) { // g[i, j] = v of a 2-D array
      llvm::Value *v = stored();
      if (elem == Type::Bool)
        v = b_.CreateZExt(v, b_.getInt8Ty());
      b_.CreateStore(v, windowElementAddress(*sub));
      return;
    }
    llvm::Value *array = genExpr(*sub->value);
    llvm::Value *index = genIndex(*sub->index, sub->value->type);
    llvm::Value *at = checkedIndex(array, index, sub->index->loc(), sub->value->type, true);
    storeElement(array, at, stored(), elem);
    return;
  }
  auto *name = dyn_cast<NameExpr>(&target);
  internalCheck(name && name->ref == NameRef::Local, "assignment to a non-local");
  storeLocal(name->localIndex, value, valueType);
}

llvm::Value *IRGen::storedAs(llvm::Value *v, Type from, Type to, SourceLoc loc) {
  if (to != Type::Int || from != Type::Float)
    return convert(v, from, to, loc);
  check(b_.CreateFCmpORD(v, v), loc, "ValueError: cannot convert float NaN to integer");
  check(b_.CreateFCmpONE(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v),
                         f64(std::numeric_limits<double>::infinity())),
        loc, "OverflowError: cannot convert float infinity to integer");
  check(b_.CreateAnd(b_.CreateFCmpOGE(v, f64(-9223372036854775808.0)),
                     b_.CreateFCmpOLT(v, f64(9223372036854775808.0))),
        loc, "OverflowError: Python int too large to convert to C long");
  return b_.CreateFPToSI(v, b_.getInt64Ty());
}

/// After `x = ...` (or `a, b = ...`, `x op= ...`) every later statement of
/// the same block reads x without an UnboundLocalError check. Huge
/// straight-line functions would otherwise carry one error path per read.
void IRGen::markAssigned(const Expr &target) {
  if (cur_->loopDepth > 0)
    return;
  if (auto *name = dyn_cast<NameExpr>(&target)) {
    if (name->ref == NameRef::Local && name->localIndex >= 0 &&
        static_cast<size_t>(name->localIndex) < cur_->known.size() &&
        !cur_->def->locals[name->localIndex].deleted) // a del may unbind it anywhere
      cur_->known[name->localIndex] = true;
  } else if (auto *tuple = dyn_cast<TupleExpr>(&target)) {
    for (auto &el : tuple->elements)
      markAssigned(*el);
  }
}

void IRGen::genStmt(const Stmt &stmt) {
  // Which locals are certainly assigned after this statement: an
  // assignment outside loops adds its targets; a loop keeps only what held
  // before it (its body may not run, a break may skip its else); an if/else
  // keeps what every branch that falls through assigns (genStmtKind).
  switch (stmt.kind()) {
  case Stmt::Kind::Assign:
  case Stmt::Kind::AugAssign:
    genStmtKind(stmt);
    if (auto *a = dyn_cast<AssignStmt>(&stmt)) {
      for (auto &target : a->targets)
        markAssigned(*target);
    } else {
      markAssigned(*cast<AugAssignStmt>(stmt).target);
    }
    return;
  case Stmt::Kind::While:
  case Stmt::Kind::For: {
    // Inside a loop nothing is marked: a loop's else (or a container loop's
    // own structure) may run after zero iterations of the body, so only
    // what held before the loop is known anywhere in it.
    std::vector<bool> before = cur_->known;
    ++cur_->loopDepth;
    genStmtKind(stmt);
    --cur_->loopDepth;
    cur_->known = std::move(before);
    return;
  }
  case Stmt::Kind::Try: {
    // An except clause may start anywhere in the body: only what held
    // before the try is known in the clauses and after the statement.
    std::vector<bool> before = cur_->known;
    genTry(cast<TryStmt>(stmt));
    cur_->known = std::move(before);
    return;
  }
  default:
    genStmtKind(stmt);
    return;
  }
}

void IRGen::genStmtKind(const Stmt &stmt) {
  switch (stmt.kind()) {
  case Stmt::Kind::Expr: {
    auto &s = cast<ExprStmt>(stmt);
    if (!isa<StringLiteralExpr>(s.value.get()))
      genExpr(*s.value);
    return;
  }
  case Stmt::Kind::Assign: {
    auto &s = cast<AssignStmt>(stmt);
    if (genShapeUnpack(s))
      return;
    if (isa<NoneLiteralExpr>(s.value.get())) {
      // `best = None`: the variable's None flag (Sema allows names only).
      for (auto &target : s.targets) {
        int index = cast<NameExpr>(*target).localIndex;
        b_.CreateStore(b_.getTrue(), cur_->none[index]);
        if (cur_->bound[index])
          b_.CreateStore(b_.getTrue(), cur_->bound[index]);
      }
      return;
    }
    if (auto *tv = dyn_cast<TupleExpr>(s.value.get())) {
      // Python evaluates the whole right side before assigning anything.
      std::vector<llvm::Value *> values;
      for (auto &el : tv->elements)
        values.push_back(genExpr(*el));
      for (auto &target : s.targets) {
        if (auto *tt = dyn_cast<TupleExpr>(target.get()))
          for (size_t i = 0; i < values.size(); ++i)
            genUnpack(*tt->elements[i], values[i], tv->elements[i]->type, tv->elements[i]->shape,
                      tv->elements[i]->loc());
        else
          genAssign(*target, genTupleOf(values, *tv), Type::Tuple);
      }
      return;
    }
    // `oline[...] = iline[1:] - iline[:-1]`: one fused loop, unless the
    // value reads a writable array the store could overwrite first.
    if (auto *sub = dyn_cast<SubscriptExpr>(s.targets[0].get());
        s.targets.size() == 1 && sub && isArray(sub->type) && isArray(s.value->type) &&
        sub->value->type != Type::Dict &&
        !(isList(sub->value->type) && isa<SliceExpr>(sub->index.get()))) { // genListSliceStore
      ArrayGen value = genArray(*s.value);
      if (mayAliasWritable(*s.value)) {
        std::vector<int64_t> dims = value.dims; // a window's stay its own
        llvm::Value *blockExtents = value.blockExtents;
        value = memoryGen(materialize(value, s.value->loc()), value.elem);
        value.dims = dims;
        value.blockExtents = blockExtents;
      }
      storeInto(*sub, value);
      return;
    }
    llvm::Value *value = genExpr(*s.value);
    Type valueType = s.value->type;
    // `a[mask] = values[0] * 1.5`, `a[[0, 1]] = v` into an int array: numpy
    // casts a numpy float scalar by its C cast there (NaN and out-of-range
    // values become INT64_MIN, with a RuntimeWarning), where a Python float,
    // a slice's or an element's store go through int() (ValueError).
    if (auto *sub = dyn_cast<SubscriptExpr>(s.targets[0].get());
        s.targets.size() == 1 && sub && valueType == Type::Float && s.value->mayBeNumpy &&
        isArray(sub->index->type) && isArray(sub->value->type) &&
        elementType(sub->value->type) == Type::Int) {
      value = storedElement(value, Type::Float, Type::Int, false, s.value->loc());
      valueType = Type::Int;
    }
    for (auto &target : s.targets)
      genUnpack(*target, value, valueType, s.value->shape, s.value->loc());
    return;
  }
  case Stmt::Kind::AugAssign:
    genAugAssign(cast<AugAssignStmt>(stmt));
    return;
  case Stmt::Kind::If: {
    auto &s = cast<IfStmt>(stmt);
    if (auto *with = dyn_cast<CallExpr>(s.cond.get()); with && with->builtin == WithBuiltin) {
      genBlock(s.thenBody); // `with np.errstate(...):` (Sema checked the contexts)
      return;
    }
    llvm::Value *cond = truthy(genExpr(*s.cond), s.cond->type);
    llvm::BasicBlock *thenBB = newBlock("if.then");
    llvm::BasicBlock *elseBB = newBlock("if.else");
    llvm::BasicBlock *endBB = newBlock("if.end");
    b_.CreateCondBr(cond, thenBB, elseBB);
    std::vector<bool> before = cur_->known;
    b_.SetInsertPoint(thenBB);
    genBlock(s.thenBody);
    bool thenFalls = !b_.GetInsertBlock()->getTerminator();
    if (thenFalls)
      b_.CreateBr(endBB);
    std::vector<bool> afterThen = std::move(cur_->known);
    cur_->known = before;
    b_.SetInsertPoint(elseBB);
    genBlock(s.elseBody);
    bool elseFalls = !b_.GetInsertBlock()->getTerminator();
    if (elseFalls)
      b_.CreateBr(endBB);
    b_.SetInsertPoint(endBB);
    // What is assigned on every path that reaches if.end.
    if (thenFalls && elseFalls) {
      for (size_t i = 0; i < cur_->known.size(); ++i)
        cur_->known[i] = cur_->known[i] && afterThen[i];
    } else if (thenFalls) {
      cur_->known = std::move(afterThen);
    } else if (!elseFalls) {
      cur_->known = std::move(before); // if.end is unreachable
    }
    return;
  }
  case Stmt::Kind::While: {
    auto &s = cast<WhileStmt>(stmt);
    llvm::BasicBlock *condBB = newBlock("while.cond");
    llvm::BasicBlock *bodyBB = newBlock("while.body");
    llvm::BasicBlock *elseBB = newBlock("while.else");
    llvm::BasicBlock *endBB = newBlock("while.end");
    b_.CreateBr(condBB);
    b_.SetInsertPoint(condBB);
    b_.CreateCondBr(truthy(genExpr(*s.cond), s.cond->type), bodyBB, elseBB);
    b_.SetInsertPoint(bodyBB);
    std::vector<bool> entry = cur_->known;
    genLoopBody(s.body, condBB, endBB);
    cur_->known = std::move(entry); // the else runs after zero or more iterations
    if (!b_.GetInsertBlock()->getTerminator())
      b_.CreateBr(condBB);
    b_.SetInsertPoint(elseBB);
    genBlock(s.elseBody);
    if (!b_.GetInsertBlock()->getTerminator())
      b_.CreateBr(endBB);
    b_.SetInsertPoint(endBB);
    return;
  }
  case Stmt::Kind::For:
    genFor(cast<ForStmt>(stmt));
    return;
  case Stmt::Kind::Break:
    genFinallyExits(finalliesOutsideLoop());
    b_.CreateBr(cur_->loops.back().breakTarget);
    startDeadBlock();
    return;
  case Stmt::Kind::Continue:
    genFinallyExits(finalliesOutsideLoop());
    b_.CreateBr(cur_->loops.back().continueTarget);
    startDeadBlock();
    return;
  case Stmt::Kind::Pass:
    return;
  case Stmt::Kind::Del:
    // CPython raises UnboundLocalError for a name already unbound.
    for (const ExprPtr &t : cast<DelStmt>(stmt).targets) {
      if (auto *item = dyn_cast<SubscriptExpr>(t.get())) {
        genListDelete(*item);
        continue;
      }
      int index = cast<NameExpr>(*t).localIndex;
      checkBound(index, t->loc());
      b_.CreateStore(b_.getFalse(), cur_->bound[index]);
      cur_->known[index] = false;
    }
    return;
  case Stmt::Kind::Return: {
    auto &s = cast<ReturnStmt>(stmt);
    if (s.value && cur_->def->rankGeneric) {
      storeRankGenericCoords(*s.value);
    } else if (s.value && cur_->def->returnType == Type::Tuple &&
               cur_->def->fkind == FunctionKind::Transform) {
      // A transform's coordinates: a fixed-size array of doubles.
      llvm::Value *tuple = genExpr(*s.value);
      for (unsigned i = 0; i < cur_->def->returnArity; ++i)
        b_.CreateStore(coerce(b_.CreateExtractValue(tuple, i), Type::Float, nullptr, s.loc()),
                       b_.CreateConstGEP1_64(b_.getDoubleTy(), cur_->result, i));
    } else if (s.value && cur_->def->returnType == Type::Tuple) {
      b_.CreateStore(coerce(genExpr(*s.value), Type::Tuple, cur_->def->returnShape, s.loc()), cur_->result);
    } else if (s.value && cur_->result) {
      b_.CreateStore(genExprAs(*s.value, cur_->def->returnType), cur_->result);
    } else if (s.value && isa<CallExpr>(s.value.get())) {
      genExpr(*s.value); // `return g(s, x)` of a g returning None: it still runs
    }
    genFinallyExits(0); // the value is computed before the finally blocks run
    b_.CreateRet(b_.getTrue());
    startDeadBlock();
    return;
  }
  case Stmt::Kind::Raise:
    genRaise(cast<RaiseStmt>(stmt));
    return;
  case Stmt::Kind::Assert:
    genAssert(cast<AssertStmt>(stmt));
    return;
  case Stmt::Kind::Unsupported:
    throw InternalError("unsupported statement reached code generation");
  }
}

/// `x op= v` is `x = x op v` with the target evaluated once; an element
/// target (`oline[i] += v`) computes its address once.
void IRGen::genAugAssign(const AugAssignStmt &s) {
  if (genContainerAugAssign(s))
    return;
  if (auto *sub = dyn_cast<SubscriptExpr>(s.target.get());
      sub && isArray(sub->type) && isWindow(*sub->value)) {
    genViewAugAssign(s, *sub); // g[i, :] += v
    return;
  }
  llvm::Value *lhs;
  llvm::Value *elementAddress = nullptr;
  Type lhsType = s.target->type;
  if (auto *sub = dyn_cast<SubscriptExpr>(s.target.get())) {
    lhsType = elementType(sub->value->type);
    if (isWindow(*sub->value)) // g[i, j] += v of a 2-D array
      elementAddress = windowElementAddress(*sub);
    else
      elementAddress = elementPtr(genExpr(*sub->value), genIndex(*sub->index, sub->value->type),
                                  sub->index->loc(), lhsType, sub->value->type);
    lhs = b_.CreateLoad(elementStorageType(lhsType), elementAddress);
    if (lhsType == Type::Bool)
      lhs = b_.CreateICmpNE(lhs, b_.getInt8(0));
  } else {
    auto &name = cast<NameExpr>(*s.target);
    lhs = loadLocal(name.localIndex, name.loc());
    lhsType = cur_->def->locals.at(name.localIndex).type;
  }
  llvm::Value *rhs = genExpr(*s.value);
  Type rhsType = s.value->type;
  Type opType = s.resultType;
  bool pythonOperands = !elementAddress && !s.target->mayBeNumpy && !s.value->mayBeNumpy;
  llvm::Value *result =
      genArith(s.op, lhs, lhsType, rhs, rhsType, opType, s.loc(), pythonOperands,
               (lhsType == Type::Bool && (elementAddress || s.target->mayBeNumpy)) ||
                   (rhsType == Type::Bool && s.value->mayBeNumpy));
  if (elementAddress && lhsType == Type::Bool)
    b_.CreateStore(b_.CreateZExt(convert(result, opType, Type::Bool), b_.getInt8Ty()),
                   elementAddress);
  else if (elementAddress)
    b_.CreateStore(storedAs(result, opType, lhsType, s.loc()), elementAddress);
  else
    storeLocal(cast<NameExpr>(*s.target).localIndex, result, opType);
}

/// `for v in array` walks indices 0..len-1; the loop variable is an
/// ordinary local, so it keeps its last value after the loop as in Python.
void IRGen::genFor(const ForStmt &s) {
  if (genContainerFor(s))
    return;
  auto *call = dyn_cast<CallExpr>(s.iter.get());
  if (call && !call->target && call->builtin == "range" && isa<NameExpr>(s.target.get())) {
    genRangeFor(s, *call);
    return;
  }
  if (isWindow(*s.iter)) {
    genWindowFor(s);
    return;
  }
  if (!isa<NameExpr>(s.target.get()) || s.iter->type == Type::Tuple ||
      s.iter->type == Type::TupleList ||
      (call && !call->target &&
       (call->builtin == "enumerate" || call->builtin == "zip" || call->builtin == "reversed"))) {
    genIterFor(s);
    return;
  }
  auto &target = cast<NameExpr>(*s.target);
  if (Iterable live; liveIterable(s, live)) {
    genForLoop(
        s, nullptr, "for", LoopBound::Signed, LoopHint::NoRuntimeUnroll,
        [&](llvm::Value *k) {
          storeLocal(target.localIndex, live.at(k), live.type);
          markAssigned(target);
        },
        nullptr, live.liveLen);
    return;
  }
  ArrayGen gen = genArray(*s.iter);
  genForLoop(s, gen.len, "for", LoopBound::Signed, LoopHint::NoRuntimeUnroll, [&](llvm::Value *k) {
    storeLocal(target.localIndex, gen.at(k), gen.elem);
    markAssigned(target);
  });
}

int IRGen::liveList(const Expr &iter, const Block &body) {
  auto *name = dyn_cast<NameExpr>(&iter);
  if (!name || name->ref != NameRef::Local ||
      !(isList(name->type) || name->type == Type::TupleList))
    return -1;
  int local = name->localIndex;
  if (!cur_->def->locals[local].grows)
    return -1; // its length never changes
  // `a = ...` in the body rebinds the name: the loop keeps walking the old
  // list, as its snapshot does.
  bool rebinds = false;
  std::function<void(const Expr *)> names = [&](const Expr *t) {
    if (auto *n = dyn_cast<NameExpr>(t); n && n->ref == NameRef::Local && n->localIndex == local)
      rebinds = true;
    if (auto *tuple = dyn_cast<TupleExpr>(t))
      for (const ExprPtr &x : tuple->elements)
        names(x.get());
  };
  std::function<void(const Block &)> scan = [&](const Block &block) {
    for (const StmtPtr &st : block) {
      if (auto *a = dyn_cast<AssignStmt>(st.get()))
        for (const ExprPtr &t : a->targets)
          names(t.get());
      if (auto *f = dyn_cast<ForStmt>(st.get()))
        names(f->target.get());
      forEachChildBlock(const_cast<Stmt &>(*st), [&](Block &b) { scan(b); });
    }
  };
  scan(body);
  return rebinds ? -1 : local;
}

IRGen::RangeTrip IRGen::rangeTrip(const CallExpr &range) {
  std::vector<llvm::Value *> args;
  for (auto &a : range.args)
    args.push_back(genExprAs(*a, Type::Int));
  llvm::Value *start = args.size() == 1 ? i64(0) : args[0];
  llvm::Value *stop = args.size() == 1 ? args[0] : args[1];
  llvm::Value *step = args.size() == 3 ? args[2] : i64(1);
  if (args.size() == 3)
    check(b_.CreateICmpNE(step, i64(0)), range.args[2]->loc(),
          "ValueError: range() arg 3 must not be zero");
  llvm::Value *up = b_.CreateICmpSGT(step, i64(0));
  // Distance in the direction of travel, and the step's magnitude.
  llvm::Value *dist = b_.CreateSelect(up, b_.CreateSub(stop, start), b_.CreateSub(start, stop));
  llvm::Value *mag = b_.CreateSelect(up, step, b_.CreateSub(i64(0), step));
  llvm::Value *nonEmpty =
      b_.CreateSelect(up, b_.CreateICmpSLT(start, stop), b_.CreateICmpSGT(start, stop));
  llvm::Value *count = b_.CreateSelect(
      nonEmpty, b_.CreateAdd(b_.CreateUDiv(b_.CreateSub(dist, i64(1)), mag), i64(1)), i64(0),
      "count");
  return {start, step, count};
}

/// `for i in range(start, stop, step)`: the trip count first (rangeTrip),
/// then a counter k runs 0..count-1 and i = start + k*step.
void IRGen::genRangeFor(const ForStmt &s, const CallExpr &range) {
  auto &target = cast<NameExpr>(*s.target);
  RangeTrip trip = rangeTrip(range);
  llvm::Value *start = trip.start, *step = trip.step, *count = trip.count;
  genForLoop(s, count, "range", LoopBound::Unsigned, LoopHint::NoRuntimeUnroll,
             [&](llvm::Value *k) {
               storeLocal(target.localIndex, b_.CreateAdd(start, b_.CreateMul(k, step)), Type::Int);
               markAssigned(target);
             });
}

//===----------------------------------------------------------------------===//
// Module
//===----------------------------------------------------------------------===//

} // namespace llcc
