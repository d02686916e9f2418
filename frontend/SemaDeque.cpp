//===- SemaDeque.cpp - collections.deque as a list ------------------------===//
//
// A deque is the running buffer of many line filters (`q = deque(maxlen=k)`,
// `q.append(v)`, `sum(q)`). Its values, order and errors are a list's, so
// before typing each deque a function makes becomes a list, and its
// methods the list operations they equal:
//
//   q = deque()  /  deque(it)     q = []  /  q = list(it)
//   q = deque(maxlen=m)           _llcc_maxlen_q = m   (evaluated once, as
//                                 Python does; a negative m is ValueError)
//                                 q = []
//   q = deque(it, maxlen=m)       q = list(it); _llcc_maxlen_q = m (checked)
//                                 while len(q) > m: q.pop(0)
//   q.append(x)                   q.append(x)          + with maxlen:
//                                 if len(q) > m: q.pop(0)
//   q.appendleft(x)               q.insert(0, x)       + with maxlen:
//                                 if len(q) > m: q.pop()
//   q.extend(it)                  q.extend(it)         + with maxlen:
//                                 while len(q) > m: q.pop(0)
//   q.extendleft(it)              for x in list(it): q.insert(0, x)
//                                 + with maxlen: while len(q) > m: q.pop()
//   q.rotate(n)                   r = n
//                                 if len(q) > 1:
//                                     for _ in range(r % len(q)):
//                                         q.insert(0, q.pop())
//   q.popleft()                   q.pop(0)
//   q.maxlen                      m
//
// so len, indexing, iteration, `in`, sum/min/max and the rest are the
// list's. A deque with a maxlen grows only by statements (`q.append(x)` on
// a line of its own), and extendleft and rotate are statements; a deque
// passed elsewhere or made outside an assignment to a name is a compile
// error that says what to write. (An empty deque's pop raises IndexError
// as CPython does; its text is the list's.)
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <functional>
#include <map>
#include <set>

namespace llcc {
namespace sema {

namespace {

ExprPtr nameExpr(SourceLoc at, const std::string &n) { return std::make_unique<NameExpr>(at, n); }

ExprPtr methodCall(SourceLoc at, const std::string &object, const char *method,
                   std::vector<ExprPtr> args) {
  return std::make_unique<CallExpr>(
      at, std::make_unique<AttributeExpr>(at, nameExpr(at, object), method), std::move(args),
      std::vector<KeywordArg>{});
}

/// `len(q) > m`.
ExprPtr longerThan(SourceLoc at, const std::string &q, const std::string &m) {
  std::vector<ExprPtr> args;
  args.push_back(nameExpr(at, q));
  std::vector<ExprPtr> operands;
  operands.push_back(std::make_unique<CallExpr>(at, nameExpr(at, "len"), std::move(args),
                                                std::vector<KeywordArg>{}));
  operands.push_back(nameExpr(at, m));
  return std::make_unique<CompareExpr>(at, std::move(operands),
                                       std::vector<CompareOp>{CompareOp::Gt});
}

/// `q.pop(0)` or `q.pop()` as a statement.
StmtPtr popStmt(SourceLoc at, const std::string &q, bool left) {
  std::vector<ExprPtr> args;
  if (left)
    args.push_back(std::make_unique<IntLiteralExpr>(at, 0));
  return std::make_unique<ExprStmt>(at, methodCall(at, q, "pop", std::move(args)));
}

} // namespace

void Sema::lowerDeques() {
  // Whether a call names collections.deque.
  auto isDeque = [&](const Expr *e) {
    auto *c = e ? dyn_cast<CallExpr>(e) : nullptr;
    if (!c)
      return false;
    if (auto *n = dyn_cast<NameExpr>(c->callee.get())) {
      auto it = fromNames_.find(n->name);
      return it != fromNames_.end() && it->second == "collections.deque";
    }
    if (auto *a = dyn_cast<AttributeExpr>(c->callee.get()))
      if (auto *m = dyn_cast<NameExpr>(a->value.get()); m && a->attr == "deque") {
        auto it = moduleAliases_.find(m->name);
        return it != moduleAliases_.end() && it->second == "collections";
      }
    return false;
  };
  for (auto &fn : module_.functions) {
    if (fn->isLibrary)
      continue;
    // name -> the hidden local holding its maxlen ("" without one).
    std::map<std::string, std::string> deques;
    // 1. `q = deque(...)` becomes a list (and its maxlen a hidden local).
    std::function<void(Block &)> creations = [&](Block &block) {
      for (size_t k = 0; k < block.size(); ++k) {
        forEachChildBlock(*block[k], creations);
        auto *a = dyn_cast<AssignStmt>(block[k].get());
        auto *target =
            a && a->targets.size() == 1 ? dyn_cast<NameExpr>(a->targets[0].get()) : nullptr;
        if (!target || !isDeque(a->value.get()))
          continue;
        auto &call = cast<CallExpr>(*a->value);
        SourceLoc at = call.loc();
        ExprPtr iterable, maxlen;
        bool ok = call.args.size() <= 2;
        if (!call.args.empty())
          iterable = std::move(call.args[0]);
        if (call.args.size() > 1)
          maxlen = std::move(call.args[1]);
        for (KeywordArg &kw : call.keywords) {
          if (kw.name == "iterable" && !iterable)
            iterable = std::move(kw.value);
          else if (kw.name == "maxlen" && !maxlen)
            maxlen = std::move(kw.value);
          else
            ok = false;
        }
        if (maxlen && isa<NoneLiteralExpr>(maxlen.get()))
          maxlen.reset(); // maxlen=None: unbounded
        if (!ok) {
          diags_.error(at, "deque() takes an iterable and maxlen=");
          continue;
        }
        std::string hidden = maxlen ? "_llcc_maxlen_" + target->name : "";
        auto known = deques.find(target->name);
        if (known != deques.end() && known->second != hidden) {
          diags_.error(at, "'" + target->name +
                               "' is made a deque with a maxlen in one place "
                               "and without one in another; give each deque a name of its own");
          continue;
        }
        deques[target->name] = hidden;
        bool fromIterable = iterable != nullptr;
        if (iterable) {
          std::vector<ExprPtr> args;
          args.push_back(std::move(iterable));
          a->value = std::make_unique<CallExpr>(at, nameExpr(at, "list"), std::move(args),
                                                std::vector<KeywordArg>{});
        } else {
          a->value = std::make_unique<ListExpr>(at, std::vector<ExprPtr>{});
        }
        if (!maxlen)
          continue;
        // _llcc_maxlen_q = m; if _llcc_maxlen_q < 0: raise ValueError(...)
        // before `q = []`, or after `q = list(it)` (the iterable is evaluated
        // first, as Python does), which is then trimmed to its last m items.
        size_t where = fromIterable ? k + 1 : k;
        SourceLoc mloc = maxlen->loc();
        std::vector<ExprPtr> store;
        store.push_back(nameExpr(mloc, hidden));
        std::vector<ExprPtr> operands;
        operands.push_back(nameExpr(mloc, hidden));
        operands.push_back(std::make_unique<IntLiteralExpr>(mloc, 0));
        std::vector<ExprPtr> message;
        message.push_back(std::make_unique<StringLiteralExpr>(mloc, "maxlen must be non-negative"));
        Block raise;
        raise.push_back(std::make_unique<RaiseStmt>(
            mloc, std::make_unique<CallExpr>(mloc, nameExpr(mloc, "ValueError"), std::move(message),
                                             std::vector<KeywordArg>{})));
        block.insert(block.begin() + static_cast<std::ptrdiff_t>(where),
                     std::make_unique<AssignStmt>(mloc, std::move(store), std::move(maxlen)));
        block.insert(block.begin() + static_cast<std::ptrdiff_t>(where + 1),
                     std::make_unique<IfStmt>(
                         mloc,
                         std::make_unique<CompareExpr>(mloc, std::move(operands),
                                                       std::vector<CompareOp>{CompareOp::Lt}),
                         std::move(raise), Block{}));
        k += 2;
        if (fromIterable) {
          // deque(it, maxlen=m) keeps the last m items: while len(q) > m: q.pop(0)
          Block trim;
          trim.push_back(popStmt(at, target->name, true));
          block.insert(block.begin() + static_cast<std::ptrdiff_t>(k + 1),
                       std::make_unique<WhileStmt>(at, longerThan(at, target->name, hidden),
                                                   std::move(trim), Block{}));
          ++k;
        }
      }
    };
    creations(fn->body);
    // Any other deque() (returned, passed, in an expression): refused.
    eachExprSlot(fn->body, [&](ExprPtr &slot) {
      if (!isDeque(slot.get()))
        return;
      diags_.error(slot->loc(), "a deque is supported as the value of a name (q = deque(...)), "
                                "which llcc keeps as a list; assign it to a name first");
      slot = std::make_unique<ListExpr>(slot->loc(), std::vector<ExprPtr>{});
    });
    if (deques.empty())
      continue;
    // The deque a `q.method(...)` call is made on, with the method.
    auto on = [&](Expr *e, std::string &method) -> const std::string * {
      auto *c = e ? dyn_cast<CallExpr>(e) : nullptr;
      auto *a = c ? dyn_cast<AttributeExpr>(c->callee.get()) : nullptr;
      auto *n = a ? dyn_cast<NameExpr>(a->value.get()) : nullptr;
      auto it = n ? deques.find(n->name) : deques.end();
      if (it == deques.end())
        return nullptr;
      method = a->attr;
      return &it->first;
    };
    // 2. Statements that grow a deque with a maxlen trim it after;
    // extendleft and rotate statements become loops.
    unsigned hiddenCount = 0;
    std::set<const Expr *> trimmed;
    std::function<void(Block &)> growth = [&](Block &block) {
      for (size_t k = 0; k < block.size(); ++k) {
        forEachChildBlock(*block[k], growth);
        auto *s = dyn_cast<ExprStmt>(block[k].get());
        std::string method;
        const std::string *q = s ? on(s->value.get(), method) : nullptr;
        if (!q)
          continue;
        auto &call = cast<CallExpr>(*s->value);
        SourceLoc at = call.loc();
        const std::string &maxlen = deques[*q];
        if (method == "extendleft" && call.args.size() == 1 && call.keywords.empty()) {
          // for _llcc_left_N in list(it): q.insert(0, _llcc_left_N)
          // (a copy first: q.extendleft(q) reads q as it was), then with a
          // maxlen: while len(q) > m: q.pop()
          std::string item = "_llcc_left_" + std::to_string(hiddenCount++);
          std::vector<ExprPtr> insertArgs;
          insertArgs.push_back(std::make_unique<IntLiteralExpr>(at, 0));
          insertArgs.push_back(nameExpr(at, item));
          Block body;
          body.push_back(
              std::make_unique<ExprStmt>(at, methodCall(at, *q, "insert", std::move(insertArgs))));
          std::vector<ExprPtr> listArgs;
          listArgs.push_back(std::move(call.args[0]));
          block[k] = std::make_unique<ForStmt>(
              at, nameExpr(at, item),
              std::make_unique<CallExpr>(at, nameExpr(at, "list"), std::move(listArgs),
                                         std::vector<KeywordArg>{}),
              std::move(body), Block{});
          if (!maxlen.empty()) {
            Block trim;
            trim.push_back(popStmt(at, *q, false));
            block.insert(block.begin() + static_cast<std::ptrdiff_t>(k + 1),
                         std::make_unique<WhileStmt>(at, longerThan(at, *q, maxlen),
                                                     std::move(trim), Block{}));
            ++k;
          }
          continue;
        }
        if (method == "rotate" && call.args.size() <= 1 && call.keywords.empty()) {
          // _llcc_rotate_N = n (evaluated even for a short deque, as Python does)
          // if len(q) > 1:
          //     for _llcc_step_N in range(_llcc_rotate_N % len(q)): q.insert(0, q.pop())
          std::string steps = "_llcc_rotate_" + std::to_string(hiddenCount);
          std::string step = "_llcc_step_" + std::to_string(hiddenCount++);
          ExprPtr n = call.args.empty() ? ExprPtr(std::make_unique<IntLiteralExpr>(at, 1))
                                        : std::move(call.args[0]);
          auto len = [&] {
            std::vector<ExprPtr> args;
            args.push_back(nameExpr(at, *q));
            return std::make_unique<CallExpr>(at, nameExpr(at, "len"), std::move(args),
                                              std::vector<KeywordArg>{});
          };
          std::vector<ExprPtr> insertArgs;
          insertArgs.push_back(std::make_unique<IntLiteralExpr>(at, 0));
          insertArgs.push_back(methodCall(at, *q, "pop", {}));
          Block body;
          body.push_back(
              std::make_unique<ExprStmt>(at, methodCall(at, *q, "insert", std::move(insertArgs))));
          std::vector<ExprPtr> rangeArgs;
          rangeArgs.push_back(
              std::make_unique<BinaryExpr>(at, BinaryOp::Mod, nameExpr(at, steps), len()));
          Block loop;
          loop.push_back(std::make_unique<ForStmt>(
              at, nameExpr(at, step),
              std::make_unique<CallExpr>(at, nameExpr(at, "range"), std::move(rangeArgs),
                                         std::vector<KeywordArg>{}),
              std::move(body), Block{}));
          std::vector<ExprPtr> operands;
          operands.push_back(len());
          operands.push_back(std::make_unique<IntLiteralExpr>(at, 1));
          std::vector<ExprPtr> store;
          store.push_back(nameExpr(at, steps));
          block[k] = std::make_unique<AssignStmt>(at, std::move(store), std::move(n));
          block.insert(block.begin() + static_cast<std::ptrdiff_t>(k + 1),
                       std::make_unique<IfStmt>(
                           at,
                           std::make_unique<CompareExpr>(at, std::move(operands),
                                                         std::vector<CompareOp>{CompareOp::Gt}),
                           std::move(loop), Block{}));
          ++k;
          continue;
        }
        if (method == "appendleft") {
          cast<AttributeExpr>(*call.callee).attr = "insert";
          call.args.insert(call.args.begin(), std::make_unique<IntLiteralExpr>(at, 0));
        }
        if (maxlen.empty() || (method != "append" && method != "appendleft" && method != "extend"))
          continue;
        trimmed.insert(&call);
        Block trim;
        trim.push_back(popStmt(at, *q, method != "appendleft"));
        StmtPtr check = method == "extend"
                            ? StmtPtr(std::make_unique<WhileStmt>(at, longerThan(at, *q, maxlen),
                                                                  std::move(trim), Block{}))
                            : StmtPtr(std::make_unique<IfStmt>(at, longerThan(at, *q, maxlen),
                                                               std::move(trim), Block{}));
        block.insert(block.begin() + static_cast<std::ptrdiff_t>(k + 1), std::move(check));
        ++k;
      }
    };
    growth(fn->body);
    // 3. The rest, wherever it stands.
    eachExprSlot(fn->body, [&](ExprPtr &slot) {
      std::string method;
      if (auto *attr = dyn_cast<AttributeExpr>(slot.get()); attr && attr->attr == "maxlen") {
        auto *n = dyn_cast<NameExpr>(attr->value.get());
        auto it = n ? deques.find(n->name) : deques.end();
        if (it == deques.end())
          return;
        slot = it->second.empty() ? ExprPtr(std::make_unique<NoneLiteralExpr>(slot->loc()))
                                  : nameExpr(slot->loc(), it->second);
        return;
      }
      const std::string *q = on(slot.get(), method);
      if (!q || trimmed.count(slot.get()))
        return;
      auto &call = cast<CallExpr>(*slot);
      auto &attr = cast<AttributeExpr>(*call.callee);
      if (method == "popleft") {
        attr.attr = "pop";
        call.args.insert(call.args.begin(), std::make_unique<IntLiteralExpr>(call.loc(), 0));
      } else if (method == "appendleft") {
        diags_.error(call.loc(), "appendleft() of a deque is supported as a statement of its own");
        slot = std::make_unique<IntLiteralExpr>(call.loc(), 0); // reported: no follow-ons
      } else if (!deques[*q].empty() && (method == "append" || method == "extend")) {
        // Statements were rewritten above; this one stands in an expression.
        diags_.error(call.loc(), "growing a deque with a maxlen is supported as a statement of "
                                 "its own (q." +
                                     method + "(x) on its line)");
      } else if (method == "extendleft" || method == "rotate") {
        // Statements were rewritten above; this one stands in an expression
        // (its value would be None) or has arguments Python refuses.
        diags_.error(call.loc(), "deque." + method +
                                     "() is supported as a statement of its own (q." + method +
                                     (method == "rotate" ? "(n)" : "(items)") + " on its line)");
        slot = std::make_unique<IntLiteralExpr>(call.loc(), 0); // reported: no follow-ons
      }
    });
  }
}

} // namespace sema
} // namespace llcc
