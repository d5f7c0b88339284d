// The two training phases of the shipped models:
//   plain: single windows of at most C tokens (whole short documents from BOS, or the last W
//          tokens of a longer one), as a plain LLaMA sees them;
//   fot:   crossbatch fine-tuning (docs/longllama-semantics.md section 9): documents of 1..max_windows
//          windows cut as the longllama backend cuts them, each window's memory layers also attending to the
//          document's earlier windows (positives) and to negatives (a pool of filler / intro
//          windows by default). Document lengths are random, so the needle, the window boundaries
//          and the final local window's start fall anywhere.
// Plain language-model loss on every token (answer tokens may be up-weighted). AdamW, warmup and
// cosine decay, gradient clipping; deterministic given the seed and the thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "training/crossbatch.h"
#include "training/documents.h"
#include "training/ruler_documents.h"
#include "training/tiny_llama.h"

namespace fot::train {

struct PhaseOptions {
  std::string phase = "plain";  // "plain" | "fot"
  int64_t steps = 1000;
  int64_t warmup = 50;
  double lr = 2e-3;
  double min_lr_ratio = 0.1;
  double weight_decay = 0.1;
  double clip = 1.0;
  int64_t rows = 16;            // document rows per step
  uint64_t seed = 1;
  double answer_weight = 1.0;   // loss weight of answer tokens (1 = plain LM loss)
  // plain
  double tail_fraction = 0.5;   // share of rows that are the last W tokens of a longer document
  double stop_accuracy = 0.0;   // stop once the mean answer accuracy of the last stop_window steps reaches it (0 = off)
  int64_t stop_window = 100;
  // fot
  int64_t max_windows = 4;      // windows per document: uniform in 1..max_windows
  int64_t pool = 6;             // negative-only rows per step (filler or intro windows)
  CrossbatchOptions crossbatch;
  // RULER niah documents (training/ruler_documents.h) in place of this share of the passkey ones
  double ruler_fraction = 0.0;
  const RulerDocumentMaker* ruler = nullptr;  // required when ruler_fraction > 0
  // output
  std::string log_csv;          // appended: phase,step,loss,answer_acc,lr,seconds,ruler_acc
  int64_t print_every = 50;
};

struct PhaseResult {
  int64_t steps = 0;
  double seconds = 0.0;
  double final_loss = 0.0;
  double final_accuracy = 0.0;  // mean answer accuracy of the last stop_window steps
  std::vector<double> losses;   // every step's loss
};

// One step's layout for the phase (exposed for tests).
Layout sample_layout(const PhaseOptions& options, const DocumentMaker& maker, int64_t window, int64_t last_context,
                     Rng& rng);

struct StepTensors {
  BatchTensors batch;
  torch::Tensor targets;  // [query_rows, T] int64, -1 where no loss
  torch::Tensor weights;  // [query_rows, T] float
};
StepTensors to_tensors(const Layout& layout, double answer_weight);

// Weighted mean next-token loss, and the share of documents whose answer tokens are all argmax
// (all documents, and the RULER ones alone: -1 when the step holds none).
struct StepLoss {
  torch::Tensor loss;
  double answer_accuracy = 0.0;
  double ruler_accuracy = -1.0;
};
StepLoss step_loss(const torch::Tensor& logits, const StepTensors& step, const Layout& layout);

// Trains `model` in place. model.config().max_position_embeddings is C (= L for fot) and, for fot,
// last_context_length is the final window's size.
PhaseResult train_phase(TinyLlama& model, const DocumentMaker& maker, const PhaseOptions& options);

}  // namespace fot::train
