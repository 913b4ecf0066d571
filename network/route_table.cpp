#include "network/route_table.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

namespace a2iot::network {

namespace {
// Hop count dominates, latency breaks ties: no realistic path has a million seconds of latency.
constexpr double kHopWeight = 1e6;
}  // namespace

std::size_t RouteTable::vertex(const std::string& name) {
    auto [it, inserted] = index_.try_emplace(name, names_.size());
    if (inserted) names_.push_back(name);
    return it->second;
}

void RouteTable::add_link(const std::string& a, const std::string& b, int link, double latency_s) {
    const std::size_t va = vertex(a);
    const std::size_t vb = vertex(b);
    edges_.push_back({va, vb, link, latency_s});
}

std::unordered_map<std::string, std::vector<int>> RouteTable::routes_from(
    const std::string& source) const {
    std::unordered_map<std::string, std::vector<int>> out;
    auto src = index_.find(source);
    if (src == index_.end()) return out;

    using Graph = boost::adjacency_list<
        boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
        boost::property<boost::edge_weight_t, double, boost::property<boost::edge_index_t, int>>>;
    Graph g(names_.size());
    for (std::size_t i = 0; i < edges_.size(); ++i) {
        const Edge& e = edges_[i];
        boost::add_edge(e.a, e.b, {kHopWeight + e.latency_s, static_cast<int>(i)}, g);
    }
    const std::size_t n = names_.size();
    std::vector<std::size_t> pred(n);
    std::vector<double> dist(n);
    // Records the edge that last relaxed each vertex, so parallel links resolve to one.
    std::vector<int> via(n, -1);
    struct Recorder : boost::default_dijkstra_visitor {
        std::vector<int>* via;
        void edge_relaxed(Graph::edge_descriptor e, const Graph& gr) {
            (*via)[boost::target(e, gr)] = boost::get(boost::edge_index, gr, e);
        }
    } vis;
    vis.via = &via;
    boost::dijkstra_shortest_paths(
        g, src->second, boost::predecessor_map(pred.data()).distance_map(dist.data()).visitor(vis));
    for (std::size_t v = 0; v < n; ++v) {
        if (v == src->second || pred[v] == v) continue;  // source or unreachable
        std::vector<int> links;
        for (std::size_t cur = v; cur != src->second; cur = pred[cur]) {
            const Edge& e = edges_[static_cast<std::size_t>(via[cur])];
            links.push_back(e.link);
        }
        std::reverse(links.begin(), links.end());
        out.emplace(names_[v], std::move(links));
    }
    return out;
}

std::optional<std::vector<int>> RouteTable::route(const std::string& from,
                                                  const std::string& to) const {
    if (from == to) return std::vector<int>{};
    auto all = routes_from(from);
    auto it = all.find(to);
    if (it == all.end()) return std::nullopt;
    return it->second;
}

}  // namespace a2iot::network
