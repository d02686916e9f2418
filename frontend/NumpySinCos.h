//===- NumpySinCos.h - numpy 1.24's float64 sin and cos on AVX-512 --------===//
//
// numpy 1.24 on AVX512_SKX computes float64 np.sin and np.cos with its
// vendored SVML (__svml_sin8, __svml_cos8: numpy/SVML linux/avx512/
// svml_z0_{sin,cos}_d_la.s), elsewhere with the C library. One lane of
// sin: for |x| <= 2^24 a reduction by pi in three
// fused multiply-adds and an odd polynomial; above it (the "long
// reduction") 2^e / 2pi mod 1 from a table, multiplied out in 32-bit
// pieces as the vector code's vpmullq does, rounded to N / 512 turns, and a
// table of four values per N; infinities and NaN give NaN (the scalar
// fallback). cos is the same with N + 1/2 and its own table. Templates
// over NumpyExpLog.h's Ops (plus mulI, xorI).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.sin of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpySin(double x);
double numpyCos(double x);

namespace svml {

#include "NumpySinCosTables.inc"

/// The long reduction's result: x = (N + r + rLo / 2pi) 2pi / 512 turns
/// in radians (r + rLo), N mod 512.
template <class Ops> struct TrigReduced {
  typename Ops::F r, rLo;
  typename Ops::I n;
};

/// The long reduction shared by __svml_sin8, __svml_cos8 and __svml_tan8
/// (x finite): 2^e / 2pi mod 1 from TrigReduction times the significand in
/// 32-bit pieces, rounded to N / 512 turns, the rest times 2pi in two
/// parts. sin reduces |x| (its caller applies x's sign), cos and tan x
/// with its sign carried into the pieces. |x| <= 2^-20 passes through.
template <class Ops> TrigReduced<Ops> trigReduce(Ops &o, typename Ops::F x, bool keepSign) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto ci = [&](uint64_t v) { return o.ci(v); };
  const uint64_t m32 = 0xffffffff;
  I ax = o.andI(o.bits(x), ci(0x7fffffffffffffff));
  F fax = o.fromBits(ax);
  I e = o.lshrI(ax, ci(52));
  I e3 = o.addI(e, o.shlI(e, ci(1)));
  I p1 = o.bits(o.table(TrigReduction, 6144, e3));
  I p2 = o.bits(o.table(TrigReduction, 6144, o.addI(e3, ci(1))));
  I p3 = o.bits(o.table(TrigReduction, 6144, o.addI(e3, ci(2))));
  I p1h = o.lshrI(p1, ci(32)), p2h = o.lshrI(p2, ci(32)), p3h = o.lshrI(p3, ci(32));
  I p1l = o.andI(p1, ci(m32)), p2l = o.andI(p2, ci(m32)), p3l = o.andI(p3, ci(m32));
  I mant = o.addI(o.andI(ax, ci(0x000fffffffffffff)), ci(0x0010000000000000));
  I mh = o.lshrI(mant, ci(32)), ml = o.andI(mant, ci(m32));
  I z3 = o.mulI(mh, p2h);
  I z4 = o.mulI(mh, p1l);
  I z2 = o.mulI(mh, p2l);
  I z1 = o.mulI(mh, p3h);
  I z8 = o.mulI(mh, p3l);
  I z5 = o.mulI(ml, p1l);
  I z0 = o.mulI(ml, p2l);
  I z13 = o.mulI(ml, p3h);
  I z7 = o.mulI(ml, p1h);
  I z10 = o.mulI(ml, p2h);
  I s14 = o.lshrI(z13, ci(32));
  I s13 = o.lshrI(z0, ci(32));
  I s12 = o.lshrI(z5, ci(32));
  I s15 = o.lshrI(z10, ci(32));
  z1 = o.addI(s14, z1);
  I t14 = o.addI(s13, z2);
  I t2 = o.addI(s12, z4);
  I t13 = o.addI(s15, z3);
  z7 = o.andI(z7, ci(m32));
  I t4 = o.addI(t2, z7);
  I t2b = o.lshrI(z8, ci(32));
  z0 = o.andI(z0, ci(m32));
  z1 = o.addI(z1, z0);
  I t15 = o.addI(z1, t2b);
  I t8 = o.lshrI(t15, ci(32));
  z10 = o.andI(z10, ci(m32));
  I t0 = o.addI(t14, z10);
  I t12 = o.addI(t0, t8);
  I t7 = o.lshrI(t12, ci(32));
  I t3 = o.andI(z5, ci(m32));
  I t5 = o.addI(t13, t3);
  t3 = o.addI(t5, t7);
  t7 = o.shlI(t12, ci(32));
  I t10 = o.lshrI(t3, ci(32));
  t2 = o.addI(t4, t10);
  I u13 = o.andI(t15, ci(m32));
  I u8 = o.andI(t3, ci(m32));
  I u6 = o.shlI(t2, ci(32));
  I u4 = o.addI(t7, u13);
  I u15 = o.addI(u6, u8);
  I u1 = o.lshrI(u15, ci(12));
  F shifter = constD(o, 0x42a8000000000000); // 2^43 + 2^42
  I sign = keepSign ? o.andI(o.bits(x), ci(0x8000000000000000)) : ci(0);
  auto withSign = [&](uint64_t bits) { return o.xorI(ci(bits), sign); };
  F hi = o.fromBits(o.orI(withSign(0x3ff0000000000000), u1));
  F n = o.add(hi, shifter);
  F hr = o.sub(hi, o.sub(n, shifter));
  I v14 = o.shlI(o.andI(u4, ci(0x00ffffff)), ci(28));
  I v4 = o.lshrI(u4, ci(24));
  I v15 = o.andI(u15, ci(0xfff));
  F twoM104 = o.fromBits(withSign(0x3970000000000000));
  F twoM52 = o.fromBits(withSign(0x3cb0000000000000));
  F lo = o.sub(o.fromBits(o.orI(v14, o.bits(twoM104))), twoM104);
  F mid = o.sub(o.fromBits(o.orI(o.orI(v4, o.shlI(v15, ci(40))), o.bits(twoM52))), twoM52);
  F twoPiHi = constD(o, 0x401921fb54442d18), twoPiLo = constD(o, 0x3cb1a62633145c07);
  F rh = o.add(hr, mid);
  F rHi = o.mul(rh, twoPiHi);
  F d = o.sub(hr, rh);
  F c3 = o.fma(rh, twoPiHi, o.neg(rHi));
  I nIdx = o.andI(o.bits(n), ci(0x1ff));
  F rl = o.add(o.add(mid, d), lo);
  F c12 = o.fma(twoPiLo, rh, c3);
  F rLo = o.fma(twoPiHi, rl, c12);
  // |x| <= 2^-20 passes through unreduced (not reachable above 2^24).
  auto tiny = o.notB(o.olt(constD(o, 0x3eb0000000000000), fax));
  return {o.select(tiny, keepSign ? x : fax, rHi), o.select(tiny, o.c(0.0), rLo), nIdx};
}

/// The long reduction of __svml_sin8 (|x| > 2^24) and __svml_cos8
/// (|x| / pi > 2^23 - 1/2), x finite: table `ha` with constants `hc`.
template <class Ops>
typename Ops::F trigLarge(Ops &o, typename Ops::F x, const uint64_t *ha, const uint64_t *hc,
                          bool keepSign) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto ci = [&](uint64_t v) { return o.ci(v); };
  auto hk = [&](int i) { return constD(o, hc[i]); };
  TrigReduced<Ops> red = trigReduce(o, x, keepSign);
  F r = red.r, rLo = red.rLo;
  I nIdx = red.n;
  F r2 = o.mul(r, r);
  I base = o.shlI(nIdx, ci(2));
  F t0v = o.table(ha, 2048, base);
  F t1v = o.table(ha, 2048, o.addI(base, ci(1)));
  F t2v = o.table(ha, 2048, o.addI(base, ci(2)));
  F t3v = o.table(ha, 2048, o.addI(base, ci(3)));
  F a0 = o.fma(t1v, r, t2v);
  F resHi = o.fma(r, t0v, a0);
  F b3 = o.sub(t2v, a0);
  F b2 = o.sub(a0, resHi);
  b3 = o.fma(r, t1v, b3);
  b2 = o.fma(t0v, r, b2);
  F ps = o.fma(r2, hk(2), hk(1));
  F b13 = o.add(b2, b3);
  F t01 = o.add(t0v, t1v);
  F q = o.mul(r, o.mul(r2, ps));
  F corr = o.fma(o.neg(t2v), r, t01);
  q = o.fma(t01, q, b13);
  F pc = o.fma(r2, hk(5), hk(4));
  pc = o.fma(r2, pc, hk(3));
  F q3 = o.fma(t2v, o.mul(r2, pc), q);
  F lowPart = o.fma(corr, rLo, t3v);
  return o.add(resHi, o.add(q3, lowPart));
}

/// One lane of __svml_sin8 (svml_z0_sin_d_la.s).
template <class Ops> typename Ops::F sin(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  auto k = [&](unsigned offset) { return constD(o, SinConsts[offset / 64]); };
  F shifter = k(192);
  F z = o.fma(x, k(128), shifter); // x / pi + 1.5 * 2^52
  // The sign of (-1)^N, and of a zero x (+0 == -0 compares equal).
  auto parity = o.shlI(o.bits(z), o.ci(63));
  auto signBits =
      o.select(o.oeq(x, o.c(-0.0)), o.fromBits(o.xorI(parity, o.bits(x))), o.fromBits(parity));
  F dn = o.sub(z, shifter);
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  F r = o.fma(o.neg(dn), k(640), x);
  r = o.fma(o.neg(dn), k(704), r);
  F r2 = o.mul(r, r);
  F rr = o.fma(o.neg(k(768)), dn, r);
  F p = o.fma(r2, k(1216), k(1152));
  F r3 = o.mul(r2, rr);
  p = o.fma(r2, p, k(1088));
  p = o.fma(r2, p, k(1024));
  p = o.fma(r2, p, k(960));
  p = o.fma(r2, p, k(896));
  p = o.fma(r2, p, k(832));
  p = o.fma(r3, p, rr);
  F res = o.fromBits(o.xorI(o.bits(p), o.bits(signBits)));
  // vcmppd NLE_UQ: |x| > 2^24 or NaN takes the long reduction; infinities
  // and NaN then the scalar fallback (NaN).
  auto large = o.notB(o.ole(ax, k(64)));
  return o.ifElse(
      large,
      [&]() -> F {
        F inf = constD(o, 0x7ff0000000000000);
        F sign = o.fromBits(o.andI(o.bits(x), o.ci(0x8000000000000000)));
        F big = trigLarge(o, x, SinHaTable, SinHaConsts, false);
        F v = o.fromBits(o.xorI(o.bits(big), o.bits(sign)));
        return o.select(o.olt(ax, inf), v, o.sub(x, x));
      },
      [&]() -> F { return res; });
}

/// One lane of __svml_cos8 (svml_z0_cos_d_la.s).
template <class Ops> typename Ops::F cos(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  auto k = [&](unsigned offset) { return constD(o, CosConsts[offset / 64]); };
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  // N + 1/2 from |x| / pi + 2^52, rounding toward zero.
  F z = o.fmaRZ(ax, k(1472), k(1536));
  auto tiny = o.olt(ax, k(1728)); // below 2^-27 cos is 1
  auto large = o.notB(o.ole(z, k(1664)));
  auto parity = o.shlI(o.bits(z), o.ci(63));
  F dn = o.sub(z, k(1600));
  F r = o.fma(dn, k(640), o.neg(ax));
  r = o.fma(dn, k(704), r);
  F r2 = o.mul(r, r);
  F rr = o.fma(k(768), dn, r);
  F p = o.fma(r2, k(1280), k(1216));
  p = o.fma(r2, p, k(1152));
  p = o.fma(r2, p, k(1088));
  p = o.fma(r2, p, k(1024));
  F sr = o.fromBits(o.xorI(o.bits(rr), parity));
  p = o.fma(r2, p, k(960));
  F r3 = o.mul(sr, r2);
  p = o.fma(r2, p, k(832));
  p = o.fma(r3, p, sr);
  F res = o.select(tiny, k(1344), p);
  return o.ifElse(
      large,
      [&]() -> F {
        F inf = constD(o, 0x7ff0000000000000);
        F big = trigLarge(o, x, CosHaTable, CosHaConsts, true);
        return o.select(o.olt(ax, inf), big, o.sub(x, x));
      },
      [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
