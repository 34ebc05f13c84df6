// The resource policies `cococtl kbs set-resource-policy` offers. Trustee evaluates
// data.policy.allow with the EAR claims as input and {"plugin","resource-path","query"} as data.
#include <cococtl/kbs/policies.hpp>

namespace cococtl::kbs {

// Byte for byte templates/trustee/files/resource-policy.rego (tests/kbs checks it).
std::string_view affirming_resource_policy() {
  return R"rego(package policy

import rego.v1

# Release a resource only when every attested device is "affirming".
default allow := false

allow if {
	count(input.submods) > 0
	every _, submod in input.submods {
		submod["ear.status"] == "affirming"
	}
}
)rego";
}

std::string_view allow_all_resource_policy() {
  return R"rego(package policy

import rego.v1

# Release every resource to every attested client, the non-TEE sample attester included.
# For development only: it defeats the purpose of confidential computing.
default allow := false

allow if {
	data.plugin == "resource"
}
)rego";
}

std::string_view deny_all_resource_policy() {
  return R"rego(package policy

import rego.v1

# Release nothing.
default allow := false
)rego";
}

}  // namespace cococtl::kbs
