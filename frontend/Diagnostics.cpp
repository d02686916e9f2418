//===- Diagnostics.cpp - Rendering of compile errors ----------------------===//
//
// Renders a diagnostic with the source line and a caret. Columns count code
// points, so the caret line copies tabs from the source line and writes one
// space per other code point, which keeps the caret aligned in a terminal.
//
//===----------------------------------------------------------------------===//
#include "Diagnostics.h"
#include "Versions.h"

namespace llcc {

void DiagnosticEngine::error(SourceLoc loc, const std::string &message) {
  ++errors_;
  if (errors_ == MaxPrinted + 1)
    out_ << file_.path() << ": error: too many errors, stopping here\n";
  if (errors_ > MaxPrinted)
    return;
  print(loc, "error", message);
}

void DiagnosticEngine::note(SourceLoc loc, const std::string &message) {
  if (errors_ > MaxPrinted)
    return;
  print(loc, "note", message);
}

void DiagnosticEngine::print(SourceLoc loc, const char *severity, const std::string &text) {
  std::string message = userSpelling(text); // a rebound name as written (SemaVersions.cpp)
  if (!loc.isValid()) {
    out_ << file_.path() << ": " << severity << ": " << message << "\n";
    return;
  }
  out_ << file_.path() << ":" << loc.line << ":" << loc.col << ": " << severity << ": " << message
       << "\n";
  std::string line = file_.lineText(loc.line);
  // Replace bytes that would garble a terminal (NUL and other controls
  // except tab) so the echoed line stays readable.
  std::string shown;
  std::string caret;
  uint32_t col = 1;
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    bool startsCodePoint = (c & 0xC0) != 0x80;
    if (c < 0x20 && c != '\t')
      shown += '?';
    else
      shown += static_cast<char>(c);
    if (!startsCodePoint)
      continue;
    if (col < loc.col)
      caret += (c == '\t') ? '\t' : ' ';
    ++col;
  }
  while (col < loc.col) {
    caret += ' ';
    ++col;
  }
  out_ << "    " << shown << "\n    " << caret << "^\n";
}

} // namespace llcc
