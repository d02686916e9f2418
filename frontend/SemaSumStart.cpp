//===- SemaSumStart.cpp - sum(iterable, start) ------------------------------===//
//
// Python's sum(iterable, start), or sum(iterable, start=...): the elements
// added left to right to `start` rather than to the int 0, so
// sum(xs, 0.5) is ((0.5 + x0) + x1) + ... (not 0.5 + sum(xs), which rounds
// differently). The iterable becomes a generator over it, `(x for x in a)`
// (map() and filter() the generators they are), and codegen runs the one
// fused loop of sum() over a generator with the accumulator starting at
// `start` (IRGenComprehension.cpp, sumStartValue). The start is evaluated
// after the iterable (its first `for` clause), before any element.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

/// sum(a, s) and sum(a, start=s) become sum((x for x in a), s). False when
/// the call is something else (or already rewritten).
bool Sema::expandSumStart(CallExpr &e) {
  if (!namesBuiltin(*e.callee, "sum"))
    return false;
  if (e.args.size() == 1 && e.keywords.size() == 1 && e.keywords[0].name == "start") {
    e.args.push_back(std::move(e.keywords[0].value));
    e.keywords.clear();
  }
  if (e.args.size() != 2 || !e.keywords.empty())
    return false;
  if (auto *inner = dyn_cast<CallExpr>(e.args[0].get()))
    if (ExprPtr generator = mapFilterGenerator(*inner)) {
      e.args[0] = std::move(generator);
      return true;
    }
  if (isa<ComprehensionExpr>(e.args[0].get()))
    return false;
  SourceLoc loc = e.args[0]->loc();
  std::string item = "llcc.sumitem." + std::to_string(loc.line) + "." + std::to_string(loc.col);
  auto generator = std::make_unique<ComprehensionExpr>(
      loc, std::make_unique<NameExpr>(loc, item), std::make_unique<NameExpr>(loc, item),
      std::move(e.args[0]), std::vector<ExprPtr>{}, true);
  e.args[0] = std::move(generator);
  return true;
}

/// The type of sum(generator, start): a float where the start is one, an
/// int where start and elements are ints, else an int or a float (the
/// int start itself when there is no element).
Type Sema::typeOfSumStart(CallExpr &e) {
  auto *c = dyn_cast<ComprehensionExpr>(e.args[0].get());
  if (c && c->generator)
    generatorArgs_.insert(c);
  Type it = typeOf(*e.args[0]);
  Type st = typeOf(*e.args[1]);
  if (it == Type::Unknown || st == Type::Unknown)
    return Type::Unknown;
  if (!c) {
    error(e.args[0]->loc(), "sum(iterable, start) needs an iterable here");
    return Type::Unknown;
  }
  Type elem = elementType(it);
  if (!isNumeric(elem)) {
    error(e.args[0]->loc(), std::string("sum() of ") + typeName(elem) +
                                " elements is not supported; sum numbers");
    return Type::Unknown;
  }
  if (st == Type::Bool) {
    error(e.args[1]->loc(), "sum()'s start is a bool here; write an int or a float "
                            "(sum(a, 1) rather than sum(a, True))");
    return Type::Unknown;
  }
  if (st != Type::Int && st != Type::Float) {
    error(e.args[1]->loc(),
          st == Type::IntOrFloat
              ? std::string("sum()'s start may be an int or a float here; llcc needs one kind: "
                            "convert it, float(s)")
              : std::string("sum()'s start must be an int or a float, not ") + typeName(st));
    return Type::Unknown;
  }
  if (st == Type::Float)
    return Type::Float;
  if (elem == Type::Float || elem == Type::IntOrFloat)
    return Type::IntOrFloat;
  return Type::Int;
}

} // namespace sema
} // namespace llcc
