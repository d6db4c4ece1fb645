// Checks that bytes are text: well-formed UTF-8 (RFC 3629: no overlong forms, no UTF-16
// surrogates, nothing above U+10FFFF, no truncated sequence) and free of control characters.
// The one copy for every input a client sends as text (query options, form bodies).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tenantsim {

struct TextProblem {
  size_t offset = 0;   // of the first byte of the offending sequence or character
  std::string reason;  // "overlong encoding of U+002F", "control character U+0000", ...
};

// The first way bytes are not well-formed UTF-8, or nullopt when they are.
std::optional<TextProblem> findInvalidUtf8(std::string_view bytes);

// The first C0 control character (U+0000 to U+001F, except the tab U+0009) or DEL (U+007F), or
// nullopt. Bytes of multi-byte sequences are never mistaken for one.
std::optional<TextProblem> findControlCharacter(std::string_view bytes);

// Either problem, the first in the bytes: what a text input must not hold.
std::optional<TextProblem> findTextProblem(std::string_view bytes);

// "<reason> at byte <offset>", for an error's detail (never echoes the bytes themselves).
std::string describe(const TextProblem& problem);

}  // namespace tenantsim
