#include "harness/results/paper/published_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/input_error.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

struct Known {
  const char* title;
  const char* variant_rule;
};

const std::map<std::string, Known>& known_tables() {
  static const std::map<std::string, Known> tables = {
      {"passkey", {"Passkey retrieval accuracy by prompt length (figure 1; 100k and 256k stated in the text)", ""}},
      {"icl_trec_webqs", {"TREC / WebQS few-shot accuracy by context length (mean of 20 demonstration draws)", ""}},
      {"icl_fot_vs_standard_ft", {"TREC / WebQS: FoT vs standard long-context fine-tuning (3B)", ""}},
      {"zeroshot_v1", {"Zero-shot (lm-evaluation-harness), no BOS, v1 models", "-bos"}},
      {"zeroshot_bos", {"Zero-shot (lm-evaluation-harness), BOS prepended (v1.1 era)", "+bos"}},
  };
  return tables;
}

}  // namespace

std::string default_paper_dir() { return (fs::path(FOT_SOURCE_DIR) / "reports" / "paper").string(); }

std::vector<PublishedTable> read_published_tables(const std::string& dir) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("{}: no published tables here (not a directory)", dir));
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  // The paper's order (passkey, few-shot, zero-shot), then any other table by name.
  auto rank = [](const fs::path& p) {
    static const std::vector<std::string> order = {"passkey", "icl_trec_webqs", "icl_fot_vs_standard_ft",
                                                   "zeroshot_v1", "zeroshot_bos"};
    auto it = std::find(order.begin(), order.end(), p.stem().string());
    return std::make_pair(static_cast<size_t>(it - order.begin()), p.filename().string());
  };
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) { return rank(a) < rank(b); });
  std::vector<PublishedTable> out;
  for (const auto& path : files) {
    PublishedTable table;
    table.id = path.stem().string();
    auto known = known_tables().find(table.id);
    table.title = known != known_tables().end() ? known->second.title : table.id;
    table.variant_rule = known != known_tables().end() ? known->second.variant_rule : "";
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(fmt::format("{}: empty", path.string()));
    const std::vector<std::string> header = split(line);
    auto column = [&](std::initializer_list<const char*> names) -> int {
      for (const char* name : names) {
        auto it = std::find(header.begin(), header.end(), name);
        if (it != header.end()) return static_cast<int>(it - header.begin());
      }
      return -1;
    };
    const int model = column({"model", "method"}), task = column({"task"}), metric = column({"metric"}),
              length = column({"context_tokens"}), value = column({"value", "accuracy"}), note = column({"exactness"});
    if (model < 0 || value < 0)
      throw InputError(fmt::format("{}: header needs a model (or method) and a value (or accuracy) column", path.string()));
    int64_t line_no = 1;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      const std::vector<std::string> cells = split(line);
      if (cells.size() != header.size())
        throw InputError(fmt::format("{}:{}: {} cells, the header has {}", path.string(), line_no, cells.size(), header.size()));
      PublishedRow row;
      row.model = cells[static_cast<size_t>(model)];
      row.task = task >= 0 ? cells[static_cast<size_t>(task)] : table.id;
      if (metric >= 0) row.metric = cells[static_cast<size_t>(metric)];
      try {
        if (length >= 0) row.context_tokens = std::stoll(cells[static_cast<size_t>(length)]);
        row.value = std::stod(cells[static_cast<size_t>(value)]);
      } catch (const std::exception&) {
        throw InputError(fmt::format("{}:{}: not a number in '{}'", path.string(), line_no, line));
      }
      if (note >= 0) row.note = cells[static_cast<size_t>(note)];
      table.rows.push_back(std::move(row));
    }
    out.push_back(std::move(table));
  }
  return out;
}

}  // namespace fot
