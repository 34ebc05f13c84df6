#pragma once
// Kubernetes `Status` failures as values: every API operation of the simulator returns
// ApiResult<T>; the HTTP layer turns an ApiError into the Status body a real server sends.

#include "sim/common/json_util.hpp"

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cococtl::sim {

struct StatusCause {
  std::string reason;  // serialized as "reason" (the cause type)
  std::string message;
  std::string field;
};

struct ApiError {
  int code = 500;
  std::string reason;
  std::string message;
  json details = nullptr;  // {name, group, kind, causes, retryAfterSeconds} when known
  int retry_after_seconds = 0;

  // The meta/v1 Status object for this failure.
  json to_status() const;
};

// The group-qualified resource as messages spell it: "configmaps", "deployments.apps".
std::string qualified_resource(const std::string& group, const std::string& plural);

ApiError not_found(const std::string& group, const std::string& plural, const std::string& name);
ApiError already_exists(const std::string& group, const std::string& plural, const std::string& name);
ApiError conflict(const std::string& group, const std::string& plural, const std::string& name, const std::string& why);
ApiError invalid(const std::string& group, const std::string& kind, const std::string& name,
                 const std::vector<StatusCause>& causes);
ApiError bad_request(std::string message);
ApiError forbidden(std::string message, const std::string& group, const std::string& plural, const std::string& name);
ApiError unauthorized();
ApiError method_not_allowed(std::string message);
ApiError unsupported_media_type(std::string message);
ApiError gone(std::string message);
ApiError internal_error(std::string message);

template <typename T>
class [[nodiscard]] ApiResult {
 public:
  ApiResult(T value) : m_state(std::move(value)) {}          // NOLINT: implicit by design
  ApiResult(ApiError error) : m_state(std::move(error)) {}   // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(m_state); }
  T& value() & { return std::get<T>(m_state); }
  const T& value() const& { return std::get<T>(m_state); }
  T&& value() && { return std::get<T>(std::move(m_state)); }
  const ApiError& error() const& { return std::get<ApiError>(m_state); }
  ApiError&& error() && { return std::get<ApiError>(std::move(m_state)); }

 private:
  std::variant<T, ApiError> m_state;
};

struct Ok {};
using ApiStatus = ApiResult<Ok>;

}  // namespace cococtl::sim

// SIM_TRY(expr): returns the ApiError of a failed ApiResult from the enclosing function.
#define SIM_TRY(expr)                                                  \
  do {                                                                 \
    auto&& sim_try_result_ = (expr);                                   \
    if (!sim_try_result_.ok()) return std::move(sim_try_result_).error(); \
  } while (false)

#define SIM_CONCAT_INNER(a, b) a##b
#define SIM_CONCAT(a, b) SIM_CONCAT_INNER(a, b)
// SIM_TRY_ASSIGN(decl, expr): `decl = value` on success, early return of the ApiError otherwise.
#define SIM_TRY_ASSIGN(decl, expr) SIM_TRY_ASSIGN_IMPL(SIM_CONCAT(sim_result_, __LINE__), decl, expr)
#define SIM_TRY_ASSIGN_IMPL(tmp, decl, expr)   \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
