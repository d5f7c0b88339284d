#include "training/trainer.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <fstream>
#include <iostream>
#include <numeric>

namespace fot::train {

namespace {

int64_t uniform(int64_t low, int64_t high, Rng& rng) {  // inclusive
  if (low > high) throw std::invalid_argument("training sampler: C is too small for the passkey prompt");
  return std::uniform_int_distribution<int64_t>(low, high)(rng);
}

double chance(Rng& rng) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

// One window holding the last `keep` inputs of the document: the backend windows with L = lcl = inputs.
std::vector<Row> tail_row(const std::vector<int32_t>& prompt, const std::vector<int32_t>& answer, int64_t keep,
                          int32_t doc) {
  const int64_t inputs = static_cast<int64_t>(prompt.size() + answer.size()) - 1;
  keep = std::min(keep, inputs);
  auto rows = document_rows(prompt, answer, inputs, inputs, doc);
  Row& row = rows.front();
  const int64_t drop = inputs - keep;
  row.inputs.erase(row.inputs.begin(), row.inputs.begin() + drop);
  row.targets.erase(row.targets.begin(), row.targets.begin() + drop);
  row.answer_begin -= static_cast<int32_t>(drop);
  return rows;
}

bool draw_ruler(const PhaseOptions& o, Rng& rng) { return o.ruler_fraction > 0 && chance(rng) < o.ruler_fraction; }

// A whole short document from BOS, or the last `tail` inputs of a longer one; no crossbatch.
// RULER documents never fit one window, so theirs are always tails holding the queried needle.
std::vector<Row> plain_row(const PhaseOptions& o, const DocumentMaker& maker, int64_t window, int32_t doc, Rng& rng) {
  if (draw_ruler(o, rng)) {
    // A few draws for one whose queried needle fits in a window before its end; the window then
    // starts anywhere between the needle and 3/4 of a window before the end.
    for (int attempt = 0; attempt < 4; ++attempt) {
      const RulerDocument d = o.ruler->make(uniform(o.ruler->minimum_length(), o.ruler->minimum_length() + window, rng), rng);
      const int64_t inputs = static_cast<int64_t>(d.prompt.size() + d.answer.size()) - 1;
      const int64_t needed = inputs - d.needle_token;
      if (d.needle_token < 0 || needed > window) continue;
      auto rows = tail_row(d.prompt, d.answer, uniform(std::max(needed, window * 3 / 4), window, rng), doc);
      rows.front().ruler = true;
      return rows;
    }
  }
  PasskeyDocument d;
  int64_t keep = window;
  if (chance(rng) < o.tail_fraction) {
    keep = uniform(window / 2, window, rng);
    const int64_t tokens = keep + uniform(1, 2 * window, rng);
    d = maker.with_needle_in_tail(tokens, keep, rng);
  } else {
    d = maker.sized(uniform(maker.minimum_prompt_tokens(), window - 5, rng), rng);
  }
  return tail_row(d.prompt, d.answer, keep, doc);
}

// Prompt length for a document the backend cuts into `windows` windows.
int64_t length_for_windows(int64_t windows, int64_t window, int64_t last_context, int64_t minimum, Rng& rng) {
  if (windows <= 1) return uniform(minimum, last_context, rng);
  return uniform(last_context + (windows - 2) * window + 1, last_context + (windows - 1) * window, rng);
}

Row pool_row(const DocumentMaker& maker, int64_t window, Rng& rng) {
  const int64_t tokens = chance(rng) < 0.7 ? window : uniform(window / 8, window, rng);
  Row row;
  row.inputs = chance(rng) < 0.5 ? maker.filler_window(tokens, rng) : maker.intro_window(tokens);
  row.targets.assign(row.inputs.size(), -1);
  return row;
}

double learning_rate(const PhaseOptions& o, int64_t step) {
  if (step < o.warmup) return o.lr * static_cast<double>(step + 1) / static_cast<double>(o.warmup);
  const double progress = std::min(1.0, static_cast<double>(step - o.warmup) / std::max<int64_t>(1, o.steps - o.warmup));
  return o.lr * (o.min_lr_ratio + (1.0 - o.min_lr_ratio) * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

}  // namespace

Layout sample_layout(const PhaseOptions& o, const DocumentMaker& maker, int64_t window, int64_t last_context, Rng& rng) {
  std::vector<std::vector<Row>> docs;
  std::vector<Row> pool;
  if (o.phase == "plain") {
    for (int32_t i = 0; i < o.rows; ++i) docs.push_back(plain_row(o, maker, window, i, rng));
    CrossbatchOptions none;
    none.negatives = 0;
    none.max_positives = 0;
    return build_layout(docs, {}, none, rng);
  }
  int64_t rows = 0;
  while (rows < o.rows) {
    const int64_t windows = uniform(1, std::min(o.max_windows, o.rows - rows), rng);
    const int64_t tokens = length_for_windows(windows, window, last_context, maker.minimum_prompt_tokens(), rng);
    const auto doc = static_cast<int32_t>(docs.size());
    if (draw_ruler(o, rng)) {
      const RulerDocument d = o.ruler->make(tokens, rng);
      docs.push_back(document_rows(d.prompt, d.answer, window, last_context, doc));
      for (Row& row : docs.back()) row.ruler = true;
    } else {
      const PasskeyDocument d = maker.sized(tokens, rng);
      docs.push_back(document_rows(d.prompt, d.answer, window, last_context, doc));
    }
    rows += static_cast<int64_t>(docs.back().size());
  }
  for (int64_t i = 0; i < o.pool; ++i) pool.push_back(pool_row(maker, window, rng));
  return build_layout(docs, std::move(pool), o.crossbatch, rng);
}

StepTensors to_tensors(const Layout& layout, double answer_weight) {
  const int64_t rows = static_cast<int64_t>(layout.rows.size()), queries = layout.query_rows;
  int64_t length = 1;
  for (const auto& row : layout.rows) length = std::max<int64_t>(length, static_cast<int64_t>(row.inputs.size()));
  const int64_t extras = layout.max_extras();
  std::vector<int64_t> tokens(rows * length, 0), lengths(rows), index(rows * extras, 0), targets(queries * length, -1);
  std::vector<uint8_t> valid(rows * extras, 0);
  std::vector<float> weights(queries * length, 0.0f);
  for (int64_t r = 0; r < rows; ++r) {
    const Row& row = layout.rows[r];
    lengths[r] = static_cast<int64_t>(row.inputs.size());
    for (size_t t = 0; t < row.inputs.size(); ++t) tokens[r * length + t] = row.inputs[t];
    for (size_t e = 0; e < layout.extras[r].size(); ++e) {
      index[r * extras + e] = layout.extras[r][e];
      valid[r * extras + e] = 1;
    }
    if (r >= queries) continue;
    for (size_t t = 0; t < row.targets.size(); ++t) {
      if (row.targets[t] < 0) continue;
      targets[r * length + t] = row.targets[t];
      const bool answer = row.answer_begin >= 0 && static_cast<int64_t>(t) >= row.answer_begin &&
                          static_cast<int64_t>(t) < row.answer_begin + row.answer_length;
      weights[r * length + t] = answer ? static_cast<float>(answer_weight) : 1.0f;
    }
  }
  auto as_tensor = [](auto& v, torch::ScalarType type, std::vector<int64_t> shape) {
    return torch::from_blob(v.data(), shape, type).clone();
  };
  StepTensors out;
  out.batch.tokens = as_tensor(tokens, torch::kLong, {rows, length});
  out.batch.lengths = as_tensor(lengths, torch::kLong, {rows});
  out.batch.extra_index = as_tensor(index, torch::kLong, {rows, extras});
  out.batch.extra_valid = as_tensor(valid, torch::kBool, {rows, extras});
  out.batch.query_rows = queries;
  out.targets = as_tensor(targets, torch::kLong, {queries, length});
  out.weights = as_tensor(weights, torch::kFloat, {queries, length});
  return out;
}

StepLoss step_loss(const torch::Tensor& logits, const StepTensors& step, const Layout& layout) {
  const int64_t vocab = logits.size(-1);
  auto log_probs = torch::log_softmax(logits.reshape({-1, vocab}), -1);
  auto targets = step.targets.reshape({-1});
  auto safe = targets.clamp_min(0);
  auto nll = -log_probs.gather(1, safe.unsqueeze(1)).squeeze(1);
  auto weights = step.weights.reshape({-1});
  StepLoss out;
  out.loss = (nll * weights).sum() / weights.sum().clamp_min(1e-6);

  auto predicted = logits.detach().argmax(-1);  // [Q, T]
  auto predicted_acc = predicted.accessor<int64_t, 2>();
  int64_t answers = 0, correct = 0, ruler_answers = 0, ruler_correct = 0;
  for (int64_t r = 0; r < layout.query_rows; ++r) {
    const Row& row = layout.rows[r];
    if (row.answer_begin < 0) continue;
    bool ok = true;
    for (int32_t i = 0; i < row.answer_length; ++i)
      ok = ok && predicted_acc[r][row.answer_begin + i] == row.targets[row.answer_begin + i];
    ++answers;
    correct += ok ? 1 : 0;
    ruler_answers += row.ruler ? 1 : 0;
    ruler_correct += row.ruler && ok ? 1 : 0;
  }
  out.answer_accuracy = answers ? static_cast<double>(correct) / static_cast<double>(answers) : 0.0;
  if (ruler_answers) out.ruler_accuracy = static_cast<double>(ruler_correct) / static_cast<double>(ruler_answers);
  return out;
}

PhaseResult train_phase(TinyLlama& model, const DocumentMaker& maker, const PhaseOptions& o) {
  const auto& config = model.config();
  const int64_t window = config.max_position_embeddings;
  const int64_t last_context = config.is_longllama() ? config.last_context_length : window;
  if (o.phase != "plain" && o.phase != "fot") throw std::invalid_argument("train_phase: phase must be plain or fot");
  if (o.phase == "fot" && !config.is_longllama()) throw std::invalid_argument("train_phase: fot needs mem_layers");
  if (o.ruler_fraction > 0 && o.ruler == nullptr) throw std::invalid_argument("train_phase: ruler_fraction needs a RULER maker");

  std::vector<torch::Tensor> decay, no_decay;
  for (const auto& tensor : model.parameters()) (tensor.dim() >= 2 ? decay : no_decay).push_back(tensor);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                 torch::optim::AdamWOptions(o.lr).betas({0.9, 0.95}).weight_decay(o.weight_decay)));
  groups.emplace_back(no_decay, std::make_unique<torch::optim::AdamWOptions>(
                                    torch::optim::AdamWOptions(o.lr).betas({0.9, 0.95}).weight_decay(0.0)));
  torch::optim::AdamW optimizer(groups, torch::optim::AdamWOptions(o.lr));

  std::ofstream log;
  if (!o.log_csv.empty()) {
    const bool fresh = !std::ifstream(o.log_csv).good();
    log.open(o.log_csv, std::ios::app);
    if (!log) throw std::runtime_error("cannot write " + o.log_csv);
    if (fresh) log << "phase,step,loss,answer_acc,lr,seconds,ruler_acc\n";
  }

  Rng rng(o.seed);
  const auto start = std::chrono::steady_clock::now();
  std::deque<double> recent_acc, recent_loss, recent_ruler;
  PhaseResult result;
  model.train();
  for (int64_t step = 0; step < o.steps; ++step) {
    const double lr = learning_rate(o, step);
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
    const Layout layout = sample_layout(o, maker, window, last_context, rng);
    const StepTensors tensors = to_tensors(layout, o.answer_weight);
    optimizer.zero_grad();
    auto logits = model.forward(tensors.batch);
    StepLoss loss = step_loss(logits, tensors, layout);
    loss.loss.backward();
    torch::nn::utils::clip_grad_norm_(model.parameters(), o.clip);
    optimizer.step();

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double loss_value = loss.loss.item<double>();
    recent_acc.push_back(loss.answer_accuracy);
    recent_loss.push_back(loss_value);
    if (static_cast<int64_t>(recent_acc.size()) > o.stop_window) {
      recent_acc.pop_front();
      recent_loss.pop_front();
    }
    const double mean_acc = std::accumulate(recent_acc.begin(), recent_acc.end(), 0.0) / recent_acc.size();
    const double mean_loss = std::accumulate(recent_loss.begin(), recent_loss.end(), 0.0) / recent_loss.size();
    if (loss.ruler_accuracy >= 0) recent_ruler.push_back(loss.ruler_accuracy);
    if (static_cast<int64_t>(recent_ruler.size()) > o.stop_window) recent_ruler.pop_front();
    const double mean_ruler = recent_ruler.empty() ? -1.0
                              : std::accumulate(recent_ruler.begin(), recent_ruler.end(), 0.0) / recent_ruler.size();
    if (log)
      log << fmt::format("{},{},{:.6f},{:.4f},{:.6g},{:.2f},{}\n", o.phase, step + 1, loss_value, loss.answer_accuracy,
                         lr, seconds, loss.ruler_accuracy >= 0 ? fmt::format("{:.4f}", loss.ruler_accuracy) : "")
          << std::flush;
    if ((step + 1) % o.print_every == 0 || step + 1 == o.steps)
      std::cout << fmt::format("[{}] step {:5d}  loss {:.4f}  answer acc (last {}) {:.3f}  RULER {:.3f}  lr {:.2e}  {:.0f}s",
                               o.phase, step + 1, mean_loss, recent_acc.size(), mean_acc, mean_ruler, lr, seconds)
                << std::endl;
    result.steps = step + 1;
    result.seconds = seconds;
    result.final_loss = mean_loss;
    result.final_accuracy = mean_acc;
    result.losses.push_back(loss_value);
    if (o.stop_accuracy > 0 && static_cast<int64_t>(recent_acc.size()) == o.stop_window && mean_acc >= o.stop_accuracy) {
      std::cout << fmt::format("[{}] stopping at step {}: answer accuracy {:.3f} over the last {} steps", o.phase,
                               step + 1, mean_acc, o.stop_window)
                << std::endl;
      break;
    }
  }
  return result;
}

}  // namespace fot::train
