#include "scenarios/event_section_reader.hpp"

#include <algorithm>

#include "devices/catalog.hpp"

namespace a2iot::scenarios {

using common::Quantity;

void EventSectionReader::read(const YAML::Node& events) {
    for (std::size_t i = 0; i < events.size(); ++i) {
        const YAML::Node el = events[i];
        if (auto ev = read_event(el, "events." + std::to_string(i), MapReader::line_of(el, 1), i))
            ctx_.spec.events.push_back(std::move(*ev));
    }
}

std::optional<EventSpec> EventSectionReader::read_event(const YAML::Node& node,
                                                        const std::string& path, int line,
                                                        std::size_t index) {
    const std::size_t errors_before = ctx_.sink.size();
    MapReader m(node, path, line, ctx_.sink, {"at", "link", "device", "join", "domain_shift"},
                "an event {at: TIME, link|device|join|domain_shift: {...}}");
    if (!m.valid()) return std::nullopt;
    EventSpec ev;
    ev.loc = ctx_.loc(m.map_line());
    if (auto at = ctx_.read_time_within(m, "at", Bound::NonNegative, true)) ev.at_s = *at;
    std::vector<std::string> kinds;
    for (const char* k : {"link", "device", "join", "domain_shift"})
        if (m.has(k)) kinds.push_back(k);
    if (kinds.size() != 1) {
        ctx_.sink.add(m.map_line(), path,
                      kinds.empty() ? MapReader::describe(node) : MapReader::list_words(kinds),
                      "exactly one of link, device, join, domain_shift");
        return std::nullopt;
    }
    const std::string& kind = kinds.front();
    bool ok = false;
    if (kind == "link") {
        ev.kind = EventSpec::Kind::Link;
        MapReader e(m.node("link"), m.path("link"), m.line("link"), ctx_.sink,
                    {"from", "to", "bandwidth", "latency", "state"},
                    "a link change {from, to, bandwidth, latency, state}");
        ok = e.valid() && read_link_event(e, ev.link);
    } else if (kind == "device") {
        ev.kind = EventSpec::Kind::Device;
        MapReader e(m.node("device"), m.path("device"), m.line("device"), ctx_.sink,
                    {"id", "battery", "state", "dvfs_state"},
                    "a device change {id, battery, state, dvfs_state}");
        ok = e.valid() && read_device_event(e, ev.device);
    } else if (kind == "domain_shift") {
        ev.kind = EventSpec::Kind::DomainShift;
        MapReader e(m.node("domain_shift"), m.path("domain_shift"), m.line("domain_shift"),
                    ctx_.sink, {"devices", "kind", "severity"},
                    "a domain shift {devices, kind, severity}");
        ok = e.valid() && read_domain_shift(e, ev.domain_shift);
    } else {
        ev.kind = EventSpec::Kind::Join;
        const JoinEvent* join = joins_.find(index);
        if (!join) return std::nullopt;  // reported by JoinReader
        ev.join = *join;
        ok = true;
    }
    if (!ok || ctx_.sink.size() != errors_before) return std::nullopt;
    return ev;
}

bool EventSectionReader::read_link_event(const MapReader& m, LinkEvent& out) {
    auto from = ctx_.resolve(m, "from", true);
    auto to = ctx_.resolve(m, "to", true);
    out.bandwidth_bps = m.quantity("bandwidth", Quantity::Bandwidth, Bound::Positive);
    out.latency_s = m.quantity("latency", Quantity::Time, Bound::NonNegative);
    if (auto state = m.choice("state", {"up", "down"})) out.up = *state == "up";
    if (!m.has("bandwidth") && !m.has("latency") && !m.has("state")) {
        ctx_.sink.add(m.map_line(), m.path(), MapReader::describe(m.node("from")),
                      "at least one change: bandwidth, latency or state");
        return false;
    }
    if (!from || !to) return false;
    out.from = m.node("from").Scalar();
    out.to = m.node("to").Scalar();
    // The event changes links that exist; it cannot create one.
    for (const auto& [lf, lt] : ctx_.link_sets)
        if ((includes(lf, *from) && includes(lt, *to)) ||
            (includes(lf, *to) && includes(lt, *from)))
            return true;
    // A link entry with errors was not added: this event follows from that error.
    if (ctx_.broken_link_between(*from, *to)) return false;
    ctx_.sink.add(m.map_line(), m.path(), out.from + " <-> " + out.to,
                  "a link declared under links (or by a join) between these ends");
    return false;
}

bool EventSectionReader::read_device_event(const MapReader& m, DeviceEvent& out) {
    auto members = ctx_.resolve(m, "id", true);
    out.battery_frac = m.quantity("battery", Quantity::Fraction, Bound::NonNegative);
    if (auto state = m.choice("state", {"on", "off"})) out.on = *state == "on";
    if (m.has("dvfs_state")) {
        long long max_state = 1000;
        const devices::DeviceType* stateless = nullptr;
        if (members) {
            // The state must exist on every device the event names.
            for (std::size_t i : *members) {
                const auto* t = devices::Catalog::builtin().find(ctx_.spec.devices[i].type);
                if (!t) continue;
                if (t->pstates.empty())
                    stateless = t;
                else
                    max_state = std::min<long long>(max_state, t->pstates.size() - 1);
            }
        }
        if (stateless)
            ctx_.sink.add(m.line("dvfs_state"), m.path("dvfs_state"),
                          MapReader::describe(m.node("dvfs_state")),
                          "no dvfs_state: '" + stateless->id + "' has no P-states in the catalog");
        else if (auto s = m.integer("dvfs_state", 0, max_state))
            out.dvfs_state = static_cast<int>(*s);
    }
    if (!m.has("battery") && !m.has("state") && !m.has("dvfs_state")) {
        ctx_.sink.add(m.map_line(), m.path(), MapReader::describe(m.node("id")),
                      "at least one change: battery, state or dvfs_state");
        return false;
    }
    if (!members) return false;
    out.id = m.node("id").Scalar();
    return true;
}

bool EventSectionReader::read_domain_shift(const MapReader& m, DomainShiftEvent& out) {
    auto members = ctx_.resolve(m, "devices", true);
    if (auto kind = m.ident("kind", "[a-z0-9_-]+",
                            "a shift kind such as brightness, noise, blur or rotation", true))
        out.kind = *kind;
    if (auto sev = m.quantity("severity", Quantity::Fraction, Bound::NonNegative, true))
        out.severity = *sev;
    if (!members) return false;
    out.devices = m.node("devices").Scalar();
    out.device_ids = ctx_.names_of(*members);
    return true;
}

}  // namespace a2iot::scenarios
