#include "harness/results/plots.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "common/nonfinite_json.h"
#include "common/atomic_file.h"

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
  bool operator==(const SeriesKey& o) const {
    return std::tie(model, memory, config_hash) == std::tie(o.model, o.memory, o.config_hash);
  }
  bool operator<(const SeriesKey& o) const {
    return std::tie(model, memory, config_hash) < std::tie(o.model, o.memory, o.config_hash);
  }
};

// Series in first-seen (config) order, each with its rows.
using SeriesList = std::vector<std::pair<SeriesKey, std::vector<const ResultRow*>>>;

void add_to_series(SeriesList& series, const ResultRow& row) {
  const SeriesKey key{row.model, row.memory_config, row.config_hash};
  auto it = std::find_if(series.begin(), series.end(), [&](const auto& s) { return s.first == key; });
  if (it == series.end()) series.emplace_back(key, std::vector<const ResultRow*>{&row});
  else it->second.push_back(&row);
}

// Series are labelled by the config's model name; the memory configuration is added only where one
// model appears with several, and the config hash only where that still leaves two alike.
std::vector<std::string> series_titles(const SeriesList& series) {
  std::map<std::string, std::set<std::string>> memories;
  std::map<std::pair<std::string, std::string>, int> entries;
  for (const auto& [key, _] : series) {
    memories[key.model].insert(key.memory);
    entries[{key.model, key.memory}]++;
  }
  std::vector<std::string> titles;
  for (const auto& [key, _] : series) {
    std::string title = key.model;
    if (memories[key.model].size() > 1) title += " [" + key.memory + "]";
    if (entries[{key.model, key.memory}] > 1) title += " (" + key.config_hash.substr(0, 8) + ")";
    titles.push_back(title);
  }
  return titles;
}

std::string metric_label(const ResultRow& row) {
  const char* method = row.ci_method == "wilson" ? "95% Wilson CI" : row.ci_method == "t_draws" ? "95% t-interval over draws" : "95% t-interval";
  return row.metric + " (bars: " + method + ")";
}

// The y range: [0, 1] with a margin for values that are fractions, else gnuplot's own.
std::string y_range(const std::vector<const ResultRow*>& rows) {
  for (const ResultRow* r : rows)
    if (r->value < 0 || r->value > 1 || r->ci_low < -1e-9 || r->ci_high > 1 + 1e-9) return "set autoscale y\n";
  return "set yrange [-0.05:1.05]\nset ytics 0.1\n";
}

std::string terminal_header(const std::string& png_terminal) {
  return "if (!exists(\"out\")) out = OUT_DEFAULT\n"
         "set terminal " + png_terminal + " size 1000,620 noenhanced\n"
         "set output out.\".png\"\n";
}

const std::vector<int> kPointTypes = {7, 5, 9, 11, 13, 4, 6, 8};

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

  // The task's main metric versus context length, one line per series; overlapping series are
  // told apart by a small horizontal offset, their own point type and dash pattern.
  void length_plot(const std::string& task, const std::string& variant, const std::vector<const ResultRow*>& rows) {
    SeriesList series;
    std::set<int64_t> lengths;
    for (const ResultRow* row : rows) {
      add_to_series(series, *row);
      lengths.insert(*row->context_tokens);
    }
    const std::vector<std::string> titles = series_titles(series);
    const std::string metric = rows.front()->metric;
    const std::string base = (metric == "acc" ? "accuracy_" : safe_name(metric) + "_") + safe_name(task) + "_" + safe_name(variant);
    std::ostringstream data, script;
    std::vector<std::string> clauses;
    const double spread = series.size() > 1 ? 0.06 : 0.0;  // of a factor of 2 on the log axis
    for (size_t i = 0; i < series.size(); ++i) {
      const auto& [key, points] = series[i];
      data << "# " << titles[i] << " [" << key.memory << "] " << key.config_hash << "\n# context_tokens " << metric
           << " ci_low ci_high n plotted_x\n";
      std::vector<const ResultRow*> sorted = points;
      std::sort(sorted.begin(), sorted.end(),
                [](const ResultRow* a, const ResultRow* b) { return *a->context_tokens < *b->context_tokens; });
      const double shift = std::pow(2.0, spread * (static_cast<double>(i) - (static_cast<double>(series.size()) - 1) / 2));
      for (const ResultRow* r : sorted)
        data << fmt::format("{} {:.6f} {:.6f} {:.6f} {} {:.6g}\n", *r->context_tokens, r->value, r->ci_low, r->ci_high,
                            r->n, static_cast<double>(*r->context_tokens) * shift);
      data << "\n\n";
      clauses.push_back(fmt::format("DATA index {} using 6:2:3:4 with yerrorlines lw 2 dt {} pt {} ps 1.2 title {}", i,
                                    1 + i % 5, kPointTypes[i % kPointTypes.size()], quoted(titles[i])));
    }
    const double lo = static_cast<double>(*lengths.begin()) / 1.4, hi = static_cast<double>(*lengths.rbegin()) * 1.4;
    std::string tics;
    for (int64_t length : lengths) tics += (tics.empty() ? "" : ", ") + quoted(length_label(length)) + " " + std::to_string(length);

    script << "# fot-eval: " << task << " (" << variant << ") " << metric << " vs context length; `gnuplot " << base
           << ".gp` redraws it\n"
           << "OUT_DEFAULT = " << quoted(base) << "\n"
           << "DATA = " << quoted(base + ".dat") << "\n"
           << terminal_header(png_terminal_) << "set title " << quoted(task + " (" + variant + "): " + metric + " vs context length")
           << "\nset logscale x 2\n"
           << fmt::format("set xrange [{:.3f}:{:.3f}]\n", lo, hi) << "set xtics (" << tics << ")\n"
           << y_range(rows) << "set grid\n"
           << "set xlabel \"context length (tokens, log scale)\"\n"
           << "set ylabel " << quoted(metric_label(*rows.front())) << "\n"
           << "set key below\n"
           << "plot ";
    for (size_t i = 0; i < clauses.size(); ++i) script << (i ? ", \\\n     " : "") << clauses[i];
    script << "\n" << kSvgFooter;
    emit(base, data.str(), script.str());
  }

  // Tasks without a length axis: the main metric of each task (x) for each series (bars), CI bars.
  void bar_chart(const std::vector<const ResultRow*>& rows) {
    SeriesList series;
    std::vector<std::string> categories;
    std::map<std::pair<std::string, SeriesKey>, const ResultRow*> cell;
    for (const ResultRow* row : rows) {
      add_to_series(series, *row);
      const std::string category = row->task + (row->variant.empty() ? "" : " (" + row->variant + ")") + " " + row->metric;
      if (std::find(categories.begin(), categories.end(), category) == categories.end()) categories.push_back(category);
      cell[{category, SeriesKey{row->model, row->memory_config, row->config_hash}}] = row;
    }
    const std::vector<std::string> titles = series_titles(series);
    const std::string base = "bars_main_metric";
    std::ostringstream data, script;
    data << "# task_metric";
    for (const auto& title : titles) data << " | " << title << ": value ci_low ci_high n";
    data << "\n";
    for (const auto& category : categories) {
      data << quoted(category);
      for (const auto& [key, _] : series) {
        auto it = cell.find({category, key});
        if (it == cell.end()) data << " ? ? ? 0";
        else data << fmt::format(" {:.6f} {:.6f} {:.6f} {}", it->second->value, it->second->ci_low, it->second->ci_high, it->second->n);
      }
      data << "\n";
    }
    script << "# fot-eval: the main metric of each task without a length axis; `gnuplot " << base << ".gp` redraws it\n"
           << "OUT_DEFAULT = " << quoted(base) << "\n"
           << "DATA = " << quoted(base + ".dat") << "\n"
           << terminal_header(png_terminal_) << "set title \"main metric by task (bars: 95% intervals)\"\n"
           << "set datafile missing \"?\"\n"
           << "set style data histograms\nset style histogram errorbars gap 1 lw 1\nset style fill solid 0.7 border -1\n"
           << "set boxwidth 0.9\nset xtics rotate by -25 left\n"
           << y_range(rows) << "set grid ytics\nset key below\n"
           << "plot ";
    for (size_t i = 0; i < series.size(); ++i)
      script << (i ? ", \\\n     " : "") << "DATA using " << 2 + 4 * i << ":" << 3 + 4 * i << ":" << 4 + 4 * i
             << (i ? "" : ":xtic(1)") << " title " << quoted(titles[i]);
    script << "\n" << kSvgFooter;
    emit(base, data.str(), script.str());
  }

  void heatmap(const SeriesKey& key, const std::string& title, const std::string& task, const std::string& variant,
               bool with_hash, const std::vector<const ResultRow*>& rows) {
    std::set<int64_t> lengths;
    std::set<double> depths;
    std::map<std::pair<int64_t, double>, double> value;
    for (const ResultRow* r : rows) {
      lengths.insert(*r->context_tokens);
      depths.insert(*r->depth);
      value[{*r->context_tokens, *r->depth}] = r->value;
    }
    std::string base = "heatmap_" + safe_name(key.model) + "_" + safe_name(task) + "_" + safe_name(variant);
    if (with_hash) base += "_" + key.config_hash.substr(0, 8);
    // Cells are drawn as filled rectangles (vector shapes in the SVG and the HTML report, so no
    // viewer smooths them into gradients); a cell without samples stays grey and says so.
    std::ostringstream data, script;
    data << "# " << title << " [" << key.memory << "] " << key.config_hash << "\n# cells with a value: length_index "
         << "depth_index " << rows.front()->metric << "\n";
    std::ostringstream labels;
    labels << "\n\n# every cell: length_index depth_index label\n";
    std::string xtics, ytics;
    int i = 0;
    for (int64_t length : lengths) xtics += (i ? ", " : "") + quoted(length_label(length)) + " " + std::to_string(i), ++i;
    int j = 0;
    for (double depth : depths) {
      ytics += (j ? ", " : "") + quoted(fmt::format("{:.0f}%%", depth * 100))  /* tic labels are formats */ + " " + std::to_string(j);
      int x = 0;
      for (int64_t length : lengths) {
        auto it = value.find({length, depth});
        std::string label = "no samples";
        if (it != value.end()) {
          label = std::isfinite(it->second) ? fmt::format("{:.2f}", it->second) : nonfinite_name(it->second);
          if (std::isfinite(it->second)) data << x << " " << j << " " << fmt::format("{:.6f}", it->second) << "\n";
        }
        labels << x << " " << j << " " << quoted(label) << "\n";
        ++x;
      }
      ++j;
    }
    data << labels.str();
    script << "# fot-eval: " << task << " (" << variant << ") accuracy by needle depth and context length for "
           << key.model << "; `gnuplot " << base << ".gp` redraws it\n"
           << "OUT_DEFAULT = " << quoted(base) << "\n"
           << "DATA = " << quoted(base + ".dat") << "\n"
           << terminal_header(png_terminal_)
           << "set title " << quoted(task + " (" + variant + "): " + title) << "\n"
           << fmt::format("set xrange [-0.5:{}.5]\nset yrange [{}.5:-0.5]\n", lengths.size() - 1, depths.size() - 1)
           << "set xtics (" << xtics << ")\nset ytics (" << ytics << ")\n"
           << "set xlabel \"context length (tokens)\"\nset ylabel \"needle depth\"\n"
           << "set cbrange [0:1]\nset cblabel " << quoted(rows.front()->metric) << "\n"
           << "set palette defined (0 \"#d73027\", 0.5 \"#fee08b\", 1 \"#1a9850\")\n"
           << "set tics out nomirror\n"
           << "set style fill solid 1.0 noborder\n"
           << "set object 1 rectangle from graph 0,0 to graph 1,1 back fillcolor rgb \"#d9d9d9\" fillstyle solid 1.0 "
              "noborder\n"
           << "plot DATA index 0 using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle, \\\n"
           << "     DATA index 1 using 1:2:3 with labels notitle\n"
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
  std::vector<std::pair<std::string, std::string>> order;  // (task, variant) with a length axis, first seen
  std::map<std::pair<std::string, std::string>, std::vector<const ResultRow*>> by_length;
  std::vector<const ResultRow*> no_length;
  SeriesList per_depth;
  std::map<SeriesKey, std::pair<std::string, std::string>> heat_task;
  for (const auto& row : rows) {
    if (row.metric != row.main_metric || row.draw) continue;
    if (row.depth && row.context_tokens) {
      add_to_series(per_depth, row);
      heat_task[{row.model, row.memory_config, row.config_hash}] = {row.task, row.variant};
    } else if (row.context_tokens) {
      auto key = std::make_pair(row.task, row.variant);
      if (!by_length.count(key)) order.push_back(key);
      by_length[key].push_back(&row);
    } else {
      no_length.push_back(&row);
    }
  }
  for (const auto& key : order) plotter.length_plot(key.first, key.second, by_length[key]);
  if (!no_length.empty()) plotter.bar_chart(no_length);
  const std::vector<std::string> titles = series_titles(per_depth);
  std::map<std::string, int> names;
  for (const auto& [key, _] : per_depth) names[key.model + "/" + heat_task[key].first + "/" + heat_task[key].second]++;
  for (size_t i = 0; i < per_depth.size(); ++i) {
    const auto& [key, list] = per_depth[i];
    const auto& [task, variant] = heat_task[key];
    plotter.heatmap(key, titles[i], task, variant, names[key.model + "/" + task + "/" + variant] > 1, list);
  }
  return plotter.finish();
}

}  // namespace fot
