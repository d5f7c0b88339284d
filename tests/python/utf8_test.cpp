// The one UTF-8 decoder against Python's bytes.decode("utf-8") and bytes.decode("utf-8", "replace").
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "tasks/common/python/utf8.h"
#include "tests/python/python_golden.h"

namespace fot::python {
namespace {

std::u32string code_points(const nlohmann::json& list) {
  std::u32string out;
  for (const auto& cp : list) out.push_back(cp.get<char32_t>());
  return out;
}

TEST(Utf8, DecodesAndRefusesAsPythonDoes) {
  const auto& cases = test::golden()["utf8"];
  ASSERT_GT(cases.size(), 3000u);
  size_t refused = 0;
  for (const auto& c : cases) {
    const std::string bytes = test::from_hex(c["bytes"]);
    EXPECT_EQ(decode_utf8_replacing(bytes), code_points(c["replace"])) << c["bytes"];
    if (c.contains("strict")) {
      EXPECT_EQ(decode_utf8(bytes), code_points(c["strict"])) << c["bytes"];
      EXPECT_TRUE(is_valid_utf8(bytes)) << c["bytes"];
      EXPECT_EQ(encode_utf8(decode_utf8(bytes)), bytes);
      continue;
    }
    ++refused;
    const size_t start = c["error_start"];
    EXPECT_EQ(first_invalid_utf8(bytes), start) << c["bytes"];
    try {
      decode_utf8(bytes);
      ADD_FAILURE() << "accepted " << c["bytes"];
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("byte " + std::to_string(start + 1) + " "), std::string::npos) << e.what();
    }
  }
  EXPECT_GT(refused, cases.size() / 4);
  EXPECT_LT(refused, cases.size());
}

}  // namespace
}  // namespace fot::python
