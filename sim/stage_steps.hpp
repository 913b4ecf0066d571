#pragma once
// The two simulated steps every stage of a request is made of, shared by the request lifecycle
// and the fused-tile stage: a transfer between two devices (both radios, and those of the devices
// relaying it, draw while it runs) and a computation on one core of a device (counted as an
// active execution for its energy monitor). Both block the calling actor and return the simulated
// seconds they took; SimGrid failures surface as SimGrid exceptions, the runtime's own stops (full
// queue, timeout, dead relay) as StageStop. The guards inside restore the counters when an actor
// is killed. Both add the energy they draw on battery-powered devices to ctx.energy.
#include <cstdint>
#include <functional>
#include <simgrid/s4u/Comm.hpp>
#include <vector>

#include "sim/energy_tally.hpp"
#include "sim/stage_stop.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

// A transfer crossing relays: listed on each relay so that a relay going off cancels it.
struct RelayedTransfer {
    simgrid::s4u::CommPtr comm;
    const DeviceRuntime* cut_by = nullptr;  // the relay that went off, once cancelled
};

// observe(bytes, seconds): what the transfer achieved, for the bandwidth estimator; called when it
// completes and also when it times out (with the bytes sent so far), so that a link too slow
// to finish anything before the timeout still lowers the estimate.
using TransferObserver = std::function<void(double bytes, double duration_s)>;

double send_bytes(DeviceRuntime& from, DeviceRuntime& to, std::int64_t bytes,
                  const std::vector<DeviceRuntime*>& relays, const StageContext& ctx,
                  const TransferObserver& observe = {});

// A request's upload from its own device (its input, or a tile's crop): send_bytes, unless the
// device already sends 1 + queue_limit of them (the link's share is what they wait for), in
// which case the request is dropped ("send queue full at cam (64 waiting)").
double upload_bytes(DeviceRuntime& from, DeviceRuntime& to, std::int64_t bytes,
                    const std::vector<DeviceRuntime*>& relays, const StageContext& ctx,
                    const TransferObserver& observe = {});

double compute_on(DeviceRuntime& device, double flops, const StageContext& ctx);

// The power one more execution adds on a device: its marginal per-core power at the current DVFS
// state ((busy - idle) / cores). The idle baseline is drawn whatever the requests do.
double marginal_compute_w(const DeviceRuntime& device);

}  // namespace a2iot::sim
