// docs/config.md is printed from the tables the parser checks keys against: a key added to a
// table (the only way a parser accepts a key) without regenerating the file fails here.
#include <gtest/gtest.h>

#include "harness/config/config_sections.h"
#include "test_util.h"

namespace fot {
namespace {

TEST(ConfigReference, DocsMatchTheParserTables) {
  const std::string expected = config_reference_markdown(all_config_sections());
  const std::string docs = test::read_text(std::string(FOT_SOURCE_DIR) + "/docs/config.md");
  EXPECT_TRUE(docs == expected) << "docs/config.md is stale: regenerate it with "
                                   "`build/fot-eval list --config-reference > docs/config.md`";
  for (const ConfigSection* section : all_config_sections())
    for (const auto& key : section->keys)
      EXPECT_NE(docs.find("| `" + std::string(key.key) + "` |"), std::string::npos) << section->name << ": " << key.key;
}

TEST(ConfigReference, TheParserRejectsKeysTheTablesLack) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", "models:\n  - {name: m, backend: mock, answer_rooms: 3}\n"
                                   "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [256]}\n");
  const auto r = test::run_fot_eval({"validate", dir / "c.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown key 'answer_rooms'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fot
