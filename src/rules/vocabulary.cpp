#include "rules/vocabulary.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace jixiao {
namespace {

// The text of rules/fields.toml, embedded by the build (CMake writes this file from it).
constexpr const char* kBuiltinFieldsToml =
#include "rules/fields_default.inc"
    ;

int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

}  // namespace

const FieldInfo* Vocabulary::find(const std::string& field) const {
  auto it = index_.find(field);
  return it == index_.end() ? nullptr : &fields_[it->second];
}

const std::string& Vocabulary::label(const std::string& field) const {
  static const std::string none;
  const FieldInfo* info = find(field);
  return info ? info->label : none;
}

Result<Vocabulary> Vocabulary::parse(const std::string& toml_text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    return rule_file_error(path, static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  Vocabulary v;
  // Every key is one the loader reads: a typo is an error, never a silently missing field.
  auto check_keys = [&](const toml::table& table, std::initializer_list<std::string_view> known,
                        const std::string& where) -> std::optional<Error> {
    for (const auto& [key, value] : table) {
      if (std::find(known.begin(), known.end(), std::string_view(key.str())) == known.end())
        return rule_file_error(path, line_of(value),
                               "unknown key '" + std::string(key.str()) + "' in " + where);
    }
    return std::nullopt;
  };
  auto string_of = [&](const toml::table& table, const char* key, const toml::node& where,
                       std::string& out) -> std::optional<Error> {
    const toml::node* node = table.get(key);
    if (!node || !node->value<std::string>() || node->value<std::string>()->empty())
      return rule_file_error(path, line_of(node ? *node : where),
                             std::string("missing or empty string '") + key + "'");
    out = *node->value<std::string>();
    return std::nullopt;
  };
  if (auto e = check_keys(root, {"meta", "field", "rate"}, "fields.toml")) return *e;
  if (const toml::table* meta = root["meta"].as_table()) {
    if (auto e = check_keys(*meta, {"version"}, "[meta]")) return *e;
    v.version_ = (*meta)["version"].value_or(std::string());
  }
  const toml::array* fields = root["field"].as_array();
  if (!fields || fields->empty()) return rule_file_error(path, 1, "fields.toml needs [[field]] entries");
  static const std::vector<std::string> kKinds = {"money", "percent", "count", "score", "year", "text"};
  for (const toml::node& item : *fields) {
    const toml::table* table = item.as_table();
    if (!table) return rule_file_error(path, line_of(item), "[[field]] must be a table");
    if (auto e = check_keys(*table, {"name", "kind", "label", "tables_only"}, "[[field]]")) return *e;
    FieldInfo info;
    for (auto [key, out] : {std::pair{"name", &info.name}, {"kind", &info.kind}, {"label", &info.label}})
      if (auto e = string_of(*table, key, item, *out)) return *e;
    if (const toml::node* node = table->get("tables_only")) {
      if (!node->value<bool>())
        return rule_file_error(path, line_of(*node), "tables_only must be true or false");
      info.tables_only = *node->value<bool>();
    }
    if (std::find(kKinds.begin(), kKinds.end(), info.kind) == kKinds.end())
      return rule_file_error(path, line_of(*table->get("kind")),
                             "unknown kind '" + info.kind + "' (money, percent, count, score, year, text)");
    if (info.name.find('.') == std::string::npos)
      return rule_file_error(path, line_of(*table->get("name")),
                             "a field name is <group>.<name>: " + info.name);
    if (v.index_.count(info.name))
      return rule_file_error(path, line_of(*table->get("name")), "field listed twice: " + info.name);
    v.index_[info.name] = v.fields_.size();
    v.fields_.push_back(std::move(info));
  }
  if (const toml::node* rates_node = root.get("rate")) {
    const toml::array* rates = rates_node->as_array();
    if (!rates)
      return rule_file_error(path, line_of(*rates_node), "rate must be an array of tables ([[rate]])");
    for (const toml::node& item : *rates) {
      const toml::table* table = item.as_table();
      if (!table) return rule_file_error(path, line_of(item), "[[rate]] must be a table");
      if (auto e = check_keys(*table, {"rate", "numerator", "denominators", "label"}, "[[rate]]")) return *e;
      RatePair pair;
      for (auto [key, out] :
           {std::pair{"rate", &pair.rate}, {"numerator", &pair.numerator}, {"label", &pair.label}})
        if (auto e = string_of(*table, key, item, *out)) return *e;
      const toml::array* denominators = (*table)["denominators"].as_array();
      if (!denominators || denominators->empty())
        return rule_file_error(path, line_of(item), "[[rate]] needs a non-empty denominators list");
      for (const toml::node& d : *denominators) {
        if (!d.value<std::string>())
          return rule_file_error(path, line_of(d), "denominators must be field names");
        pair.denominators.push_back(*d.value<std::string>());
      }
      for (const std::string* name : {&pair.rate, &pair.numerator})
        if (!v.has(*name))
          return rule_file_error(path, line_of(item), "[[rate]] names an unlisted field: " + *name);
      for (const std::string& name : pair.denominators)
        if (!v.has(name))
          return rule_file_error(path, line_of(item), "[[rate]] names an unlisted field: " + name);
      v.rates_.push_back(std::move(pair));
    }
  }
  return v;
}

const Vocabulary& Vocabulary::builtin() {
  static const Vocabulary vocabulary = [] {
    auto parsed = parse(kBuiltinFieldsToml, "<built-in fields.toml>");
    // The build embeds the shipped file, which the tests load: it always parses.
    return parsed ? std::move(parsed).value() : Vocabulary{};
  }();
  return vocabulary;
}

Result<Vocabulary> Vocabulary::load(const std::string& rules_dir) {
  const std::filesystem::path path = std::filesystem::path(rules_dir) / "fields.toml";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return builtin();
  std::ifstream in(path, std::ios::binary);
  if (!in) return rule_file_error(path.string(), 0, "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string());
}

}  // namespace jixiao
