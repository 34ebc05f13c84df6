#pragma once
// The kubelet's simulation of an init container that fetches a KBS resource through the pod's
// Confidential Data Hub: `curl ... http://127.0.0.1:8006/cdh/resource/<repo>/<type>/<tag>` (the
// CDH's API server, guest-components api-server-rest). In a confidential pod the CDH asks the KBS
// named in its init-data; the attestation agent attests as the TEE the runtime class launches:
//   handler kata-tdx*  -> tdx          kata-snp* -> snp
//   kata-remote        -> az-snp-vtpm (Azure peer pods)
//   kata (no TEE)      -> sample (the attester the agent falls back to)
//   no kata runtime    -> nothing listens on 127.0.0.1:8006: the fetch fails
// Init-data is the pod's io.katacontainers.config.hypervisor.cc_init_data annotation (base64 of
// gzip of the TOML), for kata-remote else the INITDATA of ConfigMap peer-pods-cm.

#include "sim/controllers/controller.hpp"

#include <optional>
#include <string>

namespace cococtl::sim {

struct CdhFetch {
  std::string container;  // the init container
  std::string resource;   // repo/type/tag
};

// The CDH resource the pod's first such init container fetches, if any.
std::optional<CdhFetch> cdh_fetch_of(const json& pod);

struct FetchOutcome {
  bool ok = false;
  std::string content;  // the resource, when ok
  std::string reason;   // why not, for the container status
};

// Runs the fetch against the KBS the pod's init-data names: the hosted one when its host
// matches, an --external-kbs host (not simulated: a placeholder is served), else it fails.
FetchOutcome run_cdh_fetch(ControllerContext& ctx, const json& pod, const CdhFetch& fetch);

}  // namespace cococtl::sim
