// Torture, issue 14 item 9: errors in a main part above 4 MiB (read in slices of body children)
// point at their byte in the part, as for a small part, also when the error is nesting deeper
// than max_xml_depth.
#include <gtest/gtest.h>

#include <string>

#include "ingest/docx.h"
#include "ingest/docx_xml.h"
#include "support/docx_builder.h"

namespace jixiao {
namespace {

using testing::DocxBuilder;
using testing::para;

// The byte offset an error message names ("... at byte N of the part"), or -1.
long long offset_in(const std::string& message) {
  const size_t at = message.find("at byte ");
  return at == std::string::npos ? -1 : std::stoll(message.substr(at + 8));
}

std::string prose(size_t bytes) {
  std::string out;
  for (int i = 0; out.size() < bytes; ++i)
    out +=
        para("第" + std::to_string(i) + "段：项目资金主要用于道路养护和设施维修，全年执行数为160.20万元。");
  return out;
}

TEST(TortureXml, DepthErrorsInALargePartNameTheirOffsetInThePart) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<w:sdt><w:sdtContent>";
  for (int i = 0; i < 300; ++i) deep += "</w:sdtContent></w:sdt>";
  for (size_t pad : {size_t{1} << 10, size_t{5} << 20, size_t{9} << 20}) {  // one tree, then slices
    const std::string body = prose(pad) + deep + prose(1 << 20);
    const std::string xml = testing::document_xml(body);
    std::string whole = xml;  // parsed in place
    pugi::xml_document tree;
    ASSERT_TRUE(tree.load_buffer_inplace(whole.data(), whole.size()));
    const long long expected = docx::depth_exceeded_at(tree, ReadLimits{}.max_xml_depth);
    ASSERT_EQ(xml.compare(static_cast<size_t>(expected), 6, "<w:sdt"), 0) << expected;
    ASSERT_GT(expected, static_cast<long long>(pad));
    auto doc = read_docx(DocxBuilder().body(body).build(), "deep.docx", ReadLimits{});
    ASSERT_FALSE(doc.ok()) << pad;
    EXPECT_EQ(doc.error().code, ErrorCode::limit_exceeded) << pad;
    EXPECT_NE(doc.error().message.find("max_xml_depth"), std::string::npos) << doc.error().message;
    EXPECT_EQ(offset_in(doc.error().message), expected) << pad << ": " << doc.error().message;
  }
}

}  // namespace
}  // namespace jixiao
