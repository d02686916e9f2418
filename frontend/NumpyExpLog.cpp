//===- NumpyExpLog.cpp - numpy's exp and log for the constant folder ------===//
//
// The SVML routines of NumpyExpLog.h on doubles, each operation the
// AVX-512 scalar instruction the vector code executes per lane (so the
// constant folder and the generated code compute the same bits). Built
// with -ffp-contract=off: a separate multiply and add must stay two
// roundings.
//
//===----------------------------------------------------------------------===//
#include "NumpyExpLog.h"
#include "NumpyAsinAcos.h"
#include "NumpyAsinh.h"
#include "NumpyAtan.h"
#include "NumpyAtan2.h"
#include "NumpyAtanh.h"
#include "NumpyCbrt.h"
#include "NumpyExp2.h"
#include "NumpyExpm1.h"
#include "NumpyLog1p.h"
#include "NumpyLog2Log10.h"
#include "NumpyPow.h"
#include "NumpySinCos.h"
#include "NumpySinh.h"
#include "NumpyTan.h"
#include "NumpyTanh.h"

#include <cmath>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LLCC_SVML_HOST 1
#include <immintrin.h>
#endif

namespace llcc {

namespace {
thread_local bool svmlChoice = false;
thread_local bool fmaTanhChoice = false;
} // namespace

bool numpySvmlExpLog() { return svmlChoice; }
void setNumpySvmlExpLog(bool on) { svmlChoice = on; }
bool numpyFmaTanh() { return fmaTanhChoice; }
void setNumpyFmaTanh(bool on) { fmaTanhChoice = on; }

#ifdef LLCC_SVML_HOST

#define LLCC_AVX512 __attribute__((target("avx512f,avx512dq")))

namespace {

/// One lane as a double; the AVX-512 operations on the low element.
struct DoubleOps {
  using F = double;
  using I = uint64_t;
  using B = bool;
  static F c(double v) { return v; }
  static I ci(uint64_t v) { return v; }
  static F neg(F a) { return -a; }
  static F add(F a, F b) { return a + b; }
  static F sub(F a, F b) { return a - b; }
  static F mul(F a, F b) { return a * b; }
  static F fma(F a, F b, F c) { return std::fma(a, b, c); }
  static I bits(F a) {
    I r;
    std::memcpy(&r, &a, 8);
    return r;
  }
  static F fromBits(I a) {
    F r;
    std::memcpy(&r, &a, 8);
    return r;
  }
  static I andI(I a, I b) { return a & b; }
  static I shlI(I a, I b) { return a << b; }
  static I lshrI(I a, I b) { return a >> b; }
  static I addI(I a, I b) { return a + b; }
  static B ultI(I a, I b) { return a < b; }
  static B olt(F a, F b) { return a < b; }
  static B ole(F a, F b) { return a <= b; }
  static B oeq(F a, F b) { return a == b; }
  static B notB(B a) { return !a; }
  static B orB(B a, B b) { return a || b; }
  static F select(B c, F a, F b) { return c ? a : b; }
  static I selectI(B c, I a, I b) { return c ? a : b; }
  static I orI(I a, I b) { return a | b; }
  static I xorI(I a, I b) { return a ^ b; }
  static I mulI(I a, I b) { return a * b; }
  static I subI(I a, I b) { return a - b; }
  static I ashrI(I a, I b) { return I(int64_t(a) >> b); }
  static B eqI(I a, I b) { return a == b; }
  static B sltI(I a, I b) { return int64_t(a) < int64_t(b); }
  static B sleI(I a, I b) { return int64_t(a) <= int64_t(b); }
  static B andB(B a, B b) { return a && b; }
  static B xorB(B a, B b) { return a != b; }
  static F sitofp(I a) { return double(int64_t(a)); }
  static F div(F a, F b) { return a / b; }
  template <class T, class E> static F ifElse(B c, T then, E otherwise) {
    return c ? then() : otherwise();
  }
  static F table(const uint64_t *t, size_t n, I i) { return fromBits(t[i % n]); }
  LLCC_AVX512 static F fmaRZ(F a, F b, F c) {
    return _mm_cvtsd_f64(_mm_fmadd_round_sd(_mm_set_sd(a), _mm_set_sd(b), _mm_set_sd(c),
                                            _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
  }
  LLCC_AVX512 static F mulRZ(F a, F b) {
    return _mm_cvtsd_f64(
        _mm_mul_round_sd(_mm_set_sd(a), _mm_set_sd(b), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
  }
  LLCC_AVX512 static F addRD(F a, F b) {
    return _mm_cvtsd_f64(
        _mm_add_round_sd(_mm_set_sd(a), _mm_set_sd(b), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
  }
  LLCC_AVX512 static F reduce(F a, int imm) {
    // imm 0x41: a minus a rounded down to 4 fraction bits; 0x28: a minus
    // a rounded to 2 fraction bits, nearest.
    __m128d v = _mm_set_sd(a);
    if (imm == 0x28)
      return _mm_cvtsd_f64(_mm_reduce_round_sd(v, v, 0x28, _MM_FROUND_NO_EXC));
    return _mm_cvtsd_f64(_mm_reduce_round_sd(v, v, 0x41, _MM_FROUND_NO_EXC));
  }
  LLCC_AVX512 static F scalef(F a, F b) {
    return _mm_cvtsd_f64(_mm_scalef_round_sd(_mm_set_sd(a), _mm_set_sd(b),
                                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
  }
  LLCC_AVX512 static F getmant(F a, int imm) {
    // imm 8: the interval [1, 2), 10: [0.5, 1); a negative number gives NaN.
    __m128d v = _mm_set_sd(a);
    if (imm == 10)
      return _mm_cvtsd_f64(_mm_getmant_sd(v, v, _MM_MANT_NORM_p5_1, _MM_MANT_SIGN_nan));
    if (imm == 0) // [1, 2), the source's sign
      return _mm_cvtsd_f64(_mm_getmant_sd(v, v, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src));
    return _mm_cvtsd_f64(_mm_getmant_sd(v, v, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_nan));
  }
  LLCC_AVX512 static F getexp(F a) {
    __m128d v = _mm_set_sd(a);
    return _mm_cvtsd_f64(_mm_getexp_sd(v, v));
  }
  LLCC_AVX512 static F rsqrt14(F a) {
    __m128d v = _mm_set_sd(a);
    return _mm_cvtsd_f64(_mm_rsqrt14_sd(v, v));
  }
  LLCC_AVX512 static F rcp14(F a) {
    __m128d v = _mm_set_sd(a);
    return _mm_cvtsd_f64(_mm_rcp14_sd(v, v));
  }
  LLCC_AVX512 static F roundscale(F a, int imm) {
    // imm 0x58: 4 bits of mantissa below 1 (5 fraction bits), nearest;
    // 0x0b: an integer, toward zero.
    __m128d v = _mm_set_sd(a);
    if (imm == 0x0b)
      return _mm_cvtsd_f64(_mm_roundscale_sd(v, v, 0x0b));
    if (imm == 0x48) // 4 fraction bits, nearest
      return _mm_cvtsd_f64(_mm_roundscale_sd(v, v, 0x48));
    if (imm == 0x09) // an integer, down
      return _mm_cvtsd_f64(_mm_roundscale_sd(v, v, 0x09));
    return _mm_cvtsd_f64(_mm_roundscale_sd(v, v, 0x58));
  }
};

LLCC_AVX512 double svmlExp(double x) {
  DoubleOps o;
  return svml::exp(o, x);
}

LLCC_AVX512 double svmlLog(double x) {
  DoubleOps o;
  return svml::log(o, x);
}

LLCC_AVX512 double svmlPow(double x, double y) {
  DoubleOps o;
  return svml::pow(o, x, y);
}

LLCC_AVX512 double svmlLog2(double x) {
  DoubleOps o;
  return svml::log2or10(o, x, false);
}

LLCC_AVX512 double svmlLog10(double x) {
  DoubleOps o;
  return svml::log2or10(o, x, true);
}

LLCC_AVX512 double svmlSin(double x) {
  DoubleOps o;
  return svml::sin(o, x);
}

LLCC_AVX512 double svmlCos(double x) {
  DoubleOps o;
  return svml::cos(o, x);
}

LLCC_AVX512 double svmlTanh(double x) {
  DoubleOps o;
  return svml::tanh(o, x);
}

/// The same loop without AVX-512 (its operations are exact IEEE ones and
/// fused multiply-adds), for AVX2 and FMA3 targets.
double fmaTanh(double x) {
  DoubleOps o;
  return svml::tanh(o, x);
}

LLCC_AVX512 double svmlExp2(double x) {
  DoubleOps o;
  return svml::exp2(o, x);
}

LLCC_AVX512 double svmlExpm1(double x) {
  DoubleOps o;
  return svml::expm1(o, x);
}

LLCC_AVX512 double svmlLog1p(double x) {
  DoubleOps o;
  return svml::log1p(o, x);
}

LLCC_AVX512 double svmlCbrt(double x) {
  DoubleOps o;
  return svml::cbrt(o, x);
}

LLCC_AVX512 double svmlArctan(double x) {
  DoubleOps o;
  return svml::atan(o, x);
}

LLCC_AVX512 double svmlTan(double x) {
  DoubleOps o;
  return svml::tan(o, x);
}

LLCC_AVX512 double svmlArctanh(double x) {
  DoubleOps o;
  return svml::atanh(o, x);
}

LLCC_AVX512 double svmlArcsinh(double x) {
  DoubleOps o;
  return svml::asinh(o, x);
}

LLCC_AVX512 double svmlArccosh(double x) {
  DoubleOps o;
  return svml::acosh(o, x);
}

LLCC_AVX512 double svmlSinh(double x) {
  DoubleOps o;
  return svml::sinh(o, x);
}

LLCC_AVX512 double svmlCosh(double x) {
  DoubleOps o;
  return svml::cosh(o, x);
}

LLCC_AVX512 double svmlArcsin(double x) {
  DoubleOps o;
  return svml::asin(o, x);
}

LLCC_AVX512 double svmlArccos(double x) {
  DoubleOps o;
  return svml::acos(o, x);
}

LLCC_AVX512 double svmlArctan2(double y, double x) {
  DoubleOps o;
  return svml::atan2(o, y, x);
}

} // namespace

bool hostCanRunSvmlExpLog() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}

double numpyExp(double x) { return svmlChoice ? svmlExp(x) : ::exp(x); }
double numpyLog(double x) { return svmlChoice ? svmlLog(x) : ::log(x); }
double numpyPow(double x, double y) { return svmlChoice ? svmlPow(x, y) : ::pow(x, y); }
double numpyLog2(double x) { return svmlChoice ? svmlLog2(x) : ::log2(x); }
double numpySin(double x) { return svmlChoice ? svmlSin(x) : ::sin(x); }
double numpyCos(double x) { return svmlChoice ? svmlCos(x) : ::cos(x); }
double numpyTanh(double x) {
  return svmlChoice ? svmlTanh(x) : fmaTanhChoice ? fmaTanh(x) : ::tanh(x);
}
double numpyExp2(double x) { return svmlChoice ? svmlExp2(x) : ::exp2(x); }
double numpyExpm1(double x) { return svmlChoice ? svmlExpm1(x) : ::expm1(x); }
double numpyLog1p(double x) { return svmlChoice ? svmlLog1p(x) : ::log1p(x); }
double numpyCbrt(double x) { return svmlChoice ? svmlCbrt(x) : ::cbrt(x); }
double numpyLog10(double x) { return svmlChoice ? svmlLog10(x) : ::log10(x); }
double numpyArctan(double x) { return svmlChoice ? svmlArctan(x) : ::atan(x); }
double numpyArcsin(double x) { return svmlChoice ? svmlArcsin(x) : ::asin(x); }
double numpyTan(double x) { return svmlChoice ? svmlTan(x) : ::tan(x); }
double numpySinh(double x) { return svmlChoice ? svmlSinh(x) : ::sinh(x); }
double numpyCosh(double x) { return svmlChoice ? svmlCosh(x) : ::cosh(x); }
double numpyArcsinh(double x) { return svmlChoice ? svmlArcsinh(x) : ::asinh(x); }
double numpyArccosh(double x) { return svmlChoice ? svmlArccosh(x) : ::acosh(x); }
double numpyArctanh(double x) { return svmlChoice ? svmlArctanh(x) : ::atanh(x); }
double numpyArccos(double x) { return svmlChoice ? svmlArccos(x) : ::acos(x); }
double numpyArctan2(double y, double x) { return svmlChoice ? svmlArctan2(y, x) : ::atan2(y, x); }

#else

bool hostCanRunSvmlExpLog() { return false; }
double numpyExp(double x) { return ::exp(x); }
double numpyLog(double x) { return ::log(x); }
double numpyPow(double x, double y) { return ::pow(x, y); }
double numpyLog2(double x) { return ::log2(x); }
double numpySin(double x) { return ::sin(x); }
double numpyCos(double x) { return ::cos(x); }
double numpyTanh(double x) { return ::tanh(x); }
double numpyExp2(double x) { return ::exp2(x); }
double numpyExpm1(double x) { return ::expm1(x); }
double numpyLog1p(double x) { return ::log1p(x); }
double numpyCbrt(double x) { return ::cbrt(x); }
double numpyLog10(double x) { return ::log10(x); }
double numpyArctan(double x) { return ::atan(x); }
double numpyArcsin(double x) { return ::asin(x); }
double numpyTan(double x) { return ::tan(x); }
double numpySinh(double x) { return ::sinh(x); }
double numpyCosh(double x) { return ::cosh(x); }
double numpyArcsinh(double x) { return ::asinh(x); }
double numpyArccosh(double x) { return ::acosh(x); }
double numpyArctanh(double x) { return ::atanh(x); }
double numpyArccos(double x) { return ::acos(x); }
double numpyArctan2(double y, double x) { return ::atan2(y, x); }

#endif

} // namespace llcc
