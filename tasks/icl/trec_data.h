// The original TREC question-classification files (Li & Roth 2002), read byte for byte as the HF
// `datasets` trec loader v1.1.0 reads them (docs/few-shot-protocol.md section 1): in each line byte 0xF0 (the one
// non-UTF-8 byte of train_5500.label) becomes a space, ASCII whitespace is stripped from both ends,
// and the line splits at its first space into `COARSE:fine` and the question text, kept verbatim.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot::icl {

struct TrecQuestion {
  std::string coarse;  // "DESC"
  std::string fine;    // "manner"
  std::string text;    // "How did serfdom develop in and then leave Russia ?"
  int64_t line = 0;    // 1-based line in its file
};

// Every line must hold a known fine label (trec_labels(kFine)), a space and a non-empty text in
// UTF-8; otherwise fot::InputError naming the file and line. A missing file is named too.
std::vector<TrecQuestion> read_trec_file(const std::string& path);

struct TrecSplits {
  std::vector<TrecQuestion> train;  // demonstrations: <data_dir>/trec/train_5500.label
  std::vector<TrecQuestion> test;   // evaluation:     <data_dir>/trec/TREC_10.label
};

// data_dir is laid out as ../shared/data.
TrecSplits load_trec(const std::string& data_dir);

}  // namespace fot::icl
