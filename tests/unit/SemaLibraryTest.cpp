//===- SemaLibraryTest.cpp - Errors inside library bodies ------------------===//
//
// A library function (stdlib/*.flt, isLibrary) is typed for the arguments
// of the user's call. When its body cannot take them, the error belongs at
// that call: the library's text is not the user's file, and a position in
// it points past the file's end. These tests mark a function of a small
// program as library code and check where its body's error lands.
//
//===----------------------------------------------------------------------===//
#include "Frontend.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace llcc;

namespace {

struct Analysed {
  std::string errors;
  unsigned errorCount = 0;
};

/// Parses `source`, marks the functions named in `library` as library
/// code, and runs Sema.
Analysed analyse(const std::string &source, std::initializer_list<const char *> library) {
  SourceFile file("t.flt", source);
  std::ostringstream out;
  DiagnosticEngine diags(file, out);
  std::unique_ptr<Module> module = parseModule(file, diags);
  REQUIRE(module != nullptr);
  REQUIRE(diags.errorCount() == 0);
  for (auto &fn : module->functions)
    for (const char *name : library)
      if (fn->name == name)
        fn->isLibrary = true;
  analyzeModule(*module, diags);
  return {out.str(), diags.errorCount()};
}

bool has(const std::string &haystack, const std::string &needle) {
  return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("an error in a library body is reported at the user's call") {
  // _lib writes into its argument; the window is read-only.
  Analysed a = analyse("def _lib(a):\n"
                       "    a[0] = 1.0\n"
                       "    return a[0]\n"
                       "\n"
                       "def f(values):\n"
                       "    return _lib(values)\n",
                       {"_lib"});
  CHECK(a.errorCount == 1);
  CHECK_MESSAGE(has(a.errors, "t.flt:6:12: error: llcc's library cannot compile this call"),
                a.errors);
  CHECK_MESSAGE(has(a.errors, "(in its '_lib'): this array is read-only"), a.errors);
  CHECK_MESSAGE(!has(a.errors, "t.flt:2:"), a.errors);
}

TEST_CASE("through library functions that call each other, at the user's call") {
  Analysed a = analyse("def _inner(a):\n"
                       "    a[0] = 1.0\n"
                       "    return a[0]\n"
                       "\n"
                       "def _outer(a):\n"
                       "    return _inner(a) + 1.0\n"
                       "\n"
                       "def f(values):\n"
                       "    x = 2.0\n"
                       "    return x * _outer(values)\n",
                       {"_inner", "_outer"});
  CHECK(a.errorCount == 1);
  CHECK_MESSAGE(has(a.errors, "t.flt:10:16: error: llcc's library cannot compile this call"),
                a.errors);
  CHECK_MESSAGE(has(a.errors, "(in its '_inner')"), a.errors);
}

TEST_CASE("after an error in the user's code a library body's error is a follow-on") {
  Analysed a = analyse("def _lib(a):\n"
                       "    a[0] = 1.0\n"
                       "    return a[0]\n"
                       "\n"
                       "def f(values):\n"
                       "    y = undefined_name\n"
                       "    return _lib(values) + y\n",
                       {"_lib"});
  CHECK(a.errorCount == 1);
  CHECK_MESSAGE(has(a.errors, "t.flt:6:9: error: name 'undefined_name' is not defined"),
                a.errors);
  CHECK_MESSAGE(!has(a.errors, "library"), a.errors);
}

TEST_CASE("the same body, not library code, reports in its own lines") {
  Analysed a = analyse("def _lib(a):\n"
                       "    a[0] = 1.0\n"
                       "    return a[0]\n"
                       "\n"
                       "def f(values):\n"
                       "    return _lib(values)\n",
                       {});
  CHECK(a.errorCount == 1);
  CHECK_MESSAGE(has(a.errors, "t.flt:2:5: error: this array is read-only"), a.errors);
}
