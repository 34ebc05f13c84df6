#pragma once
// Kata/CoCo initdata computed offline: the TOML document the guest receives (aa.toml, cdh.toml,
// the agent policy), its pod annotation and the digests the TEE evidence binds it to. Follows
// Trustee's initdata spec and the coco-pattern's init-data playbook and templates.

#include <cococtl/crypto/digest.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <vector>

namespace cococtl::render {

struct InitdataInputs {
  enum class Flavour { default_policy, debug };

  std::string kbs_url;                                // "https://kbs.<hubClusterDomain>"
  std::string kbs_ca_pem;                             // the KBS HTTPS CA the guest trusts
  std::string security_policy_flavour = "insecure";  // kbs:///default/security-policy/<this>
  crypto::DigestAlgorithm algorithm = crypto::DigestAlgorithm::sha256;
  Flavour flavour = Flavour::default_policy;  // default: exec/stream denied but the two probes; debug: all
  // Optional cdh.toml [image] extras (later pattern versions): the registry credential resource
  // and extra registry CA certificates. Empty = not written.
  std::string registry_credentials_uri;
  std::vector<std::string> extra_root_certificates;
};

struct Initdata {
  std::string toml;         // the exact document; every digest below is over these bytes
  std::string aa_toml;      // the [data] values, as a TOML reader returns them
  std::string cdh_toml;
  std::string policy_rego;
  std::string annotation;   // io.katacontainers.config.hypervisor.cc_init_data: base64(gzip(toml)), no wrapping
  std::string algorithm;    // "sha256" | "sha384" | "sha512"
  std::string digest_hex;   // algorithm(toml)
  std::string pcr8_hex;     // sha256(32 zero bytes || digest truncated/padded to 32 bytes): Azure vTPM PCR8
  std::string mrconfigid_hex;  // TDX MRCONFIGID: digest zero-padded/truncated to 48 bytes
  std::string host_data_hex;   // SNP HOST_DATA: digest truncated/padded to 32 bytes
};

inline constexpr const char* k_initdata_annotation = "io.katacontainers.config.hypervisor.cc_init_data";

// "default" / "debug".
std::string_view flavour_name(InitdataInputs::Flavour flavour);

// Parses flavour_name() output. Fails (invalid_input) otherwise.
util::Result<InitdataInputs::Flavour> parse_flavour(std::string_view name);

// Builds the document and its encodings. Byte-for-byte reproducible for the same inputs.
// Fails (invalid_input) when kbs_url is not an https:// URL without quotes or whitespace, the
// policy flavour is not [A-Za-z0-9._-]+, or a certificate is not a PEM CERTIFICATE block (they
// are embedded in TOML strings and must not be able to end them).
util::Result<Initdata> build_initdata(const InitdataInputs& inputs);

}  // namespace cococtl::render
