// Layout rules: how tables are read by meaning (rules/tables.toml) and how a file is cut into
// reports and their meta read (rules/segment.toml). Data, not code: see those files.
#pragma once

#include <boost/regex/icu.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace jixiao {

struct ColumnRule {
  std::string key;
  boost::u32regex label;
};

struct FundRowRule {
  boost::u32regex label;
  std::map<std::string, std::string> fields;  // column key -> figure field
};

struct KeyValueRule {
  boost::u32regex label;
  std::string meta;   // meta key (unit, project, supervisor), or empty
  std::string field;  // figure field, or empty
};

struct LayoutRules {
  std::string version;
  // tables.toml
  boost::u32regex fund_unit_header;
  std::string fund_default_unit;
  int fund_min_header = 3;
  std::vector<ColumnRule> fund_columns;
  std::vector<FundRowRule> fund_rows;
  int indicator_min_header = 3;
  boost::u32regex level1_weight;
  boost::u32regex total_row;
  std::vector<ColumnRule> indicator_columns;
  std::vector<KeyValueRule> keyvalue;
  // segment.toml
  boost::u32regex report_title, not_title, table_title, attachment;
  int max_title_chars = 80;
  boost::u32regex kind_department, kind_project;
  boost::u32regex title_tail, title_year;

  static Result<LayoutRules> load(const std::string& rules_dir);
};

// Whole-string and search helpers over UTF-32 text.
bool matches_whole(const boost::u32regex& re, std::u32string_view text);
bool matches_some(const boost::u32regex& re, std::u32string_view text);

}  // namespace jixiao
