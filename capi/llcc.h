/*===- llcc.h - The llcc compile library's C API ----------------------------===*
 *
 * libllcc.so is the whole compiler (front end, LLVM, in-process LLD) in one
 * shared object, so that a process that compiles many programs -- a Python
 * session using llcc.compile or the decorators -- pays LLVM's start-up
 * once instead of once per `llcc` process. The Python package reaches it
 * through ctypes (python/llcc/_capi.py).
 *
 *   llcc_result *r;
 *   int status = llcc_compile(text, "fmin.flt", "{\"opt_level\": 2}", &r);
 *   size_t size; const unsigned char *so = llcc_result_library(r, &size);
 *   puts(llcc_result_diagnostics(r));
 *   llcc_result_free(r);
 *
 * Thread-safe: any thread may call any function; compilations are
 * serialised inside the library (the ANTLR runtime and LLD keep global
 * state), so concurrent callers wait for each other.
 *
 *===------------------------------------------------------------------------===*/
#ifndef LLCC_H
#define LLCC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The outcome of one compilation; free it with llcc_result_free. */
typedef struct llcc_result llcc_result;

/** Exit statuses, as the llcc executable's. */
enum {
  LLCC_OK = 0,             /**< compiled */
  LLCC_COMPILE_ERROR = 1,  /**< the program has errors (see the diagnostics) */
  LLCC_USAGE_ERROR = 2,    /**< bad options, unwritable output, ... */
  LLCC_INTERNAL_ERROR = 3  /**< a bug in llcc */
};

/**
 * Compiles the UTF-8 program `source` (NUL-terminated) named `filename` in
 * diagnostics and runtime errors (NULL: "source.flt"). `options_json` (NULL
 * or a JSON object) may hold:
 *   "opt_level"     0..3 (default 2)
 *   "cpu"           "native" (default), "generic" or an LLVM CPU name
 *   "image_kernels" true to add the whole-image entry points
 *   "image_kernel_types" a list of input element types for them, such as
 *                   ["float64", "uint8"] (implies image_kernels)
 *   "output"        a path: write the shared object there instead of
 *                   returning its bytes
 * Always sets `*out` (unless `out` is NULL) to a result to free, and
 * returns its status.
 */
int llcc_compile(const char *source, const char *filename, const char *options_json,
                 llcc_result **out);

/** The status llcc_compile returned. */
int llcc_result_status(const llcc_result *result);
/** Diagnostics text, as the executable prints them ("" when none). */
const char *llcc_result_diagnostics(const llcc_result *result);
/** The shared object's bytes (NULL when it failed or went to "output"). */
const unsigned char *llcc_result_library(const llcc_result *result, size_t *size);
/** The manifest JSON (functions, kinds, signatures), "" when it failed. */
const char *llcc_result_manifest(const llcc_result *result);
void llcc_result_free(llcc_result *result);

/** "llcc 0.1.0 (LLVM 19)", the executable's --version. */
const char *llcc_version(void);

#ifdef __cplusplus
}
#endif

#endif
