// The prefix states the executor shares between requests (the few-shot tasks' demonstrations): one
// state per (model, variant, shared context), read once and reused by every batch of requests that
// extends it, even when two workers ask for it at once (the second waits for the first's result).
// At most `capacity` states are kept (a 3B model's 8K state is GBs), the least recently used dropped
// first; a state in use stays alive with its users. Models are told apart by identity (a weak
// reference, so a state of a released model is never handed to a later one that happens to reuse
// its address) plus a key naming everything else that shapes the state.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "models/language_model.h"

namespace fot {

class PrefixStateCache {
 public:
  explicit PrefixStateCache(size_t capacity = 2) : capacity_(capacity) {}

  struct Lookup {
    std::shared_ptr<const PrefixState> state;
    bool computed_here = false;  // this call read the prefix (its caller accounts for the tokens)
  };

  // The state cached for (model, key), or compute()'s result, cached. compute() runs without the
  // lock; if it throws, nothing is cached and the error reaches every caller waiting for it.
  Lookup get(const std::shared_ptr<LanguageModel>& model, const std::string& key,
             const std::function<std::unique_ptr<PrefixState>()>& compute);

  size_t size() const;

 private:
  using Future = std::shared_future<std::shared_ptr<const PrefixState>>;
  struct Entry {
    std::weak_ptr<LanguageModel> model;
    const LanguageModel* address = nullptr;
    std::string key;
    Future state;
  };
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
};

}  // namespace fot
