// Checks the shape and internal consistency of the golden files tests/scripts/fot_reference.py writes,
// so a broken fixture fails here rather than inside the backend comparison.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "models/model_config.h"

namespace fot {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(FOT_GOLDEN_DIR) / "fot";

nlohmann::json read_meta() {
  std::ifstream in(kGolden / "meta.json");
  if (!in) throw std::runtime_error("missing " + (kGolden / "meta.json").string() + " (run the fot_reference fixture)");
  return nlohmann::json::parse(in);
}

std::vector<float> read_f32(const nlohmann::json& entry) {
  const auto path = kGolden / entry.at("file").get<std::string>();
  const auto shape = entry.at("shape").get<std::vector<int64_t>>();
  std::vector<float> data(static_cast<size_t>(shape.at(0) * shape.at(1)));
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size() * sizeof(float)));
  EXPECT_TRUE(in && in.peek() == EOF) << path << " does not hold exactly " << data.size() << " floats";
  return data;
}

TEST(FotReferenceGolden, ConfigIsALongLlamaCheckpoint) {
  const auto meta = read_meta();
  const ModelConfig config = load_hf_config((kGolden / meta.at("model_dir").get<std::string>() / "config.json").string());
  ASSERT_TRUE(config.is_longllama());
  EXPECT_EQ(*config.mem_layers, (std::vector<int32_t>{1, 3, 5}));
  EXPECT_EQ(config.max_position_embeddings, meta.at("window").get<int64_t>());
  EXPECT_EQ(config.last_context_length, meta.at("last_context_length").get<int64_t>());
  EXPECT_EQ(config.num_attention_heads, config.num_key_value_heads);
  EXPECT_TRUE(std::filesystem::exists(kGolden / meta.at("model_dir").get<std::string>() / "model.safetensors"));
}

TEST(FotReferenceGolden, CasesAreConsistent) {
  const auto meta = read_meta();
  const int64_t vocab = meta.at("vocab_size").get<int64_t>();
  const int64_t window = meta.at("window").get<int64_t>();
  ASSERT_EQ(meta.at("cases").size(), 6u);
  for (const auto& c : meta.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto ids = c.at("input_ids").get<std::vector<int32_t>>();
    const auto generated = c.at("generated_ids").get<std::vector<int32_t>>();
    const auto prefill = read_f32(c.at("prefill_logits"));
    const auto steps = read_f32(c.at("step_logits"));
    ASSERT_EQ(prefill.size(), ids.size() * vocab);
    ASSERT_EQ(generated.size(), static_cast<size_t>(meta.at("num_generate").get<int>()));
    ASSERT_EQ(steps.size(), generated.size() * vocab);
    EXPECT_FALSE(c.at("flush_steps").empty()) << "generation must cross a flush";
    EXPECT_EQ(std::count(generated.begin(), generated.end(), 2), 0) << "EOS would stop the C++ generation";
    // Row 0 of the steps is the last prefill row; each generated id is the argmax of its row.
    EXPECT_TRUE(std::equal(steps.begin(), steps.begin() + vocab, prefill.end() - vocab));
    for (size_t i = 0; i < generated.size(); ++i) {
      const auto row = steps.begin() + static_cast<std::ptrdiff_t>(i * vocab);
      EXPECT_EQ(std::max_element(row, row + vocab) - row, generated[i]) << "step " << i;
    }
    int64_t prefix = 0;
    for (int64_t w : c.at("prefix_windows").get<std::vector<int64_t>>()) {
      EXPECT_TRUE(w > 0 && w <= window);
      prefix += w;
    }
    EXPECT_EQ(prefix, std::max<int64_t>(0, static_cast<int64_t>(ids.size()) - meta.at("last_context_length").get<int64_t>()));
  }
}

}  // namespace
}  // namespace fot
