// Initdata (Trustee kbs/docs/initdata.md): TOML with version, algorithm and a [data] table of
// literal strings. The text below follows the coco-pattern's ansible/initdata-*.toml.tpl byte for
// byte (including its spacing) so that the guest sees what the pattern's guests see; only the
// KBS URL, the CA, the policy flavour and the algorithm vary.
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/render/initdata.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::render {
namespace {

using crypto::DigestAlgorithm;

// The default agent policy: no exec, no stream I/O, except the two probes that read the
// attestation-status resource through the CDH.
constexpr std::string_view k_default_policy = R"(package agent_policy

import future.keywords.in
import future.keywords.if
import future.keywords.every

default AddARPNeighborsRequest := true
default AddSwapRequest := true
default CloseStdinRequest := true
default CopyFileRequest := true
default CreateContainerRequest := true
default CreateSandboxRequest := true
default DestroySandboxRequest := true
default GetMetricsRequest := true
default GetOOMEventRequest := true
default GuestDetailsRequest := true
default ListInterfacesRequest := true
default ListRoutesRequest := true
default MemHotplugByProbeRequest := true
default OnlineCPUMemRequest := true
default PauseContainerRequest := true
default PullImageRequest := true
default ReadStreamRequest := false
default RemoveContainerRequest := true
default RemoveStaleVirtiofsShareMountsRequest := true
default ReseedRandomDevRequest := true
default ResumeContainerRequest := true
default SetGuestDateTimeRequest := true
default SignalProcessRequest := true
default StartContainerRequest := true
default StartTracingRequest := true
default StatsContainerRequest := true
default StopTracingRequest := true
default TtyWinResizeRequest := true
default UpdateContainerRequest := true
default UpdateEphemeralMountsRequest := true
default UpdateInterfaceRequest := true
default UpdateRoutesRequest := true
default WaitProcessRequest := true
default ExecProcessRequest := false
default SetPolicyRequest := true )"  // the pattern's template has this trailing space
                                           R"(
default WriteStreamRequest := false

ExecProcessRequest if {
    input_command = concat(" ", input.process.Args)
    some allowed_command in policy_data.allowed_commands
    input_command == allowed_command
}

policy_data := {
  "allowed_commands": [
        "curl http://127.0.0.1:8006/cdh/resource/default/attestation-status/status",
        "curl http://127.0.0.1:8006/cdh/resource/default/attestation-status/random"
  ]
}
)";

// The debug agent policy: everything allowed (exec into the pod works).
constexpr std::string_view k_debug_policy = R"(package agent_policy

default AddARPNeighborsRequest := true
default AddSwapRequest := true
default CloseStdinRequest := true
default CopyFileRequest := true
default CreateContainerRequest := true
default CreateSandboxRequest := true
default DestroySandboxRequest := true
default ExecProcessRequest := true
default GetMetricsRequest := true
default GetOOMEventRequest := true
default GuestDetailsRequest := true
default ListInterfacesRequest := true
default ListRoutesRequest := true
default MemHotplugByProbeRequest := true
default OnlineCPUMemRequest := true
default PauseContainerRequest := true
default PullImageRequest := true
default ReadStreamRequest := true
default RemoveContainerRequest := true
default RemoveStaleVirtiofsShareMountsRequest := true
default ReseedRandomDevRequest := true
default ResumeContainerRequest := true
default SetGuestDateTimeRequest := true
default SetPolicyRequest := true
default SignalProcessRequest := true
default StartContainerRequest := true
default StartTracingRequest := true
default StatsContainerRequest := true
default StopTracingRequest := true
default TtyWinResizeRequest := true
default UpdateContainerRequest := true
default UpdateEphemeralMountsRequest := true
default UpdateInterfaceRequest := true
default UpdateRoutesRequest := true
default WaitProcessRequest := true
default WriteStreamRequest := true
)";

bool is_base64_line(std::string_view line) {
  return !line.empty() && std::all_of(line.begin(), line.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
  });
}

// Normalises to "\n" line ends and exactly one final newline, and refuses anything but PEM
// CERTIFICATE blocks: the text goes inside TOML strings and must not be able to close them.
util::Result<std::string> certificate_pem(std::string_view pem, std::string_view what) {
  std::string clean;
  std::remove_copy(pem.begin(), pem.end(), std::back_inserter(clean), '\r');
  const auto lines = util::split(util::trim(clean), '\n');
  bool inside = false;
  for (const auto& line : lines) {
    if (line == "-----BEGIN CERTIFICATE-----" && !inside) {
      inside = true;
    } else if (line == "-----END CERTIFICATE-----" && inside) {
      inside = false;
    } else if (!inside || !is_base64_line(line)) {
      return util::invalid_input(fmt::format("initdata: {} is not a PEM certificate", what));
    }
  }
  if (inside || lines.size() < 3) return util::invalid_input(fmt::format("initdata: {} is not a PEM certificate", what));
  return std::string(util::trim(clean)) + "\n";
}

util::Result<void> check_inputs(const InitdataInputs& in) {
  const bool bad_url = in.kbs_url.rfind("https://", 0) != 0 || in.kbs_url.size() <= 8 ||
                       std::any_of(in.kbs_url.begin(), in.kbs_url.end(), [](char c) {
                         return c == '"' || c == '\'' || c == '\\' || static_cast<unsigned char>(c) <= ' ' || c == 0x7f;
                       });
  if (bad_url) return util::invalid_input("initdata: KBS URL " + util::quote_for_message(in.kbs_url) + " is not a plain https:// URL");
  const bool bad_flavour = in.security_policy_flavour.empty() ||
                           !std::all_of(in.security_policy_flavour.begin(), in.security_policy_flavour.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                           });
  if (bad_flavour) {
    return util::invalid_input("initdata: security policy flavour " + util::quote_for_message(in.security_policy_flavour) +
                               " must be letters, digits, '.', '_' or '-'");
  }
  if (in.registry_credentials_uri.find_first_of("'\n\r") != std::string::npos) {
    return util::invalid_input("initdata: registry credentials URI must not contain quotes or newlines");
  }
  return {};
}

std::string aa_toml(const InitdataInputs& in, const std::string& cert) {
  return fmt::format(R"([token_configs]
[token_configs.coco_as]
url = "{0}"

[token_configs.kbs]
url = "{0}"
cert = """{1}"""
)",
                     in.kbs_url, cert);
}

util::Result<std::string> cdh_toml(const InitdataInputs& in, const std::string& cert) {
  std::string text = fmt::format(R"(socket = 'unix:///run/confidential-containers/cdh.sock'
credentials = []

[kbc]
name = "cc_kbc"
url = "{}"
kbs_cert = """{}"""


[image]
image_security_policy_uri = 'kbs:///default/security-policy/{}'
)",
                                 in.kbs_url, cert, in.security_policy_flavour);
  if (!in.registry_credentials_uri.empty()) {
    text += "# On baremetal (kata), CDH fetches this credential from KBS to authenticate\n"
            "# with container registries inside the CVM. On Azure peer-pods (kata-remote),\n"
            "# CDH does NOT use this URI — registry auth is handled via imagePullSecrets\n"
            "# on the workload's service account instead. Kept here for baremetal support.\n"
            "authenticated_registry_credentials_uri = '" + in.registry_credentials_uri + "'\n";
  }
  if (!in.extra_root_certificates.empty()) {
    std::vector<std::string> certs;
    for (const auto& pem : in.extra_root_certificates) {
      COCO_TRY_ASSIGN(const auto clean, certificate_pem(pem, "an extra root certificate"));
      certs.push_back("\"\"\"\n" + clean + "\"\"\"");
    }
    text += "extra_root_certificates = [" + util::join(certs, ", ") + "]\n";
  }
  return text;
}

// The digest fitted into a `size`-byte TEE field: truncated, or zero-padded at the end.
std::string fit(std::string digest, std::size_t size) {
  digest.resize(size, '\0');
  return digest;
}

util::Result<void> add_digests(Initdata& out, DigestAlgorithm algorithm) {
  COCO_TRY_ASSIGN(const auto raw, crypto::digest(algorithm, out.toml));
  out.algorithm = std::string(crypto::digest_name(algorithm));
  out.digest_hex = util::to_hex(raw);
  COCO_TRY_ASSIGN(const auto pcr8, crypto::digest(DigestAlgorithm::sha256, std::string(32, '\0') + fit(raw, 32)));
  out.pcr8_hex = util::to_hex(pcr8);
  out.mrconfigid_hex = util::to_hex(fit(raw, 48));
  out.host_data_hex = util::to_hex(fit(raw, 32));
  COCO_TRY_ASSIGN(const auto gz, crypto::gzip_compress(out.toml));
  out.annotation = crypto::base64_encode(gz);
  return {};
}

}  // namespace

std::string_view flavour_name(InitdataInputs::Flavour flavour) {
  return flavour == InitdataInputs::Flavour::debug ? "debug" : "default";
}

util::Result<InitdataInputs::Flavour> parse_flavour(std::string_view name) {
  if (name == "default") return InitdataInputs::Flavour::default_policy;
  if (name == "debug") return InitdataInputs::Flavour::debug;
  return util::invalid_input("initdata flavour " + util::quote_for_message(name) + " is not \"default\" or \"debug\"");
}

util::Result<Initdata> build_initdata(const InitdataInputs& in) {
  COCO_TRY(check_inputs(in));
  COCO_TRY_ASSIGN(const auto cert, certificate_pem(in.kbs_ca_pem, "the KBS CA"));
  Initdata out;
  out.aa_toml = aa_toml(in, cert);
  COCO_TRY_ASSIGN(out.cdh_toml, cdh_toml(in, cert));
  out.policy_rego = std::string(in.flavour == InitdataInputs::Flavour::debug ? k_debug_policy : k_default_policy);
  // A literal string must not contain ''' (the certificate check above guarantees it for ours).
  out.toml = fmt::format("algorithm = \"{}\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n{}'''\n\n"
                         "\"cdh.toml\"  = '''\n{}'''\n\n\"policy.rego\" = '''\n{}'''\n",
                         crypto::digest_name(in.algorithm), out.aa_toml, out.cdh_toml, out.policy_rego);
  COCO_TRY(add_digests(out, in.algorithm));
  return out;
}

}  // namespace cococtl::render
