// Loading rules/checks.toml into CheckConfig through the one rule-file reader (rules/rule_file.h),
// and the built-in copy of that file.
#include <filesystem>

#include "check/check.h"
#include "rules/rule_file.h"

namespace jixiao {
namespace {

// The text of rules/checks.toml, embedded so that the program runs without a rules directory.
constexpr const char* kDefaultChecksToml =
#include "check/checks_default.inc"
    ;

const std::initializer_list<std::string_view> kSeverities = {"error", "warning", "info"};

void read_switch(RuleTable& r, CheckSwitch& out) {
  r.boolean("enabled", out.enabled);
  r.one_of("severity", out.severity, kSeverities);
}

// Runs `read` over the sub-table `key` of `parent`, if present, then refuses its unknown keys.
template <class Fn>
void with_table(RuleTable& parent, const char* key, Fn read) {
  if (auto table = parent.table(key)) {
    read(*table);
    table->finish();
  }
}

void read_config(RuleFile& file, CheckConfig& config) {
  RuleTable top = file.top();

  with_table(top, "unit_magnitude", [&](RuleTable& r) {
    auto& c = config.unit_magnitude;
    read_switch(r, c.check);
    r.one_of("absurd_severity", c.absurd_severity, kSeverities);
    r.number("absurd_ratio", c.absurd_ratio);
    r.integer("min_peers", c.min_peers);
    r.integer("max_parts", c.max_parts, 2, 20);
    r.number("tolerance_per_part", c.tolerance_per_part);
    r.strings("unit_price_words", c.unit_price_words);
  });

  with_table(top, "sum_mismatch", [&](RuleTable& r) {
    auto& c = config.sum_mismatch;
    read_switch(r, c.check);
    r.one_of("minor_severity", c.minor_severity, kSeverities);
    r.number("minor_gap", c.minor_gap);
    r.number("tolerance_per_part", c.tolerance_per_part);
    r.number("list_max_relative_gap", c.list_max_relative_gap);
    r.number("cost_max_relative_gap", c.cost_max_relative_gap);
    r.strings("total_words", c.total_words);
    r.strings("list_markers", c.list_markers);
    r.strings("complete_list_markers", c.complete_list_markers);
    r.strings("partial_list_openers", c.partial_list_openers);
    r.strings("partial_list_endings", c.partial_list_endings);
    r.strings("cost_level2_words", c.cost_level2_words);
    r.strings("change_openers", c.change_openers);
    r.strings("change_verbs", c.change_verbs);
    r.strings("closing_total_words", c.closing_total_words);
    r.strings("list_ending_fields", c.list_ending_fields);
    if (r.has("identity")) c.identities.clear();
    for (RuleTable item : r.tables("identity")) {
      SumIdentity identity;
      item.field("total", identity.total, config.vocabulary, Need::required);
      std::vector<std::string> parts;
      if (item.strings("parts", parts, Need::required)) {
        if (parts.size() < 2) item.fail("parts", "an identity needs at least two parts");
        for (std::string& part : parts)
          if (!config.vocabulary.has(part))
            item.fail("parts", "unknown field \"" + part +
                                   "\" in sum_mismatch.identity.parts (fields are listed in fields.toml)");
        identity.parts = std::move(parts);
      }
      item.finish();
      c.identities.push_back(std::move(identity));
    }
  });

  with_table(top, "rate_mismatch", [&](RuleTable& r) {
    auto& c = config.rate_mismatch;
    read_switch(r, c.check);
    r.number("tolerance_points", c.tolerance_points);
    r.strings("share_words", c.share_words);
    r.strings("total_words", c.total_words);
  });

  with_table(top, "score", [&](RuleTable& r) {
    auto& c = config.score;
    r.number("tolerance", c.tolerance);
    r.number("rounded_tolerance", c.rounded_tolerance);
    with_table(r, "sum", [&](RuleTable& s) {
      read_switch(s, c.sum);
      s.one_of("explained_severity", c.sum_explained_severity, kSeverities);
    });
    with_table(r, "weights", [&](RuleTable& s) {
      read_switch(s, c.weights);
      boost::u32regex compiled;  // validated here, compiled again where it is used
      if (s.regex("block_points", compiled)) {
        s.string("block_points", c.block_points);
        if (c.block_points.find("(?<w>") == std::string::npos)
          s.fail("block_points", s.name_of("block_points") + ": the pattern needs a (?<w>...) group");
      }
    });
    with_table(r, "over", [&](RuleTable& s) { read_switch(s, c.over); });
    with_table(r, "missing", [&](RuleTable& s) { read_switch(s, c.missing); });
    with_table(r, "blank_rate", [&](RuleTable& s) { read_switch(s, c.blank_rate); });
    with_table(r, "fund_rule", [&](RuleTable& s) { read_switch(s, c.fund_rule); });
    with_table(r, "unexplained", [&](RuleTable& s) { read_switch(s, c.unexplained); });
    with_table(r, "grade", [&](RuleTable& s) {
      read_switch(s, c.grade);
      if (s.has("band")) c.grade_bands.clear();
      for (RuleTable item : s.tables("band")) {
        GradeBand band;
        item.strings("grades", band.grades, Need::required);
        item.number("min", band.min, 0, Need::required);
        item.finish();
        c.grade_bands.push_back(std::move(band));
      }
      std::sort(c.grade_bands.begin(), c.grade_bands.end(),
                [](const GradeBand& a, const GradeBand& b) { return a.min > b.min; });
    });
  });

  with_table(top, "value_conflict", [&](RuleTable& r) {
    auto& c = config.value_conflict;
    read_switch(r, c.check);
    r.integer("min_cjk", c.min_cjk);
    r.integer("suffix_min_cjk", c.suffix_min_cjk);
    r.strings("leading_stop_words", c.leading_stop_words);
    r.strings("trailing_stop_words", c.trailing_stop_words);
    r.strings("ambiguous_subjects", c.ambiguous_subjects);
    r.strings("event_endings", c.event_endings);
    r.strings("figure_fields", c.figure_fields);
  });

  with_table(top, "year_mismatch", [&](RuleTable& r) {
    auto& c = config.year_mismatch;
    read_switch(r, c.check);
    r.integer("adjacent_sentences", c.adjacent_sentences);
    r.strings("money_words", c.money_words);
    r.strings("excuse_words", c.excuse_words);
  });

  with_table(top, "names", [&](RuleTable& names) {
    for (const auto& [key, value] : names.raw()) {
      std::string name;
      if (names.string(key.str(), name, Need::required)) config.kind_names[std::string(key.str())] = name;
    }
  });

  top.finish();
}

}  // namespace

Result<CheckConfig> parse_check_config(const std::string& toml_text, const std::string& path,
                                       const CheckConfig& base) {
  auto file = RuleFile::parse(toml_text, path);
  if (!file) return file.error();
  CheckConfig config = base;
  read_config(*file, config);
  if (file->failed()) return file->first_error();
  return config;
}

Result<CheckConfig> load_check_config(const std::string& rules_dir) {
  // The vocabulary first: checks.toml names fields (the identities), checked against it.
  auto vocabulary = Vocabulary::load(rules_dir);
  if (!vocabulary) return vocabulary.error();
  return load_check_config(rules_dir, std::move(vocabulary).value());
}

Result<CheckConfig> load_check_config(const std::string& rules_dir, Vocabulary vocabulary) {
  CheckConfig base = default_check_config();
  base.vocabulary = std::move(vocabulary);
  // units.toml as the number parser reads it: the built-in copy when the directory has none.
  if (std::error_code ec; std::filesystem::exists(rules_dir + "/units.toml", ec)) {
    auto units = UnitTable::load(rules_dir + "/units.toml");
    if (!units) return units.error();
    base.money = MoneyUnits(*units);
  }
  auto file = RuleFile::read(rules_dir + "/checks.toml");
  if (!file) return file.error();
  return parse_check_config(file->text(), file->path(), base);
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
