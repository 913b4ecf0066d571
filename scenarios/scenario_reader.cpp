#include "scenarios/scenario_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "devices/catalog.hpp"
#include "scenarios/trace_reader.hpp"

namespace a2iot::scenarios {
namespace {

using common::Quantity;

// Ids become SimGrid host names and --set path segments, so no dots, spaces or capitals.
const char* const kIdPattern = "[a-z0-9][a-z0-9_-]*";
const char* const kIdExpected = "an id of lowercase letters, digits, '-' and '_' (no dots)";
const char* const kNamePattern = "[a-z0-9-]+";
const char* const kModelPattern = "[a-z0-9_-]+";
const char* const kParamPattern = "[A-Za-z0-9_-]+";
// Variant names: base, l1-<pct>, admm-<pct>, pct = percent of filters removed (1..99).
const char* const kVariantPattern = "base|(l1|admm)-([1-9][0-9]?)";
const char* const kVariantExpected = "base, l1-<pct> or admm-<pct> with pct in 1..99";

// A group may not expand beyond this: 1e5 terminals is ten times the largest study we plan, and
// an accidental "count: 1e9" must fail here rather than exhaust memory in the simulator.
constexpr long long kMaxCount = 100000;
// And in all: about 650 bytes of spec per device, so 200000 devices cost ~130 MB.
constexpr std::size_t kMaxDevices = 200000;
// The cross product of a sweep is run point by point; beyond this it is surely a typo.
constexpr std::size_t kMaxSweepPoints = 10000;

const std::vector<std::string> kTopKeys{"name",    "seed",   "duration", "network",
                                        "devices", "links",  "models",   "workload",
                                        "policy",  "events", "sweep",    "record"};

bool intersects(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i == *j) return true;
        if (*i < *j)
            ++i;
        else
            ++j;
    }
    return false;
}

bool includes(const std::vector<std::size_t>& outer, const std::vector<std::size_t>& inner) {
    return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

std::size_t first_common(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    for (std::size_t x : a)
        if (std::binary_search(b.begin(), b.end(), x)) return x;
    return a.front();
}

}  // namespace

ScenarioReader::ScenarioReader(std::string file, std::string folder, ErrorSink& sink)
    : file_(std::move(file)), folder_(std::move(folder)), sink_(sink) {}

const std::vector<std::string>& ScenarioReader::zoo_models() {
    static const std::vector<std::string> names{
        "lenet", "alexnet", "vgg16", "resnet18", "mobilenet_v2", "shufflenet_v2", "googlenet"};
    return names;
}

ScenarioSpec ScenarioReader::read(const YAML::Node& root) {
    MapReader top(root, "", 1, sink_, kTopKeys,
                  "a scenario: a YAML map with name, duration, devices, ...");
    if (!top.valid()) return spec_;
    read_top(top);
    read_devices(top);
    read_models(top);
    // Join events declare devices that links, workloads and other events may name, so they are
    // read before anything that resolves ids.
    const std::optional<YAML::Node> events = list_section(top, "events", "a list of events", false);
    if (events) read_joins(*events);
    read_links(top);
    // After the written links, so that those keep their order; before the events, so that a
    // link event may change a join's link whatever their order in the file.
    if (events) read_join_links(*events);
    read_workloads(top);
    read_policy(top);
    if (events) read_events(*events);
    check_duplicate_links();
    read_sweep(top);
    for (const auto& id : declared_order_) {
        const IdEntry& e = ids_.at(id);
        GroupSpec g;
        g.id = id;
        g.type = e.members.empty() ? "" : spec_.devices[e.members.front()].type;
        g.members = names_of(e.members);
        g.loc = loc(e.line);
        spec_.groups.push_back(std::move(g));
    }
    std::stable_sort(spec_.events.begin(), spec_.events.end(),
                     [](const EventSpec& a, const EventSpec& b) { return a.at_s < b.at_s; });
    return spec_;
}

void ScenarioReader::read_top(const MapReader& top) {
    if (auto name =
            top.ident("name", kNamePattern, "a name of lowercase letters, digits and '-'", true))
        spec_.name = *name;
    if (top.has("seed")) {
        if (auto seed = top.integer("seed", 0, std::numeric_limits<long long>::max()))
            spec_.seed = static_cast<std::uint64_t>(*seed);
    }
    duration_s_ = top.quantity("duration", Quantity::Time, Bound::Positive, true);
    if (duration_s_) spec_.duration_s = *duration_s_;

    if (top.has("network")) {
        MapReader net(top.node("network"), "network", top.line("network"), sink_, {"model"},
                      "network settings");
        if (auto model = net.choice("model", {"flow", "ns3"})) spec_.network.model = *model;
        spec_.network.loc = loc(net.has("model") ? net.line("model") : top.line("network"));
    }
    if (top.has("record")) {
        MapReader rec(top.node("record"), "record", top.line("record"), sink_, {"sample_interval"},
                      "record settings");
        if (auto dt = rec.quantity("sample_interval", Quantity::Time, Bound::Positive))
            spec_.record.sample_interval_s = *dt;
    }
}

std::optional<YAML::Node> ScenarioReader::list_section(const MapReader& top, const std::string& key,
                                                       const std::string& what, bool required) {
    if (!top.has(key)) {
        if (required) top.require(key, what);
        return std::nullopt;
    }
    YAML::Node node = top.node(key);
    if (!node.IsSequence()) {
        sink_.add(top.line(key), key, MapReader::describe(node),
                  what + " (got " + MapReader::type_name(node) + ")");
        return std::nullopt;
    }
    return node;
}

std::string ScenarioReader::element_path(const std::string& list, const YAML::Node& element,
                                         std::size_t index) {
    if (element.IsMap()) {
        for (const char* key : {"id", "name"}) {
            const YAML::Node v = element[key];
            if (v.IsDefined() && v.IsScalar() && MapReader::matches(v.Scalar(), kModelPattern))
                return list + "." + v.Scalar();
        }
    }
    return list + "." + std::to_string(index);
}

bool ScenarioReader::declare(const std::string& id, std::vector<std::size_t> members, int line,
                             const std::string& path) {
    auto it = ids_.find(id);
    if (it != ids_.end()) {
        sink_.add(line, path, id,
                  "a unique device or group id ('" + id + "' is already declared at line " +
                      std::to_string(it->second.line) + ")");
        return false;
    }
    ids_[id] = IdEntry{std::move(members), line};
    return true;
}

std::vector<std::string> ScenarioReader::names_of(const std::vector<std::size_t>& members) const {
    std::vector<std::string> out;
    out.reserve(members.size());
    for (std::size_t i : members) out.push_back(spec_.devices[i].id);
    return out;
}

// ---------------------------------------------------------------------------------- devices

void ScenarioReader::read_devices(const MapReader& top) {
    const auto list = list_section(top, "devices", "a list of devices", true);
    if (!list) return;
    if (list->size() == 0) {
        sink_.add(top.line("devices"), "devices", "[]", "at least one device");
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_device(el, element_path("devices", el, i),
                    MapReader::line_of(el, top.line("devices")));
    }
}

const devices::DeviceType* ScenarioReader::read_type(const MapReader& m) {
    const auto& catalog = devices::Catalog::builtin();
    const std::string expected = "a device type from the catalog (see `a2iot devices`)";
    auto type = m.scalar("type", expected, true);
    if (!type) return nullptr;
    const devices::DeviceType* t = catalog.find(*type);
    if (!t) {
        std::vector<std::string> close = catalog.close_ids(*type);
        sink_.add(
            m.line("type"), m.path("type"), *type,
            expected + (close.empty() ? std::string() : ", e.g. " + MapReader::list_words(close)));
    }
    return t;
}

void ScenarioReader::read_device(const YAML::Node& node, const std::string& path, int line) {
    const std::size_t errors_before = sink_.size();
    MapReader m(node, path, line, sink_, {"id", "type", "count", "battery", "dvfs"}, "a device");
    if (!m.valid()) return;
    auto id = m.ident("id", kIdPattern, kIdExpected, true);
    const devices::DeviceType* type = read_type(m);
    std::optional<long long> count;
    if (m.has("count")) {
        // Counts go through the one quantity parser so "1e3" reads as 1000; fractions and
        // out-of-range values are rejected below.
        if (auto v = MapReader::parse(m.node("count"), Quantity::Count, Bound::Any, m.path("count"),
                                      m.line("count"), sink_)) {
            if (*v < 1 || *v > kMaxCount || *v != std::floor(*v))
                sink_.add(m.line("count"), m.path("count"), m.node("count").Scalar(),
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
    if (!id) return;
    const bool ok = sink_.size() == errors_before;
    proto.group = *id;
    proto.type = type ? type->id : (m.node("type").IsScalar() ? m.node("type").Scalar() : "");
    proto.loc = loc(m.map_line());
    std::vector<std::size_t> members;
    const long long n = count.value_or(1);
    if (m.has("count") && !count) {
        broken_ids_.insert(*id);
        return;
    }
    if (spec_.devices.size() + static_cast<std::size_t>(n) > kMaxDevices) {
        sink_.add(m.line("count"), m.path("count"), std::to_string(n),
                  "at most " + std::to_string(kMaxDevices) + " devices in all (" +
                      std::to_string(spec_.devices.size()) + " are declared before this entry)");
        broken_ids_.insert(*id);
        return;
    }
    for (long long k = 0; k < n; ++k) {
        DeviceSpec d = proto;
        d.id = m.has("count") ? *id + "-" + std::to_string(k) : *id;
        if (m.has("count")) {
            // Members are ids too: "cam-3" in an event or a link.
            if (!declare(d.id, {spec_.devices.size()}, m.map_line(), path)) continue;
        }
        members.push_back(spec_.devices.size());
        spec_.devices.push_back(std::move(d));
    }
    if (declare(*id, members, m.map_line(), m.path("id"))) declared_order_.push_back(*id);
    if (!ok) broken_ids_.insert(*id);
}

std::optional<BatteryOverride> ScenarioReader::read_battery(const YAML::Node& node,
                                                            const std::string& path, int line,
                                                            const devices::DeviceType* type) {
    const std::size_t errors_before = sink_.size();
    MapReader m(node, path, line, sink_, {"capacity", "voltage", "level", "energy"},
                "a battery override such as {capacity: 5000mAh, voltage: 3.7V, level: 80%}");
    if (!m.valid()) return std::nullopt;
    BatteryOverride b;
    b.capacity_c = m.quantity("capacity", Quantity::Charge, Bound::Positive);
    b.energy_j = m.quantity("energy", Quantity::Energy, Bound::Positive);
    b.voltage_v = m.quantity("voltage", Quantity::Voltage, Bound::Positive);
    b.level_frac = m.quantity("level", Quantity::Fraction, Bound::NonNegative);
    if (m.has("capacity") && m.has("energy"))
        sink_.add(m.line("energy"), m.path("energy"), MapReader::describe(m.node("energy")),
                  "either capacity (charge) or energy, not both");
    if (type && !type->battery_powered() && !m.has("capacity") && !m.has("energy"))
        sink_.add(m.map_line(), path, MapReader::describe(node),
                  "a capacity or energy: '" + type->id +
                      "' is mains powered in the catalog, so there is no battery to adjust");
    if (type && !type->battery_powered() && m.has("capacity") && !m.has("voltage"))
        sink_.add(m.map_line(), m.path("voltage"), "",
                  "a voltage with the capacity: '" + type->id + "' has no battery in the catalog");
    if (sink_.size() != errors_before) return std::nullopt;
    return b;
}

std::optional<DvfsSpec> ScenarioReader::read_dvfs(const YAML::Node& node, const std::string& path,
                                                  int line, const devices::DeviceType* type) {
    const std::string expected = "ondemand, powersave, performance or {state: N}";
    // A microcontroller (a fitness band) has no published P-states: nothing to govern.
    if (type && type->pstates.empty()) {
        sink_.add(line, path, MapReader::describe(node),
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
            sink_.add(line, path, v, expected);
            return std::nullopt;
        }
        return d;
    }
    MapReader m(node, path, line, sink_, {"state"}, expected);
    if (!m.valid()) return std::nullopt;
    const long long max_state =
        type && !type->pstates.empty() ? static_cast<long long>(type->pstates.size()) - 1 : 1000;
    auto state = m.integer("state", 0, max_state, true);
    if (!state) return std::nullopt;
    d.governor = DvfsSpec::Governor::Fixed;
    d.state = static_cast<int>(*state);
    return d;
}

// ---------------------------------------------------------------------------------- models

void ScenarioReader::read_models(const MapReader& top) {
    const auto list = list_section(top, "models", "a list of models", false);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_model(el, element_path("models", el, i), MapReader::line_of(el, top.line("models")));
    }
}

void ScenarioReader::read_model(const YAML::Node& node, const std::string& path, int line) {
    const std::size_t errors_before = sink_.size();
    MapReader m(node, path, line, sink_, {"name", "variants", "synthetic", "input"}, "a model");
    if (!m.valid()) return;
    ModelSpec model;
    model.loc = loc(m.map_line());
    auto name = m.ident("name", kModelPattern,
                        "a model name of lowercase letters, digits, '_' and '-'", true);
    const auto& zoo = zoo_models();
    const bool in_zoo = name && std::find(zoo.begin(), zoo.end(), *name) != zoo.end();
    if (m.has("synthetic")) {
        MapReader s(m.node("synthetic"), m.path("synthetic"), m.line("synthetic"), sink_,
                    {"flops", "input", "output"},
                    "a synthetic task {flops: 2e8, input: 20kB, output: 2kB}");
        if (s.valid()) {
            auto flops = s.quantity("flops", Quantity::Count, Bound::Positive, true);
            auto in = s.quantity("input", Quantity::DataSize, Bound::Positive, true);
            auto out = s.quantity("output", Quantity::DataSize, Bound::Positive, true);
            if (flops && in && out) model.synthetic = SyntheticSpec{*flops, *in, *out};
        }
        if (in_zoo)
            sink_.add(m.line("name"), m.path("name"), *name,
                      "a synthetic task name that is not a zoo model (" +
                          MapReader::list_words(zoo) + ")");
        if (m.has("variants"))
            sink_.add(m.line("variants"), m.path("variants"),
                      MapReader::describe(m.node("variants")),
                      "no variants for a synthetic task (it is one opaque task)");
    } else if (name && !in_zoo) {
        sink_.add(m.line("name"), m.path("name"), *name,
                  "a model of the zoo (" + MapReader::list_words(zoo) +
                      ") or a synthetic task with `synthetic: {flops, input, output}`");
    }
    if (auto input = m.choice("input", {"fashion-mnist", "imagenet"})) {
        model.input = *input;
        if (m.has("synthetic"))
            sink_.add(m.line("input"), m.path("input"), *input,
                      "no input for a synthetic task (its sizes are given)");
    }
    if (m.has("variants") && !m.has("synthetic")) {
        const YAML::Node v = m.node("variants");
        if (!v.IsSequence()) {
            sink_.add(m.line("variants"), m.path("variants"), MapReader::describe(v),
                      "a list of variants such as [base, l1-50]");
        } else {
            for (std::size_t k = 0; k < v.size(); ++k) {
                const std::string vpath = m.path("variants") + "." + std::to_string(k);
                const int vline = MapReader::line_of(v[k], m.line("variants"));
                if (!v[k].IsScalar() || !MapReader::matches(v[k].Scalar(), kVariantPattern)) {
                    sink_.add(vline, vpath, MapReader::describe(v[k]), kVariantExpected);
                    continue;
                }
                const std::string& s = v[k].Scalar();
                if (std::find(model.variants.begin(), model.variants.end(), s) !=
                    model.variants.end()) {
                    sink_.add(vline, vpath, s, "each variant once");
                    continue;
                }
                if (model.input == "imagenet" && s != "base") {
                    sink_.add(vline, vpath, s,
                              "base (an imagenet input has one untrained full-width variant)");
                    continue;
                }
                model.variants.push_back(s);
            }
        }
    }
    if (!name) return;
    if (auto it = model_lines_.find(*name); it != model_lines_.end()) {
        sink_.add(
            m.line("name"), m.path("name"), *name,
            "a unique model name (already declared at line " + std::to_string(it->second) + ")");
        return;
    }
    model_lines_[*name] = m.map_line();
    if (sink_.size() != errors_before) return;
    model.name = *name;
    spec_.models.push_back(std::move(model));
}

// ---------------------------------------------------------------------------------- links

std::optional<std::vector<std::size_t>> ScenarioReader::resolve(const MapReader& m,
                                                                const std::string& key,
                                                                bool required) {
    const std::string expected = "a device or group id";
    auto id = m.scalar(key, expected, required);
    if (!id) return std::nullopt;
    if (auto it = ids_.find(*id); it != ids_.end() && !broken_ids_.count(*id)) {
        std::vector<std::size_t> members = it->second.members;
        std::sort(members.begin(), members.end());
        return members;
    }
    if (broken_ids_.count(*id)) return std::nullopt;  // already reported where it is declared
    sink_.add(m.line(key), m.path(key), *id,
              expected +
                  (declared_order_.empty() ? std::string(" (no devices are declared)")
                                           : ": " + MapReader::list_words(declared_order_)) +
                  MapReader::did_you_mean(*id, declared_order_));
    return std::nullopt;
}

std::optional<double> ScenarioReader::read_time_within(const MapReader& m, const std::string& key,
                                                       Bound bound, bool required) {
    auto t = m.quantity(key, Quantity::Time, bound, required);
    if (t && duration_s_ && *t > *duration_s_) {
        sink_.add(m.line(key), m.path(key), MapReader::describe(m.node(key)),
                  "a time within the scenario's duration [0, " +
                      common::format_quantity(*duration_s_, Quantity::Time) + "]");
        return std::nullopt;
    }
    return t;
}

void ScenarioReader::read_links(const MapReader& top) {
    const auto list = list_section(top, "links", "a list of links", false);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_link(el, "links." + std::to_string(i), MapReader::line_of(el, top.line("links")));
    }
}

void ScenarioReader::read_link(const YAML::Node& node, const std::string& path, int line) {
    const std::size_t errors_before = sink_.size();
    MapReader m(node, path, line, sink_,
                {"from", "to", "bandwidth", "latency", "kind", "trace", "shared"}, "a link");
    if (!m.valid()) return;
    LinkSpec link;
    link.loc = loc(m.map_line());
    auto from = resolve(m, "from", true);
    auto to = resolve(m, "to", true);
    if (auto bw = m.quantity("bandwidth", Quantity::Bandwidth, Bound::Positive))
        link.bandwidth_bps = *bw;
    if (auto lat = m.quantity("latency", Quantity::Time, Bound::NonNegative)) link.latency_s = *lat;
    if (auto kind = m.choice("kind", {"wired", "wifi", "lte", "3g", "ble", "ethernet"}))
        link.kind = *kind;
    if (auto shared = m.choice("shared", {"true", "false"})) link.shared = *shared == "true";
    if (m.has("trace")) {
        if (auto rel = m.scalar("trace", "a trace file path")) {
            std::filesystem::path p(*rel);
            if (p.is_relative()) p = std::filesystem::path(folder_) / p;
            link.trace = read_trace(p.lexically_normal().string(), *rel, m.line("trace"),
                                    m.path("trace"), sink_);
            // The initial bandwidth is the trace's value at time 0 when it has one (as a SimGrid
            // profile event at 0 would set it), else `bandwidth`, else the first value.
            if (link.trace && (!m.has("bandwidth") || link.trace->points.front().t_s == 0))
                link.bandwidth_bps = link.trace->points.front().value;
        }
    } else if (!m.has("bandwidth")) {
        m.require("bandwidth", "a bandwidth (or a trace file)");
    }
    if (from && to && intersects(*from, *to)) {
        sink_.add(m.line("to"), m.path("to"), m.node("to").Scalar(),
                  "a link between different devices ('" +
                      spec_.devices[first_common(*from, *to)].id + "' is on both ends)");
        return;
    }
    if (!from || !to || sink_.size() != errors_before) return;
    link.from = m.node("from").Scalar();
    link.to = m.node("to").Scalar();
    link.from_devices = names_of(*from);
    link.to_devices = names_of(*to);
    spec_.links.push_back(std::move(link));
    link_sets_.emplace_back(*from, *to);
    link_paths_.push_back(path);
}

void ScenarioReader::check_duplicate_links() {
    // Two links connect the same pair of devices when their ends overlap, in either direction.
    // Quadratic in the number of links, linear in members: fine for a few hundred links.
    for (std::size_t j = 1; j < link_sets_.size(); ++j) {
        for (std::size_t i = 0; i < j; ++i) {
            const auto& [fi, ti] = link_sets_[i];
            const auto& [fj, tj] = link_sets_[j];
            std::size_t a = 0, b = 0;
            if (intersects(fi, fj) && intersects(ti, tj)) {
                a = first_common(fi, fj);
                b = first_common(ti, tj);
            } else if (intersects(fi, tj) && intersects(ti, fj)) {
                a = first_common(fi, tj);
                b = first_common(ti, fj);
            } else {
                continue;
            }
            const LinkSpec& dup = spec_.links[j];
            sink_.add(dup.loc.line, link_paths_[j], dup.from + " <-> " + dup.to,
                      "one link per pair of devices ('" + spec_.devices[a].id + "' and '" +
                          spec_.devices[b].id + "' are already linked at line " +
                          std::to_string(spec_.links[i].loc.line) + ")");
            break;
        }
    }
}

// ---------------------------------------------------------------------------------- workload

void ScenarioReader::read_workloads(const MapReader& top) {
    const auto list = list_section(top, "workload", "a list of workloads", false);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_workload(el, "workload." + std::to_string(i),
                      MapReader::line_of(el, top.line("workload")));
    }
}

void ScenarioReader::read_workload(const YAML::Node& node, const std::string& path, int line) {
    const std::size_t errors_before = sink_.size();
    MapReader m(node, path, line, sink_,
                {"devices", "model", "arrival", "rate", "deadline", "min_accuracy", "energy_budget",
                 "start", "stop"},
                "a workload");
    if (!m.valid()) return;
    WorkloadSpec w;
    w.loc = loc(m.map_line());
    auto devices = resolve(m, "devices", true);
    if (auto model = m.scalar("model", "a model name declared under models", true)) {
        if (!model_lines_.count(*model)) {
            std::vector<std::string> names;
            for (const auto& [n, l] : model_lines_) names.push_back(n);
            sink_.add(m.line("model"), m.path("model"), *model,
                      "a model declared under models" +
                          (names.empty() ? std::string(" (none is declared)")
                                         : ": " + MapReader::list_words(names)));
        } else {
            w.model = *model;
        }
    }
    if (auto arrival = m.choice("arrival", {"poisson", "periodic"}))
        w.arrival = *arrival == "periodic" ? WorkloadSpec::Arrival::Periodic
                                           : WorkloadSpec::Arrival::Poisson;
    if (auto rate = m.quantity("rate", Quantity::Rate, Bound::Positive, true)) w.rate_per_s = *rate;
    w.deadline_s = m.quantity("deadline", Quantity::Time, Bound::Positive);
    w.min_accuracy = m.quantity("min_accuracy", Quantity::Fraction, Bound::NonNegative);
    w.energy_budget_j = m.quantity("energy_budget", Quantity::Energy, Bound::Positive);
    if (auto start = read_time_within(m, "start", Bound::NonNegative, false)) w.start_s = *start;
    w.stop_s = read_time_within(m, "stop", Bound::Positive, false);
    if (w.stop_s && m.has("start") && *w.stop_s <= w.start_s)
        sink_.add(
            m.line("stop"), m.path("stop"), MapReader::describe(m.node("stop")),
            "a stop time after start (" + common::format_quantity(w.start_s, Quantity::Time) + ")");
    if (!devices || sink_.size() != errors_before) return;
    w.devices = m.node("devices").Scalar();
    w.device_ids = names_of(*devices);
    spec_.workloads.push_back(std::move(w));
}

// ---------------------------------------------------------------------------------- policy

void ScenarioReader::read_policy(const MapReader& top) {
    const std::string expected = "a policy name or {name: NAME, params: {KEY: VALUE}}";
    spec_.policy.loc = loc(top.line("policy"));
    if (!top.has("policy")) {
        // Documented default: run on the terminal itself, the baseline every study compares to.
        spec_.policy.name = "local";
        spec_.policy.loc = loc(0);
        return;
    }
    const YAML::Node node = top.node("policy");
    const std::string name_expected = "a policy name of lowercase letters, digits, '_' and '-'";
    if (node.IsScalar()) {
        if (!MapReader::matches(node.Scalar(), kModelPattern))
            sink_.add(top.line("policy"), "policy", node.Scalar(), name_expected);
        else
            spec_.policy.name = node.Scalar();
        return;
    }
    MapReader m(node, "policy", top.line("policy"), sink_, {"name", "params"}, expected);
    if (!m.valid()) return;
    if (auto name = m.ident("name", kModelPattern, name_expected, true)) spec_.policy.name = *name;
    if (!m.has("params")) return;
    // Param keys are the policy's business, so they are checked there (PolicyParams); here only
    // their shape: plain keys with scalar values.
    const YAML::Node p = m.node("params");
    const std::string ppath = m.path("params");
    if (!p.IsMap()) {
        sink_.add(m.line("params"), ppath, MapReader::describe(p),
                  "policy parameters {KEY: VALUE} (got " + MapReader::type_name(p) + ")");
        return;
    }
    for (auto it = p.begin(); it != p.end(); ++it) {
        const int kline = MapReader::line_of(it->first, m.line("params"));
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
        if (!it->first.IsScalar() || !MapReader::matches(key, kParamPattern)) {
            sink_.add(kline, ppath, MapReader::describe(it->first),
                      "a parameter name of letters, digits, '_' and '-'");
            continue;
        }
        if (!it->second.IsScalar()) {
            sink_.add(MapReader::line_of(it->second, kline), MapReader::join(ppath, key),
                      MapReader::describe(it->second),
                      "a scalar value (got " + MapReader::type_name(it->second) + ")");
            continue;
        }
        if (spec_.policy.params.count(key)) {
            sink_.add(kline, MapReader::join(ppath, key), key, "each parameter once");
            continue;
        }
        spec_.policy.params[key] = it->second.Scalar();
    }
}

// ---------------------------------------------------------------------------------- events

void ScenarioReader::read_joins(const YAML::Node& events) {
    for (std::size_t i = 0; i < events.size(); ++i) {
        const YAML::Node ev = events[i];
        if (!ev.IsMap()) continue;  // reported by read_events
        const YAML::Node node = ev["join"];
        if (!node.IsDefined()) continue;
        const std::string path = "events." + std::to_string(i) + ".join";
        const int line = MapReader::line_of(node, MapReader::line_of(ev, 1));
        const std::size_t errors_before = sink_.size();
        MapReader m(node, path, line, sink_, {"id", "type", "count", "link", "battery"},
                    "a join {id, type, count, link: {to, bandwidth, latency, kind}}");
        if (!m.valid()) continue;
        JoinEvent j;
        auto id = m.ident("id", kIdPattern, kIdExpected, true);
        const devices::DeviceType* type = read_type(m);
        if (auto count = m.integer("count", 1, kMaxCount)) j.count = static_cast<int>(*count);
        DeviceSpec proto;
        if (m.has("battery"))
            if (auto b =
                    read_battery(m.node("battery"), m.path("battery"), m.line("battery"), type))
                proto.battery = *b;
        // The join time is read again with the event; here it marks the pre-created hosts.
        std::optional<double> at;
        if (ev["at"].IsDefined() && ev["at"].IsScalar()) {
            try {
                at = common::parse_quantity(ev["at"].Scalar(), Quantity::Time);
            } catch (const std::exception&) {
                // reported by read_events
            }
        }
        if (m.has("link")) {
            MapReader l(m.node("link"), m.path("link"), m.line("link"), sink_,
                        {"to", "bandwidth", "latency", "kind"},
                        "a link {to, bandwidth, latency, kind}");
            if (l.valid()) {
                if (auto to = l.scalar("to", "a device or group id", true)) j.link_to = *to;
                if (auto bw = l.quantity("bandwidth", Quantity::Bandwidth, Bound::Positive, true))
                    j.bandwidth_bps = *bw;
                if (auto lat = l.quantity("latency", Quantity::Time, Bound::NonNegative))
                    j.latency_s = *lat;
                if (auto kind = l.choice("kind", {"wired", "wifi", "lte", "3g", "ble", "ethernet"}))
                    j.link_kind = *kind;
            }
        }
        if (!id) continue;
        j.id = *id;
        j.type = type ? type->id : "";
        // JoinEvent contract: count 1 is a single device named id, more is a group id-0...
        proto.group = *id;
        proto.type = j.type;
        proto.join_at_s = at.value_or(0.0);
        proto.loc = loc(m.map_line());
        if (spec_.devices.size() + static_cast<std::size_t>(j.count) > kMaxDevices) {
            sink_.add(m.line("count"), m.path("count"), std::to_string(j.count),
                      "at most " + std::to_string(kMaxDevices) + " devices in all");
            broken_ids_.insert(*id);
            continue;
        }
        std::vector<std::size_t> members;
        for (int k = 0; k < j.count; ++k) {
            DeviceSpec d = proto;
            d.id = j.count > 1 ? *id + "-" + std::to_string(k) : *id;
            if (j.count > 1 && !declare(d.id, {spec_.devices.size()}, m.map_line(), path)) continue;
            members.push_back(spec_.devices.size());
            j.device_ids.push_back(d.id);
            spec_.devices.push_back(std::move(d));
        }
        if (declare(*id, members, m.map_line(), m.path("id"))) declared_order_.push_back(*id);
        if (sink_.size() != errors_before) {
            broken_ids_.insert(*id);
            continue;
        }
        joins_[i] = std::move(j);
    }
}

void ScenarioReader::read_join_links(const YAML::Node& events) {
    for (auto it = joins_.begin(); it != joins_.end();) {
        JoinEvent& join = it->second;
        if (join.link_to.empty()) {
            ++it;
            continue;
        }
        const YAML::Node node = events[it->first]["join"]["link"];
        const std::string path = "events." + std::to_string(it->first) + ".join.link";
        MapReader l(node, path, MapReader::line_of(node, 1), sink_,
                    {"to", "bandwidth", "latency", "kind"}, "a link");
        auto to = resolve(l, "to", true);
        std::vector<std::size_t> self = ids_.at(join.id).members;
        std::sort(self.begin(), self.end());
        if (to && intersects(*to, self)) {
            sink_.add(l.line("to"), l.path("to"), join.link_to,
                      "a device other than the joining one");
            to.reset();
        }
        if (!to) {
            it = joins_.erase(it);  // reported; the event is dropped with it
            continue;
        }
        LinkSpec link;
        link.from = join.id;
        link.to = join.link_to;
        link.from_devices = join.device_ids;
        link.to_devices = names_of(*to);
        link.bandwidth_bps = join.bandwidth_bps;
        link.latency_s = join.latency_s;
        link.kind = join.link_kind;
        link.loc = loc(l.map_line());
        spec_.links.push_back(std::move(link));
        link_sets_.emplace_back(std::move(self), *to);
        link_paths_.push_back(path);
        ++it;
    }
}

void ScenarioReader::read_events(const YAML::Node& events) {
    for (std::size_t i = 0; i < events.size(); ++i) {
        const YAML::Node el = events[i];
        if (auto ev = read_event(el, "events." + std::to_string(i), MapReader::line_of(el, 1), i))
            spec_.events.push_back(std::move(*ev));
    }
}

std::optional<EventSpec> ScenarioReader::read_event(const YAML::Node& node, const std::string& path,
                                                    int line, std::size_t index) {
    const std::size_t errors_before = sink_.size();
    MapReader m(node, path, line, sink_, {"at", "link", "device", "join", "domain_shift"},
                "an event {at: TIME, link|device|join|domain_shift: {...}}");
    if (!m.valid()) return std::nullopt;
    EventSpec ev;
    ev.loc = loc(m.map_line());
    if (auto at = read_time_within(m, "at", Bound::NonNegative, true)) ev.at_s = *at;
    std::vector<std::string> kinds;
    for (const char* k : {"link", "device", "join", "domain_shift"})
        if (m.has(k)) kinds.push_back(k);
    if (kinds.size() != 1) {
        sink_.add(m.map_line(), path,
                  kinds.empty() ? MapReader::describe(node) : MapReader::list_words(kinds),
                  "exactly one of link, device, join, domain_shift");
        return std::nullopt;
    }
    const std::string& kind = kinds.front();
    bool ok = false;
    if (kind == "link") {
        ev.kind = EventSpec::Kind::Link;
        MapReader e(m.node("link"), m.path("link"), m.line("link"), sink_,
                    {"from", "to", "bandwidth", "latency", "state"},
                    "a link change {from, to, bandwidth, latency, state}");
        ok = e.valid() && read_link_event(e, ev.link);
    } else if (kind == "device") {
        ev.kind = EventSpec::Kind::Device;
        MapReader e(m.node("device"), m.path("device"), m.line("device"), sink_,
                    {"id", "battery", "state", "dvfs_state"},
                    "a device change {id, battery, state, dvfs_state}");
        ok = e.valid() && read_device_event(e, ev.device);
    } else if (kind == "domain_shift") {
        ev.kind = EventSpec::Kind::DomainShift;
        MapReader e(m.node("domain_shift"), m.path("domain_shift"), m.line("domain_shift"), sink_,
                    {"devices", "kind", "severity"}, "a domain shift {devices, kind, severity}");
        ok = e.valid() && read_domain_shift(e, ev.domain_shift);
    } else {
        ev.kind = EventSpec::Kind::Join;
        auto it = joins_.find(index);
        if (it == joins_.end()) return std::nullopt;  // reported by read_joins
        ev.join = it->second;
        ok = true;
    }
    if (!ok || sink_.size() != errors_before) return std::nullopt;
    return ev;
}

bool ScenarioReader::read_link_event(const MapReader& m, LinkEvent& out) {
    auto from = resolve(m, "from", true);
    auto to = resolve(m, "to", true);
    out.bandwidth_bps = m.quantity("bandwidth", Quantity::Bandwidth, Bound::Positive);
    out.latency_s = m.quantity("latency", Quantity::Time, Bound::NonNegative);
    if (auto state = m.choice("state", {"up", "down"})) out.up = *state == "up";
    if (!m.has("bandwidth") && !m.has("latency") && !m.has("state")) {
        sink_.add(m.map_line(), m.path(), MapReader::describe(m.node("from")),
                  "at least one change: bandwidth, latency or state");
        return false;
    }
    if (!from || !to) return false;
    out.from = m.node("from").Scalar();
    out.to = m.node("to").Scalar();
    // The event changes links that exist; it cannot create one.
    for (const auto& [lf, lt] : link_sets_)
        if ((includes(lf, *from) && includes(lt, *to)) ||
            (includes(lf, *to) && includes(lt, *from)))
            return true;
    sink_.add(m.map_line(), m.path(), out.from + " <-> " + out.to,
              "a link declared under links (or by a join) between these ends");
    return false;
}

bool ScenarioReader::read_device_event(const MapReader& m, DeviceEvent& out) {
    auto members = resolve(m, "id", true);
    out.battery_frac = m.quantity("battery", Quantity::Fraction, Bound::NonNegative);
    if (auto state = m.choice("state", {"on", "off"})) out.on = *state == "on";
    if (m.has("dvfs_state")) {
        long long max_state = 1000;
        const devices::DeviceType* stateless = nullptr;
        if (members) {
            // The state must exist on every device the event names.
            for (std::size_t i : *members) {
                const auto* t = devices::Catalog::builtin().find(spec_.devices[i].type);
                if (!t) continue;
                if (t->pstates.empty())
                    stateless = t;
                else
                    max_state = std::min<long long>(max_state, t->pstates.size() - 1);
            }
        }
        if (stateless)
            sink_.add(m.line("dvfs_state"), m.path("dvfs_state"),
                      MapReader::describe(m.node("dvfs_state")),
                      "no dvfs_state: '" + stateless->id + "' has no P-states in the catalog");
        else if (auto s = m.integer("dvfs_state", 0, max_state))
            out.dvfs_state = static_cast<int>(*s);
    }
    if (!m.has("battery") && !m.has("state") && !m.has("dvfs_state")) {
        sink_.add(m.map_line(), m.path(), MapReader::describe(m.node("id")),
                  "at least one change: battery, state or dvfs_state");
        return false;
    }
    if (!members) return false;
    out.id = m.node("id").Scalar();
    return true;
}

bool ScenarioReader::read_domain_shift(const MapReader& m, DomainShiftEvent& out) {
    auto members = resolve(m, "devices", true);
    if (auto kind = m.ident("kind", "[a-z0-9_-]+",
                            "a shift kind such as brightness, noise, blur or rotation", true))
        out.kind = *kind;
    if (auto sev = m.quantity("severity", Quantity::Fraction, Bound::NonNegative, true))
        out.severity = *sev;
    if (!members) return false;
    out.devices = m.node("devices").Scalar();
    out.device_ids = names_of(*members);
    return true;
}

// ---------------------------------------------------------------------------------- sweep

void ScenarioReader::read_sweep(const MapReader& top) {
    if (!top.has("sweep")) return;
    const YAML::Node node = top.node("sweep");
    if (!node.IsMap()) {
        sink_.add(
            top.line("sweep"), "sweep", MapReader::describe(node),
            "a map from key paths to lists of values (got " + MapReader::type_name(node) + ")");
        return;
    }
    std::size_t points = 1;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const int kline = MapReader::line_of(it->first, top.line("sweep"));
        if (!it->first.IsScalar() || it->first.Scalar().empty()) {
            sink_.add(kline, "sweep", MapReader::describe(it->first), "a dotted key path");
            continue;
        }
        const std::string key = it->first.Scalar();
        const std::string path = "sweep." + key;
        const std::string head = key.substr(0, key.find('.'));
        if (head == "sweep" || head == "name") {
            sink_.add(kline, path, key, "a key other than name and sweep");
            continue;
        }
        if (std::any_of(spec_.sweep.begin(), spec_.sweep.end(),
                        [&](const SweepAxis& a) { return a.key == key; })) {
            sink_.add(kline, path, key, "each key once");
            continue;
        }
        const YAML::Node values = it->second;
        if (!values.IsSequence() || values.size() == 0) {
            sink_.add(MapReader::line_of(values, kline), path, MapReader::describe(values),
                      "a non-empty list of values");
            continue;
        }
        SweepAxis axis;
        axis.key = key;
        axis.loc = loc(kline);
        bool ok = true;
        for (std::size_t k = 0; k < values.size(); ++k) {
            const int vline = MapReader::line_of(values[k], kline);
            if (!values[k].IsScalar()) {
                sink_.add(vline, path + "." + std::to_string(k), MapReader::describe(values[k]),
                          "a scalar value");
                ok = false;
                continue;
            }
            axis.values.push_back(values[k].Scalar());
            axis.value_lines.push_back(vline);
        }
        if (!ok) continue;
        points *= axis.values.size();
        if (points > kMaxSweepPoints) {
            sink_.add(kline, path, std::to_string(axis.values.size()) + " values",
                      "a sweep of at most " + std::to_string(kMaxSweepPoints) + " points");
            return;
        }
        spec_.sweep.push_back(std::move(axis));
    }
}

}  // namespace a2iot::scenarios
