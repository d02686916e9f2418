//===- SourceLocation.h - Positions in llcc source files ------------------===//
//
// A SourceLoc is a 1-based line and column (columns count Unicode code
// points, a tab counts as one) pointing into one SourceFile. Every AST node
// carries one, and every diagnostic and runtime error message is rendered
// from one.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace llcc {

/// A position in a source file: line and column, both 1-based; 0:0 is "no
/// position" (used only for compiler-synthesised nodes).
struct SourceLoc {
  uint32_t line = 0;
  uint32_t col = 0;
  bool isValid() const { return line != 0; }
};

/// The text of one input file with a line index, so that diagnostics can
/// print the offending line. The text is kept exactly as read (BOM and CRLF
/// included); the lexer decides what they mean.
class SourceFile {
public:
  SourceFile(std::string path, std::string text);

  /// The name used in diagnostics ("<stdin>" for standard input).
  const std::string &path() const { return path_; }
  const std::string &text() const { return text_; }
  /// The text of 1-based line `line` without its line terminator, or "" if
  /// out of range.
  std::string lineText(uint32_t line) const;
  uint32_t lineCount() const { return static_cast<uint32_t>(lineStarts_.size()); }

private:
  std::string path_;
  std::string text_;
  std::vector<size_t> lineStarts_;
};

} // namespace llcc
