#pragma once
// The one validation path. `validate`, `run`, `sweep` (and the next runtimes) call it before
// anything runs, so what one command rejects every command rejects, and `validate` says it
// first. It adds to scenarios::load (syntax, keys, units, references) the checks that need the
// policy registry, the model cards, the device catalog and the run limits.
#include <string>
#include <vector>

#include "common/input_error.hpp"
#include "devices/catalog.hpp"
#include "scenarios/scenario_spec.hpp"
#include "sim/run_limits.hpp"
#include "sim/work_estimate.hpp"

namespace a2iot::sim {

class ScenarioValidator {
  public:
    explicit ScenarioValidator(RunLimits limits,
                               const devices::Catalog& catalog = devices::Catalog::builtin());

    // Loads `path` with `overrides` and checks it for running each of `policies` (the
    // scenario's own policy when empty; a --policy name is blamed on the command line). Throws
    // scenarios::ScenarioError with every error found.
    scenarios::ScenarioSpec load(const std::string& path, const std::vector<std::string>& overrides,
                                 const std::vector<std::string>& policies = {}) const;

    // The checks beyond the loader's, on a spec already loaded; every error, in file order.
    std::vector<common::InputError> check(const scenarios::ScenarioSpec& spec,
                                          const std::vector<std::string>& policies = {}) const;

    // A scenario's sweep points, each loaded and checked as `run` will load it (the base
    // overrides first, then the point's). Throws ScenarioError naming the point.
    std::vector<scenarios::ScenarioSpec> load_sweep(
        const std::string& path, const std::vector<std::string>& overrides) const;

    const RunLimits& limits() const { return limits_; }

  private:
    RunLimits limits_;
    const devices::Catalog& catalog_;
};

}  // namespace a2iot::sim
