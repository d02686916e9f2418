//===- RuntimeErrors.h - The Python exceptions of runtime errors -----------===//
//
// A failing check in generated code records a message and the index of its
// Python exception class in this table (llcc.rt.record); the exported
// wrapper raises that class through the CPython API, and a whole-image
// kernel's caller reads the index back (llcc_last_error_kind) and raises
// the same class with the same message. The manifest publishes the table,
// so Python keeps no copy of it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <vector>

namespace llcc {

/// The classes, by index; a message names its class first
/// ("IndexError: index out of range"), index 0 (RuntimeError) otherwise.
const std::vector<std::string> &exceptionClasses();

/// Where a class lives when it is not one of Python's built-in classes
/// (`statistics.StatisticsError`): its module, and the built-in base that
/// stands in for it where the module cannot be imported. The manifest
/// publishes each class's module beside its name.
struct ForeignClass {
  const char *name, *module, *base;
};
const std::vector<ForeignClass> &foreignClasses();
/// The entry of `name` in foreignClasses(), or null for a built-in class.
const ForeignClass *foreignClass(const std::string &name);

/// The index of llcc's own limit (an int past 64 bits): an OverflowError
/// to Python that no except clause catches, the table's last entry.
inline constexpr unsigned LimitErrorKind = 20;

} // namespace llcc
