#pragma once
// The KBS attestation client (RCAR: Request, Challenge, Attestation, Response) and resource
// retrieval. Protocol 0.4.0, falling back to 0.2.0 / 0.1.1 / 0.1.0 when the KBS names one of
// those in its version-mismatch answer.

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/kbs/resource_path.hpp>
#include <cococtl/kbs/runtime_data.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::kbs {

// One kind of TEE evidence. Only the non-TEE `sample` attester exists today; a hardware attester
// implements the same two functions.
class Attester {
 public:
  virtual ~Attester() = default;
  // The TEE name the KBS expects in the Request ("sample", "tdx", "snp", ...).
  virtual std::string tee() const = 0;
  // Evidence whose report data is `report_data` (the runtime-data digest), as the JSON value the
  // KBS verifier for tee() parses. Fails when the TEE cannot produce it.
  virtual util::Result<nlohmann::json> evidence(std::string_view report_data) const = 0;
};

// Trustee's `sample` TEE: {"svn":"1","report_data":"<standard base64 of the digest>"}. No
// signature and no hardware: any machine can produce it, so a correctly configured KBS must
// never release a secret to it. This is the negative probe.
class SampleAttester final : public Attester {
 public:
  std::string tee() const override { return "sample"; }
  util::Result<nlohmann::json> evidence(std::string_view report_data) const override;
};

struct AttestOptions {
  TeeKeyType key_type = TeeKeyType::ec_p256;
  std::optional<std::string> init_data_toml{};     // sent as {"format":"toml","body":...} (0.4.0 only)
  std::vector<crypto::Certificate> token_trust{};  // the token-signing CA(s); required
};

struct Attestation {
  std::string protocol_version;                 // what the KBS accepted: "0.4.0" or an older one
  std::string tee;                              // Attester::tee()
  nlohmann::json claims;                        // the verified EAR claims
  std::map<std::string, std::string> statuses;  // submod -> ear.status
};

class AttestationClient {
 public:
  // A client attesting with `attester`. Fails (invalid_input) on a bad URL or no token CA;
  // nothing is sent yet.
  static util::Result<std::unique_ptr<AttestationClient>> create(const Endpoint& endpoint,
                                                                 std::shared_ptr<const Attester> attester,
                                                                 AttestOptions options);
  ~AttestationClient();
  AttestationClient(const AttestationClient&) = delete;
  AttestationClient& operator=(const AttestationClient&) = delete;

  // Runs the handshake with a fresh TEE key: POST /kbs/v0/auth, POST /kbs/v0/attest with the
  // session cookie, then verifies the token (verify_ear) and that it carries our nonce and key.
  // Fails with response_error() when the KBS refuses (exit 1; a version mismatch it cannot fall
  // back from shows the KBS's detail), timed_out on timeouts, failure on a bad token or answer.
  util::Result<Attestation> attest();

  // GET /kbs/v0/resource/<path> in the attested session (attest() first when there is none) and
  // decrypts the JWE with the TEE key. The plaintext is the secret: callers must not print it.
  // Fails like attest(); a refusal reads e.g. "KBS answered HTTP 401 PolicyDeny: ...".
  util::Result<std::string> get_resource(const ResourcePath& path);

  class Impl;

 private:
  explicit AttestationClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cococtl::kbs
