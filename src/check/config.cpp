// Loading rules/checks.toml into CheckConfig (toml++), and the built-in copy of that file.
#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "check/check.h"

namespace jixiao {
namespace {

// The text of rules/checks.toml, embedded so that the program runs without a rules directory.
constexpr const char* kDefaultChecksToml =
#include "check/checks_default.inc"
    ;

// Reads one TOML table into config fields; the first problem (with its line) wins, unknown keys
// are errors so that a typo in a key does not silently keep the default.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string name, const std::string& path, Error* error)
      : table_(table), name_(std::move(name)), path_(path), error_(error) {}

  void number(const char* key, double& out) {
    if (const toml::node* node = get(key)) {
      if (auto v = node->value<double>())
        out = *v;
      else
        fail(*node, std::string(key) + " must be a number");
    }
  }
  void integer(const char* key, int& out) {
    if (const toml::node* node = get(key)) {
      if (auto v = node->as_integer())
        out = static_cast<int>(v->get());
      else
        fail(*node, std::string(key) + " must be an integer");
    }
  }
  void boolean(const char* key, bool& out) {
    if (const toml::node* node = get(key)) {
      if (auto v = node->as_boolean())
        out = v->get();
      else
        fail(*node, std::string(key) + " must be true or false");
    }
  }
  void string(const char* key, std::string& out) {
    if (const toml::node* node = get(key)) {
      if (auto v = node->as_string())
        out = v->get();
      else
        fail(*node, std::string(key) + " must be a string");
    }
  }
  void severity(const char* key, std::string& out) {
    if (const toml::node* node = get(key)) {
      auto v = node->as_string();
      if (v && (v->get() == "error" || v->get() == "warning" || v->get() == "info"))
        out = v->get();
      else
        fail(*node, std::string(key) + " must be \"error\", \"warning\" or \"info\"");
    }
  }
  void strings(const char* key, std::vector<std::string>& out) {
    const toml::node* node = get(key);
    if (!node) return;
    const toml::array* array = node->as_array();
    if (!array) return fail(*node, std::string(key) + " must be an array of strings");
    out.clear();
    for (const toml::node& item : *array) {
      if (auto s = item.as_string())
        out.push_back(s->get());
      else
        return fail(item, std::string(key) + " must hold strings only");
    }
  }
  void check_switch(CheckSwitch& out) {
    boolean("enabled", out.enabled);
    severity("severity", out.severity);
  }
  // A sub-table (or array of tables) read by the caller; marks the key as known.
  const toml::node* child(const char* key) { return get(key); }

  // Reports keys nobody asked for; call after every field was read.
  void finish() {
    for (const auto& [key, node] : table_) {
      if (!known_.count(std::string(key.str()))) fail(node, "unknown key " + std::string(key.str()));
    }
  }

  void fail(const toml::node& node, const std::string& message) {
    if (error_->code != ErrorCode::internal) return;  // keep the first problem
    error_->code = ErrorCode::rules;
    error_->path = path_;
    error_->line = static_cast<int>(node.source().begin.line);
    error_->message = "[" + name_ + "] " + message;
  }

 private:
  const toml::node* get(const char* key) {
    known_.insert(key);
    return table_.get(key);
  }

  const toml::table& table_;
  std::string name_;
  const std::string& path_;
  Error* error_;
  std::set<std::string> known_;
};

// Runs `read` over the sub-table `key` of `parent`, if present.
template <class Fn>
void with_table(TableReader& parent, const char* key, const std::string& name, const std::string& path,
                Error* error, Fn read) {
  const toml::node* node = parent.child(key);
  if (!node) return;
  const toml::table* table = node->as_table();
  if (!table) return parent.fail(*node, std::string(key) + " must be a table");
  TableReader reader(*table, name, path, error);
  read(reader);
  reader.finish();
}

void read_config(const toml::table& root, const std::string& path, CheckConfig& config, Error* error) {
  TableReader top(root, "checks", path, error);

  with_table(top, "unit_magnitude", "unit_magnitude", path, error, [&](TableReader& r) {
    auto& c = config.unit_magnitude;
    r.check_switch(c.check);
    r.severity("absurd_severity", c.absurd_severity);
    r.number("absurd_ratio", c.absurd_ratio);
    r.integer("min_peers", c.min_peers);
    r.integer("max_parts", c.max_parts);
    r.number("tolerance_per_part", c.tolerance_per_part);
    if (c.max_parts < 2 || c.max_parts > 20) r.fail(*r.child("max_parts"), "max_parts must be within 2..20");
  });

  with_table(top, "sum_mismatch", "sum_mismatch", path, error, [&](TableReader& r) {
    auto& c = config.sum_mismatch;
    r.check_switch(c.check);
    r.severity("minor_severity", c.minor_severity);
    r.number("minor_gap", c.minor_gap);
    r.number("tolerance_per_part", c.tolerance_per_part);
    r.number("list_max_relative_gap", c.list_max_relative_gap);
    r.number("cost_max_relative_gap", c.cost_max_relative_gap);
    r.strings("total_words", c.total_words);
    r.strings("list_markers", c.list_markers);
    r.strings("complete_list_markers", c.complete_list_markers);
    r.strings("cost_level2_words", c.cost_level2_words);
    if (const toml::node* node = r.child("identity")) {
      const toml::array* array = node->as_array();
      if (!array) return r.fail(*node, "identity must be an array of tables ([[sum_mismatch.identity]])");
      c.identities.clear();
      for (const toml::node& item : *array) {
        const toml::table* table = item.as_table();
        if (!table) return r.fail(item, "identity must be an array of tables");
        TableReader ir(*table, "sum_mismatch.identity", path, error);
        SumIdentity identity;
        ir.string("total", identity.total);
        ir.strings("parts", identity.parts);
        ir.finish();
        if (identity.total.empty() || identity.parts.size() < 2) {
          ir.fail(item, "an identity needs a total and at least two parts");
        }
        c.identities.push_back(std::move(identity));
      }
    }
  });

  with_table(top, "rate_mismatch", "rate_mismatch", path, error, [&](TableReader& r) {
    auto& c = config.rate_mismatch;
    r.check_switch(c.check);
    r.number("tolerance_points", c.tolerance_points);
    r.strings("share_words", c.share_words);
    r.strings("total_words", c.total_words);
  });

  with_table(top, "score", "score", path, error, [&](TableReader& r) {
    auto& c = config.score;
    r.number("tolerance", c.tolerance);
    with_table(r, "sum", "score.sum", path, error, [&](TableReader& s) {
      s.check_switch(c.sum);
      s.severity("explained_severity", c.sum_explained_severity);
    });
    with_table(r, "weights", "score.weights", path, error,
               [&](TableReader& s) { s.check_switch(c.weights); });
    with_table(r, "over", "score.over", path, error, [&](TableReader& s) { s.check_switch(c.over); });
    with_table(r, "missing", "score.missing", path, error,
               [&](TableReader& s) { s.check_switch(c.missing); });
    with_table(r, "blank_rate", "score.blank_rate", path, error,
               [&](TableReader& s) { s.check_switch(c.blank_rate); });
    with_table(r, "fund_rule", "score.fund_rule", path, error,
               [&](TableReader& s) { s.check_switch(c.fund_rule); });
    with_table(r, "unexplained", "score.unexplained", path, error,
               [&](TableReader& s) { s.check_switch(c.unexplained); });
  });

  with_table(top, "value_conflict", "value_conflict", path, error, [&](TableReader& r) {
    auto& c = config.value_conflict;
    r.check_switch(c.check);
    r.integer("min_cjk", c.min_cjk);
    r.integer("suffix_min_cjk", c.suffix_min_cjk);
    r.strings("leading_stop_words", c.leading_stop_words);
    r.strings("trailing_stop_words", c.trailing_stop_words);
    r.strings("ambiguous_subjects", c.ambiguous_subjects);
  });

  with_table(top, "year_mismatch", "year_mismatch", path, error, [&](TableReader& r) {
    auto& c = config.year_mismatch;
    r.check_switch(c.check);
    r.integer("adjacent_sentences", c.adjacent_sentences);
    r.strings("money_words", c.money_words);
    r.strings("excuse_words", c.excuse_words);
  });

  top.finish();
}

}  // namespace

Result<CheckConfig> parse_check_config(const std::string& toml_text, const std::string& path,
                                       const CheckConfig& base) {
  toml::table root;
#if TOML_EXCEPTIONS
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    return Error{ErrorCode::rules, std::string(e.description()), path,
                 static_cast<int>(e.source().begin.line)};
  }
#else
  toml::parse_result parsed = toml::parse(toml_text, path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return Error{ErrorCode::rules, std::string(e.description()), path,
                 static_cast<int>(e.source().begin.line)};
  }
  root = std::move(parsed).table();
#endif
  CheckConfig config = base;
  Error error;  // code stays `internal` while nothing is wrong
  read_config(root, path, config, &error);
  if (error.code != ErrorCode::internal) return error;
  return config;
}

Result<CheckConfig> load_check_config(const std::string& rules_dir) {
  const std::string path = rules_dir + "/checks.toml";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::io, "cannot open the check rules", path};
  std::ostringstream text;
  text << in.rdbuf();
  auto config = parse_check_config(text.str(), path, default_check_config());
  if (!config) return config;
  auto vocabulary = Vocabulary::load(rules_dir);
  if (!vocabulary) return vocabulary.error();
  CheckConfig loaded = std::move(config).value();
  loaded.vocabulary = std::move(vocabulary).value();
  return loaded;
}

CheckConfig default_check_config() {
  static const CheckConfig config = [] {
    Result<CheckConfig> parsed =
        parse_check_config(kDefaultChecksToml, "<built-in checks.toml>", CheckConfig{});
    // The built-in text is tested to parse; the struct defaults are the fallback of last resort.
    return parsed.ok() ? parsed.value() : CheckConfig{};
  }();
  return config;
}

}  // namespace jixiao
