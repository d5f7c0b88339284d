#include "models/checkpoint/safetensors_header.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/input_error.h"

namespace fot {
namespace {

using nlohmann::json;

constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // the limit of the reference implementation

std::string parse_dtype(const std::string& path, const std::string& name, const json& entry) {
  auto it = entry.find("dtype");
  if (it == entry.end() || !it->is_string())
    throw InputError(fmt::format("{}: tensor '{}': field 'dtype' is missing or not a string", path, name));
  const auto dtype = it->get<std::string>();
  if (dtype == "F32" || dtype == "F16" || dtype == "BF16") return dtype;
  static const char* const kKnown[] = {"F64", "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL",
                                       "F8_E4M3", "F8_E5M2"};
  for (const char* known : kKnown) {
    if (dtype == known)
      throw InputError(fmt::format("{}: tensor '{}': dtype {} is not supported (only F32, F16, BF16)", path, name, dtype));
  }
  throw InputError(fmt::format("{}: tensor '{}': unknown dtype '{}'", path, name, dtype));
}

std::vector<int64_t> parse_shape(const std::string& path, const std::string& name, const json& entry) {
  auto it = entry.find("shape");
  if (it == entry.end() || !it->is_array())
    throw InputError(fmt::format("{}: tensor '{}': field 'shape' is missing or not an array", path, name));
  std::vector<int64_t> shape;
  for (const auto& dim : *it) {
    if (!dim.is_number_unsigned())
      throw InputError(fmt::format("{}: tensor '{}': field 'shape' holds {}, not a non-negative integer", path, name,
                                   dim.dump()));
    const auto value = dim.get<uint64_t>();
    if (value > static_cast<uint64_t>(INT64_MAX))
      throw InputError(fmt::format("{}: tensor '{}': field 'shape' holds a too large dimension {}", path, name, value));
    shape.push_back(static_cast<int64_t>(value));
  }
  return shape;
}

SafetensorsEntry parse_entry(const std::string& path, const std::string& name, const json& entry, uint64_t data_bytes) {
  if (!entry.is_object()) throw InputError(fmt::format("{}: tensor '{}': header entry is not a JSON object", path, name));
  SafetensorsEntry e{name, parse_dtype(path, name, entry), parse_shape(path, name, entry), 0, 0};
  auto offsets = entry.find("data_offsets");
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
      !(*offsets)[1].is_number_unsigned())
    throw InputError(
        fmt::format("{}: tensor '{}': field 'data_offsets' must be two non-negative integers", path, name));
  e.begin = (*offsets)[0].get<uint64_t>();
  e.end = (*offsets)[1].get<uint64_t>();
  if (e.begin > e.end)
    throw InputError(fmt::format("{}: tensor '{}': data_offsets [{}, {}] begin after end", path, name, e.begin, e.end));
  if (e.end > data_bytes)
    throw InputError(fmt::format(
        "{}: tensor '{}': data_offsets [{}, {}] out of range of the data section ({} bytes; file truncated?)", path,
        name, e.begin, e.end, data_bytes));
  uint64_t expected = safetensors_element_size(e.dtype);
  for (int64_t dim : e.shape) {
    if (__builtin_mul_overflow(expected, static_cast<uint64_t>(dim), &expected))
      throw InputError(fmt::format("{}: tensor '{}': shape [{}] is impossibly large", path, name,
                                   fmt::join(e.shape, ", ")));
  }
  if (e.end - e.begin != expected)
    throw InputError(fmt::format("{}: tensor '{}': data_offsets [{}, {}] hold {} bytes, but shape [{}] needs {}", path,
                                 name, e.begin, e.end, e.end - e.begin, fmt::join(e.shape, ", "), expected));
  return e;
}

}  // namespace

uint64_t safetensors_element_size(const std::string& dtype) { return dtype == "F32" ? 4 : 2; }

SafetensorsHeader parse_safetensors_header(const uint8_t* data, uint64_t size, const std::string& path) {
  if (size < 8)
    throw InputError(fmt::format("{}: {} bytes, too short for a safetensors header (file truncated?)", path, size));
  uint64_t header_bytes = 0;
  std::memcpy(&header_bytes, data, 8);  // little-endian, as is this machine
  if (header_bytes > size - 8)
    throw InputError(fmt::format("{}: safetensors header length {} is larger than the file ({} bytes)", path,
                                 header_bytes, size));
  if (header_bytes > kMaxHeaderBytes)
    throw InputError(fmt::format("{}: safetensors header length {} exceeds the limit of {} bytes", path, header_bytes,
                                 kMaxHeaderBytes));
  json header;
  try {
    const auto* begin = reinterpret_cast<const char*>(data + 8);
    header = json::parse(begin, begin + header_bytes);
  } catch (const json::exception& error) {  // parse_error, or out_of_range for a number like 1e999
    throw InputError(fmt::format("{}: safetensors header is not valid JSON: {}", path, error.what()));
  }
  if (!header.is_object()) throw InputError(fmt::format("{}: safetensors header is not a JSON object", path));

  SafetensorsHeader result;
  result.data_start = 8 + header_bytes;
  const uint64_t data_bytes = size - result.data_start;
  std::vector<SafetensorsEntry>& entries = result.entries;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    entries.push_back(parse_entry(path, name, entry, data_bytes));
  }
  std::sort(entries.begin(), entries.end(), [](const SafetensorsEntry& a, const SafetensorsEntry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  const SafetensorsEntry* furthest = nullptr;  // the non-empty tensor reaching furthest so far
  for (const SafetensorsEntry& current : entries) {
    if (current.begin == current.end) continue;
    if (furthest != nullptr && current.begin < furthest->end)
      throw InputError(fmt::format("{}: tensors '{}' and '{}' overlap (data_offsets [{}, {}] and [{}, {}])", path,
                                   furthest->name, current.name, furthest->begin, furthest->end, current.begin,
                                   current.end));
    if (furthest == nullptr || current.end > furthest->end) furthest = &current;
  }
  return result;
}

}  // namespace fot
