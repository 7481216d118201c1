#include "expressions.hpp"

#include <map>
#include <memory>

#if __has_include("losslab/expression.hpp")
#include "losslab/expression.hpp"
#define LOSSLAB_HAVE_EXPR 1
#endif

namespace losslab::wasm {
namespace {

std::map<int, std::shared_ptr<const Expression>>& table() {
  static std::map<int, std::shared_ptr<const Expression>> handles;
  return handles;
}
int g_next = 1;

}  // namespace

Status compileToHandle(const std::string& text, int& handle) {
  std::shared_ptr<const Expression> compiled;
#ifdef LOSSLAB_HAVE_EXPR
  LL_TRY(compileExpression(text, compiled));
#else
  return Status(Code::BadOption, "custom: expressions are not available yet");
#endif
  handle = g_next++;
  table()[handle] = std::move(compiled);
  return Status::ok();
}

void releaseHandle(int handle) noexcept { table().erase(handle); }

const Expression* findExpression(int handle) noexcept {
  auto it = table().find(handle);
  return it == table().end() ? nullptr : it->second.get();
}

int liveExpressions() noexcept { return static_cast<int>(table().size()); }

}  // namespace losslab::wasm
