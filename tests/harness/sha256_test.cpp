#include "common/sha256.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fot {
namespace {

std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

TEST(Sha256, MatchesPythonHashlib) {
  const auto cases = nlohmann::json::parse(test::read_text(test::golden_dir() + "/sha256.json"));
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    std::string data = c.contains("hex") ? from_hex(c["hex"]) : std::string(c["count"].get<size_t>(), c["repeat"].get<std::string>()[0]);
    EXPECT_EQ(sha256_hex(data), c["sha256"].get<std::string>()) << "input of " << data.size() << " bytes";
  }
}

TEST(Sha256, StreamingEqualsOneShot) {
  std::string data(1000, 'q');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  for (size_t chunk : {1, 3, 63, 64, 65, 500}) {
    Sha256 hash;
    for (size_t i = 0; i < data.size(); i += chunk) hash.update(data.substr(i, chunk));
    EXPECT_EQ(hash.hex_digest(), sha256_hex(data)) << "chunk " << chunk;
  }
}

}  // namespace
}  // namespace fot
