// Peak RSS of loading a bf16 checkpoint and running it once (every weight page touched), against
// the size of its weights. Writes a random 3B-shaped bf16 safetensors checkpoint (26 layers by
// default: 6.85 GB; --layers N for fewer), then measures a child process that maps and runs it.
// usage: load_rss_bench [--layers N] [--dir DIR]      target: peak RSS <= 1.15 x weights
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/random_checkpoint.h"
#include "models/checkpoint/safetensors_writer.h"
#include "models/llama/llama_model.h"

namespace {

int64_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  return -1;
}

void write_checkpoint(const std::string& dir, int64_t layers) {
  fot::bench::Shapes shapes;
  shapes.layers = 1;  // one layer's random weights, reused for every layer (writing is the slow part)
  auto one = fot::bench::random_checkpoint(shapes, at::kBFloat16);
  fot::TensorMap tensors;
  for (const auto& [name, tensor] : one.tensors) {
    if (name.rfind("model.layers.0.", 0) != 0) {
      tensors[name] = tensor;
      continue;
    }
    for (int64_t i = 0; i < layers; ++i)
      tensors["model.layers." + std::to_string(i) + "." + name.substr(15)] = tensor;
  }
  std::filesystem::create_directories(dir);
  fot::write_safetensors(dir + "/model.safetensors", tensors);
  std::ofstream(dir + "/config.json") << "{\"vocab_size\": 32000, \"hidden_size\": 3200, \"intermediate_size\": 8640, "
                                      << "\"num_hidden_layers\": " << layers
                                      << ", \"num_attention_heads\": 32, \"max_position_embeddings\": 2048, "
                                      << "\"torch_dtype\": \"bfloat16\"}\n";
}

// In the child: load, run 8 tokens through every layer, print the peak RSS.
int measure(const std::string& dir) {
  auto checkpoint = fot::load_checkpoint(dir);
  fot::validate_llama_tensors(checkpoint);
  int64_t weight_bytes = 0;
  for (const auto& [name, tensor] : checkpoint.tensors) weight_bytes += tensor.numel() * tensor.element_size();
  fot::LlamaModel model(checkpoint, "");
  auto cache = model.make_cache();
  model.forward({1, 2, 3, 4, 5, 6, 7, 8}, cache, fot::LogitsFor::kLast);
  const int64_t peak = peak_rss_bytes();
  std::cout << "weights (bf16): " << weight_bytes / 1e9 << " GB\n"
            << "peak RSS after load + one forward: " << peak / 1e9 << " GB\n"
            << "ratio peak RSS / weights: " << static_cast<double>(peak) / weight_bytes << " (target <= 1.15)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t layers = 26;
  std::string dir = std::filesystem::temp_directory_path() / "fot_load_rss_bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--layers")) layers = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--measure")) return measure(argv[i + 1]);
  }
  std::cerr << "writing a " << layers << "-layer 3B-shaped bf16 checkpoint to " << dir << "\n";
  write_checkpoint(dir, layers);
  // A fresh process, so nothing from writing the file counts towards the peak.
  const pid_t child = fork();
  if (child == 0) {
    execl("/proc/self/exe", argv[0], "--measure", dir.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  std::filesystem::remove_all(dir);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
