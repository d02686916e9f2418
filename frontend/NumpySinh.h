//===- NumpySinh.h - numpy 1.24's float64 sinh and cosh on AVX-512 -------===//
//
// numpy 1.24 computes float64 np.sinh and np.cosh on AVX512_SKX with its
// vendored SVML (loops_umath_fp.dispatch.c.src calling __svml_sinh8 and
// __svml_cosh8, numpy/SVML 1c5260a linux/avx512/svml_z0_{sinh,cosh}_d_la
// .s), elsewhere with the C library; they differ in the last bit for about
// 40% of the arguments. One lane of sinh:
// |x| = (N + j/128) log 2 + R, 2^(+-N) folded into table values of
// 2^(-j/128) / 2 and (2^(j/128) - 2^(-j/128)) / 2 by integer adds to their
// exponent fields, sinh R and cosh R - 1 by short polynomials, x's sign.
// |x| above 707.7 (high word), infinities and NaN take the scalar
// fallback: e^|x| / 2 from 2^(j/64) in two parts and a degree-5
// polynomial, scaled by 2^N (by 2^(N-1) and 2 at the top), +-inf from
// 710.4758600739439 on, x + x for infinities and NaN. cosh: j/16 steps,
// tables of 2^(+-j/16) / 2 scaled the same way, the same fallback without
// the sign (+inf, x * x). Templates over NumpyExpLog.h's Ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NumpyExpLog.h"

namespace llcc {

/// numpy's np.sinh of one float64 as the current compilation's choice
/// makes it: SVML's (numpySvmlExpLog()) or the C library's.
double numpySinh(double x);
double numpyCosh(double x);

namespace svml {

/// __svml_dsinh_data_internal: for j = 0..127, (2^(j/128) - 2^(-j/128)) / 2
/// and 2^(-j/128) / 2.
inline constexpr uint64_t SinhTable[256] = {
    0x0000000000000000, 0x3fe0000000000000, 0x3f762e4a19bd1e74, 0x3fdfd3c22b8f71f1,
    0x3f862e5f6a0dfd36, 0x3fdfa7c1819e90d8, 0x3f90a2e234040f5f, 0x3fdf7bfdad9cbe14,
    0x3f962eb4abcc5a81, 0x3fdf50765b6e4540, 0x3f9bbab1c5033244, 0x3fdf252b376bba97,
    0x3fa0a372144eeb45, 0x3fdefa1bee615a27, 0x3fa369ab3ffbf8b0, 0x3fdecf482d8e67f1,
    0x3fa63009ba740a2a, 0x3fdea4afa2a490da, 0x3fa8f692d8ea1b5a, 0x3fde7a51fbc74c83,
    0x3fabbd4bf0e31a6f, 0x3fde502ee78b3ff6, 0x3fae843a5840286a, 0x3fde264614f5a129,
    0x3fb0a5b1b2a46d0a, 0x3fddfc97337b9b5f, 0x3fb20966375abcdf, 0x3fddd321f301b460,
    0x3fb36d3d65dca4e8, 0x3fdda9e603db3285, 0x3fb4d139ea06642a, 0x3fdd80e316c98398,
    0x3fb6355e6ffbf9ba, 0x3fdd5818dcfba487, 0x3fb799ada42e4788, 0x3fdd2f87080d89f2,
    0x3fb8fe2a336035bc, 0x3fdd072d4a07897c, 0x3fba62d6caabd6b6, 0x3fdcdf0b555dc3fa,
    0x3fbbc7b617878baf, 0x3fdcb720dcef9069, 0x3fbd2ccac7cb2a11, 0x3fdc8f6d9406e7b5,
    0x3fbe921789b52185, 0x3fdc67f12e57d14b, 0x3fbff79f0befa2c7, 0x3fdc40ab5fffd07a,
    0x3fc0aeb1fecae3a9, 0x3fdc199bdd85529c, 0x3fc161b4871c5cec, 0x3fdbf2c25bd71e09,
    0x3fc214d876f26fd0, 0x3fdbcc1e904bc1d2, 0x3fc2c81f2693816f, 0x3fdba5b030a1064a,
    0x3fc37b89ee88bef7, 0x3fdb7f76f2fb5e47, 0x3fc42f1a27a0b3cd, 0x3fdb59728de5593a,
    0x3fc4e2d12af1e037, 0x3fdb33a2b84f15fb, 0x3fc596b051dd508d, 0x3fdb0e07298db666,
    0x3fc64ab8f61134fa, 0x3fdae89f995ad3ad, 0x3fc6feec718b79d1, 0x3fdac36bbfd3f37a,
    0x3fc7b34c1e9c607f, 0x3fda9e6b5579fdbf, 0x3fc867d957e91912, 0x3fda799e1330b358,
    0x3fc91c95786e5c72, 0x3fda5503b23e255d, 0x3fc9d181db83072f, 0x3fda309bec4a2d33,
    0x3fca869fdcdab512, 0x3fda0c667b5de565, 0x3fcb3bf0d8885d4c, 0x3fd9e86319e32323,
    0x3fcbf1762b00ef69, 0x3fd9c49182a3f090, 0x3fcca731311df0fb, 0x3fd9a0f170ca07ba,
    0x3fcd5d2348201c09, 0x3fd97d829fde4e50, 0x3fce134dcdb1fe3e, 0x3fd95a44cbc8520f,
    0x3fcec9b21fea98ea, 0x3fd93737b0cdc5e5, 0x3fcf80519d5001d3, 0x3fd9145b0b91ffc6,
    0x3fd01b96d26d026a, 0x3fd8f1ae99157736, 0x3fd07723cafa6331, 0x3fd8cf3216b5448c,
    0x3fd0d2d06841b373, 0x3fd8ace5422aa0db, 0x3fd12e9d5a715381, 0x3fd88ac7d98a6699,
    0x3fd18a8b51f5c661, 0x3fd868d99b4492ed, 0x3fd1e69aff7b04d7, 0x3fd8471a4623c7ad,
    0x3fd242cd13edd0f1, 0x3fd82589994cce13, 0x3fd29f22407d0a0c, 0x3fd80427543e1a12,
    0x3fd2fb9b369b0153, 0x3fd7e2f336cf4e62, 0x3fd35838a7fecec8, 0x3fd7c1ed0130c132,
    0x3fd3b4fb46a5a6cc, 0x3fd7a11473eb0187, 0x3fd411e3c4d4302f, 0x3fd780694fde5d3f,
    0x3fd46ef2d517dac8, 0x3fd75feb564267c9, 0x3fd4cc292a48369e, 0x3fd73f9a48a58174,
    0x3fd5298777884b96, 0x3fd71f75e8ec5f74, 0x3fd5870e7047f1bc, 0x3fd6ff7df9519484,
    0x3fd5e4bec8452a1a, 0x3fd6dfb23c651a2f, 0x3fd64299338d7827, 0x3fd6c012750bdabf,
    0x3fd6a09e667f3bcd, 0x3fd6a09e667f3bcd, 0x3fd6fecf15cb0c0b, 0x3fd68155d44ca973,
    0x3fd75d2bf6751239, 0x3fd6623882552225, 0x3fd7bbb5bdd665e8, 0x3fd6434634ccc320,
    0x3fd81a6d219e6963, 0x3fd6247eb03a5585, 0x3fd87952d7d426df, 0x3fd605e1b976dc09,
    0x3fd8d86796d7ae49, 0x3fd5e76f15ad2148, 0x3fd937ac156373c8, 0x3fd5c9268a5946b7,
    0x3fd997210a8daee4, 0x3fd5ab07dd485429, 0x3fd9f6c72dc9ba68, 0x3fd58d12d497c7fd,
    0x3fda569f36e974ea, 0x3fd56f4736b527da, 0x3fdab6a9de1ea215, 0x3fd551a4ca5d920f,
    0x3fdb16e7dbfc4ca3, 0x3fd5342b569d4f82, 0x3fdb7759e9782918, 0x3fd516daa2cf6642,
    0x3fdbd800bfebf932, 0x3fd4f9b2769d2ca7, 0x3fdc38dd1916f025, 0x3fd4dcb299fddd0d,
    0x3fdc99efaf1f1790, 0x3fd4bfdad5362a27, 0x3fdcfb393c92b539, 0x3fd4a32af0d7d3de,
    0x3fdd5cba7c69b19c, 0x3fd486a2b5c13cd0, 0x3fddbe742a06ff34, 0x3fd46a41ed1d0057,
    0x3fde2067013a029d, 0x3fd44e086061892d, 0x3fde8293be3ffb87, 0x3fd431f5d950a897,
    0x3fdee4fb1dc56e75, 0x3fd4160a21f72e2a, 0x3fdf479ddce78f58, 0x3fd3fa4504ac801c,
    0x3fdfaa7cb935acfe, 0x3fd3dea64c123422, 0x3fe006cc38594eb1, 0x3fd3c32dc313a8e5,
    0x3fe03878e0eb1569, 0x3fd3a7db34e59ff7, 0x3fe06a44b5c74101, 0x3fd38cae6d05d866,
    0x3fe09c3016a0d077, 0x3fd371a7373aa9cb, 0x3fe0ce3b63676360, 0x3fd356c55f929ff1,
    0x3fe10066fc47f240, 0x3fd33c08b26416ff, 0x3fe132b341ad8761, 0x3fd32170fc4cd831,
    0x3fe165209441f823, 0x3fd306fe0a31b715, 0x3fe197af54ee9ebb, 0x3fd2ecafa93e2f56,
    0x3fe1ca5fe4dd1475, 0x3fd2d285a6e4030b, 0x3fe1fd32a577ec72, 0x3fd2b87fd0dad990,
    0x3fe23027f86b6ed6, 0x3fd29e9df51fdee1, 0x3fe263403fa65489, 0x3fd284dfe1f56381,
    0x3fe2967bdd5a8364, 0x3fd26b4565e27cdd, 0x3fe2c9db33fdcae9, 0x3fd251ce4fb2a63f,
    0x3fe2fd5ea64aa180, 0x3fd2387a6e756238, 0x3fe331069740e22f, 0x3fd21f49917ddc96,
    0x3fe364d36a268ae0, 0x3fd2063b88628cd6, 0x3fe398c582887b27, 0x3fd1ed5022fcd91d,
    0x3fe3ccdd443b3394, 0x3fd1d4873168b9aa, 0x3fe4011b135b9590, 0x3fd1bbe084045cd4,
    0x3fe4357f544fa3c1, 0x3fd1a35beb6fcb75, 0x3fe46a0a6bc742fd, 0x3fd18af9388c8dea,
    0x3fe49ebcbebcfbca, 0x3fd172b83c7d517b, 0x3fe4d396b276bc6f, 0x3fd15a98c8a58e51,
    0x3fe50898ac869b96, 0x3fd1429aaea92de0, 0x3fe53dc312cb9b7a, 0x3fd12abdc06c31cc,
    0x3fe573164b726db6, 0x3fd11301d0125b51, 0x3fe5a892bcf6379b, 0x3fd0fb66affed31b,
    0x3fe5de38ce215725, 0x3fd0e3ec32d3d1a2, 0x3fe61408e60e2888, 0x3fd0cc922b7247f7,
    0x3fe64a036c27cc52, 0x3fd0b5586cf9890f, 0x3fe68028c82aee2f, 0x3fd09e3ecac6f383,
    0x3fe6b67962268c43, 0x3fd0874518759bc8, 0x3fe6ecf5a27cbf28, 0x3fd0706b29ddf6de,
    0x3fe7239df1e38286, 0x3fd059b0d3158574, 0x3fe75a72b9657e51, 0x3fd04315e86e7f85,
    0x3fe791746262d0a8, 0x3fd02c9a3e778061, 0x3fe7c8a35691d856, 0x3fd0163da9fb3335};

/// __dsinh_la_CoutTab: 2^(j/64) as a high and a low part, j = 0..63 (the
/// scalar fallback's).
inline constexpr uint64_t SinhRareTable[128] = {
    0x3ff0000000000000, 0x0000000000000000, 0x3ff02c9a3e778061, 0xbc719083535b085d,
    0x3ff059b0d3158574, 0x3c8d73e2a475b465, 0x3ff0874518759bc8, 0x3c6186be4bb284ff,
    0x3ff0b5586cf9890f, 0x3c98a62e4adc610b, 0x3ff0e3ec32d3d1a2, 0x3c403a1727c57b53,
    0x3ff11301d0125b51, 0xbc96c51039449b3a, 0x3ff1429aaea92de0, 0xbc932fbf9af1369e,
    0x3ff172b83c7d517b, 0xbc819041b9d78a76, 0x3ff1a35beb6fcb75, 0x3c8e5b4c7b4968e4,
    0x3ff1d4873168b9aa, 0x3c9e016e00a2643c, 0x3ff2063b88628cd6, 0x3c8dc775814a8495,
    0x3ff2387a6e756238, 0x3c99b07eb6c70573, 0x3ff26b4565e27cdd, 0x3c82bd339940e9d9,
    0x3ff29e9df51fdee1, 0x3c8612e8afad1255, 0x3ff2d285a6e4030b, 0x3c90024754db41d5,
    0x3ff306fe0a31b715, 0x3c86f46ad23182e4, 0x3ff33c08b26416ff, 0x3c932721843659a6,
    0x3ff371a7373aa9cb, 0xbc963aeabf42eae2, 0x3ff3a7db34e59ff7, 0xbc75e436d661f5e3,
    0x3ff3dea64c123422, 0x3c8ada0911f09ebc, 0x3ff4160a21f72e2a, 0xbc5ef3691c309278,
    0x3ff44e086061892d, 0x3c489b7a04ef80d0, 0x3ff486a2b5c13cd0, 0x3c73c1a3b69062f0,
    0x3ff4bfdad5362a27, 0x3c7d4397afec42e2, 0x3ff4f9b2769d2ca7, 0xbc94b309d25957e3,
    0x3ff5342b569d4f82, 0xbc807abe1db13cad, 0x3ff56f4736b527da, 0x3c99bb2c011d93ad,
    0x3ff5ab07dd485429, 0x3c96324c054647ad, 0x3ff5e76f15ad2148, 0x3c9ba6f93080e65e,
    0x3ff6247eb03a5585, 0xbc9383c17e40b497, 0x3ff6623882552225, 0xbc9bb60987591c34,
    0x3ff6a09e667f3bcd, 0xbc9bdd3413b26456, 0x3ff6dfb23c651a2f, 0xbc6bbe3a683c88ab,
    0x3ff71f75e8ec5f74, 0xbc816e4786887a99, 0x3ff75feb564267c9, 0xbc90245957316dd3,
    0x3ff7a11473eb0187, 0xbc841577ee04992f, 0x3ff7e2f336cf4e62, 0x3c705d02ba15797e,
    0x3ff82589994cce13, 0xbc9d4c1dd41532d8, 0x3ff868d99b4492ed, 0xbc9fc6f89bd4f6ba,
    0x3ff8ace5422aa0db, 0x3c96e9f156864b27, 0x3ff8f1ae99157736, 0x3c85cc13a2e3976c,
    0x3ff93737b0cdc5e5, 0xbc675fc781b57ebc, 0x3ff97d829fde4e50, 0xbc9d185b7c1b85d1,
    0x3ff9c49182a3f090, 0x3c7c7c46b071f2be, 0x3ffa0c667b5de565, 0xbc9359495d1cd533,
    0x3ffa5503b23e255d, 0xbc9d2f6edb8d41e1, 0x3ffa9e6b5579fdbf, 0x3c90fac90ef7fd31,
    0x3ffae89f995ad3ad, 0x3c97a1cd345dcc81, 0x3ffb33a2b84f15fb, 0xbc62805e3084d708,
    0x3ffb7f76f2fb5e47, 0xbc75584f7e54ac3b, 0x3ffbcc1e904bc1d2, 0x3c823dd07a2d9e84,
    0x3ffc199bdd85529c, 0x3c811065895048dd, 0x3ffc67f12e57d14b, 0x3c92884dff483cad,
    0x3ffcb720dcef9069, 0x3c7503cbd1e949db, 0x3ffd072d4a07897c, 0xbc9cbc3743797a9c,
    0x3ffd5818dcfba487, 0x3c82ed02d75b3707, 0x3ffda9e603db3285, 0x3c9c2300696db532,
    0x3ffdfc97337b9b5f, 0xbc91a5cd4f184b5c, 0x3ffe502ee78b3ff6, 0x3c839e8980a9cc8f,
    0x3ffea4afa2a490da, 0xbc9e9c23179c2893, 0x3ffefa1bee615a27, 0x3c9dc7f486a4b6b0,
    0x3fff50765b6e4540, 0x3c99d3e12dd8a18b, 0x3fffa7c1819e90d8, 0x3c874853f3a5931e};

/// __svml_dsinh_cout_rare_internal (and __svml_dcosh_cout_rare_internal,
/// the same code and table) for 707.7 < |x| < 710.4758600739439 (their
/// branch for |x| >= 21.49): e^|x| / 2, with x's sign for sinh.
template <class Ops> typename Ops::F sinhRare(Ops &o, typename Ops::F x, bool withSign) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  F shifter = k(0x4338000000000000);
  F m = o.add(o.mul(k(0x40571547652b82fe), ax), shifter); // |x| 64 / log 2
  I n = o.andI(o.bits(m), o.ci(0xffffffff));
  I j = o.andI(n, o.ci(63));
  F dn = o.sub(m, shifter);
  F r = o.sub(o.sub(ax, o.mul(k(0x3f862e42fefa0000), dn)), o.mul(dn, k(0x3d1cf79abc9e3b3a)));
  F th = o.table(SinhRareTable, 128, o.shlI(j, o.ci(1)));
  F tl = o.table(SinhRareTable, 128, o.addI(o.shlI(j, o.ci(1)), o.ci(1)));
  I e = o.andI(o.addI(o.lshrI(n, o.ci(6)), o.ci(1022)), o.ci(2047));
  F p = o.mul(k(0x3f56c16a1c2a3ffd), r);
  p = o.mul(o.add(p, k(0x3f8111123aaf20d3)), r);
  p = o.mul(o.add(p, k(0x3fa5555555558fcc)), r);
  p = o.mul(o.add(p, k(0x3fc55555555548f8)), r);
  p = o.mul(o.add(p, k(0x3fe0000000000000)), r);
  p = o.add(o.mul(p, r), r);
  p = o.add(o.add(o.mul(p, th), tl), th);
  // edx > 2046 (unsigned): 2^(e-1) times 2.
  auto top = o.notB(o.ultI(e, o.ci(2047)));
  F scaled = o.select(
      top, o.mul(o.mul(p, o.fromBits(o.shlI(o.andI(o.subI(e, o.ci(1)), o.ci(2047)), o.ci(52)))),
                 o.c(2.0)),
      o.mul(p, o.fromBits(o.shlI(e, o.ci(52)))));
  if (!withSign)
    return scaled;
  return o.fromBits(o.orI(o.andI(o.bits(scaled), o.ci(0x7fffffffffffffff)),
                          o.andI(o.bits(x), o.ci(0x8000000000000000))));
}

/// One lane of __svml_sinh8.
template <class Ops> typename Ops::F sinh(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  I sign = o.andI(o.bits(x), o.ci(0x8000000000000000));
  F ax = o.fromBits(o.xorI(o.bits(x), sign));
  F shifter = k(0x42c8000000000000); // 1.5 * 2^45: 1/128 steps
  F m = o.fma(ax, k(0x3ff71547652b82fe), shifter);
  F dn = o.sub(m, shifter);
  F r = o.fma(o.neg(dn), k(0x3fe62e42fefa0000), ax);
  r = o.fma(o.neg(dn), k(0x3d7cf79abc9e3b3a), r);
  F r2 = o.mul(r, r);
  F s = o.fma(k(0x3f8111115712f425), r2, k(0x3fc55555555554ad));
  I j = o.andI(o.bits(m), o.ci(0x7f));
  F tdif = o.table(SinhTable, 256, o.shlI(j, o.ci(1)));
  F tn = o.table(SinhTable, 256, o.addI(o.shlI(j, o.ci(1)), o.ci(1)));
  I scale = o.shlI(o.xorI(o.bits(m), j), o.ci(45)); // N in the exponent field
  F g1 = o.fromBits(o.addI(o.bits(tdif), scale));
  F up = o.fromBits(o.addI(o.bits(tn), scale));
  F down = o.fromBits(o.subI(o.bits(tn), scale));
  s = o.mul(s, r2);
  F g2 = o.sub(up, down);
  F g3 = o.add(up, down);
  s = o.fma(s, r, r); // sinh R
  F c = o.fma(k(0x3fa55555cf16d299), r2, k(0x3fdffffffffffdbd));
  F g13 = o.add(g1, g3);
  c = o.mul(c, r2);
  F g12 = o.add(g1, g2);
  c = o.mul(c, g12);
  F res = o.add(o.fma(g13, s, c), g12);
  res = o.fromBits(o.orI(o.bits(res), sign));
  // The fallback's lanes: a high word of |x| above 0x40861d99.
  auto rare = o.sltI(o.ci(0x40861d99), o.lshrI(o.bits(ax), o.ci(32)));
  return o.ifElse(
      rare,
      [&]() -> F {
        F inf = constD(o, 0x7ff0000000000000);
        F over = o.mul(k(0x7fefffffffffffff), x);
        return o.select(o.oeq(ax, inf), o.add(x, x),
                        o.select(o.olt(ax, k(0x408633ce8fb9f87e)), sinhRare(o, x, true),
                                 o.select(o.oeq(x, x), over, o.add(x, x))));
      },
      [&]() -> F { return res; });
}

/// __svml_dcosh_data_internal: 2^(j/16) / 2 and 2^(-j/16) / 2, j = 0..15.
inline constexpr uint64_t CoshTable[32] = {
    0x3fe0000000000000, 0x3fe0b5586cf9890f, 0x3fe172b83c7d517b, 0x3fe2387a6e756238,
    0x3fe306fe0a31b715, 0x3fe3dea64c123422, 0x3fe4bfdad5362a27, 0x3fe5ab07dd485429,
    0x3fe6a09e667f3bcd, 0x3fe7a11473eb0187, 0x3fe8ace5422aa0db, 0x3fe9c49182a3f090,
    0x3feae89f995ad3ad, 0x3fec199bdd85529c, 0x3fed5818dcfba487, 0x3feea4afa2a490da,
    0x3fe0000000000000, 0x3fdea4afa2a490da, 0x3fdd5818dcfba487, 0x3fdc199bdd85529c,
    0x3fdae89f995ad3ad, 0x3fd9c49182a3f090, 0x3fd8ace5422aa0db, 0x3fd7a11473eb0187,
    0x3fd6a09e667f3bcd, 0x3fd5ab07dd485429, 0x3fd4bfdad5362a27, 0x3fd3dea64c123422,
    0x3fd306fe0a31b715, 0x3fd2387a6e756238, 0x3fd172b83c7d517b, 0x3fd0b5586cf9890f};

/// One lane of __svml_cosh8.
template <class Ops> typename Ops::F cosh(Ops &o, typename Ops::F x) {
  using F = typename Ops::F;
  using I = typename Ops::I;
  auto k = [&](uint64_t bits) { return constD(o, bits); };
  F ax = o.fromBits(o.andI(o.bits(x), o.ci(0x7fffffffffffffff)));
  F shifter = k(0x42f8000000000000); // 1.5 * 2^48: 1/16 steps
  F m = o.fma(ax, k(0x3ff71547652b82fe), shifter);
  F n = o.sub(m, shifter);
  I j = o.andI(o.bits(m), o.ci(15));
  F tp = o.table(CoshTable, 32, j), tm = o.table(CoshTable, 32, o.addI(j, o.ci(16)));
  F r = o.fma(o.neg(n), k(0x3fe62e42fefc0000), ax);
  I scale = o.andI(o.shlI(o.bits(m), o.ci(48)), o.ci(0x7ff0000000000000));
  r = o.fma(o.neg(n), k(0xbdac610ca86c3899), r);
  F r2 = o.mul(r, r);
  F ps = o.fma(k(0x3f2a018d76da03da), r2, k(0x3f81111111286a0c));
  ps = o.fma(ps, r2, k(0x3fc5555555555543));
  F pc = o.fma(k(0x3f56c183da08f116), r2, k(0x3fa5555555484f37));
  pc = o.fma(pc, r2, k(0x3fe0000000000004));
  pc = o.mul(r2, pc);
  F up = o.fromBits(o.addI(o.bits(tp), scale));
  F down = o.fromBits(o.subI(o.bits(tm), scale));
  F dif = o.sub(up, down), sum = o.add(up, down);
  ps = o.mul(r2, ps);
  pc = o.fma(pc, sum, sum);
  ps = o.fma(ps, r, r);
  F res = o.fma(ps, dif, pc);
  auto rare = o.sltI(o.ci(0x40861d99), o.lshrI(o.bits(ax), o.ci(32)));
  return o.ifElse(
      rare,
      [&]() -> F {
        F inf = constD(o, 0x7ff0000000000000);
        F big = k(0x7fefffffffffffff);
        return o.select(o.oeq(ax, inf), o.mul(x, x),
                        o.select(o.olt(ax, k(0x408633ce8fb9f87e)), sinhRare(o, x, false),
                                 o.select(o.oeq(x, x), o.mul(big, big), o.mul(x, x))));
      },
      [&]() -> F { return res; });
}

} // namespace svml
} // namespace llcc
