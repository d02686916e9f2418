//===- SemaFunctionImports.cpp - Imports inside a def ----------------------===//
//
// `import math` or `from numpy import median` in a function's body binds
// the name as a local of that function in CPython. llcc resolves names
// module-wide, so such an import binds its names for the whole module
// (collectImports, with the module's own imports), and this file refuses
// what CPython would not run the same way: a use outside the function (and
// the defs nested in it) where no module-level import binds the name
// (NameError), a use before the import in the function's text
// (UnboundLocalError), an import inside a block of the function (whether it
// ran depends on the path), one name imported as two different things, and
// a name that is also a module constant or function.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

namespace {

bool before(SourceLoc a, SourceLoc b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/// Whether `fn` is `importer` or a def nested in it.
bool inside(const FunctionDef *fn, const FunctionDef *importer) {
  for (; fn; fn = fn->outer)
    if (fn == importer)
      return true;
  return false;
}

/// The names an import binds, with what each names ("numpy", "math.sqrt").
std::vector<std::pair<std::string, std::string>> bindings(const Import &imp) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!imp.isFrom)
    out.emplace_back(imp.alias.empty() ? imp.module : imp.alias, imp.module);
  else
    for (const auto &[name, alias] : imp.names)
      out.emplace_back(alias.empty() ? name : alias, imp.module + "." + name);
  return out;
}

} // namespace

/// Refuses an import inside a block of a function, and two imports that
/// bind one name to different things; false when `imp` is refused.
bool Sema::acceptFunctionImport(const Import &imp) {
  bool topLevel = false;
  for (const StmtPtr &s : imp.function->body)
    topLevel |=
        isa<PassStmt>(s.get()) && s->loc().line == imp.loc.line && s->loc().col == imp.loc.col;
  if (!topLevel) {
    diags_.error(imp.loc, "an import inside an if, loop, try or with of a function is not "
                          "supported (whether it ran depends on the path); import at the top of "
                          "the function's body or at module level");
    return false;
  }
  for (const auto &[name, what] : bindings(imp))
    for (const Import &other : module_.imports) {
      if (&other == &imp)
        break;
      for (const auto &[otherName, otherWhat] : bindings(other))
        if (otherName == name && otherWhat != what) {
          diags_.error(imp.loc, "'" + name + "' is imported as " + what + " here and as " +
                                    otherWhat + " on line " + std::to_string(other.loc.line) +
                                    "; llcc binds a name once per module: import it under "
                                    "another name (as ...)");
          return false;
        }
    }
  return true;
}

/// The scope checks of the file comment, once locals are known.
void Sema::checkFunctionImports() {
  // Names bound only by imports inside functions, with those imports.
  std::map<std::string, std::vector<const Import *>> scoped;
  std::set<std::string> moduleWide;
  for (const Import &imp : module_.imports)
    for (const auto &binding : bindings(imp))
      (imp.function ? scoped[binding.first].push_back(&imp)
                    : (void)moduleWide.insert(binding.first));
  if (scoped.empty())
    return;
  for (const auto &[name, imports] : scoped)
    if (constants_.count(name) || functions_.count(name))
      diags_.error(imports[0]->loc, "'" + name + "' is imported inside '" +
                                        imports[0]->function->name + "' and is a module-level " +
                                        (constants_.count(name) ? "constant" : "function") +
                                        " too; llcc binds a name once per module: import it "
                                        "under another name (as ...)");
  std::set<std::pair<uint32_t, uint32_t>> reported;
  auto report = [&](SourceLoc loc, const std::string &message) {
    if (reported.insert({loc.line, loc.col}).second)
      diags_.error(loc, message);
  };
  // A use in module scope (a constant, a parameter default) or in a
  // function the import is not in.
  auto check = [&](ExprPtr &slot, const FunctionDef *fn) {
    auto *n = dyn_cast<NameExpr>(slot.get());
    if (!n)
      return;
    auto it = scoped.find(n->name);
    if (it == scoped.end())
      return;
    if (fn)
      for (const LocalVar &v : fn->locals)
        if (v.name == n->name)
          return; // the function's own variable
    const Import *mine = nullptr;
    for (const Import *imp : it->second)
      if (fn && inside(fn, imp->function))
        mine = imp;
    if (mine && before(n->loc(), mine->loc))
      report(n->loc(), "'" + n->name + "' is used before the import on line " +
                           std::to_string(mine->loc.line) + " that binds it in '" +
                           mine->function->name +
                           "' (CPython raises UnboundLocalError); move the import up");
    else if (!mine && !moduleWide.count(n->name))
      report(n->loc(), "'" + n->name + "' is imported only inside '" +
                           it->second[0]->function->name +
                           "' (CPython raises NameError here); import it at module level");
  };
  for (Constant &c : module_.constants)
    if (c.value)
      eachSlotIn(c.value, [&](ExprPtr &slot) { check(slot, nullptr); });
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    for (const Decorator &d : fn->decorators) { // @llcc.filter1d runs in module scope
      std::string head = d.dottedName.substr(0, d.dottedName.find('.'));
      if (scoped.count(head) && !moduleWide.count(head))
        report(d.loc, "'" + head + "' is imported only inside '" +
                          scoped.at(head)[0]->function->name +
                          "' (CPython raises NameError here); import it at module level");
    }
    for (Param &p : fn->params)
      if (p.defaultValue)
        eachSlotIn(p.defaultValue, [&](ExprPtr &slot) { check(slot, nullptr); });
    eachSlot(fn->body, [&](ExprPtr &slot) { check(slot, fn.get()); });
  }
}

} // namespace sema
} // namespace llcc
