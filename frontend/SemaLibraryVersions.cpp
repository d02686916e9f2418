//===- SemaLibraryVersions.cpp - One library version per kind of arguments -===//
//
// A standard library function is compiled like a helper, whose parameters
// have one type each. But one file may call np.argsort of a bool array
// while np.unique calls the same _llcc_np_argsort with floats, or take
// np.histogram of an int array and of a float array (both reaching
// _llcc_hist_first). So each call of a library function, from the user's
// code or from the library itself, goes to the first version of it whose
// parameters take the call's arguments; when none does, a fresh copy of
// the function (parsed again from the library's text) becomes a further
// version. The copies enter the module between inference rounds.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {
/// Versions beyond this many of one function mean a bug in llcc's library,
/// whose calls pass a handful of kinds at most.
constexpr size_t MaxLibraryVersions = 12;

/// The array shapes a parameter keeps apart: a 1-D array and a window.
size_t arrayRank(const ShapeRef &shape) { return shape ? shape->dims.size() : 0; }
} // namespace

bool Sema::libraryVersionFits(CallExpr &e, const FunctionDef &fn) {
  unsigned declared = declaredParams(fn);
  std::vector<Expr *> bound(declared, nullptr);
  for (size_t i = 0; i < e.args.size() && i < declared; ++i)
    bound[i] = e.args[i].get();
  for (KeywordArg &k : e.keywords)
    for (size_t i = 0; i < declared; ++i)
      if (fn.params[i].name == k.name)
        bound[i] = k.value.get();
  for (size_t i = 0; i < declared && i < fn.locals.size(); ++i) {
    if (!bound[i] || isa<NoneLiteralExpr>(bound[i]))
      continue;
    Type have = fn.locals[i].type;
    Type t = bound[i]->type;
    if (have == Type::Unknown || t == Type::Unknown)
      continue;
    if (!compatible(have, t))
      return false;
    // A list of ints and one of floats take versions of their own: a
    // float parameter would get a copy, and the library writes into lists
    // (heapq's heaps).
    if (isList(have) && isList(t) && have != t)
      return false;
    if (isArray(t) && arrayRank(fn.locals[i].shape) != arrayRank(bound[i]->shape) &&
        fn.locals[i].shape && bound[i]->shape)
      return false;
    if (t == Type::Tuple && fn.locals[i].shape && bound[i]->shape &&
        fn.locals[i].shape->members != bound[i]->shape->members)
      return false;
    // Lists of tuples of other member kinds (heaps of (float, int) and of
    // (float, float) pairs): a version each.
    if (t == Type::TupleList && fn.locals[i].shape && bound[i]->shape &&
        !sameShape(fn.locals[i].shape, bound[i]->shape))
      return false;
  }
  return true;
}

FunctionDef &Sema::libraryVersion(CallExpr &e, FunctionDef &base) {
  auto baseIt = libraryVersionBase_.find(&base);
  FunctionDef &first = baseIt == libraryVersionBase_.end() ? base : *baseIt->second;
  std::vector<FunctionDef *> &versions = libraryVersions_[&first];
  if (versions.empty())
    versions.push_back(&first);
  // The arguments' types as this round sees them (typeOfFunctionCall types
  // them again, which changes nothing).
  for (auto &a : e.args)
    if (!isa<NoneLiteralExpr>(a.get()))
      a->type = typeOf(*a);
  for (KeywordArg &k : e.keywords)
    if (!isa<NoneLiteralExpr>(k.value.get()))
      k.value->type = typeOf(*k.value);
  // A call keeps its version while the version takes its arguments, so
  // that rounds do not move calls back and forth.
  if (auto kept = libraryVersionOf_.find(&e);
      kept != libraryVersionOf_.end() && libraryVersionFits(e, *kept->second))
    return *kept->second;
  for (FunctionDef *v : versions)
    if (libraryVersionFits(e, *v))
      return *(libraryVersionOf_[&e] = v);
  // The reporting walk sees the types the last round saw, so it needs no
  // new version; nor does a call past the limit.
  if (reporting_ || versions.size() >= MaxLibraryVersions || !module_.libraryFunction)
    return *versions.front(); // typeOfFunctionCall reports the conflict
  std::unique_ptr<FunctionDef> copy = module_.libraryFunction(first.name);
  if (!copy)
    return *versions.front();
  copy->name = first.name + "_v" + std::to_string(versions.size() + 1);
  copy->isLibrary = true;
  copy->fkind = FunctionKind::Helper;
  expandUniqueUnpacking(copy->body);
  collectLocals(*copy);
  FunctionDef *made = copy.get();
  functions_[made->name] = made;
  if (fn_)
    callers_[made].insert(fn_);
  libraryVersionBase_[made] = &first;
  versions.push_back(made);
  pendingLibrary_.push_back(std::move(copy));
  return *(libraryVersionOf_[&e] = made);
}

bool Sema::addLibraryVersions() {
  if (pendingLibrary_.empty())
    return false;
  for (auto &fn : pendingLibrary_)
    module_.functions.push_back(std::move(fn));
  pendingLibrary_.clear();
  return true;
}

} // namespace sema
} // namespace llcc
