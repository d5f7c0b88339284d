#include "harness/runner/progress.h"

#include <fmt/format.h>
#include <unistd.h>

namespace fot {
namespace {

std::string duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "?";
  auto s = static_cast<int64_t>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s / 60) % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace

Progress::Progress(int64_t total, int64_t resumed, std::ostream& out, bool terminal)
    : total_(total), resumed_(resumed), out_(out), terminal_(terminal), start_(Clock::now()), last_draw_(start_) {
  if (resumed_ > 0) out_ << fmt::format("resume: {} samples already done, {} to go\n", resumed_, total_);
  out_.flush();
}

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::tick(const std::string& what) {
  ++done_;
  last_what_ = what;
  const auto now = Clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if (terminal_ ? since >= 0.1 : since >= 5.0 || done_ == 1) draw(false);
}

Progress::~Progress() {
  if (terminal_ && drawn_ && !finished_) {
    out_ << "\n";
    out_.flush();
  }
}

void Progress::finish() {
  if (total_ > 0 && (done_ > 0 || !drawn_)) draw(true);
  finished_ = true;
}

void Progress::draw(bool final) {
  last_draw_ = Clock::now();
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(last_draw_ - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : -1;
  const std::string counts = fmt::format("{}/{} samples, {:.2f} samples/s, elapsed {}, ETA {}", done_, total_, rate,
                                         duration(elapsed), final ? "0s" : duration(eta));
  if (terminal_) {
    const int width = 30;
    const int filled = total_ > 0 ? static_cast<int>(width * done_ / total_) : width;
    out_ << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << counts;
    if (!final) out_ << "  " << last_what_.substr(0, 40) << "\x1b[K";
    if (final) out_ << "\x1b[K\n";
  } else {
    out_ << "progress: " << counts << (final || last_what_.empty() ? "" : " (" + last_what_ + ")") << "\n";
  }
  out_.flush();
}

}  // namespace fot
