// document_record_from_json (src/sink/json_read.cpp) is the exact inverse of document_record_json:
// writing what was read gives the line back byte for byte, on every corpus file, the shared seeds,
// error records, records with warnings, and a record that uses every optional key. It refuses what
// is not a jixiao.document/1 line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "sink/json.h"
#include "support/shipped_pipeline.h"

namespace {

namespace fs = std::filesystem;
using namespace jixiao;

const fs::path kSource = JIXIAO_SOURCE_DIR;

using jixiao::testing::shipped_pipeline;

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The line, read back and written again, must be the same bytes.
void expect_round_trip(const std::string& line, const std::string& what) {
  auto record = document_record_from_json(line);
  ASSERT_TRUE(record.ok()) << what << ": " << record.error().message;
  EXPECT_EQ(document_record_json(record.value()), line) << what;
}

void expect_round_trip(const DocumentRecord& record, const std::string& what) {
  expect_round_trip(document_record_json(record), what);
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && (extension.empty() || e.path().extension() == extension))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(JsonRoundTrip, EveryCorpusFile) {
  auto files = files_in(kSource / "corpus", "");
  ASSERT_GE(files.size(), 27u);
  size_t reports = 0;
  for (const fs::path& f : files) {
    DocumentRecord record = shipped_pipeline().process_file(f.string());
    reports += record.reports.size();
    expect_round_trip(record, f.string());
  }
  EXPECT_GT(reports, 30u);
}

TEST(JsonRoundTrip, SharedSeeds) {
  const fs::path shared = kSource.parent_path() / "shared";
  if (!fs::is_directory(shared / "seeds") || !fs::is_directory(shared / "seeds-docx"))
    GTEST_SKIP() << shared << "/seeds and seeds-docx are not there (a checkout without ../shared): skipped";
  size_t n = 0;
  for (const auto& [dir, extension] : {std::pair{"seeds", ".txt"}, std::pair{"seeds-docx", ".docx"}})
    for (const fs::path& f : files_in(shared / dir, extension)) {
      expect_round_trip(shipped_pipeline().process_file(f.string()), f.string());
      ++n;
    }
  EXPECT_GE(n, 10u);
}

class JsonRoundTripFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jixiao_json_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(JsonRoundTripFiles, ErrorRecordsAndWarnings) {
  spit(dir_ / "empty.docx", "");
  spit(dir_ / "truncated.docx", slurp(kSource / "corpus/p02_farmland_project.docx").substr(0, 700));
  spit(dir_ / "legacy.doc", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
  spit(dir_ / "binary.txt", std::string(4000, '\x01'));
  // A UTF-8 report with one malformed byte: read, with a warning naming the replaced byte.
  std::string text = slurp(kSource / "corpus/p01_roads_project_utf8.txt");
  spit(dir_ / "bad_byte.txt", text.substr(0, 300) + "\xFF" + text.substr(300));
  // A name that is not UTF-8: the writer replaces it, the reader keeps the replacement.
  spit(dir_ / "\xB1\xA8\xB8\xE6.txt", text);

  std::vector<std::string> codes;
  for (const char* name : {"empty.docx", "truncated.docx", "legacy.doc", "binary.txt", "missing.docx"}) {
    DocumentRecord record = shipped_pipeline().process_file((dir_ / name).string());
    ASSERT_TRUE(record.error) << name;
    codes.push_back(to_string(record.error->code));
    expect_round_trip(record, name);
    auto back = document_record_from_json(document_record_json(record));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value().error->code, record.error->code);
    EXPECT_EQ(back.value().error->message, record.error->message);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"empty", "corrupt_zip", "corrupt_file", "binary", "io"}));

  DocumentRecord warned = shipped_pipeline().process_file((dir_ / "bad_byte.txt").string());
  ASSERT_FALSE(warned.error);
  ASSERT_FALSE(warned.warnings.empty());
  expect_round_trip(warned, "bad_byte.txt");
  EXPECT_EQ(document_record_from_json(document_record_json(warned)).value().warnings, warned.warnings);

  expect_round_trip(shipped_pipeline().process_file((dir_ / "\xB1\xA8\xB8\xE6.txt").string()),
                    "non-UTF-8 name");

  // The records the importer makes itself when a worker dies or hangs.
  for (ErrorCode code : {ErrorCode::crashed, ErrorCode::limit_exceeded, ErrorCode::internal}) {
    DocumentRecord r;
    r.source = {"/x/y.docx", std::string(64, 'a'), "docx", "", 1234};
    r.error = Error{code, "the worker processing this file was killed by signal 11 (SIGSEGV)", "/x/y.docx"};
    expect_round_trip(r, to_string(code));
    EXPECT_EQ(document_record_from_json(document_record_json(r)).value().error->code, code);
  }
}

// A record that uses every key the writer can print, optional ones included.
DocumentRecord everything() {
  DocumentRecord r;
  r.source = {"报告/a \"b\"\n.txt", "ab12", "text", "GB18030", 5'000'000'000LL};
  r.warnings = {"malformed GB18030 at byte 7 (1 byte replaced)", "第二条"};
  Report rep;
  rep.index = 2;
  rep.meta.year = 2023;
  rep.meta.kind = "project";
  rep.meta.title = "标题";
  Figure f;
  f.field = "budget.initial";
  f.quantity.value = 165.69;
  f.quantity.unit = "万元";
  f.quantity.yuan = 1656899.9999999998;  // printed rounded to the 分
  f.quantity.to = 200.5;
  f.quantity.approx = "约";
  f.quantity.comparator = "≥";
  f.label = "年初预算";
  f.text = "165.69万元";
  f.span = {3, 1, 2, 0, 9, -1};
  f.span.location = {2, 2, 3, 0, 17};  // a text table cell: table, row, col and line
  f.rule = "table";
  rep.figures.push_back(f);
  Figure g = f;  // no optional keys; a span across blocks; a value that is not a number
  g.quantity.to.reset();
  g.quantity.approx.clear();
  g.quantity.comparator.clear();
  g.quantity.yuan.reset();
  g.quantity.value = std::numeric_limits<double>::quiet_NaN();
  g.span = {4, -1, -1, 5, 2, 5};
  g.span.location.paragraph = 12;
  rep.figures.push_back(g);
  Indicator i;
  i.level1 = "产出指标";
  i.name = "道路长度";
  i.weight = 10;
  i.score = 9.5;
  i.group = 1;
  i.span = {7, 3, 2, 0, 4, -1};
  rep.indicators.push_back(i);
  Indicator j;  // weight and score null
  j.name = "满意度";
  rep.indicators.push_back(j);
  r.reports.push_back(rep);
  Report empty;
  empty.meta.year.reset();
  r.reports.push_back(empty);
  Finding fi;
  fi.kind = "unit.magnitude";
  fi.severity = "error";
  fi.report = 2;
  fi.message = "疑似单位错误";
  fi.evidence = {{"35元", {3, 1, 2, 0, 3, -1}, "３５ 元"}, {"合计", {9, -1, -1, 1, 3, 10}}};
  fi.evidence[1].span.location.line = 42;
  fi.expected = 350000;
  fi.expected_unit = "元";
  fi.rule = "magnitude";
  r.findings.push_back(fi);
  Finding plain = fi;
  plain.expected.reset();
  plain.expected_unit.clear();
  plain.evidence.clear();
  r.findings.push_back(plain);
  return r;
}

TEST(JsonRoundTrip, EveryOptionalKey) {
  DocumentRecord r = everything();
  std::string line = document_record_json(r);
  for (const char* key :
       {"\"to\"", "\"approx\"", "\"comparator\"", "\"expected_unit\"", "\"end_block\"", "\"row\"",
        "\"warnings\"", "\"year\":null", "\"weight\":null", "\"value\":null",
        "\"location\":{\"table\":2,\"row\":2,\"col\":3,\"line\":17}", "\"location\":{\"paragraph\":12}",
        "\"location\":{\"line\":42}", "\"source_text\":\"３５ 元\""})
    EXPECT_NE(line.find(key), std::string::npos) << key << " is not in " << line;
  expect_round_trip(line, "everything");
  auto back = document_record_from_json(line).value();
  EXPECT_EQ(back.source.bytes, 5'000'000'000LL);
  EXPECT_EQ(back.reports[0].figures[0].span, r.reports[0].figures[0].span);
  EXPECT_EQ(back.reports[0].figures[1].span, r.reports[0].figures[1].span);
  EXPECT_EQ(back.reports[0].figures[0].quantity.yuan, 1656900.0);  // what the line says
  EXPECT_TRUE(std::isnan(back.reports[0].figures[1].quantity.value));
  EXPECT_FALSE(back.reports[0].indicators[1].weight);
  EXPECT_EQ(back.findings[0].evidence.size(), 2u);
  EXPECT_EQ(back.findings[0].evidence[0].source_text, "３５ 元");
  EXPECT_EQ(back.findings[0].evidence[1].span.location.line, 42);
  EXPECT_EQ(back.reports[0].figures[0].span.location, (Location{2, 2, 3, 0, 17}));
  EXPECT_EQ(back.reports[0].figures[1].span.location.paragraph, 12);
}

TEST(JsonRoundTrip, RefusesWhatIsNotARecord) {
  std::string good = document_record_json(everything());
  auto refused = [](const std::string& line, const std::string& needle) {
    auto r = document_record_from_json(line);
    EXPECT_FALSE(r.ok()) << line;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, ErrorCode::internal);
      EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
    }
  };
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  refused("", "not JSON");
  refused(good.substr(0, good.size() / 2), "not JSON");
  refused("[1,2]", "the record is not an object");
  refused(replaced("jixiao.document/1", "jixiao.document/2"), "schema");
  refused(replaced("\"status\":\"ok\"", "\"status\":\"fine\""), "status");
  refused(replaced("\"status\":\"ok\"", "\"status\":\"error\""), "error");
  refused(replaced("\"field\":", "\"fieldx\":1,\"field\":"), "reports[0].figures[0].fieldx is not a key");
  refused(replaced("\"field\":", "\"fieldx\":"), "reports[0].figures[0].field is missing");
  refused(replaced("\"index\":2", "\"index\":\"2\""), "reports[0].index is not an integer");
  refused(replaced("\"index\":2", "\"index\":2.5"), "reports[0].index is not an integer");
  refused(replaced("\"index\":2", "\"index\":99999999999"), "out of range");
  refused(replaced("\"label\":\"年初预算\"", "\"label\":7"), "reports[0].figures[0].label is not a string");
  refused(replaced("\"start\":0,", ""), "reports[0].figures[0].span.start is missing");
  refused(replaced("\"schema\":", "\"extra\":1,\"schema\":"), "extra is not a key");
  refused(replaced("\"paragraph\":12", "\"paragraph\":12,\"page\":3"), "span.location.page is not a key");
  refused(replaced("\"table\":2,\"row\":2,", "\"table\":2,"), "span.location.row is missing");

  DocumentRecord failed;
  failed.source.path = "x";
  failed.error = Error{ErrorCode::io, "gone", "x"};
  std::string e = document_record_json(failed);
  refused(e.replace(e.find("\"io\""), 4, "\"melted\""), "not an error code");
}

}  // namespace

namespace {

// evidence_json as it was written before: a nlohmann::ordered_json tree, the one `jixiao check
// --json` still builds for each finding (finding_line_json).
std::string evidence_json_by_tree(const std::vector<Evidence>& evidence) {
  Finding f;
  f.evidence = evidence;
  auto line = nlohmann::ordered_json::parse(finding_line_json("x", f));
  return line["evidence"].dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The SQLite evidence column keeps its text: the direct writer gives what the tree gave.
TEST(JsonRoundTrip, EvidenceColumnIsWhatTheTreeWrote) {
  std::vector<Evidence> odd;
  const std::vector<Span> spans = {
      {3, -1, -1, 0, 4, -1}, {3, 1, 2, 5, 9, 3}, {3, 1, 2, 5, 9, 7}, {0, -1, -1, 2, 2, -1}};
  const std::vector<Location> locations = {
      {}, {2, 3, 4, 0, 0}, {0, 0, 0, 12, 0}, {0, 0, 0, 0, 40}, {1, 1, 1, 5, 6}, {-1, 0, 0, 0, 0}};
  const std::vector<std::string> texts = {"35元", "", "a\"b\\c\n\t\x01", std::string("bad \xff\xfe bytes"),
                                          "𠀀 合计"};
  for (const Span& span : spans)
    for (const Location& loc : locations)
      for (const std::string& text : texts) {
        Evidence e{text, span, text.size() % 2 ? text : ""};
        e.span.location = loc;
        odd.push_back(e);
        EXPECT_EQ(evidence_json({e}), evidence_json_by_tree({e})) << text;
      }
  EXPECT_EQ(evidence_json(odd), evidence_json_by_tree(odd));
  EXPECT_EQ(evidence_json({}), "[]");

  size_t findings = 0;
  for (const fs::path& f : files_in(kSource / "corpus", "")) {
    for (const Finding& finding : shipped_pipeline().process_file(f.string()).findings) {
      EXPECT_EQ(evidence_json(finding.evidence), evidence_json_by_tree(finding.evidence)) << f;
      ++findings;
    }
  }
  EXPECT_GT(findings, 5u);
}

}  // namespace
