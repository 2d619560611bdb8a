// Torture, issue 14 item 11: a figure rule that does not load (a pattern that does not compile)
// is an error, as rules/figures.toml's header says: every command that loads the rules stops with
// file:line and exit 2, unless --lenient, which skips the rule with a warning.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_jixiao.h"
#include "support/scratch.h"

namespace {

namespace fs = std::filesystem;
using jixiao::testing::run_jixiao;
using jixiao::testing::ScratchDir;

const std::string kReport = std::string(JIXIAO_SOURCE_DIR) + "/corpus/p01_roads_project_utf8.txt";

// A copy of the shipped rules with one more figure rule whose pattern does not compile; returns
// the rule directory and sets `line` to the rule's pattern line.
std::string rules_with_a_broken_pattern(const ScratchDir& scratch, int* line) {
  const std::string dir = scratch.rules();
  std::ifstream in(fs::path(dir) / "figures.toml");
  int lines = 0;
  for (std::string l; std::getline(in, l);) ++lines;
  std::ofstream(fs::path(dir) / "figures.toml", std::ios::app)
      << "\n[[figure]]\n"                                // lines + 2
         "id = \"budget.initial.broken\"\n"              // lines + 3
         "field = \"budget.initial\"\n"                  // lines + 4
         "kind = \"money\"\n"                            // lines + 5
         "pattern = '''年初预算(?<value>[0-9+万元'''\n"  // lines + 6: an unclosed bracket
         "[[figure.example]]\n"
         "text = \"年初预算12万元\"\nvalue = 12\nunit = \"万元\"\n";
  *line = lines + 6;
  return dir;
}

TEST(TortureRules, AFigureRuleThatDoesNotCompileIsAnError) {
  ScratchDir scratch;
  int line = 0;
  const std::string rules = rules_with_a_broken_pattern(scratch, &line);
  const std::string where = (fs::path(rules) / "figures.toml").string() + ":" + std::to_string(line) + ": ";
  const std::string db = scratch / "db.sqlite";
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"extract", "--rules", rules, kReport},
           {"check", "--rules", rules, kReport},
           {"ingest", "-q", "--rules", rules, kReport, "--db", db},
       }) {
    auto r = run_jixiao(args);
    EXPECT_EQ(r.status, 2) << args[0] << "\n" << r.err;
    EXPECT_NE(r.err.find("jixiao: error: " + where), std::string::npos) << args[0] << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << args[0] << " ran on broken rules:\n" << r.out.substr(0, 300);
  }
  EXPECT_FALSE(fs::exists(db));

  // --lenient: the rule is skipped with a warning naming it, the rest runs.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"extract", "--lenient", "--rules", rules, kReport},
           {"ingest", "-q", "--lenient", "--rules", rules, kReport, "--db", db},
       }) {
    auto r = run_jixiao(args);
    EXPECT_EQ(r.status, 0) << args[0] << "\n" << r.err;
    EXPECT_NE(r.err.find("jixiao: warning: " + where), std::string::npos) << args[0] << "\n" << r.err;
    EXPECT_NE(r.err.find("(rule skipped, --lenient)"), std::string::npos) << args[0] << "\n" << r.err;
    EXPECT_FALSE(r.out.empty()) << args[0];
  }
}

TEST(TortureRules, TheShippedRulesLoadWithoutLenient) {
  auto r = run_jixiao({"extract", kReport});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

}  // namespace
