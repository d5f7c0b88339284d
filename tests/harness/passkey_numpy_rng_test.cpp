// passkey (landmark) with `rng: numpy`: trial k draws its prefix length and key as the reference's
// NumPy code does for seed s + k (docs/passkey-protocol.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tasks/common/python/numpy_random.h"
#include "test_util.h"

namespace fot {
namespace {

// Written by (Debian python3-numpy 1.24.2):
//   /usr/bin/python3 -c "import numpy as np
//   for ng in (60000, 30000):
//     for s in range(10):
//       np.random.seed(s); a = np.random.randint(0, ng); k = np.random.randint(1, 50000)
//       print('{%d, %d, %d, %d},' % (ng, s, a, k))"
struct Draw {
  int64_t n_garbage, seed, n_prefix, key;
};
const Draw kNumpy[] = {
    {60000, 0, 2732, 43568},  {60000, 1, 33003, 12173}, {60000, 2, 23720, 35344}, {60000, 3, 5994, 1689},
    {60000, 4, 17530, 8367},  {60000, 5, 35683, 18639}, {60000, 6, 31626, 41188}, {60000, 7, 58564, 49690},
    {60000, 8, 4547, 25941},  {60000, 9, 57726, 20829}, {30000, 0, 2732, 43568},  {30000, 1, 29733, 33004},
    {30000, 2, 23720, 35344}, {30000, 3, 5994, 1689},   {30000, 4, 17530, 8367},  {30000, 5, 2915, 18639},
    {30000, 6, 19145, 41188}, {30000, 7, 28847, 49690}, {30000, 8, 4547, 25941},  {30000, 9, 24958, 20829},
};

TEST(PasskeyNumpyRng, GeneratorDrawsWhatNumpyDraws) {
  for (const auto& d : kNumpy) {
    python::NumpyLegacyRandom numpy(static_cast<uint32_t>(d.seed));
    EXPECT_EQ(numpy.randint(0, d.n_garbage), d.n_prefix) << "seed " << d.seed << " n_garbage " << d.n_garbage;
    EXPECT_EQ(numpy.randint(1, 50000), d.key) << "seed " << d.seed;
  }
  // examples/passkey.py: seed 555, n_garbage 30000 (same command, np.random.seed(555)).
  python::NumpyLegacyRandom numpy(555);
  EXPECT_EQ(numpy.randint(0, 30000), 4782);
  EXPECT_EQ(numpy.randint(1, 50000), 15338);
}

TEST(PasskeyNumpyRng, TrialKOfARunWithSeedSIsNumpySeedSPlusK) {
  test::TempDir dir;
  // Run seed 0: trial k is np.random.seed(k). The mock model stands in; the draws are the task's.
  test::write_text(dir / "c.yaml", "seed: 0\nmodels:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, "
                                   "variant: landmark, n_garbage: [60000, 30000], trials: 10, rng: numpy}\n");
  const auto run = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  size_t seen = 0;
  for (const auto& line : test::read_lines(dir / "out/samples.jsonl")) {
    const auto r = nlohmann::json::parse(line);
    for (const auto& d : kNumpy) {
      if (d.n_garbage != r["n_garbage"].get<int64_t>() || d.seed != r["trial"].get<int64_t>()) continue;
      EXPECT_EQ(r["numpy_seed"], d.seed);
      EXPECT_EQ(r["n_prefix"], d.n_prefix) << line.substr(0, 200);
      EXPECT_EQ(r["passkey"], d.key);
      ++seen;
    }
  }
  EXPECT_EQ(seen, 20u);
  // Run seed 5: trial k is np.random.seed(5 + k).
  test::write_text(dir / "d.yaml", "seed: 5\nmodels:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, "
                                   "variant: landmark, n_garbage: [30000], trials: 3, rng: numpy}\n");
  ASSERT_EQ(test::run_fot_eval({"run", dir / "d.yaml", "-o", dir / "five"}).exit_code, 0);
  for (const auto& line : test::read_lines(dir / "five/samples.jsonl")) {
    const auto r = nlohmann::json::parse(line);
    const int64_t seed = 5 + r["trial"].get<int64_t>();
    EXPECT_EQ(r["numpy_seed"], seed);
    EXPECT_EQ(r["n_prefix"], kNumpy[10 + seed].n_prefix);
    EXPECT_EQ(r["passkey"], kNumpy[10 + seed].key);
  }
}

TEST(PasskeyNumpyRng, BadRngIsExitTwo) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", "models:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, "
                                   "variant: landmark, n_garbage: [300], rng: nunpy}\n");
  const auto r = test::run_fot_eval({"validate", dir / "c.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown rng 'nunpy'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fot
