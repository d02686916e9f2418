//===- BuiltinsLibrary.cpp - The numpy and math library table -------------===//
//
// numpy 1.24 and CPython 3.11 functions beyond the elementary ones: one row
// per name with its parameters as numpy or math spells them, its result
// kind and its lowering. Rows with a `library` name are calls of standard
// library functions (stdlib/*.flt) that reproduce numpy's or CPython's own
// algorithm step by step; rows with a ScalarOp are computed inline; the
// rest call the C library function numpy and CPython call.
//
//===----------------------------------------------------------------------===//
#include "BuiltinsLibrary.h"

#include <cctype>

#include <cstring>

namespace llcc {

namespace {

using R = BuiltinResult;
using Op = ScalarOp;

// name, min args, max args, result, math checks, libm, op, library, params
const BuiltinFunction Library[] = {
    // numpy elementwise functions of numbers (and of arrays, elementwise).
    {"numpy.sign", 1, 1, R::SameNumeric, false, "", Op::Sign, "", "x"},
    {"numpy.square", 1, 1, R::SameNumeric, false, "", Op::Square, "", "x"},
    {"numpy.fix", 1, 1, R::Float, false, "", Op::Fix, "", "x"},
    {"numpy.rint", 1, 1, R::Float, false, "", Op::Rint, "", "x"},
    {"numpy.round", 1, 2, R::Float, false, "", Op::Round, "", "a, decimals=0"},
    {"numpy.around", 1, 2, R::Float, false, "", Op::Round, "", "a, decimals=0"},
    {"numpy.round_", 1, 2, R::Float, false, "", Op::Round, "", "a, decimals=0"},
    {"numpy.deg2rad", 1, 1, R::Float, false, "", Op::Deg2Rad, "", "x"},
    {"numpy.radians", 1, 1, R::Float, false, "", Op::Deg2Rad, "", "x"},
    {"numpy.rad2deg", 1, 1, R::Float, false, "", Op::Rad2Deg, "", "x"},
    {"numpy.degrees", 1, 1, R::Float, false, "", Op::Rad2Deg, "", "x"},
    {"numpy.log1p", 1, 1, R::Float, false, "log1p", Op::None, "", "x"},
    {"numpy.expm1", 1, 1, R::Float, false, "expm1", Op::None, "", "x"},
    {"numpy.exp2", 1, 1, R::Float, false, "exp2", Op::None, "", "x"},
    {"numpy.float32", 1, 1, R::Float, false, "", Op::Float32, "", "x"},
    {"numpy.int64", 1, 1, R::Int, false, "", Op::Int64, "", "x"},
    {"numpy.sinc", 1, 1, R::Float, false, "", Op::Sinc, "", "x"},
    {"numpy.heaviside", 2, 2, R::Float, false, "", Op::Heaviside, "", "x1, x2"},
    // numpy's extremes (NaN propagated by maximum/minimum, ignored by
    // fmax/fmin; of ints int64s) and its log-sum-exp pair (npy_math's
    // formulas over the C library's exp, exp2 and log1p, as numpy's loops).
    {"numpy.maximum", 2, 2, R::Float, false, "", Op::Maximum, "", "x1, x2"},
    {"numpy.minimum", 2, 2, R::Float, false, "", Op::Minimum, "", "x1, x2"},
    {"numpy.fmax", 2, 2, R::Float, false, "", Op::FMax, "", "x1, x2"},
    {"numpy.fmin", 2, 2, R::Float, false, "", Op::FMin, "", "x1, x2"},
    {"numpy.logaddexp", 2, 2, R::Float, false, "", Op::LogAddExp, "", "x1, x2"},
    {"numpy.logaddexp2", 2, 2, R::Float, false, "", Op::LogAddExp2, "", "x1, x2"},
    // numpy's operator ufuncs, which Sema rewrites as the operators
    // (SemaUfuncs.cpp), and np.fmod, the C library's fmod of floats.
    {"numpy.add", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.subtract", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.multiply", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.divide", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.true_divide", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.floor_divide", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.remainder", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.mod", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.negative", 1, 1, R::Special, false, "", Op::None, "", "x"},
    {"numpy.fmod", 2, 2, R::Float, false, "fmod", Op::None, "", "x1, x2"},
    // numpy's logical and comparison ufuncs, which Sema rewrites as the
    // truths of the operands joined by &, |, ^ and the comparisons
    // (SemaUfuncs.cpp).
    {"numpy.logical_and", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.logical_or", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.logical_xor", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.logical_not", 1, 1, R::Special, false, "", Op::None, "", "x"},
    {"numpy.greater", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.greater_equal", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.less", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.less_equal", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.equal", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    {"numpy.not_equal", 2, 2, R::Special, false, "", Op::None, "", "x1, x2"},
    // The neighbours of a float: numpy's npy_spacing, the C library's
    // nextafter (numpy's and CPython's both call it) and the sign bit.
    {"numpy.signbit", 1, 1, R::Bool, false, "", Op::Signbit, "", "x"},
    {"numpy.spacing", 1, 1, R::Float, false, "", Op::Spacing, "", "x"},
    {"numpy.nextafter", 2, 2, R::Float, false, "nextafter", Op::None, "", "x1, x2"},
    {"numpy.isclose", 2, 5, R::Special, false, "", Op::None, "_llcc_np_isclose",
     "a, b, rtol=1e-05, atol=1e-08, equal_nan=False", "nnnnn"},
    // math functions of numbers, with CPython's errors.
    {"math.radians", 1, 1, R::Float, false, "", Op::Deg2Rad, "", "x"},
    {"math.degrees", 1, 1, R::Float, false, "", Op::Rad2Deg, "", "x"},
    {"math.log1p", 1, 1, R::Float, true, "log1p", Op::None, "", "x"},
    {"math.expm1", 1, 1, R::Float, true, "expm1", Op::None, "", "x"},
    {"math.erf", 1, 1, R::Float, true, "erf", Op::None, "", "x"},
    {"math.erfc", 1, 1, R::Float, true, "erfc", Op::None, "", "x"},
    {"math.fmod", 2, 2, R::Float, true, "fmod", Op::None, "", "x, y"},
    // IEEE 754 remainder (exact, so the C library's equals CPython's own
    // m_remainder); NaN from numbers, remainder(inf, y) and (x, 0), is
    // CPython's ValueError.
    {"math.remainder", 2, 2, R::Float, true, "remainder", Op::None, "", "x, y"},
    {"math.nextafter", 2, 2, R::Float, false, "nextafter", Op::None, "", "x, y"},
    {"math.ulp", 1, 1, R::Float, false, "", Op::Ulp, "", "x"},
    {"math.gamma", 1, 1, R::Special, false, "", Op::None, "_llcc_math_gamma", "x", "n"},
    {"math.lgamma", 1, 1, R::Special, false, "", Op::None, "_llcc_math_lgamma", "x", "n"},
    {"math.isclose", 2, 4, R::Special, false, "", Op::None, "_llcc_math_isclose",
     "a, b, *, rel_tol=1e-09, abs_tol=0.0", "nnnn"},
    {"math.factorial", 1, 1, R::Special, false, "", Op::None, "_llcc_math_factorial", "n", "i"},
    {"math.comb", 2, 2, R::Special, false, "", Op::None, "_llcc_math_comb", "n, k", "ii"},
    {"math.perm", 1, 2, R::Special, false, "", Op::None, "_llcc_math_factorial|_llcc_math_perm",
     "n, k=None", "ii"},
    {"math.isqrt", 1, 1, R::Special, false, "", Op::None, "_llcc_math_isqrt", "n", "i"},
    {"math.gcd", 2, 2, R::Special, false, "", Op::None, "_llcc_math_gcd", "a, b", "ii"},
    {"math.lcm", 2, 2, R::Special, false, "", Op::None, "_llcc_math_lcm", "a, b", "ii"},
    {"math.prod", 1, 2, R::Special, false, "", Op::None, "_llcc_math_prod", "iterable, *, start=1",
     "ln"},
    {"math.fsum", 1, 1, R::Special, false, "", Op::None, "_llcc_math_fsum", "iterable", "l"},
    // The statistics module's order statistics and fmean (stdlib/statistics.flt).
    {"statistics.median", 1, 1, R::Special, false, "", Op::None, "_llcc_statistics_median", "data",
     "l"},
    {"statistics.median_low", 1, 1, R::Special, false, "", Op::None, "_llcc_statistics_median_low",
     "data", "l"},
    {"statistics.median_high", 1, 1, R::Special, false, "", Op::None,
     "_llcc_statistics_median_high", "data", "l"},
    {"statistics.mode", 1, 1, R::Special, false, "", Op::None, "_llcc_statistics_mode", "data",
     "l"},
    {"statistics.fmean", 1, 1, R::Special, false, "", Op::None, "_llcc_statistics_fmean", "data",
     "l"},
    // mean, variance and stdev as CPython computes them: exact sums, one
    // rounding (big integers in stdlib/statistics.flt).
    {"statistics.mean", 1, 1, R::Special, false, "", Op::None, "_llcc_statistics_mean", "data",
     "l"},
    {"statistics.variance", 1, 2, R::Special, false, "", Op::None,
     "_llcc_statistics_variance|_llcc_statistics_variance_mu", "data, xbar=None", "ln"},
    {"statistics.pvariance", 1, 2, R::Special, false, "", Op::None,
     "_llcc_statistics_pvariance|_llcc_statistics_pvariance_mu", "data, mu=None", "ln"},
    {"statistics.stdev", 1, 2, R::Special, false, "", Op::None,
     "_llcc_statistics_stdev|_llcc_statistics_stdev_mu", "data, xbar=None", "ln"},
    {"statistics.pstdev", 1, 2, R::Special, false, "", Op::None,
     "_llcc_statistics_pstdev|_llcc_statistics_pstdev_mu", "data, mu=None", "ln"},
    // CPython 3.11's Pearson correlation: fsums of float products
    // (stdlib/statistics.flt).
    {"statistics.correlation", 2, 2, R::Special, false, "", Op::None,
     "_llcc_statistics_correlation", "x, y, /", "ll"},
    {"statistics.geometric_mean", 1, 1, R::Special, false, "", Op::None,
     "_llcc_statistics_geometric_mean", "data", "l"},
    // harmonic_mean: exact sums, one rounding (stdlib/harmonic.flt).
    {"statistics.harmonic_mean", 1, 2, R::Special, false, "", Op::None,
     "_llcc_statistics_harmonic_mean|_llcc_statistics_harmonic_mean_w", "data, weights=None", "ll"},
    {"statistics.multimode", 1, 1, R::Special, false, "", Op::None, "_llcc_statistics_multimode",
     "data", "l"},
    {"statistics.median_grouped", 1, 2, R::Special, false, "", Op::None,
     "_llcc_statistics_median_grouped", "data, interval=1", "ln"},
    {"statistics.quantiles", 1, 3, R::Special, false, "", Op::None, "_llcc_statistics_quantiles",
     "data, *, n=4, method='exclusive'", "lii"},
    // scipy.special's scalar functions whose SciPy 1.10 C code is the C
    // library's exp and log in a line or two (stdlib/scipy.flt), and those
    // of its cephes code ported operation by operation (stdlib/cephes.flt).
    {"scipy.special.expit", 1, 1, R::Special, false, "", Op::None, "_llcc_special_expit", "x", "n"},
    {"scipy.special.logit", 1, 1, R::Special, false, "", Op::None, "_llcc_special_logit", "x", "n"},
    {"scipy.special.xlogy", 2, 2, R::Special, false, "", Op::None, "_llcc_special_xlogy", "x, y",
     "nn"},
    // SciPy 1.10's logsumexp of a 1-D array (or a 2-D one, all of it), with
    // weights b= (stdlib/scipy.flt; an int twin keeps a - a_max in int64).
    {"scipy.special.logsumexp", 1, 2, R::Special, false, "", Op::None,
     "_llcc_special_logsumexp|_llcc_special_logsumexp_b", "a, *, b=None", "aa"},
    {"scipy.special.entr", 1, 1, R::Special, false, "", Op::None, "_llcc_special_entr", "x", "n"},
    {"scipy.special.rel_entr", 2, 2, R::Special, false, "", Op::None, "_llcc_special_rel_entr",
     "x, y", "nn"},
    {"scipy.special.kl_div", 2, 2, R::Special, false, "", Op::None, "_llcc_special_kl_div", "x, y",
     "nn"},
    {"scipy.special.huber", 2, 2, R::Special, false, "", Op::None, "_llcc_special_huber",
     "delta, r", "nn"},
    {"scipy.special.erf", 1, 1, R::Special, false, "", Op::None, "_llcc_special_erf", "x", "n"},
    {"scipy.special.erfc", 1, 1, R::Special, false, "", Op::None, "_llcc_special_erfc", "x", "n"},
    {"scipy.special.ndtr", 1, 1, R::Special, false, "", Op::None, "_llcc_special_ndtr", "x", "n"},
    {"scipy.special.gamma", 1, 1, R::Special, false, "", Op::None, "_llcc_special_gamma", "x", "n"},
    {"scipy.special.gammaln", 1, 1, R::Special, false, "", Op::None, "_llcc_special_gammaln", "x",
     "n"},
    {"scipy.special.xlog1py", 2, 2, R::Special, false, "", Op::None, "_llcc_special_xlog1py",
     "x, y", "nn"},
    {"scipy.special.ndtri", 1, 1, R::Special, false, "", Op::None, "_llcc_special_ndtri", "y", "n"},
    {"scipy.special.erfcinv", 1, 1, R::Special, false, "", Op::None, "_llcc_special_erfcinv", "y",
     "n"},
    // cephes' psi (digamma), beta and lbeta (stdlib/psibeta.flt).
    {"scipy.special.psi", 1, 1, R::Special, false, "", Op::None, "_llcc_special_psi", "x", "n"},
    {"scipy.special.digamma", 1, 1, R::Special, false, "", Op::None, "_llcc_special_psi", "x", "n"},
    {"scipy.special.beta", 2, 2, R::Special, false, "", Op::None, "_llcc_special_beta", "a, b",
     "nn"},
    {"scipy.special.betaln", 2, 2, R::Special, false, "", Op::None, "_llcc_special_betaln", "a, b",
     "nn"},
    // cephes' igam and igamc (stdlib/igam.flt).
    {"scipy.special.gammainc", 2, 2, R::Special, false, "", Op::None, "_llcc_special_gammainc",
     "a, x", "nn"},
    {"scipy.special.gammaincc", 2, 2, R::Special, false, "", Op::None, "_llcc_special_gammaincc",
     "a, x", "nn"},
    // The Bessel functions of cephes (stdlib/bessel.flt).
    {"scipy.special.j0", 1, 1, R::Special, false, "", Op::None, "_llcc_special_j0", "x", "n"},
    {"scipy.special.j1", 1, 1, R::Special, false, "", Op::None, "_llcc_special_j1", "x", "n"},
    {"scipy.special.y0", 1, 1, R::Special, false, "", Op::None, "_llcc_special_y0", "x", "n"},
    {"scipy.special.y1", 1, 1, R::Special, false, "", Op::None, "_llcc_special_y1", "x", "n"},
    {"scipy.special.i0", 1, 1, R::Special, false, "", Op::None, "_llcc_special_i0", "x", "n"},
    {"scipy.special.i1", 1, 1, R::Special, false, "", Op::None, "_llcc_special_i1", "x", "n"},
    // scipy.stats summaries of a 1-D array, SciPy 1.10's operations in
    // order (stdlib/scipy.flt); SciPy's positional axis is left out, so the
    // other parameters are keywords.
    {"scipy.stats.entropy", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_entropy",
     "pk, *, base=None", "ann"},
    {"scipy.stats.skew", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_skew",
     "a, *, bias=True", "an"},
    {"scipy.stats.kurtosis", 1, 3, R::Special, false, "", Op::None, "_llcc_stats_kurtosis",
     "a, *, fisher=True, bias=True", "ann"},
    {"scipy.stats.variation", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_variation",
     "a, *, ddof=0", "ai"},
    {"scipy.stats.sem", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_sem", "a, *, ddof=1",
     "ai"},
    {"scipy.stats.iqr", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_iqr", "x, *, scale=1.0",
     "an"},
    {"scipy.stats.median_abs_deviation", 1, 3, R::Special, false, "", Op::None, "_llcc_stats_mad",
     "x, *, scale=1.0, nan_policy='propagate'", "ani"},
    // tmean, tvar and tstd: `limits` arrives as (lower, upper, given) (SemaScipy.cpp).
    {"scipy.stats.tmean", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_tmean",
     "a, limits=None", "fnni"},
    {"scipy.stats.tvar", 1, 3, R::Special, false, "", Op::None, "_llcc_stats_tvar",
     "a, limits=None, *, ddof=1", "fnnii"},
    {"scipy.stats.tstd", 1, 3, R::Special, false, "", Op::None, "_llcc_stats_tstd",
     "a, limits=None, *, ddof=1", "fnnii"},
    {"scipy.stats.trim_mean", 2, 2, R::Special, false, "", Op::None, "_llcc_stats_trim_mean",
     "a, proportiontocut", "an"},
    {"scipy.stats.zscore", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_zscore",
     "a, *, ddof=0", "ai"},
    // scipy.stats.norm.cdf of numbers: SciPy's argument checks around
    // cephes' ndtr (stdlib/cephes.flt).
    {"scipy.stats.norm.cdf", 1, 3, R::Special, false, "", Op::None, "_llcc_stats_norm_cdf",
     "x, loc=0, scale=1", "nnn"},
    // chisquare: the tuple (statistic, pvalue), its fields read by name
    // (SemaTestResults.cpp; stdlib/chisquare.flt).
    {"scipy.stats.chisquare", 1, 2, R::Special, false, "", Op::None,
     "_llcc_stats_chisquare|_llcc_stats_chisquare_exp", "f_obs, f_exp=None", "aa"},
    {"scipy.stats.gmean", 1, 1, R::Special, false, "", Op::None, "_llcc_stats_gmean", "a", "a"},
    {"scipy.stats.hmean", 1, 1, R::Special, false, "", Op::None, "_llcc_stats_hmean", "a", "a"},
    // Ranks and percentile ranks of a 1-D array (stdlib/scipy.flt); rankdata's
    // ranks are float64s for every method (SciPy's are int64 but for 'average').
    {"scipy.stats.rankdata", 1, 2, R::Special, false, "", Op::None, "_llcc_stats_rankdata",
     "a, method='average'", "li"},
    {"scipy.stats.percentileofscore", 2, 4, R::Special, false, "", Op::None,
     "_llcc_stats_percentileofscore", "a, score, kind='rank', nan_policy='propagate'", "lnii"},
    // numpy functions of arrays giving a number.
    {"numpy.average", 1, 2, R::Special, false, "", Op::None,
     "_llcc_np_average|_llcc_np_average_weights", "a, *, weights=None", "aa"},
    // np.corrcoef(x, y) of two vectors, raveled: Sema reshapes the call to
    // 2 x 2 (SemaNumpyMore.cpp); np.tile(A, reps) of a vector by an int.
    {"numpy.corrcoef", 2, 2, R::Special, false, "", Op::None, "_llcc_np_corrcoef", "x, y", "aa"},
    // np.cov of two vectors, of one, or of the rows of a 2-D array: Sema
    // writes llcc.cov2(x, y, ddof).reshape(2, 2) or llcc.cov_rows(m.ravel(),
    // k, ddof).reshape(k, k) (SemaNumpyMore.cpp); the numpy row documents it.
    {"numpy.cov", 1, 2, R::Special, false, "", Op::None, "_llcc_np_cov_rows",
     "m, y=None, *, bias=False, ddof=None", "a?"},
    {"llcc.cov2", 3, 3, R::Special, false, "", Op::None, "_llcc_np_cov2", "x, y, ddof", "aai",
     "cov"},
    {"llcc.cov_rows", 3, 3, R::Special, false, "", Op::None, "_llcc_np_cov_rows", "m, k, ddof",
     "aii", "cov"},
    {"numpy.tile", 2, 2, R::Special, false, "", Op::None, "_llcc_np_tile", "A, reps", "ai"},
    {"numpy.ediff1d", 1, 1, R::Special, false, "", Op::None, "_llcc_np_ediff1d", "ary", "f"},
    // np.lexsort((k0, k1, ...)) of 1-D arrays, the last key primary:
    // Sema writes it as llcc.lexsort_step(llcc.lexsort_first(k0), k1) ...
    // (SemaNumpyMore.cpp); the numpy row documents the call.
    {"numpy.lexsort", 1, 1, R::Special, false, "", Op::None, "_llcc_np_lexsort_first", "keys", "a"},
    // sliding_window_view(x, k) of a 1-D array: Sema writes it as
    // llcc.sliding_window_view(x, k).reshape(-1, k) (SemaIndexTricks.cpp),
    // the rows copied out and read-only as numpy's view is.
    {"numpy.lib.stride_tricks.sliding_window_view", 2, 2, R::Special, false, "", Op::None,
     "_llcc_np_sliding_window_view", "x, window_shape", "ai"},
    {"llcc.sliding_window_view", 2, 2, R::Special, false, "", Op::None,
     "_llcc_np_sliding_window_view", "x, window_shape", "ai", "sliding_window_view"},
    // np.add.at(a, idx, v) of a 1-D array, which Sema calls by this name
    // (SemaUfuncs.cpp): the scatter-add in place, stdlib/arrays.flt.
    {"llcc.add_at", 3, 3, R::Special, false, "", Op::None, "_llcc_np_add_at", "a, indices, b",
     "aan", "at"},
    {"llcc.lexsort_first", 1, 1, R::Special, false, "", Op::None, "_llcc_np_lexsort_first", "key",
     "a", "lexsort"},
    {"llcc.lexsort_step", 2, 2, R::Special, false, "", Op::None, "_llcc_np_lexsort_step",
     "order, key", "aa", "lexsort"},
    // np.average(a, weights=w, returned=True), which Sema calls by this name
    // (SemaLibrary.cpp): the pair (average, sum of weights), stdlib/arrays.flt.
    {"llcc.average_returned", 1, 2, R::Special, false, "", Op::None,
     "_llcc_np_average_returned|_llcc_np_average_returned_weights", "a, *, weights=None", "aa",
     "returned"},
    {"numpy.nanpercentile", 2, 2, R::Reduce, false, "", Op::None, "", "a, q"},
    {"numpy.nanquantile", 2, 2, R::Reduce, false, "", Op::None, "", "a, q"},
    {"numpy.nanargmin", 1, 1, R::Special, false, "", Op::None, "_llcc_np_nanargmin", "a", "a"},
    {"numpy.nanargmax", 1, 1, R::Special, false, "", Op::None, "_llcc_np_nanargmax", "a", "a"},
    {"numpy.allclose", 2, 5, R::Special, false, "", Op::None, "_llcc_np_allclose",
     "a, b, rtol=1e-05, atol=1e-08, equal_nan=False", "a?nnn"},
    {"numpy.interp", 3, 5, R::Special, false, "", Op::None, "_llcc_np_interp",
     "x, xp, fp, left=None, right=None", "naannn"},
    {"numpy.flatnonzero", 1, 1, R::Special, false, "", Op::None, "_llcc_np_flatnonzero", "a", "a",
     "nonzero|where"},
    {"numpy.gradient", 1, 3, R::Special, false, "", Op::None, "_llcc_np_gradient",
     "f, spacing=1.0, /, *, edge_order=1", "ann"},
    {"numpy.isin", 2, 3, R::Special, false, "", Op::None, "_llcc_np_isin",
     "element, test_elements, invert=False", "aln"},
    // Of a square matrix of a known order, raveled by Sema (SemaLibrary.cpp's
    // LinalgFunctions): LAPACK's dsyevd (2 x 2) and dgetrf/dgetrs (up to
    // 64 x 64) step by step (stdlib/linalg.flt).
    {"numpy.linalg.eigvalsh", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_eigvalsh",
     "a", "a"},
    {"llcc.eigvalsh", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_eigvalsh", "a", "a",
     "eigvalsh"},
    // np.linalg.eigh(m)'s parts (SemaIndexTricks.cpp): of the matrix, then
    // of it raveled (SemaLibrary.cpp); the tuple itself is a diagnostic.
    {"numpy.linalg.eigh", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_eigh_values",
     "a", "a"},
    {"llcc.eigh_values", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_eigh_values", "a",
     "a", "eigh"},
    {"llcc.eigh_vectors", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_eigh_vectors",
     "a", "a", "eigh"},
    {"llcc.eigh_w", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_eigh_values", "a",
     "a"},
    {"llcc.eigh_v", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_eigh_vectors", "a",
     "a"},
    {"numpy.linalg.det", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_det", "a", "a"},
    {"llcc.det", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_det", "a", "a", "det"},
    {"numpy.linalg.slogdet", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_slogdet", "a",
     "a"},
    {"llcc.slogdet", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_slogdet", "a", "a",
     "slogdet"},
    {"numpy.linalg.inv", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_inv", "a", "a"},
    {"llcc.inv", 1, 1, R::Special, false, "", Op::None, "_llcc_np_linalg_inv", "a", "a", "inv"},
    {"numpy.linalg.solve", 2, 2, R::Special, false, "", Op::None, "_llcc_np_linalg_solve", "a, b",
     "al"},
    // np.eye(n, m, k) and np.identity(n), as SemaIndexTricks.cpp writes them:
    // the raveled matrix, reshaped there.
    // np.diag(v, k) of a vector, as SemaNumpyViews.cpp writes it: raveled,
    // reshaped there (stdlib/arrays.flt, with int and bool twins).
    {"llcc.diag_matrix", 2, 2, R::Special, false, "", Op::None, "_llcc_np_diag_matrix", "v, k",
     "ai", "diag"},
    {"llcc.eye", 3, 3, R::Special, false, "", Op::None, "_llcc_np_eye", "N, M, k", "iii",
     "eye|identity"},
    {"llcc.solve", 3, 3, R::Special, false, "", Op::None, "_llcc_np_linalg_solve", "a, b, k", "ali",
     "solve"},
    {"numpy.linalg.norm", 1, 2, R::Special, false, "", Op::None, "_llcc_np_linalg_norm",
     "x, ord=None", "ann"},
    {"numpy.polyval", 2, 2, R::Special, false, "", Op::None, "_llcc_np_polyval", "p, x", "ln"},
    {"numpy.searchsorted", 2, 3, R::Special, false, "", Op::None, "_llcc_np_searchsorted",
     "a, v, side='left'", "ani"},
    // a.item() and a.item(i) of a raveled array (SemaItem.cpp): no Python
    // name, the method's row.
    {"llcc.item", 1, 2, R::Special, false, "", Op::None, "_llcc_np_item_one|_llcc_np_item",
     "a, index=None", "ai", "item"},
    {"numpy.delete", 2, 2, R::Special, false, "", Op::None, "_llcc_np_delete", "arr, obj", "ai"},
    {"numpy.digitize", 2, 3, R::Special, false, "", Op::None, "_llcc_np_digitize",
     "x, bins, right=False", "nan"},
    {"numpy.dot", 2, 2, R::Special, false, "", Op::None, "_llcc_np_dot", "a, b", "aa"},
    {"numpy.inner", 2, 2, R::Special, false, "", Op::None, "_llcc_np_dot", "a, b", "aa"},
    // Of two vectors of 3 (or 2) elements (stdlib/arrays.flt, numpy's
    // products in its order; an int twin for int vectors).
    {"numpy.cross", 2, 2, R::Special, false, "", Op::None, "_llcc_np_cross", "a, b", "aa"},
    {"numpy.convolve", 2, 3, R::Special, false, "", Op::None, "_llcc_np_convolve",
     "a, v, mode='full'", "lli"},
    {"numpy.correlate", 2, 3, R::Special, false, "", Op::None, "_llcc_np_correlate",
     "a, v, mode='valid'", "lli"},
    // numpy functions of arrays giving a new array.
    {"numpy.cumsum", 1, 1, R::Special, false, "", Op::None, "_llcc_np_cumsum", "a", "a",
     "add.accumulate"},
    {"numpy.cumprod", 1, 1, R::Special, false, "", Op::None, "_llcc_np_cumprod", "a", "a",
     "multiply.accumulate"},
    {"numpy.diff", 1, 2, R::Special, false, "", Op::None, "_llcc_np_diff", "a, n=1", "fi"},
    // np.trapz(y, x=None, dx=1.0) arrives as (y, dx) or (y, x, dx) (SemaLibrary.cpp).
    {"numpy.trapz", 2, 3, R::Special, false, "", Op::None, "_llcc_np_trapz|_llcc_np_trapz_x",
     "y, x=None, dx=1.0", "f?n"},
    {"numpy.flip", 1, 1, R::Special, false, "", Op::None, "_llcc_np_flip", "m", "a"},
    {"numpy.roll", 2, 2, R::Special, false, "", Op::None, "_llcc_np_roll", "a, shift", "ai"},
    {"numpy.concatenate", 1, 4, R::Special, false, "", Op::None,
     "_llcc_np_concatenate1|_llcc_np_concatenate2|_llcc_np_concatenate3|_llcc_np_concatenate4",
     "arrays", "aaaa", "hstack"},
    {"numpy.arange", 1, 3, R::Special, false, "", Op::None,
     "_llcc_np_arange1|_llcc_np_arange2|_llcc_np_arange3", "start, stop=None, step=None", "nnn"},
    {"numpy.linspace", 2, 4, R::Special, false, "", Op::None, "_llcc_np_linspace",
     "start, stop, num=50, endpoint=True", "nnin"},
    // numpy's window functions and its own i0 (stdlib/windows.flt: numpy's
    // array expressions, np.i0 numpy's Chebyshev series with its np.exp).
    {"numpy.hanning", 1, 1, R::Special, false, "", Op::None, "_llcc_np_hanning", "M", "n"},
    {"numpy.hamming", 1, 1, R::Special, false, "", Op::None, "_llcc_np_hamming", "M", "n"},
    {"numpy.bartlett", 1, 1, R::Special, false, "", Op::None, "_llcc_np_bartlett", "M", "n"},
    {"numpy.blackman", 1, 1, R::Special, false, "", Op::None, "_llcc_np_blackman", "M", "n"},
    {"numpy.kaiser", 2, 2, R::Special, false, "", Op::None, "_llcc_np_kaiser", "M, beta", "nn"},
    {"numpy.i0", 1, 1, R::Special, false, "", Op::None, "_llcc_np_i0", "x", "n"},
    {"numpy.ones_like", 1, 1, R::Special, false, "", Op::None, "_llcc_np_ones_like", "a", "a"},
    {"numpy.zeros_like", 1, 1, R::Special, false, "", Op::None, "_llcc_np_zeros_like", "a", "a"},
    {"numpy.empty_like", 1, 1, R::Special, false, "", Op::None, "_llcc_np_zeros_like", "a", "a"},
    {"numpy.full_like", 2, 2, R::Special, false, "", Op::None, "_llcc_np_full_like",
     "a, fill_value", "an"},
    // np.unique's parts (values, indices, inverse, counts) one at a time
    // (SemaUnique.cpp), as (ar, kind, equal_nan).
    {"numpy.unique", 1, 5, R::Special, false, "", Op::None,
     "_llcc_np_unique|_llcc_np_unique_index|_llcc_np_unique_inverse|_llcc_np_unique_counts",
     "ar, return_index=False, return_inverse=False, return_counts=False, *, equal_nan=True", "a??"},
    {"numpy.argsort", 1, 2, R::Special, false, "", Op::None, "_llcc_np_argsort",
     "a, *, kind='quicksort'", "ai"},
    // np.histogram's parts: counts and edges of equal-width bins, then of
    // explicit edges (SemaLibrary.cpp picks by part and by bins' type).
    {"numpy.histogram", 1, 3, R::Special, false, "", Op::None,
     "_llcc_np_histogram|_llcc_np_histogram_edges|_llcc_np_histogram_bins|"
     "_llcc_np_histogram_bins_edges",
     "a, bins=10, range=None", "ainnn"},
    // np.bincount(x, weights=None, minlength=0) arrives as (x, minlength)
    // or (x, weights, minlength) (SemaLibrary.cpp).
    {"numpy.bincount", 2, 3, R::Special, false, "", Op::None,
     "_llcc_np_bincount|_llcc_np_bincount_weights", "x, weights=None, minlength=0", "a?i"},
    {"numpy.partition", 2, 2, R::Special, false, "", Op::None, "_llcc_np_partition", "a, kth",
     "ai"},
    {"numpy.argpartition", 2, 2, R::Special, false, "", Op::None, "_llcc_np_argpartition", "a, kth",
     "ai"},
    // reduce and accumulate of numpy's binary ufuncs: left-to-right folds
    // (stdlib/ufuncs.flt; SemaUfuncs.cpp sends add, multiply, maximum, minimum,
    // fmax and fmin to np.sum, np.prod, ... and np.cumsum, np.cumprod). The
    // last field names np.mod's and np.true_divide's methods, which are these.
    {"numpy.subtract.reduce", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_subtract_reduce",
     "a", "a"},
    {"numpy.divide.reduce", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_divide_reduce", "a",
     "a", "true_divide.reduce"},
    {"numpy.floor_divide.reduce", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_floor_divide_reduce", "a", "a"},
    {"numpy.remainder.reduce", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_remainder_reduce", "a", "a", "mod.reduce"},
    {"numpy.fmod.reduce", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_fmod_reduce", "a",
     "a"},
    {"numpy.copysign.reduce", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_copysign_reduce",
     "a", "a"},
    {"numpy.heaviside.reduce", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_heaviside_reduce", "a", "a"},
    {"numpy.nextafter.reduce", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_nextafter_reduce", "a", "a"},
    {"numpy.hypot.reduce", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_hypot_reduce", "a",
     "a"},
    {"numpy.logaddexp.reduce", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_logaddexp_reduce", "a", "a"},
    {"numpy.logaddexp2.reduce", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_logaddexp2_reduce", "a", "a"},
    {"numpy.subtract.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_subtract_accumulate", "a", "a"},
    {"numpy.divide.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_divide_accumulate", "a", "a", "true_divide.accumulate"},
    {"numpy.floor_divide.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_floor_divide_accumulate", "a", "a"},
    {"numpy.remainder.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_remainder_accumulate", "a", "a", "mod.accumulate"},
    {"numpy.fmod.accumulate", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_fmod_accumulate",
     "a", "a"},
    {"numpy.copysign.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_copysign_accumulate", "a", "a"},
    {"numpy.heaviside.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_heaviside_accumulate", "a", "a"},
    {"numpy.nextafter.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_nextafter_accumulate", "a", "a"},
    {"numpy.hypot.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_hypot_accumulate", "a", "a"},
    {"numpy.logaddexp.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_logaddexp_accumulate", "a", "a"},
    {"numpy.logaddexp2.accumulate", 1, 1, R::Special, false, "", Op::None,
     "_llcc_ufunc_logaddexp2_accumulate", "a", "a"},
    {"numpy.fmax.accumulate", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_fmax_accumulate",
     "a", "a"},
    {"numpy.fmin.accumulate", 1, 1, R::Special, false, "", Op::None, "_llcc_ufunc_fmin_accumulate",
     "a", "a"},
    // Internal: what library code raises, and its int arrays.
    {"_llcc_int_zeros", 1, 1, R::NewArray, false, "", Op::None, "", "n"},
};

struct StringChoice {
  const char *function;
  const char *param;
  std::vector<const char *> values;
};

// String arguments, passed on as the index of the string.
const StringChoice StringChoices[] = {
    {"numpy.searchsorted", "side", {"left", "right"}},
    // numpy's own numbering of correlate's modes (multiarray.correlate2).
    {"numpy.convolve", "mode", {"valid", "same", "full"}},
    {"numpy.correlate", "mode", {"valid", "same", "full"}},
    {"numpy.argsort", "kind", {"quicksort", "stable", "mergesort", "heapsort"}},
    {"numpy.sort", "kind", {"quicksort", "stable", "mergesort", "heapsort"}},
    {"statistics.quantiles", "method", {"exclusive", "inclusive"}},
    {"scipy.stats.median_abs_deviation", "nan_policy", {"propagate", "raise", "omit"}},
    {"scipy.stats.rankdata", "method", {"average", "min", "max", "dense", "ordinal"}},
    {"scipy.stats.percentileofscore", "kind", {"rank", "weak", "strict", "mean"}},
    {"scipy.stats.percentileofscore", "nan_policy", {"propagate", "raise", "omit"}},
    // numpy 1.24's quantile methods (function_base.py _QuantileMethods),
    // numbered as IRGen::quantileVirtualIndex computes them; np.quantile,
    // np.nanpercentile and np.nanquantile share the row.
    {"numpy.percentile",
     "method",
     {"linear", "lower", "higher", "nearest", "midpoint", "inverted_cdf", "averaged_inverted_cdf",
      "closest_observation", "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased",
      "normal_unbiased"}},
};

struct StringNumber {
  const char *function;
  const char *param;
  const char *value; ///< lower case: SciPy compares scale.lower()
  double number;
};

// Number parameters that also take a name for a number (SciPy's
// _stats_py.py): the name becomes the number when compiling.
const StringNumber StringNumbers[] = {
    {"scipy.stats.iqr", "scale", "raw", 1.0},
    {"scipy.stats.iqr", "scale", "normal", 1.3489795003921636}, // erfinv(0.5) * 2 * sqrt(2)
    {"scipy.stats.median_abs_deviation", "scale", "normal", 0.6744897501960817}, // ndtri(0.75)
};

struct DocParams {
  const char *function;
  const char *params;
};

// The parameters of the first table's math and numpy functions, for the
// documentation (`llcc --list-builtins`); Sema checks their arguments case
// by case.
const DocParams FirstTableParams[] = {
    {"math.sqrt", "x"},
    {"math.exp", "x"},
    {"math.log", "x, base=math.e"},
    {"math.log2", "x"},
    {"math.log10", "x"},
    {"math.sin", "x"},
    {"math.cos", "x"},
    {"math.tan", "x"},
    {"math.asin", "x"},
    {"math.acos", "x"},
    {"math.atan", "x"},
    {"math.sinh", "x"},
    {"math.cosh", "x"},
    {"math.tanh", "x"},
    {"math.fabs", "x"},
    {"math.floor", "x"},
    {"math.ceil", "x"},
    {"math.trunc", "x"},
    {"math.isnan", "x"},
    {"math.isinf", "x"},
    {"math.isfinite", "x"},
    {"math.atan2", "y, x"},
    {"math.hypot", "*coordinates"},
    {"math.dist", "p, q"},
    {"math.pow", "x, y"},
    {"math.copysign", "x, y"},
    {"numpy.sqrt", "x"},
    {"numpy.exp", "x"},
    {"numpy.log", "x"},
    {"numpy.log2", "x"},
    {"numpy.log10", "x"},
    {"numpy.sin", "x"},
    {"numpy.cos", "x"},
    {"numpy.tan", "x"},
    {"numpy.arcsin", "x"},
    {"numpy.arccos", "x"},
    {"numpy.arctan", "x"},
    {"numpy.arctanh", "x"},
    {"numpy.arcsinh", "x"},
    {"numpy.arccosh", "x"},
    {"numpy.sinh", "x"},
    {"numpy.cosh", "x"},
    {"numpy.tanh", "x"},
    {"numpy.cbrt", "x"},
    {"numpy.fabs", "x"},
    {"numpy.floor", "x"},
    {"numpy.ceil", "x"},
    {"numpy.trunc", "x"},
    {"numpy.isnan", "x"},
    {"numpy.isinf", "x"},
    {"numpy.isfinite", "x"},
    {"numpy.abs", "x"},
    {"numpy.absolute", "x"},
    {"numpy.float64", "x"},
    {"numpy.arctan2", "x1, x2"},
    {"numpy.hypot", "x1, x2"},
    {"numpy.power", "x1, x2"},
    {"numpy.copysign", "x1, x2"},
    {"numpy.sum", "a"},
    {"numpy.prod", "a"},
    {"numpy.mean", "a"},
    {"numpy.min", "a"},
    {"numpy.max", "a"},
    {"numpy.amin", "a"},
    {"numpy.amax", "a"},
    {"numpy.argmin", "a"},
    {"numpy.argmax", "a"},
    {"numpy.median", "a"},
    {"numpy.ptp", "a"},
    {"numpy.any", "a"},
    {"numpy.all", "a"},
    {"numpy.count_nonzero", "a"},
    {"numpy.nansum", "a"},
    {"numpy.nanmean", "a"},
    {"numpy.nanmin", "a"},
    {"numpy.nanmax", "a"},
    {"numpy.nanmedian", "a"},
    {"numpy.array", "a"},
    {"numpy.copy", "a"},
    {"numpy.std", "a, ddof=0"},
    {"numpy.var", "a, ddof=0"},
    {"numpy.nanstd", "a, ddof=0"},
    {"numpy.nanvar", "a, ddof=0"},
    {"numpy.percentile", "a, q"},
    {"numpy.quantile", "a, q"},
    {"numpy.empty", "n"},
    {"numpy.zeros", "n"},
    {"numpy.ones", "n"},
    {"numpy.full", "n, fill_value"},
    {"numpy.sort", "a, kind='quicksort'"},
    {"numpy.where", "condition, x, y"},
    {"numpy.clip", "a, a_min, a_max"},
    {"numpy.reshape", "a, newshape"},
    {"numpy.ravel", "a"},
    {"numpy.transpose", "a"},
    {"numpy.size", "a"},
    {"numpy.ndim", "a"},
    {"numpy.matmul", "a, b"},
    {"numpy.outer", "a, b"},
    {"numpy.stack", "arrays, axis=0"},
    {"numpy.vstack", "tup"},
    {"numpy.column_stack", "tup"},
};

struct KeywordAdvice {
  const char *function;
  const char *keyword;
  const char *advice;
};

// Keywords numpy has and llcc does not, with what to write instead.
const KeywordAdvice KeywordAdvices[] = {
    {"numpy.unique", "axis",
     "np.unique's axis= is not supported; without it np.unique flattens the array, as numpy "
     "does"},
};


} // namespace

const BuiltinFunction *findLibraryFunction(const std::string &qualifiedName) {
  for (const BuiltinFunction &f : Library)
    if (qualifiedName == f.qualifiedName)
      return &f;
  return nullptr;
}

std::vector<const BuiltinFunction *> libraryFunctions() {
  std::vector<const BuiltinFunction *> all;
  for (const BuiltinFunction &f : Library)
    all.push_back(&f);
  return all;
}

std::vector<std::string> splitAlternatives(const std::string &field) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= field.size()) {
    size_t bar = field.find('|', start);
    if (bar == std::string::npos)
      bar = field.size();
    out.push_back(field.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

std::vector<std::string> libraryFunctionsMentioned(const std::string &text) {
  std::vector<std::string> names;
  for (const BuiltinFunction &f : Library) {
    if (!f.library[0])
      continue;
    // The last part of the name: `norm` of numpy.linalg.norm, which a
    // program may spell `from numpy.linalg import norm`; then the other
    // spellings the table lists for the row.
    const char *dot = std::strrchr(f.qualifiedName, '.');
    std::string last = dot ? dot + 1 : f.qualifiedName;
    // A ufunc's method, by the ufunc and the method: `logaddexp.reduce`.
    if (last == "reduce" || last == "accumulate")
      last = std::string(f.qualifiedName).substr(std::strlen("numpy."));
    std::vector<std::string> spelled{last};
    if (f.spellings[0])
      for (const std::string &s : splitAlternatives(f.spellings))
        spelled.push_back(s);
    bool mentioned = false;
    for (const std::string &s : spelled)
      mentioned = mentioned || text.find(s) != std::string::npos;
    if (!mentioned)
      continue;
    for (const std::string &fn : splitAlternatives(f.library))
      names.push_back(fn);
  }
  return names;
}

bool quantileMethodIsDiscrete(int method) {
  // lower, higher, nearest, inverted_cdf, closest_observation: an index,
  // no interpolation (numpy takes the element, an int of an int array).
  return method == 1 || method == 2 || method == 3 || method == 5 || method == 7;
}

int builtinStringChoice(const std::string &function, const std::string &param,
                        const std::string &value, std::vector<std::string> &choices) {
  choices.clear();
  for (const StringChoice &c : StringChoices) {
    if (function != c.function || param != c.param)
      continue;
    int found = -1;
    for (size_t i = 0; i < c.values.size(); ++i) {
      choices.push_back(c.values[i]);
      if (value == c.values[i])
        found = static_cast<int>(i);
    }
    return found;
  }
  return -1;
}

bool builtinStringNumber(const std::string &function, const std::string &param,
                         const std::string &value, double &number,
                         std::vector<std::string> &names) {
  names.clear();
  std::string lower = value;
  for (char &c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool found = false;
  for (const StringNumber &n : StringNumbers) {
    if (function != n.function || param != n.param)
      continue;
    names.push_back(n.value);
    if (lower == n.value) {
      number = n.number;
      found = true;
    }
  }
  return found;
}

const char *documentedParams(const BuiltinFunction &f) {
  if (f.params[0])
    return f.params;
  for (const DocParams &d : FirstTableParams)
    if (std::strcmp(d.function, f.qualifiedName) == 0)
      return d.params;
  return "";
}

const char *libraryKeywordAdvice(const std::string &function, const std::string &keyword) {
  for (const KeywordAdvice &k : KeywordAdvices)
    if (function == k.function && keyword == k.keyword)
      return k.advice;
  return nullptr;
}


} // namespace llcc
