//===- Stdlib.cpp - The standard library step of the pipeline --------------===//
//
// The library is compiled like user code; an error in it is a bug in llcc.
//
//===----------------------------------------------------------------------===//
#include "Stdlib.h"

#include "Diagnostics.h"
#include "Frontend.h"
#include "StdlibSources.h"

#include <sstream>

namespace llcc {

void addStandardLibrary(const SourceFile &file, Module &module) {
  const std::string &text = file.text();
  bool sorts = false;
  for (const char *word : {"sort", "median", "percentile", "quantile"})
    sorts |= text.find(word) != std::string::npos;
  if (!sorts)
    return;
  for (const StdlibSource &src : StdlibSources) {
    SourceFile libFile(src.name, src.text);
    std::ostringstream errors;
    DiagnosticEngine libDiags(libFile, errors);
    std::unique_ptr<Module> lib = parseModule(libFile, libDiags);
    if (libDiags.hasErrors())
      throw InternalError("the standard library does not parse:\n" + errors.str());
    for (auto &fn : lib->functions) {
      fn->isLibrary = true;
      module.functions.push_back(std::move(fn));
    }
  }
}

} // namespace llcc
