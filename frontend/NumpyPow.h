//===- NumpyPow.h - numpy 1.24's float64 power on AVX-512 -----------------===//
//
// numpy 1.24 on AVX512_SKX computes the float64 power ufunc (np.power,
// `array ** x` outside number.c's shortcuts, `x ** array`) with its
// vendored SVML, __svml_pow8 (loops_umath_fp.dispatch.c.src, numpy/SVML
// linux/avx512/svml_z0_pow_d_la.s); elsewhere with the C library's pow.
// They differ in the last bit for about a quarter of the inputs.
//
// One lane of __svml_pow8 and its scalar fallback for flagged lanes
// (__svml_dpow_cout_rare_internal: x <= 0, x or y not finite, or
// |y log2 x| > 1021.5), as a template over the operations of
// NumpyExpLog.h's Ops plus a few more (mulRZ, addRD, reduce, 32-bit
// word arithmetic on I). The fallback is a different, double-length
// algorithm (three reciprocal tables, a 2^(j/128) table); its branches
// are computed as selects, its main path on |x| for every flagged lane.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.power of two float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyPow(double x, double y);

namespace svml {

#include "NumpyPowTables.inc"

/// The fallback's table entry at byte offset `off` (as the assembly
/// addresses it) plus `i` doubles.
template <class Ops> typename Ops::F coutAt(Ops &o, unsigned off, typename Ops::I i) {
  return o.table(PowRareTable, 860, o.addI(i, o.ci(off / 8)));
}
template <class Ops> typename Ops::F cout(Ops &o, unsigned off) {
  return constD(o, PowRareTable[off / 8]);
}

/// __svml_dpow_cout_rare_internal for one flagged lane.
template <class Ops> typename Ops::F powRare(Ops &o, typename Ops::F x, typename Ops::F y) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto hiWord = [&](F v) { return o.lshrI(o.bits(v), o.ci(32)); };
  auto expOf = [&](F v) { return o.andI(o.lshrI(o.bits(v), o.ci(52)), o.ci(2047)); };
  auto eqI = [&](I a, uint64_t b) { return o.eqI(a, o.ci(b)); };
  const uint64_t absMask = 0x7fffffffffffffff, mantMask = 0x000fffffffffffff;
  I ex = expOf(x), ey = expOf(y);
  auto sx = o.eqI(o.lshrI(o.bits(x), o.ci(63)), o.ci(1));
  auto sy = o.eqI(o.lshrI(o.bits(y), o.ci(63)), o.ci(1));
  auto xMantZero = o.eqI(o.andI(o.bits(x), o.ci(mantMask)), o.ci(0));
  auto yMantZero = o.eqI(o.andI(o.bits(y), o.ci(mantMask)), o.ci(0));
  auto xFinite = o.notB(eqI(ex, 2047));
  auto yFinite = o.notB(eqI(ey, 2047));
  F one = o.c(1.0), zero = o.c(0.0);
  // y's parity: 0 not an integer (or not finite), 1 odd, 2 even (zero and
  // |y| >= 2^53 included), as the routine's shifts of y's words find it.
  F ay = o.fromBits(o.andI(o.bits(y), o.ci(absMask)));
  F half = o.mul(ay, o.c(0.5));
  auto isInt = o.andB(yFinite, o.oeq(o.roundscale(ay, 0x0B), ay));
  auto even = o.oeq(o.roundscale(half, 0x0B), half);
  I parity = o.selectI(isInt, o.selectI(even, o.ci(2), o.ci(1)), o.ci(0));
  auto oddNeg = o.andB(eqI(parity, 1), sx);
  F sign = o.select(oddNeg, o.c(-1.0), one);

  // The main path (LBL_2_40) on |x|, a subnormal scaled by 2^200.
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(absMask)));
  auto sub = eqI(ex, 0);
  ax = o.select(sub, o.mul(ax, cout(o, 6864)), ax);
  I k0 = o.selectI(sub, o.ci(uint64_t(-200)), o.ci(0));
  I kk = o.addI(o.ashrI(o.subI(hiWord(ax), o.ci(0x3fe7c000)), o.ci(20)), k0);
  F m = o.fromBits(o.orI(o.andI(o.bits(ax), o.ci(0x800fffffffffffff)), o.ci(0x3ff0000000000000)));
  F S = cout(o, 6856); // 2^27 + 1, Veltkamp's splitter
  I i1 = o.lshrI(o.addI(o.andI(hiWord(m), o.ci(0xfc000)), o.ci(0x4000)), o.ci(15));
  F rcp1 = coutAt(o, 0, i1);
  F x2 = o.mul(rcp1, m);
  F sm = o.mul(S, m);
  F L = o.add(o.sitofp(kk), coutAt(o, 264, o.shlI(i1, o.ci(1))));
  I i2 = o.lshrI(o.addI(o.andI(hiWord(x2), o.ci(0xfc00)), o.ci(0x400)), o.ci(11));
  F t = o.sub(sm, m);
  F rcp2 = coutAt(o, 792, i2);
  F x3 = o.mul(x2, rcp2);
  L = o.add(L, coutAt(o, 1056, o.shlI(i2, o.ci(1))));
  F r12 = o.mul(rcp1, rcp2);
  F mhi = o.sub(sm, t);
  I i3 = o.lshrI(o.addI(o.andI(hiWord(x3), o.ci(0xff0)), o.ci(16)), o.ci(5));
  F rcp3 = coutAt(o, 1584, i3);
  F rcpC = o.mul(r12, rcp3);
  F mlo = o.sub(m, mhi);
  L = o.add(L, coutAt(o, 2616, o.shlI(i3, o.ci(1))));
  F x4 = o.mul(x3, rcp3);
  F cq = o.sub(x4, cout(o, 6848));
  F sR = o.mul(S, rcpC);
  F rhi = o.sub(sR, o.sub(sR, rcpC));
  F l1lo = coutAt(o, 272, o.shlI(i1, o.ci(1)));
  F l2lo = coutAt(o, 1064, o.shlI(i2, o.ci(1)));
  F l3lo = coutAt(o, 2624, o.shlI(i3, o.ci(1)));
  F rlo = o.sub(rcpC, rhi);
  F cqLo = o.sub(o.mul(mhi, rhi), x4);
  cqLo = o.add(cqLo, o.mul(rhi, mlo));
  cqLo = o.add(cqLo, o.mul(mhi, rlo));
  cqLo = o.add(cqLo, o.mul(mlo, rlo));
  F hh = o.add(L, cq);
  F hl = o.add(o.sub(L, hh), cq);
  I scaleExp = o.addI(expOf(hh), ey);
  // LBL_2_58: log2|x| in three parts times y, then 2^(N + j/128 + Z).
  F cq2 = o.add(cq, cqLo);
  F l23 = o.add(l2lo, l3lo);
  F e2 = o.add(cqLo, hl);
  F p = o.mul(cout(o, 6752), cq2);
  p = o.mul(o.add(p, cout(o, 6744)), cq2);
  p = o.mul(o.add(p, cout(o, 6736)), cq2);
  p = o.mul(o.add(p, cout(o, 6728)), cq2);
  F lo = o.add(o.add(l1lo, l23), e2);
  F h1 = o.add(hh, p);
  F l1p = o.add(o.sub(hh, h1), p);
  F h2 = o.add(lo, h1);
  F l2p = o.add(o.sub(h1, h2), lo);
  F sH = o.mul(S, h2);
  F lsum = o.mul(o.add(l2p, l1p), y);
  F h2hi = o.sub(sH, o.sub(sH, h2));
  F h2lo = o.sub(h2, h2hi);
  F yS = o.mul(y, S);
  F yhi = o.sub(yS, o.sub(yS, y));
  F ylo = o.sub(y, yhi);
  F phm = o.mul(yhi, h2hi);
  F pl = o.mul(yhi, h2lo);
  F shifter = cout(o, 6840); // 1.5 * 2^46
  F sh = o.add(shifter, phm);
  pl = o.add(pl, o.mul(h2lo, ylo));
  pl = o.add(pl, o.mul(h2hi, ylo));
  pl = o.add(pl, lsum);
  F phh = o.sub(sh, shifter);
  F z = o.add(o.sub(phm, phh), pl);
  I j = o.andI(o.bits(sh), o.ci(127));
  I n = o.ashrI(o.shlI(o.bits(sh), o.ci(32)), o.ci(39)); // sarl $7 of the low word
  F q = o.mul(cout(o, 6792), z);
  q = o.mul(o.add(q, cout(o, 6784)), z);
  q = o.mul(o.add(q, cout(o, 6776)), z);
  q = o.mul(o.add(q, cout(o, 6768)), z);
  q = o.mul(o.add(q, cout(o, 6760)), z);
  F thi = coutAt(o, 4680, o.shlI(j, o.ci(1)));
  F tlo = coutAt(o, 4688, o.shlI(j, o.ci(1)));
  q = o.add(o.mul(q, thi), tlo);
  F res = o.add(q, thi);
  I expo = o.subI(o.addI(n, expOf(res)), o.ci(1023)); // a signed value
  F normal =
      o.mul(o.fromBits(o.orI(o.andI(o.bits(res), o.ci(0x800fffffffffffff)),
                             o.shlI(o.andI(o.addI(expo, o.ci(1023)), o.ci(2047)), o.ci(52)))),
            sign);
  F scale = o.fromBits(o.shlI(o.andI(o.addI(n, o.ci(1223)), o.ci(2047)), o.ci(52)));
  F signLow = o.mul(sign, cout(o, 6872)); // sign * 2^-200
  F deep = o.mul(signLow, o.mul(res, scale));
  F resLo = o.add(o.sub(thi, res), q);
  F sRes = o.mul(S, res);
  F resHi = o.sub(sRes, o.sub(sRes, res));
  F nearSub =
      o.mul(signLow, o.add(o.mul(o.add(o.sub(res, resHi), resLo), scale), o.mul(resHi, scale)));
  F huge = cout(o, 6800), tiny = cout(o, 6808);
  F overflow = o.mul(o.mul(huge, huge), sign);
  F underflow = o.mul(o.mul(tiny, tiny), sign);
  F fromRes =
      o.select(o.sleI(o.ci(1024), expo), overflow,
               o.select(o.sltI(expo, o.ci(uint64_t(-1084))), underflow,
                        o.select(o.sltI(expo, o.ci(uint64_t(-1032))), deep,
                                 o.select(o.sltI(expo, o.ci(uint64_t(-1022))), nearSub, normal))));
  // LBL_2_67 and the |y log2 x| < 2^-38 shortcut.
  auto hhNeg = o.eqI(o.lshrI(o.bits(hh), o.ci(63)), o.ci(1));
  F big = o.select(o.xorB(sy, hhNeg), o.mul(tiny, tiny), o.mul(huge, huge));
  F mainPath =
      o.select(o.sleI(o.ci(2057), scaleExp), o.mul(big, sign),
               o.select(o.sleI(scaleExp, o.ci(1984)), o.mul(o.add(one, tiny), sign), fromRes));

  // The special cases, in the routine's order.
  F signT = sign; // T[6824 + 8 * (parity & sx)]
  auto xZero = o.oeq(x, zero);
  auto xMinusOne = o.oeq(x, o.c(-1.0));
  auto yZero = o.oeq(y, zero);
  F atZero = o.select(sy, o.div(signT, o.mul(x, x)), o.mul(signT, o.mul(x, x)));
  F atMinusOne = o.select(eqI(parity, 1), o.c(-1.0), one);
  F notFinite = o.select(o.ultI(ex, o.ci(1023)), o.select(sy, o.mul(y, y), zero),
                         o.select(sy, o.mul(zero, signT), o.mul(o.mul(o.mul(x, x), y), signT)));
  F nan = o.div(zero, zero);
  F general = o.select(o.orB(o.notB(xFinite), o.notB(yFinite)), notFinite,
                       o.select(o.orB(o.olt(zero, x), o.notB(eqI(parity, 0))), mainPath, nan));
  F minusOne = o.select(o.orB(o.notB(eqI(parity, 0)), o.notB(yFinite)), atMinusOne, general);
  F r = o.select(xZero, atZero, o.select(xMinusOne, minusOne, general));
  auto xNaN = o.notB(o.orB(xMantZero, xFinite));
  auto yNaN = o.notB(o.orB(yMantZero, yFinite));
  r = o.select(o.orB(xNaN, yNaN), o.add(x, y), r);
  return o.select(o.orB(o.oeq(x, one), yZero), one, r);
}

/// One lane of __svml_pow8 (svml_z0_pow_d_la.s).
template <class Ops> typename Ops::F pow(Ops &o, typename Ops::F x, typename Ops::F y) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](unsigned off) { return constD(o, PowVectorConst(off)); };
  F one = o.c(1.0);
  F m = o.getmant(x, 10); // [0.5, 1)
  F e = o.getexp(x);
  F rcp = o.roundscale(o.rcp14(m), 0x58);
  F r = o.fma(rcp, m, o.neg(one));
  auto low = o.olt(rcp, o.c(1.5));
  F p89 = o.fma(r, k(896), k(960));
  I idx = o.lshrI(o.bits(rcp), o.ci(47));
  I hiHalf = o.andI(o.lshrI(idx, o.ci(4)), o.ci(1));
  I ti = o.addI(o.andI(idx, o.ci(15)), o.shlI(hiHalf, o.ci(4)));
  F th = o.table(PowTable, 80, ti);
  F tl = o.table(PowTable, 80, o.addI(ti, o.ci(32)));
  e = o.select(low, o.add(e, one), e);
  F r2 = o.mul(r, r);
  F p67 = o.fma(r, k(1024), k(1088));
  F c2h = k(832), c1h = k(768);
  F eth = o.add(th, e);
  F p69 = o.fma(r2, p89, p67);
  F p45 = o.fma(r, k(1152), k(1216));
  F p49 = o.fma(r2, p69, p45);
  F r2l = o.fma(r, r, o.neg(r2));
  F tl2 = o.fma(c2h, r2l, tl);
  F p23 = o.fma(r, k(1280), k(1344));
  F high1 = o.fma(r, c1h, eth);
  F p29 = o.fma(r2, p49, p23);
  F rc1hH = o.sub(high1, eth);
  tl2 = o.fma(r2, p29, tl2);
  F rc1hL = o.fma(r, c1h, o.neg(rc1hH));
  F high2 = o.fma(r2, c2h, high1);
  F rc1l = o.fma(k(1408), r, rc1hL);
  F high = o.add(high2, tl2);
  F r2c2hH = o.sub(high2, high1);
  F yHigh = o.mulRZ(high, y);
  F r2c2hL = o.fma(c2h, r2, o.neg(r2c2hH));
  F d = o.sub(high, high2);
  F yHighLow = o.fmaRZ(y, high, o.neg(yHigh));
  F tll = o.sub(tl2, d);
  rc1l = o.add(rc1l, r2c2hL);
  F zl = o.add(tll, rc1l);
  F nsh = o.addRD(yHigh, k(1472));
  F red = o.reduce(yHigh, 0x41); // the fraction below 2^-4, rounding down
  zl = o.fmaRZ(y, zl, yHighLow);
  F z = o.add(red, zl);
  F ayHigh = o.fromBits(o.andI(o.bits(yHigh), o.ci(0x7fffffffffffffff)));
  F the = o.table(PowTable, 80, o.addI(o.andI(o.bits(nsh), o.ci(15)), o.ci(64)));
  F zr = o.fromBits(o.andI(o.bits(z), o.ci(0xbfffffffffffffff))); // |R| < 2
  auto bigY = o.notB(o.ole(ayHigh, k(2240)));
  F z2 = o.mul(zr, zr);
  F zThe = o.mul(zr, the);
  F q1 = o.fma(zr, k(1600), k(1664));
  F q2 = o.fma(zr, k(1728), k(1792));
  F q3 = o.fma(zr, k(1856), k(1920));
  F scale = o.fromBits(o.andI(o.shlI(o.bits(nsh), o.ci(48)), o.ci(0x7ff0000000000000)));
  F poly = o.fma(z2, q1, q2);
  poly = o.fma(z2, poly, q3);
  poly = o.fma(zThe, poly, the);
  F res = o.mul(poly, scale);
  // vfpclasspd 0xdf on x (NaN, zero, infinite, negative), 0x99 on y (NaN,
  // infinite), and |y log2 x| above 1021.5 go to the scalar fallback.
  F inf = constD(o, 0x7ff0000000000000);
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  F ay = o.fromBits(o.andI(o.bits(y), o.ci(0x7fffffffffffffff)));
  auto xOk = o.andB(o.olt(o.c(0.0), x), o.olt(ax, inf));
  auto rare = o.orB(o.orB(o.notB(xOk), o.notB(o.olt(ay, inf))), bigY);
  return o.ifElse(
      rare, [&]() -> F { return powRare(o, x, y); }, [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
