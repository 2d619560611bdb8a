// Odd but valid documents (issue 6, item 4): ZIP container shapes other writers make (ZIP64,
// streamed entries with data descriptors, stored entries among deflated ones), content controls
// around paragraphs, tables, rows and cells, right-to-left and vertical text, complex fields,
// tables two levels deep, a Strict OOXML package throughout and odd part names. Every test states
// the exact blocks read; each names a producer that makes the shape.
//
// Already covered in docx_test.cpp (each asserting the text read): Strict namespace and officeDocument
// relationship (text, and a table's presence but not its grid), the main part under another name or found
// through [Content_Types].xml, a stored document part among deflated ones, UTF-16 parts, text boxes, tracked
// changes, simple/nested/ fldSimple fields, block- and run-level content controls around paragraphs,
// AlternateContent, one level of nested table.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "ingest/docx.h"
#include "ingest/docx_xml.h"
#include "ingest/read.h"
#include "support/docx_builder.h"

namespace jixiao {
namespace {

using testing::DataDescriptor;
using testing::DocxBuilder;
using testing::para;
using Lines = std::vector<std::string>;

// One line per block: "P <part> [<style>|<outline>|<label>] text" or
// "T<nesting> <part> a|b / c|d  merged r,c,rows,cols ..." — exact and readable in a failure.
Lines describe(const Document& doc) {
  Lines out;
  for (const Block& b : doc.blocks) {
    std::string line;
    if (b.type == BlockType::paragraph) {
      line = std::string("P ") + to_string(b.part);
      if (!b.style.empty() || b.outline_level >= 0 || !b.list_label.empty())
        line += " [" + b.style + "|" + std::to_string(b.outline_level) + "|" + b.list_label + "]";
      line += " " + b.text;
    } else {
      line = "T" + std::to_string(b.table.nesting) + " " + to_string(b.part) + " ";
      for (size_t r = 0; r < b.table.rows.size(); ++r) {
        if (r) line += " / ";
        for (size_t c = 0; c < b.table.rows[r].size(); ++c) line += (c ? "|" : "") + b.table.rows[r][c];
      }
      if (!b.table.merged.empty()) {
        line += "  merged";
        for (const Merge& m : b.table.merged)
          line += " " + std::to_string(m.row) + "," + std::to_string(m.col) + "," + std::to_string(m.rows) +
                  "," + std::to_string(m.cols);
      }
    }
    out.push_back(line);
  }
  return out;
}

Document read_ok(const std::string& bytes) {
  Result<Document> result = read_docx(bytes, "odd.docx", {});
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().describe());
  return result.ok() ? result.value() : Document{};
}

Lines read_lines(const std::string& bytes) {
  Document doc = read_ok(bytes);
  EXPECT_TRUE(doc.warnings.empty()) << doc.warnings.front();
  return describe(doc);
}

std::string r(const std::string& inner, const std::string& rpr = "") {
  return "<w:r>" + (rpr.empty() ? "" : "<w:rPr>" + rpr + "</w:rPr>") + inner + "</w:r>";
}
std::string t(const std::string& text) {
  return "<w:t xml:space=\"preserve\">" + text + "</w:t>";
}
std::string p(const std::string& runs, const std::string& ppr = "") {
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + runs + "</w:p>";
}
std::string tc(const std::string& content, const std::string& tcpr = "") {
  return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + content + "</w:tc>";
}
std::string tr(const std::string& cells) {
  return "<w:tr>" + cells + "</w:tr>";
}
std::string tbl(const std::string& rows, int grid_cols, const std::string& tblpr = "") {
  std::string grid = "<w:tblGrid>";
  for (int i = 0; i < grid_cols; ++i) grid += "<w:gridCol w:w=\"1500\"/>";
  return "<w:tbl><w:tblPr>" + tblpr + "</w:tblPr>" + grid + "</w:tblGrid>" + rows + "</w:tbl>";
}
std::string sdt(const std::string& content, const std::string& sdtpr = "<w:id w:val=\"1\"/>") {
  return "<w:sdt><w:sdtPr>" + sdtpr + "</w:sdtPr><w:sdtEndPr/><w:sdtContent>" + content +
         "</w:sdtContent></w:sdt>";
}
std::string fld(const std::string& type, const std::string& inner = "") {
  if (inner.empty()) return r("<w:fldChar w:fldCharType=\"" + type + "\"/>");
  return r("<w:fldChar w:fldCharType=\"" + type + "\">" + inner + "</w:fldChar>");
}
std::string instr(const std::string& text) {
  return r("<w:instrText xml:space=\"preserve\">" + text + "</w:instrText>");
}

// ---------------------------------------------------------------- ZIP container shapes

// A realistic package: styles, numbering, a header, a merged table.
std::string budget_package() {
  const std::string ns = "xmlns:w=\"" + std::string(testing::kW) + "\"";
  DocxBuilder docx;
  docx.part("word/styles.xml",
            "<w:styles " + ns +
                "><w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/>"
                "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style></w:styles>")
      .part("word/numbering.xml",
            "<w:numbering " + ns +
                "><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
                "<w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%1）\"/></w:lvl></w:abstractNum>"
                "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>")
      .part("word/header1.xml", "<w:hdr " + ns + ">" + para("某县财政局") + "</w:hdr>")
      .rel("styles", "styles.xml")
      .rel("numbering", "numbering.xml")
      .rel("header", "header1.xml");
  docx.body(para("一、项目基本情况", "<w:pStyle w:val=\"2\"/>") +
            para("项目概况", "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>") +
            para("项目资金165.69万元，执行率97.89%。") +
            tbl(tr(tc(para("项目资金（万元）"), "<w:vMerge w:val=\"restart\"/>") + tc(para("年初预算数")) +
                   tc(para("全年执行数"))) +
                    tr(tc("<w:p/>", "<w:vMerge/>") + tc(para("165.69")) + tc(para("162.19"))),
                3));
  return docx.build();
}

const Lines kBudgetLines = {
    "P body [2|1|] 一、项目基本情况",
    "P body [|-1|（一）] 项目概况",
    "P body 项目资金165.69万元，执行率97.89%。",
    "T0 body 项目资金（万元）|年初预算数|全年执行数 / 项目资金（万元）|165.69|162.19  merged 0,0,2,1",
    "P header 某县财政局",
};

// The package with [Content_Types].xml, the relationship parts and styles.xml stored and the
// rest deflated.
std::vector<testing::ZipEntryBytes> mixed_entries() {
  return testing::zip_entries(testing::rezip(budget_package(), [](const std::string& name) {
    return name == "[Content_Types].xml" || name.ends_with(".rels") || name == "word/styles.xml";
  }));
}

uint64_t le(const std::string& b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<size_t>(i)]);
  return v;
}

size_t count_of(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// Stored entries among deflated ones, as packagers make them when they store already-compressed or
// tiny entries (`zip -n`, java.util.zip with STORED entries, see also DocxOddFixtures), and all
// stored, the `zip -0` of an unpacked DOCX.
TEST(DocxOddZip, StoredAndDeflatedEntriesMixed) {
  std::vector<testing::ZipEntryBytes> entries = mixed_entries();
  std::set<uint16_t> methods;
  for (const auto& e : entries) methods.insert(e.method);
  EXPECT_EQ(methods, (std::set<uint16_t>{0, 8}));
  EXPECT_EQ(read_lines(testing::write_zip(entries, {})), kBudgetLines);
  EXPECT_EQ(read_lines(budget_package()), kBudgetLines);  // libzip's own all-deflated archive
  EXPECT_EQ(read_lines(testing::rezip(budget_package(), [](const std::string&) { return true; })),
            kBudgetLines);
}

// ZIP64: any writer past 4 GiB or 65,535 entries, Info-ZIP's `zip -fz` always (it keeps the counts
// that fit in the classic end record; this one has only markers). The small archive must read
// exactly like the classic one.
TEST(DocxOddZip, Zip64RecordsAndExtraFieldsReadLikeThePlainZip) {
  std::vector<testing::ZipEntryBytes> entries = mixed_entries();
  std::string bytes = testing::write_zip(entries, {.zip64 = true});
  // The shape is what the test claims: a classic end record of markers after the ZIP64 locator
  // and end record, local headers with 0xFFFFFFFF sizes and a ZIP64 extra field.
  const size_t eocd = bytes.size() - 22;
  ASSERT_EQ(le(bytes, eocd, 4), 0x06054b50u);
  EXPECT_EQ(le(bytes, eocd + 4, 2), 0xFFFFu);       // this disk
  EXPECT_EQ(le(bytes, eocd + 10, 2), 0xFFFFu);      // entries
  EXPECT_EQ(le(bytes, eocd + 12, 4), 0xFFFFFFFFu);  // directory size
  EXPECT_EQ(le(bytes, eocd + 16, 4), 0xFFFFFFFFu);  // directory offset
  ASSERT_EQ(le(bytes, eocd - 20, 4), 0x07064b50u);  // locator
  const size_t record = static_cast<size_t>(le(bytes, eocd - 20 + 8, 8));
  EXPECT_EQ(record, eocd - 20 - 56);
  ASSERT_EQ(le(bytes, record, 4), 0x06064b50u);
  EXPECT_EQ(le(bytes, record + 32, 8), entries.size());
  EXPECT_EQ(le(bytes, 18, 4), 0xFFFFFFFFu);                 // first local header: compressed size
  EXPECT_EQ(le(bytes, 30 + le(bytes, 26, 2), 2), 0x0001u);  // ZIP64 extra field follows the name
  EXPECT_EQ(read_lines(bytes), kBudgetLines);
}

// Streamed entries (general-purpose bit 3, CRC and sizes zero in the local header, a data
// descriptor after the data): Java's ZipOutputStream, LibreOffice and JSZip with streamFiles write
// the PK\7\8 signature; it is optional (APPNOTE 4.3.9.3) and older writers leave it out. With ZIP64:
// 0xFFFFFFFF local sizes and 8-byte descriptor sizes, as Info-ZIP's `zip -fz` writes to a pipe.
TEST(DocxOddZip, DataDescriptorsWithAndWithoutSignatureReadLikeThePlainZip) {
  std::vector<testing::ZipEntryBytes> entries = mixed_entries();
  for (bool zip64 : {false, true}) {
    for (DataDescriptor descriptor : {DataDescriptor::with_signature, DataDescriptor::without_signature}) {
      SCOPED_TRACE(std::string(zip64 ? "zip64, " : "") +
                   (descriptor == DataDescriptor::with_signature ? "PK78" : "no signature"));
      std::string bytes = testing::write_zip(entries, {.zip64 = zip64, .descriptor = descriptor});
      EXPECT_EQ(le(bytes, 6, 2) & 0x0008, 0x0008u);  // bit 3 on the first local header
      EXPECT_EQ(le(bytes, 14, 4), 0u);               // and no CRC in it
      EXPECT_EQ(count_of(bytes, std::string("PK\x07\x08", 4)),
                descriptor == DataDescriptor::with_signature ? entries.size() : 0u);
      EXPECT_EQ(read_lines(bytes), kBudgetLines);
    }
  }
}

// ---------------------------------------------------------------- real producers' files

const std::string kFixtures = JIXIAO_SOURCE_DIR "/tests/data/docx-odd/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The same five parts zipped five ways by three real writers, Info-ZIP zip 3.0, java.util.zip and
// Python's zipfile (tests/data/docx-odd/make-fixtures.sh says which shape each file has).
TEST(DocxOddFixtures, RealWritersZipShapesReadTheSame) {
  const Lines want = {
      "P body [2|1|] 一、项目基本情况",
      "P body 项目资金165.69万元，执行率97.89%。",
      "T0 body 项目资金（万元）|年初预算数|全年执行数 / 项目资金（万元）|165.69|162.19  merged 0,0,2,1",
  };
  for (const char* name :
       {"plain.docx", "infozip-zip64.docx", "infozip-stream.docx", "java-zos.docx", "python-zip64.docx"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(read_lines(slurp(kFixtures + name)), want);
  }
}

// ---------------------------------------------------------------- content controls

// Word's content controls (Developer > Controls), as fill-in report templates use them for
// fill-in fields: a block-level rich-text control around a heading, a table and a paragraph; a
// run-level drop-down and date picker inside a paragraph (their list items and date are not text).
TEST(DocxOddSdt, BlockLevelControlAroundParagraphsAndATableAndRunLevelControls) {
  DocxBuilder docx;
  docx.body(sdt(para("一、项目基本情况") + tbl(tr(tc(para("项目名称")) + tc(para("乡村道路"))), 2) +
                    para("表后说明"),
                "<w:alias w:val=\"概况\"/><w:tag w:val=\"overview\"/><w:id w:val=\"7\"/>") +
            p(r(t("自评等级：")) +
              sdt(r(t("优")),
                  "<w:id w:val=\"8\"/><w:dropDownList><w:listItem w:displayText=\"良\" w:value=\"2\"/>"
                  "</w:dropDownList>") +
              r(t("；日期：")) +
              sdt(r(t("2024年3月1日")),
                  "<w:id w:val=\"9\"/><w:date w:fullDate=\"2024-03-01T00:00:00Z\"><w:dateFormat "
                  "w:val=\"yyyy'年'M'月'd'日'\"/><w:lid w:val=\"zh-CN\"/></w:date>") +
              r(t("。"))));
  EXPECT_EQ(read_lines(docx.build()), (Lines{
                                          "P body 一、项目基本情况",
                                          "T0 body 项目名称|乡村道路",
                                          "P body 表后说明",
                                          "P body 自评等级：优；日期：2024年3月1日。",
                                      }));
}

// Content controls inside tables: a control inside a cell (a fill-in value), Word 2013's
// repeating section (a control per row inside a control around the rows) and cell-level controls
// around w:tc, with a vertical merge and a horizontal span crossing their boundaries. The grid must
// come out as if the controls were not there.
TEST(DocxOddSdt, ControlsAroundRowsAndCellsAndInsideCellsKeepTheGrid) {
  const std::string section = "<w:id w:val=\"20\"/><w15:repeatingSection/>";
  const std::string item = "<w:id w:val=\"21\"/><w15:repeatingSectionItem/>";
  const std::string rows =
      tr(tc(para("指标"), "<w:vMerge w:val=\"restart\"/>") +
         sdt(tc(para("指标值"), "<w:gridSpan w:val=\"2\"/>"))) +
      sdt(sdt(tr(tc("<w:p/>", "<w:vMerge/>") + sdt(tc(para("年初"))) + tc(para("全年"))), item) +
              sdt(tr(tc("<w:p/>", "<w:vMerge/>") + tc(sdt(para("100"))) +
                     tc(sdt(para("97.89"), "<w:id w:val=\"5\"/><w:text/>"))),
                  item),
          section) +
      tr(tc(para("合计")) + sdt(tc(para("100")) + tc(para("97.89"))));
  DocxBuilder docx;
  docx.part("word/document.xml",
            "<w:document " + testing::word_namespaces() +
                " xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"><w:body>" +
                tbl(rows, 3) + "</w:body></w:document>");
  EXPECT_EQ(
      read_lines(docx.build()),
      (Lines{"T0 body 指标|指标值|指标值 / 指标|年初|全年 / 指标|100|97.89 / 合计|100|97.89  merged 0,0,3,1 "
             "0,1,1,2"}));
}

// ---------------------------------------------------------------- right-to-left and vertical text

// Right-to-left paragraphs and runs (Word with an Arabic or Hebrew proofing language, Uyghur
// documents from Xinjiang's offices), Word 2010's w:dir / w:bdo wrappers and a right-to-left
// table (bidiVisual): the text and the grid stay in logical (stored) order.
TEST(DocxOddDirection, RightToLeftTextAndTablesReadInLogicalOrder) {
  DocxBuilder docx;
  docx.body(p(r(t("مرحبا"), "<w:rtl/>") + r(t(" 2024 ")) + r(t("عام"), "<w:rtl/><w:lang w:bidi=\"ar-SA\"/>"),
              "<w:bidi/><w:jc w:val=\"right\"/>") +
            p("<w:dir w:val=\"rtl\">" + r(t("שלום")) + "</w:dir>" + r(t("，")) + "<w:bdo w:val=\"rtl\">" +
              r(t("ABC")) + "</w:bdo>") +
            p(r(t("ئۇيغۇرچە"), "<w:rtl/><w:cs/>"), "<w:bidi/>") +
            tbl(tr(tc(para("第一列")) + tc(para("第二列"))), 2, "<w:bidiVisual/>"));
  EXPECT_EQ(read_lines(docx.build()), (Lines{
                                          "P body مرحبا 2024 عام",
                                          "P body שלום，ABC",
                                          "P body ئۇيغۇرچە",
                                          "T0 body 第一列|第二列",
                                      }));
}

// Vertical text as Chinese forms use it: table cells with textDirection tbRl / btLr (the Strict
// spellings tb / lr as well), a vertical section and paragraph, 纵中横 (eastAsianLayout vert) for
// digits inside vertical text and 双行合一 (combine). The characters read unchanged.
TEST(DocxOddDirection, VerticalCellsAndEastAsianLayoutReadUnchanged) {
  DocxBuilder docx;
  docx.body(tbl(tr(tc(para("项目支出"), "<w:textDirection w:val=\"tbRl\"/><w:vMerge w:val=\"restart\"/>") +
                   tc(para("产出指标"), "<w:textDirection w:val=\"btLr\"/>") + tc(para("数量"))) +
                    tr(tc("<w:p/>", "<w:textDirection w:val=\"tbRl\"/><w:vMerge/>") +
                       tc(para("效益指标"), "<w:textDirection w:val=\"lr\"/>") +
                       tc(para("满意度"), "<w:textDirection w:val=\"tb\"/>")),
                3) +
            p(r(t("第")) + r(t("12"), "<w:eastAsianLayout w:id=\"1\" w:vert=\"1\" w:vertCompress=\"1\"/>") +
                  r(t("项")),
              "<w:textDirection w:val=\"tbRlV\"/>") +
            p(r(t("财政局"), "<w:eastAsianLayout w:id=\"2\" w:combine=\"1\" w:combineBrackets=\"round\"/>") +
              r(t("文件"))) +
            "<w:sectPr><w:textDirection w:val=\"tbRl\"/></w:sectPr>");
  EXPECT_EQ(read_lines(docx.build()),
            (Lines{
                "T0 body 项目支出|产出指标|数量 / 项目支出|效益指标|满意度  merged 0,0,2,1",
                "P body 第12项",
                "P body 财政局文件",
            }));
}

// ---------------------------------------------------------------- fields

// Word's legacy form fields (protected fill-in templates): FORMTEXT with
// its result over several runs, FORMCHECKBOX with no separate (no result text), an XE index entry
// (no separate), a HYPERLINK field whose result has a tab, a break and two runs, and a fldSimple
// inside a complex field's result.
TEST(DocxOddFields, FormFieldsResultsOverSeveralRunsAndFieldsWithoutSeparate) {
  DocxBuilder docx;
  docx.body(p(r(t("预算数：")) +
              fld("begin",
                  "<w:ffData><w:name w:val=\"Text1\"/><w:enabled/><w:calcOnExit w:val=\"0\"/>"
                  "<w:textInput><w:default w:val=\"默认值\"/><w:maxLength "
                  "w:val=\"20\"/></w:textInput></w:ffData>") +
              instr(" FORMTEXT ") + fld("separate") + r(t("165"), "<w:noProof/>") + r(t(".69"), "<w:b/>") +
              r(t("万元")) + fld("end")) +
            p(fld("begin",
                  "<w:ffData><w:name w:val=\"Check1\"/><w:enabled/><w:checkBox><w:sizeAuto/><w:default "
                  "w:val=\"1\"/></w:checkBox></w:ffData>") +
              instr(" FORMCHECKBOX ") + fld("end") + r(t("已完成")) + fld("begin") +
              instr(" XE \"预算执行率\" ") + fld("end")) +
            p(fld("begin") + instr(" HYPERLINK \"http://czj.example.gov.cn\" ") + fld("separate") +
              r(t("财政局") + "<w:tab/>", "<w:rStyle w:val=\"Hyperlink\"/>") + r("<w:br/>" + t("网站")) +
              fld("end")) +
            p(r(t("第")) + fld("begin", "") + instr(" IF 1 = 1 \"") + fld("separate") +
              "<w:fldSimple w:instr=\" PAGE \">" + r(t("5")) + "</w:fldSimple>" + fld("end") + r(t("页"))) +
            p("<w:r><w:fldChar w:fldCharType=\"begin\" w:fldLock=\"true\" w:dirty=\"true\"/></w:r>" +
              instr(" DOCPROPERTY Company ") + fld("separate") + r(t("某县财政局")) + fld("end")));
  EXPECT_EQ(read_lines(docx.build()), (Lines{
                                          "P body 预算数：165.69万元",
                                          "P body 已完成",
                                          "P body 财政局\t\n网站",
                                          "P body 第5页",
                                          "P body 某县财政局",
                                      }));
}

// Fields across paragraph breaks, as Word writes a table of contents (begin and separate in the
// first entry's paragraph, nested PAGEREF fields, the end in a paragraph of its own) and a field
// whose result (or whose instruction) goes on into the next paragraph.
TEST(DocxOddFields, FieldsSpanningParagraphBreaks) {
  auto toc_entry = [](const std::string& text, const std::string& page, const std::string& anchor) {
    return "<w:hyperlink w:anchor=\"" + anchor + "\" w:history=\"1\">" + r(t(text)) + r("<w:tab/>") +
           fld("begin") + instr(" PAGEREF " + anchor + " \\h ") + fld("separate") + r(t(page)) + fld("end") +
           "</w:hyperlink>";
  };
  DocxBuilder docx;
  docx.body(p(r(t("目录"))) +
            p(fld("begin") + instr(" TOC \\o \"1-3\" \\h \\z \\u ") + fld("separate") +
                  toc_entry("一、项目基本情况", "1", "_Toc1"),
              "<w:pStyle w:val=\"TOC1\"/>") +
            p(toc_entry("二、绩效目标", "3", "_Toc2"), "<w:pStyle w:val=\"TOC1\"/>") + p(fld("end")) +
            // A result over two paragraphs, text after its end.
            p(r(t("前文")) + fld("begin") + instr(" QUOTE \"x\" ") + fld("separate") + r(t("结果一"))) +
            p(r(t("结果二")) + fld("end") + r(t("后文"))) +
            // An instruction over two paragraphs, the result in the second.
            p(r(t("说明")) + fld("begin") + instr(" IF 1 = 1 \"甲")) +
            p(instr("乙\" \"\" ") + fld("separate") + r(t("甲乙")) + fld("end") + r(t("。"))) +
            // An instruction over three paragraphs holding a nested field whose result is part of
            // the instruction, a bookmark between them: only the outer result shows.
            p(r(t("合计")) + fld("begin") + instr(" IF ")) + "<w:bookmarkStart w:id=\"1\" w:name=\"b\"/>" +
            p(fld("begin") + instr(" REF 金额 ") + fld("separate") + r(t("35")) + fld("end")) +
            p(instr(" > 0 \"有\" \"无\" ") + fld("separate") + r(t("有")) + fld("end") + r(t("结余"))) +
            // A stray begin (a broken producer): the rest of its paragraph is an instruction, the
            // paragraphs after it read as they are.
            p(r(t("残缺")) + fld("begin") + r(t("看不见"))) + p(r(t("第一段"))) + p(r(t("第二段"))) +
            p(r(t("第三段"))) + p(r(t("第四段")) + fld("separate") + r(t("末"))));
  EXPECT_EQ(read_lines(docx.build()), (Lines{
                                          "P body 目录",
                                          "P body [TOC1|-1|] 一、项目基本情况\t1",
                                          "P body [TOC1|-1|] 二、绩效目标\t3",
                                          "P body 前文结果一",
                                          "P body 结果二后文",
                                          "P body 说明",
                                          "P body 甲乙。",
                                          "P body 合计",
                                          "P body 有结余",
                                          "P body 残缺",
                                          "P body 第一段",
                                          "P body 第二段",
                                          "P body 第三段",
                                          "P body 第四段末",
                                      }));
}

// ---------------------------------------------------------------- tables two levels deep

// A table in a cell of a table in a cell (WPS and Word users building 自评表 layouts by nesting),
// the innermost with a vertical merge and a span: each table follows its outer one, nesting 0, 1, 2.
TEST(DocxOddTables, TableInATableInATableWithMergedCells) {
  std::string inner = tbl(
      tr(tc(para("指标"), "<w:vMerge w:val=\"restart\"/>") + tc(para("数值"), "<w:gridSpan w:val=\"2\"/>")) +
          tr(tc("<w:p/>", "<w:vMerge w:val=\"continue\"/>") + tc(para("年初")) + tc(para("全年"))) +
          tr(tc("<w:p/>", "<w:vMerge/>") + tc(para("10")) + tc(para("9"))),
      3);
  std::string middle = tbl(
      tr(tc(para("中1") + inner + "<w:p/>") + tc(para("中2"))) + tr(tc(para("中3")) + tc(para("中4"))), 2);
  DocxBuilder docx;
  docx.body(para("表前") + tbl(tr(tc(para("外A") + middle + para("外A尾")) + tc(para("外B"))), 2) +
            para("表后"));
  Document doc = read_ok(docx.build());
  EXPECT_EQ(describe(doc), (Lines{
                               "P body 表前",
                               "T0 body 外A\n外A尾|外B",
                               "T1 body 中1|中2 / 中3|中4",
                               "T2 body 指标|数值|数值 / 指标|年初|全年 / 指标|10|9  merged 0,0,3,1 0,1,1,2",
                               "P body 表后",
                           }));
}

// A page laid out in a 1 x 1 table (a frame round the whole report): its paragraphs are the body's
// and its tables tables of their own, as if the frame were not there. A one-cell table holding only
// text is still a table.
TEST(DocxOddTables, AOneCellFrameRoundParagraphsAndATableIsNoTable) {
  std::string inner = tbl(
      tr(tc(para("项目名称")) + tc(para("乡村道路养护"))) + tr(tc(para("年初预算数")) + tc(para("120"))), 2);
  DocxBuilder docx;
  docx.body(tbl(tr(tc(para("2023年度项目支出绩效自评表") + para("填报单位：某县交通运输局") + inner +
                      para("填表人：李某"))),
                1) +
            tbl(tr(tc(para("说明：本表金额单位为万元"))), 1));
  Document doc = read_ok(docx.build());
  EXPECT_EQ(describe(doc), (Lines{
                               "P body 2023年度项目支出绩效自评表",
                               "P body 填报单位：某县交通运输局",
                               "T0 body 项目名称|乡村道路养护 / 年初预算数|120",
                               "P body 填表人：李某",
                               "T0 body 说明：本表金额单位为万元",
                           }));
}

// ---------------------------------------------------------------- Strict OOXML throughout

// Word's "Strict Open XML Document" (Save As): Strict namespaces in the document, styles,
// numbering, header and footnotes, Strict relationship types for all of them, w:conformance
// ="strict", Strict math. The heading level comes only from styles.xml and the list label only
// from numbering.xml, so both must have been found through their Strict relationships.
TEST(DocxOddStrict, StrictPackageThroughout) {
  const std::string w = "xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"";
  const std::string rns = "xmlns:r=\"http://purl.oclc.org/ooxml/officeDocument/relationships\"";
  const std::string strict_rel = "http://purl.oclc.org/ooxml/officeDocument/relationships/";
  DocxBuilder docx;
  docx.main_part("word/document.xml", strict_rel + "officeDocument");
  docx.part("word/styles.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:styles " + w + " " + rns +
                "><w:style w:type=\"paragraph\" w:default=\"true\" w:styleId=\"a\"><w:name w:val=\"Normal\"/>"
                "</w:style><w:style w:type=\"paragraph\" w:styleId=\"Level1\"><w:name w:val=\"报告一级\"/>"
                "<w:basedOn w:val=\"a\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr>"
                "</w:style><w:style w:type=\"paragraph\" w:styleId=\"Level2\"><w:name w:val=\"报告二级\"/>"
                "<w:basedOn w:val=\"Level1\"/><w:pPr><w:numPr><w:numId w:val=\"3\"/></w:numPr>"
                "<w:outlineLvl w:val=\"1\"/></w:pPr></w:style></w:styles>")
      .part("word/numbering.xml",
            "<w:numbering " + w +
                "><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
                "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
                "<w:lvlText w:val=\"（%1）\"/><w:lvlJc w:val=\"start\"/></w:lvl></w:abstractNum>"
                "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>")
      .part("word/header1.xml", "<w:hdr " + w + " " + rns + ">" + para("2023年度") + "</w:hdr>")
      .part("word/footnotes.xml", "<w:footnotes " + w + "><w:footnote w:type=\"separator\" w:id=\"-1\">" +
                                      p(r("<w:separator/>")) + "</w:footnote><w:footnote w:id=\"1\">" +
                                      para("数据来源：决算报表") + "</w:footnote></w:footnotes>")
      .rel("styles", "styles.xml", strict_rel)
      .rel("numbering", "numbering.xml", strict_rel)
      .rel("header", "header1.xml", strict_rel)
      .rel("footnotes", "footnotes.xml", strict_rel)
      .rel("theme", "theme/theme1.xml", strict_rel);
  docx.part(
      "word/document.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document " + w + " " + rns +
          " xmlns:m=\"http://purl.oclc.org/ooxml/officeDocument/math\" w:conformance=\"strict\"><w:body>" +
          para("一、项目基本情况", "<w:pStyle w:val=\"Level1\"/>") +
          para("项目概况", "<w:pStyle w:val=\"Level2\"/>") +
          p(r(t("执行率")) + "<m:oMath><m:r><m:t>=162.19/165.69</m:t></m:r></m:oMath>" +
            r("<w:footnoteReference w:id=\"1\"/>", "<w:rStyle w:val=\"FootnoteReference\"/>")) +
          tbl(tr(tc(para("年初预算数"), "<w:tcW w:w=\"2000\" w:type=\"dxa\"/>") + tc(para("全年执行数"))) +
                  tr(tc(para("165.69")) + tc(para("162.19"))),
              2) +
          "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId102\"/><w:pgSz w:w=\"11906\" "
          "w:h=\"16838\"/></w:sectPr></w:body></w:document>");
  Document doc = read_ok(docx.build());
  EXPECT_EQ(describe(doc), (Lines{
                               "P body [Level1|0|] 一、项目基本情况",
                               "P body [Level2|1|（一）] 项目概况",
                               "P body 执行率=162.19/165.69",
                               "T0 body 年初预算数|全年执行数 / 165.69|162.19",
                               "P header 2023年度",
                               "P footnote 数据来源：决算报表",
                           }));
  // The theme the relationships name is not in the package: nothing reads it, nothing warns.
  EXPECT_TRUE(doc.warnings.empty());
}

// ---------------------------------------------------------------- odd part names

// A main part whose relationship target differs from its ZIP entry name in case and
// percent-encoding (hand-made and converter-made packages): Target="/Word/Document%20Main.xml" for
// the entry "word/Document Main.xml", its own relationships found the same way.
// Namespace declarations on inner elements are found, however many times "xmlns" appears in
// text before them (the part counts the word to know when it has seen every declaration), and the
// first binding of a prefix stays.
TEST(DocxOddNamespaces, DeclarationsOnInnerElementsAndXmlnsInText) {
  const std::string w(testing::kW);
  auto part = docx::XmlPart::parse(
      "<?xml version=\"1.0\"?><doc xmlns:x=\"urn:other\"><x:note a=\"xmlns\">xmlns, xmlns:q</x:note>"
      "<inner xmlns:q=\"" +
          w + "\"><q:p/></inner><late xmlns:x=\"" + w + "\" xmlns=\"" + w + "\"/></doc>",
      "word/document.xml", "t.docx", ReadLimits{});
  ASSERT_TRUE(part.ok()) << part.error().message;
  EXPECT_EQ(part.value()->ns_of("q:p"), docx::Ns::w);
  EXPECT_EQ(part.value()->ns_of("x:note"), docx::Ns::other);  // bound first to urn:other
  EXPECT_EQ(part.value()->ns_of("p"), docx::Ns::w);           // the default namespace, declared last
}

// is_w compares names directly when one prefix stands for WordprocessingML; it must say what
// is(node, Ns::w, ...) says for every element, whatever the prefixes: the usual w, another prefix
// with an undeclared w beside it, a default namespace, w bound elsewhere, two prefixes bound.
TEST(DocxOddNamespaces, IsWAgreesWithTheNamespaceLookupForAnyPrefixes) {
  const std::string w(testing::kW);
  const std::vector<std::string> parts = {
      "<w:document xmlns:w=\"" + w +
          "\"><w:body><w:p val=\"1\" w:val=\"2\" w:id=\"3\"/><x:p xmlns:x=\"urn:o\" x:val=\"4\"/>"
          "<w:pp x:val=\"5\" xmlns:x=\"urn:o\" w:val=\"6\"/><w:p/><p id=\"7\"/></w:body></w:document>",
      "<ns0:document xmlns:ns0=\"" + w + "\"><ns0:p/><w:p/><ns0:pp/><p/></ns0:document>",
      "<document xmlns=\"" + w + "\"><p/><w:p/><body/></document>",
      "<w:document xmlns:w=\"urn:x\" xmlns:k=\"" + w +
          "\"><k:p w:val=\"1\" k:val=\"2\"/><w:p/><k:body/><p/></w:document>",
      "<q:document xmlns:q=\"" + w + "\" xmlns:w=\"" + w + "\"><q:p/><w:p/><r:p/></q:document>",
  };
  size_t yes = 0, no = 0, attributes = 0;
  for (const std::string& xml : parts) {
    auto part = docx::XmlPart::parse(xml, "word/document.xml", "t.docx", ReadLimits{});
    ASSERT_TRUE(part.ok()) << part.error().message;
    std::vector<pugi::xml_node> nodes{part.value()->root()};
    for (size_t i = 0; i < nodes.size(); ++i)
      for (pugi::xml_node c = nodes[i].first_child(); c; c = c.next_sibling()) nodes.push_back(c);
    const docx::XmlPart& x = *part.value();
    for (pugi::xml_node n : nodes) {
      for (const char* local : {"p", "pp", "document", "body", ""}) {
        const bool expected = x.is(n, docx::Ns::w, local);
        EXPECT_EQ(x.is_w(n, local), expected) << xml << " " << n.name() << " " << local;
        (expected ? yes : no) += 1;
      }
      if (n.type() != pugi::node_element) continue;
      const std::string name = n.name();
      const size_t colon = name.find(':');
      EXPECT_EQ(x.ns_of(n.name()), x.ns_of_prefix(colon == std::string::npos ? "" : name.substr(0, colon)))
          << name;
      // attr: the first attribute whose prefix means WordprocessingML, else the first unprefixed
      // one or one in another prefix (not a declaration).
      for (const char* local : {"val", "id", "x"}) {
        const char *w_value = nullptr, *fallback = nullptr;
        for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
          const std::string an = a.name();
          const size_t c = an.find(':');
          if ((c == std::string::npos ? an : an.substr(c + 1)) != local) continue;
          if (c != std::string::npos && x.ns_of_prefix(an.substr(0, c)) == docx::Ns::w) {
            if (!w_value) w_value = a.value();
          } else if (!fallback && an.rfind("xmlns", 0) != 0) {
            fallback = a.value();
          }
        }
        const char* expected = w_value ? w_value : fallback;
        const char* got = x.attr(n, local);
        EXPECT_EQ(got ? std::string(got) : "(none)", expected ? std::string(expected) : "(none)")
            << xml << " " << name << " @" << local;
        attributes += expected != nullptr;
      }
    }
  }
  EXPECT_GT(yes, 10u);
  EXPECT_GT(no, 50u);
  EXPECT_GE(attributes, 6u);
}

TEST(DocxOddNames, MainPartTargetWithOddCaseAndPercentEncoding) {
  const std::string ns = "xmlns:w=\"" + std::string(testing::kW) + "\"";
  DocxBuilder docx;
  docx.main_part("/Word/Document%20Main.xml").remove("word/document.xml");
  docx.part(
          "[Content_Types].xml",
          "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
          "Extension=\"xml\" ContentType=\"application/xml\"/><Override "
          "PartName=\"/word/Document%20Main.xml\" "
          "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
          "</Types>")
      .part("word/Document Main.xml", testing::document_xml(para("正文", "<w:pStyle w:val=\"H\"/>")))
      .part("word/_rels/Document Main.xml.rels",
            "<Relationships "
            "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
            "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
            "Target=\"STYLES%20Main.XML\"/></Relationships>")
      .part(
          "word/Styles Main.xml",
          "<w:styles " + ns + "><w:style w:styleId=\"H\"><w:name w:val=\"heading 1\"/></w:style></w:styles>");
  EXPECT_EQ(read_lines(docx.build()), (Lines{"P body [H|0|] 正文"}));
}

// OPC maps a part name to its ZIP entry name by dropping the leading '/', percent-encoding kept:
// part /word/Document%20Main.xml is the entry "word/Document%20Main.xml", as System.IO.Packaging
// (the Open XML SDK; NuGet's .nupkg show the same) writes it. Found through the decoded target.
TEST(DocxOddNames, PercentEncodedZipEntryNamesAsOpcWritesThem) {
  const std::string ns = "xmlns:w=\"" + std::string(testing::kW) + "\"";
  DocxBuilder docx;
  docx.main_part("word/Document%20Main.xml").remove("word/document.xml");
  docx.part(
          "[Content_Types].xml",
          "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
          "Extension=\"xml\" ContentType=\"application/xml\"/><Override "
          "PartName=\"/word/Document%20Main.xml\" "
          "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
          "</Types>")
      .part("word/Document%20Main.xml", testing::document_xml(para("正文", "<w:pStyle w:val=\"H\"/>")))
      .part("word/_rels/Document%20Main.xml.rels",
            "<Relationships "
            "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
            "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
            "Target=\"my%20styles.xml\"/></Relationships>")
      .part(
          "word/my%20styles.xml",
          "<w:styles " + ns + "><w:style w:styleId=\"H\"><w:name w:val=\"heading 1\"/></w:style></w:styles>");
  EXPECT_EQ(read_lines(docx.build()), (Lines{"P body [H|0|] 正文"}));
}

// Non-ASCII part names (Chinese-named parts from WPS-exported or hand-assembled packages): the
// UTF-8 entry name reached through a percent-encoded target (URI form) and through the raw IRI.
TEST(DocxOddNames, ChinesePartNameAsUriAndAsIri) {
  for (const std::string target : {"word/%E6%AD%A3%E6%96%87.xml", "word/正文.xml"}) {
    SCOPED_TRACE(target);
    DocxBuilder docx;
    docx.main_part(target).remove("word/document.xml").remove("[Content_Types].xml");
    docx.part("word/正文.xml", testing::document_xml(para("中文部件名")));
    EXPECT_EQ(read_lines(docx.build()), (Lines{"P body 中文部件名"}));
  }
}

}  // namespace
}  // namespace jixiao
