#include "sim/arrival_scheduler.hpp"

#include <queue>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <tuple>

#include "sim/request_workers.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

void ArrivalScheduler::operator()() {
    struct Next {
        double t_s;
        std::uint64_t seq;  // equal times keep insertion order: deterministic
        DeviceRuntime* device;
        WorkloadGenerator* gen;
        bool operator>(const Next& o) const { return std::tie(t_s, seq) > std::tie(o.t_s, o.seq); }
    };
    std::priority_queue<Next, std::vector<Next>, std::greater<>> heap;
    std::uint64_t seq = 0;
    for (auto& d : world_.devices)
        for (auto& g : d->generators)
            if (const double t = g->next_arrival_s(0.0); t >= 0)
                heap.push({t, seq++, d.get(), g.get()});
    while (!heap.empty()) {
        Next n = heap.top();
        heap.pop();
        if (n.t_s > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(n.t_s);
        DeviceRuntime& d = *n.device;
        if (world_.max_requests > 0 && world_.submitted >= world_.max_requests) {
            world_.request_cap_hit = true;
            world_.recorder->add(
                results::EventRow{sg4::Engine::get_clock(), "request_cap", "run",
                                  "arrivals stopped: " + std::to_string(world_.max_requests) +
                                      " requests submitted (--max-requests)"});
            break;
        }
        if (d.state == "on" && d.host->is_on()) world_.workers->submit(d, n.gen->spec());
        if (const double t = n.gen->next_arrival_s(n.t_s); t >= 0)
            heap.push({t, seq++, n.device, n.gen});
    }
    world_.workers->close();
}

}  // namespace a2iot::sim
