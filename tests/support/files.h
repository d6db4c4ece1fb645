// Files for tests: reading inputs whole, paths in the source tree (TENANTSIM_SOURCE_DIR, set by
// CMakeLists.txt's tenantsim_tests()), and temporary directories.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

namespace tenantsim::testing {

// The bytes of the file at path ("" when it cannot be read).
inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A path inside the checkout, e.g. sourcePath("scenarios/quickstart.json").
inline std::filesystem::path sourcePath(std::string_view relative) {
  return std::filesystem::path(TENANTSIM_SOURCE_DIR) / relative;
}

// A fresh, empty directory under the system temp dir (named prefix-pid-n), removed with
// everything in it when the TempDir goes.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "tenantsim-test") {
    static int counter = 0;
    path_ =
        std::filesystem::temp_directory_path() /
        (std::string(prefix) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  std::string operator/(std::string_view relative) const { return (path_ / relative).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace tenantsim::testing
