//===- main.cpp - The llcc command line -----------------------------------===//
//
// `llcc INPUT -o OUTPUT`: parses the command line with CLI11, reads the
// input (a file, or `-` for standard input), and hands both to the
// pipeline. Exit status: 0 success, 1 compile errors, 2 usage or I/O
// errors, 3 an internal compiler error (a bug in llcc).
//
//===----------------------------------------------------------------------===//
#include "Abi.h"
#include "Describe.h"
#include "Diagnostics.h"
#include "Builtins.h"
#include "BuiltinsLibrary.h"
#include "Pipeline.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

using namespace llcc;

namespace {

bool readInput(const std::string &path, std::string &text, std::string &error) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read '" + path + "': " + std::strerror(errno);
    return false;
  }
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = "cannot read '" + path + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

/// `dir/fmin.flt` -> `fmin.so` (in the current folder, as cc -c does).
std::string defaultOutput(const std::string &input, const char *extension) {
  std::string base = input.substr(input.find_last_of('/') + 1);
  auto dot = base.find_last_of('.');
  if (dot != std::string::npos && dot != 0)
    base.erase(dot);
  return base + extension;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"llcc: compiles filter functions written in a Python subset into a shared "
               "object of SciPy LowLevelCallable callbacks.",
               "llcc"};
  app.set_version_flag("--version", std::string("llcc ") + LLCC_VERSION + " (LLVM 19)");
  std::string input;
  std::string output;
  std::string emit = "so";
  unsigned optLevel = 2;
  std::string cpu = "native";
  bool checkOnly = false;
  std::string describe;
  auto *inputOpt =
      app.add_option("input", input, "Filter source file (.flt), or - for standard input");
  auto *describeOpt = app.add_option(
      "--describe", describe,
      "Print the manifest (functions, kinds, signatures, parameters) of a library llcc built");
  describeOpt->excludes(inputOpt);
  app.add_option("-o,--output", output,
                 "Output file (default: INPUT's name with .so, .o or .s in the current folder; "
                 "text dumps go to standard output)");
  const std::map<std::string, EmitWhat> emitKinds = {
      {"tokens", EmitWhat::Tokens}, {"ast", EmitWhat::Ast}, {"typed-ast", EmitWhat::TypedAst},
      {"llvm", EmitWhat::Llvm},     {"asm", EmitWhat::Asm}, {"obj", EmitWhat::Obj},
      {"so", EmitWhat::So}};
  app.add_option("--emit", emit, "What to produce: so (default), obj, asm, llvm, ast, "
                                 "typed-ast, tokens")
      ->check(CLI::IsMember({"so", "obj", "asm", "llvm", "ast", "typed-ast", "tokens"}));
  app.add_option("-O", optLevel, "Optimisation level 0-3 (default 2), as -O0 ... -O3")
      ->check(CLI::Range(0, 3));
  app.add_option("--cpu", cpu,
                 "Target CPU: native (default: this machine's CPU and features), generic "
                 "(portable x86-64), or an LLVM CPU name such as haswell");
  app.add_flag("--check", checkOnly, "Parse and type-check only; write nothing");
  bool listBuiltins = false;
  app.add_flag("--list-builtins", listBuiltins,
               "Print every supported builtin, math and numpy name with its parameters, one "
               "per line (the table in docs/language.md lists the same)")
      ->excludes(inputOpt);
  bool printAbi = false;
  app.add_flag("--print-abi", printAbi,
               "Print the library interface every library carries in its manifest (kinds and "
               "their C signatures, the image-kernel arguments, boundary-mode codes, exception "
               "classes) as JSON");
  std::string sourceName;
  app.add_option("--source-name", sourceName,
                 "The file name that diagnostics, runtime errors and the manifest cite "
                 "(default: INPUT)");
  std::vector<std::string> imageKernelTypes;
  app.add_option("--image-kernel-types", imageKernelTypes,
                 "Input element types to build image kernels for (implies --image-kernels): "
                 "float64 (the default), float32, uint8, int8, uint16, int16, uint32, int32, "
                 "uint64, int64; comma-separated")
      ->delimiter(',');
  bool imageKernels = false;
  app.add_flag("--image-kernels", imageKernels,
               "Also emit each filter's whole-array entry point llcc_image_NAME, used by "
               "llcc.generic_filter (slower to compile)");

  std::string parser = "auto";
  app.add_option("--parser", parser,
                 "The parser: auto (the direct parser, ANTLR when it declines), antlr, or "
                 "direct (fails when the direct parser declines); for testing the parsers")
      ->check(CLI::IsMember({"auto", "antlr", "direct"}))
      ->group(""); // hidden

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int code = app.exit(e);
    return code == 0 ? ExitOk : ExitUsageError;
  }

  if (!describe.empty())
    return describeLibrary(describe, std::cout, std::cerr);
  if (listBuiltins) {
    for (const BuiltinFunction *f : allBuiltinFunctions())
      if (f->qualifiedName[0] != '_')
        std::cout << f->qualifiedName << "(" << documentedParams(*f) << ")\n";
    for (const char *module : {"math", "numpy"})
      for (const std::string &m : supportedMembers(module))
        if (!findBuiltinFunction(std::string(module) + "." + m))
          std::cout << module << "." << m << "\n";
    return ExitOk;
  }
  if (printAbi) {
    std::cout << abiJson() << "\n";
    return ExitOk;
  }
  if (input.empty()) {
    std::cerr << "llcc: error: no input file (run llcc --help for usage)\n";
    return ExitUsageError;
  }

  PipelineOptions opts;
  opts.emit = checkOnly ? EmitWhat::Check : emitKinds.at(emit);
  opts.backend.optLevel = optLevel;
  opts.backend.cpu = cpu;
  opts.outputPath = output;
  opts.imageKernels = imageKernels || !imageKernelTypes.empty();
  opts.parser = parser == "antlr"    ? ParserChoice::Antlr
                : parser == "direct" ? ParserChoice::Direct
                                     : ParserChoice::Auto;
  for (const std::string &name : imageKernelTypes)
    if (!findElementType(name)) {
      std::cerr << "llcc: error: --image-kernel-types: unknown element type '" << name
                << "' (float64, float32, uint8, int8, uint16, int16, uint32, int32, uint64, "
                   "int64)\n";
      return ExitUsageError;
    }
  if (!imageKernelTypes.empty())
    opts.imageKernelTypes = imageKernelTypes;
  if (opts.outputPath.empty()) {
    if (opts.emit == EmitWhat::So || opts.emit == EmitWhat::Obj) {
      if (input == "-") {
        std::cerr << "llcc: error: reading standard input needs -o OUTPUT for --emit " << emit
                  << "\n";
        return ExitUsageError;
      }
      opts.outputPath = defaultOutput(input, opts.emit == EmitWhat::So ? ".so" : ".o");
    }
  }
  if (opts.emit == EmitWhat::So && opts.outputPath == "-") {
    std::cerr << "llcc: error: a shared object cannot be written to standard output\n";
    return ExitUsageError;
  }

  std::string text, error;
  if (!readInput(input, text, error)) {
    std::cerr << "llcc: error: " << error << "\n";
    return ExitUsageError;
  }
  SourceFile file(!sourceName.empty() ? sourceName : input == "-" ? "<stdin>" : input,
                  std::move(text));
  try {
    int status = runPipeline(file, opts, std::cerr);
    std::cout.flush();
    std::cerr.flush();
#ifndef __SANITIZE_ADDRESS__
    // Everything is written and flushed: leave without running the global
    // destructors of LLVM's thousands of options and registries, as LLD
    // does (about 1 ms of a 20 ms compile). Sanitizer builds return
    // normally so that the leak checker still runs.
    std::fflush(nullptr);
    std::_Exit(status);
#endif
    return status;
  } catch (const InternalError &e) {
    std::cerr << "llcc: internal compiler error: " << e.what()
              << "\nThis is a bug in llcc, not in your program; please report it with the "
                 "input file.\n";
    return ExitInternalError;
  } catch (const std::exception &e) {
    std::cerr << "llcc: internal compiler error: " << e.what() << "\n";
    return ExitInternalError;
  }
}
