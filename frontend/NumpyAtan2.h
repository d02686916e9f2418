//===- NumpyAtan2.h - numpy 1.24's float64 arctan2 on AVX-512 ------------===//
//
// numpy 1.24 computes float64 np.arctan2(y, x) on AVX512_SKX with its
// vendored SVML (loops_umath_fp.dispatch.c.src calling __svml_atan28,
// numpy/SVML 1c5260a linux/avx512/svml_z0_atan2_d_la.s), elsewhere with
// the C library; they differ in the last bit for about a third of the
// pairs. One lane: r = min(|y|, |x|) / max(|y|, |x|) (negated when |y|
// is the larger, pi/2 added), an odd polynomial in r, x's sign, pi for a
// negative x, y's sign. Zeros (with no NaN) take a short special path; a
// lane whose |x| or |y| has a high word outside [0x00300000, 0x7e000000)
// (tiny, subnormal, huge, infinite, NaN) goes to the scalar fallback
// __svml_datan2_cout_rare_internal: its special cases written out here,
// its two double-length paths (the quotient below and above 1/8) lifted
// instruction by instruction into NumpyAtan2Rare.inc by
// scripts/svml_lift.py. A template over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.arctan2 of two float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyArctan2(double y, double x);

namespace svml {

/// __datan2_la_CoutTab, the fallback's table: (high, low) pairs indexed by
/// its quotient's leading bits, then its constants (polynomial,
/// pi/4, pi/2, 3pi/4, pi as high + low, scalings, the splitter 2^27 + 1).
inline constexpr size_t Atan2TableSize = 251;
inline constexpr uint64_t Atan2Table[Atan2TableSize] = {
    0x3fc3d6eee8000000, 0x3df8cc4d8b0d1d86, 0x3fcb90d750000000, 0x3e1493051022f622,
    0x3fd3627738000000, 0xbe0f02868658e951, 0x3fda64eec0000000, 0x3e2e611fe5b6427d,
    0x3fe1e00ba8000000, 0x3e3ef7f59f9b5c83, 0x3fe700a7c8000000, 0xbe343dce618c34d2,
    0x3fecac7c58000000, 0xbe0ee4186f251ec5, 0x3ff0d38f30000000, 0xbe4d22fb0b7a1b84,
    0x3ff30b6d78000000, 0x3e36a4da8589532c, 0x3ff4ae1100000000, 0xbe4cd3b2da7607d1,
    0x3ff5f97318000000, 0xbe46d5bd4931151a, 0x3ff6dcc578000000, 0x3e4dab2fe5ac6f37,
    0x3ff789bd30000000, 0xbe4f4ffd63e8aa08, 0x3ff7fde808000000, 0x3e1c30a7ffbfdca2,
    0x3ff8555a28000000, 0xbe1e19f83b43dc6c, 0x3ff88fc218000000, 0x3e259d3b6ff107d4,
    0x3ff8bb9a60000000, 0x3e4b8c7a27f43144, 0x3ff8d8d8c0000000, 0xbe2359d22931c287,
    0x3ff8eec8d0000000, 0xbe07fccd607fd6f0, 0x3ff8fd6948000000, 0x3e4679b58310236b,
    0x3ff90861d0000000, 0x3e205b369cff61af, 0x3ff90fb238000000, 0xbe1605763f24ab6a,
    0x3ff9152e88000000, 0x3e419361bc43465d, 0x3ff918d6c0000000, 0x3e47ce4f1114e411,
    0x3ff91b94f0000000, 0xbe3cad7b773951df, 0x3ff91d6908000000, 0x3e49fb97faa44ce6,
    0x3ff91ec820000000, 0x3e31be618b23ffa5, 0x3ff91fb230000000, 0xbe12884187fc4a01,
    0x3ff92061b8000000, 0x3e455f8829392773, 0x3ff920d6c0000000, 0x3e3fb87e6c4176ae,
    0x3ff9212e88000000, 0xbe210e8076d7a426, 0x3ff9216908000000, 0x3e48fd55d9d720c0,
    0x3ff92194f0000000, 0xbe41119ec02eeac5, 0x3ff921b230000000, 0xbe138683b22521f8,
    0x3ff921c820000000, 0x3e310fa93d6a380d, 0x3ff921d6c0000000, 0x3e3fb08c5add7895,
    0x3ff921e1b8000000, 0x3e45549ca42b3618, 0x3ff921e908000000, 0x3e48fcd6b8c09601,
    0x3ff921ee88000000, 0xbe2113f63964e770, 0x3ff921f230000000, 0xbe138702d33bbf6e,
    0x3ff921f4f0000000, 0xbe4111ca6e436174, 0x3ff921f6c0000000, 0x3e3fb08861d4c384,
    0x3ff921f820000000, 0x3e310f9e51e51998, 0x3ff921f908000000, 0x3e48fcd679300aaf,
    0x3ff921f9b8000000, 0x3e45549bf572e42d, 0x3ff921fa30000000, 0xbe13870312cc4ac0,
    0x3ff921fa88000000, 0xbe2113f690c11066, 0x3ff921fac0000000, 0x3e3fb0885fd83f2a,
    0x3ff921faf0000000, 0xbe4111ca70fe42bc, 0x3ff921fb08000000, 0x3e48fcd679104269,
    0x3ff921fb20000000, 0x3e310f9e51366146, 0x3ff921fb30000000, 0xbe13870312ec1305,
    0x3ff921fb38000000, 0x3e45549bf567f8a8, 0x3ff921fb40000000, 0x3e3fb0885fd740e8,
    0x3ff921fb48000000, 0xbe2113f690c68629, 0x3ff921fb48000000, 0x3e48fcd679103285,
    0x3ff921fb50000000, 0xbe4111ca70fe6e6a, 0x3ff921fb50000000, 0xbe13870312ec22ea,
    0x3ff921fb50000000, 0x3e310f9e5136565a, 0x3ff921fb50000000, 0x3e3fb0885fd74068,
    0x3ff921fb50000000, 0x3e45549bf567f7fa, 0x3ff921fb50000000, 0x3e48fcd67910327d,
    0x3ff921fb50000000, 0x3e4bbb025bce5e60, 0x3ff921fb50000000, 0x3e4d8f1f9da27ba2,
    0x3ff921fb50000000, 0x3e4eee358f019193, 0x3ff921fb50000000, 0x3e4fd8442feba034,
    0x3ff921fb58000000, 0xbe4f7830d764d4d3, 0x3ff921fb58000000, 0xbe4f032986efcd83,
    0x3ff921fb58000000, 0xbe4eab640a980806, 0x3ff921fb58000000, 0xbe4e70e0625d845e,
    0x3ff921fb58000000, 0xbe4e44fda431a1a0, 0x3ff921fb58000000, 0xbe4e27bbd0145fcc,
    0x3ff921fb58000000, 0xbe4e11ca70fe6e6d, 0x3ff921fb58000000, 0xbe4e032986efcd83,
    0x3ff921fb58000000, 0xbe4df830d764d4d3, 0x3ff921fb58000000, 0xbe4df0e0625d845e,
    0x3ff921fb58000000, 0xbe4deb640a980806, 0x3ff921fb58000000, 0xbe4de7bbd0145fcc,
    0x3ff921fb58000000, 0xbe4de4fda431a1a0, 0x3ff921fb58000000, 0xbe4de32986efcd83,
    0x3ff921fb58000000, 0xbe4de1ca70fe6e6d, 0x3ff921fb58000000, 0xbe4de0e0625d845e,
    0x3ff921fb58000000, 0xbe4de030d764d4d3, 0x3ff921fb58000000, 0xbe4ddfbbd0145fcc,
    0x3ff921fb58000000, 0xbe4ddf640a980806, 0x3ff921fb58000000, 0xbe4ddf2986efcd83,
    0x3ff921fb58000000, 0xbe4ddefda431a1a0, 0x3ff921fb58000000, 0xbe4ddee0625d845e,
    0x3ff921fb58000000, 0xbe4ddeca70fe6e6d, 0x3ff921fb58000000, 0xbe4ddebbd0145fcc,
    0x3ff921fb58000000, 0xbe4ddeb0d764d4d3, 0x3ff921fb58000000, 0xbe4ddea986efcd83,
    0x3ff921fb58000000, 0xbe4ddea40a980806, 0x3ff921fb58000000, 0xbe4ddea0625d845e,
    0x3ff921fb58000000, 0xbe4dde9da431a1a0, 0x3ff921fb58000000, 0xbe4dde9bd0145fcc,
    0x3ff921fb58000000, 0xbe4dde9a70fe6e6d, 0x3ff921fb58000000, 0xbe4dde9986efcd83,
    0x3ff921fb58000000, 0xbe4dde98d764d4d3, 0x3ff921fb58000000, 0xbe4dde98625d845e,
    0x3ff921fb58000000, 0xbe4dde980a980806, 0x3ff921fb58000000, 0xbe4dde97d0145fcc,
    0x3ff921fb58000000, 0xbe4dde97a431a1a0, 0x3ff921fb58000000, 0xbe4dde9786efcd83,
    0x3ff921fb58000000, 0xbe4dde9770fe6e6d, 0x3ff921fb58000000, 0xbe4dde97625d845e,
    0x3ff921fb58000000, 0xbe4dde975764d4d3, 0x3ff921fb58000000, 0xbe4dde9750145fcc,
    0x3ff921fb58000000, 0xbe4dde974a980806, 0x3ff921fb58000000, 0xbe4dde9746efcd83,
    0x3ff921fb58000000, 0xbe4dde974431a1a0, 0x3ff921fb58000000, 0xbe4dde97425d845e,
    0x3ff921fb58000000, 0xbe4dde9740fe6e6d, 0x3ff921fb58000000, 0xbe4dde9740145fcc,
    0xbfd5555555555555, 0x3fc99999999991bb, 0xbfc2492492382a27, 0x3fbc71c6f9b157d3,
    0xbfb745be69cca475, 0x3fb3ab7c1048afd1, 0xbfb029bd34239994, 0x3fc0000000000000,
    0x3ff0000000000000, 0x4000000000000000, 0x3fe921fb54442d18, 0x3c81a62633145c07,
    0x3ff921fb54442d18, 0x3c91a62633145c07, 0x400921fb54442d18, 0x3ca1a62633145c07,
    0x4002d97c7f3321d2, 0x3c9a79394c9e8a0a, 0xbff0000000000000, 0x0000000000000000,
    0x7fd0000000000000, 0x0010000000000000, 0x41a0000002000000};

/// Table entry k (bytes 8k of __datan2_la_CoutTab) as a constant.
template <class Ops> typename Ops::F atan2Const(Ops &o, unsigned byteOffset) {
  return constD(o, Atan2Table[byteOffset / 8]);
}

#include "NumpyAtan2Rare.inc"

/// The fallback for one flagged lane (y, x), in its branch order.
template <class Ops> typename Ops::F atan2Rare(Ops &o, typename Ops::F y, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  I by = o.bits(y), bx = o.bits(x);
  I ey = o.andI(o.lshrI(by, o.ci(52)), o.ci(0x7ff));
  I ex = o.andI(o.lshrI(bx, o.ci(52)), o.ci(0x7ff));
  I sy = o.lshrI(by, o.ci(63)), sx = o.lshrI(bx, o.ci(63));
  auto xNeg = o.eqI(sx, o.ci(1));
  F ay = o.fromBits(o.andI(by, o.ci(0x7fffffffffffffff)));
  F ax = o.fromBits(o.andI(bx, o.ci(0x7fffffffffffffff)));
  auto withSignY = [&](F v) {
    return o.fromBits(o.orI(o.andI(o.bits(v), o.ci(0x7fffffffffffffff)), o.shlI(sy, o.ci(63))));
  };
  auto sum = [&](unsigned hi, unsigned lo) { return o.add(atan2Const(o, hi), atan2Const(o, lo)); };
  F pi = sum(1936, 1944), halfPi = sum(1920, 1928);
  F inf = constD(o, 0x7ff0000000000000);
  auto yInf = o.oeq(ay, inf), xInf = o.oeq(ax, inf);
  auto anyNaN = o.notB(o.andB(o.oeq(y, y), o.oeq(x, x)));
  // diff = ey - ex as the fallback's 32-bit compare.
  I diff = o.subI(ey, ex);
  auto le = [&](I a, int64_t c) { return o.sleI(a, o.ci(uint64_t(c))); };
  // Far apart: |y| / |x| below 2^-53 or above 2^53.
  F qn = o.div(ay, ax);
  F smallQ = o.select(o.eqI(o.andI(o.bits(qn), o.ci(0x7ff0000000000000)), o.ci(0)),
                      o.add(o.mul(qn, qn), qn), o.mul(qn, o.add(o.c(1.0), qn)));
  F farBelow = o.select(xNeg, pi, smallQ);
  F nearHalfPi = o.add(o.sub(atan2Const(o, 1928), o.div(x, ay)), atan2Const(o, 1920));
  F res = o.select(le(diff, -54), farBelow, o.select(o.sleI(o.ci(74), diff), halfPi, nearHalfPi));
  // Zeros (only with a NaN partner here, or a zero x) and infinities.
  res = o.select(o.oeq(ax, o.c(0.0)), halfPi, res);
  res = o.select(o.oeq(ay, o.c(0.0)), o.select(xNeg, pi, o.c(0.0)), res);
  res = o.select(xInf, o.select(xNeg, pi, o.c(0.0)), res);
  res =
      o.select(yInf, o.select(xInf, o.select(xNeg, sum(1952, 1960), sum(1904, 1912)), halfPi), res);
  res = withSignY(res);
  auto middle = o.andB(o.notB(o.orB(anyNaN, o.orB(yInf, xInf))),
                       o.andB(o.notB(o.orB(o.oeq(ax, o.c(0.0)), o.oeq(ay, o.c(0.0)))),
                              o.andB(o.sltI(o.ci(uint64_t(-54)), diff), o.sltI(diff, o.ci(54)))));
  F special = o.select(anyNaN, o.add(y, x), res);
  return o.ifElse(
      middle,
      [&]() -> F {
        F pihi = o.select(xNeg, atan2Const(o, 1936), o.c(0.0));
        F pilo = o.select(xNeg, atan2Const(o, 1944), o.c(0.0));
        F q = o.div(ay, ax);
        // |y| scaled to [1, 2) (subnormal and top-binade |y| by 2^+-1022),
        // |x| by the same power of two.
        auto sub = o.eqI(ey, o.ci(0)), top = o.sleI(o.ci(2046), ey);
        F ysNormal = o.fromBits(
            o.orI(o.andI(o.bits(ay), o.ci(0x800fffffffffffff)), o.ci(0x3ff0000000000000)));
        F ys = o.select(sub, o.mul(ay, atan2Const(o, 1984)),
                        o.select(top, o.mul(ay, atan2Const(o, 1992)), ysNormal));
        I e = o.selectI(sub, o.ci(uint64_t(-1022)),
                        o.selectI(top, o.ci(1022), o.subI(ey, o.ci(1023))));
        I field = o.andI(o.subI(o.ci(1023), e), o.ci(2047));
        F scale = o.fromBits(o.shlI(field, o.ci(52)));
        F xs = o.mul(ax, scale);
        return o.ifElse(
            o.olt(q, o.c(0.125)),
            [&]() -> F { return atan2RareNarrow(o, pihi, pilo, xs, ys, scale, q, sx, sy); },
            [&]() -> F { return atan2RareWide(o, pihi, pilo, xs, ys, scale, q, sx, sy); });
      },
      [&]() -> F { return special; });
}

/// One lane of __svml_atan28: np.arctan2(y, x).
template <class Ops> typename Ops::F atan2(Ops &o, typename Ops::F y, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  I by = o.bits(y), bx = o.bits(x);
  I absMask = o.ci(0x7fffffffffffffff), signMask = o.ci(0x8000000000000000);
  I sgnY = o.andI(by, signMask), sgnX = o.andI(bx, signMask);
  F ay = o.fromBits(o.andI(by, absMask)), ax = o.fromBits(o.andI(bx, absMask));
  // |y| < |x|: r = |y| / |x|; else r = -|x| / |y| plus pi/2.
  auto yLess = o.olt(ay, ax);
  F num = o.select(yLess, ay, o.fromBits(o.orI(o.bits(ax), signMask)));
  F den = o.select(yLess, ax, ay);
  F r = o.div(num, den);
  F halfPi = atan2Const(o, 1920); // the vector table's pi/2 and pi are the same bits
  F pi = atan2Const(o, 1936);
  F base = o.select(yLess, o.c(0.0), halfPi);
  F r2 = o.mul(r, r), r4 = o.mul(r2, r2), r8 = o.mul(r4, r4);
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F p1 = o.fma(r8, k(0xbef4fdb537abc7a3), k(0xbf82b2ec618e4bad));
  F p2 = o.fma(r8, k(0x3f2ced0a36665209), k(0x3f914f4c661116a5));
  F p3 = o.fma(r8, k(0xbf52e67c93954c23), k(0xbf9a5e83b081f69c));
  F p4 = o.fma(r8, k(0x3f6f5a1dae82afb3), k(0x3fa169980cb6ad4f));
  p1 = o.fma(p1, r8, k(0xbfa4efa2e563c1bc));
  p2 = o.fma(p2, r8, k(0x3fa7ec0fbc50683b));
  p3 = o.fma(p3, r8, k(0xbfaad261eaa09954));
  p4 = o.fma(p4, r8, k(0x3fae1749bd612dcf));
  p1 = o.fma(p1, r8, k(0xbfb11084009435e0));
  p2 = o.fma(p2, r8, k(0x3fb3b12a49295651));
  p3 = o.fma(p3, r8, k(0xbfb745d009bada94));
  p4 = o.fma(p4, r8, k(0x3fbc71c707f7d5b5));
  p4 = o.mul(r8, p4);
  p1 = o.fma(p1, r8, k(0xbfc2492491ee55c7));
  p2 = o.fma(p2, r8, k(0x3fc999999997ee34));
  p1 = o.fma(p1, r2, p2);
  p3 = o.fma(p3, r8, k(0xbfd55555555553c5));
  p3 = o.fma(p3, r2, p4);
  p1 = o.fma(p1, r4, p3);
  F res = o.add(o.fma(p1, r, r), base);
  res = o.fromBits(o.orI(o.bits(res), sgnX));
  res = o.select(o.ole(x, o.c(0.0)), o.add(res, pi), res);
  res = o.fromBits(o.orI(o.bits(res), sgnY));
  // The lanes off the main path: a high word of |y| or |x| outside
  // [0x00300000, 0x7e000000).
  auto off = [&](F a) {
    I hi = o.lshrI(o.bits(a), o.ci(32));
    return o.orB(o.ultI(hi, o.ci(0x00300000)), o.notB(o.ultI(hi, o.ci(0x7e000000))));
  };
  auto flagged = o.orB(off(ay), off(ax));
  // Zeros with no NaN: pi/2 (0 when both are zero) with x's sign, pi
  // added for a negative x (-0 too), y's sign.
  auto zero =
      o.andB(o.andB(o.oeq(y, y), o.oeq(x, x)), o.orB(o.oeq(ax, o.c(0.0)), o.oeq(ay, o.c(0.0))));
  F z = o.select(o.oeq(den, o.c(0.0)), o.c(0.0), base);
  z = o.fromBits(o.orI(o.bits(z), sgnX));
  z = o.select(o.eqI(sgnX, o.ci(0)), z, o.add(z, pi));
  z = o.fromBits(o.orI(o.bits(z), sgnY));
  return o.ifElse(
      flagged, [&]() -> F { return o.select(zero, z, atan2Rare(o, y, x)); },
      [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
