// Random byte corruptions of valid files (fixed seed): loading either succeeds or throws InputError
// naming the file, never anything else (and, under AddressSanitizer, never reads out of bounds).
#include <gtest/gtest.h>

#include <random>

#include "models/checkpoint/checkpoint.h"
#include "tests/checkpoint/test_support.h"

namespace fot {
namespace {

struct Target {
  std::string form;
  std::string file;  // inside the form's directory ("" = the form is the file)
  size_t head;       // corrupt within the first `head` bytes (headers, pickle) ...
  size_t tail;       // ... or the last `tail` bytes (zip central directory)
};

TEST(CorruptionFuzz, RandomByteFlipsNeverEscapeAsAnythingButInputError) {
  const std::vector<Target> targets = {
      {"untied_bf16_safetensors", "model.safetensors", 4096, 0},
      {"untied_f32_bin", "pytorch_model.bin", 4096, 4096},
      {"tied_f32_bin_zip64", "pytorch_model.bin", 0, 4096},
      {"l2c_untied_llama2c", "", 28, 0},
  };
  std::mt19937 random(20240611);
  int loaded = 0, rejected = 0;
  for (const Target& target : targets) {
    const std::string valid =
        test::read_bytes(target.file.empty() ? test::form_path(target.form) : test::form_path(target.form) + "/" + target.file);
    const test::fs::path copy = test::copy_form(target.form, target.form);
    const test::fs::path file = target.file.empty() ? copy : copy / target.file;
    for (int round = 0; round < 150; ++round) {
      std::string bytes = valid;
      const int flips = 1 + static_cast<int>(random() % 4);
      for (int i = 0; i < flips; ++i) {
        const bool in_tail = target.tail > 0 && (target.head == 0 || random() % 2 == 0);
        const size_t span = std::min(bytes.size(), in_tail ? target.tail : target.head);
        const size_t offset = in_tail ? bytes.size() - span + random() % span : random() % span;
        bytes[offset] = static_cast<char>(random() % 256);
      }
      if (random() % 8 == 0) bytes.resize(random() % bytes.size());
      test::write_bytes(file, bytes);
      SCOPED_TRACE(target.form + " round " + std::to_string(round));
      try {
        Checkpoint checkpoint = load_checkpoint(copy.string());
        validate_llama_tensors(checkpoint);
        for (const auto& [name, tensor] : checkpoint.tensors) tensor.sum();  // touch every byte
        ++loaded;
      } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find(copy.string()), std::string::npos) << error.what();
        ++rejected;
      } catch (const std::exception& error) {
        ADD_FAILURE() << "not an InputError: " << error.what();
      }
    }
  }
  EXPECT_GT(rejected, 0);
  EXPECT_EQ(loaded + rejected, 600);
}

}  // namespace
}  // namespace fot
