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
// n-dimensional operands (ravel's order 'K', 8192-element buffers from 0.0),
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

bool isEllipsis(const Expr &e) {
  auto *n = dyn_cast<NameExpr>(&e);
  return n && n->name == "...";
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

const Expr *axisArgumentOf(const CallExpr &e, bool method) {
  for (const KeywordArg &k : e.keywords)
    if (k.name == "axis")
      return isa<NoneLiteralExpr>(k.value.get()) ? nullptr : k.value.get();
  // A positional axis: np.sum(w, 0), w.mean(1); only for the reductions
  // that take one (np.maximum(w, v) and np.hypot(w, v) are elementwise).
  size_t want = method ? 1 : 2;
  std::string op = e.builtin.substr(e.builtin.find('.') + 1);
  if (e.args.size() == want && isAxisReductionOp(op))
    return e.args[want - 1].get();
  return nullptr;
}

} // namespace

const Expr *IRGen::windowAxisArgument(const CallExpr &e, bool method) {
  return axisArgumentOf(e, method);
}

//===----------------------------------------------------------------------===//
// Runtime errors with numbers in their message
//===----------------------------------------------------------------------===//

/// `void llcc.rt.recordf(ptr fmt, ptr pyfmt, i32 kind, i64 x 5)`:
/// formats both messages into thread-local buffers, then records them.
void IRGen::failFormatted(SourceLoc loc, const std::string &format,
                          std::vector<llvm::Value *> ints) {
  llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty(), *i32Ty = b_.getInt32Ty();
  llvm::Function *recordf = mod_->getFunction("llcc.rt.recordf");
  if (!recordf) {
    recordf = llvm::Function::Create(
        llvm::FunctionType::get(
            b_.getVoidTy(), {ptr, ptr, i32Ty, i64Ty, i64Ty, i64Ty, i64Ty, i64Ty, i64Ty}, false),
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
    b.CreateCall(snprintf, {fullBuf, b.getInt64(512), arg(0), arg(3), arg(4), arg(5), arg(6), arg(7)});
    b.CreateCall(snprintf, {pyBuf, b.getInt64(512), arg(1), arg(3), arg(4), arg(5), arg(6), arg(7)});
    b.CreateCall(recordFn_, {fullBuf, pyBuf, arg(2), arg(8)});
    b.CreateRetVoid();
  }
  std::string where = escapePercent(file_.path()) + ":" + std::to_string(loc.line) + ":" +
                      std::to_string(loc.col) + ": ";
  std::string text;
  unsigned kind = exceptionKind(format, text);
  internalCheck(ints.size() <= 5, "a formatted message with more than five numbers");
  while (ints.size() < 5)
    ints.push_back(i64(0));
  b_.CreateCall(recordf, {stringConstant(where + format), stringConstant(where + text),
                          b_.getInt32(kind), ints[0], ints[1], ints[2], ints[3], ints[4],
                          i64(int64_t(file_.path().size() + where.size() -
                                      escapePercent(file_.path()).size()))});
  errorExit();
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
  if (isBlockShape(shape)) {
    llvm::Value *packed = b_.CreateExtractValue(array, 3);
    llvm::Value *cols = b_.CreateAnd(packed, i64(0xffffffff));
    w.extents = {b_.CreateLShr(packed, i64(32)), cols};
    if (shape.strides.empty()) { // a new array: C-contiguous
      w.strides = {2, 1};        // only their order is known
      w.steps = {cols, i64(1)};
    } else if (isRowStepBlock(shape)) { // a view of one: its row step in field 4
      int64_t s = shape.strides[1];
      w.strides = {std::abs(s) + 1, s}; // only their order is known
      w.steps = {b_.CreateExtractValue(array, 4), i64(s)};
    } else {
      w.strides = shape.strides;
      w.steps = {i64(shape.strides[0]), i64(shape.strides[1])};
    }
    return w;
  }
  w.strides = windowStrides(shape);
  for (int64_t d : shape.dims)
    w.extents.push_back(d == RuntimeDim ? b_.CreateUDiv(w.total, i64(staticProduct(shape.dims, 1)))
                                        : i64(d));
  for (int64_t s : w.strides)
    w.steps.push_back(i64(s));
  return w;
}

llvm::Value *IRGen::packBlockExtents(llvm::Value *rows, llvm::Value *cols) {
  return b_.CreateOr(b_.CreateShl(rows, i64(32)), cols);
}

llvm::Value *IRGen::makeBlock(llvm::Value *data, llvm::Value *rows, llvm::Value *cols,
                              llvm::Value *unit) {
  llvm::Value *a = makeArray(data, b_.CreateMul(rows, cols), unit);
  return b_.CreateInsertValue(a, packBlockExtents(rows, cols), 3);
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
      offset = b_.CreateAdd(offset, b_.CreateMul(i, w.steps[d]));
    }
    return loadWindowElement(w, offset, elem);
  };
  if (memoryOrder) // numpy reduces through its buffer, 8192 elements at a time
    g.chunk = i64(NumpyBufferSize);
  if (isBlockShape(shape))
    g.blockExtents = b_.CreateExtractValue(array, 3);
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
  std::vector<llvm::Value *> extents, steps;
  for (size_t k = 0; k < plan.axes.size(); ++k) {
    const WindowAxis &axis = plan.axes[k];
    if (axis.kind == WindowAxis::Kind::Index) {
      llvm::Value *i = genIndex(*axis.index, e.value->type);
      i = windowIndex(i, w.extents[k], static_cast<int64_t>(k), axis.index->loc());
      offset = b_.CreateAdd(offset, b_.CreateMul(i, w.steps[k]));
      continue;
    }
    steps.push_back(b_.CreateMul(w.steps[k], i64(axis.step)));
    if (axis.slice) {
      // A run-time first dimension, or run-time bounds: Python's rules on
      // the extent.
      llvm::Value *view = genSlice(makeArray(data, w.extents[k], b_.CreateMul(w.steps[k], w.unit)),
                                   *axis.slice, elem);
      data = b_.CreateExtractValue(view, 0);
      extents.push_back(b_.CreateExtractValue(view, 1));
    } else if (axis.extent == RuntimeDim) { // all of a run-time dimension
      extents.push_back(w.extents[k]);
    } else {
      offset = b_.CreateAdd(offset, b_.CreateMul(i64(axis.start), w.steps[k]));
      extents.push_back(i64(axis.extent));
    }
  }
  WindowValue v = w;
  v.data = data;
  if (plan.dims.empty())
    return loadWindowElement(v, offset, elem);
  llvm::Value *start = windowAddress(v, offset, elem);
  if (plan.dims.size() == 1)
    return makeArray(start, extents[0], b_.CreateMul(steps[0], w.unit));
  if (isBlockShape(e.shape) && isRowStepBlock(*e.shape))
    return b_.CreateInsertValue(makeBlock(start, extents[0], extents[1], w.unit), steps[0], 4);
  if (isBlockShape(e.shape))
    return makeBlock(start, extents[0], extents[1], w.unit);
  llvm::Value *total = i64(1);
  for (llvm::Value *x : extents)
    total = b_.CreateMul(total, x);
  return makeArray(start, total, w.unit);
}

/// The address of the element `w[i, j]` (every axis an int index), after
/// numpy's bounds checks: where `g[i, j] = v` and `g[i, j] += v` store.
llvm::Value *IRGen::windowElementAddress(const SubscriptExpr &e) {
  const Shape &shape = *e.value->shape;
  WindowValue w = windowOf(genArrayValue(*e.value), shape);
  WindowIndexing plan = planWindowIndex(shape, *e.index);
  internalCheck(plan.error.empty() && plan.dims.empty(), "window element store Sema refused");
  llvm::Value *offset = i64(0);
  for (size_t k = 0; k < plan.axes.size(); ++k) {
    const WindowAxis &axis = plan.axes[k];
    internalCheck(axis.kind == WindowAxis::Kind::Index, "window element store of a slice");
    llvm::Value *i = genIndex(*axis.index, e.value->type);
    i = windowIndex(i, w.extents[k], static_cast<int64_t>(k), axis.index->loc());
    offset = b_.CreateAdd(offset, b_.CreateMul(i, w.steps[k]));
  }
  return windowAddress(w, offset, elementType(e.value->type));
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
      "numpy.matmul",   "numpy.outer",   "numpy.size",      "numpy.ndim",
      "numpy.stack",    "numpy.vstack",  "numpy.column_stack", ViewBuiltin};
  for (const char *n : Names)
    if (e.builtin == n)
      return true;
  bool method = e.builtin.rfind("method.", 0) == 0;
  if (typedConstructor(e))
    return true;
  if (isArray(e.type) && !e.target && axisArgumentOf(e, method) &&
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
  if (e.value->type == Type::Tuple) { // a.shape[k]; other tuples are IRGenTuple's
    auto *shapeAttr = dyn_cast<AttributeExpr>(e.value.get());
    if (!shapeAttr || !isWindow(*shapeAttr->value))
      return nullptr;
    auto &attr = *shapeAttr;
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
  ClauseSource rows = windowRows(*s.iter, [&](llvm::Value *row) {
    storeLocal(target.localIndex, row, s.iter->type);
  });
  genForLoop(s, rows.len, "rows", LoopBound::Signed, LoopHint::NoRuntimeUnroll, rows.bind);
}

/// The rows of the window `iter`: their count, and the code that makes row
/// r (a 1-D view, or a 2-D window of a 3-D one) and hands it to `bind`.
IRGen::ClauseSource IRGen::windowRows(const Expr &iter,
                                      std::function<void(llvm::Value *)> bind) {
  const Shape &shape = *iter.shape;
  WindowValue w = windowOf(genArrayValue(iter), shape);
  Type elem = elementType(iter.type);
  llvm::Value *rowTotal = i64(1);
  for (size_t k = 1; k < w.extents.size(); ++k)
    rowTotal = b_.CreateMul(rowTotal, w.extents[k]);
  bool twoD = shape.dims.size() == 2;
  return {w.extents[0], [this, w, elem, rowTotal, twoD, bind](llvm::Value *r) {
            llvm::Value *start = windowAddress(w, b_.CreateMul(r, w.steps[0]), elem);
            bind(twoD ? makeArray(start, w.extents[1], b_.CreateMul(w.steps[1], w.unit))
                      : makeArray(start, rowTotal, w.unit));
          }};
}

/// numpy's sum of an n-dimensional operand: from 0.0, a pairwise sum per
/// buffer of g.chunk elements in g's order (windowGen's order 'K').
llvm::Value *IRGen::chunkedPairwiseSum(const ArrayGen &g, SourceLoc loc) {
  ArrayGen plain = g;
  plain.chunk = nullptr;
  plain.memory = nullptr; // a chunk is not the array in memory
  llvm::Type *dbl = b_.getDoubleTy();
  llvm::BasicBlock *one = newBlock("sum.one");
  llvm::BasicBlock *many = newBlock("sum.buffers");
  llvm::BasicBlock *done = newBlock("sum.done");
  b_.CreateCondBr(b_.CreateICmpSLE(g.len, g.chunk), one, many);
  b_.SetInsertPoint(one);
  ArrayGen all = plain;
  all.memory = g.memory; // one buffer: the whole array, in memory if it was
  llvm::Value *whole = b_.CreateFAdd(f64(0.0), pairwiseSumFrom(all, loc));
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
    b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(dbl, acc), pairwiseSumFrom(part, loc)), acc);
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
      offset = b_.CreateAdd(offset, b_.CreateMul(i, w.steps[d]));
    }
    storeElement(array, offset, g.at(k), g.elem);
  });
  return array;
}

/// numpy broadcasting with windows among the operands: the result's
/// dimensions are the operands' aligned on the right (an extent of 1
/// repeats); element k of the result reads each operand at the index its
/// own dimensions give. Operands of the same dimensions as the result read
/// element k itself.
IRGen::ArrayGen IRGen::broadcastWindows(const std::vector<ArrayGen> &ops, SourceLoc loc,
                                        std::function<llvm::Value *(std::vector<llvm::Value *>)> combine,
                                        Type elem) {
  // A block among the operands, or run-time rows against a fixed count
  // other than 1 (Sema makes that a block too).
  bool runtimeRows = false, fixedRows = false;
  for (const ArrayGen &g : ops) {
    if (g.blockExtents)
      return broadcastBlocks(ops, loc, combine, elem);
    runtimeRows |= g.dims.size() == 2 && g.dims[0] == RuntimeDim;
    fixedRows |= g.dims.size() == 2 && g.dims[0] != RuntimeDim && g.dims[0] != 1;
  }
  if (runtimeRows && fixedRows)
    return broadcastBlocks(ops, loc, combine, elem);
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
  // Operands that carry the run-time first dimension (w[i:i + 2],
  // reshape(-1, 3)) broadcast as numpy does at run time: equal row
  // counts, or one row repeated; otherwise numpy's ValueError.
  llvm::Value *first = result[0] == RuntimeDim ? nullptr : i64(result[0]);
  std::vector<llvm::Value *> rowsOf(ops.size(), nullptr);
  int64_t inner = staticProduct(result, 1);
  std::string rest = numpyShapeText(result);
  rest = rest.substr(rest.find(','));
  for (size_t i = 0; i < ops.size(); ++i) {
    if (dims[i].size() != result.size() || dims[i][0] != RuntimeDim)
      continue;
    llvm::Value *rows = b_.CreateUDiv(ops[i].len, i64(inner));
    rowsOf[i] = rows;
    if (!first) {
      first = rows;
      continue;
    }
    llvm::Value *agree =
        b_.CreateOr(b_.CreateICmpEQ(rows, first),
                    b_.CreateOr(b_.CreateICmpEQ(rows, i64(1)), b_.CreateICmpEQ(first, i64(1))));
    checkFormatted(agree, loc,
                   "ValueError: operands could not be broadcast together with shapes (%lld" + rest +
                       " (%lld" + rest + " ",
                   {first, rows});
    first = b_.CreateSelect(b_.CreateICmpEQ(first, i64(1)), rows, first);
  }
  if (result[0] == RuntimeDim)
    len = b_.CreateMul(first, i64(inner));
  auto at = [this, ops, dims, result, first, combine, rowsOf, inner](llvm::Value *k) {
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
      if (rowsOf[i]) { // one row repeats
        llvm::Value *one = b_.CreateICmpEQ(rowsOf[i], i64(1));
        values.push_back(ops[i].at(b_.CreateSelect(one, b_.CreateURem(k, i64(inner)), k)));
        continue;
      }
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

/// numpy broadcasting where a block is among the operands (each a block, a
/// 2-D window, a 1-D array of known length or a number: Sema refuses
/// others): every extent may be known only at run time, so each is checked
/// there (equal, or 1 and repeated), and each operand is read at the
/// C-order index its own extents give. The result is a block.
IRGen::ArrayGen
IRGen::broadcastBlocks(const std::vector<ArrayGen> &ops, SourceLoc loc,
                       std::function<llvm::Value *(std::vector<llvm::Value *>)> combine,
                       Type elem) {
  // Each operand's {rows, cols} (null for a number), and its shape in
  // numpy's message.
  std::vector<std::vector<llvm::Value *>> ext(ops.size());
  std::vector<std::string> text(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    const ArrayGen &g = ops[i];
    if (!g.len)
      continue;
    if (g.blockExtents) {
      ext[i] = {b_.CreateLShr(g.blockExtents, i64(32)),
                b_.CreateAnd(g.blockExtents, i64(0xffffffff))};
    } else if (g.dims.size() == 2) {
      llvm::Value *cols = i64(g.dims[1]);
      ext[i] = {g.dims[0] == RuntimeDim ? b_.CreateUDiv(g.len, cols) : i64(g.dims[0]), cols};
    } else {
      internalCheck(g.dims.empty(), "a block meets an array of three dimensions");
      ext[i] = {i64(1), g.len};
      text[i] = "(%lld,)";
      continue;
    }
    text[i] = "(%lld,%lld)";
  }
  llvm::Value *rows = nullptr, *cols = nullptr;
  size_t firstArray = ops.size();
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ext[i].empty())
      continue;
    if (!rows) {
      rows = ext[i][0], cols = ext[i][1];
      firstArray = i;
      continue;
    }
    // numpy's message names every operand's shape; with two arrays (any
    // binary operation) that is these two.
    llvm::Value *ok = i64(1);
    llvm::Value *agree = b_.getTrue();
    for (int d = 0; d < 2; ++d) {
      llvm::Value *r = d == 0 ? rows : cols, *e = ext[i][d];
      agree = b_.CreateAnd(
          agree, b_.CreateOr(b_.CreateICmpEQ(r, e),
                             b_.CreateOr(b_.CreateICmpEQ(r, ok), b_.CreateICmpEQ(e, ok))));
    }
    std::vector<llvm::Value *> numbers;
    const std::string &a = text[firstArray];
    if (a == "(%lld,)")
      numbers.push_back(cols);
    else
      numbers.insert(numbers.end(), {rows, cols});
    if (text[i] == "(%lld,)")
      numbers.push_back(ext[i][1]);
    else
      numbers.insert(numbers.end(), {ext[i][0], ext[i][1]});
    checkFormatted(agree, loc,
                   "ValueError: operands could not be broadcast together with shapes " + a + " " +
                       text[i] + " ",
                   numbers);
    rows = b_.CreateSelect(b_.CreateICmpEQ(rows, ok), ext[i][0], rows);
    cols = b_.CreateSelect(b_.CreateICmpEQ(cols, ok), ext[i][1], cols);
    text[firstArray] = "(%lld,%lld)"; // the running result
  }
  auto at = [this, ops, ext, rows, cols, combine](llvm::Value *k) {
    llvm::Value *r = b_.CreateUDiv(k, cols), *c = b_.CreateURem(k, cols);
    std::vector<llvm::Value *> values;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (ext[i].empty()) {
        values.push_back(ops[i].at(k));
        continue;
      }
      llvm::Value *one = i64(1);
      llvm::Value *ri = b_.CreateSelect(b_.CreateICmpEQ(ext[i][0], one), i64(0), r);
      llvm::Value *ci = b_.CreateSelect(b_.CreateICmpEQ(ext[i][1], one), i64(0), c);
      values.push_back(ops[i].at(b_.CreateAdd(b_.CreateMul(ri, ext[i][1]), ci)));
    }
    return combine(values);
  };
  ArrayGen g{b_.CreateMul(rows, cols), at, elem};
  g.dims = {RuntimeDim, RuntimeDim};
  g.blockExtents = packBlockExtents(rows, cols);
  return g;
}

} // namespace llcc
