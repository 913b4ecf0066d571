#pragma once
// Runs requests on parked, reusable actors instead of one new actor per request.
//
// Creating and ending a SimGrid actor is the most expensive part of a cheap request: a stack is
// allocated and zero-filled, a context is made, and SimGrid 3.32 ends every actor by throwing
// ForcefulKillException to unwind its stack. Handing a request to a parked worker costs a
// semaphore release instead (measured: ~1 us against ~15 us for a fresh actor).
//
// What is kept: a request still runs in an actor on its device's host, so turning the device off
// kills it with the host exactly as before (DeviceControl::stop records it failed first). Each
// device has its own workers; a worker takes one request at a time and a request never waits
// for a worker (a new one is created when all are busy), so concurrency is unchanged. A handed
// over worker runs in the same scheduling round as a freshly created actor would, so request ids
// and rows are identical to the one-actor-per-request runtime.
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
