#pragma once
// The plain-data form of a scenario file (see ../shared/SCENARIO-FORMAT.md and docs/scenarios.md).
// scenarios::load() produces it; sim/ and the emulation runtime consume it. No YAML types leak
// out of this header so that consumers do not depend on yaml-cpp. All quantities are SI.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace a2iot::scenarios {

// Where a value came from, so that later stages (e.g. the simulator rejecting a model that is
// not in the card) can still report "file:line: key".
struct SourceLoc {
    std::string file;
    int line = 0;
};

struct BatteryOverride {
    std::optional<double> capacity_c;  // coulombs (from mAh/Ah)
    std::optional<double> energy_j;    // alternative to capacity_c (from Wh/J)
    std::optional<double> voltage_v;
    std::optional<double> level_frac;  // initial state of charge, default 1.0
};

struct DvfsSpec {
    enum class Governor { Default, Fixed, Ondemand, Powersave, Performance };
    Governor governor = Governor::Default;  // Default = the catalog's highest state, fixed
    int state = 0;                          // for Fixed: index into the catalog's pstates
};

// Scenario figures that replace the catalog's power figures for one device (or every member of a
// group): how a battery-powered device whose catalog power is unknown is made usable. busy/idle
// apply to every DVFS state; radio figures are keyed by the catalog's radio kind (wifi, lte, 3g,
// ble, ethernet).
struct PowerOverride {
    std::optional<double> busy_w;
    std::optional<double> idle_w;
    std::map<std::string, double> radio_tx_w;  // kind -> W
    std::map<std::string, double> radio_rx_w;
    SourceLoc loc;  // of the `power` key (line 0 when absent)
};

// Requests waiting for one host's cores beyond those running, by default.
inline constexpr int kDefaultQueueLimit = 64;
// A request still unfinished this long after submission is stopped (timed_out), by default: ten
// times its deadline when it has one, at most 60 s (the simulator's drain period).
inline constexpr double kDefaultTimeoutS = 60.0;
inline constexpr double kDeadlinesPerTimeout = 10.0;

// One concrete device. Groups are expanded: group "cam" with count 3 gives cam-0, cam-1, cam-2,
// each with group = "cam". A device written without count has group == id.
struct DeviceSpec {
    std::string id;
    std::string group;
    std::string type;  // a catalog id, checked by the loader
    BatteryOverride battery;
    DvfsSpec dvfs;
    PowerOverride power;
    // Requests that may wait for this host's cores beyond those running (`queue_limit`);
    // nullopt = unbounded (`queue_limit: none`), memory then bounded by the request timeout.
    std::optional<int> queue_limit = kDefaultQueueLimit;
    // Devices created by a join event exist from the start (hosts are pre-created) but are off
    // until join_at_s.
    std::optional<double> join_at_s;
    SourceLoc loc;
};

struct GroupSpec {
    std::string id;
    std::string type;
    std::vector<std::string> members;  // device ids, in index order
    SourceLoc loc;
};

struct TracePoint {
    double t_s = 0;
    double value = 0;  // bit/s for bandwidth traces
};

struct Trace {
    std::string path;  // absolute, resolved relative to the scenario file
    std::vector<TracePoint> points;
    std::optional<double> loop_after_s;  // LOOPAFTER in the SimGrid profile format
};

// A link as written. from/to may name a device or a group; a group means every member, and
// each (from member, to member) pair gets its own link unless `shared` is set, in which case
// all pairs share one medium (one SimGrid link), as stations on one WiFi access point do.
struct LinkSpec {
    std::string from;
    std::string to;
    std::vector<std::string> from_devices;  // resolved member ids
    std::vector<std::string> to_devices;
    double bandwidth_bps = 0;    // initial bandwidth (the trace's first value when only a trace)
    double latency_s = 0;        // one-way
    std::string kind = "wired";  // wired | wifi | lte | 3g | ble | ethernet
    bool shared = false;
    std::optional<Trace> trace;
    SourceLoc loc;
};

struct SyntheticSpec {
    double flops = 0;
    double input_bytes = 0;
    double output_bytes = 0;
};

struct ModelSpec {
    std::string name;
    std::vector<std::string> variants;  // empty = every variant in the card
    std::optional<SyntheticSpec> synthetic;
    // What the model is fed: the zoo's trained Fashion-MNIST variants (1x32x32), or `imagenet`:
    // the full-width architecture at 3x224x224 from the card's ImageNet profile (one variant,
    // `base`, accuracy unknown) for camera-sized workloads.
    std::string input = "fashion-mnist";
    SourceLoc loc;
};

struct WorkloadSpec {
    std::string devices;                  // device or group id as written
    std::vector<std::string> device_ids;  // resolved
    std::string model;
    enum class Arrival { Poisson, Periodic };
    Arrival arrival = Arrival::Poisson;
    double rate_per_s = 0;
    std::optional<double> deadline_s;
    std::optional<double> min_accuracy;
    std::optional<double> energy_budget_j;
    double start_s = 0;            // extension: when arrivals begin
    std::optional<double> stop_s;  // extension: when arrivals end (default: duration)
    // extension: a request is stopped (timed_out) this long after submission; the reader sets the
    // default, min(kDeadlinesPerTimeout x deadline, kDefaultTimeoutS)
    double timeout_s = kDefaultTimeoutS;
    SourceLoc loc;
};

struct PolicySpec {
    std::string name;
    // Scalars as written (YAML scalars); policies parse their own params and report bad ones
    // through common::InputError with the location below.
    std::map<std::string, std::string> params;
    SourceLoc loc;
};

struct LinkEvent {
    std::string from, to;  // as written: device or group ids
    std::optional<double> bandwidth_bps;
    std::optional<double> latency_s;
    std::optional<bool> up;  // extension: state: up|down
};

struct DeviceEvent {
    std::string id;  // device or group id
    std::optional<double> battery_frac;
    std::optional<bool> on;  // state: on | off
    std::optional<int> dvfs_state;
};

struct JoinEvent {
    std::string id;  // new device or group id
    std::string type;
    int count = 1;  // 1 = a single device named id; >1 = group id-0..id-(n-1)
    std::vector<std::string> device_ids;
    std::string link_to;
    double bandwidth_bps = 0;
    double latency_s = 0;
    std::string link_kind = "wifi";
};

struct DomainShiftEvent {
    std::string devices;
    std::vector<std::string> device_ids;
    std::string kind;     // brightness | noise | blur | rotation | ...
    double severity = 0;  // [0, 1]
};

struct EventSpec {
    enum class Kind { Link, Device, Join, DomainShift };
    double at_s = 0;
    Kind kind = Kind::Link;
    LinkEvent link;
    DeviceEvent device;
    JoinEvent join;
    DomainShiftEvent domain_shift;
    SourceLoc loc;
};

struct NetworkSpec {
    std::string model = "flow";  // flow | ns3
    SourceLoc loc;               // of the `network` key (line 0 when absent)
};

struct RecordSpec {
    double sample_interval_s = 1.0;  // extension: device_samples period
    SourceLoc loc;                   // of record.sample_interval (line 0 when absent)
};

struct SweepAxis {
    std::string key;                  // dotted path, e.g. "policy" or "devices.cam.count"
    std::vector<std::string> values;  // scalars as written
    SourceLoc loc;                    // where the key is written
    std::vector<int> value_lines;     // the line of each value, parallel to values
};

struct ScenarioSpec {
    std::string file;  // absolute path of the scenario
    std::string name;
    std::uint64_t seed = 1;
    double duration_s = 0;
    std::string hash;  // of the file's bytes plus `overrides`: identifies the configuration
    NetworkSpec network;
    RecordSpec record;
    std::vector<DeviceSpec> devices;  // expanded, including join-created devices (off at start)
    std::vector<GroupSpec> groups;    // every id usable as a group, including single devices
    std::vector<LinkSpec> links;      // including links of join events
    std::vector<ModelSpec> models;
    std::vector<WorkloadSpec> workloads;
    PolicySpec policy;
    std::vector<EventSpec> events;  // sorted by at_s, stable
    std::vector<SweepAxis> sweep;
    // The --set KEY=VALUE strings that make the configuration: all but the seed and the policy
    // name, which runs.seed and runs.policy hold.
    std::vector<std::string> overrides;
    std::vector<std::string> set_overrides;  // every --set as given, to blame errors on them

    const DeviceSpec* find_device(const std::string& id) const;
    const GroupSpec* find_group(const std::string& id) const;
    const ModelSpec* find_model(const std::string& name) const;
};

}  // namespace a2iot::scenarios
