#pragma once
// The attestation token: an EAR (IETF RATS Entity Attestation Result) JWT signed ES256 by the
// attestation service, whose certificate chain travels in the header's "jwk" as "x5c".

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::kbs {

// Verifies an EAR token and returns its claims: alg ES256; an "x5c" chain (standard base64 DER,
// leaf first; inside "jwk" as Trustee sends it, or at the header's top level) that verifies to
// one of `trusted` now; a header "jwk", when present, equal to the leaf's key; the signature; an
// "exp" that has not passed (60 s leeway) and any "nbf". Fails (ExitCode::failure) saying which check
// failed, e.g. "attestation token: JWT has expired", "attestation token: signer CN=...: certificate
// chain does not verify: ...". Fails (invalid_input) when `trusted` is empty.
util::Result<nlohmann::json> verify_ear(std::string_view token, const std::vector<crypto::Certificate>& trusted);

// "ear.status" of each entry of "submods" ("cpu0" -> "affirming"); entries without one are left out.
std::map<std::string, std::string> ear_statuses(const nlohmann::json& claims);

}  // namespace cococtl::kbs
