// Broken HF checkpoint directories, configs and shard indexes: each error names the file and the
// field or tensor.
#include <gtest/gtest.h>

#include "models/checkpoint/checkpoint.h"
#include "tests/checkpoint/test_support.h"

namespace fot {
namespace {

using nlohmann::json;
namespace fs = test::fs;

void edit_json(const fs::path& path, const std::function<void(json&)>& edit) {
  json value = json::parse(test::read_bytes(path));
  edit(value);
  test::write_bytes(path, value.dump(2));
}

struct Case {
  std::string name;
  std::string form;  // copied, then edited
  std::function<void(const fs::path& dir)> edit;
  std::function<std::vector<std::string>(const fs::path& dir)> expect;
  std::string load = "";  // path to load, relative to the copy ("" = the copy itself)
};

std::vector<std::string> in(const fs::path& file, const std::string& text) { return {file.string() + text}; }

std::vector<Case> cases() {
  const std::string index = "model.safetensors.index.json";
  const std::string shard1 = "model-00001-of-00003.safetensors";
  return {
      {"missing path", "untied_f32_safetensors", nullptr,
       [](const fs::path& dir) { return in(dir / "nowhere", ": no such file or directory"); }, "nowhere"},
      {"missing config", "untied_f32_safetensors", [](const fs::path& dir) { fs::remove(dir / "config.json"); },
       [](const fs::path& dir) { return in(dir / "config.json", ": missing"); }},
      {"config missing beside a single file", "untied_f32_safetensors",
       [](const fs::path& dir) { fs::remove(dir / "config.json"); },
       [](const fs::path& dir) { return in(dir / "config.json", ": missing"); }, "model.safetensors"},
      {"missing weights", "untied_f32_safetensors", [](const fs::path& dir) { fs::remove(dir / "model.safetensors"); },
       [](const fs::path& dir) {
         return std::vector<std::string>{dir.string() + ": no weights file", "model.safetensors.index.json",
                                         "pytorch_model.bin"};
       }},
      {"malformed config JSON", "untied_f32_safetensors",
       [](const fs::path& dir) { test::write_bytes(dir / "config.json", "{\"vocab_size\": 97,,}"); },
       [](const fs::path& dir) { return in(dir / "config.json", ": malformed JSON"); }},
      {"missing config field", "untied_f32_safetensors",
       [](const fs::path& dir) { edit_json(dir / "config.json", [](json& c) { c.erase("hidden_size"); }); },
       [](const fs::path& dir) { return in(dir / "config.json", ": missing required field 'hidden_size'"); }},
      {"config field of the wrong type", "untied_f32_safetensors",
       [](const fs::path& dir) { edit_json(dir / "config.json", [](json& c) { c["num_attention_heads"] = "four"; }); },
       [](const fs::path& dir) { return in(dir / "config.json", ": field 'num_attention_heads' has the wrong type"); }},
      {"shard file missing", "untied_f32_sharded",
       [](const fs::path& dir) { fs::remove(dir / "model-00002-of-00003.safetensors"); },
       [](const fs::path& dir) { return in(dir / "model-00002-of-00003.safetensors", ": cannot open file"); }},
      {"shard holds a tensor the index maps elsewhere", "untied_f32_sharded",
       [=](const fs::path& dir) {
         edit_json(dir / index, [=](json& i) { i["weight_map"]["lm_head.weight"] = shard1; });
       },
       [=](const fs::path& dir) {
         return std::vector<std::string>{"tensor 'lm_head.weight'", (dir / index).string()};
       }},
      {"index lists a tensor no shard holds", "untied_f32_sharded",
       [=](const fs::path& dir) {
         edit_json(dir / index, [=](json& i) { i["weight_map"]["model.extra.weight"] = shard1; });
       },
       [=](const fs::path& dir) {
         return in(dir / index, ": tensor 'model.extra.weight' is mapped to shard '" + shard1 + "', which does not hold it");
       }},
      {"index without weight_map", "untied_f32_sharded",
       [=](const fs::path& dir) { edit_json(dir / index, [](json& i) { i.erase("weight_map"); }); },
       [=](const fs::path& dir) { return in(dir / index, ": missing field 'weight_map'"); }},
      {"index names a path, not a file", "untied_f32_sharded",
       [=](const fs::path& dir) {
         edit_json(dir / index, [](json& i) { i["weight_map"]["lm_head.weight"] = "../model.safetensors"; });
       },
       [=](const fs::path& dir) { return in(dir / index, ": field 'weight_map' maps tensor 'lm_head.weight' to '../"); }},
      {"malformed index", "untied_f32_sharded", [=](const fs::path& dir) { test::write_bytes(dir / index, "{"); },
       [=](const fs::path& dir) { return in(dir / index, ": malformed JSON"); }},
      {"untied config, no stored head", "tied_f32_safetensors",
       [](const fs::path& dir) { edit_json(dir / "config.json", [](json& c) { c["tie_word_embeddings"] = false; }); },
       [](const fs::path& dir) {
         return in(dir / "model.safetensors", ": missing tensor 'lm_head.weight' (shape [97, 64] expected from");
       }},
      {"pickle shapes disagree with the config", "untied_bf16_bin",
       [](const fs::path& dir) { edit_json(dir / "config.json", [](json& c) { c["intermediate_size"] = 95; }); },
       [](const fs::path& dir) {
         return std::vector<std::string>{
             (dir / "pytorch_model.bin").string() + ": tensor 'model.layers.0.mlp.gate_proj.weight' has shape [96, 64], but " +
             (dir / "config.json").string() + " implies [95, 64]"};
       }},
      {"absurd layer count", "untied_f32_safetensors",
       [](const fs::path& dir) {
         edit_json(dir / "config.json", [](json& c) { c["num_hidden_layers"] = 2000000000; });
       },
       [](const fs::path& dir) {
         return in(dir / "model.safetensors", ": missing tensor 'model.layers.3.input_layernorm.weight'");
       }},
      {"tied head of the wrong vocabulary", "tied_f32_bin",
       [](const fs::path& dir) { edit_json(dir / "config.json", [](json& c) { c["vocab_size"] = 96; }); },
       [](const fs::path& dir) {
         return in(dir / "pytorch_model.bin", ": tensor 'model.embed_tokens.weight' has shape [97, 64]");
       }},
  };
}

TEST(HfDirectoryBad, EachProblemIsReportedWithFileAndField) {
  int index = 0;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    const fs::path dir = test::copy_form(c.form, std::to_string(index++));
    if (c.edit) c.edit(dir);
    const fs::path path = c.load.empty() ? dir : dir / c.load;
    const std::string error = test::input_error([&] {
      Checkpoint checkpoint = load_checkpoint(path.string());
      validate_llama_tensors(checkpoint);
    });
    for (const auto& expect : c.expect(dir)) EXPECT_CONTAINS(error, expect);
  }
}

}  // namespace
}  // namespace fot
