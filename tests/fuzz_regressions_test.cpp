// What the fuzzers (fuzz/, run by tools/fuzz) found. Every file under tests/data/fuzz/<target>/ is
// an input that once failed fuzz_<target>; each is replayed through that target's entry point
// with the target's checks, and each has a test of its own saying what it broke and what it
// must give now.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/records.h"
#include "ingest/text.h"
#include "pipeline/pipeline.h"
#include "sink/json.h"
#include "support/record_spans.h"
#include "support/shipped_pipeline.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = JIXIAO_SOURCE_DIR;
const fs::path kFound = kSource / "tests" / "data" / "fuzz";

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

using jixiao::testing::shipped_pipeline;

// fuzz_extract's entry point and checks: the text reader, process_document, then every figure,
// indicator and evidence span names a block of the document, and the record prints as JSON.
// Returns what is wrong ("" when nothing is); `record` receives the result.
std::string extract_problem(const std::string& bytes, DocumentRecord& record) {
  auto doc = read_text(bytes, "fuzz.txt", ReadOptions{});
  if (!doc.ok()) return "";  // fuzz_extract stops at a read error too
  record = shipped_pipeline().process_document(doc.value());
  if (std::string misplaced = jixiao::testing::misplaced_span(record, doc.value().blocks.size());
      !misplaced.empty())
    return misplaced;
  if (document_record_json(record).empty()) return "empty JSON line";
  return "";
}

TEST(FuzzRegressions, EveryFoundInputReplaysThroughItsTarget) {
  ASSERT_TRUE(fs::is_directory(kFound)) << kFound;
  int replayed = 0;
  for (const auto& target : fs::directory_iterator(kFound)) {
    const std::string name = target.path().filename().string();
    for (const auto& input : fs::directory_iterator(target.path())) {
      SCOPED_TRACE(input.path().string());
      if (name == "extract") {
        DocumentRecord record;
        EXPECT_EQ(extract_problem(file_bytes(input.path()), record), "");
      } else {
        ADD_FAILURE() << "no replay for fuzz_" << name << ": add its entry point here";
      }
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0);
}

// fuzz_extract at bc16a5f (crash-742e33b3..., minimized to 176 bytes): a 自评表 exported as
// GB18030 text with tabs, mutated so that the indicator row under the header holds only a level-1
// name and a 实际完成值 of 100. The indicator's span came from its name, target or weight cell only,
// so this one got Span{} (block -1): a record that points nowhere. Fixed by 5156123 (the span is
// the first cell the row was read from). Since the tables-2 reader, a row with no 三级指标 name and
// no 分值 / 得分 is an open slot of the form, not an indicator: nothing is read from it, and every
// record that is read still points into the document.
TEST(FuzzRegressions, ExtractIndicatorRowWithOnlyAnActualValuePointsAtThatCell) {
  const std::string bytes = file_bytes(kFound / "extract" / "indicator-actual-only-gb18030.txt");
  ASSERT_EQ(bytes.size(), 176u);
  DocumentRecord record;
  EXPECT_EQ(extract_problem(bytes, record), "");
  ASSERT_EQ(record.reports.size(), 1u);
  EXPECT_TRUE(record.reports[0].indicators.empty());
  for (const Figure& figure : record.reports[0].figures) EXPECT_GE(figure.span.block, 0) << figure.field;
}

}  // namespace
}  // namespace jixiao
