//===- IRGenImpl.h - Internals of the AST to LLVM IR lowering --------------===//
//
// The IRGen class. Where its methods live:
//   codegen/IRGen.cpp          types, conversions, functions, statements, locals
//   codegen/IRGenLoops.cpp     the one counted-loop builder (countedLoop,
//                              forRange, every `for` statement, loop hints)
//   codegen/IRGenExpr.cpp      expressions, calls, indexing
//   codegen/IRGenNumber.cpp    int-or-float values
//   codegen/IRGenBuiltins.cpp  builtins and math/numpy scalar functions
//   codegen/IRGenArray.cpp     arrays, slices, broadcasting, the arena
//   codegen/IRGenReduce.cpp    reductions, sorting, order statistics
//   codegen/Runtime.cpp        runtime errors: record, raise, last error
//   abi/Library.cpp            run(): the library in order
//   abi/Wrappers.cpp           SciPy-signature wrappers, user_data
//   abi/ImageKernel.cpp        whole-image kernels (ImageKernelBuilder)
//   abi/LinesKernel.cpp        filter1d kernels over many lines
//   abi/CoordsKernel.cpp       transform kernels over many output pixels
//   abi/Manifest.cpp           the manifest
// abi/ sees this header (its generators drive the body lowering); nothing
// in codegen/ calls into abi/.
//
// What belongs to the function being generated (its locals' slots, loop
// targets, the arena, where `return` stores) is one FunctionState, entered
// with a FunctionScope; everything else in IRGen is per module.
//
// Conventions of the generated code:
//   * every source function becomes `i1 @llcc.fn.NAME(ptr %result, args...)`
//     with internal linkage; it returns false after a runtime error, having
//     stored a message in the thread-local @llcc.error;
//   * bool is i1, int is i64, float is double, an array is {ptr, i64};
//   * each local has a stack slot and, unless it is a parameter, a "bound"
//     flag that reads check (Python's UnboundLocalError); mem2reg and
//     constant folding remove both where the flow makes them redundant.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"
#include "Builtins.h"
#include "Backend.h"
#include "Window.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace llcc {

struct GeneratedModule;
struct LibraryOptions;
struct ElementType;

/// Words (8 bytes) of the stack block each exported call gives its arena;
/// local arrays beyond it come from heap chunks freed before returning.
constexpr uint64_t ArenaStackWords = 4096;
/// Nested calls of recursive functions before RecursionError, as CPython's
/// default sys.getrecursionlimit().
constexpr int32_t MaxRecursionDepth = 1000;
/// The metadata kind on a conditional branch to an exact fallback: its
/// condition true means the value on the false successor (a network's) may
/// differ from numpy's in a zero's sign, and the true successor computes
/// it exactly. A whole-image kernel's fast copy of the body replaces the
/// branch by a flag (abi/FastBody.cpp).
inline constexpr const char *ExactFallbackKind = "llcc.exact.fallback";
/// numpy's TypeErrors for -b and b - c of numpy.bool_ values (IRGenNumber.cpp).
extern const char *const NumpyBoolNegativeMessage;
extern const char *const NumpyBoolSubtractMessage;

/// The lowering state of one function: the user function whose body is
/// being generated, or a wrapper, kernel or runtime helper. genStmt and
/// genExpr read and write only this; a helper emitted in the middle of a
/// body (llcc.rt.pairwise, a message formatter) gets a state of its own, so
/// nothing of one function leaks into another.
struct FunctionState {
  const FunctionDef *def = nullptr; ///< the user function; null for generated ones
  llvm::Function *llfn = nullptr;
  llvm::Value *result = nullptr; ///< where `return` stores (the result pointer)
  llvm::Value *arena = nullptr;  ///< the arena local arrays come from
  std::vector<llvm::AllocaInst *> slots; ///< one per local, by index
  std::vector<llvm::AllocaInst *> bound; ///< "assigned yet?" flags; null for parameters
  /// Locals certainly assigned on every path to the insertion point (see
  /// genStmt): reading them needs no UnboundLocalError check. Kept at
  /// statement level only, so expression-level constructs cannot make it
  /// claim too much.
  std::vector<bool> known;
  unsigned loopDepth = 0; ///< loops around the statement being generated
  /// For a local whose default is None: true while it holds None.
  std::vector<llvm::AllocaInst *> none;
  /// The capacity of each local list that grows, by local index.
  std::map<int, llvm::AllocaInst *> capacity;
  struct LoopTargets {
    llvm::BasicBlock *continueTarget;
    llvm::BasicBlock *breakTarget;
  };
  std::vector<LoopTargets> loops; ///< innermost last: where continue/break go
  /// The dispatch blocks of the try statements around the insertion point,
  /// innermost last: where a runtime error goes (errorExit, IRGenTry.cpp).
  std::vector<llvm::BasicBlock *> handlers;
  /// The `finally` blocks of the try statements around the insertion point,
  /// innermost last, each with the depth of loops and handlers outside its
  /// try: a return, break or continue that leaves the try runs the block
  /// there first (genFinallyExits, IRGenTry.cpp).
  struct FinallyFrame {
    const Block *body;        ///< null for a pending error's saved message buffer
    llvm::Value *savedBuffer; ///< that buffer's data, freed when the exit drops the error
    size_t loops;
    size_t handlers;
  };
  std::vector<FinallyFrame> finallies;
  /// The errors the except clauses around the insertion point caught, as
  /// copied when each started (keepCaughtError): innermost last.
  struct CaughtError {
    llvm::Value *full, *py, *kind, *textAt;
  };
  std::vector<CaughtError> caught;
  /// References of each local in the whole function (IRGenLoopArena.cpp),
  /// counted at the first loop that asks.
  std::vector<int> localRefs;
};

/// Enters a function for the lifetime of the scope: a fresh FunctionState
/// for `llfn` (and `def`, for a user function), with the builder's position
/// and the enclosing state restored on exit. Emitting a helper function
/// while another is half built is just a nested scope.
class FunctionScope {
public:
  FunctionScope(FunctionState *&cur, llvm::IRBuilderBase &b, llvm::Function *llfn,
                const FunctionDef *def = nullptr)
      : cur_(cur), saved_(cur), guard_(b) {
    state_.llfn = llfn;
    state_.def = def;
    cur_ = &state_;
  }
  ~FunctionScope() { cur_ = saved_; }
  FunctionScope(const FunctionScope &) = delete;
  FunctionScope &operator=(const FunctionScope &) = delete;
  FunctionState &state() { return state_; }

private:
  FunctionState *&cur_;
  FunctionState *saved_;
  llvm::IRBuilderBase::InsertPointGuard guard_;
  FunctionState state_;
};

class IRGen {
public:
  IRGen(const Module &module, const SourceFile &file, llvm::LLVMContext &context,
        bool imageKernels);
  /// Defined in abi/Library.cpp: the whole library, in order.
  GeneratedModule run(const LibraryOptions &options);

private:
  friend struct ExprLowering;
  friend class ImageKernelBuilder;
  friend class MedianBoxRun;

  // Types and constants.
  llvm::Type *llvmType(Type t);
  /// Converts between number types as Python promotes; `loc` is where an
  /// int-or-float value that turns out to be a float is reported when an
  /// int is needed.
  llvm::Value *convert(llvm::Value *v, Type from, Type to, SourceLoc loc = {});
  llvm::Value *truthy(llvm::Value *v, Type t);
  llvm::Constant *f64(double v) { return llvm::ConstantFP::get(b_.getDoubleTy(), v); }
  llvm::Constant *i64(int64_t v) { return b_.getInt64(static_cast<uint64_t>(v)); }

  // Functions.
  void declareFunction(const FunctionDef &fn);
  void defineFunction(const FunctionDef &fn);
  /// For each local of `fn`, the local whose slot it uses: itself, or an
  /// earlier version of the same name (SlotSharing.cpp).
  std::vector<size_t> sharedSlots(const FunctionDef &fn);
  void emitWrapper(const FunctionDef &fn, GeneratedModule &out);
  /// `llcc_image_NAME`: the filter over a whole array (ImageKernel.cpp).
  void emitImageKernel(const FunctionDef &fn, const ElementType &input);
  /// `llcc_lines_NAME`: a filter1d over many lines (abi/LinesKernel.cpp).
  void emitLinesKernel(const FunctionDef &fn);
  /// `llcc_coords_NAME`: a transform over many output pixels
  /// (abi/CoordsKernel.cpp).
  void emitCoordsKernel(const FunctionDef &fn);
  /// Defined in abi/Wrappers.cpp; `onMissing` returns from the caller
  /// when required parameters have no user_data.
  std::vector<llvm::Value *> userParamValues(const FunctionDef &fn, llvm::Value *userData,
                                             const std::function<void()> &onMissing);
  llvm::Value *constValue(const ConstValue &v, Type to);
  void emitManifest(const LibraryOptions &options);
  /// Stores a runtime error's messages in the thread-local slots.
  /// Leaves after a recorded runtime error: to the innermost try's except
  /// dispatch, or `return false` (IRGenTry.cpp).
  void errorExit();
  void genTry(const TryStmt &s);
  void genTryClauses(const TryStmt &s, llvm::BasicBlock *end);
  /// Copies the caught error's record into the arena as an except clause
  /// starts, and sets its `as e` locals (str(e), type(e).__name__).
  FunctionState::CaughtError keepCaughtError(const ExceptClause &h);
  /// A bare `raise` in an except clause: the clause's error again.
  void genReraise();
  llvm::GlobalVariable *classNames_ = nullptr; ///< the exception classes' names, by kind
  /// Emits the finally blocks of finallies_[keep..] innermost first, each
  /// with the loops, handlers and finallies outside its try, before a
  /// return, break or continue leaves them.
  void genFinallyExits(size_t keep);
  /// The finally frames a break or continue of the innermost loop leaves.
  size_t finalliesOutsideLoop() const;
  void genFinallyOnError(const TryStmt &s, llvm::BasicBlock *finErr,
                         const std::vector<bool> &before);
  void recordError(SourceLoc loc, const std::string &message);
  /// Same, but Python gets the message exactly as written, without the
  /// source position (an error SciPy itself raises, whose text users match).
  void recordPythonError(SourceLoc loc, const std::string &message);
  /// A filter's result slot: a number, or a tuple for several outputs.
  llvm::Type *filterResultType(const FunctionDef &fn);
  /// A filter's result slot becomes one double per output (abi/MultiOut.cpp).
  std::vector<llvm::Value *> filterOutputs(const FunctionDef &fn, llvm::Value *result);
  /// A rank-generic transform's return (abi/Wrappers.cpp): its sequence,
  /// as float64 elements, goes to the result slot.
  void storeRankGenericCoords(const Expr &value);
  /// The wrapper's and the coordinates kernel's copy of a rank-generic
  /// transform's result into `to[0..inRank)`; false (after recording
  /// SciPy's TypeError) when it has fewer coordinates.
  llvm::Value *copyRankGenericCoords(const FunctionDef &fn, llvm::Value *result,
                                     llvm::Value *inRank, llvm::Value *to);
  void emitRuntimeSupport();

  // Runtime errors.
  /// Branches to a block that records `message` (prefixed with the source
  /// position of `loc`) and returns false, unless `ok` is true.
  void check(llvm::Value *ok, SourceLoc loc, const std::string &message);
  /// Records `message` and returns false from the current function.
  void fail(SourceLoc loc, const std::string &message);
  llvm::Constant *stringConstant(const std::string &text);
  /// Starts a fresh block after a terminator so later code has a home.
  void startDeadBlock();
  llvm::BasicBlock *newBlock(const char *name);
  /// Returns false from the current function when `ok` is false (the
  /// callee has already recorded its message).
  void propagate(llvm::Value *ok);
  /// An alloca in the entry block, so loops do not grow the stack.
  llvm::AllocaInst *entryAlloca(llvm::Type *type, const std::string &name);
  /// The runtime helper for int ** int.
  llvm::Function *intPow();
  /// CPython's math.hypot.
  llvm::Function *cpythonHypot();
  // IRGenHypot.cpp: CPython's vector_norm for math.hypot and math.dist.
  llvm::Value *genVectorNorm(llvm::Value *n,
                             const std::function<llvm::Value *(llvm::Value *)> &absAt);
  llvm::Value *genHypotUnpacked(const CallExpr &e);
  llvm::Value *genHypotCall(const CallExpr &e);
  llvm::Value *genDistCall(const CallExpr &e);

  // raise, assert, print, f-strings, str and None (IRGenErrors.cpp).
  /// The index of a Python exception class in the runtime's table.
  unsigned exceptionKind(const std::string &className);
  void genRaise(const RaiseStmt &s);
  void genAssert(const AssertStmt &s);
  /// Records `message` (a str or number expression, or null for none) as
  /// an exception of class `kind` raised at `loc`, and returns false.
  void raiseWithMessage(SourceLoc loc, const std::string &className, const Expr *message);
  /// Raises `className` with the message `append` writes into the message
  /// buffer (appendConstant, appendValue), as raiseWithMessage does.
  void raiseComposed(SourceLoc loc, const std::string &className,
                     const std::function<void()> &append, int64_t textAt = 0);
  llvm::Value *genPrint(const CallExpr &e);
  /// Appends the text of `e` (a str or a number) to the message buffer;
  /// `values` are its f-string fields' values, evaluated beforehand.
  void appendMessage(const Expr &e, const std::vector<llvm::Value *> &values,
                     const std::map<size_t, llvm::Value *> &flags);
  /// Appends "None" when `flag` (may be null) is true, else the value.
  void appendMaybeNone(llvm::Value *flag, llvm::Value *v, Type t, char conversion,
                       const std::string &spec);
  /// messageValues' None flags, by value index, for None-default parameters.
  std::map<size_t, llvm::Value *> noneFlags_;
  void checkFormatSpec(const FStringField &field, llvm::Value *v);
  std::vector<llvm::Value *> messageValues(const Expr &e);
  llvm::Value *percentTruncToInt(const FStringField &field, llvm::Value *v);
  void appendTruncated(const FStringField &field, llvm::Value *v);
  void appendValue(llvm::Value *v, Type t, char conversion, const std::string &spec);
  /// A field whose spec has nested fields (`{x:.{p}f}`): `spec` is its
  /// text, made at run time (IRGenFormatSpec.cpp).
  void appendValue(llvm::Value *v, Type t, char conversion, llvm::Value *spec);
  void appendMaybeNone(llvm::Value *flag, llvm::Value *v, Type t, char conversion,
                       llvm::Value *spec);
  /// Raises what CPython's format(value, spec) raises for a run-time spec,
  /// when the field is evaluated; a valid spec goes on.
  void checkNestedSpec(const FStringField &field, llvm::Value *v, llvm::Value *spec);
  llvm::Function *formatCheckFn();
  bool isSpecialCompare(const CompareExpr &e);
  llvm::Value *strEquals(llvm::Value *x, llvm::Value *y);
  llvm::Value *genSpecialCompare(const CompareExpr &e);
  llvm::Value *noneFlag(const Expr &e);
  void checkAttributeOfNone(const Expr &e);
  llvm::Function *msgAppendFn();
  /// The addresses of the thread's message buffer's fields (llcc.msg.buf).
  struct MsgBufferFields {
    llvm::Value *data, *len, *cap;
  };
  MsgBufferFields msgBufferFields();
  llvm::Function *msgValueFn();
  /// Arrays as text (IRGenArrayText.cpp): `arrayTextValue` copies an
  /// ndarray expression's elements in C order with its extents, the value
  /// a message field, print() or str() of it holds until appended;
  /// `msgArrayFn` appends numpy's str/repr/format of such a copy.
  llvm::Value *arrayTextValue(const Expr &x);
  void appendArrayText(llvm::Value *v, Type t, char conversion, llvm::Value *spec);
  llvm::Function *msgArrayFn();
  llvm::Function *printOutFn();
  llvm::Function *weakPython(const char *name, llvm::FunctionType *type);
  llvm::Function *libcFunction(const char *name, llvm::FunctionType *type);
  llvm::Value *appendConstant(const std::string &text);

  // Statements.
  void genBlock(const Block &block);
  void genStmt(const Stmt &stmt);
  void genStmtKind(const Stmt &stmt);
  void genAssign(const Expr &target, llvm::Value *value, Type valueType,
                 const ShapeRef &valueShape = nullptr);
  void genAugAssign(const AugAssignStmt &s);
  void noRuntimeUnroll(llvm::BranchInst *latch);
  void genFor(const ForStmt &s);
  void genRangeFor(const ForStmt &s, const CallExpr &range);
  void storeLocal(int index, llvm::Value *value, Type valueType);
  /// UnboundLocalError unless local `index` is assigned (skipped where known).
  void checkBound(int index, SourceLoc loc);
  llvm::Value *loadLocal(int index, SourceLoc loc);

  // Expressions (IRGenExpr.cpp).
  llvm::Value *genExpr(const Expr &e);
  llvm::Value *genExprAs(const Expr &e, Type to) {
    return convert(genExpr(e), e.type, to, e.loc());
  }
  /// An index into `container`: an int, or an int-or-float value checked to
  /// hold an int (IndexError for numpy arrays, TypeError for lists).
  llvm::Value *genIndex(const Expr &index, Type container);
  llvm::Value *genName(const NameExpr &e);
  llvm::Value *genAttribute(const AttributeExpr &e);
  llvm::Value *genUnary(const UnaryExpr &e);
  llvm::Value *genBinary(const BinaryExpr &e);
  llvm::Value *genShortCircuit(const BinaryExpr &e);
  /// `a op b` with the result type Sema chose, for any number types.
  /// `pythonOperands`: neither operand can be a numpy.float64, so float
  /// division, modulo and ** follow Python's float rules (they raise for a
  /// zero divisor or base and for ** overflow) instead of numpy's.
  /// `numpyBool`: an operand is a numpy.bool_, so `/` by a zero int or bool
  /// is numpy's inf or nan rather than Python's ZeroDivisionError.
  llvm::Value *genDivmod(const CallExpr &e);
  /// Set while divmod() lowers its // and %: their zero-divisor message.
  bool inDivmod_ = false;
  llvm::Value *genArith(BinaryOp op, llvm::Value *a, Type ta, llvm::Value *c, Type tc,
                        Type result, SourceLoc loc, bool pythonOperands = false,
                        bool numpyBool = false);
  /// The errors CPython's float type raises where numpy.float64 gives inf or
  /// nan: `r` is `x op y` computed as numpy does.
  void pythonFloatChecks(BinaryOp op, llvm::Value *x, llvm::Value *y, llvm::Value *r,
                         SourceLoc loc);
  llvm::Value *genIntArith(BinaryOp op, llvm::Value *a, llvm::Value *c, SourceLoc loc);
  llvm::Value *genFloatArith(BinaryOp op, llvm::Value *a, llvm::Value *c);
  llvm::Value *numpyFastScalarPower(llvm::Value *x, llvm::Value *y);
  llvm::Value *numpyPowerUfunc(llvm::Value *x, llvm::Value *y);
  llvm::Value *genCompare(const CompareExpr &e);
  llvm::Value *genCompareOp(CompareOp op, llvm::Value *a, llvm::Value *c, Type t);
  llvm::Value *genNumberCompare(CompareOp op, llvm::Value *a, Type ta, llvm::Value *c, Type tc,
                                bool exact = false);
  llvm::Value *exactFloatIntCompare(CompareOp op, llvm::Value *f, llvm::Value *n, bool swapped);
  llvm::Value *exactIntDivide(llvm::Value *a, llvm::Value *c);
  llvm::Function *intDivide();

  // Int-or-float numbers (IRGenNumber.cpp).
  llvm::Value *makeNumber(llvm::Value *isInt, llvm::Value *i, llvm::Value *f);
  llvm::Value *intNumber(llvm::Value *i);
  llvm::Value *floatNumber(llvm::Value *f);
  /// True when a value of type `t` holds an int (a constant unless t is
  /// IntOrFloat).
  llvm::Value *isIntTag(llvm::Value *v, Type t);
  /// The int a value holds when isIntTag is true.
  llvm::Value *intPart(llvm::Value *v, Type t);
  /// The int an int-or-float holds, or a runtime error with `message`.
  llvm::Value *requireInt(llvm::Value *number, SourceLoc loc, const std::string &message);
  /// Emits both paths and merges their results: ifInt() where `isInt`
  /// holds, ifFloat() elsewhere (only one when `isInt` is a constant).
  llvm::Value *ifIntElse(llvm::Value *isInt, const std::function<llvm::Value *()> &ifInt,
                         const std::function<llvm::Value *()> &ifFloat);
  llvm::Value *convertNumber(llvm::Value *v, Type from, Type to, SourceLoc loc);
  llvm::Value *negateNumber(llvm::Value *v, SourceLoc loc);
  /// The type a function's parameter has in its LLVM signature: its local's
  /// type for helpers; the type SciPy or user_data supplies for a kind's
  /// own and user parameters (the local may be wider, `x = 0` on a path).
  Type paramAbiType(const FunctionDef &fn, size_t i);
  llvm::Value *genIfExp(const IfExpExpr &e);
  llvm::Value *genSubscript(const SubscriptExpr &e);
  llvm::Value *genCall(const CallExpr &e);
  llvm::Value *genFunctionCall(const CallExpr &e);
  llvm::Value *genBuiltinCall(const CallExpr &e);
  llvm::Value *genArrayReduce(const CallExpr &e, const std::string &name);
  // The numpy and math library table (IRGenLibrary.cpp).
  llvm::Value *genScalarOpCall(const CallExpr &e, const BuiltinFunction &info);
  llvm::Value *scalarOp(ScalarOp op, const std::vector<llvm::Value *> &args,
                        const std::vector<Type> &types, Type result, SourceLoc loc);
  llvm::Value *powerOfTen(llvm::Value *n);
  void reverseInPlace(llvm::Value *list, Type elem);
  void reverseInPlaceIf(llvm::Value *flag, llvm::Value *list, Type elem);
  llvm::Value *numpyRoundInt(llvm::Value *n, llvm::Value *d);
  llvm::Value *pythonRoundInt(llvm::Value *n, llvm::Value *d, SourceLoc loc);
  llvm::GlobalVariable *libraryFailSlot();
  void propagateLibrary(llvm::Value *ok, SourceLoc loc);
  /// Whether the function being lowered is standard library code, whose
  /// errors are reported at the user's call (propagateLibrary).
  bool inLibraryCode() const;
  /// `llcc.rt.lib.reraise(ptr where, i64 n, i32 kind)`: a formatted
  /// library error (the message buffer holds its text) gets the user's
  /// position and its class in front and is recorded.
  llvm::Function *libraryReraiseFn();
  /// The code of a runtime error raised in standard library code.
  int libraryMessageCode(const std::string &message);
  llvm::Value *genMathCall(const CallExpr &e, const std::string &name, const char *libm,
                           bool mathChecks);
  llvm::Value *genMathLogBase(const CallExpr &e, llvm::Value *x, llvm::Value *base);
  llvm::Value *checkedMath(const CallExpr &e, const std::string &name, const char *libm,
                           std::vector<llvm::Value *> args, bool mathChecks);
  llvm::Value *floatToInt(llvm::Value *x, SourceLoc loc);
  /// A value stored into an array element of type `to` (`a[i] = v`,
  /// `g[i, j] += x`): numpy converts a float for an int array as int()
  /// does (NaN a ValueError, infinities and values outside int64 an
  /// OverflowError with numpy's message); otherwise convert().
  llvm::Value *storedAs(llvm::Value *v, Type from, Type to, SourceLoc loc);
  llvm::Value *callLibm(const char *name, llvm::ArrayRef<llvm::Value *> args);
  /// `double llcc.rt.pyround(double x, i64 n)`: CPython's round(x, n) of a
  /// Python float (IRGenRound.cpp); inf for a finite x means OverflowError.
  llvm::Function *pythonRoundFn();
  /// numpy's power_of_ten(k) for its round (1e9 times 10 k - 9 times).
  llvm::Value *numpyPowerOfTen(llvm::Value *k);
  llvm::Value *checkedIndex(llvm::Value *array, llvm::Value *index, SourceLoc loc, Type container,
                            bool store = false);
  llvm::Value *elementPtr(llvm::Value *array, llvm::Value *index, SourceLoc loc, Type elem,
                          Type container);

  // Arrays (IRGenArray.cpp).
  /// An array expression not yet stored anywhere: its length and a function
  /// that emits the code computing element i. Reductions and loops consume
  /// it directly, so `np.sum(np.abs(v - v[4]))` is one loop and allocates
  /// nothing.
  struct ArrayGen {
    llvm::Value *len;
    std::function<llvm::Value *(llvm::Value *)> at;
    Type elem; ///< Float, Int or Bool
    /// The array in memory, when the generator reads one ({data, len,
    /// stride}); null for computed expressions.
    llvm::Value *memory = nullptr;
    /// A window's dimensions (C order over them); empty for 1-D arrays.
    std::vector<int64_t> dims;
    /// Sums add pairwise sums of this many elements from 0.0, as numpy
    /// does for n-dimensional operands (IRGenWindow.cpp); null for 1-D.
    llvm::Value *chunk = nullptr;
    /// A block's extents, packed as in its value (rows << 32 | cols);
    /// null for other arrays.
    llvm::Value *blockExtents = nullptr;
  };
  llvm::Value *makeArray(llvm::Value *data, llvm::Value *len, llvm::Value *stride);
  llvm::Type *elementStorageType(Type elem);
  llvm::Value *elementAddress(llvm::Value *array, llvm::Value *index, Type elem);
  llvm::Value *loadElement(llvm::Value *array, llvm::Value *index, Type elem);
  void storeElement(llvm::Value *array, llvm::Value *index, llvm::Value *value, Type elem);
  ArrayGen memoryGen(llvm::Value *array, Type elem);
  ArrayGen genArray(const Expr &e);
  ArrayGen genArrayOf(const Expr &e);
  ArrayGen genArrayBinary(const BinaryExpr &e);
  ArrayGen broadcast(std::vector<ArrayGen> operands, SourceLoc loc,
                     std::function<llvm::Value *(std::vector<llvm::Value *>)> combine, Type elem);
  ArrayGen scalarGen(llvm::Value *v, Type t);
  llvm::Value *genArrayValue(const Expr &e);
  bool isListLiteralRepeat(const BinaryExpr &e);
  llvm::Value *genListOperator(const BinaryExpr &e);
  /// A slice's positions in a sequence of length n (Python's rules).
  struct SliceRange {
    llvm::Value *start, *step, *count;
  };
  SliceRange sliceRange(llvm::Value *n, const SliceExpr &s);
  llvm::Value *genSlice(llvm::Value *array, const SliceExpr &s, Type elem);
  llvm::Value *allocArray(llvm::Value *len, Type elem, SourceLoc loc);
  llvm::Value *materialize(const ArrayGen &g, SourceLoc loc);
  void genSliceAssign(const SubscriptExpr &target, llvm::Value *value, Type valueType,
                      const ShapeRef &valueShape);
  /// Stores an array expression into a slice of a writable array.
  void storeInto(const SubscriptExpr &target, const ArrayGen &src);
  bool mayAliasWritable(const Expr &e);
  // Loops (IRGenLoops.cpp): every counted loop is a countedLoop.
  enum class LoopBound { Signed, Unsigned }; ///< how k < end compares
  enum class LoopHint { None, NoRuntimeUnroll, UnrollSmallConstant };
  llvm::BranchInst *countedLoop(
      llvm::Value *begin, llvm::Value *end, const std::string &name, LoopBound bound,
      const std::function<void(llvm::Value *k, llvm::BasicBlock *next, llvm::BasicBlock *exit)>
          &body,
      const std::function<void()> &orElse = {}, const std::function<llvm::Value *()> &liveEnd = {});
  /// Emits `for i in [begin, end): body(i)` at the insertion point and
  /// returns the loop's latch (for setLoopHint).
  llvm::BranchInst *forRange(llvm::Value *begin, llvm::Value *end,
                             const std::function<void(llvm::Value *)> &body);
  /// A `for` statement whose iterable is `count` elements, `bind` assigning
  /// the target for element k.
  void genForLoop(const ForStmt &s, llvm::Value *count, const std::string &name, LoopBound bound,
                  LoopHint hint, const std::function<void(llvm::Value *k)> &bind,
                  const std::function<void()> &exhausted = nullptr,
                  const std::function<llvm::Value *()> &liveCount = nullptr);
  /// The local list `iter` names when a loop with this body may change its
  /// length in place (and does not rebind it), or -1.
  int liveList(const Expr &iter, const Block &body);
  /// Attaches one `llvm.loop` hint (`llvm.loop.vectorize.enable` false,
  /// ...) to the loop whose latch is `latch`.
  void setLoopHint(llvm::BranchInst *latch, llvm::StringRef name, llvm::Constant *value = nullptr);
  bool isArrayCall(const CallExpr &e);
  llvm::Value *genArrayCall(const CallExpr &e);
  llvm::Value *genReduction(const std::string &op, const ArrayGen &g, const CallExpr &e,
                            const std::vector<const Expr *> &args);
  llvm::Value *genOrderStatistic(const std::string &op, const ArrayGen &g, const CallExpr &e,
                                 const std::vector<const Expr *> &args, bool skipNaN);
  llvm::Value *numpyMedianMean(llvm::Value *lo, llvm::Value *hi, llvm::Value *odd);
  /// np.median by a selection network, for the lengths it has one (IRGenMedianNetwork.cpp).
  bool hasMedianNetwork(int64_t n);
  llvm::Value *medianByNetwork(const ArrayGen &g, int64_t n);
  /// np.nanmedian likewise, with the NaNs sorted last (IRGenMedianNetwork.cpp).
  llvm::Value *nanMedianByNetwork(const ArrayGen &g, int64_t n);
  struct NaNLastWindow {
    std::vector<llvm::Value *> values; ///< each NaN as +inf
    llvm::Value *count;                ///< i64: how many are numbers
    llvm::Value *anyNegativeZero;      ///< i1
  };
  NaNLastWindow nanLastWindow(const ArrayGen &g, int64_t n);
  /// np.percentile/np.quantile of `n` values (a network size) at the
  /// constant fraction `q` in [0, 1]; branches to `exact` where the
  /// network's choice among equal zeros could show (IRGenMedianNetwork.cpp).
  llvm::Value *quantileByNetwork(const ArrayGen &g, int64_t n, double q, llvm::BasicBlock *exact);
  /// np.nanpercentile/np.nanquantile likewise, the NaNs sorted last; `q`
  /// is the fraction's value, `qValue` its constant (IRGenMedianNetwork.cpp).
  llvm::Value *nanQuantileByNetwork(const ArrayGen &g, int64_t n, llvm::Value *q, double qValue,
                                    llvm::BasicBlock *exact);
  /// numpy's 'linear' interpolation between sorted values (IRGenReduce.cpp);
  /// `neighbours`, if given, receives the two values it read.
  llvm::Value *numpyLerp(llvm::Value *count, llvm::Value *q,
                         const std::function<llvm::Value *(llvm::Value *)> &at, bool ints,
                         llvm::Value **neighbours = nullptr, int method = 0);
  /// numpy's virtual index of the quantile q among `count` values for the
  /// method (its number in the "numpy.percentile" "method" choices): a
  /// float, or an int index for the methods without interpolation
  /// (IRGenQuantileMethod.cpp).
  llvm::Value *quantileVirtualIndex(llvm::Value *count, llvm::Value *q, int method);
  /// The method's gamma (function_base.py fix_gamma) from the virtual index
  /// and the previous index's distance to it (IRGenQuantileMethod.cpp).
  llvm::Value *quantileGamma(llvm::Value *vi, llvm::Value *gamma, int method);
  llvm::Value *sortedCopy(const ArrayGen &g, SourceLoc loc, bool dropNaN,
                          const char *sortFn = "_llcc_sort");
  void sortInPlace(llvm::Value *array, SourceLoc loc, const char *sortFn = "_llcc_sort");
  void callLibrarySort(const char *name, llvm::Value *array);
  void callLibrary(const char *name, std::vector<llvm::Value *> args);
  /// A call of a standard library function that returns a value
  /// (IRGenWhere.cpp).
  llvm::Value *callLibraryValue(const char *name, std::vector<llvm::Value *> args);
  /// np.sum(a, where=m) and the other reductions with a mask
  /// (IRGenWhere.cpp).
  llvm::Value *genWhereReduction(const std::string &op, const ArrayGen &g, const CallExpr &e);
  llvm::Value *sortedIntCopy(const ArrayGen &g, SourceLoc loc);
  llvm::Value *quantileSelectedCopy(const ArrayGen &g, SourceLoc loc, bool dropNaN, llvm::Value *q,
                                    int method = 0);
  llvm::Value *pythonSortedCopy(const ArrayGen &g, SourceLoc loc);
  void pythonSortInPlace(llvm::Value *array, SourceLoc loc);
  llvm::Value *elementwiseScalar(const std::string &name, std::vector<llvm::Value *> args,
                                 const std::vector<Type> &types, Type resultElem);
  llvm::Value *pairwiseSum(const ArrayGen &g, SourceLoc loc);
  llvm::Value *pairwiseSumFrom(const ArrayGen &g, SourceLoc loc);

  // Tuples, for-loop iterables and constant data (IRGenTuple.cpp).
  /// A tuple's LLVM struct (llvmType(t) for other types).
  llvm::Type *llvmType(Type t, const ShapeRef &shape);
  /// The number or tuple kind an LLVM value type stands for.
  Type kindOfValue(llvm::Type *t);
  /// A number or tuple converted to `to` (tuples member by member).
  llvm::Value *coerce(llvm::Value *v, Type to, const ShapeRef &toShape, SourceLoc loc);
  llvm::Value *genTupleValue(const Expr &e);
  llvm::Value *buildStruct(llvm::Type *type, const std::vector<llvm::Value *> &members);
  llvm::Value *genUnravelIndex(const CallExpr &e); ///< IRGenNumber.cpp
  llvm::Value *genTupleOf(const std::vector<llvm::Value *> &values, const Expr &e);
  llvm::Value *tupleTable(llvm::Value *tuple, Type elem, const ShapeRef &elemShape, SourceLoc loc,
                          bool storageBytes);
  llvm::Value *genTupleSubscript(const SubscriptExpr &e);
  llvm::Value *tupleMember(llvm::Value *tuple, const Shape &shape, const Expr &index, Type type,
                           const ShapeRef &typeShape, SourceLoc loc);
  ArrayGen tupleArrayGen(const Expr &e);
  llvm::Value *constantArray(int constIndex);
  llvm::Value *genTupleBuiltin(const CallExpr &e);
  llvm::Value *genTupleCompare(const CompareExpr &e);
  /// CPython's `a op b` of two tuples (IRGenTupleCompare.cpp); `ea`/`eb`
  /// their expressions where known, for member identity.
  llvm::Value *tupleCompare(CompareOp op, llvm::Value *a, llvm::Value *b, const Expr *ea,
                            const Expr *eb, const std::vector<int> &fresh = {});
  bool isSameObjectEachTime(const Expr &e, const std::vector<int> &fresh);
  /// `x in t` of a tuple value (tuple.__contains__), `ex`/`et` the operands.
  llvm::Value *tupleContains(llvm::Value *x, const Expr &ex, llvm::Value *t, const Expr &et);
  void genUnpack(const Expr &target, llvm::Value *value, Type type, const ShapeRef &shape,
                 SourceLoc loc);
  /// What a for loop walks: a length and the code that makes element k.
  struct Iterable {
    llvm::Value *len;
    std::function<llvm::Value *(llvm::Value *)> at;
    Type type;
    ShapeRef shape;
    /// zip(..., strict=True): the length check where a loop runs out.
    std::function<void()> exhausted = nullptr;
    /// With a null len: the length, read anew before each step.
    std::function<llvm::Value *()> liveLen = nullptr;
  };
  Iterable genIterable(const Expr &iter);
  /// `for ... in a` or `in enumerate(a[, start])` of a list the body may
  /// change in length (liveList): CPython's iterator, reading the list's
  /// length and element k at each step.
  bool liveIterable(const ForStmt &s, Iterable &out);
  void checkZipStrict(const CallExpr &zip, const std::vector<llvm::Value *> &lens);
  /// A comprehension clause's source: its length, and the code that binds
  /// element i to the clause's target (`local` when it is one name over an
  /// array or range; unpacked as a for statement does otherwise).
  struct ClauseSource {
    llvm::Value *len;
    std::function<void(llvm::Value *)> bind;
  };
  ClauseSource clauseSource(const Expr &target, int local, const Expr &iter);
  ClauseSource windowRows(const Expr &iter, std::function<void(llvm::Value *)> bind);
  void genIterFor(const ForStmt &s);
  llvm::Function *pairwiseFunction();
  llvm::Value *pairwiseUpTo128(llvm::Value *n,
                               const std::function<llvm::Value *(llvm::Value *)> &at);
  llvm::Function *arenaAlloc();
  llvm::Function *arenaRelease();
  /// Whether `f` or anything it calls may allocate from the arena (calls
  /// llcc.rt.alloc, or calls through a pointer). `seen` holds the functions
  /// already looked at.
  bool mayAllocate(llvm::Function *f, std::set<llvm::Function *> &seen);
  // Per-iteration arena storage of loop bodies (IRGenLoopArena.cpp).
  llvm::Function *arenaRewind();
  bool iterationScoped(const Block &body);
  void genLoopBody(const Block &body, llvm::BasicBlock *next, llvm::BasicBlock *exit);
  /// A call's arena: the arena struct and its stack block, both allocas at
  /// the insertion point, initialised (the wrappers and image kernels).
  struct ArenaSlots {
    llvm::Value *arena;
    llvm::Value *block;
  };
  ArenaSlots newArena();
  /// Points the arena back at its empty stack block (after arenaRelease).
  void resetArena(const ArenaSlots &slots);

  // Windows, masks and index arrays (IRGenWindow.cpp).
  /// A window at run time: its first element, element count and unit
  /// stride, with each dimension's extent and step (in units).
  struct WindowValue {
    llvm::Value *data, *total, *unit;
    std::vector<llvm::Value *> extents;
    /// Each dimension's step in units: `strides` when compiling (for a
    /// block that is a new C-contiguous array, only their order), `steps`
    /// as values (its row step being its run-time column count).
    std::vector<int64_t> strides;
    std::vector<llvm::Value *> steps;
  };
  /// A block's array value: a window's, with both extents in field 3.
  llvm::Value *makeBlock(llvm::Value *data, llvm::Value *rows, llvm::Value *cols,
                         llvm::Value *unit);
  llvm::Value *packBlockExtents(llvm::Value *rows, llvm::Value *cols);
  llvm::Value *genRuntimeReshape(const CallExpr &e, const Expr &object, bool method);
  WindowValue windowOf(llvm::Value *array, const Shape &shape);
  llvm::Value *windowAddress(const WindowValue &w, llvm::Value *offset, Type elem);
  llvm::Value *loadWindowElement(const WindowValue &w, llvm::Value *offset, Type elem);
  ArrayGen windowGen(llvm::Value *array, const Shape &shape, Type elem, bool memoryOrder);
  /// numpy broadcasting of operands of which some are windows.
  ArrayGen broadcastWindows(const std::vector<ArrayGen> &ops, SourceLoc loc,
                            std::function<llvm::Value *(std::vector<llvm::Value *>)> combine,
                            Type elem);
  ArrayGen broadcastBlocks(const std::vector<ArrayGen> &ops, SourceLoc loc,
                           std::function<llvm::Value *(std::vector<llvm::Value *>)> combine,
                           Type elem);
  llvm::Value *windowIndex(llvm::Value *i, llvm::Value *n, int64_t axis, SourceLoc loc);
  llvm::Value *genWindowSubscript(const SubscriptExpr &e);
  llvm::Value *windowElementAddress(const SubscriptExpr &e);
  std::vector<llvm::Value *> storedExtents(const ArrayGen &src);
  void storeBroadcast(const std::vector<llvm::Value *> &extents,
                      const std::vector<llvm::Value *> &steps, const ArrayGen &src, Type elem,
                      SourceLoc loc, const std::function<void(llvm::Value *, llvm::Value *)> &store,
                      bool convertSrc = true);
  void genViewAugAssign(const AugAssignStmt &s, const SubscriptExpr &target);
  std::function<llvm::Value *(std::vector<llvm::Value *>)>
  elementCombiner(BinaryOp op, Type result, Type ta, Type tb, bool scalarPower);
  /// `a[mask] = v`, `a[idx] = v` (IRGenIndexStore.cpp).
  void storeThroughIndex(const SubscriptExpr &target, const ArrayGen &src);
  /// An element stored into an array of `to`: numpy's assignment casts
  /// (a number through int(), an array's elements by the C cast).
  llvm::Value *storedElement(llvm::Value *x, Type from, Type to, bool scalar, SourceLoc loc);
  llvm::Value *genArrayIndex(const SubscriptExpr &e);
  bool isWindowCall(const CallExpr &e);
  /// A reduction's axis (`axis=k`, or the argument after the array); null
  /// for none or axis=None.
  static const Expr *windowAxisArgument(const CallExpr &e, bool method);
  bool typedConstructor(const CallExpr &e);
  llvm::Value *genWindowArrayValue(const Expr &e);
  bool genWindowArray(const Expr &e, ArrayGen &out);
  llvm::Value *genWindowElement(const SubscriptExpr &e);
  llvm::Value *genWindowAttribute(const AttributeExpr &e);
  void genWindowFor(const ForStmt &s);
  llvm::Value *chunkedPairwiseSum(const ArrayGen &g, SourceLoc loc);
  llvm::Value *genAstype(const CallExpr &e, const Expr &object, bool pythonNumbers = false);
  /// materialize() into the layout of e's Shape (numpy's for a new array).
  llvm::Value *materializeAs(const ArrayGen &g, const Expr &e);
  llvm::Value *genProduct(const Expr &e, const std::string &op, const Expr &a, const Expr &c);
  llvm::Value *genAxisReduction(const CallExpr &e, const std::string &op, const Expr &array,
                                const Expr &axisExpr);
  bool genWindowCall(const CallExpr &e, llvm::Value *&out);
  /// `rows, cols = w.shape`: false for other assignments.
  bool genShapeUnpack(const AssignStmt &s);
  /// int64 arithmetic as numpy's arrays do it: wrapping, and 0 for // and
  /// % by zero (numpy warns).
  llvm::Value *numpyIntArith(BinaryOp op, llvm::Value *a, llvm::Value *c);
  /// A runtime error whose message has up to three int64 values (`%lld`).
  void failFormatted(SourceLoc loc, const std::string &format, std::vector<llvm::Value *> ints);
  void checkFormatted(llvm::Value *ok, SourceLoc loc, const std::string &format,
                      std::vector<llvm::Value *> ints);
  /// The exception class index of a message ("IndexError: ..."), and its
  /// text without the class.
  unsigned exceptionKind(const std::string &message, std::string &text);
  // Containers (IRGenContainers.cpp, IRGenDict.cpp).
  llvm::StructType *dictType();
  uint64_t numberSize();
  llvm::Function *dictNew();
  /// The probe and insert functions for keys of `arity` numbers: 1 for a
  /// number, n for a tuple of n numbers (stored behind a pointer).
  llvm::Function *dictSlot(unsigned arity = 1);
  llvm::Function *dictInsert(unsigned arity = 1);
  /// A dict key or set element: a number, or a tuple's members as
  /// [n x number] (IRGenDict.cpp).
  llvm::Value *toKey(llvm::Value *v, const Expr &e);
  llvm::GlobalVariable *nanCounter();
  llvm::Value *toNumber(llvm::Value *v, Type t);
  llvm::Value *fromNumber(llvm::Value *n, Type kind);
  llvm::Value *dictField(llvm::Value *d, unsigned field);
  llvm::Value *newDict(SourceLoc loc);
  /// The entry number of `key`, or -1.
  llvm::Value *dictFind(llvm::Value *d, llvm::Value *key);
  /// The entry number of `key`, added (value 0) when missing.
  llvm::Value *dictAdd(llvm::Value *d, llvm::Value *key, SourceLoc loc);
  llvm::Value *insertIfMissing(llvm::Value *d, llvm::Value *key, llvm::Value *found, SourceLoc loc,
                               const std::function<void(llvm::Value *added)> &store);
  llvm::Value *entryAddress(llvm::Value *d, unsigned field, llvm::Value *entry);
  /// Comprehensions, dicts, sets, dict views and range(...) as iterables.
  bool isContainerIterable(const Expr &e);
  ArrayGen genContainerArray(const Expr &e);
  ArrayGen rangeGen(const CallExpr &range);
  /// range(start, stop, step)'s arguments evaluated (step checked) and its
  /// trip count, computed in unsigned arithmetic as Python's range object
  /// does, so that no range of int64 overflows: element k is start + k*step.
  struct RangeTrip {
    llvm::Value *start, *step, *count;
  };
  RangeTrip rangeTrip(const CallExpr &range);
  llvm::Value *genContainerDisplay(const Expr &e);
  llvm::Value *dictOf(const CallExpr &e);
  llvm::Value *genDictSubscript(const SubscriptExpr &e);
  bool genContainerAssign(const Expr &target, llvm::Value *value, Type valueType);
  bool genContainerAugAssign(const AugAssignStmt &s);
  bool genContainerCall(const CallExpr &e, llvm::Value *&out);
  // Dicts whose values are lists (IRGenDictLists.cpp).
  bool isDictOfLists(const Expr &d);
  llvm::StructType *dictListHeaderType();
  llvm::Value *dictListHeader(llvm::Value *d, llvm::Value *entry);
  llvm::Value *dictListValue(llvm::Value *header);
  void storeDictList(llvm::Value *d, llvm::Value *entry, llvm::Value *list, Type from, Type elem,
                     SourceLoc loc);
  void dictListAppend(llvm::Value *header, llvm::Value *x, Type t, Type elem, SourceLoc loc);
  /// A looked-up key as CPython shows it in KeyError(k): its value and type
  /// (a number; a tuple key, or none, keeps llcc's plain message).
  struct KeyShown {
    llvm::Value *value; ///< null: not shown
    Type type;
    /// A dict keyed by strs (SemaStrKeys.cpp): the int key indexes these.
    const std::vector<std::string> *strKeys; // null unless set (aggregate init)
  };
  /// The str table of `dict` when it is keyed by strs, else null.
  const std::vector<std::string> *strKeyTable(const Expr &dict);
  llvm::Value *dictListEntryForRead(const Expr &dict, llvm::Value *d, llvm::Value *key,
                                    SourceLoc loc,
                                    const KeyShown &shown = KeyShown{nullptr, Type::Unknown});
  llvm::Value *dictListSetdefault(const CallExpr &e, llvm::Value *&d);
  bool genDictListCall(const CallExpr &e, llvm::Value *&out);
  llvm::Value *genDictListSubscript(const SubscriptExpr &e);
  void genDictListStore(const SubscriptExpr &target, llvm::Value *value, Type valueType);
  llvm::Value *dictListValues(const CallExpr &e);
  /// The call genArrayValue is materialising through genArray (a guard
  /// against the two handing a call back and forth).
  const CallExpr *arrayValueCall_ = nullptr;
  bool genFusedComprehension(const CallExpr &e, llvm::Value *&out);
  // Lists of arrays (IRGenArrayList.cpp).
  llvm::Value *arrayListElement(llvm::Value *list, llvm::Value *i);
  llvm::Value *newArrayList(llvm::Value *n, SourceLoc loc);
  llvm::Value *genArrayList(const Expr &e);
  bool genArrayListGen(const Expr &e, ArrayGen &out);
  llvm::Value *genArrayListSubscript(const SubscriptExpr &e);
  // Lists of tuples (IRGenTupleList.cpp).
  llvm::Type *tupleListElemType(const Expr &list);
  llvm::Value *tupleListAddress(llvm::Value *list, llvm::Type *elemTy, llvm::Value *i);
  llvm::Value *tupleListAt(llvm::Value *list, llvm::Type *elemTy, llvm::Value *i);
  llvm::Value *newTupleList(llvm::Type *elemTy, llvm::Value *n, SourceLoc loc);
  llvm::Value *copyTupleList(llvm::Value *src, llvm::Type *elemTy, SourceLoc loc);
  llvm::Value *genTupleList(const Expr &e);
  void appendTupleTo(llvm::Value *slot, llvm::Value *cap, llvm::Value *x, llvm::Type *elemTy,
                     SourceLoc loc);
  llvm::Value *tupleHasNaN(llvm::Value *v);
  void reverseTuples(llvm::Value *list, llvm::Type *elemTy, llvm::Value *n);
  void sortTupleList(llvm::Value *list, llvm::Type *elemTy, const CallExpr &call, SourceLoc loc);
  void sortTupleRows(llvm::Value *list, llvm::Type *elemTy, llvm::Value *n, SourceLoc loc);
  void tupleLeaves(llvm::Value *v, std::vector<llvm::Value *> &leaves);
  std::pair<llvm::Value *, llvm::Value *> exactFloatPair(llvm::Value *m);
  Type dictDefault(const Expr &dict); ///< Int/Float of a defaultdict, else Unknown
  llvm::Value *dictEntryForRead(const Expr &dict, llvm::Value *d, llvm::Value *key, SourceLoc loc,
                                const KeyShown &shown = KeyShown{nullptr, Type::Unknown});
  /// KeyError when `entry` is negative (missing): the text is repr(key)
  /// where the key is a number, as CPython's str(KeyError(k)).
  void checkKeyFound(llvm::Value *entry, SourceLoc loc, const KeyShown &shown);
  void genListEdit(const CallExpr &e); ///< a.reverse(), a.insert(i, x), a.remove(x), a.clear()
  void genListDelete(const SubscriptExpr &target); ///< del a[i], del a[i:j:k]
  llvm::Value *listPop(
      const CallExpr &e, int local,
      const std::function<llvm::Value *(llvm::Value *list, llvm::Value *i)> &at,
      const std::function<void(llvm::Value *list, llvm::Value *from, llvm::Value *to)> &move);
  llvm::Value *tupleListExtreme(const CallExpr &e);
  llvm::Value *tupleListExtremeOf(const CallExpr &e, llvm::Value *list, llvm::Type *elemTy);
  llvm::Value *genTupleListSubscript(const SubscriptExpr &e);
  bool genTupleListCall(const CallExpr &e, llvm::Value *&out);
  // Methods of numpy scalars (IRGenScalarMethods.cpp).
  llvm::Value *genScalarMethod(const CallExpr &e);
  /// n.bit_count(), n.bit_length(), bin(n).count(c), len(bin(n)) (IRGenIntBits.cpp).
  llvm::Value *genIntBits(const CallExpr &e);
  // Computed strs (IRGenStrValues.cpp).
  /// A str expression built at run time (f-string, str(x), s * n, a + b,
  /// s.lower(), ...): its text, copied into the call's arena.
  llvm::Value *genStrValue(const Expr &e);
  /// Appends the text of the str expression `e` to the message buffer.
  void appendStrText(const Expr &e);
  llvm::Value *genStrCall(const CallExpr &e);
  llvm::Value *genNumberOfStr(const CallExpr &e); // float(s), int(s) (IRGenStrValues.cpp)
  llvm::Value *genSubstring(const CompareExpr &e);
  llvm::Function *strMethodFn();
  llvm::Function *strMethod_ = nullptr;
  // np.stack, np.vstack, np.column_stack (IRGenStack.cpp).
  llvm::Value *genStack(const CallExpr &e);
  void genTupleListStore(const SubscriptExpr &target, llvm::Value *value, Type valueType);
  // Comprehensions of several `for` clauses (IRGenComprehension.cpp).
  void forComprehension(const ComprehensionExpr &c, const std::function<void()> &body);
  llvm::Value *genNestedComprehension(const ComprehensionExpr &c);
  bool genFusedNested(const CallExpr &e, const ComprehensionExpr &c, llvm::Value *&out);
  /// One element kept by a fused sum or len of a comprehension: counted in
  /// `kept`, added to `acc` for sum, computed (for its errors) for len.
  void fusedKeep(const CallExpr &e, const Expr &element, Type accType, llvm::Value *acc,
                 llvm::Value *kept);
  /// A fused sum's or len's result after the loop: the count for len; for
  /// sum the total, the int 0 when a sum of floats that may be ints kept
  /// nothing (Python's sum starts from the int 0).
  llvm::Value *fusedTotal(const CallExpr &e, Type accType, llvm::Value *acc, llvm::Value *kept);
  Type sumAccType(const CallExpr &e, Type elem);
  llvm::Value *sumStartValue(const CallExpr &e, Type accType);
  /// sum(it, start)'s int start, for the result of an empty sum.
  std::map<const CallExpr *, llvm::Value *> sumStarts_;
  bool genContainerFor(const ForStmt &s);
  llvm::Value *genMembership(const CompareExpr &e);
  llvm::Value *capturedArgument(const FunctionDef &target, size_t i, SourceLoc loc);
  llvm::Value *applyKey(const Expr &key, llvm::Value *x, Type elem, Type &keyType);
  void sortListByKey(const Expr &list, const Expr &key, llvm::Value *reverse, SourceLoc loc);
  llvm::Value *keyedPermutation(const Expr &key, const ArrayGen &g, SourceLoc loc);
  llvm::Value *tupleKeyedPermutation(const Expr &key, const ArrayGen &g, SourceLoc loc);
  // IRGenSetOps.cpp: set intersection and comparisons
  llvm::Value *setIterationOrder(llvm::Value *d, SourceLoc loc);
  void setElements(llvm::Value *d, llvm::Value *floats, llvm::Value *ints, llvm::Value *isInt,
                   llvm::Value *at);
  llvm::Value *setSnapshot(llvm::Value *d);
  llvm::Value *setCombine(int op, llvm::Value *a, llvm::Value *b, SourceLoc loc);
  static int setCombineCode(BinaryOp op, bool inPlace);
  llvm::Value *setIntersection(llvm::Value *a, llvm::Value *b, SourceLoc loc);
  llvm::Value *setAllIn(llvm::Value *a, llvm::Value *b);
  llvm::Value *setCompare(CompareOp op, llvm::Value *a, llvm::Value *b);
  llvm::Value *genSetBinary(const BinaryExpr &e);
  llvm::Value *genSetCompare(const CompareExpr &e);
  bool genSetAugAssign(const AugAssignStmt &s);
  bool genSetMethod(const CallExpr &e, llvm::Value *&out);
  // IRGenCounter.cpp: collections.Counter
  bool isCounterExpr(const Expr &e);
  void countElements(llvm::Value *d, const Expr &iterable, SourceLoc loc);
  llvm::Value *counterRead(const SubscriptExpr &e);
  bool genCounterCall(const CallExpr &e, llvm::Value *&out);
  llvm::Value *genCounterOperator(const BinaryExpr &e);
  llvm::Value *counterMostCommon(const CallExpr &call, llvm::Type *elemTy, SourceLoc loc);
  void listAppend(int local, llvm::Value *x, Type t, SourceLoc loc);
  void genListSliceStore(const SubscriptExpr &target, llvm::Value *value, Type valueType);
  void listExtend(int local, const Expr &iterable, SourceLoc loc);
  llvm::Value *convertList(llvm::Value *list, Type from, Type to, SourceLoc loc);
  void sortIntList(llvm::Value *list);
  void emitRecursionWrapper(const FunctionDef &fn);

  const Module &ast_;
  const SourceFile &file_;
  llvm::LLVMContext &ctx_;
  bool imageKernels_;
  std::unique_ptr<llvm::Module> mod_;
  llvm::IRBuilder<> b_;
  llvm::StructType *arrayTy_;
  llvm::StructType *numberTy_; ///< {i1 isInt, i64, double}: an IntOrFloat
  llvm::StructType *arenaTy_;
  llvm::Function *arenaAlloc_ = nullptr;
  llvm::Function *arenaRelease_ = nullptr;
  llvm::Function *arenaRewind_ = nullptr;
  llvm::GlobalVariable *errorSlot_ = nullptr;     ///< full message, for llcc_last_error
  llvm::GlobalVariable *pyMessageSlot_ = nullptr; ///< message without the class name
  llvm::GlobalVariable *kindSlot_ = nullptr;      ///< index into the exception classes
  /// Where CPython's text of the error starts in the Python message (after
  /// the `file:line:col: ` of llcc's own checks): str(e) of `except as e`.
  llvm::GlobalVariable *textAtSlot_ = nullptr;
  /// Set in a text offset by `raise KeyError(<str>)`: str(e) is repr(text)
  /// (a dict lookup's KeyError records repr(key), which is str(e) already).
  static constexpr int64_t KeyErrorStrFlag = int64_t(1) << 62;
  llvm::Function *raiseFn_ = nullptr;             ///< llcc.rt.raise: set a Python exception
  llvm::Function *recordFn_ = nullptr; ///< llcc.rt.record: fill the three slots
  llvm::Function *ipow_ = nullptr;
  llvm::Function *intdiv_ = nullptr; ///< llcc.rt.intdiv (exactIntDivide)
  llvm::Function *hypot_ = nullptr;
  llvm::Function *pairwise_ = nullptr;
  llvm::GlobalVariable *libFail_ = nullptr; ///< llcc.lib.fail: a library error's code
  std::vector<std::string> libraryMessages_; ///< library errors' messages, code = index + 1
  llvm::Function *msgAppend_ = nullptr;
  llvm::Function *libReraise_ = nullptr; ///< llcc.rt.lib.reraise (libraryReraiseFn)
  llvm::Function *msgValue_ = nullptr;
  llvm::Function *msgArray_ = nullptr;
  llvm::Function *formatCheck_ = nullptr;    ///< llcc.rt.fmt.check
  llvm::GlobalVariable *formatError_ = nullptr; ///< its message, malloc'd
  llvm::Function *printOut_ = nullptr;
  llvm::GlobalVariable *msgBuf_ = nullptr; ///< thread-local message buffer {ptr, len, cap}
  llvm::StructType *dictTy_ = nullptr;
  llvm::Function *dictNew_ = nullptr;
  std::map<unsigned, llvm::Function *> dictSlot_;
  std::map<unsigned, llvm::Function *> dictInsert_;
  llvm::GlobalVariable *nanCounter_ = nullptr; ///< numbers NaN keys, thread-local
  llvm::GlobalVariable *depth_ = nullptr; ///< recursion depth, thread-local
  /// The bodies of recursive functions (functions_ holds their wrappers).
  std::map<const FunctionDef *, llvm::Function *> bodies_;
  std::map<const FunctionDef *, llvm::Function *> functions_;
  std::map<std::string, llvm::Constant *> messages_;
  std::map<llvm::Constant *, llvm::GlobalVariable *> constantTables_; ///< tuple tables
  std::map<int, llvm::Value *> constantArrays_; ///< np.array constants by index

  // The function being generated: everything that belongs to it lives in
  // one FunctionState, made by a FunctionScope (see above), never in fields
  // that each emitter sets and resets.
  FunctionState *cur_ = nullptr;
  void markAssigned(const Expr &target);
};

} // namespace llcc
