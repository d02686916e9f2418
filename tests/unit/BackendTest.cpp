//===- BackendTest.cpp - Tests for target setup, emission and linking -----===//
//
// Builds small modules by hand with IRBuilder (no front end involved),
// runs them through the back end, links real shared objects in-process,
// loads them with dlopen and calls them. Also checks that outputs are
// written atomically: a failure never creates or replaces a file.
//
//===----------------------------------------------------------------------===//
#include "Backend.h"

#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <dirent.h>
#include <dlfcn.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

namespace {

/// A fresh temporary folder, removed with its files at the end of a test.
struct TempDir {
  std::string path;
  TempDir() {
    const char *base = std::getenv("TMPDIR");
    path = std::string(base && *base ? base : "/tmp") + "/llcc-backend-XXXXXX";
    REQUIRE(::mkdtemp(path.data()) != nullptr);
  }
  ~TempDir() {
    for (const std::string &name : entries())
      ::unlink((path + "/" + name).c_str());
    ::rmdir(path.c_str());
  }
  /// Every file in the folder, hidden temporaries included.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    if (DIR *dir = ::opendir(path.c_str())) {
      while (dirent *entry = ::readdir(dir)) {
        std::string name = entry->d_name;
        if (name != "." && name != "..")
          names.push_back(name);
      }
      ::closedir(dir);
    }
    return names;
  }
};

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

/// int fsum(double *buf, intptr_t n, double *out, void *userData): SciPy's
/// generic_filter callback signature; stores the sum of the buffer.
void addFsum(Module &module) {
  LLVMContext &ctx = module.getContext();
  Type *i32 = Type::getInt32Ty(ctx);
  Type *i64 = Type::getInt64Ty(ctx);
  Type *f64 = Type::getDoubleTy(ctx);
  Type *ptr = PointerType::getUnqual(ctx);
  auto *fn = Function::Create(FunctionType::get(i32, {ptr, i64, ptr, ptr}, false),
                              Function::ExternalLinkage, "fsum", module);
  auto *entry = BasicBlock::Create(ctx, "entry", fn);
  auto *loop = BasicBlock::Create(ctx, "loop", fn);
  auto *done = BasicBlock::Create(ctx, "done", fn);
  IRBuilder<> b(entry);
  Value *buf = fn->getArg(0), *n = fn->getArg(1), *out = fn->getArg(2);
  b.CreateCondBr(b.CreateICmpSGT(n, b.getInt64(0)), loop, done);

  b.SetInsertPoint(loop);
  PHINode *i = b.CreatePHI(i64, 2);
  PHINode *acc = b.CreatePHI(f64, 2);
  i->addIncoming(b.getInt64(0), entry);
  acc->addIncoming(ConstantFP::get(f64, 0.0), entry);
  Value *x = b.CreateLoad(f64, b.CreateGEP(f64, buf, i));
  Value *sum = b.CreateFAdd(acc, x);
  Value *next = b.CreateAdd(i, b.getInt64(1));
  i->addIncoming(next, loop);
  acc->addIncoming(sum, loop);
  b.CreateCondBr(b.CreateICmpSLT(next, n), loop, done);

  b.SetInsertPoint(done);
  PHINode *result = b.CreatePHI(f64, 2);
  result->addIncoming(ConstantFP::get(f64, 0.0), entry);
  result->addIncoming(sum, loop);
  b.CreateStore(result, out);
  b.CreateRet(b.getInt32(1));
}

/// double <name>(double x) { return 2 * exp(x); } calling libm's exp.
void addTwiceExp(Module &module, const std::string &name) {
  LLVMContext &ctx = module.getContext();
  Type *f64 = Type::getDoubleTy(ctx);
  FunctionCallee exp = module.getOrInsertFunction("exp", FunctionType::get(f64, {f64}, false));
  auto *fn = Function::Create(FunctionType::get(f64, {f64}, false), Function::ExternalLinkage, name,
                              module);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
  Value *e = b.CreateCall(exp, {fn->getArg(0)});
  b.CreateRet(b.CreateFMul(e, ConstantFP::get(f64, 2.0)));
}

std::unique_ptr<TargetMachine> makeTarget(unsigned optLevel, const std::string &cpu = "native") {
  llcc::BackendOptions opts;
  opts.optLevel = optLevel;
  opts.cpu = cpu;
  std::string error;
  auto tm = llcc::createTargetMachine(opts, error);
  INFO(error);
  REQUIRE(tm);
  return tm;
}

/// Optimises and emits `module` as an object and links it to `soPath`.
void buildSharedObject(Module &module, unsigned optLevel, const std::string &soPath,
                       const std::vector<llcc::SymbolAlias> &aliases = {}) {
  REQUIRE_FALSE(verifyModule(module, &errs()));
  auto tm = makeTarget(optLevel);
  llcc::optimizeModule(module, *tm, optLevel);
  REQUIRE_FALSE(verifyModule(module, &errs()));
  std::string object, error;
  REQUIRE(llcc::emitCode(module, *tm, llcc::EmitKind::Object, object, error));
  REQUIRE(object.compare(0, 4,
                         "\x7f"
                         "ELF") == 0);
  bool linked = llcc::linkSharedObject(object, soPath, aliases, error);
  INFO(error);
  REQUIRE(linked);
}

/// An owning dlopen handle.
struct Library {
  void *handle;
  explicit Library(const std::string &path)
      : handle(::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    INFO((handle ? "" : ::dlerror()));
    REQUIRE(handle);
  }
  ~Library() {
    if (handle)
      ::dlclose(handle);
  }
  template <typename Fn> Fn *get(const char *name) {
    void *symbol = ::dlsym(handle, name);
    INFO(name);
    REQUIRE(symbol != nullptr);
    return reinterpret_cast<Fn *>(symbol);
  }
};

} // namespace

TEST_CASE("createTargetMachine accepts native, generic and named CPUs") {
  std::string error;
  llcc::BackendOptions opts;
  for (const char *cpu : {"native", "generic", "haswell"}) {
    opts.cpu = cpu;
    CAPTURE(cpu);
    auto tm = llcc::createTargetMachine(opts, error);
    REQUIRE(tm);
    CHECK(tm->isPositionIndependent());
  }
  opts.cpu = "generic";
  CHECK(llcc::createTargetMachine(opts, error)->getTargetCPU() == "x86-64");
}

TEST_CASE("createTargetMachine rejects an unknown CPU with a helpful error") {
  llcc::BackendOptions opts;
  opts.cpu = "pentium9000";
  std::string error;
  CHECK_FALSE(llcc::createTargetMachine(opts, error));
  CHECK(error.find("unknown CPU 'pentium9000'") != std::string::npos);
  CHECK(error.find("-mcpu=help") != std::string::npos);
}

TEST_CASE("optimise, emit, link and call at O0 and O2, twice in one process") {
  TempDir dir;
  for (unsigned level : {0u, 2u}) {
    CAPTURE(level);
    LLVMContext ctx;
    Module module("backend_test", ctx);
    addFsum(module);
    addTwiceExp(module, "exp_twice");

    auto tm = makeTarget(level);
    llcc::optimizeModule(module, *tm, level);
    CHECK(module.getDataLayout() == tm->createDataLayout());
    std::string assembly, error;
    REQUIRE(llcc::emitCode(module, *tm, llcc::EmitKind::Assembly, assembly, error));
    CHECK(assembly.find("fsum:") != std::string::npos);
    CHECK(assembly.find("exp_twice:") != std::string::npos);

    std::string so = dir.path + "/libtest" + std::to_string(level) + ".so";
    buildSharedObject(module, level, so);
    Library lib(so);
    auto *fsum = lib.get<int(double *, intptr_t, double *, void *)>("fsum");
    double buffer[] = {1.5, 2.5, 3.0, -1.0, 10.0};
    double out = 0;
    CHECK(fsum(buffer, 5, &out, nullptr) == 1);
    CHECK(out == doctest::Approx(16.0));
    CHECK(fsum(buffer, 0, &out, nullptr) == 1);
    CHECK(out == 0.0);
    auto *expTwice = lib.get<double(double)>("exp_twice");
    CHECK(expTwice(1.0) == doctest::Approx(2 * std::exp(1.0)));
  }
  // Only the two libraries remain: no temporaries were left behind.
  CHECK(dir.entries().size() == 2);
}

TEST_CASE("an export named like a libm function it calls still calls libm") {
  TempDir dir;
  LLVMContext ctx;
  Module module("collision", ctx);
  addTwiceExp(module, "llcc.export.exp");
  std::string so = dir.path + "/libcollide.so";
  buildSharedObject(module, 2, so, {{"exp", "llcc.export.exp"}});

  // Were the call bound to our own `exp`, this would recurse until the
  // stack overflows; bound to libm, it is twice the exponential.
  Library lib(so);
  auto *exported = lib.get<double(double)>("exp");
  CHECK(reinterpret_cast<void *>(exported) == lib.get<void>("llcc.export.exp"));
  CHECK(exported(1.0) == doctest::Approx(2 * std::exp(1.0)));
  CHECK(exported(0.5) == doctest::Approx(2 * std::exp(0.5)));

  // The test process has libm loaded globally, which would hide the bug
  // at run time; so also check that the reference is bound to a libm
  // version node, which the loader never satisfies with our definition.
  auto buffer = MemoryBuffer::getFile(so);
  REQUIRE(buffer);
  auto file = object::ObjectFile::createObjectFile((*buffer)->getMemBufferRef());
  REQUIRE(static_cast<bool>(file));
  auto *elf = dyn_cast<object::ELFObjectFileBase>(file->get());
  REQUIRE(elf);
  auto versions = elf->readDynsymVersions();
  REQUIRE(static_cast<bool>(versions));
  bool importsLibmExp = false, exportsExp = false;
  size_t index = 0;
  for (const object::ELFSymbolRef &symbol : elf->getDynamicSymbolIterators()) {
    const object::VersionEntry &version = (*versions)[index++];
    if (cantFail(symbol.getName()) != "exp")
      continue;
    if (cantFail(symbol.getFlags()) & object::SymbolRef::SF_Undefined)
      importsLibmExp = version.Name.rfind("GLIBC_", 0) == 0;
    else
      exportsExp = version.Name == "LLCC_1.0";
  }
  CHECK(importsLibmExp);
  CHECK(exportsExp);
}

TEST_CASE("writeFileAtomically writes, replaces, and fails without side effects") {
  TempDir dir;
  std::string path = dir.path + "/out.txt";
  std::string error;
  REQUIRE(llcc::writeFileAtomically(path, "first", error));
  CHECK(readFile(path) == "first");
  REQUIRE(llcc::writeFileAtomically(path, "second, longer", error));
  CHECK(readFile(path) == "second, longer");
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0600) == 0600);

  std::string missing = dir.path + "/no/such/dir/out.txt";
  CHECK_FALSE(llcc::writeFileAtomically(missing, "data", error));
  CHECK(error == "cannot write '" + missing + "': No such file or directory");
  CHECK_FALSE(exists(dir.path + "/no"));
  CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
}

TEST_CASE("a failed link leaves no files and does not replace the output") {
  TempDir dir;
  std::string so = dir.path + "/libkeep.so";
  std::string error;
  REQUIRE(llcc::writeFileAtomically(so, "previous output", error));

  CHECK_FALSE(llcc::linkSharedObject("garbage", so, {}, error));
  CHECK(error == "cannot link '" + so + "': the input is not an ELF object");

  // A valid object, but the alias names a symbol that is not defined:
  // LLD itself fails, and its diagnostics end up in `error`.
  LLVMContext ctx;
  Module module("link_failure", ctx);
  addFsum(module);
  auto tm = makeTarget(1);
  llcc::optimizeModule(module, *tm, 1);
  std::string object;
  REQUIRE(llcc::emitCode(module, *tm, llcc::EmitKind::Object, object, error));
  CHECK_FALSE(llcc::linkSharedObject(object, so, {{"alias", "no_such_symbol"}}, error));
  CHECK(error.find("linking '" + so + "' failed") == 0);
  CHECK(error.find("no_such_symbol") != std::string::npos);
  CHECK(readFile(so) == "previous output");
  CHECK(dir.entries() == std::vector<std::string>{"libkeep.so"});

  // A missing output folder is reported by the output's name.
  std::string missing = dir.path + "/out/dir/f.so";
  CHECK_FALSE(llcc::linkSharedObject(object, missing, {}, error));
  CHECK(error == "cannot write '" + missing + "': No such file or directory");
  CHECK(dir.entries() == std::vector<std::string>{"libkeep.so"});

  // The linker still works after a failure, and replaces the output.
  REQUIRE(llcc::linkSharedObject(object, so, {}, error));
  CHECK(dir.entries() == std::vector<std::string>{"libkeep.so"});
  Library lib(so);
  double buffer[] = {1, 2, 3};
  double out = 0;
  CHECK(lib.get<int(double *, intptr_t, double *, void *)>("fsum")(buffer, 3, &out, nullptr) == 1);
  CHECK(out == 6.0);
}
