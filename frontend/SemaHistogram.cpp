//===- SemaHistogram.cpp - np.histogram(..., density=True) -----------------===//
//
// numpy's histogram with density=True returns `n / db / n.sum()`, where n
// are the counts and db the bins' widths as floats (histograms.py). Before
// the functions are collected, the unpacking that takes it apart,
//
//   hist, edges = np.histogram(a, bins, range, density=True)
//
// becomes the counts under a hidden name and that very expression:
//
//   _llcc_density_1, edges = np.histogram(a, bins, range)
//   hist = _llcc_density_1 / np.diff(edges) / np.sum(_llcc_density_1)
//
// which computes numpy's quotients in numpy's order (0/0 is NaN for an
// empty histogram, as numpy's; stdlib/Stdlib.cpp adds np.diff's library
// function to a file that mentions density). density=False is dropped. Other uses of
// density= keep the diagnostic of the library table.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace llcc {
namespace sema {

void Sema::lowerHistogramDensity() {
  unsigned made = 0;
  std::function<void(Block &)> visit = [&](Block &block) {
    for (size_t k = 0; k < block.size(); ++k) {
      forEachChildBlock(*block[k], visit);
      auto *a = dyn_cast<AssignStmt>(block[k].get());
      auto *targets = a && a->targets.size() == 1 ? dyn_cast<TupleExpr>(a->targets[0].get())
                                                  : nullptr;
      auto *call = a ? dyn_cast<CallExpr>(a->value.get()) : nullptr;
      if (!targets || targets->elements.size() != 2 || !call || !isHistogramCall(*call))
        continue;
      auto density = std::find_if(call->keywords.begin(), call->keywords.end(),
                                  [](const KeywordArg &k) { return k.name == "density"; });
      if (density == call->keywords.end())
        continue;
      auto *flag = dyn_cast<BoolLiteralExpr>(density->value.get());
      auto *hist = dyn_cast<NameExpr>(targets->elements[0].get());
      auto *edges = dyn_cast<NameExpr>(targets->elements[1].get());
      if (!flag || !hist || !edges)
        continue;
      bool on = flag->value; // read before erasing the keyword that owns it
      call->keywords.erase(density);
      if (!on)
        continue;
      SourceLoc at = a->loc();
      std::string counts = "_llcc_density_" + std::to_string(++made);
      std::string histName = hist->name, edgesName = edges->name;
      targets->elements[0] = std::make_unique<NameExpr>(hist->loc(), counts);
      auto name = [&](const std::string &n) { return std::make_unique<NameExpr>(at, n); };
      auto numpy = [&](const char *f, ExprPtr arg) -> ExprPtr {
        std::string alias = "np";
        for (const auto &[local, module] : moduleAliases_)
          if (module == "numpy")
            alias = local;
        std::vector<ExprPtr> args;
        args.push_back(std::move(arg));
        return std::make_unique<CallExpr>(
            at, std::make_unique<AttributeExpr>(at, name(alias), f), std::move(args),
            std::vector<KeywordArg>{});
      };
      ExprPtr total = numpy("sum", name(counts));
      ExprPtr value = std::make_unique<BinaryExpr>(
          at, BinaryOp::Div,
          std::make_unique<BinaryExpr>(at, BinaryOp::Div, name(counts),
                                       numpy("diff", name(edgesName))),
          std::move(total));
      std::vector<ExprPtr> target;
      target.push_back(name(histName));
      block.insert(block.begin() + k + 1,
                   std::make_unique<AssignStmt>(at, std::move(target), std::move(value)));
      ++k;
    }
  };
  for (auto &fn : module_.functions)
    if (!fn->isLibrary)
      visit(fn->body);
}

} // namespace sema
} // namespace llcc
