#include "tasks/passkey/token_sized_prompt.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "common/input_error.h"
#include "tasks/passkey/passkey_text.h"

namespace fot::passkey {
namespace {

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  size_t begin = 0;
  for (;;) {
    size_t end = text.find(' ', begin);
    out.push_back(text.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
    if (end == std::string::npos) return out;
    begin = end + 1;
  }
}

// Counts tokens of prompts "A\nP\nN\nS\nQ" where P and S are filler prefixes, without building them.
class Sizer {
 public:
  Sizer(const TextCodec& codec, int64_t key)
      : codec_(codec),
        intro_(split_words(kTaskDescription)),
        needle_(split_words(needle(key))),
        question_(split_words(kQuestion)),
        unit_(split_words(kFillerUnit)) {
    word_cost_prefix_.push_back(0);
    char_prefix_.push_back(0);
    for (const auto& word : unit_) {
      word_cost_prefix_.push_back(word_cost_prefix_.back() + cost(word));
      char_prefix_.push_back(char_prefix_.back() + static_cast<int64_t>(word.size()) + 1);
      if (word.back() == '.') sentence_ends_.push_back(static_cast<int64_t>(char_prefix_.size()) - 1);
    }
  }

  int64_t unit_words() const { return static_cast<int64_t>(unit_.size()); }
  int64_t unit_cost() const { return word_cost_prefix_.back(); }
  const std::string& filler_word(int64_t i) const { return unit_[static_cast<size_t>(i % unit_words())]; }

  // Tokens of filler words [0, x).
  int64_t filler_cost(int64_t x) const {
    return (x / unit_words()) * unit_cost() + word_cost_prefix_[static_cast<size_t>(x % unit_words())];
  }
  // Characters of filler words [0, x) joined by spaces.
  int64_t filler_chars(int64_t x) const {
    if (x == 0) return 0;
    return (x / unit_words()) * char_prefix_.back() + char_prefix_[static_cast<size_t>(x % unit_words())] - 1;
  }

  // Tokens (no BOS) of the prompt with `a` prefix words and a suffix of `b` words from filler word
  // `start` on, plus the partial word r.
  int64_t count(int64_t a, int64_t start, int64_t b, const std::string& r) {
    std::vector<Seq> parts = {Seq::fixed(intro_), Seq::filler(0, a, ""), Seq::fixed(needle_),
                              Seq::filler(start, b, r), Seq::fixed(question_)};
    return walk(parts, false);
  }
  // Tokens (no BOS) of "A\nP\n": the needle's first token comes right after them.
  int64_t count_before_needle(int64_t a) {
    std::vector<Seq> parts = {Seq::fixed(intro_), Seq::filler(0, a, "")};
    return walk(parts, true);
  }

  // The largest a at a sentence end whose filler cost is at most `tokens`.
  int64_t sentence_end_within(double tokens) const {
    if (tokens <= 0) return 0;
    int64_t units = static_cast<int64_t>(tokens / static_cast<double>(unit_cost()));
    int64_t best = units * unit_words();
    for (int64_t end : sentence_ends_)
      if (filler_cost(units * unit_words() + end) <= tokens) best = units * unit_words() + end;
    return best;
  }
  // Word indices where a sentence of the unit starts (0 first).
  std::vector<int64_t> sentence_starts() const {
    std::vector<int64_t> out = {0};
    for (int64_t end : sentence_ends_)
      if (end < unit_words()) out.push_back(end);
    return out;
  }
  int64_t previous_sentence_end(int64_t a) const {
    for (int64_t x = a - 1; x > 0; --x)
      if (filler_word(x - 1).back() == '.') return x;
    return 0;
  }

 private:
  // A section of the prompt: fixed words, or `whole` filler words from word `start` on, followed by
  // the partial word `partial` (a prefix of the next filler word) when set.
  struct Seq {
    const std::vector<std::string>* words = nullptr;
    int64_t start = 0, whole = 0;
    std::string partial;
    static Seq fixed(const std::vector<std::string>& w) { return Seq{&w, 0, 0, ""}; }
    static Seq filler(int64_t start, int64_t n, std::string r) { return Seq{nullptr, start, n, std::move(r)}; }
  };

  int64_t size(const Seq& s) const {
    return s.words ? static_cast<int64_t>(s.words->size()) : s.whole + (s.partial.empty() ? 0 : 1);
  }
  const std::string& word(const Seq& s, int64_t i) const {
    if (s.words) return (*s.words)[static_cast<size_t>(i)];
    return i == s.whole ? s.partial : filler_word(s.start + i);
  }
  // Tokens of the words strictly between the first and the last (all of them whole words).
  int64_t interior(const Seq& s) {
    int64_t n = size(s);
    if (n < 3) return 0;
    if (!s.words) return filler_cost(s.start + n - 1) - filler_cost(s.start + 1);
    int64_t total = 0;
    for (int64_t i = 1; i + 1 < n; ++i) total += cost(word(s, i));
    return total;
  }

  // Space-separated pretokens are tokenized independently; a "\n" joins the neighbouring words
  // into one pretoken.
  int64_t walk(const std::vector<Seq>& parts, bool trailing_newline) {
    int64_t total = 0;
    std::string open;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) open += '\n';
      int64_t n = size(parts[i]);
      if (n == 0) continue;
      open += word(parts[i], 0);
      if (n == 1) continue;
      total += cost(open);
      total += interior(parts[i]);
      open = word(parts[i], n - 1);
    }
    if (trailing_newline) open += '\n';
    if (!open.empty()) total += cost(open);
    return total;
  }

  int64_t cost(const std::string& pretoken) {
    auto it = costs_.find(pretoken);
    if (it != costs_.end()) return it->second;
    int64_t c = static_cast<int64_t>(codec_.encode(pretoken).size());
    costs_.emplace(pretoken, c);
    return c;
  }

  const TextCodec& codec_;
  std::vector<std::string> intro_, needle_, question_, unit_;
  std::vector<int64_t> word_cost_prefix_, char_prefix_, sentence_ends_;
  std::unordered_map<std::string, int64_t> costs_;
};

struct Layout {
  int64_t a = 0;      // filler words before the needle
  int64_t start = 0;  // first filler word after the needle (a sentence start)
  int64_t b = 0;      // whole filler words after the needle
  std::string r;      // then this prefix of the next filler word
};

// The suffix for a given a and start with exactly `target` tokens, if one exists.
bool find_suffix(Sizer& sizer, int64_t target, int64_t haystack, int64_t a, int64_t start, Layout& out) {
  if (sizer.count(a, start, 0, "") > target) return false;
  // Largest b with count <= target (count grows with b).
  int64_t lo = 0, hi = std::max<int64_t>(sizer.unit_words(), (haystack / sizer.unit_cost() + 2) * sizer.unit_words());
  while (sizer.count(a, start, hi, "") <= target) hi *= 2;
  while (hi - lo > 1) {
    int64_t mid = lo + (hi - lo) / 2;
    (sizer.count(a, start, mid, "") <= target ? lo : hi) = mid;
  }
  if (sizer.count(a, start, lo, "") == target) {
    out = {a, start, lo, ""};
    return true;
  }
  for (int64_t b = lo; b >= std::max<int64_t>(0, lo - 3); --b) {
    const std::string& next = sizer.filler_word(start + b);
    for (size_t len = 1; len < next.size(); ++len) {
      std::string r = next.substr(0, len);
      if (sizer.count(a, start, b, r) == target) {
        out = {a, start, b, r};
        return true;
      }
    }
  }
  return false;
}

// Finds a layout whose token count (no BOS) is exactly `target`, the needle near `depth`. Tries the
// suffix starting at each sentence of the unit, then moves the needle back one sentence at a time.
bool find_layout(Sizer& sizer, int64_t target, double depth, Layout& out) {
  const int64_t base = sizer.count(0, 0, 0, "");
  const int64_t haystack = target - base;
  int64_t a = sizer.sentence_end_within(depth * static_cast<double>(haystack));
  for (int attempt = 0; attempt < 8; ++attempt) {
    for (int64_t start : sizer.sentence_starts())
      if (find_suffix(sizer, target, haystack, a, start, out)) return true;
    if (a == 0) return false;
    a = sizer.previous_sentence_end(a);
  }
  return false;
}

}  // namespace

int64_t minimum_prompt_tokens(const TextCodec& codec, int64_t key) {
  Sizer sizer(codec, key);
  return 1 + sizer.count(0, 0, 0, "");
}

SizedPrompt token_sized_prompt(const TextCodec& codec, int64_t prompt_tokens, double depth, int64_t key) {
  if (!(depth >= 0.0 && depth <= 1.0)) throw std::invalid_argument("passkey: depth outside [0, 1]");
  Sizer sizer(codec, key);
  const int64_t base = sizer.count(0, 0, 0, "");
  if (prompt_tokens < base + 1)
    throw InputError(fmt::format("passkey: a prompt of {} tokens is too short; with this tokenizer the prompt "
                                 "without filler already has {} tokens",
                                 prompt_tokens, base + 1));
  int64_t target = prompt_tokens - 1;  // BOS
  for (int pass = 0; pass < 4; ++pass) {
    Layout layout;
    if (!find_layout(sizer, target, depth, layout)) break;
    SizedPrompt out;
    out.prefix_words = layout.a;
    // Filler words [start, start + b) then the partial word.
    const int64_t skip = sizer.filler_chars(layout.start) + (layout.start > 0 ? 1 : 0);
    std::string suffix = layout.b > 0 ? filler(sizer.filler_chars(layout.start + layout.b)).substr(skip) : "";
    if (!layout.r.empty()) suffix += (layout.b > 0 ? " " : "") + layout.r;
    out.suffix_chars = static_cast<int64_t>(suffix.size());
    out.text = std::string(kTaskDescription) + "\n" + filler(sizer.filler_chars(layout.a)) + "\n" + needle(key) +
               "\n" + suffix + "\n" + kQuestion;
    out.ids.push_back(codec.bos_id());
    TokenIds body = codec.encode(out.text);
    out.ids.insert(out.ids.end(), body.begin(), body.end());
    const int64_t got = static_cast<int64_t>(out.ids.size());
    if (got != prompt_tokens) {
      target += prompt_tokens - got;  // the tokenizer is not additive over words here; correct and retry
      continue;
    }
    const int64_t before_needle_empty = sizer.count_before_needle(0);
    const int64_t before_needle = sizer.count_before_needle(layout.a);
    out.needle_token_pos = 1 + before_needle;
    const int64_t filler_tokens = prompt_tokens - 1 - base;
    out.needle_depth =
        filler_tokens > 0
            ? std::clamp(static_cast<double>(before_needle - before_needle_empty) / static_cast<double>(filler_tokens),
                         0.0, 1.0)
            : 0.0;
    return out;
  }
  throw std::runtime_error(
      fmt::format("passkey: could not size a prompt to exactly {} tokens with this tokenizer", prompt_tokens));
}

LandmarkIds landmark_ids(const TextCodec& codec, const std::string& text, size_t needle_offset) {
  LandmarkIds out;
  out.ids = {codec.bos_id()};
  const TokenIds body = codec.encode(text);
  out.ids.insert(out.ids.end(), body.begin(), body.end());
  out.needle_token_pos = 1 + static_cast<int64_t>(codec.encode(text.substr(0, needle_offset)).size());
  return out;
}

}  // namespace fot::passkey
