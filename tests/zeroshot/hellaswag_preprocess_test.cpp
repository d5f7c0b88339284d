// HellaSwag's preprocess against Python itself (zeroshot_python.json).
#include <gtest/gtest.h>

#include "tasks/zeroshot/hellaswag.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

TEST(HellaSwag, PreprocessMatchesPython) {
  for (const auto& c : test::golden("zeroshot_python.json")["hellaswag_preprocess"])
    EXPECT_EQ(hellaswag_preprocess(c["text"]), c["preprocessed"].get<std::string>()) << c["text"];
}

}  // namespace
}  // namespace fot::zeroshot
