//===- SemaSelectLists.cpp - np.select of lists bound to local names ------===//
//
// np.select compiles from lists written in place (expandSelect, which makes
// nested np.where of their elements); llcc's lists hold numbers, not the
// bool arrays a condition list usually holds. Users often name the lists
// first:
//
//   conds = [c > m + s, c < m - s]
//   choices = [2.0, -2.0]
//   return np.select(conds, choices, default=0.0)
//
// Where such a name is a local assigned a list (or tuple) display exactly
// once and read nowhere but as np.select's first or second argument, the list
// display becomes one hidden variable per element, assigned where the list
// was (so each element is computed once, when Python computes it), and
// each np.select argument the list of those variables written in place:
//
//   _llcc_select_conds_5_0 = c > m + s
//   _llcc_select_conds_5_1 = c < m - s
//   ...
//   return np.select([_llcc_select_conds_5_0, _llcc_select_conds_5_1], ...)
//
// A name assigned several list displays of one length (in the branches of
// an if) shares the hidden variables: each holds the element of the list
// last assigned, as the name would. Any other binding or use of the name
// (.append, a subscript, a loop over it, a nested function reading it, an
// augmented assignment) keeps the list as it is, and expandSelect says
// which rule the name broke.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <functional>
#include <map>
#include <set>

namespace llcc {
namespace sema {

namespace {
/// Every expression slot of `block`, as eachSlot gives them, plus the
/// targets of for loops and del statements (which eachSlot leaves out).
void eachSlotWithTargets(Block &block, const std::function<void(ExprPtr &)> &f) {
  eachSlot(block, f);
  std::function<void(Block &)> targets = [&](Block &b) {
    for (StmtPtr &s : b) {
      if (auto *loop = dyn_cast<ForStmt>(s.get()))
        eachSlotIn(loop->target, f);
      if (auto *del = dyn_cast<DelStmt>(s.get()))
        for (ExprPtr &t : del->targets)
          eachSlotIn(t, f);
      forEachChildBlock(*s, targets);
    }
  };
  targets(block);
}

bool isNamed(const Expr *e, const std::string &name) {
  auto *n = llvm::dyn_cast_or_null<NameExpr>(e);
  return n && n->name == name;
}
} // namespace

void Sema::lowerSelectLists() {
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    // One name at a time, the calls found afresh after each rewrite (which
    // moves expressions, and the slots that hold them, to new statements).
    std::set<std::string> refused;
    for (bool again = true; again;) {
      again = false;
      // The np.select arguments that are names, by name.
      std::map<std::string, std::vector<std::pair<CallExpr *, ExprPtr *>>> uses;
      eachSlot(fn->body, [&](ExprPtr &x) {
        auto *call = dyn_cast<CallExpr>(x.get());
        if (!call || !callsNumpy(*call, "select"))
          return;
        for (size_t i = 0; i < 2 && i < call->args.size(); ++i)
          if (auto *n = dyn_cast<NameExpr>(call->args[i].get()))
            uses[n->name].push_back({call, &call->args[i]});
      });
      for (auto &[name, slots] : uses) {
        if (refused.count(name))
          continue;
        // The name's occurrences in the function and in the defs nested in it.
        size_t seen = 0;
        auto count = [&](ExprPtr &x) { seen += isNamed(x.get(), name); };
        eachSlotWithTargets(fn->body, count);
        for (auto &inner : module_.functions)
          for (FunctionDef *o = inner->outer; o; o = o->outer)
            if (o == fn.get())
              eachSlotWithTargets(inner->body, count);
        // Its assignments of a list display.
        std::vector<std::pair<Block *, size_t>> defs;
        std::function<void(Block &)> find = [&](Block &b) {
          for (size_t k = 0; k < b.size(); ++k) {
            auto *a = dyn_cast<AssignStmt>(b[k].get());
            if (a && a->targets.size() == 1 && isNamed(a->targets[0].get(), name) &&
                (isa<ListExpr>(a->value.get()) || isa<TupleExpr>(a->value.get())))
              defs.push_back({&b, k});
            forEachChildBlock(*b[k], find);
          }
        };
        find(fn->body);
        bool param = false;
        for (const Param &p : fn->params)
          param |= p.name == name;
        auto sizeOf = [](const std::pair<Block *, size_t> &d) {
          Expr *v = cast<AssignStmt>(*(*d.first)[d.second]).value.get();
          return isa<ListExpr>(v) ? cast<ListExpr>(*v).elements.size()
                                  : cast<TupleExpr>(*v).elements.size();
        };
        std::string why;
        if (defs.empty() || param)
          why = "'" + name + "' is not a local variable assigned a list display";
        else if (seen != slots.size() + defs.size())
          why = "'" + name + "' is assigned again, changed or read outside np.select";
        for (auto &d : defs)
          if (why.empty() && sizeOf(d) != sizeOf(defs[0]))
            why = "'" + name + "' is assigned lists of different lengths";
        if (!why.empty()) {
          for (auto &use : slots)
            selectListWhy_[use.first] = why;
          refused.insert(name);
          continue;
        }
        // One hidden variable per element, assigned where each list was
        // (the last first: rewriting a block shifts only what follows).
        size_t elementCount = sizeOf(defs[0]);
        SourceLoc firstLoc = (*defs[0].first)[defs[0].second]->loc();
        std::string prefix = "_llcc_select_" + name + "_" + std::to_string(firstLoc.line) + "_";
        for (size_t d = defs.size(); d-- > 0;) {
          auto [block, k] = defs[d];
          auto &def = cast<AssignStmt>(*(*block)[k]);
          std::vector<ExprPtr> elements = isa<ListExpr>(def.value.get())
                                              ? std::move(cast<ListExpr>(*def.value).elements)
                                              : std::move(cast<TupleExpr>(*def.value).elements);
          SourceLoc defLoc = def.loc();
          std::vector<StmtPtr> assigns;
          for (size_t i = 0; i < elements.size(); ++i) {
            SourceLoc at = elements[i]->loc();
            std::vector<ExprPtr> target;
            target.push_back(std::make_unique<NameExpr>(at, prefix + std::to_string(i)));
            assigns.push_back(
                std::make_unique<AssignStmt>(at, std::move(target), std::move(elements[i])));
          }
          block->erase(block->begin() + static_cast<long>(k));
          block->insert(block->begin() + static_cast<long>(k),
                        std::make_move_iterator(assigns.begin()),
                        std::make_move_iterator(assigns.end()));
          if (assigns.empty()) // `conds = []`: np.select reports the empty list
            block->insert(block->begin() + static_cast<long>(k),
                          std::make_unique<PassStmt>(defLoc));
        }
        for (auto &[call, slot] : slots) {
          SourceLoc at = (*slot)->loc();
          std::vector<ExprPtr> names;
          for (size_t i = 0; i < elementCount; ++i)
            names.push_back(std::make_unique<NameExpr>(at, prefix + std::to_string(i)));
          *slot = std::make_unique<ListExpr>(at, std::move(names));
        }
        again = true;
        break;
      }
    }
  }
}

} // namespace sema
} // namespace llcc
