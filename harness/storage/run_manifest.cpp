#include "harness/storage/run_manifest.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "common/input_error.h"
#include "common/atomic_file.h"

namespace fot {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;

const json& field(const json& object, const char* name, const std::string& where) {
  auto it = object.find(name);
  if (it == object.end()) throw InputError(fmt::format("{}: missing field '{}'", where, name));
  return *it;
}

template <typename T>
T typed(const json& object, const char* name, const std::string& where) {
  const json& value = field(object, name, where);
  try {
    return value.get<T>();
  } catch (const json::exception&) {
    throw InputError(fmt::format("{}: field '{}' has the wrong type ({})", where, name, value.dump()));
  }
}

}  // namespace

json manifest_json(const RunManifest& manifest) {
  json groups = json::array();
  for (const auto& g : manifest.groups) {
    json axes = json::array(), metrics = json::array();
    for (const auto& a : g.axes) axes.push_back({{"name", a.name}, {"role", to_string(a.role)}});
    for (const auto& m : g.metrics) metrics.push_back({{"name", m.name}, {"kind", to_string(m.kind)}, {"higher_is_better", m.higher_is_better}});
    groups.push_back({{"model", g.model},
                      {"task", g.task},
                      {"variant", g.variant},
                      {"task_index", g.task_index},
                      {"model_hash", g.model_hash},
                      {"task_hash", g.task_hash},
                      {"config_hash", g.config_hash},
                      {"axes", axes},
                      {"metrics", metrics},
                      {"samples", g.keys}});
    if (!g.summary_rows.empty()) {
      json summaries = json::array();
      for (const auto& r : g.summary_rows)
        summaries.push_back({{"key", r.key}, {"label", r.label}, {"title", r.title}, {"description", r.description},
                             {"rows", r.rows}});
      groups.back()["summary_rows"] = summaries;
    }
    if (!g.length_tables.empty()) {
      json tables = json::array();
      for (const auto& t : g.length_tables)
        tables.push_back({{"key", t.key}, {"title", t.title}, {"description", t.description},
                          {"variant", t.variant}, {"metric", t.metric}, {"length_column", t.length_column},
                          {"values_field", t.values_field}, {"scale", t.scale}, {"decimals", t.decimals}});
      groups.back()["length_tables"] = tables;
    }
  }
  return {{"fot_eval_run", kFormat}, {"metadata", manifest.metadata}, {"groups", groups}};
}

RunManifest read_run_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: missing: the saved run config that fot-eval run writes", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const json doc = json::parse(buffer.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw InputError(fmt::format("{}: not valid JSON", path));
  if (!doc.contains("fot_eval_run")) throw InputError(fmt::format("{}: not a fot-eval run.json", path));
  if (typed<int>(doc, "fot_eval_run", path) != kFormat)
    throw InputError(fmt::format("{}: run.json format {} is not supported (this fot-eval reads {})", path,
                                 doc["fot_eval_run"].dump(), kFormat));
  RunManifest manifest;
  manifest.metadata = field(doc, "metadata", path);
  const json& groups = field(doc, "groups", path);
  if (!groups.is_array()) throw InputError(fmt::format("{}: field 'groups' must be a list", path));
  for (size_t i = 0; i < groups.size(); ++i) {
    const std::string where = fmt::format("{}: groups[{}]", path, i);
    const json& g = groups[i];
    GroupManifest group;
    group.model = typed<std::string>(g, "model", where);
    group.task = typed<std::string>(g, "task", where);
    group.variant = typed<std::string>(g, "variant", where);
    group.task_index = typed<int64_t>(g, "task_index", where);
    group.model_hash = typed<std::string>(g, "model_hash", where);
    group.task_hash = typed<std::string>(g, "task_hash", where);
    group.config_hash = typed<std::string>(g, "config_hash", where);
    try {
      for (const auto& a : field(g, "axes", where))
        group.axes.push_back({a.at("name").get<std::string>(), parse_axis_role(a.at("role").get<std::string>())});
      for (const auto& m : field(g, "metrics", where))
        // Runs written before metrics declared their direction: every metric then was better higher.
        group.metrics.push_back({m.at("name").get<std::string>(), parse_metric_kind(m.at("kind").get<std::string>()),
                                 m.value("higher_is_better", true)});
      if (g.contains("summary_rows"))
        for (const auto& r : g.at("summary_rows"))
          group.summary_rows.push_back({r.at("key").get<std::string>(), r.at("label").get<std::string>(),
                                        r.at("title").get<std::string>(), r.at("description").get<std::string>(),
                                        r.at("rows").get<std::vector<std::pair<std::string, std::string>>>()});
      if (g.contains("length_tables"))
        for (const auto& t : g.at("length_tables"))
          group.length_tables.push_back({t.at("key").get<std::string>(), t.at("title").get<std::string>(),
                                         t.at("description").get<std::string>(), t.at("variant").get<std::string>(),
                                         t.at("metric").get<std::string>(), t.at("length_column").get<std::string>(),
                                         t.at("values_field").get<std::string>(), t.at("scale").get<double>(),
                                         t.at("decimals").get<int>()});
    } catch (const std::exception& error) {
      throw InputError(fmt::format("{}: bad axes, metrics, summary rows or length tables: {}", where, error.what()));
    }
    if (group.metrics.empty()) throw InputError(fmt::format("{}: no metrics", where));
    group.keys = typed<std::vector<std::string>>(g, "samples", where);
    manifest.groups.push_back(std::move(group));
  }
  return manifest;
}

void write_run_manifest(const std::string& path, const RunManifest& manifest) {
  write_file_atomic(path, manifest_json(manifest).dump(1, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace fot
