// The landmark protocol against prompts built by Python from docs/passkey-protocol.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tasks/common/rng.h"
#include "tasks/passkey/passkey_text.h"
#include "test_util.h"

namespace fot {
namespace {

TEST(PasskeyLandmark, PromptsMatchReferenceByteForByte) {
  const std::string dir = test::golden_dir() + "/landmark";
  const auto cases = nlohmann::json::parse(test::read_text(dir + "/cases.json"));
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    const auto prompt = passkey::landmark_prompt(c["n_garbage"], c["n_prefix"], c["key"]);
    const std::string expected = test::read_text(dir + "/" + c["file"].get<std::string>());
    EXPECT_EQ(prompt.text.size(), expected.size()) << c.dump();
    EXPECT_TRUE(prompt.text == expected) << c.dump();
    EXPECT_EQ(prompt.text.compare(prompt.needle_offset, 16, "The pass key is "), 0) << c.dump();
  }
}

TEST(PasskeyLandmark, FillerIsTheReferenceGarbage) {
  const std::string expected = test::read_text(test::golden_dir() + "/landmark/garbage_inf.txt");
  ASSERT_EQ(expected.size(), 449999u);
  EXPECT_TRUE(passkey::filler(449999) == expected);
  EXPECT_EQ(std::string(passkey::kFillerUnit).size(), 89u);
  // Past the reference's 5000 units the same pattern continues.
  const std::string longer = passkey::filler(449999 + 90 * 3);
  EXPECT_EQ(longer.compare(0, expected.size(), expected), 0);
  EXPECT_EQ(longer.substr(449999, 91), " " + std::string(passkey::kFillerUnit) + " ");
}

TEST(PasskeyLandmark, SeededDrawsStayInTheReferenceRanges) {
  std::set<int64_t> keys;
  int64_t smallest_prefix = 1000, largest_prefix = -1;
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    SplitMix64 rng(seed);
    const int64_t n_prefix = rng.randint(0, 100);  // numpy randint(0, n_garbage)
    const int64_t key = rng.randint(1, 50000);     // numpy randint(1, 50000)
    ASSERT_GE(n_prefix, 0);
    ASSERT_LT(n_prefix, 100);
    ASSERT_GE(key, 1);
    ASSERT_LE(key, 49999);
    smallest_prefix = std::min(smallest_prefix, n_prefix);
    largest_prefix = std::max(largest_prefix, n_prefix);
    keys.insert(key);
  }
  EXPECT_EQ(smallest_prefix, 0);
  EXPECT_EQ(largest_prefix, 99);
  EXPECT_GT(keys.size(), 1900u);
  SplitMix64 a(7), b(7);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next(), b.next());
}

}  // namespace
}  // namespace fot
