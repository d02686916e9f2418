//===- Manifest.cpp - The self-description of a compiled library -----------===//
//
// Every shared object carries a JSON manifest, readable without running any
// of its code: the exported data symbol `llcc_manifest`, placed in its own
// ELF section `.llcc.manifest` so that `llcc --describe` and other tools
// can find it by section name. For each exported function it records the
// name, kind, SciPy signature string, the user parameters (name, type,
// default; their order is the user_data slot order), for integrands,
// quad's positional arguments, and for a filter returning a tuple, its
// number of outputs (`outputs`). Non-finite defaults use the spellings
// Python's json module reads (Infinity, -Infinity, NaN).
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"
#include "Library.h"

#include "Abi.h"
#include "RuntimeErrors.h"

#include <llvm/Support/Base64.h>

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace llcc {

std::vector<ConstValue> tupleDefaultMembers(const Param &p); // Abi.cpp

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

/// `"name": value` pairs as a JSON object.
std::string jsonObject(const std::vector<std::pair<std::string, std::string>> &members) {
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i)
    out += (i ? ", " : "") + jsonString(members[i].first) + ": " + members[i].second;
  return out + "}";
}

/// An entry point's C arguments as [{"name", "ctype"}], and its result.
std::string jsonEntry(const KindAbi &abi) {
  std::string args = "[";
  for (size_t i = 0; i < abi.args.size(); ++i)
    args += (i ? ", " : "") + jsonObject({{"name", jsonString(abi.args[i].name)},
                                          {"ctype", jsonString(cTypeCtypes(abi.args[i].type))}});
  args += "]";
  return jsonObject({{"signature", jsonString(signatureOf(abi))},
                     {"result", jsonString(cTypeCtypes(abi.result))},
                     {"args", args},
                     {"caller", jsonString(abi.caller)},
                     {"fail", jsonString(abi.failIsNaN ? "nan" : "0")}});
}

/// The library interface Python needs and keeps no copy of: each kind's
/// entry point, the image kernel's, the boundary-mode codes, the runtime
/// error protocol (exception classes by index, the functions that read a
/// thread's last error) and the user_data layout.
std::string buildAbiJson() {
  std::vector<std::pair<std::string, std::string>> kinds;
  for (const KindAbi &abi : kindAbis())
    kinds.push_back({abi.name, jsonEntry(abi)});
  std::vector<std::pair<std::string, std::string>> elements;
  for (const ElementType &t : elementTypes())
    elements.push_back({t.name, jsonString(cTypeCtypes(t.ctype))});
  std::vector<std::pair<std::string, std::string>> modes;
  for (const ModeCode &m : boundaryModes())
    modes.push_back({m.name, std::to_string(m.code)});
  // Each class's name and, beside it, the module that defines it
  // ("builtins" for all but foreignClasses()).
  std::string classes = "[", modules = "[";
  for (size_t i = 0; i < exceptionClasses().size(); ++i) {
    const std::string &name = exceptionClasses()[i];
    const ForeignClass *foreign = foreignClass(name);
    classes += (i ? ", " : "") + jsonString(name);
    modules += (i ? ", " : "") + jsonString(foreign ? foreign->module : "builtins");
  }
  classes += "]";
  modules += "]";
  return jsonObject(
      {{"kinds", jsonObject(kinds)},
       {"image_kernel", jsonEntry(imageKernelAbi())},
       {"image_element_types", jsonObject(elements)},
       {"lines_kernel", jsonEntry(linesKernelAbi())},
       {"coords_kernel", jsonEntry(coordsKernelAbi())},
       {"modes", jsonObject(modes)},
       {"errors", jsonObject({{"classes", classes},
                              {"modules", modules},
                              {"kind", jsonString("llcc_last_error_kind")},
                              {"message", jsonString("llcc_last_error_message")},
                              {"full", jsonString("llcc_last_error")}})},
       {"user_data",
        jsonObject({{"slot_bytes", "8"},
                    {"float", jsonString("c_double")},
                    {"int", jsonString("c_int64")},
                    {"bool", jsonString("c_int64")},
                    {"str", jsonString("c_char_p")},
                    {"none", jsonString("c_double")}, // never read
                    {"nullable", jsonObject({{"slots", "2"}, {"flag", jsonString("c_int64")}})},
                    {"number", jsonObject({{"slots", "2"},
                                           {"tag", jsonString("c_int64")},
                                           {"int", "1"},
                                           {"float", "0"}})}})}});
}

} // namespace

// The tables are constants, so the text is too: built once per process
// (a tenth of IR generation's cost for a small filter when every compile
// of a Python session rebuilt it). Static initialisation is thread-safe.
const std::string &abiJson() {
  static const std::string text = buildAbiJson();
  return text;
}

namespace {

} // namespace

void IRGen::emitManifest(const LibraryOptions &options) {
  // The source travels in the library (llcc_source), so that its
  // whole-image kernels can be built later, with the same options, by a
  // library built without them.
  // Base64, so that the IR and assembly dumps never show the program's
  // own text (where tests' CHECK lines would match themselves).
  llvm::Constant *text =
      llvm::ConstantDataArray::getString(ctx_, llvm::encodeBase64(file_.text()), true);
  auto *source = new llvm::GlobalVariable(*mod_, text->getType(), true,
                                          llvm::GlobalValue::ExternalLinkage, text, "llcc_source");
  source->setSection(".llcc.source");
  source->setAlignment(llvm::Align(1));
  std::string kernelTypes = "[";
  for (size_t i = 0; i < options.imageKernelTypes.size(); ++i)
    kernelTypes += (i ? ", " : "") + jsonString(options.imageKernelTypes[i]);
  kernelTypes += "]";
  std::string build = jsonObject({{"opt_level", std::to_string(options.optLevel)},
                                  {"cpu", jsonString(options.cpu)},
                                  {"image_kernels", options.imageKernels ? "true" : "false"},
                                  {"image_kernel_types", kernelTypes},
                                  {"source_symbol", jsonString("llcc_source")},
                                  {"source_encoding", jsonString("base64")}});
  std::string json = "{\n  \"llcc_version\": " + jsonString(LLCC_VERSION) +
                     ",\n  \"source\": " + jsonString(file_.path()) +
                     ",\n  \"build\": " + build + ",\n  \"abi\": " + abiJson() +
                     ",\n  \"functions\": [";
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
    // How many coordinates a returning transform gives: null when it gives
    // one per dimension of any rank (FunctionDef::rankGeneric).
    if (fn.fkind == FunctionKind::Transform && !fn.transformWrites)
      json +=
          ", \"arity\": " + (fn.rankGeneric ? std::string("null") : std::to_string(fn.returnArity));
    json += ", \"signature\": " + jsonString(signatureOf(kindAbi(fn.fkind)));
    // A filter returning a tuple: one output per member (MultiOut.cpp);
    // absent for a filter returning one number.
    if (fn.fkind == FunctionKind::Filter && fn.returnType == Type::Tuple && fn.returnShape)
      json += ", \"outputs\": " + std::to_string(fn.returnShape->members.size());
    if (fn.fkind == FunctionKind::Transform && imageKernels_)
      json += ", \"coords\": " + jsonString(coordsKernelName(fn));
    if (fn.fkind == FunctionKind::Filter1D && imageKernels_)
      json += ", \"lines\": " + jsonString(linesKernelName(fn));
    if (fn.fkind == FunctionKind::Filter && imageKernels_) {
      std::vector<std::pair<std::string, std::string>> kernels;
      for (const std::string &name : options.imageKernelTypes)
        if (const ElementType *type = findElementType(name)) {
          kernels.push_back({type->name, jsonString(imageKernelName(fn, *type))});
          if (type->ctype == CType::Double)
            json += ", \"image\": " + jsonString(imageKernelName(fn, *type));
        }
      json += ", \"images\": " + jsonObject(kernels);
    }
    if (fn.fkind == FunctionKind::Integrand) {
      json += ", \"args\": [";
      for (size_t i = 0; i < fn.kindParams; ++i) {
        json += (i ? ", " : "") + std::string("{\"name\": ") + jsonString(fn.params[i].name) +
                ", \"type\": \"float\", \"default\": " +
                (fn.params[i].defaultValue ? jsonValue(fn.params[i].defaultConst) : "null") + "}";
      }
      json += "]";
    }
    json += ", \"params\": [";
    bool firstParam = true;
    std::vector<int> slots = userDataSlots(fn);
    for (size_t i = 0; i < fn.params.size(); ++i) {
      if (!fn.locals[i].userParam)
        continue;
      bool required = !fn.params[i].defaultValue;
      // A parameter whose default is None has its value's type, default
      // null and "nullable": its slot is the None flag, the value follows.
      bool nullable = fn.locals[i].mayBeNone;
      // A tuple of numbers: "items" gives each member's type (one slot
      // each, in order), "default" the members as a JSON array.
      std::string items, tupleDefault;
      if (fn.params[i].defaultConst.type == Type::Tuple) {
        for (const ConstValue &m : tupleDefaultMembers(fn.params[i])) {
          items += (items.empty() ? "\"" : ", \"") + std::string(typeName(m.type)) + "\"";
          tupleDefault += (tupleDefault.empty() ? "" : ", ") + jsonValue(m);
        }
        items = ", \"items\": [" + items + "]";
        tupleDefault = "[" + tupleDefault + "]";
      }
      json += (firstParam ? "" : ", ") + std::string("{\"name\": ") +
              jsonString(fn.params[i].name) + ", \"type\": \"" +
              (required                  ? "number"
               : fn.locals[i].noneOnly() ? "none"
               : nullable                ? typeName(fn.locals[i].type)
                                         : typeName(fn.params[i].defaultConst.type)) +
              "\"" + items + ", \"default\": " +
              (required                ? "null"
               : !tupleDefault.empty() ? tupleDefault
                                       : jsonValue(fn.params[i].defaultConst)) +
              ", \"required\": " + (required ? "true" : "false") +
              (nullable ? ", \"nullable\": true" : "") +
              (fn.params[i].keywordOnly ? ", \"keyword_only\": true" : "") +
              ", \"slot\": " + std::to_string(slots[i]) + "}";
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
