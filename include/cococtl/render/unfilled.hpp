#pragma once
// Values that must never reach a cluster: the "<redacted sha256:...>" markers `cococtl render`
// writes in place of Secret values (unless --show-secrets), and the PLACEHOLDER(...) text it
// writes for key material that does not exist yet. `apply -f` and install's preflight refuse
// objects that carry either.

#include <cococtl/manifest/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cococtl::render {

// The marker render writes in place of a Secret value; `digest` identifies the value (a short
// sha256 prefix) so a reviewer sees that it changed without seeing it.
std::string redaction_marker(std::string_view digest);

struct Unfilled {
  std::string field;  // where in the object: ".data.tls.key", ".metadata.annotations.x"
  std::string what;   // "a redacted value" or "a placeholder for kbs-tls-key"
};

// Every string of `object` that is or contains a redaction marker or a key-material placeholder,
// in document order; Secret `data` values are base64-decoded first. Empty when the object is
// safe to apply. Never fails.
std::vector<Unfilled> find_unfilled(const manifest::Object& object);

}  // namespace cococtl::render
