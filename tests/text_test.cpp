// Text reader: encodings, binary refusal, table recovery from the TAB exports of the seeds.
#include "ingest/text.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace jixiao {
namespace {

const std::string kSeeds = JIXIAO_SOURCE_DIR "/../shared/seeds";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string seed_path(const std::string& prefix) {
  if (!std::filesystem::exists(kSeeds)) return "";
  for (const auto& entry : std::filesystem::directory_iterator(kSeeds))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) return entry.path().string();
  return "";
}

// Converts UTF-8 to another charset with ICU (the same library the reader decodes with, but
// the opposite direction, so a bug in detection cannot cancel out).
std::string encode(const std::string& utf8, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t n =
      ucnv_convert(charset, "UTF-8", nullptr, 0, utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  std::string out(static_cast<size_t>(n), '\0');
  status = U_ZERO_ERROR;
  ucnv_convert(charset, "UTF-8", out.data(), n, utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  return out;
}

Document read_ok(const std::string& bytes, const ReadOptions& options = {}) {
  Result<Document> r = read_text(bytes, "t.txt", options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? r.value() : Document{};
}

std::vector<std::string> paragraph_texts(const Document& doc) {
  std::vector<std::string> out;
  for (const auto& b : doc.blocks)
    if (b.type == BlockType::paragraph) out.push_back(b.text);
  return out;
}

const std::string kSimplified =
    "一、绩效目标完成情况\n\n本年预算 165.69 万元，实际执行 128.35 万元，执行率 77.46%。\n";
const std::string kTraditional =
    "一、績效目標完成情況\n本年度禁毒委員會工作經費預算一百六十五萬元，實際下達一百六十五萬元。\n"
    "對該項目資金我局能做到專款專用、專賬核算，嚴格執行有關財經法規和財務管理制度。\n";

TEST(TextEncoding, Utf8WithAndWithoutBom) {
  Document plain = read_ok(kSimplified);
  EXPECT_EQ(plain.encoding, "UTF-8");
  Document bom = read_ok("\xEF\xBB\xBF" + kSimplified);
  EXPECT_EQ(bom.encoding, "UTF-8");
  ASSERT_EQ(paragraph_texts(plain).size(), 2u);
  EXPECT_EQ(paragraph_texts(plain), paragraph_texts(bom));
  EXPECT_EQ(paragraph_texts(plain)[0], "一、绩效目标完成情况");  // no BOM left in the text
  EXPECT_EQ(plain.blocks[1].source_line, 3);
}

TEST(TextEncoding, Utf16WithBom) {
  Document le = read_ok("\xFF\xFE" + encode(kSimplified, "UTF-16LE"));
  Document be = read_ok("\xFE\xFF" + encode(kSimplified, "UTF-16BE"));
  EXPECT_EQ(le.encoding, "UTF-16LE");
  EXPECT_EQ(be.encoding, "UTF-16BE");
  EXPECT_EQ(paragraph_texts(le), paragraph_texts(read_ok(kSimplified)));
  EXPECT_EQ(paragraph_texts(be), paragraph_texts(read_ok(kSimplified)));
}

TEST(TextEncoding, Utf16WithoutBomFromNulPattern) {
  Document le = read_ok(encode(kSimplified, "UTF-16LE"));
  Document be = read_ok(encode(kSimplified, "UTF-16BE"));
  EXPECT_EQ(le.encoding, "UTF-16LE");
  EXPECT_EQ(be.encoding, "UTF-16BE");
  EXPECT_EQ(paragraph_texts(le), paragraph_texts(read_ok(kSimplified)));
}

TEST(TextEncoding, Gb18030) {
  Document doc = read_ok(encode(kSimplified, "GB18030"));
  EXPECT_EQ(doc.encoding, "GB18030");
  EXPECT_EQ(paragraph_texts(doc), paragraph_texts(read_ok(kSimplified)));
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(TextEncoding, Big5TraditionalText) {
  std::string big5 = encode(kTraditional, "Big5");
  Document doc = read_ok(big5);
  EXPECT_EQ(doc.encoding, "Big5");
  EXPECT_EQ(paragraph_texts(doc), paragraph_texts(read_ok(kTraditional)));
  // The same traditional text in GB18030 stays GB18030.
  EXPECT_EQ(read_ok(encode(kTraditional, "GB18030")).encoding, "GB18030");
}

TEST(TextEncoding, ForcedEncoding) {
  ReadOptions options;
  options.encoding = "Big5";
  std::string big5 = encode(kTraditional, "Big5");
  Document doc = read_ok(big5, options);
  EXPECT_EQ(doc.encoding, "Big5");
  EXPECT_EQ(paragraph_texts(doc), paragraph_texts(read_ok(kTraditional)));
  options.encoding = "no-such-charset";
  Result<Document> bad = read_text(big5, "t.txt", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::encoding);
}

TEST(TextEncoding, MalformedUtf8IsReplacedWithOffsetWarning) {
  std::string text = kSimplified;
  size_t at = text.find("实际");
  text.insert(at, "\xFF\xFE\xC3");  // three bytes that are no UTF-8
  Document doc = read_ok(text);
  EXPECT_EQ(doc.encoding, "UTF-8");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.warnings[0].find("malformed UTF-8 at byte " + std::to_string(at)), std::string::npos)
      << doc.warnings[0];
  EXPECT_NE(doc.warnings[0].find("3 bytes replaced"), std::string::npos) << doc.warnings[0];
  EXPECT_NE(paragraph_texts(doc)[1].find("\xEF\xBF\xBD实际"), std::string::npos);  // U+FFFD, not dropped
}

TEST(TextEncoding, BinaryIsRefused) {
  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    junk.push_back(static_cast<char>(x >> 16));
  }
  Result<Document> r = read_text(junk, "junk.bin", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::binary);
  EXPECT_NE(r.error().message.find("binary data"), std::string::npos);
  // Control bytes without NUL.
  Result<Document> controls = read_text(std::string(200, '\x01') + "abc", "c.bin", {});
  ASSERT_FALSE(controls.ok());
  EXPECT_EQ(controls.error().code, ErrorCode::binary);
}

TEST(TextEncoding, EmptyAndLimits) {
  Result<Document> empty = read_text("", "e.txt", {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::empty);
  EXPECT_TRUE(read_ok("\n\n  \n").blocks.empty());
  ReadOptions small;
  small.limits.max_text_bytes = 10;
  Result<Document> big = read_text(kSimplified, "big.txt", small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::limit_exceeded);
  EXPECT_NE(big.error().message.find("max_text_bytes"), std::string::npos);
}

TEST(TextEncoding, LineEnds) {
  Document crlf = read_ok("甲\r\n\r\n乙\r丙\n");
  EXPECT_EQ(paragraph_texts(crlf), (std::vector<std::string>{"甲", "乙", "丙"}));
  EXPECT_EQ(crlf.blocks[1].source_line, 3);
}

// ---- tables ----

const Table* nth_table(const Document& doc, int n) {
  for (const auto& b : doc.blocks)
    if (b.type == BlockType::table && n-- == 0) return &b.table;
  return nullptr;
}

int count_tables(const Document& doc) {
  int n = 0;
  for (const auto& b : doc.blocks) n += b.type == BlockType::table;
  return n;
}

// Column of the cell holding `text` in the first row that has it, -1 if none.
std::pair<int, int> find_cell(const Table& t, const std::string& text) {
  for (int r = 0; r < t.row_count(); ++r)
    for (int c = 0; c < t.col_count(); ++c)
      if (t.rows[r][c] == text) return {r, c};
  return {-1, -1};
}

TEST(TextTables, CellLinesLayoutSmall) {
  // Every cell starts with a TAB; a cell's second paragraph continues without TAB; an extra
  // line end closes a row; an empty paragraph at a cell's end looks like a row end.
  std::string text =
      "标题\n"
      "\t名称\n\t甲项目\n\t备注\n\n"
      "\t\n\n项目资金\n（万元）\n\t年初\n\t全年\n\n"
      "\t预算\n\t6\n\n\t6\n\n"
      "\t合计\n\t30.0万元\n13.9万元\n\t9\n\n"
      "\n\n正文继续，这里有很多文字。\n";
  Document doc = read_ok(text);
  ASSERT_EQ(count_tables(doc), 1);
  const Table& t = *nth_table(doc, 0);
  ASSERT_EQ(t.row_count(), 4);
  ASSERT_EQ(t.col_count(), 3);
  EXPECT_EQ(t.rows[1][0], "项目资金\n（万元）");
  EXPECT_EQ(t.rows[1][1], "年初");
  EXPECT_EQ(t.rows[2], (std::vector<std::string>{"预算", "6", "6"}));  // glued back after the blank line
  EXPECT_EQ(t.rows[3][1], "30.0万元\n13.9万元");
  EXPECT_TRUE(t.merged.empty());
  EXPECT_EQ(doc.blocks.front().text, "标题");
  EXPECT_EQ(doc.blocks.back().text, "正文继续，这里有很多文字。");
  EXPECT_EQ(doc.blocks[1].source_line, 2);
}

TEST(TextTables, TabIndentedParagraphsAreNotTables) {
  Document doc = read_ok("\t第一段文字。\n\n\t第二段文字。\n");
  EXPECT_EQ(count_tables(doc), 0);
  EXPECT_EQ(paragraph_texts(doc).size(), 2u);
}

TEST(TextTables, Seed002SelfEvaluationTables) {
  std::string path = seed_path("002_");
  if (path.empty()) GTEST_SKIP() << "../shared/seeds not available";
  Document doc = read_ok(slurp(path));
  ASSERT_EQ(count_tables(doc), 4);
  const char* const totals[] = {"6", "19.2", "66.44", "73.6"};
  for (int n = 0; n < 4; ++n) {
    const Table& t = *nth_table(doc, n);
    EXPECT_EQ(t.col_count(), 9);
    for (const auto& row : t.rows) EXPECT_EQ(static_cast<int>(row.size()), t.col_count());
    auto [hr, hc] = find_cell(t, "年初预算数");
    auto [dr, dc] = find_cell(t, "年度资金总额");
    ASSERT_GE(hr, 0);
    ASSERT_EQ(dr, hr + 1);
    // 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 over 6 / 6 / 6 / 10 / (empty) / 10.
    EXPECT_EQ(t.rows[hr][hc + 1], "全年预算数");
    EXPECT_EQ(t.rows[hr][hc + 5], "得分");
    EXPECT_EQ(t.rows[dr][hc], totals[n]);
    EXPECT_EQ(t.rows[dr][hc + 1], totals[n]);
    EXPECT_EQ(t.rows[dr][hc + 2], totals[n]);
    EXPECT_EQ(t.rows[dr][hc + 3], "10");
    EXPECT_EQ(t.rows[dr][hc + 4], "");
    EXPECT_EQ(t.rows[dr][hc + 5], "10");
    EXPECT_EQ(dc, hc - 1);
    // The indicator header and the total row.
    auto [ir, ic] = find_cell(t, "一级指标");
    ASSERT_GE(ir, 0);
    EXPECT_EQ(t.rows[ir][0], "绩\n\n效\n\n\n\n指\n\n\n标");
    EXPECT_EQ(t.rows[ir][ic + 5], "分值");
    EXPECT_EQ(t.rows[ir][8], "偏差原因\n分析及改进\n措施");
    EXPECT_EQ(t.rows.back()[0], "总分");
    EXPECT_EQ(t.rows.back()[1], "100");
    EXPECT_EQ(t.rows.back()[2], "99");
  }
  // Table 1: the 数量指标 row whose 得分 cell ends with an empty paragraph before 无.
  const Table& t1 = *nth_table(doc, 0);
  auto [qr, qc] = find_cell(t1, "数量指标");
  ASSERT_GE(qr, 0);
  EXPECT_EQ(qc, 2);
  EXPECT_EQ(t1.rows[qr][6], "10");
  EXPECT_EQ(t1.rows[qr][7], "10");
  EXPECT_EQ(t1.rows[qr][8], "无");
  // Table 2: the 得分 cell "\t10\t" is a padded paragraph, not two cells.
  const Table& t2 = *nth_table(doc, 1);
  auto [q2, c2] = find_cell(t2, "社区戒毒康复工作站个数");
  ASSERT_GE(q2, 0);
  EXPECT_EQ(t2.rows[q2][7], "\t10\t");
  EXPECT_EQ(t2.rows[q2][8], "无");
  // Table 4: a cell with three lines, and 时效指标 with 分值 10 and an empty 得分.
  const Table& t4 = *nth_table(doc, 3);
  auto [cr, cc] = find_cell(t4, "30.0万元\n13.9万元\n28.8万元");
  EXPECT_EQ(cc, 4);
  EXPECT_EQ(t4.rows[cr][6], "10");
  auto [tr, tc] = find_cell(t4, "时效指标");
  ASSERT_GE(tr, 0);
  EXPECT_EQ(t4.rows[tr][6], "10");
  EXPECT_EQ(t4.rows[tr][7], "");
  // 对…毛发检测；/开展城市污水监测。 continues a cell across a line; the row is not cut there.
  auto [sr, sc] = find_cell(t4, "对各辖区吸毒人员和公职人员进行毛发检测；\n开展城市污水监测。");
  ASSERT_GE(sr, 0);
  EXPECT_EQ(t4.rows[sr][5], "持续影响");
  EXPECT_EQ(t4.rows[sr][7], "10");
  // The narrative between the tables stays paragraphs.
  EXPECT_NE(std::find(paragraph_texts(doc).begin(), paragraph_texts(doc).end(), "附件2"),
            paragraph_texts(doc).end());
}

TEST(TextTables, Seed004ThreeColumnTable) {
  std::string path = seed_path("004_");
  if (path.empty()) GTEST_SKIP() << "../shared/seeds not available";
  Document doc = read_ok(slurp(path));
  ASSERT_EQ(count_tables(doc), 1);
  const Table& t = *nth_table(doc, 0);
  EXPECT_EQ(t.row_count(), 9);
  EXPECT_EQ(t.col_count(), 3);
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"", "年度预算金额", "65"}));
  EXPECT_EQ(t.rows[6][0], "存在的问题分析及改进措施");
  EXPECT_EQ(t.rows[8][2], "2022年财政资金到位不及时，受疫情影响了工作进程。");
}

TEST(TextTables, Seed003RowLinesAndShiftedRows) {
  std::string path = seed_path("003_");
  if (path.empty()) GTEST_SKIP() << "../shared/seeds not available";
  Document doc = read_ok(slurp(path));
  ASSERT_EQ(count_tables(doc), 1);
  const Table& t = *nth_table(doc, 0);
  EXPECT_EQ(t.col_count(), 6);
  EXPECT_EQ(t.row_count(), 38);  // header, 36 indicators (a blank line inside), 合计
  EXPECT_EQ(t.rows[0][5], "得分");
  // "专项资金执行率\t\t\t…" lost its leading empty cells; they are put back in front.
  auto [r1, c1] = find_cell(t, "专项资金执行率");
  EXPECT_EQ(c1, 2);
  EXPECT_EQ(t.rows[r1][4], "2");
  auto [r2, c2] = find_cell(t, "收支管理");
  EXPECT_EQ(c2, 1);
  EXPECT_EQ(t.rows[r2][2], "收支管理制度健全性");
  // The first and total rows are left as written.
  EXPECT_EQ(t.rows.back(), (std::vector<std::string>{"合计", "", "", "", "100", "98"}));
  auto [r3, c3] = find_cell(t, "部门决策 (20分)");
  EXPECT_EQ(c3, 0);
}

// A seed converted to GB18030 or UTF-16 reads exactly like the UTF-8 original.
TEST(TextEncoding, SeedsInOtherEncodingsGiveIdenticalBlocks) {
  if (!std::filesystem::exists(kSeeds)) GTEST_SKIP() << "../shared/seeds not available";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSeeds)) {
    if (entry.path().extension() != ".txt") continue;
    ++seen;
    std::string utf8 = slurp(entry.path().string());
    Document ref = read_ok(utf8);
    struct Variant {
      std::string bytes;
      const char* encoding;
    };
    std::vector<Variant> variants = {{encode(utf8, "GB18030"), "GB18030"},
                                     {"\xFF\xFE" + encode(utf8, "UTF-16LE"), "UTF-16LE"},
                                     {encode(utf8, "UTF-16LE"), "UTF-16LE"},
                                     {encode(utf8, "UTF-16BE"), "UTF-16BE"}};
    for (const auto& v : variants) {
      Document doc = read_ok(v.bytes);
      EXPECT_EQ(doc.encoding, v.encoding) << entry.path();
      ASSERT_EQ(doc.blocks.size(), ref.blocks.size()) << entry.path() << " " << v.encoding;
      for (size_t i = 0; i < ref.blocks.size(); ++i) {
        EXPECT_EQ(doc.blocks[i].text, ref.blocks[i].text) << entry.path() << " block " << i;
        EXPECT_EQ(doc.blocks[i].table.rows, ref.blocks[i].table.rows) << entry.path() << " block " << i;
        EXPECT_EQ(doc.blocks[i].source_line, ref.blocks[i].source_line);
      }
    }
  }
  EXPECT_EQ(seen, 5);
}

}  // namespace
}  // namespace jixiao
