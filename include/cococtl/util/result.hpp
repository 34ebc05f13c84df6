#pragma once
// Errors as values: every fallible cococtl function returns Result<T>. Errors carry the
// exit-code class so the single catch point in cli::run can map them to the documented codes.

#include <string>
#include <utility>
#include <variant>

namespace cococtl::util {

// The documented process exit codes (README, `cococtl --help`).
enum class ExitCode : int {
  ok = 0,
  failure = 1,        // runtime failure (network, I/O, server refused)
  usage = 2,          // bad command line
  invalid_input = 3,  // values, secrets, kubeconfig, auth files...
  check_failed = 4,   // a check ran and found a problem
  timed_out = 5,      // waiting for readiness ran out of time
  interrupted = 130,  // SIGINT
};

struct Error {
  ExitCode code = ExitCode::failure;
  std::string message;

  // Prefixes the message with where/what failed: "apply Deployment kbs/kbs: HTTP 422: ...".
  Error&& context(const std::string& what) && {
    message = what + ": " + message;
    return std::move(*this);
  }
};

inline Error failure(std::string message) { return {ExitCode::failure, std::move(message)}; }
inline Error invalid_input(std::string message) { return {ExitCode::invalid_input, std::move(message)}; }
inline Error usage_error(std::string message) { return {ExitCode::usage, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : m_state(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(m_state); }
  const T& value() const& { return std::get<T>(m_state); }
  T&& value() && { return std::get<T>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<Error>(m_state); }
  Error&& error() && { return std::get<Error>(std::move(m_state)); }

  // Adds context to the error, if any; the value passes through untouched.
  Result context(const std::string& what) && {
    if (ok()) return std::move(*this);
    return std::move(*this).error().context(what);
  }

 private:
  std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT: implicit by design

  bool ok() const { return !m_failed; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return m_error; }
  Error&& error() && { return std::move(m_error); }

  Result context(const std::string& what) && {
    if (ok()) return {};
    return std::move(m_error).context(what);
  }

 private:
  Error m_error;
  bool m_failed = false;
};

}  // namespace cococtl::util

#define COCO_CONCAT_INNER(a, b) a##b
#define COCO_CONCAT(a, b) COCO_CONCAT_INNER(a, b)

// COCO_TRY(expr): returns the error of a failed Result<...> from the enclosing function.
#define COCO_TRY(expr)                                          \
  do {                                                          \
    auto&& coco_try_result_ = (expr);                           \
    if (!coco_try_result_.ok()) {                               \
      return std::move(coco_try_result_).error();               \
    }                                                           \
  } while (false)

// COCO_TRY_ASSIGN(decl, expr): `decl = value` on success, early return of the error otherwise.
#define COCO_TRY_ASSIGN(decl, expr) COCO_TRY_ASSIGN_IMPL(COCO_CONCAT(coco_result_, __LINE__), decl, expr)
#define COCO_TRY_ASSIGN_IMPL(tmp, decl, expr)  \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
