#include "sim/policies/deepthings_policy.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <regex>

#include "common/input_error.hpp"
#include "sim/policies/latency_model.hpp"
#include "sim/policies/policy_option.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "deepthings", [](const PolicyParams& p) { return std::make_unique<DeepThingsPolicy>(p); },
    "fused tile partitioning: the early conv layers as spatial tiles on nearby devices, the "
    "rest on the device");

constexpr double kInf = std::numeric_limits<double>::infinity();

// Largest search done exhaustively (workers^tiles).
constexpr double kExhaustiveLimit = 256;

}  // namespace

DeepThingsPolicy::DeepThingsPolicy(const PolicyParams& params) {
    (void)registered;
    const auto& loc = params.spec().loc;
    const std::string grid = params.get_string("grid", "auto");
    std::smatch m;
    if (grid != "auto") {
        static const std::regex re("([1-9][0-9]?)x([1-9][0-9]?)");
        if (!std::regex_match(grid, m, re))
            throw common::InputError(loc.file, loc.line, "policy.params.grid", grid,
                                     "auto or ROWSxCOLS such as 3x3");
        grid_ = std::make_pair(std::stoi(m[1]), std::stoi(m[2]));
    }
    const std::string fused = params.get_string("fused_layers", "auto");
    if (fused != "auto") {
        static const std::regex re("[1-9][0-9]{0,2}");
        if (!std::regex_match(fused, re))
            throw common::InputError(loc.file, loc.line, "policy.params.fused_layers", fused,
                                     "auto or a positive node count");
        fused_ = std::stoi(fused);
    }
    role_ = params.get_string("role", "terminal");
    if (role_ != "terminal" && role_ != "edge" && role_ != "cloud" && role_ != "any")
        throw common::InputError(loc.file, loc.line, "policy.params.role", role_,
                                 "one of terminal, edge, cloud, any");
    const std::string dev = params.get_string("include_device", "true");
    if (dev != "true" && dev != "false")
        throw common::InputError(loc.file, loc.line, "policy.params.include_device", dev,
                                 "true or false");
    include_device_ = dev == "true";
}

std::vector<std::pair<int, int>> DeepThingsPolicy::auto_grids() {
    return {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}, {4, 4}};
}

std::vector<DeepThingsPolicy::Worker> DeepThingsPolicy::workers(const Observation& obs,
                                                                const std::string& role,
                                                                bool include_device) {
    std::vector<Worker> ws;
    if (include_device && obs.device.speed_flops_per_s > 0)
        ws.push_back({nullptr, obs.device.speed_flops_per_s, std::max(1, obs.device.cores), 0, 0});
    for (const auto& t : obs.targets) {
        if (!LatencyModel::usable(t) || !role_matches(t, role)) continue;
        ws.push_back({&t, t.speed_flops_per_s / LatencyModel::queue_factor(t), std::max(1, t.cores),
                      t.est_bandwidth_bps, t.latency_s});
    }
    return ws;
}

double DeepThingsPolicy::makespan_s(const FusedTilePlan& plan, const std::vector<Worker>& ws,
                                    const std::vector<int>& assign) {
    return schedule_s(plan, ws, assign, nullptr);
}

double DeepThingsPolicy::schedule_s(const FusedTilePlan& plan, const std::vector<Worker>& ws,
                                    const std::vector<int>& assign,
                                    const std::vector<bool>* placed) {
    double radio_free_s = 0;  // one radio: crops leave one after the other
    std::vector<std::vector<double>> core_free(ws.size());
    for (std::size_t w = 0; w < ws.size(); ++w)
        core_free[w].assign(static_cast<std::size_t>(ws[w].cores), 0.0);
    double end_s = 0;
    for (std::size_t i = 0; i < plan.tiles().size(); ++i) {
        if (placed && !(*placed)[i]) continue;
        const TileWork& t = plan.tiles()[i];
        const Worker& w = ws[static_cast<std::size_t>(assign[i])];
        double ready_s = 0;
        if (w.target) {
            radio_free_s += static_cast<double>(t.input_bytes) * 8.0 / w.bandwidth_bps;
            ready_s = radio_free_s + w.latency_s;
        }
        auto& cores = core_free[static_cast<std::size_t>(assign[i])];
        auto core = std::min_element(cores.begin(), cores.end());
        const double done_s = std::max(ready_s, *core) + t.flops / w.speed_flops_per_s;
        *core = done_s;
        const double back_s =
            w.target ? w.latency_s + static_cast<double>(t.output_bytes) * 8.0 / w.bandwidth_bps
                     : 0.0;
        end_s = std::max(end_s, done_s + back_s);
    }
    return end_s;
}

std::vector<int> DeepThingsPolicy::assign(const FusedTilePlan& plan, const std::vector<Worker>& ws,
                                          double& best_s) {
    const std::size_t n = plan.tiles().size();
    best_s = kInf;
    std::vector<int> best(n, 0);
    if (ws.empty()) return best;
    if (std::pow(static_cast<double>(ws.size()), static_cast<double>(n)) <= kExhaustiveLimit) {
        std::vector<int> a(n, 0);
        while (true) {
            const double s = makespan_s(plan, ws, a);
            if (s < best_s) best_s = s, best = a;
            std::size_t k = 0;  // next assignment, odometer order
            while (k < n && ++a[k] == static_cast<int>(ws.size())) a[k++] = 0;
            if (k == n) break;
        }
        return best;
    }
    // Greedy list scheduling: biggest tile first, each on the worker where the partial schedule
    // finishes earliest.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return plan.tiles()[a].flops > plan.tiles()[b].flops;
    });
    std::vector<int> a(n, 0);
    std::vector<bool> placed(n, false);
    for (std::size_t i : order) {
        double tile_best = kInf;
        int pick = 0;
        for (std::size_t w = 0; w < ws.size(); ++w) {
            a[i] = static_cast<int>(w);
            placed[i] = true;
            const double s = schedule_s(plan, ws, a, &placed);  // tiles placed so far
            if (s < tile_best) tile_best = s, pick = static_cast<int>(w);
        }
        a[i] = pick;
    }
    best = a;
    best_s = makespan_s(plan, ws, best);
    return best;
}

Decision DeepThingsPolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    if (!obs.card) {
        drop.reason = "deepthings: no model card";
        return drop;
    }
    const models::Variant* v = choose_variant(obs, obs.device.free_memory_bytes);
    if (!v || obs.device.speed_flops_per_s <= 0) {
        drop.reason = "deepthings: the device cannot run the remaining layers (speed or memory)";
        return drop;
    }
    const std::size_t n = v->layers.size();
    const double dev_speed = obs.device.speed_flops_per_s;
    const int max_fused = FusedTilePlan::max_fusable(*v, obs.card->input_shape);
    Decision local;
    local.variant = v->name;
    local.cut = models::Cut::all_local(n);
    if (max_fused == 0) {
        local.reason = "deepthings: no tileable prefix (no layer geometry in the card), local";
        return local;
    }
    const auto ws = workers(obs, role_, include_device_);
    double total_flops = 0;
    for (const auto& l : v->layers) total_flops += l.flops;
    const double local_s = total_flops / dev_speed;

    // Fusing fewer layers means smaller halos but more layers left to the device alone, so
    // fused_layers=auto tries every stage end: each downsampling node, and the whole prefix.
    std::vector<int> fused_options;
    if (fused_ > 0) {
        fused_options.push_back(std::min(fused_, max_fused));
    } else {
        for (int k = 1; k <= max_fused; ++k)
            if (k == max_fused || v->layers[static_cast<std::size_t>(k - 1)].window.stride > 1)
                fused_options.push_back(k);
    }
    std::optional<FusedTilePlan> best_plan;
    std::vector<int> best_assign;
    double best_s = kInf;
    for (int fused : fused_options) {
        const auto& last = v->layers[static_cast<std::size_t>(fused - 1)].output_shape;
        for (const auto& [r, c] : grid_ ? std::vector<std::pair<int, int>>{*grid_} : auto_grids()) {
            if (r > last[1] || c > last[2]) continue;
            FusedTilePlan plan(*v, obs.card->input_shape, fused, r, c);
            double span_s = kInf;
            auto a = assign(plan, ws, span_s);
            const double s = span_s + (total_flops - plan.fused_flops()) / dev_speed;
            if (s < best_s) best_s = s, best_plan.emplace(std::move(plan)), best_assign = a;
        }
    }
    if (!best_plan) {
        local.reason = "deepthings: the grid is larger than every fused output map, local";
        return local;
    }
    // Tiles on the device's own cores alone are still a win over one core: keep them.
    if (best_s >= local_s) {
        local.reason = fmt::format("deepthings: local est {:.2f} ms beats tiling ({} workers)",
                                   local_s * 1e3, ws.size());
        return local;
    }
    const int fused = best_plan->fused();
    Decision d = local;
    d.fused_layers = fused;
    std::vector<std::string> used;
    for (std::size_t i = 0; i < best_plan->tiles().size(); ++i) {
        const auto& t = best_plan->tiles()[i];
        const Worker& w = ws[static_cast<std::size_t>(best_assign[i])];
        d.tiles.push_back(
            {w.target ? w.target->id : std::string{}, t.flops, t.input_bytes, t.output_bytes});
        const std::string id = w.target ? w.target->id : "device";
        if (std::find(used.begin(), used.end(), id) == used.end()) used.push_back(id);
    }
    d.reason = fmt::format(
        "deepthings: {}x{} tiles over {} fused nodes on {}, est {:.2f} ms vs "
        "{:.2f} ms local",
        best_plan->rows(), best_plan->cols(), fused, fmt::join(used, ","), best_s * 1e3,
        local_s * 1e3);
    return d;
}

}  // namespace a2iot::sim
