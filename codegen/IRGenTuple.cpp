//===- IRGenTuple.cpp - Tuples, for-loop iterables and constant data ------===//
//
// A tuple is an SSA value: an LLVM literal struct of its members (i1, i64,
// double, the {i1, i64, double} int-or-float, or a nested tuple's struct),
// so returning `mean, var` from a helper, unpacking it and passing it on
// never touch memory. A member read with an index computed at run time
// (`T[i]`, `for w in T`) converts the members to their join and reads them
// from a table: constant data when every member is a constant (a private
// global, like a module-level `WEIGHTS = (1, 2, 1)`), a stack array
// otherwise. Module-level `np.array([...])` constants are private global
// arrays. For loops over enumerate/zip/reversed/tuples walk an index k
// over an Iterable: a length and the code that makes element k.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

#include <llvm/Support/Casting.h>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace llcc {

namespace {

/// The value of an integer literal, possibly negated.
bool constantIndex(const Expr &e, int64_t &value) {
  if (auto *lit = dyn_cast<IntLiteralExpr>(&e)) {
    value = lit->value;
    return !lit->overflow;
  }
  if (auto *u = dyn_cast<UnaryExpr>(&e))
    if (u->op == UnaryExpr::Op::Neg && constantIndex(*u->operand, value)) {
      value = -value;
      return true;
    }
  return false;
}

Type arithmeticJoin(Type a, Type b) {
  if (a == Type::Float || b == Type::Float)
    return Type::Float;
  if (a == Type::IntOrFloat || b == Type::IntOrFloat)
    return Type::IntOrFloat;
  return Type::Int;
}

} // namespace

/// A struct of `members`: one constant when all are constants (a long
/// constant tuple would otherwise fold one insertvalue at a time, quadratic
/// in its length), else an insertvalue chain.
llvm::Value *IRGen::buildStruct(llvm::Type *type, const std::vector<llvm::Value *> &members) {
  std::vector<llvm::Constant *> constants;
  for (llvm::Value *m : members)
    if (auto *c = dyn_cast<llvm::Constant>(m))
      constants.push_back(c);
  if (constants.size() == members.size())
    return llvm::ConstantStruct::get(cast<llvm::StructType>(type), constants);
  llvm::Value *out = llvm::UndefValue::get(type);
  for (size_t i = 0; i < members.size(); ++i)
    out = b_.CreateInsertValue(out, members[i], static_cast<unsigned>(i));
  return out;
}

llvm::Type *IRGen::llvmType(Type t, const ShapeRef &shape) {
  if (t != Type::Tuple)
    return llvmType(t);
  internalCheck(shape != nullptr, "a tuple without a shape reached code generation");
  std::vector<llvm::Type *> members;
  for (size_t i = 0; i < shape->members.size(); ++i)
    members.push_back(llvmType(shape->members[i], shape->memberShapes[i]));
  return llvm::StructType::get(ctx_, members);
}

Type IRGen::kindOfValue(llvm::Type *t) {
  if (t->isIntegerTy(1))
    return Type::Bool;
  if (t->isIntegerTy(64))
    return Type::Int;
  if (t->isDoubleTy())
    return Type::Float;
  if (t == numberTy_)
    return Type::IntOrFloat;
  if (auto *st = dyn_cast<llvm::StructType>(t); st && st->isLiteral())
    return Type::Tuple;
  throw InternalError("a tuple member of an unexpected LLVM type");
}

/// A value of any number or tuple type converted to `to` (a tuple member
/// by member, each as Python would promote it).
llvm::Value *IRGen::coerce(llvm::Value *v, Type to, const ShapeRef &toShape, SourceLoc loc) {
  Type from = kindOfValue(v->getType());
  if (to != Type::Tuple || from != Type::Tuple)
    return convert(v, from, to, loc);
  llvm::Type *target = llvmType(to, toShape);
  if (v->getType() == target)
    return v;
  auto *st = cast<llvm::StructType>(v->getType());
  internalCheck(st->getNumElements() == toShape->members.size(), "tuple length mismatch");
  std::vector<llvm::Value *> members;
  for (unsigned i = 0; i < st->getNumElements(); ++i)
    members.push_back(
        coerce(b_.CreateExtractValue(v, i), toShape->members[i], toShape->memberShapes[i], loc));
  return buildStruct(target, members);
}

/// `(a, b, c)`, and a module-level list constant: the members evaluated
/// left to right into a struct.
llvm::Value *IRGen::genTupleValue(const Expr &e) {
  const std::vector<ExprPtr> &elements =
      isa<TupleExpr>(&e) ? cast<TupleExpr>(e).elements : cast<ListExpr>(e).elements;
  std::vector<llvm::Value *> members;
  for (size_t i = 0; i < elements.size(); ++i)
    members.push_back(coerce(genExpr(*elements[i]), e.shape->members[i],
                             e.shape->memberShapes[i], elements[i]->loc()));
  return buildStruct(llvmType(Type::Tuple, e.shape), members);
}

/// `(a, b)` from members already evaluated (`x = y = a, b`).
llvm::Value *IRGen::genTupleOf(const std::vector<llvm::Value *> &values, const Expr &e) {
  std::vector<llvm::Value *> members;
  for (size_t i = 0; i < values.size(); ++i)
    members.push_back(coerce(values[i], e.shape->members[i], e.shape->memberShapes[i], e.loc()));
  return buildStruct(llvmType(Type::Tuple, e.shape), members);
}

/// The members of a tuple converted to `elem` in memory, for reads with a
/// run-time index: a constant table when all members are constants.
llvm::Value *IRGen::tupleTable(llvm::Value *tuple, Type elem, const ShapeRef &elemShape,
                               SourceLoc loc, bool storageBytes) {
  auto *st = cast<llvm::StructType>(tuple->getType());
  std::vector<llvm::Value *> items;
  bool allConstant = true;
  for (unsigned i = 0; i < st->getNumElements(); ++i) {
    llvm::Value *m = coerce(b_.CreateExtractValue(tuple, i), elem, elemShape, loc);
    if (storageBytes && elem == Type::Bool)
      m = b_.CreateZExt(m, b_.getInt8Ty());
    allConstant &= isa<llvm::Constant>(m);
    items.push_back(m);
  }
  llvm::Type *itemTy = storageBytes && elem == Type::Bool ? b_.getInt8Ty()
                                                         : llvmType(elem, elemShape);
  auto *arrayTy = llvm::ArrayType::get(itemTy, items.size());
  if (allConstant) {
    std::vector<llvm::Constant *> constants;
    for (llvm::Value *v : items)
      constants.push_back(cast<llvm::Constant>(v));
    llvm::Constant *init = llvm::ConstantArray::get(arrayTy, constants);
    auto &global = constantTables_[init];
    if (!global) {
      global = new llvm::GlobalVariable(*mod_, arrayTy, true, llvm::GlobalValue::PrivateLinkage,
                                        init, "llcc.const");
      global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    }
    return global;
  }
  llvm::AllocaInst *table = entryAlloca(arrayTy, "tuple.table");
  for (size_t i = 0; i < items.size(); ++i)
    b_.CreateStore(items[i], b_.CreateConstGEP2_64(arrayTy, table, 0, i));
  return table;
}

/// `T[k]` becomes an extractvalue for a constant k in range; any other
/// index is checked (IndexError, as CPython) and read from tupleTable.
llvm::Value *IRGen::genTupleSubscript(const SubscriptExpr &e) {
  llvm::Value *tuple = genExpr(*e.value);
  return tupleMember(tuple, *e.value->shape, *e.index, e.type, e.shape, e.loc());
}

/// Member `index` of `tuple`, converted to `type`: an extractvalue for a
/// constant index in range, else a checked read from tupleTable.
llvm::Value *IRGen::tupleMember(llvm::Value *tuple, const Shape &shape, const Expr &index,
                                Type type, const ShapeRef &typeShape, SourceLoc loc) {
  auto n = static_cast<int64_t>(shape.members.size());
  int64_t k;
  if (constantIndex(index, k) && k >= -n && k < n)
    return coerce(b_.CreateExtractValue(tuple, static_cast<unsigned>(k < 0 ? k + n : k)), type,
                  typeShape, loc);
  llvm::Value *i =
      index.type == Type::IntOrFloat
          ? requireInt(genExpr(index), index.loc(),
                       "TypeError: tuple indices must be integers or slices, not float")
          : genExprAs(index, Type::Int);
  llvm::Value *adjusted =
      b_.CreateSelect(b_.CreateICmpSLT(i, i64(0)), b_.CreateAdd(i, i64(n)), i);
  check(b_.CreateICmpULT(adjusted, i64(n)), index.loc(), "IndexError: tuple index out of range");
  llvm::Value *table = tupleTable(tuple, type, typeShape, loc, false);
  llvm::Type *elemTy = llvmType(type, typeShape);
  auto *arrayTy = llvm::ArrayType::get(elemTy, static_cast<uint64_t>(n));
  return b_.CreateLoad(elemTy, b_.CreateInBoundsGEP(arrayTy, table, {i64(0), adjusted}));
}

/// numpy's array of a tuple of numbers (np.sum(T), values * T): int64,
/// float64 or bool elements, as Sema's tupleArrayType chose.
IRGen::ArrayGen IRGen::tupleArrayGen(const Expr &e) {
  Type elem = Type::Bool;
  for (Type m : e.shape->members)
    elem = m == Type::Float ? Type::Float
           : (m == Type::Int && elem != Type::Float) ? Type::Int
                                                     : elem;
  if (e.shape->members.empty())
    elem = Type::Float;
  llvm::Value *table = tupleTable(genExpr(e), elem, nullptr, e.loc(), true);
  llvm::Value *array =
      makeArray(table, i64(static_cast<int64_t>(e.shape->members.size())), i64(1));
  return memoryGen(array, elem);
}

/// A module-level `np.array([...])`: a private constant global, made once.
llvm::Value *IRGen::constantArray(int constIndex) {
  const Constant &c = ast_.constants.at(constIndex);
  auto &global = constantArrays_[constIndex];
  const Expr &data = *cast<CallExpr>(*c.value).args[0];
  auto n = static_cast<int64_t>(data.shape->members.size());
  bool twoD = c.shape && c.shape->dims.size() == 2;
  if (twoD)
    n *= c.shape->dims[1];
  if (!global) {
    Type elem = elementType(c.type);
    llvm::Value *table = genExpr(data);
    if (twoD) {
      // The rows' members in C order: the window's data.
      std::vector<llvm::Value *> items;
      for (unsigned r = 0; r < data.shape->members.size(); ++r) {
        llvm::Value *row = b_.CreateExtractValue(table, r);
        const ShapeRef &rowShape = data.shape->memberShapes[r];
        for (unsigned k = 0; k < rowShape->members.size(); ++k)
          items.push_back(convert(b_.CreateExtractValue(row, k), rowShape->members[k], elem,
                                  c.loc));
      }
      std::vector<llvm::Type *> types;
      for (llvm::Value *v : items)
        types.push_back(v->getType());
      auto *flatTy = llvm::StructType::get(ctx_, types);
      llvm::Value *flat = llvm::UndefValue::get(flatTy);
      for (unsigned i = 0; i < items.size(); ++i)
        flat = b_.CreateInsertValue(flat, items[i], i);
      table = flat;
    }
    global = tupleTable(table, elem, nullptr, c.loc, true);
  }
  return makeArray(global, i64(n), i64(1));
}

/// len, sum, min and max of a tuple, folded over its members as Python's
/// builtins do: sum adds left to right from the int 0, max keeps the first
/// of equal members and replaces only when `item > best`.
llvm::Value *IRGen::genTupleBuiltin(const CallExpr &e) {
  const Expr &arg = *e.args[0];
  llvm::Value *tuple = genExpr(arg);
  const Shape &s = *arg.shape;
  const std::string &name = e.builtin;
  auto n = static_cast<unsigned>(s.members.size());
  if (name == "len")
    return i64(n);
  if (name == "sum") {
    llvm::Value *acc = i64(0);
    Type accType = Type::Int;
    for (unsigned i = 0; i < n; ++i) {
      Type result = arithmeticJoin(accType, s.members[i]);
      acc = genArith(BinaryOp::Add, acc, accType, b_.CreateExtractValue(tuple, i), s.members[i],
                     result, e.loc(), !arg.mayBeNumpy);
      accType = result;
    }
    return convert(acc, accType, e.type, e.loc());
  }
  if (n == 0) {
    fail(e.loc(), "ValueError: " + name + "() arg is an empty sequence");
    startDeadBlock();
    return llvm::UndefValue::get(llvmType(e.type));
  }
  CompareOp op = name == "max" ? CompareOp::Gt : CompareOp::Lt;
  if (e.type == Type::Tuple) { // min(OFFSETS): CPython's tuple order, first of equals
    llvm::Value *best = coerce(b_.CreateExtractValue(tuple, 0), Type::Tuple, e.shape, e.loc());
    for (unsigned i = 1; i < n; ++i) {
      llvm::Value *item = coerce(b_.CreateExtractValue(tuple, i), Type::Tuple, e.shape, e.loc());
      best = b_.CreateSelect(tupleCompare(op, item, best, nullptr, nullptr), item, best);
    }
    return best;
  }
  llvm::Value *best = convert(b_.CreateExtractValue(tuple, 0), s.members[0], e.type, e.loc());
  for (unsigned i = 1; i < n; ++i) {
    llvm::Value *item = b_.CreateExtractValue(tuple, i);
    llvm::Value *better = genNumberCompare(op, item, s.members[i], best, e.type);
    best = b_.CreateSelect(better, convert(item, s.members[i], e.type, e.loc()), best);
  }
  return best;
}

/// `a op b` of two tuples: CPython's comparison (IRGenTupleCompare.cpp).
llvm::Value *IRGen::genTupleCompare(const CompareExpr &e) {
  llvm::Value *a = genExpr(*e.operands[0]);
  llvm::Value *b = genExpr(*e.operands[1]);
  return tupleCompare(e.ops[0], a, b, e.operands[0].get(), e.operands[1].get());
}

//===----------------------------------------------------------------------===//
// Unpacking and loops
//===----------------------------------------------------------------------===//

/// `target = value` for a name, an element or a (nested) tuple of
/// targets. An array unpacked into n targets must have length n, else
/// ValueError with CPython's message; every element is read before any
/// target is written, as Python does.
void IRGen::genUnpack(const Expr &target, llvm::Value *value, Type type, const ShapeRef &shape,
                      SourceLoc loc) {
  auto *tt = dyn_cast<TupleExpr>(&target);
  if (!tt) {
    genAssign(target, value, type, shape);
    return;
  }
  size_t n = tt->elements.size();
  std::vector<llvm::Value *> items;
  if (type == Type::Tuple) {
    for (size_t i = 0; i < n; ++i)
      items.push_back(b_.CreateExtractValue(value, static_cast<unsigned>(i)));
    for (size_t i = 0; i < n; ++i)
      genUnpack(*tt->elements[i], items[i], shape->members[i], shape->memberShapes[i], loc);
    return;
  }
  internalCheck(isArray(type) || type == Type::TupleList,
                "unpacking a value that is neither a tuple nor an array");
  llvm::Value *len = b_.CreateExtractValue(value, 1);
  std::string expected = "(expected " + std::to_string(n);
  check(b_.CreateICmpSLE(len, i64(static_cast<int64_t>(n))), loc,
        "ValueError: too many values to unpack " + expected + ")");
  // The count CPython reports is part of the message: one error block per
  // possible short length.
  for (size_t got = 0; got < n; ++got)
    check(b_.CreateICmpNE(len, i64(static_cast<int64_t>(got))), loc,
          "ValueError: not enough values to unpack " + expected + ", got " +
              std::to_string(got) + ")");
  if (type == Type::TupleList) { // `(k, n), = pairs`: each target one tuple
    llvm::Type *elemTy = llvmType(Type::Tuple, shape->elemShape);
    for (size_t i = 0; i < n; ++i)
      items.push_back(tupleListAt(value, elemTy, i64(static_cast<int64_t>(i))));
    for (size_t i = 0; i < n; ++i)
      genUnpack(*tt->elements[i], items[i], Type::Tuple, shape->elemShape, loc);
    return;
  }
  Type elem = elementType(type);
  for (size_t i = 0; i < n; ++i)
    items.push_back(loadElement(value, i64(static_cast<int64_t>(i)), elem));
  for (size_t i = 0; i < n; ++i)
    genUnpack(*tt->elements[i], items[i], elem, nullptr, loc);
}

/// What a for loop walks: range(...), an array, a tuple, and enumerate,
/// zip and reversed of those.
IRGen::Iterable IRGen::genIterable(const Expr &iter) {
  auto *call = dyn_cast<CallExpr>(&iter);
  const std::string builtin = call && !call->target ? call->builtin : "";
  if (builtin == "range") {
    std::vector<llvm::Value *> args;
    for (auto &a : call->args)
      args.push_back(genExprAs(*a, Type::Int));
    llvm::Value *start = args.size() == 1 ? i64(0) : args[0];
    llvm::Value *stop = args.size() == 1 ? args[0] : args[1];
    llvm::Value *step = args.size() == 3 ? args[2] : i64(1);
    if (args.size() == 3)
      check(b_.CreateICmpNE(step, i64(0)), call->args[2]->loc(),
            "ValueError: range() arg 3 must not be zero");
    llvm::Value *up = b_.CreateICmpSGT(step, i64(0));
    llvm::Value *dist = b_.CreateSelect(up, b_.CreateSub(stop, start), b_.CreateSub(start, stop));
    llvm::Value *mag = b_.CreateSelect(up, step, b_.CreateSub(i64(0), step));
    llvm::Value *nonEmpty =
        b_.CreateSelect(up, b_.CreateICmpSLT(start, stop), b_.CreateICmpSGT(start, stop));
    llvm::Value *count = b_.CreateSelect(
        nonEmpty, b_.CreateAdd(b_.CreateUDiv(b_.CreateSub(dist, i64(1)), mag), i64(1)), i64(0));
    return {count,
            [this, start, step](llvm::Value *k) { return b_.CreateAdd(start, b_.CreateMul(k, step)); },
            Type::Int, nullptr};
  }
  if (builtin == "reversed") {
    Iterable inner = genIterable(*call->args[0]);
    llvm::Value *last = b_.CreateSub(inner.len, i64(1));
    auto at = inner.at;
    return {inner.len, [this, last, at](llvm::Value *k) { return at(b_.CreateSub(last, k)); },
            inner.type, inner.shape};
  }
  if (builtin == "enumerate" || builtin == "zip") {
    std::vector<Iterable> parts;
    size_t count = builtin == "enumerate" ? 1 : call->args.size();
    for (size_t i = 0; i < count; ++i)
      parts.push_back(genIterable(*call->args[i]));
    llvm::Value *start = nullptr;
    if (builtin == "enumerate")
      start = call->args.size() == 2 ? genExprAs(*call->args[1], Type::Int) : i64(0);
    llvm::Value *len = parts[0].len;
    for (size_t i = 1; i < parts.size(); ++i)
      len = b_.CreateSelect(b_.CreateICmpSLT(parts[i].len, len), parts[i].len, len);
    std::vector<Type> members;
    std::vector<ShapeRef> shapes;
    if (start) {
      members.push_back(Type::Int);
      shapes.push_back(nullptr);
    }
    for (const Iterable &p : parts) {
      members.push_back(p.type);
      shapes.push_back(p.shape);
    }
    ShapeRef shape = makeTupleShape(members, shapes);
    llvm::Type *tupleTy = llvmType(Type::Tuple, shape);
    auto at = [this, parts, start, tupleTy](llvm::Value *k) {
      llvm::Value *out = llvm::UndefValue::get(tupleTy);
      unsigned m = 0;
      if (start)
        out = b_.CreateInsertValue(out, b_.CreateAdd(start, k), m++);
      for (const Iterable &p : parts)
        out = b_.CreateInsertValue(out, p.at(k), m++);
      return out;
    };
    Iterable out{len, at, Type::Tuple, shape};
    if (builtin == "zip" && call->zipStrict) {
      std::vector<llvm::Value *> lens;
      for (const Iterable &p : parts)
        lens.push_back(p.len);
      out.exhausted = [this, call, lens] { checkZipStrict(*call, lens); };
    }
    return out;
  }
  if (iter.type == Type::Tuple) {
    Type elem;
    ShapeRef elemShape;
    joinMembers(iter.shape, elem, elemShape);
    auto n = static_cast<int64_t>(iter.shape->members.size());
    if (n == 0)
      return {i64(0), [this](llvm::Value *) -> llvm::Value * { return i64(0); }, Type::Int,
              nullptr};
    llvm::Value *table = tupleTable(genExpr(iter), elem, elemShape, iter.loc(), false);
    llvm::Type *elemTy = llvmType(elem, elemShape);
    auto *arrayTy = llvm::ArrayType::get(elemTy, static_cast<uint64_t>(n));
    return {i64(n),
            [this, table, elemTy, arrayTy](llvm::Value *k) {
              return b_.CreateLoad(elemTy, b_.CreateInBoundsGEP(arrayTy, table, {i64(0), k}));
            },
            elem, elemShape};
  }
  if (iter.type == Type::TupleList) {
    llvm::Value *list = genTupleList(iter);
    llvm::Type *elemTy = tupleListElemType(iter);
    return {b_.CreateExtractValue(list, 1),
            [this, list, elemTy](llvm::Value *k) { return tupleListAt(list, elemTy, k); },
            Type::Tuple, iter.shape->elemShape};
  }
  ArrayGen g = genArray(iter);
  return {g.len, g.at, g.elem, nullptr};
}

bool IRGen::liveIterable(const ForStmt &s, Iterable &out) {
  auto *call = dyn_cast<CallExpr>(s.iter.get());
  bool enumerate = call && !call->target && call->builtin == "enumerate";
  const Expr &base = enumerate ? *call->args[0] : *s.iter;
  int local = liveList(base, s.body);
  if (local < 0)
    return false;
  loadLocal(local, base.loc()); // UnboundLocalError before the loop
  llvm::Value *start =
      enumerate ? (call->args.size() == 2 ? genExprAs(*call->args[1], Type::Int) : i64(0))
                : nullptr;
  Type listType = cur_->def->locals[local].type;
  llvm::Value *slot = cur_->slots[local];
  llvm::Type *listTy = llvmType(listType);
  Type elem = listType == Type::TupleList ? Type::Tuple : elementType(listType);
  ShapeRef elemShape = listType == Type::TupleList ? base.shape->elemShape : nullptr;
  llvm::Type *tupleElemTy = listType == Type::TupleList ? tupleListElemType(base) : nullptr;
  auto element = [this, slot, listTy, elem, tupleElemTy](llvm::Value *k) {
    llvm::Value *list = b_.CreateLoad(listTy, slot);
    return tupleElemTy ? tupleListAt(list, tupleElemTy, k) : loadElement(list, k, elem);
  };
  out = Iterable{nullptr, element, elem, elemShape};
  out.liveLen = [this, slot, listTy] {
    return b_.CreateExtractValue(b_.CreateLoad(listTy, slot), 1);
  };
  if (enumerate) {
    ShapeRef shape = makeTupleShape({Type::Int, elem}, {nullptr, elemShape});
    llvm::Type *tupleTy = llvmType(Type::Tuple, shape);
    out.at = [this, element, start, tupleTy](llvm::Value *k) {
      llvm::Value *pair = llvm::UndefValue::get(tupleTy);
      pair = b_.CreateInsertValue(pair, b_.CreateAdd(start, k), 0);
      return b_.CreateInsertValue(pair, element(k), 1);
    };
    out.type = Type::Tuple;
    out.shape = shape;
  }
  return true;
}

/// `for target in iterable`: an index k from 0 to the iterable's length;
/// the target (a name or a nested tuple of names) is assigned element k.
void IRGen::genIterFor(const ForStmt &s) {
  Iterable it;
  if (!liveIterable(s, it))
    it = genIterable(*s.iter);
  genForLoop(
      s, it.len, "for", LoopBound::Signed, LoopHint::UnrollSmallConstant,
      [&](llvm::Value *k) { genUnpack(*s.target, it.at(k), it.type, it.shape, s.target->loc()); },
      it.exhausted, it.liveLen);
}

/// CPython's zip(strict=True) raises when the shortest argument runs out
/// and another has items left: the first argument to run out is the first
/// of the shortest length; if it is not the first argument it is "shorter"
/// than those before it, otherwise the first longer one is "longer". Known
/// lengths fold the checks away.
void IRGen::checkZipStrict(const CallExpr &zip, const std::vector<llvm::Value *> &lens) {
  llvm::Value *shortest = lens[0];
  for (size_t i = 1; i < lens.size(); ++i)
    shortest = b_.CreateSelect(b_.CreateICmpSLT(lens[i], shortest), lens[i], shortest);
  llvm::Value *firstShortest = b_.CreateICmpEQ(lens[0], shortest);
  auto before = [](size_t i) {
    return i == 1 ? std::string("argument 1") : "arguments 1-" + std::to_string(i);
  };
  for (size_t i = 1; i < lens.size(); ++i)
    check(b_.CreateOr(firstShortest, b_.CreateICmpNE(lens[i], shortest)), zip.args[i]->loc(),
          "ValueError: zip() argument " + std::to_string(i + 1) + " is shorter than " + before(i));
  for (size_t i = 1; i < lens.size(); ++i)
    check(b_.CreateOr(b_.CreateNot(firstShortest), b_.CreateICmpEQ(lens[i], shortest)),
          zip.args[i]->loc(),
          "ValueError: zip() argument " + std::to_string(i + 1) + " is longer than " + before(i));
}

} // namespace llcc
