//===- UnicodeTest.cpp - Unit tests of normalizeIdentifier -----------------===//
//
// NFKC as Python applies it to identifiers: compatibility characters,
// canonical composition and reordering of combining marks, Hangul. The
// exhaustive comparison with unicodedata is tests/python/test_unicode.py.
//
//===----------------------------------------------------------------------===//
#include "Unicode.h"

#include <doctest/doctest.h>

using llcc::normalizeIdentifier;

TEST_CASE("ASCII and already normalised names are unchanged") {
  CHECK(normalizeIdentifier("values") == "values");
  CHECK(normalizeIdentifier("größe") == "größe");
  CHECK(normalizeIdentifier("最小値") == "最小値");
}

TEST_CASE("compatibility characters") {
  CHECK(normalizeIdentifier("ﬁlter") == "filter"); // U+FB01 ligature
  CHECK(normalizeIdentifier("ｍａｘ") == "max");   // fullwidth
  CHECK(normalizeIdentifier("ℌ") == "H");          // black-letter capital
  CHECK(normalizeIdentifier("x𝟏") == "x1");        // mathematical digit
  CHECK(normalizeIdentifier("Å") == "Å");          // U+212B ANGSTROM SIGN -> U+00C5
}

TEST_CASE("canonical composition and ordering") {
  CHECK(normalizeIdentifier("e\u0301") == "\u00e9");
  // dot below (class 220) sorts before acute (230), then both compose.
  CHECK(normalizeIdentifier("e\u0301\u0323") == normalizeIdentifier("e\u0323\u0301"));
  CHECK(normalizeIdentifier("\u1100\u1161\u11a8") == "\uac01"); // Hangul L V T
}
