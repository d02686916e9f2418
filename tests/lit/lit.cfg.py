# lit.cfg.py - configuration of llcc's lit + FileCheck tests.
#
# Each .flt file under tests/lit holds its own RUN lines: llcc's dumps
# (--emit tokens|ast|typed-ast|llvm|asm) and diagnostics are checked with
# FileCheck. `%llcc` is the compiler under test; `not` and `FileCheck`
# come from Debian's llvm-19-tools.
import os

import lit.formats

config.name = "llcc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".flt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.llcc_build_dir, "tests", "lit")

llvm_bin = "/usr/lib/llvm-19/bin"
config.environment["PATH"] = os.pathsep.join([llvm_bin, config.environment.get("PATH", "")])
config.substitutions.append(("%llcc", config.llcc_path))
config.excludes = ["Inputs"]
