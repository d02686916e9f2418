//===- SemaOperator.cpp - The operator module as Python expressions -------===//
//
// `operator.mul` in `functools.reduce(operator.mul, values, 1.0)`,
// `key=itemgetter(1)` in a sort, `operator.add(a, b)` called: each
// function of the operator module is an operator of the language, so
// before typing each use becomes the expression it stands for:
//
//   operator.add(a, b)          a + b         (called: the expression)
//   operator.mul                lambda x, y: x * y   (a function value)
//   itemgetter(1)               lambda x: x[1]
//   itemgetter(2, 0)            lambda x: (x[2], x[0])
//
// and is then typed as the user's own expression or lambda would be, with
// the same errors. A name the function binds itself (`add = 2`) is its
// own; a member llcc does not list (attrgetter, methodcaller, the in-place
// forms) is reported as not supported, with the nearest name llcc has.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <cstring>

namespace llcc {
namespace sema {

namespace {

/// How one member of the operator module is written as an expression.
enum class OperatorForm { Binary, Unary, Compare, Builtin, Contains, Getitem };

struct OperatorEntry {
  const char *name;
  unsigned arity;
  OperatorForm form;
  BinaryOp binary;     ///< Binary
  UnaryExpr::Op unary; ///< Unary
  CompareOp compare;   ///< Compare
  const char *builtin; ///< Builtin: the Python builtin it calls
};

constexpr BinaryOp B0 = BinaryOp::Add;
constexpr UnaryExpr::Op U0 = UnaryExpr::Op::Neg;
constexpr CompareOp C0 = CompareOp::Eq;

const OperatorEntry Operators[] = {
    {"add", 2, OperatorForm::Binary, BinaryOp::Add, U0, C0, nullptr},
    {"sub", 2, OperatorForm::Binary, BinaryOp::Sub, U0, C0, nullptr},
    {"mul", 2, OperatorForm::Binary, BinaryOp::Mul, U0, C0, nullptr},
    {"truediv", 2, OperatorForm::Binary, BinaryOp::Div, U0, C0, nullptr},
    {"floordiv", 2, OperatorForm::Binary, BinaryOp::FloorDiv, U0, C0, nullptr},
    {"mod", 2, OperatorForm::Binary, BinaryOp::Mod, U0, C0, nullptr},
    {"pow", 2, OperatorForm::Binary, BinaryOp::Pow, U0, C0, nullptr},
    {"and_", 2, OperatorForm::Binary, BinaryOp::BitAnd, U0, C0, nullptr},
    {"or_", 2, OperatorForm::Binary, BinaryOp::BitOr, U0, C0, nullptr},
    {"xor", 2, OperatorForm::Binary, BinaryOp::BitXor, U0, C0, nullptr},
    {"lshift", 2, OperatorForm::Binary, BinaryOp::LShift, U0, C0, nullptr},
    {"rshift", 2, OperatorForm::Binary, BinaryOp::RShift, U0, C0, nullptr},
    {"neg", 1, OperatorForm::Unary, B0, UnaryExpr::Op::Neg, C0, nullptr},
    {"pos", 1, OperatorForm::Unary, B0, UnaryExpr::Op::Pos, C0, nullptr},
    {"not_", 1, OperatorForm::Unary, B0, UnaryExpr::Op::Not, C0, nullptr},
    {"inv", 1, OperatorForm::Unary, B0, UnaryExpr::Op::Invert, C0, nullptr},
    {"invert", 1, OperatorForm::Unary, B0, UnaryExpr::Op::Invert, C0, nullptr},
    {"lt", 2, OperatorForm::Compare, B0, U0, CompareOp::Lt, nullptr},
    {"le", 2, OperatorForm::Compare, B0, U0, CompareOp::Le, nullptr},
    {"eq", 2, OperatorForm::Compare, B0, U0, CompareOp::Eq, nullptr},
    {"ne", 2, OperatorForm::Compare, B0, U0, CompareOp::Ne, nullptr},
    {"ge", 2, OperatorForm::Compare, B0, U0, CompareOp::Ge, nullptr},
    {"gt", 2, OperatorForm::Compare, B0, U0, CompareOp::Gt, nullptr},
    {"abs", 1, OperatorForm::Builtin, B0, U0, C0, "abs"},
    {"truth", 1, OperatorForm::Builtin, B0, U0, C0, "bool"},
    {"contains", 2, OperatorForm::Contains, B0, U0, C0, nullptr},
    {"getitem", 2, OperatorForm::Getitem, B0, U0, C0, nullptr},
};

const OperatorEntry *findOperator(const std::string &name) {
  for (const OperatorEntry &e : Operators)
    if (name == e.name)
      return &e;
  return nullptr;
}

/// The expression `entry` stands for, applied to `args` (arity of them).
ExprPtr applyOperator(const OperatorEntry &entry, SourceLoc at, std::vector<ExprPtr> args) {
  switch (entry.form) {
  case OperatorForm::Binary:
    return std::make_unique<BinaryExpr>(at, entry.binary, std::move(args[0]), std::move(args[1]));
  case OperatorForm::Unary:
    return std::make_unique<UnaryExpr>(at, entry.unary, std::move(args[0]));
  case OperatorForm::Compare:
    return std::make_unique<CompareExpr>(at, std::move(args),
                                         std::vector<CompareOp>{entry.compare});
  case OperatorForm::Builtin:
    return std::make_unique<CallExpr>(at, std::make_unique<NameExpr>(at, entry.builtin),
                                      std::move(args), std::vector<KeywordArg>{});
  case OperatorForm::Contains: { // contains(a, b) is `b in a`
    std::vector<ExprPtr> operands;
    operands.push_back(std::move(args[1]));
    operands.push_back(std::move(args[0]));
    return std::make_unique<CompareExpr>(at, std::move(operands),
                                         std::vector<CompareOp>{CompareOp::In});
  }
  case OperatorForm::Getitem:
    return std::make_unique<SubscriptExpr>(at, std::move(args[0]), std::move(args[1]));
  }
  return nullptr;
}

/// Parameter names no Python program can write, so a lambda's body cannot
/// capture a user's variable by mistake.
const char *const LambdaParams[] = {"llcc.opa", "llcc.opb"};

} // namespace

} // namespace sema

std::vector<std::string> operatorMembers() {
  std::vector<std::string> names{"itemgetter"};
  for (const sema::OperatorEntry &e : sema::Operators)
    names.push_back(e.name);
  std::sort(names.begin(), names.end());
  return names;
}

bool isOperatorMember(const std::string &name) {
  return name == "itemgetter" || sema::findOperator(name);
}

namespace sema {

void Sema::lowerOperatorModule() {
  bool imported = false;
  for (const auto &[alias, module] : moduleAliases_)
    imported |= module == "operator";
  for (const auto &[name, qualified] : fromNames_)
    imported |= qualified.rfind("operator.", 0) == 0;
  if (!imported)
    return;
  for (auto &fnPtr : module_.functions) {
    FunctionDef &fn = *fnPtr;
    if (fn.isLibrary)
      continue;
    std::set<std::string> visible = visibleNames(fn);
    // The member of the operator module `e` names ("" when none).
    auto member = [&](const Expr *e) -> std::string {
      if (auto *a = llvm::dyn_cast_or_null<AttributeExpr>(e)) {
        auto *base = dyn_cast<NameExpr>(a->value.get());
        if (!base || visible.count(base->name))
          return "";
        auto it = moduleAliases_.find(base->name);
        return it != moduleAliases_.end() && it->second == "operator" ? a->attr : "";
      }
      if (auto *n = llvm::dyn_cast_or_null<NameExpr>(e)) {
        if (visible.count(n->name))
          return "";
        auto it = fromNames_.find(n->name);
        if (it != fromNames_.end() && it->second.rfind("operator.", 0) == 0)
          return it->second.substr(std::strlen("operator."));
      }
      return "";
    };
    // Calls first (children first: a call's callee is still as written).
    eachExprSlot(fn.body, [&](ExprPtr &slot) {
      auto *call = dyn_cast<CallExpr>(slot.get());
      std::string name = call ? member(call->callee.get()) : "";
      if (name.empty())
        return;
      SourceLoc at = call->loc();
      // A call reported here stands for a number afterwards, so that its
      // error is the only one.
      auto refuse = [&](const std::string &message) {
        diags_.error(at, message);
        ExprPtr zero = std::make_unique<FloatLiteralExpr>(at, 0.0);
        // itemgetter(), attrgetter(...): functions, used as keys.
        slot = name == "itemgetter" || !findOperator(name)
                   ? std::make_unique<LambdaExpr>(at, std::vector<std::string>{LambdaParams[0]},
                                                  std::move(zero))
                   : std::move(zero);
      };
      if (!call->keywords.empty() || call->starred) {
        refuse("operator." + name + " takes its arguments by position in llcc");
        return;
      }
      if (name == "itemgetter") {
        if (call->args.empty()) {
          refuse("operator.itemgetter needs at least one index");
          return;
        }
        // itemgetter(i) is x[i]; itemgetter(i, j) the tuple (x[i], x[j]).
        std::vector<ExprPtr> items;
        for (ExprPtr &index : call->args)
          items.push_back(std::make_unique<SubscriptExpr>(
              index->loc(), std::make_unique<NameExpr>(at, LambdaParams[0]), std::move(index)));
        ExprPtr body = items.size() == 1 ? std::move(items[0])
                                         : std::make_unique<TupleExpr>(at, std::move(items));
        slot = std::make_unique<LambdaExpr>(at, std::vector<std::string>{LambdaParams[0]},
                                            std::move(body));
        return;
      }
      const OperatorEntry *entry = findOperator(name);
      if (!entry) {
        refuse(notSupportedMember("operator", "", name));
        return;
      }
      if (call->args.size() != entry->arity) {
        refuse("operator." + name + " takes " + std::to_string(entry->arity) + " argument(s) but " +
               std::to_string(call->args.size()) + " were given");
        return;
      }
      slot = applyOperator(*entry, at, std::move(call->args));
    });
    // Then the functions passed as values (reduce, key=, map).
    eachExprSlot(fn.body, [&](ExprPtr &slot) {
      const OperatorEntry *entry = findOperator(member(slot.get()));
      if (!entry)
        return;
      SourceLoc at = slot->loc();
      std::vector<std::string> params;
      std::vector<ExprPtr> args;
      for (unsigned i = 0; i < entry->arity; ++i) {
        params.push_back(LambdaParams[i]);
        args.push_back(std::make_unique<NameExpr>(at, LambdaParams[i]));
      }
      slot = std::make_unique<LambdaExpr>(at, std::move(params),
                                          applyOperator(*entry, at, std::move(args)));
    });
  }
}

} // namespace sema
} // namespace llcc
