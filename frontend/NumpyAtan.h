//===- NumpyAtan.h - numpy 1.24's float64 arctan on AVX-512 --------------===//
//
// numpy 1.24 computes float64 np.arctan on AVX512_SKX with its vendored
// SVML (loops_umath_fp.dispatch.c.src calling __svml_atan8, numpy/SVML
// 1c5260a linux/avx512/svml_z0_atan_d_la.s), elsewhere with the C
// library; the two differ in the last bit for about a quarter of the
// arguments. One lane: |x| rounded to a quarter (b = j/4, vreducepd),
// s = (|x| - b) / (1 + b |x|) from a vrcp14pd reciprocal refined by fused
// multiply-adds and rescaled with vscalefpd (for |x| >= 7.875: -1 / |x|,
// the table's pi/2), atan(j/4) from a 32-entry table, an odd polynomial
// in s, x's sign restored. No scalar fallback: infinities and NaN take
// the same path. A template over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.arctan of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyArctan(double x);

namespace svml {

/// __svml_datan_data_internal_avx512's two vpermt2pd tables: atan(j/4),
/// j = 0..31.
inline constexpr uint64_t AtanTable[32] = {
    0x0000000000000000, 0x3fcf5b75f92c80dd, 0x3fddac670561bb4f, 0x3fe4978fa3269ee1,
    0x3fe921fb54442d18, 0x3fecac7c57846f9e, 0x3fef730bd281f69b, 0x3ff0d38f2c5ba09f,
    0x3ff1b6e192ebbe44, 0x3ff270ef55a53a25, 0x3ff30b6d796a4da8, 0x3ff38d6a6ce13353,
    0x3ff3fc176b7a8560, 0x3ff45b54837351a0, 0x3ff4ae10fc6589a5, 0x3ff4f68dea672617,
    0x3ff5368c951e9cfd, 0x3ff56f6f33a3e6a7, 0x3ff5a25052114e60, 0x3ff5d013c41adabd,
    0x3ff5f97315254857, 0x3ff61f06c6a92b89, 0x3ff6414d44094c7c, 0x3ff660b02c736a06,
    0x3ff67d8863bc99bd, 0x3ff698213a9d5053, 0x3ff6b0bae830c070, 0x3ff6c78c7edeb195,
    0x3ff6dcc57bb565fd, 0x3ff6f08f07435fec, 0x3ff7030cf9403197, 0x3ff7145eac2088a4};

/// One lane of __svml_atan8.
template <class Ops> typename Ops::F atan(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  I signBit = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  F shifter = constD(o, 0x4318000000000000); // 1.5 * 2^50: quarters
  F shifted = o.add(ax, shifter);
  auto large = o.ole(o.c(7.875), ax);
  F diff = o.reduce(ax, 0x28); // |x| - |x| rounded to a quarter
  F b = o.sub(shifted, shifter);
  // s = diff / y: y = 1 + b |x|, or -1 / min(|x|, 2^128) for large |x|.
  diff = o.select(large, o.c(-1.0), diff);
  F y = o.fma(b, ax, o.c(1.0));
  F cap = constD(o, 0x47f0000000000000);
  y = o.select(large, o.select(o.olt(cap, ax), cap, ax), y);
  F mDiff = o.getmant(diff, 0);
  F eDiff = o.getexp(diff);
  F mY = o.getmant(y, 0);
  F eY = o.getexp(y);
  F scale = o.sub(eDiff, eY);
  F rcp = o.rcp14(mY);
  // The table: the shifted value's low 4 bits, the upper half from j = 16.
  I j = o.andI(o.bits(shifted), o.ci(15));
  j = o.selectI(o.ole(constD(o, 0x4318000000000010), shifted), o.addI(j, o.ci(16)), j);
  F t = o.table(AtanTable, 32, j);
  F q = o.mul(mDiff, rcp);
  F e = o.fma(o.neg(mY), rcp, o.c(1.0));
  F rem = o.fma(o.neg(q), mY, mDiff);
  e = o.fma(e, e, e);
  e = o.fma(e, rcp, rcp);
  F s = o.scalef(o.fma(rem, e, q), scale);
  t = o.select(large, constD(o, 0x3ff921fb54442d18), t);
  F s2 = o.mul(s, s);
  F s4 = o.mul(s2, s2);
  F s3 = o.mul(s, s2);
  F p = o.fma(s2, constD(o, 0x3fb2e9b9f5c4fe97), constD(o, 0xbfb74257c46790cc));
  F p2 = o.fma(s2, constD(o, 0x3fbc71bfeff916a0), constD(o, 0xbfc249248eef04da));
  F p1 = o.fma(constD(o, 0x3fc999999998741e), s2, constD(o, 0xbfd555555555554d));
  p = o.fma(p, s4, p2);
  p = o.fma(p, s4, p1);
  p = o.fma(p, s3, s);
  F r = o.add(p, t);
  return o.fromBits(o.xorI(o.bits(r), signBit));
}

} // namespace svml
} // namespace llcc
