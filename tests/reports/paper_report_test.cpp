// `fot-eval report RUN_DIR... --paper --output DIR`: published tables beside measured rows (missing
// ones marked), report.md and a self-contained report.html with every plot inlined as SVG, for a
// run of the small models, a run with no matching paper row, and several runs together; the page
// opens in headless Chromium (Debian package `chromium`), whose DOM and screenshot are checked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "../harness/test_util.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

const std::string kGateBaseline = std::string(FOT_SOURCE_DIR) + "/.ci/gate-baseline";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

size_t svg_files(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir + "/plots")) n += e.path().extension() == ".svg";
  return n;
}

// Self-contained: no script, nothing fetched (the only URLs are SVG/XLink namespace names).
void expect_self_contained(const std::string& html) {
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  std::smatch m;
  std::string rest = html;
  // Links within the page (#...) and inline data: URIs (gnuplot's fill patterns) stay in the file.
  const std::regex url("(src|href)=[\"'](?!#|data:)([^\"']*)[\"']");
  while (std::regex_search(rest, m, url)) {
    ADD_FAILURE() << "external reference: " << m.str();
    rest = m.suffix();
  }
}

// tiny-longllama and tiny-openllama named as in the paper, at lengths of figure 1.
void run_paper_named(const test::TempDir& dir, const std::string& out) {
  test::write_text(dir / "p.yaml",
                   "seed: 0\nworkers: 2\nmodels:\n"
                   "  - {name: LongLLaMA-3B, checkpoint: " FOT_SOURCE_DIR "/zoo/tiny-longllama}\n"
                   "  - {name: OpenLLaMA-3B, checkpoint: " FOT_SOURCE_DIR "/zoo/tiny-openllama, overflow: keep_last}\n"
                   "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [1024, 2048], depths: [0.5], trials: 4}\n");
  const auto run = test::run_fot_eval({"run", dir / "p.yaml", "-o", out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
}

TEST(PaperReport, SmallModelsRunWithNoMatchingPaperRowShowsEveryRowMissing) {
  test::TempDir dir;
  const auto r = test::run_fot_eval({"report", kGateBaseline, "--paper", "-o", dir / "rep"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 published rows measured"), std::string::npos) << r.out;
  const std::string md = test::read_text(dir / "rep/report.md");
  const std::string html = test::read_text(dir / "rep/report.html");
  EXPECT_NE(md.find("| LongLLaMA-3B | passkey | (main) | 100000 |  |  |  | 0.945 | missing |"), std::string::npos) << md;
  EXPECT_NE(md.find("## Published: Zero-shot (lm-evaluation-harness), BOS prepended"), std::string::npos);
  // One accuracy plot and a heatmap per model, each inlined.
  EXPECT_EQ(svg_files(dir / "rep"), 3u);
  EXPECT_EQ(count(html, "<figure class=\"plot\">"), 3u);
  EXPECT_EQ(count(html, "<svg"), 3u);
  EXPECT_NE(html.find("accuracy_passkey_tokens"), std::string::npos);
  EXPECT_NE(html.find("heatmap_tiny-longllama_passkey_tokens"), std::string::npos);
  expect_self_contained(html);
  // The paired section compares tiny-longllama with the run's first model, tiny-openllama.
  EXPECT_NE(md.find("| gate-baseline | tiny-openllama ("), std::string::npos) << md;
}

TEST(PaperReport, MatchesPublishedRowsByModelTaskMetricAndLength) {
  test::TempDir dir;
  run_paper_named(dir, dir / "paper");
  const auto r = test::run_fot_eval({"report", dir / "paper", "--paper", "-o", dir / "rep"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // passkey.csv: OpenLLaMA-3B at 1024 and 2048, LongLLaMA-3B at 2048.
  EXPECT_NE(r.out.find("3 published rows measured"), std::string::npos) << r.out;
  const std::string md = test::read_text(dir / "rep/report.md");
  const std::regex measured(
      R"(\| OpenLLaMA-3B \| passkey \| acc \| 1024 \| 1024 \| none \| paper \| 1\.000 \(figure\) \| [01]\.\d{3} \| [-+]\d\.\d{3} \| \[\d\.\d{3}, \d\.\d{3}\] \| 4 \|)");
  EXPECT_TRUE(std::regex_search(md, measured)) << md;
  EXPECT_NE(md.find("| LongLLaMA-3B | passkey | acc | 2048 | 2048 | layers=2"), std::string::npos) << md;
  EXPECT_NE(md.find("| LongLLaMA-3B | passkey | (main) | 8192 |  |  |  | 1.000 (figure) | missing |"), std::string::npos);
}

TEST(PaperReport, SeveralRunsTogetherAndTheHtmlOpensInHeadlessChromium) {
  test::TempDir dir;
  run_paper_named(dir, dir / "paper");
  const auto r = test::run_fot_eval({"report", kGateBaseline, dir / "paper", "--paper", "-o", dir / "rep"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 runs"), std::string::npos) << r.out;
  const std::string md = test::read_text(dir / "rep/report.md");
  EXPECT_NE(md.find("| gate-baseline | "), std::string::npos);
  EXPECT_NE(md.find("| paper | "), std::string::npos);
  const std::string html = test::read_text(dir / "rep/report.html");
  const size_t plots = svg_files(dir / "rep");
  EXPECT_EQ(plots, 5u);  // one accuracy plot (four models), four heatmaps
  EXPECT_EQ(count(html, "<svg"), plots);
  expect_self_contained(html);

  // Headless Chromium: its DOM has the sections, tables and inline SVG plots; the screenshot is not blank.
  const std::string chromium = "/usr/bin/chromium";
  ASSERT_TRUE(fs::exists(chromium)) << "Debian package chromium is not installed (scripts/setup.sh installs it)";
  const std::string flags = " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                            "--user-data-dir=" + (dir / "profile") + " ";
  const std::string page = "file://" + (dir / "rep/report.html");
  ASSERT_EQ(std::system((chromium + flags + "--dump-dom '" + page + "' >'" + (dir / "dom.html") + "' 2>/dev/null").c_str()), 0);
  const std::string dom = test::read_text(dir / "dom.html");
  EXPECT_EQ(count(dom, "<svg"), plots);
  EXPECT_EQ(count(dom, "<figure class=\"plot\">"), plots);
  for (const char* id : {"id=\"runs\"", "id=\"paper-passkey\"", "id=\"plots\"", "id=\"paired\"", "id=\"rows\""})
    EXPECT_NE(dom.find(id), std::string::npos) << id;
  EXPECT_GE(count(dom, "<table>"), 7u);
  ASSERT_EQ(std::system((chromium + flags + "--hide-scrollbars --window-size=1000,1400 --screenshot='" +
                         (dir / "shot.png") + "' '" + page + "' >/dev/null 2>&1")
                            .c_str()),
            0);
  ASSERT_TRUE(fs::exists(dir / "shot.png"));
  ASSERT_EQ(std::system(("/usr/bin/python3 " FOT_SOURCE_DIR "/tests/scripts/png_stats.py '" + (dir / "shot.png") +
                         "' 9400d3 >'" + (dir / "stats.json") + "'")
                            .c_str()),
            0);
  const auto stats = nlohmann::json::parse(test::read_text(dir / "stats.json"));
  EXPECT_EQ(stats["width"], 1000);
  EXPECT_GT(stats["non_white"].get<double>(), 0.02) << stats.dump();
  EXPECT_GT(stats["colours"].get<int>(), 20) << stats.dump();
  // The plots come right after the runs table: gnuplot's first line colour (#9400d3) is on screen.
  EXPECT_GT(stats["colour_pixels"].get<int>(), 100) << stats.dump();
}

TEST(PaperReport, BadInputIsExitTwo) {
  test::TempDir dir;
  auto r = test::run_fot_eval({"report", kGateBaseline, "--paper"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--paper needs --output"), std::string::npos) << r.err;
  r = test::run_fot_eval({"report", kGateBaseline, dir / "nowhere", "-o", dir / "rep"});
  EXPECT_EQ(r.exit_code, 2);
  r = test::run_fot_eval({"report", kGateBaseline, "--paper", "--paper-data", dir / "none", "-o", dir / "rep"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace fot
