//===- NumpyLog1p.h - numpy 1.24's float64 log1p on AVX-512 ---------------===//
//
// numpy 1.24 on AVX512_SKX computes float64 np.log1p with its vendored
// SVML (__svml_log1p8: numpy/SVML linux/avx512/svml_z0_log1p_d_la.s),
// elsewhere with the C library. One lane: 1 + x with its rounding error
// (max/min of 1 and x), log's reduction of the sum's mantissa by a 4-bit
// reciprocal, the error scaled by 2^-e and folded in with a fused
// multiply-add, a degree-9 polynomial, x's sign or-ed in. Lanes whose
// reduced argument is NaN (x <= -1, +inf, NaN) take the scalar fallback,
// which gives -inf for -1, +inf for +inf and NaN otherwise. A template
// over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.log1p of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyLog1p(double x);

namespace svml {

/// __svml_dlog1p_data_internal_avx512: -log of the rounded reciprocal.
inline constexpr uint64_t Log1pTable[16] = {
    0x0000000000000000, 0xbfaf0a30c01162a6, 0xbfbe27076e2af2e6, 0xbfc5ff3070a793d4,
    0xbfcc8ff7c79a9a22, 0xbfd1675cababa60e, 0xbfd4618bc21c5ec2, 0xbfd739d7f6bbd007,
    0x3fd269621134db92, 0x3fcf991c6cb3b379, 0x3fca93ed3c8ad9e3, 0x3fc5bf406b543db2,
    0x3fc1178e8227e47c, 0x3fb9335e5d594989, 0x3fb08598b59e3a07, 0x3fa0415d89e74444};
/// Its broadcast constants at byte offsets 128, 192, ....
inline constexpr uint64_t Log1pConsts[16] = {
    0x3ff0000000000000, 0x8000000000000000, 0x3fe8000000000000, 0x3fbc81cd309d7c70,
    0xbfc007357e93af62, 0x3fc249229cee81ef, 0xbfc55553fb28db06, 0x3fc9999999cc9f5c,
    0xbfd00000000c05bd, 0x3fd5555555555466, 0xbfdfffffffffffc6, 0x3fe62e42fefa39ef,
    0x0000000000000000, 0x0000000000000078, 0x0010000000000000, 0x7fefffffffffffff};

/// One lane of __svml_log1p8 (svml_z0_log1p_d_la.s).
template <class Ops> typename Ops::F log1p(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  auto k = [&](unsigned offset) { return constD(o, Log1pConsts[(offset - 128) / 64]); };
  F one = k(128);
  F s = o.add(one, x);
  auto sign = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F mx = o.select(o.olt(x, one), one, x); // vmaxpd 1, x: 1 > x ? 1 : x
  F mn = o.select(o.olt(one, x), one, x); // vminpd 1, x: 1 < x ? 1 : x
  F m = o.getmant(s, 8);
  F e = o.getexp(s);
  F d = o.sub(s, mx);
  F rcp = o.roundscale(o.rcp14(m), 0x58);
  F lo = o.sub(mn, d); // 1 + x - s
  F los = o.scalef(lo, o.neg(e));
  F r = o.fma(rcp, m, o.neg(one));
  r = o.fma(rcp, los, r);
  auto low = o.olt(rcp, k(256));
  auto rare = o.notB(o.oeq(r, r));
  F p1 = o.fma(r, k(320), k(384));
  F p14 = o.fma(r, k(448), k(512));
  F t = o.table(Log1pTable, 16, o.andI(o.lshrI(o.bits(rcp), o.ci(48)), o.ci(15)));
  e = o.select(low, o.add(e, one), e);
  F r2 = o.mul(r, r);
  F p10 = o.fma(r, k(576), k(640));
  F r4 = o.mul(r2, r2);
  F p12 = o.fma(r, k(704), k(768));
  p1 = o.fma(r2, p1, p14);
  p10 = o.fma(r2, p10, p12);
  p1 = o.fma(r4, p1, p10);
  p1 = o.fma(r2, p1, r);
  F sum = o.add(t, p1);
  F res = o.fma(k(832), e, sum);
  res = o.fromBits(o.orI(o.bits(res), sign));
  F inf = constD(o, 0x7ff0000000000000);
  return o.ifElse(
      rare,
      [&]() -> F {
        return o.select(o.oeq(x, o.c(-1.0)), constD(o, 0xfff0000000000000),
                        o.select(o.oeq(x, inf), inf, constD(o, 0x7ff8000000000000)));
      },
      [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
