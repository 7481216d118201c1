// Shared by the binding files: every entry point runs its body through `guarded`, which
// catches everything, records the message for lastError() and returns the status code.
#pragma once

#include <exception>
#include <string>

#include "losslab/status.hpp"

namespace losslab::wasm {

/// Records `status` for lastError() and lastCode(); returns its code.
int report(const Status& status) noexcept;

template <class F>
int guarded(F&& body) noexcept {
  try {
    return report(body());
  } catch (const std::exception& e) {
    return report(Status(Code::Internal, std::string("internal error: ") + e.what()));
  } catch (...) {
    return report(Status(Code::Internal, "internal error"));
  }
}

}  // namespace losslab::wasm
