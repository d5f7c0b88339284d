// fot-eval inspect: readable output on good checkpoints, exit code 2 and a message naming the file
// on bad ones.
#include <gtest/gtest.h>

#include "tests/checkpoint/test_support.h"

namespace fot {
namespace {

using test::run_cli;

TEST(InspectCli, PrintsFormatConfigTensorsAndParameterCount) {
  const std::string path = test::form_path("untied_bf16_bin");
  const auto result = run_cli({"inspect", "--model", path});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_CONTAINS(result.output, "checkpoint: " + path + "\n");
  EXPECT_CONTAINS(result.output, "format: pytorch-bin\n");
  EXPECT_CONTAINS(result.output, "model: LLaMA\n");
  EXPECT_CONTAINS(result.output, "  rope_theta                500000\n");
  EXPECT_CONTAINS(result.output, "  num_key_value_heads       2\n");
  EXPECT_CONTAINS(result.output, "  torch_dtype               bfloat16\n");
  EXPECT_CONTAINS(result.output, "tensors: 30 stored\n");
  for (const auto& [name, shape] : std::vector<std::pair<std::string, std::string>>{
           {"model.embed_tokens.weight", "[97, 64]"}, {"model.layers.2.self_attn.k_proj.weight", "[32, 64]"},
           {"model.layers.0.mlp.down_proj.weight", "[64, 96]"}, {"model.norm.weight", "[64]"},
           {"lm_head.weight", "[97, 64]"}}) {
    const std::string line = test::line_starting(result.output, "  " + name + " ");
    EXPECT_CONTAINS(line, " " + shape + " ");
    EXPECT_CONTAINS(line, " bfloat16");
  }
  // Model order: embedding first, layers in order, head last.
  EXPECT_LT(result.output.find("model.embed_tokens"), result.output.find("model.layers.0."));
  EXPECT_LT(result.output.find("model.layers.1.mlp.down"), result.output.find("model.layers.2.input"));
  EXPECT_LT(result.output.find("model.norm.weight"), result.output.find("lm_head.weight"));

  int64_t parameters = 0;
  for (const auto& [name, tensor] : test::golden()["variants"]["untied"]["tensors"].items()) {
    int64_t numel = 1;
    for (int64_t dim : tensor["shape"].get<std::vector<int64_t>>()) numel *= dim;
    parameters += numel;
  }
  EXPECT_CONTAINS(result.output, "parameters: " + std::to_string(parameters) + "\n");
}

TEST(InspectCli, TiedHeadsRotaryBuffersAndLongLlamaFields) {
  const auto tied = run_cli({"inspect", "--model", test::form_path("tied_f32_bin")});
  ASSERT_EQ(tied.exit_code, 0) << tied.output;
  const std::string head = test::line_starting(tied.output, "  lm_head.weight ");
  EXPECT_CONTAINS(head, "[97, 64]");
  EXPECT_CONTAINS(head, "float32  (ignored: tied to model.embed_tokens.weight)");
  EXPECT_CONTAINS(tied.output, "  tie_word_embeddings       true\n");
  const auto tied_llama2c = run_cli({"inspect", "--model", test::form_path("tied_llama2c")});
  ASSERT_EQ(tied_llama2c.exit_code, 0) << tied_llama2c.output;
  EXPECT_CONTAINS(tied_llama2c.output, "format: llama2c\n");
  EXPECT_CONTAINS(tied_llama2c.output, "lm_head.weight: tied to model.embed_tokens.weight (not stored)");
  // Same parameters either way.
  const auto count = [](const std::string& output) { return output.substr(output.find("parameters: ")); };
  EXPECT_EQ(count(tied.output), count(tied_llama2c.output));

  const auto untied = run_cli({"inspect", "--model", test::form_path("untied_f32_bin")});
  ASSERT_EQ(untied.exit_code, 0) << untied.output;
  const std::string inv_freq = test::line_starting(untied.output, "  model.layers.0.self_attn.rotary_emb.inv_freq ");
  EXPECT_CONTAINS(inv_freq, "[8] ");
  EXPECT_CONTAINS(inv_freq, "float32  (ignored: not a parameter)");

  const auto longllama = run_cli({"inspect", "--model", test::form_path("untied_f32_longllama")});
  ASSERT_EQ(longllama.exit_code, 0) << longllama.output;
  EXPECT_CONTAINS(longllama.output, "model: LongLLaMA (FoT memory layers)\n");
  EXPECT_CONTAINS(longllama.output, "  mem_layers                [1]\n");
  EXPECT_CONTAINS(longllama.output, "  last_context_length       32\n");
  EXPECT_CONTAINS(longllama.output, "  mem_dtype                 bfloat16\n");
  EXPECT_CONTAINS(longllama.output, "  mem_positionals           true\n");
  EXPECT_CONTAINS(longllama.output, "  mem_attention_grouping    none\n");
}

TEST(InspectCli, BadInputExitsWithCode2AndNamesTheFile) {
  const auto dir = test::copy_form("untied_f32_safetensors");
  const std::string file = (dir / "model.safetensors").string();
  const std::string bytes = test::read_bytes(file);
  test::write_bytes(file, bytes.substr(0, bytes.size() / 2));
  struct Case {
    std::string path, expect;
  };
  const auto evil = test::tiny_dir() / "bad" / "evil_system";
  for (const Case& c : {Case{(dir / "missing").string(), "checkpoint '" + (dir / "missing").string() + "' does not exist"},
                        Case{dir.string(), file + ": tensor '"},
                        Case{evil.string(), "forbidden global 'posix.system'"},
                        Case{(test::tiny_dir() / "bad" / "short_storage").string(), "record holds"}}) {
    SCOPED_TRACE(c.path);
    const auto result = run_cli({"inspect", "--model", c.path});
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_CONTAINS(result.output, "fot-eval inspect: error: ");
    EXPECT_CONTAINS(result.output, c.expect);
  }
  EXPECT_FALSE(test::fs::exists(evil / "PWNED"));

  const auto result = run_cli({"inspect"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_CONTAINS(result.output, "--model");
}

}  // namespace
}  // namespace fot
