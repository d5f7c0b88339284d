// The paper's published tables (reports/paper/*.csv, sources in reports/paper/README.md), read into
// one row shape so a report can put measured values beside them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fot {

struct PublishedRow {
  std::string model;   // the paper's label (matched to a run's model name, case-insensitively)
  std::string task;
  std::string metric;  // empty: the task's main metric (tables of "accuracy")
  std::optional<int64_t> context_tokens;
  double value = 0.0;
  std::string note;    // e.g. "read_off_figure"
};

struct PublishedTable {
  std::string id;      // the file's stem
  std::string title;
  // Which measured variants a row may match: "" any, "+bos" only variants with "+bos", "-bos" only
  // those without (zero-shot with and without BOS).
  std::string variant_rule;
  std::vector<PublishedRow> rows;
};

// The default data directory: reports/paper of the source tree.
std::string default_paper_dir();

// Every *.csv of dir, in the paper's order (passkey, few-shot, zero-shot), others by name. Columns by header: model (or method), task (passkey.csv has
// none: "passkey"), metric, context_tokens, value (or accuracy), exactness. fot::InputError names
// the file and line of a bad row.
std::vector<PublishedTable> read_published_tables(const std::string& dir);

}  // namespace fot
