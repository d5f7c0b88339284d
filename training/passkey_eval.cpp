#include "training/passkey_eval.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "models/backends/llama_backend.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "training/documents.h"

namespace fot::train {

std::vector<EvalRow> evaluate_passkey(const EvalOptions& o) {
  auto checkpoint = load_checkpoint(o.model_dir);
  validate_llama_tensors(checkpoint);
  std::unique_ptr<LanguageModel> model;
  std::string dtype = "-";
  if (checkpoint.config.is_longllama()) {
    LongLlamaOptions options;
    if (!o.mem_dtype.empty()) options.memory.dtype = o.mem_dtype;
    auto backend = std::make_unique<LongLlamaBackend>(checkpoint, options);
    dtype = *backend->memory_config().dtype;
    model = std::move(backend);
  } else {
    model = std::make_unique<LlamaBackend>(checkpoint, "", OverflowPolicy::kKeepLast);
  }
  const auto tokenizer = Tokenizer::load((std::filesystem::path(o.model_dir) / "tokenizer.model").string());
  const DocumentMaker maker(tokenizer);

  std::ofstream csv;
  if (!o.csv.empty()) {
    const bool fresh = !std::ifstream(o.csv).good();
    csv.open(o.csv, std::ios::app);
    if (fresh) csv << "model,backend,mem_dtype,length,mean_tokens,correct,trials,accuracy,seconds\n";
  }
  const std::string backend = model->info().backend;
  std::vector<EvalRow> rows;
  for (int64_t length : o.lengths) {
    EvalRow row;
    row.length = length;
    const auto start = std::chrono::steady_clock::now();
    Rng rng(o.seed + 1000003ULL * static_cast<uint64_t>(length));
    const int64_t n_garbage = maker.garbage_for(length);
    for (int64_t t = 0; t < o.trials; ++t) {
      // As the reference draws them: the prefix length in [0, n_garbage), then the key.
      const int64_t n_prefix = n_garbage > 0 ? std::uniform_int_distribution<int64_t>(0, n_garbage - 1)(rng) : 0;
      const int64_t key = std::uniform_int_distribution<int64_t>(1, 49999)(rng);
      const auto doc = maker.landmark(n_garbage, n_prefix, key);
      TokenIds prompt(doc.prompt.begin(), doc.prompt.end());
      auto state = model->encode_prefix(prompt);
      const TokenIds answer(doc.answer.begin(), doc.answer.end());
      const TokenIds got = model->generate_greedy(*state, static_cast<int>(answer.size()));
      row.correct += got == answer ? 1 : 0;
      if (o.show_failures && got != answer)
        std::cout << fmt::format("  wrong: key {} n_garbage {} n_prefix {} needle token {} of {}: got '{}'", key,
                                 n_garbage, n_prefix, doc.needle_token, prompt.size(), tokenizer->decode(got))
                  << std::endl;
      row.mean_tokens += static_cast<double>(prompt.size()) / static_cast<double>(o.trials);
      ++row.trials;
    }
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double accuracy = static_cast<double>(row.correct) / static_cast<double>(row.trials);
    std::cout << fmt::format("{} ({}, mem {}): length {:6d} (mean {:8.1f} tokens)  {:3d}/{:3d} = {:.3f}  {:.1f}s",
                             o.model_dir, backend, dtype, length, row.mean_tokens, row.correct, row.trials, accuracy,
                             row.seconds)
              << std::endl;
    if (csv)
      csv << fmt::format("{},{},{},{},{:.1f},{},{},{:.4f},{:.2f}\n", o.model_dir, backend, dtype, length, row.mean_tokens,
                         row.correct, row.trials, accuracy, row.seconds);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace fot::train
