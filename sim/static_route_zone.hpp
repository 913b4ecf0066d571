#pragma once
// A SimGrid netzone whose routes are given explicitly and stored sparsely. SimGrid's FullZone
// keeps an N x N table (800 MB of pointers at 10,000 hosts) although a terminal only ever talks
// to a handful of servers; here only the routes that exist cost memory. Routes are computed by
// network::RouteTable from the scenario's links, so multi-hop paths (terminal -> edge -> cloud)
// follow the scenario.
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u/Link.hpp>
#include <unordered_map>
#include <vector>

namespace a2iot::sim {

class StaticRouteZone : public simgrid::kernel::routing::NetZoneImpl {
  public:
    explicit StaticRouteZone(const std::string& name);

    // Sets the route src -> dst and its reverse (links in reverse order).
    void set_route(const simgrid::s4u::Host* src, const simgrid::s4u::Host* dst,
                   const std::vector<simgrid::s4u::Link*>& links);
    bool has_route(const simgrid::s4u::Host* src, const simgrid::s4u::Host* dst) const;

    void get_local_route(const simgrid::kernel::routing::NetPoint* src,
                         const simgrid::kernel::routing::NetPoint* dst,
                         simgrid::kernel::routing::Route* into, double* latency) override;

  private:
    static std::uint64_t key(unsigned long a, unsigned long b) {
        return (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint64_t>(b);
    }
    std::unordered_map<std::uint64_t, std::vector<simgrid::s4u::Link*>> routes_;
};

}  // namespace a2iot::sim
