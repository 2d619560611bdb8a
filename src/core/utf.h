// UTF-8 <-> UTF-32 conversion for text we already validated (readers replace bad bytes
// with U+FFFD, so conversion here never fails).
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

std::u32string to_u32(std::string_view utf8);
std::string to_utf8(std::u32string_view text);
// Surrogates and values past U+10FFFF are written as U+FFFD.
void append_utf8(std::string& out, char32_t c);
// UTF-16 code units, one at a time, to UTF-8: a surrogate pair is one character, an unpaired
// surrogate U+FFFD.
class Utf16ToUtf8 {
 public:
  explicit Utf16ToUtf8(std::string& out) : out_(out) {}
  void push(char16_t unit);
  // An unpaired high surrogate at the end becomes U+FFFD.
  void finish();

 private:
  std::string& out_;
  char16_t high_ = 0;
};

// Text as the readers hand it on: valid UTF-8 (poppler's, or a workbook's XML, which pugixml passes
// through as it is), undecodable bytes and surrogates as U+FFFD.
std::string valid_utf8(const std::string& s);
// Whether `s` is UTF-8 as RFC 3629 has it: shortest forms only, no surrogates, nothing past
// U+10FFFF (exactly the strings valid_utf8 leaves as they are).
bool is_strict_utf8(std::string_view s);

inline bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

}  // namespace jixiao
