// What the extraction stages share while they read one report: the records so far, the meta
// slots with the rank of the label that filled them, and the paragraphs just read (a table's
// unit note sits above it). Internal to src/extract/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace jixiao {

// Spaces, line breaks and the ideographic space: what a cell or line is trimmed of.
inline bool is_space(char32_t c) {
  return c == U' ' || c == U'\n' || c == U'\t' || c == U'\r' || c == 0x3000;
}

inline std::u32string trim(std::u32string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::u32string(s.substr(b, e - b));
}

// The rule of a figure read from an indicator row ([[indicators.figure]]): a stand-in, dropped
// where the report gives the same field by a fund row or a sentence.
inline constexpr std::string_view kIndicatorFigureRule = "table.indicator_figure";

struct ReportBuilder {
  Report report;
  int sentence = 0;
  int group = 0;
  std::vector<std::u32string> short_paragraphs;   // early lines, for the year
  std::vector<std::u32string> recent_paragraphs;  // the last few paragraphs before a table
  std::map<std::string, int> meta_rank;           // meta slot -> rank of the label that filled it
  std::string labelled_year;  // a 所属年度 cell's year, in digits: the year where the title gives none

  // Fills a meta slot unless a label of the same or a higher rank filled it already.
  void set_meta(const std::string& slot, const std::string& value, int rank);
  // The field a meta slot ("unit", "project", "supervisor", "year") is held in, whatever its rank.
  std::string& meta_slot(const std::string& slot);
};

// Every quantity of a paragraph or cell (`quantities`: the number parser's, read once for this
// and for the figure rules), with the label words before it (for the checker).
void add_mentions(ReportBuilder& b, const NormalizedText& text, const std::vector<Quantity>& quantities,
                  int row, int col);
// The grades a paragraph or table states ("评价等级为优", "自评等级 | 优"; rules/segment.toml [grade]).
void read_grades(ReportBuilder& b, const NormalizedBlock& block, const LayoutRules& layout);
// The figure rules (rules/figures*.toml) over one paragraph or prose-like cell.
void add_prose_figures(ReportBuilder& b, const NormalizedText& text, const ExtractContext& ctx, int row,
                       int col, const std::vector<Quantity>& quantities);

// One table block: fund rows, indicator rows, totals and key-value cells, read by their labels.
void read_table(ReportBuilder& b, const NormalizedBlock& table, const ExtractContext& ctx);

// What of a 自评表 a table holds: a fund header, an indicator header with targets, or both.
// `whole`: read the whole table; else stop at the first part found (is it a form table at all?).
struct FormParts {
  bool funds = false, indicators = false;
  bool any() const { return funds || indicators; }
};
FormParts form_table_parts(const NormalizedBlock& table, const ExtractContext& ctx, bool whole);

// The year a 所属年度 value gives ("2023", "2023年度", "二〇二三年"), by segment.toml's year pattern;
// none for anything else (the amount beside a "2022年度" column label).
std::optional<int> year_in_value(const std::u32string& value, const LayoutRules& layout);
// The year a line or cell states when it holds nothing else ("（2022年度）", "2023年"; with
// `bare_digits`, as beside a year label, "2022" too), else none.
std::optional<int> year_alone(const std::u32string& text, const LayoutRules& layout, bool bare_digits);

// "label：value" pairs in a short paragraph ("单位名称：X填报日期：…"), into the meta slots.
void read_keyvalue_line(ReportBuilder& b, const std::u32string& text, const LayoutRules& layout);

}  // namespace jixiao
