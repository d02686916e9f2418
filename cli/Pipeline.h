//===- Pipeline.h - The compilation pipeline, stage by stage ---------------===//
//
// One linear function, runPipeline, calls the stages in order: lex, parse
// (AstBuilder), analyse (Sema), generate IR, verify, optimise, verify,
// emit, link. Each --emit kind stops after its stage and prints that
// stage's output.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Backend.h"
#include "Frontend.h"
#include "SourceLocation.h"

#include <ostream>
#include <string>
#include <vector>

namespace llcc {

/// What the pipeline produces.
enum class EmitWhat { Tokens, Ast, TypedAst, Check, Llvm, Asm, Obj, So };

/// Options of one compilation.
struct PipelineOptions {
  EmitWhat emit = EmitWhat::So;
  BackendOptions backend;
  /// Output path; "-" or "" writes text outputs to standard output.
  std::string outputPath;
  /// Also emit each filter's whole-array entry point (llcc.generic_filter).
  bool imageKernels = false;
  std::vector<std::string> imageKernelTypes = {"float64"};
  /// When set, receives the library's manifest (JSON) once IR generation
  /// has produced it (the compile library returns it with the result).
  std::string *manifest = nullptr;
  /// When set, used instead of a new TargetMachine for `backend` (the
  /// compile library keeps one per CPU and level across compilations).
  llvm::TargetMachine *targetMachine = nullptr;
  /// When set (with targetMachine), emits the object code, keeping its
  /// code-generation pipeline across compilations (the compile library).
  ObjectEmitter *objectEmitter = nullptr;
  /// Which parser builds the AST (`--parser`, hidden: for the parser
  /// cross-check, tests/python/test_parsers.py).
  ParserChoice parser = ParserChoice::Auto;
};

/// Process exit statuses.
enum ExitStatus { ExitOk = 0, ExitCompileError = 1, ExitUsageError = 2, ExitInternalError = 3 };

/// Compiles `file` as `opts` say. Diagnostics go to `diag`. Returns an
/// ExitStatus.
int runPipeline(const SourceFile &file, const PipelineOptions &opts, std::ostream &diag);

} // namespace llcc
