// Files that appear whole or not at all: written under a unique temporary name beside the target
// and renamed over it when complete, so readers (another replica, a rerun, a crash) see the old
// file or the new one, never a partial one.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tenantsim {

struct FileOptions {
  unsigned permissions = 0644;  // exactly these, whatever the umask
  // fsync before the rename, so the new contents survive a power loss too (keys, certificates).
  bool durable = false;
  bool createParents = true;  // create missing parent directories
};

// Writes contents to path atomically.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           const FileOptions& options = {});

enum class CreateOutcome { Created, AlreadyExists };

// Like writeFileAtomically, but only if path does not exist yet (hard-link publish): when several
// processes race, exactly one gets Created and the others AlreadyExists.
Result<CreateOutcome> createFileExclusively(const std::filesystem::path& path,
                                            std::string_view contents,
                                            const FileOptions& options = {});

// The whole file.
Result<std::string> readWholeFile(const std::filesystem::path& path);

// A file written piece by piece under a temporary name and renamed to its path by commit();
// destroyed uncommitted, it removes the temporary file.
class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  Status open(const std::filesystem::path& path, const FileOptions& options = {});
  Status write(std::string_view bytes);
  Status commit();  // flushes, closes and renames
  // Like commit(), but publishes only if path does not exist yet (a hard link, so of racing
  // writers exactly one gets Created).
  Result<CreateOutcome> commitUnlessExists();
  bool isOpen() const { return file_ != nullptr; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void discard();
  Status close();  // flushes and closes the temporary file (removed on failure)

  std::FILE* file_ = nullptr;
  std::filesystem::path path_, temporary_;
  FileOptions options_;
};

}  // namespace tenantsim
