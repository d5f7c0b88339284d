// Progress on stderr: samples done/total, elapsed time and an ETA by cost. Samples differ in cost
// by orders of magnitude (a 16K-token prompt against a 96-token one) and the longest run last, so
// the ETA divides the estimated cost still to do (sample_cost) by the rate measured on the cost done
// so far, not the samples left by the mean sample rate. A redrawn bar on a terminal, plain lines
// (at most every few seconds) otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace fot {

class Progress {
 public:
  using Clock = std::function<double()>;  // seconds, monotonic
  // total: samples this run will compute; total_cost: their summed estimated cost.
  Progress(int64_t total, double total_cost, std::ostream& out, bool terminal, Clock clock = {});
  ~Progress();  // ends an unfinished bar's line, so an error message starts on its own line
  void tick(const std::string& what, double cost);  // one sample of this estimated cost finished
  void finish();

  // Seconds left by cost (negative when unknown yet).
  double eta_seconds() const;

  static bool stderr_is_terminal();

 private:
  void draw(bool final);
  int64_t total_, done_ = 0;
  double total_cost_, done_cost_ = 0.0;
  std::ostream& out_;
  bool terminal_;
  Clock clock_;
  std::string last_what_;
  double start_ = 0.0, last_draw_ = 0.0;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace fot
