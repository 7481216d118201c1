// LossLab — transcendental functions that give the same bits natively and in wasm.
//
// glibc and Emscripten's musl round exp, log, tanh, sin and cos differently in the last
// place, and a network trained for a thousand steps amplifies one ulp into visibly
// different weights. These are written with + − × ÷ and sqrt only (all correctly rounded
// by IEEE 754), in double, evaluated in source order — the network and dataset sources
// are compiled with -ffp-contract=off so no FMA changes the rounding. Each is accurate to
// a few ulp of double, far below float's resolution; their float wrappers round once.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace losslab::detmath {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2, low 32 bits zero: k·hi is exact
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 − kLn2Hi
inline constexpr double kInvLn2 = 1.44269504088896338700e+00;
inline constexpr double kSqrtHalf = 0.70710678118654752440;
inline constexpr double kPio2Hi = 1.57079632673412561417e+00;  // π/2, low bits zero: k·hi is exact
inline constexpr double kPio2Lo = 6.07710050650619224932e-11;  // π/2 − kPio2Hi
inline constexpr double kTwoOverPi = 6.36619772367581382433e-01;

/// IEEE square root: correctly rounded everywhere.
inline double sqrt(double x) noexcept { return std::sqrt(x); }

/// Round to the nearest integer, halves away from zero (exact).
inline double roundNearest(double x) noexcept { return std::floor(x + 0.5); }

/// 2^k for k in [−1022, 1023], built from its bits.
inline double pow2(int k) noexcept {
  const std::uint64_t bits = static_cast<std::uint64_t>(k + 1023) << 52;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

/// e^x: x = k·ln2 + r with |r| ≤ ½ln2, e^r by its Taylor series to r^13 (error < 1e-17).
inline double exp(double x) noexcept {
  if (x != x) return x;
  if (x > 709.0) return std::numeric_limits<double>::infinity();
  if (x < -708.0) return 0.0;  // below double's normal range; irrelevant to float results
  const double k = roundNearest(x * kInvLn2);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const int ki = static_cast<int>(k);
  // k can reach 1023 (x ≤ 709) or −1022 (x ≥ −708): split the scale so pow2 stays normal.
  return ki > 0 ? p * pow2(ki - 1) * 2.0 : p * pow2(ki + 1) * 0.5;
}

/// ln x: x = 2^e·m with m in [√½, √2), ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172,
/// by its series to s^21 (error < 1e-17).
inline double log(double x) noexcept {
  if (x != x || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0.0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  int e = 0;
  if (x < 0x1.0p-1022) {  // subnormal: scale into the normal range first
    x *= 0x1.0p54;
    e = -54;
  }
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  e += static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;  // m in [1, 2)
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 2.0 * kSqrtHalf) {
    m *= 0.5;
    e += 1;
  }
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double p = 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  p = p * s2 + 1.0;
  const double lnm = 2.0 * s * p;
  const double de = static_cast<double>(e);
  return de * kLn2Hi + (lnm + de * kLn2Lo);
}

namespace internal {
/// sin r and cos r for |r| ≤ π/4 by Taylor series to r^17 / r^18 (error < 1e-18).
inline double sinKernel(double r) noexcept {
  const double r2 = r * r;
  double q = -1.0 / 355687428096000.0;  // −1/17!
  q = q * r2 + 1.0 / 1307674368000.0;
  q = q * r2 - 1.0 / 6227020800.0;
  q = q * r2 + 1.0 / 39916800.0;
  q = q * r2 - 1.0 / 362880.0;
  q = q * r2 + 1.0 / 5040.0;
  q = q * r2 - 1.0 / 120.0;
  q = q * r2 + 1.0 / 6.0;
  // sin r = r − r³/6 + r⁵/120 − …  =  r − r·r2·(1/6 − r2/120 + …)
  return r - r * r2 * q;
}
inline double cosKernel(double r) noexcept {
  const double r2 = r * r;
  double q = 1.0 / 6402373705728000.0;  // 1/18!
  q = q * r2 - 1.0 / 20922789888000.0;
  q = q * r2 + 1.0 / 87178291200.0;
  q = q * r2 - 1.0 / 479001600.0;
  q = q * r2 + 1.0 / 3628800.0;
  q = q * r2 - 1.0 / 40320.0;
  q = q * r2 + 1.0 / 720.0;
  q = q * r2 - 1.0 / 24.0;
  q = q * r2 + 0.5;
  // cos r = 1 − r²/2 + r⁴/24 − …  =  1 − r2·(1/2 − r2/24 + …)
  return 1.0 - r2 * q;
}
/// x = k·π/2 + r, |r| ≤ π/4 (Cody–Waite; exact enough for |x| < 1e6, all LossLab needs).
inline double reduceQuarter(double x, int& quadrant) noexcept {
  const double k = roundNearest(x * kTwoOverPi);
  quadrant = static_cast<int>(static_cast<long long>(k) & 3);
  return (x - k * kPio2Hi) - k * kPio2Lo;
}
}  // namespace internal

/// sin x for finite |x| < 1e6.
inline double sin(double x) noexcept {
  if (!(std::fabs(x) < 1e6)) return std::numeric_limits<double>::quiet_NaN();
  int q = 0;
  const double r = internal::reduceQuarter(x, q);
  switch (q) {
    case 0: return internal::sinKernel(r);
    case 1: return internal::cosKernel(r);
    case 2: return -internal::sinKernel(r);
    default: return -internal::cosKernel(r);
  }
}

/// cos x for finite |x| < 1e6.
inline double cos(double x) noexcept {
  if (!(std::fabs(x) < 1e6)) return std::numeric_limits<double>::quiet_NaN();
  int q = 0;
  const double r = internal::reduceQuarter(x, q);
  switch (q) {
    case 0: return internal::cosKernel(r);
    case 1: return -internal::sinKernel(r);
    case 2: return -internal::cosKernel(r);
    default: return internal::sinKernel(r);
  }
}

/// e^x − 1 without cancellation: its Taylor series to x^14 for |x| ≤ ½ln2, else e^x − 1.
inline double expm1(double x) noexcept {
  if (!(std::fabs(x) <= 0.5 * kLn2Hi)) return exp(x) - 1.0;
  double p = 1.0 / 87178291200.0;  // 1/14!
  p = p * x + 1.0 / 6227020800.0;
  p = p * x + 1.0 / 479001600.0;
  p = p * x + 1.0 / 39916800.0;
  p = p * x + 1.0 / 3628800.0;
  p = p * x + 1.0 / 362880.0;
  p = p * x + 1.0 / 40320.0;
  p = p * x + 1.0 / 5040.0;
  p = p * x + 1.0 / 720.0;
  p = p * x + 1.0 / 120.0;
  p = p * x + 1.0 / 24.0;
  p = p * x + 1.0 / 6.0;
  p = p * x + 0.5;
  p = p * x + 1.0;
  return p * x;
}

/// tanh x = sign(x)·e/(e + 2) with e = expm1(2|x|); 1 beyond |x| = 20 (where 1 − tanh < 1e-17).
inline double tanh(double x) noexcept {
  if (x != x) return x;
  const double a = std::fabs(x);
  double t = 1.0;
  if (a <= 20.0) {
    const double e = expm1(2.0 * a);
    t = e / (e + 2.0);
  }
  return x < 0.0 ? -t : t;
}

/// e^x for a float: computed in double, rounded once.
inline float expf(float x) noexcept { return static_cast<float>(exp(x)); }

}  // namespace losslab::detmath
