//===- SourceFile.cpp - Source text with a line index ---------------------===//
//
// Builds the line index used to print source lines under diagnostics.
// Recognises \n, \r\n and lone \r as line ends, as Python does.
//
//===----------------------------------------------------------------------===//
#include "SourceLocation.h"

namespace llcc {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    char c = text_[i];
    if (c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n')
      ++i;
    if (c == '\n' || c == '\r')
      lineStarts_.push_back(i + 1);
  }
}

std::string SourceFile::lineText(uint32_t line) const {
  if (line == 0 || line > lineStarts_.size())
    return "";
  size_t begin = lineStarts_[line - 1];
  size_t end = begin;
  while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r')
    ++end;
  std::string s = text_.substr(begin, end - begin);
  // A UTF-8 byte-order mark is not part of the first line's text.
  if (line == 1 && s.rfind("\xEF\xBB\xBF", 0) == 0)
    s.erase(0, 3);
  return s;
}

} // namespace llcc
