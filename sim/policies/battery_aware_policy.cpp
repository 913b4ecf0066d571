#include "sim/policies/battery_aware_policy.hpp"

#include <fmt/core.h>
#include <limits>

#include "common/input_error.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "battery-aware", [](const PolicyParams& p) { return std::make_unique<BatteryAwarePolicy>(p); },
    "offloads more and trades accuracy for energy as the battery falls (thresholds are params)");

}  // namespace

BatteryAwarePolicy::BatteryAwarePolicy(const PolicyParams& params) {
    (void)registered;
    offload_below_ = params.get_quantity("offload_below", 0.5, common::Quantity::Fraction);
    degrade_below_ = params.get_quantity("degrade_below", 0.2, common::Quantity::Fraction);
    critical_below_ = params.get_quantity("critical_below", 0.05, common::Quantity::Fraction);
    if (!(critical_below_ <= degrade_below_ && degrade_below_ <= offload_below_))
        throw common::InputError(params.spec().loc.file, params.spec().loc.line, "policy.params",
                                 fmt::format("critical_below {} degrade_below {} offload_below {}",
                                             critical_below_, degrade_below_, offload_below_),
                                 "critical_below <= degrade_below <= offload_below");
    role_ = params.get_string("role", "");
}

BatteryAwarePolicy::Regime BatteryAwarePolicy::regime(const Observation& obs) const {
    if (!obs.device.battery_frac) return Regime::Performance;
    const double soc = *obs.device.battery_frac;
    if (soc >= offload_below_) return Regime::Performance;
    if (soc >= degrade_below_) return Regime::Offload;
    if (soc >= critical_below_) return Regime::Degrade;
    return Regime::Critical;
}

const char* BatteryAwarePolicy::to_string(Regime r) {
    switch (r) {
        case Regime::Performance:
            return "performance";
        case Regime::Offload:
            return "offload";
        case Regime::Degrade:
            return "degrade";
        case Regime::Critical:
            return "critical";
    }
    return "?";
}

Decision BatteryAwarePolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    if (!obs.card) {
        drop.reason = "battery-aware: no model card";
        return drop;
    }
    const Regime r = regime(obs);
    std::vector<const models::Variant*> variants;
    if (r == Regime::Performance || r == Regime::Offload) {
        if (const auto* v = choose_variant(obs, std::numeric_limits<double>::infinity()))
            variants.push_back(v);
    } else if (r == Regime::Critical) {
        variants = allowed_variants(obs);
    } else {
        for (const auto* v : allowed_variants(obs))
            if (!obs.req.min_accuracy || (v->accuracy && *v->accuracy >= *obs.req.min_accuracy))
                variants.push_back(v);
        if (variants.empty()) variants = allowed_variants(obs);  // none meets it: best effort
    }
    // Ties broken by accuracy, then latency: among equal-energy options keep the better one.
    const bool by_energy = r != Regime::Performance && obs.device.power_known;
    auto score = [by_energy](const PolicyOption& o) {
        if (!by_energy) return o.cost.latency_s;
        return o.cost.device_energy_j;
    };
    PolicyOption best;
    double best_score = std::numeric_limits<double>::infinity();
    search_.for_each(obs, variants, role_, [&](const PolicyOption& o) {
        const double s = score(o);
        if (s < best_score ||
            (s == best_score && best.valid() &&
             (o.accuracy > best.accuracy ||
              (o.accuracy == best.accuracy && o.cost.latency_s < best.cost.latency_s)))) {
            best_score = s;
            best = o;
        }
    });
    const std::string soc =
        obs.device.battery_frac ? fmt::format("{:.0f}%", *obs.device.battery_frac * 100) : "mains";
    if (!best.valid()) {
        drop.reason =
            fmt::format("battery-aware ({} at {}): no feasible option", to_string(r), soc);
        return drop;
    }
    return best.to_decision(fmt::format(
        "battery-aware ({} at {}{}): {} {} est {:.2f} ms {}", to_string(r), soc,
        r != Regime::Performance && !obs.device.power_known ? ", power unknown: min latency" : "",
        best.variant->name, best.describe(), best.cost.latency_s * 1e3,
        energy_text(obs, best.cost)));
}

}  // namespace a2iot::sim
