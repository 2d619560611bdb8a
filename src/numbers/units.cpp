#include "numbers/units.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/utf.h"

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

Error rules_error(const std::string& path, const toml::source_region& where, const std::string& msg) {
  Error e;
  e.code = ErrorCode::rules;
  e.path = path;
  e.line = static_cast<int>(where.begin.line);
  e.message = msg;
  return e;
}

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

// Reads a non-empty string node; returns false (and sets *err) when it is not one.
bool read_string(const toml::node& node, const std::string& path, const std::string& what, std::string* out,
                 Error* err) {
  const auto* s = node.as_string();
  if (!s || s->get().empty()) {
    *err = rules_error(path, node.source(), what + ": expected a non-empty string");
    return false;
  }
  *out = s->get();
  return true;
}

bool read_string_list(const toml::node& node, const std::string& path, const std::string& what,
                      std::vector<std::u32string>* out, Error* err) {
  const auto* arr = node.as_array();
  if (!arr) {
    *err = rules_error(path, node.source(), what + ": expected an array of strings");
    return false;
  }
  for (const auto& item : *arr) {
    std::string s;
    if (!read_string(item, path, what, &s, err)) return false;
    out->push_back(to_u32(s));
  }
  return true;
}

bool read_entry(const toml::node& node, const ListSpec& spec, const std::string& path, UnitWord* out,
                Error* err) {
  const std::string where = std::string(spec.table) + "." + std::string(spec.key);
  if (spec.fields.empty()) {
    if (!read_string(node, path, where, &out->text, err)) return false;
    out->word = to_u32(out->text);
    return true;
  }
  const auto* tbl = node.as_table();
  if (!tbl) {
    *err = rules_error(path, node.source(), where + ": expected an inline table like { word = \"...\" }");
    return false;
  }
  bool have_word = false;
  for (const auto& [key, value] : *tbl) {
    const std::string name(key.str());
    if (!has_field(spec.fields, name)) {
      *err = rules_error(path, value.source(),
                         where + ": unknown key '" + name + "' (allowed: " + std::string(spec.fields) + ")");
      return false;
    }
    const std::string what = where + "." + name;
    if (name == "word") {
      if (!read_string(value, path, what, &out->text, err)) return false;
      out->word = to_u32(out->text);
      have_word = true;
    } else if (name == "scale" || name == "value") {
      auto number = value.value<double>();
      if (!number || !(*number > 0 || (name == "value" && *number >= 0))) {
        *err = rules_error(path, value.source(), what + ": expected a positive number");
        return false;
      }
      (name == "scale" ? out->scale : out->value) = *number;
    } else if (name == "code" || name == "symbol" || name == "before") {
      std::string s;
      if (!read_string(value, path, what, &s, err)) return false;
      if (name == "code") out->code = s;
      if (name == "symbol") out->symbol = s;
      if (name == "before") out->before = to_u32(s);
    } else if (name == "colloquial" || name == "discrete" || name == "dash") {
      const auto* b = value.as_boolean();
      if (!b) {
        *err = rules_error(path, value.source(), what + ": expected true or false");
        return false;
      }
      (name == "colloquial" ? out->colloquial : name == "discrete" ? out->discrete : out->dash) = b->get();
    } else if (name == "not_before" || name == "not_after") {
      if (!read_string_list(value, path, what, name == "not_before" ? &out->not_before : &out->not_after,
                            err))
        return false;
    }
  }
  if (!have_word) {
    *err = rules_error(path, node.source(), where + ": entry without 'word'");
    return false;
  }
  if (has_field(spec.fields, "symbol") && out->symbol.empty()) {
    *err = rules_error(path, node.source(), where + ": entry '" + out->text + "' without 'symbol'");
    return false;
  }
  if (has_field(spec.fields, "code") && out->code.empty()) {
    *err = rules_error(path, node.source(), where + ": entry '" + out->text + "' without 'code'");
    return false;
  }
  return true;
}

}  // namespace

Result<UnitTable> UnitTable::parse(std::string_view toml_text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    return rules_error(path, e.source(), std::string(e.description()));
  }

  UnitTable table;
  Error err;
  for (const auto& [table_key, table_node] : root) {
    const std::string table_name(table_key.str());
    const auto* tbl = table_node.as_table();
    bool known_table = false;
    for (const auto& spec : kLists) known_table |= spec.table == table_name;
    if (!known_table || !tbl) {
      return rules_error(path, table_node.source(), "unknown table '" + table_name + "'");
    }
    for (const auto& [key, node] : *tbl) {
      const std::string key_name(key.str());
      const ListSpec* spec = nullptr;
      for (const auto& s : kLists)
        if (s.table == table_name && s.key == key_name) spec = &s;
      if (!spec) {
        return rules_error(path, node.source(), "unknown key '" + table_name + "." + key_name + "'");
      }
      const auto* arr = node.as_array();
      if (!arr) return rules_error(path, node.source(), table_name + "." + key_name + ": expected an array");
      auto& list = table.*(spec->member);
      for (const auto& item : *arr) {
        UnitWord word;
        if (!read_entry(item, *spec, path, &word, &err)) return err;
        list.push_back(std::move(word));
      }
    }
  }
  for (const auto& spec : kLists) {
    auto& list = table.*(spec.member);
    if (list.empty()) {
      return rules_error(path, root.source(),
                         "missing list '" + std::string(spec.table) + "." + std::string(spec.key) + "'");
    }
    std::stable_sort(list.begin(), list.end(),
                     [](const UnitWord& a, const UnitWord& b) { return a.word.size() > b.word.size(); });
  }
  return table;
}

Result<UnitTable> UnitTable::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e;
    e.code = ErrorCode::io;
    e.path = path;
    e.message = "cannot open the units file";
    return e;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

}  // namespace jixiao
