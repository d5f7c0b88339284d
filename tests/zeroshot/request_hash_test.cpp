// Request parity on the real splits: the sha256 of the whole split's request list, in evaluator
// order and serialised as v0.3.0's tests/test_version_stable.py does, equals the hash v0.3.0 ships
// in tests/testdata/<task>-v<VERSION>-loglikelihood (docs/lmeval-v03-parity.md section 2, "Self-check").
#include <gtest/gtest.h>

#include "common/sha256.h"
#include "tasks/zeroshot/evaluation_order.h"
#include "tasks/zeroshot/task_definitions.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

struct SplitHash {
  const char* task;
  size_t docs;
  size_t requests;
  const char* sha256;  // published by lm-evaluation-harness v0.3.0
};

void PrintTo(const SplitHash& split, std::ostream* os) { *os << split.task; }

class RequestHash : public ::testing::TestWithParam<SplitHash> {};

TEST_P(RequestHash, WholeSplitMatchesTheHarnessHash) {
  const auto& expected = GetParam();
  const auto& task = find_zeroshot_task(expected.task);
  const auto docs = load_task_docs(task, test::shared_data());
  ASSERT_EQ(docs.size(), expected.docs);
  std::vector<Request> requests;
  for (size_t index : evaluation_order(docs.size())) {
    const auto doc_requests = build_requests(task, docs[index]);
    requests.insert(requests.end(), doc_requests.begin(), doc_requests.end());
  }
  EXPECT_EQ(requests.size(), expected.requests);
  EXPECT_EQ(sha256_hex(python_json_dumps(requests)), expected.sha256);
}

INSTANTIATE_TEST_SUITE_P(
    SharedData, RequestHash,
    ::testing::Values(
        SplitHash{"arc_easy", 2376, 9501, "ffa6e39a35a16299dcb015f17f986aaa598ad8b4840c4cebe0339a7042232741"},
        SplitHash{"arc_challenge", 1172, 4687, "41c34c96cca8ace661911d0033d630c554b283f5a3953bcdc50720ae6b00a9c1"},
        SplitHash{"boolq", 3270, 6540, "6577e0d88572772ef08e64f624c0e3df0953286ae1f118ccef15623b59ffeabf"},
        SplitHash{"openbookqa", 500, 2000, "78a49a0ca1a47373adb33463b1d092e6bc0d8f4b01bcb380ada48065037849d7"},
        SplitHash{"piqa", 1838, 3676, "6048a3a2bb3ad1e6a3d98139618e06b4d7de766edd685bd38837596199c3f69f"}),
    [](const auto& info) { return std::string(info.param.task); });

TEST(PythonJson, EscapesLikeEnsureAscii) {
  EXPECT_EQ(python_json_dumps({{"a\"b\\c\n\r\t\b\f/", "\x01\x7f caf\xc3\xa9 \xf0\x9f\x98\x80"}}),
            "[[\"a\\\"b\\\\c\\n\\r\\t\\b\\f/\", \"\\u0001\\u007f caf\\u00e9 \\ud83d\\ude00\"]]");
  EXPECT_EQ(python_json_dumps({}), "[]");
  EXPECT_EQ(python_json_dumps({{"x", "y"}, {"", " z"}}), "[[\"x\", \"y\"], [\"\", \" z\"]]");
}

}  // namespace
}  // namespace fot::zeroshot
