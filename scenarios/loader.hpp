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
// An error about a value written by --set names the override ("--set k=v: k: got ..."), not
// the file line it replaced. spec.hash covers the file's bytes and the overrides other than the
// seed and the policy name (both stored beside it); spec.overrides holds those overrides.
ScenarioSpec load(const std::string& path, const std::vector<std::string>& overrides = {});

// The same from text already read (the fuzzer and tests); `path` names the text in errors and
// resolves trace files.
ScenarioSpec load_text(const std::string& bytes, const std::string& path,
                       const std::vector<std::string>& overrides = {});

// Reads a scenario file with the loader's checks: a regular file (a FIFO or a device would
// block or never end), at most 16 MiB. Throws ScenarioError.
std::string read_scenario_file(const std::string& path);

// The sweep's cross product as override lists, in a stable order (first axis slowest).
std::vector<std::vector<std::string>> sweep_points(const ScenarioSpec& spec);

}  // namespace a2iot::scenarios
