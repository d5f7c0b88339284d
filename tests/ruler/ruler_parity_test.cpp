// Prompt parity with RULER: the samples the generator library draws equal, byte for byte, those
// RULER's own generator scripts wrote for the same task, length and seed with the OpenLLaMA v1
// tokenizer (golden/ruler_c3f5e3b.jsonl, made by tests/scripts/ruler_make_golden.py): nine
// synthetic.yaml cases at 1024-8192 tokens, and eight with other settings, seeds and lengths.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/sha256.h"
#include "ruler_test_files.h"
#include "tasks/ruler/ruler_entries.h"
#include "tasks/ruler/ruler_generator.h"

namespace fot::ruler {
namespace {

using nlohmann::json;

Settings settings_of(const json& line, const std::string& data_dir) {
  const Entry* entry = find_entry(line.at("task").get<std::string>());
  if (!entry) throw std::runtime_error("unknown task " + line.dump());
  Settings s = entry->defaults;
  s.data_dir = data_dir;
  const std::map<std::string, std::string*> texts = {
      {"type_haystack", &s.type_haystack}, {"type_needle_k", &s.type_needle_k}, {"type_needle_v", &s.type_needle_v}};
  const std::map<std::string, int64_t*> integers = {
      {"num_needle_k", &s.num_needle_k}, {"num_needle_v", &s.num_needle_v}, {"num_needle_q", &s.num_needle_q},
      {"num_chains", &s.num_chains},     {"num_hops", &s.num_hops},         {"freq_cw", &s.freq_cw},
      {"freq_ucw", &s.freq_ucw},         {"num_cw", &s.num_cw},             {"num_fewshot", &s.num_fewshot},
      {"coded_wordlen", &s.coded_wordlen}, {"vocab_size", &s.vocab_size}};
  for (const auto& [key, value] : line.at("settings").items()) {
    if (texts.count(key)) *texts.at(key) = value.get<std::string>();
    else if (integers.count(key)) *integers.at(key) = value.get<int64_t>();
    else if (key == "alpha") s.alpha = value.get<double>();
    else if (key == "random_seed") s.random_seed = value.get<uint32_t>();
    else throw std::runtime_error("unexpected golden setting " + key);
  }
  return s;
}

TEST(RulerParity, SamplesEqualRulersOwnGenerator) {
  const std::string data_dir = test::ruler_data_dir();
  const auto codec = test::openllama_codec();
  const TokenCounter count = [&](const std::string& text) { return static_cast<int64_t>(codec->encode(text).size()); };

  // One group per (RULER task, length), in file order.
  std::vector<std::pair<std::string, std::vector<json>>> groups;
  for (const json& line : test::read_jsonl("ruler_c3f5e3b.jsonl")) {
    const std::string key = line.at("ruler_task").get<std::string>() + "@" + line.at("max_seq_length").dump();
    if (groups.empty() || groups.back().first != key) groups.push_back({key, {}});
    groups.back().second.push_back(line);
  }
  ASSERT_GE(groups.size(), 44u);  // 9 cases x 4 lengths (one left out) + 8 variants
  std::set<int64_t> lengths;
  for (const auto& [key, lines] : groups) {
    SCOPED_TRACE(key);
    const json& first = lines.front();
    const int64_t length = first.at("max_seq_length").get<int64_t>();
    lengths.insert(length);
    const auto samples = generate_samples(settings_of(first, data_dir), count, length, static_cast<int64_t>(lines.size()));
    ASSERT_EQ(samples.size(), lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      SCOPED_TRACE("sample " + std::to_string(i));
      EXPECT_EQ(sha256_hex(samples[i].input), lines[i].at("input_sha256").get<std::string>());
      EXPECT_EQ(samples[i].answer_prefix, lines[i].at("answer_prefix").get<std::string>());
      EXPECT_EQ(samples[i].outputs, lines[i].at("outputs").get<std::vector<std::string>>());
      EXPECT_EQ(samples[i].length, lines[i].at("length").get<int64_t>());
    }
  }
  EXPECT_TRUE(lengths.count(4096) && lengths.count(8192));
}

// Sample t does not depend on how many samples are drawn (RULER draws them in order).
TEST(RulerParity, SampleTIsTheSameForAnyCount) {
  const auto codec = test::openllama_codec();
  const TokenCounter count = [&](const std::string& text) { return static_cast<int64_t>(codec->encode(text).size()); };
  Settings s = find_entry("vt")->defaults;
  const auto two = generate_samples(s, count, 2048, 2);
  const auto four = generate_samples(s, count, 2048, 4);
  ASSERT_EQ(two.size(), 2u);
  ASSERT_EQ(four.size(), 4u);
  for (size_t i = 0; i < 2; ++i) EXPECT_EQ(two[i].input, four[i].input);
  EXPECT_NE(four[2].input, four[3].input);
}

}  // namespace
}  // namespace fot::ruler
