#include "tasks/icl/trec_labels.h"

#include "common/input_error.h"

namespace fot::icl {
namespace {

std::vector<TrecLabel> make_fine_labels() {
  struct Group {
    const char* coarse;
    const char* word;  // first word of the verbalizer
    std::vector<std::pair<const char*, const char*>> fine;  // fine label, second word
  };
  const std::vector<Group> groups = {
      {"ABBR", "abbreviation", {{"abb", "abbreviation"}, {"exp", "expansion"}}},
      {"ENTY", "entity", {{"animal", "animal"},     {"body", "body"},         {"color", "color"},
                          {"cremat", "creation"},   {"currency", "currency"}, {"dismed", "disease"},
                          {"event", "event"},       {"food", "food"},         {"instru", "instrument"},
                          {"lang", "language"},     {"letter", "letter"},     {"other", "other"},
                          {"plant", "plant"},       {"product", "product"},   {"religion", "religion"},
                          {"sport", "sport"},       {"substance", "substance"}, {"symbol", "symbol"},
                          {"techmeth", "technique"}, {"termeq", "term"},      {"veh", "vehicle"},
                          {"word", "word"}}},
      {"DESC", "description", {{"def", "definition"}, {"desc", "description"}, {"manner", "manner"},
                               {"reason", "reason"}}},
      {"HUM", "human", {{"gr", "group"}, {"ind", "individual"}, {"title", "title"}, {"desc", "description"}}},
      {"LOC", "location", {{"city", "city"}, {"country", "country"}, {"mount", "mountain"}, {"other", "other"},
                           {"state", "state"}}},
      {"NUM", "numeric", {{"code", "code"},     {"count", "count"},   {"date", "date"},     {"dist", "distance"},
                          {"money", "money"},   {"ord", "order"},     {"other", "other"},   {"period", "period"},
                          {"perc", "percent"},  {"speed", "speed"},   {"temp", "temperature"},
                          {"volsize", "size"},  {"weight", "weight"}}},
  };
  std::vector<TrecLabel> labels;
  for (const auto& group : groups)
    for (const auto& [fine, word] : group.fine)
      labels.push_back({std::string(group.coarse) + ":" + fine, std::string(group.word) + " " + word});
  return labels;
}

// Hao et al.'s class order is the HF trec v1 loader's (DESC, ENTY, ABBR, HUM, NUM, LOC).
std::vector<TrecLabel> make_coarse_labels() {
  return {{"DESC", "Description"}, {"ENTY", "Entity"}, {"ABBR", "Expression"},
          {"HUM", "Person"},       {"NUM", "Number"},  {"LOC", "Location"}};
}

}  // namespace

TrecVariant parse_trec_variant(const std::string& text) {
  if (text == "fine") return TrecVariant::kFine;
  if (text == "coarse") return TrecVariant::kCoarse;
  throw InputError("trec variant must be fine or coarse, not '" + text + "'");
}

const char* to_string(TrecVariant variant) { return variant == TrecVariant::kFine ? "fine" : "coarse"; }

const std::vector<TrecLabel>& trec_labels(TrecVariant variant) {
  static const std::vector<TrecLabel> fine = make_fine_labels();
  static const std::vector<TrecLabel> coarse = make_coarse_labels();
  return variant == TrecVariant::kFine ? fine : coarse;
}

int trec_label_index(TrecVariant variant, const std::string& coarse, const std::string& fine) {
  const std::string name = variant == TrecVariant::kFine ? coarse + ":" + fine : coarse;
  const auto& labels = trec_labels(variant);
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace fot::icl
