#include "losslab/catalogue.hpp"

#include <cmath>
#include <string>

namespace losslab {

const char* familyName(Family f) noexcept {
  switch (f) {
    case Family::Regression: return "regression";
    case Family::Binary: return "binary";
    case Family::Multiclass: return "multiclass";
    case Family::Embedding: return "embedding";
    case Family::Custom: return "custom";
  }
  return "?";
}

const std::vector<LossSpec>& catalogue() {
  static const std::vector<LossSpec> all = [] {
    std::vector<LossSpec> v;
    for (auto&& part : {regressionLosses(), binaryLosses(), multiclassLosses(),
                        embeddingLosses(), customLosses()}) {
      v.insert(v.end(), part.begin(), part.end());
    }
    return v;
  }();
  return all;
}

const LossSpec* findLoss(std::string_view id) noexcept {
  for (const LossSpec& spec : catalogue()) {
    if (id == spec.id) return &spec;
  }
  return nullptr;
}

namespace {

void jsonString(std::string& os, const char* s) {
  os += '"';
  for (const char* c = s; *c; ++c) {
    switch (*c) {
      case '"': os += "\\\""; break;
      case '\\': os += "\\\\"; break;
      case '\n': os += "\\n"; break;
      default: os += *c;
    }
  }
  os += '"';
}

void jsonNumber(std::string& os, double v) {
  if (std::isfinite(v)) {
    os += formatNumber(v);
  } else {
    os += "null";
  }
}

const char* kindName(OptionKind k) {
  switch (k) {
    case OptionKind::Number: return "number";
    case OptionKind::Integer: return "integer";
    case OptionKind::Flag: return "boolean";
    case OptionKind::Vector: return "vector";
  }
  return "?";
}

const char* layoutName(Layout l) {
  switch (l) {
    case Layout::Elementwise: return "elementwise";
    case Layout::Rows: return "rows";
    case Layout::Triplet: return "triplet";
  }
  return "?";
}

const char* targetName(TargetKind t) {
  switch (t) {
    case TargetKind::Values: return "values";
    case TargetKind::GreaterThanMinusOne: return "values > -1";
    case TargetKind::UnitInterval: return "probabilities";
    case TargetKind::ZeroOne: return "labels01";
    case TargetKind::Signs: return "signs";
    case TargetKind::ClassIndices: return "indices";
    case TargetKind::IndicesOrProbabilities: return "indices-or-probabilities";
    case TargetKind::ProbabilityRows: return "probability-rows";
    case TargetKind::None: return "triplet";
  }
  return "?";
}

}  // namespace

std::string catalogueJson() {
  std::string os;
  os += '[';
  bool first = true;
  for (const LossSpec& s : catalogue()) {
    if (!first) os += ',';
    first = false;
    os += "{\"id\":";
    jsonString(os, s.id);
    os += ",\"family\":";
    jsonString(os, familyName(s.family));
    os += ",\"layout\":";
    jsonString(os, layoutName(s.layout));
    os += ",\"target\":";
    jsonString(os, targetName(s.target));
    os += ",\"meanOnly\":"; os += (s.mean_only ? "true" : "false");
    os += ",\"formula\":";
    jsonString(os, s.formula);
    os += ",\"summary\":";
    jsonString(os, s.summary);
    os += ",\"useCase\":";
    jsonString(os, s.use_case);
    os += ",\"inputDoc\":";
    jsonString(os, s.input_doc);
    os += ",\"targetDoc\":";
    jsonString(os, s.target_doc);
    os += ",\"options\":[";
    for (std::size_t i = 0; i < s.options.size(); ++i) {
      const OptionSpec& o = s.options[i];
      if (i) os += ',';
      os += "{\"name\":";
      jsonString(os, o.name);
      os += ",\"kind\":";
      jsonString(os, kindName(o.kind));
      os += ",\"default\":";
      if (o.kind == OptionKind::Flag) {
        os += (o.default_value != 0 ? "true" : "false");
      } else {
        jsonNumber(os, o.default_value);
      }
      os += ",\"min\":";
      jsonNumber(os, o.min > -1e299 ? o.min : NAN);
      os += ",\"max\":";
      jsonNumber(os, o.max < 1e299 ? o.max : NAN);
      os += ",\"minOpen\":"; os += (o.min_open ? "true" : "false");
      os += ",\"maxOpen\":"; os += (o.max_open ? "true" : "false");
      os += ",\"choices\":[";
      for (std::size_t c = 0; c < o.choices.size(); ++c) {
        if (c) os += ',';
        jsonNumber(os, o.choices[c]);
      }
      os += "],\"range\":";
      jsonString(os, o.range_text);
      os += ",\"doc\":";
      jsonString(os, o.doc);
      os += '}';
    }
    os += "]}";
  }
  os += ']';
  return os;
}

}  // namespace losslab
