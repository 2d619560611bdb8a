#include "core/display_name.h"

#include <cstdio>

namespace jixiao {
namespace {

// Length of the valid UTF-8 sequence at `s[i]` and its code point, or 0 when invalid.
size_t utf8_at(std::string_view s, size_t i, char32_t& cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

bool is_hidden_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

void append_hex(std::string& out, unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", byte);
  out += buf;
}

// The text with every hidden control escaped; `quoted` also escapes ' and \ for $'...'.
std::string escaped(std::string_view text, bool quoted) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t n = utf8_at(text, i, cp);
    if (n == 0) {  // not UTF-8: the byte itself
      append_hex(out, static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (!is_hidden_control(cp)) {
      if (quoted && (cp == '\'' || cp == '\\')) out += '\\';
      out.append(text, i, n);
    } else if (cp >= 0x202A) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
      out += buf;
    } else {
      switch (cp) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\v': out += "\\v"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default:
          for (size_t k = 0; k < n; ++k) append_hex(out, static_cast<unsigned char>(text[i + k]));
      }
    }
    i += n;
  }
  return out;
}

}  // namespace

bool needs_quoting(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t n = utf8_at(text, i, cp);
    if (n == 0 || is_hidden_control(cp)) return true;
    i += n;
  }
  return false;
}

std::string quote_name(std::string_view name) {
  if (!needs_quoting(name)) return std::string(name);
  return "$'" + escaped(name, true) + "'";
}

std::string escape_controls(std::string_view text) {
  if (!needs_quoting(text)) return std::string(text);
  return escaped(text, false);
}

}  // namespace jixiao
