#pragma once
// Rendering: values + key material -> the complete, ordered object set of one topology, from
// the templates compiled into the binary. Pure: no file, network or clock access.

#include <cococtl/manifest/object.hpp>
#include <cococtl/util/result.hpp>
#include <cococtl/values/secret_file.hpp>
#include <cococtl/values/values.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::render {

// Key material by logical name (see k_material_names); missing items render as placeholders.
using Material = std::map<std::string, std::string>;

// The logical names render understands, e.g. "kbs-tls-cert", "kbs-ca-cert", "kbs-admin-public-key".
const std::vector<std::string>& material_names();

struct RenderInputs {
  const values::Values* values = nullptr;      // required, validated
  const values::SecretFile* secrets = nullptr;  // optional values-secret file
  Material material;                            // key material from the secrets directory
  std::optional<std::string> measurements_json;  // <secrets-dir>/measurements.json (pcr update)
};

// An operator the rendered Subscriptions install, and the version cococtl must approve.
struct OperatorPin {
  std::string key;             // values key under clusterGroup.subscriptions ("sandbox", "trustee"), or "kyverno"
  std::string package;         // Subscription spec.name (also the Subscription's name)
  std::string namespace_name;  // where the Subscription lives
  std::string channel;
  std::string csv;      // the pinned ClusterServiceVersion (startingCSV); "" when any version will do
  bool manual = false;  // installPlanApproval: Manual (cococtl approves exactly `csv`)
};

struct RenderResult {
  std::vector<manifest::Object> objects;  // sorted for apply (manifest::sort_for_apply)
  std::vector<std::string> placeholders;  // secret inputs that were missing, rendered as placeholders
  std::vector<OperatorPin> operators;     // one per rendered Subscription, in render order
};

// Renders every enabled component of the topology. Fails (failure) when a template produces
// invalid YAML or an object fails manifest::check_object — a template bug, not a user error —
// and with invalid_input when values are unusable (e.g. a bad measurements file).
util::Result<RenderResult> render(const RenderInputs& inputs);

struct SecretFieldRef {
  std::string secret;  // values-secret entry name ("pccs")
  std::string field;   // its field ("api_key")
};

// The values-secret fields a render of `values` reads (whether `secrets` has them or not), in
// render order; those it does not list are not delivered. Never fails.
std::vector<SecretFieldRef> secret_fields_read(const values::Values& values, const values::SecretFile* secrets);

// The value rendered in place of missing key material `name` (render/unfilled.hpp finds it).
std::string placeholder_for(const std::string& name);

}  // namespace cococtl::render
