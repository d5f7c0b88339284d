// Python str semantics and HellaSwag's preprocess against Python itself (zeroshot_python.json).
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "tasks/zeroshot/hellaswag.h"
#include "tasks/zeroshot/python_text.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

TEST(PythonText, StripLowerCapitalizeAndLengthMatchPython) {
  for (const auto& c : test::golden("zeroshot_python.json")["strings"]) {
    const std::string text = c["text"];
    EXPECT_EQ(python_strip(text), c["strip"].get<std::string>()) << text;
    EXPECT_EQ(python_rstrip(text), c["rstrip"].get<std::string>()) << text;
    EXPECT_EQ(python_lower(text), c["lower"].get<std::string>()) << text;
    EXPECT_EQ(python_capitalize(text), c["capitalize"].get<std::string>()) << text;
    EXPECT_EQ(code_point_length(text), c["length"].get<size_t>()) << text;
  }
}

TEST(PythonText, SlicesByCodePoints) {
  EXPECT_EQ(slice_code_points("Café owners run", 12, 15), "run");
  EXPECT_EQ(slice_code_points("東京タワー", 1, 3), "京タ");
  EXPECT_EQ(slice_code_points("abc", 2, 10), "c");
}

TEST(PythonText, InvalidUtf8IsBadInput) {
  EXPECT_THROW(code_point_length("ab\xC3"), InputError);
  EXPECT_THROW(code_point_length("\xFF"), InputError);
}

TEST(HellaSwag, PreprocessMatchesPython) {
  for (const auto& c : test::golden("zeroshot_python.json")["hellaswag_preprocess"])
    EXPECT_EQ(hellaswag_preprocess(c["text"]), c["preprocessed"].get<std::string>()) << c["text"];
}

}  // namespace
}  // namespace fot::zeroshot
