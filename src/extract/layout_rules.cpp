#include "extract/layout_rules.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

#include "core/utf.h"

namespace jixiao {
namespace {

// Reads one TOML file; every lookup that fails records the file, the line and the reason.
class TomlReader {
 public:
  explicit TomlReader(std::string path) : path_(std::move(path)) {}

  bool parse() {
    try {
      table_ = toml::parse_file(path_);
      return true;
    } catch (const toml::parse_error& e) {
      fail(static_cast<int>(e.source().begin.line), std::string(e.description()));
      return false;
    }
  }

  const toml::table& root() const { return table_; }

  std::string string(const toml::node_view<const toml::node>& node, const char* what) {
    if (auto v = node.value<std::string>()) return *v;
    fail(line_of(node), std::string("missing or non-string ") + what);
    return {};
  }

  boost::u32regex regex(const toml::node_view<const toml::node>& node, const char* what) {
    std::string source = string(node, what);
    try {
      return boost::make_u32regex(source);
    } catch (const std::exception& e) {
      fail(line_of(node), std::string("bad pattern for ") + what + ": " + e.what());
      return boost::make_u32regex(std::string("(?!)"));
    }
  }

  int integer(const toml::node_view<const toml::node>& node, int fallback) {
    if (!node) return fallback;
    if (auto v = node.value<int64_t>()) return static_cast<int>(*v);
    fail(line_of(node), "expected an integer");
    return fallback;
  }

  void fail(int line, std::string message) {
    if (error_) return;  // the first error is the one to fix
    Error e;
    e.code = ErrorCode::rules;
    e.path = path_;
    e.line = line;
    e.message = std::move(message);
    error_ = std::move(e);
  }

  const std::optional<Error>& error() const { return error_; }

  static int line_of(const toml::node_view<const toml::node>& node) {
    return node ? static_cast<int>(node.node()->source().begin.line) : 0;
  }

 private:
  std::string path_;
  toml::table table_;
  std::optional<Error> error_;
};

// Every key of a table must be one the loader reads: a typo is an error, never ignored.
void check_keys(TomlReader& r, const toml::node_view<const toml::node>& node,
                std::initializer_list<const char*> known, const std::string& where) {
  const toml::table* table = node.as_table();
  if (!table) return;
  for (const auto& [key, value] : *table) {
    bool ok = false;
    for (const char* k : known) ok = ok || key.str() == k;
    if (!ok)
      r.fail(static_cast<int>(value.source().begin.line),
             "unknown key '" + std::string(key.str()) + "' in " + where);
  }
}

LabelSet read_labels(TomlReader& r, const toml::node_view<const toml::node>& node, const char* what) {
  LabelSet set;
  const toml::array* arr = node.as_array();
  if (!arr || arr->empty()) {
    r.fail(TomlReader::line_of(node), std::string("expected a non-empty array of labels for ") + what);
    return set;
  }
  for (const toml::node& item : *arr) {
    if (auto s = item.value<std::string>())
      set.labels.push_back(to_u32(*s));
    else
      r.fail(static_cast<int>(item.source().begin.line), std::string("labels must be strings in ") + what);
  }
  return set;
}

std::vector<ColumnRule> read_columns(TomlReader& r, const toml::node_view<const toml::node>& node,
                                     const std::string& where, bool with_kind) {
  std::vector<ColumnRule> out;
  const toml::array* arr = node.as_array();
  if (!arr) {
    r.fail(TomlReader::line_of(node), "expected an array of [[" + where + "]] tables");
    return out;
  }
  for (const toml::node& item : *arr) {
    toml::node_view<const toml::node> v(item);
    if (with_kind)
      check_keys(r, v, {"key", "kind", "labels"}, where);
    else
      check_keys(r, v, {"key", "labels"}, where);
    ColumnRule rule{r.string(v["key"], "column key"), {}, read_labels(r, v["labels"], "column labels")};
    if (with_kind) {
      rule.kind = r.string(v["kind"], "column kind");
      if (rule.kind != "money" && rule.kind != "percent" && rule.kind != "score")
        r.fail(TomlReader::line_of(v["kind"]), "column kind must be money, percent or score");
    }
    out.push_back(std::move(rule));
  }
  return out;
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
  {
    auto vocabulary = Vocabulary::load(rules_dir);
    if (!vocabulary) return vocabulary.error();
    rules.vocabulary = std::move(vocabulary).value();
    TomlReader r((fs::path(rules_dir) / "tables.toml").string());
    if (!r.parse()) return *r.error();
    auto known_field = [&](const std::string& field, int line) {
      if (!rules.vocabulary.has(field))
        r.fail(line, "unknown field \"" + field + "\" (fields are listed in fields.toml)");
    };
    auto root = toml::node_view<const toml::node>(r.root());
    check_keys(r, root, {"meta", "cells", "funds", "indicators", "keyvalue", "lines"}, "tables.toml");
    rules.version = r.string(root["meta"]["version"], "meta.version");
    auto cells = root["cells"];
    check_keys(r, cells, {"decoration", "max_prefix", "placeholder", "money_unit", "unit_note_paragraphs"},
               "[cells]");
    if (const toml::array* arr = cells["decoration"].as_array()) {
      for (const toml::node& item : *arr)
        rules.decoration.push_back(r.regex(toml::node_view<const toml::node>(item), "cells.decoration"));
    } else {
      r.fail(TomlReader::line_of(cells), "cells.decoration must be an array of patterns");
    }
    rules.max_prefix = r.integer(cells["max_prefix"], 4);
    rules.placeholder = r.regex(cells["placeholder"], "cells.placeholder");
    rules.money_unit = r.regex(cells["money_unit"], "cells.money_unit");
    rules.unit_note_paragraphs = r.integer(cells["unit_note_paragraphs"], 3);

    auto funds = root["funds"];
    check_keys(r, funds,
               {"default_unit", "min_header_columns", "component_fields", "points_field", "column", "row"},
               "[funds]");
    rules.fund_block_points_field = r.string(funds["points_field"], "funds.points_field");
    known_field(rules.fund_block_points_field, TomlReader::line_of(funds["points_field"]));
    rules.fund_default_unit = r.string(funds["default_unit"], "funds.default_unit");
    rules.fund_min_header = r.integer(funds["min_header_columns"], 3);
    rules.fund_columns = read_columns(r, funds["column"], "funds.column", true);
    auto known_column = [&](const std::string& key) {
      return std::any_of(rules.fund_columns.begin(), rules.fund_columns.end(),
                         [&](const ColumnRule& c) { return c.key == key; });
    };
    if (const toml::array* rows = funds["row"].as_array()) {
      for (const toml::node& item : *rows) {
        toml::node_view<const toml::node> v(item);
        check_keys(r, v, {"role", "labels", "fields"}, "[[funds.row]]");
        FundRowRule row{r.string(v["role"], "funds.row role"), read_labels(r, v["labels"], "funds.row"), {}};
        if (row.role != "total" && row.role != "part")
          r.fail(TomlReader::line_of(v["role"]), "funds.row role must be total or part");
        if (const toml::table* fields = v["fields"].as_table()) {
          for (const auto& [key, value] : *fields) {
            const int line = static_cast<int>(value.source().begin.line);
            if (!known_column(std::string(key.str())))
              r.fail(line, "funds.row fields: unknown column '" + std::string(key.str()) + "'");
            if (auto s = value.value<std::string>()) {
              row.fields[std::string(key.str())] = *s;
              known_field(*s, line);
            } else
              r.fail(line, "funds.row fields: field names must be strings");
          }
        } else {
          r.fail(TomlReader::line_of(v), "funds.row needs a fields table");
        }
        rules.fund_rows.push_back(std::move(row));
      }
    }

    if (const toml::table* components = funds["component_fields"].as_table()) {
      for (const auto& [key, value] : *components) {
        const int line = static_cast<int>(value.source().begin.line);
        if (!known_column(std::string(key.str())))
          r.fail(line, "funds.component_fields: unknown column '" + std::string(key.str()) + "'");
        if (auto s = value.value<std::string>()) {
          rules.component_fields[std::string(key.str())] = *s;
          known_field(*s, line);
        }
      }
    }
    auto ind = root["indicators"];
    check_keys(r, ind,
               {"min_header_columns", "level1_weight", "total_labels", "total_fields", "subtotal_labels",
                "parent_numbering", "child_numbering", "column"},
               "[indicators]");
    rules.indicator_min_header = r.integer(ind["min_header_columns"], 3);
    rules.level1_weight = r.regex(ind["level1_weight"], "indicators.level1_weight");
    rules.total_labels = read_labels(r, ind["total_labels"], "indicators.total_labels");
    rules.subtotal_labels = read_labels(r, ind["subtotal_labels"], "indicators.subtotal_labels");
    check_keys(r, ind["total_fields"], {"weight", "score"}, "indicators.total_fields");
    rules.total_weight_field = r.string(ind["total_fields"]["weight"], "indicators.total_fields.weight");
    rules.total_score_field = r.string(ind["total_fields"]["score"], "indicators.total_fields.score");
    known_field(rules.total_weight_field, TomlReader::line_of(ind["total_fields"]));
    known_field(rules.total_score_field, TomlReader::line_of(ind["total_fields"]));
    rules.parent_numbering = r.regex(ind["parent_numbering"], "indicators.parent_numbering");
    rules.child_numbering = r.regex(ind["child_numbering"], "indicators.child_numbering");
    rules.indicator_columns = read_columns(r, ind["column"], "indicators.column", false);

    if (const toml::array* kvs = root["keyvalue"].as_array()) {
      for (const toml::node& item : *kvs) {
        toml::node_view<const toml::node> v(item);
        check_keys(r, v, {"labels", "meta", "field", "rank"}, "[[keyvalue]]");
        KeyValueRule kv{read_labels(r, v["labels"], "keyvalue"), v["meta"].value_or(std::string()),
                        v["field"].value_or(std::string()), r.integer(v["rank"], 1)};
        if (!kv.field.empty()) known_field(kv.field, TomlReader::line_of(v["field"]));
        if (kv.meta.empty() == kv.field.empty())
          r.fail(TomlReader::line_of(v), "keyvalue needs exactly one of meta / field");
        if (!kv.meta.empty() && kv.meta != "unit" && kv.meta != "project" && kv.meta != "supervisor")
          r.fail(TomlReader::line_of(v["meta"]), "keyvalue meta must be unit, project or supervisor");
        rules.keyvalue.push_back(std::move(kv));
      }
    }
    auto lines = root["lines"];
    check_keys(r, lines, {"max_chars", "value_end"}, "[lines]");
    rules.line_max_chars = r.integer(lines["max_chars"], 80);
    rules.line_value_end = r.regex(lines["value_end"], "lines.value_end");
    if (r.error()) return *r.error();
  }
  {
    TomlReader r((fs::path(rules_dir) / "segment.toml").string());
    if (!r.parse()) return *r.error();
    auto root = toml::node_view<const toml::node>(r.root());
    rules.version += "+" + r.string(root["meta"]["version"], "meta.version");
    auto titles = root["titles"];
    rules.report_title = r.regex(titles["report_title"], "titles.report_title");
    rules.not_title = r.regex(titles["not_title"], "titles.not_title");
    rules.table_title = r.regex(titles["table_title"], "titles.table_title");
    rules.attachment = r.regex(titles["attachment"], "titles.attachment");
    rules.max_title_chars = r.integer(titles["max_title_chars"], 80);
    rules.kind_department = r.regex(root["kind"]["department"], "kind.department");
    rules.kind_project = r.regex(root["kind"]["project"], "kind.project");
    rules.title_tail = r.regex(root["title_parts"]["tail"], "title_parts.tail");
    rules.title_year = r.regex(root["title_parts"]["year"], "title_parts.year");
    if (r.error()) return *r.error();
  }
  return rules;
}

}  // namespace jixiao
