//===- NumpyAtanh.h - numpy 1.24's float64 arctanh on AVX-512 ------------===//
//
// numpy 1.24 computes float64 np.arctanh on AVX512_SKX with its vendored
// SVML (loops_umath_fp.dispatch.c.src calling __svml_atanh8, numpy/SVML
// 1c5260a linux/avx512/svml_z0_atanh_d_la.s), elsewhere with the C
// library; they differ in the last bit for about a fifth of the arguments.
// One lane: atanh(y) = (log(1 + y) - log(1 - y)) / 2 for y = |x|, each log
// from a vrcp14pd reciprocal rounded to 1 + 4 bits (a 16-entry table of
// -log of it in two parts, its exponent), the reduced argument with 1 +- y's
// rounding error folded in, a degree-9 polynomial; x's sign on the 1/2.
// |x| >= 1 and NaN take the scalar fallback: +-inf at +-1, NaN beyond.
// A template over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.arctanh of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyArctanh(double x);

namespace svml {

/// __svml_datanh_data_internal_avx512: -log(c) high parts, then low
/// parts, for the rounded reciprocals c (index: its bits 48..51).
inline constexpr uint64_t AtanhTable[32] = {
    0x0000000000000000, 0x3faf0a30c0100000, 0x3fbe27076e2a0000, 0x3fc5ff3070a80000,
    0x3fcc8ff7c79b0000, 0x3fd1675cabab8000, 0x3fd4618bc21c8000, 0x3fd739d7f6bc0000,
    0x3fd9f323ecbf8000, 0x3fdc8ff7c79a8000, 0x3fdf128f5faf0000, 0x3fe0be72e4254000,
    0x3fe1e85f5e704000, 0x3fe307d7334f0000, 0x3fe41d8fe8468000, 0x3fe52a2d265bc000,
    0x0000000000000000, 0x3d662a6617cc9717, 0x3d6e5cbd3d50fffc, 0xbd6b0b0de3077d7e,
    0xbd697794f689f843, 0x3d630701ce63eab9, 0xbd609ec17a426426, 0xbd67fcb18ed9d603,
    0x3d584bf2b68d766f, 0x3d5a21ac25d81ef3, 0x3d3bb2cd720ec44c, 0xbd657d49676844cc,
    0x3d1a07bd8b34be7c, 0x3d60be1fb590a1f5, 0xbd5aa33736867a17, 0x3d46abb9df22bc57};

/// One lane of __svml_atanh8.
template <class Ops> typename Ops::F atanh(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F one = o.c(1.0);
  F y = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  I sign = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F yp = o.add(y, one), ym = o.sub(one, y);
  F ypHigh = o.sub(yp, one), ymHighNeg = o.sub(ym, one);
  auto round = [&](F r) {
    return o.fromBits(o.andI(o.addI(o.bits(r), o.ci(0x0000800000000000)), o.ci(0xffff000000000000)));
  };
  F rcpP = round(o.rcp14(yp)), rcpM = round(o.rcp14(ym));
  F ypLow = o.sub(y, ypHigh);
  F ymLow = o.add(y, ymHighNeg);
  F rp = o.fma(rcpP, yp, o.neg(one));
  F rm = o.fma(ym, rcpM, o.neg(one));
  F kp = o.getexp(rcpP), km = o.getexp(rcpM);
  rp = o.fma(ypLow, rcpP, rp);
  rm = o.fma(o.neg(ymLow), rcpM, rm);
  I ip = o.andI(o.lshrI(o.bits(rcpP), o.ci(48)), o.ci(15));
  I im = o.andI(o.lshrI(o.bits(rcpM), o.ci(48)), o.ci(15));
  F kd = o.sub(km, kp);
  F thP = o.table(AtanhTable, 32, ip), tlP = o.table(AtanhTable, 32, o.addI(ip, o.ci(16)));
  F thM = o.table(AtanhTable, 32, im), tlM = o.table(AtanhTable, 32, o.addI(im, o.ci(16)));
  static constexpr uint64_t Poly[] = {0xbfc0073cb82e8b70, 0x3fc2492298ffdae8, 0xbfc55553f871e5c5,
                                      0x3fc9999999cd394a, 0xbfd00000000c2a01, 0x3fd5555555555462,
                                      0xbfdfffffffffffc5, 0x3ff0000000000000};
  F pp = o.fma(k(0x3fbc81dd40d38142), rp, k(Poly[0]));
  F pm = o.fma(k(0x3fbc81dd40d38142), rm, k(Poly[0]));
  F tl = o.sub(tlM, tlP);
  F th = o.sub(thM, thP);
  pp = o.fma(pp, rp, k(Poly[1]));
  pm = o.fma(pm, rm, k(Poly[1]));
  pp = o.fma(pp, rp, k(Poly[2]));
  pm = o.fma(pm, rm, k(Poly[2]));
  th = o.fma(k(0x3fe62e42fefa0000), kd, th);
  F lo = o.fma(k(0x3d7cf79abc9e0000), kd, tl);
  for (int i = 3; i < 8; ++i) {
    pp = o.fma(pp, rp, k(Poly[i]));
    pm = o.fma(pm, rm, k(Poly[i]));
  }
  pp = o.fma(pp, rp, lo);
  F half = o.fromBits(o.orI(sign, o.ci(0x3fe0000000000000)));
  F r = o.mul(o.add(th, o.fma(o.neg(rm), pm, pp)), half);
  // The fallback: NaN stays NaN (x * x), +-1 gives x / 0, beyond 1 0 * inf.
  auto outside = o.notB(o.olt(y, one));
  return o.select(
      outside,
      o.select(o.oeq(y, one), o.div(x, o.c(0.0)),
               o.select(o.oeq(x, x), constD(o, 0xfff8000000000000), o.mul(x, x))),
      r);
}

} // namespace svml
} // namespace llcc
