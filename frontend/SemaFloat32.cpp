//===- SemaFloat32.cpp - Where numpy would compute in single precision -----===//
//
// llcc's numbers and arrays are float64. `np.float32(x)` rounds x to single
// precision and gives it back as a float64 holding that value, which is
// exact wherever numpy would widen the float32 to float64 anyway: `float()`,
// comparisons, arithmetic with a Python number or a float64 (numpy 1.24's
// scalar rules give float64 there), indexing, `abs`, negation, math
// functions. Elsewhere numpy keeps float32 and rounds every step to single
// precision, which llcc would not do:
//
//   np.float32(a) * np.float32(b)      float32 times float32
//   np.sqrt(np.float32(x))             a numpy function of a float32
//   np.float32(values).mean()          a float32 array's methods
//   np.float32(values) * 2.0           arithmetic on a float32 array
//
// Those are compile errors here, after typing (whether a value is a number
// or an array decides), instead of float64 results that differ from
// CPython's in the last bits. Names assigned such a value carry it.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <set>

namespace llcc {
namespace sema {

namespace {

class Float32Uses {
public:
  explicit Float32Uses(DiagnosticEngine &diags) : diags_(diags) {}

  void function(FunctionDef &fn) {
    names_.clear();
    // Names assigned a float32 value (anywhere: a name holds one kind).
    for (int round = 0; round < 4; ++round) {
      size_t before = names_.size();
      collect(fn.body);
      if (names_.size() == before)
        break;
    }
    eachSlot(fn.body, [&](ExprPtr &slot) { check(*slot); });
  }

private:
  DiagnosticEngine &diags_;
  std::set<std::string> names_;
  std::set<const Expr *> reported_;

  bool isFloat32(const Expr &e) const {
    if (auto *c = dyn_cast<CallExpr>(&e))
      return c->builtin == "numpy.float32" ||
             ((c->builtin == "abs" || c->builtin == "numpy.abs" ||
               c->builtin == "numpy.absolute" || c->builtin == "numpy.negative") &&
              c->args.size() == 1 && isFloat32(*c->args[0]));
    if (auto *n = dyn_cast<NameExpr>(&e))
      return n->ref == NameRef::Local && names_.count(n->name);
    if (auto *s = dyn_cast<SubscriptExpr>(&e))
      return isFloat32(*s->value);
    if (auto *u = dyn_cast<UnaryExpr>(&e))
      return (u->op == UnaryExpr::Op::Neg || u->op == UnaryExpr::Op::Pos) &&
             isFloat32(*u->operand);
    return false;
  }

  void collect(Block &block) {
    for (auto &st : block) {
      if (auto *a = dyn_cast<AssignStmt>(st.get()); a && a->value && isFloat32(*a->value))
        for (auto &t : a->targets)
          if (auto *n = dyn_cast<NameExpr>(t.get()))
            names_.insert(n->name);
      forEachChildBlock(*st, [&](Block &b) { collect(b); });
    }
  }

  void report(const Expr &at, const std::string &what) {
    if (!reported_.insert(&at).second)
      return;
    diags_.error(at.loc(), what + " computes in single precision in numpy (float32 stays "
                                  "float32), while llcc's numbers and arrays are float64; "
                                  "convert first, float(np.float32(x)) (rounded to single "
                                  "precision, then float64 arithmetic as numpy does with a "
                                  "Python float), or keep the values float64");
  }

  void check(const Expr &e) {
    if (auto *b = dyn_cast<BinaryExpr>(&e)) {
      if (b->op == BinaryOp::And || b->op == BinaryOp::Or || !b->lhs || !b->rhs)
        return;
      bool l = isFloat32(*b->lhs), r = isFloat32(*b->rhs);
      bool array = (l && isArray(b->lhs->type)) || (r && isArray(b->rhs->type));
      if ((l && r) || array)
        report(e, array ? "arithmetic on a float32 array" : "arithmetic of two float32 values");
      return;
    }
    auto *c = dyn_cast<CallExpr>(&e);
    if (!c)
      return;
    if (auto *a = dyn_cast<AttributeExpr>(c->callee.get());
        a && c->builtin.rfind("method.", 0) == 0 && isFloat32(*a->value) &&
        a->attr != "astype" && a->attr != "item" && a->attr != "tolist") {
      report(e, "the method ." + a->attr + "() of a float32 value");
      return;
    }
    static const char *const Exact[] = {"numpy.float32", "numpy.float64", "numpy.isnan",
                                        "numpy.isinf", "numpy.isfinite", "numpy.signbit",
                                        "numpy.abs", "numpy.absolute", "numpy.negative"};
    if (c->builtin.rfind("numpy.", 0) != 0 ||
        std::find_if(std::begin(Exact), std::end(Exact),
                     [&](const char *n) { return c->builtin == n; }) != std::end(Exact))
      return;
    for (auto &arg : c->args)
      if (isFloat32(*arg)) {
        report(e, "np." + c->builtin.substr(6) + " of a float32 value");
        return;
      }
  }
};

} // namespace

void checkFloat32Uses(Module &module, DiagnosticEngine &diags) {
  Float32Uses uses(diags);
  for (auto &fn : module.functions)
    if (!fn->isLibrary)
      uses.function(*fn);
}

} // namespace sema
} // namespace llcc
