// LossLab — status codes shared by the core, the bindings and the JS wrapper.
#pragma once

#include <string>
#include <utility>

namespace losslab {

/// The error codes (the README lists them under "Errors"). The numeric values cross the
/// wasm boundary; keep them stable and in step with `codeName`.
enum class Code : int {
  Ok = 0,
  UnknownLoss = 1,
  ShapeMismatch = 2,
  EmptyInput = 3,
  NotFinite = 4,
  OutOfDomain = 5,
  BadLabel = 6,
  BadOption = 7,
  Internal = 8,  // a bug in LossLab, never the caller's fault
};

/// The JS-facing name of a code: "OK", "UNKNOWN_LOSS", "SHAPE_MISMATCH", …, "INTERNAL".
const char* codeName(Code code) noexcept;

/// Result of a fallible call: a code plus, on failure, a message that names the loss,
/// the argument and (for values) the first offending index. LossLab reports every error
/// this way; no public function throws. Test it as a bool (true when OK):
///   if (losslab::Status s = losslab::compute(...); !s) std::cerr << s.message();
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  bool isOk() const noexcept { return code_ == Code::Ok; }
  explicit operator bool() const noexcept { return isOk(); }
  Code code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }

 private:
  Code code_ = Code::Ok;
  std::string message_;
};

/// Formats a number the way messages show it: the shortest text that reads back as the
/// same float ("0.1", "1e-07", "NaN", "Infinity"). May throw std::bad_alloc.
std::string formatNumber(double v);

}  // namespace losslab

/// Early-return helper for functions returning Status: `LL_TRY(validate(...));` returns the
/// status from the enclosing function when it is not OK.
#define LL_TRY(expr)                         \
  do {                                       \
    ::losslab::Status ll_status_ = (expr);   \
    if (!ll_status_.isOk()) return ll_status_; \
  } while (0)
