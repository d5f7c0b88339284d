// docs/build-notes.md section 3: sentencepiece and LibTorch bring two protobuf copies and crash when linked into one
// executable. This binary links LibTorch and loads sentencepiece through the dlopen'ed shim; both must work.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "models/tokenizer/tokenizer.h"
#include "tokenizer_files.h"

namespace fot {
namespace {

std::string process_maps() {
  std::ifstream in("/proc/self/maps");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void expect_mm_works() {
  const at::Tensor a = at::arange(6, at::kFloat).reshape({2, 3});
  const at::Tensor b = at::ones({3, 2}, at::kFloat);
  const at::Tensor c = at::mm(a, b);
  ASSERT_EQ(c.sizes(), (at::IntArrayRef{2, 2}));
  EXPECT_FLOAT_EQ(c[0][0].item<float>(), 3.0f);
  EXPECT_FLOAT_EQ(c[0][1].item<float>(), 3.0f);
  EXPECT_FLOAT_EQ(c[1][0].item<float>(), 12.0f);
  EXPECT_FLOAT_EQ(c[1][1].item<float>(), 12.0f);
}

TEST(TokenizerWithLibTorch, BothWorkInOneProcess) {
  expect_mm_works();
  const auto tokenizer = Tokenizer::load(test::open_llama_v1());
  EXPECT_EQ(tokenizer->encode("Hello world! The pass key is 71432. Remember it."),
            (std::vector<int32_t>{16644, 924, 31905, 347, 1286, 2054, 322, 31822, 31888, 31853, 31882, 31878, 31855,
                                  31843, 10234, 357, 31843}));
  expect_mm_works();

  // Both protobuf users really share this process: LibTorch with the system libprotobuf, sentencepiece
  // (inside the shim) with its bundled copy.
  const std::string maps = process_maps();
  EXPECT_NE(maps.find("libtorch_cpu.so"), std::string::npos);
  EXPECT_NE(maps.find("libprotobuf.so"), std::string::npos);
  EXPECT_NE(maps.find("libsentencepiece.so"), std::string::npos);
  EXPECT_NE(maps.find("libfot_spm_shim.so"), std::string::npos);
}

}  // namespace
}  // namespace fot
