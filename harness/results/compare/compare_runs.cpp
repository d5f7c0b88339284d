#include "harness/results/compare/compare_runs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <filesystem>
#include <set>

#include "common/input_error.h"
#include "common/nonfinite_json.h"
#include "harness/results/compare/paired_tests.h"
#include "harness/storage/run_manifest.h"
#include "harness/storage/sample_log.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct LoadedRun {
  std::string dir;
  RunManifest manifest;
  std::map<std::string, json> records;  // planned samples with a record
};

LoadedRun load_run(const std::string& dir) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("{}: not a directory", dir));
  const fs::path path(dir);
  const std::string samples = (path / "samples.jsonl").string();
  const std::string manifest = (path / kRunManifestFile).string();
  if (!fs::exists(samples)) throw InputError(fmt::format("{}: missing (not a fot-eval run directory)", samples));
  if (!fs::exists(manifest)) throw InputError(fmt::format("{}: missing (not a fot-eval run directory)", manifest));
  LoadedRun run;
  run.dir = dir;
  run.manifest = read_run_manifest(manifest);
  const SampleLog::Loaded loaded = SampleLog::read(samples);
  for (const auto& group : run.manifest.groups)
    for (const auto& key : group.keys) {
      auto it = loaded.by_key.find(key);
      if (it != loaded.by_key.end()) run.records.emplace(key, it->second);
    }
  if (run.records.empty()) throw InputError(fmt::format("{}: no sample of the run described by {}", samples, manifest));
  return run;
}

const json& field(const json& record, const char* name, const std::string& where) {
  auto it = record.find(name);
  if (it == record.end())
    throw InputError(fmt::format("{}: sample '{}' has no field '{}'", where, record.value("key", std::string("?")), name));
  return *it;
}

std::string text_of(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

const Axis* pooled_axis(const GroupManifest& group) {
  for (const auto& axis : group.axes)
    if (axis.role == AxisRole::kDepth || axis.role == AxisRole::kDraw) return &axis;
  return nullptr;
}

// Sample pairs of one (memory configuration, sweep point) cell.
struct Cell {
  std::string baseline_memory, candidate_memory, point;
  std::vector<std::pair<const json*, const json*>> pairs;
};

struct GroupPairing {
  const GroupManifest* baseline;
  const GroupManifest* candidate;
  std::vector<Cell> cells;
};

// Pairs the samples of two groups: by key first, else by (point, trial), unique within a group, so
// a run of another memory configuration pairs with its baseline sample for sample.
GroupPairing pair_group(const GroupManifest& base_group, const LoadedRun& base, const GroupManifest& cand_group,
                        const LoadedRun& cand, std::vector<std::string>& problems) {
  GroupPairing out{&base_group, &cand_group, {}};
  const std::string where = fmt::format("model '{}' task '{}' ({})", base_group.model, base_group.task, base_group.variant);
  auto position = [&](const json& r) { return text_of(field(r, "point", where)) + "\t" + text_of(field(r, "trial", where)); };
  std::map<std::string, const json*> cand_by_key, cand_by_position;
  for (const auto& key : cand_group.keys) {
    auto it = cand.records.find(key);
    if (it == cand.records.end()) continue;
    cand_by_key.emplace(key, &it->second);
    cand_by_position.emplace(position(it->second), &it->second);
  }
  const Axis* pooled = pooled_axis(base_group);
  std::map<std::string, size_t> cell_index;
  std::set<const json*> used;
  int64_t unpaired = 0, prompt_differs = 0;
  std::string first_unpaired, first_prompt;
  for (const auto& key : base_group.keys) {
    auto it = base.records.find(key);
    if (it == base.records.end()) continue;
    const json& b = it->second;
    const json* c = nullptr;
    if (auto k = cand_by_key.find(key); k != cand_by_key.end()) c = k->second;
    else if (auto p = cand_by_position.find(position(b)); p != cand_by_position.end()) c = p->second;
    if (!c || used.count(c)) {
      if (unpaired++ == 0) first_unpaired = text_of(field(b, "point", where)) + " trial " + text_of(field(b, "trial", where));
      continue;
    }
    used.insert(c);
    if (field(b, "prompt_hash", where) != field(*c, "prompt_hash", where)) {
      if (prompt_differs++ == 0) first_prompt = text_of(field(b, "point", where)) + " trial " + text_of(field(b, "trial", where));
      continue;
    }
    std::string point;
    for (const auto& axis : base_group.axes) {
      if (&axis == pooled) continue;
      if (!point.empty()) point += ";";
      point += axis.name + "=" + text_of(field(b, axis.name.c_str(), where));
    }
    const std::string bm = field(b, "memory_config", where).get<std::string>();
    const std::string cm = field(*c, "memory_config", where).get<std::string>();
    auto [slot, added] = cell_index.emplace(bm + "\t" + cm + "\t" + point, out.cells.size());
    if (added) out.cells.push_back(Cell{bm, cm, point, {}});
    out.cells[slot->second].pairs.emplace_back(&b, c);
  }
  const size_t cand_present = cand_by_key.size();
  if (unpaired > 0)
    problems.push_back(fmt::format("{}: {} sample(s) of {} have no partner in {} (first: {})", where, unpaired, base.dir,
                                   cand.dir, first_unpaired));
  if (prompt_differs > 0)
    problems.push_back(fmt::format("{}: {} sample pair(s) have different prompts (prompt_hash) in {} and {} (first: {}): "
                                   "the runs used different prompts",
                                   where, prompt_differs, base.dir, cand.dir, first_prompt));
  if (cand_present > used.size())
    problems.push_back(fmt::format("{}: {} sample(s) of {} have no partner in {}", where, cand_present - used.size(),
                                   cand.dir, base.dir));
  return out;
}

std::optional<double> metric_of(const json& record, const std::string& metric) {
  auto m = record.find("metrics");
  if (m == record.end()) return std::nullopt;
  auto it = m->find(metric);
  if (it == m->end()) return std::nullopt;
  return json_number(*it);
}

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

// A paired bootstrap of `candidate` against `baseline` into `row`, under test name `test`.
void bootstrap_into(ComparisonRow& row, const char* test, const std::vector<double>& baseline,
                    const std::vector<double>& candidate, const CompareOptions& options) {
  const BootstrapResult r = paired_bootstrap(baseline, candidate, options.seed, options.resamples);
  row.test = test;
  row.baseline = mean(baseline);
  row.candidate = mean(candidate);
  row.difference = r.difference;
  row.p_value = r.p_value;
  row.ci_low = r.ci_low;
  row.ci_high = r.ci_high;
}

void judge(ComparisonRow& row, const CompareOptions& options, const Tolerance& tolerance) {
  row.tolerance = tolerance.relative ? tolerance.value * std::fabs(row.baseline) : tolerance.value;
  const double fall = row.higher_is_better ? -row.difference : row.difference;
  const bool significant = row.p_value < options.level;
  if (significant && fall > row.tolerance + 1e-12) row.status = "regressed";
  else if (significant && -fall > row.tolerance + 1e-12) row.status = "improved";
  else row.status = "same";
}

std::vector<ComparisonRow> compare_cells(const GroupPairing& pairing, const CompareOptions& options) {
  std::vector<ComparisonRow> rows;
  const GroupManifest& group = *pairing.baseline;
  const Axis* pooled = pooled_axis(group);
  const bool by_draw = pooled && pooled->role == AxisRole::kDraw;
  for (const Cell& cell : pairing.cells) {
    for (const auto& metric : group.metrics) {
      std::vector<double> b, c;
      std::vector<std::string> draw_of;
      double tokens = 0.0;
      int64_t with_tokens = 0, nonfinite = 0;
      for (const auto& [bp, cp] : cell.pairs) {
        const auto bv = metric_of(*bp, metric.name), cv = metric_of(*cp, metric.name);
        if (!bv || !cv) continue;
        if (!std::isfinite(*bv) || !std::isfinite(*cv)) ++nonfinite;
        b.push_back(*bv);
        c.push_back(*cv);
        if (by_draw) draw_of.push_back(text_of((*bp)[pooled->name]));
        if (bp->contains("context_tokens")) {
          tokens += (*bp)["context_tokens"].get<double>();
          ++with_tokens;
        }
      }
      if (b.empty()) continue;
      ComparisonRow row;
      row.model = group.model;
      row.task = group.task;
      row.variant = group.variant;
      row.baseline_memory = cell.baseline_memory;
      row.candidate_memory = cell.candidate_memory;
      row.point = cell.point;
      if (with_tokens > 0) row.context_tokens = std::llround(tokens / static_cast<double>(with_tokens));
      row.metric = metric.name;
      row.n = static_cast<int64_t>(b.size());
      row.higher_is_better = metric.higher_is_better;
      if (nonfinite > 0) {
        // NaN or infinite samples (as lm-evaluation-harness keeps them): no test can say which is better.
        row.test = "none";
        row.baseline = mean(b);
        row.candidate = mean(c);
        row.difference = row.candidate - row.baseline;
        row.p_value = std::numeric_limits<double>::quiet_NaN();
        row.nonfinite_pairs = nonfinite;
        row.status = "not comparable";
        rows.push_back(std::move(row));
        continue;
      }
      // Draws: per-draw means, each draw one unit of the bootstrap (as the results pool them).
      std::vector<std::string> draws;
      for (const auto& d : draw_of)
        if (std::find(draws.begin(), draws.end(), d) == draws.end()) draws.push_back(d);
      if (by_draw && draws.size() >= 2) {
        std::vector<double> bd, cd;
        for (const auto& d : draws) {
          std::vector<double> bs, cs;
          for (size_t i = 0; i < b.size(); ++i)
            if (draw_of[i] == d) {
              bs.push_back(b[i]);
              cs.push_back(c[i]);
            }
          bd.push_back(mean(bs));
          cd.push_back(mean(cs));
        }
        bootstrap_into(row, "bootstrap_draws", bd, cd, options);
        row.n_draws = static_cast<int64_t>(draws.size());
      } else if (metric.kind == MetricKind::kBinary) {
        int64_t worse = 0, better = 0;
        for (size_t i = 0; i < b.size(); ++i) {
          if (b[i] > c[i]) ++worse;
          if (c[i] > b[i]) ++better;
        }
        row.test = "mcnemar";
        row.baseline = mean(b);
        row.candidate = mean(c);
        row.difference = row.candidate - row.baseline;
        row.worse = worse;
        row.better = better;
        row.p_value = mcnemar_exact_p(worse, better);
      } else {
        bootstrap_into(row, "bootstrap", b, c, options);
      }
      auto tol = options.tolerances.find(metric.name);
      judge(row, options, tol != options.tolerances.end() ? tol->second : default_tolerance(metric.kind));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string group_name(const GroupManifest& g) {
  return fmt::format("model '{}' task '{}' ({}, entry {})", g.model, g.task, g.variant, g.task_index);
}

std::string fmt_number(double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : nonfinite_name(v); }
std::string fmt_difference(double v) { return std::isfinite(v) ? fmt::format("{:+.4f}", v) : nonfinite_name(v); }

std::string fmt_p(double p) {
  if (std::isnan(p)) return "-";
  return p >= 0.001 ? fmt::format("{:.4f}", p) : fmt::format("{:.2e}", p);
}

}  // namespace

Tolerance default_tolerance(MetricKind kind) {
  if (kind == MetricKind::kBinary) return {0.05, false};
  return {0.05, true};
}

std::pair<std::string, Tolerance> parse_tolerance(const std::string& text) {
  const auto eq = text.find('=');
  auto bad = [&]() {
    return InputError(fmt::format("--tolerance '{}': expected METRIC=VALUE (absolute, e.g. acc=0.02) or "
                                  "METRIC=PERCENT% (relative to the baseline, e.g. word_perplexity=10%)",
                                  text));
  };
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) throw bad();
  std::string value = text.substr(eq + 1);
  Tolerance t;
  if (value.back() == '%') {
    t.relative = true;
    value.pop_back();
  }
  size_t used = 0;
  try {
    t.value = std::stod(value, &used);
  } catch (const std::exception&) {
    throw bad();
  }
  if (used != value.size() || !(t.value >= 0.0)) throw bad();
  if (t.relative) t.value /= 100.0;
  return {text.substr(0, eq), t};
}

size_t Comparison::regressed() const {
  return static_cast<size_t>(std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.status == "regressed"; }));
}

size_t Comparison::not_comparable() const {
  return static_cast<size_t>(
      std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.status == "not comparable"; }));
}

Comparison compare_runs(const std::string& baseline_dir, const std::string& candidate_dir, const CompareOptions& options) {
  const LoadedRun base = load_run(baseline_dir);
  const LoadedRun cand = load_run(candidate_dir);
  std::vector<std::string> problems;
  std::vector<GroupPairing> pairings;
  std::set<const GroupManifest*> matched;
  for (const auto& bg : base.manifest.groups) {
    const GroupManifest* found = nullptr;
    for (const auto& cg : cand.manifest.groups)
      if (cg.model == bg.model && cg.task == bg.task && cg.variant == bg.variant && cg.task_index == bg.task_index)
        found = &cg;
    if (!found) {
      problems.push_back(fmt::format("{} of {} is not in {}", group_name(bg), baseline_dir, candidate_dir));
      continue;
    }
    matched.insert(found);
    std::vector<std::string> bm, cm;
    for (const auto& m : bg.metrics) bm.push_back(m.name);
    for (const auto& m : found->metrics) cm.push_back(m.name);
    if (bm != cm) {
      problems.push_back(fmt::format("{}: metrics differ ({} vs {})", group_name(bg), fmt::join(bm, ","), fmt::join(cm, ",")));
      continue;
    }
    pairings.push_back(pair_group(bg, base, *found, cand, problems));
  }
  for (const auto& cg : cand.manifest.groups)
    if (!matched.count(&cg)) problems.push_back(fmt::format("{} of {} is not in {}", group_name(cg), candidate_dir, baseline_dir));
  if (!problems.empty())
    throw InputError(fmt::format("cannot compare {} with {}:\n  {}", baseline_dir, candidate_dir, fmt::join(problems, "\n  ")));
  Comparison out{baseline_dir, candidate_dir, options, {}};
  for (const auto& p : pairings) {
    auto rows = compare_cells(p, options);
    out.rows.insert(out.rows.end(), rows.begin(), rows.end());
  }
  return out;
}

Comparison compare_models_in_run(const std::string& run_dir, const std::string& reference_model,
                                 const CompareOptions& options) {
  const LoadedRun run = load_run(run_dir);
  Comparison out{reference_model, "each model", options, {}};
  bool found_reference = false;
  for (const auto& ref : run.manifest.groups) {
    if (ref.model != reference_model) continue;
    found_reference = true;
    for (const auto& other : run.manifest.groups) {
      if (other.model == reference_model || other.task != ref.task || other.variant != ref.variant ||
          other.task_hash != ref.task_hash)
        continue;
      std::vector<std::string> problems;
      GroupPairing p = pair_group(ref, run, other, run, problems);
      if (!problems.empty()) continue;
      p.baseline = &other;  // rows carry the compared model's name
      auto rows = compare_cells(p, options);
      out.rows.insert(out.rows.end(), rows.begin(), rows.end());
    }
  }
  if (!found_reference) throw InputError(fmt::format("{}: no model '{}' in the run", run_dir, reference_model));
  return out;
}

std::string comparison_markdown(const Comparison& c) {
  std::string out = fmt::format("# Comparison\n\nbaseline: `{}`  \ncandidate: `{}`  \nlevel {}, bootstrap seed {} with "
                                "{} resamples; difference = candidate - baseline\n\n",
                                c.baseline, c.candidate, c.options.level, c.options.seed, c.options.resamples);
  out += fmt::format("**{} regressed** of {} rows", c.regressed(), c.rows.size());
  if (c.not_comparable() > 0)
    out += fmt::format("; **{} not comparable** (NaN or infinite values in their samples)", c.not_comparable());
  out += "\n\n";
  out += "| model | memory | task | variant | point | tokens | metric | n | baseline | candidate | difference | 95% CI | "
         "tolerance | test | p | status |\n";
  out += "|---|---|---|---|---|---:|---|---:|---:|---:|---:|---|---:|---|---:|---|\n";
  for (const auto& r : c.rows) {
    const std::string memory =
        r.baseline_memory == r.candidate_memory ? r.baseline_memory : r.baseline_memory + " -> " + r.candidate_memory;
    std::string ci = r.ci_low ? fmt::format("[{}, {}]", fmt_number(*r.ci_low), fmt_number(*r.ci_high)) : "";
    std::string test = r.test;
    if (r.worse) test += fmt::format(" ({}-/{}+)", *r.worse, *r.better);
    if (r.n_draws) test += fmt::format(" ({} draws)", *r.n_draws);
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.model,
                       memory, r.task, r.variant, r.point, r.context_tokens ? std::to_string(*r.context_tokens) : "",
                       r.metric, r.n, fmt_number(r.baseline), fmt_number(r.candidate), fmt_difference(r.difference), ci,
                       fmt_number(r.tolerance), test, fmt_p(r.p_value),
                       r.status == "same" || r.status == "improved" ? r.status : "**" + r.status + "**");
  }
  return out;
}

nlohmann::ordered_json comparison_json(const Comparison& c) {
  nlohmann::ordered_json out;
  out["baseline"] = c.baseline;
  out["candidate"] = c.candidate;
  out["level"] = c.options.level;
  out["seed"] = c.options.seed;
  out["resamples"] = c.options.resamples;
  out["regressed"] = c.regressed();
  out["rows"] = nlohmann::ordered_json::array();
  for (const auto& r : c.rows) {
    nlohmann::ordered_json row;
    row["model"] = r.model;
    row["baseline_memory"] = r.baseline_memory;
    row["candidate_memory"] = r.candidate_memory;
    row["task"] = r.task;
    row["variant"] = r.variant;
    row["point"] = r.point;
    row["context_tokens"] = r.context_tokens ? nlohmann::ordered_json(*r.context_tokens) : nullptr;
    row["metric"] = r.metric;
    row["n"] = r.n;
    row["n_draws"] = r.n_draws ? nlohmann::ordered_json(*r.n_draws) : nullptr;
    row["baseline"] = number_json(r.baseline);
    row["candidate"] = number_json(r.candidate);
    row["difference"] = number_json(r.difference);
    row["ci_low"] = r.ci_low ? nlohmann::ordered_json(*r.ci_low) : nullptr;
    row["ci_high"] = r.ci_high ? nlohmann::ordered_json(*r.ci_high) : nullptr;
    row["discordant_worse"] = r.worse ? nlohmann::ordered_json(*r.worse) : nullptr;
    row["discordant_better"] = r.better ? nlohmann::ordered_json(*r.better) : nullptr;
    row["test"] = r.test;
    row["p_value"] = number_json(r.p_value);
    row["nonfinite_pairs"] = r.nonfinite_pairs;
    row["tolerance"] = r.tolerance;
    row["higher_is_better"] = r.higher_is_better;
    row["status"] = r.status;
    out["rows"].push_back(std::move(row));
  }
  return out;
}

std::string regression_lines(const Comparison& c) {
  std::string out;
  for (const auto& r : c.rows) {
    if (r.status == "not comparable")
      out += fmt::format("NOT COMPARABLE model={} memory={} task={} variant={} point={} metric={}: {} -> {} ({} of {} "
                         "sample pairs hold a NaN or infinite value)\n",
                         r.model, r.candidate_memory, r.task, r.variant, r.point.empty() ? "-" : r.point, r.metric,
                         fmt_number(r.baseline), fmt_number(r.candidate), r.nonfinite_pairs, r.n);
    if (r.status != "regressed") continue;
    out += fmt::format("REGRESSED model={} memory={} task={} variant={} point={} metric={}: {:.4f} -> {:.4f} "
                       "(difference {:+.4f}, tolerance {:.4f}, {} p={})\n",
                       r.model, r.candidate_memory, r.task, r.variant, r.point.empty() ? "-" : r.point, r.metric,
                       r.baseline, r.candidate, r.difference, r.tolerance, r.test, fmt_p(r.p_value));
  }
  return out;
}

}  // namespace fot
