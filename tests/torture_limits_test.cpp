// Torture: extreme values in rules/limits.toml, and the bounds on one long paragraph (time,
// figures, memory). The slow sizes of the same inputs are in tools/torture.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "core/deadline.h"
#include "ingest/read.h"
#include "pipeline/pipeline.h"
#include "support/scratch.h"

namespace jixiao {
namespace {

using testing::ScratchDir;

Pipeline load(const std::string& rules_dir) {
  PipelineOptions options;
  options.rules_dir = rules_dir;
  auto loaded = Pipeline::load(options, nullptr);
  if (!loaded) throw std::runtime_error(loaded.error().describe());
  return std::move(loaded).value();
}

const std::string kSmallReport =
    "2024年度道路养护项目支出绩效自评报告\n\n项目年初预算数为165.69万元，全年执行数为160.20万元。\n";

// Issue 14, item 5: a budget past the clock's range used to overflow the deadline into the
// past, so every file failed "more than inf s".
TEST(TortureLimits, TimeBudgetsPastTheClocksRangeMeanNoLimit) {
  for (double seconds : {std::numeric_limits<double>::infinity(), 1e10, 1e300, 9.3e18}) {
    DeadlineScope scope(seconds);
    EXPECT_NO_THROW(check_deadline("extraction")) << seconds;
  }
  ScratchDir scratch;
  for (const char* value : {"inf", "+inf", "1e10", "1e300", "9223372036.0"}) {
    const std::string rules = scratch.rules(std::string("max_seconds_per_file = ") + value + "\n");
    auto limits = load_read_limits(rules);
    ASSERT_TRUE(limits.ok()) << value << ": " << limits.error().describe();
    DocumentRecord record = load(rules).process_bytes(kSmallReport, "small.txt");
    EXPECT_FALSE(record.error.has_value()) << value << ": " << record.error->describe();
    ASSERT_EQ(record.reports.size(), 1u) << value;
    EXPECT_FALSE(record.reports[0].figures.empty()) << value;
  }
}

}  // namespace
}  // namespace jixiao
