// Model names: letters and digits of any script pass (长, α, é, also as e + a combining accent),
// with - _ . +; separators, controls, invisible characters, look-alike path characters and bytes
// that are not UTF-8 are refused naming the character (check_name, harness/config/run_config.cpp).
#include <gtest/gtest.h>

#include "harness/config/run_config.h"
#include "common/input_error.h"
#include "test_util.h"

namespace fot {
namespace {

std::string config_with_names(const std::vector<std::string>& names) {
  std::string text = "models:\n";
  for (const auto& name : names) text += "  - name: \"" + name + "\"\n    backend: mock\n";
  return text + "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [256], depths: [0.5], trials: 2}\n";
}

// The error loading a config with this text raises ("" when it loads).
std::string error_of(const test::TempDir& dir, const std::string& text) {
  test::write_text(dir / "c.yaml", text);
  try {
    load_run_config(dir / "c.yaml", std::nullopt);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(ModelNames, LettersOfAnyScriptAreAccepted) {
  test::TempDir dir;
  const std::vector<std::string> names = {"长", "α", "é", "e\xcc\x81", "模型-7b_v1.0+topk", "Ωmega2", "日本語モデル"};
  test::write_text(dir / "c.yaml", config_with_names(names));
  const RunConfig config = load_run_config(dir / "c.yaml", std::nullopt);
  ASSERT_EQ(config.models.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(config.models[i].spec.name, names[i]);
}

TEST(ModelNames, SeparatorsControlsAndInvisibleCharactersAreRefused) {
  struct Case {
    std::string name, why;
  };
  for (const Case& c : {Case{"a b", "holds ' '"}, Case{"a,b", "holds ','"}, Case{"a/b", "holds '/'"},
                        Case{"a|b", "holds '|'"}, Case{"a\\\\b", "holds '\\'"},
                        Case{"a\xc2\xa0" "b", "holds U+00A0 (byte 2)"},         // no-break space
                        Case{"a\xe2\x80\x8b" "b", "holds U+200B (byte 2)"},     // zero-width space
                        Case{"a\xe2\x80\xae" "b", "holds U+202E (byte 2)"},     // right-to-left override
                        Case{"a\xef\xbc\x8f" "b", "holds U+FF0F (byte 2)"},     // fullwidth solidus
                        Case{"a\xe3\x80\x80" "b", "holds U+3000 (byte 2)"},     // ideographic space
                        Case{"\xe3\x85\xa4", "holds U+3164 (byte 1)"},          // Hangul filler: a letter, invisible
                        Case{"\xcc\x81" "e", "holds U+0301 (byte 1)"},          // a combining accent on nothing
                        Case{"\xf0\x9f\x98\x80", "holds U+1F600 (byte 1)"}}) {  // emoji: a symbol
    SCOPED_TRACE(c.name);
    test::TempDir dir;
    const std::string error = error_of(dir, config_with_names({c.name}));
    EXPECT_NE(error.find(dir / "c.yaml:2:"), std::string::npos) << error;
    EXPECT_NE(error.find("' " + c.why + "; a name may hold only letters and digits (of any script) and - _ . +"),
              std::string::npos)
        << error;
  }
}

TEST(ModelNames, BytesThatAreNotUtf8AreRefused) {
  test::TempDir dir;
  // Latin-1 "é" (0xE9) in a plain scalar, as an editor set to Latin-1 would save it.
  std::string text = config_with_names({"x"});
  text.replace(text.find("\"x\""), 3, "caf\xe9");
  const std::string error = error_of(dir, text);
  EXPECT_NE(error.find("is not valid UTF-8 (byte 4)"), std::string::npos) << error;
}

TEST(ModelNames, RunLabelsResultsAndPlotFilesByTheName) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config_with_names({"长", "α", "é"}));
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = test::read_lines(dir / "out/results.csv");
  for (const std::string name : {"长", "α", "é"}) {
    SCOPED_TRACE(name);
    size_t count = 0;
    for (const auto& row : rows) count += row.rfind(name + ",", 0) == 0;
    EXPECT_GT(count, 0u);
    // One heatmap per model: "α" and "é" must not share a file name.
    EXPECT_TRUE(test::fs::is_regular_file(dir / ("out/plots/heatmap_" + name + "_passkey_tokens.dat")));
  }
}

}  // namespace
}  // namespace fot
