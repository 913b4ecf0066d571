#include "sim/policies/x_admm_policy.hpp"

#include <fmt/core.h>
#include <limits>

#include "common/input_error.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "x-admm", [](const PolicyParams& p) { return std::make_unique<XAdmmPolicy>(p); },
    "joint search over ADMM-pruned variants x cut x target (falls back to l1-* variants)");

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

}  // namespace

XAdmmPolicy::XAdmmPolicy(const PolicyParams& params) {
    (void)registered;
    const std::string obj = params.get_string("objective", "latency");
    if (obj != "latency" && obj != "energy")
        throw common::InputError(params.spec().loc.file, params.spec().loc.line,
                                 "policy.params.objective", obj, "latency or energy");
    energy_ = obj == "energy";
    if (params.has("min_accuracy"))
        min_accuracy_ = params.get_quantity("min_accuracy", 0, common::Quantity::Fraction);
    role_ = params.get_string("role", "");
}

std::vector<const models::Variant*> XAdmmPolicy::family(const Observation& obs, std::string& why) {
    const auto all = allowed_variants(obs);
    for (const char* prefix : {"admm-", "l1-"}) {
        std::vector<const models::Variant*> out;
        for (const auto* v : all)
            if (starts_with(v->name, prefix)) out.push_back(v);
        if (!out.empty()) {
            why = std::string(prefix) == "admm-" ? "admm-*" : "no admm-* variants, using l1-*";
            // The unpruned model is the family's 0% member: without it an accuracy floor that
            // only base meets would end at the best pruned variant below the floor.
            for (const auto* v : all)
                if (v->name == "base") out.push_back(v);
            return out;
        }
    }
    why = "no admm-* or l1-* variants, using all";
    return all;
}

Decision XAdmmPolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    if (!obs.card) {
        drop.reason = "x-admm: no model card";
        return drop;
    }
    std::string why;
    const auto variants = family(obs, why);
    const std::optional<double> min_acc =
        obs.req.min_accuracy ? obs.req.min_accuracy : min_accuracy_;
    std::vector<const models::Variant*> meeting;
    for (const auto* v : variants)
        if (!min_acc || (v->accuracy && *v->accuracy >= *min_acc)) meeting.push_back(v);
    if (meeting.empty()) {
        // Nothing meets the requirement: the most accurate of the family, best effort.
        const models::Variant* top = nullptr;
        for (const auto* v : variants)
            if (!top || accuracy_of(*v) > accuracy_of(*top)) top = v;
        if (top) meeting.push_back(top);
        why += fmt::format("; none meets accuracy {:.3f}, most accurate", min_acc.value_or(0));
    }
    const bool energy = energy_ && obs.device.power_known;
    if (energy_ && !obs.device.power_known) why += "; device power unknown, min latency";
    PolicyOption best = search_.best(obs, meeting, role_, [energy](const PolicyOption& o) {
        return energy ? o.cost.device_energy_j : o.cost.latency_s;
    });
    if (!best.valid()) {
        drop.reason = fmt::format("x-admm ({}): no feasible variant, cut and target", why);
        return drop;
    }
    return best.to_decision(fmt::format("x-admm ({}): {} {} est {:.2f} ms {}", why,
                                        best.variant->name, best.describe(),
                                        best.cost.latency_s * 1e3, energy_text(obs, best.cost)));
}

}  // namespace a2iot::sim
