//===- SemaLibraryBind.h - Binding a library call's arguments -------------===//
//
// A numpy or math call's arguments are matched to the function's own
// parameter names before anything else looks at them: positional arguments
// fill the first parameters, keywords fill theirs by name. This is the one
// place that does it and words its errors (too many positional arguments,
// an unknown or repeated keyword, a missing required argument), for the
// table-driven calls and for the three whose arguments are then rearranged
// (np.histogram, np.bincount, np.unique).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Ast.h"

#include <functional>
#include <string>
#include <vector>

namespace llcc {
namespace sema {

/// One parameter of a library function, as the table spells it.
struct LibParam {
  std::string name;
  std::string dflt; ///< default as written; empty when required
  bool keywordOnly = false;
  bool positionalOnly = false; ///< before a `/` (numpy's *varargs, named for messages)
};

/// "a, v, side='left'", "ar, ..., *, equal_nan=True" or
/// "f, spacing=1.0, /, *, edge_order=1" as parameters.
std::vector<LibParam> parseLibraryParams(const std::string &text);

using LibraryErrorFn = std::function<void(SourceLoc, const std::string &)>;

/// Moves `e`'s arguments into `slots` (one per parameter, null where none
/// was given) and clears them from the call. `shown` names the function in
/// messages ("np.unique"), `paramsText` is the parameter list they quote.
/// Reports through `error`; returns false when the call is beyond use (more
/// positional arguments than parameters, the slots then empty), and clears
/// `ok` on every error. `qualified` finds the advice for a keyword numpy
/// has and llcc leaves out (np.unique's axis=).
bool bindLibraryArguments(CallExpr &e, const std::string &qualified, const std::string &shown,
                          const std::vector<LibParam> &params, const std::string &paramsText,
                          std::vector<ExprPtr> &slots, bool &ok, const LibraryErrorFn &error);

} // namespace sema
} // namespace llcc
