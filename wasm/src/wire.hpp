// The wire: how a loss call crosses the wasm boundary without allocating.
//
// JS fills a block of doubles in wasm memory (pointers are wasm32 offsets, exact in a
// double) and calls `lossCompute(index)`; the bindings turn the block into the core's
// LossInput / LossOptions / LossOutput. The slot numbers are exported to JS in
// `wireLayoutJson()` so the two sides cannot drift.
#pragma once

#include <cstddef>
#include <string>

#include "losslab/catalogue.hpp"
#include "losslab/loss.hpp"

namespace losslab::wasm {

enum Slot : int {
  kInput = 0,
  kN,
  kCols,
  kTarget,
  kTargetN,
  kPositive,
  kPositiveN,
  kNegative,
  kNegativeN,
  kValues,
  kGrad,
  kGradPositive,
  kGradNegative,
  kReduction,
  kExpr,       // handle from compileExpression, 0 for none
  kResult,     // out: the reduced value
  kTerms,      // out: how many terms `values` received
  kAux1,       // out: network evaluate's accuracy
  kAux2,       // out: network evaluate's R²
  kOptions = 20,  // option k of the loss's catalogue entry: slots 20 + 2k (value or
                  // pointer) and 21 + 2k (vector length; 0 = absent)
  kMaxOptions = 16,
  kOptionsEnd = kOptions + 2 * kMaxOptions,
  // Pair losses (cosine_embedding, margin_ranking): x2, the ±1 labels, d/d(x2).
  kOther = kOptionsEnd,
  kOtherN,
  kLabel,
  kLabelN,
  kGradOther,
  // ctc (Layout::Sequence): int32 arrays (pointer, length) and T.
  kLabels,
  kLabelsN,
  kInputLengths,
  kInputLengthsN,
  kTargetLengths,
  kTargetLengthsN,
  kTime,
  kWireSlots,
};

/// The wire block (static: one per module, so it never moves or leaks).
double* wireBlock() noexcept;

/// Converts the wire into core structs and runs loss `spec`. Never throws (and is declared so:
/// a call that may throw costs a JS round trip under Emscripten's exceptions).
Status runFromWire(const LossSpec& spec, const double* wire) noexcept;

/// {"input":0,...} — the slot table for the JS side.
std::string wireLayoutJson();

}  // namespace losslab::wasm
