#include "sim/policies/edgent_policy.hpp"

#include <fmt/core.h>
#include <limits>

#include "common/input_error.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "edgent", [](const PolicyParams& p) { return std::make_unique<EdgentPolicy>(p); },
    "early exit plus split: the most accurate exit whose best cut meets the deadline (Edgent)");

}  // namespace

EdgentPolicy::EdgentPolicy(const PolicyParams& params) {
    (void)registered;
    if (params.has("deadline"))
        deadline_s_ = params.get_quantity("deadline", 0, common::Quantity::Time);
    const std::string miss = params.get_string("on_miss", "fastest");
    if (miss != "fastest" && miss != "drop")
        throw common::InputError(params.spec().loc.file, params.spec().loc.line,
                                 "policy.params.on_miss", miss, "fastest or drop");
    drop_on_miss_ = miss == "drop";
    variant_ = params.get_string("variant", "");
    role_ = params.get_string("role", "");
}

const EdgentPolicy::Prepared& EdgentPolicy::prepared(const models::Variant& v, int exit) {
    auto key = std::make_pair(&v, exit);
    auto it = cache_.find(key);
    if (it == cache_.end()) {
        Prepared p;
        p.model = std::make_unique<ExitModel>(v, exit);
        p.table = std::make_unique<PrefixTable>(p.model->variant());
        it = cache_.emplace(key, std::move(p)).first;
    }
    return it->second;
}

PolicyOption EdgentPolicy::best_for_exit(const Observation& obs, const models::Variant& v,
                                         int exit) {
    const Prepared& p = prepared(v, exit);
    const std::size_t n = p.table->layer_count();
    PolicyOption best;
    models::Cut best_cut;
    auto consider = [&](std::size_t k, const TargetObservation* t) {
        CostEstimate e = LatencyModel::estimate(obs.device, t, p.table->at(k));
        if (!e.feasible || (best.valid() && e.latency_s >= best.cost.latency_s)) return;
        best.variant = &v;
        best.exit = exit;
        best.target = t;
        best.cost = e;
        best.accuracy = p.model->accuracy();
        best_cut = models::Cut::prefix(n, k);
    };
    for (std::size_t k = 0; k <= n; ++k) {
        if (p.table->device_memory_bytes(k) > obs.device.free_memory_bytes) break;
        if (k == n) {
            consider(k, nullptr);
            break;
        }
        // The branch runs where its trunk node runs: a Decision's cut covers trunk nodes only,
        // so "whole trunk local, branch remote" could not be expressed (nor is it ever useful:
        // it ships the trunk's activation to save a tiny head).
        if (exit >= 0 && k + 1 == n) continue;
        for (const auto* t : usable_targets(obs, role_))
            if (fits_target(v, *t)) consider(k, t);
    }
    if (best.valid()) best.cut = p.model->to_full_cut(best_cut);
    return best;
}

Decision EdgentPolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    if (!obs.card) {
        drop.reason = "edgent: no model card";
        return drop;
    }
    const models::Variant* v = variant_.empty()
                                   ? choose_variant(obs, std::numeric_limits<double>::infinity())
                                   : obs.card->variant(variant_);
    if (!v) {
        drop.reason = "edgent: no allowed variant";
        return drop;
    }
    const std::optional<double> deadline = obs.req.deadline_s ? obs.req.deadline_s : deadline_s_;
    PolicyOption chosen;
    PolicyOption fastest;
    for (int e = -1; e < static_cast<int>(v->exits.size()); ++e) {
        PolicyOption o = best_for_exit(obs, *v, e);
        if (!o.valid()) continue;
        if (!fastest.valid() || o.cost.latency_s < fastest.cost.latency_s) fastest = o;
        if (deadline && o.cost.latency_s > *deadline) continue;
        // Most accurate first; equal accuracy: the faster one.
        if (!chosen.valid() || o.accuracy > chosen.accuracy ||
            (o.accuracy == chosen.accuracy && o.cost.latency_s < chosen.cost.latency_s))
            chosen = o;
    }
    auto exit_name = [&](const PolicyOption& o) {
        return o.exit < 0 ? std::string("full") : v->exits[static_cast<std::size_t>(o.exit)].name;
    };
    auto target_name = [](const PolicyOption& o) {
        return o.target && o.cut.device_count() < o.cut.on_device.size() ? o.target->id
                                                                         : std::string("device");
    };
    if (chosen.valid()) {
        return chosen.to_decision(
            fmt::format("edgent: exit {} acc {:.3f}, {} device layers, {} "
                        "est {:.2f} ms{}",
                        exit_name(chosen), chosen.accuracy, chosen.cut.device_count(),
                        target_name(chosen), chosen.cost.latency_s * 1e3,
                        deadline ? fmt::format(" <= {:.2f} ms", *deadline * 1e3) : std::string{}));
    }
    if (!fastest.valid()) {
        drop.reason = "edgent: no feasible exit and split (device cannot compute, no target)";
        return drop;
    }
    const std::string miss =
        fmt::format("edgent: no exit meets {:.2f} ms; fastest is exit {} at {:.2f} ms",
                    *deadline * 1e3, exit_name(fastest), fastest.cost.latency_s * 1e3);
    if (drop_on_miss_) {
        drop.reason = miss;
        return drop;
    }
    return fastest.to_decision(miss);
}

}  // namespace a2iot::sim
