//===- IRGenQuantileMethod.cpp - numpy's quantile methods ------------------===//
//
// The virtual index and gamma of numpy 1.24's quantile methods
// (function_base.py _QuantileMethods, _compute_virtual_index,
// _discret_interpolation_to_boundaries, _get_gamma), each written with
// numpy's operations in numpy's order so that the index, and so the value
// picked and the interpolation weight, are numpy's bit for bit. The
// methods are numbered as the "numpy.percentile" "method" choices in
// frontend/BuiltinsLibrary.cpp; 'linear' (0) stays numpyLerp's own.
//
//===----------------------------------------------------------------------===//
#include "IRGenImpl.h"

#include "Diagnostics.h"

namespace llcc {

namespace {
enum QuantileMethod {
  Linear,
  Lower,
  Higher,
  Nearest,
  Midpoint,
  InvertedCdf,
  AveragedInvertedCdf,
  ClosestObservation,
  InterpolatedInvertedCdf,
  Hazen,
  Weibull,
  MedianUnbiased,
  NormalUnbiased,
};
} // namespace

llvm::Value *IRGen::quantileVirtualIndex(llvm::Value *count, llvm::Value *q, int method) {
  llvm::Type *dbl = b_.getDoubleTy();
  llvm::Type *intp = b_.getInt64Ty();
  auto floor = [&](llvm::Value *x) { return b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, x); };
  llvm::Value *n = b_.CreateSIToFP(count, dbl);
  // (n - 1) * quantiles: the int n - 1 times the float64 q.
  llvm::Value *linear = b_.CreateFMul(b_.CreateSIToFP(b_.CreateSub(count, i64(1)), dbl), q);
  // n * quantiles + (alpha + quantiles * (1 - alpha - beta)) - 1, the
  // constants folded in Python's order ((1 - alpha) - beta).
  auto hyndmanFan = [&](double alpha, double beta) {
    double slope = (1.0 - alpha) - beta;
    llvm::Value *shift = b_.CreateFAdd(f64(alpha), b_.CreateFMul(q, f64(slope)));
    return b_.CreateFSub(b_.CreateFAdd(b_.CreateFMul(n, q), shift), f64(1.0));
  };
  // _discret_interpolation_to_boundaries: previous where the condition
  // holds, else previous + 1, as intp, negative ones clipped to 0.
  auto boundary = [&](llvm::Value *index, bool closest) {
    llvm::Value *previous = floor(index);
    llvm::Value *gamma = b_.CreateFSub(index, previous);
    llvm::Value *cond = b_.CreateFCmpOEQ(gamma, f64(0.0));
    if (closest) // (gamma == 0) & (np.floor(index) % 2 == 0)
      cond = b_.CreateAnd(cond, b_.CreateFCmpOEQ(b_.CreateFRem(previous, f64(2.0)), f64(0.0)));
    llvm::Value *res =
        b_.CreateFPToSI(b_.CreateSelect(cond, previous, b_.CreateFAdd(previous, f64(1.0))), intp);
    return b_.CreateSelect(b_.CreateICmpSLT(res, i64(0)), i64(0), res);
  };
  switch (method) {
  case Linear:
    return linear;
  case Lower:
    return b_.CreateFPToSI(floor(linear), intp);
  case Higher:
    return b_.CreateFPToSI(b_.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, linear), intp);
  case Nearest: // np.around: halves to even
    return b_.CreateFPToSI(b_.CreateUnaryIntrinsic(llvm::Intrinsic::rint, linear), intp);
  case Midpoint:
    return b_.CreateFMul(
        f64(0.5),
        b_.CreateFAdd(floor(linear), b_.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, linear)));
  case InvertedCdf:
    return boundary(b_.CreateFSub(b_.CreateFMul(n, q), f64(1.0)), false);
  case AveragedInvertedCdf:
    return b_.CreateFSub(b_.CreateFMul(n, q), f64(1.0));
  case ClosestObservation:
    return boundary(b_.CreateFSub(b_.CreateFSub(b_.CreateFMul(n, q), f64(1.0)), f64(0.5)), true);
  case InterpolatedInvertedCdf:
    return hyndmanFan(0.0, 1.0);
  case Hazen:
    return hyndmanFan(0.5, 0.5);
  case Weibull:
    return hyndmanFan(0.0, 0.0);
  case MedianUnbiased:
    return hyndmanFan(1 / 3.0, 1 / 3.0);
  case NormalUnbiased:
    return hyndmanFan(3 / 8.0, 3 / 8.0);
  default:
    throw InternalError("unknown quantile method");
  }
}

llvm::Value *IRGen::quantileGamma(llvm::Value *vi, llvm::Value *gamma, int method) {
  if (method == Midpoint) // 0 where index % 1 == 0, else 0.5
    return b_.CreateSelect(b_.CreateFCmpOEQ(b_.CreateFRem(vi, f64(1.0)), f64(0.0)), f64(0.0),
                           f64(0.5));
  if (method == AveragedInvertedCdf) // 0.5 where gamma == 0, else 1
    return b_.CreateSelect(b_.CreateFCmpOEQ(gamma, f64(0.0)), f64(0.5), f64(1.0));
  return gamma;
}

} // namespace llcc
