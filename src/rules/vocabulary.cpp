#include "rules/vocabulary.h"

#include <cmath>
#include <filesystem>

#include "rules/rule_file.h"

namespace jixiao {
namespace {

// The text of rules/fields.toml, embedded by the build (CMake writes this file from it).
constexpr const char* kBuiltinFieldsToml =
#include "rules/fields_default.inc"
    ;

}  // namespace

const FieldInfo* Vocabulary::find(const std::string& field) const {
  auto it = index_.find(field);
  return it == index_.end() ? nullptr : &fields_[it->second];
}

const FormFamily* Vocabulary::family_by_execution_points(double execution_points) const {
  for (const FormFamily& family : families_)
    if (std::abs(family.execution_points - execution_points) < 1e-9) return &family;
  return nullptr;
}

const std::string& Vocabulary::label(const std::string& field) const {
  static const std::string none;
  const FieldInfo* info = find(field);
  return info ? info->label : none;
}

Result<Vocabulary> Vocabulary::parse(const std::string& toml_text, const std::string& path) {
  auto file = RuleFile::parse(toml_text, path);
  if (!file) return file.error();
  return read(*file);
}

Result<Vocabulary> Vocabulary::read(RuleFile& file) {
  Vocabulary v;
  RuleTable top = file.top();
  if (auto meta = top.table("meta")) {
    meta->string("version", v.version_);
    meta->finish();
  }
  for (RuleTable item : top.tables("field", Need::required)) {
    FieldInfo info;
    item.string("name", info.name, Need::required);
    item.one_of("kind", info.kind, {"money", "percent", "count", "score", "year", "text"}, Need::required);
    item.string("label", info.label, Need::required);
    item.boolean("tables_only", info.tables_only);
    item.finish();
    if (info.name.empty()) continue;
    if (info.name.find('.') == std::string::npos)
      item.fail("name", "a field name is <group>.<name>: " + info.name);
    else if (v.index_.count(info.name))
      item.fail("name", "field listed twice: " + info.name);
    v.index_[info.name] = v.fields_.size();
    v.fields_.push_back(std::move(info));
  }
  for (RuleTable item : top.tables("rate")) {
    RatePair pair;
    item.field("rate", pair.rate, v, Need::required);
    item.field("numerator", pair.numerator, v, Need::required);
    item.string("label", pair.label, Need::required);
    std::string scope;
    item.one_of("scope", scope, {"near", "row"});
    pair.own_row_only = scope == "row";
    if (item.strings("denominators", pair.denominators, Need::required))
      for (const std::string& name : pair.denominators)
        if (!v.has(name))
          item.fail("denominators",
                    "unknown field \"" + name + "\" in rate.denominators (fields are listed in fields.toml)");
    item.finish();
    v.rates_.push_back(std::move(pair));
  }
  for (RuleTable item : top.tables("family")) {
    FormFamily family;
    item.string("name", family.name, Need::required);
    item.string("label", family.label, Need::required);
    item.number("total", family.total, 0.0);
    item.number("execution_points", family.execution_points, 0.0, Need::required);
    item.number("indicator_points", family.indicator_points, 0.0, Need::required);
    if (std::abs(family.execution_points + family.indicator_points - family.total) > 1e-9)
      item.fail("indicator_points",
                "family " + family.name + ": execution_points + indicator_points must be its total");
    for (const FormFamily& other : v.families_)
      if (other.execution_points == family.execution_points)
        item.fail("execution_points",
                  "families " + other.name + " and " + family.name +
                      " have the same execution_points; a report could not tell them apart");
    item.finish();
    v.families_.push_back(std::move(family));
  }
  top.finish();
  if (file.failed()) return file.first_error();
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
  auto file = RuleFile::read(path.string());
  if (!file) return file.error();
  return read(*file);
}

}  // namespace jixiao
