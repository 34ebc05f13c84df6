#pragma once
// Where the KBS is when no --kbs-url is given, and the key files KBS clients read: shared by
// `cococtl kbs`, `cococtl attest check` and install's verify stage.

#include <cococtl/kube/cluster.hpp>
#include <cococtl/util/result.hpp>
#include <cococtl/workspace/options.hpp>

#include <string>
#include <string_view>

namespace cococtl::install::attest {

// The KBS URL from the cluster's `kbs` Route (trustee-operator-system): "https://" + spec.host,
// else the host the router admitted; "" when there is no such Route or it cannot be read.
std::string kbs_route_url(kube::Cluster& cluster);

// The KBS URL when none is given: the Route's (cluster may be null), else
// "https://kbs.<global.hubClusterDomain>". Fails (invalid_input) when neither is known.
util::Result<std::string> default_kbs_url(kube::Cluster* cluster, const workspace::Options& workspace);

// The file `flag_value` names, else `default_name` in the secrets folder. Fails (invalid_input or
// failure, as util::read_file) with `what` and a hint naming `flag` and `cococtl secrets generate`.
util::Result<std::string> read_key_file(const workspace::Options& workspace, const std::string& flag_value,
                                        std::string_view flag, std::string_view default_name, std::string_view what);

}  // namespace cococtl::install::attest
