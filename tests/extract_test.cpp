// Extraction end to end (read -> normalize -> segment -> tables/prose -> meta -> check) on real
// report shapes: the project's own corpus (always) and the seeds in ../shared (when present),
// measured against their truth files the way ../shared/tools/score reads them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "ingest/read.h"
#include "pipeline/pipeline.h"
#include "sink/json.h"
#include "support/docx_builder.h"
#include "support/record_spans.h"
#include "support/shipped_pipeline.h"
#include "support/truth.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = JIXIAO_SOURCE_DIR;
const fs::path kShared = kSource / ".." / "shared";

using jixiao::testing::check_row;
using jixiao::testing::read_truth;
using jixiao::testing::shipped_pipeline;
using jixiao::testing::stem;
using jixiao::testing::TruthRow;

// Every truth row of every file in `dir` whose stem the truth names.
void expect_truth(const fs::path& dir, const fs::path& truth_path, const std::set<std::string>& extensions) {
  auto truth = read_truth(truth_path);
  ASSERT_FALSE(truth.empty());
  std::map<std::string, DocumentRecord> records;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!extensions.count(entry.path().extension().string())) continue;
    records[entry.path().stem().string()] = shipped_pipeline().process_file(entry.path().string());
  }
  int checked = 0;
  for (const TruthRow& row : truth) {
    auto it = records.find(stem(row.doc));
    if (it == records.end()) continue;
    ++checked;
    ASSERT_FALSE(it->second.error) << row.doc << ": " << it->second.error->describe();
    std::string why = check_row(row, it->second);
    EXPECT_EQ(why, "") << row.doc << " #" << row.report << " " << row.field << " want " << row.value
                       << row.unit;
  }
  EXPECT_GT(checked, 20) << "truth rows matched no file in " << dir;
}

TEST(ExtractCorpus, EveryTruthRowHoldsOnEveryVariant) {
  expect_truth(kSource / "corpus", kSource / "corpus" / "truth.tsv", {".docx", ".txt"});
}

TEST(ExtractCorpus, CleanReportsRaiseNoErrors) {
  for (const auto& entry : fs::directory_iterator(kSource / "corpus")) {
    auto ext = entry.path().extension();
    if (ext != ".docx" && ext != ".txt") continue;
    DocumentRecord record = shipped_pipeline().process_file(entry.path().string());
    for (const Finding& f : record.findings)
      EXPECT_NE(f.severity, "error") << entry.path().filename() << ": " << f.kind << " " << f.message;
  }
}

// The same report as DOCX, UTF-8 text and GB18030 text gives the same figures.
TEST(ExtractCorpus, DocxAndTextVariantsAgree) {
  auto summary = [](const DocumentRecord& record) {
    std::multiset<std::string> out;
    for (const Report& r : record.reports) {
      for (const Figure& f : r.figures) {
        std::ostringstream s;
        s << r.index << " " << f.field << " " << f.quantity.value << f.quantity.unit;
        out.insert(s.str());
      }
      out.insert(std::to_string(r.index) + " indicators " + std::to_string(r.indicators.size()));
    }
    return out;
  };
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "corpus")) {
    if (entry.path().extension() != ".docx") continue;
    std::string base = (entry.path().parent_path() / entry.path().stem()).string();
    auto docx = summary(shipped_pipeline().process_file(entry.path().string()));
    auto utf8 = summary(shipped_pipeline().process_file(base + "_utf8.txt"));
    auto gb = summary(shipped_pipeline().process_file(base + "_gb18030.txt"));
    EXPECT_EQ(utf8, gb) << base;
    EXPECT_EQ(docx, utf8) << base;
    ++compared;
  }
  EXPECT_GE(compared, 5);
}

TEST(ExtractCorpus, OutputIsDeterministic) {
  std::string path = (kSource / "corpus" / "m01_culture_projects.docx").string();
  std::string a = document_record_json(shipped_pipeline().process_file(path));
  std::string b = document_record_json(shipped_pipeline().process_file(path));
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("\"schema\":\"jixiao.document/1\""), std::string::npos);
}

// Two indicators under one merged 分值/得分 cell: the first carries it, both share a group.
TEST(ExtractCorpus, MergedScoreCellIsCountedOnce) {
  DocumentRecord record =
      shipped_pipeline().process_file((kSource / "corpus" / "p02_farmland_project.docx").string());
  ASSERT_FALSE(record.reports.empty());
  const auto& inds = record.reports[0].indicators;
  bool found = false;
  for (size_t i = 1; i < inds.size(); ++i) {
    if (inds[i].group == inds[i - 1].group) {
      found = true;
      EXPECT_TRUE(inds[i - 1].weight.has_value());
      EXPECT_FALSE(inds[i].weight.has_value());
      EXPECT_FALSE(inds[i].score.has_value());
      EXPECT_NE(inds[i].name, inds[i - 1].name);
    }
  }
  EXPECT_TRUE(found) << "no shared group in p02";
}

// The 自评表 fund row gives the budget columns and the row's own 分值 / 得分, under the field
// names the checker reads (weight.fund, score.fund), with the 万元 of the header.
TEST(ExtractCorpus, FundRowFieldsOfTheSelfEvaluationTable) {
  DocumentRecord record =
      shipped_pipeline().process_file((kSource / "corpus" / "p01_roads_project.docx").string());
  ASSERT_FALSE(record.reports.empty());
  std::map<std::string, const Figure*> by_field;
  for (const Figure& f : record.reports[0].figures)
    if (f.rule == "table.funds.total") by_field.emplace(f.field, &f);
  for (const char* field :
       {"budget.initial", "budget.full_year", "funds.executed", "weight.fund", "score.fund"})
    EXPECT_TRUE(by_field.count(field)) << field;
  if (by_field.count("budget.initial")) {
    EXPECT_EQ(by_field["budget.initial"]->quantity.unit, "万元");
    EXPECT_GE(by_field["budget.initial"]->span.row, 0);  // provenance: the table cell
  }
}

class ExtractSeeds : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kShared / "seeds"))
      GTEST_SKIP() << "../shared/seeds not present (a fresh clone): skipped";
  }
};

TEST_F(ExtractSeeds, TextSeedsMeetTheTruth) {
  expect_truth(kShared / "seeds", kShared / "truth" / "seeds.tsv", {".txt"});
}

TEST_F(ExtractSeeds, DocxSeedsMeetTheTruth) {
  expect_truth(kShared / "seeds-docx", kShared / "truth" / "seeds.tsv", {".docx"});
}

// Seed 002 holds four projects, each a narrative (附件2) with its 自评表 (附件3).
TEST_F(ExtractSeeds, OneFileWithFourReports) {
  for (const char* path : {"seeds/002_fa7b0c701d8ca214.txt", "seeds-docx/002_fa7b0c701d8ca214.docx"}) {
    DocumentRecord record = shipped_pipeline().process_file((kShared / path).string());
    ASSERT_EQ(record.reports.size(), 4u) << path;
    EXPECT_EQ(record.reports[3].meta.project, "毛发检测和城市污水溯源监测经费") << path;
    for (const Report& r : record.reports) {
      EXPECT_EQ(r.meta.kind, "project");
      EXPECT_FALSE(r.meta.title.empty()) << path << " #" << r.index;
      for (const Indicator& i : r.indicators) EXPECT_FALSE(i.level1.empty()) << path << " " << i.name;
    }
  }
}

// Every inconsistency in the truth is found, on text and DOCX.
TEST_F(ExtractSeeds, FindingsOfTheTruthAreRaised) {
  const auto want = jixiao::testing::read_findings(kShared / "truth" / "seeds-findings.tsv");
  ASSERT_EQ(want.size(), 8u);
  for (const char* dir : {"seeds", "seeds-docx"}) {
    for (const auto& w : want) {
      std::string file = stem(w.doc) + (std::string(dir) == "seeds" ? ".txt" : ".docx");
      DocumentRecord record = shipped_pipeline().process_file((kShared / dir / file).string());
      bool found = false;
      for (const Finding& f : record.findings) {
        if (f.kind != w.kind || f.report != w.report) continue;
        for (const Evidence& e : f.evidence) found = found || e.text.find(w.evidence) != std::string::npos;
        found = found || f.message.find(w.evidence) != std::string::npos;
      }
      EXPECT_TRUE(found) << dir << "/" << file << " " << w.kind << " " << w.evidence;
    }
  }
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

std::vector<Finding> findings_of(const std::string& text, const std::string& kind) {
  auto doc = read_document_bytes(text, "inline.txt");
  EXPECT_TRUE(doc.ok());
  std::vector<Finding> out;
  for (const Finding& f : shipped_pipeline().process_document(doc.value()).findings)
    if (f.kind == kind) out.push_back(f);
  return out;
}

const std::string kTitle = "2024年度某县水利局部门整体支出绩效评价报告\n";

// Parts listed in the sentence after their total ("累计支出X万元。其中：A、B、C").
TEST(CheckEndToEnd, PartsInTheNextSentenceAgainstTheirTotal) {
  std::string good = kTitle +
                     "全年累计支出267.71万元，预算执行率93.47%。其中：人员经费120.5万元，"
                     "设备购置97.21万元，运行维护50万元。\n";
  EXPECT_TRUE(findings_of(good, "sum.mismatch").empty());
  std::string bad = kTitle +
                    "全年累计支出267.71万元，预算执行率93.47%。其中：人员经费120.5万元，"
                    "设备购置97.21万元，运行维护55万元。\n";
  auto found = findings_of(bad, "sum.mismatch");
  ASSERT_EQ(found.size(), 1u);
  bool names_part = false;
  for (const Evidence& e : found[0].evidence)
    names_part = names_part || e.text.find("55万元") != std::string::npos;
  EXPECT_TRUE(names_part);
}

// A sentence that opens with another year ("2022年该项目预算72万元，执行68.4万元，执行率95%") is a
// comparison: its amounts are never held against the report's own, nor quoted as a conflict with them.
TEST(CheckEndToEnd, ASentenceOpenedByAnotherYearIsAComparison) {
  const std::string report =
      "关于2023年度农村饮水安全维修养护项目绩效自评的报告\n"
      "项目全年预算86万元，实际支出79.35万元，执行率92.27%。\n"
      "2022年该项目预算72万元，执行68.4万元，执行率95%。\n"
      "上年（2022年）同类资金98万元，维修水厂10座。今年维修水厂12座。\n";
  for (const char* kind : {"rate.mismatch", "value.conflict", "year.mismatch"})
    EXPECT_TRUE(findings_of(report, kind).empty()) << kind;
  // The same amounts without the year are this year's, and two of them disagree.
  const std::string undated =
      "关于2023年度农村饮水安全维修养护项目绩效自评的报告\n"
      "项目全年预算86万元，实际支出79.35万元，执行率92.27%。\n"
      "该项目执行68.4万元，执行率95%。\n";
  EXPECT_FALSE(findings_of(undated, "rate.mismatch").empty() &&
               findings_of(undated, "value.conflict").empty());
}

// Another year's figure beside the report year's is a slip, unless the sentence compares the two
// (同比, 较) or names the same quantity with a qualifier the other leaves out.
TEST(CheckEndToEnd, AnEarlierYearComparedIsNoSlip) {
  const std::string title = "某县民政局2023年度部门整体支出绩效自评报告\n";
  EXPECT_TRUE(findings_of(title + "2023年“三公”经费决算6.72万元；2022年决算7.85万元，同比下降14.39%。\n",
                          "year.mismatch")
                  .empty());
  EXPECT_TRUE(findings_of(title + "2023年度部门决算总支出3,068.95万元。2022年度决算总支出2,986.4万元。\n",
                          "year.mismatch")
                  .empty());
  EXPECT_EQ(
      findings_of(title + "2022年决算收入合计276.10万元，2023年决算总支出276.10万元。\n", "year.mismatch")
          .size(),
      1u);
}

// A price per unit (亩均, 每人每月) is small by nature: no unit slip beside the project's 万元.
TEST(CheckEndToEnd, APricePerUnitIsNoUnitSlip) {
  EXPECT_TRUE(
      findings_of("关于2023年度高标准农田管护项目绩效自评的报告\n"
                  "项目总资金63万元，其中县级财政拨款55万元，结转资金8万元，亩均管护经费不超过50元。\n",
                  "unit.magnitude")
          .empty());
}

// A list that says it names only some parts, by 主要 before it or 等 after it, may fall short of
// its total; it may never pass it. A list that does not say so must add up.
TEST(CheckEndToEnd, ListsThatSayTheyArePartial) {
  const std::string total = "2023年度项目支出307万元，";
  EXPECT_TRUE(
      findings_of(kTitle + total + "其中：农田建设195万元，动物防疫98万元等。\n", "sum.mismatch").empty());
  EXPECT_TRUE(findings_of(kTitle + total + "其中主要有：农田建设195万元，动物防疫98万元。\n", "sum.mismatch")
                  .empty());
  EXPECT_EQ(findings_of(kTitle + total + "其中：农田建设195万元，动物防疫98万元。\n", "sum.mismatch").size(),
            1u);
  EXPECT_EQ(
      findings_of(kTitle + total + "其中：农田建设215万元，动物防疫98万元等。\n", "sum.mismatch").size(), 1u);
  // Such a report states no field the form reads: it is "not read", but its amounts were compared.
  const auto coverage =
      findings_of(kTitle + total + "其中：农田建设195万元，动物防疫98万元等。\n", "coverage");
  ASSERT_EQ(coverage.size(), 1u);
  EXPECT_NE(coverage[0].message.find("只核对了文中数值"), std::string::npos) << coverage[0].message;
}

// Two digits swapped in one part: the sum is far off, and the message says which swap fits.
TEST(CheckEndToEnd, TransposedDigitsInAPart) {
  std::string swapped = kTitle +
                        "项目支出总计176.75万元，具体为：科普基地9万元，社区戒毒30万元，"
                        "检毒经费45.85万元，工作经费19.9万元。\n";
  auto found = findings_of(swapped, "sum.mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("若19.9应为91.9"), std::string::npos) << found[0].message;
  std::string right = kTitle +
                      "项目支出总计176.75万元，具体为：科普基地9万元，社区戒毒30万元，"
                      "检毒经费45.85万元，工作经费91.9万元。\n";
  EXPECT_TRUE(findings_of(right, "sum.mismatch").empty());
  // A far-off identity where no swap fits is reported with the sum, without a swap hint.
  std::string identity = kTitle + "2024年度部门决算总支出300万元，其中：基本支出180万元，项目支出210万元。\n";
  auto off = findings_of(identity, "sum.mismatch");
  ASSERT_EQ(off.size(), 1u);
  EXPECT_NE(off[0].message.find("390万元"), std::string::npos) << off[0].message;
  EXPECT_EQ(off[0].message.find("颠倒"), std::string::npos) << off[0].message;
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

TEST(ExtractProvenance, EveryRecordPointsIntoItsDocument) {
  // Found by fuzz_extract: a table whose header a byte flip turned into a fund table read as
  // indicators, rows holding only a 得分 number. Those indicators had no span (block -1).
  std::vector<fs::path> files = {kSource / "tests" / "data" / "fuzz-found" /
                                 "extract-score-only-indicator-row.txt"};
  for (const auto& entry : fs::directory_iterator(kSource / "corpus"))
    if (entry.path().extension() == ".docx" || entry.path().extension() == ".txt")
      files.push_back(entry.path());
  for (const fs::path& path : files) {
    auto doc = read_document(path.string());
    ASSERT_TRUE(doc.ok()) << path;
    const DocumentRecord record = shipped_pipeline().process_document(doc.value());
    EXPECT_EQ(jixiao::testing::misplaced_span(record, doc.value().blocks.size()), "") << path;
  }
  auto found = read_document(files.front().string());
  ASSERT_TRUE(found.ok());
  const DocumentRecord record = shipped_pipeline().process_document(found.value());
  ASSERT_FALSE(record.reports.empty());
  size_t score_only = 0;
  for (const Indicator& i : record.reports.front().indicators)
    if (i.name.empty() && i.target.empty() && i.actual.empty() && !i.weight && i.score) {
      ++score_only;
      EXPECT_EQ(i.span.row >= 0, true) << i.level1;  // the score's own cell
    }
  EXPECT_GT(score_only, 0u);
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

using jixiao::testing::shipped_pipeline;

const Figure* first_of(const Report& report, const std::string& field) {
  for (const Figure& f : report.figures)
    if (f.field == field) return &f;
  return nullptr;
}

// The first figure of a field as a number: money in 元, else its value; NaN when there is none.
double value_of(const Report& report, const std::string& field) {
  const Figure* f = first_of(report, field);
  if (!f) return std::nan("");
  return f->quantity.yuan ? *f->quantity.yuan : f->quantity.value;
}

// A report written inline as text (tab-separated rows are table rows), read by the shipped rules.
DocumentRecord record_of(const std::string& text) {
  auto doc = read_document_bytes(text, "inline.txt");
  EXPECT_TRUE(doc.ok());
  return doc.ok() ? shipped_pipeline().process_document(doc.value()) : DocumentRecord{};
}

// The meta of a text holding one report (empty when it holds another number of reports).
ReportMeta meta_of(const std::string& text) {
  DocumentRecord record = record_of(text);
  EXPECT_EQ(record.reports.size(), 1u) << text;
  return record.reports.size() == 1 ? record.reports[0].meta : ReportMeta{};
}

// The fund block's unit from the closest place that names it: a note row inside the table, the
// row's own label, else the form's 万元.
TEST(ExtractTables, FundBlockUnitFromANoteRowInsideTheTable) {
  const std::string text =
      "2024年度项目支出绩效自评表\n"
      "单位：元\t\t\t\n"
      "项目资金\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
      "年度资金总额：\t120000\t120000\t96000\t80%\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  const Figure* budget = first_of(record.reports[0], "budget.full_year");
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->quantity.unit, "元");
  EXPECT_NEAR(*budget->quantity.yuan, 120000, 1e-6);
}

TEST(ExtractTables, DecoratedHeadersInAnyOrderAndARowUnitInItsLabel) {
  const std::string text =
      "2024年度项目支出绩效自评表\n"
      "资金投入情况\t执行率(B/A)\t全年执行数(B)\t全年预算数(A)\n"
      "年度资金总额（万元）:\t90.00%\t45\t50\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  const Figure* executed = first_of(record.reports[0], "funds.executed");
  const Figure* rate = first_of(record.reports[0], "rate.execution");
  ASSERT_NE(executed, nullptr);
  ASSERT_NE(rate, nullptr);
  EXPECT_NEAR(*executed->quantity.yuan, 450000, 1e-6);
  EXPECT_NEAR(rate->quantity.value, 90, 1e-9);
  EXPECT_TRUE(record.findings.empty());
}

// A title that names its unit by level only ("市财政局2023年度…") takes the full name the text gives,
// when it gives one place before that unit often enough; a word before the name is not the place.
std::string unit_of(const std::string& text) {
  DocumentRecord record = record_of(text);
  return record.reports.empty() ? "(no report)" : record.reports[0].meta.unit;
}

TEST(ExtractMeta, AUnitNamedByLevelInTheTitleTakesItsPlaceFromTheText) {
  const std::string title = "市财政局2023年度城乡道路养护资金绩效自评报告\n";
  // A four-character place, twice before the unit, and once with another office of the city.
  EXPECT_EQ(unit_of(title + "霍林郭勒市财政局负责资金拨付。\n霍林郭勒市交通运输局组织实施。\n"
                            "经霍林郭勒市财政局审核，资金已足额到位。\n"),
            "霍林郭勒市财政局");
  // The same word before both mentions ("由") is not part of the place: the place is the one
  // the text names most often with 市.
  EXPECT_EQ(unit_of(title + "由安和市财政局牵头。\n安和市交通局配合。\n由安和市财政局汇总报送。\n"),
            "安和市财政局");
  // Named in full once only: not enough to go by.
  EXPECT_EQ(unit_of(title + "安和市财政局负责资金拨付。\n"), "市财政局");
  // A title that names its place already, or a unit given by a label, is left as it is.
  EXPECT_EQ(unit_of("安和市财政局2023年度道路养护资金绩效自评报告\n平川安和市财政局。平川安和市财政局。\n"),
            "安和市财政局");
  EXPECT_EQ(unit_of(title + "实施单位：市财政局预算科\n安和市财政局。安和市财政局。\n"), "市财政局预算科");
}

// The 公文 form of a title, "（单位）关于…绩效自评（情况）的报告", is a report title like "…绩效自评报告",
// and 关于 / 的 are not part of the names it gives; a year may be written in Chinese digits, or
// close the title in brackets.
TEST(ExtractMeta, TitlesInTheFormOfAnOfficialReportAbout) {
  const std::string body = "\n一、基本情况。本项目年初预算资金100万元，全年执行95万元，预算执行率95%。\n";
  struct Case {
    std::string title, kind, unit, project;
  };
  for (const Case& c :
       {Case{"关于2023年度农村道路养护项目支出绩效自评的报告", "project", "", "农村道路养护"},
        Case{"安和县交通运输局关于2023年度农村道路养护资金绩效自评情况的报告", "project", "安和县交通运输局",
             "农村道路养护资金"},
        Case{"安和县交通运输局关于2023年度部门整体支出绩效自评工作的报告", "department", "安和县交通运输局",
             ""},
        // The year written in Chinese digits, or closing the title in brackets.
        Case{"安和县交通运输局二〇二三年度部门整体支出绩效自评报告", "department", "安和县交通运输局", ""},
        Case{"安和县交通运输局部门整体支出绩效自评报告（2023年度）", "department", "安和县交通运输局", ""}}) {
    DocumentRecord record = record_of(c.title + body);
    ASSERT_EQ(record.reports.size(), 1u) << c.title;
    const ReportMeta& meta = record.reports[0].meta;
    EXPECT_EQ(meta.title, c.title);
    EXPECT_EQ(meta.kind, c.kind) << c.title;
    EXPECT_EQ(meta.unit, c.unit) << c.title;
    EXPECT_EQ(meta.project, c.project) << c.title;
    EXPECT_EQ(meta.year, 2023) << c.title;
  }
}

// Wordings of other provinces' forms: 预算安排数 / 实际支出数 / 预算执行率 for the fund columns, and
// the central form's 主管部门及代码, whose value is kept as printed, code and all (as real 04's unit
// "219001-…人民政府" is).
TEST(ExtractTables, FundColumnsOfArrangedAndActualSpendingAndASupervisorWithItsCode) {
  const std::string text =
      "2023年度项目支出绩效自评表\n"
      "项目名称\t乡村振兴衔接补助\t\t\t\n"
      "主管部门及代码\t[401]北坪县乡村振兴局\t实施单位\t北坪镇人民政府\n"
      "资金情况（万元）\t预算安排数\t实际支出数\t预算执行率\t分值\t得分\n"
      "资金总额\t245.00\t238.50\t97.35%\t10\t9.7\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_EQ(report.meta.supervisor, "[401]北坪县乡村振兴局");
  EXPECT_EQ(report.meta.unit, "北坪镇人民政府");
  EXPECT_NEAR(value_of(report, "budget.full_year"), 2450000, 1e-6);
  EXPECT_NEAR(value_of(report, "funds.executed"), 2385000, 1e-6);
  EXPECT_NEAR(value_of(report, "rate.execution"), 97.35, 1e-9);
}

// A text export that writes a merged cell once shortens the fund header by its title cell's
// span: the rows below, filled further right and labelled where the header has 预算数, are read
// that many columns over. A header as wide as its rows is read as it stands (real 01: a
// 年度预算数 group heading above the label column).
TEST(ExtractTables, FundRowsShiftedRightOfAHeaderWhoseMergedTitleWasWrittenOnce) {
  const std::string text =
      "2023年度省级财政专项资金项目绩效自评表\n"
      "预算执行情况（万元）（20分）\t预算数\t执行数\t执行率\t得分\n"
      "\t总额\t300\t276\t92%\t18.4\n"
      "\t其中：省级资金\t200\t200\t100%\t—\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_NEAR(value_of(report, "budget.full_year"), 3000000, 1e-6);
  EXPECT_NEAR(value_of(report, "funds.executed"), 2760000, 1e-6);
  EXPECT_NEAR(value_of(report, "rate.execution"), 92, 1e-9);
  EXPECT_NEAR(value_of(report, "score.fund"), 18.4, 1e-9);
}

// A department form that gives its unit in a cell holding label and value ("单位名称：…") and
// closes its indicators with a totals row, under which the form's 填报人 / 填报日期 cells follow.
TEST(ExtractTables, AUnitInALabelAndValueCellAndRowsBelowTheTotalsRow) {
  const std::string text =
      "部门整体支出绩效自评表\n"
      "（2023年度）\n"
      "单位名称：南江县统计局\t金额单位：万元\n"
      "一级指标\t二级指标\t三级指标\t指标值\t完成值\t权重\t得分\n"
      "部门产出\t产出数量\t统计调查任务完成率\t100%\t100%\t60\t60\n"
      "部门效果\t满意度\t服务对象满意度\t≥90%\t92%\t40\t40\n"
      "合计\t\t\t\t\t100\t100\n"
      "填报人：李某\t联系电话：12345678\t填报日期：2024年2月20日\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_EQ(report.meta.unit, "南江县统计局");
  ASSERT_EQ(report.indicators.size(), 2u);
  EXPECT_EQ(report.indicators[1].name, "服务对象满意度");
  EXPECT_TRUE(record.findings.empty());
}

// An indicator block closed by a 合计 of its indicators and then a 总分 with the funds' points is
// totalled by the last row; the 合计 is a subtotal, neither score.max nor score.total.
TEST(ExtractTables, TwoTotalsRowsUnderTheIndicatorsTheLastIsTheTotal) {
  const std::string text =
      "2024年度项目支出绩效自评表\n"
      "项目资金（万元）\t\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
      "\t年度资金总额\t60\t57\t10\t95%\t9.5\n"
      "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
      "产出指标\t数量指标\t演出场次\t≥40场\t42场\t50\t50\n"
      "效益指标\t社会效益指标\t惠及群众\t≥3万人次\t2.9万人次\t40\t38\n"
      "合计\t\t\t\t\t90\t88\n"
      "总分\t\t\t\t\t100\t97.5\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  std::vector<double> max, total;
  for (const Figure& f : record.reports[0].figures) {
    if (f.field == "score.max") max.push_back(f.quantity.value);
    if (f.field == "score.total") total.push_back(f.quantity.value);
  }
  EXPECT_EQ(max, std::vector<double>{100});
  EXPECT_EQ(total, std::vector<double>{97.5});
  EXPECT_EQ(record.reports[0].indicators.size(), 2u);
  EXPECT_TRUE(record.findings.empty());
}

// A 公文-style report ends with its issuer's name over the date: that is its unit when nothing
// else names one, or when the title gives only the start of it (a place). Anything else at the end
// (a sentence, a name no office ends with, a name too far from the date) names nothing.
TEST(ExtractMeta, TheIssuerSignedOverTheDateAtTheEndIsTheUnit) {
  const std::string body = "\n一、资金安排。2022年共支出1,201.3万元，资金执行率为93.44%。\n";
  EXPECT_EQ(unit_of("关于2022年度就业补助资金绩效自评情况的报告" + body +
                    "平阳县人力资源和社会保障局\n2023年3月10日\n"),
            "平阳县人力资源和社会保障局");
  EXPECT_EQ(
      unit_of("关于2022年度就业补助资金绩效自评情况的报告" + body + "平阳县财政局\n二〇二三年三月十日\n"),
      "平阳县财政局");
  EXPECT_EQ(unit_of("平阳县2022年度就业补助资金绩效自评报告" + body +
                    "平阳县人力资源和社会保障局\n2023年3月10日\n"),
            "平阳县人力资源和社会保障局");
  EXPECT_EQ(unit_of("平阳县财政局2022年度就业补助资金绩效自评报告" + body +
                    "平阳县人力资源和社会保障局\n2023年3月10日\n"),
            "平阳县财政局");
  EXPECT_EQ(unit_of("关于2022年度就业补助资金绩效自评情况的报告" + body + "特此报告。\n2023年3月10日\n"), "");
  EXPECT_EQ(unit_of("关于2022年度就业补助资金绩效自评情况的报告" + body +
                    "平阳县人力资源和社会保障局\n2023年3月10日\n"
                    "附：自评结果见上。\n联系人：李某\n电话：123\n"),
            "");
}

// A fund header over two rows whose top row holds one column label among its group titles
// (预算数 merged down beside 执行情况 over 执行数 / 执行率) keeps that column: the top row is no
// key-value row (those are left out of the header, as below).
TEST(ExtractTables, ATwoRowFundHeaderWithOneColumnLabelInItsTopRow) {
  const std::string text =
      "项目支出绩效自评表\n"
      "资金投入情况\t预算数（万元）\t执行情况\t\t打分情况\t\n"
      "\t\t执行数（万元）\t执行率（%）\t分值\t得分\n"
      "年度资金总额\t85.6\t80.2\t93.69\t10\t9.37\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  EXPECT_NEAR(value_of(record.reports[0], "budget.full_year"), 856000, 1e-6);
  EXPECT_NEAR(value_of(record.reports[0], "funds.executed"), 802000, 1e-6);
}

// 填报单位 names the unit that filled the form in (often the supervising department): the 实施单位
// below it is the report's unit; alone, it is.
TEST(ExtractMeta, TheImplementingUnitOverTheUnitThatFilledTheFormIn) {
  const std::string head = "2022年度项目支出绩效自评表\n填报单位（盖章）：清源市水利局\t单位：元\n";
  EXPECT_EQ(unit_of(head + "项目名称\t饮水工程\t实施单位\t清源市农村供水管理站\n"), "清源市农村供水管理站");
  EXPECT_EQ(unit_of(head + "项目名称\t饮水工程\t\t\n"), "清源市水利局");
}

// A form whose title has no year gives it in a labelled cell ("所属年度 | 2023") or line; the title's
// year, when it has one, wins; an amount beside a "2022年度" column label is no year.
TEST(ExtractMeta, TheYearFromALabelledCellWhereTheTitleGivesNone) {
  auto year_of = [](const std::string& text) {
    DocumentRecord record = record_of(text);
    return record.reports.empty() ? std::optional<int>() : record.reports[0].meta.year;
  };
  EXPECT_EQ(
      year_of("项目支出绩效自评表\n项目名称\t河道保洁\t所属年度\t2023\n实施单位\t丰源县河道管理所\t\t\n"),
      2023);
  EXPECT_EQ(year_of("项目支出绩效自评表\n评价年度：2022年度\n项目名称：河道保洁\n"), 2022);
  EXPECT_EQ(
      year_of(
          "2021年度项目支出绩效自评表\n项目名称\t河道保洁\t所属年度\t2023\n实施单位\t丰源县河道管理所\t\t\n"),
      2021);
  EXPECT_EQ(year_of("项目支出绩效自评表\n项目\t2022年度\t150.3\n预算数\t2023年度\t160\n"), std::nullopt);
}

// A 自评表 heading the file ends with, its table not in the file, is no report of its own (an
// empty report would say its form could not be read).
TEST(ExtractMeta, AHeadingTheFileEndsWithIsNoReportOfItsOwn) {
  const std::string text =
      "项目支出绩效自评表\n（2023年度）\n"
      "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
      "\t年度资金总额\t50\t50\t48\t10\t96%\t9.6\n"
      "太平县文化馆2023年度非遗保护项目绩效自评报告\n"
      "一、项目概况。项目全年预算数50万元，全年执行数48万元。\n"
      "项目支出绩效自评表\n";
  DocumentRecord record = record_of(text);
  EXPECT_EQ(record.reports.size(), 1u);
  for (const Finding& f : record.findings) EXPECT_NE(f.kind, "coverage") << f.message;
}

// A key-value row right above the indicator header ("实施单位" ends with 单位, a target's unit
// column) is read as key-value cells, not as the top of a two-row header.
TEST(ExtractTables, AKeyValueRowRightAboveTheIndicatorHeader) {
  const std::string text =
      "2021年度乡村道路维修项目绩效自评表\n"
      "项目名称\t乡村道路维修\t实施单位\t安和县公路站\t\t\t\n"
      "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\n"
      "产出（60分）\t产出数量\t维修道路里程\t≥20公里\t21公里\t60\t60\n"
      "效益（40分）\t社会效益\t群众出行条件改善\t有效改善\t有效改善\t40\t38\n"
      "合计\t\t\t\t\t100\t98\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  EXPECT_EQ(record.reports[0].meta.unit, "安和县公路站");
  EXPECT_EQ(record.reports[0].meta.project, "乡村道路维修");
  ASSERT_EQ(record.reports[0].indicators.size(), 2u);
  EXPECT_EQ(record.reports[0].indicators[0].name, "维修道路里程");
  EXPECT_TRUE(record.findings.empty());
}

// Family C keeps 预算执行率 among its indicators (项目管理): with no fund row or sentence giving
// it, that indicator's actual value is the report's rate.execution; with one, the fund row's is.
TEST(ExtractTables, AnExecutionRateIndicatorStandsInForTheFundRow) {
  const std::string indicators =
      "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\n"
      "过程（20分）\t资金管理\t预算执行率\t≥90%\t95%\t10\t10\n"
      "\t\t资金到位率\t100%\t100%\t10\t10\n"
      "产出（80分）\t产出数量\t维修道路里程\t≥20公里\t21公里\t80\t80\n";
  auto rates = [](const std::string& text) {
    DocumentRecord record = record_of(text);
    std::vector<std::string> out;
    for (const Figure& f : record.reports.at(0).figures)
      if (f.field.rfind("rate.", 0) == 0) out.push_back(f.field + "=" + f.text + " " + f.rule);
    return out;
  };
  EXPECT_EQ(rates("2021年度乡村道路维修项目绩效自评表\n" + indicators),
            (std::vector<std::string>{"rate.execution=95% table.indicator_figure",
                                      "rate.arrival=100% table.indicator_figure"}));
  // A sentence gives the execution rate: it is the figure, the indicator only gives the arrival rate.
  EXPECT_EQ(rates("2021年度乡村道路维修项目绩效自评表\n项目预算执行率为96%。\n" + indicators),
            (std::vector<std::string>{"rate.execution=96% rate.execution.budget",
                                      "rate.arrival=100% table.indicator_figure"}));
}

// The transfer-payment form (family D) names its project 转移支付（项目）名称, its unit 资金使用单位,
// and two supervisors, of which the local one is the unit's.
TEST(ExtractMeta, TheTransferPaymentFormsLabels) {
  const std::string text =
      "2023年度中央对地方转移支付区域绩效目标自评表\n"
      "转移支付（项目）名称\t农村综合改革转移支付\t\t\n"
      "中央主管部门\t财政部\t\t\n"
      "地方主管部门\t安和县财政局\t资金使用单位\t安和县农业农村局\n"
      "资金投入情况（万元）\t全年预算数（A）\t全年执行数（B）\t执行率（B/A）\n"
      "年度资金总额\t500\t480\t96%\n";
  DocumentRecord record = record_of(text);
  ASSERT_EQ(record.reports.size(), 1u);
  const ReportMeta& meta = record.reports[0].meta;
  EXPECT_EQ(meta.project, "农村综合改革转移支付");
  EXPECT_EQ(meta.unit, "安和县农业农村局");
  EXPECT_EQ(meta.supervisor, "安和县财政局");
}

// A 自评表 set apart into its fund block and its indicator table by a heading is one report; a
// second fund block (or a second indicator table) starts the next one.
TEST(ExtractSegments, AFormSplitIntoTwoTablesIsOneReport) {
  const std::string funds =
      "预算执行情况（万元）（20分）\t预算数（A）\t执行数（B）\t执行率（B/A）\t得分（20分*执行率）\n"
      "年度财政资金总额\t80\t76\t95%\t19\n";
  const std::string indicators =
      "一级指标\t二级指标\t三级指标\t指标值\t完成值\t分值\t得分\n"
      "产出指标（40分）\t数量指标\t养护面积\t≥50万平方米\t52万平方米\t40\t40\n"
      "效益指标（40分）\t生态效益\t绿化覆盖率\t≥40%\t41%\t40\t40\n"
      "总分\t\t\t\t\t100\t99\n";
  const std::string heading = "年度绩效目标完成情况（80分）\n";
  DocumentRecord one = record_of("2022年度项目支出绩效自评表\n" + funds + heading + indicators);
  ASSERT_EQ(one.reports.size(), 1u);
  EXPECT_EQ(one.reports[0].indicators.size(), 2u);
  EXPECT_NE(first_of(one.reports[0], "score.fund"), nullptr);
  EXPECT_TRUE(one.findings.empty()) << one.findings.size() << " " << one.findings[0].message;
  DocumentRecord two = record_of("2022年度项目支出绩效自评表\n" + funds + heading + indicators +
                                 "说明：见附件。\n" + funds + heading + indicators);
  ASSERT_EQ(two.reports.size(), 2u);
  EXPECT_EQ(two.reports[1].indicators.size(), 2u);
}

// 执行率 written as a fraction (0.95, 1.00: a spreadsheet's percent format lost on export) is
// that percent; a whole number (95) or a larger one is a percent as written.
TEST(ExtractTables, AnExecutionRateWrittenAsAFraction) {
  auto rate_and_findings = [](const std::string& rate, const std::string& executed) {
    const std::string text =
        "2023年度项目支出绩效自评表\n"
        "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
        "年度资金总额\t150\t150\t" +
        executed + "\t10\t" + rate + "\t10\n";
    DocumentRecord record = record_of(text);
    const Figure* f = first_of(record.reports.at(0), "rate.execution");
    return std::make_pair(f ? f->quantity.value : -1.0, record.findings.size());
  };
  EXPECT_EQ(rate_and_findings("1.00", "150"), std::make_pair(100.0, size_t{0}));
  EXPECT_EQ(rate_and_findings("1", "150"), std::make_pair(100.0, size_t{0}));
  EXPECT_EQ(rate_and_findings("100", "150"), std::make_pair(100.0, size_t{0}));
  EXPECT_EQ(rate_and_findings("100%", "150"), std::make_pair(100.0, size_t{0}));
  const auto fraction = rate_and_findings("0.95", "142.5");
  EXPECT_NEAR(fraction.first, 95, 1e-9);
}

// An indicator table of two levels names each indicator in its 二级指标 column.
TEST(ExtractTables, ATwoLevelIndicatorTableNamesItsIndicatorsInTheSecondLevel) {
  const std::string text =
      "2023年度项目支出绩效自评表\n"
      "一级指标\t二级指标\t指标值\t实际完成值\t分值\t得分\n"
      "产出指标\t维修道路里程\t≥20公里\t21公里\t50\t50\n"
      "\t验收合格率\t100%\t100%\t40\t40\n"
      "满意度指标\t群众满意度\t≥90%\t92%\t10\t10\n";
  DocumentRecord record = record_of(text);
  std::vector<std::string> names;
  for (const Indicator& i : record.reports.at(0).indicators) names.push_back(i.level1 + "/" + i.name);
  EXPECT_EQ(names, (std::vector<std::string>{"产出指标/维修道路里程", "产出指标/验收合格率",
                                             "满意度指标/群众满意度"}));
}

// 预算数 is the full-year budget where the header has no other budget column, and the budget
// before the adjustment where it stands beside 调整后预算数: the rate is then checked against the
// adjusted budget and holds.
TEST(ExtractTables, ABareBudgetColumnBesideTheAdjustedOneIsTheBudgetBeforeIt) {
  DocumentRecord beside = record_of(
      "2021年度项目支出绩效自评表\n"
      "项目名称\t村道亮化改造\n"
      "资金情况（万元）\t预算数\t调整后预算数\t执行数（B）\t执行率（全年执行数/全年预算数）\n"
      "资金总额\t64.00\t70.00\t68.25\t97.50%\n");
  ASSERT_EQ(beside.reports.size(), 1u);
  EXPECT_NEAR(value_of(beside.reports[0], "budget.initial"), 640000, 1e-6);
  EXPECT_NEAR(value_of(beside.reports[0], "budget.full_year"), 700000, 1e-6);
  EXPECT_TRUE(std::none_of(beside.findings.begin(), beside.findings.end(),
                           [](const Finding& f) { return f.kind == "rate.mismatch"; }));

  DocumentRecord alone = record_of(
      "2021年度项目支出绩效自评表\n"
      "项目名称\t村道亮化改造\n"
      "资金情况（万元）\t预算数\t执行数（B）\t执行率\n"
      "资金总额\t70.00\t68.25\t97.50%\n");
  ASSERT_EQ(alone.reports.size(), 1u);
  EXPECT_NEAR(value_of(alone.reports[0], "budget.full_year"), 700000, 1e-6);
  EXPECT_TRUE(std::isnan(value_of(alone.reports[0], "budget.initial")));
}

// 实际完成指标值 ends with 指标值 (a target word) but is the value reached.
TEST(ExtractTables, TheIndicatorColumnsOfExpectedAndReachedIndicatorValues) {
  DocumentRecord record = record_of(
      "2022年度项目支出绩效自评表\n"
      "项目名称\t校舍维修\n"
      "一级指标\t二级指标\t三级指标\t预期指标值\t实际完成指标值\t权重\t自评得分\n"
      "产出指标\t数量指标\t维修校舍面积\t≥1200平方米\t1260平方米\t50\t50\n");
  ASSERT_EQ(record.reports.size(), 1u);
  ASSERT_EQ(record.reports[0].indicators.size(), 1u);
  const Indicator& i = record.reports[0].indicators[0];
  EXPECT_EQ(i.target, "≥1200平方米");
  EXPECT_EQ(i.actual, "1260平方米");
  EXPECT_EQ(i.weight, 50);
  EXPECT_EQ(i.score, 50);
}

// The findings of one kind in a record.
std::vector<const Finding*> of_kind(const DocumentRecord& record, const std::string& kind) {
  std::vector<const Finding*> out;
  for (const Finding& f : record.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

// The record of the department block of total 420 / 450 / 441, by source 财政拨款 400 / 428 / 420
// and 其他资金 20 / 22 / 21, by use 基本支出 300 / 310 / 306 and 项目支出 120 / 140 / 135.
void expect_fund_total_broken_down_twice(const DocumentRecord& record) {
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_NEAR(value_of(report, "budget.full_year"), 4500000, 1e-6);
  EXPECT_NEAR(value_of(report, "budget.fiscal_full_year"), 4280000, 1e-6);
  EXPECT_EQ(first_of(report, "budget.fiscal_full_year")->label, "财政拨款");
  std::vector<std::string> part_labels;
  for (const Figure& f : report.figures)
    if (f.field == "component.executed") part_labels.push_back(f.label);
  EXPECT_EQ(part_labels, (std::vector<std::string>{"其他资金"}));
  EXPECT_NEAR(value_of(report, "budget.basic"), 3000000, 1e-6);
  EXPECT_NEAR(value_of(report, "expenditure.basic"), 3060000, 1e-6);
  EXPECT_NEAR(value_of(report, "expenditure.project"), 1350000, 1e-6);
  EXPECT_TRUE(of_kind(record, "sum.mismatch").empty());
}

// The department form's fund block gives the total twice over: by source (按收入性质分) and by use
// (按支出性质分), each group label left of its rows' own labels. Each row is read under its own
// label, and each breakdown is held to the total on its own.
TEST(ExtractTables, AFundTotalBrokenDownBySourceAndByUseIsCheckedPerBreakdown) {
  auto form = [](const std::string& basic_executed) {
    return "2023年度部门整体支出绩效自评表\n"
           "部门（单位）名称\t某县档案馆\n"
           "年度预算申请（万元）\t\t\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
           "\t年度资金总额\t\t420.00\t450.00\t441.00\t98.00%\n"
           "\t按收入性质分\t财政拨款\t400.00\t428.00\t420.00\t—\n"
           "\t\t其他资金\t20.00\t22.00\t21.00\t—\n"
           "\t按支出性质分\t基本支出\t300.00\t310.00\t" +
           basic_executed +
           "\t—\n"
           "\t\t项目支出\t120.00\t140.00\t135.00\t—\n";
  };
  expect_fund_total_broken_down_twice(record_of(form("306.00")));

  // 基本支出 296 + 项目支出 135 = 431, not 441: that breakdown alone is the finding.
  DocumentRecord bad = record_of(form("296.00"));
  const auto found = of_kind(bad, "sum.mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("431"), std::string::npos) << found[0]->message;
  EXPECT_EQ(found[0]->message.find("420.00"), std::string::npos) << found[0]->message;
}

// The same block as Word writes it: the group cells merged down over their rows (w:vMerge), the
// total's label across both label columns (w:gridSpan).
TEST(ExtractTables, AFundTotalBrokenDownTwiceInAWordTableWithMergedGroupCells) {
  using testing::DocxBuilder;
  using testing::para;
  auto tc = [](const std::string& text, const std::string& tcpr = "") {
    return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + para(text) + "</w:tc>";
  };
  auto tr = [](const std::string& cells) { return "<w:tr>" + cells + "</w:tr>"; };
  const std::string down = "<w:vMerge w:val=\"restart\"/>", on = "<w:vMerge/>";
  auto values = [&](const char* a, const char* b, const char* c) { return tc(a) + tc(b) + tc(c) + tc("—"); };
  std::string rows =
      tr(tc("年度预算申请（万元）", down) + tc("", "<w:gridSpan w:val=\"2\"/>") + tc("年初预算数") +
         tc("全年预算数") + tc("全年执行数") + tc("执行率")) +
      tr(tc("", on) + tc("年度资金总额", "<w:gridSpan w:val=\"2\"/>") + tc("420.00") + tc("450.00") +
         tc("441.00") + tc("98.00%")) +
      tr(tc("", on) + tc("按收入性质分", down) + tc("财政拨款") + values("400.00", "428.00", "420.00")) +
      tr(tc("", on) + tc("", on) + tc("其他资金") + values("20.00", "22.00", "21.00")) +
      tr(tc("", on) + tc("按支出性质分", down) + tc("基本支出") + values("300.00", "310.00", "306.00")) +
      tr(tc("", on) + tc("", on) + tc("项目支出") + values("120.00", "140.00", "135.00"));
  std::string grid = "<w:tblGrid>";
  for (int i = 0; i < 7; ++i) grid += "<w:gridCol w:w=\"1000\"/>";
  DocxBuilder docx;
  docx.body(para("2023年度部门整体支出绩效自评表") + "<w:tbl><w:tblPr/>" + grid + "</w:tblGrid>" + rows +
            "</w:tbl>");
  auto doc = read_document_bytes(docx.build(), "grouped.docx");
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  expect_fund_total_broken_down_twice(shipped_pipeline().process_document(doc.value()));
}

// The fund block as label-value pairs: a row of labels each followed by its number is no header;
// a bare amount takes the unit its label names; 分值 and 得分 are the fund row's in the row that
// gives the execution rate, so the indicator weights (90) and the fund's (10) add up to 100.
TEST(ExtractTables, AFundBlockWrittenAsLabelValuePairs) {
  DocumentRecord record = record_of(
      "2022年度项目支出绩效自评表\n"
      "项目名称\t残疾人两项补贴\t实施单位\t某县残疾人联合会\n"
      "年初预算数（万元）\t320\t全年预算数（万元）\t335.6\t全年执行数（万元）\t330.2\n"
      "预算执行率\t98.39%\t分值\t10\t得分\t9.84\n"
      "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
      "产出指标\t数量指标\t补贴发放人数\t≥2000人\t2108人\t60\t60\n"
      "满意度指标\t服务对象满意度指标\t受益人满意度\t≥90%\t95%\t30\t30\n"
      "总分\t\t\t\t\t100\t99.84\n");
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_NEAR(value_of(report, "budget.initial"), 3200000, 1e-6);
  EXPECT_NEAR(value_of(report, "budget.full_year"), 3356000, 1e-6);
  EXPECT_NEAR(value_of(report, "funds.executed"), 3302000, 1e-6);
  EXPECT_NEAR(value_of(report, "rate.execution"), 98.39, 1e-9);
  EXPECT_NEAR(value_of(report, "weight.fund"), 10, 1e-9);
  EXPECT_NEAR(value_of(report, "score.fund"), 9.84, 1e-9);
  EXPECT_EQ(report.indicators.size(), 2u);
  EXPECT_TRUE(record.findings.empty()) << record.findings.front().message;

  // 分值 and 得分 in a row of no fund pair are not the fund row's.
  DocumentRecord alone = record_of(
      "2022年度项目支出绩效自评表\n"
      "项目名称\t残疾人两项补贴\t分值\t10\t得分\t9\n");
  ASSERT_EQ(alone.reports.size(), 1u);
  EXPECT_TRUE(std::isnan(value_of(alone.reports[0], "weight.fund")));
  EXPECT_TRUE(std::isnan(value_of(alone.reports[0], "score.fund")));
}

// Pairs named as the fund block's columns are (预算数（A）, 调整预算数), and rows of pairs for the
// total's parts: a part row, labelled so or otherwise under the total's, or unlabelled under it as
// a text export writes a label merged down, gives no figure of the total.
TEST(ExtractTables, FundPairsNamedAsColumnsAndPartRowsOfPairs) {
  DocumentRecord record = record_of(
      "2023年度区域绩效目标自评表\n"
      "资金使用单位\t临江县农业农村局\n"
      "资金情况（万元）\t年度资金总额\t预算数（A）\t4560.00\t执行数（B）\t4312.80\t执行率（B/A）\t94.58%\n"
      "\t其中：中央补助\t预算数（A）\t3200.00\t执行数（B）\t3056.00\t执行率（B/A）\t95.50%\n"
      "\t\t预算数（A）\t1360.00\t执行数（B）\t1256.80\t执行率（B/A）\t92.41%\n"
      "\t县级配套\t预算数（A）\t1360.00\t执行数（B）\t1256.80\t执行率（B/A）\t92.41%\n");
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  auto count = [&](const std::string& field) {
    return std::count_if(report.figures.begin(), report.figures.end(),
                         [&](const Figure& f) { return f.field == field; });
  };
  EXPECT_NEAR(value_of(report, "budget.full_year"), 45600000, 1e-6);
  EXPECT_NEAR(value_of(report, "funds.executed"), 43128000, 1e-6);
  EXPECT_NEAR(value_of(report, "rate.execution"), 94.58, 1e-9);
  EXPECT_EQ(count("budget.full_year"), 1);
  EXPECT_EQ(count("funds.executed"), 1);
  EXPECT_EQ(count("rate.execution"), 1);
  EXPECT_TRUE(record.findings.empty()) << record.findings.front().message;
}

// Rows of fund pairs for the total's parts give the parts' fields, each pair by its fund column:
// a part the vocabulary names (财政资金) its own, another (单位资金) a component's. A part's row of
// "权重 | / | 得分 | /" is still a row of pairs (no header), and its 分值 and 得分 are none of the
// total's.
TEST(ExtractTables, RowsOfFundPairsForPartsGiveThePartsFields) {
  DocumentRecord record = record_of(
      "部门预算项目支出绩效自评表(2022年度)\n"
      "项目名称\t临时救助资金\n"
      "预算执行情况(10分)\t总额\t年初预算\t156.00\t调整后预算数\t148.50\t预算执行数\t146.20\t预算执行率\t98."
      "45%\t"
      "权重\t10\t得分\t9.85\n"
      "\t其中:财政资金\t年初预算\t150.00\t调整后预算数\t142.50\t预算执行数\t140.20\t预算执行率\t98.39%\t"
      "权重\t/\t得分\t/\n"
      "\t单位资金\t年初预算\t6.00\t调整后预算数\t6.00\t预算执行数\t6.00\t预算执行率\t100.00%\t权重\t/\t"
      "得分\t/\n");
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  auto count = [&](const std::string& field) {
    return std::count_if(report.figures.begin(), report.figures.end(),
                         [&](const Figure& f) { return f.field == field; });
  };
  EXPECT_NEAR(value_of(report, "budget.initial"), 1560000, 1e-6);
  EXPECT_NEAR(value_of(report, "funds.executed"), 1462000, 1e-6);
  EXPECT_NEAR(value_of(report, "weight.fund"), 10, 1e-9);
  EXPECT_NEAR(value_of(report, "score.fund"), 9.85, 1e-9);
  EXPECT_EQ(count("budget.initial"), 1);
  EXPECT_EQ(count("weight.fund"), 1);
  EXPECT_NEAR(value_of(report, "budget.fiscal_initial"), 1500000, 1e-6);
  EXPECT_NEAR(value_of(report, "budget.fiscal_full_year"), 1425000, 1e-6);
  EXPECT_NEAR(value_of(report, "funds.fiscal_executed"), 1402000, 1e-6);
  EXPECT_EQ(count("component.initial"), 1);
  EXPECT_NEAR(value_of(report, "component.executed"), 60000, 1e-6);
  EXPECT_EQ(count("component.rate"), 2);
  EXPECT_TRUE(record.findings.empty()) << record.findings.front().message;
}

// The fund block's check holds rows of pairs as it holds a grid, column by column (the pairs of
// one label): a total left 0 while a part is filled is found. A part's row with every value blank
// is one more row of pairs, no header, and a bare 0 beside 执行率 is 0%.
TEST(ExtractTables, TheFundBlockCheckOnRowsOfPairs) {
  DocumentRecord record = record_of(
      "项目支出绩效自评表(2022年度)\n"
      "项目名称\t村级运转经费\n"
      "项目资金（万元）\t年度资金总额\t年初预算数\t0\t全年预算数\t0\t全年执行数\t0\t分值\t10\t执行率\t0\t得分"
      "\t0\n"
      "\t上年结转资金\t年初预算数\t\t全年预算数\t\t全年执行数\t\t分值\t\t执行率\t\t得分\t\n"
      "\t其中：本年财政拨款\t年初预算数\t202.64\t全年预算数\t132.91\t全年执行数\t132.91\t分值\t\t执行率\t\t"
      "得分\t\n");
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_NEAR(value_of(report, "rate.execution"), 0, 1e-9);
  EXPECT_NEAR(value_of(report, "budget.fiscal_initial"), 2026400, 1e-6);
  EXPECT_NEAR(value_of(report, "funds.fiscal_executed"), 1329100, 1e-6);
  const auto found = of_kind(record, "sum.mismatch");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_NE(found[0]->message.find("202.64"), std::string::npos) << found[0]->message;
}

// A fund row's pairs over several rows: 分值 and 得分 in a row of their own under the row that gives
// the rate are the fund row's; the money unit named at the top of the run of pairs holds for all
// its rows; a block that prints no 分值 takes its points from its title row.
TEST(ExtractTables, AFundRowsPairsOverSeveralRows) {
  DocumentRecord record = record_of(
      "2023年度项目支出绩效自评表\n"
      "项目资金（元）\t年度资金总额\t年初预算数\t512000.00\t全年预算数\t498600.00\n"
      "\t\t全年执行数\t476318.40\t执行率\t95.53%\n"
      "\t\t分值\t10\t得分\t9.55\n"
      "\t其中：当年财政拨款\t年初预算数\t512000.00\t全年预算数\t498600.00\n"
      "\t\t全年执行数\t476318.40\t执行率\t95.53%\n");
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_NEAR(value_of(report, "funds.executed"), 476318.4, 1e-6);
  EXPECT_NEAR(value_of(report, "weight.fund"), 10, 1e-9);
  EXPECT_NEAR(value_of(report, "score.fund"), 9.55, 1e-9);
  EXPECT_NEAR(value_of(report, "funds.fiscal_executed"), 476318.4, 1e-6);
  EXPECT_NEAR(value_of(report, "budget.fiscal_initial"), 512000, 1e-6);

  DocumentRecord titled = record_of(
      "2023年度职业技能提升培训项目自评表\n"
      "项目名称\t职业技能提升培训\n"
      "预算执行情况（万元）（20分）\t\t\t\n"
      "年度财政资金总额\t\t预算数（A）\t86.50\t执行数（B）\t79.80\t执行率（B/"
      "A）\t92.25%\t得分（20分*执行率）\t18.45\n");
  ASSERT_EQ(titled.reports.size(), 1u);
  EXPECT_NEAR(value_of(titled.reports[0], "weight.fund"), 20, 1e-9);
  EXPECT_NEAR(value_of(titled.reports[0], "score.fund"), 18.45, 1e-9);
}

// The fund block as a column of pairs under its title ("项目资金（万元）| 年初预算数 | 35" over
// " | 全年预算数 | 38.5" …): 分值 and 得分 in rows of their own are the fund row's, as the title's
// rows are its one fund row; a score with its grade beside it ("96.5分（优）") is read.
TEST(ExtractTables, AFundBlockAsAColumnOfPairsUnderItsTitle) {
  DocumentRecord record = record_of(
      "项目支出绩效自评表\n（2021年度）\n"
      "项目名称\t农村实用人才培训经费\t自评得分\t96.5分（优）\n"
      "项目资金（万元）\t年初预算数\t35\t\n"
      "\t全年预算数\t38.5\t\n"
      "\t全年执行数\t37.2\t\n"
      "\t执行率\t96.62%\t\n"
      "\t分值\t10\t\n"
      "\t得分\t9.66\t\n");
  ASSERT_EQ(record.reports.size(), 1u);
  const Report& report = record.reports[0];
  EXPECT_NEAR(value_of(report, "budget.full_year"), 385000, 1e-6);
  EXPECT_NEAR(value_of(report, "rate.execution"), 96.62, 1e-9);
  EXPECT_NEAR(value_of(report, "weight.fund"), 10, 1e-9);
  EXPECT_NEAR(value_of(report, "score.fund"), 9.66, 1e-9);
  EXPECT_NEAR(value_of(report, "score.total"), 96.5, 1e-9);
}

// A blank 得分 in a fund block whose points are in its title is reported on the row left blank.
TEST(ExtractTables, ABlankFundScoreUnderPointsInTheTitleNamesItsRow) {
  DocumentRecord record = record_of(
      "2023年度职业技能提升培训项目自评表\n"
      "项目名称\t职业技能提升培训\t\t\t\n"
      "预算执行情况（万元）（20分）\t预算数（A）\t执行数（B）\t执行率（B/A）\t得分（20分*执行率）\n"
      "年度财政资金总额\t86.50\t79.80\t92.25%\t\n");
  ASSERT_EQ(record.reports.size(), 1u);
  const auto found = of_kind(record, "score.missing");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("“年度财政资金总额”行有分值20分"), std::string::npos) << found[0]->message;
}

// The form's own 自评得分 cell left blank while every item is scored: the total is missing (R0),
// never inferred. Filled in, or with no item scored, nothing is said.
TEST(ExtractTables, ABlankSelfScoreCellWithScoredItemsIsMissing) {
  auto form = [](const std::string& self_score) {
    return record_of(
        "2023年度项目支出绩效自评表\n"
        "项目名称\t学生资助资金\t自评得分\t" +
        self_score +
        "\t财政审核评分\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际值\t分值\t得分\n"
        "产出指标\t数量指标\t资助人数\t≥1200人\t1236人\t50\t50\n"
        "满意度指标\t服务对象满意度指标\t受助学生满意度\t≥90%\t95%\t50\t49\n");
  };
  for (const std::string blank : {"", "/"}) {
    DocumentRecord record = form(blank);
    const auto found = of_kind(record, "score.missing");
    ASSERT_EQ(found.size(), 1u) << "[" << blank << "]";
    EXPECT_NE(found[0]->message.find("“自评得分”为空"), std::string::npos) << found[0]->message;
    EXPECT_NE(found[0]->message.find("99分"), std::string::npos) << found[0]->message;
  }
  EXPECT_TRUE(of_kind(form("99"), "score.missing").empty());
}

// A totals row that names its own numbers ("合计 | 权重 | 100 | 得分 | 99.85") is read by them, even
// where Word's merged cells put the score under the header's 权重 column as well as its 得分.
TEST(ExtractTables, ATotalsRowNamingItsOwnNumbers) {
  using testing::DocxBuilder;
  using testing::para;
  auto tc = [](const std::string& text, int span = 1) {
    return "<w:tc>" +
           (span > 1 ? "<w:tcPr><w:gridSpan w:val=\"" + std::to_string(span) + "\"/></w:tcPr>" : "") +
           para(text) + "</w:tc>";
  };
  auto tr = [](const std::string& cells) { return "<w:tr>" + cells + "</w:tr>"; };
  std::string rows = tr(tc("一级指标") + tc("二级指标") + tc("三级指标") + tc("指标值") + tc("完成值") +
                        tc("权重") + tc("得分")) +
                     tr(tc("产出指标") + tc("数量指标") + tc("救助人次") + tc("≥2600人次") + tc("2714人次") +
                        tc("50") + tc("50")) +
                     tr(tc("满意度指标") + tc("服务对象满意度指标") + tc("救助对象满意度") + tc("≥90%") +
                        tc("88%") + tc("50") + tc("49.85")) +
                     tr(tc("合计") + tc("权重") + tc("100", 2) + tc("得分") + tc("99.85", 2));
  std::string grid = "<w:tblGrid>";
  for (int i = 0; i < 7; ++i) grid += "<w:gridCol w:w=\"1000\"/>";
  DocxBuilder docx;
  docx.body(para("2022年度项目支出绩效自评表") + "<w:tbl><w:tblPr/>" + grid + "</w:tblGrid>" + rows +
            "</w:tbl>");
  auto doc = read_document_bytes(docx.build(), "totals.docx");
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  DocumentRecord record = shipped_pipeline().process_document(doc.value());
  ASSERT_EQ(record.reports.size(), 1u);
  EXPECT_NEAR(value_of(record.reports[0], "score.max"), 100, 1e-9);
  EXPECT_NEAR(value_of(record.reports[0], "score.total"), 99.85, 1e-9);
}

// A result merged down over two indicators (Word's w:vMerge) is each one's; a weight merged down
// over them is the pair's, given once.
TEST(ExtractTables, AResultMergedDownOverTwoIndicators) {
  using testing::DocxBuilder;
  using testing::para;
  auto tc = [](const std::string& text, const std::string& tcpr = "") {
    return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + para(text) + "</w:tc>";
  };
  auto tr = [](const std::string& cells) { return "<w:tr>" + cells + "</w:tr>"; };
  const std::string down = "<w:vMerge w:val=\"restart\"/>", on = "<w:vMerge/>";
  std::string rows =
      tr(tc("一级指标") + tc("二级指标") + tc("三级指标") + tc("年度指标值") + tc("实际完成值") + tc("分值") +
         tc("得分")) +
      tr(tc("产出指标") + tc("质量指标") + tc("救助资金发放准确率") + tc("100%") + tc("100%", down) +
         tc("30") + tc("30")) +
      tr(tc("") + tc("时效指标") + tc("救助资金按月发放率") + tc("100%") + tc("", on) + tc("30") + tc("30")) +
      tr(tc("满意度指标") + tc("服务对象满意度指标") + tc("救助对象满意度") + tc("≥90%") + tc("93%") +
         tc("40", down) + tc("40", down)) +
      tr(tc("") + tc("") + tc("救助对象投诉办结率") + tc("100%") + tc("100%") + tc("", on) + tc("", on));
  std::string grid = "<w:tblGrid>";
  for (int i = 0; i < 7; ++i) grid += "<w:gridCol w:w=\"1000\"/>";
  DocxBuilder docx;
  docx.body(para("2022年度项目支出绩效自评表") + "<w:tbl><w:tblPr/>" + grid + "</w:tblGrid>" + rows +
            "</w:tbl>");
  auto doc = read_document_bytes(docx.build(), "merged.docx");
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  DocumentRecord record = shipped_pipeline().process_document(doc.value());
  ASSERT_EQ(record.reports.size(), 1u);
  const auto& inds = record.reports[0].indicators;
  ASSERT_EQ(inds.size(), 4u);
  EXPECT_EQ(inds[0].actual, "100%");
  EXPECT_EQ(inds[1].actual, "100%");
  EXPECT_EQ(inds[1].level2, "时效指标");
  ASSERT_TRUE(inds[2].weight.has_value());
  EXPECT_DOUBLE_EQ(*inds[2].weight, 40);
  EXPECT_FALSE(inds[3].weight.has_value());
}

// The 20/80 form's fund block with one row and no row label: its values stand right under the
// header, the block's title (with its points) merged down beside them. A row of column numbers
// between them is passed over.
TEST(ExtractTables, AFundBlockOfOneUnlabelledRowUnderItsHeader) {
  for (const std::string numbering : {"", "\t1\t2\t3\t4\t5\n"}) {
    DocumentRecord record = record_of(
        "2023年度财政支出项目绩效自评表\n"
        "项目名称：中小学校舍安全维修\n"
        "预算执行情况（20分）\t年初预算数（万元）\t全年预算数（万元）\t全年执行数（万元）\t执行率\t"
        "得分（20分*执行率）\n" +
        numbering + "\t500\t480\t470.4\t98%\t19.6\n");
    ASSERT_EQ(record.reports.size(), 1u);
    const Report& report = record.reports[0];
    EXPECT_NEAR(value_of(report, "budget.initial"), 5000000, 1e-6) << numbering;
    EXPECT_NEAR(value_of(report, "budget.full_year"), 4800000, 1e-6) << numbering;
    EXPECT_NEAR(value_of(report, "funds.executed"), 4704000, 1e-6) << numbering;
    EXPECT_NEAR(value_of(report, "rate.execution"), 98, 1e-9) << numbering;
    EXPECT_NEAR(value_of(report, "score.fund"), 19.6, 1e-9) << numbering;
    EXPECT_NEAR(value_of(report, "weight.fund"), 20, 1e-9) << numbering;
    EXPECT_EQ(first_of(report, "funds.executed")->label, "预算执行情况（20分）");
  }
}

// The department form that gives each level its own 分值: an indicator's weight is the one right
// of its name; the level-1 and level-2 points are its parents'.
TEST(ExtractTables, EveryIndicatorLevelWithItsOwnPointsColumn) {
  DocumentRecord record = record_of(
      "某县统计局2022年度部门整体支出绩效自评表\n"
      "一级指标\t分值\t二级指标\t分值\t三级指标\t分值\t评分标准\t得分\n"
      "部门决策\t40\t目标设定\t40\t绩效目标合理性\t25\t合理得满分\t25\n"
      "\t\t\t\t绩效指标明确性\t15\t明确得满分\t14\n"
      "部门绩效\t60\t部门履职\t60\t重点工作完成率\t60\t完成得满分\t58\n"
      "合计\t100\t\t100\t\t100\t\t97\n");
  ASSERT_EQ(record.reports.size(), 1u);
  std::vector<std::pair<double, double>> points;
  for (const Indicator& i : record.reports[0].indicators)
    points.emplace_back(i.weight.value_or(-1), i.score.value_or(-1));
  EXPECT_EQ(points, (std::vector<std::pair<double, double>>{{25, 25}, {15, 14}, {60, 58}}));
  EXPECT_TRUE(std::none_of(record.findings.begin(), record.findings.end(),
                           [](const Finding& f) { return f.kind == "score.sum"; }));
}

// The fund row's points printed only in a title row above a two-row header, or only in the 得分
// heading ("得分（20分*执行率）"): either way they are its weight, and a score above
// min(1, 执行率) × 分值 is found.
TEST(ExtractTables, TheFundPointsAboveTheHeaderOrInTheScoreHeading) {
  const std::vector<std::string> forms = {
      "预算执行情况（20分）\t\t\t预算执行情况（万元）\t\t\t\t\n"
      "\t\t\t预算数\t执行数\t执行率\t得分\t\n"
      "\t年度资金总额\t\t50.00\t44.00\t88%\t20\t\n",
      "预算执行情况（万元）\t\t\t预算数\t执行数\t执行率\t得分（20分*执行率）\t\n"
      "年度资金总额\t\t\t50.00\t44.00\t88%\t20\t\n"};
  for (const std::string& form : forms) {
    DocumentRecord record = record_of("2023年度项目支出绩效自评表\n项目名称\t社区助餐\n" + form);
    ASSERT_EQ(record.reports.size(), 1u);
    EXPECT_NEAR(value_of(record.reports[0], "weight.fund"), 20, 1e-9) << form;
    EXPECT_TRUE(std::any_of(record.findings.begin(), record.findings.end(), [](const Finding& f) {
      return f.kind == "score.over";
    })) << form;
  }
}

// "35元" among a fund block's 万元 parts that add up once it is read in 万元: one unit slip, not
// also a total that does not add up.
TEST(ExtractTables, AUnitSlipInAFundPartIsOneFinding) {
  DocumentRecord record = record_of(
      "2023年度项目支出绩效自评表\n"
      "项目名称\t社区助餐\n"
      "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\n"
      "年度资金总额\t120\t120\t118\n"
      "其中：当年财政拨款\t85\t85\t83\n"
      "上年结转资金\t35元\t35\t35\n");
  std::vector<std::string> kinds;
  for (const Finding& f : record.findings)
    if (f.severity != "info") kinds.push_back(f.kind);
  EXPECT_EQ(kinds, std::vector<std::string>{"unit.magnitude"});
}

// A cell or a listed amount with the other unit's digits under the same unit (35000 in a 万元
// block, "35000万元" among 万元 parts, 18.6 in a 元 block, "1,865,000万元" in the prose beside the
// table's 186.5万元) is one unit slip, not a sum or a rate that fails; 0元 among 万元 is no slip.
TEST(ExtractTables, DigitsOfTheOtherUnitUnderTheSameUnitAreOneUnitSlip) {
  auto kinds_of = [](const DocumentRecord& record) {
    std::vector<std::string> kinds;
    for (const Finding& f : record.findings)
      if (f.severity != "info") kinds.push_back(f.kind);
    return kinds;
  };
  const std::vector<std::string> one_slip{"unit.magnitude"};
  DocumentRecord in_wan = record_of(
      "2023年度项目支出绩效自评表\n"
      "项目名称\t社区助餐\n"
      "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
      "年度资金总额\t135\t135\t131.5\t97.41%\n"
      "其中：当年财政拨款\t131.5\t131.5\t128\t97.34%\n"
      "上年结转资金\t35000\t35000\t35000\t100%\n");
  EXPECT_EQ(kinds_of(in_wan), one_slip);
  ASSERT_FALSE(in_wan.findings.empty());
  EXPECT_EQ(in_wan.findings.front().evidence.size(), 3u);
  EXPECT_NE(in_wan.findings.front().message.find("按3.5万元计"), std::string::npos)
      << in_wan.findings.front().message;

  DocumentRecord in_yuan = record_of(
      "2023年度项目支出绩效自评表\n"
      "项目名称\t社区助餐\n"
      "项目资金（元）\t年初预算数\t全年预算数\t全年执行数\n"
      "年度资金总额\t1,350,000.00\t1,350,000.00\t1,315,000.00\n"
      "其中：当年财政拨款\t1,315,000.00\t1,315,000.00\t1,315,000.00\n"
      "其他资金\t3.5\t3.5\t0\n");
  EXPECT_EQ(kinds_of(in_yuan), one_slip);

  DocumentRecord listed = record_of(
      "2023年度社区助餐项目支出绩效自评报告\n"
      "项目资金共计135万元，其中当年财政拨款131.5万元、上年结转资金35000万元。\n");
  EXPECT_EQ(kinds_of(listed), one_slip);

  DocumentRecord prose = record_of(
      "2023年度项目支出绩效自评表\n"
      "项目名称\t社区助餐\n"
      "项目资金（万元）\t全年预算数\t全年执行数\t执行率\n"
      "年度资金总额\t190\t186.5\t98.16%\n"
      "全年执行数1,865,000万元，执行率98.16%。\n");
  EXPECT_EQ(kinds_of(prose), one_slip);

  DocumentRecord zero = record_of(
      "2023年度部门整体支出绩效自评报告\n"
      "“三公”经费支出合计4.26万元，其中：公务接待费1.38万元，公务用车运行维护费2."
      "88万元，因公出国（境）费0元。\n");
  EXPECT_TRUE(kinds_of(zero).empty()) << zero.findings.front().message;
}

// R14: the title, the form's year line and a 评价年度 cell or line each state the year alone; when
// they disagree (a form copied from last year) that is one year.mismatch. Agreeing, or a year in a
// date or a sentence, is nothing.
TEST(ExtractTables, TheYearsTheTitleAndTheFormStateAgree) {
  auto mismatches = [](const std::string& text) {
    DocumentRecord record = record_of(text);
    return of_kind(record, "year.mismatch").size();
  };
  EXPECT_EQ(
      mismatches(
          "2023年度河湖长制工作经费绩效自评报告\n评价年度：2022年度\n全年预算90万元，实际支出88.2万元。\n"),
      1u);
  EXPECT_EQ(mismatches("2023年度项目支出绩效自评表\n（2022年度）\n项目名称\t河湖长制工作经费\n"), 1u);
  EXPECT_EQ(mismatches("2023年度项目支出绩效自评报告\n项目名称\t河湖长制工作经费\t评价年度\t2022\n"
                       "年初预算数\t12\t全年预算数\t12\n"),
            1u);
  EXPECT_EQ(mismatches(
                "2023年度项目支出绩效自评表\n（2023年度）\n项目名称\t河湖长制工作经费\t评价年度\t2023年度\n"),
            0u);
  EXPECT_EQ(mismatches("2023年度项目支出绩效自评报告\n填报日期：2024年1月10日\n2022年全年预算85万元。\n"),
            0u);
}

// A part row states its own 执行率: it is held to that row's amounts, never another row's.
TEST(ExtractTables, APartRowsRateIsHeldToItsOwnRow) {
  auto form = [](const std::string& central_rate) {
    return "2023年度中央对地方转移支付区域绩效目标自评表\n"
           "转移支付名称\t农村公路养护补助\n"
           "资金情况（万元）\t全年预算数（A）\t全年执行数（B）\t执行率（B/A）\n"
           "年度资金总额\t800.00\t760.00\t95.00%\n"
           "其中：中央财政资金\t600.00\t600.00\t" +
           central_rate +
           "\n"
           "地方资金\t200.00\t160.00\t80.00%\n";
  };
  DocumentRecord good = record_of(form("100.00%"));
  ASSERT_EQ(good.reports.size(), 1u);
  EXPECT_TRUE(of_kind(good, "rate.mismatch").empty());
  const DocumentRecord bad = record_of(form("95.00%"));
  const auto found = of_kind(bad, "rate.mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("600"), std::string::npos) << found[0]->message;
}

// The department form with one slip in the breakdown by source (其他资金 80 where 100 was meant):
// one finding naming that breakdown only; 基本支出's rate held to its own row.
TEST(ExtractTables, TheDepartmentFormsBreakdownsEachCheckedOnce) {
  auto form = [](const std::string& other, const std::string& basic_rate) {
    return "2023年度部门整体支出绩效自评表\n"
           "部门（单位）名称\t某县档案馆\n"
           "年度预算申请（万元）\t\t\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
           "\t年度资金总额\t\t1500.00\t1500.00\t1470.00\t98.00%\n"
           "\t按收入性质分\t财政拨款\t1400.00\t1400.00\t1372.00\t98.00%\n"
           "\t\t其他资金\t" +
           other +
           "\t100.00\t98.00\t98.00%\n"
           "\t按支出性质分\t基本支出\t900.00\t950.00\t945.00\t" +
           basic_rate +
           "\n"
           "\t\t项目支出\t600.00\t550.00\t525.00\t95.45%\n";
  };
  const DocumentRecord clean = record_of(form("100.00", "99.47%"));
  EXPECT_TRUE(of_kind(clean, "sum.mismatch").empty());
  EXPECT_TRUE(of_kind(clean, "rate.mismatch").empty());
  const DocumentRecord slip = record_of(form("80.00", "99.47%"));
  const auto sums = of_kind(slip, "sum.mismatch");
  ASSERT_EQ(sums.size(), 1u);
  EXPECT_NE(sums[0]->message.find("1480"), std::string::npos) << sums[0]->message;
  EXPECT_EQ(sums[0]->message.find("900"), std::string::npos) << sums[0]->message;
  const DocumentRecord rate = record_of(form("100.00", "94.50%"));
  EXPECT_EQ(of_kind(rate, "rate.mismatch").size(), 1u);
}

// One number with two units, 120元 in the prose and 120万元 in the table: the prose slipped.
TEST(ExtractTables, OneNumberWithTwoUnitsInProseAndTable) {
  DocumentRecord record = record_of(
      "2023年度项目支出绩效自评报告\n"
      "本项目年初预算数为120元，全年执行114万元。\n"
      "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
      "年度资金总额\t120\t120\t114\t95.00%\n");
  std::vector<std::string> slips;
  for (const Finding& f : record.findings)
    if (f.kind == "unit.magnitude") slips.push_back(f.evidence.front().text);
  ASSERT_EQ(slips.size(), 1u);
  EXPECT_NE(slips[0].find("120元"), std::string::npos) << slips[0];
}

// A narrative names its implementing unit in a sentence ("由…负责实施") when no label or title
// does; a sentence whose doer is no office's name ("由专人负责实施") names none.
TEST(ExtractMeta, TheUnitANarrativeSaysCarriesTheProjectOut) {
  EXPECT_EQ(meta_of("关于2023年度河道保洁项目绩效自评的报告\n"
                    "该项目由某县河道管理所负责实施，年初预算40万元，实际支出39.2万元。\n")
                .unit,
            "某县河道管理所");
  EXPECT_EQ(meta_of("关于2023年度河道保洁项目绩效自评的报告\n"
                    "该项目由专人负责实施，年初预算40万元，实际支出39.2万元。\n")
                .unit,
            "");
  // The department the title names reports on the project; the one that carries it out is the unit.
  EXPECT_EQ(meta_of("西凉县体育局2022年度全民健身设施建设项目绩效自评报告\n"
                    "全民健身设施建设项目由西凉县全民健身服务中心具体实施，主管部门为西凉县体育局。\n")
                .unit,
            "西凉县全民健身服务中心");
}

// A 公文 title "关于<place>2023年…的报告": 关于 is no part of the place, and the unit a sentence
// names, starting with that place, is the unit; the supervisor a sentence names is read too.
TEST(ExtractMeta, APlaceAfterTheTitlesAboutAndMetaStatedInSentences) {
  const ReportMeta meta = meta_of(
      "关于青禾县2023年农村饮水安全巩固提升项目绩效自评情况的报告\n"
      "该项目由青禾县水利局组织实施，主管部门为青禾县农业农村局。\n"
      "项目年初预算120万元，实际支出118万元。\n");
  EXPECT_EQ(meta.unit, "青禾县水利局");
  EXPECT_EQ(meta.supervisor, "青禾县农业农村局");
  EXPECT_EQ(meta.project, "农村饮水安全巩固提升");
}

// A bare 单位 label names the unit; "单位 | 万元" (a table's money unit) does not.
TEST(ExtractMeta, ABareUnitLabelAndATablesMoneyUnit) {
  const std::string form = "2023年度项目支出绩效自评表\n项目名称\t职业技能鉴定补助\n";
  EXPECT_EQ(meta_of(form + "单位\t黔阳县职业技能鉴定所\t主管部门\t黔阳县人力资源和社会保障局\n").unit,
            "黔阳县职业技能鉴定所");
  EXPECT_EQ(meta_of(form + "单位\t万元\n").unit, "");
}

// "label：value" pairs in one sentence end at its clause: neither value takes the next pair or the
// full stop.
TEST(ExtractMeta, LabelledValuesEndAtTheirClause) {
  const ReportMeta meta = meta_of(
      "关于2023年度河道保洁项目绩效自评的报告\n"
      "项目实施单位：云溪县水利局；主管部门：云溪县农业农村局。\n"
      "项目年初预算40万元。\n");
  EXPECT_EQ(meta.unit, "云溪县水利局");
  EXPECT_EQ(meta.supervisor, "云溪县农业农村局");
}

// Two labels on one line of a county form, the spaces between them dropped by normalization:
// each value ends where the longest known label before the next colon starts, in either order and
// with (盖章) after the labels.
TEST(ExtractMeta, TwoLabelledValuesOnOneLine) {
  const std::string title = "2019年度项目支出绩效自评表\n";
  const std::string rows = "项目名称\t校舍维修\n";
  for (const std::string& line :
       {std::string("主管部门：岭北县教育局　　　　实施单位：岭北县第二小学\n"),
        std::string("实施单位：岭北县第二小学　　　　主管部门：岭北县教育局\n"),
        std::string("主管部门（盖章）：岭北县教育局　　实施单位（盖章）：岭北县第二小学\n")}) {
    const ReportMeta meta = meta_of(title + line + rows);
    EXPECT_EQ(meta.supervisor, "岭北县教育局") << line;
    EXPECT_EQ(meta.unit, "岭北县第二小学") << line;
  }
}

// "评价年度 | 2018年度": a year written before a label's word is a value, not another label.
TEST(ExtractMeta, AYearWrittenAsYearsInAKeyValueCell) {
  for (const char* label : {"评价年度", "年度", "所属年度"}) {
    DocumentRecord record =
        record_of(std::string("项目支出绩效自评表\n项目名称\t农技推广补助\t") + label + "\t2018年度\n");
    ASSERT_EQ(record.reports.size(), 1u);
    EXPECT_EQ(record.reports[0].meta.year, 2018) << label;
  }
}

// A sentence dated to another year gives that year's figures: where the report states the same field
// for its own year, the other year's is no figure of the report; where it does not, it stays.
TEST(ExtractProse, FiguresOfAnotherYearBesideTheReportYearsOwn) {
  const std::string title = "青禾县2023年度农村饮水安全项目绩效自评报告\n";
  auto fields = [](const DocumentRecord& record, const std::string& field) {
    std::vector<double> out;
    for (const Figure& f : record.reports.at(0).figures)
      if (f.field == field) out.push_back(f.quantity.value);
    return out;
  };
  const DocumentRecord both = record_of(title +
                                        "2023年项目全年支出349.2万元，执行率98.09%。"
                                        "2022年实际支出312.4万元，执行率98.24%。\n");
  ASSERT_EQ(both.reports.size(), 1u);
  EXPECT_EQ(fields(both, "funds.executed"), std::vector<double>{349.2});
  EXPECT_EQ(fields(both, "rate.execution"), std::vector<double>{98.09});
  const DocumentRecord only_other = record_of(title + "2022年实际支出312.4万元，执行率98.24%。\n");
  ASSERT_EQ(only_other.reports.size(), 1u);
  EXPECT_EQ(fields(only_other, "funds.executed"), std::vector<double>{312.4});
}

// A total that closes the list before it ("…分别为A、B和C，合计X"), and the changes and other kinds
// of figure a sentence's list holds (较上年减少…, 全年支出…), end to end.
TEST(CheckEndToEnd, ListsClosedByTheirTotalAndListsWithChangesOrSpending) {
  const std::string title = "青禾县2023年度乡村道路项目绩效自评报告\n";
  auto sums = [&](const std::string& text) { return findings_of(title + text + "\n", "sum.mismatch"); };
  EXPECT_TRUE(sums("项目覆盖三个乡镇，预算资金分别为46.8万元、38.2万元和27万元，合计112万元。").empty());
  const auto closing = sums("项目覆盖三个乡镇，预算资金分别为46.8万元、38.2万元和27万元，合计114万元。");
  ASSERT_EQ(closing.size(), 1u);
  EXPECT_EQ(closing[0].rule, "sum.mismatch.closing");
  EXPECT_NEAR(*closing[0].expected, 112, 1e-9);
  EXPECT_EQ(sums("其中设备购置46.8万元，安装调试38.2万元，人员培训27万元，共计114万元。").size(), 1u);
  EXPECT_TRUE(sums("2023年度部门支出合计2,860万元，较上年减少140万元，下降4.67%，其中基本支出1,"
                   "320万元，项目支出1,540万元。")
                  .empty());
  EXPECT_TRUE(
      sums("项目全年预算80万元，全年支出72.4万元，其中支付上年度合同尾款6.2万元，执行率90.5%。").empty());
}

// R12: the grade a report states, in a sentence, a labelled cell or its totals row, against the
// band of its total score.
TEST(CheckEndToEnd, AStatedGradeAgainstTheBandOfTheTotal) {
  const std::string form =
      "2021年度项目支出绩效自评表\n项目名称\t乡村道路养护\n"
      "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\n"
      "产出指标\t数量指标\t养护里程\t≥100公里\t102公里\t50\t50\n"
      "效益指标\t社会效益指标\t通行条件改善\t改善\t改善\t50\t";
  auto grades = [&](const std::string& score, const std::string& tail) {
    return findings_of(
        form + score + "\n总分\t\t\t\t\t100\t" + std::to_string(50 + std::stoi(score)) + "\n" + tail,
        "score.grade");
  };
  EXPECT_TRUE(grades("41", "自评等级\t优\n").empty());   // 91
  EXPECT_EQ(grades("31", "自评等级\t优\n").size(), 1u);  // 81 is 良
  EXPECT_EQ(grades("31", "经自评，该项目评价等级为“优”。\n").size(), 1u);
  EXPECT_TRUE(grades("31", "经自评，该项目评价等级为良好。\n").empty());
  EXPECT_TRUE(grades("31", "项目运行结果良好，评价结论：见附件。\n").empty());  // no grade stated
  const auto found = grades("5", "评价结果为：合格\n");                         // 55 is 差
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("55"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[0].evidence.front().text, "合格");
}

}  // namespace
}  // namespace jixiao
