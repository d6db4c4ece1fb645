#include "app/shard.h"

#include <charconv>

namespace tenantsim::cli {
namespace {

std::optional<int> parseCount(std::string_view text) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

Result<ShardChoice> parseShard(const std::string& text, std::optional<int> shardCount,
                               const std::function<std::optional<std::string>(const char*)>& env) {
  ShardChoice choice;
  if (text == "auto") {
    std::optional<std::string> index = env("JOB_COMPLETION_INDEX");
    if (!index)
      return plainError(
          "--shard auto reads JOB_COMPLETION_INDEX (a Kubernetes Indexed Job sets it); it is "
          "not set");
    std::optional<int> i = parseCount(*index);
    if (!i) return plainError("JOB_COMPLETION_INDEX must be a whole number, got '" + *index + "'");
    std::optional<int> n = shardCount;
    if (!n) {
      std::optional<std::string> fromEnv = env("TENANTSIM_SHARD_COUNT");
      if (!fromEnv)
        return plainError(
            "--shard auto needs the number of shards: --shard-count N or TENANTSIM_SHARD_COUNT "
            "(the Job's completions)");
      n = parseCount(*fromEnv);
      if (!n)
        return plainError("TENANTSIM_SHARD_COUNT must be a whole number, got '" + *fromEnv + "'");
    }
    if (*n < 1 || *i >= *n)
      return plainError("--shard auto: JOB_COMPLETION_INDEX " + std::to_string(*i) +
                        " is not below the shard count " + std::to_string(*n));
    return ShardChoice{*i, *n};
  }
  size_t slash = text.find('/');
  std::optional<int> i =
      slash == std::string::npos ? std::nullopt : parseCount(text.substr(0, slash));
  std::optional<int> n =
      slash == std::string::npos ? std::nullopt : parseCount(text.substr(slash + 1));
  if (!i || !n || *n < 1 || *i >= *n)
    return plainError("--shard must be i/N with 0 <= i < N, or auto, got '" + text + "'");
  if (shardCount && *shardCount != *n)
    return plainError("--shard-count goes with --shard auto (or equals N in --shard i/N)");
  choice.index = *i;
  choice.count = *n;
  return choice;
}

std::string shardOutputPath(std::string path, int index) {
  const std::string placeholder = "{shard}";
  for (size_t at = path.find(placeholder); at != std::string::npos; at = path.find(placeholder, at))
    path.replace(at, placeholder.size(), std::to_string(index));
  return path;
}

}  // namespace tenantsim::cli
