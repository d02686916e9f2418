//===- Versions.h - Versioned spellings of rebound names --------*- C++ -*-===//
//
// SemaVersions.cpp gives a name bound again at a function's top level a
// new variable (`values__llcc_v1`); messages print the name as written.
//
//===----------------------------------------------------------------------===//
#ifndef LLCC_FRONTEND_VERSIONS_H
#define LLCC_FRONTEND_VERSIONS_H

#include <string>

namespace llcc {

/// The prefix of every variable Sema makes (versions, helper copies, hidden
/// temporaries): names containing it are reserved, a lexer error.
inline constexpr char ReservedPrefix[] = "__llcc_";
/// A rebound name's versions are the name, this mark and a number
/// (`s__llcc_v1`).
inline constexpr char VersionMark[] = "__llcc_v";

/// `text` with every versioned spelling (`x__llcc_v2`) back to the name.
std::string userSpelling(const std::string &text);

} // namespace llcc

#endif
