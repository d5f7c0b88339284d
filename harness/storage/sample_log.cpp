#include "harness/storage/sample_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/input_error.h"
#include "common/nonfinite_json.h"

namespace fot {

SampleLog::SampleLog(std::string path, bool flush_each_line) : path_(std::move(path)), flush_each_line_(flush_each_line) {}

SampleLog::~SampleLog() {
  if (fd_ >= 0) ::close(fd_);
}

void SampleLog::open_for_append() {
  if (fd_ >= 0) return;
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path_ + ": " + std::strerror(errno));
}

SampleLog::Loaded SampleLog::load() {
  Loaded out;
  std::ifstream in(path_, std::ios::binary);
  if (!in) return out;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  size_t pos = 0, good_end = 0;
  int64_t line_number = 0;
  while (pos < text.size()) {
    ++line_number;
    size_t end = text.find('\n', pos);
    const bool complete = end != std::string::npos;
    const std::string line = text.substr(pos, complete ? end - pos : std::string::npos);
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    const bool valid = !record.is_discarded() && record.is_object() && record.contains("key");
    if (!complete || !valid) {
      if (complete && end + 1 < text.size())
        throw InputError(path_ + ":" + std::to_string(line_number) +
                         ": not a sample record; the file is damaged (start a new run without --resume)");
      ++out.torn_lines;
      break;
    }
    const std::string key = record["key"].get<std::string>();
    if (!out.by_key.emplace(key, std::move(record)).second) ++out.duplicates;
    pos = end + 1;
    good_end = pos;
  }
  if (good_end < text.size() && ::truncate(path_.c_str(), static_cast<off_t>(good_end)) != 0)
    throw std::runtime_error("cannot cut the torn last line off " + path_ + ": " + std::strerror(errno));
  return out;
}

SampleLog::Loaded SampleLog::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": missing: not a fot-eval run directory (no sample log)");
  Loaded out;
  std::string line;
  int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const bool complete = !in.eof();
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (!complete || record.is_discarded() || !record.is_object() || !record.contains("key") ||
        !record["key"].is_string())
      throw InputError(path + ":" + std::to_string(line_number) +
                       (complete ? ": not a sample record" : ": incomplete last line (a torn write)") +
                       "; `fot-eval run CONFIG --resume` repairs a torn last line");
    const std::string key = record["key"].get<std::string>();
    if (!out.by_key.emplace(key, std::move(record)).second) ++out.duplicates;
  }
  return out;
}

void SampleLog::start_fresh() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + path_ + ": " + std::strerror(errno));
  ::close(fd);
}

std::string SampleLog::line(const nlohmann::json& record) {
  // Invalid UTF-8 (a prediction cut inside a character) is replaced, never an error; NaN and
  // infinities are written as strings that read back as themselves (common/nonfinite_json.h).
  return with_nonfinite_as_text(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void SampleLog::append(const nlohmann::json& record) {
  open_for_append();
  const std::string line = SampleLog::line(record);
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot append to " + path_ + ": " + std::strerror(errno));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (flush_each_line_ && ::fdatasync(fd_) != 0) throw std::runtime_error("cannot flush " + path_ + ": " + std::strerror(errno));
}

}  // namespace fot
