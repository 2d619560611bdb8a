// The checker on long reports: thousands of mentions of the same labels with the same values
// (what a long generated or templated report repeats) must yield exactly the real findings
// planted among them. The checker groups mentions instead of comparing every pair; these tests
// pin the behaviour of that grouping (not its speed: no timing here).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "check/check.h"

namespace jixiao {
namespace {

const CheckConfig& config() {
  static const CheckConfig c = default_check_config();
  return c;
}

Mention money(const std::string& subject, double value, const std::string& unit, int block, int start,
              int sentence, int clause) {
  Mention m;
  m.quantity.kind = QuantityKind::money;
  m.quantity.value = value;
  m.quantity.unit = unit;
  m.quantity.yuan = value * (unit == "万元" ? 1e4 : 1);
  m.subject = subject;
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  m.text = text + unit;
  m.span = Span{block, -1, -1, start, start + 6, -1};
  m.sentence = sentence;
  m.clause = clause;
  return m;
}

Mention percent(const std::string& subject, double value, int block, int start, int sentence) {
  Mention m;
  m.quantity.kind = QuantityKind::percent;
  m.quantity.value = value;
  m.quantity.unit = "%";
  m.subject = subject;
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", value);
  m.text = text;
  m.span = Span{block, -1, -1, start, start + 4, -1};
  m.sentence = sentence;
  return m;
}

std::string describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings)
    out += f.rule + " [" + f.severity + "] " + f.message.substr(0, 300) + "\n";
  return out;
}

// 5,000 paragraphs of four money mentions in two sentences, each label always with its value
// (20,000 mentions, one figure per paragraph), and among them one indicator quoted with two values
// (paragraphs 1000 and 4000) and one amount written in 元 for 万元 (paragraph 3000: 20万元 +
// 35元 + 10万元 add up to the 65万元 of the sentence before only as 35万元).
TEST(CheckScaling, ManyRepeatedMentionsYieldOnlyThePlantedFindings) {
  Report report;
  report.meta.year = 2024;
  const struct {
    const char* subject;
    double value;
  } kRepeated[] = {{"道路养护经费", 12.5}, {"设施维修经费", 30}, {"绿化管护经费", 8}, {"保洁服务经费", 20}};
  int sentence = 0;
  for (int p = 0; p < 5000; ++p) {
    for (int k = 0; k < 4; ++k) {
      report.mentions.push_back(
          money(kRepeated[k].subject, kRepeated[k].value, "万元", p, 10 * k, sentence + k / 2, k % 2));
    }
    Figure f;
    f.field = "funds.allocated";
    f.quantity = report.mentions.back().quantity;
    f.text = report.mentions.back().text;
    f.span = report.mentions.back().span;
    report.figures.push_back(f);
    sentence += 2;
    if (p == 1000) report.mentions.push_back(percent("戒断三年巩固率", 95, p, 50, sentence++));
    if (p == 4000) report.mentions.push_back(percent("社区戒断三年巩固率", 93, p, 50, sentence++));
    if (p == 3000) {
      report.mentions.push_back(money("年初预算", 65, "万元", p, 50, sentence, 0));
      report.mentions.push_back(money("①宣传经费", 20, "万元", p, 60, sentence + 1, 0));
      report.mentions.push_back(money("②收治经费", 35, "元", p, 70, sentence + 1, 1));
      report.mentions.push_back(money("③验毒经费", 10, "万元", p, 80, sentence + 1, 2));
      sentence += 2;
    }
  }
  ASSERT_EQ(report.mentions.size(), 20006u);

  const std::vector<Finding> findings = check_report(report, config());
  ASSERT_EQ(findings.size(), 2u) << describe(findings);

  const Finding& conflict = findings[0];
  EXPECT_EQ(conflict.rule, "value.conflict");
  EXPECT_EQ(conflict.message,
            "“戒断三年巩固率”在报告中出现不同数值：“戒断三年巩固率95%”、“社区戒断三年巩固率93%”。"
            "请核实哪一个正确并统一。");
  ASSERT_EQ(conflict.evidence.size(), 2u);
  EXPECT_EQ(conflict.evidence[0].span.block, 1000);
  EXPECT_EQ(conflict.evidence[1].span.block, 4000);

  const Finding& unit = findings[1];
  EXPECT_EQ(unit.rule, "unit.magnitude.sum");
  EXPECT_EQ(unit.severity, "error");
  ASSERT_EQ(unit.evidence.size(), 4u);
  EXPECT_EQ(unit.evidence[0].text, "②收治经费35元");
  EXPECT_EQ(unit.evidence[1].text, "年初预算65万元");
  EXPECT_EQ(unit.evidence[0].span.block, 3000);
  EXPECT_DOUBLE_EQ(*unit.expected, 35);
  EXPECT_EQ(unit.expected_unit, "万元");
}

// One value repeated in 3,000 sentences and another value once: every mention of the label is
// evidence of the one conflict, in report order (the repeats are compared as a group, not dropped).
TEST(CheckScaling, OneOddValueAmongManyRepeatsListsEveryMention) {
  Report report;
  for (int p = 0; p < 3000; ++p) {
    report.mentions.push_back(money("禁毒社会化工作经费", p == 1234 ? 21 : 20, "万元", p, 0, p, 0));
  }
  const std::vector<Finding> findings = check_report(report, config());
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule, "value.conflict");
  ASSERT_EQ(findings[0].evidence.size(), 3000u);
  for (int p = 0; p < 3000; ++p) EXPECT_EQ(findings[0].evidence[p].span.block, p);
  EXPECT_EQ(findings[0].evidence[1234].text, "禁毒社会化工作经费21万元");
}

// Two values of one label in one sentence are a change, not a conflict. Stated that way in two
// sentences, 95% of the first conflicts with 93% of the second and 93% of the first with 95% of
// the second: two separate conflicts, which grouping equal values must not merge into one.
TEST(CheckScaling, EqualValuesInTwoSentencesStayTwoConflicts) {
  Report report;
  report.mentions = {percent("戒断三年巩固率", 95, 1, 0, 1), percent("戒断三年巩固率", 93, 1, 10, 1),
                     percent("戒断三年巩固率", 93, 2, 0, 2), percent("戒断三年巩固率", 95, 2, 10, 2)};
  const std::vector<Finding> findings = check_report(report, config());
  ASSERT_EQ(findings.size(), 2u) << describe(findings);
  EXPECT_EQ(findings[0].evidence[0].span, report.mentions[0].span);
  EXPECT_EQ(findings[0].evidence[1].span, report.mentions[2].span);
  EXPECT_EQ(findings[1].evidence[0].span, report.mentions[1].span);
  EXPECT_EQ(findings[1].evidence[1].span, report.mentions[3].span);
}

}  // namespace
}  // namespace jixiao
