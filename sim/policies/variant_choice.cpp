#include "sim/policies/variant_choice.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <tuple>

namespace a2iot::sim {

std::vector<const models::Variant*> allowed_variants(const Observation& obs) {
    std::vector<const models::Variant*> out;
    if (!obs.card) return out;
    for (const auto& v : obs.card->variants) {
        if (obs.allowed_variants.empty() ||
            std::find(obs.allowed_variants.begin(), obs.allowed_variants.end(), v.name) !=
                obs.allowed_variants.end())
            out.push_back(&v);
    }
    return out;
}

const models::Variant* choose_variant(const Observation& obs, double memory_bytes) {
    std::vector<const models::Variant*> fitting;
    for (const auto* v : allowed_variants(obs))
        if (static_cast<double>(v->memory_bytes) <= memory_bytes) fitting.push_back(v);
    if (fitting.empty()) return nullptr;
    auto meets = [&](const models::Variant* v) {
        return !obs.req.min_accuracy || (v->accuracy && *v->accuracy >= *obs.req.min_accuracy);
    };
    const bool any_meets = std::any_of(fitting.begin(), fitting.end(), meets);
    auto key = [&](const models::Variant* v) {
        // Lexicographic: meets the requirement, known accuracy, accuracy, fewer FLOPs.
        return std::make_tuple(!any_meets || meets(v), v->accuracy.has_value(),
                               v->accuracy.value_or(0.0), -v->flops);
    };
    return *std::max_element(fitting.begin(), fitting.end(),
                             [&](const auto* a, const auto* b) { return key(a) < key(b); });
}

Decision decide_local(const Observation& obs, const std::string& why) {
    Decision d;
    if (obs.device.speed_flops_per_s <= 0) {
        d.drop = true;
        d.reason =
            fmt::format("{}; device {} ({}) cannot run a CNN", why, obs.device.id, obs.device.type);
        return d;
    }
    const models::Variant* v = choose_variant(obs, obs.device.free_memory_bytes);
    if (!v) {
        d.drop = true;
        d.reason = fmt::format("{}; no allowed variant fits the device's {:.0f} B free memory", why,
                               obs.device.free_memory_bytes);
        return d;
    }
    d.variant = v->name;
    d.cut = models::Cut::all_local(v->layers.size());
    d.reason = why;
    return d;
}

Decision decide_remote(const Observation& obs, const TargetObservation& target,
                       const std::string& why) {
    Decision d;
    const models::Variant* v = choose_variant(obs, target.free_memory_bytes);
    if (!v) {
        d.drop = true;
        d.reason = fmt::format("{}; no allowed variant fits {}'s {:.0f} B free memory", why,
                               target.id, target.free_memory_bytes);
        return d;
    }
    d.variant = v->name;
    d.cut = models::Cut::all_remote(v->layers.size());
    d.target = target.id;
    d.reason = why;
    return d;
}

const TargetObservation* least_loaded(const Observation& obs, const std::string& role) {
    const TargetObservation* best = nullptr;
    auto key = [](const TargetObservation& t) {
        return std::make_tuple(t.load, -t.est_bandwidth_bps, t.latency_s, t.id);
    };
    for (const auto& t : obs.targets) {
        if (t.role != role || !t.reachable) continue;
        if (!best || key(t) < key(*best)) best = &t;
    }
    return best;
}

Decision decide_offload_with_fallback(const Observation& obs, const std::string& role) {
    if (const TargetObservation* t = least_loaded(obs, role))
        return decide_remote(obs, *t, fmt::format("{} {} (load {:.2f})", role, t->id, t->load));
    return decide_local(obs, fmt::format("fallback: no reachable {}, running locally", role));
}

}  // namespace a2iot::sim
