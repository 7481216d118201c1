// losslab_reference: the C++ core's answer to a loss call, for tests that check the
// JavaScript wrapper against it (tests/js/core-parity.test.mjs). One JSON call per input
// line, one JSON result per output line:
//   in:  {"id":"huber","input":[…],"cols":0,"target":[…],"options":{"delta":0.5},
//         "reduction":"mean"}  (triplets: "positive" and "negative" instead of "target";
//         pairs: "other" and "label", answered with "grad_other" too;
//         custom: "options":{"expr":"abs(x - y)^1.5"})
//   out: {"code":"OK","value":…,"values":[…],"grad":[…]}  or  {"code":"BAD_OPTION","message":"…"}
// Options go through the catalogue exactly as the golden suite sets them (golden.hpp), so
// this binary and tests/native/test_golden.cpp cannot disagree about what an option means.
#include <cmath>
#include <cstdio>
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "golden.hpp"
#include "losslab/expression.hpp"

using namespace losslab;

namespace {

void writeNumber(std::string& os, double v) {
  if (std::isfinite(v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    os += buf;
  } else {
    os += std::isnan(v) ? "\"NaN\"" : (v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  }
}

void writeArray(std::string& os, const char* key, const std::vector<float>& v, std::size_t n) {
  os += ",\"";
  os += key;
  os += "\":[";
  for (std::size_t i = 0; i < n; ++i) {
    if (i) os += ',';
    writeNumber(os, v[i]);
  }
  os += ']';
}

void writeString(std::string& os, const std::string& s) {
  os += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') os += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      os += ' ';
      continue;
    }
    os += c;
  }
  os += '"';
}

/// One call: the result line (never throws past here; a malformed line is reported).
std::string answer(const std::string& line) {
  std::string os = "{\"code\":";
  try {
    const json::Value c = json::parse(line);
    const std::string id = c["id"].string();
    const LossSpec* spec = findLoss(id);
    if (spec == nullptr) {
      os += "\"UNKNOWN_LOSS\"}";
      return os;
    }
    LossOptions opt = defaultOptions(id);
    std::deque<std::vector<float>> storage;
    std::shared_ptr<const Expression> expr;
    const json::Value& options = c["options"];
    if (const json::Value* e = options.find("expr")) {
      const Status s = compileExpression(e->string(), expr);
      if (!s.isOk()) {
        os += "\"BAD_OPTION\",\"message\":";
        writeString(os, s.message());
        return os + '}';
      }
      opt.expr = expr.get();
    }
    // applyOptions knows the catalogue's options only; expr is handled above.
    const std::string bad = golden::applyOptions(*spec, options, opt, storage, "expr");
    if (!bad.empty()) throw json::Error(bad);
    opt.reduction = golden::reduction(c["reduction"].string());

    const golden::CaseData data(c);
    const LossInput& in = data.in;
    const std::size_t n = in.n;
    golden::CaseOutputs outputs(in, 0.0f);
    LossOutput& out = outputs.out;
    const Status status = compute(id, in, opt, out);
    writeString(os, codeName(status.code()));
    if (!status.isOk()) {
      os += ",\"message\":";
      writeString(os, status.message());
      return os + '}';
    }
    os += ",\"value\":";
    writeNumber(os, out.value);
    if (opt.reduction == Reduction::None) writeArray(os, "values", outputs.values, out.terms);
    writeArray(os, "grad", outputs.grad, n);
    if (in.positive != nullptr) {
      writeArray(os, "grad_positive", outputs.gradPositive, n);
      writeArray(os, "grad_negative", outputs.gradNegative, n);
    }
    if (in.other != nullptr) writeArray(os, "grad_other", outputs.gradOther, n);
    return os + '}';
  } catch (const std::exception& e) {
    os = "{\"code\":\"MALFORMED_CALL\",\"message\":";
    writeString(os, e.what());
    return os + '}';
  }
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    std::cout << answer(line) << '\n';
  }
  return 0;
}
