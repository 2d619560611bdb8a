// The number and unit parser shared by every rule: finds quantities in normalized text.
//
// Reads Arabic numbers (thousands separators, decimals), Chinese numerals (一百二十万, 两千,
// 零, 十二), mixed forms (1.2万, 3.5亿元), money units (元 千元 万元 亿元, or one implied by a
// table header), percent (%, 百分之九十), count units (人 个 次 家 件 ...), scores (分),
// approximations (余 多 约 近 以上 左右) and comparators (≥ ≤ > < 不低于 不超过 以内) as
// attributes, and ranges (10-20万元). Years, dates, document numbers (盐财发〔2025〕17号),
// phone numbers, section numbers and named campaigns ("8.31"工程) are never amounts.
//
// Units and their words are data: rules/units.toml (see UnitTable::load).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/records.h"

namespace jixiao {

struct UnitTable;  // defined in numbers/units.h

struct NumberContext {
  std::string implied_money_unit;  // "万元" when a table header says "（万元）"
};

class NumberParser {
 public:
  // Built-in defaults (the same content as rules/units.toml), for tests and fuzzers.
  NumberParser();
  // Units from a rule directory's units.toml; errors name the file and line.
  static Result<NumberParser> load(const std::string& rules_dir);

  // Every quantity in `text`, in order, non-overlapping. Offsets are code points in `text`.
  std::vector<Quantity> find_all(std::u32string_view text, const NumberContext& ctx = {}) const;
  // The quantity that makes up a whole table cell ("6", "19.2万元", "≥90%"), if any;
  // surrounding spaces and a trailing 。 are allowed.
  std::optional<Quantity> parse_cell(std::u32string_view text, const NumberContext& ctx = {}) const;

  // Immutable after construction: copies share the tables and may be used from any thread.
 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jixiao
