//===- Manifest.cpp - The self-description of a compiled library -----------===//
//
// Every shared object carries a JSON manifest, readable without running any
// of its code: the exported data symbol `llcc_manifest`, placed in its own
// ELF section `.llcc.manifest` so that `llcc --describe` and other tools
// can find it by section name. For each exported function it records the
// name, kind, SciPy signature string, the user parameters (name, type,
// default; their order is the user_data slot order) and, for integrands,
// quad's positional arguments. Non-finite defaults use the spellings
// Python's json module reads (Infinity, -Infinity, NaN).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Library.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace llcc {

namespace {

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

/// Python's repr of a finite float: the fewest digits that read back to
/// the same double, in fixed notation for exponents -4..15 (`0.0001`,
/// `1000000000000000.0`) and scientific otherwise (`2e-06`, `1e+16`).
std::string pythonRepr(double x) {
  char buf[64];
  int digits = 1;
  for (; digits < 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
    if (std::strtod(buf, nullptr) == x)
      break;
  }
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
  int exponent = std::atoi(std::strchr(buf, 'e') + 1);
  if (exponent < -4 || exponent >= 16)
    return buf;
  std::snprintf(buf, sizeof buf, "%.*f", std::max(digits - 1 - exponent, 1), x);
  return buf;
}

std::string jsonValue(const ConstValue &v) {
  switch (v.type) {
  case Type::Bool:
    return v.i ? "true" : "false";
  case Type::Int:
    return std::to_string(v.i);
  case Type::Float: {
    if (std::isnan(v.f))
      return "NaN";
    if (std::isinf(v.f))
      return v.f > 0 ? "Infinity" : "-Infinity";
    return pythonRepr(v.f);
  }
  case Type::Str:
    return jsonString(v.s);
  default:
    return "null"; // None
  }
}

const char *signatureOf(FunctionKind kind) {
  switch (kind) {
  case FunctionKind::Filter:
    return "int (double *, intptr_t, double *, void *)";
  case FunctionKind::Filter1D:
    return "int (double *, intptr_t, double *, intptr_t, void *)";
  case FunctionKind::Transform:
    return "int (intptr_t *, double *, int, int, void *)";
  case FunctionKind::Integrand:
    return "double (int, double *, void *)";
  case FunctionKind::Helper:
    break;
  }
  return "";
}

} // namespace

void IRGen::emitManifest() {
  std::string json = "{\n  \"llcc_version\": " + jsonString(LLCC_VERSION) +
                     ",\n  \"source\": " + jsonString(file_.path()) + ",\n  \"functions\": [";
  bool firstFn = true;
  for (auto &fnPtr : ast_.functions) {
    const FunctionDef &fn = *fnPtr;
    if (fn.fkind == FunctionKind::Helper)
      continue;
    json += firstFn ? "\n" : ",\n";
    firstFn = false;
    json += "    {\"name\": " + jsonString(fn.name) + ", \"kind\": \"" +
            functionKindName(fn.fkind) + "\"";
    if (fn.fkind == FunctionKind::Transform)
      json += std::string(", \"form\": \"") + (fn.transformWrites ? "write" : "return") + "\"";
    json += ", \"signature\": " + jsonString(signatureOf(fn.fkind));
    if (fn.fkind == FunctionKind::Filter && imageKernels_)
      json += ", \"image\": " + jsonString("llcc_image_" + fn.name);
    if (fn.fkind == FunctionKind::Integrand) {
      json += ", \"args\": [";
      for (size_t i = 0; i < fn.params.size(); ++i) {
        json += (i ? ", " : "") + std::string("{\"name\": ") + jsonString(fn.params[i].name) +
                ", \"type\": \"float\", \"default\": " +
                (fn.params[i].defaultValue ? jsonValue(fn.params[i].defaultConst) : "null") + "}";
      }
      json += "]";
    }
    json += ", \"params\": [";
    bool firstParam = true;
    for (size_t i = 0; i < fn.params.size(); ++i) {
      if (!fn.locals[i].userParam)
        continue;
      // A parameter whose default is None has its value's type and
      // "nullable": its None flag is an extra slot after all the values.
      bool nullable = fn.locals[i].mayBeNone;
      json += (firstParam ? "" : ", ") + std::string("{\"name\": ") +
              jsonString(fn.params[i].name) + ", \"type\": \"" +
              typeName(nullable ? fn.locals[i].type : fn.params[i].defaultConst.type) +
              "\", \"default\": " + jsonValue(fn.params[i].defaultConst) +
              (nullable ? ", \"nullable\": true" : "") + "}";
      firstParam = false;
    }
    json += "]}";
  }
  json += "\n  ]\n}\n";
  llvm::Constant *data = llvm::ConstantDataArray::getString(ctx_, json, true);
  auto *g = new llvm::GlobalVariable(*mod_, data->getType(), true,
                                     llvm::GlobalValue::ExternalLinkage, data, "llcc_manifest");
  g->setSection(".llcc.manifest");
  g->setAlignment(llvm::Align(1));
}

} // namespace llcc
