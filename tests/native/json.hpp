// A small, strict JSON reader for the tests (RFC 8259: objects, arrays, numbers, strings,
// true/false/null). Header-only; throws json::Error with the byte offset on bad input.
//   json::Value v = json::parse(text);
//   v["cases"].array()[0]["name"].string();   v.find("values") → nullptr when absent
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Value {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };

  Type type() const noexcept { return type_; }
  bool isNumber() const noexcept { return type_ == Type::Number; }
  bool isArray() const noexcept { return type_ == Type::Array; }
  bool isBool() const noexcept { return type_ == Type::Bool; }

  bool boolean() const { return expect(Type::Bool, "a boolean").bool_; }
  double number() const { return expect(Type::Number, "a number").number_; }
  const std::string& string() const { return expect(Type::String, "a string").string_; }
  const std::vector<Value>& array() const { return expect(Type::Array, "an array").items_; }
  /// Object members in file order (keys()[i] names items()[i]).
  const std::vector<std::string>& keys() const { return expect(Type::Object, "an object").keys_; }
  const std::vector<Value>& items() const { return expect(Type::Object, "an object").items_; }

  /// The member `key` of an object, or null when it has none.
  const Value* find(std::string_view key) const {
    const std::vector<std::string>& k = keys();
    for (std::size_t i = 0; i < k.size(); ++i) {
      if (k[i] == key) return &items_[i];
    }
    return nullptr;
  }
  const Value& operator[](std::string_view key) const {
    const Value* v = find(key);
    if (v == nullptr) throw Error("json: missing key '" + std::string(key) + "'");
    return *v;
  }

 private:
  friend class Parser;
  const Value& expect(Type t, const char* what) const {
    if (type_ != t) throw Error(std::string("json: value is not ") + what);
    return *this;
  }

  Type type_ = Type::Null;
  bool bool_ = false;
  double number_ = 0.0;
  std::string string_;
  std::vector<std::string> keys_;  // objects
  std::vector<Value> items_;       // arrays; objects' values
};

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Value document() {
    Value v = value(0);
    space();
    if (i_ != s_.size()) fail("trailing characters after the document");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error("json: " + what + " at byte " + std::to_string(i_));
  }
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    space();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  void need(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  bool word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool digit() const { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; }

  Value value(int depth) {
    if (depth > 64) fail("nesting deeper than 64");
    space();
    if (i_ >= s_.size()) fail("unexpected end of input");
    Value v;
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      v.type_ = Value::Type::Object;
      if (eat('}')) return v;
      do {
        space();
        if (i_ >= s_.size() || s_[i_] != '"') fail("expected a string key");
        v.keys_.push_back(string());
        need(':');
        v.items_.push_back(value(depth + 1));
      } while (eat(','));
      need('}');
    } else if (c == '[') {
      ++i_;
      v.type_ = Value::Type::Array;
      if (eat(']')) return v;
      do v.items_.push_back(value(depth + 1));
      while (eat(','));
      need(']');
    } else if (c == '"') {
      v.type_ = Value::Type::String;
      v.string_ = string();
    } else if (word("true") || word("false")) {
      v.type_ = Value::Type::Bool;
      v.bool_ = c == 't';
    } else if (word("null")) {
      v.type_ = Value::Type::Null;
    } else {
      v.type_ = Value::Type::Number;
      v.number_ = number();
    }
    return v;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  double number() {
    const std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (!digit()) fail("invalid value");
    if (s_[i_] == '0') ++i_;
    else while (digit()) ++i_;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digit()) fail("expected a digit after '.'");
      while (digit()) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digit()) fail("expected a digit in the exponent");
      while (digit()) ++i_;
    }
    const std::string text(s_.substr(start, i_ - start));
    return std::strtod(text.c_str(), nullptr);  // grammar checked above; strtod rounds exactly
  }

  std::string string() {
    ++i_;  // opening quote
    std::string out;
    while (true) {
      if (i_ >= s_.size()) fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) fail("unterminated escape");
      switch (const char e = s_[i_++]) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': utf8(out, codePoint()); break;
        default: fail("invalid escape");
      }
    }
  }

  unsigned hex4() {
    if (i_ + 4 > s_.size()) fail("short \\u escape");
    unsigned u = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      const int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
      if (d < 0) fail("bad hex digit in \\u escape");
      u = u * 16 + static_cast<unsigned>(d);
    }
    return u;
  }
  unsigned codePoint() {
    const unsigned u = hex4();
    if (u < 0xD800 || u > 0xDFFF) return u;
    if (u > 0xDBFF || !word("\\u")) fail("unpaired surrogate");
    const unsigned lo = hex4();
    if (lo < 0xDC00 || lo > 0xDFFF) fail("unpaired surrogate");
    return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
  }
  static void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

inline Value parse(std::string_view text) { return Parser(text).document(); }

}  // namespace json
