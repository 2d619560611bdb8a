// Issue 15, item 1: locations a person can use. Every span carries table / row / col (DOCX and
// the text export of the same document alike), a DOCX paragraph number or a text line; every
// evidence quotes the source as written; `check` prints FILE:表3 第15行 第4列 / FILE:第42行.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/location.h"
#include "ingest/read.h"
#include "support/shipped_pipeline.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using jixiao::testing::shipped_pipeline;

const fs::path kSource = JIXIAO_SOURCE_DIR;
const fs::path kShared = kSource.parent_path() / "shared";

std::vector<std::string> file_lines(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

struct Located {
  DocumentRecord record;
  Document doc;
};

Located process(const fs::path& p) {
  auto doc = read_document(p.string(), shipped_pipeline().read_options());
  EXPECT_TRUE(doc.ok()) << p;
  Located out{shipped_pipeline().process_document(doc.value()), doc.value()};
  return out;
}

// A text file: each evidence's source text is on the line its location names (independently
// of the reader: the file's own lines), and a table cell also gets its table, row and column.
TEST(Location, TextEvidenceIsOnTheLineItNames) {
  fs::path dir = fs::temp_directory_path() / ("jixiao_loc_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / "odd.txt";
  // Full-width digits and a space: the normalized evidence ("35元") differs from the source.
  std::ofstream(file, std::ios::binary)
      << "2022年某县农业农村局部门整体支出绩效评价报告\n\n"
         "一、基本情况\n"
         "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴经费３５ 元，"
         "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n";
  Located r = process(file);
  std::vector<std::string> lines = file_lines(file);
  int checked = 0;
  bool normalized_differs = false;
  for (const Finding& f : r.record.findings) {
    for (const Evidence& e : f.evidence) {
      ASSERT_GT(e.span.location.line, 0) << f.message;
      EXPECT_EQ(e.span.location.paragraph, 0);
      ASSERT_LE(e.span.location.line, static_cast<int>(lines.size()));
      ASSERT_FALSE(e.source_text.empty());
      EXPECT_NE(lines[e.span.location.line - 1].find(e.source_text), std::string::npos)
          << "line " << e.span.location.line << " does not hold 「" << e.source_text << "」";
      if (e.source_text == "３５ 元") {
        normalized_differs = true;
        EXPECT_EQ(e.text.substr(e.text.size() - 5), "35元");  // the checker's normalized text
        EXPECT_EQ(e.span.location.line, 4);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
  EXPECT_TRUE(normalized_differs) << "no evidence quoted the full-width 「３５ 元」 as written";
  fs::remove_all(dir);
}

// Every figure of every corpus text file: the line named holds its text as written (the raw
// text under the span), in paragraphs and in table cells alike.
TEST(Location, EveryTextFigureOnItsLine) {
  int checked = 0, in_tables = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "corpus")) {
    if (entry.path().extension() != ".txt" || entry.path().string().find("utf8") == std::string::npos) continue;
    Located r = process(entry.path());
    std::vector<std::string> lines = file_lines(entry.path());
    for (const Report& rep : r.record.reports) {
      for (const Figure& f : rep.figures) {
        const Location& l = f.span.location;
        ASSERT_GT(l.line, 0) << entry.path() << " " << f.field;
        ASSERT_LE(l.line, static_cast<int>(lines.size()));
        std::string raw = span_source_text(f.span, r.doc);
        if (raw.find('\n') != std::string::npos) continue;
        EXPECT_NE(lines[l.line - 1].find(raw), std::string::npos)
            << entry.path().filename() << ": line " << l.line << " does not hold 「" << raw << "」 (" << f.field << ")";
        if (l.table > 0) {
          ++in_tables;
          EXPECT_GT(l.row, 0);
          EXPECT_GT(l.col, 0);
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
  EXPECT_GT(in_tables, 20);
}

// A DOCX: table cells get the table's number among the body tables, rows and columns from 1;
// paragraphs get their number. Checked against the raw grid, counted here on the document.
TEST(Location, DocxTableCellsAndParagraphs) {
  Located r = process(kSource / "corpus" / "p01_roads_project.docx");
  std::vector<const Block*> tables, paragraphs;
  for (const Block& b : r.doc.blocks) {
    if (b.part != BlockPart::body) continue;
    (b.type == BlockType::table ? tables : paragraphs).push_back(&b);
  }
  int cells = 0, paras = 0;
  for (const Report& rep : r.record.reports) {
    for (const Figure& f : rep.figures) {
      const Location& l = f.span.location;
      EXPECT_EQ(l.line, 0);
      std::string raw = span_source_text(f.span, r.doc);
      if (f.span.row >= 0) {
        ASSERT_GT(l.table, 0);
        ASSERT_LE(l.table, static_cast<int>(tables.size()));
        const Table& t = tables[l.table - 1]->table;
        ASSERT_EQ(l.row, f.span.row + 1);
        // Columns count a cell merged across columns once: never more than the grid's.
        ASSERT_GE(l.col, 1);
        ASSERT_LE(l.col, f.span.col + 1);
        EXPECT_NE(t.rows[f.span.row][f.span.col].find(raw), std::string::npos) << raw;
        ++cells;
      } else {
        ASSERT_GT(l.paragraph, 0);
        EXPECT_NE(paragraphs[l.paragraph - 1]->text.find(raw), std::string::npos) << raw;
        ++paras;
      }
    }
  }
  EXPECT_GT(cells, 5);
  EXPECT_GT(paras, 3);
}

// Columns as printed: a cell merged across columns is one column, one merged down rows is not.
TEST(Location, PrintedColumnsCollapseHorizontalMerges) {
  Table t;
  t.rows.assign(3, std::vector<std::string>(6));
  t.merged = {{0, 1, 1, 3}, {1, 0, 2, 1}, {1, 2, 2, 2}};  // row 0: cols 1-3; col 0 rows 1-2; cols 2-3 rows 1-2
  EXPECT_EQ(printed_col(t, 0, 0), 1);
  EXPECT_EQ(printed_col(t, 0, 1), 2);
  EXPECT_EQ(printed_col(t, 0, 3), 2);  // inside the merge: its first column
  EXPECT_EQ(printed_col(t, 0, 4), 3);
  EXPECT_EQ(printed_col(t, 0, 5), 4);
  EXPECT_EQ(printed_col(t, 1, 1), 2);  // the vertical merge in column 0 keeps its column
  EXPECT_EQ(printed_col(t, 2, 3), 3);
  EXPECT_EQ(printed_col(t, 2, 4), 4);
}

// The same document as DOCX and as its text export: the findings' table cells carry the same
// table, row and column numbers.
TEST(Location, DocxAndItsTextExportNameTheSameCells) {
  if (!fs::exists(kShared / "seeds-docx"))
    GTEST_SKIP() << kShared << "/seeds-docx is not there (a checkout without ../shared): skipped";
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(kShared / "seeds-docx")) {
    fs::path text = kShared / "seeds" / entry.path().filename().replace_extension(".txt");
    if (!fs::exists(text)) continue;
    auto cells = [](const DocumentRecord& rec) {
      std::multiset<std::tuple<std::string, int, int, int, std::string>> out;
      for (const Finding& f : rec.findings)
        for (const Evidence& e : f.evidence)
          if (e.span.location.table > 0)
            out.insert({f.kind, e.span.location.table, e.span.location.row, e.span.location.col, e.text});
      return out;
    };
    auto docx = cells(process(entry.path()).record);
    auto txt = cells(process(text).record);
    EXPECT_EQ(docx, txt) << entry.path().filename();
    compared += static_cast<int>(docx.size());
  }
  EXPECT_GT(compared, 0) << "no finding in a table cell among the seeds";
}

// `check` on a terminal reads like rg: FILE:第N行 for a text line, FILE:表T 第R行 第C列 for a cell.
std::string run(const std::string& args) {
  fs::path out = fs::temp_directory_path() / ("jixiao_loc_out_" + std::to_string(::getpid()));
  std::string cmd = std::string(JIXIAO_BINARY) + " " + args + " >" + out.string() + " 2>/dev/null </dev/null";
  int raw = std::system(cmd.c_str());
  (void)raw;
  std::ifstream in(out, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  fs::remove(out);
  return s;
}

TEST(Location, CheckPrintsFileColonLocation) {
  fs::path dir = fs::temp_directory_path() / ("jixiao_loc_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / "odd.txt";
  std::ofstream(file, std::ios::binary)
      << "2022年某县农业农村局部门整体支出绩效评价报告\n"
         "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴经费３５元，"
         "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n";
  std::string out = run("check --color never " + file.string());
  EXPECT_NE(out.find(file.string() + ":第2行: error unit.magnitude"), std::string::npos) << out;
  EXPECT_NE(out.find("    " + file.string() + ":第2行 「农机补贴经费35元」 原文「３５元」\n"), std::string::npos) << out;
  EXPECT_NE(out.find("    " + file.string() + ":第2行 「年初预算65万元」\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("block "), std::string::npos) << out;
  fs::remove_all(dir);

  if (!fs::exists(kShared / "seeds-docx")) return;
  // Seed 000 as DOCX: its findings are in table cells.
  for (const auto& entry : fs::directory_iterator(kShared / "seeds-docx")) {
    Located r = process(entry.path());
    for (const Finding& f : r.record.findings) {
      if (f.evidence.empty() || f.evidence.front().span.location.table == 0) continue;
      const Location& l = f.evidence.front().span.location;
      std::string expected = entry.path().string() + ":表" + std::to_string(l.table) + " 第" +
                             std::to_string(l.row) + "行 第" + std::to_string(l.col) + "列: " + f.severity + " " +
                             f.kind;
      std::string printed = run("check --color never " + entry.path().string());
      EXPECT_NE(printed.find(expected), std::string::npos) << expected << "\n" << printed;
      return;
    }
  }
  ADD_FAILURE() << "no seed finding in a table cell";
}

}  // namespace
}  // namespace jixiao
