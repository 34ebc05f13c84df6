#pragma once
// What the Trustee operator mounts into the KBS pod of a KbsConfig, read from the cluster as the
// hosted test KBS's inputs (kbs/inputs.hpp). trustee-operator v1.1.0 mounts each referenced
// object at a fixed directory (the paths cococtl's kbs-config.toml names):
//   kbs-config /etc/kbs-config      auth-secret /etc/auth-secret     https-key /etc/https-key
//   https-cert /etc/https-cert      attestation-key /etc/attestation-key
//   attestation-cert /etc/attestation-cert   opa (resource policy) /opt/confidential-containers/opa
//   reference-values /opt/confidential-containers/rvps/reference-values
// and the secret-converter init container copies every key of every kbsSecretResources Secret
// into the repository as resource default/<secret>/<key>.

#include "sim/controllers/controller.hpp"

#include <cococtl/util/result.hpp>

namespace cococtl::sim {

// The inputs of KbsConfig `kbs` (in its namespace), resolving the files kbs-config.toml names
// through the mounts above. Fails (invalid_input) naming the object, key or path that is
// missing or unreadable, as the KBS pod would fail to start.
util::Result<HostedKbsInputs> collect_kbs_inputs(ControllerContext& ctx, const json& kbs);

}  // namespace cococtl::sim
