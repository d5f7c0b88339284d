// The built fot-eval's `tokenize` command: pieces, then the ids (no BOS) on the last line; exit 2 on bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "tokenizer_files.h"

namespace fot {
namespace {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

CommandResult run_fot_eval(const std::string& arguments, const std::string& environment = "") {
  const std::string command = environment + " " + shell_quote(FOT_EVAL_BIN) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  CommandResult run{-1, ""};
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

TEST(CliTokenize, PrintsPiecesThenIdsOnTheLastLine) {
  const CommandResult run = run_fot_eval("tokenize --tokenizer " + shell_quote(test::open_llama_v1()) +
                                         " --text 'Hello world! The pass key is 71432. Remember it.'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto out = lines(run.output);
  ASSERT_EQ(out.size(), 2u) << run.output;
  EXPECT_EQ(out[0], "▁Hello ▁world ! ▁The ▁pass ▁key ▁is ▁ 7 1 4 3 2 . ▁Remember ▁it .");
  EXPECT_EQ(out.back(), "16644 924 31905 347 1286 2054 322 31822 31888 31853 31882 31878 31855 31843 10234 357 31843");
}

TEST(CliTokenize, TextWithNewlineAndUnicode) {
  const CommandResult run =
      run_fot_eval("tokenize --tokenizer " + shell_quote(test::open_llama_v2()) +
                   " --text \"$(printf 'Question: What is the capital of France?\\nType: LOC')\"");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(lines(run.output).back(), "10706 29537 1200 325 268 4739 296 6110 29584 13 1541 29537 27105");

  const CommandResult unicode =
      run_fot_eval("tokenize --tokenizer " + shell_quote(test::tok512()) + " --text " + shell_quote("naïve café 東京"));
  ASSERT_EQ(unicode.exit_code, 0) << unicode.output;
  EXPECT_EQ(lines(unicode.output).back(), "297 412 198 178 360 280 412 431 485 410 233 160 180 231 189 175");
}

TEST(CliTokenize, BadInputExitsTwo) {
  const std::string path = std::string(FOT_BINARY_DIR) + "/no/such/tokenizer.model";
  const CommandResult missing_file = run_fot_eval("tokenize --tokenizer " + shell_quote(path) + " --text hello");
  EXPECT_EQ(missing_file.exit_code, 2) << missing_file.output;
  EXPECT_NE(missing_file.output.find(path), std::string::npos) << missing_file.output;

  const CommandResult missing_flag = run_fot_eval("tokenize --text hello");
  EXPECT_EQ(missing_flag.exit_code, 2) << missing_flag.output;
  EXPECT_NE(missing_flag.output.find("tokenizer"), std::string::npos) << missing_flag.output;
}

TEST(CliTokenize, UnloadableShimNamesThePathTried) {
  const std::string shim = std::string(FOT_BINARY_DIR) + "/no_such_shim.so";
  const CommandResult run = run_fot_eval("tokenize --tokenizer " + shell_quote(test::tok512()) + " --text hello",
                                         "FOT_SPM_SHIM=" + shell_quote(shim));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find(shim), std::string::npos) << run.output;
}

}  // namespace
}  // namespace fot
