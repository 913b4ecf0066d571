#pragma once
// The two simulated steps every stage of a request is made of, shared by the request lifecycle
// and the fused-tile stage: a transfer between two devices (both radios draw while it runs) and a
// computation on one core of a device (counted as an active execution for its energy monitor).
// Both block the calling actor and return the simulated seconds they took; failures surface as
// SimGrid exceptions, and the guards inside restore the counters when an actor is killed.
#include <cstdint>

#include "sim/world.hpp"

namespace a2iot::sim {

double send_bytes(DeviceRuntime& from, DeviceRuntime& to, std::int64_t bytes);

double compute_on(DeviceRuntime& device, double flops);

}  // namespace a2iot::sim
