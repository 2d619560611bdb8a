// LayoutRules::match and ::clean (src/extract/layout_rules.h) on the shipped vocabulary: the
// shortcuts they take (a label set's last characters and lengths, each decoration pattern's first
// characters) must never change an answer. Each is compared with the plain definition, on every
// label of every set and on cells built from them.
#include "extract/layout_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/utf.h"

namespace jixiao {
namespace {

const LayoutRules& shipped() {
  static const LayoutRules rules = [] {
    auto loaded = LayoutRules::load(std::string(JIXIAO_SOURCE_DIR) + "/rules");
    if (!loaded) throw std::runtime_error(loaded.error().describe());
    return std::move(loaded).value();
  }();
  return rules;
}

// match() as tables.toml defines it: equal to a label (1000 + its length), or ending with one
// after at most max_prefix characters (the longest such label's length), else 0.
int plain_match(const std::u32string& cleaned, const std::vector<std::u32string>& labels, int max_prefix) {
  int best = 0;
  for (const std::u32string& label : labels) {
    if (cleaned == label) return 1000 + static_cast<int>(label.size());
    if (cleaned.size() > label.size() && cleaned.size() - label.size() <= static_cast<size_t>(max_prefix) &&
        cleaned.compare(cleaned.size() - label.size(), label.size(), label) == 0)
      best = std::max(best, static_cast<int>(label.size()));
  }
  return best;
}

std::vector<const LabelSet*> every_label_set(const LayoutRules& r) {
  std::vector<const LabelSet*> out{&r.total_labels, &r.subtotal_labels};
  for (const auto& c : r.fund_columns) out.push_back(&c.labels);
  for (const auto& c : r.indicator_columns) out.push_back(&c.labels);
  for (const auto& row : r.fund_rows) out.push_back(&row.labels);
  for (const auto& kv : r.keyvalue) out.push_back(&kv.labels);
  return out;
}

TEST(LayoutRules, MatchGivesThePlainDefinitionsAnswer) {
  const LayoutRules& r = shipped();
  std::vector<std::u32string> cells = {U"", U"1", U"100.00", U"合计", U"项目资金主要用于道路养护", U"得分"};
  for (const LabelSet* set : every_label_set(r))
    for (const std::u32string& label : set->labels) {
      cells.push_back(label);
      for (const std::u32string prefix : {U"县", U"执行率", U"县级主管", U"一二三四五", U"一二三四五六"})
        cells.push_back(prefix + label);
      cells.push_back(label + U"额");
      if (label.size() > 1) cells.push_back(label.substr(1));
    }
  size_t matched = 0, compared = 0;
  for (const LabelSet* set : every_label_set(r)) {
    LabelSet by_hand;  // the same labels, never indexed: match() tries them all
    by_hand.labels = set->labels;
    for (const std::u32string& cell : cells) {
      const int expected = plain_match(cell, set->labels, r.max_prefix);
      ASSERT_EQ(r.match(cell, *set), expected) << to_utf8(cell);
      ASSERT_EQ(r.match(cell, by_hand), expected) << to_utf8(cell);
      matched += expected > 0;
      ++compared;
    }
  }
  EXPECT_GT(matched, 500u);
  EXPECT_GT(compared, matched * 5);
}

TEST(LayoutRules, CleanRemovesDecorationAndLeavesTheRest) {
  const LayoutRules& r = shipped();
  const std::vector<std::pair<std::u32string, std::u32string>> cases = {
      {U"年度资金总额(万元):", U"年度资金总额"},
      {U"执行率(B/A)", U"执行率"},
      {U"实施单位 (盖章)", U"实施单位"},
      {U"其中：财政拨款", U"财政拨款"},
      {U"一、产出指标", U"产出指标"},
      {U"2.时效指标", U"时效指标"},
      {U"①数量指标", U"数量指标"},
      {U"分值（20分*执行率）：", U"分值"},
      {U"12.5", U"12.5"},
      {U"100", U"100"},
      {U"1、", U""},
      {U"含：其他资金", U"其他资金"},
      {U"全年 执行数", U"全年执行数"},
      {U"备注*", U"备注"},
      {U"3.14%", U"3.14%"},
  };
  LayoutRules unprepared = r;  // without the first characters: every pattern is tried everywhere
  for (Pattern& p : unprepared.decoration) p.starts = FirstChars{};
  unprepared.clean_memo_key = 0;
  for (const auto& [cell, expected] : cases) {
    EXPECT_EQ(to_utf8(r.clean(cell)), to_utf8(expected)) << to_utf8(cell);
    EXPECT_EQ(to_utf8(r.clean(cell)), to_utf8(expected)) << to_utf8(cell) << " (from the memo)";
    EXPECT_EQ(to_utf8(unprepared.clean(cell)), to_utf8(expected)) << to_utf8(cell);
  }
}

}  // namespace
}  // namespace jixiao
