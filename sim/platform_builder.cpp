#include "sim/platform_builder.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <memory>
#include <set>
#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "common/input_error.hpp"
#include "network/route_table.hpp"
#include "sim/bandwidth_estimator.hpp"
#include "sim/battery_extension.hpp"
#include "sim/static_route_zone.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

namespace {

bool touches(const LinkRuntime& l, const std::string& id) {
    for (const auto& [a, b] : l.pairs)
        if (a == id || b == id) return true;
    return false;
}

// The devices a route passes through, in order: after link i, the device that is on link i with
// the current one and also on link i + 1 (shared links carry several pairs, so the pairs alone do
// not say which end is next).
std::vector<std::string> relays_of(const std::vector<LinkRuntime*>& links,
                                   const std::string& from) {
    std::vector<std::string> relays;
    std::string cur = from;
    for (std::size_t i = 0; i + 1 < links.size(); ++i) {
        std::string next;
        for (const auto& [a, b] : links[i]->pairs) {
            const std::string* other = a == cur ? &b : (b == cur ? &a : nullptr);
            if (other && touches(*links[i + 1], *other)) {
                next = *other;
                break;
            }
        }
        if (next.empty()) break;  // cannot happen for a path of the route table
        relays.push_back(next);
        cur = next;
    }
    return relays;
}

// The catalog entry with the scenario's `power:` figures in place of the catalog's: busy and idle
// in every DVFS state, tx/rx per radio kind (a radio the catalog does not list is added).
std::unique_ptr<devices::DeviceType> with_power(const devices::DeviceType& catalog,
                                                const scenarios::PowerOverride& p) {
    auto t = std::make_unique<devices::DeviceType>(catalog);
    for (auto& ps : t->pstates) {
        if (p.busy_w) {
            ps.busy_w = *p.busy_w;
            ps.busy_known = true;
        }
        if (p.idle_w) {
            ps.idle_w = *p.idle_w;
            ps.idle_known = true;
        }
    }
    std::set<std::string> kinds;
    for (const auto& [k, w] : p.radio_tx_w) kinds.insert(k);
    for (const auto& [k, w] : p.radio_rx_w) kinds.insert(k);
    for (const auto& kind : kinds) {
        auto it = std::find_if(t->radios.begin(), t->radios.end(),
                               [&](const devices::Radio& r) { return r.kind == kind; });
        if (it == t->radios.end()) {
            devices::Radio r;
            r.kind = kind;
            r.power_known = false;
            t->radios.push_back(r);
            it = t->radios.end() - 1;
        }
        // Known once both directions have a figure, from the catalog or the scenario.
        const bool catalog_known = it->power_known;
        const auto tx = p.radio_tx_w.find(kind), rx = p.radio_rx_w.find(kind);
        if (tx != p.radio_tx_w.end()) it->tx_w = tx->second;
        if (rx != p.radio_rx_w.end()) it->rx_w = rx->second;
        it->power_known = (tx != p.radio_tx_w.end() || catalog_known) &&
                          (rx != p.radio_rx_w.end() || catalog_known);
        it->source = "scenario power override";
    }
    return t;
}

bool has_power(const scenarios::PowerOverride& p) {
    return p.busy_w || p.idle_w || !p.radio_tx_w.empty() || !p.radio_rx_w.empty();
}

}  // namespace

std::string PlatformBuilder::role_of(const devices::DeviceType& type) {
    switch (type.device_class) {
        case devices::DeviceClass::CloudServer:
            return "cloud";
        case devices::DeviceClass::EdgeServer:
        case devices::DeviceClass::Laptop:
            return "edge";
        default:
            return "terminal";
    }
}

void PlatformBuilder::build() {
    world_.zone = new StaticRouteZone("a2iot");  // owned by SimGrid's engine
    build_hosts();
    build_links();
    build_routes();
    // Per-request lookups resolved once (see Route).
    for (auto& [from, to_route] : world_.routes) {
        world_.device(from).routes = &to_route;
        for (auto& [to, r] : to_route) {
            r.target = &world_.device(to);
            r.est = world_.bandwidth->slot(from, to);
        }
    }
    world_.zone->get_iface()->seal();
}

void PlatformBuilder::build_hosts() {
    sg4::NetZone* zone = world_.zone->get_iface();
    const auto& spec = *world_.spec;
    for (std::size_t i = 0; i < spec.devices.size(); ++i) {
        const auto& ds = spec.devices[i];
        const devices::DeviceType* type = catalog_.find(ds.type);
        if (!type || type->pstates.empty())
            throw common::InputError(ds.loc.file, ds.loc.line, "devices." + ds.id + ".type",
                                     ds.type, "a catalog device type with DVFS states");
        auto dev = std::make_unique<DeviceRuntime>();
        if (has_power(ds.power)) {
            dev->own_type = with_power(*type, ds.power);
            type = dev->own_type.get();
        }
        dev->spec = &ds;
        dev->type = type;
        dev->index = i;
        dev->role = role_of(*type);
        dev->governor = ds.dvfs.governor;
        const int cores = std::max(1, type->cores);
        // SimGrid host speed is per core: one inference runs on one core (docs/simulation.md).
        // A state without a FLOP/s figure gets a token speed; the runtime never runs CNN work
        // there (DeviceRuntime::can_compute).
        std::vector<double> speeds;
        std::string wattage;
        for (const auto& ps : type->pstates) {
            speeds.push_back(ps.flops_per_s && *ps.flops_per_s > 0 ? *ps.flops_per_s / cores : 1.0);
            // SimGrid 3.32 reads "idle:epsilon:all_cores" and charges epsilon + load x
            // (all_cores - epsilon) while anything runs. epsilon = idle makes the power
            // idle + (busy - idle) x busy_cores / cores, the model of docs/simulation.md.
            wattage += fmt::format("{}{}:{}:{}", wattage.empty() ? "" : ",", ps.idle_w, ps.idle_w,
                                   ps.busy_w);
        }
        sg4::Host* h = zone->create_host(ds.id, speeds);
        h->set_core_count(cores);
        h->set_property("wattage_per_state", wattage);
        h->set_property("wattage_off", "0");
        h->seal();
        dev->host = h;
        const int last = static_cast<int>(type->pstates.size()) - 1;
        using G = scenarios::DvfsSpec::Governor;
        switch (ds.dvfs.governor) {
            case G::Fixed:
                dev->pstate = std::clamp(ds.dvfs.state, 0, last);
                break;
            case G::Powersave:
                dev->pstate = last;
                break;
            default:
                dev->pstate = 0;
                break;  // Default, Performance, Ondemand start fast
        }
        h->set_pstate(dev->pstate);

        std::optional<devices::Battery> battery;
        const auto& bo = ds.battery;
        double capacity_j = 0;
        if (bo.energy_j)
            capacity_j = *bo.energy_j;
        else if (bo.capacity_c || type->battery) {
            const double c = bo.capacity_c
                                 ? *bo.capacity_c
                                 : (type->battery ? type->battery->capacity_mah * 3.6 : 0);
            const double v =
                bo.voltage_v ? *bo.voltage_v : (type->battery ? type->battery->voltage_v : 3.7);
            capacity_j = c * v;
        }
        if (capacity_j > 0) battery.emplace(capacity_j, bo.level_frac.value_or(1.0));
        dev->state = ds.join_at_s ? "off" : "on";
        world_.by_id[ds.id] = dev.get();
        world_.devices.push_back(std::move(dev));
        auto& d = *world_.devices.back();
        d.energy = std::make_unique<BatteryExtension>(d, std::move(battery));
    }
    sg4::Host* c = zone->create_host("a2iot-controller", 1e9);
    c->set_property("wattage_per_state", "0:0:0");
    c->set_property("wattage_off", "0");
    c->seal();
    world_.controller = c;
}

void PlatformBuilder::build_links() {
    sg4::NetZone* zone = world_.zone->get_iface();
    const auto& spec = *world_.spec;
    for (std::size_t i = 0; i < spec.links.size(); ++i) {
        const auto& ls = spec.links[i];
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const auto& f : ls.from_devices)
            for (const auto& t : ls.to_devices)
                if (f != t) pairs.emplace_back(f, t);
        auto make = [&](const std::string& name,
                        std::vector<std::pair<std::string, std::string>> p) {
            auto lr = std::make_unique<LinkRuntime>();
            lr->spec = &ls;
            lr->pairs = std::move(p);
            lr->bandwidth_bps = ls.bandwidth_bps;
            lr->latency_s = ls.latency_s;
            // SimGrid bandwidths are bytes per second.
            sg4::Link* l = zone->create_link(name, ls.bandwidth_bps / 8.0);
            l->set_latency(ls.latency_s);
            if (ls.trace && !ls.trace->points.empty()) {
                // Profile values are absolute bytes/s. A point at date 0 is the initial bandwidth
                // (already set): SimGrid mishandles a profile event at date 0.
                std::string text;
                for (const auto& p : ls.trace->points)
                    if (p.t_s > 0) text += fmt::format("{} {}\n", p.t_s, p.value / 8.0);
                if (!text.empty())
                    l->set_bandwidth_profile(simgrid::kernel::profile::ProfileBuilder::from_string(
                        name + "-bw", text, ls.trace->loop_after_s.value_or(-1.0)));
            }
            l->seal();
            lr->link = l;
            world_.links.push_back(std::move(lr));
        };
        if (ls.shared) {
            make(fmt::format("link{}", i), pairs);
        } else {
            for (const auto& p : pairs)
                make(fmt::format("link{}:{}-{}", i, p.first, p.second), {p});
        }
    }
}

void PlatformBuilder::build_routes() {
    network::RouteTable table;
    for (std::size_t i = 0; i < world_.links.size(); ++i)
        for (const auto& [a, b] : world_.links[i]->pairs)
            table.add_link(a, b, static_cast<int>(i), world_.links[i]->latency_s);
    std::set<std::pair<std::string, std::string>> done;
    for (const auto& dev : world_.devices) {
        if (dev->role == "terminal") continue;
        const std::string& server = dev->spec->id;
        for (auto& [from, path] : table.routes_from(server)) {
            Route r;
            // routes_from gives server -> device; the request goes device -> server.
            for (auto it = path.rbegin(); it != path.rend(); ++it)
                r.links.push_back(world_.links[static_cast<std::size_t>(*it)].get());
            std::vector<sg4::Link*> links;
            for (auto* l : r.links) links.push_back(l->link);
            for (const auto& id : relays_of(r.links, from)) r.relays.push_back(&world_.device(id));
            auto key = std::minmax(from, server);
            if (done.insert({key.first, key.second}).second)
                world_.zone->set_route(world_.device(from).host, dev->host, links);
            world_.bandwidth->seed(from, server, r.bottleneck_bps());
            world_.routes[from].emplace(server, std::move(r));
        }
    }
    // Cooperating terminals (DeepThings' peers): two terminals joined directly by a link reach
    // each other over that one link. Only direct links: a peer route through an edge would make
    // every terminal of a large WLAN a target of every other (N^2 routes) for no policy's use.
    for (const auto& l : world_.links) {
        for (const auto& [a, b] : l->pairs) {
            if (world_.device(a).role != "terminal" || world_.device(b).role != "terminal")
                continue;
            for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
                if (world_.routes[from].count(to)) continue;
                Route r;
                r.links.push_back(l.get());
                auto key = std::minmax(from, to);
                if (done.insert({key.first, key.second}).second)
                    world_.zone->set_route(world_.device(from).host, world_.device(to).host,
                                           {l->link});
                world_.bandwidth->seed(from, to, r.bottleneck_bps());
                world_.routes[from].emplace(to, std::move(r));
            }
        }
    }
    // The radio a device uses is the kind of its first link.
    for (const auto& l : world_.links) {
        for (const auto& [a, b] : l->pairs) {
            for (const std::string* id : {&a, &b}) {
                DeviceRuntime& dev = world_.device(*id);
                if (!dev.first_hop_kind.empty()) continue;
                dev.first_hop_kind = l->spec->kind;
                const auto* radio = dev.type->radio(l->spec->kind);
                // Scenario links say "wired" where the catalog lists the interface, ethernet.
                if (!radio && l->spec->kind == "wired") radio = dev.type->radio("ethernet");
                if (radio) {
                    dev.radio_tx_w = radio->tx_w;
                    dev.radio_rx_w = radio->rx_w;
                    dev.radio_power_known = radio->power_known;
                }
            }
        }
    }
}

}  // namespace a2iot::sim
