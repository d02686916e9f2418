//===- AntlrStartup.cpp - A linear-time start-up for the ANTLR lexer -------===//
//
// Every llcc process deserialises the lexer's state machine in a static
// initialiser, before main. Its NAME rule uses Unicode's XID_Start and
// XID_Continue classes, sets of about 700 code-point ranges each, and the
// ANTLR 4.9 runtime adds each range with IntervalSet::add, which scans the
// whole set from the front every time: quadratic, about 26 million
// instructions, 40% of a cold `llcc fmin.flt -o fmin.so` (callgrind).
//
// The deserialiser adds the ranges in ascending order, so nearly every add
// appends past the set's last range. The executable is linked with
// `--wrap` on IntervalSet::add(ssize_t, ssize_t) (cli/CMakeLists.txt): the
// wrapper below appends in constant time when the new range starts after
// the last one and does not touch it, and calls the runtime's own add
// otherwise. For that case the runtime's loop ends in the same push_back
// (the new range is neither equal to, adjacent to, overlapping, nor before
// any range of a sorted disjoint set), so the sets, and the lexer, are the
// same. Only the static-LLVM executable links it; the compile library
// loads the shared ANTLR runtime once per Python session.
//
//===----------------------------------------------------------------------===//
#include <antlr4-runtime.h>

#include <vector>

namespace {

using antlr4::misc::Interval;
using antlr4::misc::IntervalSet;

/// IntervalSet's sorted, disjoint ranges are private and the runtime has no
/// append. An explicit instantiation may name a private member (C++17
/// [temp.explicit]/14); the friend it defines hands the member pointer
/// out, with no static initialiser whose order could matter.
using IntervalsMember = std::vector<Interval> IntervalSet::*;
struct IntervalsTag {};
IntervalsMember member(IntervalsTag);

template <IntervalsMember Member> struct ExposeIntervals {
  friend IntervalsMember member(IntervalsTag) { return Member; }
};
template struct ExposeIntervals<&IntervalSet::_intervals>;

} // namespace

// The runtime's own IntervalSet::add(ssize_t a, ssize_t b).
extern "C" void __real__ZN6antlr44misc11IntervalSet3addEll(IntervalSet *set, ssize_t a, ssize_t b);

/// IntervalSet::add(a, b) becomes a push_back when [a, b] lies past the
/// set's last range with a gap; anything else is the runtime's add.
extern "C" void __wrap__ZN6antlr44misc11IntervalSet3addEll(IntervalSet *set, ssize_t a, ssize_t b) {
  if (b >= a) {
    std::vector<Interval> &ranges = set->*member(IntervalsTag());
    if (ranges.empty() || a > ranges.back().b + 1) {
      ranges.push_back(Interval(a, b));
      return;
    }
  }
  __real__ZN6antlr44misc11IntervalSet3addEll(set, a, b);
}
