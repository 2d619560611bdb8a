// record_to_binary / record_from_binary (src/core/binary_form.h): how a worker hands its record
// to the ingest parent; and a reader process's Document (at the end). What comes back must be the record: the
// same jixiao.document/1 line, and the fields that line leaves out (which the SQLite tables keep). Anything
// cut short, left over or out of range is refused without a crash or a large allocation.
#include "core/binary_form.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "sink/json.h"
#include "support/shipped_pipeline.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::shipped_pipeline;

const fs::path kSource = JIXIAO_SOURCE_DIR;

DocumentRecord round_trip(const DocumentRecord& record) {
  auto back = record_from_binary(record_to_binary(record));
  EXPECT_TRUE(back.ok()) << (back.ok() ? "" : back.error().message);
  return back.ok() ? std::move(back).value() : DocumentRecord{};
}

// The fields jixiao.document/1 does not carry, compared one by one.
void expect_same_beyond_the_line(const DocumentRecord& a, const DocumentRecord& b, const std::string& what) {
  ASSERT_EQ(a.reports.size(), b.reports.size()) << what;
  for (size_t r = 0; r < a.reports.size(); ++r) {
    const Report &x = a.reports[r], &y = b.reports[r];
    EXPECT_EQ(x.first_block, y.first_block) << what;
    EXPECT_EQ(x.last_block, y.last_block) << what;
    EXPECT_TRUE(y.mentions.empty()) << what << ": mentions stay in the worker";
    ASSERT_EQ(x.figures.size(), y.figures.size()) << what;
    for (size_t f = 0; f < x.figures.size(); ++f) {
      const Quantity &p = x.figures[f].quantity, &q = y.figures[f].quantity;
      EXPECT_EQ(p.kind, q.kind) << what;
      EXPECT_EQ(p.unit_implied, q.unit_implied) << what;
      if (p.yuan && std::isnan(*p.yuan))
        EXPECT_TRUE(q.yuan && std::isnan(*q.yuan)) << what;
      else
        EXPECT_EQ(p.yuan, q.yuan) << what;  // unrounded, to the last bit
    }
    ASSERT_EQ(x.indicators.size(), y.indicators.size()) << what;
    for (size_t i = 0; i < x.indicators.size(); ++i) {
      EXPECT_EQ(x.indicators[i].weight_text, y.indicators[i].weight_text) << what;
      EXPECT_EQ(x.indicators[i].score_text, y.indicators[i].score_text) << what;
      EXPECT_EQ(x.indicators[i].weight_span, y.indicators[i].weight_span) << what;
      EXPECT_EQ(x.indicators[i].score_span, y.indicators[i].score_span) << what;
      EXPECT_EQ(x.indicators[i].target_quantity.has_value(), y.indicators[i].target_quantity.has_value())
          << what;
    }
  }
}

std::vector<fs::path> report_files() {
  std::vector<fs::path> out;
  for (const fs::path& dir : {kSource / "corpus", kSource.parent_path() / "shared" / "real"})
    if (fs::is_directory(dir))
      for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".docx" || e.path().extension() == ".txt") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RecordBinary, EveryCorpusRecordComesBackWhole) {
  size_t money = 0, cells = 0, findings = 0;
  for (const fs::path& file : report_files()) {
    const DocumentRecord record = shipped_pipeline().process_file(file.string());
    const DocumentRecord back = round_trip(record);
    EXPECT_EQ(document_record_json(back), document_record_json(record)) << file;
    expect_same_beyond_the_line(record, back, file.string());
    for (const Report& r : record.reports) {
      for (const Figure& f : r.figures) money += f.quantity.kind == QuantityKind::money;
      for (const Indicator& i : r.indicators) cells += !i.weight_text.empty();
    }
    findings += record.findings.size();
  }
  EXPECT_GT(money, 100u);  // the comparisons above compared something
  EXPECT_GT(cells, 50u);
  // corpus/ is clean; the real reports (../shared, when present) hold findings.
  if (fs::is_directory(kSource.parent_path() / "shared" / "real")) {
    EXPECT_GT(findings, 0u);
  }
}

DocumentRecord unusual() {
  DocumentRecord r;
  r.source = {std::string("报告/\xff\xfe name\n.txt"), "ab12", "text", "GB18030", 5'000'000'000LL};
  r.error = Error{ErrorCode::corrupt_file, "损坏", "x", 7, 1LL << 40};
  r.warnings = {"", std::string("a\0b", 3)};
  Report rep;
  rep.index = -3;
  rep.meta.year = 2023;
  Figure f;
  f.quantity.kind = QuantityKind::range;
  f.quantity.value = std::numeric_limits<double>::quiet_NaN();
  f.quantity.to = -std::numeric_limits<double>::infinity();
  f.quantity.yuan = 1656899.9999999998;
  f.quantity.unit_implied = true;
  f.span.location = {2, 2, 3, 0, 17};
  rep.figures.push_back(f);
  Indicator i;
  i.weight = 0;
  i.weight_text = "１０分";
  i.target_quantity = Quantity{};
  rep.indicators.push_back(i);
  rep.mentions.push_back(Mention{});
  r.reports.push_back(rep);
  r.reports.push_back(Report{});
  Finding fi;
  fi.evidence = {{"35元", {3, 1, 2, 0, 3, -1}, "３５ 元"}};
  fi.expected = 350000;
  r.findings.push_back(fi);
  return r;
}

TEST(RecordBinary, UnusualValuesComeBackExactly) {
  const DocumentRecord r = unusual();
  const DocumentRecord back = round_trip(r);
  EXPECT_EQ(back.source.path, r.source.path);  // bytes that are not UTF-8, kept as they are
  EXPECT_EQ(back.source.bytes, r.source.bytes);
  ASSERT_TRUE(back.error.has_value());
  EXPECT_EQ(back.error->code, ErrorCode::corrupt_file);
  EXPECT_EQ(back.error->line, 7);
  EXPECT_EQ(back.error->offset, 1LL << 40);
  EXPECT_EQ(back.warnings, r.warnings);
  ASSERT_EQ(back.reports.size(), 2u);
  EXPECT_EQ(back.reports[0].index, -3);
  const Quantity& q = back.reports[0].figures[0].quantity;
  EXPECT_TRUE(std::isnan(q.value));
  EXPECT_EQ(q.to, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(back.reports[0].indicators[0].weight, 0.0);
  EXPECT_FALSE(back.reports[0].indicators[0].score.has_value());
  EXPECT_EQ(back.findings[0].evidence[0].source_text, "３５ 元");
  EXPECT_EQ(back.findings[0].expected, 350000);
  EXPECT_EQ(document_record_json(back), document_record_json(r));
  expect_same_beyond_the_line(r, back, "unusual");
}

TEST(RecordBinary, RefusesWhatIsCutShortLeftOverOrOutOfRange) {
  const std::string bytes = record_to_binary(unusual());
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(record_from_binary(bytes.substr(0, n)).ok()) << "cut at " << n;
  auto extra = record_from_binary(bytes + "x");
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.error().message.find("left over"), std::string::npos) << extra.error().message;

  // The first field is the path's length: a huge one is refused before anything is allocated.
  std::string huge = bytes;
  const uint64_t n = uint64_t{1} << 62;
  std::memcpy(huge.data(), &n, sizeof n);
  auto refused = record_from_binary(huge);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("longer than what is left"), std::string::npos);

  // A flag that is neither 0 nor 1, and an enum above its range. An empty source is four empty
  // strings (an 8-byte length each) and an 8-byte size; then comes the error's presence flag, then
  // its code.
  DocumentRecord plain;
  plain.error = Error{};
  std::string coded = record_to_binary(plain);
  const size_t flag_at = 4 * 8 + 8;
  ASSERT_EQ(coded[flag_at], 1);
  ASSERT_EQ(coded[flag_at + 1], static_cast<char>(ErrorCode::internal));
  std::string bad_flag = coded, bad_code = coded;
  bad_flag[flag_at] = 2;
  bad_code[flag_at + 1] = 100;
  EXPECT_FALSE(record_from_binary(bad_flag).ok());
  auto out_of_range = record_from_binary(bad_code);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_NE(out_of_range.error().message.find("out of range"), std::string::npos);
}

// document_to_binary / document_from_binary: a reader process's answer (ingest/read_in_child.h).
Document unusual_document() {
  Document d;
  d.path = "a/b\n.pdf";
  d.format = "doc";
  d.encoding = "UTF-16LE";
  d.bytes = 123456789012;
  d.sha256 = std::string(64, 'f');
  d.warnings = {"dropped a part", ""};
  Block& p = d.blocks.emplace_back();
  p.part = BlockPart::comment;
  p.text = std::string("项目\0资金", 10);
  p.style = "Heading2";
  p.outline_level = 1;
  p.list_label = "（二）";
  p.source_line = -5;
  Block& t = d.blocks.emplace_back();
  t.type = BlockType::table;
  t.table.rows = {{"项目资金（万元）", "项目资金（万元）"}, {"", "286.4"}};
  t.table.merged = {{0, 0, 1, 2}};
  t.table.nesting = 2;
  t.table.lines = {{3, 3}, {0, 4}};
  return d;
}

TEST(DocumentBinary, ADocumentOrAnErrorComesBackExactly) {
  const Document d = unusual_document();
  Result<Document> back = document_from_binary(document_to_binary(d));
  ASSERT_TRUE(back.ok()) << back.error().message;
  const Document& b = back.value();
  EXPECT_EQ(b.path, d.path);
  EXPECT_EQ(b.format, d.format);
  EXPECT_EQ(b.encoding, d.encoding);
  EXPECT_EQ(b.bytes, d.bytes);
  EXPECT_EQ(b.sha256, d.sha256);
  EXPECT_EQ(b.warnings, d.warnings);
  ASSERT_EQ(b.blocks.size(), 2u);
  EXPECT_EQ(b.blocks[0].part, BlockPart::comment);
  EXPECT_EQ(b.blocks[0].text, d.blocks[0].text);
  EXPECT_EQ(b.blocks[0].style, "Heading2");
  EXPECT_EQ(b.blocks[0].outline_level, 1);
  EXPECT_EQ(b.blocks[0].list_label, "（二）");
  EXPECT_EQ(b.blocks[0].source_line, -5);
  EXPECT_EQ(b.blocks[1].type, BlockType::table);
  EXPECT_EQ(b.blocks[1].table.rows, d.blocks[1].table.rows);
  EXPECT_EQ(b.blocks[1].table.merged, d.blocks[1].table.merged);
  EXPECT_EQ(b.blocks[1].table.nesting, 2);
  EXPECT_EQ(b.blocks[1].table.lines, d.blocks[1].table.lines);

  Result<Document> error = document_from_binary(
      document_to_binary(Error{ErrorCode::encrypted, "password-protected PDF", "x.pdf", 3, 99}));
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().code, ErrorCode::encrypted);
  EXPECT_EQ(error.error().message, "password-protected PDF");
  EXPECT_EQ(error.error().path, "x.pdf");
  EXPECT_EQ(error.error().line, 3);
  EXPECT_EQ(error.error().offset, 99);
}

TEST(DocumentBinary, RefusesWhatIsCutShortOrLeftOver) {
  const std::string bytes = document_to_binary(unusual_document());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Result<Document> cut = document_from_binary(bytes.substr(0, n));
    ASSERT_FALSE(cut.ok()) << "cut at " << n;
    EXPECT_EQ(cut.error().code, ErrorCode::internal) << "cut at " << n;
  }
  Result<Document> extra = document_from_binary(bytes + "x");
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.error().message.find("left over"), std::string::npos) << extra.error().message;
}

}  // namespace
}  // namespace jixiao
