#include "harness/execution/progress.h"

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

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Progress::Progress(int64_t total, double total_cost, std::ostream& out, bool terminal, Clock clock)
    : total_(total),
      total_cost_(total_cost),
      out_(out),
      terminal_(terminal),
      clock_(clock ? std::move(clock) : Clock(steady_seconds)),
      start_(clock_()),
      last_draw_(start_) {}

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

double Progress::eta_seconds() const {
  if (done_cost_ <= 0) return -1;
  return (total_cost_ - done_cost_) * (clock_() - start_) / done_cost_;
}

void Progress::tick(const std::string& what, double cost) {
  ++done_;
  done_cost_ += cost;
  last_what_ = what;
  const double since = clock_() - last_draw_;
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
  last_draw_ = clock_();
  drawn_ = true;
  const double elapsed = last_draw_ - start_;
  const double share = total_cost_ > 0 ? 100.0 * done_cost_ / total_cost_ : 100.0;
  const std::string counts =
      fmt::format("{}/{} samples ({:.1f}% of the estimated cost), elapsed {}, ETA {}", done_, total_, share,
                  duration(elapsed), final ? "0s" : duration(eta_seconds()));
  if (terminal_) {
    const int width = 30;
    const int filled = static_cast<int>(width * std::min(1.0, share / 100.0));
    out_ << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << counts;
    if (!final) out_ << "  " << last_what_.substr(0, 40) << "\x1b[K";
    if (final) out_ << "\x1b[K\n";
  } else {
    out_ << "progress: " << counts << (final || last_what_.empty() ? "" : " (" + last_what_ + ")") << "\n";
  }
  out_.flush();
}

}  // namespace fot
