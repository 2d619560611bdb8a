// UnitTable: the words the number parser knows, read from rules/units.toml.
//
// Every list is data (see the comments in rules/units.toml for what each one means); the
// parser only knows the grammar of numerals (digits, 十百千万亿, 点). Lists are sorted longest
// word first, so a lookup can stop at the first hit ("平方公里" before "公里").
//
// Loading never throws: a malformed file, an unknown key or a value of the wrong type gives
// an Error with code ErrorCode::rules, the file's path and the 1-based line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace jixiao {

struct UnitWord {
  std::u32string word;                     // folded form, as matched
  std::string text;                        // UTF-8 of `word`
  double scale = 1;                        // money prefixes and subunits, percent symbols
  std::string code;                        // currency code ("CNY", "USD") for money words
  std::string symbol;                      // comparators: "≥", "≤", ">", "<"
  bool colloquial = false;                 // 块: money only in a money-like position
  bool discrete = false;                   // count units that take whole numbers only
  bool dash = false;                       // range connectors that are also hyphens
  double value = 0;                        // percent phrases (打对折 = 50)
  std::u32string before;                   // percent phrases: the word that must precede
  std::vector<std::u32string> not_before;  // the word is not this unit when one of these follows
  std::vector<std::u32string> not_after;   // ... or when one of these precedes it
};

struct UnitTable {
  std::vector<UnitWord> money_prefixes, currencies, currency_markers, money_subunits;
  std::vector<UnitWord> money_closers, money_per, money_joiners;
  std::vector<UnitWord> percent_symbols, percent_points, percent_tenths, percent_discounts;
  std::vector<UnitWord> percent_phrases;
  std::vector<UnitWord> score_words;
  std::vector<UnitWord> count_units;
  std::vector<UnitWord> approx_before, approx_middle, approx_after;
  std::vector<UnitWord> comparator_before, comparator_after, inclusive;
  std::vector<UnitWord> not_amount_after, not_amount_before;
  std::vector<UnitWord> range_connectors, range_openers;

  // Parses the TOML text of a units file; `path` is only used in error messages.
  static Result<UnitTable> parse(std::string_view toml_text, const std::string& path);
  // Reads and parses a units file.
  static Result<UnitTable> load(const std::string& path);
};

// The text of rules/units.toml built into the binary (NumberParser's default).
std::string_view default_units_toml();

}  // namespace jixiao
