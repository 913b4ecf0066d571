#include "sim/policies/policy_option.hpp"

#include <fmt/core.h>

#include "sim/policies/latency_model.hpp"

namespace a2iot::sim {

Decision PolicyOption::to_decision(std::string reason) const {
    Decision d;
    d.variant = variant ? variant->name : std::string{};
    d.exit = exit;
    d.cut = cut;
    const bool local = cut.device_count() == cut.on_device.size();
    d.target = (target && !local) ? target->id : std::string{};
    d.reason = std::move(reason);
    return d;
}

std::string PolicyOption::describe() const {
    if (!variant) return "none";
    std::string s = models::describe(*variant, cut);
    if (target && cut.device_count() < cut.on_device.size()) s += " on " + target->id;
    return s;
}

std::vector<const TargetObservation*> usable_targets(const Observation& obs,
                                                     const std::string& role) {
    std::vector<const TargetObservation*> out;
    for (const auto& t : obs.targets)
        if (LatencyModel::usable(t) && role_matches(t, role)) out.push_back(&t);
    return out;
}

std::string energy_text(const Observation& obs, const CostEstimate& cost) {
    return obs.device.power_known ? fmt::format("{:.3g} J", cost.device_energy_j)
                                  : std::string("energy unknown");
}

bool role_matches(const TargetObservation& t, const std::string& role) {
    if (role.empty()) return t.role != "terminal";
    return role == "any" || t.role == role;
}

bool fits_target(const models::Variant& v, const TargetObservation& t) {
    return static_cast<double>(v.memory_bytes) <= t.free_memory_bytes;
}

double accuracy_of(const models::Variant& v) {
    return v.accuracy.value_or(-1.0);
}

}  // namespace a2iot::sim
