#include "sim/policies/least_loaded_policy.hpp"

#include <fmt/core.h>
#include <limits>

#include "common/input_error.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "least-loaded", [](const PolicyParams& p) { return std::make_unique<LeastLoadedPolicy>(p); },
    "whole request to the node (device included) with the earliest estimated finish time, "
    "using sensed load");

}  // namespace

LeastLoadedPolicy::LeastLoadedPolicy(const PolicyParams& params) {
    (void)registered;
    role_ = params.get_string("role", "");
    const std::string local = params.get_string("include_local", "true");
    if (local != "true" && local != "false")
        throw common::InputError(params.spec().loc.file, params.spec().loc.line,
                                 "policy.params.include_local", local, "true or false");
    include_local_ = local == "true";
}

Decision LeastLoadedPolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    const models::Variant* v =
        obs.card ? choose_variant(obs, std::numeric_limits<double>::infinity()) : nullptr;
    if (!v) {
        drop.reason = "least-loaded: no model card or allowed variant";
        return drop;
    }
    const std::size_t n = v->layers.size();
    PolicyOption best;
    auto consider = [&](const TargetObservation* t, const models::Cut& cut) {
        PolicyOption o;
        o.variant = v;
        o.cut = cut;
        o.target = t;
        o.accuracy = accuracy_of(*v);
        o.cost = LatencyModel::estimate(obs.device, t, *v, cut);
        if (!o.cost.feasible) return;
        // Ties: the lower-loaded, then the lexicographically first id, for determinism.
        if (!best.valid() || o.cost.latency_s < best.cost.latency_s ||
            (o.cost.latency_s == best.cost.latency_s && t && best.target &&
             std::make_pair(t->load, t->id) < std::make_pair(best.target->load, best.target->id)))
            best = o;
    };
    const models::Cut local = models::Cut::all_local(n);
    if (include_local_ &&
        LatencyModel::device_memory_bytes(*v, local) <= obs.device.free_memory_bytes)
        consider(nullptr, local);
    for (const auto* t : usable_targets(obs, role_))
        if (fits_target(*v, *t)) consider(t, models::Cut::all_remote(n));
    if (!best.valid()) {
        drop.reason = "least-loaded: no usable target and the device cannot run it";
        return drop;
    }
    return best.to_decision(fmt::format(
        "least-loaded: {} finishes first, est {:.2f} ms{}",
        best.target ? best.target->id : std::string("device"), best.cost.latency_s * 1e3,
        best.target ? fmt::format(" (load {:.2f})", best.target->load) : std::string{}));
}

}  // namespace a2iot::sim
