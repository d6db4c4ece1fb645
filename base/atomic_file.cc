#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "base/strings.h"

namespace tenantsim {
namespace {

Error systemError(std::string_view what, const std::filesystem::path& path, int error = errno) {
  return plainError(concat({what, " ", path.string(), ": ", std::strerror(error)}));
}

// A name beside path no other writer (thread, process or replica) uses at the same time.
std::filesystem::path temporaryName(const std::filesystem::path& path) {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t processSalt = std::random_device{}();
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(processSalt) + "." +
               std::to_string(counter.fetch_add(1));
  return temporary;
}

Status createParents(const std::filesystem::path& path) {
  if (!path.has_parent_path()) return {};
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    return plainError(concat({"cannot create ", path.parent_path().string(), ": ", ec.message()}));
  return {};
}

}  // namespace

Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           const FileOptions& options) {
  AtomicFile file;
  if (Status opened = file.open(path, options); !opened) return opened;
  if (Status written = file.write(contents); !written) return written;
  return file.commit();
}

Result<CreateOutcome> createFileExclusively(const std::filesystem::path& path,
                                            std::string_view contents, const FileOptions& options) {
  AtomicFile file;
  if (Status opened = file.open(path, options); !opened) return std::move(opened).error();
  if (Status written = file.write(contents); !written) return std::move(written).error();
  return file.commitUnlessExists();
}

Result<std::string> readWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return systemError("cannot read", path);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return systemError("cannot read", path);
  return contents.str();
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
  if (!file_) return;
  std::fclose(file_);
  file_ = nullptr;
  ::unlink(temporary_.c_str());
}

Status AtomicFile::open(const std::filesystem::path& path, const FileOptions& options) {
  discard();
  if (options.createParents)
    if (Status made = createParents(path); !made) return made;
  path_ = path;
  temporary_ = temporaryName(path);
  options_ = options;
  int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.permissions);
  if (fd < 0) return systemError("cannot create", temporary_);
  ::fchmod(fd, options.permissions);
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    Error error = systemError("cannot write", temporary_);
    ::close(fd);
    ::unlink(temporary_.c_str());
    return error;
  }
  return {};
}

Status AtomicFile::write(std::string_view bytes) {
  if (!file_) return plainError("write to a file that is not open");
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    Error error = systemError("cannot write", path_);
    discard();
    return error;
  }
  return {};
}

Status AtomicFile::close() {
  if (!file_) return plainError("commit of a file that is not open");
  bool written = std::fflush(file_) == 0 && (!options_.durable || ::fsync(::fileno(file_)) == 0);
  int error = errno;
  written = std::fclose(file_) == 0 && written;
  file_ = nullptr;
  if (!written) {
    ::unlink(temporary_.c_str());
    return systemError("cannot write", path_, error);
  }
  return {};
}

Result<CreateOutcome> AtomicFile::commitUnlessExists() {
  if (Status closed = close(); !closed) return std::move(closed).error();
  int linked = ::link(temporary_.c_str(), path_.c_str());
  int linkErrno = errno;
  ::unlink(temporary_.c_str());
  if (linked == 0) return CreateOutcome::Created;
  if (linkErrno == EEXIST) return CreateOutcome::AlreadyExists;
  return systemError("cannot publish", path_, linkErrno);
}

Status AtomicFile::commit() {
  if (Status closed = close(); !closed) return closed;
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
    Error failure = systemError("cannot rename to", path_);
    ::unlink(temporary_.c_str());
    return failure;
  }
  return {};
}

}  // namespace tenantsim
