#include "harness/config/run_config.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "common/yaml_json.h"
#include "harness/config/config_sections.h"
#include "common/config_paths.h"
#include "common/input_error.h"
#include "common/suggest.h"
#include "tasks/registry.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string choice(const ConfigNode& node, const std::vector<std::string>& valid, const char* what) {
  const std::string value = node.as_string();
  for (const auto& v : valid)
    if (v == value) return value;
  node.fail(fmt::format("unknown {} '{}'{}", what, value, suggest(value, valid)));
}

MemoryConfig parse_memory(const ConfigNode& node) {
  check_keys(node, memory_section());
  MemoryConfig memory;
  const std::string where = node.where();
  if (node.has("layers")) {
    ConfigNode layers = node.at("layers");
    if (layers.is_list()) {
      memory.layers = MemoryConfig::Layers::kList;
      for (const auto& item : layers.items()) {
        int64_t layer = item.as_int();
        if (layer < 0 || layer > 100000) item.fail(fmt::format("a layer index must be >= 0, got {}", layer));
        memory.layer_list.push_back(static_cast<int32_t>(layer));
      }
    } else {
      std::string text = layers.as_string();
      if (text != "checkpoint" && text != "none")
        layers.fail(fmt::format("must be 'checkpoint', 'none' or a list of layer indices, got '{}'", text));
      memory.layers = MemoryConfig::parse_layers(text, memory.layer_list, layers.where());
    }
  }
  if (node.has("window")) memory.window = node.at("window").as_int();
  if (node.has("last_context_length")) memory.last_context_length = node.at("last_context_length").as_int();
  if (node.has("dtype")) memory.dtype = MemoryConfig::parse_dtype(node.at("dtype").as_string(), node.at("dtype").where());
  if (node.has("lookup"))
    memory.lookup = MemoryConfig::parse_lookup(node.at("lookup").as_string(), node.at("lookup").where());
  if (node.has("topk")) {
    memory.topk = node.at("topk").as_int();
    if (!node.has("lookup")) memory.lookup = MemoryConfig::Lookup::kTopK;
  }
  if (node.has("cap")) memory.cap = node.at("cap").as_int();
  memory.validate(where);
  return memory;
}

MockSettings parse_mock(const ConfigNode& node) {
  check_keys(node, mock_section());
  MockSettings mock;
  if (node.has("window")) mock.window = node.at("window").as_int_at_least(0);
  if (node.has("delay_ms")) mock.delay_ms = node.at("delay_ms").as_int_at_least(0);
  if (node.has("context_limit")) mock.context_limit = node.at("context_limit").as_int_at_least(0);
  return mock;
}

// A model name labels CSV cells, markdown tables, plot legends and plot file names, so it holds
// only letters and digits of any script (Unicode L* and Nd, by ICU; combining marks after them,
// so a decomposed "é" passes) and - _ . +. Everything else is refused: ASCII punctuation, spaces
// and controls (CSV, paths, tables), Unicode spaces, controls and invisible format characters,
// symbols (e.g. a fullwidth solidus that reads as a path separator), and bytes that are not
// UTF-8. Names are compared byte for byte (no Unicode normalization).
void check_name(const ConfigNode& node, const std::string& name) {
  if (name.empty()) node.fail("the model name is empty");
  const auto refuse = [&](const std::string& why) {
    node.fail(fmt::format("model name '{}' {}; a name may hold only letters and digits (of any script) and - _ . +",
                          name, why));
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(name.data());
  const int32_t length = static_cast<int32_t>(name.size());
  bool after_letter = false;
  for (int32_t i = 0; i < length;) {
    const int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) refuse(fmt::format("is not valid UTF-8 (byte {})", at + 1));
    const bool ascii_ok = c < 0x80 && (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '+');
    const bool letter = c >= 0x80 && u_isalnum(c) && !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
    const bool mark = c >= 0x80 && after_letter && (U_GET_GC_MASK(c) & U_GC_M_MASK);
    if (!ascii_ok && !letter && !mark) {
      refuse(c < 0x80 ? fmt::format("holds '{}'", static_cast<char>(c))
                      : fmt::format("holds U+{:04X} (byte {})", static_cast<uint32_t>(c), at + 1));
    }
    after_letter = letter || mark || (c < 0x80 && std::isalnum(c));
  }
}

// Missing files are collected, not thrown at the first, so one error names every missing path.
ModelEntry parse_model(const ConfigNode& node, const std::string& base_dir, std::vector<std::string>& missing) {
  check_keys(node, model_section());
  ModelEntry entry;
  entry.where = node.where();
  ModelSpec& spec = entry.spec;
  json& canon = entry.canonical;
  const ConfigNode name = node.at("name");
  spec.name = name.as_string();
  check_name(name, spec.name);

  std::vector<std::string> backends;
  for (const auto& b : known_backends()) backends.push_back(b.name);
  if (node.has("backend")) spec.backend = choice(node.at("backend"), backends, "backend");
  if (node.has("checkpoint")) {
    const ConfigNode checkpoint = node.at("checkpoint");
    if (spec.backend == "mock") checkpoint.fail("the mock backend takes no checkpoint");
    spec.checkpoint = resolve_path(checkpoint, base_dir);
    if (!fs::exists(spec.checkpoint))
      missing.push_back(fmt::format("{}: {}: checkpoint '{}' does not exist", checkpoint.where(), checkpoint.path(),
                                    spec.checkpoint));
    canon["checkpoint"] = checkpoint.as_string();
  } else if (spec.backend != "mock") {
    node.fail(spec.backend.empty() ? "missing required key 'backend' (or a 'checkpoint' that implies it)"
                                   : fmt::format("missing required key 'checkpoint' for backend '{}'", spec.backend));
  }
  if (spec.backend.empty() && !fs::exists(spec.checkpoint)) {
    spec.backend = node.has("memory") ? "longllama" : "llama";  // the missing path is reported at the end
  } else if (spec.backend.empty()) {
    try {
      spec.backend = resolve_backend(spec);
    } catch (const InputError& error) {
      node.at("checkpoint").fail(error.what());
    }
  }
  canon["backend"] = spec.backend;
  if (node.has("tokenizer")) {
    const ConfigNode tokenizer = node.at("tokenizer");
    spec.tokenizer = resolve_path(tokenizer, base_dir);
    if (!fs::is_regular_file(spec.tokenizer))
      missing.push_back(fmt::format("{}: {}: tokenizer '{}' does not exist", tokenizer.where(), tokenizer.path(),
                                    spec.tokenizer));
    canon["tokenizer"] = tokenizer.as_string();
  }
  if (!node.has("tokenizer") && spec.backend != "mock" && fs::is_directory(spec.checkpoint) &&
      !fs::exists(fs::path(spec.checkpoint) / "tokenizer.model"))
    missing.push_back(fmt::format("{}: {}: the checkpoint directory has no tokenizer.model ('{}'); name one with "
                                  "'tokenizer:'",
                                  node.at("checkpoint").where(), node.at("checkpoint").path(),
                                  (fs::path(spec.checkpoint) / "tokenizer.model").string()));
  if (node.has("overflow")) canon["overflow"] = spec.overflow = choice(node.at("overflow"), {"error", "keep_last"}, "overflow policy");
  if (node.has("weights_dtype"))
    canon["weights_dtype"] = spec.weights_dtype = choice(node.at("weights_dtype"), {"float32", "bfloat16"}, "weights dtype");
  if (node.has("compute_dtype"))
    canon["compute_dtype"] = spec.compute_dtype = choice(node.at("compute_dtype"), {"float32", "bfloat16"}, "compute dtype");
  if (node.has("memory")) {
    const ConfigNode memory = node.at("memory");
    if (spec.backend == "llama")
      memory.fail("a memory configuration needs backend 'longllama' (this model uses 'llama')");
    spec.memory = parse_memory(memory);
  }
  canon["memory"] = spec.memory.canonical();
  if (node.has("mock")) {
    const ConfigNode mock = node.at("mock");
    if (spec.backend != "mock") mock.fail(fmt::format("'mock' settings apply to backend 'mock', not '{}'", spec.backend));
    spec.mock = parse_mock(mock);
  }
  if (spec.backend == "mock")
    canon["mock"] = {{"window", spec.mock.window}, {"delay_ms", spec.mock.delay_ms},
                     {"context_limit", spec.mock.context_limit}};
  return entry;
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

RunConfig load_run_config(const std::string& path, std::optional<uint64_t> seed_override) {
  if (!fs::exists(path)) throw InputError(fmt::format("{}: config file does not exist", path));
  if (fs::is_directory(path)) throw InputError(fmt::format("{}: is a directory, not a config file", path));
  ConfigNode root = ConfigNode::load_file(path);
  if (root.is_null()) root.fail("the config is empty; it needs 'models' and 'tasks'");
  check_keys(root, top_level_section());
  if (const auto unset = unset_variables(root); !unset.empty()) {
    std::string message = fmt::format("{} environment variable{} to set:", unset.size(), unset.size() == 1 ? "" : "s");
    for (const auto& line : unset) message += "\n  " + line;
    throw InputError(message);
  }
  RunConfig config;
  config.path = path;
  config.document = yaml_to_json(YAML::LoadFile(path));
  const std::string base_dir = fs::absolute(path).parent_path().string();
  if (root.has("seed")) config.seed = static_cast<uint64_t>(root.at("seed").as_int_at_least(0));
  if (seed_override) config.seed = *seed_override;
  if (root.has("output")) config.output = resolve_path(root.at("output"), base_dir);
  if (root.has("workers")) config.workers = static_cast<int>(root.at("workers").as_int_at_least(1));

  std::set<std::string> names;
  std::vector<std::string> missing;
  for (const auto& item : root.at("models").non_empty_items()) {
    ModelEntry entry = parse_model(item, base_dir, missing);
    if (!names.insert(entry.spec.name).second)
      item.at("name").fail(fmt::format("model name '{}' is used twice", entry.spec.name));
    config.models.push_back(std::move(entry));
  }
  for (const auto& item : root.at("tasks").non_empty_items()) {
    item.expect_map();
    const ConfigNode name = item.at("name");
    const TaskKind* kind = find_task(name.as_string());
    if (!kind) name.fail(fmt::format("unknown task '{}'{}", name.as_string(), suggest(name.as_string(), task_names())));
    config.tasks.push_back({kind->parse(item, config.seed), item.where(), static_cast<int64_t>(config.tasks.size())});
  }
  if (!missing.empty()) {
    std::string message = fmt::format("{} missing path{}:", missing.size(), missing.size() == 1 ? "" : "s");
    for (const auto& line : missing) message += "\n  " + line;
    throw InputError(message);
  }
  return config;
}

void select_models(RunConfig& config, const std::string& names) {
  if (names.empty()) return;
  std::vector<std::string> available;
  for (const auto& m : config.models) available.push_back(m.spec.name);
  std::vector<ModelEntry> kept;
  for (const auto& name : split_names(names)) {
    auto it = std::find_if(config.models.begin(), config.models.end(),
                           [&](const ModelEntry& m) { return m.spec.name == name; });
    if (it == config.models.end())
      throw InputError(fmt::format("--models: no model '{}' in {}{}", name, config.path, suggest(name, available)));
    kept.push_back(std::move(*it));
    config.models.erase(it);
  }
  config.models = std::move(kept);
}

void select_tasks(RunConfig& config, const std::string& names) {
  if (names.empty()) return;
  std::vector<std::string> wanted = split_names(names);
  std::vector<std::string> available;
  for (const auto& t : config.tasks) available.push_back(t.task->name());
  for (const auto& name : wanted)
    if (std::find(available.begin(), available.end(), name) == available.end())
      throw InputError(fmt::format("--tasks: no task '{}' in {}{}", name, config.path, suggest(name, available)));
  std::vector<TaskEntry> kept;
  for (auto& t : config.tasks)
    if (std::find(wanted.begin(), wanted.end(), t.task->name()) != wanted.end()) kept.push_back(std::move(t));
  config.tasks = std::move(kept);
}

}  // namespace fot
