// Where things are in a JSON text: maps JSON paths ("$", "$.tenant.users", "$.apps[0].clientId")
// to the 1-based line they start on, so that errors found on the parsed value can point back at
// the file. The text may contain // and /* */ comments (as nlohmann's ignore_comments accepts).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tenantsim {

// The path of member `key` of the value at `parent`: "$.tenant" + "users" -> "$.tenant.users".
// Keys that are not identifiers are quoted: "$" + "a b" -> "$[\"a b\"]".
std::string jsonPathChild(std::string_view parent, std::string_view key);
// The path of element `index` of the array at `parent`: "$.apps" + 0 -> "$.apps[0]".
std::string jsonPathIndex(std::string_view parent, size_t index);

// 1-based line of the byte at `offset` (offsets past the end count as the last line).
int lineAtOffset(std::string_view text, size_t offset);

class JsonLocations {
 public:
  // Scans `text` leniently: on malformed input it records what it read before the problem.
  // Never throws. An object member is located at its key, an array element at its value.
  static JsonLocations scan(std::string_view text);

  // Line of `path`, or of its nearest recorded ancestor; 1 when nothing matches.
  int lineOf(std::string_view path) const;

 private:
  std::unordered_map<std::string, int> lines_;
  friend class JsonLocationScanner;
};

}  // namespace tenantsim
