#include "tasks/ruler/ruler_entries.h"

#include "tasks/ruler/ruler_templates.h"

namespace fot::ruler {
namespace {

Settings niah(const char* haystack, const char* type_k, const char* type_v, int64_t k, int64_t v, int64_t q) {
  Settings s;
  s.generator = Generator::kNiah;
  s.tokens_to_generate = task_template(s.generator).tokens_to_generate;
  s.type_haystack = haystack;
  s.type_needle_k = type_k;
  s.type_needle_v = type_v;
  s.num_needle_k = k;
  s.num_needle_v = v;
  s.num_needle_q = q;
  return s;
}

Settings of(Generator generator) {
  Settings s;
  s.generator = generator;
  s.tokens_to_generate = task_template(generator).tokens_to_generate;
  if (generator == Generator::kVariableTracking) s.type_haystack = "noise";
  return s;
}

}  // namespace

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {"niah_single_1", "RULER: one needle (word key, number value) in repeated noise sentences",
       niah("noise", "words", "numbers", 1, 1, 1)},
      {"niah_single_2", "RULER: one needle (word key, number value) in essays", niah("essay", "words", "numbers", 1, 1, 1)},
      {"niah_single_3", "RULER: one needle (word key, UUID value) in essays", niah("essay", "words", "uuids", 1, 1, 1)},
      {"niah_multikey_1", "RULER: one of 4 needles with distinct word keys, in essays",
       niah("essay", "words", "numbers", 4, 1, 1)},
      {"niah_multikey_2", "RULER: one needle among needles (word keys, number values)",
       niah("needle", "words", "numbers", 1, 1, 1)},
      {"niah_multikey_3", "RULER: one needle among needles (UUID keys and values)",
       niah("needle", "uuids", "uuids", 1, 1, 1)},
      {"niah_multivalue", "RULER: all 4 values of one word key, in essays", niah("essay", "words", "numbers", 1, 4, 1)},
      {"niah_multiquery", "RULER: the values of 4 word keys asked at once, in essays",
       niah("essay", "words", "numbers", 1, 1, 4)},
      {"vt", "RULER: variable tracking, every name bound to a value through a chain of 4 assignments",
       [] {
         Settings s = of(Generator::kVariableTracking);
         s.num_chains = 1;
         s.num_hops = 4;
         return s;
       }()},
      {"cwe", "RULER: the 10 most common words of a numbered list (30 vs 3 repeats)", of(Generator::kCommonWords)},
      {"fwe", "RULER: the 3 most frequent coded words of a Zipf-distributed text (alpha 2)", of(Generator::kFreqWords)},
  };
  return table;
}

const Entry* find_entry(const std::string& name) {
  for (const auto& entry : entries())
    if (entry.name == name) return &entry;
  return nullptr;
}

const std::vector<int64_t>& default_context_lengths() {
  static const std::vector<int64_t> lengths = {4096, 8192, 16384, 32768, 65536, 131072};
  return lengths;
}

}  // namespace fot::ruler
