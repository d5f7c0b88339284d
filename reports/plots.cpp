#include "reports/plots.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <tuple>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "reports/atomic_file.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

// Bytes of UTF-8 sequences pass: model names hold only letters and digits outside ASCII
// (check_name, harness/config/run_config.cpp), and "α" and "é" must not both become "__".
std::string safe_name(const std::string& text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte >= 0x80 || std::isalnum(byte) || c == '-' || c == '.') ? c : '_';
  }
  return out;
}

std::string quoted(const std::string& text) {  // a gnuplot double-quoted string
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string length_label(int64_t tokens) {
  if (tokens >= 1024 && tokens % 1024 == 0) return std::to_string(tokens / 1024) + "K";
  return std::to_string(tokens);
}

// The series of one plot: a model with its memory configuration under one task entry.
struct SeriesKey {
  std::string model, memory, config_hash;
  bool operator<(const SeriesKey& o) const {
    return std::tie(model, memory, config_hash) < std::tie(o.model, o.memory, o.config_hash);
  }
};

std::string series_title(const SeriesKey& key, bool with_hash) {
  std::string title = key.model;
  if (key.memory != "none") title += " [" + key.memory + "]";
  if (with_hash) title += " (" + key.config_hash.substr(0, 8) + ")";
  return title;
}

std::string terminal_header(const std::string& png_terminal) {
  return "if (!exists(\"out\")) out = OUT_DEFAULT\n"
         "set terminal " + png_terminal + " size 1000,620 noenhanced\n"
         "set output out.\".png\"\n";
}

const char* kSvgFooter =
    "set terminal svg size 1000,620 noenhanced dynamic background rgb \"white\"\n"
    "set output out.\".svg\"\n"
    "replot\n"
    "unset output\n";

class Plotter {
 public:
  explicit Plotter(std::string dir) : dir_(std::move(dir)) {
    fs::create_directories(fs::path(dir_) / "plots");
    has_gnuplot_ = std::system("gnuplot -e 'exit' >/dev/null 2>&1") == 0;
    if (has_gnuplot_)
      png_terminal_ = std::system("gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1") == 0 ? "pngcairo" : "png";
    else
      out_.warnings.push_back("gnuplot not found: plot data and scripts written, no images");
  }

  void accuracy_plot(const std::string& task, const std::string& variant, const std::vector<ResultRow>& rows) {
    std::map<SeriesKey, std::vector<const ResultRow*>> series;
    std::set<int64_t> lengths;
    std::set<std::string> models_seen;
    for (const auto& row : rows) {
      series[{row.model, row.memory_config, row.config_hash}].push_back(&row);
      lengths.insert(row.context_tokens);
    }
    std::map<std::string, int> per_model;
    for (const auto& [key, _] : series) per_model[key.model]++;

    const std::string base = "accuracy_" + safe_name(task) + "_" + safe_name(variant);
    std::ostringstream data, script;
    int index = 0;
    std::vector<std::string> clauses;
    for (const auto& [key, points] : series) {
      data << "# " << series_title(key, true) << "\n# context_tokens accuracy ci_low ci_high n\n";
      std::vector<const ResultRow*> sorted = points;
      std::sort(sorted.begin(), sorted.end(),
                [](const ResultRow* a, const ResultRow* b) { return a->context_tokens < b->context_tokens; });
      for (const ResultRow* r : sorted)
        data << fmt::format("{} {:.6f} {:.6f} {:.6f} {}\n", r->context_tokens, r->value, r->ci_low, r->ci_high, r->n);
      data << "\n\n";
      clauses.push_back(fmt::format("DATA index {} using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2 title {}", index++,
                                    quoted(series_title(key, per_model[key.model] > 1))));
    }
    const double lo = static_cast<double>(*lengths.begin()) / 1.4, hi = static_cast<double>(*lengths.rbegin()) * 1.4;
    std::string tics;
    for (int64_t length : lengths) tics += (tics.empty() ? "" : ", ") + quoted(length_label(length)) + " " + std::to_string(length);

    script << "# fot-eval: " << task << " (" << variant << ") accuracy vs context length; `gnuplot " << base
           << ".gp` redraws it\n"
           << "OUT_DEFAULT = " << quoted(base) << "\n"
           << "DATA = " << quoted(base + ".dat") << "\n"
           << terminal_header(png_terminal_) << "set title " << quoted(task + " (" + variant + "): accuracy vs context length")
           << "\nset logscale x 2\n"
           << fmt::format("set xrange [{:.3f}:{:.3f}]\n", lo, hi) << "set xtics (" << tics << ")\n"
           << "set yrange [-0.05:1.05]\nset ytics 0.1\nset grid\n"
           << "set xlabel \"context length (tokens, log scale)\"\n"
           << "set ylabel \"accuracy (bars: 95% Wilson CI)\"\n"
           << "set key below\n"
           << "plot ";
    for (size_t i = 0; i < clauses.size(); ++i) script << (i ? ", \\\n     " : "") << clauses[i];
    script << "\n" << kSvgFooter;
    emit(base, data.str(), script.str());
  }

  void heatmap(const SeriesKey& key, const std::string& task, const std::string& variant, bool with_hash,
               const std::vector<const ResultRow*>& rows) {
    std::set<int64_t> lengths;
    std::set<double> depths;
    std::map<std::pair<int64_t, double>, double> value;
    for (const ResultRow* r : rows) {
      lengths.insert(r->context_tokens);
      depths.insert(*r->depth);
      value[{r->context_tokens, *r->depth}] = r->value;
    }
    std::string base = "heatmap_" + safe_name(key.model) + "_" + safe_name(task) + "_" + safe_name(variant);
    if (with_hash) base += "_" + key.config_hash.substr(0, 8);
    std::ostringstream data, script;
    data << "# " << series_title(key, true) << "\n# length_index depth_index accuracy\n";
    std::string xtics, ytics;
    int i = 0;
    for (int64_t length : lengths) xtics += (i ? ", " : "") + quoted(length_label(length)) + " " + std::to_string(i), ++i;
    int j = 0;
    for (double depth : depths) {
      ytics += (j ? ", " : "") + quoted(fmt::format("{:.0f}%%", depth * 100))  /* tic labels are formats */ + " " + std::to_string(j);
      int x = 0;
      for (int64_t length : lengths) {
        auto it = value.find({length, depth});
        data << x++ << " " << j << " " << (it == value.end() ? std::string("NaN") : fmt::format("{:.6f}", it->second))
             << "\n";
      }
      data << "\n";
      ++j;
    }
    script << "# fot-eval: " << task << " (" << variant << ") accuracy by needle depth and context length for "
           << key.model << "; `gnuplot " << base << ".gp` redraws it\n"
           << "OUT_DEFAULT = " << quoted(base) << "\n"
           << "DATA = " << quoted(base + ".dat") << "\n"
           << terminal_header(png_terminal_)
           << "set title " << quoted(task + " (" + variant + "): " + series_title(key, false)) << "\n"
           << fmt::format("set xrange [-0.5:{}.5]\nset yrange [{}.5:-0.5]\n", lengths.size() - 1, depths.size() - 1)
           << "set xtics (" << xtics << ")\nset ytics (" << ytics << ")\n"
           << "set xlabel \"context length (tokens)\"\nset ylabel \"needle depth\"\n"
           << "set cbrange [0:1]\nset cblabel \"accuracy\"\n"
           << "set palette defined (0 \"#d73027\", 0.5 \"#fee08b\", 1 \"#1a9850\")\n"
           << "set tics out nomirror\n"
           << "plot DATA using 1:2:3 with image notitle, \\\n"
           << "     DATA using 1:2:(sprintf(\"%.2f\", $3)) with labels notitle\n"
           << kSvgFooter;
    emit(base, data.str(), script.str());
  }

  PlotOutput finish() { return std::move(out_); }

 private:
  void emit(const std::string& base, const std::string& data, const std::string& script) {
    const fs::path dir = fs::path(dir_) / "plots";
    write_file_atomic((dir / (base + ".dat")).string(), data);
    write_file_atomic((dir / (base + ".gp")).string(), script);
    out_.files.push_back("plots/" + base + ".dat");
    out_.files.push_back("plots/" + base + ".gp");
    if (!has_gnuplot_) return;
    const std::string tmp = base + ".tmp" + std::to_string(::getpid());
    const std::string command = "cd " + shell_quoted(dir.string()) + " && gnuplot -e " +
                                shell_quoted("out=" + quoted(tmp)) + " " + shell_quoted(base + ".gp") +
                                " 2>" + shell_quoted(tmp + ".log");
    const int status = std::system(command.c_str());
    if (status != 0) {
      for (const char* ext : {".png", ".svg"}) std::remove((dir / (tmp + ext)).string().c_str());
      std::rename((dir / (tmp + ".log")).string().c_str(), (dir / (base + ".gnuplot.log")).string().c_str());
      out_.warnings.push_back("gnuplot failed on plots/" + base + ".gp (see plots/" + base + ".gnuplot.log)");
      return;
    }
    std::remove((dir / (tmp + ".log")).string().c_str());
    for (const char* ext : {".png", ".svg"}) {
      commit_file((dir / (tmp + ext)).string(), (dir / (base + ext)).string());
      out_.files.push_back("plots/" + base + ext);
    }
    out_.images.push_back("plots/" + base + ".png");
  }

  std::string dir_;
  bool has_gnuplot_ = false;
  std::string png_terminal_ = "pngcairo";
  PlotOutput out_;
};

}  // namespace

PlotOutput write_plots(const std::string& results_dir, const std::vector<ResultRow>& rows) {
  Plotter plotter(results_dir);
  // Accuracy vs length: pooled rows, grouped by (task, variant) in first-seen order.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, std::vector<ResultRow>> pooled;
  std::vector<SeriesKey> heat_order;
  std::map<SeriesKey, std::vector<const ResultRow*>> per_depth;
  std::map<SeriesKey, std::pair<std::string, std::string>> heat_task;
  for (const auto& row : rows) {
    if (row.metric != "acc") continue;
    if (!row.depth) {
      auto key = std::make_pair(row.task, row.variant);
      if (!pooled.count(key)) order.push_back(key);
      pooled[key].push_back(row);
    } else {
      SeriesKey key{row.model, row.memory_config, row.config_hash};
      if (!per_depth.count(key)) heat_order.push_back(key);
      per_depth[key].push_back(&row);
      heat_task[key] = {row.task, row.variant};
    }
  }
  for (const auto& key : order) plotter.accuracy_plot(key.first, key.second, pooled[key]);
  std::map<std::string, int> names;
  for (const auto& key : heat_order) names[key.model + "/" + heat_task[key].first + "/" + heat_task[key].second]++;
  for (const auto& key : heat_order) {
    const auto& [task, variant] = heat_task[key];
    plotter.heatmap(key, task, variant, names[key.model + "/" + task + "/" + variant] > 1, per_depth[key]);
  }
  return plotter.finish();
}

}  // namespace fot
