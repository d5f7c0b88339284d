#include "tasks/common/python/random.h"

#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace fot::python {
namespace {

// A seed sequence whose generate() writes the state CPython's init_by_array(key) leaves
// (Modules/_randommodule.c). The standard's mersenne_twister_engine::seed(q) takes the n words q
// generates as the state X(-n) .. X(-1) and the next output twists them, which is what CPython does
// right after seeding (index 624).
class PythonSeedSequence {
 public:
  using result_type = uint32_t;
  explicit PythonSeedSequence(std::vector<uint32_t> key) : key_(std::move(key)) {}
  size_t size() const { return key_.size(); }
  template <typename Out>
  void param(Out out) const {
    for (uint32_t word : key_) *out++ = word;
  }

  template <typename It>
  void generate(It begin, It end) const {
    constexpr size_t kN = 624;
    if (static_cast<size_t>(end - begin) != kN) throw std::logic_error("PythonSeedSequence: MT19937 state expected");
    std::array<uint32_t, kN> mt{};
    mt[0] = 19650218u;  // init_genrand(19650218)
    for (size_t i = 1; i < kN; ++i) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + static_cast<uint32_t>(i);
    size_t i = 1, j = 0;
    for (size_t k = std::max(kN, key_.size()); k; --k) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key_[j] + static_cast<uint32_t>(j);
      ++i, ++j;
      if (i >= kN) mt[0] = mt[kN - 1], i = 1;
      if (j >= key_.size()) j = 0;
    }
    for (size_t k = kN - 1; k; --k) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
      ++i;
      if (i >= kN) mt[0] = mt[kN - 1], i = 1;
    }
    mt[0] = 0x80000000u;  // MSB is 1, assuring a non-zero initial array
    std::copy(mt.begin(), mt.end(), begin);
  }

 private:
  std::vector<uint32_t> key_;
};

int bit_length(uint64_t n) {
  int bits = 0;
  for (; n; n >>= 1) ++bits;
  return bits;
}

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

PythonRandom::PythonRandom(uint64_t seed) { this->seed(seed); }

void PythonRandom::seed(uint64_t seed) {
  // random_seed(): abs(n) as little-endian 32-bit words, at least one.
  std::vector<uint32_t> key{static_cast<uint32_t>(seed)};
  if (seed >> 32) key.push_back(static_cast<uint32_t>(seed >> 32));
  PythonSeedSequence sequence(std::move(key));
  engine_.seed(sequence);
}

uint32_t PythonRandom::next_u32() { return static_cast<uint32_t>(engine_()); }

double PythonRandom::random() {
  const uint32_t a = next_u32() >> 5, b = next_u32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

std::vector<uint32_t> PythonRandom::getrandbits_words(int k) {
  if (k < 0) throw std::invalid_argument("getrandbits: number of bits must be non-negative");
  std::vector<uint32_t> words;
  for (; k > 0; k -= 32) {
    uint32_t r = next_u32();
    if (k < 32) r >>= (32 - k);  // drops the least significant bits
    words.push_back(r);
  }
  return words;
}

uint64_t PythonRandom::getrandbits(int k) {
  if (k > 64) throw std::invalid_argument("getrandbits: more than 64 bits do not fit; use getrandbits_words");
  uint64_t value = 0;
  const std::vector<uint32_t> words = getrandbits_words(k);
  for (size_t i = 0; i < words.size(); ++i) value |= static_cast<uint64_t>(words[i]) << (32 * i);
  return value;
}

uint64_t PythonRandom::randbelow(uint64_t n) {
  if (n == 0) throw std::invalid_argument("randbelow: n must be positive");
  const int k = bit_length(n);
  uint64_t r = getrandbits(k);
  while (r >= n) r = getrandbits(k);
  return r;
}

int64_t PythonRandom::randrange(int64_t stop) {
  if (stop <= 0) throw std::invalid_argument("empty range for randrange()");
  return static_cast<int64_t>(randbelow(static_cast<uint64_t>(stop)));
}

int64_t PythonRandom::randrange(int64_t start, int64_t stop, int64_t step) {
  const int64_t width = stop - start;
  if (step == 1) {
    if (width <= 0) throw std::invalid_argument("empty range for randrange()");
    return start + static_cast<int64_t>(randbelow(static_cast<uint64_t>(width)));
  }
  if (step == 0) throw std::invalid_argument("zero step for randrange()");
  const int64_t n = step > 0 ? floor_div(width + step - 1, step) : floor_div(width + step + 1, step);
  if (n <= 0) throw std::invalid_argument("empty range for randrange()");
  return start + step * static_cast<int64_t>(randbelow(static_cast<uint64_t>(n)));
}

int64_t PythonRandom::randint(int64_t a, int64_t b) { return randrange(a, b + 1); }

std::vector<size_t> PythonRandom::sample_indices(size_t n, size_t k) {
  if (k > n) throw std::invalid_argument("sample larger than population");
  std::vector<size_t> result(k);
  size_t setsize = 21;  // CPython's estimate of when a pool list beats a set of picks
  if (k > 5) setsize += static_cast<size_t>(std::pow(4.0, std::ceil(std::log(static_cast<double>(k * 3)) / std::log(4.0))));
  if (n <= setsize) {
    std::vector<size_t> pool(n);
    for (size_t i = 0; i < n; ++i) pool[i] = i;
    for (size_t i = 0; i < k; ++i) {
      const size_t j = randbelow(n - i);
      result[i] = pool[j];
      pool[j] = pool[n - i - 1];
    }
  } else {
    std::unordered_set<size_t> selected;
    for (size_t i = 0; i < k; ++i) {
      size_t j = randbelow(n);
      while (selected.count(j)) j = randbelow(n);
      selected.insert(j);
      result[i] = j;
    }
  }
  return result;
}

std::vector<size_t> PythonRandom::choices_indices(size_t n, size_t k) {
  std::vector<size_t> result(k);
  const double size = static_cast<double>(n);
  for (size_t i = 0; i < k; ++i) result[i] = static_cast<size_t>(std::floor(random() * size));
  return result;
}

std::string uuid4_string(PythonRandom& random) {
  std::vector<uint32_t> words = random.getrandbits_words(128);  // least significant first
  words[1] = (words[1] & ~0xC0000000u) | 0x80000000u;          // variant: RFC 4122
  words[2] = (words[2] & ~0x0000F000u) | 0x00004000u;          // version 4
  char hex[33];
  std::snprintf(hex, sizeof hex, "%08x%08x%08x%08x", words[3], words[2], words[1], words[0]);
  const std::string h(hex);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace fot::python
