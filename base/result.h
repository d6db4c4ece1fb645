// The one way a fallible function reports failure: it returns Result<T> (Status when there is no
// value) holding either its value or an Error. Nothing throws across a layer's boundary.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tenantsim {

// Why something failed. A plain error has only a message for a person; a Graph error also has the
// HTTP status and Graph error code it is answered with, and `detail`: our precise reason (e.g.
// "operator 'ne' is not supported on 'activityDisplayName'"), which the server may show in
// innerError. `message` is exactly Graph's text when clients match on it.
struct Error {
  int status = 0;    // HTTP status of a Graph error; 0 for a plain error
  std::string code;  // Graph error code ("BadRequest"); empty for a plain error
  std::string message;
  std::string detail;

  bool isGraph() const { return status != 0; }
};

inline Error plainError(std::string message) { return Error{0, {}, std::move(message), {}}; }
inline Error badRequest(std::string message, std::string detail = {}) {
  return Error{400, "BadRequest", std::move(message), std::move(detail)};
}

// Either a value or an error. E is Error everywhere except where a caller needs more than one
// reason at once (scenario validation returns every problem it finds).
template <typename T, typename E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

  // Precondition: !ok().
  const E& error() const& { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

  // Success or the error, without the value.
  Result<void, E> status() const&;

 private:
  std::variant<T, E> state_;
};

// Success, or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }

  // Precondition: !ok().
  const E& error() const& { return *error_; }
  E&& error() && { return std::move(*error_); }

 private:
  std::optional<E> error_;
};

template <typename T, typename E>
Result<void, E> Result<T, E>::status() const& {
  return ok() ? Result<void, E>() : Result<void, E>(error());
}

using Status = Result<void>;

}  // namespace tenantsim
