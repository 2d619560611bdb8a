// The money units of rules/units.toml as the checker compares and shows amounts: 元 per unit
// ("万元" → 1e4, from the prefixes' scales), the name of a factor (1e4 → "万元"), and the yuan unit
// written at a place in a cell. The number parser writes a yuan amount's unit as prefix + "元"
// (numbers.cpp), which is what factor() reads; a bare prefix ("万") counts as that many 元.
//
//   MoneyUnits money(units);        // or MoneyUnits() for the built-in units.toml
//   money.factor("万元")            // 1e4
//   money.name(1e4)                 // "万元"
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "numbers/units.h"

namespace jixiao {

class MoneyUnits {
 public:
  MoneyUnits();  // from the built-in units.toml
  explicit MoneyUnits(const UnitTable& units);

  // 元 per `unit`; 0 when it is not a yuan unit.
  double factor(std::string_view unit) const;
  // The unit of `factor` as the parser writes it ("万元"); "元" for a scale no prefix has.
  std::string name(double factor) const;
  // The yuan unit word starting at text[pos], longest first: its length and factor.
  std::optional<std::pair<size_t, double>> unit_at(std::u32string_view text, size_t pos) const;

  bool operator==(const MoneyUnits&) const = default;

 private:
  std::vector<std::pair<std::u32string, double>> words_;  // every spelling, longest first
  std::map<std::string, double, std::less<>> factors_;    // unit text -> factor
  std::map<double, std::string> names_;                   // factor -> prefix + "元"
};

}  // namespace jixiao
