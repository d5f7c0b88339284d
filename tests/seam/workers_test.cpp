// A run with two workers writes the same samples.jsonl, byte for byte, as a run with one, on both
// shipped models (zoo/; configs/quickstart.yaml in miniature).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fot {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Workers, TwoWorkersWriteTheSameSamplesAsOne) {
  const fs::path dir = fs::path(FOT_BINARY_DIR) / "seam_workers_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string zoo = std::string(FOT_SOURCE_DIR) + "/zoo/";
  std::ofstream(dir / "run.yaml") << "seed: 0\n"
                                     "models:\n"
                                     "  - name: tiny-openllama\n"
                                     "    backend: llama\n"
                                     "    checkpoint: " << zoo << "tiny-openllama\n"
                                     "    overflow: keep_last\n"
                                     "  - name: tiny-longllama\n"
                                     "    backend: longllama\n"
                                     "    checkpoint: " << zoo << "tiny-longllama\n"
                                     "tasks:\n"
                                     "  - name: passkey\n"
                                     "    variant: tokens\n"
                                     "    context_lengths: [96, 512]\n"
                                     "    depths: random\n"
                                     "    depth_bins: 2\n"
                                     "    trials: 3\n";
  for (const char* workers : {"1", "2"}) {
    const std::string command = std::string(FOT_EVAL_BIN) + " run " + (dir / "run.yaml").string() + " --output " +
                                (dir / workers).string() + " --workers " + workers + " > " +
                                (dir / (std::string(workers) + ".log")).string() + " 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command << "\n" << read_file(dir / (std::string(workers) + ".log"));
  }
  const std::string one = read_file(dir / "1" / "samples.jsonl");
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 2 * 2 * 2 * 3);  // models x lengths x bins x trials
  EXPECT_EQ(read_file(dir / "2" / "samples.jsonl"), one);
}

}  // namespace
}  // namespace fot
