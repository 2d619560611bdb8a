// first_chars (src/rules/first_chars.h): the characters a pattern's match can start with. The
// figure rules' searches skip every other position, so a character left out would lose matches:
// each pattern below is checked against Boost itself on random texts over its own characters.
#include "rules/first_chars.h"

#include <gtest/gtest.h>

#include <boost/regex/icu.hpp>
#include <random>
#include <vector>

#include "core/utf.h"

namespace jixiao {
namespace {

std::basic_string<int> ints(const std::u32string& s) {
  return std::basic_string<int>(s.begin(), s.end());
}

TEST(FirstChars, KnownSetsAndGivingUp) {
  struct Case {
    const char* pattern;
    bool known;
    const char32_t* in;   // characters that must be in the set
    const char32_t* out;  // characters that must not
  };
  const Case cases[] = {
      {"abc", true, U"a", U"bc"},
      {"(?<label>年初(?:部门)?预算)", true, U"年", U"初部预"},
      {"(?:a|b)?c", true, U"abc", U"d"},
      {"(?<!全年)(?<!调整后)(?:部门|单位)?预算", true, U"部单预", U"全调"},
      {"(?=x)y", true, U"y", U""},          // a lookahead is read as zero width: a superset
      {"[“\"‘']?三公", true, U"“\"‘'三", U"公"},
      {"[\\x{4E00}-\\x{4E05}]x", true, U"\x4E00\x4E03\x4E05", U"\x4E06x"},
      {"a{0,3}b", true, U"ab", U""},
      {"(?:a*|b)c", true, U"abc", U""},
      {"\\s?[:：]?为", false, U"", U""},       // \s can start it: unknown
      {"[^a]b", false, U"", U""},
      {".b", false, U"", U""},
      {"\\d+", false, U"", U""},
      {"a?", false, U"", U""},              // matches the empty string
      {"(?i)a", false, U"", U""},           // inline flags are not understood
      {"(a)\\1", false, U"", U""},           // backreferences are not understood
      {"\\1(a)", false, U"", U""},
      {"^预算|\\b执行", true, U"预执", U"算"},
  };
  for (const Case& c : cases) {
    FirstChars f = first_chars(ints(to_u32(c.pattern)));
    EXPECT_EQ(f.known(), c.known) << c.pattern;
    if (!f.known()) continue;
    for (const char32_t* p = c.in; *p; ++p) EXPECT_TRUE(f.contains(*p)) << c.pattern << " " << to_utf8(std::u32string(1, *p));
    for (const char32_t* p = c.out; *p; ++p) EXPECT_FALSE(f.contains(*p)) << c.pattern << " " << to_utf8(std::u32string(1, *p));
  }
}

// Every position where Boost finds a match (anchored there, the text before it visible) holds a
// character of the set.
TEST(FirstChars, NoMatchStartsOutsideTheSet) {
  const char* patterns[] = {
      "(?<!全年)(?<!调整后)(?<label>(?:部门|单位|项目|年度|本年度?|当年)?预算(?:数|总额|金额)){0,1}为",
      "(?<label>(?:实际|累计|已|共|全年)(?:下达|到位|拨入)(?:资金|经费|金额)?|(?:上级|财政)(?:实际|已)?拨付)",
      "(?:[“\"‘']?三公[”\"’']?(?:经费)?)[^。！？]{0,5}?预算",
      "(?<label>(?:执行|完成)率)(?:均|都)?\\s?[:：]?\\s?[0-9]+%",
      "(?:a|b*)(?:c?d|e)",
      "(?:(?:x)?(?:y)?)z|[0-9]{2}",
  };
  // Texts are random runs of words and single characters of the patterns, so that they match.
  const std::vector<std::u32string> pieces = {
      U"部门", U"单位", U"项目", U"年度", U"本", U"当年", U"预算", U"数", U"总额", U"为", U"实际", U"累计", U"已",
      U"共", U"全年", U"下达", U"到位", U"拨入", U"资金", U"上级", U"财政", U"拨付", U"三公", U"“", U"\"", U"‘",
      U"'", U"”", U"’", U"经费", U"执行", U"完成", U"率", U"均", U"：", U":", U"12", U"5", U"%", U" ", U"。",
      U"a", U"b", U"c", U"d", U"e", U"x", U"y", U"z", U"调整后", U"金额", U"执行率", U"完成率：12%",
      U"三公经费预算"};
  std::mt19937 rng(17);
  for (const char* source : patterns) {
    const std::u32string pattern = to_u32(source);
    FirstChars f = first_chars(ints(pattern));
    ASSERT_TRUE(f.known()) << source;
    boost::u32regex re = boost::make_u32regex(pattern.begin(), pattern.end(), boost::regex_constants::perl);
    int matches = 0;
    for (int t = 0; t < 3000; ++t) {
      std::u32string text;
      const int len = static_cast<int>(rng() % 10);
      for (int i = 0; i < len; ++i) text += pieces[rng() % pieces.size()];
      for (size_t p = 0; p < text.size(); ++p) {
        auto flags = boost::match_default | boost::match_continuous;
        if (p > 0) flags |= boost::match_prev_avail;
        boost::match_results<const char32_t*> m;
        const char32_t* base = text.data();
        if (boost::u32regex_search(base + p, base + text.size(), m, re, flags)) {
          ++matches;
          EXPECT_TRUE(f.contains(text[p])) << source << " matches at " << p << " of " << to_utf8(text);
        }
      }
    }
    EXPECT_GT(matches, 0) << source;
  }
}

}  // namespace
}  // namespace jixiao
