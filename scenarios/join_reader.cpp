#include "scenarios/join_reader.hpp"

#include <algorithm>

#include "devices/catalog.hpp"
#include "scenarios/device_section_reader.hpp"

namespace a2iot::scenarios {

using common::Quantity;

void JoinReader::read(const YAML::Node& events) {
    for (std::size_t i = 0; i < events.size(); ++i) {
        const YAML::Node ev = events[i];
        if (!ev.IsMap()) continue;  // reported by EventSectionReader
        const YAML::Node node = ev["join"];
        if (!node.IsDefined()) continue;
        const std::string path = "events." + std::to_string(i) + ".join";
        const int line = MapReader::line_of(node, MapReader::line_of(ev, 1));
        const std::size_t errors_before = ctx_.sink.size();
        DeviceSectionReader device(ctx_);
        MapReader m(node, path, line, ctx_.sink,
                    {"id", "type", "count", "link", "battery", "power", "queue_limit"},
                    "a join {id, type, count, link: {to, bandwidth, latency, kind}}");
        if (!m.valid()) {
            ctx_.mark_broken_text(node, false);  // `join: phone`
            continue;
        }
        JoinEvent j;
        auto id = m.ident("id", kIdPattern, kIdExpected, true);
        const devices::DeviceType* type = device.read_type(m);
        if (auto count = m.integer("count", 1, kMaxCount)) j.count = static_cast<int>(*count);
        DeviceSpec proto;
        if (m.has("battery"))
            if (auto b = device.read_battery(m.node("battery"), m.path("battery"),
                                             m.line("battery"), type))
                proto.battery = *b;
        if (m.has("power"))
            if (auto p = device.read_power(m.node("power"), m.path("power"), m.line("power"))) {
                proto.power = *p;
                proto.power.loc = ctx_.loc(m.line("power"));
            }
        if (m.has("queue_limit"))
            if (auto q = device.read_queue_limit(m)) proto.queue_limit = *q;
        // The join time is read again with the event; here it marks the pre-created hosts.
        std::optional<double> at;
        if (ev["at"].IsDefined() && ev["at"].IsScalar()) {
            try {
                at = common::parse_quantity(ev["at"].Scalar(), Quantity::Time);
            } catch (const std::exception&) {
                // reported by EventSectionReader
            }
        }
        if (m.has("link")) {
            MapReader l(m.node("link"), m.path("link"), m.line("link"), ctx_.sink,
                        {"to", "bandwidth", "latency", "kind"},
                        "a link {to, bandwidth, latency, kind}");
            if (l.valid()) {
                if (auto to = l.scalar("to", "a device or group id", true)) j.link_to = *to;
                if (auto bw = l.quantity("bandwidth", Quantity::Bandwidth, Bound::Positive, true))
                    j.bandwidth_bps = *bw;
                if (auto lat = l.quantity("latency", Quantity::Time, Bound::NonNegative))
                    j.latency_s = *lat;
                if (auto kind = l.choice("kind", kLinkKinds)) j.link_kind = *kind;
            }
        }
        const bool group = m.has("count");
        if (!id) {
            ctx_.mark_broken_text(m.node("id"), group);
            continue;
        }
        j.id = *id;
        j.type = type ? type->id : "";
        // JoinEvent contract: count 1 is a single device named id, more is a group id-0...
        proto.group = *id;
        proto.type = j.type;
        proto.join_at_s = at.value_or(0.0);
        proto.loc = ctx_.loc(m.map_line());
        if (ctx_.spec.devices.size() + static_cast<std::size_t>(j.count) > kMaxDevices) {
            ctx_.sink.add(m.line("count"), m.path("count"), std::to_string(j.count),
                          "at most " + std::to_string(kMaxDevices) + " devices in all");
            if (!ctx_.ids.count(*id)) ctx_.mark_broken(*id, {}, group);
            continue;
        }
        // An id declared by an earlier entry is that entry's; its clash is the one error.
        const bool id_taken = ctx_.ids.count(*id) > 0;
        std::vector<std::size_t> members;
        for (int k = 0; k < j.count; ++k) {
            DeviceSpec d = proto;
            d.id = j.count > 1 ? *id + "-" + std::to_string(k) : *id;
            if (j.count > 1 && id_taken && ctx_.ids.count(d.id)) continue;
            if (j.count > 1 && !ctx_.declare(d.id, {ctx_.spec.devices.size()}, m.map_line(), path))
                continue;
            members.push_back(ctx_.spec.devices.size());
            j.device_ids.push_back(d.id);
            ctx_.spec.devices.push_back(std::move(d));
        }
        if (!ctx_.declare(*id, members, m.map_line(), m.path("id"))) continue;
        ctx_.declared_order.push_back(*id);
        if (ctx_.sink.size() != errors_before) {
            // A bad count leaves one device named id: its "id-N" are the group's follow-ons.
            ctx_.mark_broken(*id, members, group);
            continue;
        }
        joins_[i] = std::move(j);
    }
}

void JoinReader::read_links(const YAML::Node& events) {
    for (auto it = joins_.begin(); it != joins_.end();) {
        JoinEvent& join = it->second;
        if (join.link_to.empty()) {
            ++it;
            continue;
        }
        const YAML::Node node = events[it->first]["join"]["link"];
        const std::string path = "events." + std::to_string(it->first) + ".join.link";
        MapReader l(node, path, MapReader::line_of(node, 1), ctx_.sink,
                    {"to", "bandwidth", "latency", "kind"}, "a link");
        auto to = ctx_.resolve(l, "to", true);
        std::vector<std::size_t> self = ctx_.ids.at(join.id).members;
        std::sort(self.begin(), self.end());
        if (to && intersects(*to, self)) {
            ctx_.sink.add(l.line("to"), l.path("to"), join.link_to,
                          "a device other than the joining one");
            ctx_.add_broken_link(self, *to);
            it = joins_.erase(it);
            continue;
        }
        if (!to) {
            // Reported; the event is dropped with it, and events on the link it was meant to be
            // are not reported as changing a link that does not exist.
            ctx_.add_broken_link(self, ctx_.known_members(node["to"]));
            it = joins_.erase(it);
            continue;
        }
        LinkSpec link;
        link.from = join.id;
        link.to = join.link_to;
        link.from_devices = join.device_ids;
        link.to_devices = ctx_.names_of(*to);
        link.bandwidth_bps = join.bandwidth_bps;
        link.latency_s = join.latency_s;
        link.kind = join.link_kind;
        link.loc = ctx_.loc(l.map_line());
        ctx_.add_link(std::move(link), std::move(self), *to, path);
        ++it;
    }
}

const JoinEvent* JoinReader::find(std::size_t index) const {
    auto it = joins_.find(index);
    return it == joins_.end() ? nullptr : &it->second;
}

}  // namespace a2iot::scenarios
