#pragma once
// Resource policies (Rego, `package policy`, rule `allow`) matching Trustee's sample policies.

#include <string_view>

namespace cococtl::kbs {

// Releases a resource only when every attested device is "affirming" (Trustee affirming.rego;
// the same rule cococtl renders into the resource-policy ConfigMap).
std::string_view affirming_resource_policy();
// Releases every resource to every attested client, including the non-TEE sample attester.
std::string_view allow_all_resource_policy();
// Releases nothing.
std::string_view deny_all_resource_policy();

}  // namespace cococtl::kbs
