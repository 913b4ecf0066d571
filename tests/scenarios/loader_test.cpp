// The loader on good scenarios: what the plain ScenarioSpec holds after group expansion, link
// resolution, trace loading, join pre-creation, overrides, sweeps and defaults.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenarios/loader.hpp"
#include "test_files.hpp"

using namespace a2iot::scenarios;
using a2iot::scenarios::testing::source_path;
using a2iot::scenarios::testing::write_scenario;

namespace {

const std::string kFull = source_path("tests/data/good-scenarios/full.yaml");
const std::string kMinimal = source_path("tests/data/good-scenarios/minimal.yaml");

std::vector<std::string> ids(const std::vector<DeviceSpec>& devices) {
    std::vector<std::string> out;
    for (const auto& d : devices) out.push_back(d.id);
    return out;
}

const LinkSpec* find_link(const ScenarioSpec& s, const std::string& from, const std::string& to) {
    for (const auto& l : s.links)
        if (l.from == from && l.to == to) return &l;
    return nullptr;
}

// Loads and returns every error message; fails the test when the load succeeds.
std::vector<std::string> errors_of(const std::string& path,
                                   const std::vector<std::string>& overrides = {}) {
    try {
        load(path, overrides);
    } catch (const ScenarioError& e) {
        std::vector<std::string> out;
        for (const auto& err : e.errors()) out.push_back(err.what());
        return out;
    }
    ADD_FAILURE() << path << " loaded without error";
    return {};
}

bool any_contains(const std::vector<std::string>& messages, const std::string& fragment) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](const std::string& m) { return m.find(fragment) != std::string::npos; });
}

}  // namespace

TEST(Loader, TopLevelValuesInSi) {
    const ScenarioSpec s = load(kFull);
    EXPECT_EQ(s.name, "full-example");
    EXPECT_EQ(s.seed, 7u);
    EXPECT_DOUBLE_EQ(s.duration_s, 600.0);
    EXPECT_EQ(s.network.model, "flow");
    EXPECT_EQ(s.network.loc.line, 6);
    EXPECT_DOUBLE_EQ(s.record.sample_interval_s, 0.5);
    EXPECT_EQ(s.file, std::filesystem::absolute(kFull).lexically_normal().string());
}

TEST(Loader, GroupsExpandInIndexOrderWithSharedSettings) {
    const ScenarioSpec s = load(kFull);
    // Written devices first (in file order), then devices pre-created for join events.
    EXPECT_EQ(ids(s.devices), (std::vector<std::string>{"cloud", "edge", "cam-0", "cam-1", "cam-2",
                                                        "phone", "tab-0", "tab-1"}));
    const GroupSpec* cam = s.find_group("cam");
    ASSERT_NE(cam, nullptr);
    EXPECT_EQ(cam->members, (std::vector<std::string>{"cam-0", "cam-1", "cam-2"}));
    EXPECT_EQ(cam->type, "raspberry-pi-4");
    EXPECT_EQ(cam->loc.line, 11);
    for (const char* id : {"cam-0", "cam-1", "cam-2"}) {
        const DeviceSpec* d = s.find_device(id);
        ASSERT_NE(d, nullptr) << id;
        EXPECT_EQ(d->group, "cam");
        EXPECT_EQ(d->type, "raspberry-pi-4");
        EXPECT_DOUBLE_EQ(*d->battery.capacity_c, 5000 * 3.6);  // mAh -> C
        EXPECT_DOUBLE_EQ(*d->battery.voltage_v, 3.7);
        EXPECT_DOUBLE_EQ(*d->battery.level_frac, 0.8);
        EXPECT_FALSE(d->battery.energy_j.has_value());
        EXPECT_EQ(d->dvfs.governor, DvfsSpec::Governor::Ondemand);
        EXPECT_FALSE(d->join_at_s.has_value());
    }
    // A single device is a group of one, with group == id.
    const DeviceSpec* phone = s.find_device("phone");
    ASSERT_NE(phone, nullptr);
    EXPECT_EQ(phone->group, "phone");
    EXPECT_DOUBLE_EQ(*phone->battery.energy_j, 36000.0);  // 10 Wh
    EXPECT_DOUBLE_EQ(*phone->battery.level_frac, 0.5);
    EXPECT_EQ(phone->dvfs.governor, DvfsSpec::Governor::Fixed);
    EXPECT_EQ(phone->dvfs.state, 0);
    ASSERT_NE(s.find_group("phone"), nullptr);
    EXPECT_EQ(s.find_group("phone")->members, std::vector<std::string>{"phone"});
    EXPECT_EQ(s.find_device("cam"), nullptr);  // a group is not a device
    EXPECT_EQ(s.find_device("cam-3"), nullptr);
}

TEST(Loader, LinksResolveGroupsToMembers) {
    const ScenarioSpec s = load(kFull);
    ASSERT_EQ(s.links.size(), 4u);  // three written + one from the join event
    const LinkSpec* wifi = find_link(s, "cam", "edge");
    ASSERT_NE(wifi, nullptr);
    EXPECT_EQ(wifi->from_devices, (std::vector<std::string>{"cam-0", "cam-1", "cam-2"}));
    EXPECT_EQ(wifi->to_devices, std::vector<std::string>{"edge"});
    EXPECT_EQ(wifi->kind, "wifi");
    EXPECT_TRUE(wifi->shared);
    EXPECT_DOUBLE_EQ(wifi->latency_s, 0.005);
    const LinkSpec* backbone = find_link(s, "edge", "cloud");
    ASSERT_NE(backbone, nullptr);
    EXPECT_DOUBLE_EQ(backbone->bandwidth_bps, 100e6);
    EXPECT_DOUBLE_EQ(backbone->latency_s, 0.040);
    EXPECT_EQ(backbone->kind, "wired");  // default
    EXPECT_FALSE(backbone->shared);
    EXPECT_FALSE(backbone->trace.has_value());
    const LinkSpec* lte = find_link(s, "phone", "edge");
    ASSERT_NE(lte, nullptr);
    EXPECT_DOUBLE_EQ(lte->bandwidth_bps, 16e6);  // 2 MBps = 16 Mbit/s
    EXPECT_EQ(lte->loc.line, 24);
}

TEST(Loader, TraceIsReadRelativeToTheScenarioInBitsPerSecond) {
    const ScenarioSpec s = load(kFull);
    const LinkSpec* wifi = find_link(s, "cam", "edge");
    ASSERT_NE(wifi, nullptr);
    ASSERT_TRUE(wifi->trace.has_value());
    const Trace& t = *wifi->trace;
    EXPECT_EQ(t.path, source_path("tests/data/good-scenarios/traces/wifi-steps.trace"));
    ASSERT_EQ(t.points.size(), 3u);
    EXPECT_DOUBLE_EQ(t.points[0].t_s, 0.0);
    EXPECT_DOUBLE_EQ(t.points[0].value, 20e6);
    EXPECT_DOUBLE_EQ(t.points[1].t_s, 30.0);
    EXPECT_DOUBLE_EQ(t.points[1].value, 5e6);
    EXPECT_DOUBLE_EQ(t.points[2].t_s, 60.5);
    EXPECT_DOUBLE_EQ(t.points[2].value, 1e6);
    ASSERT_TRUE(t.loop_after_s.has_value());
    EXPECT_DOUBLE_EQ(*t.loop_after_s, 30.0);
    // Only a trace: the initial bandwidth is the trace's first value.
    EXPECT_DOUBLE_EQ(wifi->bandwidth_bps, 20e6);
}

TEST(Loader, BandwidthHoldsUntilTheTracesFirstPoint) {
    const auto dir = a2iot::scenarios::testing::scratch_dir();
    std::ofstream(dir / "late.trace") << "10 4e6\n20 1e6\n";
    std::ofstream(dir / "zero.trace") << "0 3e6\n20 1e6\n";
    const std::string path = write_scenario(R"(name: t
duration: 60s
devices: [{id: a, type: edge-server}, {id: b, type: edge-server}, {id: c, type: edge-server}]
links:
  - {from: a, to: b, bandwidth: 8Mbps, trace: late.trace}
  - {from: a, to: c, bandwidth: 8Mbps, trace: zero.trace}
)");
    const ScenarioSpec s = load(path);
    ASSERT_EQ(s.links.size(), 2u);
    EXPECT_DOUBLE_EQ(s.links[0].bandwidth_bps, 8e6);  // the trace starts at 10 s
    EXPECT_DOUBLE_EQ(s.links[1].bandwidth_bps, 3e6);  // the trace's point at 0 s wins
}

TEST(Loader, TraceIsFoundFromAnotherWorkingDirectory) {
    const auto before = std::filesystem::current_path();
    std::filesystem::current_path(std::filesystem::temp_directory_path());
    EXPECT_NO_THROW(load(kFull));
    std::filesystem::current_path(before);
}

TEST(Loader, ModelsZooAndSynthetic) {
    const ScenarioSpec s = load(kFull);
    ASSERT_EQ(s.models.size(), 3u);
    const ModelSpec* lenet = s.find_model("lenet");
    ASSERT_NE(lenet, nullptr);
    EXPECT_EQ(lenet->variants, (std::vector<std::string>{"base", "l1-50", "admm-25"}));
    EXPECT_FALSE(lenet->synthetic.has_value());
    ASSERT_NE(s.find_model("vgg16"), nullptr);
    EXPECT_TRUE(s.find_model("vgg16")->variants.empty());  // = every variant of the card
    const ModelSpec* task = s.find_model("task200mi");
    ASSERT_NE(task, nullptr);
    ASSERT_TRUE(task->synthetic.has_value());
    EXPECT_DOUBLE_EQ(task->synthetic->flops, 2e8);
    EXPECT_DOUBLE_EQ(task->synthetic->input_bytes, 20e3);
    EXPECT_DOUBLE_EQ(task->synthetic->output_bytes, 2e3);
}

TEST(Loader, WorkloadsWithOptionalRequirements) {
    const ScenarioSpec s = load(kFull);
    ASSERT_EQ(s.workloads.size(), 2u);
    const WorkloadSpec& cams = s.workloads[0];
    EXPECT_EQ(cams.devices, "cam");
    EXPECT_EQ(cams.device_ids, (std::vector<std::string>{"cam-0", "cam-1", "cam-2"}));
    EXPECT_EQ(cams.model, "lenet");
    EXPECT_EQ(cams.arrival, WorkloadSpec::Arrival::Poisson);
    EXPECT_DOUBLE_EQ(cams.rate_per_s, 2.0);
    EXPECT_DOUBLE_EQ(*cams.deadline_s, 0.3);
    EXPECT_DOUBLE_EQ(*cams.min_accuracy, 0.85);
    EXPECT_FALSE(cams.energy_budget_j.has_value());
    EXPECT_DOUBLE_EQ(cams.start_s, 0.0);
    EXPECT_FALSE(cams.stop_s.has_value());
    // The second workload runs on devices that only exist after a join event.
    const WorkloadSpec& tabs = s.workloads[1];
    EXPECT_EQ(tabs.device_ids, (std::vector<std::string>{"tab-0", "tab-1"}));
    EXPECT_EQ(tabs.arrival, WorkloadSpec::Arrival::Periodic);
    EXPECT_DOUBLE_EQ(tabs.rate_per_s, 0.5);  // 30/min
    EXPECT_DOUBLE_EQ(*tabs.energy_budget_j, 2.0);
    EXPECT_DOUBLE_EQ(tabs.start_s, 400.0);
    EXPECT_DOUBLE_EQ(*tabs.stop_s, 500.0);
}

TEST(Loader, PolicyWithParamsAsWritten) {
    const ScenarioSpec s = load(kFull);
    EXPECT_EQ(s.policy.name, "neurosurgeon");
    EXPECT_EQ(s.policy.params,
              (std::map<std::string, std::string>{{"objective", "latency"}, {"margin", "10%"}}));
    EXPECT_EQ(s.policy.loc.line, 44);
}

TEST(Loader, EventsSortedByTimeStably) {
    const ScenarioSpec s = load(kFull);
    ASSERT_EQ(s.events.size(), 7u);
    std::vector<double> times;
    for (const auto& e : s.events) times.push_back(e.at_s);
    EXPECT_EQ(times, (std::vector<double>{120, 300, 300, 360, 400, 450, 500}));
    // The two events at 300 s keep their file order: the battery event is written first.
    EXPECT_EQ(s.events[1].kind, EventSpec::Kind::Device);
    EXPECT_EQ(s.events[1].device.id, "cam-1");
    EXPECT_DOUBLE_EQ(*s.events[1].device.battery_frac, 0.1);
    EXPECT_EQ(s.events[2].kind, EventSpec::Kind::Link);
    EXPECT_EQ(s.events[2].link.up, std::optional<bool>(false));
    EXPECT_FALSE(s.events[2].link.bandwidth_bps.has_value());
    EXPECT_LT(s.events[1].loc.line, s.events[2].loc.line);

    const EventSpec& drop = s.events[0];
    EXPECT_EQ(drop.kind, EventSpec::Kind::Link);
    EXPECT_EQ(drop.link.from, "edge");  // written reversed: a link is bidirectional
    EXPECT_EQ(drop.link.to, "cam");
    EXPECT_DOUBLE_EQ(*drop.link.bandwidth_bps, 2e6);
    EXPECT_EQ(s.events[3].device.on, std::optional<bool>(false));
    const EventSpec& shift = s.events[6];
    EXPECT_EQ(shift.kind, EventSpec::Kind::DomainShift);
    EXPECT_EQ(shift.domain_shift.kind, "brightness");
    EXPECT_DOUBLE_EQ(shift.domain_shift.severity, 0.5);
    EXPECT_EQ(shift.domain_shift.device_ids, (std::vector<std::string>{"cam-0", "cam-1", "cam-2"}));
}

TEST(Loader, JoinPreCreatesDevicesAndItsLink) {
    const ScenarioSpec s = load(kFull);
    const auto join = std::find_if(s.events.begin(), s.events.end(), [](const EventSpec& e) {
        return e.kind == EventSpec::Kind::Join;
    });
    ASSERT_NE(join, s.events.end());
    EXPECT_DOUBLE_EQ(join->at_s, 400.0);
    EXPECT_EQ(join->join.id, "tab");
    EXPECT_EQ(join->join.type, "redmi-k30");
    EXPECT_EQ(join->join.count, 2);
    EXPECT_EQ(join->join.device_ids, (std::vector<std::string>{"tab-0", "tab-1"}));
    EXPECT_EQ(join->join.link_to, "edge");
    EXPECT_DOUBLE_EQ(join->join.bandwidth_bps, 10e6);
    EXPECT_DOUBLE_EQ(join->join.latency_s, 0.010);
    EXPECT_EQ(join->join.link_kind, "wifi");  // default for a join
    for (const char* id : {"tab-0", "tab-1"}) {
        const DeviceSpec* d = s.find_device(id);
        ASSERT_NE(d, nullptr);
        EXPECT_EQ(d->group, "tab");
        EXPECT_EQ(d->type, "redmi-k30");
        ASSERT_TRUE(d->join_at_s.has_value());
        EXPECT_DOUBLE_EQ(*d->join_at_s, 400.0);
    }
    const LinkSpec* link = find_link(s, "tab", "edge");
    ASSERT_NE(link, nullptr);
    EXPECT_EQ(link->from_devices, (std::vector<std::string>{"tab-0", "tab-1"}));
    EXPECT_EQ(link->to_devices, std::vector<std::string>{"edge"});
    EXPECT_DOUBLE_EQ(link->bandwidth_bps, 10e6);
    // Join ids are group ids like any other (the device event at 450 s names tab-1).
    ASSERT_NE(s.find_group("tab"), nullptr);
}

TEST(Loader, SingleJoinWithoutCountIsOneDeviceNamedId) {
    const std::string path = write_scenario(R"(name: j
duration: 10s
devices: [{id: edge, type: edge-server}]
events:
  - {at: 5s, link: {from: edge, to: watch, bandwidth: 2Mbps}}
  - {at: 2s, join: {id: watch, type: xiaomi-watch, link: {to: edge, bandwidth: 1Mbps}}}
  - {at: 3s, device: {id: watch, battery: 50%}}
)");
    const ScenarioSpec s = load(path);
    EXPECT_EQ(ids(s.devices), (std::vector<std::string>{"edge", "watch"}));
    EXPECT_DOUBLE_EQ(*s.find_device("watch")->join_at_s, 2.0);
    ASSERT_EQ(s.events.size(), 3u);
    EXPECT_EQ(s.events[0].join.count, 1);
    EXPECT_EQ(s.events[0].join.device_ids, std::vector<std::string>{"watch"});
    // A link event written before the join still finds the join's link.
    EXPECT_EQ(s.events[2].kind, EventSpec::Kind::Link);
    EXPECT_DOUBLE_EQ(*s.events[2].link.bandwidth_bps, 2e6);
}

TEST(Loader, DefaultsOfAMinimalScenario) {
    const ScenarioSpec s = load(kMinimal);
    EXPECT_EQ(s.name, "minimal");
    EXPECT_EQ(s.seed, 1u);
    EXPECT_DOUBLE_EQ(s.duration_s, 1.0);
    EXPECT_EQ(s.network.model, "flow");
    EXPECT_DOUBLE_EQ(s.record.sample_interval_s, 1.0);
    ASSERT_EQ(s.devices.size(), 1u);
    EXPECT_EQ(s.devices[0].dvfs.governor, DvfsSpec::Governor::Default);
    EXPECT_FALSE(s.devices[0].battery.capacity_c.has_value());
    EXPECT_FALSE(s.devices[0].battery.level_frac.has_value());
    EXPECT_EQ(s.policy.name, "local");
    EXPECT_TRUE(s.policy.params.empty());
    EXPECT_TRUE(s.links.empty());
    EXPECT_TRUE(s.models.empty());
    EXPECT_TRUE(s.workloads.empty());
    EXPECT_TRUE(s.events.empty());
    EXPECT_TRUE(s.sweep.empty());
    EXPECT_TRUE(s.overrides.empty());
}

TEST(Loader, CountOfOneStillExpandsSoSweepsKeepTheirIds) {
    const std::string path = write_scenario(R"(name: c
duration: 10s
devices: [{id: cam, type: raspberry-pi-4, count: 1}]
)");
    EXPECT_EQ(ids(load(path).devices), std::vector<std::string>{"cam-0"});
}

TEST(Overrides, SetValuesBeforeValidation) {
    const ScenarioSpec s =
        load(kFull, {"devices.cam.count=5", "workload.0.rate=5/s", "policy=cloud",
                     "models.lenet.variants.1=l1-70", "events.2.link.bandwidth=1Mbps",
                     "network.model=ns3", "duration=20min"});
    EXPECT_EQ(s.find_group("cam")->members.size(), 5u);
    EXPECT_NE(s.find_device("cam-4"), nullptr);
    EXPECT_DOUBLE_EQ(s.workloads[0].rate_per_s, 5.0);
    EXPECT_EQ(s.policy.name, "cloud");
    EXPECT_TRUE(s.policy.params.empty());
    EXPECT_EQ(s.find_model("lenet")->variants[1], "l1-70");
    EXPECT_DOUBLE_EQ(*s.events[0].link.bandwidth_bps, 1e6);  // events.2 in the file is at 120 s
    EXPECT_EQ(s.network.model, "ns3");
    EXPECT_DOUBLE_EQ(s.duration_s, 1200.0);
    // policy=cloud is stored in runs.policy, not in the configuration's overrides.
    EXPECT_EQ(s.overrides.size(), 6u);
    EXPECT_EQ(s.set_overrides.size(), 7u);
}

TEST(Overrides, CreateKeysThatTheFileOmits) {
    const ScenarioSpec s = load(kMinimal, {"seed=99", "record.sample_interval=250ms"});
    EXPECT_EQ(s.seed, 99u);
    EXPECT_DOUBLE_EQ(s.record.sample_interval_s, 0.25);
}

TEST(Overrides, FillAnEmptySection) {
    // `record:` with no value is an error on its own; --set can give it a value.
    const std::string path = write_scenario(R"(name: e
duration: 5s
devices: [{id: a, type: edge-server}]
record:
)");
    EXPECT_FALSE(errors_of(path).empty());
    EXPECT_DOUBLE_EQ(load(path, {"record.sample_interval=2s"}).record.sample_interval_s, 2.0);
}

TEST(Overrides, BadValuesAndUnknownPathsAreErrors) {
    const auto errors =
        errors_of(kFull, {"workload.0.rate=-1/s", "colour=red", "devices.nope.count=3",
                          "no-equals-sign", "name.deeper=1"});
    // A value written by --set is blamed on the command line, not on the line it replaced.
    EXPECT_TRUE(any_contains(errors, "--set workload.0.rate=-1/s: workload.0.rate: got '-1/s'"))
        << errors[0];
    EXPECT_TRUE(
        any_contains(errors, "--set colour=red: colour: got 'colour', expected a known key"));
    EXPECT_TRUE(any_contains(errors, "devices.nope: got 'nope', expected an id, name or index"));
    EXPECT_TRUE(any_contains(errors, "--set: got 'no-equals-sign', expected KEY.PATH=VALUE"));
    EXPECT_TRUE(any_contains(errors, "name: got 'full-example', expected a map or list"));
    EXPECT_EQ(errors.size(), 5u);
}

TEST(Sweep, PointsAreTheCrossProductFirstAxisSlowest) {
    const ScenarioSpec s = load(kFull);
    ASSERT_EQ(s.sweep.size(), 2u);
    EXPECT_EQ(s.sweep[0].key, "policy");
    EXPECT_EQ(s.sweep[0].value_lines, (std::vector<int>{56, 56, 56}));
    const auto points = sweep_points(s);
    ASSERT_EQ(points.size(), 6u);
    const std::vector<std::vector<std::string>> want{
        {"policy=local", "devices.cam.count=3"},
        {"policy=local", "devices.cam.count=4"},
        {"policy=cloud", "devices.cam.count=3"},
        {"policy=cloud", "devices.cam.count=4"},
        {"policy=neurosurgeon", "devices.cam.count=3"},
        {"policy=neurosurgeon", "devices.cam.count=4"}};
    EXPECT_EQ(points, want);
    // Every point loads, and applies.
    for (const auto& p : points) {
        const ScenarioSpec point = load(kFull, p);
        EXPECT_EQ(point.policy.name, p[0].substr(7));
        EXPECT_EQ(std::to_string(point.find_group("cam")->members.size()), p[1].substr(18));
    }
}

TEST(Sweep, NoSweepIsOnePointWithoutOverrides) {
    const auto points = sweep_points(load(kMinimal));
    ASSERT_EQ(points.size(), 1u);
    EXPECT_TRUE(points[0].empty());
}

TEST(Sweep, AValueThatBreaksTheScenarioIsReportedAtItsLine) {
    // Shrinking cam to one member orphans the events on cam-1 and cam-2.
    std::ifstream in(kFull);
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    yaml.replace(yaml.find("[3, 4]"), 6, "[3, 1]");
    // The copy lives elsewhere: point it at the trace by absolute path.
    const std::string trace = "traces/wifi-steps.trace";
    yaml.replace(yaml.find(trace), trace.size(),
                 source_path("tests/data/good-scenarios/traces/wifi-steps.trace"));
    const std::string path = write_scenario(yaml);
    const auto errors = errors_of(path);
    EXPECT_TRUE(any_contains(errors,
                             ":57: sweep.devices.cam.count.1: got '1', expected a device "
                             "or group id"));
    // A point of the sweep is validated whole, without re-checking the other axis values.
    EXPECT_NO_THROW(load(path, {"policy=local", "devices.cam.count=3"}));
    EXPECT_FALSE(errors_of(path, {"policy=local", "devices.cam.count=1"}).empty());
}

TEST(Hash, StableHexOfBytesAndOverrides) {
    const ScenarioSpec a = load(kMinimal);
    EXPECT_EQ(a.hash, load(kMinimal).hash);
    ASSERT_EQ(a.hash.size(), 16u);
    EXPECT_EQ(a.hash.find_first_not_of("0123456789abcdef"), std::string::npos);
    // FNV-1a 64 of the file's bytes, computed here from its definition.
    std::ifstream in(kMinimal, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : bytes.str()) h = (h ^ c) * 1099511628211ULL;
    EXPECT_EQ(a.hash, fmt::format("{:016x}", h));

    // Overrides are part of the configuration; the seed is not (runs.seed holds it), so
    // replications of one configuration share a hash.
    const ScenarioSpec b = load(kMinimal, {"duration=2s"});
    EXPECT_NE(a.hash, b.hash);
    EXPECT_NE(b.hash, load(kMinimal, {"duration=3s"}).hash);
    EXPECT_EQ(a.hash, load(kMinimal, {"seed=3"}).hash);
    // A comment changes the bytes, so the hash: it identifies the exact input file.
    const std::string copy = write_scenario(bytes.str() + "# edited\n");
    EXPECT_NE(load(copy).hash, a.hash);
}

TEST(Errors, AllErrorsOfAFileAreCollectedInLineOrder) {
    const std::string path = write_scenario(R"(name: Bad Name
duration: -1s
devices:
  - {id: cam, type: raspberry-pi-9, count: 0}
  - {id: edge, type: edge-server, colour: blue}
links:
  - {from: cam, to: nowhere, bandwidth: 0Mbps}
workload:
  - {devices: edge, model: missing, rate: 2/s}
events:
  - {at: 5s, device: {id: ghost, state: off}}
)");
    try {
        load(path);
        FAIL() << "loaded";
    } catch (const ScenarioError& e) {
        std::vector<int> lines;
        for (const auto& err : e.errors()) lines.push_back(err.line());
        EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
        const std::string all = e.what();
        for (const char* fragment :
             {":1: name: got 'Bad Name'", ":2: duration: got '-1s'",
              ":4: devices.cam.type: got 'raspberry-pi-9'", ":4: devices.cam.count: got '0'",
              ":5: devices.edge.colour: got 'colour'", ":7: links.0.to: got 'nowhere'",
              ":7: links.0.bandwidth: got '0Mbps'", ":9: workload.0.model: got 'missing'",
              ":11: events.0.device.id: got 'ghost'"})
            EXPECT_NE(all.find(fragment), std::string::npos) << fragment << "\n" << all;
        // The group with errors is not reported again where it is used (links.0.from: cam).
        EXPECT_EQ(all.find("links.0.from"), std::string::npos) << all;
        EXPECT_EQ(e.errors().size(), 9u) << all;
    }
}

TEST(Errors, MissingFileAndFolder) {
    const auto missing = errors_of("/nonexistent/scenario.yaml");
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0],
              "/nonexistent/scenario.yaml:1: got '/nonexistent/scenario.yaml', expected a readable "
              "scenario file (No such file or directory)");
    const auto folder = errors_of(source_path("tests/data"));
    ASSERT_EQ(folder.size(), 1u);
    EXPECT_NE(folder[0].find("expected a scenario file (this is a folder)"), std::string::npos);
}

TEST(Errors, MultiLineValuesPrintOnOneLine) {
    const std::string path = write_scenario(
        "name: |\n  two\n  lines\nduration: 1s\n"
        "devices: [{id: a, type: edge-server}]\n");
    const auto errors = errors_of(path);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("name: got 'two\\nlines\\n'"), std::string::npos) << errors[0];
}

TEST(FactoryInspection, TheDefaultScenarioValidates) {
    const ScenarioSpec s = load(source_path("scenarios/factory-inspection.yaml"));
    EXPECT_EQ(s.name, "factory-inspection");
    EXPECT_DOUBLE_EQ(s.duration_s, 300.0);
    EXPECT_NE(s.find_group("cam"), nullptr);
    EXPECT_NE(s.find_model("lenet"), nullptr);
}

TEST(ShippedScenarios, EveryScenarioInTheRepositoryLoads) {
    // The teaching scenarios are documentation: each must stay valid as the format evolves.
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(source_path("scenarios"))) {
        if (entry.path().extension() != ".yaml") continue;
        ++count;
        try {
            const ScenarioSpec s = load(entry.path().string());
            EXPECT_EQ(entry.path().stem().string(), s.name) << "name differs from the file name";
            for (const auto& point : sweep_points(s)) EXPECT_NO_THROW(load(entry.path(), point));
        } catch (const ScenarioError& e) {
            ADD_FAILURE() << e.what();
        }
    }
    EXPECT_GE(count, 1);
}
