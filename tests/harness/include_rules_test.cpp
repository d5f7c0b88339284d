// The layout's include rules (docs/architecture.md), checked on the source tree: tasks describe
// requests and never see the model interface; nothing outside tasks/ reaches into a task family
// (a task declares its own summary rows and tables through tasks/task.h); the headers of the
// harness, the tasks and common/ stay free of LibTorch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fot {
namespace {

namespace fs = std::filesystem;

struct Include {
  std::string file;  // relative to the source tree
  int line = 0;
  std::string target;
};

bool is_source(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".h" || ext == ".cpp" || ext == ".hpp" || ext == ".cc";
}

// Every #include of the source files under `folder`, headers only when `headers_only`.
std::vector<Include> includes_under(const std::string& folder, bool headers_only = false) {
  const fs::path root(FOT_SOURCE_DIR);
  std::vector<Include> out;
  const std::regex include(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
    if (!entry.is_regular_file() || !is_source(entry.path())) continue;
    if (headers_only && entry.path().extension() != ".h") continue;
    std::ifstream in(entry.path());
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
      ++line;
      std::smatch match;
      if (std::regex_search(text, match, include))
        out.push_back({fs::relative(entry.path(), root).string(), line, match[1].str()});
    }
  }
  return out;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

std::string where(const Include& inc) { return inc.file + ":" + std::to_string(inc.line) + ": " + inc.target; }

TEST(IncludeRules, TasksDoNotIncludeTheModelInterface) {
  const std::vector<Include> includes = includes_under("tasks");
  ASSERT_GT(includes.size(), 100u) << "the scan found too little: is FOT_SOURCE_DIR the source tree?";
  for (const auto& inc : includes) EXPECT_NE(inc.target, "models/language_model.h") << where(inc);
}

TEST(IncludeRules, NothingOutsideTasksIncludesATaskFamily) {
  const std::vector<std::string> families = {"tasks/icl/", "tasks/zeroshot/", "tasks/passkey/", "tasks/ruler/"};
  // The check sees a family's include where there is one: the RULER tests include tasks/ruler.
  bool control = false;
  for (const auto& inc : includes_under("tests/ruler")) control = control || starts_with(inc.target, "tasks/ruler/");
  EXPECT_TRUE(control);
  for (const std::string folder : {"harness", "models", "common"}) {
    const std::vector<Include> includes = includes_under(folder);
    ASSERT_FALSE(includes.empty()) << folder;
    for (const auto& inc : includes)
      for (const auto& family : families) EXPECT_FALSE(starts_with(inc.target, family)) << where(inc);
  }
}

TEST(IncludeRules, HarnessTaskAndCommonHeadersAreFreeOfLibTorch) {
  for (const std::string folder : {"harness", "tasks", "common"})
    for (const auto& inc : includes_under(folder, true))
      EXPECT_FALSE(starts_with(inc.target, "torch/") || starts_with(inc.target, "ATen/") ||
                   starts_with(inc.target, "c10/"))
          << where(inc);
}

}  // namespace
}  // namespace fot
