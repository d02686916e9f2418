//===- NumpyExp2.h - numpy 1.24's float64 exp2 on AVX-512 -----------------===//
//
// numpy 1.24 on AVX512_SKX computes float64 np.exp2 with its vendored SVML
// (__svml_exp28: numpy/SVML linux/avx512/svml_z0_exp2_d_la.s), elsewhere
// with the C library. One lane: r = x minus x rounded down to 1/16
// (vreducepd), 2^(j/16) from a table, a degree-6 polynomial, vscalefpd by
// floor(x); |x| >= 1022 (not NaN) goes to the scalar fallback
// (__svml_dexp2_cout_rare_internal: 2^(j/64) in two parts, the subnormal
// and near-overflow scalings, +-inf). A template over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.exp2 of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpyExp2(double x);

namespace svml {

/// __svml_dexp2_data_internal_avx512: 2^(j/16).
inline constexpr uint64_t Exp2Table[16] = {
    0x3ff0000000000000, 0x3ff0b5586cf9890f, 0x3ff172b83c7d517b, 0x3ff2387a6e756238,
    0x3ff306fe0a31b715, 0x3ff3dea64c123422, 0x3ff4bfdad5362a27, 0x3ff5ab07dd485429,
    0x3ff6a09e667f3bcd, 0x3ff7a11473eb0187, 0x3ff8ace5422aa0db, 0x3ff9c49182a3f090,
    0x3ffae89f995ad3ad, 0x3ffc199bdd85529c, 0x3ffd5818dcfba487, 0x3ffea4afa2a490da};
/// Its broadcast constants at byte offsets 128, 192, ....
inline constexpr uint64_t Exp2Consts[10] = {
    0x3fe62e42fefa398b, 0x3fcebfbdff84555a, 0x3fac6b08d4ad86b9, 0x3f83b2ad1b172252,
    0x3f55d7472713cd19, 0x3f24a1d7f526371b, 0x42f8000000000000, 0x7fffffffffffffff,
    0x408fefff00000000, 0x000000000000000f};
/// __dexp2_la__imldExp2HATab (the scalar fallback's): 2^(j/64) high and
/// low, then its constants (byte offsets 1024..1136).
inline constexpr uint64_t Exp2RareTable[144] = {
    0x3ff0000000000000, 0x0000000000000000, 0x3ff02c9a3e778061, 0xbc7160139cd8dc5d,
    0x3ff059b0d3158574, 0x3c8cd2523567f613, 0x3ff0874518759bc8, 0x3c60f74e61e6c861,
    0x3ff0b5586cf9890f, 0x3c979aa65d837b6d, 0x3ff0e3ec32d3d1a2, 0x3c3ebe3d702f9cd1,
    0x3ff11301d0125b51, 0xbc9556522a2fbd0e, 0x3ff1429aaea92de0, 0xbc91c923b9d5f416,
    0x3ff172b83c7d517b, 0xbc801b15eaa59348, 0x3ff1a35beb6fcb75, 0x3c8b898c3f1353bf,
    0x3ff1d4873168b9aa, 0x3c9aecf73e3a2f60, 0x3ff2063b88628cd6, 0x3c8a6f4144a6c38d,
    0x3ff2387a6e756238, 0x3c968efde3a8a894, 0x3ff26b4565e27cdd, 0x3c80472b981fe7f2,
    0x3ff29e9df51fdee1, 0x3c82f7e16d09ab31, 0x3ff2d285a6e4030b, 0x3c8b3782720c0ab4,
    0x3ff306fe0a31b715, 0x3c834d754db0abb6, 0x3ff33c08b26416ff, 0x3c8fdd395dd3f84a,
    0x3ff371a7373aa9cb, 0xbc924aedcc4b5068, 0x3ff3a7db34e59ff7, 0xbc71d1e83e9436d2,
    0x3ff3dea64c123422, 0x3c859f48a72a4c6d, 0x3ff4160a21f72e2a, 0xbc58a78f4817895b,
    0x3ff44e086061892d, 0x3c4363ed60c2ac11, 0x3ff486a2b5c13cd0, 0x3c6ecce1daa10379,
    0x3ff4bfdad5362a27, 0x3c7690cebb7aafb0, 0x3ff4f9b2769d2ca7, 0xbc8f94340071a38e,
    0x3ff5342b569d4f82, 0xbc78dec6bd0f385f, 0x3ff56f4736b527da, 0x3c93350518fdd78e,
    0x3ff5ab07dd485429, 0x3c9063e1e21c5409, 0x3ff5e76f15ad2148, 0x3c9432e62b64c035,
    0x3ff6247eb03a5585, 0xbc8c33c53bef4da8, 0x3ff6623882552225, 0xbc93cedd78565858,
    0x3ff6a09e667f3bcd, 0xbc93b3efbf5e2228, 0x3ff6dfb23c651a2f, 0xbc6367efb86da9ee,
    0x3ff71f75e8ec5f74, 0xbc781f647e5a3ecf, 0x3ff75feb564267c9, 0xbc8619321e55e68a,
    0x3ff7a11473eb0187, 0xbc7b32dcb94da51d, 0x3ff7e2f336cf4e62, 0x3c65ebe1abd66c55,
    0x3ff82589994cce13, 0xbc9369b6f13b3734, 0x3ff868d99b4492ed, 0xbc94d450d872576e,
    0x3ff8ace5422aa0db, 0x3c8db72fc1f0eab4, 0x3ff8f1ae99157736, 0x3c7bf68359f35f44,
    0x3ff93737b0cdc5e5, 0xbc5da9b88b6c1e29, 0x3ff97d829fde4e50, 0xbc92434322f4f9aa,
    0x3ff9c49182a3f090, 0x3c71affc2b91ce27, 0x3ffa0c667b5de565, 0xbc87c50422622263,
    0x3ffa5503b23e255d, 0xbc91bbd1d3bcbb15, 0x3ffa9e6b5579fdbf, 0x3c8469846e735ab3,
    0x3ffae89f995ad3ad, 0x3c8c1a7792cb3387, 0x3ffb33a2b84f15fb, 0xbc55c3d956dcaeba,
    0x3ffb7f76f2fb5e47, 0xbc68d6f438ad9334, 0x3ffbcc1e904bc1d2, 0x3c74ffd70a5fddcd,
    0x3ffc199bdd85529c, 0x3c736eae30af0cb3, 0x3ffc67f12e57d14b, 0x3c84e08fd10959ac,
    0x3ffcb720dcef9069, 0x3c676b2c6c921968, 0x3ffd072d4a07897c, 0xbc8fad5d3ffffa6f,
    0x3ffd5818dcfba487, 0x3c74a385a63d07a7, 0x3ffda9e603db3285, 0x3c8e5a50d5c192ac,
    0x3ffdfc97337b9b5f, 0xbc82d52107b43e1f, 0x3ffe502ee78b3ff6, 0x3c74b604603a88d3,
    0x3ffea4afa2a490da, 0xbc8ff7128fd391f0, 0x3ffefa1bee615a27, 0x3c8ec3bc41aa2008,
    0x3fff50765b6e4540, 0x3c8a64a931d185ee, 0x3fffa7c1819e90d8, 0x3c77893b4d91cd9d,
    0x42d8000000000000, 0x3fe62e42fefa39ef, 0x3fcebfbdff82a23a, 0x3fac6b08d7076268,
    0x3f83b2ad33f8b48b, 0x3f55d870c4d8440a, 0x4090000000000000, 0xc08ff00000000000,
    0xc090cc0000000000, 0x0010000000000001, 0x7fefffffffffffff, 0x0000000000000000,
    0x3ff0000000000000, 0x4000000000000000, 0x39b0000000000000, 0x0000000000000000};

/// __svml_dexp2_cout_rare_internal for a flagged lane (|x| >= 1022 or
/// infinite).
template <class Ops> typename Ops::F exp2Rare(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto t = [&](unsigned offset) { return constD(o, Exp2RareTable[offset / 8]); };
  F s = o.add(t(1024), x); // 1.5 * 2^46: x to 1/64
  I low = o.andI(o.bits(s), o.ci(0xffffffff));
  I j2 = o.shlI(o.andI(low, o.ci(63)), o.ci(1));
  F r = o.sub(x, o.sub(s, t(1024)));
  I n = o.lshrI(low, o.ci(6)); // a 32-bit logical shift
  F p = o.mul(t(1064), r);
  p = o.mul(o.add(p, t(1056)), r);
  p = o.mul(o.add(p, t(1048)), r);
  p = o.mul(o.add(p, t(1040)), r);
  p = o.mul(o.add(p, t(1032)), r);
  F th = o.table(Exp2RareTable, 144, j2);
  p = o.add(p, o.table(Exp2RareTable, 144, o.addI(j2, o.ci(1))));
  p = o.add(o.mul(p, th), th);
  auto scale = [&](I e) { return o.fromBits(o.shlI(o.andI(e, o.ci(2047)), o.ci(52))); };
  I e = o.andI(o.addI(n, o.ci(1023)), o.ci(2047));
  F normal = o.select(o.eqI(e, o.ci(2047)), o.mul(o.mul(scale(o.subI(e, o.ci(1))), p), t(1128)),
                      o.mul(scale(e), p));
  F sub = o.mul(o.mul(scale(o.addI(n, o.ci(1123))), p), t(1136));
  F finite = o.select(o.olt(x, t(1080)), sub, normal);
  finite = o.select(o.ole(x, t(1088)), o.mul(t(1096), t(1096)), finite);
  finite = o.select(o.ole(t(1072), x), o.mul(t(1104), t(1104)), finite);
  F inf = constD(o, 0x7ff0000000000000);
  auto isInf = o.oeq(o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff))), inf);
  return o.select(isInf, o.select(o.olt(x, o.c(0.0)), t(1112), o.mul(x, x)), finite);
}

/// One lane of __svml_exp28 (svml_z0_exp2_d_la.s).
template <class Ops> typename Ops::F exp2(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  auto k = [&](unsigned offset) { return constD(o, Exp2Consts[(offset - 128) / 64]); };
  F r = o.reduce(x, 0x41);
  F p = o.fma(r, k(448), k(384));
  p = o.fma(r, p, k(320));
  F s = o.addRD(x, k(512));
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  p = o.fma(r, p, k(256));
  auto rare = o.ole(k(640), ax); // vcmppd GE_OQ: a NaN is not flagged
  p = o.fma(r, p, k(192));
  p = o.fma(r, p, k(128));
  F th = o.table(Exp2Table, 16, o.andI(o.bits(s), o.ci(15)));
  F tr = o.mul(th, r);
  p = o.fma(tr, p, th);
  F res = o.scalef(p, x);
  return o.ifElse(
      rare, [&]() -> F { return exp2Rare(o, x); }, [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
