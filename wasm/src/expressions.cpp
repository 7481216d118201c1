#include "expressions.hpp"

#include <map>
#include <memory>

#include "losslab/expression.hpp"

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
  LL_TRY(compileExpression(text, compiled));
  handle = g_next++;
  table()[handle] = std::move(compiled);
  return Status::ok();
}

void releaseHandle(int handle) noexcept { table().erase(handle); }

const Expression* findExpression(int handle) noexcept {
  auto it = table().find(handle);
  return it == table().end() ? nullptr : it->second.get();
}

Status latexOf(const std::string& text, std::string& latex) {
  return expressionToLatex(text, latex);
}


}  // namespace losslab::wasm
