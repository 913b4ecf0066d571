#include "sim/policies/dads_policy.hpp"

#include <fmt/core.h>
#include <limits>

#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "dads", [](const PolicyParams& p) { return std::make_unique<DadsPolicy>(p); },
    "min-cut split of the layer DAG minimizing latency (Hu et al., INFOCOM'19)");

}  // namespace

DadsPolicy::DadsPolicy(const PolicyParams& params) {
    (void)registered;
    variant_ = params.get_string("variant", "");
    role_ = params.get_string("role", "");
}

PolicyOption DadsPolicy::min_cut(const Observation& obs, const models::Variant& v,
                                 const TargetObservation& target) {
    auto it = graphs_.find(&v);
    if (it == graphs_.end()) it = graphs_.emplace(&v, std::make_unique<DadsGraph>(v)).first;
    PolicyOption opt;
    opt.variant = &v;
    opt.cut = it->second->min_cut(obs.device, target);
    opt.target = &target;
    opt.cost = LatencyModel::estimate(obs.device, &target, v, opt.cut);
    opt.accuracy = accuracy_of(v);
    return opt;
}

Decision DadsPolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    if (!obs.card) {
        drop.reason = "dads: no model card";
        return drop;
    }
    const models::Variant* v = variant_.empty()
                                   ? choose_variant(obs, std::numeric_limits<double>::infinity())
                                   : obs.card->variant(variant_);
    if (!v) {
        drop.reason = "dads: no allowed variant";
        return drop;
    }
    const std::size_t n = v->layers.size();
    PolicyOption best;
    std::string note;
    auto keep = [&](const PolicyOption& o) {
        if (o.valid() && (!best.valid() || o.cost.latency_s < best.cost.latency_s)) best = o;
    };
    const models::Cut local = models::Cut::all_local(n);
    if (LatencyModel::device_memory_bytes(*v, local) <= obs.device.free_memory_bytes) {
        PolicyOption o;
        o.variant = v;
        o.cut = local;
        o.cost = LatencyModel::estimate(obs.device, nullptr, *v, local);
        o.accuracy = accuracy_of(*v);
        keep(o);
    }
    for (const auto* target : usable_targets(obs, role_)) {
        if (!fits_target(*v, *target)) continue;
        PolicyOption o = min_cut(obs, *v, *target);
        if (LatencyModel::device_memory_bytes(*v, o.cut) > obs.device.free_memory_bytes) {
            // The variant does not fit the device: only the all-remote cut is left.
            const models::Cut remote = models::Cut::all_remote(n);
            o.cut = remote;
            o.cost = LatencyModel::estimate(obs.device, target, *v, remote);
            note = " (does not fit the device: all remote)";
        }
        keep(o);
    }
    if (!best.valid()) {
        drop.reason =
            "dads: no feasible split (device cannot hold or compute it, no usable target)";
        return drop;
    }
    return best.to_decision(fmt::format("dads min-cut: {} est {:.2f} ms{}", best.describe(),
                                        best.cost.latency_s * 1e3, note));
}

}  // namespace a2iot::sim
