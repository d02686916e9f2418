//===- NumpyTan.h - numpy 1.24's float64 tan on AVX-512 ------------------===//
//
// numpy 1.24 computes float64 np.tan on AVX512_SKX with its vendored SVML
// (loops_umath_fp.dispatch.c.src calling __svml_tan8, numpy/SVML 1c5260a
// linux/avx512/svml_z0_tan_d_la.s), elsewhere with the C library; the two
// differ in the last bit for about 40% of the arguments. One lane: x =
// N pi/16 + R (|x| <= 128000: N from x 16/pi and a shifter, R in three
// fused multiply-adds; above: NumpySinCos.h's long reduction to 2pi/512
// turns, regrouped to pi/16 steps), tan(R) by an odd polynomial, and
// (tan(N pi/16) + tan R) / (1 - tan(N pi/16) tan R) from a 16-entry table
// with a vrcp14pd reciprocal and two Newton steps. Infinities and NaN give
// NaN (the scalar fallback). A template over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpySinCos.h"

namespace llcc {

/// numpy's np.tan of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyTan(double x);

namespace svml {

/// __svml_dtan_data_internal's vpermt2pd table: tan(k pi/16), k = 0..15
/// (k = 8 is -DBL_MAX).
inline constexpr uint64_t TanTable[16] = {
    0x8000000000000000, 0x3fc975f5e0553158, 0x3fda827999fcef32, 0x3fe561b82ab7f990,
    0x3ff0000000000000, 0x3ff7f218e25a7461, 0x4003504f333f9de6, 0x40141bfee2424771,
    0xffefffffffffffff, 0xc0141bfee2424771, 0xc003504f333f9de6, 0xbff7f218e25a7461,
    0xbff0000000000000, 0xbfe561b82ab7f990, 0xbfda827999fcef32, 0xbfc975f5e0553158};

/// One lane of __svml_tan8.
template <class Ops> typename Ops::F tan(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F shifter = k(0x4338000000000000);
  F z = o.fma(x, k(0x40145f306dc9c883), shifter); // x 16/pi + 1.5 * 2^52
  F n = o.sub(z, shifter);
  F rm = o.fma(o.neg(n), k(0x3fc921fb54442d18), x);
  rm = o.fma(o.neg(k(0x3c61a62633145c06)), n, rm);
  rm = o.fma(o.neg(k(0x391c1cd129024e09)), n, rm);
  I idx = o.andI(o.bits(z), o.ci(15));
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  // vcmppd NLE_UQ: |x| > 128000 or NaN takes the long reduction.
  auto large = o.notB(o.ole(ax, k(0x40ff400000000000)));
  auto finish = [&](F r, I j) -> F {
    F t = o.table(TanTable, 16, j);
    F r2 = o.mul(r, r);
    F p = o.fma(r2, k(0x3f825cccc7c9fa5d), k(0x3f9664ab664efba9));
    p = o.fma(p, r2, k(0x3faba1ba489d25ca));
    p = o.fma(p, r2, k(0x3fc11111110b0802));
    p = o.fma(p, r2, k(0x3fd55555555555dc));
    p = o.fma(o.mul(r, p), r2, r); // tan(R)
    F num = o.add(p, t);
    F den = o.fma(o.neg(p), t, o.c(1.0));
    F rcp = o.rcp14(den);
    F e = o.fma(o.neg(den), rcp, o.c(1.0));
    rcp = o.fma(e, rcp, rcp);
    F q = o.mul(num, rcp);
    F res = o.fma(q, den, o.neg(num));
    return o.fma(o.neg(rcp), res, q);
  };
  return o.ifElse(
      large,
      [&]() -> F {
        TrigReduced<Ops> red = trigReduce(o, x, true);
        // N (in 2pi/512 steps) as table steps of pi/16 rounded to nearest
        // (ties by r's sign) and a remainder j in [-8, 8).
        I s = o.lshrI(o.bits(red.r), o.ci(63));
        I q = o.lshrI(o.subI(o.addI(red.n, o.ci(8)), s), o.ci(4));
        F j = o.sitofp(o.subI(red.n, o.shlI(q, o.ci(4))));
        F lo = o.fma(j, k(0x3c21a62633145c07), red.rLo);
        F r = o.fma(j, k(0x3f8921fb54442d18), o.add(lo, red.r));
        F big = finish(r, o.andI(q, o.ci(15)));
        return o.select(o.olt(ax, k(0x7ff0000000000000)), big, o.sub(x, x));
      },
      [&]() -> F { return finish(rm, idx); });
}

} // namespace svml
} // namespace llcc
