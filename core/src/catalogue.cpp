#include "losslab/catalogue.hpp"

#include <cmath>
#include <string>

#include "losses/common.hpp"
#include "support/json.hpp"

namespace losslab {

const char* familyName(Family f) noexcept {
  switch (f) {
    case Family::Regression: return "regression";
    case Family::Binary: return "binary";
    case Family::Multiclass: return "multiclass";
    case Family::Multilabel: return "multilabel";
    case Family::Embedding: return "embedding";
    case Family::Ranking: return "ranking";
    case Family::Custom: return "custom";
    case Family::Sequence: return "sequence";
  }
  return "?";
}

const std::vector<LossSpec>& catalogue() {
  static const std::vector<LossSpec> all = [] {
    std::vector<LossSpec> v;
    for (auto&& part : {regressionLosses(), binaryLosses(), multiclassLosses(),
                        multilabelLosses(), embeddingLosses(), rankingLosses(), sequenceLosses(),
                        customLosses()}) {
      v.insert(v.end(), part.begin(), part.end());
    }
    // Options every loss takes, added here once (compute applies them generically).
    for (LossSpec& spec : v) spec.options.push_back(detail::sampleWeightOption());
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

const OptionSpec* findOption(const LossSpec& spec, std::string_view name) noexcept {
  for (const OptionSpec& o : spec.options) {
    if (name == o.name) return &o;
  }
  return nullptr;
}

std::size_t flatColumns(const LossSpec& spec, std::size_t n) noexcept {
  return spec.flat_is_one_row ? n : spec.columns;
}

std::size_t termsOf(const LossSpec& spec, std::size_t n, std::size_t cols, std::size_t time) noexcept {
  if (spec.layout == Layout::Elementwise) return n;
  if (spec.layout == Layout::Sequence) {  // (time·cols never overflows: cols ≤ n / time)
    return time == 0 || cols == 0 || cols > n / time ? 0 : n / (time * cols);
  }
  if (cols == 0) cols = flatColumns(spec, n);
  return cols == 0 ? 0 : n / cols;
}

InputKind inputKind(const LossSpec& spec, const LossOptions& options) noexcept {
  const OptionSpec* logits = findOption(spec, "from_logits");
  if (logits != nullptr && options.*(logits->flag)) return InputKind::Logits;
  const OptionSpec* logInput = findOption(spec, "log_input");
  if (logInput != nullptr && options.*(logInput->flag)) return InputKind::LogRates;
  return spec.input;
}

OutputHead outputHead(const LossSpec& spec, const LossOptions& options) noexcept {
  const bool rows = spec.layout == Layout::Rows;
  switch (inputKind(spec, options)) {
    case InputKind::Values:
      return spec.input_domain == InputDomain::GreaterThanMinusOne ? OutputHead::AboveMinusOne
                                                                    : OutputHead::Linear;
    // Rows of class probabilities sum to 1 (softmax); a binary loss's rows are masks of
    // independent probabilities (dice, tversky: sigmoid).
    case InputKind::Probabilities:
      return rows && spec.family != Family::Binary ? OutputHead::Softmax : OutputHead::Sigmoid;
    case InputKind::LogProbabilities: return OutputHead::LogSoftmax;
    case InputKind::Rates: return OutputHead::Exp;
    case InputKind::MeanVariance: return OutputHead::MeanVariance;
    case InputKind::Logits:
    case InputKind::Scores:
    case InputKind::Embeddings:
    case InputKind::LogRates:
    case InputKind::Distances: return OutputHead::Linear;
  }
  return OutputHead::Linear;
}

const char* inputKindName(InputKind k) noexcept {
  switch (k) {
    case InputKind::Values: return "values";
    case InputKind::Probabilities: return "probabilities";
    case InputKind::Logits: return "logits";
    case InputKind::LogProbabilities: return "log-probabilities";
    case InputKind::Scores: return "scores";
    case InputKind::Embeddings: return "embeddings";
    case InputKind::Rates: return "rates";
    case InputKind::LogRates: return "log-rates";
    case InputKind::MeanVariance: return "mean-variance";
    case InputKind::Distances: return "distances";
  }
  return "?";
}

const char* headName(OutputHead h) noexcept {
  switch (h) {
    case OutputHead::Linear: return "linear";
    case OutputHead::AboveMinusOne: return "above-minus-one";
    case OutputHead::Sigmoid: return "sigmoid";
    case OutputHead::Softmax: return "softmax";
    case OutputHead::LogSoftmax: return "log-softmax";
    case OutputHead::Exp: return "exp";
    case OutputHead::MeanVariance: return "mean-variance";
  }
  return "?";
}

namespace {

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
    case Layout::Pair: return "pair";
    case Layout::Sequence: return "sequence";
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
    case TargetKind::NonNegative: return "counts";
    case TargetKind::StrictSigns: return "signs-strict";
    case TargetKind::LabelLists: return "label-lists";
    case TargetKind::RowValues: return "row-values";
    case TargetKind::ValueRows: return "value-rows";
    case TargetKind::LabelSequences: return "label-sequences";
  }
  return "?";
}

const char* lengthName(const OptionSpec& o) {
  if (o.kind != OptionKind::Vector) return "";
  switch (o.length) {
    case VectorLength::Classes: return "classes";
    case VectorLength::ElementsOrClasses: return "elements-or-classes";
    case VectorLength::OneOrClasses: return "one-or-classes";
    case VectorLength::Terms: return "terms";
  }
  return "?";
}

/// A bound, or null when the option has none (the sentinel ±1e300).
void bound(json::Writer& w, double v) {
  if (std::abs(v) < 1e299) {
    w.number(v);
  } else {
    w.null();
  }
}

void option(json::Writer& w, const OptionSpec& o) {
  w.beginObject().key("name").string(o.name).key("kind").string(kindName(o.kind)).key("default");
  if (o.kind == OptionKind::Flag) {
    w.boolean(o.default_value != 0);
  } else {
    w.number(o.default_value);  // NaN (no default: vectors) is written as null
  }
  w.key("min");
  bound(w, o.min);
  w.key("max");
  bound(w, o.max);
  w.key("minOpen").boolean(o.min_open).key("maxOpen").boolean(o.max_open);
  w.key("choices").beginArray();
  for (double c : o.choices) w.number(c);
  w.endArray();
  w.key("length").string(lengthName(o));
  w.key("range").string(o.range_text).key("doc").string(o.doc).endObject();
}

}  // namespace

std::string catalogueJson() {
  std::string out;
  json::Writer w(out);
  w.beginArray();
  for (const LossSpec& s : catalogue()) {
    const LossOptions defaults = defaultOptions(s);
    w.beginObject()
        .key("id").string(s.id)
        .key("name").string(s.name)
        .key("family").string(familyName(s.family))
        .key("layout").string(layoutName(s.layout))
        .key("target").string(targetName(s.target))
        .key("inputKind").string(inputKindName(s.input))
        .key("defaultInputKind").string(inputKindName(inputKind(s, defaults)))
        .key("head").string(headName(outputHead(s, defaults)))
        .key("trains").boolean(s.not_trainable == nullptr)
        .key("notTrainable").string(s.not_trainable ? s.not_trainable : "")
        .key("trainerNote").string(s.trainer_note ? s.trainer_note : "")
        .key("meanOnly").boolean(s.mean_only)
        .key("columns").integer(static_cast<long long>(s.columns))
        .key("flatIsOneRow").boolean(s.flat_is_one_row)
        .key("formula").string(s.formula)
        .key("summary").string(s.summary)
        .key("useCase").string(s.use_case)
        .key("inputDoc").string(s.input_doc)
        .key("targetDoc").string(s.target_doc);
    if (s.default_expr != nullptr) w.key("defaultExpr").string(s.default_expr);
    w.key("options").beginArray();
    for (const OptionSpec& o : s.options) option(w, o);
    w.endArray().endObject();
  }
  w.endArray();
  return out;
}

}  // namespace losslab
