//===- NumpyExpm1.h - numpy 1.24's float64 expm1 on AVX-512 ---------------===//
//
// numpy 1.24 on AVX512_SKX computes float64 np.expm1 with its vendored
// SVML (__svml_expm18: numpy/SVML linux/avx512/svml_z0_expm1_d_la.s),
// elsewhere with the C library. One lane: N = x log2(e) to 1/16, a
// two-part 2^(j/16) table, vscalefpd by max(N, -128), a degree-7
// polynomial, exp(x) - 1 as one fused multiply-add, x's sign or-ed in;
// x >= 707.70 or NaN goes to the scalar fallback, which for those is
// NumpyExpLog.h's expRare (exp(x), the same table) or x * x for NaN. A
// template over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.expm1 of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyExpm1(double x);

namespace svml {

/// __svml_dexpm1_data_internal_avx512: 2^(j/16) (0..15) and a low part
/// (16..31).
inline constexpr uint64_t Expm1Table[32] = {
    0x3ff0000000000000, 0x3ff0b5586cf9890f, 0x3ff172b83c7d517b, 0x3ff2387a6e756238,
    0x3ff306fe0a31b715, 0x3ff3dea64c123422, 0x3ff4bfdad5362a27, 0x3ff5ab07dd485429,
    0x3ff6a09e667f3bcd, 0x3ff7a11473eb0187, 0x3ff8ace5422aa0db, 0x3ff9c49182a3f090,
    0x3ffae89f995ad3ad, 0x3ffc199bdd85529c, 0x3ffd5818dcfba487, 0x3ffea4afa2a490da,
    0x0000000000000000, 0x3c979aa65d837b6d, 0xbc801b15eaa59348, 0x3c968efde3a8a894,
    0x3c834d754db0abb6, 0x3c859f48a72a4c6d, 0x3c7690cebb7aafb0, 0x3c9063e1e21c5409,
    0xbc93b3efbf5e2228, 0xbc7b32dcb94da51d, 0x3c8db72fc1f0eab4, 0x3c71affc2b91ce27,
    0x3c8c1a7792cb3387, 0x3c736eae30af0cb3, 0x3c74a385a63d07a7, 0xbc8ff7128fd391f0};
/// Its broadcast constants at byte offsets 256, 320, ....
inline constexpr uint64_t Expm1Consts[17] = {
    0x3ff71547652b82fe, 0x42f8000000003ff0, 0x40861da04cbafe44, 0x8000000000000000,
    0x3fe62e42fefa39ef, 0x3c7abc9e3b39803f, 0xc060000000000000, 0xbfffffffffffffff,
    0x3efa01f8f4be0bb2, 0x3f2a020410303d8a, 0x3f56c1c38e164a2f, 0x3f81111110865214,
    0x3fa5555554ad3d06, 0x3fc5555555555656, 0x3fe00000000000a2, 0x3ff0000000000000,
    0xbff0000000000000};

/// One lane of __svml_expm18 (svml_z0_expm1_d_la.s).
template <class Ops> typename Ops::F expm1(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  auto k = [&](unsigned offset) { return constD(o, Expm1Consts[(offset - 256) / 64]); };
  F z = o.fma(x, k(256), k(320));
  auto rare = o.notB(o.olt(x, k(384))); // vcmppd NLT_UQ: NaN too
  F n = o.sub(z, k(320));
  auto j = o.andI(o.bits(z), o.ci(15));
  F ta = o.table(Expm1Table, 32, j);
  F tb = o.table(Expm1Table, 32, o.addI(j, o.ci(16)));
  auto sign = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F r = o.fma(o.neg(n), k(512), x);
  F nm = o.select(o.olt(k(640), n), n, k(640)); // vmaxpd: n > -128 ? n : -128
  r = o.fma(o.neg(n), k(576), r);
  r = o.fromBits(o.andI(o.bits(r), o.ci(0xbfffffffffffffff)));
  F ts = o.scalef(ta, nm);
  F q15 = o.fma(r, k(960), k(1024));
  F q = o.fma(r, k(832), k(896));
  F r2 = o.mul(r, r);
  F q12 = o.fma(r, k(1088), k(1152));
  q = o.fma(r2, q, q15);
  q = o.fma(r2, q, q12);
  q = o.fma(r2, q, tb);
  F s = o.add(q, r);
  F t15 = o.sub(ts, k(1216));
  F res = o.fma(s, ts, t15);
  res = o.fromBits(o.orI(o.bits(res), sign));
  return o.ifElse(
      rare, [&]() -> F { return o.select(o.oeq(x, x), expRare(o, x), o.mul(x, x)); },
      [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
