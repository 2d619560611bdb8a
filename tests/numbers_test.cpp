// NumberParser: one table row per form it reads (value, unit, yuan, kind, approx, comparator,
// range bound, offsets), a negative table of things that are never amounts, table cells with an
// implied unit, the seed sentences, and the units.toml loader.
#include "numbers/numbers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>

#include "core/utf.h"
#include "numbers/units.h"

namespace jixiao {
namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

struct Case {
  const char* text;
  const char* matched;  // the characters of the expected quantity (its offsets are checked)
  QuantityKind kind;
  double value;
  const char* unit;
  double yuan = kNone;  // NaN: no yuan
  const char* approx = "";
  const char* comparator = "";
  double to = kNone;  // NaN: no upper bound
};

bool near(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

std::string describe(const std::vector<Quantity>& qs, std::u32string_view text) {
  std::ostringstream out;
  for (const auto& q : qs) {
    out << "[" << to_utf8(text.substr(q.start, q.end - q.start)) << " " << to_string(q.kind) << " " << q.value
        << " " << q.unit;
    if (q.yuan) out << " yuan=" << *q.yuan;
    if (q.to) out << " to=" << *q.to;
    if (!q.approx.empty()) out << " approx=" << q.approx;
    if (!q.comparator.empty()) out << " cmp=" << q.comparator;
    out << "] ";
  }
  return out.str();
}

// Checks one case; returns a failure message or "".
std::string check(const NumberParser& parser, const Case& c) {
  const std::u32string text = to_u32(c.text);
  const std::u32string matched = to_u32(c.matched);
  const auto qs = parser.find_all(text);
  const size_t at = text.find(matched);
  if (at == std::u32string::npos) return "bad case: matched text not in text";
  for (const auto& q : qs) {
    if (q.start != static_cast<int>(at) || q.end != static_cast<int>(at + matched.size())) continue;
    std::ostringstream err;
    if (q.kind != c.kind) err << " kind=" << to_string(q.kind);
    if (!near(q.value, c.value)) err << " value=" << q.value;
    if (q.unit != c.unit) err << " unit=" << q.unit;
    if (std::isnan(c.yuan) != !q.yuan.has_value() || (q.yuan && !near(*q.yuan, c.yuan)))
      err << " yuan=" << (q.yuan ? std::to_string(*q.yuan) : "none");
    if (q.approx != c.approx) err << " approx=" << q.approx;
    if (q.comparator != c.comparator) err << " comparator=" << q.comparator;
    if (std::isnan(c.to) != !q.to.has_value() || (q.to && !near(*q.to, c.to)))
      err << " to=" << (q.to ? std::to_string(*q.to) : "none");
    return err.str().empty() ? "" : "wrong fields:" + err.str();
  }
  return "no quantity at the expected span; got " + describe(qs, text);
}

using K = QuantityKind;

const Case kCases[] = {
    // Arabic numbers
    {"合计1,234.5元", "1,234.5元", K::money, 1234.5, "元", 1234.5},
    {"合计1，234元", "1，234元", K::money, 1234, "元", 1234},
    {"82，225.00元", "82，225.00元", K::money, 82225, "元", 82225},
    {"预算执行率７７．４６％", "７７．４６％", K::percent, 77.46, "%"},
    {"19.2", "19.2", K::number, 19.2, ""},
    {"-22.2%", "-22.2%", K::percent, -22.2, "%"},
    {"偏差率为－5％", "－5％", K::percent, -5, "%"},
    // Chinese numerals
    {"一百二十万", "一百二十万", K::number, 1200000, ""},
    {"一百二十万元", "一百二十万元", K::money, 120, "万元", 1200000},
    {"两千", "两千", K::number, 2000, ""},
    {"三千五百", "三千五百", K::number, 3500, ""},
    {"零", "零", K::number, 0, ""},
    {"十二", "十二", K::number, 12, ""},
    {"一万二千", "一万二千", K::number, 12000, ""},
    {"二点五", "二点五", K::number, 2.5, ""},
    {"十万八千", "十万八千", K::number, 108000, ""},
    {"三万五", "三万五", K::number, 35000, ""},
    {"一千零一亿一千零一万一千零一", "一千零一亿一千零一万一千零一", K::number, 100110011001, ""},
    {"一七二零", "一七二零", K::number, 1720, ""},
    {"廿二", "廿二", K::number, 22, ""},
    {"壹佰元", "壹佰元", K::money, 100, "元", 100},
    {"壹贰叁", "壹贰叁", K::number, 123, ""},
    {"肆佰叁拾萬", "肆佰叁拾萬", K::number, 4300000, ""},
    {"玖仟陆佰陆拾伍圆壹角捌分", "玖仟陆佰陆拾伍圆壹角捌分", K::money, 9665.18, "元", 9665.18},
    {"壹拾壹元整", "壹拾壹元整", K::money, 11, "元", 11},
    {"肆角叁分", "肆角叁分", K::money, 0.43, "元", 0.43},
    {"负十一", "负十一", K::number, -11, ""},
    // mixed forms
    {"1.2万", "1.2万", K::number, 12000, ""},
    {"总投资3.5亿元", "3.5亿元", K::money, 3.5, "亿元", 350000000},
    {"12万5千", "12万5千", K::number, 125000, ""},
    {"100万三千", "100万三千", K::number, 1003000, ""},
    {"3千万亿日元", "3千万亿日元", K::money, 3000, "万亿日元"},
    {"两个亿", "两个亿", K::number, 200000000, ""},
    {"10余万元", "10余万元", K::money, 10, "万元", 100000, "余"},
    // money units and currency markers
    {"拨付128.35万元", "128.35万元", K::money, 128.35, "万元", 1283500},
    {"单位：千元 5千元", "5千元", K::money, 5, "千元", 5000},
    {"三千元", "三千元", K::money, 3000, "元", 3000},
    {"合计2.5百万元", "2.5百万元", K::money, 2.5, "百万元", 2500000},
    {"人民币50元", "人民币50元", K::money, 50, "元", 50},
    {"人民币 8千元", "人民币 8千元", K::money, 8, "千元", 8000},
    {"8亿元人民币", "8亿元人民币", K::money, 8, "亿元", 800000000},
    {"单价￥300", "￥300", K::money, 300, "元", 300},
    {"RMB 50", "RMB 50", K::money, 50, "元", 50},
    {"十块钱", "十块钱", K::money, 10, "元", 10},
    {"十块三毛", "十块三毛", K::money, 10.3, "元", 10.3},
    {"开销123元1角1分", "123元1角1分", K::money, 123.11, "元", 123.11},
    {"人均培训132元/天", "132元/天", K::money, 132, "元/天", 132},
    {"以每股1.95港元", "1.95港元", K::money, 1.95, "港元"},
    {"净流出1200亿美元", "1200亿美元", K::money, 1200, "亿美元"},
    // percent
    {"百分之九十", "百分之九十", K::percent, 90, "%"},
    {"百分之12.5", "百分之12.5", K::percent, 12.5, "%"},
    {"百分之百", "百分之百", K::percent, 100, "%"},
    {"千分之二点四", "千分之二点四", K::percent, 0.24, "%"},
    {"事故率2‰", "2‰", K::percent, 0.2, "%"},
    {"增长5个百分点", "5个百分点", K::percent, 5, "百分点"},
    {"打八折", "八折", K::percent, 80, "%"},
    {"九成", "九成", K::percent, 90, "%"},
    // scores and counts
    {"自评得分98分", "98分", K::score, 98, "分"},
    {"得分92.5分，", "92.5分", K::score, 92.5, "分"},
    {"培训人数53人", "53人", K::count, 53, "人"},
    {"制作宣传品3000余件", "3000余件", K::count, 3000, "件", kNone, "余"},
    {"覆盖1.2万人", "1.2万人", K::count, 12000, "人"},
    {"资助禁毒单位17家", "17家", K::count, 17, "家"},
    {"制作APP一个，", "一个", K::count, 1, "个"},
    {"24小时", "24小时", K::count, 24, "小时"},
    {"面积12.5平方公里", "12.5平方公里", K::count, 12.5, "平方公里"},
    {"制作展板20块。", "20块", K::count, 20, "块"},
    {"服务期12个月", "12个月", K::count, 12, "个月"},
    // approximations and comparators
    {"约50万元", "约50万元", K::money, 50, "万元", 500000, "约"},
    {"近700万元", "近700万元", K::money, 700, "万元", 7000000, "近"},
    {"15k左右", "15k左右", K::number, 15000, "", kNone, "左右"},
    {"30w上下", "30w上下", K::number, 300000, "", kNone, "上下"},
    {"满意度90%以上", "90%以上", K::percent, 90, "%", kNone, "", "≥"},
    {"满意度≥90%", "≥90%", K::percent, 90, "%", kNone, "", "≥"},
    {"满意度＞85%", "＞85%", K::percent, 85, "%", kNone, "", ">"},
    {"不低于95%", "不低于95%", K::percent, 95, "%", kNone, "", "≥"},
    {"不少于10次", "不少于10次", K::count, 10, "次", kNone, "", "≥"},
    {"不超过5万元", "不超过5万元", K::money, 5, "万元", 50000, "", "≤"},
    {"不高于3%", "不高于3%", K::percent, 3, "%", kNone, "", "≤"},
    {"偏差10%以内", "10%以内", K::percent, 10, "%", kNone, "", "≤"},
    {"小于40万", "小于40万", K::number, 400000, "", kNone, "", "<"},
    {"大于0", "大于0", K::number, 0, "", kNone, "", ">"},
    {"50万元（含）以上", "50万元（含）以上", K::money, 50, "万元", 500000, "", "≥"},
    {"达到95%", "95%", K::percent, 95, "%"},  // 达到 is no comparator
    // ranges
    {"补助10-20万元", "10-20万元", K::range, 10, "万元", kNone, "", "", 20},
    {"补助10~20万元", "10~20万元", K::range, 10, "万元", kNone, "", "", 20},
    {"补助10至20万元", "10至20万元", K::range, 10, "万元", kNone, "", "", 20},
    {"控制在5%-10%", "5%-10%", K::range, 5, "%", kNone, "", "", 10},
    {"1万元--5万元", "1万元--5万元", K::range, 1, "万元", kNone, "", "", 5},
    {"两到三万港元", "两到三万港元", K::range, 2, "万港元", kNone, "", "", 3},
    {"从8500到3万港元", "从8500到3万港元", K::range, 0.85, "万港元", kNone, "", "", 3},
    {"十八至三十万日元", "十八至三十万日元", K::range, 18, "万日元", kNone, "", "", 30},
    {"数十亿元", "数十亿元", K::range, 10, "亿元", kNone, "", "", 100},
    {"每人3-5次", "3-5次", K::range, 3, "次", kNone, "", "", 5},
    {"八九亿元", "八九亿元", K::range, 8, "亿元", kNone, "", "", 9},
    {"十几万元", "十几万元", K::range, 10, "万元", kNone, "", "", 20},
    {"补助5000元-2万元", "5000元-2万元", K::range, 0.5, "万元", kNone, "", "", 2},
    {"花了三块", "三块", K::money, 3, "元", 3},
    // implied by the whole text only: digit strings, leading zeros
    {"012", "012", K::number, 12, ""},
};

TEST(NumbersForms, EveryFormInTheTable) {
  NumberParser parser;
  int failures = 0;
  for (const auto& c : kCases) {
    std::string msg = check(parser, c);
    if (!msg.empty()) {
      ADD_FAILURE() << c.text << ": " << msg;
      ++failures;
    }
  }
  EXPECT_EQ(failures, 0);
}

// Never amounts: every text here must give no money, percent, score or range, and the ones marked
// `nothing` no quantity at all.
struct Negative {
  const char* text;
  bool nothing;
};

const Negative kNegatives[] = {
    {"2024年", true},
    {"2024 年度", true},
    {"（2023年度）", true},
    {"截至2025年3月10日", true},
    {"12月31日", true},
    {"4月", true},
    {"6月24日", true},
    {"截至2024-12-31", true},
    {"截至2024.12.31", true},
    {"截至2024/12/31", true},
    {"盐财发〔2025〕17号", true},
    {"〔2025〕17 号", true},
    {"第3号", true},
    {"联系电话0731-12345678", true},
    {"手机13812345678", true},
    {"1、项目资金到位情况分析", true},
    {"（2）质量指标", true},
    {"(3)时效指标", true},
    {"3.加强管理", true},
    {"第一章 总则", true},
    {"一、绩效目标", true},
    {"以\"8.31\"工程为抓手", true},
    {"“6.26”国际禁毒日", true},
    {"开展清源断流-2023专项行动", true},
    {"第二届", true},
    {"第1季度", true},
    {"版本v1.2.3", true},
    {"比例为1:30", true},
    {"2022年2月22日，县禁毒办下发2号文件", true},
    {"2024培训计划按期完成", true},
    {"2023-2024年", true},
    {"1-6月", true},
    {"处三年以上十年以下有期徒刑", true},
    {"十分重要", true},
    {"进一步统一一般一些", true},
    {"一部分资金", true},
    {"一个惊喜", true},
    {"节约一切", true},
    {"万一", true},
    {"千万注意", true},
    {"二三十个百分点", true},
    {"十折", true},
    {"对折", true},
    {"打对折", false},  // 50%: a percent, listed to show 对折 needs 打
    {"三点半开会", true},
    {"10时30分", true},
    {"10分钟", false},
    {"https://www.test.com/search?q=30%25%2020%", true},
    {"订单号 A202107211321363588510367", true},
};

TEST(NumbersNegative, NeverAmounts) {
  NumberParser parser;
  for (const auto& n : kNegatives) {
    const std::u32string text = to_u32(n.text);
    const auto qs = parser.find_all(text);
    if (n.nothing) {
      EXPECT_TRUE(qs.empty()) << n.text << " -> " << describe(qs, text);
      continue;
    }
    for (const auto& q : qs) {
      if (std::string(n.text) == "打对折") {
        EXPECT_EQ(q.kind, K::percent);
        EXPECT_EQ(q.value, 50);
        continue;
      }
      EXPECT_TRUE(q.kind != K::money && q.kind != K::percent && q.kind != K::score && q.kind != K::range)
          << n.text << " -> " << describe(qs, text);
    }
  }
}

TEST(NumbersNegative, NothingIsMoneyInADocumentSentence) {
  NumberParser parser;
  const std::u32string text = to_u32("2022年2月22日，县禁毒办下发2号文件，于3月1日前完成第1季度工作。");
  EXPECT_TRUE(parser.find_all(text).empty()) << describe(parser.find_all(text), text);
}

// Quantities in order and without overlap, each exactly once.
TEST(NumbersSeeds, SeedSentences) {
  NumberParser parser;
  struct Expected {
    const char* text;
    K kind;
    double value;
    const char* unit;
  };
  struct Sentence {
    const char* text;
    std::vector<Expected> quantities;
  };
  const Sentence sentences[] = {
      {"截至2024年12月31日累计支出128.35万元，预算执行率77.46%。",
       {{"128.35万元", K::money, 128.35, "万元"}, {"77.46%", K::percent, 77.46, "%"}}},
      {"截至 2024 年 12 月 31 日累计支出 128.35 万元，预算执行率 77.46%。",
       {{"128.35 万元", K::money, 128.35, "万元"}, {"77.46%", K::percent, 77.46, "%"}}},
      {"2024年禁毒委员会工作经费财政预算安排165.69万元，实际下达165.69万元，由盐池县禁毒委员会办公室负责",
       {{"165.69万元", K::money, 165.69, "万元"}, {"165.69万元", K::money, 165.69, "万元"}}},
      {"全年计划培训次数共计2次，培训天数5天、培训人数53人，举办禁毒主题活动6次，制作宣传品3000余件",
       {{"2次", K::count, 2, "次"},
        {"5天", K::count, 5, "天"},
        {"53人", K::count, 53, "人"},
        {"6次", K::count, 6, "次"},
        {"3000余件", K::count, 3000, "件"}}},
      {"培训合格率100%，吸毒人员戒断三年巩固率97.89%，社区戒毒康复执行率100%,吸毒人员增幅0%。",
       {{"100%", K::percent, 100, "%"},
        {"97.89%", K::percent, 97.89, "%"},
        {"100%", K::percent, 100, "%"},
        {"0%", K::percent, 0, "%"}}},
      {"人均培训132元/天，举办主题活动单位成本2万元，资助17家禁毒成员单位共计42万元",
       {{"132元/天", K::money, 132, "元/天"},
        {"2万元", K::money, 2, "万元"},
        {"17家", K::count, 17, "家"},
        {"42万元", K::money, 42, "万元"}}},
      {"2.2本计划投资3541.07万元2.3本项目", {{"3541.07万元", K::money, 3541.07, "万元"}}},
      {"根据财政局印发的《盐池县财政局关于开展2024年部门项目支出绩效自评的通知》(盐财发〔2025〕17号)文件要求",
       {}},
  };
  for (const auto& s : sentences) {
    const std::u32string text = to_u32(s.text);
    const auto qs = parser.find_all(text);
    ASSERT_EQ(qs.size(), s.quantities.size()) << s.text << " -> " << describe(qs, text);
    for (size_t i = 0; i < qs.size(); ++i) {
      EXPECT_EQ(to_utf8(text.substr(qs[i].start, qs[i].end - qs[i].start)), s.quantities[i].text) << s.text;
      EXPECT_EQ(qs[i].kind, s.quantities[i].kind) << s.quantities[i].text;
      EXPECT_DOUBLE_EQ(qs[i].value, s.quantities[i].value) << s.quantities[i].text;
      EXPECT_EQ(qs[i].unit, s.quantities[i].unit) << s.quantities[i].text;
      if (i > 0) {
        EXPECT_LE(qs[i - 1].end, qs[i].start);
      }
    }
  }
}

TEST(NumbersCells, WholeCellsAndImpliedUnit) {
  NumberParser parser;
  auto cell = [&](const char* s, const NumberContext& ctx = {}) { return parser.parse_cell(to_u32(s), ctx); };
  auto six = cell("6");
  ASSERT_TRUE(six);
  EXPECT_EQ(six->kind, K::number);
  EXPECT_EQ(six->value, 6);
  ASSERT_TRUE(cell(" 19.2 "));
  EXPECT_DOUBLE_EQ(cell(" 19.2 ")->value, 19.2);
  ASSERT_TRUE(cell("19.2万元。"));
  EXPECT_EQ(cell("19.2万元。")->unit, "万元");
  ASSERT_TRUE(cell("≥90%"));
  EXPECT_EQ(cell("≥90%")->comparator, "≥");
  EXPECT_FALSE(cell("2024年"));
  EXPECT_FALSE(cell("6 人次 合计"));
  EXPECT_FALSE(cell("完成"));
  EXPECT_FALSE(cell("6 7"));

  NumberContext wan;
  wan.implied_money_unit = "万元";
  auto money = cell("165.69", wan);
  ASSERT_TRUE(money);
  EXPECT_EQ(money->kind, K::money);
  EXPECT_EQ(money->unit, "万元");
  EXPECT_TRUE(money->unit_implied);
  ASSERT_TRUE(money->yuan);
  EXPECT_DOUBLE_EQ(*money->yuan, 1656900);
  // a written unit wins over the header, and percents stay percents
  auto written = cell("35元", wan);
  ASSERT_TRUE(written);
  EXPECT_EQ(written->unit, "元");
  EXPECT_FALSE(written->unit_implied);
  EXPECT_EQ(cell("98%", wan)->kind, K::percent);
  // A sign before a number with a compound multiplier stays on it: -2.5百万元 is -2,500,000元.
  auto negative = cell("-2.5百万元");
  ASSERT_TRUE(negative);
  EXPECT_DOUBLE_EQ(negative->value, -2.5);
  ASSERT_TRUE(negative->yuan);
  EXPECT_DOUBLE_EQ(*negative->yuan, -2500000);
  // "120.5万" under a 万元 header is 120.5万元 written short, not 120.5万 × 万元; "3亿" is 3亿元.
  for (auto [text, value, unit, yuan] :
       {std::tuple{"120.5万", 120.5, "万元", 1205000.0}, std::tuple{"-2.5万", -2.5, "万元", -25000.0},
        std::tuple{"3亿", 3.0, "亿元", 300000000.0}, std::tuple{"2.5百万", 2.5, "百万元", 2500000.0}}) {
    auto short_unit = cell(text, wan);
    ASSERT_TRUE(short_unit) << text;
    EXPECT_EQ(short_unit->kind, K::money) << text;
    EXPECT_DOUBLE_EQ(short_unit->value, value) << text;
    EXPECT_EQ(short_unit->unit, unit) << text;
    EXPECT_FALSE(short_unit->unit_implied) << text;
    ASSERT_TRUE(short_unit->yuan) << text;
    EXPECT_DOUBLE_EQ(*short_unit->yuan, yuan) << text;
  }
}

TEST(NumbersThreads, SharedParserGivesTheSameAnswers) {
  const NumberParser parser;
  const std::u32string text = to_u32("截至2024年12月31日累计支出128.35万元，预算执行率77.46%。");
  const auto expected = parser.find_all(text);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto got = parser.find_all(text);
        if (got.size() != expected.size() || got[0].value != expected[0].value) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// ---- units.toml --------------------------------------------------------------------------

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(NumbersUnits, EmbeddedDefaultEqualsRulesFile) {
  const std::string file = read_file(JIXIAO_SOURCE_DIR "/rules/units.toml");
  ASSERT_FALSE(file.empty());
  EXPECT_TRUE(file == default_units_toml())
      << "src/numbers/units_default.cpp is stale: regenerate it from rules/units.toml (tools/README.md)";
  auto table = UnitTable::parse(default_units_toml(), "units.toml");
  ASSERT_TRUE(table.ok()) << table.error().describe();
  EXPECT_FALSE(table.value().count_units.empty());
}

TEST(NumbersUnits, RulesDirectoryLoads) {
  auto parser = NumberParser::load(JIXIAO_SOURCE_DIR "/rules");
  ASSERT_TRUE(parser.ok()) << parser.error().describe();
  auto qs = parser.value().find_all(to_u32("累计支出128.35万元"));
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].unit, "万元");
}

class NumbersUnitsFile : public ::testing::Test {
 protected:
  std::filesystem::path dir_;
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("jixiao_units_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& text) {
    std::ofstream(dir_ / "units.toml", std::ios::binary) << text;
    return dir_.string();
  }
};

TEST_F(NumbersUnitsFile, SyntaxErrorNamesFileAndLine) {
  std::string text(default_units_toml());
  // break line 3 of a copy of the default file
  size_t first = text.find('\n'), second = text.find('\n', first + 1);
  text.insert(second + 1, "prefixes = [ { word = \"十\" \n");
  auto parser = NumberParser::load(write(text));
  ASSERT_FALSE(parser.ok());
  EXPECT_EQ(parser.error().code, ErrorCode::rules);
  EXPECT_NE(parser.error().path.find("units.toml"), std::string::npos);
  EXPECT_EQ(parser.error().line, 3) << parser.error().describe();
}

TEST_F(NumbersUnitsFile, UnknownKeyNamesItsLine) {
  std::string text(default_units_toml());
  const std::string anchor = "  { word = \"人次\", discrete = true },";
  size_t at = text.find(anchor);
  ASSERT_NE(at, std::string::npos);
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  text.replace(at, anchor.size(), "  { word = \"人次\", discreet = true },");
  auto parser = NumberParser::load(write(text));
  ASSERT_FALSE(parser.ok());
  EXPECT_EQ(parser.error().code, ErrorCode::rules);
  EXPECT_EQ(parser.error().line, line) << parser.error().describe();
  EXPECT_NE(parser.error().message.find("discreet"), std::string::npos);

  auto table = UnitTable::parse("[money]\nprefixes = []\n[colours]\nred = 1\n", "x.toml");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.error().message.find("colours"), std::string::npos);
  EXPECT_EQ(table.error().line, 3);
}

TEST_F(NumbersUnitsFile, WrongTypeAndMissingFile) {
  std::string text(default_units_toml());
  const std::string anchor = "{ word = \"万\", scale = 1e4 }";
  size_t at = text.find(anchor);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, anchor.size(), "{ word = \"万\", scale = \"ten thousand\" }");
  auto parser = NumberParser::load(write(text));
  ASSERT_FALSE(parser.ok());
  EXPECT_NE(parser.error().message.find("scale"), std::string::npos);
  EXPECT_GT(parser.error().line, 0);

  auto missing = NumberParser::load((dir_ / "nowhere").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

TEST_F(NumbersUnitsFile, UnitsAreData) {
  // a count unit that only this file knows
  std::string text(default_units_toml());
  const std::string anchor = "  { word = \"人次\", discrete = true },";
  size_t at = text.find(anchor);
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "  { word = \"棵\", discrete = true },  # trees\n");
  auto parser = NumberParser::load(write(text));
  ASSERT_TRUE(parser.ok()) << parser.error().describe();
  auto qs = parser.value().find_all(to_u32("植树300棵"));
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].kind, K::count);
  EXPECT_EQ(qs[0].unit, "棵");
  EXPECT_TRUE(NumberParser().find_all(to_u32("植树300棵"))[0].kind == K::number);
}

}  // namespace
}  // namespace jixiao
