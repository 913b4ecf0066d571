#include "scenarios/scenario_error.hpp"

namespace a2iot::scenarios {
namespace {

// what() holds every error, one per line, so that a caller that only prints what() still shows
// them all.
std::string join(const std::vector<common::InputError>& errors) {
    std::string out;
    for (const auto& e : errors) {
        if (!out.empty()) out += '\n';
        out += e.what();
    }
    return out;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<common::InputError> errors)
    : std::runtime_error(join(errors)), errors_(std::move(errors)) {}

}  // namespace a2iot::scenarios
