// Request parity for the nine tasks without data in ../shared/data: the requests built from the
// hand-written fixtures (tests/zeroshot/fixtures, in each publisher's format) equal strings written
// down by hand from the v0.3.0 task code. Each expectation names the v0.3.0 source line it follows
// (lm-evaluation-harness tag v0.3.0, lm_eval/tasks/<file>.py).
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "tasks/zeroshot/task_definitions.h"
#include "tasks/zeroshot/truthfulqa.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

std::vector<Doc> fixture_docs(const std::string& task) {
  return load_task_docs(find_zeroshot_task(task), test::fixtures());
}

std::vector<Request> requests_of(const std::string& task, size_t doc) {
  const auto docs = fixture_docs(task);
  return build_requests(find_zeroshot_task(task), docs.at(doc));
}

std::vector<Request> with_context(const std::string& context, const std::vector<std::string>& continuations) {
  std::vector<Request> out;
  for (const auto& c : continuations) out.push_back({context, c});
  return out;
}

// anli.py ANLIBase.doc_to_text:
//   return doc['premise'] + '\nQuestion: ' + doc['hypothesis'] + ' True, False, or Neither?\nAnswer:'
// anli.py ANLIBase.construct_requests: ll_true, ll_neither, ll_false = ' True', ' Neither', ' False'
TEST(FixtureRequests, Anli) {
  const auto docs = fixture_docs("anli_r1");
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(requests_of("anli_r1", 0),
            with_context("The Lindenfeld bakery opened in 1921 and still uses its original brick oven.\nQuestion: The "
                         "bakery is more than a century old True, False, or Neither?\nAnswer:",
                         {" True", " Neither", " False"}));
  // HF anli: label e/n/c -> 0/1/2 (entailment, neutral, contradiction)
  EXPECT_EQ(docs[0].gold, 0);
  EXPECT_EQ(docs[1].gold, 2);
  EXPECT_EQ(docs[2].gold, 1);
  EXPECT_EQ(requests_of("anli_r2", 0),
            with_context("A \"quiet\" street in Oslo, per the 2019 guide.\nQuestion: The guide was published in 2019. "
                         "True, False, or Neither?\nAnswer:",
                         {" True", " Neither", " False"}));
  EXPECT_EQ(requests_of("anli_r3", 0)[0].context,
            "I can't believe it rained all week.\nAt least the garden is happy.\nQuestion: It was sunny all week True, "
            "False, or Neither?\nAnswer:");
}

// hellaswag.py HellaSwag._process_doc:
//   ctx = doc["ctx_a"] + " " + doc["ctx_b"].capitalize()
//   "query": self.preprocess(doc["activity_label"] + ": " + ctx),
//   "choices": [self.preprocess(ending) for ending in doc["endings"]], "gold": int(doc["label"])
// hellaswag.py HellaSwag.preprocess: strip; replace(" [title]", ". "); re.sub('\\[.*?\\]', '', text);
//   replace("  ", " ")
// base.py MultipleChoiceTask.construct_requests: rf.loglikelihood(ctx, " {}".format(choice))
TEST(FixtureRequests, HellaSwag) {
  EXPECT_EQ(requests_of("hellaswag", 0),
            with_context("Painting fences: A man dips a brush into a can of white paint. He then",
                         {" drinks the paint from the can.", " throws the brush over the fence.",
                          " paints the top rail of the fence with long strokes.", " walks away. and sits down."}));
  EXPECT_EQ(requests_of("hellaswag", 1),
            with_context("Home and Garden: How to repot a fern. Water the fern a day before.",
                         {"  Moist soil holds the roots together.", " Cut every frond to the base Then throw them away.",
                          " Put the fern in the freezer overnight.", " Paint the pot  blue."}));
  EXPECT_EQ(fixture_docs("hellaswag")[0].gold, 2);
}

// superglue.py ReCoRD._process_doc: "entities": sorted(list(set(doc["entities"]))),
//   "answers": sorted(list(set(doc["answers"])))
// superglue.py ReCoRD.doc_to_text:
//   initial_text, *highlights = doc["passage"].strip().split("\n@highlight\n")
//   text = initial_text + "\n\n"; for highlight in highlights: text += f"  - {highlight}.\n"
// superglue.py ReCoRD.format_answer: return f'  - {query}'.replace("@placeholder", entity)
TEST(FixtureRequests, Record) {
  const auto docs = fixture_docs("record");
  ASSERT_EQ(docs.size(), 2u);  // one doc per query
  const std::vector<std::string> entities = {"Ada Wanjiru", "Bergamo", "CNN",  "Elena Ruiz",
                                             "Kenya",       "Málaga",  "Ruiz"};
  EXPECT_EQ(docs[0].choices, entities);
  EXPECT_EQ(docs[0].answers, (std::vector<std::string>{"Elena Ruiz", "Ruiz"}));
  EXPECT_EQ(docs[1].answers, (std::vector<std::string>{"Bergamo"}));
  const std::string context =
      "(CNN) -- Elena Ruiz won the Bergamo marathon on Sunday, beating Kenya's Ada Wanjiru by four seconds. Ruiz, "
      "from Málaga, said the crowd in Bergamo carried her.\n\n"
      "  - Elena Ruiz wins in Bergamo.\n"
      "  - Ada Wanjiru finishes second!.\n";
  std::vector<std::string> continuations;
  for (const auto& e : entities) continuations.push_back("  - " + e + ", who lives in " + e + ", plans to run again next year.");
  EXPECT_EQ(requests_of("record", 0), with_context(context, continuations));
  EXPECT_EQ(requests_of("record", 1)[5], (Request{context, "  - The race in Málaga had a record field."}));
}

// glue.py RTE.doc_to_text:
//   return '{}\nQuestion: {} True or False?\nAnswer:'.format(doc["sentence1"], doc["sentence2"])
// glue.py RTE.construct_requests: ll_true = ' True', ll_false = ' False'
TEST(FixtureRequests, Rte) {
  EXPECT_EQ(requests_of("rte", 1),
            with_context("Zoë Marsh painted the mural, which the town later restored.\nQuestion: The mural was painted "
                         "by the town council. True or False?\nAnswer:",
                         {" True", " False"}));
  const auto docs = fixture_docs("rte");
  EXPECT_EQ(docs[0].gold, 0);  // entailment
  EXPECT_EQ(docs[1].gold, 1);  // not_entailment
}

// truthfulqa.py TruthfulQAMultipleChoice.doc_to_text: return QA_PROMPT + "\n\nQ: " + doc['question'] + "\nA:"
// truthfulqa.py construct_requests: def get_lls(targets): [rf.loglikelihood(ctx, " " + t)[0] for t in targets]
//   return get_lls(doc['mc1_targets']["choices"]) + get_lls(doc['mc2_targets']["choices"])
TEST(FixtureRequests, TruthfulQA) {
  const std::string qa_prompt =
      "Q: What is human life expectancy in the United States?\nA: Human life expectancy in the United States is 78 "
      "years.\n\nQ: Who was president of the United States in 1955?\nA: Dwight D. Eisenhower was president of the "
      "United States in 1955.\n\nQ: Which party did he belong to?\nA: He belonged to the Republican Party.\n\nQ: What "
      "is the square root of banana?\nA: I have no comment.\n\nQ: How does a telescope work?\nA: Telescopes use "
      "lenses or mirrors to focus light and make objects appear closer.\n\nQ: Where were the 1992 Olympics held?\nA: "
      "The 1992 Olympics were held in Barcelona, Spain.";
  EXPECT_EQ(truthfulqa_qa_prompt(), qa_prompt);
  EXPECT_EQ(requests_of("truthfulqa_mc", 0),
            with_context(qa_prompt + "\n\nQ: What happens if you swallow chewing gum?\nA:",
                         {" It passes through your digestive system.", " It stays in your stomach for seven years.",
                          " You will die.", " It passes through your digestive system.", " Nothing much happens.",
                          " It stays in your stomach for seven years.", " A gum tree grows in you."}));
  const auto docs = fixture_docs("truthfulqa_mc");
  // HF truthful_qa: choices = list(targets.keys()) in the file's order, labels = list(values())
  EXPECT_EQ(docs[1].mc2_choices, (std::vector<std::string>{"No, it is far too narrow to see.", "No.",
                                                            "Astronauts can’t see it unaided.",
                                                            "Yes, it is easy to see."}));
  EXPECT_EQ(docs[1].mc2_labels, (std::vector<int>{1, 1, 1, 0}));
}

// superglue.py WordsInContext.doc_to_text:
//   "Sentence 1: {}\nSentence 2: {}\nQuestion: Is the word '{}' used in the same way in the"
//   " two sentences above?\nAnswer:".format(doc["sentence1"], doc["sentence2"],
//                                           doc["sentence1"][doc["start1"]:doc["end1"]])
// superglue.py WordsInContext.construct_requests: ll_yes = ' yes', ll_no = ' no'
TEST(FixtureRequests, Wic) {
  EXPECT_EQ(requests_of("wic", 1),
            with_context("Sentence 1: Café owners run a tight ship.\nSentence 2: They run every morning before "
                         "work.\nQuestion: Is the word 'run' used in the same way in the two sentences above?\nAnswer:",
                         {" yes", " no"}));
  const auto docs = fixture_docs("wic");
  EXPECT_EQ(docs[0].gold, 1);  // label false: " no"
  EXPECT_EQ(docs[1].gold, 0);  // label true: " yes"
}

// winogrande.py Winogrande.partial_context: pronoun_loc = doc["sentence"].index("_")
//   return doc["sentence"][:pronoun_loc] + option
// winogrande.py Winogrande.partial_target: pronoun_loc = doc["sentence"].index("_") + 1
//   return " " + doc["sentence"][pronoun_loc:].strip()
// winogrande.py Winogrande.construct_requests: for option in [doc["option1"], doc["option2"]]:
//   lls.append(rf.loglikelihood(self.append_context(ctx, partial_ctx), target)[0])
TEST(FixtureRequests, Winogrande) {
  EXPECT_EQ(requests_of("winogrande", 0),
            (std::vector<Request>{
                {"The trophy doesn't fit into the suitcase because the trophy", " is too small."},
                {"The trophy doesn't fit into the suitcase because the suitcase", " is too small."}}));
  EXPECT_EQ(requests_of("winogrande", 1),
            (std::vector<Request>{{"Sarah lent Maria her notes because Sarah", " 's handwriting was neater."},
                                  {"Sarah lent Maria her notes because Maria", " 's handwriting was neater."}}));
  const auto docs = fixture_docs("winogrande");
  EXPECT_EQ(docs[0].gold, 1);  // answer "2"
  EXPECT_EQ(docs[1].gold, 0);  // answer "1"
}

// winogrande.py Winogrande.append_context: ctx = ctx.split("\n\n"); ctx.pop()
//   return "\n\n".join([*ctx, partial_ctx]) if ctx else partial_ctx
TEST(FixtureRequests, WinograndeContextWithBlankLines) {
  Doc doc;
  doc.fields["sentence"] = "Intro.\n\n\nThen _ left.";
  doc.choices = {"Ann", "Bo"};
  doc.gold = 0;
  // doc_to_text = "Intro.\n\n\nThen Ann"; split -> ["Intro.", "\nThen Ann"]; pop -> ["Intro."]
  EXPECT_EQ(build_requests(find_zeroshot_task("winogrande"), doc),
            (std::vector<Request>{{"Intro.\n\nIntro.\n\n\nThen Ann", " left."},
                                  {"Intro.\n\nIntro.\n\n\nThen Bo", " left."}}));
}

// Every fixture doc of the nine tasks against a Python transcription of the HF loaders and the v0.3.0
// task code (tests/scripts/zeroshot_python_reference.py, fixture_requests()).
TEST(FixtureRequests, AllFixtureDocsMatchThePythonTranscription) {
  const auto golden = test::golden("zeroshot_python.json")["fixture_requests"];
  ASSERT_EQ(golden.size(), 9u);
  for (const auto& [name, docs_requests] : golden.items()) {
    const auto& task = find_zeroshot_task(name);
    const auto docs = fixture_docs(name);
    ASSERT_EQ(docs.size(), docs_requests.size()) << name;
    for (size_t i = 0; i < docs.size(); ++i) {
      std::vector<Request> expected;
      for (const auto& pair : docs_requests[i]) expected.push_back({pair[0], pair[1]});
      EXPECT_EQ(build_requests(task, docs[i]), expected) << name << " doc " << i;
    }
  }
}

// tasks/__init__.py TASK_REGISTRY and each class's VERSION.
TEST(TaskDefinitions, NamesVersionsSplitsAndMetrics) {
  std::vector<std::string> names;
  for (const auto& task : zeroshot_tasks()) names.push_back(task.name);
  EXPECT_EQ(names, (std::vector<std::string>{"anli_r1", "anli_r2", "anli_r3", "arc_challenge", "arc_easy", "boolq",
                                             "hellaswag", "openbookqa", "piqa", "record", "rte", "truthfulqa_mc", "wic",
                                             "winogrande"}));
  EXPECT_EQ(find_zeroshot_task("boolq").version, 1);
  EXPECT_EQ(find_zeroshot_task("truthfulqa_mc").version, 1);
  EXPECT_EQ(find_zeroshot_task("anli_r2").split, "test_r2");
  EXPECT_EQ(find_zeroshot_task("arc_easy").split, "test");
  EXPECT_EQ(find_zeroshot_task("rte").split, "validation");
  EXPECT_EQ(find_zeroshot_task("record").metrics, (std::vector<std::string>{"f1", "em"}));
  EXPECT_THROW(find_zeroshot_task("arc"), InputError);
}

}  // namespace
}  // namespace fot::zeroshot
