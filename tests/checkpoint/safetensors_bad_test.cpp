// Corrupt safetensors files (made from the fixture's valid one): each error names the file and
// the tensor or field at fault.
#include <gtest/gtest.h>

#include <cstring>

#include "models/checkpoint/checkpoint.h"
#include "tests/checkpoint/test_support.h"

namespace fot {
namespace {

using nlohmann::json;

struct Safetensors {
  json header;
  std::string data;
};

Safetensors read_parts(const std::string& bytes) {
  uint64_t length = 0;
  std::memcpy(&length, bytes.data(), 8);
  return {json::parse(bytes.substr(8, length)), bytes.substr(8 + length)};
}

std::string join_parts(const Safetensors& parts) {
  std::string text = parts.header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  const uint64_t length = text.size();
  return std::string(reinterpret_cast<const char*>(&length), 8) + text + parts.data;
}

// An edit of the file's header and data, or of its raw bytes.
struct Case {
  std::string name;
  std::function<void(Safetensors&)> edit_parts;
  std::function<void(std::string&)> edit_bytes;
  std::vector<std::string> expect;  // each must be in the message; "$FILE" = the file's path
  std::function<void(json&)> edit_config = nullptr;
};

void set_length(std::string& bytes, uint64_t length) { std::memcpy(bytes.data(), &length, 8); }

std::vector<Case> cases() {
  const std::string up = "model.layers.1.mlp.up_proj.weight";
  return {
      {"truncated data", nullptr, [](std::string& b) { b.resize(b.size() - 1000); },
       {"$FILE: tensor '", "out of range of the data section", "file truncated?"}},
      {"truncated length field", nullptr, [](std::string& b) { b.resize(5); },
       {"$FILE: 5 bytes, too short for a safetensors header"}},
      {"empty file", nullptr, [](std::string& b) { b.clear(); }, {"$FILE: 0 bytes, too short"}},
      {"header length larger than the file", nullptr, [](std::string& b) { set_length(b, b.size()); },
       {"$FILE: safetensors header length", "is larger than the file"}},
      {"header length near 2^64", nullptr, [](std::string& b) { set_length(b, ~uint64_t{0} - 3); },
       {"$FILE: safetensors header length 18446744073709551612 is larger than the file"}},
      {"malformed header JSON", nullptr, [](std::string& b) { b[8] = 'x'; },
       {"$FILE: safetensors header is not valid JSON"}},
      {"header not an object", [](Safetensors& s) { s.header = json::array({1, 2}); }, nullptr,
       {"$FILE: safetensors header is not a JSON object"}},
      {"data offsets out of range",
       [up](Safetensors& s) {
         auto& offsets = s.header[up]["data_offsets"];
         const uint64_t size = offsets[1].get<uint64_t>() - offsets[0].get<uint64_t>();
         offsets = {s.data.size() - size + 4, s.data.size() + 4};
       },
       nullptr, {"$FILE: tensor '" + up + "': data_offsets [", "out of range of the data section"}},
      {"data offsets begin after end",
       [](Safetensors& s) {
         auto& offsets = s.header["model.norm.weight"]["data_offsets"];
         offsets = {offsets[1], offsets[0]};
       },
       nullptr, {"$FILE: tensor 'model.norm.weight': data_offsets [", "begin after end"}},
      {"overlapping offsets",
       [](Safetensors& s) {
         const auto& other = s.header["model.layers.0.self_attn.q_proj.weight"]["data_offsets"];
         s.header["model.layers.2.self_attn.q_proj.weight"]["data_offsets"] = {other[0].get<uint64_t>() + 64,
                                                                               other[1].get<uint64_t>() + 64};
       },
       nullptr,
       {"$FILE: tensors '", "overlap", "'model.layers.0.self_attn.q_proj.weight'",
        "'model.layers.2.self_attn.q_proj.weight'"}},
      {"size disagrees with shape", [](Safetensors& s) { s.header["model.norm.weight"]["shape"] = {65}; }, nullptr,
       {"$FILE: tensor 'model.norm.weight': data_offsets", "hold 256 bytes, but shape [65] needs 260"}},
      {"unknown dtype", [](Safetensors& s) { s.header["model.norm.weight"]["dtype"] = "F33"; }, nullptr,
       {"$FILE: tensor 'model.norm.weight': unknown dtype 'F33'"}},
      {"unsupported dtype",
       [](Safetensors& s) {
         s.header["model.norm.weight"]["dtype"] = "I64";
         s.header["model.norm.weight"]["shape"] = {32};
       },
       nullptr, {"$FILE: tensor 'model.norm.weight': dtype I64 is not supported"}},
      {"missing data_offsets", [](Safetensors& s) { s.header["model.norm.weight"].erase("data_offsets"); }, nullptr,
       {"$FILE: tensor 'model.norm.weight': field 'data_offsets'"}},
      {"negative shape", [](Safetensors& s) { s.header["model.norm.weight"]["shape"] = {-64}; }, nullptr,
       {"$FILE: tensor 'model.norm.weight': field 'shape' holds -64"}},
      {"missing tensor", [up](Safetensors& s) { s.header.erase(up); }, nullptr,
       {"$FILE: missing tensor '" + up + "' (shape [96, 64] expected from", "config.json"}},
      {"unexpected tensor",
       [](Safetensors& s) {
         const uint64_t begin = s.data.size();
         s.data.append(16, '\0');
         s.header["model.layers.3.extra.weight"] = {
             {"dtype", "F32"}, {"shape", {4}}, {"data_offsets", {begin, begin + 16}}};
       },
       nullptr, {"$FILE: unexpected tensor 'model.layers.3.extra.weight' (shape [4])"}},
      {"shape mismatch with the config",
       [](Safetensors& s) { s.header["model.layers.0.mlp.down_proj.weight"]["shape"] = {96, 64}; }, nullptr,
       {"$FILE: tensor 'model.layers.0.mlp.down_proj.weight' has shape [96, 64], but", "config.json implies [64, 96]"}},
      {"config with fewer layers", nullptr, nullptr, {"$FILE: unexpected tensor 'model.layers.2."},
       [](json& config) { config["num_hidden_layers"] = 2; }},
  };
}

TEST(SafetensorsBad, EachCorruptionIsReportedWithFileAndTensor) {
  int index = 0;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto dir = test::copy_form("untied_f32_safetensors", std::to_string(index++));
    const std::string file = (dir / "model.safetensors").string();
    std::string bytes = test::read_bytes(file);
    if (c.edit_parts) {
      Safetensors parts = read_parts(bytes);
      c.edit_parts(parts);
      bytes = join_parts(parts);
    }
    if (c.edit_bytes) c.edit_bytes(bytes);
    test::write_bytes(file, bytes);
    if (c.edit_config) {
      json config = json::parse(test::read_bytes(dir / "config.json"));
      c.edit_config(config);
      test::write_bytes(dir / "config.json", config.dump());
    }
    const std::string error = test::input_error([&] {
      Checkpoint checkpoint = load_checkpoint(dir.string());
      validate_llama_tensors(checkpoint);
    });
    for (std::string expect : c.expect) {
      if (expect.rfind("$FILE", 0) == 0) expect = file + expect.substr(5);
      EXPECT_CONTAINS(error, expect);
    }
  }
}

}  // namespace
}  // namespace fot
