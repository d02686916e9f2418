//===- OutputFile.cpp - Atomic output files -------------------------------===//
//
// Every output llcc writes goes to a temporary file in the destination's
// folder and is renamed into place only once it is complete. rename(2)
// within one file system is atomic, so a failed or interrupted compile
// never leaves a truncated file behind or replaces a good one, and a build
// system running in parallel never sees half a file.
//
//===----------------------------------------------------------------------===//
#include "Backend.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace llcc {

namespace {

/// The process's umask, read once: umask(2) can only be read by setting it,
/// so it is done a single time rather than racing other threads per write.
mode_t processUmask() {
  static mode_t mask;
  static std::once_flag once;
  std::call_once(once, [] {
    mask = umask(022);
    umask(mask);
  });
  return mask;
}

std::string systemError(const std::string &path, int err) {
  return "cannot write '" + path + "': " + std::strerror(err);
}

bool writeAll(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

} // namespace

bool writeFileAtomically(const std::string &path, const std::string &data, std::string &error) {
  if (path == "-") {
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() ||
        std::fflush(stdout) != 0) {
      error = std::string("cannot write to standard output: ") + std::strerror(errno);
      return false;
    }
    return true;
  }

  // The temporary must live in the destination's folder: rename(2) is only
  // atomic within one file system. A leading dot hides it from globs.
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string tmp = (dir == "/" ? "" : dir) + "/." + name + ".tmp.XXXXXX";

  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    error = systemError(path, errno);
    return false;
  }

  // mkstemp creates the file 0600; give it what a plain open(2) would, or
  // keep the mode of the file being replaced.
  struct stat existing;
  mode_t mode = ::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)
                    ? (existing.st_mode & 07777)
                    : (0666 & ~processUmask());

  int err = 0;
  if (!writeAll(fd, data.data(), data.size()) || ::fchmod(fd, mode) != 0)
    err = errno;
  if (::close(fd) != 0 && err == 0)
    err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0)
    err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    error = systemError(path, err);
    return false;
  }
  return true;
}

} // namespace llcc
