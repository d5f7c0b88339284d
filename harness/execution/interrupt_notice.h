// Ctrl-C (SIGINT) or SIGTERM during a run: every finished sample is already on disk, so the run
// stops at once, saying how many samples are saved and the command that continues it, and exits
// 130 (SIGINT) or 143 (SIGTERM) as the shell convention has it.
#pragma once

#include <cstdint>
#include <string>

namespace fot {

class InterruptNotice {
 public:
  // resume_command: e.g. "fot-eval run c.yaml --output out --resume".
  InterruptNotice(const std::string& samples_path, const std::string& resume_command);
  ~InterruptNotice();  // restores the previous handlers
  InterruptNotice(const InterruptNotice&) = delete;
  InterruptNotice& operator=(const InterruptNotice&) = delete;
  void set_saved(int64_t samples);  // samples now in samples.jsonl
};

}  // namespace fot
