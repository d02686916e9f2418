//===- Unicode.cpp - NFKC normalisation of identifiers ---------------------===//
//
// NFKC(s) is computed as NFC(NFKC(c1) NFKC(c2) ...): each character's own
// NFKC image comes from a table, and the concatenation is canonically
// equivalent to NFKD(s), whose NFC is NFKC(s) by definition. The NFC step
// (canonical decomposition, canonical reordering by combining class,
// canonical composition, UAX #15) runs only when a combining mark or a
// character that composes with its predecessor is present, which in real
// identifiers is rare: `größe` and `ｘ` take the table lookup only.
//
//===----------------------------------------------------------------------===//
#include "Unicode.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace llcc {
namespace {

struct NfkcRun {
  char32_t first;
  uint16_t count;
  uint16_t length;
  uint32_t offset;
};
struct CccRun {
  char32_t first;
  uint16_t count;
  uint8_t ccc;
};
struct Composition {
  char32_t first, second, composite;
};

#include "UnicodeTables.inc"

// Hangul syllables are composed arithmetically (Unicode 3.12).
constexpr char32_t SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
constexpr unsigned LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount,
                   SCount = LCount * NCount;

template <class Run> const Run *findRun(const Run *begin, const Run *end, char32_t cp) {
  const Run *it =
      std::upper_bound(begin, end, cp, [](char32_t c, const Run &r) { return c < r.first; });
  if (it == begin)
    return nullptr;
  --it;
  return cp < it->first + it->count ? it : nullptr;
}

unsigned combiningClass(char32_t cp) {
  const CccRun *run = findRun(std::begin(cccRuns), std::end(cccRuns), cp);
  return run ? run->ccc : 0;
}

/// Appends the NFKC image of the single character `cp`.
void appendNfkc(std::u32string &out, char32_t cp) {
  const NfkcRun *run = findRun(std::begin(nfkcRuns), std::end(nfkcRuns), cp);
  if (!run) {
    out += cp;
    return;
  }
  if (run->count > 1) // a run of one-character images
    out += nfkcPool[run->offset] + (cp - run->first);
  else
    out.append(nfkcPool + run->offset, run->length);
}

/// The composite of `a` followed by `b`, or 0.
char32_t compose(char32_t a, char32_t b) {
  if (a >= LBase && a < LBase + LCount && b >= VBase && b < VBase + VCount)
    return SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
  if (a >= SBase && a < SBase + SCount && (a - SBase) % TCount == 0 && b > TBase &&
      b < TBase + TCount)
    return a + (b - TBase);
  Composition key{a, b, 0};
  const Composition *it =
      std::lower_bound(std::begin(compositions), std::end(compositions), key,
                       [](const Composition &x, const Composition &y) {
                         return x.first != y.first ? x.first < y.first : x.second < y.second;
                       });
  return it != std::end(compositions) && it->first == a && it->second == b ? it->composite : 0;
}

/// True if `cp` is the second character of some composition.
bool composesWithPrevious(char32_t cp) {
  if (cp >= VBase && cp < VBase + VCount)
    return true;
  if (cp > TBase && cp < TBase + TCount)
    return true;
  // The second characters are few; a linear scan is only reached for
  // non-ASCII identifiers.
  for (const Composition &c : compositions)
    if (c.second == cp)
      return true;
  return false;
}

/// Appends the full canonical decomposition of `cp`.
void appendCanonicalDecomposition(std::u32string &out, char32_t cp) {
  if (cp >= SBase && cp < SBase + SCount) {
    unsigned s = cp - SBase;
    out += LBase + s / NCount;
    out += VBase + (s % NCount) / TCount;
    if (s % TCount)
      out += TBase + s % TCount;
    return;
  }
  for (const Composition &c : compositions)
    if (c.composite == cp) {
      appendCanonicalDecomposition(out, c.first);
      out += c.second;
      return;
    }
  out += cp;
}

/// NFC of a string whose characters are each in NFC already.
std::u32string nfc(const std::u32string &in) {
  std::u32string d;
  for (char32_t cp : in)
    appendCanonicalDecomposition(d, cp);
  // Canonical ordering: a stable sort of each run of non-starters by class.
  for (size_t i = 0; i < d.size();) {
    if (combiningClass(d[i]) == 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < d.size() && combiningClass(d[j]) != 0)
      ++j;
    std::stable_sort(d.begin() + i, d.begin() + j,
                     [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
    i = j;
  }
  // Canonical composition.
  std::u32string out;
  if (d.empty())
    return out;
  size_t starter = 0;
  unsigned lastClass = combiningClass(d[0]) ? 256 : 0;
  out += d[0];
  for (size_t i = 1; i < d.size(); ++i) {
    char32_t cp = d[i];
    unsigned cc = combiningClass(cp);
    char32_t composite = lastClass == 256 ? 0 : compose(out[starter], cp);
    if (composite && (lastClass < cc || lastClass == 0)) {
      out[starter] = composite;
      continue;
    }
    if (cc == 0) {
      starter = out.size();
      lastClass = 0;
    } else {
      lastClass = cc;
    }
    out += cp;
  }
  return out;
}

/// Decodes UTF-8 that the lexer has already validated.
std::u32string decode(const std::string &s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += len;
  }
  return out;
}

} // namespace

void appendUtf8(std::string &out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string normalizeIdentifier(const std::string &name) {
  bool ascii = std::all_of(name.begin(), name.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii)
    return name;
  std::u32string mapped;
  for (char32_t cp : decode(name))
    appendNfkc(mapped, cp);
  bool needsNfc = false;
  for (char32_t cp : mapped)
    needsNfc |= cp >= 0x300 && (combiningClass(cp) != 0 || composesWithPrevious(cp));
  if (needsNfc)
    mapped = nfc(mapped);
  std::string out;
  for (char32_t cp : mapped)
    appendUtf8(out, cp);
  return out;
}

} // namespace llcc
