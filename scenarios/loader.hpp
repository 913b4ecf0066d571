#pragma once
// Reads and validates a scenario file. Every problem found is reported, not only the first.
#include <string>
#include <vector>

#include "scenarios/scenario_error.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::scenarios {

// overrides are "key.path=value" strings (from --set and sweep points) applied to the YAML tree
// before validation. A path segment that meets a list selects the element whose id (or name)
// equals the segment, e.g. "devices.cam.count=100" or "workload.0.rate=5/s".
// Throws ScenarioError carrying every error (each one line: file:line: key: got 'v', expected ...).
ScenarioSpec load(const std::string& path, const std::vector<std::string>& overrides = {});

// The sweep's cross product as override lists, in a stable order (first axis slowest).
std::vector<std::vector<std::string>> sweep_points(const ScenarioSpec& spec);

}  // namespace a2iot::scenarios
