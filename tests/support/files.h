// Reading test inputs: whole files, and paths in the source tree (TENANTSIM_SOURCE_DIR, set by
// CMakeLists.txt's tenantsim_tests()).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace tenantsim::testing {

// The bytes of the file at path ("" when it cannot be read).
inline std::string readFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A path inside the checkout, e.g. sourcePath("scenarios/quickstart.json").
inline std::filesystem::path sourcePath(std::string_view relative) {
  return std::filesystem::path(TENANTSIM_SOURCE_DIR) / relative;
}

}  // namespace tenantsim::testing
