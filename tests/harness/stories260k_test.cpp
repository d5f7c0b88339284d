// fot-eval run on a real model: stories260K through the llama backend (needs the lead's LibTorch
// backends registered in fot-eval) and its SentencePiece tokenizer, from ../shared/data.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fot {
namespace {

TEST(Stories260K, PasskeyRunProducesEveryFile) {
  const std::string data = test::shared_data();
  ASSERT_TRUE(test::fs::exists(data + "/stories260K/stories260K.bin"));
  test::TempDir dir;
  const auto r = test::run_fot_eval(
      {"run", std::string(FOT_SOURCE_DIR) + "/configs/examples/stories260k_passkey.yaml", "-o", dir / "out"},
      {{"FOT_SHARED_DATA", data}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* file : {"results.csv", "results.json", "results.md", "samples.jsonl",
                           "plots/accuracy_passkey_tokens.png", "plots/accuracy_passkey_landmark.svg",
                           "plots/heatmap_stories260K_passkey_tokens.png"})
    EXPECT_TRUE(test::fs::is_regular_file(dir / ("out/" + std::string(file)))) << file;
  const auto rows = test::read_lines(dir / "out/results.csv");
  ASSERT_EQ(rows.size(), 1u + 3 * 4 + 2);
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i].rfind("stories260K,none,passkey,", 0), 0u) << rows[i];
  const auto samples = test::read_lines(dir / "out/samples.jsonl");
  ASSERT_EQ(samples.size(), 22u);
  for (const auto& line : samples) {
    const auto record = nlohmann::json::parse(line);
    if (record["variant"] == "tokens") {
      EXPECT_EQ(record["prompt_tokens"].get<int64_t>() + record["answer_room"].get<int64_t>(), record["context_tokens"]);
    }
  }
  const auto meta = nlohmann::json::parse(test::read_text(dir / "out/results.json"))["metadata"];
  EXPECT_EQ(meta["models"][0]["backend"], "llama");
  EXPECT_NE(meta["models"][0]["tokenizer"].get<std::string>().find("tok512.model"), std::string::npos);
}

}  // namespace
}  // namespace fot
