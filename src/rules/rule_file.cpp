#include "rules/rule_file.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "rules/vocabulary.h"

namespace jixiao {

Result<RuleFile> RuleFile::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) {
    Error e = rule_file_error(path, 0, "cannot read the rule file");
    e.code = ErrorCode::io;
    return e;
  }
  return parse(text.str(), path);
}

Result<RuleFile> RuleFile::parse(std::string text, std::string path) {
  RuleFile file;
  file.state_ = std::make_unique<State>();
  file.state_->path = std::move(path);
  file.state_->text = std::move(text);
#if TOML_EXCEPTIONS
  try {
    file.state_->root = toml::parse(file.state_->text, file.state_->path);
  } catch (const toml::parse_error& e) {
    return rule_file_error(file.state_->path, static_cast<int>(e.source().begin.line),
                           "not valid TOML: " + std::string(e.description()));
  }
#else
  toml::parse_result parsed = toml::parse(file.state_->text, file.state_->path);
  if (!parsed)
    return rule_file_error(file.state_->path, static_cast<int>(parsed.error().source().begin.line),
                           "not valid TOML: " + std::string(parsed.error().description()));
  file.state_->root = std::move(parsed).table();
#endif
  return file;
}

RuleTable RuleFile::top(std::string where) {
  return RuleTable(*this, state_->root, std::move(where));
}

void RuleFile::fail(int line, std::string message) {
  state_->errors.push_back(rule_file_error(state_->path, line, std::move(message)));
}

void RuleFile::fail(const toml::node& node, std::string message) {
  fail(line_of(node), std::move(message));
}

RuleTable::RuleTable(RuleFile& file, const toml::table& table, std::string where)
    : file_(&file),
      table_(&table),
      where_(std::move(where)),
      known_(std::make_shared<std::vector<std::string>>()) {}

const toml::node* RuleTable::node(std::string_view key) {
  if (std::find(known_->begin(), known_->end(), key) == known_->end()) known_->emplace_back(key);
  return table_->get(key);
}

std::string RuleTable::name_of(std::string_view key) const {
  std::string name = where_;
  // "[[funds.row]]" names its keys "funds.row.role".
  if (name.size() > 4 && name.rfind("[[", 0) == 0) name = name.substr(2, name.size() - 4);
  return name.empty() ? std::string(key) : name + "." + std::string(key);
}

void RuleTable::fail(std::string_view key, std::string message) {
  const toml::node* at = table_->get(key);
  file_->fail(at ? RuleFile::line_of(*at) : line(), std::move(message));
}

const toml::node* RuleTable::require(std::string_view key, Need need) {
  const toml::node* n = node(key);
  if (!n && need == Need::required) fail_here("missing " + name_of(key));
  return n;
}

bool RuleTable::string(std::string_view key, std::string& out, Need need) {
  const toml::node* n = require(key, need);
  if (!n) return false;
  const auto* s = n->as_string();
  if (!s || (need == Need::required && s->get().empty())) {
    fail(key,
         name_of(key) + " must be a" + std::string(need == Need::required ? " non-empty" : "") + " string");
    return false;
  }
  out = s->get();
  return true;
}

bool RuleTable::one_of(std::string_view key, std::string& out,
                       std::initializer_list<std::string_view> allowed, Need need) {
  std::string value;
  if (!string(key, value, need)) return false;
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(key, name_of(key) + " must be one of " + list + ", not \"" + value + "\"");
    return false;
  }
  out = std::move(value);
  return true;
}

bool RuleTable::integer(std::string_view key, int64_t& out, int64_t min, int64_t max, Need need) {
  const toml::node* n = require(key, need);
  if (!n) return false;
  const auto* v = n->as_integer();
  if (!v) {
    fail(key, name_of(key) + " must be an integer");
    return false;
  }
  if (v->get() < min) {
    fail(key, name_of(key) + " must be at least " + std::to_string(min));
    return false;
  }
  if (v->get() > max) {
    fail(key, name_of(key) + " must be at most " + std::to_string(max));
    return false;
  }
  out = v->get();
  return true;
}

bool RuleTable::integer(std::string_view key, int& out, int min, int max, Need need) {
  int64_t wide = out;
  if (!integer(key, wide, min, max, need)) return false;
  out = static_cast<int>(wide);
  return true;
}

bool RuleTable::number(std::string_view key, double& out, double min, Need need) {
  const toml::node* n = require(key, need);
  if (!n) return false;
  std::optional<double> v = n->is_number() ? n->value<double>() : std::nullopt;
  if (!v) {
    fail(key, name_of(key) + " must be a number");
    return false;
  }
  if (!(*v >= min)) {  // also refuses NaN
    std::ostringstream shown;
    shown << min;
    fail(key, name_of(key) + " must be at least " + shown.str());
    return false;
  }
  out = *v;
  return true;
}

bool RuleTable::boolean(std::string_view key, bool& out, Need need) {
  const toml::node* n = require(key, need);
  if (!n) return false;
  if (!n->as_boolean()) {
    fail(key, name_of(key) + " must be true or false");
    return false;
  }
  out = n->as_boolean()->get();
  return true;
}

bool RuleTable::strings(std::string_view key, std::vector<std::string>& out, Need need) {
  const toml::node* n = require(key, need);
  if (!n) return false;
  const toml::array* array = n->as_array();
  if (!array || (need == Need::required && array->empty())) {
    fail(key, name_of(key) + " must be a" + std::string(need == Need::required ? " non-empty" : "n") +
                  " array of strings");
    return false;
  }
  std::vector<std::string> values;
  for (const toml::node& item : *array) {
    const auto* s = item.as_string();
    if (!s || s->get().empty()) {
      file_->fail(item, name_of(key) + " must hold non-empty strings only");
      return false;
    }
    values.push_back(s->get());
  }
  out = std::move(values);
  return true;
}

namespace {

std::optional<boost::u32regex> compile_or_fail(RuleFile& file, const toml::node& at, const std::string& name,
                                               const std::string& source) {
  try {
    return boost::make_u32regex(source, boost::regex_constants::perl);
  } catch (const std::exception& e) {
    std::string reason = e.what();
    if (size_t cut = reason.find("  The error occurred"); cut != std::string::npos) reason.resize(cut);
    file.fail(at, name + " does not compile: " + reason);
    return std::nullopt;
  }
}

}  // namespace

bool RuleTable::regex(std::string_view key, boost::u32regex& out, Need need) {
  std::string source;
  if (!string(key, source, need)) return false;
  auto compiled = compile_or_fail(*file_, *table_->get(key), name_of(key), source);
  if (!compiled) return false;
  out = std::move(*compiled);
  return true;
}

bool RuleTable::regexes(std::string_view key, std::vector<boost::u32regex>& out, Need need) {
  std::vector<std::string> sources;
  if (!strings(key, sources, need)) return false;
  const toml::array& array = *table_->get(key)->as_array();
  std::vector<boost::u32regex> compiled;
  for (size_t i = 0; i < sources.size(); ++i) {
    auto one = compile_or_fail(*file_, *array.get(i), name_of(key), sources[i]);
    if (!one) return false;
    compiled.push_back(std::move(*one));
  }
  out = std::move(compiled);
  return true;
}

bool RuleTable::field(std::string_view key, std::string& out, const Vocabulary& vocabulary, Need need) {
  std::string name;
  if (!string(key, name, need)) return false;
  if (!vocabulary.has(name)) {
    fail(key, "unknown field \"" + name + "\" in " + name_of(key) + " (fields are listed in fields.toml)");
    return false;
  }
  out = std::move(name);
  return true;
}

std::optional<RuleTable> RuleTable::table(std::string_view key, Need need) {
  const toml::node* n = require(key, need);
  if (!n) return std::nullopt;
  const toml::table* t = n->as_table();
  if (!t) {
    fail(key, name_of(key) + " must be a table ([" + name_of(key) + "])");
    return std::nullopt;
  }
  return RuleTable(*file_, *t, name_of(key));
}

std::vector<RuleTable> RuleTable::tables(std::string_view key, Need need) {
  std::vector<RuleTable> out;
  const toml::node* n = require(key, need);
  if (!n) return out;
  const toml::array* array = n->as_array();
  if (!array || (need == Need::required && array->empty())) {
    fail(key, name_of(key) + " must be tables ([[" + name_of(key) + "]])");
    return out;
  }
  for (const toml::node& item : *array) {
    if (const toml::table* t = item.as_table())
      out.emplace_back(*file_, *t, "[[" + name_of(key) + "]]");
    else
      file_->fail(item, name_of(key) + " must be tables ([[" + name_of(key) + "]])");
  }
  return out;
}

void RuleTable::finish() const {
  for (const auto& [key, value] : *table_) {
    if (std::find(known_->begin(), known_->end(), key.str()) != known_->end()) continue;
    const std::string in = where_.empty()               ? std::string("the top level")
                           : where_.rfind("[[", 0) == 0 ? where_
                                                        : "[" + where_ + "]";
    file_->fail(value, "unknown key \"" + std::string(key.str()) + "\" in " + in);
  }
}

}  // namespace jixiao
