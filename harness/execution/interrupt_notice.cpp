#include "harness/execution/interrupt_notice.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <algorithm>
#include <cstring>

namespace fot {
namespace {

std::atomic<int64_t> g_saved{0};
char g_before[1024];  // "\ninterrupted: "
char g_after[2048];   // " samples are saved in ...; continue with: ...\n"
struct sigaction g_old_int, g_old_term;

void write_all(const char* text, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(STDERR_FILENO, text, size);
    if (n <= 0) return;
    text += n;
    size -= static_cast<size_t>(n);
  }
}

// Only async-signal-safe calls: write(2) and _exit(2).
void on_signal(int signal) {
  char digits[24];
  int length = 0;
  int64_t value = g_saved.load();
  do {
    digits[sizeof digits - 1 - length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && length < 20);
  write_all(g_before, std::strlen(g_before));
  write_all(digits + sizeof digits - length, static_cast<size_t>(length));
  write_all(g_after, std::strlen(g_after));
  ::_exit(128 + signal);
}

void copy_text(char* out, size_t size, const std::string& text) {
  const size_t n = std::min(size - 1, text.size());
  std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

}  // namespace

InterruptNotice::InterruptNotice(const std::string& samples_path, const std::string& resume_command) {
  copy_text(g_before, sizeof g_before, "\ninterrupted: ");
  copy_text(g_after, sizeof g_after,
            " finished samples are saved in " + samples_path + "; `" + resume_command + "` continues the run\n");
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &g_old_int);
  ::sigaction(SIGTERM, &action, &g_old_term);
}

InterruptNotice::~InterruptNotice() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
}

void InterruptNotice::set_saved(int64_t samples) { g_saved.store(samples); }

}  // namespace fot
