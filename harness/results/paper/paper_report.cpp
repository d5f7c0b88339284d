#include "harness/results/paper/paper_report.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/input_error.h"
#include "harness/results/paper/html_parts.h"
#include "harness/results/paper/paper_match.h"
#include "harness/results/paper/published_tables.h"
#include "harness/results/paper/report_runs.h"
#include "common/atomic_file.h"
#include "harness/results/plots.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

// One report, rendered twice (Markdown and HTML).
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
struct Figure {
  std::string svg_path;  // relative to the output directory
  std::string caption;
};
struct Section {
  std::string title;
  std::string text;
  std::vector<Table> tables;
  std::vector<Figure> figures;
  std::string id;
};

std::string number(double v) { return fmt::format("{:.3f}", v); }

std::string length_text(const std::optional<double>& v) { return v ? fmt::format("{:.0f}", *v) : ""; }

std::string ci_text(const ResultRow& r) { return fmt::format("[{}, {}]", number(r.ci_low), number(r.ci_high)); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Section runs_section(const std::vector<ReportRun>& runs) {
  Section s{"Runs", "", {}, {}, "runs"};
  Table t{{"run", "directory", "models", "rows"}, {}};
  for (const auto& run : runs)
    t.rows.push_back({run.label, run.dir, fmt::format("{}", fmt::join(run.models, ", ")), std::to_string(run.rows.size())});
  s.tables.push_back(std::move(t));
  return s;
}

Section paper_section(const PaperTableResult& result) {
  Section s{"Published: " + result.table.title,
            fmt::format("`reports/paper/{}.csv`: {} published rows, {} measured, {} missing. Difference = measured - "
                        "published; CI = the measured value's 95% interval.",
                        result.table.id, result.table.rows.size(), result.matched, result.missing),
            {},
            {},
            "paper-" + result.table.id};
  Table t{{"model", "task", "metric", "context (published)", "context (measured)", "memory", "run", "published",
           "measured", "difference", "95% CI", "n"},
          {}};
  for (const auto& line : result.lines) {
    const auto& p = line.published;
    std::vector<std::string> row = {p.model, p.task, p.metric.empty() ? "(main)" : p.metric,
                                    p.context_tokens ? std::to_string(*p.context_tokens) : "",
                                    "", "", line.run, number(p.value) + (p.note == "read_off_figure" ? " (figure)" : "")};
    if (line.measured) {
      const ResultRow& m = *line.measured;
      row[2] = m.metric;
      row[4] = length_text(matched_length(m));
      row[5] = m.memory_config;
      row.push_back(number(m.value));
      row.push_back(fmt::format("{:+.3f}", m.value - p.value));
      row.push_back(ci_text(m));
      row.push_back(std::to_string(m.n));
    } else {
      for (const char* cell : {"missing", "", "", ""}) row.push_back(cell);
    }
    t.rows.push_back(std::move(row));
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section paired_section(const std::vector<ReportRun>& runs, const CompareOptions& options) {
  Section s{"Models and memory configurations against each run's first model",
            fmt::format("Samples paired by sweep point and trial (equal prompts): exact McNemar for 0/1 metrics, "
                        "paired bootstrap (seed {}, {} resamples) for continuous ones and over draws; level {}.",
                        options.seed, options.resamples, options.level),
            {},
            {},
            "paired"};
  Table t{{"run", "reference", "model", "memory", "task", "point", "tokens", "metric", "n", "reference value", "value",
           "difference", "test", "p", "status"},
          {}};
  for (const auto& run : runs) {
    if (run.models.size() < 2) continue;
    const Comparison c = compare_models_in_run(run.dir, run.models.front(), options);
    for (const auto& r : c.rows)
      t.rows.push_back({run.label, run.models.front() + " (" + r.baseline_memory + ")", r.model, r.candidate_memory,
                        r.task + " (" + r.variant + ")", r.point,
                        r.context_tokens ? std::to_string(*r.context_tokens) : "", r.metric, std::to_string(r.n),
                        number(r.baseline), number(r.candidate), fmt::format("{:+.3f}", r.difference), r.test,
                        r.p_value >= 0.001 ? fmt::format("{:.3f}", r.p_value) : fmt::format("{:.1e}", r.p_value),
                        r.status});
  }
  if (t.rows.empty()) s.text = "No run has more than one model.";
  else s.tables.push_back(std::move(t));
  return s;
}

Section rows_section(const std::vector<ReportRun>& runs) {
  Section s{"Measured rows", "Every run's rows pooled over depths and draws.", {}, {}, "rows"};
  Table t{{"run", "model", "memory", "task", "variant", "context", "metric", "n", "value", "95% CI"}, {}};
  for (const auto& run : runs)
    for (const auto& r : run.rows) {
      if (r.depth || r.draw) continue;
      t.rows.push_back({run.label, r.model, r.memory_config, r.task, r.variant,
                        r.context_tokens ? std::to_string(*r.context_tokens) : "", r.metric, std::to_string(r.n),
                        number(r.value), ci_text(r)});
    }
  s.tables.push_back(std::move(t));
  return s;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string render_markdown(const std::vector<Section>& sections, const std::string& title) {
  std::string out = "# " + title + "\n";
  for (const auto& s : sections) {
    out += "\n## " + s.title + "\n\n";
    if (!s.text.empty()) out += s.text + "\n\n";
    for (const auto& t : s.tables) {
      out += "|";
      for (const auto& h : t.header) out += " " + markdown_cell(h) + " |";
      out += "\n|";
      for (size_t i = 0; i < t.header.size(); ++i) out += "---|";
      out += "\n";
      for (const auto& row : t.rows) {
        out += "|";
        for (const auto& cell : row) out += " " + markdown_cell(cell) + " |";
        out += "\n";
      }
      out += "\n";
    }
    for (const auto& f : s.figures) out += "![" + f.caption + "](" + f.svg_path + ")\n\n";
  }
  return out;
}

std::string inline_code(const std::string& text) {
  // `x` -> <code>x</code>, the rest escaped.
  std::string out;
  bool open = false;
  size_t start = 0;
  for (size_t at = text.find('`'); at != std::string::npos; at = text.find('`', start)) {
    out += html_escape(text.substr(start, at - start));
    out += open ? "</code>" : "<code>";
    open = !open;
    start = at + 1;
  }
  out += html_escape(text.substr(start));
  if (open) out += "</code>";
  return out;
}

std::string render_html(const std::vector<Section>& sections, const std::string& title, const std::string& output) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title) +
      "</title>\n<style>\nbody{font-family:sans-serif;margin:1.5em;color:#222}\n"
      "table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.85em}\n"
      "th,td{border:1px solid #bbb;padding:2px 6px;text-align:left}\nth{background:#eee}\n"
      "td.missing{color:#a00;font-style:italic}\ntd.regressed{color:#a00;font-weight:bold}\n"
      "figure{margin:1em 0}\nfigure svg{max-width:100%;height:auto;border:1px solid #ddd}\n</style>\n</head>\n<body>\n"
      "<h1>" + html_escape(title) + "</h1>\n<nav><ul>\n";
  for (const auto& s : sections) out += "<li><a href=\"#" + s.id + "\">" + html_escape(s.title) + "</a></li>\n";
  out += "</ul></nav>\n";
  int figure_no = 0;
  for (const auto& s : sections) {
    out += "<section id=\"" + s.id + "\">\n<h2>" + html_escape(s.title) + "</h2>\n";
    if (!s.text.empty()) out += "<p>" + inline_code(s.text) + "</p>\n";
    for (const auto& t : s.tables) {
      out += "<table>\n<thead><tr>";
      for (const auto& h : t.header) out += "<th>" + html_escape(h) + "</th>";
      out += "</tr></thead>\n<tbody>\n";
      for (const auto& row : t.rows) {
        out += "<tr>";
        for (const auto& cell : row) {
          const char* cls = cell == "missing" ? " class=\"missing\"" : cell == "regressed" ? " class=\"regressed\"" : "";
          out += std::string("<td") + cls + ">" + html_escape(cell) + "</td>";
        }
        out += "</tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    for (const auto& f : s.figures) {
      const std::string svg = read_file((fs::path(output) / f.svg_path).string());
      out += "<figure class=\"plot\">\n" + inline_svg(svg, fmt::format("f{}_", figure_no++)) + "\n<figcaption>" +
             html_escape(f.caption) + "</figcaption>\n</figure>\n";
    }
    out += "</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace

PaperReportOutput write_paper_report(const std::vector<std::string>& run_dirs, const PaperReportOptions& options) {
  if (run_dirs.empty()) throw InputError("report: no run directory given");
  std::vector<ReportRun> runs;
  for (const auto& dir : run_dirs) runs.push_back(load_report_run(dir, options.across_commits));
  std::vector<PublishedTable> tables;
  if (options.paper) tables = read_published_tables(options.paper_dir.empty() ? default_paper_dir() : options.paper_dir);
  fs::create_directories(options.output);

  PaperReportOutput out;
  out.runs = runs.size();
  std::vector<Section> sections{runs_section(runs)};
  const PlotOutput plots = write_plots(options.output, merged_rows(runs));
  out.warnings = plots.warnings;
  Section figures{"Plots", "", {}, {}, "plots"};
  for (const auto& png : plots.images) {
    const std::string svg = png.substr(0, png.size() - 4) + ".svg";
    if (!fs::exists(fs::path(options.output) / svg)) continue;
    figures.figures.push_back({svg, fs::path(svg).stem().string()});
  }
  out.plots = figures.figures.size();
  if (figures.figures.empty()) figures.text = "No plot (gnuplot missing?).";
  sections.push_back(std::move(figures));  // plots first: what a reader looks at
  for (const auto& result : match_published(tables, runs)) {
    out.matched += result.matched;
    out.missing += result.missing;
    sections.push_back(paper_section(result));
  }
  sections.push_back(paired_section(runs, options.compare));
  sections.push_back(rows_section(runs));

  const std::string title = options.paper ? "FoT reproduction report" : "Evaluation report";
  write_file_atomic((fs::path(options.output) / "report.md").string(), render_markdown(sections, title));
  write_file_atomic((fs::path(options.output) / "report.html").string(), render_html(sections, title, options.output));
  return out;
}

}  // namespace fot
