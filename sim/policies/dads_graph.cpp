#include "sim/policies/dads_graph.hpp"

// Boost.Graph's iterators trip GCC 12's -Wmaybe-uninitialized when inlined here (a known false
// positive in boost/graph/detail/adj_list_edge_iterator.hpp); silence it for this file only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <vector>

#include "sim/policies/latency_model.hpp"

namespace a2iot::sim {

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Edge = Traits::edge_descriptor;
struct VertexProps {
    boost::default_color_type color = boost::white_color;
    long distance = 0;
    Edge pred;
};
struct EdgeProps {
    double capacity = 0;
    double residual = 0;
    Edge reverse;
};
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps, EdgeProps>;

}  // namespace

// Vertices: 0 = source (device), 1 = sink (remote), 2+i = layer i, 2+n+i = the auxiliary node
// carrying layer i's output (sent once whatever the number of remote consumers), 2+2n = the
// auxiliary node carrying the model input.
struct DadsGraph::Impl {
    const models::Variant& v;
    std::size_t n;
    Graph g;
    std::vector<Edge> remote;    // s -> layer i: layer i's remote time (+ the result for the last)
    std::vector<Edge> local;     // layer i -> t: layer i's device time
    std::vector<Edge> transfer;  // layer i -> aux i: its output's transfer (producers only)
    std::vector<std::size_t> producers;
    Edge input{};  // s -> input aux
    bool reads_input = false;
    std::vector<Edge> infinite;  // closure and fan-out edges

    Edge add(std::size_t a, std::size_t b) {
        Edge e = boost::add_edge(a, b, g).first;
        Edge r = boost::add_edge(b, a, g).first;
        g[e].reverse = r;
        g[r].reverse = e;
        return e;
    }

    explicit Impl(const models::Variant& var) : v(var), n(var.layers.size()), g(3 + 2 * n) {
        std::vector<std::vector<std::size_t>> consumers(n);
        const std::size_t input_aux = 2 + 2 * n;
        for (std::size_t i = 0; i < n; ++i) {
            remote.push_back(add(0, 2 + i));
            local.push_back(add(2 + i, 1));
            if (v.layers[i].inputs.empty()) {
                reads_input = true;
                infinite.push_back(add(input_aux, 2 + i));
            }
            for (int p : v.layers[i].inputs) {
                consumers[static_cast<std::size_t>(p)].push_back(i);
                // A device node's producers are on the device: cutting this edge is forbidden.
                infinite.push_back(add(2 + i, 2 + static_cast<std::size_t>(p)));
            }
        }
        if (reads_input) input = add(0, input_aux);
        transfer.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (consumers[i].empty()) continue;
            producers.push_back(i);
            transfer[i] = add(2 + i, 2 + n + i);
            for (std::size_t c : consumers[i]) infinite.push_back(add(2 + n + i, 2 + c));
        }
    }
};

DadsGraph::DadsGraph(const models::Variant& v) : impl_(std::make_unique<Impl>(v)) {}
DadsGraph::~DadsGraph() = default;

models::Cut DadsGraph::min_cut(const DeviceObservation& dev, const TargetObservation& target,
                               double device_weight, double transfer_weight, double remote_weight) {
    Impl& m = *impl_;
    Graph& g = m.g;
    const std::size_t n = m.n;
    const double bw = target.est_bandwidth_bps / transfer_weight;
    const double remote_scale =
        remote_weight * LatencyModel::queue_factor(target) / target.speed_flops_per_s;
    const double device_speed = dev.speed_flops_per_s / device_weight;
    const bool device_computes = dev.speed_flops_per_s > 0;
    const double result_s =
        static_cast<double>(models::result_bytes(m.v, models::Cut::all_remote(n))) * 8 / bw;
    const double input_s = static_cast<double>(m.v.input_bytes) * 8 / bw;

    // "Infinite" must exceed any finite cut; the sum of every finite capacity bounds them all.
    double finite = input_s + result_s;
    for (const auto& node : m.v.layers) {
        finite += node.flops * remote_scale + static_cast<double>(node.output_bytes) * 8 / bw;
        if (device_computes) finite += node.flops / device_speed;
    }
    const double inf = 2 * finite + 1;

    for (std::size_t i = 0; i < n; ++i) {
        const auto& node = m.v.layers[i];
        g[m.remote[i]].capacity = node.flops * remote_scale + (i + 1 == n ? result_s : 0.0);
        g[m.local[i]].capacity = device_computes ? node.flops / device_speed : inf;
    }
    for (std::size_t i : m.producers)
        g[m.transfer[i]].capacity = static_cast<double>(m.v.layers[i].output_bytes) * 8 / bw;
    if (m.reads_input) g[m.input].capacity = input_s;
    for (const Edge& e : m.infinite) g[e].capacity = inf;

    boost::boykov_kolmogorov_max_flow(
        g, boost::get(&EdgeProps::capacity, g), boost::get(&EdgeProps::residual, g),
        boost::get(&EdgeProps::reverse, g), boost::get(&VertexProps::pred, g),
        boost::get(&VertexProps::color, g), boost::get(&VertexProps::distance, g),
        boost::get(boost::vertex_index, g), 0, 1);

    // Black vertices are the source tree: the device side of the minimum cut.
    models::Cut cut = models::Cut::all_remote(n);
    for (std::size_t i = 0; i < n; ++i) cut.on_device[i] = g[2 + i].color == boost::black_color;
    return cut;
}

}  // namespace a2iot::sim

#pragma GCC diagnostic pop
