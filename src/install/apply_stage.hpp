#pragma once
// What every stage that writes objects does: record them in the inventory (whether each existed
// before), apply them wave by wave in the one apply order, and after each wave wait until the
// wave's objects (and what they roll out: a MachineConfig's pool, a KbsConfig's KBS Deployment)
// are ready by their readiness rules.

#include "context.hpp"
#include "waiter.hpp"

#include <vector>

namespace cococtl::install {

// Applies `objects` (one stage's) and waits for them. Fails (failure) naming every object that
// could not be applied, or with the first wait failure.
util::Result<void> apply_and_wait(Context& context, std::vector<manifest::Object> objects);

// What to wait for after applying `wave` (objects of one wave): objects with a readiness rule
// worth waiting for, plus the MachineConfigPools that render their MachineConfigs and the
// Deployments operators create for them. Pure; exposed for tests.
std::vector<WaitItem> waits_after(const std::vector<manifest::Object>& wave);

// Records `objects` in the inventory (created = absent from the cluster now) and saves it, so a
// kill -9 during the apply that follows still leaves an inventory naming everything cococtl may
// have created.
util::Result<void> record_members(Context& context, const std::vector<manifest::Object>& objects);

}  // namespace cococtl::install
