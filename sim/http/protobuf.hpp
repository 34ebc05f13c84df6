#pragma once
// The Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) for the few request bodies
// kubectl sends as protobuf and the simulator accepts: the self-subject reviews (auth can-i,
// auth whoami) and `kubectl create` of Namespaces, ConfigMaps, Secrets and ServiceAccounts.
// Responses are always JSON, which those clients accept.

#include "sim/common/json_util.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cococtl::sim {

// Decodes `body` to the object's JSON form. nullopt (and `error`) when the envelope is broken or
// the kind is not one of those listed above.
std::optional<json> decode_protobuf_object(std::string_view body, std::string& error);

}  // namespace cococtl::sim
