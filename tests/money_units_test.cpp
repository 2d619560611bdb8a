// The checker's money units come from units.toml (numbers/money_units.h), not from a list in C++:
// the shipped prefixes and currency words, and one a user adds.
#include "numbers/money_units.h"

#include <gtest/gtest.h>

#include <string>

namespace jixiao {
namespace {

TEST(MoneyUnits, ShippedUnitsGiveFactorsNamesAndCellUnits) {
  const MoneyUnits money;
  EXPECT_EQ(money.factor("元"), 1);
  EXPECT_EQ(money.factor("千元"), 1e3);
  EXPECT_EQ(money.factor("万元"), 1e4);
  EXPECT_EQ(money.factor("万"), 1e4);  // a bare prefix, as in a 万元 column
  EXPECT_EQ(money.factor("亿元"), 1e8);
  EXPECT_EQ(money.factor("人民币"), 1);
  EXPECT_EQ(money.factor("美元"), 0);  // not yuan
  EXPECT_EQ(money.factor("块"), 0);    // colloquial: money only where the parser says so
  EXPECT_EQ(money.name(1e4), "万元");
  EXPECT_EQ(money.name(1e6), "百万元");
  EXPECT_EQ(money.name(1), "元");
  const std::u32string cell = U"30.0万元/年 12亿元";
  auto unit = money.unit_at(cell, 4);
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->first, 2u);  // 万元, not 万
  EXPECT_EQ(unit->second, 1e4);
  EXPECT_FALSE(money.unit_at(cell, 0));
}

TEST(MoneyUnits, APrefixAddedToUnitsTomlIsKnownToTheChecker) {
  std::string text(default_units_toml());
  const std::string anchor = "prefixes = [\n";
  const size_t at = text.find(anchor);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + anchor.size(), "  { word = \"拾万\", scale = 1e5 },\n");
  auto units = UnitTable::parse(text, "units.toml");
  ASSERT_TRUE(units.ok()) << units.error().describe();
  const MoneyUnits money(*units);
  EXPECT_EQ(money.factor("拾万元"), 1e5);
  EXPECT_EQ(MoneyUnits().factor("拾万元"), 0);
}

}  // namespace
}  // namespace jixiao
