// Layout rules: how tables are read by meaning (rules/tables.toml) and how a file is cut into
// reports and their meta read (rules/segment.toml). Data, not code: see those files.
#pragma once

#include <boost/regex/icu.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "rules/vocabulary.h"

namespace jixiao {

// A vocabulary entry: the plain-word labels that name one column, row kind or key.
struct LabelSet {
  std::vector<std::u32string> labels;
};

struct ColumnRule {
  std::string key;
  std::string kind;  // funds only: money | percent | score
  LabelSet labels;
};

struct FundRowRule {
  std::string role;  // total | part
  LabelSet labels;
  std::map<std::string, std::string> fields;  // column key -> figure field
};

struct KeyValueRule {
  LabelSet labels;
  std::string meta;   // meta key (unit, project, supervisor), or empty
  std::string field;  // figure field, or empty
  int rank = 1;       // a higher rank overrides a meta slot filled by a lower one
};

struct LayoutRules {
  std::string version;
  Vocabulary vocabulary;  // fields.toml: every field named here must be listed there
  // tables.toml [cells]
  std::vector<boost::u32regex> decoration;
  int max_prefix = 4;
  boost::u32regex placeholder;
  boost::u32regex money_unit;
  int unit_note_paragraphs = 3;
  // [funds]
  std::string fund_default_unit;
  int fund_min_header = 3;
  std::vector<ColumnRule> fund_columns;
  std::vector<FundRowRule> fund_rows;
  std::map<std::string, std::string> component_fields;  // money column key -> a part's field
  std::string fund_block_points_field;                  // "(20分)" in a fund block's title
  // [indicators]
  int indicator_min_header = 3;
  boost::u32regex level1_weight;
  LabelSet total_labels, subtotal_labels;
  std::string total_weight_field, total_score_field;
  boost::u32regex parent_numbering, child_numbering;
  std::vector<ColumnRule> indicator_columns;
  // [[keyvalue]], [lines]
  std::vector<KeyValueRule> keyvalue;
  int line_max_chars = 80;
  boost::u32regex line_value_end;
  // segment.toml
  boost::u32regex report_title, not_title, table_title, attachment;
  int max_title_chars = 80;
  boost::u32regex kind_department, kind_project;
  boost::u32regex title_tail, title_year;

  static Result<LayoutRules> load(const std::string& rules_dir);

  // A cell's text as the vocabulary sees it: spaces dropped, decoration removed.
  std::u32string clean(std::u32string_view cell) const;
  // How well a cleaned cell names one of `set`'s labels: the label's length when the cell equals
  // it (plus 1000) or ends with it after at most max_prefix characters; 0 when it does not.
  int match(const std::u32string& cleaned, const LabelSet& set) const;
  bool is_placeholder(std::u32string_view cell) const;
};

// Whole-string and search helpers over UTF-32 text.
bool matches_whole(const boost::u32regex& re, std::u32string_view text);
bool matches_some(const boost::u32regex& re, std::u32string_view text);

}  // namespace jixiao
