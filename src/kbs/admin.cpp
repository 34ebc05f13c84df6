// Admin API calls. Bodies follow Trustee's admin handlers exactly: policies are base64url
// without padding (the KBS decodes with URL_SAFE_NO_PAD and rejects anything else), resources
// are raw bytes, reference values are RVPS "sample" messages.
#include "transport.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/kbs/admin.hpp>
#include <cococtl/kbs/errors.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace cococtl::kbs {
namespace {

constexpr const char* k_json = "application/json";

bool valid_name(std::string_view name, std::string_view extra) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
  });
}

util::Result<void> check_reference_name(std::string_view name) {
  if (valid_name(name, "_.-")) return {};
  return util::invalid_input("reference value name " + util::quote_for_message(name) +
                             " must be letters, digits, '_', '.' or '-'");
}

}  // namespace

class AdminClient::Impl {
 public:
  Impl(std::unique_ptr<detail::Transport> transport, crypto::PrivateKey key, AdminTokenOptions options)
      : m_transport(std::move(transport)), m_key(std::move(key)), m_options(std::move(options)) {}

  // One authenticated call; `what` names it in errors ("set resource default/a/b").
  util::Result<net::Response> call(const std::string& what, const std::string& method, const std::string& path,
                                   std::string body = {}, const char* content_type = nullptr) {
    COCO_TRY_ASSIGN(const auto token, make_admin_token(m_key, m_options));
    detail::Headers headers{{"Authorization", "Bearer " + token}};
    if (content_type) headers.emplace_back("Content-Type", content_type);
    COCO_TRY_ASSIGN(auto response, m_transport->send(method, path, std::move(body), std::move(headers)).context(what));
    if (!detail::succeeded(response)) return response_error(response, what, true);
    return response;
  }

 private:
  std::unique_ptr<detail::Transport> m_transport;
  crypto::PrivateKey m_key;
  AdminTokenOptions m_options;
};

AdminClient::AdminClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
AdminClient::~AdminClient() = default;

util::Result<std::unique_ptr<AdminClient>> AdminClient::create(const Endpoint& endpoint, crypto::PrivateKey admin_key,
                                                               AdminTokenOptions options) {
  COCO_TRY(make_admin_token(admin_key, options));  // the key and options are usable
  COCO_TRY_ASSIGN(auto transport, detail::Transport::create(endpoint));
  auto impl = std::make_unique<Impl>(std::move(transport), std::move(admin_key), std::move(options));
  return std::unique_ptr<AdminClient>(new AdminClient(std::move(impl)));
}

util::Result<void> AdminClient::set_resource(const ResourcePath& path, std::string_view bytes) {
  COCO_TRY(m_impl->call("set resource " + path.str(), "POST", "resource/" + path.str(), std::string(bytes),
                        "application/octet-stream"));
  return {};
}

util::Result<void> AdminClient::delete_resource(const ResourcePath& path) {
  COCO_TRY(m_impl->call("delete resource " + path.str(), "DELETE", "resource/" + path.str()));
  return {};
}

util::Result<void> AdminClient::set_attestation_policy(std::string_view rego, std::string_view policy_id) {
  if (!valid_name(policy_id, "_-")) {
    return util::invalid_input("attestation policy id " + util::quote_for_message(policy_id) +
                               " must be letters, digits, '_' or '-'");
  }
  const nlohmann::json body{{"type", "rego"}, {"policy_id", policy_id}, {"policy", crypto::base64_encode(rego, true)}};
  COCO_TRY(m_impl->call(fmt::format("set attestation policy {}", policy_id), "POST", "attestation-policy", body.dump(),
                        k_json));
  return {};
}

util::Result<void> AdminClient::set_resource_policy(std::string_view rego) {
  const nlohmann::json body{{"policy", crypto::base64_encode(rego, true)}};
  COCO_TRY(m_impl->call("set resource policy", "POST", "resource-policy", body.dump(), k_json));
  return {};
}

util::Result<void> AdminClient::set_reference_value(std::string_view name, const nlohmann::json& value) {
  COCO_TRY(check_reference_name(name));
  COCO_TRY(m_impl->call(fmt::format("set reference value {}", name), "POST", "reference-value",
                        reference_value_message(name, value).dump(), k_json));
  return {};
}

util::Result<nlohmann::json> AdminClient::get_reference_value(std::string_view name) {
  COCO_TRY(check_reference_name(name));
  const std::string what = fmt::format("get reference value {}", name);
  COCO_TRY_ASSIGN(const auto response, m_impl->call(what, "GET", "reference-value/" + std::string(name)));
  auto value = nlohmann::json::parse(response.body, nullptr, false);
  if (value.is_discarded()) return util::failure(what + ": the KBS answer is not JSON");
  return value;
}

nlohmann::json reference_value_message(std::string_view name, const nlohmann::json& value) {
  const nlohmann::json payload{{std::string(name), value}};
  return {{"version", "0.1.0"}, {"type", "sample"}, {"payload", crypto::base64_encode(payload.dump())}};
}

}  // namespace cococtl::kbs
