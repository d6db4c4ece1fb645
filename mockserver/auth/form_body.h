// Parsing of application/x-www-form-urlencoded request bodies (the token endpoint's input).
// Tolerant in the ways real clients need: '+' is a space, '%XX' is decoded case-insensitively, a
// '%' not followed by two hex digits is kept literally (Wazuh sends unencoded values), empty
// pairs ("a=1&&b=2") are skipped, and a key without '=' has an empty value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tenantsim::auth {

class FormBody {
 public:
  struct Field {
    std::string name;
    std::string value;
  };

  static constexpr size_t kDefaultMaxBytes = 64 * 1024;

  // Returns nullopt only when body is longer than max_bytes.
  static std::optional<FormBody> parse(std::string_view body, size_t maxBytes = kDefaultMaxBytes);

  // The first value given for name (names are case-sensitive, as in OAuth 2.0), or nullptr.
  // Later duplicates are kept in fields() but ignored here.
  const std::string* find(std::string_view name) const;

  // The first value for name, or "" when absent.
  std::string_view get(std::string_view name) const;

  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::vector<Field> fields_;
};

}  // namespace tenantsim::auth
