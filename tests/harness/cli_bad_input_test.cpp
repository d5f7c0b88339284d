// Malformed configs and arguments: fot-eval exits 2 with a message naming the problem, never crashes.
#include <gtest/gtest.h>

#include "test_util.h"

namespace fot {
namespace {

constexpr const char* kGoodModels = "models:\n  - name: m\n    backend: mock\n";
constexpr const char* kGoodTasks = "tasks:\n  - name: passkey\n    variant: tokens\n    context_lengths: [256]\n";

struct BadCase {
  const char* name;
  std::string config;              // written to config.yaml ("" = none)
  std::vector<std::string> args;   // "CONFIG" and "OUT" are replaced by paths
  std::vector<std::string> expect; // substrings of stderr ("CONFIG" replaced by the config path)
};

std::vector<BadCase> cases() {
  const std::string good = std::string(kGoodModels) + kGoodTasks;
  return {
      {"BadYaml", "models: [\n  - name: m\n", {"run", "CONFIG", "-o", "OUT"}, {"CONFIG:", "invalid YAML"}},
      {"AliasBomb",
       std::string(kGoodModels) + kGoodTasks + "    a: &a [x, x, x, x, x, x, x, x, x, x]\n"
           "    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
           "    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
           "    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n    g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
       {"run", "CONFIG", "-o", "OUT"}, {"CONFIG: the config stands for more than 100000 values", "YAML aliases"}},
      {"AliasInsideItsAnchor", std::string(kGoodModels) + "    x: &a [1, *a]\n" + kGoodTasks,
       {"run", "CONFIG", "-o", "OUT"}, {"CONFIG: the config stands for more than 100000 values", "YAML aliases"}},
      {"RootNotAMapping", "- a\n- b\n", {"run", "CONFIG", "-o", "OUT"}, {"expected a mapping"}},
      {"UnknownTopLevelKey", "modles: []\n" + std::string(kGoodTasks), {"run", "CONFIG", "-o", "OUT"},
       {"CONFIG:1:1", "unknown key 'modles'", "did you mean 'models'"}},
      {"UnknownTask", std::string(kGoodModels) + "tasks:\n  - name: paskey\n", {"run", "CONFIG", "-o", "OUT"},
       {"CONFIG:5:11", "unknown task 'paskey'", "did you mean 'passkey'"}},
      {"UnknownBackend", "models:\n  - name: m\n    backend: mok\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"CONFIG:3:14", "unknown backend 'mok'", "did you mean 'mock'"}},
      {"UnknownTaskKey", good + "    depth: [0.5]\n", {"run", "CONFIG", "-o", "OUT"},
       {"CONFIG:8:5", "unknown key 'depth'", "did you mean 'depths'"}},
      {"UnknownVariant", std::string(kGoodModels) + "tasks:\n  - {name: passkey, variant: tokenz, context_lengths: [256]}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"unknown passkey variant 'tokenz'", "did you mean 'tokens'"}},
      {"WrongTypeTrials", good + "    trials: ten\n", {"run", "CONFIG", "-o", "OUT"},
       {"CONFIG:8:13", "tasks[0].trials", "expected an integer, got 'ten'"}},
      {"WrongTypeLengthsNotAList", std::string(kGoodModels) + "tasks:\n  - {name: passkey, variant: tokens, context_lengths: 256}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"context_lengths", "expected a list"}},
      {"NegativeLength", std::string(kGoodModels) + "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [512, -256]}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"context_lengths[1]", "context length must be positive, got -256"}},
      {"EmptySweep", std::string(kGoodModels) + "tasks:\n  - {name: passkey, variant: tokens, context_lengths: []}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"context_lengths", "empty list"}},
      {"EmptyGarbageSweep", std::string(kGoodModels) + "tasks:\n  - {name: passkey, variant: landmark, n_garbage: []}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"n_garbage", "empty list"}},
      {"DepthOutOfRange", good + "    depths: [0, 1.5]\n", {"run", "CONFIG", "-o", "OUT"},
       {"depths[1]", "depth must be a fraction in [0, 1]"}},
      {"DuplicateLength", std::string(kGoodModels) + "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [256, 256]}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"256 is listed twice"}},
      {"ZeroTrials", good + "    trials: 0\n", {"run", "CONFIG", "-o", "OUT"}, {"trials", "must be at least 1"}},
      {"SeedsTrialsMismatch", good + "    trials: 3\n    seeds: [1, 2]\n", {"run", "CONFIG", "-o", "OUT"},
       {"trials is 3 but seeds lists 2 seeds"}},
      {"MissingModels", kGoodTasks, {"run", "CONFIG", "-o", "OUT"}, {"missing required key 'models'"}},
      {"EmptyModels", "models: []\n" + std::string(kGoodTasks), {"run", "CONFIG", "-o", "OUT"}, {"models", "empty list"}},
      {"MissingCheckpoint",
       "models:\n  - name: m\n    backend: llama\n    checkpoint: nowhere/model.bin\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"CONFIG:4:17", "checkpoint", "nowhere/model.bin' does not exist"}},
      {"CheckpointRequired", "models:\n  - name: m\n    backend: longllama\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"missing required key 'checkpoint' for backend 'longllama'"}},
      {"UnsetEnvVariable",
       "models:\n  - name: m\n    backend: llama\n    checkpoint: ${FOT_NO_SUCH_VARIABLE}/m.bin\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"environment variable 'FOT_NO_SUCH_VARIABLE' is not set"}},
      {"DuplicateModelName", "models:\n  - {name: m, backend: mock}\n  - {name: m, backend: mock}\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"model name 'm' is used twice"}},
      {"DuplicateKey", "seed: 1\nseed: 2\n" + good, {"run", "CONFIG", "-o", "OUT"}, {"duplicate key 'seed'"}},
      {"BadMemoryWindow",
       "models:\n  - name: m\n    backend: mock\n    memory: {window: 512, last_context_length: 1024}\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"memory.last_context_length (1024) must not exceed memory.window (512)"}},
      {"BadMemoryDtype", "models:\n  - name: m\n    backend: mock\n    memory: {dtype: fp8}\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"memory.dtype must be bfloat16, float16 or float32, got 'fp8'"}},
      {"NegativeMockWindow", "models:\n  - name: m\n    backend: mock\n    mock: {window: -1}\n" + std::string(kGoodTasks),
       {"run", "CONFIG", "-o", "OUT"}, {"models[0].mock.window", "must be at least 0"}},
      {"LengthTooShort", std::string(kGoodModels) + "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [32]}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"context length 32 is too short for model 'm'"}},
      {"LengthOverContextLimit",
       "models:\n  - {name: m, backend: mock, mock: {context_limit: 300}}\n" + std::string(kGoodTasks).replace(
           std::string(kGoodTasks).find("[256]"), 5, "[512]"),
       {"run", "CONFIG", "-o", "OUT"}, {"exceeds model 'm''s context limit of 300"}},
      {"LandmarkOverContextLimit",
       "models:\n  - {name: m, backend: mock, mock: {context_limit: 300}}\n"
       "tasks:\n  - {name: passkey, variant: landmark, n_garbage: [3000]}\n",
       {"run", "CONFIG", "-o", "OUT"}, {"n_garbage=3000 needs", "beyond model 'm''s context limit of 300"}},
      {"DepthsTooClose", good + "    depths: [0.3333331, 0.3333332]\n", {"run", "CONFIG", "-o", "OUT"},
       {"depths[1]", "listed twice"}},
      {"UnwritableOutputDir", good, {"run", "CONFIG", "-o", "BLOCKED/sub"}, {"cannot create output directory"}},
      {"NoOutputDir", good, {"run", "CONFIG"}, {"no output directory"}},
      {"ConfigMissing", "", {"run", "CONFIG", "-o", "OUT"}, {"config file does not exist"}},
      {"NoConfigArgument", "", {"run"}, {"config"}},
      {"UnknownFlag", good, {"run", "CONFIG", "--frobnicate"}, {"frobnicate"}},
      {"BadLimit", good, {"run", "CONFIG", "-o", "OUT", "--limit", "0"}, {"--limit must be at least 1"}},
      {"BadWorkersFlag", good, {"run", "CONFIG", "-o", "OUT", "--workers", "0"}, {"--workers must be between 1 and 256"}},
      {"BadWorkersKey", "workers: 0\n" + good, {"run", "CONFIG", "-o", "OUT"}, {"CONFIG:1:10", "workers", "must be at least 1"}},
      {"LimitNotANumber", good, {"run", "CONFIG", "-o", "OUT", "--limit", "many"}, {"limit"}},
      {"BadSeed", good, {"run", "CONFIG", "-o", "OUT", "--seed", "-3"}, {"--seed must be a non-negative integer"}},
      {"UnknownModelFilter", good, {"run", "CONFIG", "-o", "OUT", "--models", "n"}, {"no model 'n'", "did you mean 'm'"}},
      {"UnknownTaskFilter", good, {"run", "CONFIG", "-o", "OUT", "--tasks", "trec"}, {"no task 'trec'"}},
      {"ValidateBadConfig", std::string(kGoodModels) + "tasks:\n  - name: paskey\n", {"validate", "CONFIG"},
       {"unknown task 'paskey'"}},
      {"UnknownCommand", "", {"frobnicate"}, {"unknown command 'frobnicate'"}},
  };
}

void PrintTo(const BadCase& c, std::ostream* out) { *out << c.name; }

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, ExitsTwoNamingTheProblem) {
  const BadCase& c = GetParam();
  test::TempDir dir;
  const std::string config = dir / "config.yaml";
  if (!c.config.empty()) test::write_text(config, c.config);
  test::write_text(dir / "BLOCKED", "a file where a directory is needed");
  std::vector<std::string> args;
  for (std::string arg : c.args) {
    if (arg == "CONFIG") arg = config;
    if (arg == "OUT") arg = dir / "out";
    if (arg.rfind("BLOCKED", 0) == 0) arg = dir / arg;
    args.push_back(arg);
  }
  const test::ProcessResult r = test::run_fot_eval(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  for (std::string expected : c.expect) {
    if (expected.rfind("CONFIG", 0) == 0) expected = config + expected.substr(6);
    EXPECT_NE(r.err.find(expected), std::string::npos) << "expected '" << expected << "' in: " << r.err;
  }
  EXPECT_FALSE(test::fs::exists(dir / "out/results.csv"));
}

INSTANTIATE_TEST_SUITE_P(Cli, BadInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(Cli, HelpOnEverySubcommand) {
  for (const char* command : {"run", "list", "validate"}) {
    const auto r = test::run_fot_eval({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find(std::string("usage: fot-eval ") + command), std::string::npos) << r.out;
  }
  const auto r = test::run_fot_eval({"--help"});
  EXPECT_EQ(r.exit_code, 0);
}

TEST(Cli, ListNamesTasksAndBackends) {
  const auto r = test::run_fot_eval({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"passkey", "landmark, tokens", "mock", "llama", "longllama"})
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
}

TEST(Cli, ValidateAcceptsTheExampleConfig) {
  const auto r = test::run_fot_eval({"validate", std::string(FOT_SOURCE_DIR) + "/configs/examples/mock_passkey.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ok: 2 model(s), 2 task entries, 360 samples"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fot
