#include "extract/layout_rules.h"

#include <algorithm>
#include <filesystem>

#include "core/utf.h"
#include "rules/rule_file.h"

namespace jixiao {
namespace {

LabelSet read_labels(RuleTable& table, std::string_view key) {
  std::vector<std::string> words;
  table.strings(key, words, Need::required);
  LabelSet set;
  for (const std::string& w : words) set.labels.push_back(to_u32(w));
  return set;
}

std::vector<ColumnRule> read_columns(RuleTable& parent, bool with_kind) {
  std::vector<ColumnRule> out;
  for (RuleTable item : parent.tables("column", Need::required)) {
    ColumnRule rule;
    item.string("key", rule.key, Need::required);
    if (with_kind) item.one_of("kind", rule.kind, {"money", "percent", "score"}, Need::required);
    rule.labels = read_labels(item, "labels");
    item.finish();
    out.push_back(std::move(rule));
  }
  return out;
}

// A table of column key -> field name ({ budget = "budget.initial" }), both checked.
std::map<std::string, std::string> read_column_fields(RuleTable& parent, std::string_view key,
                                                      const LayoutRules& rules, Need need) {
  std::map<std::string, std::string> out;
  auto table = parent.table(key, need);
  if (!table) return out;
  for (const auto& [column, value] : table->raw()) {
    const std::string name(column.str());
    if (std::none_of(rules.fund_columns.begin(), rules.fund_columns.end(),
                     [&](const ColumnRule& c) { return c.key == name; }))
      table->fail(name, table->name_of(name) + ": unknown column \"" + name +
                            "\" (columns are [[funds.column]] keys)");
    table->field(name, out[name], rules.vocabulary, Need::required);
  }
  table->finish();
  return out;
}

void read_tables_toml(RuleFile& file, LayoutRules& rules) {
  RuleTable top = file.top();
  if (auto meta = top.table("meta", Need::required)) {
    meta->string("version", rules.version, Need::required);
    meta->finish();
  }
  if (auto cells = top.table("cells", Need::required)) {
    cells->regexes("decoration", rules.decoration, Need::required);
    cells->integer("max_prefix", rules.max_prefix, 0, 100);
    cells->regex("placeholder", rules.placeholder, Need::required);
    cells->regex("money_unit", rules.money_unit, Need::required);
    cells->integer("unit_note_paragraphs", rules.unit_note_paragraphs, 0, 100);
    cells->finish();
  }
  if (auto funds = top.table("funds", Need::required)) {
    funds->field("points_field", rules.fund_block_points_field, rules.vocabulary, Need::required);
    funds->string("default_unit", rules.fund_default_unit, Need::required);
    funds->integer("min_header_columns", rules.fund_min_header, 1, 100);
    rules.fund_columns = read_columns(*funds, true);
    for (RuleTable row : funds->tables("row", Need::required)) {
      FundRowRule rule;
      row.one_of("role", rule.role, {"total", "part"}, Need::required);
      rule.labels = read_labels(row, "labels");
      rule.fields = read_column_fields(row, "fields", rules, Need::required);
      row.finish();
      rules.fund_rows.push_back(std::move(rule));
    }
    rules.component_fields = read_column_fields(*funds, "component_fields", rules, Need::optional);
    funds->finish();
  }
  if (auto ind = top.table("indicators", Need::required)) {
    ind->integer("min_header_columns", rules.indicator_min_header, 1, 100);
    ind->regex("level1_weight", rules.level1_weight, Need::required);
    rules.total_labels = read_labels(*ind, "total_labels");
    rules.subtotal_labels = read_labels(*ind, "subtotal_labels");
    if (auto totals = ind->table("total_fields", Need::required)) {
      totals->field("weight", rules.total_weight_field, rules.vocabulary, Need::required);
      totals->field("score", rules.total_score_field, rules.vocabulary, Need::required);
      totals->finish();
    }
    ind->regex("parent_numbering", rules.parent_numbering, Need::required);
    ind->regex("child_numbering", rules.child_numbering, Need::required);
    rules.indicator_columns = read_columns(*ind, false);
    ind->finish();
  }
  for (RuleTable item : top.tables("keyvalue")) {
    KeyValueRule kv;
    kv.labels = read_labels(item, "labels");
    item.one_of("meta", kv.meta, {"unit", "project", "supervisor"});
    item.field("field", kv.field, rules.vocabulary);
    item.integer("rank", kv.rank, 0, 100);
    if (kv.meta.empty() == kv.field.empty()) item.fail_here("keyvalue needs exactly one of meta / field");
    item.finish();
    rules.keyvalue.push_back(std::move(kv));
  }
  if (auto lines = top.table("lines", Need::required)) {
    lines->integer("max_chars", rules.line_max_chars, 1, 100000);
    lines->regex("value_end", rules.line_value_end, Need::required);
    lines->finish();
  }
  top.finish();
}

void read_segment_toml(RuleFile& file, LayoutRules& rules) {
  RuleTable top = file.top();
  if (auto meta = top.table("meta", Need::required)) {
    std::string version;
    meta->string("version", version, Need::required);
    rules.version += "+" + version;
    meta->finish();
  }
  if (auto titles = top.table("titles", Need::required)) {
    titles->regex("report_title", rules.report_title, Need::required);
    titles->regex("not_title", rules.not_title, Need::required);
    titles->regex("table_title", rules.table_title, Need::required);
    titles->regex("attachment", rules.attachment, Need::required);
    titles->integer("max_title_chars", rules.max_title_chars, 1, 100000);
    titles->finish();
  }
  if (auto kind = top.table("kind", Need::required)) {
    kind->regex("department", rules.kind_department, Need::required);
    kind->regex("project", rules.kind_project, Need::required);
    kind->finish();
  }
  if (auto parts = top.table("title_parts", Need::required)) {
    parts->regex("tail", rules.title_tail, Need::required);
    parts->regex("year", rules.title_year, Need::required);
    parts->finish();
  }
  top.finish();
}

}  // namespace

bool matches_whole(const boost::u32regex& re, std::u32string_view text) {
  return boost::u32regex_match(text.begin(), text.end(), re);
}

bool matches_some(const boost::u32regex& re, std::u32string_view text) {
  return boost::u32regex_search(text.begin(), text.end(), re);
}

std::u32string LayoutRules::clean(std::u32string_view cell) const {
  std::u32string text;
  text.reserve(cell.size());
  for (char32_t c : cell)
    if (c != U' ' && c != U'\n' && c != U'\t' && c != U'\r' && c != 0x3000 && c != 0xA0) text.push_back(c);
  // Remove decoration until none applies (a colon after a bracket, a bracket after numbering).
  for (int pass = 0; pass < 8; ++pass) {
    std::u32string before = text;
    for (const boost::u32regex& re : decoration) {
      std::u32string out;
      boost::u32regex_replace(std::back_inserter(out), text.begin(), text.end(), re, U"",
                              boost::match_default | boost::format_all);
      text.swap(out);
    }
    if (text == before) break;
  }
  return text;
}

int LayoutRules::match(const std::u32string& cleaned, const LabelSet& set) const {
  int best = 0;
  for (const std::u32string& label : set.labels) {
    if (cleaned == label) return 1000 + static_cast<int>(label.size());
    if (cleaned.size() > label.size() && cleaned.size() - label.size() <= static_cast<size_t>(max_prefix) &&
        cleaned.compare(cleaned.size() - label.size(), label.size(), label) == 0)
      best = std::max(best, static_cast<int>(label.size()));
  }
  return best;
}

bool LayoutRules::is_placeholder(std::u32string_view cell) const {
  std::u32string text;
  for (char32_t c : cell)
    if (c != U' ' && c != U'\n' && c != U'\t' && c != 0x3000) text.push_back(c);
  return !text.empty() && matches_whole(placeholder, text);
}

Result<LayoutRules> LayoutRules::load(const std::string& rules_dir) {
  namespace fs = std::filesystem;
  LayoutRules rules;
  auto vocabulary = Vocabulary::load(rules_dir);
  if (!vocabulary) return vocabulary.error();
  rules.vocabulary = std::move(vocabulary).value();
  for (auto [name, read] :
       {std::pair{"tables.toml", &read_tables_toml}, {"segment.toml", &read_segment_toml}}) {
    auto file = RuleFile::read((fs::path(rules_dir) / name).string());
    if (!file) return file.error();
    read(*file, rules);
    if (file->failed()) return file->first_error();
  }
  return rules;
}

}  // namespace jixiao
