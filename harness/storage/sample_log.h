// samples.jsonl: one JSON line per finished sample, appended with a single write() and flushed to
// disk (fdatasync) before the next sample starts, so a killed run loses at most the sample in flight.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace fot {

class SampleLog {
 public:
  // flush_each_line: fdatasync after every line (the sample log); off for informative logs (timings).
  explicit SampleLog(std::string path, bool flush_each_line = true);
  ~SampleLog();
  SampleLog(const SampleLog&) = delete;
  SampleLog& operator=(const SampleLog&) = delete;

  struct Loaded {
    std::map<std::string, nlohmann::json> by_key;  // "key" field -> record
    int64_t torn_lines = 0;                        // an incomplete last line, dropped
    int64_t duplicates = 0;                        // repeated keys (the first is kept)
  };
  // Reads the existing file (if any) for --resume. An incomplete or unparsable last line is a torn
  // write: it is cut off the file. A bad line elsewhere is fot::InputError naming file and line.
  Loaded load();
  // Reads the file without changing it (for `report`): any incomplete or unparsable line is
  // fot::InputError naming file and line; a missing file is fot::InputError too.
  static Loaded read(const std::string& path);
  // Empties the file (a fresh run).
  void start_fresh();
  // The line append() writes for a record (also what `merge` writes, so merged logs read the same).
  static std::string line(const nlohmann::json& record);
  // Appends one record as one line; throws std::runtime_error when the write fails.
  void append(const nlohmann::json& record);

  const std::string& path() const { return path_; }

 private:
  void open_for_append();
  std::string path_;
  int fd_ = -1;
  bool flush_each_line_ = true;
};

}  // namespace fot
