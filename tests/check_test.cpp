// Tests of the checker (src/check): each check on Report records shaped like the seed reports'
// situations (and like other plausible reports that must stay quiet), and the config loader.
#include "check/check.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace jixiao {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Building records by hand, the way the extractor fills them.

// A quantity from how it is written: "65万元", "35元", "≥90%", "3000余件", "95%以上", "10分".
Quantity quantity(const std::string& written) {
  Quantity q;
  std::string rest = written;
  for (const std::string c : {"≥", "≤", ">", "<"}) {
    if (rest.rfind(c, 0) == 0) {
      q.comparator = c;
      rest = rest.substr(c.size());
    }
  }
  size_t n = 0;
  while (n < rest.size() && (isdigit(static_cast<unsigned char>(rest[n])) || rest[n] == '.')) ++n;
  q.value = std::stod(rest.substr(0, n));
  rest = rest.substr(n);
  for (const std::string a : {"余", "多"}) {
    if (rest.rfind(a, 0) == 0) {
      q.approx = a;
      rest = rest.substr(a.size());
    }
  }
  if (rest.size() >= 6 && rest.compare(rest.size() - 6, 6, "以上") == 0) {
    q.approx = "以上";
    rest.resize(rest.size() - 6);
  }
  q.unit = rest;
  q.end = static_cast<int>(written.size());
  if (rest == "元" || rest == "万元" || rest == "亿元") {
    q.kind = QuantityKind::money;
    q.yuan = q.value * (rest == "元" ? 1 : rest == "万元" ? 1e4 : 1e8);
  } else if (rest == "%") {
    q.kind = QuantityKind::percent;
  } else if (rest == "分") {
    q.kind = QuantityKind::score;
  } else {
    q.kind = rest.empty() ? QuantityKind::number : QuantityKind::count;
  }
  return q;
}

Span at(int block, int start, int row = -1, int col = -1) {
  return Span{block, row, col, start, start + 4, -1};
}

Mention mention(const std::string& subject, const std::string& text, int sentence, int clause, Span span,
                int year = 0) {
  Mention m;
  m.quantity = quantity(text);
  m.subject = subject;
  m.text = text;
  m.span = span;
  m.sentence = sentence;
  m.clause = clause;
  m.year = year;
  return m;
}

Figure figure(const std::string& field, const std::string& text, const std::string& label, Span span) {
  Figure f;
  f.field = field;
  f.quantity = quantity(text);
  f.label = label;
  f.text = text;
  f.span = span;
  f.rule = "test";
  return f;
}

Indicator indicator(const std::string& level2, const std::string& name, std::optional<double> weight,
                    std::optional<double> score, int row, int group = 0) {
  Indicator i;
  i.level1 = "产出指标";
  i.level2 = level2;
  i.name = name;
  i.weight = weight;
  i.score = score;
  i.group = group;
  i.span = Span{30, row, 2, 0, static_cast<int>(name.size()), -1};
  if (weight)
    i.weight_text = std::to_string(static_cast<int>(*weight)), i.weight_span = Span{30, row, 5, 0, 2, -1};
  if (score)
    i.score_text = std::to_string(static_cast<int>(*score)), i.score_span = Span{30, row, 6, 0, 2, -1};
  return i;
}

std::vector<Finding> of_kind(const std::vector<Finding>& findings, const std::string& kind) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.kind == kind) out.push_back(f);
  }
  return out;
}

bool evidence_contains(const Finding& finding, const std::string& needle) {
  for (const Evidence& e : finding.evidence) {
    if (e.text.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += f.kind + " [" + f.severity + "] " + f.message + "\n";
  return out;
}

const CheckConfig& config() {
  static const CheckConfig c = default_check_config();
  return c;
}

// ---------------------------------------------------------------------------------------------
// unit.magnitude

// Seed 004: "年初预算65万元，支出64.19万元。①禁毒社会化工作经费20万元，…19.19万元；②特殊违法犯罪人员收治
// 经费35元，…；③社区戒毒社区康复人员毛发验毒经费10元，…" in one table cell.
Report budget_cell_report(const std::string& second, const std::string& third) {
  Report r;
  r.meta.year = 2022;
  r.meta.kind = "department";
  const int block = 3, row = 4, col = 2;
  r.mentions = {mention("年初预算", "65万元", 10, 0, at(block, 4, row, col)),
                mention("支出", "64.19万元", 10, 1, at(block, 12, row, col)),
                mention("①禁毒社会化工作经费", "20万元", 11, 0, at(block, 30, row, col)),
                mention("用于禁毒预防宣传教育、办公、差旅费", "19.19万元", 11, 1, at(block, 60, row, col)),
                mention("②特殊违法犯罪人员收治经费", second, 11, 2, at(block, 90, row, col)),
                mention("③社区戒毒社区康复人员毛发验毒经费", third, 11, 4, at(block, 140, row, col))};
  r.figures = {figure("budget.initial", "65万元", "年初预算", at(block, 4, row, col)),
               figure("funds.executed", "64.19万元", "支出", at(block, 12, row, col))};
  return r;
}

TEST(CheckUnitMagnitude, PartsAddUpOnlyInWanYuan) {
  const Report report = budget_cell_report("35元", "10元");
  const auto findings = of_kind(check_report(report, config()), "unit.magnitude");
  ASSERT_EQ(findings.size(), 2u) << describe(findings);
  EXPECT_TRUE(evidence_contains(findings[0], "35元"));
  EXPECT_TRUE(evidence_contains(findings[1], "10元"));
  for (const Finding& f : findings) {
    EXPECT_EQ(f.severity, "error");
    EXPECT_EQ(f.rule, "unit.magnitude.sum");
    EXPECT_EQ(f.expected_unit, "万元");
    EXPECT_NE(f.message.find("万元"), std::string::npos);
    EXPECT_EQ(f.evidence.front().span, f.evidence.front().span);
  }
  EXPECT_DOUBLE_EQ(*findings[0].expected, 35);
  EXPECT_DOUBLE_EQ(*findings[1].expected, 10);
  EXPECT_EQ(findings[0].evidence.front().span, report.mentions[4].span);
}

TEST(CheckUnitMagnitude, ConsistentUnitsAreQuiet) {
  const Report report = budget_cell_report("35万元", "10万元");
  EXPECT_TRUE(of_kind(check_report(report, config()), "unit.magnitude").empty());
}

TEST(CheckUnitMagnitude, UnitPricesAndSmallAmountsWithoutEvidenceAreQuiet) {
  // Seed 000's 成本指标 sentence: "人均培训132元/天，举办主题活动单位成本2万元，资助…共计42万元".
  Report report;
  report.mentions = {mention("人均培训", "132元/天", 5, 0, at(7, 4)),
                     mention("举办主题活动单位成本", "2万元", 5, 1, at(7, 20)),
                     mention("资助17家禁毒成员单位共计", "42万元", 5, 2, at(7, 40))};
  report.mentions[0].quantity = quantity("132元");
  // One 万元 peer only: "每人补助500元" beside a 200万元 budget is not enough to call it absurd.
  report.mentions.push_back(mention("项目总资金", "200万元", 9, 0, at(8, 4)));
  report.mentions.push_back(mention("发放困难家庭补助", "500元", 9, 1, at(8, 20)));
  EXPECT_TRUE(of_kind(check_report(report, config()), "unit.magnitude").empty());
}

TEST(CheckUnitMagnitude, AbsurdBesidePeersIsAWarning) {
  // No stated total, but 35元 sits among 万元 amounts a thousand times larger in its sentence.
  Report report;
  report.mentions = {mention("宣传经费", "20万元", 4, 0, at(2, 4)),
                     mention("培训经费", "19.19万元", 4, 1, at(2, 20)),
                     mention("收治经费", "35元", 4, 2, at(2, 40))};
  const auto findings = of_kind(check_report(report, config()), "unit.magnitude");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].severity, "warning");
  EXPECT_EQ(findings[0].rule, "unit.magnitude.absurd");
  EXPECT_TRUE(evidence_contains(findings[0], "35元"));
}

// ---------------------------------------------------------------------------------------------
// sum.mismatch

// Seed 002 report 4: 成本指标 cell "30.0万元\n13.9万元\n28.8万元" in a 73.6万元 project.
Report cost_report(const std::string& target) {
  Report r;
  r.meta.kind = "project";
  r.figures = {figure("budget.initial", "73.6", "年初预算数", at(20, 0, 2, 2)),
               figure("budget.full_year", "73.6", "全年预算数", at(20, 0, 2, 3)),
               figure("funds.executed", "73.6", "全年执行数", at(20, 0, 2, 4))};
  for (Figure& f : r.figures) {
    f.quantity.kind = QuantityKind::money;
    f.quantity.unit = "万元";
    f.quantity.unit_implied = true;
    f.quantity.yuan = 736000;
  }
  Indicator cost = indicator("成本指标", "在册吸毒人员毛发检测", 10, 10, 20);
  cost.target = target;
  cost.actual = "";
  r.indicators = {cost};
  return r;
}

TEST(CheckSumMismatch, CostIndicatorPartsAgainstBudget) {
  const auto findings =
      of_kind(check_report(cost_report("30.0万元\n13.9万元\n28.8万元"), config()), "sum.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule, "sum.mismatch.cost");
  EXPECT_EQ(findings[0].severity, "error");
  EXPECT_TRUE(evidence_contains(findings[0], "30.0万元"));
  EXPECT_TRUE(evidence_contains(findings[0], "28.8万元"));
  EXPECT_DOUBLE_EQ(*findings[0].expected, 73.6);
  EXPECT_NE(findings[0].message.find("72.7万元"), std::string::npos) << findings[0].message;
}

TEST(CheckSumMismatch, CostIndicatorThatAddsUpOrHasOneAmountIsQuiet) {
  EXPECT_TRUE(
      of_kind(check_report(cost_report("30.0万元\n14.8万元\n28.8万元"), config()), "sum.mismatch").empty());
  EXPECT_TRUE(of_kind(check_report(cost_report("73.6万元"), config()), "sum.mismatch").empty());
  // Unit costs are not parts of the budget.
  EXPECT_TRUE(of_kind(check_report(cost_report("132元/天\n2万元"), config()), "sum.mismatch").empty());
}

// The narrative and the 自评表 each state 预算, 执行数 and 执行率, each consistent in itself, with
// two 执行数: each rate is held to its own place's amounts (no rate.mismatch), and the two 执行数
// are one value.conflict quoting both.
TEST(CheckRateMismatch, EachRateAgainstItsOwnPlacesAmountsAndTheirConflictOnce) {
  Report r;
  r.meta.year = 2023;
  r.figures = {figure("budget.full_year", "50万元", "全年预算数", at(5, 4)),
               figure("funds.executed", "45万元", "全年执行数", at(5, 20)),
               figure("rate.execution", "90%", "预算执行率", at(5, 40)),
               figure("budget.full_year", "50万元", "年度资金总额", at(12, 0, 2, 2)),
               figure("funds.executed", "48万元", "年度资金总额", at(12, 0, 2, 3)),
               figure("rate.execution", "96%", "年度资金总额", at(12, 0, 2, 5))};
  const auto findings = check_report(r, config());
  EXPECT_TRUE(of_kind(findings, "rate.mismatch").empty()) << describe(findings);
  const auto conflicts = of_kind(findings, "value.conflict");
  ASSERT_EQ(conflicts.size(), 1u) << describe(findings);
  EXPECT_EQ(conflicts[0].rule, "value.conflict.figure");
  EXPECT_TRUE(evidence_contains(conflicts[0], "45万元"));
  EXPECT_TRUE(evidence_contains(conflicts[0], "48万元"));
  // The table's own rate wrong against its own row: reported, against the row's amounts.
  r.figures[5] = figure("rate.execution", "98%", "年度资金总额", at(12, 0, 2, 5));
  const auto wrong = of_kind(check_report(r, config()), "rate.mismatch");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_NEAR(*wrong[0].expected, 96, 1e-9);
  // A sentence dated to another year ("2022年全年执行数…", a comparison) states no value of this one.
  {
    Report other_year = r;
    other_year.figures[5] = figure("rate.execution", "96%", "年度资金总额", at(12, 0, 2, 5));
    other_year.mentions.push_back(mention("全年执行数", "45万元", 1, 1, at(5, 20), 2022));
    EXPECT_TRUE(of_kind(check_report(other_year, config()), "value.conflict").empty());
  }
  // Equal as written (48 and 48.00), 0 (a total row left 0) and 10⁴ apart (a unit slip) are no conflict.
  for (const char* other : {"48.00万元", "0", "480000万元"}) {
    Report same = r;
    same.figures[4] = figure("funds.executed", other, "年度资金总额", at(12, 0, 2, 3));
    same.figures[1] = figure("funds.executed", "48万元", "全年执行数", at(5, 20));
    EXPECT_TRUE(of_kind(check_report(same, config()), "value.conflict").empty()) << other;
  }
}

// Seed 001: "2024年项目支出总计199.99万元，开展部门绩效评价的4个项目涉及金额176.75万元，具体为：禁毒科普
// 教育基地9万元，社区戒毒（康复）工作30万元，检毒经费45.85万元，安排禁毒工作经费91.9万元。"
Report project_list_report(const std::string& third_part) {
  Report r;
  r.meta.year = 2024;
  r.mentions = {mention("2024年项目支出总计", "199.99万元", 40, 0, at(12, 10), 2024),
                mention("评价的4个项目涉及金额", "176.75万元", 40, 1, at(12, 40)),
                mention("禁毒科普教育基地", "9万元", 40, 3, at(12, 60)),
                mention("社区戒毒（康复）工作", "30万元", 40, 4, at(12, 80)),
                mention("检毒经费", third_part, 40, 5, at(12, 100)),
                mention("安排禁毒工作经费", "91.9万元", 40, 6, at(12, 120))};
  return r;
}

TEST(CheckSumMismatch, SentenceListThatAddsUpIsQuiet) {
  // 9 + 30 + 45.85 + 91.9 = 176.75: the seed's own list is consistent.
  EXPECT_TRUE(of_kind(check_report(project_list_report("45.85万元"), config()), "sum.mismatch").empty());
}

TEST(CheckSumMismatch, SentenceListAgainstStatedTotal) {
  const auto findings = of_kind(check_report(project_list_report("45.75万元"), config()), "sum.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule, "sum.mismatch.list");
  EXPECT_EQ(findings[0].severity, "error");  // 0.1万元 is over the minor gap
  EXPECT_TRUE(evidence_contains(findings[0], "176.75万元"));
  EXPECT_EQ(findings[0].evidence.size(), 5u);
  EXPECT_NEAR(*findings[0].expected, 176.65, 1e-9);
  EXPECT_EQ(findings[0].expected_unit, "万元");
}

TEST(CheckSumMismatch, RoundedTwoDecimalPartsAreQuiet) {
  // Three thirds of 100万元 written to 0.01万元 add up to 99.99: rounding, not an error.
  Report r;
  r.mentions = {mention("项目总资金", "100万元", 3, 0, at(1, 0)),
                mention("其中一期", "33.33万元", 3, 1, at(1, 10)),
                mention("二期", "33.33万元", 3, 2, at(1, 20)), mention("三期", "33.33万元", 3, 3, at(1, 30))};
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty());
  // A gap just over the tolerance is a minor (warning) mismatch.
  r.mentions[3] = mention("三期", "33.30万元", 3, 3, at(1, 30));
  const auto findings = of_kind(check_report(r, config()), "sum.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].severity, "warning");
}

TEST(CheckSumMismatch, FollowingAmountsThatAreNotPartsAreQuiet) {
  // Seed 000: "资助17家禁毒成员单位共计42万元，制作宣传品10万元，APP制作4.48万元，…" — 共计 closes its own
  // item; the amounts after it are the next items, far from 42.
  Report r;
  r.mentions = {mention("资助17家禁毒成员单位共计", "42万元", 8, 2, at(4, 0)),
                mention("制作宣传品", "10万元", 8, 3, at(4, 10)),
                mention("APP制作", "4.48万元", 8, 4, at(4, 20)),
                mention("制作禁毒专题片", "3.96万元", 8, 5, at(4, 30)),
                mention("36名禁毒专干配备服装费", "5.38万元", 8, 6, at(4, 40)),
                mention("日常运行经费", "25.9万元", 8, 7, at(4, 50))};
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty());
}

Report expenditure_report(const std::string& project) {
  Report r;
  r.meta.year = 2023;
  r.figures = {figure("expenditure.total", "3920.05万元", "决算总支出", at(9, 20)),
               figure("expenditure.basic", "3203.43万元", "基本支出", at(9, 40)),
               figure("expenditure.project", project, "项目支出", at(9, 60))};
  r.mentions = {mention("2023年度部门决算总支出", "3920.05万元", 14, 0, at(9, 20), 2023),
                mention("其中：基本支出", "3203.43万元", 14, 1, at(9, 40)),
                mention("项目支出", project, 14, 2, at(9, 60))};
  return r;
}

TEST(CheckSumMismatch, FieldIdentities) {
  EXPECT_TRUE(of_kind(check_report(expenditure_report("716.62万元"), config()), "sum.mismatch").empty());
  EXPECT_TRUE(of_kind(check_report(expenditure_report("716.63万元"), config()), "sum.mismatch").empty());
  const auto findings = of_kind(check_report(expenditure_report("716.52万元"), config()), "sum.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);  // the sentence list does not repeat it
  EXPECT_EQ(findings[0].rule, "sum.mismatch.fields");
  EXPECT_NEAR(*findings[0].expected, 3919.95, 1e-6);
  EXPECT_TRUE(evidence_contains(findings[0], "716.52万元"));
}

// "部门支出合计2,860万元，较上年减少140万元，下降4.67%，其中基本支出1,320万元，项目支出1,540万元": the
// change against last year is neither a part of the total nor a total of the parts after it.
TEST(CheckSumMismatch, ChangesAgainstAnotherYearAreNeitherTotalsNorParts) {
  Report r;
  r.mentions = {mention("2023年度部门支出合计", "2860万元", 5, 0, at(2, 0)),
                mention("较上年减少", "140万元", 5, 1, at(2, 20)),
                mention("其中基本支出", "1320万元", 5, 3, at(2, 40)),
                mention("项目支出", "1540万元", 5, 4, at(2, 60))};
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty())
      << describe(check_report(r, config()));
  r.mentions[3] = mention("项目支出", "1500万元", 5, 4, at(2, 60));
  const auto findings = of_kind(check_report(r, config()), "sum.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_TRUE(evidence_contains(findings[0], "2860万元"));
  EXPECT_FALSE(evidence_contains(findings[0], "140万元"));
}

// "项目全年预算80万元，全年支出72.4万元，其中支付上年度合同尾款6.2万元": the spending read as funds.executed
// is not a part of the budget, so 72.4 + 6.2 is no list of its parts.
TEST(CheckSumMismatch, SpendingAfterABudgetEndsItsList) {
  Report r;
  r.mentions = {mention("项目全年预算", "80万元", 6, 0, at(3, 0)),
                mention("全年支出", "72.4万元", 6, 1, at(3, 20)),
                mention("其中支付上年度合同尾款", "6.2万元", 6, 2, at(3, 40))};
  r.figures = {figure("budget.full_year", "80万元", "全年预算", at(3, 0))};
  EXPECT_EQ(of_kind(check_report(r, config()), "sum.mismatch").size(), 1u);  // read as parts: 78.6 ≠ 80
  r.figures.push_back(figure("funds.executed", "72.4万元", "全年支出", at(3, 20)));
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty())
      << describe(check_report(r, config()));
}

// "收入总计1560万元，其中：财政拨款收入1420万元，其他收入60万元，年初结转和结余80万元": the total's own
// sentence names a part outside income.total = income.fiscal + income.other, and adds up.
TEST(CheckSumMismatch, AnIdentityWhoseTotalsSentenceAddsUpWithAnotherPartIsQuiet) {
  auto income = [](const std::string& carryover) {
    Report r;
    r.figures = {figure("income.total", "1560万元", "收入总计", at(7, 0)),
                 figure("income.fiscal", "1420万元", "财政拨款收入", at(7, 20)),
                 figure("income.other", "60万元", "其他收入", at(7, 40))};
    r.mentions = {mention("2023年度收入总计", "1560万元", 9, 0, at(7, 0)),
                  mention("其中：财政拨款收入", "1420万元", 9, 1, at(7, 20)),
                  mention("其他收入", "60万元", 9, 2, at(7, 40)),
                  mention("年初结转和结余", carryover, 9, 3, at(7, 60))};
    return r;
  };
  EXPECT_TRUE(of_kind(check_report(income("80万元"), config()), "sum.mismatch").empty());
  EXPECT_EQ(of_kind(check_report(income("70万元"), config()), "sum.mismatch").size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// rate.mismatch

Report execution_report(const std::string& rate) {
  Report r;
  r.meta.year = 2024;
  r.figures = {figure("budget.initial", "165.69万元", "年初预算", at(10, 20)),
               figure("funds.allocated", "165.69万元", "实际下达", at(10, 40)),
               figure("rate.arrival", "100%", "到位率", at(11, 10)),
               figure("funds.executed", "128.35万元", "累计支出", at(14, 30)),
               figure("rate.execution", rate, "预算执行率", at(14, 50))};
  return r;
}

TEST(CheckRateMismatch, ExecutionRateAgainstItsRatio) {
  EXPECT_TRUE(of_kind(check_report(execution_report("77.46%"), config()), "rate.mismatch").empty());
  EXPECT_TRUE(of_kind(check_report(execution_report("77.5%"), config()), "rate.mismatch").empty());
  const auto findings = of_kind(check_report(execution_report("78.46%"), config()), "rate.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule, "rate.mismatch.rate.execution");
  EXPECT_NEAR(*findings[0].expected, 77.46, 1e-9);
  EXPECT_EQ(findings[0].evidence.size(), 3u);
}

// 执行率(B/A) printed as a ratio, "0.77": a whole-percent rate, allowed half a point of rounding.
TEST(CheckRateMismatch, ARateWrittenAsARatioHasTheToleranceOfAWholePercent) {
  auto as_ratio = [](const std::string& written, double percent) {
    Report r = execution_report("77.46%");
    r.figures.back().text = written;
    r.figures.back().quantity.value = percent;
    return r;
  };
  EXPECT_TRUE(of_kind(check_report(as_ratio("0.77", 77), config()), "rate.mismatch").empty());
  EXPECT_EQ(of_kind(check_report(as_ratio("0.78", 78), config()), "rate.mismatch").size(), 1u);
  EXPECT_EQ(of_kind(check_report(as_ratio("0.7700", 77), config()), "rate.mismatch").size(), 1u);
}

// The same wrong rate in the prose and in the table is one finding that quotes both places; a
// second rate that is wrong otherwise is a finding of its own.
TEST(CheckRateMismatch, TheSameWrongRateWrittenTwiceIsOneFindingWithBothPlaces) {
  Report r = execution_report("78.46%");
  r.figures.push_back(figure("rate.execution", "78.46%", "执行率", at(30, 0, 2, 6)));
  auto findings = of_kind(check_report(r, config()), "rate.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].evidence.size(), 4u);
  EXPECT_EQ(findings[0].evidence.back().span, at(30, 0, 2, 6));
  r.figures.push_back(figure("rate.execution", "80%", "执行率", at(40, 0, 2, 6)));
  findings = of_kind(check_report(r, config()), "rate.mismatch");
  EXPECT_EQ(findings.size(), 2u) << describe(findings);
}

// Seed 001: "2024年决算总支出276.10万元，基本支出76.11万元，占27.57%；项目支出199.99万元，占72.43%。"
Report share_report(const std::string& basic_share) {
  Report r;
  r.meta.year = 2024;
  r.mentions = {
      mention("2024年决算总支出", "276.10万元", 31, 0, at(20, 60), 2024),
      mention("基本支出", "76.11万元", 31, 1, at(20, 80)), mention("占", basic_share, 31, 2, at(20, 90)),
      mention("项目支出", "199.99万元", 31, 3, at(20, 100)), mention("占", "72.43%", 31, 4, at(20, 110))};
  return r;
}

TEST(CheckRateMismatch, SharesInOneSentence) {
  EXPECT_TRUE(of_kind(check_report(share_report("27.57%"), config()), "rate.mismatch").empty());
  const auto findings = of_kind(check_report(share_report("28.57%"), config()), "rate.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule, "rate.mismatch.share");
  EXPECT_NEAR(*findings[0].expected, 27.57, 1e-9);
  EXPECT_TRUE(evidence_contains(findings[0], "28.57%"));
  EXPECT_TRUE(evidence_contains(findings[0], "276.10万元"));
}

TEST(CheckRateMismatch, ShareOfANamedTotal) {
  // Seed 001: "政府采购支出总额180.7万元…授予中小企业合同金额180.7万元，占政府采购支出总额的100%，其中:授予
  // 小微企业合同金额165万元，占政府采购支出总额的91.31%。"
  Report r;
  r.mentions = {mention("本部门2024年度政府采购支出总额", "180.7万元", 50, 0, at(30, 10), 2024),
                mention("授予中小企业合同金额", "180.7万元", 52, 0, at(30, 90)),
                mention("占政府采购支出总额的", "100%", 52, 1, at(30, 100)),
                mention("授予小微企业合同金额", "165万元", 52, 3, at(30, 120)),
                mention("占政府采购支出总额的", "91.31%", 52, 4, at(30, 140))};
  EXPECT_TRUE(of_kind(check_report(r, config()), "rate.mismatch").empty());
  r.mentions[4] = mention("占政府采购支出总额的", "93.31%", 52, 4, at(30, 140));
  const auto findings = of_kind(check_report(r, config()), "rate.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_NEAR(*findings[0].expected, 91.31, 1e-9);
  // A whole-number share may be off by half a point from rounding alone: 165/180.7 = 91.31% ≈ 91%.
  r.mentions[4] = mention("占政府采购支出总额的", "91%", 52, 4, at(30, 140));
  EXPECT_TRUE(of_kind(check_report(r, config()), "rate.mismatch").empty());
}

// ---------------------------------------------------------------------------------------------
// score.sum / score.over / score.missing

// Seed 002: fund row 得分 10, nine indicators of 分值 10 (one merged pair), 总分 100 / 得分 99.
Report self_evaluation(std::optional<double> timeliness_score, const std::string& declared) {
  Report r;
  r.meta.kind = "project";
  r.meta.year = 2023;
  r.figures = {figure("budget.initial", "6万元", "年初预算数", at(20, 0, 2, 2)),
               figure("budget.full_year", "6万元", "全年预算数", at(20, 0, 2, 3)),
               figure("funds.executed", "6万元", "全年执行数", at(20, 0, 2, 4)),
               figure("score.fund", "10分", "得分", at(20, 0, 2, 7)),
               figure("score.max", "100分", "总分", at(30, 0, 40, 1)),
               figure("score.total", declared, "总分", at(30, 0, 40, 2))};
  r.indicators = {indicator("数量指标", "对在册吸毒人员开展毒品毛发检测。", 10, 10, 3, 1),
                  indicator("数量指标", "开展城市污水溯源监测", std::nullopt, std::nullopt, 4, 1),
                  indicator("质量指标", "按照上级要求完成任务。", 10, 10, 6),
                  indicator("时效指标", "", 10, timeliness_score, 9, 2),
                  indicator("时效指标", "按照上级要求及时完成任务。", std::nullopt, std::nullopt, 10, 2),
                  indicator("成本指标", "在册吸毒人员毛发检测", 10, 10, 12),
                  indicator("经济效益指标", "现有吸毒人员减少，相关消耗减少", 10, 10, 15),
                  indicator("社会效益指标", "对各辖区吸毒人员和公职人员进行毛发检测", 10, 10, 16),
                  indicator("环境效益指标", "现有吸毒人员减少，减少污水相关含量", 10, 10, 17),
                  indicator("可持续影响指标", "在册吸毒人员毛发检测，有效管控吸毒人员。", 10, 9, 18),
                  indicator("服务对象满意度指标", "在册吸毒人员满意", 10, 10, 19)};
  r.indicators.back().level1 = "满意度指标";
  // The 执行率 cell is filled in these tests (a blank one is its own case below).
  r.figures.push_back(figure("rate.execution", "100%", "执行率", at(20, 0, 2, 6)));
  return r;
}

TEST(CheckScores, FundScorePlusIndicatorScoresMatchDeclaredTotal) {
  // 10 + 89 = 99: the fund row counts, the merged pair counts once.
  const auto findings = check_report(self_evaluation(10, "99分"), config());
  EXPECT_TRUE(of_kind(findings, "score.sum").empty()) << describe(findings);
  EXPECT_TRUE(of_kind(findings, "score.missing").empty()) << describe(findings);
  EXPECT_TRUE(of_kind(findings, "score.over").empty()) << describe(findings);
}

// R4's second half: a level's printed points against its indicators' weights. A second level is
// held both ways; a first level only when its weights go above (a second level printing its points
// with no indicator row under it, as real 07's 服务对象满意度指标（10分）, leaves it short).
TEST(CheckScores, ALevelsPrintedPointsAgainstItsIndicatorsWeights) {
  auto table = [](double quantity_weight, double second_weight) {
    Report r;
    r.indicators = {indicator("数量指标（20分）", "养护里程", quantity_weight, quantity_weight, 3),
                    indicator("数量指标（20分）", "新建桥梁", 10, 10, 4),
                    indicator("质量指标", "验收合格率", second_weight, second_weight, 5)};
    for (Indicator& i : r.indicators) i.level1 = "产出指标（40分）";
    return r;
  };
  auto block_findings = [](const Report& r) {
    std::vector<Finding> out;
    for (const Finding& f : check_report(r, config()))
      if (f.rule == "score.weights.block") out.push_back(f);
    return out;
  };
  EXPECT_TRUE(block_findings(table(10, 20)).empty());
  const auto second = block_findings(table(5, 25));  // 数量指标 15 of its 20; 产出指标 still 40
  ASSERT_EQ(second.size(), 1u) << describe(second);
  EXPECT_NE(second[0].message.find("数量指标（20分）"), std::string::npos) << second[0].message;
  EXPECT_EQ(second[0].kind, "score.sum");
  EXPECT_EQ(second[0].severity, "warning");
  EXPECT_EQ(block_findings(table(10, 25)).size(), 1u);  // 产出指标 45 over its 40
  EXPECT_TRUE(block_findings(table(10, 15)).empty());   // 35 under 40: a point-only level may hold the rest
  Report unweighted = table(5, 25);
  unweighted.indicators[1].weight.reset();  // a level with an unweighted line is not judged
  EXPECT_TRUE(block_findings(unweighted).empty()) << describe(block_findings(unweighted));
}

// Scores with two decimals (5.73 = 6 × 95.5%) under a total printed with one: 97.2 for 97.23.
TEST(CheckScores, ATotalPrintedWithOneDecimalRoundsTheScores) {
  auto with_fund_score = [](const std::string& fund_score, const std::string& declared) {
    Report r = self_evaluation(10, declared);
    for (Figure& f : r.figures)
      if (f.field == "score.fund") f.quantity = quantity(fund_score), f.text = fund_score;
    return r;
  };
  EXPECT_TRUE(of_kind(check_report(with_fund_score("9.73分", "98.7分"), config()), "score.sum").empty());
  EXPECT_TRUE(of_kind(check_report(with_fund_score("9.77分", "98.8分"), config()), "score.sum").empty());
  EXPECT_EQ(of_kind(check_report(with_fund_score("9.73分", "98.70分"), config()), "score.sum").size(), 1u);
  EXPECT_EQ(of_kind(check_report(with_fund_score("9.73分", "98.6分"), config()), "score.sum").size(), 1u);
}

TEST(CheckScores, DeclaredTotalAboveTheScores) {
  // Seed 002 report 4: 时效指标 has no 得分, so 10 + 79 = 89 against the declared 99.
  const auto findings = check_report(self_evaluation(std::nullopt, "99分"), config());
  const auto sums = of_kind(findings, "score.sum");
  ASSERT_EQ(sums.size(), 1u) << describe(findings);
  EXPECT_TRUE(evidence_contains(sums[0], "99"));
  EXPECT_NEAR(*sums[0].expected, 89, 1e-9);
  EXPECT_EQ(sums[0].expected_unit, "分");
  // The gap is exactly the blank score's weight: the missing finding carries the warning.
  EXPECT_EQ(sums[0].severity, "info");
  ASSERT_EQ(of_kind(findings, "score.missing").size(), 1u);
  // A gap that no blank explains is an error.
  const auto wrong = of_kind(check_report(self_evaluation(10, "97分"), config()), "score.sum");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_EQ(wrong[0].severity, "error");
  EXPECT_NEAR(*wrong[0].expected, 99, 1e-9);
}

// Seed 003: department indicator table, 权重 and 得分; 部门预算执行率 has 权重 2 and no 得分.
Report department_scores(std::optional<double> execution_score, double innovation_score) {
  Report r;
  r.meta.kind = "department";
  r.meta.year = 2023;
  r.figures = {figure("score.total", "98分", "自评价综合得分", at(40, 30)),
               figure("score.max", "100", "合计", at(60, 0, 38, 4)),
               figure("score.total", "98", "合计", at(60, 0, 38, 5))};
  r.indicators.push_back(indicator("决策机制", "决策制度的科学性", 20, 20, 1));
  r.indicators.push_back(indicator("预算执行", "部门预算执行率", 2, execution_score, 10));
  r.indicators.push_back(indicator("预算执行", "专项资金执行率", 33, 32, 11));
  r.indicators.push_back(indicator("社会影响", "戒毒康复率", 35, 35, 29));
  r.indicators.push_back(indicator("部门创新", "部门创新情况", 10, innovation_score, 37));
  return r;
}

TEST(CheckScores, WeightWithoutScore) {
  const auto findings = check_report(department_scores(std::nullopt, 9), config());
  const auto missing = of_kind(findings, "score.missing");
  ASSERT_EQ(missing.size(), 1u) << describe(findings);
  EXPECT_EQ(missing[0].severity, "warning");
  EXPECT_TRUE(evidence_contains(missing[0], "部门预算执行率"));
  EXPECT_NE(missing[0].message.find("部门预算执行率"), std::string::npos);
  // 96 + the blank 2 = 98: the sum finding is only informational, and given once per distinct total.
  const auto sums = of_kind(findings, "score.sum");
  ASSERT_EQ(sums.size(), 1u) << describe(findings);
  EXPECT_EQ(sums[0].severity, "info");
  EXPECT_EQ(sums[0].evidence.front().text, "98分");
}

TEST(CheckScores, CompleteDepartmentTableIsQuiet) {
  const auto findings = check_report(department_scores(2, 9), config());
  EXPECT_TRUE(findings.empty()) << describe(findings);
}

TEST(CheckScores, ScoreAboveWeight) {
  const auto findings = check_report(department_scores(3, 8), config());
  const auto over = of_kind(findings, "score.over");
  ASSERT_EQ(over.size(), 1u) << describe(findings);
  EXPECT_EQ(over[0].severity, "error");
  EXPECT_NEAR(*over[0].expected, 2, 1e-9);
  EXPECT_TRUE(evidence_contains(over[0], "部门预算执行率"));
}

TEST(CheckScores, WeightsAgainstMaximum) {
  Report r = department_scores(2, 9);
  r.indicators[2].weight = 30;  // weights now add up to 97 against 总分 100
  r.indicators[2].score = 30;
  r.figures[0].quantity.value = 96;
  r.figures[2].quantity.value = 96;
  const auto sums = of_kind(check_report(r, config()), "score.sum");
  ASSERT_EQ(sums.size(), 1u) << describe(sums);
  EXPECT_EQ(sums[0].rule, "score.weights");
  EXPECT_NEAR(*sums[0].expected, 97, 1e-9);
}

// No 总分 分值 printed: the family of fields.toml known by the execution row's 分值 says what the
// indicator weights add up to (A: 10 + 90, B: 20 + 80, C: the rate among 100 of indicators).
Report family_table(std::optional<double> execution_points, std::vector<double> weights) {
  Report r;
  if (execution_points)
    r.figures.push_back(figure("weight.fund", std::to_string(static_cast<int>(*execution_points)) + "分",
                               "年度资金总额", at(30, 0, 1, 4)));
  int row = 3;
  for (double w : weights)
    r.indicators.push_back(indicator("数量指标", "指标" + std::to_string(row), w, w, row)), ++row;
  return r;
}

TEST(CheckScores, WeightsAboveWhatTheFormFamilyAllows) {
  auto family_findings = [](const Report& r, const CheckConfig& c = config()) {
    std::vector<Finding> out;
    for (const Finding& f : check_report(r, c))
      if (f.rule == "score.weights.family") out.push_back(f);
    return out;
  };
  const auto a = family_findings(family_table(10, {40, 30, 25}));  // 95 > 90
  ASSERT_EQ(a.size(), 1u);
  EXPECT_NEAR(*a[0].expected, 90, 1e-9);
  EXPECT_NE(a[0].message.find("预算执行10分"), std::string::npos) << a[0].message;
  EXPECT_EQ(a[0].evidence.size(), 4u);  // the 分值 of the execution row and of each indicator
  const auto b = family_findings(family_table(20, {40, 30, 15}));  // 85 > 80
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NEAR(*b[0].expected, 80, 1e-9);
  EXPECT_EQ(family_findings(family_table(std::nullopt, {60, 45})).size(), 1u);  // C: 105 > 100
  // Weights that fit, or fall short (a table read in part), and a scheme no family has: quiet.
  EXPECT_TRUE(family_findings(family_table(10, {50, 30, 10})).empty());
  EXPECT_TRUE(family_findings(family_table(20, {40, 30})).empty());
  EXPECT_TRUE(family_findings(family_table(15, {90})).empty());
  // A printed 总分 分值 decides instead (score.weights).
  Report with_max = family_table(10, {40, 30, 25});
  with_max.figures.push_back(figure("score.max", "100分", "总分", at(30, 0, 20, 4)));
  EXPECT_TRUE(family_findings(with_max).empty());
  // The families are data: a vocabulary whose family A gives the indicators 95 points.
  std::ifstream in(JIXIAO_SOURCE_DIR "/rules/fields.toml", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string family_a = "execution_points = 10\nindicator_points = 90\n";
  ASSERT_NE(text.find(family_a), std::string::npos);
  text.replace(text.find(family_a), family_a.size(),
               "execution_points = 10\nindicator_points = 95\ntotal = 105\n");
  auto vocabulary = Vocabulary::parse(text, "fields.toml");
  ASSERT_TRUE(vocabulary.ok()) << vocabulary.error().describe();
  CheckConfig edited = config();
  edited.vocabulary = *vocabulary;
  EXPECT_TRUE(family_findings(family_table(10, {40, 30, 25}), edited).empty());
}

// A totals row whose 分值 is the indicators' weights alone (合计 90 under a fund row of 10 points)
// totals the indicators: its 得分 is their sum, not the fund row's added. One whose 分值 is the
// form's 100 with the indicators' 得分 alone has left the fund row out, and is reported.
TEST(CheckScores, ATotalsRowOfTheIndicatorsAloneIsNotTheFormsTotal) {
  auto with_totals = [](double max, double total) {
    Report r = family_table(10, {50, 40});
    r.indicators[1].score = 38;
    r.figures.push_back(figure("score.fund", "9.5", "年度资金总额", at(30, 0, 1, 6)));
    r.figures.push_back(figure("score.max", std::to_string(max), "合计", at(30, 0, 20, 5)));
    r.figures.push_back(figure("score.total", std::to_string(total), "合计", at(30, 0, 20, 6)));
    return of_kind(check_report(r, config()), "score.sum");
  };
  EXPECT_TRUE(with_totals(90, 88).empty()) << describe(with_totals(90, 88));
  EXPECT_TRUE(with_totals(100, 97.5).empty()) << describe(with_totals(100, 97.5));
  const auto left_out = with_totals(100, 88);
  ASSERT_EQ(left_out.size(), 1u) << describe(left_out);
  EXPECT_NEAR(*left_out[0].expected, 97.5, 1e-9);
  const auto wrong = with_totals(90, 86);
  ASSERT_EQ(wrong.size(), 1u) << describe(wrong);
  EXPECT_NEAR(*wrong[0].expected, 88, 1e-9);
}

TEST(CheckScores, BlankExecutionRateThatCanBeComputed) {
  Report r = self_evaluation(10, "99分");
  r.figures.pop_back();  // no 执行率
  const auto findings = check_report(r, config());
  const auto missing = of_kind(findings, "score.missing");
  ASSERT_EQ(missing.size(), 1u) << describe(findings);
  EXPECT_EQ(missing[0].severity, "info");
  EXPECT_EQ(missing[0].rule, "score.blank_rate");
  EXPECT_NEAR(*missing[0].expected, 100, 1e-9);
}

TEST(CheckScores, FundScoreAboveRateTimesWeight) {
  Report r = self_evaluation(10, "99分");
  r.figures.back() = figure("rate.execution", "77.46%", "执行率", at(20, 0, 2, 6));
  r.figures.push_back(figure("weight.fund", "10分", "分值", at(20, 0, 2, 5)));
  const auto over = of_kind(check_report(r, config()), "score.over");
  ASSERT_EQ(over.size(), 1u) << describe(over);
  EXPECT_EQ(over[0].severity, "warning");
  EXPECT_NEAR(*over[0].expected, 7.75, 1e-9);
  r.figures.back().quantity.value = 10;
  r.figures[3] = figure("score.fund", "7.75分", "得分", at(20, 0, 2, 7));
  r.figures[5].quantity.value = 96.75;  // keep the declared total consistent
  EXPECT_TRUE(of_kind(check_report(r, config()), "score.over").empty());
  EXPECT_TRUE(of_kind(check_report(r, config()), "score.unexplained").empty());
  // Below the formula: points the rule does not take, asked about (info).
  r.figures[3] = figure("score.fund", "6分", "得分", at(20, 0, 2, 7));
  r.figures[5].quantity.value = 95;
  const auto below = of_kind(check_report(r, config()), "score.unexplained");
  ASSERT_EQ(below.size(), 1u) << describe(check_report(r, config()));
  EXPECT_EQ(below[0].severity, "info");
  EXPECT_NEAR(*below[0].expected, 7.75, 1e-9);
}

// ---------------------------------------------------------------------------------------------
// value.conflict

TEST(CheckValueConflict, OneRateStatedTwice) {
  // Seed 000: 质量指标 "吸毒人员戒断三年巩固率97.89%", 社会效益 "戒断三年巩固率达到97.37%".
  Report r;
  r.meta.year = 2024;
  r.mentions = {mention("培训合格率", "100%", 20, 0, at(15, 8)),
                mention("吸毒人员戒断三年巩固率", "97.89%", 20, 1, at(15, 30)),
                mention("社区戒毒社区康复执行率均达到", "100%", 33, 4, at(24, 200)),
                mention("戒断三年巩固率达到", "97.37%", 33, 5, at(24, 230))};
  const auto findings = of_kind(check_report(r, config()), "value.conflict");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].severity, "warning");
  EXPECT_TRUE(evidence_contains(findings[0], "97.89%"));
  EXPECT_TRUE(evidence_contains(findings[0], "97.37%"));
  EXPECT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_NE(findings[0].message.find("戒断三年巩固率"), std::string::npos);
}

TEST(CheckValueConflict, OneAmountStatedTwice) {
  // Seed 001: "检毒经费45.85万元" in the list of four projects, "2024年财政年初预算检毒经费30万元" in item 3.
  Report r = project_list_report("45.85万元");
  r.mentions.push_back(mention("2024年财政安排预算禁毒科普教育基地", "9万元", 41, 0, at(13, 10), 2024));
  r.mentions.push_back(mention("2024年财政年初预算检毒经费", "30万元", 47, 0, at(15, 10), 2024));
  r.mentions.push_back(mention("财政安排预算内禁毒工作经费", "91.9万元", 50, 1, at(16, 10)));
  const auto findings = of_kind(check_report(r, config()), "value.conflict");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_NE(findings[0].message.find("检毒经费"), std::string::npos);
  EXPECT_TRUE(evidence_contains(findings[0], "45.85万元"));
  EXPECT_TRUE(evidence_contains(findings[0], "30万元"));
}

TEST(CheckValueConflict, TargetsRoundingAndChangesAreNotConflicts) {
  Report r;
  r.mentions = {// target vs actual
                mention("社戒社康人员满意度", "≥90%", 1, 0, at(1, 0)),
                mention("社戒社康人员满意度", "100%", 2, 0, at(2, 0)),
                mention("社区戒毒康复人员管控率", "95%以上", 3, 0, at(3, 0)),
                mention("实现社区戒毒康复人员管控率", "100%", 4, 0, at(4, 0)),
                // rounding
                mention("戒断三年巩固率", "97.9%", 5, 0, at(5, 0)),
                mention("戒断三年巩固率为", "97.89%", 6, 0, at(6, 0)),
                // a change within one sentence
                mention("戒断三年未复吸巩固率由去年的", "69.5%", 7, 0, at(7, 0)),
                mention("戒断三年未复吸巩固率", "74%", 7, 1, at(7, 20)),
                // different labels that share a short tail
                mention("预算执行率", "77.46%", 8, 0, at(8, 0)),
                mention("社区戒毒康复执行率", "100%", 9, 0, at(9, 0)),
                // different years
                mention("2020年污水毒品含量", "87毫克", 10, 0, at(10, 0), 2020),
                mention("2024年污水毒品含量", "15.8毫克", 11, 0, at(11, 0), 2024)};
  const auto findings = of_kind(check_report(r, config()), "value.conflict");
  EXPECT_TRUE(findings.empty()) << describe(findings);
}

// Two events told with one verb are two values, not one stated twice (found by running `check` on
// docx-wild, whose only two warnings were "这里用了两个" against "这里用了三个"); a stated quantity
// is still compared.
TEST(CheckValueConflict, EventsToldWithOneVerbAreNotConflicts) {
  Report r;
  r.mentions = {
      mention("本年度共举办了", "3期", 4, 0, at(4, 0)), mention("下半年又举办了", "2期", 9, 0, at(9, 0)),
      mention("这里用了", "2个", 12, 0, at(12, 0)),     mention("这里用了", "3个", 14, 0, at(14, 0)),
      mention("单位实有人数", "45人", 2, 0, at(2, 0)),  mention("单位实有人数为", "47人", 6, 0, at(6, 0))};
  const auto findings = of_kind(check_report(r, config()), "value.conflict");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_TRUE(evidence_contains(findings[0], "45人"));
  EXPECT_TRUE(evidence_contains(findings[0], "47人"));
}

TEST(CheckValueConflict, BudgetAndFinalOfTheSameLabelAreNotConflicts) {
  // Seed 003: "部门预算数为3563.83万元，其中：基本支出2904.67万元" and
  // "决算总支出…其中：基本支出3203.43万元".
  Report r;
  r.mentions = {mention("其中：基本支出", "2904.67万元", 3, 1, at(5, 10)),
                mention("其中：基本支出", "3203.43万元", 9, 1, at(9, 10))};
  r.figures = {figure("budget.basic", "2904.67万元", "基本支出", at(5, 10)),
               figure("expenditure.basic", "3203.43万元", "基本支出", at(9, 10))};
  EXPECT_TRUE(of_kind(check_report(r, config()), "value.conflict").empty());
  // Even without the figures the label is too generic to compare.
  r.figures.clear();
  EXPECT_TRUE(of_kind(check_report(r, config()), "value.conflict").empty());
}

// ---------------------------------------------------------------------------------------------
// year.mismatch

// Seed 001: "常宁市社会化禁毒事务中心2023年决算收入合计276.10万元，其中：财政拨款收入276.10万元。
// 2024年决算总支出276.10万元，…" in a 2024 report.
Report income_report(int income_year) {
  Report r;
  r.meta.year = 2024;
  r.meta.kind = "department";
  const std::string y = std::to_string(income_year);
  r.mentions = {mention("禁毒事务中心" + y + "年决算收入合计", "276.10万元", 30, 0, at(20, 20), income_year),
                mention("其中：财政拨款收入", "276.10万元", 30, 1, at(20, 45)),
                mention("2024年决算总支出", "276.10万元", 31, 0, at(20, 60), 2024),
                mention("基本支出", "76.11万元", 31, 1, at(20, 80))};
  return r;
}

TEST(CheckYearMismatch, FigureOfAnotherYearBesideTheReportYear) {
  const auto findings = of_kind(check_report(income_report(2023), config()), "year.mismatch");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].evidence.front().text, "2023年决算收入合计276.10万元");
  EXPECT_EQ(findings[0].evidence.front().span, at(20, 20));
  EXPECT_TRUE(evidence_contains(findings[0], "2024年决算总支出"));
  EXPECT_NEAR(*findings[0].expected, 2024, 1e-9);
  EXPECT_TRUE(of_kind(check_report(income_report(2024), config()), "year.mismatch").empty());
}

// The same quantity stated for the report's year and for another beside it compares the two years:
// no slip of the year. A different quantity dated another year beside it still is one.
TEST(CheckYearMismatch, TheSameLabelForTwoYearsIsAComparison) {
  Report r;
  r.meta.year = 2023;
  r.mentions = {mention("本部门2023年度收入合计", "860万元", 3, 0, at(3, 10), 2023),
                mention("2022年度收入合计", "790万元", 4, 0, at(3, 60), 2022)};
  EXPECT_TRUE(of_kind(check_report(r, config()), "year.mismatch").empty());
  r.mentions[1] = mention("2022年度支出合计", "790万元", 4, 0, at(3, 60), 2022);
  EXPECT_EQ(of_kind(check_report(r, config()), "year.mismatch").size(), 1u);
}

TEST(CheckYearMismatch, CarryOverAndDistantFiguresAreQuiet) {
  Report r;
  r.meta.year = 2024;
  // Seed 001 item 4: "2024年，财政安排预算内禁毒工作经费91.9万元，全部为2023年结转预算内资金指标91.9万元".
  r.mentions = {mention("财政安排预算内禁毒工作经费", "91.9万元", 50, 1, at(16, 10)),
                mention("2024年预算安排", "100万元", 50, 2, at(16, 30), 2024),
                mention("全部为2023年结转预算内资金指标", "91.9万元", 50, 3, at(16, 50), 2023),
                // A 2023 budget with no 2024 figure within one sentence of it.
                mention("2023年预算", "80万元", 60, 0, at(18, 0), 2023),
                mention("2024年支出", "70万元", 63, 0, at(18, 90), 2024)};
  EXPECT_TRUE(of_kind(check_report(r, config()), "year.mismatch").empty());
}

// ---------------------------------------------------------------------------------------------
// Whole-report behaviour.

TEST(CheckReport, DisabledChecksAndStableOrder) {
  Report r = budget_cell_report("35元", "10元");
  const auto first = check_report(r, config());
  const auto second = check_report(r, config());
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].kind, second[i].kind);
    EXPECT_EQ(first[i].message, second[i].message);
    EXPECT_EQ(first[i].report, r.index);
  }
  CheckConfig off = config();
  off.unit_magnitude.check.enabled = false;
  EXPECT_TRUE(of_kind(check_report(r, off), "unit.magnitude").empty());
  CheckConfig quiet = config();
  quiet.unit_magnitude.check.severity = "info";
  for (const Finding& f : of_kind(check_report(r, quiet), "unit.magnitude")) EXPECT_EQ(f.severity, "info");
}

// ---------------------------------------------------------------------------------------------
// The config loader.

class CheckConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("jixiao_check_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& text) { std::ofstream(dir_ / "checks.toml") << text; }
  fs::path dir_;
};

TEST_F(CheckConfigFile, BuiltInDefaultEqualsRulesFile) {
  const auto loaded = load_check_config(JIXIAO_SOURCE_DIR "/rules");
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_TRUE(loaded.value() == default_check_config());
  // Read over an empty config too, so that a key missing from the file cannot hide behind the default.
  std::ifstream in(JIXIAO_SOURCE_DIR "/rules/checks.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto bare = parse_check_config(text, "rules/checks.toml", CheckConfig{});
  ASSERT_TRUE(bare.ok()) << bare.error().describe();
  EXPECT_TRUE(bare.value() == default_check_config());
  // The file really sets the lists (a default-constructed config has none).
  EXPECT_EQ(loaded.value().sum_mismatch.identities.size(), 4u);
  EXPECT_FALSE(loaded.value().value_conflict.leading_stop_words.empty());
  EXPECT_FALSE(loaded.value().year_mismatch.excuse_words.empty());
}

TEST_F(CheckConfigFile, SyntaxErrorNamesFileAndLine) {
  write("[unit_magnitude]\nenabled = true\nseverity = \"error\n");
  const auto loaded = load_check_config(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::rules);
  EXPECT_EQ(loaded.error().path, (dir_ / "checks.toml").string());
  EXPECT_EQ(loaded.error().line, 3);
}

TEST_F(CheckConfigFile, UnknownKeyWrongTypeAndBadSeverityAreErrors) {
  write("[sum_mismatch]\nenabled = true\ntolerance_per_prat = 0.01\n");
  auto loaded = load_check_config(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().line, 3);
  EXPECT_NE(loaded.error().message.find("tolerance_per_prat"), std::string::npos);

  write("[rate_mismatch]\n\ntolerance_points = \"0.1\"\n");
  loaded = load_check_config(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().line, 3);

  write("[score.missing]\nseverity = \"fatal\"\n");
  loaded = load_check_config(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().line, 2);
  EXPECT_NE(loaded.error().describe().find("checks.toml:2"), std::string::npos) << loaded.error().describe();
}

TEST_F(CheckConfigFile, PartialFileKeepsOtherDefaultsAndMissingFileIsIoError) {
  write("[value_conflict]\nenabled = false\n");
  const auto loaded = load_check_config(dir_.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_FALSE(loaded.value().value_conflict.check.enabled);
  EXPECT_TRUE(loaded.value().unit_magnitude.check.enabled);
  const auto missing = load_check_config((dir_ / "nowhere").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

// ---------------------------------------------------------------------------------------------
// The 自评表's fund block (R7, R0) and deductions without a reason (R10), on records shaped as the
// table reader gives them: rule table.funds.total / table.funds.part, one grid column per field.

Figure fund_cell(const std::string& field, const std::string& text, const std::string& label, int row,
                 int col, bool total, bool implied_unit = true) {
  Figure f = figure(field, text, label, Span{12, row, col, 0, 4, -1});
  f.rule = total ? "table.funds.total" : "table.funds.part";
  if (implied_unit && f.quantity.kind == QuantityKind::number) {
    f.quantity.kind = QuantityKind::money;
    f.quantity.unit = "万元";
    f.quantity.unit_implied = true;
    f.quantity.yuan = f.quantity.value * 1e4;
  }
  return f;
}

TEST(CheckFundBlock, ATotalPrintedZeroWhileItsPartsAreNotIsASumMismatch) {
  Report r;
  r.figures = {fund_cell("budget.initial", "0", "年度资金总额：", 2, 4, true),
               fund_cell("budget.full_year", "0", "年度资金总额：", 2, 5, true),
               fund_cell("budget.fiscal_initial", "202.64", "其中：本年财政拨款", 3, 4, false),
               fund_cell("budget.fiscal_full_year", "132.91", "其中：本年财政拨款", 3, 5, false)};
  auto found = of_kind(check_report(r, config()), "sum.mismatch");
  ASSERT_EQ(found.size(), 2u) << describe(found);
  EXPECT_EQ(found[0].severity, "error");
  EXPECT_TRUE(evidence_contains(found[0], "年度资金总额")) << describe(found);
  EXPECT_TRUE(evidence_contains(found[0], "202.64")) << describe(found);
  // Parts that add up are clean.
  r.figures[0] = fund_cell("budget.initial", "202.64", "年度资金总额：", 2, 4, true);
  r.figures[1] = fund_cell("budget.full_year", "132.91", "年度资金总额：", 2, 5, true);
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty())
      << describe(check_report(r, config()));
  // A total above its parts: no finding while the block's one part row names one share of it
  // (其中：本年财政拨款 alone); a finding when every part row is filled in that column; none when a
  // part row left blank there may hold the rest.
  r.figures[1] = fund_cell("budget.full_year", "150", "年度资金总额：", 2, 5, true);
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty())
      << describe(check_report(r, config()));
  r.figures.push_back(fund_cell("component.initial", "0", "上年结转资金", 4, 4, false));
  r.figures.push_back(fund_cell("component.full_year", "10", "上年结转资金", 4, 5, false));
  EXPECT_EQ(of_kind(check_report(r, config()), "sum.mismatch").size(), 1u);  // 132.91 + 10 < 150
  r.figures.push_back(fund_cell("other.initial", "0", "其他资金", 5, 4, false));
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty())
      << describe(check_report(r, config()));
}

TEST(CheckFundBlock, NestedPartsAreAHierarchyNotAnError) {
  // 其中：财政拨款 100, then 中央资金 60 and 地方资金 40 under it: parts sum to 200.
  Report r;
  r.figures = {fund_cell("budget.full_year", "100", "年度资金总额", 2, 4, true),
               fund_cell("budget.fiscal_full_year", "100", "其中：财政拨款", 3, 4, false),
               fund_cell("component.full_year", "60", "中央资金", 4, 4, false),
               fund_cell("component.full_year", "40", "地方资金", 5, 4, false)};
  EXPECT_TRUE(of_kind(check_report(r, config()), "sum.mismatch").empty())
      << describe(check_report(r, config()));
  r.figures[2] = fund_cell("component.full_year", "70", "中央资金", 4, 4, false);  // now nothing adds up
  EXPECT_EQ(of_kind(check_report(r, config()), "sum.mismatch").size(), 1u);
}

TEST(CheckFundBlock, APartWrittenInYuanInAWanYuanBlockIsAUnitSlip) {
  Report r;
  r.figures = {fund_cell("budget.initial", "238.93", "总额", 2, 3, true),
               fund_cell("budget.full_year", "251.89", "总额", 2, 4, true),
               fund_cell("budget.fiscal_initial", "238.93元", "其中：财政资金", 3, 3, false, false),
               fund_cell("budget.fiscal_full_year", "251.89", "其中：财政资金", 3, 4, false)};
  auto found = of_kind(check_report(r, config()), "unit.magnitude");
  ASSERT_EQ(found.size(), 1u) << describe(check_report(r, config()));
  EXPECT_EQ(found[0].severity, "error");
  EXPECT_TRUE(evidence_contains(found[0], "238.93元"));
  EXPECT_EQ(found[0].expected_unit, "万元");
}

TEST(CheckFundBlock, ABlankFundScoreBesideItsWeightIsMissing) {
  Report r;
  r.figures = {fund_cell("budget.full_year", "251.89", "总额", 2, 4, true),
               figure("weight.fund", "10分", "总额", Span{12, 2, 7, 0, 2, -1})};
  auto found = of_kind(check_report(r, config()), "score.missing");
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_TRUE(evidence_contains(found[0], "总额"));
  r.figures.push_back(figure("score.fund", "10分", "总额", Span{12, 2, 8, 0, 2, -1}));
  EXPECT_TRUE(of_kind(check_report(r, config()), "score.missing").empty());
}

TEST(CheckScores, AMetTargetScoredBelowItsWeightWithNoReasonIsAskedAbout) {
  Report r;
  Indicator met = indicator("时效指标", "资金到位及时率", 10, 7, 5);
  met.target = "≥100%";
  met.actual = "100%";
  met.target_quantity = quantity("100%");
  met.target_quantity->comparator = "≥";
  met.actual_quantity = quantity("100%");
  Indicator missed = indicator("质量指标", "知晓率", 10, 9, 6);
  missed.target = "≥100%";
  missed.actual = "98%";
  missed.target_quantity = met.target_quantity;
  missed.actual_quantity = quantity("98%");
  Indicator negative = indicator("成本指标", "单位成本", 10, 8, 7);
  negative.target = "≤50元";
  negative.actual = "60";
  negative.target_quantity = quantity("50");
  negative.target_quantity->comparator = "≤";
  negative.actual_quantity = quantity("60");
  r.indicators = {met, missed, negative};
  auto found = of_kind(check_report(r, config()), "score.unexplained");
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].severity, "info");
  EXPECT_TRUE(evidence_contains(found[0], "资金到位及时率"));
  // A reason given: nothing to ask.
  r.indicators[0].note = "资金拨付滞后一周";
  EXPECT_TRUE(of_kind(check_report(r, config()), "score.unexplained").empty());
}

}  // namespace
}  // namespace jixiao
