// The number and unit parser shared by every rule: finds quantities in normalized text.
//
// Numerals: Arabic (1,234.5; 1，234 before a unit; full-width ７７．４６), Chinese (一百二十万,
// 两千, 零, 十二, 一万二千, 三万五 = 35000, 二点五, 廿二, digit by digit 一七二零 when it is the whole
// text), capitals (壹佰, 肆佰叁拾萬), mixed (1.2万, 3.5亿, 100万三千, 两个亿), k / w suffixes (15k, 30w),
// a sign (-5%, 负3.9%). Traditional number words read like simplified ones.
//
// Kinds (Quantity::kind) and what `value` and `unit` hold:
//   money    a currency word after the number, or a marker before it (人民币 ￥ $ RMB 港币).
//            value as written in unit: 165.69 "万元", 3.5 "亿元", 5 "千元" (5千元), 3000 "元" (三千元:
//            Chinese numerals keep only 万/亿 in the unit); coins fold in (123元1角1分 = 123.11 "元");
//            块 is 元 before 钱/毛/角 or in spoken Chinese amounts; rates keep their denominator
//            ("元/天"). `yuan` = value x unit scale, for 元 only (foreign money: unit "亿美元", no yuan).
//   percent  "%" with value in percent: 77.46%, 百分之九十 = 90, 千分之二点四 = 0.24, 2‰ = 0.2,
//            九成 = 90, 八折 = 80; percentage points keep unit "百分点" (5个百分点).
//   score    分 after an ASCII number (98分), not 分钟 / 分之 / 10时30分.
//   count    a unit from units.toml [count] (53人, 3000余件, 12.5平方公里); 万 folds into value
//            (1.2万人 = 12000 "人"). 一 + classifier + noun (一个惊喜) is an article, not a count.
//   number   a bare number (a table cell "6", "19.2"; 1.2万 = 12000). With
//            NumberContext::implied_money_unit a bare number becomes money, unit_implied = true.
//   range    two bounds (10-20万元, 10~20万元, 10至20万元, 5%-10%, 两到三万港元 = 2..3 "万港元",
//            从8500到3万港元 = 0.85..3) and vague amounts (数十亿元 = 10..100 "亿元", 八九亿, 十几万) for
//            money and counts: value = lower bound, to = upper bound, both in `unit`; no yuan.
// Attributes: approx (约 近 大约 余 多 左右 上下 ..., as written) and comparator (≥ ≤ > <, from
// 不低于 不少于 至少 以上 / 不超过 不高于 以内 以下 / 大于 超过 / 小于 不到 不足 and the symbols ≥ ≤ > < ＞);
// 达到 is no comparator. Prefixes and suffixes are part of the quantity's span.
//
// Never quantities: years and dates (2024年, 2024年度, 12月31日, 2024-12-31, 2024.12.31, a bare
// 19xx/20xx in running text), times (10时30分, 1:30), document numbers (〔2025〕17号, 第3号, 2号文件),
// phone numbers and ids (0731-12345678, bare integers of 7+ digits, A2021...), section numbers at a clause
// start (1、 （2） 3. 一、 第一章), ordinals (第二届, 第1季度), numbers in quotes ("8.31"工程, “6.26”), names
// with a dash (清源断流-2023), versions (1.2.3), fractions (二分之一), URLs (%25). A single Chinese
// digit needs a unit (统一, 一般, 四川 are words) unless it is the whole text.
//
// Units and their words are data: rules/units.toml (see UnitTable in numbers/units.h).
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
  // No context: what a reader that scans a cell once for several uses may cache.
  bool is_default() const { return implied_money_unit.empty(); }
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
  // parse_cell from find_all's result for the same text and context: for a caller that needs
  // both of a cell (a table reader) and scans it once.
  static std::optional<Quantity> whole_cell_of(std::u32string_view text, const std::vector<Quantity>& all);

  // Immutable after construction: copies share the tables and may be used from any thread.
 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jixiao
