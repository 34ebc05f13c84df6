#pragma once
// Installing one operator exactly at its pinned version through OLM.

#include "context.hpp"

#include <cococtl/render/render.hpp>

namespace cococtl::install {

// For a Manual subscription with a pin, approves exactly the InstallPlan whose
// spec.clusterServiceVersionNames contains the pin and whose phase is RequiresApproval (found
// by listing and watching InstallPlans, never through status.installPlanRef, which moves on to
// newer plans) - never a newer one. Then waits until the Subscription's installedCSV is the pin,
// the CSV has Succeeded and the CRDs it owns are Established, and returns the installed CSV and
// its CRDs. Not for dry runs (nothing is installed to wait for). Fails (check_failed) when another version is already installed, (failure) when the
// plan or CSV fails, (timed_out) after options.timeouts.operator_install.
util::Result<OperatorRecord> install_operator(Context& context, const render::OperatorPin& pin);

}  // namespace cococtl::install
