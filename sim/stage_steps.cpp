#include "sim/stage_steps.hpp"

#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>

#include "sim/exec_slot.hpp"
#include "sim/radio_use.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

double send_bytes(DeviceRuntime& from, DeviceRuntime& to, std::int64_t bytes) {
    RadioUse tx(from, true), rx(to, false);
    const double t0 = sg4::Engine::get_clock();
    sg4::Comm::sendto_async(from.host, to.host, static_cast<std::uint64_t>(bytes))->wait();
    tx.release();
    rx.release();
    return sg4::Engine::get_clock() - t0;
}

double compute_on(DeviceRuntime& device, double flops) {
    ExecSlot slot(device);
    const double t0 = sg4::Engine::get_clock();
    sg4::Exec::init()->set_flops_amount(flops)->set_host(device.host)->start()->wait();
    slot.release();
    return sg4::Engine::get_clock() - t0;
}

}  // namespace a2iot::sim
