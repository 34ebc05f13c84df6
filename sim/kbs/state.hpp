#pragma once
// One running KBS: the configuration built from KbsConfigInputs and the stores the admin API and
// the attestation protocol change. The server swaps a whole state on rebuild, as the operator
// restarts the KBS pod when its inputs change (sessions and admin-API changes do not survive).

#include <chrono>
#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kbs/admin_auth.hpp"
#include "kbs/config.hpp"
#include "kbs/ear.hpp"
#include "kbs/inputs.hpp"
#include "kbs/resource_policy.hpp"
#include "kbs/rvps.hpp"

namespace cococtl::sim::kbs {

struct Session {
  std::string tee;
  std::string nonce;
  std::string token;  // set once attested
  std::chrono::system_clock::time_point expires;
};

struct HttpsMaterial {
  std::vector<crypto::Certificate> chain;  // leaf first
  crypto::PrivateKey key;
};

struct KbsState {
  // Builds a state from `inputs`. Fails (invalid_input) naming the input on unusable TOML, PEM,
  // reference values, or a certificate that does not match its key.
  static util::Result<std::shared_ptr<KbsState>> build(const KbsConfigInputs& inputs, std::string protocol_version);

  KbsState(KbsSettings s, std::string version, AdminAuth a, TokenSigner t, TokenVerifier v,
           std::optional<HttpsMaterial> h)
      : settings(std::move(s)),
        protocol_version(std::move(version)),
        admin(std::move(a)),
        signer(std::move(t)),
        verifier(std::move(v)),
        https(std::move(h)) {}

  KbsSettings settings;
  std::string protocol_version;  // the only version /auth accepts ("0.4.0" as Trustee 1.1)
  AdminAuth admin;
  TokenSigner signer;
  TokenVerifier verifier;
  std::optional<HttpsMaterial> https;  // nullopt with insecure_http

  // The mutable stores, guarded by `mutex`.
  std::mutex mutex;
  std::map<std::string, std::string> resources;
  std::string resource_policy_text;
  ResourcePolicy resource_policy = ResourcePolicy::builtin_default();
  std::map<std::string, std::string> attestation_policies;  // id ("default_cpu") -> Rego
  ReferenceValues reference_values;
  std::map<std::string, Session> sessions;
};

}  // namespace cococtl::sim::kbs
