// Every form of the random tiny LLaMA (safetensors, sharded, pytorch_model.bin, llama2.c; fp32,
// bf16, fp16) loads with its stored dtype, the right names and shapes, and exactly the values the
// independent script wrote.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "models/checkpoint/checkpoint.h"
#include "tests/checkpoint/test_support.h"

namespace fot {
namespace {

using test::form_path;
using test::golden;

at::ScalarType dtype_of(const std::string& name) {
  if (name == "f32") return at::kFloat;
  if (name == "bf16") return at::kBFloat16;
  if (name == "f16") return at::kHalf;
  throw std::runtime_error("unknown dtype " + name);
}

// sum(v), sum(v * (1 + i % 13)) over row-major values, as make_tiny_llama.py computes them.
std::pair<double, double> checksums(const at::Tensor& tensor) {
  at::Tensor flat = tensor.to(at::kDouble).contiguous().reshape({-1});
  at::Tensor weight = at::remainder(at::arange(flat.numel(), at::kDouble), 13) + 1;
  return {flat.sum().item<double>(), (flat * weight).sum().item<double>()};
}

bool in_file_mapping(const void* address, const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  const std::string absolute = std::filesystem::canonical(path).string();
  std::string line;
  while (std::getline(maps, line)) {
    if (line.size() < absolute.size() || line.compare(line.size() - absolute.size(), absolute.size(), absolute) != 0)
      continue;
    std::istringstream fields(line);
    std::string range;
    fields >> range;
    const auto dash = range.find('-');
    const uintptr_t begin = std::stoull(range.substr(0, dash), nullptr, 16);
    const uintptr_t end = std::stoull(range.substr(dash + 1), nullptr, 16);
    const auto p = reinterpret_cast<uintptr_t>(address);
    if (p >= begin && p < end) return true;
  }
  return false;
}

void expect_config(const ModelConfig& c, const nlohmann::json& expected, const std::string& form) {
  SCOPED_TRACE(form);
  EXPECT_EQ(c.vocab_size, expected["vocab_size"].get<int>());
  EXPECT_EQ(c.hidden_size, expected["hidden_size"].get<int>());
  EXPECT_EQ(c.intermediate_size, expected["intermediate_size"].get<int>());
  EXPECT_EQ(c.num_hidden_layers, expected["num_hidden_layers"].get<int>());
  EXPECT_EQ(c.num_attention_heads, expected["num_attention_heads"].get<int>());
  EXPECT_EQ(c.num_key_value_heads, expected["num_key_value_heads"].get<int>());
  EXPECT_EQ(c.max_position_embeddings, expected["max_position_embeddings"].get<int>());
  EXPECT_DOUBLE_EQ(c.rms_norm_eps, expected["rms_norm_eps"].get<double>());
  EXPECT_DOUBLE_EQ(c.rope_theta, expected.value("rope_theta", 10000.0));
  EXPECT_EQ(c.tie_word_embeddings, expected["tie_word_embeddings"].get<bool>());
  EXPECT_EQ(c.bos_token_id, 1);
  EXPECT_EQ(c.eos_token_id, 2);
}

TEST(TinyLlamaForms, EveryFormLoadsWithStoredDtypeNamesShapesAndValues) {
  ASSERT_GE(golden()["forms"].size(), 14u);
  for (const auto& [form, info] : golden()["forms"].items()) {
    SCOPED_TRACE(form);
    const auto& variant = golden()["variants"][info["variant"].get<std::string>()];
    const std::string dtype_key = info["dtype"];
    const at::ScalarType dtype = dtype_of(dtype_key);
    Checkpoint checkpoint = load_checkpoint(form_path(form));
    EXPECT_EQ(checkpoint.format, info["format"].get<std::string>());
    expect_config(checkpoint.config, variant["config"], form);
    EXPECT_EQ(checkpoint.config.is_longllama(), form == "untied_f32_longllama");

    for (const auto& [name, tensor] : checkpoint.tensors) {
      SCOPED_TRACE(name);
      if (name.find("rotary_emb.inv_freq") != std::string::npos) continue;
      EXPECT_EQ(tensor.scalar_type(), dtype);
    }
    validate_llama_tensors(checkpoint);

    std::set<std::string> expected_names;
    for (const auto& [name, _] : variant["tensors"].items()) expected_names.insert(name);
    if (checkpoint.config.tie_word_embeddings) expected_names.insert("lm_head.weight");
    std::set<std::string> names;
    for (const auto& [name, _] : checkpoint.tensors) names.insert(name);
    EXPECT_EQ(names, expected_names);

    int64_t parameters = 0;
    for (const auto& [name, expected] : variant["tensors"].items()) {
      SCOPED_TRACE(name);
      ASSERT_TRUE(checkpoint.tensors.count(name));
      const at::Tensor& tensor = checkpoint.tensors.at(name);
      EXPECT_EQ(tensor.sizes().vec(), expected["shape"].get<std::vector<int64_t>>());
      const auto& sums = expected[dtype_key];
      const auto [sum, wsum] = checksums(tensor);
      const double tolerance = 1e-9 * static_cast<double>(tensor.numel());
      EXPECT_NEAR(sum, sums["sum"].get<double>(), tolerance);
      EXPECT_NEAR(wsum, sums["wsum"].get<double>(), tolerance);
      const auto first = sums["first"].get<std::vector<double>>();
      at::Tensor flat = tensor.to(at::kDouble).contiguous().reshape({-1});
      for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(flat[i].item<double>(), first[i]) << "element " << i;
      parameters += tensor.numel();
    }
    EXPECT_EQ(parameter_count(checkpoint), parameters);
    if (checkpoint.config.tie_word_embeddings) {
      EXPECT_TRUE(checkpoint.tensors.at("lm_head.weight").is_same(checkpoint.tensors.at("model.embed_tokens.weight")));
    }
  }
}

// Every form equals its variant's fp32 safetensors form exactly, after rounding to the form's dtype.
TEST(TinyLlamaForms, AllFormsOfAVariantHoldIdenticalValues) {
  std::map<std::string, Checkpoint> references;
  for (const std::string variant : {"untied", "tied", "l2c_untied"}) {
    references[variant] = load_checkpoint(form_path(variant + "_f32_safetensors"));
    validate_llama_tensors(references[variant]);
  }
  for (const auto& [form, info] : golden()["forms"].items()) {
    SCOPED_TRACE(form);
    Checkpoint checkpoint = load_checkpoint(form_path(form));
    validate_llama_tensors(checkpoint);
    const Checkpoint& reference = references.at(info["variant"].get<std::string>());
    const at::ScalarType dtype = dtype_of(info["dtype"]);
    ASSERT_EQ(checkpoint.tensors.size(), reference.tensors.size());
    for (const auto& [name, tensor] : reference.tensors) {
      SCOPED_TRACE(name);
      EXPECT_TRUE(at::equal(checkpoint.tensors.at(name), tensor.to(dtype)));
    }
  }
}

TEST(TinyLlamaForms, SafetensorsAndPickleTensorsAreViewsOfTheMappedFile) {
  struct Case {
    std::string form, file;
  };
  for (const Case& c : {Case{"untied_f32_safetensors", "model.safetensors"},
                        Case{"untied_bf16_safetensors", "model.safetensors"},
                        Case{"untied_bf16_bin", "pytorch_model.bin"}, Case{"tied_f32_bin", "pytorch_model.bin"},
                        Case{"tied_f32_bin_zip64", "pytorch_model.bin"},
                        Case{"untied_f32_sharded", "model-00002-of-00003.safetensors"}}) {
    SCOPED_TRACE(c.form);
    at::Tensor norm;
    {
      Checkpoint checkpoint = load_checkpoint(form_path(c.form));
      const std::string file = form_path(c.form) + "/" + c.file;
      int mapped = 0;
      for (const auto& [name, tensor] : checkpoint.tensors) mapped += in_file_mapping(tensor.data_ptr(), file);
      EXPECT_GT(mapped, 0) << "no tensor points into " << file;
      if (c.file == "model.safetensors" || c.file == "pytorch_model.bin") {
        EXPECT_EQ(mapped, static_cast<int>(checkpoint.tensors.size()));
      }
      norm = checkpoint.tensors.at("model.norm.weight");
    }
    // The tensor keeps its mapping alive after the checkpoint is gone.
    const auto& expected = golden()["variants"][golden()["forms"][c.form]["variant"].get<std::string>()]["tensors"]
                                   ["model.norm.weight"][golden()["forms"][c.form]["dtype"].get<std::string>()];
    EXPECT_EQ(norm.to(at::kDouble)[0].item<double>(), expected["first"][0].get<double>());
  }
}

// Tied storage sharing, rotary buffers, LongLLaMA fields, llama2.c header values.
TEST(TinyLlamaForms, FormSpecifics) {
  Checkpoint tied = load_checkpoint(form_path("tied_f32_bin"));
  ASSERT_TRUE(tied.tensors.count("lm_head.weight"));
  EXPECT_EQ(tied.tensors.at("lm_head.weight").data_ptr(), tied.tensors.at("model.embed_tokens.weight").data_ptr());

  Checkpoint untied = load_checkpoint(form_path("untied_f32_bin"));
  EXPECT_TRUE(untied.tensors.count("model.layers.2.self_attn.rotary_emb.inv_freq"));
  // Views the script saved: q/k/v of layer 0 share one storage; layer 1's o_proj is transposed.
  const auto& q = untied.tensors.at("model.layers.0.self_attn.q_proj.weight");
  const auto& k = untied.tensors.at("model.layers.0.self_attn.k_proj.weight");
  EXPECT_EQ(static_cast<const char*>(k.data_ptr()), static_cast<const char*>(q.data_ptr()) + 64 * 64 * 4);
  EXPECT_EQ(untied.tensors.at("model.layers.1.self_attn.o_proj.weight").strides().vec(), std::vector<int64_t>({1, 64}));
  validate_llama_tensors(untied);
  EXPECT_FALSE(untied.tensors.count("model.layers.2.self_attn.rotary_emb.inv_freq"));

  const ModelConfig longllama = load_checkpoint(form_path("untied_f32_longllama")).config;
  ASSERT_TRUE(longllama.mem_layers.has_value());
  EXPECT_EQ(*longllama.mem_layers, std::vector<int32_t>({1}));
  EXPECT_EQ(longllama.last_context_length, 32);
  EXPECT_EQ(longllama.mem_dtype, "bfloat16");
  EXPECT_TRUE(longllama.mem_positionals);
  EXPECT_FALSE(longllama.mem_attention_grouping.has_value());

  Checkpoint tied_llama2c = load_checkpoint(form_path("tied_llama2c"));
  EXPECT_TRUE(tied_llama2c.config.tie_word_embeddings);
  EXPECT_FALSE(tied_llama2c.tensors.count("lm_head.weight"));
  EXPECT_DOUBLE_EQ(tied_llama2c.config.rms_norm_eps, 1e-5);
  EXPECT_DOUBLE_EQ(tied_llama2c.config.rope_theta, 10000.0);
  EXPECT_EQ(tied_llama2c.config.max_position_embeddings, 128);
  Checkpoint untied_llama2c = load_checkpoint(form_path("l2c_untied_llama2c"));
  EXPECT_FALSE(untied_llama2c.config.tie_word_embeddings);
  EXPECT_TRUE(untied_llama2c.tensors.count("lm_head.weight"));
  EXPECT_EQ(untied_llama2c.config.vocab_size, 97);
}

// A real llama2.c export: stories260K's header, as its PROVENANCE.md describes it.
TEST(Llama2c, Stories260KLoadsAndValidates) {
  const std::string path = std::string(FOT_SHARED_DATA) + "/stories260K/stories260K.bin";
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing (shared data)";
  Checkpoint checkpoint = load_checkpoint(path);
  EXPECT_EQ(checkpoint.format, "llama2c");
  const ModelConfig& c = checkpoint.config;
  EXPECT_EQ(c.hidden_size, 64);
  EXPECT_EQ(c.intermediate_size, 172);
  EXPECT_EQ(c.num_hidden_layers, 5);
  EXPECT_EQ(c.num_attention_heads, 8);
  EXPECT_EQ(c.num_key_value_heads, 4);
  EXPECT_EQ(c.vocab_size, 512);
  EXPECT_EQ(c.max_position_embeddings, 512);
  EXPECT_TRUE(c.tie_word_embeddings);
  validate_llama_tensors(checkpoint);
  EXPECT_EQ(parameter_count(checkpoint), 264128 - 2 * 512 * 4);  // all floats but freq_cis
}

}  // namespace
}  // namespace fot
