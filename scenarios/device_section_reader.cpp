#include "scenarios/device_section_reader.hpp"

#include <cmath>

#include "devices/catalog.hpp"

namespace a2iot::scenarios {
namespace {

using common::Quantity;

// Radio kinds a `power:` override may name (<kind>_tx, <kind>_rx): the catalog's radio kinds.
const std::vector<std::string> kRadioKinds{"wifi", "lte", "3g", "ble", "ethernet"};
constexpr long long kMaxQueueLimit = 1000000;

}  // namespace

void DeviceSectionReader::read(const MapReader& top) {
    const auto list = ctx_.list_section(top, "devices", "a list of devices", true);
    if (!list || list->size() == 0) {
        // Nothing is declared, so every id used elsewhere would be reported as unknown too.
        ctx_.ids_unknown = true;
        if (list) ctx_.sink.add(top.line("devices"), "devices", "[]", "at least one device");
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_device(el, ReadContext::element_path("devices", el, i),
                    MapReader::line_of(el, top.line("devices")));
    }
}

const devices::DeviceType* DeviceSectionReader::read_type(const MapReader& m) {
    const auto& catalog = devices::Catalog::builtin();
    const std::string expected = "a device type from the catalog (see `a2iot devices`)";
    auto type = m.scalar("type", expected, true);
    if (!type) return nullptr;
    const devices::DeviceType* t = catalog.find(*type);
    if (!t) {
        std::vector<std::string> close = catalog.close_ids(*type);
        ctx_.sink.add(
            m.line("type"), m.path("type"), *type,
            expected + (close.empty() ? std::string() : ", e.g. " + MapReader::list_words(close)));
    }
    return t;
}

void DeviceSectionReader::read_device(const YAML::Node& node, const std::string& path, int line) {
    const std::size_t errors_before = ctx_.sink.size();
    MapReader m(node, path, line, ctx_.sink,
                {"id", "type", "count", "battery", "dvfs", "power", "queue_limit"}, "a device");
    if (!m.valid()) {
        ctx_.mark_broken_text(node, false);  // `- cam` for `- {id: cam, ...}`
        return;
    }
    auto id = m.ident("id", kIdPattern, kIdExpected, true);
    const devices::DeviceType* type = read_type(m);
    std::optional<long long> count;
    if (m.has("count")) {
        // Counts go through the one quantity parser so "1e3" reads as 1000; fractions and
        // out-of-range values are rejected below.
        if (auto v = MapReader::parse(m.node("count"), Quantity::Count, Bound::Any, m.path("count"),
                                      m.line("count"), ctx_.sink)) {
            if (*v < 1 || *v > kMaxCount || *v != std::floor(*v))
                ctx_.sink.add(
                    m.line("count"), m.path("count"), m.node("count").Scalar(),
                    "a whole number of devices in [1, " + std::to_string(kMaxCount) + "]");
            else
                count = static_cast<long long>(*v);
        }
    }
    DeviceSpec proto;
    if (m.has("battery"))
        if (auto b = read_battery(m.node("battery"), m.path("battery"), m.line("battery"), type))
            proto.battery = *b;
    if (m.has("dvfs"))
        if (auto d = read_dvfs(m.node("dvfs"), m.path("dvfs"), m.line("dvfs"), type))
            proto.dvfs = *d;
    if (m.has("power"))
        if (auto p = read_power(m.node("power"), m.path("power"), m.line("power"))) {
            proto.power = *p;
            proto.power.loc = ctx_.loc(m.line("power"));
        }
    if (m.has("queue_limit"))
        if (auto q = read_queue_limit(m)) proto.queue_limit = *q;
    const bool group = m.has("count");
    if (!id) {
        ctx_.mark_broken_text(m.node("id"), group);
        return;
    }
    const bool ok = ctx_.sink.size() == errors_before;
    proto.group = *id;
    proto.type = type ? type->id : (m.node("type").IsScalar() ? m.node("type").Scalar() : "");
    proto.loc = ctx_.loc(m.map_line());
    std::vector<std::size_t> members;
    const long long n = count.value_or(1);
    // An id declared by an earlier entry is that entry's: uses of it are checked against it.
    const bool id_taken = ctx_.ids.count(*id) > 0;
    if (group && !count) {
        if (!id_taken) ctx_.mark_broken(*id, {}, true);
        return;
    }
    if (ctx_.spec.devices.size() + static_cast<std::size_t>(n) > kMaxDevices) {
        ctx_.sink.add(m.line("count"), m.path("count"), std::to_string(n),
                      "at most " + std::to_string(kMaxDevices) + " devices in all (" +
                          std::to_string(ctx_.spec.devices.size()) +
                          " are declared before this entry)");
        if (!id_taken) ctx_.mark_broken(*id, {}, group);
        return;
    }
    for (long long k = 0; k < n; ++k) {
        DeviceSpec d = proto;
        d.id = m.has("count") ? *id + "-" + std::to_string(k) : *id;
        if (group) {
            // Members are ids too: "cam-3" in an event or a link. When the group's id is taken
            // (a duplicate entry), that one error is reported, not one per member as well.
            if (id_taken && ctx_.ids.count(d.id)) continue;
            if (!ctx_.declare(d.id, {ctx_.spec.devices.size()}, m.map_line(), path)) continue;
        }
        members.push_back(ctx_.spec.devices.size());
        ctx_.spec.devices.push_back(std::move(d));
    }
    if (!ctx_.declare(*id, members, m.map_line(), m.path("id"))) return;
    ctx_.declared_order.push_back(*id);
    if (!ok) ctx_.mark_broken(*id, members, group);
}

std::optional<BatteryOverride> DeviceSectionReader::read_battery(const YAML::Node& node,
                                                                 const std::string& path, int line,
                                                                 const devices::DeviceType* type) {
    const std::size_t errors_before = ctx_.sink.size();
    MapReader m(node, path, line, ctx_.sink, {"capacity", "voltage", "level", "energy"},
                "a battery override such as {capacity: 5000mAh, voltage: 3.7V, level: 80%}");
    if (!m.valid()) return std::nullopt;
    BatteryOverride b;
    b.capacity_c = m.quantity("capacity", Quantity::Charge, Bound::Positive);
    b.energy_j = m.quantity("energy", Quantity::Energy, Bound::Positive);
    b.voltage_v = m.quantity("voltage", Quantity::Voltage, Bound::Positive);
    b.level_frac = m.quantity("level", Quantity::Fraction, Bound::NonNegative);
    if (m.has("capacity") && m.has("energy"))
        ctx_.sink.add(m.line("energy"), m.path("energy"), MapReader::describe(m.node("energy")),
                      "either capacity (charge) or energy, not both");
    if (type && !type->battery_powered() && !m.has("capacity") && !m.has("energy"))
        ctx_.sink.add(m.map_line(), path, MapReader::describe(node),
                      "a capacity or energy: '" + type->id +
                          "' is mains powered in the catalog, so there is no battery to adjust");
    if (type && !type->battery_powered() && m.has("capacity") && !m.has("voltage"))
        ctx_.sink.add(
            m.map_line(), m.path("voltage"), "",
            "a voltage with the capacity: '" + type->id + "' has no battery in the catalog");
    if (ctx_.sink.size() != errors_before) return std::nullopt;
    return b;
}

std::optional<DvfsSpec> DeviceSectionReader::read_dvfs(const YAML::Node& node,
                                                       const std::string& path, int line,
                                                       const devices::DeviceType* type) {
    const std::string expected = "ondemand, powersave, performance or {state: N}";
    // A microcontroller (a fitness band) has no published P-states: nothing to govern.
    if (type && type->pstates.empty()) {
        ctx_.sink.add(line, path, MapReader::describe(node),
                      "no dvfs setting: '" + type->id + "' has no P-states in the catalog");
        return std::nullopt;
    }
    DvfsSpec d;
    if (node.IsScalar()) {
        const std::string& v = node.Scalar();
        if (v == "ondemand")
            d.governor = DvfsSpec::Governor::Ondemand;
        else if (v == "powersave")
            d.governor = DvfsSpec::Governor::Powersave;
        else if (v == "performance")
            d.governor = DvfsSpec::Governor::Performance;
        else {
            ctx_.sink.add(line, path, v, expected);
            return std::nullopt;
        }
        return d;
    }
    MapReader m(node, path, line, ctx_.sink, {"state"}, expected);
    if (!m.valid()) return std::nullopt;
    const long long max_state =
        type && !type->pstates.empty() ? static_cast<long long>(type->pstates.size()) - 1 : 1000;
    auto state = m.integer("state", 0, max_state, true);
    if (!state) return std::nullopt;
    d.governor = DvfsSpec::Governor::Fixed;
    d.state = static_cast<int>(*state);
    return d;
}

std::optional<PowerOverride> DeviceSectionReader::read_power(const YAML::Node& node,
                                                             const std::string& path, int line) {
    ErrorSink& sink = ctx_.sink;
    std::vector<std::string> keys{"busy", "idle"};
    for (const auto& k : kRadioKinds) {
        keys.push_back(k + "_tx");
        keys.push_back(k + "_rx");
    }
    const std::size_t errors_before = sink.size();
    MapReader m(node, path, line, sink, keys,
                "power figures such as {busy: 2.5W, idle: 0.3W, wifi_tx: 1.2W, wifi_rx: 1.0W}");
    if (!m.valid()) return std::nullopt;
    PowerOverride p;
    p.loc.line = line;
    p.busy_w = m.quantity("busy", Quantity::Power, Bound::NonNegative);
    p.idle_w = m.quantity("idle", Quantity::Power, Bound::NonNegative);
    for (const auto& k : kRadioKinds) {
        if (auto tx = m.quantity(k + "_tx", Quantity::Power, Bound::NonNegative))
            p.radio_tx_w[k] = *tx;
        if (auto rx = m.quantity(k + "_rx", Quantity::Power, Bound::NonNegative))
            p.radio_rx_w[k] = *rx;
    }
    if (p.busy_w && p.idle_w && *p.busy_w < *p.idle_w)
        sink.add(m.line("busy"), m.path("busy"), MapReader::describe(m.node("busy")),
                 "a busy power at least the idle power (" +
                     common::format_quantity(*p.idle_w, Quantity::Power) + ")");
    if (sink.size() != errors_before) return std::nullopt;
    return p;
}

std::optional<std::optional<int>> DeviceSectionReader::read_queue_limit(const MapReader& m) {
    const YAML::Node n = m.node("queue_limit");
    if (n.IsScalar() && n.Scalar() == "none") return std::optional<int>{};
    if (auto v = MapReader::parse_integer(n, 0, kMaxQueueLimit, m.path("queue_limit"),
                                          m.line("queue_limit"), m.sink()))
        return std::optional<int>{static_cast<int>(*v)};
    return std::nullopt;
}

}  // namespace a2iot::scenarios
