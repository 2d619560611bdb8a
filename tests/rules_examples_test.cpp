// Every rule in rules/figures*.toml carries its examples; this sweep runs all of them (and the
// counters) through RuleSet::find_figures and reports every failure with rule id, file:line
// and text, like libphonenumber's ExampleNumbersTest.
#include <gtest/gtest.h>

#include <set>

#include "numbers/numbers.h"
#include "rules/ruleset.h"
#include "rules/vocabulary.h"

namespace jixiao {
namespace {

const std::string kRules = JIXIAO_SOURCE_DIR "/rules";

NumberParser shipped_numbers() {
  auto loaded = NumberParser::load(kRules);
  return loaded.ok() ? loaded.value() : NumberParser();
}

TEST(RuleExamples, ShippedRulesLoadWithoutErrors) {
  std::vector<Error> soft;
  auto rules = RuleSet::load(kRules, &soft);
  ASSERT_TRUE(rules.ok()) << rules.error().describe();
  for (const auto& e : soft) ADD_FAILURE() << e.describe();
  EXPECT_FALSE(rules.value().version().empty());
}

TEST(RuleExamples, EveryExampleAndCounterHolds) {
  auto rules = RuleSet::load(kRules, nullptr);
  ASSERT_TRUE(rules.ok()) << rules.error().describe();
  size_t examples = 0;
  for (const auto& r : rules.value().rules()) examples += r.examples.size();
  auto failures = rules.value().check_examples(shipped_numbers());
  for (const auto& f : failures) ADD_FAILURE() << f.describe();
  EXPECT_GE(examples, 2 * rules.value().rules().size()) << "rules should carry examples and counters";
}

TEST(RuleExamples, EveryProseFieldHasARule) {
  auto rules = RuleSet::load(kRules, nullptr);
  ASSERT_TRUE(rules.ok()) << rules.error().describe();
  std::set<std::string> covered;
  for (const auto& r : rules.value().rules()) covered.insert(r.field);
  auto vocabulary = Vocabulary::load(kRules);
  ASSERT_TRUE(vocabulary.ok()) << vocabulary.error().describe();
  for (const FieldInfo& field : vocabulary.value().fields())
    if (!field.tables_only) {
      EXPECT_TRUE(covered.count(field.name)) << "no rule for " << field.name;
    }
}

TEST(RuleExamples, EveryRuleHasACounter) {
  auto rules = RuleSet::load(kRules, nullptr);
  ASSERT_TRUE(rules.ok()) << rules.error().describe();
  for (const auto& r : rules.value().rules()) {
    bool has_counter = false;
    for (const auto& e : r.examples) has_counter = has_counter || e.counter;
    EXPECT_TRUE(has_counter) << r.file << ":" << r.line << ": " << r.id << " has no [[figure.counter]]";
  }
}

}  // namespace
}  // namespace jixiao
