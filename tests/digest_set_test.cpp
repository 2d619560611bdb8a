#include "core/digest_set.h"

#include <gtest/gtest.h>

#include <string>

#include "core/sha256.h"

namespace jixiao {
namespace {

TEST(DigestSet, KnowsWhatWasInsertedThroughManyGrowths) {
  DigestSet set;
  for (int i = 0; i < 30000; ++i) EXPECT_TRUE(set.insert(sha256_hex(std::to_string(i))));
  EXPECT_EQ(set.size(), 30000u);
  for (int i = 0; i < 30000; ++i) {
    EXPECT_TRUE(set.contains(sha256_hex(std::to_string(i)))) << i;
    EXPECT_FALSE(set.insert(sha256_hex(std::to_string(i)))) << i;
  }
  for (int i = 30000; i < 31000; ++i) EXPECT_FALSE(set.contains(sha256_hex(std::to_string(i)))) << i;
  EXPECT_EQ(set.size(), 30000u);
}

TEST(DigestSet, KeepsWhatIsNotADigestAsItIs) {
  DigestSet set;
  const std::string zero(64, '0');  // the table's empty-slot marker, still a value to hold
  for (const std::string& s :
       {std::string(), std::string("abc"), std::string(64, 'A'), zero, sha256_hex("x") + "0"}) {
    EXPECT_FALSE(set.contains(s)) << s;
    EXPECT_TRUE(set.insert(s)) << s;
    EXPECT_TRUE(set.contains(s)) << s;
    EXPECT_FALSE(set.insert(s)) << s;
  }
  // Upper-case hex is a different string from the lower-case digest the hasher gives.
  const std::string lower = sha256_hex("y");
  std::string upper = lower;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(set.insert(lower));
  EXPECT_FALSE(set.contains(upper));
  EXPECT_EQ(set.size(), 6u);
}

}  // namespace
}  // namespace jixiao
