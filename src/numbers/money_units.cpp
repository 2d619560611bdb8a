#include "numbers/money_units.h"

#include <algorithm>

#include "core/utf.h"

namespace jixiao {
namespace {

// How the parser writes a yuan amount's unit, whatever the currency word (元, 圆, 人民币).
constexpr std::string_view kYuan = "元";

const UnitTable& builtin_units() {
  static const UnitTable table = [] {
    auto parsed = UnitTable::parse(default_units_toml(), "<built-in units.toml>");
    // The built-in text is tested to parse.
    return parsed ? std::move(parsed).value() : UnitTable{};
  }();
  return table;
}

}  // namespace

MoneyUnits::MoneyUnits() : MoneyUnits(builtin_units()) {}

MoneyUnits::MoneyUnits(const UnitTable& units) {
  auto add = [&](const std::string& text, double factor) {
    words_.emplace_back(to_u32(text), factor);
    factors_.emplace(text, factor);
  };
  for (const UnitWord& currency : units.currencies) {
    if (currency.code != "CNY" || currency.colloquial) continue;
    add(currency.text, 1);
    for (const UnitWord& prefix : units.money_prefixes) add(prefix.text + currency.text, prefix.scale);
  }
  factors_.emplace(std::string(kYuan), 1);
  names_.emplace(1, std::string(kYuan));
  for (const UnitWord& prefix : units.money_prefixes) {
    add(prefix.text, prefix.scale);
    names_.emplace(prefix.scale, prefix.text + std::string(kYuan));
  }
  std::stable_sort(words_.begin(), words_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

double MoneyUnits::factor(std::string_view unit) const {
  auto it = factors_.find(unit);
  return it == factors_.end() ? 0 : it->second;
}

std::string MoneyUnits::name(double factor) const {
  auto it = names_.find(factor);
  return it == names_.end() ? std::string(kYuan) : it->second;
}

std::optional<std::pair<size_t, double>> MoneyUnits::unit_at(std::u32string_view text, size_t pos) const {
  for (const auto& [word, factor] : words_)
    if (text.compare(pos, word.size(), word) == 0) return std::pair{word.size(), factor};
  return std::nullopt;
}

}  // namespace jixiao
