#include "numbers/units.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/utf.h"
#include "rules/rule_file.h"

namespace jixiao {
namespace {

// One list of the file: where it lives and which fields its entries may have. An empty
// `fields` means a plain array of strings.
struct ListSpec {
  std::string_view table;
  std::string_view key;
  std::vector<UnitWord> UnitTable::*member;
  std::string_view fields;  // comma-separated, "word" is always required
};

const ListSpec kLists[] = {
    {"money", "prefixes", &UnitTable::money_prefixes, "word,scale"},
    {"money", "currencies", &UnitTable::currencies, "word,code,colloquial"},
    {"money", "markers", &UnitTable::currency_markers, "word,code"},
    {"money", "subunits", &UnitTable::money_subunits, "word,code,scale"},
    {"money", "closers", &UnitTable::money_closers, ""},
    {"money", "per", &UnitTable::money_per, ""},
    {"money", "joiners", &UnitTable::money_joiners, ""},
    {"percent", "symbols", &UnitTable::percent_symbols, "word,scale"},
    {"percent", "points", &UnitTable::percent_points, ""},
    {"percent", "tenths", &UnitTable::percent_tenths, "word,not_before"},
    {"percent", "discounts", &UnitTable::percent_discounts, "word,not_before"},
    {"percent", "phrases", &UnitTable::percent_phrases, "word,before,value"},
    {"score", "words", &UnitTable::score_words, "word,not_before"},
    {"count", "units", &UnitTable::count_units, "word,discrete,not_before"},
    {"approx", "before", &UnitTable::approx_before, "word,not_after"},
    {"approx", "middle", &UnitTable::approx_middle, ""},
    {"approx", "after", &UnitTable::approx_after, ""},
    {"comparator", "before", &UnitTable::comparator_before, "word,symbol"},
    {"comparator", "after", &UnitTable::comparator_after, "word,symbol"},
    {"comparator", "inclusive", &UnitTable::inclusive, ""},
    {"not_amount", "after", &UnitTable::not_amount_after, ""},
    {"not_amount", "before", &UnitTable::not_amount_before, ""},
    {"range", "connectors", &UnitTable::range_connectors, "word,dash"},
    {"range", "openers", &UnitTable::range_openers, ""},
};

bool has_field(std::string_view fields, std::string_view name) {
  size_t pos = 0;
  while (pos <= fields.size()) {
    size_t comma = fields.find(',', pos);
    if (comma == std::string_view::npos) comma = fields.size();
    if (fields.substr(pos, comma - pos) == name) return true;
    pos = comma + 1;
  }
  return false;
}

std::vector<std::u32string> wide(const std::vector<std::string>& words) {
  std::vector<std::u32string> out;
  for (const std::string& w : words) out.push_back(to_u32(w));
  return out;
}

// One entry of a list of inline tables ({ word = "万", scale = 1e4 }); its keys are the spec's.
UnitWord read_entry(RuleTable& entry, const ListSpec& spec) {
  UnitWord out;
  entry.string("word", out.text, Need::required);
  out.word = to_u32(out.text);
  if (has_field(spec.fields, "scale") && entry.number("scale", out.scale) && !(out.scale > 0))
    entry.fail("scale", entry.name_of("scale") + " must be a positive number");
  if (has_field(spec.fields, "value")) entry.number("value", out.value, 0.0);
  if (has_field(spec.fields, "code")) entry.string("code", out.code, Need::required);
  if (has_field(spec.fields, "symbol")) entry.string("symbol", out.symbol, Need::required);
  std::string before;
  if (has_field(spec.fields, "before") && entry.string("before", before)) out.before = to_u32(before);
  if (has_field(spec.fields, "colloquial")) entry.boolean("colloquial", out.colloquial);
  if (has_field(spec.fields, "discrete")) entry.boolean("discrete", out.discrete);
  if (has_field(spec.fields, "dash")) entry.boolean("dash", out.dash);
  std::vector<std::string> words;
  if (has_field(spec.fields, "not_before") && entry.strings("not_before", words))
    out.not_before = wide(words);
  if (has_field(spec.fields, "not_after") && entry.strings("not_after", words)) out.not_after = wide(words);
  entry.finish();
  return out;
}

}  // namespace

Result<UnitTable> UnitTable::parse(std::string_view toml_text, const std::string& path) {
  auto file = RuleFile::parse(std::string(toml_text), path);
  if (!file) return file.error();
  UnitTable table;
  RuleTable top = file->top();
  std::map<std::string_view, std::optional<RuleTable>> groups;  // [money], [percent], ...
  for (const auto& spec : kLists) top.node(spec.table);
  top.finish();  // an unknown table first: a typo in its name explains the missing lists
  for (const auto& spec : kLists) {
    if (!groups.count(spec.table)) groups[spec.table] = top.table(spec.table, Need::required);
    std::optional<RuleTable>& group = groups[spec.table];
    if (!group) continue;
    auto& list = table.*(spec.member);
    if (spec.fields.empty()) {
      std::vector<std::string> words;
      group->strings(spec.key, words, Need::required);
      for (std::string& w : words) {
        UnitWord word;
        word.word = to_u32(w);
        word.text = std::move(w);
        list.push_back(std::move(word));
      }
    } else {
      for (RuleTable entry : group->tables(spec.key, Need::required)) list.push_back(read_entry(entry, spec));
    }
    std::stable_sort(list.begin(), list.end(),
                     [](const UnitWord& a, const UnitWord& b) { return a.word.size() > b.word.size(); });
  }
  for (const auto& [name, group] : groups)
    if (group) group->finish();
  if (file->failed()) return file->first_error();
  return table;
}

Result<UnitTable> UnitTable::load(const std::string& path) {
  auto file = RuleFile::read(path);
  if (!file) return file.error();
  return parse(file->text(), path);
}

}  // namespace jixiao
