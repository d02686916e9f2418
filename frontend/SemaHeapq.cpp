//===- SemaHeapq.cpp - heapq and bisect calls ------------------------------===//
//
// heapq and bisect on lists of numbers run CPython's own algorithms,
// written in the filter language (stdlib/heapq.flt). A function cannot grow
// or shrink its caller's list in llcc (a list passes its elements by
// reference, its length by value), so before the functions are collected
// each call is written, at its own place, as the list methods and library
// calls CPython's C functions amount to:
//
//   heapq.heappush(h, x)         h.append(x)
//                                _llcc_heapq_siftdown(h, 0, len(h) - 1)
//   heapq.heappop(h)             _llcc_heapq_pop(h, h.pop(_llcc_heapq_last(h)))
//   bisect.insort(a, x, lo, hi)  a.insert(_llcc_bisect_right(a, x, lo, hi), x)
//   heapq.heapify(h), heapreplace(h, x), heappushpop(h, x), nsmallest(n, it),
//   nlargest(n, it), bisect.bisect_left/bisect_right/bisect(a, x, lo, hi):
//                                the library function of the same name
//
// heappush and insort are statements of their own (they return None).
// hi=None is -1, _bisectmodule.c's own default. The heap of heappush and
// heappop and the list of insort are names (each is read twice); insort's
// x, read twice too, goes to a variable first unless it can be read again
// (copyPure). key= (bisect's since
// 3.10, nsmallest's and nlargest's) is refused with the parameters llcc has.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"
#include "SemaLibraryBind.h"

#include <cstring>

namespace llcc {
namespace sema {

namespace {

ExprPtr nameOf(SourceLoc at, const std::string &n) { return std::make_unique<NameExpr>(at, n); }

ExprPtr callOf(SourceLoc at, ExprPtr callee, std::vector<ExprPtr> args) {
  return std::make_unique<CallExpr>(at, std::move(callee), std::move(args),
                                    std::vector<KeywordArg>{});
}

ExprPtr libraryCall(SourceLoc at, const char *function, std::vector<ExprPtr> args) {
  return callOf(at, nameOf(at, function), std::move(args));
}

ExprPtr methodCall(SourceLoc at, const std::string &object, const char *method,
                   std::vector<ExprPtr> args) {
  return callOf(at, std::make_unique<AttributeExpr>(at, nameOf(at, object), method),
                std::move(args));
}

ExprPtr lenOf(SourceLoc at, const std::string &object) {
  std::vector<ExprPtr> args;
  args.push_back(nameOf(at, object));
  return callOf(at, nameOf(at, "len"), std::move(args));
}

/// The library functions that take the heap itself, with the name users
/// call: their first argument must be a Python list, as CPython's.
const std::pair<const char *, const char *> HeapFunctions[] = {
    {"_llcc_heapq_heapify", "heapq.heapify"},   {"_llcc_heapq_siftdown", "heapq.heappush"},
    {"_llcc_heapq_pop", "heapq.heappop"},       {"_llcc_heapq_replace", "heapq.heapreplace"},
    {"_llcc_heapq_pushpop", "heapq.heappushpop"},
};

} // namespace

void Sema::lowerHeapqBisect() {
  // The heapq or bisect function a call names, or null.
  auto rewritten = [&](const CallExpr &c) -> const RewrittenFunction * {
    std::string q;
    if (auto *n = dyn_cast<NameExpr>(c.callee.get())) {
      if (auto it = fromNames_.find(n->name); it != fromNames_.end())
        q = it->second;
    } else if (auto *a = dyn_cast<AttributeExpr>(c.callee.get())) {
      if (auto *m = dyn_cast<NameExpr>(a->value.get()))
        if (auto it = moduleAliases_.find(m->name); it != moduleAliases_.end())
          q = it->second + "." + a->attr;
    }
    const RewrittenFunction *f = q.empty() ? nullptr : findRewrittenFunction(q);
    return f && *f->library ? f : nullptr; // collections.deque: SemaDeque.cpp
  };
  // The call's arguments by parameter (defaults filled in), or false after
  // an error.
  auto bind = [&](CallExpr &c, const RewrittenFunction &f, std::vector<ExprPtr> &slots) {
    bool ok = true;
    std::vector<LibParam> params = parseLibraryParams(f.params);
    auto report = [&](SourceLoc at, const std::string &m) { diags_.error(at, m); };
    if (!bindLibraryArguments(c, f.qualifiedName, f.qualifiedName, params, f.params, slots, ok,
                              report) ||
        !ok)
      return false;
    for (size_t i = 0; i < params.size(); ++i) {
      if (params[i].name == "lo" && !slots[i])
        slots[i] = std::make_unique<IntLiteralExpr>(c.loc(), 0);
      if (params[i].name == "hi" && (!slots[i] || isa<NoneLiteralExpr>(slots[i].get())))
        slots[i] = std::make_unique<IntLiteralExpr>(c.loc(), -1);
    }
    return true;
  };
  // The name a twice-read argument must be, or empty after an error.
  auto nameArgument = [&](const ExprPtr &arg, const RewrittenFunction &f, const char *what) {
    if (auto *n = dyn_cast<NameExpr>(arg.get()))
      return n->name;
    diags_.error(arg->loc(), std::string(f.qualifiedName) + "'s " + what +
                                 " must be a variable in llcc (the call reads it twice); "
                                 "assign it to a name first");
    return std::string();
  };
  auto isStatementFunction = [](const RewrittenFunction &f) {
    return std::strcmp(f.qualifiedName, "heapq.heappush") == 0 ||
           std::strncmp(f.qualifiedName, "bisect.insort", 13) == 0;
  };

  unsigned insortItems = 0;
  // heappush and insort: statements of their own.
  std::function<void(Block &)> statements = [&](Block &block) {
    for (size_t k = 0; k < block.size(); ++k) {
      forEachChildBlock(*block[k], statements);
      auto *s = dyn_cast<ExprStmt>(block[k].get());
      auto *c = s ? dyn_cast<CallExpr>(s->value.get()) : nullptr;
      const RewrittenFunction *f = c ? rewritten(*c) : nullptr;
      if (!f || !isStatementFunction(*f))
        continue;
      SourceLoc at = c->loc();
      // After an error the statement goes: its call would be reported
      // again as an unsupported name.
      std::vector<ExprPtr> slots;
      std::string list;
      if (bind(*c, *f, slots))
        list = nameArgument(slots[0], *f,
                            std::strncmp(f->qualifiedName, "heapq", 5) == 0 ? "heap" : "list");
      if (list.empty()) {
        block[k] = std::make_unique<PassStmt>(at);
        continue;
      }
      if (std::strcmp(f->qualifiedName, "heapq.heappush") == 0) {
        std::vector<ExprPtr> item;
        item.push_back(std::move(slots[1]));
        std::vector<ExprPtr> sift;
        sift.push_back(nameOf(at, list));
        sift.push_back(std::make_unique<IntLiteralExpr>(at, 0));
        sift.push_back(std::make_unique<BinaryExpr>(at, BinaryOp::Sub, lenOf(at, list),
                                                    std::make_unique<IntLiteralExpr>(at, 1)));
        block[k] = std::make_unique<ExprStmt>(at, methodCall(at, list, "append", std::move(item)));
        block.insert(block.begin() + k + 1,
                     std::make_unique<ExprStmt>(at, libraryCall(at, f->library, std::move(sift))));
        ++k;
        continue;
      }
      // x is read twice: an expression that cannot be read again goes
      // to a variable of its own first.
      ExprPtr again = copyPure(slots[1].get());
      if (!again) {
        std::string item = "llcc.insort." + std::to_string(++insortItems);
        std::vector<ExprPtr> target;
        target.push_back(nameOf(at, item));
        block.insert(block.begin() + k,
                     std::make_unique<AssignStmt>(at, std::move(target), std::move(slots[1])));
        ++k;
        slots[1] = nameOf(at, item);
        again = nameOf(at, item);
      }
      std::vector<ExprPtr> where;
      where.push_back(nameOf(at, list));
      for (size_t i = 1; i < slots.size(); ++i)
        where.push_back(std::move(slots[i]));
      std::vector<ExprPtr> insert;
      insert.push_back(libraryCall(at, f->library, std::move(where)));
      insert.push_back(std::move(again));
      block[k] = std::make_unique<ExprStmt>(at, methodCall(at, list, "insert", std::move(insert)));
    }
  };
  // Every other call, wherever it is.
  auto expressions = [&](ExprPtr &slot) {
    auto *c = dyn_cast<CallExpr>(slot.get());
    const RewrittenFunction *f = c ? rewritten(*c) : nullptr;
    if (!f)
      return;
    SourceLoc at = c->loc();
    // After an error the call becomes None, which is not reported again.
    auto drop = [&] { slot = std::make_unique<NoneLiteralExpr>(at); };
    if (isStatementFunction(*f)) {
      diags_.error(at, std::string(f->qualifiedName) +
                           " returns None and is supported as a statement of its own in llcc");
      return drop();
    }
    std::vector<ExprPtr> slots;
    if (!bind(*c, *f, slots))
      return drop();
    if (std::strcmp(f->qualifiedName, "heapq.heappop") == 0) {
      std::string heap = nameArgument(slots[0], *f, "heap");
      if (heap.empty())
        return drop();
      std::vector<ExprPtr> last;
      last.push_back(nameOf(at, heap));
      std::vector<ExprPtr> index;
      index.push_back(libraryCall(at, "_llcc_heapq_last", std::move(last)));
      std::vector<ExprPtr> args;
      args.push_back(nameOf(at, heap));
      args.push_back(methodCall(at, heap, "pop", std::move(index)));
      slot = libraryCall(at, f->library, std::move(args));
      return;
    }
    slot = libraryCall(at, f->library, std::move(slots));
  };
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    statements(fn->body);
    eachSlot(fn->body, expressions);
  }
}

void Sema::checkHeapArgument(CallExpr &e, const FunctionDef &target) {
  if (e.args.empty())
    return;
  for (auto &[library, shown] : HeapFunctions) {
    if (target.name != library)
      continue;
    Type t = e.args[0]->type;
    if (t == Type::Unknown || isList(t) || t == Type::TupleList)
      return;
    error(e.args[0]->loc(), std::string(shown) +
                                " needs a Python list of numbers or tuples, not a " + typeName(t) +
                                " (CPython raises TypeError: heap argument must be a list); "
                                "make one with list(a)");
    return;
  }
}

bool Sema::refuseHeapTuples(CallExpr &e, const FunctionDef &target) {
  // nsmallest and nlargest return a list, which of tuples a library
  // function cannot return in llcc. The call becomes sorted(...)[:n], the
  // same list, so that nothing else is reported (the library's body would
  // be typed for tuples), and the error is given in the reporting pass.
  for (const char *shown : {"nsmallest", "nlargest"})
    if (target.name == std::string("_llcc_heapq_") + shown && e.args.size() == 2 &&
        e.keywords.empty() && typeOf(*e.args[1]) == Type::TupleList) {
      bool small = shown[1] == 's';
      refusedHeapCalls_[&e] = std::string("heapq.") + shown +
                              " of tuples is not supported in llcc (a library function cannot "
                              "return a list of tuples); sorted(pairs" +
                              (small ? "" : ", reverse=True") +
                              ")[:n] is the same list for tuples of numbers without NaN, as "
                              "the heapq documentation says";
      SourceLoc at = e.loc();
      std::vector<ExprPtr> args;
      args.push_back(std::move(e.args[1]));
      std::vector<KeywordArg> keywords;
      if (!small)
        keywords.push_back(KeywordArg{at, "reverse", std::make_unique<BoolLiteralExpr>(at, true)});
      ExprPtr sorted = std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, "sorted"),
                                                  std::move(args), std::move(keywords));
      becomeView(e, std::make_unique<SubscriptExpr>(
                        at, std::move(sorted),
                        std::make_unique<SliceExpr>(at, nullptr, std::move(e.args[0]), nullptr)));
      return true;
    }
  // heapreplace and heappushpop store the item in the heap, a list of
  // tuples of one kind in llcc: an item of another kind is reported at the
  // call (not in the library's body), which becomes heap[0].
  for (const char *shown : {"replace", "pushpop"})
    if (target.name == std::string("_llcc_heapq_") + shown && e.args.size() == 2 &&
        typeOf(*e.args[0]) == Type::TupleList && typeOf(*e.args[1]) == Type::Tuple &&
        e.args[0]->shape && e.args[1]->shape && copyPure(e.args[0].get()) &&
        !sameShape(e.args[0]->shape->elemShape, e.args[1]->shape)) {
      refusedHeapCalls_[&e] =
          std::string("heapq.heap") + shown + "'s item is a " +
          describeShape(Type::Tuple, e.args[1]->shape) + " and the heap holds " +
          describeShape(Type::Tuple, e.args[0]->shape->elemShape) +
          " tuples; a list of tuples holds tuples of one kind in llcc: give the members the "
          "same kinds (float(...) where one is a float)";
      SourceLoc at = e.loc();
      becomeView(e, std::make_unique<SubscriptExpr>(at, copyPure(e.args[0].get()),
                                                    std::make_unique<IntLiteralExpr>(at, 0)));
      return true;
    }
  return false;
}

} // namespace sema
} // namespace llcc
