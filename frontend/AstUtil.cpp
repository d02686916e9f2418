//===- AstUtil.cpp - Spellings of AST types and operators -----------------===//
//
// Names of types and operators as a Python programmer writes them, used by
// diagnostics and by the AST dumps; small queries on AST nodes.
//
//===----------------------------------------------------------------------===//
#include "Ast.h"

#include <llvm/Support/Casting.h>

namespace llcc {

const char *typeName(Type t) {
  switch (t) {
  case Type::Unknown: return "unknown";
  case Type::None: return "None";
  case Type::Bool: return "bool";
  case Type::Int: return "int";
  case Type::Float: return "float";
  case Type::IntOrFloat: return "int or float";
  case Type::FloatArray: return "float64 array";
  case Type::IntArray: return "intp array";
  case Type::BoolArray: return "bool array";
  case Type::FloatList: return "list";
  case Type::IntList: return "list of ints";
  case Type::ArrayList: return "list of arrays";
  case Type::TupleList: return "list of tuples";
  case Type::Dict: return "dict";
  case Type::Set: return "set";
  case Type::Tuple: return "tuple";
  case Type::Module: return "module";
  case Type::Function: return "function";
  case Type::Str: return "str";
  }
  return "?";
}

const char *binaryOpSpelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add: return "+";
  case BinaryOp::Sub: return "-";
  case BinaryOp::Mul: return "*";
  case BinaryOp::Div: return "/";
  case BinaryOp::FloorDiv: return "//";
  case BinaryOp::Mod: return "%";
  case BinaryOp::Pow: return "**";
  case BinaryOp::And: return "and";
  case BinaryOp::Or: return "or";
  case BinaryOp::BitAnd: return "&";
  case BinaryOp::BitOr: return "|";
  case BinaryOp::BitXor: return "^";
  case BinaryOp::LShift: return "<<";
  case BinaryOp::RShift: return ">>";
  case BinaryOp::MatMul: return "@";
  }
  return "?";
}

const char *functionKindName(FunctionKind kind) {
  switch (kind) {
  case FunctionKind::Helper: return "helper";
  case FunctionKind::Filter: return "filter";
  case FunctionKind::Filter1D: return "filter1d";
  case FunctionKind::Transform: return "transform";
  case FunctionKind::Integrand: return "integrand";
  }
  return "?";
}

const char *compareOpSpelling(CompareOp op) {
  switch (op) {
  case CompareOp::Lt: return "<";
  case CompareOp::Le: return "<=";
  case CompareOp::Gt: return ">";
  case CompareOp::Ge: return ">=";
  case CompareOp::Eq: return "==";
  case CompareOp::Ne: return "!=";
  case CompareOp::Is: return "is";
  case CompareOp::IsNot: return "is not";
  case CompareOp::In: return "in";
  case CompareOp::NotIn: return "not in";
  }
  return "?";
}

} // namespace llcc

namespace llcc {

bool sameShape(const ShapeRef &a, const ShapeRef &b) {
  if (a == b)
    return true;
  if (!a || !b)
    return false;
  if (a->members != b->members || a->dims != b->dims || a->strides != b->strides || a->elem != b->elem ||
      a->value != b->value || a->memberShapes.size() != b->memberShapes.size())
    return false;
  for (size_t i = 0; i < a->memberShapes.size(); ++i)
    if (!sameShape(a->memberShapes[i], b->memberShapes[i]))
      return false;
  return sameShape(a->elemShape, b->elemShape);
}

const std::vector<ExprPtr> *displayElements(const Expr &e) {
  if (auto *t = llvm::dyn_cast<TupleExpr>(&e))
    return &t->elements;
  if (auto *l = llvm::dyn_cast<ListExpr>(&e))
    return &l->elements;
  if (auto *s = llvm::dyn_cast<SetExpr>(&e))
    return &s->elements;
  return nullptr;
}

} // namespace llcc
