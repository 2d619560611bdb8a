// The domain's vocabulary (rules/fields.toml): every figure field with its kind and Chinese
// name, and the rate pairs the checker recomputes. The figure rules, the table reader, the
// checker and the SQLite sink read it; no C++ file keeps its own list of fields.
//
//   auto vocabulary = Vocabulary::load("rules");          // rules/fields.toml, else the built-in copy
//   if (vocabulary->has("budget.initial")) ...
//   vocabulary->label("funds.executed")                    // "执行数"
//   for (const RatePair& pair : vocabulary->rates()) ...   // 执行率 = funds.executed / budget.full_year
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace jixiao {

struct FieldInfo {
  std::string name;          // "budget.initial"
  std::string kind;          // money | percent | count | score | year | text
  std::string label;         // "年初预算数"
  bool tables_only = false;  // only tables give it (a fund row's part, its 分值): no prose rule needed
  bool operator==(const FieldInfo&) const = default;
};

struct RatePair {
  std::string rate;                       // "rate.execution"
  std::string numerator;                  // "funds.executed"
  std::vector<std::string> denominators;  // the first present wins
  std::string label;                      // "执行率"
  bool own_row_only = false;              // scope = "row": only the amounts of the rate's own table row
  bool operator==(const RatePair&) const = default;
};

// A form family (SCORING.md): how its 自评表 divides the 100 points between the execution row
// (预算执行率's 分值) and the indicators.
struct FormFamily {
  std::string name;               // "A"
  std::string label;              // "全国2020年版项目支出绩效自评表"
  double total = 100;             // 总分
  double execution_points = 0;    // the fund row's 分值; 0 when the execution rate is an indicator
  double indicator_points = 100;  // Σ indicator weights
  bool operator==(const FormFamily&) const = default;
};

class Vocabulary {
 public:
  // <rules_dir>/fields.toml, or the built-in copy of the shipped file when the directory has none.
  static Result<Vocabulary> load(const std::string& rules_dir);
  // The shipped rules/fields.toml, embedded at build time.
  static const Vocabulary& builtin();
  // Parses fields.toml text; `path` only names the source in errors (file:line).
  static Result<Vocabulary> parse(const std::string& toml_text, const std::string& path);
  // Reads a parsed fields.toml.
  static Result<Vocabulary> read(class RuleFile& file);

  bool has(const std::string& field) const { return index_.count(field) > 0; }
  const FieldInfo* find(const std::string& field) const;
  // The field's Chinese name, or "" when the field is not listed.
  const std::string& label(const std::string& field) const;
  const std::vector<FieldInfo>& fields() const { return fields_; }
  const std::vector<RatePair>& rates() const { return rates_; }
  const std::vector<FormFamily>& families() const { return families_; }
  // The family whose execution row is worth `execution_points` (0: none), or null.
  const FormFamily* family_by_execution_points(double execution_points) const;
  const std::string& version() const { return version_; }
  bool operator==(const Vocabulary& other) const {
    return fields_ == other.fields_ && rates_ == other.rates_ && families_ == other.families_;
  }

 private:
  std::string version_;
  std::vector<FieldInfo> fields_;
  std::map<std::string, size_t> index_;
  std::vector<RatePair> rates_;
  std::vector<FormFamily> families_;
};

}  // namespace jixiao
