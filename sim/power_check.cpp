#include "sim/power_check.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <set>
#include <string>

namespace a2iot::sim {

namespace {

// The radio kind a device uses: the kind of its first link, as the platform builder picks it.
std::string first_link_kind(const scenarios::ScenarioSpec& spec, const std::string& id) {
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    };
    auto has_other = [](const std::vector<std::string>& v, const std::string& x) {
        return std::any_of(v.begin(), v.end(), [&](const std::string& y) { return y != x; });
    };
    for (const auto& l : spec.links)
        // The builder makes a pair (a SimGrid link) for each from x to of distinct devices.
        if ((has(l.from_devices, id) && has_other(l.to_devices, id)) ||
            (has(l.to_devices, id) && has_other(l.from_devices, id)))
            return l.kind;
    return {};
}

}  // namespace

std::vector<common::InputError> power_errors(const scenarios::ScenarioSpec& spec,
                                             const devices::Catalog& catalog) {
    std::vector<common::InputError> errors;
    std::set<std::string> reported;  // group ids: a group of 32 cameras is one error
    for (const auto& d : spec.devices) {
        const devices::DeviceType* type = catalog.find(d.type);
        if (!type) continue;  // an unknown type is reported by the type check
        const bool battery = type->battery_powered() || d.battery.capacity_c || d.battery.energy_j;
        if (!battery || reported.count(d.group)) continue;
        const auto& p = d.power;
        std::vector<std::string> missing, keys;
        bool busy = false, idle = false;
        for (const auto& ps : type->pstates) {
            busy |= !ps.busy_known && !p.busy_w;
            idle |= !ps.idle_known && !p.idle_w;
        }
        if (busy) {
            missing.emplace_back("busy CPU power");
            keys.emplace_back("busy: ..W");
        }
        if (idle) {
            missing.emplace_back("idle CPU power");
            keys.emplace_back("idle: ..W");
        }
        std::string kind = first_link_kind(spec, d.id);
        if (!kind.empty()) {
            const devices::Radio* radio = type->radio(kind);
            // Scenario links say "wired" where the catalog lists the interface, ethernet.
            if (!radio && kind == "wired") {
                radio = type->radio("ethernet");
                kind = "ethernet";
            }
            const bool catalog_known = radio && radio->power_known;
            for (const char* dir : {"tx", "rx"}) {
                const auto& over = std::string(dir) == "tx" ? p.radio_tx_w : p.radio_rx_w;
                if (!catalog_known && !over.count(kind)) {
                    missing.push_back(fmt::format("{} {} power", kind, dir));
                    keys.push_back(fmt::format("{}_{}: ..W", kind, dir));
                }
            }
        }
        if (missing.empty()) continue;
        reported.insert(d.group);
        const bool joined = d.join_at_s.has_value();
        errors.emplace_back(
            d.loc.file, d.loc.line, (joined ? "join " : "devices.") + d.group + ".power", d.type,
            fmt::format("known power figures for battery-powered '{}': the catalog has no {} (its "
                        "battery would never drain from them); add power: {{{}}} to the {} "
                        "entry, with the figure's source in a comment",
                        d.group, fmt::join(missing, ", "), fmt::join(keys, ", "),
                        joined ? "join" : "device"));
    }
    return errors;
}

}  // namespace a2iot::sim
