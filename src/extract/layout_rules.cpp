#include "extract/layout_rules.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <unordered_map>

#include "core/utf.h"
#include "rules/rule_file.h"

namespace jixiao {
namespace {

// A layout pattern (its regex, and the characters a match can start with).
void read_pattern(RuleTable& table, std::string_view key, Pattern& out) {
  boost::u32regex re;
  if (table.regex(key, re, Need::required)) out = Pattern(std::move(re));
}

// The same, for a pattern whose matches are read through a named group: a pattern without it is
// an error at its line, not a value that never comes.
void read_pattern(RuleTable& table, std::string_view key, std::string_view group, Pattern& out) {
  read_pattern(table, key, out);
  const auto source = out.re.str();
  const std::u32string pattern(source.begin(), source.end());
  if (!out.re.empty() && pattern.find(to_u32("(?<" + std::string(group) + ">")) == std::u32string::npos)
    table.fail(key, table.name_of(key) + ": the pattern needs a (?<" + std::string(group) + ">...) group");
}

LabelSet read_labels(RuleTable& table, std::string_view key) {
  std::vector<std::string> words;
  table.strings(key, words, Need::required);
  LabelSet set;
  for (const std::string& w : words) set.labels.push_back(to_u32(w));
  set.index();
  return set;
}

std::vector<ColumnRule> read_columns(RuleTable& parent, bool with_kind) {
  std::vector<ColumnRule> out;
  for (RuleTable item : parent.tables("column", Need::required)) {
    ColumnRule rule;
    item.string("key", rule.key, Need::required);
    if (with_kind) item.one_of("kind", rule.kind, {"money", "percent", "score"}, Need::required);
    rule.labels = read_labels(item, "labels");
    std::vector<std::string> also;
    item.strings("also_labels", also);
    for (const std::string& label : also) rule.also_labels.push_back(to_u32(label));
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
    std::vector<boost::u32regex> decoration;
    cells->regexes("decoration", decoration, Need::required);
    rules.decoration.assign(decoration.begin(), decoration.end());
    cells->integer("max_prefix", rules.max_prefix, 0, 100);
    read_pattern(*cells, "placeholder", rules.placeholder);
    read_pattern(*cells, "money_unit", "unit", rules.money_unit);
    cells->integer("unit_note_paragraphs", rules.unit_note_paragraphs, 0, 100);
    cells->finish();
  }
  if (auto funds = top.table("funds", Need::required)) {
    funds->field("points_field", rules.fund_block_points_field, rules.vocabulary, Need::required);
    read_pattern(*funds, "points", "w", rules.fund_block_points);
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
    funds->number("fraction_max", rules.fund_fraction_max, 0);
    funds->finish();
  }
  if (auto ind = top.table("indicators", Need::required)) {
    ind->integer("min_header_columns", rules.indicator_min_header, 1, 100);
    read_pattern(*ind, "level1_weight", "w", rules.level1_weight);
    rules.total_labels = read_labels(*ind, "total_labels");
    rules.subtotal_labels = read_labels(*ind, "subtotal_labels");
    if (auto totals = ind->table("total_fields", Need::required)) {
      totals->field("weight", rules.total_weight_field, rules.vocabulary, Need::required);
      totals->field("score", rules.total_score_field, rules.vocabulary, Need::required);
      totals->finish();
    }
    read_pattern(*ind, "parent_numbering", rules.parent_numbering);
    read_pattern(*ind, "child_numbering", rules.child_numbering);
    read_pattern(*ind, "row_number", rules.row_number);
    rules.indicator_columns = read_columns(*ind, false);
    for (RuleTable item : ind->tables("figure")) {
      LayoutRules::IndicatorFigure figure;
      figure.labels = read_labels(item, "labels");
      item.field("field", figure.field, rules.vocabulary, Need::required);
      item.finish();
      rules.indicator_figures.push_back(std::move(figure));
    }
    ind->finish();
  }
  for (RuleTable item : top.tables("keyvalue")) {
    KeyValueRule kv;
    // A fund pair ("全年预算数（A）| 335.6") is named as the fund block's column is: its labels.
    std::string& column = kv.fund_column;
    if (item.string("fund_column", column)) {
      const auto rule = std::find_if(rules.fund_columns.begin(), rules.fund_columns.end(),
                                     [&](const ColumnRule& c) { return c.key == column; });
      if (rule == rules.fund_columns.end())
        item.fail("fund_column", item.name_of("fund_column") + ": unknown column \"" + column +
                                     "\" (columns are [[funds.column]] keys)");
      else
        kv.labels = rule->labels;
    }
    if (column.empty() || item.has("labels")) {
      LabelSet own = read_labels(item, "labels");
      kv.labels.labels.insert(kv.labels.labels.end(), own.labels.begin(), own.labels.end());
      kv.labels.index();
    }
    item.one_of("meta", kv.meta, {"unit", "project", "supervisor", "year"});
    item.field("field", kv.field, rules.vocabulary);
    item.integer("rank", kv.rank, 0, 100);
    item.boolean("required", kv.required);
    item.strings("with", kv.with);
    for (const std::string& f : kv.with)
      if (!rules.vocabulary.has(f)) item.fail("with", item.name_of("with") + ": unknown field \"" + f + "\"");
    if (kv.meta.empty() == kv.field.empty()) item.fail_here("keyvalue needs exactly one of meta / field");
    item.finish();
    rules.keyvalue.push_back(std::move(kv));
  }
  if (auto lines = top.table("lines", Need::required)) {
    lines->integer("max_chars", rules.line_max_chars, 1, 100000);
    read_pattern(*lines, "value_end", rules.line_value_end);
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
    read_pattern(*titles, "report_title", rules.report_title);
    read_pattern(*titles, "not_title", rules.not_title);
    read_pattern(*titles, "table_title", rules.table_title);
    read_pattern(*titles, "attachment", rules.attachment);
    titles->integer("max_title_chars", rules.max_title_chars, 1, 100000);
    titles->finish();
  }
  if (auto kind = top.table("kind", Need::required)) {
    read_pattern(*kind, "department", rules.kind_department);
    read_pattern(*kind, "project", rules.kind_project);
    kind->finish();
  }
  if (auto parts = top.table("title_parts", Need::required)) {
    read_pattern(*parts, "tail", rules.title_tail);
    read_pattern(*parts, "year", rules.title_year);
    auto words = [&](std::string_view key, std::vector<std::u32string>& out) {
      std::vector<std::string> read;
      parts->strings(key, read);
      for (const std::string& w : read) out.push_back(to_u32(w));
    };
    words("sentence_words", rules.title_sentence_words);
    words("trailing_chars", rules.title_trailing_chars);
    words("place_levels", rules.place_levels);
    parts->integer("full_unit_min_mentions", rules.full_unit_min_mentions, 1, 1000);
    parts->integer("full_unit_place_min_chars", rules.full_unit_place_min_chars, 1, 20);
    parts->integer("full_unit_place_max_chars", rules.full_unit_place_max_chars, 1, 20);
    parts->finish();
  }
  if (auto signature = top.table("signature", Need::required)) {
    read_pattern(*signature, "date", rules.signature_date);
    signature->integer("max_lines_after", rules.signature_max_lines_after, 0, 100);
    signature->integer("max_chars", rules.signature_max_chars, 1, 1000);
    std::vector<std::string> endings;
    signature->strings("unit_endings", endings, Need::required);
    for (const std::string& w : endings) rules.signature_unit_endings.push_back(to_u32(w));
    signature->finish();
  }
  for (RuleTable item : top.tables("prose_meta")) {
    LayoutRules::ProseMeta prose;
    item.one_of("meta", prose.meta, {"unit", "project", "supervisor"}, Need::required);
    read_pattern(item, "pattern", "value", prose.pattern);
    item.finish();
    rules.prose_meta.push_back(std::move(prose));
  }
  if (auto grade = top.table("grade", Need::required)) {
    read_pattern(*grade, "pattern", "grade", rules.grade);
    read_pattern(*grade, "label", rules.grade_label);
    read_pattern(*grade, "value", "grade", rules.grade_value);
    std::vector<std::string> anchors;
    grade->strings("anchors", anchors, Need::required);
    for (const std::string& a : anchors) rules.grade_anchors.push_back(to_u32(a));
    grade->integer("lead", rules.grade_lead, 0, 100);
    grade->integer("reach", rules.grade_reach, 1, 1000);
    grade->finish();
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

bool Pattern::may_match(std::u32string_view text) const {
  if (!starts.known()) return true;
  for (char32_t c : text)
    if (starts.contains(c)) return true;
  return false;
}

bool matches_whole(const Pattern& p, std::u32string_view text) {
  if (p.starts.known() && (text.empty() || !p.starts.contains(text.front()))) return false;
  return matches_whole(p.re, text);
}

bool matches_some(const Pattern& p, std::u32string_view text) {
  return p.may_match(text) && matches_some(p.re, text);
}

namespace {

// The per-thread memo of LayoutRules::clean: whitespace-free cell text -> cleaned text, for one
// rule set at a time. Bounded: emptied when it reaches kCleanMemoSize entries (a header cell is
// back in it by the next report), so memory stays flat over any number of documents.
constexpr size_t kCleanMemoSize = 8192;
constexpr size_t kCleanMemoMaxChars = 64;  // long cells (prose) are not worth remembering
struct CleanMemo {
  uint64_t key = 0;
  std::unordered_map<std::u32string, std::u32string> map;
};
thread_local CleanMemo clean_memo;
std::atomic<uint64_t> next_clean_memo_key{1};

}  // namespace

void LayoutRules::prepare() {
  clean_memo_key = next_clean_memo_key.fetch_add(1);
}

std::u32string LayoutRules::clean(std::u32string_view cell) const {
  std::u32string text;
  text.reserve(cell.size());
  for (char32_t c : cell)
    if (c != U' ' && c != U'\n' && c != U'\t' && c != U'\r' && c != 0x3000 && c != 0xA0) text.push_back(c);
  if (text.empty()) return text;
  const bool memo = clean_memo_key != 0 && text.size() <= kCleanMemoMaxChars;
  if (memo) {
    if (clean_memo.key != clean_memo_key) {
      clean_memo.map.clear();
      clean_memo.key = clean_memo_key;
    }
    auto it = clean_memo.map.find(text);
    if (it != clean_memo.map.end()) return it->second;
  }
  const bool decorated = std::any_of(decoration.begin(), decoration.end(), [&](const Pattern& p) {
    return p.may_match(text) &&
           boost::u32regex_search(text.cbegin(), text.cend(), p.re, boost::match_default | boost::match_any);
  });
  std::u32string out = decorated ? clean_slow(text) : text;
  if (memo) {
    if (clean_memo.map.size() >= kCleanMemoSize) clean_memo.map.clear();
    clean_memo.map.emplace(std::move(text), out);
  }
  return out;
}

std::u32string LayoutRules::clean_slow(std::u32string text) const {
  // Remove decoration until none applies (a colon after a bracket, a bracket after numbering).
  // Removing only shortens the text, so a pass that kept its length changed nothing.
  for (int pass = 0; pass < 8; ++pass) {
    const size_t before = text.size();
    for (const Pattern& p : decoration) {
      if (!p.may_match(text)) continue;
      std::u32string out;
      boost::u32regex_replace(std::back_inserter(out), text.begin(), text.end(), p.re, U"",
                              boost::match_default | boost::format_all);
      text.swap(out);
    }
    if (text.size() == before) break;
  }
  return text;
}

void LabelSet::index() {
  last_chars_.clear();
  shortest_ = labels.empty() ? 0 : std::u32string::npos;
  longest_ = 0;
  for (const std::u32string& label : labels) {
    if (!label.empty()) last_chars_.push_back(label.back());
    shortest_ = std::min(shortest_, label.size());
    longest_ = std::max(longest_, label.size());
  }
  std::sort(last_chars_.begin(), last_chars_.end());
  last_chars_.erase(std::unique(last_chars_.begin(), last_chars_.end()), last_chars_.end());
  indexed_ = true;
}

bool LabelSet::may_name(const std::u32string& cleaned, int max_prefix) const {
  if (!indexed_) return true;  // labels put in by hand: match() tries them all
  if (cleaned.size() < shortest_ || cleaned.size() > longest_ + static_cast<size_t>(max_prefix)) return false;
  if (cleaned.empty()) return true;  // only an empty label (shortest_ == 0) gets here
  return std::binary_search(last_chars_.begin(), last_chars_.end(), cleaned.back());
}

int LayoutRules::match(const std::u32string& cleaned, const LabelSet& set) const {
  if (!set.may_name(cleaned, max_prefix)) return 0;
  int best = 0;
  for (const std::u32string& label : set.labels) {
    if (cleaned == label) return 1000 + static_cast<int>(label.size());
    if (cleaned.size() > label.size() && cleaned.size() - label.size() <= static_cast<size_t>(max_prefix) &&
        cleaned.compare(cleaned.size() - label.size(), label.size(), label) == 0 &&
        // A number before it makes the cell a value naming the label's thing ("2018年度"), no label.
        !std::all_of(cleaned.begin(), cleaned.end() - static_cast<std::ptrdiff_t>(label.size()),
                     [](char32_t c) { return c >= U'0' && c <= U'9'; }))
      best = std::max(best, static_cast<int>(label.size()));
  }
  return best;
}

size_t LayoutRules::grade_anchor(std::u32string_view text, size_t from) const {
  for (size_t i = from; i < text.size(); ++i)
    for (const std::u32string& a : grade_anchors)
      if (text[i] == a.front() && text.substr(i, a.size()) == a) return i;
  return std::u32string_view::npos;
}

bool LayoutRules::is_placeholder(std::u32string_view cell) const {
  std::u32string text;
  for (char32_t c : cell)
    if (c != U' ' && c != U'\n' && c != U'\t' && c != 0x3000) text.push_back(c);
  return !text.empty() && matches_whole(placeholder, text);
}

Result<LayoutRules> LayoutRules::load(const std::string& rules_dir) {
  auto vocabulary = Vocabulary::load(rules_dir);
  if (!vocabulary) return vocabulary.error();
  return load(rules_dir, std::move(vocabulary).value());
}

Result<LayoutRules> LayoutRules::load(const std::string& rules_dir, Vocabulary vocabulary) {
  namespace fs = std::filesystem;
  LayoutRules rules;
  rules.vocabulary = std::move(vocabulary);
  for (auto [name, read] :
       {std::pair{"tables.toml", &read_tables_toml}, {"segment.toml", &read_segment_toml}}) {
    auto file = RuleFile::read((fs::path(rules_dir) / name).string());
    if (!file) return file.error();
    read(*file, rules);
    if (file->failed()) return file->first_error();
  }
  rules.prepare();
  return rules;
}

}  // namespace jixiao
