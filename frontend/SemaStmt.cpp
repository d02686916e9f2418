//===- SemaStmt.cpp - The inference walk over statements ------------------===//
//
// Step 4 and 5 of Sema.cpp's pipeline: one walk over a function's
// statements, run silently in every inference round and once more, with
// the fixed types, to report. Assignments join the value's type into the
// target local's (assignTo handles names, tuples, subscripts and
// containers); loops, branches, raise, assert and return type their parts.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <optional>

#include <functional>

namespace llcc {
namespace sema {

//===----------------------------------------------------------------------===//
// Inference walk (also the final, reporting walk)
//===----------------------------------------------------------------------===//

void Sema::inferFunction(FunctionDef &fn) {
  // A standard library function is typed once its calls have given every
  // parameter a type: typed earlier, a comparison of a still unknown array
  // would fix a local as a bool.
  if (fn.isLibrary)
    for (size_t i = 0; i < fn.params.size() && i < fn.locals.size(); ++i)
      if (!fn.params[i].defaultValue && fn.locals[i].type == Type::Unknown)
        return;
  fn_ = &fn;
  locals_.clear();
  // The library's functions name numpy `np` and math `math` whatever the
  // user's file imports (`from scipy import stats` alone, `import numpy`):
  // those two names mean the modules while one is typed.
  std::vector<std::pair<std::string, std::optional<std::string>>> userAliases;
  if (fn.isLibrary)
    for (const char *name : {"np", "math"}) {
      auto it = moduleAliases_.find(name);
      userAliases.push_back(
          {name, it == moduleAliases_.end() ? std::nullopt : std::optional(it->second)});
      moduleAliases_[name] = std::string(name) == "np" ? "numpy" : "math";
    }
  // Hidden locals (comprehension targets, lambda parameters) are in scope
  // only where their comprehension or lambda binds them.
  for (size_t i = 0; i < fn.locals.size(); ++i)
    if (!fn.locals[i].hidden)
      locals_[fn.locals[i].name] = static_cast<int>(i);
  // Helper parameters with defaults take the default's type too.
  for (size_t i = 0; i < fn.params.size(); ++i) {
    if (fn.params[i].defaultValue && !isa<NoneLiteralExpr>(fn.params[i].defaultValue.get())) {
      bool saved = inConstant_;
      inConstant_ = true;
      Type t = constantExprType(*fn.params[i].defaultValue);
      inConstant_ = saved;
      if (i < fn.locals.size()) {
        if (!joinInto(fn.locals[i].type, fn.locals[i].shape, t, fn.params[i].defaultValue->shape))
          error(fn.params[i].defaultValue->loc(),
                "this default is a tuple of another shape than the arguments passed for '" +
                    fn.params[i].name + "'");
        Type j = join(fn.locals[i].type, t);
        if (j != fn.locals[i].type) {
          fn.locals[i].type = j;
          changed_ = true;
        }
      }
    }
  }
  walkBlock(fn.body, 0);
  for (auto &[name, alias] : userAliases)
    if (alias)
      moduleAliases_[name] = *alias;
    else
      moduleAliases_.erase(name);
  fn_ = nullptr;
}

void Sema::walkBlock(const Block &block, unsigned loopDepth) {
  for (const auto &stmt : block)
    walkStmt(*stmt, loopDepth);
}

/// `best = None`: the variable holds None or a number (its type is the
/// numbers assigned elsewhere, float when none is), with a None flag that
/// `is None` reads and every other read checks (TypeError), as a parameter
/// whose default is None. Only plain variables: not a parameter with
/// another default (its flag would change how it is passed), an element,
/// or a tuple target.
void Sema::assignNone(AssignStmt &s) {
  s.value->type = Type::None;
  for (auto &target : s.targets) {
    auto *name = dyn_cast<NameExpr>(target.get());
    auto it = name ? locals_.find(name->name) : locals_.end();
    if (it == locals_.end()) {
      error(target->loc(), "None can be assigned only to a variable (best = None), which then "
                           "holds None or a number");
      continue;
    }
    name->ref = NameRef::Local;
    name->localIndex = it->second;
    LocalVar &var = fn_->locals[it->second];
    if (var.isParam && !var.mayBeNone) {
      error(target->loc(), "cannot assign None to parameter '" + name->name +
                               "': only a parameter whose default is None may hold None; use "
                               "another variable");
      continue;
    }
    if (var.type != Type::Unknown && !isNumeric(var.type) && var.type != Type::IntOrFloat) {
      error(target->loc(), "'" + name->name + "' holds a " + describeShape(var.type, var.shape) +
                               " elsewhere; in llcc only a variable holding numbers may also "
                               "hold None");
      continue;
    }
    if (!var.mayBeNone) {
      var.mayBeNone = true;
      changed_ = true;
    }
    name->type = var.type;
  }
}

/// `w /= w.sum()`, `a *= 2`, `k += 1` of a 1-D numpy array: numpy updates
/// the array in place (every view of it sees the change), which is
/// `w[...] = w / w.sum()`: numpy computes the right side first (copying an
/// operand that overlaps the output), then writes. Only where numpy's
/// same_kind casting accepts the result: an int array takes int results
/// (a float one raises UFuncTypeError), a bool array `&`, `|`, `^` of bools;
/// the others stay augmented assignments, which Sema then reports. True
/// when a statement was rewritten.
bool Sema::rewriteArrayAugAssigns() {
  bool any = false;
  std::function<void(Block &)> visit = [&](Block &block) {
    for (StmtPtr &st : block) {
      forEachChildBlock(*st, visit);
      auto *s = dyn_cast<AugAssignStmt>(st.get());
      // `a[m] += v`, `a[idx] *= 2`, `a[1:3] -= v` of an array are
      // `a[m] = a[m] + v` (numpy's __setitem__ of __getitem__'s in-place
      // result; a repeated index adds once, as numpy's), when the index can
      // be evaluated twice.
      auto *sub = s ? dyn_cast<SubscriptExpr>(s->target.get()) : nullptr;
      auto *base = sub ? dyn_cast<NameExpr>(sub->value.get()) : nullptr;
      ExprPtr reread;
      // (A row, column or block of a 2-D array, `g[i, :] += v`, stays an
      // in-place operation on the view: typeOfViewAugAssign.)
      if (base && base->ref == NameRef::Local && isNdarray(sub->type) && s->value &&
          (!isWindow(*base) || isArray(sub->index->type)))
        reread = copyPure(sub);
      auto *name = s ? (reread ? base : dyn_cast<NameExpr>(s->target.get())) : nullptr;
      if (!name || name->ref != NameRef::Local || !isNdarray(name->type) || !s->value)
        continue;
      if (!reread && !isa<NameExpr>(s->target.get()))
        continue;
      Type vt = s->value->type;
      // A 2-D array takes a number or an array of its own shape (`g /= g.sum()`).
      if (!reread && isWindow(*name) && isNdarray(vt) &&
          !(s->value->shape && name->shape && s->value->shape->dims == name->shape->dims))
        continue;
      Type elem = elementType(name->type);
      Type valueElem = isNdarray(vt) ? elementType(vt) : vt;
      if (!isNumeric(valueElem) && valueElem != Type::IntOrFloat)
        continue;
      bool bitwise =
          s->op == BinaryOp::BitAnd || s->op == BinaryOp::BitOr || s->op == BinaryOp::BitXor;
      bool ok = false;
      switch (elem) {
      case Type::Float:
        ok = s->op == BinaryOp::Add || s->op == BinaryOp::Sub || s->op == BinaryOp::Mul ||
             s->op == BinaryOp::Div || s->op == BinaryOp::FloorDiv || s->op == BinaryOp::Mod ||
             s->op == BinaryOp::Pow;
        break;
      case Type::Int:
        ok = (valueElem == Type::Int || valueElem == Type::Bool) &&
             (s->op == BinaryOp::Add || s->op == BinaryOp::Sub || s->op == BinaryOp::Mul ||
              s->op == BinaryOp::FloorDiv || s->op == BinaryOp::Mod || bitwise);
        break;
      case Type::Bool:
        ok = valueElem == Type::Bool && bitwise;
        break;
      default:
        break;
      }
      if (!ok)
        continue;
      SourceLoc at = name->loc();
      std::vector<ExprPtr> targets;
      if (reread)
        targets.push_back(std::move(s->target));
      else
        targets.push_back(std::make_unique<SubscriptExpr>(
            at, std::make_unique<NameExpr>(at, name->name), std::make_unique<NameExpr>(at, "...")));
      ExprPtr current = reread ? std::move(reread) : std::make_unique<NameExpr>(at, name->name);
      auto value =
          std::make_unique<BinaryExpr>(s->loc(), s->op, std::move(current), std::move(s->value));
      st = std::make_unique<AssignStmt>(s->loc(), std::move(targets), std::move(value));
      any = true;
    }
  };
  for (auto &fn : module_.functions)
    visit(fn->body);
  return any;
}

/// `d = [..] if c else [..]` and `return a if c else b` where an arm is an
/// array, a list, a dict or a set, which a conditional expression cannot
/// hold in llcc: the if statement that does the same (Python evaluates the
/// condition, then one arm, then stores or returns it). True when a
/// statement was rewritten; a nested choice in an arm is rewritten by the
/// next call.
bool Sema::rewriteContainerChoices() {
  bool any = false;
  auto container = [](const Expr &x) {
    return isArray(x.type) || x.type == Type::TupleList || x.type == Type::ArrayList ||
           isHashContainer(x.type);
  };
  std::function<void(Block &)> visit = [&](Block &block) {
    for (StmtPtr &st : block) {
      forEachChildBlock(*st, visit);
      auto *assign = dyn_cast<AssignStmt>(st.get());
      auto *ret = dyn_cast<ReturnStmt>(st.get());
      Expr *value = assign && assign->targets.size() == 1 ? assign->value.get()
                    : ret                                 ? ret->value.get()
                                                          : nullptr;
      auto *choice = llvm::dyn_cast_or_null<IfExpExpr>(value);
      if (!choice || choice->eager || !(container(*choice->thenExpr) || container(*choice->elseExpr)))
        continue;
      SourceLoc at = st->loc();
      Block thenBody, elseBody;
      if (assign) {
        ExprPtr again = copyPure(assign->targets[0].get());
        if (!again)
          continue;
        std::vector<ExprPtr> first, second;
        first.push_back(std::move(assign->targets[0]));
        second.push_back(std::move(again));
        thenBody.push_back(
            std::make_unique<AssignStmt>(at, std::move(first), std::move(choice->thenExpr)));
        elseBody.push_back(
            std::make_unique<AssignStmt>(at, std::move(second), std::move(choice->elseExpr)));
      } else {
        thenBody.push_back(std::make_unique<ReturnStmt>(at, std::move(choice->thenExpr)));
        elseBody.push_back(std::make_unique<ReturnStmt>(at, std::move(choice->elseExpr)));
      }
      st = std::make_unique<IfStmt>(at, std::move(choice->cond), std::move(thenBody),
                                    std::move(elseBody));
      any = true;
    }
  };
  for (auto &fn : module_.functions)
    visit(fn->body);
  return any;
}

void Sema::assignTo(Expr &target, Type valueType, SourceLoc loc, Expr *value, bool numpyValue,
                    ShapeRef valueShape) {
  if (value && !valueShape)
    valueShape = value->shape;
  if (auto *name = dyn_cast<NameExpr>(&target)) {
    auto it = locals_.find(name->name);
    internalCheck(it != locals_.end(), "assignment target is not a collected local");
    name->ref = NameRef::Local;
    name->localIndex = it->second;
    LocalVar &var = fn_->locals[it->second];
    if (var.isParam && isArray(var.type) && fn_->fkind != FunctionKind::Helper &&
        static_cast<unsigned>(it->second) < fn_->kindParams) {
      error(name->loc(), "cannot assign to '" + name->name + "': it is one of the " +
                             functionKindName(fn_->fkind) +
                             "'s arrays; assign to its elements or use another variable");
      return;
    }
    if (var.type == Type::TupleList && isList(valueType) && value && isa<ListExpr>(value) &&
        cast<ListExpr>(value)->elements.empty()) { // `pairs = []` of a list of tuples
      name->type = var.type;
      name->shape = var.shape;
      return;
    }
    if (!compatible(var.type, valueType)) {
      error(loc, "'" + name->name + "' holds a " + typeName(var.type) +
                     " elsewhere and cannot also hold a " + typeName(valueType) +
                     "; use a separate variable");
      return;
    }
    // A parameter whose default is None holds None or numbers, or None or
    // an array or a list of numbers (`weights=None`, then `if weights is
    // None: weights = np.ones(9)`): its None flag works the same for both.
    // An exported filter's caller can pass only None for an array, a list,
    // a dict or a set (user_data holds numbers: LocalVar::noneOnly); a
    // helper's caller passes None or the array, list, set or dict
    // (SemaByRef.cpp). Other kinds keep the error. (A local assigned None is
    // reported where None is assigned.)
    if (var.isParam && var.mayBeNone && valueType != Type::Unknown && valueType != Type::None &&
        !isNumeric(valueType) && valueType != Type::IntOrFloat && !isArray(valueType) &&
        !isHashContainer(valueType))
      error(loc, "parameter '" + name->name +
                     "' has the default None, and in llcc only a "
                     "variable holding numbers, an array or a list may also hold None, not a " +
                     describeShape(valueType, valueShape) + "; assign the " + typeName(valueType) +
                     " to another variable");
    if (valueType == Type::None || valueType == Type::Module || valueType == Type::Function ||
        (valueType == Type::Tuple && !valueShape)) {
      error(loc, std::string("cannot assign a ") + typeName(valueType) + " to a variable");
      return;
    }
    if (!joinInto(var.type, var.shape, valueType, valueShape)) {
      error(loc, "'" + name->name + "' holds a " + describeShape(var.type, var.shape) +
                     " elsewhere and cannot also hold a " + describeShape(valueType, valueShape) +
                     "; use a separate variable");
      return;
    }
    Type j = join(var.type, valueType);
    if (j != var.type) {
      var.type = j;
      changed_ = true;
    }
    if (isHashContainer(valueType) && value) {
      if (isa<NameExpr>(value))
        error(loc, std::string("a second name for a ") + typeName(valueType) +
                       " is not supported (both names would share it); use the first name");
      joinContainerShape(var, value->shape);
      noteDefaultDict(var, *value, loc);
    }
    if ((isList(valueType) || valueType == Type::TupleList) && value)
      if (auto *source = dyn_cast<NameExpr>(value); source && source->ref == NameRef::Local) {
        LocalVar &from = fn_->locals[source->localIndex];
        if (!from.aliased || !var.aliased)
          changed_ = true;
        from.aliased = var.aliased = true;
        if (reporting_ && from.type == Type::IntList && var.type == Type::FloatList)
          error(loc, "'" + name->name + "' holds floats, and '" + source->name +
                         "' a list of ints that both names would share; write '" + name->name +
                         " = list(" + source->name + ")' for a copy");
      }
    if (isList(valueType) && value)
      markHelperListAliases(var, *value);
    if (auto *row = value ? dyn_cast<SubscriptExpr>(value) : nullptr;
        row && isList(valueType) && row->value->type == Type::ArrayList)
      markRowAlias(var); // r = m[i] of a list of lists (SemaDictLists.cpp)
    if (isList(valueType) && value && isDictListRead(*value)) {
      if (!var.aliased) {
        var.aliased = true; // the dict's own list: growing it under this name is refused
        changed_ = true;
      }
      noteDictListBind(*value, var.name, loc);
    }
    markNumpy(var.mayBeNumpy, numpyValue || (value && value->mayBeNumpy));
    noteBoolKind(var, value, valueType, numpyValue || (value && value->mayBeNumpy));
    if (value && isList(valueType) && (isa<ListExpr>(value) || isa<ComprehensionExpr>(value)))
      noteBoolKind(var, value, valueType, false, BoolKindSlot::Elements);
    // A window's shape, or a 1-D array's length known when compiling
    // (np.array([1.0, 2.0, 1.0]), a window's row), so that the variable
    // meets windows as the expression would (w * g, np.outer(g, g)).
    if (value)
      joinLocalShape(var, isArray(valueType),
                     isWindow(*value) || (isNdarray(valueType) && isKnownVector(value->shape))
                         ? value->shape
                         : nullptr,
                     loc);
    else if (isNdarray(valueType) && valueShape) // a list of arrays' element, unpacked
      joinLocalShape(var, true, isWindowShape(valueShape) ? valueShape : nullptr, loc);

    if (isArray(valueType) && value && isReadonlyArrayExpr(*value) && !var.readonlyArray) {
      var.readonlyArray = true;
      changed_ = true;
    }
    if (isArray(valueType) && value && !var.windowView && viewsWindow(*value)) {
      var.windowView = true;
      changed_ = true;
    }
    name->type = var.type;
    name->shape = var.shape;
    return;
  }
  if (auto *sub = dyn_cast<SubscriptExpr>(&target)) {
    if (auto *list = dyn_cast<NameExpr>(sub->value.get()); list && value) {
      auto it = locals_.find(list->name);
      if (it != locals_.end())
        noteBoolKind(fn_->locals[it->second], value, valueType, value->mayBeNumpy,
                     BoolKindSlot::Element);
    }
    // a[i] = v, d[k] += v: the list or dict now holds what was stored.
    if (auto *c = dyn_cast<NameExpr>(sub->value.get()))
      if (auto it = locals_.find(c->name);
          it != locals_.end() &&
          (isList(fn_->locals[it->second].type) || fn_->locals[it->second].type == Type::Dict))
        markNumpy(fn_->locals[it->second].mayBeNumpy, numpyValue || (value && value->mayBeNumpy));
    if (assignToContainer(*sub, valueType, loc, value))
      return;
    if (refuseListIndexedStore(target))
      return;
    Type t = typeOf(target);
    if (sub->value->type == Type::Tuple) {
      error(target.loc(), "tuples (and module-level lists) are read-only in llcc; copy the values "
                          "into a local array (a = np.array(T)) and write that");
      return;
    }
    if (t == Type::Unknown || !checkArrayStore(*sub))
      return;
    if (!isWritableArrayExpr(*sub->value)) {
      noteWindowWrite(*sub->value);
      error(target.loc(), "this array is read-only: write to the output arrays (generic_filter1d's "
                          "oline, geometric_transform's input_coords) or to a local array "
                          "(np.zeros(n), values.copy(), ...)");
      return;
    }
    if (isArray(t)) {
      // a[i:j] = ..., a[...] = ...: an array or a number, broadcast.
      if (valueType != Type::Unknown && !isArray(valueType) && !isNumeric(valueType))
        error(loc, std::string("cannot store a ") + typeName(valueType) + " in an array");
      return;
    }
    if (isArray(valueType) || (valueType != Type::Unknown && !isNumeric(valueType)))
      error(loc, std::string("cannot store a ") + typeName(valueType) + " in an array element");
    return;
  }
  if (isa<TupleExpr>(&target)) {
    error(target.loc(), "a tuple target needs a tuple of the same length on the right, as in "
                        "'a, b = b, a'");
    return;
  }
  error(target.loc(), "cannot assign to this expression; assign to a variable name");
}

/// `w[[0, 1], [2, 0]] = v`, `w[[0, 1], 2] += 1`: numpy's stores through
/// lists of indices, which llcc does not compile (reads of them are
/// lowered: Sema::lowerIntListPicks); reported before the target is typed.
bool Sema::refuseListIndexedStore(Expr &target) {
  auto *sub = dyn_cast<SubscriptExpr>(&target);
  auto *t = sub ? dyn_cast<TupleExpr>(sub->index.get()) : nullptr;
  if (!t || std::none_of(t->elements.begin(), t->elements.end(),
                         [](const ExprPtr &x) { return isa<ListExpr>(x.get()); }))
    return false;
  error(t->loc(), "storing through lists of indices (w[rows, cols] = v, rows and cols lists of "
                  "ints) is not supported in llcc; store each element (w[0, 2] = v) in a loop "
                  "over zip of the lists");
  return true;
}

void Sema::walkStmt(Stmt &stmt, unsigned loopDepth) {
  switch (stmt.kind()) {
  case Stmt::Kind::Expr: {
    auto &s = cast<ExprStmt>(stmt);
    if (isa<StringLiteralExpr>(s.value.get()))
      return; // a docstring or a string used as a comment
    typeOf(*s.value);
    return;
  }
  case Stmt::Kind::Assign: {
    auto &s = cast<AssignStmt>(stmt);
    if (isa<NoneLiteralExpr>(s.value.get())) {
      assignNone(s);
      return;
    }
    shapeToTuple(s.value); // `s = w.shape`, `h, k = w.shape` of a known shape
    for (auto &target : s.targets) {
      auto *tt = dyn_cast<TupleExpr>(target.get());
      auto *tv = dyn_cast<TupleExpr>(s.value.get());
      if (tt && tv && tt->elements.size() == tv->elements.size()) {
        // `a, b = b, a`: element by element (IRGen evaluates the whole
        // right side first); a nested target unpacks its element.
        bool numbers = true;
        for (size_t i = 0; i < tt->elements.size(); ++i) {
          Type t = typeOf(*tv->elements[i]);
          numbers &= t == Type::Unknown || isNumeric(t) || t == Type::Tuple;
          assignTarget(*tt->elements[i], t, tv->elements[i]->shape, tv->elements[i]->loc(),
                       tv->elements[i].get(), tv->elements[i]->mayBeNumpy);
        }
        // `lo, hi = v[:k], v[k:]`: arrays (or lists) go to their names one by
        // one, each value made before any is assigned (IRGen); the right
        // side is a tuple value only where a target takes it whole.
        bool wholeTuple = false;
        for (auto &other : s.targets)
          wholeTuple |= !isa<TupleExpr>(other.get());
        if (numbers || wholeTuple)
          typeOf(*tv);
        tt->type = Type::Tuple;
        continue;
      }
      if (tt && !tv && typeShapeUnpack(*tt, *s.value))
        continue;
      if (tt && tv) {
        error(tt->loc(), "cannot unpack " + std::to_string(tv->elements.size()) + " values into " +
                             std::to_string(tt->elements.size()) + " targets");
        continue;
      }
      // `quads = (w[:3, :3], w[:3, 2:], ...)`: a tuple of arrays held in a
      // name is read only (iterated, indexed, min(..., key=)), where a
      // tuple and a list behave alike: a list of arrays.
      if (!tt && s.targets.size() == 1)
        tupleOfArraysToList(s.value);
      Type t = typeOf(*s.value);
      if (t != Type::Tuple)
        requireNumeric(*s.value,
                       isArray(t) || t == Type::Str || isHashContainer(t) || t == Type::ArrayList ||
                               t == Type::TupleList
                           ? Type::Float
                           : t,
                       "assigned");
      assignTarget(*target, t, s.value->shape, s.value->loc(), s.value.get(),
                   s.value->mayBeNumpy);
    }
    return;
  }
  case Stmt::Kind::AugAssign: {
    auto &s = cast<AugAssignStmt>(stmt);
    if (refuseListIndexedStore(*s.target))
      return;
    // `x op= v` has the type of `x op v`.
    Type lhs = typeOf(*s.target);
    if (isList(lhs)) {
      typeListAugAssign(s);
      return;
    }
    Type rhs = typeOf(*s.value);
    Type result = Type::Unknown;
    if (isNumeric(lhs) && isNumeric(rhs)) {
      // Reuse the binary typing rules on the two operand types.
      if (numpyBoolArithmetic(s.op, *s.target, *s.value, s.loc(), result))
        ; // numpy.bool_ arithmetic (SemaExpr.cpp)
      else if (s.op == BinaryOp::Div)
        result = Type::Float;
      else if (s.op == BinaryOp::Pow)
        result = powerType(lhs, rhs, s.value.get());
      else if (s.op == BinaryOp::BitAnd || s.op == BinaryOp::BitOr || s.op == BinaryOp::BitXor ||
               s.op == BinaryOp::LShift || s.op == BinaryOp::RShift) {
        if (lhs == Type::Float || rhs == Type::Float)
          error(s.loc(), std::string("unsupported operand type for ") + binaryOpSpelling(s.op) +
                             "=: 'float'");
        result = Type::Int;
      } else if (s.op == BinaryOp::MatMul) {
        error(s.loc(), "'@=' (matrix multiplication) is not supported");
      } else {
        result = arithmeticType(lhs, rhs);
      }
    } else if (lhs == Type::Set && rhs == Type::Set &&
               (s.op == BinaryOp::BitAnd || s.op == BinaryOp::BitOr || s.op == BinaryOp::Sub ||
                s.op == BinaryOp::BitXor)) {
      result = typeOfSetAugAssign(s); // SemaSetOps.cpp
    } else if (auto *sub = dyn_cast<SubscriptExpr>(s.target.get());
               sub && isNdarray(lhs) && isWindow(*sub->value) && !isArray(sub->index->type) &&
               (isNumeric(rhs) || isNdarray(rhs))) {
      // `g[i, :] += v`, `g[1:3, :2] *= 2`: numpy's in-place ufunc on a view
      // of a 2-D (n-D) array, the value broadcast to it at run time
      // (IRGen::genViewAugAssign). numpy's same_kind casting decides which
      // operations it takes: a float result into an int array, arithmetic
      // into a bool array raise UFuncTypeError, a compile error here.
      Type elem = elementType(lhs);
      Type valueElem = isNdarray(rhs) ? elementType(rhs) : rhs;
      bool bitwise =
          s.op == BinaryOp::BitAnd || s.op == BinaryOp::BitOr || s.op == BinaryOp::BitXor;
      bool ok = false;
      if (elem == Type::Float)
        ok = s.op == BinaryOp::Add || s.op == BinaryOp::Sub || s.op == BinaryOp::Mul ||
             s.op == BinaryOp::Div || s.op == BinaryOp::FloorDiv || s.op == BinaryOp::Mod ||
             s.op == BinaryOp::Pow;
      else if (elem == Type::Int)
        ok = (valueElem == Type::Int || valueElem == Type::Bool) &&
             (s.op == BinaryOp::Add || s.op == BinaryOp::Sub || s.op == BinaryOp::Mul ||
              s.op == BinaryOp::FloorDiv || s.op == BinaryOp::Mod || bitwise);
      else if (elem == Type::Bool)
        ok = valueElem == Type::Bool && bitwise;
      if (!ok) {
        error(s.loc(), std::string("numpy cannot write this result into the array in place (an "
                                   "int array takes int results, a bool array & | ^ of bools: "
                                   "numpy raises UFuncTypeError); compute a new array (r = "
                                   "g[...] ") +
                           binaryOpSpelling(s.op) + " x) or make the array float");
      } else if (!isWritableArrayExpr(*sub->value)) {
        noteWindowWrite(*sub->value);
        error(sub->loc(), "this array is read-only: write to the output arrays "
                          "(generic_filter1d's oline, geometric_transform's input_coords) or to "
                          "a local array (np.zeros(n), values.copy(), ...)");
      } else {
        s.resultType = lhs;
      }
      return;
    } else if (lhs != Type::Unknown && rhs != Type::Unknown) {
      if (isNdarray(lhs) && isWindow(*s.target))
        error(s.loc(), std::string("in-place arithmetic on a 2-D array takes a number or an "
                                   "array of its own shape here; write g = g ") +
                           binaryOpSpelling(s.op) + " x for a new array");
      else if (isNdarray(lhs) && isa<NameExpr>(s.target.get()))
        error(s.loc(), std::string("numpy cannot write this result into the array in place (an "
                                   "int array takes int results, a bool array & | ^ of bools: "
                                   "numpy raises UFuncTypeError); write a = a ") +
                           binaryOpSpelling(s.op) + " x for a new array");
      else if (isArray(lhs) || isArray(rhs))
        error(s.loc(), std::string("augmented assignment of arrays is not supported; write "
                                   "a[...] = a ") +
                           binaryOpSpelling(s.op) + " x");
      else
        error(s.loc(), std::string("unsupported operand types for ") + binaryOpSpelling(s.op) +
                           "=: '" + typeName(lhs) + "' and '" + typeName(rhs) + "'");
    }
    s.resultType = result;
    if (isArithmeticOp(s.op) && isNumeric(lhs) && isNumeric(rhs)) {
      std::string op = std::string(binaryOpSpelling(s.op)) + "=";
      noteBoolKindUse(*s.target, s.value.get(), s.loc(), op);
      noteBoolKindUse(*s.value, s.target.get(), s.loc(), op);
    }
    assignTo(*s.target, result, s.loc(), nullptr, s.target->mayBeNumpy || s.value->mayBeNumpy);
    return;
  }
  case Stmt::Kind::If: {
    auto &s = cast<IfStmt>(stmt);
    typeOfTest(*s.cond);
    walkBlock(s.thenBody, loopDepth);
    walkBlock(s.elseBody, loopDepth);
    return;
  }
  case Stmt::Kind::Try:
    walkTry(cast<TryStmt>(stmt), loopDepth); // SemaTry.cpp
    return;
  case Stmt::Kind::While: {
    auto &s = cast<WhileStmt>(stmt);
    typeOfTest(*s.cond);
    walkBlock(s.body, loopDepth + 1);
    walkBlock(s.elseBody, loopDepth);
    return;
  }
  case Stmt::Kind::For: {
    auto &s = cast<ForStmt>(stmt);
    takeZipStrict(*s.iter); // zip(..., strict=True) checks where the loop runs out
    tupleOfArraysToList(s.iter);
    if (walkContainerFor(s, loopDepth) || walkArrayListFor(s, loopDepth))
      return;
    expandWindowEnumerate(s); // for i, row in enumerate(w): over range(len(w))
    expandShapeLoop(s);       // for n in a.shape: over (a.shape[0], a.shape[1])
    // range(...), an array, a tuple, or enumerate/zip/reversed of them.
    Type elem = Type::Unknown;
    ShapeRef elemShape;
    bool numpy = false;
    typeOfIteration(*s.iter, elem, elemShape, numpy);
    bool window = isWindow(*s.iter);
    if (window) // a window's rows: arrays (typeWindowLoopTarget gives their shape)
      elem = s.iter->type;
    if (window && !isa<NameExpr>(s.target.get()))
      error(s.target->loc(), "a loop over a 2-D or 3-D array binds each row to one name "
                             "(for row in w:); unpack the row inside the loop");
    else if (isa<NameExpr>(s.target.get()) || isa<TupleExpr>(s.target.get())) {
      assignTarget(*s.target, elem, elemShape, s.target->loc(), nullptr, numpy);
      if (elem == Type::Tuple) // enumerate/zip of a list of arrays
        markUnpackedArrays(*s.target, elem, elemShape);
      if (window)
        typeWindowLoopTarget(s);
    } else if (elem != Type::Unknown) // not after an error in the iterable
      error(s.target->loc(), "a for loop variable must be a name or a tuple of names");
    walkBlock(s.body, loopDepth + 1);
    walkBlock(s.elseBody, loopDepth);
    return;
  }
  case Stmt::Kind::Break:
  case Stmt::Kind::Continue:
    if (loopDepth == 0)
      error(stmt.loc(),
            std::string("'") + (isa<BreakStmt>(&stmt) ? "break" : "continue") + "' outside loop");
    return;
  case Stmt::Kind::Pass:
    return;
  case Stmt::Kind::Del:
    walkDel(cast<DelStmt>(stmt));
    return;
  case Stmt::Kind::Return: {
    auto &s = cast<ReturnStmt>(stmt);
    Type t = Type::None;
    bool returnsTuple = fn_->fkind == FunctionKind::Transform && !fn_->transformWrites;
    if (s.value) {
      Type vt = Type::Unknown;
      if (returnsTuple)
        rewriteRunTimeTuple(s);
      if (auto *tuple = dyn_cast<TupleExpr>(s.value.get())) {
        if (returnsTuple)
          for (auto &el : tuple->elements)
            requireNumeric(*el, typeOf(*el), "returned as a coordinate");
        vt = typeOf(*s.value);
      } else if (fn_->fkind == FunctionKind::Helper || fn_->fkind == FunctionKind::Filter ||
                 returnsTuple) {
        vt = typeOf(*s.value);
      }
      if (fn_->fkind == FunctionKind::Filter &&
          (vt == Type::Tuple || isa<TupleExpr>(s.value.get()))) {
        walkFilterTupleReturn(s, vt); // several outputs per window (SemaMultiOut.cpp)
        return;
      }
      if (vt == Type::Tuple && s.value->shape && fn_->fkind == FunctionKind::Helper) {
        // `return mean, var`: a helper returns the tuple by value.
        if ((fn_->returnType != Type::Unknown && fn_->returnType != Type::Tuple) ||
            !joinInto(fn_->returnType, fn_->returnShape, vt, s.value->shape)) {
          error(s.value->loc(), "'" + fn_->name + "' returns a " +
                                    describeShape(vt, s.value->shape) + " here and a " +
                                    describeShape(fn_->returnType, fn_->returnShape) +
                                    " elsewhere; return the same kind of value everywhere");
          return;
        }
        markNumpy(fn_->returnMayBeNumpy, s.value->mayBeNumpy);
        return;
      }
      if (fn_->fkind == FunctionKind::Helper && !fn_->isLibrary &&
          (vt == Type::TupleList || isHashContainer(vt))) {
        joinReturnedContainer(*s.value, vt); // SemaByRef.cpp
        return;
      }
      if (returnsTuple &&
          (s.runTimeTuple || (vt == Type::IntArray && isCoordsSequence(*s.value)))) {
        // The coordinates' count is the run-time rank (SemaTupleCall.cpp);
        // other returns may have fixed counts (`if len(c) == 2: ...`).
        fn_->rankGeneric = true;
        fn_->returnType = Type::Tuple;
        return;
      }
      if (isa<TupleExpr>(s.value.get()) || (returnsTuple && vt == Type::Tuple)) {
        if (!returnsTuple) {
          error(s.value->loc(), "returning a tuple is only supported in a helper, a filter "
                                "(one output per member) or a @llcc.transform function of one "
                                "parameter; return one number");
          return;
        }
        if (vt != Type::Tuple || !s.value->shape)
          return;
        for (Type m : s.value->shape->members)
          if (m == Type::Tuple) {
            error(s.value->loc(), "a transform returns a tuple of numbers (the coordinates)");
            return;
          }
        unsigned arity = static_cast<unsigned>(s.value->shape->members.size());
        if (fn_->rankGeneric) {
          fn_->returnType = Type::Tuple; // each return gives its own count
          return;
        }
        if (fn_->returnArity != 0 && fn_->returnArity != arity) {
          error(s.value->loc(), "this return has " + std::to_string(arity) +
                                    " coordinates but another has " +
                                    std::to_string(fn_->returnArity));
          return;
        }
        fn_->returnArity = arity;
        fn_->returnType = Type::Tuple;
        return;
      }
      if (returnsTuple) {
        error(s.value->loc(), "a transform of one parameter returns the input coordinates as a "
                              "tuple, e.g. 'return (c[0] - 0.5, c[1])' or, for any rank, 'return "
                              "tuple(x - 0.5 for x in c)'");
        return;
      }
      t = vt != Type::Unknown || fn_->fkind == FunctionKind::Helper ||
                  fn_->fkind == FunctionKind::Filter
              ? vt
              : typeOf(*s.value);
      if (t == Type::None && isa<NoneLiteralExpr>(s.value.get()))
        t = Type::None;
      else if (fn_->fkind == FunctionKind::Helper && !fn_->isLibrary && isNdarray(t) &&
               !isWindow(*s.value)) {
        // `return g / g.sum()`: a helper returns a 1-D array (from the
        // caller's arena, which outlives the call), a view of its
        // parameters included, as numpy would.
        if (isReadonlyArrayExpr(*s.value) && !fn_->returnsReadonlyArray) {
          fn_->returnsReadonlyArray = true;
          changed_ = true;
        }
      } else if (fn_->fkind == FunctionKind::Helper && !fn_->isLibrary && isList(t)) {
        // `return k[-1:] + k[:-1]`: a list, in the caller's arena as an array is.
      } else if (fn_->fkind == FunctionKind::Helper && !fn_->isLibrary && isArray(t)) {
        error(s.value->loc(), "a helper returns numbers, tuples or 1-D arrays, not a 2-D "
                              "array; return the 1-D array and reshape it at the call");
      } else if ((t == Type::TupleList || isHashContainer(t)) && !fn_->isLibrary &&
                 fn_->fkind != FunctionKind::Helper) {
        if (fn_->returnType != Type::Unknown) // also exported as a filter (SemaHints.cpp)
          error(s.value->loc(), "'" + fn_->name + "' returns a " + typeName(t) + " here and a " +
                                    typeName(fn_->returnType) +
                                    " elsewhere; return the same kind of value everywhere");
        else
          error(s.value->loc(), std::string("a ") + typeName(t) +
                                    " is returned only by a helper (a function other functions "
                                    "call), not by a " +
                                    functionKindName(fn_->fkind) + " function");
      } else if (!(fn_->isLibrary && isArray(t)))
        requireNumeric(*s.value, t, "returned"); // library functions return new arrays
    }
    if (t == Type::Unknown)
      return;
    if ((fn_->fkind == FunctionKind::Filter || fn_->fkind == FunctionKind::Integrand) &&
        !isNumeric(t)) {
      error(s.loc(), std::string("a ") + functionKindName(fn_->fkind) +
                         " must return a number (int, float or bool)" +
                         (fn_->fkind == FunctionKind::Filter
                              ? ", or a tuple of numbers for several outputs"
                              : ""));
      return;
    }
    if ((fn_->fkind == FunctionKind::Filter1D || fn_->fkind == FunctionKind::Transform) &&
        t != Type::None) {
      error(s.value->loc(), std::string("a ") + functionKindName(fn_->fkind) +
                                " function writes its output array and returns nothing; use "
                                "a bare 'return'");
      return;
    }
    if (fn_->returnType == Type::Tuple) {
      error(s.loc(), "'" + fn_->name + "' returns a tuple on some paths and " +
                         (t == Type::None ? "nothing" : "a number") +
                         " on others; return the same kind of value everywhere");
      return;
    }
    if (fn_->returnType != Type::Unknown && (fn_->returnType == Type::None) != (t == Type::None)) {
      error(s.loc(), "'" + fn_->name +
                         "' returns a number on some paths and nothing on others; return a "
                         "number everywhere");
      return;
    }
    if ((isHashContainer(fn_->returnType) || fn_->returnType == Type::TupleList) &&
        t != fn_->returnType) {
      error(s.loc(), "'" + fn_->name + "' returns a " + typeName(fn_->returnType) +
                         " on some paths and a " + typeName(t) +
                         " on others; return the same kind of value everywhere");
      return;
    }
    if (isArray(t) != isArray(fn_->returnType) && fn_->returnType != Type::Unknown) {
      // A helper returning an array: a return typed before its operands were
      // (`a > t` of a parameter not typed yet is a bool at first) is settled
      // once they are; a number here and an array elsewhere is an error.
      if (reporting_)
        error(s.loc(), "'" + fn_->name + "' returns " +
                           (isArray(t) ? "an array here and a number elsewhere"
                                       : "a number here and an array elsewhere") +
                           "; return the same kind of value everywhere");
      else if (isArray(t)) {
        fn_->returnType = t;
        changed_ = true;
      }
      return;
    }
    Type j = join(fn_->returnType, t);
    if (j != fn_->returnType) {
      fn_->returnType = j;
      changed_ = true;
    }
    markNumpy(fn_->returnMayBeNumpy, s.value && s.value->mayBeNumpy);
    return;
  }
  case Stmt::Kind::Raise:
    walkRaise(cast<RaiseStmt>(stmt));
    return;
  case Stmt::Kind::Assert:
    walkAssert(cast<AssertStmt>(stmt));
    return;
  case Stmt::Kind::Unsupported: {
    auto &s = cast<UnsupportedStmt>(stmt);
    error(s.loc(), describeUnsupported(s.what));
    return;
  }
  }
}

/// `for i, row in enumerate(w)` over a 2-D or 3-D array becomes `for i in
/// range(len(w))` with `row = w[i]` first in the body: the same in Python
/// (w is an expression that reads the same array again, copyPure), since a
/// loop over a window binds one name.
/// `for n in a.shape:` of an array named by a variable loops over the
/// tuple written out, (a.shape[0], ...): its rank is known when compiling.
void Sema::expandShapeLoop(ForStmt &s) {
  auto *attr = dyn_cast<AttributeExpr>(s.iter.get());
  auto *array = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!array || attr->attr != "shape" || typeOf(*s.iter) != Type::Tuple)
    return;
  int64_t rank = tupleLength(*s.iter);
  if (rank < 0)
    return;
  std::vector<ExprPtr> sizes;
  for (int64_t i = 0; i < rank; ++i)
    sizes.push_back(std::make_unique<SubscriptExpr>(
        attr->loc(),
        std::make_unique<AttributeExpr>(
            attr->loc(), std::make_unique<NameExpr>(array->loc(), array->name), "shape"),
        std::make_unique<IntLiteralExpr>(attr->loc(), i)));
  s.iter = std::make_unique<TupleExpr>(s.iter->loc(), std::move(sizes));
}

void Sema::expandWindowEnumerate(ForStmt &s) {
  auto *call = dyn_cast<CallExpr>(s.iter.get());
  auto *callee = call ? dyn_cast<NameExpr>(call->callee.get()) : nullptr;
  auto *target = dyn_cast<TupleExpr>(s.target.get());
  if (!callee || callee->name != "enumerate" || locals_.count(callee->name) ||
      functions_.count(callee->name) || constants_.count(callee->name) ||
      call->args.size() != 1 || !call->keywords.empty() || !target ||
      target->elements.size() != 2 || !isa<NameExpr>(target->elements[0].get()))
    return;
  Expr &array = *call->args[0];
  if (!copyPure(&array) || typeOf(array) == Type::Unknown || !isWindow(array))
    return; // (zip(...) and the like are typed as iterables, not here)
  SourceLoc at = s.target->loc();
  std::string index = cast<NameExpr>(*target->elements[0]).name;
  std::vector<ExprPtr> rowTarget;
  rowTarget.push_back(std::move(target->elements[1]));
  auto row = std::make_unique<SubscriptExpr>(at, copyPure(&array),
                                             std::make_unique<NameExpr>(at, index));
  s.body.insert(s.body.begin(),
                std::make_unique<AssignStmt>(at, std::move(rowTarget), std::move(row)));
  std::vector<ExprPtr> lenArgs;
  lenArgs.push_back(copyPure(&array));
  std::vector<ExprPtr> rangeArgs;
  rangeArgs.push_back(std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, "len"),
                                                 std::move(lenArgs), std::vector<KeywordArg>{}));
  SourceLoc iterAt = s.iter->loc();
  s.target = std::move(target->elements[0]);
  s.iter = std::make_unique<CallExpr>(iterAt, std::make_unique<NameExpr>(iterAt, "range"),
                                      std::move(rangeArgs), std::vector<KeywordArg>{});
}

/// `d = defaultdict(int)`: the variable reads missing keys as 0 (IRGen);
/// the same variable holding a plain dict (or another default) elsewhere
/// would read them differently on each path, a compile error.
void Sema::noteDefaultDict(LocalVar &var, const Expr &value, SourceLoc loc) {
  auto *call = dyn_cast<CallExpr>(&value);
  bool counter = (call && call->builtin == "collections.Counter") ||
                 (isa<BinaryExpr>(&value) && isCounter(value)); // a - b of Counters
  Type dflt = counter ? Type::Int
              : call && call->builtin == "collections.defaultdict" && call->shape
                  ? call->shape->value
                  : Type::None;
  if (var.dictDefault == Type::Unknown) {
    var.dictDefault = dflt;
    var.counter = counter;
    changed_ = true;
  } else if (var.dictDefault != dflt || var.counter != counter) {
    error(loc, "'" + var.name +
                   "' holds a defaultdict or Counter and also a dict of another kind "
                   "elsewhere; use a separate variable");
  }
}

} // namespace sema
} // namespace llcc
