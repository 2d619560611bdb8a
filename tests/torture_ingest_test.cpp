// Torture, issue 14 item 3: one huge file must not take the importing parent down, on this run or
// the next. The parent hashes files without holding them, takes a worker's record only up to a
// bound (max_memory_per_file / 64), commits a file that killed its worker before going on, and
// leaves the kernel's out-of-memory killer a worker to pick rather than itself.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "bulk/importer.h"
#include "bulk/worker.h"
#include "core/sanitizer.h"
#include "core/sha256.h"
#include "ingest/read.h"
#include "pipeline/pipeline.h"
#include "support/report_text.h"
#include "support/run_jixiao.h"
#include "support/scratch.h"
#include "support/sqlite_rows.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::rows;
using testing::run_jixiao;
using testing::ScratchDir;

constexpr bool kSanitized = jixiao::kAddressSanitizer;

const std::string kGood = std::string(JIXIAO_SOURCE_DIR) + "/corpus/p01_roads_project_utf8.txt";

using testing::figure_line;
using testing::kFigureSentence;
using testing::report_title;

// A report text of at least `bytes` on one line (the "20 MB one-line text", scaled down).
std::string one_line_report(size_t bytes) {
  return report_title(1) + figure_line(bytes / kFigureSentence.size() + 1);
}

// The case at a tenth of the size: under an address-space limit, a one-line file used to
// drive the parent to std::bad_alloc (exit 134) before the file was recorded, on every rerun.
TEST(TortureIngest, AHugeOneLineFileCannotKillTheParent) {
  if (kSanitized) GTEST_SKIP() << "AddressSanitizer cannot run under an address-space limit";
  ScratchDir scratch;
  scratch.write("in/huge.txt", one_line_report(2 << 20));
  fs::copy_file(kGood, scratch.path() / "in" / "good.txt");
  const std::string db = scratch / "db.sqlite";
  testing::RunOptions limited;
  limited.address_space_bytes = 400ll << 20;  // parent and workers alike (ulimit -v)
  for (int run = 1; run <= 2; ++run) {
    auto r = run_jixiao({"ingest", scratch / "in", "--db", db}, limited);
    EXPECT_EQ(r.signal, 0) << "run " << run << ": the parent died\n" << r.err;
    EXPECT_EQ(r.status, 2) << "run " << run << "\n" << r.err;
    EXPECT_NE(r.out.find("  " + (scratch / "in/huge.txt") + ": limit_exceeded: "), std::string::npos)
        << r.out;
  }
  EXPECT_EQ(rows(db, "SELECT status, error_code FROM documents ORDER BY path"),
            (std::vector<std::string>{"ok|NULL", "error|limit_exceeded"}));
}

// A record longer than max_memory_per_file / 64 is refused by the parent as it arrives: three
// reports under max_figures_per_report each, but 2.7 MB of JSON against a 2 MiB bound.
TEST(TortureIngest, AWorkersRecordIsBoundedForTheParent) {
  ScratchDir scratch;
  const std::string rules = scratch.rules("max_memory_per_file = 134217728\n");  // 128 MiB: 2 MiB records
  std::string text;
  for (int n = 1; n <= 3; ++n) {
    text += report_title(n);
    for (int i = 0; i < 1500; ++i) text += kFigureSentence + "\n";
  }
  const std::string big = scratch.write("in/big.txt", text);
  fs::copy_file(kGood, scratch.path() / "in" / "good.txt");
  const std::string db = scratch / "db.sqlite";
  auto r = run_jixiao({"ingest", "-q", "--rules", rules, scratch / "in", "--db", db});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(
      r.out.find("big.txt: limit_exceeded: memory per file exceeded: the worker's record of this file is "
                 "longer than 2097152 bytes, the most the importer takes (max_memory_per_file / 64)"),
      std::string::npos)
      << r.out;
  EXPECT_EQ(rows(db, "SELECT status FROM documents ORDER BY path"),
            (std::vector<std::string>{"error", "ok"}));
  // The same file, extracted on its own, is a sound record: the bound is the parent's, not a bug.
  auto alone = run_jixiao({"extract", "--rules", rules, big});
  EXPECT_EQ(alone.status, 0) << alone.err;
  EXPECT_GT(alone.out.size(), size_t{2} << 20);
}

// A file that kills its worker is on disk before the next file is done, even with a batch that
// would otherwise stay open: a parent killed then (or a rerun) cannot meet it again unrecorded.
TEST(TortureIngest, AFileThatKillsItsWorkerIsCommittedAtOnce) {
  ScratchDir scratch;
  const std::string crash = scratch.write("a_crash_me.txt", report_title(1) + kFigureSentence + "\n");
  const std::string slow = scratch.write("b_slow.txt", one_line_report(3 << 20));  // a second or two
  PipelineOptions pipeline_options;
  pipeline_options.rules_dir = scratch.rules();
  auto pipeline = Pipeline::load(pipeline_options, nullptr);
  ASSERT_TRUE(pipeline.ok()) << pipeline.error().describe();
  IngestOptions options;
  options.db_path = scratch / "db.sqlite";
  options.jobs = 1;
  options.batch_seconds = 3600;  // only the end of the run would commit
  options.worker_executable = JIXIAO_BINARY;
  ::setenv("JIXIAO_WORKER_FAULT", "crash:crash_me", 1);  // read by the workers
  std::atomic<bool> done{false};
  std::thread run([&] {
    auto result = run_ingest(pipeline.value(), {crash, slow}, options);
    EXPECT_TRUE(result.ok()) << result.error().describe();
    done = true;
  });
  std::vector<std::string> seen;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       !done && std::chrono::steady_clock::now() < until && seen.empty();) {
    // Once the schema is there (before, the query would fail rather than find nothing).
    if (fs::exists(options.db_path) &&
        rows(options.db_path, "SELECT 1 FROM sqlite_master WHERE name = 'documents'").size() == 1)
      seen = rows(options.db_path,
                  "SELECT count(*), group_concat(error_code) FROM documents HAVING count(*) > 0");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  run.join();
  ::unsetenv("JIXIAO_WORKER_FAULT");
  // The first rows anyone could read: the crashed file alone, the slow one still being read.
  EXPECT_EQ(seen, (std::vector<std::string>{"1|crashed"}));
  EXPECT_EQ(rows(options.db_path, "SELECT count(*) FROM documents"), (std::vector<std::string>{"2"}));
}

TEST(TortureIngest, WorkersAreTheOutOfMemoryKillersFirstChoice) {
  PipelineOptions pipeline_options;
  pipeline_options.rules_dir = std::string(JIXIAO_SOURCE_DIR) + "/rules";
  auto pipeline = Pipeline::load(pipeline_options, nullptr);
  ASSERT_TRUE(pipeline.ok());
  WorkerCommand command;
  command.executable = JIXIAO_BINARY;
  command.rules_dir = pipeline.value().rules_dir();
  command.rules_version = pipeline.value().rules_version();
  auto worker = WorkerProcess::start(command);
  ASSERT_TRUE(worker.ok()) << worker.error().describe();
  std::ifstream adj("/proc/" + std::to_string(worker.value()->pid()) + "/oom_score_adj");
  int score = 0;
  adj >> score;
  EXPECT_EQ(score, 1000);
  std::ifstream own("/proc/self/oom_score_adj");
  int parent = 0;
  own >> parent;
  EXPECT_LT(parent, 1000);
}

TEST(TortureIngest, TheParentHashesAFileWithoutHoldingIt) {
  ScratchDir scratch;
  for (size_t size :
       {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{1023}, size_t{200000}}) {
    std::string bytes;
    for (size_t i = 0; i < size; ++i) bytes += static_cast<char>('a' + i * 7 % 26);
    const std::string path = scratch.write("f" + std::to_string(size), bytes);
    auto digest = digest_file(path, ReadLimits{});
    ASSERT_TRUE(digest.ok()) << digest.error().describe();
    EXPECT_EQ(digest.value().sha256, sha256_hex(bytes)) << size;
    EXPECT_EQ(digest.value().bytes, static_cast<int64_t>(size));
    EXPECT_EQ(digest.value().head, bytes.substr(0, kSniffBytes));
    Sha256 pieces;  // in uneven pieces
    for (size_t at = 0; at < size; at += 37) pieces.update(std::string_view(bytes).substr(at, 37));
    EXPECT_EQ(pieces.hex_digest(), sha256_hex(bytes)) << size;
  }
  ReadLimits small;
  small.max_file_bytes = 100;
  auto refused = digest_file(scratch / "f200000", small);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("max_file_bytes"), std::string::npos);
}

}  // namespace
}  // namespace jixiao
