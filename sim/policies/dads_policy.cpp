#include "sim/policies/dads_policy.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <limits>

#include "common/input_error.hpp"
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
    const std::string mode = params.get_string("mode", "light");
    if (mode != "light" && mode != "heavy")
        throw common::InputError(params.spec().loc.file, params.spec().loc.line,
                                 "policy.params.mode", mode, "light or heavy");
    heavy_ = mode == "heavy";
    variant_ = params.get_string("variant", "");
    role_ = params.get_string("role", "");
}

double DadsPolicy::bottleneck_s(const CostEstimate& e) {
    return std::max({e.device_compute_s, e.upload_s + e.download_s, e.remote_compute_s});
}

PolicyOption DadsPolicy::min_cut(const Observation& obs, const models::Variant& v,
                                 const TargetObservation& target, double device_weight,
                                 double transfer_weight, double remote_weight) {
    auto it = graphs_.find(&v);
    if (it == graphs_.end()) it = graphs_.emplace(&v, std::make_unique<DadsGraph>(v)).first;
    PolicyOption opt;
    opt.variant = &v;
    opt.cut =
        it->second->min_cut(obs.device, target, device_weight, transfer_weight, remote_weight);
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
    auto score = [this](const PolicyOption& o) {
        return heavy_ ? bottleneck_s(o.cost) : o.cost.latency_s;
    };
    auto keep = [&](const PolicyOption& o) {
        if (o.valid() && (!best.valid() || score(o) < score(best))) best = o;
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
        const models::Cut remote = models::Cut::all_remote(n);
        if (LatencyModel::device_memory_bytes(*v, local) > obs.device.free_memory_bytes) {
            // The variant does not fit the device: only the all-remote cut is left.
            PolicyOption o;
            o.variant = v;
            o.cut = remote;
            o.target = target;
            o.cost = LatencyModel::estimate(obs.device, target, *v, remote);
            o.accuracy = accuracy_of(*v);
            note = " (does not fit the device: all remote)";
            keep(o);
            continue;
        }
        keep(min_cut(obs, *v, *target));
        if (!heavy_) continue;
        PolicyOption all_remote;
        all_remote.variant = v;
        all_remote.cut = remote;
        all_remote.target = target;
        all_remote.cost = LatencyModel::estimate(obs.device, target, *v, remote);
        all_remote.accuracy = accuracy_of(*v);
        keep(all_remote);
        for (double w : {0.125, 0.25, 0.5, 2.0, 4.0, 8.0}) {
            keep(min_cut(obs, *v, *target, w, 1, 1));
            keep(min_cut(obs, *v, *target, 1, w, 1));
            keep(min_cut(obs, *v, *target, 1, 1, w));
        }
    }
    if (!best.valid()) {
        drop.reason =
            "dads: no feasible split (device cannot hold or compute it, no usable target)";
        return drop;
    }
    return best.to_decision(
        fmt::format("dads {} min-cut: {} est {:.2f} ms (bottleneck {:.2f} ms){}",
                    heavy_ ? "heavy-load" : "light-load", best.describe(),
                    best.cost.latency_s * 1e3, bottleneck_s(best.cost) * 1e3, note));
}

}  // namespace a2iot::sim
