// Expression lexer: numbers, names, operators; columns are 1-based byte positions.
#include <clocale>
#include <cstdio>
#include <cstdlib>

#include "internal.hpp"

namespace losslab::expr {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isNameChar(char c) { return isNameStart(c) || isDigit(c); }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Length of the well-formed UTF-8 sequence at text[pos], or 0.
std::size_t utf8Length(std::string_view text, std::size_t pos) {
  const auto c = static_cast<unsigned char>(text[pos]);
  std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (c >= 0xF5) len = 0;
  if (len == 0 || pos + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(text[pos + k]) & 0xC0) != 0x80) return 0;
  }
  return len;
}

/// "unexpected character '#'", quoting printable ASCII and whole UTF-8 characters and
/// showing anything else (control bytes, broken UTF-8) as a hex byte.
std::string describeCharacter(std::string_view text, std::size_t pos) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c >= 0x20 && c < 0x7F) return std::string("unexpected character '") + text[pos] + "'";
  if (const std::size_t len = utf8Length(text, pos)) {
    return "unexpected character '" + std::string(text.substr(pos, len)) + "'";
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(c));
  return std::string("unexpected byte ") + hex;
}

/// strtod on a validated lexeme, independent of the C locale's decimal point.
double parseNumber(std::string lexeme) {
  char* end = nullptr;
  double value = std::strtod(lexeme.c_str(), &end);
  if (end != lexeme.c_str() + lexeme.size()) {  // a locale whose decimal point is not '.'
    const char* point = std::localeconv()->decimal_point;
    const std::size_t dot = lexeme.find('.');
    if (point != nullptr && *point != '\0' && dot != std::string::npos) {
      lexeme.replace(dot, 1, point);
      value = std::strtod(lexeme.c_str(), nullptr);
    }
  }
  return value;
}

}  // namespace

Status syntaxError(const std::string& what, std::size_t pos) {
  return Status(Code::BadOption,
                "custom: option 'expr': " + what + " at column " + std::to_string(pos + 1));
}

Status tokenize(std::string_view text, std::vector<Token>& tokens) {
  tokens.clear();
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (isSpace(c)) {
      ++i;
      continue;
    }
    const auto start = static_cast<std::uint32_t>(i);
    if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text[i + 1]))) {
      while (i < n && isDigit(text[i])) ++i;
      if (i < n && text[i] == '.') {
        ++i;
        while (i < n && isDigit(text[i])) ++i;
      }
      if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
        if (i >= n || !isDigit(text[i])) return syntaxError("expected digits in the exponent", i);
        while (i < n && isDigit(text[i])) ++i;
      }
      if (i < n && (isNameChar(text[i]) || text[i] == '.')) {
        return syntaxError("expected an operator", i);  // "2x", "1.2.3"
      }
      // The lexeme is plain ASCII digits, '.', 'e' and a sign: strtod reads all of it.
      const std::string lexeme(text.substr(start, i - start));
      const double value = parseNumber(lexeme);
      if (std::isinf(value)) return syntaxError("number " + lexeme + " is too large", start);
      tokens.push_back({Tok::Number, start, static_cast<std::uint32_t>(i - start), value});
      continue;
    }
    if (isNameStart(c)) {
      while (i < n && isNameChar(text[i])) ++i;
      tokens.push_back({Tok::Name, start, static_cast<std::uint32_t>(i - start), 0.0});
      continue;
    }
    Tok kind;
    switch (c) {
      case '+': kind = Tok::Plus; break;
      case '-': kind = Tok::Minus; break;
      case '*': kind = Tok::Star; break;
      case '/': kind = Tok::Slash; break;
      case '^': kind = Tok::Caret; break;
      case '(': kind = Tok::LParen; break;
      case ')': kind = Tok::RParen; break;
      case ',': kind = Tok::Comma; break;
      default: return syntaxError(describeCharacter(text, i), i);
    }
    tokens.push_back({kind, start, 1, 0.0});
    ++i;
  }
  tokens.push_back({Tok::End, static_cast<std::uint32_t>(n), 0, 0.0});
  return Status::ok();
}

}  // namespace losslab::expr
