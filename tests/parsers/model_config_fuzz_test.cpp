// config.json inputs found while fuzzing (fuzz/corpus/fuzz_model_config/crash-*): integer fields
// that nlohmann's get<int> would cast (a float out of range is undefined behaviour; a wider integer
// wrapped to a valid-looking value) are refused, naming the file and the field.
#include "models/model_config.h"
#include "tests/parsers/parser_test_files.h"

namespace fot {
namespace {

void expect_config_refused(const std::string& text, const std::string& expected) {
  const std::string path = test::write_file("config.json", text);
  test::expect_refused([&] { load_hf_config(path); }, path, expected);
}

TEST(ModelConfigFuzzFindings, FloatOutsideIntRangeIsRefused) {
  expect_config_refused(test::corpus_input("fuzz_model_config", "crash-float-vocab-size"),
                        "field 'vocab_size' has the wrong type (1e+300)");
}

TEST(ModelConfigFuzzFindings, IntegerWiderThanTheFieldIsRefusedNotWrapped) {
  expect_config_refused(test::corpus_input("fuzz_model_config", "crash-wrapping-vocab-size"),
                        "field 'vocab_size' is out of range (4294967297)");
}

TEST(ModelConfigFuzzFindings, FractionalAndOutOfRangeListItemsAreRefused) {
  const std::string base = R"("vocab_size": 32, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 2)";
  expect_config_refused("{" + base + R"(, "num_hidden_layers": 2.5})", "field 'num_hidden_layers' has the wrong type (2.5)");
  expect_config_refused("{" + base + R"(, "num_hidden_layers": 2, "mem_layers": [1, -2147483649]})",
                        "field 'mem_layers' is out of range (-2147483649)");
  expect_config_refused("{" + base + R"(, "num_hidden_layers": 2, "mem_layers": [1], "last_context_length": 1e30})",
                        "field 'last_context_length' has the wrong type");
}

TEST(ModelConfigFuzzFindings, IntegersInRangeStillLoad) {
  const std::string path = test::write_file(
      "config.json", R"({"vocab_size": 2147483647, "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 2,
                        "num_attention_heads": 2, "max_position_embeddings": 9223372036854775807,
                        "mem_layers": [0, 1], "last_context_length": 16})");
  const ModelConfig config = load_hf_config(path);
  EXPECT_EQ(config.vocab_size, 2147483647);
  EXPECT_EQ(config.max_position_embeddings, INT64_MAX);
  EXPECT_EQ(*config.mem_layers, (std::vector<int32_t>{0, 1}));
}

}  // namespace
}  // namespace fot
