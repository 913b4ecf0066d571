#pragma once
// Routes over the scenario's link graph (devices are vertices, links are edges). Pure C++ (Boost
// Graph), no SimGrid: the emulation runtime and the trace tools can use it too.
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace a2iot::network {

class RouteTable {
  public:
    // Vertices are added on first use. `link` is the caller's index of the link; parallel links
    // between the same pair are allowed (the lowest latency one is used).
    void add_link(const std::string& a, const std::string& b, int link, double latency_s);

    // Shortest routes from `source` to every vertex it reaches: fewest hops first, then lowest
    // latency. Each route is the list of link indices from `source` outwards. The source itself
    // is not in the result.
    std::unordered_map<std::string, std::vector<int>> routes_from(const std::string& source) const;

    // One route, or nullopt when unreachable (an empty route for from == to).
    std::optional<std::vector<int>> route(const std::string& from, const std::string& to) const;

    std::size_t vertex_count() const { return names_.size(); }

  private:
    struct Edge {
        std::size_t a, b;
        int link;
        double latency_s;
    };
    std::size_t vertex(const std::string& name);
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<Edge> edges_;
};

}  // namespace a2iot::network
