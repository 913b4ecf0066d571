#include "sim/event_timeline.hpp"

#include <fmt/core.h>
#include <set>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include "common/units.hpp"
#include "sim/battery_extension.hpp"
#include "sim/device_control.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

void EventTimeline::operator()() {
    for (const auto& ev : world_.spec->events) {
        if (ev.at_s > world_.end_s) break;
        if (ev.at_s > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(ev.at_s);
        // Rows carry the time as written (120 s is 120, not the clock's 119.9999999999968).
        now_s_ = ev.at_s;
        apply(ev);
    }
}

std::vector<std::string> EventTimeline::members(const std::string& id) const {
    if (const auto* g = world_.spec->find_group(id)) return g->members;
    return {id};
}

void EventTimeline::record(const std::string& kind, const std::string& subject,
                           const std::string& detail) {
    world_.recorder->add(results::EventRow{now_s_, kind, subject, detail});
}

void EventTimeline::apply(const scenarios::EventSpec& ev) {
    switch (ev.kind) {
        case scenarios::EventSpec::Kind::Link:
            apply_link(ev.link);
            break;
        case scenarios::EventSpec::Kind::Device:
            apply_device(ev.device);
            break;
        case scenarios::EventSpec::Kind::Join:
            apply_join(ev.join);
            break;
        case scenarios::EventSpec::Kind::DomainShift:
            apply_domain_shift(ev.domain_shift);
            break;
    }
}

void EventTimeline::apply_link(const scenarios::LinkEvent& e) {
    const auto f = members(e.from);
    const auto t = members(e.to);
    const std::set<std::string> from(f.begin(), f.end()), to(t.begin(), t.end());
    int changed = 0;
    for (auto& l : world_.links) {
        bool match = false;
        for (const auto& [a, b] : l->pairs)
            match |= (from.count(a) && to.count(b)) || (from.count(b) && to.count(a));
        if (!match) continue;
        ++changed;
        if (e.bandwidth_bps) {
            l->link->set_bandwidth(*e.bandwidth_bps / 8.0);  // SimGrid: bytes/s
            l->bandwidth_bps = *e.bandwidth_bps;
        }
        if (e.latency_s) {
            l->link->set_latency(*e.latency_s);
            l->latency_s = *e.latency_s;
        }
        if (e.up) {
            if (*e.up)
                l->link->turn_on();
            else
                l->link->turn_off();  // comms crossing it fail: recorded as failed requests
            l->up = *e.up;
        }
    }
    std::string detail;
    if (e.bandwidth_bps)
        detail +=
            "bandwidth=" + common::format_quantity(*e.bandwidth_bps, common::Quantity::Bandwidth) +
            " ";
    if (e.latency_s)
        detail += "latency=" + common::format_quantity(*e.latency_s, common::Quantity::Time) + " ";
    if (e.up) detail += *e.up ? "state=up " : "state=down ";
    detail += fmt::format("({} link(s))", changed);
    record("link", e.from + "->" + e.to, detail);
}

void EventTimeline::apply_device(const scenarios::DeviceEvent& e) {
    for (const auto& id : members(e.id)) {
        DeviceRuntime& d = world_.device(id);
        // A dead device stays dead at 0 unless the event recharges it: battery > 0 together with
        // state: on (docs/simulation.md, "Death and recharge").
        const bool recharge =
            d.state == "dead" && e.battery_frac && *e.battery_frac > 0 && e.on && *e.on;
        if (e.battery_frac) {
            if (!d.energy->has_battery()) {
                record("battery", id, "ignored: mains powered");
            } else if (d.state == "dead" && !recharge) {
                record("battery", id,
                       fmt::format("ignored level={:.4g}: {} is dead (recharge it with battery > 0 "
                                   "and state: on in one event)",
                                   *e.battery_frac, id));
            } else if (recharge) {
                d.energy->recharge(*e.battery_frac);
                record("battery", id, fmt::format("level={:.4g} (recharge)", *e.battery_frac));
            } else {
                d.energy->set_level(*e.battery_frac);
                record("battery", id, fmt::format("level={:.4g}", *e.battery_frac));
            }
        }
        if (e.dvfs_state) {
            const int last = static_cast<int>(d.type->pstates.size()) - 1;
            d.pstate = std::clamp(*e.dvfs_state, 0, last);
            d.governor = scenarios::DvfsSpec::Governor::Fixed;
            if (d.host->is_on()) d.host->set_pstate(d.pstate);
            d.energy->power_changed();
            record("dvfs", id, fmt::format("state={}", d.pstate));
        }
        if (e.on) {
            if (*e.on) {
                const bool done = control_.turn_on(d);
                record("device_on", id, done ? "on" : "ignored: already on or battery empty");
            } else if (d.state == "on") {
                control_.stop(d, "off", "turned off by an event", now_s_);
                record("device_off", id, "off");
            } else {
                record("device_off", id, "ignored: already " + d.state);
            }
        }
    }
}

void EventTimeline::apply_join(const scenarios::JoinEvent& e) {
    for (const auto& id : e.device_ids) {
        DeviceRuntime& d = world_.device(id);
        const bool done = control_.turn_on(d);
        record("join", id,
               done ? fmt::format("type={} link_to={}", e.type, e.link_to) : "ignored: already on");
    }
}

void EventTimeline::apply_domain_shift(const scenarios::DomainShiftEvent& e) {
    for (const auto& id : e.device_ids) {
        DeviceRuntime& d = world_.device(id);
        d.domain_shift = true;
        d.domain_shift_severity = e.severity;
    }
    record(
        "domain_shift", e.devices,
        fmt::format("kind={} severity={:.3g} devices={}", e.kind, e.severity, e.device_ids.size()));
}

}  // namespace a2iot::sim
