// LossLab — a small JSON writer and a strict, bounded reader for untrusted text
// (saved networks arrive from URLs, files and users).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "losslab/status.hpp"

namespace losslab::json {

inline constexpr std::size_t kMaxTextBytes = 16u << 20;  // 16 MiB
inline constexpr int kMaxDepth = 64;
inline constexpr std::size_t kMaxNumberChars = 64;

/// Appends JSON to a string; commas are placed automatically.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  Writer& beginObject();
  Writer& endObject();
  Writer& beginArray();
  Writer& endArray();
  Writer& key(std::string_view k);          // inside an object, before its value
  Writer& string(std::string_view s);
  Writer& number(double v);                 // shortest round-trip form; non-finite → null
  Writer& numberFloat(float v);             // shortest form that reads back as this float
  Writer& integer(long long v);
  Writer& boolean(bool v);
  Writer& null();

 private:
  void separate();
  std::string& out_;
  bool first_ = true;  // no value yet in the current container
  bool after_key_ = false;
};

/// A parsed value. Objects keep their members in order; duplicate keys are refused.
struct Value {
  enum class Type { Null, Boolean, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  double number = 0.0;
  std::string string;
  std::vector<Value> items;
  std::vector<std::pair<std::string, Value>> members;
  std::size_t position = 0;  // byte offset of the value in the text

  const Value* find(std::string_view key) const noexcept;
  bool isNumber() const noexcept { return type == Type::Number; }
};

const char* typeName(Value::Type t) noexcept;  // "null", "a boolean", "a number", …

/// Parses the whole of `text` (one value, surrounding white space allowed). Malformed
/// text is a BAD_OPTION "…: malformed JSON at position 57: expected ':' after an object
/// key" (0-based byte offsets, as JSON.parse reports them), prefixed with `what`.
Status parse(std::string_view text, Value& out, std::string_view what);

}  // namespace losslab::json
