//===- NumpyLog2Log10.h - numpy 1.24's float64 log2 and log10 on AVX-512 --===//
//
// numpy 1.24 on AVX512_SKX computes float64 np.log2 and np.log10 with its
// vendored SVML (__svml_log28, __svml_log108: numpy/SVML linux/avx512/
// svml_z0_log{2,10}_d_la.s), elsewhere with the C library. Both are
// NumpyExpLog.h's log with their own tables and polynomial: the mantissa
// in [1, 2) times its reciprocal rounded to 4 bits, a 16-entry table,
// a degree-9 polynomial, the exponent added (log10: times log10(2) in a
// fused multiply-add). Their scalar fallbacks are reached only for zero,
// negative and infinite arguments, which they answer as log does.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.log2 / np.log10 of one float64 as the current compilation's
/// choice makes them: SVML's (numpySvmlExpLog()) or the C library's.
double numpyLog2(double x);
double numpyLog10(double x);

namespace svml {

/// __svml_dlog2_data_internal_avx512: -log2 of the rounded reciprocal.
inline constexpr uint64_t Log2Table[16] = {
    0x0000000000000000, 0xbfb663f6fac91316, 0xbfc5c01a39fbd688, 0xbfcfbc16b902680a,
    0xbfd49a784bcd1b8b, 0xbfd91bba891f1709, 0xbfdd6753e032ea0f, 0xbfe0c10500d63aa6,
    0x3fda8ff971810a5e, 0x3fd6cb0f6865c8ea, 0x3fd32bfee370ee68, 0x3fcf5fd8a9063e35,
    0x3fc8a8980abfbd32, 0x3fc22dadc2ab3497, 0x3fb7d60496cfbb4c, 0x3fa77394c9d958d5};
/// Its broadcast constants at byte offsets 128, 192, ..., 768.
inline constexpr uint64_t Log2Consts[11] = {
    0x3ff0000000000000, 0x3fe8000000000000, 0x3fc4904bda0e1d12, 0xbfc71fb84deb5cce,
    0x3fca617351818613, 0xbfcec707e4e3144c, 0x3fd2776c5114d91a, 0xbfd71547653d0f8d,
    0x3fdec709dc3a029f, 0xbfe71547652b82d4, 0x3ff71547652b82fe};
/// __svml_dlog10_data_internal_avx512: -log10 of the rounded reciprocal.
inline constexpr uint64_t Log10Table[16] = {
    0x0000000000000000, 0xbf9af5f92b00e610, 0xbfaa30a9d609efea, 0xbfb31b3055c47118,
    0xbfb8cf183886480d, 0xbfbe3bc1ab0e19fe, 0xbfc1b3e71ec94f7b, 0xbfc42c7e7fe3fc02,
    0x3fbffbfc2bbc7803, 0x3fbb721cd17157e3, 0x3fb715d0ce367afc, 0x3fb2e3a740b7800f,
    0x3fadb11ed766abf4, 0x3fa5e3966b7e9295, 0x3f9cb38fccd8bfdb, 0x3f8c3d0837784c41};
/// Its broadcast constants at byte offsets 128, 192, ..., 832.
inline constexpr uint64_t Log10Consts[12] = {
    0x3ff0000000000000, 0x3fe8000000000000, 0x3fa8c2d828480370, 0xbfabd80d96029814,
    0x3fafc3f6f38b58a2, 0xbfb287a63464dc80, 0x3fb63c62777f27d9, 0xbfbbcb7b153c06a3,
    0x3fc287a7636f428c, 0xbfcbcb7b1526e4db, 0x3fdbcb7b1526e50e, 0x3fd34413509f79ff};

/// One lane of __svml_log28 (ten false) or __svml_log108 (ten true).
template <class Ops> typename Ops::F log2or10(Ops &o, typename Ops::F x, bool ten) {
  using F = typename Ops::F;
  const uint64_t *table = ten ? Log10Table : Log2Table;
  const uint64_t *consts = ten ? Log10Consts : Log2Consts;
  auto k = [&](unsigned offset) { return constD(o, consts[(offset - 128) / 64]); };
  F one = o.c(1.0);
  F m = o.getmant(x, 8); // [1, 2), NaN for a negative x
  F e = o.getexp(x);
  F rcp = o.roundscale(o.rcp14(m), 0x58);
  F r = o.fma(rcp, m, o.neg(one));
  auto low = o.olt(rcp, o.c(0.75));
  F p8 = o.fma(r, k(512), k(576));
  F p0 = o.fma(r, k(256), k(320));
  F p14 = o.fma(r, k(384), k(448));
  F r2 = o.mul(r, r);
  F p12 = o.fma(r, k(640), k(704));
  e = o.select(low, o.add(e, one), e);
  F r4 = o.mul(r2, r2);
  p0 = o.fma(r2, p0, p14);
  p8 = o.fma(r2, p8, p12);
  F t = o.table(table, 16, o.andI(o.lshrI(o.bits(rcp), o.ci(48)), o.ci(15)));
  p0 = o.fma(r4, p0, p8);
  p0 = o.fma(r, p0, k(768));
  F s = o.fma(p0, r, t);
  F res = ten ? o.fma(k(832), e, s) : o.add(e, s);
  // vfpclasspd 0x5e: +-0, +-inf, negative finite (a NaN is not flagged);
  // the fallbacks: +inf is itself, +-0 is -inf, the rest NaN.
  F inf = constD(o, 0x7ff0000000000000);
  auto rare = o.orB(o.ole(x, o.c(0.0)), o.oeq(x, inf));
  return o.ifElse(
      rare,
      [&]() -> F {
        return o.select(o.oeq(x, inf), x,
                        o.select(o.oeq(x, o.c(0.0)), constD(o, 0xfff0000000000000),
                                 constD(o, 0xfff8000000000000)));
      },
      [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
