#include "tasks/icl/trec_data.h"

#include <fmt/format.h>

#include <fstream>

#include "common/input_error.h"
#include "tasks/common/python/text.h"
#include "tasks/common/python/utf8.h"
#include "tasks/icl/trec_labels.h"

namespace fot::icl {
namespace {

TrecQuestion parse_line(std::string raw, const std::string& path, int64_t line) {
  auto fail = [&](const std::string& why) { return InputError(fmt::format("{}:{}: {}", path, line, why)); };
  for (char& c : raw)
    if (static_cast<unsigned char>(c) == 0xF0) c = ' ';
  const std::string text = python::bytes_strip(raw);
  if (!python::is_valid_utf8(text)) throw fail("not UTF-8 text");
  const size_t space = text.find(' ');
  if (space == std::string::npos) throw fail("expected 'COARSE:fine question', found no space");
  const std::string label = text.substr(0, space);
  const size_t colon = label.find(':');
  if (colon == std::string::npos) throw fail("label '" + label + "' is not COARSE:fine");
  TrecQuestion question{label.substr(0, colon), label.substr(colon + 1), text.substr(space + 1), line};
  if (trec_label_index(TrecVariant::kFine, question.coarse, question.fine) < 0) throw fail("unknown label '" + label + "'");
  return question;
}

}  // namespace

std::vector<TrecQuestion> read_trec_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("TREC file not found or unreadable: " + path);
  std::vector<TrecQuestion> questions;
  std::string raw;
  for (int64_t line = 1; std::getline(in, raw); ++line) questions.push_back(parse_line(raw, path, line));
  if (questions.empty()) throw InputError(path + ": no questions");
  return questions;
}

TrecSplits load_trec(const std::string& data_dir) {
  return {read_trec_file(data_dir + "/trec/train_5500.label"), read_trec_file(data_dir + "/trec/TREC_10.label")};
}

}  // namespace fot::icl
