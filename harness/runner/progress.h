// Progress on stderr: samples done/total, rate, ETA. A redrawn bar on a terminal, plain lines
// (at most every few seconds) otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace fot {

class Progress {
 public:
  // total: samples this run will compute; resumed: samples already done before it started.
  Progress(int64_t total, int64_t resumed, std::ostream& out, bool terminal);
  ~Progress();  // ends an unfinished bar's line, so an error message starts on its own line
  void tick(const std::string& what);  // one sample finished
  void finish();

  static bool stderr_is_terminal();

 private:
  void draw(bool final);
  using Clock = std::chrono::steady_clock;
  int64_t total_, resumed_, done_ = 0;
  std::ostream& out_;
  bool terminal_;
  std::string last_what_;
  Clock::time_point start_, last_draw_;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace fot
