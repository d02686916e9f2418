//===- Diagnostics.h - The one diagnostics engine of llcc -----------------===//
//
// Every user-facing compile error goes through DiagnosticEngine, which
// renders it as
//
//   path:line:col: error: message
//       source line
//       ^
//
// Compiler bugs are not diagnostics: they throw InternalError, which the
// driver reports with its own exit status (3).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "SourceLocation.h"

#include <ostream>
#include <stdexcept>
#include <string>

namespace llcc {

/// A bug in llcc itself (never a mistake in the user's program).
class InternalError : public std::runtime_error {
public:
  explicit InternalError(const std::string &what) : std::runtime_error(what) {}
};

/// Throws InternalError with `message` when `cond` is false.
inline void internalCheck(bool cond, const char *message) {
  if (!cond)
    throw InternalError(message);
}

/// Collects and prints the errors of one compilation. Errors are printed as
/// they are reported; the engine only counts them, so that all independent
/// errors of a file are shown.
class DiagnosticEngine {
public:
  DiagnosticEngine(const SourceFile &file, std::ostream &out) : file_(file), out_(out) {}

  /// Reports an error at `loc`: the line, a caret under column `loc.col`.
  void error(SourceLoc loc, const std::string &message);
  /// Reports a note attached to the previous error.
  void note(SourceLoc loc, const std::string &message);

  unsigned errorCount() const { return errors_; }
  bool hasErrors() const { return errors_ != 0; }
  const SourceFile &file() const { return file_; }

  /// Stops recording after this many errors (a runaway file must not print
  /// megabytes); later errors are counted but not printed.
  static constexpr unsigned MaxPrinted = 50;

private:
  void print(SourceLoc loc, const char *severity, const std::string &message);
  const SourceFile &file_;
  std::ostream &out_;
  unsigned errors_ = 0;
};

} // namespace llcc
