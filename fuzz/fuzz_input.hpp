// Shared by the fuzz targets: a byte reader that turns the fuzzer's bytes into sizes,
// options and values (biased towards the values that break numerical code: 0, ±1, NaN,
// ±Inf, denormals, the float limits, class indices, -100), and `die`, which aborts under
// libFuzzer and throws when the Catch2 suite replays a file (tests/native/test_fuzz_regressions.cpp).
//
// Every target is a plain function `int fuzzX(const uint8_t*, size_t)` declared in
// targets.hpp; each *_fuzz.cpp adds the libFuzzer entry point unless LOSSLAB_FUZZ_REPLAY
// is defined (the Catch2 build links all targets into one binary).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::fuzz {

/// A broken promise: abort (libFuzzer saves the input) or, when replaying, throw.
[[noreturn]] inline void die(const char* target, const std::string& what, const std::string& detail = "") {
#ifdef LOSSLAB_FUZZ_REPLAY
  throw std::runtime_error(std::string(target) + ": " + what + (detail.empty() ? "" : "\n  " + detail));
#else
  std::fprintf(stderr, "%s: %s\n  %s\n", target, what.c_str(), detail.c_str());
  std::abort();
#endif
}

/// Reads the fuzzer's bytes front to back; past the end every read gives 0.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}

  bool empty() const noexcept { return i_ >= n_; }
  std::size_t left() const noexcept { return i_ < n_ ? n_ - i_ : 0; }

  std::uint8_t u8() noexcept { return i_ < n_ ? p_[i_++] : 0; }
  std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(u8() | (u8() << 8)); }
  std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(u16()) | (static_cast<std::uint32_t>(u16()) << 16); }
  std::uint64_t u64() noexcept { return static_cast<std::uint64_t>(u32()) | (static_cast<std::uint64_t>(u32()) << 32); }
  bool flag() noexcept { return (u8() & 1) != 0; }

  float rawFloat() noexcept {
    const std::uint32_t bits = u32();
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
  double rawDouble() noexcept {
    const std::uint64_t bits = u64();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }

  /// A float for data arrays: mostly the hard cases, sometimes any bit pattern.
  float value() noexcept {
    const std::uint8_t b = u8();
    switch (b % 20) {
      case 0: return 0.0f;
      case 1: return 1.0f;
      case 2: return -1.0f;
      case 3: return 0.5f;
      case 4: return std::numeric_limits<float>::quiet_NaN();
      case 5: return (b & 0x80) ? -std::numeric_limits<float>::infinity() : std::numeric_limits<float>::infinity();
      case 6: return (b & 0x80) ? -1e-45f : 1.17e-38f * 0.5f;  // denormals
      case 7: return (b & 0x80) ? -std::numeric_limits<float>::max() : std::numeric_limits<float>::max();
      case 8: return static_cast<float>(u8() % 10);             // class indices
      case 9: return -100.0f;                                  // ignore_index
      case 10: return rawFloat();
      case 11: return static_cast<float>(u8()) / 255.0f;       // probabilities
      case 12: return -0.0f;
      case 13: return (b & 0x80) ? 1e-7f : 1.0f - 1e-7f;
      case 14: return static_cast<float>(static_cast<std::int8_t>(u8())) * 0.25f;
      case 15: return (b & 0x80) ? -0.999999f : 1e30f;
      case 16: return std::numeric_limits<float>::min();
      case 17: return (b & 0x80) ? 88.8f : -104.0f;           // exp overflow / underflow edges
      case 18: return static_cast<float>(static_cast<std::int16_t>(u16())) / 64.0f;
      default: return static_cast<float>(static_cast<std::int8_t>(u8()));
    }
  }

  /// A double for numeric options and settings.
  double number() noexcept {
    const std::uint8_t b = u8();
    switch (b % 24) {
      case 0: return 0.0;
      case 1: return 1.0;
      case 2: return -1.0;
      case 3: return 0.5;
      case 4: return std::numeric_limits<double>::quiet_NaN();
      case 5: return (b & 0x80) ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      case 6: return (b & 0x80) ? 5e-324 : 1e-310;              // denormals
      case 7: return (b & 0x80) ? -1e300 : 1e300;
      case 8: return 2.0;
      case 9: return -100.0;
      case 10: return rawDouble();
      case 11: return static_cast<double>(u8()) / 255.0;
      case 12: return -0.0;
      case 13: return 1e-6;
      case 14: return static_cast<double>(static_cast<std::int8_t>(u8())) * 0.125;
      case 15: return (b & 0x80) ? 2147483648.0 : -2147483649.0;  // just past int
      case 16: return (b & 0x80) ? 4294967296.0 : 9007199254740993.0;
      case 17: return (b & 0x80) ? 1e-200 : 1e200;
      case 18: return static_cast<double>(rawFloat());
      case 19: return 3.0;
      case 20: return 0.03;
      case 21: return 1e-30;
      case 22: return static_cast<double>(u16()) / 100.0;
      default: return static_cast<double>(static_cast<std::int8_t>(u8()));
    }
  }

  /// An int for integer settings: small, edge, or any.
  int integer() noexcept {
    const std::uint8_t b = u8();
    switch (b % 10) {
      case 0: return 0;
      case 1: return 1;
      case 2: return -1;
      case 3: return -100;
      case 4: return std::numeric_limits<int>::max();
      case 5: return std::numeric_limits<int>::min();
      case 6: return static_cast<int>(u32());
      case 7: return static_cast<int>(u16());
      default: return static_cast<int>(u8() % 20) - 2;
    }
  }

  /// Up to `max` raw bytes.
  std::string text(std::size_t max) {
    const std::size_t len = std::min<std::size_t>(u8(), max);
    std::string s;
    for (std::size_t k = 0; k < len && !empty(); ++k) s += static_cast<char>(u8());
    return s;
  }

  /// The rest of the input, as text.
  std::string rest() {
    std::string s(reinterpret_cast<const char*>(p_ + std::min(i_, n_)), left());
    i_ = n_;
    return s;
  }

  /// `count` values, the first up to 64 from the input, then repeated (cheap huge arrays).
  std::vector<float> values(std::size_t count) {
    std::vector<float> v(count);
    const std::size_t fresh = std::min<std::size_t>(count, 64);
    for (std::size_t k = 0; k < fresh; ++k) v[k] = value();
    for (std::size_t k = fresh; k < count; ++k) v[k] = v[k % fresh];
    return v;
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
  std::size_t i_ = 0;
};

/// The NaN payload outputs are pre-filled with: kernels never produce it, so a slot still
/// holding it was not written.
inline float sentinel() noexcept {
  const std::uint32_t bits = 0x7fc0deadu;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}
inline bool isSentinel(float f) noexcept {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits == 0x7fc0deadu;
}

/// `id: message` shortened for die() details.
inline std::string clip(std::string_view s, std::size_t max = 400) {
  return std::string(s.substr(0, max)) + (s.size() > max ? "…" : "");
}

}  // namespace losslab::fuzz
