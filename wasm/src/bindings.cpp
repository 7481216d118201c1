// The module's entry points: Embind registrations, and one plain C export for the per-call
// path. Each catches everything, stores the message and returns a status code; the JS wrapper
// (wasm/js) turns codes into LossLabError.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "expressions.hpp"
#include "losslab/catalogue.hpp"
#include "wire.hpp"

namespace losslab::wasm {

namespace {
std::string g_lastError;
int g_lastCode = 0;
}  // namespace

int report(const Status& status) noexcept {
  g_lastCode = static_cast<int>(status.code());
  if (status.isOk()) {
    g_lastError.clear();
    return g_lastCode;
  }
  try {
    g_lastError = status.message();
  } catch (...) {  // out of memory for the message: the code still tells what went wrong
    g_lastError.clear();
  }
  return g_lastCode;
}

namespace {

/// The catalogue, looked up once when the module starts (its first build is the one call that
/// may throw), so that lossCompute's path has no call that may: each would cost a JS round trip.
const std::vector<LossSpec>* g_catalogue = nullptr;

int lossCompute(int index) noexcept {
  if (index < 0 || static_cast<std::size_t>(index) >= g_catalogue->size()) {
    return guarded([&] { return Status(Code::UnknownLoss, "unknown loss #" + std::to_string(index)); });
  }
  return report(runFromWire((*g_catalogue)[static_cast<std::size_t>(index)], wireBlock()));
}

/// Returns the handle (≥ 1) or 0 with the message in lastError().
int expressionCompile(const std::string& text) {
  int handle = 0;
  const int code = guarded([&] { return compileToHandle(text, handle); });
  return code == 0 ? handle : 0;
}

/// The expression typeset as LaTeX, or "" with the message in lastError().
std::string expressionLatex(const std::string& text) {
  std::string latex;
  const int code = guarded([&] { return latexOf(text, latex); });
  return code == 0 ? std::move(latex) : std::string();
}

std::string lastError() { return g_lastError; }
/// The code of the last failure (calls that return a handle or text report 0 / "").
int lastCode() { return g_lastCode; }
std::string catalogueJsonSafe() {
  try {
    return catalogueJson();
  } catch (...) {
    return "[]";
  }
}
std::uintptr_t wireAddress() { return reinterpret_cast<std::uintptr_t>(wireBlock()); }
/// Bytes currently allocated with malloc (dlmalloc's in-use total).
double heapInUse() { return static_cast<double>(mallinfo().uordblks); }
std::string codeNameOf(int code) { return losslab::codeName(static_cast<Code>(code)); }

}  // namespace
}  // namespace losslab::wasm

/// lossCompute as a plain C export: the JS wrapper's per-call entry (a call through Embind's
/// generic invoker costs about 0.1 µs more, a tenth of a small call).
extern "C" EMSCRIPTEN_KEEPALIVE int losslab_loss_compute(int index) {
  return losslab::wasm::lossCompute(index);
}

EMSCRIPTEN_BINDINGS(losslab) {
  using namespace losslab::wasm;
  g_catalogue = &losslab::catalogue();
  emscripten::function("expressionCompile", &expressionCompile);
  emscripten::function("expressionRelease", &releaseHandle);
  emscripten::function("expressionLatex", &expressionLatex);
  emscripten::function("lastError", &lastError);
  emscripten::function("lastCode", &lastCode);
  emscripten::function("catalogueJson", &catalogueJsonSafe);
  emscripten::function("wireLayoutJson", &wireLayoutJson);
  emscripten::function("wireAddress", &wireAddress);
  emscripten::function("heapInUse", &heapInUse);
  emscripten::function("codeName", &codeNameOf);
}
