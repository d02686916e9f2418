//===- Ast.h - llcc's abstract syntax tree ---------------------------------===//
//
// llcc's own tree, built from the tokens by the direct parser (Parser.h) or
// from ANTLR's parse tree by AstBuilder (the only code that sees ANTLR
// parser types), and annotated in place by Sema. Toy-style: a Kind
// enum with `classof` so that llvm::isa/cast/dyn_cast work, unique_ptr
// children, a SourceLoc on every node and a Type slot on every expression.
//
// The surface language is a subset of Python 3; each node's comment shows
// the syntax it stands for.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "SourceLocation.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace llcc {

/// The callee of `*rest` in an assignment's or a for loop's targets
/// (AstBuilder); Sema writes such targets out (SemaStarredTargets.cpp).
constexpr const char *StarredTargetName = "llcc.starred";

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// The static type of an expression or variable, inferred by Sema.
/// Bool < Int < Float is the numeric promotion order used when a variable is
/// assigned values of several numeric types (Python's values compare equal
/// after promotion: True == 1 == 1.0).
enum class Type : uint8_t {
  Unknown, ///< not yet inferred (or the expression had an error)
  None,    ///< the value of `return` without an expression
  Bool,    ///< i1
  Int,     ///< i64, Python int with overflow checked at run time
  Float,   ///< double: numpy float64 semantics, Python float errors where Expr::mayBeNumpy is false
  /// A number that is an int on some paths and a float on others (`x = 0`
  /// here, `x = 0.5` there; `min(0, v)`): Python keeps whichever it got, so
  /// llcc carries a tag. Lowered as {i1 isInt, i64 int, double float}, the
  /// float field always holding the value as a float.
  IntOrFloat,
  FloatArray, ///< a float64 buffer: pointer + length (the filter's values)
  IntArray,   ///< an intptr_t buffer (geometric_transform's output_coords)
  BoolArray,  ///< a boolean mask (`values > t`), stored as bytes
  FloatList,  ///< a Python list of numbers (`[0.0] * n`): indexable, not arithmetic
  IntList,    ///< a Python list whose elements are all ints (or bools): `[0] * n`
  /// A Python list of arrays of one kind and shape (`[w[:3, :3], w[2:, 2:]]`):
  /// Shape::elem is the arrays' kind, Shape::elemShape their shape.
  ArrayList,
  Dict,       ///< a dict of numbers (Shape::elem the key kind, Shape::value the value kind)
  Set,        ///< a set of numbers (Shape::elem the element kind)
  Tuple,      ///< a tuple of numbers (returned by a transform)
  Module,     ///< `np`, `math`, `llcc`: only usable before a `.`
  Function,   ///< a name bound to a function or builtin: only callable
  /// A str: a literal, an f-string or a str parameter (`how="max"`).
  /// Lowered as a pointer to NUL-terminated UTF-8 (docs/language.md).
  Str,
  /// A Python list of tuples of one shape (`[(v, i) for i, v in ...]`):
  /// Shape::elem is Tuple, Shape::elemShape the tuples' shape.
  TupleList,
};

/// What a Type kind alone does not say about a composite value: a tuple's
/// members, an array's static dimensions, a container's element types.
/// Sema fills it (Expr::shape, LocalVar::shape, FunctionDef::returnShape)
/// for the kinds that need it and leaves it null for scalars. Immutable and
/// shared, so copying a shape is a pointer copy; compare with sameShape().
struct Shape;
using ShapeRef = std::shared_ptr<const Shape>;
struct Shape {
  /// Tuple: the member kinds, and each member's own shape (null when
  /// scalar). A tuple's length is members.size().
  std::vector<Type> members;
  std::vector<ShapeRef> memberShapes;
  /// Per member: it may be a numpy.float64 (see Expr::mayBeNumpy).
  std::vector<bool> memberNumpy;
  /// ndarray: the dimensions known at compile time, outermost first (-1 =
  /// known only at run time). Empty means the classic 1-D array whose
  /// length is known only at run time.
  std::vector<int64_t> dims;
  /// ndarray of two or more dimensions (a window, frontend/Window.h): each
  /// dimension's step in elements of the array it views, whose own stride
  /// is known only at run time; empty means C-contiguous.
  std::vector<int64_t> strides;
  /// list, set, dict: the element (key) kind and, for a dict, the value
  /// kind.
  Type elem = Type::Unknown;
  Type value = Type::Unknown;
  /// set, dict: some element (key) may be a numpy scalar (Expr::mayBeNumpy),
  /// as `s.add(v)` of a window's element makes it; false only where every key
  /// stored is known to be a Python number (`s.add(int(v))`), which is what
  /// makes `1.0 / min(s)` raise ZeroDivisionError rather than give inf.
  bool keysMayBeNumpy = true;
  /// A list of arrays: the shape every element has (null for 1-D arrays).
  ShapeRef elemShape;
};
/// Structural equality (null equals null).
bool sameShape(const ShapeRef &a, const ShapeRef &b);
// Tuple shapes (defined in SemaTuple.cpp).
ShapeRef makeTupleShape(std::vector<Type> members, std::vector<ShapeRef> memberShapes,
                        std::vector<bool> memberNumpy = {});
/// The shape of a tuple that holds either of two tuples: the same length,
/// members joined; false when they cannot be joined.
bool joinShapes(const ShapeRef &a, const ShapeRef &b, ShapeRef &out);
/// The type (and shape) of a member read with a run-time index (`T[i]`,
/// `for x in T`): the join of all members; false when they differ in shape.
bool joinMembers(const ShapeRef &tuple, Type &elem, ShapeRef &elemShape);
/// "tuple(int, float)", or the type's name.
std::string describeShape(Type t, const ShapeRef &s);

/// "float", "int", ... as a Python programmer would name the type.
const char *typeName(Type t);
/// True for Bool, Int, Float and IntOrFloat.
inline bool isNumeric(Type t) {
  return t == Type::Bool || t == Type::Int || t == Type::Float || t == Type::IntOrFloat;
}
/// True for the types that are ints on every path (Bool, Int).
inline bool isIntegral(Type t) { return t == Type::Bool || t == Type::Int; }
inline bool isArray(Type t) {
  return t == Type::FloatArray || t == Type::IntArray || t == Type::BoolArray ||
         t == Type::FloatList || t == Type::IntList;
}
/// Python lists, as opposed to numpy arrays.
inline bool isList(Type t) { return t == Type::FloatList || t == Type::IntList; }
/// numpy arrays, as opposed to Python lists.
inline bool isNdarray(Type t) { return isArray(t) && !isList(t); }
/// dicts and sets (hash containers in the call's arena).
inline bool isHashContainer(Type t) { return t == Type::Dict || t == Type::Set; }
/// The element type of an array type (Float, Int or Bool).
inline Type elementType(Type array) {
  return array == Type::IntArray || array == Type::IntList ? Type::Int
         : array == Type::BoolArray                        ? Type::Bool
                                                           : Type::Float;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

class FunctionDef;

/// A number each node gets when it is made, never given again in the
/// process. Sema's tables of nodes are keyed by it (SemaImpl.h, NodeKey),
/// not by address: Sema frees nodes as it rewrites (a statement replaced,
/// a keyword dropped, an unused library function removed), the allocator
/// hands a freed node's address to the next node made, and a table keyed
/// by address would describe the new node by the old one's entry, with an
/// outcome that depends on the heap's layout. A copy is a new node.
class NodeSerial {
public:
  NodeSerial() : serial_(next()) {}
  NodeSerial(const NodeSerial &) : serial_(next()) {}
  NodeSerial &operator=(const NodeSerial &) { return *this; }
  uint64_t serial() const { return serial_; }

private:
  static uint64_t next() {
    static std::atomic<uint64_t> counter{0};
    return ++counter;
  }
  uint64_t serial_;
};

/// Base of all expressions.
class Expr : public NodeSerial {
public:
  enum class Kind {
    IntLiteral,
    FloatLiteral,
    BoolLiteral,
    NoneLiteral,
    StringLiteral,
    Name,
    Attribute,
    Unary,
    Binary,
    Compare,
    IfExp,
    Call,
    Subscript,
    Tuple,
    List,
    Slice,
    FString,
    Comprehension,
    Lambda,
    Dict,
    Set,
    Named,
  };
  Expr(Kind kind, SourceLoc loc) : kind_(kind), loc_(loc) {}
  virtual ~Expr() = default;
  Kind kind() const { return kind_; }
  SourceLoc loc() const { return loc_; }

  /// Filled in by Sema.
  Type type = Type::Unknown;
  /// Filled in by Sema: on some path this float is a numpy.float64 (an
  /// element of an array, a numpy function's result, or computed from one),
  /// rather than a Python float or int. Float division and ** by zero raise
  /// in CPython only when both operands are Python numbers.
  bool mayBeNumpy = false;
  /// Filled in by Sema for composite kinds (tuples, shaped arrays,
  /// containers); null for scalars. See Shape.
  ShapeRef shape;

private:
  Kind kind_;
  SourceLoc loc_;
};
using ExprPtr = std::unique_ptr<Expr>;

/// `42`, `0x1F`, `1_000`. `overflow` is set when the literal does not fit in
/// int64 (Sema reports it; the lexer must not crash on 10**100 digits).
class IntLiteralExpr : public Expr {
public:
  IntLiteralExpr(SourceLoc loc, int64_t value, bool overflow = false)
      : Expr(Kind::IntLiteral, loc), value(value), overflow(overflow) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::IntLiteral; }
  int64_t value;
  bool overflow;
  /// The str literal this int stands for, a key of a dict keyed by strs
  /// (SemaStrKeys.cpp); empty otherwise. Shown by the AST dump.
  std::string strKey;
};

/// `1.5`, `1e-3`, `.5`, `2.`
class FloatLiteralExpr : public Expr {
public:
  FloatLiteralExpr(SourceLoc loc, double value) : Expr(Kind::FloatLiteral, loc), value(value) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::FloatLiteral; }
  double value;
};

/// `True`, `False`
class BoolLiteralExpr : public Expr {
public:
  BoolLiteralExpr(SourceLoc loc, bool value) : Expr(Kind::BoolLiteral, loc), value(value) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::BoolLiteral; }
  bool value;
};

/// `None`
class NoneLiteralExpr : public Expr {
public:
  explicit NoneLiteralExpr(SourceLoc loc) : Expr(Kind::NoneLiteral, loc) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::NoneLiteral; }
};

/// `"text"`, `'''doc'''` (adjacent literals already concatenated). Only
/// docstrings are meaningful; Sema rejects strings used as values.
class StringLiteralExpr : public Expr {
public:
  StringLiteralExpr(SourceLoc loc, std::string value)
      : Expr(Kind::StringLiteral, loc), value(std::move(value)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::StringLiteral; }
  std::string value;
};

/// What a NameExpr refers to, decided by Sema.
enum class NameRef : uint8_t {
  Unresolved,
  Local,    ///< a parameter or local variable: `localIndex` into FunctionDef::locals
  Constant, ///< a module-level constant: `constIndex` into Module::constants
  Function, ///< a function of this file: `function`
  Module,   ///< an imported module (`np`, `math`, `llcc`): `moduleName`
  Builtin,  ///< a builtin or a `from math import` name: `builtinName`
};

/// `x`
class NameExpr : public Expr {
public:
  NameExpr(SourceLoc loc, std::string name) : Expr(Kind::Name, loc), name(std::move(name)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Name; }
  std::string name;

  // Filled in by Sema.
  NameRef ref = NameRef::Unresolved;
  int localIndex = -1;
  int constIndex = -1;
  FunctionDef *function = nullptr;
  std::string qualifiedName; ///< "numpy", "math", "math.sqrt", "abs", ...
};

/// `np.inf`, `math.sqrt` (as a callee), `values.size`
class AttributeExpr : public Expr {
public:
  AttributeExpr(SourceLoc loc, ExprPtr value, std::string attr)
      : Expr(Kind::Attribute, loc), value(std::move(value)), attr(std::move(attr)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Attribute; }
  ExprPtr value;
  std::string attr;
  /// Filled in by Sema for module members: "math.pi", "numpy.sqrt", ...
  std::string qualifiedName;
};

/// `-x`, `+x`, `not x`, `~x`
class UnaryExpr : public Expr {
public:
  enum class Op { Neg, Pos, Not, Invert };
  UnaryExpr(SourceLoc loc, Op op, ExprPtr operand)
      : Expr(Kind::Unary, loc), op(op), operand(std::move(operand)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Unary; }
  Op op;
  ExprPtr operand;
};

/// The binary operators, also used by AugAssignStmt (`+=` is Add).
enum class BinaryOp {
  Add,      ///< +
  Sub,      ///< -
  Mul,      ///< *
  Div,      ///< /
  FloorDiv, ///< //
  Mod,      ///< %
  Pow,      ///< **
  And,      ///< and (short-circuit, yields an operand)
  Or,       ///< or  (short-circuit, yields an operand)
  BitAnd,   ///< &
  BitOr,    ///< |
  BitXor,   ///< ^
  LShift,   ///< <<
  RShift,   ///< >>
  MatMul,   ///< @ (parsed so that Sema can say it is unsupported)
};
/// "+", "//", "and", ...
const char *binaryOpSpelling(BinaryOp op);

/// `a + b`, `a and b`
class BinaryExpr : public Expr {
public:
  BinaryExpr(SourceLoc loc, BinaryOp op, ExprPtr lhs, ExprPtr rhs)
      : Expr(Kind::Binary, loc), op(op), lhs(std::move(lhs)), rhs(std::move(rhs)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Binary; }
  BinaryOp op;
  ExprPtr lhs, rhs;
  /// Set by Sema on `and`/`or` whose value is only tested (an if, while,
  /// assert or comprehension condition, a `not`): a container operand then
  /// counts by its truth alone (`while stack and stack[-1] > v`).
  bool truthTest = false;
};

enum class CompareOp { Lt, Le, Gt, Ge, Eq, Ne, Is, IsNot, In, NotIn };
/// "<", "is not", ...
const char *compareOpSpelling(CompareOp op);

/// `a < b`, `a < b <= c` (a chain: operands.size() == ops.size() + 1; each
/// middle operand is evaluated once, and evaluation stops at the first false
/// comparison).
class CompareExpr : public Expr {
public:
  CompareExpr(SourceLoc loc, std::vector<ExprPtr> operands, std::vector<CompareOp> ops)
      : Expr(Kind::Compare, loc), operands(std::move(operands)), ops(std::move(ops)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Compare; }
  std::vector<ExprPtr> operands;
  std::vector<CompareOp> ops;
  /// `"med" in how`: a substring test of two strs (SemaStrValues.cpp).
  bool substring = false;
};

/// `a if cond else b`
class IfExpExpr : public Expr {
public:
  IfExpExpr(SourceLoc loc, ExprPtr cond, ExprPtr thenExpr, ExprPtr elseExpr)
      : Expr(Kind::IfExp, loc), cond(std::move(cond)), thenExpr(std::move(thenExpr)),
        elseExpr(std::move(elseExpr)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::IfExp; }
  ExprPtr cond, thenExpr, elseExpr;
  /// Both values are computed, in order, before one is picked: np.where of
  /// numbers, which Sema rewrites to this (numpy gets both as arguments).
  bool eager = false;
};

/// `name=value` in a call.
struct KeywordArg {
  SourceLoc loc;
  std::string name;
  ExprPtr value;
};

/// `f(a, b, key=c)`, and `f(*x)` (`starred`: the only positional argument is
/// unpacked; other starred arguments are rejected by the AstBuilder).
class CallExpr : public Expr {
public:
  CallExpr(SourceLoc loc, ExprPtr callee, std::vector<ExprPtr> args,
           std::vector<KeywordArg> keywords)
      : Expr(Kind::Call, loc), callee(std::move(callee)), args(std::move(args)),
        keywords(std::move(keywords)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Call; }
  ExprPtr callee;
  std::vector<ExprPtr> args;
  std::vector<KeywordArg> keywords;
  /// `f(*args[0])`: Sema expands it (SemaStarred.cpp) or refuses it.
  bool starred = false;

  // Filled in by Sema: either a function of this file or a builtin named by
  // its qualified name ("abs", "math.sqrt", "numpy.sqrt", "len", ...).
  FunctionDef *target = nullptr;
  std::string builtin;
  /// Filled in by Sema for a call of a library function (stdlib/*.flt):
  /// the name the program called ("statistics.fmean").
  std::string libraryName;
  /// Positional arguments a library function takes as ints (math.gcd's)
  /// that are an int or a float at run time: a float raises CPython's
  /// TypeError where it is passed (IRGenExpr.cpp, genFunctionCall).
  std::vector<size_t> intArguments;
  /// isinstance(x, T): its answer, decided by Sema (SemaIsinstance.cpp).
  bool isinstanceAnswer = false;
  /// `for a, b in zip(x, y, strict=True)`: the loop checks the lengths when
  /// it runs out (Sema takes the keyword off, IRGenTuple.cpp checks).
  bool zipStrict = false;
};

/// `values[i]`, `a[1:3]` (the index is then a SliceExpr), `a[i, j]` (a
/// TupleExpr index).
class SubscriptExpr : public Expr {
public:
  SubscriptExpr(SourceLoc loc, ExprPtr value, ExprPtr index)
      : Expr(Kind::Subscript, loc), value(std::move(value)), index(std::move(index)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Subscript; }
  ExprPtr value, index;
};

/// `a, b` and `(a, b)`
class TupleExpr : public Expr {
public:
  TupleExpr(SourceLoc loc, std::vector<ExprPtr> elements)
      : Expr(Kind::Tuple, loc), elements(std::move(elements)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Tuple; }
  std::vector<ExprPtr> elements;
};

/// `[a, b]`
class ListExpr : public Expr {
public:
  ListExpr(SourceLoc loc, std::vector<ExprPtr> elements)
      : Expr(Kind::List, loc), elements(std::move(elements)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::List; }
  std::vector<ExprPtr> elements;
};

/// `start:stop:step` inside a subscript; each part may be null.
class SliceExpr : public Expr {
public:
  SliceExpr(SourceLoc loc, ExprPtr start, ExprPtr stop, ExprPtr step)
      : Expr(Kind::Slice, loc), start(std::move(start)), stop(std::move(stop)),
        step(std::move(step)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Slice; }
  ExprPtr start, stop, step;
};

/// Why CPython's format(value, spec) raises ValueError for a value of type
/// `t` (a number type or str), or "" when it does not: the format-spec
/// mini-language. Used where an f-string is evaluated.
std::string formatSpecError(const std::string &spec, Type t);

/// One replacement field of an f-string: `{value!r:>8.3f}`.
struct FStringField {
  ExprPtr value;
  char conversion = 0;    ///< 'r', 's', 'a' or 0
  std::string formatSpec; ///< "" when absent, or when nestedSpec holds it
  /// A spec with nested replacement fields (`{x:.{p}f}`): the spec is an
  /// f-string of its own, made into text at run time, where CPython's
  /// format() checks it; null for a spec known at compile time.
  ExprPtr nestedSpec;
  /// The printf conversion (`d`, `x`, `f`, ...) the field was made from by
  /// SemaPercent.cpp, or 0. `%d` of a float formats int(value), its NaN and
  /// infinities raising as int() does (formatSpec then ends in 'd').
  char printf = 0;
  bool truncToInt() const {
    return (printf == 'd' || printf == 'i' || printf == 'u') &&
           (value->type == Type::Float || value->type == Type::IntOrFloat);
  }
};

/// `f"sigma must be positive, got {sigma}"`: literal text and fields in
/// order (pieces[i] is text when fields[i].value is null).
class FStringExpr : public Expr {
public:
  FStringExpr(SourceLoc loc) : Expr(Kind::FString, loc) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::FString; }
  std::vector<std::string> texts;     ///< literal text before each field, then the tail
  std::vector<FStringField> fields;   ///< texts.size() == fields.size() + 1
  /// Made from printf-style `"..." % (a, b)`: every value is evaluated
  /// before any is formatted, as Python builds the tuple first.
  bool percent = false;
};

/// A `for target in iter if cond ...` clause of a comprehension after its
/// first one (`[a * b for a in x for b in y if a != b]`): nested inside the
/// clauses before it, as Python nests them.
struct ComprehensionClause {
  ExprPtr target, iter;
  std::vector<ExprPtr> conds;
  int localIndex = -1; ///< by Sema: the hidden local the target names
};

/// `[element for target in iter if cond ...]`, and the generator
/// expression `(element for ...)` (`generator`), which llcc accepts as the
/// argument of a consuming call (sum, min, max, any, all, sorted, list, set).
/// The first `for` clause is `target`/`iter`/`conds`; further ones are in
/// `inner`. Targets are local to the comprehension, as in Python 3 (Sema
/// gives each a hidden local, `localIndex`).
class ComprehensionExpr : public Expr {
public:
  ComprehensionExpr(SourceLoc loc, ExprPtr element, ExprPtr target, ExprPtr iter,
                    std::vector<ExprPtr> conds, bool generator)
      : Expr(Kind::Comprehension, loc), element(std::move(element)), target(std::move(target)),
        iter(std::move(iter)), conds(std::move(conds)), generator(generator) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Comprehension; }
  ExprPtr element, target, iter;
  std::vector<ExprPtr> conds;
  bool generator;
  int localIndex = -1; ///< by Sema: the hidden local the target names
  std::vector<ComprehensionClause> inner;
};

/// `lambda a, b: body`: only where it is applied at once (a `key=`
/// argument); Sema gives each parameter a hidden local (`paramLocals`).
class LambdaExpr : public Expr {
public:
  LambdaExpr(SourceLoc loc, std::vector<std::string> params, ExprPtr body)
      : Expr(Kind::Lambda, loc), params(std::move(params)), body(std::move(body)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Lambda; }
  std::vector<std::string> params;
  ExprPtr body;
  std::vector<int> paramLocals; ///< by Sema
};

/// `(n := e)`: evaluates e, binds it to the local n and yields it (an
/// assignment expression). SemaWalrus.cpp rewrites each into an assignment
/// statement before anything else in Sema runs; no later stage sees one.
class NamedExpr : public Expr {
public:
  NamedExpr(SourceLoc loc, ExprPtr target, ExprPtr value)
      : Expr(Kind::Named, loc), target(std::move(target)), value(std::move(value)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Named; }
  ExprPtr target; ///< a NameExpr
  ExprPtr value;
};

/// `{}`, `{k: v, ...}`
class DictExpr : public Expr {
public:
  DictExpr(SourceLoc loc, std::vector<ExprPtr> keys, std::vector<ExprPtr> values)
      : Expr(Kind::Dict, loc), keys(std::move(keys)), values(std::move(values)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Dict; }
  std::vector<ExprPtr> keys, values;
};

/// `{a, b, c}`
class SetExpr : public Expr {
public:
  SetExpr(SourceLoc loc, std::vector<ExprPtr> elements)
      : Expr(Kind::Set, loc), elements(std::move(elements)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Set; }
  std::vector<ExprPtr> elements;
};

/// The elements of a tuple, list or set display, or null for any other
/// expression (membership of a str in a display compares them one by one).
const std::vector<ExprPtr> *displayElements(const Expr &e);

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

/// Base of all statements.
class Stmt {
public:
  enum class Kind {
    Expr,
    Assign,
    AugAssign,
    If,
    While,
    For,
    Break,
    Continue,
    Pass,
    Del,
    Return,
    Raise,
    Assert,
    Try,
    Unsupported,
  };
  Stmt(Kind kind, SourceLoc loc) : kind_(kind), loc_(loc) {}
  virtual ~Stmt() = default;
  Kind kind() const { return kind_; }
  SourceLoc loc() const { return loc_; }

private:
  Kind kind_;
  SourceLoc loc_;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

/// `f(x)` or a docstring on a line of its own.
class ExprStmt : public Stmt {
public:
  ExprStmt(SourceLoc loc, ExprPtr value) : Stmt(Kind::Expr, loc), value(std::move(value)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Expr; }
  ExprPtr value;
};

/// `x = e`, `a, b = b, a`, `a = b = 0` (targets in source order; the value
/// is evaluated once and assigned to each target left to right).
class AssignStmt : public Stmt {
public:
  AssignStmt(SourceLoc loc, std::vector<ExprPtr> targets, ExprPtr value)
      : Stmt(Kind::Assign, loc), targets(std::move(targets)), value(std::move(value)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Assign; }
  std::vector<ExprPtr> targets;
  ExprPtr value;
};

/// `x += e`, `a[i] -= e`
class AugAssignStmt : public Stmt {
public:
  AugAssignStmt(SourceLoc loc, ExprPtr target, BinaryOp op, ExprPtr value)
      : Stmt(Kind::AugAssign, loc), target(std::move(target)), op(op), value(std::move(value)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::AugAssign; }
  ExprPtr target;
  BinaryOp op;
  ExprPtr value;
  /// The type of `target op value` (set by Sema); the target's own type
  /// may be wider (an int-or-float variable).
  Type resultType = Type::Unknown;
  /// Set by Sema: `a += iterable` on a list, which extends it in place in
  /// Python (list.__iadd__ is list.extend), not `a = a + iterable`.
  bool extendsList = false;
};

/// `if c: ... elif d: ... else: ...` (an elif is an IfStmt alone in the
/// else block).
class IfStmt : public Stmt {
public:
  IfStmt(SourceLoc loc, ExprPtr cond, Block thenBody, Block elseBody)
      : Stmt(Kind::If, loc), cond(std::move(cond)), thenBody(std::move(thenBody)),
        elseBody(std::move(elseBody)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::If; }
  ExprPtr cond;
  Block thenBody, elseBody;
};

/// `while c: ... else: ...` (the else block runs when the loop ends without
/// `break`).
class WhileStmt : public Stmt {
public:
  WhileStmt(SourceLoc loc, ExprPtr cond, Block body, Block elseBody)
      : Stmt(Kind::While, loc), cond(std::move(cond)), body(std::move(body)),
        elseBody(std::move(elseBody)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::While; }
  ExprPtr cond;
  Block body, elseBody;
};

/// `for v in values: ... else: ...`, `for i in range(a, b, s): ...`
class ForStmt : public Stmt {
public:
  ForStmt(SourceLoc loc, ExprPtr target, ExprPtr iter, Block body, Block elseBody)
      : Stmt(Kind::For, loc), target(std::move(target)), iter(std::move(iter)),
        body(std::move(body)), elseBody(std::move(elseBody)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::For; }
  ExprPtr target;
  ExprPtr iter;
  Block body, elseBody;
};

/// `break`
class BreakStmt : public Stmt {
public:
  explicit BreakStmt(SourceLoc loc) : Stmt(Kind::Break, loc) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Break; }
};

/// `continue`
class ContinueStmt : public Stmt {
public:
  explicit ContinueStmt(SourceLoc loc) : Stmt(Kind::Continue, loc) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Continue; }
};

/// `pass`
class PassStmt : public Stmt {
public:
  explicit PassStmt(SourceLoc loc) : Stmt(Kind::Pass, loc) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Pass; }
};

/// `del x, y` of local variables: unbinds them (a later read raises
/// UnboundLocalError, as does deleting an unbound one); `del a[i]`,
/// `del a[i:j]` of a local list removes those elements.
class DelStmt : public Stmt {
public:
  DelStmt(SourceLoc loc, std::vector<ExprPtr> targets)
      : Stmt(Kind::Del, loc), targets(std::move(targets)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Del; }
  std::vector<ExprPtr> targets; ///< NameExprs and SubscriptExprs (Sema refuses others)
};

/// `return`, `return e`, `return a, b` (a TupleExpr)
class ReturnStmt : public Stmt {
public:
  ReturnStmt(SourceLoc loc, ExprPtr value) : Stmt(Kind::Return, loc), value(std::move(value)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Return; }
  ExprPtr value; ///< may be null
  /// By Sema: a transform's `return tuple(x)` of the run-time rank,
  /// rewritten as `return list(x)` (SemaTupleCall.cpp).
  bool runTimeTuple = false;
};

/// `raise ValueError(f"...")`, `raise ValueError`, `raise` of a builtin
/// exception class with at most one argument (a str or a number).
class RaiseStmt : public Stmt {
public:
  RaiseStmt(SourceLoc loc, ExprPtr exception) : Stmt(Kind::Raise, loc), exception(std::move(exception)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Raise; }
  ExprPtr exception; ///< null for a bare `raise` (re-raises in an except clause)
  // Filled in by Sema.
  std::string className; ///< "ValueError"
  const Expr *message = nullptr; ///< the argument, or null for no argument
};

/// `assert cond`, `assert cond, message`
class AssertStmt : public Stmt {
public:
  AssertStmt(SourceLoc loc, ExprPtr cond, ExprPtr message)
      : Stmt(Kind::Assert, loc), cond(std::move(cond)), message(std::move(message)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Assert; }
  ExprPtr cond;
  ExprPtr message; ///< may be null
};

/// One `except` clause: `except ValueError:`, `except (KeyError,
/// IndexError):`, or a bare `except:` (no type).
struct ExceptClause {
  SourceLoc loc;
  ExprPtr type;       ///< a name or a tuple of names; null for a bare except
  std::string asName; ///< `except E as e`, else empty
  Block body;
  /// Filled in by Sema for `as e`: hidden str locals holding str(e) and
  /// type(e).__name__ while the clause runs (-1 when there is no `as`).
  int textLocal = -1, classLocal = -1;
  /// Sema: the clause keeps a copy of the caught error (it reads `e` or
  /// has a bare `raise`), made when it starts (IRGenTry.cpp).
  bool keepsError = false;
  /// Sema: the clause formats {e!r}, so it also keeps repr(e)'s argument
  /// part in the hidden local argLocal.
  int argLocal = -1;
  /// Filled in by Sema: the runtime exception classes (names in
  /// codegen/RuntimeErrors.h's table) this clause catches.
  std::vector<std::string> caught;
};

/// `try: ... except E: ... else: ... finally: ...`. A runtime error in the
/// body (llcc's own checks, `raise`, a callee's error) goes to the first
/// clause that catches its class; the else block runs when the body ends
/// without one.
class TryStmt : public Stmt {
public:
  TryStmt(SourceLoc loc, Block body, std::vector<ExceptClause> handlers, Block elseBody,
          Block finallyBody, SourceLoc finallyLoc)
      : Stmt(Kind::Try, loc), body(std::move(body)), handlers(std::move(handlers)),
        elseBody(std::move(elseBody)), finallyBody(std::move(finallyBody)), finallyLoc(finallyLoc) {
  }
  static bool classof(const Stmt *s) { return s->kind() == Kind::Try; }
  Block body;
  std::vector<ExceptClause> handlers;
  Block elseBody;
  Block finallyBody; ///< refused by Sema when present
  SourceLoc finallyLoc;
};

/// Calls `f` on each block directly inside `s` (an if's branches, a loop's
/// body and else, a try's body, clauses, else and finally), in source order.
template <typename F> void forEachChildBlock(Stmt &s, F &&f);

/// A valid Python statement that llcc does not compile (`class`, `with`,
/// `try`, `lambda`, `global`, nested `def`, ...). The AstBuilder keeps it so
/// that Sema reports it with the others; `what` names the construct.
class UnsupportedStmt : public Stmt {
public:
  UnsupportedStmt(SourceLoc loc, std::string what)
      : Stmt(Kind::Unsupported, loc), what(std::move(what)) {}
  static bool classof(const Stmt *s) { return s->kind() == Kind::Unsupported; }
  std::string what;
};

template <typename F> void forEachChildBlock(Stmt &s, F &&f) {
  switch (s.kind()) {
  case Stmt::Kind::If:
    f(static_cast<IfStmt &>(s).thenBody);
    f(static_cast<IfStmt &>(s).elseBody);
    return;
  case Stmt::Kind::While:
    f(static_cast<WhileStmt &>(s).body);
    f(static_cast<WhileStmt &>(s).elseBody);
    return;
  case Stmt::Kind::For:
    f(static_cast<ForStmt &>(s).body);
    f(static_cast<ForStmt &>(s).elseBody);
    return;
  case Stmt::Kind::Try: {
    auto &t = static_cast<TryStmt &>(s);
    f(t.body);
    for (ExceptClause &h : t.handlers)
      f(h.body);
    f(t.elseBody);
    f(t.finallyBody);
    return;
  }
  default:
    return;
  }
}

//===----------------------------------------------------------------------===//
// Top level
//===----------------------------------------------------------------------===//

/// A compile-time value: a folded constant or parameter default.
struct ConstValue {
  /// Bool, Int, Float, Str or None; Unknown when not folded; IntOrFloat for
  /// a required user parameter (no default: an int or a float as bound).
  Type type = Type::Unknown;
  int64_t i = 0;             ///< Bool and Int
  double f = 0;              ///< Float
  std::string s;             ///< Str
};

/// A parameter: `x` or `x=default`.
struct Param {
  SourceLoc loc;
  std::string name;
  ExprPtr defaultValue; ///< may be null
  /// After a bare `*` (`def f(values, *, k=2)`): bound by keyword only.
  bool keywordOnly = false;
  /// The default's value, folded by Sema (only for exported functions'
  /// extra parameters, whose defaults the manifest records).
  ConstValue defaultConst;
};

/// A local variable of a function (parameters first), found by Sema.
struct LocalVar {
  std::string name;
  Type type = Type::Unknown;
  SourceLoc firstLoc; ///< first assignment or the parameter
  bool isParam = false;
  /// An array the function may write (`oline`, `input_coords`).
  bool writable = false;
  /// Some value this variable holds is a read-only array (the neighbourhood
  /// buffer, or a view of it), so element writes through it are refused.
  bool readonlyArray = false;
  /// Some value this variable holds is the kind's own window (a filter's
  /// `values`, a filter1d's `iline`) or a view of it (SemaWindowWrites.cpp).
  bool windowView = false;
  /// The parameter is a private copy of what the caller passed, made at
  /// entry: a filter that writes into its window (`values.sort()`).
  bool copyOnEntry = false;
  /// An extra parameter of an exported function, read from user_data.
  bool userParam = false;
  /// Some value assigned to it may be a numpy.float64 (see Expr).
  bool mayBeNumpy = false;
  /// Filled in by Sema's reporting walk: some value assigned to it is a
  /// numpy.bool_, and some other is not (a Python bool, an int, a float).
  /// Where both are, ~, - and arithmetic with bools differ by path.
  bool holdsNumpyBool = false;
  bool holdsOtherNumber = false;
  /// A list some of whose elements are numpy.bool_ (`[v > t for v in
  /// values]`): llcc's elements are ints, numpy's ~ and + of them are not.
  bool holdsNumpyBoolElements = false;
  ShapeRef shape; ///< for composite kinds (see Shape)
  /// Some `del` unbinds it: IRGen never takes it as certainly assigned.
  bool deleted = false;
  /// A parameter whose default is None (`sigma=None`): it holds None or a
  /// number, tracked by an extra flag that `x is None` reads.
  bool mayBeNone = false;
  /// A user parameter whose default is None and whose body makes it an
  /// array, a list, a dict or a set (`weights=None`, then `if weights is None: weights =
  /// W`): user_data holds numbers, so its caller passes only None (the
  /// manifest types it "none"; its value slot is a double never read).
  bool noneOnly() const {
    return userParam && mayBeNone && (isArray(type) || isHashContainer(type));
  }
  /// A comprehension's or lambda's variable, invisible outside it.
  bool hidden = false;
  /// A list that grows or shrinks (append, pop, extend).
  bool grows = false;
  /// A list that another name also holds (`b = a`).
  bool aliased = false;
  /// A defaultdict(int) or defaultdict(float) (Int or Float): d[k] of a
  /// missing key inserts 0 or 0.0, as CPython's __missing__ does.
  Type dictDefault = Type::Unknown;
  /// A collections.Counter (dictDefault Int): d[k] of a missing key reads
  /// 0 without inserting it; d[k] += n inserts, as in CPython.
  bool counter = false;
  /// Sema: an array assigned or passed to it has been seen, so its shape
  /// is decided (SemaWindow.cpp, joinLocalShape). A flag here, not a set of
  /// pointers: a function's locals move when hidden ones are added.
  bool windowSeen = false;
};

/// What a function compiles to, decided by Sema from its decorator and from
/// whether other functions call it.
enum class FunctionKind : uint8_t {
  Helper,    ///< called by other functions; internal to the .so
  Filter,    ///< generic_filter: int (double *, intptr_t, double *, void *)
  Filter1D,  ///< generic_filter1d
  Transform, ///< geometric_transform
  Integrand, ///< scipy.integrate.quad
};
/// "filter", "filter1d", "transform", "integrand", "helper".
const char *functionKindName(FunctionKind kind);

/// `@decorator` before a def: a dotted name, optionally called.
struct Decorator {
  SourceLoc loc;
  std::string dottedName; ///< "llcc.filter"
  bool called = false;    ///< `@llcc.filter()`
};

/// Ends the name of a copy of a function for one combination of numpy and
/// Python argument kinds (`half__llcc_kind_0`, SemaKindVersions.cpp).
inline constexpr char KindCopySuffix[] = "__llcc_kind_";

/// `def name(params): body`
class FunctionDef : public NodeSerial {
public:
  SourceLoc loc;     ///< of the `def` keyword
  SourceLoc nameLoc; ///< of the name
  std::string name;
  std::vector<Param> params;
  std::vector<Decorator> decorators;
  Block body;

  // Filled in by Sema.
  FunctionKind fkind = FunctionKind::Helper;
  std::vector<LocalVar> locals; ///< params first, in order
  Type returnType = Type::Unknown;
  ShapeRef returnShape; ///< for a composite return type (see Shape)
  /// Some returned value may be a numpy.float64 (see Expr).
  bool returnMayBeNumpy = false;
  /// A helper returning an array may return a read-only one (the window,
  /// a parameter bound to it, a view of either): its calls are read-only.
  bool returnsReadonlyArray = false;
  /// For a Tuple return type: the number of elements every `return` has.
  unsigned returnArity = 0;
  /// A transform in llc-tools' form `f(output_coords, input_coords)`.
  bool transformWrites = false;
  /// A transform of one parameter whose returned tuple has a length known
  /// only at run time (`tuple(c - 0.5 for c in output_coords)`): it works
  /// for every rank; returnArity is 0 and the result slot is a sequence.
  bool rankGeneric = false;
  /// The kind's own parameters (the rest are user parameters).
  unsigned kindParams = 0;
  /// Part of the standard library (stdlib/*.flt), compiled in as a helper.
  bool isLibrary = false;
  /// A copy of a function for one combination of numpy and Python
  /// argument kinds (SemaKindVersions.cpp): only called, never exported.
  bool kindCopy = false;
  /// On a cycle of calls: its calls count towards the recursion limit.
  bool recursive = false;
  /// A `def` nested in `outer` (named "outer.inner"; `localName` is "inner"),
  /// visible only inside it. Each name it reads from `outer`'s variables is
  /// in `captures` and is one of its last parameters, passed at every call
  /// with the caller's current value.
  FunctionDef *outer = nullptr;
  std::string localName;
  std::vector<std::string> captures;
  std::vector<FunctionDef *> callees;
  /// Dicts and sets keyed by str literals (SemaStrKeys.cpp): each str key
  /// is the int of its index in `strKeys`; `strKeyDicts` names the local
  /// variables holding such a dict, whose KeyError shows the str.
  std::vector<std::string> strKeys;
  std::set<std::string> strKeyDicts;
};

/// `NAME = expression of literals` at module level; also `A, B = value`
/// (an unpacking: `targets` named, `name` empty) and `G /= e` (`inPlace`,
/// the value `G / e`).
struct Constant {
  SourceLoc loc;
  std::string name;
  ExprPtr value;
  Type type = Type::Unknown; ///< by Sema
  ShapeRef shape;            ///< by Sema, for composite constants
  /// `A, B = value`: the names and where each is written. Sema replaces
  /// the unpacking by one constant per name.
  std::vector<std::pair<std::string, SourceLoc>> targets;
  /// `G += e` and the like: numpy's in-place rules apply to an array G.
  bool inPlace = false;
  /// Its definition was reported (an invalid dict constant): typed Unknown,
  /// so that its uses add no errors of their own.
  bool reported = false;
};

/// `import numpy as np`, `import math`, `from math import sqrt, pi as PI`,
/// `import llcc`. For `from` imports, `names` holds (name, alias) pairs.
struct Import {
  SourceLoc loc;
  std::string module; ///< "numpy"
  std::string alias;  ///< "np" (= module when none)
  bool isFrom = false;
  std::vector<std::pair<std::string, std::string>> names; ///< from-imports
  std::vector<SourceLoc> nameLocs;
  /// The def whose body holds the import (null at module level): Sema
  /// binds its names for the whole module but refuses a use CPython would
  /// not see (another function, before the import: SemaFunctionImports.cpp).
  const FunctionDef *function = nullptr;
};

/// One source file.
class Module {
public:
  std::vector<Import> imports;
  std::vector<Constant> constants;
  std::vector<std::unique_ptr<FunctionDef>> functions;
  /// Module-level statements that are neither imports, constants, defs nor
  /// a docstring (e.g. `print(x)`); Sema reports them.
  Block otherStatements;
  /// A fresh copy of the named standard library function (null if there is
  /// none), set by the standard library step: Sema makes one version of a
  /// library function per kind of arguments it is called with.
  std::function<std::unique_ptr<FunctionDef>(const std::string &)> libraryFunction;

  /// One call of a user function, as Sema's reporting walk saw it: which
  /// arguments may be numpy scalars ('1') or are Python numbers ('0'), per
  /// parameter (SemaKindVersions.cpp makes one copy of a helper per mask).
  struct CallKinds {
    std::string caller;  ///< the calling function's name
    SourceLoc loc;       ///< of the callee's name
    std::string written; ///< the callee's name as written there
    std::string target;  ///< the called function's name
    std::string mask;
  };
  std::vector<CallKinds> callKinds;
  /// Set before Sema (SemaKindVersions.cpp): the name at (caller, line,
  /// col) calls the copy of the function named here instead.
  std::map<std::tuple<std::string, uint32_t, uint32_t>, std::string> calleeRenames;
};

/// Calls `f(ExprPtr &)` on every direct child slot of `e` (null slots
/// included), in source order: the AstBuilder's and Sema's walks over
/// expressions share it.
template <typename F> void forEachChildExpr(Expr &e, F f) {
  switch (e.kind()) {
  case Expr::Kind::IntLiteral:
  case Expr::Kind::FloatLiteral:
  case Expr::Kind::BoolLiteral:
  case Expr::Kind::NoneLiteral:
  case Expr::Kind::StringLiteral:
  case Expr::Kind::Name:
    return;
  case Expr::Kind::Attribute:
    return f(static_cast<AttributeExpr &>(e).value);
  case Expr::Kind::Unary:
    return f(static_cast<UnaryExpr &>(e).operand);
  case Expr::Kind::Binary: {
    auto &b = static_cast<BinaryExpr &>(e);
    f(b.lhs);
    return f(b.rhs);
  }
  case Expr::Kind::Compare:
    for (ExprPtr &op : static_cast<CompareExpr &>(e).operands)
      f(op);
    return;
  case Expr::Kind::IfExp: {
    auto &x = static_cast<IfExpExpr &>(e);
    f(x.cond);
    f(x.thenExpr);
    return f(x.elseExpr);
  }
  case Expr::Kind::Call: {
    auto &c = static_cast<CallExpr &>(e);
    f(c.callee);
    for (ExprPtr &a : c.args)
      f(a);
    for (KeywordArg &k : c.keywords)
      f(k.value);
    return;
  }
  case Expr::Kind::Subscript: {
    auto &s = static_cast<SubscriptExpr &>(e);
    f(s.value);
    return f(s.index);
  }
  case Expr::Kind::Tuple:
    for (ExprPtr &x : static_cast<TupleExpr &>(e).elements)
      f(x);
    return;
  case Expr::Kind::List:
    for (ExprPtr &x : static_cast<ListExpr &>(e).elements)
      f(x);
    return;
  case Expr::Kind::Slice: {
    auto &s = static_cast<SliceExpr &>(e);
    f(s.start);
    f(s.stop);
    return f(s.step);
  }
  case Expr::Kind::Named: {
    auto &n = static_cast<NamedExpr &>(e);
    f(n.target);
    return f(n.value);
  }
  case Expr::Kind::FString:
    for (FStringField &field : static_cast<FStringExpr &>(e).fields) {
      f(field.value);
      if (field.nestedSpec)
        f(field.nestedSpec);
    }
    return;
  case Expr::Kind::Comprehension: {
    auto &c = static_cast<ComprehensionExpr &>(e);
    f(c.element);
    f(c.target);
    f(c.iter);
    for (ExprPtr &x : c.conds)
      f(x);
    for (ComprehensionClause &clause : c.inner) {
      f(clause.target);
      f(clause.iter);
      for (ExprPtr &x : clause.conds)
        f(x);
    }
    return;
  }
  case Expr::Kind::Lambda:
    return f(static_cast<LambdaExpr &>(e).body);
  case Expr::Kind::Dict: {
    auto &d = static_cast<DictExpr &>(e);
    for (ExprPtr &x : d.keys)
      f(x);
    for (ExprPtr &x : d.values)
      f(x);
    return;
  }
  case Expr::Kind::Set:
    for (ExprPtr &x : static_cast<SetExpr &>(e).elements)
      f(x);
    return;
  }
}

} // namespace llcc
