// Resource bounds as a user sets them: rules/limits.toml (validated with file and line), the
// per-file time budget (a cooperative watchdog), and each bound reached through the pipeline
// with an error that names it, the next file of the batch unaffected.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/deadline.h"
#include "ingest/read.h"
#include "pipeline/pipeline.h"
#include "support/docx_builder.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
const fs::path kRules = fs::path(JIXIAO_SOURCE_DIR) / "rules";

// A copy of the shipped rule directory whose limits.toml is `limits` (one per test).
class LimitsDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jixiao_limits_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& entry : fs::directory_iterator(kRules))
      fs::copy(entry.path(), dir_ / entry.path().filename());
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_limits(const std::string& text) {
    fs::remove(dir_ / "limits.toml");
    std::ofstream(dir_ / "limits.toml", std::ios::binary) << text;
  }
  Pipeline pipeline() {
    PipelineOptions options;
    options.rules_dir = dir_.string();
    std::vector<Error> soft;
    auto loaded = Pipeline::load(options, &soft);
    if (!loaded) ADD_FAILURE() << loaded.error().describe();
    return std::move(loaded).value();
  }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

// A narrative of `paragraphs` budget sentences, as a county office writes it.
std::string long_report(int paragraphs) {
  std::string text = "2024年度道路养护项目支出绩效自评报告\n\n";
  for (int i = 0; i < paragraphs; ++i)
    text += "第" + std::to_string(i + 1) +
            "段：项目年初预算数为165.69万元，全年预算数为165.69万元，全年执行数为160.20万元，预算执行率为96."
            "69%。\n\n";
  return text;
}

TEST(LimitsFile, ShippedFileStatesTheBuiltInDefaults) {
  auto loaded = load_read_limits(kRules.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  const ReadLimits& file = loaded.value();
  const ReadLimits defaults;
  EXPECT_EQ(file.max_file_bytes, defaults.max_file_bytes);
  EXPECT_EQ(file.max_text_bytes, defaults.max_text_bytes);
  EXPECT_EQ(file.max_inflated_total, defaults.max_inflated_total);
  EXPECT_EQ(file.max_part_bytes, defaults.max_part_bytes);
  EXPECT_EQ(file.max_ratio, defaults.max_ratio);
  EXPECT_EQ(file.max_entries, defaults.max_entries);
  EXPECT_EQ(file.max_xml_depth, defaults.max_xml_depth);
  EXPECT_EQ(file.max_table_cells, defaults.max_table_cells);
  EXPECT_EQ(file.max_render_pixels, defaults.max_render_pixels);
  EXPECT_EQ(file.max_seconds_per_file, defaults.max_seconds_per_file);
  EXPECT_EQ(file.max_figures_per_report, defaults.max_figures_per_report);
  EXPECT_EQ(file.max_memory_per_file, defaults.max_memory_per_file);
}

TEST_F(LimitsDir, MissingFileKeepsDefaultsAndKeysOverrideOneByOne) {
  fs::remove(dir_ / "limits.toml");
  auto defaults = load_read_limits(dir_.string());
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults.value().max_entries, ReadLimits{}.max_entries);

  write_limits("max_entries = 7\nmax_ratio = 50\nmax_seconds_per_file = 0\n");
  auto some = load_read_limits(dir_.string());
  ASSERT_TRUE(some.ok()) << some.error().describe();
  EXPECT_EQ(some.value().max_entries, 7);
  EXPECT_EQ(some.value().max_ratio, 50.0);  // an integer is accepted where a number is expected
  EXPECT_EQ(some.value().max_seconds_per_file, 0.0);
  EXPECT_EQ(some.value().max_part_bytes, ReadLimits{}.max_part_bytes);
}

TEST_F(LimitsDir, MistakesNameTheFileAndTheLine) {
  struct Case {
    const char* text;
    int line;
    const char* says;
  };
  const Case cases[] = {
      {"max_entries = 10\nmax_entrys = 5\n", 2, "unknown key \"max_entrys\""},
      {"\n\nmax_part_bytes = \"64 MiB\"\n", 3, "max_part_bytes must be an integer"},
      {"max_table_cells = 0\n", 1, "max_table_cells must be at least 1"},
      {"max_ratio = 0.5\n", 1, "max_ratio must be at least 1"},
      {"max_seconds_per_file = -1\n", 1, "max_seconds_per_file must be at least 0"},
      {"max_seconds_per_file = nan\n", 1, "max_seconds_per_file must be at least 0"},
      {"max_xml_depth = 1000000\n", 1, "max_xml_depth must be at most 100000"},
      {"\nmax_render_pixels = 9999\n", 2, "max_render_pixels must be at least 10000"},
      {"max_entries = [1\n", 1, ""},  // a TOML syntax error: toml++'s own description
  };
  for (const Case& c : cases) {
    write_limits(c.text);
    auto loaded = load_read_limits(dir_.string());
    ASSERT_FALSE(loaded.ok()) << c.text;
    const Error& e = loaded.error();
    EXPECT_EQ(e.code, ErrorCode::rules) << c.text;
    EXPECT_EQ(e.path, path("limits.toml")) << c.text;
    EXPECT_EQ(e.line, c.line) << c.text << e.describe();
    EXPECT_NE(e.message.find(c.says), std::string::npos) << e.message;
  }
  // The pipeline refuses to start on such a file rather than run with a half-read one.
  write_limits("max_entrys = 5\n");
  PipelineOptions options;
  options.rules_dir = dir_.string();
  auto loaded = Pipeline::load(options, nullptr);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().describe().find("limits.toml:1: unknown key \"max_entrys\""), std::string::npos)
      << loaded.error().describe();
}

TEST(Deadline, ThrowsOnceSpentNamesTheStageAndScopesRestore) {
  EXPECT_NO_THROW(check_deadline("outside any scope"));
  {
    DeadlineScope none(0);  // 0: no limit
    EXPECT_NO_THROW(check_deadline("unlimited"));
  }
  {
    DeadlineScope generous(3600);
    {
      DeadlineScope spent(1e-9);
      try {
        check_deadline("extraction");
        FAIL() << "a spent budget must throw";
      } catch (const DeadlineExceeded& e) {
        EXPECT_EQ(e.stage(), "extraction");
        EXPECT_NE(std::string(e.what()).find("max_seconds_per_file"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("during extraction"), std::string::npos) << e.what();
      }
      // An inner scope cannot lengthen the budget of the outer one.
      DeadlineScope longer(3600);
      EXPECT_THROW(check_deadline("still spent"), DeadlineExceeded);
    }
    EXPECT_NO_THROW(check_deadline("the outer budget is back"));
  }
  EXPECT_NO_THROW(check_deadline("no scope again"));
}

TEST_F(LimitsDir, SlowFileIsAbandonedAndTheNextFileOfTheBatchIsRead) {
  const std::string big = long_report(1500);
  write_limits("max_seconds_per_file = 0.000001\n");
  Pipeline strict = pipeline();
  DocumentRecord slow = strict.process_bytes(big, "slow.txt");
  ASSERT_TRUE(slow.error.has_value());
  EXPECT_EQ(slow.error->code, ErrorCode::limit_exceeded);
  EXPECT_NE(slow.error->message.find("time per file exceeded"), std::string::npos) << slow.error->message;
  EXPECT_NE(slow.error->message.find("(max_seconds_per_file)"), std::string::npos) << slow.error->message;
  EXPECT_EQ(slow.source.path, "slow.txt");
  EXPECT_EQ(slow.source.sha256.size(), 64u);  // the record still says which bytes were abandoned
  EXPECT_TRUE(slow.reports.empty());

  // The budget is per file: with a normal budget the same pipeline settings read both files.
  write_limits("max_seconds_per_file = 600\n");
  Pipeline normal = pipeline();
  DocumentRecord whole = normal.process_bytes(big, "slow.txt");
  ASSERT_FALSE(whole.error.has_value()) << whole.error->describe();
  ASSERT_FALSE(whole.reports.empty());
  EXPECT_GE(whole.reports[0].figures.size(), 1500u);
}

TEST_F(LimitsDir, EachBoundFromTheFileReachesThePipelineAndIsNamed) {
  // A DOCX with one 3x3 table, a few entries, and some nesting.
  std::string table = "<w:tbl>";
  for (int r = 0; r < 3; ++r) {
    table += "<w:tr>";
    for (int c = 0; c < 3; ++c) table += "<w:tc>" + testing::para("单元格") + "</w:tc>";
    table += "</w:tr>";
  }
  table += "</w:tbl>";
  const std::string docx = testing::DocxBuilder().body(testing::para("预算执行率为96.69%。") + table).build();
  const std::string text = long_report(3);

  struct Case {
    const char* limits;
    const std::string* bytes;
    const char* names;
  };
  const Case cases[] = {
      {"max_file_bytes = 100\n", &text, "max_file_bytes"},
      {"max_text_bytes = 100\n", &text, "max_text_bytes"},
      {"max_entries = 2\n", &docx, "max_entries"},
      {"max_part_bytes = 200\n", &docx, "max_part_bytes"},
      {"max_inflated_total = 600\n", &docx, "max_inflated_total"},
      {"max_xml_depth = 4\n", &docx, "max_xml_depth"},
      {"max_table_cells = 8\n", &docx, "max_table_cells"},
  };
  for (const Case& c : cases) {
    write_limits(c.limits);
    Pipeline p = pipeline();
    std::ofstream(path("input"), std::ios::binary) << *c.bytes;
    DocumentRecord record = p.process_file(path("input"));
    ASSERT_TRUE(record.error.has_value()) << c.limits;
    EXPECT_EQ(record.error->code, ErrorCode::limit_exceeded) << c.limits << record.error->describe();
    EXPECT_NE(record.error->message.find(c.names), std::string::npos) << c.limits << record.error->message;
  }
  // And with the shipped limits both files read.
  write_limits("");
  Pipeline p = pipeline();
  EXPECT_FALSE(p.process_bytes(docx, "ok.docx").error.has_value());
  EXPECT_FALSE(p.process_bytes(text, "ok.txt").error.has_value());
}

}  // namespace
}  // namespace jixiao
