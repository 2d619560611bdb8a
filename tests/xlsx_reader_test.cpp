// The XLSX reader (src/ingest/xlsx.cpp) and the sheet layout shared with XLS (src/ingest/sheet.cpp),
// on workbooks built here part by part, so each test states the exact shape it reads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/read.h"
#include "ingest/sheet.h"
#include "ingest/xlsx.h"
#include "support/docx_builder.h"

namespace jixiao {
namespace {

using testing::DocxBuilder;

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

struct SheetSpec {
  std::string name, xml, state;  // xml: what goes inside <worksheet>
};

// A workbook: sheets in order (their relationships rId100, rId101, ...), the shared strings and
// the styles given, through DocxBuilder's generic parts.
std::string workbook(const std::vector<SheetSpec>& sheets, const std::string& shared = "",
                     const std::string& styles = "", const std::string& workbook_pr = "") {
  DocxBuilder b;
  b.remove("word/document.xml");
  std::string types =
      "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>";
  b.part("[Content_Types].xml", types);
  b.main_part("xl/workbook.xml");
  std::string list;
  for (size_t i = 0; i < sheets.size(); ++i) {
    std::string part = "worksheets/sheet" + std::to_string(i + 1) + ".xml";
    b.rel("worksheet", part);
    b.part("xl/" + part, std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + kMainNs + "\">" +
                             sheets[i].xml + "</worksheet>");
    list += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" +
            std::to_string(100 + i) + "\"" +
            (sheets[i].state.empty() ? "" : " state=\"" + sheets[i].state + "\"") + "/>";
  }
  if (!shared.empty()) {
    b.rel("sharedStrings", "sharedStrings.xml");
    b.part("xl/sharedStrings.xml",
           std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + kMainNs + "\">" + shared + "</sst>");
  }
  if (!styles.empty()) {
    b.rel("styles", "styles.xml");
    b.part("xl/styles.xml", std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + kMainNs + "\">" +
                                styles + "</styleSheet>");
  }
  b.part("xl/workbook.xml",
         std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMainNs +
             "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
             workbook_pr + "<sheets>" + list + "</sheets></workbook>");
  return b.build();
}

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

Document read_ok(const std::string& bytes, const ReadLimits& limits = {}) {
  Result<Document> doc = read_document_bytes(bytes, "t.xlsx", ReadOptions{limits, ""});
  EXPECT_TRUE(doc.ok()) << (doc.ok() ? "" : doc.error().describe());
  return doc.ok() ? doc.value() : Document{};
}

std::vector<const Block*> tables(const Document& doc) {
  std::vector<const Block*> out;
  for (const Block& b : doc.blocks)
    if (b.type == BlockType::table) out.push_back(&b);
  return out;
}

TEST(SheetNumbers, ShownAsTheirFormatShowsThem) {
  struct Case {
    double value;
    const char* format;
    const char* shown;
  } cases[] = {
      {286.4, "0.00", "286.40"},
      {0.9347, "0.00%", "93.47%"},
      {0.5, "0%", "50%"},
      {1336000, "#,##0.00", "1,336,000.00"},
      {1336000, "#,##0", "1,336,000"},
      {1234.5, "", "1234.5"},
      {1234.5, "General", "1234.5"},
      {0.1 + 0.2, "General", "0.3"},
      {-12.5, "0.00;(0.00)", "(12.50)"},
      {-12.5, "0.00", "-12.50"},
      {0, "0.00;-0.00;\"-\"", "-"},
      {88.2, "0.0\"分\"", "88.2分"},
      {135, "0\\万\\元", "135万元"},
      {45474, "yyyy\"年\"m\"月\"d\"日\"", "2024年7月1日"},
      {45474, "yyyy/m/d", "2024/7/1"},
      {45474.5, "yyyy-mm-dd hh:mm", "2024-07-01 12:00"},
      {1234.5, "[$¥-804]#,##0.00", "¥1,234.50"},
      {2.5, "[Red]0.0", "2.5"},
      {12345678, "#,##0,", "12,346"},
  };
  for (const Case& c : cases) EXPECT_EQ(sheet::format_number(c.value, c.format), c.shown) << c.format;
  EXPECT_EQ(sheet::format_number(45474, sheet::builtin_format(14)), "2024/7/1");
  EXPECT_EQ(sheet::format_number(0.125, sheet::builtin_format(10)), "12.50%");
  EXPECT_EQ(sheet::format_number(1000, sheet::builtin_format(4)), "1,000.00");
  EXPECT_EQ(sheet::format_number(0, sheet::builtin_format(14), true), "1904/1/1");
}

TEST(SheetRefs, ParsesCellReferencesWithinTheSheet) {
  int r, c;
  ASSERT_TRUE(sheet::parse_cell_ref("B12", r, c));
  EXPECT_EQ(r, 11);
  EXPECT_EQ(c, 1);
  ASSERT_TRUE(sheet::parse_cell_ref("$XFD$1048576", r, c));
  EXPECT_EQ(c, 16383);
  EXPECT_FALSE(sheet::parse_cell_ref("XFE1", r, c));
  EXPECT_FALSE(sheet::parse_cell_ref("A0", r, c));
  EXPECT_FALSE(sheet::parse_cell_ref("A1048577", r, c));
  EXPECT_FALSE(sheet::parse_cell_ref("12", r, c));
}

// A 自评表 laid out as it is kept in Excel: a title row, a unit line, the table with merged
// cells, numbers stored as numbers under their formats, a rate as a formula with its cached value.
TEST(Xlsx, ReadsATableWithMergesNumbersAsDisplayedAndFormulaValues) {
  std::string shared =
      "<si><t>项目支出绩效自评表</t></si>"
      "<si><t>单位：万元</t></si>"
      "<si><t>项目资金</t></si>"
      "<si><r><t>年初</t></r><r><rPr><b/></rPr><t>预算数</t></r><rPh sb=\"0\" eb=\"1\"><t>ネン</t></rPh></si>"
      "<si><t>执行率</t></si>"
      "<si><t>年度资金总额</t></si>"
      "<si><t>一行_x000D_\n两行</t></si>";
  std::string styles =
      "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"0.00\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"0.00%\"/></numFmts>"
      "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf "
      "numFmtId=\"4\"/></cellXfs>";
  std::string sheet =
      "<sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c><c r=\"B3\" t=\"s\"><v>3</v></c><c r=\"C3\" "
      "t=\"s\"><v>4</v></c></row>"
      "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>5</v></c><c r=\"C4\" s=\"1\"><v>286.4</v></c>"
      "<c r=\"D4\" s=\"2\"><f>C4/C5</f><v>0.93474</v></c></row>"
      "<row r=\"5\"><c r=\"B5\" t=\"s\"><v>6</v></c><c r=\"C5\" s=\"3\"><v>1336000</v></c>"
      "<c r=\"D5\" t=\"str\"><f>\"达标\"</f><v>达标</v></c></row>"
      "</sheetData>"
      "<mergeCells count=\"1\"><mergeCell ref=\"A3:A5\"/></mergeCells>";
  Document doc = read_ok(workbook({{"自评表", sheet, ""}}, shared, styles));
  EXPECT_EQ(doc.format, "xlsx");
  ASSERT_GE(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].part, BlockPart::header);
  EXPECT_EQ(doc.blocks[0].text, "自评表");
  EXPECT_EQ(doc.blocks[1].type, BlockType::paragraph);
  EXPECT_EQ(doc.blocks[1].text, "项目支出绩效自评表");
  EXPECT_EQ(doc.blocks[2].text, "单位：万元");
  ASSERT_EQ(doc.blocks[3].type, BlockType::table);
  const Table& t = doc.blocks[3].table;
  ASSERT_EQ(t.row_count(), 3);
  ASSERT_EQ(t.col_count(), 4);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"项目资金", "年初预算数", "执行率", ""}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"项目资金", "年度资金总额", "286.40", "93.47%"}));
  EXPECT_EQ(t.rows[2], (std::vector<std::string>{"项目资金", "一行\n两行", "1,336,000.00", "达标"}));
  EXPECT_EQ(t.merged, (std::vector<Merge>{{0, 0, 3, 1}}));
  EXPECT_TRUE(doc.warnings.empty());
  for (const Block& b : doc.blocks)
    for (const auto& row : b.table.rows)
      for (const auto& cell : row) EXPECT_EQ(cell.find("C4/C5"), std::string::npos);
}

TEST(Xlsx, SheetsInOrderHiddenSheetsRowsAndColumnsSkippedAndSaid) {
  std::string first =
      "<cols><col min=\"3\" max=\"3\" hidden=\"1\"/></cols><sheetData>"
      "<row r=\"1\">" +
      inline_cell("A1", "指标") + inline_cell("B1", "分值") + inline_cell("C1", "隐藏列") +
      "</row>"
      "<row r=\"2\" hidden=\"1\">" +
      inline_cell("A2", "隐藏行") +
      "<c r=\"B2\"><v>999</v></c></row>"
      "<row r=\"3\">" +
      inline_cell("A3", "数量指标") + "<c r=\"B3\"><v>10</v></c>" + inline_cell("C3", "x") +
      "</row>"
      "</sheetData>";
  std::string hidden = "<sheetData><row r=\"1\">" + inline_cell("A1", "年初预算") +
                       "<c r=\"B1\"><v>888</v></c></row></sheetData>";
  std::string second =
      "<sheetData><row r=\"1\">" + inline_cell("A1", "资金") + "<c r=\"B1\"><v>5</v></c></row></sheetData>";
  Document doc = read_ok(workbook({{"表一", first, ""}, {"备注", hidden, "hidden"}, {"表二", second, ""}}));
  std::vector<std::string> names;
  for (const Block& b : doc.blocks)
    if (b.part == BlockPart::header) names.push_back(b.text);
  EXPECT_EQ(names, (std::vector<std::string>{"表一", "表二"}));
  auto t = tables(doc);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0]->table.rows, (std::vector<std::vector<std::string>>{{"指标", "分值"}, {"数量指标", "10"}}));
  EXPECT_EQ(t[1]->table.rows, (std::vector<std::vector<std::string>>{{"资金", "5"}}));
  std::string warnings;
  for (const auto& w : doc.warnings) warnings += w + "\n";
  EXPECT_NE(warnings.find("sheet \"备注\" is hidden: skipped"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("sheet \"表一\": 1 hidden row(s) with text skipped"), std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("sheet \"表一\": 1 hidden column(s) with text skipped"), std::string::npos)
      << warnings;
  for (const Block* b : t)
    for (const auto& row : b->table.rows)
      for (const auto& cell : row) EXPECT_TRUE(cell != "999" && cell != "888" && cell != "x") << cell;
}

TEST(Xlsx, BlankRowsSeparateTablesAndParagraphs) {
  std::string s =
      "<sheetData>"
      "<row r=\"1\">" +
      inline_cell("A1", "一、基本情况") +
      "</row>"
      "<row r=\"2\">" +
      inline_cell("A2", "年初预算120万元。") +
      "</row>"
      "<row r=\"4\">" +
      inline_cell("B4", "a") + inline_cell("C4", "b") +
      "</row>"
      "<row r=\"5\">" +
      inline_cell("B5", "c") + inline_cell("C5", "d") +
      "</row>"
      "<row r=\"7\">" +
      inline_cell("A7", "填表人：张三") +
      "</row>"
      "</sheetData>";
  Document doc = read_ok(workbook({{"Sheet1", s, ""}}));
  ASSERT_EQ(doc.blocks.size(), 5u);
  EXPECT_EQ(doc.blocks[1].text, "一、基本情况");
  EXPECT_EQ(doc.blocks[2].text, "年初预算120万元。");
  ASSERT_EQ(doc.blocks[3].type, BlockType::table);
  EXPECT_EQ(doc.blocks[3].table.rows, (std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(doc.blocks[3].source_line, 4);
  EXPECT_EQ(doc.blocks[4].text, "填表人：张三");
}

// Found by fuzz_xlsx in its first 16 inputs: pugixml passes any bytes through, so a workbook may
// hold invalid UTF-8; the reader hands on U+FFFD instead (the Document promises UTF-8).
TEST(Xlsx, InvalidUtf8BecomesReplacementCharacters) {
  std::string sheet = "<sheetData><row r=\"1\">" + inline_cell("A1", "预算\xFF\xFE数") +
                      inline_cell("B1", "x") + "</row></sheetData>";
  Document doc = read_ok(workbook({{"表\xC3", sheet, ""}}));
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "表\uFFFD");
  EXPECT_EQ(doc.blocks[1].table.rows[0][0], "预算\uFFFD\uFFFD数");
}

TEST(Xlsx, TellsAWorkbookFromAWordDocument) {
  std::string xlsx = workbook({{"S", "<sheetData/>", ""}});
  EXPECT_TRUE(is_xlsx_package(xlsx, {}));
  DocxBuilder docx;
  docx.body(testing::para("正文"));
  std::string docx_bytes = docx.build();
  EXPECT_FALSE(is_xlsx_package(docx_bytes, {}));
  Result<Document> d = read_document_bytes(docx_bytes, "x.xlsx");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().format, "docx");  // the bytes decide, not the name
  Result<Document> x = read_document_bytes(xlsx, "x.docx");
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x.value().format, "xlsx");
}

TEST(XlsxErrors, NamedErrorsForBrokenOrHostileWorkbooks) {
  // A spreadsheet content type but no workbook part.
  DocxBuilder nobook;
  nobook.remove("word/document.xml");
  nobook.part(
      "[Content_Types].xml",
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override "
      "PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
  nobook.main_part("xl/workbook.xml");
  Result<Document> r = read_document_bytes(nobook.build(), "nobook.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::no_document_part);
  EXPECT_NE(r.error().message.find("workbook"), std::string::npos);

  // A shared string index out of range.
  r = read_document_bytes(
      workbook({{"S", "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData>", ""}},
               "<si><t>x</t></si>"),
      "bad.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::malformed_xml);

  // Malformed sheet XML.
  r = read_document_bytes(workbook({{"S", "<sheetData><row>", ""}}), "bad.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::malformed_xml);

  // Deep XML is refused before a tree is built.
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<x>";
  for (int i = 0; i < 300; ++i) deep += "</x>";
  r = read_document_bytes(workbook({{"S", deep, ""}}), "deep.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::limit_exceeded);

  // A merged range over the whole sheet, and too many cells for max_table_cells.
  r = read_document_bytes(
      workbook({{"S",
                 "<sheetData><row r=\"1\">" + inline_cell("A1", "x") +
                     "</row></sheetData><mergeCells><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>",
                 ""}}),
      "bomb.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::limit_exceeded);
  EXPECT_NE(r.error().message.find("max_table_cells"), std::string::npos);
  ReadLimits small;
  small.max_table_cells = 4;
  std::string rows;
  for (int i = 1; i <= 3; ++i)
    rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>1</v></c><c r=\"B" +
            std::to_string(i) + "\"><v>2</v></c></row>";
  r = read_document_bytes(workbook({{"S", "<sheetData>" + rows + "</sheetData>", ""}}), "big.xlsx",
                          ReadOptions{small, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::limit_exceeded);
  EXPECT_NE(r.error().message.find("max_table_cells"), std::string::npos);
}

}  // namespace
}  // namespace jixiao
