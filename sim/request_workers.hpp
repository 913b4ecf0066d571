#pragma once
// Runs requests on parked, reusable actors instead of one new actor per request.
//
// Creating and ending a SimGrid actor is the most expensive part of a cheap request: a stack is
// allocated and zero-filled, a context is made, and SimGrid 3.32 ends every actor by throwing
// ForcefulKillException to unwind its stack. Handing a request to a parked worker costs a
// semaphore release instead (a microbenchmark here: ~1 us against ~15 us for a fresh actor;
// the scale benchmark: -15% CPU per request).
//
// What is kept: a request still runs in an actor on its device's host (a parked worker is moved
// there with Actor::set_host before it is released), so turning the device off kills it with the
// host exactly as before (DeviceControl::stop records it failed first, and drops the workers
// parked on that host from the pool). A request never waits for a worker (a new one is created
// when none is parked), so concurrency is unchanged. A released worker runs in the same
// scheduling round as a freshly created actor would, so request ids and rows are identical to
// the one-actor-per-request runtime. One pool for all devices: it holds about as many actors as
// requests in flight at the peak; a pool per device kept 10,000 parked stacks at N = 10,000.
//
// Workers are ordinary (non-daemon) actors, as request actors were: the run goes on while one is
// busy. close() is called once no arrival is left: parked workers exit and busy ones exit after
// their request, so the run ends when the last request does.
#include <memory>
#include <vector>

#include "sim/world.hpp"

namespace a2iot::sim {

struct RequestWorker;

class RequestWorkers {
  public:
    explicit RequestWorkers(World& world) : world_(world) {}

    // Starts a request of `workload` on `dev` now (the device must be on).
    void submit(DeviceRuntime& dev, const scenarios::WorkloadSpec& workload);
    // The device's host is being turned off, which kills its workers: forget the parked ones.
    void host_off(DeviceRuntime& dev);
    // No more arrivals: parked workers exit now, busy ones after their request.
    void close();

  private:
    void run(std::shared_ptr<RequestWorker> self);
    World& world_;
    std::vector<RequestWorker*> parked_;  // idle workers, each on the host of its last device
    bool closed_ = false;
};

}  // namespace a2iot::sim
