// The DOCX reader on exact shapes built in memory (tests/support/docx_builder.h), on bad inputs
// and on the real seed reports in ../shared/seeds-docx.
#include "ingest/docx.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/docx_numbering.h"
#include "support/docx_builder.h"

namespace jixiao {
namespace {

using testing::DocxBuilder;
using testing::para;

Document read_ok(const std::string& bytes, const ReadLimits& limits = {}) {
  Result<Document> result = read_docx(bytes, "test.docx", limits);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().describe());
  return result.ok() ? result.value() : Document{};
}

Error read_error(const std::string& bytes, const ReadLimits& limits = {}) {
  Result<Document> result = read_docx(bytes, "bad.docx", limits);
  EXPECT_FALSE(result.ok());
  return result.ok() ? Error{} : result.error();
}

std::vector<std::string> texts(const Document& doc, BlockPart part = BlockPart::body) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks)
    if (b.type == BlockType::paragraph && b.part == part) out.push_back(b.text);
  return out;
}

std::vector<const Block*> tables(const Document& doc) {
  std::vector<const Block*> out;
  for (const Block& b : doc.blocks)
    if (b.type == BlockType::table) out.push_back(&b);
  return out;
}

std::string run(const std::string& inner) {
  return "<w:r>" + inner + "</w:r>";
}
std::string t(const std::string& text) {
  return "<w:t xml:space=\"preserve\">" + text + "</w:t>";
}

// ---------------------------------------------------------------- paragraphs

TEST(DocxParagraph, RunContentTabsBreaksSymbolsHyphens) {
  DocxBuilder docx;
  docx.body("<w:p>" + run(t("预算") + "<w:tab/>" + t("165.69")) + run("<w:br/>" + t("万元")) +
            run("<w:br w:type=\"page\"/><w:cr/>") + run("<w:sym w:font=\"Symbol\" w:char=\"F0B3\"/>") +
            run("<w:sym w:font=\"Wingdings\" w:char=\"2460\"/>") +
            run(t("A") + "<w:noBreakHyphen/>" + t("B")) + run(t("co") + "<w:softHyphen/>" + t("op")) +
            "</w:p>");
  Document doc = read_ok(docx.build());
  EXPECT_EQ(doc.encoding, "UTF-8");
  ASSERT_EQ(texts(doc), std::vector<std::string>{"预算\t165.69\n万元\n\n\xC2\xB3\xE2\x91\xA0"
                                                 "A-Bcoop"});
}

TEST(DocxParagraph, SpaceOnlyPreservedRunIsKept) {
  DocxBuilder docx;
  docx.body("<w:p>" + run("<w:t>165.69</w:t>") + run("<w:t xml:space=\"preserve\"> </w:t>") +
            run("<w:t>万元</w:t>") + "</w:p>");
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"165.69 万元"});
}

TEST(DocxParagraph, TrackedChangesKeepInsertionsAndDropDeletions) {
  DocxBuilder docx;
  docx.body("<w:p>" + run(t("执行率")) + "<w:del w:id=\"1\">" + run("<w:delText>97.37%</w:delText>") +
            "</w:del>" + "<w:ins w:id=\"2\">" + run(t("97.89%")) + "</w:ins>" + "<w:moveFrom w:id=\"3\">" +
            run(t("旧")) + "</w:moveFrom><w:moveTo w:id=\"4\">" + run(t("，新")) + "</w:moveTo></w:p>" +
            "<w:del w:id=\"5\"><w:p>" + run(t("删掉的段落")) + "</w:p></w:del>");
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"执行率97.89%，新"});
}

TEST(DocxParagraph, FieldsShowTheirResultNotTheirInstructions) {
  DocxBuilder docx;
  docx.body("<w:p>" + run(t("第")) + run("<w:fldChar w:fldCharType=\"begin\"/>") +
            run("<w:instrText> PAGE </w:instrText>") + run("<w:fldChar w:fldCharType=\"separate\"/>") +
            run(t("3")) + run("<w:fldChar w:fldCharType=\"end\"/>") + run(t("页；")) +
            // nested: IF { MERGEFIELD } -> only the outer result shows
            run("<w:fldChar w:fldCharType=\"begin\"/>") + run("<w:instrText>IF </w:instrText>") +
            run("<w:fldChar w:fldCharType=\"begin\"/>") + run("<w:instrText>MERGEFIELD x</w:instrText>") +
            run("<w:fldChar w:fldCharType=\"separate\"/>") + run(t("inner")) +
            run("<w:fldChar w:fldCharType=\"end\"/>") + run("<w:fldChar w:fldCharType=\"separate\"/>") +
            run(t("外层")) + run("<w:fldChar w:fldCharType=\"end\"/>") +
            "<w:fldSimple w:instr=\" NUMPAGES \">" + run(t("；共9页")) + "</w:fldSimple></w:p>");
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"第3页；外层；共9页"});
}

TEST(DocxParagraph, WrappersAreDescendedInReadingOrder) {
  DocxBuilder docx;
  docx.body("<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>" + para("块级控件") +
            "</w:sdtContent></w:sdt>" + "<w:p><w:hyperlink r:id=\"rId9\">" + run(t("链接")) +
            "</w:hyperlink>" + "<w:smartTag w:uri=\"u\" w:element=\"e\">" + run(t("智能")) + "</w:smartTag>" +
            "<w:customXml w:element=\"c\">" + run(t("定制")) + "</w:customXml>" +
            "<w:sdt><w:sdtPr/><w:sdtContent>" + run(t("行内控件")) + "</w:sdtContent></w:sdt></w:p>" +
            "<w:customXml w:element=\"block\">" + para("块级定制") + "</w:customXml>");
  EXPECT_EQ(texts(read_ok(docx.build())),
            (std::vector<std::string>{"块级控件", "链接智能定制行内控件", "块级定制"}));
}

std::string text_box_run(const std::string& box_text, const std::string& choice_requires) {
  std::string box = "<w:txbxContent>" + para(box_text) + "</w:txbxContent>";
  return "<w:r><mc:AlternateContent><mc:Choice Requires=\"" + choice_requires +
         "\"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>" + box +
         "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
         "<mc:Fallback><w:pict><v:shape><v:textbox>" +
         box + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>";
}

TEST(DocxParagraph, TextBoxFollowsItsAnchorOnceFromOneAlternateContentBranch) {
  DocxBuilder docx;
  docx.body("<w:p>" + run(t("锚段落")) + text_box_run("文本框", "wps") + "</w:p>" + para("下一段"));
  EXPECT_EQ(texts(read_ok(docx.build())), (std::vector<std::string>{"锚段落", "文本框", "下一段"}));
}

TEST(DocxParagraph, AlternateContentFallsBackWhenChoiceIsNotUnderstood) {
  DocxBuilder docx;
  docx.body("<w:p><mc:AlternateContent><mc:Choice Requires=\"x99\">" + run(t("新格式")) +
            "</mc:Choice><mc:Fallback>" + run(t("旧格式")) + "</mc:Fallback></mc:AlternateContent></w:p>");
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"旧格式"});
}

TEST(DocxParagraph, AnyPrefixBoundToWordprocessingMlIsRead) {
  DocxBuilder docx;
  docx.part(
      "word/document.xml",
      "<ns0:document xmlns:ns0=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><ns0:body>"
      "<ns0:p><ns0:r><ns0:t>前缀无关</ns0:t></ns0:r></ns0:p>"
      "<w:p xmlns:w=\"urn:not-word\"><w:r><w:t>不是Word</w:t></w:r></w:p></ns0:body></ns0:document>");
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"前缀无关"});
}

// ---------------------------------------------------------------- numbering and styles

std::string level(int ilvl, const std::string& fmt, const std::string& text, int start = 1) {
  return "<w:lvl w:ilvl=\"" + std::to_string(ilvl) + "\"><w:start w:val=\"" + std::to_string(start) +
         "\"/><w:numFmt w:val=\"" + fmt + "\"/><w:lvlText w:val=\"" + text + "\"/></w:lvl>";
}

std::string numbered(const std::string& text, int num_id, int ilvl) {
  return para(text, "<w:numPr><w:ilvl w:val=\"" + std::to_string(ilvl) + "\"/><w:numId w:val=\"" +
                        std::to_string(num_id) + "\"/></w:numPr>");
}

TEST(DocxNumbering, ChineseOutlineLabelsWithCountersAndRestarts) {
  DocxBuilder docx;
  docx.part("word/numbering.xml",
            "<w:numbering xmlns:w=\"" + std::string(testing::kW) + "\">" +
                "<w:abstractNum w:abstractNumId=\"0\">" + level(0, "chineseCounting", "%1、") +
                level(1, "chineseCounting", "（%2）") + level(2, "decimal", "%3.") + "</w:abstractNum>" +
                "<w:abstractNum w:abstractNumId=\"1\">" + level(0, "chineseCountingThousand", "第%1章", 9) +
                level(1, "decimalEnclosedCircle", "%2") + "</w:abstractNum>" +
                "<w:abstractNum w:abstractNumId=\"2\">" + level(0, "upperRoman", "%1.") +
                level(1, "ideographTraditional", "%1.%2", 3) + "</w:abstractNum>" +
                "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
                "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
                "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/></w:num></w:numbering>")
      .rel("numbering", "numbering.xml");
  docx.body(numbered("项目基本情况", 1, 0) + numbered("项目概况", 1, 1) + numbered("绩效目标", 1, 1) +
            numbered("细项", 1, 2) + numbered("自评情况", 1, 0) + numbered("资金", 1, 1) +
            numbered("章", 2, 0) + numbered("章", 2, 0) + numbered("圈", 2, 1) + numbered("圈", 2, 1) +
            numbered("罗马", 3, 0) + numbered("罗马", 3, 0) + numbered("天干", 3, 1) + para("无编号"));
  Document doc = read_ok(docx.build());
  std::vector<std::string> labels;
  for (const Block& b : doc.blocks) labels.push_back(b.list_label);
  EXPECT_EQ(labels, (std::vector<std::string>{"一、", "（一）", "（二）", "1.", "二、", "（一）", "第九章",
                                              "第十章", "①", "②", "I.", "II.", "II.丙", ""}));
  EXPECT_EQ(doc.blocks[0].text, "项目基本情况");  // the label is not in the text
}

TEST(DocxNumbering, FormatsNumbersLikeWord) {
  struct Case {
    int value;
    const char* fmt;
    const char* want;
  } cases[] = {
      {1, "chineseCounting", "一"},
      {10, "chineseCounting", "十"},
      {11, "chineseCounting", "十一"},
      {20, "chineseCounting", "二十"},
      {105, "chineseCounting", "一百零五"},
      {3, "ideographTraditional", "丙"},
      {2, "decimalEnclosedCircle", "②"},
      {12, "decimalFullWidth", "１２"},
      {4, "upperRoman", "IV"},
      {28, "lowerLetter", "bb"},
      {7, "decimalZero", "07"},
      {3, "japaneseCounting", "三"},
      {5, "chineseLegalSimplified", "伍"},
      {42, "unknownFormat", "42"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(docx::format_number(c.value, c.fmt), c.want) << c.fmt << " " << c.value;
}

TEST(DocxStyles, OutlineLevelFromParagraphStyleChainOrHeadingName) {
  DocxBuilder docx;
  docx.part("word/styles.xml",
            "<w:styles xmlns:w=\"" + std::string(testing::kW) +
                "\"><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>"
                "<w:style w:type=\"paragraph\" w:styleId=\"Sub\"><w:name w:val=\"My Sub\"/>"
                "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
                "<w:style w:type=\"paragraph\" w:styleId=\"SubChild\"><w:name w:val=\"child\"/>"
                "<w:basedOn w:val=\"Sub\"/></w:style></w:styles>")
      .rel("styles", "styles.xml");
  docx.body(para("一、项目基本情况", "<w:pStyle w:val=\"1\"/>") +
            para("（一）概况", "<w:pStyle w:val=\"SubChild\"/>") +
            para("正文", "<w:outlineLvl w:val=\"9\"/>") + para("直接", "<w:outlineLvl w:val=\"2\"/>") +
            para("无样式"));
  Document doc = read_ok(docx.build());
  ASSERT_EQ(doc.blocks.size(), 5u);
  EXPECT_EQ(doc.blocks[0].style, "1");
  EXPECT_EQ(doc.blocks[0].outline_level, 0);
  EXPECT_EQ(doc.blocks[1].outline_level, 1);
  EXPECT_EQ(doc.blocks[2].outline_level, -1);
  EXPECT_EQ(doc.blocks[3].outline_level, 2);
  EXPECT_EQ(doc.blocks[4].outline_level, -1);
  EXPECT_LT(doc.blocks[0].source_line, doc.blocks[1].source_line);
}

// ---------------------------------------------------------------- tables

std::string tc(const std::string& text, const std::string& tcpr = "") {
  return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + para(text) + "</w:tc>";
}
std::string tr(const std::string& cells, const std::string& trpr = "") {
  return "<w:tr>" + (trpr.empty() ? "" : "<w:trPr>" + trpr + "</w:trPr>") + cells + "</w:tr>";
}
std::string tbl(const std::string& rows, int grid_cols = 0) {
  std::string grid = "<w:tblGrid>";
  for (int i = 0; i < grid_cols; ++i) grid += "<w:gridCol w:w=\"1000\"/>";
  return "<w:tbl><w:tblPr/>" + grid + "</w:tblGrid>" + rows + "</w:tbl>";
}

TEST(DocxTable, GridSpanAndVMergeResolveIntoARepeatedGrid) {
  DocxBuilder docx;
  docx.body(tbl(
      tr(tc("项目资金（万元）", "<w:vMerge w:val=\"restart\"/>") + tc("预算", "<w:gridSpan w:val=\"2\"/>")) +
          tr(tc("", "<w:vMerge/>") + tc("年初") + tc("全年")) +
          tr(tc("", "<w:vMerge w:val=\"continue\"/>") + tc("6") + tc("6")) +
          tr(tc("合计") + tc("12") + tc("12")),
      3));
  Document doc = read_ok(docx.build());
  auto found = tables(doc);
  ASSERT_EQ(found.size(), 1u);
  const Table& table = found[0]->table;
  using Row = std::vector<std::string>;
  EXPECT_EQ(table.rows, (std::vector<Row>{{"项目资金（万元）", "预算", "预算"},
                                          {"项目资金（万元）", "年初", "全年"},
                                          {"项目资金（万元）", "6", "6"},
                                          {"合计", "12", "12"}}));
  EXPECT_EQ(table.merged, (std::vector<Merge>{{0, 0, 3, 1}, {0, 1, 1, 2}}));
  EXPECT_EQ(table.nesting, 0);
}

TEST(DocxTable, RaggedRowsArePaddedAndGridBeforeAfterHonoured) {
  DocxBuilder docx;
  docx.body(tbl(tr(tc("a") + tc("b") + tc("c")) + tr(tc("d")) + tr(tc("e"), "<w:gridBefore w:val=\"1\"/>") +
                tr(tc("f"), "<w:gridAfter w:val=\"3\"/>") +
                tr(tc("g") + tc("h", "<w:hMerge w:val=\"restart\"/>") + tc("", "<w:hMerge/>"))));
  Document doc = read_ok(docx.build());
  ASSERT_EQ(tables(doc).size(), 1u);
  const Table& table = tables(doc)[0]->table;
  using Row = std::vector<std::string>;
  EXPECT_EQ(table.rows, (std::vector<Row>{{"a", "b", "c", ""},
                                          {"d", "", "", ""},
                                          {"", "e", "", ""},
                                          {"f", "", "", ""},
                                          {"g", "h", "h", ""}}));
  EXPECT_EQ(table.merged, (std::vector<Merge>{{4, 1, 1, 2}}));
}

TEST(DocxTable, CellParagraphsJoinAndNestedTablesFollowTheOuterTable) {
  DocxBuilder docx;
  std::string inner = tbl(tr(tc("内1") + tc("内2")));
  docx.body(
      para("前") +
      tbl(tr("<w:tc>" + para("第一行") + para("第二行") + inner + para("表后") + "</w:tc>" + tc("右"))) +
      para("后"));
  Document doc = read_ok(docx.build());
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].text, "前");
  ASSERT_EQ(doc.blocks[1].type, BlockType::table);
  EXPECT_EQ(doc.blocks[1].table.rows[0], (std::vector<std::string>{"第一行\n第二行\n表后", "右"}));
  ASSERT_EQ(doc.blocks[2].type, BlockType::table);
  EXPECT_EQ(doc.blocks[2].table.nesting, 1);
  EXPECT_EQ(doc.blocks[2].table.rows[0], (std::vector<std::string>{"内1", "内2"}));
  EXPECT_EQ(doc.blocks[3].text, "后");
}

TEST(DocxTable, GridLargerThanTheLimitIsRefused) {
  DocxBuilder docx;
  docx.body(tbl(tr(tc("x", "<w:gridSpan w:val=\"2000000000\"/>")) + tr(tc("y"))));
  Error e = read_error(docx.build());
  EXPECT_EQ(e.code, ErrorCode::limit_exceeded);
  EXPECT_NE(e.message.find("max_table_cells"), std::string::npos) << e.message;
  ReadLimits small;
  small.max_table_cells = 10;
  DocxBuilder wide;
  wide.body(tbl(tr(tc("a") + tc("b") + tc("c") + tc("d")) + tr(tc("a") + tc("b") + tc("c") + tc("d")) +
                tr(tc("a") + tc("b") + tc("c") + tc("d"))));
  EXPECT_EQ(read_error(wide.build(), small).code, ErrorCode::limit_exceeded);
}

// ---------------------------------------------------------------- package

TEST(DocxPackage, StrictNamespaceAndRelationship) {
  DocxBuilder docx;
  docx.main_part("word/document.xml",
                 "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument");
  docx.remove("[Content_Types].xml");
  docx.body(para("严格命名空间") + tbl(tr(tc("甲") + tc("乙"))), testing::kWStrict);
  Document doc = read_ok(docx.build());
  EXPECT_EQ(texts(doc), std::vector<std::string>{"严格命名空间"});
  ASSERT_EQ(tables(doc).size(), 1u);
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(DocxPackage, MainPartFoundThroughRelationshipsUnderAnotherName) {
  DocxBuilder docx;
  docx.main_part("word/main.xml").body(para("改名的主部件")).remove("[Content_Types].xml");
  docx.part("word/document.xml", testing::document_xml(para("诱饵")));
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"改名的主部件"});
}

TEST(DocxPackage, MainPartFoundThroughContentTypesWhenRelsAreMissing) {
  DocxBuilder docx;
  docx.main_part("doc/body.xml").body(para("内容类型")).remove("_rels/.rels");
  docx.part("[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override "
            "PartName=\"/doc/body.xml\" "
            "ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>");
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"内容类型"});
}

TEST(DocxPackage, ConventionalNameOnlyWhenNothingNamesTheMainPart) {
  DocxBuilder docx;
  docx.body(para("兜底")).remove("_rels/.rels").remove("[Content_Types].xml");
  Document doc = read_ok(docx.build());
  EXPECT_EQ(texts(doc), std::vector<std::string>{"兜底"});
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.warnings[0].find("word/document.xml"), std::string::npos);
}

TEST(DocxPackage, HeadersFootersNotesAndCommentsFollowTheBody) {
  const std::string ns = "xmlns:w=\"" + std::string(testing::kW) + "\"";
  DocxBuilder docx;
  docx.part("word/header1.xml", "<w:hdr " + ns + ">" + para("页眉") + "</w:hdr>")
      .part("word/footer1.xml", "<w:ftr " + ns + ">" + para("第1页") + "</w:ftr>")
      .part("word/footnotes.xml",
            "<w:footnotes " + ns +
                "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r>"
                "<w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" "
                "w:id=\"0\">" +
                para("续") + "</w:footnote><w:footnote w:id=\"1\">" + para("脚注正文") +
                "</w:footnote></w:footnotes>")
      .part("word/endnotes.xml",
            "<w:endnotes " + ns + "><w:endnote w:id=\"1\">" + para("尾注") + "</w:endnote></w:endnotes>")
      .part("word/comments.xml",
            "<w:comments " + ns + "><w:comment w:id=\"0\">" + para("批注") + "</w:comment></w:comments>")
      .rel("header", "header1.xml")
      .rel("footer", "footer1.xml")
      .rel("footnotes", "footnotes.xml")
      .rel("endnotes", "/word/endnotes.xml")
      .rel("comments", "./comments.xml")
      .rel("header", "missing.xml");
  docx.body("<w:p>" + run(t("正文")) + run("<w:footnoteReference w:id=\"1\"/>") + "</w:p>");
  Document doc = read_ok(docx.build());
  ASSERT_EQ(doc.blocks.size(), 6u);
  EXPECT_EQ(doc.blocks[0].text, "正文");
  EXPECT_EQ(doc.blocks[0].part, BlockPart::body);
  EXPECT_EQ(texts(doc, BlockPart::header), std::vector<std::string>{"页眉"});
  EXPECT_EQ(texts(doc, BlockPart::footer), std::vector<std::string>{"第1页"});
  EXPECT_EQ(texts(doc, BlockPart::footnote), std::vector<std::string>{"脚注正文"});
  EXPECT_EQ(texts(doc, BlockPart::endnote), std::vector<std::string>{"尾注"});
  EXPECT_EQ(texts(doc, BlockPart::comment), std::vector<std::string>{"批注"});
  ASSERT_EQ(doc.warnings.size(), 1u);  // the header that is not there
  EXPECT_NE(doc.warnings[0].find("missing.xml"), std::string::npos);
}

TEST(DocxPackage, StoredEntriesAndUtf16PartsRead) {
  DocxBuilder docx;
  std::string xml = testing::document_xml(para("未压缩"));
  docx.part("word/document.xml", xml, /*stored=*/true);
  EXPECT_EQ(texts(read_ok(docx.build())), std::vector<std::string>{"未压缩"});

  // The same part in UTF-16LE with a BOM.
  std::string utf16 = "\xFF\xFE";
  std::u32string wide;
  for (char32_t c : std::u32string(U"<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document xmlns:w=\"") +
                        std::u32string(testing::kW, testing::kW + std::strlen(testing::kW)) +
                        U"\"><w:body><w:p><w:r><w:t>十六位</w:t></w:r></w:p></w:body></w:document>") {
    utf16.push_back(static_cast<char>(c & 0xFF));
    utf16.push_back(static_cast<char>(c >> 8));
  }
  DocxBuilder wide_docx;
  wide_docx.part("word/document.xml", utf16);
  EXPECT_EQ(texts(read_ok(wide_docx.build())), std::vector<std::string>{"十六位"});
}

// ---------------------------------------------------------------- bad input

TEST(DocxErrors, TruncatedOrNonZipIsCorruptZip) {
  DocxBuilder docx;
  docx.body(para("完整"));
  std::string bytes = docx.build();
  for (size_t keep : {bytes.size() / 2, bytes.size() - 10, size_t{30}, size_t{4}}) {
    Error e = read_error(bytes.substr(0, keep));
    EXPECT_EQ(e.code, ErrorCode::corrupt_zip) << keep << ": " << e.message;
    EXPECT_FALSE(e.message.empty());
  }
  EXPECT_EQ(read_error("PK\x03\x04 this is no zip").code, ErrorCode::corrupt_zip);
  std::string ole2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(600, '\0');
  EXPECT_EQ(read_error(ole2).code, ErrorCode::corrupt_zip);
}

TEST(DocxErrors, CorruptedDeflateDataIsCorruptZip) {
  DocxBuilder docx;
  docx.body(para(std::string(3000, 'x') + "尾"));
  std::string bytes = docx.build();
  // Damage the middle of the compressed data of word/document.xml.
  size_t at = bytes.find("word/document.xml");
  ASSERT_NE(at, std::string::npos);
  for (size_t i = at + 30; i < at + 60 && i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
  Result<Document> result = read_docx(bytes, "bad.docx", {});
  if (!result.ok()) {
    EXPECT_TRUE(result.error().code == ErrorCode::corrupt_zip ||
                result.error().code == ErrorCode::malformed_xml)
        << result.error().describe();
  }
}

TEST(DocxErrors, ZipWithoutMainPartIsNoDocumentPart) {
  DocxBuilder docx;
  docx.remove("word/document.xml")
      .remove("[Content_Types].xml")
      .remove("_rels/.rels")
      .part("readme.txt", "hello");
  Error e = read_error(docx.build());
  EXPECT_EQ(e.code, ErrorCode::no_document_part);
  EXPECT_NE(e.message.find("main document part"), std::string::npos);

  DocxBuilder spreadsheet;  // rels point at a part whose root is not w:document
  spreadsheet.main_part("xl/workbook.xml").remove("word/document.xml").remove("[Content_Types].xml");
  spreadsheet.part("xl/workbook.xml",
                   "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>");
  EXPECT_EQ(read_error(spreadsheet.build()).code, ErrorCode::no_document_part);
}

TEST(DocxErrors, MalformedXmlNamesThePartAndOffset) {
  DocxBuilder docx;
  docx.part("word/document.xml",
            "<w:document xmlns:w=\"" + std::string(testing::kW) + "\"><w:body><w:p></w:body>");
  Error e = read_error(docx.build());
  EXPECT_EQ(e.code, ErrorCode::malformed_xml);
  EXPECT_NE(e.message.find("word/document.xml"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("at byte"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("mismatch"), std::string::npos) << e.message;  // pugixml's description

  DocxBuilder broken_styles;  // an auxiliary part that does not parse is skipped with a warning
  broken_styles.part("word/styles.xml", "<w:styles><oops").rel("styles", "styles.xml").body(para("正文"));
  Document doc = read_ok(broken_styles.build());
  EXPECT_EQ(texts(doc), std::vector<std::string>{"正文"});
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.warnings[0].find("word/styles.xml"), std::string::npos);
}

TEST(DocxErrors, DeepNestingIsRefusedBeforeTheReadersWalkIt) {
  std::string deep;
  const int depth = 100000;
  deep.reserve(depth * 16);
  for (int i = 0; i < depth; ++i) deep += "<w:sdt>";
  for (int i = 0; i < depth; ++i) deep += "</w:sdt>";
  DocxBuilder docx;
  docx.body(deep);
  ReadLimits no_ratio;  // such markup compresses 600:1; let the depth bound speak
  no_ratio.max_ratio = 1e9;
  Error e = read_error(docx.build(), no_ratio);
  EXPECT_EQ(e.code, ErrorCode::limit_exceeded);
  EXPECT_NE(e.message.find("max_xml_depth"), std::string::npos) << e.message;

  // Depth within the limit, including comments and '>' inside attribute values, reads.
  std::string ok = "<!-- <a><b><c> -->";
  for (int i = 0; i < 200; ++i) ok += "<w:sdt x=\"a>b\"><w:sdtContent>";
  ok += para("深");
  for (int i = 0; i < 200; ++i) ok += "</w:sdtContent></w:sdt>";
  DocxBuilder fine;
  fine.body(ok);
  ReadLimits limits;
  limits.max_xml_depth = 1000;
  EXPECT_EQ(texts(read_ok(fine.build(), limits)), std::vector<std::string>{"深"});
  auto depth_exceeded_at = [](std::string xml, int max_depth) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_buffer_inplace(xml.data(), xml.size())) << xml;
    return docx::depth_exceeded_at(doc, max_depth);
  };
  EXPECT_EQ(depth_exceeded_at("<a><b/><c>t</c><d x='/>'></d><?pi <x><y>?><!-- <x><y> --></a>", 2), -1);
  EXPECT_EQ(depth_exceeded_at("<a><d x='/>'><e/></d></a>", 2), 13);
  EXPECT_EQ(depth_exceeded_at("<a><b><c/></b></a>", 2), 6);
  EXPECT_EQ(depth_exceeded_at("<a><b>text</b><b><c>x</c></b></a>", 2), 17);
  EXPECT_EQ(depth_exceeded_at("<a><b>text</b><b><c>x</c></b></a>", 3), -1);
}

void fill_spaces(uint64_t, char* buf, uint64_t n) {
  std::memset(buf, ' ', n);
}

TEST(DocxErrors, ZipBombGuardsNameTheLimit) {
  const std::string head = testing::document_xml(para("炸弹"));
  // 8 MiB of whitespace: inside the default size bound but with a ratio of about 1000.
  DocxBuilder docx;
  docx.remove("word/document.xml")
      .generated("word/document.xml", 8u << 20, [&](uint64_t offset, char* buf, uint64_t n) {
        for (uint64_t i = 0; i < n; ++i) buf[i] = offset + i < head.size() ? head[offset + i] : ' ';
      });
  std::string bytes = docx.build();
  Error ratio = read_error(bytes);
  EXPECT_EQ(ratio.code, ErrorCode::limit_exceeded);
  EXPECT_NE(ratio.message.find("ZIP bomb guard: word/document.xml"), std::string::npos) << ratio.message;
  EXPECT_NE(ratio.message.find("max_ratio"), std::string::npos) << ratio.message;

  ReadLimits small;
  small.max_part_bytes = 4 << 20;
  Error size = read_error(bytes, small);
  EXPECT_EQ(size.code, ErrorCode::limit_exceeded);
  EXPECT_NE(size.message.find("inflates to more than 4 MiB (max_part_bytes)"), std::string::npos)
      << size.message;

  ReadLimits total;
  total.max_ratio = 1e9;
  total.max_inflated_total = 2 << 20;
  Error sum = read_error(bytes, total);
  EXPECT_EQ(sum.code, ErrorCode::limit_exceeded);
  EXPECT_NE(sum.message.find("max_inflated_total"), std::string::npos) << sum.message;

  ReadLimits entries;
  entries.max_entries = 2;
  Error many = read_error(bytes, entries);
  EXPECT_EQ(many.code, ErrorCode::limit_exceeded);
  EXPECT_NE(many.message.find("max_entries 2"), std::string::npos) << many.message;

  ReadLimits lenient;  // the same part reads when the bounds allow it
  lenient.max_ratio = 1e9;
  EXPECT_EQ(texts(read_ok(bytes, lenient)), std::vector<std::string>{"炸弹"});
}

TEST(DocxErrors, RealDefaultBoundStopsAHugePart) {
  // A 100 MiB document part compresses to well under a megabyte; the default 64 MiB bound
  // must refuse it while inflating, whatever the size the ZIP directory declares.
  DocxBuilder docx;
  docx.remove("word/document.xml").generated("word/document.xml", 100ull << 20, fill_spaces);
  std::string bytes = docx.build();
  EXPECT_LT(bytes.size(), 8u << 20);
  Error e = read_error(bytes);
  EXPECT_EQ(e.code, ErrorCode::limit_exceeded);
  EXPECT_NE(e.message.find("more than 64 MiB (max_part_bytes)"), std::string::npos) << e.message;
}

// ---------------------------------------------------------------- the real seeds

const std::string kShared = JIXIAO_SOURCE_DIR "/../shared";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> seed_docx_paths() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kShared + "/seeds-docx", ec))
    if (entry.path().extension() == ".docx") out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

Document read_seed(const std::string& prefix) {
  for (const std::string& path : seed_docx_paths())
    if (std::filesystem::path(path).filename().string().rfind(prefix, 0) == 0) return read_ok(slurp(path));
  ADD_FAILURE() << "no seed " << prefix;
  return {};
}

// Whether the grid position holds `text` and lies inside a listed merge of at least `rows` rows.
bool covered_by_merge(const Table& table, int row, int col, int min_rows) {
  for (const Merge& m : table.merged)
    if (row >= m.row && row < m.row + m.rows && col >= m.col && col < m.col + m.cols && m.rows >= min_rows)
      return true;
  return false;
}

TEST(DocxSeeds, EverySeedReadsWithTextLikeItsTextVersion) {
  auto paths = seed_docx_paths();
  if (paths.empty()) GTEST_SKIP() << "../shared/seeds-docx is absent";
  EXPECT_EQ(paths.size(), 5u);
  for (const std::string& path : paths) {
    Document doc = read_ok(slurp(path));
    EXPECT_GE(doc.blocks.size(), 3u) << path;
    // Every body paragraph and table cell line of the DOCX appears in the seed's text version.
    std::string stem = std::filesystem::path(path).stem().string();
    std::string txt = slurp(kShared + "/seeds/" + stem + ".txt");
    int missing = 0, checked = 0;
    std::string examples;
    auto check = [&](const std::string& line) {
      if (line.size() < 12) return;
      ++checked;
      if (txt.find(line) == std::string::npos && ++missing <= 5) examples += " [" + line + "]";
    };
    for (const Block& b : doc.blocks) {
      if (b.part != BlockPart::body) continue;
      if (b.type == BlockType::paragraph) check(b.text);
      for (const auto& row : b.table.rows)
        for (const auto& cell : row) {
          std::istringstream lines(cell);
          for (std::string line; std::getline(lines, line);) check(line);
        }
    }
    EXPECT_GT(checked, 20) << path;
    EXPECT_LE(missing * 10, checked) << path << ": " << missing << " of " << checked
                                     << " lines not in the .txt:" << examples;
  }
}

TEST(DocxSeeds, Seed002HasFourSelfEvaluationTablesWithMergedHeaders) {
  if (seed_docx_paths().empty()) GTEST_SKIP() << "../shared/seeds-docx is absent";
  Document doc = read_seed("002_");
  auto found = tables(doc);
  int self_evaluation = 0;
  for (const Block* block : found) {
    const Table& table = block->table;
    bool is_self_evaluation = false;
    for (int r = 0; r < table.row_count(); ++r) {
      for (int c = 0; c < table.col_count(); ++c) {
        const std::string& cell = table.rows[r][c];
        if (cell.find("项目资金") == std::string::npos || cell.find("万元") == std::string::npos) continue;
        is_self_evaluation = true;
        // The 项目资金（万元） label spans several rows, its text repeated down the region.
        EXPECT_TRUE(covered_by_merge(table, r, c, 3)) << "row " << r << " col " << c;
        ASSERT_LT(r + 2, table.row_count());
        EXPECT_EQ(table.rows[r + 1][c], cell);
        EXPECT_EQ(table.rows[r + 2][c], cell);
        break;
      }
      if (is_self_evaluation) break;
    }
    if (!is_self_evaluation) continue;
    ++self_evaluation;
    EXPECT_FALSE(table.merged.empty());
    for (const auto& row : table.rows) EXPECT_EQ(static_cast<int>(row.size()), table.col_count());
    // Every merged region repeats its top-left text at each position it covers.
    for (const Merge& m : table.merged)
      for (int r = m.row; r < m.row + m.rows; ++r)
        for (int c = m.col; c < m.col + m.cols; ++c) EXPECT_EQ(table.rows[r][c], table.rows[m.row][m.col]);
  }
  EXPECT_EQ(self_evaluation, 4);
}

TEST(DocxSeeds, Seed003HasTheIndicatorSystemTable) {
  if (seed_docx_paths().empty()) GTEST_SKIP() << "../shared/seeds-docx is absent";
  Document doc = read_seed("003_");
  bool found_indicator_table = false;
  for (const Block* block : tables(doc)) {
    const Table& table = block->table;
    bool level1 = false, level3 = false;
    for (const auto& row : table.rows)
      for (const auto& cell : row) {
        level1 = level1 || cell.find("一级指标") != std::string::npos;
        level3 = level3 || cell.find("三级指标") != std::string::npos;
      }
    if (level1 && level3) {
      found_indicator_table = true;
      EXPECT_GT(table.row_count(), 5);
      EXPECT_FALSE(table.merged.empty());
    }
  }
  EXPECT_TRUE(found_indicator_table);
}

}  // namespace
}  // namespace jixiao
