// Published rows beside measured ones: matched by model label (case-insensitive), task, metric (the
// task's main metric where the table has none), the table's variant rule (with or without BOS), and
// context length. A row's length is its token-valued axis (`budget`, `context_tokens`) when it has
// one, else the mean prompt length of its samples (passkey's landmark prompts count characters);
// it matches the published length nearest to it within a factor of 1.25.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/results/paper/published_tables.h"
#include "harness/results/paper/report_runs.h"

namespace fot {

struct PaperLine {
  PublishedRow published;
  std::optional<ResultRow> measured;  // empty: no measurement
  std::string run;                    // label of the run measured in
};

struct PaperTableResult {
  PublishedTable table;
  std::vector<PaperLine> lines;  // published order; a row measured in several runs or memory configurations repeats
  size_t matched = 0, missing = 0;
};

std::vector<PaperTableResult> match_published(const std::vector<PublishedTable>& tables, const std::vector<ReportRun>& runs);

// The measured length a row is matched by (see above); empty for rows without a length.
std::optional<double> matched_length(const ResultRow& row);

}  // namespace fot
