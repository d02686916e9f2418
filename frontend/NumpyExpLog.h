//===- NumpyExpLog.h - numpy 1.24's float64 exp and log on AVX-512 --------===//
//
// numpy 1.24 on a CPU with AVX512_SKX (AVX512F, CD, BW, DQ and VL), as
// built on Linux x86-64 (Debian's python3-numpy, the wheels), computes
// float64 np.exp and np.log with its vendored SVML (loops_exponent_log
// .dispatch.c.src, simd_exp_f64 / simd_log_f64 calling __svml_exp8 and
// __svml_log8, numpy/SVML linux/avx512/svml_z0_{exp,log}_d_la.s), not
// with the C library; elsewhere it calls the C library's exp and log.
// The SVML routines differ from glibc in the last bit for about a quarter
// of the inputs (bench/notes.md).
//
// This file holds those two routines once, as a template over the
// operations they use (each lane of the vector code is independent, so
// one lane is the whole algorithm): the constant folder instantiates it
// with doubles (NumpyExpLog.cpp) and code generation with LLVM IR
// (codegen/NumpyExpLog.cpp). Each operation is the instruction SVML
// executes: a fused multiply-add where it has one (one of them rounding
// toward zero), AVX-512's vscalefpd, vgetmantpd, vgetexppd, vrcp14pd
// (an approximation whose exact value is the hardware's) and vrndscalepd,
// its tables bit for bit, and the special cases of its scalar fallbacks
// (__svml_dexp_cout_rare_internal, __svml_dlog_cout_rare_internal) for
// the lanes the vector code flags.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>

namespace llcc {

/// Whether np.exp, np.log, np.power and the other ported functions of
/// float64 (NumpyPow.h, NumpySinCos.h, ...) follow numpy's SVML routines in
/// the compilation running on this thread (the constant folder and code
/// generation both ask). The driver sets it from the target CPU
/// (numpyExpLogUsesSvml in backend/Backend.h); off by default, which
/// keeps the C library.
bool numpySvmlExpLog();
void setNumpySvmlExpLog(bool on);

/// Whether np.tanh follows numpy's own FMA loop (simd_tanh_f64, NumpyTanh.h)
/// without the rest of SVML: numpy 1.24 dispatches that loop on CPUs with
/// AVX2 and FMA3 too (targetHasAvx2Fma in backend/Backend.h). The loop is
/// plain fused multiply-adds, so any machine can fold it.
bool numpyFmaTanh();
void setNumpyFmaTanh(bool on);

/// Whether this machine can run the SVML routines (AVX512F and AVX512DQ,
/// and the OS saves the AVX-512 state): the constant folder executes the
/// same instructions as the generated code.
bool hostCanRunSvmlExpLog();

/// numpy's np.exp / np.log of one float64 as the current compilation's
/// choice makes them: SVML's (when numpySvmlExpLog()) or the C library's.
double numpyExp(double x);
double numpyLog(double x);

namespace svml {

/// __svml_dexp_data_internal_avx512: 2^(j/16), j = 0..15.
inline constexpr uint64_t ExpTable[16] = {
    0x3ff0000000000000, 0x3ff0b5586cf9890f, 0x3ff172b83c7d517b, 0x3ff2387a6e756238,
    0x3ff306fe0a31b715, 0x3ff3dea64c123422, 0x3ff4bfdad5362a27, 0x3ff5ab07dd485429,
    0x3ff6a09e667f3bcd, 0x3ff7a11473eb0187, 0x3ff8ace5422aa0db, 0x3ff9c49182a3f090,
    0x3ffae89f995ad3ad, 0x3ffc199bdd85529c, 0x3ffd5818dcfba487, 0x3ffea4afa2a490da};

/// _imldExpHATab (the scalar fallback's): 2^(j/64) as a high and a low
/// part, j = 0..63.
inline constexpr uint64_t ExpRareTable[128] = {
    0x3ff0000000000000, 0x0000000000000000, 0x3ff02c9a3e778061, 0xbc7160139cd8dc5d,
    0x3ff059b0d3158574, 0x3c8cd2523567f613, 0x3ff0874518759bc8, 0x3c60f74e61e6c861,
    0x3ff0b5586cf9890f, 0x3c979aa65d837b6d, 0x3ff0e3ec32d3d1a2, 0x3c3ebe3d702f9cd1,
    0x3ff11301d0125b51, 0xbc9556522a2fbd0e, 0x3ff1429aaea92de0, 0xbc91c923b9d5f416,
    0x3ff172b83c7d517b, 0xbc801b15eaa59348, 0x3ff1a35beb6fcb75, 0x3c8b898c3f1353bf,
    0x3ff1d4873168b9aa, 0x3c9aecf73e3a2f60, 0x3ff2063b88628cd6, 0x3c8a6f4144a6c38d,
    0x3ff2387a6e756238, 0x3c968efde3a8a894, 0x3ff26b4565e27cdd, 0x3c80472b981fe7f2,
    0x3ff29e9df51fdee1, 0x3c82f7e16d09ab31, 0x3ff2d285a6e4030b, 0x3c8b3782720c0ab4,
    0x3ff306fe0a31b715, 0x3c834d754db0abb6, 0x3ff33c08b26416ff, 0x3c8fdd395dd3f84a,
    0x3ff371a7373aa9cb, 0xbc924aedcc4b5068, 0x3ff3a7db34e59ff7, 0xbc71d1e83e9436d2,
    0x3ff3dea64c123422, 0x3c859f48a72a4c6d, 0x3ff4160a21f72e2a, 0xbc58a78f4817895b,
    0x3ff44e086061892d, 0x3c4363ed60c2ac11, 0x3ff486a2b5c13cd0, 0x3c6ecce1daa10379,
    0x3ff4bfdad5362a27, 0x3c7690cebb7aafb0, 0x3ff4f9b2769d2ca7, 0xbc8f94340071a38e,
    0x3ff5342b569d4f82, 0xbc78dec6bd0f385f, 0x3ff56f4736b527da, 0x3c93350518fdd78e,
    0x3ff5ab07dd485429, 0x3c9063e1e21c5409, 0x3ff5e76f15ad2148, 0x3c9432e62b64c035,
    0x3ff6247eb03a5585, 0xbc8c33c53bef4da8, 0x3ff6623882552225, 0xbc93cedd78565858,
    0x3ff6a09e667f3bcd, 0xbc93b3efbf5e2228, 0x3ff6dfb23c651a2f, 0xbc6367efb86da9ee,
    0x3ff71f75e8ec5f74, 0xbc781f647e5a3ecf, 0x3ff75feb564267c9, 0xbc8619321e55e68a,
    0x3ff7a11473eb0187, 0xbc7b32dcb94da51d, 0x3ff7e2f336cf4e62, 0x3c65ebe1abd66c55,
    0x3ff82589994cce13, 0xbc9369b6f13b3734, 0x3ff868d99b4492ed, 0xbc94d450d872576e,
    0x3ff8ace5422aa0db, 0x3c8db72fc1f0eab4, 0x3ff8f1ae99157736, 0x3c7bf68359f35f44,
    0x3ff93737b0cdc5e5, 0xbc5da9b88b6c1e29, 0x3ff97d829fde4e50, 0xbc92434322f4f9aa,
    0x3ff9c49182a3f090, 0x3c71affc2b91ce27, 0x3ffa0c667b5de565, 0xbc87c50422622263,
    0x3ffa5503b23e255d, 0xbc91bbd1d3bcbb15, 0x3ffa9e6b5579fdbf, 0x3c8469846e735ab3,
    0x3ffae89f995ad3ad, 0x3c8c1a7792cb3387, 0x3ffb33a2b84f15fb, 0xbc55c3d956dcaeba,
    0x3ffb7f76f2fb5e47, 0xbc68d6f438ad9334, 0x3ffbcc1e904bc1d2, 0x3c74ffd70a5fddcd,
    0x3ffc199bdd85529c, 0x3c736eae30af0cb3, 0x3ffc67f12e57d14b, 0x3c84e08fd10959ac,
    0x3ffcb720dcef9069, 0x3c676b2c6c921968, 0x3ffd072d4a07897c, 0xbc8fad5d3ffffa6f,
    0x3ffd5818dcfba487, 0x3c74a385a63d07a7, 0x3ffda9e603db3285, 0x3c8e5a50d5c192ac,
    0x3ffdfc97337b9b5f, 0xbc82d52107b43e1f, 0x3ffe502ee78b3ff6, 0x3c74b604603a88d3,
    0x3ffea4afa2a490da, 0xbc8ff7128fd391f0, 0x3ffefa1bee615a27, 0x3c8ec3bc41aa2008,
    0x3fff50765b6e4540, 0x3c8a64a931d185ee, 0x3fffa7c1819e90d8, 0x3c77893b4d91cd9d};

/// __svml_dlog_data_internal_avx512: -log(2 c) for the rounded reciprocal
/// c = 0.5 + j/32 (j = 0..7, the exponent gets one more), -log(c) for
/// c = 0.5 + j/32 (j = 8..15).
inline constexpr uint64_t LogTable[16] = {
    0x0000000000000000, 0xbfaf0a30c01162a6, 0xbfbe27076e2af2e6, 0xbfc5ff3070a793d4,
    0xbfcc8ff7c79a9a22, 0xbfd1675cababa60e, 0xbfd4618bc21c5ec2, 0xbfd739d7f6bbd007,
    0x3fd269621134db92, 0x3fcf991c6cb3b379, 0x3fca93ed3c8ad9e3, 0x3fc5bf406b543db2,
    0x3fc1178e8227e47c, 0x3fb9335e5d594989, 0x3fb08598b59e3a07, 0x3fa0415d89e74444};

/// The operations on one lane, for `Ops`: types F (a double), I (its 64
/// bits) and B (a condition); c(double), ci(uint64_t); neg, add, sub, mul, fma
/// (rounding to nearest), fmaRZ (rounding toward zero); bits, fromBits,
/// andI, shlI, lshrI, addI, ultI (64-bit integers; the scalar fallback's
/// 32-bit arithmetic is masked explicitly); olt, ole, oeq (ordered
/// comparisons), notB, orB; select; ifElse(B, then, else) evaluating only
/// the one it takes; table(const uint64_t *, size_t, I index); scalef,
/// getmant(x, imm), getexp, rcp14, roundscale(x, imm) as AVX-512 scalar
/// instructions. Only the lanes' common path and the fallbacks' branches
/// that __svml_exp8 and __svml_log8 can reach are here (the log fallback's
/// positive-argument path serves other callers).
template <class Ops> typename Ops::F constD(Ops &o, uint64_t bits) {
  return o.fromBits(o.ci(bits));
}
template <class Ops> using Cond = typename Ops::B;

/// __svml_dexp_cout_rare_internal for the lanes __svml_exp8 flags:
/// |x| >= 0x1.61da04cbafe44p+9 (707.70...), x not NaN.
template <class Ops> typename Ops::F expRare(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  F inf = constD(o, 0x7ff0000000000000);
  auto general = [&]() -> F {
    F t = o.mul(x, constD(o, 0x40571547652b82fe)); // 64 / ln 2
    F shifter = constD(o, 0x4338000000000000);     // 1.5 * 2^52
    F s = o.add(t, shifter);
    I n32 = o.andI(o.bits(s), o.ci(0xffffffff));
    I j = o.andI(n32, o.ci(63));
    F kd = o.sub(s, shifter);
    F r = o.sub(x, o.mul(kd, constD(o, 0x3f862e42fefa0000)));
    r = o.sub(r, o.mul(kd, constD(o, 0x3d1cf79abc9e3b3a)));
    F p = o.mul(constD(o, 0x3f56c16a1c2a3ffd), r);
    p = o.mul(o.add(p, constD(o, 0x3f8111123aaf20d3)), r);
    p = o.mul(o.add(p, constD(o, 0x3fa5555555558fcc)), r);
    p = o.mul(o.add(p, constD(o, 0x3fc55555555548f8)), r);
    p = o.mul(o.add(p, constD(o, 0x3fe0000000000000)), r);
    p = o.add(o.mul(p, r), r);
    I j2 = o.shlI(j, o.ci(1));
    F hi = o.table(ExpRareTable, 128, j2);
    F lo = o.table(ExpRareTable, 128, o.addI(j2, o.ci(1)));
    F q = o.mul(o.add(p, lo), hi);
    I m32 = o.lshrI(n32, o.ci(6)); // a 32-bit logical shift
    auto scale = [&](I e) { return o.fromBits(o.shlI(e, o.ci(52))); };
    F twoM60 = constD(o, 0x3c30000000000000);
    auto deepUnderflow = [&]() -> F {
      I e = o.andI(o.addI(m32, o.ci(1083)), o.ci(2047));
      F sc = scale(e);
      F a = o.mul(q, sc);
      F b = o.mul(sc, hi);
      F sum = o.add(b, a);
      return o.ifElse(
          o.ultI(o.ci(50), e),
          [&]() -> F {
            F u = o.add(o.sub(b, sum), a);
            F v = o.mul(sum, constD(o, 0x41f8000000000000));
            F w = o.add(sum, v);
            F h = o.sub(w, v);
            F l = o.add(u, o.sub(sum, h));
            return o.add(o.mul(h, twoM60), o.mul(l, twoM60));
          },
          [&]() -> F { return o.mul(sum, twoM60); });
    };
    auto normal = [&]() -> F {
      I e = o.andI(o.addI(m32, o.ci(1023)), o.ci(2047));
      F q2 = o.add(q, hi);
      return o.ifElse(
          o.ultI(o.ci(2046), e),
          [&]() -> F { return o.mul(o.mul(q2, scale(o.ci(2046))), constD(o, 0x4000000000000000)); },
          [&]() -> F { return o.mul(q2, scale(e)); });
    };
    return o.ifElse(o.olt(x, constD(o, 0xc086232bdd7abcd2)), deepUnderflow, normal);
  };
  F maxD = constD(o, 0x7fefffffffffffff);
  F minN = constD(o, 0x0010000000000001);
  return o.ifElse(
      o.oeq(o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff))), inf),
      [&]() -> F { return o.select(o.olt(x, o.c(0.0)), o.c(0.0), o.mul(x, x)); },
      [&]() -> F {
        return o.ifElse(
            o.notB(o.ole(x, constD(o, 0x40862e42fefa39ef))),
            [&]() -> F { return o.mul(maxD, maxD); },
            [&]() -> F {
              return o.ifElse(
                  o.olt(x, constD(o, 0xc0874910d52d3051)), [&]() -> F { return o.mul(minN, minN); },
                  general);
            });
      });
}

/// One lane of __svml_exp8 (svml_z0_exp_d_la.s).
template <class Ops> typename Ops::F exp(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  // N = x * log2(e) to 4 fractional bits, rounded toward zero, plus
  // 1.5 * 2^48 + 1023 (0x1.8000000003ff0p+48).
  F shifter = constD(o, 0x42f8000000003ff0);
  F z = o.fmaRZ(x, constD(o, 0x3ff71547652b82fe), shifter);
  F n = o.sub(z, shifter);
  F th = o.table(ExpTable, 16, o.andI(o.bits(z), o.ci(15)));
  F r = o.fma(o.neg(n), constD(o, 0x3fe62e42fefa39ef), x);
  r = o.fma(o.neg(constD(o, 0x3c7abc9e3b39803f)), n, r);
  r = o.fromBits(o.andI(o.bits(r), o.ci(0xbfffffffffffffff))); // |R| < 2
  F r2 = o.mul(r, r);
  F p56 = o.fma(constD(o, 0x3f572eb5ef0d213d), r, constD(o, 0x3f81106603d97c00));
  F p34 = o.fma(constD(o, 0x3fa555564bb4f5f0), r, constD(o, 0x3fc5555554b508a2));
  F r3 = o.mul(r2, r);
  F p12 = o.fma(r2, constD(o, 0x3fe0000000002622), r);
  F p36 = o.fma(r2, p56, p34);
  F p16 = o.fma(r3, p36, p12);
  F res = o.fma(th, p16, th);
  res = o.scalef(res, n);
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  // vcmppd GE_OQ: a NaN is not flagged and stays a NaN.
  F threshold = constD(o, 0x40861da04cbafe44);
  Cond<Ops> rare = o.ole(threshold, ax);
  return o.ifElse(
      rare, [&]() -> F { return expRare(o, x); }, [&]() -> F { return res; });
}

/// One lane of __svml_log8 (svml_z0_log_d_la.s).
template <class Ops> typename Ops::F log(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  F one = o.c(1.0);
  F m = o.getmant(x, 8); // [1, 2), NaN for a negative x
  F e = o.getexp(x);
  F rcp = o.roundscale(o.rcp14(m), 0x58); // to 4 bits of mantissa, nearest
  F r = o.fma(rcp, m, o.c(-1.0));
  Cond<Ops> low = o.olt(rcp, o.c(0.75));
  F q1 = o.fma(constD(o, 0x3fc249229cee81ef), r, constD(o, 0xbfc55553fb28db06));
  F p1 = o.fma(constD(o, 0x3fbc81cd309d7c70), r, constD(o, 0xbfc007357e93af62));
  F q2 = o.fma(constD(o, 0x3fd5555555555466), r, constD(o, 0xbfdfffffffffffc6));
  F r2 = o.mul(r, r);
  F p2 = o.fma(constD(o, 0x3fc9999999cc9f5c), r, constD(o, 0xbfd00000000c05bd));
  F t = o.table(LogTable, 16, o.andI(o.lshrI(o.bits(rcp), o.ci(48)), o.ci(15)));
  e = o.select(low, o.add(e, one), e);
  F r4 = o.mul(r2, r2);
  p1 = o.fma(r2, p1, q1);
  p2 = o.fma(r2, p2, q2);
  F p = o.fma(r4, p1, p2);
  p = o.fma(r2, p, r);
  F s = o.add(t, p);
  F res = o.fma(constD(o, 0x3fe62e42fefa39ef), e, s);
  // vfpclasspd 0x5e: +-0, +-inf, negative finite (a NaN is not flagged).
  Cond<Ops> rare = o.orB(o.ole(x, o.c(0.0)), o.oeq(x, constD(o, 0x7ff0000000000000)));
  return o.ifElse(
      rare,
      [&]() -> F {
        // __svml_dlog_cout_rare_internal: +inf is x * x, +-0 is -1 / 0,
        // the rest 0 / 0 (x86's default NaN, sign set).
        return o.select(o.oeq(x, constD(o, 0x7ff0000000000000)), x,
                        o.select(o.oeq(x, o.c(0.0)), constD(o, 0xfff0000000000000),
                                 constD(o, 0xfff8000000000000)));
      },
      [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
