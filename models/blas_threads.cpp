#include "models/blas_threads.h"

#include <dlfcn.h>

namespace fot {
namespace {

using GetThreads = int (*)();
using SetThreads = void (*)(int);

GetThreads get_function() { return reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")); }
SetThreads set_function() { return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")); }

}  // namespace

int blas_threads() {
  static const GetThreads get = get_function();
  return get ? get() : 0;
}

bool set_blas_threads(int threads) {
  static const SetThreads set = set_function();
  if (!set) return false;
  set(threads);
  return true;
}

ScopedBlasThreads::ScopedBlasThreads(int threads) : previous_(blas_threads()) {
  if (previous_ > 0 && previous_ != threads) set_blas_threads(threads);
}

ScopedBlasThreads::~ScopedBlasThreads() {
  if (previous_ > 0 && blas_threads() != previous_) set_blas_threads(previous_);
}

}  // namespace fot
