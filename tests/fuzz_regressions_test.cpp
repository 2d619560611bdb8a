// What the fuzzers (fuzz/, run by tools/fuzz) found. Every file under tests/data/fuzz/<target>/ is
// an input that once failed fuzz_<target>; each is replayed through that target's entry point
// with the target's checks, and each has a test of its own saying what it broke and what it
// must give now.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/records.h"
#include "fuzz/fuzz_common.h"
#include "fuzz/xlsx_package.h"
#include "ingest/ole2.h"
#include "ingest/pdf.h"
#include "ingest/text.h"
#include "ingest/xlsx.h"
#include "pipeline/pipeline.h"
#include "sink/json.h"
#include "support/record_spans.h"
#include "support/shipped_pipeline.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = JIXIAO_SOURCE_DIR;
const fs::path kFound = kSource / "tests" / "data" / "fuzz";

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

using jixiao::testing::shipped_pipeline;

// fuzz_extract's entry point and checks: the text reader, process_document, then every figure,
// indicator and evidence span names a block of the document, and the record prints as JSON.
// Returns what is wrong ("" when nothing is); `record` receives the result.
std::string extract_problem(const std::string& bytes, DocumentRecord& record) {
  auto doc = read_text(bytes, "fuzz.txt", ReadOptions{});
  if (!doc.ok()) return "";  // fuzz_extract stops at a read error too
  record = shipped_pipeline().process_document(doc.value());
  if (std::string misplaced = jixiao::testing::misplaced_span(record, doc.value().blocks.size());
      !misplaced.empty())
    return misplaced;
  if (document_record_json(record).empty()) return "empty JSON line";
  return "";
}

// What fuzz::check_document and fuzz::check_error ask of a reader's result, as a message.
std::string read_problem(const Result<Document>& doc) {
  if (!doc.ok()) {
    if (doc.error().code == ErrorCode::internal) return "internal error: " + doc.error().describe();
    return doc.error().message.empty() ? "error without a message" : "";
  }
  for (const Block& block : doc.value().blocks) {
    if (!fuzz::valid_utf8(block.text) || !fuzz::valid_utf8(block.list_label))
      return "invalid UTF-8 in a block";
    const Table& table = block.table;
    for (const auto& row : table.rows) {
      if (static_cast<int>(row.size()) != table.col_count()) return "a ragged table row";
      for (const std::string& cell : row)
        if (!fuzz::valid_utf8(cell)) return "invalid UTF-8 in a cell";
    }
    for (const Merge& m : table.merged)
      if (m.row < 0 || m.col < 0 || m.rows < 1 || m.cols < 1 || m.row + m.rows > table.row_count() ||
          m.col + m.cols > table.col_count())
        return "a merge outside its grid";
  }
  return "";
}

// fuzz_xlsx's entry point: a whole file when it starts with "PK", else NUL-separated parts packed
// into a workbook (fuzz/xlsx_package.h).
std::string xlsx_problem(const std::string& bytes) {
  std::string packed = bytes.starts_with("PK") ? bytes : fuzz::xlsx_package(bytes);
  if (packed.empty()) return "cannot pack";
  return read_problem(read_xlsx(packed, "fuzz.xlsx", ReadLimits{}));
}

// fuzz_ole2's entry point: a whole OLE2 file, or the bytes as BIFF8 and Word streams.
std::string ole2_problem(const std::string& input) {
  std::string_view bytes = input;
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    return read_problem(read_ole2(bytes, "fuzz.doc", ReadLimits{}));
  if (std::string p = read_problem(read_xls_workbook(bytes, "fuzz.xls", ReadLimits{})); !p.empty()) return p;
  size_t cut = bytes.find('\0', bytes.size() / 2);
  std::string_view word = bytes.substr(0, cut == std::string_view::npos ? bytes.size() : cut);
  std::string_view table = cut == std::string_view::npos ? std::string_view() : bytes.substr(cut);
  return read_problem(read_doc_streams(word, table, table, table, "fuzz.doc", ReadLimits{}));
}

// fuzz_pdf's entry point: a whole PDF, its pages rendered small (fuzz/fuzz_pdf.cpp). Its one found
// input, oom-page-6e15-points-wide.pdf (at c0d6eb8: a LibreOffice PDF with one page's MediaBox
// mutated to 5.95e15 × 842 points), was rendered 1 pixel high and 6.5e8 wide, 650 MB of grey in
// the release build and past the fuzzer's 2 GB under ASan, because the render scale came from the
// page's area alone; render_scale now counts each side in whole pixels
// (PdfLayout.TheRenderScaleKeepsEveryPageShapeWithinThePixelBudget): 25 MB and 0.12 s.
std::string pdf_problem(const std::string& bytes) {
  ReadLimits limits = fuzz::cheap_limits();
  limits.max_render_pixels = 60'000;
  return read_problem(read_pdf(bytes, "fuzz.pdf", limits));
}

TEST(FuzzRegressions, EveryFoundInputReplaysThroughItsTarget) {
  ASSERT_TRUE(fs::is_directory(kFound)) << kFound;
  int replayed = 0;
  for (const auto& target : fs::directory_iterator(kFound)) {
    const std::string name = target.path().filename().string();
    for (const auto& input : fs::directory_iterator(target.path())) {
      SCOPED_TRACE(input.path().string());
      if (name == "extract") {
        DocumentRecord record;
        EXPECT_EQ(extract_problem(file_bytes(input.path()), record), "");
      } else if (name == "xlsx") {
        EXPECT_EQ(xlsx_problem(file_bytes(input.path())), "");
      } else if (name == "ole2") {
        EXPECT_EQ(ole2_problem(file_bytes(input.path())), "");
      } else if (name == "pdf") {
        EXPECT_EQ(pdf_problem(file_bytes(input.path())), "");
      } else {
        ADD_FAILURE() << "no replay for fuzz_" << name << ": add its entry point here";
      }
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0);
}

// fuzz_extract at bc16a5f (crash-742e33b3..., minimized to 176 bytes): a 自评表 exported as
// GB18030 text with tabs, mutated so that the indicator row under the header holds only a level-1
// name and a 实际完成值 of 100. The indicator's span came from its name, target or weight cell only,
// so this one got Span{} (block -1): a record that points nowhere. Fixed by 5156123 (the span is
// the first cell the row was read from). Since the tables-2 reader, a row with no 三级指标 name and
// no 分值 / 得分 is an open slot of the form, not an indicator: nothing is read from it, and every
// record that is read still points into the document.
TEST(FuzzRegressions, ExtractIndicatorRowWithOnlyAnActualValuePointsAtThatCell) {
  const std::string bytes = file_bytes(kFound / "extract" / "indicator-actual-only-gb18030.txt");
  ASSERT_EQ(bytes.size(), 176u);
  DocumentRecord record;
  EXPECT_EQ(extract_problem(bytes, record), "");
  ASSERT_EQ(record.reports.size(), 1u);
  EXPECT_TRUE(record.reports[0].indicators.empty());
  for (const Figure& figure : record.reports[0].figures) EXPECT_GE(figure.span.block, 0) << figure.field;
}

// fuzz_xlsx at 4ccabb4, within its first 16 inputs (crash-4002bf6a..., 17,284 bytes of sheet
// XML): cell text with bytes that are not UTF-8. pugixml hands them through, and the reader handed
// them on; fixed by d922dc3 (invalid bytes and surrogates become U+FFFD).
TEST(FuzzRegressions, XlsxCellBytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::string bytes = file_bytes(kFound / "xlsx" / "invalid-utf8-parts.bin");
  ASSERT_EQ(bytes.size(), 17284u);
  EXPECT_EQ(xlsx_problem(bytes), "");
}

// fuzz_ole2 at d922dc3 (crash-6cc6c93f..., a 13,824-byte .doc): the OLE2 directory lists a stream
// whose sectors cannot be read; its empty optional was dereferenced (a heap-use-after-free under
// ASan). Fixed by fe1cd78: such a file is corrupt_file.
TEST(FuzzRegressions, Ole2StreamListedButUnreadableIsCorruptFile) {
  Result<Document> doc =
      read_ole2(file_bytes(kFound / "ole2" / "stream-listed-but-unreadable.doc"), "x.doc", {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::corrupt_file);
}

// fuzz_ole2 at afa4b08 (leak-36ccf723..., 46,891 bytes): libgsf's directory reader leaks an entry
// of this damaged directory inside gsf_infile_msole_new. Not ours: LeakSanitizer is told so by
// tests/lsan.supp (set by ctest), and the file must still read or fail by name.
TEST(FuzzRegressions, Ole2DirectoryThatLibgsfLeaksOnReadsOrFailsByName) {
  EXPECT_EQ(ole2_problem(file_bytes(kFound / "ole2" / "libgsf-directory-leak.doc")), "");
}

// fuzz_ole2 at afa4b08 (timeout-3022cfef..., a 10,240-byte .xls): a merged range of about a
// million cells, within max_table_cells, took 1.65 s in the release build and more than the
// fuzzer's 15 s under ASan: every covered cell was a node of a std::map and of a std::set before
// the grid was built. Now a range costs work per row until the grid itself is filled.
TEST(FuzzRegressions, XlsMergedRangeOfAMillionCellsCostsTheGridOnly) {
  const std::string bytes = file_bytes(kFound / "ole2" / "merged-range-million-cells.xls");
  auto started = std::chrono::steady_clock::now();
  Result<Document> doc = read_ole2(bytes, "x.xls", {});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(read_problem(doc), "");
  EXPECT_LT(seconds, 10.0);  // generous for ASan on a shared machine
}

// fuzz_ole2 at f4c14bb (crash-85bdc960..., a 12,289-byte .xls): a LABEL record shorter than its
// six bytes of row, column and format; its string was cut at byte 6 before those were read, and
// std::out_of_range ended the reader (in `extract`, its reader process: reported as "crashed").
// Now every record's text starts through a bounds check: corrupt_file.
TEST(FuzzRegressions, XlsLabelRecordShorterThanItsFieldsIsCorruptFile) {
  const std::string bytes = file_bytes(kFound / "ole2" / "label-record-too-short.xls");
  ASSERT_EQ(bytes.size(), 12289u);
  Result<Document> doc = read_ole2(bytes, "x.xls", {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::corrupt_file);
  EXPECT_NE(doc.error().message.find("shorter than its fields"), std::string::npos) << doc.error().message;
}

}  // namespace
}  // namespace jixiao
