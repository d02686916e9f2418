//===- NumpyAsinh.h - numpy 1.24's float64 arcsinh, arccosh on AVX-512 ---===//
//
// numpy 1.24 computes float64 np.arcsinh and np.arccosh on AVX512_SKX with
// its vendored SVML (loops_umath_fp.dispatch.c.src calling __svml_asinh8
// and __svml_acosh8, numpy/SVML 1c5260a linux/avx512/svml_z0_{asinh,
// acosh}_d_la.s), elsewhere with the C library; they differ in the last
// bit for about an eighth of the arguments. arcsinh: One lane: |x| < 2^-8 an odd polynomial; otherwise
// log(|x| + sqrt(1 + x^2)) with the square root from vrsqrt14pd in
// double length (x^2's and 1 + x^2's rounding errors kept), the log from a
// vrcp14pd reciprocal rounded to 1 + 4 bits, a 16-entry table in two
// parts and a degree-9 polynomial; |x| >= 2^511 as log(|x| / 8) + 4 log 2;
// x's sign. Infinities and NaN take the scalar fallback (x, x * x).
// arccosh the same with sqrt(x^2 - 1) (x^2 - 1 < 2^-16: that square root
// times a polynomial); x <= 1, +inf and NaN take the fallback (0 at 1,
// +inf, NaN). Templates over NumpyExpLog.h's Ops (plus rsqrt14).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.arcsinh of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyArcsinh(double x);
double numpyArccosh(double x);

namespace svml {

/// __svml_dasinh_data_internal_avx512: log(c) high parts, then low parts,
/// for the rounded reciprocals c (index: its bits 48..51).
inline constexpr uint64_t AsinhTable[32] = {
    0x0000000000000000, 0xbfaf0a30c0120000, 0xbfbe27076e2b0000, 0xbfc5ff3070a78000,
    0xbfcc8ff7c79a8000, 0xbfd1675cababc000, 0xbfd4618bc21c4000, 0xbfd739d7f6bbc000,
    0xbfd9f323ecbf8000, 0xbfdc8ff7c79a8000, 0xbfdf128f5faf0000, 0xbfe0be72e4252000,
    0xbfe1e85f5e704000, 0xbfe307d7334f2000, 0xbfe41d8fe8468000, 0xbfe52a2d265bc000,
    0x0000000000000000, 0x3d53ab33d066d1d2, 0x3d2a342c2af0003c, 0xbd43d3c873e20a07,
    0xbd4a21ac25d81ef3, 0x3d59f1fc63382a8f, 0xbd5ec27d0b7b37b3, 0xbd50069ce24c53fb,
    0xbd584bf2b68d766f, 0xbd5a21ac25d81ef3, 0xbd3bb2cd720ec44c, 0xbd55056d312f7668,
    0xbd1a07bd8b34be7c, 0x3d5e83c094debc15, 0x3d5aa33736867a17, 0xbd46abb9df22bc57};

/// log(xin + xinLow) as both routines' last part: xin's vrcp14pd rounded
/// to 1 + 4 bits, its exponent less 4 for `huge` (xin was |x| / 8).
template <class Ops>
typename Ops::F asinhLog(Ops &o, typename Ops::F xin, typename Ops::F xinLow,
                         typename Ops::B huge) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F rcpRaw = o.rcp14(xin);
  F rcp = o.fromBits(
      o.andI(o.addI(o.bits(rcpRaw), o.ci(0x0000800000000000)), o.ci(0xffff000000000000)));
  I idx = o.andI(o.lshrI(o.bits(rcp), o.ci(48)), o.ci(15));
  F r = o.fma(xin, rcp, o.c(-1.0));
  F e = o.getexp(rcp);
  F th = o.table(AsinhTable, 32, idx), tl = o.table(AsinhTable, 32, o.addI(idx, o.ci(16)));
  e = o.select(huge, o.sub(e, o.c(4.0)), e);
  r = o.fma(xinLow, rcp, r);
  F p = o.fma(k(0xbfb9a9b040214368), r, k(0x3fbc80666e249778));
  th = o.fma(o.neg(k(0x3fe62e42fefa0000)), e, th);
  p = o.fma(p, r, k(0xbfbffffb8a054bc9));
  tl = o.fma(o.neg(k(0x3d7cf79abc9e0000)), e, tl);
  F r2 = o.mul(r, r);
  static constexpr uint64_t Poly[] = {0x3fc24922f71256f1, 0xbfc55555559ba736, 0x3fc9999999be77af,
                                      0xbfcffffffffffc65, 0x3fd55555555554c1, 0xbfe0000000000000};
  for (uint64_t c : Poly)
    p = o.fma(p, r, k(c));
  p = o.fma(p, r2, tl);
  return o.add(th, o.add(p, r));
}

/// One lane of __svml_asinh8.
template <class Ops> typename Ops::F asinh(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F one = o.c(1.0);
  F x2 = o.mul(x, x);
  F a = o.select(o.olt(x2, one), one, x2); // vmaxpd (1, x^2)
  F b = o.select(o.olt(one, x2), one, x2); // vminpd (1, x^2)
  F small = o.fma(k(0x3fb333220eaf02e7), x2, k(0xbfc5555555521e7e));
  F y = o.add(x2, one);
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  I sign = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F r0 = o.rsqrt14(y);
  auto notTiny = o.notB(o.olt(ax, k(0x3f70000000000000)));
  F bHigh = o.sub(y, a);
  small = o.mul(small, x2);
  F bLow = o.sub(b, bHigh);
  small = o.fma(small, ax, ax);
  F x2Low = o.fma(x, x, o.neg(x2));
  F sh = o.mul(y, r0);
  F yl = o.add(bLow, x2Low);
  F shLow = o.fma(r0, y, o.neg(sh));
  auto huge = o.notB(o.olt(ax, k(0x5fe0000000000000)));
  F sl = o.fma(r0, yl, shLow);
  F eh = o.fma(o.neg(r0), sh, one);
  eh = o.fma(o.neg(r0), sl, eh);
  F sheh = o.mul(sh, eh);
  F ps = o.fma(k(0x3fd1800001943612), eh, k(0x3fd40000013b0000));
  F xh0 = o.add(sh, ax);
  ps = o.fma(ps, eh, k(0x3fd8000000000000));
  ps = o.fma(ps, eh, k(0x3fe0000000000000));
  F xh = o.sub(xh0, sh);
  sheh = o.fma(ps, sheh, sl);
  F xl = o.sub(ax, xh);
  F xin = o.add(xh0, sheh);
  F slHigh = o.sub(xin, xh0);
  xin = o.select(huge, o.mul(ax, o.c(0.125)), xin);
  F slLow = o.sub(sheh, slHigh);
  F xinLow = o.add(slLow, xl);
  xinLow = o.select(huge, o.c(0.0), xinLow);
  F res = o.select(notTiny, asinhLog(o, xin, xinLow, huge), small);
  res = o.fromBits(o.xorI(o.bits(res), sign));
  // The fallback for |x| > DBL_MAX and NaN: x itself, NaN as x * x.
  auto outside = o.notB(o.ole(ax, k(0x7fefffffffffffff)));
  return o.select(outside, o.select(o.oeq(x, x), x, o.mul(x, x)), res);
}

/// One lane of __svml_acosh8.
template <class Ops> typename Ops::F acosh(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F one = o.c(1.0);
  F y = o.fma(x, x, o.neg(one)); // x^2 - 1
  auto huge = o.notB(o.olt(x, k(0x5fe0000000000000)));
  auto callout = o.orB(o.notB(o.ole(x, k(0x7fefffffffffffff))), o.ole(x, one));
  F r0 = o.rsqrt14(y);
  auto notSmall = o.notB(o.olt(y, k(0x3ef0000000000000)));
  F smallPoly = o.fma(k(0x3fb333220eaf02e7), y, k(0xbfc5555555521e7e));
  F sh = o.mul(y, r0);
  smallPoly = o.mul(smallPoly, y);
  F xh0 = o.add(sh, x);
  F xhx = o.sub(xh0, x);
  F sl = o.fma(r0, y, o.neg(sh));
  F eh = o.fma(o.neg(r0), sh, one);
  eh = o.fma(o.neg(r0), sl, eh);
  F xl = o.sub(sh, xhx);
  F ps = o.fma(k(0x3fd1800001943612), eh, k(0x3fd40000013b0000));
  ps = o.fma(ps, eh, k(0x3fd8000000000000));
  ps = o.fma(ps, eh, k(0x3fe0000000000000));
  F sheh = o.fma(ps, o.mul(sh, eh), sl);
  F s = o.add(sh, sheh);
  F xin = o.add(xh0, sheh);
  F small = o.fma(smallPoly, s, s);
  F slHigh = o.sub(xin, xh0);
  xin = o.select(huge, o.mul(x, o.c(0.125)), xin);
  F xinLow = o.add(o.sub(sheh, slHigh), xl);
  xinLow = o.select(huge, o.c(0.0), xinLow);
  F res = o.select(notSmall, asinhLog(o, xin, xinLow, huge), small);
  // The fallback: NaN as x * x, 0 at 1, +inf itself, NaN (0 * inf) else.
  F out = o.select(o.oeq(x, one), o.c(0.0),
                   o.select(o.oeq(x, constD(o, 0x7ff0000000000000)), x,
                            constD(o, 0xfff8000000000000)));
  return o.select(callout, o.select(o.oeq(x, x), out, o.mul(x, x)), res);
}

} // namespace svml
} // namespace llcc
