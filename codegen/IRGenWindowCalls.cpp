//===- IRGenWindowCalls.cpp - Calls on windows, masks and int arrays -------===//
//
// The calls of IRGenWindow.cpp's arrays: `.astype()`, constructors with a
// dtype, `np.dot`/`@`/`np.outer`, reductions with `axis=`, `rows, cols =
// w.shape`, and the dispatch (genWindowCall) that also routes sums of
// windows through numpy's summation order. Int arrays compute as numpy's
// int64 (numpyIntArith).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/Support/Casting.h>

#include <limits>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

/// The dimensions a reshape call was given: `a.reshape(3, 3)`,
/// `a.reshape((3, 3))` or `np.reshape(a, (3, 3))`, one expression each.
static std::vector<const Expr *> reshapeParts(const CallExpr &e, bool method) {
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
  return parts;
}

namespace {

std::string opOf(const std::string &name) {
  if (name.rfind("method.", 0) == 0 || name.rfind("numpy.", 0) == 0)
    return name.substr(name.find('.') + 1);
  return name;
}

/// The whole-array reductions whose value depends on the order numpy
/// visits the elements in: sums and moments (pairwise, buffered) and
/// products (left to right); numpy visits a view in memory order (ravel's
/// 'K'), so a transposed window's product is not its C-order product.
bool isSumFamily(const std::string &op) {
  return op == "sum" || op == "mean" || op == "var" || op == "std" || op == "nansum" ||
         op == "nanmean" || op == "nanvar" || op == "nanstd" || op == "prod" || op == "nanprod";
}

} // namespace

/// `a.astype(int)` etc.: a new array, converted as numpy's C casts do
/// (float to int truncates; NaN and out-of-range values give INT64_MIN, as
/// x86's conversion; float to bool is `x != 0`, true for NaN). With
/// `pythonNumbers` (np.array(list, dtype=int)) numpy calls int() on each
/// float instead, which raises for NaN and infinities.
llvm::Value *IRGen::genAstype(const CallExpr &e, const Expr &object, bool pythonNumbers) {
  ArrayGen g = genArray(object);
  Type from = g.elem, to = elementType(e.type);
  ArrayGen conv = g;
  conv.elem = to;
  SourceLoc loc = e.loc();
  // The same conversion as a store into an array of `to` (IRGenIndexStore.cpp).
  conv.at = [this, g, from, to, pythonNumbers, loc](llvm::Value *i) {
    return storedElement(g.at(i), from, to, pythonNumbers, loc);
  };
  conv.memory = nullptr;
  conv.chunk = nullptr;
  return materializeAs(conv, e);
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
                   {k, kc, k, kc});
  else
    checkFormatted(b_.CreateICmpEQ(k, kc), e.loc(),
                   rc == 1 ? "ValueError: shapes (%lld,%lld) and (%lld,) not aligned: %lld (dim 1) "
                             "!= %lld (dim 0)"
                           : "ValueError: shapes not aligned: %lld (dim 1) != %lld (dim 0)",
                   rc == 1 ? std::vector<llvm::Value *>{rowsA, k, kc, k, kc}
                           : std::vector<llvm::Value *>{k, kc});
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
  // A block's extents are known at run time: along its rows (axis 0) numpy
  // sums left to right, unless it has one column (numpy's iterator drops
  // that dimension and the reduction runs pairwise down the column).
  llvm::Value *pairwiseAtRunTime =
      !pairwise && isBlockShape(shape) ? b_.CreateICmpEQ(kept, i64(1)) : nullptr;
  llvm::Value *out = allocArray(kept, outElem, e.loc());
  llvm::Value *ddof = i64(0);
  for (const KeywordArg &k : e.keywords)
    if (k.name == "ddof")
      ddof = genExprAs(*k.value, Type::Int);
  llvm::Type *dbl = b_.getDoubleTy();
  // An empty axis has no maximum even when no lane is left: numpy raises
  // for a (0, 0) array too.
  if (op == "min" || op == "max")
    check(b_.CreateICmpSGT(n, i64(0)), e.loc(),
          std::string("ValueError: zero-size array to reduction operation ") +
              (op == "min" ? "minimum" : "maximum") + " which has no identity");
  forRange(i64(0), kept, [&](llvm::Value *j) {
    ArrayGen line;
    line.len = n;
    line.elem = elem;
    line.at = [this, w, axis, other, j, elem](llvm::Value *i) {
      llvm::Value *offset =
          b_.CreateAdd(b_.CreateMul(i, w.steps[axis]), b_.CreateMul(j, w.steps[other]));
      return loadWindowElement(w, offset, elem);
    };
    auto asFloat = [this, elem](llvm::Value *x) { return convert(x, elem, Type::Float); };
    auto leftToRight = [&](const std::function<llvm::Value *(llvm::Value *)> &at) {
      llvm::AllocaInst *acc = entryAlloca(dbl, "axis.sum");
      b_.CreateStore(f64(0.0), acc);
      forRange(i64(0), n, [&](llvm::Value *i) {
        b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(dbl, acc), at(i)), acc);
      });
      return static_cast<llvm::Value *>(b_.CreateLoad(dbl, acc));
    };
    auto floatSum = [&](const std::function<llvm::Value *(llvm::Value *)> &at) {
      if (pairwise) {
        ArrayGen g{n, at, Type::Float};
        return pairwiseSum(g, e.loc()); // from 0.0
      }
      if (!pairwiseAtRunTime)
        return leftToRight(at);
      llvm::BasicBlock *pw = newBlock("axis.pairwise"), *seq = newBlock("axis.sequential"),
                       *done = newBlock("axis.summed");
      b_.CreateCondBr(pairwiseAtRunTime, pw, seq);
      b_.SetInsertPoint(pw);
      ArrayGen g{n, at, Type::Float};
      llvm::Value *a = pairwiseSum(g, e.loc());
      llvm::BasicBlock *pwEnd = b_.GetInsertBlock();
      b_.CreateBr(done);
      b_.SetInsertPoint(seq);
      llvm::Value *c = leftToRight(at);
      llvm::BasicBlock *seqEnd = b_.GetInsertBlock();
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
      llvm::PHINode *sum = b_.CreatePHI(dbl, 2, "axis.total");
      sum->addIncoming(a, pwEnd);
      sum->addIncoming(c, seqEnd);
      return static_cast<llvm::Value *>(sum);
    };
    llvm::Value *result = nullptr;
    if (op == "min" || op == "max") {
      // numpy's scan: NaN propagates; ties keep the first.
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

llvm::Value *IRGen::numpyIntArith(BinaryOp op, llvm::Value *a, llvm::Value *c) {
  switch (op) {
  case BinaryOp::Add:
    return b_.CreateAdd(a, c);
  case BinaryOp::Sub:
    return b_.CreateSub(a, c);
  case BinaryOp::Mul:
    return b_.CreateMul(a, c);
  case BinaryOp::BitAnd:
    return b_.CreateAnd(a, c);
  case BinaryOp::BitOr:
    return b_.CreateOr(a, c);
  case BinaryOp::BitXor:
    return b_.CreateXor(a, c);
  case BinaryOp::LShift:
  case BinaryOp::RShift: {
    // numpy's npy_lshift/npy_rshift: a count taken as unsigned, so one
    // past 63 or negative shifts every bit out: 0, or -1 for >> of a
    // negative number (where LLVM's shl/ashr would be poison).
    llvm::Value *inRange = b_.CreateICmpULT(c, i64(64));
    llvm::Value *count = b_.CreateSelect(inRange, c, i64(0));
    if (op == BinaryOp::LShift)
      return b_.CreateSelect(inRange, b_.CreateShl(a, count), i64(0));
    return b_.CreateSelect(inRange, b_.CreateAShr(a, count), b_.CreateAShr(a, i64(63)));
  }
  case BinaryOp::Pow: {
    // numpy's integer power loop (loops.c.src): 1 for an exponent of 0 or
    // a base of 1, else square-and-multiply, wrapping as int64 does. A
    // negative exponent raised ValueError before (genArrayBinary).
    llvm::BasicBlock *entry = b_.GetInsertBlock();
    llvm::BasicBlock *loop = newBlock("ipow.loop");
    llvm::BasicBlock *done = newBlock("ipow.done");
    llvm::Value *trivial = b_.CreateOr(b_.CreateICmpSLE(c, i64(0)), b_.CreateICmpEQ(a, i64(1)));
    llvm::Value *odd = b_.CreateICmpNE(b_.CreateAnd(c, i64(1)), i64(0));
    llvm::Value *first = b_.CreateSelect(trivial, i64(1), b_.CreateSelect(odd, a, i64(1)));
    llvm::Value *rest = b_.CreateLShr(c, i64(1));
    b_.CreateCondBr(b_.CreateOr(trivial, b_.CreateICmpEQ(rest, i64(0))), done, loop);
    b_.SetInsertPoint(loop);
    llvm::PHINode *base = b_.CreatePHI(b_.getInt64Ty(), 2);
    llvm::PHINode *exponent = b_.CreatePHI(b_.getInt64Ty(), 2);
    llvm::PHINode *acc = b_.CreatePHI(b_.getInt64Ty(), 2);
    llvm::Value *squared = b_.CreateMul(base, base);
    llvm::Value *bit = b_.CreateICmpNE(b_.CreateAnd(exponent, i64(1)), i64(0));
    llvm::Value *next = b_.CreateSelect(bit, b_.CreateMul(acc, squared), acc);
    llvm::Value *shifted = b_.CreateLShr(exponent, i64(1));
    base->addIncoming(a, entry);
    exponent->addIncoming(rest, entry);
    acc->addIncoming(first, entry);
    base->addIncoming(squared, loop);
    exponent->addIncoming(shifted, loop);
    acc->addIncoming(next, loop);
    b_.CreateCondBr(b_.CreateICmpNE(shifted, i64(0)), loop, done);
    b_.SetInsertPoint(done);
    llvm::PHINode *result = b_.CreatePHI(b_.getInt64Ty(), 2);
    result->addIncoming(first, entry);
    result->addIncoming(next, loop);
    return result;
  }
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
  if (e.builtin == "numpy.stack" || e.builtin == "numpy.vstack" ||
      e.builtin == "numpy.column_stack") {
    out = genStack(e);
    return true;
  }
  bool method = e.builtin.rfind("method.", 0) == 0;
  std::string op = opOf(e.builtin);
  const Expr *object = method ? cast<AttributeExpr>(*e.callee).value.get()
                              : (e.args.empty() ? nullptr : e.args[0].get());
  if (e.builtin == "len" && object && isWindow(*object)) {
    out = windowOf(genArrayValue(*object), *object->shape).extents[0];
    return true;
  }
  if (!isWindowCall(e)) {
    // Sums and products of windows: numpy's order (ravel's 'K'), buffered.
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
    // numpy's ravel is a view of a C-contiguous array (writes through it
    // reach the array) and a copy of any other; flatten always copies.
    const Shape *shape = isWindow(*object) ? object->shape.get() : nullptr;
    bool mayView = op == "ravel" && isArray(object->type) &&
                   (!shape || (shape->strides.empty() && !isBlockShape(*shape)));
    if (!mayView) {
      out = materialize(genArray(*object), e.loc());
      return true;
    }
    Type elem = elementType(object->type);
    llvm::Value *array = genArrayValue(*object);
    llvm::Value *data, *len, *unit;
    ArrayGen all;
    if (shape) {
      WindowValue w = windowOf(array, *shape);
      data = w.data;
      len = w.total;
      unit = w.unit;
      all = windowGen(array, *shape, elem, false);
    } else {
      data = b_.CreateExtractValue(array, 0);
      len = b_.CreateExtractValue(array, 1);
      unit = b_.CreateExtractValue(array, 2);
      all = memoryGen(array, elem);
    }
    llvm::BasicBlock *view = newBlock("ravel.view"), *copy = newBlock("ravel.copy"),
                     *done = newBlock("ravel.done");
    b_.CreateCondBr(b_.CreateICmpEQ(unit, i64(1)), view, copy);
    b_.SetInsertPoint(view);
    llvm::Value *same = makeArray(data, len, i64(1));
    llvm::BasicBlock *viewEnd = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(copy);
    llvm::Value *fresh = materialize(all, e.loc());
    llvm::BasicBlock *copyEnd = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode *phi = b_.CreatePHI(same->getType(), 2, "ravel");
    phi->addIncoming(same, viewEnd);
    phi->addIncoming(fresh, copyEnd);
    out = phi;
    return true;
  }
  if (e.builtin == ViewBuiltin && !isArray(e.type)) {
    out = genExpr(*object); // np.take(a, 4): an element
    return true;
  }
  if (op == "transpose" || e.builtin == ViewBuiltin) {
    out = genArrayValue(*object); // the same memory; the shape says how
    return true;
  }
  if (op == "reshape" && isBlock(e)) {
    out = genRuntimeReshape(e, *object, method);
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
    std::vector<const Expr *> parts = reshapeParts(e, method);
    for (const Expr *p : parts) {
      int64_t d = 0;
      if (auto *lit = dyn_cast<IntLiteralExpr>(p))
        d = lit->value;
      else
        d = -cast<IntLiteralExpr>(*cast<UnaryExpr>(*p).operand).value;
      written.push_back(d);
    }
    (void)dims;
    std::string message =
        "ValueError: cannot reshape array of size %lld into shape " + numpyReshapeText(written);
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
  const Expr *axisExpr = windowAxisArgument(e, method);
  out = genAxisReduction(e, op, *object, *axisExpr);
  return true;
}

/// `a.reshape(n, m)` of a 1-D array with dimensions known only at run
/// time (`n = int(np.sqrt(values.size))`): a block over the same memory,
/// element (r, c) at r * cols + c, after numpy's checks (_fix_unknown_
/// dimension: one negative dimension is inferred, never two; the known
/// ones must divide the size, or equal it) with numpy's messages.
llvm::Value *IRGen::genRuntimeReshape(const CallExpr &e, const Expr &object, bool method) {
  llvm::Value *array = genArrayValue(object);
  std::vector<const Expr *> parts = reshapeParts(e, method);
  internalCheck(parts.size() == 2, "a run-time reshape of other than two dimensions");
  llvm::Value *d0 = genExprAs(*parts[0], Type::Int), *d1 = genExprAs(*parts[1], Type::Int);
  llvm::Value *total = b_.CreateExtractValue(array, 1);
  llvm::Value *unknown0 = b_.CreateICmpSLT(d0, i64(0)), *unknown1 = b_.CreateICmpSLT(d1, i64(0));
  check(b_.CreateNot(b_.CreateAnd(unknown0, unknown1)), e.loc(),
        "ValueError: can only specify one unknown dimension");
  const std::string size = "ValueError: cannot reshape array of size %lld into shape ";
  auto divides = [&](llvm::Value *known) {
    llvm::Value *safe = b_.CreateSelect(b_.CreateICmpEQ(known, i64(0)), i64(1), known);
    return b_.CreateAnd(b_.CreateICmpNE(known, i64(0)),
                        b_.CreateICmpEQ(b_.CreateURem(total, safe), i64(0)));
  };
  checkFormatted(b_.CreateOr(b_.CreateNot(unknown0), divides(d1)), e.loc(), size + "(%lld)",
                 {total, d1});
  checkFormatted(b_.CreateOr(b_.CreateNot(unknown1), divides(d0)), e.loc(), size + "(%lld,newaxis)",
                 {total, d0});
  llvm::Value *known = b_.CreateNot(b_.CreateOr(unknown0, unknown1));
  // The product, in 128 bits so that huge dimensions cannot wrap to the size.
  llvm::Type *i128 = b_.getInt128Ty();
  llvm::Value *product = b_.CreateMul(b_.CreateZExt(d0, i128), b_.CreateZExt(d1, i128));
  checkFormatted(
      b_.CreateOr(b_.CreateNot(known), b_.CreateICmpEQ(product, b_.CreateZExt(total, i128))),
      e.loc(), size + "(%lld,%lld)", {total, d0, d1});
  llvm::Value *one = i64(1);
  llvm::Value *rows =
      b_.CreateSelect(unknown0, b_.CreateUDiv(total, b_.CreateSelect(unknown0, d1, one)), d0);
  llvm::Value *cols =
      b_.CreateSelect(unknown1, b_.CreateUDiv(total, b_.CreateSelect(unknown1, d0, one)), d1);
  // A block packs its extents in 32 bits each; an empty array reshaped to
  // (0, 2**40) is the one valid shape past that.
  check(
      b_.CreateAnd(b_.CreateICmpULT(rows, i64(1LL << 32)), b_.CreateICmpULT(cols, i64(1LL << 32))),
      e.loc(), "ValueError: array dimensions too large for llcc's 2-D arrays");
  return makeBlock(b_.CreateExtractValue(array, 0), rows, cols, b_.CreateExtractValue(array, 2));
}

} // namespace llcc
