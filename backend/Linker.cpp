//===- Linker.cpp - In-process shared-object linking with LLD -------------===//
//
// Links the emitted object into a position-independent shared object by
// calling LLD's ELF driver inside this process, so llcc needs no system
// linker or C toolchain. LLD only reads inputs from files, so the object and
// the version script go to anonymous in-memory files (memfd_create, read
// back through /proc/self/fd), falling back to temporary files beside the
// output; the output itself is linked under a temporary name and renamed
// into place only on success. LLD runs single-threaded: for a module of a
// few functions, starting its thread pool costs more than it saves.
//
// One subtlety: a filter may be exported under the name of a libm function
// that the module also calls (a filter named `exp` that calls math.exp).
// A plain --defsym=exp=llcc.export.exp would bind the module's own call to
// `exp` to the filter itself, which then recurses forever. So the call is
// bound to libm's versioned symbol instead (`exp@GLIBC_2.29`, renamed in
// the object before linking), and the exports get a version node of their
// own, which stops the dynamic loader from satisfying that versioned
// reference with our unversioned definition.
//
//===----------------------------------------------------------------------===//
#include "Backend.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ObjCopy/CommonConfig.h"
#include "llvm/ObjCopy/ELF/ELFConfig.h"
#include "llvm/ObjCopy/ELF/ELFObjcopy.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <sys/mman.h>
#include <unistd.h>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace llcc {

namespace {

/// Where Debian, Fedora and friends keep the C math library.
const char *const libmCandidates[] = {
    "/lib/x86_64-linux-gnu/libm.so.6",
    "/usr/lib/x86_64-linux-gnu/libm.so.6",
    "/lib64/libm.so.6",
    "/usr/lib64/libm.so.6",
};

/// The version node every exported symbol gets; see the file comment.
const char versionScript[] = "LLCC_1.0 { global: *; };\n";

const std::string &findLibm() {
  static const std::string path = [] {
    for (const char *candidate : libmCandidates)
      if (::access(candidate, R_OK) == 0)
        return std::string(candidate);
    return std::string();
  }();
  return path;
}

/// Maps each function libm defines to its default version ("exp" to
/// "GLIBC_2.29"). Read once, and only when an export name collides.
const StringMap<std::string> &libmDefaultVersions() {
  static const StringMap<std::string> versions = [] {
    StringMap<std::string> result;
    const std::string &libm = findLibm();
    if (libm.empty())
      return result;
    auto buffer = MemoryBuffer::getFile(libm);
    if (!buffer)
      return result;
    auto file = object::ObjectFile::createObjectFile((*buffer)->getMemBufferRef());
    if (!file) {
      consumeError(file.takeError());
      return result;
    }
    auto *elf = dyn_cast<object::ELFObjectFileBase>(file->get());
    if (!elf)
      return result;
    auto entries = elf->readDynsymVersions();
    if (!entries) {
      consumeError(entries.takeError());
      return result;
    }
    size_t index = 0;
    for (const object::ELFSymbolRef &symbol : elf->getDynamicSymbolIterators()) {
      if (index >= entries->size())
        break;
      const object::VersionEntry &version = (*entries)[index++];
      Expected<uint32_t> flags = symbol.getFlags();
      Expected<StringRef> name = symbol.getName();
      if (!flags || !name) {
        consumeError(flags.takeError());
        consumeError(name.takeError());
        continue;
      }
      // IsVerDef marks the default ("@@") version of a definition.
      if (!(*flags & object::SymbolRef::SF_Undefined) && version.IsVerDef && !version.Name.empty())
        result[*name] = version.Name;
    }
    return result;
  }();
  return versions;
}

/// Renames the object's undefined references to exported names to libm's
/// versioned names. Returns the object to link, or an error.
Expected<std::string> bindCollidingCalls(const std::string &object,
                                         const std::vector<SymbolAlias> &aliases) {
  if (aliases.empty())
    return object;
  auto file = object::ObjectFile::createObjectFile(MemoryBufferRef(object, "llcc.o"));
  if (!file)
    return file.takeError();
  auto *elf = dyn_cast<object::ELFObjectFileBase>(file->get());
  if (!elf)
    return createStringError(inconvertibleErrorCode(), "the object is not ELF");

  StringMap<bool> undefined;
  for (const object::SymbolRef &symbol : elf->symbols()) {
    Expected<uint32_t> flags = symbol.getFlags();
    Expected<StringRef> name = symbol.getName();
    if (!flags || !name) {
      consumeError(flags.takeError());
      consumeError(name.takeError());
      continue;
    }
    if (*flags & object::SymbolRef::SF_Undefined)
      undefined[*name] = true;
  }

  std::vector<std::string> versionedNames;
  versionedNames.reserve(aliases.size());
  objcopy::CommonConfig config;
  for (const SymbolAlias &alias : aliases) {
    if (!undefined.count(alias.exported))
      continue;
    auto version = libmDefaultVersions().find(alias.exported);
    if (version == libmDefaultVersions().end())
      return createStringError(inconvertibleErrorCode(),
                               "cannot export '%s' while the code also calls an external '%s': "
                               "no versioned '%s' was found in libm",
                               alias.exported.c_str(), alias.exported.c_str(),
                               alias.exported.c_str());
    versionedNames.push_back(alias.exported + "@" + version->second);
    config.SymbolsToRename[alias.exported] = versionedNames.back();
  }
  if (versionedNames.empty())
    return object;

  std::string rewritten;
  raw_string_ostream out(rewritten);
  objcopy::ELFConfig elfConfig;
  if (Error err = objcopy::elf::executeObjcopyOnBinary(config, elfConfig, *elf, out))
    return Expected<std::string>(std::move(err));
  out.flush();
  return rewritten;
}

/// C library functions generated code may call that are not in libm. An
/// object whose strong undefined symbols are all in this list (or that has
/// none) does not need libm, and LLD need not read it: parsing libm's
/// symbol table is about a millisecond, half of a small link.
bool needsLibm(const std::string &object) {
  static const char *const libcOnly[] = {"free",    "malloc", "calloc",         "realloc",
                                         "memcpy",  "memmove", "memset",        "abort",
                                         "__tls_get_addr", "_GLOBAL_OFFSET_TABLE_"};
  auto file = object::ObjectFile::createObjectFile(MemoryBufferRef(object, "llcc.o"));
  if (!file) {
    consumeError(file.takeError());
    return true;
  }
  for (const object::SymbolRef &symbol : (*file)->symbols()) {
    Expected<uint32_t> flags = symbol.getFlags();
    if (!flags) {
      consumeError(flags.takeError());
      return true;
    }
    if (!(*flags & object::SymbolRef::SF_Undefined) || (*flags & object::SymbolRef::SF_Weak))
      continue;
    Expected<StringRef> name = symbol.getName();
    if (!name) {
      consumeError(name.takeError());
      return true;
    }
    if (name->empty())
      continue;
    bool known = false;
    for (const char *libc : libcOnly)
      known |= *name == libc;
    if (!known)
      return true;
  }
  return false;
}

/// Deletes the temporary files and closes the in-memory files it holds
/// (unless a path was released).
struct TempFiles {
  std::vector<std::string> paths;
  std::vector<int> fds;
  ~TempFiles() {
    for (const std::string &path : paths)
      ::unlink(path.c_str());
    for (int fd : fds)
      ::close(fd);
  }
};

bool writeAll(int fd, const std::string &data, int &err) {
  const char *p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      err = errno;
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

/// Creates a temporary file "<dir>/.<name>.<tag>.XXXXXX" and fills it.
bool makeTemp(const std::string &dir, const std::string &name, const char *tag,
              const std::string &data, TempFiles &temps, std::string &path, int &err) {
  path = dir + "/." + name + "." + tag + ".XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    err = errno;
    return false;
  }
  temps.paths.push_back(path);
  if (!writeAll(fd, data, err)) {
    ::close(fd);
    return false;
  }
  if (::close(fd) != 0) {
    err = errno;
    return false;
  }
  return true;
}

/// Puts a linker input in an anonymous in-memory file and returns a path
/// LLD can open, "/proc/self/fd/N"; nothing touches the file system. Falls
/// back to a temporary file beside the output where memfd_create or /proc
/// is not available.
bool makeInput(const std::string &dir, const std::string &name, const char *tag,
               const std::string &data, TempFiles &temps, std::string &path, int &err) {
#ifdef MFD_CLOEXEC
  int fd = ::memfd_create(tag, MFD_CLOEXEC);
  if (fd >= 0) {
    temps.fds.push_back(fd);
    path = "/proc/self/fd/" + std::to_string(fd);
    if (writeAll(fd, data, err) && ::access(path.c_str(), R_OK) == 0)
      return true;
    ::close(fd);
    temps.fds.pop_back();
  }
#endif
  return makeTemp(dir, name, tag, data, temps, path, err);
}

/// LLD keeps global state, so links are serialised; and if it ever reports
/// that it cannot run again (after a crash it recovered from), later links
/// fail cleanly instead of touching corrupted state.
std::mutex lldMutex;
bool lldUnusable = false;

} // namespace

bool linkSharedObject(const std::string &object, const std::string &outPath,
                      const std::vector<SymbolAlias> &aliases, std::string &error) {
  std::lock_guard<std::mutex> lock(lldMutex);
  if (lldUnusable) {
    error = "the in-process linker cannot run again after an earlier crash";
    return false;
  }

  // LLD reads anything that is not an object as a linker script, which
  // gives a baffling message about a temporary file; say what is wrong.
  if (object.compare(0, 4,
                     "\x7f"
                     "ELF") != 0) {
    error = "cannot link '" + outPath + "': the input is not an ELF object";
    return false;
  }

  Expected<std::string> input = bindCollidingCalls(object, aliases);
  if (!input) {
    error = toString(input.takeError());
    return false;
  }

  size_t slash = outPath.rfind('/');
  std::string dir = slash == std::string::npos ? "." : outPath.substr(0, slash);
  std::string name = slash == std::string::npos ? outPath : outPath.substr(slash + 1);

  // Every temporary goes in the output's folder: the final rename must not
  // cross file systems, and a folder we cannot write is reported here, by
  // the output's name, before LLD runs.
  TempFiles temps;
  std::string objectPath, scriptPath, linkedPath;
  int err = 0;
  if (!makeInput(dir, name, "o", *input, temps, objectPath, err) ||
      !makeInput(dir, name, "ver", versionScript, temps, scriptPath, err) ||
      !makeTemp(dir, name, "tmp", "", temps, linkedPath, err)) {
    error = "cannot write '" + outPath + "': " + std::strerror(err);
    return false;
  }

  // The name before '=' is taken verbatim, but the target is parsed as a
  // linker-script expression, whose tokens are ASCII words: a Unicode name
  // (`llcc.export.größe`) must be a quoted symbol name there.
  std::vector<std::string> defsyms;
  for (const SymbolAlias &alias : aliases)
    defsyms.push_back("--defsym=" + alias.exported + "=\"" + alias.defined + "\"");
  std::string scriptArg = "--version-script=" + scriptPath;

  std::vector<const char *> args = {"ld.lld",
                                    "--threads=1",
                                    "-shared",
                                    "--hash-style=both",
                                    "--build-id",
                                    "--eh-frame-hdr",
                                    "-z",
                                    "noexecstack",
                                    "-z",
                                    "relro",
                                    "-z",
                                    "now",
                                    scriptArg.c_str(),
                                    "-o",
                                    linkedPath.c_str()};
  for (const std::string &defsym : defsyms)
    args.push_back(defsym.c_str());
  args.push_back(objectPath.c_str());
  // Generated code calls libm (exp, log, sin, ...): record the dependency
  // so the loader finds them even in a process that has not loaded libm.
  // (--as-needed would drop it anyway for an object that calls none.)
  if (needsLibm(*input) && !findLibm().empty()) {
    args.push_back("--as-needed");
    args.push_back(findLibm().c_str());
  }

  std::string messages;
  raw_string_ostream diagnostics(messages);
  lld::Result result = lld::lldMain(args, diagnostics, diagnostics, {{lld::Gnu, &lld::elf::link}});
  diagnostics.flush();
  if (!result.canRunAgain)
    lldUnusable = true;
  if (result.retCode != 0) {
    while (!messages.empty() && messages.back() == '\n')
      messages.pop_back();
    error = "linking '" + outPath + "' failed" + (messages.empty() ? "" : ":\n" + messages);
    return false;
  }

  if (::rename(linkedPath.c_str(), outPath.c_str()) != 0) {
    error = "cannot write '" + outPath + "': " + std::strerror(errno);
    return false;
  }
  temps.paths.pop_back(); // renamed into place: no longer ours to delete
  return true;
}

} // namespace llcc
