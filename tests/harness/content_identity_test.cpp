// A checkpoint's identity is the SHA-256 of every byte of its files (what `sha256sum` prints,
// computed here by Python's hashlib), so one changed byte anywhere is another model with other
// sample keys; the identity cache remembers a file's hash and survives being unwritable, corrupt
// or written by several runs at once.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <thread>

#include "common/file_hash_cache.h"
#include "harness/config/run_config.h"
#include "harness/planning/plan.h"
#include "models/content_fingerprint.h"
#include "test_util.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

// Sets XDG_CACHE_HOME for the test's own process (the cache directory), restoring it after.
class CacheHome {
 public:
  explicit CacheHome(const std::string& dir) {
    if (const char* old = std::getenv("XDG_CACHE_HOME")) old_ = old;
    ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
  }
  ~CacheHome() {
    if (old_) ::setenv("XDG_CACHE_HOME", old_->c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
  }

 private:
  std::optional<std::string> old_;
};

std::string python_sha256(const std::string& path) {
  test::TempDir io;
  const std::string command = "/usr/bin/python3 -c \"import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb')"
                              ".read()).hexdigest())\" '" + path + "' > '" + (io / "out") + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("python3 failed on " + path);
  std::string digest = test::read_text(io / "out");
  while (!digest.empty() && digest.back() == '\n') digest.pop_back();
  return digest;
}

void flip_byte(const std::string& path, int64_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(offset);
  char c = 0;
  f.get(c);
  f.seekp(offset);
  f.put(static_cast<char>(c ^ 0x01));
  if (!f) throw std::runtime_error("cannot edit " + path);
}

std::set<std::string> sample_keys(const std::string& config_path) {
  RunConfig config = load_run_config(config_path, std::nullopt);
  std::set<std::string> keys;
  for (const auto& group : make_plan(config, 0))
    for (const auto& sample : group.samples) keys.insert(sample.key);
  return keys;
}

TEST(ContentIdentity, OneByteInTheMiddleOfAShippedModelsWeightsChangesEverySampleKey) {
  test::TempDir dir;
  CacheHome cache(dir / "cache");
  fs::copy(std::string(FOT_SOURCE_DIR) + "/zoo/tiny-openllama", dir / "model", fs::copy_options::recursive);
  test::write_text(dir / "c.yaml", "models:\n  - {name: m, checkpoint: model}\ntasks:\n  - {name: passkey, variant: "
                                   "tokens, context_lengths: [128, 256], depths: [0, 1], trials: 2}\n");
  const std::string weights = dir / "model/model.safetensors";
  EXPECT_EQ(file_fingerprint(weights), python_sha256(weights));
  const std::set<std::string> before = sample_keys(dir / "c.yaml");
  ASSERT_EQ(before.size(), 8u);
  flip_byte(weights, static_cast<int64_t>(fs::file_size(weights) / 2) + 12345);
  EXPECT_EQ(file_fingerprint(weights), python_sha256(weights));
  const std::set<std::string> after = sample_keys(dir / "c.yaml");
  ASSERT_EQ(after.size(), 8u);
  for (const auto& key : after) EXPECT_EQ(before.count(key), 0u) << key;
}

// A file above the old 4 MiB whole-hash limit, edited at a byte between two of the 64 blocks the
// old fingerprint sampled.
TEST(ContentIdentity, AnEditBetweenTheBlocksTheOldFingerprintSampledChangesTheIdentity) {
  test::TempDir dir;
  CacheHome cache(dir / "cache");
  const std::string path = dir / "big.safetensors";
  const int64_t size = 9 << 20, block = 64 << 10;
  {
    std::ofstream out(path, std::ios::binary);
    uint32_t x = 12345;
    for (int64_t i = 0; i < size; ++i) {
      x = x * 1664525u + 1013904223u;
      out.put(static_cast<char>(x >> 24));
    }
  }
  const int64_t block31_end = (size - block) * 31 / 63 + block;
  const int64_t block32_start = (size - block) * 32 / 63;
  ASSERT_LT(block31_end + 100, block32_start);
  const std::string first = file_fingerprint(path);
  EXPECT_EQ(first, python_sha256(path));
  flip_byte(path, block31_end + 100);
  const std::string second = file_fingerprint(path);
  EXPECT_NE(second, first);
  EXPECT_EQ(second, python_sha256(path));
}

TEST(ContentIdentity, TheCacheAnswersForAnUnchangedFileAndIsKeyedByItsStatus) {
  test::TempDir dir;
  CacheHome cache(dir / "cache");
  const std::string path = dir / "w.bin";
  test::write_text(path, std::string(1000, 'a'));
  const std::string digest = file_fingerprint(path);
  const FileHashCache files;
  EXPECT_EQ(files.dir(), dir / "cache/fot-eval/file-sha256");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  ASSERT_EQ(files.find(info), digest);
  // An entry claiming another digest for this status is believed (that is what a cache is)...
  const std::string planted(64, 'b');
  ASSERT_TRUE(files.store(info, path, planted));
  EXPECT_EQ(file_fingerprint(path), planted);
  // ...and any write to the file changes its status, so the hash is computed again.
  test::write_text(path, std::string(1000, 'a'));
  EXPECT_EQ(file_fingerprint(path), digest);
}

TEST(ContentIdentity, ACorruptOrUnwritableCacheOnlyCostsHashingAgain) {
  test::TempDir dir;
  CacheHome cache(dir / "cache");
  const std::string path = dir / "w.bin";
  test::write_text(path, "weights");
  const std::string digest = python_sha256(path);
  EXPECT_EQ(file_fingerprint(path), digest);
  const FileHashCache files;
  for (const auto& entry : fs::directory_iterator(files.dir())) test::write_text(entry.path().string(), "{\"sha256\": 1");
  EXPECT_EQ(file_fingerprint(path), digest);
  for (const auto& entry : fs::directory_iterator(files.dir()))
    test::write_text(entry.path().string(), "{\"sha256\": \"" + std::string(64, 'z') + "\", \"size\": 7}");
  EXPECT_EQ(file_fingerprint(path), digest);

  // A cache directory that cannot be created (a file is in the way): still the right identity.
  test::write_text(dir / "blocked", "");
  CacheHome blocked(dir / "blocked");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_FALSE(FileHashCache().store(info, path, digest));
  EXPECT_EQ(file_fingerprint(path), digest);
  // No HOME and no XDG_CACHE_HOME: no cache at all, still the right identity.
  ::unsetenv("XDG_CACHE_HOME");
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
  ::unsetenv("HOME");
  EXPECT_EQ(FileHashCache::default_dir(), "");
  EXPECT_EQ(file_fingerprint(path), digest);
  if (!home.empty()) ::setenv("HOME", home.c_str(), 1);
}

TEST(ContentIdentity, ConcurrentWritersLeaveOneWholeEntry) {
  test::TempDir dir;
  CacheHome cache(dir / "cache");
  const std::string path = dir / "w.bin";
  test::write_text(path, std::string(3 << 20, 'x'));
  const std::string digest = python_sha256(path);
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (size_t i = 0; i < got.size(); ++i) threads.emplace_back([&, i] { got[i] = file_fingerprint(path); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, digest);
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(FileHashCache().dir())) {
    ++entries;
    EXPECT_EQ(entry.path().string().find(".tmp-"), std::string::npos) << entry.path();  // no leftover temporaries
  }
  EXPECT_EQ(entries, 1u);
}

}  // namespace
}  // namespace fot
