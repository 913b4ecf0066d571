#include "scenarios/link_section_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <unordered_map>

#include "scenarios/trace_reader.hpp"

namespace a2iot::scenarios {

using common::Quantity;

void LinkSectionReader::read(const MapReader& top) {
    const auto list = ctx_.list_section(top, "links", "a list of links", false);
    if (!list) {
        // Any link may have been meant: events that change one are not checked against them.
        if (top.has("links")) ctx_.links_unknown = true;
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_link(el, "links." + std::to_string(i), MapReader::line_of(el, top.line("links")));
    }
}

void LinkSectionReader::read_link(const YAML::Node& node, const std::string& path, int line) {
    const std::size_t errors_before = ctx_.sink.size();
    MapReader m(node, path, line, ctx_.sink,
                {"from", "to", "bandwidth", "latency", "kind", "trace", "shared"}, "a link");
    if (!m.valid()) {
        ctx_.add_broken_link(std::nullopt, std::nullopt);
        return;
    }
    LinkSpec link;
    link.loc = ctx_.loc(m.map_line());
    auto from = ctx_.resolve(m, "from", true);
    auto to = ctx_.resolve(m, "to", true);
    if (auto bw = m.quantity("bandwidth", Quantity::Bandwidth, Bound::Positive))
        link.bandwidth_bps = *bw;
    if (auto lat = m.quantity("latency", Quantity::Time, Bound::NonNegative)) link.latency_s = *lat;
    if (auto kind = m.choice("kind", kLinkKinds)) link.kind = *kind;
    if (auto shared = m.choice("shared", {"true", "false"})) link.shared = *shared == "true";
    if (m.has("trace")) {
        if (auto rel = m.scalar("trace", "a trace file path")) {
            std::filesystem::path p(*rel);
            if (p.is_relative()) p = std::filesystem::path(ctx_.folder) / p;
            link.trace = read_trace(p.lexically_normal().string(), *rel, m.line("trace"),
                                    m.path("trace"), ctx_.sink);
            // The initial bandwidth is the trace's value at time 0 when it has one (as a SimGrid
            // profile event at 0 would set it), else `bandwidth`, else the first value.
            if (link.trace && (!m.has("bandwidth") || link.trace->points.front().t_s == 0))
                link.bandwidth_bps = link.trace->points.front().value;
        }
    } else if (!m.has("bandwidth")) {
        m.require("bandwidth", "a bandwidth (or a trace file)");
    }
    if (from && to && intersects(*from, *to)) {
        ctx_.sink.add(m.line("to"), m.path("to"), m.node("to").Scalar(),
                      "a link between different devices ('" +
                          ctx_.spec.devices[first_common(*from, *to)].id + "' is on both ends)");
        ctx_.add_broken_link(*from, *to);
        return;
    }
    if (!from || !to || ctx_.sink.size() != errors_before) {
        // Not added, so events on this link must not report it as missing. An end that did not
        // resolve may be any device.
        ctx_.add_broken_link(ctx_.known_members(m.node("from")), ctx_.known_members(m.node("to")));
        return;
    }
    link.from = m.node("from").Scalar();
    link.to = m.node("to").Scalar();
    link.from_devices = ctx_.names_of(*from);
    link.to_devices = ctx_.names_of(*to);
    ctx_.add_link(std::move(link), *from, *to, path);
}

void LinkSectionReader::check_duplicates() {
    // Two links connect the same pair of devices when their ends overlap, in either direction.
    // One hash lookup per (from member, to member) pair: linear in what the platform builds
    // (40k written links took 11 s with the pairwise comparison of links this replaced).
    // A group-to-group link makes |from| x |to| pairs, and the platform a route per pair, so
    // the total is bounded as a scenario's other sizes are.
    constexpr std::uint64_t kMaxPairs = 20'000'000;
    std::unordered_map<std::uint64_t, std::size_t> first_link;  // pair -> link index
    std::uint64_t pairs = 0;
    for (std::size_t j = 0; j < ctx_.link_sets.size(); ++j) {
        const auto& [from, to] = ctx_.link_sets[j];
        const LinkSpec& link = ctx_.spec.links[j];
        pairs += static_cast<std::uint64_t>(from.size()) * to.size();
        if (pairs > kMaxPairs) {
            ctx_.sink.add(link.loc.line, ctx_.link_paths[j], link.from + " <-> " + link.to,
                          fmt::format("links that connect at most {} device pairs in all (this one "
                                      "connects {} x {})",
                                      kMaxPairs, from.size(), to.size()));
            return;
        }
        bool reported = false;
        for (const std::size_t from_member : from) {
            for (const std::size_t to_member : to) {
                std::size_t a = from_member, b = to_member;
                const std::uint64_t key = (static_cast<std::uint64_t>(std::min(a, b)) << 32) |
                                          static_cast<std::uint64_t>(std::max(a, b));
                const auto [it, inserted] = first_link.emplace(key, j);
                if (inserted || it->second == j) continue;
                // Name the pair in the earlier link's direction, as the user wrote it there.
                const auto& earlier_from = ctx_.link_sets[it->second].first;
                if (std::find(earlier_from.begin(), earlier_from.end(), a) == earlier_from.end())
                    std::swap(a, b);
                ctx_.sink.add(link.loc.line, ctx_.link_paths[j], link.from + " <-> " + link.to,
                              "one link per pair of devices ('" + ctx_.spec.devices[a].id +
                                  "' and '" + ctx_.spec.devices[b].id +
                                  "' are already linked at line " +
                                  std::to_string(ctx_.spec.links[it->second].loc.line) + ")");
                reported = true;
                break;
            }
            if (reported) break;
        }
    }
}

}  // namespace a2iot::scenarios
