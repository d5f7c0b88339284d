// Broken llama2.c files (made from the fixture's valid untied one): each error names the file and
// what is wrong.
#include <gtest/gtest.h>

#include <cstring>

#include "models/checkpoint/checkpoint.h"
#include "tests/checkpoint/test_support.h"

namespace fot {
namespace {

std::function<void(std::string&)> set_header(std::vector<std::pair<int, int32_t>> fields) {
  return [fields](std::string& bytes) {
    for (const auto& [index, value] : fields) std::memcpy(bytes.data() + 4 * index, &value, 4);
  };
}

TEST(Llama2cBad, EachBrokenFileIsReportedWithItsFile) {
  const std::string valid = test::read_bytes(test::form_path("l2c_untied_llama2c"));
  const std::string size = std::to_string(valid.size());
  struct Case {
    std::string name;
    std::function<void(std::string&)> edit;
    std::vector<std::string> expect;
  };
  const std::vector<Case> cases = {
      {"truncated", [](std::string& b) { b.resize(b.size() - 4); },
       {"file is " + std::to_string(valid.size() - 4) + " bytes", "implies " + size + " bytes (file truncated?)"}},
      {"trailing bytes", [](std::string& b) { b += "xxxx"; }, {"implies " + size + " bytes"}},
      {"shorter than the header", [](std::string& b) { b.resize(27); }, {"too short for a llama2.c header"}},
      {"empty", [](std::string& b) { b.clear(); }, {"0 bytes, too short for a llama2.c header"}},
      {"tied header on an untied file", set_header({{5, 97}}), {"vocab_size=97", "implies"}},
      {"zero heads", set_header({{3, 0}}), {"llama2.c header field 'n_heads' is 0"}},
      {"negative layers", set_header({{2, -3}}), {"llama2.c header field 'n_layers' is -3"}},
      {"kv heads do not divide heads", set_header({{4, 3}}), {"field 'num_key_value_heads' (3) must divide"}},
      {"absurd dimensions", set_header({{0, 1 << 30}, {3, 1 << 20}, {4, 1 << 20}}),
       {"llama2.c header describes an impossibly large model"}},
      {"versioned export", set_header({{0, 0x616b3432}}), {"only the legacy v0 format is supported"}},
  };
  int index = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string file = test::copy_form("l2c_untied_llama2c", std::to_string(index++)).string();
    std::string bytes = valid;
    c.edit(bytes);
    test::write_bytes(file, bytes);
    const std::string error = test::input_error([&] { load_checkpoint(file); });
    EXPECT_CONTAINS(error, file + ": ");
    for (const auto& expect : c.expect) EXPECT_CONTAINS(error, expect);
  }
}

}  // namespace
}  // namespace fot
