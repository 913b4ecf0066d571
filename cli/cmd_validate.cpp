// `a2iot validate SCENARIO...`: checks scenario files without running anything, through the
// same validation that `run` and `sweep` apply first (sim::ScenarioValidator), sweep points
// included. Every error of every file is printed (one line each, file:line: key: got 'value',
// expected ...), so a user fixes them all in one pass. Exit 0 when all files are valid, 2
// otherwise.
#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/scenario_error.hpp"
#include "sim/scenario_validator.hpp"

namespace a2iot::cli {

static const CommandRegistrar validate_command(
    "validate", "Check scenario files: print every error (file:line), run nothing", 20,
    [](CLI::App& sub) -> std::function<int()> {
        auto files = std::make_shared<std::vector<std::string>>();
        auto overrides = std::make_shared<std::vector<std::string>>();
        auto policies = std::make_shared<std::vector<std::string>>();
        auto limits_text = std::make_shared<std::pair<std::string, std::string>>();
        auto db = std::make_shared<std::string>("results.db");
        sub.add_option("scenarios", *files, "Scenario files (*.yaml)")->required();
        sub.add_option("--set", *overrides,
                       "Override a key before validating, e.g. devices.cam.count=100 "
                       "(repeatable; applies to every file)");
        sub.add_option("--policy", *policies,
                       "Also check that these policies can run the scenarios (as run --policy)");
        sub.add_option("--max-requests", limits_text->first, "As in run");
        sub.add_option("--max-db-size", limits_text->second, "As in run");
        sub.add_option("--db", *db,
                       "The database a run would write (its folder's free space sets the "
                       "default --max-db-size)")
            ->capture_default_str();
        sub.footer(
            "Exit code: 0 when every file is valid (one 'ok FILE' line each), 2 otherwise, with "
            "every error on stderr as 'file:line: key: got 'value', expected ...'.");
        return [files, overrides, policies, limits_text, db]() {
            sim::RunLimits limits = sim::RunLimits::defaults(*db);
            limits.set_from_options(limits_text->first, limits_text->second);
            const sim::ScenarioValidator validator(limits);
            bool all_ok = true;
            for (const auto& file : *files) {
                std::vector<std::string> errors;
                try {
                    const auto spec = validator.load(file, *overrides, *policies);
                    // A sweep's points are what `sweep` runs: check them as it will.
                    if (!spec.sweep.empty()) validator.load_sweep(file, *overrides);
                } catch (const scenarios::ScenarioError& e) {
                    for (const auto& err : e.errors()) errors.push_back(err.what());
                }
                if (errors.empty()) {
                    fmt::print("ok {}\n", file);
                    continue;
                }
                all_ok = false;
                for (const auto& line : errors) fmt::print(stderr, "{}\n", line);
            }
            std::fflush(stdout);
            return all_ok ? 0 : 2;
        };
    });

}  // namespace a2iot::cli
