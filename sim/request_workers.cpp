#include "sim/request_workers.hpp"

#include <algorithm>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Semaphore.hpp>
#include <utility>

#include "sim/request_lifecycle.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

struct RequestWorker {
    sg4::SemaphorePtr wake = sg4::Semaphore::create(0);
    sg4::Actor* actor = nullptr;                   // alive while parked (see host_off)
    DeviceRuntime* device = nullptr;               // whose request it runs, on whose host it is
    const scenarios::WorkloadSpec* job = nullptr;  // nullptr when woken to exit
};

void RequestWorkers::submit(DeviceRuntime& dev, const scenarios::WorkloadSpec& workload) {
    if (!parked_.empty()) {
        RequestWorker* w = parked_.back();  // the most recently used stack is still warm
        parked_.pop_back();
        if (w->device != &dev) {
            // Moves the parked actor to the device's host, so that it runs the device side
            // there and dies with that host like a request actor created there would.
            w->actor->set_host(dev.host);
            w->device = &dev;
        }
        w->job = &workload;
        w->wake->release();
        return;
    }
    auto w = std::make_shared<RequestWorker>();
    w->device = &dev;
    w->job = &workload;
    w->actor = sg4::Actor::create("req", dev.host, [this, w] { run(w); }).get();
}

void RequestWorkers::run(std::shared_ptr<RequestWorker> self) {
    for (;;) {
        const scenarios::WorkloadSpec* job = std::exchange(self->job, nullptr);
        if (!job) return;
        RequestLifecycle(world_, *self->device, *job)();
        if (closed_) return;
        parked_.push_back(self.get());
        self->wake->acquire();
    }
}

void RequestWorkers::host_off(DeviceRuntime& dev) {
    // Workers parked on that host die with it: they must not be handed a request again.
    std::erase_if(parked_, [&](const RequestWorker* w) { return w->device == &dev; });
}

void RequestWorkers::close() {
    closed_ = true;
    for (RequestWorker* w : parked_) {
        w->job = nullptr;
        w->wake->release();
    }
    parked_.clear();
}

}  // namespace a2iot::sim
