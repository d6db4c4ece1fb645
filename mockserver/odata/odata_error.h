// Errors of the OData query layer, returned as values (never thrown), and the small Result type
// every fallible function of this layer returns.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tenantsim::odata {

// A Graph error the server renders as {"error":{"code":…,"message":…,"innerError":{…}}}.
// `message` is exactly what Graph says (clients match on it); `detail` is our precise reason
// (e.g. "operator 'ne' is not supported on 'activityDisplayName'"), which the server may expose
// in innerError. `detail` is empty when `message` already says it all.
struct ODataError {
  int status = 400;
  std::string code = "BadRequest";
  std::string message;
  std::string detail;
};

inline ODataError badRequest(std::string message, std::string detail = {}) {
  return ODataError{400, "BadRequest", std::move(message), std::move(detail)};
}

// Joins message parts. (Also sidesteps GCC 12's false -Wrestrict on "'" + std::string at -O3.)
inline std::string concat(std::initializer_list<std::string_view> parts) {
  size_t size = 0;
  for (std::string_view part : parts) size += part.size();
  std::string joined;
  joined.reserve(size);
  for (std::string_view part : parts) joined.append(part);
  return joined;
}

// Either a value or an ODataError.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}           // NOLINT(google-explicit-constructor)
  Result(ODataError error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  const ODataError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, ODataError> state_;
};

}  // namespace tenantsim::odata
