// Crash- and race-safe file writes for keys and certificates that several server replicas share.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tenantsim::auth {

// Writes contents to a temporary file in the same directory (created with `mode`), fsyncs it and
// renames it over path. Readers see the old or the new file, never a partial one.
bool writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                         unsigned int mode, std::string* error);

enum class CreateOutcome { kCreated, kAlreadyExists, kFailed };

// Like writeFileAtomically, but only if path does not exist yet (hard-link publish): when several
// processes race, exactly one kCreated wins and the others see kAlreadyExists.
CreateOutcome createFileExclusively(const std::filesystem::path& path, std::string_view contents,
                                    unsigned int mode, std::string* error);

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> readWholeFile(const std::filesystem::path& path);

}  // namespace tenantsim::auth
