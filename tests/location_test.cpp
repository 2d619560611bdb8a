// Issue 15, item 1: locations a person can use. Every span carries table / row / col (DOCX and
// the text export of the same document alike), a DOCX paragraph number or a text line; every
// evidence quotes the source as written; `check` prints FILE:表3 第15行 第4列 / FILE:第42行.
#include "core/location.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/read.h"
#include "support/run_jixiao.h"
#include "support/scratch.h"
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
  testing::ScratchDir scratch;  // removed after the test, even when an assertion fails
  const fs::path dir = scratch.path();
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
      const std::string fullwidth = "３５ 元";
      if (e.source_text.size() >= fullwidth.size() &&
          e.source_text.compare(e.source_text.size() - fullwidth.size(), fullwidth.size(), fullwidth) == 0) {
        normalized_differs = true;
        EXPECT_EQ(e.text.substr(e.text.size() - 5), "35元");  // the checker's normalized text
        EXPECT_EQ(e.span.location.line, 4);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
  EXPECT_TRUE(normalized_differs) << "no evidence quoted the full-width 「３５ 元」 as written";
}

// Issue 15: the quote of an evidence, subject and value ("农机补贴经费35元"), is found as written
// in the source, spaces and full-width characters included, not only the value under its span:
// Ctrl+F in the original file finds it.
TEST(Location, EvidenceQuotesTheWholeQuoteAsWritten) {
  testing::ScratchDir scratch;  // removed after the test, even when an assertion fails
  const fs::path dir = scratch.path();
  // The same paragraph alone, and far into a long one (the quote is found in a window around its
  // span, whose offsets must still point into the whole paragraph).
  std::string filler;
  for (int i = 0; i < 400; ++i) filler += "本单位认真落实各项工作要求，";
  for (const std::string& before : {std::string(), filler}) {
    fs::path file = dir / "odd.txt";
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        << "2022年某县农业农村局部门整体支出绩效评价报告\n\n"
        << before
        << "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴 经费 ３５ 元，"
           "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n";
    Located r = process(file);
    std::vector<std::string> lines = file_lines(file);
    bool whole = false;
    for (const Finding& f : r.record.findings) {
      for (const Evidence& e : f.evidence) {
        ASSERT_GT(e.span.location.line, 0);
        EXPECT_NE(lines[e.span.location.line - 1].find(e.source_text), std::string::npos) << e.source_text;
        if (e.text.find("35元") == std::string::npos) continue;
        const std::string value = span_source_text(e.span, r.doc);
        EXPECT_EQ(value, "３５ 元");
        // More than the value: the quote's subject too, as written (its spaces kept).
        EXPECT_GT(e.source_text.size(), value.size()) << e.source_text;
        EXPECT_EQ(e.source_text.substr(e.source_text.size() - value.size()), value);
        EXPECT_NE(e.source_text.find("补贴 经费 ３５ 元"), std::string::npos) << e.source_text;
        EXPECT_EQ(e.text.find(e.source_text), std::string::npos) << "原文 would be hidden: " << e.text;
        whole = true;
      }
    }
    EXPECT_TRUE(whole) << "no evidence quoted 「…补贴 经费 ３５ 元」 as written, " << before.size()
                       << " bytes before";
  }
}

// Every figure of every corpus text file: the line named holds its text as written (the raw
// text under the span), in paragraphs and in table cells alike.
TEST(Location, EveryTextFigureOnItsLine) {
  int checked = 0, in_tables = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "corpus")) {
    if (entry.path().extension() != ".txt" || entry.path().string().find("utf8") == std::string::npos)
      continue;
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
            << entry.path().filename() << ": line " << l.line << " does not hold 「" << raw << "」 ("
            << f.field << ")";
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
        ASSERT_EQ(l.col, f.span.col + 1);
        EXPECT_NE(t.rows[l.row - 1][l.col - 1].find(raw), std::string::npos) << raw;
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

// The same document as DOCX and as its text export (each row over the full grid, a merged cell
// once at its top-left: ../shared/real and corpus/): every figure and every finding read from a
// table cell carries the same table, row and column in both.
TEST(Location, DocxAndItsTextExportNameTheSameCells) {
  std::vector<std::pair<fs::path, fs::path>> pairs;
  for (const auto& e : fs::directory_iterator(kSource / "corpus"))
    if (e.path().extension() == ".docx")
      pairs.push_back({e.path(), fs::path(e.path()).replace_extension("").string() + "_utf8.txt"});
  if (fs::exists(kShared / "real"))
    for (const auto& e : fs::directory_iterator(kShared / "real"))
      if (e.path().extension() == ".docx")
        pairs.push_back({e.path(), fs::path(e.path()).replace_extension(".txt")});
  using Cell =
      std::tuple<int, std::string, std::string, int, int, int>;  // report, what, value, table, row, col
  auto cells = [](const DocumentRecord& rec) {
    std::multiset<Cell> out;
    for (const Report& r : rec.reports)
      for (const Figure& f : r.figures)
        if (f.span.location.table > 0)
          out.insert({r.index, f.field, std::to_string(f.quantity.value), f.span.location.table,
                      f.span.location.row, f.span.location.col});
    for (const Finding& f : rec.findings)
      for (const Evidence& e : f.evidence)
        if (e.span.location.table > 0)
          out.insert(
              {f.report, f.kind, e.text, e.span.location.table, e.span.location.row, e.span.location.col});
    return out;
  };
  size_t compared = 0, documents = 0;
  for (const auto& [docx, text] : pairs) {
    if (!fs::exists(text)) continue;
    auto a = cells(process(docx).record);
    auto b = cells(process(text).record);
    EXPECT_EQ(a, b) << docx.filename() << " and " << text.filename() << " name different cells";
    compared += a.size();
    documents += !a.empty();
  }
  // corpus/ alone (a clone without ../shared) holds 12 such pairs; with ../shared/real, more.
  const bool shared = fs::exists(kShared / "real");
  EXPECT_GT(documents, shared ? 15u : 10u);
  EXPECT_GT(compared, shared ? 200u : 120u);
}

// `check` on a terminal reads like rg: FILE:第N行 for a text line, FILE:表T 第R行 第C列 for a cell.
std::string check_output(const std::string& file) {
  return testing::run_jixiao({"check", "--color", "never", file}).out;
}

TEST(Location, CheckPrintsFileColonLocation) {
  testing::ScratchDir scratch;  // removed after the test, even when an assertion fails
  const fs::path dir = scratch.path();
  fs::path file = dir / "odd.txt";
  std::ofstream(file, std::ios::binary)
      << "2022年某县农业农村局部门整体支出绩效评价报告\n"
         "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴经费３５元，"
         "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n";
  std::string out = check_output(file.string());
  EXPECT_NE(out.find(file.string() + ":第2行: error unit.magnitude"), std::string::npos) << out;
  EXPECT_NE(out.find("    " + file.string() + ":第2行 「农机补贴经费35元」 原文「农机补贴经费３５元」\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    " + file.string() + ":第2行 「年初预算65万元」\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("block "), std::string::npos) << out;

  if (!fs::exists(kShared / "seeds-docx")) return;
  // Seed 000 as DOCX: its findings are in table cells.
  for (const auto& entry : fs::directory_iterator(kShared / "seeds-docx")) {
    Located r = process(entry.path());
    for (const Finding& f : r.record.findings) {
      if (f.evidence.empty() || f.evidence.front().span.location.table == 0) continue;
      const Location& l = f.evidence.front().span.location;
      std::string expected = entry.path().string() + ":表" + std::to_string(l.table) + " 第" +
                             std::to_string(l.row) + "行 第" + std::to_string(l.col) + "列: " + f.severity +
                             " " + f.kind;
      std::string printed = check_output(entry.path().string());
      EXPECT_NE(printed.find(expected), std::string::npos) << expected << "\n" << printed;
      return;
    }
  }
  ADD_FAILURE() << "no seed finding in a table cell";
}

}  // namespace
}  // namespace jixiao
