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

/// The index of llcc's own limit (an int past 64 bits): an OverflowError
/// to Python that no except clause catches, the table's last entry.
inline constexpr unsigned LimitErrorKind = 19;

} // namespace llcc
