// The classic edge-simulator workload at scale (docs/simulation.md, "Scale benchmark"):
// N terminals, N/100 edge servers (8 cores at 1e10 FLOP/s each) and one unused cloud; every
// terminal sends Poisson arrivals at 2/s of a synthetic 2e8-FLOP task (20 kB up, 2 kB down) to
// edge i mod E over a 100 Mbit/s WLAN shared by that edge's terminals. The platform is built in
// C++ (a builder for benchmarks only) because the edge figures are the benchmark's, not a
// catalog device's. Everything else is the production path: Simulation, policy, Recorder.
#include <fmt/core.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>

#include "devices/catalog.hpp"
#include "results/recorder.hpp"
#include "scenarios/scenario_spec.hpp"
#include "sim/simulation.hpp"

using namespace a2iot;

namespace {

devices::DeviceType make_type(const std::string& id, devices::DeviceClass c, int cores,
                              double flops_per_s) {
    devices::DeviceType t;
    t.id = id;
    t.name = id;
    t.device_class = c;
    t.cores = cores;
    t.memory_bytes = 64e9;
    devices::PState ps;
    ps.frequency_hz = 2e9;
    ps.flops_per_s = flops_per_s;
    ps.busy_w = 10;
    ps.idle_w = 5;
    t.pstates.push_back(ps);
    t.radios.push_back({"wifi", 1.0, 0.5, "benchmark figure"});
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"a2iot scale benchmark"};
    int n = 1000;
    double requests = 1e6;
    std::string db = "/tmp/a2iot-scale.db";
    app.add_option("-n,--terminals", n, "number of terminals (edges = n/100)");
    app.add_option("--requests", requests, "about this many requests in total");
    app.add_option("--db", db, "results database (recreated)");
    CLI11_PARSE(app, argc, argv);

    const int edges = std::max(1, n / 100);
    const double rate = 2.0;
    devices::Catalog catalog(
        {make_type("bench-terminal", devices::DeviceClass::Phone, 1, 1e9),
         make_type("bench-edge", devices::DeviceClass::EdgeServer, 8, 8e10),
         make_type("bench-cloud", devices::DeviceClass::CloudServer, 32, 32e10)});

    scenarios::ScenarioSpec spec;
    spec.file = "bench/scale";
    spec.name = fmt::format("scale-{}", n);
    spec.seed = 1;
    spec.duration_s = requests / (n * rate);
    spec.record.sample_interval_s = spec.duration_s;  // samples are not what is measured
    spec.devices.reserve(static_cast<std::size_t>(n + edges + 1));
    spec.devices.push_back({"cloud", "cloud", "bench-cloud", {}, {}, std::nullopt, {}});
    for (int e = 0; e < edges; ++e) {
        const std::string id = fmt::format("edge-{}", e);
        spec.devices.push_back({id, id, "bench-edge", {}, {}, std::nullopt, {}});
    }
    scenarios::WorkloadSpec wl;
    wl.devices = "t";
    wl.model = "task200mi";
    wl.arrival = scenarios::WorkloadSpec::Arrival::Poisson;
    wl.rate_per_s = rate;
    std::vector<scenarios::LinkSpec> links(static_cast<std::size_t>(edges));
    for (int e = 0; e < edges; ++e) {
        auto& l = links[static_cast<std::size_t>(e)];
        l.from = fmt::format("wlan-{}", e);
        l.to = fmt::format("edge-{}", e);
        l.to_devices = {l.to};
        l.bandwidth_bps = 100e6;
        l.latency_s = 0.005;
        l.kind = "wifi";
        l.shared = true;  // one WLAN per edge: its terminals contend for it
    }
    for (int i = 0; i < n; ++i) {
        const std::string id = fmt::format("t-{}", i);
        spec.devices.push_back({id, "t", "bench-terminal", {}, {}, std::nullopt, {}});
        links[static_cast<std::size_t>(i % edges)].from_devices.push_back(id);
        wl.device_ids.push_back(id);
    }
    spec.links = std::move(links);
    scenarios::ModelSpec m;
    m.name = "task200mi";
    m.synthetic = scenarios::SyntheticSpec{2e8, 20e3, 2e3};
    spec.models.push_back(m);
    spec.workloads.push_back(wl);
    spec.policy.name = "edge";

    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
    const auto t0 = std::chrono::steady_clock::now();
    results::Recorder rec(db);
    results::RunInfo info;
    info.scenario = spec.name;
    info.policy = "edge";
    rec.begin_run(info);
    sim::Simulation sim(spec, "edge", catalog);
    const auto r = sim.run(rec);
    rec.finish_run("complete", r.sim_time_s, 0);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print(
        "terminals={} edges={} duration_s={:.0f} requests={} ok={} missed={} failed={} "
        "dropped={} wall_s={:.2f} requests_per_s={:.0f}\n",
        n, edges, spec.duration_s, r.submitted, r.ok, r.deadline_missed, r.failed, r.dropped, wall,
        static_cast<double>(r.submitted) / wall);
    std::fflush(nullptr);
    _exit(0);  // the engine is not torn down: the Recorder is closed, the OS frees the rest
}
