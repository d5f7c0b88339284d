// TREC label sets and their verbalizers (docs/few-shot-protocol.md section 2).
// `fine`: the 50 fine labels (the main variant), named as Parallel-Context-Windows' TRECFINE does.
// `coarse`: Hao et al.'s 6 coarse labels, verbalized by label name as their fairseq code does.
// The list order is the label order of results (`label_scores`) and breaks ties (earlier wins).
#pragma once

#include <string>
#include <vector>

namespace fot::icl {

enum class TrecVariant { kFine, kCoarse };

TrecVariant parse_trec_variant(const std::string& text);  // "fine" | "coarse"; fot::InputError otherwise
const char* to_string(TrecVariant variant);

struct TrecLabel {
  std::string name;        // "ABBR:abb" (fine) or "DESC" (coarse)
  std::string verbalizer;  // "abbreviation abbreviation", "Description"
};

const std::vector<TrecLabel>& trec_labels(TrecVariant variant);

// Index into trec_labels(variant) of the label `coarse:fine`; -1 when the set has no such label.
int trec_label_index(TrecVariant variant, const std::string& coarse, const std::string& fine);

}  // namespace fot::icl
