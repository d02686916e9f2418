//===- IRGenWindow.cpp - Windows, masks and index arrays -------------------===//
//
// Lowers the shaped arrays of frontend/Window.h. A window is the
// {data, length, stride} of a one-dimensional array plus its Shape: each
// dimension's extent and step in units of that stride are compile-time
// constants (the first extent may be computed from the length), so an
// index `w[i, j]` becomes data + (i*s0 + j*s1)*unit with s0, s1 constants,
// and a slice `w[1:-1, 1:-1]` only moves the data pointer. Whole-window
// expressions are flat generators in C order (the order numpy's ravel
// gives), which every elementwise operation and reduction of IRGenArray.cpp
// and IRGenReduce.cpp consumes unchanged; sums run in numpy's order for
// n-dimensional operands (memory order, 8192-element buffers from 0.0),
// `axis=` sums pairwise along the inner dimension and left to right along
// the outer one, as numpy's reduction loops do. Masks (`values[m]`) and
// index arrays (`a[idx]`) gather into new arena arrays; `.astype(int)`
// converts as numpy's C casts do.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Builtins.h"
#include "Diagnostics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/Support/Casting.h>

#include <algorithm>
#include <limits>
#include <numeric>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {

/// numpy's reduction buffer: sums of non-contiguous n-dimensional arrays
/// add pairwise sums of this many elements at a time.
constexpr int64_t NumpyBufferSize = 8192;

std::string opOf(const std::string &name) {
  if (name.rfind("method.", 0) == 0 || name.rfind("numpy.", 0) == 0)
    return name.substr(name.find('.') + 1);
  return name;
}

bool isEllipsis(const Expr &e) {
  auto *n = dyn_cast<NameExpr>(&e);
  return n && n->name == "...";
}

bool isSumFamily(const std::string &op) {
  return op == "sum" || op == "mean" || op == "var" || op == "std" || op == "nansum" ||
         op == "nanmean" || op == "nanvar" || op == "nanstd";
}

/// `%` would start a conversion in the formatted messages.
std::string escapePercent(const std::string &s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '%')
      out += '%';
  }
  return out;
}

const Expr *axisArgument(const CallExpr &e, bool method) {
  for (const KeywordArg &k : e.keywords)
    if (k.name == "axis")
      return isa<NoneLiteralExpr>(k.value.get()) ? nullptr : k.value.get();
  size_t want = method ? 1 : 2;
  if (e.args.size() == want && e.builtin != "method.dot" && e.builtin != "numpy.dot")
    return e.args[want - 1].get();
  return nullptr;
}

} // namespace

//===----------------------------------------------------------------------===//
// Runtime errors with numbers in their message
//===----------------------------------------------------------------------===//

/// `void llcc.rt.recordf(ptr fmt, ptr pyfmt, i32 kind, i64, i64, i64)`:
/// formats both messages into thread-local buffers, then records them.
void IRGen::failFormatted(SourceLoc loc, const std::string &format,
                          std::vector<llvm::Value *> ints) {
  llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty(), *i32Ty = b_.getInt32Ty();
  llvm::Function *recordf = mod_->getFunction("llcc.rt.recordf");
  if (!recordf) {
    recordf = llvm::Function::Create(
        llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, i32Ty, i64Ty, i64Ty, i64Ty}, false),
        llvm::GlobalValue::InternalLinkage, "llcc.rt.recordf", mod_.get());
    recordf->addFnAttr(llvm::Attribute::NoInline);
    recordf->addFnAttr(llvm::Attribute::Cold);
    recordf->addFnAttr(llvm::Attribute::NoUnwind);
    llvm::FunctionCallee snprintf = mod_->getOrInsertFunction(
        "snprintf", llvm::FunctionType::get(i32Ty, {ptr, i64Ty, ptr}, true));
    auto *bufTy = llvm::ArrayType::get(b_.getInt8Ty(), 512);
    auto buffer = [&](const char *name) {
      return new llvm::GlobalVariable(*mod_, bufTy, false, llvm::GlobalValue::InternalLinkage,
                                      llvm::ConstantAggregateZero::get(bufTy), name, nullptr,
                                      llvm::GlobalValue::GeneralDynamicTLSModel);
    };
    llvm::GlobalVariable *full = buffer("llcc.error.buf"), *py = buffer("llcc.error.pybuf");
    llvm::IRBuilder<> b(ctx_);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", recordf));
    llvm::Value *fullBuf = b.CreateThreadLocalAddress(full);
    llvm::Value *pyBuf = b.CreateThreadLocalAddress(py);
    auto arg = [&](unsigned i) { return recordf->getArg(i); };
    b.CreateCall(snprintf, {fullBuf, b.getInt64(512), arg(0), arg(3), arg(4), arg(5)});
    b.CreateCall(snprintf, {pyBuf, b.getInt64(512), arg(1), arg(3), arg(4), arg(5)});
    b.CreateCall(recordFn_, {fullBuf, pyBuf, arg(2)});
    b.CreateRetVoid();
  }
  std::string where = escapePercent(file_.path()) + ":" + std::to_string(loc.line) + ":" +
                      std::to_string(loc.col) + ": ";
  std::string text;
  unsigned kind = exceptionKind(format, text);
  while (ints.size() < 3)
    ints.push_back(i64(0));
  b_.CreateCall(recordf, {stringConstant(where + format), stringConstant(where + text),
                          b_.getInt32(kind), ints[0], ints[1], ints[2]});
  b_.CreateRet(b_.getFalse());
}

void IRGen::checkFormatted(llvm::Value *ok, SourceLoc loc, const std::string &format,
                           std::vector<llvm::Value *> ints) {
  if (auto *c = dyn_cast<llvm::ConstantInt>(ok); c && c->isOne())
    return;
  llvm::BasicBlock *cont = newBlock("ok");
  llvm::BasicBlock *bad = newBlock("error");
  b_.CreateCondBr(ok, cont, bad, llvm::MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
  b_.SetInsertPoint(bad);
  failFormatted(loc, format, std::move(ints));
  b_.SetInsertPoint(cont);
}

/// numpy's index check: -n <= i < n, else IndexError naming the axis.
llvm::Value *IRGen::windowIndex(llvm::Value *i, llvm::Value *n, int64_t axis, SourceLoc loc) {
  llvm::Value *adjusted = b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, n), i);
  checkFormatted(b_.CreateICmpULT(adjusted, n), loc,
                 "IndexError: index %lld is out of bounds for axis %lld with size %lld",
                 {i, i64(axis), n});
  return adjusted;
}

//===----------------------------------------------------------------------===//
// Window values
//===----------------------------------------------------------------------===//

IRGen::WindowValue IRGen::windowOf(llvm::Value *array, const Shape &shape) {
  WindowValue w;
  w.data = b_.CreateExtractValue(array, 0);
  w.total = b_.CreateExtractValue(array, 1);
  w.unit = b_.CreateExtractValue(array, 2);
  w.strides = windowStrides(shape);
  for (int64_t d : shape.dims)
    w.extents.push_back(d == RuntimeDim ? b_.CreateUDiv(w.total, i64(staticProduct(shape.dims, 1)))
                                        : i64(d));
  return w;
}

llvm::Value *IRGen::windowAddress(const WindowValue &w, llvm::Value *offset, Type elem) {
  return b_.CreateGEP(elementStorageType(elem), w.data, b_.CreateMul(offset, w.unit));
}

/// A flat generator over a window: C order (ravel's), or numpy's
/// iteration order for sums (ravel's order 'K': dimensions by decreasing
/// absolute step, each walked in its own direction).
IRGen::ArrayGen IRGen::windowGen(llvm::Value *array, const Shape &shape, Type elem,
                                 bool memoryOrder) {
  WindowValue w = windowOf(array, shape);
  size_t rank = shape.dims.size();
  std::vector<size_t> order(rank);
  std::iota(order.begin(), order.end(), 0);
  if (memoryOrder)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t c) {
      return std::abs(w.strides[a]) > std::abs(w.strides[c]);
    });
  ArrayGen g;
  g.len = w.total;
  g.elem = elem;
  g.dims = shape.dims;
  g.at = [this, w, order, elem](llvm::Value *k) {
    llvm::Value *offset = i64(0);
    for (size_t j = order.size(); j-- > 0;) {
      size_t d = order[j];
      llvm::Value *n = w.extents[d];
      llvm::Value *i = j == 0 ? k : b_.CreateURem(k, n);
      if (j != 0)
        k = b_.CreateUDiv(k, n);
      offset = b_.CreateAdd(offset, b_.CreateMul(i, i64(w.strides[d])));
    }
    return loadWindowElement(w, offset, elem);
  };
  if (memoryOrder) {
    // Dimensions that coalesce into one run (each step the next one's
    // times its extent) are summed by numpy as one array; otherwise it
    // sums buffer by buffer.
    bool dense = true;
    int64_t inner = 0, innerExtent = 1;
    for (size_t j = rank; j-- > 0;) {
      size_t d = order[j];
      if (shape.dims[d] == 1)
        continue;
      if (inner != 0)
        dense &= w.strides[d] == inner * innerExtent;
      if (shape.dims[d] == RuntimeDim)
        dense &= j == 0;
      inner = w.strides[d];
      innerExtent = shape.dims[d];
    }
    g.chunk = dense ? b_.CreateAdd(w.total, i64(1)) : i64(NumpyBufferSize);
  }
  return g;
}

llvm::Value *IRGen::loadWindowElement(const WindowValue &w, llvm::Value *offset, Type elem) {
  llvm::Value *v = b_.CreateLoad(elementStorageType(elem), windowAddress(w, offset, elem));
  return elem == Type::Bool ? b_.CreateICmpNE(v, b_.getInt8(0)) : v;
}

/// `w[i, j]`, `w[1:-1, :2]`, `w[:, j]`, `w[i]`: a view (or one element),
/// after numpy's bounds checks.
llvm::Value *IRGen::genWindowSubscript(const SubscriptExpr &e) {
  const Shape &shape = *e.value->shape;
  WindowValue w = windowOf(genArrayValue(*e.value), shape);
  WindowIndexing plan = planWindowIndex(shape, *e.index);
  internalCheck(plan.error.empty(), "window subscript that Sema refused");
  Type elem = elementType(e.value->type);
  llvm::Value *offset = i64(0);
  llvm::Value *data = w.data;
  std::vector<llvm::Value *> extents;
  for (size_t k = 0; k < plan.axes.size(); ++k) {
    const WindowAxis &axis = plan.axes[k];
    if (axis.kind == WindowAxis::Kind::Index) {
      llvm::Value *i = genIndex(*axis.index, e.value->type);
      i = windowIndex(i, w.extents[k], static_cast<int64_t>(k), axis.index->loc());
      offset = b_.CreateAdd(offset, b_.CreateMul(i, i64(w.strides[k])));
    } else if (axis.slice) {
      // The run-time first dimension: Python's rules on its extent.
      llvm::Value *view = genSlice(
          makeArray(data, w.extents[k], b_.CreateMul(i64(w.strides[k]), w.unit)), *axis.slice,
          elem);
      data = b_.CreateExtractValue(view, 0);
      extents.push_back(b_.CreateExtractValue(view, 1));
    } else {
      offset = b_.CreateAdd(offset, i64(axis.start * w.strides[k]));
      extents.push_back(i64(axis.extent));
    }
  }
  WindowValue v = w;
  v.data = data;
  if (plan.dims.empty())
    return loadWindowElement(v, offset, elem);
  llvm::Value *start = windowAddress(v, offset, elem);
  if (plan.dims.size() == 1)
    return makeArray(start, extents[0], b_.CreateMul(i64(plan.strides[0]), w.unit));
  llvm::Value *total = i64(1);
  for (llvm::Value *x : extents)
    total = b_.CreateMul(total, x);
  return makeArray(start, total, w.unit);
}

/// `values[mask]` (the elements where the mask is true, in order) and
/// `a[idx]` (the elements at the indices): new one-dimensional arrays.
llvm::Value *IRGen::genArrayIndex(const SubscriptExpr &e) {
  ArrayGen a = genArray(*e.value);
  ArrayGen m = genArray(*e.index);
  Type elem = elementType(e.type);
  SourceLoc loc = e.index->loc();
  if (m.elem == Type::Bool) {
    checkFormatted(b_.CreateICmpEQ(a.len, m.len), loc,
                   "IndexError: boolean index did not match indexed array along dimension 0; "
                   "dimension is %lld but corresponding boolean dimension is %lld",
                   {a.len, m.len});
    llvm::Value *out = allocArray(a.len, elem, e.loc());
    llvm::AllocaInst *count = entryAlloca(b_.getInt64Ty(), "mask.count");
    b_.CreateStore(i64(0), count);
    forRange(i64(0), a.len, [&](llvm::Value *i) {
      llvm::Value *keep = m.at(i);
      llvm::BasicBlock *store = newBlock("mask.keep");
      llvm::BasicBlock *next = newBlock("mask.next");
      b_.CreateCondBr(keep, store, next);
      b_.SetInsertPoint(store);
      llvm::Value *c = b_.CreateLoad(b_.getInt64Ty(), count);
      storeElement(out, c, a.at(i), elem);
      b_.CreateStore(b_.CreateAdd(c, i64(1)), count);
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
    });
    return b_.CreateInsertValue(out, b_.CreateLoad(b_.getInt64Ty(), count), 1);
  }
  llvm::Value *out = allocArray(m.len, elem, e.loc());
  forRange(i64(0), m.len, [&](llvm::Value *i) {
    llvm::Value *j = convert(m.at(i), m.elem, Type::Int);
    j = windowIndex(j, a.len, 0, loc);
    storeElement(out, i, a.at(j), elem);
  });
  return out;
}

//===----------------------------------------------------------------------===//
// Hooks from the generic lowering
//===----------------------------------------------------------------------===//

/// `np.zeros(n, dtype=...)` and the other constructors with a dtype.
bool IRGen::typedConstructor(const CallExpr &e) {
  if (e.builtin != "numpy.zeros" && e.builtin != "numpy.ones" && e.builtin != "numpy.empty" &&
      e.builtin != "numpy.full")
    return false;
  for (const KeywordArg &k : e.keywords)
    if (k.name == "dtype")
      return true;
  return false;
}

bool IRGen::isWindowCall(const CallExpr &e) {
  static const char *const Names[] = {
      "method.reshape", "numpy.reshape", "method.transpose", "numpy.transpose", "method.ravel",
      "numpy.ravel",    "method.flatten", "method.astype",   "method.dot",      "numpy.dot",
      "numpy.matmul",   "numpy.outer",   "numpy.size",      "numpy.ndim"};
  for (const char *n : Names)
    if (e.builtin == n)
      return true;
  bool method = e.builtin.rfind("method.", 0) == 0;
  if (typedConstructor(e))
    return true;
  if (isArray(e.type) && !e.target && axisArgument(e, method) &&
      (method || e.builtin.rfind("numpy.", 0) == 0) &&
      (method ? !e.args.empty() || !e.keywords.empty() : e.args.size() >= 1)) {
    const Expr *object = method ? cast<AttributeExpr>(*e.callee).value.get() : e.args[0].get();
    return isWindow(*object);
  }
  return false;
}

/// An array expression of this file's kinds as an array in memory, or
/// null when it is not one.
llvm::Value *IRGen::genWindowArrayValue(const Expr &e) {
  if (auto *s = dyn_cast<SubscriptExpr>(&e)) {
    if (isArray(s->index->type))
      return genArrayIndex(*s);
    if (isWindow(*s->value) && !isEllipsis(*s->index))
      return genWindowSubscript(*s);
    return nullptr;
  }
  if (auto *a = dyn_cast<AttributeExpr>(&e); a && a->attr == "T")
    return genArrayValue(*a->value); // the same memory; the shape says how
  if (auto *b = dyn_cast<BinaryExpr>(&e); b && b->op == BinaryOp::MatMul)
    return genProduct(e, "dot", *b->lhs, *b->rhs);
  if (auto *c = dyn_cast<CallExpr>(&e); c && isWindowCall(*c)) {
    llvm::Value *out = nullptr;
    genWindowCall(*c, out);
    return out;
  }
  return nullptr;
}

/// The flat generator of a window-valued expression held in memory, or
/// of any expression this file lowers; false for the others.
bool IRGen::genWindowArray(const Expr &e, ArrayGen &out) {
  bool mine = isa<NameExpr>(&e) || isa<SubscriptExpr>(&e) || isa<AttributeExpr>(&e) ||
              (isa<CallExpr>(&e) && isWindowCall(cast<CallExpr>(e))) ||
              (isa<BinaryExpr>(&e) && cast<BinaryExpr>(e).op == BinaryOp::MatMul);
  if (!mine)
    return false;
  if (isWindow(e)) {
    out = windowGen(genArrayValue(e), *e.shape, elementType(e.type), false);
    return true;
  }
  if (isa<NameExpr>(&e) || (isa<SubscriptExpr>(&e) && !isArray(cast<SubscriptExpr>(e).index->type) &&
                            !isWindow(*cast<SubscriptExpr>(e).value)))
    return false;
  out = memoryGen(genArrayValue(e), elementType(e.type));
  if (e.shape && e.shape->dims.size() == 1)
    out.len = i64(e.shape->dims[0]); // a row or column: broadcasts against windows
  return true;
}

/// `w[i, j]` (an element) and `w.shape[k]`; null for other subscripts.
llvm::Value *IRGen::genWindowElement(const SubscriptExpr &e) {
  if (e.value->type == Type::Tuple) {
    auto &attr = cast<AttributeExpr>(*e.value);
    if (!isWindow(*attr.value))
      return nullptr;
    int64_t rank = static_cast<int64_t>(attr.value->shape->dims.size());
    int64_t k = 0;
    if (auto *lit = dyn_cast<IntLiteralExpr>(e.index.get()))
      k = lit->value;
    else if (auto *u = dyn_cast<UnaryExpr>(e.index.get()))
      k = -cast<IntLiteralExpr>(*u->operand).value;
    if (k < 0)
      k += rank;
    return windowOf(genArrayValue(*attr.value), *attr.value->shape).extents[k];
  }
  if (isWindow(*e.value) && !isArray(e.type))
    return genWindowSubscript(e);
  return nullptr;
}

/// `a.ndim`, `w.T`; null for other attributes.
llvm::Value *IRGen::genWindowAttribute(const AttributeExpr &e) {
  if (e.attr == "ndim")
    return i64(isWindow(*e.value) ? static_cast<int64_t>(e.value->shape->dims.size()) : 1);
  if (e.attr == "T")
    return genArrayValue(e);
  return nullptr;
}

/// `for row in w:` binds each row, a view.
void IRGen::genWindowFor(const ForStmt &s) {
  auto &target = cast<NameExpr>(*s.target);
  const Shape &shape = *s.iter->shape;
  WindowValue w = windowOf(genArrayValue(*s.iter), shape);
  Type elem = elementType(s.iter->type);
  llvm::Value *rows = w.extents[0];
  llvm::Value *rowTotal = i64(1);
  for (size_t k = 1; k < w.extents.size(); ++k)
    rowTotal = b_.CreateMul(rowTotal, w.extents[k]);
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  llvm::BasicBlock *condBB = newBlock("rows.cond");
  llvm::BasicBlock *bodyBB = newBlock("rows.body");
  llvm::BasicBlock *stepBB = newBlock("rows.step");
  llvm::BasicBlock *elseBB = newBlock("rows.else");
  llvm::BasicBlock *endBB = newBlock("rows.end");
  b_.CreateBr(condBB);
  b_.SetInsertPoint(condBB);
  llvm::PHINode *r = b_.CreatePHI(b_.getInt64Ty(), 2, "row");
  r->addIncoming(i64(0), pre);
  b_.CreateCondBr(b_.CreateICmpSLT(r, rows), bodyBB, elseBB);
  b_.SetInsertPoint(bodyBB);
  llvm::Value *start = windowAddress(w, b_.CreateMul(r, i64(w.strides[0])), elem);
  llvm::Value *row = shape.dims.size() == 2
                         ? makeArray(start, w.extents[1], b_.CreateMul(i64(w.strides[1]), w.unit))
                         : makeArray(start, rowTotal, w.unit);
  storeLocal(target.localIndex, row, s.iter->type);
  loops_.push_back({stepBB, endBB});
  genBlock(s.body);
  loops_.pop_back();
  if (!b_.GetInsertBlock()->getTerminator())
    b_.CreateBr(stepBB);
  b_.SetInsertPoint(stepBB);
  r->addIncoming(b_.CreateAdd(r, i64(1), "row.next", true, true), stepBB);
  noRuntimeUnroll(b_.CreateBr(condBB));
  b_.SetInsertPoint(elseBB);
  genBlock(s.elseBody);
  if (!b_.GetInsertBlock()->getTerminator())
    b_.CreateBr(endBB);
  b_.SetInsertPoint(endBB);
}

/// numpy's sum of an n-dimensional operand: from 0.0, a pairwise sum per
/// buffer of g.chunk elements in memory order.
llvm::Value *IRGen::chunkedPairwiseSum(const ArrayGen &g, SourceLoc loc) {
  ArrayGen plain = g;
  plain.chunk = nullptr;
  plain.memory = nullptr;
  llvm::Type *dbl = b_.getDoubleTy();
  llvm::BasicBlock *one = newBlock("sum.one");
  llvm::BasicBlock *many = newBlock("sum.buffers");
  llvm::BasicBlock *done = newBlock("sum.done");
  b_.CreateCondBr(b_.CreateICmpSLE(g.len, g.chunk), one, many);
  b_.SetInsertPoint(one);
  llvm::Value *whole = b_.CreateFAdd(f64(0.0), pairwiseSum(plain, loc));
  llvm::BasicBlock *oneEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(many);
  llvm::AllocaInst *acc = entryAlloca(dbl, "sum.acc");
  b_.CreateStore(f64(0.0), acc);
  llvm::Value *chunks = b_.CreateUDiv(b_.CreateAdd(g.len, b_.CreateSub(g.chunk, i64(1))), g.chunk);
  forRange(i64(0), chunks, [&](llvm::Value *c) {
    llvm::Value *first = b_.CreateMul(c, g.chunk);
    llvm::Value *left = b_.CreateSub(g.len, first);
    ArrayGen part = plain;
    part.len = b_.CreateSelect(b_.CreateICmpSLT(left, g.chunk), left, g.chunk);
    auto at = plain.at;
    part.at = [this, at, first](llvm::Value *i) { return at(b_.CreateAdd(first, i)); };
    b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(dbl, acc), pairwiseSum(part, loc)), acc);
  });
  llvm::Value *buffered = b_.CreateLoad(dbl, acc);
  llvm::BasicBlock *manyEnd = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *sum = b_.CreatePHI(dbl, 2, "sum");
  sum->addIncoming(whole, oneEnd);
  sum->addIncoming(buffered, manyEnd);
  return sum;
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

/// `a.astype(int)` etc.: a new array, converted as numpy's C casts do
/// (float to int truncates; NaN and out-of-range values give INT64_MIN, as
/// x86's conversion; float to bool is `x != 0`, true for NaN).
llvm::Value *IRGen::genAstype(const CallExpr &e, const Expr &object) {
  ArrayGen g = genArray(object);
  Type from = g.elem, to = elementType(e.type);
  ArrayGen conv = g;
  conv.elem = to;
  conv.at = [this, g, from, to](llvm::Value *i) -> llvm::Value * {
    llvm::Value *x = g.at(i);
    if (from == to)
      return x;
    if (to == Type::Bool)
      return from == Type::Float ? b_.CreateFCmpUNE(x, f64(0.0))
                                 : b_.CreateICmpNE(convert(x, from, Type::Int), i64(0));
    if (to == Type::Float)
      return convert(x, from, Type::Float);
    if (from == Type::Bool)
      return b_.CreateZExt(x, b_.getInt64Ty());
    llvm::Value *inRange = b_.CreateAnd(b_.CreateFCmpOGE(x, f64(-9223372036854775808.0)),
                                        b_.CreateFCmpOLT(x, f64(9223372036854775808.0)));
    llvm::Value *safe = b_.CreateSelect(inRange, x, f64(0.0));
    return b_.CreateSelect(inRange, b_.CreateFPToSI(safe, b_.getInt64Ty()),
                           i64(std::numeric_limits<int64_t>::min()));
  };
  conv.memory = nullptr;
  conv.chunk = nullptr;
  return materializeAs(conv, e);
}

/// A new array for an expression: C order, or for a window whose numpy
/// layout is another (computed from transposed operands), element k of the
/// C-order generator stored where that layout puts it.
llvm::Value *IRGen::materializeAs(const ArrayGen &g, const Expr &e) {
  if (!isWindow(e) || e.shape->strides.empty())
    return materialize(g, e.loc());
  const Shape &shape = *e.shape;
  llvm::Value *array = allocArray(g.len, g.elem, e.loc());
  WindowValue w = windowOf(array, shape);
  forRange(i64(0), g.len, [&](llvm::Value *k) {
    llvm::Value *rest = k, *offset = i64(0);
    for (size_t d = shape.dims.size(); d-- > 0;) {
      llvm::Value *i = d == 0 ? rest : b_.CreateURem(rest, w.extents[d]);
      if (d != 0)
        rest = b_.CreateUDiv(rest, w.extents[d]);
      offset = b_.CreateAdd(offset, b_.CreateMul(i, i64(w.strides[d])));
    }
    storeElement(array, offset, g.at(k), g.elem);
  });
  return array;
}

/// `np.dot(a, b)`, `a @ b`, `a.dot(b)`: sums of products left to right
/// from 0.0 (as the reference BLAS numpy calls here computes them);
/// `np.outer(a, b)`: a window of products.
llvm::Value *IRGen::genProduct(const Expr &e, const std::string &op, const Expr &a,
                               const Expr &c) {
  ArrayGen ga = genArray(a), gc = genArray(c);
  auto f = [&](const ArrayGen &g, llvm::Value *i) { return convert(g.at(i), g.elem, Type::Float); };
  if (op == "outer") {
    int64_t m = c.shape->dims[0];
    ArrayGen g;
    g.len = b_.CreateMul(ga.len, gc.len);
    g.elem = Type::Float;
    g.at = [this, ga, gc, m, f](llvm::Value *k) {
      return b_.CreateFMul(f(ga, b_.CreateUDiv(k, i64(m))), f(gc, b_.CreateURem(k, i64(m))));
    };
    return materialize(g, e.loc());
  }
  bool matmul = isa<BinaryExpr>(&e) || (isa<CallExpr>(&e) && cast<CallExpr>(e).builtin == "numpy.matmul");
  size_t ra = isWindow(a) ? 2 : 1, rc = isWindow(c) ? 2 : 1;
  llvm::Value *rowsA = ra == 2 ? windowOf(genArrayValue(a), *a.shape).extents[0] : i64(1);
  llvm::Value *k = ra == 2 ? windowOf(genArrayValue(a), *a.shape).extents[1] : ga.len;
  llvm::Value *kc = rc == 2 ? windowOf(genArrayValue(c), *c.shape).extents[0] : gc.len;
  llvm::Value *cols = rc == 2 ? windowOf(genArrayValue(c), *c.shape).extents[1] : i64(1);
  if (matmul)
    checkFormatted(b_.CreateICmpEQ(k, kc), e.loc(),
                   "ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0, "
                   "with gufunc signature (n?,k),(k,m?)->(n?,m?) (size %lld is different from "
                   "%lld)",
                   {kc, k});
  else if (ra == 1)
    checkFormatted(b_.CreateICmpEQ(k, kc), e.loc(),
                   "ValueError: shapes (%lld,) and (%lld,) not aligned: %lld (dim 0) != %lld "
                   "(dim 0)",
                   {k, kc, k});
  else
    checkFormatted(b_.CreateICmpEQ(k, kc), e.loc(),
                   rc == 1 ? "ValueError: shapes (%lld,%lld) and (%lld,) not aligned: %lld (dim 1) "
                             "!= %lld (dim 0)"
                           : "ValueError: shapes (%lld,%lld) and (%lld,...) not aligned",
                   {rowsA, k, kc});
  // Element (i, j) of the result: row i of a times column j of c.
  auto dot = [this, ga, gc, k, cols, ra, rc, f](llvm::Value *i, llvm::Value *j) {
    llvm::AllocaInst *acc = entryAlloca(b_.getDoubleTy(), "dot");
    b_.CreateStore(f64(0.0), acc);
    forRange(i64(0), k, [&](llvm::Value *l) {
      llvm::Value *x = f(ga, ra == 2 ? b_.CreateAdd(b_.CreateMul(i, k), l) : l);
      llvm::Value *y = f(gc, rc == 2 ? b_.CreateAdd(b_.CreateMul(l, cols), j) : l);
      b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(b_.getDoubleTy(), acc), b_.CreateFMul(x, y)),
                     acc);
    });
    return b_.CreateLoad(b_.getDoubleTy(), acc);
  };
  if (ra == 1)
    return dot(i64(0), i64(0));
  llvm::Value *out = allocArray(b_.CreateMul(rowsA, cols), Type::Float, e.loc());
  forRange(i64(0), rowsA, [&](llvm::Value *i) {
    forRange(i64(0), cols, [&](llvm::Value *j) {
      storeElement(out, b_.CreateAdd(b_.CreateMul(i, cols), j), dot(i, j), Type::Float);
    });
  });
  return out;
}

/// `w.sum(axis=0)`, `np.mean(w, axis=1)`, ...: one result per column (or
/// row). Sums are pairwise along a dimension that is inner in memory (or
/// when the other has one element), else left to right, as numpy's
/// reduction loops run; all from 0.0.
llvm::Value *IRGen::genAxisReduction(const CallExpr &e, const std::string &op, const Expr &array,
                                     const Expr &axisExpr) {
  const Shape &shape = *array.shape;
  WindowValue w = windowOf(genArrayValue(array), shape);
  int64_t axis = 0;
  if (auto *lit = dyn_cast<IntLiteralExpr>(&axisExpr))
    axis = lit->value;
  else
    axis = -cast<IntLiteralExpr>(*cast<UnaryExpr>(axisExpr).operand).value;
  if (axis < 0)
    axis += 2;
  int64_t other = 1 - axis;
  Type elem = elementType(array.type);
  Type outElem = elementType(e.type);
  llvm::Value *n = w.extents[axis], *kept = w.extents[other];
  bool pairwise = std::abs(w.strides[axis]) <= std::abs(w.strides[other]) ||
                  shape.dims[other] == 1 || shape.dims[axis] == 1;
  llvm::Value *out = allocArray(kept, outElem, e.loc());
  llvm::Value *ddof = i64(0);
  for (const KeywordArg &k : e.keywords)
    if (k.name == "ddof")
      ddof = genExprAs(*k.value, Type::Int);
  llvm::Type *dbl = b_.getDoubleTy();
  forRange(i64(0), kept, [&](llvm::Value *j) {
    ArrayGen line;
    line.len = n;
    line.elem = elem;
    line.at = [this, w, axis, other, j, elem](llvm::Value *i) {
      llvm::Value *offset = b_.CreateAdd(b_.CreateMul(i, i64(w.strides[axis])),
                                         b_.CreateMul(j, i64(w.strides[other])));
      return loadWindowElement(w, offset, elem);
    };
    auto asFloat = [this, elem](llvm::Value *x) { return convert(x, elem, Type::Float); };
    auto floatSum = [&](const std::function<llvm::Value *(llvm::Value *)> &at) {
      if (pairwise) {
        ArrayGen g{n, at, Type::Float};
        return b_.CreateFAdd(f64(0.0), pairwiseSum(g, e.loc()));
      }
      llvm::AllocaInst *acc = entryAlloca(dbl, "axis.sum");
      b_.CreateStore(f64(0.0), acc);
      forRange(i64(0), n, [&](llvm::Value *i) {
        b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(dbl, acc), at(i)), acc);
      });
      return static_cast<llvm::Value *>(b_.CreateLoad(dbl, acc));
    };
    llvm::Value *result = nullptr;
    if (op == "min" || op == "max") {
      // numpy's scan: NaN propagates; ties keep the first.
      check(b_.CreateICmpSGT(n, i64(0)), e.loc(),
            std::string("ValueError: zero-size array to reduction operation ") +
                (op == "min" ? "minimum" : "maximum") + " which has no identity");
      bool lowest = op == "min";
      llvm::Type *ty = elementStorageType(outElem == Type::Int ? Type::Int : Type::Float);
      auto value = [&](llvm::Value *i) {
        return convert(line.at(i), elem, outElem == Type::Int ? Type::Int : Type::Float);
      };
      llvm::AllocaInst *best = entryAlloca(ty, "axis.best");
      b_.CreateStore(value(i64(0)), best);
      forRange(i64(1), n, [&](llvm::Value *i) {
        llvm::Value *x = value(i);
        llvm::Value *cur = b_.CreateLoad(ty, best);
        llvm::Value *take;
        if (outElem == Type::Int)
          take = lowest ? b_.CreateICmpSLT(x, cur) : b_.CreateICmpSGT(x, cur);
        else
          take = b_.CreateAnd(b_.CreateFCmpORD(cur, cur),
                              b_.CreateOr(lowest ? b_.CreateFCmpOLT(x, cur)
                                                 : b_.CreateFCmpOGT(x, cur),
                                          b_.CreateFCmpUNO(x, x)));
        b_.CreateStore(b_.CreateSelect(take, x, cur), best);
      });
      result = b_.CreateLoad(ty, best);
    } else if (outElem == Type::Int) {
      // Sums and products of ints and bools: numpy's wrapping int64.
      bool product = op == "prod";
      llvm::AllocaInst *acc = entryAlloca(b_.getInt64Ty(), "axis.int");
      b_.CreateStore(i64(product ? 1 : 0), acc);
      forRange(i64(0), n, [&](llvm::Value *i) {
        llvm::Value *x = convert(line.at(i), elem, Type::Int);
        b_.CreateStore(numpyIntArith(product ? BinaryOp::Mul : BinaryOp::Add,
                                     b_.CreateLoad(b_.getInt64Ty(), acc), x),
                       acc);
      });
      result = b_.CreateLoad(b_.getInt64Ty(), acc);
    } else if (op == "prod") {
      llvm::AllocaInst *acc = entryAlloca(dbl, "axis.prod");
      b_.CreateStore(f64(1.0), acc);
      forRange(i64(0), n, [&](llvm::Value *i) {
        b_.CreateStore(b_.CreateFMul(b_.CreateLoad(dbl, acc), asFloat(line.at(i))), acc);
      });
      result = b_.CreateLoad(dbl, acc);
    } else {
      llvm::Value *total = floatSum([&](llvm::Value *i) { return asFloat(line.at(i)); });
      result = total;
      if (op != "sum") {
        llvm::Value *mean = b_.CreateFDiv(total, b_.CreateSIToFP(n, dbl));
        result = mean;
        if (op == "var" || op == "std") {
          llvm::Value *ss = floatSum([&](llvm::Value *i) {
            llvm::Value *d = b_.CreateFSub(asFloat(line.at(i)), mean);
            return b_.CreateFMul(d, d);
          });
          llvm::Value *dof = b_.CreateSub(n, ddof);
          llvm::Value *rcount = b_.CreateSelect(b_.CreateICmpSGT(dof, i64(0)), dof, i64(0));
          result = b_.CreateFDiv(ss, b_.CreateSIToFP(rcount, dbl));
          if (op == "std")
            result = b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, result);
        }
      }
    }
    storeElement(out, j, result, outElem);
  });
  return out;
}

/// numpy broadcasting with windows among the operands: the result's
/// dimensions are the operands' aligned on the right (an extent of 1
/// repeats); element k of the result reads each operand at the index its
/// own dimensions give. Operands of the same dimensions as the result read
/// element k itself.
IRGen::ArrayGen IRGen::broadcastWindows(const std::vector<ArrayGen> &ops, SourceLoc loc,
                                        std::function<llvm::Value *(std::vector<llvm::Value *>)> combine,
                                        Type elem) {
  // Each operand's dimensions: a window's own, a 1-D array's length (a
  // constant: Sema refuses others here), none for a number.
  std::vector<std::vector<int64_t>> dims;
  std::vector<int64_t> result;
  llvm::Value *len = nullptr;
  for (const ArrayGen &g : ops) {
    std::vector<int64_t> d = g.dims;
    if (g.len && d.empty()) {
      auto *c = dyn_cast<llvm::ConstantInt>(g.len);
      internalCheck(c != nullptr, "a 1-D operand of unknown length meets a window");
      d = {c->getSExtValue()};
    }
    if (d.size() > result.size())
      result.insert(result.begin(), d.size() - result.size(), 1);
    for (size_t k = 0; k < d.size(); ++k) {
      int64_t &r = result[result.size() - d.size() + k];
      if (r == 1)
        r = d[k];
    }
    if (g.dims == result || (!len && g.dims.size() >= 2))
      len = g.len;
    dims.push_back(d);
  }
  // The element count: from an operand with the result's dimensions.
  for (size_t i = 0; i < ops.size(); ++i)
    if (dims[i] == result && ops[i].len)
      len = ops[i].len;
  if (result[0] != RuntimeDim)
    len = i64(staticProduct(result, 0));
  // Operands that both carry the run-time first dimension must agree.
  for (size_t i = 0; i < ops.size(); ++i)
    if (!dims[i].empty() && dims[i].size() == result.size() && dims[i][0] == RuntimeDim)
      check(b_.CreateICmpEQ(ops[i].len, len), loc,
            "ValueError: operands could not be broadcast together");
  llvm::Value *first = result[0] == RuntimeDim
                           ? b_.CreateUDiv(len, i64(staticProduct(result, 1)))
                           : i64(result[0]);
  auto at = [this, ops, dims, result, first, combine](llvm::Value *k) {
    // The result's index along each dimension, innermost first.
    std::vector<llvm::Value *> idx(result.size());
    llvm::Value *rest = k;
    for (size_t d = result.size(); d-- > 0;) {
      llvm::Value *n = d == 0 ? first : i64(result[d]);
      idx[d] = d == 0 ? rest : b_.CreateURem(rest, n);
      if (d != 0)
        rest = b_.CreateUDiv(rest, n);
    }
    std::vector<llvm::Value *> values;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (!ops[i].len || dims[i] == result) {
        values.push_back(ops[i].at(k));
        continue;
      }
      llvm::Value *flat = i64(0);
      size_t shift = result.size() - dims[i].size();
      int64_t step = 1;
      for (size_t d = dims[i].size(); d-- > 0;) {
        if (dims[i][d] != 1)
          flat = b_.CreateAdd(flat, b_.CreateMul(idx[d + shift], i64(step)));
        step *= dims[i][d] == RuntimeDim ? 1 : dims[i][d];
      }
      values.push_back(ops[i].at(flat));
    }
    return combine(values);
  };
  ArrayGen g{len, at, elem};
  g.dims = result;
  return g;
}

llvm::Value *IRGen::numpyIntArith(BinaryOp op, llvm::Value *a, llvm::Value *c) {
  switch (op) {
  case BinaryOp::Add:
    return b_.CreateAdd(a, c);
  case BinaryOp::Sub:
    return b_.CreateSub(a, c);
  case BinaryOp::Mul:
    return b_.CreateMul(a, c);
  default:
    break;
  }
  // Floor division and modulo with the divisor's sign; a zero divisor
  // gives 0, and -1 is handled apart (INT64_MIN // -1 wraps in numpy).
  llvm::Value *zero = b_.CreateICmpEQ(c, i64(0));
  llvm::Value *minusOne = b_.CreateICmpEQ(c, i64(-1));
  llvm::Value *safe = b_.CreateSelect(b_.CreateOr(zero, minusOne), i64(1), c);
  llvm::Value *q = b_.CreateSDiv(a, safe);
  llvm::Value *r = b_.CreateSRem(a, safe);
  llvm::Value *adjust = b_.CreateAnd(b_.CreateICmpNE(r, i64(0)),
                                     b_.CreateICmpSLT(b_.CreateXor(r, safe), i64(0)));
  if (op == BinaryOp::FloorDiv) {
    llvm::Value *floor = b_.CreateSub(q, b_.CreateZExt(adjust, b_.getInt64Ty()));
    return b_.CreateSelect(zero, i64(0), b_.CreateSelect(minusOne, b_.CreateSub(i64(0), a), floor));
  }
  llvm::Value *mod = b_.CreateSelect(adjust, b_.CreateAdd(r, safe), r);
  return b_.CreateSelect(b_.CreateOr(zero, minusOne), i64(0), mod);
}

bool IRGen::genShapeUnpack(const AssignStmt &s) {
  auto *attr = dyn_cast<AttributeExpr>(s.value.get());
  if (!attr || attr->attr != "shape" || s.value->type != Type::Tuple)
    return false;
  const Expr &array = *attr->value;
  std::vector<llvm::Value *> extents;
  if (isWindow(array))
    extents = windowOf(genArrayValue(array), *array.shape).extents;
  else
    extents = {genArray(array).len};
  for (auto &target : s.targets)
    for (size_t k = 0; k < extents.size(); ++k)
      genAssign(*cast<TupleExpr>(*target).elements[k], extents[k], Type::Int);
  return true;
}

/// The calls of this file (isWindowCall), and sums of windows in numpy's
/// order. False for the others.
bool IRGen::genWindowCall(const CallExpr &e, llvm::Value *&out) {
  bool method = e.builtin.rfind("method.", 0) == 0;
  std::string op = opOf(e.builtin);
  const Expr *object = method ? cast<AttributeExpr>(*e.callee).value.get()
                              : (e.args.empty() ? nullptr : e.args[0].get());
  if (e.builtin == "len" && object && isWindow(*object)) {
    out = windowOf(genArrayValue(*object), *object->shape).extents[0];
    return true;
  }
  if (!isWindowCall(e)) {
    // Sums of windows: memory order, buffered.
    if (!e.target && object && isWindow(*object) && isSumFamily(op) &&
        (method || e.builtin.rfind("numpy.", 0) == 0)) {
      // A computed window in C layout: its elements in order, unstored.
      bool inMemory = isa<NameExpr>(object) || isa<SubscriptExpr>(object) ||
                      isa<AttributeExpr>(object) ||
                      (isa<CallExpr>(object) && isWindowCall(cast<CallExpr>(*object)));
      ArrayGen g;
      if (!inMemory && object->shape->strides.empty()) {
        g = genArray(*object);
        g.chunk = b_.CreateAdd(g.len, i64(1));
      } else {
        g = windowGen(genArrayValue(*object), *object->shape, elementType(object->type), true);
      }
      std::vector<const Expr *> args{object};
      for (size_t i = method ? 0 : 1; i < e.args.size(); ++i)
        args.push_back(e.args[i].get());
      out = genReduction(op, g, e, args);
      return true;
    }
    return false;
  }
  if (op == "size") {
    out = isArray(object->type) ? genArray(*object).len : (genExpr(*object), i64(1));
    return true;
  }
  if (op == "ndim") {
    if (!isArray(object->type))
      genExpr(*object);
    out = i64(!isArray(object->type) ? 0
              : isWindow(*object)   ? static_cast<int64_t>(object->shape->dims.size())
                                    : 1);
    return true;
  }
  if (op == "astype") {
    out = genAstype(e, *object);
    return true;
  }
  if (typedConstructor(e)) {
    // np.zeros(n, dtype=int): as the float constructors, in the dtype's
    // elements (np.full casts its value as numpy's C casts do).
    Type elem = elementType(e.type);
    llvm::Value *n = genExprAs(*e.args[0], Type::Int);
    check(b_.CreateICmpSGE(n, i64(0)), e.args[0]->loc(),
          "ValueError: negative dimensions are not allowed");
    llvm::Value *fill;
    if (op == "full") {
      ArrayGen one = scalarGen(genExpr(*e.args[1]), e.args[1]->type);
      ArrayGen conv = one;
      conv.len = i64(1);
      Type from = one.elem;
      if (elem == Type::Int && from == Type::Float) {
        llvm::Value *x = one.at(i64(0));
        llvm::Value *inRange = b_.CreateAnd(b_.CreateFCmpOGE(x, f64(-9223372036854775808.0)),
                                            b_.CreateFCmpOLT(x, f64(9223372036854775808.0)));
        fill = b_.CreateSelect(inRange,
                               b_.CreateFPToSI(b_.CreateSelect(inRange, x, f64(0.0)),
                                               b_.getInt64Ty()),
                               i64(std::numeric_limits<int64_t>::min()));
      } else if (elem == Type::Bool) {
        fill = from == Type::Float ? b_.CreateFCmpUNE(one.at(i64(0)), f64(0.0))
                                   : b_.CreateICmpNE(convert(one.at(i64(0)), from, Type::Int),
                                                     i64(0));
      } else {
        fill = convert(one.at(i64(0)), from, elem);
      }
    } else {
      bool ones = op == "ones";
      fill = elem == Type::Float ? static_cast<llvm::Value *>(f64(ones ? 1.0 : 0.0))
             : elem == Type::Int ? static_cast<llvm::Value *>(i64(ones ? 1 : 0))
                                 : static_cast<llvm::Value *>(b_.getInt1(ones));
    }
    llvm::Value *array = allocArray(n, elem, e.loc());
    forRange(i64(0), n, [&](llvm::Value *i) { storeElement(array, i, fill, elem); });
    out = array;
    return true;
  }
  if (op == "dot" || op == "matmul" || op == "outer") {
    const Expr &second = method ? *e.args[0] : *e.args[1];
    out = genProduct(e, op == "outer" ? "outer" : "dot", *object, second);
    return true;
  }
  if (op == "ravel" || op == "flatten") {
    out = materialize(genArray(*object), e.loc());
    return true;
  }
  if (op == "transpose") {
    out = genArrayValue(*object);
    return true;
  }
  if (op == "reshape") {
    llvm::Value *array = genArrayValue(*object);
    llvm::Value *total = b_.CreateExtractValue(array, 1);
    std::vector<int64_t> dims = isWindow(e) ? e.shape->dims
                                : e.shape  ? e.shape->dims
                                           : std::vector<int64_t>{RuntimeDim};
    // The dims as written (the shape of a 1-D result forgets a -1).
    std::vector<int64_t> written;
    std::vector<const Expr *> parts;
    if (method)
      for (auto &a : e.args)
        parts.push_back(a.get());
    else
      parts.push_back(e.args[1].get());
    if (parts.size() == 1)
      if (auto *t = dyn_cast<TupleExpr>(parts[0])) {
        parts.clear();
        for (auto &el : t->elements)
          parts.push_back(el.get());
      }
    for (const Expr *p : parts) {
      int64_t d = 0;
      if (auto *lit = dyn_cast<IntLiteralExpr>(p))
        d = lit->value;
      else
        d = -cast<IntLiteralExpr>(*cast<UnaryExpr>(*p).operand).value;
      written.push_back(d);
    }
    (void)dims;
    std::string message = "ValueError: cannot reshape array of size %lld into shape " +
                          numpyShapeText(written);
    int64_t rest = 1;
    for (int64_t d : written)
      rest *= d == -1 ? 1 : d;
    bool inferred = std::find(written.begin(), written.end(), -1) != written.end();
    llvm::Value *ok = inferred ? b_.CreateICmpEQ(b_.CreateURem(total, i64(rest)), i64(0))
                               : b_.CreateICmpEQ(total, i64(rest));
    checkFormatted(ok, e.loc(), message, {total});
    out = array;
    return true;
  }
  // A reduction with an axis.
  const Expr *axisExpr = axisArgument(e, method);
  out = genAxisReduction(e, op, *object, *axisExpr);
  return true;
}

} // namespace llcc
