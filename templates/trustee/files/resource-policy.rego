package policy

import rego.v1

# Release a resource only when every attested device is "affirming".
default allow := false

allow if {
	count(input.submods) > 0
	every _, submod in input.submods {
		submod["ear.status"] == "affirming"
	}
}
