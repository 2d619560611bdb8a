// RuleSet: loading (errors with file and line, partial loading), sub-patterns, matching,
// overlap resolution and sentence context, on the test-only rule sets in tests/fixtures/rules/;
// and the shipped rules/ over hand-normalized sentences shaped like the seed reports.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "core/utf.h"
#include "numbers/numbers.h"
#include "rules/ruleset.h"
#include "support/scratch.h"

namespace jixiao {
namespace {

const std::string kFixtures = JIXIAO_SOURCE_DIR "/tests/fixtures/rules/";

// 1-based line of the n-th line holding `needle` in `path` (0 when absent).
int line_holding(const std::string& path, const std::string& needle, int nth = 1) {
  std::ifstream in(path);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find(needle) != std::string::npos && --nth == 0) return n;
  }
  return 0;
}

const Error* error_about(const std::vector<Error>& errors, const std::string& words) {
  for (const auto& e : errors)
    if (e.message.find(words) != std::string::npos) return &e;
  return nullptr;
}

std::string all_errors(const std::vector<Error>& errors) {
  std::string s;
  for (const auto& e : errors) s += e.describe() + "\n";
  return s;
}

RuleSet load_or_die(const std::string& dir) {
  std::vector<Error> soft;
  auto rules = RuleSet::load(dir, &soft);
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.error().describe());
  EXPECT_TRUE(soft.empty()) << all_errors(soft);
  return rules.ok() ? rules.value() : RuleSet();
}

std::vector<FigureMatch> find(const RuleSet& rules, const std::string& text) {
  static const NumberParser numbers;
  return rules.find_figures(to_u32(text), numbers);
}

TEST(Rules, LoadsTheGoodFixtureWithItsVersion) {
  RuleSet rules = load_or_die(kFixtures + "good");
  EXPECT_EQ(rules.rules().size(), 7u);
  EXPECT_EQ(rules.version().rfind("test-good+", 0), 0u) << rules.version();
  EXPECT_EQ(rules.version().size(), std::string("test-good+").size() + 16);
  // Loading twice gives the same version: it is a hash of the content, not of the time.
  EXPECT_EQ(load_or_die(kFixtures + "good").version(), rules.version());
}

TEST(Rules, ExpandsSubPatternsButNotQuantifiersOrEscapedBraces) {
  RuleSet rules = load_or_die(kFixtures + "good");
  const FigureRuleInfo* braces = nullptr;
  for (const auto& r : rules.rules())
    if (r.id == "score.total.braces") braces = &r;
  ASSERT_NE(braces, nullptr);
  EXPECT_NE(braces->pattern.find("[0-9]{4}年"), std::string::npos) << braces->pattern;
  EXPECT_NE(braces->pattern.find("\\{(?:[0-9]+"), std::string::npos) << braces->pattern;
  EXPECT_NE(braces->pattern.find("\\p{L}?"), std::string::npos) << braces->pattern;
  auto found = find(rules, "得分{1}98分于2023年");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].field, "score.total");
  EXPECT_DOUBLE_EQ(found[0].quantity.value, 98);
}

TEST(Rules, TomlSyntaxErrorIsHardAndNamesFileAndLine) {
  std::vector<Error> soft;
  auto rules = RuleSet::load(kFixtures + "bad_toml", &soft);
  ASSERT_FALSE(rules.ok());
  const std::string path = kFixtures + "bad_toml/figures.toml";
  EXPECT_EQ(rules.error().code, ErrorCode::rules);
  EXPECT_EQ(rules.error().path, path);
  EXPECT_EQ(rules.error().line, line_holding(path, "kind = \"money")) << rules.error().describe();
  EXPECT_NE(rules.error().message.find("not valid TOML"), std::string::npos);
}

TEST(Rules, DirectoryWithoutFigureRulesIsAnError) {
  auto rules = RuleSet::load(kFixtures + "empty", nullptr);
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.error().message.find("figures"), std::string::npos) << rules.error().describe();
  auto missing = RuleSet::load(kFixtures + "no_such_dir", nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

TEST(Rules, BadRulesAreSkippedWithFileLineAndReason) {
  std::vector<Error> soft;
  auto rules = RuleSet::load(kFixtures + "partial", &soft);
  ASSERT_TRUE(rules.ok()) << rules.error().describe();
  const std::string path = kFixtures + "partial/figures.toml";

  // The good rule loaded and works; every bad one was skipped.
  ASSERT_EQ(rules.value().rules().size(), 1u) << all_errors(soft);
  EXPECT_EQ(rules.value().rules()[0].id, "good.one");
  auto found = find(rules.value(), "年初预算3万元");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].field, "budget.initial");

  struct Expected {
    std::string words;  // in the message
    int line;
  };
  const std::vector<Expected> expected = {
      {"unknown key \"colour\" in [meta]", line_holding(path, "colour = \"blue\"")},
      {"unknown key \"colour\" in [[figure]]", line_holding(path, "colour = \"red\"")},
      {"\"bad.no_example\": every rule needs at least one", line_holding(path, "[[figure]]", 3)},
      {"\"bad.regex\" pattern does not compile", line_holding(path, "pattern =", 4)},
      {"unknown sub-pattern {number}", line_holding(path, "{number}")},
      {"\"bad.no_value_group\": pattern has no (?<value>...) group", line_holding(path, "预算({num}万元)")},
      {"unknown field \"budget.initials\"", line_holding(path, "budget.initials")},
      {"unknown kind \"dollars\"", line_holding(path, "dollars")},
      {"unknown context_scope \"document\" (sentence, paragraph)", line_holding(path, "context_scope =")},
      {"rule id \"good.one\" is already used at " + path + ":" +
           std::to_string(line_holding(path, "[[figure]]", 1)),
       line_holding(path, "[[figure]]", 9)},
      {"example holds none of the rule's anchors", line_holding(path, "[[figure.example]]", 9)},
  };
  for (const auto& want : expected) {
    const Error* e = error_about(soft, want.words);
    ASSERT_NE(e, nullptr) << "no error about: " << want.words << "\n" << all_errors(soft);
    EXPECT_EQ(e->path, path);
    EXPECT_EQ(e->code, ErrorCode::rules);
    if (want.line > 0) {
      EXPECT_EQ(e->line, want.line) << e->describe();
    }
  }
  EXPECT_EQ(soft.size(), expected.size()) << all_errors(soft);
}

TEST(Rules, BadRegexNamesBoostsMessageAndPosition) {
  std::vector<Error> soft;
  auto rules = RuleSet::load(kFixtures + "partial", &soft);
  ASSERT_TRUE(rules.ok());
  const Error* e = error_about(soft, "\"bad.regex\" pattern does not compile");
  ASSERT_NE(e, nullptr) << all_errors(soft);
  const std::string path = kFixtures + "partial/figures.toml";
  // The unclosed group: the pattern line is the 4th "pattern =" line of the file.
  EXPECT_EQ(e->line, line_holding(path, "pattern =", 4)) << e->describe();
  EXPECT_NE(e->message.find("at position "), std::string::npos) << e->describe();
  EXPECT_NE(e->message.find("Unmatched marking parenthesis"), std::string::npos) << e->describe();
  EXPECT_NE(e->message.find("万元<HERE>\""), std::string::npos) << e->describe();
}

TEST(Rules, SubPatternCycleIsReported) {
  std::vector<Error> soft;
  auto rules = RuleSet::load(kFixtures + "cycle", &soft);
  ASSERT_TRUE(rules.ok());
  EXPECT_TRUE(rules.value().rules().empty());
  const std::string path = kFixtures + "cycle/figures.toml";
  const Error* e = error_about(soft, "cycle in sub-patterns: a -> b -> a");
  ASSERT_NE(e, nullptr) << all_errors(soft);
  EXPECT_EQ(e->line, line_holding(path, "a = "));
  const Error* in_rule = error_about(soft, "rule \"cyclic\" pattern: cycle in sub-patterns");
  ASSERT_NE(in_rule, nullptr) << all_errors(soft);
  EXPECT_EQ(in_rule->line, line_holding(path, "pattern ="));
}

TEST(Rules, OneFigurePerValueLongerLabelThenPriorityWins) {
  RuleSet rules = load_or_die(kFixtures + "good");
  // "预算6万元" is read by budget.initial.plain too; the longer label 全年预算 wins.
  auto found = find(rules, "全年预算6万元");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].field, "budget.full_year");
  EXPECT_EQ(found[0].label, "全年预算");
  EXPECT_EQ(found[0].label_start, 0);
  EXPECT_EQ(found[0].start, 4);
  EXPECT_EQ(found[0].end, 7);
  EXPECT_EQ(found[0].text, "6万元");
  EXPECT_EQ(found[0].quantity.start, 4);
  // A higher priority beats a longer label.
  found = find(rules, "执行预算7万元");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "funds.executed.priority");
  // Separate values each keep their own figure, in text order.
  found = find(rules, "预算5万元，全年预算6万元");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].field, "budget.initial");
  EXPECT_EQ(found[1].field, "budget.full_year");
  EXPECT_EQ(found[1].start, 10);
}

// A rule with anchors runs only on text holding one of them, anywhere in it; anchors of several
// rules may share their first characters.
TEST(Rules, AnchorsLetARuleRunOnlyWhereOneOccurs) {
  testing::ScratchDir dir;
  dir.write("figures.toml", R"(
[meta]
version = "test-anchors"

[[figure]]
id = "two_anchors"
field = "budget.initial"
kind = "money"
pattern = '''(?<label>预算)(?<value>[0-9]+万元)'''
anchors = ["年初", "全年预"]
[[figure.example]]
text = "年初预算5万元"
value = 5
unit = "万元"

[[figure]]
id = "shared_first_character"
field = "funds.executed"
kind = "money"
pattern = '''(?<label>执行)(?<value>[0-9]+万元)'''
anchors = ["执行率", "执行数", "执"]
[[figure.example]]
text = "执行7万元"
value = 7
unit = "万元"
)");
  RuleSet rules = load_or_die(dir.path().string());
  ASSERT_EQ(rules.rules().size(), 2u);
  auto ids = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const FigureMatch& m : find(rules, text)) out.push_back(m.rule);
    return out;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids("年初预算5万元"), Ids{"two_anchors"});
  EXPECT_EQ(ids("全年预算6万元"), Ids{"two_anchors"});
  EXPECT_EQ(ids("预算5万元"), Ids{});
  EXPECT_EQ(ids("预算5万元，数据为年初"), Ids{"two_anchors"});  // an anchor after the match counts
  EXPECT_EQ(ids("执行7万元"), Ids{"shared_first_character"});   // "执" alone
  EXPECT_EQ(ids("年初预算5万元，执行7万元"), (Ids{"two_anchors", "shared_first_character"}));
  EXPECT_EQ(ids("全年预5万元"), Ids{});  // the anchor is there, the pattern is not
}

TEST(Rules, ContextMustStandEarlierInTheSameSentence) {
  RuleSet rules = load_or_die(kFixtures + "good");
  auto field_of = [&](const std::string& text) {
    auto found = find(rules, text);
    for (const auto& f : found)
      if (f.text == "8万元") return f.field;
    return std::string("none");
  };
  EXPECT_EQ(field_of("部门决算总支出10万元，基本支出8万元。"), "expenditure.basic");
  EXPECT_EQ(field_of("部门预算数10万元，基本支出8万元。"), "budget.basic");
  // not_context: 决算 in the sentence rules the budget reading out.
  EXPECT_EQ(field_of("一般公共预算支出决算10万元，基本支出8万元。"), "expenditure.basic");
  // The context in an earlier sentence or after the figure does not count.
  EXPECT_EQ(field_of("部门预算数10万元。基本支出8万元。"), "none");
  EXPECT_EQ(field_of("基本支出8万元，来自决算。"), "none");
  EXPECT_EQ(field_of("部门预算数10万元\n基本支出8万元"), "none");
}

TEST(Rules, KindAndComparatorDecideWhatARuleMayRead) {
  RuleSet rules = load_or_die(kFixtures + "good");
  auto found = find(rules, "执行率90%");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].quantity.kind, QuantityKind::percent);
  EXPECT_TRUE(find(rules, "执行率90万元").empty());  // money is not a rate
  EXPECT_TRUE(find(rules, "执行率≥90%").empty());    // a target, not a figure
  EXPECT_TRUE(find(rules, "").empty());
  EXPECT_TRUE(find(rules, "没有数字的段落。").empty());
}

TEST(Rules, FixtureExamplesHold) {
  RuleSet rules = load_or_die(kFixtures + "good");
  NumberParser numbers;
  auto failures = rules.check_examples(numbers);
  for (const auto& f : failures) ADD_FAILURE() << f.describe();
}

TEST(Rules, CheckExamplesReportsEveryFailureWithFileAndLine) {
  RuleSet rules = load_or_die(kFixtures + "failing");
  const std::string path = kFixtures + "failing/figures.toml";
  auto failures = rules.check_examples(NumberParser());
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_EQ(failures[0].rule, "budget.initial.wrong_value");
  EXPECT_EQ(failures[0].file, path);
  EXPECT_EQ(failures[0].line, line_holding(path, "[[figure.example]]", 1));
  EXPECT_NE(failures[0].reason.find("want 6万元, got 5万元"), std::string::npos) << failures[0].describe();
  EXPECT_EQ(failures[1].line, line_holding(path, "[[figure.counter]]"));
  EXPECT_NE(failures[1].reason.find("counter example yields \"7万元\""), std::string::npos)
      << failures[1].describe();
  EXPECT_EQ(failures[2].line, line_holding(path, "[[figure.example]]", 2));
  EXPECT_NE(failures[2].reason.find("no figure"), std::string::npos) << failures[2].describe();
  EXPECT_EQ(failures[2].describe(), path + ":" + std::to_string(failures[2].line) +
                                        ": budget.initial.wrong_value: " + failures[2].reason + ": 没有预算");
}

// The shipped rules over sentences normalized by hand the way src/normalize does it
// (half-width digits, no space between CJK and digits, Chinese punctuation kept), shaped
// like the five seed reports.
struct SeedCase {
  std::string text;
  std::multimap<std::string, double> want;  // field -> value (in the figure's unit)
};

// A rule is tried only where a match can start, each try anchored there: a lookbehind must still
// see the text before that place (Boost's match_prev_avail alone lets only ^ and \b see it).
// "(?<!指标)总得分" is no total after 产出指标, and is one after 项目.
TEST(Rules, ALookbehindSeesTheTextBeforeWhereAMatchCanStart) {
  RuleSet rules = load_or_die(JIXIAO_SOURCE_DIR "/rules");
  std::vector<double> totals;
  for (const FigureMatch& m : find(rules, "产出指标总得分45分，项目总得分95分。"))
    if (m.field == "score.total") totals.push_back(m.quantity.value);
  EXPECT_EQ(totals, std::vector<double>{95});
}

TEST(Rules, ShippedRulesReadSeedShapedSentences) {
  RuleSet rules = load_or_die(JIXIAO_SOURCE_DIR "/rules");
  const std::vector<SeedCase> cases = {
      {"2024年禁毒委员会工作经费财政预算安排165.69万元，实际下达165.69万元，由盐池县禁毒委员会办公室负责。",
       {{"budget.initial", 165.69}, {"funds.allocated", 165.69}}},
      {"本年禁毒委员会工作经费年初预算165.69万元，实际下达165.69万元，到位率100%。",
       {{"budget.initial", 165.69}, {"funds.allocated", 165.69}, {"rate.arrival", 100}}},
      {"截至2024年12月31日累计支出128.35万元，预算执行率77.46%。",
       {{"funds.executed", 128.35}, {"rate.execution", 77.46}}},
      {"（2）质量指标。培训合格率100%，吸毒人员戒断三年巩固率97.89%，社区戒毒康复执行率100%,吸毒人员增幅0%。",
       {}},
      {"全面完成上级考核任务，满意度达95%。", {{"rate.satisfaction", 95}}},
      {"编制数13人，实有人数7人。", {{"staff.authorized", 13}, {"staff.actual", 7}}},
      {"常宁市社会化禁毒事务中心2023年决算收入合计276.10万元，其中：财政拨款收入276.10万元。",
       {{"income.total", 276.10}, {"income.fiscal", 276.10}}},
      {"2024年决算总支出276.10万元，基本支出76.11万元，占27.57%；项目支出199.99万元，占72.43%。",
       {{"expenditure.total", 276.10}, {"expenditure.basic", 76.11}, {"expenditure.project", 199.99}}},
      {"2024年，常宁社会化禁毒事务中心一般公共预算财政拨款“三公”经费支出预算为1万元，决算为1万元，全部为公务"
       "接待费。",
       {{"three_public.budget", 1}, {"three_public.final", 1}}},
      {"本部门2024年度政府采购支出总额180.7万元，全部为限额以下在湖南省电子采购卖场采购。其中:"
       "政府采购货物支出24.4万元、"
       "政府采购工程支出0万元、政府采购服务支出156.3万元。授予中小企业合同金额180."
       "7万元，占政府采购支出总额的100%。",
       {{"procurement.total", 180.7},
        {"procurement.goods", 24.4},
        {"procurement.works", 0},
        {"procurement.services", 156.3}}},
      {"全年社区戒毒康复执行率100%，强戒执行率100%，落实“出所必接”13人。", {}},
      {"2023年底南京市公安局禁毒支队实有在职人员59人，离退休人员20人。另有在册警务辅助人员编制数为17人。"
       "公务用车编制数为14辆，实有车辆数为14辆。",
       {{"staff.actual", 59}}},
      {"2023年度部门预算数为3563.83万元，其中：基本支出2904.67万元，项目支出659.16万元。",
       {{"budget.initial", 3563.83}, {"budget.basic", 2904.67}, {"budget.project", 659.16}}},
      {"2023年度部门决算总收入3908.42万元，其中：财政拨款收入3906.91万元，其他收入1.51万元。",
       {{"income.total", 3908.42}, {"income.fiscal", 3906.91}, {"income.other", 1.51}}},
      {"2023年度部门决算总支出3920.05万元，其中：基本支出3203.43万元、项目支出716.62万元。",
       {{"expenditure.total", 3920.05}, {"expenditure.basic", 3203.43}, {"expenditure.project", 716.62}}},
      {"全市社会面吸毒人员、重点吸毒人员、易制毒化学品企业等工作的核查管控率均达100%。自评价综合得分98分。",
       {{"score.total", 98}}},
      {"年初预算65万元，支出64.19万元。①禁毒社会化工作经费20万元，用于禁毒预防宣传教育、办公、差旅费19."
       "19万元；",
       {{"budget.initial", 65}, {"funds.executed", 64.19}}},
      {"强化人才培养，开展禁毒培训。绩效目标完成98.75%。", {{"rate.goal_completion", 98.75}}},
      {"2024年禁毒大讲堂升级改造项目未完成,总体的资金执行率77.46%,偏低。", {{"rate.execution", 77.46}}},
  };
  for (const auto& c : cases) {
    auto found = find(rules, c.text);
    std::multimap<std::string, double> got;
    for (const auto& f : found) got.emplace(f.field, f.quantity.value);
    std::string got_text;
    for (const auto& f : found) got_text += " [" + f.rule + " " + f.text + "]";
    EXPECT_EQ(got.size(), c.want.size()) << c.text << "\n got:" << got_text;
    for (const auto& [field, value] : c.want) {
      auto range = got.equal_range(field);
      bool hit = false;
      for (auto it = range.first; it != range.second; ++it) hit = hit || std::abs(it->second - value) < 1e-9;
      EXPECT_TRUE(hit) << field << " = " << value << " not read from: " << c.text << "\n got:" << got_text;
    }
  }
}

}  // namespace
}  // namespace jixiao
