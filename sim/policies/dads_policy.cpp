#include "sim/policies/dads_policy.hpp"

// Boost.Graph's iterators trip GCC 12's -Wmaybe-uninitialized when inlined here (a known false
// positive in boost/graph/detail/adj_list_edge_iterator.hpp); silence it for this file only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <fmt/core.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <limits>

#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "dads", [](const PolicyParams& p) { return std::make_unique<DadsPolicy>(p); },
    "min-cut split of the layer DAG minimizing latency (Hu et al., INFOCOM'19)");

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
struct VertexProps {
    boost::default_color_type color = boost::white_color;
    long distance = 0;
    Traits::edge_descriptor pred;
};
struct EdgeProps {
    double capacity = 0;
    double residual = 0;
    Traits::edge_descriptor reverse;
};
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps, EdgeProps>;

void add_edge(Graph& g, std::size_t a, std::size_t b, double cap) {
    auto e = boost::add_edge(a, b, g).first;
    auto r = boost::add_edge(b, a, g).first;
    g[e].capacity = cap;
    g[r].capacity = 0;
    g[e].reverse = r;
    g[r].reverse = e;
}

}  // namespace

DadsPolicy::DadsPolicy(const PolicyParams& params) {
    (void)registered;
    variant_ = params.get_string("variant", "");
    role_ = params.get_string("role", "");
}

PolicyOption DadsPolicy::min_cut(const Observation& obs, const models::Variant& v,
                                 const TargetObservation& target) {
    const std::size_t n = v.layers.size();
    const double bw = target.est_bandwidth_bps;
    const double remote_scale = LatencyModel::queue_factor(target) / target.speed_flops_per_s;
    const bool device_computes = obs.device.speed_flops_per_s > 0;

    // Vertices: 0 = source (device), 1 = sink (remote), 2+i = layer i, 2+n+i = the auxiliary
    // node carrying layer i's output, 2+2n = the auxiliary node carrying the model input.
    const std::size_t s = 0, t = 1;
    auto layer = [](std::size_t i) { return 2 + i; };
    auto aux = [n](std::size_t i) { return 2 + n + i; };
    const std::size_t input_aux = 2 + 2 * n;
    Graph g(3 + 2 * n);

    // "Infinite" must exceed any finite cut: everything-remote is one, so their sum bounds it.
    double finite =
        static_cast<double>(v.input_bytes) * 8 / bw +
        static_cast<double>(models::result_bytes(v, models::Cut::all_remote(n))) * 8 / bw;
    for (const auto& node : v.layers) {
        finite += node.flops * remote_scale + static_cast<double>(node.output_bytes) * 8 / bw;
        if (device_computes) finite += node.flops / obs.device.speed_flops_per_s;
    }
    const double inf = 2 * finite + 1;

    std::vector<std::vector<std::size_t>> consumers(n);
    bool reads_input = false;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& node = v.layers[i];
        double remote_s = node.flops * remote_scale;
        if (i + 1 == n)
            remote_s +=
                static_cast<double>(models::result_bytes(v, models::Cut::all_remote(n))) * 8 / bw;
        add_edge(g, s, layer(i), remote_s);
        add_edge(g, layer(i), t, device_computes ? node.flops / obs.device.speed_flops_per_s : inf);
        if (node.inputs.empty()) {
            reads_input = true;
            add_edge(g, input_aux, layer(i), inf);
        }
        for (int p : node.inputs) {
            consumers[p].push_back(i);
            add_edge(g, layer(i), layer(p), inf);  // a device node's producers are on the device
        }
    }
    if (reads_input) add_edge(g, s, input_aux, static_cast<double>(v.input_bytes) * 8 / bw);
    for (std::size_t i = 0; i < n; ++i) {
        if (consumers[i].empty()) continue;
        add_edge(g, layer(i), aux(i), static_cast<double>(v.layers[i].output_bytes) * 8 / bw);
        for (std::size_t c : consumers[i]) add_edge(g, aux(i), layer(c), inf);
    }

    boost::boykov_kolmogorov_max_flow(
        g, boost::get(&EdgeProps::capacity, g), boost::get(&EdgeProps::residual, g),
        boost::get(&EdgeProps::reverse, g), boost::get(&VertexProps::pred, g),
        boost::get(&VertexProps::color, g), boost::get(&VertexProps::distance, g),
        boost::get(boost::vertex_index, g), s, t);

    PolicyOption opt;
    opt.variant = &v;
    opt.cut = models::Cut::all_remote(n);
    // Black vertices are the source tree: the device side of the minimum cut.
    for (std::size_t i = 0; i < n; ++i)
        opt.cut.on_device[i] = g[layer(i)].color == boost::black_color;
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

#pragma GCC diagnostic pop
