// The checker: flags inconsistencies inside one extracted Report (figures, indicators, mentions).
//
// Each check is a small function over a Report's records; its tolerances, thresholds, word lists
// and severity are data in rules/checks.toml (every check can be disabled there). A Finding names
// its kind (DESIGN.md: unit.magnitude, sum.mismatch, rate.mismatch, score.sum, score.over,
// score.missing, value.conflict, year.mismatch), a severity, a Chinese message a reviewer can act
// on, the evidence (text + span of every figure / mention involved), the expected value where one
// can be computed, and `rule` = the check id ("unit.magnitude.sum", "sum.mismatch.list", ...).
//
//   auto config = load_check_config("rules");          // or default_check_config()
//   if (!config.ok()) { ... config.error().describe() ... }   // "rules/checks.toml:12: ..."
//   std::vector<Finding> findings = check_report(report, config.value());
//
// Figure fields read (DESIGN.md names): budget.*, funds.*, income.*, expenditure.*, procurement.*,
// rate.execution, rate.arrival, score.total, score.max, and two fund-row fields of the 自评表:
// "score.fund" (得分 of 年度资金总额) and, when present, "weight.fund" (its 分值).
// Findings come out in a stable order: by the position of their first evidence, then check order.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/records.h"
#include "numbers/money_units.h"
#include "rules/vocabulary.h"

namespace jixiao {

// What every check has: a switch and the severity of its findings (error | warning | info).
struct CheckSwitch {
  bool enabled = true;
  std::string severity;
  bool operator==(const CheckSwitch&) const = default;
};

// total = sum(parts), all figure fields; checked when the total and every part are present.
// A grade and the lowest total score it is given for (优 from 90).
struct GradeBand {
  std::vector<std::string> grades;
  double min = 0;
  bool operator==(const GradeBand&) const = default;
};

struct SumIdentity {
  std::string total;
  std::vector<std::string> parts;
  bool operator==(const SumIdentity&) const = default;
};

// The defaults below are those of rules/checks.toml (a test keeps the two equal); see that file
// for what each key means.
struct CheckConfig {
  struct UnitMagnitude {
    CheckSwitch check{true, "error"};
    std::string absurd_severity = "warning";
    double absurd_ratio = 1000;
    int min_peers = 2;
    int max_parts = 12;
    double tolerance_per_part = 0.01;  // in the total's unit
    std::vector<std::string> unit_price_words = {"均", "每", "单价", "标准"};
    bool operator==(const UnitMagnitude&) const = default;
  } unit_magnitude;

  struct SumMismatch {
    CheckSwitch check{true, "error"};
    std::string minor_severity = "warning";
    double minor_gap = 0.05;           // in the total's unit
    double tolerance_per_part = 0.01;  // in the total's unit
    double list_max_relative_gap = 0.1;
    double cost_max_relative_gap = 0.2;
    std::vector<std::string> total_words, list_markers, complete_list_markers, cost_level2_words;
    // A list that says it names only some parts: a word opening it ("主要") or ending it ("等").
    std::vector<std::string> partial_list_openers, partial_list_endings;
    // An amount stated as a change against another (较上年减少140万元): an opener, then a verb.
    std::vector<std::string> change_openers, change_verbs;
    // Words a total that closes the list before it opens with ("…，合计114万元").
    std::vector<std::string> closing_total_words;
    // Fields another kind of amount is read as (全年支出 after a budget): they end a list of parts.
    std::vector<std::string> list_ending_fields;
    std::vector<SumIdentity> identities;
    bool operator==(const SumMismatch&) const = default;
  } sum_mismatch;

  struct RateMismatch {
    CheckSwitch check{true, "error"};
    double tolerance_points = 0.1;
    std::vector<std::string> share_words, total_words;
    bool operator==(const RateMismatch&) const = default;
  } rate_mismatch;

  struct Scores {
    double tolerance = 0.01;
    double rounded_tolerance = 0.05;  // a total printed with at most one decimal against its parts
    CheckSwitch sum{true, "error"};
    std::string sum_explained_severity = "info";  // the gap is exactly the weights of missing scores
    CheckSwitch weights{true, "warning"};         // weights against score.max
    // The points a level prints ("产出指标（40分）"), in group `w`: its indicators' weights add up to them.
    std::string block_points;
    CheckSwitch over{true, "error"};
    CheckSwitch missing{true, "warning"};
    CheckSwitch blank_rate{true, "info"};    // a blank 执行率 that the figures can compute
    CheckSwitch fund_rule{true, "warning"};  // fund row 得分 above min(1, 执行率) × 分值
    CheckSwitch unexplained{true, "info"};   // a met target scored below its weight with no reason
    CheckSwitch grade{true, "error"};        // a stated grade outside its band of the total (R12)
    std::vector<GradeBand> grade_bands;      // highest first
    bool operator==(const Scores&) const = default;
  } score;

  struct ValueConflict {
    CheckSwitch check{true, "warning"};
    int min_cjk = 3;
    int suffix_min_cjk = 6;
    std::vector<std::string> leading_stop_words, trailing_stop_words, ambiguous_subjects;
    // A core ending so ("用了", "举办了") tells of an event: its value is that event's, not a quantity
    // the report states (two trainings held, 3 and 2 sessions, are no conflict).
    std::vector<std::string> event_endings;
    // Fields whose value the prose and the 自评表 both state: told apart, they are one conflict.
    std::vector<std::string> figure_fields;
    bool operator==(const ValueConflict&) const = default;
  } value_conflict;

  struct YearMismatch {
    CheckSwitch check{true, "warning"};
    int adjacent_sentences = 1;
    std::vector<std::string> money_words, excuse_words;
    bool operator==(const YearMismatch&) const = default;
  } year_mismatch;

  // [names]: the Chinese name of each finding kind ("unit.magnitude" -> "金额单位错位"), for
  // people (the XLSX 问题 sheet); a kind with no name is shown by its code alone.
  std::map<std::string, std::string> kind_names;

  // fields.toml: the Chinese names of fields in messages, and the rate pairs to recompute.
  Vocabulary vocabulary = Vocabulary::builtin();
  // units.toml: 元 per money unit, and the unit of a factor in messages.
  MoneyUnits money;

  bool operator==(const CheckConfig&) const = default;
};

// Reads <rules_dir>/checks.toml over the built-in defaults (a file may set only what it changes).
// Errors (ErrorCode::rules) name the file and line: TOML syntax,
// unknown keys (typos), wrong types, severities other than error | warning | info.
Result<CheckConfig> load_check_config(const std::string& rules_dir);
// The same with the vocabulary already loaded from `rules_dir`.
Result<CheckConfig> load_check_config(const std::string& rules_dir, Vocabulary vocabulary);
// The same content, built in (the text of rules/checks.toml embedded at build time).
CheckConfig default_check_config();
// Parses checks.toml text over `base` (keys the text leaves out keep their value in `base`);
// `path` only names the source in errors.
Result<CheckConfig> parse_check_config(const std::string& toml_text, const std::string& path,
                                       const CheckConfig& base);

std::vector<Finding> check_report(const Report& report, const CheckConfig& config);

}  // namespace jixiao
