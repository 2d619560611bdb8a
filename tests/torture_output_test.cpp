// Torture, issue 14 item 2: when standard output cannot be written (/dev/full, a full disk) every
// command says so and exits 2, instead of a cut-off JSON line and status 0.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/run_jixiao.h"
#include "support/scratch.h"

namespace {

namespace fs = std::filesystem;
using jixiao::testing::run_jixiao;
using jixiao::testing::RunOptions;

const std::string kCorpus = std::string(JIXIAO_SOURCE_DIR) + "/corpus/";

RunOptions to_dev_full(const std::string& stdin_text = "") {
  RunOptions options;
  options.stdout_path = "/dev/full";
  options.stdin_text = stdin_text;
  return options;
}

void expect_write_error(const std::vector<std::string>& args, const RunOptions& options,
                        const std::string& says = "jixiao: error: cannot write to standard output: ") {
  std::string command;
  for (const std::string& a : args) command += a + " ";
  auto r = run_jixiao(args, options);
  EXPECT_EQ(r.status, 2) << command << "\n" << r.err;
  EXPECT_NE(r.err.find(says + "No space left on device"), std::string::npos) << command << "\n" << r.err;
}

TEST(TortureOutput, EveryCommandFailsOnAFullStdout) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  const std::string docx = kCorpus + "p01_roads_project.docx", text = kCorpus + "p01_roads_project_utf8.txt";
  // Small outputs (one buffered block, lost at exit) and large ones (lost mid-stream).
  expect_write_error({"extract", docx}, to_dev_full());
  expect_write_error({"extract", docx, text, kCorpus + "m01_culture_projects.docx"}, to_dev_full());
  expect_write_error({"dump", text}, to_dev_full());
  expect_write_error({"dump", "--raw", docx}, to_dev_full());
  // The corpus is clean: a report with a wrong execution rate gives check something to print.
  jixiao::testing::ScratchDir scratch;
  const std::string wrong_rate = scratch.write("rate.txt",
                                               "2024年度道路养护项目支出绩效自评报告\n\n项目年初预算数为100万"
                                               "元，全年执行数为90万元，预算执行率为50%。\n");
  expect_write_error({"check", "--json", wrong_rate}, to_dev_full());
  expect_write_error({"check", text}, to_dev_full());  // readable output: at least the summary line
  expect_write_error({"numbers"}, to_dev_full("年初预算165.69万元\n"));
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "年初预算" + std::to_string(i) + "万元，执行率95%\n";
  expect_write_error({"numbers"}, to_dev_full(many));
}

TEST(TortureOutput, IngestSummaryAndJsonlExportToAFullStdoutFail) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  jixiao::testing::ScratchDir scratch;
  const std::string db = scratch / "db.sqlite";
  expect_write_error({"ingest", "-q", kCorpus + "p01_roads_project_utf8.txt", "--db", db}, to_dev_full());
  expect_write_error({"export", "--db", db, "--jsonl", "-"}, to_dev_full(),
                     "jixiao: error: standard output: write error: ");
}

TEST(TortureOutput, AWritableStdoutStillExitsZero) {
  auto r = run_jixiao({"extract", kCorpus + "p01_roads_project_utf8.txt"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.back(), '\n');
  EXPECT_TRUE(r.err.empty()) << r.err;
}

}  // namespace
