// `a2iot devices [list | show TYPE]`: the built-in device catalog, every number with its source.
#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "common/units.hpp"
#include "devices/catalog.hpp"

namespace a2iot::cli {
namespace {

using common::Quantity;
using devices::Catalog;
using devices::DeviceType;

// Memory is printed in the unit the catalog most likely used: the survey's "512 MB" of a watch is
// 512 MiB and reads back as such; decimal sizes ("4GB") stay decimal.
std::string memory_text(double bytes) {
    const double kib = 1024.0, mib = kib * 1024.0, gib = mib * 1024.0;
    auto whole = [bytes](double unit) { return std::fmod(bytes, unit) == 0.0; };
    if (bytes >= gib && whole(gib)) return fmt::format("{:g} GiB", bytes / gib);
    if (bytes >= mib && whole(mib)) return fmt::format("{:g} MiB", bytes / mib);
    if (bytes < 1e6 && whole(kib)) return fmt::format("{:g} KiB", bytes / kib);
    return common::format_quantity(bytes, Quantity::DataSize);
}

std::string optional_text(bool known, double value, Quantity q) {
    return known ? common::format_quantity(value, q) : "unknown";
}

std::string gflops_text(const DeviceType& d) {
    const auto f = d.top_flops_per_s();
    return f ? fmt::format("{:.4g}", *f / 1e9) : "unknown";
}

std::string battery_text(const DeviceType& d) {
    if (!d.battery) return "mains";
    return fmt::format("{:.4g} mAh {:.3g} V", d.battery->capacity_mah, d.battery->voltage_v);
}

// The processor column keeps the part name only ("Broadcom BCM2711"); `show` prints the rest.
std::string short_processor(const std::string& p) {
    const auto cut = std::min(p.find(','), p.find(" ("));
    std::string s = cut == std::string::npos ? p : p.substr(0, cut);
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

int list_devices() {
    const auto& all = Catalog::builtin().all();
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"id", "class", "processor", "memory", "cores", "top GFLOP/s", "battery"});
    for (const auto& d : all)
        rows.push_back({d.id, devices::to_string(d.device_class), short_processor(d.processor),
                        memory_text(d.memory_bytes), std::to_string(d.cores), gflops_text(d),
                        battery_text(d)});
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        std::string line;
        for (std::size_t i = 0; i < rows[k].size(); ++i)
            line += fmt::format("{:<{}}", rows[k][i], width[i] + (i + 1 < rows[k].size() ? 2 : 0));
        while (!line.empty() && line.back() == ' ') line.pop_back();
        fmt::print("{}\n", line);
        if (k == 0) {
            std::size_t total = 0;
            for (std::size_t i = 0; i < width.size(); ++i)
                total += width[i] + (i + 1 < width.size() ? 2 : 0);
            fmt::print("{}\n", std::string(total, '-'));
        }
    }
    fmt::print(
        "\n{} device types. `a2iot devices show TYPE` prints every figure with its source.\n",
        all.size());
    return 0;
}

int show_device(const std::string& id) {
    const Catalog& catalog = Catalog::builtin();
    const DeviceType* d = catalog.find(id);
    if (!d) {
        std::string close;
        for (const auto& c : catalog.close_ids(id)) close += (close.empty() ? "" : ", ") + c;
        throw common::InputError("", 0, "devices show TYPE", id,
                                 "a device type of the catalog (closest: " + close +
                                     "; `a2iot devices list` shows all)");
    }
    fmt::print("{} - {}\n", d->id, d->name);
    fmt::print("  class:      {}\n", devices::to_string(d->device_class));
    fmt::print("  processor:  {}\n", d->processor);
    fmt::print("  memory:     {}\n      source: {}\n", memory_text(d->memory_bytes),
               d->memory_source);
    fmt::print("  cores:      {}\n      source: {}\n", d->cores, d->cores_source);
    if (d->pstates.empty()) fmt::print("  DVFS states: none (no public clock; cannot compute)\n");
    for (std::size_t i = 0; i < d->pstates.size(); ++i) {
        const auto& p = d->pstates[i];
        fmt::print("  pstate {}:   {}, CNN throughput {}, busy {}, idle {}\n", i,
                   common::format_quantity(p.frequency_hz, Quantity::Frequency),
                   p.flops_per_s ? fmt::format("{:.4g} GFLOP/s", *p.flops_per_s / 1e9) : "unknown",
                   optional_text(p.busy_known, p.busy_w, Quantity::Power),
                   optional_text(p.idle_known, p.idle_w, Quantity::Power));
        fmt::print("      source: {}\n", p.source);
    }
    for (const auto& r : d->radios) {
        fmt::print("  radio {:<9} tx {}, rx {}\n", r.kind + ":",
                   optional_text(r.power_known, r.tx_w, Quantity::Power),
                   optional_text(r.power_known, r.rx_w, Quantity::Power));
        fmt::print("      source: {}\n", r.source);
    }
    if (d->battery) {
        const double capacity_j = d->battery->capacity_mah * 3.6 * d->battery->voltage_v;
        fmt::print("  battery:    {:.4g} mAh at {:.3g} V = {:.6g} J\n      source: {}\n",
                   d->battery->capacity_mah, d->battery->voltage_v, capacity_j, d->battery->source);
    } else {
        fmt::print("  battery:    none (mains powered)\n");
    }
    if (!d->notes.empty()) fmt::print("  notes:      {}\n", d->notes);
    return 0;
}

const CommandRegistrar registrar{
    "devices", "List the device catalog or show one device type with the source of every figure",
    60, [](CLI::App& sub) -> std::function<int()> {
        sub.require_subcommand(0, 1);
        sub.footer("With no subcommand, `a2iot devices` lists the catalog.");
        CLI::App* list = sub.add_subcommand("list", "Table of every device type");
        CLI::App* show = sub.add_subcommand("show", "Every field of one device type, with sources");
        auto type = std::make_shared<std::string>();
        show->add_option("TYPE", *type, "Device type id, e.g. raspberry-pi-4")->required();
        (void)list;
        return [show, type]() { return show->parsed() ? show_device(*type) : list_devices(); };
    }};

}  // namespace
}  // namespace a2iot::cli
