#pragma once
// A SimGrid netzone whose routes are given explicitly and stored sparsely. SimGrid's FullZone
// keeps an N x N table (800 MB of pointers at 10,000 hosts) although a terminal only ever talks
// to a handful of servers; here only the routes that exist cost memory. Routes are computed by
// network::RouteTable from the scenario's links, so multi-hop paths (terminal -> edge -> cloud)
// follow the scenario.
//
// Why this uses SimGrid internals (simgrid::kernel::routing), checked against the installed
// SimGrid 3.32 headers (/usr/include/simgrid): the public s4u API has no way to give routes
// pair by pair without an N x N cost. s4u only creates zones through the factories of
// s4u/NetZone.hpp (create_full_zone, create_floyd_zone, create_dijkstra_zone, create_star_zone,
// create_empty_zone, create_vivaldi_zone, create_wifi_zone, and the cluster builders), each
// with its own fixed routing, and offers no callback or subclass hook for "the links from A to
// B". Each of the public ones fails a requirement of this runtime:
// - FullZone (explicit routes, the only public zone that takes arbitrary per-pair paths):
//   routing_table_ is a vector<vector<unique_ptr<Route>>> resized to N x N on the first
//   add_route, 800 MB at 10,000 hosts before a single route is set.
// - FloydZone: N x N predecessor, cost and link tables (three times worse).
// - DijkstraZone: picks its own shortest paths by link count, with no tie-break on latency,
//   where network::RouteTable breaks ties by latency (a different route, hence different
//   rows, in any scenario with two equally short paths); cached, it keeps an N-entry
//   predecessor array per source (N x N again once every terminal has sent), uncached it runs
//   a Dijkstra over the whole graph for every transfer.
// - StarZone: a route is the source's "up" links followed by the destination's "down" links,
//   the same up links towards every destination, so a terminal linked to two edges
//   (multi-edge-join-leave.yaml) cannot leave by a different link towards each.
// - VivaldiZone, WifiZone, clusters: fixed topologies (coordinates, one access point, trees).
// So the zone derives from kernel::routing::NetZoneImpl and overrides get_local_route, the one
// virtual SimGrid calls to route a communication inside a zone.
//
// What it relies on, all of which can change on a SimGrid upgrade without a deprecation warning
// (the kernel namespace is SimGrid's implementation, not its user API), and what would break:
// - the protected constructor NetZoneImpl(const std::string&), and its side effect in 3.32
//   that the first zone constructed becomes the engine's root zone and initialises the CPU and
//   network models (PlatformBuilder::build creates no other zone, and then calls
//   get_iface()->create_host/create_link on it). If zones must be created through a parent or
//   the s4u factories only, the constructor call fails to compile, or create_host aborts with
//   "Invalid CPU model ... Have you set the parent of this NetZone".
// - the signature of the pure virtual get_local_route(const NetPoint*, const NetPoint*, Route*,
//   double*): a change makes the class abstract (a compile error, not a silent break).
// - Route::link_list_ being a std::vector of resource::StandardLinkImpl*, filled from
//   s4u::Link::get_impl(): a change of that member or of the link class is a compile error.
// - the latency convention: SimGrid sums the latency of every link of the route into *latency
//   (its own zones do it in add_link_latency). If a version computed latency elsewhere, this
//   zone would count it twice or not at all: that one is silent. The closed-form tests
//   (tests/sim, closed-form-remote.yaml) fail then, because they predict the latency exactly.
// - NetPoint::id() being dense and below 2^32 (the route key packs two ids in 64 bits).
// Moving to the public API later: if a SimGrid release adds a sparse explicit-route zone (or
// a FullZone that stores routes in a map), set the same routes with s4u::NetZone::add_route and
// delete this class; the routes themselves (PlatformBuilder::build_routes) stay as they are.
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
