#pragma once
// A battery-powered device must drain: its CPU power (busy and idle, every DVFS state) and the
// power of the radio it uses (the kind of its first link) must be known, from the catalog or the
// scenario's `power:` override. Otherwise its battery would never move however much it computes
// or sends, and its requests' energy would be unknown. Run before anything is simulated (the
// unified validator, and Simulation::run as a safety net).
#include <vector>

#include "common/input_error.hpp"
#include "devices/catalog.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::sim {

// One error per device entry (a group is reported once), naming file:line, the device, the
// missing figures and the `power:` key that fixes it. Empty when every battery device drains.
std::vector<common::InputError> power_errors(const scenarios::ScenarioSpec& spec,
                                             const devices::Catalog& catalog);

}  // namespace a2iot::sim
