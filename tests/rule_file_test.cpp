// The one rule-file reader (rules/rule_file.h) and every rule file read through it: a misspelt
// key or a field name missing from fields.toml is refused with file:line in each of the seven
// files of rules/, never silently ignored.
#include "rules/rule_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pipeline/pipeline.h"
#include "rules/vocabulary.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
const fs::path kRules = fs::path(JIXIAO_SOURCE_DIR) / "rules";

TEST(RuleFile, GettersCheckTypesRangesAndUnknownKeysWithTheirLines) {
  auto file = RuleFile::parse(
      "name = \"x\"\ncount = \"three\"\nratio = 0.5\nflag = 1\n[sub]\nkeep = [\"a\", \"\"]\ntypo = 2\n",
      "t.toml");
  ASSERT_TRUE(file.ok()) << file.error().describe();
  RuleTable top = file->top();
  std::string name;
  int count = 7;
  double ratio = 0;
  bool flag = false;
  EXPECT_TRUE(top.string("name", name, Need::required));
  EXPECT_EQ(name, "x");
  EXPECT_FALSE(top.integer("count", count));
  EXPECT_EQ(count, 7);  // the default stays when the value is wrong
  EXPECT_FALSE(top.number("ratio", ratio, 1.0));
  EXPECT_FALSE(top.boolean("flag", flag));
  std::string missing;
  EXPECT_FALSE(top.string("missing", missing, Need::required));
  std::vector<std::string> keep;
  if (auto sub = top.table("sub")) {
    EXPECT_FALSE(sub->strings("keep", keep));
    sub->finish();
  }
  top.finish();
  ASSERT_EQ(file->errors().size(), 6u);
  const std::vector<std::pair<int, std::string>> want = {
      {2, "count must be an integer"},     {3, "ratio must be at least 1"},
      {4, "flag must be true or false"},   {1, "missing missing"},
      {6, "sub.keep must hold non-empty"}, {7, "unknown key \"typo\" in [sub]"},
  };
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(file->errors()[i].line, want[i].first) << file->errors()[i].describe();
    EXPECT_NE(file->errors()[i].message.find(want[i].second), std::string::npos)
        << file->errors()[i].describe();
    EXPECT_EQ(file->errors()[i].path, "t.toml");
  }
}

TEST(RuleFile, FieldNamesAreCheckedAgainstTheVocabulary) {
  auto file = RuleFile::parse("[[row]]\nfield = \"budget.initial\"\n[[row]]\nfield = \"budget.initials\"\n",
                              "r.toml");
  ASSERT_TRUE(file.ok());
  RuleTable top = file->top();
  std::vector<std::string> fields;
  for (RuleTable row : top.tables("row")) {
    std::string field;
    if (row.field("field", field, Vocabulary::builtin())) fields.push_back(field);
    row.finish();
  }
  EXPECT_EQ(fields, std::vector<std::string>{"budget.initial"});
  ASSERT_EQ(file->errors().size(), 1u);
  EXPECT_EQ(file->errors()[0].line, 4);
  EXPECT_NE(file->errors()[0].message.find("unknown field \"budget.initials\""), std::string::npos);
}

TEST(RuleFile, BadTomlAndUnreadableFilesAreErrorsNamingThem) {
  auto bad = RuleFile::parse("a = 1\nb = [\n", "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::rules);
  EXPECT_EQ(bad.error().path, "bad.toml");
  EXPECT_GT(bad.error().line, 0);
  auto missing = RuleFile::read("/nonexistent/jixiao/limits.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

// A copy of the shipped rules with one file edited: `after` is replaced by `after` + `insert`
// (or `after` by `insert` when `replace`).
struct Edit {
  std::string file, after, insert;
  bool replace;
  std::string words;  // in the error
};

class EveryRuleFile : public ::testing::TestWithParam<Edit> {};

TEST_P(EveryRuleFile, AMistakeIsRefusedWithItsFileAndLine) {
  const Edit& edit = GetParam();
  const fs::path dir =
      fs::temp_directory_path() / ("jixiao_rule_file_" + std::to_string(::getpid()) + "_" +
                                   std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                                   std::to_string(std::hash<std::string>{}(edit.file + edit.insert)));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(kRules))
    fs::copy(entry.path(), dir / entry.path().filename());
  std::ifstream in(dir / edit.file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  const size_t at = text.find(edit.after);
  ASSERT_NE(at, std::string::npos) << edit.after;
  text.replace(at, edit.after.size(), edit.replace ? edit.insert : edit.after + edit.insert);
  // The line the mistake is on: the line of the inserted text's first non-newline character.
  size_t mark = at + (edit.replace ? 0 : edit.after.size());
  while (mark < text.size() && text[mark] == '\n') ++mark;
  const int line =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(mark), '\n'));
  std::ofstream(dir / edit.file, std::ios::binary | std::ios::trunc) << text;

  PipelineOptions options;
  options.rules_dir = dir.string();
  std::vector<Error> soft;
  auto pipeline = Pipeline::load(options, &soft);
  // Figure rules are skipped one by one (soft); every other file stops the load.
  const Error* error = nullptr;
  if (!pipeline.ok()) error = &pipeline.error();
  for (const Error& e : soft)
    if (!error) error = &e;
  fs::remove_all(dir);
  ASSERT_NE(error, nullptr) << edit.file << " accepted " << edit.insert;
  EXPECT_EQ(fs::path(error->path).filename(), edit.file) << error->describe();
  EXPECT_EQ(error->line, line) << error->describe();
  EXPECT_NE(error->message.find(edit.words), std::string::npos) << error->describe();
}

INSTANTIATE_TEST_SUITE_P(
    Rules, EveryRuleFile,
    ::testing::Values(Edit{"fields.toml", "[meta]\n", "colour = \"red\"\n", false, "unknown key \"colour\""},
                      Edit{"fields.toml", "numerator = \"funds.executed\"", "numerator = \"funds.execute\"",
                           true, "unknown field \"funds.execute\""},
                      Edit{"fields.toml", "indicator_points = 80\n", "indicator_points = 70\n", true,
                           "execution_points + indicator_points must be its total"},
                      Edit{"fields.toml", "scope = \"row\"", "scope = \"rows\"", true, "scope"},
                      Edit{"figures.toml", "[meta]\n", "colour = \"red\"\n", false, "unknown key \"colour\""},
                      Edit{"tables.toml", "[cells]\n", "max_prefx = 3\n", false, "unknown key \"max_prefx\""},
                      Edit{"tables.toml", "initial = \"budget.initial\"", "initial = \"budget.initials\"",
                           true, "unknown field \"budget.initials\""},
                      Edit{"segment.toml", "[titles]\n", "max_title_char = 60\n", false,
                           "unknown key \"max_title_char\""},
                      Edit{"segment.toml", "pattern = '由(?<value>", "pattern = '由(?<name>", true,
                           "the pattern needs a (?<value>...) group"},
                      Edit{"tables.toml", "with = [\"rate.execution\"]", "with = [\"rate.executed\"]", true,
                           "unknown field \"rate.executed\""},
                      Edit{"checks.toml", "[score]\n", "tolerence = 1\n", false, "unknown key \"tolerence\""},
                      Edit{"checks.toml", "total = \"expenditure.total\"", "total = \"expenditure.totl\"",
                           true, "unknown field \"expenditure.totl\""},
                      Edit{"units.toml", "[money]\n", "prefix = []\n", false, "unknown key \"prefix\""},
                      Edit{"limits.toml", "max_entries", "max_entrys = 5\nmax_entries", true,
                           "unknown key \"max_entrys\""}),
    [](const ::testing::TestParamInfo<Edit>& info) {
      return info.param.file.substr(0, info.param.file.find('.')) + "_" + std::to_string(info.index);
    });

}  // namespace
}  // namespace jixiao
