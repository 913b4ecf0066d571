#include "sim/static_route_zone.hpp"

#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/s4u/Host.hpp>
#include <stdexcept>

namespace a2iot::sim {

StaticRouteZone::StaticRouteZone(const std::string& name) : NetZoneImpl(name) {}

void StaticRouteZone::set_route(const simgrid::s4u::Host* src, const simgrid::s4u::Host* dst,
                                const std::vector<simgrid::s4u::Link*>& links) {
    const unsigned long s = src->get_netpoint()->id();
    const unsigned long d = dst->get_netpoint()->id();
    routes_[key(s, d)] = links;
    routes_[key(d, s)] = std::vector<simgrid::s4u::Link*>(links.rbegin(), links.rend());
}

bool StaticRouteZone::has_route(const simgrid::s4u::Host* src,
                                const simgrid::s4u::Host* dst) const {
    return routes_.count(key(src->get_netpoint()->id(), dst->get_netpoint()->id())) > 0;
}

void StaticRouteZone::get_local_route(const simgrid::kernel::routing::NetPoint* src,
                                      const simgrid::kernel::routing::NetPoint* dst,
                                      simgrid::kernel::routing::Route* into, double* latency) {
    auto it = routes_.find(key(src->id(), dst->id()));
    // The runtime only starts comms along routes it created; anything else is a bug.
    if (it == routes_.end())
        throw std::logic_error("no route from " + src->get_name() + " to " + dst->get_name());
    for (simgrid::s4u::Link* l : it->second) {
        into->link_list_.push_back(l->get_impl());
        if (latency) *latency += l->get_latency();
    }
}

}  // namespace a2iot::sim
