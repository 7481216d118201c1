// LossLab network — JSON writer and reader.
#include "support/json.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace losslab::json {

// ---------------------------------------------------------------------------- writer

void Writer::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_ += ',';
  first_ = false;
}

Writer& Writer::beginObject() {
  separate();
  out_ += '{';
  first_ = true;
  return *this;
}
Writer& Writer::endObject() {
  out_ += '}';
  first_ = false;
  return *this;
}
Writer& Writer::beginArray() {
  separate();
  out_ += '[';
  first_ = true;
  return *this;
}
Writer& Writer::endArray() {
  out_ += ']';
  first_ = false;
  return *this;
}
Writer& Writer::key(std::string_view k) {
  string(k);
  out_ += ':';
  after_key_ = true;
  return *this;
}

Writer& Writer::string(std::string_view s) {
  separate();
  out_ += '"';
  for (const char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out_ += buf;
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
  return *this;
}

Writer& Writer::number(double v) {
  if (!std::isfinite(v)) return null();
  separate();
  // The shortest %g that reads back as this double. (formatNumber, for messages, stops at
  // the shortest form that is the same *float*: a saved learning rate or loss option of
  // 0.1234567890123 came back as 0.12345679, and the loaded network trained differently.)
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  out_ += buf;
  return *this;
}

Writer& Writer::numberFloat(float v) {
  if (!std::isfinite(v)) return null();
  separate();
  // The shortest %g that reads back (strtod, then rounding to float) as this float.
  char buf[40];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(v));
    if (static_cast<float>(std::strtod(buf, nullptr)) == v) break;
  }
  out_ += buf;
  return *this;
}

Writer& Writer::integer(long long v) {
  separate();
  out_ += std::to_string(v);
  return *this;
}

Writer& Writer::boolean(bool v) {
  separate();
  out_ += v ? "true" : "false";
  return *this;
}

Writer& Writer::null() {
  separate();
  out_ += "null";
  return *this;
}

// ---------------------------------------------------------------------------- reader

const Value* Value::find(std::string_view key) const noexcept {
  for (const auto& m : members) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

const char* typeName(Value::Type t) noexcept {
  switch (t) {
    case Value::Type::Null: return "null";
    case Value::Type::Boolean: return "a boolean";
    case Value::Type::Number: return "a number";
    case Value::Type::String: return "a string";
    case Value::Type::Array: return "an array";
    case Value::Type::Object: return "an object";
  }
  return "?";
}

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::string_view what) : s_(text), what_(what) {}

  Status document(Value& out) {
    skipSpace();
    LL_TRY(value(out, 0));
    skipSpace();
    if (i_ != s_.size()) return error("unexpected text after the JSON value");
    return Status::ok();
  }

 private:
  Status error(const std::string& message) const { return errorAt(i_, message); }
  Status errorAt(std::size_t pos, const std::string& message) const {
    return Status(Code::BadOption, std::string(what_) + ": malformed JSON at position " +
                                       std::to_string(pos) + ": " + message);
  }

  bool atEnd() const { return i_ >= s_.size(); }
  char peek() const { return atEnd() ? '\0' : s_[i_]; }

  std::string describeHere() const {
    if (atEnd()) return "the end of the text";
    const unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
    return buf;
  }

  void skipSpace() {
    while (!atEnd() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) == word) {
      i_ += word.size();
      return true;
    }
    return false;
  }

  Status value(Value& out, int depth) {
    if (depth > kMaxDepth) {
      return error("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    out.position = i_;
    const char c = peek();
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.type = Value::Type::String;
      return string(out.string);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    if (literal("true")) {
      out.type = Value::Type::Boolean;
      out.boolean = true;
      return Status::ok();
    }
    if (literal("false")) {
      out.type = Value::Type::Boolean;
      out.boolean = false;
      return Status::ok();
    }
    if (literal("null")) {
      out.type = Value::Type::Null;
      return Status::ok();
    }
    return error("expected a value, found " + describeHere());
  }

  Status object(Value& out, int depth) {
    out.type = Value::Type::Object;
    ++i_;  // '{'
    skipSpace();
    if (peek() == '}') {
      ++i_;
      return Status::ok();
    }
    for (;;) {
      skipSpace();
      if (peek() != '"') return error("expected a key in double quotes, found " + describeHere());
      const std::size_t keyPos = i_;
      std::string key;
      LL_TRY(string(key));
      if (out.find(key) != nullptr) return errorAt(keyPos, "duplicate key \"" + key + "\"");
      skipSpace();
      if (peek() != ':') return error("expected ':' after an object key, found " + describeHere());
      ++i_;
      skipSpace();
      out.members.emplace_back(std::move(key), Value{});
      LL_TRY(value(out.members.back().second, depth + 1));
      skipSpace();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == '}') {
        ++i_;
        return Status::ok();
      }
      return error("expected ',' or '}' in an object, found " + describeHere());
    }
  }

  Status array(Value& out, int depth) {
    out.type = Value::Type::Array;
    ++i_;  // '['
    skipSpace();
    if (peek() == ']') {
      ++i_;
      return Status::ok();
    }
    for (;;) {
      skipSpace();
      out.items.emplace_back();
      LL_TRY(value(out.items.back(), depth + 1));
      skipSpace();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == ']') {
        ++i_;
        return Status::ok();
      }
      return error("expected ',' or ']' in an array, found " + describeHere());
    }
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  Status number(Value& out) {
    const std::size_t start = i_;
    if (peek() == '-') ++i_;
    if (peek() == '0') {
      ++i_;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) ++i_;
    } else {
      return error("expected a digit, found " + describeHere());
    }
    if (peek() == '.') {
      ++i_;
      if (!isDigit(peek())) return error("expected a digit after '.', found " + describeHere());
      while (isDigit(peek())) ++i_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!isDigit(peek())) return error("expected a digit in the exponent, found " + describeHere());
      while (isDigit(peek())) ++i_;
    }
    const std::size_t len = i_ - start;
    if (len > kMaxNumberChars) {
      return errorAt(start, "a number longer than " + std::to_string(kMaxNumberChars) + " characters");
    }
    char buf[kMaxNumberChars + 1];
    for (std::size_t k = 0; k < len; ++k) buf[k] = s_[start + k];
    buf[len] = '\0';
    const double v = std::strtod(buf, nullptr);
    if (!std::isfinite(v)) return errorAt(start, "the number " + std::string(buf) + " is out of range");
    out.type = Value::Type::Number;
    out.number = v;
    return Status::ok();
  }

  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  Status hex4(unsigned& code) {
    code = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = hexDigit(peek());
      if (d < 0) return error("expected 4 hex digits after \\u, found " + describeHere());
      code = code * 16 + static_cast<unsigned>(d);
      ++i_;
    }
    return Status::ok();
  }

  static void appendUtf8(std::string& s, unsigned cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  Status string(std::string& out) {
    ++i_;  // opening quote
    for (;;) {
      if (atEnd()) return error("unterminated string");
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return Status::ok();
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return error("a control character (" + describeHere() + ") inside a string; escape it");
      }
      if (c != '\\') {
        out += c;
        ++i_;
        continue;
      }
      ++i_;
      const char e = peek();
      ++i_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = 0;
          LL_TRY(hex4(cp));
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate needs its low half
            if (!literal("\\u")) return error("expected the low half of a surrogate pair (\\uDC00-\\uDFFF)");
            unsigned lo = 0;
            LL_TRY(hex4(lo));
            if (lo < 0xDC00 || lo > 0xDFFF) return error("invalid low surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return error("a lone low surrogate in \\u escape");
          }
          appendUtf8(out, cp);
          break;
        }
        default:
          --i_;
          return error("invalid escape \\" + describeHere() + " in a string");
      }
    }
  }

  std::string_view s_;
  std::string_view what_;
  std::size_t i_ = 0;
};

}  // namespace

Status parse(std::string_view text, Value& out, std::string_view what) {
  if (text.size() > kMaxTextBytes) {
    return Status(Code::BadOption, std::string(what) + ": the JSON text has " +
                                       std::to_string(text.size()) + " bytes; the limit is " +
                                       std::to_string(kMaxTextBytes));
  }
  Value v;
  Parser p(text, what);
  LL_TRY(p.document(v));
  out = std::move(v);
  return Status::ok();
}

}  // namespace losslab::json
