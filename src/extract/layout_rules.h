// Layout rules: how tables are read by meaning (rules/tables.toml) and how a file is cut into
// reports and their meta read (rules/segment.toml). Data, not code: see those files.
#pragma once

#include <boost/regex/icu.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "rules/first_chars.h"
#include "rules/vocabulary.h"

namespace jixiao {

// A layout pattern with the characters its matches can start with (derived when it is assigned,
// never read from the files): matches_some / matches_whole skip the regex when the text holds
// none of them (Boost cannot tell that itself for characters above U+00FF). Converts to the
// regex for every other use.
struct Pattern {
  boost::u32regex re;
  FirstChars starts;
  Pattern() = default;
  Pattern(boost::u32regex r) : re(std::move(r)), starts(first_chars(re.str())) {}  // NOLINT: implicit
  operator const boost::u32regex&() const { return re; }                           // NOLINT: implicit
  // False when no match can start in `text` (a match may still be absent when true).
  bool may_match(std::u32string_view text) const;
};

// A vocabulary entry: the plain-word labels that name one column, row kind or key.
struct LabelSet {
  std::vector<std::u32string> labels;

  // After the labels are in: what lets LayoutRules::match turn down most cells (numbers, prose)
  // at a glance, since a match ends with a label's last character and is about a label's length.
  void index();
  bool may_name(const std::u32string& cleaned, int max_prefix) const;

 private:
  bool indexed_ = false;
  std::u32string last_chars_;  // sorted
  size_t shortest_ = 0, longest_ = 0;
};

struct ColumnRule {
  std::string key;
  std::string kind;  // funds only: money | percent | score
  LabelSet labels;
  // Another column's generic labels that name this column instead when the header holds that
  // other column under a label of its own (预算数 beside 调整后预算数: the budget before it).
  std::vector<std::u32string> also_labels;
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
  // The fund block's column this pair is ([[funds.column]] key), or empty: in a row of pairs for
  // one of the block's parts, the part's field for that column.
  std::string fund_column;
  // Its value left blank is recorded (Report::blanks): a cell the form requires.
  bool required = false;
  int rank = 1;       // a higher rank overrides a meta slot filled by a lower one
  // Fields one of which its row must also give for this pair to count (分值 is the fund row's
  // weight only in a row of fund pairs).
  std::vector<std::string> with;
};

struct LayoutRules {
  std::string version;
  Vocabulary vocabulary;  // fields.toml: every field named here must be listed there
  // tables.toml [cells]
  // Each with the characters its matches can start with, so that a cell is searched only by the
  // patterns that can match in it, each on its own (Boost tries a pattern anchored by ^ at the
  // start only, which it cannot do for an alternation of all of them).
  std::vector<Pattern> decoration;
  int max_prefix = 4;
  Pattern placeholder;
  Pattern money_unit;
  int unit_note_paragraphs = 3;
  // [funds]
  std::string fund_default_unit;
  int fund_min_header = 3;
  std::vector<ColumnRule> fund_columns;
  std::vector<FundRowRule> fund_rows;
  std::map<std::string, std::string> component_fields;  // money column key -> a part's field
  std::string fund_block_points_field;                  // "(20分)" in a fund block's title
  Pattern fund_block_points;                            // its pattern, the points in group `w`
  double fund_fraction_max = 1.5;  // a bare number up to this in a percent column is a fraction
  // [indicators]
  int indicator_min_header = 3;
  Pattern level1_weight;
  LabelSet total_labels, subtotal_labels;
  std::string total_weight_field, total_score_field;
  Pattern parent_numbering, child_numbering;
  Pattern row_number;  // a cell that only numbers its row (a 序号 column: "1", "2、", "（3）")
  std::vector<ColumnRule> indicator_columns;
  // [[indicators.figure]]: an indicator that is one of the fund block's figures (预算执行率 among
  // a family-C form's indicators); its actual value is the figure where the report has no other.
  struct IndicatorFigure {
    LabelSet labels;
    std::string field;
  };
  std::vector<IndicatorFigure> indicator_figures;
  // [[keyvalue]], [lines]
  std::vector<KeyValueRule> keyvalue;
  int line_max_chars = 80;
  Pattern line_value_end;
  // segment.toml
  Pattern report_title, not_title, table_title, attachment;
  int max_title_chars = 80;
  Pattern kind_department, kind_project;
  Pattern title_tail, title_year;
  // Words around a title's names that belong to its sentence ("关于"), and characters dropped from
  // the end of its project part ("的").
  std::vector<std::u32string> title_sentence_words, title_trailing_chars;
  // A title's unit that starts with one of these names a level without its place ("县司法局"): the
  // text's full name ("紫金县司法局") is taken when it is given at least `full_unit_min_mentions`
  // times with one place of full_unit_place_min_chars to _max_chars characters before it.
  std::vector<std::u32string> place_levels;
  int full_unit_min_mentions = 2;
  int full_unit_place_min_chars = 2, full_unit_place_max_chars = 4;
  // [signature]: the issuer's name over the date at a report's end.
  Pattern signature_date;
  int signature_max_lines_after = 2, signature_max_chars = 30;
  std::vector<std::u32string> signature_unit_endings;
  // [[prose_meta]]: meta a narrative states in a sentence ("由X负责实施"), its `value` group.
  struct ProseMeta {
    std::string meta;
    Pattern pattern;
  };
  std::vector<ProseMeta> prose_meta;
  // [grade]: a stated grade (its `grade` group); a table cell that is a grade's label alone, and
  // the cell after it that holds the grade alone (its `grade` group).
  Pattern grade, grade_label, grade_value;
  std::vector<std::u32string> grade_anchors;  // a text holds one of these, or states no grade
  int grade_lead = 4, grade_reach = 16;       // the window around an anchor the pattern is tried in
  // Where the first grade anchor of `text` at or after `from` starts, npos when none (one pass).
  size_t grade_anchor(std::u32string_view text, size_t from = 0) const;

  static Result<LayoutRules> load(const std::string& rules_dir);
  // The same with the vocabulary already loaded from `rules_dir`.
  static Result<LayoutRules> load(const std::string& rules_dir, Vocabulary vocabulary);
  // Gives this rule set its own memo of cleaned cells (called by load(); call it again after
  // changing `decoration` by hand). Without it clean() is as exact, only slower.
  void prepare();

  // A cell's text as the vocabulary sees it: spaces dropped, decoration removed.
  std::u32string clean(std::u32string_view cell) const;
  // How well a cleaned cell names one of `set`'s labels: the label's length when the cell equals
  // it (plus 1000) or ends with it after at most max_prefix characters; 0 when it does not.
  int match(const std::u32string& cleaned, const LabelSet& set) const;
  bool is_placeholder(std::u32string_view cell) const;

  // Derived by prepare(), never read from the files: the key of this rule set's memo of cleaned
  // cells (0: no memo). Header cells repeat in every report of a form, so clean() remembers its
  // last few thousand results per thread.
  uint64_t clean_memo_key = 0;

 private:
  std::u32string clean_slow(std::u32string text) const;
};

// Whole-string and search helpers over UTF-32 text.
bool matches_whole(const boost::u32regex& re, std::u32string_view text);
bool matches_some(const boost::u32regex& re, std::u32string_view text);
bool matches_whole(const Pattern& p, std::u32string_view text);
bool matches_some(const Pattern& p, std::u32string_view text);

}  // namespace jixiao
