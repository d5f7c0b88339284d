#include "tasks/ruler/ruler_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/input_error.h"
#include "tasks/common/python/text.h"
#include "tasks/common/python/utf8.h"

namespace fot::ruler {
namespace {

std::mutex cache_mutex;

std::string data_path(const std::string& data_dir, const std::string& file_name, const char* needed_for) {
  if (data_dir.empty())
    throw InputError(fmt::format("RULER: {} needs {}, but the task has no data_dir (the folder laid out as the "
                                 "shared data's ruler/)",
                                 needed_for, file_name));
  const std::string path = (std::filesystem::path(data_dir) / file_name).string();
  if (!std::filesystem::is_regular_file(path))
    throw InputError(fmt::format("RULER: {} needs {}, which is not in data_dir ({} is missing)", needed_for,
                                 file_name, path));
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot read", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::ordered_json read_json(const std::string& path) {
  try {
    return nlohmann::ordered_json::parse(read_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
}

// The file's lines as Python's text mode reads them (universal newlines), each rstrip()ed.
std::vector<std::string> read_lines(const std::string& path) {
  const std::string text = read_file(path);
  std::vector<std::string> lines;
  std::string line;
  // A byte that is not UTF-8 is refused naming its line (rstrip's own error could not name the file).
  const auto add_line = [&] {
    python::check_utf8(line, fmt::format("{}:{}: ", path, lines.size() + 1));
    lines.push_back(python::rstrip(line));
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      add_line();
    } else {
      line += c;
    }
  }
  if (!line.empty()) add_line();
  return lines;
}

// Compares adjective + "-" + noun strings without building them.
struct JoinedView {
  const std::string& adjective;
  const std::string& noun;
  size_t size() const { return adjective.size() + 1 + noun.size(); }
  unsigned char operator[](size_t i) const {
    if (i < adjective.size()) return static_cast<unsigned char>(adjective[i]);
    if (i == adjective.size()) return '-';
    return static_cast<unsigned char>(noun[i - adjective.size() - 1]);
  }
};

int compare(const JoinedView& a, const JoinedView& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

}  // namespace

const std::vector<std::string>& word_list(const std::string& data_dir, const std::string& file_name) {
  static std::map<std::string, std::shared_ptr<const std::vector<std::string>>> cache;
  const std::string path = data_path(data_dir, file_name, "the wonderwords word lists");
  std::lock_guard<std::mutex> lock(cache_mutex);
  auto& slot = cache[path];
  if (!slot) slot = std::make_shared<const std::vector<std::string>>(read_lines(path));
  return *slot;
}

KeyWords::KeyWords(const std::vector<std::string>& adjectives, const std::vector<std::string>& nouns)
    : adjectives_(adjectives), nouns_(nouns) {
  // Two strings adjective + "-" + noun compare as their adjective + "-" prefixes do unless one prefix
  // starts the other ("blue-" and "blue-eyed-"). Adjectives are sorted by that prefix, so such
  // families sit together; only the pairs within one family need a full sort.
  std::vector<uint32_t> by_prefix(adjectives.size()), noun_order(nouns.size());
  for (uint32_t i = 0; i < by_prefix.size(); ++i) by_prefix[i] = i;
  for (uint32_t i = 0; i < noun_order.size(); ++i) noun_order[i] = i;
  auto prefix = [&](uint32_t a) { return adjectives[a] + "-"; };
  std::stable_sort(by_prefix.begin(), by_prefix.end(), [&](uint32_t x, uint32_t y) { return prefix(x) < prefix(y); });
  std::stable_sort(noun_order.begin(), noun_order.end(), [&](uint32_t x, uint32_t y) { return nouns[x] < nouns[y]; });
  auto view = [&](const std::pair<uint32_t, uint32_t>& p) { return JoinedView{adjectives_[p.first], nouns_[p.second]}; };
  order_.reserve(adjectives.size() * nouns.size());
  for (size_t begin = 0; begin < by_prefix.size();) {
    const std::string root = prefix(by_prefix[begin]);
    size_t end = begin + 1;
    while (end < by_prefix.size() && prefix(by_prefix[end]).compare(0, root.size(), root) == 0) ++end;
    const size_t first = order_.size();
    for (size_t i = begin; i < end; ++i)
      for (uint32_t n : noun_order) order_.emplace_back(by_prefix[i], n);
    if (end - begin > 1)
      std::sort(order_.begin() + static_cast<std::ptrdiff_t>(first), order_.end(),
                [&](const auto& x, const auto& y) { return compare(view(x), view(y)) < 0; });
    begin = end;
  }
  order_.erase(std::unique(order_.begin(), order_.end(),
                           [&](const auto& x, const auto& y) { return compare(view(x), view(y)) == 0; }),
               order_.end());
}

std::string KeyWords::at(size_t i) const {
  const auto& [a, n] = order_.at(i);
  return adjectives_[a] + "-" + nouns_[n];
}

const KeyWords& key_words(const std::string& data_dir) {
  static std::map<std::string, std::shared_ptr<const KeyWords>> cache;
  const auto& adjectives = word_list(data_dir, "adjectivelist.txt");
  const auto& nouns = word_list(data_dir, "nounlist.txt");
  std::lock_guard<std::mutex> lock(cache_mutex);
  auto& slot = cache[data_dir];
  if (!slot) slot = std::make_shared<const KeyWords>(adjectives, nouns);
  return *slot;
}

std::vector<std::string> common_words(const std::string& data_dir) {
  std::vector<std::string> words = word_list(data_dir, "nounlist.txt");
  for (const char* file : {"adjectivelist.txt", "verblist.txt"}) {
    const auto& more = word_list(data_dir, file);
    words.insert(words.end(), more.begin(), more.end());
  }
  std::sort(words.begin(), words.end());  // byte order of UTF-8 is Python's code-point order
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

const std::vector<std::string>& english_words(const std::string& data_dir) {
  static std::map<std::string, std::shared_ptr<const std::vector<std::string>>> cache;
  const std::string path =
      data_path(data_dir, "english_words.json", "common words extraction with more distinct words than the lists hold");
  std::lock_guard<std::mutex> lock(cache_mutex);
  auto& slot = cache[path];
  if (!slot) {
    const auto json = read_json(path);
    if (!json.is_object()) throw InputError(fmt::format("{}: expected a JSON object of words", path));
    std::vector<std::string> words;
    for (const auto& [key, value] : json.items()) {
      if (!value.is_string()) throw InputError(fmt::format("{}: the value of '{}' is not a string", path, key));
      words.push_back(value.get<std::string>());
    }
    slot = std::make_shared<const std::vector<std::string>>(std::move(words));
  }
  return *slot;
}

const std::string& paul_graham_essays(const std::string& data_dir) {
  static std::map<std::string, std::shared_ptr<const std::string>> cache;
  const std::string path = data_path(data_dir, "PaulGrahamEssays.json", "the essay haystack");
  std::lock_guard<std::mutex> lock(cache_mutex);
  auto& slot = cache[path];
  if (!slot) {
    const auto json = read_json(path);
    if (!json.is_object() || !json.contains("text") || !json["text"].is_string())
      throw InputError(fmt::format("{}: expected an object with a string field 'text'", path));
    slot = std::make_shared<const std::string>(json["text"].get<std::string>());
  }
  return *slot;
}

}  // namespace fot::ruler
