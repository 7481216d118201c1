// The fuzz targets as plain functions, so the Catch2 suite can replay committed inputs
// (fuzz/regressions/<target>/ and fuzz/corpus/<target>/) through the same checks.
// Each returns 0; a broken promise aborts (libFuzzer) or throws (LOSSLAB_FUZZ_REPLAY).
#pragma once

#include <cstddef>
#include <cstdint>

namespace losslab::fuzz {

int fuzzExpr(const std::uint8_t* data, std::size_t size);     // expr_fuzz.cpp
int fuzzLoss(const std::uint8_t* data, std::size_t size);     // loss_fuzz.cpp
int fuzzNetwork(const std::uint8_t* data, std::size_t size);  // network_fuzz.cpp
int fuzzDataset(const std::uint8_t* data, std::size_t size);  // dataset_fuzz.cpp
int fuzzJson(const std::uint8_t* data, std::size_t size);     // json_fuzz.cpp

}  // namespace losslab::fuzz
