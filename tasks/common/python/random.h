// Python's random.Random (CPython 3.x, checked against Debian's 3.11): random.seed(n) and
// random.Random(n) for an integer n, random(), getrandbits(k), randrange, randint, choice, choices
// (without weights), shuffle and sample, drawing exactly what Python draws for the same seed and
// calls. The generator is std::mt19937, whose twist and tempering the C++ standard fixes; only the
// seeding is Python's own (init_by_array over the seed's 32-bit words), fed through the engine's
// seed-sequence constructor.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fot::python {

class PythonRandom {
 public:
  explicit PythonRandom(uint64_t seed);  // random.Random(seed); a negative Python seed n means abs(n)
  void seed(uint64_t seed);             // random.seed(seed)

  uint32_t next_u32();  // genrand_uint32
  double random();      // random.random(): 53 bits from two draws
  // getrandbits(k), 0 <= k <= 64, as one integer.
  uint64_t getrandbits(int k);
  // getrandbits(k) for any k >= 0: the integer's 32-bit words, least significant first.
  std::vector<uint32_t> getrandbits_words(int k);
  uint64_t randbelow(uint64_t n);  // _randbelow(n), n >= 1: getrandbits(n.bit_length()) until below n
  int64_t randrange(int64_t stop);  // randrange(stop), stop >= 1
  int64_t randrange(int64_t start, int64_t stop, int64_t step = 1);
  int64_t randint(int64_t a, int64_t b);  // randrange(a, b + 1)

  // random.sample(range(n), k): the positions random.sample(population, k) takes, in draw order.
  std::vector<size_t> sample_indices(size_t n, size_t k);
  // random.choices(range(n), k=k): floor(random() * n), k times.
  std::vector<size_t> choices_indices(size_t n, size_t k);

  template <typename T>
  const T& choice(const std::vector<T>& items) {
    if (items.empty()) throw std::out_of_range("choice: cannot choose from an empty sequence");
    return items[randbelow(items.size())];
  }
  // random.shuffle(x): for i from n-1 down to 1, swap x[i] with x[randbelow(i+1)].
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i-- > 1;) std::swap(items[i], items[randbelow(i + 1)]);
  }
  template <typename T>
  std::vector<T> sample(const std::vector<T>& population, size_t k) {
    std::vector<T> out;
    for (size_t i : sample_indices(population.size(), k)) out.push_back(population[i]);
    return out;
  }
  template <typename T>
  std::vector<T> choices(const std::vector<T>& population, size_t k) {
    std::vector<T> out;
    for (size_t i : choices_indices(population.size(), k)) out.push_back(population[i]);
    return out;
  }

 private:
  std::mt19937 engine_;
};

// str(uuid.UUID(int=random.getrandbits(128), version=4)): 36 characters, lower-case hex.
std::string uuid4_string(PythonRandom& random);

}  // namespace fot::python
