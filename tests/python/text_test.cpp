// lower(), \w, isspace(), capitalize() and the SQuAD normalisation against Python on every code point
// of the Basic Multilingual Plane (and sample ranges of the other planes), and str methods on strings.
#include <gtest/gtest.h>

#include <vector>

#include "common/input_error.h"
#include "tasks/common/python/squad.h"
#include "tasks/common/python/text.h"
#include "tasks/common/python/utf8.h"
#include "tests/python/python_golden.h"

namespace fot::python {
namespace {

std::string hex(const std::u32string& text) {
  std::string out;
  char buffer[12];
  for (char32_t c : text) {
    std::snprintf(buffer, sizeof buffer, "%s%X", out.empty() ? "" : " ", static_cast<unsigned>(c));
    out += buffer;
  }
  return out;
}

std::u32string sigma_probe(char32_t c) {  // as python_compat_reference.py builds it
  const std::u32string s(1, c);
  return U"A" + s + U"Σ AΣ" + s + U" " + s + U"Σ ΣΣ" + s + U"Σ";
}

std::u32string squad_probe(char32_t c) {
  const std::u32string s(1, c);
  return U"The" + s + U"the a" + s + U"AΣ" + s + U"Σ!" + s + U"x " + s;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
    fields.push_back(line.substr(start, tab - start));
  fields.push_back(line.substr(start));
  return fields;
}

TEST(PythonText, EveryBmpCodePointAgreesWithPython) {
  std::ifstream in = test::open_golden("bmp.tsv");
  std::string line;
  std::getline(in, line);
  EXPECT_NE(line.find(" unicode 14.0.0"), std::string::npos) << line << ": the tables are pinned to Unicode 14.0.0";
  size_t rows = 0, bmp = 0, mismatches = 0;
  const auto mismatch = [&](const std::string& what, const std::string& ours, const std::string& python) {
    if (++mismatches <= 20) ADD_FAILURE() << what << ": ours '" << ours << "', Python '" << python << "'";
  };
  while (std::getline(in, line)) {
    const auto f = split_tabs(line);
    ASSERT_EQ(f.size(), 7u) << line;
    const auto c = static_cast<char32_t>(std::stoul(f[0], nullptr, 16));
    ++rows;
    bmp += c < 0x10000;
    const std::u32string s(1, c);
    if (hex(lower(s)) != f[1]) mismatch("lower U+" + f[0], hex(lower(s)), f[1]);
    if (is_word_char(c) != (f[2] == "1")) mismatch("\\w U+" + f[0], std::to_string(is_word_char(c)), f[2]);
    if (is_space(c) != (f[3] == "1")) mismatch("isspace U+" + f[0], std::to_string(is_space(c)), f[3]);
    if (hex(lower(sigma_probe(c))) != f[5]) mismatch("lower(sigma probe) U+" + f[0], hex(lower(sigma_probe(c))), f[5]);
    if (f[6] == "-") {
      ASSERT_TRUE(c >= 0xD800 && c <= 0xDFFF) << line;  // UTF-8 cannot carry surrogates
      continue;
    }
    const std::string capitalized = hex(decode_utf8(capitalize(encode_utf8(s))));
    if (capitalized != f[4]) mismatch("capitalize U+" + f[0], capitalized, f[4]);
    const std::string normalized = hex(decode_utf8(squad_normalize(encode_utf8(squad_probe(c)))));
    if (normalized != f[6]) mismatch("normalize_answer(probe) U+" + f[0], normalized, f[6]);
  }
  EXPECT_EQ(bmp, 0x10000u);
  EXPECT_GT(rows, bmp);
  EXPECT_EQ(mismatches, 0u);
}

// The cases issue 23 names; Python 3.11 gives "α'ς" for "Α'Σ".lower() (the apostrophe is
// case-ignorable), keeps U+00B2 inside a word (isalnum) and treats U+0345 and U+05B0 (marks) as
// neither word characters nor cased.
TEST(PythonText, NamedCasesAgreeWithPython) {
  for (const auto& c : test::golden()["named"]) {
    const std::string text = c["text"];
    EXPECT_EQ(lower(text), c["lower"].get<std::string>()) << text;
    const std::u32string cps = decode_utf8(text);
    for (size_t i = 0; i < cps.size(); ++i) EXPECT_EQ(is_word_char(cps[i]), c["word"][i].get<bool>()) << text << " " << i;
    EXPECT_EQ(squad_normalize(text), c["normalized"].get<std::string>()) << text;
  }
  EXPECT_EQ(lower("Α'Σ"), "α'ς");
  EXPECT_EQ(squad_normalize("x²the"), "x²the");
  EXPECT_FALSE(is_word_char(0x345));
  EXPECT_FALSE(is_word_char(0x5B0));
}

TEST(PythonText, StringMethodsAgreeWithPython) {
  for (const auto& c : test::golden()["strings"]) {
    const std::string text = c["text"];
    EXPECT_EQ(strip(text), c["strip"].get<std::string>()) << text;
    EXPECT_EQ(rstrip(text), c["rstrip"].get<std::string>()) << text;
    EXPECT_EQ(lower(text), c["lower"].get<std::string>()) << text;
    EXPECT_EQ(capitalize(text), c["capitalize"].get<std::string>()) << text;
    EXPECT_EQ(length(text), c["length"].get<size_t>()) << text;
    std::vector<std::string> words;
    for (const auto& word : split(decode_utf8(text))) words.push_back(encode_utf8(word));
    EXPECT_EQ(words, c["split"].get<std::vector<std::string>>()) << text;
  }
  for (const auto& c : test::golden()["bytes_strip"])
    EXPECT_EQ(bytes_strip(test::from_hex(c["bytes"])), test::from_hex(c["strip"])) << c["bytes"];
  for (const auto& c : test::golden()["slices"])
    EXPECT_EQ(slice(c["text"], c["begin"], c["end"]), c["slice"].get<std::string>()) << c.dump();
}

TEST(PythonText, TextThatIsNotUtf8IsBadInput) {
  EXPECT_THROW(length("ab\xC3"), InputError);
  EXPECT_THROW(strip("\xFF"), InputError);
  EXPECT_THROW(lower("\xED\xA0\x80"), InputError);  // an encoded surrogate
}

TEST(Squad, GeneratedTextCutInsideACharacterIsReadAsPythonReplacesIt) {
  // b"the \xe2\x82".decode("utf-8", "replace") == "the \ufffd": one U+FFFD, then normalised.
  EXPECT_EQ(squad_normalize("the \xE2\x82"), "\xEF\xBF\xBD");
  EXPECT_TRUE(squad_exact_match("The caf\xC3", {"caf\xEF\xBF\xBD"}));
}

TEST(Squad, F1ByHand) {
  // pred "new york" vs gold "new york city": P = 2/2, R = 2/3, F1 = 2PR/(P+R) = 0.8.
  EXPECT_DOUBLE_EQ(squad_f1("New York City", "New York"), 0.8);
  EXPECT_EQ(squad_f1("the", "a"), 1.0);  // both normalise to no tokens: agree
  EXPECT_EQ(squad_f1("x", "the"), 0.0);
  EXPECT_EQ(squad_exact("The  Beatles!", "beatles"), 1.0);
}

}  // namespace
}  // namespace fot::python
