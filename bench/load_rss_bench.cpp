// Peak RSS of loading a bf16 checkpoint and running it once (every weight page touched), against
// the size of its weights. Writes a random 3B-shaped bf16 safetensors checkpoint (26 layers by
// default: 6.85 GB; --layers N for fewer), then measures a child process that maps and runs it.
// With --weights-dtype float32 the child converts the weights to fp32 at load and also times
// that against one plain read() of the file from the page cache, timed just before it, and against
// the first touch of as much fresh memory as the fp32 weights take (the floor under any conversion
// on a VM that backs guest memory lazily).
// usage: load_rss_bench [--layers N] [--dir DIR] [--tokens T] [--weights-dtype float32]
// targets: as stored, peak RSS <= 1.15 x weights; float32, peak RSS <= 1.1 x the fp32 weights and
// load time <= 3 x the read time.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

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

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Seconds to read() the whole file through a small buffer (from the page cache when it is there).
double read_file_seconds(const std::string& path) {
  std::vector<char> buffer(size_t{4} << 20);
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw std::runtime_error("cannot open " + path);
  const auto start = std::chrono::steady_clock::now();
  while (::read(fd, buffer.data(), buffer.size()) > 0) {
  }
  const double seconds = seconds_since(start);
  ::close(fd);
  return seconds;
}

// Seconds per byte to touch fresh memory for the first time, as the conversion's destination is
// touched: a private mapping with the huge-page hint, one write per 4 KiB. On a VM whose host backs
// guest memory lazily (and takes back what the guest frees, as free page reporting does), this
// first touch, not the conversion, is what loading into fp32 costs; it is probed after the load, so
// the probe cannot warm memory the load then reuses.
double first_touch_seconds_per_byte(size_t bytes) {
  void* data = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) return 0;
  ::madvise(data, bytes, MADV_HUGEPAGE);
  const auto start = std::chrono::steady_clock::now();
  auto* bytes_data = static_cast<volatile char*>(data);
  for (size_t i = 0; i < bytes; i += 4096) bytes_data[i] = 1;
  const double seconds = seconds_since(start);
  ::munmap(data, bytes);
  return seconds / static_cast<double>(bytes);
}

// In the child: load (converting with `dtype`), run `tokens` tokens through every layer, print
// the peak RSS (and, for float32, the load time against a read of the file).
int measure(const std::string& dir, const std::string& dtype, int64_t tokens) {
  double read_seconds = 0;
  if (!dtype.empty()) {
    read_file_seconds(dir + "/model.safetensors");  // brings the file into the page cache
    read_seconds = read_file_seconds(dir + "/model.safetensors");
  }
  const auto start = std::chrono::steady_clock::now();
  auto checkpoint = fot::load_checkpoint(dir);
  fot::validate_llama_tensors(checkpoint);
  int64_t stored_bytes = 0, elements = 0;
  for (const auto& [name, tensor] : checkpoint.tensors) {
    stored_bytes += tensor.numel() * tensor.element_size();
    elements += tensor.numel();
  }
  fot::LlamaModel model(checkpoint, dtype);
  const double load_seconds = seconds_since(start);
  auto cache = model.make_cache();
  std::vector<int32_t> ids(tokens);
  for (int64_t i = 0; i < tokens; ++i) ids[i] = static_cast<int32_t>(1 + (i * 7919) % 31999);
  model.forward(ids, cache, fot::LogitsFor::kLast);
  const int64_t peak = peak_rss_bytes();
  const int64_t weight_bytes = dtype == "float32" ? elements * 4 : stored_bytes;
  const char* target = dtype == "float32" ? "1.1" : "1.15";
  std::cout << "weights (" << (dtype.empty() ? "bf16, as stored" : dtype) << "): " << weight_bytes / 1e9 << " GB\n"
            << "peak RSS after load + a forward of " << tokens << " tokens: " << peak / 1e9 << " GB\n"
            << "ratio peak RSS / weights: " << static_cast<double>(peak) / weight_bytes << " (target <= " << target
            << ")\n";
  if (!dtype.empty()) {
    std::cout << "load + convert: " << load_seconds << " s; read() of the file from the page cache: " << read_seconds
              << " s\nratio load / read: " << load_seconds / read_seconds << " (target <= 3)\n";
    // At most 2 GiB, so the probe fits beside a 3B model's fp32 weights.
    const size_t probe = std::min<size_t>(static_cast<size_t>(weight_bytes), size_t{2} << 30);
    const double touch_seconds = first_touch_seconds_per_byte(probe) * static_cast<double>(weight_bytes);
    std::cout << "first touch of fresh memory as large as the fp32 weights (a " << probe / 1e9
              << " GB probe after the load, scaled): " << touch_seconds << " s\n"
              << "ratio load / (read + first touch): " << load_seconds / (read_seconds + touch_seconds) << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t layers = 26;
  std::string dir = std::filesystem::temp_directory_path() / "fot_load_rss_bench";
  std::string dtype, tokens = "8";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--layers")) layers = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--tokens")) tokens = argv[i + 1];
    if (!std::strcmp(argv[i], "--weights-dtype")) dtype = argv[i + 1];
  }
  if (argc == 5 && !std::strcmp(argv[1], "--measure")) return measure(argv[2], argv[3], std::stoll(argv[4]));
  std::cerr << "writing a " << layers << "-layer 3B-shaped bf16 checkpoint to " << dir << "\n";
  write_checkpoint(dir, layers);
  // A fresh process, so nothing from writing the file counts towards the peak.
  const pid_t child = fork();
  if (child == 0) {
    execl("/proc/self/exe", argv[0], "--measure", dir.c_str(), dtype.c_str(), tokens.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  std::filesystem::remove_all(dir);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
