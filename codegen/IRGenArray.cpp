//===- IRGenArray.cpp - Arrays, views and fused array expressions ----------===//
//
// An array value is {data, length, stride}: the neighbourhood buffer, a
// local array, or a slice of either (a view, as in numpy). Array
// expressions are not computed into temporaries: genArray returns an
// ArrayGen, a length plus a function that emits element i, and whatever
// consumes the expression (a reduction, a loop, an assignment into a slice)
// runs one fused loop. Only an expression that must exist as an array (a
// variable, a helper argument, a copy to sort) is materialised, into the
// call's arena: a stack block in the exported wrapper, then heap chunks
// that the wrapper frees before it returns, whatever happens.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "NumpyExpLogIR.h"

#include "Builtins.h"
#include "Diagnostics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/Support/Casting.h>

#include <limits>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {
bool isEllipsis(const Expr &e) {
  auto *n = dyn_cast<NameExpr>(&e);
  return n && n->name == "...";
}
} // namespace

//===----------------------------------------------------------------------===//
// Storage
//===----------------------------------------------------------------------===//

llvm::Value *IRGen::makeArray(llvm::Value *data, llvm::Value *len, llvm::Value *stride) {
  llvm::Value *a = llvm::UndefValue::get(arrayTy_);
  a = b_.CreateInsertValue(a, data, 0);
  a = b_.CreateInsertValue(a, len, 1);
  return b_.CreateInsertValue(a, stride, 2);
}

llvm::Type *IRGen::elementStorageType(Type elem) {
  switch (elem) {
  case Type::Int:
    return b_.getInt64Ty();
  case Type::Bool:
    return b_.getInt8Ty();
  default:
    return b_.getDoubleTy();
  }
}

llvm::Value *IRGen::elementAddress(llvm::Value *array, llvm::Value *index, Type elem) {
  llvm::Value *data = b_.CreateExtractValue(array, 0);
  llvm::Value *stride = b_.CreateExtractValue(array, 2);
  return b_.CreateGEP(elementStorageType(elem), data, b_.CreateMul(index, stride));
}

llvm::Value *IRGen::loadElement(llvm::Value *array, llvm::Value *index, Type elem) {
  llvm::Value *v = b_.CreateLoad(elementStorageType(elem), elementAddress(array, index, elem));
  return elem == Type::Bool ? b_.CreateICmpNE(v, b_.getInt8(0)) : v;
}

void IRGen::storeElement(llvm::Value *array, llvm::Value *index, llvm::Value *value, Type elem) {
  if (elem == Type::Bool)
    value = b_.CreateZExt(value, b_.getInt8Ty());
  b_.CreateStore(value, elementAddress(array, index, elem));
}

llvm::Value *IRGen::allocArray(llvm::Value *len, Type elem, SourceLoc loc) {
  // Lengths come from the program (np.zeros(n)): a negative one is numpy's
  // ValueError; an absurd one (over 2**40 elements) is refused before the
  // multiplication can wrap, as the MemoryError numpy raises for a size no
  // machine has.
  check(b_.CreateICmpSGE(len, i64(0)), loc, "ValueError: negative dimensions are not allowed");
  check(b_.CreateICmpULE(len, i64(int64_t(1) << 40)), loc,
        "MemoryError: cannot allocate a local array");
  uint64_t size = elem == Type::Bool ? 1 : 8;
  llvm::Value *bytes = b_.CreateMul(len, i64(static_cast<int64_t>(size)));
  llvm::Value *data = b_.CreateCall(arenaAlloc(), {cur_->arena, bytes});
  check(b_.CreateIsNotNull(data), loc, "MemoryError: cannot allocate a local array");
  return makeArray(data, len, i64(1));
}

llvm::Value *IRGen::materialize(const ArrayGen &g, SourceLoc loc) {
  llvm::Value *array = allocArray(g.len, g.elem, loc);
  forRange(i64(0), g.len, [&](llvm::Value *i) { storeElement(array, i, g.at(i), g.elem); });
  if (g.blockExtents) // a block: a new C-contiguous one
    array = b_.CreateInsertValue(array, g.blockExtents, 3);
  return array;
}

//===----------------------------------------------------------------------===//
// Generators
//===----------------------------------------------------------------------===//

IRGen::ArrayGen IRGen::memoryGen(llvm::Value *array, Type elem) {
  return {b_.CreateExtractValue(array, 1),
          [this, array, elem](llvm::Value *i) { return loadElement(array, i, elem); }, elem,
          array};
}

/// A number used where an array is: the same value at every index. Its
/// length is null, which broadcast() reads as "any length".
IRGen::ArrayGen IRGen::scalarGen(llvm::Value *v, Type t) {
  // Array arithmetic is float64, so an int-or-float scalar enters as its
  // float value.
  if (t == Type::IntOrFloat) {
    v = convert(v, t, Type::Float);
    t = Type::Float;
  }
  return {nullptr, [v](llvm::Value *) { return v; }, t};
}

/// numpy broadcasting of one-dimensional operands: equal lengths, or a
/// length-1 array (or a number) repeated; anything else is a ValueError.
IRGen::ArrayGen IRGen::broadcast(std::vector<ArrayGen> ops, SourceLoc loc,
                                 std::function<llvm::Value *(std::vector<llvm::Value *>)> combine,
                                 Type elem) {
  for (const ArrayGen &g : ops)
    if (g.dims.size() >= 2)
      return broadcastWindows(ops, loc, combine, elem);
  llvm::Value *len = nullptr;
  unsigned arrays = 0;
  for (const ArrayGen &g : ops) {
    if (!g.len)
      continue;
    ++arrays;
    if (!len) {
      len = g.len;
      continue;
    }
    llvm::Value *same = b_.CreateICmpEQ(len, g.len);
    llvm::Value *lenOne = b_.CreateICmpEQ(len, i64(1));
    llvm::Value *otherOne = b_.CreateICmpEQ(g.len, i64(1));
    check(b_.CreateOr(same, b_.CreateOr(lenOne, otherOne)), loc,
          "ValueError: operands could not be broadcast together (arrays of different lengths)");
    len = b_.CreateSelect(same, len, b_.CreateSelect(lenOne, g.len, len));
  }
  internalCheck(len != nullptr, "array expression without an array operand");
  // With several arrays, a length-1 operand reads its only element.
  std::vector<llvm::Value *> single;
  for (const ArrayGen &g : ops)
    single.push_back(arrays > 1 && g.len ? b_.CreateICmpEQ(g.len, i64(1)) : nullptr);
  auto at = [this, ops, single, combine](llvm::Value *i) {
    std::vector<llvm::Value *> values;
    for (size_t k = 0; k < ops.size(); ++k) {
      llvm::Value *index = single[k] ? b_.CreateSelect(single[k], i64(0), i) : i;
      values.push_back(ops[k].at(index));
    }
    return combine(values);
  };
  return {len, at, elem};
}

/// `[x, y] * n` or `n * [x, y]`: a literal repeated, whose elements are
/// computed once and stored n times (genArrayValue).
bool IRGen::isListLiteralRepeat(const BinaryExpr &e) {
  return e.op == BinaryOp::Mul && ((isList(e.lhs->type) && isa<ListExpr>(e.lhs.get())) ||
                                   (isList(e.rhs->type) && isa<ListExpr>(e.rhs.get())));
}

/// The other list operators, each a new list as in Python: `a + b`
/// concatenates (a list of ints and one of floats make a list of floats),
/// `a * n` and `n * a` repeat `a` n times (none when n <= 0). Operands are
/// evaluated left to right, but a variable's elements are read when the
/// operator applies, after the other operand: Python holds the list object
/// and reads it then, so `a + [a.pop()]` sees `a` popped.
llvm::Value *IRGen::genListOperator(const BinaryExpr &e) {
  Type elem = elementType(e.type);
  SourceLoc loc = e.loc();
  auto copyInto = [&](llvm::Value *array, llvm::Value *at, const ArrayGen &g) {
    forRange(i64(0), g.len, [&](llvm::Value *i) {
      storeElement(array, b_.CreateAdd(at, i), convert(g.at(i), g.elem, elem, loc), elem);
    });
  };
  if (e.op == BinaryOp::Add) {
    bool lhsLater = isa<NameExpr>(e.lhs.get());
    ArrayGen a = lhsLater ? ArrayGen{} : genArray(*e.lhs);
    ArrayGen b = genArray(*e.rhs);
    if (lhsLater)
      a = genArray(*e.lhs);
    llvm::Value *array = allocArray(b_.CreateAdd(a.len, b.len), elem, loc);
    copyInto(array, i64(0), a);
    copyInto(array, a.len, b);
    return array;
  }
  internalCheck(e.op == BinaryOp::Mul, "list operator other than + and *");
  bool listLeft = isList(e.lhs->type);
  const Expr &list = listLeft ? *e.lhs : *e.rhs;
  const Expr &count = listLeft ? *e.rhs : *e.lhs;
  bool listLater = !listLeft || isa<NameExpr>(&list);
  ArrayGen g = listLater ? ArrayGen{} : genArray(list);
  llvm::Value *n = genExprAs(count, Type::Int);
  if (listLater)
    g = genArray(list);
  n = b_.CreateSelect(b_.CreateICmpSGT(n, i64(0)), n, i64(0));
  llvm::Value *array = allocArray(genIntArith(BinaryOp::Mul, n, g.len, loc), elem, loc);
  forRange(i64(0), n, [&](llvm::Value *k) { copyInto(array, b_.CreateMul(k, g.len), g); });
  return array;
}

IRGen::ArrayGen IRGen::genArray(const Expr &e) {
  ArrayGen g = genArrayOf(e);
  // A 1-D array whose length Sema knows (np.array([a, b, c]), a variable
  // holding one, a window's row) has that length as a constant, as a 1-D
  // operand meeting a window must (broadcastWindows).
  if (g.dims.empty() && g.len && !isa<llvm::Constant>(g.len) && isNdarray(e.type) &&
      isKnownVector(e.shape))
    g.len = i64(e.shape->dims[0]);
  return g;
}

IRGen::ArrayGen IRGen::genArrayOf(const Expr &e) {
  if (ArrayGen g; genArrayListGen(e, g))
    return g;
  if (ArrayGen g; genWindowArray(e, g))
    return g;
  if (e.type == Type::Tuple)
    return tupleArrayGen(e); // numpy makes an array of a tuple
  if (isContainerIterable(e))
    return genContainerArray(e);
  if (isList(e.type) && (isa<ListExpr>(&e) || isa<BinaryExpr>(&e)))
    return memoryGen(genArrayValue(e), elementType(e.type));
  auto operand = [&](const Expr &x) {
    return isArray(x.type) || x.type == Type::Tuple ? genArray(x) : scalarGen(genExpr(x), x.type);
  };
  switch (e.kind()) {
  case Expr::Kind::Name:
  case Expr::Kind::Subscript:
    return memoryGen(genArrayValue(e), elementType(e.type));
  case Expr::Kind::Unary: {
    auto &u = cast<UnaryExpr>(e);
    ArrayGen x = genArray(*u.operand);
    Type from = x.elem;
    if (u.op == UnaryExpr::Op::Invert) // logical not of a mask, ~x of int64
      return broadcast(
          {x}, e.loc(), [this](std::vector<llvm::Value *> v) { return b_.CreateNot(v[0]); }, from);
    bool negate = u.op == UnaryExpr::Op::Neg;
    if (e.type == Type::IntArray)
      return broadcast(
          {x}, e.loc(),
          [this, negate](std::vector<llvm::Value *> v) {
            return negate ? b_.CreateSub(i64(0), v[0]) : v[0];
          },
          Type::Int);
    return broadcast({x}, e.loc(), [this, from, negate](std::vector<llvm::Value *> v) {
      llvm::Value *f = convert(v[0], from, Type::Float);
      return negate ? b_.CreateFNeg(f) : f;
    }, Type::Float);
  }
  case Expr::Kind::Binary:
    return genArrayBinary(cast<BinaryExpr>(e));
  case Expr::Kind::Compare: {
    auto &c = cast<CompareExpr>(e);
    ArrayGen a = operand(*c.operands[0]);
    ArrayGen b = operand(*c.operands[1]);
    Type t = (a.elem == Type::Float || b.elem == Type::Float) ? Type::Float : Type::Int;
    CompareOp op = c.ops[0];
    Type ta = a.elem, tb = b.elem;
    return broadcast({a, b}, e.loc(), [this, op, t, ta, tb](std::vector<llvm::Value *> v) {
      return genCompareOp(op, convert(v[0], ta, t), convert(v[1], tb, t), t);
    }, Type::Bool);
  }
  case Expr::Kind::Call: {
    auto &call = cast<CallExpr>(e);
    const std::string &name = call.builtin;
    if (call.target) // a helper of the standard library returning a new array
      return memoryGen(genArrayValue(e), elementType(e.type));
    if (name == "numpy.where") {
      ArrayGen c = operand(*call.args[0]), a = operand(*call.args[1]),
               b = operand(*call.args[2]);
      // Sema's result_type of the two values: float64, int64 or bool.
      Type tc = c.elem, ta = a.elem, tb = b.elem, out = elementType(e.type);
      return broadcast(
          {c, a, b}, e.loc(),
          [this, tc, ta, tb, out](std::vector<llvm::Value *> v) {
            return b_.CreateSelect(truthy(v[0], tc), convert(v[1], ta, out),
                                   convert(v[2], tb, out));
          },
          out);
    }
    if (name == "numpy.clip" && e.type == Type::IntArray) {
      // An int array between int bounds: numpy's min(max(x, lo), hi) on ints.
      ArrayGen x = genArray(*call.args[0]);
      llvm::Value *lo = genExprAs(*call.args[1], Type::Int);
      llvm::Value *hi = genExprAs(*call.args[2], Type::Int);
      return broadcast({x}, e.loc(), [this, lo, hi](std::vector<llvm::Value *> v) {
        llvm::Value *m = b_.CreateSelect(b_.CreateICmpSGT(v[0], lo), v[0], lo);
        return b_.CreateSelect(b_.CreateICmpSLT(m, hi), m, hi);
      }, Type::Int);
    }
    if ((name == "abs" || name == "numpy.abs" || name == "numpy.absolute") &&
        e.type == Type::IntArray) {
      // numpy's int abs wraps at the smallest int64, as C's does.
      ArrayGen x = genArray(*call.args[0]);
      return broadcast({x}, e.loc(), [this](std::vector<llvm::Value *> v) {
        return b_.CreateSelect(b_.CreateICmpSLT(v[0], i64(0)), b_.CreateSub(i64(0), v[0]), v[0]);
      }, Type::Int);
    }
    if (name == "numpy.clip") {
      ArrayGen x = genArray(*call.args[0]);
      llvm::Value *lo = genExprAs(*call.args[1], Type::Float);
      llvm::Value *hi = genExprAs(*call.args[2], Type::Float);
      Type tx = x.elem;
      // numpy 1.24: min(max(x, lo), hi), each keeping a NaN first operand;
      // a scalar NaN bound is ignored (numpy's _clip replaces it by an
      // infinity: np.clip(x, 0, nan) clips below only).
      return broadcast({x}, e.loc(), [this, tx, lo, hi](std::vector<llvm::Value *> v) {
        llvm::Value *f = convert(v[0], tx, Type::Float);
        llvm::Value *m = b_.CreateSelect(b_.CreateFCmpUGT(f, lo), f, lo);
        return b_.CreateSelect(b_.CreateFCmpULT(m, hi), m, hi);
      }, Type::Float);
    }
    // list(x), sorted(x, key=f), ...: a new list, never elementwise.
    if (llvm::Value *out; genContainerCall(call, out))
      return memoryGen(out, elementType(e.type));
    if (isArray(e.type) && findBuiltinFunction(name) &&
        findBuiltinFunction(name)->result != BuiltinResult::NewArray &&
        name.rfind("method.", 0) != 0) {
      // A scalar numpy function applied elementwise.
      std::vector<ArrayGen> ops;
      std::vector<Type> types;
      for (auto &a : call.args) {
        ops.push_back(operand(*a));
        types.push_back(ops.back().elem);
      }
      Type elem = elementType(e.type);
      return broadcast(ops, e.loc(), [this, name, types, elem](std::vector<llvm::Value *> v) {
        return elementwiseScalar(name, v, types, elem);
      }, elem);
    }
    return memoryGen(genArrayValue(e), elementType(e.type));
  }
  default:
    break;
  }
  throw InternalError("array expression kind without lowering");
}

/// Elementwise arithmetic on arrays is float64 (as numpy's for the float64
/// neighbourhood); &, |, ^ combine boolean masks.
IRGen::ArrayGen IRGen::genArrayBinary(const BinaryExpr &e) {
  auto operand = [&](const Expr &x) {
    return isArray(x.type) || x.type == Type::Tuple ? genArray(x) : scalarGen(genExpr(x), x.type);
  };
  ArrayGen a = operand(*e.lhs);
  ArrayGen b = operand(*e.rhs);
  bool scalarPower = isArray(e.lhs->type) && !isArray(e.rhs->type) && e.rhs->type != Type::Tuple;
  Type result = e.type == Type::IntArray ? Type::Int : Type::Float;
  if (e.op == BinaryOp::BitAnd || e.op == BinaryOp::BitOr || e.op == BinaryOp::BitXor)
    result = e.type == Type::IntArray ? Type::Int : Type::Bool;
  auto combine = elementCombiner(e.op, result, a.elem, b.elem, scalarPower);
  if (e.op == BinaryOp::Pow && result == Type::Int) {
    // numpy's integer power raises for a negative exponent, element by
    // element (an empty array raises nothing).
    SourceLoc loc = e.loc();
    Type tb = b.elem;
    combine = [this, combine, loc, tb](std::vector<llvm::Value *> v) {
      check(b_.CreateICmpSGE(convert(v[1], tb, Type::Int), i64(0)), loc,
            "ValueError: Integers to negative integer powers are not allowed.");
      return combine(v);
    };
  }
  return broadcast({a, b}, e.loc(), combine, result);
}

/// How numpy combines one element of each operand of `x op y` into an
/// array of `result` elements (int arithmetic, bool logic, float
/// arithmetic; `scalarPower` when a float or int array is raised to a
/// number, where numpy's array_power takes its shortcuts): shared by the
/// operators and the in-place forms of views.
std::function<llvm::Value *(std::vector<llvm::Value *>)>
IRGen::elementCombiner(BinaryOp op, Type result, Type ta, Type tb, bool scalarPower) {
  if (result == Type::Int)
    return [this, op, ta, tb](std::vector<llvm::Value *> v) {
      return numpyIntArith(op, convert(v[0], ta, Type::Int), convert(v[1], tb, Type::Int));
    };
  if (op == BinaryOp::BitAnd || op == BinaryOp::BitOr || op == BinaryOp::BitXor)
    return [this, op, ta, tb](std::vector<llvm::Value *> v) {
      llvm::Value *x = convert(v[0], ta, Type::Bool), *y = convert(v[1], tb, Type::Bool);
      return op == BinaryOp::BitAnd  ? b_.CreateAnd(x, y)
             : op == BinaryOp::BitOr ? b_.CreateOr(x, y)
                                     : b_.CreateXor(x, y);
    };
  if (op == BinaryOp::Pow && scalarPower && ta == Type::Float)
    // A float array to a number: numpy's array_power takes its shortcuts
    // (number.c fast_scalar_power) by the exponent's value at run time.
    return [this, tb](std::vector<llvm::Value *> v) {
      return numpyFastScalarPower(v[0], convert(v[1], tb, Type::Float));
    };
  if (op == BinaryOp::Pow && scalarPower && ta == Type::Int)
    // An int array to a float number: cast, and ** 2.0 is still np.square.
    return [this, tb](std::vector<llvm::Value *> v) {
      llvm::Value *x = convert(v[0], Type::Int, Type::Float);
      llvm::Value *y = convert(v[1], tb, Type::Float);
      return b_.CreateSelect(b_.CreateFCmpOEQ(y, f64(2.0)), b_.CreateFMul(x, x),
                             numpyPowerUfunc(x, y));
    };
  return [this, op, ta, tb](std::vector<llvm::Value *> v) {
    llvm::Value *x = convert(v[0], ta, Type::Float), *y = convert(v[1], tb, Type::Float);
    return op == BinaryOp::Pow ? numpyPowerUfunc(x, y) : genFloatArith(op, x, y);
  };
}

/// numpy's power ufunc of two float64: SVML's __svml_pow8 on AVX512_SKX
/// (codegen/NumpyExpLogIR.cpp), else the C library's pow. (A numpy
/// scalar's ** is scalarmath's C pow: genFloatArith.)
llvm::Value *IRGen::numpyPowerUfunc(llvm::Value *x, llvm::Value *y) {
  if (llvm::Value *r = emitNumpyPower(b_, *mod_, x, y))
    return r;
  return genFloatArith(BinaryOp::Pow, x, y);
}

/// numpy 1.24's `array ** exponent` for a float array and a number
/// exponent (multiarray/number.c fast_scalar_power): ** 2 is np.square
/// (x * x), ** 0.5 np.sqrt, ** -1 np.reciprocal (1 / x), ** 1 a copy,
/// ** 0 ones (even for NaN); any other exponent the power ufunc. A
/// constant exponent folds to its one case.
llvm::Value *IRGen::numpyFastScalarPower(llvm::Value *x, llvm::Value *y) {
  llvm::Value *r = numpyPowerUfunc(x, y);
  auto when = [&](double e, llvm::Value *v) {
    r = b_.CreateSelect(b_.CreateFCmpOEQ(y, f64(e)), v, r);
  };
  when(0.0, f64(1.0));
  when(1.0, x);
  when(-1.0, b_.CreateFDiv(f64(1.0), x));
  when(0.5, b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, x));
  when(2.0, b_.CreateFMul(x, x));
  return r;
}

/// The scalar lowering of a numpy function, for one element.
llvm::Value *IRGen::elementwiseScalar(const std::string &name, std::vector<llvm::Value *> args,
                                      const std::vector<Type> &types, Type resultElem) {
  if (const BuiltinFunction *lib = findBuiltinFunction(name); lib && lib->op != ScalarOp::None) {
    // Bool and Int (np.round of an int array) elements as such; others float.
    Type r = resultElem == Type::Bool || resultElem == Type::Int ? resultElem : Type::Float;
    return convert(scalarOp(lib->op, args, types, r, {}), r, resultElem);
  }
  std::vector<llvm::Value *> f;
  for (size_t i = 0; i < args.size(); ++i)
    f.push_back(convert(args[i], types[i], Type::Float));
  if (name == "abs" || name == "numpy.abs" || name == "numpy.absolute" ||
      name == "numpy.fabs")
    return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, f[0]);
  if (name == "numpy.float64")
    return f[0];
  if (name == "numpy.isnan")
    return b_.CreateFCmpUNO(f[0], f[0]);
  llvm::Value *inf = f64(std::numeric_limits<double>::infinity());
  if (name == "numpy.isinf")
    return b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, f[0]), inf);
  if (name == "numpy.isfinite")
    return b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, f[0]), inf);
  const BuiltinFunction *info = findBuiltinFunction(name);
  if (llvm::Value *r = emitNumpyExpLog(b_, *mod_, name, f[0]))
    return r; // numpy's SVML exp and log on AVX512_SKX
  if (name == "numpy.power" && resultElem == Type::Float)
    return numpyPowerUfunc(f[0], f[1]);
  if (f.size() == 2)
    if (llvm::Value *r = emitNumpyBinary(b_, *mod_, name, f[0], f[1]))
      return r; // numpy's SVML arctan2 on AVX512_SKX
  if (info && info->libmName[0] != '\0' && resultElem == Type::Float)
    return callLibm(info->libmName, f);
  throw InternalError("no elementwise lowering for '" + name + "'");
}

//===----------------------------------------------------------------------===//
// Array values, views and slice assignment
//===----------------------------------------------------------------------===//

/// An array expression as an array in memory: variables and views are
/// used in place; anything else is computed into a new arena array.
llvm::Value *IRGen::genArrayValue(const Expr &e) {
  if (auto *s = dyn_cast<SubscriptExpr>(&e); s && s->value->type == Type::ArrayList)
    return genArrayListSubscript(*s);
  if (auto *c = dyn_cast<CallExpr>(&e); c && c->args.size() == 1 &&
                                        c->args[0]->type == Type::ArrayList)
    return genCall(*c); // min/max(arrays, key=f): one of the list's arrays
  if (llvm::Value *v = genWindowArrayValue(e))
    return v;
  if (auto *n = dyn_cast<NameExpr>(&e))
    return n->ref == NameRef::Constant ? constantArray(n->constIndex)
                                       : loadLocal(n->localIndex, n->loc());
  if (auto *list = dyn_cast<ListExpr>(&e)) {
    // [a, b, c]: the elements, evaluated in order, in a new array.
    Type elem = elementType(e.type);
    std::vector<llvm::Value *> values;
    for (auto &el : list->elements)
      values.push_back(genExprAs(*el, elem));
    llvm::Value *array = allocArray(i64(static_cast<int64_t>(values.size())), elem, e.loc());
    for (size_t i = 0; i < values.size(); ++i)
      storeElement(array, i64(static_cast<int64_t>(i)), values[i], elem);
    return array;
  }
  if (auto *c = dyn_cast<ComprehensionExpr>(&e)) {
    ArrayGen g = genContainerArray(*c);
    return g.memory ? g.memory : materialize(g, e.loc());
  }
  if (auto *b = dyn_cast<BinaryExpr>(&e); b && isList(e.type) && !isListLiteralRepeat(*b))
    return genListOperator(*b);
  if (auto *b = dyn_cast<BinaryExpr>(&e); b && isList(e.type)) {
    Type elem = elementType(e.type);
    // [x] * n (or n * [x]): n copies of x; a negative n gives an empty list.
    bool listLeft = isa<ListExpr>(b->lhs.get());
    auto &list = cast<ListExpr>(listLeft ? *b->lhs : *b->rhs);
    const Expr &count = listLeft ? *b->rhs : *b->lhs;
    std::vector<llvm::Value *> values;
    llvm::Value *n = nullptr;
    if (!listLeft)
      n = genExprAs(count, Type::Int);
    for (auto &el : list.elements)
      values.push_back(genExprAs(*el, elem));
    if (listLeft)
      n = genExprAs(count, Type::Int);
    n = b_.CreateSelect(b_.CreateICmpSGT(n, i64(0)), n, i64(0));
    int64_t width = static_cast<int64_t>(values.size());
    llvm::Value *len = genIntArith(BinaryOp::Mul, n, i64(width), e.loc());
    llvm::Value *array = allocArray(len, elem, e.loc());
    forRange(i64(0), n, [&](llvm::Value *i) {
      for (int64_t k = 0; k < width; ++k)
        storeElement(array, b_.CreateAdd(b_.CreateMul(i, i64(width)), i64(k)), values[k],
                     elem);
    });
    return array;
  }
  if (auto *s = dyn_cast<SubscriptExpr>(&e); s && s->value->type == Type::Dict)
    return genDictListSubscript(*s); // d[k] of a dict of lists (IRGenDictLists.cpp)
  if (auto *s = dyn_cast<SubscriptExpr>(&e)) {
    llvm::Value *base = genArrayValue(*s->value);
    if (auto *slice = dyn_cast<SliceExpr>(s->index.get())) {
      llvm::Value *view = genSlice(base, *slice, elementType(e.type));
      // Slicing a list copies it, as in Python.
      if (isList(e.type))
        return materialize(memoryGen(view, elementType(e.type)), e.loc());
      return view;
    }
    if (auto *call = dyn_cast<CallExpr>(s->value.get()); call && call->target)
      return base; // np.histogram(a, bins)[0]: the library call computed that part
    internalCheck(isEllipsis(*s->index), "array subscript that is not a slice");
    return base;
  }
  if (auto *call = dyn_cast<CallExpr>(&e); call && call->target)
    return genFunctionCall(*call); // the standard library's new array
  if (auto *call = dyn_cast<CallExpr>(&e); call && isArrayCall(*call)) {
    if (llvm::Value *out; genContainerCall(*call, out))
      return out;
    const BuiltinFunction *f = findBuiltinFunction(call->builtin);
    // np.maximum.accumulate is a ufunc method, in no table.
    if (call->builtin.rfind("method.", 0) == 0 || (f && f->result == BuiltinResult::NewArray) ||
        call->builtin == "numpy.maximum.accumulate" || call->builtin == "numpy.minimum.accumulate")
      return genArrayCall(*call);
  }
  // genArray hands a call it has no lazy form for back here; a call that
  // neither has would go round for ever (a Sema gap), so it is a bug report.
  if (isa<CallExpr>(&e)) {
    auto &call = cast<CallExpr>(e);
    if (arrayValueCall_ == &call)
      throw InternalError("array call '" + call.builtin + "' has no lowering");
    const CallExpr *outer = arrayValueCall_;
    arrayValueCall_ = &call;
    llvm::Value *v = materializeAs(genArray(e), e);
    arrayValueCall_ = outer;
    return v;
  }
  return materializeAs(genArray(e), e);
}

/// Python's slice rules (negative and missing bounds, clamping, any
/// nonzero step, ValueError for a zero one) on a sequence of length n: the
/// first position, the step and how many positions the slice takes
/// (slice.indices and len(range(...)) of them).
IRGen::SliceRange IRGen::sliceRange(llvm::Value *n, const SliceExpr &s) {
  llvm::Value *step = s.step ? genExprAs(*s.step, Type::Int) : i64(1);
  if (s.step)
    check(b_.CreateICmpNE(step, i64(0)), s.step->loc(),
          "ValueError: slice step cannot be zero");
  llvm::Value *up = b_.CreateICmpSGT(step, i64(0));
  auto smax = [&](llvm::Value *a, llvm::Value *c) {
    return b_.CreateSelect(b_.CreateICmpSGT(a, c), a, c);
  };
  auto smin = [&](llvm::Value *a, llvm::Value *c) {
    return b_.CreateSelect(b_.CreateICmpSLT(a, c), a, c);
  };
  // Clamp a bound to [0, n] going up, [-1, n-1] going down.
  auto bound = [&](const ExprPtr &x, llvm::Value *dflt) -> llvm::Value * {
    if (!x)
      return dflt;
    llvm::Value *v = genExprAs(*x, Type::Int);
    llvm::Value *lo = b_.CreateSelect(up, i64(0), i64(-1));
    llvm::Value *hi = b_.CreateSelect(up, n, b_.CreateSub(n, i64(1)));
    llvm::Value *neg = b_.CreateICmpSLT(v, i64(0));
    return b_.CreateSelect(neg, smax(b_.CreateAdd(v, n), lo), smin(v, hi));
  };
  llvm::Value *start = bound(s.start, b_.CreateSelect(up, i64(0), b_.CreateSub(n, i64(1))));
  llvm::Value *stop = bound(s.stop, b_.CreateSelect(up, n, i64(-1)));
  llvm::Value *dist = b_.CreateSelect(up, b_.CreateSub(stop, start), b_.CreateSub(start, stop));
  llvm::Value *mag = b_.CreateSelect(up, step, b_.CreateSub(i64(0), step));
  llvm::Value *count = b_.CreateSelect(
      b_.CreateICmpSGT(dist, i64(0)),
      b_.CreateAdd(b_.CreateUDiv(b_.CreateSub(dist, i64(1)), mag), i64(1)), i64(0));
  return {start, step, count};
}

/// A slice by Python's rules (sliceRange) giving a view: no element is
/// copied.
llvm::Value *IRGen::genSlice(llvm::Value *array, const SliceExpr &s, Type elem) {
  llvm::Value *data = b_.CreateExtractValue(array, 0);
  llvm::Value *stride = b_.CreateExtractValue(array, 2);
  SliceRange r = sliceRange(b_.CreateExtractValue(array, 1), s);
  // An empty view may start past the end; it is never dereferenced.
  llvm::Value *first = b_.CreateSelect(b_.CreateICmpSGT(r.count, i64(0)), r.start, i64(0));
  llvm::Value *newData = b_.CreateGEP(elementStorageType(elem), data,
                                      b_.CreateMul(first, stride));
  return makeArray(newData, r.count, b_.CreateMul(stride, r.step));
}

/// True when evaluating `e` reads an array that a slice assignment could
/// be writing (a writable variable), so the value must be computed fully
/// before any element is stored (numpy's rule for overlapping operands).
bool IRGen::mayAliasWritable(const Expr &e) {
  if (auto *n = dyn_cast<NameExpr>(&e))
    return n->ref == NameRef::Local && isArray(cur_->def->locals[n->localIndex].type) &&
           !cur_->def->locals[n->localIndex].readonlyArray;
  bool any = false;
  auto visit = [&](const Expr *x) {
    if (x)
      any |= mayAliasWritable(*x);
  };
  if (auto *b = dyn_cast<BinaryExpr>(&e)) {
    visit(b->lhs.get());
    visit(b->rhs.get());
  } else if (auto *u = dyn_cast<UnaryExpr>(&e)) {
    visit(u->operand.get());
  } else if (auto *c = dyn_cast<CompareExpr>(&e)) {
    for (auto &o : c->operands)
      visit(o.get());
  } else if (auto *call = dyn_cast<CallExpr>(&e)) {
    if (auto *a = dyn_cast<AttributeExpr>(call->callee.get()))
      visit(a->value.get());
    for (auto &a : call->args)
      visit(a.get());
  } else if (auto *s = dyn_cast<SubscriptExpr>(&e)) {
    visit(s->value.get());
    visit(s->index.get());
  } else if (auto *i = dyn_cast<IfExpExpr>(&e)) {
    visit(i->cond.get());
    visit(i->thenExpr.get());
    visit(i->elseExpr.get());
  }
  return any;
}

/// `a[i:j] = value`, `oline[...] = value`: numpy's assignment into a view,
/// broadcasting a number or a length-1 array.
void IRGen::genSliceAssign(const SubscriptExpr &target, llvm::Value *value, Type valueType,
                           const ShapeRef &valueShape) {
  ArrayGen src = !isArray(valueType) ? scalarGen(value, valueType)
                 : isWindowShape(valueShape)
                     ? windowGen(value, *valueShape, elementType(valueType), false)
                     : memoryGen(value, elementType(valueType));
  storeInto(target, src);
}

void IRGen::storeInto(const SubscriptExpr &target, const ArrayGen &src) {
  if (isArray(target.index->type)) { // a[mask] = v, a[idx] = v
    storeThroughIndex(target, src);
    return;
  }
  Type elem = elementType(target.type);
  if (isWindow(*target.value)) {
    // g[...] = v, g[i, :] = v, g[:, j] = v, g[1:3, 0:2] = v of a 2-D (or
    // n-D) array: the view the subscript reads, written through.
    auto *whole = dyn_cast<NameExpr>(target.index.get());
    const Expr &dst =
        whole && whole->name == "..." ? *target.value : static_cast<const Expr &>(target);
    if (isWindow(dst)) {
      WindowValue w = windowOf(genArrayValue(dst), *dst.shape);
      storeBroadcast(w.extents, w.steps, src, elem, target.loc(),
                     [&](llvm::Value *offset, llvm::Value *v) {
                       if (elem == Type::Bool)
                         v = b_.CreateZExt(v, b_.getInt8Ty());
                       b_.CreateStore(v, windowAddress(w, offset, elem));
                     });
      return;
    }
  }
  llvm::Value *view = genArrayValue(target);
  storeBroadcast({b_.CreateExtractValue(view, 1)}, {i64(1)}, src, elem, target.loc(),
                 [&](llvm::Value *i, llvm::Value *v) { storeElement(view, i, v, elem); });
}

/// The extents of an array value being stored, outermost first: a window's
/// (its run-time dimension from the block's packed extents, or from the
/// length), a 1-D array's length.
std::vector<llvm::Value *> IRGen::storedExtents(const ArrayGen &src) {
  if (src.dims.size() < 2)
    return {src.len};
  std::vector<llvm::Value *> out;
  int64_t known = 1;
  for (int64_t d : src.dims)
    if (d != RuntimeDim)
      known *= d;
  for (size_t d = 0; d < src.dims.size(); ++d) {
    if (src.dims[d] != RuntimeDim)
      out.push_back(i64(src.dims[d]));
    else if (src.blockExtents)
      out.push_back(d == 0 ? b_.CreateLShr(src.blockExtents, i64(32))
                           : b_.CreateAnd(src.blockExtents, i64(0xffffffff)));
    else // the one run-time dimension: what the static ones leave of the length
      out.push_back(known ? b_.CreateUDiv(src.len, i64(known)) : i64(0));
  }
  return out;
}

/// numpy's assignment into a view of the given extents (each dimension's
/// step in `steps`): src is a number, or an array broadcast by numpy's
/// rules (its dimensions aligned on the right, each equal to the view's or
/// 1), else ValueError as numpy words it. Element k of the view (C order)
/// gets the element of src it broadcasts from; `store(offset, v)` writes
/// the element at that offset (the sum of index times step).
void IRGen::storeBroadcast(const std::vector<llvm::Value *> &extents,
                           const std::vector<llvm::Value *> &steps, const ArrayGen &src, Type elem,
                           SourceLoc loc,
                           const std::function<void(llvm::Value *, llvm::Value *)> &store,
                           bool convertSrc) {
  size_t rank = extents.size();
  std::vector<llvm::Value *> srcSteps(rank, i64(0));
  if (src.len) {
    std::vector<llvm::Value *> from = storedExtents(src);
    llvm::Value *ok = b_.getInt1(from.size() <= rank);
    llvm::Value *step = i64(1);
    for (size_t d = from.size(); d-- > 0 && from.size() <= rank;) {
      size_t to = rank - from.size() + d;
      llvm::Value *one = b_.CreateICmpEQ(from[d], i64(1));
      ok = b_.CreateAnd(ok, b_.CreateOr(one, b_.CreateICmpEQ(from[d], extents[to])));
      srcSteps[to] = b_.CreateSelect(one, i64(0), step);
      step = b_.CreateMul(step, from[d]);
    }
    auto shapeText = [](size_t n) {
      std::string t = "(";
      for (size_t d = 0; d < n; ++d)
        t += std::string(d ? "," : "") + "%lld";
      return t + (n == 1 ? ",)" : ")");
    };
    std::vector<llvm::Value *> ints = from;
    ints.insert(ints.end(), extents.begin(), extents.end());
    checkFormatted(ok, loc,
                   "ValueError: could not broadcast input array from shape " +
                       shapeText(from.size()) + " into shape " + shapeText(rank),
                   ints);
  }
  llvm::Value *total = i64(1);
  for (llvm::Value *x : extents)
    total = b_.CreateMul(total, x);
  // convertSrc: src's element converted to the view's (numpy's cast on
  // assignment); else as it is (an in-place operation combines it first).
  auto element = [&](llvm::Value *x, bool scalar) {
    return convertSrc ? storedElement(x, src.elem, elem, scalar, loc) : x;
  };
  llvm::Value *fixed = src.len ? nullptr : element(src.at(i64(0)), true);
  forRange(i64(0), total, [&](llvm::Value *k) {
    llvm::Value *offset = i64(0), *at = i64(0), *rest = k;
    for (size_t d = rank; d-- > 0;) {
      llvm::Value *i = d == 0 ? rest : b_.CreateURem(rest, extents[d]);
      if (d != 0)
        rest = b_.CreateUDiv(rest, extents[d]);
      offset = b_.CreateAdd(offset, b_.CreateMul(i, steps[d]));
      at = b_.CreateAdd(at, b_.CreateMul(i, srcSteps[d]));
    }
    store(offset, fixed ? fixed : element(src.at(at), false));
  });
}

/// `g[i, :] += v`, `g[:, j] *= 2`, `g[1:3, :2] -= block` of a 2-D (n-D)
/// array: numpy's in-place ufunc on the view, the value broadcast to it
/// (computed fully first where it reads a writable array, as numpy copies
/// an overlapping operand). Sema checked numpy's same_kind casting.
void IRGen::genViewAugAssign(const AugAssignStmt &s, const SubscriptExpr &target) {
  ArrayGen src =
      isArray(s.value->type) ? genArray(*s.value) : scalarGen(genExpr(*s.value), s.value->type);
  if (src.len && mayAliasWritable(*s.value)) {
    std::vector<int64_t> dims = src.dims;
    llvm::Value *blockExtents = src.blockExtents;
    src = memoryGen(materialize(src, s.value->loc()), src.elem);
    src.dims = dims;
    src.blockExtents = blockExtents;
  }
  Type elem = elementType(target.type);
  bool bitwise = s.op == BinaryOp::BitAnd || s.op == BinaryOp::BitOr || s.op == BinaryOp::BitXor;
  Type result = elem == Type::Int ? Type::Int : bitwise ? Type::Bool : Type::Float;
  auto combine = elementCombiner(s.op, result, elem, src.elem, !isArray(s.value->type));
  auto *whole = dyn_cast<NameExpr>(target.index.get());
  const Expr &dst =
      whole && whole->name == "..." ? *target.value : static_cast<const Expr &>(target);
  auto update = [&](llvm::Value *old, llvm::Value *v) {
    return convert(combine({old, v}), result, elem);
  };
  if (isWindow(dst)) {
    WindowValue w = windowOf(genArrayValue(dst), *dst.shape);
    storeBroadcast(
        w.extents, w.steps, src, elem, s.loc(),
        [&](llvm::Value *offset, llvm::Value *v) {
          llvm::Value *now = update(loadWindowElement(w, offset, elem), v);
          if (elem == Type::Bool)
            now = b_.CreateZExt(now, b_.getInt8Ty());
          b_.CreateStore(now, windowAddress(w, offset, elem));
        },
        false);
    return;
  }
  llvm::Value *view = genArrayValue(dst);
  storeBroadcast(
      {b_.CreateExtractValue(view, 1)}, {i64(1)}, src, elem, s.loc(),
      [&](llvm::Value *i, llvm::Value *v) {
        storeElement(view, i, update(loadElement(view, i, elem), v), elem);
      },
      false);
}

//===----------------------------------------------------------------------===//
// The arena
//===----------------------------------------------------------------------===//

/// `ptr @llcc.rt.alloc(ptr arena, i64 bytes)`: bump allocation from the
/// current block; a new heap chunk (linked for release) when it is full;
/// null when malloc fails.
IRGen::ArenaSlots IRGen::newArena() {
  llvm::Value *arena = b_.CreateAlloca(arenaTy_, nullptr, "arena");
  llvm::Type *blockTy = llvm::ArrayType::get(b_.getInt64Ty(), ArenaStackWords);
  llvm::Value *block = b_.CreateAlloca(blockTy, nullptr, "arena.block");
  ArenaSlots slots{arena, block};
  resetArena(slots);
  return slots;
}

void IRGen::resetArena(const ArenaSlots &slots) {
  b_.CreateStore(slots.block, b_.CreateStructGEP(arenaTy_, slots.arena, 0));
  b_.CreateStore(b_.CreateConstGEP1_64(b_.getInt64Ty(), slots.block, ArenaStackWords),
                 b_.CreateStructGEP(arenaTy_, slots.arena, 1));
  b_.CreateStore(llvm::ConstantPointerNull::get(b_.getPtrTy()),
                 b_.CreateStructGEP(arenaTy_, slots.arena, 2));
}

llvm::Function *IRGen::arenaAlloc() {
  if (arenaAlloc_)
    return arenaAlloc_;
  llvm::Type *ptr = b_.getPtrTy(), *i64Ty = b_.getInt64Ty();
  arenaAlloc_ = llvm::Function::Create(llvm::FunctionType::get(ptr, {ptr, i64Ty}, false),
                                       llvm::GlobalValue::InternalLinkage, "llcc.rt.alloc",
                                       mod_.get());
  arenaAlloc_->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::FunctionCallee malloc =
      mod_->getOrInsertFunction("malloc", llvm::FunctionType::get(ptr, {i64Ty}, false));
  llvm::IRBuilder<> b(ctx_);
  auto block = [&](const char *n) { return llvm::BasicBlock::Create(ctx_, n, arenaAlloc_); };
  llvm::BasicBlock *entry = block("entry"), *fits = block("fits"), *grow = block("grow"),
                   *got = block("got"), *fail = block("fail");
  b.SetInsertPoint(entry);
  llvm::Value *arena = arenaAlloc_->getArg(0);
  llvm::Value *bytes = b.CreateAnd(b.CreateAdd(arenaAlloc_->getArg(1), b.getInt64(15)),
                                   b.getInt64(~uint64_t(15)));
  llvm::Value *curSlot = b.CreateStructGEP(arenaTy_, arena, 0);
  llvm::Value *endSlot = b.CreateStructGEP(arenaTy_, arena, 1);
  llvm::Value *chunksSlot = b.CreateStructGEP(arenaTy_, arena, 2);
  llvm::Value *cur = b.CreateLoad(ptr, curSlot);
  llvm::Value *end = b.CreateLoad(ptr, endSlot);
  llvm::Value *room = b.CreatePtrDiff(b.getInt8Ty(), end, cur);
  b.CreateCondBr(b.CreateICmpUGE(room, bytes), fits, grow);
  b.SetInsertPoint(fits);
  b.CreateStore(b.CreateGEP(b.getInt8Ty(), cur, bytes), curSlot);
  b.CreateRet(cur);
  b.SetInsertPoint(grow);
  // A chunk: a 16-byte header linking the previous chunk, then the data.
  llvm::Value *want = b.CreateAdd(bytes, b.getInt64(16));
  llvm::Value *size = b.CreateSelect(b.CreateICmpUGT(want, b.getInt64(65536)), want,
                                     b.getInt64(65536));
  llvm::Value *chunk = b.CreateCall(malloc, {size});
  b.CreateCondBr(b.CreateIsNull(chunk), fail, got);
  b.SetInsertPoint(fail);
  b.CreateRet(llvm::ConstantPointerNull::get(b.getPtrTy()));
  b.SetInsertPoint(got);
  b.CreateStore(b.CreateLoad(ptr, chunksSlot), chunk);
  b.CreateStore(chunk, chunksSlot);
  llvm::Value *data = b.CreateGEP(b.getInt8Ty(), chunk, b.getInt64(16));
  b.CreateStore(b.CreateGEP(b.getInt8Ty(), data, bytes), curSlot);
  b.CreateStore(b.CreateGEP(b.getInt8Ty(), chunk, size), endSlot);
  b.CreateRet(data);
  return arenaAlloc_;
}

bool IRGen::mayAllocate(llvm::Function *f, std::set<llvm::Function *> &seen) {
  if (!arenaAlloc_ || f == arenaAlloc_)
    return f == arenaAlloc_;
  if (f->isDeclaration() || !seen.insert(f).second)
    return false;
  for (llvm::BasicBlock &block : *f)
    for (llvm::Instruction &inst : block)
      if (auto *call = llvm::dyn_cast<llvm::CallBase>(&inst)) {
        llvm::Function *callee = call->getCalledFunction();
        if (!callee || mayAllocate(callee, seen))
          return true;
      }
  return false;
}

/// `void @llcc.rt.release(ptr arena)`: frees every heap chunk.
llvm::Function *IRGen::arenaRelease() {
  if (arenaRelease_)
    return arenaRelease_;
  llvm::Type *ptr = b_.getPtrTy();
  arenaRelease_ = llvm::Function::Create(llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false),
                                         llvm::GlobalValue::InternalLinkage, "llcc.rt.release",
                                         mod_.get());
  arenaRelease_->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::FunctionCallee freeFn = mod_->getOrInsertFunction(
      "free", llvm::FunctionType::get(b_.getVoidTy(), {ptr}, false));
  llvm::IRBuilder<> b(ctx_);
  auto block = [&](const char *n) { return llvm::BasicBlock::Create(ctx_, n, arenaRelease_); };
  llvm::BasicBlock *entry = block("entry"), *loop = block("loop"), *body = block("body"),
                   *done = block("done");
  b.SetInsertPoint(entry);
  llvm::Value *first =
      b.CreateLoad(ptr, b.CreateStructGEP(arenaTy_, arenaRelease_->getArg(0), 2));
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *chunk = b.CreatePHI(ptr, 2);
  chunk->addIncoming(first, entry);
  b.CreateCondBr(b.CreateIsNull(chunk), done, body);
  b.SetInsertPoint(body);
  llvm::Value *next = b.CreateLoad(ptr, chunk);
  b.CreateCall(freeFn, {chunk});
  chunk->addIncoming(next, body);
  b.CreateBr(loop);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
  return arenaRelease_;
}

} // namespace llcc
