// Robustness over ../shared/docx-wild: ~1,400 Word files from other projects' test suites, many
// broken on purpose. Every file either reads into a well-formed Document and extracts, or fails
// with an Error that names its reason; nothing crashes, hangs (the per-file watchdog would name
// it) or produces an inconsistent table, no file raises an error or warning finding (none is a
// 绩效 report), and the peak memory of the whole run stays bounded.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/utf.h"
#include "ingest/read.h"
#include "pipeline/pipeline.h"
#include "sink/json.h"

namespace jixiao {
namespace {

const std::string kWild = JIXIAO_SOURCE_DIR "/../shared/docx-wild";

bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

// A line of /proc/self/status ("VmHWM") in KiB, or -1.
long status_kib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  return -1;
}

// What is wrong with a document that read, or "" when nothing is.
std::string inconsistency(const Document& doc) {
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    if (!valid_utf8(block.text) || !valid_utf8(block.list_label))
      return "block " + std::to_string(b) + ": bad UTF-8";
    if (block.type != BlockType::table) continue;
    const Table& table = block.table;
    for (const auto& row : table.rows) {
      if (static_cast<int>(row.size()) != table.col_count())
        return "block " + std::to_string(b) + ": ragged table";
      for (const auto& cell : row)
        if (!valid_utf8(cell)) return "block " + std::to_string(b) + ": bad UTF-8 in a cell";
    }
    for (const Merge& m : table.merged) {
      if (m.row < 0 || m.col < 0 || m.rows * m.cols < 2 || m.row + m.rows > table.row_count() ||
          m.col + m.cols > table.col_count())
        return "block " + std::to_string(b) + ": merge outside the grid";
      for (int r = m.row; r < m.row + m.rows; ++r)
        for (int c = m.col; c < m.col + m.cols; ++c)
          if (table.rows[r][c] != table.rows[m.row][m.col])
            return "block " + std::to_string(b) + ": merged text not repeated";
    }
  }
  return "";
}

TEST(WildCorpus, EveryFileReadsOrFailsWithANamedReason) {
  std::error_code ec;
  if (!std::filesystem::is_directory(kWild, ec)) GTEST_SKIP() << "../shared/docx-wild is absent";
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(kWild, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 1000u);

  PipelineOptions options;
  options.rules_dir = JIXIAO_SOURCE_DIR "/rules";
  auto pipeline = Pipeline::load(options, nullptr);
  ASSERT_TRUE(pipeline.ok()) << pipeline.error().describe();

  std::map<std::string, int> outcomes;
  int read = 0, docx_read = 0, extracted = 0;
  double slowest_seconds = 0;
  std::string slowest;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    auto start = std::chrono::steady_clock::now();
    Result<Document> result = read_document_bytes(bytes, path.string());
    if (result.ok()) {
      ++read;
      if (result.value().format == "docx") ++docx_read;
      ++outcomes["ok " + result.value().format];
      EXPECT_EQ(inconsistency(result.value()), "") << path;
    } else {
      const Error& error = result.error();
      ++outcomes[to_string(error.code)];
      EXPECT_NE(error.code, ErrorCode::internal) << path << ": " << error.message;
      EXPECT_FALSE(error.message.empty()) << path;
      EXPECT_FALSE(error.describe().empty()) << path;
    }
    // The whole job (extract and check, under the per-file watchdog) agrees with the reader and
    // prints one well-formed jixiao.document/1 line.
    const DocumentRecord record = pipeline.value().process_bytes(bytes, path.string());
    EXPECT_EQ(record.error.has_value(), !result.ok()) << path;
    const auto json = nlohmann::json::parse(document_record_json(record), nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << path;
    EXPECT_EQ(json["status"], result.ok() ? "ok" : "error") << path;
    if (result.ok()) extracted += record.reports.empty() ? 0 : 1;
    // None of these files is a 绩效 report: an error or a warning on one is a false alarm (the two
    // found so, value.conflict on "这里用了两个" and "这里用了三个", led to event_endings).
    for (const Finding& f : record.findings)
      EXPECT_EQ(f.severity, "info") << path << ": " << f.kind << " " << f.message;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > slowest_seconds) {
      slowest_seconds = seconds;
      slowest = path.string();
    }
  }
  // Bounded memory: the peak over ~1,400 files, many hostile, stays that of one bounded file.
  const long peak_kib = status_kib("VmHWM");
  if (peak_kib > 0) {
    EXPECT_LT(peak_kib, 1L << 20) << "peak RSS " << peak_kib << " KiB";
  }
  std::string summary;
  for (const auto& [outcome, count] : outcomes) summary += " " + outcome + "=" + std::to_string(count);
  std::printf("[ wild     ] %zu files:%s; %d with reports; slowest %.2f s (%s); peak RSS %ld KiB\n",
              files.size(), summary.c_str(), extracted, slowest_seconds, slowest.c_str(), peak_kib);
  // Most of the corpus is ordinary Word files: a reader that fails on many of them is broken.
  EXPECT_GT(docx_read, 1000) << summary;
  EXPECT_GT(read, 1000);
}

}  // namespace
}  // namespace jixiao
