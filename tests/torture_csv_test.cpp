// Torture, issue 14 item 1: formula payloads in every text field and in file names must reach
// the CSV export as inert text (src/sink/spreadsheet_safe.h), while numbers stay numbers.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sink/csv.h"
#include "sink/json.h"
#include "sink/spreadsheet_safe.h"
#include "sink/sqlite.h"
#include "support/csv_reader.h"
#include "support/run_jixiao.h"
#include "support/scratch.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::parse_csv;
using testing::ScratchDir;

// What attackers put in documents meant for Excel and WPS (OWASP's CSV injection examples).
const std::vector<std::string> kPayloads = {
    "=cmd|' /C calc'!A0",
    "+HYPERLINK(\"http://evil.example/\",\"点击查看\")",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool is_plain_number(const std::string& cell) {
  if (cell.empty()) return false;
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size();
}

// Every cell of every exported CSV: no cell a spreadsheet would evaluate, except numbers
// written as numbers. Returns all cells, for the caller's own checks.
std::vector<std::string> expect_every_cell_inert(const fs::path& dir) {
  std::vector<std::string> cells;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string text = slurp(entry.path());
    for (const auto& row : parse_csv(text.substr(kUtf8Bom.size()))) {
      for (const std::string& cell : row) {
        EXPECT_TRUE(!spreadsheet_would_evaluate(cell) || is_plain_number(cell))
            << entry.path().filename() << ": a cell a spreadsheet would run: [" << cell << "]";
        cells.push_back(cell);
      }
    }
  }
  return cells;
}

TEST(TortureCsv, SpreadsheetSafeTextNeutralisesFormulaStarts) {
  for (const std::string& p : kPayloads) {
    EXPECT_TRUE(spreadsheet_would_evaluate(p)) << p;
    EXPECT_EQ(spreadsheet_safe_text(p), "'" + p);
  }
  EXPECT_EQ(spreadsheet_safe_text("-3.5"), "'-3.5");  // text that reads as a number stays text
  for (const char* harmless : {"", "预算 =1+1", "a=b", "'quoted", " =1+1", "165.69万元", "３=3"})
    EXPECT_EQ(spreadsheet_safe_text(harmless), harmless);
}

// A record holding a payload in every text field the database keeps (and an error record for
// the error columns), written through the SQLite sink and exported.
TEST(TortureCsv, PayloadsInEveryTextFieldExportInert) {
  ScratchDir scratch;
  const fs::path db = scratch / "payloads.sqlite";
  auto opened = SqliteStore::open(db.string());
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  SqliteStore& store = opened.value();
  ASSERT_TRUE(store.begin().ok());
  for (size_t i = 0; i < kPayloads.size(); ++i) {
    const std::string& p = kPayloads[i];
    DocumentRecord record;
    record.source = {p + ".docx", std::string(63, '0') + std::to_string(i), p, p, 10};
    record.warnings = {p};
    Report report;
    report.meta = {2024, p, p, p, p, p};
    Figure figure;
    figure.field = p;
    figure.quantity.value = -3.5;  // a number: must stay one
    figure.quantity.unit = p;
    figure.quantity.approx = p;
    figure.quantity.comparator = p;
    figure.label = p;
    figure.text = p;
    figure.rule = p;
    report.figures.push_back(figure);
    Indicator indicator;
    indicator.level1 = indicator.level2 = indicator.name = indicator.target = indicator.actual = p;
    indicator.note = indicator.weight_text = indicator.score_text = p;
    indicator.weight = -1;
    report.indicators.push_back(indicator);
    record.reports.push_back(report);
    Finding finding;
    finding.kind = finding.severity = finding.message = finding.expected_unit = finding.rule = p;
    finding.evidence = {Evidence{p, Span{}}};
    record.findings.push_back(finding);
    ASSERT_TRUE(store.write_document(record, document_record_json(record), p, p).ok());

    DocumentRecord failed;
    failed.source.path = p + "-failed.txt";
    failed.error = Error{ErrorCode::io, p, p};
    ASSERT_TRUE(store.write_document(failed, document_record_json(failed), p, p).ok());
  }
  ASSERT_TRUE(store.set_meta(kPayloads[0], kPayloads[1]).ok());
  ASSERT_TRUE(store.commit().ok());

  const fs::path out = scratch / "csv";
  auto exported = export_csv(store, out.string());
  ASSERT_TRUE(exported.ok()) << exported.error().describe();
  const std::vector<std::string> cells = expect_every_cell_inert(out);
  for (const std::string& p : kPayloads)
    EXPECT_NE(std::find(cells.begin(), cells.end(), "'" + p), cells.end())
        << "payload not kept as text: " << p;
  // Numbers stay numbers: figures.value and indicators.weight.
  auto figures = parse_csv(slurp(out / "figures.csv").substr(kUtf8Bom.size()));
  ASSERT_EQ(figures.size(), kPayloads.size() + 1);
  EXPECT_EQ(figures[0][3], "value");
  EXPECT_EQ(figures[1][3], "-3.5");
  auto indicators = parse_csv(slurp(out / "indicators.csv").substr(kUtf8Bom.size()));
  EXPECT_EQ(indicators[0][7], "weight");
  EXPECT_EQ(indicators[1][7], "-1.0");
}

// The whole way a user goes: files whose names are formulas (two read, one that fails), named by
// relative paths to `jixiao ingest` (so the name starts the path cell) and exported by
// `jixiao export --csv`.
TEST(TortureCsv, FormulaFileNamesExportInert) {
  ScratchDir scratch;
  const std::string report = slurp(fs::path(JIXIAO_SOURCE_DIR) / "corpus" / "p01_roads_project_utf8.txt");
  const std::vector<std::string> names = {"=HYPERLINK(\"evil.example\",\"x\").txt", "-3.5.txt",
                                          "@SUM(1+1)*cmd|' -C calc'!A0.txt"};
  scratch.write(names[0], report);
  scratch.write(names[1], report + "\n");
  scratch.write(names[2], "");  // empty: an error row
  testing::RunOptions here;
  here.cwd = scratch.path().string();
  auto ingest =
      testing::run_jixiao({"ingest", names[0], names[1], names[2], "--db", "db.sqlite", "-q"}, here);
  ASSERT_EQ(ingest.status, 2) << ingest.err;  // the empty file failed
  auto exported = testing::run_jixiao({"export", "--db", "db.sqlite", "--csv", "csv"}, here);
  ASSERT_EQ(exported.status, 0) << exported.err;
  const std::vector<std::string> cells = expect_every_cell_inert(scratch.path() / "csv");
  for (const std::string& name : names)
    EXPECT_NE(std::find(cells.begin(), cells.end(), "'" + name), cells.end()) << name;
}

}  // namespace
}  // namespace jixiao
