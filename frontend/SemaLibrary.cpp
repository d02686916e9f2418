//===- SemaLibrary.cpp - Typing of the numpy and math library calls -------===//
//
// Calls of the names in the library table (BuiltinsLibrary.cpp). Their
// arguments are first put in the table's parameter order: keywords bind by
// numpy's or math's own parameter names, string arguments from a fixed set
// (side='right', kind='stable') become the index of the string, and
// `np.concatenate((a, b))` passes its arrays one by one. Then a call of a
// ScalarOp function is typed like any number function (elementwise for
// arrays), and a call implemented by the standard library becomes a call of
// that library function, typed as a helper call.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "Window.h"

#include "BuiltinsLibrary.h"
#include "Diagnostics.h"
#include "SemaLibraryBind.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace llcc {
namespace sema {

namespace {

/// "np.cumsum" / "math.gamma", as the user most likely wrote it.
std::string shownName(const std::string &qualified) {
  if (qualified.rfind("numpy.", 0) == 0)
    return "np." + qualified.substr(6);
  return qualified;
}

/// A literal for a parameter default written in the table.
ExprPtr defaultLiteral(const std::string &text, SourceLoc loc) {
  if (text == "True" || text == "False")
    return std::make_unique<BoolLiteralExpr>(loc, text == "True");
  if (!text.empty() && text.front() == '\'')
    return std::make_unique<StringLiteralExpr>(loc, text.substr(1, text.size() - 2));
  if (text.find_first_of(".e") != std::string::npos)
    return std::make_unique<FloatLiteralExpr>(loc, std::strtod(text.c_str(), nullptr));
  return std::make_unique<IntLiteralExpr>(loc, std::strtoll(text.c_str(), nullptr, 10));
}

/// The statistics functions llcc computes of float data only, and why.
struct FloatDataOnly {
  const char *name;
  const char *why;
};
const char *const WholeIsInt =
    "CPython's result is an int when it comes out whole, and np.int64 data truncates it";
const FloatDataOnly ExactStatistics[] = {
    {"statistics.mean", WholeIsInt},
    {"statistics.variance", WholeIsInt},
    {"statistics.pvariance", WholeIsInt},
    {"statistics.stdev", WholeIsInt},
    {"statistics.pstdev", WholeIsInt},
    {"statistics.harmonic_mean",
     "CPython's result is the int datum itself for one datum, and the int 0 for a zero"},
    {"statistics.quantiles",
     "CPython interpolates with unbounded ints there, and np.int64 data wraps around"},
};

/// Why `name` takes float data only; null when it takes any numbers.
const char *floatDataOnly(const std::string &name) {
  for (const FloatDataOnly &f : ExactStatistics)
    if (name == f.name)
      return f.why;
  return nullptr;
}

} // namespace

bool Sema::normalizeLibraryCall(CallExpr &e, const BuiltinFunction &b) {
  // The arguments are rearranged once, in the first inference round, which
  // reports nothing: its errors are kept for the reporting walk.
  if (normalized_.count(&e)) {
    for (auto &[loc, message] : normalizeErrors_[&e])
      error(loc, message);
    return normalizedOk_[&e];
  }
  normalized_.insert(&e);
  normalizedOk_[&e] = false;
  auto error = [&](SourceLoc loc, const std::string &message) {
    normalizeErrors_[&e].push_back({loc, message});
    this->error(loc, message);
  };
  std::string shown = shownName(b.qualifiedName);
  std::vector<LibParam> params = parseLibraryParams(b.params);
  // np.concatenate((a, b)) and np.concatenate([a, b]): the arrays one by one.
  if (params.size() == 1 && params[0].name == "arrays") {
    if (e.args.size() != 1 || !e.keywords.empty() ||
        (!isa<TupleExpr>(e.args[0].get()) && !isa<ListExpr>(e.args[0].get()))) {
      error(e.loc(), shown + " takes one tuple of arrays, like np.concatenate((a, b))");
      return false;
    }
    std::vector<ExprPtr> items;
    if (auto *t = dyn_cast<TupleExpr>(e.args[0].get()))
      items = std::move(t->elements);
    else
      items = std::move(cast<ListExpr>(*e.args[0]).elements);
    if (items.empty() || items.size() > b.maxArgs) {
      error(e.loc(), shown + " joins 1 to " + std::to_string(b.maxArgs) + " arrays in llcc");
      return false;
    }
    e.args = std::move(items);
    normalizedOk_[&e] = true;
    return true;
  }
  if (std::string(b.qualifiedName) == "numpy.histogram") {
    // np.histogram(a, bins=10, range=None): the range pair passes as its two
    // numbers and a flag.
    std::vector<ExprPtr> slots;
    bool ok = true;
    if (!bindLibraryArguments(e, b.qualifiedName, shown, params, b.params, slots, ok, error) ||
        !slots[0])
      return false;
    e.args.clear();
    e.args.push_back(std::move(slots[0]));
    e.args.push_back(slots[1] ? std::move(slots[1]) : std::make_unique<IntLiteralExpr>(e.loc(), 10));
    if (auto *pair = llvm::dyn_cast_or_null<TupleExpr>(slots[2].get()); pair && pair->elements.size() == 2) {
      e.args.push_back(std::move(pair->elements[0]));
      e.args.push_back(std::move(pair->elements[1]));
      e.args.push_back(std::make_unique<IntLiteralExpr>(e.loc(), 1));
    } else if (slots[2]) {
      error(slots[2]->loc(), shown + "'s range must be a pair of numbers, like range=(0.0, 1.0)");
      return false;
    } else {
      e.args.push_back(std::make_unique<FloatLiteralExpr>(e.loc(), 0.0));
      e.args.push_back(std::make_unique<FloatLiteralExpr>(e.loc(), 0.0));
      e.args.push_back(std::make_unique<IntLiteralExpr>(e.loc(), 0));
    }
    normalizedOk_[&e] = ok;
    return ok;
  }
  if (isLimitsFunction(b.qualifiedName)) {
    bool ok = normalizeLimitsCall(e, b, shown, error);
    normalizedOk_[&e] = ok;
    return ok;
  }
  if (std::string(b.qualifiedName) == "numpy.unique") {
    bool ok = normalizeUniqueCall(e, b, shown, error);
    normalizedOk_[&e] = ok;
    return ok;
  }
  if (std::string(b.qualifiedName) == "numpy.bincount") {
    // np.bincount(x, weights=None, minlength=0): (x, minlength) without
    // weights, (x, weights, minlength) with them; the table's alternatives
    // are picked by that count.
    std::vector<ExprPtr> slots;
    bool ok = true;
    if (!bindLibraryArguments(e, b.qualifiedName, shown, params, b.params, slots, ok, error) ||
        !slots[0])
      return false;
    if (slots[1] && isa<NoneLiteralExpr>(slots[1].get()))
      slots[1].reset(); // weights=None
    e.args.clear();
    e.args.push_back(std::move(slots[0]));
    if (slots[1])
      e.args.push_back(std::move(slots[1]));
    e.args.push_back(slots[2] ? std::move(slots[2]) : std::make_unique<IntLiteralExpr>(e.loc(), 0));
    normalizedOk_[&e] = ok;
    return ok;
  }
  if (std::string(b.qualifiedName) == "numpy.trapz") {
    // np.trapz(y, x=None, dx=1.0): (y, dx) without x, (y, x, dx) with it;
    // the table's alternatives are picked by that count.
    std::vector<ExprPtr> slots;
    bool ok = true;
    if (!bindLibraryArguments(e, b.qualifiedName, shown, params, b.params, slots, ok, error) ||
        !slots[0])
      return false;
    if (slots[1] && isa<NoneLiteralExpr>(slots[1].get()))
      slots[1].reset(); // x=None
    if (slots[1] && isNumeric(typeOf(*slots[1]))) {
      error(slots[1]->loc(), shown + "'s x is the array of sample points (numpy raises "
                                     "ValueError for a number); give a spacing as dx=");
      ok = false;
    }
    e.args.clear();
    e.args.push_back(std::move(slots[0]));
    if (slots[1])
      e.args.push_back(std::move(slots[1]));
    e.args.push_back(slots[2] ? std::move(slots[2])
                              : std::make_unique<FloatLiteralExpr>(e.loc(), 1.0));
    normalizedOk_[&e] = ok;
    return ok;
  }
  std::vector<ExprPtr> slots;
  bool ok = true;
  if (!bindLibraryArguments(e, b.qualifiedName, shown, params, b.params, slots, ok, error))
    return false;
  size_t given = 0;
  for (size_t i = 0; i < slots.size(); ++i)
    if (slots[i])
      given = i + 1;
  bool alternatives = std::string(b.library).find('|') != std::string::npos;
  unsigned mask = 0, bit = 0;
  bool hasNone = false;
  for (size_t i = 0; i < slots.size(); ++i) {
    bool none = params[i].dflt == "None";
    hasNone |= none && !alternatives;
    if (slots[i]) {
      if (none)
        mask |= 1u << bit;
    } else if (params[i].dflt.empty()) {
      // reported by bindLibraryArguments
    } else if (none && (alternatives ? i < given : true)) {
      if (alternatives) {
        error(e.loc(), shown + " needs '" + params[i].name + "' when a later argument is given");
        ok = false;
      } else {
        slots[i] = std::make_unique<FloatLiteralExpr>(e.loc(), 0.0);
      }
    } else if (i < given) {
      slots[i] = defaultLiteral(params[i].dflt, e.loc());
    }
    if (none)
      ++bit;
    // A name for a number becomes the number (scale="normal").
    if (auto *s = llvm::dyn_cast_or_null<StringLiteralExpr>(slots[i].get())) {
      std::vector<std::string> names;
      double number = 0;
      if (builtinStringNumber(b.qualifiedName, params[i].name, s->value, number, names)) {
        slots[i] = std::make_unique<FloatLiteralExpr>(s->loc(), number);
      } else if (!names.empty()) {
        std::string list;
        for (size_t c = 0; c < names.size(); ++c)
          list += (c ? ", '" : "'") + names[c] + "'";
        error(s->loc(), shown + "'s " + params[i].name + " must be a number or one of " + list);
        ok = false;
        slots[i] = std::make_unique<FloatLiteralExpr>(s->loc(), 1.0);
      }
    }
    // A string from a fixed set becomes its index.
    if (auto *s = llvm::dyn_cast_or_null<StringLiteralExpr>(slots[i].get())) {
      std::vector<std::string> choices;
      int index = builtinStringChoice(b.qualifiedName, params[i].name, s->value, choices);
      if (index < 0) {
        std::string list;
        for (size_t c = 0; c < choices.size(); ++c)
          list += (c ? ", '" : "'") + choices[c] + "'";
        error(s->loc(), shown + "'s " + params[i].name + " must be " +
                            (choices.empty() ? std::string("a number") : "one of " + list));
        ok = false;
        slots[i] = std::make_unique<IntLiteralExpr>(s->loc(), 0);
      } else {
        slots[i] = std::make_unique<IntLiteralExpr>(s->loc(), index);
      }
    }
  }
  e.args.clear();
  for (size_t i = 0; i < slots.size(); ++i) {
    if (!slots[i])
      break; // trailing defaults: the library function's own, or the op's
    e.args.push_back(std::move(slots[i]));
  }
  if (hasNone && b.library[0])
    e.args.push_back(std::make_unique<IntLiteralExpr>(e.loc(), mask));
  normalizedOk_[&e] = ok;
  return ok;
}

namespace {

/// Library functions that numpy applies to the flattened array when no
/// axis is given, so that f(w) of a 2-D array is f(w.ravel()) exactly.
const char *const FlattenedByNumpy[] = {
    "numpy.cumsum",    "numpy.cumprod",   "numpy.unique",         "numpy.flatnonzero",
    "numpy.nanargmax", "numpy.nanargmin", "numpy.histogram",      "numpy.average",
    "numpy.delete",    "scipy.stats.iqr", "scipy.stats.rankdata", "llcc.average_returned"};
/// Library functions with an `_array` twin in the standard library, which
/// takes an array where they take a number (stdlib/numpy.flt).
const char *const ArrayTwins[] = {
    "_llcc_np_isclose", "_llcc_np_digitize", "_llcc_np_interp", "_llcc_np_add_at", "_llcc_special_expit",
    "_llcc_special_logit", "_llcc_special_entr", "_llcc_special_erf", "_llcc_special_erfc",
    "_llcc_special_ndtr", "_llcc_special_gamma", "_llcc_special_gammaln", "_llcc_special_ndtri",
    "_llcc_special_erfcinv", "_llcc_special_j0", "_llcc_special_j1", "_llcc_special_y0",
    "_llcc_special_y1", "_llcc_special_i0", "_llcc_special_i1", "_llcc_special_psi",
    "_llcc_np_i0",
    // of two numbers (stdlib/special_arrays.flt: numpy's broadcasting)
    "_llcc_special_xlogy", "_llcc_special_rel_entr", "_llcc_special_kl_div", "_llcc_special_huber",
    "_llcc_special_xlog1py", "_llcc_special_beta", "_llcc_special_betaln", "_llcc_special_gammainc",
    "_llcc_special_gammaincc"};
/// Library functions of the standard library that take 2-D arrays as numpy
/// does.
const char *const TwoDimensional[] = {"numpy.allclose", "numpy.dot", "numpy.inner",
                                      "numpy.linalg.norm"};

} // namespace

/// A 2-D or 3-D array passed where a library function of vectors expects
/// an array: raveled where numpy flattens it anyway, kept where the
/// function takes it as numpy does, else a diagnostic at the call (rather
/// than an error inside the library). False after a diagnostic.
bool Sema::windowLibraryArgument(CallExpr &e, size_t i, const std::string &name,
                                 const std::string &shown, Type &type) {
  for (const char *f : TwoDimensional)
    if (name == f)
      return true;
  for (const char *f : FlattenedByNumpy)
    if (name == f) {
      SourceLoc at = e.args[i]->loc();
      auto callee = std::make_unique<AttributeExpr>(at, std::move(e.args[i]), "ravel");
      e.args[i] = std::make_unique<CallExpr>(at, std::move(callee), std::vector<ExprPtr>{},
                                             std::vector<KeywordArg>{});
      type = typeOf(*e.args[i]);
      return type != Type::Unknown;
    }
  error(e.args[i]->loc(), shown + " of a " + std::to_string(e.args[i]->shape->dims.size()) +
                              "-D array is not supported in llcc (numpy works along its last "
                              "axis there, or needs a 1-D array); apply it to a row (w[i]), a "
                              "column (w[:, j]) or w.ravel()");
  return false;
}

namespace {

/// Arguments numpy converts to arrays whatever sequence they are: a list,
/// a tuple of numbers or a module list constant there becomes np.array(seq),
/// with dtype=float where numpy converts to float64 (arr_interp's
/// PyArray_ContiguousFromAny(..., NPY_DOUBLE)), so that np.interp(x, [0, 1,
/// 2], FP) is the library call of arrays.
struct FloatSequenceArgs {
  const char *function;
  unsigned params; ///< bit i: argument i
  bool floats;     ///< np.array(seq, dtype=float), else np.array(seq)
};
const FloatSequenceArgs FloatSequenceArgTable[] = {
    {"numpy.interp", 0b111, true},
    {"llcc.cov2", 0b011, true}, // np.cov(x, y): array(m, ndmin=2, dtype=float64)
    {"llcc.cov_rows", 0b001, true},
    {"scipy.special.logsumexp", 0b011, false}, // _asarray_validated: np.asarray
    {"llcc.add_at", 0b110, false},              // np.add.at's indices and values
};

} // namespace

namespace {

/// numpy.linalg's functions of square matrices that llcc computes as
/// LAPACK does (stdlib/linalg.flt), each of a matrix whose order is known
/// when compiling: the call becomes the llcc row's call of the raveled
/// matrix (and right-hand sides), reshaped where numpy returns a matrix.
struct LinalgFunction {
  const char *numpy, *llcc;
  const char *shown; ///< the name diagnostics give (np.linalg.eigh's parts)
  int64_t minOrder, maxOrder; ///< the orders followed (dgetrf2 is LAPACK's
                              ///< unblocked path up to 64)
  /// Value: as the llcc row returns it; Matrix: reshaped n x n;
  /// Solution: solve's (a vector, or reshaped as b); Pair: numpy's tuple of
  /// two arrays, which only unpacking or a subscript takes apart
  /// (SemaIndexTricks.cpp).
  enum Result { Value, Matrix, Solution, Pair } result;
};
const LinalgFunction LinalgFunctions[] = {
    {"numpy.linalg.eigvalsh", "llcc.eigvalsh", "", 2, 2, LinalgFunction::Value},
    {"numpy.linalg.eigh", "", "", 2, 2, LinalgFunction::Pair},
    {"llcc.eigh_values", "llcc.eigh_w", "np.linalg.eigh", 2, 2, LinalgFunction::Value},
    {"llcc.eigh_vectors", "llcc.eigh_v", "np.linalg.eigh", 2, 2, LinalgFunction::Matrix},
    {"numpy.linalg.det", "llcc.det", "", 1, 64, LinalgFunction::Value},
    {"numpy.linalg.slogdet", "llcc.slogdet", "", 1, 64, LinalgFunction::Value},
    {"numpy.linalg.inv", "llcc.inv", "", 1, 64, LinalgFunction::Matrix},
    {"numpy.linalg.solve", "llcc.solve", "", 1, 64, LinalgFunction::Solution},
};

const LinalgFunction *linalgFunction(const std::string &name) {
  for (const LinalgFunction &f : LinalgFunctions)
    if (name == f.numpy)
      return &f;
  return nullptr;
}

ExprPtr methodCall(ExprPtr object, const char *method, std::vector<ExprPtr> args) {
  SourceLoc at = object->loc();
  auto callee = std::make_unique<AttributeExpr>(at, std::move(object), method);
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                    std::vector<KeywordArg>{});
}

} // namespace

Type Sema::typeOfLibraryCall(CallExpr &e, const BuiltinFunction &b) {
  std::string name = b.qualifiedName;
  std::string shown = shownName(name);
  if (name.rfind("_llcc", 0) == 0 && !(fn_ && fn_->isLibrary)) {
    for (auto &a : e.args)
      typeOf(*a);
    error(e.callee->loc(), "name '" + name + "' is not defined");
    return Type::Unknown;
  }
  // math.fsum(v * v for v in values), statistics.median(x for ...): the
  // Python functions that take any iterable read a generator to its end
  // as they would the list of its items (numpy's functions make a 0-d
  // object array of a generator instead, and keep the refusal).
  if (name.rfind("math.", 0) == 0 || name.rfind("statistics.", 0) == 0)
    for (size_t i = 0; i < e.args.size() && i < std::strlen(b.kinds); ++i)
      if (auto *c = dyn_cast<ComprehensionExpr>(e.args[i].get());
          c && c->generator && b.kinds[i] == 'l')
        c->generator = false;
  auto part = histogramPart_.find(&e);
  if (name == "numpy.histogram" && part == histogramPart_.end()) {
    error(e.loc(), "np.histogram returns a tuple (hist, bin_edges) here; unpack it (hist, edges "
                   "= np.histogram(a, bins)) or take one part: np.histogram(a, bins)[0] or "
                   "np.histogram(a, bins)[1]");
    return Type::Unknown;
  }
  auto uniquePart = uniquePart_.find(&e);
  if (name == "numpy.unique" && uniqueFlags(e) > 0 && uniquePart == uniquePart_.end()) {
    error(e.loc(), "np.unique(a, return_...=True) returns a tuple of arrays, which llcc keeps "
                   "only as separate arrays: unpack it (u, c = np.unique(a, "
                   "return_counts=True)) or take one part (np.unique(a, return_counts=True)[1])");
    return Type::Unknown;
  }
  auto *constant = e.args.size() >= 2 ? dyn_cast<NameExpr>(e.args[1].get()) : nullptr;
  bool constantSequence =
      constant && !locals_.count(constant->name) && constants_.count(constant->name) &&
      (isa<ListExpr>(module_.constants[constants_.at(constant->name)].value.get()) ||
       isa<TupleExpr>(module_.constants[constants_.at(constant->name)].value.get()));
  if ((name == "numpy.isin" || name == "numpy.digitize") && e.args.size() >= 2 &&
      (isa<ListExpr>(e.args[1].get()) || isa<TupleExpr>(e.args[1].get()) ||
       (name == "numpy.digitize" && constantSequence))) {
    // np.isin(a, [1, 3]), np.digitize(x, [0, 1, 2]) or np.digitize(x,
    // EDGES) of a module list: numpy makes an array of the sequence.
    for (const auto &[alias, module] : moduleAliases_)
      if (module == "numpy" && !locals_.count(alias)) {
        SourceLoc at = e.args[1]->loc();
        std::vector<ExprPtr> args;
        args.push_back(std::move(e.args[1]));
        e.args[1] = std::make_unique<CallExpr>(
            at, std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, alias), "array"),
            std::move(args), std::vector<KeywordArg>{});
        break;
      }
  }
  if (!normalizeLibraryCall(e, b))
    return Type::Unknown; // its arguments are not typed: no knock-on errors
  std::vector<Type> types;
  for (auto &a : e.args)
    types.push_back(typeOf(*a));
  for (Type t : types)
    if (t == Type::Unknown)
      return Type::Unknown;
  for (const FloatSequenceArgs &f : FloatSequenceArgTable) {
    if (name != f.function)
      continue;
    for (size_t i = 0; i < e.args.size() && i < 32; ++i) {
      if (!(f.params >> i & 1))
        continue;
      bool numberTuple = types[i] == Type::Tuple && e.args[i]->shape &&
                         !e.args[i]->shape->members.empty();
      if (numberTuple)
        for (Type m : e.args[i]->shape->members)
          numberTuple &= isNumeric(m);
      if (!isList(types[i]) && !numberTuple)
        continue;
      std::string alias = numpyAlias();
      SourceLoc at = e.args[i]->loc();
      std::vector<ExprPtr> args;
      args.push_back(std::move(e.args[i]));
      std::vector<KeywordArg> keywords;
      if (f.floats)
        keywords.push_back(KeywordArg{at, "dtype", std::make_unique<NameExpr>(at, "float")});
      e.args[i] = std::make_unique<CallExpr>(
          at, std::make_unique<AttributeExpr>(at, std::make_unique<NameExpr>(at, alias), "array"),
          std::move(args), std::move(keywords));
      if ((types[i] = typeOf(*e.args[i])) == Type::Unknown)
        return Type::Unknown;
    }
  }

  if (b.op != ScalarOp::None) {
    if (e.args.size() < b.minArgs || e.args.size() > b.maxArgs) {
      error(e.loc(), shown + " takes " + std::to_string(b.minArgs) +
                         (b.maxArgs != b.minArgs ? " to " + std::to_string(b.maxArgs) : "") +
                         " argument(s) but " + std::to_string(e.args.size()) + " were given");
      return Type::Unknown;
    }
    bool anyArray = false;
    for (size_t i = 0; i < types.size(); ++i) {
      if (isArray(types[i])) {
        anyArray = true;
        continue;
      }
      if (!isNumeric(types[i])) {
        requireNumeric(*e.args[i], types[i], "passed");
        return Type::Unknown;
      }
    }
    if (b.op == ScalarOp::Round && e.args.size() == 2 && (isArray(types[1]) ||
                                                          !isIntegral(types[1]))) {
      error(e.args[1]->loc(), shown + "'s decimals must be an int");
      return Type::Unknown;
    }
    // np.maximum / np.minimum / np.fmax / np.fmin of ints (and int arrays)
    // are numpy's int64s: np.maximum(i - 1, 0) indexes.
    bool intExtreme = (b.op == ScalarOp::FMax || b.op == ScalarOp::FMin ||
                       b.op == ScalarOp::Maximum || b.op == ScalarOp::Minimum) &&
                      std::all_of(types.begin(), types.end(), [](Type t) {
                        return isIntegral(t) || t == Type::IntArray || t == Type::IntList;
                      });
    if (anyArray) {
      rejectNumpyOfBools(e, name, types);
      if (intExtreme)
        return Type::IntArray;
      if (!name.rfind("math.", 0)) {
        error(e.loc(), "'" + name + "' takes a number, not an array; use np." + name.substr(5) +
                           " for arrays");
        return Type::Unknown;
      }
      if (b.op == ScalarOp::Int64) {
        error(e.loc(), "np.int64 of an array is not supported; convert elements with "
                       "int(a[i])");
        return Type::Unknown;
      }
      // numpy rounds an int array to an int array (with decimals < 0 via
      // float64 and back, IRGen::numpyRoundInt).
      if (b.op == ScalarOp::Round && (types[0] == Type::IntArray || types[0] == Type::IntList))
        return Type::IntArray;
      return b.result == BuiltinResult::Bool ? Type::BoolArray : Type::FloatArray;
    }
    rejectNumpyOfBools(e, name, types);
    if (intExtreme)
      return Type::Int;
    if (b.op == ScalarOp::Round && isIntegral(types[0]))
      return Type::Int; // np.round(17, -1) is the numpy int 20
    if (b.op == ScalarOp::Round && types[0] == Type::IntOrFloat)
      return Type::IntOrFloat; // the int or the float path by the value's tag
    switch (b.result) {
    case BuiltinResult::Int:
      return Type::Int;
    case BuiltinResult::Bool:
      return Type::Bool;
    case BuiltinResult::SameNumeric:
      return isIntegral(types[0]) ? Type::Int : types[0];
    default:
      return Type::Float;
    }
  }

  if (name == "numpy.isin" && e.args[0]->shape && e.args[0]->shape->dims.size() >= 2) {
    // numpy keeps the array's shape; llcc's np.isin is of vectors (the
    // gradient of 2-D arrays is SemaGradient.cpp's).
    error(e.loc(), shown + " of a 2-D array is not supported in llcc; apply it to a row, a "
                           "column or a.ravel()");
    return Type::Unknown;
  }
  if (const LinalgFunction *la = linalgFunction(name)) {
    // The matrix's order checked, the call rewritten into its llcc row's
    // and typed again.
    if (la->result == LinalgFunction::Pair) {
      error(e.loc(), shown + " returns a tuple of two arrays (eigenvalues, eigenvectors), which "
                             "llcc takes apart: unpack it (w, v = " + shown + "(m)) or take one "
                             "part (" + shown + "(m)[1])");
      return Type::Unknown;
    }
    if (*la->shown)
      shown = la->shown;
    const ShapeRef &shape = e.args[0]->shape;
    bool known = shape && shape->dims.size() == 2 && shape->dims[0] >= 0 && shape->dims[1] >= 0;
    // `w, v = np.linalg.eigh(m)`'s second part (SemaIndexTricks.cpp) reads
    // the matrix the first part has reported on already.
    auto *hidden = dyn_cast<NameExpr>(e.args[0].get());
    bool reported = hidden && hidden->name.rfind("_llcc_eigh_", 0) == 0 &&
                    la->result == LinalgFunction::Matrix;
    if (reported && (!known || shape->dims[0] != la->minOrder || shape->dims[1] != la->minOrder))
      return Type::Unknown;
    if (known && shape->dims[0] != shape->dims[1]) {
      error(e.args[0]->loc(), shown + " of a " + std::to_string(shape->dims[0]) + " x " +
                                  std::to_string(shape->dims[1]) + " matrix: numpy raises "
                                  "LinAlgError (Last 2 dimensions of the array must be square)");
      return Type::Unknown;
    }
    int64_t n = known ? shape->dims[0] : -1;
    if (n < la->minOrder || n > la->maxOrder) {
      std::string orders = la->minOrder == la->maxOrder
                               ? std::to_string(la->minOrder) + " x " + std::to_string(la->minOrder)
                               : "square (up to " + std::to_string(la->maxOrder) + " x " +
                                     std::to_string(la->maxOrder) + ")";
      error(e.args[0]->loc(), shown + " is supported for " + orders + " matrices of a shape known "
                              "when compiling in llcc (a nested list, " +
                              (la->maxOrder == 2 ? "w[:2, :2]" : "values.reshape(3, 3)") +
                              "); LAPACK's other paths are not reproduced");
      return Type::Unknown;
    }
    SourceLoc at = e.loc();
    int64_t columns = 0; // of a 2-D right-hand side
    if (la->result == LinalgFunction::Solution) {
      // Every check before anything moves.
      const ShapeRef &rhs = e.args[1]->shape;
      if (rhs && rhs->dims.size() == 2 && (rhs->dims[0] != n || rhs->dims[1] < 0)) {
        error(e.args[1]->loc(), shown + " of a " + std::to_string(n) + " x " +
                                    std::to_string(n) + " matrix needs right-hand sides of " +
                                    std::to_string(n) + " rows, known when compiling");
        return Type::Unknown;
      }
      if (rhs && rhs->dims.size() > 2) {
        error(e.args[1]->loc(), shown + " of stacked right-hand sides is not supported in llcc; "
                                        "solve a vector or a 2-D array of columns");
        return Type::Unknown;
      }
      if (rhs && rhs->dims.size() == 2)
        columns = rhs->dims[1];
    }
    std::vector<ExprPtr> args;
    args.push_back(methodCall(std::move(e.args[0]), "ravel", {}));
    if (la->result == LinalgFunction::Solution) {
      args.push_back(columns > 0 ? methodCall(std::move(e.args[1]), "ravel", {})
                                 : std::move(e.args[1]));
      args.push_back(std::make_unique<IntLiteralExpr>(at, columns > 0 ? columns : 1));
    }
    ExprPtr call = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(e.callee->loc(), la->llcc),
                                              std::move(args), std::vector<KeywordArg>{});
    std::vector<ExprPtr> dims;
    if (la->result == LinalgFunction::Matrix || columns > 0) {
      dims.push_back(std::make_unique<IntLiteralExpr>(at, n));
      dims.push_back(std::make_unique<IntLiteralExpr>(at, columns > 0 ? columns : n));
    }
    if (dims.empty()) {
      auto *inner = cast<CallExpr>(call.get());
      e.callee = std::move(inner->callee);
      e.args = std::move(inner->args);
    } else {
      e.callee = std::make_unique<AttributeExpr>(at, std::move(call), "reshape");
      e.args = std::move(dims);
    }
    return typeOfCall(e);
  }
  if (name == "numpy.linalg.norm" && e.args[0]->shape && e.args[0]->shape->dims.size() >= 2) {
    // The vector norm of the raveled array (numpy's ord=None path); with
    // ord, numpy computes a matrix norm, which llcc does not.
    auto *mask = dyn_cast<IntLiteralExpr>(e.args.back().get());
    if (!mask || (mask->value & 1)) {
      error(e.loc(), shown + " of a 2-D array with ord= is a matrix norm, which llcc does not "
                             "compute; for the vector norm of its elements write " + shown +
                             "(a.ravel(), ord)");
      return Type::Unknown;
    }
    SourceLoc at = e.args[0]->loc();
    auto callee = std::make_unique<AttributeExpr>(at, std::move(e.args[0]), "ravel");
    e.args[0] = std::make_unique<CallExpr>(at, std::move(callee), std::vector<ExprPtr>{},
                                           std::vector<KeywordArg>{});
    types[0] = typeOf(*e.args[0]);
    if (types[0] == Type::Unknown)
      return Type::Unknown;
  }

  // A function of the standard library.
  std::vector<std::string> alternatives = splitAlternatives(b.library);
  size_t pick = 0;
  if (part != histogramPart_.end()) {
    pick = part->second; // [0] the counts, [1] the edges
  } else if (name == "numpy.unique") {
    pick = uniquePart == uniquePart_.end() ? 0 : uniquePart->second;
  } else if (alternatives.size() > 1) {
    if (e.args.size() < b.minArgs || e.args.size() - b.minArgs >= alternatives.size()) {
      error(e.loc(), shown + " takes " + std::to_string(b.minArgs) + " to " +
                         std::to_string(b.minArgs + alternatives.size() - 1) +
                         " argument(s) here");
      return Type::Unknown;
    }
    pick = e.args.size() - b.minArgs;
  }
  std::string kinds = b.kinds;
  if (name == "numpy.histogram" && types.size() > 1 && !isIntegral(types[1])) {
    // Explicit edges (an array, a list or a tuple of numbers): numpy's
    // cumulative path (stdlib/numpy.flt), int data and int edges compared
    // as ints.
    bool numberTuple = types[1] == Type::Tuple && e.args[1]->shape;
    if (numberTuple)
      for (Type m : e.args[1]->shape->members)
        numberTuple &= isNumeric(m);
    if (isArray(types[1]) || numberTuple) {
      if (e.args[1]->shape && e.args[1]->shape->dims.size() >= 2) {
        error(e.args[1]->loc(), shown + "'s bins must be 1-D (numpy raises ValueError: `bins` "
                                        "must be 1d, when an array)");
        return Type::Unknown;
      }
      bool intData =
          types[0] == Type::IntArray || types[0] == Type::BoolArray || types[0] == Type::IntList;
      bool intEdges = types[1] == Type::IntArray || types[1] == Type::IntList;
      alternatives[pick] = pick == 0 ? (intData && intEdges ? "_llcc_np_histogram_bins_int"
                                                            : "_llcc_np_histogram_bins")
                                     : "_llcc_np_histogram_bins_edges";
      kinds[1] = 'l';
    } else {
      // numpy also takes estimator names; llcc has edges and its
      // equal-width rule only, so the message says which one it got.
      std::string got = types[1] == Type::Str
                            ? "numpy's bin estimators ('auto', 'fd', 'sturges', ...) are not "
                              "supported"
                            : std::string("not a ") + typeName(types[1]);
      error(e.args[1]->loc(),
            shown + "'s bins must be an int or an array of edges in llcc; " + got);
      return Type::Unknown;
    }
  }
  if (name == "numpy.bincount") {
    // numpy casts x to intp with the 'safe' rule: a float array is a
    // TypeError there, whatever its values; a bool array counts as 0 and 1.
    if (types[0] != Type::IntArray && types[0] != Type::BoolArray) {
      error(e.args[0]->loc(), shown + " counts the elements of an int array, not of a " +
                                  typeName(types[0]) + " (numpy raises TypeError: Cannot cast "
                                  "array data from dtype('float64') to dtype('int64') according "
                                  "to the rule 'safe'); convert with x.astype(np.int64)");
      return Type::Unknown;
    }
    if (e.args.size() == 3 && !isArray(types[1])) {
      error(e.args[1]->loc(), shown + "'s weights must be an array as long as x");
      return Type::Unknown;
    }
    if (!isIntegral(types.back())) {
      error(e.args.back()->loc(), shown + "'s minlength must be an int");
      return Type::Unknown;
    }
  }
  if (const char *why = floatDataOnly(name); why && !e.args.empty()) {
    // CPython's mean and variance of ints are ints when they come out
    // whole (and np.int64 data truncates them): llcc's are of floats.
    bool ints = types[0] == Type::IntList || types[0] == Type::IntArray ||
                types[0] == Type::BoolArray;
    if (types[0] == Type::Tuple && e.args[0]->shape)
      for (Type m : e.args[0]->shape->members)
        ints |= isIntegral(m);
    if (ints) {
      error(e.args[0]->loc(), shown + " of int data is not supported in llcc (" + why +
                                  "); convert the data to floats: a.astype(float) or "
                                  "[float(v) for v in data]");
      return Type::Unknown;
    }
  }
  // An array where the function takes a number: its `_array` twin, if it
  // has one, applies numpy's elementwise rule (np.isclose(values, v),
  // np.digitize(values, bins)) to a 1-D array.
  bool arrayTwin = false;
  bool hasTwin = false;
  for (const char *f : ArrayTwins)
    hasTwin |= alternatives[pick] == f;
  if (hasTwin)
    for (size_t i = 0; i < types.size() && i < std::strlen(b.kinds); ++i)
      if (b.kinds[i] == 'n' && isArray(types[i])) {
        if (e.args[i]->shape && e.args[i]->shape->dims.size() >= 2) {
          error(e.args[i]->loc(), shown + " of a 2-D array is not supported in llcc; apply it "
                                          "to a row (w[i]), a column (w[:, j]) or w.ravel()");
          return Type::Unknown;
        }
        arrayTwin = true;
      }
  if (arrayTwin)
    alternatives[pick] += "_array";
  // The library function has one version per program: each parameter keeps
  // one kind (a number, or an array).
  std::vector<LibParam> params = parseLibraryParams(b.params);
  for (size_t i = 0; i < e.args.size(); ++i) {
    char kind = i < kinds.size() ? kinds[i] : '?';
    std::string what = i < params.size() ? "'" + params[i].name + "'" : "this argument";
    // A tuple of numbers where numpy takes any sequence (np.polyval's p,
    // math.fsum): passed as a helper's tuple parameter.
    bool numberTuple = kind == 'l' && types[i] == Type::Tuple && e.args[i]->shape &&
                       !e.args[i]->shape->members.empty();
    if (numberTuple)
      for (Type m : e.args[i]->shape->members)
        numberTuple &= isNumeric(m);
    if (!isArray(types[i]) && !isNumeric(types[i]) && !numberTuple) {
      requireNumeric(*e.args[i], types[i], "passed");
      return Type::Unknown;
    }
    if (types[i] == Type::FloatList && kind != 'n' && kind != 'l') {
      error(e.args[i]->loc(), shown + " of a list is not supported in llcc; pass a numpy array "
                                      "(np.array(a))");
      return Type::Unknown;
    }
    if (kind == 'f' && types[i] == Type::BoolArray &&
        !functions_.count(alternatives[pick] + "_bool")) {
      error(e.args[i]->loc(), shown + " of a boolean mask is not supported (numpy compares "
                                      "neighbours with != there); use " + shown + "(m * 1.0)");
      return Type::Unknown;
    }
    if ((kind == 'a' || kind == 'l' || kind == 'f') && isWindow(*e.args[i]) &&
        !windowLibraryArgument(e, i, name, shown, types[i]))
      return Type::Unknown;
    if ((kind == 'a' || kind == 'l' || kind == 'f') && !isArray(types[i]) && !numberTuple) {
      error(e.args[i]->loc(), shown + " needs an array for " + what + ", not a " +
                                  typeName(types[i]));
      return Type::Unknown;
    }
    if ((kind == 'n' || kind == 'i') && isArray(types[i]) && !(arrayTwin && kind == 'n')) {
      error(e.args[i]->loc(), shown + " takes a number for " + what +
                                  " in llcc, not an array; loop over the elements");
      return Type::Unknown;
    }
    if (kind == 'i' && types[i] == Type::Float) {
      error(e.args[i]->loc(), shown + "'s " + what + " must be an int, not a float");
      return Type::Unknown;
    }
    // An int on some paths and a float on others (`k ** j`, j < 0 at run
    // time): checked where it is passed, as CPython checks.
    if (kind == 'i' && types[i] == Type::IntOrFloat &&
        std::find(e.intArguments.begin(), e.intArguments.end(), i) == e.intArguments.end())
      e.intArguments.push_back(i);
  }
  // Int arrays (and int keys) go to the function's int twin, which compares
  // the ints themselves: exact beyond 2**53 (stdlib/select.flt).
  // Bool arrays among int ones are joined as ints (np.concatenate of an int
  // and a bool array is int64); all-bool array arguments go to the `_bool`
  // twin, where there is one (np.flip, np.roll, np.concatenate, np.tile
  // keep numpy's bool dtype: stdlib/arrays.flt).
  bool anyIntArray = false, anyBoolArray = false, ints = true, bools = true;
  for (Type t : types) {
    anyIntArray |= t == Type::IntArray;
    anyBoolArray |= t == Type::BoolArray;
    ints &= t == Type::IntArray || t == Type::BoolArray || isIntegral(t);
    bools &= t == Type::BoolArray || !isArray(t);
  }
  // np.full_like keeps its array's dtype whatever the fill value (numpy
  // casts it: np.full_like(int_array, 2.5) is all 2).
  bool likeInt = name == "numpy.full_like" && types[0] == Type::IntArray;
  bool likeBool = name == "numpy.full_like" && types[0] == Type::BoolArray;
  if (auto twin = functions_.find(alternatives[pick] + "_int"); twin != functions_.end()) {
    // np.arange of ints is an int64 array in numpy.
    if (((anyIntArray || name == "numpy.arange") && ints) || likeInt)
      alternatives[pick] += "_int";
  }
  if (auto twin = functions_.find(alternatives[pick] + "_bool"); twin != functions_.end()) {
    if ((anyBoolArray && bools) || likeBool)
      alternatives[pick] += "_bool";
  }
  // Data of Python floats (a.tolist(), float(v)) goes to the function's
  // Python-float twin, whose messages name CPython's type of the sum
  // (statistics.stdev of NaN: 'float' object has no attribute 'numerator').
  if (auto twin = functions_.find(alternatives[pick] + "_py"); twin != functions_.end()) {
    bool numpy = false;
    for (size_t i = 0; i < e.args.size(); ++i)
      numpy |= e.args[i]->mayBeNumpy || isNdarray(types[i]);
    if (!numpy)
      alternatives[pick] += "_py";
  }
  auto it = functions_.find(alternatives[pick]);
  if (it == functions_.end())
    return Type::Unknown; // dropped: no call of it typed (each reported an error)
  // A call whose argument kinds the first version's parameters do not take
  // uses another version (SemaLibraryVersions.cpp).
  FunctionDef *chosen = &libraryVersion(e, *it->second);
  FunctionDef &target = *chosen;
  if (e.args.size() > target.params.size()) {
    error(e.loc(), shown + " takes at most " + std::to_string(target.params.size()) +
                       " argument(s) in llcc (" + b.params + ")");
    return Type::Unknown;
  }
  e.target = &target;
  e.libraryName = name;
  // numpy returns a read-only view here; llcc's copy is kept read-only too,
  // so a write is the compile error a write to a window is.
  static const char *const ReadonlyResults[] = {"llcc.sliding_window_view"};
  for (const char *r : ReadonlyResults)
    if (name == r)
      target.returnsReadonlyArray = true;
  usedLibrary_.insert(&target);
  return typeOfFunctionCall(e, target);
}

namespace {
/// Array methods that are the numpy function of the same name with the
/// array first (numpy's ndarray.argsort is np.argsort, a.cumsum() is
/// np.cumsum(a), a.clip(lo, hi) is np.clip(a, lo, hi), a.round(d) is
/// np.round(a, d)): library functions and built-in ones alike.
const std::pair<const char *, const char *> LibraryMethods[] = {
    {"argsort", "numpy.argsort"}, {"cumsum", "numpy.cumsum"}, {"cumprod", "numpy.cumprod"},
    {"clip", "numpy.clip"},       {"round", "numpy.round"},
};
} // namespace

/// The numpy call an array method was made: a.clip(lo, None) is first
/// np.clip's None bound rewritten (expandClipNone).
Type Sema::typeOfMethodAsFunction(CallExpr &e) {
  int clip = expandClipNone(e);
  return clip == 0 || clip == 1 ? typeOfBuiltinCall(e, e.builtin) : Type::Unknown;
}

/// `x.argsort(kind=k)` becomes `np.argsort(x, kind=k)`, once: the array
/// moves to the front of the arguments and the callee becomes the
/// library name, so later rounds type it as the library call it is.
bool Sema::typeOfLibraryMethod(CallExpr &e, Type &out) {
  if (libraryMethods_.count(&e)) {
    out = typeOfMethodAsFunction(e);
    return true;
  }
  auto *a = dyn_cast<AttributeExpr>(e.callee.get());
  if (!a)
    return false;
  const char *qualified = nullptr;
  for (auto &[method, name] : LibraryMethods)
    if (a->attr == method)
      qualified = name;
  auto *baseName = dyn_cast<NameExpr>(a->value.get());
  if (!qualified || (baseName && !locals_.count(baseName->name) &&
                     (moduleAliases_.count(baseName->name) || constants_.count(baseName->name))))
    return false;
  Type base = typeOf(*a->value);
  if (!isArray(base))
    return false;
  SourceLoc loc = e.callee->loc();
  e.args.insert(e.args.begin(), std::move(a->value));
  auto callee = std::make_unique<NameExpr>(loc, qualified);
  callee->type = Type::Function;
  e.callee = std::move(callee);
  e.builtin = qualified;
  libraryMethods_.insert(&e);
  out = typeOfMethodAsFunction(e);
  return true;
}

/// `math.dist(p, q)`: two points given as 1-D arrays, tuples of numbers
/// or lists; a float.
Type Sema::typeOfMathDist(CallExpr &e, const std::vector<Type> &args) {
  for (KeywordArg &k : e.keywords) {
    typeOf(*k.value);
    error(k.loc, "keyword arguments are not supported for 'math.dist'");
  }
  if (!e.keywords.empty())
    return Type::Unknown;
  if (args.size() != 2) {
    error(e.loc(), "'math.dist' takes 2 argument(s) (p, q) but " + std::to_string(args.size()) +
                       " were given");
    return Type::Unknown;
  }
  bool ok = true;
  for (size_t i = 0; i < 2; ++i) {
    const Expr &a = *e.args[i];
    bool point = args[i] == Type::FloatArray || args[i] == Type::IntArray ||
                 args[i] == Type::FloatList || args[i] == Type::IntList ||
                 (args[i] == Type::Tuple && a.shape);
    if (args[i] == Type::Unknown) {
      ok = false;
    } else if (!point || (a.shape && a.shape->dims.size() > 1)) {
      error(a.loc(), "math.dist takes two points, each a 1-D array, a tuple or a list of "
                     "numbers, not a " + describeShape(args[i], a.shape));
      ok = false;
    } else if (args[i] == Type::Tuple) {
      for (Type m : a.shape->members)
        if (!isNumeric(m)) {
          error(a.loc(), "math.dist's points must hold numbers, not a " +
                             describeShape(args[i], a.shape));
          ok = false;
          break;
        }
    }
  }
  return ok ? Type::Float : Type::Unknown;
}

bool Sema::isHistogramCall(const CallExpr &call) {
  auto *attr = dyn_cast<AttributeExpr>(call.callee.get());
  auto *base = attr ? dyn_cast<NameExpr>(attr->value.get()) : nullptr;
  if (!base || attr->attr != "histogram" || locals_.count(base->name))
    return false;
  auto it = moduleAliases_.find(base->name);
  return it != moduleAliases_.end() && it->second == "numpy";
}

Type Sema::typeOfHistogramPart(SubscriptExpr &s, CallExpr &call) {
  int64_t k;
  if (!intConstant(s.index.get(), k) || k < -2 || k > 1) {
    typeOf(*s.index);
    error(s.index->loc(), "np.histogram(...) is the pair (hist, bin_edges): take [0] (the "
                          "counts) or [1] (the bin edges)");
    return Type::Unknown;
  }
  typeOf(*s.index);
  histogramPart_[&call] = (k == 0 || k == -2) ? 0 : 1;
  call.type = typeOf(call);
  return call.type;
}

void Sema::dropUnusedLibrary() {
  // Library functions compiled in because the program mentions their name
  // but never called: their parameters have no type.
  std::vector<std::unique_ptr<FunctionDef>> kept;
  for (auto &fn : module_.functions) {
    bool untyped = false;
    for (size_t i = 0; i < fn->params.size() && i < fn->locals.size(); ++i)
      untyped |= fn->locals[i].type == Type::Unknown;
    // CPython's set order (stdlib/sets.flt), typed for the compiler's own
    // call, is needed only where a set is.
    static const char *const SetOrder[] = {"_llcc_set_order", "_llcc_set_insert", "_llcc_hash_int",
                                           "_llcc_hash_float"};
    for (const char *name : SetOrder)
      untyped |= !usesSets_ && fn->name == name;
    // Snapshots, and the general replay, only where a set operator copies a
    // table (IRGenSetOps.cpp).
    static const char *const SetCombine[] = {
        "_llcc_set_combine", "_llcc_set_order_snap", "_llcc_tbl_merge", "_llcc_tbl_discard",
        "_llcc_tbl_find",    "_llcc_set_same",       "_llcc_set_probe", "_llcc_tbl_clean",
        "_llcc_tbl_resize",  "_llcc_tbl_add",        "_llcc_tbl_clear", "_llcc_tbl_of",
        "_llcc_set_hashes"};
    for (const char *name : SetCombine)
      untyped |= !usesSetCombine_ && fn->name == name;
    if (fn->isLibrary && untyped) {
      functions_.erase(fn->name);
      callers_.erase(fn.get());
      // Kept alive, not compiled: calls that failed to type may still
      // name it as their version (SemaLibraryVersions.cpp).
      droppedLibrary_.push_back(std::move(fn));
      continue;
    }
    kept.push_back(std::move(fn));
  }
  module_.functions = std::move(kept);
}

} // namespace sema
} // namespace llcc
