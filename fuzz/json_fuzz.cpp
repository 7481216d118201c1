// libFuzzer target for the JSON reader and writer under Network::fromJSON (saved networks
// arrive from URLs, files and users).
//
// Promises checked: parse() either succeeds or returns a BAD_OPTION "<what>: malformed JSON
// at position P: …" with P within the text; a parsed value written back with the Writer
// reads back as the same value (numbers to the bit, strings byte for byte, member order
// kept), and writing that again gives the same text.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fuzz_input.hpp"
#include "support/json.hpp"
#include "targets.hpp"

namespace losslab::fuzz {
namespace {

constexpr const char* kTarget = "json_fuzz";

void write(json::Writer& w, const json::Value& v) {
  switch (v.type) {
    case json::Value::Type::Null: w.null(); break;
    case json::Value::Type::Boolean: w.boolean(v.boolean); break;
    case json::Value::Type::Number: w.number(v.number); break;
    case json::Value::Type::String: w.string(v.string); break;
    case json::Value::Type::Array:
      w.beginArray();
      for (const json::Value& item : v.items) write(w, item);
      w.endArray();
      break;
    case json::Value::Type::Object:
      w.beginObject();
      for (const auto& [key, value] : v.members) {
        w.key(key);
        write(w, value);
      }
      w.endObject();
      break;
  }
}

bool same(const json::Value& a, const json::Value& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case json::Value::Type::Null: return true;
    case json::Value::Type::Boolean: return a.boolean == b.boolean;
    case json::Value::Type::Number: return std::memcmp(&a.number, &b.number, sizeof a.number) == 0 ||
                                           (a.number == 0.0 && b.number == 0.0);
    case json::Value::Type::String: return a.string == b.string;
    case json::Value::Type::Array:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t k = 0; k < a.items.size(); ++k) {
        if (!same(a.items[k], b.items[k])) return false;
      }
      return true;
    case json::Value::Type::Object:
      if (a.members.size() != b.members.size()) return false;
      for (std::size_t k = 0; k < a.members.size(); ++k) {
        if (a.members[k].first != b.members[k].first || !same(a.members[k].second, b.members[k].second)) return false;
      }
      return true;
  }
  return false;
}

}  // namespace

int fuzzJson(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  json::Value v;
  const Status s = json::parse(text, v, "fuzz");
  if (!s.isOk()) {
    const std::string& m = s.message();
    if (s.code() != Code::BadOption) die(kTarget, "parse failure is not BAD_OPTION", m);
    const std::string prefix = "fuzz: malformed JSON at position ";
    if (m.rfind(prefix, 0) != 0) die(kTarget, "message lacks 'malformed JSON at position'", m);
    const long pos = std::strtol(m.c_str() + prefix.size(), nullptr, 10);
    if (pos < 0 || static_cast<std::size_t>(pos) > size) die(kTarget, "position outside the text", m);
    return 0;
  }
  std::string out;
  json::Writer w(out);
  write(w, v);
  json::Value back;
  const Status s2 = json::parse(out, back, "fuzz");
  if (!s2.isOk()) die(kTarget, "written JSON does not parse", clip(out) + "\n  " + s2.message());
  if (!same(v, back)) die(kTarget, "written JSON reads back differently", clip(text) + "\n  →  " + clip(out));
  std::string out2;
  json::Writer w2(out2);
  write(w2, back);
  if (out2 != out) die(kTarget, "writing is not stable", clip(out) + "\n  " + clip(out2));
  return 0;
}

}  // namespace losslab::fuzz

#ifndef LOSSLAB_FUZZ_REPLAY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return losslab::fuzz::fuzzJson(data, size);
}
#endif
