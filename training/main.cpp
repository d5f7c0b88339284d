// fot-train: trains and checks the shipped tiny models (see training/README.md).
//   fot-train corpus --out FILE             text for spm_train
//   fot-train plain  --tokenizer M --out DIR  phase A: plain LLaMA at context C
//   fot-train fot    --init DIR --out DIR     phase B: FoT crossbatch continuation
//   fot-train eval   --model DIR --lengths .. passkey accuracy through the inference backends
//   fot-train check  --model DIR              load-check + trainer forward == backend logits
#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <torch/torch.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <iostream>
#include <sstream>

#include "models/checkpoint/checkpoint.h"
#include "common/input_error.h"
#include "training/corpus.h"
#include "training/documents.h"
#include "training/forward_check.h"
#include "training/hf_export.h"
#include "training/passkey_eval.h"
#include "training/ruler_documents.h"
#include "training/tiny_llama.h"
#include "training/trainer.h"

namespace po = boost::program_options;
using namespace fot;
using namespace fot::train;

namespace {

std::vector<int64_t> int_list(const std::string& text) {
  std::vector<int64_t> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(std::stoll(item));
  }
  return out;
}

po::variables_map parse(const po::options_description& options, const std::vector<std::string>& args) {
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).run(), vm);
  if (vm.count("help")) {
    std::cout << options << std::endl;
    std::exit(0);
  }
  po::notify(vm);
  return vm;
}

void add_phase_options(po::options_description& d, PhaseOptions& p) {
  d.add_options()("help", "this text")("out", po::value<std::string>()->required(), "output model directory")(
      "seed", po::value<uint64_t>(&p.seed)->default_value(p.seed), "seed of init (plain) and data")(
      "steps", po::value<int64_t>(&p.steps)->default_value(p.steps), "most optimizer steps")(
      "warmup", po::value<int64_t>(&p.warmup)->default_value(p.warmup), "linear warmup steps")(
      "lr", po::value<double>(&p.lr)->default_value(p.lr), "peak learning rate (cosine decay to min-lr-ratio)")(
      "min-lr-ratio", po::value<double>(&p.min_lr_ratio)->default_value(p.min_lr_ratio), "")(
      "weight-decay", po::value<double>(&p.weight_decay)->default_value(p.weight_decay), "AdamW weight decay")(
      "rows", po::value<int64_t>(&p.rows)->default_value(p.rows), "document windows per step")(
      "answer-weight", po::value<double>(&p.answer_weight)->default_value(p.answer_weight), "loss weight of answer tokens")(
      "stop-accuracy", po::value<double>(&p.stop_accuracy)->default_value(p.stop_accuracy),
      "stop when the answer accuracy over --stop-window steps reaches this (0 = never)")(
      "stop-window", po::value<int64_t>(&p.stop_window)->default_value(p.stop_window), "")(
      "log", po::value<std::string>(&p.log_csv), "training log CSV (appended)")(
      "print-every", po::value<int64_t>(&p.print_every)->default_value(p.print_every), "progress line every N steps")(
      "threads", po::value<int>()->default_value(2), "intra-op threads")(
      "ruler-data", po::value<std::string>(), "RULER word lists (laid out as the shared data's ruler/)")(
      "ruler-fraction", po::value<double>(&p.ruler_fraction)->default_value(p.ruler_fraction),
      "share of documents that are RULER niah prompts (needs --ruler-data)")(
      "ruler-max-keys", po::value<int64_t>()->default_value(4), "RULER needles (keys) per document: 1..this");
}

// The RULER document maker the phase options point to, when --ruler-fraction asks for one.
std::unique_ptr<RulerDocumentMaker> ruler_maker(const po::variables_map& vm, std::shared_ptr<const Tokenizer> tokenizer,
                                                PhaseOptions& p) {
  if (p.ruler_fraction <= 0) return nullptr;
  if (!vm.count("ruler-data")) throw InputError("--ruler-fraction > 0 needs --ruler-data DIR (the RULER word lists)");
  auto maker = std::make_unique<RulerDocumentMaker>(std::move(tokenizer), vm["ruler-data"].as<std::string>(),
                                                    vm["ruler-max-keys"].as<int64_t>());
  std::cout << fmt::format("RULER documents: {:.0f}% of rows, 1..{} keys, at least {} tokens", 100 * p.ruler_fraction,
                           vm["ruler-max-keys"].as<int64_t>(), maker->minimum_length())
            << std::endl;
  p.ruler = maker.get();
  return maker;
}

void set_threads(const po::variables_map& vm) {
  at::set_num_threads(vm["threads"].as<int>());
  at::set_num_interop_threads(1);
}

void report_check(const std::string& dir) {
  auto checkpoint = load_checkpoint(dir);
  validate_llama_tensors(checkpoint);
  const auto tokenizer = Tokenizer::load((std::filesystem::path(dir) / "tokenizer.model").string());
  DocumentMaker maker(tokenizer);
  Rng rng(7);
  const int64_t window = checkpoint.config.max_position_embeddings;
  // Several windows for a LongLLaMA (exercises memory), one full window for a plain model.
  auto doc = maker.sized(checkpoint.config.is_longllama() ? 3 * window + 17 : window, rng);
  std::vector<int32_t> tokens = doc.prompt;
  if (!checkpoint.config.is_longllama() && static_cast<int64_t>(tokens.size()) > window) tokens.resize(window);
  const double diff = max_logit_difference(dir, tokens);
  std::cout << fmt::format("{}: {} parameters, {} tensors; trainer vs backend max |logit diff| over {} tokens: {:.3g}",
                           dir, parameter_count(checkpoint), checkpoint.tensors.size(), tokens.size(), diff)
            << std::endl;
  if (!(diff < 1e-3)) throw std::runtime_error("trainer forward and backend disagree");
}

int run_plain(const std::vector<std::string>& args) {
  PhaseOptions p;
  p.phase = "plain";
  p.steps = 1500;
  p.lr = 2e-3;
  p.stop_accuracy = 0.95;
  int64_t window = 128, layers = 4, hidden = 128, heads = 4, ff = 384;
  std::string tokenizer_path;
  po::options_description d("fot-train plain");
  add_phase_options(d, p);
  d.add_options()("tokenizer", po::value<std::string>(&tokenizer_path)->required(), "sentencepiece .model")(
      "window", po::value<int64_t>(&window)->default_value(window), "context C (max_position_embeddings)")(
      "layers", po::value<int64_t>(&layers)->default_value(layers), "")(
      "hidden", po::value<int64_t>(&hidden)->default_value(hidden), "")(
      "heads", po::value<int64_t>(&heads)->default_value(heads), "")(
      "ff", po::value<int64_t>(&ff)->default_value(ff), "SwiGLU intermediate size")(
      "tail-fraction", po::value<double>(&p.tail_fraction)->default_value(p.tail_fraction),
      "share of rows that are the last W tokens of a longer document");
  auto vm = parse(d, args);
  set_threads(vm);
  const auto tokenizer = Tokenizer::load(tokenizer_path);
  ModelConfig config;
  config.vocab_size = tokenizer->vocab_size();
  config.hidden_size = static_cast<int32_t>(hidden);
  config.intermediate_size = static_cast<int32_t>(ff);
  config.num_hidden_layers = static_cast<int32_t>(layers);
  config.num_attention_heads = config.num_key_value_heads = static_cast<int32_t>(heads);
  config.max_position_embeddings = window;
  config.rms_norm_eps = 1e-6;
  config.rope_theta = 10000.0;
  config.bos_token_id = tokenizer->bos_id();
  config.eos_token_id = tokenizer->eos_id();
  config.torch_dtype = "float32";
  torch::manual_seed(p.seed);
  TinyLlama model(config);
  model.initialise();
  DocumentMaker maker(tokenizer);
  const auto ruler = ruler_maker(vm, tokenizer, p);
  const auto result = train_phase(model, maker, p);
  const auto out = vm["out"].as<std::string>();
  save_hf_model(config, model.export_tensors(), tokenizer_path, out);
  std::cout << fmt::format("plain: {} steps in {:.0f}s, answer accuracy {:.3f}; saved {}", result.steps, result.seconds,
                           result.final_accuracy, out)
            << std::endl;
  report_check(out);
  return 0;
}

int run_fot(const std::vector<std::string>& args) {
  PhaseOptions p;
  p.phase = "fot";
  p.steps = 900;
  p.lr = 1e-3;
  std::string init, mem_layers = "2", mem_dtype = "float32", source = "pool";
  int64_t lcl = 112;
  po::options_description d("fot-train fot");
  add_phase_options(d, p);
  d.add_options()("init", po::value<std::string>(&init)->required(), "phase-A model directory")(
      "mem-layers", po::value<std::string>(&mem_layers)->default_value(mem_layers), "comma-separated memory layers")(
      "mem-dtype", po::value<std::string>(&mem_dtype)->default_value(mem_dtype), "config.json mem_dtype")(
      "lcl", po::value<int64_t>(&lcl)->default_value(lcl), "last_context_length (< C leaves room for the answer)")(
      "max-windows", po::value<int64_t>(&p.max_windows)->default_value(p.max_windows), "windows per document: 1..this")(
      "pool", po::value<int64_t>(&p.pool)->default_value(p.pool), "negative-only filler/intro rows per step")(
      "negatives", po::value<int64_t>(&p.crossbatch.negatives)->default_value(p.crossbatch.negatives),
      "negative contexts per window")(
      "max-positives", po::value<int64_t>(&p.crossbatch.max_positives)->default_value(p.crossbatch.max_positives),
      "most earlier windows of the own document (-1 = all)")(
      "negative-source", po::value<std::string>(&source)->default_value(source),
      "pool (filler/intro windows) | documents (other documents' windows)");
  auto vm = parse(d, args);
  set_threads(vm);
  if (source == "documents") {
    p.crossbatch.source = NegativeSource::kOtherDocuments;
  } else if (source != "pool") {
    throw InputError("--negative-source must be pool or documents, got " + source);
  }
  auto checkpoint = load_checkpoint(init);
  validate_llama_tensors(checkpoint);
  ModelConfig config = checkpoint.config;
  std::vector<int32_t> layers;
  for (int64_t layer : int_list(mem_layers)) layers.push_back(static_cast<int32_t>(layer));
  config.mem_layers = layers;
  config.mem_dtype = mem_dtype;
  config.last_context_length = lcl;
  config.validate("fot-train fot");
  torch::manual_seed(p.seed);
  TinyLlama model(config);
  model.load(checkpoint);
  const auto tokenizer_path = (std::filesystem::path(init) / "tokenizer.model").string();
  const auto tokenizer = Tokenizer::load(tokenizer_path);
  DocumentMaker maker(tokenizer);
  const auto ruler = ruler_maker(vm, tokenizer, p);
  const auto result = train_phase(model, maker, p);
  const auto out = vm["out"].as<std::string>();
  save_hf_model(config, model.export_tensors(), tokenizer_path, out);
  std::cout << fmt::format("fot: {} steps in {:.0f}s, answer accuracy {:.3f}; saved {}", result.steps, result.seconds,
                           result.final_accuracy, out)
            << std::endl;
  report_check(out);
  return 0;
}

int run_eval(const std::vector<std::string>& args) {
  EvalOptions e;
  std::string lengths;
  po::options_description d("fot-train eval");
  d.add_options()("help", "this text")("model", po::value<std::string>(&e.model_dir)->required(), "model directory")(
      "lengths", po::value<std::string>(&lengths)->required(), "comma-separated prompt lengths in tokens")(
      "trials", po::value<int64_t>(&e.trials)->default_value(e.trials), "")(
      "seed", po::value<uint64_t>(&e.seed)->default_value(e.seed), "")(
      "mem-dtype", po::value<std::string>(&e.mem_dtype), "memory dtype override (longllama)")(
      "csv", po::value<std::string>(&e.csv), "results CSV (appended)")(
      "show-failures", po::bool_switch(&e.show_failures), "print each wrong answer")(
      "threads", po::value<int>()->default_value(2), "intra-op threads");
  auto vm = parse(d, args);
  set_threads(vm);
  e.lengths = int_list(lengths);
  evaluate_passkey(e);
  return 0;
}

int run_check(const std::vector<std::string>& args) {
  std::string dir;
  po::options_description d("fot-train check");
  d.add_options()("help", "this text")("model", po::value<std::string>(&dir)->required(), "model directory")(
      "threads", po::value<int>()->default_value(2), "intra-op threads");
  auto vm = parse(d, args);
  set_threads(vm);
  report_check(dir);
  return 0;
}

int run_corpus(const std::vector<std::string>& args) {
  std::string out;
  std::string ruler_data;
  int64_t documents = 5000, ruler_documents = 0;
  uint64_t seed = 1;
  po::options_description d("fot-train corpus");
  d.add_options()("help", "this text")("out", po::value<std::string>(&out)->required(), "text file")(
      "documents", po::value<int64_t>(&documents)->default_value(documents), "passkey prompts")(
      "ruler-documents", po::value<int64_t>(&ruler_documents)->default_value(0), "RULER niah prompts (appended)")(
      "ruler-data", po::value<std::string>(&ruler_data), "RULER word lists (needed for --ruler-documents)")(
      "seed", po::value<uint64_t>(&seed)->default_value(seed), "");
  parse(d, args);
  if (ruler_documents > 0 && ruler_data.empty()) throw InputError("--ruler-documents needs --ruler-data DIR");
  write_tokenizer_corpus(out, documents, seed);
  if (ruler_documents > 0) {
    std::ofstream file(out, std::ios::app);
    for (const auto& text : ruler_corpus_texts(ruler_data, ruler_documents, seed)) file << text << '\n';
    if (!file) throw std::runtime_error("cannot write " + out);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage = "usage: fot-train corpus|plain|fot|eval|check [--help] ...";
  if (argc < 2) {
    std::cerr << usage << std::endl;
    return 2;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "corpus") return run_corpus(args);
    if (command == "plain") return run_plain(args);
    if (command == "fot") return run_fot(args);
    if (command == "eval") return run_eval(args);
    if (command == "check") return run_check(args);
    std::cerr << usage << std::endl;
    return 2;
  } catch (const InputError& e) {
    std::cerr << "fot-train: " << e.what() << std::endl;
    return 2;
  } catch (const po::error& e) {
    std::cerr << "fot-train " << command << ": " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fot-train: " << e.what() << std::endl;
    return 1;
  }
}
