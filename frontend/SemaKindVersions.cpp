//===- SemaKindVersions.cpp - One helper copy per kind of its arguments ----===//
//
// CPython computes `x / 0` of a Python float with a ZeroDivisionError and of
// a numpy.float64 as inf, rounds them differently, and so on; Sema tracks
// which numbers may be numpy scalars (Expr::mayBeNumpy). A helper's
// parameter has one kind for all its calls, so a helper called with
// `float(values[0])` in one place and `values[0]` in another would take
// numpy's behaviour for both. Instead, each combination of argument kinds
// gets its own copy of the helper: the module is parsed again, the helper's
// def is copied under a further name (`half__llcc_kind_0`), and the calls
// with that combination name the copy (Module::calleeRenames, applied by
// Sema's call graph). The kinds inside a copy may change the kinds its own
// calls pass, so this repeats until the copies and calls stay the same.
// When every call of a helper agrees (the common case) nothing is copied.
// What cannot be copied keeps one version (the kinds joined), as before.
//
//===----------------------------------------------------------------------===//
#include "Frontend.h"

#include <set>
#include <sstream>

namespace llcc {

namespace {

/// Each round settles one more level of helpers calling helpers; beyond
/// this many, or where a copy cannot be made, the program is refused (one
/// version per helper would give some calls the other kind's results).
constexpr unsigned MaxKindRounds = 16;
/// Copies of one helper beyond this many are refused (code size).
constexpr size_t MaxKindVersions = 8;

/// The copies to make (copy name -> original name) and the calls that
/// name them.
struct KindPlan {
  std::map<std::string, std::string> copies;
  std::map<std::tuple<std::string, uint32_t, uint32_t>, std::string> renames;
  /// A call of each copied helper (or of one with too many combinations)
  /// with arguments of other kinds than the original takes, for an error.
  std::map<std::string, SourceLoc> copiedCalls;
  std::string tooMany;
  bool operator==(const KindPlan &o) const { return copies == o.copies && renames == o.renames; }
};

std::string localPart(const std::string &name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

FunctionDef *findFunction(Module &m, const std::string &name) {
  for (auto &fn : m.functions)
    if (fn->name == name)
      return fn.get();
  return nullptr;
}

Constant *moduleLambda(Module &m, const std::string &name) {
  for (Constant &c : m.constants)
    if (c.name == name && c.targets.empty() && !c.inPlace && c.value &&
        c.value->kind() == Expr::Kind::Lambda)
      return &c;
  return nullptr;
}

/// The plan the calls of an analysed module ask for. `origin` maps the
/// copies this module already has to their originals; `parsed` holds the
/// names of the defs a fresh parse has (only those can be copied).
KindPlan planFor(Module &m, const std::map<std::string, std::string> &origin,
                 const std::set<std::string> &parsed) {
  auto originalOf = [&](const std::string &name) {
    auto it = origin.find(name);
    return it == origin.end() ? name : it->second;
  };
  std::map<std::string, std::set<std::string>> masks;
  for (const Module::CallKinds &c : m.callKinds)
    masks[originalOf(c.target)].insert(c.mask);
  // The mask each original keeps for itself: an exported function's
  // parameters are Python numbers when SciPy calls it.
  std::map<std::string, std::string> home;
  KindPlan plan;
  for (auto &[name, set] : masks) {
    FunctionDef *fn = findFunction(m, name);
    if (!fn || fn->isLibrary || set.empty())
      continue;
    // `sq = lambda t: ...` inside a function is a def only once Sema has
    // seen it: not copied, so refused below where its calls disagree.
    // (llcc's own defs, named "llcc.next.1" and the like, keep one kind.)
    bool localLambda = fn->outer && fn->localName.find('.') == std::string::npos;
    if (!parsed.count(name) && !localLambda)
      continue;
    std::string keep = *set.rbegin();
    if (fn->fkind != FunctionKind::Helper)
      keep.assign(keep.size(), '0');
    set.erase(keep);
    if (set.empty())
      continue;
    if ((set.size() > MaxKindVersions || !parsed.count(name)) && plan.tooMany.empty())
      plan.tooMany = name;
    home[name] = keep;
    for (const std::string &mask : set)
      plan.copies[name + KindCopySuffix + mask] = name;
  }
  for (const Module::CallKinds &c : m.callKinds) {
    std::string name = originalOf(c.target);
    auto h = home.find(name);
    if (h == home.end() || c.mask == h->second)
      continue;
    plan.renames[{c.caller, c.loc.line, c.loc.col}] = localPart(name) + KindCopySuffix + c.mask;
    plan.copiedCalls.emplace(name, c.loc);
  }
  return plan;
}

/// A fresh module with the plan's copies in it, or null when a copy cannot
/// be made.
std::unique_ptr<Module> buildModule(const KindPlan &plan,
                                    const std::function<std::unique_ptr<Module>()> &reparse) {
  std::unique_ptr<Module> m = reparse();
  if (!m)
    return nullptr;
  for (const auto &[copyName, original] : plan.copies) {
    std::unique_ptr<Module> source = reparse();
    if (!source)
      return nullptr;
    FunctionDef *def = findFunction(*source, original);
    if (!def) {
      // `sq = lambda t: ...` at module level (a def once Sema has seen it).
      Constant *lambda = moduleLambda(*source, original);
      if (!lambda)
        return nullptr;
      lambda->name = copyName;
      m->constants.push_back(std::move(*lambda));
      continue;
    }
    std::string suffix = copyName.substr(original.size());
    FunctionDef *outer = nullptr;
    if (def->outer && !(outer = findFunction(*m, def->outer->name)))
      return nullptr;
    // The def and the defs nested in it (named "original.inner"), in order.
    auto within = [&](const FunctionDef *fn) {
      for (; fn; fn = fn->outer)
        if (fn == def)
          return true;
      return false;
    };
    for (auto &fn : source->functions) {
      if (!fn || !within(fn.get()))
        continue;
      fn->name = copyName + fn->name.substr(original.size());
      if (fn.get() == def) {
        if (!fn->localName.empty())
          fn->localName += suffix;
        fn->outer = outer;
        fn->decorators.clear(); // a copy is only called, never exported
      }
      fn->kindCopy = true;
      m->functions.push_back(std::move(fn));
    }
  }
  m->calleeRenames = plan.renames;
  return m;
}

} // namespace

bool analyzeModuleWithKindVersions(std::unique_ptr<Module> &module, DiagnosticEngine &diags,
                                   const std::function<std::unique_ptr<Module>()> &reparse) {
  std::set<std::string> parsed;
  for (auto &fn : module->functions)
    if (!fn->isLibrary)
      parsed.insert(fn->name);
  for (Constant &c : module->constants)
    if (moduleLambda(*module, c.name) == &c)
      parsed.insert(c.name);
  if (!analyzeModule(*module, diags))
    return false;
  // Where the copies cannot be made (more than MaxKindVersions of one
  // helper, a copy that does not type, rounds that do not settle), the
  // module keeps the first analysis: one version per helper, numpy's kind
  // where any call passes numpy numbers, as before copies existed
  // (docs/language.md). Such programs are rare; refusing them would refuse
  // programs llcc compiled before.
  auto refuse = [&](const KindPlan &, const std::string &) { return true; };
  KindPlan current;
  std::unique_ptr<Module> analysed;
  Module *last = module.get();
  for (unsigned round = 0; round < MaxKindRounds; ++round) {
    KindPlan next = planFor(*last, current.copies, parsed);
    if (!next.tooMany.empty())
      return refuse(next, next.tooMany);
    if (next == current) {
      if (analysed)
        module = std::move(analysed);
      return true;
    }
    std::unique_ptr<Module> fresh = buildModule(next, reparse);
    if (!fresh)
      return refuse(next, "");
    std::ostringstream ignored;
    DiagnosticEngine quiet(diags.file(), ignored);
    if (!analyzeModule(*fresh, quiet))
      return refuse(next, "");
    current = std::move(next);
    analysed = std::move(fresh);
    last = analysed.get();
  }
  return refuse(current, "");
}

} // namespace llcc
