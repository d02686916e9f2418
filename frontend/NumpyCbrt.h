//===- NumpyCbrt.h - numpy 1.24's float64 cbrt on AVX-512 -----------------===//
//
// numpy 1.24 on AVX512_SKX computes float64 np.cbrt with its vendored SVML
// (__svml_cbrt8: numpy/SVML linux/avx512/svml_z0_cbrt_d_la.s), elsewhere
// with the C library. One lane, no scalar fallback: the mantissa in
// [1, 2) (its sign kept) times its reciprocal rounded to 4 bits, the
// exponent split into 3q + k with float arithmetic (k picks 2^(k/3) in
// two parts by the bits of a float, as vpermpd reads them), 1 / cbrt of
// the reciprocal scaled by 2^q, a degree-9 polynomial, x's sign or-ed in.
// A template over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.cbrt of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyCbrt(double x);

namespace svml {

/// __svml_dcbrt_data_internal_avx512's tables: 2^(k/3) high (0..7) and
/// low (8..15) by k = exponent mod 3 (vpermpd), and 1 / cbrt of the
/// rounded reciprocal (16..31, vpermt2pd).
inline constexpr uint64_t CbrtTable[32] = {
    0x3ff0000000000000, 0x3ff428a2f98d728b, 0x3ff965fea53d6e3d, 0x0000000000000000,
    0xbff0000000000000, 0xbff428a2f98d728b, 0xbff965fea53d6e3d, 0x0000000000000000,
    0x0000000000000000, 0xbc7ddc22548ea41e, 0xbc9f53e999952f09, 0x0000000000000000,
    0x0000000000000000, 0x3c7ddc22548ea41e, 0x3c9f53e999952f09, 0x0000000000000000,
    0x3ff428a2f98d728b, 0x3ff361f35ca116ff, 0x3ff2b6b5edf6b54a, 0x3ff220e6dd675180,
    0x3ff19c3b38e975a8, 0x3ff12589c21fb842, 0x3ff0ba6ee5f9aad4, 0x3ff059123d3a9848,
    0x3ff0000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
    0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000};
/// Its broadcast constants at byte offsets 256, 320, ....
inline constexpr uint64_t CbrtConsts[18] = {
    0xbc7ddc22548ea41e, 0x0000000000000000, 0x4338000000000000, 0x8000000000000000,
    0x3fd5555555555556, 0x4320000000000000, 0x4008000000000000, 0x3ff0000000000000,
    0xbf882e3b6adeca62, 0x3f8bda24bae48875, 0xbf9036b87c71d55f, 0x3f9374ed9398b914,
    0xbf98090d77f2468e, 0x3f9ee71141dcf569, 0xbfa511e8d2b0363e, 0x3faf9add3c0b7e31,
    0xbfbc71c71c71c741, 0x3fd5555555555557};

/// One lane of __svml_cbrt8 (svml_z0_cbrt_d_la.s).
template <class Ops> typename Ops::F cbrt(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  auto k = [&](unsigned offset) { return constD(o, CbrtConsts[(offset - 256) / 64]); };
  F m = o.getmant(x, 0); // [1, 2) with x's sign
  F e = o.getexp(x);
  F rcp = o.rcp14(m);
  F z = o.add(e, k(384));
  auto sign = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F rcpr = o.roundscale(rcp, 0x48);
  F t = o.fma(z, k(512), o.neg(k(576)));
  F r = o.fma(m, rcpr, o.neg(k(704)));
  F q = o.roundscale(t, 0x09); // down
  F p9 = o.fma(r, k(896), k(960));
  F km = o.fma(o.neg(q), k(640), z); // its low bits: the exponent mod 3
  auto ki = o.andI(o.bits(km), o.ci(7));
  F ta = o.table(CbrtTable, 32, ki);
  F tb = o.table(CbrtTable, 32, o.addI(ki, o.ci(8)));
  F tc = o.table(CbrtTable, 32,
                 o.addI(o.andI(o.lshrI(o.bits(rcpr), o.ci(49)), o.ci(15)), o.ci(16)));
  F p11 = o.fma(r, k(1024), k(1088));
  F sc = o.scalef(tc, q);
  F p1 = o.fma(r, k(768), k(832));
  F p14 = o.fma(r, k(1280), k(1344));
  F r2 = o.mul(r, r);
  F p13 = o.fma(r, k(1152), k(1216));
  F ar = o.mul(ta, r);
  p1 = o.fma(r2, p1, p9);
  p1 = o.fma(r2, p1, p11);
  p1 = o.fma(r2, p1, p13);
  p1 = o.fma(r2, p1, p14);
  ar = o.fma(p1, ar, tb);
  F res = o.mul(o.add(ar, ta), sc);
  return o.fromBits(o.orI(o.bits(res), sign));
}

} // namespace svml
} // namespace llcc
