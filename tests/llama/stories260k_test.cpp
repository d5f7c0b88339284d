// stories260K (a real llama2.c checkpoint) against the verified output in its PROVENANCE.md:
// greedy text from BOS, the first 40 ids and the position-0 top-5 logits.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "models/backends/llama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "models/tokenizer/tokenizer.h"
#include "tests/llama/test_paths.h"

namespace fot {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The verified greedy text: the first ``` block after "## Verification".
std::string verified_text(const std::string& provenance) {
  auto section = provenance.substr(provenance.find("## Verification"));
  auto start = section.find("```\n") + 4;
  auto end = section.find("```", start);
  return section.substr(start, end - start);
}

std::vector<int32_t> verified_first_ids(const std::string& provenance) {
  std::smatch match;
  std::regex list_re("First 40 greedy token ids after BOS:\\s*`\\[([0-9, ]+)\\]`");
  EXPECT_TRUE(std::regex_search(provenance, match, list_re));
  std::vector<int32_t> ids;
  std::stringstream in(match[1].str());
  std::string item;
  while (std::getline(in, item, ',')) ids.push_back(std::stoi(item));
  return ids;
}

std::string trim(const std::string& text) {
  auto begin = text.find_first_not_of(" \n");
  auto end = text.find_last_not_of(" \n");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

class Stories260K : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto checkpoint = load_checkpoint(test::shared_data("stories260K/stories260K.bin"));
    validate_llama_tensors(checkpoint);
    backend_ = new LlamaBackend(checkpoint, "", OverflowPolicy::kError);
    tokenizer_ = Tokenizer::load(test::shared_data("stories260K/tok512.model"));
    provenance_ = read_file(test::shared_data("stories260K/PROVENANCE.md"));
  }
  static void TearDownTestSuite() { delete backend_; }
  static LlamaBackend* backend_;
  static std::shared_ptr<const Tokenizer> tokenizer_;
  static std::string provenance_;
};
LlamaBackend* Stories260K::backend_ = nullptr;
std::shared_ptr<const Tokenizer> Stories260K::tokenizer_;
std::string Stories260K::provenance_;

TEST_F(Stories260K, GreedyFromBosReproducesVerifiedText) {
  // llama2.c runs 256 steps, each feeding one token and emitting the next; it stops on BOS.
  const int32_t bos = 1;
  auto ids = backend_->generate_greedy(TokenIds{bos}, 256, [&](const TokenIds& out) { return out.back() == bos; });
  if (!ids.empty() && ids.back() == bos) ids.pop_back();
  auto expected_ids = verified_first_ids(provenance_);
  ASSERT_GE(ids.size(), expected_ids.size());
  EXPECT_EQ(TokenIds(ids.begin(), ids.begin() + expected_ids.size()), expected_ids);
  EXPECT_EQ(trim(tokenizer_->decode(ids)), trim(verified_text(provenance_)));
}

TEST_F(Stories260K, PositionZeroTopFiveLogits) {
  auto cache = backend_->model().make_cache();
  auto logits = backend_->model().forward({1}, cache, LogitsFor::kLast)[0];
  auto [values, indices] = logits.topk(5);
  // "Position-0 logits (input BOS), top 5: id 403 " Once" 17.0235, 385 " One" 15.4062, ..."
  auto line = provenance_.substr(provenance_.find("Position-0 logits"));
  line = line.substr(0, line.find('\n'));
  std::regex entry_re("(\\d+) \"[^\"]*\" (-?[0-9.]+)");
  std::vector<std::pair<int64_t, double>> expected;
  for (std::sregex_iterator it(line.begin(), line.end(), entry_re), end; it != end; ++it)
    expected.emplace_back(std::stoll((*it)[1]), std::stod((*it)[2]));
  ASSERT_EQ(expected.size(), 5u) << line;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(indices[i].item<int64_t>(), expected[i].first) << "rank " << i;
    EXPECT_NEAR(values[i].item<double>(), expected[i].second, 1e-3) << "rank " << i;
  }
}

}  // namespace
}  // namespace fot
