#include "mockserver/auth/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace tenantsim::auth {
namespace {

void setErrno(std::string* error, const std::string& what) {
  if (error) *error = what + ": " + std::strerror(errno);
}

// Writes a uniquely named temporary sibling of path and returns its name ("" on failure).
std::filesystem::path writeTemporary(const std::filesystem::path& path, std::string_view contents,
                                     unsigned int mode, std::string* error) {
  std::random_device random;
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(getpid()) + "." + std::to_string(random());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    setErrno(error, "cannot create " + temporary.string());
    return {};
  }
  ::fchmod(fd, mode);  // exactly mode, whatever the umask
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      setErrno(error, "cannot write " + temporary.string());
      ::close(fd);
      ::unlink(temporary.c_str());
      return {};
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    setErrno(error, "cannot flush " + temporary.string());
    ::unlink(temporary.c_str());
    return {};
  }
  return temporary;
}

}  // namespace

bool writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                         unsigned int mode, std::string* error) {
  std::filesystem::path temporary = writeTemporary(path, contents, mode, error);
  if (temporary.empty()) return false;
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    setErrno(error, "cannot rename to " + path.string());
    ::unlink(temporary.c_str());
    return false;
  }
  return true;
}

CreateOutcome createFileExclusively(const std::filesystem::path& path, std::string_view contents,
                                    unsigned int mode, std::string* error) {
  std::filesystem::path temporary = writeTemporary(path, contents, mode, error);
  if (temporary.empty()) return CreateOutcome::kFailed;
  int result = ::link(temporary.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(temporary.c_str());
  if (result == 0) return CreateOutcome::kCreated;
  if (link_errno == EEXIST) return CreateOutcome::kAlreadyExists;
  errno = link_errno;
  setErrno(error, "cannot publish " + path.string());
  return CreateOutcome::kFailed;
}

std::optional<std::string> readWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return contents.str();
}

}  // namespace tenantsim::auth
