//===- Unicode.h - NFKC normalisation of identifiers -----------------------===//
//
// Python normalises every identifier to Unicode Normalization Form KC as it
// reads it (PEP 3131): `ﬁlter` (with the U+FB01 ligature) and `ｆｉｌｔｅｒ`
// (fullwidth) both name `filter`, and a function defined as `def ﬁlter`
// has the __name__ 'filter'. The lexer applies the same normalisation to
// every NAME token, so the program's names, its exported symbols and its
// diagnostics agree with CPython's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>

namespace llcc {

/// The NFKC form of the UTF-8 identifier `name`. ASCII names are returned
/// unchanged without any lookup. Exact for identifier characters (the
/// tables are generated from CPython's unicodedata by
/// scripts/gen_unicode_tables.py).
std::string normalizeIdentifier(const std::string &name);

/// `cp` as UTF-8.
void appendUtf8(std::string &out, char32_t cp);

} // namespace llcc
