#include "scenarios/scenario_reader.hpp"

#include <algorithm>
#include <limits>

#include "models/zoo_names.hpp"
#include "scenarios/device_section_reader.hpp"
#include "scenarios/event_section_reader.hpp"
#include "scenarios/join_reader.hpp"
#include "scenarios/link_section_reader.hpp"
#include "scenarios/model_section_reader.hpp"
#include "scenarios/policy_section_reader.hpp"
#include "scenarios/sweep_section_reader.hpp"
#include "scenarios/workload_section_reader.hpp"

namespace a2iot::scenarios {
namespace {

using common::Quantity;

const char* const kNamePattern = "[a-z0-9-]+";

const std::vector<std::string> kTopKeys{"name",    "seed",   "duration", "network",
                                        "devices", "links",  "models",   "workload",
                                        "policy",  "events", "sweep",    "record"};

}  // namespace

ScenarioReader::ScenarioReader(std::string file, std::string folder, ErrorSink& sink)
    : ctx_(std::move(file), std::move(folder), sink) {}

const std::vector<std::string>& ScenarioReader::zoo_models() {
    return models::zoo_names();
}

ScenarioSpec ScenarioReader::read(const YAML::Node& root) {
    MapReader top(root, "", 1, ctx_.sink, kTopKeys,
                  "a scenario: a YAML map with name, duration, devices, ...");
    if (!top.valid()) return ctx_.spec;
    read_top(top);
    DeviceSectionReader(ctx_).read(top);
    ModelSectionReader(ctx_).read(top);
    // Join events declare devices that links, workloads and other events may name, so they are
    // read before anything that resolves ids.
    const std::optional<YAML::Node> events =
        ctx_.list_section(top, "events", "a list of events", false);
    // A map there may be one event written without its `-`, perhaps a join: ids used elsewhere
    // may be the ones it declares.
    if (!events && top.has("events") && top.node("events").IsMap()) ctx_.ids_unknown = true;
    JoinReader joins(ctx_);
    if (events) joins.read(*events);
    LinkSectionReader links(ctx_);
    links.read(top);
    // After the written links, so that those keep their order; before the events, so that a
    // link event may change a join's link whatever their order in the file.
    if (events) joins.read_links(*events);
    WorkloadSectionReader(ctx_).read(top);
    PolicySectionReader(ctx_).read(top);
    if (events) EventSectionReader(ctx_, joins).read(*events);
    links.check_duplicates();
    SweepSectionReader(ctx_).read(top);
    ScenarioSpec& spec = ctx_.spec;
    for (const auto& id : ctx_.declared_order) {
        const ReadContext::IdEntry& e = ctx_.ids.at(id);
        GroupSpec g;
        g.id = id;
        g.type = e.members.empty() ? "" : spec.devices[e.members.front()].type;
        g.members = ctx_.names_of(e.members);
        g.loc = ctx_.loc(e.line);
        spec.groups.push_back(std::move(g));
    }
    std::stable_sort(spec.events.begin(), spec.events.end(),
                     [](const EventSpec& a, const EventSpec& b) { return a.at_s < b.at_s; });
    return spec;
}

void ScenarioReader::read_top(const MapReader& top) {
    if (auto name =
            top.ident("name", kNamePattern, "a name of lowercase letters, digits and '-'", true))
        ctx_.spec.name = *name;
    if (top.has("seed")) {
        if (auto seed = top.integer("seed", 0, std::numeric_limits<long long>::max()))
            ctx_.spec.seed = static_cast<std::uint64_t>(*seed);
    }
    ctx_.duration_s = top.quantity("duration", Quantity::Time, Bound::Positive, true);
    if (ctx_.duration_s) ctx_.spec.duration_s = *ctx_.duration_s;

    if (top.has("network")) {
        MapReader net(top.node("network"), "network", top.line("network"), ctx_.sink, {"model"},
                      "network settings");
        if (auto model = net.choice("model", {"flow", "ns3"})) ctx_.spec.network.model = *model;
        ctx_.spec.network.loc =
            ctx_.loc(net.has("model") ? net.line("model") : top.line("network"));
    }
    if (top.has("record")) {
        MapReader rec(top.node("record"), "record", top.line("record"), ctx_.sink,
                      {"sample_interval"}, "record settings");
        if (auto dt = rec.quantity("sample_interval", Quantity::Time, Bound::Positive))
            ctx_.spec.record.sample_interval_s = *dt;
        ctx_.spec.record.loc =
            ctx_.loc(rec.has("sample_interval") ? rec.line("sample_interval") : top.line("record"));
    }
}

}  // namespace a2iot::scenarios
