// `generate --shard`: which part of the export this process writes.
//   i/N    part i of N (0-based);
//   auto   a Kubernetes Indexed Job's pod: i from JOB_COMPLETION_INDEX, N from --shard-count or,
//          without it, TENANTSIM_SHARD_COUNT (set it to the Job's completions; deploy/kubernetes/).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/result.h"

namespace tenantsim::cli {

struct ShardChoice {
  int index = 0;
  int count = 1;
};

// `env` reads an environment variable (nullopt when unset); tests pass their own.
Result<ShardChoice> parseShard(const std::string& text, std::optional<int> shardCount,
                               const std::function<std::optional<std::string>(const char*)>& env);

// The output path with every "{shard}" replaced by the index, so each pod of one Job (same
// arguments) writes its own file.
std::string shardOutputPath(std::string path, int index);

}  // namespace tenantsim::cli
