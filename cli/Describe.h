//===- Describe.h - llcc --describe LIB.so ---------------------------------===//
//
// Prints the manifest of a library llcc built, read from its
// `.llcc.manifest` ELF section without loading or running the library.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <ostream>
#include <string>

namespace llcc {

/// Prints the manifest of the shared object at `path` to `out`. Returns an
/// exit status: 0, or 2 with a message on `err` when the file cannot be
/// read or is not an llcc library.
int describeLibrary(const std::string &path, std::ostream &out, std::ostream &err);

} // namespace llcc
