// Large documents: a main part above 4 MiB is parsed in slices of body children, so memory
// follows the text rather than the XML tree. The sliced reading must give exactly the blocks
// the one-tree reading gives, and malformed markup must fail the same way.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/sanitizer.h"
#include "ingest/docx.h"
#include "ingest/docx_xml.h"
#include "support/docx_builder.h"

namespace jixiao {
namespace {

using testing::DocxBuilder;
using testing::para;

// Body children of every kind the reader handles, with state that crosses paragraphs (a field
// begun in one paragraph and ended in the next) and markup that looks like tags in values.
std::string varied_body() {
  return para("一、项目基本情况", "<w:outlineLvl w:val=\"0\"/>") +
         "<w:p/>"  // an empty paragraph as an empty element
         "<!-- a comment between paragraphs: <w:p> -->"
         "<w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>"
         "<w:p><w:r><w:t xml:space=\"preserve\">年初预算数为</w:t></w:r>"
         "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> = 165.69 </w:instrText></w:r>"
         "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>165.69</w:t></w:r></w:p>"
         "<w:p><w:r><w:t>万元</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
         "<w:r><w:t xml:space=\"preserve\">，执行率 &gt; 90% 且 &lt;w:p&gt; 不是标签</w:t></w:r></w:p>"
         "<w:sdt><w:sdtPr><w:alias w:val=\"a &gt; b\"/></w:sdtPr><w:sdtContent>" +
         para("内容控件中的段落") +
         "</w:sdtContent></w:sdt>"
         "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
         "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" +
         para("合并表头") +
         "</w:tc></w:tr>"
         "<w:tr><w:tc>" +
         para("全年预算数") + "</w:tc><w:tc>" + para("165.69") +
         "</w:tc></w:tr></w:tbl>"
         "<w:p><w:r><w:t>文本框锚点</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" +
         para("文本框里的话") +
         "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
         "<w:p><w:r><w:t><![CDATA[CDATA 里的 </w:p> 文字]]></w:t></w:r></w:p>";
}

// Paragraphs of ordinary prose, `bytes` of markup in all.
std::string padding(size_t bytes) {
  std::string out;
  for (int i = 0; out.size() < bytes; ++i)
    out +=
        para("第" + std::to_string(i) + "段：项目资金主要用于道路养护和设施维修，全年执行数为160.20万元。");
  return out;
}

Document read_ok(const std::string& bytes) {
  auto doc = read_docx(bytes, "test.docx", ReadLimits{});
  EXPECT_TRUE(doc.ok()) << (doc.ok() ? "" : doc.error().describe());
  return doc.ok() ? doc.value() : Document{};
}

void expect_same_block(const Block& a, const Block& b, size_t index) {
  EXPECT_EQ(a.type, b.type) << index;
  EXPECT_EQ(a.part, b.part) << index;
  EXPECT_EQ(a.text, b.text) << index;
  EXPECT_EQ(a.style, b.style) << index;
  EXPECT_EQ(a.outline_level, b.outline_level) << index;
  EXPECT_EQ(a.list_label, b.list_label) << index;
  EXPECT_EQ(a.table.rows, b.table.rows) << index;
  EXPECT_EQ(a.table.merged.size(), b.table.merged.size()) << index;
}

TEST(DocxLarge, SlicedBodyReadsLikeTheWholeTree) {
  const std::string small = DocxBuilder().body(varied_body()).build();
  const Document expected = read_ok(small);
  ASSERT_GE(expected.blocks.size(), 8u);

  // The same children first, then 6 MiB of prose, then the same children again.
  const std::string pad = padding(6 << 20);
  const Document large = read_ok(DocxBuilder().body(varied_body() + pad + varied_body()).build());
  const Document pad_only = read_ok(DocxBuilder().body(pad).build());
  ASSERT_EQ(large.blocks.size(), 2 * expected.blocks.size() + pad_only.blocks.size());
  for (size_t i = 0; i < expected.blocks.size(); ++i) {
    expect_same_block(large.blocks[i], expected.blocks[i], i);
    EXPECT_EQ(large.blocks[i].source_line, expected.blocks[i].source_line) << i;
  }
  const size_t tail = expected.blocks.size() + pad_only.blocks.size();
  for (size_t i = 0; i < expected.blocks.size(); ++i)
    expect_same_block(large.blocks[tail + i], expected.blocks[i], i);
  // Element ordinals keep counting across slices.
  EXPECT_EQ(large.blocks.back().source_line - large.blocks[tail].source_line,
            expected.blocks.back().source_line - expected.blocks.front().source_line);
  EXPECT_EQ(large.blocks[expected.blocks.size() + 123].text, pad_only.blocks[123].text);
}

TEST(DocxLarge, SlicesCutAtBodyChildrenOnly) {
  const std::string xml = testing::document_xml(varied_body());
  auto slices = docx::slice_body(xml);
  ASSERT_TRUE(slices.has_value());
  // Every body child, empty or not, comments and whitespace between them excluded.
  EXPECT_EQ(slices->children.size(), 10u);
  for (const auto& [begin, end] : slices->children) {
    EXPECT_EQ(xml[begin], '<');
    EXPECT_EQ(xml[end - 1], '>');
    EXPECT_NE(xml.substr(begin, 4), "<!--");
  }
  EXPECT_NE(slices->head.find("xmlns:w="), std::string::npos);
  EXPECT_EQ(slices->head.substr(slices->head.size() - 8), "<w:body>");
  EXPECT_EQ(slices->tail, "</w:body></w:document>");

  // Parts that cannot be cut are left to the one-tree parser.
  EXPECT_FALSE(docx::slice_body(testing::document_xml("")).has_value());
  EXPECT_FALSE(docx::slice_body("<w:document><w:body><w:p>").has_value());
  EXPECT_FALSE(docx::slice_body("<w:document><w:body/></w:document>").has_value());
  EXPECT_FALSE(docx::slice_body("not xml at all").has_value());
}

TEST(DocxLarge, MalformedMarkupInALargePartFailsLikeASmallOne) {
  const std::string pad = padding(5 << 20);
  const std::string broken = DocxBuilder().body(pad + "<w:p><w:r><w:t>未闭合</w:r></w:p>" + pad).build();
  auto doc = read_docx(broken, "broken.docx", ReadLimits{});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::malformed_xml);
  // The offset is the one in the part, not in a slice.
  const std::string xml = testing::document_xml(pad + "<w:p><w:r><w:t>未闭合</w:r></w:p>" + pad);
  const size_t bad = xml.find("</w:r></w:p>", xml.find("未闭合"));
  const std::string& message = doc.error().message;
  const size_t at = message.find("at byte ");
  ASSERT_NE(at, std::string::npos) << message;
  const size_t offset = std::stoul(message.substr(at + 8));
  EXPECT_GE(offset, bad) << message;  // pugixml points into the mismatched end tag
  EXPECT_LE(offset, bad + 5) << message;

  // Nesting deeper than the bound inside one slice is refused with the bound's name.
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<w:sdt><w:sdtContent>";
  for (int i = 0; i < 300; ++i) deep += "</w:sdtContent></w:sdt>";
  auto nested = read_docx(DocxBuilder().body(pad + deep).build(), "deep.docx", ReadLimits{});
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code, ErrorCode::limit_exceeded);
  EXPECT_NE(nested.error().message.find("max_xml_depth"), std::string::npos) << nested.error().message;
}

// A line of /proc/self/status ("VmHWM", "VmRSS") in KiB, or -1.
long status_kib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  return -1;
}

// Resets the peak resident set size (VmHWM) to the current one (Linux 4.0+).
bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

TEST(DocxLarge, TenThousandPagesReadInBoundedMemory) {
  if (jixiao::kAddressSanitizer) GTEST_SKIP() << "peak memory is not meaningful under AddressSanitizer";
  // 10,000 pages of eight paragraphs and a page break: a 29 MB main part.
  std::string body;
  const std::string text =
      "2024年度项目年初预算数为165.69万元，全年预算数为165.69万元，全年执行数为160.20万元，预算执行率为96.69%"
      "。";
  body.reserve(30 << 20);
  for (int page = 1; page <= 10000; ++page) {
    for (int k = 1; k <= 8; ++k)
      body += para("第" + std::to_string(page) + "页第" + std::to_string(k) + "段：" + text);
    body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
  }
  const std::string bytes = DocxBuilder().body(body).build();
  const size_t xml_size = body.size();
  body.clear();
  body.shrink_to_fit();
  if (!reset_peak_rss() || status_kib("VmHWM") < 0) GTEST_SKIP() << "cannot reset or read the peak RSS here";
  const long before = status_kib("VmRSS");
  auto doc = read_docx(bytes, "big.docx", ReadLimits{});
  const long grown = status_kib("VmHWM") - before;
  ASSERT_TRUE(doc.ok()) << doc.error().describe();
  ASSERT_EQ(doc.value().blocks.size(), 90000u);
  EXPECT_EQ(doc.value().blocks[9 * 9999].text.substr(0, 21), "第10000页第1段：");
  // The inflated part, the blocks' text (about the same again) and one slice's tree: well under
  // the 4-5x of the part that a tree of the whole part costs.
  EXPECT_LT(grown * 1024, static_cast<long>(3 * xml_size))
      << "peak grew by " << grown << " KiB for " << xml_size << " bytes of XML";
}

}  // namespace
}  // namespace jixiao
