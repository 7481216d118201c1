// Compiled custom-loss expressions, held by integer handles so JS compiles an expression
// once and reuses it on every call.
#pragma once

#include <string>

#include "losslab/options.hpp"
#include "losslab/status.hpp"

namespace losslab::wasm {

/// Compiles `text`; on success `handle` is ≥ 1.
Status compileToHandle(const std::string& text, int& handle);
void releaseHandle(int handle) noexcept;
/// The expression behind `handle`, or null (0 or unknown handles).
const Expression* findExpression(int handle) noexcept;
/// The expression as LaTeX (losslab::expressionToLatex).
Status latexOf(const std::string& text, std::string& latex);
/// How many handles are live (for leak tests).

}  // namespace losslab::wasm
