// Passkey retrieval (docs/passkey-protocol.md) as a task, in two protocols:
//   landmark: the exact Landmark/LongLLaMA prompt, filler counted in characters (n_garbage), the
//             needle at a random character offset, key 1..49999;
//   tokens:   the same texts sized to an exact prompt length in tokens (context length minus room
//             for the answer), the needle at a chosen depth.
// Greedy decoding of as many tokens as the answer has; correct only if every token matches.
#pragma once

#include <cstdint>
#include <memory>

#include "common/config_keys.h"
#include "common/config_node.h"
#include "tasks/task.h"

namespace fot::passkey {

std::unique_ptr<Task> parse_passkey_task(const ConfigNode& entry, uint64_t run_seed);

// The keys of a passkey entry, per variant.
const ConfigSection& tokens_section();
const ConfigSection& landmark_section();

// Tokens the answer may take with this codec (the longest key), the room the tokens protocol leaves.
int64_t answer_room(const TextCodec& codec);

}  // namespace fot::passkey
