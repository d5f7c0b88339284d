#include "harness/execution/prefix_state_cache.h"

namespace fot {

PrefixStateCache::Lookup PrefixStateCache::get(const std::shared_ptr<LanguageModel>& model, const std::string& key,
                                               const std::function<std::unique_ptr<PrefixState>()>& compute) {
  std::promise<std::shared_ptr<const PrefixState>> promise;
  Future found;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.remove_if([](const Entry& e) { return e.model.expired(); });
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->key != key || it->address != model.get() || it->model.lock() != model) continue;
      entries_.splice(entries_.begin(), entries_, it);
      found = it->state;
      break;
    }
    if (!found.valid()) {
      entries_.push_front(Entry{model, model.get(), key, promise.get_future().share()});
      while (entries_.size() > capacity_) entries_.pop_back();
    }
  }
  // Waited for outside the lock: another caller may still be computing it.
  if (found.valid()) return {found.get(), false};
  try {
    std::shared_ptr<const PrefixState> state = compute();
    promise.set_value(state);
    return {std::move(state), true};
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.remove_if([&](const Entry& e) { return e.key == key && e.address == model.get(); });
    throw;
  }
}

size_t PrefixStateCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace fot
