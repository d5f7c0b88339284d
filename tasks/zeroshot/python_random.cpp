#include "tasks/zeroshot/python_random.h"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

namespace fot::zeroshot {

namespace {
constexpr uint32_t kUpperMask = 0x80000000u, kLowerMask = 0x7fffffffu, kMatrixA = 0x9908b0dfu;
constexpr int kN = 624, kM = 397;
}  // namespace

PythonRandom::PythonRandom(uint32_t seed) {
  // init_genrand(19650218) followed by init_by_array({seed}) (Modules/_randommodule.c).
  state_[0] = 19650218u;
  for (int i = 1; i < kN; ++i) state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + i;
  const uint32_t key[1] = {seed};
  const int key_length = 1;
  int i = 1, j = 0;
  for (int k = kN > key_length ? kN : key_length; k; --k) {
    state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1664525u)) + key[j] + j;
    ++i, ++j;
    if (i >= kN) state_[0] = state_[kN - 1], i = 1;
    if (j >= key_length) j = 0;
  }
  for (int k = kN - 1; k; --k) {
    state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1566083941u)) - i;
    ++i;
    if (i >= kN) state_[0] = state_[kN - 1], i = 1;
  }
  state_[0] = 0x80000000u;
  index_ = kN;
}

uint32_t PythonRandom::next_u32() {
  if (index_ >= kN) {
    for (int k = 0; k < kN; ++k) {
      const uint32_t y = (state_[k] & kUpperMask) | (state_[(k + 1) % kN] & kLowerMask);
      state_[k] = state_[(k + kM) % kN] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
    }
    index_ = 0;
  }
  uint32_t y = state_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

uint32_t PythonRandom::getrandbits(int bits) {
  if (bits < 1 || bits > 32) throw std::invalid_argument("getrandbits: bits must be in [1, 32]");
  return next_u32() >> (32 - bits);
}

uint64_t PythonRandom::randbelow(uint64_t n) {
  if (n == 0 || n >= (uint64_t{1} << 32)) throw std::invalid_argument("randbelow: n must be in [1, 2^32)");
  int bits = 0;
  for (uint64_t m = n; m; m >>= 1) ++bits;  // n.bit_length()
  uint64_t r = getrandbits(bits);
  while (r >= n) r = getrandbits(bits);
  return r;
}

std::vector<uint32_t> PythonRandom::getrandbits_words(int bits) {
  if (bits < 1) throw std::invalid_argument("getrandbits: bits must be >= 1");
  std::vector<uint32_t> words;
  for (int left = bits; left > 0; left -= 32) words.push_back(left < 32 ? next_u32() >> (32 - left) : next_u32());
  return words;
}

double PythonRandom::random() {
  const uint32_t a = next_u32() >> 5, b = next_u32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

std::vector<size_t> PythonRandom::sample_indices(size_t n, size_t k) {
  if (k > n) throw std::invalid_argument("sample: sample larger than population");
  std::vector<size_t> result(k);
  size_t setsize = 21;  // CPython's threshold between the two algorithms
  if (k > 5) setsize += static_cast<size_t>(std::pow(4.0, std::ceil(std::log(static_cast<double>(k * 3)) / std::log(4.0))));
  if (n <= setsize) {
    std::vector<size_t> pool(n);
    std::iota(pool.begin(), pool.end(), size_t{0});
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

std::vector<size_t> evaluation_order(size_t n, long limit, uint32_t seed) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  PythonRandom(seed).shuffle(order);
  if (limit >= 0 && static_cast<size_t>(limit) < n) order.resize(static_cast<size_t>(limit));
  return order;
}

}  // namespace fot::zeroshot
