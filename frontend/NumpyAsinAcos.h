//===- NumpyAsinAcos.h - numpy 1.24's float64 arcsin, arccos on AVX-512 --===//
//
// numpy 1.24 computes float64 np.arcsin and np.arccos on AVX512_SKX with
// its vendored SVML (loops_umath_fp.dispatch.c.src calling __svml_asin8
// and __svml_acos8, numpy/SVML 1c5260a linux/avx512/svml_z0_{asin,acos}
// _d_la.s), elsewhere with the C library; they differ in the last bit for
// about a quarter of the arguments. One lane: for |x| >= 1/2 the argument
// Y = (1 - |x|) / 2 and S = 2 sqrt(Y) from vrsqrt14pd refined by a
// polynomial in its error (asin(|x|) = pi/2 - S (1 + ...)), otherwise x
// itself; an even polynomial in z = min(x^2, Y). The lanes with |x| > 1
// call the scalar fallback, which gives NaN for them (as the vector path
// does for NaN). A template over NumpyExpLog.h's Ops plus rsqrt14.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.arcsin / np.arccos of one float64 as the current
/// compilation's choice makes them: SVML's (numpySvmlExpLog()) or the C
/// library's.
double numpyArcsin(double x);
double numpyArccos(double x);

namespace svml {

/// The part both share (__svml_dasin_data_internal and __svml_dacos_data
/// _internal hold the same coefficients): S = 2 sqrt(Y) from vrsqrt14pd
/// (0 for Y < 2^-255), S E and the polynomial P(E) that corrects it
/// (E = r^2 2Y - 2), z = min(x^2, Y) and z Q(z).
template <class Ops> struct AsinParts {
  typename Ops::F s, se, pe, z, polyZ;
};

template <class Ops>
AsinParts<Ops> asinParts(Ops &o, typename Ops::F y, typename Ops::F x2) {
  using F = typename Ops::F;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F r = o.rsqrt14(y);
  r = o.select(o.olt(y, k(0x3000000000000000)), o.c(0.0), r); // Y < 2^-255
  F z = o.select(o.olt(x2, y), x2, y);                        // vminpd
  F twoY = o.add(y, y);
  F r2 = o.mul(r, r);
  F s = o.mul(r, twoY);
  F e = o.fma(r2, twoY, o.c(-2.0)); // r^2 2Y - 2
  F pe = o.fma(k(0xbf918000993b24c3), e, k(0x3fa400006f70d42d));
  pe = o.fma(pe, e, k(0xbfb7fffffffffe97));
  pe = o.fma(pe, e, k(0x3fcfffffffffff9d));
  F se = o.mul(s, e);
  F z2 = o.mul(z, z);
  F a = o.fma(k(0x3f943f44bfbc3bae), z, k(0x3f7a583395d45ed5));
  F b = o.fma(k(0x3fa07520c70eb909), z, k(0xbf90fb17f7dbb0ed));
  F c = o.fma(k(0x3f9f1c72e13ad8be), z, k(0x3fa6db6db3b445f8));
  b = o.fma(b, z2, a);
  F d = o.fma(k(0x3f88f8dc2afccad6), z, k(0x3f8c6dbbcb88bd57));
  F g = o.fma(k(0x3f91c6dcf538ad2e), z, k(0x3f96e89cebdefadd));
  d = o.fma(d, z2, g);
  F h = o.fma(k(0x3fb333333337e0de), z, k(0x3fc555555555529c));
  F z4 = o.mul(z2, z2);
  b = o.fma(b, z4, d);
  b = o.fma(b, z2, c);
  b = o.fma(b, z2, h);
  return {s, se, pe, z, o.mul(z, b)};
}

/// One lane of __svml_asin8.
template <class Ops> typename Ops::F asin(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  I signBit = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  F y = o.fma(o.neg(ax), o.c(0.5), o.c(0.5));
  auto parts = asinParts(o, y, o.mul(ax, ax));
  auto big = o.notB(o.olt(ax, o.c(0.5))); // |x| >= 1/2 or NaN
  // S E P(E) - S: -2 sqrt(Y), one fused multiply-subtract.
  F t = o.fma(parts.se, parts.pe, o.neg(parts.s));
  t = o.select(big, t, ax);
  F r = o.fma(parts.polyZ, t, t);
  r = o.select(big, o.add(r, constD(o, 0x3ff921fb54442d18)), r);
  r = o.fromBits(o.xorI(o.bits(r), signBit));
  // |x| > 1: the fallback's NaN.
  return o.select(o.olt(o.c(1.0), ax), constD(o, 0xfff8000000000000), r);
}

/// One lane of __svml_acos8.
template <class Ops> typename Ops::F acos(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  I signBit = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F xn = o.fromBits(o.orI(o.bits(x), o.ci(0x8000000000000000))); // -|x|
  F y = o.fma(xn, o.c(0.5), o.c(0.5));
  F x2 = o.mul(xn, xn);
  auto parts = asinParts(o, y, x2);
  auto big = o.notB(o.olt(parts.z, y)); // z == Y (|x| about >= 1/2) or NaN
  auto negative = o.olt(x, parts.z);    // x < x^2 iff x < 0
  F t = o.fma(o.neg(parts.se), parts.pe, parts.s); // S - S E P(E)
  t = o.select(big, t, xn);
  t = o.fromBits(o.xorI(o.bits(t), signBit));
  F base = o.select(big, o.c(0.0), constD(o, 0x3ff921fb54442d18));
  base = o.select(o.andB(big, negative), constD(o, 0x400921fb54442d18), base);
  F r = o.add(base, o.fma(parts.polyZ, t, t));
  return o.select(o.olt(xn, o.c(-1.0)), constD(o, 0xfff8000000000000), r);
}

} // namespace svml
} // namespace llcc
