// Torture, issue 14 item 7: file names holding control characters (a newline that would forge a
// "jixiao: error:" line, terminal escape sequences, bytes that are not UTF-8) are printed quoted
// the way ls does ($'...' with escapes), on stderr, in the summary and in check's output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/display_name.h"
#include "support/run_jixiao.h"
#include "support/scratch.h"

namespace {

namespace fs = std::filesystem;
using jixiao::testing::run_jixiao;
using jixiao::testing::RunOptions;
using jixiao::testing::ScratchDir;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool has_control_character(const std::string& text) {
  for (unsigned char c : text)
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  // C1 controls in UTF-8 (U+0080..U+009F: C2 80..C2 9F), e.g. U+009B, a one-byte CSI.
  for (size_t i = 0; i + 1 < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) == 0xC2 && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return true;
  return false;
}

// Names an attacker can give a file in a shared folder.
const std::string kForged = "evil\njixiao: error: secrets.txt: forged line.txt";
const std::string kEscape = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred.txt";
const std::string kCsi =
    "c1\xc2\x9b"
    "31mcsi.txt";
const std::string kNotUtf8 = "gbk-\xb1\xa8\xb8\xe6.txt";  // 报告 in GBK

TEST(TortureNames, QuoteNameEscapesWhatATerminalWouldObey) {
  using jixiao::escape_controls;
  using jixiao::quote_name;
  EXPECT_EQ(quote_name("报告 2024.docx"), "报告 2024.docx");
  EXPECT_EQ(quote_name("it's.txt"), "it's.txt");  // nothing hidden: left as is
  EXPECT_EQ(quote_name(kForged), "$'evil\\njixiao: error: secrets.txt: forged line.txt'");
  EXPECT_EQ(quote_name(kEscape), "$'\\x1B]0;pwned\\a\\x1B[2J\\x1B[31mred.txt'");
  EXPECT_EQ(quote_name(kCsi), "$'c1\\xC2\\x9B31mcsi.txt'");
  EXPECT_EQ(quote_name(kNotUtf8), "$'gbk-\\xB1\\xA8\\xB8\\xE6.txt'");
  EXPECT_EQ(quote_name("a\tb'c\\d"), "$'a\\tb\\'c\\\\d'");  // ' and \ escaped inside $'...'
  EXPECT_EQ(quote_name("\xe2\x80\xae"
                       "cod.exe"),
            "$'\\u202Ecod.exe'");                               // right-to-left override
  EXPECT_EQ(quote_name("\xed\xa0\x80"), "$'\\xED\\xA0\\x80'");  // a surrogate is not UTF-8
  EXPECT_EQ(escape_controls("part\nname's"), "part\\nname's");
}

TEST(TortureNames, ErrorLinesQuoteNamesWithControlCharacters) {
  ScratchDir scratch;
  std::vector<std::string> args = {"extract"};
  for (const std::string& name : {kForged, kEscape, kCsi, kNotUtf8}) args.push_back(scratch.write(name, ""));
  auto r = run_jixiao(args);
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(has_control_character(r.err)) << r.err;
  // One line per failed file, each a real error line; the newline did not make a second one.
  const auto lines = lines_of(r.err);
  EXPECT_EQ(lines.size(), 4u) << r.err;
  for (const std::string& line : lines) EXPECT_EQ(line.rfind("jixiao: error: ", 0), 0u) << line;
  EXPECT_NE(r.err.find("/evil\\njixiao: error: secrets.txt: forged line.txt'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\\x1B]0;pwned\\a\\x1B[2J\\x1B[31mred.txt'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("c1\\xC2\\x9B31mcsi.txt'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gbk-\\xB1\\xA8\\xB8\\xE6.txt'"), std::string::npos) << r.err;
}

TEST(TortureNames, IngestSummaryListsEachFailedFileOnOneLine) {
  ScratchDir scratch;
  int serial = 0;  // truncated ZIPs, each its own content (empty files would be one duplicate)
  for (const std::string& name : {kForged, kEscape, kCsi, kNotUtf8})
    scratch.write("in/" + name, "PK\x03\x04" + std::to_string(serial++));
  fs::copy_file(fs::path(JIXIAO_SOURCE_DIR) / "corpus" / "p01_roads_project_utf8.txt",
                scratch.path() / "in" / "good.txt");
  auto r = run_jixiao({"ingest", "-q", scratch / "in", "--db", scratch / "db.sqlite"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_FALSE(has_control_character(r.out)) << r.out;
  EXPECT_FALSE(has_control_character(r.err)) << r.err;
  for (const std::string& line : lines_of(r.err)) EXPECT_EQ(line.rfind("jixiao: ", 0), 0u) << line;
  // The summary's list: a header, then exactly one line per failed file.
  const auto out = lines_of(r.out);
  auto header = std::find(out.begin(), out.end(), "failed files:");
  ASSERT_NE(header, out.end()) << r.out;
  EXPECT_EQ(out.end() - header - 1, 4) << r.out;
  for (auto it = header + 1; it != out.end(); ++it) EXPECT_EQ(it->rfind("  ", 0), 0u) << *it;
}

TEST(TortureNames, CheckOutputQuotesTheName) {
  ScratchDir scratch;
  const std::string path = scratch.write("rate\x1b[8m.txt",
                                         "2024年度道路养护项目支出绩效自评报告\n\n项目年初预算数为100万元，全"
                                         "年执行数为90万元，预算执行率为50%。\n");
  auto r = run_jixiao({"check", path});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_FALSE(has_control_character(r.out)) << r.out;
  EXPECT_NE(r.out.find("rate\\x1B[8m.txt':第3行: error rate.mismatch [报告 1]"), std::string::npos) << r.out;
}

}  // namespace
