// Normalization: NFKC with an offset map, punctuation and spacing, artifacts, broken lines.
#include "normalize/normalize.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/utf.h"
#include "ingest/text.h"

namespace jixiao {
namespace {

const std::string kSeeds = JIXIAO_SOURCE_DIR "/../shared/seeds";

std::string norm(std::string_view raw) {
  return to_utf8(normalize_text(raw, 0).text);
}

// The raw characters a normalized substring points back to.
std::string raw_of(std::string_view raw, const NormalizedText& n, const std::u32string& needle) {
  size_t at = n.text.find(needle);
  EXPECT_NE(at, std::u32string::npos) << to_utf8(needle);
  if (at == std::u32string::npos) return "";
  Span s = n.span(at, at + needle.size());
  std::u32string r = to_u32(raw);
  return to_utf8(r.substr(static_cast<size_t>(s.start), static_cast<size_t>(s.end - s.start)));
}

TEST(NormalizeText, TableOfCases) {
  struct Case {
    const char* raw;
    const char* want;
  } cases[] = {
      {"７７．４６％", "77.46%"},
      {"预算执行率 ７７．４６％。", "预算执行率77.46%。"},
      {"165.69 万元", "165.69万元"},
      {"2024 年", "2024年"},
      {"盐池县公安局 2024 年禁毒", "盐池县公安局2024年禁毒"},
      {"制作 APP 一个", "制作APP一个"},
      {"2 3", "2 3"},
      {"APP  version\t2", "APP version 2"},
      {"中\u3000文\u00A0字", "中文字"},
      {"  前后空白  ", "前后空白"},
      {"零\u200B宽\uFEFF字符", "零宽字符"},
      // One form of brackets and punctuation in CJK context, ASCII elsewhere.
      {"(一)年初批复", "（一）年初批复"},
      {"（一）年初批复", "（一）年初批复"},
      {"(1)数量指标", "（1）数量指标"},
      {"部门管理 (35分)", "部门管理（35分）"},
      {"165.69 万元,实际下达", "165.69万元，实际下达"},
      {"其中:政府采购", "其中：政府采购"},
      {"其中：政府采购", "其中：政府采购"},
      {"完成;下一步", "完成；下一步"},
      {"1,234.5 万元", "1,234.5万元"},
      {"达到 1:30", "达到1:30"},
      {"f(x) = a, b", "f(x) = a, b"},
      {"（盐财发〔2025〕17 号）", "（盐财发〔2025〕17号）"},
      {"“清源断流”", "“清源断流”"},
      // Converter artifacts.
      {"[bookmark: _GoBack]附件", "附件"},
      {"项目[bookmark: _Toc123]总资金", "项目总资金"},
      // Line breaks in cells stay, once.
      {"30.0万元\n13.9万元\n\n28.8万元", "30.0万元\n13.9万元\n28.8万元"},
      {"绩\n\n效\n \n指", "绩\n效\n指"},
      {"\t10\t", "10"},
      {"", ""},
  };
  int failures = 0;
  for (const auto& c : cases) {
    std::string got = norm(c.raw);
    if (got != c.want) {
      ++failures;
      ADD_FAILURE() << "normalize(\"" << c.raw << "\") = \"" << got << "\", want \"" << c.want << "\"";
    }
  }
  EXPECT_EQ(failures, 0);
}

// nfkc_with_positions answers two questions without ICU for most characters: printable ASCII and
// the CJK Unified Ideographs start a normalization segment, and the ideographs are left alone
// whatever stands around them. That must stay what ICU says.
TEST(NormalizeText, ShortcutsAgreeWithIcu) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  for (UChar32 c = 0x20; c < 0x7F; ++c) EXPECT_TRUE(nfkc->hasBoundaryBefore(c)) << std::hex << c;
  for (UChar32 c = 0x4E00; c <= 0x9FFF; ++c) {
    EXPECT_TRUE(nfkc->hasBoundaryBefore(c)) << std::hex << c;
    EXPECT_TRUE(nfkc->isInert(c)) << std::hex << c;
  }
  // Around them, what ICU does is kept: a combining mark after ASCII composes, full-width forms
  // and compatibility ideographs are folded.
  EXPECT_EQ(to_utf8(normalize_text("e\u0301 中\u0301 ＡＢ１ 兀\uF900", 0).text), "é中\u0301 AB1兀豈");
}

TEST(NormalizeText, OffsetMapPointsAtRawCharacters) {
  std::string raw = "[bookmark: _GoBack]执行率 ７７．４６％，合计 165.69 万元";
  NormalizedText n = normalize_text(raw, 7);
  ASSERT_EQ(n.pos.size(), n.text.size() + 1);
  EXPECT_EQ(to_utf8(n.text), "执行率77.46%，合计165.69万元");
  EXPECT_EQ(raw_of(raw, n, U"77.46%"), "７７．４６％");
  EXPECT_EQ(raw_of(raw, n, U"执行率"), "执行率");
  EXPECT_EQ(raw_of(raw, n, U"165.69万元"), "165.69 万元");
  Span s = n.span(0, 3, 2, 4);
  EXPECT_EQ(s.block, 7);
  EXPECT_EQ(s.start, 19);  // after the bookmark marker
  EXPECT_EQ(s.end, 22);
  EXPECT_EQ(s.row, 2);
  EXPECT_EQ(s.col, 4);
  EXPECT_EQ(s.end_block, -1);
  // Sentinel: just after the last raw character kept.
  EXPECT_EQ(n.pos.back().offset, static_cast<int32_t>(to_u32(raw).size()));
}

TEST(NormalizeText, ExpansionsShareTheirRawStart) {
  std::string raw = "温度 ３℃";  // ℃ -> °C under NFKC
  NormalizedText n = normalize_text(raw, 0);
  EXPECT_EQ(to_utf8(n.text), "温度3°C");
  EXPECT_EQ(raw_of(raw, n, U"3°C"), "３℃");
  EXPECT_EQ(raw_of(raw, n, U"°"), "℃");
}

Document paragraphs(std::vector<std::string> texts) {
  Document doc;
  for (auto& t : texts) {
    Block b;
    b.text = std::move(t);
    doc.blocks.push_back(std::move(b));
  }
  return doc;
}

TEST(NormalizeDocument, JoinsBrokenLineAndKeepsBothBlocksInTheMap) {
  Document doc = paragraphs({"本年禁毒委员会工作经费年初预算 165.69 万元，实际下", "",
                             "达 165.69 万元，到位率 100%。", "2、项目资金执行情况分析"});
  NormalizedDocument nd = normalize(doc);
  ASSERT_EQ(nd.blocks.size(), 2u);
  const NormalizedText& t = nd.blocks[0].text;
  EXPECT_EQ(to_utf8(t.text), "本年禁毒委员会工作经费年初预算165.69万元，实际下达165.69万元，到位率100%。");
  EXPECT_EQ(nd.blocks[0].source_block, 0);
  EXPECT_EQ(nd.blocks[1].source_block, 3);
  // "实际下达" spans the cut: it starts in block 0 and ends in block 2.
  size_t at = t.text.find(U"实际下达");
  Span s = t.span(at, at + 4);
  EXPECT_EQ(s.block, 0);
  EXPECT_EQ(s.start, 26);
  EXPECT_EQ(s.end_block, 2);
  EXPECT_EQ(s.end, 1);
  size_t second = t.text.find(U"165.69万元", at);
  Span s2 = t.span(second, second + 8);
  EXPECT_EQ(s2.block, 2);
  EXPECT_EQ(s2.start, 2);
  EXPECT_EQ(s2.end, 11);
  EXPECT_EQ(s2.end_block, -1);

  NormalizeOptions no_join;
  no_join.join_broken_lines = false;
  EXPECT_EQ(normalize(doc, no_join).blocks.size(), 3u);  // the empty paragraph is dropped
}

TEST(NormalizeDocument, DoesNotJoinTitlesHeadingsOrItems) {
  NormalizedDocument nd = normalize(paragraphs({
      "宁夏回族自治区盐池县公安局",                              // short title
      "盐池县公安局 2024 年禁毒委员会工作经费 绩效自评报告",     // no punctuation: a title
      "根据通知要求，现将我局2024年禁毒委员会工作经费情况报告",  // next one opens an item
      "一、绩效目标批复下达情况",
      "（一）创新开展预防宣传，打造全国具有影响力的“特色宣传”品牌",  // a heading with a comma
      "支队常态化开展禁毒杯微视频大赛、篮球赛等系列特色宣传活动，全民禁毒氛围进一步浓厚。",
      "由于各级领导对禁毒工作高度重视，各项工作安排到位",  // next is a signature line
      "盐池县禁毒委员会办公室",
  }));
  EXPECT_EQ(nd.blocks.size(), 8u);
}

TEST(NormalizeDocument, TablesAndListLabels) {
  Document doc;
  Block table;
  table.type = BlockType::table;
  table.table.rows = {{"年初预算数", "分值"}, {"１６５.６９ 万元", "\t10\t"}};
  table.table.merged = {Merge{0, 0, 1, 2}};
  Block para;
  para.text = "项目概况";
  para.list_label = "(一)";
  doc.blocks = {table, para};
  NormalizedDocument nd = normalize(doc);
  ASSERT_EQ(nd.blocks.size(), 2u);
  ASSERT_EQ(nd.blocks[0].cells.size(), 2u);
  EXPECT_EQ(to_utf8(nd.blocks[0].cells[1][0].text), "165.69万元");
  EXPECT_EQ(to_utf8(nd.blocks[0].cells[1][1].text), "10");
  Span s = nd.blocks[0].cells[1][1].span(0, 2, 1, 1);
  EXPECT_EQ(s.start, 1);
  EXPECT_EQ(s.end, 3);
  EXPECT_EQ(nd.blocks[0].merged, table.table.merged);
  EXPECT_EQ(to_utf8(nd.blocks[1].text.text), "项目概况");
  EXPECT_EQ(nd.blocks[1].list_label, "（一）");
}

// The joins made on the five seeds, and only those.
TEST(NormalizeDocument, SeedJoins) {
  if (!std::filesystem::exists(kSeeds)) GTEST_SKIP() << "../shared/seeds not available";
  std::vector<std::string> expected = {
      "000:本年禁毒委员会工作经费年初预算165.69万元，实际下达165.69万元，到位率100%。",
      "000:（4）成本指标。人均培训132元/天，举办主题活动单位成本2万元，",
      "000:由于各级领导对禁毒工作高度重视，各项禁毒工作经费保障到位，盐池县毒情形势持续向好发展，",
      "000:（二）我局将按财政部门统一要求，对绩效评价情况予以公开。。",
      "003:（7）会同市局治安支队、市文化、工商等部门对公共娱乐场所、",
      "003:2023年度部门预算数为3563.83万元，其中：基本支出2904.67万元，项目支出659.16万元。",
      "003:当前，国际国内毒品形势依然严峻复杂，",
      "003:三是强化科技兴警，",
      "003:2023年，支队认真贯彻习近平总书记关于禁毒工作重要指示，",
      "003:深入开展“清源断流-2023”、",
      "003:2023年我支队对绩效管理存在问题及原因分析如下：",
  };
  std::vector<std::string> found;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kSeeds)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Result<Document> doc = read_text(ss.str(), path.string(), {});
    ASSERT_TRUE(doc.ok());
    for (const auto& b : normalize(doc.value()).blocks) {
      if (b.type != BlockType::paragraph || b.text.pos.empty()) continue;
      if (b.text.pos[b.text.pos.size() - 2].block == b.source_block) continue;  // not joined
      std::string text = to_utf8(b.text.text);
      std::string key = path.filename().string().substr(0, 3) + ":" + text;
      // Report the expected prefix the join starts with, or the whole unexpected join.
      std::string match = key;
      for (const auto& e : expected)
        if (key.rfind(e, 0) == 0) match = e;
      found.push_back(match);
    }
  }
  EXPECT_EQ(found, expected);
}

}  // namespace
}  // namespace jixiao
