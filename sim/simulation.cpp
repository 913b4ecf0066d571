#include "sim/simulation.hpp"

#include <fmt/ranges.h>

#include <fmt/core.h>
#include <simgrid/plugins/energy.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <sstream>

#include "common/input_error.hpp"
#include "sim/arrival_scheduler.hpp"
#include "sim/bandwidth_estimator.hpp"
#include "sim/card_loader.hpp"
#include "sim/battery_extension.hpp"
#include "sim/device_control.hpp"
#include "sim/dvfs_governor.hpp"
#include "sim/event_timeline.hpp"
#include "sim/platform_builder.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/power_check.hpp"
#include "sim/request_workers.hpp"
#include "sim/static_route_zone.hpp"
#include "sim/workload_generator.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

namespace {

scenarios::PolicySpec policy_spec(const scenarios::ScenarioSpec& spec, const std::string& name) {
    if (name.empty() || name == spec.policy.name) return spec.policy;
    scenarios::PolicySpec p;  // a --policy override: the scenario's params belong to its policy
    p.name = name;
    p.loc = spec.policy.loc;
    return p;
}

}  // namespace

Simulation::Simulation(const scenarios::ScenarioSpec& spec, std::string policy,
                       const devices::Catalog& catalog)
    : spec_(spec), policy_(std::move(policy)), catalog_(catalog) {}

SimulationResult Simulation::run(results::Recorder& recorder,
                                 const std::function<void(double)>& progress) {
    // The validator runs this first; repeated here so that no runtime path simulates a battery
    // that cannot drain.
    if (auto errors = power_errors(spec_, catalog_); !errors.empty()) throw errors.front();
    // CM02 without TCP-gamma and cross-traffic is the plain max-min flow model: a lone transfer
    // takes latency + bytes / bandwidth exactly, which is what docs/simulation.md and the
    // closed-form tests state. LV08's default factors (0.97 bandwidth, 13.01 latency) model TCP
    // on wired Ethernet, which is not what the scenario links say.
    // Actor stacks: SimGrid zero-fills each stack when guard pages are off (calloc), once per
    // request actor, so the size is paid per request (6-10% of the scale benchmark at 64 KB).
    // The test suite, the scale benchmark and every shipped scenario x policy ran with 16 KB
    // stacks and a guard page (an overflow would crash), so 32 KB keeps a 2x margin. Guard pages
    // themselves cost two mprotect calls per actor, measured at +50-80% CPU, hence guard-size 0.
    std::vector<std::string> args = {"a2iot",
                                     "--cfg=network/model:CM02",
                                     "--cfg=network/crosstraffic:0",
                                     "--cfg=network/TCP-gamma:0",
                                     "--log=root.thresh:critical",
                                     "--cfg=contexts/stack-size:32",
                                     "--cfg=contexts/guard-size:0"};
    // Extra SimGrid flags for checks such as the stack-size one above (later flags win), e.g.
    // A2IOT_SIMGRID_ARGS="--cfg=contexts/stack-size:16 --cfg=contexts/guard-size:4096".
    if (const char* extra = std::getenv("A2IOT_SIMGRID_ARGS")) {
        std::istringstream words(extra);
        for (std::string w; words >> w;) args.push_back(w);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    int argc = static_cast<int>(argv.size());
    sg4::Engine engine(&argc, argv.data());
    sg_host_energy_plugin_init();

    World w;
    w.spec = &spec_;
    w.recorder = &recorder;
    const scenarios::PolicySpec pspec = policy_spec(spec_, policy_);
    w.policy = PolicyRegistry::create(PolicyParams(pspec));
    w.policy_name = pspec.name;
    for (const auto& m : spec_.models) w.cards.emplace(m.name, CardLoader::load(m));
    w.bandwidth = std::make_unique<BandwidthEstimator>();
    w.arrivals_end_s = spec_.duration_s;
    w.max_requests = max_requests_;
    w.end_s = spec_.duration_s + kDrainS;

    PlatformBuilder(w, catalog_).build();
    for (std::size_t wi = 0; wi < spec_.workloads.size(); ++wi) {
        const auto& wl = spec_.workloads[wi];
        for (const auto& id : wl.device_ids) {
            DeviceRuntime& d = w.device(id);
            d.generators.push_back(
                std::make_unique<WorkloadGenerator>(wl, spec_.seed, d.index, wi, w.arrivals_end_s));
        }
    }

    RequestWorkers workers(w);
    w.workers = &workers;
    DeviceControl control(w);
    EventTimeline timeline(w, control);
    const double interval =
        spec_.record.sample_interval_s > 0 ? spec_.record.sample_interval_s : spec_.duration_s;
    const long long interval_ns = std::max(1LL, std::llround(interval * 1e9));
    sg4::Actor::create("controller", w.controller, [&] {
        for (auto& d : w.devices) {
            if (d->state == "off")
                d->host->turn_off();  // joins later
            else
                control.start(*d);
        }
        sg4::Actor::create("arrivals", w.controller, ArrivalScheduler(w));
        bool ondemand = false;
        for (auto& d : w.devices)
            ondemand |= d->governor == scenarios::DvfsSpec::Governor::Ondemand;
        if (ondemand) sg4::Actor::create("dvfs", w.controller, DvfsGovernor(w));
        if (!spec_.events.empty()) sg4::Actor::create("timeline", w.controller, std::ref(timeline));
        // The sampler keeps the run alive until the scenario's duration even when idle.
        for (long k = 0;; ++k) {
            // k x interval in integer nanoseconds, so that the sample times are the times as
            // written (3 x 0.1 s is 0.3, not 0.30000000000000004).
            const double t = static_cast<double>(k * interval_ns) / 1e9;
            if (t > w.arrivals_end_s + 1e-9) break;
            if (t > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(t);
            for (auto& d : w.devices) control.sample(*d, t);  // the time as written
            if (progress) progress(t);
        }
    });

    // The watchdog is a daemon: it does not keep the run alive, so the run ends when the last
    // request finishes after the duration, or at the drain limit, whichever comes first.
    sg4::Actor::create("watchdog", w.controller, [&] {
        sg4::Actor::self()->daemonize();
        sg4::this_actor::sleep_until(w.end_s);
        control.fail_all_in_flight(
            fmt::format("unfinished at end of run ({} s drain after duration)", kDrainS));
        sg4::Actor::kill_all();
    });
    engine.run();
    const double end = sg4::Engine::get_clock();
    control.fail_all_in_flight("unfinished at end of run");
    for (auto& d : w.devices) control.sample(*d);
    if (progress) progress(end);
    SimulationResult r{w.submitted, w.ok, w.deadline_missed, w.failed, w.dropped, end};
    r.timed_out = w.timed_out;
    r.request_cap_hit = w.request_cap_hit;
    return r;
}

}  // namespace a2iot::sim
