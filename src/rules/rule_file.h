// One reader for every rule file of rules/ (fields, figures, tables, segment, checks, units,
// limits): the TOML is parsed with file:line errors, values are read through typed getters that
// remember which keys were asked for, and a key nobody asked for is an error, so that a typo in a
// key never silently keeps a default. A field name is checked against the vocabulary the same way
// in every file.
//
//   auto file = RuleFile::read(dir + "/limits.toml");
//   if (!file) return file.error();
//   RuleTable top = file->top();
//   top.integer("max_entries", limits.max_entries, 1);
//   if (auto sub = top.table("cells")) sub->regex("placeholder", rules.placeholder, Need::required);
//   top.finish();                            // unknown keys of the top level
//   if (file->failed()) return file->first_error();
//
// Getters leave `out` unchanged when the key is absent (the caller's default stays) unless the key
// is required, and record an error when it is present with the wrong type or out of range. Errors
// accumulate (the figure rules report them all); most loaders return the first.
#pragma once

#include <toml++/toml.h>

#include <boost/regex/icu.hpp>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace jixiao {

class Vocabulary;
class RuleTable;

enum class Need { optional, required };

class RuleFile {
 public:
  // Reads and parses `path`; an unreadable file is an io error, bad TOML a rules error at its line.
  static Result<RuleFile> read(const std::string& path);
  // Parses `text`; `path` only names the source in errors ("<built-in fields.toml>").
  static Result<RuleFile> parse(std::string text, std::string path);

  const std::string& path() const { return state_->path; }
  const std::string& text() const { return state_->text; }
  const toml::table& root() const { return state_->root; }

  // The top-level table; `where` names it in messages (the file name when empty).
  RuleTable top(std::string where = "");

  void fail(int line, std::string message);
  void fail(const toml::node& node, std::string message);
  bool failed() const { return !state_->errors.empty(); }
  const std::vector<Error>& errors() const { return state_->errors; }
  const Error& first_error() const { return state_->errors.front(); }
  // Forgets the errors after the first n (a caller that reported them its own way).
  void truncate_errors(size_t n) {
    if (n < state_->errors.size()) state_->errors.resize(n);
  }

  static int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

 private:
  struct State {
    std::string path, text;
    toml::table root;
    std::vector<Error> errors;
  };
  std::unique_ptr<State> state_;  // stable address: RuleTables point into it
  friend class RuleTable;
};

// One table of a rule file being read. Cheap to copy; valid while its RuleFile lives.
class RuleTable {
 public:
  RuleTable(RuleFile& file, const toml::table& table, std::string where);

  const toml::table& raw() const { return *table_; }
  int line() const { return RuleFile::line_of(*table_); }
  const std::string& where() const { return where_; }
  RuleFile& file() const { return *file_; }

  // The node of `key` (marked as known), or null.
  const toml::node* node(std::string_view key);
  bool has(std::string_view key) { return node(key) != nullptr; }

  bool string(std::string_view key, std::string& out, Need need = Need::optional);
  bool one_of(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed,
              Need need = Need::optional);
  bool integer(std::string_view key, int64_t& out, int64_t min = std::numeric_limits<int64_t>::min(),
               int64_t max = std::numeric_limits<int64_t>::max(), Need need = Need::optional);
  bool integer(std::string_view key, int& out, int min = std::numeric_limits<int>::min(),
               int max = std::numeric_limits<int>::max(), Need need = Need::optional);
  // Any number, integer or float; NaN is refused.
  bool number(std::string_view key, double& out, double min = -std::numeric_limits<double>::infinity(),
              Need need = Need::optional);
  bool boolean(std::string_view key, bool& out, Need need = Need::optional);
  // An array of non-empty strings (non-empty itself when required).
  bool strings(std::string_view key, std::vector<std::string>& out, Need need = Need::optional);
  // A Boost.Regex (ICU) pattern, compiled; a pattern that does not compile is an error.
  bool regex(std::string_view key, boost::u32regex& out, Need need = Need::optional);
  bool regexes(std::string_view key, std::vector<boost::u32regex>& out, Need need = Need::optional);
  // A field name listed in the vocabulary (fields.toml).
  bool field(std::string_view key, std::string& out, const Vocabulary& vocabulary,
             Need need = Need::optional);

  // A sub-table; wrong type and (when required) absence are errors.
  std::optional<RuleTable> table(std::string_view key, Need need = Need::optional);
  // An array of tables ([[key]]), each read as a RuleTable named "[[where.key]]".
  std::vector<RuleTable> tables(std::string_view key, Need need = Need::optional);

  // The key's qualified name in messages: "cells.max_prefix".
  std::string name_of(std::string_view key) const;
  void fail(std::string_view key, std::string message);  // at the key's line (the table's if absent)
  void fail_here(std::string message) { file_->fail(line(), std::move(message)); }

  // Every key of the table that no getter asked for is an error ("unknown key").
  void finish() const;

 private:
  const toml::node* require(std::string_view key, Need need);

  RuleFile* file_;
  const toml::table* table_;
  std::string where_;  // "" for the top level, "cells", "[[funds.row]]"
  std::shared_ptr<std::vector<std::string>> known_;
};

}  // namespace jixiao
