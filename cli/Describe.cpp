//===- Describe.cpp - llcc --describe LIB.so -------------------------------===//
//
// Reads the manifest section with LLVM's object file reader: the library
// is parsed as a file, never loaded, so describing an untrusted .so runs
// none of its code.
//
//===----------------------------------------------------------------------===//
#include "Describe.h"

#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/Error.h>

namespace llcc {

int describeLibrary(const std::string &path, std::ostream &out, std::ostream &err) {
  auto binary = llvm::object::ObjectFile::createObjectFile(path);
  if (!binary) {
    err << "llcc: error: cannot read '" << path << "': " << llvm::toString(binary.takeError())
        << "\n";
    return 2;
  }
  for (const llvm::object::SectionRef &section : binary->getBinary()->sections()) {
    llvm::Expected<llvm::StringRef> name = section.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (*name != ".llcc.manifest")
      continue;
    llvm::Expected<llvm::StringRef> contents = section.getContents();
    if (!contents) {
      err << "llcc: error: cannot read the manifest of '" << path
          << "': " << llvm::toString(contents.takeError()) << "\n";
      return 2;
    }
    llvm::StringRef text = *contents;
    text = text.substr(0, text.find('\0'));
    out << text.str();
    return 0;
  }
  err << "llcc: error: '" << path << "' is not a library built by llcc (no .llcc.manifest)\n";
  return 2;
}

} // namespace llcc
