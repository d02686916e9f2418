//===- CApi.cpp - The compile library's C API ------------------------------===//
//
// llcc_compile runs the same pipeline as the llcc executable (cli/Pipeline)
// on program text held in memory and returns what the executable would
// print or write: the status, the diagnostics, the shared object (its bytes,
// or written to the "output" path) and the manifest. Options arrive as a
// small JSON object so the ABI stays stable when options are added.
//
// A process-wide mutex serialises compilations: the ANTLR 4.9 runtime's
// parser caches and LLD's driver state are global, and a Python session
// compiles one program at a time anyway.
//
//===----------------------------------------------------------------------===//
#include "llcc.h"

#include "Abi.h"
#include "Diagnostics.h"
#include "Pipeline.h"

#include <llvm/Support/JSON.h>
#include <llvm/Target/TargetMachine.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <sstream>
#include <string>
#include <unistd.h>

struct llcc_result {
  int status = LLCC_INTERNAL_ERROR;
  std::string diagnostics;
  std::string library;
  std::string manifest;
  bool hasLibrary = false;
};

namespace {

std::mutex compileMutex;

/// One TargetMachine per (CPU, level), made on first use and kept: creating
/// one costs about a millisecond (subtarget feature tables), a tenth of a
/// warm compile. With it, its object emitter: setting up the code
/// generator's pass pipeline is another tenth. Guarded by compileMutex, like
/// every use of them.
struct CachedTarget {
  std::unique_ptr<llvm::TargetMachine> tm;
  std::unique_ptr<llcc::ObjectEmitter> emitter;
};

CachedTarget *cachedTarget(const llcc::BackendOptions &backend, std::string &error) {
  static std::map<std::pair<std::string, unsigned>, CachedTarget> cache;
  auto key = std::make_pair(backend.cpu, backend.optLevel);
  auto it = cache.find(key);
  if (it != cache.end()) {
    if (!it->second.emitter)
      it->second.emitter = std::make_unique<llcc::ObjectEmitter>(*it->second.tm);
    return &it->second;
  }
  std::unique_ptr<llvm::TargetMachine> tm = llcc::createTargetMachine(backend, error);
  if (!tm)
    return nullptr;
  CachedTarget &entry = cache[key];
  entry.emitter = std::make_unique<llcc::ObjectEmitter>(*tm);
  entry.tm = std::move(tm);
  return &entry;
}

/// Reads the options object into `opts`; a mistake is a usage error.
bool parseOptions(const char *json, llcc::PipelineOptions &opts, bool &toBytes,
                  std::string &error) {
  toBytes = true;
  if (!json || !*json)
    return true;
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(json);
  if (!value) {
    error = "options are not valid JSON: " + llvm::toString(value.takeError());
    return false;
  }
  const llvm::json::Object *object = value->getAsObject();
  if (!object) {
    error = "options must be a JSON object";
    return false;
  }
  for (const auto &entry : *object) {
    llvm::StringRef key = entry.first;
    const llvm::json::Value &v = entry.second;
    if (key == "opt_level") {
      std::optional<int64_t> level = v.getAsInteger();
      if (!level || *level < 0 || *level > 3) {
        error = "opt_level must be 0, 1, 2 or 3";
        return false;
      }
      opts.backend.optLevel = static_cast<unsigned>(*level);
    } else if (key == "cpu") {
      std::optional<llvm::StringRef> cpu = v.getAsString();
      if (!cpu || cpu->empty()) {
        error = "cpu must be a CPU name such as \"native\" or \"generic\"";
        return false;
      }
      opts.backend.cpu = cpu->str();
    } else if (key == "image_kernels") {
      std::optional<bool> on = v.getAsBoolean();
      if (!on) {
        error = "image_kernels must be true or false";
        return false;
      }
      opts.imageKernels = *on;
    } else if (key == "image_kernel_types") {
      // Element types to build image kernels for; implies image_kernels.
      const llvm::json::Array *names = v.getAsArray();
      if (!names || names->empty()) {
        error = "image_kernel_types must be a list of element type names";
        return false;
      }
      std::vector<std::string> types;
      for (const llvm::json::Value &name : *names) {
        std::optional<llvm::StringRef> text = name.getAsString();
        if (!text || !llcc::findElementType(text->str())) {
          error = "image_kernel_types: unknown element type (float64, float32, uint8, int8, "
                  "uint16, int16, uint32, int32, uint64, int64)";
          return false;
        }
        types.push_back(text->str());
      }
      opts.imageKernels = true;
      opts.imageKernelTypes = types;
    } else if (key == "output") {
      std::optional<llvm::StringRef> path = v.getAsString();
      if (!path || path->empty()) {
        error = "output must be a path";
        return false;
      }
      opts.outputPath = path->str();
      toBytes = false;
    } else {
      error = "unknown option '" + key.str() +
              "' (known: opt_level, cpu, image_kernels, image_kernel_types, output)";
      return false;
    }
  }
  return true;
}

/// Reads the linked library back in one read of its size (copying it
/// through stream iterators, a byte at a time, was 1% of a warm compile).
bool readFile(const std::string &path, std::string &data) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    return false;
  std::streamoff size = in.tellg();
  if (size < 0 || !in.seekg(0))
    return false;
  data.resize(static_cast<size_t>(size));
  return size == 0 || static_cast<bool>(in.read(data.data(), size));
}

/// A private temporary folder for the linked library, removed on exit.
struct TempDir {
  std::string path;
  TempDir() {
    const char *base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/llcc-XXXXXX";
    if (::mkdtemp(pattern.data()))
      path = pattern;
  }
  ~TempDir() {
    if (!path.empty()) {
      ::unlink((path + "/out.so").c_str());
      ::rmdir(path.c_str());
    }
  }
};

void compileInto(llcc_result &result, const char *source, const char *filename,
                 const char *options) {
  llcc::PipelineOptions opts;
  bool toBytes = true;
  std::string error;
  if (!parseOptions(options, opts, toBytes, error)) {
    result.status = LLCC_USAGE_ERROR;
    result.diagnostics = "llcc: error: " + error + "\n";
    return;
  }
  TempDir temp;
  if (toBytes) {
    if (temp.path.empty()) {
      result.status = LLCC_USAGE_ERROR;
      result.diagnostics = std::string("llcc: error: cannot create a temporary folder: ") +
                           std::strerror(errno) + "\n";
      return;
    }
    opts.outputPath = temp.path + "/out.so";
  }
  opts.manifest = &result.manifest;
  llcc::SourceFile file(filename && *filename ? filename : "source.flt", source ? source : "");
  std::ostringstream diag;
  std::lock_guard<std::mutex> lock(compileMutex);
  CachedTarget *target = nullptr;
  try {
    std::string tmError;
    target = cachedTarget(opts.backend, tmError);
    if (!target) {
      result.status = LLCC_USAGE_ERROR;
      result.diagnostics = "llcc: error: " + tmError + "\n";
      return;
    }
    opts.targetMachine = target->tm.get();
    opts.objectEmitter = target->emitter.get();
    result.status = llcc::runPipeline(file, opts, diag);
  } catch (const llcc::InternalError &e) {
    diag << "llcc: internal compiler error: " << e.what()
         << "\nThis is a bug in llcc, not in your program; please report it with the "
            "input file.\n";
    result.status = LLCC_INTERNAL_ERROR;
  } catch (const std::exception &e) {
    // Out of memory, say, possibly inside code generation: the next
    // compilation sets up a fresh code-generation pipeline.
    if (target)
      target->emitter.reset();
    diag << "llcc: internal compiler error: " << e.what() << "\n";
    result.status = LLCC_INTERNAL_ERROR;
  }
  result.diagnostics = diag.str();
  if (result.status != LLCC_OK) {
    result.manifest.clear();
    return;
  }
  if (toBytes) {
    if (!readFile(opts.outputPath, result.library)) {
      result.status = LLCC_USAGE_ERROR;
      result.diagnostics += "llcc: error: cannot read back the linked library\n";
      return;
    }
    result.hasLibrary = true;
  }
}

} // namespace

extern "C" {

__attribute__((visibility("default"))) int llcc_compile(const char *source, const char *filename,
                                                        const char *options_json,
                                                        llcc_result **out) {
  llcc_result *result = new (std::nothrow) llcc_result;
  if (!result) {
    if (out)
      *out = nullptr;
    return LLCC_INTERNAL_ERROR;
  }
  try {
    compileInto(*result, source, filename, options_json);
  } catch (const std::exception &e) { // std::bad_alloc and the like
    result->status = LLCC_INTERNAL_ERROR;
    result->diagnostics = std::string("llcc: internal compiler error: ") + e.what() + "\n";
  }
  int status = result->status;
  if (out)
    *out = result;
  else
    delete result;
  return status;
}

__attribute__((visibility("default"))) int llcc_result_status(const llcc_result *result) {
  return result ? result->status : LLCC_INTERNAL_ERROR;
}

__attribute__((visibility("default"))) const char *
llcc_result_diagnostics(const llcc_result *result) {
  return result ? result->diagnostics.c_str() : "";
}

__attribute__((visibility("default"))) const unsigned char *
llcc_result_library(const llcc_result *result, size_t *size) {
  if (!result || !result->hasLibrary) {
    if (size)
      *size = 0;
    return nullptr;
  }
  if (size)
    *size = result->library.size();
  return reinterpret_cast<const unsigned char *>(result->library.data());
}

__attribute__((visibility("default"))) const char *llcc_result_manifest(const llcc_result *result) {
  return result ? result->manifest.c_str() : "";
}

__attribute__((visibility("default"))) void llcc_result_free(llcc_result *result) { delete result; }

__attribute__((visibility("default"))) const char *llcc_version(void) {
  return "llcc " LLCC_VERSION " (LLVM 19)";
}

} // extern "C"
