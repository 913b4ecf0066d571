// `a2iot validate SCENARIO...`: checks scenario files without running anything. Every error of
// every file is printed (one line each, file:line: key: got 'value', expected ...), so a user
// fixes them all in one pass. Exit 0 when all files are valid, 2 otherwise.
#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "scenarios/loader.hpp"
#include "sim/policies/policy_params.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::cli {
namespace {

using common::InputError;

std::string known_policies() {
    std::string out;
    for (const auto& n : sim::PolicyRegistry::names()) out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool is_policy(const std::string& name) {
    for (const auto& n : sim::PolicyRegistry::names())
        if (n == name) return true;
    return false;
}

// The loader checks the shape of `policy`; whether the name exists is known only to the
// registry in sim/, which the scenarios module must not depend on. Building the policy also
// checks its params (each policy reads its own).
std::vector<std::string> check_policies(const scenarios::ScenarioSpec& spec,
                                        const std::string& file) {
    std::vector<std::string> errors;
    const std::string expected = "a registered policy: " + known_policies();
    if (!is_policy(spec.policy.name)) {
        errors.push_back(
            InputError::format(file, spec.policy.loc.line, "policy", spec.policy.name, expected));
    } else {
        try {
            sim::PolicyRegistry::create(sim::PolicyParams(spec.policy));
        } catch (const InputError& e) {
            errors.push_back(e.what());
        }
    }
    for (const auto& axis : spec.sweep) {
        if (axis.key != "policy" && axis.key != "policy.name") continue;
        for (std::size_t k = 0; k < axis.values.size(); ++k)
            if (!is_policy(axis.values[k]))
                errors.push_back(InputError::format(file, axis.value_lines[k],
                                                    "sweep." + axis.key + "." + std::to_string(k),
                                                    axis.values[k], expected));
    }
    return errors;
}

}  // namespace

static const CommandRegistrar validate_command(
    "validate", "Check scenario files: print every error (file:line), run nothing", 20,
    [](CLI::App& sub) -> std::function<int()> {
        auto files = std::make_shared<std::vector<std::string>>();
        auto overrides = std::make_shared<std::vector<std::string>>();
        sub.add_option("scenarios", *files, "Scenario files (*.yaml)")->required();
        sub.add_option("--set", *overrides,
                       "Override a key before validating, e.g. devices.cam.count=100 "
                       "(repeatable; applies to every file)");
        sub.footer(
            "Exit code: 0 when every file is valid (one 'ok FILE' line each), 2 otherwise, with "
            "every error on stderr as 'file:line: key: got 'value', expected ...'.");
        return [files, overrides]() {
            bool all_ok = true;
            for (const auto& file : *files) {
                std::vector<std::string> errors;
                try {
                    const scenarios::ScenarioSpec spec = scenarios::load(file, *overrides);
                    errors = check_policies(spec, file);
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
