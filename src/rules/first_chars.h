// The characters a regex's match can start with, read from the pattern's source: lets a search
// skip the positions where no match can start, which Boost.Regex cannot do for characters above
// U+00FF (its start map covers one byte). Derived from a rule after loading, never written in a
// rule file.
//
//   FirstChars s = first_chars(rule.pattern.str());
//   if (s.known() && !s.contains(text[i])) ... no match starts at i
//
// The analysis is conservative: it understands literals, escapes of punctuation and \x{...},
// character classes of literals and ranges, groups ((?:...), (?<name>...)), alternation,
// quantifiers, and zero-width items (lookarounds, ^, $, \b); on anything else (., \s, \d, \p{..},
// negated classes, backreferences, inline flags) or a pattern that can match the empty string
// it gives up, and known() is false: every position may start a match.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jixiao {

class FirstChars {
 public:
  bool known() const { return known_; }
  bool contains(char32_t c) const {
    if (c < 0x10000) return (bmp_[c >> 6] >> (c & 63)) & 1;
    for (const auto& [lo, hi] : astral_)
      if (c >= lo && c <= hi) return true;
    return false;
  }
  size_t ranges() const { return ranges_; }

 private:
  friend FirstChars first_chars(const std::basic_string<int>& pattern);
  bool known_ = false;
  size_t ranges_ = 0;
  std::vector<uint64_t> bmp_;
  std::vector<std::pair<char32_t, char32_t>> astral_;
};

FirstChars first_chars(const std::basic_string<int>& pattern);

}  // namespace jixiao
