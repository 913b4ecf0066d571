#include "sim/policies/adaptive_compression_policy.hpp"

#include <fmt/core.h>

#include "common/input_error.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "adaptive-compression",
    [](const PolicyParams& p) { return std::make_unique<AdaptiveCompressionPolicy>(p); },
    "most accurate compressed variant and split within latency, energy and memory budgets "
    "(AdaDeep/AMC-like)");

}  // namespace

AdaptiveCompressionPolicy::AdaptiveCompressionPolicy(const PolicyParams& params) {
    (void)registered;
    if (params.has("deadline"))
        deadline_s_ = params.get_quantity("deadline", 0, common::Quantity::Time);
    if (params.has("energy_budget"))
        energy_budget_j_ = params.get_quantity("energy_budget", 0, common::Quantity::Energy);
    low_battery_ = params.get_quantity("low_battery", 0.3, common::Quantity::Fraction);
    const std::string miss = params.get_string("on_miss", "fastest");
    if (miss != "fastest" && miss != "drop")
        throw common::InputError(params.spec().loc.file, params.spec().loc.line,
                                 "policy.params.on_miss", miss, "fastest or drop");
    drop_on_miss_ = miss == "drop";
    role_ = params.get_string("role", "");
}

std::optional<double> AdaptiveCompressionPolicy::energy_budget_j(const Observation& obs) const {
    std::optional<double> budget =
        obs.req.energy_budget_j ? obs.req.energy_budget_j : energy_budget_j_;
    // Below `low_battery` the budget shrinks in proportion: at half the threshold, half the
    // energy per request, so that the device lasts longer as it empties.
    if (budget && obs.device.battery_frac && low_battery_ > 0 &&
        *obs.device.battery_frac < low_battery_)
        *budget *= *obs.device.battery_frac / low_battery_;
    return budget;
}

Decision AdaptiveCompressionPolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    if (!obs.card) {
        drop.reason = "adaptive-compression: no model card";
        return drop;
    }
    const auto variants = allowed_variants(obs);
    const std::optional<double> deadline = obs.req.deadline_s ? obs.req.deadline_s : deadline_s_;
    // An energy budget cannot be checked against 0 W stand-ins for unknown power figures.
    const std::optional<double> budget =
        obs.device.power_known ? energy_budget_j(obs) : std::nullopt;
    const bool budget_ignored = !obs.device.power_known && energy_budget_j(obs).has_value();
    PolicyOption chosen;
    PolicyOption fastest;
    search_.for_each(obs, variants, role_, [&](const PolicyOption& o) {
        if (!fastest.valid() || o.cost.latency_s < fastest.cost.latency_s) fastest = o;
        if (deadline && o.cost.latency_s > *deadline) return;
        if (budget && o.cost.device_energy_j > *budget) return;
        if (!chosen.valid() || o.accuracy > chosen.accuracy ||
            (o.accuracy == chosen.accuracy && o.cost.latency_s < chosen.cost.latency_s))
            chosen = o;
    });
    if (chosen.valid()) {
        return chosen.to_decision(
            fmt::format("adaptive-compression: {} acc {:.3f}, {} est {:.2f} ms {}{}{}",
                        chosen.variant->name, chosen.accuracy, chosen.describe(),
                        chosen.cost.latency_s * 1e3, energy_text(obs, chosen.cost),
                        deadline ? fmt::format(" (deadline {:.0f} ms)", *deadline * 1e3) : "",
                        budget           ? fmt::format(" (budget {:.3g} J)", *budget)
                        : budget_ignored ? " (energy budget ignored: device power unknown)"
                                         : ""));
    }
    if (!fastest.valid()) {
        drop.reason = fmt::format(
            "adaptive-compression: no variant fits the device's {:.0f} B and no usable target",
            obs.device.free_memory_bytes);
        return drop;
    }
    const std::string miss = fmt::format(
        "adaptive-compression: nothing within budgets; fastest is {} {} at {:.2f} ms {}",
        fastest.variant->name, fastest.describe(), fastest.cost.latency_s * 1e3,
        energy_text(obs, fastest.cost));
    if (drop_on_miss_) {
        drop.reason = miss;
        return drop;
    }
    return fastest.to_decision(miss);
}

}  // namespace a2iot::sim
