// The single-model commands (inspect, generate, score) resolve a checkpoint as `run` does
// (resolve_spec in models/model_factory.h): a config.json path stands for its directory, the
// tokenizer defaults to tokenizer.model beside the checkpoint, memory flags that a plain
// checkpoint cannot use are refused naming the flag, and backend longllama on a plain checkpoint
// says what is missing. The shipped zoo models: tiny-openllama (plain), tiny-longllama (memory).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

std::string zoo(const std::string& model) {
  const std::string dir = std::string(FOT_SOURCE_DIR) + "/zoo/" + model;
  if (!test::fs::is_regular_file(dir + "/config.json")) throw std::runtime_error(dir + " is missing");
  return dir;
}

std::string contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos ? "" : "expected '" + part + "' in: " + text;
}
#define EXPECT_HAS(text, part) EXPECT_EQ(contains(text, part), "")

// Parameters of an untied LLaMA from its config.json: embedding and head V*H; per layer q, k, v, o
// (H*H each with as many key/value heads as heads), gate, up, down (H*I each) and two norms; final norm.
int64_t llama_parameters(const json& c) {
  const int64_t V = c["vocab_size"], H = c["hidden_size"], I = c["intermediate_size"], L = c["num_hidden_layers"];
  EXPECT_EQ(c["num_key_value_heads"], c["num_attention_heads"]);
  EXPECT_FALSE(c["tie_word_embeddings"].get<bool>());
  return 2 * V * H + L * (4 * H * H + 3 * H * I + 2 * H) + H;
}

TEST(SingleModelCli, InspectOnConfigJsonInspectsItsDirectory) {
  for (const std::string model : {"tiny-longllama", "tiny-openllama"}) {
    SCOPED_TRACE(model);
    const std::string dir = zoo(model);
    const auto by_file = test::run_fot_eval({"inspect", "--model", dir + "/config.json"});
    const auto by_dir = test::run_fot_eval({"inspect", "--model", dir});
    ASSERT_EQ(by_file.exit_code, 0) << by_file.err;
    ASSERT_EQ(by_dir.exit_code, 0) << by_dir.err;
    EXPECT_EQ(by_file.out, by_dir.out);
    const json config = json::parse(test::read_text(dir + "/config.json"));
    EXPECT_HAS(by_file.out, "checkpoint: " + dir + "\n");
    EXPECT_HAS(by_file.out, "format: safetensors\n");
    EXPECT_HAS(by_file.out, "weights file: " + dir + "/model.safetensors\n");
    EXPECT_HAS(by_file.out, "  vocab_size                " + std::to_string(config["vocab_size"].get<int>()) + "\n");
    EXPECT_HAS(by_file.out, "  hidden_size               " + std::to_string(config["hidden_size"].get<int>()) + "\n");
    EXPECT_HAS(by_file.out,
               "  num_hidden_layers         " + std::to_string(config["num_hidden_layers"].get<int>()) + "\n");
    EXPECT_HAS(by_file.out, "parameters: " + std::to_string(llama_parameters(config)) + "\n");
    // float32 weights: the safetensors file is 4 bytes a parameter plus its header.
    const auto bytes = static_cast<int64_t>(test::fs::file_size(dir + "/model.safetensors"));
    EXPECT_GT(bytes, 4 * llama_parameters(config));
    EXPECT_LT(bytes, 4 * llama_parameters(config) + 65536);
  }
  const auto longllama = test::run_fot_eval({"inspect", "--model", zoo("tiny-longllama") + "/config.json"});
  EXPECT_HAS(longllama.out, "model: LongLLaMA (FoT memory layers)\nbackend: longllama\n");
  EXPECT_HAS(longllama.out, "  mem_layers                [2]\n");
  EXPECT_HAS(longllama.out, "memory: layers=2;L=128;lcl=112;dtype=float32;lookup=dense;cap=none\n");
}

TEST(SingleModelCli, JsonFileOutsideACheckpointIsRefused) {
  test::TempDir dir;
  test::write_text(dir / "settings.json", "{\"vocab_size\": 5}");
  const auto r = test::run_fot_eval({"inspect", "--model", dir / "settings.json"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_HAS(r.err, dir / "settings.json' is a JSON file outside an HF checkpoint directory");
}

TEST(SingleModelCli, MemoryFlagsOnAPlainCheckpointAreRefusedNamingTheFlag) {
  const std::string plain = zoo("tiny-openllama");
  // Every memory flag on generate; one on inspect and on score (the commands share to_model_spec).
  std::vector<std::vector<std::string>> cases;
  for (const auto& flag : std::vector<std::vector<std::string>>{
           {"--mem-topk", "4"}, {"--mem-layers", "2"}, {"--mem-dtype", "float32"}, {"--mem-cap", "64"},
           {"--last-context-length", "64"}}) {
    cases.push_back({"generate", "--prompt", "hi", "--max-new-tokens", "2", flag[0], flag[1]});
  }
  cases.push_back({"inspect", "--mem-topk", "4"});
  cases.push_back({"score", "--continuation", "hi", "--mem-cap", "64"});
  for (std::vector<std::string> args : cases) {
    const std::string command = args[0], flag = args[args.size() - 2];
    args.insert(args.end(), {"--model", plain});
    SCOPED_TRACE(command + " " + flag);
    const auto r = test::run_fot_eval(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_HAS(r.err, "fot-eval " + command + ": error: " + flag + " configures FoT memory layers");
    EXPECT_HAS(r.err, "checkpoint '" + plain + "' has none (its " + plain + "/config.json has no 'mem_layers')");
    EXPECT_HAS(r.err, "drop " + flag);
    EXPECT_EQ(r.out, "");
  }
  // A memory checkpoint forced onto backend llama: refused the same way.
  const auto forced = test::run_fot_eval({"inspect", "--model", zoo("tiny-longllama"), "--backend", "llama",
                                          "--mem-topk", "4"});
  EXPECT_EQ(forced.exit_code, 2) << forced.err;
  EXPECT_HAS(forced.err, "--mem-topk configures FoT memory layers, which backend 'llama' does not have");
  // Inspect reads weights as stored: generation options are not its flags.
  const auto overflow = test::run_fot_eval({"inspect", "--model", plain, "--overflow", "keep_last"});
  EXPECT_EQ(overflow.exit_code, 2) << overflow.err;
  EXPECT_HAS(overflow.err, "--overflow");
}

TEST(SingleModelCli, MemoryFlagsOnAMemoryCheckpointApply) {
  const auto r = test::run_fot_eval({"inspect", "--model", zoo("tiny-longllama"), "--mem-topk", "4", "--mem-cap",
                                     "64", "--last-context-length", "96"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_HAS(r.out, "memory: layers=2;L=128;lcl=96;dtype=float32;lookup=topk:4;cap=64\n");
  const auto out_of_range = test::run_fot_eval({"inspect", "--model", zoo("tiny-longllama"), "--mem-layers", "4"});
  EXPECT_EQ(out_of_range.exit_code, 2) << out_of_range.err;
  EXPECT_HAS(out_of_range.err, "memory.layers holds 4, outside 0..3 for this checkpoint");
}

TEST(SingleModelCli, GenerateAndScoreFindTheTokenizerBesideTheCheckpoint) {
  for (const std::string model : {"tiny-openllama", "tiny-longllama"}) {
    SCOPED_TRACE(model);
    const std::string dir = zoo(model);
    const std::vector<std::string> generate = {"generate", "--prompt", "Once upon a time", "--max-new-tokens", "12",
                                               "--print-ids"};
    const std::vector<std::string> score = {"score", "--context", "The key is 123. The key is", "--continuation",
                                            " 123."};
    for (const auto& command : {generate, score}) {
      std::vector<std::string> named = command, implied = command, by_config = command;
      named.insert(named.end(), {"--model", dir, "--tokenizer", dir + "/tokenizer.model"});
      implied.insert(implied.end(), {"--model", dir});
      by_config.insert(by_config.end(), {"--model", dir + "/config.json"});
      const auto a = test::run_fot_eval(named), b = test::run_fot_eval(implied), c = test::run_fot_eval(by_config);
      ASSERT_EQ(a.exit_code, 0) << a.err;
      ASSERT_EQ(b.exit_code, 0) << b.err;
      ASSERT_EQ(c.exit_code, 0) << c.err;
      EXPECT_FALSE(a.out.empty());
      EXPECT_EQ(a.out, b.out);
      EXPECT_EQ(a.out, c.out);
    }
  }
}

TEST(SingleModelCli, MissingDefaultTokenizerSaysToNameOne) {
  test::TempDir dir;
  const std::string plain = zoo("tiny-openllama");
  test::fs::copy_file(plain + "/config.json", dir / "config.json");
  test::fs::copy_file(plain + "/model.safetensors", dir / "model.safetensors");
  const auto r = test::run_fot_eval({"generate", "--model", dir.path().string(), "--prompt", "hi"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_HAS(r.err, "no tokenizer named and '" + (dir / "tokenizer.model") + "' does not exist");
  EXPECT_HAS(r.err, "--tokenizer");

  const std::string llama2c = test::shared_data() + "/stories260K/stories260K.bin";
  const auto bin = test::run_fot_eval({"score", "--model", llama2c, "--continuation", "hi"});
  EXPECT_EQ(bin.exit_code, 2) << bin.err;
  EXPECT_HAS(bin.err, "'" + llama2c + "' is a llama2.c file, with no tokenizer beside it");
  const auto named = test::run_fot_eval({"score", "--model", llama2c, "--tokenizer",
                                         test::shared_data() + "/stories260K/tok512.model", "--continuation", " a"});
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_HAS(named.out, "tokens ");
}

TEST(SingleModelCli, LongLlamaOnAPlainCheckpointSaysItHasNoMemoryLayers) {
  const std::string plain = zoo("tiny-openllama");
  const auto r = test::run_fot_eval({"generate", "--model", plain, "--backend", "longllama", "--prompt", "hi"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_HAS(r.err, "backend 'longllama' needs memory layers, and checkpoint '" + plain + "' has none (its " + plain +
                        "/config.json has no 'mem_layers')");
  EXPECT_HAS(r.err, "use backend 'llama' for it, or name the layers to give memory (memory.layers, --mem-layers)");
  EXPECT_EQ(r.err.find("1024"), std::string::npos) << r.err;

  const auto no_lcl = test::run_fot_eval(
      {"inspect", "--model", plain, "--backend", "longllama", "--mem-layers", "2"});
  EXPECT_EQ(no_lcl.exit_code, 2) << no_lcl.err;
  EXPECT_HAS(no_lcl.err, "so no last_context_length to default to; set memory.last_context_length "
                         "(--last-context-length), at most the window L (128)");

  // Naming both gives the plain model memory layers (FoT on an untrained model): it runs.
  const auto given = test::run_fot_eval({"inspect", "--model", plain, "--backend", "longllama", "--mem-layers", "2",
                                         "--last-context-length", "64"});
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_HAS(given.out, "model: LLaMA\nbackend: longllama\nmemory: layers=2;L=128;lcl=64;");
  const auto generated = test::run_fot_eval({"generate", "--model", plain, "--backend", "longllama", "--mem-layers",
                                             "2", "--last-context-length", "64", "--prompt", "hi",
                                             "--max-new-tokens", "4", "--print-ids"});
  EXPECT_EQ(generated.exit_code, 0) << generated.err;

  // `run` with the same model entry stops with the same message before reading weights.
  test::TempDir dir;
  test::write_text(dir / "c.yaml", "models:\n  - name: forced\n    backend: longllama\n    checkpoint: " + plain +
                                       "\ntasks:\n  - {name: passkey, variant: tokens, context_lengths: [96]}\n");
  const auto run = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_HAS(run.err, "model 'forced': backend 'longllama' needs memory layers, and checkpoint '" + plain +
                          "' has none");
  EXPECT_EQ(run.err.find("1024"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace fot
