#include "core/utf.h"

#include <algorithm>

namespace jixiao {

// Both conversions write into a buffer sized once instead of appending character by character:
// they run on every cell and paragraph, and the appends were most of their cost.
std::u32string to_u32(std::string_view s) {
  std::u32string out(s.size(), U'\0');  // at most one code point per byte
  char32_t* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      *o++ = b;
      ++i;
      continue;
    }
    char32_t c;
    size_t len;
    if ((b >> 5) == 0x6) {
      c = b & 0x1F;
      len = 2;
    } else if ((b >> 4) == 0xE) {
      c = b & 0x0F;
      len = 3;
    } else if ((b >> 3) == 0x1E) {
      c = b & 0x07;
      len = 4;
    } else {
      *o++ = 0xFFFD;
      ++i;
      continue;
    }
    if (i + len > n) {  // cut short at the end
      *o++ = 0xFFFD;
      break;
    }
    bool bad = false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cb = p[i + k];
      if ((cb >> 6) != 0x2) {
        bad = true;
        break;
      }
      c = (c << 6) | (cb & 0x3F);
    }
    if (bad) {
      *o++ = 0xFFFD;
      ++i;
      continue;
    }
    *o++ = c;
    i += len;
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;  // never write invalid UTF-8
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string to_utf8(std::u32string_view text) {
  // What append_utf8 writes, in two passes: the length, then the bytes.
  auto valid = [](char32_t c) { return (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF ? char32_t{0xFFFD} : c; };
  size_t size = 0;
  for (char32_t c : text) {
    c = valid(c);
    size += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  std::string out(size, '\0');
  char* o = out.data();
  for (char32_t c : text) {
    c = valid(c);
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *o++ = static_cast<char>(0xC0 | (c >> 6));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *o++ = static_cast<char>(0xE0 | (c >> 12));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *o++ = static_cast<char>(0xF0 | (c >> 18));
      *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool is_strict_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  auto continuation = [](unsigned char b) { return (b & 0xC0) == 0x80; };
  while (p < end) {
    const unsigned char b = *p;
    if (b < 0x80) {
      ++p;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (end - p < 2 || !continuation(p[1])) return false;
      p += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      if (end - p < 3 || !continuation(p[1]) || !continuation(p[2])) return false;
      if ((b == 0xE0 && p[1] < 0xA0) || (b == 0xED && p[1] >= 0xA0)) return false;  // overlong, surrogate
      p += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      if (end - p < 4 || !continuation(p[1]) || !continuation(p[2]) || !continuation(p[3])) return false;
      if ((b == 0xF0 && p[1] < 0x90) || (b == 0xF4 && p[1] >= 0x90)) return false;  // overlong, past U+10FFFF
      p += 4;
    } else {
      return false;  // a continuation byte first, C0/C1 (overlong), F5 and above
    }
  }
  return true;
}

std::string valid_utf8(const std::string& s) {
  // Decoding and encoding again changes exactly the strings that are not strict UTF-8.
  if (is_strict_utf8(s)) return s;
  return to_utf8(to_u32(s));  // to_utf8 writes a surrogate or a value past U+10FFFF as U+FFFD
}

void Utf16ToUtf8::push(char16_t unit) {
  if (unit >= 0xDC00 && unit <= 0xDFFF && high_) {
    append_utf8(out_, 0x10000 + ((char32_t(high_) - 0xD800) << 10) + (unit - 0xDC00));
    high_ = 0;
    return;
  }
  finish();
  if (unit >= 0xD800 && unit <= 0xDBFF)
    high_ = unit;
  else
    append_utf8(out_, unit);  // a lone low surrogate: U+FFFD there
}

void Utf16ToUtf8::finish() {
  if (high_) append_utf8(out_, 0xFFFD);
  high_ = 0;
}

}  // namespace jixiao
