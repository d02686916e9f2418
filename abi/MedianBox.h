//===- MedianBox.h - The 5x5 median kernel with shared column sorts -------===//
//
// See MedianBox.cpp. ImageKernel.cpp asks whether a filter is a window's
// median (isWindowMedian), makes the scratch once per call and, for a row
// whose footprint table is a 5x5 box, emits the run with MedianBoxRun.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/IR/IRBuilder.h"

#include <functional>

namespace llcc {

class FunctionDef;
class IRGen;

/// Whether `fn`'s body is `return np.median(W)` of its window parameter W
/// (after any docstring), the one body the shared-sort run computes.
bool isWindowMedian(const FunctionDef &fn);

/// The per-call scratch of the run: five rows of sorted column values and
/// a NaN flag per column, for one block of pixels; `ok` is false when an
/// allocation failed (the row then takes the ordinary run).
struct MedianBoxScratch {
  llvm::Value *sorted[5];
  llvm::Value *nan;
  llvm::Value *ok;
};

class MedianBoxRun {
public:
  using LoadInput = std::function<llvm::Value *(llvm::Value *base, llvm::Value *index)>;
  MedianBoxRun(IRGen &g, LoadInput loadInput) : g(g), loadInput(std::move(loadInput)) {}
  /// Allocates the scratch (malloc).
  MedianBoxScratch allocate();
  /// Frees it (free of a null pointer is harmless).
  void release(const MedianBoxScratch &s);
  /// The median of every 5x5 window of the interior pixels [xlo, xhi) of
  /// a row, read from `rowIn` (a pointer to the row's element at x = 0)
  /// through `table` (25 element offsets, rows of 5 consecutive elements:
  /// checked by the caller) and stored at `rowOut` (doubles), both rows of
  /// unit stride.
  void emit(const MedianBoxScratch &s, llvm::Value *xlo, llvm::Value *xhi, llvm::Value *table,
            llvm::Value *rowIn, llvm::Value *rowOut);

private:
  /// The run as a function of its own (made on first use).
  llvm::Function *function();
  llvm::Function *run_ = nullptr;
  /// Pixels xlo..xlo+n-1 of the row (n >= 1).
  void block(const MedianBoxScratch &s, llvm::Value *xlo, llvm::Value *n, llvm::Value *table,
             llvm::Value *rowIn, llvm::Value *rowOut);
  IRGen &g;
  LoadInput loadInput;
};

} // namespace llcc
