//===- BuiltinsLibrary.h - The numpy and math library table ---------------===//
//
// The second half of the builtin table (Builtins.cpp holds the first): the
// numpy and math functions added for library coverage, each lowered inline
// (a ScalarOp), by the C library, or by a function of the standard library
// written in the filter language (stdlib/numpy.flt, stdlib/mathlib.flt).
// Builtins.cpp searches it after its own table.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Builtins.h"

#include <string>
#include <vector>

namespace llcc {

/// The entry of the library table named `qualifiedName`; null when none.
const BuiltinFunction *findLibraryFunction(const std::string &qualifiedName);

/// Every entry of the library table.
std::vector<const BuiltinFunction *> libraryFunctions();

/// The names of the standard library functions that implement builtins
/// whose short name ("cumsum") occurs in `text`: what a program that may
/// call them needs compiled in.
std::vector<std::string> libraryFunctionsMentioned(const std::string &text);

/// The parts of a '|'-separated field of the library table (its library
/// functions, its other spellings): "a|b" gives {"a", "b"}, "" gives {""}.
std::vector<std::string> splitAlternatives(const std::string &field);

/// A function's parameters as the documentation lists them ("a, ddof=0"):
/// its `params`, or those of the first table's entries, which Sema checks
/// case by case.
const char *documentedParams(const BuiltinFunction &f);

/// What to write instead of a keyword argument numpy has and llcc does not
/// (np.unique's return_counts); null when there is no advice.
const char *libraryKeywordAdvice(const std::string &function, const std::string &keyword);

} // namespace llcc
