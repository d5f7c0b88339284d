// A JSON number too large for a double (3e609088, found by fuzz_shard_index) makes nlohmann throw
// out_of_range, not parse_error: every JSON parser of a downloaded file must still answer with an
// InputError naming the file (fuzz/corpus/fuzz_{shard_index,model_config}/crash-number-overflow).
#include <cstring>

#include "models/checkpoint/safetensors_header.h"
#include "models/checkpoint/shard_index.h"
#include "models/model_config.h"
#include "tasks/icl/webqs_data.h"
#include "tests/parsers/parser_test_files.h"

namespace fot {
namespace {

const char* const kOverflow = "number overflow parsing '3e609088'";

TEST(JsonNumberOverflow, ShardIndex) {
  const std::string path = test::write_file("model.safetensors.index.json",
                                            test::corpus_input("fuzz_shard_index", "crash-number-overflow"));
  test::expect_refused([&] { read_shard_index(path); }, path, kOverflow);
}

TEST(JsonNumberOverflow, SafetensorsHeader) {
  const std::string json = R"({"__metadata__": {"n": 3e609088}})";
  std::string file(8, '\0');
  const uint64_t length = json.size();
  std::memcpy(file.data(), &length, 8);
  file += json;
  test::expect_refused(
      [&] { parse_safetensors_header(reinterpret_cast<const uint8_t*>(file.data()), file.size(), "m.safetensors"); },
      "m.safetensors", kOverflow);
}

TEST(JsonNumberOverflow, ModelConfig) {  // fuzz_model_config found it too
  const std::string path =
      test::write_file("config.json", test::corpus_input("fuzz_model_config", "crash-number-overflow"));
  test::expect_refused([&] { load_hf_config(path); }, path, "number overflow parsing '1e340'");
}

TEST(JsonNumberOverflow, WebQuestions) {
  const std::string path = test::write_file("webqs.json", R"([{"utterance": "q", "targetValue": 3e609088}])");
  test::expect_refused([&] { icl::read_webqs_file(path); }, path, kOverflow);
}

}  // namespace
}  // namespace fot
