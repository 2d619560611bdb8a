#include "extract/layout_rules.h"

#include <toml++/toml.h>

#include <filesystem>

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

std::vector<ColumnRule> read_columns(TomlReader& r, const toml::node_view<const toml::node>& node) {
  std::vector<ColumnRule> out;
  const toml::array* arr = node.as_array();
  if (!arr) {
    r.fail(TomlReader::line_of(node), "expected an array of [[...column]] tables");
    return out;
  }
  for (const toml::node& item : *arr) {
    toml::node_view<const toml::node> v(item);
    out.push_back({r.string(v["key"], "column key"), r.regex(v["label"], "column label")});
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

Result<LayoutRules> LayoutRules::load(const std::string& rules_dir) {
  namespace fs = std::filesystem;
  LayoutRules rules;
  {
    TomlReader r((fs::path(rules_dir) / "tables.toml").string());
    if (!r.parse()) return *r.error();
    auto root = toml::node_view<const toml::node>(r.root());
    rules.version = r.string(root["meta"]["version"], "meta.version");
    auto funds = root["funds"];
    rules.fund_unit_header = r.regex(funds["unit_header"], "funds.unit_header");
    rules.fund_default_unit = r.string(funds["default_unit"], "funds.default_unit");
    rules.fund_min_header = r.integer(funds["min_header_columns"], 3);
    rules.fund_columns = read_columns(r, funds["column"]);
    if (const toml::array* rows = funds["row"].as_array()) {
      for (const toml::node& item : *rows) {
        toml::node_view<const toml::node> v(item);
        FundRowRule row{r.regex(v["label"], "funds.row label"), {}};
        if (const toml::table* fields = v["fields"].as_table()) {
          for (const auto& [key, value] : *fields) {
            if (auto s = value.value<std::string>()) row.fields[std::string(key.str())] = *s;
          }
        } else {
          r.fail(TomlReader::line_of(v), "funds.row needs a fields table");
        }
        rules.fund_rows.push_back(std::move(row));
      }
    }
    auto ind = root["indicators"];
    rules.indicator_min_header = r.integer(ind["min_header_columns"], 3);
    rules.level1_weight = r.regex(ind["level1_weight"], "indicators.level1_weight");
    rules.total_row = r.regex(ind["total_row"], "indicators.total_row");
    rules.indicator_columns = read_columns(r, ind["column"]);
    if (const toml::array* kvs = root["keyvalue"].as_array()) {
      for (const toml::node& item : *kvs) {
        toml::node_view<const toml::node> v(item);
        KeyValueRule kv{r.regex(v["label"], "keyvalue label"), v["meta"].value_or(std::string()),
                        v["field"].value_or(std::string())};
        if (kv.meta.empty() == kv.field.empty())
          r.fail(TomlReader::line_of(v), "keyvalue needs exactly one of meta / field");
        rules.keyvalue.push_back(std::move(kv));
      }
    }
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
