// Which part of a sharded run a process computes (`fot-eval run --shard K/N`).
#pragma once

#include <cstdint>
#include <string>

namespace fot {

struct ShardSpec {
  int64_t index = 0;  // 0 .. count-1 (Slurm's array task ids)
  int64_t count = 1;
};

// "K/N" with 0 <= K < N; throws fot::InputError naming `flag`.
ShardSpec parse_shard(const std::string& text, const std::string& flag = "--shard");

}  // namespace fot
