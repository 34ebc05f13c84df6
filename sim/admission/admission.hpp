#pragma once
// Mutating admission on CREATE, between defaulting and validation as in kube-apiserver: the
// built-in RuntimeClass plugin (overhead and scheduling from the Pod's RuntimeClass, or the
// Pod is refused) and the simulated Kyverno webhook's initdata mutation.

#include "sim/api/api.hpp"

namespace cococtl::sim {

// The RuntimeClass admission plugin (k8s plugin/pkg/admission/runtimeclass): a Pod naming a
// RuntimeClass gets its overhead (spec.overhead) and its scheduling.nodeSelector merged into
// spec.nodeSelector; a RuntimeClass that does not exist refuses the Pod (403).
ApiStatus admit_runtime_class(Api& api, const ResourceType& type, json& object);

// Kyverno's mutating webhook for the `inject-coco-initdata` rule shape (see README): every Ready
// ClusterPolicy/Policy whose rules match Pod CREATE with only the modelled features mutates the
// Pod. A context ConfigMap that cannot be read refuses the Pod (400), as Kyverno's webhook does.
ApiStatus admit_kyverno(Api& api, const ResourceType& type, json& object);

// Registers both with `api`.
void install_admission(Api& api);

}  // namespace cococtl::sim
